/*
 * test_tz.c - zones from the installed tz database: offsets, days of 23 and
 * 25 hours, gaps and overlaps, midnight in a gap, the footer rule past the
 * last transition, the slot grid, bad names and corrupted TZif data.
 *
 * glibc (setenv TZ + localtime_r) serves as an oracle here, in the test
 * only; the code under test never touches the environment's zone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "caltime.h"
#include "tz.h"

#define HOUR 3600
#define DAY 86400

static porte_time utc(int y, int mo, int d, int h, int mi, int s)
{
	cal_datetime dt = {y, mo, d, h, mi, s};

	return cal_time_from_utc(dt);
}

static cal_datetime wall(int y, int mo, int d, int h, int mi, int s)
{
	cal_datetime dt = {y, mo, d, h, mi, s};

	return dt;
}

static cal_date day_of(int y, int mo, int d)
{
	cal_date r = {y, mo, d};

	return r;
}

static tz_zone *load(const char *name)
{
	tz_zone *z = NULL;
	char *cause = NULL;

	if (tz_load(name, &z, &cause) != 0)
		fail_msg("tz_load(%s): %s", name, cause ? cause : "?");
	assert_non_null(z);
	assert_string_equal(tz_name(z), name);
	return z;
}

static void assert_wall(const tz_zone *z, porte_time t, cal_datetime w)
{
	cal_datetime got = tz_to_local(z, t);

	assert_int_equal(got.year, w.year);
	assert_int_equal(got.month, w.month);
	assert_int_equal(got.day, w.day);
	assert_int_equal(got.hour, w.hour);
	assert_int_equal(got.minute, w.minute);
	assert_int_equal(got.second, w.second);
}

static int64_t day_length(const tz_zone *z, cal_date d)
{
	porte_time s = 0, e = 0;

	assert_int_equal(tz_day_bounds(z, d, &s, &e), 0);
	return e - s;
}

/* Reads a whole file into a malloc'd buffer. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = malloc(1 << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	assert_true(n > 44);
	*len = n;
	return buf;
}

static void test_paris_spring(void **state)
{
	tz_zone *z = load("Europe/Paris");
	porte_time a = 0, b = 0;
	porte_time jump = utc(2026, 3, 29, 1, 0, 0); /* 02:00 CET -> 03:00 */

	(void)state;
	assert_int_equal(tz_offset_at(z, jump - 1), HOUR);
	assert_int_equal(tz_offset_at(z, jump), 2 * HOUR);
	assert_wall(z, jump - 1, wall(2026, 3, 29, 1, 59, 59));
	assert_wall(z, jump, wall(2026, 3, 29, 3, 0, 0));

	assert_int_equal(tz_from_local(z, wall(2026, 3, 29, 2, 30, 0), &a, &b),
	                 TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, jump);
	assert_int_equal(b, jump);
	assert_int_equal(tz_from_local(z, wall(2026, 3, 29, 2, 0, 0), &a, &b),
	                 TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, jump);
	assert_int_equal(
	        tz_from_local(z, wall(2026, 3, 29, 2, 59, 59), &a, NULL),
	        TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, jump);

	assert_int_equal(tz_from_local(z, wall(2026, 3, 29, 1, 59, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, utc(2026, 3, 29, 0, 59, 0));
	assert_int_equal(b, a);
	assert_int_equal(tz_from_local(z, wall(2026, 3, 29, 3, 0, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, jump);
	assert_int_equal(b, jump);

	assert_int_equal(day_length(z, day_of(2026, 3, 29)), 23 * HOUR);
	assert_int_equal(tz_day_bounds(z, day_of(2026, 3, 29), &a, &b), 0);
	assert_int_equal(a, utc(2026, 3, 28, 23, 0, 0));
	assert_int_equal(b, utc(2026, 3, 29, 22, 0, 0));
	assert_int_equal(day_length(z, day_of(2026, 3, 28)), 24 * HOUR);
	assert_int_equal(day_length(z, day_of(2026, 3, 30)), 24 * HOUR);
	tz_free(z);
}

static void test_paris_autumn(void **state)
{
	tz_zone *z = load("Europe/Paris");
	porte_time a = 0, b = 0;
	porte_time back = utc(2026, 10, 25, 1, 0, 0); /* 03:00 CEST -> 02:00 */

	(void)state;
	assert_int_equal(tz_offset_at(z, back - 1), 2 * HOUR);
	assert_int_equal(tz_offset_at(z, back), HOUR);
	assert_wall(z, back - 1, wall(2026, 10, 25, 2, 59, 59));
	assert_wall(z, back, wall(2026, 10, 25, 2, 0, 0));

	assert_int_equal(tz_from_local(z, wall(2026, 10, 25, 2, 30, 0), &a, &b),
	                 TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(a, utc(2026, 10, 25, 0, 30, 0));
	assert_int_equal(b, utc(2026, 10, 25, 1, 30, 0));
	assert_int_equal(b - a, 3600);
	assert_int_equal(tz_from_local(z, wall(2026, 10, 25, 2, 0, 0), &a, &b),
	                 TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(a, back - HOUR);
	assert_int_equal(b, back);
	/* at and around the edges of the overlap */
	assert_int_equal(
	        tz_from_local(z, wall(2026, 10, 25, 1, 59, 59), &a, &b),
	        TZ_LOCAL_OK);
	assert_int_equal(a, back - HOUR - 1);
	assert_int_equal(
	        tz_from_local(z, wall(2026, 10, 25, 2, 59, 59), &a, &b),
	        TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(a, back - 1);
	assert_int_equal(b, back + HOUR - 1);
	assert_int_equal(tz_from_local(z, wall(2026, 10, 25, 3, 0, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, back + HOUR);
	assert_int_equal(b, a);

	assert_int_equal(day_length(z, day_of(2026, 10, 25)), 25 * HOUR);
	assert_int_equal(tz_day_bounds(z, day_of(2026, 10, 25), &a, &b), 0);
	assert_int_equal(a, utc(2026, 10, 24, 22, 0, 0));
	assert_int_equal(b, utc(2026, 10, 25, 23, 0, 0));
	tz_free(z);
}

static void test_ordinary_days(void **state)
{
	tz_zone *z = load("Europe/Paris");
	porte_time a = 0, b = 0;

	(void)state;
	assert_int_equal(day_length(z, day_of(2026, 6, 15)), 24 * HOUR);
	assert_int_equal(day_length(z, day_of(2026, 1, 15)), 24 * HOUR);
	assert_int_equal(tz_day_bounds(z, day_of(2026, 6, 15), &a, &b), 0);
	assert_int_equal(a, utc(2026, 6, 14, 22, 0, 0));
	assert_int_equal(tz_date_of(z, a).day, 15);
	assert_int_equal(tz_date_of(z, a - 1).day, 14);
	assert_int_equal(tz_minute_of_day(z, a), 0);
	assert_int_equal(tz_minute_of_day(z, b - 1), 1439);
	assert_int_equal(tz_minute_of_day(z, utc(2026, 6, 15, 7, 30, 59)),
	                 9 * 60 + 30);
	/* invalid dates and times: nothing written */
	a = 42;
	b = 43;
	assert_int_equal(tz_day_bounds(z, day_of(2026, 2, 29), &a, &b), -1);
	assert_int_equal(tz_day_bounds(z, day_of(1969, 12, 31), &a, &b), -1);
	assert_int_equal(tz_from_local(z, wall(2026, 2, 29, 10, 0, 0), &a, &b),
	                 TZ_LOCAL_INVALID);
	assert_int_equal(tz_from_local(z, wall(2026, 3, 1, 24, 0, 0), &a, &b),
	                 TZ_LOCAL_INVALID);
	assert_int_equal(tz_from_local(z, wall(2026, 3, 1, 10, 0, 60), &a, &b),
	                 TZ_LOCAL_INVALID);
	assert_int_equal(a, 42);
	assert_int_equal(b, 43);
	/* the ends of the calendar */
	assert_int_equal(day_length(z, day_of(1970, 1, 1)), 24 * HOUR);
	assert_int_equal(day_length(z, day_of(9999, 12, 31)), 24 * HOUR);
	tz_free(z);
}

static void test_new_york(void **state)
{
	tz_zone *z = load("America/New_York");
	porte_time a = 0, b = 0;

	(void)state;
	assert_int_equal(tz_from_local(z, wall(2026, 3, 8, 2, 30, 0), &a, &b),
	                 TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, utc(2026, 3, 8, 7, 0, 0));
	assert_int_equal(tz_from_local(z, wall(2026, 3, 8, 1, 59, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, utc(2026, 3, 8, 6, 59, 0));
	assert_int_equal(tz_from_local(z, wall(2026, 3, 8, 3, 0, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, utc(2026, 3, 8, 7, 0, 0));
	assert_int_equal(day_length(z, day_of(2026, 3, 8)), 23 * HOUR);

	assert_int_equal(tz_from_local(z, wall(2026, 11, 1, 1, 30, 0), &a, &b),
	                 TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(a, utc(2026, 11, 1, 5, 30, 0));
	assert_int_equal(b, utc(2026, 11, 1, 6, 30, 0));
	assert_int_equal(day_length(z, day_of(2026, 11, 1)), 25 * HOUR);
	assert_int_equal(day_length(z, day_of(2026, 11, 2)), 24 * HOUR);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 1, 12, 0, 0)), -4 * HOUR);
	assert_int_equal(tz_offset_at(z, utc(2026, 12, 1, 12, 0, 0)),
	                 -5 * HOUR);
	tz_free(z);
}

/* The fat files end in 2037: 2045 comes from the footer's rule. */
static void test_footer_rule_past_last_transition(void **state)
{
	tz_zone *paris = load("Europe/Paris");
	tz_zone *ny = load("America/New_York");
	porte_time a = 0, b = 0;

	(void)state;
	/* last Sunday of March 2045 is the 26th, of October the 29th */
	assert_int_equal(tz_offset_at(paris, utc(2045, 1, 15, 12, 0, 0)), HOUR);
	assert_int_equal(tz_offset_at(paris, utc(2045, 7, 1, 12, 0, 0)),
	                 2 * HOUR);
	assert_int_equal(tz_offset_at(paris, utc(2045, 3, 26, 1, 0, 0) - 1),
	                 HOUR);
	assert_int_equal(tz_offset_at(paris, utc(2045, 3, 26, 1, 0, 0)),
	                 2 * HOUR);
	assert_int_equal(tz_offset_at(paris, utc(2045, 10, 29, 1, 0, 0) - 1),
	                 2 * HOUR);
	assert_int_equal(tz_offset_at(paris, utc(2045, 10, 29, 1, 0, 0)), HOUR);
	assert_int_equal(
	        tz_from_local(paris, wall(2045, 3, 26, 2, 15, 0), &a, &b),
	        TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, utc(2045, 3, 26, 1, 0, 0));
	assert_int_equal(
	        tz_from_local(paris, wall(2045, 10, 29, 2, 15, 0), &a, &b),
	        TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(b - a, HOUR);
	assert_int_equal(day_length(paris, day_of(2045, 3, 26)), 23 * HOUR);
	assert_int_equal(day_length(paris, day_of(2045, 10, 29)), 25 * HOUR);
	/* far ahead, and across the year boundary of the rule */
	assert_int_equal(tz_offset_at(paris, utc(2399, 12, 31, 23, 30, 0)),
	                 HOUR);
	assert_int_equal(tz_offset_at(paris, utc(9999, 7, 1, 0, 0, 0)),
	                 2 * HOUR);
	/* New York 2045: second Sunday of March is the 12th */
	assert_int_equal(tz_offset_at(ny, utc(2045, 3, 12, 7, 0, 0) - 1),
	                 -5 * HOUR);
	assert_int_equal(tz_offset_at(ny, utc(2045, 3, 12, 7, 0, 0)),
	                 -4 * HOUR);
	assert_int_equal(day_length(ny, day_of(2045, 3, 12)), 23 * HOUR);
	tz_free(paris);
	tz_free(ny);
}

static void test_utc(void **state)
{
	tz_zone *z = load("UTC");
	porte_time a = 0, b = 0;

	(void)state;
	for (porte_time t = -DAY; t < utc(2100, 1, 1, 0, 0, 0);
	     t += 7 * DAY + 12345) {
		cal_datetime u = cal_utc_from_time(t);

		assert_int_equal(tz_offset_at(z, t), 0);
		assert_wall(z, t, u);
	}
	assert_int_equal(tz_from_local(z, wall(2026, 3, 29, 2, 30, 0), &a, &b),
	                 TZ_LOCAL_OK);
	assert_int_equal(a, utc(2026, 3, 29, 2, 30, 0));
	assert_int_equal(day_length(z, day_of(2026, 3, 29)), 24 * HOUR);
	assert_int_equal(tz_day_bounds(z, day_of(2026, 3, 29), &a, &b), 0);
	assert_int_equal(a, utc(2026, 3, 29, 0, 0, 0));
	/* extreme instants do not overflow */
	assert_int_equal(tz_offset_at(z, INT64_MAX), 0);
	assert_int_equal(tz_offset_at(z, INT64_MIN), 0);
	(void)tz_to_local(z, INT64_MAX);
	(void)tz_to_local(z, INT64_MIN);
	assert_true(tz_grid_floor(z, INT64_MAX, 30) <= INT64_MAX);
	assert_true(tz_grid_ceil(z, INT64_MIN, 30) >= INT64_MIN);
	tz_free(z);
}

/*
 * Havana springs forward at midnight (00:00 CST -> 01:00 CDT): the day
 * starts at the transition. Beirut does the same; Santiago springs forward
 * at 24:00 on Saturday and falls back at 24:00 to Saturday 23:00.
 */
static void test_midnight_in_gap(void **state)
{
	tz_zone *havana = load("America/Havana");
	tz_zone *beirut = load("Asia/Beirut");
	tz_zone *santiago = load("America/Santiago");
	porte_time a = 0, b = 0;

	(void)state;
	assert_int_equal(
	        tz_from_local(havana, wall(2026, 3, 8, 0, 0, 0), &a, &b),
	        TZ_LOCAL_NONEXISTENT);
	assert_int_equal(a, utc(2026, 3, 8, 5, 0, 0));
	assert_int_equal(tz_day_bounds(havana, day_of(2026, 3, 8), &a, &b), 0);
	assert_int_equal(a, utc(2026, 3, 8, 5, 0, 0));
	assert_int_equal(b, utc(2026, 3, 9, 4, 0, 0));
	assert_int_equal(b - a, 23 * HOUR);
	assert_wall(havana, a, wall(2026, 3, 8, 1, 0, 0));
	assert_wall(havana, a - 1, wall(2026, 3, 7, 23, 59, 59));
	assert_int_equal(tz_day_bounds(havana, day_of(2026, 3, 7), &a, &b), 0);
	assert_int_equal(b, utc(2026, 3, 8, 5, 0, 0));
	assert_int_equal(b - a, 24 * HOUR);
	/* autumn: 01:00 CDT -> 00:00 CST, midnight twice, 25 h */
	assert_int_equal(
	        tz_from_local(havana, wall(2026, 11, 1, 0, 0, 0), &a, &b),
	        TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(a, utc(2026, 11, 1, 4, 0, 0));
	assert_int_equal(b, utc(2026, 11, 1, 5, 0, 0));
	assert_int_equal(day_length(havana, day_of(2026, 11, 1)), 25 * HOUR);
	assert_int_equal(tz_day_bounds(havana, day_of(2026, 11, 1), &a, &b), 0);
	assert_int_equal(a, utc(2026, 11, 1, 4, 0, 0));
	/* the same through the footer's rule */
	assert_int_equal(tz_day_bounds(havana, day_of(2045, 3, 12), &a, &b), 0);
	assert_int_equal(a, utc(2045, 3, 12, 5, 0, 0));
	assert_int_equal(b - a, 23 * HOUR);

	assert_int_equal(tz_day_bounds(beirut, day_of(2026, 3, 29), &a, &b), 0);
	assert_int_equal(a, utc(2026, 3, 28, 22, 0, 0));
	assert_int_equal(b - a, 23 * HOUR);
	assert_wall(beirut, a, wall(2026, 3, 29, 1, 0, 0));
	/* Beirut falls back from 00:00 to 23:00 the day before */
	assert_int_equal(day_length(beirut, day_of(2026, 10, 24)), 25 * HOUR);
	assert_int_equal(day_length(beirut, day_of(2026, 10, 25)), 24 * HOUR);

	assert_int_equal(tz_day_bounds(santiago, day_of(2026, 9, 6), &a, &b),
	                 0);
	assert_int_equal(a, utc(2026, 9, 6, 4, 0, 0));
	assert_wall(santiago, a, wall(2026, 9, 6, 1, 0, 0));
	assert_int_equal(b - a, 23 * HOUR);
	assert_int_equal(day_length(santiago, day_of(2026, 9, 5)), 24 * HOUR);
	assert_int_equal(tz_day_bounds(santiago, day_of(2026, 4, 4), &a, &b),
	                 0);
	assert_int_equal(a, utc(2026, 4, 4, 3, 0, 0));
	assert_int_equal(b, utc(2026, 4, 5, 4, 0, 0));
	assert_int_equal(b - a, 25 * HOUR);
	tz_free(havana);
	tz_free(beirut);
	tz_free(santiago);
}

/* Brute force: scan whole minutes (the zones' offsets are whole minutes). */
static porte_time slow_floor(const tz_zone *z, porte_time t, int step)
{
	porte_time c = t - ((t % 60) + 60) % 60;

	while (!tz_on_grid(z, c, step))
		c -= 60;
	return c;
}

static porte_time slow_ceil(const tz_zone *z, porte_time t, int step)
{
	porte_time c = t + (60 - ((t % 60) + 60) % 60) % 60;

	while (!tz_on_grid(z, c, step))
		c += 60;
	return c;
}

static void check_grid_around(const tz_zone *z, porte_time center)
{
	static const int steps[] = {15, 30, 7, 60, 1440};

	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		int step = steps[k];

		for (porte_time t = center - 6 * HOUR; t <= center + 6 * HOUR;
		     t += 7 * 60 + 13) {
			porte_time f = tz_grid_floor(z, t, step);
			porte_time c = tz_grid_ceil(z, t, step);

			assert_int_equal(f, slow_floor(z, t, step));
			assert_int_equal(c, slow_ceil(z, t, step));
			assert_true(tz_on_grid(z, f, step));
			assert_true(tz_on_grid(z, c, step));
			assert_int_equal(tz_grid_floor(z, f, step), f);
			assert_int_equal(tz_grid_ceil(z, c, step), c);
		}
	}
}

static void test_grid_paris(void **state)
{
	tz_zone *z = load("Europe/Paris");
	porte_time jump = utc(2026, 3, 29, 1, 0, 0);
	porte_time back = utc(2026, 10, 25, 1, 0, 0);

	(void)state;
	/* spring: 01:30 CET, then 03:00 CEST; 02:00 and 02:30 do not exist */
	assert_true(tz_on_grid(z, jump, 30));
	assert_true(tz_on_grid(z, jump - 30 * 60, 30));
	assert_false(tz_on_grid(z, jump - 15 * 60, 30));
	assert_true(tz_on_grid(z, jump - 15 * 60, 15));
	assert_false(tz_on_grid(z, jump + 1, 30));
	assert_int_equal(tz_grid_floor(z, jump - 1, 30), jump - 30 * 60);
	assert_int_equal(tz_grid_floor(z, jump, 30), jump);
	assert_int_equal(tz_grid_floor(z, jump + 29 * 60, 30), jump);
	assert_int_equal(tz_grid_ceil(z, jump - 10 * 60, 30), jump);
	assert_int_equal(tz_grid_ceil(z, jump - 10 * 60, 15), jump);
	assert_int_equal(tz_grid_ceil(z, jump - 20 * 60, 15), jump - 15 * 60);
	assert_int_equal(tz_grid_ceil(z, jump + 1, 15), jump + 15 * 60);
	/* autumn: 02:00..02:59 twice */
	assert_int_equal(tz_grid_floor(z, back + 10 * 60, 30), back);
	assert_int_equal(tz_grid_floor(z, back - 1, 30), back - 30 * 60);
	assert_int_equal(tz_grid_floor(z, back - 1, 15), back - 15 * 60);
	assert_int_equal(tz_grid_ceil(z, back - 1, 30), back);
	assert_int_equal(tz_grid_ceil(z, back - 20 * 60, 15), back - 15 * 60);
	assert_int_equal(tz_grid_ceil(z, back + 1, 30), back + 30 * 60);
	/* a midnight grid of one day a step */
	assert_int_equal(tz_grid_floor(z, jump + 5 * HOUR, 1440),
	                 utc(2026, 3, 28, 23, 0, 0));
	assert_int_equal(tz_grid_ceil(z, jump, 1440),
	                 utc(2026, 3, 29, 22, 0, 0));
	/* a step that does not divide the day restarts at midnight */
	assert_int_equal(tz_grid_floor(z, utc(2026, 6, 15, 21, 59, 0), 7),
	                 utc(2026, 6, 15, 21, 55, 0));
	assert_int_equal(tz_grid_ceil(z, utc(2026, 6, 15, 21, 56, 0), 7),
	                 utc(2026, 6, 15, 22, 0, 0));
	check_grid_around(z, jump);
	check_grid_around(z, back);
	check_grid_around(z, utc(2045, 3, 26, 1, 0, 0));
	tz_free(z);
}

static void test_grid_other_zones(void **state)
{
	tz_zone *lh = load("Australia/Lord_Howe");
	tz_zone *havana = load("America/Havana");
	tz_zone *kolkata = load("Asia/Kolkata");
	porte_time jump = utc(2026, 10, 3, 15, 30, 0); /* 02:00 -> 02:30 */
	porte_time midnight_gap = utc(2026, 3, 8, 5, 0, 0);

	(void)state;
	/* Lord Howe moves 30 minutes: 02:00..02:29 do not exist */
	assert_int_equal(tz_offset_at(lh, jump - 1), 10 * HOUR + 30 * 60);
	assert_int_equal(tz_offset_at(lh, jump), 11 * HOUR);
	assert_true(tz_on_grid(lh, jump, 30));
	assert_int_equal(tz_grid_ceil(lh, jump - 10 * 60, 30), jump);
	assert_int_equal(tz_grid_ceil(lh, jump - 10 * 60, 15), jump);
	assert_int_equal(tz_grid_floor(lh, jump - 1, 15), jump - 15 * 60);
	check_grid_around(lh, jump);
	check_grid_around(lh, utc(2026, 4, 4, 15, 0, 0));
	/* midnight does not exist: the day grid skips that day */
	assert_false(tz_on_grid(havana, midnight_gap, 1440));
	assert_true(tz_on_grid(havana, midnight_gap, 60));
	assert_int_equal(tz_grid_floor(havana, midnight_gap + 3 * HOUR, 1440),
	                 utc(2026, 3, 7, 5, 0, 0));
	assert_int_equal(tz_grid_ceil(havana, midnight_gap - HOUR, 1440),
	                 utc(2026, 3, 9, 4, 0, 0));
	check_grid_around(havana, midnight_gap);
	check_grid_around(havana, utc(2026, 11, 1, 5, 0, 0));
	/* half-hour offset: the grid follows the wall clock */
	assert_true(tz_on_grid(kolkata, utc(2026, 6, 1, 4, 30, 0), 60));
	assert_false(tz_on_grid(kolkata, utc(2026, 6, 1, 4, 0, 0), 60));
	check_grid_around(kolkata, utc(2026, 6, 1, 0, 0, 0));
	tz_free(lh);
	tz_free(havana);
	tz_free(kolkata);
}

static void test_grid_bad_step(void **state)
{
	tz_zone *z = load("Europe/Paris");
	porte_time t = utc(2026, 6, 15, 10, 7, 3);

	(void)state;
	/* no grid: T comes back unchanged, and nothing is on it */
	assert_int_equal(tz_grid_floor(z, t, 0), t);
	assert_int_equal(tz_grid_ceil(z, t, 0), t);
	assert_int_equal(tz_grid_floor(z, t, -30), t);
	assert_int_equal(tz_grid_ceil(z, t, 1441), t);
	assert_false(tz_on_grid(z, utc(2026, 6, 15, 22, 0, 0), 0));
	assert_false(tz_on_grid(z, utc(2026, 6, 15, 22, 0, 0), 1441));
	assert_true(tz_on_grid(z, utc(2026, 6, 15, 22, 0, 0), 1440));
	/* step 1: every whole minute */
	assert_int_equal(tz_grid_floor(z, t, 1), t - 3);
	assert_int_equal(tz_grid_ceil(z, t, 1), t + 57);
	tz_free(z);
}

static void expect_load_error(const char *name, const char *want)
{
	tz_zone *z = (tz_zone *)&z; /* a sentinel: must stay untouched */
	tz_zone *before = z;
	char *cause = NULL;

	assert_int_equal(tz_load(name, &z, &cause), -1);
	assert_ptr_equal(z, before);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("cause \"%s\" lacks \"%s\"", cause, want);
	free(cause);
	/* a NULL cause is accepted */
	assert_int_equal(tz_load(name, &z, NULL), -1);
}

static void test_load_bad_names(void **state)
{
	char long_name[201];

	(void)state;
	expect_load_error("../etc/passwd", "'..'");
	expect_load_error("Europe/../../etc/passwd", "'..'");
	expect_load_error("/etc/passwd", "starts with '/'");
	expect_load_error("", "empty");
	expect_load_error(NULL, "empty");
	expect_load_error("Europe/Pariss", "unknown time zone 'Europe/Pariss'");
	expect_load_error("Europe/Paris ", "not allowed");
	expect_load_error("Europe/Par\nis", "not allowed");
	expect_load_error("Europe\\Paris", "not allowed");
	expect_load_error("zone.tab", "not allowed");
	expect_load_error("Europe//Paris", "empty path component");
	expect_load_error("Europe/Paris/", "empty path component");
	expect_load_error("Europe", "unknown time zone 'Europe'");
	expect_load_error("leapseconds", "not a TZif file");
	expect_load_error("right/Europe/Paris", "leap-second");
	memset(long_name, 'A', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	expect_load_error(long_name, "longer than 64 bytes");
	/* 64 bytes is allowed (and unknown), 65 is not */
	long_name[64] = '\0';
	expect_load_error(long_name, "unknown time zone");
	long_name[64] = 'A';
	long_name[65] = '\0';
	expect_load_error(long_name, "longer than 64 bytes");
}

/* $TZDIR is honoured; an oversized file is refused. */
static void test_load_tzdir(void **state)
{
	char dir[] = "/tmp/porte-tz-XXXXXX";
	char path[256];
	const char *old = getenv("TZDIR");
	char *saved = old ? strdup(old) : NULL;
	unsigned char *paris;
	size_t len;
	tz_zone *z = NULL;
	char *cause = NULL;
	FILE *f;

	(void)state;
	paris = slurp("/usr/share/zoneinfo/Europe/Paris", &len);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/Test", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/Test/Zone", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(paris, 1, len, f), len);
	fclose(f);
	snprintf(path, sizeof(path), "%s/Big", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(paris, 1, len, f), len);
	for (int i = 0; i < 1100; i++) {
		static const unsigned char zeros[1024];

		assert_int_equal(fwrite(zeros, 1, sizeof(zeros), f),
		                 sizeof(zeros));
	}
	fclose(f);

	setenv("TZDIR", dir, 1);
	assert_int_equal(tz_load("Test/Zone", &z, &cause), 0);
	assert_string_equal(tz_name(z), "Test/Zone");
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), 2 * HOUR);
	tz_free(z);
	assert_int_equal(tz_load("Big", &z, &cause), -1);
	assert_non_null(strstr(cause, "larger than"));
	free(cause);
	cause = NULL;
	assert_int_equal(tz_load("Europe/Paris", &z, &cause), -1);
	assert_non_null(strstr(cause, "unknown time zone"));
	free(cause);
	if (saved != NULL)
		setenv("TZDIR", saved, 1);
	else
		unsetenv("TZDIR");
	free(saved);

	snprintf(path, sizeof(path), "%s/Test/Zone", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/Test", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/Big", dir);
	unlink(path);
	rmdir(dir);
	free(paris);
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/* Whatever a parsed zone is, these hold: they must not crash either. */
static void exercise_zone(const tz_zone *z)
{
	static const porte_time probes[] = {
	        -2000000000LL, 0,
	        1000000000LL,  1774746000LL,
	        1792890000LL,  2140045200LL,
	        2374102800LL,
	};

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		porte_time t = probes[i], a = 0, b = 0, f, c;
		int off = tz_offset_at(z, t);
		cal_datetime w = tz_to_local(z, t);
		tz_local_result r;

		assert_true(off >= -26 * HOUR && off <= 26 * HOUR);
		w.second = 0;
		if (!cal_datetime_valid(w))
			continue;
		r = tz_from_local(z, w, &a, &b);
		assert_true(r == TZ_LOCAL_OK || r == TZ_LOCAL_AMBIGUOUS ||
		            r == TZ_LOCAL_NONEXISTENT);
		if (r != TZ_LOCAL_NONEXISTENT) {
			assert_int_equal(cal_time_from_utc(tz_to_local(z, a)),
			                 cal_time_from_utc(w));
			assert_int_equal(cal_time_from_utc(tz_to_local(z, b)),
			                 cal_time_from_utc(w));
		}
		(void)tz_day_bounds(z, day_of(w.year, w.month, w.day), &a, &b);
		f = tz_grid_floor(z, t, 30);
		c = tz_grid_ceil(z, t, 30);
		assert_true(f <= t && t <= c);
		assert_true(tz_on_grid(z, f, 30) || f == t);
		assert_true(tz_on_grid(z, c, 30) || c == t);
	}
}

static void test_parse_truncated_and_corrupted(void **state)
{
	static const char *const zones[] = {"Europe/Paris", "Asia/Kolkata",
	                                    "UTC"};
	uint64_t seed = 0x5eed1234abcdULL;
	int parsed = 0, refused = 0;

	(void)state;
	for (size_t k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		char path[128];
		unsigned char *data, *copy;
		size_t len;
		tz_zone *z = NULL;
		char *cause = NULL;

		snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s",
		         zones[k]);
		data = slurp(path, &len);
		assert_int_equal(tz_parse(zones[k], data, len, &z, &cause), 0);
		exercise_zone(z);
		tz_free(z);
		/* every truncation of a v2+ file loses the footer's end */
		for (size_t n = 0; n < len; n++) {
			copy = malloc(n > 0 ? n : 1);
			assert_non_null(copy);
			memcpy(copy, data, n);
			z = NULL;
			cause = NULL;
			if (tz_parse(zones[k], copy, n, &z, &cause) != -1)
				fail_msg("%s truncated to %zu accepted",
				         zones[k], n);
			assert_null(z);
			assert_non_null(cause);
			free(cause);
			free(copy);
		}
		/* random byte flips, 1 to 4 at a time */
		copy = malloc(len);
		assert_non_null(copy);
		for (int it = 0; it < 3000; it++) {
			int flips = 1 + (int)(rng_next(&seed) % 4);

			memcpy(copy, data, len);
			for (int f = 0; f < flips; f++) {
				size_t at = rng_next(&seed) % len;

				/* half the time aim at the headers' counts */
				if (it % 2 == 0 && at % 3 == 0)
					at = 20 + rng_next(&seed) % 24;
				copy[at] ^=
				        (unsigned char)(1 +
				                        rng_next(&seed) % 255);
			}
			z = NULL;
			cause = NULL;
			if (tz_parse(zones[k], copy, len, &z, &cause) == 0) {
				assert_non_null(z);
				exercise_zone(z);
				tz_free(z);
				parsed++;
			} else {
				assert_null(z);
				assert_non_null(cause);
				free(cause);
				refused++;
			}
		}
		free(copy);
		free(data);
	}
	/* both outcomes happened: the flips reach past the checks */
	assert_true(parsed > 100);
	assert_true(refused > 100);
}

static void test_parse_bad_arguments(void **state)
{
	static const unsigned char junk[64] = "TZif2 and then nothing useful";
	char name[80];
	tz_zone *z = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(tz_parse("X", NULL, 10, &z, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(tz_parse(NULL, junk, sizeof(junk), &z, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(tz_parse(name, junk, sizeof(junk), &z, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(tz_parse("X", junk, sizeof(junk), &z, &cause), -1);
	assert_non_null(strstr(cause, "TZif"));
	free(cause);
	assert_int_equal(tz_parse("X", junk, 0, &z, NULL), -1);
	assert_null(z);
}

/* ---- hand-built TZif files: the v1 path and footer strings ---- */

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put64(unsigned char *p, int64_t v)
{
	put32(p, (uint32_t)((uint64_t)v >> 32));
	put32(p + 4, (uint32_t)v);
}

/*
 * Writes a TZif file into BUF (at least 512 bytes): VERSION ('2', '3' or 0),
 * one block (v1) or two (v2+), N transitions AT[] to types TYPE[] among
 * NT types of offsets OFF[], then FOOTER. Returns its length.
 */
static size_t build_tzif(unsigned char *buf, char version, int n,
                         const int64_t *at, const unsigned char *type, int nt,
                         const int32_t *off, const char *footer)
{
	size_t pos = 0;
	int blocks = version == 0 ? 1 : 2;

	for (int b = 0; b < blocks; b++) {
		int ts = (blocks == 2 && b == 0) ? 4 : (blocks == 2 ? 8 : 4);
		int cnt = (blocks == 2 && b == 0) ? 0 : n;

		memset(buf + pos, 0, 44);
		memcpy(buf + pos, "TZif", 4);
		buf[pos + 4] = (unsigned char)version;
		put32(buf + pos + 32, (uint32_t)cnt);
		put32(buf + pos + 36, (uint32_t)nt);
		put32(buf + pos + 40, 4);
		pos += 44;
		for (int i = 0; i < cnt; i++) {
			if (ts == 8)
				put64(buf + pos, at[i]);
			else
				put32(buf + pos, (uint32_t)at[i]);
			pos += (size_t)ts;
		}
		for (int i = 0; i < cnt; i++)
			buf[pos++] = type[i];
		for (int i = 0; i < nt; i++) {
			put32(buf + pos, (uint32_t)off[i]);
			buf[pos + 4] = 0;
			buf[pos + 5] = 0;
			pos += 6;
		}
		memcpy(buf + pos, "XYZ", 4);
		pos += 4;
	}
	if (blocks == 2) {
		size_t fl = strlen(footer);

		buf[pos++] = '\n';
		memcpy(buf + pos, footer, fl);
		pos += fl;
		buf[pos++] = '\n';
	}
	return pos;
}

/* A zone whose whole story is the footer TZ string. */
static int footer_zone(const char *tzstr, tz_zone **z, char **cause)
{
	unsigned char buf[600];
	int32_t off = 0;
	size_t len = build_tzif(buf, '3', 0, NULL, NULL, 1, &off, tzstr);

	return tz_parse(tzstr, buf, len, z, cause);
}

/* glibc's offset for POSIX TZ string TZSTR at T. */
static long glibc_offset(const char *tzstr, porte_time t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	setenv("TZ", tzstr, 1);
	tzset();
	assert_non_null(localtime_r(&tt, &tm));
	return tm.tm_gmtoff;
}

static void test_footer_strings(void **state)
{
	static const char *const good[] = {
	        "UTC0",
	        "CET-1CEST,M3.5.0,M10.5.0/3",
	        "EST5EDT,M3.2.0,M11.1.0",
	        "EST5EDT", /* default US rules */
	        "<+0530>-5:30",
	        "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", /* negative times */
	        "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
	        "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
	        "CST5CDT,M3.2.0/0,M11.1.0/1",
	        "EST5EDT,M3.2.0/-1,M11.1.0/100",
	        "XXX3YYY,J60/1:30,J300/167",
	        "XXX3YYY,59/2,300/-167",
	        "XXX-3YYY-4:15,1/0,364/0",
	        "IST-1GMT0,M10.5.0,M3.5.0/1", /* negative DST (Dublin) */
	        "AAA+12:34:56BBB,M2.1.1/0:00:01,M11.5.6/23:59:59",
	};
	char *saved_tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		tz_zone *z = NULL;
		char *cause = NULL;

		if (footer_zone(good[i], &z, &cause) != 0)
			fail_msg("refused \"%s\": %s", good[i], cause);
		for (porte_time t = utc(2019, 12, 20, 0, 0, 0);
		     t < utc(2029, 1, 10, 0, 0, 0); t += 3 * HOUR + 17) {
			long want = glibc_offset(good[i], t);

			if (tz_offset_at(z, t) != want)
				fail_msg("%s at %lld: %d, glibc %ld", good[i],
				         (long long)t, tz_offset_at(z, t),
				         want);
		}
		exercise_zone(z);
		tz_free(z);
	}
	if (saved_tz != NULL)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
}

/*
 * Rules are applied across year boundaries: DST that ends at 00:00 on
 * 2020-01-01 (19:45Z) and starts again at 00:00 standard (21:00Z) is in
 * force from 21:00Z. (glibc looks at the UTC year's rules only and says
 * standard time there, and at new year in the all-year DST case too.)
 */
static void test_footer_across_years(void **state)
{
	tz_zone *z = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(footer_zone("XXX-3YYY-4:15,0/0,365/0", &z, &cause), 0);
	assert_int_equal(tz_offset_at(z, utc(2019, 12, 31, 19, 45, 0) - 1),
	                 4 * HOUR + 15 * 60);
	assert_int_equal(tz_offset_at(z, utc(2019, 12, 31, 19, 45, 0)),
	                 3 * HOUR);
	assert_int_equal(tz_offset_at(z, utc(2019, 12, 31, 21, 0, 0) - 1),
	                 3 * HOUR);
	assert_int_equal(tz_offset_at(z, utc(2019, 12, 31, 21, 0, 0)),
	                 4 * HOUR + 15 * 60);
	assert_int_equal(tz_offset_at(z, utc(2019, 12, 31, 21, 26, 55)),
	                 4 * HOUR + 15 * 60);
	tz_free(z);
	/* RFC 8536's DST all year: never standard time, even at new year */
	assert_int_equal(footer_zone("EST5EDT,0/0,J365/25", &z, &cause), 0);
	for (porte_time t = utc(2019, 12, 25, 0, 0, 0);
	     t < utc(2030, 1, 10, 0, 0, 0); t += HOUR + 61)
		assert_int_equal(tz_offset_at(z, t), -4 * HOUR);
	assert_int_equal(day_length(z, day_of(2026, 1, 1)), 24 * HOUR);
	tz_free(z);
}

static void test_footer_strings_bad(void **state)
{
	static const char *const bad[] = {
	        "CE-1",  /* short name */
	        "<AB>1", /* short quoted name */
	        "<ABC1", /* unterminated */
	        "<A B>1",
	        "CET",    /* no offset */
	        "CET-25", /* hours > 24 */
	        "CET-1:60",
	        "CET-1:00:60",
	        "CET-1x",
	        "CET-1CEST,M3.5.0", /* one rule */
	        "CET-1CEST,M3.5.0,",
	        "CET-1CEST,M13.5.0,M10.5.0",
	        "CET-1CEST,M3.6.0,M10.5.0",
	        "CET-1CEST,M3.0.0,M10.5.0",
	        "CET-1CEST,M3.5.7,M10.5.0",
	        "CET-1CEST,M3.5,M10.5.0",
	        "CET-1CEST,M3.5.0,M10.5.0/168",
	        "CET-1CEST,M3.5.0,M10.5.0/-168",
	        "CET-1CEST,J0,J365",
	        "CET-1CEST,J366,J365",
	        "CET-1CEST,366,1",
	        "CET-1CEST,M3.5.0,M10.5.0x",
	        "CET-1CEST,M3.5.0,M10.5.0,M1.1.0",
	        "CET-1CEST;M3.5.0,M10.5.0",
	        "-1",
	        "CET-1CE",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tz_zone *z = NULL;
		char *cause = NULL;

		if (footer_zone(bad[i], &z, &cause) != -1)
			fail_msg("accepted footer \"%s\"", bad[i]);
		assert_null(z);
		assert_non_null(cause);
		free(cause);
	}
}

/* A version 1 file (32-bit data, no footer) and a table then a rule. */
static void test_handmade_files(void **state)
{
	static const int64_t at[] = {100000000, 200000000, 300000000};
	static const unsigned char type[] = {1, 2, 0};
	static const int32_t off[] = {3600, 7200, -1800};
	unsigned char buf[600];
	tz_zone *z = NULL;
	char *cause = NULL;
	size_t len;

	(void)state;
	len = build_tzif(buf, 0, 3, at, type, 3, off, "");
	assert_int_equal(tz_parse("v1", buf, len, &z, &cause), 0);
	assert_int_equal(tz_offset_at(z, 0), 3600); /* type 0 before */
	assert_int_equal(tz_offset_at(z, 100000000 - 1), 3600);
	assert_int_equal(tz_offset_at(z, 100000000), 7200);
	assert_int_equal(tz_offset_at(z, 250000000), -1800);
	assert_int_equal(tz_offset_at(z, 300000000), 3600);
	assert_int_equal(tz_offset_at(z, utc(2100, 1, 1, 0, 0, 0)), 3600);
	exercise_zone(z);
	tz_free(z);
	/* trailing bytes after a v1 block are refused */
	assert_int_equal(tz_parse("v1", buf, len + 1, &z, &cause), -1);
	free(cause);

	/* v2: the table, then the rule from the last transition on */
	len = build_tzif(buf, '2', 3, at, type, 3, off,
	                 "CET-1CEST,M3.5.0,M10.5.0/3");
	assert_int_equal(tz_parse("v2", buf, len, &z, &cause), 0);
	assert_int_equal(tz_offset_at(z, 250000000), -1800);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 1, 0, 0, 0)), 7200);
	assert_int_equal(tz_offset_at(z, utc(2026, 1, 1, 0, 0, 0)), 3600);
	exercise_zone(z);
	tz_free(z);
	/* the first transition out of order */
	{
		static const int64_t bad_at[] = {200000000, 100000000};

		len = build_tzif(buf, '2', 2, bad_at, type, 3, off, "");
		assert_int_equal(tz_parse("x", buf, len, &z, &cause), -1);
		assert_non_null(strstr(cause, "ascending"));
		free(cause);
	}
	/* a type index past the types */
	{
		static const unsigned char bad_type[] = {1, 3, 0};

		len = build_tzif(buf, '2', 3, at, bad_type, 3, off, "");
		assert_int_equal(tz_parse("x", buf, len, &z, &cause), -1);
		assert_non_null(strstr(cause, "index"));
		free(cause);
	}
	/* an offset of 30 hours */
	{
		static const int32_t bad_off[] = {3600, 30 * 3600, 0};

		len = build_tzif(buf, '2', 3, at, type, 3, bad_off, "");
		assert_int_equal(tz_parse("x", buf, len, &z, &cause), -1);
		assert_non_null(strstr(cause, "offset"));
		free(cause);
	}
	/* version 5 is unknown */
	len = build_tzif(buf, '2', 3, at, type, 3, off, "");
	buf[4] = '5';
	assert_int_equal(tz_parse("x", buf, len, &z, &cause), -1);
	assert_non_null(strstr(cause, "version"));
	free(cause);
}

/*
 * glibc as an oracle: every ~6 hours from 1970 to 2050, the offset and
 * wall time agree, and the wall time maps back to the instant.
 */
static void test_against_glibc(void **state)
{
	static const char *const zones[] = {"Europe/Paris", "America/New_York",
	                                    "Australia/Lord_Howe",
	                                    "Asia/Kolkata"};
	char *saved_tz = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	long checked = 0;

	(void)state;
	for (size_t k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		tz_zone *z = load(zones[k]);

		setenv("TZ", zones[k], 1);
		tzset();
		/* from 1970-01-02: New York's wall clock is 1969 before */
		for (porte_time t = DAY; t < utc(2050, 1, 1, 0, 0, 0);
		     t += 6 * HOUR + 7 * 60 + 1) {
			time_t tt = (time_t)t;
			struct tm tm;
			cal_datetime w = tz_to_local(z, t);
			porte_time a = 0, b = 0;
			tz_local_result r;

			assert_non_null(localtime_r(&tt, &tm));
			if (tz_offset_at(z, t) != tm.tm_gmtoff)
				fail_msg("%s at %lld: %d, glibc %ld", zones[k],
				         (long long)t, tz_offset_at(z, t),
				         tm.tm_gmtoff);
			assert_int_equal(w.year, tm.tm_year + 1900);
			assert_int_equal(w.month, tm.tm_mon + 1);
			assert_int_equal(w.day, tm.tm_mday);
			assert_int_equal(w.hour, tm.tm_hour);
			assert_int_equal(w.minute, tm.tm_min);
			assert_int_equal(w.second, tm.tm_sec);
			r = tz_from_local(z, w, &a, &b);
			if (r == TZ_LOCAL_OK)
				assert_int_equal(a, t);
			else if (r == TZ_LOCAL_AMBIGUOUS)
				assert_true(a == t || b == t);
			else
				fail_msg("%s at %lld: wall time not found",
				         zones[k], (long long)t);
			checked++;
		}
		tz_free(z);
	}
	assert_true(checked > 400000);
	if (saved_tz != NULL)
		setenv("TZ", saved_tz, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved_tz);
}

/* Every day 1970..2050: the bounds hold exactly that day's instants. */
/* Every span tz_offset_span gives holds its offset from end to end and
 * (Paris, New York since 1990) ends where the offset changes or at the end
 * of time; Paris's own around the 2026 changes. */
static void test_offset_span(void **state)
{
	static const char *const zones[] = {"Europe/Paris", "America/New_York",
	                                    "Australia/Lord_Howe", "UTC"};
	tz_zone *paris = load("Europe/Paris");
	porte_time from = 0, until = 0;

	(void)state;
	assert_int_equal(tz_offset_span(paris, utc(2026, 3, 29, 0, 59, 59),
	                                &from, &until),
	                 HOUR);
	assert_int_equal(from, utc(2025, 10, 26, 1, 0, 0));
	assert_int_equal(until, utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(tz_offset_span(paris, until, &from, &until), 2 * HOUR);
	assert_int_equal(from, utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(until, utc(2026, 10, 25, 1, 0, 0));
	tz_free(paris);
	for (size_t k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		tz_zone *z = load(zones[k]);

		for (porte_time t = utc(1969, 6, 1, 0, 0, 0);
		     t < utc(2060, 1, 1, 0, 0, 0); t += 7 * 86400 + 3607) {
			int off = tz_offset_span(z, t, &from, &until);

			assert_int_equal(off, tz_offset_at(z, t));
			assert_true(from <= t && t < until);
			if (from != INT64_MIN) {
				assert_int_equal(tz_offset_at(z, from), off);
				assert_true(tz_offset_at(z, from - 1) != off ||
				            k >= 2 ||
				            from < utc(1990, 1, 1, 0, 0, 0));
			}
			if (until != INT64_MAX) {
				assert_int_equal(tz_offset_at(z, until - 1),
				                 off);
				/* Changes of name alone (old ones) or a
				 * file's own marks (Lord Howe's 2038) end
				 * spans too. */
				assert_true(tz_offset_at(z, until) != off ||
				            k >= 2 ||
				            t < utc(1990, 1, 1, 0, 0, 0));
			}
		}
		tz_free(z);
	}
}

static void test_day_bounds_sweep(void **state)
{
	static const char *const zones[] = {
	        "Europe/Paris",   "America/New_York", "Australia/Lord_Howe",
	        "America/Havana", "America/Santiago", "Asia/Beirut"};

	(void)state;
	for (size_t k = 0; k < sizeof(zones) / sizeof(zones[0]); k++) {
		tz_zone *z = load(zones[k]);
		cal_date d = {1970, 1, 2};

		for (; d.year < 2050; d = cal_date_add_days(d, 1)) {
			porte_time s = 0, e = 0;
			int64_t len;

			assert_int_equal(tz_day_bounds(z, d, &s, &e), 0);
			len = e - s;
			assert_true(len == 24 * HOUR || len == 23 * HOUR ||
			            len == 25 * HOUR ||
			            len == 23 * HOUR + 1800 ||
			            len == 24 * HOUR + 1800);
			assert_int_equal(cal_date_cmp(tz_date_of(z, s), d), 0);
			assert_true(cal_date_cmp(tz_date_of(z, s - 1), d) < 0);
			assert_int_equal(cal_date_cmp(tz_date_of(z, e - 1), d),
			                 0);
			assert_true(cal_date_cmp(tz_date_of(z, e), d) > 0);
		}
		tz_free(z);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_paris_spring),
	        cmocka_unit_test(test_offset_span),
	        cmocka_unit_test(test_paris_autumn),
	        cmocka_unit_test(test_ordinary_days),
	        cmocka_unit_test(test_new_york),
	        cmocka_unit_test(test_footer_rule_past_last_transition),
	        cmocka_unit_test(test_utc),
	        cmocka_unit_test(test_midnight_in_gap),
	        cmocka_unit_test(test_grid_paris),
	        cmocka_unit_test(test_grid_other_zones),
	        cmocka_unit_test(test_grid_bad_step),
	        cmocka_unit_test(test_load_bad_names),
	        cmocka_unit_test(test_load_tzdir),
	        cmocka_unit_test(test_parse_truncated_and_corrupted),
	        cmocka_unit_test(test_parse_bad_arguments),
	        cmocka_unit_test(test_footer_strings),
	        cmocka_unit_test(test_footer_across_years),
	        cmocka_unit_test(test_footer_strings_bad),
	        cmocka_unit_test(test_handmade_files),
	        cmocka_unit_test(test_against_glibc),
	        cmocka_unit_test(test_day_bounds_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_recur.c - repeating bookings expanded in Europe/Paris: both DST
 * changes of 2026 (10:00 stays 10:00, 02:30 in the gap and the overlap),
 * weekdays, month ends and leap years, the caps, bad input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "caltime.h"
#include "recur.h"
#include "tz.h"

#define HOUR 3600

static tz_zone *paris;
static recur_occ occ[RECUR_MAX_COUNT];

static int setup(void **state)
{
	char *cause = NULL;

	(void)state;
	if (tz_load("Europe/Paris", &paris, &cause) != 0) {
		free(cause);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	tz_free(paris);
	return 0;
}

static cal_date day_of(int y, int m, int d)
{
	cal_date r = {y, m, d};

	return r;
}

static porte_time utc(int y, int mo, int d, int h, int mi)
{
	cal_datetime dt = {y, mo, d, h, mi, 0};

	return cal_time_from_utc(dt);
}

static recur_rule rule(recur_freq f, cal_date first, int hh, int mm,
                       int minutes, cal_date until)
{
	recur_rule r = {first, (hh * 60) + mm, minutes, f, 0, until};

	return r;
}

static size_t expand_ok(const recur_rule *r)
{
	size_t n = 99;

	assert_int_equal(recur_expand(r, paris, occ, &n), RECUR_E_OK);
	return n;
}

static void assert_date(const recur_occ *o, int y, int m, int d)
{
	assert_int_equal(o->date.year, y);
	assert_int_equal(o->date.month, m);
	assert_int_equal(o->date.day, d);
}

/* Mondays 10:00 across the autumn change: 08:00Z before, 09:00Z after. */
static void test_weekly_autumn(void **state)
{
	recur_rule r = rule(RECUR_WEEKLY, day_of(2026, 10, 19), 10, 0, 60,
	                    day_of(2026, 11, 9));
	size_t n;

	(void)state;
	n = expand_ok(&r);
	assert_int_equal(n, 4);
	assert_date(&occ[0], 2026, 10, 19);
	assert_date(&occ[1], 2026, 10, 26);
	assert_date(&occ[3], 2026, 11, 9);
	assert_int_equal(occ[0].start, utc(2026, 10, 19, 8, 0));
	assert_int_equal(occ[1].start, utc(2026, 10, 26, 9, 0));
	assert_int_equal(occ[2].start, utc(2026, 11, 2, 9, 0));
	assert_int_equal(occ[3].start, utc(2026, 11, 9, 9, 0));
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(occ[i].state, RECUR_OCC_OK);
		assert_int_equal(occ[i].weekday, 0);
		assert_int_equal(tz_minute_of_day(paris, occ[i].start), 600);
		assert_int_equal(occ[i].end - occ[i].start, HOUR);
	}
}

/* Every day 10:00 across the spring change: 09:00Z, then 08:00Z. */
static void test_daily_spring(void **state)
{
	recur_rule r = rule(RECUR_DAILY, day_of(2026, 3, 27), 10, 0, 90,
	                    day_of(2026, 3, 31));
	size_t n;

	(void)state;
	n = expand_ok(&r);
	assert_int_equal(n, 5);
	assert_int_equal(occ[0].start, utc(2026, 3, 27, 9, 0));
	assert_int_equal(occ[1].start, utc(2026, 3, 28, 9, 0));
	assert_int_equal(occ[2].start, utc(2026, 3, 29, 8, 0));
	assert_int_equal(occ[4].start, utc(2026, 3, 31, 8, 0));
	assert_int_equal(occ[2].weekday, 6);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(occ[i].end - occ[i].start, 90 * 60);
}

/* 02:30 does not exist on 29 March: listed as such, not moved to 03:30. */
static void test_gap_listed(void **state)
{
	recur_rule r = rule(RECUR_DAILY, day_of(2026, 3, 28), 2, 30, 30,
	                    day_of(2026, 3, 30));
	size_t n;

	(void)state;
	n = expand_ok(&r);
	assert_int_equal(n, 3);
	assert_int_equal(occ[0].state, RECUR_OCC_OK);
	assert_int_equal(occ[0].start, utc(2026, 3, 28, 1, 30));
	assert_int_equal(occ[1].state, RECUR_OCC_NONEXISTENT);
	assert_int_equal(occ[1].start, 0);
	assert_int_equal(occ[1].end, 0);
	assert_date(&occ[1], 2026, 3, 29);
	assert_int_equal(occ[2].state, RECUR_OCC_OK);
	assert_int_equal(occ[2].start, utc(2026, 3, 30, 0, 30));
}

/* 02:30 happens twice on 25 October: ambiguous, not guessed. */
static void test_overlap_listed(void **state)
{
	recur_rule r = rule(RECUR_DAILY, day_of(2026, 10, 24), 2, 30, 30,
	                    day_of(2026, 10, 26));
	size_t n;

	(void)state;
	n = expand_ok(&r);
	assert_int_equal(n, 3);
	assert_int_equal(occ[0].state, RECUR_OCC_OK);
	assert_int_equal(occ[1].state, RECUR_OCC_AMBIGUOUS);
	assert_int_equal(occ[1].start, 0);
	assert_int_equal(occ[2].state, RECUR_OCC_OK);
	assert_int_equal(occ[2].start, utc(2026, 10, 26, 1, 30));
}

/* A series that starts in the gap or the overlap is refused at once. */
static void test_start_in_gap(void **state)
{
	recur_rule gap = rule(RECUR_WEEKLY, day_of(2026, 3, 29), 2, 30, 60,
	                      day_of(2026, 4, 30));
	recur_rule overlap = rule(RECUR_DAILY, day_of(2026, 10, 25), 2, 0, 60,
	                          day_of(2026, 10, 30));
	size_t n = 7;

	(void)state;
	assert_int_equal(recur_expand(&gap, paris, occ, &n),
	                 RECUR_E_START_TIME);
	assert_int_equal(n, 0);
	assert_int_equal(recur_expand(&overlap, paris, occ, &n),
	                 RECUR_E_START_TIME);
	/* 03:00 on 29 March exists (the first instant after the gap). */
	gap.start_minute = 3 * 60;
	assert_int_equal(recur_expand(&gap, paris, occ, &n), RECUR_E_OK);
	assert_int_equal(occ[0].start, utc(2026, 3, 29, 1, 0));
}

/* A booking across the change keeps its real length: 01:30 + 90 min on
 * 29 March ends at 04:00 CEST. */
static void test_length_across_change(void **state)
{
	recur_rule r = rule(RECUR_DAILY, day_of(2026, 3, 29), 1, 30, 90,
	                    day_of(2026, 3, 29));

	(void)state;
	assert_int_equal(expand_ok(&r), 1);
	assert_int_equal(occ[0].start, utc(2026, 3, 29, 0, 30));
	assert_int_equal(occ[0].end, utc(2026, 3, 29, 2, 0));
	assert_int_equal(tz_minute_of_day(paris, occ[0].end), 4 * 60);
}

/* Mondays, Wednesdays and Fridays from a Wednesday for two weeks. */
static void test_weekdays(void **state)
{
	recur_rule r = rule(RECUR_WEEKLY, day_of(2026, 12, 2), 14, 0, 120,
	                    day_of(2026, 12, 14));
	static const int days[] = {2, 4, 7, 9, 11, 14};
	size_t n;

	(void)state;
	r.weekdays = RECUR_WD(0) | RECUR_WD(2) | RECUR_WD(4);
	n = expand_ok(&r);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++) {
		assert_date(&occ[i], 2026, 12, days[i]);
		assert_int_equal(occ[i].start, utc(2026, 12, days[i], 13, 0));
	}
	/* No weekday given: the first date's (Wednesday). */
	r.weekdays = 0;
	n = expand_ok(&r);
	assert_int_equal(n, 2);
	assert_date(&occ[1], 2026, 12, 9);
}

/* The 31st every month of 2026: 7 dates, 5 holes, in order. */
static void test_month_ends(void **state)
{
	recur_rule r = rule(RECUR_MONTHLY, day_of(2026, 1, 31), 10, 0, 60,
	                    day_of(2026, 12, 31));
	static const int holes[] = {2, 4, 6, 9, 11};
	size_t n, h = 0;

	(void)state;
	n = expand_ok(&r);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(occ[i].date.month, (int)i + 1);
		if (h < 5 && occ[i].date.month == holes[h]) {
			assert_int_equal(occ[i].state, RECUR_OCC_NO_SUCH_DAY);
			assert_int_equal(occ[i].date.day, 0);
			assert_int_equal(occ[i].weekday, -1);
			assert_int_equal(occ[i].start, 0);
			h++;
		} else {
			assert_int_equal(occ[i].state, RECUR_OCC_OK);
			assert_int_equal(occ[i].date.day, 31);
			assert_int_equal(tz_minute_of_day(paris, occ[i].start),
			                 600);
		}
	}
	assert_int_equal(h, 5);
	/* Until the 30th of December: December's 31st is past it. */
	r.until = day_of(2026, 12, 30);
	assert_int_equal(expand_ok(&r), 11);
}

/* The 29th of February exists in 2028, not in 2027. */
static void test_leap_years(void **state)
{
	recur_rule m27 = rule(RECUR_MONTHLY, day_of(2027, 1, 29), 9, 0, 60,
	                      day_of(2027, 3, 29));
	recur_rule m28 = rule(RECUR_MONTHLY, day_of(2028, 1, 29), 9, 0, 60,
	                      day_of(2028, 3, 29));
	recur_rule y28 = rule(RECUR_YEARLY, day_of(2028, 2, 29), 9, 0, 60,
	                      day_of(2029, 3, 1));

	(void)state;
	assert_int_equal(expand_ok(&m27), 3);
	assert_int_equal(occ[1].state, RECUR_OCC_NO_SUCH_DAY);
	assert_int_equal(expand_ok(&m28), 3);
	assert_int_equal(occ[1].state, RECUR_OCC_OK);
	assert_date(&occ[1], 2028, 2, 29);
	assert_int_equal(occ[1].weekday, 1); /* a Tuesday */
	assert_int_equal(expand_ok(&y28), 2);
	assert_int_equal(occ[0].state, RECUR_OCC_OK);
	assert_int_equal(occ[1].state, RECUR_OCC_NO_SUCH_DAY);
	assert_int_equal(occ[1].date.year, 2029);
	assert_int_equal(occ[1].date.month, 2);
}

/* 200 occurrences pass, 201 do not; more than a year does not either. */
static void test_caps(void **state)
{
	cal_date first = day_of(2026, 1, 1);
	recur_rule r = rule(RECUR_DAILY, first, 10, 0, 60,
	                    cal_date_add_days(first, RECUR_MAX_COUNT - 1));
	size_t n = 5;

	(void)state;
	assert_int_equal(expand_ok(&r), RECUR_MAX_COUNT);
	r.until = cal_date_add_days(first, RECUR_MAX_COUNT);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_COUNT);
	assert_int_equal(n, 0);
	/* Weekly for exactly RECUR_MAX_DAYS days: 53 Thursdays. */
	r.freq = RECUR_WEEKLY;
	r.until = cal_date_add_days(first, RECUR_MAX_DAYS);
	assert_int_equal(expand_ok(&r), 53);
	r.until = cal_date_add_days(first, RECUR_MAX_DAYS + 1);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_SPAN);
	r.freq = RECUR_MONTHLY;
	r.until = day_of(2030, 1, 1);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_SPAN);
}

static void test_bad_input(void **state)
{
	recur_rule ok = rule(RECUR_WEEKLY, day_of(2026, 12, 1), 10, 0, 60,
	                     day_of(2026, 12, 31));
	recur_rule r;
	size_t n;

	(void)state;
	r = ok;
	r.first = day_of(2026, 2, 30);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_DATE);
	r = ok;
	r.until = day_of(2026, 13, 1);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_DATE);
	r = ok;
	r.until = day_of(2026, 11, 30);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_ORDER);
	r = ok;
	r.start_minute = 24 * 60;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_TIME);
	r.start_minute = -1;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_TIME);
	r = ok;
	r.minutes = 0;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_LENGTH);
	r.minutes = 24 * 60 + 1;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_LENGTH);
	r = ok;
	r.freq = (recur_freq)7;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_FREQ);
	r = ok;
	r.weekdays = 0x80;
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_FREQ);
	/* Mondays only, from a Tuesday to the Wednesday after: none. */
	r = ok;
	r.weekdays = RECUR_WD(0);
	r.until = day_of(2026, 12, 2);
	assert_int_equal(recur_expand(&r, paris, occ, &n), RECUR_E_EMPTY);
	assert_int_equal(n, 0);
	/* A single date is a series of one. */
	r = ok;
	r.until = r.first;
	assert_int_equal(expand_ok(&r), 1);
}

static void test_names(void **state)
{
	recur_freq f = RECUR_DAILY;

	(void)state;
	assert_int_equal(recur_freq_parse("monthly", &f), 0);
	assert_int_equal(f, RECUR_MONTHLY);
	assert_int_equal(recur_freq_parse("Monthly", &f), -1);
	assert_int_equal(recur_freq_parse("", &f), -1);
	assert_int_equal(recur_freq_parse(NULL, &f), -1);
	assert_int_equal(f, RECUR_MONTHLY);
	assert_string_equal(recur_freq_name(RECUR_YEARLY), "yearly");
	assert_string_equal(recur_freq_name((recur_freq)9), "unknown");
	assert_string_equal(recur_error_name(RECUR_E_ORDER),
	                    "until_before_first");
	assert_string_equal(recur_error_name(RECUR_E_START_TIME),
	                    "invalid_time");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_weekly_autumn),
	        cmocka_unit_test(test_daily_spring),
	        cmocka_unit_test(test_gap_listed),
	        cmocka_unit_test(test_overlap_listed),
	        cmocka_unit_test(test_start_in_gap),
	        cmocka_unit_test(test_length_across_change),
	        cmocka_unit_test(test_weekdays),
	        cmocka_unit_test(test_month_ends),
	        cmocka_unit_test(test_leap_years),
	        cmocka_unit_test(test_caps),
	        cmocka_unit_test(test_bad_input),
	        cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

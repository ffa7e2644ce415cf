/*
 * test_stats.c - check-in statistics from scripted event logs.
 *
 * Every expected figure below is worked out by hand in the comments, from
 * the definitions in stats.h, never by the code under test. Local times of
 * Europe/Paris are turned into instants by hand too: CET is UTC+1, CEST
 * UTC+2 (see cet() and cest()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"
#include "stats_same.h"

#define H 3600
#define M 60

/* ---- helpers ---- */

static porte_time utc(int year, int month, int day, int h, int m)
{
	cal_datetime dt = {year, month, day, h, m, 0};

	return cal_time_from_utc(dt);
}

/* Paris wall time in winter (CET, UTC+1) and summer (CEST, UTC+2). */
static porte_time cet(int month, int day, int h, int m)
{
	return utc(2026, month, day, h, m) - H;
}

static porte_time cest(int month, int day, int h, int m)
{
	return utc(2026, month, day, h, m) - 2 * H;
}

static stats_event created(int64_t id, int64_t room, porte_time at,
                           porte_time start, porte_time end, bool confirmed,
                           bool walk_in)
{
	stats_event e = {0};

	e.booking_id = id;
	e.room_id = room;
	e.kind = STATS_CREATED;
	e.at = at;
	e.start = start;
	e.end = end;
	e.confirmed = confirmed;
	e.walk_in = walk_in;
	return e;
}

static stats_event ev(int64_t id, stats_event_kind kind, porte_time at)
{
	stats_event e = {0};

	e.booking_id = id;
	e.kind = kind;
	e.at = at;
	return e;
}

static stats_event extended(int64_t id, porte_time at, porte_time end)
{
	stats_event e = ev(id, STATS_EXTENDED, at);

	e.end = end;
	return e;
}

static tz_zone *paris(void)
{
	tz_zone *z = NULL;
	char *cause = NULL;

	if (tz_load("Europe/Paris", &z, &cause) != 0) {
		fail_msg("tz_load: %s", cause != NULL ? cause : "?");
		free(cause);
	}
	return z;
}

struct order {
	porte_time at;
	size_t i;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a;
	const struct order *y = b;

	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->i > y->i) - (x->i < y->i);
}

/* Feeds EV[0..N) in time order (a stable sort: each booking's events stay
 * in their order), so the bookings interleave as in a real log. */
static void feed_by_time(stats *s, const stats_event *evs, size_t n)
{
	struct order *o = calloc(n, sizeof(*o));

	assert_non_null(o);
	for (size_t i = 0; i < n; i++) {
		o[i].at = evs[i].at;
		o[i].i = i;
	}
	qsort(o, n, sizeof(*o), cmp_order);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(stats_add(s, &evs[o[i].i]), 0);
	free(o);
}

static int64_t sum_cells(const stats *s, bool occupied)
{
	int64_t sum = 0;

	for (int d = 0; d < 7; d++)
		for (int h = 0; h < 24; h++)
			sum += occupied ? stats_occupied_at(s, d, h)
			                : stats_booked_at(s, d, h);
	return sum;
}

/* ---- a scripted day ---- */

/*
 * Tuesday 2026-11-17 in Paris (CET), period [00:00, 24:00) local, figures
 * as of NOW = 20:00 local.
 *
 * Room 1
 *  B1  08:00-09:00 staff booking (confirmed), checked in 07:55, ended 09:00:
 *      show; booked 3600; occupied from the start 08:00-09:00 = 3600.
 *  B2  09:00-10:00 web booking, confirmed the evening before, released at
 *      09:15: no-show, auto-released; booked 3600; released 09:15-10:00 =
 *      2700, of which 09:30-10:00 = 1800 reclaimed by B3 (created 09:25,
 *      after the release).
 *  B3  walk-in created 09:25 for 09:30-10:30, extended at 10:20 to 11:00:
 *      show, walk-in; booked 09:30-11:00 = 5400; occupied from the start
 *      (checked in at 09:25, before it) = 5400.
 *  B9  14:00-15:00 pending, never confirmed: counted in bookings only.
 * Room 2
 *  B4  10:45-12:15 staff booking, checked in 10:50, "end now" at 11:45 (30
 *      minutes early): show; booked 5400; occupied 10:50-11:45 = 3300;
 *      released 11:45-12:15 = 1800, nobody takes it: reclaimed 0.
 *  B5  13:00-14:00 confirmed, removed by staff at 13:10 (after the start):
 *      no-show, removed; booked 3600; released 13:10-14:00 = 3000, of
 *      which 13:30-14:00 = 1800 reclaimed by B11.
 *  B6  14:00-15:00 confirmed, removed at 11:00 (before the start): not due;
 *      removed.
 *  B7  16:00-17:00 confirmed, cancelled at 12:00: not due; cancelled.
 *  B11 created at 13:20 for 13:30-14:00 by staff, checked in 13:31: show;
 *      booked 1800; occupied 13:31-14:00 = 1740.
 * Room 3
 *  B8  10:00-11:00 confirmed, released at 10:15, then a late offline
 *      check-in delivered at 10:20: show, not auto-released, nothing
 *      released; booked 3600; occupied 10:20-11:00 = 2400.
 *  B10 21:00-22:00 confirmed: after NOW, not due yet (bookings only).
 *  B12 18:00-19:00 confirmed, never checked in and no release recorded; its
 *      end has passed: no-show; booked 3600; nothing released.
 * Outside the period (not counted): B20 Monday 17:00-18:00 in room 1, B21
 * Wednesday 10:00-11:00 in room 4 (so room 4 is not listed).
 *
 * Room 1: bookings 4, due 3 (B1 B2 B3), shows 2, no-shows 1, auto 1,
 *   walk-ins 1; booked 3600+3600+5400 = 12600; occupied 3600+5400 = 9000;
 *   released 2700; reclaimed 1800; rates 2/3 and 1/3.
 * Room 2: bookings 5, due 3 (B4 B5 B11), shows 2, no-shows 1, removed 2,
 *   cancelled 1; booked 5400+3600+1800 = 10800; occupied 3300+1740 = 5040;
 *   released 1800+3000 = 4800; reclaimed 1800; rates 2/3 and 1/3.
 * Room 3: bookings 3, due 2 (B8 B12), shows 1, no-shows 1; booked 7200;
 *   occupied 2400; released 0; rates 1/2 and 1/2.
 * Total: bookings 12, due 8, shows 5, no-shows 3, auto 1, removed 2,
 *   cancelled 1, walk-ins 1; booked 30600; occupied 16440; released 7500;
 *   reclaimed 3600; check-in rate 5/8, no-show rate 3/8.
 *
 * Tuesday (weekday 1), booked by hour:
 *   8: B1 3600
 *   9: B2 3600 + B3 09:30-10:00 1800 = 5400
 *  10: B3 3600 + B4 10:45-11:00 900 + B8 3600 = 8100
 *  11: B4 11:00-12:00 3600
 *  12: B4 12:00-12:15 900
 *  13: B5 3600 + B11 1800 = 5400
 *  14: 0 (B6 removed before, B9 pending); 18: B12 3600; 21: 0 (not due)
 *  (sum 30600). B4's 10:45-12:15 splits 900 / 3600 / 900 over 10, 11, 12.
 * Tuesday, occupied by hour:
 *   8: B1 3600; 9: B3 1800; 10: B3 3600 + B4 600 + B8 2400 = 6600;
 *  11: B4 11:00-11:45 2700; 12: 0; 13: B11 1740 (sum 16440).
 */
static void day_script(stats_event *e, size_t *n)
{
	size_t k = 0;

	/* room 1 */
	e[k++] = created(1, 1, cet(11, 16, 15, 0), cet(11, 17, 8, 0),
	                 cet(11, 17, 9, 0), true, false);
	e[k++] = ev(1, STATS_CHECKED_IN, cet(11, 17, 7, 55));
	e[k++] = ev(1, STATS_ENDED, cet(11, 17, 9, 0));
	e[k++] = created(2, 1, cet(11, 16, 18, 0), cet(11, 17, 9, 0),
	                 cet(11, 17, 10, 0), false, false);
	e[k++] = ev(2, STATS_CONFIRMED, cet(11, 16, 18, 30));
	e[k++] = ev(2, STATS_RELEASED, cet(11, 17, 9, 15));
	e[k++] = created(3, 1, cet(11, 17, 9, 25), cet(11, 17, 9, 30),
	                 cet(11, 17, 10, 30), true, true);
	e[k++] = extended(3, cet(11, 17, 10, 20), cet(11, 17, 11, 0));
	e[k++] = created(9, 1, cet(11, 16, 20, 0), cet(11, 17, 14, 0),
	                 cet(11, 17, 15, 0), false, false);
	/* room 2 */
	e[k++] = created(4, 2, cet(11, 17, 8, 0), cet(11, 17, 10, 45),
	                 cet(11, 17, 12, 15), true, false);
	e[k++] = ev(4, STATS_CHECKED_IN, cet(11, 17, 10, 50));
	e[k++] = ev(4, STATS_ENDED, cet(11, 17, 11, 45));
	e[k++] = created(5, 2, cet(11, 16, 10, 0), cet(11, 17, 13, 0),
	                 cet(11, 17, 14, 0), true, false);
	e[k++] = ev(5, STATS_REMOVED, cet(11, 17, 13, 10));
	e[k++] = created(6, 2, cet(11, 16, 11, 0), cet(11, 17, 14, 0),
	                 cet(11, 17, 15, 0), true, false);
	e[k++] = ev(6, STATS_REMOVED, cet(11, 17, 11, 0));
	e[k++] = created(7, 2, cet(11, 16, 12, 0), cet(11, 17, 16, 0),
	                 cet(11, 17, 17, 0), false, false);
	e[k++] = ev(7, STATS_CONFIRMED, cet(11, 16, 12, 30));
	e[k++] = ev(7, STATS_CANCELLED, cet(11, 17, 12, 0));
	e[k++] = created(11, 2, cet(11, 17, 13, 20), cet(11, 17, 13, 30),
	                 cet(11, 17, 14, 0), true, false);
	e[k++] = ev(11, STATS_CHECKED_IN, cet(11, 17, 13, 31));
	/* room 3 */
	e[k++] = created(8, 3, cet(11, 16, 9, 0), cet(11, 17, 10, 0),
	                 cet(11, 17, 11, 0), true, false);
	e[k++] = ev(8, STATS_RELEASED, cet(11, 17, 10, 15));
	e[k++] = ev(8, STATS_CHECKED_IN, cet(11, 17, 10, 20));
	e[k++] = created(10, 3, cet(11, 17, 8, 0), cet(11, 17, 21, 0),
	                 cet(11, 17, 22, 0), true, false);
	e[k++] = created(12, 3, cet(11, 10, 9, 0), cet(11, 17, 18, 0),
	                 cet(11, 17, 19, 0), true, false);
	/* outside the period */
	e[k++] = created(20, 1, cet(11, 16, 8, 0), cet(11, 16, 17, 0),
	                 cet(11, 16, 18, 0), true, false);
	e[k++] = ev(20, STATS_CHECKED_IN, cet(11, 16, 17, 0));
	e[k++] = created(21, 4, cet(11, 16, 8, 0), cet(11, 18, 10, 0),
	                 cet(11, 18, 11, 0), true, false);
	*n = k;
}

static void test_day(void **state)
{
	tz_zone *tz = paris();
	stats_event script[64];
	size_t n = 0;
	stats *s;
	int64_t room = 0;
	cal_date monday = {0};
	const stats_figures total = {
	        .bookings = 12,
	        .due = 8,
	        .shows = 5,
	        .no_shows = 3,
	        .auto_released = 1,
	        .removed = 2,
	        .cancelled = 1,
	        .walk_ins = 1,
	        .checkin_rate = 5.0 / 8.0,
	        .no_show_rate = 3.0 / 8.0,
	        .booked_s = 30600,
	        .occupied_s = 16440,
	        .released_s = 7500,
	        .reclaimed_s = 3600,
	};
	const stats_figures rooms[3] = {
	        {.bookings = 4,
	         .due = 3,
	         .shows = 2,
	         .no_shows = 1,
	         .auto_released = 1,
	         .walk_ins = 1,
	         .checkin_rate = 2.0 / 3.0,
	         .no_show_rate = 1.0 / 3.0,
	         .booked_s = 12600,
	         .occupied_s = 9000,
	         .released_s = 2700,
	         .reclaimed_s = 1800},
	        {.bookings = 5,
	         .due = 3,
	         .shows = 2,
	         .no_shows = 1,
	         .removed = 2,
	         .cancelled = 1,
	         .checkin_rate = 2.0 / 3.0,
	         .no_show_rate = 1.0 / 3.0,
	         .booked_s = 10800,
	         .occupied_s = 5040,
	         .released_s = 4800,
	         .reclaimed_s = 1800},
	        {.bookings = 3,
	         .due = 2,
	         .shows = 1,
	         .no_shows = 1,
	         .checkin_rate = 0.5,
	         .no_show_rate = 0.5,
	         .booked_s = 7200,
	         .occupied_s = 2400},
	};
	const int64_t booked_tue[24] = {
	        [8] = 3600, [9] = 5400,  [10] = 8100, [11] = 3600,
	        [12] = 900, [13] = 5400, [18] = 3600};
	const int64_t occupied_tue[24] = {
	        [8] = 3600, [9] = 1800, [10] = 6600, [11] = 2700, [13] = 1740};

	(void)state;
	day_script(script, &n);
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	feed_by_time(s, script, n);
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);

	stats_expect_figures(stats_total(s), &total);
	assert_int_equal(stats_room_count(s), 3);
	for (size_t i = 0; i < 3; i++) {
		stats_expect_figures(stats_room(s, i, &room), &rooms[i]);
		assert_int_equal(room, (int64_t)i + 1);
	}
	assert_null(stats_room(s, 3, &room));

	for (int h = 0; h < 24; h++) {
		assert_int_equal(stats_booked_at(s, 1, h), booked_tue[h]);
		assert_int_equal(stats_occupied_at(s, 1, h), occupied_tue[h]);
	}
	/* Nothing on Monday (B20 is outside the period), nor elsewhere. */
	assert_int_equal(stats_booked_at(s, 0, 17), 0);
	assert_int_equal(sum_cells(s, false), 30600);
	assert_int_equal(sum_cells(s, true), 16440);
	assert_int_equal(stats_booked_at(s, 7, 0), 0);
	assert_int_equal(stats_booked_at(s, 1, 24), 0);
	assert_int_equal(stats_booked_at(s, -1, 10), 0);

	/* One ISO week, Monday 2026-11-16, holding everything. */
	assert_int_equal(stats_week_count(s), 1);
	stats_expect_figures(stats_week(s, 0, &monday), &total);
	assert_int_equal(monday.year, 2026);
	assert_int_equal(monday.month, 11);
	assert_int_equal(monday.day, 16);
	assert_null(stats_week(s, 1, &monday));

	/* Finished: no more events, no second finish. */
	assert_int_equal(stats_add(s, &script[0]), -1);
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), -1);
	stats_free(s);
	tz_free(tz);
}

/*
 * The same day fed booking by booking, bookings in reverse order, as of
 * NOW = 18:30: B12 (18:00-19:00, no check-in, no release recorded, end not
 * passed) is not due yet, like B10; everything else is as at 20:00. So due
 * 7, shows 5, no-shows 2 (B2, B5), booked 30600 - 3600 = 27000, Tuesday
 * 18:00 booked 0; occupied, released and reclaimed unchanged.
 */
static void test_day_now(void **state)
{
	tz_zone *tz = paris();
	stats_event script[64];
	size_t n = 0;
	stats *s;
	const stats_figures *f;

	(void)state;
	day_script(script, &n);
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	for (size_t i = n; i > 0; i--) {
		/* Bookings in reverse order, each one's events in order. */
		size_t first = i - 1;

		if (script[first].kind != STATS_CREATED)
			continue;
		for (size_t j = first; j < n; j++) {
			if (j > first && script[j].kind == STATS_CREATED)
				break;
			assert_int_equal(stats_add(s, &script[j]), 0);
		}
	}
	assert_int_equal(stats_finish(s, cet(11, 17, 18, 30)), 0);
	f = stats_total(s);
	assert_int_equal(f->bookings, 12);
	assert_int_equal(f->due, 7);
	assert_int_equal(f->shows, 5);
	assert_int_equal(f->no_shows, 2);
	assert_int_equal(f->booked_s, 27000);
	assert_int_equal(f->occupied_s, 16440);
	assert_int_equal(f->released_s, 7500);
	assert_int_equal(f->reclaimed_s, 3600);
	assert_int_equal(stats_booked_at(s, 1, 18), 0);
	stats_free(s);
	tz_free(tz);
}

/*
 * "Not due yet" at its boundary: a confirmed 10:00-11:00 booking with no
 * event after its creation is not due while NOW < 11:00 (10:59:59) and a
 * no-show from 11:00 on. Once released (10:15) it is due at once. Checked
 * in before its start it is a show even before the start.
 */
static void test_not_due_yet(void **state)
{
	tz_zone *tz = paris();
	stats_event plain = created(1, 1, cet(11, 16, 9, 0), cet(11, 17, 10, 0),
	                            cet(11, 17, 11, 0), true, false);
	stats_event early = ev(1, STATS_CHECKED_IN, cet(11, 17, 9, 55));
	stats_event rel = ev(1, STATS_RELEASED, cet(11, 17, 10, 15));
	const porte_time nows[] = {cet(11, 17, 11, 0) - 1, cet(11, 17, 11, 0)};
	stats *s;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
		assert_non_null(s);
		assert_int_equal(stats_add(s, &plain), 0);
		assert_int_equal(stats_finish(s, nows[i]), 0);
		assert_int_equal(stats_total(s)->bookings, 1);
		assert_int_equal(stats_total(s)->due, (int64_t)i);
		assert_int_equal(stats_total(s)->no_shows, (int64_t)i);
		assert_int_equal(stats_total(s)->booked_s, (int64_t)i * 3600);
		stats_free(s);
	}

	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	assert_int_equal(stats_add(s, &plain), 0);
	assert_int_equal(stats_add(s, &rel), 0);
	assert_int_equal(stats_finish(s, cet(11, 17, 10, 16)), 0);
	assert_int_equal(stats_total(s)->due, 1);
	assert_int_equal(stats_total(s)->no_shows, 1);
	assert_int_equal(stats_total(s)->released_s, 2700);
	stats_free(s);

	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	assert_int_equal(stats_add(s, &plain), 0);
	assert_int_equal(stats_add(s, &early), 0);
	assert_int_equal(stats_finish(s, cet(11, 17, 9, 56)), 0);
	assert_int_equal(stats_total(s)->due, 1);
	assert_int_equal(stats_total(s)->shows, 1);
	assert_int_equal(stats_total(s)->occupied_s, 3600);
	stats_free(s);
	tz_free(tz);
}

/*
 * Removal and cancellation at the start: "before its start" is strict. A
 * 10:00-11:00 booking removed at 09:59:59 is not due; removed at 10:00:00
 * it is due, a no-show, all 3600 s released. A cancellation at 10:00 reads
 * the same way.
 */
static void test_removed_at_start(void **state)
{
	tz_zone *tz = paris();
	const porte_time start = cet(11, 17, 10, 0);
	const struct {
		stats_event_kind kind;
		porte_time at;
		int64_t due;
		int64_t released;
	} cases[] = {
	        {STATS_REMOVED, start - 1, 0, 0},
	        {STATS_REMOVED, start, 1, 3600},
	        {STATS_CANCELLED, start - 1, 0, 0},
	        {STATS_CANCELLED, start, 1, 3600},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stats *s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
		stats_event c = created(1, 1, cet(11, 16, 9, 0), start,
		                        start + H, true, false);
		stats_event x = ev(1, cases[i].kind, cases[i].at);
		const stats_figures *f;

		assert_non_null(s);
		assert_int_equal(stats_add(s, &c), 0);
		assert_int_equal(stats_add(s, &x), 0);
		assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
		f = stats_total(s);
		assert_int_equal(f->due, cases[i].due);
		assert_int_equal(f->no_shows, cases[i].due);
		assert_int_equal(f->released_s, cases[i].released);
		assert_int_equal(f->removed, cases[i].kind == STATS_REMOVED);
		assert_int_equal(f->cancelled,
		                 cases[i].kind == STATS_CANCELLED);
		stats_free(s);
	}
	tz_free(tz);
}

/*
 * Reclaimed needs a booking created at or after the release. Room 1: A
 * 10:00-11:00 checked in at 10:00, "end now" at 10:30, releasing
 * 10:30-11:00 (1800). B holds 10:30-11:00, checked in at 10:30:
 *  - B created 10:29:59 (before the release): reclaimed 0;
 *  - B created 10:30:00 (the same second): reclaimed 1800;
 *  - B created 10:40 but never confirmed (holds nothing): reclaimed 0;
 *  - B in another room, created 10:40: reclaimed 0.
 * B created at 10:40 for 10:45-11:00 in room 1: reclaimed 900; created at
 * 10:32 for 10:35-10:45 (nothing holds 10:30-10:35 nor 10:45-11:00):
 * reclaimed 600.
 */
static void test_reclaimed_boundary(void **state)
{
	tz_zone *tz = paris();
	const struct {
		porte_time created, start, end;
		bool confirmed;
		int64_t room;
		int64_t reclaimed;
	} cases[] = {
	        {cet(11, 17, 10, 30) - 1, cet(11, 17, 10, 30),
	         cet(11, 17, 11, 0), true, 1, 0},
	        {cet(11, 17, 10, 30), cet(11, 17, 10, 30), cet(11, 17, 11, 0),
	         true, 1, 1800},
	        {cet(11, 17, 10, 40), cet(11, 17, 10, 45), cet(11, 17, 11, 0),
	         false, 1, 0},
	        {cet(11, 17, 10, 40), cet(11, 17, 10, 45), cet(11, 17, 11, 0),
	         true, 2, 0},
	        {cet(11, 17, 10, 40), cet(11, 17, 10, 45), cet(11, 17, 11, 0),
	         true, 1, 900},
	        {cet(11, 17, 10, 32), cet(11, 17, 10, 35), cet(11, 17, 10, 45),
	         true, 1, 600},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stats *s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
		stats_event evs[] = {
		        created(1, 1, cet(11, 17, 9, 0), cet(11, 17, 10, 0),
		                cet(11, 17, 11, 0), true, false),
		        ev(1, STATS_CHECKED_IN, cet(11, 17, 10, 0)),
		        ev(1, STATS_ENDED, cet(11, 17, 10, 30)),
		        created(2, cases[i].room, cases[i].created,
		                cases[i].start, cases[i].end,
		                cases[i].confirmed, false),
		};
		stats_event in = ev(2, STATS_CHECKED_IN, cases[i].start);

		assert_non_null(s);
		for (size_t j = 0; j < sizeof(evs) / sizeof(evs[0]); j++)
			assert_int_equal(stats_add(s, &evs[j]), 0);
		if (cases[i].confirmed)
			assert_int_equal(stats_add(s, &in), 0);
		assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
		assert_int_equal(stats_total(s)->released_s, 1800);
		assert_int_equal(stats_total(s)->reclaimed_s,
		                 cases[i].reclaimed);
		stats_free(s);
	}
	tz_free(tz);
}

/*
 * Two releases in one room are told apart by their instants. Room 1: A1
 * 09:00-10:00 checked in, "end now" at 09:30 (releases 09:30-10:00); A2
 * 10:00-11:00 checked in, "end now" at 10:30 (releases 10:30-11:00). B,
 * created at 10:29:59 (after A1's release, before A2's), holds 10:30-11:00
 * (overlapping data): it covers none of A1's released time and was created
 * too early for A2's: reclaimed 0. C, created at 09:40, holds 09:45-10:00:
 * 900 of A1's. Total reclaimed 900, released 3600.
 */
static void test_reclaimed_two_releases(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	stats_event evs[] = {
	        created(1, 1, cet(11, 17, 8, 0), cet(11, 17, 9, 0),
	                cet(11, 17, 10, 0), true, false),
	        ev(1, STATS_CHECKED_IN, cet(11, 17, 9, 0)),
	        ev(1, STATS_ENDED, cet(11, 17, 9, 30)),
	        created(2, 1, cet(11, 17, 8, 0), cet(11, 17, 10, 0),
	                cet(11, 17, 11, 0), true, false),
	        ev(2, STATS_CHECKED_IN, cet(11, 17, 10, 0)),
	        ev(2, STATS_ENDED, cet(11, 17, 10, 30)),
	        created(3, 1, cet(11, 17, 10, 30) - 1, cet(11, 17, 10, 30),
	                cet(11, 17, 11, 0), true, false),
	        ev(3, STATS_CHECKED_IN, cet(11, 17, 10, 30)),
	        created(4, 1, cet(11, 17, 9, 40), cet(11, 17, 9, 45),
	                cet(11, 17, 10, 0), true, false),
	        ev(4, STATS_CHECKED_IN, cet(11, 17, 9, 45)),
	};

	(void)state;
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	feed_by_time(s, evs, sizeof(evs) / sizeof(evs[0]));
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
	assert_int_equal(stats_total(s)->released_s, 3600);
	assert_int_equal(stats_total(s)->reclaimed_s, 900);
	stats_free(s);
	tz_free(tz);
}

static uint64_t rng_next(uint64_t *x)
{
	*x = *x * 6364136223846793005u + 1442695040888963407u;
	return *x >> 33;
}

#define RND_ROOMS 4
#define RND_PER_ROOM 40
#define RND_MINUTES 600

/*
 * Reclaimed time against a brute force on random, overlapping data. Each
 * booking (confirmed, start and end on whole minutes of one day) is checked
 * in at its start and ends early at a random minute X, or is released at X
 * without a check-in: it holds [start, X) and releases [X, end) at X. Its
 * creation is random, from 2 h before its start to its start. For every
 * release the test marks, minute by minute, what the other bookings of the
 * room created at or after X hold, and counts the marked minutes.
 */
static void test_reclaimed_random(void **state)
{
	tz_zone *tz = paris();
	const porte_time day = cet(11, 17, 0, 0);
	uint64_t seed = 42;

	(void)state;
	for (int round = 0; round < 20; round++) {
		struct {
			int start, end, x, created;
		} b[RND_ROOMS][RND_PER_ROOM];
		stats_event evs[RND_ROOMS * RND_PER_ROOM * 3];
		size_t n = 0;
		int64_t want = 0;
		stats *s;

		for (int r = 0; r < RND_ROOMS; r++) {
			for (int i = 0; i < RND_PER_ROOM; i++) {
				int start = 120 + (int)(rng_next(&seed) % 400);
				int len = 15 + (int)(rng_next(&seed) % 60);
				int x = start + (int)(rng_next(&seed) %
				                      (unsigned)(len + 1));
				int64_t id = r * 1000 + i + 1;

				b[r][i].start = start;
				b[r][i].end = start + len;
				b[r][i].x = x;
				b[r][i].created =
				        start - (int)(rng_next(&seed) % 121);
				evs[n++] = created(
				        id, r + 1, day + b[r][i].created * M,
				        day + start * M,
				        day + (start + len) * M, true, false);
				if (rng_next(&seed) % 2 == 0) {
					evs[n++] = ev(id, STATS_CHECKED_IN,
					              day + start * M);
					evs[n++] = ev(id, STATS_ENDED,
					              day + x * M);
				} else {
					evs[n++] = ev(id, STATS_RELEASED,
					              day + x * M);
				}
			}
		}
		for (int r = 0; r < RND_ROOMS; r++) {
			for (int i = 0; i < RND_PER_ROOM; i++) {
				bool held[RND_MINUTES] = {false};

				for (int j = 0; j < RND_PER_ROOM; j++) {
					if (j == i ||
					    b[r][j].created < b[r][i].x)
						continue;
					for (int m = b[r][j].start;
					     m < b[r][j].x; m++)
						held[m] = true;
				}
				for (int m = b[r][i].x; m < b[r][i].end; m++)
					want += held[m] ? M : 0;
			}
		}
		s = stats_new(tz, day, day + 24 * H);
		assert_non_null(s);
		feed_by_time(s, evs, n);
		assert_int_equal(stats_finish(s, day + 24 * H), 0);
		assert_int_equal(stats_total(s)->reclaimed_s, want);
		stats_free(s);
	}
	tz_free(tz);
}

/* ---- a scripted month ---- */

/*
 * November 2026 in Paris (CET all month), period [Nov 1 00:00, Dec 1 00:00)
 * local, one room. Every day d = 1..30 a confirmed booking 10:00-11:00: when
 * d is a multiple of 3 it is released at 10:15 (no-show, 2700 s released),
 * otherwise checked in at 10:00 (show, 3600 s occupied). On Monday Nov 23
 * an extra booking 00:30-01:00 local (Sunday 23:30-24:00 UTC), checked in:
 * it belongs to the week of Monday 23 by its local date. Not counted: Oct
 * 31 10:00 (before FROM) and Dec 1 10:00 (at or after TO).
 *
 * Nov 1 is a Sunday, Nov 30 a Monday: the ISO weeks overlapping the period
 * start on Oct 26, Nov 2, 9, 16, 23 and 30 (6 weeks).
 *  Oct 26: day 1 -> 1 booking, 1 show; booked 3600, occupied 3600.
 *  Nov 2:  days 2..8, no-shows 3 and 6 -> 7 bookings, 5 shows, 2 no-shows;
 *          booked 25200, occupied 18000, released 5400.
 *  Nov 9:  days 9..15, no-shows 9, 12, 15 -> 7, 4 shows, 3 no-shows;
 *          booked 25200, occupied 14400, released 8100.
 *  Nov 16: days 16..22, no-shows 18, 21 -> 7, 5, 2; 25200, 18000, 5400.
 *  Nov 23: days 23..29, no-shows 24, 27, plus the 00:30 booking -> 8
 *          bookings, 6 shows, 2 no-shows; booked 25200 + 1800 = 27000,
 *          occupied 18000 + 1800 = 19800, released 5400.
 *  Nov 30: day 30 -> 1 booking, 0 shows, 1 no-show; booked 3600,
 *          occupied 0, released 2700; check-in rate 0, no-show rate 1.
 * Total: 31 bookings, 21 shows, 10 no-shows; booked 30 * 3600 + 1800 =
 *  109800; occupied 20 * 3600 + 1800 = 73800; released 10 * 2700 = 27000.
 * Tuesday 10:00 (Nov 3, 10, 17, 24; 3 and 24 no-shows): booked 14400,
 * occupied 7200. Monday hour 0 holds the extra booking: 1800; Sunday hour
 * 23 nothing.
 */
static void test_month(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	stats_event e;
	int64_t id = 1;
	cal_date monday = {0};
	const struct {
		int month, day;
		int64_t bookings, shows, no_shows, booked, occupied, released;
	} weeks[6] = {
	        {10, 26, 1, 1, 0, 3600, 3600, 0},
	        {11, 2, 7, 5, 2, 25200, 18000, 5400},
	        {11, 9, 7, 4, 3, 25200, 14400, 8100},
	        {11, 16, 7, 5, 2, 25200, 18000, 5400},
	        {11, 23, 8, 6, 2, 27000, 19800, 5400},
	        {11, 30, 1, 0, 1, 3600, 0, 2700},
	};
	const stats_figures *f;

	(void)state;
	s = stats_new(tz, cet(11, 1, 0, 0), cet(12, 1, 0, 0));
	assert_non_null(s);
	for (int d = 0; d <= 31; d++) {
		int month = d == 0 ? 10 : d == 31 ? 12 : 11;
		int day = d == 0 ? 31 : d == 31 ? 1 : d;
		porte_time start = cet(month, day, 10, 0);

		e = created(id, 1, start - 24 * H, start, start + H, true,
		            false);
		assert_int_equal(stats_add(s, &e), 0);
		if (d % 3 == 0)
			e = ev(id, STATS_RELEASED, start + 15 * M);
		else
			e = ev(id, STATS_CHECKED_IN, start);
		assert_int_equal(stats_add(s, &e), 0);
		id++;
	}
	e = created(id, 1, cet(11, 20, 9, 0), cet(11, 23, 0, 30),
	            cet(11, 23, 1, 0), true, false);
	assert_int_equal(e.start, utc(2026, 11, 22, 23, 30));
	assert_int_equal(stats_add(s, &e), 0);
	e = ev(id, STATS_CHECKED_IN, cet(11, 23, 0, 30));
	assert_int_equal(stats_add(s, &e), 0);
	assert_int_equal(stats_finish(s, cet(12, 15, 0, 0)), 0);

	f = stats_total(s);
	assert_int_equal(f->bookings, 31);
	assert_int_equal(f->due, 31);
	assert_int_equal(f->shows, 21);
	assert_int_equal(f->no_shows, 10);
	assert_int_equal(f->auto_released, 10);
	assert_int_equal(f->booked_s, 109800);
	assert_int_equal(f->occupied_s, 73800);
	assert_int_equal(f->released_s, 27000);
	assert_int_equal(f->reclaimed_s, 0);
	assert_true(f->checkin_rate == 21.0 / 31.0);

	assert_int_equal(stats_week_count(s), 6);
	for (size_t w = 0; w < 6; w++) {
		f = stats_week(s, w, &monday);
		assert_non_null(f);
		assert_int_equal(monday.year, 2026);
		assert_int_equal(monday.month, weeks[w].month);
		assert_int_equal(monday.day, weeks[w].day);
		assert_int_equal(f->bookings, weeks[w].bookings);
		assert_int_equal(f->due, weeks[w].bookings);
		assert_int_equal(f->shows, weeks[w].shows);
		assert_int_equal(f->no_shows, weeks[w].no_shows);
		assert_int_equal(f->booked_s, weeks[w].booked);
		assert_int_equal(f->occupied_s, weeks[w].occupied);
		assert_int_equal(f->released_s, weeks[w].released);
		assert_true(f->checkin_rate ==
		            (double)weeks[w].shows / (double)weeks[w].bookings);
	}
	f = stats_week(s, 5, NULL);
	assert_true(f->checkin_rate == 0.0);
	assert_true(f->no_show_rate == 1.0);

	assert_int_equal(stats_booked_at(s, 1, 10), 14400);
	assert_int_equal(stats_occupied_at(s, 1, 10), 7200);
	assert_int_equal(stats_booked_at(s, 0, 0), 1800);
	assert_int_equal(stats_booked_at(s, 6, 23), 0);
	stats_free(s);
	tz_free(tz);
}

/* ---- daylight saving ---- */

/*
 * Sunday 2026-10-25, Paris: at 03:00 CEST the clocks go back to 02:00 CET
 * (01:00 UTC); the day has 25 hours. A booking 01:30 (CEST, 23:30 UTC the
 * day before) to 03:30 (CET, 02:30 UTC), checked in at its start, lasts 3
 * real hours: booked = occupied = 10800. Sunday (weekday 6) by hour: 1 ->
 * 1800 (01:30-02:00), 2 -> 7200 (02:00-03:00 twice), 3 -> 1800.
 *
 * Sunday 2026-03-29: at 02:00 CET the clocks jump to 03:00 CEST (01:00
 * UTC); the day has 23 hours and no hour 2. A booking 01:30 (CET, 00:30
 * UTC) to 03:30 (CEST, 01:30 UTC) lasts 1 hour: hour 1 -> 1800, hour 2 ->
 * 0, hour 3 -> 1800.
 */
static void test_dst(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	stats_event e[2];
	cal_date monday = {0};

	(void)state;
	e[0] = created(1, 1, utc(2026, 10, 20, 9, 0), cest(10, 25, 1, 30),
	               utc(2026, 10, 25, 3, 30) - H, true, false);
	e[1] = ev(1, STATS_CHECKED_IN, e[0].start);
	assert_int_equal(e[0].start, utc(2026, 10, 24, 23, 30));
	assert_int_equal(e[0].end, utc(2026, 10, 25, 2, 30));
	/* The local day: 00:00 CEST (22:00 UTC) to 24:00 CET (23:00 UTC). */
	s = stats_new(tz, utc(2026, 10, 24, 22, 0), utc(2026, 10, 25, 23, 0));
	assert_non_null(s);
	assert_int_equal(stats_add(s, &e[0]), 0);
	assert_int_equal(stats_add(s, &e[1]), 0);
	assert_int_equal(stats_finish(s, utc(2026, 10, 26, 0, 0)), 0);
	assert_int_equal(stats_total(s)->booked_s, 10800);
	assert_int_equal(stats_total(s)->occupied_s, 10800);
	assert_int_equal(stats_booked_at(s, 6, 0), 0);
	assert_int_equal(stats_booked_at(s, 6, 1), 1800);
	assert_int_equal(stats_booked_at(s, 6, 2), 7200);
	assert_int_equal(stats_booked_at(s, 6, 3), 1800);
	assert_int_equal(stats_booked_at(s, 6, 4), 0);
	assert_int_equal(stats_occupied_at(s, 6, 2), 7200);
	/* Saturday (the UTC date of the start) gets nothing. */
	assert_int_equal(stats_booked_at(s, 5, 23), 0);
	assert_int_equal(stats_week_count(s), 1);
	assert_non_null(stats_week(s, 0, &monday));
	assert_int_equal(monday.month, 10);
	assert_int_equal(monday.day, 19);
	assert_int_equal(stats_week(s, 0, NULL)->booked_s, 10800);
	stats_free(s);

	e[0] = created(1, 1, utc(2026, 3, 20, 9, 0), utc(2026, 3, 29, 0, 30),
	               utc(2026, 3, 29, 1, 30), true, false);
	e[1] = ev(1, STATS_CHECKED_IN, e[0].start);
	/* The local day: 00:00 CET (23:00 UTC) to 24:00 CEST (22:00 UTC). */
	s = stats_new(tz, utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 22, 0));
	assert_non_null(s);
	assert_int_equal(stats_add(s, &e[0]), 0);
	assert_int_equal(stats_add(s, &e[1]), 0);
	assert_int_equal(stats_finish(s, utc(2026, 3, 30, 0, 0)), 0);
	assert_int_equal(stats_total(s)->booked_s, 3600);
	assert_int_equal(stats_booked_at(s, 6, 1), 1800);
	assert_int_equal(stats_booked_at(s, 6, 2), 0);
	assert_int_equal(stats_booked_at(s, 6, 3), 1800);
	assert_int_equal(stats_occupied_at(s, 6, 3), 1800);
	stats_free(s);
	tz_free(tz);
}

/*
 * A change that is not on a wall hour: St. John's (Newfoundland) moved its
 * clocks at 00:01 local until 2011. On Sunday 2010-03-14 at 00:01 NST
 * (UTC-3:30, 03:31 UTC) the clock jumped to 01:01 NDT (UTC-2:30). A
 * booking 03:30-05:30 UTC (00:00 NST to 03:00 NDT, 2 real hours): hour 0
 * gets 00:00-00:01 = 60, hour 1 01:01-02:00 = 3540, hour 2 3600.
 */
static void test_mid_hour_change(void **state)
{
	tz_zone *tz = NULL;
	stats *s;
	stats_event e =
	        created(1, 1, utc(2010, 3, 1, 0, 0), utc(2010, 3, 14, 3, 30),
	                utc(2010, 3, 14, 5, 30), true, false);

	(void)state;
	assert_int_equal(tz_load("America/St_Johns", &tz, NULL), 0);
	s = stats_new(tz, utc(2010, 3, 14, 3, 30), utc(2010, 3, 15, 2, 30));
	assert_non_null(s);
	assert_int_equal(stats_add(s, &e), 0);
	assert_int_equal(stats_finish(s, utc(2010, 3, 16, 0, 0)), 0);
	assert_int_equal(stats_total(s)->booked_s, 7200);
	assert_int_equal(stats_booked_at(s, 6, 0), 60);
	assert_int_equal(stats_booked_at(s, 6, 1), 3540);
	assert_int_equal(stats_booked_at(s, 6, 2), 3600);
	assert_int_equal(stats_booked_at(s, 6, 3), 0);
	assert_int_equal(stats_booked_at(s, 5, 23), 0);
	stats_free(s);
	tz_free(tz);
}

/* ---- the period's edges ---- */

/*
 * Period: Tuesday 2026-11-17, [00:00, 24:00) local.
 *  C1 room 3, Mon 23:30 - Tue 00:30, checked in: starts before FROM, not
 *     counted at all (nor its Tuesday 00:00-00:30), and room 3 is not
 *     listed.
 *  C2 room 1, Tue 23:30 - Wed 00:30, checked in at 23:30: counted; booked
 *     and occupied clipped to 1800; Wednesday hour 0 gets nothing.
 *  C3 room 1, Tue 00:00-00:30 (starts exactly at FROM), released 00:15:
 *     no-show; booked 1800; released 900.
 *  C4 room 3, Wed 00:00-01:00 (starts exactly at TO): not counted.
 *  C5 room 2, Tue 23:00 - Wed 01:00, released 23:15: no-show; booked
 *     clipped 3600; released 23:15-24:00 = 2700.
 * Total: bookings 3, due 3, shows 1, no-shows 2, auto-released 2; booked
 * 1800 + 1800 + 3600 = 7200; occupied 1800; released 900 + 2700 = 3600.
 * Tuesday hour 23: booked 1800 + 3600 = 5400, occupied 1800; hour 0: booked
 * 1800 (C3 only).
 */
static void test_period_clipping(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	const stats_figures *f;
	stats_event evs[] = {
	        created(1, 3, cet(11, 16, 9, 0), cet(11, 16, 23, 30),
	                cet(11, 17, 0, 30), true, false),
	        ev(1, STATS_CHECKED_IN, cet(11, 16, 23, 30)),
	        created(2, 1, cet(11, 16, 9, 0), cet(11, 17, 23, 30),
	                cet(11, 18, 0, 30), true, false),
	        ev(2, STATS_CHECKED_IN, cet(11, 17, 23, 30)),
	        created(3, 1, cet(11, 16, 9, 0), cet(11, 17, 0, 0),
	                cet(11, 17, 0, 30), true, false),
	        ev(3, STATS_RELEASED, cet(11, 17, 0, 15)),
	        created(4, 3, cet(11, 16, 9, 0), cet(11, 18, 0, 0),
	                cet(11, 18, 1, 0), true, false),
	        created(5, 2, cet(11, 16, 9, 0), cet(11, 17, 23, 0),
	                cet(11, 18, 1, 0), true, false),
	        ev(5, STATS_RELEASED, cet(11, 17, 23, 15)),
	};

	(void)state;
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	feed_by_time(s, evs, sizeof(evs) / sizeof(evs[0]));
	assert_int_equal(stats_finish(s, cet(11, 18, 12, 0)), 0);
	f = stats_total(s);
	assert_int_equal(f->bookings, 3);
	assert_int_equal(f->due, 3);
	assert_int_equal(f->shows, 1);
	assert_int_equal(f->no_shows, 2);
	assert_int_equal(f->auto_released, 2);
	assert_int_equal(f->booked_s, 7200);
	assert_int_equal(f->occupied_s, 1800);
	assert_int_equal(f->released_s, 3600);
	assert_int_equal(stats_booked_at(s, 1, 23), 5400);
	assert_int_equal(stats_occupied_at(s, 1, 23), 1800);
	assert_int_equal(stats_booked_at(s, 1, 0), 1800);
	assert_int_equal(stats_occupied_at(s, 1, 0), 0);
	assert_int_equal(stats_booked_at(s, 2, 0), 0);
	assert_int_equal(stats_booked_at(s, 0, 23), 0);
	assert_int_equal(stats_room_count(s), 2);
	stats_free(s);
	tz_free(tz);
}

/* ---- refused input ---- */

/*
 * Booking 1: created at 08:00 for 10:00-11:00, checked in at 10:05, ended
 * at 10:30. Refused on the way, and without effect: a release at 10:04
 * (older than the check-in), a check-in at 10:29 (older than the end).
 * Equal times are in order. So: show, occupied 10:05-10:30 = 1500, released
 * 1800, not auto-released.
 */
static void test_out_of_order(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	const stats_figures *f;
	stats_event e;

	(void)state;
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	e = created(1, 1, cet(11, 17, 8, 0), cet(11, 17, 10, 0),
	            cet(11, 17, 11, 0), true, false);
	assert_int_equal(stats_add(s, &e), 0);
	e = ev(1, STATS_CONFIRMED, cet(11, 17, 8, 0) - 1);
	assert_int_equal(stats_add(s, &e), -1);
	e = ev(1, STATS_CONFIRMED, cet(11, 17, 8, 0));
	assert_int_equal(stats_add(s, &e), 0);
	e = ev(1, STATS_CHECKED_IN, cet(11, 17, 10, 5));
	assert_int_equal(stats_add(s, &e), 0);
	e = ev(1, STATS_RELEASED, cet(11, 17, 10, 4));
	assert_int_equal(stats_add(s, &e), -1);
	e = ev(1, STATS_ENDED, cet(11, 17, 10, 30));
	assert_int_equal(stats_add(s, &e), 0);
	e = ev(1, STATS_CHECKED_IN, cet(11, 17, 10, 29));
	assert_int_equal(stats_add(s, &e), -1);
	/* After the end, events in order are accepted and ignored. */
	e = extended(1, cet(11, 17, 10, 31), cet(11, 17, 11, 30));
	assert_int_equal(stats_add(s, &e), 0);
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
	f = stats_total(s);
	assert_int_equal(f->shows, 1);
	assert_int_equal(f->occupied_s, 1500);
	assert_int_equal(f->released_s, 1800);
	assert_int_equal(f->booked_s, 3600);
	assert_int_equal(f->auto_released, 0);
	stats_free(s);
	tz_free(tz);
}

/* Events stats_add refuses, whatever their time. */
static void test_refused(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	stats_event e;

	(void)state;
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	/* No STATS_CREATED first. */
	e = ev(7, STATS_CHECKED_IN, cet(11, 17, 10, 0));
	assert_int_equal(stats_add(s, &e), -1);
	/* END not after START. */
	e = created(1, 1, cet(11, 17, 8, 0), cet(11, 17, 10, 0),
	            cet(11, 17, 10, 0), true, false);
	assert_int_equal(stats_add(s, &e), -1);
	e.end = e.start + 1;
	assert_int_equal(stats_add(s, &e), 0);
	/* A second STATS_CREATED. */
	assert_int_equal(stats_add(s, &e), -1);
	e = extended(1, cet(11, 17, 9, 0), cet(11, 17, 10, 0));
	assert_int_equal(stats_add(s, &e), -1);
	e.kind = (stats_event_kind)42;
	assert_int_equal(stats_add(s, &e), -1);
	e.kind = (stats_event_kind)-1;
	assert_int_equal(stats_add(s, &e), -1);
	assert_int_equal(stats_add(s, NULL), -1);
	assert_int_equal(stats_add(NULL, &e), -1);
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
	/* Only the 1-second booking got in. */
	assert_int_equal(stats_total(s)->bookings, 1);
	assert_int_equal(stats_total(s)->booked_s, 1);
	stats_free(s);

	/* Periods refused: before 1970, beyond year 9999, over 100 years. */
	assert_null(stats_new(tz, -1, 10));
	assert_null(stats_new(tz, 0, (porte_time)300000000000));
	assert_null(stats_new(tz, 0, (porte_time)36601 * 86400));
	assert_null(stats_new(NULL, 0, 10));
	s = stats_new(tz, 0, (porte_time)36600 * 86400);
	assert_non_null(s);
	stats_free(s);
	stats_free(NULL);
	tz_free(tz);
}

/* No events: zero everywhere, rates 0 (no division by zero). */
static void test_empty(void **state)
{
	tz_zone *tz = paris();
	stats *s;
	const stats_figures zero = {0};

	(void)state;
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 18, 0, 0));
	assert_non_null(s);
	/* Before stats_finish every figure reads 0. */
	stats_expect_figures(stats_total(s), &zero);
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
	stats_expect_figures(stats_total(s), &zero);
	assert_int_equal(stats_room_count(s), 0);
	assert_null(stats_room(s, 0, NULL));
	assert_int_equal(stats_week_count(s), 1);
	stats_expect_figures(stats_week(s, 0, NULL), &zero);
	assert_int_equal(sum_cells(s, false), 0);
	stats_free(s);

	/* An empty period: no weeks, nothing counted. */
	s = stats_new(tz, cet(11, 17, 0, 0), cet(11, 17, 0, 0));
	assert_non_null(s);
	{
		stats_event e =
		        created(1, 1, cet(11, 16, 8, 0), cet(11, 17, 0, 0),
		                cet(11, 17, 1, 0), true, true);

		assert_int_equal(stats_add(s, &e), 0);
	}
	assert_int_equal(stats_finish(s, cet(11, 17, 20, 0)), 0);
	assert_int_equal(stats_week_count(s), 0);
	assert_null(stats_week(s, 0, NULL));
	stats_expect_figures(stats_total(s), &zero);
	stats_free(s);
	tz_free(tz);
}

/* ---- merging ---- */

/* EVS (N, booking ids 1..) split into PARTS accumulators by room (room %
 * PARTS), each finished at NOW, merged into the first: the same figures
 * as WHOLE, one accumulator fed with everything. */
static void expect_merged(const tz_zone *tz, porte_time from, porte_time to,
                          porte_time now, const stats_event *evs, size_t n,
                          int parts, const stats *whole)
{
	stats *part[8];
	int64_t *room_of = calloc(n + 2, sizeof(*room_of));

	assert_true(parts >= 1 && parts <= 8);
	assert_non_null(room_of);
	for (int p = 0; p < parts; p++) {
		part[p] = stats_new(tz, from, to);
		assert_non_null(part[p]);
	}
	for (size_t i = 0; i < n; i++) {
		int64_t b = evs[i].booking_id;

		assert_true(b >= 1 && (size_t)b <= n + 1);
		if (evs[i].kind == STATS_CREATED)
			room_of[b] = evs[i].room_id;
		assert_int_equal(stats_add(part[room_of[b] % parts], &evs[i]),
		                 0);
	}
	for (int p = 0; p < parts; p++)
		assert_int_equal(stats_finish(part[p], now), 0);
	for (int p = 1; p < parts; p++) {
		assert_int_equal(stats_merge(part[0], part[p]), 0);
		/* Twice is a room in common: refused, nothing changed. */
		assert_int_equal(stats_merge(part[0], part[p]), -1);
	}
	stats_expect_same(part[0], whole);
	for (int p = 0; p < parts; p++)
		stats_free(part[p]);
	free(room_of);
}

static void test_merge(void **state)
{
	tz_zone *tz = paris();
	const porte_time from = utc(2026, 3, 2, 0, 0);
	const porte_time to = utc(2026, 3, 9, 0, 0);
	stats_event e1 = created(1, 1, from - H, from + 9 * H, from + 10 * H,
	                         true, false);
	stats_event e2 = created(2, 2, from - H, from + 9 * H, from + 10 * H,
	                         true, false);
	stats_event e3 = created(3, 1, from - H, from + 30 * H, from + 31 * H,
	                         true, false);
	stats *a = stats_new(tz, from, to);
	stats *b = stats_new(tz, from, to);
	stats *c = stats_new(tz, from, to + 86400);
	stats *d = stats_new(tz, from, to);
	stats *empty = stats_new(tz, from, to);

	(void)state;
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_non_null(d);
	assert_non_null(empty);
	assert_int_equal(stats_add(a, &e1), 0);
	assert_int_equal(stats_add(b, &e2), 0);
	assert_int_equal(stats_add(c, &e2), 0);
	assert_int_equal(stats_add(d, &e3), 0);
	/* Not finished yet. */
	assert_int_equal(stats_merge(a, b), -1);
	assert_int_equal(stats_finish(a, to), 0);
	assert_int_equal(stats_merge(a, b), -1);
	assert_int_equal(stats_finish(b, to), 0);
	assert_int_equal(stats_finish(c, to), 0);
	assert_int_equal(stats_finish(d, to), 0);
	assert_int_equal(stats_finish(empty, to), 0);
	/* Another period; itself; NULL; room 1 in both. */
	assert_int_equal(stats_merge(a, c), -1);
	assert_int_equal(stats_merge(a, a), -1);
	assert_int_equal(stats_merge(a, NULL), -1);
	assert_int_equal(stats_merge(NULL, a), -1);
	assert_int_equal(stats_merge(a, d), -1);
	assert_int_equal(stats_total(a)->bookings, 1);
	assert_int_equal(stats_room_count(a), 1);
	/* Room 2 added, then nothing. */
	assert_int_equal(stats_merge(a, b), 0);
	assert_int_equal(stats_merge(a, empty), 0);
	assert_int_equal(stats_total(a)->bookings, 2);
	assert_int_equal(stats_total(a)->no_shows, 2);
	assert_true(stats_total(a)->no_show_rate == 1.0);
	assert_int_equal(stats_room_count(a), 2);
	assert_int_equal(stats_room(a, 1, NULL)->booked_s, 3600);
	assert_int_equal(stats_booked_at(a, 0, 10), 7200); /* Monday 10:00 */
	assert_int_equal(stats_week(a, 0, NULL)->bookings, 2);
	/* An empty one into an empty one. */
	assert_int_equal(stats_merge(empty, c), -1);
	stats_free(a);
	stats_free(b);
	stats_free(c);
	stats_free(d);
	stats_free(empty);
	tz_free(tz);
}

/* ---- a large input ---- */

/*
 * 200 rooms x 100 days x 10 one-hour slots (08:00-18:00 UTC, in [Jan 5,
 * Apr 15) 2026) = 200,000 bookings, each of a random kind (fixed seed):
 *  0 show, checked in K minutes late (K in 0..10): occupied 3600 - 60 K;
 *  1 no-show released at +15: released 2700;
 *  2 no-show released at +15, then a walk-in created at +16 for +30..+60,
 *    checked in: one more booking (a show and a walk-in), booked 1800,
 *    occupied 1800; the no-show's 2700 released, 1800 of it reclaimed;
 *  3 checked in at the start, "end now" at +30: occupied 1800, released
 *    1800;
 *  4 pending, never confirmed: a booking, nothing else;
 *  5 confirmed, cancelled the day before: a booking and a cancellation.
 * The expected totals are counted kind by kind as the input is generated;
 * rooms, weeks and weekday x hour cells must add up to them.
 */
static void test_large(void **state)
{
	tz_zone *tz = paris();
	const porte_time base = utc(2026, 1, 5, 0, 0);
	const size_t cap = 600000;
	stats_event *evs = calloc(cap, sizeof(*evs));
	size_t n = 0;
	uint64_t seed = 20261117;
	int64_t id = 1;
	stats_figures want = {0};
	stats_figures sum_rooms = {0};
	stats_figures sum_weeks = {0};
	stats *s;
	const stats_figures *f;

	(void)state;
	assert_non_null(evs);
	for (int day = 0; day < 100; day++) {
		for (int room = 1; room <= 200; room++) {
			for (int slot = 0; slot < 10; slot++) {
				porte_time t =
				        base + day * 86400 + (8 + slot) * H;
				int kind = (int)(rng_next(&seed) % 6);
				int late = (int)(rng_next(&seed) % 11);
				int64_t b = id++;

				assert_true(n + 4 <= cap);
				evs[n++] = created(b, room, t - 86400 - H, t,
				                   t + H, kind != 4, false);
				want.bookings++;
				if (kind == 4)
					continue;
				if (kind == 5) {
					evs[n++] = ev(b, STATS_CANCELLED,
					              t - 86400);
					want.cancelled++;
					continue;
				}
				want.due++;
				want.booked_s += 3600;
				switch (kind) {
				case 0:
					evs[n++] = ev(b, STATS_CHECKED_IN,
					              t + late * M);
					want.shows++;
					want.occupied_s += 3600 - 60 * late;
					break;
				case 1:
				case 2:
					evs[n++] = ev(b, STATS_RELEASED,
					              t + 15 * M);
					want.no_shows++;
					want.auto_released++;
					want.released_s += 2700;
					if (kind == 1)
						break;
					evs[n++] = created(id, room, t + 16 * M,
					                   t + 30 * M, t + H,
					                   true, true);
					id++;
					want.bookings++;
					want.due++;
					want.shows++;
					want.walk_ins++;
					want.booked_s += 1800;
					want.occupied_s += 1800;
					want.reclaimed_s += 1800;
					break;
				default:
					evs[n++] = ev(b, STATS_CHECKED_IN, t);
					evs[n++] =
					        ev(b, STATS_ENDED, t + 30 * M);
					want.shows++;
					want.occupied_s += 1800;
					want.released_s += 1800;
					break;
				}
			}
		}
	}
	want.checkin_rate = (double)want.shows / (double)want.due;
	want.no_show_rate = (double)want.no_shows / (double)want.due;

	s = stats_new(tz, base, utc(2026, 4, 15, 0, 0));
	assert_non_null(s);
	feed_by_time(s, evs, n);
	assert_int_equal(stats_finish(s, utc(2026, 5, 1, 0, 0)), 0);
	stats_expect_figures(stats_total(s), &want);

	assert_int_equal(stats_room_count(s), 200);
	for (size_t i = 0; i < stats_room_count(s); i++) {
		int64_t room = 0;

		f = stats_room(s, i, &room);
		assert_int_equal(room, (int64_t)i + 1);
		sum_rooms.bookings += f->bookings;
		sum_rooms.shows += f->shows;
		sum_rooms.booked_s += f->booked_s;
		sum_rooms.reclaimed_s += f->reclaimed_s;
	}
	for (size_t i = 0; i < stats_week_count(s); i++) {
		f = stats_week(s, i, NULL);
		sum_weeks.bookings += f->bookings;
		sum_weeks.no_shows += f->no_shows;
		sum_weeks.occupied_s += f->occupied_s;
		sum_weeks.released_s += f->released_s;
	}
	assert_int_equal(sum_rooms.bookings, want.bookings);
	assert_int_equal(sum_rooms.shows, want.shows);
	assert_int_equal(sum_rooms.booked_s, want.booked_s);
	assert_int_equal(sum_rooms.reclaimed_s, want.reclaimed_s);
	assert_int_equal(sum_weeks.bookings, want.bookings);
	assert_int_equal(sum_weeks.no_shows, want.no_shows);
	assert_int_equal(sum_weeks.occupied_s, want.occupied_s);
	assert_int_equal(sum_weeks.released_s, want.released_s);
	/* Jan 5 is a Monday; Apr 14 (the last day) in the week of Apr 13. */
	assert_int_equal(stats_week_count(s), 15);
	assert_int_equal(sum_cells(s, false), want.booked_s);
	assert_int_equal(sum_cells(s, true), want.occupied_s);
	/* Slots run 08:00-18:00 UTC, 09:00-19:00 CET, 10:00-20:00 CEST:
	 * nothing before 09:00 local, nothing from 20:00 on. */
	for (int d = 0; d < 7; d++) {
		assert_int_equal(stats_booked_at(s, d, 8), 0);
		assert_int_equal(stats_booked_at(s, d, 20), 0);
	}
	/* Split by room into 2, 3 or 7 partitions, merged: the same. */
	expect_merged(tz, base, utc(2026, 4, 15, 0, 0), utc(2026, 5, 1, 0, 0),
	              evs, n, 2, s);
	expect_merged(tz, base, utc(2026, 4, 15, 0, 0), utc(2026, 5, 1, 0, 0),
	              evs, n, 3, s);
	expect_merged(tz, base, utc(2026, 4, 15, 0, 0), utc(2026, 5, 1, 0, 0),
	              evs, n, 7, s);
	stats_free(s);
	free(evs);
	tz_free(tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_day),
	        cmocka_unit_test(test_day_now),
	        cmocka_unit_test(test_not_due_yet),
	        cmocka_unit_test(test_removed_at_start),
	        cmocka_unit_test(test_reclaimed_boundary),
	        cmocka_unit_test(test_reclaimed_two_releases),
	        cmocka_unit_test(test_reclaimed_random),
	        cmocka_unit_test(test_month),
	        cmocka_unit_test(test_dst),
	        cmocka_unit_test(test_mid_hour_change),
	        cmocka_unit_test(test_period_clipping),
	        cmocka_unit_test(test_out_of_order),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_empty),
	        cmocka_unit_test(test_large),
	        cmocka_unit_test(test_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

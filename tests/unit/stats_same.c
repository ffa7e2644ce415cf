/*
 * stats_same.c - two sets of figures alike (stats_same.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "stats_same.h"

void stats_expect_figures(const stats_figures *f, const stats_figures *want)
{
	assert_non_null(f);
	assert_int_equal(f->bookings, want->bookings);
	assert_int_equal(f->due, want->due);
	assert_int_equal(f->shows, want->shows);
	assert_int_equal(f->no_shows, want->no_shows);
	assert_int_equal(f->auto_released, want->auto_released);
	assert_int_equal(f->removed, want->removed);
	assert_int_equal(f->cancelled, want->cancelled);
	assert_int_equal(f->walk_ins, want->walk_ins);
	assert_int_equal(f->booked_s, want->booked_s);
	assert_int_equal(f->occupied_s, want->occupied_s);
	assert_int_equal(f->released_s, want->released_s);
	assert_int_equal(f->reclaimed_s, want->reclaimed_s);
	assert_true(f->checkin_rate == want->checkin_rate);
	assert_true(f->no_show_rate == want->no_show_rate);
}

void stats_expect_same(const stats *a, const stats *b)
{
	stats_expect_figures(stats_total(a), stats_total(b));
	assert_int_equal(stats_room_count(a), stats_room_count(b));
	for (size_t i = 0; i < stats_room_count(a); i++) {
		int64_t ra = 0, rb = 0;

		stats_expect_figures(stats_room(a, i, &ra),
		                     stats_room(b, i, &rb));
		assert_int_equal(ra, rb);
	}
	for (int d = 0; d < 7; d++) {
		for (int h = 0; h < 24; h++) {
			assert_int_equal(stats_booked_at(a, d, h),
			                 stats_booked_at(b, d, h));
			assert_int_equal(stats_occupied_at(a, d, h),
			                 stats_occupied_at(b, d, h));
		}
	}
	assert_int_equal(stats_week_count(a), stats_week_count(b));
	for (size_t w = 0; w < stats_week_count(a); w++) {
		cal_date ma = {0, 0, 0}, mb = {0, 0, 0};

		stats_expect_figures(stats_week(a, w, &ma),
		                     stats_week(b, w, &mb));
		assert_int_equal(cal_days_from_civil(ma),
		                 cal_days_from_civil(mb));
	}
}

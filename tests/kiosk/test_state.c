/*
 * test_state.c - the door display's state: statuses at and around each
 * boundary, free gaps, the next change, and every input flow (check-in
 * with and without a code, walk-in, end, extend, staff PIN and lock-out,
 * idle time-outs, toasts, the outbox hook and the server's answers).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kiosk_test.h"

/* A recording outbox and verifier. */
typedef struct fake {
	kiosk_event events[16];
	int nevents;
	bool refuse; /* submit fails */
	int verifies;
	kiosk_verify_kind kind;
	char digits[KIOSK_PIN_MAX + 1];
	char booking[KIOSK_ID_LEN];
} fake;

static int fake_submit(void *ctx, const kiosk_event *ev)
{
	fake *f = ctx;

	if (f->refuse)
		return -1;
	assert_true(f->nevents < 16);
	f->events[f->nevents++] = *ev;
	return 0;
}

static int fake_verify(void *ctx, kiosk_verify_kind kind, const char *id,
                       const char *digits)
{
	fake *f = ctx;

	f->verifies++;
	f->kind = kind;
	snprintf(f->digits, sizeof(f->digits), "%s", digits);
	snprintf(f->booking, sizeof(f->booking), "%s", id);
	return 0;
}

static fake the_fake;
static kiosk_hooks hooks = {&the_fake, fake_submit, fake_verify};

static int reset(void **state)
{
	(void)state;
	memset(&the_fake, 0, sizeof(the_fake));
	return 0;
}

static void test_mask(void **state)
{
	char out[KIOSK_BOOKER_LEN];

	(void)state;
	kiosk_mask_name("Jeanne Dupont", out, sizeof(out));
	assert_string_equal(out, "J. D.");
	kiosk_mask_name("J. D.", out, sizeof(out));
	assert_string_equal(out, "J. D.");
	kiosk_mask_name("anne-marie de la tour", out, sizeof(out));
	assert_string_equal(out, "A. D. L.");
	kiosk_mask_name("Élodie", out, sizeof(out));
	assert_string_equal(out, "É.");
	kiosk_mask_name("", out, sizeof(out));
	assert_string_equal(out, "");
	kiosk_mask_name("  Zoé   Lambert ", out, sizeof(out));
	assert_string_equal(out, "Z. L.");
	kiosk_mask_name("Jeanne Dupont", out, 3);
	assert_true(strlen(out) < 3);
}

static void test_put_sorted_and_replaced(void **state)
{
	kiosk_state st;
	kiosk_booking kb;

	(void)state;
	kt_room(&st);
	kt_book(&st, "b", kt_at(14, 0, 0), kt_at(15, 0, 0), BOOKING_CONFIRMED);
	kt_book(&st, "a", kt_at(10, 0, 0), kt_at(11, 0, 0), BOOKING_CONFIRMED);
	kt_book(&st, "c", kt_at(12, 0, 0), kt_at(13, 0, 0), BOOKING_CONFIRMED);
	assert_int_equal(st.nbookings, 3);
	assert_string_equal(st.bookings[0].id, "a");
	assert_string_equal(st.bookings[1].id, "c");
	assert_string_equal(st.bookings[2].id, "b");
	assert_string_equal(st.bookings[0].booker, "J. D.");
	/* Same id: replaced and moved. */
	kt_book(&st, "a", kt_at(16, 0, 0), kt_at(17, 0, 0), BOOKING_CHECKED_IN);
	assert_int_equal(st.nbookings, 3);
	assert_string_equal(st.bookings[2].id, "a");
	/* Bad ones are refused. */
	memset(&kb, 0, sizeof(kb));
	kb.b.start = kt_at(9, 0, 0);
	kb.b.end = kt_at(10, 0, 0);
	assert_int_equal(kiosk_state_put_booking(&st, &kb), -1); /* no id */
	snprintf(kb.id, sizeof(kb.id), "x");
	kb.b.end = kb.b.start;
	assert_int_equal(kiosk_state_put_booking(&st, &kb), -1);
	kiosk_state_free(&st);
}

static void test_full_list(void **state)
{
	kiosk_state st;
	char id[16];

	(void)state;
	kt_room(&st);
	for (int i = 0; i < KIOSK_MAX_BOOKINGS; i++) {
		snprintf(id, sizeof(id), "b%d", i);
		kt_book(&st, id, kt_at(8, 0, 0) + i * 60,
		        kt_at(8, 0, 0) + i * 60 + 60, BOOKING_CONFIRMED);
	}
	{
		kiosk_booking kb;

		memset(&kb, 0, sizeof(kb));
		snprintf(kb.id, sizeof(kb.id), "one-too-many");
		kb.b.start = kt_at(19, 0, 0);
		kb.b.end = kt_at(19, 30, 0);
		assert_int_equal(kiosk_state_put_booking(&st, &kb), -1);
	}
	kiosk_state_free(&st);
}

static void test_statuses(void **state)
{
	kiosk_state st;
	kiosk_view v;
	int b1, b2;

	(void)state;
	kt_room(&st);
	b1 = kt_book(&st, "b1", kt_at(10, 0, 0), kt_at(11, 0, 0),
	             BOOKING_CHECKED_IN);
	b2 = kt_book(&st, "b2", kt_at(13, 0, 0), kt_at(14, 0, 0),
	             BOOKING_CONFIRMED);
	/* Before opening: closed until 08:00. */
	kiosk_view_at(&st, kt_at(7, 59, 59), &v);
	assert_int_equal(v.status, KIOSK_CLOSED);
	assert_int_equal(v.until, kt_at(8, 0, 0));
	kiosk_view_at(&st, kt_at(8, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_FREE);
	assert_int_equal(v.until, kt_at(10, 0, 0));
	assert_false(v.all_day);
	assert_int_equal(v.next, b1);
	/* Checked in: occupied until its end. */
	kiosk_view_at(&st, kt_at(10, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_OCCUPIED);
	assert_int_equal(v.until, kt_at(11, 0, 0));
	assert_int_equal(v.current, b1);
	assert_int_equal(v.next, b2);
	kiosk_view_at(&st, kt_at(11, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_FREE);
	assert_int_equal(v.until, kt_at(13, 0, 0));
	/* Booked, waiting: the countdown ends at the release deadline. */
	kiosk_view_at(&st, kt_at(13, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_BOOKED);
	assert_int_equal(v.until, kt_at(13, 15, 0));
	assert_false(v.pending);
	/* Released: free until closing (not "all day": b1 used it). */
	kiosk_view_at(&st, kt_at(13, 15, 0), &v);
	assert_int_equal(v.status, KIOSK_FREE);
	assert_false(v.all_day);
	assert_int_equal(v.until, kt_at(20, 0, 0));
	kiosk_view_at(&st, kt_at(20, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_CLOSED);
	/* Tomorrow's opening (Paris is UTC+1 on the 24th too). */
	assert_int_equal(v.until, kt_at(8, 0, 0) + 86400);
	/* A pending booking holds the room but cannot be checked in. */
	st.bookings[b2].b.status = BOOKING_PENDING;
	kiosk_view_at(&st, kt_at(13, 30, 0), &v);
	assert_int_equal(v.status, KIOSK_BOOKED);
	assert_true(v.pending);
	kiosk_state_free(&st);
}

static void test_all_day(void **state)
{
	kiosk_state st;
	kiosk_view v;
	hours_day lunch;

	(void)state;
	kt_room(&st);
	kiosk_view_at(&st, kt_at(9, 0, 0), &v);
	assert_int_equal(v.status, KIOSK_FREE);
	assert_true(v.all_day);
	assert_int_equal(v.until, kt_at(20, 0, 0));
	/* A released booking used nothing: still all day. */
	kt_book(&st, "gone", kt_at(8, 0, 0), kt_at(9, 0, 0), BOOKING_RELEASED);
	kiosk_view_at(&st, kt_at(9, 30, 0), &v);
	assert_true(v.all_day);
	/* A booking later today: until its start. */
	kt_book(&st, "later", kt_at(15, 0, 0), kt_at(16, 0, 0),
	        BOOKING_CONFIRMED);
	kiosk_view_at(&st, kt_at(9, 30, 0), &v);
	assert_false(v.all_day);
	assert_int_equal(v.until, kt_at(15, 0, 0));
	kiosk_state_clear_bookings(&st);
	/* Closed at lunch: free until the break. */
	assert_int_equal(
	        hours_parse_day("08:00-12:00 14:00-20:00", &lunch, NULL), 0);
	assert_int_equal(
	        kiosk_state_set_hours(&st, (cal_date){2026, 11, 23}, &lunch),
	        0);
	kiosk_view_at(&st, kt_at(9, 30, 0), &v);
	assert_false(v.all_day);
	assert_int_equal(v.until, kt_at(12, 0, 0));
	kiosk_view_at(&st, kt_at(12, 30, 0), &v);
	assert_int_equal(v.status, KIOSK_CLOSED);
	assert_int_equal(v.until, kt_at(14, 0, 0));
	kiosk_view_at(&st, kt_at(14, 30, 0), &v);
	assert_true(v.all_day);
	kiosk_state_free(&st);
}

static void test_gaps(void **state)
{
	kiosk_state st;
	kiosk_gap g[8];
	cal_date d = {2026, 11, 23};
	int n;

	(void)state;
	kt_room(&st);
	kt_book(&st, "b1", kt_at(10, 0, 0), kt_at(11, 0, 0),
	        BOOKING_CHECKED_IN);
	kt_book(&st, "b2", kt_at(11, 0, 0), kt_at(12, 0, 0), BOOKING_CONFIRMED);
	kt_book(&st, "b3", kt_at(15, 0, 0), kt_at(16, 0, 0), BOOKING_CANCELLED);
	n = kiosk_free_gaps(&st, d, kt_at(7, 0, 0), g, 8);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].start, kt_at(8, 0, 0));
	assert_int_equal(g[0].end, kt_at(10, 0, 0));
	assert_int_equal(g[1].start, kt_at(12, 0, 0));
	assert_int_equal(g[1].end, kt_at(20, 0, 0));
	/* From now on only; the released b2 frees its slot at 11:15. */
	n = kiosk_free_gaps(&st, d, kt_at(11, 20, 0), g, 8);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].start, kt_at(11, 20, 0));
	assert_int_equal(g[0].end, kt_at(20, 0, 0));
	n = kiosk_free_gaps(&st, d, kt_at(7, 0, 0), g, 1);
	assert_int_equal(n, 1);
	kiosk_state_free(&st);
}

static void test_next_change(void **state)
{
	kiosk_state st;

	(void)state;
	kt_room(&st);
	/* Idle and free: the next minute. */
	assert_int_equal(kiosk_next_change(&st, kt_at(9, 0, 10)),
	                 kt_at(9, 1, 0));
	assert_int_equal(kiosk_next_change(&st, kt_at(9, 0, 59)),
	                 kt_at(9, 1, 0));
	assert_int_equal(kiosk_next_change(&st, kt_at(9, 1, 0)),
	                 kt_at(9, 2, 0));
	/* A countdown on screen: every second. */
	kt_book(&st, "b1", kt_at(10, 0, 0), kt_at(11, 0, 0), BOOKING_CONFIRMED);
	assert_int_equal(kiosk_next_change(&st, kt_at(10, 3, 20)),
	                 kt_at(10, 3, 21));
	/* A toast goes at its second, not the next minute. */
	kiosk_toast_show(&st, KIOSK_TOAST_CHECKED_IN, RULE_OK, kt_at(12, 0, 1));
	assert_int_equal(kiosk_next_change(&st, kt_at(12, 0, 2)),
	                 kt_at(12, 0, 1) + KIOSK_TOAST_TIME);
	st.toast.kind = KIOSK_TOAST_NONE;
	/* Staff mode: the idle time-out. */
	st.staff = true;
	st.last_input = kt_at(12, 0, 5);
	assert_int_equal(kiosk_next_change(&st, kt_at(12, 0, 6)),
	                 kt_at(12, 0, 5) + KIOSK_IDLE_TIMEOUT);
	st.staff = false;
	/* Sync going stale. */
	st.sync.configured = true;
	st.sync.online = true;
	st.sync.last_success = kt_at(12, 0, 30);
	assert_int_equal(kiosk_next_change(&st, kt_at(12, 5, 10)),
	                 kt_at(12, 0, 30) + KIOSK_STALE_AFTER);
	assert_false(kiosk_sync_stale(&st, kt_at(12, 5, 29)));
	assert_true(kiosk_sync_stale(&st, kt_at(12, 5, 30)));
	/* A failed sync is not stale before five minutes either. */
	st.sync.online = false;
	assert_int_equal(kiosk_next_change(&st, kt_at(12, 5, 10)),
	                 kt_at(12, 5, 30));
	assert_false(kiosk_sync_stale(&st, kt_at(12, 5, 29)));
	assert_true(kiosk_sync_stale(&st, kt_at(12, 5, 30)));
	/* Never synced. */
	st.sync.last_success = 0;
	assert_true(kiosk_sync_stale(&st, kt_at(12, 0, 0)));
	kiosk_state_free(&st);
}

static void test_checkin_tap(void **state)
{
	kiosk_state st;
	int b;
	porte_time now = kt_at(12, 55, 0);

	(void)state;
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	/* Not this booking's window: nothing happens. */
	assert_int_equal(
	        kiosk_act(&st, KIOSK_ACT_CHECKIN, b, kt_at(12, 49, 0), &hooks),
	        0);
	assert_int_equal(the_fake.nevents, 0);
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_CHECKIN, b, now, &hooks), 1);
	assert_int_equal(st.bookings[b].b.status, BOOKING_CHECKED_IN);
	assert_int_equal(st.bookings[b].b.checked_in_at, now);
	assert_true(st.bookings[b].waiting_sync);
	assert_int_equal(st.sync.pending, 1);
	assert_int_equal(the_fake.nevents, 1);
	assert_int_equal(the_fake.events[0].type, KIOSK_EV_CHECKIN);
	assert_string_equal(the_fake.events[0].booking, "b1");
	assert_int_equal(the_fake.events[0].at, now);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_CHECKED_IN);
	assert_false(st.toast.offline);
	/* The server agrees. */
	kiosk_event_result(&st, "b1", RULE_OK, BOOKING_CHECKED_IN, now + 2);
	assert_false(st.bookings[b].waiting_sync);
	assert_int_equal(st.sync.pending, 0);
	kiosk_state_free(&st);
}

static void test_checkin_offline_then_rebooked(void **state)
{
	kiosk_state st;
	int b;
	porte_time now = kt_at(13, 14, 0);

	(void)state;
	kt_room(&st);
	st.sync.configured = true;
	st.sync.online = false;
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_CHECKIN, b, now, &hooks), 1);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_CHECKED_IN);
	assert_true(st.toast.offline);
	/* Delivered late; the slot had been booked again. */
	kiosk_event_result(&st, "b1", RULE_SLOT_REBOOKED, BOOKING_RELEASED,
	                   kt_at(13, 40, 0));
	assert_int_equal(st.toast.kind, KIOSK_TOAST_SLOT_REBOOKED);
	assert_int_equal(st.bookings[b].b.status, BOOKING_RELEASED);
	assert_false(st.bookings[b].waiting_sync);
	kiosk_state_free(&st);
}

static void test_submit_refused_changes_nothing(void **state)
{
	kiosk_state st;
	int b;

	(void)state;
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	the_fake.refuse = true;
	assert_int_equal(
	        kiosk_act(&st, KIOSK_ACT_CHECKIN, b, kt_at(13, 1, 0), &hooks),
	        1);
	assert_int_equal(st.bookings[b].b.status, BOOKING_CONFIRMED);
	assert_false(st.bookings[b].waiting_sync);
	assert_int_equal(st.sync.pending, 0);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_SAVE_FAILED);
	kiosk_state_free(&st);
}

static void test_checkin_code(void **state)
{
	kiosk_state st;
	int b;
	porte_time now = kt_at(13, 2, 0);

	(void)state;
	kt_room(&st);
	st.rules.checkin_code = true;
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_CHECKIN, b, now, &hooks), 1);
	assert_int_equal(st.screen, KIOSK_SCREEN_CODE);
	assert_int_equal(st.entry_booking, b);
	kiosk_act(&st, KIOSK_ACT_DIGIT, 4, now, &hooks);
	kiosk_act(&st, KIOSK_ACT_DIGIT, 9, now, &hooks);
	kiosk_act(&st, KIOSK_ACT_BACKSPACE, 0, now, &hooks);
	kiosk_act(&st, KIOSK_ACT_DIGIT, 8, now, &hooks);
	kiosk_act(&st, KIOSK_ACT_DIGIT, 2, now, &hooks);
	assert_int_equal(the_fake.verifies, 0);
	/* The fourth digit sends the code at once. */
	kiosk_act(&st, KIOSK_ACT_DIGIT, 1, now, &hooks);
	assert_int_equal(the_fake.verifies, 1);
	assert_int_equal(the_fake.kind, KIOSK_VERIFY_CODE);
	assert_string_equal(the_fake.digits, "4821");
	assert_string_equal(the_fake.booking, "b1");
	assert_true(st.verifying);
	/* No typing while it is checked. */
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_DIGIT, 1, now, &hooks), 0);
	/* Wrong: stay, cleared. */
	kiosk_verify_result(&st, KIOSK_VERIFY_CODE, false, NULL, 0, now,
	                    &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_CODE);
	assert_string_equal(st.entry, "");
	assert_int_equal(st.toast.kind, KIOSK_TOAST_WRONG_CODE);
	assert_int_equal(st.bookings[b].b.status, BOOKING_CONFIRMED);
	/* Right: checked in. */
	for (int d = 0; d < 4; d++)
		kiosk_act(&st, KIOSK_ACT_DIGIT, d, now, &hooks);
	kiosk_verify_result(&st, KIOSK_VERIFY_CODE, true, NULL, 0, now, &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	assert_int_equal(st.bookings[b].b.status, BOOKING_CHECKED_IN);
	assert_int_equal(the_fake.nevents, 1);
	kiosk_state_free(&st);
}

static void test_walk_in_end_extend(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(10, 7, 0);
	kiosk_view v;
	int b;

	(void)state;
	kt_room(&st);
	kt_book(&st, "next", kt_at(12, 0, 0), kt_at(13, 0, 0),
	        BOOKING_CONFIRMED);
	/* Book now asks first; Back changes nothing. */
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_BOOK_NOW, -1, now, &hooks),
	                 1);
	assert_int_equal(st.screen, KIOSK_SCREEN_CONFIRM);
	kiosk_act(&st, KIOSK_ACT_BACK, 0, now, &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	assert_int_equal(st.nbookings, 1);
	kiosk_act(&st, KIOSK_ACT_BOOK_NOW, -1, now, &hooks);
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_YES, 0, now, &hooks), 1);
	assert_int_equal(st.nbookings, 2);
	kiosk_view_at(&st, now, &v);
	assert_int_equal(v.status, KIOSK_OCCUPIED);
	b = v.current;
	/* 10:00 to the longest allowed, 12:00, which is also the next one. */
	assert_int_equal(st.bookings[b].b.start, kt_at(10, 0, 0));
	assert_int_equal(st.bookings[b].b.end, kt_at(12, 0, 0));
	assert_int_equal(the_fake.events[0].type, KIOSK_EV_WALK_IN);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_BOOKED);
	/* It cannot grow: the next booking follows at once. */
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_EXTEND, b, now, &hooks), 0);
	/* End now, after the question. */
	kiosk_act(&st, KIOSK_ACT_END, b, kt_at(10, 30, 0), &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_CONFIRM);
	kiosk_act(&st, KIOSK_ACT_YES, 0, kt_at(10, 30, 0), &hooks);
	assert_int_equal(st.bookings[b].b.status, BOOKING_ENDED);
	kiosk_view_at(&st, kt_at(10, 30, 0), &v);
	assert_int_equal(v.status, KIOSK_FREE);
	assert_int_equal(the_fake.events[1].type, KIOSK_EV_END);
	kiosk_state_free(&st);

	/* Extend when the next step is free. */
	memset(&the_fake, 0, sizeof(the_fake));
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CHECKED_IN);
	assert_int_equal(
	        kiosk_act(&st, KIOSK_ACT_EXTEND, b, kt_at(13, 50, 0), &hooks),
	        1);
	assert_int_equal(st.bookings[b].b.end, kt_at(14, 30, 0));
	assert_int_equal(the_fake.events[0].type, KIOSK_EV_EXTEND);
	assert_int_equal(the_fake.events[0].end, kt_at(14, 30, 0));
	assert_int_equal(st.toast.kind, KIOSK_TOAST_EXTENDED);
	assert_int_equal(st.toast.when, kt_at(14, 30, 0));
	kiosk_state_free(&st);
}

static void enter_pin(kiosk_state *st, const char *pin, porte_time now)
{
	kiosk_act(st, KIOSK_ACT_STAFF, 0, now, &hooks);
	for (const char *p = pin; *p != '\0'; p++)
		kiosk_act(st, KIOSK_ACT_DIGIT, *p - '0', now, &hooks);
	kiosk_act(st, KIOSK_ACT_ENTER, 0, now, &hooks);
}

static void test_staff_pin_and_lockout(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(9, 0, 0);

	(void)state;
	kt_room(&st);
	/* Five digits are not a PIN. */
	kiosk_act(&st, KIOSK_ACT_STAFF, 0, now, &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_PIN);
	for (int i = 0; i < 5; i++)
		kiosk_act(&st, KIOSK_ACT_DIGIT, 1, now, &hooks);
	assert_int_equal(kiosk_act(&st, KIOSK_ACT_ENTER, 0, now, &hooks), 0);
	assert_int_equal(the_fake.verifies, 0);
	kiosk_act(&st, KIOSK_ACT_BACK, 0, now, &hooks);
	/* Four wrong PINs: told so, still allowed. */
	for (int i = 0; i < 4; i++) {
		enter_pin(&st, "111111", now);
		kiosk_verify_result(&st, KIOSK_VERIFY_PIN, false, NULL, 0, now,
		                    &hooks);
		assert_int_equal(st.toast.kind, KIOSK_TOAST_WRONG_PIN);
		assert_int_equal(st.locked_until, 0);
		kiosk_act(&st, KIOSK_ACT_BACK, 0, now, &hooks);
	}
	/* The fifth locks for KIOSK_LOCK_FIRST seconds. */
	enter_pin(&st, "111111", now);
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, false, NULL, 0, now, &hooks);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_LOCKED);
	assert_int_equal(st.locked_until, now + KIOSK_LOCK_FIRST);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	kiosk_act(&st, KIOSK_ACT_STAFF, 0, now + KIOSK_LOCK_FIRST - 1, &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	/* After it, a sixth wrong PIN locks twice as long. */
	now += KIOSK_LOCK_FIRST;
	kiosk_tick(&st, now);
	enter_pin(&st, "111111", now);
	assert_int_equal(st.screen, KIOSK_SCREEN_PIN);
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, false, NULL, 0, now, &hooks);
	assert_int_equal(st.locked_until, now + 2 * KIOSK_LOCK_FIRST);
	/* The server's own lock-out wins when longer. */
	now += 2 * KIOSK_LOCK_FIRST;
	kiosk_tick(&st, now);
	enter_pin(&st, "111111", now);
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, false, NULL, now + 3600, now,
	                    &hooks);
	assert_int_equal(st.locked_until, now + 3600);
	/* The right PIN later opens the staff menu and resets the count. */
	now += 3600;
	kiosk_tick(&st, now);
	enter_pin(&st, "246810", now);
	assert_string_equal(the_fake.digits, "246810");
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, true, "session-7", 0, now,
	                    &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_STAFF);
	assert_true(st.staff);
	assert_int_equal(st.pin_failures, 0);
	assert_string_equal(st.staff_ref, "session-7");
	/* The PIN is not kept. */
	assert_string_equal(st.entry, "");
	kiosk_state_free(&st);
}

static void test_staff_idle_and_actions(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(13, 20, 0);
	int b;

	(void)state;
	kt_room(&st);
	b = kt_book(&st, "late", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	enter_pin(&st, "246810", now);
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, true, "s1", 0, now, &hooks);
	/* 29 s idle: still staff; 30 s: back to the door. */
	assert_int_equal(kiosk_tick(&st, now + KIOSK_IDLE_TIMEOUT - 1), 0);
	assert_true(st.staff);
	assert_int_equal(kiosk_tick(&st, now + KIOSK_IDLE_TIMEOUT), 1);
	assert_false(st.staff);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	assert_string_equal(st.staff_ref, "");
	/* Staff actions are refused outside staff mode. */
	assert_int_equal(
	        kiosk_act(&st, KIOSK_ACT_STAFF_RELEASE, b, now, &hooks), 0);
	/* Release a late patron's booking (13:05 is before the deadline). */
	now = kt_at(13, 5, 0);
	enter_pin(&st, "246810", now);
	kiosk_verify_result(&st, KIOSK_VERIFY_PIN, true, "s1", 0, now, &hooks);
	assert_int_equal(
	        kiosk_act(&st, KIOSK_ACT_STAFF_RELEASE, b, now, &hooks), 1);
	assert_int_equal(st.screen, KIOSK_SCREEN_CONFIRM);
	kiosk_act(&st, KIOSK_ACT_YES, 0, now, &hooks);
	assert_int_equal(st.screen, KIOSK_SCREEN_STAFF);
	assert_int_equal(st.bookings[b].b.status, BOOKING_REMOVED);
	assert_int_equal(the_fake.events[0].type, KIOSK_EV_STAFF_REMOVE);
	assert_string_equal(the_fake.events[0].staff, "s1");
	assert_non_null(the_fake.events[0].reason);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_RELEASED);
	/* Add a booking now, even with walk-ins off. */
	st.rules.walk_in = false;
	kiosk_act(&st, KIOSK_ACT_STAFF_ADD, -1, now, &hooks);
	kiosk_act(&st, KIOSK_ACT_YES, 0, now, &hooks);
	assert_int_equal(the_fake.events[1].type, KIOSK_EV_STAFF_ADD);
	assert_int_equal(the_fake.events[1].start, kt_at(13, 0, 0));
	assert_int_equal(the_fake.events[1].end, kt_at(15, 0, 0));
	kiosk_act(&st, KIOSK_ACT_STAFF_LEAVE, 0, now, &hooks);
	assert_false(st.staff);
	kiosk_state_free(&st);
}

static void test_no_server_for_staff(void **state)
{
	kiosk_state st;
	kiosk_hooks none = {NULL, NULL, NULL};
	porte_time now = kt_at(9, 0, 0);

	(void)state;
	kt_room(&st);
	kiosk_act(&st, KIOSK_ACT_STAFF, 0, now, &none);
	for (int i = 0; i < 6; i++)
		kiosk_act(&st, KIOSK_ACT_DIGIT, 2, now, &none);
	kiosk_act(&st, KIOSK_ACT_ENTER, 0, now, &none);
	assert_int_equal(st.screen, KIOSK_SCREEN_DOOR);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_NO_SERVER);
	assert_false(st.staff);
	kiosk_state_free(&st);
}

static void test_toast_expiry_and_dismiss(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(9, 0, 0);

	(void)state;
	kt_room(&st);
	kiosk_toast_show(&st, KIOSK_TOAST_CHECKED_IN, RULE_OK, now);
	assert_int_equal(kiosk_tick(&st, now + KIOSK_TOAST_TIME - 1), 0);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_CHECKED_IN);
	assert_int_equal(kiosk_tick(&st, now + KIOSK_TOAST_TIME), 1);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_NONE);
	kiosk_toast_show(&st, KIOSK_TOAST_ENDED, RULE_OK, now);
	kiosk_act(&st, KIOSK_ACT_DISMISS, 0, now, &hooks);
	assert_int_equal(st.toast.kind, KIOSK_TOAST_NONE);
	assert_int_equal(kiosk_toast_tone(KIOSK_TOAST_SLOT_REBOOKED),
	                 KIOSK_TONE_ERROR);
	assert_int_equal(kiosk_toast_tone(KIOSK_TOAST_CHECKED_IN),
	                 KIOSK_TONE_SUCCESS);
	kiosk_state_free(&st);
}

static void test_qr(void **state)
{
	kiosk_state st;
	char buf[KIOSK_QR_LEN];

	(void)state;
	kt_room(&st);
	assert_int_equal(
	        kiosk_qr_payload(&st, kt_at(9, 0, 0), buf, sizeof(buf)), -1);
	snprintf(st.base_url, sizeof(st.base_url), "https://b.example");
	assert_int_equal(
	        kiosk_qr_payload(&st, kt_at(9, 0, 0), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "https://b.example/r/salle-test");
	kt_book(&st, "b1", kt_at(10, 0, 0), kt_at(11, 0, 0), BOOKING_CONFIRMED);
	snprintf(st.door_proof, sizeof(st.door_proof), "P1");
	st.proof_until = kt_at(10, 30, 0);
	/* The next booking's page once its check-in opens. */
	assert_int_equal(
	        kiosk_qr_payload(&st, kt_at(9, 49, 0), buf, sizeof(buf)), 0);
	assert_int_equal(
	        kiosk_qr_payload(&st, kt_at(9, 50, 0), buf, sizeof(buf)), 1);
	assert_string_equal(buf, "https://b.example/b/b1?door=P1");
	/* An expired proof: the room's page, never a stale proof. */
	assert_int_equal(
	        kiosk_qr_payload(&st, kt_at(10, 30, 0), buf, sizeof(buf)), 0);
	assert_int_equal(kiosk_qr_payload(&st, kt_at(9, 0, 0), buf, 8), -1);
	kiosk_state_free(&st);
}

static void test_messages(void **state)
{
	kiosk_state st;
	kiosk_message m;

	(void)state;
	kt_room(&st);
	memset(&m, 0, sizeof(m));
	snprintf(m.text, sizeof(m.text), "Grève");
	m.from = kt_at(10, 0, 0);
	m.until = kt_at(12, 0, 0);
	assert_int_equal(kiosk_state_add_message(&st, &m), 0);
	assert_false(kiosk_message_shown(&st, 0, kt_at(9, 59, 59)));
	assert_true(kiosk_message_shown(&st, 0, kt_at(10, 0, 0)));
	assert_false(kiosk_message_shown(&st, 0, kt_at(12, 0, 0)));
	assert_int_equal(kiosk_next_change(&st, kt_at(9, 59, 30)),
	                 kt_at(10, 0, 0));
	for (int i = 1; i < KIOSK_MAX_MESSAGES; i++)
		assert_int_equal(kiosk_state_add_message(&st, &m), 0);
	assert_int_equal(kiosk_state_add_message(&st, &m), -1);
	kiosk_state_clear_messages(&st);
	assert_int_equal(st.nmessages, 0);
	kiosk_state_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(test_mask, reset),
	        cmocka_unit_test_setup(test_put_sorted_and_replaced, reset),
	        cmocka_unit_test_setup(test_full_list, reset),
	        cmocka_unit_test_setup(test_statuses, reset),
	        cmocka_unit_test_setup(test_all_day, reset),
	        cmocka_unit_test_setup(test_gaps, reset),
	        cmocka_unit_test_setup(test_next_change, reset),
	        cmocka_unit_test_setup(test_checkin_tap, reset),
	        cmocka_unit_test_setup(test_checkin_offline_then_rebooked,
	                               reset),
	        cmocka_unit_test_setup(test_submit_refused_changes_nothing,
	                               reset),
	        cmocka_unit_test_setup(test_checkin_code, reset),
	        cmocka_unit_test_setup(test_walk_in_end_extend, reset),
	        cmocka_unit_test_setup(test_staff_pin_and_lockout, reset),
	        cmocka_unit_test_setup(test_staff_idle_and_actions, reset),
	        cmocka_unit_test_setup(test_no_server_for_staff, reset),
	        cmocka_unit_test_setup(test_toast_expiry_and_dismiss, reset),
	        cmocka_unit_test_setup(test_qr, reset),
	        cmocka_unit_test_setup(test_messages, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_state.c - the client's snapshot put into the door's state
 * (kiosk/state.h): room, zone, opening hours (DST days too), bookings
 * with the door's own changes, messages, sync fields, refusals as toasts,
 * and the kiosk's hooks writing to the outbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfx.h"
#include "client_state.h"

#define T(s) cfx_time(s)

typedef struct st_fx {
	cfx f;
	kiosk_state st;
} st_fx;

static int setup(void **state)
{
	st_fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	cfx_init(&x->f);
	assert_int_equal(cfx_open(&x->f, CFX_ROOM, "https://rooms.example.org"),
	                 0);
	cfx_put_sample(&x->f, CFX_ETAG);
	assert_int_equal(kiosk_state_init(&x->st), 0);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	st_fx *x = *state;

	kiosk_state_free(&x->st);
	cfx_done(&x->f);
	free(x);
	return 0;
}

static void fill(st_fx *x)
{
	client_snap s;

	assert_int_equal(client_snapshot(x->f.c, &s), 0);
	assert_int_equal(client_fill_state(&s, &x->st), 0);
	client_snapshot_free(&s);
}

static const kiosk_booking *booking_of(const kiosk_state *st, const char *id)
{
	int i = kiosk_state_find(st, id);

	assert_true(i >= 0);
	return &st->bookings[i];
}

static void test_fill(void **state)
{
	st_fx *x = *state;
	kiosk_event ev;
	hours_day day;
	cal_date d;
	const kiosk_booking *b;
	char rooms[1024];
	wire_room r;
	json_t *j;
	char *text;

	/* The room's list as the server sends it. */
	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), CFX_ROOM);
	snprintf(r.name, sizeof(r.name), "Salle de groupe 1");
	snprintf(r.site, sizeof(r.site), "BU Lettres");
	snprintf(r.tz, sizeof(r.tz), "Europe/Paris");
	r.kind = ROOM_MEETING;
	r.capacity = 1;
	rules_defaults(&r.rules);
	r.rules.granularity = 15;
	j = wire_rooms_json(&r, 1);
	text = json_dumps(j, JSON_COMPACT);
	snprintf(rooms, sizeof(rooms), "%s", text);
	free(text);
	json_decref(j);
	assert_int_equal(client_take_rooms(x->f.c, rooms, strlen(rooms), NULL),
	                 1);
	assert_int_equal(client_take_rooms(x->f.c, rooms, strlen(rooms), NULL),
	                 0);

	ev = cfx_event(KIOSK_EV_CHECKIN, "11", T("2026-11-23T08:04:00Z"));
	assert_int_equal(client_submit(x->f.c, &ev), 0);
	ev = cfx_event(KIOSK_EV_WALK_IN, "local-1", T("2026-11-23T15:01:00Z"));
	ev.start = T("2026-11-23T15:00:00Z");
	ev.end = T("2026-11-23T16:00:00Z");
	assert_int_equal(client_submit(x->f.c, &ev), 0);
	fill(x);

	assert_string_equal(x->st.room_id, CFX_ROOM);
	assert_string_equal(x->st.room_name, "Salle de groupe 1");
	assert_string_equal(x->st.site_name, "BU Lettres");
	assert_int_equal(x->st.kind, ROOM_MEETING);
	assert_int_equal(x->st.rules.granularity, 15);
	assert_non_null(x->st.tz);
	assert_string_equal(tz_name(x->st.tz), "Europe/Paris");
	assert_string_equal(x->st.base_url, "https://rooms.example.org");
	/* 07:00Z-19:00Z is 08:00-20:00 in Paris in November. */
	assert_int_equal(cal_parse_date(CFX_DATE, &d), 0);
	hours_for_date(x->st.hours, d, &day);
	assert_int_equal(day.count, 1);
	assert_int_equal(day.span[0].open, 8 * 60);
	assert_int_equal(day.span[0].close, 20 * 60);
	assert_int_equal(x->st.nbookings, 4);
	b = booking_of(&x->st, "11");
	assert_int_equal(b->b.status, BOOKING_CHECKED_IN);
	assert_int_equal(b->b.checked_in_at, T("2026-11-23T08:04:00Z"));
	assert_true(b->waiting_sync);
	assert_string_equal(b->title, "Réunion");
	assert_string_equal(b->booker, "J. D.");
	b = booking_of(&x->st, "local-1");
	assert_int_equal(b->b.status, BOOKING_CHECKED_IN);
	assert_true(b->waiting_sync);
	assert_int_equal(b->b.start, T("2026-11-23T15:00:00Z"));
	b = booking_of(&x->st, "13");
	assert_int_equal(b->b.status, BOOKING_PENDING);
	assert_false(b->waiting_sync);
	/* Sorted by start. */
	for (int i = 1; i < x->st.nbookings; i++)
		assert_true(x->st.bookings[i - 1].b.start <=
		            x->st.bookings[i].b.start);
	assert_int_equal(x->st.nmessages, 1);
	assert_string_equal(x->st.messages[0].text, "Fermeture à 20 h");
	assert_true(x->st.sync.configured);
	assert_false(x->st.sync.online);
	assert_int_equal(x->st.sync.pending, 2);
	assert_int_equal(x->st.sync.last_success, 0);
	/* Filling again gives the same, not twice as much. */
	fill(x);
	assert_int_equal(x->st.nbookings, 4);
	assert_int_equal(x->st.nmessages, 1);
}

static void test_keypad_follows_its_booking(void **state)
{
	st_fx *x = *state;
	kiosk_event ev;

	fill(x);
	x->st.screen = KIOSK_SCREEN_CODE;
	x->st.entry_booking = kiosk_state_find(&x->st, "13");
	/* A walk-in earlier in the day moves the indexes. */
	ev = cfx_event(KIOSK_EV_WALK_IN, "local-7", T("2026-11-23T07:01:00Z"));
	ev.start = T("2026-11-23T07:00:00Z");
	ev.end = T("2026-11-23T07:30:00Z");
	assert_int_equal(client_submit(x->f.c, &ev), 0);
	fill(x);
	assert_true(x->st.entry_booking >= 0);
	assert_string_equal(x->st.bookings[x->st.entry_booking].id, "13");
}

static void test_dst_hours(void **state)
{
	st_fx *x = *state;
	client_snap s;
	hours_day day;
	cal_date d;

	(void)state;
	memset(&s, 0, sizeof(s));
	snprintf(s.room, sizeof(s.room), CFX_ROOM);
	/* Paris skips 02:00-03:00 on 2026-03-29: a 23-hour day. */
	assert_int_equal(cal_parse_date("2026-03-29", &d), 0);
	s.dates[0] = d;
	s.dates[1] = cal_date_add_days(d, 1);
	s.have[0] = true;
	s.days[0].date = d;
	snprintf(s.days[0].tz, sizeof(s.days[0].tz), "Europe/Paris");
	s.days[0].nopen = 2;
	/* 00:00-01:00 and 08:00-24:00 local. */
	s.days[0].open[0].start = T("2026-03-28T23:00:00Z");
	s.days[0].open[0].end = T("2026-03-29T00:00:00Z");
	s.days[0].open[1].start = T("2026-03-29T06:00:00Z");
	s.days[0].open[1].end = T("2026-03-29T22:00:00Z");
	assert_int_equal(client_fill_state(&s, &x->st), 0);
	hours_for_date(x->st.hours, d, &day);
	assert_int_equal(day.count, 2);
	assert_int_equal(day.span[0].open, 0);
	assert_int_equal(day.span[0].close, 60);
	assert_int_equal(day.span[1].open, 8 * 60);
	assert_int_equal(day.span[1].close, 24 * 60);
	/* Tomorrow was not received: its hours are not made up. */
	assert_false(hours_is_exception(x->st.hours, s.dates[1]));
}

static void test_refusal_toast(void **state)
{
	st_fx *x = *state;
	kiosk_event ev;
	client_batch b;
	client_snap s;
	wire_event_result r;
	json_t *j;
	char *text;
	const kiosk_booking *kb;

	ev = cfx_event(KIOSK_EV_CHECKIN, "12", T("2026-11-23T10:05:00Z"));
	assert_int_equal(client_submit(x->f.c, &ev), 0);
	fill(x);
	pthread_mutex_lock(&x->f.c->lock);
	assert_int_equal(outbox_batch(x->f.c, &b, CLIENT_BATCH_MAX, NULL), 1);
	pthread_mutex_unlock(&x->f.c->lock);
	memset(&r, 0, sizeof(r));
	memcpy(r.key, b.keys[0], sizeof(r.key));
	snprintf(r.code, sizeof(r.code), "slot_rebooked");
	snprintf(r.message, sizeof(r.message), "booked again");
	r.has_booking = true;
	r.booking.id = 12;
	r.booking.start = T("2026-11-23T10:00:00Z");
	r.booking.end = T("2026-11-23T11:00:00Z");
	r.booking.status = BOOKING_RELEASED;
	r.booking.checkin_opens = r.booking.start - 600;
	r.booking.release_at = r.booking.start + 900;
	j = wire_results_json(&r, 1);
	text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(
	        client_take_results(x->f.c, &b, text, strlen(text), NULL), 1);
	free(text);
	json_decref(j);
	client_batch_free(&b);

	assert_int_equal(client_snapshot(x->f.c, &s), 0);
	assert_int_equal(s.nrefusals, 1);
	assert_int_equal(
	        client_show_refusals(&s, &x->st, T("2026-11-23T10:06:00Z")), 1);
	assert_int_equal(client_fill_state(&s, &x->st), 0);
	assert_int_equal(x->st.toast.kind, KIOSK_TOAST_SLOT_REBOOKED);
	kb = booking_of(&x->st, "12");
	assert_int_equal(kb->b.status, BOOKING_RELEASED);
	assert_false(kb->waiting_sync);
	assert_int_equal(client_ack_refusal(x->f.c, s.refusals[0].id), 0);
	client_snapshot_free(&s);
	assert_int_equal(client_snapshot(x->f.c, &s), 0);
	assert_int_equal(s.nrefusals, 0);
	client_snapshot_free(&s);
}

/* The kiosk's own check-in goes through the hooks into the outbox. */
static void test_hooks(void **state)
{
	st_fx *x = *state;
	kiosk_hooks hooks;
	kiosk_actions a;
	porte_time now = T("2026-11-23T08:05:00Z");
	client_snap s;

	fill(x);
	client_kiosk_hooks(x->f.c, &hooks);
	kiosk_actions_at(&x->st, now, &a);
	assert_true(a.checkin >= 0);
	assert_string_equal(x->st.bookings[a.checkin].id, "11");
	assert_int_equal(
	        kiosk_act(&x->st, KIOSK_ACT_CHECKIN, a.checkin, now, &hooks),
	        1);
	assert_int_equal(x->st.toast.kind, KIOSK_TOAST_CHECKED_IN);
	assert_int_equal(cfx_sql_int(&x->f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(client_snapshot(x->f.c, &s), 0);
	assert_int_equal(cfx_find(&s, 0, 11)->status, BOOKING_CHECKED_IN);
	client_snapshot_free(&s);
	/* Not started: a PIN cannot be checked; the kiosk says so. */
	assert_int_equal(
	        hooks.verify(hooks.ctx, KIOSK_VERIFY_PIN, "", "123456"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_fill, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_keypad_follows_its_booking,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_dst_hours, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_refusal_toast, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_hooks, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

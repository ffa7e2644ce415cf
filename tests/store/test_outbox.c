/*
 * test_outbox.c - the door's outbox: every event applied once per key, a
 * repeat answered with the first result; late offline check-ins; what time
 * alone does (release at start + 15:00, not 14:59; expiry; end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fixture.h"

#define Y 2026
#define M 3
#define D 2

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	fx_open(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	fx_close(f);
	free(f);
	return 0;
}

static store_actor staff(int64_t id)
{
	store_actor a = {ACTOR_STAFF, id};

	return a;
}

/* A confirmed booking of g1 at HH:MM today, made at 08:00. */
static int64_t confirmed(fixture *f, int hour, int minute, int minutes)
{
	store_booking_res res;

	if (fx_staff_book(f, "g1", fx_local(f, Y, M, D, hour, minute), minutes,
	                  fx_local(f, Y, M, D, 8, 0), &res) != STORE_OK)
		fail_msg("booking: %s", store_errmsg(f->st));
	return res.id;
}

static json_t *apply(fixture *f, const store_event_in *ev, porte_time now,
                     bool *repeated)
{
	char *result = NULL;
	json_t *j;

	if (store_outbox_apply(f->st, f->device, ev, now, &result, repeated) !=
	    STORE_OK)
		fail_msg("outbox: %s", store_errmsg(f->st));
	j = json_loads(result, 0, NULL);
	assert_non_null(j);
	free(result);
	return j;
}

static const char *error_code(json_t *j)
{
	return json_string_value(
	        json_object_get(json_object_get(j, "error"), "code"));
}

static void test_same_key_once(void **state)
{
	fixture *f = *state;
	int64_t id = confirmed(f, 10, 0, 60);
	porte_time start = fx_local(f, Y, M, D, 10, 0);
	char *first = NULL, *second = NULL;
	store_event_in ev;
	bool repeated = true;
	int64_t counter0, counter1;

	memset(&ev, 0, sizeof(ev));
	ev.key = "0b8f6f3e-6c1a-4c39-9d2e-3f1f0e5a7b21";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = id;
	ev.at = start + 120;
	assert_int_equal(store_outbox_apply(f->st, f->device, &ev, start + 130,
	                                    &first, &repeated),
	                 STORE_OK);
	assert_false(repeated);
	assert_non_null(strstr(first, "\"ok\":true"));
	assert_non_null(strstr(first, "\"status\":\"checked_in\""));
	assert_int_equal(store_room_counter(f->st, "g1", &counter0), STORE_OK);
	/* The same key again, later: same answer, nothing changes. */
	assert_int_equal(store_outbox_apply(f->st, f->device, &ev, start + 900,
	                                    &second, &repeated),
	                 STORE_OK);
	assert_true(repeated);
	assert_string_equal(first, second);
	assert_int_equal(store_room_counter(f->st, "g1", &counter1), STORE_OK);
	assert_int_equal(counter0, counter1);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"
	                               " WHERE kind = 'checkin'"),
	                 1);
	/* The event's own time is kept, and when it arrived. */
	assert_int_equal(fx_sql_int(f, "SELECT at FROM events"
	                               " WHERE kind = 'checkin'"),
	                 start + 120);
	assert_int_equal(fx_sql_int(f, "SELECT recorded_at FROM events"
	                               " WHERE kind = 'checkin'"),
	                 start + 130);
	free(first);
	free(second);
	/* A refusal is remembered too: an end before the check-in... */
	ev.key = "k-2";
	ev.type = STORE_EV_END;
	ev.at = start + 60;
	{
		json_t *a = apply(f, &ev, start + 1000, &repeated);
		json_t *b;

		assert_false(json_boolean_value(json_object_get(a, "ok")));
		assert_string_equal(error_code(a), "invalid_time");
		/* ...even if the same event would pass now. */
		b = apply(f, &ev, start + 1001, &repeated);
		assert_true(repeated);
		assert_true(json_equal(a, b));
		json_decref(a);
		json_decref(b);
	}
	/* Keys are per device; bad keys are refused and not stored. */
	ev.key = "";
	assert_int_equal(
	        store_outbox_apply(f->st, f->device, &ev, start, &first, NULL),
	        STORE_INVALID);
	ev.key = "with space";
	assert_int_equal(
	        store_outbox_apply(f->st, f->device, &ev, start, &first, NULL),
	        STORE_INVALID);
	ev.key = "k-3";
	assert_int_equal(
	        store_outbox_apply(f->st, 9999, &ev, start, &first, NULL),
	        STORE_UNAUTHORIZED);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM outbox_keys"), 2);
}

static void test_checkin_code(void **state)
{
	fixture *f = *state;
	int64_t id = confirmed(f, 10, 0, 60);
	porte_time start = fx_local(f, Y, M, D, 10, 0);
	char code[8], wrong[8];
	store_event_in ev;
	json_t *r;

	snprintf(code, sizeof(code), "%04lld",
	         (long long)fx_sql_int(f, "SELECT checkin_code FROM bookings"));
	snprintf(wrong, sizeof(wrong), "%04lld",
	         (long long)((fx_sql_int(f,
	                                 "SELECT checkin_code FROM bookings") +
	                      1) %
	                     10000));
	memset(&ev, 0, sizeof(ev));
	ev.key = "code-1";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = id;
	ev.at = start;
	ev.code = wrong;
	r = apply(f, &ev, start + 5, NULL);
	assert_string_equal(error_code(r), "bad_code");
	json_decref(r);
	/* remembered under its key */
	r = apply(f, &ev, start + 6, NULL);
	assert_string_equal(error_code(r), "bad_code");
	json_decref(r);
	ev.key = "code-2";
	ev.code = code;
	r = apply(f, &ev, start + 7, NULL);
	assert_true(json_boolean_value(json_object_get(r, "ok")));
	json_decref(r);
}

static void test_late_checkin(void **state)
{
	fixture *f = *state;
	int64_t id = confirmed(f, 10, 0, 60);
	porte_time start = fx_local(f, Y, M, D, 10, 0);
	store_sweep_counts n;
	store_event_in ev;
	json_t *r;

	/* The server released it at 10:15 (the door was offline). */
	assert_int_equal(store_sweep(f->st, start + 15 * 60, 100, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 1);
	/* The door had checked it in at 10:14:59: it counts. */
	memset(&ev, 0, sizeof(ev));
	ev.key = "late-1";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = id;
	ev.at = start + 14 * 60 + 59;
	r = apply(f, &ev, start + 20 * 60, NULL);
	assert_true(json_boolean_value(json_object_get(r, "ok")));
	assert_string_equal(json_string_value(json_object_get(r, "status")),
	                    "checked_in");
	json_decref(r);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"
	                               " WHERE kind = 'checkin' AND details"
	                               " LIKE '%after_release%'"),
	                 1);
}

static void test_late_checkin_rebooked(void **state)
{
	fixture *f = *state;
	int64_t id = confirmed(f, 10, 0, 60);
	porte_time start = fx_local(f, Y, M, D, 10, 0);
	store_booking_req req;
	store_booking_res res;
	store_sweep_counts n;
	store_event_in ev;
	json_t *r;

	assert_int_equal(store_sweep(f->st, start + 15 * 60, 100, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 1);
	/* Someone took the room at the desk meanwhile (a walk-in). */
	memset(&req, 0, sizeof(req));
	req.room = "g1";
	req.actor = staff(f->desk);
	req.walk_in = true;
	assert_int_equal(
	        store_booking_create(f->st, &req, start + 16 * 60, &res),
	        STORE_OK);
	memset(&ev, 0, sizeof(ev));
	ev.key = "late-2";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = id;
	ev.at = start + 5 * 60;
	r = apply(f, &ev, start + 20 * 60, NULL);
	assert_false(json_boolean_value(json_object_get(r, "ok")));
	assert_string_equal(error_code(r), "slot_rebooked");
	assert_int_equal(json_integer_value(json_object_get(r, "booking")), id);
	json_decref(r);
	/* The released booking stays released. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"
	                               " WHERE status = 'released'"),
	                 1);
}

static void test_walk_in_and_staff(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 9, 10);
	store_event_in ev;
	int64_t walk;
	json_t *r;

	memset(&ev, 0, sizeof(ev));
	ev.key = "walk-1";
	ev.type = STORE_EV_WALK_IN;
	ev.at = now - 120; /* booked offline two minutes ago */
	ev.end = fx_local(f, Y, M, D, 10, 0);
	ev.title = "Sur place";
	r = apply(f, &ev, now, NULL);
	assert_true(json_boolean_value(json_object_get(r, "ok")));
	assert_string_equal(json_string_value(json_object_get(r, "status")),
	                    "checked_in");
	assert_string_equal(json_string_value(json_object_get(r, "start")),
	                    "2026-03-02T08:00:00Z");
	assert_string_equal(json_string_value(json_object_get(r, "end")),
	                    "2026-03-02T09:00:00Z");
	walk = json_integer_value(json_object_get(r, "booking"));
	json_decref(r);
	/* extend by the door, then a staff removal from the door */
	ev.key = "ext-1";
	ev.type = STORE_EV_EXTEND;
	ev.booking = walk;
	ev.at = now;
	ev.end = fx_local(f, Y, M, D, 10, 30);
	r = apply(f, &ev, now, NULL);
	assert_true(json_boolean_value(json_object_get(r, "ok")));
	assert_string_equal(json_string_value(json_object_get(r, "end")),
	                    "2026-03-02T09:30:00Z");
	json_decref(r);
	ev.key = "rm-1";
	ev.type = STORE_EV_STAFF_REMOVE;
	ev.reason = "Salle réservée pour un jury";
	r = apply(f, &ev, now + 60, NULL); /* no staff session */
	assert_string_equal(error_code(r), "forbidden");
	json_decref(r);
	ev.key = "rm-2";
	ev.staff_id = f->desk;
	r = apply(f, &ev, now + 60, NULL);
	assert_true(json_boolean_value(json_object_get(r, "ok")));
	assert_string_equal(json_string_value(json_object_get(r, "status")),
	                    "removed");
	json_decref(r);
	/* unknown booking; a door clock far ahead */
	ev.key = "x-1";
	ev.type = STORE_EV_END;
	ev.booking = 4242;
	r = apply(f, &ev, now + 60, NULL);
	assert_string_equal(error_code(r), "not_found");
	json_decref(r);
	ev.key = "x-2";
	ev.booking = walk;
	ev.at = now + 3600;
	r = apply(f, &ev, now + 60, NULL);
	assert_string_equal(error_code(r), "invalid_time");
	json_decref(r);
}

static void test_release_boundary(void **state)
{
	fixture *f = *state;
	porte_time start = fx_local(f, Y, M, D, 14, 0);
	store_sweep_counts n;
	int64_t id = confirmed(f, 14, 0, 60);

	/* 14:14:59: not yet. */
	assert_int_equal(store_sweep(f->st, start + 14 * 60 + 59, 100, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 0);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"
	                               " WHERE status = 'confirmed'"),
	                 1);
	/* 14:15:00: released, logged at the deadline by the system. */
	assert_int_equal(store_sweep(f->st, start + 15 * 60, 100, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 1);
	assert_int_equal(fx_sql_int(f, "SELECT at FROM events"
	                               " WHERE kind = 'release'"
	                               " AND actor_kind = 'system'"),
	                 start + 15 * 60);
	assert_int_equal(fx_sql_int(f, "SELECT closed_at FROM bookings"),
	                 start + 15 * 60);
	/* Nothing more to do. */
	assert_int_equal(store_sweep(f->st, start + 16 * 60, 100, &n),
	                 STORE_OK);
	assert_int_equal(n.released + n.expired + n.ended, 0);
	(void)id;
}

static void test_expire_and_end(void **state)
{
	fixture *f = *state;
	porte_time made = fx_local(f, Y, M, D, 8, 0);
	store_booking_res res, out;
	store_sweep_counts n;
	store_actor door = {ACTOR_DEVICE, f->device};

	assert_int_equal(fx_book(f, "g2", fx_local(f, Y, M, D, 16, 0), 60,
	                         "p@univ.fr", made, &res),
	                 STORE_OK);
	/* Pending: expires 2 h after it was made, not a second before. */
	assert_int_equal(store_sweep(f->st, made + 7199, 100, &n), STORE_OK);
	assert_int_equal(n.expired, 0);
	assert_int_equal(store_sweep(f->st, made + 7200, 100, &n), STORE_OK);
	assert_int_equal(n.expired, 1);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"
	                               " WHERE status = 'cancelled'"
	                               " AND closed_at = created_at + 7200"),
	                 1);
	/* Checked in: ended by the system at its end. */
	res.id = confirmed(f, 11, 0, 30);
	assert_int_equal(fx_act(f, res.id, BOOKING_CHECKIN, door,
	                        fx_local(f, Y, M, D, 11, 2), &out),
	                 STORE_OK);
	assert_int_equal(
	        store_sweep(f->st, fx_local(f, Y, M, D, 11, 29), 100, &n),
	        STORE_OK);
	assert_int_equal(n.ended, 0);
	assert_int_equal(
	        store_sweep(f->st, fx_local(f, Y, M, D, 12, 0), 100, &n),
	        STORE_OK);
	assert_int_equal(n.ended, 1);
	assert_int_equal(fx_sql_int(f, "SELECT at FROM events"
	                               " WHERE kind = 'end'"),
	                 fx_local(f, Y, M, D, 11, 30));
	/* A late door "release" of an ended booking: bad_state. */
	assert_int_equal(fx_act(f, res.id, BOOKING_RELEASE, door,
	                        fx_local(f, Y, M, D, 12, 0), &out),
	                 STORE_REFUSED);
	assert_int_equal(out.rule, RULE_BAD_STATE);
	/* The limit is kept, and checked. */
	assert_int_equal(store_sweep(f->st, made, 0, &n), STORE_INVALID);
}

static void test_sweep_limit(void **state)
{
	fixture *f = *state;
	store_sweep_counts n;

	confirmed(f, 9, 0, 30);
	confirmed(f, 10, 0, 30);
	confirmed(f, 11, 0, 30);
	assert_int_equal(store_sweep(f->st, fx_local(f, Y, M, D, 13, 0), 2, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 2);
	assert_int_equal(store_sweep(f->st, fx_local(f, Y, M, D, 13, 0), 2, &n),
	                 STORE_OK);
	assert_int_equal(n.released, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_same_key_once, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_checkin_code, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_late_checkin, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_late_checkin_rebooked,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_walk_in_and_staff, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_release_boundary, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_expire_and_end, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_sweep_limit, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

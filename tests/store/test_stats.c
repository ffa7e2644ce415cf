/*
 * test_stats.c - statistics fed from the event log (a day of every kind of
 * booking, a late offline check-in among them), the zone they are read
 * in, and the demo data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define Y 2026
#define M 3
#define D 2

static store_actor staff(int64_t id)
{
	store_actor a = {ACTOR_STAFF, id};

	return a;
}

static int64_t staff_book(fixture *f, const char *room, int h, int minutes)
{
	store_booking_res res;

	if (fx_staff_book(f, room, fx_local(f, Y, M, D, h, 0), minutes,
	                  fx_local(f, Y, M, D, 8, 0), &res) != STORE_OK)
		fail_msg("booking: %s", store_errmsg(f->st));
	return res.id;
}

static void test_day_of_bookings(void **state)
{
	fixture f;
	store_actor door;
	store_booking_res res;
	store_booking_req req;
	store_sweep_counts n;
	store_event_in ev;
	const tz_zone *tz;
	const stats_figures *t;
	char *result = NULL;
	int64_t a, b, c, e, g, room_id;
	stats *s;

	(void)state;
	fx_open(&f);
	door.kind = ACTOR_DEVICE;
	door.id = f.device;
	/* A: checked in 09:05, ended by time at 10:00. */
	a = staff_book(&f, "g1", 9, 60);
	assert_int_equal(fx_act(&f, a, BOOKING_CHECKIN, door,
	                        fx_local(&f, Y, M, D, 9, 5), &res),
	                 STORE_OK);
	/* B: a no-show, released at 10:15. */
	b = staff_book(&f, "g1", 10, 60);
	/* C: a patron's, confirmed then cancelled before it began. */
	assert_int_equal(fx_book(&f, "g1", fx_local(&f, Y, M, D, 11, 0), 60,
	                         "c@univ.fr", fx_local(&f, Y, M, D, 8, 0),
	                         &res),
	                 STORE_OK);
	c = res.id;
	assert_int_equal(fx_act(&f, c, BOOKING_CONFIRM, staff(f.desk),
	                        fx_local(&f, Y, M, D, 8, 10), &res),
	                 STORE_OK);
	assert_int_equal(fx_act(&f, c, BOOKING_CANCEL, staff(f.desk),
	                        fx_local(&f, Y, M, D, 8, 30), &res),
	                 STORE_OK);
	/* D: a walk-in at g2's desk at 14:05, ended at 15:00. */
	memset(&req, 0, sizeof(req));
	req.room = "g2";
	req.actor = staff(f.desk);
	req.walk_in = true;
	assert_int_equal(store_booking_create(f.st, &req,
	                                      fx_local(&f, Y, M, D, 14, 5),
	                                      &res),
	                 STORE_OK);
	assert_int_equal(res.end, fx_local(&f, Y, M, D, 16, 0));
	assert_int_equal(fx_act(&f, res.id, BOOKING_END, staff(f.desk),
	                        fx_local(&f, Y, M, D, 15, 0), &res),
	                 STORE_OK);
	/* E: released by the server at 16:15, but the door had checked it
	 * in at 16:10 while offline: a show. */
	e = staff_book(&f, "g1", 16, 60);
	assert_int_equal(
	        store_sweep(f.st, fx_local(&f, Y, M, D, 16, 20), 100, &n),
	        STORE_OK);
	assert_int_equal(n.released, 2); /* B and E */
	assert_int_equal(n.ended, 1);    /* A */
	memset(&ev, 0, sizeof(ev));
	ev.key = "late";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = e;
	ev.at = fx_local(&f, Y, M, D, 16, 10);
	assert_int_equal(store_outbox_apply(f.st, f.device, &ev,
	                                    fx_local(&f, Y, M, D, 16, 25),
	                                    &result, NULL),
	                 STORE_OK);
	assert_non_null(strstr(result, "\"ok\":true"));
	free(result);
	/* F: removed by staff after its start, before the deadline. */
	g = staff_book(&f, "g1", 17, 60);
	memset(&req, 0, sizeof(req));
	{
		store_act act;

		memset(&act, 0, sizeof(act));
		act.kind = BOOKING_REMOVE;
		act.actor = staff(f.desk);
		act.reason = "Salle réquisitionnée";
		assert_int_equal(
		        store_booking_act(f.st, g, &act,
		                          fx_local(&f, Y, M, D, 17, 10), &res),
		        STORE_OK);
	}
	assert_int_equal(
	        store_sweep(f.st, fx_local(&f, Y, M, D, 18, 30), 100, &n),
	        STORE_OK);
	assert_int_equal(n.ended, 1); /* E */

	assert_int_equal(store_stats_zone(f.st, NULL, "g1", &tz), STORE_OK);
	assert_string_equal(tz_name(tz), "Europe/Paris");
	s = stats_new(tz, fx_local(&f, Y, M, D, 0, 0),
	              fx_local(&f, Y, M, 3, 0, 0));
	assert_non_null(s);
	assert_int_equal(store_stats_feed(f.st, NULL, NULL,
	                                  fx_local(&f, Y, M, D, 0, 0),
	                                  fx_local(&f, Y, M, 3, 0, 0), s),
	                 STORE_OK);
	assert_int_equal(stats_finish(s, fx_local(&f, Y, M, D, 18, 30)), 0);
	t = stats_total(s);
	assert_int_equal(t->bookings, 6);
	assert_int_equal(t->due, 5);      /* all but C */
	assert_int_equal(t->shows, 3);    /* A, D, E */
	assert_int_equal(t->no_shows, 2); /* B, F */
	assert_int_equal(t->auto_released, 1);
	assert_int_equal(t->removed, 1);
	assert_int_equal(t->cancelled, 1);
	assert_int_equal(t->walk_ins, 1);
	assert_true(t->checkin_rate > 0.59 && t->checkin_rate < 0.61);
	assert_int_equal(stats_room_count(s), 2);
	stats_free(s);

	/* One room only. */
	s = stats_new(tz, fx_local(&f, Y, M, D, 0, 0),
	              fx_local(&f, Y, M, 3, 0, 0));
	assert_int_equal(store_stats_feed(f.st, NULL, "g2",
	                                  fx_local(&f, Y, M, D, 0, 0),
	                                  fx_local(&f, Y, M, 3, 0, 0), s),
	                 STORE_OK);
	assert_int_equal(stats_finish(s, fx_local(&f, Y, M, D, 18, 30)), 0);
	assert_int_equal(stats_total(s)->bookings, 1);
	assert_int_equal(stats_room_count(s), 1);
	room_id = 0;
	stats_room(s, 0, &room_id);
	assert_int_equal(room_id, fx_sql_int(&f, "SELECT id FROM rooms"
	                                         " WHERE slug = 'g2'"));
	stats_free(s);
	/* Another day: nothing. */
	s = stats_new(tz, fx_local(&f, Y, M, 3, 0, 0),
	              fx_local(&f, Y, M, 4, 0, 0));
	assert_int_equal(store_stats_feed(f.st, "bu", NULL,
	                                  fx_local(&f, Y, M, 3, 0, 0),
	                                  fx_local(&f, Y, M, 4, 0, 0), s),
	                 STORE_OK);
	assert_int_equal(stats_finish(s, fx_local(&f, Y, M, 4, 0, 0)), 0);
	assert_int_equal(stats_total(s)->bookings, 0);
	/* Bad arguments. */
	assert_int_equal(store_stats_feed(f.st, NULL, "nowhere", 0, 10, s),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_stats_feed(f.st, NULL, NULL, 10, 10, s),
	                 STORE_INVALID);
	stats_free(s);

	/* The zone of everything: the shared one, UTC when they differ. */
	assert_int_equal(store_stats_zone(f.st, NULL, NULL, &tz), STORE_OK);
	assert_string_equal(tz_name(tz), "Europe/Paris");
	assert_int_equal(store_site_add(f.st, "cli", "ny", "New York",
	                                "America/New_York", NULL, NULL, 0),
	                 STORE_OK);
	assert_int_equal(store_stats_zone(f.st, NULL, NULL, &tz), STORE_OK);
	assert_string_equal(tz_name(tz), "UTC");
	assert_int_equal(store_stats_zone(f.st, "ny", NULL, &tz), STORE_OK);
	assert_string_equal(tz_name(tz), "America/New_York");
	assert_int_equal(store_stats_zone(f.st, "nowhere", NULL, &tz),
	                 STORE_NOT_FOUND);
	(void)a;
	(void)b;
	fx_close(&f);
}

static void test_demo(void **state)
{
	static const char *const statuses[] = {
	        "pending",  "confirmed", "checked_in", "ended",
	        "released", "cancelled", "removed",
	};
	fixture f;
	porte_time now;
	store_demo_report rep;
	char sql[160], token[STORE_TOKEN_LEN];
	store_device dev;
	store_mail mail;
	const tz_zone *tz;
	stats *s;

	(void)state;
	fx_open_empty(&f);
	now = fx_local(&f, Y, M, 4, 11, 40); /* a Wednesday */
	if (store_demo(f.st, "cli", now, &rep) != STORE_OK)
		fail_msg("demo: %s", store_errmsg(f.st));
	assert_string_equal(rep.site, "bu-lettres");
	assert_int_equal(rep.rooms, 6);
	assert_true(rep.bookings >= 40);
	assert_string_equal(rep.first_room, "groupe-1");
	assert_int_equal(strlen(rep.enrol_code), 19);
	for (int i = 0; i < ROLE__COUNT; i++) {
		assert_int_equal(rep.accounts[i].role, (store_role)i);
		assert_int_equal(strlen(rep.accounts[i].pin), 6);
		assert_true(strlen(rep.accounts[i].password) >= 16);
		assert_int_equal(store_login_password(f.st,
		                                      rep.accounts[i].email,
		                                      rep.accounts[i].password,
		                                      now, token, NULL),
		                 STORE_OK);
	}
	/* Every state a booking can be in. */
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM bookings WHERE status = '%s'",
		         statuses[i]);
		if (fx_sql_int(&f, sql) == 0)
			fail_msg("no %s booking in the demo", statuses[i]);
	}
	assert_true(fx_sql_int(&f, "SELECT count(*) FROM bookings"
	                           " WHERE walk_in = 1") > 0);
	assert_int_equal(fx_sql_int(&f, "SELECT count(DISTINCT kind)"
	                                " FROM rooms"),
	                 4);
	/* Nothing time should have done is left undone. */
	{
		store_sweep_counts n;

		assert_int_equal(store_sweep(f.st, now, 100, &n), STORE_OK);
		assert_int_equal(n.released + n.expired + n.ended, 0);
	}
	/* Its mails to made-up addresses are never sent. */
	assert_int_equal(store_mail_next(f.st, now, &mail), STORE_NOT_FOUND);
	/* The code enrols the first room's door. */
	assert_int_equal(store_device_enroll(f.st, rep.enrol_code, NULL, now,
	                                     token, &dev),
	                 STORE_OK);
	assert_string_equal(dev.room, "groupe-1");
	/* Statistics of the week make sense. */
	assert_int_equal(store_stats_zone(f.st, "bu-lettres", NULL, &tz),
	                 STORE_OK);
	s = stats_new(tz, now - 4 * 86400, now + 4 * 86400);
	assert_int_equal(store_stats_feed(f.st, "bu-lettres", NULL,
	                                  now - 4 * 86400, now + 4 * 86400, s),
	                 STORE_OK);
	assert_int_equal(stats_finish(s, now), 0);
	assert_true(stats_total(s)->shows > 0);
	assert_true(stats_total(s)->no_shows > 0);
	assert_true(stats_total(s)->bookings >= rep.bookings / 2);
	stats_free(s);
	/* Once only. */
	assert_int_equal(store_demo(f.st, "cli", now, &rep), STORE_CONFLICT);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_day_of_bookings),
	        cmocka_unit_test(test_demo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

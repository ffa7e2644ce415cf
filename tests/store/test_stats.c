/*
 * test_stats.c - statistics fed from the event log (a day of every kind of
 * booking, a late offline check-in among them), the zone they are read
 * in, the demo data, and the threaded computation (store_stats_compute)
 * against the plain feed on a generated log of many rooms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fixture.h"
#include "stats_same.h"
#include "store_stats_par.h"

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

/* ---- store_stats_compute against store_stats_feed ---- */

#define GEN_ROOMS 37
#define GEN_DAYS 30
#define DAY (86400)

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fff;
}

static void gen_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("sql %s: %s", sql, err);
}

static void gen_event(sqlite3_stmt *ins, int64_t bk, int64_t room,
                      const char *kind, porte_time at, porte_time start,
                      porte_time end, porte_time recorded)
{
	sqlite3_bind_int64(ins, 1, bk);
	sqlite3_bind_int64(ins, 2, room);
	sqlite3_bind_text(ins, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, at);
	sqlite3_bind_int64(ins, 5, recorded);
	if (start != 0) {
		sqlite3_bind_int64(ins, 6, start);
		sqlite3_bind_int64(ins, 7, end);
	} else {
		sqlite3_bind_null(ins, 6);
		if (end != 0)
			sqlite3_bind_int64(ins, 7, end);
		else
			sqlite3_bind_null(ins, 7);
	}
	assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
	sqlite3_reset(ins);
}

/* One booking's fate, as events: checked in (early or late, ended early
 * or extended), released (some taken again by a walk-in, some checked in
 * late by an offline door), cancelled, removed, left pending. */
static void gen_fate(sqlite3_stmt *ins, unsigned *seed, int64_t id,
                     int64_t room, porte_time start, porte_time end,
                     bool patron)
{
	unsigned fate = rnd(seed) % 8;

	if (patron && rnd(seed) % 4 != 0)
		gen_event(ins, id, room, "confirm", start - 3000, 0, 0,
		          start - 3000);
	switch (fate) {
	case 0:
	case 1:
		gen_event(ins, id, room, "checkin", start + 60 * (fate * 7), 0,
		          0, start + 60 * (fate * 7));
		if (rnd(seed) % 3 == 0)
			gen_event(ins, id, room, "extend", start + 900, 0,
			          end + 1800, start + 900);
		gen_event(ins, id, room, "end", end - 600 * (rnd(seed) % 3), 0,
		          0, end);
		break;
	case 2:
		gen_event(ins, id, room, "release", start + 900, 0, 0,
		          start + 900);
		if (rnd(seed) % 3 == 0) /* a late offline check-in */
			gen_event(ins, id, room, "checkin", start + 600, 0, 0,
			          start + 1000);
		break;
	case 3:
		gen_event(ins, id, room, "cancel", start - 600 * fate, 0, 0,
		          start - 600 * fate);
		break;
	case 4:
		gen_event(ins, id, room, "remove", start + 300, 0, 0,
		          start + 300);
		break;
	case 5:
		gen_event(ins, id, room, "expire", start - 7200, 0, 0,
		          start - 7200);
		break;
	default:
		break; /* no event since: ended by time, or not due yet */
	}
}

/* One booking of ROOM from START, with its creation and its fate. */
static void gen_booking(sqlite3_stmt *bk_ins, sqlite3_stmt *ev_ins,
                        unsigned *seed, int64_t room, porte_time start)
{
	porte_time end = start + 1800 + (porte_time)(rnd(seed) % 4) * 1800;
	unsigned who = rnd(seed) % 5;
	bool walk_in = who == 0;
	bool patron = who >= 3;
	porte_time created = walk_in ? start : start - 86400 * (who + 1);
	int64_t id;

	sqlite3_bind_int64(bk_ins, 1, room);
	sqlite3_bind_int64(bk_ins, 2, start);
	sqlite3_bind_int64(bk_ins, 3, end);
	sqlite3_bind_int64(bk_ins, 4, created);
	sqlite3_bind_text(bk_ins, 5,
	                  patron    ? "patron"
	                  : walk_in ? "device"
	                            : "staff",
	                  -1, SQLITE_STATIC);
	sqlite3_bind_int(bk_ins, 6, walk_in);
	assert_int_equal(sqlite3_step(bk_ins), SQLITE_DONE);
	sqlite3_reset(bk_ins);
	id = sqlite3_last_insert_rowid(sqlite3_db_handle(bk_ins));
	gen_event(ev_ins, id, room, "create", created, start, end, created);
	if (!walk_in)
		gen_fate(ev_ins, seed, id, room, start, end, patron);
}

/*
 * GEN_ROOMS rooms over two sites, GEN_DAYS days up to NOW (and a few
 * after it) of bookings written straight into the database (and a few
 * more a room booked last, on any day: its ids out of start order, so
 * that a period's bookings of a room have others' ids between them):
 * every fate gen_fate knows, released slots taken again by walk-ins created after
 * the release, events recorded late and out of order.
 */
static void gen_log(fixture *f, porte_time first, unsigned seed)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *room_ins = NULL, *bk_ins = NULL, *ev_ins = NULL;

	assert_int_equal(store_site_add(f->st, "test", "b2", "BU 2",
	                                "Europe/Paris", "mon-sat 08:00-20:00",
	                                "univ.fr", 0),
	                 STORE_OK);
	assert_int_equal(
	        sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL),
	        SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	gen_exec(db, "BEGIN");
	assert_int_equal(sqlite3_prepare_v2(
	                         db,
	                         "INSERT INTO rooms(slug, site_id, name, kind,"
	                         " created_at) VALUES (?1, (SELECT id FROM"
	                         " sites WHERE slug = ?2), ?1, 'group', 0)",
	                         -1, &room_ins, NULL),
	                 SQLITE_OK);
	assert_int_equal(
	        sqlite3_prepare_v2(db,
	                           "INSERT INTO bookings(room_id, start_at,"
	                           " end_at, status, checkin_code, created_at,"
	                           " creator_kind, walk_in) VALUES (?1, ?2, ?3,"
	                           " 'ended', '1234', ?4, ?5, ?6)",
	                           -1, &bk_ins, NULL),
	        SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(
	                         db,
	                         "INSERT INTO events(booking_id, room_id, kind,"
	                         " actor_kind, at, recorded_at, start_at,"
	                         " end_at) VALUES (?1, ?2, ?3, 'system', ?4,"
	                         " ?5, ?6, ?7)",
	                         -1, &ev_ins, NULL),
	                 SQLITE_OK);
	for (int r = 0; r < GEN_ROOMS; r++) {
		char slug[16];
		int64_t room;

		snprintf(slug, sizeof(slug), "gen-%02d", r);
		sqlite3_bind_text(room_ins, 1, slug, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(room_ins, 2, r % 3 == 0 ? "b2" : "bu", -1,
		                  SQLITE_STATIC);
		assert_int_equal(sqlite3_step(room_ins), SQLITE_DONE);
		sqlite3_reset(room_ins);
		room = sqlite3_last_insert_rowid(db);
		for (int d = 0; d < GEN_DAYS + 3; d++) {
			for (int k = 0; k < 6; k++)
				gen_booking(
				        bk_ins, ev_ins, &seed, room,
				        first + (porte_time)d * DAY + 8 * 3600 +
				                k * 5400 +
				                (porte_time)(rnd(&seed) % 4) *
				                        900);
		}
		/* Booked last, on any day: a room's ids out of start order. */
		for (int k = 0; k < 4; k++)
			gen_booking(bk_ins, ev_ins, &seed, room,
			            first +
			                    (porte_time)(rnd(&seed) %
			                                 (GEN_DAYS + 3)) *
			                            DAY +
			                    19 * 3600);
	}
	sqlite3_finalize(room_ins);
	sqlite3_finalize(bk_ins);
	sqlite3_finalize(ev_ins);
	gen_exec(db, "COMMIT");
	sqlite3_close(db);
}

/* The plain path's figures of a scope. */
static stats *plain(fixture *f, const char *site, const char *room,
                    porte_time from, porte_time to, porte_time now)
{
	stats *s = stats_new(f->tz, from, to);

	assert_non_null(s);
	if (store_stats_feed(f->st, site, room, from, to, s) != STORE_OK)
		fail_msg("feed: %s", store_errmsg(f->st));
	assert_int_equal(stats_finish(s, now), 0);
	return s;
}

static void test_compute_same_as_feed(void **state)
{
	static const unsigned threads[] = {1, 2, 3, 8, 0};
	static const struct {
		const char *site, *room;
	} scopes[] = {{NULL, NULL},
	              {"bu", NULL},
	              {"b2", NULL},
	              {NULL, "gen-07"},
	              {"b2", "gen-04"}};
	fixture f;
	porte_time first, now;

	(void)state;
	fx_open(&f);
	first = fx_local(&f, 2026, 2, 2, 0, 0);
	gen_log(&f, first, 7);
	now = first + 25 * DAY + 11 * 3600; /* some bookings not due yet */
	assert_true(fx_sql_int(&f, "SELECT count(*) FROM events") > 8000);
	for (size_t p = 0; p < 3; p++) {
		porte_time from = first + (porte_time)p * 5 * DAY + 3600 * p;
		porte_time to = first + (porte_time)(GEN_DAYS - 2 * p) * DAY;

		for (size_t sc = 0; sc < sizeof(scopes) / sizeof(scopes[0]);
		     sc++) {
			stats *ref = plain(&f, scopes[sc].site, scopes[sc].room,
			                   from, to, now);

			assert_true(stats_total(ref)->bookings > 0);
			if (sc == 0) { /* every kind of figure is there */
				assert_true(stats_total(ref)->reclaimed_s > 0);
				assert_true(stats_total(ref)->no_shows > 0);
				assert_true(stats_total(ref)->removed > 0);
				assert_true(stats_total(ref)->walk_ins > 0);
				assert_true(stats_room_count(ref) == GEN_ROOMS);
			}
			for (size_t t = 0;
			     t < sizeof(threads) / sizeof(threads[0]); t++) {
				stats *s = NULL;

				if (store_stats_compute(
				            f.st, scopes[sc].site,
				            scopes[sc].room, f.tz, from, to,
				            now, threads[t], &s) != STORE_OK)
					fail_msg("compute: %s",
					         store_errmsg(f.st));
				stats_expect_same(ref, s);
				stats_free(s);
			}
			stats_free(ref);
		}
	}
	fx_close(&f);
}

static void test_compute_refused(void **state)
{
	fixture f;
	stats *s = (stats *)&f;
	porte_time from;

	(void)state;
	fx_open(&f);
	from = fx_local(&f, 2026, 2, 2, 0, 0);
	assert_int_equal(store_stats_compute(f.st, NULL, "nowhere", f.tz, from,
	                                     from + DAY, from, 2, &s),
	                 STORE_NOT_FOUND);
	assert_null(s);
	assert_int_equal(store_stats_compute(f.st, "nowhere", NULL, f.tz, from,
	                                     from + DAY, from, 2, &s),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_stats_compute(f.st, NULL, NULL, f.tz, from, from,
	                                     from, 2, &s),
	                 STORE_INVALID);
	assert_null(s);
	/* No booking at all: empty figures, every week there. */
	assert_int_equal(store_stats_compute(f.st, NULL, NULL, f.tz, from,
	                                     from + 14 * DAY, from, 2, &s),
	                 STORE_OK);
	assert_int_equal(stats_total(s)->bookings, 0);
	assert_int_equal(stats_room_count(s), 0);
	assert_int_equal(stats_week_count(s), 2);
	stats_free(s);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_day_of_bookings),
	        cmocka_unit_test(test_demo),
	        cmocka_unit_test(test_compute_same_as_feed),
	        cmocka_unit_test(test_compute_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

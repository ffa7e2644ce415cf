/*
 * fixture.c - see fixture.h.
 */
#include "fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

void fx_open_empty(fixture *f)
{
	char *cause = NULL;
	store_status rc;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/porte-store-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/porte.db", f->dir);
	rc = store_open(f->path, STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &f->st,
	                &cause);
	if (rc != STORE_OK)
		fail_msg("store_open: %s", cause);
	assert_int_equal(store_zone(f->st, "Europe/Paris", &f->tz), STORE_OK);
}

static int64_t add_staff(fixture *f, const char *email, store_role role,
                         const char *site, const char *password,
                         const char *pin)
{
	int64_t id = 0;
	store_status rc;

	rc = store_staff_add(f->st, "test", email, "Test Person", role, site,
	                     password, pin, 0, &id);
	if (rc != STORE_OK)
		fail_msg("staff %s: %s", email, store_errmsg(f->st));
	return id;
}

void fx_open(fixture *f)
{
	static const struct {
		const char *slug;
		room_kind kind;
		int capacity;
	} rooms[] = {
	        {"g1", ROOM_GROUP, 1},      {"g2", ROOM_GROUP, 1},
	        {"meet", ROOM_MEETING, 1},  {"train", ROOM_TRAINING, 1},
	        {"shop", ROOM_WORKSHOP, 3},
	};
	char code[STORE_CODE_LEN];
	store_device dev;

	fx_open_empty(f);
	assert_int_equal(store_site_add(f->st, "test", "bu", "BU Test",
	                                "Europe/Paris", "mon-sat 08:00-20:00",
	                                "univ.fr", 0),
	                 STORE_OK);
	for (size_t i = 0; i < sizeof(rooms) / sizeof(rooms[0]); i++) {
		if (store_room_add(f->st, "test", rooms[i].slug, "bu",
		                   rooms[i].slug, rooms[i].kind,
		                   rooms[i].capacity, 0) != STORE_OK)
			fail_msg("room %s: %s", rooms[i].slug,
			         store_errmsg(f->st));
	}
	f->desk = add_staff(f, "desk@univ.fr", ROLE_DESK, "bu", "password-1",
	                    "111111");
	f->admin = add_staff(f, "admin@univ.fr", ROLE_ROOM_ADMIN, "bu",
	                     "password-2", "222222");
	f->facility = add_staff(f, "facilities@univ.fr", ROLE_FACILITIES, NULL,
	                        "password-3", "333333");
	f->super = add_staff(f, "super@univ.fr", ROLE_SUPERADMIN, NULL,
	                     "password-4", "444444");
	assert_int_equal(store_referent_set(f->st, "test", "admin@univ.fr",
	                                    "train", true, 0),
	                 STORE_OK);
	assert_int_equal(store_enrol_code(f->st, "test", "g1", 0, code, NULL),
	                 STORE_OK);
	assert_int_equal(store_device_enroll(f->st, code, "door g1", 0,
	                                     f->device_token, &dev),
	                 STORE_OK);
	f->device = dev.id;
}

void fx_close(fixture *f)
{
	DIR *d;
	struct dirent *e;

	store_close(f->st);
	f->st = NULL;
	d = opendir(f->dir);
	for (e = d != NULL ? readdir(d) : NULL; e != NULL; e = readdir(d)) {
		char p[512];

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", f->dir, e->d_name);
		unlink(p);
	}
	if (d != NULL)
		closedir(d);
	rmdir(f->dir);
}

porte_time fx_local(const fixture *f, int y, int mo, int d, int h, int mi)
{
	cal_datetime dt = {y, mo, d, h, mi, 0};
	porte_time t = 0;

	assert_int_equal(tz_from_local(f->tz, dt, &t, NULL), TZ_LOCAL_OK);
	return t;
}

int64_t fx_sql_int(const fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = 0;

	assert_int_equal(
	        sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL),
	        SQLITE_OK);
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		fail_msg("sql %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

void fx_mail_token(const fixture *f, const char *email,
                   char token[STORE_TOKEN_LEN])
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	const char *body, *t;
	size_t n = 0;

	assert_int_equal(
	        sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL),
	        SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT body FROM mail_queue"
	                                    " WHERE to_addr = ?1"
	                                    " ORDER BY id DESC LIMIT 1",
	                                    -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	body = (const char *)sqlite3_column_text(s, 0);
	t = strstr(body, "?t=");
	assert_non_null(t);
	t += 3;
	while (n < STORE_TOKEN_LEN - 1 && t[n] != '&' && t[n] != '\n' &&
	       t[n] != '\0') {
		token[n] = t[n];
		n++;
	}
	token[n] = '\0';
	assert_int_equal(n, STORE_TOKEN_LEN - 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

store_status fx_book(fixture *f, const char *room, porte_time start,
                     int minutes, const char *email, porte_time now,
                     store_booking_res *res)
{
	store_booking_req req;

	memset(&req, 0, sizeof(req));
	req.room = room;
	req.start = start;
	req.end = start + (porte_time)minutes * 60;
	req.email = email;
	req.title = "Révisions";
	req.actor.kind = ACTOR_PATRON;
	return store_booking_create(f->st, &req, now, res);
}

store_status fx_staff_book(fixture *f, const char *room, porte_time start,
                           int minutes, porte_time now, store_booking_res *res)
{
	store_booking_req req;

	memset(&req, 0, sizeof(req));
	req.room = room;
	req.start = start;
	req.end = start + (porte_time)minutes * 60;
	req.title = "Par l'accueil";
	req.actor.kind = ACTOR_STAFF;
	req.actor.id = f->admin;
	return store_booking_create(f->st, &req, now, res);
}

store_status fx_act(fixture *f, int64_t id, booking_action_kind kind,
                    store_actor actor, porte_time now, store_booking_res *res)
{
	store_act act;

	memset(&act, 0, sizeof(act));
	act.kind = kind;
	act.actor = actor;
	act.at = now;
	act.reason = kind == BOOKING_REMOVE ? "late" : NULL;
	return store_booking_act(f->st, id, &act, now, res);
}

/*
 * cache.c - the door's SQLite cache: opening it, its schema, meta values
 * and the schedules as received. See client_int.h for the tables.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client_int.h"

/* "Prte": marks a file as a Porte door cache. */
#define CACHE_APP_ID 0x50727465
#define CACHE_VERSION 1

static const char schema[] =
        "CREATE TABLE IF NOT EXISTS meta("
        " k TEXT PRIMARY KEY, v TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS schedules("
        " date TEXT PRIMARY KEY, etag TEXT NOT NULL, json TEXT NOT NULL,"
        " received_at INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS outbox("
        " seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,"
        " ref TEXT NOT NULL, type INTEGER NOT NULL,"
        " booking_id INTEGER NOT NULL, at INTEGER NOT NULL,"
        " start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,"
        " new_end INTEGER NOT NULL, reason TEXT NOT NULL,"
        " staff TEXT NOT NULL, code TEXT NOT NULL,"
        " created_at INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS outbox_ref ON outbox(ref);"
        "CREATE TABLE IF NOT EXISTS shown("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, ref TEXT NOT NULL UNIQUE,"
        " booking_id INTEGER NOT NULL, walk_in INTEGER NOT NULL,"
        " refused INTEGER NOT NULL DEFAULT 0, status INTEGER NOT NULL,"
        " start_at INTEGER NOT NULL, end_at INTEGER NOT NULL,"
        " checked_in_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS refusals("
        " id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL,"
        " type INTEGER NOT NULL, ref TEXT NOT NULL,"
        " booking_id INTEGER NOT NULL, code TEXT NOT NULL,"
        " message TEXT NOT NULL, status INTEGER NOT NULL,"
        " at INTEGER NOT NULL, received_at INTEGER NOT NULL);";

/* Runs SQL on DB, reason into *CAUSE. */
static int db_exec(sqlite3 *db, const char *sql, char **cause)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		client_fail(cause, "cache: %s", err ? err : sqlite3_errmsg(db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* The integer of a one-value pragma, or -1. */
static int64_t db_pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* True when the journal mode is now WAL. */
static bool db_wal(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	bool wal = false;

	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &s, NULL) !=
	    SQLITE_OK)
		return false;
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *m = sqlite3_column_text(s, 0);

		wal = m != NULL && strcmp((const char *)m, "wal") == 0;
	}
	sqlite3_finalize(s);
	return wal;
}

/* Creates PATH with mode 0600 when it does not exist, so that the cache
 * (and its -wal and -shm, which take its mode) is private. */
static int precreate(const char *path, char **cause)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return client_fail(cause, "cache %s: %s", path,
		                   strerror(errno));
	close(fd);
	return 0;
}

static int db_schema(sqlite3 *db, char **cause)
{
	int64_t app = db_pragma_int(db, "PRAGMA application_id");
	int64_t version = db_pragma_int(db, "PRAGMA user_version");
	char sql[128];

	if (app < 0 || version < 0)
		return client_fail(cause, "cache: %s", sqlite3_errmsg(db));
	if (app != 0 && app != CACHE_APP_ID)
		return client_fail(cause, "cache: not a Porte door cache");
	if (version > CACHE_VERSION)
		return client_fail(cause,
		                   "cache: made by a newer version (%lld)",
		                   (long long)version);
	if (app == CACHE_APP_ID && version == CACHE_VERSION)
		return 0;
	if (db_exec(db, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	snprintf(sql, sizeof(sql),
	         "PRAGMA application_id=%d; PRAGMA user_version=%d;",
	         CACHE_APP_ID, CACHE_VERSION);
	if (db_exec(db, schema, cause) != 0 || db_exec(db, sql, cause) != 0 ||
	    db_exec(db, "COMMIT", cause) != 0) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int cache_open(const char *path, sqlite3 **out, char **cause)
{
	sqlite3 *db = NULL;
	int rc = -1;

	*out = NULL;
	if (path == NULL || path[0] == '\0')
		return client_fail(cause, "no cache file given");
	if (precreate(path, cause) != 0)
		return -1;
	if (sqlite3_open_v2(path, &db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	                            SQLITE_OPEN_FULLMUTEX,
	                    NULL) != SQLITE_OK) {
		client_fail(cause, "cache %s: %s", path,
		            db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	if (db_exec(db, "PRAGMA synchronous=FULL", cause) != 0)
		goto out;
	if (db_schema(db, cause) != 0)
		goto out;
	if (!db_wal(db)) {
		client_fail(cause, "cache %s: cannot use WAL: %s", path,
		            sqlite3_errmsg(db));
		goto out;
	}
	/* synchronous is per connection, and journal_mode may reset it. */
	if (db_exec(db, "PRAGMA synchronous=FULL", cause) != 0)
		goto out;
	*out = db;
	db = NULL;
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

/* Keeps the cache's last error for the status. */
static void db_error(porte_client *c, const char *what)
{
	snprintf(c->st.last_error, sizeof(c->st.last_error), "cache: %s: %s",
	         what, sqlite3_errmsg(c->db));
}

int cache_step(porte_client *c, sqlite3_stmt *s)
{
	if (c->fail_at > 0 && ++c->steps == c->fail_at) {
		snprintf(c->st.last_error, sizeof(c->st.last_error),
		         "cache: injected failure");
		return SQLITE_IOERR;
	}
	return sqlite3_step(s);
}

void client_test_fail_step(porte_client *c, int n)
{
	pthread_mutex_lock(&c->lock);
	c->fail_at = n;
	c->steps = 0;
	pthread_mutex_unlock(&c->lock);
}

sqlite3_stmt *cache_prepare(porte_client *c, const char *sql)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(c->db, sql, -1, &s, NULL) != SQLITE_OK) {
		db_error(c, "prepare");
		sqlite3_finalize(s);
		return NULL;
	}
	return s;
}

int cache_exec(porte_client *c, const char *sql)
{
	sqlite3_stmt *s = cache_prepare(c, sql);
	int rc;

	if (s == NULL)
		return -1;
	rc = cache_step(c, s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW && rc != SQLITE_IOERR)
		db_error(c, "step");
	sqlite3_finalize(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

int cache_begin(porte_client *c)
{
	return cache_exec(c, "BEGIN IMMEDIATE");
}

int cache_commit(porte_client *c)
{
	if (cache_exec(c, "COMMIT") != 0) {
		cache_rollback(c);
		return -1;
	}
	return 0;
}

void cache_rollback(porte_client *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

int cache_meta_get(porte_client *c, const char *k, char *buf, size_t size)
{
	sqlite3_stmt *s = cache_prepare(c, "SELECT v FROM meta WHERE k = ?1");
	int rc = -1, step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step == SQLITE_ROW) {
		client_copy(buf, size, (const char *)sqlite3_column_text(s, 0));
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		db_error(c, "meta");
	}
	sqlite3_finalize(s);
	return rc;
}

int cache_meta_set(porte_client *c, const char *k, const char *v)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "INSERT OR REPLACE INTO meta(k, v) VALUES (?1, ?2)");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, v, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step != SQLITE_DONE)
		db_error(c, "meta");
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Parses the stored TEXT of a schedule into *OUT. */
static int schedule_text(const char *text, wire_schedule *out)
{
	json_t *j;
	int rc;

	wire_schedule_init(out);
	if (text == NULL)
		return -1;
	j = wire_load(text, strlen(text), WIRE_REPLY_MAX, NULL);
	if (j == NULL)
		return -1;
	rc = wire_schedule_parse(j, out, NULL);
	json_decref(j);
	return rc;
}

int cache_schedule_get(porte_client *c, cal_date d, wire_schedule *out)
{
	sqlite3_stmt *s =
	        cache_prepare(c, "SELECT json FROM schedules WHERE date = ?1");
	char date[CAL_DATE_LEN];
	int rc = -1, step;

	wire_schedule_init(out);
	if (s == NULL)
		return -1;
	cal_format_date(d, date);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step == SQLITE_ROW) {
		/* Checked when stored: unreadable now means a damaged
		 * cache, taken as no schedule. */
		rc = schedule_text((const char *)sqlite3_column_text(s, 0),
		                   out) == 0
		             ? 1
		             : 0;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		db_error(c, "schedule");
	}
	sqlite3_finalize(s);
	return rc;
}

int cache_schedule_etag(porte_client *c, cal_date d,
                        char etag[WIRE_ETAG_MAX + 1])
{
	sqlite3_stmt *s =
	        cache_prepare(c, "SELECT etag FROM schedules WHERE date = ?1");
	char date[CAL_DATE_LEN];
	int rc = -1, step;

	etag[0] = '\0';
	if (s == NULL)
		return -1;
	cal_format_date(d, date);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step == SQLITE_ROW) {
		client_copy(etag, WIRE_ETAG_MAX + 1,
		            (const char *)sqlite3_column_text(s, 0));
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	} else {
		db_error(c, "schedule");
	}
	sqlite3_finalize(s);
	return rc;
}

static int schedule_write(porte_client *c, const char *date, const char *etag,
                          const char *text, porte_time now)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "INSERT OR REPLACE INTO schedules(date, etag, json,"
	           " received_at) VALUES (?1, ?2, ?3, ?4)");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, etag, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, now);
	step = cache_step(c, s);
	if (step != SQLITE_DONE)
		db_error(c, "schedule");
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

int cache_schedule_put(porte_client *c, const wire_schedule *s,
                       const char *text, const char *etag, porte_time now)
{
	char date[CAL_DATE_LEN];

	cal_format_date(s->date, date);
	return schedule_write(c, date, etag, text, now);
}

/* Serialises S and stores it under DATE, keeping ETAG. */
static int schedule_rewrite(porte_client *c, const char *date, const char *etag,
                            porte_time received, const wire_schedule *s)
{
	json_t *j = wire_schedule_json(s);
	char *text = NULL;
	int rc = -1;

	if (j == NULL)
		goto out;
	text = json_dumps(j, JSON_COMPACT);
	if (text == NULL)
		goto out;
	rc = schedule_write(c, date, etag, text, received);
out:
	free(text);
	json_decref(j);
	return rc;
}

/* Replaces booking B in S, or adds it when ADD. Returns 1 when S changed. */
static int schedule_put_booking(wire_schedule *s, const wire_booking *b,
                                bool add)
{
	for (size_t i = 0; i < s->nbookings; i++) {
		if (s->bookings[i].id == b->id) {
			s->bookings[i] = *b;
			s->bookings[i].pending_sync = false;
			return 1;
		}
	}
	if (!add)
		return 0;
	if (wire_schedule_add(s, b) != 0)
		return -1;
	s->bookings[s->nbookings - 1].pending_sync = false;
	return 1;
}

/* One stored day, for the patch loop. */
typedef struct day_row {
	char date[CAL_DATE_LEN];
	char etag[WIRE_ETAG_MAX + 1];
	porte_time received;
	wire_schedule s;
	bool ok;
} day_row;

#define CACHE_DAYS_MAX 8

/* Reads every stored day (at most CACHE_DAYS_MAX, newest first). */
static int days_read(porte_client *c, day_row *rows, size_t *n)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "SELECT date, etag, received_at, json FROM schedules"
	           " ORDER BY date DESC");
	int step;

	*n = 0;
	if (s == NULL)
		return -1;
	while (*n < CACHE_DAYS_MAX) {
		day_row *r = &rows[*n];

		step = cache_step(c, s);
		if (step != SQLITE_ROW)
			break;
		client_copy(r->date, sizeof(r->date),
		            (const char *)sqlite3_column_text(s, 0));
		client_copy(r->etag, sizeof(r->etag),
		            (const char *)sqlite3_column_text(s, 1));
		r->received = sqlite3_column_int64(s, 2);
		r->ok = schedule_text((const char *)sqlite3_column_text(s, 3),
		                      &r->s) == 0;
		(*n)++;
	}
	if (*n < CACHE_DAYS_MAX && step != SQLITE_DONE) {
		db_error(c, "schedules");
		sqlite3_finalize(s);
		for (size_t i = 0; i < *n; i++)
			wire_schedule_free(&rows[i].s);
		*n = 0;
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

int cache_schedule_patch(porte_client *c, const wire_booking *b, cal_date d,
                         bool add_to_d)
{
	day_row rows[CACHE_DAYS_MAX];
	char want[CAL_DATE_LEN];
	size_t n = 0;
	bool found = false;
	int rc = -1;

	cal_format_date(d, want);
	if (days_read(c, rows, &n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		int changed;

		if (!rows[i].ok)
			continue;
		changed = schedule_put_booking(&rows[i].s, b, false);
		if (changed == 1) {
			found = true;
			if (schedule_rewrite(c, rows[i].date, rows[i].etag,
			                     rows[i].received, &rows[i].s) != 0)
				goto out;
		}
	}
	for (size_t i = 0; !found && add_to_d && i < n; i++) {
		if (!rows[i].ok || strcmp(rows[i].date, want) != 0)
			continue;
		if (schedule_put_booking(&rows[i].s, b, true) < 0 ||
		    schedule_rewrite(c, rows[i].date, rows[i].etag,
		                     rows[i].received, &rows[i].s) != 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		wire_schedule_free(&rows[i].s);
	return rc;
}

int cache_find_booking(porte_client *c, int64_t id, wire_booking *out)
{
	day_row rows[CACHE_DAYS_MAX];
	size_t n = 0;
	int rc = 0;

	if (days_read(c, rows, &n) != 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		for (size_t k = 0; rows[i].ok && k < rows[i].s.nbookings; k++) {
			if (rows[i].s.bookings[k].id == id) {
				*out = rows[i].s.bookings[k];
				rc = 1;
				break;
			}
		}
	}
	for (size_t i = 0; i < n; i++)
		wire_schedule_free(&rows[i].s);
	return rc;
}

int cache_schedule_prune(porte_client *c, cal_date d)
{
	sqlite3_stmt *s =
	        cache_prepare(c, "DELETE FROM schedules WHERE date < ?1");
	char date[CAL_DATE_LEN];
	int step;

	if (s == NULL)
		return -1;
	cal_format_date(d, date);
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step != SQLITE_DONE)
		db_error(c, "prune");
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

int client_set_zone(porte_client *c, const char *name, char **cause)
{
	tz_zone *z = NULL;

	if (c->tz != NULL && strcmp(tz_name(c->tz), name) == 0)
		return 0;
	if (tz_load(name, &z, cause) != 0)
		return -1;
	tz_free(c->tz);
	c->tz = z;
	return 0;
}

int cache_load_room(porte_client *c, wire_room *out)
{
	char *text = malloc(WIRE_BODY_MAX);
	json_t *j = NULL;
	int rc = -1, got;

	if (text == NULL)
		return -1;
	got = cache_meta_get(c, "room_json", text, WIRE_BODY_MAX);
	if (got <= 0) {
		rc = got;
		goto out;
	}
	j = wire_load(text, strlen(text), WIRE_BODY_MAX, NULL);
	if (j == NULL || wire_room_parse(j, out, NULL) != 0) {
		rc = 0; /* damaged: as if unknown, fetched again */
		goto out;
	}
	c->rules = out->rules;
	c->has_rules = true;
	client_set_zone(c, out->tz, NULL);
	rc = 1;
out:
	json_decref(j);
	free(text);
	return rc;
}

cal_date client_date_of(const porte_client *c, porte_time t)
{
	cal_datetime dt;
	cal_date d;

	if (c->tz != NULL)
		return tz_date_of(c->tz, t);
	dt = cal_utc_from_time(t);
	d.year = dt.year;
	d.month = dt.month;
	d.day = dt.day;
	return d;
}

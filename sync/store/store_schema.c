/*
 * store_schema.c - the database schema as numbered migrations.
 *
 * Migration N takes a database at version N - 1 (PRAGMA user_version) to
 * version N, in one transaction with the version bump. Never edit a
 * published migration: add the next one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

static const char migration_1[] =
        "CREATE TABLE meta("
        " name TEXT PRIMARY KEY,"
        " value BLOB NOT NULL"
        ") STRICT;"

        "CREATE TABLE sites("
        " id INTEGER PRIMARY KEY,"
        " slug TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL,"
        " tz TEXT NOT NULL,"
        " hours TEXT NOT NULL DEFAULT 'closed',"
        " domains TEXT NOT NULL DEFAULT '',"
        " created_at INTEGER NOT NULL"
        ") STRICT;"

        /* Closures (hours 'closed') and exceptional hours of a local date. */
        "CREATE TABLE site_dates("
        " site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,"
        " date TEXT NOT NULL,"
        " hours TEXT NOT NULL,"
        " note TEXT NOT NULL DEFAULT '',"
        " PRIMARY KEY (site_id, date)"
        ") STRICT;"

        "CREATE TABLE site_messages("
        " id INTEGER PRIMARY KEY,"
        " site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,"
        " from_at INTEGER NOT NULL,"
        " to_at INTEGER NOT NULL,"
        " text TEXT NOT NULL,"
        " created_at INTEGER NOT NULL,"
        " CHECK (to_at > from_at AND to_at - from_at <= 604800)"
        ") STRICT;"
        "CREATE INDEX site_messages_site ON site_messages(site_id, to_at);"

        /* change_counter: bumped with every change a schedule shows; the
	 * schedule's ETag. */
        "CREATE TABLE rooms("
        " id INTEGER PRIMARY KEY,"
        " slug TEXT NOT NULL UNIQUE,"
        " site_id INTEGER NOT NULL REFERENCES sites(id),"
        " name TEXT NOT NULL,"
        " kind TEXT NOT NULL"
        "  CHECK (kind IN ('group', 'meeting', 'training', 'workshop')),"
        " capacity INTEGER NOT NULL DEFAULT 1"
        "  CHECK (capacity BETWEEN 1 AND 1000),"
        " change_counter INTEGER NOT NULL DEFAULT 1,"
        " created_at INTEGER NOT NULL"
        ") STRICT;"
        "CREATE INDEX rooms_site ON rooms(site_id);"

        /* Settings of rules.h by name, on a site or a room. */
        "CREATE TABLE rules("
        " id INTEGER PRIMARY KEY,"
        " site_id INTEGER REFERENCES sites(id) ON DELETE CASCADE,"
        " room_id INTEGER REFERENCES rooms(id) ON DELETE CASCADE,"
        " name TEXT NOT NULL,"
        " value TEXT NOT NULL,"
        " CHECK ((site_id IS NULL) <> (room_id IS NULL))"
        ") STRICT;"
        "CREATE UNIQUE INDEX rules_site ON rules(site_id, name)"
        " WHERE site_id IS NOT NULL;"
        "CREATE UNIQUE INDEX rules_room ON rules(room_id, name)"
        " WHERE room_id IS NOT NULL;"

        /* pin_tag: 4 bits of a keyed hash of the PIN, to find the few
	 * accounts whose argon2id hash is worth trying. */
        "CREATE TABLE staff("
        " id INTEGER PRIMARY KEY,"
        " email TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL,"
        " role TEXT NOT NULL"
        "  CHECK (role IN ('desk', 'room_admin', 'facilities',"
        "   'superadmin')),"
        " site_id INTEGER REFERENCES sites(id),"
        " password_hash TEXT NOT NULL,"
        " pin_hash TEXT NOT NULL,"
        " pin_tag INTEGER NOT NULL,"
        " disabled INTEGER NOT NULL DEFAULT 0,"
        " created_at INTEGER NOT NULL"
        ") STRICT;"
        "CREATE INDEX staff_pin_tag ON staff(pin_tag);"

        /* Who manages a training room. */
        "CREATE TABLE referents("
        " staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
        " room_id INTEGER NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,"
        " PRIMARY KEY (staff_id, room_id)"
        ") STRICT, WITHOUT ROWID;"

        /* A door display, bound to one room. Wrong staff PINs are counted
	 * here: a wrong PIN names no one, the door it came from is known. */
        "CREATE TABLE devices("
        " id INTEGER PRIMARY KEY,"
        " room_id INTEGER NOT NULL REFERENCES rooms(id),"
        " name TEXT NOT NULL,"
        " token_hash BLOB NOT NULL UNIQUE,"
        " proof_key BLOB NOT NULL,"
        " version TEXT NOT NULL DEFAULT '',"
        " created_at INTEGER NOT NULL,"
        " last_seen INTEGER NOT NULL DEFAULT 0,"
        " revoked INTEGER NOT NULL DEFAULT 0,"
        " pin_failures INTEGER NOT NULL DEFAULT 0,"
        " pin_locked_until INTEGER NOT NULL DEFAULT 0"
        ") STRICT;"
        "CREATE INDEX devices_room ON devices(room_id);"

        "CREATE TABLE sessions("
        " id INTEGER PRIMARY KEY,"
        " token_hash BLOB NOT NULL UNIQUE,"
        " staff_id INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,"
        " device_id INTEGER REFERENCES devices(id),"
        " created_at INTEGER NOT NULL,"
        " expires_at INTEGER NOT NULL,"
        " ended INTEGER NOT NULL DEFAULT 0"
        ") STRICT;"
        "CREATE INDEX sessions_staff ON sessions(staff_id);"
        "CREATE INDEX sessions_device ON sessions(device_id)"
        " WHERE device_id IS NOT NULL;"

        "CREATE TABLE enrol_codes("
        " id INTEGER PRIMARY KEY,"
        " code_hash BLOB NOT NULL UNIQUE,"
        " room_id INTEGER NOT NULL REFERENCES rooms(id),"
        " created_at INTEGER NOT NULL,"
        " expires_at INTEGER NOT NULL,"
        " used_at INTEGER NOT NULL DEFAULT 0,"
        " device_id INTEGER REFERENCES devices(id),"
        " created_by TEXT NOT NULL"
        ") STRICT;"

        "CREATE TABLE bookings("
        " id INTEGER PRIMARY KEY,"
        " room_id INTEGER NOT NULL REFERENCES rooms(id),"
        " start_at INTEGER NOT NULL,"
        " end_at INTEGER NOT NULL,"
        " status TEXT NOT NULL"
        "  CHECK (status IN ('pending', 'confirmed', 'checked_in', 'ended',"
        "   'released', 'cancelled', 'removed')),"
        " title TEXT NOT NULL DEFAULT '',"
        " email TEXT NOT NULL DEFAULT '',"
        " token_hash BLOB,"
        " checkin_code TEXT NOT NULL,"
        " code_failures INTEGER NOT NULL DEFAULT 0,"
        " created_at INTEGER NOT NULL,"
        " checked_in_at INTEGER NOT NULL DEFAULT 0,"
        " closed_at INTEGER NOT NULL DEFAULT 0,"
        " creator_kind TEXT NOT NULL"
        "  CHECK (creator_kind IN ('patron', 'device', 'staff', 'system')),"
        " creator_id INTEGER NOT NULL DEFAULT 0,"
        " lang TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),"
        " walk_in INTEGER NOT NULL DEFAULT 0,"
        " CHECK (end_at > start_at)"
        ") STRICT;"
        "CREATE INDEX bookings_room_start ON bookings(room_id, start_at);"
        "CREATE INDEX bookings_start ON bookings(start_at);"
        "CREATE INDEX bookings_email_start ON bookings(email, start_at)"
        " WHERE email <> '';"
        "CREATE INDEX bookings_open ON bookings(status, start_at)"
        " WHERE status IN ('pending', 'confirmed', 'checked_in');"

        /* The log: every change of every booking, with its actor, its own
	 * time (AT) and when the server learnt it (RECORDED_AT). START_AT and
	 * END_AT: the slot of a 'create', the new end of an 'extend'. */
        "CREATE TABLE events("
        " id INTEGER PRIMARY KEY,"
        " booking_id INTEGER NOT NULL REFERENCES bookings(id),"
        " room_id INTEGER NOT NULL REFERENCES rooms(id),"
        " kind TEXT NOT NULL,"
        " actor_kind TEXT NOT NULL"
        "  CHECK (actor_kind IN ('patron', 'device', 'staff', 'system')),"
        " actor_id INTEGER NOT NULL DEFAULT 0,"
        " at INTEGER NOT NULL,"
        " recorded_at INTEGER NOT NULL,"
        " start_at INTEGER,"
        " end_at INTEGER,"
        " details TEXT NOT NULL DEFAULT '{}'"
        ") STRICT;"
        "CREATE INDEX events_booking ON events(booking_id, id);"
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
        " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
        " BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"

        /* The first result of each door event, by (device, key). */
        "CREATE TABLE outbox_keys("
        " device_id INTEGER NOT NULL REFERENCES devices(id),"
        " key TEXT NOT NULL,"
        " result TEXT NOT NULL,"
        " created_at INTEGER NOT NULL,"
        " PRIMARY KEY (device_id, key)"
        ") STRICT;"

        "CREATE TABLE mail_queue("
        " id INTEGER PRIMARY KEY,"
        " to_addr TEXT NOT NULL,"
        " subject TEXT NOT NULL,"
        " body TEXT NOT NULL,"
        " booking_id INTEGER REFERENCES bookings(id),"
        " created_at INTEGER NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " next_try_at INTEGER NOT NULL,"
        " sent_at INTEGER NOT NULL DEFAULT 0,"
        " failed INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT ''"
        ") STRICT;"
        "CREATE INDEX mail_due ON mail_queue(next_try_at)"
        " WHERE sent_at = 0 AND failed = 0;"

        "CREATE TABLE audit_log("
        " id INTEGER PRIMARY KEY,"
        " at INTEGER NOT NULL,"
        " who TEXT NOT NULL,"
        " action TEXT NOT NULL,"
        " target TEXT NOT NULL DEFAULT '',"
        " detail TEXT NOT NULL DEFAULT ''"
        ") STRICT;"
        "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
        "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log"
        " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/* Version 2: the statistics read a room's bookings and its events in
 * index order, without looking up rows (store_stats_par.c): the bookings'
 * index by room carries what they read, the log gets an index by room,
 * and an event's room is checked to be its booking's. */
static const char migration_2[] =
        "DROP INDEX bookings_room_start;"
        "CREATE INDEX bookings_room_start ON bookings(room_id, start_at, id,"
        " end_at, walk_in, creator_kind);"
        "CREATE INDEX events_room ON events(room_id, booking_id, id, kind,"
        " at, start_at, end_at);"
        "CREATE TRIGGER events_same_room BEFORE INSERT ON events"
        " WHEN NEW.room_id IS NOT"
        "  (SELECT room_id FROM bookings WHERE id = NEW.booking_id)"
        " BEGIN SELECT RAISE(ABORT, 'an event''s room is its booking''s');"
        " END;";

static const char *const migrations[STORE_SCHEMA_VERSION] = {
        migration_1,
        migration_2,
};

static store_status user_version(store_conn *c, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return conn_dberr(c);
	}
	*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return STORE_OK;
}

static store_status application_id(store_conn *c, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "PRAGMA application_id", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return conn_dberr(c);
	}
	*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return STORE_OK;
}

static store_status count_tables(store_conn *c, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db,
	                        "SELECT count(*) FROM sqlite_schema"
	                        " WHERE type = 'table'",
	                        -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return conn_dberr(c);
	}
	*out = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return STORE_OK;
}

/* The first migration also makes the database's own secrets. */
static store_status seed_secrets(store_conn *c)
{
	unsigned char key[32];
	sqlite3_stmt *s = NULL;
	store_status st;
	int rc;

	randombytes_buf(key, sizeof(key));
	rc = sqlite3_prepare_v2(c->db,
	                        "INSERT INTO meta(name, value)"
	                        " VALUES ('pin_key', ?1)",
	                        -1, &s, NULL);
	if (rc != SQLITE_OK)
		return conn_dberr(c);
	sqlite3_bind_blob(s, 1, key, sizeof(key), SQLITE_TRANSIENT);
	st = sqlite3_step(s) == SQLITE_DONE ? STORE_OK : conn_dberr(c);
	sqlite3_finalize(s);
	sodium_memzero(key, sizeof(key));
	return st;
}

static store_status migrate_step(store_conn *c, int target)
{
	char pragma[64];
	store_status st;
	int now = 0;

	st = tx_begin(c, true);
	if (st != STORE_OK)
		return st;
	/* Another process may have migrated while we waited for the lock. */
	st = user_version(c, &now);
	if (st != STORE_OK || now >= target)
		goto out;
	st = conn_exec(c, migrations[target - 1]);
	if (st == STORE_OK && target == 1)
		st = seed_secrets(c);
	if (st != STORE_OK)
		goto out;
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", target);
	st = conn_exec(c, pragma);
	if (st != STORE_OK)
		goto out;
	snprintf(pragma, sizeof(pragma), "PRAGMA application_id = %d;",
	         STORE_APP_ID);
	st = conn_exec(c, pragma);
out:
	return tx_end(c, st);
}

store_status schema_migrate(store_conn *c, int flags, int *version)
{
	store_status st;
	int v = 0, app = 0, tables = 0;

	st = user_version(c, &v);
	if (st == STORE_OK)
		st = application_id(c, &app);
	if (st == STORE_OK)
		st = count_tables(c, &tables);
	if (st != STORE_OK)
		return st;
	if (app != STORE_APP_ID && (app != 0 || v != 0 || tables != 0))
		return conn_fail(c, STORE_INVALID,
		                 "not a Porte database (application id %d, "
		                 "version %d, %d tables)",
		                 app, v, tables);
	if (v > STORE_SCHEMA_VERSION)
		return conn_fail(c, STORE_INVALID,
		                 "the database is at schema version %d, newer "
		                 "than this program's %d: upgrade Porte",
		                 v, STORE_SCHEMA_VERSION);
	if (v < STORE_SCHEMA_VERSION && !(flags & STORE_OPEN_MIGRATE)) {
		if (v == 0)
			return conn_fail(c, STORE_INVALID,
			                 "the database is empty: run "
			                 "porte-admin init first");
		return conn_fail(c, STORE_INVALID,
		                 "the database is at schema version %d, older "
		                 "than this program's %d: run porte-admin init "
		                 "to upgrade it",
		                 v, STORE_SCHEMA_VERSION);
	}
	for (int target = v + 1; target <= STORE_SCHEMA_VERSION; target++) {
		st = migrate_step(c, target);
		if (st != STORE_OK)
			return st;
	}
	*version = STORE_SCHEMA_VERSION;
	return STORE_OK;
}

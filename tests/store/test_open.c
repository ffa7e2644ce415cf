/*
 * test_open.c - opening, migrating and refusing databases; the small text
 * helpers every input goes through.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "fixture.h"

static void exec_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void test_create_and_reopen(void **state)
{
	fixture f;
	porte_store *again = NULL;
	char *cause = NULL;

	(void)state;
	fx_open_empty(&f);
	assert_int_equal(store_version(f.st), STORE_SCHEMA_VERSION);
	assert_int_equal(fx_sql_int(&f, "PRAGMA user_version"),
	                 STORE_SCHEMA_VERSION);
	/* WAL: the journal mode stays with the file. */
	assert_int_equal(fx_sql_int(&f, "SELECT journal_mode = 'wal'"
	                                " FROM pragma_journal_mode"),
	                 1);
	/* Opening again, without migrating, while the first is open. */
	assert_int_equal(store_open(f.path, 0, &again, &cause), STORE_OK);
	assert_null(cause);
	store_close(again);
	/* init twice: nothing to do the second time. */
	assert_int_equal(store_open(f.path,
	                            STORE_OPEN_CREATE | STORE_OPEN_MIGRATE,
	                            &again, &cause),
	                 STORE_OK);
	store_close(again);
	fx_close(&f);
}

/* A database of version 1 (before the statistics' indexes), with a
 * booking in it: refused until init, then brought to the current version
 * with its data, the indexes of version 2 and the check that an event's
 * room is its booking's. */
static void test_version_1_upgraded(void **state)
{
	fixture f;
	store_booking_res res;
	char *cause = NULL;
	sqlite3 *db = NULL;

	(void)state;
	fx_open(&f);
	assert_int_equal(fx_book(&f, "g1", fx_local(&f, 2026, 3, 4, 10, 0), 60,
	                         "ana@univ.fr", fx_local(&f, 2026, 3, 3, 9, 0),
	                         &res),
	                 STORE_OK);
	store_close(f.st);
	f.st = NULL;
	exec_sql(f.path, "DROP TRIGGER events_same_room;"
	                 "DROP INDEX events_room;"
	                 "DROP INDEX bookings_room_start;"
	                 "CREATE INDEX bookings_room_start"
	                 " ON bookings(room_id, start_at);"
	                 "PRAGMA user_version = 1;");
	assert_int_equal(store_open(f.path, 0, &f.st, &cause), STORE_INVALID);
	assert_non_null(strstr(cause, "version 1, older"));
	assert_non_null(strstr(cause, "porte-admin init"));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open(f.path, STORE_OPEN_MIGRATE, &f.st, &cause),
	                 STORE_OK);
	assert_null(cause);
	assert_int_equal(store_version(f.st), 2);
	assert_int_equal(fx_sql_int(&f, "PRAGMA user_version"), 2);
	assert_int_equal(fx_sql_int(&f, "SELECT count(*) FROM events"), 1);
	assert_int_equal(fx_sql_int(&f, "SELECT count(*) FROM pragma_index_"
	                                "xinfo('events_room') WHERE key"),
	                 7);
	assert_int_equal(fx_sql_int(&f,
	                            "SELECT count(*) FROM pragma_index_"
	                            "xinfo('bookings_room_start') WHERE key"),
	                 6);
	/* An event in another room than its booking's is refused. */
	assert_int_equal(sqlite3_open(f.path, &db), SQLITE_OK);
	assert_int_not_equal(
	        sqlite3_exec(db,
	                     "INSERT INTO events(booking_id, room_id, kind,"
	                     " actor_kind, at, recorded_at) SELECT b.id,"
	                     " r.id, 'confirm', 'patron', 0, 0 FROM bookings b"
	                     " JOIN rooms r ON r.id <> b.room_id LIMIT 1",
	                     NULL, NULL, NULL),
	        SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "its booking's"));
	assert_int_equal(
	        sqlite3_exec(db,
	                     "INSERT INTO events(booking_id, room_id,"
	                     " kind, actor_kind, at, recorded_at)"
	                     " SELECT id, room_id, 'confirm', 'patron',"
	                     " 0, 0 FROM bookings LIMIT 1",
	                     NULL, NULL, NULL),
	        SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(fx_sql_int(&f, "SELECT count(*) FROM events"), 2);
	fx_close(&f);
}

static void test_missing_file(void **state)
{
	porte_store *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_int_equal(
	        store_open("/tmp/porte-no-such-dir/x.db", 0, &st, &cause),
	        STORE_NOT_FOUND);
	assert_null(st);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "porte-admin init"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(store_open("", STORE_OPEN_CREATE, &st, &cause),
	                     STORE_OK);
	free(cause);
}

static void test_newer_refused(void **state)
{
	fixture f;
	porte_store *st = NULL;
	char *cause = NULL;
	char sql[64];

	(void)state;
	fx_open_empty(&f);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
	         STORE_SCHEMA_VERSION + 1);
	exec_sql(f.path, sql);
	assert_int_equal(store_open(f.path,
	                            STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st,
	                            &cause),
	                 STORE_INVALID);
	assert_null(st);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	fx_close(&f);
}

static void test_empty_needs_init(void **state)
{
	char dir[] = "/tmp/porte-store-XXXXXX";
	char path[64];
	porte_store *st = NULL;
	char *cause = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/empty.db", dir);
	/* Created but not migrated: refused, and says what to do. */
	assert_int_equal(store_open(path, STORE_OPEN_CREATE, &st, &cause),
	                 STORE_INVALID);
	assert_non_null(strstr(cause, "init"));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open(path, STORE_OPEN_MIGRATE, &st, &cause),
	                 STORE_OK);
	store_close(st);
	snprintf(path, sizeof(path), "%s/empty.db", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/empty.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/empty.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

static void test_foreign_refused(void **state)
{
	char dir[] = "/tmp/porte-store-XXXXXX";
	char path[64];
	porte_store *st = NULL;
	char *cause = NULL;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/other.db", dir);
	exec_sql(path, "CREATE TABLE notes(x TEXT)");
	assert_int_equal(store_open(path,
	                            STORE_OPEN_CREATE | STORE_OPEN_MIGRATE, &st,
	                            &cause),
	                 STORE_INVALID);
	assert_non_null(strstr(cause, "not a Porte database"));
	free(cause);
	cause = NULL;
	unlink(path);
	/* Not SQLite at all. */
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("this is not a database, just some text that is long enough "
	      "to fill a header of one hundred bytes, more or less........",
	      fp);
	fclose(fp);
	assert_int_not_equal(store_open(path, STORE_OPEN_MIGRATE, &st, &cause),
	                     STORE_OK);
	assert_non_null(cause);
	free(cause);
	unlink(path);
	rmdir(dir);
}

static void test_text_checks(void **state)
{
	char buf[32];

	(void)state;
	assert_true(store_utf8_valid("Hypatie — salle", 17));
	assert_false(store_utf8_valid("\xc3\x28", 2));         /* bad cont. */
	assert_false(store_utf8_valid("\xc0\xaf", 2));         /* overlong */
	assert_false(store_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(store_utf8_valid("\xf4\x90\x80\x80", 4)); /* > 10FFFF */
	assert_false(store_utf8_valid("\xe2\x82", 2));         /* truncated */
	assert_true(store_utf8_valid("\xf0\x9f\x93\x9a", 4));  /* emoji */
	assert_true(store_text_ok("Réunion", 8, false));
	assert_false(store_text_ok("Réunion", 7, false)); /* 8 bytes */
	assert_false(store_text_ok("a\nb", 10, false));
	assert_true(store_text_ok("a\nb", 10, true));
	assert_false(store_text_ok("a\x01"
	                           "b",
	                           10, true));
	assert_false(store_text_ok(NULL, 10, true));
	assert_true(store_slug_ok("g1"));
	assert_true(store_slug_ok("salle-de-groupe-1"));
	assert_false(store_slug_ok("-g1"));
	assert_false(store_slug_ok("G1"));
	assert_false(store_slug_ok("g 1"));
	assert_false(store_slug_ok(""));
	assert_false(store_slug_ok(
	        "a12345678901234567890123456789012345678901234567890123456789"
	        "01234"));
	store_mask_email("jean.dupont@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "J. D.");
	store_mask_email("marie-claire.martin@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "M. M.");
	store_mask_email("jdupont@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "J.");
	store_mask_email("jean.dupont+salle@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "J. D.");
	store_mask_email("2024.jean@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "J.");
	store_mask_email("\xc3\xa9lise.roux@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "\xc3\xa9. R.");
	store_mask_email("1234@univ.fr", buf, sizeof(buf));
	assert_string_equal(buf, "");
	store_mask_email(NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_names(void **state)
{
	store_role r;
	store_event_type t;

	(void)state;
	assert_string_equal(store_status_name(STORE_REFUSED), "refused");
	assert_string_equal(store_status_name((store_status)99), "unknown");
	assert_int_equal(store_role_parse("room_admin", &r), 0);
	assert_int_equal(r, ROLE_ROOM_ADMIN);
	assert_int_equal(store_role_parse("admin", &r), -1);
	assert_string_equal(store_role_name(ROLE_SUPERADMIN), "superadmin");
	assert_int_equal(store_event_type_parse("staff_remove", &t), 0);
	assert_int_equal(t, STORE_EV_STAFF_REMOVE);
	assert_int_equal(store_event_type_parse("remove", &t), -1);
	assert_string_equal(store_event_type_name(STORE_EV_WALK_IN), "walk_in");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_create_and_reopen),
	        cmocka_unit_test(test_version_1_upgraded),
	        cmocka_unit_test(test_missing_file),
	        cmocka_unit_test(test_newer_refused),
	        cmocka_unit_test(test_empty_needs_init),
	        cmocka_unit_test(test_foreign_refused),
	        cmocka_unit_test(test_text_checks),
	        cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

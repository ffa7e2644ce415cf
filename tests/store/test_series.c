/*
 * test_series.c - repeating bookings in the store: a dry run saves
 * nothing (no booking, mail, counter or audit entry), occurrences are
 * judged against the room and each other (overlaps, quotas), a save books
 * the confirmed ones with one audit entry or nothing at all when the room
 * changed since the preview, bad input, and SQLite running out of memory
 * at every allocation of a save (the series happens whole or not at all).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fixture.h"
#include "store_series.h"

#define HOUR 3600
#define DAY 86400
#define MAX_TRIES 40000

/* ---- memory faults: SQLite's allocator fails the N-th call ---- */

static struct {
	sqlite3_mem_methods real;
	long countdown;
	bool fired;
} fault;

static bool fault_hit(void)
{
	if (fault.countdown <= 0)
		return false;
	if (--fault.countdown > 0)
		return false;
	fault.fired = true;
	return true;
}

static void *mem_malloc(int n)
{
	return fault_hit() ? NULL : fault.real.xMalloc(n);
}

static void mem_free(void *p)
{
	fault.real.xFree(p);
}

static void *mem_realloc(void *p, int n)
{
	return fault_hit() ? NULL : fault.real.xRealloc(p, n);
}

static int mem_size(void *p)
{
	return fault.real.xSize(p);
}

static int mem_roundup(int n)
{
	return fault.real.xRoundup(n);
}

static int mem_init(void *app)
{
	return fault.real.xInit(app);
}

static void mem_shutdown(void *app)
{
	fault.real.xShutdown(app);
}

static void install_faults(void)
{
	static const sqlite3_mem_methods mem = {
	        mem_malloc,  mem_free, mem_realloc,  mem_size,
	        mem_roundup, mem_init, mem_shutdown, NULL,
	};

	assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &fault.real),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &mem), SQLITE_OK);
}

/* ---- the fixture ---- */

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

/* Monday 2 March 2026, 09:00 in Paris: "now". */
static porte_time now_of(const fixture *f)
{
	return fx_local(f, 2026, 3, 2, 9, 0);
}

/* A staff template for ROOM. */
static store_booking_req tmpl_of(const fixture *f, const char *room,
                                 int64_t staff)
{
	store_booking_req r;

	(void)f;
	memset(&r, 0, sizeof(r));
	r.room = room;
	r.title = "Séminaire d'équipe";
	r.actor.kind = ACTOR_STAFF;
	r.actor.id = staff;
	return r;
}

/* Mondays 10:00-11:00 from 9 March, N of them (30 March is after the
 * spring change). */
static void mondays(const fixture *f, store_series_item *items, size_t n)
{
	memset(items, 0, n * sizeof(*items));
	for (size_t i = 0; i < n; i++) {
		cal_date d =
		        cal_date_add_days((cal_date){2026, 3, 9}, (int)(7 * i));

		items[i].start = fx_local(f, d.year, d.month, d.day, 10, 0);
		items[i].end = items[i].start + HOUR;
	}
}

static int64_t count(const fixture *f, const char *sql)
{
	return fx_sql_int(f, sql);
}

/* What a dry run must leave untouched. */
typedef struct snapshot {
	int64_t bookings, events, mails, counter, audit;
} snapshot;

static snapshot snap(const fixture *f)
{
	snapshot s = {
	        count(f, "SELECT count(*) FROM bookings"),
	        count(f, "SELECT count(*) FROM events"),
	        count(f, "SELECT count(*) FROM mail_queue"),
	        count(f, "SELECT change_counter FROM rooms WHERE slug = 'g1'"),
	        count(f, "SELECT count(*) FROM audit_log"),
	};

	return s;
}

static void assert_same(snapshot a, snapshot b)
{
	assert_int_equal(a.bookings, b.bookings);
	assert_int_equal(a.events, b.events);
	assert_int_equal(a.mails, b.mails);
	assert_int_equal(a.counter, b.counter);
	assert_int_equal(a.audit, b.audit);
}

/* ---- the tests ---- */

static void test_dry_run_saves_nothing(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[4];
	store_booking_res res;
	snapshot before;
	size_t booked = 99;

	assert_int_equal(fx_staff_book(f, "g1",
	                               fx_local(f, 2026, 3, 16, 10, 30), 60,
	                               now_of(f), &res),
	                 STORE_OK);
	t.email = "patron@univ.fr";
	t.override_quota = true;
	mondays(f, items, 4);
	before = snap(f);
	assert_int_equal(store_series_create(f->st, &t, items, 4, true,
	                                     "staff:1", "test", now_of(f),
	                                     &booked),
	                 STORE_OK);
	assert_int_equal(booked, 3);
	assert_int_equal(items[0].rule, RULE_OK);
	assert_int_equal(items[1].rule, RULE_OVERLAP);
	assert_int_equal(items[2].rule, RULE_OK);
	assert_int_equal(items[3].rule, RULE_OK);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(items[i].id, 0);
	assert_same(before, snap(f));
}

/* Two occurrences on the same slot: the second overlaps the first. */
static void test_against_each_other(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[3];
	size_t booked;

	mondays(f, items, 3);
	items[1] = items[0];
	items[2].start = items[0].start + HOUR / 2;
	items[2].end = items[2].start + HOUR;
	assert_int_equal(store_series_create(f->st, &t, items, 3, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 1);
	assert_int_equal(items[0].rule, RULE_OK);
	assert_int_equal(items[1].rule, RULE_OVERLAP);
	assert_int_equal(items[2].rule, RULE_OVERLAP);
}

/* A patron's monthly quota (240 min) counts the series itself: the
 * fifth hour of March is refused, unless staff override the quota. */
static void test_quota_counts_the_series(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[6];
	size_t booked;

	t.email = "lea@univ.fr";
	memset(items, 0, sizeof(items));
	for (int i = 0; i < 6; i++) {
		items[i].start = fx_local(f, 2026, 3, 9 + i, 14, 0);
		items[i].end = items[i].start + HOUR;
	}
	assert_int_equal(store_series_create(f->st, &t, items, 6, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 4);
	assert_int_equal(items[3].rule, RULE_OK);
	assert_int_equal(items[4].rule, RULE_MONTHLY_QUOTA);
	/* Saturday 14 March (the site opens Monday to Saturday). */
	assert_int_equal(items[5].rule, RULE_MONTHLY_QUOTA);
	t.override_quota = true;
	assert_int_equal(store_series_create(f->st, &t, items, 6, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 6);
}

/* The save books what the preview accepted, with one audit entry. */
static void test_save(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[4];
	store_booking_res res;
	store_booking_info info;
	snapshot before;
	size_t booked;

	assert_int_equal(fx_staff_book(f, "g1", fx_local(f, 2026, 3, 23, 10, 0),
	                               30, now_of(f), &res),
	                 STORE_OK);
	mondays(f, items, 4);
	assert_int_equal(store_series_create(f->st, &t, items, 4, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(items[2].rule, RULE_OVERLAP);
	for (size_t i = 0; i < 4; i++)
		items[i].skip = items[i].rule != RULE_OK;
	before = snap(f);
	assert_int_equal(store_series_create(f->st, &t, items, 4, false,
	                                     "staff:7", "weekly", now_of(f),
	                                     &booked),
	                 STORE_OK);
	assert_int_equal(booked, 3);
	assert_int_equal(count(f, "SELECT count(*) FROM bookings"),
	                 before.bookings + 3);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"),
	                 before.audit + 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log WHERE"
	                          " action = 'booking.series' AND target ="
	                          " 'g1' AND who = 'staff:7' AND detail LIKE"
	                          " 'weekly; 3 of 4 booked:%'"),
	                 1);
	assert_int_equal(items[2].id, 0);
	/* The ids as one run: the refused one was never inserted. */
	{
		char want[160];

		assert_int_equal(items[3].id, items[0].id + 2);
		snprintf(want, sizeof want,
		         "SELECT count(*) FROM audit_log WHERE detail ="
		         " 'weekly; 3 of 4 booked: %lld-%lld'",
		         (long long)items[0].id, (long long)items[3].id);
		assert_int_equal(count(f, want), 1);
	}
	/* 10:00 in Paris on both sides of the spring change. */
	for (size_t i = 0; i < 4; i++) {
		if (i == 2)
			continue;
		assert_true(items[i].id > 0);
		assert_int_equal(store_booking_get(f->st, items[i].id, &info),
		                 STORE_OK);
		assert_int_equal(info.b.status, BOOKING_CONFIRMED);
		assert_int_equal(tz_minute_of_day(f->tz, info.b.start), 600);
		assert_int_equal(info.b.end - info.b.start, HOUR);
	}
	assert_int_equal(items[3].start - items[0].start, 21 * DAY - HOUR);
}

/* A slot booked between the preview and the save: nothing is saved. */
static void test_save_conflict(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[4];
	store_booking_res res;
	snapshot before;
	size_t booked;

	mondays(f, items, 4);
	assert_int_equal(store_series_create(f->st, &t, items, 4, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 4);
	assert_int_equal(
	        fx_staff_book(f, "g1", items[3].start, 30, now_of(f), &res),
	        STORE_OK);
	before = snap(f);
	assert_int_equal(store_series_create(f->st, &t, items, 4, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_CONFLICT);
	assert_int_equal(booked, 3);
	assert_int_equal(items[3].rule, RULE_OVERLAP);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(items[i].id, 0);
	assert_same(before, snap(f));
}

static void test_bad_input(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->desk);
	store_series_item items[2];
	static store_series_item many[STORE_SERIES_MAX + 1];
	char title[STORE_TITLE_MAX + 2];
	snapshot before = snap(f);
	size_t booked;

	mondays(f, items, 2);
	assert_int_equal(store_series_create(f->st, &t, items, 0, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_INVALID);
	assert_int_equal(store_series_create(f->st, &t, many,
	                                     STORE_SERIES_MAX + 1, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_INVALID);
	items[0].skip = items[1].skip = true;
	assert_int_equal(store_series_create(f->st, &t, items, 2, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_INVALID);
	items[0].skip = items[1].skip = false;
	t.actor.kind = ACTOR_PATRON;
	t.email = "p@univ.fr";
	assert_int_equal(store_series_create(f->st, &t, items, 2, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_INVALID);
	t = tmpl_of(f, "nope", f->desk);
	assert_int_equal(store_series_create(f->st, &t, items, 2, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_NOT_FOUND);
	t = tmpl_of(f, "g1", f->desk);
	memset(title, 'a', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	t.title = title;
	assert_int_equal(store_series_create(f->st, &t, items, 2, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_INVALID);
	/* Desk staff and a training room they do not refer. */
	t = tmpl_of(f, "train", f->desk);
	assert_int_equal(store_series_create(f->st, &t, items, 2, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 0);
	assert_int_equal(items[0].rule, RULE_INTERNAL_ROOM);
	assert_int_equal(store_series_create(f->st, &t, items, 2, false, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_CONFLICT);
	/* ...which its referent may book. */
	t.actor.id = f->admin;
	assert_int_equal(store_series_create(f->st, &t, items, 2, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_OK);
	assert_int_equal(booked, 2);
	/* Facilities may not book at all. */
	t = tmpl_of(f, "g1", f->facility);
	assert_int_equal(store_series_create(f->st, &t, items, 2, true, "x",
	                                     NULL, now_of(f), &booked),
	                 STORE_FORBIDDEN);
	assert_same(before, snap(f));
}

/* Out of memory at every allocation of a save of three: afterwards there
 * are either no bookings of the series, or all three with their audit
 * entry; then the same save works. */
static void test_save_out_of_memory(void **state)
{
	fixture *f = *state;
	store_booking_req t = tmpl_of(f, "g1", f->admin);
	store_series_item items[3];
	int64_t base = count(f, "SELECT count(*) FROM bookings");
	int64_t mails = count(f, "SELECT count(*) FROM mail_queue");
	long n;

	t.email = "patron@univ.fr";
	t.override_quota = true;
	for (n = 1; n < MAX_TRIES; n++) {
		store_status rc;
		size_t booked;
		bool fired;

		mondays(f, items, 3);
		fault.fired = false;
		fault.countdown = n;
		rc = store_series_create(f->st, &t, items, 3, false, "x", NULL,
		                         now_of(f), &booked);
		fired = fault.fired;
		fault.countdown = 0;
		if (rc == STORE_OK)
			break;
		if (rc != STORE_ERROR)
			fail_msg("try %ld: %s: %s", n, store_status_name(rc),
			         store_errmsg(f->st));
		assert_true(fired);
		assert_int_equal(count(f, "SELECT count(*) FROM bookings"),
		                 base);
		assert_int_equal(count(f, "SELECT count(*) FROM mail_queue"),
		                 mails);
		assert_int_equal(count(f, "SELECT count(*) FROM audit_log"
		                          " WHERE action = 'booking.series'"),
		                 0);
		for (size_t i = 0; i < 3; i++)
			assert_int_equal(items[i].id, 0);
	}
	assert_true(n > 5);
	assert_true(n < MAX_TRIES);
	print_message("memory: %ld tries\n", n);
	assert_int_equal(count(f, "SELECT count(*) FROM bookings"), base + 3);
	assert_int_equal(count(f, "SELECT count(*) FROM mail_queue"),
	                 mails + 3);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log"
	                          " WHERE action = 'booking.series'"),
	                 1);
	assert_int_equal(count(f, "SELECT count(*) FROM pragma_integrity_check"
	                          " WHERE integrity_check <> 'ok'"),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_dry_run_saves_nothing,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_against_each_other, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_quota_counts_the_series,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_save, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_save_conflict, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_bad_input, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_save_out_of_memory, setup,
	                                        teardown),
	};

	install_faults();
	return cmocka_run_group_tests(tests, NULL, NULL);
}

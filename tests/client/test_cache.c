/*
 * test_cache.c - the sync client offline: the cache, the outbox and its
 * durability, atomicity under injected failures, the snapshot with the
 * door's own changes, results and refusals, UUIDs, the back-off.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfx.h"

#define T(s) cfx_time(s)

static int setup(void **state)
{
	cfx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	cfx_init(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	cfx *f = *state;

	cfx_done(f);
	free(f);
	return 0;
}

/* A client with the sample schedule cached. */
static void open_sample(cfx *f)
{
	assert_int_equal(cfx_open(f, CFX_ROOM, "http://127.0.0.1:9"), 0);
	cfx_put_sample(f, CFX_ETAG);
}

static void submit_ok(cfx *f, kiosk_event ev)
{
	assert_int_equal(client_submit(f->c, &ev), 0);
}

/* ---- opening ----------------------------------------------------------- */

static void test_open_needs_room(void **state)
{
	cfx *f = *state;
	struct stat sb;

	assert_int_equal(cfx_open(f, NULL, NULL), -1);
	cfx_close(f);
	assert_int_equal(cfx_open(f, "bad room", NULL), -1);
	cfx_close(f);
	assert_int_equal(cfx_open(f, CFX_ROOM, "ftp://x"), -1);
	cfx_close(f);
	assert_int_equal(cfx_open(f, CFX_ROOM, "http://example.org/"), 0);
	cfx_close(f);
	/* Stored: the room and URL come back. */
	assert_int_equal(cfx_open(f, NULL, NULL), 0);
	{
		client_snap s;

		assert_int_equal(client_snapshot(f->c, &s), 0);
		assert_string_equal(s.room, CFX_ROOM);
		assert_string_equal(s.server_url, "http://example.org");
		assert_false(s.have[0]);
		assert_int_equal(s.sync.last_success, 0);
		assert_int_equal(s.sync.stale_for, -1);
		client_snapshot_free(&s);
	}
	/* Private, WAL, and marked as a Porte cache. */
	assert_int_equal(stat(f->cache, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(cfx_sql_int(f, "PRAGMA application_id"), 0x50727465);
}

/* A door moved to another room forgets the old room's schedules. */
static void test_open_other_room(void **state)
{
	cfx *f = *state;
	client_snap s;

	open_sample(f);
	cfx_close(f);
	assert_int_equal(cfx_open(f, CFX_ROOM, NULL), 0);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM schedules"), 1);
	cfx_close(f);
	assert_int_equal(cfx_open(f, "g2", NULL), 0);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM schedules"), 0);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_string_equal(s.room, "g2");
	assert_false(s.have[0]);
	client_snapshot_free(&s);
}

static void test_open_refuses_other_files(void **state)
{
	cfx *f = *state;

	cfx_write_file(f->cache, "this is not a database, just some text "
	                         "long enough to look like a header......"
	                         "................................");
	assert_int_equal(cfx_open(f, CFX_ROOM, NULL), -1);
}

/* ---- the outbox -------------------------------------------------------- */

static void test_submit_durable(void **state)
{
	cfx *f = *state;
	kiosk_event ev =
	        cfx_event(KIOSK_EV_CHECKIN, "11", T("2026-11-23T08:04:00Z"));
	client_snap s;
	const wire_booking *b;

	open_sample(f);
	submit_ok(f, ev);
	/* Committed before client_submit returned: another connection
	 * sees it at once. */
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(cfx_sql_int(f, "SELECT journal_mode = 'wal'"
	                                " FROM pragma_journal_mode"),
	                 1);
	{
		sqlite3_stmt *st = NULL;

		/* FULL: the WAL is synced at each commit. */
		assert_int_equal(sqlite3_prepare_v2(f->c->db,
		                                    "PRAGMA synchronous", -1,
		                                    &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2);
		sqlite3_finalize(st);
	}
	cfx_close(f);
	assert_int_equal(cfx_open(f, NULL, NULL), 0);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_int_equal(s.sync.pending, 1);
	assert_true(s.have[0]);
	b = cfx_find(&s, 0, 11);
	assert_non_null(b);
	assert_int_equal(b->status, BOOKING_CHECKED_IN);
	assert_int_equal(b->checked_in_at, T("2026-11-23T08:04:00Z"));
	assert_true(b->pending_sync);
	/* The others are as the server sent them. */
	b = cfx_find(&s, 0, 12);
	assert_non_null(b);
	assert_false(b->pending_sync);
	assert_int_equal(b->status, BOOKING_CONFIRMED);
	client_snapshot_free(&s);
	/* The event keeps its own time and a v4 key. */
	assert_int_equal(cfx_sql_int(f, "SELECT at FROM outbox"),
	                 T("2026-11-23T08:04:00Z"));
	assert_int_equal(cfx_sql_int(f, "SELECT substr(key, 15, 1) = '4'"
	                                " AND length(key) = 36 FROM outbox"),
	                 1);
}

/* What a failed submit must leave: nothing of it. */
static void assert_untouched(cfx *f)
{
	client_snap s;
	const wire_booking *b;

	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM shown"), 0);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	b = cfx_find(&s, 0, 11);
	assert_non_null(b);
	assert_int_equal(b->status, BOOKING_CONFIRMED);
	assert_false(b->pending_sync);
	assert_int_equal(s.sync.pending, 0);
	assert_int_equal(s.days[0].nbookings, 3);
	client_snapshot_free(&s);
}

/* Fails the Nth cache step of a submit, for every N until it succeeds:
 * each failure leaves nothing, seen from a reopened cache. */
static void fault_loop(cfx *f, kiosk_event ev, int min_points)
{
	int n;

	for (n = 1; n < 100; n++) {
		int rc;

		client_test_fail_step(f->c, n);
		rc = client_submit(f->c, &ev);
		client_test_fail_step(f->c, 0);
		if (rc == 0)
			break;
		cfx_close(f);
		assert_int_equal(cfx_open(f, NULL, NULL), 0);
		assert_untouched(f);
	}
	assert_true(n > min_points);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 1);
}

static void test_submit_atomic(void **state)
{
	cfx *f = *state;

	open_sample(f);
	/* begin, shown read, schedule read, shown write, outbox write,
	 * commit: each can fail. */
	fault_loop(f,
	           cfx_event(KIOSK_EV_CHECKIN, "11", T("2026-11-23T08:04:00Z")),
	           5);
	assert_int_equal(cfx_sql_int(f, "SELECT status FROM shown"),
	                 BOOKING_CHECKED_IN);
}

static void test_submit_atomic_walk_in(void **state)
{
	cfx *f = *state;
	kiosk_event ev = cfx_event(KIOSK_EV_WALK_IN, "local-1",
	                           T("2026-11-23T11:02:00Z"));

	open_sample(f);
	ev.start = T("2026-11-23T11:00:00Z");
	ev.end = T("2026-11-23T12:00:00Z");
	fault_loop(f, ev, 3);
	assert_int_equal(cfx_sql_int(f, "SELECT walk_in FROM shown"), 1);
}

static void test_submit_refusals(void **state)
{
	cfx *f = *state;
	kiosk_event ev;

	open_sample(f);
	/* No booking, or one the cache cannot name. */
	ev = cfx_event(KIOSK_EV_CHECKIN, "", T("2026-11-23T08:04:00Z"));
	assert_int_equal(client_submit(f->c, &ev), -1);
	ev = cfx_event(KIOSK_EV_END, "local-9", T("2026-11-23T08:04:00Z"));
	assert_int_equal(client_submit(f->c, &ev), -1);
	/* No time. */
	ev = cfx_event(KIOSK_EV_CHECKIN, "11", 0);
	assert_int_equal(client_submit(f->c, &ev), -1);
	/* Staff actions without a staff session. */
	ev = cfx_event(KIOSK_EV_STAFF_REMOVE, "12", T("2026-11-23T08:04:00Z"));
	ev.reason = "no-show";
	assert_int_equal(client_submit(f->c, &ev), -1);
	ev = cfx_event(KIOSK_EV_STAFF_CANCEL, "12", T("2026-11-23T08:04:00Z"));
	assert_int_equal(client_submit(f->c, &ev), -1);
	/* A walk-in under a server id, or an empty span. */
	ev = cfx_event(KIOSK_EV_WALK_IN, "12", T("2026-11-23T08:04:00Z"));
	ev.start = T("2026-11-23T11:00:00Z");
	ev.end = T("2026-11-23T12:00:00Z");
	assert_int_equal(client_submit(f->c, &ev), -1);
	ev = cfx_event(KIOSK_EV_WALK_IN, "local-1", T("2026-11-23T08:04:00Z"));
	ev.start = ev.end = T("2026-11-23T11:00:00Z");
	assert_int_equal(client_submit(f->c, &ev), -1);
	assert_untouched(f);
	/* The same local id twice. */
	ev.end = T("2026-11-23T12:00:00Z");
	submit_ok(f, ev);
	assert_int_equal(client_submit(f->c, &ev), -1);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 1);
}

/* ---- the mapping --------------------------------------------------------
 */

static void test_map_events(void **state)
{
	static const struct {
		kiosk_event_type type;
		bool staff;
		wire_event_type want;
	} table[] = {
	        {KIOSK_EV_CHECKIN, false, WIRE_EV_CHECKIN},
	        {KIOSK_EV_WALK_IN, false, WIRE_EV_WALK_IN},
	        {KIOSK_EV_END, false, WIRE_EV_END},
	        {KIOSK_EV_EXTEND, false, WIRE_EV_EXTEND},
	        {KIOSK_EV_EXTEND, true, WIRE_EV_EXTEND},
	        {KIOSK_EV_STAFF_REMOVE, true, WIRE_EV_STAFF_REMOVE},
	        {KIOSK_EV_STAFF_CANCEL, true, WIRE_EV_CANCEL},
	        {KIOSK_EV_STAFF_ADD, true, WIRE_EV_WALK_IN},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		kiosk_event ev = cfx_event(table[i].type, "12",
		                           T("2026-11-23T10:05:00Z"));
		wire_event w;
		json_t *j;
		wire_event back;

		ev.start = T("2026-11-23T10:00:00Z");
		ev.end = T("2026-11-23T11:30:00Z");
		ev.reason = "no-show, released at the door";
		if (table[i].staff)
			snprintf(ev.staff, sizeof(ev.staff),
			         "staff-session-token-0123456789");
		assert_int_equal(client_map_event(&ev, &w, NULL), 0);
		assert_int_equal(w.type, table[i].want);
		assert_int_equal(w.at, ev.at);
		assert_string_equal(w.staff, ev.staff);
		if (w.type == WIRE_EV_WALK_IN) {
			assert_int_equal(w.start, ev.start);
			assert_int_equal(w.end, ev.end);
		}
		if (w.type == WIRE_EV_EXTEND)
			assert_int_equal(w.new_end, ev.end);
		/* What goes on the wire reads back as the same event. */
		assert_int_equal(client_uuid4(w.key), 0);
		w.booking = w.type == WIRE_EV_WALK_IN ? 0 : 12;
		j = wire_event_json(&w);
		assert_non_null(j);
		assert_int_equal(wire_event_parse(j, &back, NULL), 0);
		assert_int_equal(back.type, w.type);
		assert_int_equal(back.booking, w.booking);
		json_decref(j);
		/* Staff actions need the staff session. */
		if (table[i].staff && table[i].type != KIOSK_EV_EXTEND) {
			ev.staff[0] = '\0';
			assert_int_equal(client_map_event(&ev, &w, NULL), -1);
		}
	}
}

/* ---- the snapshot ------------------------------------------------------ */

static void local_changes(cfx *f)
{
	kiosk_event ev;

	submit_ok(f,
	          cfx_event(KIOSK_EV_CHECKIN, "11", T("2026-11-23T08:04:00Z")));
	ev = cfx_event(KIOSK_EV_EXTEND, "12", T("2026-11-23T10:20:00Z"));
	ev.end = T("2026-11-23T11:30:00Z");
	submit_ok(f, ev);
	ev = cfx_event(KIOSK_EV_WALK_IN, "local-1", T("2026-11-23T15:01:00Z"));
	ev.start = T("2026-11-23T15:00:00Z");
	ev.end = T("2026-11-23T16:00:00Z");
	submit_ok(f, ev);
	submit_ok(f, cfx_event(KIOSK_EV_END, "local-1",
	                       T("2026-11-23T15:30:00Z")));
}

static void test_snapshot_local_changes(void **state)
{
	cfx *f = *state;
	const wire_booking *b;
	client_snap s;
	char ref[CLIENT_REF_MAX];

	open_sample(f);
	local_changes(f);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_int_equal(s.sync.pending, 4);
	assert_true(s.have[0]);
	assert_false(s.have[1]);
	assert_int_equal(s.dates[0].day, 23);
	assert_int_equal(s.dates[1].day, 24);
	assert_string_equal(s.days[0].tz, "Europe/Paris");
	assert_int_equal(s.days[0].nbookings, 4);
	/* Sorted by start: 11, 12, 13, the walk-in. */
	assert_int_equal(s.days[0].bookings[0].id, 11);
	assert_int_equal(s.days[0].bookings[1].id, 12);
	assert_int_equal(s.days[0].bookings[2].id, 13);
	b = &s.days[0].bookings[3];
	assert_true(b->id < 0);
	assert_int_equal(b->status, BOOKING_ENDED);
	assert_true(b->pending_sync);
	assert_int_equal(b->start, T("2026-11-23T15:00:00Z"));
	assert_int_equal(client_booking_ref(&s, b, ref), 0);
	assert_string_equal(ref, "local-1");
	b = cfx_find(&s, 0, 11);
	assert_int_equal(b->status, BOOKING_CHECKED_IN);
	assert_true(b->pending_sync);
	assert_string_equal(b->title, "Réunion");
	assert_int_equal(client_booking_ref(&s, b, ref), 0);
	assert_string_equal(ref, "11");
	b = cfx_find(&s, 0, 12);
	assert_int_equal(b->end, T("2026-11-23T11:30:00Z"));
	assert_true(b->pending_sync);
	b = cfx_find(&s, 0, 13);
	assert_false(b->pending_sync);
	assert_int_equal(b->status, BOOKING_PENDING);
	assert_int_equal(s.days[0].nmessages, 1);
	client_snapshot_free(&s);
	/* The next day: yesterday's walk-in is not today's. */
	f->now = T("2026-11-24T08:00:00Z");
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_false(s.have[0]);
	assert_int_equal(s.days[0].nbookings, 0);
	client_snapshot_free(&s);
}

/* ---- delivery and results ---------------------------------------------- */

/* A result of KEY: applied, or refused with CODE; with booking B. */
static json_t *result(const char *key, const char *code, const wire_booking *b)
{
	wire_event_result r;

	memset(&r, 0, sizeof(r));
	snprintf(r.key, sizeof(r.key), "%s", key);
	r.applied = code == NULL;
	if (code != NULL) {
		snprintf(r.code, sizeof(r.code), "%s", code);
		snprintf(r.message, sizeof(r.message), "refused: %s", code);
	}
	if (b != NULL) {
		r.has_booking = true;
		r.booking = *b;
	}
	return wire_result_json(&r);
}

static char *results_text(json_t *list)
{
	json_t *o = json_pack("{s:o}", "results", list);
	char *text = json_dumps(o, JSON_COMPACT);

	json_decref(o);
	return text;
}

static wire_booking server_booking(int64_t id, const char *start,
                                   const char *end, booking_status st)
{
	wire_booking b;

	memset(&b, 0, sizeof(b));
	b.id = id;
	b.start = T(start);
	b.end = T(end);
	b.status = st;
	b.checkin_opens = b.start - 600;
	b.release_at = b.start + 900;
	return b;
}

static int take(cfx *f, const client_batch *b, json_t *list)
{
	char *text = results_text(list);
	char *cause = NULL;
	int rc = client_take_results(f->c, b, text, strlen(text), &cause);

	if (rc < 0)
		print_message("take: %s\n", cause ? cause : "?");
	free(cause);
	free(text);
	return rc;
}

static int batch(cfx *f, client_batch *b)
{
	int n;

	pthread_mutex_lock(&f->c->lock);
	n = outbox_batch(f->c, b, CLIENT_BATCH_MAX, NULL);
	pthread_mutex_unlock(&f->c->lock);
	return n;
}

static void test_results(void **state)
{
	cfx *f = *state;
	client_batch b;
	json_t *list, *body;
	wire_booking sb;
	const wire_booking *p;
	client_snap s;
	char ref[CLIENT_REF_MAX];
	wire_event *ev = NULL;
	size_t n = 0;

	open_sample(f);
	local_changes(f);
	/* The end of the walk-in waits for the walk-in's id. */
	assert_int_equal(batch(f, &b), 3);
	body = wire_load(b.body, b.len, WIRE_BODY_MAX, NULL);
	assert_non_null(body);
	assert_int_equal(wire_events_parse(body, &ev, &n, NULL), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ev[0].type, WIRE_EV_CHECKIN);
	assert_int_equal(ev[0].booking, 11);
	assert_int_equal(ev[1].type, WIRE_EV_EXTEND);
	assert_int_equal(ev[1].new_end, T("2026-11-23T11:30:00Z"));
	assert_int_equal(ev[2].type, WIRE_EV_WALK_IN);
	assert_int_equal(ev[2].start, T("2026-11-23T15:00:00Z"));
	for (size_t i = 0; i < n; i++)
		assert_false(ev[i].bad);
	free(ev);
	json_decref(body);

	list = json_array();
	sb = server_booking(11, "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z",
	                    BOOKING_CHECKED_IN);
	sb.checked_in_at = T("2026-11-23T08:04:00Z");
	snprintf(sb.title, sizeof(sb.title), "Réunion d'équipe");
	json_array_append_new(list, result(b.keys[0], NULL, &sb));
	sb = server_booking(12, "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z",
	                    BOOKING_CONFIRMED);
	json_array_append_new(list, result(b.keys[1], "overlap", &sb));
	sb = server_booking(57, "2026-11-23T15:00:00Z", "2026-11-23T16:00:00Z",
	                    BOOKING_CHECKED_IN);
	json_array_append_new(list, result(b.keys[2], NULL, &sb));
	assert_int_equal(take(f, &b, list), 3);

	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_int_equal(s.sync.pending, 1);
	assert_int_equal(s.sync.delivered, 3);
	p = cfx_find(&s, 0, 11);
	assert_int_equal(p->status, BOOKING_CHECKED_IN);
	assert_false(p->pending_sync);
	/* The server's copy of the booking, as the result gave it. */
	assert_string_equal(p->title, "Réunion d'équipe");
	p = cfx_find(&s, 0, 12);
	assert_int_equal(p->end, T("2026-11-23T11:00:00Z"));
	assert_false(p->pending_sync);
	/* The walk-in under its server id, still ending here. */
	p = cfx_find(&s, 0, 57);
	assert_non_null(p);
	assert_int_equal(p->status, BOOKING_ENDED);
	assert_true(p->pending_sync);
	assert_int_equal(client_booking_ref(&s, p, ref), 0);
	assert_string_equal(ref, "local-1");
	assert_int_equal(s.days[0].nbookings, 4);
	assert_int_equal(s.nrefusals, 1);
	assert_string_equal(s.refusals[0].code, "overlap");
	assert_int_equal(s.refusals[0].rule, RULE_OVERLAP);
	assert_string_equal(s.refusals[0].booking, "12");
	assert_int_equal(s.refusals[0].type, WIRE_EV_EXTEND);
	assert_true(s.refusals[0].has_status);
	assert_int_equal(s.refusals[0].status, BOOKING_CONFIRMED);
	assert_int_equal(client_ack_refusal(f->c, s.refusals[0].id), 0);
	assert_int_equal(client_ack_refusal(f->c, s.refusals[0].id), -1);
	client_snapshot_free(&s);

	/* The same answer again changes nothing. */
	list = json_array();
	json_array_append_new(list, result(b.keys[0], NULL, NULL));
	assert_int_equal(take(f, &b, list), 0);
	client_batch_free(&b);

	/* Now the end goes, with the walk-in's id. */
	assert_int_equal(batch(f, &b), 1);
	assert_non_null(strstr(b.body, "\"booking\":57"));
	list = json_array();
	sb = server_booking(57, "2026-11-23T15:00:00Z", "2026-11-23T16:00:00Z",
	                    BOOKING_ENDED);
	json_array_append_new(list, result(b.keys[0], NULL, &sb));
	assert_int_equal(take(f, &b, list), 1);
	client_batch_free(&b);
	assert_int_equal(batch(f, &b), 0);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_int_equal(s.sync.pending, 0);
	assert_int_equal(s.nrefusals, 0);
	assert_int_equal(s.nlocals, 0);
	p = cfx_find(&s, 0, 57);
	assert_non_null(p);
	assert_false(p->pending_sync);
	assert_int_equal(client_booking_ref(&s, p, ref), 0);
	assert_string_equal(ref, "57");
	client_snapshot_free(&s);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM shown"), 0);
}

static void test_refused_walk_in(void **state)
{
	cfx *f = *state;
	kiosk_event ev;
	client_batch b;
	json_t *list;
	client_snap s;

	open_sample(f);
	ev = cfx_event(KIOSK_EV_WALK_IN, "local-2", T("2026-11-23T15:01:00Z"));
	ev.start = T("2026-11-23T15:00:00Z");
	ev.end = T("2026-11-23T16:00:00Z");
	submit_ok(f, ev);
	submit_ok(f, cfx_event(KIOSK_EV_END, "local-2",
	                       T("2026-11-23T15:20:00Z")));
	assert_int_equal(batch(f, &b), 1);
	list = json_array();
	json_array_append_new(list, result(b.keys[0], "overlap", NULL));
	assert_int_equal(take(f, &b, list), 1);
	client_batch_free(&b);
	/* The end cannot go: it becomes a refusal here. */
	assert_int_equal(batch(f, &b), 0);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(client_snapshot(f->c, &s), 0);
	assert_int_equal(s.days[0].nbookings, 3);
	assert_int_equal(s.nrefusals, 2);
	assert_string_equal(s.refusals[0].code, "overlap");
	assert_string_equal(s.refusals[0].booking, "local-2");
	assert_string_equal(s.refusals[1].code, "not_found");
	assert_int_equal(s.refusals[1].type, WIRE_EV_END);
	assert_false(s.refusals[1].has_status);
	client_snapshot_free(&s);
}

static void test_results_must_match(void **state)
{
	cfx *f = *state;
	client_batch b;
	json_t *list;
	char other[WIRE_UUID_LEN];

	open_sample(f);
	submit_ok(f,
	          cfx_event(KIOSK_EV_CHECKIN, "11", T("2026-11-23T08:04:00Z")));
	submit_ok(f, cfx_event(KIOSK_EV_END, "11", T("2026-11-23T08:30:00Z")));
	assert_int_equal(batch(f, &b), 2);
	/* A key not sent. */
	assert_int_equal(client_uuid4(other), 0);
	list = json_array();
	json_array_append_new(list, result(other, NULL, NULL));
	assert_int_equal(take(f, &b, list), -1);
	/* A key twice. */
	list = json_array();
	json_array_append_new(list, result(b.keys[0], NULL, NULL));
	json_array_append_new(list, result(b.keys[0], NULL, NULL));
	assert_int_equal(take(f, &b, list), -1);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 2);
	/* Part of the batch: the rest stays, in order. */
	list = json_array();
	json_array_append_new(list, result(b.keys[0], NULL, NULL));
	assert_int_equal(take(f, &b, list), 1);
	assert_int_equal(cfx_sql_int(f, "SELECT count(*) FROM outbox"), 1);
	assert_int_equal(cfx_sql_int(f, "SELECT type FROM outbox"),
	                 WIRE_EV_END);
	/* The booking still shows the end, pending; the server copy was
	 * patched with the check-in as shown. */
	assert_int_equal(cfx_sql_int(f, "SELECT status FROM shown"),
	                 BOOKING_ENDED);
	client_batch_free(&b);
}

/* ---- small tools ------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void test_uuid(void **state)
{
	enum { N = 20000 };
	char(*ids)[WIRE_UUID_LEN] = calloc(N, WIRE_UUID_LEN);
	regex_t re;
	char back[WIRE_UUID_LEN];

	(void)state;
	assert_non_null(ids);
	assert_int_equal(regcomp(&re,
	                         "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-"
	                         "[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
	                         REG_EXTENDED | REG_NOSUB),
	                 0);
	for (int i = 0; i < N; i++) {
		assert_int_equal(client_uuid4(ids[i]), 0);
		assert_int_equal(strlen(ids[i]), 36);
		assert_int_equal(regexec(&re, ids[i], 0, NULL, 0), 0);
		assert_int_equal(wire_parse_uuid("key", ids[i], back, NULL), 0);
		assert_string_equal(back, ids[i]);
	}
	qsort(ids, N, WIRE_UUID_LEN, cmp_str);
	for (int i = 1; i < N; i++)
		assert_int_not_equal(strcmp(ids[i - 1], ids[i]), 0);
	regfree(&re);
	free(ids);
}

static void test_backoff(void **state)
{
	client_backoff a, b, c;
	int64_t base = CLIENT_BACKOFF_FIRST_MS;
	bool differ = false;

	(void)state;
	backoff_init(&a, 7);
	backoff_init(&b, 7);
	backoff_init(&c, 8);
	for (int i = 0; i < 30; i++) {
		int64_t d = backoff_next(&a);

		assert_true(d >= base / 2);
		assert_true(d <= base);
		assert_true(d <= CLIENT_BACKOFF_MAX_MS);
		/* The same seed, the same sequence. */
		assert_int_equal(backoff_next(&b), d);
		if (backoff_next(&c) != d)
			differ = true;
		base = base * 2 > CLIENT_BACKOFF_MAX_MS ? CLIENT_BACKOFF_MAX_MS
		                                        : base * 2;
	}
	assert_true(differ);
	/* At the cap, the jitter still spreads the doors. */
	{
		int64_t lo = CLIENT_BACKOFF_MAX_MS, hi = 0;

		for (int i = 0; i < 200; i++) {
			int64_t d = backoff_next(&a);

			lo = d < lo ? d : lo;
			hi = d > hi ? d : hi;
		}
		assert_true(lo >= CLIENT_BACKOFF_MAX_MS / 2);
		assert_true(hi <= CLIENT_BACKOFF_MAX_MS);
		assert_true(hi - lo > CLIENT_BACKOFF_MAX_MS / 4);
	}
	backoff_reset(&a);
	{
		int64_t d = backoff_next(&a);

		assert_true(d >= CLIENT_BACKOFF_FIRST_MS / 2);
		assert_true(d <= CLIENT_BACKOFF_FIRST_MS);
	}
}

/* ---- schedules --------------------------------------------------------- */

static void test_schedule_take(void **state)
{
	cfx *f = *state;
	char *text = cfx_sample_text("8-2026-11-23-d");
	char etag[WIRE_ETAG_MAX + 1];
	cal_date d, other;

	open_sample(f);
	assert_int_equal(cal_parse_date(CFX_DATE, &d), 0);
	other = cal_date_add_days(d, 1);
	/* 304: nothing changes. */
	assert_int_equal(
	        client_take_schedule(f->c, d, 304, CFX_ETAG, "", 0, NULL), 0);
	/* Another date than asked, a different ETag header, an error. */
	assert_int_equal(client_take_schedule(f->c, other, 200, NULL, text,
	                                      strlen(text), NULL),
	                 -1);
	assert_int_equal(client_take_schedule(f->c, d, 200, "9-x", text,
	                                      strlen(text), NULL),
	                 -1);
	assert_int_equal(client_take_schedule(f->c, d, 500, NULL, text,
	                                      strlen(text), NULL),
	                 -1);
	pthread_mutex_lock(&f->c->lock);
	assert_int_equal(cache_schedule_etag(f->c, d, etag), 1);
	pthread_mutex_unlock(&f->c->lock);
	assert_string_equal(etag, CFX_ETAG);
	/* A new one is stored as received. */
	assert_int_equal(client_take_schedule(f->c, d, 200, "8-2026-11-23-d",
	                                      text, strlen(text), NULL),
	                 1);
	pthread_mutex_lock(&f->c->lock);
	assert_int_equal(cache_schedule_etag(f->c, d, etag), 1);
	pthread_mutex_unlock(&f->c->lock);
	assert_string_equal(etag, "8-2026-11-23-d");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_open_needs_room, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_open_other_room, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_open_refuses_other_files,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_submit_durable, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_submit_atomic, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_submit_atomic_walk_in,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_submit_refusals, setup,
	                                        teardown),
	        cmocka_unit_test(test_map_events),
	        cmocka_unit_test_setup_teardown(test_snapshot_local_changes,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_results, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_refused_walk_in, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_results_must_match, setup,
	                                        teardown),
	        cmocka_unit_test(test_uuid),
	        cmocka_unit_test(test_backoff),
	        cmocka_unit_test_setup_teardown(test_schedule_take, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * store_stats_par.c - the event log fed to core's stats (stats.h): the
 * plain feed of store.h (store_stats_feed, one query in the caller's read
 * transaction) and store_stats_compute (store_stats_par.h), which shares
 * the rooms out among threads, each room read in two index walks (its
 * bookings, then its events), and adds up their finished figures with
 * stats_merge. Rooms are independent in core (a
 * booking's reclaimed time comes from its own room only), so the sum is
 * exact; the threads' snapshots are checked to hold the same log.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_int.h"
#include "store_stats_last.h"
#include "store_stats_par.h"

#define MAX_BOOKING_EVENTS 1000
#define MAX_ROOMS 1000000
#define MAX_ROOM_BOOKINGS 10000000 /* core's own cap */
#define TRIES 3
/* The workers' read connections: the log through mmap, no copies. */
#define WORKER_PRAGMAS                                                         \
	"PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32768;"

typedef struct log_event {
	size_t seq; /* its place in its booking's log (record order) */
	stats_event e;
	bool drop;
} log_event;

/* What the threads share: the question and the rooms still to do. */
typedef struct par_job {
	porte_store *st;
	const tz_zone *tz;
	porte_time from, to, now;
	const int64_t *rooms;
	size_t nrooms;
	int64_t last_event; /* the log's latest id when ROOMS was read */
	atomic_size_t next;
	atomic_bool failed;
} par_job;

/* One thread's accumulator and how it went. */
typedef struct par_part {
	par_job *job;
	stats *s;
	int64_t last_event; /* the log's latest id in its snapshot */
	store_status rc;
	char err[STORE_ERR_LEN];
	pthread_t thread;
	bool started; /* a thread of its own */
	bool ran;
} par_part;

static bool stats_kind(const char *kind, stats_event_kind *out)
{
	static const struct {
		const char *name;
		stats_event_kind kind;
	} map[] = {
	        {"create", STATS_CREATED},     {"confirm", STATS_CONFIRMED},
	        {"checkin", STATS_CHECKED_IN}, {"extend", STATS_EXTENDED},
	        {"end", STATS_ENDED},          {"release", STATS_RELEASED},
	        {"cancel", STATS_CANCELLED},   {"expire", STATS_CANCELLED},
	        {"remove", STATS_REMOVED},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (kind[0] == map[i].name[0] &&
		    strcmp(kind, map[i].name) == 0) {
			*out = map[i].kind;
			return true;
		}
	}
	return false;
}

static int by_time(const void *a, const void *b)
{
	const log_event *x = a, *y = b;

	if (x->e.at != y->e.at)
		return x->e.at < y->e.at ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

static bool in_time_order(const log_event *ev, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (by_time(&ev[i - 1], &ev[i]) > 0)
			return false;
	}
	return true;
}

/* Feeds one booking's events (in record order) in time order. A release
 * that a late check-in undid (a check-in recorded after it) is left out:
 * the check-in happened before the deadline. */
static void feed_booking(stats *s, log_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (ev[i].e.kind != STATS_RELEASED)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			if (ev[j].e.kind == STATS_CHECKED_IN)
				ev[i].drop = true;
		}
	}
	if (!in_time_order(ev, n))
		qsort(ev, n, sizeof(*ev), by_time);
	for (size_t i = 0; i < n; i++) {
		if (!ev[i].drop)
			stats_add(s, &ev[i].e);
	}
}

/* What core reads of a booking's own row. */
typedef struct feed_booking_row {
	int64_t id, room_id;
	bool walk_in, confirmed;
} feed_booking_row;

/* One booking's events, gathered before they are fed. */
typedef struct event_buf {
	log_event *ev;
	size_t n, cap;
	int64_t booking; /* whose events EV holds */
} event_buf;

static void booking_read(sqlite3_stmt *q, int col, feed_booking_row *b)
{
	b->walk_in = sqlite3_column_int(q, col) != 0;
	b->confirmed = strcmp(col_str(q, col + 1), "patron") != 0;
}

/* Reads the event of row Q at columns COL.. (e.kind, e.at, e.start_at,
 * e.end_at) into LE, with booking B's columns and the slot only
 * where core reads them (STATS_CREATED; the end of STATS_EXTENDED). False
 * for a kind stats ignores. */
static bool read_event(sqlite3_stmt *q, int col, const feed_booking_row *b,
                       log_event *le)
{
	memset(le, 0, sizeof(*le));
	if (!stats_kind(col_str(q, col), &le->e.kind))
		return false;
	le->e.booking_id = b->id;
	le->e.at = sqlite3_column_int64(q, col + 1);
	if (le->e.kind == STATS_EXTENDED)
		le->e.end = sqlite3_column_int64(q, col + 3);
	if (le->e.kind != STATS_CREATED)
		return true;
	le->e.room_id = b->room_id;
	le->e.start = sqlite3_column_int64(q, col + 2);
	le->e.end = sqlite3_column_int64(q, col + 3);
	le->e.walk_in = b->walk_in;
	le->e.confirmed = b->confirmed;
	return true;
}

/* Feeds S with the events BUF holds (one booking's), empties it. */
static void buf_flush(event_buf *buf, stats *s)
{
	if (buf->n > 0)
		feed_booking(s, buf->ev, buf->n);
	buf->n = 0;
}

/* Adds the event of row Q at columns COL.. (read_event) of booking B to
 * BUF, feeding S with the previous booking's first. */
static store_status buf_add(store_conn *c, event_buf *buf, sqlite3_stmt *q,
                            int col, const feed_booking_row *b, stats *s)
{
	store_status rc;

	if (b->id != buf->booking)
		buf_flush(buf, s);
	buf->booking = b->id;
	rc = arr_grow(c, (void **)&buf->ev, sizeof(*buf->ev), buf->n, &buf->cap,
	              MAX_BOOKING_EVENTS);
	if (rc == STORE_OK && read_event(q, col, b, &buf->ev[buf->n])) {
		buf->ev[buf->n].seq = buf->n;
		buf->n++;
	}
	return rc;
}

/* The end of a walk through Q's rows (STEP its last sqlite3_step, RC how
 * it went): the last booking fed, Q reset, BUF freed. */
static store_status buf_done(store_conn *c, event_buf *buf, sqlite3_stmt *q,
                             int step, store_status rc, stats *s)
{
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(q);
	if (rc == STORE_OK)
		buf_flush(buf, s);
	free(buf->ev);
	return rc;
}

/* Steps Q (bound; rows b.id, b.room_id, b.walk_in, b.creator_kind, then
 * the event's columns of read_event; each booking's rows together) to its
 * end, feeding S one booking at a time. Q is reset. */
static store_status feed_rows(store_conn *c, sqlite3_stmt *q, stats *s)
{
	event_buf buf = {0};
	store_status rc = STORE_OK;
	int step = SQLITE_DONE;

	while (rc == STORE_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		feed_booking_row b = {.id = sqlite3_column_int64(q, 0),
		                      .room_id = sqlite3_column_int64(q, 1)};

		booking_read(q, 2, &b);
		rc = buf_add(c, &buf, q, 4, &b, s);
	}
	return buf_done(c, &buf, q, step, rc, s);
}

store_status store_stats_feed(porte_store *st, const char *site,
                              const char *room, porte_time from, porte_time to,
                              stats *s)
{
	/* Bookings overlapping the period, but those starting up to two days
	 * before it (the longest booking) only, for the index. Each booking's
	 * events come together; the order is the indexes' own (rooms by
	 * site, bookings by room and start, events by booking), so that
	 * SQLite walks them without sorting the whole log first. */
	static const char sql[] =
	        "SELECT b.id, b.room_id, b.walk_in, b.creator_kind,"
	        " e.kind, e.at, coalesce(e.start_at, 0), coalesce(e.end_at, 0)"
	        " FROM bookings b JOIN rooms r ON r.id = b.room_id"
	        " JOIN events e ON e.booking_id = b.id"
	        " WHERE b.start_at < ?2 AND b.start_at > ?1 - 172800"
	        " AND b.end_at > ?1 AND (?3 = 0 OR b.room_id = ?3)"
	        " AND (?4 = 0 OR r.site_id = ?4)"
	        " ORDER BY r.site_id, r.id, b.start_at, b.id, e.id";
	store_conn *c = conn_get(st);
	int64_t room_id = 0, site_id = 0;
	sqlite3_stmt *q;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	if (to <= from)
		return conn_fail(c, STORE_INVALID, "the period is empty");
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	if (room != NULL)
		rc = conn_room_id(c, room, &room_id);
	else if (site != NULL)
		rc = conn_site_id(c, site, &site_id);
	if (rc != STORE_OK)
		goto out;
	q = conn_stmt(c, sql);
	if (q == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	sqlite3_bind_int64(q, 3, room_id);
	sqlite3_bind_int64(q, 4, site_id);
	rc = feed_rows(c, q, s);
out:
	return tx_end(c, rc);
}

/* ---- partitions ---- */

static int by_id(const void *a, const void *b)
{
	const feed_booking_row *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Row (id, room_id, walk_in, creator_kind) as a feed_booking_row. */
static void read_booking_row(sqlite3_stmt *q, void *row)
{
	feed_booking_row *b = row;

	b->id = sqlite3_column_int64(q, 0);
	b->room_id = sqlite3_column_int64(q, 1);
	booking_read(q, 2, b);
}

/* The bookings of room ROOM_ID that JOB's period counts (those of
 * store_stats_feed's query), by id, in *OUT (the caller frees it). */
static store_status room_bookings(store_conn *c, const par_job *job,
                                  int64_t room_id, feed_booking_row **out,
                                  size_t *n)
{
	static const char sql[] =
	        "SELECT id, room_id, walk_in, creator_kind FROM bookings"
	        " WHERE room_id = ?3 AND start_at < ?2"
	        " AND start_at > ?1 - 172800 AND end_at > ?1";
	sqlite3_stmt *q = conn_stmt(c, sql);
	store_status rc;

	*out = NULL;
	*n = 0;
	if (q == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, job->from);
	sqlite3_bind_int64(q, 2, job->to);
	sqlite3_bind_int64(q, 3, room_id);
	rc = stmt_rows(c, q, sizeof(**out), MAX_ROOM_BOOKINGS, read_booking_row,
	               (void **)out, n);
	if (rc == STORE_OK && *n > 1)
		qsort(*out, *n, sizeof(**out), by_id);
	return rc;
}

/* Feeds S with the events of the N bookings B (room ROOM_ID's, by id): one
 * walk through the room's log from the first booking to the last, in the
 * index's order (booking, then record order), the events of the bookings
 * in between that B does not hold skipped. An event's room is its
 * booking's (the schema's trigger events_same_room). */
static store_status room_events(store_conn *c, int64_t room_id,
                                const feed_booking_row *b, size_t n, stats *s)
{
	static const char sql[] =
	        "SELECT booking_id, kind, at, start_at, end_at FROM events"
	        " WHERE room_id = ?1 AND booking_id BETWEEN ?2 AND ?3"
	        " ORDER BY booking_id, id";
	sqlite3_stmt *q;
	event_buf buf = {0};
	store_status rc = STORE_OK;
	int step = SQLITE_DONE;
	size_t i = 0;

	if (n == 0)
		return STORE_OK;
	q = conn_stmt(c, sql);
	if (q == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, room_id);
	sqlite3_bind_int64(q, 2, b[0].id);
	sqlite3_bind_int64(q, 3, b[n - 1].id);
	while (rc == STORE_OK && (step = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 0);

		while (i < n && b[i].id < id)
			i++;
		if (i == n)
			break;
		if (b[i].id == id)
			rc = buf_add(c, &buf, q, 1, &b[i], s);
	}
	if (step == SQLITE_ROW)
		step = SQLITE_DONE; /* left early: the rest is not B's */
	return buf_done(c, &buf, q, step, rc, s);
}

/* Feeds S with the bookings of room ROOM_ID that JOB's period counts, each
 * with its events: as store_stats_feed's query would for one room, from
 * two walks in index order (bookings_room_start, events_room) instead of a
 * lookup of every booking's events. */
static store_status feed_room(store_conn *c, const par_job *job,
                              int64_t room_id, stats *s)
{
	feed_booking_row *b;
	size_t n;
	store_status rc = room_bookings(c, job, room_id, &b, &n);

	if (rc == STORE_OK)
		rc = room_events(c, room_id, b, n, s);
	free(b);
	return rc;
}

/* Room ROOM_ID's figures, finished, added to INTO: one small accumulator
 * a room keeps core's booking index in the caches. */
static store_status add_room(store_conn *c, const par_job *job, int64_t room_id,
                             stats *into)
{
	stats *r = stats_new(job->tz, job->from, job->to);
	store_status rc;

	if (r == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	rc = feed_room(c, job, room_id, r);
	if (rc == STORE_OK &&
	    (stats_finish(r, job->now) != 0 || stats_merge(into, r) != 0))
		rc = conn_fail(c, STORE_ERROR, "out of memory");
	stats_free(r);
	return rc;
}

/* Takes rooms from P's job until none is left, in one read transaction,
 * adding each one's figures to P's accumulator (finished empty first). */
static store_status part_feed(store_conn *c, par_part *p)
{
	par_job *job = p->job;
	store_status rc = tx_begin(c, false);

	if (rc != STORE_OK)
		return rc;
	rc = store_events_last(job->st, &p->last_event);
	if (rc == STORE_OK && stats_finish(p->s, job->now) != 0)
		rc = conn_fail(c, STORE_ERROR, "out of memory");
	while (rc == STORE_OK && !atomic_load(&job->failed)) {
		size_t i = atomic_fetch_add(&job->next, 1);

		if (i >= job->nrooms)
			break;
		rc = add_room(c, job, job->rooms[i], p->s);
	}
	return tx_end(c, rc);
}

/* Runs P in the calling thread, on its connection (tuned for the scan
 * when it is a worker's own). */
static void part_run(par_part *p, bool worker)
{
	store_conn *c = conn_get(p->job->st);

	p->ran = true;
	if (c == NULL) {
		p->rc = STORE_ERROR;
		copy_str(p->err, sizeof(p->err), "cannot open the database");
	} else {
		if (worker)
			sqlite3_exec(c->db, WORKER_PRAGMAS, NULL, NULL, NULL);
		p->rc = part_feed(c, p);
		if (p->rc != STORE_OK)
			copy_str(p->err, sizeof(p->err), c->err);
	}
	if (p->rc != STORE_OK)
		atomic_store(&p->job->failed, true);
}

static void *part_thread(void *arg)
{
	part_run(arg, true);
	return NULL; /* the thread's connection closes as it exits */
}

/* The ids of ROOM, or of SITE's rooms, or of every room, in *IDS (the
 * caller frees it). */
static store_status room_ids(store_conn *c, const char *site, const char *room,
                             int64_t **ids, size_t *n)
{
	static const char sql[] = "SELECT id FROM rooms"
	                          " WHERE (?1 = 0 OR site_id = ?1)"
	                          " AND (?2 = 0 OR id = ?2) ORDER BY id";
	int64_t room_id = 0, site_id = 0;
	sqlite3_stmt *q;
	store_status rc = STORE_OK;

	*ids = NULL;
	*n = 0;
	if (room != NULL)
		rc = conn_room_id(c, room, &room_id);
	else if (site != NULL)
		rc = conn_site_id(c, site, &site_id);
	if (rc != STORE_OK)
		return rc;
	q = conn_stmt(c, sql);
	if (q == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(q, 1, site_id);
	sqlite3_bind_int64(q, 2, room_id);
	return stmt_rows(c, q, sizeof(**ids), MAX_ROOMS, row_id, (void **)ids,
	                 n);
}

static unsigned thread_count(unsigned asked, size_t nrooms)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = asked;

	if (n == 0)
		n = cores > 0 ? (unsigned)cores : 1;
	if (n > STORE_STATS_MAX_THREADS)
		n = STORE_STATS_MAX_THREADS;
	if (n > nrooms)
		n = nrooms > 0 ? (unsigned)nrooms : 1;
	return n;
}

/* Starts N parts in threads of their own (the caller's runs the first when
 * no thread could start), waits for them. */
static void parts_run(par_part *parts, unsigned n)
{
	bool any = false;

	if (n == 1) {
		part_run(&parts[0], false);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		parts[i].started = pthread_create(&parts[i].thread, NULL,
		                                  part_thread, &parts[i]) == 0;
		any = any || parts[i].started;
	}
	if (!any)
		part_run(&parts[0], false);
	for (unsigned i = 0; i < n; i++) {
		if (parts[i].started)
			pthread_join(parts[i].thread, NULL);
	}
}

/* The parts' figures added into the first one that ran, moved to *OUT.
 * *MOVED when their snapshots differ from the rooms' list's (nothing in
 * *OUT then). */
static store_status parts_merge(store_conn *c, par_part *parts, unsigned n,
                                bool *moved, stats **out)
{
	par_part *into = NULL;

	*moved = false;
	for (unsigned i = 0; i < n; i++) {
		if (!parts[i].ran)
			continue;
		if (parts[i].rc != STORE_OK)
			return conn_fail(c, parts[i].rc, "%s", parts[i].err);
		if (into == NULL)
			into = &parts[i];
		if (parts[i].last_event != parts[i].job->last_event)
			*moved = true;
	}
	if (into == NULL)
		return conn_fail(c, STORE_ERROR, "no statistics thread ran");
	if (*moved)
		return STORE_OK;
	for (unsigned i = 0; i < n; i++) {
		if (!parts[i].ran || &parts[i] == into)
			continue;
		if (stats_merge(into->s, parts[i].s) != 0)
			return conn_fail(c, STORE_ERROR, "out of memory");
	}
	*out = into->s;
	into->s = NULL;
	return STORE_OK;
}

/* One try with N threads. */
static store_status compute_once(store_conn *c, par_job *job, unsigned n,
                                 bool *moved, stats **out)
{
	par_part *parts = calloc(n, sizeof(*parts));
	store_status rc = STORE_OK;

	*moved = false;
	if (parts == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	atomic_store(&job->next, 0);
	atomic_store(&job->failed, false);
	for (unsigned i = 0; i < n && rc == STORE_OK; i++) {
		parts[i].job = job;
		parts[i].s = stats_new(job->tz, job->from, job->to);
		if (parts[i].s == NULL)
			rc = conn_fail(c, STORE_ERROR, "out of memory");
	}
	if (rc == STORE_OK) {
		parts_run(parts, n);
		rc = parts_merge(c, parts, n, moved, out);
	}
	for (unsigned i = 0; i < n; i++)
		stats_free(parts[i].s);
	free(parts);
	return rc;
}

/* JOB's rooms (ROOM, SITE's or all) and the log's latest id, read
 * together; the previous list is freed. */
static store_status job_rooms(store_conn *c, const char *site, const char *room,
                              par_job *job, int64_t **ids)
{
	store_status rc = tx_begin(c, false);
	size_t n = 0;

	free(*ids);
	*ids = NULL;
	if (rc != STORE_OK)
		return rc;
	rc = room_ids(c, site, room, ids, &n);
	if (rc == STORE_OK)
		rc = store_events_last(job->st, &job->last_event);
	job->rooms = *ids;
	job->nrooms = n;
	return tx_end(c, rc);
}

/* The plain path in the caller's thread: one snapshot, by definition. */
static store_status compute_plain(porte_store *st, const char *site,
                                  const char *room, const par_job *job,
                                  stats **out)
{
	stats *s = stats_new(job->tz, job->from, job->to);
	store_status rc;

	if (s == NULL)
		return conn_fail(conn_get(st), STORE_ERROR, "out of memory");
	rc = store_stats_feed(st, site, room, job->from, job->to, s);
	if (rc == STORE_OK && stats_finish(s, job->now) != 0)
		rc = conn_fail(conn_get(st), STORE_ERROR, "out of memory");
	if (rc == STORE_OK)
		*out = s;
	else
		stats_free(s);
	return rc;
}

store_status store_stats_compute(porte_store *st, const char *site,
                                 const char *room, const tz_zone *tz,
                                 porte_time from, porte_time to, porte_time now,
                                 unsigned threads, stats **out)
{
	store_conn *c = conn_get(st);
	par_job job;
	int64_t *ids = NULL;
	store_status rc = STORE_OK;
	bool moved = true;

	*out = NULL;
	memset(&job, 0, sizeof(job));
	if (c == NULL)
		return STORE_ERROR;
	if (to <= from)
		return conn_fail(c, STORE_INVALID, "the period is empty");
	if (tz == NULL)
		return conn_fail(c, STORE_ERROR, "no time zone");
	job.st = st;
	job.tz = tz;
	job.from = from;
	job.to = to;
	job.now = now;
	for (int i = 0; i < TRIES && moved && rc == STORE_OK; i++) {
		rc = job_rooms(c, site, room, &job, &ids);
		if (rc == STORE_OK)
			rc = compute_once(c, &job,
			                  thread_count(threads, job.nrooms),
			                  &moved, out);
	}
	if (rc == STORE_OK && moved)
		rc = compute_plain(st, site, room, &job, out);
	free(ids);
	return rc;
}

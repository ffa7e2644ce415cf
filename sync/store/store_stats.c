/*
 * store_stats.c - statistics from the event log (core's stats.h does the
 * arithmetic), metrics, and purging what is no longer needed.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define MAX_BOOKING_EVENTS 1000
#define OUTBOX_KEEP (60 * 86400)
#define SESSION_KEEP 86400
#define ENROL_KEEP (7 * 86400)
#define ONLINE_WITHIN 120

typedef struct log_event {
	int64_t id;
	stats_event e;
	bool drop;
} log_event;

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
		if (strcmp(kind, map[i].name) == 0) {
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
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
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
	qsort(ev, n, sizeof(*ev), by_time);
	for (size_t i = 0; i < n; i++) {
		if (!ev[i].drop)
			stats_add(s, &ev[i].e);
	}
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
	        "SELECT b.id, b.room_id, b.walk_in, b.creator_kind, e.id,"
	        " e.kind, e.at, coalesce(e.start_at, 0), coalesce(e.end_at, 0)"
	        " FROM bookings b JOIN rooms r ON r.id = b.room_id"
	        " JOIN events e ON e.booking_id = b.id"
	        " WHERE b.start_at < ?2 AND b.start_at > ?1 - 172800"
	        " AND b.end_at > ?1 AND (?3 = 0 OR b.room_id = ?3)"
	        " AND (?4 = 0 OR r.site_id = ?4)"
	        " ORDER BY r.site_id, r.id, b.start_at, b.id, e.id";
	store_conn *c = conn_get(st);
	log_event *ev = NULL;
	size_t n = 0, cap = 0;
	int64_t room_id = 0, site_id = 0, current = 0;
	sqlite3_stmt *q;
	store_status rc;
	int step;

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
	for (;;) {
		char creator[16];
		log_event *le;
		int64_t id;

		step = sqlite3_step(q);
		if (step != SQLITE_ROW)
			break;
		id = sqlite3_column_int64(q, 0);
		if (id != current && n > 0) {
			feed_booking(s, ev, n);
			n = 0;
		}
		current = id;
		rc = arr_grow(c, (void **)&ev, sizeof(*ev), n, &cap,
		              MAX_BOOKING_EVENTS);
		if (rc != STORE_OK)
			break;
		le = &ev[n];
		memset(le, 0, sizeof(*le));
		if (!stats_kind(col_str(q, 5), &le->e.kind))
			continue;
		col_text(q, 3, creator, sizeof(creator));
		le->id = sqlite3_column_int64(q, 4);
		le->e.booking_id = id;
		le->e.room_id = sqlite3_column_int64(q, 1);
		le->e.at = sqlite3_column_int64(q, 6);
		le->e.start = sqlite3_column_int64(q, 7);
		le->e.end = sqlite3_column_int64(q, 8);
		le->e.walk_in = sqlite3_column_int(q, 2) != 0;
		le->e.confirmed = strcmp(creator, "patron") != 0;
		n++;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(q);
	if (rc == STORE_OK && n > 0)
		feed_booking(s, ev, n);
out:
	free(ev);
	return tx_end(c, rc);
}

store_status store_stats_zone(porte_store *st, const char *site,
                              const char *room, const tz_zone **out)
{
	static const char room_sql[] =
	        "SELECT s.tz FROM rooms r JOIN sites s ON s.id = r.site_id"
	        " WHERE r.slug = ?1";
	static const char site_sql[] = "SELECT tz FROM sites WHERE slug = ?1";
	static const char all_sql[] =
	        "SELECT min(tz), count(DISTINCT tz) FROM sites";
	char tz[STORE_TZ_MAX + 1] = "UTC";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;
	int step;

	if (c == NULL)
		return STORE_ERROR;
	if ((room != NULL && !store_slug_ok(room)) ||
	    (site != NULL && !store_slug_ok(site)))
		return conn_fail(c, STORE_NOT_FOUND, "no such room or site");
	s = conn_stmt(c, room != NULL   ? room_sql
	                 : site != NULL ? site_sql
	                                : all_sql);
	if (s == NULL)
		return STORE_ERROR;
	if (room != NULL || site != NULL)
		bind_text(s, 1, room != NULL ? room : site);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL &&
	    (room != NULL || site != NULL || sqlite3_column_int(s, 1) == 1))
		col_text(s, 0, tz, sizeof(tz));
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no %s '%s'",
		               room != NULL ? "room" : "site",
		               room != NULL ? room : site);
	else if (step != SQLITE_ROW)
		rc = conn_dberr(c);
	stmt_done(s);
	if (rc != STORE_OK)
		return rc;
	return conn_zone(c, tz, out);
}

store_status store_metrics_get(porte_store *st, porte_time now,
                               store_metrics *out)
{
	static const char sql[] =
	        "SELECT (SELECT count(*) FROM sites),"
	        " (SELECT count(*) FROM rooms),"
	        " (SELECT count(*) FROM staff WHERE disabled = 0),"
	        " (SELECT count(*) FROM devices WHERE revoked = 0),"
	        " (SELECT count(*) FROM devices WHERE revoked = 0"
	        "   AND last_seen >= ?1),"
	        " (SELECT count(*) FROM bookings WHERE status IN"
	        "   ('pending', 'confirmed', 'checked_in')),"
	        " (SELECT count(*) FROM bookings),"
	        " (SELECT max(id) FROM events),"
	        " (SELECT count(*) FROM mail_queue WHERE sent_at = 0"
	        "   AND failed = 0),"
	        " (SELECT count(*) FROM mail_queue WHERE failed <> 0)";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;

	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now - ONLINE_WITHIN);
	if (sqlite3_step(s) == SQLITE_ROW) {
		out->sites = sqlite3_column_int64(s, 0);
		out->rooms = sqlite3_column_int64(s, 1);
		out->staff = sqlite3_column_int64(s, 2);
		out->devices = sqlite3_column_int64(s, 3);
		out->devices_online = sqlite3_column_int64(s, 4);
		out->bookings_open = sqlite3_column_int64(s, 5);
		out->bookings_total = sqlite3_column_int64(s, 6);
		out->events = sqlite3_column_int64(s, 7);
		out->mail_queued = sqlite3_column_int64(s, 8);
		out->mail_failed = sqlite3_column_int64(s, 9);
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	return rc;
}

static store_status purge_one(store_conn *c, const char *sql, porte_time t)
{
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, t);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

store_status store_purge(porte_store *st, porte_time now)
{
	static const char sessions_sql[] =
	        "DELETE FROM sessions WHERE expires_at < ?1";
	static const char codes_sql[] =
	        "DELETE FROM enrol_codes WHERE expires_at < ?1";
	static const char outbox_sql[] =
	        "DELETE FROM outbox_keys WHERE created_at < ?1";
	store_conn *c = conn_get(st);
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = purge_one(c, sessions_sql, now - SESSION_KEEP);
	if (rc == STORE_OK)
		rc = purge_one(c, codes_sql, now - ENROL_KEEP);
	if (rc == STORE_OK)
		rc = purge_one(c, outbox_sql, now - OUTBOX_KEEP);
	if (rc == STORE_OK)
		rc = mail_purge(c, now);
	return tx_end(c, rc);
}

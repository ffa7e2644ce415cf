/*
 * store_stats.c - the zone statistics are read in (the feed itself is in
 * store_stats_par.c), metrics, and purging what is no longer needed.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define OUTBOX_KEEP (60 * 86400)
#define SESSION_KEEP 86400
#define ENROL_KEEP (7 * 86400)
#define ONLINE_WITHIN 120

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

/*
 * store_stats_last.c - the event log's latest entry (store_stats_last.h).
 */
#include "store_stats_last.h"
#include "store_int.h"

store_status store_events_last(porte_store *st, int64_t *out)
{
	static const char sql[] = "SELECT coalesce(max(id), 0) FROM events";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;

	*out = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

/*
 * store_plan.c - every booking of a site's rooms over a period, for the
 * staff pages' planning. See store_plan.h.
 */
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_plan.h"

/* No booking lasts longer than this (rules_validate caps max_duration;
 * an extension stays under it): the index range's lower bound. */
#define PLAN_LONGEST (2 * 86400)

/* A row_reader: ROW is a zeroed store_plan_booking. */
static void plan_row(sqlite3_stmt *s, void *row)
{
	store_plan_booking *out = row;
	booking_status status;

	out->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, out->room, sizeof(out->room));
	out->b.start = sqlite3_column_int64(s, 2);
	out->b.end = sqlite3_column_int64(s, 3);
	if (booking_status_parse(col_str(s, 4), &status) != 0)
		status = BOOKING_CANCELLED;
	out->b.status = status;
	col_text(s, 5, out->title, sizeof(out->title));
	col_text(s, 6, out->email, sizeof(out->email));
	out->b.created_at = sqlite3_column_int64(s, 7);
	out->b.checked_in_at = sqlite3_column_int64(s, 8);
	out->b.closed_at = sqlite3_column_int64(s, 9);
	out->walk_in = sqlite3_column_int(s, 10) != 0;
}

static store_status plan_read(store_conn *c, int64_t site_id, porte_time from,
                              porte_time to, store_plan_booking **out,
                              size_t *n)
{
	static const char sql[] =
	        "SELECT b.id, r.slug, b.start_at, b.end_at, b.status, b.title,"
	        " b.email, b.created_at, b.checked_in_at, b.closed_at,"
	        " b.walk_in FROM bookings b JOIN rooms r ON r.id = b.room_id"
	        " WHERE r.site_id = ?1 AND b.start_at < ?3"
	        " AND b.start_at > ?2 - 172800 AND b.end_at > ?2"
	        " ORDER BY r.id, b.start_at, b.id";
	sqlite3_stmt *s = conn_stmt(c, sql);

	_Static_assert(PLAN_LONGEST == 172800, "the SQL bound above");
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	return stmt_rows(c, s, sizeof(**out), STORE_PLAN_MAX_ROWS, plan_row,
	                 (void **)out, n);
}

store_status store_plan_bookings(porte_store *st, const char *site,
                                 porte_time from, porte_time to,
                                 store_plan_booking **out, size_t *n)
{
	store_conn *c = conn_get(st);
	store_status rc;
	int64_t site_id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	if (to <= from || to - from > STORE_PLAN_MAX_SPAN)
		return conn_fail(c, STORE_INVALID,
		                 "the period must be at most six weeks");
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, site, &site_id);
	if (rc == STORE_OK)
		rc = plan_read(c, site_id, from, to, out, n);
	return tx_end(c, rc);
}

/*
 * store_search.c - the staff pages' reads of bookings: the search and the
 * booking holding a slot. See store_search.h.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store_int.h"
#include "store_search.h"

#define SEARCH_COLS                                                            \
	"SELECT b.id, r.slug, r.name, s.slug, s.tz, b.status, b.start_at,"     \
	" b.end_at, b.title, b.email, b.walk_in"                               \
	" FROM bookings b JOIN rooms r ON r.id = b.room_id"                    \
	" JOIN sites s ON s.id = r.site_id"

#define SEARCH_WHERE                                                           \
	" WHERE (?1 IS NULL OR r.slug IN (SELECT value FROM json_each(?1)))"   \
	" AND (?2 IS NULL OR r.slug = ?2)"                                     \
	" AND (?3 IS NULL OR instr(lower(b.email), lower(?3)) > 0)"            \
	" AND (?4 IS NULL OR b.end_at > ?4)"                                   \
	" AND (?5 IS NULL OR b.start_at < ?5)"                                 \
	" AND (?6 IS NULL OR b.status = ?6)"

static const char search_asc[] =
        SEARCH_COLS SEARCH_WHERE " ORDER BY b.start_at, b.id LIMIT ?7";
static const char search_desc[] = SEARCH_COLS SEARCH_WHERE
        " ORDER BY b.start_at DESC, b.id DESC LIMIT ?7";

/* Reads the current row of a SEARCH_COLS statement into ROW (a
 * store_search_row, zeroed here): a row_reader. */
static void row_read(sqlite3_stmt *s, void *row)
{
	store_search_row *r = row;

	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, r->room, sizeof(r->room));
	col_text(s, 2, r->room_name, sizeof(r->room_name));
	col_text(s, 3, r->site, sizeof(r->site));
	col_text(s, 4, r->tz, sizeof(r->tz));
	if (booking_status_parse(col_str(s, 5), &r->status) != 0)
		r->status = BOOKING_CANCELLED;
	r->start = sqlite3_column_int64(s, 6);
	r->end = sqlite3_column_int64(s, 7);
	col_text(s, 8, r->title, sizeof(r->title));
	col_text(s, 9, r->email, sizeof(r->email));
	r->walk_in = sqlite3_column_int(s, 10) != 0;
}

static store_status search_check(store_conn *c, const store_search_q *q)
{
	if (q->limit < 1 || q->limit > STORE_SEARCH_MAX)
		return conn_fail(c, STORE_INVALID,
		                 "a search returns 1 to %d rows",
		                 STORE_SEARCH_MAX);
	if (q->nrooms > STORE_SEARCH_ROOMS)
		return conn_fail(c, STORE_INVALID, "too many rooms");
	if (q->email != NULL &&
	    !store_text_ok(q->email, STORE_EMAIL_MAX, false))
		return conn_fail(c, STORE_INVALID,
		                 "the e-mail part is too long or not text");
	if (q->room != NULL && q->room[0] != '\0' && !store_slug_ok(q->room))
		return conn_fail(c, STORE_INVALID, "not a room id");
	if (q->status >= (int)BOOKING__COUNT || q->status < -1)
		return conn_fail(c, STORE_INVALID, "unknown status");
	if (q->from != 0 && q->to != 0 && q->from > q->to)
		return conn_fail(c, STORE_INVALID,
		                 "the first date is after the last");
	return STORE_OK;
}

/* The JSON array of Q's rooms (malloc'd), or NULL with *FAILED. */
static char *rooms_json(const store_search_q *q, bool *failed)
{
	json_t *a;
	char *text;

	*failed = false;
	if (q->rooms == NULL)
		return NULL;
	a = json_array();
	for (size_t i = 0; a != NULL && i < q->nrooms; i++) {
		if (json_array_append_new(a, json_string(q->rooms[i])) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	text = a != NULL ? json_dumps(a, JSON_COMPACT) : NULL;
	json_decref(a);
	*failed = text == NULL;
	return text;
}

static void search_bind(sqlite3_stmt *s, const store_search_q *q,
                        const char *rooms)
{
	if (rooms != NULL)
		bind_text(s, 1, rooms);
	if (q->room != NULL && q->room[0] != '\0')
		bind_text(s, 2, q->room);
	if (q->email != NULL && q->email[0] != '\0')
		bind_text(s, 3, q->email);
	if (q->from != 0)
		sqlite3_bind_int64(s, 4, q->from);
	if (q->to != 0)
		sqlite3_bind_int64(s, 5, q->to);
	if (q->status >= 0)
		bind_text(s, 6, booking_status_name((booking_status)q->status));
	sqlite3_bind_int64(s, 7, (sqlite3_int64)q->limit + 1);
}

store_status store_booking_search(porte_store *st, const store_search_q *q,
                                  store_search_row **out, size_t *n, bool *more)
{
	store_conn *c = conn_get(st);
	bool failed, extra = false;
	char *rooms = NULL;
	store_status rc;
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (more != NULL)
		*more = false;
	if (c == NULL)
		return STORE_ERROR;
	if (q == NULL)
		return conn_fail(c, STORE_INVALID, "no search given");
	rc = search_check(c, q);
	if (rc != STORE_OK)
		return rc;
	rooms = rooms_json(q, &failed);
	if (failed)
		return conn_fail(c, STORE_ERROR, "out of memory");
	s = conn_stmt(c, q->newest_first ? search_desc : search_asc);
	if (s == NULL) {
		free(rooms);
		return STORE_ERROR;
	}
	search_bind(s, q, rooms);
	rc = stmt_page(c, s, sizeof(**out), q->limit, row_read, (void **)out, n,
	               &extra);
	free(rooms);
	if (more != NULL)
		*more = extra;
	return rc;
}

store_status store_booking_clash(porte_store *st, const char *room,
                                 porte_time start, porte_time end,
                                 int64_t exclude, store_search_row *out)
{
	static const char sql[] = SEARCH_COLS
	        " WHERE r.slug = ?1 AND b.id <> ?2 AND b.start_at < ?4"
	        " AND b.end_at > ?3 AND (b.status IN ('pending', 'confirmed',"
	        " 'checked_in') OR (b.status = 'ended' AND b.closed_at > ?3))"
	        " ORDER BY b.start_at, b.id LIMIT 1";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;
	int step;

	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return STORE_ERROR;
	if (room == NULL || !store_slug_ok(room))
		return conn_fail(c, STORE_INVALID, "not a room id");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, room);
	sqlite3_bind_int64(s, 2, exclude);
	sqlite3_bind_int64(s, 3, start);
	sqlite3_bind_int64(s, 4, end);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		row_read(s, out);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "the slot is free");
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

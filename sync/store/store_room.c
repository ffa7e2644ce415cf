/*
 * store_room.c - sites and rooms as the rules see them (settings layered
 * defaults -> site -> room, zone, opening hours, domains), listings, and a
 * room's schedule of a day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* Bookings a schedule or calendar shows: all but cancelled and removed. */
#define SHOWN_STATUSES                                                         \
	"('pending', 'confirmed', 'checked_in', 'ended', 'released')"

/* No booking lasts longer than this (max_duration is at most a day): the
 * lower bound that keeps time-range scans on the index short. */
#define LONGEST_BOOKING (2 * 86400)

#define MAX_DAY_SLOTS 10000
#define MAX_LIST_SPAN (31 * 86400 + 7200)

static store_status apply_rules(store_conn *c, sqlite3_stmt *s, int64_t id,
                                porte_rules *r)
{
	store_status rc = STORE_OK;
	char *cause = NULL;
	int step;

	sqlite3_bind_int64(s, 1, id);
	for (;;) {
		const char *name, *value;

		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		name = col_str(s, 0);
		value = col_str(s, 1);
		if (rules_set(r, name, value, &cause) != 0) {
			rc = conn_fail(c, STORE_ERROR, "stored rule %s: %s",
			               name, cause != NULL ? cause : "bad");
			free(cause);
			break;
		}
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

store_status load_rules(store_conn *c, int64_t site_id, int64_t room_id,
                        porte_rules *out)
{
	static const char site_sql[] = "SELECT name, value FROM rules WHERE "
	                               "site_id = ?1 ORDER BY name";
	static const char room_sql[] = "SELECT name, value FROM rules WHERE "
	                               "room_id = ?1 ORDER BY name";
	sqlite3_stmt *s;
	store_status rc;

	rules_defaults(out);
	s = conn_stmt(c, site_sql);
	if (s == NULL)
		return STORE_ERROR;
	rc = apply_rules(c, s, site_id, out);
	if (rc != STORE_OK || room_id == 0)
		return rc;
	s = conn_stmt(c, room_sql);
	if (s == NULL)
		return STORE_ERROR;
	return apply_rules(c, s, room_id, out);
}

void split_domains(room_ctx *rc)
{
	char *p = rc->domains_buf;

	rc->ndomains = 0;
	while (*p != '\0' && rc->ndomains < STORE_MAX_DOMAINS) {
		char *end;

		while (*p == ',' || *p == ' ')
			p++;
		if (*p == '\0')
			break;
		end = p;
		while (*end != '\0' && *end != ',' && *end != ' ')
			end++;
		rc->domains[rc->ndomains++] = p;
		if (*end == '\0')
			break;
		*end = '\0';
		p = end + 1;
	}
}

static store_status load_hours(store_conn *c, room_ctx *rc, cal_date from,
                               cal_date to)
{
	static const char sql[] =
	        "SELECT date, hours FROM site_dates WHERE site_id = ?1"
	        " AND date BETWEEN ?2 AND ?3 ORDER BY date LIMIT 4096";
	char dfrom[CAL_DATE_LEN], dto[CAL_DATE_LEN];
	store_status rc_ = STORE_OK;
	sqlite3_stmt *s;
	char *cause = NULL;
	int step;

	rc->hours = hours_new();
	if (rc->hours == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	if (hours_parse_week(rc->hours, rc->weekly, &cause) != 0) {
		rc_ = conn_fail(c, STORE_ERROR, "stored hours of %s: %s",
		                rc->site, cause != NULL ? cause : "bad");
		free(cause);
		return rc_;
	}
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	cal_format_date(from, dfrom);
	cal_format_date(to, dto);
	sqlite3_bind_int64(s, 1, rc->site_id);
	bind_text(s, 2, dfrom);
	bind_text(s, 3, dto);
	for (;;) {
		hours_day day;
		cal_date d;

		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		if (cal_parse_date(col_str(s, 0), &d) != 0 ||
		    hours_parse_day(col_str(s, 1), &day, NULL) != 0 ||
		    hours_set_date(rc->hours, d, &day) != 0) {
			rc_ = conn_fail(c, STORE_ERROR,
			                "bad stored exception of %s", rc->site);
			break;
		}
	}
	if (rc_ == STORE_OK && step != SQLITE_DONE)
		rc_ = conn_dberr(c);
	stmt_done(s);
	return rc_;
}

static void room_row(sqlite3_stmt *s, room_ctx *rc)
{
	rc->id = sqlite3_column_int64(s, 0);
	rc->site_id = sqlite3_column_int64(s, 1);
	col_text(s, 2, rc->slug, sizeof(rc->slug));
	col_text(s, 3, rc->name, sizeof(rc->name));
	if (room_kind_parse(col_str(s, 4), &rc->kind) != 0)
		rc->kind = ROOM_GROUP;
	rc->capacity = sqlite3_column_int(s, 5);
	rc->counter = sqlite3_column_int64(s, 6);
	col_text(s, 7, rc->site, sizeof(rc->site));
	col_text(s, 8, rc->site_name, sizeof(rc->site_name));
	col_text(s, 9, rc->tz_name, sizeof(rc->tz_name));
	col_text(s, 10, rc->weekly, sizeof(rc->weekly));
	col_text(s, 11, rc->domains_buf, sizeof(rc->domains_buf));
}

store_status room_ctx_load(store_conn *c, const char *slug, int64_t id,
                           bool with_hours, cal_date from, cal_date to,
                           room_ctx *out)
{
	static const char by_slug[] =
	        "SELECT r.id, r.site_id, r.slug, r.name, r.kind, r.capacity,"
	        " r.change_counter, s.slug, s.name, s.tz, s.hours, s.domains"
	        " FROM rooms r JOIN sites s ON s.id = r.site_id"
	        " WHERE r.slug = ?1";
	static const char by_id[] =
	        "SELECT r.id, r.site_id, r.slug, r.name, r.kind, r.capacity,"
	        " r.change_counter, s.slug, s.name, s.tz, s.hours, s.domains"
	        " FROM rooms r JOIN sites s ON s.id = r.site_id"
	        " WHERE r.id = ?1";
	sqlite3_stmt *s;
	store_status rc;
	int step;

	memset(out, 0, sizeof(*out));
	if (slug != NULL && !store_slug_ok(slug))
		return conn_fail(c, STORE_NOT_FOUND, "no such room");
	s = conn_stmt(c, slug != NULL ? by_slug : by_id);
	if (s == NULL)
		return STORE_ERROR;
	if (slug != NULL)
		bind_text(s, 1, slug);
	else
		sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		room_row(s, out);
	stmt_done(s);
	if (step == SQLITE_DONE) {
		if (slug != NULL)
			return conn_fail(c, STORE_NOT_FOUND, "no room '%s'",
			                 slug);
		return conn_fail(c, STORE_NOT_FOUND, "no room %lld",
		                 (long long)id);
	}
	if (step != SQLITE_ROW)
		return conn_dberr(c);
	split_domains(out);
	rc = load_rules(c, out->site_id, out->id, &out->rules);
	if (rc == STORE_OK)
		rc = conn_zone(c, out->tz_name, &out->tz);
	if (rc == STORE_OK && with_hours)
		rc = load_hours(c, out, from, to);
	if (rc != STORE_OK) {
		room_ctx_clear(out);
		return rc;
	}
	out->pr.kind = out->kind;
	out->pr.capacity = out->kind == ROOM_WORKSHOP ? out->capacity : 1;
	out->pr.rules = &out->rules;
	out->pr.tz = out->tz;
	out->pr.hours = out->hours;
	out->pr.domains = out->domains;
	out->pr.ndomains = out->ndomains;
	return STORE_OK;
}

void room_ctx_clear(room_ctx *rc)
{
	hours_free(rc->hours);
	rc->hours = NULL;
}

void room_ctx_export(const room_ctx *rc, store_room *out)
{
	memset(out, 0, sizeof(*out));
	out->id = rc->id;
	copy_str(out->slug, sizeof(out->slug), rc->slug);
	copy_str(out->name, sizeof(out->name), rc->name);
	out->kind = rc->kind;
	out->capacity = rc->capacity;
	copy_str(out->site, sizeof(out->site), rc->site);
	copy_str(out->site_name, sizeof(out->site_name), rc->site_name);
	copy_str(out->tz, sizeof(out->tz), rc->tz_name);
	out->rules = rc->rules;
	out->counter = rc->counter;
}

store_status store_room_get(porte_store *st, const char *slug, store_room *out)
{
	store_conn *c = conn_get(st);
	cal_date none = {0, 0, 0};
	store_status rc;
	room_ctx rctx;

	if (c == NULL)
		return STORE_ERROR;
	if (slug == NULL)
		return conn_fail(c, STORE_NOT_FOUND, "no room given");
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = room_ctx_load(c, slug, 0, false, none, none, &rctx);
	if (rc == STORE_OK) {
		room_ctx_export(&rctx, out);
		room_ctx_clear(&rctx);
	}
	return tx_end(c, rc);
}

/* A room of a listing: its row through a room_ctx (a row_reader). */
static void room_list_row(sqlite3_stmt *s, void *row)
{
	room_ctx rctx;

	memset(&rctx, 0, sizeof(rctx));
	room_row(s, &rctx);
	room_ctx_export(&rctx, row);
}

store_status store_room_list(porte_store *st, const char *site,
                             store_room **out, size_t *n)
{
	static const char all_sql[] =
	        "SELECT r.id, r.site_id, r.slug, r.name, r.kind, r.capacity,"
	        " r.change_counter, s.slug, s.name, s.tz, s.hours, s.domains"
	        " FROM rooms r JOIN sites s ON s.id = r.site_id"
	        " ORDER BY s.slug, r.slug";
	static const char site_sql[] =
	        "SELECT r.id, r.site_id, r.slug, r.name, r.kind, r.capacity,"
	        " r.change_counter, s.slug, s.name, s.tz, s.hours, s.domains"
	        " FROM rooms r JOIN sites s ON s.id = r.site_id"
	        " WHERE s.slug = ?1 ORDER BY r.slug";
	store_conn *c = conn_get(st);
	store_room *list = NULL;
	size_t count = 0;
	sqlite3_stmt *s;
	store_status rc;
	int64_t site_id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	if (site != NULL) {
		rc = conn_site_id(c, site, &site_id);
		if (rc != STORE_OK)
			goto out;
	}
	s = conn_stmt(c, site != NULL ? site_sql : all_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	if (site != NULL)
		bind_text(s, 1, site);
	rc = stmt_rows(c, s, sizeof(*list), STORE_MAX_ROWS, room_list_row,
	               (void **)&list, &count);
	/* The rules of each room, once the listing statement is done. */
	for (size_t i = 0; rc == STORE_OK && i < count; i++) {
		int64_t sid;

		rc = conn_site_id(c, list[i].site, &sid);
		if (rc == STORE_OK)
			rc = load_rules(c, sid, list[i].id, &list[i].rules);
	}
out:
	rc = tx_end(c, rc);
	if (rc != STORE_OK) {
		free(list);
		return rc;
	}
	*out = list;
	*n = count;
	return STORE_OK;
}

store_status store_room_counter(porte_store *st, const char *room,
                                int64_t *counter)
{
	static const char sql[] =
	        "SELECT change_counter FROM rooms WHERE slug = ?1";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;
	int step;

	if (c == NULL)
		return STORE_ERROR;
	if (room == NULL || !store_slug_ok(room))
		return conn_fail(c, STORE_NOT_FOUND, "no such room");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, room);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*counter = sqlite3_column_int64(s, 0);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no room '%s'", room);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

/* A row_reader (ROW: a store_site), zeroing it first. */
static void site_row(sqlite3_stmt *s, void *row)
{
	store_site *out = row;

	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, out->slug, sizeof(out->slug));
	col_text(s, 2, out->name, sizeof(out->name));
	col_text(s, 3, out->tz, sizeof(out->tz));
	col_text(s, 4, out->hours, sizeof(out->hours));
	col_text(s, 5, out->domains, sizeof(out->domains));
}

store_status store_site_get(porte_store *st, const char *slug, store_site *out)
{
	static const char sql[] =
	        "SELECT id, slug, name, tz, hours, domains FROM sites"
	        " WHERE slug = ?1";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;
	int step;

	if (c == NULL)
		return STORE_ERROR;
	if (slug == NULL || !store_slug_ok(slug))
		return conn_fail(c, STORE_NOT_FOUND, "no such site");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, slug);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		site_row(s, out);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no site '%s'", slug);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

store_status store_site_list(porte_store *st, store_site **out, size_t *n)
{
	static const char sql[] =
	        "SELECT id, slug, name, tz, hours, domains FROM sites"
	        " ORDER BY slug";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	return stmt_rows(c, s, sizeof(**out), STORE_MAX_ROWS, site_row,
	                 (void **)out, n);
}

static void rule_row(sqlite3_stmt *s, void *row)
{
	store_rule *r = row;

	col_text(s, 0, r->name, sizeof(r->name));
	col_text(s, 1, r->value, sizeof(r->value));
}

store_status store_rule_list(porte_store *st, store_scope scope,
                             const char *target, store_rule **out, size_t *n)
{
	static const char site_sql[] = "SELECT name, value FROM rules WHERE "
	                               "site_id = ?1 ORDER BY name";
	static const char room_sql[] = "SELECT name, value FROM rules WHERE "
	                               "room_id = ?1 ORDER BY name";
	store_conn *c = conn_get(st);
	store_rule *list = NULL;
	size_t count = 0;
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	if (scope == STORE_SCOPE_SITE)
		rc = conn_site_id(c, target, &id);
	else
		rc = conn_room_id(c, target, &id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, scope == STORE_SCOPE_SITE ? site_sql : room_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = stmt_rows(c, s, sizeof(*list), STORE_MAX_ROWS, rule_row,
	               (void **)&list, &count);
	for (size_t i = 0; i < count; i++) {
		list[i].scope = scope;
		copy_str(list[i].target, sizeof(list[i].target), target);
	}
out:
	rc = tx_end(c, rc);
	if (rc != STORE_OK) {
		free(list);
		return rc;
	}
	*out = list;
	*n = count;
	return STORE_OK;
}

/* Reads the booking columns shared by schedules and calendars. */
static void slot_row(sqlite3_stmt *s, store_view view, store_slot *out)
{
	booking_status status;
	char email[STORE_EMAIL_MAX + 1];

	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(s, 0);
	out->b.start = sqlite3_column_int64(s, 1);
	out->b.end = sqlite3_column_int64(s, 2);
	if (booking_status_parse(col_str(s, 3), &status) != 0)
		status = BOOKING_CANCELLED;
	out->b.status = status;
	col_text(s, 4, out->title, sizeof(out->title));
	col_text(s, 5, email, sizeof(email));
	out->b.created_at = sqlite3_column_int64(s, 7);
	out->b.checked_in_at = sqlite3_column_int64(s, 8);
	out->b.closed_at = sqlite3_column_int64(s, 9);
	out->walk_in = sqlite3_column_int(s, 10) != 0;
	switch (view) {
	case STORE_VIEW_PUBLIC:
		break;
	case STORE_VIEW_DEVICE:
		store_mask_email(email, out->who, sizeof(out->who));
		col_text(s, 6, out->code, sizeof(out->code));
		break;
	case STORE_VIEW_STAFF:
		copy_str(out->who, sizeof(out->who), email);
		col_text(s, 6, out->code, sizeof(out->code));
		break;
	}
}

static void slot_public(sqlite3_stmt *s, void *row)
{
	slot_row(s, STORE_VIEW_PUBLIC, row);
}

static void slot_device(sqlite3_stmt *s, void *row)
{
	slot_row(s, STORE_VIEW_DEVICE, row);
}

static void slot_staff(sqlite3_stmt *s, void *row)
{
	slot_row(s, STORE_VIEW_STAFF, row);
}

/* The row_reader of VIEW's slots. */
static row_reader slot_reader(store_view view)
{
	switch (view) {
	case STORE_VIEW_DEVICE:
		return slot_device;
	case STORE_VIEW_STAFF:
		return slot_staff;
	case STORE_VIEW_PUBLIC:
		break;
	}
	return slot_public;
}

static store_status load_slots(store_conn *c, int64_t room_id, porte_time from,
                               porte_time to, store_view view, store_slot **out,
                               size_t *n)
{
	static const char sql[] =
	        "SELECT id, start_at, end_at, status, title, email,"
	        " checkin_code, created_at, checked_in_at, closed_at, walk_in"
	        " FROM bookings WHERE room_id = ?1 AND start_at < ?3"
	        " AND start_at > ?2 - " /* index range, then the overlap */
	        "172800 AND end_at > ?2 AND status IN " SHOWN_STATUSES
	        " ORDER BY start_at, id";
	sqlite3_stmt *s = conn_stmt(c, sql);

	_Static_assert(LONGEST_BOOKING == 172800, "the SQL bound above");
	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, room_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	return stmt_rows(c, s, sizeof(**out), MAX_DAY_SLOTS, slot_reader(view),
	                 (void **)out, n);
}

static void message_row(sqlite3_stmt *s, void *row)
{
	store_message *m = row;

	m->id = sqlite3_column_int64(s, 0);
	m->from = sqlite3_column_int64(s, 1);
	m->to = sqlite3_column_int64(s, 2);
	col_text(s, 3, m->text, sizeof(m->text));
}

static store_status load_messages(store_conn *c, int64_t site_id,
                                  porte_time from, porte_time to,
                                  store_message **out, size_t *n)
{
	static const char sql[] =
	        "SELECT id, from_at, to_at, text FROM site_messages"
	        " WHERE site_id = ?1 AND to_at > ?2 AND from_at < ?3"
	        " ORDER BY from_at, id LIMIT 1000";
	sqlite3_stmt *s = conn_stmt(c, sql);

	*out = NULL;
	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	return stmt_rows(c, s, sizeof(**out), 1000, message_row, (void **)out,
	                 n);
}

static store_status load_note(store_conn *c, int64_t site_id, cal_date d,
                              char *buf, size_t len)
{
	static const char sql[] =
	        "SELECT note FROM site_dates WHERE site_id = ?1 AND date = ?2";
	sqlite3_stmt *s = conn_stmt(c, sql);
	char date[CAL_DATE_LEN];
	store_status rc = STORE_OK;
	int step;

	buf[0] = '\0';
	if (s == NULL)
		return STORE_ERROR;
	cal_format_date(d, date);
	sqlite3_bind_int64(s, 1, site_id);
	bind_text(s, 2, date);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		col_text(s, 0, buf, len);
	else if (step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

static store_status schedule_fill(store_conn *c, const char *room,
                                  cal_date date, store_view view,
                                  store_schedule *sc)
{
	store_status rc;
	room_ctx rctx;

	rc = room_ctx_load(c, room, 0, true, date, date, &rctx);
	if (rc != STORE_OK)
		return rc;
	room_ctx_export(&rctx, &sc->room);
	sc->date = date;
	sc->counter = rctx.counter;
	if (tz_day_bounds(rctx.tz, date, &sc->day_start, &sc->day_end) != 0) {
		rc = conn_fail(c, STORE_INVALID, "no such date");
		goto out;
	}
	sc->exception = hours_is_exception(rctx.hours, date);
	sc->nspans = hours_spans_on(rctx.hours, rctx.tz, date, sc->span_start,
	                            sc->span_end, HOURS_MAX_SPANS);
	if (sc->exception) {
		rc = load_note(c, rctx.site_id, date, sc->note,
		               sizeof(sc->note));
		if (rc != STORE_OK)
			goto out;
	}
	rc = load_slots(c, rctx.id, sc->day_start, sc->day_end, view,
	                &sc->slots, &sc->nslots);
	if (rc != STORE_OK)
		goto out;
	rc = load_messages(c, rctx.site_id, sc->day_start, sc->day_end,
	                   &sc->messages, &sc->nmessages);
out:
	room_ctx_clear(&rctx);
	return rc;
}

store_status store_schedule_get(porte_store *st, const char *room,
                                cal_date date, store_view view,
                                store_schedule **out)
{
	store_conn *c = conn_get(st);
	store_schedule *sc;
	store_status rc;

	*out = NULL;
	if (c == NULL)
		return STORE_ERROR;
	if (!cal_date_valid(date))
		return conn_fail(c, STORE_INVALID, "no such date");
	sc = calloc(1, sizeof(*sc));
	if (sc == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	rc = tx_begin(c, false);
	if (rc == STORE_OK) {
		rc = schedule_fill(c, room, date, view, sc);
		rc = tx_end(c, rc);
	}
	if (rc != STORE_OK) {
		store_schedule_free(sc);
		return rc;
	}
	*out = sc;
	return STORE_OK;
}

void store_schedule_free(store_schedule *s)
{
	if (s == NULL)
		return;
	free(s->slots);
	free(s->messages);
	free(s);
}

store_status store_slot_list(porte_store *st, const char *room, porte_time from,
                             porte_time to, store_view view, store_slot **out,
                             size_t *n)
{
	store_conn *c = conn_get(st);
	store_status rc;
	int64_t id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	if (to <= from || to - from > MAX_LIST_SPAN)
		return conn_fail(c, STORE_INVALID,
		                 "the period must be at most 31 days");
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = conn_room_id(c, room, &id);
	if (rc == STORE_OK)
		rc = load_slots(c, id, from, to, view, out, n);
	rc = tx_end(c, rc);
	if (rc != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

store_status store_message_list(porte_store *st, const char *site,
                                porte_time from, porte_time to,
                                store_message **out, size_t *n)
{
	store_conn *c = conn_get(st);
	store_status rc;
	int64_t id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	rc = conn_site_id(c, site, &id);
	if (rc != STORE_OK)
		return rc;
	return load_messages(c, id, from, to, out, n);
}

store_status store_site_dates(porte_store *st, const char *site, cal_date from,
                              cal_date to, store_site_date **out, size_t *n)
{
	static const char sql[] =
	        "SELECT date, hours, note FROM site_dates WHERE site_id = ?1"
	        " AND date BETWEEN ?2 AND ?3 ORDER BY date LIMIT 4096";
	char dfrom[CAL_DATE_LEN], dto[CAL_DATE_LEN];
	store_conn *c = conn_get(st);
	store_site_date *list = NULL;
	size_t count = 0, cap = 0;
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;
	int step;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	if (!cal_date_valid(from) || !cal_date_valid(to))
		return conn_fail(c, STORE_INVALID, "no such date");
	rc = conn_site_id(c, site, &id);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	cal_format_date(from, dfrom);
	cal_format_date(to, dto);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, dfrom);
	bind_text(s, 3, dto);
	for (;;) {
		store_site_date *d;

		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		rc = arr_grow(c, (void **)&list, sizeof(*list), count, &cap,
		              4096);
		if (rc != STORE_OK)
			break;
		d = &list[count];
		memset(d, 0, sizeof(*d));
		col_text(s, 1, d->spec, sizeof(d->spec));
		col_text(s, 2, d->note, sizeof(d->note));
		if (cal_parse_date(col_str(s, 0), &d->date) != 0 ||
		    hours_parse_day(d->spec, &d->hours, NULL) != 0)
			continue;
		count++;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	if (rc != STORE_OK) {
		free(list);
		return rc;
	}
	*out = list;
	*n = count;
	return STORE_OK;
}

/*
 * api_schedule.c - GET /api/v1/rooms/{room}/schedule?date=YYYY-MM-DD
 * [&wait=N]: the room's bookings of a local date (today in the site's
 * zone by default), its opening hours and the site's messages
 * (wire_schedule_json).
 *
 * What the caller sees: anyone, no booker at all; the room's own door
 * display, masked names ("J. D."); staff who manage the room's bookings,
 * also each booking's "email" and check-in "code". Nobody else ever sees
 * an e-mail.
 *
 * The ETag is the room's change counter, the date and the view: an
 * If-None-Match that still matches gets 304, or with wait=N (seconds, at
 * most 60; more reads as 60) is held until the room changes (the store's
 * change hook notifies the room's key) or N seconds pass.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api.h"

#define WAIT_MAX_S 60

static char view_letter(store_view v)
{
	return v == STORE_VIEW_STAFF ? 's' : v == STORE_VIEW_DEVICE ? 'd' : 'p';
}

static void make_etag(char *buf, size_t len, int64_t counter, cal_date d,
                      store_view v)
{
	char date[CAL_DATE_LEN];

	cal_format_date(d, date);
	snprintf(buf, len, "%" PRId64 "-%s-%c", counter, date, view_letter(v));
}

/* What REQ's caller may see of ROOM. */
static store_view view_of(http_request *req, porte_app *app, const char *room)
{
	const app_principal *p = app_principal_of(req);

	if (p->kind == APP_DEVICE && strcmp(p->device.room, room) == 0)
		return STORE_VIEW_DEVICE;
	if (p->kind == APP_STAFF &&
	    store_staff_may(app->store, p->session.staff.id,
	                    STORE_PERM_BOOKINGS, NULL, room) == STORE_OK)
		return STORE_VIEW_STAFF;
	return STORE_VIEW_PUBLIC;
}

/* The JSON of schedule S as VIEW sees it, with ETAG. NULL when out of
 * memory. */
static json_t *schedule_json(const store_schedule *s, store_view view,
                             const char *etag)
{
	wire_schedule w;
	wire_booking b;
	json_t *j = NULL, *books;

	wire_schedule_init(&w);
	api_copy_text(w.room, sizeof w.room, s->room.slug);
	w.date = s->date;
	api_copy_text(w.tz, sizeof w.tz, s->room.tz);
	api_copy_text(w.etag, sizeof w.etag, etag);
	for (int i = 0;
	     i < s->nspans && i < HOURS_MAX_SPANS && i < WIRE_MAX_SPANS; i++) {
		w.open[w.nopen].start = s->span_start[i];
		w.open[w.nopen].end = s->span_end[i];
		w.nopen++;
	}
	for (size_t i = 0; i < s->nmessages && i < WIRE_MAX_MESSAGES; i++) {
		w.messages[w.nmessages].from = s->messages[i].from;
		w.messages[w.nmessages].to = s->messages[i].to;
		api_copy_text(w.messages[w.nmessages].text,
		              sizeof w.messages[0].text, s->messages[i].text);
		w.nmessages++;
	}
	for (size_t i = 0; i < s->nslots && i < WIRE_MAX_BOOKINGS; i++) {
		const store_slot *sl = &s->slots[i];

		memset(&b, 0, sizeof b);
		b.id = sl->id;
		b.start = sl->b.start;
		b.end = sl->b.end;
		b.status = sl->b.status;
		b.checked_in_at = sl->b.checked_in_at;
		b.checkin_opens = booking_checkin_opens(&sl->b, &s->room.rules);
		b.release_at = booking_release_deadline(&sl->b, &s->room.rules);
		api_copy_text(b.title, sizeof b.title, sl->title);
		if (view == STORE_VIEW_DEVICE)
			api_copy_text(b.booker, sizeof b.booker, sl->who);
		if (wire_schedule_add(&w, &b) != 0)
			goto out;
	}
	j = wire_schedule_json(&w);
	if (j == NULL || view != STORE_VIEW_STAFF)
		goto out;
	/* Staff: each booking's e-mail and check-in code too. */
	books = json_object_get(j, "bookings");
	for (size_t i = 0; i < json_array_size(books); i++) {
		json_t *o = json_array_get(books, i);

		if (s->slots[i].who[0] != '\0')
			json_object_set_new(o, "email",
			                    json_string(s->slots[i].who));
		if (s->slots[i].code[0] != '\0')
			json_object_set_new(o, "code",
			                    json_string(s->slots[i].code));
	}
out:
	wire_schedule_free(&w);
	return j;
}

/* Reads ?wait= into *WAIT_S (0 when absent). Returns 0, or -1 after
 * replying 400. */
static int wait_of(http_request *req, int *wait_s)
{
	const char *q = http_query(req, "wait");
	char *cause = NULL;
	int64_t v = 0;

	*wait_s = 0;
	if (q == NULL)
		return 0;
	if (wire_parse_int("wait", q, 0, 86400, &v, &cause) != 0)
		return api_bad(req, cause);
	*wait_s = v > WAIT_MAX_S ? WAIT_MAX_S : (int)v;
	return 0;
}

static int route_schedule(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *room = http_param(req, "room");
	const char *qdate = http_query(req, "date");
	store_schedule *s = NULL;
	char etag[WIRE_ETAG_MAX + 1];
	const tz_zone *tz = NULL;
	char *cause = NULL;
	store_view view;
	store_room r;
	int64_t counter = 0;
	store_status rc;
	cal_date date;
	int wait_s = 0;
	json_t *j;

	if (api_no_bad_token(req) != 0 || wait_of(req, &wait_s) != 0)
		return -1;
	if (room == NULL || !store_slug_ok(room))
		return http_reply_error(req, 404, "not_found", "no such room");
	if (qdate != NULL) {
		if (wire_parse_date("date", qdate, &date, &cause) != 0)
			return api_bad(req, cause);
	} else {
		rc = store_room_get(app->store, room, &r);
		if (rc == STORE_OK)
			rc = store_zone(app->store, r.tz, &tz);
		if (rc != STORE_OK)
			return app_reply_store(req, app, rc, RULE_OK);
		date = tz_date_of(tz, app_now(app));
	}
	rc = store_room_counter(app->store, room, &counter);
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	view = view_of(req, app, room);
	make_etag(etag, sizeof etag, counter, date, view);
	http_set_header(req, "Cache-Control", "private, no-cache");
	if (http_etag_matches(req, etag)) {
		http_set_etag(req, etag);
		if (wait_s > 0 && !http_wait_timed_out(req))
			return http_wait(req, room, wait_s * 1000);
		return http_reply_not_modified(req);
	}
	rc = store_schedule_get(app->store, room, date, view, &s);
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	make_etag(etag, sizeof etag, s->counter, date, view);
	j = schedule_json(s, view, etag);
	store_schedule_free(s);
	if (j == NULL)
		return -1;
	http_set_etag(req, etag);
	return http_reply_json(req, 200, j);
}

const http_route api_schedule_route = {"GET", "/api/v1/rooms/{room}/schedule",
                                       route_schedule, 0};

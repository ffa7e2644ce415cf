/*
 * page_ics.c - GET /rooms/{room}.ics: the room's bookings as an
 * iCalendar feed (RFC 5545), for calendar apps to subscribe to.
 *
 * From 14 days before today to 42 days after (the room's local dates).
 * Each booking is one VEVENT with a UID that never changes
 * ("booking-ID@HOST"), DTSTART/DTEND in UTC (an early end shows as the
 * real end), SUMMARY from its title (else "Booked"), STATUS TENTATIVE
 * while pending and CONFIRMED once confirmed, checked in or ended, and
 * DTSTAMP its last change (so the feed is the same from one request to
 * the next until something changes). Released, cancelled and removed
 * bookings are left out: a subscribed feed is replaced whole at each
 * refresh, so they disappear from the calendar, which is what they mean
 * for the room. Never an e-mail or a name.
 *
 * ETag: the room's change counter and today's date; 304 on a match.
 */
#include <stdlib.h>
#include <string.h>

#include "page_int.h"
#include "page_text.h"

#define ICS_DAYS_BEFORE 14
#define ICS_DAYS_AFTER 42
/* store_slot_list reads at most 31 days at once. */
#define ICS_CHUNK_DAYS 28
/* Largest feed, bytes. */
#define ICS_MAX ((size_t)4 * 1024 * 1024)

typedef struct slot_list {
	store_slot *v;
	size_t n;
} slot_list;

static int slot_cmp(const void *a, const void *b)
{
	const store_slot *x = a, *y = b;

	if (x->b.start != y->b.start)
		return x->b.start < y->b.start ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static bool listed(const store_slot *s)
{
	return s->b.status == BOOKING_PENDING ||
	       s->b.status == BOOKING_CONFIRMED ||
	       s->b.status == BOOKING_CHECKED_IN ||
	       s->b.status == BOOKING_ENDED;
}

/* Reads the bookings of ROOM from FROM to TO in chunks the store allows,
 * keeping the listed ones once each, by start. */
static store_status read_slots(porte_store *st, const char *room,
                               const tz_zone *z, cal_date from, cal_date to,
                               slot_list *out)
{
	cal_date d = from;
	store_status rc = STORE_OK;

	while (rc == STORE_OK && cal_date_cmp(d, to) < 0) {
		cal_date e = cal_date_add_days(d, ICS_CHUNK_DAYS);
		porte_time a, b, ignore;
		store_slot *v = NULL;
		size_t n = 0;

		if (cal_date_cmp(e, to) > 0)
			e = to;
		if (tz_day_bounds(z, d, &a, &ignore) != 0 ||
		    tz_day_bounds(z, e, &b, &ignore) != 0)
			return STORE_INVALID;
		rc = store_slot_list(st, room, a, b, STORE_VIEW_PUBLIC, &v, &n);
		if (rc == STORE_OK && n > 0) {
			store_slot *grown =
			        realloc(out->v, (out->n + n) * sizeof(*grown));

			if (grown == NULL) {
				rc = STORE_ERROR;
			} else {
				out->v = grown;
				for (size_t i = 0; i < n; i++) {
					if (listed(&v[i]))
						out->v[out->n++] = v[i];
				}
			}
		}
		free(v);
		d = e;
	}
	if (rc != STORE_OK || out->n == 0)
		return rc;
	qsort(out->v, out->n, sizeof(*out->v), slot_cmp);
	/* A booking across two chunks came twice: once with each. */
	size_t w = 1;
	for (size_t i = 1; i < out->n; i++) {
		if (out->v[i].id != out->v[w - 1].id)
			out->v[w++] = out->v[i];
	}
	out->n = w;
	return STORE_OK;
}

/* The host part of BASE ("https://salles.example.fr:8443/x" ->
 * "salles.example.fr"), for the UIDs; "porte.invalid" without one. */
static void uid_host(const char *base, char *buf, size_t len)
{
	const char *s = strstr(base, "://");
	size_t n = 0;

	s = s != NULL ? s + 3 : base;
	while (s[n] != '\0' && s[n] != '/' && s[n] != ':' && s[n] != '?' &&
	       n + 1 < len)
		n++;
	if (n == 0) {
		snprintf(buf, len, "porte.invalid");
		return;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
}

static porte_time last_change(const booking *b)
{
	porte_time t = b->created_at;

	if (b->checked_in_at > t)
		t = b->checked_in_at;
	if (b->closed_at > t)
		t = b->closed_at;
	return t;
}

static void add_event(strbuf *out, const store_room *room, const store_slot *s,
                      const tz_zone *z, const char *host, const char *base,
                      const char *lang)
{
	char uid[STORE_URL_MAX + 64], t[PAGE_ICS_TIME_LEN];
	char where[STORE_NAME_MAX * 2 + 8];
	char url[STORE_URL_MAX + STORE_SLUG_MAX + 32];
	char day[CAL_DATE_LEN];
	porte_time end = booking_effective_end(&s->b);

	strbuf_adds(out, "BEGIN:VEVENT\r\n");
	snprintf(uid, sizeof(uid), "booking-%lld@%s", (long long)s->id, host);
	page_ics_text(out, "UID", uid);
	page_fmt_ics_time(last_change(&s->b), t);
	page_ics_raw(out, "DTSTAMP", t);
	page_ics_raw(out, "LAST-MODIFIED", t);
	page_fmt_ics_time(s->b.created_at, t);
	page_ics_raw(out, "CREATED", t);
	page_fmt_ics_time(s->b.start, t);
	page_ics_raw(out, "DTSTART", t);
	page_fmt_ics_time(end > s->b.start ? end : s->b.end, t);
	page_ics_raw(out, "DTEND", t);
	page_ics_text(out, "SUMMARY",
	              s->title[0] != '\0' ? s->title
	                                  : page_t(lang, PM_ICS_BOOKED));
	snprintf(where, sizeof(where), "%s, %s", room->name, room->site_name);
	page_ics_text(out, "LOCATION", where);
	page_ics_raw(out, "STATUS",
	             s->b.status == BOOKING_PENDING ? "TENTATIVE"
	                                            : "CONFIRMED");
	page_ics_raw(out, "TRANSP", "OPAQUE");
	if (base[0] != '\0') {
		cal_format_date(tz_date_of(z, s->b.start), day);
		snprintf(url, sizeof(url), "%s/r/%s?date=%s", base, room->slug,
		         day);
		page_ics_raw(out, "URL", url);
	}
	strbuf_adds(out, "END:VEVENT\r\n");
}

static int reply_feed(http_request *req, porte_app *app, const store_room *room,
                      const tz_zone *z, const slot_list *slots,
                      const char *lang)
{
	strbuf out;
	char host[STORE_URL_MAX + 1];
	char name[STORE_NAME_MAX * 2 + 8];
	char disp[STORE_SLUG_MAX + 48];
	char *body;
	size_t len = 0;
	int rc;

	uid_host(app->base_url, host, sizeof(host));
	strbuf_init(&out, ICS_MAX);
	strbuf_adds(&out, "BEGIN:VCALENDAR\r\n");
	page_ics_raw(&out, "VERSION", "2.0");
	page_ics_raw(&out, "PRODID", "-//Porte//Room calendar//EN");
	page_ics_raw(&out, "CALSCALE", "GREGORIAN");
	page_ics_raw(&out, "METHOD", "PUBLISH");
	snprintf(name, sizeof(name), "%s (%s)", room->name, room->site_name);
	page_ics_text(&out, "X-WR-CALNAME", name);
	page_ics_text(&out, "X-WR-TIMEZONE", room->tz);
	page_ics_raw(&out, "REFRESH-INTERVAL;VALUE=DURATION", "PT15M");
	page_ics_raw(&out, "X-PUBLISHED-TTL", "PT15M");
	for (size_t i = 0; i < slots->n; i++)
		add_event(&out, room, &slots->v[i], z, host, app->base_url,
		          lang);
	strbuf_adds(&out, "END:VCALENDAR\r\n");
	body = strbuf_steal(&out, &len);
	if (body == NULL)
		return http_reply_error(req, 500, "internal",
		                        "the calendar could not be built");
	snprintf(disp, sizeof(disp), "inline; filename=\"%s.ics\"", room->slug);
	http_set_header(req, "Content-Disposition", disp);
	http_set_header(req, "Cache-Control", "no-cache");
	http_set_header(req, "Vary", "Accept-Language");
	rc = http_reply_data(req, 200, "text/calendar; charset=utf-8", body,
	                     len);
	free(body);
	return rc;
}

static int route_ics(http_request *req, void *app_)
{
	porte_app *app = app_;
	page p;
	store_room room;
	const tz_zone *z;
	cal_date today;
	slot_list slots = {0};
	char etag[96], day[CAL_DATE_LEN];
	store_status st;
	int rc;

	page_init(&p, req, app);
	page_free(&p); /* only its language and clock are used */
	st = store_room_get(app->store, http_param(req, "room"), &room);
	if (st == STORE_NOT_FOUND || st == STORE_INVALID)
		return page_error(req, app, 404, PM_ERR_NOT_FOUND,
		                  PM_ERR_ROOM_TEXT);
	if (st != STORE_OK)
		return page_store_error(req, app, st);
	z = page_zone(&p, room.tz);
	if (z == NULL)
		return page_store_error(req, app, STORE_ERROR);
	today = tz_date_of(z, p.now);
	cal_format_date(today, day);
	snprintf(etag, sizeof(etag), "ics-%lld-%s-%s", (long long)room.counter,
	         day, p.lang);
	if (http_set_etag(req, etag) != 0)
		return -1;
	if (http_etag_matches(req, etag)) {
		http_set_header(req, "Cache-Control", "no-cache");
		return http_reply_not_modified(req);
	}
	st = read_slots(app->store, room.slug, z,
	                cal_date_add_days(today, -ICS_DAYS_BEFORE),
	                cal_date_add_days(today, ICS_DAYS_AFTER + 1), &slots);
	if (st != STORE_OK) {
		free(slots.v);
		return page_store_error(req, app, st);
	}
	rc = reply_feed(req, app, &room, z, &slots, p.lang);
	free(slots.v);
	return rc;
}

const http_route page_ics_route = {"GET", "/rooms/{room}.ics", route_ics, 0};

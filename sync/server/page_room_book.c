/*
 * page_room_book.c - POST /r/{room}: the booking form of a room's page.
 *
 * Fields: date (the day shown), start (RFC 3339), minutes, title, email.
 * The booking is made as a patron's, through the same store operation as
 * POST /api/v1/bookings, so every rule applies: it is pending until the
 * booker confirms it from the mail. Success: 303 to the room's day with
 * ?booked=1 (what comes next). A refusal: the page again, the form as
 * typed and the rule in words, with the status the API would give.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "page_int.h"

/* The form's minutes, 1..1440, into *OUT. Returns 0, or -1. */
static int parse_minutes(const char *s, int *out)
{
	char *end = NULL;
	long v;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 1440)
		return -1;
	*out = (int)v;
	return 0;
}

/* The form as typed, and what is wrong with it (F->has_error). */
static void read_form(http_request *req, page_room_form *f, porte_time *start)
{
	const char *minutes = http_form(req, "minutes");

	f->start = http_form(req, "start");
	f->title = http_form(req, "title");
	f->email = http_form(req, "email");
	if (f->start == NULL || cal_parse_rfc3339(f->start, start) != 0) {
		f->has_error = true;
		f->error = PM_FORM_BAD_START;
	} else if (parse_minutes(minutes, &f->minutes) != 0) {
		f->has_error = true;
		f->error = PM_FORM_BAD_DURATION;
	} else if (f->title != NULL && f->title[0] != '\0' &&
	           !store_text_ok(f->title, STORE_TITLE_MAX, false)) {
		f->has_error = true;
		f->error = PM_FORM_BAD_TITLE;
	} else if (f->email == NULL || f->email[0] == '\0' ||
	           strlen(f->email) > STORE_EMAIL_MAX) {
		f->has_error = true;
		f->error = PM_FORM_BAD_EMAIL;
	}
}

static int route_room_book(http_request *req, void *app)
{
	page p;
	page_room_form f = {0};
	store_booking_req br = {0};
	store_booking_res res = {0};
	const char *room = http_param(req, "room");
	const char *date = http_form(req, "date");
	porte_time start = 0;
	store_status st;
	char loc[PAGE_URL_MAX];
	char day[CAL_DATE_LEN];
	store_room info;
	const tz_zone *z = NULL;

	page_init(&p, req, app);
	read_form(req, &f, &start);
	if (f.has_error)
		return page_room_reply(&p, room, date, &f, 400);
	br.room = room;
	br.start = start;
	br.end = start + (porte_time)f.minutes * 60;
	br.title = f.title;
	br.email = f.email;
	br.lang = p.lang;
	br.actor = (store_actor){ACTOR_PATRON, 0};
	st = store_booking_create(p.app->store, &br, p.now, &res);
	if (st == STORE_REFUSED) {
		f.rule = res.rule;
		return page_room_reply(&p, room, date, &f,
		                       app_rule_status(res.rule));
	}
	if (st == STORE_FORBIDDEN) {
		f.rule = RULE_INTERNAL_ROOM;
		return page_room_reply(&p, room, date, &f, 403);
	}
	if (st == STORE_INVALID) {
		f.has_error = true;
		f.error = PM_ERR_BAD_REQUEST_TEXT;
		return page_room_reply(&p, room, date, &f, 400);
	}
	if (st != STORE_OK) {
		page_free(&p);
		if (st == STORE_NOT_FOUND)
			return page_error(req, app, 404, PM_ERR_NOT_FOUND,
			                  PM_ERR_ROOM_TEXT);
		return page_store_error(req, app, st);
	}
	/* The day of the booking, in the room's zone. */
	if (store_room_get(p.app->store, room, &info) == STORE_OK)
		z = page_zone(&p, info.tz);
	if (z != NULL)
		cal_format_date(tz_date_of(z, res.start), day);
	else
		cal_format_date(cal_civil_from_days(res.start / 86400), day);
	snprintf(loc, sizeof(loc), "/r/%s?date=%s&booked=1%s%s", room, day,
	         p.lang_forced ? "&lang=" : "", p.lang_forced ? p.lang : "");
	page_free(&p);
	return http_reply_redirect(req, loc);
}

const http_route page_room_book_route = {"POST", "/r/{room}", route_room_book,
                                         0};

/*
 * api_bookings.c - POST /api/v1/bookings: make a booking.
 *
 *   {"room":"g1","start":"2026-11-23T09:00:00Z","end":"...",
 *    "title":"...","email":"jean.dupont@univ.fr","lang":"fr"}
 *
 * A patron (no credential) gives an e-mail: the booking is pending, and
 * its secret token goes only by mail (confirm and cancel links). Staff get
 * it confirmed at once (quotas kept unless "override_quota", with its
 * "reason" when a quota would have refused it), and the
 * reply carries the booker's "token", "confirm_url" and check-in "code" to
 * hand over. With "walk_in":true (staff, or the room's door display) the
 * booking starts now, as the rules allow, checked in. Times are RFC 3339,
 * or local wall times of the room ("2026-11-23T10:00"). Every rule the
 * booking breaks comes back as 422 (409 for an overlap) with its code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static const char *const fields[] = {
        "room",    "start",          "end",    "title", "email", "lang",
        "walk_in", "override_quota", "reason", NULL};

static const char *const langs[] = {"fr", "en", NULL};

/* Reads the request into REQ_OUT (strings borrowed from BODY). Returns 0,
 * or -1 after replying. */
static int read_request(http_request *req, porte_app *app, const json_t *body,
                        store_room *room, store_booking_req *out)
{
	const app_principal *p = app_principal_of(req);
	const char *slug = NULL;
	const tz_zone *tz = NULL;
	char *cause = NULL;
	store_status rc;
	int lang = -1;

	if (wire_get_id(body, "room", WIRE_REQUIRED, &slug, &cause) != 0 ||
	    wire_get_bool(body, "walk_in", WIRE_OPTIONAL, &out->walk_in,
	                  &cause) != 0 ||
	    wire_get_bool(body, "override_quota", WIRE_OPTIONAL,
	                  &out->override_quota, &cause) != 0 ||
	    wire_get_enum(body, "lang", WIRE_OPTIONAL, langs, &lang, &cause) !=
	            0)
		return api_bad(req, cause);
	if (api_get_text(req, body, "title", WIRE_OPTIONAL, STORE_TITLE_MAX,
	                 &out->title) != 0 ||
	    api_get_text(req, body, "email", WIRE_OPTIONAL, STORE_EMAIL_MAX,
	                 &out->email) != 0 ||
	    api_get_text(req, body, "reason", WIRE_OPTIONAL, STORE_TEXT_MAX,
	                 &out->reason) != 0)
		return -1;
	if (!store_slug_ok(slug)) {
		http_reply_error(req, 404, "not_found", "no such room");
		return -1;
	}
	rc = store_room_get(app->store, slug, room);
	if (rc == STORE_OK)
		rc = store_zone(app->store, room->tz, &tz);
	if (rc != STORE_OK) {
		app_reply_store(req, app, rc, RULE_OK);
		return -1;
	}
	out->room = room->slug;
	out->lang = lang >= 0 ? langs[lang] : http_lang(req);
	if (out->walk_in) {
		if (json_object_get(body, "start") != NULL ||
		    json_object_get(body, "end") != NULL)
			return api_bad(req, strdup("a walk-in starts now and "
			                           "ends as the rules allow: "
			                           "no 'start' or 'end'"));
	} else if (api_get_instant(req, body, "start", WIRE_REQUIRED, tz,
	                           &out->start) != 0 ||
	           api_get_instant(req, body, "end", WIRE_REQUIRED, tz,
	                           &out->end) != 0) {
		return -1;
	}
	switch (p->kind) {
	case APP_STAFF:
		out->actor.kind = ACTOR_STAFF;
		out->actor.id = p->session.staff.id;
		break;
	case APP_DEVICE:
		out->actor.kind = ACTOR_DEVICE;
		out->actor.id = p->device.id;
		break;
	default:
		out->actor.kind = ACTOR_PATRON;
		if (out->walk_in || out->override_quota) {
			http_reply_error(
			        req, 403, "forbidden",
			        "only staff or the room's door display "
			        "may do this");
			return -1;
		}
		if (out->email == NULL || out->email[0] == '\0')
			return api_bad(req, strdup("field 'email' is required: "
			                           "the link to confirm the "
			                           "booking goes there"));
		break;
	}
	if (out->override_quota && p->kind != APP_STAFF) {
		http_reply_error(req, 403, "forbidden",
		                 "only staff may override the quotas");
		return -1;
	}
	if (out->email != NULL && out->email[0] == '\0')
		out->email = NULL;
	if (out->title != NULL && out->title[0] == '\0')
		out->title = NULL;
	return 0;
}

static int reply_created(http_request *req, porte_app *app,
                         const store_booking_req *in, const store_room *room,
                         const store_booking_res *res, porte_time now)
{
	char url[STORE_URL_MAX + STORE_TOKEN_LEN + 64];
	char location[64];
	json_t *o = json_object();
	int n;

	if (o == NULL)
		return -1;
	json_object_set_new(o, "id", json_integer(res->id));
	json_object_set_new(o, "status",
	                    json_string(booking_status_name(res->status)));
	json_object_set_new(o, "room", json_string(room->slug));
	api_set_time(o, "start", res->start);
	api_set_time(o, "end", res->end);
	if (in->title != NULL)
		json_object_set_new(o, "title", json_string(in->title));
	if (res->status == BOOKING_PENDING)
		api_set_time(o, "confirm_by",
		             now + (porte_time)room->rules.confirm_within * 60);
	if (in->actor.kind == ACTOR_STAFF && res->token[0] != '\0') {
		json_object_set_new(o, "token", json_string(res->token));
		n = store_booking_url(app->store, res->id, res->token, url,
		                      sizeof url);
		if (n > 0 && (size_t)n < sizeof url)
			json_object_set_new(o, "confirm_url", json_string(url));
	}
	if (in->actor.kind != ACTOR_PATRON && res->code[0] != '\0')
		json_object_set_new(o, "code", json_string(res->code));
	snprintf(location, sizeof location, "/api/v1/bookings/%lld",
	         (long long)res->id);
	http_set_header(req, "Location", location);
	return http_reply_json(req, 201, o);
}

static int route_bookings(http_request *req, void *arg)
{
	porte_app *app = arg;
	store_booking_req in;
	store_booking_res res;
	json_t *body = NULL;
	store_room room;
	store_status rc;
	porte_time now;
	int ret = -1;

	if (api_no_bad_token(req) != 0)
		return -1;
	if (api_body(req, fields, false, &body) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	if (read_request(req, app, body, &room, &in) != 0)
		goto out;
	now = app_now(app);
	memset(&res, 0, sizeof res);
	rc = store_booking_create(app->store, &in, now, &res);
	if (rc != STORE_OK) {
		ret = app_reply_store(req, app, rc, res.rule);
		goto out;
	}
	ret = reply_created(req, app, &in, &room, &res, now);
out:
	json_decref(body);
	return ret;
}

const http_route api_bookings_route = {"POST", "/api/v1/bookings",
                                       route_bookings, 0};

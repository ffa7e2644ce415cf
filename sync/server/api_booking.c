/*
 * api_booking.c - GET /api/v1/bookings/{id}: one booking, for its booker
 * (the booking's token as the bearer), the door display of its room
 * (booker's name masked) or staff who manage its room (with its events).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"

static json_t *events_json(porte_app *app, int64_t id)
{
	store_event *ev = NULL;
	json_t *a = json_array();
	size_t n = 0;

	if (a == NULL ||
	    store_booking_events(app->store, id, &ev, &n) != STORE_OK) {
		json_decref(a);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		if (o == NULL)
			break;
		json_object_set_new(o, "kind", json_string(ev[i].kind));
		json_object_set_new(o, "actor",
		                    json_string(actor_kind_name(ev[i].actor)));
		if (ev[i].actor_id != 0)
			json_object_set_new(o, "actor_id",
			                    json_integer(ev[i].actor_id));
		api_set_time(o, "at", ev[i].at);
		api_set_time(o, "recorded_at", ev[i].recorded_at);
		json_array_append_new(a, o);
	}
	free(ev);
	return a;
}

static int reply_booking(http_request *req, porte_app *app,
                         const store_booking_info *info, store_view view)
{
	json_t *o = json_object();
	wire_booking w;

	if (o == NULL)
		return -1;
	api_wire_booking(&w, info, view == STORE_VIEW_DEVICE);
	json_object_set_new(o, "id", json_integer(info->id));
	json_object_set_new(o, "room", json_string(info->room));
	json_object_set_new(o, "room_name", json_string(info->room_name));
	json_object_set_new(o, "site", json_string(info->site));
	json_object_set_new(o, "tz", json_string(info->tz));
	json_object_set_new(o, "status",
	                    json_string(booking_status_name(info->b.status)));
	api_set_time(o, "start", info->b.start);
	api_set_time(o, "end", info->b.end);
	if (info->title[0] != '\0')
		json_object_set_new(o, "title", json_string(info->title));
	if (view == STORE_VIEW_DEVICE && w.booker[0] != '\0')
		json_object_set_new(o, "booker", json_string(w.booker));
	if (view != STORE_VIEW_DEVICE && info->email[0] != '\0')
		json_object_set_new(o, "email", json_string(info->email));
	if (view != STORE_VIEW_DEVICE && info->code[0] != '\0')
		json_object_set_new(o, "code", json_string(info->code));
	json_object_set_new(o, "walk_in", json_boolean(info->walk_in));
	json_object_set_new(o, "created_by",
	                    json_string(actor_kind_name(info->creator)));
	api_set_time(o, "created_at", info->b.created_at);
	api_set_time(o, "checked_in_at", info->b.checked_in_at);
	api_set_time(o, "closed_at", info->b.closed_at);
	api_set_time(o, "checkin_opens", info->checkin_opens);
	api_set_time(o, "release_at", info->release_deadline);
	if (info->b.status == BOOKING_PENDING)
		api_set_time(o, "confirm_by", info->confirm_deadline);
	if (view == STORE_VIEW_STAFF) {
		json_t *ev = events_json(app, info->id);

		if (ev != NULL)
			json_object_set_new(o, "events", ev);
	}
	return http_reply_json(req, 200, o);
}

static int route_booking(http_request *req, void *arg)
{
	porte_app *app = arg;
	const app_principal *p = app_principal_of(req);
	store_booking_info info;
	store_status rc;
	int64_t id = 0;

	if (api_booking_id(req, &id) != 0)
		return -1;
	switch (p->kind) {
	case APP_STAFF:
		rc = store_booking_get(app->store, id, &info);
		if (rc == STORE_OK)
			rc = store_staff_may(app->store, p->session.staff.id,
			                     STORE_PERM_BOOKINGS, NULL,
			                     info.room);
		if (rc != STORE_OK)
			return app_reply_store(req, app, rc, RULE_OK);
		return reply_booking(req, app, &info, STORE_VIEW_STAFF);
	case APP_DEVICE:
		rc = store_booking_get(app->store, id, &info);
		if (rc != STORE_OK)
			return app_reply_store(req, app, rc, RULE_OK);
		if (info.room_id != p->device.room_id)
			return http_reply_error(
			        req, 403, "forbidden",
			        "this booking is another room's");
		return reply_booking(req, app, &info, STORE_VIEW_DEVICE);
	default:
		break;
	}
	if (p->unavailable)
		return api_no_bad_token(req);
	if (p->token[0] == '\0') {
		http_set_header(req, "WWW-Authenticate", "Bearer");
		return http_reply_error(req, 401, "unauthorized",
		                        "this needs the booking's token, the "
		                        "room's door display or a staff "
		                        "session");
	}
	rc = store_booking_auth(app->store, id, p->token, &info);
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	return reply_booking(req, app, &info, STORE_VIEW_PUBLIC);
}

const http_route api_booking_route = {"GET", "/api/v1/bookings/{id}",
                                      route_booking, 0};

/*
 * api_events.c - POST /api/v1/events: a door display's outbox.
 *
 *   {"events":[{"key":UUID,"type":"checkin","booking":12,"at":TIME},...]}
 *   (or the bare array) -> 200 {"results":[{"key","status":"applied"|
 *   "refused","code","message","booking":{...}}]}
 *
 * One result per event, in order. Each event is applied once per (door,
 * key) in its own transaction (store_outbox_apply): a key seen before
 * returns its first result and changes nothing. An event that is bad but
 * has a valid key is refused alone ("bad_request"); a list that is wrong
 * as a whole gets 400. Staff actions (staff_remove, cancel, and an extend
 * with "staff") carry the staff session the door held, checked as of the
 * event's own time, so a PIN session that expired while the door was
 * offline still counts for what was done in it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static void refuse(wire_event_result *r, const char *code, const char *msg)
{
	r->applied = false;
	snprintf(r->code, sizeof r->code, "%s", code);
	snprintf(r->message, sizeof r->message, "%s", msg);
}

/* The staff member of event E's session into *STAFF_ID. Returns 0, or -1
 * with R refused. */
static int event_staff(porte_app *app, const app_principal *p,
                       const wire_event *e, int64_t *staff_id,
                       wire_event_result *r)
{
	store_session s;

	if (e->staff[0] == '\0') {
		refuse(r, "forbidden", "a staff action needs a staff session");
		return -1;
	}
	if (store_session_auth(app->store, e->staff, e->at, &s) != STORE_OK ||
	    (s.device_id != 0 && s.device_id != p->device.id)) {
		refuse(r, "unauthorized",
		       "the staff session was not valid at the event's time");
		return -1;
	}
	*staff_id = s.staff.id;
	return 0;
}

/* Checks the 4-digit code a check-in was made with, when given. Returns
 * 0, or -1 with R refused. */
static int event_code(porte_app *app, const wire_event *e, wire_event_result *r)
{
	store_booking_info info;
	unsigned diff = 0;

	if (e->code[0] == '\0')
		return 0;
	if (store_booking_get(app->store, e->booking, &info) != STORE_OK)
		return 0; /* the store says what is wrong */
	for (size_t i = 0; i < STORE_CHECKIN_CODE_LEN - 1; i++)
		diff |= (unsigned)(info.code[i] ^ e->code[i]);
	if (diff == 0)
		return 0;
	refuse(r, "bad_code", "the check-in code is wrong");
	return -1;
}

/* Event E as the store takes it. Returns 0, or -1 with R refused. */
static int event_in(porte_app *app, const app_principal *p, const wire_event *e,
                    store_event_in *in, wire_event_result *r)
{
	memset(in, 0, sizeof *in);
	in->key = e->key;
	in->booking = e->booking;
	in->at = e->at;
	switch (e->type) {
	case WIRE_EV_CHECKIN:
		in->type = STORE_EV_CHECKIN;
		return event_code(app, e, r);
	case WIRE_EV_WALK_IN:
		in->type = STORE_EV_WALK_IN;
		in->end = e->end;
		return 0;
	case WIRE_EV_END:
		in->type = STORE_EV_END;
		return 0;
	case WIRE_EV_EXTEND:
		in->end = e->new_end;
		if (e->staff[0] == '\0') {
			in->type = STORE_EV_EXTEND;
			return 0;
		}
		in->type = STORE_EV_STAFF_EXTEND;
		return event_staff(app, p, e, &in->staff_id, r);
	case WIRE_EV_RELEASE:
		in->type = STORE_EV_RELEASE;
		return 0;
	case WIRE_EV_STAFF_REMOVE:
		in->type = STORE_EV_STAFF_REMOVE;
		in->reason = e->reason;
		return event_staff(app, p, e, &in->staff_id, r);
	case WIRE_EV_CANCEL:
		in->type = STORE_EV_STAFF_CANCEL;
		return event_staff(app, p, e, &in->staff_id, r);
	default:
		refuse(r, "bad_request", "unknown event type");
		return -1;
	}
}

/* Reads the store's result JSON into R, with the booking as it is now. */
static void read_result(porte_app *app, const app_principal *p,
                        const char *text, wire_event_result *r)
{
	json_t *j = json_loads(text, 0, NULL);
	const json_t *err;
	store_booking_info info;
	int64_t id;

	if (j == NULL) {
		refuse(r, "internal", "the result could not be read");
		return;
	}
	r->applied = json_is_true(json_object_get(j, "ok"));
	err = json_object_get(j, "error");
	if (!r->applied) {
		const char *code =
		        json_string_value(json_object_get(err, "code"));
		const char *msg =
		        json_string_value(json_object_get(err, "message"));

		refuse(r, code != NULL && code[0] != '\0' ? code : "refused",
		       msg != NULL && msg[0] != '\0' ? msg : "refused");
	}
	id = json_integer_value(json_object_get(j, "booking"));
	if (id > 0 && store_booking_get(app->store, id, &info) == STORE_OK &&
	    info.room_id == p->device.room_id) {
		api_wire_booking(&r->booking, &info, true);
		r->has_booking = true;
	}
	json_decref(j);
}

static int route_events(http_request *req, void *arg)
{
	porte_app *app = arg;
	const app_principal *p = app_principal_of(req);
	wire_event_result *results = NULL;
	wire_event *events = NULL;
	size_t len = 0, n = 0;
	const char *body = http_body(req, &len);
	char *cause = NULL, *text;
	porte_time now = app_now(app);
	store_event_in in;
	store_status rc;
	json_t *j;
	int ret = -1;

	j = wire_load(body, len, WIRE_BODY_MAX, &cause);
	if (j == NULL)
		return api_bad(req, cause);
	if (json_is_object(j) &&
	    wire_check_fields(j, (const char *const[]){"events", NULL},
	                      &cause) != 0) {
		json_decref(j);
		return api_bad(req, cause);
	}
	if (wire_events_parse(j, &events, &n, &cause) != 0) {
		json_decref(j);
		return api_bad(req, cause);
	}
	json_decref(j);
	results = calloc(n > 0 ? n : 1, sizeof *results);
	if (results == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		wire_event_result *r = &results[i];

		memcpy(r->key, events[i].key, sizeof r->key);
		if (events[i].bad) {
			refuse(r, "bad_request", events[i].error);
			continue;
		}
		if (event_in(app, p, &events[i], &in, r) != 0)
			continue;
		text = NULL;
		rc = store_outbox_apply(app->store, p->device.id, &in, now,
		                        &text, NULL);
		if (rc == STORE_INVALID) {
			refuse(r, "bad_request", store_errmsg(app->store));
			continue;
		}
		if (rc != STORE_OK) {
			/* Nothing after this one is applied; what was is
			 * kept, and its key answers the same next time. */
			ret = app_reply_store(req, app, rc, RULE_OK);
			goto out;
		}
		read_result(app, p, text, r);
		free(text);
	}
	j = wire_results_json(results, n);
	if (j != NULL)
		ret = http_reply_json(req, 200, j);
out:
	free(results);
	free(events);
	return ret;
}

const http_route api_events_route = {"POST", "/api/v1/events", route_events,
                                     APP_ROLE_DEVICE};

/*
 * api_act.c - POST /api/v1/bookings/{id}/ACTION, shared by api_confirm.c,
 * api_checkin.c, api_cancel.c, api_end.c, api_extend.c and api_remove.c.
 *
 * Who acts: a staff session (its scope is the store's to judge), the door
 * display of the booking's room, or the booker with the booking's own
 * token as the bearer. A booker's check-in also needs the door proof from
 * the QR code (body "door" or ?door=); at the door the booking's 4-digit
 * code with the proof stands for the token.
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* Longest door proof or check-in code taken from a request. */
#define PROOF_MAX 32

static const char *const confirm_fields[] = {NULL};
static const char *const checkin_fields[] = {"door", "code", NULL};
static const char *const end_fields[] = {NULL};
static const char *const extend_fields[] = {"end", NULL};
static const char *const cancel_fields[] = {"reason", NULL};
static const char *const remove_fields[] = {"reason", NULL};

static const char *const *fields_of(booking_action_kind kind)
{
	switch (kind) {
	case BOOKING_CONFIRM:
		return confirm_fields;
	case BOOKING_CHECKIN:
		return checkin_fields;
	case BOOKING_EXTEND:
		return extend_fields;
	case BOOKING_CANCEL:
		return cancel_fields;
	case BOOKING_REMOVE:
		return remove_fields;
	default:
		return end_fields;
	}
}

/* The door proof: the body's "door", else ?door=. Returns 0, or -1 after
 * replying 400. */
static int door_proof(http_request *req, const json_t *body, const char **out)
{
	const char *q = http_query(req, "door");
	const char *b = NULL;
	char *cause = NULL;

	if (api_get_text(req, body, "door", WIRE_NONEMPTY, PROOF_MAX, &b) != 0)
		return -1;
	if (b == NULL && q != NULL) {
		if (wire_check_text("door", q, PROOF_MAX, WIRE_NONEMPTY,
		                    &cause) != 0)
			return api_bad(req, cause);
		b = q;
	}
	*out = b;
	return 0;
}

/* Fills ACT's actor from the caller. Returns 0, or -1 after replying
 * 401. */
static int act_actor(http_request *req, store_act *act)
{
	const app_principal *p = app_principal_of(req);

	switch (p->kind) {
	case APP_STAFF:
		act->actor.kind = ACTOR_STAFF;
		act->actor.id = p->session.staff.id;
		return 0;
	case APP_DEVICE:
		act->actor.kind = ACTOR_DEVICE;
		act->actor.id = p->device.id;
		return 0;
	default:
		break;
	}
	if (p->unavailable)
		return api_no_bad_token(req);
	act->actor.kind = ACTOR_PATRON;
	act->actor.id = 0;
	if (p->bad_token && p->token[0] != '\0') {
		act->token = p->token;
		return 0;
	}
	if (p->bad_token) {
		http_set_header(req, "WWW-Authenticate", "Bearer");
		http_reply_error(req, 401, "unauthorized",
		                 "the credential is not valid");
		return -1;
	}
	if (act->kind == BOOKING_CHECKIN && act->code != NULL)
		return 0;
	http_set_header(req, "WWW-Authenticate", "Bearer");
	http_reply_error(req, 401, "unauthorized",
	                 "this needs the booking's token, the room's door "
	                 "display or a staff session");
	return -1;
}

/* Reads what KIND takes from BODY into ACT. Returns 0, or -1 after
 * replying. */
static int act_fields(http_request *req, porte_app *app, int64_t id,
                      const json_t *body, store_act *act)
{
	store_booking_info info;
	const tz_zone *tz = NULL;
	const char *text = NULL;
	char *cause = NULL;
	store_status rc;

	switch (act->kind) {
	case BOOKING_CHECKIN:
		return door_proof(req, body, &act->proof);
	case BOOKING_CANCEL:
	case BOOKING_REMOVE:
		if (api_get_text(req, body, "reason", WIRE_NEWLINES,
		                 STORE_TEXT_MAX, &text) != 0)
			return -1;
		act->reason = text;
		return 0;
	case BOOKING_EXTEND:
		if (json_object_get(body, "end") == NULL) {
			cause = strdup("field 'end' is required: the new end");
			return api_bad(req, cause);
		}
		/* A local time reads in the booking's zone. */
		rc = store_booking_get(app->store, id, &info);
		if (rc != STORE_OK) {
			app_reply_store(req, app, rc, RULE_OK);
			return -1;
		}
		rc = store_zone(app->store, info.tz, &tz);
		if (rc != STORE_OK) {
			app_reply_store(req, app, rc, RULE_OK);
			return -1;
		}
		return api_get_instant(req, body, "end", WIRE_REQUIRED, tz,
		                       &act->new_end);
	default:
		return 0;
	}
}

int api_act(http_request *req, porte_app *app, booking_action_kind kind)
{
	store_booking_res res;
	store_status rc;
	json_t *body = NULL;
	store_act act;
	int64_t id = 0;
	int ret = -1;

	if (api_booking_id(req, &id) != 0)
		return -1;
	if (api_body(req, fields_of(kind), true, &body) != 0)
		return -1;
	memset(&act, 0, sizeof act);
	act.kind = kind;
	/* The caller first: a stranger learns nothing of the booking. */
	if (kind == BOOKING_CHECKIN &&
	    api_get_text(req, body, "code", WIRE_NONEMPTY,
	                 STORE_CHECKIN_CODE_LEN - 1, &act.code) != 0)
		goto out;
	if (act_actor(req, &act) != 0)
		goto out;
	if (act_fields(req, app, id, body, &act) != 0)
		goto out;
	if (act.actor.kind == ACTOR_PATRON && act.token != NULL &&
	    act.code != NULL)
		act.code = NULL; /* the token says more than the code */
	rc = store_booking_act(app->store, id, &act, app_now(app), &res);
	if (rc != STORE_OK) {
		ret = app_reply_store(req, app, rc, res.rule);
		goto out;
	}
	ret = api_reply_result(req, 200, &res, NULL);
out:
	json_decref(body);
	return ret;
}

/*
 * page_booking_act.c - POST /b/{id}: the buttons of a booking's page.
 *
 * Fields: action (confirm, cancel, checkin); t, the booker's token; door,
 * the door's proof; code, the 4-digit check-in code (with door, in place
 * of the token). The store judges every one of them (store_booking_act):
 * a patron's check-in needs a fresh door proof, and the code stands for
 * the token only at check-in. Done: 303 back to the page with ?done=.
 * Refused: the page again with the reason in words, with the status the
 * API would give. A token that is not the booking's: 403.
 */
#include <string.h>

#include "page_int.h"

static int parse_action(const char *s, booking_action_kind *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "confirm") == 0)
		*out = BOOKING_CONFIRM;
	else if (strcmp(s, "cancel") == 0)
		*out = BOOKING_CANCEL;
	else if (strcmp(s, "checkin") == 0)
		*out = BOOKING_CHECKIN;
	else
		return -1;
	return 0;
}

static const char *action_name(booking_action_kind k)
{
	switch (k) {
	case BOOKING_CONFIRM:
		return "confirm";
	case BOOKING_CANCEL:
		return "cancel";
	default:
		return "checkin";
	}
}

static bool code_ok(const char *s)
{
	if (s == NULL || strlen(s) != 4)
		return false;
	for (size_t i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/* The message for a refused credential, from the store's reason. */
static page_msg why_unauthorized(porte_store *st, bool token)
{
	const char *why = store_errmsg(st);

	if (strstr(why, "expired") != NULL)
		return PM_ACT_PROOF_EXPIRED;
	if (strstr(why, "too many") != NULL)
		return PM_ACT_TOO_MANY;
	if (token && strstr(why, "at the door") != NULL)
		return PM_ACT_AT_DOOR;
	return token ? PM_ERR_LINK_TEXT : PM_ACT_BAD_CODE;
}

static int redirect_done(page *p, const page_booking_view *v,
                         booking_action_kind k)
{
	char loc[PAGE_URL_MAX];
	http_request *req = p->req;

	if (v->token != NULL)
		snprintf(loc, sizeof(loc), "/b/%lld?t=%s&done=%s%s%s",
		         (long long)v->id, v->token, action_name(k),
		         p->lang_forced ? "&lang=" : "",
		         p->lang_forced ? p->lang : "");
	else
		snprintf(loc, sizeof(loc), "/b/%lld?door=%s&done=%s%s%s",
		         (long long)v->id, v->door, action_name(k),
		         p->lang_forced ? "&lang=" : "",
		         p->lang_forced ? p->lang : "");
	page_free(p);
	return http_reply_redirect(req, loc);
}

static int route_booking_act(http_request *req, void *app)
{
	page p;
	page_booking_view v = {0};
	store_act act = {0};
	store_booking_res res = {0};
	const char *code = http_form(req, "code");
	store_status st;

	if (page_parse_id(http_param(req, "id"), &v.id) != 0)
		return page_error(req, app, 404, PM_ERR_NOT_FOUND,
		                  PM_ERR_BOOKING_TEXT);
	if (parse_action(http_form(req, "action"), &act.kind) != 0)
		return page_error(req, app, 400, PM_ERR_BAD_REQUEST,
		                  PM_ERR_BAD_REQUEST_TEXT);
	page_init(&p, req, app);
	v.token = http_form(req, "t");
	v.door = http_form(req, "door");
	if (v.token != NULL && v.token[0] == '\0')
		v.token = NULL;
	if (v.door != NULL && !page_proof_ok(v.door))
		v.door = v.token != NULL ? NULL : v.door;
	if (v.token != NULL && !page_token_ok(v.token, STORE_TOKEN_LEN)) {
		page_free(&p);
		return page_error(req, app, 403, PM_ERR_LINK, PM_ERR_LINK_TEXT);
	}
	if (v.token == NULL) {
		/* The door's way: the code and the proof, to check in. */
		if (act.kind != BOOKING_CHECKIN || v.door == NULL ||
		    !page_proof_ok(v.door)) {
			page_free(&p);
			return page_error(req, app, 403, PM_ERR_LINK,
			                  v.door != NULL ? PM_ERR_DOOR_TEXT
			                                 : PM_ERR_LINK_TEXT);
		}
		if (!code_ok(code)) {
			v.has_error = true;
			v.error = PM_ACT_CODE_FORMAT;
			return page_booking_reply(&p, &v, 400);
		}
	}
	act.actor = (store_actor){ACTOR_PATRON, 0};
	act.token = v.token;
	act.proof = v.door;
	act.code = v.token == NULL ? code : NULL;
	st = store_booking_act(p.app->store, v.id, &act, p.now, &res);
	switch (st) {
	case STORE_OK:
		return redirect_done(&p, &v, act.kind);
	case STORE_REFUSED:
		v.rule = res.rule;
		return page_booking_reply(&p, &v, app_rule_status(res.rule));
	case STORE_UNAUTHORIZED:
	case STORE_FORBIDDEN:
		v.has_error = true;
		v.error = why_unauthorized(p.app->store, v.token != NULL);
		if (v.token != NULL && v.error == PM_ERR_LINK_TEXT) {
			/* Not this booking's token: nothing to show. */
			page_free(&p);
			return page_error(req, app, 403, PM_ERR_LINK,
			                  PM_ERR_LINK_TEXT);
		}
		return page_booking_reply(&p, &v, 403);
	case STORE_NOT_FOUND:
		page_free(&p);
		return page_error(req, app, 404, PM_ERR_NOT_FOUND,
		                  PM_ERR_BOOKING_TEXT);
	default:
		page_free(&p);
		return page_store_error(req, app, st);
	}
}

const http_route page_booking_act_route = {"POST", "/b/{id}", route_booking_act,
                                           0};

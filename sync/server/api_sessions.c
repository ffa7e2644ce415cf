/*
 * api_sessions.c - POST /api/v1/sessions: a staff session.
 *
 *   {"email":"...","password":"..."}  -> 201 {"token","expires_at","staff"}
 *   {"pin":"123456"} from a door display (its token as the bearer): a
 *   session bound to that door, valid 15 minutes.
 *
 * Wrong credentials get 401 (the same answer for an unknown e-mail and a
 * wrong password); PIN entry at a door is locked for a growing time after
 * 5 wrong PINs: 429 with Retry-After.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

static const char *const fields[] = {"email", "password", "pin", NULL};

static int reply_session(http_request *req, const char *token,
                         const store_session *s)
{
	json_t *o = json_object(), *staff = json_object();

	if (o == NULL || staff == NULL) {
		json_decref(o);
		json_decref(staff);
		return -1;
	}
	json_object_set_new(staff, "id", json_integer(s->staff.id));
	json_object_set_new(staff, "email", json_string(s->staff.email));
	json_object_set_new(staff, "name", json_string(s->staff.name));
	json_object_set_new(staff, "role",
	                    json_string(store_role_name(s->staff.role)));
	if (s->staff.site[0] != '\0')
		json_object_set_new(staff, "site", json_string(s->staff.site));
	json_object_set_new(o, "token", json_string(token));
	api_set_time(o, "expires_at", s->expires_at);
	json_object_set_new(o, "staff", staff);
	http_set_header(req, "Cache-Control", "no-store");
	return http_reply_json(req, 201, o);
}

static int pin_login(http_request *req, porte_app *app, const char *pin)
{
	const app_principal *p = app_principal_of(req);
	char token[STORE_TOKEN_LEN], msg[160], retry[32];
	porte_time now = app_now(app), until = 0;
	store_session s;
	store_status rc;

	if (p->kind != APP_DEVICE) {
		http_set_header(req, "WWW-Authenticate", "Bearer");
		return http_reply_error(req, 401, "unauthorized",
		                        "a PIN is taken only from a door "
		                        "display (its token as the bearer)");
	}
	rc = store_login_pin(app->store, p->device.id, pin, now, token, &s,
	                     &until);
	if (rc == STORE_LOCKED) {
		char when[CAL_RFC3339_LEN];

		cal_format_rfc3339(until, when);
		snprintf(retry, sizeof retry, "%lld",
		         (long long)(until > now ? until - now : 1));
		http_set_header(req, "Retry-After", retry);
		snprintf(msg, sizeof msg,
		         "too many wrong PINs at this door: try again after %s",
		         when);
		return http_reply_error(req, 429, "locked", msg);
	}
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	return reply_session(req, token, &s);
}

static int route_sessions(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *email = NULL, *password = NULL, *pin = NULL;
	char token[STORE_TOKEN_LEN];
	store_session s;
	json_t *body = NULL;
	store_status rc;
	int ret = -1;

	if (api_body(req, fields, false, &body) != 0)
		return -1;
	if (api_get_text(req, body, "email", WIRE_NONEMPTY, STORE_EMAIL_MAX,
	                 &email) != 0 ||
	    api_get_text(req, body, "password", WIRE_NONEMPTY,
	                 STORE_PASSWORD_MAX, &password) != 0 ||
	    api_get_text(req, body, "pin", WIRE_NONEMPTY, STORE_PIN_MAX,
	                 &pin) != 0)
		goto out;
	if (pin != NULL && email == NULL && password == NULL) {
		ret = pin_login(req, app, pin);
		goto out;
	}
	if (pin != NULL || email == NULL || password == NULL) {
		ret = api_bad(req, strdup("give either 'email' and "
		                          "'password', or 'pin' (from a "
		                          "door display)"));
		goto out;
	}
	rc = store_login_password(app->store, email, password, app_now(app),
	                          token, &s);
	if (rc != STORE_OK) {
		ret = app_reply_store(req, app, rc, RULE_OK);
		goto out;
	}
	ret = reply_session(req, token, &s);
out:
	json_decref(body);
	return ret;
}

const http_route api_sessions_route = {"POST", "/api/v1/sessions",
                                       route_sessions, 0};

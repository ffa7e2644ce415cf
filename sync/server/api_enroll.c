/*
 * api_enroll.c - POST /api/v1/devices/enroll {"code":"ABCD-EFGH-JKMN-PQRS",
 * "name":"..."}: a new door display trades its one-time enrolment code
 * (from porte-admin) for its token: 201 {"token","room","device"}. The
 * token is shown once; an unknown, used or expired code gets 401.
 */
#include "api.h"

static const char *const fields[] = {"code", "name", NULL};

static int route_enroll(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *code = NULL, *name = NULL;
	char token[STORE_TOKEN_LEN];
	store_device dev;
	json_t *body = NULL, *o;
	store_status rc;
	int ret = -1;

	if (api_body(req, fields, false, &body) != 0)
		return -1;
	if (api_get_text(req, body, "code", WIRE_REQUIRED | WIRE_NONEMPTY, 64,
	                 &code) != 0 ||
	    api_get_text(req, body, "name", WIRE_NONEMPTY, STORE_NAME_MAX,
	                 &name) != 0)
		goto out;
	rc = store_device_enroll(app->store, code, name, app_now(app), token,
	                         &dev);
	if (rc != STORE_OK) {
		ret = app_reply_store(req, app, rc, RULE_OK);
		goto out;
	}
	o = json_object();
	if (o == NULL)
		goto out;
	json_object_set_new(o, "token", json_string(token));
	json_object_set_new(o, "room", json_string(dev.room));
	json_object_set_new(o, "device", json_integer(dev.id));
	http_set_header(req, "Cache-Control", "no-store");
	ret = http_reply_json(req, 201, o);
out:
	json_decref(body);
	return ret;
}

const http_route api_enroll_route = {"POST", "/api/v1/devices/enroll",
                                     route_enroll, 0};

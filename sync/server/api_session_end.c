/*
 * api_session_end.c - DELETE /api/v1/sessions: ends the caller's staff
 * session (its token as the bearer, or the web pages' cookie).
 */
#include "api.h"

static int route_session_end(http_request *req, void *arg)
{
	porte_app *app = arg;
	const app_principal *p = app_principal_of(req);
	store_status rc;
	json_t *o;

	rc = store_session_end(app->store, p->token);
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	o = json_pack("{s:b}", "ended", 1);
	if (o == NULL)
		return -1;
	return http_reply_json(req, 200, o);
}

const http_route api_session_end_route = {"DELETE", "/api/v1/sessions",
                                          route_session_end, APP_ROLE_STAFF};

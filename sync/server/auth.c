/*
 * auth.c - who is calling: the auth hook of the HTTP layer.
 *
 * The credential is the bearer token (Authorization: Bearer ...), or else
 * the web pages' session cookie. A device's token is tried first (doors
 * poll most), then a staff session's. A token that is neither may be a
 * booking's own token: the principal says so (bad_token) and the booking
 * routes check it against the booking.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "wire.h"

/* The kiosk's software version, sent as X-Porte-Version: printable
 * ASCII, at most STORE_VERSION_MAX bytes; else NULL. */
static const char *device_version(http_request *req)
{
	const char *v = http_header(req, "X-Porte-Version");

	if (v == NULL || v[0] == '\0' || strlen(v) > STORE_VERSION_MAX)
		return NULL;
	for (const char *p = v; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e)
			return NULL;
	}
	return v;
}

/* Checks TOKEN as a device's, then a staff session's, into P. Returns the
 * role bits (0 for neither). */
static unsigned check_token(http_request *req, porte_app *app,
                            const char *token, app_principal *p)
{
	porte_time now = app_now(app);
	store_status rc;

	rc = store_device_auth(app->store, token, device_version(req), now,
	                       &p->device);
	if (rc == STORE_OK) {
		p->kind = APP_DEVICE;
		return APP_ROLE_DEVICE;
	}
	if (rc == STORE_UNAUTHORIZED) {
		rc = store_session_auth(app->store, token, now, &p->session);
		if (rc == STORE_OK) {
			p->kind = APP_STAFF;
			return app_role_bit(p->session.staff.role);
		}
	}
	if (rc == STORE_ERROR) {
		p->unavailable = true;
		fprintf(stderr, "porte-server: auth: %s\n",
		        store_errmsg(app->store));
	}
	return 0;
}

unsigned app_auth(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *token = http_bearer(req);
	bool cookie = false;
	app_principal *p;
	unsigned roles = 0;

	if (token == NULL && http_header(req, "Authorization") != NULL)
		token = ""; /* a credential we cannot read is a bad one */
	if (token == NULL) {
		token = http_cookie(req, APP_SESSION_COOKIE);
		cookie = true;
	}
	if (token == NULL)
		return 0;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return 0;
	p->kind = APP_NOBODY;
	/* Unreadable, or longer than any token of ours: nobody's. */
	if (token[0] != '\0' && strlen(token) < sizeof p->token) {
		memcpy(p->token, token, strlen(token) + 1);
		roles = check_token(req, app, token, p);
	}
	/* A bad bearer token is refused (or may be a booking's); a stale
	 * cookie just leaves the caller anonymous. */
	if (p->kind == APP_NOBODY && !p->unavailable && cookie) {
		free(p);
		return 0;
	}
	p->bad_token = p->kind == APP_NOBODY;
	http_set_principal(req, p, free);
	return roles;
}

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

unsigned app_auth(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *token = http_bearer(req);
	app_principal *p;
	unsigned roles = 0;
	porte_time now;
	store_status rc;

	if (token == NULL)
		token = http_cookie(req, APP_SESSION_COOKIE);
	if (token == NULL || token[0] == '\0')
		return 0;
	p = calloc(1, sizeof *p);
	if (p == NULL)
		return 0;
	p->kind = APP_NOBODY;
	p->bad_token = true;
	if (strlen(token) < sizeof p->token) {
		memcpy(p->token, token, strlen(token) + 1);
	} else {
		/* Longer than any token of ours: nobody's. */
		http_set_principal(req, p, free);
		return 0;
	}
	now = app_now(app);
	rc = store_device_auth(app->store, token, device_version(req), now,
	                       &p->device);
	if (rc == STORE_OK) {
		p->kind = APP_DEVICE;
		p->bad_token = false;
		roles = APP_ROLE_DEVICE;
	} else if (rc == STORE_UNAUTHORIZED) {
		rc = store_session_auth(app->store, token, now, &p->session);
		if (rc == STORE_OK) {
			p->kind = APP_STAFF;
			p->bad_token = false;
			roles = app_role_bit(p->session.staff.role);
		}
	}
	if (rc == STORE_ERROR)
		p->unavailable = true;
	if (rc == STORE_ERROR)
		fprintf(stderr, "porte-server: auth: %s\n",
		        store_errmsg(app->store));
	http_set_principal(req, p, free);
	return roles;
}

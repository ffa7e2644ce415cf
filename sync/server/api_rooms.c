/*
 * api_rooms.c - GET /api/v1/rooms[?site=SITE]: every room (of SITE) with
 * its rules in force, for anyone: {"rooms":[{"id","name","site","tz",
 * "kind","capacity","rules"}]} (wire_rooms_json).
 */
#include <stdlib.h>
#include <string.h>

#include "api.h"

static int route_rooms(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *site = http_query(req, "site");
	store_room *rooms = NULL;
	wire_room *out = NULL;
	size_t n = 0;
	store_status rc;
	json_t *j;
	int ret = -1;

	if (api_no_bad_token(req) != 0)
		return -1;
	if (site != NULL && !store_slug_ok(site))
		return http_reply_error(req, 404, "not_found", "no such site");
	if (site != NULL) {
		store_site s;

		rc = store_site_get(app->store, site, &s);
		if (rc != STORE_OK)
			return app_reply_store(req, app, rc, RULE_OK);
	}
	rc = store_room_list(app->store, site, &rooms, &n);
	if (rc != STORE_OK)
		return app_reply_store(req, app, rc, RULE_OK);
	if (n > WIRE_MAX_ROOMS)
		n = WIRE_MAX_ROOMS;
	out = calloc(n > 0 ? n : 1, sizeof *out);
	if (out == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		api_copy_text(out[i].id, sizeof out[i].id, rooms[i].slug);
		api_copy_text(out[i].name, sizeof out[i].name, rooms[i].name);
		api_copy_text(out[i].site, sizeof out[i].site,
		              rooms[i].site_name);
		api_copy_text(out[i].tz, sizeof out[i].tz, rooms[i].tz);
		out[i].kind = rooms[i].kind;
		out[i].capacity = rooms[i].capacity;
		out[i].rules = rooms[i].rules;
	}
	j = wire_rooms_json(out, n);
	if (j != NULL)
		ret = http_reply_json(req, 200, j);
out:
	free(out);
	free(rooms);
	return ret;
}

const http_route api_rooms_route = {"GET", "/api/v1/rooms", route_rooms, 0};

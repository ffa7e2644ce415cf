/*
 * page_rooms.c - GET /r: every room, by site, each a link to its day.
 */
#include <stdlib.h>
#include <string.h>

#include "page_int.h"

static page_msg kind_msg(room_kind k)
{
	switch (k) {
	case ROOM_MEETING:
		return PM_KIND_MEETING;
	case ROOM_TRAINING:
		return PM_KIND_TRAINING;
	case ROOM_WORKSHOP:
		return PM_KIND_WORKSHOP;
	default:
		return PM_KIND_GROUP;
	}
}

static void add_room(page *p, const store_room *r)
{
	page_add(p, "<li><a href=\"/r/");
	page_esc(p, r->slug);
	page_lang_query(p, true);
	page_add(p, "\"><span><span class=\"name\">");
	page_esc(p, r->name);
	page_add(p, "</span><span class=\"kind\">");
	page_msg_add(p, kind_msg(r->kind));
	if (r->kind == ROOM_WORKSHOP && r->capacity > 1) {
		char n[16];
		page_var v[1] = {{"n", n}};

		snprintf(n, sizeof(n), "%d", r->capacity);
		page_add(p, " · ");
		page_msg_fill(p, PM_PLACES, v, 1);
	}
	page_add(p, "</span></span><span class=\"go\" aria-hidden=\"true\">"
	            "›</span></a></li>\n");
}

static int route_rooms(http_request *req, void *app)
{
	page p;
	store_room *rooms = NULL;
	size_t n = 0;
	store_status st;
	const char *site = NULL;

	page_init(&p, req, app);
	st = store_room_list(p.app->store, NULL, &rooms, &n);
	if (st != STORE_OK) {
		page_free(&p);
		return page_store_error(req, app, st);
	}
	page_begin(&p, page_tr(&p, PM_ROOMS_TITLE), NULL, "/r", false);
	page_add(&p, "<h1>");
	page_msg_add(&p, PM_ROOMS_TITLE);
	page_add(&p, "</h1>\n<p class=\"lead\">");
	page_msg_add(&p, PM_ROOMS_INTRO);
	page_add(&p, "</p>\n");
	if (n == 0) {
		page_add(&p, "<p>");
		page_msg_add(&p, PM_ROOMS_NONE);
		page_add(&p, "</p>\n");
	}
	for (size_t i = 0; i < n; i++) {
		if (site == NULL || strcmp(site, rooms[i].site) != 0) {
			if (site != NULL)
				page_add(&p, "</ul>\n");
			site = rooms[i].site;
			page_add(&p, "<h2>");
			page_esc(&p, rooms[i].site_name);
			page_add(&p, "</h2>\n<ul class=\"rooms\">\n");
		}
		add_room(&p, &rooms[i]);
	}
	if (site != NULL)
		page_add(&p, "</ul>\n");
	page_end(&p);
	free(rooms);
	return page_send(&p, 200);
}

const http_route page_rooms_route = {"GET", "/r", route_rooms, 0};

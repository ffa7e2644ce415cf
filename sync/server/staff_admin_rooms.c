/*
 * staff_admin_rooms.c - the rooms:
 *
 *   GET  /staff/rooms   the rooms the staff member manages (a room admin:
 *                       their site's; training rooms only for their
 *                       referents), with kind, capacity and the rules
 *                       changed from the site's; ?site= narrows to one
 *                       site; for a super-admin, the form that adds a
 *                       room
 *   POST /staff/rooms   adds a room (super-admins only): id, site, name,
 *                       kind, capacity; 303 to its page, or this page
 *                       again with the reason (422, 409 an id taken)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

typedef struct room_form {
	const char *slug, *site, *name, *kind, *capacity;
} room_form;

static const adm_done done_words[] = {
        {NULL, NULL, NULL},
};

static size_t count_overrides(page *p, const char *room)
{
	store_rule *r = NULL;
	size_t n = 0;

	if (store_rule_list(p->app->store, STORE_SCOPE_ROOM, room, &r, &n) !=
	    STORE_OK)
		n = 0;
	free(r);
	return n;
}

static void room_row(page *p, const store_room *r, bool may)
{
	size_t over = count_overrides(p, r->slug);

	page_add(p, "<tr><td>");
	if (may) {
		page_add(p, "<a class=\"adm-strong\" href=\"/staff/rooms/");
		page_esc(p, r->slug);
		page_lang_query(p, true);
		page_add(p, "\">");
		page_esc(p, r->name);
		page_add(p, "</a>");
	} else {
		page_add(p, "<span class=\"adm-strong\">");
		page_esc(p, r->name);
		page_add(p, "</span>");
	}
	page_add(p, "<br><span class=\"muted mono\">");
	page_esc(p, r->slug);
	page_add(p, "</span></td><td>");
	page_esc(p, r->site_name);
	page_add(p, "</td><td><span class=\"sbadge adm-kind\">");
	page_esc(p, adm_kind_word(p, r->kind));
	page_add(p, "</span></td><td class=\"num\"><span class=\"adm-lbl\">");
	staff_t(p, "Capacité : ", "Capacity: ");
	page_addf(p, "</span>%d</td><td class=\"num\"><span class=\"adm-lbl\">",
	          r->capacity);
	staff_t(p, "Durée max. : ", "Max. length: ");
	page_addf(p, "</span>%d min</td><td>", r->rules.max_duration);
	if (over > 0)
		page_addf(p, "%zu %s", over,
		          staff_l(p,
		                  over > 1 ? "règles propres" : "règle propre",
		                  over > 1 ? "own rules" : "own rule"));
	else
		staff_t(p, "celles du site", "the site's");
	if (!may) {
		page_add(p, "<br><span class=\"muted\">");
		staff_t(p, "géré par ses référents",
		        "managed by its referents");
		page_add(p, "</span>");
	}
	page_add(p, "</td></tr>\n");
}

static void rooms_table(page *p, const char *site)
{
	const char *mine = staff_me(p)->site;
	store_room *rooms = NULL;
	size_t n = 0;

	if (mine[0] != '\0')
		site = mine;
	if (store_room_list(p->app->store, site, &rooms, &n) != STORE_OK)
		n = 0;
	page_add(p,
	         "<div class=\"stable-wrap\"><table class=\"stable adm-stack\">"
	         "<thead><tr><th>");
	staff_t(p, "Salle", "Room");
	page_add(p, "</th><th>");
	staff_t(p, "Site", "Site");
	page_add(p, "</th><th>");
	staff_t(p, "Type", "Kind");
	page_add(p, "</th><th class=\"num\">");
	staff_t(p, "Capacité", "Capacity");
	page_add(p, "</th><th class=\"num\">");
	staff_t(p, "Durée max.", "Max. length");
	page_add(p, "</th><th>");
	staff_t(p, "Règles", "Rules");
	page_add(p, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++)
		room_row(p, &rooms[i],
		         store_staff_may(p->app->store, staff_me(p)->id,
		                         STORE_PERM_ROOM_SETTINGS, NULL,
		                         rooms[i].slug) == STORE_OK);
	if (n == 0) {
		page_add(p, "<tr><td colspan=\"6\" class=\"muted\">");
		staff_t(p, "Aucune salle.", "No room.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div>\n");
	free(rooms);
}

static void kind_select(page *p, const char *selected)
{
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Type", "Kind");
	page_add(p, "</span><select name=\"kind\">");
	for (int k = 0; k < ROOM__COUNT; k++) {
		const char *name = room_kind_name((room_kind)k);

		page_addf(p, "<option value=\"%s\"%s>", name,
		          selected != NULL && strcmp(selected, name) == 0
		                  ? " selected"
		                  : "");
		page_esc(p, adm_kind_word(p, (room_kind)k));
		page_add(p, "</option>");
	}
	page_add(p, "</select></label>");
}

static void add_form(page *p, const room_form *f)
{
	page_add(p, "<section class=\"card\" aria-labelledby=\"add-room\">"
	            "<h2 id=\"add-room\">");
	staff_t(p, "Ajouter une salle", "Add a room");
	page_add(p, "</h2><form class=\"sform\" method=\"post\" "
	            "action=\"/staff/rooms");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	adm_input(p, "Identifiant (a-z, 0-9, -)", "Id (a-z, 0-9, -)", "text",
	          "slug", f->slug,
	          "required maxlength=\"64\" pattern=\"[a-z0-9][a-z0-9-]*\" "
	          "autocomplete=\"off\"");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Site", "Site");
	page_add(p, "</span>");
	adm_site_select(p, "site", f->site, NULL, NULL);
	page_add(p, "</label>");
	adm_input(p, "Nom", "Name", "text", "name", f->name,
	          "required maxlength=\"100\"");
	kind_select(p, f->kind);
	adm_input(p, "Capacité (ateliers)", "Capacity (workshops)", "number",
	          "capacity", f->capacity != NULL ? f->capacity : "1",
	          "min=\"1\" max=\"1000\"");
	page_add(p, "<div class=\"field\"><button class=\"btn btn-primary\" "
	            "type=\"submit\">");
	staff_t(p, "Ajouter la salle", "Add the room");
	page_add(p, "</button></div></form></section>\n");
}

static int rooms_reply(page *p, unsigned status, const room_form *f,
                       const char *err_fr, const char *err_en, bool store_too)
{
	static const room_form none = {0};
	const char *site = http_query(p->req, "site");

	if (site != NULL && site[0] == '\0')
		site = NULL;
	staff_begin(p, staff_l(p, "Salles", "Rooms"), STAFF_SEC_ROOMS,
	            "/staff/rooms");
	adm_head(
	        p, staff_l(p, "Salles", "Rooms"),
	        "Nom, type, capacité et règles de réservation de chaque salle.",
	        "Each room's name, kind, capacity and booking rules.");
	adm_done_notice(p, done_words);
	if (err_fr != NULL)
		adm_refusal(p, err_fr, err_en, store_too);
	if (staff_me(p)->site[0] == '\0') {
		page_add(p, "<form class=\"adm-filter\" method=\"get\" "
		            "action=\"/staff/rooms\"><label class=\"field\">"
		            "<span class=\"label\">");
		staff_t(p, "Site", "Site");
		page_add(p, "</span>");
		adm_site_select(p, "site", site, "Tous les sites", "All sites");
		page_add(p, "</label>");
		if (p->lang_forced)
			page_addf(p,
			          "<input type=\"hidden\" name=\"lang\" "
			          "value=\"%s\">",
			          p->lang);
		page_add(p, "<button class=\"btn btn-quiet\" type=\"submit\">");
		staff_t(p, "Afficher", "Show");
		page_add(p, "</button></form>");
	}
	rooms_table(p, site);
	if (adm_super(p))
		add_form(p, f != NULL ? f : &none);
	staff_end(p);
	return page_send(p, status);
}

static int route_rooms(http_request *req, void *app)
{
	const char *site = http_query(req, "site");
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_ROOMS) != 0)
		return 0;
	if (site != NULL && site[0] != '\0' &&
	    adm_check(&p, STORE_PERM_SITE_SETTINGS, site, NULL) != 0)
		return 0;
	return rooms_reply(&p, 200, NULL, NULL, NULL, false);
}

/* A decimal 1..1000, or -1. */
static int parse_capacity(const char *s)
{
	char *end = NULL;
	long v;

	if (s == NULL || s[0] == '\0')
		return 1;
	if (s[0] < '0' || s[0] > '9' || strlen(s) > 4)
		return -1;
	v = strtol(s, &end, 10);
	if (end == NULL || *end != '\0' || v < 1 || v > 1000)
		return -1;
	return (int)v;
}

static int route_rooms_add(http_request *req, void *app)
{
	char who[32], path[STORE_SLUG_MAX + 16];
	store_status rc;
	room_kind kind;
	room_form f;
	int cap;
	page p;

	if (adm_post(&p, req, app, STAFF_CAN_ROOMS) != 0)
		return 0;
	if (!adm_super(&p))
		return staff_fail(&p, 403, "Accès refusé", "Not allowed",
		                  "Seul un super-admin ajoute une salle.",
		                  "Only a super-admin adds a room.");
	f = (room_form){adm_field(req, "slug"), adm_field(req, "site"),
	                adm_field(req, "name"), adm_field(req, "kind"),
	                adm_field(req, "capacity")};
	if (f.slug == NULL || !store_slug_ok(f.slug))
		return rooms_reply(
		        &p, 422, &f,
		        "L’identifiant est fait de 1 à 64 lettres "
		        "minuscules, chiffres et tirets.",
		        "The id is 1 to 64 lower-case letters, digits "
		        "and dashes.",
		        false);
	if (f.name == NULL || f.name[0] == '\0')
		return rooms_reply(&p, 422, &f, "Donnez un nom à la salle.",
		                   "Give the room a name.", false);
	if (f.kind == NULL || room_kind_parse(f.kind, &kind) != 0)
		return rooms_reply(&p, 422, &f, "Type de salle inconnu.",
		                   "Unknown room kind.", false);
	cap = parse_capacity(f.capacity);
	if (cap < 0)
		return rooms_reply(
		        &p, 422, &f, "La capacité est un nombre de 1 à 1000.",
		        "The capacity is a number from 1 to 1000.", false);
	rc = store_room_add(p.app->store, staff_who(&p, who, sizeof who),
	                    f.slug, f.site != NULL ? f.site : "", f.name, kind,
	                    cap, p.now);
	if (rc != STORE_OK)
		return rooms_reply(&p, adm_store_status(rc), &f,
		                   "La salle n’a pas été ajoutée :",
		                   "The room was not added:", true);
	snprintf(path, sizeof path, "/staff/rooms/%s", f.slug);
	return adm_redirect(&p, path, "added");
}

const http_route staff_admin_rooms_get = {"GET", "/staff/rooms", route_rooms,
                                          0};
const http_route staff_admin_rooms_post = {"POST", "/staff/rooms",
                                           route_rooms_add, 0};

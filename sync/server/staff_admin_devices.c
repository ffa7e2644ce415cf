/*
 * staff_admin_devices.c - the door displays:
 *
 *   GET  /staff/devices    every door display of the staff member's site
 *                          (?site= another one, super-admins: all): its
 *                          room, software version, last contact and
 *                          health (online: seen in the last 2 minutes;
 *                          offline; never seen; revoked), the enrolment
 *                          codes waiting; for a super-admin, the forms
 *                          that make an enrolment code and revoke a
 *                          display. Facilities and room admins read.
 *   POST /staff/devices    super-admins only: action=code (room): a new
 *                          enrolment code, shown once on the page that
 *                          answers (200) with its expiry; action=revoke
 *                          (id): 303 back with ?done=revoked
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

/* Seen this recently: online (as store_metrics' devices_online). */
#define DEV_ONLINE_S 120

static const adm_done done_words[] = {
        {"revoked", "L’écran est révoqué : il ne peut plus se connecter.",
         "The display is revoked: it can no longer connect."},
        {NULL, NULL, NULL},
};

typedef enum dev_health {
	DEV_ONLINE = 0,
	DEV_OFFLINE,
	DEV_NEVER,
	DEV_REVOKED
} dev_health;

typedef struct dev_view {
	const char *site; /* the site shown, NULL: all */
	const char *err_fr, *err_en;
	bool store_too;
	const char *code; /* a code just made, shown once */
	const char *code_room;
	porte_time code_expires;
} dev_view;

static dev_health health_of(const store_device *d, porte_time now)
{
	if (d->revoked)
		return DEV_REVOKED;
	if (d->last_seen == 0)
		return DEV_NEVER;
	return now - d->last_seen <= DEV_ONLINE_S ? DEV_ONLINE : DEV_OFFLINE;
}

static void health_badge(page *p, dev_health h)
{
	switch (h) {
	case DEV_ONLINE:
		page_add(p, "<span class=\"sbadge dev-online\">");
		staff_t(p, "En ligne", "Online");
		break;
	case DEV_OFFLINE:
		page_add(p, "<span class=\"sbadge dev-offline\">");
		staff_t(p, "Hors ligne", "Offline");
		break;
	case DEV_NEVER:
		page_add(p, "<span class=\"sbadge dev-never\">");
		staff_t(p, "Jamais vu", "Never seen");
		break;
	default:
		page_add(p, "<span class=\"sbadge dev-revoked\">");
		staff_t(p, "Révoqué", "Revoked");
		break;
	}
	page_add(p, "</span>");
}

/* "il y a 3 min" / "3 min ago" ... of T before NOW. */
static void ago(page *p, porte_time t)
{
	porte_time d = p->now - t;
	long long v;
	const char *unit;

	if (t == 0) {
		page_add(p, "—");
		return;
	}
	if (d < 60) {
		staff_t(p, "à l’instant", "just now");
		return;
	}
	if (d < 3600)
		v = (long long)(d / 60), unit = "min";
	else if (d < 86400)
		v = (long long)(d / 3600), unit = "h";
	else
		v = (long long)(d / 86400), unit = staff_l(p, "j", "d");
	if (strcmp(p->lang, "en") == 0)
		page_addf(p, "%lld %s ago", v, unit);
	else
		page_addf(p, "il y a %lld %s", v, unit);
}

static const char *zone_of_room(const store_room *rooms, size_t n,
                                const char *slug, const char **name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rooms[i].slug, slug) == 0) {
			*name = rooms[i].name;
			return rooms[i].tz;
		}
	}
	*name = slug;
	return "UTC";
}

static void device_row(page *p, const store_device *d, const store_room *rooms,
                       size_t nrooms)
{
	const char *room_name;
	const char *tz = zone_of_room(rooms, nrooms, d->room, &room_name);
	dev_health h = health_of(d, p->now);

	page_addf(p, "<tr id=\"device-%lld\"%s><td><strong>", (long long)d->id,
	          h == DEV_REVOKED ? " class=\"adm-off\"" : "");
	page_esc(p, room_name);
	page_add(p, "</strong><br><span class=\"muted mono\">");
	page_esc(p, d->room);
	page_addf(p, " · #%lld ", (long long)d->id);
	page_esc(p, d->name);
	page_add(p, "</span></td><td>");
	health_badge(p, h);
	page_add(p, "</td><td>");
	if (d->last_seen != 0) {
		adm_time(p, tz, d->last_seen);
		page_add(p, "<br><span class=\"muted\">");
		ago(p, d->last_seen);
		page_add(p, "</span>");
	} else {
		page_add(p, "—");
	}
	page_add(p, "</td><td class=\"mono\">");
	page_esc(p, d->version[0] != '\0' ? d->version : "—");
	page_add(p, "</td><td>");
	adm_time(p, tz, d->created_at);
	page_add(p, "</td>");
	if (adm_super(p)) {
		page_add(p, "<td>");
		if (h != DEV_REVOKED) {
			page_add(p,
			         "<form class=\"inline-form\" method=\"post\" "
			         "action=\"/staff/devices");
			page_lang_query(p, true);
			page_add(p, "\">");
			staff_csrf_field(p);
			page_addf(p,
			          "<input type=\"hidden\" name=\"action\" "
			          "value=\"revoke\"><input type=\"hidden\" "
			          "name=\"id\" value=\"%lld\">",
			          (long long)d->id);
			page_add(p,
			         "<button class=\"btn btn-danger btn-small\" "
			         "type=\"submit\">");
			staff_t(p, "Révoquer", "Revoke");
			page_add(p, "</button></form>");
		}
		page_add(p, "</td>");
	}
	page_add(p, "</tr>\n");
}

static void summary(page *p, const store_device *d, size_t n)
{
	size_t count[4] = {0};

	for (size_t i = 0; i < n; i++)
		count[health_of(&d[i], p->now)]++;
	page_add(p, "<ul class=\"adm-summary\">");
	for (int h = 0; h < 4; h++) {
		page_addf(p, "<li><span class=\"adm-count\">%zu</span> ",
		          count[h]);
		health_badge(p, (dev_health)h);
		page_add(p, "</li>");
	}
	page_add(p, "</ul>\n");
}

static void devices_table(page *p, const dev_view *v, const store_room *rooms,
                          size_t nrooms)
{
	store_device *d = NULL;
	size_t n = 0;

	if (store_device_list(p->app->store, v->site, &d, &n) != STORE_OK)
		n = 0;
	summary(p, d, n);
	page_add(p,
	         "<div class=\"stable-wrap\"><table class=\"stable adm-stack\">"
	         "<thead><tr><th>");
	staff_t(p, "Écran", "Display");
	page_add(p, "</th><th>");
	staff_t(p, "État", "Health");
	page_add(p, "</th><th>");
	staff_t(p, "Dernier contact", "Last seen");
	page_add(p, "</th><th>");
	staff_t(p, "Version", "Version");
	page_add(p, "</th><th>");
	staff_t(p, "Inscrit le", "Enrolled");
	page_add(p, "</th>");
	if (adm_super(p)) {
		page_add(p, "<th><span class=\"vh\">");
		staff_t(p, "Action", "Action");
		page_add(p, "</span></th>");
	}
	page_add(p, "</tr></thead><tbody>");
	for (size_t i = n; i > 0; i--) /* newest first */
		device_row(p, &d[i - 1], rooms, nrooms);
	if (n == 0) {
		page_add(p, "<tr><td colspan=\"6\" class=\"muted\">");
		staff_t(p, "Aucun écran inscrit.", "No display enrolled.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div>\n");
	free(d);
}

static void pending_list(page *p, const dev_view *v, const store_room *rooms,
                         size_t nrooms)
{
	const char *name;
	store_enrol_pending *e = NULL;
	size_t n = 0;

	if (store_enrol_pending_list(p->app->store, v->site, p->now, &e, &n) !=
	            STORE_OK ||
	    n == 0) {
		free(e);
		return;
	}
	page_add(p, "<h3>");
	staff_t(p, "Codes en attente d’un écran",
	        "Codes waiting for a display");
	page_add(p, "</h3><ul class=\"adm-list\">");
	for (size_t i = 0; i < n; i++) {
		const char *tz = zone_of_room(rooms, nrooms, e[i].room, &name);

		page_add(p, "<li><span><strong>");
		page_esc(p, name);
		page_add(p, "</strong> <span class=\"muted\">");
		staff_t(p, "valable jusqu’au ", "valid until ");
		adm_time(p, tz, e[i].expires_at);
		page_add(p, "</span></span></li>");
	}
	page_add(p, "</ul>");
	free(e);
}

static void code_box(page *p, const dev_view *v, const char *tz)
{
	page_add(p, "<section class=\"card adm-secret\" role=\"status\" "
	            "aria-labelledby=\"code-h\"><h2 id=\"code-h\">");
	staff_t(p, "Code d’inscription", "Enrolment code");
	page_add(p, "</h2><p>");
	staff_t(p, "Pour la salle ", "For room ");
	page_add(p, "<strong class=\"mono\">");
	page_esc(p, v->code_room);
	page_add(p, "</strong>. ");
	staff_t(p,
	        "Saisissez-le sur l’écran de la porte. Il ne sert qu’une fois "
	        "et ne sera plus affiché.",
	        "Type it on the door's display. It works once and will not be "
	        "shown again.");
	page_add(p, "</p><p class=\"adm-code mono\" id=\"enrol-code\">");
	page_esc(p, v->code);
	page_add(p, "</p><p class=\"muted\">");
	staff_t(p, "Valable jusqu’au ", "Valid until ");
	page_add(p, "<span id=\"enrol-expires\">");
	adm_time(p, tz, v->code_expires);
	page_add(p, "</span> (");
	page_esc(p, tz);
	page_add(p, ").</p></section>\n");
}

static void enrol_card(page *p, const dev_view *v, const store_room *rooms,
                       size_t n)
{
	page_add(p, "<section class=\"card\" aria-labelledby=\"enrol-h\">"
	            "<h2 id=\"enrol-h\">");
	staff_t(p, "Inscrire un écran", "Enrol a display");
	page_add(p, "</h2><form class=\"sform\" method=\"post\" "
	            "action=\"/staff/devices");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	/* The whole row: room names are long. */
	page_add(p, "<input type=\"hidden\" name=\"action\" value=\"code\">"
	            "<label class=\"field wide\"><span class=\"label\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</span><select name=\"room\">");
	for (size_t i = 0; i < n; i++) {
		page_add(p, "<option value=\"");
		page_esc(p, rooms[i].slug);
		page_add(p, "\">");
		page_esc(p, rooms[i].name);
		page_add(p, " (");
		page_esc(p, rooms[i].site);
		page_add(p, ")</option>");
	}
	page_add(p, "</select></label><div class=\"field\"><button "
	            "class=\"btn btn-primary\" type=\"submit\">");
	staff_t(p, "Créer un code d’inscription", "Make an enrolment code");
	page_add(p, "</button></div></form>");
	pending_list(p, v, rooms, n);
	page_add(p, "</section>\n");
}

static int devices_reply(page *p, unsigned status, const dev_view *v)
{
	store_room *rooms = NULL;
	size_t n = 0;
	char self[STORE_SLUG_MAX + 32];

	if (store_room_list(p->app->store, v->site, &rooms, &n) != STORE_OK)
		n = 0;
	if (v->site != NULL)
		snprintf(self, sizeof self, "/staff/devices?site=%s", v->site);
	else
		snprintf(self, sizeof self, "/staff/devices");
	staff_begin(p, staff_l(p, "Écrans des portes", "Door displays"),
	            STAFF_SEC_DEVICES, self);
	adm_head(p, staff_l(p, "Écrans des portes", "Door displays"),
	         "Chaque écran, sa salle, sa version et son dernier contact. "
	         "En ligne : vu dans les 2 dernières minutes.",
	         "Each display, its room, version and last contact. Online: "
	         "seen in the last 2 minutes.");
	adm_done_notice(p, done_words);
	if (v->err_fr != NULL)
		adm_refusal(p, v->err_fr, v->err_en, v->store_too);
	if (v->code != NULL)
		code_box(p, v, n > 0 ? rooms[0].tz : "UTC");
	devices_table(p, v, rooms, n);
	if (adm_super(p))
		enrol_card(p, v, rooms, n);
	else {
		page_add(p, "<p class=\"muted\">");
		staff_t(p,
		        "Inscrire ou révoquer un écran : demandez à un "
		        "super-admin.",
		        "To enrol or revoke a display, ask a super-admin.");
		page_add(p, "</p>");
	}
	staff_end(p);
	free(rooms);
	if (v->code != NULL)
		http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

/* The site the page shows: ?site= (checked), else the staff member's. */
static int pick_site(page *p, dev_view *v)
{
	const char *site = http_query(p->req, "site");

	if (site != NULL && site[0] != '\0') {
		if (adm_check(p, STORE_PERM_DEVICES, site, NULL) != 0)
			return -1;
		v->site = site;
	} else if (staff_me(p)->site[0] != '\0') {
		v->site = staff_me(p)->site;
	}
	return 0;
}

static int route_devices(http_request *req, void *app)
{
	dev_view v = {0};
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_DEVICES) != 0)
		return 0;
	if (pick_site(&p, &v) != 0)
		return 0;
	return devices_reply(&p, 200, &v);
}

static int refused(page *p, dev_view *v, unsigned status, const char *fr,
                   const char *en, bool store_too)
{
	v->err_fr = fr;
	v->err_en = en;
	v->store_too = store_too;
	return devices_reply(p, status, v);
}

static int do_code(page *p, dev_view *v, const char *who)
{
	const char *room = adm_field(p->req, "room");
	char code[STORE_CODE_LEN];
	porte_time expires = 0;
	store_status rc;
	int out;

	if (room == NULL || !store_slug_ok(room))
		return refused(p, v, 422, "Choisissez une salle.",
		               "Choose a room.", false);
	rc = store_enrol_code(p->app->store, who, room, p->now, code, &expires);
	if (rc != STORE_OK)
		return refused(
		        p, v, adm_store_status(rc),
		        "Aucun code n’a été créé :", "No code was made:", true);
	v->code = code;
	v->code_room = room;
	v->code_expires = expires;
	out = devices_reply(p, 200, v);
	sodium_memzero(code, sizeof code);
	return out;
}

static int do_revoke(page *p, dev_view *v, const char *who)
{
	store_status rc;
	int64_t id;

	if (page_parse_id(adm_field(p->req, "id"), &id) != 0)
		return refused(p, v, 422, "Écran inconnu.", "Unknown display.",
		               false);
	rc = store_device_revoke(p->app->store, who, id, p->now);
	if (rc != STORE_OK)
		return refused(p, v, adm_store_status(rc),
		               "Refusé :", "Refused:", true);
	return adm_redirect(p, "/staff/devices", "revoked");
}

static int route_devices_post(http_request *req, void *app)
{
	const char *action;
	dev_view v = {0};
	char who[32];
	page p;

	if (adm_post(&p, req, app, STAFF_CAN_DEVICES) != 0)
		return 0;
	if (!adm_super(&p))
		return staff_fail(&p, 403, "Accès refusé", "Not allowed",
		                  "Seul un super-admin inscrit ou révoque un "
		                  "écran.",
		                  "Only a super-admin enrols or revokes a "
		                  "display.");
	staff_who(&p, who, sizeof who);
	action = adm_field(req, "action");
	if (action != NULL && strcmp(action, "code") == 0)
		return do_code(&p, &v, who);
	if (action != NULL && strcmp(action, "revoke") == 0)
		return do_revoke(&p, &v, who);
	return refused(&p, &v, 400, "Action inconnue.", "Unknown action.",
	               false);
}

const http_route staff_admin_devices_get = {"GET", "/staff/devices",
                                            route_devices, 0};
const http_route staff_admin_devices_post = {"POST", "/staff/devices",
                                             route_devices_post, 0};

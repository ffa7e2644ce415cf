/*
 * staff_admin_sites.c - the sites:
 *
 *   GET  /staff/sites   every site the staff member manages (a room
 *                       admin: their own), with its zone, weekly hours,
 *                       rooms and messages in force; for a super-admin,
 *                       the form that adds a site
 *   POST /staff/sites   adds a site (super-admins only): id, name, zone,
 *                       weekly hours, e-mail domains; 303 to the new
 *                       site's page, or this page again with the reason
 *                       (422 bad input, 409 an id taken)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

/* The add form as typed, for showing it again after a refusal. */
typedef struct site_form {
	const char *slug, *name, *tz, *hours, *domains;
} site_form;

static const adm_done done_words[] = {
        {NULL, NULL, NULL},
};

static size_t count_rooms(page *p, const char *site)
{
	store_room *rooms = NULL;
	size_t n = 0;

	if (store_room_list(p->app->store, site, &rooms, &n) != STORE_OK)
		n = 0;
	free(rooms);
	return n;
}

static size_t count_messages(page *p, const char *site)
{
	store_message *m = NULL;
	size_t n = 0;

	if (store_message_list(p->app->store, site, p->now, p->now + 1, &m,
	                       &n) != STORE_OK)
		n = 0;
	free(m);
	return n;
}

static void site_row(page *p, const store_site *s)
{
	size_t rooms = count_rooms(p, s->slug);
	size_t msgs = count_messages(p, s->slug);

	page_add(p, "<tr><td><a class=\"adm-strong\" href=\"/staff/sites/");
	page_esc(p, s->slug);
	page_lang_query(p, true);
	page_add(p, "\">");
	page_esc(p, s->name);
	page_add(p, "</a><br><span class=\"muted mono\">");
	page_esc(p, s->slug);
	page_add(p, "</span></td><td>");
	page_esc(p, s->tz);
	page_add(p, "</td><td class=\"mono\">");
	page_esc(p, strcmp(s->hours, "closed") == 0
	                    ? staff_l(p, "fermé", "closed")
	                    : s->hours);
	page_addf(p, "</td><td class=\"num\">%zu</td><td class=\"num\">",
	          rooms);
	if (msgs > 0)
		page_addf(p, "<span class=\"sbadge st-pending\">%zu</span>",
		          msgs);
	else
		page_add(p, "0");
	page_add(p, "</td><td>");
	page_esc(p, s->domains[0] != '\0'
	                    ? s->domains
	                    : staff_l(p, "toutes adresses", "any address"));
	page_add(p, "</td></tr>\n");
}

static void sites_table(page *p)
{
	store_site *sites = NULL;
	size_t n = 0, shown = 0;

	if (store_site_list(p->app->store, &sites, &n) != STORE_OK)
		n = 0;
	page_add(p,
	         "<div class=\"stable-wrap\"><table class=\"stable adm-stack\">"
	         "<thead><tr><th>");
	staff_t(p, "Site", "Site");
	page_add(p, "</th><th>");
	staff_t(p, "Fuseau horaire", "Time zone");
	page_add(p, "</th><th>");
	staff_t(p, "Horaires de la semaine", "Weekly hours");
	page_add(p, "</th><th class=\"num\">");
	staff_t(p, "Salles", "Rooms");
	page_add(p, "</th><th class=\"num\">");
	staff_t(p, "Messages affichés", "Messages shown");
	page_add(p, "</th><th>");
	staff_t(p, "Adresses des usagers", "Patrons' addresses");
	page_add(p, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		if (store_staff_may(p->app->store, staff_me(p)->id,
		                    STORE_PERM_SITE_SETTINGS, sites[i].slug,
		                    NULL) != STORE_OK)
			continue;
		site_row(p, &sites[i]);
		shown++;
	}
	if (shown == 0) {
		page_add(p, "<tr><td colspan=\"6\" class=\"muted\">");
		staff_t(p, "Aucun site à gérer.", "No site to manage.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div>\n");
	free(sites);
}

static void add_form(page *p, const site_form *f)
{
	page_add(p, "<section class=\"card\" aria-labelledby=\"add-site\">"
	            "<h2 id=\"add-site\">");
	staff_t(p, "Ajouter un site", "Add a site");
	page_add(p, "</h2><form class=\"sform\" method=\"post\" "
	            "action=\"/staff/sites\">");
	staff_csrf_field(p);
	adm_input(p, "Identifiant (a-z, 0-9, -)", "Id (a-z, 0-9, -)", "text",
	          "slug", f->slug,
	          "required maxlength=\"64\" pattern=\"[a-z0-9][a-z0-9-]*\" "
	          "autocomplete=\"off\"");
	adm_input(p, "Nom", "Name", "text", "name", f->name,
	          "required maxlength=\"100\"");
	adm_input(p, "Fuseau horaire (IANA)", "Time zone (IANA)", "text", "tz",
	          f->tz != NULL ? f->tz : "Europe/Paris",
	          "required maxlength=\"64\"");
	adm_input(p, "Horaires (ex. mon-fri 08:00-20:00)",
	          "Hours (e.g. mon-fri 08:00-20:00)", "text", "hours", f->hours,
	          "maxlength=\"256\"");
	adm_input(p, "Domaines des usagers (ex. univ.fr)",
	          "Patrons' domains (e.g. univ.fr)", "text", "domains",
	          f->domains, "maxlength=\"1000\"");
	page_add(p, "<div class=\"field\"><button class=\"btn btn-primary\" "
	            "type=\"submit\">");
	staff_t(p, "Ajouter le site", "Add the site");
	page_add(p, "</button></div></form></section>\n");
}

static int sites_reply(page *p, unsigned status, const site_form *f,
                       const char *err_fr, const char *err_en, bool store_too)
{
	static const site_form none = {0};

	staff_begin(p, staff_l(p, "Sites", "Sites"), STAFF_SEC_SITES,
	            "/staff/sites");
	adm_head(p, staff_l(p, "Sites", "Sites"),
	         "Horaires, fermetures, domaines et messages des portes de "
	         "chaque site.",
	         "Each site's hours, closures, domains and door messages.");
	adm_done_notice(p, done_words);
	if (err_fr != NULL)
		adm_refusal(p, err_fr, err_en, store_too);
	sites_table(p);
	if (adm_super(p))
		add_form(p, f != NULL ? f : &none);
	staff_end(p);
	return page_send(p, status);
}

static int route_sites(http_request *req, void *app)
{
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_SITES) != 0)
		return 0;
	return sites_reply(&p, 200, NULL, NULL, NULL, false);
}

static int route_sites_add(http_request *req, void *app)
{
	char who[32], path[STORE_SLUG_MAX + 16];
	const char *hours, *domains;
	store_status rc;
	site_form f;
	page p;

	if (adm_post(&p, req, app, STAFF_CAN_SITES) != 0)
		return 0;
	if (!adm_super(&p))
		return staff_fail(&p, 403, "Accès refusé", "Not allowed",
		                  "Seul un super-admin ajoute un site.",
		                  "Only a super-admin adds a site.");
	f = (site_form){adm_field(req, "slug"), adm_field(req, "name"),
	                adm_field(req, "tz"), adm_field(req, "hours"),
	                adm_field(req, "domains")};
	if (f.slug == NULL || !store_slug_ok(f.slug))
		return sites_reply(
		        &p, 422, &f,
		        "L’identifiant est fait de 1 à 64 lettres "
		        "minuscules, chiffres et tirets.",
		        "The id is 1 to 64 lower-case letters, digits "
		        "and dashes.",
		        false);
	if (f.name == NULL || f.name[0] == '\0')
		return sites_reply(&p, 422, &f, "Donnez un nom au site.",
		                   "Give the site a name.", false);
	hours = f.hours != NULL && f.hours[0] != '\0' ? f.hours : NULL;
	domains = f.domains != NULL ? f.domains : "";
	rc = store_site_add(p.app->store, staff_who(&p, who, sizeof who),
	                    f.slug, f.name, f.tz != NULL ? f.tz : "", hours,
	                    domains, p.now);
	if (rc != STORE_OK)
		return sites_reply(&p, adm_store_status(rc), &f,
		                   "Le site n’a pas été ajouté :",
		                   "The site was not added:", true);
	snprintf(path, sizeof path, "/staff/sites/%s", f.slug);
	return adm_redirect(&p, path, "added");
}

const http_route staff_admin_sites_get = {"GET", "/staff/sites", route_sites,
                                          0};
const http_route staff_admin_sites_post = {"POST", "/staff/sites",
                                           route_sites_add, 0};

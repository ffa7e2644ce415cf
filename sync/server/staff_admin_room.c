/*
 * staff_admin_room.c - one room's settings:
 *
 *   GET  /staff/rooms/{room}   its name, kind and capacity; every booking
 *                              rule of core/rules.h with the value in
 *                              force and where it comes from (the room's
 *                              own, the site's, the default); a training
 *                              room's referents
 *   POST /staff/rooms/{room}   action=general (name, kind, capacity),
 *                              rule (rule, value: the room's own value),
 *                              rule-unset (rule: back to the site's),
 *                              referent-add / referent-del (email)
 *
 * Room admins of the room's site and super-admins; a training room only
 * for its referents and super-admins (store_staff_may,
 * STORE_PERM_ROOM_SETTINGS). Each change goes through store_admin.c or
 * store_manage.c with its audit entry, then 303 back here with ?done=; a
 * refusal shows this page again with the reason and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

static const adm_done done_words[] = {
        {"added", "La salle a été ajoutée.", "The room was added."},
        {"general", "Le nom, le type et la capacité sont enregistrés.",
         "The name, kind and capacity are saved."},
        {"rule", "La règle est enregistrée pour cette salle.",
         "The rule is saved for this room."},
        {"rule-unset", "La règle suit de nouveau celle du site.",
         "The rule follows the site's again."},
        {"referent-added", "Le référent est ajouté.", "The referent is added."},
        {"referent-removed", "Le référent est retiré.",
         "The referent is removed."},
        {NULL, NULL, NULL},
};

/* The words of each rule of rules.h, and its unit. */
typedef struct rule_word {
	const char *name;
	const char *fr, *en;
	const char *unit_fr, *unit_en;
} rule_word;

static const rule_word rule_words[] = {
        {"max_duration", "Durée maximale", "Longest booking", "min", "min"},
        {"min_duration", "Durée minimale", "Shortest booking", "min", "min"},
        {"granularity", "Pas des créneaux", "Slot grid", "min", "min"},
        {"daily_quota", "Quota par jour et usager", "Quota a day per patron",
         "min (0 : aucun)", "min (0: none)"},
        {"monthly_quota", "Quota par mois et usager",
         "Quota a month per patron", "min (0 : aucun)", "min (0: none)"},
        {"too_far_ahead", "Réservable à l’avance", "Bookable ahead", "jours",
         "days"},
        {"checkin_before", "Présence : ouverte avant le début",
         "Check-in opens before the start", "min", "min"},
        {"release_after", "Libérée sans présence après",
         "Released without check-in after", "min", "min"},
        {"confirm_within", "Confirmation par e-mail sous",
         "E-mail confirmation within", "min", "min"},
        {"checkin_code", "Code à 4 chiffres à la porte",
         "4-digit code at the door", "on / off", "on / off"},
        {"walk_in", "Réservation sur place", "Walk-in booking", "on / off",
         "on / off"},
};

static const rule_word *rule_word_of(const char *name)
{
	for (size_t i = 0; i < sizeof rule_words / sizeof *rule_words; i++) {
		if (strcmp(rule_words[i].name, name) == 0)
			return &rule_words[i];
	}
	return NULL;
}

static bool rule_known(const char *name)
{
	const char *const *names = rules_names();

	for (size_t i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) == 0)
			return true;
	}
	return false;
}

static void general_card(page *p, const store_room *r)
{
	char cap[16];

	snprintf(cap, sizeof cap, "%d", r->capacity);
	page_add(p, "<section class=\"card\" aria-labelledby=\"r-general\">"
	            "<h2 id=\"r-general\">");
	staff_t(p, "La salle", "The room");
	page_add(p, "</h2>");
	adm_form_open(p, "/staff/rooms/", r->slug, "sform", "general");
	adm_input(p, "Nom", "Name", "text", "name", r->name,
	          "required maxlength=\"100\"");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Type", "Kind");
	page_add(p, "</span><select name=\"kind\">");
	for (int k = 0; k < ROOM__COUNT; k++) {
		page_addf(p, "<option value=\"%s\"%s>",
		          room_kind_name((room_kind)k),
		          (room_kind)k == r->kind ? " selected" : "");
		page_esc(p, adm_kind_word(p, (room_kind)k));
		page_add(p, "</option>");
	}
	page_add(p, "</select></label>");
	adm_input(p, "Capacité (ateliers : 1 à 1000)",
	          "Capacity (workshops: 1 to 1000)", "number", "capacity", cap,
	          "min=\"1\" max=\"1000\"");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-primary", "Enregistrer", "Save");
	page_add(p, "</div></form></section>\n");
}

/* The rules of R's site alone (defaults, then the site's settings). */
static void site_rules(page *p, const store_room *r, porte_rules *out)
{
	store_rule *list = NULL;
	size_t n = 0;

	rules_defaults(out);
	if (store_rule_list(p->app->store, STORE_SCOPE_SITE, r->site, &list,
	                    &n) != STORE_OK)
		n = 0;
	for (size_t i = 0; i < n; i++)
		rules_set(out, list[i].name, list[i].value, NULL);
	free(list);
}

static const store_rule *own_rule(const store_rule *list, size_t n,
                                  const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	}
	return NULL;
}

static void rule_row(page *p, const store_room *r, const char *name,
                     const porte_rules *site, const store_rule *own)
{
	const rule_word *w = rule_word_of(name);
	char now[32] = "", base[32] = "";

	rules_get(&r->rules, name, now, sizeof now);
	rules_get(site, name, base, sizeof base);
	page_add(p, "<tr><th scope=\"row\">");
	page_esc(p, w != NULL ? staff_l(p, w->fr, w->en) : name);
	page_add(p, "<br><span class=\"muted mono\">");
	page_esc(p, name);
	page_add(p, "</span></th><td class=\"mono\"><strong>");
	page_esc(p, now);
	page_add(p, "</strong> ");
	if (w != NULL)
		staff_t(p, w->unit_fr, w->unit_en);
	page_add(p, "</td><td>");
	if (own != NULL) {
		page_add(p, "<span class=\"sbadge st-confirmed\">");
		staff_t(p, "Propre à la salle", "This room's own");
		page_add(p, "</span><br><span class=\"muted\">");
		staff_t(p, "site : ", "site: ");
		page_esc(p, base);
		page_add(p, "</span>");
	} else {
		page_add(p, "<span class=\"sbadge st-ended\">");
		staff_t(p, "Celle du site", "The site's");
		page_add(p, "</span>");
	}
	page_add(p, "</td><td><div class=\"adm-rule\">");
	adm_form_open(p, "/staff/rooms/", r->slug, "adm-inline", "rule");
	page_addf(p, "<input type=\"hidden\" name=\"rule\" value=\"%s\">",
	          name);
	page_add(p, "<label><span class=\"vh\">");
	page_esc(p, w != NULL ? staff_l(p, w->fr, w->en) : name);
	page_add(p, "</span><input type=\"text\" name=\"value\" value=\"");
	page_esc(p, own != NULL ? own->value : "");
	page_add(p, "\" placeholder=\"");
	page_esc(p, base);
	page_add(p, "\" maxlength=\"31\" size=\"6\"></label>");
	adm_button(p, "btn-quiet btn-small", "Fixer", "Set");
	page_add(p, "</form>");
	if (own != NULL) {
		adm_form_open(p, "/staff/rooms/", r->slug, "adm-inline",
		              "rule-unset");
		page_addf(p,
		          "<input type=\"hidden\" name=\"rule\" value=\"%s\">",
		          name);
		adm_button(p, "btn-quiet btn-small", "Revenir au site",
		           "Back to the site's");
		page_add(p, "</form>");
	}
	page_add(p, "</div></td></tr>\n");
}

static void rules_card(page *p, const store_room *r)
{
	const char *const *names = rules_names();
	store_rule *own = NULL;
	porte_rules site;
	size_t n = 0;

	site_rules(p, r, &site);
	if (store_rule_list(p->app->store, STORE_SCOPE_ROOM, r->slug, &own,
	                    &n) != STORE_OK)
		n = 0;
	page_add(p, "<section class=\"card\" aria-labelledby=\"r-rules\">"
	            "<h2 id=\"r-rules\">");
	staff_t(p, "Règles de réservation", "Booking rules");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p,
	        "Chaque règle suit celle du site, sauf si la salle a la "
	        "sienne. "
	        "Durées en minutes (90, 1h30), distances en jours.",
	        "Each rule follows the site's unless the room has its own. "
	        "Lengths in minutes (90, 1h30), distances in days.");
	page_add(p, "</p><div class=\"stable-wrap\"><table class=\"stable "
	            "adm-rules adm-stack\"><thead><tr><th>");
	staff_t(p, "Règle", "Rule");
	page_add(p, "</th><th>");
	staff_t(p, "En vigueur", "In force");
	page_add(p, "</th><th>");
	staff_t(p, "Origine", "From");
	page_add(p, "</th><th>");
	staff_t(p, "Changer", "Change");
	page_add(p, "</th></tr></thead><tbody>");
	for (size_t i = 0; names[i] != NULL; i++)
		rule_row(p, r, names[i], &site, own_rule(own, n, names[i]));
	page_add(p, "</tbody></table></div></section>\n");
	free(own);
}

static void referents_card(page *p, const store_room *r)
{
	store_staff *list = NULL;
	size_t n = 0;

	if (store_referent_list(p->app->store, r->slug, &list, &n) != STORE_OK)
		n = 0;
	page_add(p, "<section class=\"card\" aria-labelledby=\"r-ref\">"
	            "<h2 id=\"r-ref\">");
	staff_t(p, "Référents de la formation", "Training referents");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p,
	        "Seuls les référents (et les super-admins) réservent et "
	        "règlent une salle de formation.",
	        "Only referents (and super-admins) book and set up a training "
	        "room.");
	page_add(p, "</p><ul class=\"adm-list\">");
	for (size_t i = 0; i < n; i++) {
		page_add(p, "<li><span><strong>");
		page_esc(p, list[i].name);
		page_add(p, "</strong> <span class=\"muted\">");
		page_esc(p, list[i].email);
		page_add(p, "</span></span>");
		adm_form_open(p, "/staff/rooms/", r->slug, "inline-form",
		              "referent-del");
		page_add(p, "<input type=\"hidden\" name=\"email\" value=\"");
		page_esc(p, list[i].email);
		page_add(p, "\">");
		adm_button(p, "btn-quiet btn-small", "Retirer", "Remove");
		page_add(p, "</form></li>");
	}
	if (n == 0) {
		page_add(p, "<li class=\"muted\">");
		staff_t(p, "Aucun référent.", "No referent.");
		page_add(p, "</li>");
	}
	page_add(p, "</ul>");
	adm_form_open(p, "/staff/rooms/", r->slug, "sform", "referent-add");
	adm_input(p, "E-mail d’un membre du personnel",
	          "A staff member's e-mail", "email", "email", NULL,
	          "required maxlength=\"254\"");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-quiet", "Ajouter le référent", "Add the referent");
	page_add(p, "</div></form></section>\n");
	free(list);
}

static int room_reply(page *p, const char *slug, unsigned status,
                      const adm_err *err)
{
	char self[STORE_SLUG_MAX + 16];
	store_status rc;
	store_room r;

	rc = store_room_get(p->app->store, slug, &r);
	if (rc != STORE_OK)
		return staff_store_fail(p, rc);
	snprintf(self, sizeof self, "/staff/rooms/%s", r.slug);
	staff_begin(p, r.name, STAFF_SEC_ROOMS, self);
	page_add(p, "<p class=\"crumbs\"><a href=\"/staff/rooms");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Salles", "Rooms");
	page_add(p, "</a> › <a href=\"/staff/sites/");
	page_esc(p, r.site);
	page_lang_query(p, true);
	page_add(p, "\">");
	page_esc(p, r.site_name);
	page_add(p, "</a></p>");
	adm_head(p, r.name, NULL, NULL);
	page_add(p, "<p class=\"lead\"><span class=\"mono\">");
	page_esc(p, r.slug);
	page_add(p, "</span> · <span class=\"sbadge adm-kind\">");
	page_esc(p, adm_kind_word(p, r.kind));
	page_add(p, "</span></p>");
	adm_done_notice(p, done_words);
	if (err != NULL)
		adm_refusal(p, err->fr, err->en, err->store_too);
	general_card(p, &r);
	rules_card(p, &r);
	if (r.kind == ROOM_TRAINING)
		referents_card(p, &r);
	staff_end(p);
	return page_send(p, status);
}

static int route_room(http_request *req, void *app)
{
	const char *slug = http_param(req, "room");
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_ROOMS) != 0)
		return 0;
	if (adm_check(&p, STORE_PERM_ROOM_SETTINGS, NULL, slug) != 0)
		return 0;
	return room_reply(&p, slug, 200, NULL);
}

/* ---- the changes ---------------------------------------------------------- */

typedef struct room_act {
	page *p;
	const char *slug;
	char who[32];
	adm_err err;
} room_act;

static int refuse(room_act *a, unsigned status, const char *fr, const char *en)
{
	return adm_refuse(&a->err, status, fr, en);
}

static int refuse_store(room_act *a, store_status rc)
{
	return adm_refuse_store(&a->err, rc, "Refusé :", "Refused:");
}

static int do_general(room_act *a)
{
	const char *name = adm_field(a->p->req, "name");
	const char *kind = adm_field(a->p->req, "kind");
	const char *cap = adm_field(a->p->req, "capacity");
	room_kind k;
	long c = 1;
	char *end = NULL;
	store_status rc;

	if (name == NULL || name[0] == '\0')
		return refuse(a, 422, "Donnez un nom à la salle.",
		              "Give the room a name.");
	if (kind == NULL || room_kind_parse(kind, &k) != 0)
		return refuse(a, 422, "Type de salle inconnu.",
		              "Unknown room kind.");
	if (cap != NULL && cap[0] != '\0') {
		c = strtol(cap, &end, 10);
		if (cap[0] < '0' || cap[0] > '9' || end == NULL ||
		    *end != '\0' || c < 1 || c > 1000)
			return refuse(
			        a, 422,
			        "La capacité est un nombre de 1 à 1000.",
			        "The capacity is a number from 1 to 1000.");
	}
	rc = store_room_update(a->p->app->store, a->who, a->slug, name, &k,
	                       (int)c, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc);
	return 0;
}

static int do_rule(room_act *a, bool set)
{
	const char *name = adm_field(a->p->req, "rule");
	const char *value = adm_field(a->p->req, "value");
	store_status rc;

	if (name == NULL || !rule_known(name))
		return refuse(a, 422, "Règle inconnue.", "Unknown rule.");
	if (set && (value == NULL || value[0] == '\0'))
		return refuse(a, 422,
		              "Donnez une valeur, ou revenez à celle du site.",
		              "Give a value, or go back to the site's.");
	rc = store_rule_set(a->p->app->store, a->who, STORE_SCOPE_ROOM, a->slug,
	                    name, set ? value : NULL, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc);
	return 0;
}

static int do_referent(room_act *a, bool add)
{
	const char *email = adm_field(a->p->req, "email");
	store_status rc;

	if (email == NULL || email[0] == '\0')
		return refuse(a, 422,
		              "Donnez l’e-mail d’un membre du personnel.",
		              "Give a staff member's e-mail.");
	rc = store_referent_set(a->p->app->store, a->who, email, a->slug, add,
	                        a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc);
	return 0;
}

static int do_rule_set(room_act *a)
{
	return do_rule(a, true);
}

static int do_rule_unset(room_act *a)
{
	return do_rule(a, false);
}

static int do_referent_add(room_act *a)
{
	return do_referent(a, true);
}

static int do_referent_del(room_act *a)
{
	return do_referent(a, false);
}

typedef struct room_action {
	const char *name;
	const char *done;
	int (*fn)(room_act *a);
} room_action;

static const room_action actions[] = {
        {"general", "general", do_general},
        {"rule", "rule", do_rule_set},
        {"rule-unset", "rule-unset", do_rule_unset},
        {"referent-add", "referent-added", do_referent_add},
        {"referent-del", "referent-removed", do_referent_del},
};

static int route_room_post(http_request *req, void *app)
{
	const char *action;
	char path[STORE_SLUG_MAX + 16];
	room_act a = {0};
	page p;

	if (adm_post(&p, req, app, STAFF_CAN_ROOMS) != 0)
		return 0;
	a.slug = http_param(req, "room");
	if (adm_check(&p, STORE_PERM_ROOM_SETTINGS, NULL, a.slug) != 0)
		return 0;
	a.p = &p;
	staff_who(&p, a.who, sizeof a.who);
	action = adm_field(req, "action");
	for (size_t i = 0;
	     action != NULL && i < sizeof actions / sizeof *actions; i++) {
		if (strcmp(action, actions[i].name) != 0)
			continue;
		if (actions[i].fn(&a) != 0)
			return room_reply(&p, a.slug, a.err.status, &a.err);
		snprintf(path, sizeof path, "/staff/rooms/%s", a.slug);
		return adm_redirect(&p, path, actions[i].done);
	}
	refuse(&a, 400, "Action inconnue.", "Unknown action.");
	return room_reply(&p, a.slug, a.err.status, &a.err);
}

const http_route staff_admin_room_get = {"GET", "/staff/rooms/{room}",
                                         route_room, 0};
const http_route staff_admin_room_post = {"POST", "/staff/rooms/{room}",
                                          route_room_post, 0};

/*
 * staff_admin_audit.c - the audit log (super-admins):
 *
 *   GET /staff/audit   every administration change and sign-in, newest
 *                      first, 100 a page: when (in the zone every site
 *                      shares, else UTC, said above the table), who
 *                      ("staff:12" as the person's name and e-mail, the
 *                      door displays by their room), the action, its
 *                      object and details. Filters: ?who= (an actor),
 *                      ?action= (an action, or a family such as
 *                      "site."), ?from= / ?to= (local dates, included);
 *                      ?before=ID for the next page. A bad filter gets
 *                      this page with the reason (400).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

#define AUDIT_PAGE 100

typedef struct audit_q {
	const char *who, *action, *from, *to;
	store_audit_filter f;
	const tz_zone *z;
	const char *err_fr, *err_en;
} audit_q;

typedef struct audit_names {
	store_staff *staff;
	size_t nstaff;
} audit_names;

/* Appends who WHO is, in words. */
static void who_words(page *p, const audit_names *names, const char *who,
                      const char *target)
{
	long long id = 0;
	char tail;

	if (sscanf(who, "staff:%lld%c", &id, &tail) == 1) {
		for (size_t i = 0; i < names->nstaff; i++) {
			if (names->staff[i].id != id)
				continue;
			page_add(p, "<strong>");
			page_esc(p, names->staff[i].name);
			page_add(p, "</strong><br><span class=\"muted\">");
			page_esc(p, names->staff[i].email);
			page_add(p, "</span>");
			return;
		}
	}
	if (strcmp(who, "device") == 0) {
		page_add(p, "<strong>");
		staff_t(p, "Écran de la porte", "Door display");
		page_add(p, "</strong><br><span class=\"muted\">");
		page_esc(p, target);
		page_add(p, "</span>");
		return;
	}
	if (strcmp(who, "cli") == 0) {
		page_add(p, "<strong>porte-admin</strong><br><span "
		            "class=\"muted\">");
		staff_t(p, "ligne de commande", "command line");
		page_add(p, "</span>");
		return;
	}
	page_add(p, "<span class=\"mono\">");
	page_esc(p, who);
	page_add(p, "</span>");
}

static void entry_row(page *p, const audit_q *q, const audit_names *names,
                      const store_audit *a)
{
	page_addf(p, "<tr id=\"audit-%lld\"><td class=\"mono adm-nowrap\">",
	          (long long)a->id);
	staff_time(p, q->z, a->at);
	page_add(p, "</td><td>");
	who_words(p, names, a->who, a->target);
	page_add(p, "</td><td><span class=\"sbadge adm-action\">");
	page_esc(p, a->action);
	page_add(p, "</span></td><td class=\"mono\">");
	page_esc(p, a->target);
	page_add(p, "</td><td class=\"adm-detail\">");
	page_esc(p, a->detail);
	page_add(p, "</td></tr>\n");
}

/* Appends the query of Q's filters (for links), escaped. */
static void filter_query(page *p, const audit_q *q)
{
	const char *keys[4] = {"who", "action", "from", "to"};
	const char *vals[4] = {q->who, q->action, q->from, q->to};

	for (int i = 0; i < 4; i++) {
		if (vals[i] == NULL || vals[i][0] == '\0')
			continue;
		page_addf(p, "&amp;%s=", keys[i]);
		staff_url_esc(p, vals[i]);
	}
	page_lang_query(p, false);
}

static void who_select(page *p, const audit_q *q, const audit_names *names)
{
	char(*actors)[STORE_NAME_MAX + 1] = NULL;
	size_t n = 0;

	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Qui", "Who");
	page_add(p, "</span><select name=\"who\"><option value=\"\">");
	staff_t(p, "Tout le monde", "Everyone");
	page_add(p, "</option>");
	if (store_audit_actors(p->app->store, &actors, &n) != STORE_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		long long id = 0;
		const char *label = actors[i];
		char tail;

		if (sscanf(actors[i], "staff:%lld%c", &id, &tail) == 1) {
			for (size_t j = 0; j < names->nstaff; j++) {
				if (names->staff[j].id == id)
					label = names->staff[j].email;
			}
		}
		page_add(p, "<option value=\"");
		page_esc(p, actors[i]);
		page_add(p, "\"");
		if (q->who != NULL && strcmp(q->who, actors[i]) == 0)
			page_add(p, " selected");
		page_add(p, ">");
		page_esc(p, label);
		page_add(p, "</option>");
	}
	free(actors);
	page_add(p, "</select></label>");
}

static void filter_form(page *p, const audit_q *q, const audit_names *names)
{
	page_add(p, "<form class=\"sform adm-filters card\" method=\"get\" "
	            "action=\"/staff/audit\">");
	who_select(p, q, names);
	adm_input(p, "Action (ou famille : site.)", "Action (or family: site.)",
	          "text", "action", q->action,
	          "maxlength=\"63\" placeholder=\"site.update\"");
	adm_input(p, "Du", "From", "date", "from", q->from, NULL);
	adm_input(p, "Au (inclus)", "To (included)", "date", "to", q->to, NULL);
	if (p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          p->lang);
	page_add(p, "<div class=\"field\"><button class=\"btn btn-primary\" "
	            "type=\"submit\">");
	staff_t(p, "Filtrer", "Filter");
	page_add(p, "</button> <a class=\"btn btn-quiet\" href=\"/staff/audit");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Tout voir", "Show all");
	page_add(p, "</a></div></form>\n");
}

static void entries_table(page *p, const audit_q *q, const audit_names *names)
{
	store_audit *list = NULL;
	bool more = false;
	size_t n = 0;

	if (store_audit_find(p->app->store, &q->f, AUDIT_PAGE, &list, &n,
	                     &more) != STORE_OK)
		n = 0;
	page_add(p, "<div class=\"stable-wrap\"><table class=\"stable "
	            "adm-audit adm-stack\"><thead><tr><th>");
	staff_t(p, "Quand", "When");
	page_add(p, "</th><th>");
	staff_t(p, "Qui", "Who");
	page_add(p, "</th><th>");
	staff_t(p, "Action", "Action");
	page_add(p, "</th><th>");
	staff_t(p, "Objet", "Object");
	page_add(p, "</th><th>");
	staff_t(p, "Détails", "Details");
	page_add(p, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++)
		entry_row(p, q, names, &list[i]);
	if (n == 0) {
		page_add(p, "<tr><td colspan=\"5\" class=\"muted\">");
		staff_t(p, "Aucune entrée.", "No entry.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div>\n<nav class=\"adm-pages\">");
	if (q->f.before != 0) {
		page_add(p,
		         "<a class=\"btn btn-quiet\" href=\"/staff/audit?p=1");
		filter_query(p, q);
		page_add(p, "\">");
		staff_t(p, "← Les plus récentes", "← Newest");
		page_add(p, "</a>");
	}
	if (more && n > 0) {
		page_addf(p,
		          "<a class=\"btn btn-quiet\" rel=\"next\" "
		          "href=\"/staff/audit?before=%lld",
		          (long long)list[n - 1].id);
		filter_query(p, q);
		page_add(p, "\">");
		staff_t(p, "Plus anciennes →", "Older →");
		page_add(p, "</a>");
	}
	page_add(p, "</nav>\n");
	free(list);
}

/* The instant local date S starts (END: the next day's start). */
static int date_bound(const tz_zone *z, const char *s, bool end,
                      porte_time *out)
{
	porte_time a, b;
	cal_date d;

	if (z == NULL || cal_parse_date(s, &d) != 0 ||
	    tz_day_bounds(z, d, &a, &b) != 0)
		return -1;
	*out = end ? b : a;
	return 0;
}

static const char *nonempty(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

static void read_filters(page *p, audit_q *q)
{
	const char *before = http_query(p->req, "before");

	q->who = nonempty(http_query(p->req, "who"));
	q->action = nonempty(http_query(p->req, "action"));
	q->from = nonempty(http_query(p->req, "from"));
	q->to = nonempty(http_query(p->req, "to"));
	q->f.who = q->who;
	q->f.action = q->action;
	if (q->who != NULL && strlen(q->who) > STORE_NAME_MAX)
		q->f.who = "\x01"; /* matches nobody */
	if (q->action != NULL && strlen(q->action) > 63) {
		q->err_fr = "Une action a au plus 63 caractères.";
		q->err_en = "An action has 63 characters at most.";
	}
	if (q->from != NULL && date_bound(q->z, q->from, false, &q->f.from)) {
		q->err_fr = "La date de début n’existe pas (AAAA-MM-JJ).";
		q->err_en = "The first date does not exist (YYYY-MM-DD).";
	}
	if (q->to != NULL && date_bound(q->z, q->to, true, &q->f.to)) {
		q->err_fr = "La date de fin n’existe pas (AAAA-MM-JJ).";
		q->err_en = "The last date does not exist (YYYY-MM-DD).";
	}
	if (before != NULL && page_parse_id(before, &q->f.before) != 0) {
		q->err_fr = "Page inconnue.";
		q->err_en = "Unknown page.";
	}
}

static int route_audit(http_request *req, void *app)
{
	audit_names names = {0};
	audit_q q = {0};
	page p;
	int out;

	if (staff_open(&p, req, app, STAFF_CAN_AUDIT) != 0)
		return 0;
	if (store_stats_zone(p.app->store, NULL, NULL, &q.z) != STORE_OK)
		q.z = page_zone(&p, "UTC");
	read_filters(&p, &q);
	if (store_staff_list(p.app->store, &names.staff, &names.nstaff) !=
	    STORE_OK)
		names.nstaff = 0;
	staff_begin(&p, staff_l(&p, "Journal", "Audit log"), STAFF_SEC_AUDIT,
	            "/staff/audit");
	adm_head(&p, staff_l(&p, "Journal des changements", "Audit log"),
	         "Chaque changement de l’administration, avec son auteur, du "
	         "plus récent au plus ancien.",
	         "Every administration change with who made it, newest first.");
	filter_form(&p, &q, &names);
	page_add(&p, "<p class=\"muted\">");
	staff_t(&p, "Heures : ", "Times: ");
	page_esc(&p, q.z != NULL ? tz_name(q.z) : "UTC");
	page_add(&p, ".</p>");
	if (q.err_fr != NULL) {
		staff_notice(&p, false, staff_l(&p, q.err_fr, q.err_en));
	} else {
		entries_table(&p, &q, &names);
	}
	staff_end(&p);
	free(names.staff);
	out = page_send(&p, q.err_fr != NULL ? 400 : 200);
	return out;
}

const http_route staff_admin_audit_get = {"GET", "/staff/audit", route_audit,
                                          0};

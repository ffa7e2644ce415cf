/*
 * staff_admin_site.c - one site's settings:
 *
 *   GET  /staff/sites/{site}   its name and time zone, its opening hours
 *                              per weekday (several ranges a day), its
 *                              closures to come, the patrons' e-mail
 *                              domains, the messages its doors show
 *   POST /staff/sites/{site}   action=general (name, tz), hours (h-mon ..
 *                              h-sun), close (from, to, note), reopen
 *                              (from, to), domain-add / domain-del
 *                              (domain), message-add (text, from, to:
 *                              local date-times, at most 7 days apart),
 *                              message-del (id)
 *
 * Room admins of the site and super-admins (store_staff_may,
 * STORE_PERM_SITE_SETTINGS). Each change goes through store_admin.c or
 * store_manage.c with its audit entry, then 303 back here with ?done=;
 * a refusal shows this page again with the reason (422 bad input, 409 a
 * duplicate, 404 an unknown message) and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

#define SITE_DAYS_AHEAD 730 /* closures listed this far ahead */
#define DAY_SPEC_MAX 128    /* one weekday's hours as typed */

static const char *const wd_name[7] = {"mon", "tue", "wed", "thu",
                                       "fri", "sat", "sun"};
static const char *const wd_word[7][2] = {
        {"Lundi", "Monday"},       {"Mardi", "Tuesday"},
        {"Mercredi", "Wednesday"}, {"Jeudi", "Thursday"},
        {"Vendredi", "Friday"},    {"Samedi", "Saturday"},
        {"Dimanche", "Sunday"}};

static const adm_done done_words[] = {
        {"added", "Le site a été ajouté.", "The site was added."},
        {"general", "Le nom et le fuseau horaire sont enregistrés.",
         "The name and time zone are saved."},
        {"hours", "Les horaires de la semaine sont enregistrés.",
         "The weekly hours are saved."},
        {"closed", "La fermeture est enregistrée.", "The closure is saved."},
        {"reopened",
         "La fermeture est retirée : les horaires habituels "
         "s’appliquent.",
         "The closure is removed: the usual hours apply."},
        {"domain-added", "Le domaine est ajouté.", "The domain is added."},
        {"domain-removed", "Le domaine est retiré.", "The domain is removed."},
        {"message-added", "Le message est programmé sur les portes.",
         "The message is scheduled on the doors."},
        {"message-removed", "Le message est retiré des portes.",
         "The message is removed from the doors."},
        {NULL, NULL, NULL},
};

/* A refusal to show at the top of the page. */
/* ---- reading ------------------------------------------------------------- */

/* Writes DAY's spans as "08:00-12:00 13:30-18:00" ("" when closed). */
static void day_format(const hours_day *day, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < day->count && o + 12 < len; i++) {
		const hours_span *s = &day->span[i];
		int n = snprintf(buf + o, len - o, "%s%02d:%02d-%02d:%02d",
		                 i > 0 ? " " : "", s->open / 60, s->open % 60,
		                 s->close / 60, s->close % 60);

		if (n < 0 || (size_t)n >= len - o)
			break;
		o += (size_t)n;
	}
}

/* The weekly hours of SPEC per weekday into DAYS. */
static void week_days(const char *spec, hours_day days[7])
{
	opening_hours *h = hours_new();
	cal_date monday = {2024, 1, 1};

	memset(days, 0, 7 * sizeof(*days));
	if (h == NULL)
		return;
	if (strcmp(spec, "closed") != 0 &&
	    hours_parse_week(h, spec, NULL) == 0) {
		for (int i = 0; i < 7; i++)
			hours_for_date(h, cal_date_add_days(monday, i),
			               &days[i]);
	}
	hours_free(h);
}

static cal_date today_of(page *p, const char *tz)
{
	const tz_zone *z = page_zone(p, tz);
	cal_datetime u;

	if (z != NULL)
		return tz_date_of(z, p->now);
	u = cal_utc_from_time(p->now);
	return (cal_date){u.year, u.month, u.day};
}

/* ---- the page ------------------------------------------------------------ */

static void general_card(page *p, const store_site *s)
{
	page_add(p, "<section class=\"card\" aria-labelledby=\"s-general\">"
	            "<h2 id=\"s-general\">");
	staff_t(p, "Nom et fuseau horaire", "Name and time zone");
	page_add(p, "</h2>");
	adm_form_open(p, "/staff/sites/", s->slug, "sform", "general");
	adm_input(p, "Nom", "Name", "text", "name", s->name,
	          "required maxlength=\"100\"");
	adm_input(p, "Fuseau horaire (IANA, ex. Europe/Paris)",
	          "Time zone (IANA, e.g. Europe/Paris)", "text", "tz", s->tz,
	          "required maxlength=\"64\"");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-primary", "Enregistrer", "Save");
	page_add(p, "</div></form></section>\n");
}

static void hours_card(page *p, const store_site *s)
{
	hours_day days[7];
	char spec[DAY_SPEC_MAX];

	week_days(s->hours, days);
	page_add(p, "<section class=\"card\" aria-labelledby=\"s-hours\">"
	            "<h2 id=\"s-hours\">");
	staff_t(p, "Horaires d’ouverture", "Opening hours");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p,
	        "Une ou plusieurs plages par jour, séparées par une espace "
	        "(08:00-12:00 13:30-18:00). Vide : fermé.",
	        "One or more ranges a day, separated by a space (08:00-12:00 "
	        "13:30-18:00). Empty: closed.");
	page_add(p, "</p>");
	adm_form_open(p, "/staff/sites/", s->slug, "adm-week", "hours");
	for (int i = 0; i < 7; i++) {
		day_format(&days[i], spec, sizeof spec);
		page_addf(p,
		          "<label class=\"adm-day\"><span class=\"label\">%s"
		          "</span><input type=\"text\" name=\"h-%s\" "
		          "value=\"",
		          staff_l(p, wd_word[i][0], wd_word[i][1]), wd_name[i]);
		page_esc(p, spec);
		page_add(p, "\" maxlength=\"120\" placeholder=\"");
		staff_t(p, "fermé", "closed");
		page_add(p, "\" autocomplete=\"off\"></label>");
	}
	page_add(p, "<div class=\"adm-actions\">");
	adm_button(p, "btn-primary", "Enregistrer les horaires",
	           "Save the hours");
	page_add(p, "</div></form></section>\n");
}

/* One run of consecutive dates with the same hours and note. */
static void closure_row(page *p, const store_site *s, const store_site_date *a,
                        const store_site_date *b)
{
	char f[CAL_DATE_LEN], t[CAL_DATE_LEN];

	cal_format_date(a->date, f);
	cal_format_date(b->date, t);
	page_add(p, "<tr><td class=\"mono\">");
	page_esc(p, f);
	if (strcmp(f, t) != 0) {
		page_add(p, " → ");
		page_esc(p, t);
	}
	page_add(p, "</td><td>");
	if (a->hours.count == 0) {
		page_add(p, "<span class=\"sbadge st-removed\">");
		staff_t(p, "Fermé", "Closed");
	} else {
		page_add(p, "<span class=\"sbadge st-pending\">");
		page_esc(p, a->spec);
	}
	page_add(p, "</span></td><td>");
	page_esc(p, a->note);
	page_add(p, "</td><td>");
	adm_form_open(p, "/staff/sites/", s->slug, "inline-form", "reopen");
	page_addf(p,
	          "<input type=\"hidden\" name=\"from\" value=\"%s\">"
	          "<input type=\"hidden\" name=\"to\" value=\"%s\">",
	          f, t);
	adm_button(p, "btn-quiet btn-small", "Retirer", "Remove");
	page_add(p, "</form></td></tr>\n");
}

static bool same_run(const store_site_date *a, const store_site_date *b)
{
	return cal_days_from_civil(b->date) - cal_days_from_civil(a->date) ==
	               1 &&
	       strcmp(a->spec, b->spec) == 0 && strcmp(a->note, b->note) == 0;
}

static void closures_table(page *p, const store_site *s)
{
	cal_date today = today_of(p, s->tz);
	store_site_date *d = NULL;
	size_t n = 0;

	if (store_site_dates(p->app->store, s->slug, today,
	                     cal_date_add_days(today, SITE_DAYS_AHEAD), &d,
	                     &n) != STORE_OK)
		n = 0;
	page_add(p,
	         "<div class=\"stable-wrap\"><table class=\"stable adm-stack\">"
	         "<thead><tr><th>");
	staff_t(p, "Dates", "Dates");
	page_add(p, "</th><th>");
	staff_t(p, "Horaires", "Hours");
	page_add(p, "</th><th>");
	staff_t(p, "Motif", "Reason");
	page_add(p, "</th><th><span class=\"vh\">");
	staff_t(p, "Action", "Action");
	page_add(p, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j + 1 < n && same_run(&d[j], &d[j + 1]))
			j++;
		closure_row(p, s, &d[i], &d[j]);
		i = j + 1;
	}
	if (n == 0) {
		page_add(p, "<tr><td colspan=\"4\" class=\"muted\">");
		staff_t(p, "Aucune fermeture à venir.", "No closure to come.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div>\n");
	free(d);
}

static void closures_card(page *p, const store_site *s)
{
	page_add(p, "<section class=\"card\" aria-labelledby=\"s-closures\">"
	            "<h2 id=\"s-closures\">");
	staff_t(p, "Fermetures", "Closures");
	page_add(p, "</h2>");
	closures_table(p, s);
	page_add(p, "<h3>");
	staff_t(p, "Ajouter une fermeture", "Add a closure");
	page_add(p, "</h3>");
	adm_form_open(p, "/staff/sites/", s->slug, "sform", "close");
	adm_input(p, "Du", "From", "date", "from", NULL, "required");
	adm_input(p, "Au (inclus)", "To (included)", "date", "to", NULL, NULL);
	adm_input(p, "Motif", "Reason", "text", "note", NULL,
	          "maxlength=\"500\"");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-primary", "Fermer ces jours", "Close these days");
	page_add(p, "</div></form></section>\n");
}

static void domains_card(page *p, const store_site *s)
{
	const char *d = s->domains;

	page_add(p, "<section class=\"card\" aria-labelledby=\"s-domains\">"
	            "<h2 id=\"s-domains\">");
	staff_t(p, "Domaines des usagers", "Patrons’ e-mail domains");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p,
	        "Les usagers réservent avec une adresse de ces domaines. "
	        "Aucun domaine : toute adresse.",
	        "Patrons book with an address of these domains. No domain: "
	        "any address.");
	page_add(p, "</p><ul class=\"adm-chips\">");
	while (*d != '\0') {
		const char *end = strchr(d, ',');
		size_t len = end != NULL ? (size_t)(end - d) : strlen(d);
		char one[256];

		snprintf(one, sizeof one, "%.*s", (int)len, d);
		page_add(p, "<li><span class=\"mono\">");
		page_esc(p, one);
		page_add(p, "</span>");
		adm_form_open(p, "/staff/sites/", s->slug, "inline-form",
		              "domain-del");
		page_add(p, "<input type=\"hidden\" name=\"domain\" value=\"");
		page_esc(p, one);
		page_add(p, "\"><button class=\"chip-x\" type=\"submit\" "
		            "aria-label=\"");
		staff_t(p, "Retirer ", "Remove ");
		page_esc(p, one);
		page_add(p, "\">×</button></form></li>");
		d += len;
		if (*d == ',')
			d++;
	}
	if (s->domains[0] == '\0') {
		page_add(p, "<li class=\"muted\">");
		staff_t(p, "toutes adresses", "any address");
		page_add(p, "</li>");
	}
	page_add(p, "</ul>");
	adm_form_open(p, "/staff/sites/", s->slug, "sform", "domain-add");
	adm_input(p, "Nouveau domaine", "New domain", "text", "domain", NULL,
	          "required maxlength=\"253\" placeholder=\"univ-exemple.fr\"");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-quiet", "Ajouter le domaine", "Add the domain");
	page_add(p, "</div></form></section>\n");
}

static void message_row(page *p, const store_site *s, const store_message *m)
{
	page_add(p, "<tr><td>");
	page_esc(p, m->text);
	page_add(p, "</td><td class=\"mono\">");
	adm_time(p, s->tz, m->from);
	page_add(p, " → ");
	adm_time(p, s->tz, m->to);
	page_add(p, "</td><td>");
	if (m->from <= p->now) {
		page_add(p, "<span class=\"sbadge dev-online\">");
		staff_t(p, "Affiché", "Showing");
	} else {
		page_add(p, "<span class=\"sbadge st-confirmed\">");
		staff_t(p, "Programmé", "Scheduled");
	}
	page_add(p, "</span></td><td>");
	adm_form_open(p, "/staff/sites/", s->slug, "inline-form",
	              "message-del");
	page_addf(p, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
	          (long long)m->id);
	adm_button(p, "btn-quiet btn-small", "Retirer", "Remove");
	page_add(p, "</form></td></tr>\n");
}

static void messages_card(page *p, const store_site *s)
{
	store_message *m = NULL;
	size_t n = 0;

	if (store_message_list(p->app->store, s->slug, p->now,
	                       p->now + (porte_time)SITE_DAYS_AHEAD * 86400, &m,
	                       &n) != STORE_OK)
		n = 0;
	page_add(p, "<section class=\"card\" aria-labelledby=\"s-messages\">"
	            "<h2 id=\"s-messages\">");
	staff_t(p, "Messages sur les portes", "Messages on the doors");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p, "Chaque message s’affiche au plus 7 jours. Heures : ",
	        "Each message shows for 7 days at most. Times: ");
	page_esc(p, s->tz);
	page_add(p, ".</p><div class=\"stable-wrap\"><table class=\"stable "
	            "adm-stack\">"
	            "<thead><tr><th>");
	staff_t(p, "Message", "Message");
	page_add(p, "</th><th>");
	staff_t(p, "Affichage", "Shown");
	page_add(p, "</th><th>");
	staff_t(p, "État", "State");
	page_add(p, "</th><th><span class=\"vh\">");
	staff_t(p, "Action", "Action");
	page_add(p, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++)
		message_row(p, s, &m[i]);
	if (n == 0) {
		page_add(p, "<tr><td colspan=\"4\" class=\"muted\">");
		staff_t(p, "Aucun message.", "No message.");
		page_add(p, "</td></tr>");
	}
	page_add(p, "</tbody></table></div><h3>");
	staff_t(p, "Programmer un message", "Schedule a message");
	page_add(p, "</h3>");
	adm_form_open(p, "/staff/sites/", s->slug, "sform", "message-add");
	page_add(p, "<label class=\"field wide\"><span class=\"label\">");
	staff_t(p, "Texte", "Text");
	page_add(p, "</span><textarea name=\"text\" maxlength=\"500\" "
	            "required></textarea></label>");
	adm_input(p, "Début", "Start", "datetime-local", "from", NULL,
	          "required");
	adm_input(p, "Fin (au plus 7 jours après)",
	          "End (7 days after at most)", "datetime-local", "to", NULL,
	          "required");
	page_add(p, "<div class=\"field\">");
	adm_button(p, "btn-primary", "Programmer", "Schedule");
	page_add(p, "</div></form></section>\n");
	free(m);
}

static int site_reply(page *p, const char *slug, unsigned status,
                      const adm_err *err)
{
	char self[STORE_SLUG_MAX + 16];
	store_status rc;
	store_site s;

	rc = store_site_get(p->app->store, slug, &s);
	if (rc != STORE_OK)
		return staff_store_fail(p, rc);
	snprintf(self, sizeof self, "/staff/sites/%s", s.slug);
	staff_begin(p, s.name, STAFF_SEC_SITES, self);
	page_add(p, "<p class=\"crumbs\"><a href=\"/staff/sites");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Sites", "Sites");
	page_add(p, "</a> ›</p>");
	adm_head(p, s.name, NULL, NULL);
	page_add(p, "<p class=\"lead mono\">");
	page_esc(p, s.slug);
	page_add(p, " · ");
	page_esc(p, s.tz);
	page_add(p, "</p>");
	adm_done_notice(p, done_words);
	if (err != NULL)
		adm_refusal(p, err->fr, err->en, err->store_too);
	page_add(p, "<div class=\"adm-grid\">");
	general_card(p, &s);
	hours_card(p, &s);
	page_add(p, "</div>");
	closures_card(p, &s);
	messages_card(p, &s);
	domains_card(p, &s);
	staff_end(p);
	return page_send(p, status);
}

static int route_site(http_request *req, void *app)
{
	const char *slug = http_param(req, "site");
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_SITES) != 0)
		return 0;
	if (adm_check(&p, STORE_PERM_SITE_SETTINGS, slug, NULL) != 0)
		return 0;
	return site_reply(&p, slug, 200, NULL);
}

/* ---- the changes ---------------------------------------------------------- */

/* What a change asks: the site, who, and the refusal if any. */
typedef struct site_act {
	page *p;
	const char *slug;
	char who[32];
	store_site site;
	adm_err err;
} site_act;

static int refuse(site_act *a, unsigned status, const char *fr, const char *en)
{
	return adm_refuse(&a->err, status, fr, en);
}

static int refuse_store(site_act *a, store_status rc, const char *fr,
                        const char *en)
{
	return adm_refuse_store(&a->err, rc, fr, en);
}

static int do_general(site_act *a)
{
	const char *name = adm_field(a->p->req, "name");
	const char *tz = adm_field(a->p->req, "tz");
	store_status rc;

	if (name == NULL || name[0] == '\0')
		return refuse(a, 422, "Donnez un nom au site.",
		              "Give the site a name.");
	if (tz == NULL || page_zone(a->p, tz) == NULL)
		return refuse(
		        a, 422,
		        "Ce fuseau horaire n’existe pas (un nom IANA comme "
		        "Europe/Paris).",
		        "No such time zone (an IANA name such as "
		        "Europe/Paris).");
	rc = store_site_update(a->p->app->store, a->who, a->slug, name, tz,
	                       NULL, NULL, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

/* Appends weekday I's spec as "mon 08:00-12:00" to WEEK. */
static int add_day(site_act *a, int i, const char *spec, char *week, size_t len)
{
	size_t o = strlen(week);
	char *cause = NULL;
	hours_day day;
	int n;

	if (spec == NULL || spec[0] == '\0' || strcmp(spec, "closed") == 0 ||
	    strcmp(spec, "fermé") == 0)
		return 0;
	if (strlen(spec) >= DAY_SPEC_MAX ||
	    hours_parse_day(spec, &day, &cause) != 0) {
		snprintf(a->err.buf_fr, sizeof a->err.buf_fr,
		         "%s : horaires non valables (%s). Écrivez par exemple "
		         "08:00-12:00 13:30-18:00.",
		         wd_word[i][0], cause != NULL ? cause : "trop longs");
		snprintf(a->err.buf_en, sizeof a->err.buf_en,
		         "%s: hours not valid (%s). Write e.g. 08:00-12:00 "
		         "13:30-18:00.",
		         wd_word[i][1], cause != NULL ? cause : "too long");
		free(cause);
		return refuse(a, 422, a->err.buf_fr, a->err.buf_en);
	}
	n = snprintf(week + o, len - o, "%s%s %s", o > 0 ? ", " : "",
	             wd_name[i], spec);
	if (n < 0 || (size_t)n >= len - o)
		return refuse(a, 422, "Horaires trop longs.",
		              "Hours too long.");
	return 0;
}

static int do_hours(site_act *a)
{
	char week[STORE_HOURS_MAX * 2] = "";
	store_status rc;

	for (int i = 0; i < 7; i++) {
		char field[8];

		snprintf(field, sizeof field, "h-%s", wd_name[i]);
		if (add_day(a, i, adm_field(a->p->req, field), week,
		            sizeof week) != 0)
			return -1;
	}
	if (strlen(week) > STORE_HOURS_MAX)
		return refuse(a, 422, "Horaires trop longs.",
		              "Hours too long.");
	rc = store_site_update(a->p->app->store, a->who, a->slug, NULL, NULL,
	                       week[0] != '\0' ? week : "closed", NULL,
	                       a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

/* The dates FROM and TO of the form (TO empty: FROM). */
static int read_range(site_act *a, cal_date *from, cal_date *to)
{
	const char *f = adm_field(a->p->req, "from");
	const char *t = adm_field(a->p->req, "to");

	if (f == NULL || cal_parse_date(f, from) != 0)
		return refuse(a, 422,
		              "La date de début n’existe pas (AAAA-MM-JJ).",
		              "The first date does not exist (YYYY-MM-DD).");
	if (t == NULL || t[0] == '\0')
		*to = *from;
	else if (cal_parse_date(t, to) != 0)
		return refuse(a, 422,
		              "La date de fin n’existe pas (AAAA-MM-JJ).",
		              "The last date does not exist (YYYY-MM-DD).");
	if (cal_date_cmp(*to, *from) < 0)
		return refuse(a, 422, "La date de fin précède celle de début.",
		              "The last date comes before the first.");
	if (cal_days_from_civil(*to) - cal_days_from_civil(*from) >=
	    STORE_CLOSURE_MAX_DAYS)
		return refuse(a, 422, "Une fermeture couvre au plus 366 jours.",
		              "A closure covers 366 days at most.");
	return 0;
}

static int do_close(site_act *a)
{
	const char *note = adm_field(a->p->req, "note");
	cal_date from, to;
	store_status rc;

	if (read_range(a, &from, &to) != 0)
		return -1;
	if (note != NULL && !store_text_ok(note, STORE_TEXT_MAX, false))
		return refuse(
		        a, 422,
		        "Le motif tient en une ligne de 500 octets au plus.",
		        "The reason is one line of 500 bytes at most.");
	rc = store_closure_set(a->p->app->store, a->who, a->slug, from, to,
	                       note, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

static int do_reopen(site_act *a)
{
	cal_date from, to;
	store_status rc;

	if (read_range(a, &from, &to) != 0)
		return -1;
	rc = store_closure_clear(a->p->app->store, a->who, a->slug, from, to,
	                         a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

/* DOMAIN lower-cased, without a leading '@', into OUT. */
static int norm_domain(const char *in, char *out, size_t len)
{
	size_t n = 0;

	if (in == NULL)
		return -1;
	if (*in == '@')
		in++;
	for (; *in != '\0'; in++) {
		char c = *in;

		if (n + 1 >= len)
			return -1;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == ',' || c == ' ')
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n > 0 ? 0 : -1;
}

/* Whether DOMAINS ("a.fr,b.fr") holds D; its span in *AT, *LEN. */
static bool domain_find(const char *domains, const char *d, size_t *at,
                        size_t *len)
{
	size_t dl = strlen(d);

	for (const char *s = domains; *s != '\0';) {
		const char *end = strchr(s, ',');
		size_t l = end != NULL ? (size_t)(end - s) : strlen(s);

		if (l == dl && strncmp(s, d, l) == 0) {
			*at = (size_t)(s - domains);
			*len = l;
			return true;
		}
		s += l;
		if (*s == ',')
			s++;
	}
	return false;
}

static int do_domain(site_act *a, bool add)
{
	char d[256], list[STORE_DOMAINS_MAX + 260];
	size_t at = 0, len = 0;
	bool found;
	store_status rc;

	if (norm_domain(adm_field(a->p->req, "domain"), d, sizeof d) != 0)
		return refuse(
		        a, 422,
		        "Écrivez un nom de domaine, comme univ-exemple.fr.",
		        "Write a domain name, such as univ-exemple.fr.");
	found = domain_find(a->site.domains, d, &at, &len);
	if (add && found)
		return refuse(a, 409, "Ce domaine est déjà dans la liste.",
		              "This domain is in the list already.");
	if (!add && !found)
		return refuse(a, 404, "Ce domaine n’est pas dans la liste.",
		              "This domain is not in the list.");
	if (add) {
		snprintf(list, sizeof list, "%s%s%s", a->site.domains,
		         a->site.domains[0] != '\0' ? "," : "", d);
	} else {
		size_t skip = len + (a->site.domains[at + len] == ',' ? 1 : 0);

		snprintf(list, sizeof list, "%.*s%s", (int)at, a->site.domains,
		         a->site.domains + at + skip);
		len = strlen(list);
		if (len > 0 && list[len - 1] == ',')
			list[len - 1] = '\0';
	}
	rc = store_site_update(a->p->app->store, a->who, a->slug, NULL, NULL,
	                       NULL, list, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

/* "2026-11-25T08:00" in zone Z into *OUT. */
static int parse_local(const tz_zone *z, const char *s, porte_time *out)
{
	char date[CAL_DATE_LEN];
	cal_datetime l = {0};
	cal_date d;
	int min;

	if (z == NULL || s == NULL || strlen(s) < 16 || s[10] != 'T')
		return -1;
	snprintf(date, sizeof date, "%.10s", s);
	if (cal_parse_date(date, &d) != 0 ||
	    cal_parse_hhmm(s + 11, &min) != 0 || min >= 1440)
		return -1;
	l = (cal_datetime){d.year, d.month, d.day, min / 60, min % 60, 0};
	if (tz_from_local(z, l, out, NULL) != TZ_LOCAL_OK &&
	    tz_from_local(z, l, out, NULL) != TZ_LOCAL_AMBIGUOUS)
		return -1;
	return 0;
}

static int do_message_add(site_act *a)
{
	const tz_zone *z = page_zone(a->p, a->site.tz);
	const char *text = adm_field(a->p->req, "text");
	porte_time from, to;
	store_status rc;

	if (text == NULL || text[0] == '\0' ||
	    !store_text_ok(text, STORE_TEXT_MAX, true))
		return refuse(a, 422,
		              "Le message est un texte de 1 à 500 octets.",
		              "The message is a text of 1 to 500 bytes.");
	if (parse_local(z, adm_field(a->p->req, "from"), &from) != 0 ||
	    parse_local(z, adm_field(a->p->req, "to"), &to) != 0)
		return refuse(a, 422,
		              "Donnez un début et une fin qui existent "
		              "(AAAA-MM-JJ HH:MM, heure du site).",
		              "Give a start and an end that exist (YYYY-MM-DD "
		              "HH:MM, the site’s time).");
	if (to <= from)
		return refuse(a, 422, "La fin doit venir après le début.",
		              "The end must come after the start.");
	if (to - from > STORE_MESSAGE_MAX_SPAN) {
		long h = (long)((to - from) / 3600);

		snprintf(a->err.buf_fr, sizeof a->err.buf_fr,
		         "Un message s’affiche au plus 7 jours ; celui-ci en "
		         "demande %ld j %ld h.",
		         h / 24, h % 24);
		snprintf(
		        a->err.buf_en, sizeof a->err.buf_en,
		        "A message shows for 7 days at most; this one asks for "
		        "%ld d %ld h.",
		        h / 24, h % 24);
		return refuse(a, 422, a->err.buf_fr, a->err.buf_en);
	}
	if (to <= a->p->now)
		return refuse(a, 422, "Ce message serait déjà terminé.",
		              "This message would be over already.");
	rc = store_message_add(a->p->app->store, a->who, a->slug, from, to,
	                       text, a->p->now, NULL);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

/* Message ID, which must be one of this site's. */
static int do_message_del(site_act *a)
{
	store_message *m = NULL;
	size_t n = 0;
	bool mine = false;
	store_status rc;
	int64_t id;

	if (page_parse_id(adm_field(a->p->req, "id"), &id) != 0)
		return refuse(a, 422, "Message inconnu.", "Unknown message.");
	if (store_message_list(a->p->app->store, a->slug, 0,
	                       a->p->now + (porte_time)SITE_DAYS_AHEAD * 86400,
	                       &m, &n) == STORE_OK) {
		for (size_t i = 0; i < n; i++)
			mine = mine || m[i].id == id;
	}
	free(m);
	if (!mine)
		return refuse(a, 404, "Ce site n’a pas ce message.",
		              "This site has no such message.");
	rc = store_message_delete(a->p->app->store, a->who, id, a->p->now);
	if (rc != STORE_OK)
		return refuse_store(a, rc, "Refusé :", "Refused:");
	return 0;
}

typedef struct site_action {
	const char *name;
	const char *done;
	int (*fn)(site_act *a);
	bool arg; /* for do_domain: add */
} site_action;

static int do_domain_add(site_act *a)
{
	return do_domain(a, true);
}

static int do_domain_del(site_act *a)
{
	return do_domain(a, false);
}

static const site_action actions[] = {
        {"general", "general", do_general, false},
        {"hours", "hours", do_hours, false},
        {"close", "closed", do_close, false},
        {"reopen", "reopened", do_reopen, false},
        {"domain-add", "domain-added", do_domain_add, false},
        {"domain-del", "domain-removed", do_domain_del, false},
        {"message-add", "message-added", do_message_add, false},
        {"message-del", "message-removed", do_message_del, false},
};

static int route_site_post(http_request *req, void *app)
{
	const char *action;
	char path[STORE_SLUG_MAX + 16];
	site_act *a;
	page p;
	int out;

	if (adm_post(&p, req, app, STAFF_CAN_SITES) != 0)
		return 0;
	if (adm_check(&p, STORE_PERM_SITE_SETTINGS, http_param(req, "site"),
	              NULL) != 0)
		return 0;
	a = calloc(1, sizeof(*a));
	if (a == NULL) {
		page_free(&p);
		return -1;
	}
	a->p = &p;
	a->slug = http_param(req, "site");
	staff_who(&p, a->who, sizeof a->who);
	if (store_site_get(p.app->store, a->slug, &a->site) != STORE_OK) {
		free(a);
		return staff_store_fail(&p, STORE_NOT_FOUND);
	}
	action = adm_field(req, "action");
	out = -2;
	for (size_t i = 0;
	     action != NULL && i < sizeof actions / sizeof *actions; i++) {
		if (strcmp(action, actions[i].name) != 0)
			continue;
		if (actions[i].fn(a) == 0) {
			snprintf(path, sizeof path, "/staff/sites/%s", a->slug);
			out = adm_redirect(&p, path, actions[i].done);
		} else {
			out = site_reply(&p, a->slug, a->err.status, &a->err);
		}
		break;
	}
	if (out == -2) {
		refuse(a, 400, "Action inconnue.", "Unknown action.");
		out = site_reply(&p, a->slug, a->err.status, &a->err);
	}
	free(a);
	return out;
}

const http_route staff_admin_site_get = {"GET", "/staff/sites/{site}",
                                         route_site, 0};
const http_route staff_admin_site_post = {"POST", "/staff/sites/{site}",
                                          route_site_post, 0};

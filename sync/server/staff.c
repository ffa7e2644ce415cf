/*
 * staff.c - what every staff page shares: the signed-in check, the menu
 * and the document around the page, refusals, the forms' csrf field, and
 * small formats. See staff.h.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "page_text.h"
#include "staff.h"

#define CSRF_BYTES 16
#define CSRF_LEN (2 * CSRF_BYTES + 1)

/* The caller's web session, or NULL: nobody, a door, or a PIN session
 * (opened at a door, never valid on these pages). */
static const app_principal *web_staff(http_request *req)
{
	const app_principal *who = app_principal_of(req);

	if (who->kind != APP_STAFF || who->session.device_id != 0)
		return NULL;
	return who;
}

/* 303 to the sign-in page, coming back to this page's path. */
static int to_login(http_request *req)
{
	const char *path = http_path(req);
	char loc[STAFF_NEXT_MAX + 64];

	if (strlen(path) > STAFF_NEXT_MAX || strcmp(http_method(req), "GET"))
		path = "/staff";
	snprintf(loc, sizeof loc, "/staff/login?next=%s", path);
	return http_reply_redirect(req, loc);
}

int staff_open(page *p, http_request *req, void *app, unsigned roles)
{
	const app_principal *who = app_principal_of(req);

	if (who->unavailable) {
		http_set_header(req, "Retry-After", "2");
		page_error(req, app, 503, PM_ERR_INTERNAL,
		           PM_ERR_INTERNAL_TEXT);
		return -1;
	}
	if (web_staff(req) == NULL) {
		to_login(req);
		return -1;
	}
	page_init(p, req, app);
	if ((app_role_bit(who->session.staff.role) & roles) == 0) {
		staff_fail(p, 403, "Accès refusé", "Not allowed",
		           "Votre rôle ne donne pas accès à cette page.",
		           "Your role does not give access to this page.");
		return -1;
	}
	if (http_query_bad(req)) {
		staff_fail(p, 400, "Adresse illisible", "Unreadable address",
		           "L’adresse de la page contient un caractère "
		           "invalide (codage ou UTF-8).",
		           "The page’s address holds an invalid character "
		           "(encoding or UTF-8).");
		return -1;
	}
	return 0;
}

/* The csrf value of the session token TOKEN into OUT. */
static void csrf_of(const char *token, char out[CSRF_LEN])
{
	static const char key[] = "porte staff csrf 1";
	unsigned char h[CSRF_BYTES];

	crypto_generichash(h, sizeof h, (const unsigned char *)token,
	                   strlen(token), (const unsigned char *)key,
	                   sizeof key - 1);
	sodium_bin2hex(out, CSRF_LEN, h, sizeof h);
}

int staff_post(page *p, http_request *req, void *app, unsigned roles)
{
	const char *given;
	char want[CSRF_LEN];

	if (staff_open(p, req, app, roles) != 0)
		return -1;
	given = http_form(req, "csrf");
	csrf_of(app_principal_of(req)->token, want);
	if (given == NULL || strlen(given) != CSRF_LEN - 1 ||
	    sodium_memcmp(given, want, CSRF_LEN - 1) != 0) {
		staff_fail(p, 403, "Formulaire expiré", "This form has expired",
		           "Rechargez la page et recommencez.",
		           "Reload the page and try again.");
		return -1;
	}
	return 0;
}

const store_staff *staff_me(const page *p)
{
	return &app_principal_of(p->req)->session.staff;
}

bool staff_has(const page *p, unsigned roles)
{
	return (app_role_bit(staff_me(p)->role) & roles) != 0;
}

const char *staff_who(const page *p, char *buf, size_t len)
{
	snprintf(buf, len, "staff:%lld", (long long)staff_me(p)->id);
	return buf;
}

const char *staff_l(const page *p, const char *fr, const char *en)
{
	return strcmp(p->lang, "en") == 0 ? en : fr;
}

void staff_t(page *p, const char *fr, const char *en)
{
	page_esc(p, staff_l(p, fr, en));
}

/* ---- the layout -------------------------------------------------------- */

typedef struct menu_item {
	staff_section section;
	const char *href;
	unsigned roles;
	const char *fr;
	const char *en;
} menu_item;

static const menu_item menu[] = {
        {STAFF_SEC_PLANNING, "/staff/planning", STAFF_CAN_PLAN, "Planning",
         "Planning"},
        {STAFF_SEC_BOOKINGS, "/staff/bookings", STAFF_CAN_PLAN, "Réservations",
         "Bookings"},
        {STAFF_SEC_REPEAT, "/staff/repeat", STAFF_CAN_PLAN, "Répétitions",
         "Repeating"},
        {STAFF_SEC_STATS, "/stats", STAFF_CAN_STATS, "Statistiques",
         "Statistics"},
        {STAFF_SEC_SITES, "/staff/sites", STAFF_CAN_SITES, "Sites", "Sites"},
        {STAFF_SEC_ROOMS, "/staff/rooms", STAFF_CAN_ROOMS, "Salles", "Rooms"},
        {STAFF_SEC_ACCOUNTS, "/staff/accounts", STAFF_CAN_ACCOUNTS, "Comptes",
         "Accounts"},
        {STAFF_SEC_DEVICES, "/staff/devices", STAFF_CAN_DEVICES, "Écrans",
         "Doors"},
        {STAFF_SEC_AUDIT, "/staff/audit", STAFF_CAN_AUDIT, "Journal",
         "Audit log"},
};

const char *staff_role_word(const page *p, store_role r)
{
	switch (r) {
	case ROLE_DESK:
		return staff_l(p, "Accueil", "Desk");
	case ROLE_ROOM_ADMIN:
		return staff_l(p, "Gestion des salles", "Room admin");
	case ROLE_FACILITIES:
		return staff_l(p, "Services généraux", "Facilities");
	default:
		return staff_l(p, "Super-admin", "Super-admin");
	}
}

static void add_menu(page *p, staff_section section)
{
	page_add(p, "<nav class=\"smenu\" aria-label=\"");
	staff_t(p, "Menu du personnel", "Staff menu");
	page_add(p, "\"><div class=\"wrap\"><ul>");
	for (size_t i = 0; i < sizeof menu / sizeof menu[0]; i++) {
		const menu_item *m = &menu[i];

		if (!staff_has(p, m->roles))
			continue;
		page_add(p, "<li><a href=\"");
		page_add(p, m->href);
		page_lang_query(p, true);
		page_add(p, "\"");
		if (m->section == section)
			page_add(p, " aria-current=\"page\"");
		page_add(p, ">");
		staff_t(p, m->fr, m->en);
		page_add(p, "</a></li>");
	}
	page_add(p, "</ul></div></nav>\n");
}

/* The sign-out button, a form (a link would be a GET that changes). */
static void add_logout(page *p)
{
	page_add(p, "<form class=\"logout\" method=\"post\" "
	            "action=\"/staff/logout\">");
	staff_csrf_field(p);
	page_add(p, "<button type=\"submit\">");
	staff_t(p, "Se déconnecter", "Sign out");
	page_add(p, "</button></form>");
}

void staff_begin(page *p, const char *title, staff_section section,
                 const char *self)
{
	char css[PAGE_CSS_ETAG_LEN];
	const char *other = page_tr(p, PM_LANG_OTHER_CODE);
	const store_staff *me = staff_me(p);

	page_css_etag(css);
	page_addf(p,
	          "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	          "<meta charset=\"utf-8\">\n"
	          "<meta name=\"viewport\" content=\"width=device-width, "
	          "initial-scale=1\">\n"
	          "<meta name=\"color-scheme\" content=\"light dark\">\n"
	          "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	          "<title>",
	          p->lang);
	page_esc(p, title);
	page_addf(p,
	          " · Porte</title>\n<link rel=\"icon\" href=\"data:,\">\n"
	          "<link rel=\"stylesheet\" href=\"/static/porte.css?v=%s\">\n"
	          "</head>\n<body class=\"staff\">\n<a class=\"skip\" "
	          "href=\"#main\">",
	          css);
	page_msg_add(p, PM_SKIP);
	page_add(p, "</a>\n<header class=\"bar\"><div class=\"wrap\">"
	            "<a class=\"brand\" href=\"/staff");
	page_lang_query(p, true);
	page_add(p, "\"><span class=\"logo\" aria-hidden=\"true\"></span>"
	            "Porte</a>\n<span class=\"site\">");
	staff_t(p, "Espace personnel", "Staff");
	page_add(p, "</span>\n<span class=\"me\"><span class=\"me-name\">");
	page_esc(p, me->name[0] != '\0' ? me->name : me->email);
	page_add(p, "</span> <span class=\"me-role\">");
	page_esc(p, staff_role_word(p, me->role));
	if (me->site[0] != '\0') {
		page_add(p, " · ");
		page_esc(p, me->site);
	}
	page_add(p, "</span></span>\n");
	add_logout(p);
	page_add(p, "<a class=\"lang\" href=\"");
	page_esc(p, self);
	page_addf(p, "%clang=%s\" hreflang=\"%s\" lang=\"%s\">",
	          strchr(self, '?') != NULL ? '&' : '?', other, other, other);
	page_msg_add(p, PM_LANG_OTHER_NAME);
	page_add(p, "</a>\n</div></header>\n");
	add_menu(p, section);
	page_add(p, "<main id=\"main\" class=\"wrap swide\">\n");
}

void staff_end(page *p)
{
	page_add(p, "</main>\n<footer class=\"foot\"><div class=\"wrap\"><p>");
	staff_t(p,
	        "Porte · espace du personnel. Chaque changement est inscrit au "
	        "journal avec son auteur.",
	        "Porte · staff pages. Every change is written to the audit log "
	        "with who made it.");
	page_add(p, "</p></div></footer>\n</body>\n</html>\n");
}

int staff_fail(page *p, unsigned status, const char *head_fr,
               const char *head_en, const char *text_fr, const char *text_en)
{
	const char *head = staff_l(p, head_fr, head_en);

	strbuf_reset(&p->out);
	staff_begin(p, head, STAFF_SEC_NONE, http_path(p->req));
	page_add(p, "<div class=\"card\"><h1>");
	page_esc(p, head);
	page_add(p, "</h1>\n<p>");
	staff_t(p, text_fr, text_en);
	page_add(p, "</p>\n<p><a href=\"/staff");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Retour à l’accueil du personnel", "Back to the staff home");
	page_add(p, "</a></p></div>\n");
	staff_end(p);
	if (status == 403)
		http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

int staff_store_fail(page *p, store_status s)
{
	const char *msg = store_errmsg(p->app->store);

	switch (s) {
	case STORE_NOT_FOUND:
		return staff_fail(p, 404, "Introuvable", "Not found", msg, msg);
	case STORE_FORBIDDEN:
	case STORE_UNAUTHORIZED:
		return staff_fail(p, 403, "Accès refusé", "Not allowed", msg,
		                  msg);
	case STORE_INVALID:
		return staff_fail(p, 400, "Demande incorrecte", "Bad request",
		                  msg, msg);
	case STORE_CONFLICT:
		return staff_fail(p, 409, "Conflit", "Conflict", msg, msg);
	default:
		return staff_fail(p, 500, "Erreur du serveur", "Server error",
		                  "Le serveur n’a pas pu répondre. Réessayez "
		                  "dans un instant.",
		                  "The server could not answer. Try again in a "
		                  "moment.");
	}
}

void staff_notice(page *p, bool ok, const char *text)
{
	page_add(p, ok ? "<div class=\"alert alert-ok\" role=\"status\"><p>"
	               : "<div class=\"alert alert-error\" role=\"alert\"><p>");
	page_esc(p, text);
	page_add(p, "</p></div>\n");
}

void staff_csrf_field(page *p)
{
	char v[CSRF_LEN];

	csrf_of(app_principal_of(p->req)->token, v);
	page_addf(p, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", v);
}

/* ---- small helpers ----------------------------------------------------- */

void staff_url_esc(page *p, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-' || *c == '.' ||
		    *c == '_' || *c == '~')
			strbuf_addc(&p->out, (char)*c);
		else
			page_addf(p, "%%%c%c", hex[*c >> 4], hex[*c & 15]);
	}
}

void staff_time(page *p, const tz_zone *z, porte_time t)
{
	cal_datetime l;

	if (t == 0 || z == NULL) {
		page_add(p, "—");
		return;
	}
	l = tz_to_local(z, t);
	page_addf(p, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour,
	          l.minute);
}

void staff_hhmm(page *p, const tz_zone *z, porte_time t)
{
	cal_datetime l;

	if (z == NULL) {
		page_add(p, "—");
		return;
	}
	l = tz_to_local(z, t);
	page_addf(p, "%02d:%02d", l.hour, l.minute);
}

const char *staff_status_word(const page *p, booking_status s)
{
	switch (s) {
	case BOOKING_PENDING:
		return staff_l(p, "En attente", "Pending");
	case BOOKING_CONFIRMED:
		return staff_l(p, "Confirmée", "Confirmed");
	case BOOKING_CHECKED_IN:
		return staff_l(p, "Présent", "Checked in");
	case BOOKING_ENDED:
		return staff_l(p, "Terminée", "Ended");
	case BOOKING_RELEASED:
		return staff_l(p, "Libérée", "Released");
	case BOOKING_CANCELLED:
		return staff_l(p, "Annulée", "Cancelled");
	case BOOKING_REMOVED:
		return staff_l(p, "Retirée", "Removed");
	default:
		return "?";
	}
}

const char *staff_status_class(booking_status s)
{
	switch (s) {
	case BOOKING_PENDING:
		return "st-pending";
	case BOOKING_CONFIRMED:
		return "st-confirmed";
	case BOOKING_CHECKED_IN:
		return "st-checkedin";
	case BOOKING_ENDED:
		return "st-ended";
	case BOOKING_RELEASED:
		return "st-released";
	case BOOKING_CANCELLED:
		return "st-cancelled";
	case BOOKING_REMOVED:
		return "st-removed";
	default:
		return "st-unknown";
	}
}

void staff_rule_text(page *p, const porte_rules *rr, rule_code rule)
{
	char d[7][PAGE_DUR_LEN], ahead[16];
	page_var vars[9];

	page_fmt_duration(p->lang, rr->granularity, d[0]);
	page_fmt_duration(p->lang, rr->min_duration, d[1]);
	page_fmt_duration(p->lang, rr->max_duration, d[2]);
	page_fmt_duration(p->lang, rr->daily_quota, d[3]);
	page_fmt_duration(p->lang, rr->monthly_quota, d[4]);
	page_fmt_duration(p->lang, rr->checkin_before, d[5]);
	page_fmt_duration(p->lang, rr->release_after, d[6]);
	snprintf(ahead, sizeof ahead, "%d", rr->too_far_ahead);
	vars[0] = (page_var){"grid", d[0]};
	vars[1] = (page_var){"min", d[1]};
	vars[2] = (page_var){"max", d[2]};
	vars[3] = (page_var){"daily", d[3]};
	vars[4] = (page_var){"monthly", d[4]};
	vars[5] = (page_var){"ahead", ahead};
	vars[6] = (page_var){"domains", ""};
	vars[7] = (page_var){"before", d[5]};
	vars[8] = (page_var){"after", d[6]};
	page_fill(&p->out, page_rule_text(p->lang, rule), vars, 9, true);
}

/*
 * staff_booking_new.c - a booking made at the desk for someone who asked
 * there or by phone:
 *
 *   GET  /staff/bookings/new    the form: room (those the staff member
 *                               may book for), date, start, end, the
 *                               booker's e-mail, a title, the mail's
 *                               language, "override the quota" and its
 *                               reason; room, date, start and end are
 *                               prefilled from the query (?room=SLUG&
 *                               date=YYYY-MM-DD&start=HH:MM&end=HH:MM, as
 *                               the planning's free slots link here)
 *   POST /staff/bookings/new    books it through the store, confirmed at
 *                               once (staff made it), the booker mailed as
 *                               usual (the outbox), and replies 201 with
 *                               the booker's link and check-in code to
 *                               hand over (shown once: only their hashes
 *                               are kept)
 *
 * The rules of core/ apply (hours, closures, longest booking, quotas);
 * staff may override a quota with a reason, never an overlap (409 with
 * the booking holding the slot). A date or time that does not exist
 * (2026-02-30, 02:30 on a spring-forward day), an overlong field or a
 * bad address gets the form again with the reason (400), a rule's
 * refusal 422, a room the staff member may not book 403; nothing saved.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "policy.h"
#include "staff_booking.h"

/* The fields as typed (borrowed from the request). */
typedef struct nb_in {
	const char *room, *date, *start, *end, *email, *title, *reason, *lang;
	bool override;
} nb_in;

/* A booking being made. */
typedef struct nb {
	nb_in in;
	store_room *rooms; /* those the staff member may book for */
	size_t nrooms;
	const store_room *room;
	const tz_zone *tz;
	porte_time start, end;
	unsigned status;             /* of the form with an error */
	const char *err_fr, *err_en; /* a bad field */
	bool time_err;               /* ERR is a time's: bk_time_text */
	bk_time_err terr;
	const char *twhat_fr, *twhat_en;
	rule_code rule; /* a rule's refusal */
	bool has_clash;
	store_search_row clash;
	char defaults[3][CAL_DATE_LEN]; /* date, start, end when not given */
} nb;

typedef const char *(*field_fn)(http_request *req, const char *name);

static bool given(const char *v)
{
	return v != NULL && v[0] != '\0';
}

static void nb_read(nb *b, http_request *req, field_fn get)
{
	nb_in *in = &b->in;

	in->room = get(req, "room");
	in->date = get(req, "date");
	in->start = get(req, "start");
	in->end = get(req, "end");
	in->email = get(req, "email");
	in->title = get(req, "title");
	in->reason = get(req, "reason");
	in->lang = get(req, "mail_lang");
	in->override = given(get(req, "override"));
}

static void nb_fail(nb *b, unsigned status, const char *fr, const char *en)
{
	if (b->status != 0)
		return;
	b->status = status;
	b->err_fr = fr;
	b->err_en = en;
}

static void nb_time_fail(nb *b, bk_time_err e, const char *fr, const char *en)
{
	if (b->status != 0)
		return;
	b->status = 400;
	b->time_err = true;
	b->terr = e;
	b->twhat_fr = fr;
	b->twhat_en = en;
}

/* The room: one of those the staff member may book for. */
static void check_room(page *p, nb *b)
{
	store_room r;

	if (!given(b->in.room)) {
		nb_fail(b, 400, "Choisissez une salle.", "Choose a room.");
		return;
	}
	b->room = bk_room_find(b->rooms, b->nrooms, b->in.room);
	if (b->room != NULL) {
		b->tz = page_zone(p, b->room->tz);
		return;
	}
	if (store_slug_ok(b->in.room) &&
	    store_room_get(p->app->store, b->in.room, &r) == STORE_OK)
		nb_fail(b, 403,
		        "Vous ne pouvez pas réserver cette salle : une salle "
		        "de formation se réserve par ses référents, et une "
		        "salle d’un autre site par son personnel.",
		        "You may not book this room: a training room is booked "
		        "by its referents, another site's room by its staff.");
	else
		nb_fail(b, 400, "Cette salle n’existe pas.",
		        "There is no such room.");
}

static void check_when(nb *b)
{
	bk_time_err e;

	if (b->tz == NULL)
		return;
	e = bk_local(b->tz, b->in.date, b->in.start, &b->start);
	if (e != BK_TIME_OK) {
		nb_time_fail(b, e, "Début", "Start");
		return;
	}
	e = bk_local(b->tz, b->in.date, b->in.end, &b->end);
	if (e != BK_TIME_OK) {
		nb_time_fail(b, e, "Fin", "End");
		return;
	}
	if (b->end <= b->start)
		nb_fail(b, 422, "La fin doit venir après le début.",
		        "The end must come after the start.");
}

static bool one_line(const char *s, size_t max)
{
	return strlen(bk_opt(s)) <= max && store_text_ok(bk_opt(s), max, false);
}

static void check_who(nb *b)
{
	const char *e = bk_opt(b->in.email);

	if (!one_line(b->in.title, STORE_TITLE_MAX))
		nb_fail(b, 400,
		        "Le titre tient sur une ligne de 200 octets au plus.",
		        "The title fits on one line of 200 bytes at most.");
	if (e[0] != '\0' &&
	    (!one_line(e, STORE_EMAIL_MAX) || !policy_email_valid(e)))
		nb_fail(b, 400, "Cette adresse e-mail n’est pas valable.",
		        "This e-mail address is not valid.");
	if (!one_line(b->in.reason, BK_REASON_MAX))
		nb_fail(b, 400,
		        "Le motif tient sur une ligne de 200 octets au plus.",
		        "The reason fits on one line of 200 bytes at most.");
	if (given(b->in.lang) && strcmp(b->in.lang, "fr") != 0 &&
	    strcmp(b->in.lang, "en") != 0)
		nb_fail(b, 400, "La langue de l’e-mail est fr ou en.",
		        "The e-mail's language is fr or en.");
	if (b->in.override && !given(b->in.reason))
		nb_fail(b, 422, "Dépasser le quota demande un motif.",
		        "Overriding the quota needs a reason.");
}

/* ---- the form ------------------------------------------------------------- */

/* Today, the next grid slot and an hour later, where not given. */
static void nb_defaults(page *p, nb *b)
{
	const store_room *r = b->room != NULL ? b->room
	                      : b->nrooms > 0 ? &b->rooms[0]
	                                      : NULL;
	const tz_zone *z = r != NULL ? page_zone(p, r->tz) : NULL;
	int step = r != NULL && r->rules.granularity > 0 ? r->rules.granularity
	                                                 : 30;
	porte_time t;

	if (z == NULL)
		return;
	t = tz_grid_ceil(z, p->now, step);
	cal_format_date(tz_date_of(z, t), b->defaults[0]);
	page_fmt_hhmm(z, t, b->defaults[1]);
	page_fmt_hhmm(z, t + 3600, b->defaults[2]);
	if (!given(b->in.date))
		b->in.date = b->defaults[0];
	if (!given(b->in.start) && !given(b->in.end)) {
		b->in.start = b->defaults[1];
		b->in.end = b->defaults[2];
	}
}

static void add_input(page *p, const char *cls, const char *fr, const char *en,
                      const char *name, const char *type, const char *value,
                      const char *extra)
{
	page_addf(p, "<label class=\"field %s\"><span class=\"label\">", cls);
	staff_t(p, fr, en);
	page_addf(p,
	          "</span><input type=\"%s\" name=\"%s\" id=\"nb-%s\" "
	          "value=\"",
	          type, name, name);
	page_esc(p, bk_opt(value));
	page_addf(p, "\" %s></label>\n", extra);
}

static void add_lang(page *p, const nb *b)
{
	const char *l = given(b->in.lang) ? b->in.lang : p->lang;

	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Langue", "Language");
	page_addf(p,
	          "</span><select name=\"mail_lang\">"
	          "<option value=\"fr\"%s>Français</option>"
	          "<option value=\"en\"%s>English</option></select></label>\n",
	          strcmp(l, "en") != 0 ? " selected" : "",
	          strcmp(l, "en") == 0 ? " selected" : "");
}

static void add_form(page *p, const nb *b)
{
	char step[32];
	int g = b->room != NULL && b->room->rules.granularity > 0
	                ? b->room->rules.granularity
	                : 30;

	snprintf(step, sizeof step, "required step=\"%d\"", g * 60);
	page_add(p, "<form class=\"card nb-form\" method=\"post\" "
	            "action=\"/staff/bookings/new");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	page_add(p, "\n<fieldset class=\"nb-set\"><legend>");
	staff_t(p, "Quand et où", "When and where");
	page_add(p, "</legend><div class=\"sform nb-when\">\n<label "
	            "class=\"field nb-room\"><span class=\"label\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</span><select name=\"room\" required>");
	bk_room_options(p, b->rooms, b->nrooms, b->in.room, false);
	page_add(p, "</select></label>\n");
	add_input(p, "nb-date", "Date", "Date", "date", "date", b->in.date,
	          "required");
	add_input(p, "", "Début", "Start", "start", "time", b->in.start, step);
	add_input(p, "", "Fin", "End", "end", "time", b->in.end, step);
	page_add(p, "</div></fieldset>\n<fieldset class=\"nb-set\"><legend>");
	staff_t(p, "Pour qui", "For whom");
	page_add(p, "</legend><div class=\"sform nb-who\">\n");
	add_input(p, "nb-half", "E-mail de la personne", "Booker's e-mail",
	          "email", "email", b->in.email,
	          "maxlength=\"254\" autocomplete=\"off\" "
	          "spellcheck=\"false\"");
	add_input(p, "nb-half", "Titre (affiché sur la porte)",
	          "Title (shown on the door)", "title", "text", b->in.title,
	          "maxlength=\"200\"");
	add_lang(p, b);
	page_add(p, "</div><p class=\"hint\">");
	staff_t(p,
	        "La personne reçoit un e-mail avec son lien ; sans adresse, "
	        "donnez-lui le lien et le code affichés ensuite.",
	        "The booker gets an e-mail with their link; without an "
	        "address, hand them the link and code shown next.");
	page_add(p, "</p></fieldset>\n<fieldset class=\"nb-set nb-quota\">"
	            "<legend>");
	staff_t(p, "Quota", "Quota");
	page_addf(p,
	          "</legend><label class=\"check\"><input type=\"checkbox\" "
	          "name=\"override\" value=\"1\"%s> ",
	          b->in.override ? " checked" : "");
	staff_t(p, "Dépasser le quota de la personne (jamais un chevauchement)",
	        "Override the booker's quota (never an overlap)");
	page_add(p, "</label>\n");
	add_input(p, "wide", "Motif du dépassement (obligatoire si coché)",
	          "Reason for the override (required when ticked)", "reason",
	          "text", b->in.reason, "maxlength=\"200\"");
	page_add(p, "</fieldset>\n<p class=\"nb-submit\"><button class=\"btn "
	            "btn-primary\" type=\"submit\">");
	staff_t(p, "Réserver", "Book");
	page_add(p, "</button> <span class=\"muted\">");
	staff_t(p, "Confirmée aussitôt ; les règles de la salle s’appliquent.",
	        "Confirmed at once; the room's rules apply.");
	page_add(p, "</span></p>\n</form>\n");
}

static void rule_item(page *p, const char *fr, const char *en, int minutes)
{
	char d[PAGE_DUR_LEN];

	page_add(p, "<dt>");
	staff_t(p, fr, en);
	page_add(p, "</dt><dd>");
	if (minutes > 0) {
		page_fmt_duration(p->lang, minutes, d);
		page_esc(p, d);
	} else {
		staff_t(p, "sans limite", "no limit");
	}
	page_add(p, "</dd>");
}

/* The rules of the room chosen (or the first), beside the form. */
static void add_rules(page *p, const nb *b)
{
	const store_room *r = b->room != NULL ? b->room : &b->rooms[0];
	const porte_rules *rr = &r->rules;

	page_add(p, "<aside class=\"card nb-rules\"><h2>");
	staff_t(p, "Règles de la salle", "The room's rules");
	page_add(p, "</h2><p class=\"muted\">");
	page_esc(p, r->name);
	page_add(p, "</p><dl class=\"facts\">");
	rule_item(p, "Pas de la grille", "Slot grid", rr->granularity);
	rule_item(p, "Durée minimale", "Shortest booking", rr->min_duration);
	rule_item(p, "Durée maximale", "Longest booking", rr->max_duration);
	rule_item(p, "Quota par jour", "Quota per day", rr->daily_quota);
	rule_item(p, "Quota par mois", "Quota per month", rr->monthly_quota);
	page_add(p, "<dt>");
	staff_t(p, "Au plus tard", "At most");
	page_addf(p, "</dt><dd>%d %s</dd></dl><p class=\"hint\">",
	          rr->too_far_ahead,
	          staff_l(p, "jours à l’avance", "days ahead"));
	staff_t(p,
	        "Les quotas comptent toutes les salles du site, par "
	        "personne. Le personnel peut les dépasser avec un motif ; "
	        "jamais un chevauchement.",
	        "Quotas count every room of the site, per booker. Staff may "
	        "override them with a reason; never an overlap.");
	page_add(p, "</p></aside>\n");
}

static void add_error(page *p, const nb *b)
{
	const porte_rules *rules = b->room != NULL ? &b->room->rules : NULL;

	if (b->status == 0 && b->rule == RULE_OK)
		return;
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\">");
	if (b->status != 200) {
		page_add(p, "<strong>");
		staff_t(p, "Rien n’a été enregistré.", "Nothing was saved.");
		page_add(p, "</strong>");
	}
	page_add(p, "<p>");
	if (b->time_err)
		bk_time_text(p, b->terr, b->twhat_fr, b->twhat_en);
	else if (b->err_fr != NULL)
		staff_t(p, b->err_fr, b->err_en);
	else if (rules != NULL)
		bk_rule_text(p, rules, b->rule);
	page_add(p, "</p>");
	if (b->rule == RULE_DAILY_QUOTA || b->rule == RULE_MONTHLY_QUOTA) {
		page_add(p, "<p>");
		staff_t(p,
		        "Le personnel peut dépasser un quota : cochez la case "
		        "et donnez un motif.",
		        "Staff may override a quota: tick the box and give a "
		        "reason.");
		page_add(p, "</p>");
	}
	if (b->has_clash)
		bk_clash_line(p, &b->clash, b->tz);
	page_add(p, "</div>\n");
}

static int form_reply(page *p, nb *b, unsigned status)
{
	const char *title = staff_l(p, "Nouvelle réservation", "New booking");

	nb_defaults(p, b);
	staff_begin(p, title, STAFF_SEC_BOOKINGS, "/staff/bookings/new");
	page_add(p, "<p class=\"bk-back\"><a href=\"/staff/bookings");
	page_lang_query(p, true);
	page_add(p, "\">← ");
	staff_t(p, "Réservations", "Bookings");
	page_add(p, "</a></p>\n<h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n");
	add_error(p, b);
	if (b->nrooms == 0)
		staff_notice(p, false,
		             staff_l(p, "Vous ne gérez aucune salle.",
		                     "You manage no room."));
	else {
		page_add(p, "<div class=\"nb-layout\">");
		add_form(p, b);
		add_rules(p, b);
		page_add(p, "</div>\n");
	}
	staff_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

/* ---- the result ----------------------------------------------------------- */

static void add_summary(page *p, const nb *b, const store_booking_res *res)
{
	char day[PAGE_DAY_LEN];

	page_fmt_day(p->lang, tz_date_of(b->tz, res->start), day);
	page_add(p, "<dl class=\"facts\">");
	page_add(p, "<dt>");
	staff_t(p, "Salle", "Room");
	page_add(p, "</dt><dd>");
	page_esc(p, b->room->name);
	page_add(p, "</dd><dt>");
	staff_t(p, "Quand", "When");
	page_add(p, "</dt><dd>");
	page_esc(p, day);
	page_add(p, ", ");
	staff_hhmm(p, b->tz, res->start);
	page_add(p, "–");
	staff_hhmm(p, b->tz, res->end);
	page_add(p, "</dd><dt>");
	staff_t(p, "Personne", "Booker");
	page_add(p, "</dt><dd>");
	bk_booker(p, b->in.email, false);
	page_add(p, "</dd>");
	if (given(b->in.title)) {
		page_add(p, "<dt>");
		staff_t(p, "Titre", "Title");
		page_add(p, "</dt><dd>");
		page_esc(p, b->in.title);
		page_add(p, "</dd>");
	}
	page_add(p, "<dt>");
	staff_t(p, "État", "State");
	page_add(p, "</dt><dd>");
	bk_badge(p, res->status);
	page_add(p, "</dd>");
	if (b->in.override) {
		page_add(p, "<dt>");
		staff_t(p, "Quota", "Quota");
		page_add(p, "</dt><dd>");
		staff_t(p, "dépassement autorisé : ", "override allowed: ");
		page_esc(p, b->in.reason);
		page_add(p, "</dd>");
	}
	page_add(p, "</dl>\n");
}

static void add_handover(page *p, const store_booking_res *res)
{
	char url[PAGE_URL_MAX];

	if (res->token[0] == '\0' ||
	    store_booking_url(p->app->store, res->id, res->token, url,
	                      sizeof url) >= (int)sizeof url)
		url[0] = '\0';
	page_add(p, "<section class=\"card nb-hand\"><h2>");
	staff_t(p, "À remettre à la personne", "To hand to the booker");
	page_add(p, "</h2><p class=\"hint\">");
	staff_t(p,
	        "Affichés une seule fois : Porte n’en garde qu’une empreinte.",
	        "Shown once: Porte keeps only a hash of them.");
	page_add(p, "</p><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Lien de la réservation (confirmer, annuler, arriver)",
	        "The booking's link (confirm, cancel, check in)");
	page_add(p, "</span><input class=\"nb-link\" type=\"text\" readonly "
	            "value=\"");
	page_esc(p, url);
	page_add(p, "\"></label><p class=\"nb-link-text\"><a href=\"");
	page_esc(p, url);
	page_add(p, "\">");
	page_esc(p, url);
	page_add(p, "</a></p>");
	if (res->code[0] != '\0') {
		page_add(p, "<div class=\"codebox\"><span class=\"label\">");
		staff_t(p, "Code d’enregistrement à la porte",
		        "Check-in code at the door");
		page_add(p, "</span><span class=\"nb-code\">");
		page_esc(p, res->code);
		page_add(p, "</span></div>");
	}
	page_add(p, "</section>\n");
}

static int done_reply(page *p, const nb *b, const store_booking_res *res)
{
	const char *title = staff_l(p, "Réservation faite", "Booking made");
	char date[CAL_DATE_LEN];

	staff_begin(p, title, STAFF_SEC_BOOKINGS, "/staff/bookings/new");
	page_add(p, "<h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n<div class=\"alert alert-ok\" role=\"status\"><p>");
	staff_t(p, "La réservation est confirmée", "The booking is confirmed");
	if (given(b->in.email)) {
		staff_t(p, " ; un e-mail part vers ", "; an e-mail goes to ");
		page_esc(p, b->in.email);
	}
	page_add(p, ".</p></div>\n<div class=\"bk-grid\">\n<section "
	            "class=\"card\"><h2>");
	staff_t(p, "Résumé", "Summary");
	page_add(p, "</h2>");
	add_summary(p, b, res);
	page_addf(p,
	          "<p class=\"nb-next\"><a class=\"btn btn-primary\" "
	          "href=\"/staff/bookings/%lld",
	          (long long)res->id);
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Ouvrir la réservation", "Open the booking");
	page_add(p, "</a> <a class=\"btn btn-quiet\" href=\"/staff/bookings/"
	            "new");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Une autre", "Another one");
	cal_format_date(tz_date_of(b->tz, res->start), date);
	page_addf(p,
	          "</a> <a class=\"btn btn-quiet\" href=\"/staff/planning"
	          "?date=%s",
	          date);
	page_lang_query(p, false);
	page_add(p, "\">");
	staff_t(p, "Planning du jour", "The day's planning");
	page_add(p, "</a></p></section>\n");
	add_handover(p, res);
	page_add(p, "</div>\n");
	staff_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, 201);
}

/* ---- the routes ----------------------------------------------------------- */

static int route_form(http_request *req, void *app)
{
	store_status rc;
	page p;
	nb b;
	int r;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&b, 0, sizeof b);
	nb_read(&b, req, http_query);
	rc = bk_rooms(&p, &b.rooms, &b.nrooms);
	if (rc != STORE_OK)
		return staff_store_fail(&p, rc);
	if (given(b.in.room)) {
		b.room = bk_room_find(b.rooms, b.nrooms, b.in.room);
		if (b.room == NULL) {
			nb_fail(&b, 200,
			        "Cette salle n’est pas parmi celles que vous "
			        "pouvez réserver.",
			        "This room is not one of those you may book.");
			b.in.room = NULL;
		}
	}
	r = form_reply(&p, &b, 200);
	free(b.rooms);
	return r;
}

/* The store's booking, or the form again with why not. */
static int nb_create(page *p, nb *b)
{
	store_booking_req req;
	store_booking_res res;
	store_status rc;

	memset(&req, 0, sizeof req);
	req.room = b->room->slug;
	req.start = b->start;
	req.end = b->end;
	req.title = given(b->in.title) ? b->in.title : NULL;
	req.email = given(b->in.email) ? b->in.email : NULL;
	req.lang = given(b->in.lang) ? b->in.lang : p->lang;
	req.actor.kind = ACTOR_STAFF;
	req.actor.id = staff_me(p)->id;
	req.override_quota = b->in.override;
	req.reason = b->in.override ? b->in.reason : NULL;
	rc = store_booking_create(p->app->store, &req, p->now, &res);
	switch (rc) {
	case STORE_OK:
		return done_reply(p, b, &res);
	case STORE_REFUSED:
		b->rule = res.rule;
		if (res.rule == RULE_OVERLAP || res.rule == RULE_CAPACITY_FULL)
			b->has_clash =
			        store_booking_clash(
			                p->app->store, b->room->slug, b->start,
			                b->end, 0, &b->clash) == STORE_OK;
		return form_reply(p, b, bk_rule_status(res.rule));
	case STORE_INVALID:
		nb_fail(b, 400, store_errmsg(p->app->store),
		        store_errmsg(p->app->store));
		return form_reply(p, b, 400);
	case STORE_FORBIDDEN:
		nb_fail(b, 403, store_errmsg(p->app->store),
		        store_errmsg(p->app->store));
		return form_reply(p, b, 403);
	default:
		return staff_store_fail(p, rc);
	}
}

static int route_create(http_request *req, void *app)
{
	store_status rc;
	page p;
	nb b;
	int r;

	if (bk_form_unreadable(req))
		return bk_unreadable_reply(req, app);
	if (staff_post(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&b, 0, sizeof b);
	nb_read(&b, req, http_form);
	rc = bk_rooms(&p, &b.rooms, &b.nrooms);
	if (rc != STORE_OK)
		return staff_store_fail(&p, rc);
	check_room(&p, &b);
	check_when(&b);
	check_who(&b);
	if (b.status != 0)
		r = form_reply(&p, &b, b.status);
	else
		r = nb_create(&p, &b);
	free(b.rooms);
	return r;
}

const http_route staff_booking_new_route = {"GET", "/staff/bookings/new",
                                            route_form, 0};
const http_route staff_booking_create_route = {"POST", "/staff/bookings/new",
                                               route_create, 0};

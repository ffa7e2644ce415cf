/*
 * staff_booking_one.c - one booking for the desk, and its actions:
 *
 *   GET  /staff/bookings/{id}   the booking (room, site, local times in
 *                               the site's zone, booker, title, state,
 *                               check-in, who made it) with its event log
 *                               and the forms its state allows; ?done=
 *                               ACTION says an action went through
 *   POST /staff/bookings/{id}   action=cancel (reason optional), remove
 *                               (reason required: a late patron's
 *                               booking), extend (end=HH:MM, the rules
 *                               again: no overlap, opening hours),
 *                               checkin (on the patron's behalf): the
 *                               store's action as the API makes it, then
 *                               303 to ?done=ACTION; a refusal shows the
 *                               page again with the reason (409 for the
 *                               room or the state, 422 for a rule, 400 for
 *                               bad input) and changes nothing
 *
 * The staff member must be allowed to manage the booking's room
 * (store_staff_may: their site, training rooms for referents): 403
 * otherwise. An unknown or non-numeric id is 404.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff_booking.h"

/* The booking shown, and what the last action met. */
typedef struct one {
	int64_t id;
	store_booking_info b;
	store_room room;
	const tz_zone *tz;
	const char *done;            /* ?done= */
	const char *action;          /* POST: the action tried */
	const char *reason, *end;    /* POST: as typed */
	const char *err_fr, *err_en; /* a refusal that is not a rule */
	rule_code rule;              /* a rule's refusal */
	bool has_clash;
	store_search_row clash;
} one;

static bool given(const char *v)
{
	return v != NULL && v[0] != '\0';
}

/* Loads booking ID for the signed-in staff member. Returns 0, or -1
 * after replying (404, 403...). */
static int one_load(page *p, one *o)
{
	const char *param = http_param(p->req, "id");
	store_status rc;

	if (page_parse_id(param, &o->id) != 0) {
		staff_fail(p, 404, "Introuvable", "Not found",
		           "Il n’y a pas de réservation à cette adresse.",
		           "There is no booking at this address.");
		return -1;
	}
	rc = store_booking_get(p->app->store, o->id, &o->b);
	if (rc == STORE_OK)
		rc = store_staff_may(p->app->store, staff_me(p)->id,
		                     STORE_PERM_BOOKINGS, NULL, o->b.room);
	if (rc == STORE_FORBIDDEN) {
		staff_fail(p, 403, "Accès refusé", "Not allowed",
		           "Cette réservation est dans une salle que vous ne "
		           "gérez pas (autre site, ou salle de formation dont "
		           "vous n’êtes pas référent).",
		           "This booking is in a room you do not manage "
		           "(another site, or a training room you are not a "
		           "referent of).");
		return -1;
	}
	if (rc == STORE_NOT_FOUND) {
		staff_fail(p, 404, "Introuvable", "Not found",
		           "Cette réservation n’existe pas.",
		           "There is no such booking.");
		return -1;
	}
	if (rc == STORE_OK)
		rc = store_room_get(p->app->store, o->b.room, &o->room);
	if (rc != STORE_OK) {
		staff_store_fail(p, rc);
		return -1;
	}
	o->tz = page_zone(p, o->b.tz);
	return 0;
}

/* ---- what the state allows ------------------------------------------------ */

static bool may_checkin(const page *p, const one *o)
{
	booking_status s = o->b.b.status;

	return (s == BOOKING_CONFIRMED || s == BOOKING_RELEASED) &&
	       p->now >= o->b.checkin_opens && p->now < o->b.b.end;
}

static bool may_extend(const page *p, const one *o)
{
	booking_status s = o->b.b.status;

	return (s == BOOKING_CONFIRMED || s == BOOKING_CHECKED_IN) &&
	       p->now < o->b.b.end;
}

static bool may_cancel(const page *p, const one *o)
{
	booking_status s = o->b.b.status;

	return (s == BOOKING_PENDING || s == BOOKING_CONFIRMED) &&
	       p->now < o->b.b.end;
}

static bool may_remove(const one *o)
{
	booking_status s = o->b.b.status;

	return s == BOOKING_PENDING || s == BOOKING_CONFIRMED ||
	       s == BOOKING_CHECKED_IN;
}

/* A confirmed booking whose start has passed without a check-in. */
static bool is_late(const page *p, const one *o)
{
	return o->b.b.status == BOOKING_CONFIRMED && p->now >= o->b.b.start;
}

/* ---- the details ---------------------------------------------------------- */

static void fact(page *p, const char *fr, const char *en)
{
	page_add(p, "<dt>");
	staff_t(p, fr, en);
	page_add(p, "</dt><dd>");
}

/* Appends who an actor is: the booker, a door, a staff member's name,
 * Porte itself. */
static void add_actor(page *p, actor_kind kind, int64_t id)
{
	store_staff s;

	switch (kind) {
	case ACTOR_PATRON:
		staff_t(p, "la personne", "the booker");
		break;
	case ACTOR_DEVICE:
		page_addf(p, "%s %lld",
		          staff_l(p, "l’écran de porte n°", "door display #"),
		          (long long)id);
		break;
	case ACTOR_STAFF:
		if (store_staff_get(p->app->store, id, &s) == STORE_OK) {
			page_esc(p, s.name[0] != '\0' ? s.name : s.email);
		} else {
			page_addf(p, "%s %lld",
			          staff_l(p, "personnel n°", "staff #"),
			          (long long)id);
		}
		break;
	default:
		staff_t(p, "Porte (automatique)", "Porte (automatic)");
		break;
	}
}

static void add_link_fact(page *p, const one *o)
{
	fact(p, "Lien de la personne", "Booker's link");
	if (o->b.email[0] != '\0')
		staff_t(p,
		        "envoyé par e-mail ; Porte n’en garde qu’une "
		        "empreinte, "
		        "il ne peut pas être réaffiché.",
		        "sent by e-mail; Porte keeps only a hash of it, so it "
		        "cannot be shown again.");
	else if (o->b.walk_in)
		staff_t(p, "aucun (réservation sur place).",
		        "none (booked at the door).");
	else
		staff_t(p, "remis à la création de la réservation.",
		        "handed over when the booking was made.");
	page_add(p, "</dd>");
}

static void add_details(page *p, const one *o)
{
	const store_booking_info *b = &o->b;

	page_add(p, "<section class=\"card bk-facts\"><h2>");
	staff_t(p, "Détails", "Details");
	page_add(p, "</h2><dl class=\"facts\">");
	fact(p, "Salle", "Room");
	page_esc(p, b->room_name);
	page_add(p, " <span class=\"muted\">");
	page_esc(p, o->room.site_name);
	page_add(p, "</span></dd>");
	fact(p, "Début", "Start");
	staff_time(p, o->tz, b->b.start);
	page_add(p, "</dd>");
	fact(p, "Fin", "End");
	staff_time(p, o->tz, b->b.end);
	page_add(p, " <span class=\"muted\">(");
	page_esc(p, b->tz);
	page_add(p, ")</span></dd>");
	fact(p, "Personne", "Booker");
	bk_booker(p, b->email, b->walk_in);
	page_add(p, "</dd>");
	fact(p, "Titre", "Title");
	if (b->title[0] != '\0')
		page_esc(p, b->title);
	else
		page_add(p, "<span class=\"muted\">—</span>");
	page_add(p, "</dd>");
	fact(p, "État", "State");
	bk_badge(p, b->b.status);
	page_add(p, "</dd>");
	fact(p, "Arrivée", "Checked in");
	staff_time(p, o->tz, b->b.checked_in_at);
	page_add(p, "</dd>");
	if (b->code[0] != '\0' && !b->walk_in) {
		fact(p, "Code d’enregistrement", "Check-in code");
		page_add(p, "<span class=\"bk-code\">");
		page_esc(p, b->code);
		page_add(p, "</span></dd>");
	}
	fact(p, "Créée", "Made");
	staff_time(p, o->tz, b->b.created_at);
	page_add(p, " · ");
	add_actor(p, b->creator, b->creator_id);
	page_add(p, "</dd>");
	add_link_fact(p, o);
	page_add(p, "</dl></section>\n");
}

/* ---- the actions ---------------------------------------------------------- */

static void form_open(page *p, const one *o, const char *action,
                      const char *cls)
{
	page_addf(p,
	          "<form class=\"bk-act %s\" method=\"post\" "
	          "action=\"/staff/bookings/%lld",
	          cls, (long long)o->id);
	page_lang_query(p, true);
	page_addf(p, "\">");
	staff_csrf_field(p);
	page_addf(p, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	          action);
}

static void add_checkin(page *p, const one *o)
{
	form_open(p, o, "checkin", "bk-act-checkin");
	page_add(p, "<h3>");
	staff_t(p, "Enregistrer l’arrivée", "Check in");
	page_add(p, "</h3><p class=\"hint\">");
	staff_t(p, "Pour la personne présente à l’accueil.",
	        "For a patron standing at the desk.");
	page_add(p, "</p><button class=\"btn btn-primary\" type=\"submit\">");
	staff_t(p, "Enregistrer l’arrivée", "Check in");
	page_add(p, "</button></form>\n");
}

static void add_extend(page *p, const one *o)
{
	char value[PAGE_HHMM_LEN];
	const char *typed = o->end;
	int step =
	        o->room.rules.granularity > 0 ? o->room.rules.granularity : 30;

	if (!given(typed) || o->action == NULL ||
	    strcmp(o->action, "extend") != 0) {
		page_fmt_hhmm(o->tz, o->b.b.end + (porte_time)step * 60, value);
		typed = value;
	}
	form_open(p, o, "extend", "bk-act-extend");
	page_add(p, "<h3>");
	staff_t(p, "Prolonger", "Extend");
	page_add(p, "</h3><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Nouvelle heure de fin", "New end time");
	page_addf(p,
	          "</span><input type=\"time\" name=\"end\" step=\"%d\" "
	          "required value=\"",
	          step * 60);
	page_esc(p, typed);
	page_add(p, "\"><span class=\"hint\">");
	staff_t(p,
	        "Les règles s’appliquent : pas de chevauchement, heures "
	        "d’ouverture, durée maximale.",
	        "The rules apply: no overlap, opening hours, longest "
	        "booking.");
	page_add(p, "</span></label><button class=\"btn btn-quiet\" "
	            "type=\"submit\">");
	staff_t(p, "Prolonger", "Extend");
	page_add(p, "</button></form>\n");
}

static const char *kept_reason(const one *o, const char *action)
{
	if (o->action != NULL && strcmp(o->action, action) == 0)
		return bk_opt(o->reason);
	return "";
}

static void add_cancel(page *p, const one *o)
{
	form_open(p, o, "cancel", "bk-act-cancel");
	page_add(p, "<h3>");
	staff_t(p, "Annuler", "Cancel");
	page_add(p, "</h3><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Motif (facultatif)", "Reason (optional)");
	page_add(p, "</span><input type=\"text\" name=\"reason\" "
	            "maxlength=\"200\" value=\"");
	page_esc(p, kept_reason(o, "cancel"));
	page_add(p, "\"></label><button class=\"btn btn-quiet\" "
	            "type=\"submit\">");
	staff_t(p, "Annuler la réservation", "Cancel the booking");
	page_add(p, "</button></form>\n");
}

static void add_remove(page *p, const one *o, bool late)
{
	form_open(p, o, "remove", "bk-act-remove");
	page_add(p, "<h3>");
	if (late)
		staff_t(p, "Retirer la réservation (retard)",
		        "Remove the booking (late patron)");
	else
		staff_t(p, "Retirer la réservation", "Remove the booking");
	page_add(p, "</h3><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Motif (obligatoire, envoyé à la personne)",
	        "Reason (required, sent to the booker)");
	page_add(p, "</span><input type=\"text\" name=\"reason\" "
	            "maxlength=\"200\" required value=\"");
	page_esc(p, kept_reason(o, "remove"));
	page_add(p, "\" placeholder=\"");
	staff_t(p, "Absent à l’heure du début", "Not there at the start");
	page_add(p, "\"></label><button class=\"btn btn-danger\" "
	            "type=\"submit\">");
	staff_t(p, "Retirer la réservation", "Remove the booking");
	page_add(p, "</button></form>\n");
}

/* A closed booking whose slot is still ahead: a link to book what is
 * left of it for someone else (the new booking's form, prefilled). */
static void add_rebook(page *p, const one *o)
{
	booking_status s = o->b.b.status;
	int g = o->room.rules.granularity > 0 ? o->room.rules.granularity : 30;
	porte_time from = o->b.b.start;
	char date[CAL_DATE_LEN], a[PAGE_HHMM_LEN], b[PAGE_HHMM_LEN];

	if ((s != BOOKING_REMOVED && s != BOOKING_RELEASED &&
	     s != BOOKING_CANCELLED) ||
	    o->tz == NULL)
		return;
	if (from < p->now)
		from = tz_grid_ceil(o->tz, p->now, g);
	if (from >= o->b.b.end)
		return;
	cal_format_date(tz_date_of(o->tz, from), date);
	page_fmt_hhmm(o->tz, from, a);
	page_fmt_hhmm(o->tz, o->b.b.end, b);
	page_add(p, "<p class=\"bk-rebook\"><a class=\"btn btn-quiet\" "
	            "href=\"/staff/bookings/new?room=");
	staff_url_esc(p, o->b.room);
	page_addf(p, "&amp;date=%s&amp;start=%s&amp;end=%s", date, a, b);
	page_lang_query(p, false);
	page_add(p, "\">");
	staff_t(p, "Réserver le créneau libéré (", "Book the freed slot (");
	page_addf(p, "%s–%s)</a></p>", a, b);
}

static void add_actions(page *p, const one *o)
{
	bool late = is_late(p, o), any = false;

	page_add(p, "<section class=\"card bk-actions\"><h2>");
	staff_t(p, "Actions", "Actions");
	page_add(p, "</h2>\n");
	if (may_checkin(p, o)) {
		add_checkin(p, o);
		any = true;
	}
	if (late && may_remove(o)) {
		add_remove(p, o, true);
		any = true;
	}
	if (may_extend(p, o)) {
		add_extend(p, o);
		any = true;
	}
	if (may_cancel(p, o)) {
		add_cancel(p, o);
		any = true;
	}
	if (!late && may_remove(o)) {
		add_remove(p, o, false);
		any = true;
	}
	if (!any) {
		page_add(p, "<p class=\"muted\">");
		staff_t(p, "Aucune action possible : la réservation est close.",
		        "Nothing to do: the booking is closed.");
		page_add(p, "</p>");
		add_rebook(p, o);
	}
	page_add(p, "</section>\n");
}

/* ---- the event log -------------------------------------------------------- */

static const char *kind_word(const page *p, const char *kind)
{
	static const char *const w[][3] = {
	        {"create", "Créée", "Made"},
	        {"confirm", "Confirmée", "Confirmed"},
	        {"checkin", "Arrivée enregistrée", "Checked in"},
	        {"end", "Terminée", "Ended"},
	        {"extend", "Prolongée", "Extended"},
	        {"cancel", "Annulée", "Cancelled"},
	        {"remove", "Retirée", "Removed"},
	        {"release", "Libérée (absence)", "Released (no-show)"},
	        {"expire", "Expirée (non confirmée)",
	         "Expired (not confirmed)"},
	};

	for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (strcmp(w[i][0], kind) == 0)
			return staff_l(p, w[i][1], w[i][2]);
	}
	return kind;
}

/* True when detail KEY = V of an event says something worth showing. */
static bool detail_shown(const char *key, const json_t *v)
{
	if (strcmp(key, "reason") == 0)
		return json_is_string(v);
	if (strcmp(key, "previous_end") == 0 || strcmp(key, "late_s") == 0)
		return json_is_integer(v);
	return strcmp(key, "quota_overridden") == 0 ||
	       strcmp(key, "walk_in") == 0 || strcmp(key, "after_release") == 0;
}

/* Appends detail KEY = V of an event (detail_shown), in words. */
static void add_detail(page *p, const one *o, const char *key, json_t *v)
{
	if (strcmp(key, "reason") == 0) {
		staff_t(p, "Motif : ", "Reason: ");
		page_add(p, "<q>");
		page_esc(p, json_string_value(v));
		page_add(p, "</q>");
	} else if (strcmp(key, "previous_end") == 0) {
		staff_t(p, "fin précédente ", "previous end ");
		staff_hhmm(p, o->tz, (porte_time)json_integer_value(v));
	} else if (strcmp(key, "quota_overridden") == 0) {
		staff_t(p, "quota dépassé par le personnel",
		        "quota overridden by staff");
	} else if (strcmp(key, "walk_in") == 0) {
		staff_t(p, "sur place", "walk-in");
	} else if (strcmp(key, "after_release") == 0) {
		staff_t(p, "après la libération", "after the release");
	} else {
		page_addf(p, "%s %lld min",
		          staff_l(p, "transmis en différé de",
		                  "delivered late by"),
		          (long long)(json_integer_value(v) / 60));
	}
}

static void add_details_of(page *p, const one *o, const char *text)
{
	json_t *d = json_loads(text, 0, NULL);
	const char *key;
	json_t *v;
	bool first = true;

	json_object_foreach(d, key, v)
	{
		if (!detail_shown(key, v))
			continue;
		if (!first)
			page_add(p, " · ");
		add_detail(p, o, key, v);
		first = false;
	}
	json_decref(d);
}

static void add_events(page *p, const one *o)
{
	store_event *ev = NULL;
	size_t n = 0;

	if (store_booking_events(p->app->store, o->id, &ev, &n) != STORE_OK)
		n = 0;
	page_add(p, "<section class=\"card bk-log\"><h2>");
	staff_t(p, "Journal de la réservation", "The booking's log");
	page_add(p, "</h2>\n<div class=\"stable-wrap\"><table class=\"stable "
	            "bk-events\"><thead><tr><th scope=\"col\">");
	staff_t(p, "Quand", "When");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Événement", "Event");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Par", "By");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Détails", "Details");
	page_add(p, "</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		page_add(p, "<tr><td class=\"bk-time\">");
		staff_time(p, o->tz, ev[i].at);
		page_add(p, "</td><td class=\"ev-");
		page_esc(p, ev[i].kind);
		page_add(p, "\">");
		page_esc(p, kind_word(p, ev[i].kind));
		page_add(p, "</td><td>");
		add_actor(p, ev[i].actor, ev[i].actor_id);
		page_add(p, "</td><td>");
		add_details_of(p, o, ev[i].details);
		page_add(p, "</td></tr>\n");
	}
	page_add(p, "</tbody></table></div></section>\n");
	free(ev);
}

/* ---- the page ------------------------------------------------------------- */

static const char *done_text(const page *p, const char *done)
{
	static const char *const w[][3] = {
	        {"cancel", "La réservation est annulée.",
	         "The booking is cancelled."},
	        {"remove",
	         "La réservation est retirée ; la personne est "
	         "prévenue par e-mail.",
	         "The booking is removed; the booker is told by e-mail."},
	        {"extend", "La réservation est prolongée.",
	         "The booking is extended."},
	        {"checkin", "L’arrivée est enregistrée.",
	         "The booking is checked in."},
	};

	for (size_t i = 0; done != NULL && i < sizeof w / sizeof w[0]; i++) {
		if (strcmp(w[i][0], done) == 0)
			return staff_l(p, w[i][1], w[i][2]);
	}
	return NULL;
}

static void add_refusal(page *p, const one *o)
{
	if (o->err_fr == NULL && o->rule == RULE_OK)
		return;
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\"><strong>");
	staff_t(p, "Rien n’a été changé.", "Nothing was changed.");
	page_add(p, "</strong><p>");
	if (o->err_fr != NULL)
		staff_t(p, o->err_fr, o->err_en);
	else
		bk_rule_text(p, &o->room.rules, o->rule);
	page_add(p, "</p>");
	if (o->has_clash)
		bk_clash_line(p, &o->clash, o->tz);
	page_add(p, "</div>\n");
}

static void add_late(page *p, const one *o)
{
	if (!is_late(p, o))
		return;
	page_add(p, "<div class=\"alert alert-warn\" role=\"status\"><p>");
	staff_t(p, "Pas d’arrivée enregistrée depuis le début (",
	        "Not checked in since the start (");
	staff_hhmm(p, o->tz, o->b.b.start);
	staff_t(p, "). Libération automatique à ",
	        "). Released automatically at ");
	staff_hhmm(p, o->tz, o->b.release_deadline);
	page_add(p, ".</p></div>\n");
}

static void add_head(page *p, const one *o)
{
	char day[PAGE_DAY_LEN];

	page_fmt_day(p->lang, tz_date_of(o->tz, o->b.b.start), day);
	page_add(p, "<p class=\"bk-back\"><a href=\"/staff/bookings");
	page_lang_query(p, true);
	page_add(p, "\">← ");
	staff_t(p, "Réservations", "Bookings");
	page_add(p, "</a></p>\n<div class=\"bk-head\"><div><h1>");
	page_esc(p, o->b.room_name);
	page_add(p, " ");
	bk_badge(p, o->b.b.status);
	page_add(p, "</h1><p class=\"bk-sub\">");
	page_esc(p, day);
	page_add(p, " · ");
	staff_hhmm(p, o->tz, o->b.b.start);
	page_add(p, "–");
	staff_hhmm(p, o->tz, o->b.b.end);
	page_addf(p, " · %s %lld</p></div></div>\n", staff_l(p, "n°", "#"),
	          (long long)o->id);
}

static int one_reply(page *p, one *o, unsigned status)
{
	char title[64], self[64];
	const char *done = done_text(p, o->done);

	snprintf(title, sizeof title, "%s %lld",
	         staff_l(p, "Réservation n°", "Booking #"), (long long)o->id);
	snprintf(self, sizeof self, "/staff/bookings/%lld", (long long)o->id);
	staff_begin(p, title, STAFF_SEC_BOOKINGS, self);
	add_head(p, o);
	if (done != NULL && status == 200)
		staff_notice(p, true, done);
	add_refusal(p, o);
	add_late(p, o);
	page_add(p, "<div class=\"bk-grid\">\n");
	add_details(p, o);
	add_actions(p, o);
	page_add(p, "</div>\n");
	add_events(p, o);
	staff_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

static int route_one(http_request *req, void *app)
{
	page p;
	one o;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&o, 0, sizeof o);
	if (one_load(&p, &o) != 0)
		return 0;
	o.done = http_query(req, "done");
	return one_reply(&p, &o, 200);
}

/* ---- the actions' POST ---------------------------------------------------- */

static int act_fail(page *p, one *o, unsigned status, const char *fr,
                    const char *en)
{
	o->err_fr = fr;
	o->err_en = en;
	return one_reply(p, o, status);
}

/* Reads the action's fields into ACT. Returns 0, or an HTTP status with
 * O's error. */
static unsigned act_read(const page *p, one *o, store_act *act)
{
	static const char *const names[] = {"cancel", "remove", "extend",
	                                    "checkin"};
	static const booking_action_kind kinds[] = {
	        BOOKING_CANCEL, BOOKING_REMOVE, BOOKING_EXTEND,
	        BOOKING_CHECKIN};
	size_t i;

	for (i = 0; i < 4; i++) {
		if (o->action != NULL && strcmp(o->action, names[i]) == 0)
			break;
	}
	if (i == 4) {
		o->err_fr = "Action inconnue.";
		o->err_en = "Unknown action.";
		return 400;
	}
	act->kind = kinds[i];
	if (strlen(bk_opt(o->reason)) > BK_REASON_MAX ||
	    !store_text_ok(bk_opt(o->reason), BK_REASON_MAX, false)) {
		o->err_fr =
		        "Le motif tient sur une ligne de 200 octets au plus.";
		o->err_en = "The reason fits on one line of 200 bytes at most.";
		return 400;
	}
	if (act->kind == BOOKING_REMOVE && !given(o->reason)) {
		o->err_fr = "Retirer une réservation demande un motif.";
		o->err_en = "Removing a booking needs a reason.";
		return 422;
	}
	act->reason = given(o->reason) ? o->reason : NULL;
	if (act->kind == BOOKING_EXTEND) {
		char date[CAL_DATE_LEN];

		cal_format_date(tz_date_of(o->tz, o->b.b.start), date);
		if (bk_local(o->tz, date, o->end, &act->new_end) !=
		    BK_TIME_OK) {
			o->err_fr =
			        "La nouvelle heure de fin n’est pas valable "
			        "(HH:MM, ce jour-là).";
			o->err_en = "The new end time is not valid (HH:MM, on "
			            "that day).";
			return 400;
		}
	}
	(void)p;
	return 0;
}

/* The store's answer to ACT: 303 on success, else the page again. */
static int act_result(page *p, one *o, const store_act *act, store_status rc,
                      const store_booking_res *res)
{
	char loc[PAGE_URL_MAX];

	switch (rc) {
	case STORE_OK:
		snprintf(loc, sizeof loc, "/staff/bookings/%lld?done=%s%s",
		         (long long)o->id, o->action,
		         p->lang_forced
		                 ? (strcmp(p->lang, "en") == 0 ? "&lang=en"
		                                               : "&lang=fr")
		                 : "");
		page_free(p);
		return http_reply_redirect(p->req, loc);
	case STORE_REFUSED:
		o->rule = res->rule;
		if (act->kind == BOOKING_EXTEND &&
		    (res->rule == RULE_OVERLAP ||
		     res->rule == RULE_CAPACITY_FULL))
			o->has_clash = store_booking_clash(
			                       p->app->store, o->b.room,
			                       o->b.b.end, act->new_end, o->id,
			                       &o->clash) == STORE_OK;
		return one_reply(p, o, bk_rule_status(res->rule));
	case STORE_INVALID:
		return act_fail(p, o, 400, store_errmsg(p->app->store),
		                store_errmsg(p->app->store));
	default:
		return staff_store_fail(p, rc);
	}
}

static int route_act(http_request *req, void *app)
{
	store_booking_res res;
	store_act act;
	store_status rc;
	unsigned bad;
	page p;
	one o;

	if (bk_form_unreadable(req))
		return bk_unreadable_reply(req, app);
	if (staff_post(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&o, 0, sizeof o);
	if (one_load(&p, &o) != 0)
		return 0;
	o.action = http_form(req, "action");
	o.reason = http_form(req, "reason");
	o.end = http_form(req, "end");
	memset(&act, 0, sizeof act);
	bad = act_read(&p, &o, &act);
	if (bad != 0)
		return one_reply(&p, &o, bad);
	act.actor.kind = ACTOR_STAFF;
	act.actor.id = staff_me(&p)->id;
	rc = store_booking_act(p.app->store, o.id, &act, p.now, &res);
	if (rc != STORE_OK)
		store_booking_get(p.app->store, o.id, &o.b);
	return act_result(&p, &o, &act, rc, &res);
}

const http_route staff_booking_one_route = {"GET", "/staff/bookings/{id}",
                                            route_one, 0};
const http_route staff_booking_act_route = {"POST", "/staff/bookings/{id}",
                                            route_act, 0};

/*
 * staff_repeat.c - repeating bookings for staff, as the lab tutorial's
 * "Repeats: Daily, Weekly, Monthly, Yearly":
 *
 *   GET  /staff/repeat    the form: room (those the staff member may
 *                         book), first date, start, length, title,
 *                         patron's e-mail (optional), frequency,
 *                         weekdays, last date, quota override and reason;
 *                         filled from the query ("Change" comes back here)
 *   POST /staff/repeat    step=preview: every occurrence (core/recur.c)
 *                         checked by the rules in a transaction rolled
 *                         back (store_series_create, dry run), listed
 *                         with the ones refused first; nothing saved.
 *                         step=save: books the occurrences the preview
 *                         accepted (its "expect" field), all or nothing;
 *                         if one of them is refused now, nothing is saved
 *                         and the new preview comes back (409); else 303
 *                         to /staff/repeat/done (staff_repeat_done.c)
 *
 * Bad input (no such date, the last date before the first, too many
 * occurrences, a first start in a change of clocks, an overlong title,
 * an unknown room) gets the form again with the reason (422), a room the
 * staff member may not book 403; nothing is changed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "policy.h"
#include "recur.h"
#include "staff.h"
#include "store_series.h"

#define REP_REASON_MAX 200 /* the override's reason, bytes */
#define REP_ERR_MAX 8      /* errors said at once */
#define REP_DETAIL_MAX 512 /* the audit entry's own part */

static const char *const wd_field[7] = {"wd-mon", "wd-tue", "wd-wed", "wd-thu",
                                        "wd-fri", "wd-sat", "wd-sun"};
static const char *const wd_short[7][2] = {
        {"lun.", "Mon"}, {"mar.", "Tue"}, {"mer.", "Wed"}, {"jeu.", "Thu"},
        {"ven.", "Fri"}, {"sam.", "Sat"}, {"dim.", "Sun"}};

/* The fields as typed (borrowed from the request). */
typedef struct rep_in {
	const char *room, *first, *start, *minutes, *title, *email, *freq,
	        *until, *reason, *expect;
	bool wd[7];
	bool override;
} rep_in;

typedef struct rep_err {
	const char *fr, *en;
} rep_err;

/* A repeating booking being checked. */
typedef struct rep {
	rep_in in;
	rep_err err[REP_ERR_MAX];
	size_t nerr;
	unsigned status; /* of the form with errors: 422, or 403 */
	store_room room;
	const tz_zone *tz;
	recur_rule rule;
	recur_occ occ[RECUR_MAX_COUNT];
	size_t n;
	store_series_item items[RECUR_MAX_COUNT];
	size_t item_of[RECUR_MAX_COUNT]; /* occurrence -> item, or n */
	size_t nitems;
	size_t booked; /* items that pass */
} rep;

typedef const char *(*field_fn)(http_request *req, const char *name);

/* ---- reading the fields -------------------------------------------------- */

/* True when P is in English (for formats with numbers). */
static bool en(const page *p)
{
	return strcmp(p->lang, "en") == 0;
}

static const char *opt(const char *s)
{
	return s != NULL ? s : "";
}

static void rep_read(rep *r, http_request *req, field_fn get)
{
	rep_in *in = &r->in;

	in->room = get(req, "room");
	in->first = get(req, "first");
	in->start = get(req, "start");
	in->minutes = get(req, "minutes");
	in->title = get(req, "title");
	in->email = get(req, "email");
	in->freq = get(req, "freq");
	in->until = get(req, "until");
	in->reason = get(req, "reason");
	in->expect = get(req, "expect");
	in->override = get(req, "override") != NULL;
	for (int i = 0; i < 7; i++)
		in->wd[i] = get(req, wd_field[i]) != NULL;
}

static void rep_fail(rep *r, const char *fr, const char *en)
{
	if (r->nerr < REP_ERR_MAX)
		r->err[r->nerr++] = (rep_err){fr, en};
	if (r->status == 0)
		r->status = 422;
}

/* A decimal 1..MAX ("60"), or -1. */
static int parse_count(const char *s, int max)
{
	char *end = NULL;
	long v;

	if (s == NULL || s[0] < '0' || s[0] > '9' || strlen(s) > 5)
		return -1;
	v = strtol(s, &end, 10);
	if (end == NULL || *end != '\0' || v < 1 || v > max)
		return -1;
	return (int)v;
}

/* The room: known, and one the staff member may book. */
static void check_room(page *p, rep *r)
{
	store_status rc;

	if (r->in.room == NULL || r->in.room[0] == '\0') {
		rep_fail(r, "Choisissez une salle.", "Choose a room.");
		return;
	}
	rc = store_room_get(p->app->store, r->in.room, &r->room);
	if (rc == STORE_OK)
		rc = store_staff_may(p->app->store, staff_me(p)->id,
		                     STORE_PERM_BOOKINGS, NULL, r->in.room);
	if (rc == STORE_FORBIDDEN) {
		r->status = 403;
		rep_fail(
		        r,
		        "Vous ne pouvez pas réserver cette salle (une salle de "
		        "formation se réserve par ses référents).",
		        "You may not book this room (a training room is "
		        "booked by its referents).");
		return;
	}
	if (rc == STORE_OK)
		r->tz = page_zone(p, r->room.tz);
	if (rc != STORE_OK || r->tz == NULL)
		rep_fail(r, "Cette salle n’existe pas.",
		         "There is no such room.");
}

static void check_when(rep *r)
{
	bool dates = true;
	int minute;

	if (cal_parse_date(opt(r->in.first), &r->rule.first) != 0) {
		rep_fail(r,
		         "La première date n’existe pas (AAAA-MM-JJ, par "
		         "exemple "
		         "2026-12-07).",
		         "The first date does not exist (YYYY-MM-DD, e.g. "
		         "2026-12-07).");
		dates = false;
	}
	if (cal_parse_date(opt(r->in.until), &r->rule.until) != 0) {
		rep_fail(r, "La dernière date n’existe pas (AAAA-MM-JJ).",
		         "The last date does not exist (YYYY-MM-DD).");
		dates = false;
	}
	if (dates && cal_date_cmp(r->rule.until, r->rule.first) < 0)
		rep_fail(r, "La dernière date est avant la première.",
		         "The last date is before the first one.");
	if (cal_parse_hhmm(opt(r->in.start), &minute) != 0 || minute >= 1440)
		rep_fail(r, "L’heure de début n’est pas valable (HH:MM).",
		         "The start time is not valid (HH:MM).");
	else
		r->rule.start_minute = minute;
	r->rule.minutes = parse_count(r->in.minutes, 1440);
	if (r->rule.minutes < 0)
		rep_fail(r, "La durée va de 1 à 1440 minutes.",
		         "The length is 1 to 1440 minutes.");
	if (recur_freq_parse(r->in.freq, &r->rule.freq) != 0)
		rep_fail(r, "Choisissez une fréquence.",
		         "Choose how it repeats.");
	r->rule.weekdays = 0;
	for (int i = 0; i < 7; i++)
		r->rule.weekdays |= r->in.wd[i] ? RECUR_WD(i) : 0u;
}

static void check_who(rep *r)
{
	const char *t = opt(r->in.title), *e = opt(r->in.email);

	if (strlen(t) > STORE_TITLE_MAX)
		rep_fail(r, "Le titre est trop long (200 octets au plus).",
		         "The title is too long (200 bytes at most).");
	if (strpbrk(t, "\r\n") != NULL || strpbrk(opt(r->in.reason), "\r\n"))
		rep_fail(r, "Le titre et le motif tiennent sur une ligne.",
		         "The title and the reason fit on one line.");
	if (e[0] != '\0' &&
	    (strlen(e) > STORE_EMAIL_MAX || !policy_email_valid(e)))
		rep_fail(r, "Cette adresse e-mail n’est pas valable.",
		         "This e-mail address is not valid.");
	if (r->in.override && opt(r->in.reason)[0] == '\0')
		rep_fail(r, "Dépasser le quota demande un motif.",
		         "Overriding the quota needs a reason.");
	if (strlen(opt(r->in.reason)) > REP_REASON_MAX)
		rep_fail(r, "Le motif est trop long (200 octets au plus).",
		         "The reason is too long (200 bytes at most).");
}

static void expand_fail(rep *r, recur_error e)
{
	switch (e) {
	case RECUR_E_SPAN:
		rep_fail(r, "Une répétition dure un an au plus.",
		         "A repeating booking lasts a year at most.");
		break;
	case RECUR_E_COUNT:
		rep_fail(r, "Trop de dates : 200 au plus.",
		         "Too many dates: 200 at most.");
		break;
	case RECUR_E_EMPTY:
		rep_fail(r, "Aucune date ne correspond (vérifiez les jours).",
		         "No date matches (check the weekdays).");
		break;
	case RECUR_E_START_TIME:
		rep_fail(r,
		         "Cette heure n’existe pas ou existe deux fois à la "
		         "première date (changement d’heure) : choisissez-en "
		         "une "
		         "autre.",
		         "This time does not exist or happens twice on the "
		         "first "
		         "date (the clocks change): choose another.");
		break;
	default:
		rep_fail(r, "Cette répétition n’est pas valable.",
		         "This repeating booking is not valid.");
		break;
	}
}

/* Checks every field, then expands the rule. Returns 0, or -1 with
 * R's errors. */
static int rep_parse(page *p, rep *r)
{
	recur_error e;

	check_room(p, r);
	check_when(r);
	check_who(r);
	if (r->nerr > 0)
		return -1;
	e = recur_expand(&r->rule, r->tz, r->occ, &r->n);
	if (e != RECUR_E_OK) {
		expand_fail(r, e);
		return -1;
	}
	r->nitems = 0;
	for (size_t i = 0; i < r->n; i++) {
		r->item_of[i] = r->n;
		if (r->occ[i].state != RECUR_OCC_OK)
			continue;
		r->item_of[i] = r->nitems;
		r->items[r->nitems].start = r->occ[i].start;
		r->items[r->nitems].end = r->occ[i].end;
		r->nitems++;
	}
	return 0;
}

/* ---- the store ------------------------------------------------------------ */

static store_booking_req rep_tmpl(page *p, const rep *r)
{
	store_booking_req t;

	memset(&t, 0, sizeof(t));
	t.room = r->room.slug;
	t.title = opt(r->in.title)[0] != '\0' ? r->in.title : NULL;
	t.email = opt(r->in.email)[0] != '\0' ? r->in.email : NULL;
	t.lang = p->lang;
	t.actor.kind = ACTOR_STAFF;
	t.actor.id = staff_me(p)->id;
	t.override_quota = r->in.override;
	t.reason = r->in.override ? opt(r->in.reason) : NULL;
	return t;
}

/* Tries every occurrence (nothing saved). */
static store_status rep_try(page *p, rep *r)
{
	store_booking_req t = rep_tmpl(p, r);

	r->booked = 0;
	for (size_t i = 0; i < r->nitems; i++)
		r->items[i].skip = false;
	if (r->nitems == 0)
		return STORE_OK;
	return store_series_create(p->app->store, &t, r->items, r->nitems, true,
	                           NULL, NULL, p->now, &r->booked);
}

/* The audit entry's own words. */
static void rep_detail(const rep *r, char *buf, size_t len)
{
	char first[CAL_DATE_LEN], until[CAL_DATE_LEN], days[32] = "";
	size_t used = 0;

	cal_format_date(r->rule.first, first);
	cal_format_date(r->rule.until, until);
	for (int i = 0; i < 7 && r->rule.freq == RECUR_WEEKLY; i++) {
		if (r->rule.weekdays & RECUR_WD(i)) {
			int w = snprintf(days + used, sizeof days - used,
			                 "%s%.3s", used ? "," : " ",
			                 wd_field[i] + 3);
			if (w > 0 && (size_t)w < sizeof days - used)
				used += (size_t)w;
		}
	}
	snprintf(buf, len, "%s%s %02d:%02d %d min %s..%s%s%.200s",
	         recur_freq_name(r->rule.freq), days, r->rule.start_minute / 60,
	         r->rule.start_minute % 60, r->rule.minutes, first, until,
	         r->in.override ? ", quota override: " : "",
	         r->in.override ? opt(r->in.reason) : "");
}

/* ---- the form ------------------------------------------------------------- */

static void add_errors(page *p, const rep *r)
{
	if (r->nerr == 0)
		return;
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\"><strong>");
	staff_t(p, "Rien n’a été enregistré.", "Nothing was saved.");
	page_add(p, "</strong><ul class=\"rep-errors\">");
	for (size_t i = 0; i < r->nerr; i++) {
		page_add(p, "<li>");
		staff_t(p, r->err[i].fr, r->err[i].en);
		page_add(p, "</li>");
	}
	page_add(p, "</ul></div>\n");
}

/* A labelled input NAME of TYPE with VALUE and ATTRS (markup). */
static void add_input(page *p, const char *cls, const char *fr, const char *en,
                      const char *name, const char *type, const char *value,
                      const char *attrs)
{
	page_addf(p, "<label class=\"field %s\"><span class=\"label\">", cls);
	staff_t(p, fr, en);
	page_addf(p,
	          "</span><input name=\"%s\" id=\"rep-%s\" type=\"%s\" %s "
	          "value=\"",
	          name, name, type, attrs);
	page_esc(p, value);
	page_add(p, "\"></label>\n");
}

/* The rooms the staff member may book, as <option>s. */
static void add_rooms(page *p, const char *chosen)
{
	const store_staff *me = staff_me(p);
	store_room *rooms = NULL;
	size_t n = 0;

	if (store_room_list(p->app->store, me->site[0] ? me->site : NULL,
	                    &rooms, &n) != STORE_OK)
		n = 0;
	for (size_t i = 0; i < n; i++) {
		if (store_staff_may(p->app->store, me->id, STORE_PERM_BOOKINGS,
		                    NULL, rooms[i].slug) != STORE_OK)
			continue;
		page_add(p, "<option value=\"");
		page_esc(p, rooms[i].slug);
		page_add(p, "\"");
		if (chosen != NULL && strcmp(chosen, rooms[i].slug) == 0)
			page_add(p, " selected");
		page_add(p, ">");
		page_esc(p, rooms[i].name);
		page_add(p, "</option>");
	}
	free(rooms);
}

static void add_freq(page *p, const char *chosen)
{
	static const char *const words[4][2] = {{"Chaque jour", "Daily"},
	                                        {"Chaque semaine", "Weekly"},
	                                        {"Chaque mois", "Monthly"},
	                                        {"Chaque année", "Yearly"}};

	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Répéter", "Repeats");
	page_add(p, "</span><select name=\"freq\" id=\"rep-freq\">");
	for (int i = 0; i < 4; i++) {
		const char *name = recur_freq_name((recur_freq)i);

		page_addf(p, "<option value=\"%s\"%s>", name,
		          strcmp(opt(chosen), name) == 0 ? " selected" : "");
		staff_t(p, words[i][0], words[i][1]);
		page_add(p, "</option>");
	}
	page_add(p, "</select></label>\n");
}

static void add_weekdays(page *p, const rep_in *in)
{
	page_add(p, "<fieldset class=\"wide rep-days\"><legend>");
	staff_t(p,
	        "Jours (chaque semaine ; aucun : le jour de la première date)",
	        "Weekdays (weekly; none: the first date's)");
	page_add(p, "</legend>");
	for (int i = 0; i < 7; i++) {
		page_addf(p,
		          "<label class=\"check\"><input type=\"checkbox\" "
		          "name=\"%s\" value=\"1\"%s> ",
		          wd_field[i], in->wd[i] ? " checked" : "");
		staff_t(p, wd_short[i][0], wd_short[i][1]);
		page_add(p, "</label>");
	}
	page_add(p, "</fieldset>\n");
}

/* Default values of an empty form: weekly from tomorrow for four weeks,
 * 10:00, an hour. */
static void form_defaults(page *p, rep_in *in, char first[CAL_DATE_LEN],
                          char until[CAL_DATE_LEN])
{
	const tz_zone *z = page_zone(p, "Europe/Paris");
	cal_date d;

	if (z != NULL) {
		d = tz_date_of(z, p->now);
	} else {
		cal_datetime u = cal_utc_from_time(p->now);

		d = (cal_date){u.year, u.month, u.day};
	}
	d = cal_date_add_days(d, 1);
	cal_format_date(d, first);
	cal_format_date(cal_date_add_days(d, 28), until);
	in->first = first;
	in->until = until;
	in->start = "10:00";
	in->minutes = "60";
	in->freq = "weekly";
}

static void add_form(page *p, const rep_in *in)
{
	page_add(p, "<form class=\"card rep-form\" method=\"post\" "
	            "action=\"/staff/repeat");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	page_add(p, "<input type=\"hidden\" name=\"step\" value=\"preview\">"
	            "\n<div class=\"sform\">\n<label class=\"field wide\">"
	            "<span class=\"label\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</span><select name=\"room\" id=\"rep-room\" required>");
	add_rooms(p, in->room);
	page_add(p, "</select></label>\n");
	add_input(p, "", "Première date", "First date", "first", "date",
	          opt(in->first), "required");
	add_input(p, "", "Début", "Start", "start", "time", opt(in->start),
	          "required step=\"300\"");
	add_input(p, "", "Durée (minutes)", "Length (minutes)", "minutes",
	          "number", opt(in->minutes),
	          "required min=\"1\" max=\"1440\" inputmode=\"numeric\"");
	add_freq(p, in->freq);
	add_input(p, "", "Jusqu’au (inclus)", "Until (inclusive)", "until",
	          "date", opt(in->until), "required");
	add_weekdays(p, in);
	add_input(p, "rep-half", "Titre", "Title", "title", "text",
	          opt(in->title), "maxlength=\"200\"");
	add_input(p, "rep-half", "E-mail de la personne (facultatif)",
	          "Patron's e-mail (optional)", "email", "email",
	          opt(in->email), "maxlength=\"254\" autocomplete=\"off\"");
	page_addf(p,
	          "<label class=\"check wide\"><input type=\"checkbox\" "
	          "name=\"override\" value=\"1\"%s> ",
	          in->override ? " checked" : "");
	staff_t(p, "Dépasser le quota de la personne (jamais un chevauchement)",
	        "Override the patron's quota (never an overlap)");
	page_add(p, "</label>\n");
	add_input(p, "wide", "Motif du dépassement", "Reason for the override",
	          "reason", "text", opt(in->reason), "maxlength=\"200\"");
	page_add(p, "</div>\n<p class=\"rep-actions\"><button class=\"btn "
	            "btn-primary\" type=\"submit\">");
	staff_t(p, "Vérifier les dates", "Check the dates");
	page_add(p, "</button></p>\n<p class=\"muted\">");
	staff_t(p,
	        "Chaque date est vérifiée avec les règles de la salle. Rien "
	        "n’est enregistré avant que vous confirmiez.",
	        "Every date is checked against the room's rules. Nothing is "
	        "saved before you confirm.");
	page_add(p, "</p>\n</form>\n");
}

/* Replies STATUS with the form filled from R (its errors said). */
static int form_reply(page *p, const rep *r, unsigned status)
{
	const char *title =
	        staff_l(p, "Répéter une réservation", "Repeating booking");

	staff_begin(p, title, STAFF_SEC_REPEAT, "/staff/repeat");
	page_add(p, "<h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n");
	add_errors(p, r);
	add_form(p, &r->in);
	staff_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

/* ---- the preview ---------------------------------------------------------- */

/* The fields again as hidden inputs (the save's and "Change"'s forms). */
static void add_hidden(page *p, const rep_in *in)
{
	const char *names[] = {"room",  "first", "start", "minutes", "title",
	                       "email", "freq",  "until", "reason"};
	const char *values[] = {in->room,    in->first, in->start,
	                        in->minutes, in->title, in->email,
	                        in->freq,    in->until, in->reason};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		page_addf(p, "<input type=\"hidden\" name=\"%s\" value=\"",
		          names[i]);
		page_esc(p, opt(values[i]));
		page_add(p, "\">");
	}
	for (int i = 0; i < 7; i++) {
		if (in->wd[i])
			page_addf(p,
			          "<input type=\"hidden\" name=\"%s\" "
			          "value=\"1\">",
			          wd_field[i]);
	}
	if (in->override)
		page_add(p, "<input type=\"hidden\" name=\"override\" "
		            "value=\"1\">");
}

/* Whether occurrence I can be booked; else its reason and code. */
static bool occ_ok(const rep *r, size_t i, rule_code *rule, const char **code)
{
	const recur_occ *o = &r->occ[i];

	*rule = RULE_OK;
	*code = "ok";
	if (o->state == RECUR_OCC_NO_SUCH_DAY) {
		*code = "no_such_day";
		return false;
	}
	if (o->state != RECUR_OCC_OK) {
		*rule = RULE_INVALID_TIME;
		*code = rule_code_name(RULE_INVALID_TIME);
		return false;
	}
	*rule = r->items[r->item_of[i]].rule;
	*code = rule_code_name(*rule);
	return *rule == RULE_OK;
}

static void add_reason(page *p, const rep *r, size_t i)
{
	const recur_occ *o = &r->occ[i];
	rule_code rule;
	const char *code;

	if (occ_ok(r, i, &rule, &code)) {
		page_add(p, "<span class=\"sbadge rep-ok\">");
		staff_t(p, "Possible", "Can be booked");
		page_add(p, "</span>");
		return;
	}
	page_add(p, "<span class=\"sbadge rep-no\">");
	staff_t(p, "Refusée", "Refused");
	page_add(p, "</span> <span class=\"rep-why\">");
	if (o->state == RECUR_OCC_NO_SUCH_DAY)
		page_addf(p,
		          en(p) ? "This month has no day %d."
		                : "Ce mois n’a pas de %d.",
		          r->rule.first.day);
	else if (o->state == RECUR_OCC_NONEXISTENT)
		staff_t(p,
		        "Cette heure n’existe pas ce jour-là (on avance "
		        "l’heure).",
		        "This time does not exist that day (the clocks go "
		        "forward).");
	else if (o->state == RECUR_OCC_AMBIGUOUS)
		staff_t(p,
		        "Cette heure existe deux fois ce jour-là (on recule "
		        "l’heure).",
		        "This time happens twice that day (the clocks go "
		        "back).");
	else
		staff_rule_text(p, &r->room.rules, rule);
	page_addf(p, "</span> <code class=\"rep-code\">%s</code>", code);
}

/* The date of occurrence I: "2026-10-26" and the weekday, or the month
 * of a hole. */
static void add_date(page *p, const rep *r, size_t i)
{
	const recur_occ *o = &r->occ[i];
	char d[CAL_DATE_LEN];

	if (o->state == RECUR_OCC_NO_SUCH_DAY) {
		page_addf(p, "%s %04d", page_month(p->lang, o->date.month),
		          o->date.year);
		return;
	}
	cal_format_date(o->date, d);
	page_addf(p,
	          "<time datetime=\"%s\">%s</time> <span "
	          "class=\"muted\">%s</span>",
	          d, d, page_weekday(p->lang, o->weekday));
}

static void add_time(page *p, const rep *r, size_t i)
{
	const recur_occ *o = &r->occ[i];

	if (o->state != RECUR_OCC_OK) {
		page_addf(p, "%02d:%02d", r->rule.start_minute / 60,
		          r->rule.start_minute % 60);
		return;
	}
	staff_hhmm(p, r->tz, o->start);
	page_add(p, "–");
	staff_hhmm(p, r->tz, o->end);
}

static void add_row(page *p, const rep *r, size_t i)
{
	rule_code rule;
	const char *code;
	bool ok = occ_ok(r, i, &rule, &code);

	page_addf(p,
	          "<tr class=\"%s\" data-code=\"%s\"><td class=\"num\">%zu"
	          "</td><td>",
	          ok ? "rep-row-ok" : "rep-row-no", code, i + 1);
	add_date(p, r, i);
	page_add(p, "</td><td class=\"rep-when\">");
	add_time(p, r, i);
	page_add(p, "</td><td>");
	add_reason(p, r, i);
	page_add(p, "</td></tr>\n");
}

static size_t count_ok(const rep *r)
{
	size_t k = 0;
	rule_code rule;
	const char *code;

	for (size_t i = 0; i < r->n; i++)
		k += occ_ok(r, i, &rule, &code) ? 1 : 0;
	return k;
}

/* What the series is, in one line. */
static void add_what(page *p, const rep *r)
{
	char first[PAGE_DAY_LEN], until[PAGE_DAY_LEN], len[PAGE_DUR_LEN];
	static const char *const words[4][2] = {
	        {"chaque jour", "every day"},
	        {"chaque semaine", "every week"},
	        {"chaque mois", "every month"},
	        {"chaque année", "every year"}};

	page_fmt_day(p->lang, r->rule.first, first);
	page_fmt_day(p->lang, r->rule.until, until);
	page_fmt_duration(p->lang, r->rule.minutes, len);
	page_add(p, "<p class=\"rep-what\"><strong>");
	page_esc(p, r->room.name);
	page_add(p, "</strong> · ");
	staff_t(p, words[r->rule.freq][0], words[r->rule.freq][1]);
	for (int i = 0, k = 0; i < 7 && r->rule.freq == RECUR_WEEKLY; i++) {
		if (r->rule.weekdays & RECUR_WD(i)) {
			page_add(p, k++ == 0 ? staff_l(p, "\u00a0: ", ": ")
			                     : ", ");
			staff_t(p, wd_short[i][0], wd_short[i][1]);
		}
	}
	page_addf(p, " · %02d:%02d, ", r->rule.start_minute / 60,
	          r->rule.start_minute % 60);
	page_esc(p, len);
	page_add(p, " · ");
	staff_t(p, "du ", "from ");
	page_esc(p, first);
	staff_t(p, " au ", " to ");
	page_esc(p, until);
	if (opt(r->in.title)[0] != '\0') {
		page_add(p, " · «\u00a0");
		page_esc(p, r->in.title);
		page_add(p, "\u00a0»");
	}
	if (opt(r->in.email)[0] != '\0') {
		page_add(p, " · ");
		page_esc(p, r->in.email);
	}
	page_add(p, "</p>\n");
}

/* True when the zone's offset differs between the occurrences: the
 * clocks change during the series. */
static bool crosses_change(const rep *r)
{
	int first = 0;
	bool seen = false;

	for (size_t i = 0; i < r->n; i++) {
		int off;

		if (r->occ[i].state != RECUR_OCC_OK)
			continue;
		off = tz_offset_at(r->tz, r->occ[i].start);
		if (seen && off != first)
			return true;
		first = off;
		seen = true;
	}
	return false;
}

/* The refused occurrences, first, as a list. */
static void add_refused(page *p, const rep *r, size_t ok)
{
	rule_code rule;
	const char *code;

	if (ok == r->n)
		return;
	page_addf(p, "<h2>%s (%zu)</h2>\n<ul class=\"rep-refused\">",
	          staff_l(p, "Refusées", "Refused"), r->n - ok);
	for (size_t i = 0; i < r->n; i++) {
		if (occ_ok(r, i, &rule, &code))
			continue;
		page_addf(p, "<li data-code=\"%s\"><strong>", code);
		add_date(p, r, i);
		page_add(p, "</strong> ");
		add_time(p, r, i);
		page_add(p, "<br>");
		add_reason(p, r, i);
		page_add(p, "</li>");
	}
	page_add(p, "</ul>\n");
}

/* The "Book the N" and "Change" buttons. */
static void add_actions(page *p, const rep *r, size_t ok)
{
	page_add(p, "<div class=\"rep-actions\">");
	if (ok > 0) {
		page_add(p, "<form method=\"post\" action=\"/staff/repeat");
		page_lang_query(p, true);
		page_add(p, "\" class=\"inline-form\">");
		staff_csrf_field(p);
		add_hidden(p, &r->in);
		page_add(p, "<input type=\"hidden\" name=\"step\" "
		            "value=\"save\"><input type=\"hidden\" "
		            "name=\"expect\" value=\"");
		for (size_t i = 0; i < r->n; i++) {
			rule_code rule;
			const char *code;

			page_add(p, occ_ok(r, i, &rule, &code) ? "1" : "0");
		}
		page_add(p, "\"><button class=\"btn btn-primary\" "
		            "type=\"submit\" id=\"rep-save\">");
		page_addf(p, en(p) ? "Book the %zu" : "Réserver les %zu", ok);
		page_add(p, "</button></form> ");
	}
	page_add(p, "<form method=\"get\" action=\"/staff/repeat\" "
	            "class=\"inline-form\">");
	add_hidden(p, &r->in);
	if (p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          p->lang);
	page_add(p, "<button class=\"btn btn-quiet\" type=\"submit\" "
	            "id=\"rep-change\">");
	staff_t(p, "Modifier", "Change");
	page_add(p, "</button></form></div>\n");
}

/* Replies STATUS with the preview of R; CHANGED: the save found the
 * room changed and saved nothing. */
static int preview_reply(page *p, const rep *r, unsigned status, bool changed)
{
	const char *title = staff_l(p, "Aperçu de la répétition",
	                            "Preview of the repeating booking");
	size_t ok = count_ok(r);

	staff_begin(p, title, STAFF_SEC_REPEAT, "/staff/repeat");
	page_add(p, "<h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n");
	if (changed)
		staff_notice(
		        p, false,
		        staff_l(p,
		                "La salle a changé depuis l’aperçu : rien "
		                "n’a été enregistré. Voici le nouvel aperçu.",
		                "The room changed since the preview: nothing "
		                "was saved. Here is the new preview."));
	add_what(p, r);
	page_add(p, "<div class=\"card rep-sum\"><p class=\"rep-count\" "
	            "id=\"rep-count\">");
	page_addf(p,
	          en(p) ? "<strong>%zu</strong> of %zu can be booked"
	                : "<strong>%zu</strong> sur %zu peuvent être réservées",
	          ok, r->n);
	page_add(p, "</p>\n");
	if (crosses_change(r)) {
		page_add(p, "<p class=\"rep-dst\">");
		page_addf(
		        p,
		        en(p) ? "The clocks change during this period: every "
		                "date keeps %02d:%02d local time."
		              : "Changement d’heure pendant la période : "
		                "chaque date garde %02d:%02d à l’heure locale.",
		        r->rule.start_minute / 60, r->rule.start_minute % 60);
		page_add(p, "</p>\n");
	}
	add_refused(p, r, ok);
	add_actions(p, r, ok);
	page_add(p, "<p class=\"muted\">");
	if (ok > 0)
		staff_t(p, "Rien n’est enregistré avant que vous confirmiez.",
		        "Nothing is saved before you confirm.");
	else
		staff_t(p,
		        "Aucune date ne peut être réservée : modifiez la "
		        "répétition.",
		        "No date can be booked: change the repeating booking.");
	page_add(p, "</p></div>\n<div class=\"stable-wrap\"><table "
	            "class=\"stable rep-table rep-occ\"><caption>");
	staff_t(p, "Toutes les dates", "Every date");
	page_addf(p,
	          " (%zu)</caption>\n<thead><tr><th class=\"num\">#</th>"
	          "<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>",
	          r->n, staff_l(p, "Date", "Date"), staff_l(p, "Heure", "Time"),
	          staff_l(p, "Résultat", "Result"));
	for (size_t i = 0; i < r->n; i++)
		add_row(p, r, i);
	page_add(p, "</tbody></table></div>\n");
	staff_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

/* ---- the save ------------------------------------------------------------- */

/* Marks the items to skip from the preview's EXPECT. Returns the number
 * to book, or -1 when EXPECT does not fit this series any more. */
static long rep_expect(rep *r)
{
	const char *e = r->in.expect;
	long want = 0;

	if (e == NULL || strlen(e) != r->n)
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		if (e[i] != '0' && e[i] != '1')
			return -1;
		if (r->item_of[i] == r->n) {
			if (e[i] == '1')
				return -1;
			continue;
		}
		r->items[r->item_of[i]].skip = e[i] != '1';
		want += e[i] == '1' ? 1 : 0;
	}
	return want;
}

/* The result page's address: the ids made as runs ("12-15,18"), out of
 * N dates. */
static void done_url(const page *p, const rep *r, strbuf *loc)
{
	int64_t run_start = 0, run_end = 0;

	strbuf_addf(loc, "/staff/repeat/done?n=%zu&ids=", r->n);
	for (size_t i = 0; i <= r->nitems; i++) {
		int64_t id = i < r->nitems ? r->items[i].id : 0;

		if (id == 0 && i < r->nitems)
			continue;
		if (id != 0 && run_start != 0 && id == run_end + 1) {
			run_end = id;
			continue;
		}
		if (run_start != 0) {
			strbuf_addf(loc, "%s%lld",
			            strbuf_str(loc)[strbuf_len(loc) - 1] == '='
			                    ? ""
			                    : ",",
			            (long long)run_start);
			if (run_end > run_start)
				strbuf_addf(loc, "-%lld", (long long)run_end);
		}
		run_start = run_end = id;
	}
	if (p->lang_forced)
		strbuf_addf(loc, "&lang=%s", p->lang);
}

static int rep_save(page *p, rep *r)
{
	store_booking_req t = rep_tmpl(p, r);
	char who[32], detail[REP_DETAIL_MAX];
	long want = rep_expect(r);
	store_status rc;
	strbuf loc;
	int out;

	if (want == 0) {
		rep_fail(r, "Aucune date à réserver.", "No date to book.");
		return form_reply(p, r, 422);
	}
	if (want < 0) {
		rc = rep_try(p, r);
		if (rc != STORE_OK)
			return staff_store_fail(p, rc);
		return preview_reply(p, r, 409, true);
	}
	rep_detail(r, detail, sizeof detail);
	rc = store_series_create(p->app->store, &t, r->items, r->nitems, false,
	                         staff_who(p, who, sizeof who), detail, p->now,
	                         &r->booked);
	if (rc == STORE_CONFLICT) {
		rc = rep_try(p, r);
		if (rc != STORE_OK)
			return staff_store_fail(p, rc);
		return preview_reply(p, r, 409, true);
	}
	if (rc != STORE_OK)
		return staff_store_fail(p, rc);
	strbuf_init(&loc, 8192);
	done_url(p, r, &loc);
	out = strbuf_failed(&loc)
	              ? -1
	              : http_reply_redirect(p->req, strbuf_str(&loc));
	strbuf_free(&loc);
	page_free(p);
	return out;
}

/* ---- the routes ------------------------------------------------------------ */

static int route_repeat_get(http_request *req, void *app)
{
	char first[CAL_DATE_LEN], until[CAL_DATE_LEN];
	rep *r;
	page p;
	int out;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		page_free(&p);
		return -1;
	}
	rep_read(r, req, http_query);
	if (r->in.first == NULL && r->in.room == NULL)
		form_defaults(&p, &r->in, first, until);
	out = form_reply(&p, r, 200);
	free(r);
	return out;
}

/* True when the body carries a csrf field that the form parser would not
 * read: the form is malformed (bad encoding, invalid UTF-8) and
 * http_form answers NULL for every field. */
static bool form_unreadable(http_request *req)
{
	size_t len = 0;
	const char *body = http_body(req, &len);

	return body != NULL && len > 0 && http_form(req, "csrf") == NULL &&
	       strstr(body, "csrf=") != NULL;
}

static int route_repeat_post(http_request *req, void *app)
{
	const char *step;
	rep *r;
	page p;
	int out;

	if (form_unreadable(req)) {
		if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
			return 0;
		return staff_fail(
		        &p, 400, "Formulaire illisible", "Unreadable form",
		        "Le formulaire contient des caractères non "
		        "valables (UTF-8). Rien n’a été enregistré.",
		        "The form holds characters that are not valid "
		        "(UTF-8). Nothing was saved.");
	}
	if (staff_post(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		page_free(&p);
		return -1;
	}
	rep_read(r, req, http_form);
	step = http_form(req, "step");
	if (rep_parse(&p, r) != 0) {
		out = form_reply(&p, r, r->status);
	} else if (step != NULL && strcmp(step, "save") == 0) {
		out = rep_save(&p, r);
	} else {
		store_status rc = rep_try(&p, r);

		out = rc != STORE_OK ? staff_store_fail(&p, rc)
		                     : preview_reply(&p, r, 200, false);
	}
	free(r);
	return out;
}

const http_route staff_repeat_route = {"GET", "/staff/repeat", route_repeat_get,
                                       0};
const http_route staff_repeat_post_route = {"POST", "/staff/repeat",
                                            route_repeat_post, 0};

/*
 * staff_booking_search.c - GET /staff/bookings: the desk's search of
 * bookings by booker e-mail (a part of it, any case), room, from and to
 * dates (local, inclusive) and state; newest first, at most
 * STORE_SEARCH_MAX rows with a "refine your search" notice beyond.
 * Without any criterion: today's and the coming bookings of the staff
 * member's site, earliest first. Only rooms the staff member may manage
 * are searched (their site; training rooms for their referents).
 *
 * Bad input (a date that does not exist, an unknown state or room, an
 * e-mail part too long or not UTF-8, the last date before the first)
 * gets the form again with the reason (400), and no result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff_booking.h"

/* The query, its store search, and what went wrong. */
typedef struct srch {
	const char *email, *room, *from, *to, *status; /* as typed */
	const char *err_fr, *err_en;                   /* a bad field */
	bool criteria; /* something was asked for */
	store_search_q q;
	const char **slugs; /* the rooms allowed (borrowed from rooms) */
	const tz_zone *tz;  /* dates are read in it */
} srch;

static const booking_status all_states[] = {
        BOOKING_PENDING,  BOOKING_CONFIRMED, BOOKING_CHECKED_IN, BOOKING_ENDED,
        BOOKING_RELEASED, BOOKING_CANCELLED, BOOKING_REMOVED,
};

static void srch_fail(srch *s, const char *fr, const char *en)
{
	if (s->err_fr == NULL) {
		s->err_fr = fr;
		s->err_en = en;
	}
}

static bool given(const char *v)
{
	return v != NULL && v[0] != '\0';
}

static void read_query(http_request *req, srch *s)
{
	s->email = http_query(req, "email");
	s->room = http_query(req, "room");
	s->from = http_query(req, "from");
	s->to = http_query(req, "to");
	s->status = http_query(req, "status");
	s->criteria = given(s->email) || given(s->room) || given(s->from) ||
	              given(s->to) || given(s->status);
}

/* The e-mail part and the state. */
static void check_who(srch *s)
{
	booking_status st;

	if (given(s->email) &&
	    (strlen(s->email) > STORE_EMAIL_MAX ||
	     !store_text_ok(s->email, STORE_EMAIL_MAX, false)))
		srch_fail(s,
		          "L’adresse cherchée est trop longue (254 octets au "
		          "plus) ou n’est pas du texte.",
		          "The address searched for is too long (254 bytes at "
		          "most) or not text.");
	s->q.status = -1;
	if (!given(s->status))
		return;
	if (booking_status_parse(s->status, &st) != 0)
		srch_fail(s, "Cet état de réservation n’existe pas.",
		          "There is no such booking state.");
	else
		s->q.status = (int)st;
}

/* Local date V's first instant (or, END, the next day's), 0 when not
 * given; -1 when bad. */
static porte_time day_edge(const tz_zone *z, const char *v, bool end)
{
	porte_time a, b;
	cal_date d;

	if (!given(v))
		return 0;
	if (z == NULL || cal_parse_date(v, &d) != 0 ||
	    tz_day_bounds(z, d, &a, &b) != 0)
		return -1;
	return end ? b : a;
}

static void check_when(srch *s)
{
	porte_time from = day_edge(s->tz, s->from, false);
	porte_time to = day_edge(s->tz, s->to, true);

	if (from < 0)
		srch_fail(
		        s,
		        "La date « du » n’existe pas (AAAA-MM-JJ, par exemple "
		        "2026-11-24).",
		        "The \"from\" date does not exist (YYYY-MM-DD, e.g. "
		        "2026-11-24).");
	if (to < 0)
		srch_fail(s, "La date « au » n’existe pas (AAAA-MM-JJ).",
		          "The \"to\" date does not exist (YYYY-MM-DD).");
	if (from > 0 && to > 0 && to <= from)
		srch_fail(s, "La date « au » est avant la date « du ».",
		          "The \"to\" date is before the \"from\" date.");
	s->q.from = from > 0 ? from : 0;
	s->q.to = to > 0 ? to : 0;
}

/* Reads and checks the query against ROOMS (those allowed). Returns 0,
 * or -1 with S's error. */
static int srch_parse(page *p, srch *s, const store_room *rooms, size_t n)
{
	const store_room *r = NULL;

	if (given(s->room)) {
		r = bk_room_find(rooms, n, s->room);
		if (r == NULL)
			srch_fail(s,
			          "Cette salle n’existe pas ou n’est pas parmi "
			          "les vôtres.",
			          "This room does not exist or is not one of "
			          "yours.");
	}
	if (r == NULL && n > 0)
		r = &rooms[0];
	s->tz = r != NULL ? page_zone(p, r->tz) : NULL;
	check_who(s);
	check_when(s);
	if (s->err_fr != NULL)
		return -1;
	s->q.rooms = s->slugs;
	s->q.nrooms = n;
	s->q.room = s->room;
	s->q.email = s->email;
	s->q.limit = STORE_SEARCH_MAX;
	s->q.newest_first = s->criteria;
	if (!s->criteria && s->tz != NULL) {
		porte_time a, b;

		if (tz_day_bounds(s->tz, tz_date_of(s->tz, p->now), &a, &b) ==
		    0)
			s->q.from = a;
	}
	return 0;
}

/* ---- the page ------------------------------------------------------------- */

static void add_state_options(page *p, const char *selected)
{
	page_add(p, "<option value=\"\">");
	staff_t(p, "Tous les états", "Every state");
	page_add(p, "</option>");
	for (size_t i = 0; i < sizeof all_states / sizeof all_states[0]; i++) {
		const char *name = booking_status_name(all_states[i]);

		page_addf(p, "<option value=\"%s\"%s>", name,
		          selected != NULL && strcmp(selected, name) == 0
		                  ? " selected"
		                  : "");
		page_esc(p, staff_status_word(p, all_states[i]));
		page_add(p, "</option>");
	}
}

static void add_input(page *p, const char *fr, const char *en, const char *name,
                      const char *type, const char *value, const char *extra)
{
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, fr, en);
	page_addf(p, "</span><input type=\"%s\" name=\"%s\" value=\"", type,
	          name);
	page_esc(p, value);
	page_addf(p, "\" %s></label>\n", extra);
}

static void add_form(page *p, const srch *s, const store_room *rooms, size_t n)
{
	page_add(p, "<form class=\"card bk-search\" method=\"get\" "
	            "action=\"/staff/bookings\" role=\"search\">\n");
	if (p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          p->lang);
	page_add(p, "<div class=\"sform\">\n");
	add_input(
	        p, "E-mail de la personne (ou une partie)",
	        "Booker's e-mail (or part of it)", "email", "search",
	        bk_opt(s->email),
	        "maxlength=\"254\" autocomplete=\"off\" spellcheck=\"false\"");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</span><select name=\"room\">");
	bk_room_options(p, rooms, n, s->room, true);
	page_add(p, "</select></label>\n");
	add_input(p, "Du", "From", "from", "date", bk_opt(s->from), "");
	add_input(p, "Au (inclus)", "To (inclusive)", "to", "date",
	          bk_opt(s->to), "");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "État", "State");
	page_add(p, "</span><select name=\"status\">");
	add_state_options(p, s->status);
	page_add(p, "</select></label>\n<div class=\"field bk-buttons\">"
	            "<button class=\"btn btn-primary\" type=\"submit\">");
	staff_t(p, "Chercher", "Search");
	page_add(p, "</button>");
	if (s->criteria) {
		page_add(p,
		         " <a class=\"btn btn-quiet\" href=\"/staff/bookings");
		page_lang_query(p, true);
		page_add(p, "\">");
		staff_t(p, "Effacer", "Clear");
		page_add(p, "</a>");
	}
	page_add(p, "</div>\n</div>\n</form>\n");
}

/* Appends "mar. 24 nov. 2026" / "Tue 24 Nov 2026". */
static void add_day(page *p, cal_date d)
{
	static const char *const wd[7][2] = {{"lun.", "Mon"}, {"mar.", "Tue"},
	                                     {"mer.", "Wed"}, {"jeu.", "Thu"},
	                                     {"ven.", "Fri"}, {"sam.", "Sat"},
	                                     {"dim.", "Sun"}};
	static const char *const mon[12][2] = {
	        {"janv.", "Jan"}, {"févr.", "Feb"}, {"mars", "Mar"},
	        {"avr.", "Apr"},  {"mai", "May"},   {"juin", "Jun"},
	        {"juil.", "Jul"}, {"août", "Aug"},  {"sept.", "Sep"},
	        {"oct.", "Oct"},  {"nov.", "Nov"},  {"déc.", "Dec"}};
	int w = cal_weekday(d), e = strcmp(p->lang, "en") == 0;

	if (w < 0 || w > 6 || d.month < 1 || d.month > 12)
		return;
	page_addf(p, "<span class=\"bk-wd\">%s</span> %d %s %d", wd[w][e],
	          d.day, mon[d.month - 1][e], d.year);
}

static void add_row(page *p, const store_search_row *r)
{
	const tz_zone *z = page_zone(p, r->tz);

	page_add(p, "<tr><td class=\"bk-when\">");
	if (z != NULL)
		add_day(p, tz_date_of(z, r->start));
	page_add(p, "</td><td class=\"bk-time\">");
	staff_hhmm(p, z, r->start);
	page_add(p, "–");
	staff_hhmm(p, z, r->end);
	page_add(p, "</td><td>");
	page_esc(p, r->room_name);
	page_add(p, "</td><td class=\"bk-who\">");
	bk_booker(p, r->email, r->walk_in);
	if (r->title[0] != '\0') {
		page_add(p, "<span class=\"bk-title\">");
		page_esc(p, r->title);
		page_add(p, "</span>");
	}
	page_add(p, "</td><td>");
	bk_badge(p, r->status);
	if (r->status == BOOKING_CONFIRMED && p->now >= r->start &&
	    p->now < r->end) {
		page_add(p, " <span class=\"bk-late\">");
		staff_t(p, "pas arrivé", "not here");
		page_add(p, "</span>");
	}
	page_addf(p,
	          "</td><td class=\"bk-open\"><a href=\"/staff/bookings/%lld",
	          (long long)r->id);
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Ouvrir", "Open");
	page_addf(p,
	          "<span class=\"bk-vh\"> n° %lld</span></a></td>"
	          "</tr>\n",
	          (long long)r->id);
}

static void add_results(page *p, const srch *s, const store_search_row *rows,
                        size_t n, bool more)
{
	page_add(p, "<h2 class=\"bk-count\">");
	if (!s->criteria)
		staff_t(p, "Aujourd’hui et à venir", "Today and coming up");
	else
		staff_t(p, "Résultats", "Results");
	page_addf(p, " <span class=\"muted\">(%zu%s)</span></h2>\n", n,
	          more ? "+" : "");
	if (more)
		staff_notice(p, false,
		             staff_l(p,
		                     "Plus de 500 réservations correspondent : "
		                     "seules les 500 premières sont montrées. "
		                     "Affinez votre recherche (dates, salle, "
		                     "état).",
		                     "More than 500 bookings match: only the "
		                     "first 500 are shown. Refine your search "
		                     "(dates, room, state)."));
	if (n == 0) {
		page_add(p, "<div class=\"card bk-empty\"><p>");
		staff_t(p, "Aucune réservation ne correspond.",
		        "No booking matches.");
		page_add(p, "</p></div>\n");
		return;
	}
	page_add(p, "<div class=\"stable-wrap\"><table class=\"stable "
	            "bk-table\"><thead><tr><th scope=\"col\">");
	staff_t(p, "Date", "Date");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Heure", "Time");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Personne", "Booker");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "État", "State");
	page_add(p, "</th><th scope=\"col\"><span class=\"bk-vh\">");
	staff_t(p, "Lien", "Link");
	page_add(p, "</span></th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++)
		add_row(p, &rows[i]);
	page_add(p, "</tbody></table></div>\n");
}

/* This page's address with its query, for the language switch. */
static void self_of(const srch *s, char *buf, size_t len)
{
	const char *names[] = {"email", "room", "from", "to", "status"};
	const char *values[] = {s->email, s->room, s->from, s->to, s->status};
	static const char hex[] = "0123456789ABCDEF";
	size_t used = (size_t)snprintf(buf, len, "/staff/bookings");

	for (size_t i = 0; i < 5 && used < len; i++) {
		if (!given(values[i]) || strlen(values[i]) > 64)
			continue;
		used += (size_t)snprintf(buf + used, len - used,
		                         "%c%s=", strchr(buf, '?') ? '&' : '?',
		                         names[i]);
		for (const unsigned char *c = (const unsigned char *)values[i];
		     *c != '\0' && used + 4 < len; c++) {
			if ((*c >= 'a' && *c <= 'z') ||
			    (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || *c == '-' ||
			    *c == '.' || *c == '_' || *c == '@') {
				buf[used++] = (char)*c;
			} else {
				buf[used++] = '%';
				buf[used++] = hex[*c >> 4];
				buf[used++] = hex[*c & 15];
			}
			buf[used] = '\0';
		}
	}
}

static int reply(page *p, srch *s, const store_room *rooms, size_t n)
{
	const char *title = staff_l(p, "Réservations", "Bookings");
	store_search_row *rows = NULL;
	size_t nrows = 0;
	bool more = false, bad = srch_parse(p, s, rooms, n) != 0;
	store_status rc = STORE_OK;
	char self[PAGE_URL_MAX];

	if (!bad && n > 0)
		rc = store_booking_search(p->app->store, &s->q, &rows, &nrows,
		                          &more);
	if (rc == STORE_INVALID && !bad) {
		bad = true;
		srch_fail(s, "Cette recherche n’est pas valable.",
		          "This search is not valid.");
	} else if (rc != STORE_OK) {
		return staff_store_fail(p, rc);
	}
	self_of(s, self, sizeof self);
	staff_begin(p, title, STAFF_SEC_BOOKINGS, self);
	page_add(p, "<div class=\"bk-head\"><h1>");
	page_esc(p, title);
	page_add(p, "</h1><a class=\"btn btn-primary\" "
	            "href=\"/staff/bookings/new");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Nouvelle réservation", "New booking");
	page_add(p, "</a></div>\n");
	if (bad)
		staff_notice(p, false, staff_l(p, s->err_fr, s->err_en));
	add_form(p, s, rooms, n);
	if (!bad)
		add_results(p, s, rows, nrows, more);
	staff_end(p);
	free(rows);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, bad ? 400 : 200);
}

static int route_search(http_request *req, void *app)
{
	store_room *rooms = NULL;
	const char **slugs = NULL;
	size_t n = 0;
	store_status rc;
	srch s;
	page p;
	int r;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&s, 0, sizeof s);
	read_query(req, &s);
	rc = bk_rooms(&p, &rooms, &n);
	if (rc != STORE_OK)
		return staff_store_fail(&p, rc);
	if (n > 0) {
		slugs = calloc(n, sizeof *slugs);
		if (slugs == NULL) {
			free(rooms);
			return staff_store_fail(&p, STORE_ERROR);
		}
		for (size_t i = 0; i < n; i++)
			slugs[i] = rooms[i].slug;
	}
	s.slugs = slugs;
	r = reply(&p, &s, rooms, n);
	free(slugs);
	free(rooms);
	return r;
}

const http_route staff_booking_search_route = {"GET", "/staff/bookings",
                                               route_search, 0};

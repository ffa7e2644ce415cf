/*
 * staff_plan.c - GET /staff/planning?site=SLUG&date=YYYY-MM-DD&view=day|
 * week|month: every room of a site over a day, a week or a month, for the
 * desk. This file reads the query and the period's facts (site, hours and
 * closures, rooms, doors, bookings) and draws what every view shares: the
 * head with its summary, the navigation and the legend. The views are in
 * staff_plan_day.c, staff_plan_week.c and staff_plan_month.c.
 *
 * Defaults: the staff member's site (the first site for those of every
 * site), today in the site's zone, the day view. A bad date or view is a
 * 400 page, an unknown site a 404, a site the staff member does not work
 * for a 403.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff_plan_int.h"

#define PLAN_PATH "/staff/planning"
/* A query value echoed in an error page is cut at this length. */
#define PLAN_ECHO_MAX 40

static const char *const view_names[] = {"day", "week", "month"};

static const char *const weekdays_fr[] = {"lundi",   "mardi",    "mercredi",
                                          "jeudi",   "vendredi", "samedi",
                                          "dimanche"};
static const char *const weekdays_en[] = {"Monday",   "Tuesday", "Wednesday",
                                          "Thursday", "Friday",  "Saturday",
                                          "Sunday"};
static const char *const wd_short_fr[] = {"lun.", "mar.", "mer.", "jeu.",
                                          "ven.", "sam.", "dim."};
static const char *const wd_short_en[] = {"Mon", "Tue", "Wed", "Thu",
                                          "Fri", "Sat", "Sun"};
static const char *const months_fr[] = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
static const char *const months_en[] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};

/* ---- shared with the views (staff_plan_int.h) ------------------------ */

void plan_href(plan_ctx *c, plan_view view, cal_date date)
{
	char d[CAL_DATE_LEN];

	cal_format_date(date, d);
	page_add(c->p, PLAN_PATH "?site=");
	staff_url_esc(c->p, c->site.slug);
	page_addf(c->p, "&amp;date=%s&amp;view=%s", d, view_names[view]);
	page_lang_query(c->p, false);
}

const store_site_date *plan_note(const plan_ctx *c, cal_date date)
{
	for (size_t i = 0; i < c->nnotes; i++)
		if (cal_date_cmp(c->notes[i].date, date) == 0)
			return &c->notes[i];
	return NULL;
}

bool plan_holds(const store_plan_booking *b)
{
	switch (b->b.status) {
	case BOOKING_PENDING:
	case BOOKING_CONFIRMED:
	case BOOKING_CHECKED_IN:
	case BOOKING_ENDED:
		return true;
	default:
		return false;
	}
}

const store_plan_booking *plan_room_bookings(const plan_ctx *c, size_t i,
                                             size_t *n)
{
	*n = c->bk_count[i];
	return *n > 0 ? &c->bk[c->bk_first[i]] : NULL;
}

const char *plan_weekday(const plan_ctx *c, int wd, bool shortname)
{
	if (wd < 0 || wd > 6)
		return "?";
	if (shortname)
		return staff_l(c->p, wd_short_fr[wd], wd_short_en[wd]);
	return staff_l(c->p, weekdays_fr[wd], weekdays_en[wd]);
}

void plan_short_day(plan_ctx *c, cal_date d)
{
	page_esc(c->p, plan_weekday(c, cal_weekday(d), true));
	page_addf(c->p, " %02d/%02d", d.day, d.month);
}

void plan_span(plan_ctx *c, porte_time start, porte_time end)
{
	staff_hhmm(c->p, c->tz, start);
	page_add(c->p, "–");
	staff_hhmm(c->p, c->tz, end);
}

static const char *kind_word(const page *p, room_kind k)
{
	switch (k) {
	case ROOM_GROUP:
		return staff_l(p, "Salle de groupe", "Group room");
	case ROOM_MEETING:
		return staff_l(p, "Réunion", "Meeting room");
	case ROOM_TRAINING:
		return staff_l(p, "Formation", "Training room");
	default:
		return staff_l(p, "Atelier", "Workshop");
	}
}

/* The door status of room I: online, offline since, or none. */
static void door_status(plan_ctx *c, size_t i)
{
	const plan_door *d = &c->doors[i];
	page *p = c->p;

	if (d->online) {
		page_add(p, "<span class=\"pdoor on\">");
		staff_t(p, "Écran en ligne", "Door online");
	} else if (d->live == 0) {
		page_add(p, "<span class=\"pdoor off\">");
		if (d->revoked > 0)
			staff_t(p, "Aucun écran actif (révoqué)",
			        "No active door (revoked)");
		else
			staff_t(p, "Aucun écran", "No door display");
	} else if (d->last_seen == 0) {
		page_add(p, "<span class=\"pdoor off\">");
		staff_t(p, "Écran jamais connecté", "Door never seen");
	} else {
		page_add(p, "<span class=\"pdoor off\">");
		staff_t(p, "Écran hors ligne depuis ", "Door offline since ");
		if (cal_date_cmp(tz_date_of(c->tz, d->last_seen), c->today) ==
		    0)
			staff_hhmm(p, c->tz, d->last_seen);
		else
			staff_time(p, c->tz, d->last_seen);
	}
	page_add(p, "</span>");
}

void plan_room_head(plan_ctx *c, size_t i, bool compact)
{
	const store_room *r = &c->rooms[i];
	page *p = c->p;

	page_add(p, "<span class=\"pname\">");
	page_esc(p, r->name);
	page_add(p, "</span><span class=\"pkind\">");
	page_add(p, r->kind == ROOM_TRAINING ? "<span class=\"ptag\">" : "");
	page_esc(p, kind_word(p, r->kind));
	page_add(p, r->kind == ROOM_TRAINING ? "</span>" : "");
	if (r->capacity > 1)
		page_addf(p, " · %d %s", r->capacity,
		          staff_l(p, "places", "seats"));
	if (r->kind == ROOM_TRAINING && !c->may_book[i] && !compact) {
		page_add(p, " · ");
		staff_t(p, "référents seulement", "referents only");
	}
	page_add(p, "</span>");
	door_status(c, i);
}

/* ---- reading the query ----------------------------------------------- */

/* Copies SRC into DST (LEN bytes), cut at a character boundary. */
static void copy_cut(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Replies 400 saying that the query's NAME=VALUE is not WHAT. */
static int bad_query(page *p, const char *name, const char *value,
                     const char *what_fr, const char *what_en)
{
	char fr[256], en[256];
	char v[PLAN_ECHO_MAX + 1];

	copy_cut(v, sizeof v, value);
	snprintf(fr, sizeof fr, "%s=« %s » : %s", name, v, what_fr);
	snprintf(en, sizeof en, "%s=“%s”: %s", name, v, what_en);
	return staff_fail(p, 400, "Demande incorrecte", "Bad request", fr, en);
}

/* Replies 404 for the unknown site SLUG. */
static int bad_site(page *p, const char *slug)
{
	char fr[128], en[128];
	char v[PLAN_ECHO_MAX + 1];

	copy_cut(v, sizeof v, slug);
	snprintf(fr, sizeof fr, "Aucun site « %s ».", v);
	snprintf(en, sizeof en, "There is no site “%s”.", v);
	return staff_fail(p, 404, "Site introuvable", "No such site", fr, en);
}

/* The view and the date of the query into C. Returns 0, or -1 after
 * replying 400. */
static int read_period(plan_ctx *c)
{
	const char *view = http_query(c->p->req, "view");
	const char *date = http_query(c->p->req, "date");

	c->view = PLAN_DAY;
	if (view != NULL && view[0] != '\0') {
		size_t i = 0;

		while (i < 3 && strcmp(view, view_names[i]) != 0)
			i++;
		if (i == 3)
			return bad_query(c->p, "view", view,
			                 "la vue est day, week ou month.",
			                 "the view is day, week or month.");
		c->view = (plan_view)i;
	}
	c->date = c->today;
	if (date != NULL && date[0] != '\0' &&
	    cal_parse_date(date, &c->date) != 0)
		return bad_query(c->p, "date", date,
		                 "ce n’est pas une date du calendrier "
		                 "(AAAA-MM-JJ).",
		                 "not a calendar date (YYYY-MM-DD).");
	return 0;
}

/* The site of the query (or the default) into C->site, and whether the
 * staff member may see it. Returns 0, or -1 after replying. */
static int read_site(plan_ctx *c)
{
	const store_staff *me = staff_me(c->p);
	const char *slug = http_query(c->p->req, "site");
	store_status rc;

	c->pick_site = me->site[0] == '\0';
	rc = store_site_list(c->p->app->store, &c->sites, &c->nsites);
	if (rc != STORE_OK)
		return staff_store_fail(c->p, rc);
	if (slug == NULL || slug[0] == '\0')
		slug = me->site[0] != '\0' ? me->site
		       : c->nsites > 0     ? c->sites[0].slug
		                           : NULL;
	if (slug == NULL)
		return staff_fail(c->p, 404, "Aucun site", "No site",
		                  "Aucun site n’est encore enregistré.",
		                  "No site has been added yet.");
	rc = store_slug_ok(slug)
	             ? store_site_get(c->p->app->store, slug, &c->site)
	             : STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND)
		return bad_site(c->p, slug);
	if (rc != STORE_OK)
		return staff_store_fail(c->p, rc);
	if (me->site[0] != '\0' && strcmp(me->site, c->site.slug) != 0)
		return staff_fail(c->p, 403, "Accès refusé", "Not allowed",
		                  "Votre compte est limité à un autre site.",
		                  "Your account is limited to another site.");
	rc = store_staff_may(c->p->app->store, me->id, STORE_PERM_BOOKINGS,
	                     c->site.slug, NULL);
	if (rc != STORE_OK)
		return staff_store_fail(c->p, rc);
	return 0;
}

/* The period of C's view around C->date, as dates and instants. Returns
 * 0, or -1 after replying 400 (a period out of the calendar's range). */
static int set_period(plan_ctx *c)
{
	cal_date d = c->date;
	porte_time ignored;

	switch (c->view) {
	case PLAN_WEEK:
		c->first = cal_date_add_days(d, -cal_weekday(d));
		c->last = cal_date_add_days(c->first, 6);
		break;
	case PLAN_MONTH:
		c->first = (cal_date){d.year, d.month, 1};
		c->last = (cal_date){d.year, d.month,
		                     cal_days_in_month(d.year, d.month)};
		break;
	default:
		c->first = c->last = d;
		break;
	}
	if (!cal_date_valid(c->first) || !cal_date_valid(c->last) ||
	    tz_day_bounds(c->tz, c->first, &c->from, &ignored) != 0 ||
	    tz_day_bounds(c->tz, c->last, &ignored, &c->to) != 0)
		return staff_fail(c->p, 400, "Demande incorrecte",
		                  "Bad request",
		                  "Cette période sort du calendrier.",
		                  "This period is outside the calendar.");
	return 0;
}

/* The site's weekly hours and the period's exceptions into C. */
static store_status load_hours(plan_ctx *c)
{
	char *cause = NULL;
	store_status rc;

	c->hours = hours_new();
	if (c->hours == NULL)
		return STORE_ERROR;
	/* Hours the store accepted parse; closed every day otherwise. */
	if (hours_parse_week(c->hours, c->site.hours, &cause) != 0)
		free(cause);
	rc = store_site_dates(c->p->app->store, c->site.slug, c->first, c->last,
	                      &c->notes, &c->nnotes);
	for (size_t i = 0; rc == STORE_OK && i < c->nnotes; i++)
		if (hours_set_date(c->hours, c->notes[i].date,
		                   &c->notes[i].hours) != 0)
			rc = STORE_ERROR;
	return rc;
}

/* Index of room SLUG in C, or C->nrooms. */
static size_t room_index(const plan_ctx *c, const char *slug)
{
	size_t i = 0;

	while (i < c->nrooms && strcmp(c->rooms[i].slug, slug) != 0)
		i++;
	return i;
}

/* The rooms' doors into C->doors, and the count of offline rooms. */
static store_status load_doors(plan_ctx *c)
{
	store_device *devs = NULL;
	size_t n = 0;
	store_status rc;

	rc = store_device_list(c->p->app->store, c->site.slug, &devs, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		size_t r = room_index(c, devs[i].room);
		plan_door *d = &c->doors[r];

		if (r == c->nrooms)
			continue;
		if (devs[i].revoked) {
			d->revoked++;
			continue;
		}
		d->live++;
		if (devs[i].last_seen > d->last_seen)
			d->last_seen = devs[i].last_seen;
	}
	free(devs);
	c->offline = 0;
	for (size_t i = 0; i < c->nrooms; i++) {
		plan_door *d = &c->doors[i];

		d->online = d->live > 0 && d->last_seen > 0 &&
		            c->p->now - d->last_seen <= PLAN_DOOR_ONLINE;
		if (!d->online)
			c->offline++;
	}
	return rc;
}

/* Where each room's bookings are in C->bk (they come by room). */
static void index_bookings(plan_ctx *c)
{
	size_t a = 0;

	while (a < c->nbk) {
		size_t b = a, r = room_index(c, c->bk[a].room);

		while (b < c->nbk && strcmp(c->bk[b].room, c->bk[a].room) == 0)
			b++;
		if (r < c->nrooms && c->bk_count[r] == 0) {
			c->bk_first[r] = a;
			c->bk_count[r] = b - a;
		}
		a = b;
	}
}

/* Everything the views draw, into C. */
static store_status load(plan_ctx *c)
{
	porte_store *st = c->p->app->store;
	store_status rc;

	rc = load_hours(c);
	if (rc == STORE_OK)
		rc = store_room_list(st, c->site.slug, &c->rooms, &c->nrooms);
	if (rc != STORE_OK)
		return rc;
	c->doors = calloc(c->nrooms + 1, sizeof(*c->doors));
	c->may_book = calloc(c->nrooms + 1, sizeof(*c->may_book));
	c->bk_first = calloc(c->nrooms + 1, sizeof(*c->bk_first));
	c->bk_count = calloc(c->nrooms + 1, sizeof(*c->bk_count));
	if (c->doors == NULL || c->may_book == NULL || c->bk_first == NULL ||
	    c->bk_count == NULL)
		return STORE_ERROR;
	for (size_t i = 0; i < c->nrooms; i++)
		c->may_book[i] = store_staff_may(st, staff_me(c->p)->id,
		                                 STORE_PERM_BOOKINGS, NULL,
		                                 c->rooms[i].slug) == STORE_OK;
	rc = load_doors(c);
	if (rc == STORE_OK)
		rc = store_plan_bookings(st, c->site.slug, c->from, c->to,
		                         &c->bk, &c->nbk);
	if (rc == STORE_OK)
		index_bookings(c);
	return rc;
}

static void ctx_free(plan_ctx *c)
{
	hours_free(c->hours);
	free(c->sites);
	free(c->notes);
	free(c->rooms);
	free(c->doors);
	free(c->may_book);
	free(c->bk_first);
	free(c->bk_count);
	free(c->bk);
}

/* ---- the head, the navigation, the legend ---------------------------- */

/* ISO 8601's week number of the week starting on Monday MON. */
static int iso_week(cal_date mon)
{
	cal_date thu = cal_date_add_days(mon, 3);
	cal_date jan1 = {thu.year, 1, 1};

	return (int)((cal_days_from_civil(thu) - cal_days_from_civil(jan1)) /
	             7) +
	       1;
}

static const char *month_name(const plan_ctx *c, int m)
{
	if (m < 1 || m > 12)
		return "?";
	return staff_l(c->p, months_fr[m - 1], months_en[m - 1]);
}

/* Appends "23 – 29 novembre 2026" or "30 novembre – 6 décembre 2026". */
static void week_words(plan_ctx *c)
{
	cal_date a = c->first, b = c->last;

	page_addf(c->p, "%d", a.day);
	if (a.month != b.month || a.year != b.year) {
		page_add(c->p, " ");
		page_esc(c->p, month_name(c, a.month));
	}
	if (a.year != b.year)
		page_addf(c->p, " %d", a.year);
	page_addf(c->p, " – %d ", b.day);
	page_esc(c->p, month_name(c, b.month));
	page_addf(c->p, " %d", b.year);
}

/* The page's h1: the period in words. */
static void add_period_title(plan_ctx *c)
{
	char day[PAGE_DAY_LEN];

	page_add(c->p, "<h1>");
	switch (c->view) {
	case PLAN_WEEK:
		page_addf(c->p, "%s %d · ", staff_l(c->p, "Semaine", "Week"),
		          iso_week(c->first));
		week_words(c);
		break;
	case PLAN_MONTH:
		page_esc(c->p, month_name(c, c->date.month));
		page_addf(c->p, " %d", c->date.year);
		break;
	default:
		page_fmt_day(c->p->lang, c->date, day);
		page_esc(c->p, day);
		break;
	}
	page_add(c->p, "</h1>");
}

/* The bookings of the period that hold their room. */
static size_t count_held(const plan_ctx *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nbk; i++)
		if (plan_holds(&c->bk[i]) && c->bk[i].b.start < c->to &&
		    c->bk[i].b.end > c->from)
			n++;
	return n;
}

static void add_head(plan_ctx *c)
{
	page *p = c->p;
	size_t held = count_held(c);

	page_add(p, "<header class=\"phead\"><div class=\"ptitle\">"
	            "<p class=\"peyebrow\">");
	staff_t(p, "Planning", "Planning");
	page_add(p, " · ");
	page_esc(p, c->site.name);
	page_add(p, "</p>");
	add_period_title(c);
	page_add(p, "</div>\n<ul class=\"pstats\">");
	page_addf(p, "<li><strong>%zu</strong> %s</li>", c->nrooms,
	          c->nrooms == 1 ? staff_l(p, "salle", "room")
	                         : staff_l(p, "salles", "rooms"));
	page_addf(p, "<li><strong>%zu</strong> %s</li>", held,
	          held == 1 ? staff_l(p, "réservation", "booking")
	                    : staff_l(p, "réservations", "bookings"));
	if (c->offline > 0) {
		page_addf(p,
		          "<li class=\"pwarn\" id=\"doors-offline\"><strong>%d"
		          "</strong> ",
		          c->offline);
		page_esc(p, c->offline == 1
		                    ? staff_l(p, "écran hors ligne ou absent",
		                              "door offline or missing")
		                    : staff_l(p, "écrans hors ligne ou absents",
		                              "doors offline or missing"));
		page_addf(p, " %s %zu</li>", staff_l(p, "sur", "of"),
		          c->nrooms);
	} else {
		page_add(p, "<li class=\"pok\" id=\"doors-offline\">");
		staff_t(p, "Tous les écrans en ligne", "Every door online");
		page_add(p, "</li>");
	}
	page_add(p, "</ul></header>\n");
}

/* The date of the period before (DIR -1) or after (DIR 1) C's. */
static cal_date step_date(const plan_ctx *c, int dir)
{
	cal_date d = c->date;

	switch (c->view) {
	case PLAN_WEEK:
		return cal_date_add_days(d, 7 * dir);
	case PLAN_MONTH:
		d.month += dir;
		if (d.month == 0) {
			d.month = 12;
			d.year--;
		} else if (d.month == 13) {
			d.month = 1;
			d.year++;
		}
		d.day = 1;
		return d;
	default:
		return cal_date_add_days(d, dir);
	}
}

static void add_nav(plan_ctx *c)
{
	static const char *const prev_fr[] = {
	        "Jour précédent", "Semaine précédente", "Mois précédent"};
	static const char *const prev_en[] = {"Previous day", "Previous week",
	                                      "Previous month"};
	static const char *const next_fr[] = {
	        "Jour suivant", "Semaine suivante", "Mois suivant"};
	static const char *const next_en[] = {"Next day", "Next week",
	                                      "Next month"};
	page *p = c->p;

	page_add(p, "<nav class=\"pnav\" aria-label=\"");
	staff_t(p, "Période", "Period");
	page_add(p, "\"><a class=\"btn btn-quiet pprev\" rel=\"prev\" href=\"");
	plan_href(c, c->view, step_date(c, -1));
	page_add(p, "\"><span aria-hidden=\"true\">‹</span> "
	            "<span class=\"pn-word\">");
	staff_t(p, prev_fr[c->view], prev_en[c->view]);
	page_add(p, "</span>");
	page_add(p, "</a><a class=\"btn btn-quiet ptoday\" href=\"");
	plan_href(c, c->view, c->today);
	page_add(p, "\">");
	staff_t(p, "Aujourd’hui", "Today");
	page_add(p,
	         "</a><a class=\"btn btn-quiet pnext\" rel=\"next\" href=\"");
	plan_href(c, c->view, step_date(c, 1));
	page_add(p, "\"><span class=\"pn-word\">");
	staff_t(p, next_fr[c->view], next_en[c->view]);
	page_add(p, "</span> <span aria-hidden=\"true\">›</span></a></nav>\n");
}

static void add_views(plan_ctx *c)
{
	static const char *const fr[] = {"Jour", "Semaine", "Mois"};
	static const char *const en[] = {"Day", "Week", "Month"};
	page *p = c->p;

	page_add(p, "<nav class=\"pviews\" aria-label=\"");
	staff_t(p, "Vue", "View");
	page_add(p, "\">");
	for (int v = PLAN_DAY; v <= PLAN_MONTH; v++) {
		page_addf(p, "<a class=\"pview-%s\" href=\"", view_names[v]);
		plan_href(c, (plan_view)v, c->date);
		page_add(p, v == (int)c->view ? "\" aria-current=\"page\">"
		                              : "\">");
		staff_t(p, fr[v], en[v]);
		page_add(p, "</a>");
	}
	page_add(p, "</nav>\n");
}

/* The GET form: a site (staff of every site) and a date. */
static void add_jump(plan_ctx *c)
{
	page *p = c->p;
	char d[CAL_DATE_LEN];

	page_add(p, "<form class=\"pjump\" method=\"get\" action=\"" PLAN_PATH
	            "\">");
	if (c->pick_site) {
		page_add(p, "<label class=\"field\"><span class=\"label\">");
		staff_t(p, "Site", "Site");
		page_add(p, "</span><select name=\"site\">");
		for (size_t i = 0; i < c->nsites; i++) {
			page_add(p, "<option value=\"");
			page_esc(p, c->sites[i].slug);
			page_add(p, strcmp(c->sites[i].slug, c->site.slug) == 0
			                    ? "\" selected>"
			                    : "\">");
			page_esc(p, c->sites[i].name);
			page_add(p, "</option>");
		}
		page_add(p, "</select></label>");
	} else {
		page_add(p, "<input type=\"hidden\" name=\"site\" value=\"");
		page_esc(p, c->site.slug);
		page_add(p, "\">");
	}
	cal_format_date(c->date, d);
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Date", "Date");
	page_addf(p,
	          "</span><input type=\"date\" name=\"date\" value=\"%s\" "
	          "required></label><input type=\"hidden\" name=\"view\" "
	          "value=\"%s\">",
	          d, view_names[c->view]);
	if (c->p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          c->p->lang);
	page_add(p, "<button class=\"btn btn-primary\" type=\"submit\">");
	staff_t(p, "Afficher", "Show");
	page_add(p, "</button></form>\n");
}

void plan_legend(plan_ctx *c)
{
	page *p = c->p;

	page_add(p, "<ul class=\"plegend\" aria-label=\"");
	staff_t(p, "Légende", "Legend");
	page_add(p, "\">");
	for (int s = BOOKING_PENDING; s < BOOKING__COUNT; s++) {
		page_addf(p, "<li><span class=\"sbadge %s\">",
		          staff_status_class((booking_status)s));
		page_esc(p, staff_status_word(p, (booking_status)s));
		page_add(p, "</span></li>");
	}
	if (c->view == PLAN_DAY) {
		page_add(p, "<li><span class=\"pkey-free\">");
		staff_t(p, "Libre : réserver", "Free: book");
		page_add(p, "</span></li><li><span class=\"pkey-closed\">");
		staff_t(p, "Fermé", "Closed");
		page_add(p, "</span></li>");
	}
	page_add(p, "</ul>\n");
}

/* ---- the route -------------------------------------------------------- */

static void draw(plan_ctx *c)
{
	page *p = c->p;
	char self[PAGE_URL_MAX], d[CAL_DATE_LEN], title[160];

	cal_format_date(c->date, d);
	snprintf(self, sizeof self, PLAN_PATH "?site=%s&date=%s&view=%s",
	         c->site.slug, d, view_names[c->view]);
	snprintf(title, sizeof title, "%s · %s",
	         staff_l(p, "Planning", "Planning"), d);
	staff_begin(p, title, STAFF_SEC_PLANNING, self);
	add_head(c);
	page_add(p, "<div class=\"ptools\">");
	add_nav(c);
	add_views(c);
	add_jump(c);
	page_add(p, "</div>\n");
	if (c->view != PLAN_DAY)
		plan_legend(c);
	if (c->view == PLAN_WEEK)
		plan_week(c);
	else if (c->view == PLAN_MONTH)
		plan_month(c);
	else
		plan_day(c);
	staff_end(p);
}

static int route_planning(http_request *req, void *app)
{
	plan_ctx c;
	page p;
	store_status rc;
	int ret;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	memset(&c, 0, sizeof c);
	c.p = &p;
	if (read_site(&c) != 0)
		goto replied;
	c.tz = page_zone(&p, c.site.tz);
	if (c.tz == NULL) {
		ret = staff_store_fail(&p, STORE_ERROR);
		goto out;
	}
	c.today = tz_date_of(c.tz, p.now);
	if (read_period(&c) != 0 || set_period(&c) != 0)
		goto replied;
	rc = load(&c);
	if (rc != STORE_OK) {
		ret = staff_store_fail(&p, rc);
		goto out;
	}
	draw(&c);
	ret = page_send(&p, 200);
	goto out;
replied:
	ret = 0;
out:
	ctx_free(&c);
	return ret;
}

const http_route staff_plan_route = {"GET", "/staff/planning", route_planning,
                                     0};

/*
 * staff_plan_day.c - the planning's day view: every room of the site as a
 * row over the day's opening hours, the bookings as blocks placed by their
 * real instants (a day of 23 or 25 hours has as many hours on its axis),
 * the free slots as links to a new booking, a "now" line on today; then
 * the same day as a table, room by room, for screen readers and print.
 */
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff_plan_int.h"

/* Lanes drawn in one room's row at most; more overlapping bookings share
 * the last one (only a workshop's many seats get near it). */
#define DAY_MAX_LANES 12
/* Free slots shorter than this are not offered, whatever the rules say. */
#define DAY_MIN_FREE (15 * 60)

/* The day's axis: [A0, A1) on whole local hours, covering the opening
 * hours and every booking of the day. */
typedef struct day_axis {
	porte_time ds, de; /* the local day */
	porte_time a0, a1;
	int nspans;
	porte_time ss[HOURS_MAX_SPANS];
	porte_time se[HOURS_MAX_SPANS];
	bool now_in; /* today, and now within the axis */
} day_axis;

/* A free stretch of a room, offered as a booking link. */
typedef struct day_free {
	porte_time start, end; /* the stretch */
	porte_time book_end;   /* the link's end (at most max_duration) */
} day_free;

#define DAY_MAX_FREE (HOURS_MAX_SPANS * 64)

/* ---- the axis ---------------------------------------------------------- */

static bool in_day(const day_axis *ax, const store_plan_booking *b)
{
	return b->b.start < ax->de && b->b.end > ax->ds;
}

/* The axis of C's date: opening hours, widened to the bookings. Returns
 * false when there is nothing to draw (closed, no bookings). */
static bool axis_make(plan_ctx *c, day_axis *ax)
{
	porte_time lo = 0, hi = 0;

	memset(ax, 0, sizeof *ax);
	if (tz_day_bounds(c->tz, c->date, &ax->ds, &ax->de) != 0)
		return false;
	ax->nspans = hours_spans_on(c->hours, c->tz, c->date, ax->ss, ax->se,
	                            HOURS_MAX_SPANS);
	if (ax->nspans > 0) {
		lo = ax->ss[0];
		hi = ax->se[ax->nspans - 1];
	}
	for (size_t i = 0; i < c->nbk; i++) {
		const store_plan_booking *b = &c->bk[i];
		porte_time s = b->b.start < ax->ds ? ax->ds : b->b.start;
		porte_time e = b->b.end > ax->de ? ax->de : b->b.end;

		if (!in_day(ax, b))
			continue;
		if (lo == 0 || s < lo)
			lo = s;
		if (hi == 0 || e > hi)
			hi = e;
	}
	if (lo == 0 || hi <= lo)
		return false;
	ax->a0 = tz_grid_floor(c->tz, lo, 60);
	ax->a1 = tz_grid_ceil(c->tz, hi, 60);
	if (ax->a0 < ax->ds)
		ax->a0 = ax->ds;
	if (ax->a1 > ax->de || ax->a1 <= ax->a0)
		ax->a1 = ax->de;
	ax->now_in = cal_date_cmp(c->date, c->today) == 0 &&
	             c->p->now >= ax->a0 && c->p->now < ax->a1;
	return true;
}

/* T's place on the axis, in percent (clamped). */
static double pct(const day_axis *ax, porte_time t)
{
	if (t <= ax->a0)
		return 0.0;
	if (t >= ax->a1)
		return 100.0;
	return (double)(t - ax->a0) * 100.0 / (double)(ax->a1 - ax->a0);
}

/* Appends left and width of [S, E) as an inline style's start. */
static void add_place(page *p, const day_axis *ax, porte_time s, porte_time e)
{
	double l = pct(ax, s), r = pct(ax, e);

	page_addf(p, "left:%.3f%%;width:%.3f%%", l, r - l);
}

/* The hour labels over the rows, one per local hour (two for the hour a
 * clock change repeats). */
static void add_ticks(plan_ctx *c, const day_axis *ax)
{
	page *p = c->p;
	int n = 0;

	page_add(p, "<div class=\"paxis\" aria-hidden=\"true\">"
	            "<div class=\"pcorner\"></div><div class=\"pticks\">");
	for (porte_time t = ax->a0; t < ax->a1 && n < 50;
	     t = tz_grid_ceil(c->tz, t + 1, 60), n++) {
		page_addf(p, "<span class=\"ptick\" style=\"left:%.3f%%\">",
		          pct(ax, t));
		staff_hhmm(p, c->tz, t);
		page_add(p, "</span>");
	}
	if (ax->now_in) {
		page_addf(p,
		          "<span class=\"pnow-label\" style=\"left:%.3f%%\">",
		          pct(ax, c->p->now));
		staff_hhmm(p, c->tz, c->p->now);
		page_add(p, "</span>");
	}
	page_add(p, "</div></div>");
}

/* ---- one room's row ---------------------------------------------------- */

/* Lanes for the bookings of one room: the ones that hold the room first,
 * then the others (released, cancelled, removed) below them. LANE[i] for
 * booking B[i]; returns the number of lanes (at least 1). */
static int assign_lanes(const day_axis *ax, const store_plan_booking *b,
                        size_t n, int *lane)
{
	porte_time busy[DAY_MAX_LANES];
	int base = 0, used = 0;

	for (int pass = 0; pass < 2; pass++) {
		int here = 0;

		for (size_t i = 0; i < n; i++) {
			int l = 0;

			if (!in_day(ax, &b[i]) ||
			    plan_holds(&b[i]) != (pass == 0))
				continue;
			while (l < here && busy[base + l] > b[i].b.start)
				l++;
			if (l == here && base + here < DAY_MAX_LANES)
				here++;
			if (base + l >= DAY_MAX_LANES)
				l = DAY_MAX_LANES - 1 - base;
			busy[base + l] = b[i].b.end;
			lane[i] = base + l;
		}
		if (pass == 0 && here == 0)
			here = 1;
		used = base + here;
		base = used < DAY_MAX_LANES ? used : DAY_MAX_LANES - 1;
	}
	return used < 1 ? 1 : used;
}

/* How many bookings holding the room cover instant T. */
static int held_at(const store_plan_booking *b, size_t n, porte_time t)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		if (plan_holds(&b[i]) && b[i].b.start <= t && b[i].b.end > t)
			k++;
	return k;
}

static int cmp_time(const void *a, const void *b)
{
	porte_time x = *(const porte_time *)a, y = *(const porte_time *)b;

	return (x > y) - (x < y);
}

/* Adds [S, E) to the free list F as a bookable slot of room R, aligned on
 * the room's grid, when long enough. */
static void free_add(plan_ctx *c, const store_room *r, porte_time s,
                     porte_time e, day_free *f, int *nf)
{
	int grid = r->rules.granularity > 0 ? r->rules.granularity : 15;
	porte_time least = (porte_time)r->rules.min_duration * 60;
	porte_time cap = (porte_time)r->rules.max_duration * 60;

	if (least < DAY_MIN_FREE)
		least = DAY_MIN_FREE;
	s = tz_grid_ceil(c->tz, s, grid);
	e = tz_grid_floor(c->tz, e, grid);
	if (e - s < least || *nf >= DAY_MAX_FREE)
		return;
	f[*nf].start = s;
	f[*nf].end = e;
	f[*nf].book_end = cap > 0 && e - s > cap ? s + cap : e;
	(*nf)++;
}

/* The free stretches of room I within the opening hours, from now on:
 * where fewer bookings hold it than it has seats. */
static int find_free(plan_ctx *c, const day_axis *ax, size_t i,
                     const store_plan_booking *b, size_t n, day_free *f)
{
	const store_room *r = &c->rooms[i];
	int seats = r->capacity > 1 ? r->capacity : 1;
	int nf = 0;

	for (int k = 0; k < ax->nspans; k++) {
		porte_time cut[2 * 64 + 2];
		porte_time from = ax->ss[k] > c->p->now ? ax->ss[k] : c->p->now;
		porte_time run = 0;
		size_t m = 0;

		if (from >= ax->se[k])
			continue;
		cut[m++] = from;
		cut[m++] = ax->se[k];
		for (size_t j = 0; j < n && m + 2 <= sizeof cut / sizeof *cut;
		     j++) {
			if (b[j].b.start > from && b[j].b.start < ax->se[k])
				cut[m++] = b[j].b.start;
			if (b[j].b.end > from && b[j].b.end < ax->se[k])
				cut[m++] = b[j].b.end;
		}
		qsort(cut, m, sizeof *cut, cmp_time);
		for (size_t j = 0; j + 1 < m; j++) {
			bool open = held_at(b, n, cut[j]) < seats;

			if (cut[j] == cut[j + 1])
				continue;
			if (open && run == 0)
				run = cut[j];
			if (!open && run != 0) {
				free_add(c, r, run, cut[j], f, &nf);
				run = 0;
			}
		}
		if (run != 0)
			free_add(c, r, run, ax->se[k], f, &nf);
	}
	return nf;
}

/* The parts of the axis outside the opening hours, hatched. */
static void add_closed(page *p, const day_axis *ax)
{
	porte_time t = ax->a0;

	for (int k = 0; k <= ax->nspans; k++) {
		porte_time e = k < ax->nspans ? ax->ss[k] : ax->a1;

		if (e > t) {
			page_add(p, "<span class=\"pshut\" style=\"");
			add_place(p, ax, t, e);
			page_add(p, "\"></span>");
		}
		if (k < ax->nspans && ax->se[k] > t)
			t = ax->se[k];
	}
}

/* Appends the address of a new booking of room R over F. */
static void add_new_href(plan_ctx *c, const store_room *r, const day_free *f)
{
	char d[CAL_DATE_LEN];

	cal_format_date(c->date, d);
	page_add(c->p, "/staff/bookings/new?room=");
	staff_url_esc(c->p, r->slug);
	page_addf(c->p, "&amp;date=%s&amp;start=", d);
	staff_hhmm(c->p, c->tz, f->start);
	page_add(c->p, "&amp;end=");
	staff_hhmm(c->p, c->tz, f->book_end);
	page_lang_query(c->p, false);
}

static void add_free(plan_ctx *c, const day_axis *ax, size_t i,
                     const day_free *f, int lane)
{
	const store_room *r = &c->rooms[i];
	page *p = c->p;

	if (!c->may_book[i]) {
		page_addf(p, "<span class=\"pfree ro%s\" style=\"",
		          lane > 0 ? " pseats" : "");
		add_place(p, ax, f->start, f->end);
		page_addf(p, ";--lane:%d\"><span class=\"pf-word\">", lane);
		staff_t(p, "Libre", "Free");
		page_add(p, "</span></span>");
		return;
	}
	page_addf(p, "<a class=\"pfree%s\" href=\"", lane > 0 ? " pseats" : "");
	add_new_href(c, r, f);
	page_add(p, "\" style=\"");
	add_place(p, ax, f->start, f->end);
	page_addf(p, ";--lane:%d\" title=\"", lane);
	staff_t(p, "Réserver ", "Book ");
	plan_span(c, f->start, f->book_end);
	page_add(p, "\"><span class=\"pf-word\"><span aria-hidden=\"true\">+ "
	            "</span>");
	staff_t(p, "Libre", "Free");
	page_add(p, "</span><span class=\"pf-time\">");
	plan_span(c, f->start, f->end);
	page_add(p, "</span><span class=\"sr-only\"> ");
	page_esc(p, r->name);
	page_add(p, "</span></a>");
}

/* Appends the local start and end of B: "09:00–10:30", with the date of
 * an end or start on another day. */
static void add_times(plan_ctx *c, const store_plan_booking *b)
{
	page *p = c->p;
	bool other_s = cal_date_cmp(tz_date_of(c->tz, b->b.start), c->date);
	bool other_e =
	        cal_date_cmp(tz_date_of(c->tz, b->b.end - 1), c->date) != 0;

	if (other_s)
		staff_time(p, c->tz, b->b.start);
	else
		staff_hhmm(p, c->tz, b->b.start);
	page_add(p, "–");
	if (other_e)
		staff_time(p, c->tz, b->b.end);
	else
		staff_hhmm(p, c->tz, b->b.end);
}

/* The booker of B, for people. */
static void add_booker(page *p, const store_plan_booking *b)
{
	if (b->email[0] != '\0')
		page_esc(p, b->email);
	else if (b->walk_in)
		staff_t(p, "Sur place, sans e-mail", "Walk-in, no e-mail");
	else
		staff_t(p, "Sans e-mail", "No e-mail");
}

static void add_block(plan_ctx *c, const day_axis *ax,
                      const store_plan_booking *b, int lane)
{
	page *p = c->p;
	const char *word = staff_status_word(p, b->b.status);

	page_addf(p, "<a class=\"pblock %s%s\" href=\"/staff/bookings/%lld",
	          staff_status_class(b->b.status),
	          plan_holds(b) ? "" : " pgone", (long long)b->id);
	page_lang_query(p, true);
	page_add(p, "\" style=\"");
	add_place(p, ax, b->b.start, b->b.end);
	page_addf(p, ";--lane:%d\" title=\"", lane);
	page_esc(p, word);
	page_add(p, " · ");
	add_times(c, b);
	page_add(p, " · ");
	add_booker(p, b);
	if (b->title[0] != '\0') {
		page_add(p, " · ");
		page_esc(p, b->title);
	}
	page_add(p, "\"><span class=\"pb-state\">");
	page_esc(p, word);
	page_add(p, "</span> <span class=\"pb-time\">");
	add_times(c, b);
	page_add(p, "</span> <span class=\"pb-who\">");
	add_booker(p, b);
	page_add(p, "</span></a>");
}

static void add_row(plan_ctx *c, const day_axis *ax, size_t i)
{
	const store_plan_booking *b;
	day_free f[DAY_MAX_FREE];
	int lane[512];
	size_t n;
	int lanes, nf, free_lane = 0;
	page *p = c->p;

	b = plan_room_bookings(c, i, &n);
	if (n > sizeof lane / sizeof *lane)
		n = sizeof lane / sizeof *lane;
	lanes = assign_lanes(ax, b, n, lane);
	nf = find_free(c, ax, i, b, n, f);
	/* A room of several seats is free beside its bookings: its free
	 * slots get a lane of their own, below them. */
	if (c->rooms[i].capacity > 1 && nf > 0 && n > 0)
		free_lane = lanes;
	page_addf(p, "<div class=\"prow%s\"><div class=\"proom\">",
	          c->doors[i].online ? "" : " poff");
	plan_room_head(c, i, false);
	page_addf(p, "</div><div class=\"ptrack\" style=\"--lanes:%d%s\">",
	          lanes, free_lane > 0 ? ";--seats:1" : "");
	add_closed(p, ax);
	for (int k = 0; k < nf; k++)
		add_free(c, ax, i, &f[k], free_lane);
	for (size_t k = 0; k < n; k++)
		if (in_day(ax, &b[k]))
			add_block(c, ax, &b[k], lane[k]);
	if (ax->now_in)
		page_addf(p,
		          "<span class=\"pnow\" style=\"left:%.3f%%\">"
		          "</span>",
		          pct(ax, p->now));
	page_add(p, "</div></div>\n");
}

/* ---- the day's hours in words ------------------------------------------ */

static void add_spans(plan_ctx *c, const day_axis *ax)
{
	for (int k = 0; k < ax->nspans; k++) {
		if (k > 0)
			page_add(c->p, ", ");
		plan_span(c, ax->ss[k], ax->se[k]);
	}
}

/* The day's hours, or why it is closed. */
static void add_hours(plan_ctx *c, const day_axis *ax)
{
	const store_site_date *note = plan_note(c, c->date);
	page *p = c->p;
	long hours = (long)((ax->de - ax->ds) / 3600);

	if (ax->nspans == 0) {
		page_add(p, "<div class=\"pclosed\" role=\"status\"><p "
		            "class=\"pclosed-head\">");
		if (note != NULL)
			staff_t(p, "Site fermé ce jour",
			        "Site closed this day");
		else
			staff_t(p, "Site fermé ce jour de la semaine",
			        "Site closed on this weekday");
		page_add(p, "</p>");
		if (note != NULL && note->note[0] != '\0') {
			page_add(p, "<p class=\"preason\">");
			staff_t(p, "Motif : ", "Reason: ");
			page_esc(p, note->note);
			page_add(p, "</p>");
		}
		page_add(p, "</div>\n");
		return;
	}
	page_add(p, "<p class=\"phours\">");
	if (note != NULL) {
		page_add(p, "<strong>");
		staff_t(p, "Horaires exceptionnels : ", "Special hours: ");
		page_add(p, "</strong>");
	} else {
		staff_t(p, "Ouvert ", "Open ");
	}
	add_spans(c, ax);
	if (note != NULL && note->note[0] != '\0') {
		page_add(p, " · ");
		page_esc(p, note->note);
	}
	if (hours != 24) {
		page_addf(p, " · <strong class=\"pdst\">%s %ld h</strong>",
		          staff_l(p, "changement d’heure : journée de",
		                  "clock change: a day of"),
		          hours);
	}
	page_add(p, "</p>\n");
}

/* ---- the table --------------------------------------------------------- */

/* The header cell of room I, spanning its ROWS rows. */
static void add_room_th(plan_ctx *c, size_t i, size_t rows)
{
	page_addf(c->p,
	          "<th scope=\"rowgroup\" rowspan=\"%zu\" class=\"pt-room\">",
	          rows);
	plan_room_head(c, i, false);
	page_add(c->p, "</th>");
}

static void add_table_row(plan_ctx *c, const store_plan_booking *b)
{
	page *p = c->p;

	page_add(p, "<td class=\"num\">");
	add_times(c, b);
	page_addf(p, "</td><td><span class=\"sbadge %s\">",
	          staff_status_class(b->b.status));
	page_esc(p, staff_status_word(p, b->b.status));
	page_add(p, "</span></td><td class=\"pt-who\">");
	add_booker(p, b);
	page_add(p, "</td><td>");
	page_esc(p, b->title);
	page_addf(p, "</td><td><a href=\"/staff/bookings/%lld",
	          (long long)b->id);
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Ouvrir", "Open");
	page_addf(p, "<span class=\"sr-only\"> %s %lld</span></a></td></tr>\n",
	          staff_l(p, "la réservation", "booking"), (long long)b->id);
}

/* The row of room I's free slots: links to book them. */
static void add_free_row(plan_ctx *c, size_t i, const day_free *f, int nf)
{
	page *p = c->p;

	page_add(p, "<td colspan=\"5\" class=\"pt-free\"><span "
	            "class=\"pkey-free\">");
	staff_t(p, "Libre", "Free");
	page_add(p, "</span> ");
	for (int k = 0; k < nf; k++) {
		if (k > 0)
			page_add(p, ", ");
		if (!c->may_book[i]) {
			plan_span(c, f[k].start, f[k].end);
			continue;
		}
		page_add(p, "<a href=\"");
		add_new_href(c, &c->rooms[i], &f[k]);
		page_add(p, "\">");
		plan_span(c, f[k].start, f[k].end);
		page_add(p, "</a>");
	}
	if (!c->may_book[i]) {
		page_add(p, " · ");
		staff_t(p, "réservation par ses référents",
		        "booked by its referents");
	}
	page_add(p, "</td></tr>\n");
}

static void add_table_room(plan_ctx *c, const day_axis *ax, bool drawn,
                           size_t i)
{
	const store_plan_booking *b;
	day_free f[DAY_MAX_FREE];
	size_t n, shown = 0;
	bool first = true;
	int nf = 0;
	page *p = c->p;

	b = plan_room_bookings(c, i, &n);
	for (size_t k = 0; k < n; k++)
		shown += in_day(ax, &b[k]);
	if (drawn)
		nf = find_free(c, ax, i, b, n, f);
	page_add(p, "<tbody>");
	for (size_t k = 0; k < n; k++) {
		if (!in_day(ax, &b[k]))
			continue;
		page_add(p, "<tr>");
		if (first)
			add_room_th(c, i, shown + (nf > 0));
		first = false;
		add_table_row(c, &b[k]);
	}
	if (shown == 0) {
		page_add(p, "<tr>");
		add_room_th(c, i, 1 + (nf > 0));
		page_add(p, "<td colspan=\"5\" class=\"muted\">");
		staff_t(p, "Aucune réservation ce jour.",
		        "No booking this day.");
		page_add(p, "</td></tr>\n");
	}
	if (nf > 0) {
		page_add(p, "<tr>");
		add_free_row(c, i, f, nf);
	}
	page_add(p, "</tbody>\n");
}

static void add_table(plan_ctx *c, const day_axis *ax, bool drawn)
{
	page *p = c->p;
	char day[PAGE_DAY_LEN];

	page_fmt_day(p->lang, c->date, day);
	page_add(p, "<h2 id=\"plist\" class=\"psection\">");
	staff_t(p, "Le jour en liste", "The day as a list");
	page_add(p, "</h2>\n<div class=\"stable-wrap\"><table class=\"stable "
	            "ptable\"><caption>");
	staff_t(p, "Réservations du ", "Bookings of ");
	page_esc(p, day);
	staff_t(p, ", salle par salle : horaire, état, réservé par",
	        ", room by room: time, state, booked by");
	page_add(p, "</caption>\n<thead><tr><th scope=\"col\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Horaire", "Time");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "État", "State");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Réservé par", "Booked by");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Titre", "Title");
	page_add(p, "</th><th scope=\"col\">");
	staff_t(p, "Fiche", "Details");
	page_add(p, "</th></tr></thead>\n");
	for (size_t i = 0; i < c->nrooms; i++)
		add_table_room(c, ax, drawn, i);
	page_add(p, "</table></div>\n");
}

/* ---- the view ---------------------------------------------------------- */

void plan_day(plan_ctx *c)
{
	page *p = c->p;
	day_axis ax;
	bool drawn = axis_make(c, &ax);

	if (!drawn)
		tz_day_bounds(c->tz, c->date, &ax.ds, &ax.de);
	page_add(p, "<div class=\"pmeta\">");
	add_hours(c, &ax);
	plan_legend(c);
	page_add(p, "</div>\n");
	if (c->nrooms == 0) {
		page_add(p, "<p class=\"muted\">");
		staff_t(p, "Ce site n’a encore aucune salle.",
		        "This site has no room yet.");
		page_add(p, "</p>\n");
		return;
	}
	if (drawn) {
		page_addf(
		        p,
		        "<div class=\"pgrid-wrap\" role=\"region\" "
		        "tabindex=\"0\" aria-label=\"%s\"><div class=\"pgrid\" "
		        "style=\"--hours:%.4f\">",
		        staff_l(p, "Planning du jour, salles et heures",
		                "The day's planning, rooms and hours"),
		        (double)(ax.a1 - ax.a0) / 3600.0);
		add_ticks(c, &ax);
		for (size_t i = 0; i < c->nrooms; i++)
			add_row(c, &ax, i);
		page_add(p, "</div></div>\n");
	}
	add_table(c, &ax, drawn);
}

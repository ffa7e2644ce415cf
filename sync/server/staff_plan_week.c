/*
 * staff_plan_week.c - the planning's week view: a table of the site's
 * rooms (rows) by the seven days from Monday to Sunday (columns), each
 * cell listing that room's bookings of the day, compactly, in start
 * order; each day's head links to its day view.
 */
#include "staff_plan_int.h"

/* The day's opening spans in words, or "Fermé". */
static void add_day_hours(plan_ctx *c, cal_date d)
{
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	int n = hours_spans_on(c->hours, c->tz, d, s, e, HOURS_MAX_SPANS);
	const store_site_date *note = plan_note(c, d);
	page *p = c->p;

	page_addf(p, "<span class=\"pw-hours%s\">",
	          n == 0 ? " closed" : (note != NULL ? " special" : ""));
	if (n == 0)
		staff_t(p, "Fermé", "Closed");
	for (int k = 0; k < n; k++) {
		if (k > 0)
			page_add(p, ", ");
		plan_span(c, s[k], e[k]);
	}
	page_add(p, "</span>");
	if (note != NULL && note->note[0] != '\0') {
		page_add(p, "<span class=\"pw-note\">");
		page_esc(p, note->note);
		page_add(p, "</span>");
	}
}

static void add_head_row(plan_ctx *c)
{
	page *p = c->p;

	page_add(p, "<thead><tr><th scope=\"col\" class=\"pw-roomcol\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</th>");
	for (int k = 0; k < 7; k++) {
		cal_date d = cal_date_add_days(c->first, k);
		bool today = cal_date_cmp(d, c->today) == 0;

		page_addf(p, "<th scope=\"col\"%s><a class=\"pw-day\" href=\"",
		          today ? " class=\"ptoday-col\"" : "");
		plan_href(c, PLAN_DAY, d);
		page_add(p, "\">");
		plan_short_day(c, d);
		page_add(p, "</a>");
		if (today) {
			page_add(p, " <span class=\"pw-now\">");
			staff_t(p, "aujourd’hui", "today");
			page_add(p, "</span>");
		}
		add_day_hours(c, d);
		page_add(p, "</th>");
	}
	page_add(p, "</tr></thead>\n");
}

/* One booking of a cell. */
static void add_item(plan_ctx *c, const store_plan_booking *b)
{
	page *p = c->p;

	page_addf(p,
	          "<li><a class=\"pw-item %s%s\" href=\"/staff/bookings/%lld",
	          staff_status_class(b->b.status),
	          plan_holds(b) ? "" : " pgone", (long long)b->id);
	page_lang_query(p, true);
	page_add(p, "\"><span class=\"pw-time\">");
	plan_span(c, b->b.start, b->b.end);
	page_add(p, "</span> <span class=\"pw-state\">");
	page_esc(p, staff_status_word(p, b->b.status));
	page_add(p, "</span> <span class=\"pw-who\">");
	if (b->email[0] != '\0')
		page_esc(p, b->email);
	else
		staff_t(p, b->walk_in ? "Sur place" : "Sans e-mail",
		        b->walk_in ? "Walk-in" : "No e-mail");
	page_add(p, "</span></a></li>");
}

/* The cell of room I on date D. */
static void add_cell(plan_ctx *c, size_t i, cal_date d)
{
	const store_plan_booking *b;
	porte_time ds, de, s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	size_t n, shown = 0;
	bool closed =
	        hours_spans_on(c->hours, c->tz, d, s, e, HOURS_MAX_SPANS) == 0;
	page *p = c->p;

	if (tz_day_bounds(c->tz, d, &ds, &de) != 0)
		return;
	b = plan_room_bookings(c, i, &n);
	page_addf(p, "<td class=\"pw-cell%s%s\">", closed ? " closed" : "",
	          cal_date_cmp(d, c->today) == 0 ? " ptoday-col" : "");
	for (size_t k = 0; k < n; k++) {
		/* A booking is listed on the day it starts. */
		if (b[k].b.start < ds || b[k].b.start >= de)
			continue;
		if (shown++ == 0)
			page_add(p, "<ul class=\"pw-list\">");
		add_item(c, &b[k]);
	}
	if (shown > 0)
		page_add(p, "</ul>");
	else if (closed)
		page_add(p, "<span class=\"pw-empty\">—</span>");
	page_add(p, "</td>");
}

void plan_week(plan_ctx *c)
{
	page *p = c->p;

	if (c->nrooms == 0) {
		page_add(p, "<p class=\"muted\">");
		staff_t(p, "Ce site n’a encore aucune salle.",
		        "This site has no room yet.");
		page_add(p, "</p>\n");
		return;
	}
	page_add(p, "<div class=\"stable-wrap pweek-wrap\" role=\"region\" "
	            "tabindex=\"0\" aria-labelledby=\"pweek-cap\"><table "
	            "class=\"stable pweek\"><caption id=\"pweek-cap\">");
	staff_t(p, "Réservations de la semaine, par salle et par jour",
	        "The week's bookings, by room and by day");
	page_add(p, "</caption>\n");
	add_head_row(c);
	page_add(p, "<tbody>\n");
	for (size_t i = 0; i < c->nrooms; i++) {
		page_add(p, "<tr><th scope=\"row\" class=\"pw-room\">");
		plan_room_head(c, i, true);
		page_add(p, "</th>");
		for (int k = 0; k < 7; k++)
			add_cell(c, i, cal_date_add_days(c->first, k));
		page_add(p, "</tr>\n");
	}
	page_add(p, "</tbody></table></div>\n");
}

/*
 * staff_plan_month.c - the planning's month view: a calendar of the
 * site's month, Monday first, each day with its count of bookings, how
 * busy its opening hours are, and its closure; each day links to its day
 * view.
 */
#include <string.h>

#include "staff_plan_int.h"

/* One day's figures. */
typedef struct month_day {
	int held;          /* bookings starting that day that hold a room */
	int gone;          /* released, cancelled or removed ones */
	int pending;       /* of HELD, still pending */
	porte_time open;   /* seconds open */
	porte_time booked; /* seconds booked within the opening hours */
	bool special;      /* an exception: closure or special hours */
} month_day;

/* Seconds of [S, E) inside the N spans SS/SE. */
static porte_time within(porte_time s, porte_time e, const porte_time *ss,
                         const porte_time *se, int n)
{
	porte_time sum = 0;

	for (int k = 0; k < n; k++) {
		porte_time a = s > ss[k] ? s : ss[k];
		porte_time b = e < se[k] ? e : se[k];

		if (b > a)
			sum += b - a;
	}
	return sum;
}

static void count_day(const plan_ctx *c, cal_date d, month_day *m)
{
	porte_time ss[HOURS_MAX_SPANS], se[HOURS_MAX_SPANS], ds, de;
	int n = hours_spans_on(c->hours, c->tz, d, ss, se, HOURS_MAX_SPANS);

	memset(m, 0, sizeof *m);
	m->special = plan_note(c, d) != NULL;
	for (int k = 0; k < n; k++)
		m->open += se[k] - ss[k];
	if (tz_day_bounds(c->tz, d, &ds, &de) != 0)
		return;
	for (size_t i = 0; i < c->nbk; i++) {
		const store_plan_booking *b = &c->bk[i];

		if (plan_holds(b))
			m->booked += within(b->b.start, b->b.end, ss, se, n);
		if (b->b.start < ds || b->b.start >= de)
			continue;
		if (!plan_holds(b))
			m->gone++;
		else
			m->held++;
		if (b->b.status == BOOKING_PENDING)
			m->pending++;
	}
}

static void add_day(plan_ctx *c, cal_date d)
{
	const store_site_date *note = plan_note(c, d);
	month_day m;
	page *p = c->p;
	bool today = cal_date_cmp(d, c->today) == 0;
	long busy = 0;

	count_day(c, d, &m);
	if (m.open > 0 && c->nrooms > 0)
		busy = (long)(m.booked * 100 /
		              (m.open * (porte_time)c->nrooms));
	if (busy > 100)
		busy = 100;
	page_addf(p, "<td class=\"pm-cell%s%s%s\"><a class=\"pm-day\" href=\"",
	          m.open == 0 ? " closed" : "", today ? " ptoday-col" : "",
	          m.held == 0 ? " empty" : "");
	plan_href(c, PLAN_DAY, d);
	page_add(p, "\"");
	if (today)
		page_add(p, " aria-current=\"date\"");
	page_addf(p, "><span class=\"pm-num\">%d<span class=\"sr-only\"> ",
	          d.day);
	page_esc(p, plan_weekday(c, cal_weekday(d), false));
	page_add(p, "</span></span>");
	page_addf(p,
	          "<span class=\"pm-count\"><strong>%d</strong> <span "
	          "class=\"pm-word\">%s</span></span>",
	          m.held,
	          m.held == 1 ? staff_l(p, "réservation", "booking")
	                      : staff_l(p, "réservations", "bookings"));
	if (m.pending > 0)
		page_addf(p, "<span class=\"pm-sub\">%d %s</span>", m.pending,
		          staff_l(p, "en attente", "pending"));
	if (m.gone > 0)
		page_addf(p, "<span class=\"pm-sub\">%d %s</span>", m.gone,
		          m.gone == 1
		                  ? staff_l(p, "annulée, libérée ou retirée",
		                            "cancelled, released or removed")
		                  : staff_l(p, "annulées, libérées ou retirées",
		                            "cancelled, released or removed"));
	if (m.open > 0)
		page_addf(p,
		          "<span class=\"pm-bar\" aria-hidden=\"true\"><span "
		          "style=\"width:%ld%%\"></span></span><span "
		          "class=\"pm-busy\">%ld %% %s</span>",
		          busy, busy, staff_l(p, "occupé", "booked"));
	if (m.open == 0 || m.special) {
		page_add(p, m.open == 0 ? "<span class=\"pm-note\">"
		                        : "<span class=\"pm-note special\">");
		if (m.open == 0)
			staff_t(p, "Fermé", "Closed");
		else
			staff_t(p, "Horaires exceptionnels", "Special hours");
		if (note != NULL && note->note[0] != '\0') {
			page_add(p, " · ");
			page_esc(p, note->note);
		}
		page_add(p, "</span>");
	}
	page_add(p, "</a></td>");
}

void plan_month(plan_ctx *c)
{
	page *p = c->p;
	int lead = cal_weekday(c->first);
	int days = c->last.day;
	int cells = ((lead + days + 6) / 7) * 7;

	page_add(p, "<div class=\"stable-wrap pmonth-wrap\" role=\"region\" "
	            "tabindex=\"0\" aria-labelledby=\"pmonth-cap\"><table "
	            "class=\"stable pmonth\"><caption id=\"pmonth-cap\">");
	staff_t(p, "Réservations par jour du mois, toutes salles",
	        "The month's bookings by day, every room");
	page_add(p, "</caption>\n<thead><tr>");
	for (int k = 0; k < 7; k++) {
		page_add(p, "<th scope=\"col\"><abbr title=\"");
		page_esc(p, plan_weekday(c, k, false));
		page_add(p, "\">");
		page_esc(p, plan_weekday(c, k, true));
		page_add(p, "</abbr></th>");
	}
	page_add(p, "</tr></thead>\n<tbody>");
	for (int k = 0; k < cells; k++) {
		int day = k - lead + 1;

		if (k % 7 == 0)
			page_add(p, "<tr>");
		if (day < 1 || day > days)
			page_add(p, "<td class=\"pm-out\"></td>");
		else
			add_day(c,
			        (cal_date){c->first.year, c->first.month, day});
		if (k % 7 == 6)
			page_add(p, "</tr>\n");
	}
	page_add(p, "</tbody></table></div>\n");
}

/*
 * staff_stats_page.c - the dashboard's page (see staff_stats.h): the
 * period's choices, the headline figures, four charts (occupancy by
 * weekday and hour, the rooms with the most no-shows, the trend week by
 * week, booked against occupied time by room), each with its numbers in a
 * table, and the links to the same figures in JSON and CSV.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff_stats.h"
#include "staff_svg.h"

#define TOP_NO_SHOWS 10
#define TOP_ROOMS 12
#define NUM_MAX 64
#define HOUR_FIRST 8 /* the heat map's hours when nothing was booked */
#define HOUR_LAST 19

static bool is_fr(const page *p)
{
	return strcmp(p->lang, "en") != 0;
}

/* snprintf into the array BUF with the French or the English format (both
 * literals, so that their arguments are checked). */
#define FMT_L(p, buf, fr, en, ...)                                             \
	(is_fr(p) ? snprintf(buf, sizeof buf, fr, __VA_ARGS__)                 \
	          : snprintf(buf, sizeof buf, en, __VA_ARGS__))

/* ---- numbers in words of the page's language ----------------------------- */

/* Appends S to BUF (SIZE bytes, *LEN used), cut when full. */
static void cat(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= size)
		n = size - 1 - *len;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* V with DEC decimals, thousands grouped ("1 234,5" / "1,234.5"). */
static const char *fmt_num(const page *p, char *buf, size_t size, double v,
                           int dec)
{
	char raw[NUM_MAX], one[2] = {0, 0};
	const char *r = raw;
	size_t len = 0, intlen;

	snprintf(raw, sizeof raw, "%.*f", dec, v);
	buf[0] = '\0';
	if (*r == '-') {
		if (strspn(r + 1, "0.") != strlen(r + 1))
			cat(buf, size, &len, "−");
		r++;
	}
	intlen = strcspn(r, ".");
	for (size_t i = 0; i < intlen; i++) {
		if (i > 0 && (intlen - i) % 3 == 0)
			cat(buf, size, &len, is_fr(p) ? "\u202f" : ",");
		one[0] = r[i];
		cat(buf, size, &len, one);
	}
	if (r[intlen] == '.') {
		cat(buf, size, &len, is_fr(p) ? "," : ".");
		cat(buf, size, &len, r + intlen + 1);
	}
	return buf;
}

static const char *fmt_int(const page *p, char *buf, size_t size, int64_t v)
{
	return fmt_num(p, buf, size, (double)v, 0);
}

/* Seconds as hours with one decimal: "12,5 h". */
static const char *fmt_hours(const page *p, char *buf, size_t size, int64_t s)
{
	size_t len;

	fmt_num(p, buf, size, (double)s / 3600.0, 1);
	len = strlen(buf);
	cat(buf, size, &len, "\u00a0h");
	return buf;
}

/* A rate 0..1 as a percentage with one decimal: "82,1 %" / "82.1%". */
static const char *fmt_pct(const page *p, char *buf, size_t size, double rate)
{
	size_t len;

	fmt_num(p, buf, size, 100.0 * rate, 1);
	len = strlen(buf);
	cat(buf, size, &len, is_fr(p) ? "\u00a0%" : "%");
	return buf;
}

static double ratio(int64_t a, int64_t b)
{
	return b > 0 ? (double)a / (double)b : 0.0;
}

static const char *const months_fr[] = {"janv.", "févr.", "mars",  "avr.",
                                        "mai",   "juin",  "juil.", "août",
                                        "sept.", "oct.",  "nov.",  "déc."};
static const char *const months_en[] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};

/* "24 nov. 2026" / "24 Nov 2026"; without the year when YEAR is false. */
static const char *fmt_date(const page *p, char *buf, size_t size, cal_date d,
                            bool year)
{
	const char *m =
	        is_fr(p) ? months_fr[d.month - 1] : months_en[d.month - 1];

	if (year)
		snprintf(buf, size, "%d %s %d", d.day, m, d.year);
	else
		snprintf(buf, size, "%d %s", d.day, m);
	return buf;
}

static const char *const days_short_fr[] = {"lun.", "mar.", "mer.", "jeu.",
                                            "ven.", "sam.", "dim."};
static const char *const days_short_en[] = {"Mon", "Tue", "Wed", "Thu",
                                            "Fri", "Sat", "Sun"};
static const char *const days_fr[] = {"lundi",    "mardi",  "mercredi", "jeudi",
                                      "vendredi", "samedi", "dimanche"};
static const char *const days_en[] = {"Monday",   "Tuesday", "Wednesday",
                                      "Thursday", "Friday",  "Saturday",
                                      "Sunday"};

/* The ISO week of the Monday MONDAY ("2026-W48" in *YEAR and *WEEK). */
static void iso_week(cal_date monday, int *year, int *week)
{
	cal_date thu = cal_date_add_days(monday, 3);
	cal_date jan1 = {thu.year, 1, 1};
	int64_t yday = cal_days_from_civil(thu) - cal_days_from_civil(jan1);

	*year = thu.year;
	*week = (int)(yday / 7) + 1;
}

/* ---- links ------------------------------------------------------------------ */

/* Appends the scope's query part ("&site=S" or "&room=R"; nothing for
 * all), escaped. */
static void add_scope_query(page *p, const stats_view *d)
{
	if (d->room != NULL) {
		page_add(p, "&amp;room=");
		staff_url_esc(p, d->room);
	} else if (d->site != NULL) {
		page_add(p, "&amp;site=");
		staff_url_esc(p, d->site);
	}
}

/* Appends the period and scope's query: "from=...&to=...&site=...". */
static void add_query(page *p, const stats_view *d)
{
	char a[CAL_DATE_LEN], b[CAL_DATE_LEN];

	cal_format_date(d->first, a);
	cal_format_date(d->last, b);
	page_addf(p, "from=%s&amp;to=%s", a, b);
	add_scope_query(p, d);
}

/* ---- the form --------------------------------------------------------------- */

static void add_presets(page *p, const stats_view *d)
{
	page_add(p, "<nav class=\"presets\" aria-label=\"");
	staff_t(p, "Périodes", "Periods");
	page_add(p, "\"><ul>");
	for (size_t i = 0; i < stats_preset_count(); i++) {
		page_addf(p, "<li><a href=\"/stats?period=%s",
		          stats_preset_key((int)i));
		add_scope_query(p, d);
		page_lang_query(p, false);
		page_add(p, "\"");
		if (d->preset == (int)i)
			page_add(p, " aria-current=\"true\"");
		page_add(p, ">");
		page_esc(p, stats_preset_name(p, (int)i));
		page_add(p, "</a></li>");
	}
	page_add(p, "</ul></nav>\n");
}

static void add_date_field(page *p, const char *name, const char *fr,
                           const char *en, cal_date v)
{
	char date[CAL_DATE_LEN];

	cal_format_date(v, date);
	page_addf(p,
	          "<label class=\"field\"><span class=\"label\">%s</span>"
	          "<input type=\"date\" name=\"%s\" value=\"%s\" "
	          "required></label>\n",
	          staff_l(p, fr, en), name, date);
}

static void add_site_select(page *p, const stats_view *d)
{
	const store_staff *me = staff_me(p);

	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Site", "Site");
	page_add(p, "</span><select name=\"site\">");
	if (me->site[0] == '\0') {
		page_add(p, "<option value=\"\">");
		staff_t(p, "Tous les sites", "Every site");
		page_add(p, "</option>");
	}
	for (size_t i = 0; i < d->nsites; i++) {
		const store_site *s = &d->sites[i];

		if (me->site[0] != '\0' && strcmp(me->site, s->slug) != 0)
			continue;
		page_add(p, "<option value=\"");
		page_esc(p, s->slug);
		page_add(p, "\"");
		if (d->site != NULL && !strcmp(d->site, s->slug))
			page_add(p, " selected");
		page_add(p, ">");
		page_esc(p, s->name);
		page_add(p, "</option>");
	}
	page_add(p, "</select></label>\n");
}

static void add_room_select(page *p, const stats_view *d)
{
	const char *group = NULL;

	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Salle", "Room");
	page_add(p, "</span><select name=\"room\"><option value=\"\">");
	staff_t(p, "Toutes les salles", "Every room");
	page_add(p, "</option>");
	for (size_t i = 0; i < d->nrooms; i++) {
		const store_room *r = &d->rooms[i];

		if (group == NULL || strcmp(group, r->site) != 0) {
			if (group != NULL)
				page_add(p, "</optgroup>");
			page_add(p, "<optgroup label=\"");
			page_esc(p, r->site_name);
			page_add(p, "\">");
			group = r->site;
		}
		page_add(p, "<option value=\"");
		page_esc(p, r->slug);
		page_add(p, "\"");
		if (d->room != NULL && !strcmp(d->room, r->slug))
			page_add(p, " selected");
		page_add(p, ">");
		page_esc(p, r->name);
		page_add(p, "</option>");
	}
	if (group != NULL)
		page_add(p, "</optgroup>");
	page_add(p, "</select></label>\n");
}

static void add_form(page *p, const stats_view *d)
{
	cal_date first = d->first, last = d->last;

	if (first.year == 0) {
		last = d->today.year != 0 ? d->today : (cal_date){2026, 1, 1};
		first = cal_date_add_days(last, -27);
	}
	page_add(p, "<form class=\"card stats-form\" method=\"get\" "
	            "action=\"/stats\" aria-label=\"");
	staff_t(p, "Période et salles", "Period and rooms");
	page_add(p, "\">");
	add_presets(p, d);
	page_add(p, "<div class=\"sform\">\n");
	add_date_field(p, "from", "Du", "From", first);
	add_date_field(p, "to", "Au (inclus)", "To (included)", last);
	add_site_select(p, d);
	add_room_select(p, d);
	if (p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          p->lang);
	page_add(p, "<div class=\"field\"><button class=\"btn btn-primary\" "
	            "type=\"submit\">");
	staff_t(p, "Afficher", "Show");
	page_add(p, "</button></div>\n</div></form>\n");
}

/* ---- the headline ------------------------------------------------------------ */

/* One figure's card: its name, its value, a line under it, and a meter
 * of RATE when RATE >= 0. */
static void kpi(page *p, const char *key, const char *name, const char *value,
                const char *sub, double rate, const char *meter_cls)
{
	page_addf(p,
	          "<div class=\"kpi\" data-key=\"%s\"><p class=\"kpi-name\">",
	          key);
	page_esc(p, name);
	page_add(p, "</p><p class=\"kpi-value\">");
	page_esc(p, value);
	page_add(p, "</p>");
	if (rate >= 0.0)
		page_addf(p,
		          "<div class=\"meter %s\" aria-hidden=\"true\"><span "
		          "style=\"width:%.1f%%\"></span></div>",
		          meter_cls, 100.0 * (rate > 1.0 ? 1.0 : rate));
	page_add(p, "<p class=\"kpi-sub\">");
	page_esc(p, sub);
	page_add(p, "</p></div>\n");
}

static void add_kpis(page *p, const stats_figures *f)
{
	char v[NUM_MAX], a[NUM_MAX], b[NUM_MAX], c[NUM_MAX], sub[256];

	page_add(p, "<section class=\"kpis\" aria-label=\"");
	staff_t(p, "Chiffres clés", "Headline figures");
	page_add(p, "\">\n");
	FMT_L(p, sub, "%s attendues, %s annulées, %s sur place",
	      "%s due, %s cancelled, %s walk-ins",
	      fmt_int(p, a, sizeof a, f->due),
	      fmt_int(p, b, sizeof b, f->cancelled),
	      fmt_int(p, c, sizeof c, f->walk_ins));
	kpi(p, "bookings", staff_l(p, "Réservations", "Bookings"),
	    fmt_int(p, v, sizeof v, f->bookings), sub, -1, "");
	FMT_L(p, sub, "%s présences sur %s réservations attendues",
	      "%s checked in of %s due bookings",
	      fmt_int(p, a, sizeof a, f->shows),
	      fmt_int(p, b, sizeof b, f->due));
	kpi(p, "checkin_rate", staff_l(p, "Taux de présence", "Check-in rate"),
	    fmt_pct(p, v, sizeof v, f->checkin_rate), sub, f->checkin_rate,
	    "m-ok");
	FMT_L(p, sub, "%s absences, dont %s libérées automatiquement",
	      "%s no-shows, %s of them auto-released",
	      fmt_int(p, a, sizeof a, f->no_shows),
	      fmt_int(p, b, sizeof b, f->auto_released));
	kpi(p, "no_show_rate", staff_l(p, "Taux d’absence", "No-show rate"),
	    fmt_pct(p, v, sizeof v, f->no_show_rate), sub, f->no_show_rate,
	    "m-bad");
	snprintf(sub, sizeof sub, "%s",
	         staff_l(p,
	                 "rendues avant leur fin : absences, fins "
	                 "anticipées, retraits",
	                 "handed back before their end: no-shows, early "
	                 "ends, removals"));
	kpi(p, "released", staff_l(p, "Heures libérées", "Released hours"),
	    fmt_hours(p, v, sizeof v, f->released_s), sub, -1, "");
	FMT_L(p, sub, "%s des heures libérées réservées à nouveau",
	      "%s of the released hours booked again",
	      fmt_pct(p, a, sizeof a, ratio(f->reclaimed_s, f->released_s)));
	kpi(p, "reclaimed", staff_l(p, "Heures récupérées", "Reclaimed hours"),
	    fmt_hours(p, v, sizeof v, f->reclaimed_s), sub,
	    ratio(f->reclaimed_s, f->released_s), "m-accent");
	FMT_L(p, sub, "sur %s réservées (%s du temps réservé)",
	      "of %s booked (%s of the booked time)",
	      fmt_hours(p, a, sizeof a, f->booked_s),
	      fmt_pct(p, b, sizeof b, ratio(f->occupied_s, f->booked_s)));
	kpi(p, "occupied", staff_l(p, "Heures occupées", "Occupied hours"),
	    fmt_hours(p, v, sizeof v, f->occupied_s), sub,
	    ratio(f->occupied_s, f->booked_s), "m-accent");
	page_add(p, "</section>\n");
}

/* Opens a table in its box, under a disclosure unless OPEN. */
static void table_open(page *p, const char *caption, bool details)
{
	if (details) {
		page_add(p, "<details class=\"numbers\"><summary>");
		staff_t(p, "Les chiffres en tableau", "The numbers as a table");
		page_add(p, "</summary>");
	}
	page_add(p, "<div class=\"stable-wrap\"><table class=\"stable\">"
	            "<caption>");
	page_esc(p, caption);
	page_add(p, "</caption>\n");
}

static void table_close(page *p, bool details)
{
	page_add(p, "</tbody></table></div>");
	if (details)
		page_add(p, "</details>");
	page_add(p, "\n");
}

/* A header row of N columns (FR/EN pairs), the first one a text's, the
 * others numbers'. */
static void table_head(page *p, const char *const *cols, size_t n)
{
	page_add(p, "<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		page_addf(p, "<th scope=\"col\"%s>",
		          i > 0 ? " class=\"num\"" : "");
		page_esc(p, staff_l(p, cols[2 * i], cols[2 * i + 1]));
		page_add(p, "</th>");
	}
	page_add(p, "</tr></thead><tbody>\n");
}

static void num_cell(page *p, const char *v)
{
	page_add(p, "<td class=\"num\">");
	page_esc(p, v);
	page_add(p, "</td>");
}

static void figure_row(page *p, const char *key, const char *fr, const char *en,
                       const char *v)
{
	page_addf(p, "<tr data-key=\"%s\"><th scope=\"row\">", key);
	staff_t(p, fr, en);
	page_add(p, "</th>");
	num_cell(p, v);
	page_add(p, "</tr>\n");
}

/* Every figure of the total, as the JSON names them. */
static void add_totals_table(page *p, const stats_figures *f)
{
	static const char *const cols[] = {"Chiffre", "Figure", "Valeur",
	                                   "Value"};
	char v[NUM_MAX];

	page_add(p, "<section class=\"card\" aria-labelledby=\"h-all\">"
	            "<h2 id=\"h-all\">");
	staff_t(p, "Toutes les valeurs de la période",
	        "Every figure of the period");
	page_add(p, "</h2>");
	table_open(p, staff_l(p, "Chiffres de la période", "Period figures"),
	           false);
	table_head(p, cols, 2);
	figure_row(p, "bookings", "Réservations", "Bookings",
	           fmt_int(p, v, sizeof v, f->bookings));
	figure_row(p, "due", "Attendues", "Due",
	           fmt_int(p, v, sizeof v, f->due));
	figure_row(p, "shows", "Présences", "Checked in",
	           fmt_int(p, v, sizeof v, f->shows));
	figure_row(p, "no_shows", "Absences", "No-shows",
	           fmt_int(p, v, sizeof v, f->no_shows));
	figure_row(p, "checkin_rate", "Taux de présence", "Check-in rate",
	           fmt_pct(p, v, sizeof v, f->checkin_rate));
	figure_row(p, "no_show_rate", "Taux d’absence", "No-show rate",
	           fmt_pct(p, v, sizeof v, f->no_show_rate));
	figure_row(p, "auto_released", "Libérées automatiquement",
	           "Auto-released", fmt_int(p, v, sizeof v, f->auto_released));
	figure_row(p, "removed", "Retirées par le personnel",
	           "Removed by staff", fmt_int(p, v, sizeof v, f->removed));
	figure_row(p, "cancelled", "Annulées", "Cancelled",
	           fmt_int(p, v, sizeof v, f->cancelled));
	figure_row(p, "walk_ins", "Sur place", "Walk-ins",
	           fmt_int(p, v, sizeof v, f->walk_ins));
	figure_row(p, "booked", "Heures réservées", "Booked hours",
	           fmt_hours(p, v, sizeof v, f->booked_s));
	figure_row(p, "occupied", "Heures occupées", "Occupied hours",
	           fmt_hours(p, v, sizeof v, f->occupied_s));
	figure_row(p, "released", "Heures libérées", "Released hours",
	           fmt_hours(p, v, sizeof v, f->released_s));
	figure_row(p, "reclaimed", "Heures récupérées", "Reclaimed hours",
	           fmt_hours(p, v, sizeof v, f->reclaimed_s));
	table_close(p, false);
	page_add(p, "</section>\n");
}

/* ---- the heat map ------------------------------------------------------------ */

/* The hours worth showing: those with booked time, else opening-like
 * hours. */
/* Opens the card of a chart: its section, labelled by its heading H-ID
 * saying FR / EN. */
static void chart_card_open(page *p, const char *id, const char *fr,
                            const char *en)
{
	page_addf(p,
	          "<section class=\"card chart-card\" "
	          "aria-labelledby=\"h-%s\"><h2 id=\"h-%s\">",
	          id, id);
	staff_t(p, fr, en);
	page_add(p, "</h2>");
}

static void heat_hours(const stats *s, int *first, int *last)
{
	*first = 24;
	*last = -1;
	for (int wd = 0; wd < 7; wd++) {
		for (int h = 0; h < 24; h++) {
			if (stats_booked_at(s, wd, h) <= 0 &&
			    stats_occupied_at(s, wd, h) <= 0)
				continue;
			if (h < *first)
				*first = h;
			if (h > *last)
				*last = h;
		}
	}
	if (*last < 0) {
		*first = HOUR_FIRST;
		*last = HOUR_LAST;
	}
}

/* How many of each weekday the period holds. */
static void weekday_counts(const stats_view *d, int64_t counts[7])
{
	int64_t a = cal_days_from_civil(d->first);
	int64_t b = cal_days_from_civil(d->last);
	int wd = cal_weekday(d->first);

	memset(counts, 0, 7 * sizeof counts[0]);
	for (int64_t day = a; day <= b && day - a < 7; day++)
		counts[(wd + (day - a)) % 7] = (b - day) / 7 + 1;
}

/* The occupancy of cell WD x H: occupied seconds over the rooms' time. */
static double heat_rate(const stats_view *d, const int64_t counts[7], int wd,
                        int h)
{
	int64_t room_time = (int64_t)d->scope_rooms * counts[wd] * 3600;

	return ratio(stats_occupied_at(d->s, wd, h), room_time);
}

static void hour_name(const page *p, int h, char *buf, size_t size)
{
	if (is_fr(p))
		snprintf(buf, size, "%02d\u00a0h", h);
	else
		snprintf(buf, size, "%02d:00", h);
}

static void heat_cell_of(const stats_view *d, const int64_t counts[7], int wd,
                         int h, svg_cell *c)
{
	page *p = d->p;
	double rate = heat_rate(d, counts, wd, h);
	char pct[NUM_MAX], occ[NUM_MAX], bk[NUM_MAX], h1[16], h2[16];

	c->level = counts[wd] > 0 ? rate : -1.0;
	fmt_pct(p, pct, sizeof pct, rate);
	if (stats_occupied_at(d->s, wd, h) > 0)
		snprintf(c->text, sizeof c->text, "%s",
		         rate < 0.005 ? "<1" : "");
	if (rate >= 0.005)
		snprintf(c->text, sizeof c->text, "%.0f", 100.0 * rate);
	hour_name(p, h, h1, sizeof h1);
	hour_name(p, (h + 1) % 24, h2, sizeof h2);
	FMT_L(p, c->title, "%s %s–%s : %s occupé (%s occupées, %s réservées)",
	      "%s %s–%s: %s occupied (%s occupied, %s booked)",
	      staff_l(p, days_fr[wd], days_en[wd]), h1, h2, pct,
	      fmt_hours(p, occ, sizeof occ, stats_occupied_at(d->s, wd, h)),
	      fmt_hours(p, bk, sizeof bk, stats_booked_at(d->s, wd, h)));
}

static void heat_table(const stats_view *d, const int64_t counts[7], int h0,
                       int h1)
{
	page *p = d->p;
	char name[16], v[NUM_MAX];

	table_open(p,
	           staff_l(p, "Taux d’occupation par jour et heure locale",
	                   "Occupancy by weekday and local hour"),
	           true);
	page_add(p, "<thead><tr><th scope=\"col\">");
	staff_t(p, "Jour", "Day");
	page_add(p, "</th>");
	for (int h = h0; h <= h1; h++) {
		hour_name(p, h, name, sizeof name);
		page_addf(p, "<th scope=\"col\" class=\"num\">%s</th>", name);
	}
	page_add(p, "</tr></thead><tbody>\n");
	for (int wd = 0; wd < 7; wd++) {
		page_addf(p, "<tr data-weekday=\"%d\"><th scope=\"row\">", wd);
		page_esc(p, staff_l(p, days_fr[wd], days_en[wd]));
		page_add(p, "</th>");
		for (int h = h0; h <= h1; h++)
			num_cell(p, fmt_pct(p, v, sizeof v,
			                    heat_rate(d, counts, wd, h)));
		page_add(p, "</tr>\n");
	}
	table_close(p, true);
}

static void add_heat(const stats_view *d)
{
	page *p = d->p;
	const char *rows[7], *cols[24];
	char names[24][16];
	svg_cell *cells;
	int64_t counts[7];
	int h0, h1, n;
	svg_heat hm;

	heat_hours(d->s, &h0, &h1);
	n = h1 - h0 + 1;
	weekday_counts(d, counts);
	cells = calloc((size_t)(7 * n), sizeof *cells);
	if (cells == NULL)
		return;
	for (int wd = 0; wd < 7; wd++) {
		rows[wd] = staff_l(p, days_short_fr[wd], days_short_en[wd]);
		for (int h = h0; h <= h1; h++)
			heat_cell_of(d, counts, wd, h, &cells[wd * n + h - h0]);
	}
	for (int h = h0; h <= h1; h++) {
		hour_name(p, h, names[h - h0], sizeof names[0]);
		cols[h - h0] = names[h - h0];
	}
	chart_card_open(p, "heat", "Occupation par jour et heure",
	                "Occupancy by day and hour");
	page_add(p, "<p class=\"muted\">");
	staff_t(p,
	        "Part du temps des salles réellement occupée (présence "
	        "enregistrée), en heure locale, sur toute la période. Chaque "
	        "case donne le pourcentage.",
	        "Share of the rooms' time really occupied (a check-in "
	        "recorded), in local time, over the whole period. Each cell "
	        "gives the percentage.");
	page_add(p, "</p><div class=\"chart-scroll\">");
	hm = (svg_heat){
	        .label = staff_l(p,
	                         "Carte de chaleur de l’occupation par jour "
	                         "et heure",
	                         "Heat map of occupancy by day and hour"),
	        .rows = 7,
	        .cols = n,
	        .row_names = rows,
	        .col_names = cols,
	        .cells = cells,
	        .legend_low = "0 %",
	        .legend_high = "100 %",
	};
	svg_heat_add(p, &hm);
	page_add(p, "</div>");
	heat_table(d, counts, h0, h1);
	page_add(p, "</section>\n");
	free(cells);
}

/* ---- rooms ------------------------------------------------------------------- */

typedef struct room_fig {
	const char *name;
	const stats_figures *f;
} room_fig;

static const char *room_name(const stats_view *d, int64_t id, char *buf,
                             size_t size)
{
	for (size_t i = 0; i < d->nrooms; i++) {
		if (d->rooms[i].id == id)
			return d->rooms[i].name;
	}
	snprintf(buf, size, "#%lld", (long long)id);
	return buf;
}

static int by_no_shows(const void *a, const void *b)
{
	const room_fig *x = a, *y = b;

	if (x->f->no_shows != y->f->no_shows)
		return x->f->no_shows > y->f->no_shows ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_booked(const void *a, const void *b)
{
	const room_fig *x = a, *y = b;

	if (x->f->booked_s != y->f->booked_s)
		return x->f->booked_s > y->f->booked_s ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	const room_fig *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The rooms with figures, as a new array of *N (names borrowed; unknown
 * rooms get NAMES' "#id"). */
static room_fig *room_figs(const stats_view *d, char (*names)[24], size_t *n)
{
	size_t count = stats_room_count(d->s);
	room_fig *r = calloc(count ? count : 1, sizeof *r);

	*n = 0;
	if (r == NULL)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		int64_t id = 0;

		r[i].f = stats_room(d->s, i, &id);
		r[i].name = room_name(d, id, names[i], sizeof names[0]);
	}
	*n = count;
	return r;
}

static void add_no_shows(const stats_view *d, room_fig *r, size_t n)
{
	static const char *const cols[] = {"Salle",           "Room",
	                                   "Absences",        "No-shows",
	                                   "Attendues",       "Due",
	                                   "Taux d’absence",  "No-show rate",
	                                   "Heures libérées", "Released hours"};
	page *p = d->p;
	svg_bar bars[TOP_NO_SHOWS];
	size_t k = 0;
	char a[NUM_MAX], b[NUM_MAX], c[NUM_MAX];

	qsort(r, n, sizeof *r, by_no_shows);
	for (; k < n && k < TOP_NO_SHOWS && r[k].f->no_shows > 0; k++) {
		svg_bar *x = &bars[k];

		memset(x, 0, sizeof *x);
		snprintf(x->label, sizeof x->label, "%s", r[k].name);
		x->v[0] = (double)r[k].f->no_shows;
		snprintf(x->text, sizeof x->text, "%s (%s)",
		         fmt_int(p, a, sizeof a, r[k].f->no_shows),
		         fmt_pct(p, b, sizeof b, r[k].f->no_show_rate));
		FMT_L(p, x->title, "%s : %s absences sur %s attendues (%s)",
		      "%s: %s no-shows of %s due (%s)", r[k].name, a,
		      fmt_int(p, c, sizeof c, r[k].f->due), b);
	}
	chart_card_open(p, "noshow", "Les salles aux plus nombreuses absences",
	                "Rooms with the most no-shows");
	if (k == 0) {
		page_add(p, "<p class=\"empty\">");
		staff_t(p, "Aucune absence sur la période.",
		        "No no-show in this period.");
		page_add(p, "</p></section>\n");
		return;
	}
	page_add(p, "<div class=\"chart-scroll\">");
	svg_bars_add(
	        p, &(svg_bars){
	                   .label = staff_l(p, "Barres : absences par salle",
	                                    "Bars: no-shows by room"),
	                   .bars = bars,
	                   .n = k,
	                   .series = 1,
	                   .s = {{staff_l(p, "Absences", "No-shows"), "s-bad"}},
	           });
	page_add(p, "</div>");
	table_open(p, staff_l(p, "Absences par salle", "No-shows by room"),
	           true);
	table_head(p, cols, 5);
	for (size_t i = 0; i < k; i++) {
		page_add(p, "<tr><th scope=\"row\">");
		page_esc(p, r[i].name);
		page_add(p, "</th>");
		num_cell(p, fmt_int(p, a, sizeof a, r[i].f->no_shows));
		num_cell(p, fmt_int(p, a, sizeof a, r[i].f->due));
		num_cell(p, fmt_pct(p, a, sizeof a, r[i].f->no_show_rate));
		num_cell(p, fmt_hours(p, a, sizeof a, r[i].f->released_s));
		page_add(p, "</tr>\n");
	}
	table_close(p, true);
	page_add(p, "</section>\n");
}

static void rooms_table(const stats_view *d, room_fig *r, size_t n)
{
	static const char *const cols[] = {"Salle",
	                                   "Room",
	                                   "Réservations",
	                                   "Bookings",
	                                   "Présence",
	                                   "Check-in rate",
	                                   "Absences",
	                                   "No-shows",
	                                   "Heures réservées",
	                                   "Booked hours",
	                                   "Heures occupées",
	                                   "Occupied hours",
	                                   "Occupé / réservé",
	                                   "Occupied / booked",
	                                   "Heures libérées",
	                                   "Released hours",
	                                   "Heures récupérées",
	                                   "Reclaimed hours"};
	page *p = d->p;
	char v[NUM_MAX];

	qsort(r, n, sizeof *r, by_name);
	table_open(p, staff_l(p, "Chiffres par salle", "Figures by room"),
	           true);
	table_head(p, cols, 9);
	for (size_t i = 0; i < n; i++) {
		const stats_figures *f = r[i].f;

		page_add(p, "<tr><th scope=\"row\">");
		page_esc(p, r[i].name);
		page_add(p, "</th>");
		num_cell(p, fmt_int(p, v, sizeof v, f->bookings));
		num_cell(p, fmt_pct(p, v, sizeof v, f->checkin_rate));
		num_cell(p, fmt_int(p, v, sizeof v, f->no_shows));
		num_cell(p, fmt_hours(p, v, sizeof v, f->booked_s));
		num_cell(p, fmt_hours(p, v, sizeof v, f->occupied_s));
		num_cell(p, fmt_pct(p, v, sizeof v,
		                    ratio(f->occupied_s, f->booked_s)));
		num_cell(p, fmt_hours(p, v, sizeof v, f->released_s));
		num_cell(p, fmt_hours(p, v, sizeof v, f->reclaimed_s));
		page_add(p, "</tr>\n");
	}
	table_close(p, true);
}

static void add_booked_occupied(const stats_view *d, room_fig *r, size_t n)
{
	page *p = d->p;
	svg_bar bars[TOP_ROOMS];
	size_t k = 0;
	char a[NUM_MAX], b[NUM_MAX], c[NUM_MAX];

	qsort(r, n, sizeof *r, by_booked);
	for (; k < n && k < TOP_ROOMS; k++) {
		svg_bar *x = &bars[k];
		const stats_figures *f = r[k].f;

		memset(x, 0, sizeof *x);
		snprintf(x->label, sizeof x->label, "%s", r[k].name);
		x->v[0] = (double)f->booked_s / 3600.0;
		x->v[1] = (double)f->occupied_s / 3600.0;
		fmt_pct(p, x->text, sizeof x->text,
		        ratio(f->occupied_s, f->booked_s));
		FMT_L(p, x->title, "%s : %s réservées, %s occupées (%s)",
		      "%s: %s booked, %s occupied (%s)", r[k].name,
		      fmt_hours(p, a, sizeof a, f->booked_s),
		      fmt_hours(p, b, sizeof b, f->occupied_s),
		      fmt_pct(p, c, sizeof c,
		              ratio(f->occupied_s, f->booked_s)));
	}
	chart_card_open(p, "rooms", "Réservé et réellement occupé, par salle",
	                "Booked and really occupied, by room");
	page_add(p, "<p class=\"muted\">");
	if (n > TOP_ROOMS)
		staff_t(p,
		        "Les 12 salles les plus réservées ; toutes sont dans "
		        "le tableau.",
		        "The 12 most booked rooms; every room is in the "
		        "table.");
	else
		staff_t(p,
		        "Heures réservées et heures occupées de chaque salle.",
		        "Booked and occupied hours of each room.");
	page_add(p, "</p><div class=\"chart-scroll\">");
	svg_bars_add(
	        p,
	        &(svg_bars){
	                .label = staff_l(p,
	                                 "Barres : heures réservées et "
	                                 "occupées par salle",
	                                 "Bars: booked and occupied "
	                                 "hours by room"),
	                .bars = bars,
	                .n = k,
	                .series = 2,
	                .s = {{staff_l(p, "Réservé", "Booked"), "s-booked"},
	                      {staff_l(p, "Occupé", "Occupied"), "s-occupied"}},
	        });
	page_add(p, "</div>");
	rooms_table(d, r, n);
	page_add(p, "</section>\n");
}

/* ---- weeks ------------------------------------------------------------------- */

static void week_point(const page *p, const stats_figures *f, cal_date monday,
                       svg_point *pt)
{
	char a[NUM_MAX], b[NUM_MAX], c[NUM_MAX], day[32];
	int y, w;

	memset(pt, 0, sizeof *pt);
	iso_week(monday, &y, &w);
	pt->v[0] = f->due > 0 ? f->checkin_rate : -1.0;
	pt->v[1] = f->due > 0 ? f->no_show_rate : -1.0;
	snprintf(pt->x, sizeof pt->x, "%s%d", is_fr(p) ? "S" : "W", w);
	fmt_date(p, day, sizeof day, monday, false);
	fmt_int(p, c, sizeof c, f->due);
	FMT_L(p, pt->title[0],
	      "Semaine %d (du %s) : %s de présence, %s attendues",
	      "Week %d (from %s): %s check-in rate, %s due", w, day,
	      fmt_pct(p, a, sizeof a, f->checkin_rate), c);
	FMT_L(p, pt->title[1],
	      "Semaine %d (du %s) : %s d’absence, %s attendues",
	      "Week %d (from %s): %s no-show rate, %s due", w, day,
	      fmt_pct(p, b, sizeof b, f->no_show_rate), c);
}

static void weeks_table(const stats_view *d)
{
	static const char *const cols[] = {
	        "Semaine",       "Week",           "Attendues",
	        "Due",           "Présences",      "Checked in",
	        "Absences",      "No-shows",       "Taux de présence",
	        "Check-in rate", "Taux d’absence", "No-show rate"};
	page *p = d->p;
	char v[NUM_MAX], day[CAL_DATE_LEN];

	table_open(p,
	           staff_l(p, "Semaine par semaine (ISO, du lundi)",
	                   "Week by week (ISO, from Monday)"),
	           true);
	table_head(p, cols, 6);
	for (size_t i = 0; i < stats_week_count(d->s); i++) {
		cal_date monday = {0, 0, 0};
		const stats_figures *f = stats_week(d->s, i, &monday);
		int y, w;

		iso_week(monday, &y, &w);
		cal_format_date(monday, day);
		page_addf(p,
		          "<tr data-monday=\"%s\"><th scope=\"row\">%d-W%02d "
		          "<span class=\"muted\">(",
		          day, y, w);
		page_esc(p, fmt_date(p, v, sizeof v, monday, false));
		page_add(p, ")</span></th>");
		num_cell(p, fmt_int(p, v, sizeof v, f->due));
		num_cell(p, fmt_int(p, v, sizeof v, f->shows));
		num_cell(p, fmt_int(p, v, sizeof v, f->no_shows));
		num_cell(p, fmt_pct(p, v, sizeof v, f->checkin_rate));
		num_cell(p, fmt_pct(p, v, sizeof v, f->no_show_rate));
		page_add(p, "</tr>\n");
	}
	table_close(p, true);
}

static void add_weeks(const stats_view *d)
{
	page *p = d->p;
	size_t n = stats_week_count(d->s);
	svg_point *pts = calloc(n ? n : 1, sizeof *pts);

	if (pts == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		cal_date monday = {0, 0, 0};
		const stats_figures *f = stats_week(d->s, i, &monday);

		week_point(p, f, monday, &pts[i]);
	}
	chart_card_open(p, "weeks", "Semaine par semaine", "Week by week");
	page_add(p, "<p class=\"muted\">");
	staff_t(p,
	        "Taux de présence et d’absence des réservations attendues, "
	        "par semaine ISO.",
	        "Check-in and no-show rates of the due bookings, by ISO "
	        "week.");
	page_add(p, "</p><div class=\"chart-scroll\">");
	svg_lines_add(
	        p, &(svg_lines){
	                   .label = staff_l(p,
	                                    "Courbes : taux de présence "
	                                    "et d’absence par semaine",
	                                    "Lines: check-in and "
	                                    "no-show rates by week"),
	                   .pts = pts,
	                   .n = n,
	                   .series = 2,
	                   .s = {{staff_l(p, "Présence", "Check-in"), "s-ok"},
	                         {staff_l(p, "Absence", "No-show"), "s-bad"}},
	           });
	page_add(p, "</div>");
	weeks_table(d);
	page_add(p, "</section>\n");
	free(pts);
}

/* ---- the rest ---------------------------------------------------------------- */

static void add_links(const stats_view *d)
{
	page *p = d->p;

	page_add(p, "<section class=\"card\" aria-labelledby=\"h-data\">"
	            "<h2 id=\"h-data\">");
	staff_t(p, "Les mêmes chiffres", "The same figures");
	page_add(p, "</h2><ul class=\"downloads\"><li><a href=\"/api/v1/"
	            "stats.csv?");
	add_query(p, d);
	page_add(p, "\">");
	staff_t(p, "CSV : totaux, salles et semaines",
	        "CSV: totals, rooms and weeks");
	page_add(p, "</a></li><li><a href=\"/api/v1/stats.csv?");
	add_query(p, d);
	page_add(p, "&amp;table=hours\">");
	staff_t(p, "CSV : jour × heure", "CSV: weekday × hour");
	page_add(p, "</a></li><li><a href=\"/api/v1/stats?");
	add_query(p, d);
	page_add(p, "\">JSON</a></li></ul><p class=\"muted\">");
	staff_t(p,
	        "Calculés à partir du journal des réservations, comme "
	        "porte-admin stats. Attendue : confirmée et ni annulée ni "
	        "retirée avant son début. Absence : attendue sans présence "
	        "(libérée à son début + 15 min, ou retirée après son début). "
	        "Heures libérées : temps rendu avant la fin prévue ; "
	        "récupérées : la part de ce temps réservée à nouveau ensuite.",
	        "Computed from the bookings' event log, as porte-admin stats "
	        "does. Due: confirmed and neither cancelled nor removed before "
	        "its start. No-show: due and never checked in (released at "
	        "its start + 15 min, or removed after its start). Released "
	        "hours: time handed back before the scheduled end; reclaimed: "
	        "the part of it booked again afterwards.");
	page_add(p, "</p></section>\n");
}

static void add_lead(const stats_view *d)
{
	page *p = d->p;
	char a[32], b[32];

	page_add(p, "<p class=\"lead\">");
	if (d->room != NULL) {
		page_esc(p, d->room_info.name);
		page_add(p, " · ");
		page_esc(p, d->room_info.site_name);
	} else if (d->site_info != NULL) {
		page_esc(p, d->site_info->name);
	} else {
		staff_t(p, "Tous les sites", "Every site");
	}
	if (d->s != NULL) {
		page_add(p, " · ");
		page_esc(p, stats_preset_name(p, d->preset));
		fmt_date(p, a, sizeof a, d->first, true);
		fmt_date(p, b, sizeof b, d->last, true);
		if (is_fr(p))
			page_addf(p, ", du %s au %s", a, b);
		else
			page_addf(p, ", %s to %s", a, b);
		page_add(p, " <span class=\"muted\">(");
		page_esc(p, tz_name(d->tz));
		page_add(p,
		         staff_l(p, ") · chiffres de ", ") · figures as of "));
		staff_hhmm(p, d->tz, d->as_of);
		page_add(p, "</span>");
	}
	page_add(p, "</p>\n");
}

static void add_self(const stats_view *d, char *buf, size_t size)
{
	char a[CAL_DATE_LEN], b[CAL_DATE_LEN];

	if (d->s == NULL) {
		snprintf(buf, size, "/stats");
		return;
	}
	cal_format_date(d->first, a);
	cal_format_date(d->last, b);
	snprintf(buf, size, "/stats?from=%s&to=%s%s%s", a, b,
	         d->room != NULL   ? "&room="
	         : d->site != NULL ? "&site="
	                           : "",
	         d->room != NULL   ? d->room
	         : d->site != NULL ? d->site
	                           : "");
}

void stats_view_page(stats_view *d)
{
	page *p = d->p;
	const char *title = staff_l(p, "Statistiques", "Statistics");
	char self[PAGE_URL_MAX];
	char(*names)[24] = NULL;
	room_fig *r = NULL;
	size_t n = 0;

	add_self(d, self, sizeof self);
	staff_begin(p, title, STAFF_SEC_STATS, self);
	page_add(p, "<div class=\"stats\">\n<h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n");
	add_lead(d);
	add_form(p, d);
	if (d->status != 200 || d->s == NULL) {
		staff_notice(p, false, staff_l(p, d->err_fr, d->err_en));
		goto out;
	}
	add_kpis(p, stats_total(d->s));
	if (stats_total(d->s)->bookings == 0) {
		page_add(p, "<div class=\"card empty\"><p>");
		staff_t(p,
		        "Aucune réservation sur cette période : choisissez une "
		        "autre période ou d’autres salles.",
		        "No booking in this period: choose another period or "
		        "other rooms.");
		page_add(p, "</p></div>\n");
	}
	add_heat(d);
	names = calloc(stats_room_count(d->s) + 1, sizeof *names);
	if (names != NULL)
		r = room_figs(d, names, &n);
	page_add(p, "<div class=\"stats-pair\">\n");
	add_weeks(d);
	if (r != NULL)
		add_no_shows(d, r, n);
	page_add(p, "</div>\n<div class=\"stats-pair\">\n");
	if (r != NULL)
		add_booked_occupied(d, r, n);
	add_totals_table(p, stats_total(d->s));
	page_add(p, "</div>\n");
	add_links(d);
out:
	page_add(p, "</div>\n");
	free(r);
	free(names);
	staff_end(p);
}

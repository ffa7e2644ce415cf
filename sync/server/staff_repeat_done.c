/*
 * staff_repeat_done.c - what a repeating booking made:
 *
 *   GET /staff/repeat/done?n=N&ids=12-15,18   the bookings made (links to
 *                                             /staff/bookings/{id}), and
 *                                             how many of the N dates
 *                                             were left out
 *
 * Only the bookings of rooms the staff member may book are shown; the
 * page changes nothing. Without ids, 303 to the form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff.h"
#include "store_series.h"

/* Parses "12-15,18" into IDS (at most MAX). Returns the count, or -1. */
static long parse_ids(const char *s, int64_t *ids, size_t max)
{
	size_t n = 0;

	if (s == NULL || s[0] == '\0')
		return -1;
	while (*s != '\0') {
		char *end = NULL;
		long long a, b;

		if (*s < '1' || *s > '9')
			return -1;
		a = strtoll(s, &end, 10);
		b = a;
		s = end;
		if (*s == '-') {
			s++;
			if (*s < '1' || *s > '9')
				return -1;
			b = strtoll(s, &end, 10);
			s = end;
		}
		if (b < a || a < 1 || (unsigned long long)(b - a) >= max - n)
			return -1;
		for (long long v = a; v <= b; v++)
			ids[n++] = (int64_t)v;
		if (*s == ',')
			s++;
		else if (*s != '\0')
			return -1;
	}
	return (long)n;
}

static void add_row(page *p, const store_booking_info *b)
{
	const tz_zone *z = page_zone(p, b->tz);
	char day[PAGE_DAY_LEN];

	page_addf(p, "<tr><td><a href=\"/staff/bookings/%lld",
	          (long long)b->id);
	page_lang_query(p, true);
	page_addf(p, "\">#%lld</a></td><td>", (long long)b->id);
	if (z != NULL) {
		page_fmt_day(p->lang, tz_date_of(z, b->b.start), day);
		page_esc(p, day);
	}
	page_add(p, "</td><td class=\"rep-when\">");
	staff_hhmm(p, z, b->b.start);
	page_add(p, "–");
	staff_hhmm(p, z, b->b.end);
	page_add(p, "</td><td>");
	page_esc(p, b->room_name);
	page_add(p, "</td><td>");
	page_esc(p, b->title);
	page_addf(p, "</td><td><span class=\"sbadge %s\">",
	          staff_status_class(b->b.status));
	page_esc(p, staff_status_word(p, b->b.status));
	page_add(p, "</span></td></tr>\n");
}

static void add_links(page *p)
{
	page_add(p, "<p class=\"rep-actions\"><a class=\"btn btn-primary\" "
	            "href=\"/staff/repeat");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Nouvelle répétition", "New repeating booking");
	page_add(p, "</a> <a class=\"btn btn-quiet\" href=\"/staff/planning");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Planning", "Planning");
	page_add(p, "</a></p>\n");
}

static int route_repeat_done(http_request *req, void *app)
{
	const char *title = NULL;
	int64_t *ids = NULL;
	store_booking_info b;
	long n, total = 0;
	size_t shown = 0;
	char notice[160];
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	ids = calloc(STORE_SERIES_MAX, sizeof(*ids));
	n = ids != NULL
	            ? parse_ids(http_query(req, "ids"), ids, STORE_SERIES_MAX)
	            : -1;
	if (n < 0) {
		free(ids);
		page_free(&p);
		return http_reply_redirect(req, "/staff/repeat");
	}
	{
		const char *t = http_query(req, "n");
		char *end = NULL;

		total = t != NULL ? strtol(t, &end, 10) : 0;
		if (end == NULL || *end != '\0' || total < n ||
		    total > STORE_SERIES_MAX)
			total = n;
	}
	title = staff_l(&p, "Réservations répétées faites",
	                "Repeating booking made");
	staff_begin(&p, title, STAFF_SEC_REPEAT, "/staff/repeat");
	page_add(&p, "<h1>");
	page_esc(&p, title);
	page_add(&p, "</h1>\n");
	if (strcmp(p.lang, "en") == 0)
		snprintf(notice, sizeof notice,
		         "%ld bookings made; %ld of the %ld dates left out "
		         "(refused at the preview).",
		         n, total - n, total);
	else
		snprintf(notice, sizeof notice,
		         "%ld réservations faites ; %ld des %ld dates laissées "
		         "de côté (refusées à l’aperçu).",
		         n, total - n, total);
	staff_notice(&p, true, notice);
	page_add(&p, "<div class=\"stable-wrap\"><table class=\"stable "
	             "rep-table rep-done\"><thead><tr><th>");
	staff_t(&p, "Réservation", "Booking");
	page_add(&p, "</th><th>");
	staff_t(&p, "Date", "Date");
	page_add(&p, "</th><th>");
	staff_t(&p, "Heure", "Time");
	page_add(&p, "</th><th>");
	staff_t(&p, "Salle", "Room");
	page_add(&p, "</th><th>");
	staff_t(&p, "Titre", "Title");
	page_add(&p, "</th><th>");
	staff_t(&p, "État", "Status");
	page_add(&p, "</th></tr></thead>\n<tbody>");
	for (long i = 0; i < n; i++) {
		if (store_booking_get(p.app->store, ids[i], &b) != STORE_OK)
			continue;
		if (store_staff_may(p.app->store, staff_me(&p)->id,
		                    STORE_PERM_BOOKINGS, NULL,
		                    b.room) != STORE_OK)
			continue;
		add_row(&p, &b);
		shown++;
	}
	page_add(&p, "</tbody></table></div>\n");
	if (shown == 0) {
		page_add(&p, "<p class=\"muted\">");
		staff_t(&p, "Aucune de ces réservations ne vous est visible.",
		        "None of these bookings is yours to see.");
		page_add(&p, "</p>\n");
	}
	add_links(&p);
	staff_end(&p);
	free(ids);
	http_set_header(req, "Cache-Control", "no-store");
	return page_send(&p, 200);
}

const http_route staff_repeat_done_route = {"GET", "/staff/repeat/done",
                                            route_repeat_done, 0};

/*
 * staff_stats.h - what the dashboard's files share: the request read and
 * its figures (staff_stats.c), and the page drawn from them
 * (staff_stats_page.c: figures, charts, tables, links).
 *
 * Not an interface of porte-server: pages.h is.
 */
#ifndef PORTE_STAFF_STATS_H
#define PORTE_STAFF_STATS_H

#include "staff.h"
#include "stats.h"

/* The dashboard's route (staff_stats_table.c lists it). */
extern const http_route staff_stats_route;

/* A dashboard being answered. */
typedef struct stats_view {
	page *p;
	unsigned status; /* 200, or the error's (400, 404, 500) */
	char err_fr[200], err_en[200];

	/* The scope: slugs (borrowed from the query or from room_info),
	 * NULL for all that the caller may see. */
	const char *site, *room;
	store_room room_info;        /* when ROOM */
	const store_site *site_info; /* when SITE (into SITES) */
	store_site *sites;           /* the form's choice of sites */
	size_t nsites;
	store_room *rooms; /* the caller's rooms: choices and labels */
	size_t nrooms;
	size_t scope_rooms; /* rooms of the scope */

	/* The period: local dates FIRST..LAST of zone TZ, [FROM, TO). */
	int preset; /* index of the preset it matches, or -1 */
	cal_date today, first, last;
	const tz_zone *tz;
	porte_time from, to;

	stats *s;         /* finished; NULL after an error */
	porte_time as_of; /* when S was computed */
} stats_view;

/* Appends the whole dashboard of D to D->p (the form, and with figures
 * the headline, charts and tables; else D's error next to the form). */
void stats_view_page(stats_view *d);

/* The preset periods: count, key (for ?period=) and name of the I-th
 * (static; for -1, a chosen period's words). */
size_t stats_preset_count(void);
const char *stats_preset_key(int i);
const char *stats_preset_name(const page *p, int i);

#endif

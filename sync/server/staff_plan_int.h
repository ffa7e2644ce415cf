/*
 * staff_plan_int.h - what the planning's files share (staff_plan*.c): the
 * site, rooms, doors, opening hours and bookings of the period shown,
 * read once by the route (staff_plan.c) and drawn by the day
 * (staff_plan_day.c), week (staff_plan_week.c) and month
 * (staff_plan_month.c) views.
 *
 * Not an interface of porte-server.
 */
#ifndef PORTE_STAFF_PLAN_INT_H
#define PORTE_STAFF_PLAN_INT_H

#include <stdbool.h>

#include "staff.h"
#include "store_plan.h"

/* A door display counts as offline when not seen for this long. */
#define PLAN_DOOR_ONLINE (2 * 60)

typedef enum plan_view { PLAN_DAY = 0, PLAN_WEEK, PLAN_MONTH } plan_view;

/* A room's door displays, summed up. */
typedef struct plan_door {
	int live;             /* enrolled and not revoked */
	int revoked;          /* revoked ones */
	porte_time last_seen; /* the latest of the live ones; 0: never */
	bool online;          /* a live one seen within PLAN_DOOR_ONLINE */
} plan_door;

typedef struct plan_ctx {
	page *p;
	plan_view view;
	cal_date date;  /* the date asked for */
	cal_date today; /* in the site's zone */
	cal_date first; /* the period shown, FIRST..LAST inclusive */
	cal_date last;
	porte_time from; /* its instants, [FROM, TO) */
	porte_time to;
	store_site site;
	bool pick_site;    /* the staff member may choose a site */
	store_site *sites; /* every site, when PICK_SITE */
	size_t nsites;
	const tz_zone *tz;
	opening_hours *hours;   /* weekly hours and the period's exceptions */
	store_site_date *notes; /* the period's exceptions, with their notes */
	size_t nnotes;
	store_room *rooms;
	size_t nrooms;
	plan_door *doors;       /* one per room */
	bool *may_book;         /* one per room: the staff member may book it */
	size_t *bk_first;       /* one per room: its first booking in BK */
	size_t *bk_count;       /* ... and how many */
	int offline;            /* rooms whose door is offline or missing */
	store_plan_booking *bk; /* by room, then start */
	size_t nbk;
} plan_ctx;

/* The bodies of the three views, appended to C->p. */
void plan_day(plan_ctx *c);
void plan_week(plan_ctx *c);
void plan_month(plan_ctx *c);

/* Appends the legend: every state's badge (and, for the day, the free
 * and closed keys). */
void plan_legend(plan_ctx *c);

/* Appends the address of the planning of VIEW at DATE for C's site
 * (escaped for an attribute), with the forced language. */
void plan_href(plan_ctx *c, plan_view view, cal_date date);

/* The exception of DATE (closure or special hours), or NULL. */
const store_site_date *plan_note(const plan_ctx *c, cal_date date);

/* True when booking B holds its room (pending, confirmed, checked in,
 * ended): the states a free slot and a count take into account. */
bool plan_holds(const store_plan_booking *b);

/* The bookings of room I: *N of them from the returned one (borrowed). */
const store_plan_booking *plan_room_bookings(const plan_ctx *c, size_t i,
                                             size_t *n);

/* Appends a room's head: its name, kind and door status. */
void plan_room_head(plan_ctx *c, size_t i, bool compact);

/* Appends "09:00–10:30", the local times of [START, END). */
void plan_span(plan_ctx *c, porte_time start, porte_time end);

/* Appends the short local date of D: "mar. 24/11" / "Tue 24/11". */
void plan_short_day(plan_ctx *c, cal_date d);

/* The name of weekday WD (0 = Monday), short or long, in C's language. */
const char *plan_weekday(const plan_ctx *c, int wd, bool shortname);

#endif

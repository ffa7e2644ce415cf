/*
 * store_plan.h - what the staff pages' planning reads in one query: every
 * booking of a site's rooms over a period, whatever its state.
 *
 * A room's schedule (store_schedule_get) shows only the bookings a door
 * shows; the planning also lists the cancelled and removed ones, for the
 * desk to see what happened to a slot, and reads a whole site's week or
 * month at once instead of one room and one day at a time.
 */
#ifndef PORTE_STORE_PLAN_H
#define PORTE_STORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* The longest period store_plan_bookings reads: six weeks and the
 * clock changes around them (a month's calendar). */
#define STORE_PLAN_MAX_SPAN (43 * 86400)
/* The most bookings one read returns. */
#define STORE_PLAN_MAX_ROWS 50000

typedef struct store_plan_booking {
	int64_t id;
	char room[STORE_SLUG_MAX + 1]; /* the room's id */
	booking b;                     /* status and times */
	char title[STORE_TITLE_MAX + 1];
	char email[STORE_EMAIL_MAX + 1]; /* "" for a walk-in */
	bool walk_in;
} store_plan_booking;

/*
 * Every booking of the rooms of site SITE overlapping [FROM, TO), in every
 * state, by room id then start then booking id, in a malloc'd array (*OUT,
 * the caller frees; NULL when there is none) of *N, read in one snapshot.
 * STORE_NOT_FOUND for an unknown site; STORE_INVALID when TO is not after
 * FROM or the period is longer than STORE_PLAN_MAX_SPAN; STORE_ERROR past
 * STORE_PLAN_MAX_ROWS.
 */
store_status store_plan_bookings(porte_store *st, const char *site,
                                 porte_time from, porte_time to,
                                 store_plan_booking **out, size_t *n);

#endif

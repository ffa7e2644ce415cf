/*
 * store_search.h - the staff pages' reads of bookings: a search by booker,
 * room, dates and status, and the booking that holds a slot.
 *
 * Both read one snapshot and change nothing. What a staff member may see
 * (their site, training rooms only for referents) is the caller's to
 * judge: it passes the rooms it allows.
 */
#ifndef PORTE_STORE_SEARCH_H
#define PORTE_STORE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

/* The most rows one search returns. */
#define STORE_SEARCH_MAX 500
/* The most rooms a search may be limited to. */
#define STORE_SEARCH_ROOMS 2000

typedef struct store_search_q {
	const char *const *rooms; /* only these rooms (ids), NROOMS of them:
	                             the caller's scope; NULL: every room */
	size_t nrooms;
	const char *room;  /* one room (id); NULL or "": any */
	const char *email; /* a part of the booker's e-mail, any case;
	                      NULL or "": any */
	porte_time from;   /* bookings ending after FROM; 0: no bound */
	porte_time to;     /* ... and starting before TO; 0: no bound */
	int status;        /* a booking_status, or -1: any */
	bool newest_first; /* latest start first; else earliest first */
	size_t limit;      /* 1..STORE_SEARCH_MAX rows */
} store_search_q;

typedef struct store_search_row {
	int64_t id;
	char room[STORE_SLUG_MAX + 1];
	char room_name[STORE_NAME_MAX + 1];
	char site[STORE_SLUG_MAX + 1];
	char tz[STORE_TZ_MAX + 1];
	booking_status status;
	porte_time start;
	porte_time end;
	char title[STORE_TITLE_MAX + 1];
	char email[STORE_EMAIL_MAX + 1]; /* "" for a walk-in */
	bool walk_in;
} store_search_row;

/*
 * The bookings Q asks for, ordered by start (Q->newest_first) then id, at
 * most Q->limit, in a malloc'd array *OUT of *N (the caller frees; NULL
 * when none). *MORE (may be NULL): more rows matched than the limit.
 * STORE_INVALID for a limit out of range, an e-mail part that is not
 * UTF-8 or longer than STORE_EMAIL_MAX, too many rooms, FROM after TO.
 */
store_status store_booking_search(porte_store *st, const store_search_q *q,
                                  store_search_row **out, size_t *n,
                                  bool *more);

/*
 * The first booking of ROOM (by start) other than EXCLUDE (0: none) that
 * holds some instant of [START, END): pending, confirmed, checked in, or
 * ended after START. STORE_NOT_FOUND when the slot is free.
 */
store_status store_booking_clash(porte_store *st, const char *room,
                                 porte_time start, porte_time end,
                                 int64_t exclude, store_search_row *out);

#endif

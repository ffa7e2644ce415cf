/*
 * store_series.h - a staff member's repeating booking: several bookings of
 * one room checked and made in one write transaction.
 *
 * Every occurrence goes through the same rules as a single staff booking
 * (booking_create_locked), in date order, inside one transaction: each is
 * judged against the room's bookings and the occurrences before it, so
 * two occurrences of the series never overlap and a patron's quota counts
 * the whole series. A dry run (the preview) rolls everything back at the
 * end: nothing saved, no mail queued, no counter bumped. A save is all or
 * nothing: it books the occurrences the staff member confirmed, and if
 * one of them is refused now (the room changed since the preview) nothing
 * is saved and STORE_CONFLICT says to preview again.
 */
#ifndef PORTE_STORE_SERIES_H
#define PORTE_STORE_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* The most occurrences of one series. */
#define STORE_SERIES_MAX 400

typedef struct store_series_item {
	porte_time start; /* in: the occurrence's instants */
	porte_time end;
	bool skip;      /* in: leave it out (a save of what the preview
	                   refused) */
	rule_code rule; /* out: RULE_OK, or the rule that refuses it */
	int64_t id;     /* out: the booking made (a save), else 0 */
} store_series_item;

/*
 * Books the N occurrences ITEMS of template TMPL (room, title, e-mail,
 * language, a staff actor, override_quota; its start and end are not
 * read) at NOW. Items with SKIP are not tried (RULE_OK, id 0).
 *
 * DRY_RUN: every item's RULE is filled and everything rolled back;
 * returns STORE_OK. Else every item not skipped must pass: returns
 * STORE_OK with their ids, one audit entry by WHO ("booking.series" on
 * the room, DETAIL then the ids in its detail), the mails queued as for
 * single bookings; or STORE_CONFLICT when some are refused now (their
 * RULE says which; nothing saved). Either way *BOOKED (may be NULL) is
 * the number of items that pass.
 *
 * Other failures roll everything back: STORE_NOT_FOUND (room),
 * STORE_FORBIDDEN (the staff member may not book this room),
 * STORE_INVALID (not a staff actor, no item, more than STORE_SERIES_MAX,
 * nothing to save, a bad title or e-mail), STORE_ERROR.
 */
store_status store_series_create(porte_store *st, const store_booking_req *tmpl,
                                 store_series_item *items, size_t n,
                                 bool dry_run, const char *who,
                                 const char *detail, porte_time now,
                                 size_t *booked);

#endif

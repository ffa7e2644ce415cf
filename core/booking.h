/*
 * booking.h - a booking's life, as a state machine.
 *
 *   pending --confirm--> confirmed --checkin--> checked_in --end--> ended
 *   pending --expire--> cancelled (not confirmed within confirm_within)
 *   confirmed --release--> released (no check-in by start + release_after)
 *   released --checkin (late-delivered, made before the deadline, slot not
 *              booked again)--> checked_in
 *   pending|confirmed --cancel--> cancelled
 *   pending|confirmed|checked_in --remove (staff, reason)--> removed
 *   walk-in: created checked_in.
 *
 * Every transition names its actor; an illegal one is refused with a reason
 * and changes nothing. The time of a transition is the action's own time
 * (AT), so an offline door's check-in is judged when it happened.
 */
#ifndef PORTE_BOOKING_H
#define PORTE_BOOKING_H

#include "caltime.h"
#include "policy.h"
#include "rules.h"

typedef enum booking_status {
	BOOKING_PENDING = 0,
	BOOKING_CONFIRMED,
	BOOKING_CHECKED_IN,
	BOOKING_ENDED,
	BOOKING_RELEASED,
	BOOKING_CANCELLED,
	BOOKING_REMOVED,
	BOOKING__COUNT
} booking_status;

/* "pending", "confirmed", "checked_in", "ended", "released", "cancelled",
 * "removed"; static string. */
const char *booking_status_name(booking_status s);

/* Parses a status name into *OUT. Returns 0, or -1. */
int booking_status_parse(const char *name, booking_status *out);

typedef enum booking_action_kind {
	BOOKING_CONFIRM = 0, /* patron, staff */
	BOOKING_CHECKIN,     /* device, patron, staff */
	BOOKING_END,         /* device, patron, staff, system */
	BOOKING_EXTEND,      /* device, patron, staff */
	BOOKING_CANCEL,      /* patron, staff */
	BOOKING_REMOVE,      /* staff, with a reason */
	BOOKING_RELEASE,     /* system, device: at the deadline */
	BOOKING_EXPIRE,      /* system: unconfirmed after confirm_within */
	BOOKING__ACTIONS
} booking_action_kind;

/* "confirm", "checkin", "end", "extend", "cancel", "remove", "release",
 * "expire"; static string. */
const char *booking_action_name(booking_action_kind k);

typedef struct booking {
	booking_status status;
	porte_time created_at;
	porte_time start;
	porte_time end;           /* scheduled end; extend moves it */
	porte_time checked_in_at; /* 0 until checked in */
	porte_time closed_at;     /* when it ended, was released, cancelled or
				     removed; 0 while open */
} booking;

typedef struct booking_action {
	booking_action_kind kind;
	actor_kind actor;
	porte_time at;      /* when the action happened */
	porte_time new_end; /* BOOKING_EXTEND */
	const char *reason; /* BOOKING_REMOVE: non-empty */
	bool slot_rebooked; /* BOOKING_CHECKIN of a released booking: another
				booking took the slot since */
} booking_action;

/* Fills *B as a new booking of [START, END) created at NOW: pending for a
 * patron's web booking, confirmed otherwise (WALK_IN: checked in at NOW). */
void booking_init(booking *b, porte_time start, porte_time end, porte_time now,
                  actor_kind creator, bool walk_in);

/*
 * Applies action A to *B under rules R. The action is judged at A->at
 * (which must not be after NOW; a future AT is refused as invalid_time).
 * Returns RULE_OK with *B updated, or the reason with *B unchanged:
 * not_allowed (actor), bad_state, not_confirmed, checkin_window,
 * slot_rebooked, confirm_expired, reason_required, granularity /
 * max_duration / invalid_time (extend; overlap is policy_check's job).
 *
 * Checked in this order: the actor (not_allowed), a future AT
 * (invalid_time), the state (bad_state), then the action's own rules:
 * - confirm: confirm_expired at or after the confirm deadline.
 * - checkin: not_confirmed from pending; checkin_window outside
 *   [opens, deadline) or at/after the end; from released, slot_rebooked.
 * - end: invalid_time when AT is before the check-in; an end before the
 *   start closes at the start, one at or after the end closes at the end.
 * - extend: invalid_time when AT >= end or NEW_END <= end; granularity when
 *   NEW_END - start is not a multiple of the grid (the grid is counted from
 *   the start here; the site's local grid is policy_check's job), then
 *   max_duration.
 * - cancel: invalid_time when AT >= end. remove: reason_required when the
 *   reason is empty or only spaces.
 * - release: checkin_window before the deadline; closes at the deadline.
 * - expire: invalid_time before the confirm deadline; closes at it.
 */
rule_code booking_apply(booking *b, const booking_action *a,
                        const porte_rules *r, porte_time now);

/* The first instant check-in is allowed: start - checkin_before. */
porte_time booking_checkin_opens(const booking *b, const porte_rules *r);

/* The release deadline: start + release_after. Check-in is allowed while
 * AT < deadline (14:59 yes, 15:00 no). */
porte_time booking_release_deadline(const booking *b, const porte_rules *r);

/* created_at + confirm_within. */
porte_time booking_confirm_deadline(const booking *b, const porte_rules *r);

/* True when B may be checked in at T: confirmed (or released, for a
 * late-delivered check-in; slot_rebooked is not known here) and T within
 * [opens, deadline) and before the end. */
bool booking_checkin_open(const booking *b, const porte_rules *r, porte_time t);

/* True when B is confirmed and its release deadline is <= NOW. */
bool booking_release_due(const booking *b, const porte_rules *r,
                         porte_time now);

/* True when B still holds its room at some instant from NOW on: pending,
 * confirmed or checked in with an end after NOW. */
bool booking_holds_room(const booking *b, porte_time now);

/* The instant the room is free again: closed_at for an early end or a
 * release (never past the scheduled end), the scheduled end otherwise;
 * start for cancelled/removed ones. */
porte_time booking_effective_end(const booking *b);

/* The next instant after NOW at which B's state or what a door shows of it
 * changes by time alone (check-in opens, start, release or confirm
 * deadline, end; closed_at of one ended before its start), or 0. */
porte_time booking_next_change(const booking *b, const porte_rules *r,
                               porte_time now);

#endif

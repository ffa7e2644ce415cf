/*
 * policy.h - may this booking be made? Every rule of DESIGN §2 as a check
 * that names the rule it breaks.
 *
 * The caller (server or kiosk) gathers the facts: the room's settings, the
 * room's other bookings, the patron's other bookings. Nothing here reads a
 * clock or a database: NOW is a parameter.
 */
#ifndef PORTE_POLICY_H
#define PORTE_POLICY_H

#include <stddef.h>

#include "caltime.h"
#include "hours.h"
#include "rules.h"
#include "tz.h"

typedef enum actor_kind {
	ACTOR_PATRON = 0, /* a booker: e-mail on the web, or booker token */
	ACTOR_DEVICE,     /* the room's door display */
	ACTOR_STAFF,      /* a logged-in staff member */
	ACTOR_SYSTEM      /* the server itself (release, expiry, end) */
} actor_kind;

/* "patron", "device", "staff", "system"; static string. */
const char *actor_kind_name(actor_kind a);

/* A room and everything about it the rules read (all borrowed). */
typedef struct policy_room {
	room_kind kind;
	int capacity; /* workshop: bookers per slot; else 1 */
	const porte_rules *rules;
	const tz_zone *tz;          /* the site's zone */
	const opening_hours *hours; /* the site's hours */
	const char *const *domains; /* allowed e-mail domains; none = any */
	size_t ndomains;
} policy_room;

/* A booking already held: active ones only (pending, confirmed, checked in,
 * or ended early up to its ended time). */
typedef struct policy_interval {
	porte_time start;
	porte_time end;
} policy_interval;

typedef struct policy_request {
	porte_time start;
	porte_time end;
	const char *email; /* the booker's, or NULL (door walk-in) */
	actor_kind actor;
	bool existing;       /* changes a booking that exists (extend): its
				 start may be past, only the new end counts
				 for in_the_past and too_far_ahead */
	bool override_quota; /* staff only: quotas are not checked */
	bool is_referent;    /* staff who may manage this training room */
} policy_request;

typedef struct policy_context {
	const policy_interval *room; /* the room's other active bookings */
	size_t nroom;
	const policy_interval *patron; /* the patron's other active bookings
					  (any room of the site) for quotas */
	size_t npatron;
} policy_context;

/*
 * Checks REQ against every rule, in this order, and returns the first one it
 * breaks: invalid_time (end <= start), in_the_past, granularity,
 * min_duration, max_duration, too_far_ahead (the local date of START more
 * than too_far_ahead days after today's local date), closed_day,
 * outside_opening_hours, internal_room (training rooms: staff referents
 * only), invalid_email / email_domain (patrons), overlap (capacity 1) or
 * capacity_full (workshops), daily_quota, monthly_quota (patrons with an
 * e-mail, summed by the local date of each booking's start; a quota of 0
 * means no limit). RULE_OK when all pass. A staff request obeys the same
 * rules but quotas when override_quota is set and the domain list.
 * Durations are real elapsed time (end - start), across DST changes too.
 * CTX may be NULL (no other bookings); its lists must not hold the booking
 * being changed.
 */
rule_code policy_check(const policy_room *room, const policy_request *req,
                       const policy_context *ctx, porte_time now);

/*
 * A walk-in ("book now" at the door) at NOW: START is NOW floored to the
 * grid, END the earliest of START + max_duration, the next booking's start
 * and the end of the open span, floored to the grid. Refuses with
 * internal_room (training), walk_in_disabled, closed_day /
 * outside_opening_hours (closed now), overlap (taken now, or less than one
 * minute left; capacity_full for a full workshop). START is never before
 * the span opens nor before the end of a booking that held the room since
 * that grid instant (a booking ended early at 10:05 gives 10:05). Returns
 * RULE_OK with *START and *END set.
 */
rule_code policy_walk_in(const policy_room *room, const policy_context *ctx,
                         porte_time now, porte_time *start, porte_time *end);

/* True when EMAIL is a plausible address (one '@', non-empty local part and
 * dotted domain, no spaces or control bytes, at most 254 bytes). */
bool policy_email_valid(const char *email);

/* True when EMAIL's domain is one of DOMAINS or a subdomain of one (case
 * insensitive); true when NDOMAINS is 0. */
bool policy_email_domain_ok(const char *email, const char *const *domains,
                            size_t ndomains);

#endif

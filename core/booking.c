/*
 * booking.c - a booking's life as a state machine: who may do what, from
 * which state, at what time. Pure arithmetic on porte_time (seconds).
 */
#include "booking.h"

#include <stdint.h>
#include <string.h>

#define SECONDS_PER_MINUTE 60

static const char *const status_names[BOOKING__COUNT] = {
        [BOOKING_PENDING] = "pending",       [BOOKING_CONFIRMED] = "confirmed",
        [BOOKING_CHECKED_IN] = "checked_in", [BOOKING_ENDED] = "ended",
        [BOOKING_RELEASED] = "released",     [BOOKING_CANCELLED] = "cancelled",
        [BOOKING_REMOVED] = "removed",
};

static const char *const action_names[BOOKING__ACTIONS] = {
        [BOOKING_CONFIRM] = "confirm", [BOOKING_CHECKIN] = "checkin",
        [BOOKING_END] = "end",         [BOOKING_EXTEND] = "extend",
        [BOOKING_CANCEL] = "cancel",   [BOOKING_REMOVE] = "remove",
        [BOOKING_RELEASE] = "release", [BOOKING_EXPIRE] = "expire",
};

static const char *const actor_names[] = {
        [ACTOR_PATRON] = "patron",
        [ACTOR_DEVICE] = "device",
        [ACTOR_STAFF] = "staff",
        [ACTOR_SYSTEM] = "system",
};

#define NACTORS (sizeof(actor_names) / sizeof(actor_names[0]))

/* Bit of actor A in a mask of who may do an action. */
#define ACTOR_BIT(a) (1u << (a))

/* Who may do each action. */
static const unsigned action_actors[BOOKING__ACTIONS] = {
        [BOOKING_CONFIRM] = ACTOR_BIT(ACTOR_PATRON) | ACTOR_BIT(ACTOR_STAFF),
        [BOOKING_CHECKIN] = ACTOR_BIT(ACTOR_DEVICE) | ACTOR_BIT(ACTOR_PATRON) |
                            ACTOR_BIT(ACTOR_STAFF),
        [BOOKING_END] = ACTOR_BIT(ACTOR_DEVICE) | ACTOR_BIT(ACTOR_PATRON) |
                        ACTOR_BIT(ACTOR_STAFF) | ACTOR_BIT(ACTOR_SYSTEM),
        [BOOKING_EXTEND] = ACTOR_BIT(ACTOR_DEVICE) | ACTOR_BIT(ACTOR_PATRON) |
                           ACTOR_BIT(ACTOR_STAFF),
        [BOOKING_CANCEL] = ACTOR_BIT(ACTOR_PATRON) | ACTOR_BIT(ACTOR_STAFF),
        [BOOKING_REMOVE] = ACTOR_BIT(ACTOR_STAFF),
        [BOOKING_RELEASE] = ACTOR_BIT(ACTOR_SYSTEM) | ACTOR_BIT(ACTOR_DEVICE),
        [BOOKING_EXPIRE] = ACTOR_BIT(ACTOR_SYSTEM),
};

/* Bit of status S in a mask of the states an action starts from. */
#define STATUS_BIT(s) (1u << (s))

/* The states each action may start from. */
static const unsigned action_from[BOOKING__ACTIONS] = {
        [BOOKING_CONFIRM] = STATUS_BIT(BOOKING_PENDING),
        /* pending is let through to be refused as not_confirmed */
        [BOOKING_CHECKIN] = STATUS_BIT(BOOKING_PENDING) |
                            STATUS_BIT(BOOKING_CONFIRMED) |
                            STATUS_BIT(BOOKING_RELEASED),
        [BOOKING_END] = STATUS_BIT(BOOKING_CHECKED_IN),
        [BOOKING_EXTEND] =
                STATUS_BIT(BOOKING_CONFIRMED) | STATUS_BIT(BOOKING_CHECKED_IN),
        [BOOKING_CANCEL] =
                STATUS_BIT(BOOKING_PENDING) | STATUS_BIT(BOOKING_CONFIRMED),
        [BOOKING_REMOVE] = STATUS_BIT(BOOKING_PENDING) |
                           STATUS_BIT(BOOKING_CONFIRMED) |
                           STATUS_BIT(BOOKING_CHECKED_IN),
        [BOOKING_RELEASE] = STATUS_BIT(BOOKING_CONFIRMED),
        [BOOKING_EXPIRE] = STATUS_BIT(BOOKING_PENDING),
};

const char *booking_status_name(booking_status s)
{
	if ((int)s < 0 || s >= BOOKING__COUNT)
		return "unknown";
	return status_names[s];
}

int booking_status_parse(const char *name, booking_status *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < BOOKING__COUNT; i++) {
		if (strcmp(status_names[i], name) == 0) {
			*out = (booking_status)i;
			return 0;
		}
	}
	return -1;
}

const char *booking_action_name(booking_action_kind k)
{
	if ((int)k < 0 || k >= BOOKING__ACTIONS)
		return "unknown";
	return action_names[k];
}

const char *actor_kind_name(actor_kind a)
{
	if ((int)a < 0 || (size_t)a >= NACTORS)
		return "unknown";
	return actor_names[a];
}

/* T moved by MINUTES, saturating instead of overflowing. */
static porte_time add_minutes(porte_time t, int minutes)
{
	porte_time d = (porte_time)minutes * SECONDS_PER_MINUTE;

	if (d > 0 && t > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && t < INT64_MIN - d)
		return INT64_MIN;
	return t + d;
}

static porte_time max_time(porte_time a, porte_time b)
{
	return a > b ? a : b;
}

static porte_time min_time(porte_time a, porte_time b)
{
	return a < b ? a : b;
}

void booking_init(booking *b, porte_time start, porte_time end, porte_time now,
                  actor_kind creator, bool walk_in)
{
	memset(b, 0, sizeof(*b));
	b->created_at = now;
	b->start = start;
	b->end = end;
	if (walk_in) {
		b->status = BOOKING_CHECKED_IN;
		b->checked_in_at = now;
	} else if (creator == ACTOR_PATRON) {
		b->status = BOOKING_PENDING;
	} else {
		b->status = BOOKING_CONFIRMED;
	}
}

porte_time booking_checkin_opens(const booking *b, const porte_rules *r)
{
	return add_minutes(b->start, -r->checkin_before);
}

porte_time booking_release_deadline(const booking *b, const porte_rules *r)
{
	return add_minutes(b->start, r->release_after);
}

porte_time booking_confirm_deadline(const booking *b, const porte_rules *r)
{
	return add_minutes(b->created_at, r->confirm_within);
}

/* The check-in window, whatever the state: [opens, deadline), and never at
 * or after the booking's end (when release_after outlasts the booking). */
static bool in_checkin_window(const booking *b, const porte_rules *r,
                              porte_time t)
{
	return t >= booking_checkin_opens(b, r) &&
	       t < booking_release_deadline(b, r) && t < b->end;
}

bool booking_checkin_open(const booking *b, const porte_rules *r, porte_time t)
{
	if (b->status != BOOKING_CONFIRMED && b->status != BOOKING_RELEASED)
		return false;
	return in_checkin_window(b, r, t);
}

bool booking_release_due(const booking *b, const porte_rules *r, porte_time now)
{
	return b->status == BOOKING_CONFIRMED &&
	       booking_release_deadline(b, r) <= now;
}

bool booking_holds_room(const booking *b, porte_time now)
{
	switch (b->status) {
	case BOOKING_PENDING:
	case BOOKING_CONFIRMED:
	case BOOKING_CHECKED_IN:
		return b->end > now;
	default:
		return false;
	}
}

porte_time booking_effective_end(const booking *b)
{
	switch (b->status) {
	case BOOKING_ENDED:
	case BOOKING_RELEASED:
		/* a release deadline can lie past a short booking's end */
		return min_time(b->closed_at, b->end);
	case BOOKING_CANCELLED:
	case BOOKING_REMOVED:
		return b->start;
	default:
		return b->end;
	}
}

/* Keeps in *BEST the earliest candidate T strictly after NOW. */
static void consider(porte_time *best, porte_time t, porte_time now)
{
	if (t > now && (*best == 0 || t < *best))
		*best = t;
}

porte_time booking_next_change(const booking *b, const porte_rules *r,
                               porte_time now)
{
	porte_time best = 0;

	switch (b->status) {
	case BOOKING_PENDING:
		consider(&best, booking_checkin_opens(b, r), now);
		consider(&best, b->start, now);
		consider(&best, booking_confirm_deadline(b, r), now);
		consider(&best, b->end, now);
		break;
	case BOOKING_CONFIRMED:
		consider(&best, booking_checkin_opens(b, r), now);
		consider(&best, b->start, now);
		consider(&best, booking_release_deadline(b, r), now);
		consider(&best, b->end, now);
		break;
	case BOOKING_CHECKED_IN:
		consider(&best, b->start, now);
		consider(&best, b->end, now);
		break;
	default:
		/* closed: only an end before the start, which closes at
		 * the start, can still lie ahead */
		consider(&best, b->closed_at, now);
		break;
	}
	return best;
}

/* True when S holds something other than spaces. */
static bool reason_given(const char *s)
{
	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' &&
		    *s != '\v' && *s != '\f')
			return true;
	}
	return false;
}

static rule_code do_confirm(booking *b, const booking_action *a,
                            const porte_rules *r)
{
	if (a->at >= booking_confirm_deadline(b, r))
		return RULE_CONFIRM_EXPIRED;
	b->status = BOOKING_CONFIRMED;
	return RULE_OK;
}

static rule_code do_checkin(booking *b, const booking_action *a,
                            const porte_rules *r)
{
	if (b->status == BOOKING_PENDING)
		return RULE_NOT_CONFIRMED;
	if (!in_checkin_window(b, r, a->at))
		return RULE_CHECKIN_WINDOW;
	/* a released booking: a check-in made in time, delivered late */
	if (b->status == BOOKING_RELEASED && a->slot_rebooked)
		return RULE_SLOT_REBOOKED;
	b->status = BOOKING_CHECKED_IN;
	b->checked_in_at = a->at;
	b->closed_at = 0;
	return RULE_OK;
}

static rule_code do_end(booking *b, const booking_action *a)
{
	if (a->at < b->checked_in_at)
		return RULE_INVALID_TIME;
	b->status = BOOKING_ENDED;
	if (a->at < b->end)
		b->closed_at = max_time(a->at, b->start);
	else
		b->closed_at = b->end;
	return RULE_OK;
}

static rule_code do_extend(booking *b, const booking_action *a,
                           const porte_rules *r)
{
	uint64_t length, step, longest;

	if (a->at >= b->end || a->new_end <= b->end)
		return RULE_INVALID_TIME;
	/* new_end > end > start here: the unsigned difference is exact */
	length = (uint64_t)a->new_end - (uint64_t)b->start;
	step = (uint64_t)r->granularity * SECONDS_PER_MINUTE;
	longest = (uint64_t)r->max_duration * SECONDS_PER_MINUTE;
	if (step == 0 || length % step != 0)
		return RULE_GRANULARITY;
	if (length > longest)
		return RULE_MAX_DURATION;
	b->end = a->new_end;
	return RULE_OK;
}

static rule_code do_cancel(booking *b, const booking_action *a)
{
	if (a->at >= b->end)
		return RULE_INVALID_TIME;
	b->status = BOOKING_CANCELLED;
	b->closed_at = a->at;
	return RULE_OK;
}

static rule_code do_remove(booking *b, const booking_action *a)
{
	if (!reason_given(a->reason))
		return RULE_REASON_REQUIRED;
	b->status = BOOKING_REMOVED;
	b->closed_at = a->at;
	return RULE_OK;
}

static rule_code do_release(booking *b, const booking_action *a,
                            const porte_rules *r)
{
	porte_time deadline = booking_release_deadline(b, r);

	if (a->at < deadline)
		return RULE_CHECKIN_WINDOW;
	b->status = BOOKING_RELEASED;
	b->closed_at = deadline;
	return RULE_OK;
}

static rule_code do_expire(booking *b, const booking_action *a,
                           const porte_rules *r)
{
	porte_time deadline = booking_confirm_deadline(b, r);

	if (a->at < deadline)
		return RULE_INVALID_TIME;
	b->status = BOOKING_CANCELLED;
	b->closed_at = deadline;
	return RULE_OK;
}

/* Applies A to the working copy NB, whose state A may start from. */
static rule_code apply_kind(booking *nb, const booking_action *a,
                            const porte_rules *r)
{
	switch (a->kind) {
	case BOOKING_CONFIRM:
		return do_confirm(nb, a, r);
	case BOOKING_CHECKIN:
		return do_checkin(nb, a, r);
	case BOOKING_END:
		return do_end(nb, a);
	case BOOKING_EXTEND:
		return do_extend(nb, a, r);
	case BOOKING_CANCEL:
		return do_cancel(nb, a);
	case BOOKING_REMOVE:
		return do_remove(nb, a);
	case BOOKING_RELEASE:
		return do_release(nb, a, r);
	case BOOKING_EXPIRE:
		return do_expire(nb, a, r);
	default:
		return RULE_NOT_ALLOWED;
	}
}

rule_code booking_apply(booking *b, const booking_action *a,
                        const porte_rules *r, porte_time now)
{
	booking nb;
	rule_code rc;

	if ((int)a->kind < 0 || a->kind >= BOOKING__ACTIONS ||
	    (int)a->actor < 0 || (size_t)a->actor >= NACTORS)
		return RULE_NOT_ALLOWED;
	if ((action_actors[a->kind] & ACTOR_BIT(a->actor)) == 0)
		return RULE_NOT_ALLOWED;
	if (a->at > now)
		return RULE_INVALID_TIME;
	if ((int)b->status < 0 || b->status >= BOOKING__COUNT ||
	    (action_from[a->kind] & STATUS_BIT(b->status)) == 0)
		return RULE_BAD_STATE;
	/* work on a copy: a refusal leaves *B exactly as it was */
	nb = *b;
	rc = apply_kind(&nb, a, r);
	if (rc == RULE_OK)
		*b = nb;
	return rc;
}

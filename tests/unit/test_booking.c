/*
 * test_booking.c - the booking state machine: every (state, action, actor),
 * the time boundaries of each rule, and what a refusal leaves behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "booking.h"

/* An arbitrary UTC midnight; HM(9, 0) is 09:00 that day. */
#define T0 ((porte_time)1795392000)
#define HM(h, m) (T0 + ((porte_time)(h)*60 + (m)) * 60)
#define HMS(h, m, s) (HM(h, m) + (s))

/*
 * The booking every test starts from, with the default rules: created at
 * 07:30 (confirm deadline 09:30), 09:00-10:00 (check-in from 08:50,
 * release deadline 09:15).
 */
static booking fixture(booking_status status)
{
	booking b;

	memset(&b, 0, sizeof(b));
	b.status = status;
	b.created_at = HM(7, 30);
	b.start = HM(9, 0);
	b.end = HM(10, 0);
	switch (status) {
	case BOOKING_CHECKED_IN:
		b.checked_in_at = HM(8, 55);
		break;
	case BOOKING_ENDED:
		b.checked_in_at = HM(8, 55);
		b.closed_at = HM(9, 50);
		break;
	case BOOKING_RELEASED:
		b.closed_at = HM(9, 15);
		break;
	case BOOKING_CANCELLED:
		b.closed_at = HM(8, 0);
		break;
	case BOOKING_REMOVED:
		b.closed_at = HM(8, 45);
		break;
	default:
		break;
	}
	return b;
}

static porte_rules defaults(void)
{
	porte_rules r;

	rules_defaults(&r);
	return r;
}

static booking_action action(booking_action_kind kind, actor_kind actor,
                             porte_time at)
{
	booking_action a;

	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.actor = actor;
	a.at = at;
	return a;
}

/*
 * Applies A to *B at NOW and checks the result is WANT. A refusal must
 * leave *B byte for byte as it was.
 */
static void expect(booking *b, const booking_action *a, const porte_rules *r,
                   porte_time now, rule_code want)
{
	booking before;
	rule_code got;

	memcpy(&before, b, sizeof(before));
	got = booking_apply(b, a, r, now);
	if (got != want)
		fail_msg("%s by %s from %s: got %s, want %s",
		         booking_action_name(a->kind),
		         actor_kind_name(a->actor),
		         booking_status_name(before.status),
		         rule_code_name(got), rule_code_name(want));
	if (got != RULE_OK)
		assert_memory_equal(b, &before, sizeof(before));
}

/* ---- names ---- */

static void test_names(void **state)
{
	static const char *const statuses[BOOKING__COUNT] = {
	        "pending",  "confirmed", "checked_in", "ended",
	        "released", "cancelled", "removed",
	};
	static const char *const actions[BOOKING__ACTIONS] = {
	        "confirm", "checkin", "end",     "extend",
	        "cancel",  "remove",  "release", "expire",
	};
	booking_status s;

	(void)state;
	for (int i = 0; i < BOOKING__COUNT; i++) {
		s = BOOKING__COUNT;
		assert_string_equal(booking_status_name((booking_status)i),
		                    statuses[i]);
		assert_int_equal(booking_status_parse(statuses[i], &s), 0);
		assert_int_equal(s, i);
	}
	s = BOOKING_ENDED;
	assert_int_equal(booking_status_parse("open", &s), -1);
	assert_int_equal(booking_status_parse("", &s), -1);
	assert_int_equal(booking_status_parse("Pending", &s), -1);
	assert_int_equal(booking_status_parse(NULL, &s), -1);
	assert_int_equal(s, BOOKING_ENDED);
	assert_string_equal(booking_status_name(BOOKING__COUNT), "unknown");

	for (int i = 0; i < BOOKING__ACTIONS; i++)
		assert_string_equal(booking_action_name((booking_action_kind)i),
		                    actions[i]);
	assert_string_equal(booking_action_name(BOOKING__ACTIONS), "unknown");

	assert_string_equal(actor_kind_name(ACTOR_PATRON), "patron");
	assert_string_equal(actor_kind_name(ACTOR_DEVICE), "device");
	assert_string_equal(actor_kind_name(ACTOR_STAFF), "staff");
	assert_string_equal(actor_kind_name(ACTOR_SYSTEM), "system");
	assert_string_equal(actor_kind_name((actor_kind)4), "unknown");
}

/* ---- booking_init ---- */

static void test_init(void **state)
{
	booking b;

	(void)state;
	memset(&b, 0xab, sizeof(b));
	booking_init(&b, HM(9, 0), HM(10, 0), HM(8, 0), ACTOR_PATRON, false);
	assert_int_equal(b.status, BOOKING_PENDING);
	assert_int_equal(b.created_at, HM(8, 0));
	assert_int_equal(b.start, HM(9, 0));
	assert_int_equal(b.end, HM(10, 0));
	assert_int_equal(b.checked_in_at, 0);
	assert_int_equal(b.closed_at, 0);

	booking_init(&b, HM(9, 0), HM(10, 0), HM(8, 0), ACTOR_STAFF, false);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	booking_init(&b, HM(9, 0), HM(10, 0), HM(8, 0), ACTOR_DEVICE, false);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	booking_init(&b, HM(9, 0), HM(10, 0), HM(8, 0), ACTOR_SYSTEM, false);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	assert_int_equal(b.checked_in_at, 0);

	booking_init(&b, HM(9, 0), HM(10, 0), HMS(9, 7, 12), ACTOR_DEVICE,
	             true);
	assert_int_equal(b.status, BOOKING_CHECKED_IN);
	assert_int_equal(b.checked_in_at, HMS(9, 7, 12));
	assert_int_equal(b.created_at, HMS(9, 7, 12));
	assert_int_equal(b.closed_at, 0);
}

/* ---- every (state, action, actor) ---- */

/* Expected outcome; KEEP: the status must not change. */
struct outcome {
	rule_code code;
	int status;
};

#define KEEP (-1)
#define GO(st)                                                                 \
	{                                                                      \
		RULE_OK, BOOKING_##st                                          \
	}
#define NA                                                                     \
	{                                                                      \
		RULE_NOT_ALLOWED, KEEP                                         \
	}
#define BS                                                                     \
	{                                                                      \
		RULE_BAD_STATE, KEEP                                           \
	}
#define NC                                                                     \
	{                                                                      \
		RULE_NOT_CONFIRMED, KEEP                                       \
	}

/*
 * Written out by hand from the state machine. Columns: patron, device,
 * staff, system. Each action happens at a time its own timing rules accept
 * (see action_at), so only actor and state decide.
 */
static const struct outcome table[BOOKING__COUNT][BOOKING__ACTIONS][4] =
        {
                [BOOKING_PENDING] =
                        {
                                [BOOKING_CONFIRM] = {GO(CONFIRMED), NA,
                                                     GO(CONFIRMED), NA},
                                [BOOKING_CHECKIN] = {NC, NC, NC, NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {BS, BS, BS, NA},
                                [BOOKING_CANCEL] = {GO(CANCELLED), NA,
                                                    GO(CANCELLED), NA},
                                [BOOKING_REMOVE] = {NA, NA, GO(REMOVED), NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, GO(CANCELLED)},
                        },
                [BOOKING_CONFIRMED] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                [BOOKING_CHECKIN] = {GO(CHECKED_IN),
                                                     GO(CHECKED_IN),
                                                     GO(CHECKED_IN), NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {GO(CONFIRMED),
                                                    GO(CONFIRMED),
                                                    GO(CONFIRMED), NA},
                                [BOOKING_CANCEL] = {GO(CANCELLED), NA,
                                                    GO(CANCELLED), NA},
                                [BOOKING_REMOVE] = {NA, NA, GO(REMOVED), NA},
                                [BOOKING_RELEASE] = {NA, GO(RELEASED), NA,
                                                     GO(RELEASED)},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
                [BOOKING_CHECKED_IN] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                [BOOKING_CHECKIN] = {BS, BS, BS, NA},
                                [BOOKING_END] = {GO(ENDED), GO(ENDED),
                                                 GO(ENDED), GO(ENDED)},
                                [BOOKING_EXTEND] = {GO(CHECKED_IN),
                                                    GO(CHECKED_IN),
                                                    GO(CHECKED_IN), NA},
                                [BOOKING_CANCEL] = {BS, NA, BS, NA},
                                [BOOKING_REMOVE] = {NA, NA, GO(REMOVED), NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
                [BOOKING_ENDED] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                [BOOKING_CHECKIN] = {BS, BS, BS, NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {BS, BS, BS, NA},
                                [BOOKING_CANCEL] = {BS, NA, BS, NA},
                                [BOOKING_REMOVE] = {NA, NA, BS, NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
                [BOOKING_RELEASED] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                /* the late-delivered check-in, made at 09:05 */
                                [BOOKING_CHECKIN] = {GO(CHECKED_IN),
                                                     GO(CHECKED_IN),
                                                     GO(CHECKED_IN), NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {BS, BS, BS, NA},
                                [BOOKING_CANCEL] = {BS, NA, BS, NA},
                                [BOOKING_REMOVE] = {NA, NA, BS, NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
                [BOOKING_CANCELLED] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                [BOOKING_CHECKIN] = {BS, BS, BS, NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {BS, BS, BS, NA},
                                [BOOKING_CANCEL] = {BS, NA, BS, NA},
                                [BOOKING_REMOVE] = {NA, NA, BS, NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
                [BOOKING_REMOVED] =
                        {
                                [BOOKING_CONFIRM] = {BS, NA, BS, NA},
                                [BOOKING_CHECKIN] = {BS, BS, BS, NA},
                                [BOOKING_END] = {BS, BS, BS, BS},
                                [BOOKING_EXTEND] = {BS, BS, BS, NA},
                                [BOOKING_CANCEL] = {BS, NA, BS, NA},
                                [BOOKING_REMOVE] = {NA, NA, BS, NA},
                                [BOOKING_RELEASE] = {NA, BS, NA, BS},
                                [BOOKING_EXPIRE] = {NA, NA, NA, BS},
                        },
};

/* A time each action's own rules accept for the fixture. */
static booking_action action_at(booking_action_kind kind, actor_kind actor)
{
	booking_action a = action(kind, actor, 0);

	switch (kind) {
	case BOOKING_CONFIRM:
		a.at = HM(8, 30); /* before the 09:30 confirm deadline */
		break;
	case BOOKING_CHECKIN:
		a.at = HM(9, 5); /* inside [08:50, 09:15) */
		break;
	case BOOKING_END:
		a.at = HM(9, 40); /* early end */
		break;
	case BOOKING_EXTEND:
		a.at = HM(9, 40);
		a.new_end = HM(10, 30); /* 1h30 in all, on the grid */
		break;
	case BOOKING_CANCEL:
		a.at = HM(8, 30);
		break;
	case BOOKING_REMOVE:
		a.at = HM(9, 40);
		a.reason = "no-show, patron called";
		break;
	case BOOKING_RELEASE:
		a.at = HM(9, 15); /* the release deadline */
		break;
	case BOOKING_EXPIRE:
		a.at = HM(9, 30); /* the confirm deadline */
		break;
	default:
		break;
	}
	return a;
}

static void test_transition_table(void **state)
{
	porte_rules r = defaults();
	int cases = 0;

	(void)state;
	for (int s = 0; s < BOOKING__COUNT; s++) {
		for (int k = 0; k < BOOKING__ACTIONS; k++) {
			for (int who = 0; who < 4; who++) {
				const struct outcome *o = &table[s][k][who];
				booking b = fixture((booking_status)s);
				booking_action a =
				        action_at((booking_action_kind)k,
				                  (actor_kind)who);
				int want = o->status == KEEP ? s : o->status;

				expect(&b, &a, &r, HM(12, 0), o->code);
				if ((int)b.status != want)
					fail_msg("%s by %s from %s: status %s, "
					         "want %s",
					         booking_action_name(a.kind),
					         actor_kind_name(a.actor),
					         booking_status_name(
					                 (booking_status)s),
					         booking_status_name(b.status),
					         booking_status_name(
					                 (booking_status)want));
				cases++;
			}
		}
	}
	assert_int_equal(cases, 224);
}

/* Actors, kinds and states outside their enums are refused. */
static void test_out_of_range(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action_at(BOOKING_CHECKIN, ACTOR_DEVICE);

	(void)state;
	a.actor = (actor_kind)4;
	expect(&b, &a, &r, HM(12, 0), RULE_NOT_ALLOWED);
	a.actor = ACTOR_DEVICE;
	a.kind = BOOKING__ACTIONS;
	expect(&b, &a, &r, HM(12, 0), RULE_NOT_ALLOWED);
	a.kind = BOOKING_CHECKIN;
	b.status = BOOKING__COUNT;
	expect(&b, &a, &r, HM(12, 0), RULE_BAD_STATE);
}

/* ---- time ---- */

static void test_future_action(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_CHECKIN, ACTOR_DEVICE, HM(9, 0));

	(void)state;
	expect(&b, &a, &r, HM(9, 0) - 1, RULE_INVALID_TIME);
	/* the actor is checked first */
	a.actor = ACTOR_SYSTEM;
	expect(&b, &a, &r, HM(9, 0) - 1, RULE_NOT_ALLOWED);
	a.actor = ACTOR_DEVICE;
	expect(&b, &a, &r, HM(9, 0), RULE_OK);
	assert_int_equal(b.checked_in_at, HM(9, 0));
}

static void test_checkin_window(void **state)
{
	porte_rules r = defaults();
	booking b;
	booking_action a = action(BOOKING_CHECKIN, ACTOR_PATRON, 0);

	(void)state;
	/* start - 10:01: not open yet */
	b = fixture(BOOKING_CONFIRMED);
	a.at = HMS(8, 49, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);
	/* start - 10:00: open */
	a.at = HM(8, 50);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_CHECKED_IN);
	assert_int_equal(b.checked_in_at, HM(8, 50));
	assert_int_equal(b.closed_at, 0);
	/* start + 14:59: still open */
	b = fixture(BOOKING_CONFIRMED);
	a.at = HMS(9, 14, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.checked_in_at, HMS(9, 14, 59));
	/* start + 15:00: closed */
	b = fixture(BOOKING_CONFIRMED);
	a.at = HM(9, 15);
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);
	/* after the end */
	a.at = HM(10, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);

	/* other settings move the window */
	r.checkin_before = 0;
	r.release_after = 5;
	a.at = HMS(8, 59, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);
	a.at = HMS(9, 4, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
}

static void test_checkin_window_short_booking(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_CHECKIN, ACTOR_DEVICE, HM(9, 10));

	(void)state;
	/* release_after outlasts a 10-minute booking: no check-in at its end */
	b.end = HM(9, 10);
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);
	a.at = HMS(9, 9, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
}

static void test_checkin_pending(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_PENDING);
	booking_action a = action(BOOKING_CHECKIN, ACTOR_DEVICE, HM(9, 0));

	(void)state;
	expect(&b, &a, &r, HM(12, 0), RULE_NOT_CONFIRMED);
	/* even outside the window, "not confirmed" is the better reason */
	a.at = HM(7, 45);
	expect(&b, &a, &r, HM(12, 0), RULE_NOT_CONFIRMED);
}

static void test_release(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_RELEASE, ACTOR_SYSTEM, 0);

	(void)state;
	assert_int_equal(booking_release_deadline(&b, &r), HM(9, 15));
	a.at = HM(9, 15) - 1;
	expect(&b, &a, &r, HM(12, 0), RULE_CHECKIN_WINDOW);
	a.at = HM(9, 15);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_RELEASED);
	assert_int_equal(b.closed_at, HM(9, 15));

	/* a release that runs late still hands the room back from the
	 * deadline */
	b = fixture(BOOKING_CONFIRMED);
	a.actor = ACTOR_DEVICE;
	a.at = HM(9, 47);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(9, 15));
	assert_int_equal(booking_effective_end(&b), HM(9, 15));
}

static void test_confirm(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_PENDING);
	booking_action a = action(BOOKING_CONFIRM, ACTOR_PATRON, 0);

	(void)state;
	assert_int_equal(booking_confirm_deadline(&b, &r), HM(9, 30));
	/* created + 120:00: too late */
	a.at = HM(9, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_CONFIRM_EXPIRED);
	/* created + 119:59: in time */
	a.at = HMS(9, 29, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	assert_int_equal(b.closed_at, 0);
	assert_int_equal(b.checked_in_at, 0);
	assert_int_equal(b.end, HM(10, 0));
}

static void test_expire(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_PENDING);
	booking_action a = action(BOOKING_EXPIRE, ACTOR_SYSTEM, 0);

	(void)state;
	a.at = HM(9, 30) - 1;
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	a.at = HM(9, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_CANCELLED);
	assert_int_equal(b.closed_at, HM(9, 30));

	/* a late expiry closes at the deadline too */
	b = fixture(BOOKING_PENDING);
	a.at = HM(11, 0);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(9, 30));

	/* a shorter confirm_within */
	r.confirm_within = 30;
	b = fixture(BOOKING_PENDING);
	a.at = HM(8, 0);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(8, 0));
}

/* A check-in made offline before the deadline, delivered after release. */
static void test_late_offline_checkin(void **state)
{
	porte_rules r = defaults();
	booking b;
	booking_action rel = action(BOOKING_RELEASE, ACTOR_SYSTEM, HM(9, 15));
	booking_action a = action(BOOKING_CHECKIN, ACTOR_DEVICE, HM(9, 10));

	(void)state;
	/* made at start + 10, delivered at start + 40, after the release */
	b = fixture(BOOKING_CONFIRMED);
	expect(&b, &rel, &r, HM(9, 15), RULE_OK);
	expect(&b, &a, &r, HM(9, 40), RULE_OK);
	assert_int_equal(b.status, BOOKING_CHECKED_IN);
	assert_int_equal(b.checked_in_at, HM(9, 10));
	assert_int_equal(b.closed_at, 0);
	assert_true(booking_holds_room(&b, HM(9, 40)));

	/* the slot was booked again meanwhile */
	b = fixture(BOOKING_CONFIRMED);
	expect(&b, &rel, &r, HM(9, 15), RULE_OK);
	a.slot_rebooked = true;
	expect(&b, &a, &r, HM(9, 40), RULE_SLOT_REBOOKED);
	assert_int_equal(b.status, BOOKING_RELEASED);

	/* made at start + 15: too late, whatever happened since */
	a.slot_rebooked = false;
	a.at = HM(9, 15);
	expect(&b, &a, &r, HM(9, 40), RULE_CHECKIN_WINDOW);
	a.slot_rebooked = true;
	expect(&b, &a, &r, HM(9, 40), RULE_CHECKIN_WINDOW);

	/* delivered late but before the release ran: plainly accepted */
	b = fixture(BOOKING_CONFIRMED);
	a.slot_rebooked = false;
	a.at = HMS(9, 14, 59);
	expect(&b, &a, &r, HM(9, 40), RULE_OK);
	assert_int_equal(b.checked_in_at, HMS(9, 14, 59));
	/* and the release, now too late, is refused */
	expect(&b, &rel, &r, HM(9, 40), RULE_BAD_STATE);
}

static void test_extend(void **state)
{
	porte_rules r = defaults();
	booking b;
	booking_action a = action(BOOKING_EXTEND, ACTOR_DEVICE, HM(9, 40));

	(void)state;
	/* to 2 h: the longest allowed */
	b = fixture(BOOKING_CHECKED_IN);
	a.new_end = HM(11, 0);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.end, HM(11, 0));
	assert_int_equal(b.status, BOOKING_CHECKED_IN);
	assert_int_equal(b.checked_in_at, HM(8, 55));

	/* to 2 h 30: too long */
	b = fixture(BOOKING_CHECKED_IN);
	a.new_end = HM(11, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_MAX_DURATION);
	/* off the 30-minute grid */
	a.new_end = HM(10, 15);
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
	a.new_end = HM(10, 30) + 1;
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
	/* off the grid and too long: the grid is named first */
	a.new_end = HM(11, 15);
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
	/* not later than the end */
	a.new_end = HM(10, 0);
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	a.new_end = HM(9, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	/* after the booking is over */
	a.at = HM(10, 0);
	a.new_end = HM(10, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	a.at = HMS(9, 59, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.end, HM(10, 30));

	/* the lab's 15-minute grid */
	r.granularity = 15;
	b = fixture(BOOKING_CONFIRMED);
	a.at = HM(9, 40);
	a.new_end = HM(10, 15);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_CONFIRMED);
	assert_int_equal(b.end, HM(10, 15));
	a.new_end = HM(10, 20);
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
}

static void test_extend_extreme_times(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_EXTEND, ACTOR_STAFF, HM(9, 40));

	(void)state;
	a.new_end = INT64_MAX;
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
	b.start = INT64_MIN;
	b.end = HM(10, 0);
	a.new_end = HM(10, 30);
	expect(&b, &a, &r, HM(12, 0), RULE_GRANULARITY);
	/* deadlines saturate instead of wrapping */
	b.start = INT64_MAX - 60;
	b.end = INT64_MAX;
	assert_int_equal(booking_release_deadline(&b, &r), INT64_MAX);
}

static void test_end(void **state)
{
	porte_rules r = defaults();
	booking b;
	booking_action a = action(BOOKING_END, ACTOR_PATRON, HM(9, 40));

	(void)state;
	/* early */
	b = fixture(BOOKING_CHECKED_IN);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_ENDED);
	assert_int_equal(b.closed_at, HM(9, 40));
	assert_int_equal(b.checked_in_at, HM(8, 55));
	assert_int_equal(b.end, HM(10, 0));
	assert_int_equal(booking_effective_end(&b), HM(9, 40));

	/* at the end, and the system's run after it */
	b = fixture(BOOKING_CHECKED_IN);
	a.at = HM(10, 0);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(10, 0));
	b = fixture(BOOKING_CHECKED_IN);
	a.actor = ACTOR_SYSTEM;
	a.at = HM(10, 7);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(10, 0));

	/* left before it began: closes at the start */
	b = fixture(BOOKING_CHECKED_IN);
	a.actor = ACTOR_DEVICE;
	a.at = HM(8, 58);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.closed_at, HM(9, 0));
	assert_int_equal(booking_effective_end(&b), HM(9, 0));
	/* ... and nothing holds the room after */
	assert_false(booking_holds_room(&b, HM(8, 59)));

	/* an end dated before the check-in */
	b = fixture(BOOKING_CHECKED_IN);
	a.at = HM(8, 55) - 1;
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	a.at = HM(8, 55);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
}

static void test_cancel(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_CANCEL, ACTOR_PATRON, HM(10, 0));

	(void)state;
	expect(&b, &a, &r, HM(12, 0), RULE_INVALID_TIME);
	a.at = HMS(9, 59, 59);
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_CANCELLED);
	assert_int_equal(b.closed_at, HMS(9, 59, 59));
	assert_int_equal(booking_effective_end(&b), HM(9, 0));
	assert_false(booking_holds_room(&b, HM(9, 0)));
}

static void test_remove(void **state)
{
	static const char *const blank[] = {"", " ", "   ", "\t\n", " \r\n "};
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_REMOVE, ACTOR_STAFF, HM(9, 20));

	(void)state;
	a.reason = NULL;
	expect(&b, &a, &r, HM(12, 0), RULE_REASON_REQUIRED);
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		a.reason = blank[i];
		expect(&b, &a, &r, HM(12, 0), RULE_REASON_REQUIRED);
	}
	/* a reason is not checked before who asks */
	a.actor = ACTOR_DEVICE;
	a.reason = "";
	expect(&b, &a, &r, HM(12, 0), RULE_NOT_ALLOWED);
	a.actor = ACTOR_STAFF;
	a.reason = " x ";
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_REMOVED);
	assert_int_equal(b.closed_at, HM(9, 20));
	assert_int_equal(booking_effective_end(&b), HM(9, 0));

	/* a checked-in booking too */
	b = fixture(BOOKING_CHECKED_IN);
	a.reason = "noise";
	expect(&b, &a, &r, HM(12, 0), RULE_OK);
	assert_int_equal(b.status, BOOKING_REMOVED);
}

/* Every refusal leaves the booking as it was, byte for byte. */
static void test_refusal_changes_nothing(void **state)
{
	porte_rules r = defaults();
	int refusals = 0;

	(void)state;
	for (int s = 0; s < BOOKING__COUNT; s++) {
		for (int k = 0; k < BOOKING__ACTIONS; k++) {
			for (int who = 0; who < 4; who++) {
				/* past-the-end times refuse most actions */
				booking b, before;
				booking_action a =
				        action_at((booking_action_kind)k,
				                  (actor_kind)who);

				memset(&b, 0x5a, sizeof(b));
				b = fixture((booking_status)s);
				memcpy(&before, &b, sizeof(b));
				a.at = HM(7, 0);
				a.new_end = HM(9, 45);
				if (booking_apply(&b, &a, &r, HM(12, 0)) ==
				    RULE_OK)
					continue;
				assert_memory_equal(&b, &before, sizeof(b));
				refusals++;
			}
		}
	}
	/* at 07:00 everything but cancel and remove is refused */
	assert_true(refusals > 200);
}

/* ---- queries ---- */

static void test_checkin_open(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);

	(void)state;
	assert_int_equal(booking_checkin_opens(&b, &r), HM(8, 50));
	assert_false(booking_checkin_open(&b, &r, HM(8, 50) - 1));
	assert_true(booking_checkin_open(&b, &r, HM(8, 50)));
	assert_true(booking_checkin_open(&b, &r, HMS(9, 14, 59)));
	assert_false(booking_checkin_open(&b, &r, HM(9, 15)));
	b = fixture(BOOKING_PENDING);
	assert_false(booking_checkin_open(&b, &r, HM(9, 0)));
	b = fixture(BOOKING_CHECKED_IN);
	assert_false(booking_checkin_open(&b, &r, HM(9, 0)));
	b = fixture(BOOKING_CANCELLED);
	assert_false(booking_checkin_open(&b, &r, HM(9, 0)));
	/* a released booking, judged at a time before its deadline */
	b = fixture(BOOKING_RELEASED);
	assert_true(booking_checkin_open(&b, &r, HM(9, 10)));
	assert_false(booking_checkin_open(&b, &r, HM(9, 15)));
}

static void test_release_due(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);

	(void)state;
	assert_false(booking_release_due(&b, &r, HM(9, 15) - 1));
	assert_true(booking_release_due(&b, &r, HM(9, 15)));
	assert_true(booking_release_due(&b, &r, HM(11, 0)));
	b = fixture(BOOKING_CHECKED_IN);
	assert_false(booking_release_due(&b, &r, HM(9, 30)));
	b = fixture(BOOKING_PENDING);
	assert_false(booking_release_due(&b, &r, HM(9, 30)));
	b = fixture(BOOKING_RELEASED);
	assert_false(booking_release_due(&b, &r, HM(9, 30)));
}

static void test_holds_room(void **state)
{
	(void)state;
	for (int s = 0; s < BOOKING__COUNT; s++) {
		booking b = fixture((booking_status)s);
		bool open = s == BOOKING_PENDING || s == BOOKING_CONFIRMED ||
		            s == BOOKING_CHECKED_IN;

		assert_int_equal(booking_holds_room(&b, HM(8, 0)), open);
		assert_int_equal(booking_holds_room(&b, HMS(9, 59, 59)), open);
		assert_false(booking_holds_room(&b, HM(10, 0)));
	}
}

static void test_effective_end(void **state)
{
	static const struct {
		booking_status status;
		porte_time want;
	} cases[] = {
	        {BOOKING_PENDING, HM(10, 0)},    {BOOKING_CONFIRMED, HM(10, 0)},
	        {BOOKING_CHECKED_IN, HM(10, 0)}, {BOOKING_ENDED, HM(9, 50)},
	        {BOOKING_RELEASED, HM(9, 15)},   {BOOKING_CANCELLED, HM(9, 0)},
	        {BOOKING_REMOVED, HM(9, 0)},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		booking b = fixture(cases[i].status);

		assert_int_equal(booking_effective_end(&b), cases[i].want);
	}
}

static void test_effective_end_short_release(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CONFIRMED);
	booking_action a = action(BOOKING_RELEASE, ACTOR_SYSTEM, HM(9, 15));

	(void)state;
	/* a 10-minute booking outlived by its release deadline */
	b.end = HM(9, 10);
	expect(&b, &a, &r, HM(9, 15), RULE_OK);
	assert_int_equal(b.closed_at, HM(9, 15));
	assert_int_equal(booking_effective_end(&b), HM(9, 10));
}

static void test_next_change(void **state)
{
	static const struct {
		booking_status status;
		porte_time now;
		porte_time want;
	} cases[] = {
	        /* confirmed: opens 08:50, start, deadline 09:15, end */
	        {BOOKING_CONFIRMED, HM(8, 0), HM(8, 50)},
	        {BOOKING_CONFIRMED, HM(8, 50), HM(9, 0)},
	        {BOOKING_CONFIRMED, HM(9, 0), HM(9, 15)},
	        {BOOKING_CONFIRMED, HMS(9, 14, 59), HM(9, 15)},
	        {BOOKING_CONFIRMED, HM(9, 15), HM(10, 0)},
	        {BOOKING_CONFIRMED, HM(10, 0), 0},
	        /* pending: opens, start, confirm deadline 09:30, end */
	        {BOOKING_PENDING, HM(7, 30), HM(8, 50)},
	        {BOOKING_PENDING, HM(9, 0), HM(9, 30)},
	        {BOOKING_PENDING, HM(9, 30), HM(10, 0)},
	        {BOOKING_PENDING, HM(10, 0), 0},
	        /* checked in: start, end */
	        {BOOKING_CHECKED_IN, HM(8, 55), HM(9, 0)},
	        {BOOKING_CHECKED_IN, HM(9, 0), HM(10, 0)},
	        {BOOKING_CHECKED_IN, HM(11, 0), 0},
	        /* closed: nothing more */
	        {BOOKING_ENDED, HM(9, 50), 0},
	        {BOOKING_RELEASED, HM(9, 15), 0},
	        {BOOKING_CANCELLED, HM(8, 0), 0},
	        {BOOKING_REMOVED, HM(8, 45), 0},
	};
	porte_rules r = defaults();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		booking b = fixture(cases[i].status);
		porte_time got = booking_next_change(&b, &r, cases[i].now);

		if (got != cases[i].want)
			fail_msg("case %zu: got %lld, want %lld", i,
			         (long long)(got - T0),
			         (long long)(cases[i].want - T0));
	}
}

static void test_next_change_end_before_start(void **state)
{
	porte_rules r = defaults();
	booking b = fixture(BOOKING_CHECKED_IN);
	booking_action a = action(BOOKING_END, ACTOR_DEVICE, HM(8, 58));

	(void)state;
	expect(&b, &a, &r, HM(8, 58), RULE_OK);
	/* the room is still shown as taken until the start it was freed at */
	assert_int_equal(booking_next_change(&b, &r, HM(8, 58)), HM(9, 0));
	assert_int_equal(booking_next_change(&b, &r, HM(9, 0)), 0);
}

/* A whole life: web booking, confirmed, checked in, extended, ended. */
static void test_life(void **state)
{
	porte_rules r = defaults();
	booking b;
	booking_action a;

	(void)state;
	booking_init(&b, HM(14, 0), HM(15, 0), HM(9, 12), ACTOR_PATRON, false);
	a = action(BOOKING_CONFIRM, ACTOR_PATRON, HM(9, 40));
	expect(&b, &a, &r, HM(9, 40), RULE_OK);
	a = action(BOOKING_CHECKIN, ACTOR_DEVICE, HM(13, 52));
	expect(&b, &a, &r, HM(13, 52), RULE_OK);
	a = action(BOOKING_EXTEND, ACTOR_DEVICE, HM(14, 50));
	a.new_end = HM(15, 30);
	expect(&b, &a, &r, HM(14, 50), RULE_OK);
	a.new_end = HM(16, 30);
	expect(&b, &a, &r, HM(14, 55), RULE_MAX_DURATION);
	a = action(BOOKING_END, ACTOR_SYSTEM, HM(15, 30));
	expect(&b, &a, &r, HM(15, 30), RULE_OK);
	assert_int_equal(b.status, BOOKING_ENDED);
	assert_int_equal(b.created_at, HM(9, 12));
	assert_int_equal(b.checked_in_at, HM(13, 52));
	assert_int_equal(b.end, HM(15, 30));
	assert_int_equal(b.closed_at, HM(15, 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_names),
	        cmocka_unit_test(test_init),
	        cmocka_unit_test(test_transition_table),
	        cmocka_unit_test(test_out_of_range),
	        cmocka_unit_test(test_future_action),
	        cmocka_unit_test(test_checkin_window),
	        cmocka_unit_test(test_checkin_window_short_booking),
	        cmocka_unit_test(test_checkin_pending),
	        cmocka_unit_test(test_release),
	        cmocka_unit_test(test_confirm),
	        cmocka_unit_test(test_expire),
	        cmocka_unit_test(test_late_offline_checkin),
	        cmocka_unit_test(test_extend),
	        cmocka_unit_test(test_extend_extreme_times),
	        cmocka_unit_test(test_end),
	        cmocka_unit_test(test_cancel),
	        cmocka_unit_test(test_remove),
	        cmocka_unit_test(test_refusal_changes_nothing),
	        cmocka_unit_test(test_checkin_open),
	        cmocka_unit_test(test_release_due),
	        cmocka_unit_test(test_holds_room),
	        cmocka_unit_test(test_effective_end),
	        cmocka_unit_test(test_effective_end_short_release),
	        cmocka_unit_test(test_next_change),
	        cmocka_unit_test(test_next_change_end_before_start),
	        cmocka_unit_test(test_life),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

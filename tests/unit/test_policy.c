/*
 * test_policy.c - every booking rule at and around its boundary, the walk-in
 * at the door, and the e-mail checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy.h"

#define MIN 60

typedef struct fixture {
	tz_zone *paris;
	tz_zone *ny;
	opening_hours *hours;
	porte_rules rules;
	policy_room room;
	policy_request req;
	policy_interval booked[8]; /* the room's other bookings */
	policy_interval mine[8];   /* the patron's other bookings */
	policy_context ctx;
	porte_time now;
} fixture;

/* The instant of an RFC 3339 string; fails the test when it does not parse. */
static porte_time T(const char *s)
{
	porte_time t = 0;

	if (cal_parse_rfc3339(s, &t) != 0)
		fail_msg("bad time in test: %s", s);
	return t;
}

static cal_date D(const char *s)
{
	cal_date d = {0, 0, 0};

	if (cal_parse_date(s, &d) != 0)
		fail_msg("bad date in test: %s", s);
	return d;
}

static void set_week(opening_hours *h, const char *spec)
{
	char *cause = NULL;

	if (hours_parse_week(h, spec, &cause) != 0)
		fail_msg("parse_week(\"%s\"): %s", spec, cause ? cause : "?");
}

/*
 * A group room in Paris open mon-sat 08:00-20:00 with the default rules; a
 * patron asks on Monday 2026-11-23 at 09:00 for 10:00-11:00 that day.
 */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char *cause = NULL;

	assert_non_null(f);
	if (tz_load("Europe/Paris", &f->paris, &cause) != 0)
		fail_msg("tz_load Europe/Paris: %s", cause ? cause : "?");
	if (tz_load("America/New_York", &f->ny, &cause) != 0)
		fail_msg("tz_load America/New_York: %s", cause ? cause : "?");
	f->hours = hours_new();
	assert_non_null(f->hours);
	set_week(f->hours, "mon-sat 08:00-20:00");
	rules_defaults(&f->rules);
	f->room.kind = ROOM_GROUP;
	f->room.capacity = 1;
	f->room.rules = &f->rules;
	f->room.tz = f->paris;
	f->room.hours = f->hours;
	f->req.start = T("2026-11-23T10:00:00+01:00");
	f->req.end = T("2026-11-23T11:00:00+01:00");
	f->req.email = "ana@univ.fr";
	f->req.actor = ACTOR_PATRON;
	f->ctx.room = f->booked;
	f->ctx.patron = f->mine;
	f->now = T("2026-11-23T09:00:00+01:00");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	hours_free(f->hours);
	tz_free(f->paris);
	tz_free(f->ny);
	free(f);
	return 0;
}

static rule_code check(fixture *f, const char *start, const char *end)
{
	f->req.start = T(start);
	f->req.end = T(end);
	return policy_check(&f->room, &f->req, &f->ctx, f->now);
}

static void book_room(fixture *f, const char *start, const char *end)
{
	assert_true(f->ctx.nroom < sizeof(f->booked) / sizeof(f->booked[0]));
	f->booked[f->ctx.nroom].start = T(start);
	f->booked[f->ctx.nroom].end = T(end);
	f->ctx.nroom++;
}

static void book_mine(fixture *f, const char *start, const char *end)
{
	assert_true(f->ctx.npatron < sizeof(f->mine) / sizeof(f->mine[0]));
	f->mine[f->ctx.npatron].start = T(start);
	f->mine[f->ctx.npatron].end = T(end);
	f->ctx.npatron++;
}

#define assert_rule(got, want)                                                 \
	do {                                                                   \
		rule_code got_ = (got), want_ = (want);                        \
		if (got_ != want_)                                             \
			fail_msg("%s, want %s", rule_code_name(got_),          \
			         rule_code_name(want_));                       \
	} while (0)

/* ---- time rules ---- */

static void test_baseline(void **state)
{
	fixture *f = *state;

	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	/* No context means no other bookings. */
	assert_rule(policy_check(&f->room, &f->req, NULL, f->now), RULE_OK);
	assert_rule(policy_check(NULL, &f->req, NULL, f->now),
	            RULE_INVALID_TIME);
	assert_rule(policy_check(&f->room, NULL, NULL, f->now),
	            RULE_INVALID_TIME);
}

static void test_invalid_time(void **state)
{
	fixture *f = *state;

	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:00:00+01:00"),
	            RULE_INVALID_TIME);
	assert_rule(check(f, "2026-11-23T11:00:00+01:00",
	                  "2026-11-23T10:00:00+01:00"),
	            RULE_INVALID_TIME);
}

static void test_in_the_past(void **state)
{
	fixture *f = *state;

	f->now = T("2026-11-23T10:00:01+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_IN_THE_PAST);
	f->now = T("2026-11-23T10:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);

	/* Extending a booking under way: only its end must be ahead. */
	f->req.existing = true;
	f->now = T("2026-11-23T10:40:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OK);
	f->now = T("2026-11-23T11:29:59+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OK);
	f->now = T("2026-11-23T11:30:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_IN_THE_PAST);
}

static void test_granularity(void **state)
{
	fixture *f = *state;

	/* 30-minute grid. */
	assert_rule(check(f, "2026-11-23T10:15:00+01:00",
	                  "2026-11-23T11:15:00+01:00"),
	            RULE_GRANULARITY);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:45:00+01:00"),
	            RULE_GRANULARITY);
	assert_rule(check(f, "2026-11-23T10:00:30+01:00",
	                  "2026-11-23T11:00:30+01:00"),
	            RULE_GRANULARITY);
	assert_rule(check(f, "2026-11-23T10:30:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OK);
	/* 15-minute grid: 10:15 is a slot. */
	f->rules.granularity = 15;
	assert_rule(check(f, "2026-11-23T10:15:00+01:00",
	                  "2026-11-23T11:15:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:10:00+01:00",
	                  "2026-11-23T11:15:00+01:00"),
	            RULE_GRANULARITY);
	/* The grid is the local wall clock: New York's 10:30 is 15:30 UTC. */
	f->rules.granularity = 30;
	f->room.tz = f->ny;
	f->now = T("2026-11-23T09:00:00-05:00");
	assert_rule(check(f, "2026-11-23T10:30:00-05:00",
	                  "2026-11-23T11:00:00-05:00"),
	            RULE_OK);
}

static void test_durations(void **state)
{
	fixture *f = *state;

	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:30:00+01:00"),
	            RULE_MAX_DURATION);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:30:00+01:00"),
	            RULE_OK);
	f->rules.granularity = 15;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:15:00+01:00"),
	            RULE_MIN_DURATION);
	f->rules.min_duration = 15;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:15:00+01:00"),
	            RULE_OK);
}

static void test_durations_dst(void **state)
{
	fixture *f = *state;

	set_week(f->hours, "24/7");
	/* Spring: 01:30-04:00 on the wall is 1 h 30 of real time. */
	f->now = T("2026-03-28T12:00:00+01:00");
	assert_rule(check(f, "2026-03-29T01:30:00+01:00",
	                  "2026-03-29T04:00:00+02:00"),
	            RULE_OK);
	/* Autumn: 01:00 to the second 02:30 is 2 h 30 of real time. */
	f->now = T("2026-10-24T12:00:00+02:00");
	assert_rule(check(f, "2026-10-25T01:00:00+02:00",
	                  "2026-10-25T02:30:00+01:00"),
	            RULE_MAX_DURATION);
	/* ...and 01:00 to the first 02:30 is 1 h 30. */
	assert_rule(check(f, "2026-10-25T01:00:00+02:00",
	                  "2026-10-25T02:30:00+02:00"),
	            RULE_OK);
	/* 02:00 (second) to 04:00 is 2 h; 01:30 (first) to 03:00 is 2 h 30. */
	assert_rule(check(f, "2026-10-25T02:00:00+01:00",
	                  "2026-10-25T04:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-10-25T01:30:00+02:00",
	                  "2026-10-25T03:00:00+01:00"),
	            RULE_MAX_DURATION);
}

static void test_too_far_ahead(void **state)
{
	fixture *f = *state;

	/* Today is 2026-11-23: the 31st day after is 12-24, the 32nd 12-25. */
	assert_rule(check(f, "2026-12-24T10:00:00+01:00",
	                  "2026-12-24T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-24T19:00:00+01:00",
	                  "2026-12-24T20:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-25T08:00:00+01:00",
	                  "2026-12-25T09:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
	/* Late in the evening today is still the same today. */
	f->now = T("2026-11-23T23:30:00+01:00");
	assert_rule(check(f, "2026-12-24T10:00:00+01:00",
	                  "2026-12-24T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-25T10:00:00+01:00",
	                  "2026-12-25T11:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
	/* 00:30 in Paris is still yesterday in UTC: today is 11-24 here. */
	f->now = T("2026-11-24T00:30:00+01:00");
	assert_rule(check(f, "2026-12-25T10:00:00+01:00",
	                  "2026-12-25T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-26T10:00:00+01:00",
	                  "2026-12-26T11:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
	/* 23:30 in New York is already tomorrow in UTC: today is 11-23. */
	f->room.tz = f->ny;
	f->now = T("2026-11-23T23:30:00-05:00");
	assert_rule(check(f, "2026-12-24T10:00:00-05:00",
	                  "2026-12-24T11:00:00-05:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-25T10:00:00-05:00",
	                  "2026-12-25T11:00:00-05:00"),
	            RULE_TOO_FAR_AHEAD);
	/* The setting moves the limit. */
	f->room.tz = f->paris;
	f->now = T("2026-11-23T09:00:00+01:00");
	f->rules.too_far_ahead = 0;
	assert_rule(check(f, "2026-11-23T19:00:00+01:00",
	                  "2026-11-23T20:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-24T08:00:00+01:00",
	                  "2026-11-24T09:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
	/* An extension is judged by its new end. */
	f->rules.too_far_ahead = 31;
	f->req.existing = true;
	set_week(f->hours, "24/7");
	assert_rule(check(f, "2026-12-24T23:00:00+01:00",
	                  "2026-12-25T00:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-12-25T00:00:00+01:00",
	                  "2026-12-25T01:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
}

/* ---- opening hours ---- */

static void test_hours(void **state)
{
	fixture *f = *state;

	f->now = T("2026-11-23T07:00:00+01:00");
	set_week(f->hours, "mon-fri 08:00-12:00 13:30-18:00");
	assert_int_equal(hours_set_date(f->hours, D("2026-11-25"),
	                                &(hours_day){0, {{0, 0}}}),
	                 0);
	assert_rule(check(f, "2026-11-23T08:00:00+01:00",
	                  "2026-11-23T10:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T07:30:00+01:00",
	                  "2026-11-23T08:30:00+01:00"),
	            RULE_OUTSIDE_OPENING_HOURS);
	assert_rule(check(f, "2026-11-23T11:30:00+01:00",
	                  "2026-11-23T13:30:00+01:00"),
	            RULE_OUTSIDE_OPENING_HOURS);
	assert_rule(check(f, "2026-11-23T11:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T13:30:00+01:00",
	                  "2026-11-23T14:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T17:30:00+01:00",
	                  "2026-11-23T18:30:00+01:00"),
	            RULE_OUTSIDE_OPENING_HOURS);
	/* A closure date and a Sunday. */
	assert_rule(check(f, "2026-11-25T10:00:00+01:00",
	                  "2026-11-25T11:00:00+01:00"),
	            RULE_CLOSED_DAY);
	assert_rule(check(f, "2026-11-29T10:00:00+01:00",
	                  "2026-11-29T11:00:00+01:00"),
	            RULE_CLOSED_DAY);
	assert_rule(check(f, "2026-11-26T10:00:00+01:00",
	                  "2026-11-26T11:00:00+01:00"),
	            RULE_OK);
}

/* ---- who may book ---- */

static void test_internal_room(void **state)
{
	fixture *f = *state;

	f->room.kind = ROOM_TRAINING;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_INTERNAL_ROOM);
	f->req.is_referent = true; /* ignored for a patron */
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INTERNAL_ROOM);
	f->req.actor = ACTOR_DEVICE;
	f->req.email = NULL;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INTERNAL_ROOM);
	f->req.actor = ACTOR_STAFF;
	f->req.is_referent = false;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INTERNAL_ROOM);
	f->req.is_referent = true;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	/* A referent still obeys the other rules. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:30:00+01:00"),
	            RULE_MAX_DURATION);
	/* Other kinds are open to patrons. */
	f->req.actor = ACTOR_PATRON;
	f->req.email = "ana@univ.fr";
	f->room.kind = ROOM_MEETING;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
}

static void test_email_valid(void **state)
{
	static const char *const good[] = {
	        "a@b.fr",
	        "ana@univ.fr",
	        "First.Last+tag@bib.univ-lyon2.fr",
	        "x_y-z@xn--bcher-kva.de",
	        "o'neil@example.co.uk",
	};
	static const char *const bad[] = {
	        "",
	        "plain",
	        "@univ.fr",
	        "ana@",
	        "ana@univ",
	        "ana@@univ.fr",
	        "ana@b@univ.fr",
	        "an a@univ.fr",
	        "ana@univ .fr",
	        " ana@univ.fr",
	        "ana@univ.fr ",
	        "ana@.univ.fr",
	        "ana@univ..fr",
	        "ana@univ.fr.",
	        "ana\t@univ.fr",
	        "ana\n@univ.fr",
	        "ana\x7f@univ.fr",
	        "ana@-univ.fr",
	        "ana@univ-.fr",
	        "<ana>@univ.fr",
	        "ana@univ_lyon.fr",
	        "a,b@univ.fr",
	        "\"ana\"@univ.fr",
	        "ana@univ.fr;bob@univ.fr",
	        "ana:x@univ.fr",
	};
	char longest[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (!policy_email_valid(good[i]))
			fail_msg("\"%s\" refused", good[i]);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (policy_email_valid(bad[i]))
			fail_msg("\"%s\" accepted", bad[i]);
	}
	assert_false(policy_email_valid(NULL));
	/* 254 bytes is the most. */
	memset(longest, 'a', sizeof(longest));
	memcpy(longest + 254 - 8, "@univ.fr", 9);
	assert_int_equal(strlen(longest), 254);
	assert_true(policy_email_valid(longest));
	memset(longest, 'a', sizeof(longest));
	memcpy(longest + 255 - 8, "@univ.fr", 9);
	assert_int_equal(strlen(longest), 255);
	assert_false(policy_email_valid(longest));
}

static void test_email_domain(void **state)
{
	static const char *const univ[] = {"univ.fr"};
	static const char *const two[] = {"univ.fr", "CNRS.fr"};
	static const struct {
		const char *email;
		bool ok;
	} cases[] = {
	        {"ana@univ.fr", true},      {"ana@bib.univ.fr", true},
	        {"ana@a.b.univ.fr", true},  {"ANA@UNIV.FR", true},
	        {"ana@Univ.Fr", true},      {"ana@evil-univ.fr", false},
	        {"ana@eviluniv.fr", false}, {"ana@univ.fr.evil.com", false},
	        {"ana@univ.fr.", false},    {"ana@univ.com", false},
	        {"ana@fr", false},          {"univ.fr", false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (policy_email_domain_ok(cases[i].email, univ, 1) !=
		    cases[i].ok)
			fail_msg("\"%s\": want %s", cases[i].email,
			         cases[i].ok ? "allowed" : "refused");
	}
	assert_true(policy_email_domain_ok("x@lab.cnrs.fr", two, 2));
	assert_true(policy_email_domain_ok("x@univ.fr", two, 2));
	assert_false(policy_email_domain_ok("x@inria.fr", two, 2));
	/* No domains: any address. */
	assert_true(policy_email_domain_ok("x@gmail.com", NULL, 0));
	assert_true(policy_email_domain_ok("x@gmail.com", univ, 0));
}

static void test_email_rules(void **state)
{
	fixture *f = *state;
	static const char *const univ[] = {"univ.fr"};

	/* A patron must give an e-mail. */
	f->req.email = NULL;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INVALID_EMAIL);
	f->req.email = "not an email";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INVALID_EMAIL);
	f->req.email = "ana@gmail.com";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	f->room.domains = univ;
	f->room.ndomains = 1;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_EMAIL_DOMAIN);
	f->req.email = "ana@evil-univ.fr";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_EMAIL_DOMAIN);
	f->req.email = "Ana@Bib.Univ.FR";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	/* Staff skip the domain list and may give no e-mail. */
	f->req.actor = ACTOR_STAFF;
	f->req.email = "ana@gmail.com";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	f->req.email = NULL;
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now), RULE_OK);
	/* ...but an e-mail they give must be one. */
	f->req.email = "ana@";
	assert_rule(policy_check(&f->room, &f->req, &f->ctx, f->now),
	            RULE_INVALID_EMAIL);
}

/* ---- overlap and capacity ---- */

static void test_overlap(void **state)
{
	fixture *f = *state;

	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	/* Touching ends do not overlap. */
	assert_rule(check(f, "2026-11-23T11:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T09:00:00+01:00",
	                  "2026-11-23T10:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:30:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OVERLAP);
	assert_rule(check(f, "2026-11-23T09:30:00+01:00",
	                  "2026-11-23T10:30:00+01:00"),
	            RULE_OVERLAP);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OVERLAP);
	/* A request that surrounds a booking. */
	assert_rule(check(f, "2026-11-23T09:30:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OVERLAP);
	/* One minute of overlap is enough. */
	f->booked[0].end = T("2026-11-23T11:01:00+01:00");
	assert_rule(check(f, "2026-11-23T11:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OVERLAP);
	f->booked[0].start = T("2026-11-23T08:59:00+01:00");
	f->booked[0].end = T("2026-11-23T09:00:00+01:00");
	assert_rule(check(f, "2026-11-23T09:00:00+01:00",
	                  "2026-11-23T10:00:00+01:00"),
	            RULE_OK);
}

static void test_capacity(void **state)
{
	fixture *f = *state;

	f->room.kind = ROOM_WORKSHOP;
	f->room.capacity = 3;
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	book_room(f, "2026-11-23T10:30:00+01:00", "2026-11-23T11:30:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_CAPACITY_FULL);
	/* Before the third arrives, there is room. */
	assert_rule(check(f, "2026-11-23T09:30:00+01:00",
	                  "2026-11-23T10:30:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T11:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
}

static void test_capacity_sweep(void **state)
{
	fixture *f = *state;

	/* Four bookings meet the request, never more than two at once. */
	f->room.kind = ROOM_WORKSHOP;
	f->room.capacity = 3;
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T10:30:00+01:00");
	book_room(f, "2026-11-23T10:30:00+01:00", "2026-11-23T11:00:00+01:00");
	book_room(f, "2026-11-23T10:15:00+01:00", "2026-11-23T10:45:00+01:00");
	book_room(f, "2026-11-23T10:45:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	/* A fifth makes three at 10:40. */
	book_room(f, "2026-11-23T10:40:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_CAPACITY_FULL);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T10:30:00+01:00"),
	            RULE_OK);
}

/* ---- quotas ---- */

static void test_daily_quota(void **state)
{
	fixture *f = *state;

	book_mine(f, "2026-11-23T14:00:00+01:00", "2026-11-23T15:00:00+01:00");
	/* 1 h + 1 h = the 2 h a day. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	/* 1 h + 1 h 30 is too much. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_DAILY_QUOTA);
	/* Another day is another quota. */
	assert_rule(check(f, "2026-11-24T10:00:00+01:00",
	                  "2026-11-24T12:00:00+01:00"),
	            RULE_OK);
}

static void test_daily_quota_rooms(void **state)
{
	fixture *f = *state;

	/* Two bookings in two other rooms: 30 + 30 minutes. */
	book_mine(f, "2026-11-23T14:00:00+01:00", "2026-11-23T14:30:00+01:00");
	book_mine(f, "2026-11-23T16:00:00+01:00", "2026-11-23T16:30:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_DAILY_QUOTA);
}

static void test_daily_quota_local_day(void **state)
{
	fixture *f = *state;

	/* 00:30 on 11-24 in Paris is 23:30 UTC on 11-23: it counts on 11-24. */
	book_mine(f, "2026-11-24T00:30:00+01:00", "2026-11-24T01:30:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-24T10:00:00+01:00",
	                  "2026-11-24T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-24T10:00:00+01:00",
	                  "2026-11-24T11:30:00+01:00"),
	            RULE_DAILY_QUOTA);
	/* A request at 00:30 on 11-24 Paris (11-23 in UTC) is on 11-24. */
	set_week(f->hours, "24/7");
	book_mine(f, "2026-11-24T10:00:00+01:00", "2026-11-24T11:30:00+01:00");
	f->ctx.npatron = 1;
	f->mine[0] = f->mine[1];
	assert_rule(check(f, "2026-11-24T00:30:00+01:00",
	                  "2026-11-24T01:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-24T00:30:00+01:00",
	                  "2026-11-24T01:30:00+01:00"),
	            RULE_DAILY_QUOTA);
	/* 23:00 on 11-23 counts on 11-23. */
	f->mine[0].start = T("2026-11-23T23:00:00+01:00");
	f->mine[0].end = T("2026-11-24T00:00:00+01:00");
	assert_rule(check(f, "2026-11-24T10:00:00+01:00",
	                  "2026-11-24T12:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_DAILY_QUOTA);
}

static void test_monthly_quota(void **state)
{
	fixture *f = *state;

	book_mine(f, "2026-11-02T10:00:00+01:00", "2026-11-02T12:00:00+01:00");
	book_mine(f, "2026-11-10T10:00:00+01:00", "2026-11-10T11:00:00+01:00");
	/* 2 h + 1 h + 1 h = the 4 h a month. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_MONTHLY_QUOTA);
	/* December is another month. */
	assert_rule(check(f, "2026-12-01T10:00:00+01:00",
	                  "2026-12-01T12:00:00+01:00"),
	            RULE_OK);
}

static void test_monthly_quota_local_month(void **state)
{
	fixture *f = *state;

	/* October bookings, local time, do not count in November. */
	book_mine(f, "2026-10-30T10:00:00+01:00", "2026-10-30T12:00:00+01:00");
	book_mine(f, "2026-10-31T22:00:00+01:00", "2026-11-01T00:00:00+01:00");
	book_mine(f, "2026-11-02T10:00:00+01:00", "2026-11-02T12:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_OK);
	/* 11-01 00:00 Paris (10-31 23:00 UTC) counts in November. */
	book_mine(f, "2026-11-01T00:00:00+01:00", "2026-11-01T00:30:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:00:00+01:00"),
	            RULE_MONTHLY_QUOTA);
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:30:00+01:00"),
	            RULE_OK);
}

static void test_quota_zero_means_none(void **state)
{
	fixture *f = *state;

	book_mine(f, "2026-11-23T08:00:00+01:00", "2026-11-23T10:00:00+01:00");
	book_mine(f, "2026-11-02T08:00:00+01:00", "2026-11-02T10:00:00+01:00");
	book_mine(f, "2026-11-03T08:00:00+01:00", "2026-11-03T10:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_DAILY_QUOTA);
	f->rules.daily_quota = 0;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_MONTHLY_QUOTA);
	f->rules.monthly_quota = 0;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
}

static void test_quota_override(void **state)
{
	fixture *f = *state;

	book_mine(f, "2026-11-23T14:00:00+01:00", "2026-11-23T16:00:00+01:00");
	/* A patron cannot override. */
	f->req.override_quota = true;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_DAILY_QUOTA);
	/* Staff booking for the patron: quotas apply unless overridden. */
	f->req.actor = ACTOR_STAFF;
	f->req.override_quota = false;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_DAILY_QUOTA);
	f->req.override_quota = true;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
	/* Overriding quotas overrides nothing else. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T12:30:00+01:00"),
	            RULE_MAX_DURATION);
	/* No e-mail, no quota. */
	f->req.override_quota = false;
	f->req.email = NULL;
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OK);
}

/* ---- order of the rules ---- */

static void test_order(void **state)
{
	fixture *f = *state;

	/* Past and off the grid: in_the_past first. */
	assert_rule(check(f, "2026-11-23T08:15:00+01:00",
	                  "2026-11-23T08:45:00+01:00"),
	            RULE_IN_THE_PAST);
	/* Off the grid and too long: granularity. */
	assert_rule(check(f, "2026-11-23T10:15:00+01:00",
	                  "2026-11-23T13:15:00+01:00"),
	            RULE_GRANULARITY);
	/* Too long and too far ahead: max_duration. */
	assert_rule(check(f, "2027-01-04T10:00:00+01:00",
	                  "2027-01-04T13:00:00+01:00"),
	            RULE_MAX_DURATION);
	/* Too far ahead and on a Sunday: too_far_ahead. */
	assert_rule(check(f, "2027-01-03T10:00:00+01:00",
	                  "2027-01-03T11:00:00+01:00"),
	            RULE_TOO_FAR_AHEAD);
	/* Closed, in a training room, without e-mail: closed_day. */
	f->room.kind = ROOM_TRAINING;
	f->req.email = NULL;
	assert_rule(check(f, "2026-11-29T10:00:00+01:00",
	                  "2026-11-29T11:00:00+01:00"),
	            RULE_CLOSED_DAY);
	/* Training room without e-mail: internal_room. */
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_INTERNAL_ROOM);
	/* Bad e-mail and taken: invalid_email. */
	f->room.kind = ROOM_GROUP;
	f->req.email = "nope";
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_INVALID_EMAIL);
	/* Taken and over quota: overlap. */
	f->req.email = "ana@univ.fr";
	book_mine(f, "2026-11-23T14:00:00+01:00", "2026-11-23T16:00:00+01:00");
	assert_rule(check(f, "2026-11-23T10:00:00+01:00",
	                  "2026-11-23T11:00:00+01:00"),
	            RULE_OVERLAP);
	/* Over both quotas: daily_quota. */
	book_mine(f, "2026-11-02T14:00:00+01:00", "2026-11-02T16:00:00+01:00");
	assert_rule(check(f, "2026-11-23T12:00:00+01:00",
	                  "2026-11-23T13:00:00+01:00"),
	            RULE_DAILY_QUOTA);
}

/* ---- walk-in ---- */

static rule_code walk_in(fixture *f, const char *now, porte_time *s,
                         porte_time *e)
{
	*s = -1;
	*e = -1;
	return policy_walk_in(&f->room, &f->ctx, T(now), s, e);
}

static void test_walk_in(void **state)
{
	fixture *f = *state;
	porte_time s, e;

	/* The next booking at 11:00 ends it. */
	book_room(f, "2026-11-23T11:00:00+01:00", "2026-11-23T12:00:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T10:00:00+01:00"));
	assert_int_equal(e, T("2026-11-23T11:00:00+01:00"));
	/* A next booking off the grid: the end is floored. */
	f->booked[0].start = T("2026-11-23T10:50:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T10:30:00+01:00"));
	/* No booking after: the longest booking. */
	f->ctx.nroom = 0;
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T10:00:00+01:00"));
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
	/* A booking later in the day does not matter. */
	book_room(f, "2026-11-23T15:00:00+01:00", "2026-11-23T16:00:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:29:59+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
	assert_rule(walk_in(f, "2026-11-23T10:30:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T10:30:00+01:00"));
	assert_int_equal(e, T("2026-11-23T12:30:00+01:00"));
	/* ctx may be NULL. */
	assert_rule(policy_walk_in(&f->room, NULL,
	                           T("2026-11-23T10:07:00+01:00"), &s, &e),
	            RULE_OK);
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
}

static void test_walk_in_closing(void **state)
{
	fixture *f = *state;
	porte_time s, e;

	set_week(f->hours, "mon-fri 08:00-18:00");
	assert_rule(walk_in(f, "2026-11-23T17:10:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T17:00:00+01:00"));
	assert_int_equal(e, T("2026-11-23T18:00:00+01:00"));
	/* A minute left is not enough; a minute and a second is. */
	assert_rule(walk_in(f, "2026-11-23T17:59:00+01:00", &s, &e),
	            RULE_OVERLAP);
	assert_int_equal(s, -1);
	assert_int_equal(e, -1);
	assert_rule(walk_in(f, "2026-11-23T17:58:59+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T18:00:00+01:00"));
	/* A closing time off the grid is floored. */
	set_week(f->hours, "mon-fri 08:00-17:45");
	assert_rule(walk_in(f, "2026-11-23T17:10:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T17:30:00+01:00"));
	assert_rule(walk_in(f, "2026-11-23T17:35:00+01:00", &s, &e),
	            RULE_OVERLAP);
	/* An opening off the grid: the walk-in starts at the opening. */
	set_week(f->hours, "mon-fri 08:10-18:00");
	assert_rule(walk_in(f, "2026-11-23T08:15:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T08:10:00+01:00"));
	assert_int_equal(e, T("2026-11-23T10:00:00+01:00"));
}

static void test_walk_in_refused(void **state)
{
	fixture *f = *state;
	porte_time s, e;

	set_week(f->hours, "mon-fri 08:00-12:00 13:30-18:00");
	/* Closed: Sunday, before opening, at lunch, after closing. */
	assert_rule(walk_in(f, "2026-11-29T10:00:00+01:00", &s, &e),
	            RULE_CLOSED_DAY);
	assert_rule(walk_in(f, "2026-11-23T07:30:00+01:00", &s, &e),
	            RULE_OUTSIDE_OPENING_HOURS);
	assert_rule(walk_in(f, "2026-11-23T12:00:00+01:00", &s, &e),
	            RULE_OUTSIDE_OPENING_HOURS);
	assert_rule(walk_in(f, "2026-11-23T18:00:00+01:00", &s, &e),
	            RULE_OUTSIDE_OPENING_HOURS);
	assert_int_equal(s, -1);
	/* Just before lunch: until noon. */
	assert_rule(walk_in(f, "2026-11-23T11:40:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
	/* A closure date. */
	assert_int_equal(hours_set_date(f->hours, D("2026-11-24"),
	                                &(hours_day){0, {{0, 0}}}),
	                 0);
	assert_rule(walk_in(f, "2026-11-24T10:00:00+01:00", &s, &e),
	            RULE_CLOSED_DAY);
	/* Occupied now. */
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e),
	            RULE_OVERLAP);
	assert_rule(walk_in(f, "2026-11-23T10:59:59+01:00", &s, &e),
	            RULE_OVERLAP);
	assert_rule(walk_in(f, "2026-11-23T11:00:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T11:00:00+01:00"));
	/* Free now, but the next booking starts in under a minute. */
	assert_rule(walk_in(f, "2026-11-23T09:59:30+01:00", &s, &e),
	            RULE_OVERLAP);
	/* Walk-ins turned off. */
	f->rules.walk_in = false;
	assert_rule(walk_in(f, "2026-11-23T09:00:00+01:00", &s, &e),
	            RULE_WALK_IN_DISABLED);
	/* Training rooms: never. */
	f->rules.walk_in = true;
	f->room.kind = ROOM_TRAINING;
	assert_rule(walk_in(f, "2026-11-23T09:00:00+01:00", &s, &e),
	            RULE_INTERNAL_ROOM);
	assert_int_equal(s, -1);
	assert_int_equal(e, -1);
}

static void test_walk_in_after_early_end(void **state)
{
	fixture *f = *state;
	porte_time s, e;

	/* A booking ended early at 10:05: the room is free from then on. */
	book_room(f, "2026-11-23T09:00:00+01:00", "2026-11-23T10:05:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T10:05:00+01:00"));
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
}

static void test_walk_in_workshop(void **state)
{
	fixture *f = *state;
	porte_time s, e;

	f->room.kind = ROOM_WORKSHOP;
	f->room.capacity = 2;
	book_room(f, "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(s, T("2026-11-23T10:00:00+01:00"));
	assert_int_equal(e, T("2026-11-23T12:00:00+01:00"));
	/* A second booker from 10:30 fills it then. */
	book_room(f, "2026-11-23T10:30:00+01:00", "2026-11-23T11:30:00+01:00");
	assert_rule(walk_in(f, "2026-11-23T10:07:00+01:00", &s, &e), RULE_OK);
	assert_int_equal(e, T("2026-11-23T10:30:00+01:00"));
	assert_rule(walk_in(f, "2026-11-23T10:40:00+01:00", &s, &e),
	            RULE_CAPACITY_FULL);
}

int main(void)
{
#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	        TEST(test_baseline),
	        TEST(test_invalid_time),
	        TEST(test_in_the_past),
	        TEST(test_granularity),
	        TEST(test_durations),
	        TEST(test_durations_dst),
	        TEST(test_too_far_ahead),
	        TEST(test_hours),
	        TEST(test_internal_room),
	        cmocka_unit_test(test_email_valid),
	        cmocka_unit_test(test_email_domain),
	        TEST(test_email_rules),
	        TEST(test_overlap),
	        TEST(test_capacity),
	        TEST(test_capacity_sweep),
	        TEST(test_daily_quota),
	        TEST(test_daily_quota_rooms),
	        TEST(test_daily_quota_local_day),
	        TEST(test_monthly_quota),
	        TEST(test_monthly_quota_local_month),
	        TEST(test_quota_zero_means_none),
	        TEST(test_quota_override),
	        TEST(test_order),
	        TEST(test_walk_in),
	        TEST(test_walk_in_closing),
	        TEST(test_walk_in_refused),
	        TEST(test_walk_in_after_early_end),
	        TEST(test_walk_in_workshop),
	};
#undef TEST

	return cmocka_run_group_tests_name("unit.policy", tests, NULL, NULL);
}

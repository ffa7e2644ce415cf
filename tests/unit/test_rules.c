/*
 * test_rules.c - rule codes, room kinds, settings: names, parsing, ranges.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rules.h"

/* Every code's stable name, written out by hand from rules.h. */
static const char *const code_names[RULE__COUNT] = {
        [RULE_OK] = "ok",
        [RULE_GRANULARITY] = "granularity",
        [RULE_MIN_DURATION] = "min_duration",
        [RULE_MAX_DURATION] = "max_duration",
        [RULE_DAILY_QUOTA] = "daily_quota",
        [RULE_MONTHLY_QUOTA] = "monthly_quota",
        [RULE_TOO_FAR_AHEAD] = "too_far_ahead",
        [RULE_IN_THE_PAST] = "in_the_past",
        [RULE_OUTSIDE_OPENING_HOURS] = "outside_opening_hours",
        [RULE_CLOSED_DAY] = "closed_day",
        [RULE_EMAIL_DOMAIN] = "email_domain",
        [RULE_INVALID_EMAIL] = "invalid_email",
        [RULE_OVERLAP] = "overlap",
        [RULE_INTERNAL_ROOM] = "internal_room",
        [RULE_CAPACITY_FULL] = "capacity_full",
        [RULE_INVALID_TIME] = "invalid_time",
        [RULE_CHECKIN_WINDOW] = "checkin_window",
        [RULE_NOT_CONFIRMED] = "not_confirmed",
        [RULE_CONFIRM_EXPIRED] = "confirm_expired",
        [RULE_SLOT_REBOOKED] = "slot_rebooked",
        [RULE_REASON_REQUIRED] = "reason_required",
        [RULE_NOT_ALLOWED] = "not_allowed",
        [RULE_BAD_STATE] = "bad_state",
        [RULE_WALK_IN_DISABLED] = "walk_in_disabled",
};

static void test_code_names(void **state)
{
	(void)state;
	for (int i = 0; i < RULE__COUNT; i++) {
		const char *msg = rule_code_message((rule_code)i);

		assert_non_null(code_names[i]);
		assert_string_equal(rule_code_name((rule_code)i),
		                    code_names[i]);
		assert_int_equal(rule_code_parse(code_names[i]), i);
		assert_non_null(msg);
		assert_true(strlen(msg) > 5);
		/* messages are distinct */
		for (int j = 0; j < i; j++)
			assert_string_not_equal(
			        msg, rule_code_message((rule_code)j));
	}
	assert_string_equal(rule_code_name(RULE__COUNT), "unknown");
	assert_string_equal(rule_code_name((rule_code)-1), "unknown");
	assert_non_null(rule_code_message(RULE__COUNT));
	assert_int_equal(rule_code_parse("unknown"), -1);
	assert_int_equal(rule_code_parse(""), -1);
	assert_int_equal(rule_code_parse("Granularity"), -1);
	assert_int_equal(rule_code_parse("granularity "), -1);
	assert_int_equal(rule_code_parse(NULL), -1);
}

static void test_grid_message_not_specific(void **state)
{
	(void)state;
	/* granularity varies per room: the message names no number */
	assert_null(strpbrk(rule_code_message(RULE_GRANULARITY), "0123456789"));
}

static void test_room_kinds(void **state)
{
	static const char *const names[ROOM__COUNT] = {"group", "meeting",
	                                               "training", "workshop"};
	room_kind k;

	(void)state;
	for (int i = 0; i < ROOM__COUNT; i++) {
		k = ROOM__COUNT;
		assert_string_equal(room_kind_name((room_kind)i), names[i]);
		assert_int_equal(room_kind_parse(names[i], &k), 0);
		assert_int_equal(k, i);
	}
	k = ROOM_MEETING;
	assert_int_equal(room_kind_parse("lab", &k), -1);
	assert_int_equal(room_kind_parse("", &k), -1);
	assert_int_equal(room_kind_parse("Group", &k), -1);
	assert_int_equal(room_kind_parse(NULL, &k), -1);
	assert_int_equal(k, ROOM_MEETING);
	assert_string_equal(room_kind_name(ROOM__COUNT), "unknown");
	assert_true(room_kind_public(ROOM_GROUP));
	assert_true(room_kind_public(ROOM_MEETING));
	assert_false(room_kind_public(ROOM_TRAINING));
	assert_true(room_kind_public(ROOM_WORKSHOP));
}

static void test_defaults(void **state)
{
	porte_rules r;
	char *cause = NULL;

	(void)state;
	memset(&r, 0xff, sizeof(r));
	rules_defaults(&r);
	assert_int_equal(r.checkin_before, 10);
	assert_int_equal(r.release_after, 15);
	assert_int_equal(r.granularity, 30);
	assert_int_equal(r.min_duration, 30);
	assert_int_equal(r.max_duration, 120);
	assert_int_equal(r.daily_quota, 120);
	assert_int_equal(r.monthly_quota, 240);
	assert_int_equal(r.too_far_ahead, 31);
	assert_int_equal(r.confirm_within, 120);
	assert_false(r.checkin_code);
	assert_true(r.walk_in);
	assert_int_equal(rules_validate(&r, &cause), 0);
	assert_null(cause);
}

static void test_names_and_get(void **state)
{
	static const char *const want[] = {
	        "checkin_before", "release_after", "granularity",
	        "min_duration",   "max_duration",  "daily_quota",
	        "monthly_quota",  "too_far_ahead", "confirm_within",
	        "checkin_code",   "walk_in",
	};
	static const char *const defaults[] = {"10",  "15",  "30",  "30",
	                                       "120", "120", "240", "31",
	                                       "120", "off", "on"};
	const char *const *names = rules_names();
	porte_rules r, before;
	char buf[32];
	size_t n = 0;

	(void)state;
	rules_defaults(&r);
	while (names[n] != NULL) {
		assert_true(n < sizeof(want) / sizeof(want[0]));
		assert_string_equal(names[n], want[n]);
		assert_int_equal(rules_get(&r, names[n], buf, sizeof(buf)), 0);
		assert_string_equal(buf, defaults[n]);
		/* what rules_get writes, rules_set reads back unchanged */
		before = r;
		assert_int_equal(rules_set(&r, names[n], buf, NULL), 0);
		assert_memory_equal(&r, &before, sizeof(r));
		n++;
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_int_equal(rules_get(&r, "nope", buf, sizeof(buf)), -1);
	assert_int_equal(rules_get(&r, NULL, buf, sizeof(buf)), -1);
	/* a buffer too small is refused, not overrun */
	assert_int_equal(rules_get(&r, "max_duration", buf, 3), -1);
	assert_int_equal(rules_get(&r, "max_duration", buf, 4), 0);
	assert_string_equal(buf, "120");
	assert_int_equal(rules_get(&r, "walk_in", buf, 0), -1);
}

struct good_case {
	const char *name;
	const char *value;
	int want; /* minutes or days, or 0/1 for booleans */
};

static int read_field(const porte_rules *r, const char *name)
{
	if (strcmp(name, "checkin_before") == 0)
		return r->checkin_before;
	if (strcmp(name, "release_after") == 0)
		return r->release_after;
	if (strcmp(name, "granularity") == 0)
		return r->granularity;
	if (strcmp(name, "min_duration") == 0)
		return r->min_duration;
	if (strcmp(name, "max_duration") == 0)
		return r->max_duration;
	if (strcmp(name, "daily_quota") == 0)
		return r->daily_quota;
	if (strcmp(name, "monthly_quota") == 0)
		return r->monthly_quota;
	if (strcmp(name, "too_far_ahead") == 0)
		return r->too_far_ahead;
	if (strcmp(name, "confirm_within") == 0)
		return r->confirm_within;
	if (strcmp(name, "checkin_code") == 0)
		return r->checkin_code;
	if (strcmp(name, "walk_in") == 0)
		return r->walk_in;
	fail_msg("no field %s", name);
	return -1;
}

static void test_set_good(void **state)
{
	static const struct good_case cases[] = {
	        /* forms of a duration */
	        {"max_duration", "90", 90},
	        {"max_duration", "90m", 90},
	        {"max_duration", "2h", 120},
	        {"max_duration", "1h30", 90},
	        {"max_duration", "1h30m", 90},
	        {"max_duration", "1h00", 60},
	        {"max_duration", "0h45", 45},
	        {"max_duration", "0090", 90},
	        /* boundaries of each range */
	        {"checkin_before", "0", 0},
	        {"checkin_before", "120", 120},
	        {"checkin_before", "2h", 120},
	        {"release_after", "1", 1},
	        {"release_after", "120", 120},
	        {"granularity", "5", 5},
	        {"granularity", "15", 15},
	        {"granularity", "240", 240},
	        {"granularity", "4h", 240},
	        {"granularity", "1h", 60},
	        {"granularity", "45", 45},
	        {"min_duration", "1", 1},
	        {"min_duration", "1440", 1440},
	        {"min_duration", "24h", 1440},
	        {"max_duration", "0", 0},
	        {"max_duration", "1440", 1440},
	        {"max_duration", "23h59", 1439},
	        {"daily_quota", "0", 0},
	        {"daily_quota", "44640", 44640},
	        {"monthly_quota", "0", 0},
	        {"monthly_quota", "744h", 44640},
	        {"too_far_ahead", "0", 0},
	        {"too_far_ahead", "31", 31},
	        {"too_far_ahead", "31d", 31},
	        {"too_far_ahead", "366", 366},
	        {"too_far_ahead", "366d", 366},
	        {"confirm_within", "5", 5},
	        {"confirm_within", "10080", 10080},
	        {"confirm_within", "168h", 10080},
	        /* booleans */
	        {"checkin_code", "on", 1},
	        {"checkin_code", "true", 1},
	        {"checkin_code", "yes", 1},
	        {"checkin_code", "1", 1},
	        {"walk_in", "off", 0},
	        {"walk_in", "false", 0},
	        {"walk_in", "no", 0},
	        {"walk_in", "0", 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		porte_rules r;
		char *cause = NULL;

		rules_defaults(&r);
		r.checkin_code = !cases[i].want;
		r.walk_in = !cases[i].want;
		if (rules_set(&r, cases[i].name, cases[i].value, &cause) != 0)
			fail_msg("%s=%s refused: %s", cases[i].name,
			         cases[i].value, cause);
		assert_null(cause);
		assert_int_equal(read_field(&r, cases[i].name), cases[i].want);
	}
}

struct bad_case {
	const char *name;
	const char *value;
	const char *says; /* a word the reason must contain */
};

static void test_set_bad(void **state)
{
	static const struct bad_case cases[] = {
	        /* malformed */
	        {"max_duration", "", "not a duration"},
	        {"max_duration", "-5", "not a duration"},
	        {"max_duration", "+5", "not a duration"},
	        {"max_duration", "2h30x", "not a duration"},
	        {"max_duration", " 30", "not a duration"},
	        {"max_duration", "30 ", "not a duration"},
	        {"max_duration", "30mm", "not a duration"},
	        {"max_duration", "m", "not a duration"},
	        {"max_duration", "h30", "not a duration"},
	        {"max_duration", "1h3", "not a duration"},
	        {"max_duration", "1h300", "not a duration"},
	        {"max_duration", "1h60", "not a duration"},
	        {"max_duration", "1h30h", "not a duration"},
	        {"max_duration", "1.5h", "not a duration"},
	        {"max_duration", "2H", "not a duration"},
	        {"max_duration", "0x10", "not a duration"},
	        {"max_duration", "1e2", "not a duration"},
	        {"max_duration", "ninety", "not a duration"},
	        {"max_duration", "30m\n", "not a duration"},
	        {"max_duration", "\xc3\xa9", "not a duration"},
	        {"too_far_ahead", "31days", "not a number of days"},
	        {"too_far_ahead", "1h", "not a number of days"},
	        {"too_far_ahead", "d", "not a number of days"},
	        {"too_far_ahead", "-1", "not a number of days"},
	        {"walk_in", "", "on/off"},
	        {"walk_in", "On", "on/off"},
	        {"walk_in", "2", "on/off"},
	        {"walk_in", "enabled", "on/off"},
	        {"checkin_code", " on", "on/off"},
	        {"checkin_code", "y", "on/off"},
	        /* out of range */
	        {"max_duration", "99999999999", "out of range"},
	        {"max_duration", "99999999999h", "out of range"},
	        {"max_duration", "1441", "out of range"},
	        {"max_duration", "24h01", "out of range"},
	        {"min_duration", "0", "out of range"},
	        {"min_duration", "1441", "out of range"},
	        {"checkin_before", "121", "out of range"},
	        {"release_after", "0", "out of range"},
	        {"release_after", "121", "out of range"},
	        {"granularity", "4", "out of range"},
	        {"granularity", "0", "out of range"},
	        {"granularity", "241", "out of range"},
	        {"granularity", "480", "out of range"},
	        {"granularity", "7", "divide"},
	        {"granularity", "25", "divide"},
	        {"granularity", "50", "divide"},
	        {"granularity", "100", "divide"},
	        {"daily_quota", "44641", "out of range"},
	        {"monthly_quota", "744h01", "out of range"},
	        {"too_far_ahead", "367", "out of range"},
	        {"too_far_ahead", "99999999999d", "out of range"},
	        {"confirm_within", "4", "out of range"},
	        {"confirm_within", "10081", "out of range"},
	        /* unknown names */
	        {"max-duration", "30", "unknown setting"},
	        {"", "30", "unknown setting"},
	        {"MAX_DURATION", "30", "unknown setting"},
	};

	(void)state;
	assert_true(sizeof(cases) / sizeof(cases[0]) >= 30);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		porte_rules r, before;
		char *cause = NULL;

		rules_defaults(&r);
		before = r;
		if (rules_set(&r, cases[i].name, cases[i].value, &cause) == 0)
			fail_msg("%s=\"%s\" accepted", cases[i].name,
			         cases[i].value);
		assert_memory_equal(&r, &before, sizeof(r));
		assert_non_null(cause);
		if (strstr(cause, cases[i].says) == NULL)
			fail_msg("%s=\"%s\": reason \"%s\" lacks \"%s\"",
			         cases[i].name, cases[i].value, cause,
			         cases[i].says);
		/* the reason names the setting */
		if (cases[i].name[0] != '\0' &&
		    strstr(cause, cases[i].name) == NULL)
			fail_msg("reason \"%s\" does not name %s", cause,
			         cases[i].name);
		/* a refusal with no CAUSE wanted is still a refusal */
		assert_int_equal(
		        rules_set(&r, cases[i].name, cases[i].value, NULL), -1);
		free(cause);
	}
}

static void test_set_reason_quotes_value(void **state)
{
	porte_rules r;
	char *cause = NULL;
	char longv[200];

	(void)state;
	rules_defaults(&r);
	assert_int_equal(rules_set(&r, "granularity", "2h30x", &cause), -1);
	assert_non_null(strstr(cause, "granularity"));
	assert_non_null(strstr(cause, "\"2h30x\""));
	free(cause);

	cause = NULL;
	assert_int_equal(rules_set(&r, "release_after", "121", &cause), -1);
	assert_non_null(strstr(cause, "\"121\""));
	assert_non_null(strstr(cause, "1..120"));
	free(cause);

	/* a long value is cut, control bytes are not copied */
	memset(longv, '7', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	longv[3] = '\x1b';
	cause = NULL;
	assert_int_equal(rules_set(&r, "max_duration", longv, &cause), -1);
	assert_null(strchr(cause, '\x1b'));
	assert_true(strlen(cause) < 150);
	assert_non_null(strstr(cause, "..."));
	free(cause);

	cause = NULL;
	assert_int_equal(rules_set(&r, "max_duration", NULL, &cause), -1);
	assert_non_null(strstr(cause, "max_duration"));
	free(cause);

	cause = NULL;
	assert_int_equal(rules_set(&r, NULL, "30", &cause), -1);
	assert_non_null(strstr(cause, "unknown setting"));
	free(cause);
}

struct validate_case {
	int granularity, min_duration, max_duration;
	int daily_quota, monthly_quota;
	int ok;
	const char *says; /* for refusals: the setting the reason names */
};

static void test_validate(void **state)
{
	static const struct validate_case cases[] = {
	        {30, 30, 120, 120, 240, 1, NULL},
	        {15, 15, 120, 120, 240, 1, NULL},
	        {15, 45, 45, 45, 45, 1, NULL},
	        {5, 5, 1440, 0, 0, 1, NULL},
	        {240, 240, 1440, 1440, 44640, 1, NULL},
	        {60, 60, 60, 0, 44640, 1, NULL},
	        /* min or max off the grid */
	        {30, 45, 120, 120, 240, 0, "min_duration"},
	        {30, 30, 100, 120, 240, 0, "max_duration"},
	        {60, 30, 120, 120, 240, 0, "min_duration"},
	        {15, 15, 125, 120, 240, 0, "max_duration"},
	        /* min above max */
	        {30, 150, 120, 120, 240, 0, "min_duration"},
	        {30, 30, 0, 120, 240, 0, "min_duration"},
	        /* daily above monthly */
	        {30, 30, 120, 241, 240, 0, "daily_quota"},
	        /* a monthly quota of 0 is no limit: any daily quota fits */
	        {30, 30, 120, 1, 0, 1, NULL},
	        {30, 30, 120, 0, 240, 1, NULL},
	        /* a grid that does not divide the day, or out of range */
	        {7, 7, 140, 120, 240, 0, "granularity"},
	        {0, 30, 120, 120, 240, 0, "granularity"},
	        {-30, 30, 120, 120, 240, 0, "granularity"},
	        {480, 480, 480, 480, 480, 0, "granularity"},
	        {30, 0, 120, 120, 240, 0, "min_duration"},
	        {30, 30, 1470, 120, 240, 0, "max_duration"},
	        {30, 30, 120, -1, 240, 0, "daily_quota"},
	        {30, 30, 120, 120, 44641, 0, "monthly_quota"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct validate_case *c = &cases[i];
		porte_rules r;
		char *cause = NULL;
		int rc;

		rules_defaults(&r);
		r.granularity = c->granularity;
		r.min_duration = c->min_duration;
		r.max_duration = c->max_duration;
		r.daily_quota = c->daily_quota;
		r.monthly_quota = c->monthly_quota;
		rc = rules_validate(&r, &cause);
		if (c->ok) {
			if (rc != 0)
				fail_msg("case %zu refused: %s", i, cause);
			assert_null(cause);
			continue;
		}
		if (rc != -1)
			fail_msg("case %zu accepted", i);
		assert_non_null(cause);
		if (strstr(cause, c->says) == NULL)
			fail_msg("case %zu: \"%s\" lacks %s", i, cause,
			         c->says);
		assert_int_equal(rules_validate(&r, NULL), -1);
		free(cause);
	}
}

static void test_validate_other_ranges(void **state)
{
	porte_rules r;
	char *cause = NULL;

	(void)state;
	rules_defaults(&r);
	r.release_after = 0;
	assert_int_equal(rules_validate(&r, &cause), -1);
	assert_non_null(strstr(cause, "release_after"));
	free(cause);

	rules_defaults(&r);
	r.checkin_before = -1;
	cause = NULL;
	assert_int_equal(rules_validate(&r, &cause), -1);
	assert_non_null(strstr(cause, "checkin_before"));
	free(cause);

	rules_defaults(&r);
	r.too_far_ahead = 367;
	cause = NULL;
	assert_int_equal(rules_validate(&r, &cause), -1);
	assert_non_null(strstr(cause, "too_far_ahead"));
	free(cause);

	rules_defaults(&r);
	r.confirm_within = 4;
	cause = NULL;
	assert_int_equal(rules_validate(&r, &cause), -1);
	assert_non_null(strstr(cause, "confirm_within"));
	free(cause);
}

/* Settings applied one by one, as a site then a room would. */
static void test_layering(void **state)
{
	porte_rules r;

	(void)state;
	rules_defaults(&r);
	/* the lab of the seeds: a 15-minute grid */
	assert_int_equal(rules_set(&r, "granularity", "15", NULL), 0);
	assert_int_equal(rules_set(&r, "min_duration", "15m", NULL), 0);
	assert_int_equal(rules_set(&r, "max_duration", "1h45", NULL), 0);
	assert_int_equal(rules_set(&r, "walk_in", "off", NULL), 0);
	assert_int_equal(r.granularity, 15);
	assert_int_equal(r.min_duration, 15);
	assert_int_equal(r.max_duration, 105);
	assert_false(r.walk_in);
	assert_int_equal(rules_validate(&r, NULL), 0);
	/* each setting alone is fine, together they are not */
	assert_int_equal(rules_set(&r, "granularity", "30", NULL), 0);
	assert_int_equal(rules_validate(&r, NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_code_names),
	        cmocka_unit_test(test_grid_message_not_specific),
	        cmocka_unit_test(test_room_kinds),
	        cmocka_unit_test(test_defaults),
	        cmocka_unit_test(test_names_and_get),
	        cmocka_unit_test(test_set_good),
	        cmocka_unit_test(test_set_bad),
	        cmocka_unit_test(test_set_reason_quotes_value),
	        cmocka_unit_test(test_validate),
	        cmocka_unit_test(test_validate_other_ranges),
	        cmocka_unit_test(test_layering),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

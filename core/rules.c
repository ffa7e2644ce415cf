/*
 * rules.c - rule codes, room kinds and the booking settings: their names,
 * defaults, strict parsing and consistency checks.
 */
#include "rules.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Minutes in a day, and in the longest month (quotas). */
#define MINUTES_PER_DAY 1440
#define MINUTES_PER_MONTH (31 * MINUTES_PER_DAY)

/* A reason never grows past this; a quoted value past QUOTE_MAX. */
#define CAUSE_MAX 256
#define QUOTE_MAX 40

/* Parsed numbers stop growing here: anything larger is out of range. */
#define NUMBER_CAP 1000000000L

struct rule_code_info {
	const char *name;
	const char *message;
};

static const struct rule_code_info rule_codes[RULE__COUNT] = {
        [RULE_OK] = {"ok", "Allowed"},
        [RULE_GRANULARITY] = {"granularity",
                              "Bookings must start and end on the room's "
                              "time grid"},
        [RULE_MIN_DURATION] = {"min_duration",
                               "The booking is shorter than the room allows"},
        [RULE_MAX_DURATION] = {"max_duration",
                               "The booking is longer than the room allows"},
        [RULE_DAILY_QUOTA] = {"daily_quota",
                              "This goes over your booking time for the day"},
        [RULE_MONTHLY_QUOTA] = {"monthly_quota",
                                "This goes over your booking time for the "
                                "month"},
        [RULE_TOO_FAR_AHEAD] = {"too_far_ahead",
                                "The booking is too far ahead"},
        [RULE_IN_THE_PAST] = {"in_the_past", "The booking is in the past"},
        [RULE_OUTSIDE_OPENING_HOURS] = {"outside_opening_hours",
                                        "The booking is outside opening "
                                        "hours"},
        [RULE_CLOSED_DAY] = {"closed_day", "The site is closed that day"},
        [RULE_EMAIL_DOMAIN] = {"email_domain",
                               "This e-mail domain may not book here"},
        [RULE_INVALID_EMAIL] = {"invalid_email",
                                "The e-mail address is not valid"},
        [RULE_OVERLAP] = {"overlap", "The room is already booked then"},
        [RULE_INTERNAL_ROOM] = {"internal_room",
                                "This room is for internal use only"},
        [RULE_CAPACITY_FULL] = {"capacity_full", "This slot is full"},
        [RULE_INVALID_TIME] = {"invalid_time", "The times are not valid"},
        [RULE_CHECKIN_WINDOW] = {"checkin_window",
                                 "Check-in is not open at this time"},
        [RULE_NOT_CONFIRMED] = {"not_confirmed",
                                "The booking has not been confirmed yet"},
        [RULE_CONFIRM_EXPIRED] = {"confirm_expired",
                                  "The time to confirm the booking has "
                                  "passed"},
        [RULE_SLOT_REBOOKED] = {"slot_rebooked",
                                "The room was booked again after the "
                                "release"},
        [RULE_REASON_REQUIRED] = {"reason_required",
                                  "Removing a booking needs a reason"},
        [RULE_NOT_ALLOWED] = {"not_allowed", "You may not do this"},
        [RULE_BAD_STATE] = {"bad_state",
                            "The booking's state does not allow this"},
        [RULE_WALK_IN_DISABLED] = {"walk_in_disabled",
                                   "Booking at the door is off for this "
                                   "room"},
};

const char *rule_code_name(rule_code code)
{
	if ((int)code < 0 || code >= RULE__COUNT)
		return "unknown";
	return rule_codes[code].name;
}

const char *rule_code_message(rule_code code)
{
	if ((int)code < 0 || code >= RULE__COUNT)
		return "Unknown reason";
	return rule_codes[code].message;
}

int rule_code_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < RULE__COUNT; i++) {
		if (strcmp(rule_codes[i].name, name) == 0)
			return i;
	}
	return -1;
}

static const char *const room_kinds[ROOM__COUNT] = {
        [ROOM_GROUP] = "group",
        [ROOM_MEETING] = "meeting",
        [ROOM_TRAINING] = "training",
        [ROOM_WORKSHOP] = "workshop",
};

const char *room_kind_name(room_kind kind)
{
	if ((int)kind < 0 || kind >= ROOM__COUNT)
		return "unknown";
	return room_kinds[kind];
}

int room_kind_parse(const char *name, room_kind *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < ROOM__COUNT; i++) {
		if (strcmp(room_kinds[i], name) == 0) {
			*out = (room_kind)i;
			return 0;
		}
	}
	return -1;
}

bool room_kind_public(room_kind kind)
{
	return kind == ROOM_GROUP || kind == ROOM_MEETING ||
	       kind == ROOM_WORKSHOP;
}

void rules_defaults(porte_rules *r)
{
	r->checkin_before = 10;
	r->release_after = 15;
	r->granularity = 30;
	r->min_duration = 30;
	r->max_duration = 120;
	r->daily_quota = 120;
	r->monthly_quota = 240;
	r->too_far_ahead = 31;
	r->confirm_within = 120;
	r->checkin_code = false;
	r->walk_in = true;
}

/* How a setting's value is written. */
enum setting_type {
	SETTING_MINUTES,
	SETTING_DAYS,
	SETTING_BOOL,
};

struct setting {
	const char *name;
	enum setting_type type;
	size_t offset; /* of the int or bool in porte_rules */
	int min, max;  /* allowed range, numbers only */
};

static const struct setting settings[] = {
        {"checkin_before", SETTING_MINUTES,
         offsetof(porte_rules, checkin_before), 0, 120},
        {"release_after", SETTING_MINUTES, offsetof(porte_rules, release_after),
         1, 120},
        {"granularity", SETTING_MINUTES, offsetof(porte_rules, granularity), 5,
         240},
        {"min_duration", SETTING_MINUTES, offsetof(porte_rules, min_duration),
         1, MINUTES_PER_DAY},
        {"max_duration", SETTING_MINUTES, offsetof(porte_rules, max_duration),
         0, MINUTES_PER_DAY},
        {"daily_quota", SETTING_MINUTES, offsetof(porte_rules, daily_quota), 0,
         MINUTES_PER_MONTH},
        {"monthly_quota", SETTING_MINUTES, offsetof(porte_rules, monthly_quota),
         0, MINUTES_PER_MONTH},
        {"too_far_ahead", SETTING_DAYS, offsetof(porte_rules, too_far_ahead), 0,
         366},
        {"confirm_within", SETTING_MINUTES,
         offsetof(porte_rules, confirm_within), 5, 7 * MINUTES_PER_DAY},
        {"checkin_code", SETTING_BOOL, offsetof(porte_rules, checkin_code), 0,
         1},
        {"walk_in", SETTING_BOOL, offsetof(porte_rules, walk_in), 0, 1},
};

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static const char *const setting_names[NSETTINGS + 1] = {
        "checkin_before", "release_after", "granularity",   "min_duration",
        "max_duration",   "daily_quota",   "monthly_quota", "too_far_ahead",
        "confirm_within", "checkin_code",  "walk_in",       NULL,
};

const char *const *rules_names(void)
{
	return setting_names;
}

static const struct setting *setting_find(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < NSETTINGS; i++) {
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	}
	return NULL;
}

static int *setting_int(porte_rules *r, const struct setting *s)
{
	return (int *)(void *)((char *)r + s->offset);
}

static const int *setting_cint(const porte_rules *r, const struct setting *s)
{
	return (const int *)(const void *)((const char *)r + s->offset);
}

static bool *setting_bool(porte_rules *r, const struct setting *s)
{
	return (bool *)(void *)((char *)r + s->offset);
}

static const bool *setting_cbool(const porte_rules *r, const struct setting *s)
{
	return (const bool *)(const void *)((const char *)r + s->offset);
}

/* Sets *CAUSE (when not NULL) to a malloc'd copy of the formatted text. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
set_cause(char **cause, const char *fmt, ...)
{
	char buf[CAUSE_MAX];
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	*cause = strdup(buf);
}

/*
 * Copies VALUE into OUT for quoting in a reason: at most QUOTE_MAX bytes,
 * unprintable bytes shown as '?', "..." when cut.
 */
static void quote_value(const char *value, char out[QUOTE_MAX + 4])
{
	size_t i;

	if (value == NULL) {
		snprintf(out, QUOTE_MAX + 4, "(null)");
		return;
	}
	for (i = 0; i < QUOTE_MAX && value[i] != '\0'; i++) {
		unsigned char c = (unsigned char)value[i];

		out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (value[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

/*
 * Reads one or more ASCII digits at *P into *N, capped at NUMBER_CAP
 * (anything larger reads as NUMBER_CAP). Advances *P past the digits and
 * returns their count (0: no digit there).
 */
static int read_digits(const char **p, long *n)
{
	const char *s = *p;
	long v = 0;
	int count = 0;

	while (*s >= '0' && *s <= '9') {
		if (v < NUMBER_CAP)
			v = v * 10 + (*s - '0');
		if (v > NUMBER_CAP)
			v = NUMBER_CAP;
		s++;
		count++;
	}
	*p = s;
	*n = v;
	return count;
}

/*
 * Parses a duration in minutes: "90", "90m", "2h", "1h30", "1h30m" (the
 * minutes after 'h' are two digits, 00..59). Returns 0 with *OUT (capped
 * at NUMBER_CAP), or -1.
 */
static int parse_minutes(const char *s, long *out)
{
	const char *p = s;
	long n, m;

	if (read_digits(&p, &n) == 0)
		return -1;
	if (*p == '\0' || (p[0] == 'm' && p[1] == '\0')) {
		*out = n;
		return 0;
	}
	if (*p != 'h')
		return -1;
	p++;
	n = n >= NUMBER_CAP / 60 ? NUMBER_CAP : n * 60;
	if (*p == '\0') {
		*out = n;
		return 0;
	}
	if (read_digits(&p, &m) != 2 || m > 59)
		return -1;
	if (*p == 'm')
		p++;
	if (*p != '\0')
		return -1;
	*out = n + m > NUMBER_CAP ? NUMBER_CAP : n + m;
	return 0;
}

/* Parses a number of days: "31" or "31d". Returns 0 with *OUT, or -1. */
static int parse_days(const char *s, long *out)
{
	const char *p = s;
	long n;

	if (read_digits(&p, &n) == 0)
		return -1;
	if (*p == 'd')
		p++;
	if (*p != '\0')
		return -1;
	*out = n;
	return 0;
}

/* Parses on/off, true/false, yes/no, 1/0. Returns 0 with *OUT, or -1. */
static int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"on", "true", "yes", "1"};
	static const char *const no[] = {"off", "false", "no", "0"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static const char *unit_name(const struct setting *s)
{
	return s->type == SETTING_DAYS ? "days" : "minutes";
}

/* Checks a number against S's range (and the grid for granularity). */
static int check_number(const struct setting *s, long n, const char *shown,
                        char **cause)
{
	if (n < s->min || n > s->max) {
		set_cause(cause, "%s: \"%s\" is out of range (%d..%d %s)",
		          s->name, shown, s->min, s->max, unit_name(s));
		return -1;
	}
	if (strcmp(s->name, "granularity") == 0 && MINUTES_PER_DAY % n != 0) {
		set_cause(cause,
		          "%s: \"%s\" does not divide a day (1440 minutes)",
		          s->name, shown);
		return -1;
	}
	return 0;
}

int rules_set(porte_rules *r, const char *name, const char *value, char **cause)
{
	const struct setting *s = setting_find(name);
	char shown[QUOTE_MAX + 4];
	long n = 0;
	bool b = false;
	int rc = -1;

	quote_value(value, shown);
	if (s == NULL) {
		char shown_name[QUOTE_MAX + 4];

		quote_value(name, shown_name);
		set_cause(cause, "unknown setting \"%s\"", shown_name);
		goto out;
	}
	if (value == NULL) {
		set_cause(cause, "%s: no value", s->name);
		goto out;
	}
	switch (s->type) {
	case SETTING_BOOL:
		if (parse_bool(value, &b) != 0) {
			set_cause(cause,
			          "%s: \"%s\" is not on/off, true/false, "
			          "yes/no or 1/0",
			          s->name, shown);
			goto out;
		}
		*setting_bool(r, s) = b;
		break;
	case SETTING_DAYS:
		if (parse_days(value, &n) != 0) {
			set_cause(cause,
			          "%s: \"%s\" is not a number of days "
			          "(\"31\" or \"31d\")",
			          s->name, shown);
			goto out;
		}
		if (check_number(s, n, shown, cause) != 0)
			goto out;
		*setting_int(r, s) = (int)n;
		break;
	case SETTING_MINUTES:
		if (parse_minutes(value, &n) != 0) {
			set_cause(cause,
			          "%s: \"%s\" is not a duration (\"90\", "
			          "\"90m\", \"2h\" or \"1h30\")",
			          s->name, shown);
			goto out;
		}
		if (check_number(s, n, shown, cause) != 0)
			goto out;
		*setting_int(r, s) = (int)n;
		break;
	}
	rc = 0;
out:
	return rc;
}

int rules_validate(const porte_rules *r, char **cause)
{
	for (size_t i = 0; i < NSETTINGS; i++) {
		const struct setting *s = &settings[i];
		int n;

		if (s->type == SETTING_BOOL)
			continue;
		n = *setting_cint(r, s);
		if (n < s->min || n > s->max) {
			set_cause(cause, "%s: %d is out of range (%d..%d %s)",
			          s->name, n, s->min, s->max, unit_name(s));
			return -1;
		}
	}
	if (MINUTES_PER_DAY % r->granularity != 0) {
		set_cause(cause,
		          "granularity: %d does not divide a day (1440 "
		          "minutes)",
		          r->granularity);
		return -1;
	}
	if (r->min_duration % r->granularity != 0) {
		set_cause(cause,
		          "min_duration: %d is not a multiple of the "
		          "granularity (%d)",
		          r->min_duration, r->granularity);
		return -1;
	}
	if (r->max_duration % r->granularity != 0) {
		set_cause(cause,
		          "max_duration: %d is not a multiple of the "
		          "granularity (%d)",
		          r->max_duration, r->granularity);
		return -1;
	}
	if (r->min_duration > r->max_duration) {
		set_cause(cause,
		          "min_duration: %d is longer than max_duration (%d)",
		          r->min_duration, r->max_duration);
		return -1;
	}
	/* A quota of 0 means no limit (see policy.h). */
	if (r->monthly_quota != 0 && r->daily_quota > r->monthly_quota) {
		set_cause(cause,
		          "daily_quota: %d is more than monthly_quota (%d)",
		          r->daily_quota, r->monthly_quota);
		return -1;
	}
	return 0;
}

int rules_get(const porte_rules *r, const char *name, char *buf, int len)
{
	const struct setting *s = setting_find(name);
	int n;

	if (s == NULL || buf == NULL || len <= 0)
		return -1;
	if (s->type == SETTING_BOOL)
		n = snprintf(buf, (size_t)len, "%s",
		             *setting_cbool(r, s) ? "on" : "off");
	else
		n = snprintf(buf, (size_t)len, "%d", *setting_cint(r, s));
	if (n < 0 || n >= len)
		return -1;
	return 0;
}

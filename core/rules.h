/*
 * rules.h - the booking rules' vocabulary: rule codes, room kinds, and the
 * per-site / per-room settings with the defaults of the field documents.
 *
 * Settings are layered: rules_defaults(), then the site's settings, then the
 * room's, each applied with rules_set() by name.
 */
#ifndef PORTE_RULES_H
#define PORTE_RULES_H

#include <stdbool.h>

/*
 * Why an operation was refused. RULE_OK is not a refusal. The name of each
 * code (rule_code_name) is the stable string the API and the CLI use.
 */
typedef enum rule_code {
	RULE_OK = 0,
	RULE_GRANULARITY,   /* "granularity": not on the slot grid */
	RULE_MIN_DURATION,  /* "min_duration" */
	RULE_MAX_DURATION,  /* "max_duration" */
	RULE_DAILY_QUOTA,   /* "daily_quota": per patron per local day */
	RULE_MONTHLY_QUOTA, /* "monthly_quota": per local month */
	RULE_TOO_FAR_AHEAD, /* "too_far_ahead" */
	RULE_IN_THE_PAST,   /* "in_the_past" */
	RULE_OUTSIDE_OPENING_HOURS, /* "outside_opening_hours" */
	RULE_CLOSED_DAY,            /* "closed_day": closure or no hours */
	RULE_EMAIL_DOMAIN,          /* "email_domain": not an allowed domain */
	RULE_INVALID_EMAIL,         /* "invalid_email" */
	RULE_OVERLAP,               /* "overlap": the room is taken */
	RULE_INTERNAL_ROOM,         /* "internal_room": training, staff only */
	RULE_CAPACITY_FULL,         /* "capacity_full": workshop slot full */
	RULE_INVALID_TIME,          /* "invalid_time": end <= start, no such
				       local time, ambiguous local time */
	RULE_CHECKIN_WINDOW,        /* "checkin_window": not open yet/closed */
	RULE_NOT_CONFIRMED,         /* "not_confirmed": still pending */
	RULE_CONFIRM_EXPIRED,       /* "confirm_expired": 2 h have passed */
	RULE_SLOT_REBOOKED,         /* "slot_rebooked": late check-in lost */
	RULE_REASON_REQUIRED,       /* "reason_required": removal needs one */
	RULE_NOT_ALLOWED,           /* "not_allowed": this actor may not */
	RULE_BAD_STATE,             /* "bad_state": not from this state */
	RULE_WALK_IN_DISABLED,      /* "walk_in_disabled" */
	RULE__COUNT
} rule_code;

/* The code's stable name ("granularity"), or "unknown". Static string. */
const char *rule_code_name(rule_code code);

/* A short English sentence for people. Static string. */
const char *rule_code_message(rule_code code);

/* The code named NAME, or -1. */
int rule_code_parse(const char *name);

typedef enum room_kind {
	ROOM_GROUP = 0, /* "group": group study, public */
	ROOM_MEETING,   /* "meeting": public */
	ROOM_TRAINING,  /* "training": internal only, no walk-in, referents */
	ROOM_WORKSHOP,  /* "workshop": equipment/workshop, capacity N */
	ROOM__COUNT
} room_kind;

/* "group", "meeting", "training", "workshop"; static string. */
const char *room_kind_name(room_kind kind);

/* Parses a kind name into *OUT. Returns 0, or -1 (nothing written). */
int room_kind_parse(const char *name, room_kind *out);

/* True when patrons may book KIND themselves (all but training). */
bool room_kind_public(room_kind kind);

/* Durations are in minutes, distances ahead in days. */
typedef struct porte_rules {
	int checkin_before; /* "checkin_before": window opens, default 10 */
	int release_after;  /* "release_after": auto-release, default 15 */
	int granularity;    /* "granularity": slot grid, default 30 */
	int min_duration;   /* "min_duration": default 30 */
	int max_duration;   /* "max_duration": default 120 */
	int daily_quota;   /* "daily_quota": per patron, default 120; 0: none */
	int monthly_quota; /* "monthly_quota": per patron, default 240; 0: none */
	int too_far_ahead;  /* "too_far_ahead": days, default 31 */
	int confirm_within; /* "confirm_within": e-mail confirm, default 120 */
	bool checkin_code;  /* "checkin_code": door asks the 4-digit code */
	bool walk_in;       /* "walk_in": book now at the door, default on */
} porte_rules;

/* Fills *R with the defaults of DESIGN §2. */
void rules_defaults(porte_rules *r);

/*
 * Sets the setting NAME (the quoted names above) from VALUE. Durations take
 * minutes as "90", "90m" or "1h30"/"2h"; too_far_ahead takes days ("31" or
 * "31d"); checkin_code and walk_in take on/off, true/false, yes/no, 1/0.
 * Returns 0, or -1 with *R unchanged and a malloc'd reason in *CAUSE (the
 * caller frees; CAUSE may be NULL): unknown name, bad value, out of range.
 */
int rules_set(porte_rules *r, const char *name, const char *value,
              char **cause);

/*
 * Checks that the settings make sense together: granularity divides 1440,
 * min_duration and max_duration are multiples of it with min <= max, and so
 * on. Returns 0, or -1 with a malloc'd reason in *CAUSE.
 */
int rules_validate(const porte_rules *r, char **cause);

/* The setting names, NULL-terminated, for listings. Static. */
const char *const *rules_names(void);

/*
 * Writes setting NAME of R as text into BUF ("30", "on"). Returns 0, or -1
 * for an unknown name.
 */
int rules_get(const porte_rules *r, const char *name, char *buf, int len);

#endif

/*
 * wire.h - the JSON wire format of API v1, shared by porte-server (which
 * builds it and checks what it receives) and the kiosk (which parses what
 * the server sends and builds its outbox).
 *
 * Two halves:
 * - validation helpers for request objects: allowed fields, typed getters
 *   that name the field in their message ("field 'start': expected an RFC
 *   3339 time like 2026-11-23T09:30:00Z"), ready for a 400 reply;
 * - the wire structs (room, booking, schedule, outbox event, event result,
 *   error, statistics) and their JSON both ways.
 *
 * Every parser is strict: unknown fields, wrong types, values out of range,
 * strings too long, invalid UTF-8, control characters and arrays past their
 * cap are refused with a message, never trusted. Nothing here aborts on bad
 * input. Only jansson is used.
 *
 * Conventions: a function that reports a reason takes CHAR **CAUSE and on
 * failure stores there a malloc'd sentence (the caller frees it; CAUSE may
 * be NULL). Builders return a new jansson reference, or NULL when out of
 * memory. Times are porte_time instants written as "2026-11-23T09:30:00Z";
 * a time of 0 means "none" and is left out of the JSON.
 *
 * A route reading POST /api/v1/bookings:
 *
 *	static const char *const fields[] = {"room", "start", "end",
 *	                                     "title", "email", NULL};
 *	const char *room = NULL, *title = "", *email = NULL;
 *	porte_time start = 0, end = 0;
 *	char *cause = NULL;
 *
 *	if (wire_check_fields(body, fields, &cause) ||
 *	    wire_get_id(body, "room", WIRE_REQUIRED, &room, &cause) ||
 *	    wire_get_time(body, "start", WIRE_REQUIRED, &start, &cause) ||
 *	    wire_get_time(body, "end", WIRE_REQUIRED, &end, &cause) ||
 *	    wire_get_string(body, "title", 0, WIRE_TITLE_MAX, &title,
 *	                    &cause) ||
 *	    wire_get_email(body, "email", 0, &email, &cause)) {
 *		http_reply_error(req, 400, "bad_request", cause);
 *		...
 */
#ifndef PORTE_WIRE_H
#define PORTE_WIRE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "booking.h"
#include "caltime.h"
#include "rules.h"
#include "stats.h"
#include "strbuf.h"

/* ---- limits ------------------------------------------------------------ */

#define WIRE_BODY_MAX (64 * 1024)        /* a request body */
#define WIRE_REPLY_MAX (4 * 1024 * 1024) /* a reply the kiosk will read */
#define WIRE_ID_MAX 64                   /* room id: [A-Za-z0-9._-], bytes */
#define WIRE_NAME_MAX 200                /* room and site names */
#define WIRE_TZ_MAX 64                   /* IANA zone name */
#define WIRE_TITLE_MAX 200               /* a booking's title */
#define WIRE_BOOKER_MAX 64               /* a masked booker name */
#define WIRE_ETAG_MAX 128                /* an entity tag, quotes excluded */
#define WIRE_TEXT_MAX 500                /* a site message */
#define WIRE_REASON_MAX 500              /* a staff removal's reason */
#define WIRE_TOKEN_MAX 256               /* a bearer token or staff reference */
#define WIRE_CODE_MAX 64                 /* an error or rule code */
#define WIRE_MESSAGE_MAX 1000            /* an error message */
#define WIRE_EMAIL_MAX 254
#define WIRE_MAX_SPANS 8        /* open spans in a day */
#define WIRE_MAX_MESSAGES 16    /* site messages in a schedule */
#define WIRE_MAX_BOOKINGS 1000  /* bookings in a schedule */
#define WIRE_MAX_ROOMS 2000     /* rooms in a room list */
#define WIRE_MAX_EVENTS 500     /* outbox events in one request */
#define WIRE_UUID_LEN 37        /* "123e4567-e89b-12d3-a456-426614174000" */
#define WIRE_CHECKIN_CODE_LEN 5 /* "1234" */

/* ---- loading and text checks ------------------------------------------- */

/*
 * Decodes LEN bytes of BUF as one JSON object or array, strictly: at most
 * MAX bytes, valid UTF-8, no "\u0000" in strings, no duplicate keys, nothing
 * after the value. Returns a new reference, or NULL with a reason in *CAUSE
 * ("malformed JSON at line 1, column 9: ...", "body is not valid UTF-8",
 * "body is larger than 65536 bytes").
 */
json_t *wire_load(const void *buf, size_t len, size_t max, char **cause);

/* True when LEN bytes of S are valid UTF-8 (no overlong forms, surrogates
 * or code points past U+10FFFF). NUL bytes count as valid here. */
bool wire_utf8_valid(const char *s, size_t len);

/* Flags of the getters and of wire_check_text. */
enum {
	WIRE_OPTIONAL = 0,      /* absent (or null): 0, *OUT untouched */
	WIRE_REQUIRED = 1 << 0, /* absent or null: an error */
	WIRE_NONEMPTY = 1 << 1, /* strings: "" is an error */
	WIRE_NEWLINES = 1 << 2  /* strings: '\n' is allowed */
};

/*
 * Checks that S, the value of FIELD, is a string fit to store: valid UTF-8,
 * at most MAX bytes, no control characters (C0, DEL, C1; '\n' too unless
 * WIRE_NEWLINES), not empty when WIRE_NONEMPTY. For query and form values.
 * Returns 0, or -1 with a reason naming FIELD.
 */
int wire_check_text(const char *field, const char *s, size_t max,
                    unsigned flags, char **cause);

/* True when S is a room id: 1 to WIRE_ID_MAX bytes of [A-Za-z0-9._-], not
 * starting with '.'. */
bool wire_id_valid(const char *s);

/* True when S is a plain IANA zone name (as tz_load accepts): 1 to
 * WIRE_TZ_MAX bytes of [A-Za-z0-9/_+-], no leading '/', no "..". */
bool wire_tz_valid(const char *s);

/* True when S is an entity tag's inside: 1 to WIRE_ETAG_MAX bytes of
 * printable ASCII but '"' and space. */
bool wire_etag_valid(const char *s);

/*
 * Parses S, the text value of FIELD (a query or form parameter): a decimal
 * integer in [MIN, MAX]; an RFC 3339 time; a local date; a UUID (written
 * lower-case into OUT). Each returns 0, or -1 with a reason naming FIELD
 * and *OUT untouched.
 */
int wire_parse_int(const char *field, const char *s, int64_t min, int64_t max,
                   int64_t *out, char **cause);
int wire_parse_time(const char *field, const char *s, porte_time *out,
                    char **cause);
int wire_parse_date(const char *field, const char *s, cal_date *out,
                    char **cause);
int wire_parse_uuid(const char *field, const char *s, char out[WIRE_UUID_LEN],
                    char **cause);

/*
 * Writes a masked form of NAME, a person's name or e-mail address, into OUT
 * (SIZE bytes, at least 8): the initials of its first two words, each
 * followed by a dot ("Jean Dupont" -> "J. D.", "marie.curie@x.org" ->
 * "M. C."). "" for an empty or unusable NAME.
 */
void wire_mask_name(const char *name, char *out, size_t size);

/* ---- request objects: allowed fields and typed getters ---------------- */

/*
 * Checks that J is an object whose keys are all in ALLOWED (a NULL-ended
 * list). Returns 0, or -1 with "expected a JSON object" or "unknown field
 * 'colour'".
 */
int wire_check_fields(const json_t *j, const char *const *allowed,
                      char **cause);

/*
 * Typed getters of field FIELD of object OBJ. Absent or null: 0 with *OUT
 * untouched when FLAGS lacks WIRE_REQUIRED, else -1 ("field 'room' is
 * required"). Present: *OUT set and 0, or -1 with a reason naming FIELD and
 * *OUT untouched. Strings are borrowed from OBJ (valid while OBJ lives).
 */
/* A string: valid UTF-8, at most MAX bytes, no control characters. */
int wire_get_string(const json_t *obj, const char *field, unsigned flags,
                    size_t max, const char **out, char **cause);
/* A JSON integer (not a real) in [MIN, MAX]. */
int wire_get_int(const json_t *obj, const char *field, unsigned flags,
                 int64_t min, int64_t max, int64_t *out, char **cause);
/* true or false. */
int wire_get_bool(const json_t *obj, const char *field, unsigned flags,
                  bool *out, char **cause);
/* An RFC 3339 time string. */
int wire_get_time(const json_t *obj, const char *field, unsigned flags,
                  porte_time *out, char **cause);
/* A local date "YYYY-MM-DD". */
int wire_get_date(const json_t *obj, const char *field, unsigned flags,
                  cal_date *out, char **cause);
/* A UUID, any case; written lower-case into OUT. */
int wire_get_uuid(const json_t *obj, const char *field, unsigned flags,
                  char out[WIRE_UUID_LEN], char **cause);
/* An e-mail address (policy_email_valid). */
int wire_get_email(const json_t *obj, const char *field, unsigned flags,
                   const char **out, char **cause);
/* A room id (wire_id_valid). */
int wire_get_id(const json_t *obj, const char *field, unsigned flags,
                const char **out, char **cause);
/* One of NAMES (NULL-ended); *OUT is its index. */
int wire_get_enum(const json_t *obj, const char *field, unsigned flags,
                  const char *const *names, int *out, char **cause);

/* ---- errors ------------------------------------------------------------ */

/* {"error":{"code":CODE,"message":MESSAGE}}. */
json_t *wire_error_json(const char *code, const char *message);

/* Reads an error object into CODE and MESSAGE. Returns 0, or -1. */
int wire_error_parse(const json_t *j, char code[WIRE_CODE_MAX + 1],
                     char message[WIRE_MESSAGE_MAX + 1], char **cause);

/* ---- rooms ------------------------------------------------------------- */

typedef struct wire_room {
	char id[WIRE_ID_MAX + 1];
	char name[WIRE_NAME_MAX + 1];
	char site[WIRE_NAME_MAX + 1];
	char tz[WIRE_TZ_MAX + 1]; /* the site's zone */
	room_kind kind;
	int capacity; /* 1, or bookers per slot for a workshop */
	porte_rules rules;
} wire_room;

/* The rules as {"checkin_before":10,...,"walk_in":true}, every setting. */
json_t *wire_rules_json(const porte_rules *r);

/* Reads every setting (all required, typed, in range, and coherent as
 * rules_validate says) into *OUT. */
int wire_rules_parse(const json_t *j, porte_rules *out, char **cause);

/* {"id","name","site","tz","kind","capacity","rules"}. */
json_t *wire_room_json(const wire_room *r);
int wire_room_parse(const json_t *j, wire_room *out, char **cause);

/* {"rooms":[...]}. */
json_t *wire_rooms_json(const wire_room *rooms, size_t n);

/* Reads {"rooms":[...]} (at most WIRE_MAX_ROOMS) into a new array *OUT of
 * *N rooms (the caller frees it with free()). */
int wire_rooms_parse(const json_t *j, wire_room **out, size_t *n, char **cause);

/* ---- bookings and the schedule ---------------------------------------- */

/* A booking as a door display or an anonymous caller sees it: no e-mail,
 * no token, the booker's name masked. */
typedef struct wire_booking {
	int64_t id; /* >= 1 */
	porte_time start;
	porte_time end;
	booking_status status;
	char title[WIRE_TITLE_MAX + 1];   /* "" when none */
	char booker[WIRE_BOOKER_MAX + 1]; /* masked, "" when none */
	porte_time checked_in_at;         /* 0 when not checked in */
	porte_time checkin_opens;         /* start - checkin_before */
	porte_time release_at;            /* start + release_after */
	bool pending_sync; /* kiosk only: a local change not yet delivered */
} wire_booking;

json_t *wire_booking_json(const wire_booking *b);
int wire_booking_parse(const json_t *j, wire_booking *out, char **cause);

/*
 * Fills *OUT with booking B (id ID) of a room with rules R, as a door
 * sees it: its times and status, the check-in window's opening and the
 * release deadline from R; TITLE copied and BOOKER (a name or an e-mail)
 * masked, both cut on a character boundary to fit (either may be NULL).
 */
void wire_booking_from(wire_booking *out, int64_t id, const booking *b,
                       const porte_rules *r, const char *title,
                       const char *booker);

typedef struct wire_span {
	porte_time start;
	porte_time end;
} wire_span;

/* A site message (closure, strike, event) shown as a banner in [from, to). */
typedef struct wire_message {
	porte_time from;
	porte_time to;
	char text[WIRE_TEXT_MAX + 1];
} wire_message;

/* GET /api/v1/rooms/{room}/schedule?date=... */
typedef struct wire_schedule {
	char room[WIRE_ID_MAX + 1];
	cal_date date; /* local date of the site */
	char tz[WIRE_TZ_MAX + 1];
	char etag[WIRE_ETAG_MAX + 1];
	size_t nopen; /* open spans, sorted, disjoint; 0: closed */
	wire_span open[WIRE_MAX_SPANS];
	size_t nmessages;
	wire_message messages[WIRE_MAX_MESSAGES];
	size_t nbookings;
	wire_booking *bookings; /* malloc'd; wire_schedule_free frees */
	size_t bookings_cap;    /* private: room in BOOKINGS */
} wire_schedule;

/* Makes *S empty (no bookings). */
void wire_schedule_init(wire_schedule *s);

/* Frees the bookings of *S; *S is then empty. */
void wire_schedule_free(wire_schedule *s);

/*
 * Appends a copy of *B to S's bookings. Returns 0, or -1 when out of memory
 * or at WIRE_MAX_BOOKINGS.
 */
int wire_schedule_add(wire_schedule *s, const wire_booking *b);

/* {"room","date","tz","etag","open":[{"start","end"}],
 *  "messages":[{"from","to","text"}],"bookings":[...]}. */
json_t *wire_schedule_json(const wire_schedule *s);

/* Reads a schedule into *OUT (wire_schedule_init'ed or freed before; on
 * failure *OUT is left empty). Checks every field and every type. */
int wire_schedule_parse(const json_t *j, wire_schedule *out, char **cause);

/* ---- the kiosk's outbox: events and their results --------------------- */

typedef enum wire_event_type {
	WIRE_EV_CHECKIN = 0,  /* "checkin": booking, optional code */
	WIRE_EV_WALK_IN,      /* "walk_in": start, end; no booking */
	WIRE_EV_END,          /* "end": booking */
	WIRE_EV_EXTEND,       /* "extend": booking, new_end */
	WIRE_EV_STAFF_REMOVE, /* "staff_remove": booking, reason, staff */
	WIRE_EV_RELEASE,      /* "release": booking */
	WIRE_EV_CANCEL,       /* "cancel": booking */
	WIRE_EV__COUNT
} wire_event_type;

/* The type's name ("walk_in"), or "unknown". Static string. */
const char *wire_event_type_name(wire_event_type t);

/* Parses a type name into *OUT. Returns 0, or -1. */
int wire_event_type_parse(const char *name, wire_event_type *out);

/* One action taken at the door, delivered once (by its key) when the server
 * is reachable. */
typedef struct wire_event {
	char key[WIRE_UUID_LEN]; /* idempotency key, lower-case UUID */
	wire_event_type type;
	int64_t booking;                  /* the booking's id; 0 for walk_in */
	porte_time at;                    /* when it happened at the door */
	porte_time start;                 /* walk_in */
	porte_time end;                   /* walk_in */
	porte_time new_end;               /* extend */
	char reason[WIRE_REASON_MAX + 1]; /* staff_remove; else "" */
	char staff[WIRE_TOKEN_MAX + 1];   /* staff session token or id; "" */
	char code[WIRE_CHECKIN_CODE_LEN]; /* checkin: the booking's 4-digit
					     code when the room asks; "" */
	/* Set by wire_events_parse for an event that has a valid key but is
	 * otherwise bad: the server refuses it alone ("bad_request", ERROR)
	 * and applies the others. */
	bool bad;
	char error[WIRE_MESSAGE_MAX + 1];
} wire_event;

/* One event as {"key","type","booking","at",...}: the fields its type uses
 * and no other. */
json_t *wire_event_json(const wire_event *e);

/* Reads and checks one event (unknown fields, fields its type does not use
 * and missing ones are errors). */
int wire_event_parse(const json_t *j, wire_event *out, char **cause);

/* {"events":[...]}. */
json_t *wire_events_json(const wire_event *events, size_t n);

/*
 * Reads POST /api/v1/events: {"events":[...]} or a bare array, at most
 * WIRE_MAX_EVENTS events. Returns 0 with a new array *OUT of *N events (the
 * caller frees it with free()); an event that is bad but has a valid key is
 * kept with BAD and ERROR set, so that one bad event never blocks the
 * others. Returns -1 with a reason when the list itself is wrong: not a
 * list, too long, an element that is not an object or has no valid "key".
 */
int wire_events_parse(const json_t *j, wire_event **out, size_t *n,
                      char **cause);

/* The server's answer to one event. */
typedef struct wire_event_result {
	char key[WIRE_UUID_LEN];
	bool applied;                       /* "applied", else "refused" */
	char code[WIRE_CODE_MAX + 1];       /* refused: a rule code, or
					      "bad_request", "not_found" */
	char message[WIRE_MESSAGE_MAX + 1]; /* refused: for people */
	bool has_booking;                   /* the booking as it is now */
	wire_booking booking;
} wire_event_result;

/* {"key","status","code","message","booking"}; code and message only when
 * refused, booking only when HAS_BOOKING. */
json_t *wire_result_json(const wire_event_result *r);
int wire_result_parse(const json_t *j, wire_event_result *out, char **cause);

/* {"results":[...]}. */
json_t *wire_results_json(const wire_event_result *results, size_t n);

/* Reads {"results":[...]} (at most WIRE_MAX_EVENTS) into a new array *OUT
 * of *N results (the caller frees it with free()). */
int wire_results_parse(const json_t *j, wire_event_result **out, size_t *n,
                       char **cause);

/* ---- statistics -------------------------------------------------------- */

/* The figures as {"bookings":...,"checkin_rate":0.75,...,"reclaimed_s":...}:
 * every field of stats_figures under its own name. */
json_t *wire_figures_json(const stats_figures *f);
int wire_figures_parse(const json_t *j, stats_figures *out, char **cause);

/* Names a room for the statistics (a name, or NULL to print the id). */
typedef const char *(*wire_room_label)(int64_t room_id, void *arg);

/*
 * The whole of a finished stats S:
 * {"total":{figures},
 *  "rooms":[{"room_id":3,"room":"Salle 3",figures...}],
 *  "weeks":[{"monday":"2026-11-23",figures...}],
 *  "hours":{"booked":[[24 seconds] x 7 weekdays, Monday first],
 *           "occupied":[...]}}.
 * LABEL may be NULL.
 */
json_t *wire_stats_json(const stats *s, wire_room_label label, void *arg);

/*
 * CSV (RFC 4180, header line first) of a finished stats S into OUT:
 * scope,key,bookings,due,...,reclaimed_s with one row "total", one per
 * room (key: its label or id) and one per week (key: its Monday). Text
 * cells that a spreadsheet would read as a formula are quoted with a
 * leading '. Returns 0, or -1 when OUT fails (too big, out of memory).
 */
int wire_stats_csv(const stats *s, wire_room_label label, void *arg,
                   strbuf *out);

/* CSV of the weekday x hour grid: weekday,hour,booked_s,occupied_s, one
 * row per weekday (mon..sun) and hour. Returns 0, or -1 as above. */
int wire_stats_hours_csv(const stats *s, strbuf *out);

#endif

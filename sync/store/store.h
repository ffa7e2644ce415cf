/*
 * store.h - the server's storage: one SQLite file (WAL) with the sites,
 * rooms, rules, staff, devices, bookings and the event log of every change.
 *
 * A porte_store is shared by every thread of the server: each thread gets
 * its own SQLite connection on first use (closed when the thread exits or
 * at store_close). Every operation is one transaction; writes take the
 * write lock first (BEGIN IMMEDIATE), so a check and the insert it allows
 * can never interleave with another writer's: two bookings of one room
 * never overlap, however many requests race.
 *
 * Time is always a parameter (NOW): nothing here reads the clock.
 *
 * Every function returns a store_status. On anything but STORE_OK,
 * store_errmsg() gives a sentence for people, for the calling thread.
 * Booking operations refused by a rule return STORE_REFUSED with the rule's
 * code in the result.
 *
 * Secrets (device, session and booker tokens, enrolment codes) are random
 * from libsodium and stored only as BLAKE2b hashes; passwords and PINs as
 * argon2id strings (crypto_pwhash_str). Setting the environment variable
 * PORTE_FAST_HASH=1 when the store is opened selects libsodium's minimum
 * argon2id cost: for test suites only, never in production.
 */
#ifndef PORTE_STORE_H
#define PORTE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "booking.h"
#include "caltime.h"
#include "hours.h"
#include "policy.h"
#include "rules.h"
#include "stats.h"
#include "tz.h"

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 2

/* Limits on text inputs, in bytes without the terminator. Every text is
 * checked as UTF-8 and refused with STORE_INVALID when too long. */
#define STORE_SLUG_MAX 64      /* site and room ids: [a-z0-9-], 1..64 */
#define STORE_NAME_MAX 100     /* names of sites, rooms, staff, devices */
#define STORE_TITLE_MAX 200    /* a booking's title */
#define STORE_EMAIL_MAX 254    /* any e-mail address */
#define STORE_TEXT_MAX 500     /* a site message, a reason, a note */
#define STORE_TZ_MAX 64        /* an IANA zone name */
#define STORE_HOURS_MAX 256    /* an opening hours spec */
#define STORE_DOMAINS_MAX 1000 /* allowed domains, comma separated */
#define STORE_MAX_DOMAINS 32   /* ... at most this many */
#define STORE_VERSION_MAX 64   /* a device's software version */
#define STORE_KEY_MAX 64       /* an outbox event key */
#define STORE_PASSWORD_MIN 8   /* staff passwords */
#define STORE_PASSWORD_MAX 128
#define STORE_PIN_MIN 6 /* staff PINs: digits only */
#define STORE_PIN_MAX 12
#define STORE_URL_MAX 200 /* the server's base URL */

/* A token: 32 random bytes as unpadded base64url, and its terminator. */
#define STORE_TOKEN_LEN 44
/* An enrolment code: "ABCD-EFGH-JKMN-PQRS" (80 bits, Crockford base32,
 * read case-insensitively, dashes and spaces ignored) and its terminator. */
#define STORE_CODE_LEN 20
/* A booking's 4-digit check-in code and its terminator. */
#define STORE_CHECKIN_CODE_LEN 5

/* A site message lasts at most a week (the charter's rule). */
#define STORE_MESSAGE_MAX_SPAN (7 * 86400)
/* Enrolment codes are valid this long. */
#define STORE_ENROL_VALID (24 * 3600)
/* Staff sessions: by password (web) and by PIN (at a door). */
#define STORE_SESSION_TTL (12 * 3600)
#define STORE_PIN_SESSION_TTL (15 * 60)
/* PIN lock-out: after STORE_PIN_TRIES wrong PINs in a row from one device,
 * the device is locked out for 1 min, then 2, 4, 8... (at most a day) after
 * each further wrong PIN. A right PIN resets the count. */
#define STORE_PIN_TRIES 5
/* Wrong 4-digit check-in codes accepted per booking before the code stops
 * working (the booker's link still does). */
#define STORE_CODE_TRIES 5

typedef struct porte_store porte_store;

typedef enum store_status {
	STORE_OK = 0,
	STORE_REFUSED,      /* a booking rule refused it: see the rule code */
	STORE_NOT_FOUND,    /* no such site, room, booking, staff... */
	STORE_UNAUTHORIZED, /* no or bad credentials (token, password) */
	STORE_FORBIDDEN,    /* known, but not allowed to do this */
	STORE_CONFLICT,     /* exists already, or used already */
	STORE_INVALID,      /* bad input: too long, not UTF-8, bad format */
	STORE_LOCKED,       /* PIN entry locked out for now */
	STORE_ERROR         /* the database failed (I/O, busy, corrupt) */
} store_status;

/* "ok", "refused", "not_found"...; static string. */
const char *store_status_name(store_status s);

/*
 * The calling thread's reason for its last failed call on ST, a sentence
 * for people (borrowed: valid until the thread's next call on ST).
 */
const char *store_errmsg(porte_store *st);

/* ------------------------------------------------------------------ */
/* Opening                                                             */

#define STORE_OPEN_CREATE 1  /* create the file when it does not exist */
#define STORE_OPEN_MIGRATE 2 /* bring an older schema up to date */

/*
 * Opens the database at PATH: WAL, synchronous=FULL, foreign keys on.
 * With STORE_OPEN_MIGRATE the schema is created or upgraded (each version
 * step in its own transaction); without it a database older than this
 * program is refused. A database newer than this program, or one that is
 * not Porte's, is always refused. A file this call creates is made
 * readable by its owner only. Returns STORE_OK and a new store in *OUT
 * (free with store_close), or an error with a malloc'd reason in *CAUSE
 * (the caller frees; CAUSE may be NULL): STORE_NOT_FOUND for a missing
 * file without STORE_OPEN_CREATE, STORE_INVALID for a schema refused,
 * STORE_ERROR for the rest.
 */
store_status store_open(const char *path, int flags, porte_store **out,
                        char **cause);

/*
 * Closes every connection and frees ST. Call it once no other thread uses
 * ST any more. NULL is accepted.
 */
void store_close(porte_store *st);

/* The schema version of the open database. */
int store_version(porte_store *st);

/*
 * Sets the base URL of the public pages ("https://salles.bu.example.fr"),
 * used in the links of the mails. At most STORE_URL_MAX bytes, http(s)://,
 * no trailing slash needed. Call before sharing ST between threads.
 */
store_status store_set_base_url(porte_store *st, const char *url);

/*
 * Called after each commit that changed what a room's schedule shows
 * (bookings, rules, the site's hours, closures, messages), once per room,
 * with the room's id (borrowed for the call). Runs on the committing
 * thread once the transaction is over, so it may call the store; it
 * should be quick (wake long-polls). Set it before sharing ST between
 * threads; FN NULL removes it.
 */
typedef void (*store_change_fn)(const char *room, void *arg);
void store_set_change_hook(porte_store *st, store_change_fn fn, void *arg);

/* True when S is valid UTF-8 of at most MAX bytes without control
 * characters (but tabs and line breaks when MULTILINE). */
bool store_text_ok(const char *s, size_t max, bool multiline);

/* True when the LEN bytes at S are valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool store_utf8_valid(const char *s, size_t len);

/* True when S is a valid site or room id: 1..STORE_SLUG_MAX bytes of
 * [a-z0-9-], starting with a letter or digit. */
bool store_slug_ok(const char *s);

/* ------------------------------------------------------------------ */
/* Who acts                                                            */

typedef struct store_actor {
	actor_kind kind;
	int64_t id; /* ACTOR_STAFF: staff id; ACTOR_DEVICE: device id;
		       0 for a patron and the system */
} store_actor;

typedef enum store_role {
	ROLE_DESK = 0,   /* "desk": bookings of its site, not training */
	ROLE_ROOM_ADMIN, /* "room_admin": bookings and settings of its site */
	ROLE_FACILITIES, /* "facilities": statistics, devices (read) */
	ROLE_SUPERADMIN, /* "superadmin": everything */
	ROLE__COUNT
} store_role;

/* The role's name; static string. */
const char *store_role_name(store_role r);

/* Parses a role name. Returns 0, or -1 (nothing written). */
int store_role_parse(const char *name, store_role *out);

typedef enum store_perm {
	STORE_PERM_BOOKINGS = 0,  /* add, change, remove a room's bookings */
	STORE_PERM_ROOM_SETTINGS, /* a room's rules */
	STORE_PERM_SITE_SETTINGS, /* a site's hours, closures, messages */
	STORE_PERM_STATS,         /* statistics of a site (or all) */
	STORE_PERM_DEVICES,       /* see the devices of a site */
	STORE_PERM_ADMIN          /* sites, rooms, staff, enrolment */
} store_perm;

/*
 * Whether staff member STAFF_ID may do PERM on ROOM (a room id) or SITE (a
 * site id; ROOM wins when both are given; neither means "everywhere"),
 * as the charter says: desk staff manage the bookings of their site but
 * not training rooms; room admins also the rules, hours and messages of
 * their site (training rooms only as referents); facilities read
 * statistics and devices; super-admins everything. A training room's
 * referents may manage its bookings whatever their role. A disabled
 * account may do nothing. Returns STORE_OK, STORE_FORBIDDEN, or
 * STORE_NOT_FOUND.
 */
store_status store_staff_may(porte_store *st, int64_t staff_id, store_perm perm,
                             const char *site, const char *room);

/* ------------------------------------------------------------------ */
/* Sites, rooms, rules                                                 */

typedef struct store_site {
	int64_t id;
	char slug[STORE_SLUG_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	char tz[STORE_TZ_MAX + 1];
	char hours[STORE_HOURS_MAX + 1];     /* hours_parse_week's spec */
	char domains[STORE_DOMAINS_MAX + 1]; /* "a.fr,b.fr" or "" (any) */
} store_site;

typedef struct store_room {
	int64_t id;
	char slug[STORE_SLUG_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	room_kind kind;
	int capacity;
	char site[STORE_SLUG_MAX + 1];
	char site_name[STORE_NAME_MAX + 1];
	char tz[STORE_TZ_MAX + 1];
	porte_rules rules; /* in force: defaults, then site, then room */
	int64_t counter;   /* the schedule's change counter (ETag) */
} store_room;

/* The site SLUG into *OUT. STORE_NOT_FOUND when there is none. */
store_status store_site_get(porte_store *st, const char *slug, store_site *out);

/* Every site, by slug, in a malloc'd array (*OUT, the caller frees; NULL
 * when there is none) of *N. */
store_status store_site_list(porte_store *st, store_site **out, size_t *n);

/* The room SLUG with its rules in force. STORE_NOT_FOUND when none. */
store_status store_room_get(porte_store *st, const char *slug, store_room *out);

/* The rooms of site SITE (NULL: all), by site then slug, in a malloc'd
 * array the caller frees. */
store_status store_room_list(porte_store *st, const char *site,
                             store_room **out, size_t *n);

/* The room's change counter alone (cheap: for ETags and long-polls). */
store_status store_room_counter(porte_store *st, const char *room,
                                int64_t *counter);

typedef enum store_scope { STORE_SCOPE_SITE = 0, STORE_SCOPE_ROOM } store_scope;

typedef struct store_rule {
	store_scope scope;
	char target[STORE_SLUG_MAX + 1]; /* the site or room id */
	char name[32];
	char value[32];
} store_rule;

/* The settings stored for a site or room (not the defaults), by name, in
 * a malloc'd array. */
store_status store_rule_list(porte_store *st, store_scope scope,
                             const char *target, store_rule **out, size_t *n);

/* ------------------------------------------------------------------ */
/* Administration. WHO names the actor in the audit log ("cli",
 * "staff:12"); every change is logged there, in the same transaction. */

/*
 * Adds a site. HOURS is a weekly spec (hours_parse_week; NULL: closed
 * every day), DOMAINS the allowed e-mail domains, comma separated (NULL or
 * "": any). The zone must load. STORE_CONFLICT when the id exists.
 */
store_status store_site_add(porte_store *st, const char *who, const char *slug,
                            const char *name, const char *tz, const char *hours,
                            const char *domains, porte_time now);

/* Changes a site's name, zone, weekly hours or domains (NULL: unchanged). */
store_status store_site_update(porte_store *st, const char *who,
                               const char *slug, const char *name,
                               const char *tz, const char *hours,
                               const char *domains, porte_time now);

/*
 * Sets the hours of local date DATE at SITE: HOURS NULL or "closed" for a
 * closure, else a day spec ("10:00-18:00"). NOTE (may be NULL) says why.
 * Replaces an earlier exception of that date.
 */
store_status store_site_set_date(porte_store *st, const char *who,
                                 const char *site, cal_date date,
                                 const char *hours, const char *note,
                                 porte_time now);

/* Removes the exception of DATE: the weekly hours apply again.
 * STORE_NOT_FOUND when there was none. */
store_status store_site_clear_date(porte_store *st, const char *who,
                                   const char *site, cal_date date,
                                   porte_time now);

typedef struct store_site_date {
	cal_date date;
	hours_day hours; /* count 0: closed */
	char spec[STORE_HOURS_MAX + 1];
	char note[STORE_TEXT_MAX + 1];
} store_site_date;

/* The exceptions of SITE from FROM to TO (inclusive), by date. */
store_status store_site_dates(porte_store *st, const char *site, cal_date from,
                              cal_date to, store_site_date **out, size_t *n);

typedef struct store_message {
	int64_t id;
	porte_time from;
	porte_time to;
	char text[STORE_TEXT_MAX + 1];
} store_message;

/*
 * Adds a message shown by SITE's doors from FROM to TO (at most
 * STORE_MESSAGE_MAX_SPAN later; TO after FROM and after NOW). Its id in
 * *ID (may be NULL).
 */
store_status store_message_add(porte_store *st, const char *who,
                               const char *site, porte_time from, porte_time to,
                               const char *text, porte_time now, int64_t *id);

/* Removes message ID. */
store_status store_message_delete(porte_store *st, const char *who, int64_t id,
                                  porte_time now);

/* The messages of SITE in force at some instant of [FROM, TO), by start. */
store_status store_message_list(porte_store *st, const char *site,
                                porte_time from, porte_time to,
                                store_message **out, size_t *n);

/* Adds a room to SITE. CAPACITY: 1 but for workshops (1..1000).
 * STORE_CONFLICT when the id exists anywhere. */
store_status store_room_add(porte_store *st, const char *who, const char *slug,
                            const char *site, const char *name, room_kind kind,
                            int capacity, porte_time now);

/*
 * Sets (VALUE non-NULL) or removes (VALUE NULL) setting NAME (rules.h's
 * names) of a site or a room. The value is checked with rules_set, and the
 * rules that result for every room concerned with rules_validate;
 * STORE_INVALID and the reason otherwise.
 */
store_status store_rule_set(porte_store *st, const char *who, store_scope scope,
                            const char *target, const char *name,
                            const char *value, porte_time now);

typedef struct store_staff {
	int64_t id;
	char email[STORE_EMAIL_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	store_role role;
	char site[STORE_SLUG_MAX + 1]; /* "" when not limited to a site */
	bool disabled;
	porte_time created_at;
} store_staff;

/*
 * Adds a staff member. PASSWORD: STORE_PASSWORD_MIN..MAX bytes; PIN:
 * STORE_PIN_MIN..MAX digits, and not one another active staff member
 * already uses (a PIN alone names its owner at a door). SITE NULL: all
 * sites. Hashing takes a moment (argon2id), outside the transaction. The
 * new id in *ID (may be NULL). STORE_CONFLICT when the e-mail or the PIN
 * is taken.
 */
store_status store_staff_add(porte_store *st, const char *who,
                             const char *email, const char *name,
                             store_role role, const char *site,
                             const char *password, const char *pin,
                             porte_time now, int64_t *id);

/* Every staff member, by e-mail, in a malloc'd array. */
store_status store_staff_list(porte_store *st, store_staff **out, size_t *n);

/* The staff member with id ID. */
store_status store_staff_get(porte_store *st, int64_t id, store_staff *out);

/* Disables (DISABLED true) or enables again the account EMAIL; its
 * sessions end. */
store_status store_staff_disable(porte_store *st, const char *who,
                                 const char *email, bool disabled,
                                 porte_time now);

/* Replaces a staff member's password (PASSWORD non-NULL) and/or PIN. */
store_status store_staff_set_secret(porte_store *st, const char *who,
                                    const char *email, const char *password,
                                    const char *pin, porte_time now);

/* Makes staff EMAIL a referent of training room ROOM (ADD false: no
 * longer). */
store_status store_referent_set(porte_store *st, const char *who,
                                const char *email, const char *room, bool add,
                                porte_time now);

/*
 * Makes a one-time enrolment code for a new door display of ROOM, valid
 * STORE_ENROL_VALID from NOW, into CODE; its expiry in *EXPIRES (may be
 * NULL). Only the code's hash is kept.
 */
store_status store_enrol_code(porte_store *st, const char *who,
                              const char *room, porte_time now,
                              char code[STORE_CODE_LEN], porte_time *expires);

typedef struct store_device {
	int64_t id;
	int64_t room_id;
	char room[STORE_SLUG_MAX + 1];
	char site[STORE_SLUG_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	char version[STORE_VERSION_MAX + 1];
	porte_time created_at;
	porte_time last_seen; /* 0: never */
	bool revoked;
} store_device;

/* Every device, by id, in a malloc'd array (SITE non-NULL: its rooms'). */
store_status store_device_list(porte_store *st, const char *site,
                               store_device **out, size_t *n);

/* Revokes device ID: its token stops working, its PIN sessions end. */
store_status store_device_revoke(porte_store *st, const char *who, int64_t id,
                                 porte_time now);

typedef struct store_audit {
	int64_t id;
	porte_time at;
	char who[STORE_NAME_MAX + 1];
	char action[64];
	char target[STORE_EMAIL_MAX + 1];
	char detail[STORE_TEXT_MAX + 1];
} store_audit;

/* Adds an audit entry of WHO's own (a login, an export...). */
store_status store_audit_add(porte_store *st, const char *who,
                             const char *action, const char *target,
                             const char *detail, porte_time now);

/* The latest LIMIT (1..10000) audit entries, newest first. */
store_status store_audit_list(porte_store *st, size_t limit, store_audit **out,
                              size_t *n);

/* ------------------------------------------------------------------ */
/* Credentials                                                         */

/*
 * Trades enrolment code CODE (see STORE_CODE_LEN) for a new device of the
 * code's room named NAME (NULL: "door"): its token in TOKEN (shown once,
 * only its hash is kept; the device derives its door-proof key from it,
 * see door_proof.h) and the device in *OUT. STORE_UNAUTHORIZED for an
 * unknown, used or expired code (a code works once).
 */
store_status store_device_enroll(porte_store *st, const char *code,
                                 const char *name, porte_time now,
                                 char token[STORE_TOKEN_LEN],
                                 store_device *out);

/*
 * The device whose token is TOKEN, into *OUT, recording NOW as its last
 * contact and VERSION (NULL: unchanged) as its software. The last-seen
 * time is written at most once a minute. STORE_UNAUTHORIZED for an
 * unknown or revoked token.
 */
store_status store_device_auth(porte_store *st, const char *token,
                               const char *version, porte_time now,
                               store_device *out);

typedef struct store_session {
	int64_t id;
	store_staff staff;
	int64_t device_id; /* a PIN session: the door it was opened at */
	porte_time expires_at;
} store_session;

/*
 * Staff login on the web: a new session token in TOKEN, the session in
 * *OUT (may be NULL). STORE_UNAUTHORIZED for a wrong e-mail or password or
 * a disabled account (the same answer, in about the same time).
 */
store_status store_login_password(porte_store *st, const char *email,
                                  const char *password, porte_time now,
                                  char token[STORE_TOKEN_LEN],
                                  store_session *out);

/*
 * Staff login at door DEVICE_ID with a PIN alone (it names its owner: PINs
 * are unique among active accounts): a session bound to that device
 * (SESSION->device_id; the caller checks that later requests with it come
 * from that door), valid STORE_PIN_SESSION_TTL. Wrong PINs are counted per
 * device in the database, since a wrong PIN names no one (see
 * STORE_PIN_TRIES); a malformed PIN counts as wrong. Returns STORE_OK,
 * STORE_UNAUTHORIZED for a wrong PIN or an unknown or revoked device,
 * STORE_LOCKED while locked out (the PIN is not even tried),
 * STORE_FORBIDDEN for a right PIN whose owner may not act at this door's
 * site (not counted). *LOCKED_UNTIL (may be NULL) gets the end of the
 * lock-out when the device is locked (by this wrong PIN or before), else
 * 0.
 */
store_status store_login_pin(porte_store *st, int64_t device_id,
                             const char *pin, porte_time now,
                             char token[STORE_TOKEN_LEN], store_session *out,
                             porte_time *locked_until);

/* The live session of TOKEN into *OUT. STORE_UNAUTHORIZED for an unknown,
 * expired or ended session, or a disabled account. */
store_status store_session_auth(porte_store *st, const char *token,
                                porte_time now, store_session *out);

/* Ends the session of TOKEN (logout). */
store_status store_session_end(porte_store *st, const char *token);

/* ------------------------------------------------------------------ */
/* Bookings                                                            */

typedef struct store_booking_req {
	const char *room;    /* the room's id */
	porte_time start;    /* ignored for a walk-in */
	porte_time end;      /* ignored for a walk-in */
	const char *title;   /* NULL or "": none */
	const char *email;   /* patron: required; staff: optional; walk-in:
			      NULL */
	const char *lang;    /* "fr" or "en" (the mails); NULL: "fr" */
	store_actor actor;   /* patron, staff, or the room's device */
	bool walk_in;        /* device or staff: book now (policy_walk_in at
			      NOW), checked in at once */
	bool override_quota; /* staff only: quotas are not checked */
	const char *reason;  /* staff overriding a quota: why (at most 200
				bytes, one line), kept in the create event's
				details and, by store_booking_create, in the
				audit log; NULL or "": none */
} store_booking_req;

typedef struct store_booking_res {
	rule_code rule; /* STORE_REFUSED: the rule that refused; else OK */
	int64_t id;     /* the booking */
	booking_status status;
	porte_time start;
	porte_time end;
	/* On creation by staff or a device: the booker's token, to hand to
	 * the patron (a patron's goes only by mail); "" otherwise. */
	char token[STORE_TOKEN_LEN];
	char code[STORE_CHECKIN_CODE_LEN]; /* the check-in code */
} store_booking_res;

/*
 * Creates a booking in one transaction: the room's rules checked with
 * policy_check (or policy_walk_in), the booking written, the event logged,
 * the schedule's counter bumped. A patron's booking is pending, and a mail
 * with its confirm and cancel links is queued (French or English per
 * LANG); a staff member's is confirmed (and a mail sent when it has an
 * e-mail); a walk-in is checked in. A device may only create walk-ins in
 * its own room; staff need STORE_PERM_BOOKINGS on the room (training
 * rooms: its referents). A staff member whose booking passes only because
 * of override_quota (a quota would refuse it) must give a reason, else it
 * is refused as reason_required; the override and its reason go to the
 * audit log ("booking.quota_override"). Returns STORE_OK with *RES
 * filled, STORE_REFUSED with RES->rule, STORE_NOT_FOUND (room),
 * STORE_FORBIDDEN, STORE_INVALID.
 */
store_status store_booking_create(porte_store *st, const store_booking_req *req,
                                  porte_time now, store_booking_res *res);

typedef struct store_act {
	booking_action_kind kind; /* confirm, checkin, end, extend, cancel,
				     remove; release: a device at the
				     deadline */
	store_actor actor;
	const char *token;  /* patron: the booker's token */
	const char *proof;  /* patron check-in: the door's proof */
	const char *code;   /* patron check-in without TOKEN: the 4-digit
				code, with PROOF */
	porte_time at;      /* when it happened (<= NOW); 0: NOW */
	porte_time new_end; /* extend */
	const char *reason; /* remove: required; cancel: optional */
} store_act;

/*
 * Applies ACT to booking ID through booking_apply, in one transaction.
 * Who may: a patron with the booking's token (check-in also needs a valid
 * door proof, see door_proof.h; the 4-digit code with a door proof stands
 * for the token at check-in, STORE_CODE_TRIES wrong codes at most); the
 * device of the booking's room; staff with STORE_PERM_BOOKINGS on it.
 * Extending re-checks the rules (policy_check with existing set) against
 * the room's other bookings. Returns STORE_OK with *RES (the booking
 * after), STORE_REFUSED with RES->rule, STORE_UNAUTHORIZED (bad token,
 * proof or code), STORE_FORBIDDEN (another room's device, staff out of
 * scope), STORE_NOT_FOUND, STORE_INVALID.
 */
store_status store_booking_act(porte_store *st, int64_t id,
                               const store_act *act, porte_time now,
                               store_booking_res *res);

typedef struct store_booking_info {
	int64_t id;
	int64_t room_id;
	char room[STORE_SLUG_MAX + 1];
	char room_name[STORE_NAME_MAX + 1];
	char site[STORE_SLUG_MAX + 1];
	char tz[STORE_TZ_MAX + 1];
	booking b; /* status and times */
	char title[STORE_TITLE_MAX + 1];
	char email[STORE_EMAIL_MAX + 1]; /* "" for a walk-in */
	char code[STORE_CHECKIN_CODE_LEN];
	char lang[3];
	actor_kind creator;
	int64_t creator_id;
	bool walk_in;
	porte_time checkin_opens;    /* booking_checkin_opens */
	porte_time release_deadline; /* booking_release_deadline */
	porte_time confirm_deadline; /* booking_confirm_deadline */
} store_booking_info;

/* Booking ID with everything about it (for staff). */
store_status store_booking_get(porte_store *st, int64_t id,
                               store_booking_info *out);

/* Booking ID for its booker: STORE_UNAUTHORIZED unless TOKEN is its
 * token (compared in constant time). */
store_status store_booking_auth(porte_store *st, int64_t id, const char *token,
                                store_booking_info *out);

/* Booking ID as seen through its door's QR code: STORE_UNAUTHORIZED unless
 * PROOF is a fresh door proof of ID from a live device of its room at NOW
 * (door_proof.h). An unknown booking gets the same answer. */
store_status store_booking_at_door(porte_store *st, int64_t id,
                                   const char *proof, porte_time now,
                                   store_booking_info *out);

/* Writes the booker's page link "BASE_URL/b/ID?t=TOKEN" into BUF.
 * Returns the length it needed, like snprintf. */
int store_booking_url(porte_store *st, int64_t id, const char *token, char *buf,
                      size_t len);

typedef struct store_event {
	int64_t id;
	int64_t booking_id;
	char kind[16]; /* "create" or booking_action_name() */
	actor_kind actor;
	int64_t actor_id;
	porte_time at;                    /* when it happened */
	porte_time recorded_at;           /* when the server learnt it */
	char details[STORE_TEXT_MAX + 1]; /* JSON object */
} store_event;

/* The events of booking ID, in the order recorded, in a malloc'd array.
 * STORE_NOT_FOUND for a booking with none (no such booking). */
store_status store_booking_events(porte_store *st, int64_t id,
                                  store_event **out, size_t *n);

/*
 * The facts core's policy_check and policy_walk_in read, for ROOM: its
 * kind, capacity, rules in force, zone, the site's opening hours with the
 * exceptions of the local dates around [FROM, TO), the allowed domains;
 * the room's active bookings overlapping [FROM - 1 day, TO + 1 day); and,
 * when EMAIL is not NULL, that patron's active bookings in the site's
 * rooms starting within a month and a day of FROM (for the quotas). Read
 * in one snapshot. Lets a caller ask "would this booking pass?" without
 * making it (booking forms, tests); store_booking_create checks again in
 * its own transaction. Returns STORE_OK and a new policy in *OUT (free
 * with store_policy_free), STORE_NOT_FOUND, STORE_INVALID.
 */
typedef struct store_policy store_policy;
store_status store_policy_load(porte_store *st, const char *room,
                               porte_time from, porte_time to,
                               const char *email, store_policy **out);

/* The room as the rules see it (borrowed from P). */
const policy_room *store_policy_room(const store_policy *p);

/* The facts (borrowed from P). */
const policy_context *store_policy_context(const store_policy *p);

/* Frees P. NULL is accepted. */
void store_policy_free(store_policy *p);

/* ------------------------------------------------------------------ */
/* Schedules                                                           */

typedef enum store_view {
	STORE_VIEW_PUBLIC = 0, /* anyone: no booker names at all */
	STORE_VIEW_DEVICE,     /* a door: masked names ("J. D.") and check-in
				  codes */
	STORE_VIEW_STAFF       /* staff: e-mails and codes */
} store_view;

typedef struct store_slot {
	int64_t id;
	booking b;
	char title[STORE_TITLE_MAX + 1];
	char who[STORE_EMAIL_MAX + 1];     /* per view: "", "J. D.", e-mail */
	char code[STORE_CHECKIN_CODE_LEN]; /* device and staff views */
	bool walk_in;
} store_slot;

typedef struct store_schedule {
	store_room room;
	cal_date date;
	porte_time day_start; /* tz_day_bounds */
	porte_time day_end;
	bool exception;                /* the date's hours are exceptional */
	char note[STORE_TEXT_MAX + 1]; /* why (closure note), or "" */
	int nspans;                    /* open spans of the day */
	porte_time span_start[HOURS_MAX_SPANS];
	porte_time span_end[HOURS_MAX_SPANS];
	store_slot *slots; /* pending, confirmed, checked in, ended and
			      released bookings overlapping the day, by
			      start then id */
	size_t nslots;
	store_message *messages; /* in force at some instant of the day */
	size_t nmessages;
	int64_t counter; /* the room's change counter: the ETag */
} store_schedule;

/*
 * The schedule of ROOM on local date DATE, read in one snapshot, as VIEW
 * may see it. Returns STORE_OK and a new schedule in *OUT (free with
 * store_schedule_free), STORE_NOT_FOUND, STORE_INVALID (date).
 */
store_status store_schedule_get(porte_store *st, const char *room,
                                cal_date date, store_view view,
                                store_schedule **out);

/* Frees S. NULL is accepted. */
void store_schedule_free(store_schedule *s);

/* The bookings of ROOM overlapping [FROM, TO) (at most 31 days), statuses
 * as in a schedule, in a malloc'd array (for calendars). */
store_status store_slot_list(porte_store *st, const char *room, porte_time from,
                             porte_time to, store_view view, store_slot **out,
                             size_t *n);

/* Writes the masked name of EMAIL's local part into BUF (at least 16
 * bytes): the initials of its first and last words, words split at '.',
 * '_' and '-', stopping at '+', ASCII letters upper-cased: "jean.dupont"
 * -> "J. D.", "marie-claire.martin" -> "M. M.", "jdupont" -> "J.", words
 * starting with a digit skipped; "" when nothing is left. */
void store_mask_email(const char *email, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* The door displays' outbox                                           */

typedef enum store_event_type {
	STORE_EV_CHECKIN = 0,  /* "checkin" */
	STORE_EV_WALK_IN,      /* "walk_in" */
	STORE_EV_END,          /* "end" */
	STORE_EV_EXTEND,       /* "extend" */
	STORE_EV_RELEASE,      /* "release": the door saw the deadline pass */
	STORE_EV_STAFF_REMOVE, /* "staff_remove" */
	STORE_EV_STAFF_CANCEL, /* "staff_cancel" */
	STORE_EV_STAFF_EXTEND, /* "staff_extend" */
	STORE_EV__COUNT
} store_event_type;

/* The type's name; static string. */
const char *store_event_type_name(store_event_type t);

/* Parses a type name. Returns 0, or -1. */
int store_event_type_parse(const char *name, store_event_type *out);

typedef struct store_event_in {
	const char *key; /* the door's unique key (a UUID): 1..STORE_KEY_MAX
			    printable ASCII bytes */
	store_event_type type;
	int64_t booking;    /* the booking; 0 for walk_in */
	porte_time at;      /* when it happened on the door */
	porte_time end;     /* extend: the new end; walk_in: the end the door
			       showed (0: as the rules say) */
	const char *title;  /* walk_in: may be NULL */
	const char *reason; /* staff_remove */
	int64_t staff_id;   /* staff_*: who, from the staff session the door
			       held (checked by the caller) */
	const char *code;   /* checkin: the 4-digit code typed at the door
			       (rooms with checkin_code), or NULL; a wrong
			       one is refused as "bad_code" */
} store_event_in;

/*
 * Applies one event of device DEVICE_ID's outbox, once per (device, key):
 * the effects and the result are written in one transaction, and a key
 * seen before returns the first result and changes nothing (*REPEATED
 * true; may be NULL). AT is judged as the action's own time (an offline
 * check-in made before the deadline still counts, unless another booking
 * took the slot since: slot_rebooked); an AT up to 5 minutes ahead of NOW
 * is taken as NOW, further is refused (invalid_time).
 *
 * The result is a JSON object in a malloc'd *RESULT (the caller frees):
 *   {"key":K,"ok":true,"booking":ID,"status":"checked_in",
 *    "start":RFC3339,"end":RFC3339}
 *   {"key":K,"ok":false,"booking":ID,"error":{"code":C,"message":M}}
 * where C is a rule code name or "not_found", "forbidden", "invalid",
 * "bad_code".
 * Returns STORE_OK whenever a result was produced (refusals included),
 * STORE_INVALID for a malformed event (bad key: nothing stored), or
 * STORE_ERROR.
 */
store_status store_outbox_apply(porte_store *st, int64_t device_id,
                                const store_event_in *ev, porte_time now,
                                char **result, bool *repeated);

/* ------------------------------------------------------------------ */
/* Time passing                                                        */

typedef struct store_sweep_counts {
	int released; /* confirmed, not checked in by the deadline */
	int expired;  /* pending, not confirmed in time */
	int ended;    /* checked in, scheduled end passed */
} store_sweep_counts;

/*
 * Applies what time alone does, as of NOW, as the system: releases
 * no-shows whose deadline has passed (booking_release_due), expires
 * pending bookings past confirm_within, ends checked-in bookings whose end
 * has passed. Each transition is logged at its own due instant. At most
 * LIMIT bookings (1..10000) per call: call again while the total is LIMIT.
 */
store_status store_sweep(porte_store *st, porte_time now, int limit,
                         store_sweep_counts *out);

/* Deletes what is no longer needed as of NOW: expired sessions and
 * enrolment codes, outbox keys older than 60 days, sent mails older than
 * 30 days. The event log and the audit log are kept. */
store_status store_purge(porte_store *st, porte_time now);

/* ------------------------------------------------------------------ */
/* Mail queue                                                          */

typedef struct store_mail {
	int64_t id;
	char to[STORE_EMAIL_MAX + 1];
	char *subject; /* malloc'd, UTF-8, one line */
	char *body;    /* malloc'd, UTF-8, '\n' line ends */
	int attempts;
} store_mail;

/*
 * The next mail due at NOW, into *OUT (free its strings with
 * store_mail_clear); it is leased for 10 minutes so that a second sender
 * does not take it. STORE_NOT_FOUND when none is due.
 */
store_status store_mail_next(porte_store *st, porte_time now, store_mail *out);

/* Frees the strings of M (not M). */
void store_mail_clear(store_mail *m);

/* Mail ID was accepted by the mail server. */
store_status store_mail_sent(porte_store *st, int64_t id, porte_time now);

/* Mail ID failed (ERROR says why): it is tried again after 1 min, 2, 4...
 * at most 6 h apart; after 12 attempts it is given up. */
store_status store_mail_failed(porte_store *st, int64_t id, porte_time now,
                               const char *error);

/* Mails waiting to be sent, and given up. */
store_status store_mail_counts(porte_store *st, int64_t *queued,
                               int64_t *failed);

/* ------------------------------------------------------------------ */
/* Statistics                                                          */

/*
 * Feeds S (stats.h) with the event log of every booking of ROOM (or of
 * SITE's rooms, or of every room when both are NULL) that overlaps
 * [FROM, TO): each booking's events in time order. The zone of the stats
 * should be the site's (store_stats_zone).
 */
store_status store_stats_feed(porte_store *st, const char *site,
                              const char *room, porte_time from, porte_time to,
                              stats *s);

/*
 * The zone statistics of ROOM, SITE, or everything should be read in: the
 * room's or the site's, or the zone every site shares (UTC when they
 * differ). Borrowed from the store, valid until store_close.
 */
store_status store_stats_zone(porte_store *st, const char *site,
                              const char *room, const tz_zone **out);

/* Loads zone NAME once and keeps it until store_close (borrowed). */
store_status store_zone(porte_store *st, const char *name, const tz_zone **out);

/* ------------------------------------------------------------------ */
/* Metrics                                                             */

typedef struct store_metrics {
	int64_t sites, rooms, staff;
	int64_t devices;        /* enrolled and not revoked */
	int64_t devices_online; /* seen in the last 2 minutes */
	int64_t bookings_open;  /* pending, confirmed or checked in */
	int64_t bookings_total;
	int64_t events;
	int64_t mail_queued;
	int64_t mail_failed;
} store_metrics;

/* Counts for /metrics, as of NOW. */
store_status store_metrics_get(porte_store *st, porte_time now,
                               store_metrics *out);

/* ------------------------------------------------------------------ */
/* Demo data                                                           */

typedef struct store_demo_account {
	char email[STORE_EMAIL_MAX + 1];
	store_role role;
	char password[32];
	char pin[STORE_PIN_MAX + 1];
} store_demo_account;

typedef struct store_demo_report {
	char site[STORE_SLUG_MAX + 1];
	int rooms;
	int bookings;
	store_demo_account accounts[ROLE__COUNT];
	char first_room[STORE_SLUG_MAX + 1];
	char enrol_code[STORE_CODE_LEN];
} store_demo_report;

/*
 * Fills an empty database with a French university library ("Bibliothèque
 * universitaire Lettres", Europe/Paris): six rooms of every kind, a week of
 * bookings around NOW in every state (made through the same operations as
 * real ones, at their own times), one staff account per role with random
 * passwords and PINs, and an enrolment code for the first room; all told
 * in *OUT. STORE_CONFLICT when the demo site exists.
 */
store_status store_demo(porte_store *st, const char *who, porte_time now,
                        store_demo_report *out);

#endif

/*
 * client.h - the door display's sync client: a local SQLite cache, the
 * outbox of actions taken at the door, and a sync thread that talks to
 * porte-server over libcurl.
 *
 * Offline first. The door shows what the cache holds; every action is
 * written to the cache (the outbox event and its effect on the cached
 * schedule, in one transaction, synchronous=FULL) before the screen shows
 * it as done, so a kiosk killed at any instant loses nothing it showed.
 * The sync thread then, while the server is reachable:
 *  - long-polls GET /api/v1/rooms/{room}/schedule?date=TODAY&wait=25 with
 *    If-None-Match (tomorrow's schedule less often, the room's rules now
 *    and then), and stores each new schedule as received;
 *  - delivers the outbox in order to POST /api/v1/events until each event
 *    has a result (at least once on the wire, once in effect thanks to the
 *    events' keys), removing acknowledged events in the same transaction
 *    that records their results; refusals ("slot_rebooked"...) are kept
 *    for the door to show;
 *  - backs off with jitter (1 s doubling to 60 s) while the server cannot
 *    be reached, and goes back to work at the first answer.
 *
 * Threads: client_open, client_submit, client_snapshot, client_ack_refusal,
 * client_verify and client_close are called from the UI's thread (any one
 * thread at a time); the sync thread never calls into the UI: it calls the
 * NOTIFY callback (which should only post an event to the UI's loop), and
 * the UI then takes a consistent copy with client_snapshot.
 *
 * Booking references: the door names bookings by strings (kiosk/state.h).
 * A booking the server knows is its decimal id ("42"); one made at the
 * door and not yet acknowledged keeps the local id the door gave it
 * ("local-..."), also once the server's id is known, for the events that
 * still name it.
 */
#ifndef PORTE_CLIENT_H
#define PORTE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caltime.h"
#include "rules.h"
#include "wire.h"

struct kiosk_event; /* kiosk/state.h */

typedef struct porte_client porte_client;

#define CLIENT_URL_MAX 512 /* the server's base URL */
#define CLIENT_REF_MAX 40  /* a booking reference, as kiosk/state.h's ids */
#define CLIENT_ERROR_MAX 256
#define CLIENT_WAIT_DEFAULT 25 /* long-poll, seconds */
#define CLIENT_BACKOFF_FIRST_MS 1000
#define CLIENT_BACKOFF_MAX_MS 60000

/* ---- opening ----------------------------------------------------------- */

typedef enum client_verify_kind {
	CLIENT_VERIFY_CODE = 0, /* a booking's 4-digit check-in code */
	CLIENT_VERIFY_PIN       /* a staff PIN */
} client_verify_kind;

typedef enum client_verify_status {
	CLIENT_VERIFY_OK = 0,     /* right: STAFF_REF holds the session (PIN) */
	CLIENT_VERIFY_WRONG,      /* the server said no */
	CLIENT_VERIFY_LOCKED,     /* too many wrong tries: see LOCKED_UNTIL */
	CLIENT_VERIFY_UNREACHABLE /* no answer: nothing was checked */
} client_verify_status;

/* The answer to client_verify, handed to the verify callback. */
typedef struct client_verify_result {
	client_verify_kind kind;
	client_verify_status status;
	char booking[CLIENT_REF_MAX];       /* CODE: the booking asked about */
	char staff_ref[WIRE_TOKEN_MAX + 1]; /* PIN OK: the staff session's
					       token, for the events */
	porte_time locked_until;            /* LOCKED: 0 when unknown */
	char message[CLIENT_ERROR_MAX];     /* the server's words, or "" */
} client_verify_result;

typedef struct client_options {
	const char *cache_file; /* required: the SQLite cache (created 0600) */
	const char *token_file; /* required for client_start: the device's
				   bearer token, as client_enroll wrote it */
	const char *server_url; /* NULL: the one client_enroll stored */
	const char *room;       /* NULL: the one client_enroll stored */
	/* Something the door shows changed (any thread, no lock held): a
	 * new schedule, events delivered, a refusal, online/offline. Should
	 * only wake the UI (e.g. SDL_PushEvent). May be NULL. */
	void (*notify)(void *arg);
	void *notify_arg;
	/* The answer to client_verify, on the sync thread. May be NULL. */
	void (*verify_done)(void *arg, const client_verify_result *r);
	void *verify_arg;
	/* The clock (UTC seconds); NULL: time(). Tests pass a fixed one. */
	porte_time (*clock)(void *arg);
	void *clock_arg;
	int wait_s;          /* long-poll length; 0: CLIENT_WAIT_DEFAULT */
	uint64_t seed;       /* back-off jitter; 0: from getrandom */
	const char *ca_file; /* extra CA bundle (tests); NULL: the system's */
} client_options;

/*
 * Opens (creating it if need be) the cache O->cache_file and a client over
 * it; the sync thread is not started (see client_start), but
 * client_submit and client_snapshot work at once, offline. The room and
 * server URL come from O or from the cache (O wins and is stored). Returns
 * 0 with the client in *OUT (free with client_close), or -1 with a
 * malloc'd reason in *CAUSE (the caller frees; CAUSE may be NULL): cache
 * unreadable, not a Porte cache, no room known, bad URL.
 */
int client_open(const client_options *o, porte_client **out, char **cause);

/*
 * Reads the token file and starts the sync thread. Returns 0, or -1 with
 * a reason in *CAUSE (no server URL, token file missing or malformed,
 * thread or libcurl could not start). A second call does nothing.
 */
int client_start(porte_client *c, char **cause);

/*
 * Stops the sync thread promptly (a long-poll under way is abandoned) and
 * waits for it. Events not yet acknowledged stay in the outbox. Safe when
 * not started.
 */
void client_stop(porte_client *c);

/* Stops the client (client_stop) and frees it. NULL is accepted. */
void client_close(porte_client *c);

/* ---- enrolment --------------------------------------------------------- */

/*
 * Trades one-time enrolment CODE for this device's token: POST
 * SERVER_URL/api/v1/devices/enroll {"code"} -> {"token","room"}. Writes
 * the token to TOKEN_FILE (mode 0600, through a temporary file, fsync'd,
 * renamed) and the room and SERVER_URL into the cache CACHE_FILE (created
 * if need be). CA_FILE as in client_options (may be NULL). The room's id
 * goes into ROOM (may be NULL). Blocks for at most about 30 s. Returns 0,
 * or -1 with a reason in *CAUSE (unreachable, refused code, malformed
 * answer, file not written: nothing is left half-written).
 */
int client_enroll(const char *server_url, const char *code,
                  const char *token_file, const char *cache_file,
                  const char *ca_file, char room[WIRE_ID_MAX + 1],
                  char **cause);

/* ---- the door's actions ------------------------------------------------ */

/*
 * Stores action EV (kiosk/state.h) in the outbox, with a new UUID v4 key
 * and EV's own time, together with its effect on the cached schedule (the
 * booking's new status, end or check-in time; a walk-in added under EV's
 * local id), in one transaction. Returns 0 once committed (durable), or -1
 * when nothing was stored: cache error, unknown booking, an event the
 * server could never accept (a staff removal without a staff session, a
 * walk-in whose local id is taken...). Wakes the sync thread.
 */
int client_submit(porte_client *c, const struct kiosk_event *ev);

/*
 * Asks the server to check DIGITS, on the sync thread, and hands the
 * answer to the verify callback:
 *  - a staff PIN: POST /api/v1/sessions {"pin"} with the device's token;
 *    OK carries the staff session's token (STAFF_REF), which the door
 *    puts in the events it takes in staff mode;
 *  - the 4-digit check-in code of booking REF: the check-in itself, with
 *    its code, POSTed at once as one event under a new key. The server
 *    judges the code (WRONG for "bad_code"); OK means the check-in that the
 *    door then submits (client_submit, within 2 minutes) goes into the
 *    outbox with the same key and code, so it takes effect once. Offline,
 *    or when the answer is lost, the answer is OK at once and the server
 *    judges the code on delivery (a refusal shows then).
 * Returns 0 when started, -1 when it cannot be checked now (not started; a
 * PIN while offline; another check under way; bad digits): the callback is
 * then not called.
 */
int client_verify(porte_client *c, client_verify_kind kind, const char *ref,
                  const char *digits);

/* ---- what the door shows ----------------------------------------------- */

typedef struct client_status {
	bool started;      /* the sync thread runs */
	bool online;       /* the last request had an answer from the server */
	bool unauthorized; /* the server refused the device's token (401) */
	porte_time last_success; /* last good answer (kept in the cache); 0:
				    never */
	porte_time stale_for;    /* now - last_success; -1 when never */
	porte_time retry_at;     /* offline: the next attempt; else 0 */
	int pending;             /* outbox events not yet acknowledged */
	/* Counters since client_open, for tests and /metrics-like logs. */
	uint64_t polls;                    /* schedule requests answered */
	uint64_t not_modified;             /* ... of which 304 */
	uint64_t rejected;                 /* replies refused as malformed */
	uint64_t failures;                 /* requests with no usable answer */
	uint64_t delivered;                /* events acknowledged */
	char last_error[CLIENT_ERROR_MAX]; /* "" when none */
} client_status;

/* A refused event, kept until the door has shown it (client_ack_refusal). */
typedef struct client_refusal {
	int64_t id;                   /* for client_ack_refusal */
	char key[WIRE_UUID_LEN];      /* the event's key */
	wire_event_type type;         /* the event's type on the wire */
	char booking[CLIENT_REF_MAX]; /* the booking's reference */
	int64_t booking_id;           /* the server's id; 0 if none */
	char code[WIRE_CODE_MAX + 1]; /* "slot_rebooked", "not_found"... */
	int rule;                     /* rule_code_parse(code), or -1 */
	char message[WIRE_MESSAGE_MAX + 1];
	bool has_status;       /* the server said the booking's */
	booking_status status; /* status now */
	porte_time at;         /* when the action was taken */
} client_refusal;

/* A booking made at the door: its id in the snapshot's schedules (< 0
 * until the server's id is known) and the door's reference for it. */
typedef struct client_local {
	int64_t id;
	char ref[CLIENT_REF_MAX];
} client_local;

/*
 * A consistent copy of everything the door shows. DAYS[0] is today and
 * DAYS[1] tomorrow (local dates of the site; UTC dates until the zone is
 * known); HAVE[i] false when that day's schedule was never received. The
 * schedules have the door's own changes applied, the bookings they touch
 * marked pending_sync, and are sorted by start.
 */
typedef struct client_snap {
	porte_time now;
	char room[WIRE_ID_MAX + 1];
	char server_url[CLIENT_URL_MAX];
	bool has_room; /* ROOM_INFO known (GET /api/v1/rooms) */
	wire_room room_info;
	cal_date dates[2];
	bool have[2];
	wire_schedule days[2];
	client_local *locals; /* malloc'd */
	size_t nlocals;
	client_refusal *refusals; /* malloc'd, oldest first */
	size_t nrefusals;
	client_status sync;
} client_snap;

/*
 * Fills *OUT with a copy of the door's state at the client's clock.
 * Returns 0 (free *OUT with client_snapshot_free), or -1 with *OUT empty
 * (cache error, out of memory).
 */
int client_snapshot(porte_client *c, client_snap *out);

/* Frees what *S holds; *S is then empty. Safe on an empty snapshot. */
void client_snapshot_free(client_snap *s);

/*
 * The door's reference of booking B of snapshot S into OUT: its decimal id
 * ("42"), or for a booking made at the door its local id. Returns 0, or -1
 * (no reference: OUT is "").
 */
int client_booking_ref(const client_snap *s, const wire_booking *b,
                       char out[CLIENT_REF_MAX]);

/* Forgets refusal ID once the door has shown it. Returns 0, or -1. */
int client_ack_refusal(porte_client *c, int64_t id);

/* The sync status alone (cheap; no cache read but the pending count). */
void client_get_status(porte_client *c, client_status *out);

/* ---- small tools --------------------------------------------------------
 */

/* A new random (version 4) UUID from getrandom, lower case, into OUT.
 * Returns 0, or -1 when the system has no randomness to give. */
int client_uuid4(char out[WIRE_UUID_LEN]);

#endif

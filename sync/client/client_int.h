/*
 * client_int.h - the sync client's insides, shared by its files and its
 * tests. Nothing here is for the kiosk.
 *
 * Locking: C->LOCK guards the cache connection, the status, the flags and
 * the verify request. The sync thread holds it only around cache work,
 * never across a network wait; callbacks are called without it.
 *
 * The cache (SQLite, WAL, synchronous=FULL, mode 0600):
 *   meta(k, v)             room, server_url, tz, room_json, last_success
 *   schedules(date, ...)   each day's schedule as the server sent it (and
 *                          as event results patched it), with its ETag
 *   outbox(seq, key, ...)  the door's actions not yet acknowledged, in
 *                          order; booking_id 0 while the booking is one
 *                          made here whose id the server has not given
 *   shown(ref, ...)        the door's own changes to bookings, as shown:
 *                          one row per booking named by a pending event,
 *                          written with the event; a walk-in's row gets
 *                          the server's id when its event is acknowledged
 *   refusals(id, ...)      refused events, until the door has shown them
 */
#ifndef PORTE_CLIENT_INT_H
#define PORTE_CLIENT_INT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <curl/curl.h>
#include <sqlite3.h>

#include "client.h"
#include "tz.h"
#include "wire.h"

/* Longest PIN or code the client sends. */
#define CLIENT_DIGITS_MAX 12
/* Events in one POST /api/v1/events. */
#define CLIENT_BATCH_MAX 100
/* Seconds between fetches of tomorrow's schedule and of the room list. */
#define CLIENT_TOMORROW_EVERY 300
#define CLIENT_ROOMS_EVERY 3600
/* Seconds between writes of last_success to the cache. */
#define CLIENT_SAVE_SUCCESS_EVERY 60

/* ---- back-off ---------------------------------------------------------- */

typedef struct client_backoff {
	unsigned failures; /* in a row */
	uint64_t rng;      /* splitmix64 state */
} client_backoff;

/* Starts with no failure; SEED 0 takes one from getrandom. */
void backoff_init(client_backoff *b, uint64_t seed);

/*
 * Counts one more failure and returns how long to wait before the next
 * try, in ms: with BASE = CLIENT_BACKOFF_FIRST_MS doubled once per earlier
 * failure in a row, capped at CLIENT_BACKOFF_MAX_MS, a uniform pick in
 * [BASE / 2, BASE] ("equal jitter").
 */
int64_t backoff_next(client_backoff *b);

/* Back to no failure. */
void backoff_reset(client_backoff *b);

/* ---- the client -------------------------------------------------------- */

typedef struct client_verify_req {
	bool queued; /* waiting for the sync thread */
	bool busy;   /* queued or under way */
	client_verify_kind kind;
	char booking[CLIENT_REF_MAX];
	char digits[CLIENT_DIGITS_MAX + 1];
} client_verify_req;

struct porte_client {
	pthread_mutex_t lock;
	sqlite3 *db;
	char room[WIRE_ID_MAX + 1];
	char server_url[CLIENT_URL_MAX]; /* without a trailing '/' */
	char token[WIRE_TOKEN_MAX + 1];  /* "" until client_start */
	char *token_file;
	char *ca_file;
	tz_zone *tz; /* the site's zone, once known */
	porte_rules rules;
	bool has_rules;

	void (*notify)(void *arg);
	void *notify_arg;
	void (*verify_done)(void *arg, const client_verify_result *r);
	void *verify_arg;
	porte_time (*clock)(void *arg);
	void *clock_arg;
	int wait_s;

	client_status st;
	porte_time success_saved; /* last_success as written to the cache */
	client_backoff backoff;

	pthread_t thread;
	bool started;
	bool stop; /* asks the sync thread to leave */
	bool kick; /* the outbox changed */
	CURLM *multi;
	client_verify_req verify;
	/* The last check-in code checked for a booking: the check-in that
	 * follows goes with it, under the key the check used. */
	struct {
		char booking[CLIENT_REF_MAX];
		char key[WIRE_UUID_LEN]; /* "": checked offline, new key */
		char code[WIRE_CHECKIN_CODE_LEN];
		int64_t until; /* client_mono_ms */
	} code_ok;

	/* Fault injection (tests): the Nth cache step from now fails. */
	int fail_at;
	int steps;
};

/* C's clock. */
porte_time client_now(const porte_client *c);

/* Calls the notify callback, if any (no lock held). */
void client_notify(porte_client *c);

/* Makes the cache's Nth statement step from now fail with an I/O error
 * (0: none); for tests of atomicity. */
void client_test_fail_step(porte_client *c, int n);

/* The local date of T in the site's zone (UTC until it is known). Lock
 * held. */
cal_date client_date_of(const porte_client *c, porte_time t);

/* ---- the cache (cache.c): every function with C->LOCK held ------------ */

/* Opens or creates the cache at PATH (WAL, synchronous=FULL, schema).
 * Returns 0, or -1 with a reason. */
int cache_open(const char *path, sqlite3 **out, char **cause);

/* sqlite3_step with the fault injection of C. */
int cache_step(porte_client *c, sqlite3_stmt *s);

/* Prepares SQL on C's cache; NULL on error (reason in C->st.last_error). */
sqlite3_stmt *cache_prepare(porte_client *c, const char *sql);

/* Runs SQL (no result rows). Returns 0, or -1. */
int cache_exec(porte_client *c, const char *sql);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Returns 0, or -1. */
int cache_begin(porte_client *c);
int cache_commit(porte_client *c);
void cache_rollback(porte_client *c);

/* Meta value K into BUF (SIZE bytes). Returns 1 found, 0 absent, -1. */
int cache_meta_get(porte_client *c, const char *k, char *buf, size_t size);
int cache_meta_set(porte_client *c, const char *k, const char *v);

/*
 * The cached schedule of date D into *OUT (initialised here; free with
 * wire_schedule_free). Returns 1 found, 0 absent (or unreadable), -1 on a
 * cache error.
 */
int cache_schedule_get(porte_client *c, cal_date d, wire_schedule *out);

/* The cached ETag of date D into ETAG. Returns 1, 0 absent, -1. */
int cache_schedule_etag(porte_client *c, cal_date d,
                        char etag[WIRE_ETAG_MAX + 1]);

/* Stores schedule S (its JSON text TEXT as received) for S->date, with
 * ETAG, received at NOW. Returns 0, or -1. */
int cache_schedule_put(porte_client *c, const wire_schedule *s,
                       const char *text, const char *etag, porte_time now);

/* Replaces booking B (same id) in every cached day that holds it, or adds
 * it to day D when ADD_TO_D and no day holds it. Returns 0, or -1. */
int cache_schedule_patch(porte_client *c, const wire_booking *b, cal_date d,
                         bool add_to_d);

/* The cached booking ID (the newest day that holds it) into *OUT.
 * Returns 1 found, 0 not, -1. */
int cache_find_booking(porte_client *c, int64_t id, wire_booking *out);

/* Drops schedules of dates before D. Returns 0, or -1. */
int cache_schedule_prune(porte_client *c, cal_date d);

/* Loads the zone NAME into C->tz if it is not already it. Returns 0, or
 * -1 (unknown zone; C->tz unchanged). */
int client_set_zone(porte_client *c, const char *name, char **cause);

/* Reads the room stored as meta room_json into C->rules (and the zone).
 * Returns 1 when known, 0 when not, -1. */
int cache_load_room(porte_client *c, wire_room *out);

/* ---- the outbox (outbox.c) ---------------------------------------------- */

/*
 * The wire event for door action EV (kiosk/state.h), key and booking id
 * left empty: checkin, walk_in (also a staff addition, with its staff),
 * end, extend (new_end), staff_remove (reason, staff), cancel (staff).
 * Returns 0, or -1 with a reason.
 */
int client_map_event(const struct kiosk_event *ev, wire_event *out,
                     char **cause);

/* Stores EV as client_submit says. Lock held. Returns 0, or -1. */
int outbox_submit(porte_client *c, const struct kiosk_event *ev, char **cause);

/* The events being delivered. */
typedef struct client_batch {
	size_t n;
	char keys[CLIENT_BATCH_MAX][WIRE_UUID_LEN];
	char *body; /* {"events":[...]}, malloc'd */
	size_t len;
} client_batch;

/*
 * The next events to deliver, in order, into *B (at most MAX): up to the
 * first one whose booking is a walk-in not acknowledged yet. Events naming
 * a refused walk-in become refusals here. Returns the count (0: nothing to
 * send), or -1. Lock held. Free B with client_batch_free.
 */
int outbox_batch(porte_client *c, client_batch *b, size_t max, int *refused);
void client_batch_free(client_batch *b);

/* Pending events. Lock held. Returns the count, or -1. */
int outbox_count(porte_client *c);

/*
 * Takes the server's answer (LEN bytes of BODY) to batch B: strictly
 * parsed; a result for a key not sent, or twice, refuses the whole answer.
 * For each result, in one transaction: the event leaves the outbox, a
 * refusal is kept, a walk-in's server id is recorded, the booking the
 * server returned patches the cached schedule. Returns the number of
 * events acknowledged, or -1 with a reason (cache unchanged). Takes the
 * lock.
 */
int client_take_results(porte_client *c, const client_batch *b,
                        const char *body, size_t len, char **cause);

/* ---- replies (sync.c) --------------------------------------------------- */

/*
 * Takes the answer to GET schedule?date=ASKED: HTTP status HTTP, ETag
 * header ETAG_HDR (may be NULL), LEN bytes of BODY. 200: strictly parsed,
 * for this room and date, stored as received. 304: nothing to do. Returns
 * 1 when the cache changed, 0 when not, -1 with a reason (cache
 * unchanged). Takes the lock.
 */
int client_take_schedule(porte_client *c, cal_date asked, long http,
                         const char *etag_hdr, const char *body, size_t len,
                         char **cause);

/* Takes the answer to GET /api/v1/rooms: this room's entry is stored.
 * Returns 1 changed, 0 same, -1. Takes the lock. */
int client_take_rooms(porte_client *c, const char *body, size_t len,
                      char **cause);

/* The sync thread (sync.c). */
void *client_sync_main(void *arg);

/* ---- HTTP (net.c) ------------------------------------------------------- */

/* A response being read: body (bounded) and ETag. */
typedef struct client_reply {
	strbuf body;
	char etag[WIRE_ETAG_MAX + 1]; /* the ETag header, quotes removed */
	bool etag_bad;                /* an ETag header that was not valid */
	long retry_after;             /* Retry-After, seconds; 0: none */
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers;
	char *post;
} client_reply;

/*
 * Sets EASY up for URL with the client's habits: no signals, TLS
 * verification on (CA_FILE added when not NULL), http(s) only, no
 * redirects, timeouts (TIMEOUT_S in all), the reply into R (at most
 * WIRE_REPLY_MAX bytes), the bearer TOKEN (may be NULL), If-None-Match
 * ETAG (may be NULL) and a JSON body POST (may be NULL: GET). Returns 0,
 * or -1 (out of memory). R must stay put until the transfer is done.
 */
int client_easy_setup(CURL *easy, const char *url, const char *ca_file,
                      long timeout_s, const char *token, const char *etag,
                      const char *post, client_reply *r);

/* Frees what R holds (not the easy handle). */
void client_reply_free(client_reply *r);

/* The error message of an API error body, into OUT; "HTTP STATUS" when
 * it has none. */
void client_error_text(long http, const char *body, size_t len, char *out,
                       size_t size);

/* ---- small tools (util.c) ---------------------------------------------- */

/* Stores a malloc'd printf-style reason in *CAUSE (CAUSE may be NULL).
 * Returns -1. */
int client_fail(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Copies SRC into DST (SIZE bytes), cut on a UTF-8 boundary. */
void client_copy(char *dst, size_t size, const char *src);

/* True when S is a token fit for a header: 16 to WIRE_TOKEN_MAX bytes of
 * [A-Za-z0-9._~+/=-]. */
bool client_token_valid(const char *s);

/* Parses a decimal booking id (1..2^53) into *OUT. Returns 0, or -1. */
int client_parse_id(const char *s, int64_t *out);

/* A monotonic clock in ms. */
int64_t client_mono_ms(void);

#endif

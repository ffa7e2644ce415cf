/*
 * server.h - porte-server's application: what the route files (api_*.c,
 * page_*.c) share.
 *
 * Every handler gets the porte_app as its `void *app`. The caller's
 * credentials are read once per request by the auth hook (auth.c): a
 * device token, a staff session (bearer token, or the session cookie of
 * the web pages); it answers role bits (APP_ROLE_*) for the route table
 * and attaches an app_principal that handlers read with app_principal().
 * A booking's own secret token is not a principal: the booking routes
 * check it themselves against the booking.
 *
 * Time is app_now(): the system clock, or in tests the clock file (see
 * app_clock_open).
 *
 * Errors go out in the API's shape with app_reply_store / app_reply_rule /
 * app_reply_cause: {"error":{"code":"...","message":"..."}} on /api/
 * paths, a small HTML page elsewhere (http_reply_error).
 */
#ifndef PORTE_SERVER_H
#define PORTE_SERVER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "http.h"
#include "rules.h"
#include "store.h"

/* ---- role bits of the route table (http_route.roles) ------------------ */

enum {
	APP_ROLE_DEVICE = 1u << 0,     /* an enrolled door display */
	APP_ROLE_DESK = 1u << 1,       /* staff: desk */
	APP_ROLE_ROOM_ADMIN = 1u << 2, /* staff: room admin */
	APP_ROLE_FACILITIES = 1u << 3, /* staff: facilities */
	APP_ROLE_SUPERADMIN = 1u << 4, /* staff: super-admin */
	APP_ROLE_STAFF = APP_ROLE_DESK | APP_ROLE_ROOM_ADMIN |
	                 APP_ROLE_FACILITIES | APP_ROLE_SUPERADMIN,
	APP_ROLE_ANY = APP_ROLE_DEVICE | APP_ROLE_STAFF /* any credential */
};

/* The role bit of a staff role. */
unsigned app_role_bit(store_role r);

/* The staff session cookie of the web pages (HttpOnly, SameSite=Strict:
 * set it with http_set_cookie). Its value is a session token, read by the
 * auth hook like a bearer token. A bearer token wins over the cookie. */
#define APP_SESSION_COOKIE "porte_session"

/* ---- who is calling ---------------------------------------------------- */

typedef enum app_principal_kind {
	APP_NOBODY = 0, /* anonymous (or a booker token: see bad_token) */
	APP_DEVICE,     /* a door display: device.id, device.room */
	APP_STAFF       /* a staff session: session.staff.id, .role, .site;
			   session.device_id != 0 for a PIN session opened
			   at that door */
} app_principal_kind;

typedef struct app_principal {
	app_principal_kind kind;
	/* APP_NOBODY: an Authorization header was given but its token is
	 * no device's and no session's (or cannot be read). It may still be
	 * a booking's token; routes that take no booking token answer 401
	 * for it. A stale session cookie leaves the caller anonymous. */
	bool bad_token;
	/* The database failed while checking the credential (busy, I/O):
	 * answer 503, not 401. */
	bool unavailable;
	char token[STORE_TOKEN_LEN]; /* the credential as given, or "" when
	                                it cannot be a token */
	store_device device;         /* APP_DEVICE */
	store_session session;       /* APP_STAFF */
} app_principal;

/* ---- the application --------------------------------------------------- */

typedef struct app_clock app_clock;

typedef struct porte_app {
	porte_store *store;
	/* The HTTP server, once started (NULL before): read it with
	 * atomic_load, or use http_request_server(req) in a handler. */
	_Atomic(http_server *) http;
	char base_url[STORE_URL_MAX + 1]; /* no trailing slash */
	const char *lang;                 /* default language: "fr", "en" */
	app_clock *clock;                 /* NULL: the system clock */
	const char *smtp_url;             /* NULL: mails stay queued */
	const char *mail_from;            /* sender address of the mails */
} porte_app;

/* The time now: the system clock, or the test clock (app_clock_open). */
porte_time app_now(const porte_app *app);

/*
 * The caller of REQ (asks the auth hook once). Never NULL: an anonymous
 * caller gets a principal of kind APP_NOBODY. Borrowed, valid until the
 * request completes.
 */
const app_principal *app_principal_of(http_request *req);

/* True when the caller is staff whose role is one of ROLES (bits). */
bool app_is_staff(http_request *req, unsigned roles);

/* The auth hook given to http_start (auth.c). */
unsigned app_auth(http_request *req, void *app);

/* ---- error replies in the API's shape ---------------------------------- */

/*
 * The HTTP status of a rule refusal: 409 for conflicts with other
 * bookings or with the booking's state (overlap, capacity_full,
 * bad_state, not_confirmed, slot_rebooked), 403 for not_allowed (this
 * actor may not), 422 for every other rule (granularity, max_duration,
 * quotas, checkin_window, confirm_expired, invalid_time...).
 */
unsigned app_rule_status(rule_code rule);

/* Replies the refusal RULE with its code as the error code, and MESSAGE
 * (NULL: rule_code_message). Returns http_reply_error's value. */
int app_reply_rule(http_request *req, rule_code rule, const char *message);

/*
 * Replies the failure S of a store call (STORE_REFUSED: by RULE, through
 * app_reply_rule) with store_errmsg as the message:
 * not_found 404, unauthorized 401, forbidden 403, conflict 409,
 * invalid -> 400 "bad_request", locked 429 "locked", error 500
 * "internal". Returns http_reply_error's value (-1 for STORE_OK).
 */
int app_reply_store(http_request *req, porte_app *app, store_status s,
                    rule_code rule);

/* Replies STATUS with CODE and the malloc'd CAUSE as the message, and
 * frees CAUSE (NULL: "bad request"). Returns http_reply_error's value. */
int app_reply_cause(http_request *req, unsigned status, const char *code,
                    char *cause);

/* ---- the test clock ---------------------------------------------------- */

/*
 * For tests only: a clock that reads the RFC 3339 instant in file PATH,
 * then runs on with real (monotonic) seconds from the moment it read it;
 * when the file changes (another inode, size or modification time) it is
 * read again. Returns 0 and a new clock in *OUT (free with
 * app_clock_free), or -1 with a malloc'd reason in *CAUSE when the file
 * cannot be read or holds no RFC 3339 time.
 */
int app_clock_open(const char *path, app_clock **out, char **cause);

/* Frees C. NULL is accepted. */
void app_clock_free(app_clock *c);

/* The clock's time now (re-reads the file when it changed). */
porte_time app_clock_now(app_clock *c);

/* How many times the file was read (a change shows as a new count; the
 * worker sweeps at once). */
uint64_t app_clock_generation(app_clock *c);

/* ---- the route table and the worker ----------------------------------- */

/* Most routes the table holds, NULL included. */
#define APP_MAX_ROUTES 128

/*
 * Fills OUT (MAX entries) with every route: the API's (api_*.c), then the
 * pages' (page_routes), and a NULL (routes.c). Returns how many routes,
 * or 0 when MAX is too small.
 */
size_t app_routes_fill(const http_route **out, size_t max);

/* Appends the store's metrics to OUT (the /metrics hook). */
void app_metrics(struct strbuf *out, void *app);

typedef struct app_worker app_worker;

/*
 * Starts the background thread of APP: store_sweep now and every 2 s (at
 * once when the test clock jumps), store_purge hourly, and the mail
 * sender when APP->smtp_url is set. Returns 0 and the worker in *OUT, or
 * -1 with a malloc'd reason in *CAUSE.
 */
int app_worker_start(porte_app *app, app_worker **out, char **cause);

/* Stops the worker and frees it; the sweep or mail under way finishes.
 * NULL is accepted. */
void app_worker_stop(app_worker *w);

#endif

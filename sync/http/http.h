/*
 * http.h - the HTTP plumbing of porte-server, over libmicrohttpd.
 *
 * The server hands http_start a route table (one readable list, one entry
 * per route file) and an authenticate hook; this layer does the rest:
 * routing with {params}, 401/403/404/405/413, bounded bodies, strict JSON
 * and form bodies, replies with the API's error shape, ETag/304, long-polls
 * that hold no thread, one log line per request, /healthz and /metrics.
 *
 * A handler runs on one of the server's threads. It either replies (one
 * http_reply_* call) or calls http_wait and returns; returning -1 without a
 * reply sends 500. Everything a handler gets from a request (params,
 * headers, body) is borrowed and valid until the request completes.
 *
 *	static int route_schedule(http_request *req, void *app)
 *	{
 *		const char *room = http_param(req, "room");
 *		...
 *		if (http_etag_matches(req, etag)) {
 *			if (!http_wait_timed_out(req) && wait_s > 0)
 *				return http_wait(req, room, wait_s * 1000);
 *			return http_reply_not_modified(req);
 *		}
 *		http_set_etag(req, etag);
 *		return http_reply_json(req, 200, schedule_json);
 *	}
 *	const http_route route_schedule_entry = {
 *		"GET", "/api/v1/rooms/{room}/schedule", route_schedule, 0};
 */
#ifndef PORTE_HTTP_H
#define PORTE_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct strbuf; /* wire/strbuf.h */

typedef struct http_server http_server;
typedef struct http_request http_request;

/* Largest request body; a larger one gets 413 without being kept. */
#define HTTP_BODY_MAX (64 * 1024)
/* Most params in a pattern, query or form fields kept per request. */
#define HTTP_MAX_PARAMS 8
#define HTTP_MAX_FIELDS 64
/* Longest key of http_wait / http_notify, bytes. */
#define HTTP_KEY_MAX 128

/*
 * A handler: replies to REQ (or waits) and returns 0; returns -1 when it
 * could not, and a 500 is sent if nothing was queued yet.
 */
typedef int (*http_handler)(http_request *req, void *app);

/*
 * One route. PATTERN is matched exactly against the path, segment by
 * segment: a literal ("rooms"), a parameter ("{room}"), or a parameter
 * with a literal prefix or suffix ("{room}.ics"). Where two patterns match,
 * the one with a literal earlier wins. ROLES is 0 for anyone, else the role
 * bits of which the caller needs one (none: 401, others: 403). A parameter
 * named {token} is a secret: the log shows it as "***".
 */
typedef struct http_route {
	const char *method; /* "GET", "POST"...; GET routes answer HEAD */
	const char *pattern;
	http_handler handler;
	unsigned roles;
} http_route;

typedef struct http_config {
	/* "127.0.0.1:8080", "[::1]:0", "0.0.0.0:80"; port 0 picks a free
	 * one (see http_port). */
	const char *listen;
	/* The routes, a NULL-ended array of pointers (each route file
	 * exports its entry). Borrowed: must outlive the server. */
	const http_route *const *routes;
	void *app; /* handed to handlers and hooks */
	/* Caller's role bits from the request (its bearer token...), 0 for
	 * anonymous. Called at most once per request, lazily; it may attach
	 * who the caller is with http_set_principal. NULL: everyone is
	 * anonymous. */
	unsigned (*auth)(http_request *req, void *app);
	/* Appends the app's own Prometheus text to OUT for /metrics. */
	void (*metrics)(struct strbuf *out, void *app);
	FILE *log;             /* one line per request; NULL: stderr */
	unsigned threads;      /* 0: 2 x cores */
	unsigned max_conns;    /* 0: 10000 */
	unsigned per_ip_conns; /* 0: no limit per address */
	unsigned timeout_s;    /* idle connection timeout; 0: 30 */
	size_t header_max;     /* request line + headers; 0: 16 KiB */
	bool trust_forwarded;  /* peer on loopback: use X-Forwarded-For */
	bool secure_cookies;   /* Set-Cookie with Secure (served over TLS) */
	const char *lang;      /* language when Accept-Language has no
				   match: "fr" or "en"; NULL: "fr" */
} http_config;

/*
 * Starts serving CFG (copied but for routes, app and log, which are
 * borrowed). Returns the server, or NULL with a malloc'd reason in *CAUSE
 * (the caller frees; CAUSE may be NULL): bad listen address, a bad route
 * pattern or a duplicate route, the port taken, out of memory.
 */
http_server *http_start(const http_config *cfg, char **cause);

/*
 * Stops SRV and frees it: waiting long-polls are answered 503, requests
 * under way finish or are dropped, every request's state is freed. NULL is
 * accepted. Must not be called from a handler.
 */
void http_stop(http_server *srv);

/* The port SRV listens on (useful after port 0). */
unsigned http_port(const http_server *srv);

/* ---- the request ------------------------------------------------------ */

/* The method ("GET", "HEAD", "POST"...). */
const char *http_method(const http_request *req);

/* The path as received, percent-encoded, without the query string. */
const char *http_path(const http_request *req);

/* The route pattern that matched ("/b/{id}"), or NULL. */
const char *http_route_pattern(const http_request *req);

/* The server the request came to (for http_notify). */
http_server *http_request_server(const http_request *req);

/* The value of path parameter NAME, percent-decoded (valid UTF-8 without
 * NUL or control characters: a path that breaks this got 400 before the
 * handler ran). NULL when the pattern has no such parameter. */
const char *http_param(const http_request *req, const char *name);

/* The first value of query parameter NAME, decoded ('+' and %XX). NULL
 * when absent, or when it is not valid UTF-8 or holds control
 * characters. */
const char *http_query(http_request *req, const char *name);

/* True when the query string does not decode (bad %XX, invalid UTF-8,
 * control characters): every http_query then reads NULL, and a page that
 * takes a query should answer 400 rather than its defaults. */
bool http_query_bad(http_request *req);

/* The value of request header NAME (any case), or NULL. */
const char *http_header(const http_request *req, const char *name);

/* The token of "Authorization: Bearer TOKEN" (scheme in any case, token68
 * characters, at most 512 bytes), or NULL. */
const char *http_bearer(http_request *req);

/* The client's address ("192.0.2.7", "::1"). */
const char *http_client(const http_request *req);

/* "fr" or "en", the best pick of Accept-Language (q-values honoured), else
 * the configured default. Static string. */
const char *http_lang(const http_request *req);

/* The caller's role bits (the auth hook's answer, asked once). */
unsigned http_roles(http_request *req);

/*
 * Attaches who the caller is (a device, a staff session...) to REQ, for
 * the handler; FREE_FN (may be NULL) frees it when the request completes.
 * A second call frees the first principal.
 */
void http_set_principal(http_request *req, void *principal,
                        void (*free_fn)(void *));

/* The principal set by http_set_principal, or NULL; asks the auth hook
 * first if it was not asked yet. */
void *http_principal(http_request *req);

/* The value of cookie NAME, or NULL. */
const char *http_cookie(const http_request *req, const char *name);

/* The body (borrowed, NUL-terminated for convenience) and its length. */
const char *http_body(const http_request *req, size_t *len);

/*
 * Decodes the body as a JSON object (wire_load: valid UTF-8, no NUL, no
 * duplicate keys). Returns 0 with a new reference in *OUT (the caller
 * decrefs it), or -1 after replying 400 itself with a message that says
 * what is wrong; the handler then just returns -1 (no second reply goes
 * out).
 */
int http_body_json(http_request *req, json_t **out);

/* The first value of field NAME of an application/x-www-form-urlencoded
 * body, decoded. NULL when absent, when the body is not such a form, or
 * when the form is malformed (bad encoding, invalid UTF-8, control
 * characters but '\n' and '\r' in values, more than HTTP_MAX_FIELDS). */
const char *http_form(http_request *req, const char *name);

/* ---- replies ----------------------------------------------------------- */

/*
 * Adds header NAME: VALUE to the reply to come (copied); a header of that
 * name set before is replaced (but Set-Cookie, which adds). Returns 0, or
 * -1 for a name or value with control characters, or past 16 headers. Set
 * before the reply; a handler's Cache-Control or Content-Security-Policy
 * replaces this layer's default.
 */
int http_set_header(http_request *req, const char *name, const char *value);

/*
 * Adds a Set-Cookie for NAME=VALUE (cookie-safe characters only) on path
 * "/", HttpOnly, SameSite=Strict, Secure when the server says so
 * (http_config.secure_cookies), for MAX_AGE seconds (0: remove it).
 * Returns 0, or -1 (bad name or value, too many headers).
 */
int http_set_cookie(http_request *req, const char *name, const char *value,
                    long max_age);

/* Sets the reply's ETag to "\"ETAG\"" (ETAG without quotes). As above. */
int http_set_etag(http_request *req, const char *etag);

/* True when If-None-Match lists ETAG (weak comparison) or is "*". */
bool http_etag_matches(const http_request *req, const char *etag);

/*
 * Replies STATUS with JSON J, stolen (freed whatever happens). Content-Type
 * application/json. Returns 0, or -1 when out of memory (nothing sent).
 */
int http_reply_json(http_request *req, unsigned status, json_t *j);

/*
 * Replies STATUS with the error shape: for an /api/ path
 * {"error":{"code":CODE,"message":MESSAGE}}, for other paths a small HTML
 * page with MESSAGE. Returns 0, or -1.
 */
int http_reply_error(http_request *req, unsigned status, const char *code,
                     const char *message);

/* Replies STATUS with the HTML page HTML (copied), text/html UTF-8, with a
 * strict Content-Security-Policy and Referrer-Policy: no-referrer unless
 * set. Returns 0, or -1. */
int http_reply_html(http_request *req, unsigned status, const char *html);

/* Replies STATUS with LEN bytes of BODY (copied) as CONTENT_TYPE. Returns 0,
 * or -1. */
int http_reply_data(http_request *req, unsigned status,
                    const char *content_type, const void *body, size_t len);

/* As http_reply_data with a C string. */
int http_reply_text(http_request *req, unsigned status,
                    const char *content_type, const char *body);

/* Replies 303 See Other to LOCATION (after a form's POST). Returns 0, or
 * -1. */
int http_reply_redirect(http_request *req, const char *location);

/* Replies 304 Not Modified (with the ETag set, if any). Returns 0, or -1. */
int http_reply_not_modified(http_request *req);

/* True once a reply has been queued for REQ. */
bool http_replied(const http_request *req);

/* ---- long-polls -------------------------------------------------------- */

/*
 * Holds REQ until http_notify(KEY) or TIMEOUT_MS (capped to 1 hour) pass,
 * without a thread: the connection is suspended, and the handler is called
 * again, with http_wait_timed_out telling which. The handler returns
 * http_wait's value right after calling it. A notify of KEY that came
 * after this request's handler was (last) called and before http_wait
 * counts: the handler is called again at once, so no change is missed if
 * the app notifies after it commits. KEY is at most HTTP_KEY_MAX bytes.
 * While the server stops, the request gets 503 instead. Returns 0, or -1
 * for an empty or too long key or a request already answered.
 */
int http_wait(http_request *req, const char *key, int timeout_ms);

/* True when the handler is called again because its wait timed out. */
bool http_wait_timed_out(const http_request *req);

/* How many times this request's handler has been called before (0 on the
 * first call). */
unsigned http_wait_count(const http_request *req);

/* Wakes every request waiting on KEY (any thread, any time). Returns how
 * many were woken. */
size_t http_notify(http_server *srv, const char *key);

/* Requests waiting now. */
size_t http_waiting(http_server *srv);

/* ---- HTML -------------------------------------------------------------- */

/* Appends S to OUT with & < > " ' escaped for HTML text and attribute
 * values. Returns 0, or -1 when OUT fails (see strbuf.h). */
int http_html_escape(struct strbuf *out, const char *s);

#endif

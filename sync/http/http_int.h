/*
 * http_int.h - the insides of porte_http, shared by its files and by no
 * one else (see http.h for the interface).
 */
#ifndef PORTE_HTTP_INT_H
#define PORTE_HTTP_INT_H

#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>

#include "http.h"

#define HTTP_MAX_SEGS 16    /* path segments in a pattern */
#define HTTP_MAX_HEADERS 16 /* headers a handler may add */
#define HTTP_BEARER_MAX 512 /* bytes of a bearer token */
#define HTTP_WAIT_BUCKETS 1024
#define HTTP_WAIT_MAX_MS (3600 * 1000)
#define HTTP_RERUN_MAX 8 /* immediate re-runs of a waiting handler */
#define HTTP_NBUCKETS 12 /* duration histogram buckets, +Inf apart */
#define HTTP_NCLASSES 6  /* 1xx..5xx, and none */

/* One segment of a compiled pattern: a literal (PARAM NULL: PREFIX is the
 * whole segment), or PREFIX{PARAM}SUFFIX. */
typedef struct http_seg {
	char *prefix;
	size_t plen;
	char *param;
	char *suffix;
	size_t slen;
} http_seg;

/* Counters of one route (or of a built-in page, or of unmatched paths). */
typedef struct http_slot {
	const char *method; /* NULL: any */
	const char *pattern;
	atomic_uint_fast64_t classes[HTTP_NCLASSES];
	atomic_uint_fast64_t buckets[HTTP_NBUCKETS]; /* cumulative later */
	atomic_uint_fast64_t count;
	atomic_uint_fast64_t sum_us;
} http_slot;

typedef struct http_croute {
	const http_route *route;
	size_t nsegs;
	http_seg segs[HTTP_MAX_SEGS];
	size_t slot;
} http_croute;

typedef struct http_wait_bucket {
	http_request *head;
	uint64_t last_seq; /* server's notify sequence at its last notify */
} http_wait_bucket;

struct http_server {
	http_config cfg;
	struct MHD_Daemon *daemon;
	unsigned port;
	const char *lang;

	http_croute *routes; /* the app's, then /healthz and /metrics */
	size_t nroutes;
	http_route builtin[2];
	http_slot *slots; /* one per route, then the unmatched slot */
	size_t nslots;
	atomic_uint_fast64_t connections;

	/* Long-polls: under wait_lock. */
	pthread_mutex_t wait_lock;
	pthread_cond_t wait_cond; /* the timer's, and http_stop's */
	http_wait_bucket *buckets;
	http_request **heap; /* by deadline */
	size_t nheap;
	size_t heap_cap;
	atomic_uint_fast64_t seq; /* notify sequence, raised under the lock */
	unsigned inflight;        /* resumes being made outside the lock */
	unsigned stop_pending;    /* woken by http_stop, not yet completed */
	bool stopping;
	bool timer_started;
	pthread_t timer;
	atomic_size_t nwaiting;
};

/* A name and decoded value, of a query or a form. */
typedef struct http_field {
	char *name;
	char *value; /* NULL: present but not valid */
} http_field;

/* Blocks freed when the request completes. */
typedef struct http_block {
	struct http_block *next;
} http_block;

typedef enum http_wake {
	HTTP_WAKE_NONE = 0,
	HTTP_WAKE_NOTIFY,
	HTTP_WAKE_TIMEOUT,
	HTTP_WAKE_STOP,
	HTTP_WAKE_RERUN
} http_wake;

struct http_request {
	http_server *srv;
	struct MHD_Connection *conn;
	char *uri;   /* raw request target, malloc'd; PATH and QUERY in it */
	char *path;  /* up to '?' (NUL written there) */
	char *query; /* after '?', raw; NULL when none */
	const char *method;
	const http_croute *route;
	size_t slot;
	char client[INET6_ADDRSTRLEN + 1];
	uint64_t start_ns;
	bool started; /* the first call to the access handler is done */

	const char *param_name[HTTP_MAX_PARAMS];
	char *param_value[HTTP_MAX_PARAMS];
	size_t nparams;

	http_field *queryv;
	size_t nquery;
	bool query_parsed;
	bool query_bad; /* the query did not decode */
	http_field *formv;
	size_t nform;
	bool form_parsed;
	bool form_bad;

	char *body;
	size_t body_len;
	size_t body_cap;
	bool too_big;

	unsigned roles;
	bool roles_known;
	void *principal;
	void (*principal_free)(void *);

	char *hname[HTTP_MAX_HEADERS];
	char *hvalue[HTTP_MAX_HEADERS];
	size_t nheaders;

	unsigned status;
	bool replied;

	/* Long-poll state: under srv->wait_lock while WAITING. */
	char key[HTTP_KEY_MAX + 1];
	size_t bucket;
	http_request *wnext, *wprev; /* bucket list */
	http_request *wake_next;     /* a list being woken */
	size_t heap_index;
	uint64_t deadline_ms;
	bool waiting;      /* in the bucket and the heap */
	bool suspended;    /* suspended by http_wait this call */
	bool stop_counted; /* in srv->stop_pending */
	http_wake wake;    /* why the handler is called again */
	unsigned calls;    /* handler calls so far */
	unsigned reruns;   /* consecutive HTTP_WAKE_RERUN */
	uint64_t seq_snap;
	uint64_t suspend_ns;
	uint64_t waited_ns;

	http_block *blocks;
};

/* Stores a printf-style reason in *CAUSE (when not NULL). Returns -1. */
int http_fail(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Monotonic clock, nanoseconds and milliseconds. */
uint64_t http_now_ns(void);
uint64_t http_now_ms(void);

/* SIZE zeroed bytes (and one more, zero too) freed with REQ. NULL if out
 * of memory. */
void *http_alloc(http_request *req, size_t size);

/* A copy of LEN bytes of S, NUL-terminated, freed with REQ. NULL if out of
 * memory. */
char *http_alloc_copy(http_request *req, const char *s, size_t len);

/* Frees the blocks of REQ. */
void http_free_blocks(http_request *req);

/*
 * Percent-decodes LEN bytes of S (with '+' as space when PLUS) into a block
 * of REQ, then checks it: valid UTF-8, no NUL, no control characters but
 * those in ALLOW (e.g. "\t\r\n"). Returns the value, or NULL.
 */
char *http_decode(http_request *req, const char *s, size_t len, bool plus,
                  const char *allow);

/* Routing: compiles the route table of SRV (app routes and built-ins). */
int http_routes_compile(http_server *srv, char **cause);
void http_routes_free(http_server *srv);

/*
 * Finds the route for REQ's method and path. Returns 1 with REQ->route and
 * its params set; 0 for no path match (404); -2 for a path matched with
 * another method, with the allowed methods in ALLOW; -3 for a param that
 * does not decode (400).
 */
int http_route_find(http_request *req, char *allow, size_t allow_size);

/* Long-polls. */
int http_wait_init(http_server *srv, char **cause);
/* Wakes every waiter with 503-to-come, gives them GRACE_MS to be
 * answered, and stops the timer. */
void http_wait_shutdown(http_server *srv, int grace_ms);
void http_wait_free(http_server *srv);
/* Drops REQ from the waiters if it is there (request completing). */
void http_wait_forget(http_request *req);

/* Metrics. */
void http_metrics_record(http_server *srv, size_t slot, unsigned status,
                         uint64_t active_us);
int http_metrics_text(http_server *srv, struct strbuf *out);

/* Frees what REQ holds, and REQ. */
void http_request_free(http_request *req);

#endif

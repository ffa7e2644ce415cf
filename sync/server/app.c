/*
 * app.c - what every route file of porte-server shares: the clock (the
 * system's, or the test clock file), the caller's principal, error
 * replies in the API's shape, and the store's metrics.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "server.h"
#include "strbuf.h"

/* Longest clock file read: one RFC 3339 time and some space. */
#define CLOCK_FILE_MAX 128

struct app_clock {
	pthread_mutex_t lock;
	char *path;
	porte_time base;      /* the instant read from the file */
	struct timespec mono; /* CLOCK_MONOTONIC when it was read */
	struct stat seen;     /* the file as it was then */
	uint64_t generation;  /* reads so far */
};

static const app_principal nobody = {.kind = APP_NOBODY};

unsigned app_role_bit(store_role r)
{
	switch (r) {
	case ROLE_DESK:
		return APP_ROLE_DESK;
	case ROLE_ROOM_ADMIN:
		return APP_ROLE_ROOM_ADMIN;
	case ROLE_FACILITIES:
		return APP_ROLE_FACILITIES;
	case ROLE_SUPERADMIN:
		return APP_ROLE_SUPERADMIN;
	default:
		return 0;
	}
}

/* ---- the clock --------------------------------------------------------- */

static void set_cause(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Stores a printf-style reason in *CAUSE (when not NULL). */
static void set_cause(char **cause, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	*cause = strdup(buf);
}

/* Reads the instant in the file at PATH into *OUT and its stat into *ST.
 * Returns 0, or -1 with a reason in *CAUSE. */
static int clock_read(const char *path, porte_time *out, struct stat *st,
                      char **cause)
{
	char buf[CLOCK_FILE_MAX + 1];
	size_t n, start = 0;
	FILE *f;
	int rc = -1;

	f = fopen(path, "r");
	if (f == NULL) {
		set_cause(cause, "cannot read the clock file %s: %s", path,
		          strerror(errno));
		return -1;
	}
	if (fstat(fileno(f), st) != 0) {
		set_cause(cause, "cannot read the clock file %s: %s", path,
		          strerror(errno));
		goto out;
	}
	n = fread(buf, 1, CLOCK_FILE_MAX, f);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
	                 buf[n - 1] == ' ' || buf[n - 1] == '\t'))
		buf[--n] = '\0';
	while (buf[start] == ' ' || buf[start] == '\t')
		start++;
	if (cal_parse_rfc3339(buf + start, out) != 0) {
		set_cause(cause,
		          "the clock file %s holds no RFC 3339 time "
		          "(like 2026-11-23T09:30:00Z)",
		          path);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

int app_clock_open(const char *path, app_clock **out, char **cause)
{
	app_clock *c;

	c = calloc(1, sizeof *c);
	if (c == NULL)
		goto oom;
	c->path = strdup(path);
	if (c->path == NULL)
		goto oom;
	if (clock_read(path, &c->base, &c->seen, cause) != 0) {
		free(c->path);
		free(c);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->mono);
	c->generation = 1;
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return 0;
oom:
	if (c != NULL)
		free(c->path);
	free(c);
	set_cause(cause, "out of memory");
	return -1;
}

void app_clock_free(app_clock *c)
{
	if (c == NULL)
		return;
	pthread_mutex_destroy(&c->lock);
	free(c->path);
	free(c);
}

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev &&
	       a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Under the lock: reads the file again when it changed. A stat() per
 * call: the test clock is for tests, where a move must count at once. */
static void clock_poll(app_clock *c, const struct timespec *now)
{
	struct stat st;
	porte_time base;

	if (stat(c->path, &st) != 0 || same_file(&st, &c->seen))
		return;
	if (clock_read(c->path, &base, &st, NULL) != 0)
		return; /* half written or broken: keep the old time */
	c->base = base;
	c->mono = *now;
	c->seen = st;
	c->generation++;
}

porte_time app_clock_now(app_clock *c)
{
	struct timespec now;
	porte_time t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&c->lock);
	clock_poll(c, &now);
	t = c->base + (now.tv_sec - c->mono.tv_sec) -
	    (now.tv_nsec < c->mono.tv_nsec ? 1 : 0);
	pthread_mutex_unlock(&c->lock);
	return t;
}

uint64_t app_clock_generation(app_clock *c)
{
	uint64_t g;

	(void)app_clock_now(c);
	pthread_mutex_lock(&c->lock);
	g = c->generation;
	pthread_mutex_unlock(&c->lock);
	return g;
}

porte_time app_now(const porte_app *app)
{
	struct timespec ts;

	if (app->clock != NULL)
		return app_clock_now(app->clock);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (porte_time)ts.tv_sec;
}

/* ---- the caller -------------------------------------------------------- */

const app_principal *app_principal_of(http_request *req)
{
	const app_principal *p = http_principal(req);

	return p != NULL ? p : &nobody;
}

bool app_is_staff(http_request *req, unsigned roles)
{
	const app_principal *p = app_principal_of(req);

	return p->kind == APP_STAFF &&
	       (app_role_bit(p->session.staff.role) & roles) != 0;
}

/* ---- errors ------------------------------------------------------------ */

unsigned app_rule_status(rule_code rule)
{
	switch (rule) {
	case RULE_OVERLAP:
	case RULE_CAPACITY_FULL:
	case RULE_BAD_STATE:
	case RULE_NOT_CONFIRMED:
	case RULE_SLOT_REBOOKED:
		return 409;
	case RULE_NOT_ALLOWED:
		return 403;
	case RULE_OK:
		return 500; /* not a refusal: a bug if it gets here */
	default:
		return 422;
	}
}

int app_reply_rule(http_request *req, rule_code rule, const char *message)
{
	if (message == NULL || message[0] == '\0')
		message = rule_code_message(rule);
	return http_reply_error(req, app_rule_status(rule),
	                        rule_code_name(rule), message);
}

int app_reply_store(http_request *req, porte_app *app, store_status s,
                    rule_code rule)
{
	const char *msg = store_errmsg(app->store);

	if (msg == NULL || msg[0] == '\0')
		msg = store_status_name(s);
	switch (s) {
	case STORE_OK:
		return -1;
	case STORE_REFUSED:
		return app_reply_rule(req, rule, msg);
	case STORE_NOT_FOUND:
		return http_reply_error(req, 404, "not_found", msg);
	case STORE_UNAUTHORIZED:
		http_set_header(req, "WWW-Authenticate", "Bearer");
		return http_reply_error(req, 401, "unauthorized", msg);
	case STORE_FORBIDDEN:
		return http_reply_error(req, 403, "forbidden", msg);
	case STORE_CONFLICT:
		return http_reply_error(req, 409, "conflict", msg);
	case STORE_INVALID:
		return http_reply_error(req, 400, "bad_request", msg);
	case STORE_LOCKED:
		return http_reply_error(req, 429, "locked", msg);
	case STORE_ERROR:
	default:
		fprintf(stderr, "porte-server: store: %s\n", msg);
		return http_reply_error(req, 500, "internal",
		                        "the server could not do this now; "
		                        "try again");
	}
}

int app_reply_cause(http_request *req, unsigned status, const char *code,
                    char *cause)
{
	int rc = http_reply_error(req, status, code,
	                          cause != NULL ? cause : "bad request");

	free(cause);
	return rc;
}

/* ---- metrics ----------------------------------------------------------- */

void app_metrics(struct strbuf *out, void *arg)
{
	porte_app *app = arg;
	store_metrics m;

	if (store_metrics_get(app->store, app_now(app), &m) != STORE_OK) {
		strbuf_adds(out, "# porte store metrics unavailable\n");
		return;
	}
	strbuf_addf(out,
	            "# HELP porte_sites Sites.\n# TYPE porte_sites gauge\n"
	            "porte_sites %" PRId64 "\n"
	            "# HELP porte_rooms Rooms.\n# TYPE porte_rooms gauge\n"
	            "porte_rooms %" PRId64 "\n"
	            "# HELP porte_staff Staff accounts.\n"
	            "# TYPE porte_staff gauge\nporte_staff %" PRId64 "\n",
	            m.sites, m.rooms, m.staff);
	strbuf_addf(out,
	            "# HELP porte_devices Door displays enrolled, by whether "
	            "they were seen in the last 2 minutes.\n"
	            "# TYPE porte_devices gauge\n"
	            "porte_devices{state=\"online\"} %" PRId64 "\n"
	            "porte_devices{state=\"offline\"} %" PRId64 "\n",
	            m.devices_online, m.devices - m.devices_online);
	strbuf_addf(out,
	            "# HELP porte_bookings Bookings, open (pending, confirmed "
	            "or checked in) and closed.\n"
	            "# TYPE porte_bookings gauge\n"
	            "porte_bookings{state=\"open\"} %" PRId64 "\n"
	            "porte_bookings{state=\"closed\"} %" PRId64 "\n"
	            "# HELP porte_events_total Booking events logged.\n"
	            "# TYPE porte_events_total counter\n"
	            "porte_events_total %" PRId64 "\n",
	            m.bookings_open, m.bookings_total - m.bookings_open,
	            m.events);
	strbuf_addf(out,
	            "# HELP porte_mail Mails waiting to be sent, and given "
	            "up.\n# TYPE porte_mail gauge\n"
	            "porte_mail{state=\"queued\"} %" PRId64 "\n"
	            "porte_mail{state=\"failed\"} %" PRId64 "\n",
	            m.mail_queued, m.mail_failed);
}

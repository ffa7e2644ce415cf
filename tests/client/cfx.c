/*
 * cfx.c - the sync client tests' shared fixture.
 */
#include "cfx.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

static porte_time clock_of(void *arg)
{
	cfx *f = arg;

	return __atomic_load_n(&f->now, __ATOMIC_SEQ_CST);
}

static void on_notify(void *arg)
{
	cfx *f = arg;

	pthread_mutex_lock(&f->mu);
	f->notes++;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

static void on_verify(void *arg, const client_verify_result *r)
{
	cfx *f = arg;

	pthread_mutex_lock(&f->mu);
	f->verify = *r;
	f->nverify++;
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

void cfx_init(cfx *f)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/porte-client-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->cache, sizeof(f->cache), "%s/cache.db", f->dir);
	snprintf(f->token_file, sizeof(f->token_file), "%s/token", f->dir);
	f->now = cfx_time("2026-11-23T08:05:00Z");
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
}

static int rm_one(const char *path, const struct stat *sb, int flag,
                  struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void cfx_done(cfx *f)
{
	cfx_close(f);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
}

void cfx_callbacks(cfx *f, client_options *o)
{
	o->clock = clock_of;
	o->clock_arg = f;
	o->notify = on_notify;
	o->notify_arg = f;
	o->verify_done = on_verify;
	o->verify_arg = f;
}

void cfx_sync_init(cfx *f)
{
	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
}

int cfx_open(cfx *f, const char *room, const char *url)
{
	client_options o;
	char *cause = NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	o.cache_file = f->cache;
	o.token_file = f->token_file;
	o.room = room;
	o.server_url = url;
	o.notify = on_notify;
	o.notify_arg = f;
	o.verify_done = on_verify;
	o.verify_arg = f;
	o.clock = clock_of;
	o.clock_arg = f;
	o.seed = 42;
	rc = client_open(&o, &f->c, &cause);
	free(cause);
	return rc;
}

void cfx_close(cfx *f)
{
	client_close(f->c);
	f->c = NULL;
}

porte_time cfx_time(const char *s)
{
	porte_time t = 0;

	assert_int_equal(cal_parse_rfc3339(s, &t), 0);
	return t;
}

static void add_booking(wire_schedule *s, int64_t id, const char *start,
                        const char *end, booking_status st, const char *title,
                        const char *booker)
{
	wire_booking b;

	memset(&b, 0, sizeof(b));
	b.id = id;
	b.start = cfx_time(start);
	b.end = cfx_time(end);
	b.status = st;
	snprintf(b.title, sizeof(b.title), "%s", title);
	snprintf(b.booker, sizeof(b.booker), "%s", booker);
	b.checkin_opens = b.start - 600;
	b.release_at = b.start + 900;
	assert_int_equal(wire_schedule_add(s, &b), 0);
}

void cfx_sample(wire_schedule *s, const char *etag)
{
	wire_schedule_init(s);
	snprintf(s->room, sizeof(s->room), "%s", CFX_ROOM);
	assert_int_equal(cal_parse_date(CFX_DATE, &s->date), 0);
	snprintf(s->tz, sizeof(s->tz), "Europe/Paris");
	snprintf(s->etag, sizeof(s->etag), "%s", etag);
	s->nopen = 1;
	s->open[0].start = cfx_time("2026-11-23T07:00:00Z");
	s->open[0].end = cfx_time("2026-11-23T19:00:00Z");
	s->nmessages = 1;
	s->messages[0].from = cfx_time("2026-11-23T07:00:00Z");
	s->messages[0].to = cfx_time("2026-11-23T19:00:00Z");
	snprintf(s->messages[0].text, sizeof(s->messages[0].text),
	         "Fermeture à 20 h");
	add_booking(s, 11, "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z",
	            BOOKING_CONFIRMED, "Réunion", "J. D.");
	add_booking(s, 12, "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z",
	            BOOKING_CONFIRMED, "", "");
	add_booking(s, 13, "2026-11-23T13:00:00Z", "2026-11-23T14:00:00Z",
	            BOOKING_PENDING, "", "M. C.");
}

char *cfx_sample_text(const char *etag)
{
	wire_schedule s;
	json_t *j;
	char *text;

	cfx_sample(&s, etag);
	j = wire_schedule_json(&s);
	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT);
	assert_non_null(text);
	json_decref(j);
	wire_schedule_free(&s);
	return text;
}

void cfx_put_sample(cfx *f, const char *etag)
{
	char *text = cfx_sample_text(etag);
	char *cause = NULL;
	cal_date d;

	assert_int_equal(cal_parse_date(CFX_DATE, &d), 0);
	assert_int_equal(client_take_schedule(f->c, d, 200, etag, text,
	                                      strlen(text), &cause),
	                 1);
	free(cause);
	free(text);
}

kiosk_event cfx_event(kiosk_event_type type, const char *ref, porte_time at)
{
	kiosk_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	snprintf(ev.booking, sizeof(ev.booking), "%s", ref);
	ev.at = at;
	return ev;
}

const wire_booking *cfx_find(const client_snap *s, int k, int64_t id)
{
	for (size_t i = 0; i < s->days[k].nbookings; i++) {
		if (s->days[k].bookings[i].id == id)
			return &s->days[k].bookings[i];
	}
	return NULL;
}

static int wait_for(cfx *f, const int *counter, int n, int timeout_ms)
{
	struct timespec ts;
	int got;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&f->mu);
	while (*counter < n &&
	       pthread_cond_timedwait(&f->cv, &f->mu, &ts) != ETIMEDOUT)
		;
	got = *counter;
	pthread_mutex_unlock(&f->mu);
	return got;
}

int cfx_wait_notes(cfx *f, int n, int timeout_ms)
{
	return wait_for(f, &f->notes, n, timeout_ms);
}

int cfx_wait_verify(cfx *f, int n, int timeout_ms)
{
	return wait_for(f, &f->nverify, n, timeout_ms);
}

int64_t cfx_sql_int(const cfx *f, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = 0;

	assert_int_equal(
	        sqlite3_open_v2(f->cache, &db, SQLITE_OPEN_READONLY, NULL),
	        SQLITE_OK);
	/* A door process may be writing (or recovering) the cache now. */
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

void cfx_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

int64_t cfx_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * worker.c - porte-server's background thread: what time alone does.
 *
 * Every 2 s (and at start-up): store_sweep releases no-shows at their
 * deadline, expires unconfirmed bookings and ends finished ones, as of
 * app_now; the mail sender hands queued mails to the SMTP server
 * (store_mail_next -> mail_send -> store_mail_sent / store_mail_failed,
 * which backs off); once an hour store_purge. With the test clock the
 * worker looks at the clock file every 200 ms and sweeps at once when it
 * moved.
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail.h"
#include "server.h"

#define TICK_MS 2000
#define CLOCK_POLL_MS 200
#define SWEEP_LIMIT 500
#define SWEEP_ROUNDS 100 /* SWEEP_LIMIT x this per tick at most */
#define MAILS_PER_TICK 20
#define MAIL_TIMEOUT_MS 30000
#define PURGE_EVERY 3600

struct app_worker {
	porte_app *app;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond; /* on CLOCK_MONOTONIC */
	bool stop;           /* under lock */
	porte_time last_purge;
	uint64_t clock_gen;
};

static void sweep(app_worker *w)
{
	store_sweep_counts c, total = {0, 0, 0};
	porte_time now = app_now(w->app);
	store_status rc;

	for (int i = 0; i < SWEEP_ROUNDS; i++) {
		rc = store_sweep(w->app->store, now, SWEEP_LIMIT, &c);
		if (rc != STORE_OK) {
			fprintf(stderr, "porte-server: sweep: %s\n",
			        store_errmsg(w->app->store));
			break;
		}
		total.released += c.released;
		total.expired += c.expired;
		total.ended += c.ended;
		if (c.released + c.expired + c.ended < SWEEP_LIMIT)
			break;
	}
	if (total.released + total.expired + total.ended > 0)
		fprintf(stderr,
		        "porte-server: sweep: %d released, %d expired, "
		        "%d ended\n",
		        total.released, total.expired, total.ended);
}

static bool stopping(app_worker *w)
{
	bool s;

	pthread_mutex_lock(&w->lock);
	s = w->stop;
	pthread_mutex_unlock(&w->lock);
	return s;
}

static void send_mails(app_worker *w)
{
	porte_app *app = w->app;
	mail_message m;
	store_mail mail;
	store_status rc;
	char *cause;

	for (int i = 0; i < MAILS_PER_TICK && !stopping(w); i++) {
		memset(&mail, 0, sizeof mail);
		rc = store_mail_next(app->store, app_now(app), &mail);
		if (rc == STORE_NOT_FOUND)
			break;
		if (rc != STORE_OK) {
			fprintf(stderr, "porte-server: mail queue: %s\n",
			        store_errmsg(app->store));
			break;
		}
		memset(&m, 0, sizeof m);
		m.from = app->mail_from;
		m.from_name = "Porte";
		m.to = mail.to;
		m.subject = mail.subject;
		m.body = mail.body;
		cause = NULL;
		if (mail_send(app->smtp_url, &m, app_now(app), MAIL_TIMEOUT_MS,
		              &cause) == 0) {
			rc = store_mail_sent(app->store, mail.id, app_now(app));
		} else {
			fprintf(stderr,
			        "porte-server: mail %lld (attempt %d) failed: "
			        "%s\n",
			        (long long)mail.id, mail.attempts + 1,
			        cause != NULL ? cause : "?");
			rc = store_mail_failed(
			        app->store, mail.id, app_now(app),
			        cause != NULL ? cause : "failed");
		}
		free(cause);
		store_mail_clear(&mail);
		if (rc != STORE_OK) {
			fprintf(stderr, "porte-server: mail queue: %s\n",
			        store_errmsg(app->store));
			break;
		}
	}
}

static void purge(app_worker *w)
{
	porte_time now = app_now(w->app);

	if (w->last_purge != 0 && now - w->last_purge < PURGE_EVERY &&
	    now >= w->last_purge)
		return;
	w->last_purge = now;
	if (store_purge(w->app->store, now) != STORE_OK)
		fprintf(stderr, "porte-server: purge: %s\n",
		        store_errmsg(w->app->store));
}

static void work(app_worker *w)
{
	sweep(w);
	if (w->app->smtp_url != NULL)
		send_mails(w);
	purge(w);
}

static void add_ms(struct timespec *t, long ms)
{
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Sleeps until the next tick, a clock jump or the stop. Returns false
 * when stopping. */
static bool wait_tick(app_worker *w)
{
	struct timespec now, tick, step;
	bool stop;

	clock_gettime(CLOCK_MONOTONIC, &tick);
	add_ms(&tick, TICK_MS);
	pthread_mutex_lock(&w->lock);
	for (;;) {
		if (w->stop)
			break;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!before(&now, &tick))
			break;
		step = tick;
		if (w->app->clock != NULL) {
			step = now;
			add_ms(&step, CLOCK_POLL_MS);
			if (before(&tick, &step))
				step = tick;
		}
		pthread_cond_timedwait(&w->cond, &w->lock, &step);
		if (w->app->clock != NULL && !w->stop) {
			uint64_t g;

			pthread_mutex_unlock(&w->lock);
			g = app_clock_generation(w->app->clock);
			pthread_mutex_lock(&w->lock);
			if (g != w->clock_gen) {
				w->clock_gen = g;
				break;
			}
		}
	}
	stop = w->stop;
	pthread_mutex_unlock(&w->lock);
	return !stop;
}

static void *worker_main(void *arg)
{
	app_worker *w = arg;

	if (w->app->clock != NULL)
		w->clock_gen = app_clock_generation(w->app->clock);
	do {
		work(w);
	} while (wait_tick(w));
	return NULL;
}

int app_worker_start(porte_app *app, app_worker **out, char **cause)
{
	pthread_condattr_t attr;
	app_worker *w;
	int rc;

	w = calloc(1, sizeof *w);
	if (w == NULL) {
		if (cause != NULL)
			*cause = strdup("out of memory");
		return -1;
	}
	w->app = app;
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	if (app->smtp_url == NULL)
		fprintf(stderr, "porte-server: no --smtp: mails stay queued "
		                "in the database\n");
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	if (rc != 0) {
		if (cause != NULL)
			*cause = strdup(strerror(rc));
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void app_worker_stop(app_worker *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

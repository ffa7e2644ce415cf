/*
 * test_concurrency.c - many threads on one store: 50 creators of the same
 * slot (exactly one wins), racing door deliveries of one outbox key (one
 * effect), and the change hook, fired once per changed room after commit.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define Y 2026
#define M 3
#define D 2
#define NTHREADS 50

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	fx_open(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	store_set_change_hook(f->st, NULL, NULL);
	fx_close(f);
	free(f);
	return 0;
}

typedef struct racer {
	fixture *f;
	pthread_barrier_t *go;
	int n;
	store_status rc;
	rule_code rule;
	char err[256];
} racer;

static void *create_same_slot(void *arg)
{
	racer *r = arg;
	char email[64];
	store_booking_res res;

	snprintf(email, sizeof(email), "patron%d@univ.fr", r->n);
	pthread_barrier_wait(r->go);
	r->rc = fx_book(r->f, "g1", fx_local(r->f, Y, M, D, 10, 0), 60, email,
	                fx_local(r->f, Y, M, D, 8, 0), &res);
	r->rule = res.rule;
	snprintf(r->err, sizeof(r->err), "%s", store_errmsg(r->f->st));
	return NULL;
}

static void test_fifty_creators(void **state)
{
	fixture *f = *state;
	pthread_t th[NTHREADS];
	racer r[NTHREADS];
	pthread_barrier_t go;
	int won = 0, overlap = 0;

	pthread_barrier_init(&go, NULL, NTHREADS);
	for (int i = 0; i < NTHREADS; i++) {
		r[i].f = f;
		r[i].go = &go;
		r[i].n = i;
		assert_int_equal(
		        pthread_create(&th[i], NULL, create_same_slot, &r[i]),
		        0);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	for (int i = 0; i < NTHREADS; i++) {
		if (r[i].rc == STORE_OK)
			won++;
		else if (r[i].rc == STORE_REFUSED && r[i].rule == RULE_OVERLAP)
			overlap++;
		else
			fail_msg("thread %d: %s %s", i,
			         store_status_name(r[i].rc), r[i].err);
	}
	assert_int_equal(won, 1);
	assert_int_equal(overlap, NTHREADS - 1);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM bookings"), 1);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"), 1);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM mail_queue"), 1);
}

typedef struct deliverer {
	fixture *f;
	pthread_barrier_t *go;
	int64_t booking;
	store_status rc;
	char *result;
} deliverer;

static void *deliver(void *arg)
{
	deliverer *d = arg;
	porte_time start = fx_local(d->f, Y, M, D, 10, 0);
	store_event_in ev;

	memset(&ev, 0, sizeof(ev));
	ev.key = "same-key";
	ev.type = STORE_EV_CHECKIN;
	ev.booking = d->booking;
	ev.at = start + 60;
	pthread_barrier_wait(d->go);
	d->rc = store_outbox_apply(d->f->st, d->f->device, &ev, start + 90,
	                           &d->result, NULL);
	return NULL;
}

static void test_racing_deliveries(void **state)
{
	fixture *f = *state;
	pthread_t th[8];
	deliverer d[8];
	pthread_barrier_t go;
	store_booking_res res;

	assert_int_equal(fx_staff_book(f, "g1", fx_local(f, Y, M, D, 10, 0), 60,
	                               fx_local(f, Y, M, D, 8, 0), &res),
	                 STORE_OK);
	pthread_barrier_init(&go, NULL, 8);
	for (int i = 0; i < 8; i++) {
		d[i].f = f;
		d[i].go = &go;
		d[i].booking = res.id;
		d[i].result = NULL;
		assert_int_equal(pthread_create(&th[i], NULL, deliver, &d[i]),
		                 0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&go);
	for (int i = 0; i < 8; i++) {
		assert_int_equal(d[i].rc, STORE_OK);
		assert_string_equal(d[i].result, d[0].result);
	}
	for (int i = 0; i < 8; i++)
		free(d[i].result);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM events"
	                               " WHERE kind = 'checkin'"),
	                 1);
}

#define MAX_CALLS 64

typedef struct hook_log {
	pthread_mutex_t lock;
	porte_store *st;
	char rooms[MAX_CALLS][STORE_SLUG_MAX + 1];
	int64_t counters[MAX_CALLS];
	int n;
	bool read_schedule;
} hook_log;

static void on_change(const char *room, void *arg)
{
	hook_log *h = arg;
	int64_t counter = -1;

	/* After the commit: the store may be called back, transactions and
	 * all, and the new counter is visible. */
	store_room_counter(h->st, room, &counter);
	if (h->read_schedule) {
		cal_date day = {Y, M, D};
		store_schedule *sc = NULL;

		if (store_schedule_get(h->st, room, day, STORE_VIEW_PUBLIC,
		                       &sc) == STORE_OK &&
		    sc->counter != counter)
			counter = -2;
		store_schedule_free(sc);
	}
	pthread_mutex_lock(&h->lock);
	if (h->n < MAX_CALLS) {
		snprintf(h->rooms[h->n], sizeof(h->rooms[0]), "%s", room);
		h->counters[h->n] = counter;
		h->n++;
	}
	pthread_mutex_unlock(&h->lock);
}

static bool saw(const hook_log *h, const char *room)
{
	for (int i = 0; i < h->n; i++) {
		if (strcmp(h->rooms[i], room) == 0)
			return true;
	}
	return false;
}

static void test_change_hook(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	hook_log *h = calloc(1, sizeof(*h));
	store_schedule *sc = NULL;
	store_booking_res res;
	int64_t counter;
	cal_date day = {Y, M, D};

	assert_non_null(h);
	pthread_mutex_init(&h->lock, NULL);
	h->st = f->st;
	store_set_change_hook(f->st, on_change, h);

	/* A booking: its room, once, with the new counter. */
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, D, 10, 0), 60,
	                         "a@univ.fr", now, &res),
	                 STORE_OK);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->rooms[0], "g1");
	assert_int_equal(store_room_counter(f->st, "g1", &counter), STORE_OK);
	assert_int_equal(h->counters[0], counter);

	/* A refusal, a read: nothing. */
	h->n = 0;
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, D, 10, 0), 60,
	                         "b@univ.fr", now, &res),
	                 STORE_REFUSED);
	assert_int_equal(
	        store_schedule_get(f->st, "g1", day, STORE_VIEW_PUBLIC, &sc),
	        STORE_OK);
	store_schedule_free(sc);
	assert_int_equal(h->n, 0);

	/* A room's rule: that room. */
	assert_int_equal(store_rule_set(f->st, "test", STORE_SCOPE_ROOM, "g2",
	                                "checkin_before", "15", now),
	                 STORE_OK);
	assert_int_equal(h->n, 1);
	assert_string_equal(h->rooms[0], "g2");

	/* A site message, a closure: every room of the site, once each
	 * (and the hook reads each room's schedule as it goes). */
	h->n = 0;
	h->read_schedule = true;
	assert_int_equal(store_message_add(f->st, "test", "bu", now,
	                                   now + 86400, "Grève", now, NULL),
	                 STORE_OK);
	assert_int_equal(h->n, 5);
	assert_true(saw(h, "g1") && saw(h, "g2") && saw(h, "meet") &&
	            saw(h, "train") && saw(h, "shop"));
	for (int i = 0; i < h->n; i++)
		assert_true(h->counters[i] > 0);
	h->n = 0;
	assert_int_equal(store_site_set_date(f->st, "test", "bu", day, NULL,
	                                     "Grève", now),
	                 STORE_OK);
	assert_int_equal(h->n, 5);

	/* The sweep: each room it changed. */
	h->n = 0;
	assert_int_equal(fx_act(f, 1, BOOKING_CONFIRM,
	                        (store_actor){ACTOR_STAFF, f->desk}, now + 60,
	                        &res),
	                 STORE_OK);
	assert_int_equal(h->n, 1);
	h->n = 0;
	{
		store_sweep_counts n;

		assert_int_equal(store_sweep(f->st,
		                             fx_local(f, Y, M, D, 10, 15), 10,
		                             &n),
		                 STORE_OK);
		assert_int_equal(n.released, 1);
	}
	assert_int_equal(h->n, 1);
	assert_string_equal(h->rooms[0], "g1");

	store_set_change_hook(f->st, NULL, NULL);
	pthread_mutex_destroy(&h->lock);
	free(h);
}

/* A thread that used the store and ended: its connection was closed then,
 * and the store still closes cleanly (ASan checks the rest). */
static void *one_read(void *arg)
{
	fixture *f = arg;
	int64_t counter;

	store_room_counter(f->st, "g1", &counter);
	return NULL;
}

static void test_thread_exit(void **state)
{
	fixture *f = *state;
	pthread_t th;

	for (int i = 0; i < 20; i++) {
		assert_int_equal(pthread_create(&th, NULL, one_read, f), 0);
		pthread_join(th, NULL);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_fifty_creators, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_racing_deliveries, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_change_hook, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_thread_exit, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

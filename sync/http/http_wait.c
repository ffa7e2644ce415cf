/*
 * http_wait.c - long-polls that hold no thread.
 *
 * A waiting request's connection is suspended (MHD_suspend_connection) and
 * its state sits in two places under wait_lock: a hash of lists by key (for
 * http_notify) and a binary heap by deadline (for the one timer thread).
 * Waking takes it out of both under the lock, then resumes the connection
 * outside the lock: libmicrohttpd calls the access handler again, which
 * calls the route's handler again.
 *
 * MHD calls never happen under wait_lock. A request is suspended before it
 * is put where another thread could resume it, so a resume never comes
 * before its suspend; INFLIGHT counts resumes being made outside the lock,
 * so that http_stop never stops the daemon with a connection still
 * suspended.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_int.h"

static size_t key_bucket(const char *key)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211u;
	}
	return (size_t)(h % HTTP_WAIT_BUCKETS);
}

/* ---- the heap, by deadline --------------------------------------------- */

static void heap_set(http_server *srv, size_t i, http_request *r)
{
	srv->heap[i] = r;
	r->heap_index = i;
}

static void heap_up(http_server *srv, size_t i)
{
	http_request *r = srv->heap[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (srv->heap[parent]->deadline_ms <= r->deadline_ms)
			break;
		heap_set(srv, i, srv->heap[parent]);
		i = parent;
	}
	heap_set(srv, i, r);
}

static void heap_down(http_server *srv, size_t i)
{
	http_request *r = srv->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= srv->nheap)
			break;
		if (c + 1 < srv->nheap &&
		    srv->heap[c + 1]->deadline_ms < srv->heap[c]->deadline_ms)
			c++;
		if (r->deadline_ms <= srv->heap[c]->deadline_ms)
			break;
		heap_set(srv, i, srv->heap[c]);
		i = c;
	}
	heap_set(srv, i, r);
}

static int heap_push(http_server *srv, http_request *r)
{
	if (srv->nheap == srv->heap_cap) {
		size_t cap = srv->heap_cap ? srv->heap_cap * 2 : 256;
		http_request **h = realloc(srv->heap, cap * sizeof *h);

		if (h == NULL)
			return -1;
		srv->heap = h;
		srv->heap_cap = cap;
	}
	heap_set(srv, srv->nheap++, r);
	heap_up(srv, srv->nheap - 1);
	return 0;
}

static void heap_remove(http_server *srv, http_request *r)
{
	size_t i = r->heap_index;
	http_request *last = srv->heap[--srv->nheap];

	if (i == srv->nheap)
		return;
	heap_set(srv, i, last);
	if (i > 0 && srv->heap[(i - 1) / 2]->deadline_ms > last->deadline_ms)
		heap_up(srv, i);
	else
		heap_down(srv, i);
}

/* ---- waiters ----------------------------------------------------------- */

/* Takes R out of its bucket and the heap. Under wait_lock. */
static void unlink_waiter(http_server *srv, http_request *r)
{
	http_wait_bucket *b = &srv->buckets[r->bucket];

	if (r->wprev != NULL)
		r->wprev->wnext = r->wnext;
	else
		b->head = r->wnext;
	if (r->wnext != NULL)
		r->wnext->wprev = r->wprev;
	r->wnext = r->wprev = NULL;
	heap_remove(srv, r);
	r->waiting = false;
	atomic_fetch_sub(&srv->nwaiting, 1);
}

/* Resumes the connections of the list at HEAD (taken out under the lock,
 * with INFLIGHT raised by one), then lowers INFLIGHT. */
static void resume_list(http_server *srv, http_request *head)
{
	while (head != NULL) {
		http_request *r = head;

		head = r->wake_next;
		r->wake_next = NULL;
		MHD_resume_connection(r->conn);
	}
	pthread_mutex_lock(&srv->wait_lock);
	srv->inflight--;
	if (srv->inflight == 0)
		pthread_cond_broadcast(&srv->wait_cond);
	pthread_mutex_unlock(&srv->wait_lock);
}

static void deadline_to_timespec(uint64_t ms, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000L;
}

static void *timer_main(void *arg)
{
	http_server *srv = arg;

	pthread_mutex_lock(&srv->wait_lock);
	while (!srv->stopping) {
		uint64_t now = http_now_ms();
		http_request *list = NULL;

		while (srv->nheap > 0 && srv->heap[0]->deadline_ms <= now) {
			http_request *r = srv->heap[0];

			unlink_waiter(srv, r);
			r->wake = HTTP_WAKE_TIMEOUT;
			r->wake_next = list;
			list = r;
		}
		if (list != NULL) {
			srv->inflight++;
			pthread_mutex_unlock(&srv->wait_lock);
			resume_list(srv, list);
			pthread_mutex_lock(&srv->wait_lock);
			continue;
		}
		if (srv->nheap == 0) {
			pthread_cond_wait(&srv->wait_cond, &srv->wait_lock);
		} else {
			struct timespec ts;

			deadline_to_timespec(srv->heap[0]->deadline_ms, &ts);
			pthread_cond_timedwait(&srv->wait_cond, &srv->wait_lock,
			                       &ts);
		}
	}
	pthread_mutex_unlock(&srv->wait_lock);
	return NULL;
}

int http_wait_init(http_server *srv, char **cause)
{
	pthread_condattr_t attr;

	srv->buckets = calloc(HTTP_WAIT_BUCKETS, sizeof *srv->buckets);
	if (srv->buckets == NULL)
		return http_fail(cause, "out of memory");
	if (pthread_mutex_init(&srv->wait_lock, NULL) != 0) {
		free(srv->buckets);
		srv->buckets = NULL;
		return http_fail(cause, "cannot create a mutex");
	}
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (pthread_cond_init(&srv->wait_cond, &attr) != 0) {
		pthread_condattr_destroy(&attr);
		pthread_mutex_destroy(&srv->wait_lock);
		free(srv->buckets);
		srv->buckets = NULL;
		return http_fail(cause, "cannot create a condition");
	}
	pthread_condattr_destroy(&attr);
	if (pthread_create(&srv->timer, NULL, timer_main, srv) != 0) {
		pthread_cond_destroy(&srv->wait_cond);
		pthread_mutex_destroy(&srv->wait_lock);
		free(srv->buckets);
		srv->buckets = NULL;
		return http_fail(cause, "cannot start the timer thread");
	}
	srv->timer_started = true;
	return 0;
}

int http_wait(http_request *req, const char *key, int timeout_ms)
{
	http_server *srv = req->srv;
	http_wait_bucket *b;
	size_t n;

	if (req->replied || req->suspended || key == NULL)
		return -1;
	n = strnlen(key, HTTP_KEY_MAX + 1);
	if (n == 0 || n > HTTP_KEY_MAX)
		return -1;
	if (timeout_ms < 0)
		timeout_ms = 0;
	if (timeout_ms > HTTP_WAIT_MAX_MS)
		timeout_ms = HTTP_WAIT_MAX_MS;
	memcpy(req->key, key, n + 1);
	req->bucket = key_bucket(key);
	req->deadline_ms = http_now_ms() + (uint64_t)timeout_ms;
	req->wake = HTTP_WAKE_NONE;
	req->suspended = true;
	req->suspend_ns = http_now_ns();
	MHD_suspend_connection(req->conn);

	pthread_mutex_lock(&srv->wait_lock);
	b = &srv->buckets[req->bucket];
	if (srv->stopping) {
		req->wake = HTTP_WAKE_STOP;
	} else if (b->last_seq > req->seq_snap &&
	           req->reruns < HTTP_RERUN_MAX) {
		req->wake = HTTP_WAKE_RERUN;
	} else if (heap_push(srv, req) != 0) {
		req->wake = HTTP_WAKE_STOP;
	} else {
		req->wnext = b->head;
		req->wprev = NULL;
		if (b->head != NULL)
			b->head->wprev = req;
		b->head = req;
		req->waiting = true;
		atomic_fetch_add(&srv->nwaiting, 1);
		if (req->heap_index == 0)
			pthread_cond_broadcast(&srv->wait_cond);
	}
	pthread_mutex_unlock(&srv->wait_lock);
	if (req->wake != HTTP_WAKE_NONE)
		MHD_resume_connection(req->conn);
	return 0;
}

bool http_wait_timed_out(const http_request *req)
{
	return req->wake == HTTP_WAKE_TIMEOUT;
}

unsigned http_wait_count(const http_request *req)
{
	return req->calls;
}

size_t http_notify(http_server *srv, const char *key)
{
	http_request *list = NULL, *r, *next;
	http_wait_bucket *b;
	size_t woken = 0;

	if (srv == NULL || key == NULL)
		return 0;
	pthread_mutex_lock(&srv->wait_lock);
	b = &srv->buckets[key_bucket(key)];
	b->last_seq = atomic_fetch_add(&srv->seq, 1) + 1;
	for (r = b->head; r != NULL; r = next) {
		next = r->wnext;
		if (strcmp(r->key, key) != 0)
			continue;
		unlink_waiter(srv, r);
		r->wake = HTTP_WAKE_NOTIFY;
		r->wake_next = list;
		list = r;
		woken++;
	}
	if (list != NULL)
		srv->inflight++;
	pthread_mutex_unlock(&srv->wait_lock);
	if (list != NULL)
		resume_list(srv, list);
	return woken;
}

size_t http_waiting(http_server *srv)
{
	return atomic_load(&srv->nwaiting);
}

void http_wait_forget(http_request *req)
{
	http_server *srv = req->srv;

	pthread_mutex_lock(&srv->wait_lock);
	if (req->waiting)
		unlink_waiter(srv, req);
	if (req->stop_counted) {
		req->stop_counted = false;
		if (--srv->stop_pending == 0)
			pthread_cond_broadcast(&srv->wait_cond);
	}
	pthread_mutex_unlock(&srv->wait_lock);
}

void http_wait_shutdown(http_server *srv, int grace_ms)
{
	http_request *list = NULL;
	struct timespec until;

	if (!srv->timer_started)
		return;
	pthread_mutex_lock(&srv->wait_lock);
	srv->stopping = true;
	while (srv->nheap > 0) {
		http_request *r = srv->heap[0];

		unlink_waiter(srv, r);
		r->wake = HTTP_WAKE_STOP;
		r->stop_counted = true;
		srv->stop_pending++;
		r->wake_next = list;
		list = r;
	}
	srv->inflight++;
	pthread_cond_broadcast(&srv->wait_cond);
	pthread_mutex_unlock(&srv->wait_lock);
	resume_list(srv, list);
	/* Give the woken a moment to get their 503 out. */
	deadline_to_timespec(http_now_ms() + (uint64_t)grace_ms, &until);
	pthread_mutex_lock(&srv->wait_lock);
	while (srv->inflight > 0)
		pthread_cond_wait(&srv->wait_cond, &srv->wait_lock);
	while (srv->stop_pending > 0) {
		if (pthread_cond_timedwait(&srv->wait_cond, &srv->wait_lock,
		                           &until) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&srv->wait_lock);
	pthread_join(srv->timer, NULL);
	srv->timer_started = false;
}

void http_wait_free(http_server *srv)
{
	if (srv->buckets == NULL)
		return;
	pthread_cond_destroy(&srv->wait_cond);
	pthread_mutex_destroy(&srv->wait_lock);
	free(srv->buckets);
	free(srv->heap);
	srv->buckets = NULL;
	srv->heap = NULL;
}

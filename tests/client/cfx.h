/*
 * cfx.h - what the sync client's tests share: a temporary directory, a
 * client over a cache in it with a clock the test sets, a sample schedule
 * (room "g1", 2026-11-23, Europe/Paris), waiting for notifications, and
 * cmocka's includes.
 */
#ifndef PORTE_TEST_CLIENT_CFX_H
#define PORTE_TEST_CLIENT_CFX_H

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "../../kiosk/state.h"
#include "client.h"
#include "client_int.h"

#define CFX_ROOM "g1"
#define CFX_DATE "2026-11-23"
#define CFX_ETAG "7-2026-11-23-d"

typedef struct cfx {
	char dir[128];
	char cache[192];
	char token_file[192];
	porte_time now; /* the client's clock */
	porte_client *c;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int notes; /* notify calls */
	int nverify;
	client_verify_result verify;
} cfx;

/* A fresh temporary directory; no client yet. */
void cfx_init(cfx *f);

/* Closes the client and removes the directory. */
void cfx_done(cfx *f);

/* Opens F->c over F->cache for ROOM (NULL: stored) and URL (may be NULL),
 * with F's clock, notify and verify callbacks and a fixed seed. Returns
 * client_open's value. */
int cfx_open(cfx *f, const char *room, const char *url);

/* Sets O's clock to F->now and its notify and verify callbacks to count
 * into F (F's mutex and condition must be initialised: cfx_init, or
 * cfx_sync_init). */
void cfx_callbacks(cfx *f, client_options *o);

/* Initialises only F's counters, mutex and condition. */
void cfx_sync_init(cfx *f);

/* Closes F->c (if open). */
void cfx_close(cfx *f);

/* The instant of RFC 3339 text S (fails the test when malformed). */
porte_time cfx_time(const char *s);

/* The sample schedule with ETAG: open 08:00-20:00 Paris (07:00Z-19:00Z);
 * bookings 11 (08:00Z-09:00Z confirmed, "Réunion", "J. D."), 12
 * (10:00Z-11:00Z confirmed), 13 (13:00Z-14:00Z pending); one message. */
void cfx_sample(wire_schedule *s, const char *etag);

/* Its JSON text, malloc'd. */
char *cfx_sample_text(const char *etag);

/* Puts the sample into F's cache through client_take_schedule. */
void cfx_put_sample(cfx *f, const char *etag);

/* A kiosk event of TYPE on booking REF at AT. */
kiosk_event cfx_event(kiosk_event_type type, const char *ref, porte_time at);

/* The snapshot's booking of id ID in day K, or NULL. */
const wire_booking *cfx_find(const client_snap *s, int k, int64_t id);

/* Waits until F has seen at least N notifications, or TIMEOUT_MS pass.
 * Returns the count. */
int cfx_wait_notes(cfx *f, int n, int timeout_ms);

/* Waits until a verify answer came, or TIMEOUT_MS pass. Returns the
 * count. */
int cfx_wait_verify(cfx *f, int n, int timeout_ms);

/* Runs SQL on F's cache through a separate connection; the first column
 * of the first row as an integer (0 when none). */
int64_t cfx_sql_int(const cfx *f, const char *sql);

/* Writes TEXT to file PATH. */
void cfx_write_file(const char *path, const char *text);

/* Milliseconds of a monotonic clock. */
int64_t cfx_ms(void);

#endif

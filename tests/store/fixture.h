/*
 * fixture.h - what the store tests share: a store in a fresh temporary
 * directory with one site ("bu", Europe/Paris, Monday to Saturday
 * 08:00-20:00, e-mails of univ.fr) and its rooms, local times, the booker
 * token from a queued mail, and cmocka's includes.
 */
#ifndef PORTE_TEST_STORE_FIXTURE_H
#define PORTE_TEST_STORE_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store.h"

typedef struct fixture {
	char dir[128];
	char path[192];
	porte_store *st;
	const tz_zone *tz;
	int64_t desk;     /* desk staff of "bu" */
	int64_t admin;    /* room admin of "bu", referent of "train" */
	int64_t super;    /* super-admin */
	int64_t facility; /* facilities */
	int64_t device;   /* the door of "g1" */
	char device_token[STORE_TOKEN_LEN];
} fixture;

/* Rooms of "bu": g1, g2 (group), meet (meeting), train (training), shop
 * (workshop, capacity 3). */

/* Makes a temporary directory and an empty migrated store in it (no
 * site). Fails the test on error. */
void fx_open_empty(fixture *f);

/* fx_open_empty, then the site, its rooms, four staff members (PINs
 * 111111, 222222, 333333, 444444; password "password-1"...) and an
 * enrolled door for g1. */
void fx_open(fixture *f);

/* Closes the store and removes the directory. */
void fx_close(fixture *f);

/* Paris local time Y-M-D H:M as an instant (must exist). */
porte_time fx_local(const fixture *f, int y, int mo, int d, int h, int mi);

/* The booker token in the last mail queued to EMAIL (from its confirm
 * link) into TOKEN; fails the test when there is none. */
void fx_mail_token(const fixture *f, const char *email,
                   char token[STORE_TOKEN_LEN]);

/* Runs SQL on the database file with a separate connection; returns the
 * first column of the first row as an integer (0 when none). */
int64_t fx_sql_int(const fixture *f, const char *sql);

/* Patron booking of ROOM from START for MINUTES by EMAIL at NOW. */
store_status fx_book(fixture *f, const char *room, porte_time start,
                     int minutes, const char *email, porte_time now,
                     store_booking_res *res);

/* Staff booking (confirmed at once, by the room admin). */
store_status fx_staff_book(fixture *f, const char *room, porte_time start,
                           int minutes, porte_time now, store_booking_res *res);

/* Applies action KIND by ACTOR on booking ID at NOW. */
store_status fx_act(fixture *f, int64_t id, booking_action_kind kind,
                    store_actor actor, porte_time now, store_booking_res *res);

#endif

/*
 * kiosk_test.h - shared helpers of the door display's tests.
 */
#ifndef PORTE_KIOSK_TEST_H
#define PORTE_KIOSK_TEST_H

#include <stdbool.h>

#include "fixture.h"
#include "state.h"
#include "ui.h"

/* Loads fixtures/NAME.json into a fresh *ST and sets *NOW; fails the test
 * on error. Free with kiosk_state_free. */
void kt_load(const char *name, kiosk_state *st, porte_time *now);

/* An empty room of kind group in Europe/Paris, open mon-sun 08:00-20:00,
 * default rules. */
void kt_room(kiosk_state *st);

/* The instant of local Paris time "2026-11-23 HH:MM:SS" (UTC+1). */
porte_time kt_at(int hour, int minute, int second);

/* Adds a booking ID of [START, END) with STATUS; returns its index. */
int kt_book(kiosk_state *st, const char *id, porte_time start, porte_time end,
            booking_status status);

/* Sets the language of _() for LANG (fails if the catalog is missing). */
void kt_lang(kiosk_lang lang);

/* The first text command equal to TEXT, or -1. */
int kt_find_text(const ui_list *l, const char *text);

/* True when some text command contains NEEDLE. */
bool kt_text_contains(const ui_list *l, const char *needle);

/* The number of targets with action ACT (and ARG unless ARG < -1). */
int kt_count_targets(const ui_list *l, kiosk_action_id act, int arg);

#endif

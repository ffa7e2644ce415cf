/*
 * stats.h - check-in statistics, computed from the event log and nothing
 * else.
 *
 * Feed the events of every booking of interest (each booking's events in
 * time order; bookings may come in any order), then read the figures.
 *
 * Definitions (all hours are seconds here; clipped to the period):
 * - a booking counts in the period when its start is in [FROM, TO);
 * - due: confirmed (or created confirmed) and neither cancelled nor removed
 *   before its start; a due booking either was checked in (a show) or not
 *   (a no-show: auto-released, or removed by staff after its start);
 * - check-in rate = shows / due; no-show rate = no-shows / due;
 * - booked: scheduled time of due bookings (start to final scheduled end);
 * - occupied: checked-in time, from max(check-in, start) to the end (early
 *   end, removal or scheduled end);
 * - released: time handed back before its scheduled end: by auto-release
 *   (from the release instant), end-now (from the end) and staff removal
 *   (from max(removal, start));
 * - reclaimed: the part of released time that another booking of the same
 *   room, created after the release, occupies or holds (booked);
 * - by room, by local weekday x hour of the site's zone, by ISO week.
 */
#ifndef PORTE_STATS_H
#define PORTE_STATS_H

#include <stdint.h>

#include "caltime.h"
#include "tz.h"

typedef enum stats_event_kind {
	STATS_CREATED = 0, /* START, END: the slot; WALK_IN: checked in too;
			      CONFIRMED: created confirmed (staff, device) */
	STATS_CONFIRMED,
	STATS_CHECKED_IN,
	STATS_EXTENDED, /* END: the new end */
	STATS_ENDED,    /* AT: when (early or at the scheduled end) */
	STATS_RELEASED,
	STATS_CANCELLED, /* by the booker, staff or expiry */
	STATS_REMOVED
} stats_event_kind;

typedef struct stats_event {
	int64_t booking_id;
	int64_t room_id;
	stats_event_kind kind;
	porte_time at;
	porte_time start; /* STATS_CREATED */
	porte_time end;   /* STATS_CREATED, STATS_EXTENDED */
	bool walk_in;     /* STATS_CREATED */
	bool confirmed;   /* STATS_CREATED */
} stats_event;

typedef struct stats_figures {
	int64_t bookings; /* created with start in the period */
	int64_t due;
	int64_t shows;    /* due and checked in */
	int64_t no_shows; /* due and never checked in */
	int64_t auto_released;
	int64_t removed;
	int64_t cancelled;
	int64_t walk_ins;
	double checkin_rate; /* shows / due, 0 when due is 0 */
	double no_show_rate;
	int64_t booked_s;
	int64_t occupied_s;
	int64_t released_s;
	int64_t reclaimed_s;
} stats_figures;

typedef struct stats stats;

/* A new accumulator for [FROM, TO) read in zone TZ (borrowed, must outlive
 * it). NULL if out of memory. */
stats *stats_new(const tz_zone *tz, porte_time from, porte_time to);

/* Frees S. NULL is accepted. */
void stats_free(stats *s);

/* Adds one event. Returns 0, or -1 when out of memory or E is not in time
 * order for its booking. */
int stats_add(stats *s, const stats_event *e);

/* Computes the figures from every event added, as of NOW (a booking whose
 * deadline has not passed yet is not a no-show). Returns 0, or -1 when out
 * of memory. Call once, after the last stats_add. */
int stats_finish(stats *s, porte_time now);

/* The figures over every room. */
const stats_figures *stats_total(const stats *s);

/* Rooms seen, and the figures of the I-th (ordered by room id). */
size_t stats_room_count(const stats *s);
const stats_figures *stats_room(const stats *s, size_t i, int64_t *room_id);

/* Booked and occupied seconds by local weekday (0 = Monday) and hour. */
int64_t stats_booked_at(const stats *s, int weekday, int hour);
int64_t stats_occupied_at(const stats *s, int weekday, int hour);

/* Weeks (ISO, Monday 00:00 local) overlapping the period, and the figures
 * of the I-th (bookings by their start), with its Monday in *MONDAY. */
size_t stats_week_count(const stats *s);
const stats_figures *stats_week(const stats *s, size_t i, cal_date *monday);

#endif

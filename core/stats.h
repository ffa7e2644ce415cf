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
 *
 * Decisions where the definitions above are silent:
 * - a booking's first event must be its STATS_CREATED: stats_add refuses
 *   (-1) any other event of a booking it has not seen created, and a second
 *   STATS_CREATED of the same booking;
 * - a check-in implies the booking was confirmed; a walk-in is created
 *   checked in, at its AT;
 * - once a booking has ended, been released, cancelled or removed, its later
 *   events are checked for time order and otherwise ignored, with one
 *   exception: a check-in after an auto-release (a late offline check-in the
 *   server accepted) undoes the release: the booking is a show, its time is
 *   no longer released and it is not counted as auto-released;
 * - a cancellation at or after the start is read like a removal at or after
 *   the start (due, released from then on); "before its start" is strict;
 * - not due yet (as of NOW, neither show nor no-show, not in due, booked,
 *   occupied, released or reclaimed): a confirmed booking that is not
 *   checked in, has no ending event (ended, released, cancelled, removed)
 *   and whose scheduled end is after NOW. A checked-in booking is a show
 *   even before its start;
 * - the intervals are not cut at NOW: a checked-in booking in progress is
 *   occupied until its scheduled end, as the schedule stands at NOW;
 * - released time belongs to the booking that handed it back; reclaimed
 *   time is counted there too, by its room and week. A booking "created
 *   after the release" has its STATS_CREATED at or after the release's AT
 *   (same second included); only due bookings hold time;
 * - auto_released, removed and cancelled count the bookings of the period
 *   in that final state, due or not; walk_ins the walk-ins of the period;
 * - stats_room lists the rooms with at least one booking in the period.
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
 * it). TO <= FROM is an empty period. NULL if out of memory, or when FROM or
 * TO is outside the years 1970..9999 or the period is longer than 100 years
 * (36,600 days). */
stats *stats_new(const tz_zone *tz, porte_time from, porte_time to);

/* Frees S. NULL is accepted. */
void stats_free(stats *s);

/* Adds one event (copied). Returns 0, or -1 when out of memory, when E is
 * older than its booking's previous event, is not preceded by its booking's
 * STATS_CREATED (or is a second one), has an END not after the booking's
 * START (STATS_CREATED, STATS_EXTENDED) or an unknown kind, after
 * stats_finish, or beyond the caps (50 million events, 10 million bookings,
 * 1 million rooms). S is unchanged on failure. */
int stats_add(stats *s, const stats_event *e);

/* Computes the figures from every event added, as of NOW (a booking whose
 * deadline has not passed yet is not a no-show). Returns 0, or -1 when out
 * of memory or called a second time. Call once, after the last stats_add;
 * before it every figure reads 0. */
int stats_finish(stats *s, porte_time now);

/* Adds the figures of PART to INTO, both finished, of the same period
 * and zone (the same TZ pointer) and with no room in common: totals,
 * rooms, weekday x hour cells and weeks are sums (a booking's reclaimed
 * time only ever comes from its own room), and the rates are recomputed
 * from the counts. The figures of INTO are then exactly those one
 * accumulator fed with both's events would give. PART is borrowed and
 * unchanged. Returns 0, or -1 when out of memory, when either is not
 * finished, when the periods or zones differ or when a room has bookings
 * of the period in both; INTO is unchanged on failure. */
int stats_merge(stats *into, const stats *part);

/* The figures over every room. */
const stats_figures *stats_total(const stats *s);

/* Rooms seen, and the figures of the I-th (ordered by room id; its id in
 * *ROOM_ID when ROOM_ID is not NULL). NULL when I is out of range. */
size_t stats_room_count(const stats *s);
const stats_figures *stats_room(const stats *s, size_t i, int64_t *room_id);

/* Booked and occupied seconds by local weekday (0 = Monday) and hour
 * (0..23, the wall clock's: on the autumn change both 02:00-03:00 hours go
 * to hour 2). 0 when WEEKDAY or HOUR is out of range. */
int64_t stats_booked_at(const stats *s, int weekday, int hour);
int64_t stats_occupied_at(const stats *s, int weekday, int hour);

/* Weeks (ISO, Monday 00:00 local) overlapping the period, and the figures
 * of the I-th (bookings by their local start date), with its Monday in
 * *MONDAY when MONDAY is not NULL. NULL when I is out of range. */
size_t stats_week_count(const stats *s);
const stats_figures *stats_week(const stats *s, size_t i, cal_date *monday);

#endif

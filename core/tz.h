/*
 * tz.h - local time of an IANA zone (Europe/Paris, America/New_York...).
 *
 * A tz_zone is read once from the system's tz database (TZif files under
 * $TZDIR or /usr/share/zoneinfo) and is then immutable: every function below
 * is pure and may be called from several threads at once. No global state,
 * no setenv("TZ").
 *
 * Days of 23 and 25 hours are handled; a local time that does not exist (the
 * spring gap) or exists twice (the autumn overlap) is reported, never
 * silently shifted.
 */
#ifndef PORTE_TZ_H
#define PORTE_TZ_H

#include "caltime.h"

typedef struct tz_zone tz_zone;

typedef enum tz_local_result {
	TZ_LOCAL_OK = 0,          /* exactly one instant */
	TZ_LOCAL_NONEXISTENT = 1, /* in a gap: no instant has this wall time */
	TZ_LOCAL_AMBIGUOUS = 2,   /* in an overlap: two instants have it */
	TZ_LOCAL_INVALID = -1     /* not a valid date and time */
} tz_local_result;

/*
 * Loads zone NAME ("Europe/Paris", "UTC") from $TZDIR, or /usr/share/zoneinfo
 * when TZDIR is unset. NAME must be a plain zone name: no leading '/', no
 * "..", at most 64 bytes of [A-Za-z0-9/_+-]. Returns 0 and a new zone in
 * *OUT (free with tz_free), or -1 with a malloc'd reason in *CAUSE (the
 * caller frees it; CAUSE may be NULL).
 */
int tz_load(const char *name, tz_zone **out, char **cause);

/*
 * Builds a zone named NAME from the bytes of a TZif file (versions 1 to 4;
 * the 64-bit section and the POSIX TZ footer are used when present, so
 * instants after the last listed transition follow the footer's rule).
 * Returns 0 and a new zone in *OUT, or -1 with a reason in *CAUSE as above.
 * Never reads outside DATA[0..LEN).
 */
int tz_parse(const char *name, const void *data, size_t len, tz_zone **out,
             char **cause);

/* Frees Z. NULL is accepted. */
void tz_free(tz_zone *z);

/* The zone's name as given to tz_load / tz_parse (borrowed). */
const char *tz_name(const tz_zone *z);

/* Seconds east of UTC in force at instant T. */
int tz_offset_at(const tz_zone *z, porte_time t);

/* tz_offset_at(Z, T), and in [*FROM, *UNTIL) a span holding T over which
 * it is the same (from the zone's change before T, or INT64_MIN, to its
 * next change, or INT64_MAX): what a caller may keep to read the offsets
 * of nearby instants without a search. */
int tz_offset_span(const tz_zone *z, porte_time t, porte_time *from,
                   porte_time *until);

/* The local wall-clock date and time at instant T. */
cal_datetime tz_to_local(const tz_zone *z, porte_time t);

/* The local date at instant T. */
cal_date tz_date_of(const tz_zone *z, porte_time t);

/* Minutes since local midnight on the wall clock at T (0..1439). */
int tz_minute_of_day(const tz_zone *z, porte_time t);

/*
 * The instant(s) of local wall time LOCAL.
 * TZ_LOCAL_OK: *FIRST and *SECOND both hold the instant.
 * TZ_LOCAL_AMBIGUOUS: *FIRST is the earlier instant (offset before the
 *   change), *SECOND the later one.
 * TZ_LOCAL_NONEXISTENT: *FIRST is the instant of the transition that skips
 *   LOCAL (the first instant after the gap), *SECOND the same; callers that
 *   want strictness refuse this result.
 * TZ_LOCAL_INVALID: nothing is written.
 * FIRST or SECOND may be NULL.
 */
tz_local_result tz_from_local(const tz_zone *z, cal_datetime local,
                              porte_time *first, porte_time *second);

/*
 * The local day D as instants [*START, *END): from its first instant to the
 * first instant of the next day. END - START is 23, 24 or 25 hours (or
 * whatever the zone's history says). Works when midnight itself falls in a
 * gap. Returns 0, or -1 for an invalid D (nothing written).
 */
int tz_day_bounds(const tz_zone *z, cal_date d, porte_time *start,
                  porte_time *end);

/*
 * Slot grid of STEP minutes (1..1440), aligned on local midnight of the wall
 * clock. tz_on_grid: T's wall time has seconds 0 and minute-of-day a multiple
 * of STEP. tz_grid_floor / tz_grid_ceil: the latest grid instant <= T / the
 * earliest >= T. Grid wall times that fall in a gap have no instant and
 * are skipped; in an overlap both instants are on the grid. A STEP outside
 * 1..1440 has no grid: tz_on_grid is false and floor / ceil return T.
 */
bool tz_on_grid(const tz_zone *z, porte_time t, int step);
porte_time tz_grid_floor(const tz_zone *z, porte_time t, int step);
porte_time tz_grid_ceil(const tz_zone *z, porte_time t, int step);

#endif

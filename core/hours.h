/*
 * hours.h - a site's opening hours: a weekly pattern in local wall time,
 * plus closures and exceptional hours on given dates.
 */
#ifndef PORTE_HOURS_H
#define PORTE_HOURS_H

#include "caltime.h"
#include "rules.h"
#include "tz.h"

#define HOURS_MAX_SPANS 4         /* open spans in one day */
#define HOURS_MAX_EXCEPTIONS 4096 /* dated closures / exceptional days */

/* Minutes since local midnight: 0 <= open < close <= 1440. */
typedef struct hours_span {
	int open;
	int close;
} hours_span;

/* One day's hours; count 0 means closed all day. Spans sorted, disjoint. */
typedef struct hours_day {
	int count;
	hours_span span[HOURS_MAX_SPANS];
} hours_day;

typedef struct opening_hours opening_hours;

/* A new set of hours, closed every day with no exceptions; NULL if out of
 * memory. Free with hours_free. */
opening_hours *hours_new(void);

/* Frees H. NULL is accepted. */
void hours_free(opening_hours *h);

/*
 * Parses one day's hours: "08:00-12:00 13:30-18:00", "08:00-20:00",
 * "closed", or "00:00-24:00". Returns 0, or -1 with a malloc'd reason in
 * *CAUSE (caller frees; may be NULL) and *OUT untouched.
 */
int hours_parse_day(const char *spec, hours_day *out, char **cause);

/*
 * Replaces the weekly pattern of H by SPEC, a comma-separated list of
 * "DAYS HOURS" items: "mon-fri 08:00-20:00, sat 09:00-13:00". DAYS is a day
 * (mon tue wed thu fri sat sun) or a range (mon-fri, fri-mon wraps); HOURS
 * as for hours_parse_day. Days not named are closed; naming a day twice is
 * an error. "24/7" opens every day all day. Returns 0, or -1 with H
 * unchanged and a reason in *CAUSE.
 */
int hours_parse_week(opening_hours *h, const char *spec, char **cause);

/* Writes the weekly pattern in the canonical form hours_parse_week reads
 * back ("mon-fri 08:00-20:00, sat 09:00-13:00"; "closed" when never open).
 * Returns the length it needed, like snprintf. */
int hours_format_week(const opening_hours *h, char *buf, int len);

/* Sets weekday WD (0 = Monday) to DAY. Returns 0, or -1 for bad input. */
int hours_set_weekday(opening_hours *h, int wd, const hours_day *day);

/*
 * Sets the exceptional hours of date D (a closure when DAY->count is 0),
 * replacing any earlier exception of that date. Returns 0, or -1 for bad
 * input or when HOURS_MAX_EXCEPTIONS is reached.
 */
int hours_set_date(opening_hours *h, cal_date d, const hours_day *day);

/* Removes the exception of date D, if any. */
void hours_clear_date(opening_hours *h, cal_date d);

/* The hours in force on local date D: its exception, else its weekday's. */
void hours_for_date(const opening_hours *h, cal_date d, hours_day *out);

/* True when date D has an exception (closure or exceptional hours). */
bool hours_is_exception(const opening_hours *h, cal_date d);

/*
 * The open spans of local date D as instants, into STARTS/ENDS (room for MAX
 * each). Wall times that fall in a DST gap move to the end of the gap; in an
 * overlap the earlier instant opens and the later one closes. Returns the
 * number of spans.
 */
int hours_spans_on(const opening_hours *h, const tz_zone *z, cal_date d,
                   porte_time *starts, porte_time *ends, int max);

/*
 * Whether [START, END) lies inside one open span of one local day.
 * RULE_OK; RULE_CLOSED_DAY when START's date has no hours at all;
 * RULE_OUTSIDE_OPENING_HOURS otherwise.
 */
rule_code hours_check(const opening_hours *h, const tz_zone *z,
                      porte_time start, porte_time end);

/* True when instant T is inside an open span. */
bool hours_open_at(const opening_hours *h, const tz_zone *z, porte_time t);

#endif

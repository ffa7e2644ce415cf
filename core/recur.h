/*
 * recur.h - a repeating booking expanded into its occurrences, in local
 * time, as the lab tutorial's "Repeats: Daily, Weekly, Monthly, Yearly".
 *
 * A rule says: the first local date, the local start time, the length,
 * how it repeats and the last local date (inclusive). Each occurrence is
 * the same wall-clock time on its own date, converted to UTC with the
 * site's zone, so 10:00 stays 10:00 on both sides of a DST change. An
 * occurrence whose wall time falls in a gap (spring) or an overlap
 * (autumn) is reported as such and never shifted; the booking pages call
 * it invalid_time.
 *
 * Monthly repeats keep the first date's day of the month; a month without
 * that day (the 31st in June, the 30th in February) has no occurrence but
 * is listed as RECUR_NO_SUCH_DAY so the staff member sees the hole. Yearly
 * repeats do the same for 29 February.
 *
 * Pure: no I/O, no global state.
 */
#ifndef PORTE_RECUR_H
#define PORTE_RECUR_H

#include <stddef.h>

#include "caltime.h"
#include "tz.h"

/* At most this many occurrences (holes of monthly repeats included)... */
#define RECUR_MAX_COUNT 200
/* ...and the last date at most this many days after the first. */
#define RECUR_MAX_DAYS 366

typedef enum recur_freq {
	RECUR_DAILY = 0,
	RECUR_WEEKLY, /* on WEEKDAYS, or the first date's weekday */
	RECUR_MONTHLY,
	RECUR_YEARLY
} recur_freq;

/* Weekday bits of recur_rule.weekdays (cal_weekday's numbering). */
#define RECUR_WD(wd) (1u << (wd)) /* 0 = Monday ... 6 = Sunday */
#define RECUR_WD_ALL 0x7fu

typedef struct recur_rule {
	cal_date first;    /* the first local date */
	int start_minute;  /* local start, minutes after midnight, 0..1439 */
	int minutes;       /* length, 1..1440 */
	recur_freq freq;   /* how it repeats */
	unsigned weekdays; /* weekly only: RECUR_WD bits; 0 = FIRST's day */
	cal_date until;    /* the last local date, inclusive */
} recur_rule;

typedef enum recur_state {
	RECUR_OCC_OK = 0,      /* START and END are set */
	RECUR_OCC_NONEXISTENT, /* the wall time is in a gap (spring) */
	RECUR_OCC_AMBIGUOUS,   /* the wall time happens twice (autumn) */
	RECUR_OCC_NO_SUCH_DAY  /* monthly / yearly: the month lacks the day */
} recur_state;

typedef struct recur_occ {
	cal_date date; /* local date; NO_SUCH_DAY: the month, day 0 */
	int weekday;   /* 0 = Monday ... 6 = Sunday; -1 for NO_SUCH_DAY */
	recur_state state;
	porte_time start; /* UTC instants when OK, else 0 */
	porte_time end;
} recur_occ;

typedef enum recur_error {
	RECUR_E_OK = 0,
	RECUR_E_DATE,      /* FIRST or UNTIL is not a real date */
	RECUR_E_ORDER,     /* UNTIL is before FIRST */
	RECUR_E_TIME,      /* START_MINUTE out of 0..1439 */
	RECUR_E_LENGTH,    /* MINUTES out of 1..1440 */
	RECUR_E_FREQ,      /* an unknown frequency, or weekday bits past
	                       Sunday */
	RECUR_E_SPAN,      /* UNTIL more than RECUR_MAX_DAYS after FIRST */
	RECUR_E_COUNT,     /* more than RECUR_MAX_COUNT occurrences */
	RECUR_E_EMPTY,     /* no occurrence at all */
	RECUR_E_START_TIME /* the first occurrence's wall time is in a gap
	                       or an overlap: said at once, not listed */
} recur_error;

/* The error's stable name ("until_before_first"...). Static string. */
const char *recur_error_name(recur_error e);

/*
 * Expands rule R in zone Z into OUT (room for RECUR_MAX_COUNT), in date
 * order, their number in *N. Returns RECUR_E_OK, or the first error met
 * (*N is then 0 and OUT's content unspecified). Z may not be NULL.
 */
recur_error recur_expand(const recur_rule *r, const tz_zone *z,
                         recur_occ out[RECUR_MAX_COUNT], size_t *n);

/* Parses "daily", "weekly", "monthly", "yearly". Returns 0, or -1. */
int recur_freq_parse(const char *s, recur_freq *out);

/* The frequency's name ("weekly"). Static string. */
const char *recur_freq_name(recur_freq f);

#endif

/*
 * caltime.h - instants and civil (calendar) dates, pure arithmetic.
 *
 * An instant is a porte_time: whole seconds since 1970-01-01T00:00:00Z.
 * Civil dates use the proleptic Gregorian calendar. Nothing here knows
 * about time zones: see tz.h for local time.
 */
#ifndef PORTE_CALTIME_H
#define PORTE_CALTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t porte_time;

/* Years outside this range are refused by every parser. */
#define CAL_MIN_YEAR 1970
#define CAL_MAX_YEAR 9999

/* Sizes of the buffers the formatters fill, terminator included. */
#define CAL_DATE_LEN 11    /* "2026-11-23" */
#define CAL_RFC3339_LEN 21 /* "2026-11-23T09:30:00Z" */

typedef struct cal_date {
	int year;  /* CAL_MIN_YEAR..CAL_MAX_YEAR */
	int month; /* 1..12 */
	int day;   /* 1..31 */
} cal_date;

typedef struct cal_datetime {
	int year, month, day;
	int hour, minute, second; /* 0..23, 0..59, 0..59 */
} cal_datetime;

/* Days in MONTH (1..12) of YEAR; 0 when MONTH is out of range. */
int cal_days_in_month(int year, int month);

/* True when D is a real date in the supported range (2026-02-30 is not). */
bool cal_date_valid(cal_date d);

/* True when DT has a valid date and a time within 00:00:00..23:59:59. */
bool cal_datetime_valid(cal_datetime dt);

/* Days since 1970-01-01 of a valid date (negative before it). */
int64_t cal_days_from_civil(cal_date d);

/* The date DAYS days after 1970-01-01. */
cal_date cal_civil_from_days(int64_t days);

/* Day of the week of a valid date: 0 = Monday ... 6 = Sunday. */
int cal_weekday(cal_date d);

/* D moved by N days (N may be negative). */
cal_date cal_date_add_days(cal_date d, int n);

/* <0, 0 or >0 as A is before, equal to or after B. */
int cal_date_cmp(cal_date a, cal_date b);

/* The UTC civil date and time of instant T. */
cal_datetime cal_utc_from_time(porte_time t);

/* The instant of DT read as UTC. DT must be valid. */
porte_time cal_time_from_utc(cal_datetime dt);

/*
 * Parses exactly "YYYY-MM-DD" into *OUT. Returns 0, or -1 for anything else
 * (wrong shape, trailing bytes, a date that does not exist); *OUT is then
 * untouched.
 */
int cal_parse_date(const char *s, cal_date *out);

/*
 * Parses exactly "HH:MM" (00:00..24:00; 24:00 only as an end of day) into
 * minutes since midnight. Returns 0, or -1 with *MINUTES untouched.
 */
int cal_parse_hhmm(const char *s, int *minutes);

/*
 * Parses an RFC 3339 date-time: "YYYY-MM-DDTHH:MM:SS" followed by "Z" or
 * "+HH:MM"/"-HH:MM", with optional fractional seconds (dropped). 't' and 'z'
 * in lower case are accepted. Offsets go up to 23:59; second 60 is refused.
 * Both the written date and the UTC instant must lie within CAL_MIN_YEAR..
 * CAL_MAX_YEAR ("1970-01-01T00:30:00+01:00" is refused). Returns 0, or -1
 * with *OUT untouched.
 */
int cal_parse_rfc3339(const char *s, porte_time *out);

/*
 * Writes T as "YYYY-MM-DDTHH:MM:SSZ" into BUF (CAL_RFC3339_LEN bytes).
 * Instants outside years 0000..9999 are written as the nearest bound.
 */
void cal_format_rfc3339(porte_time t, char buf[CAL_RFC3339_LEN]);

/* Writes D as "YYYY-MM-DD" into BUF (CAL_DATE_LEN bytes). */
void cal_format_date(cal_date d, char buf[CAL_DATE_LEN]);

#endif

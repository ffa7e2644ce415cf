/*
 * page_text.h - formats of the pages and the calendar feed: local times
 * and dates in words, durations, and iCalendar (RFC 5545) lines.
 *
 * Pure functions over core/ and strbuf: no store, no HTTP.
 */
#ifndef PORTE_PAGE_TEXT_H
#define PORTE_PAGE_TEXT_H

#include <stddef.h>

#include "caltime.h"
#include "tz.h"

struct strbuf;

/* Sizes of the buffers below, terminator included. */
#define PAGE_HHMM_LEN 6      /* "09:30" */
#define PAGE_DAY_LEN 48      /* "mercredi 30 septembre 2026" */
#define PAGE_DUR_LEN 24      /* "1 h 30", "45 min" */
#define PAGE_ICS_TIME_LEN 17 /* "20261124T130000Z" */

/* "09:30", the wall-clock time of T in Z. */
void page_fmt_hhmm(const tz_zone *z, porte_time t, char buf[PAGE_HHMM_LEN]);

/* "mardi 24 novembre 2026" ("1er" on the first) or "Tuesday 24 November
 * 2026", per LANG. */
void page_fmt_day(const char *lang, cal_date d, char buf[PAGE_DAY_LEN]);

/* MINUTES as "30 min", "1 h", "1 h 30" (French) or "1 h 30 min"
 * (English), with no-break spaces (U+00A0); a negative count as
 * "0 min". */
void page_fmt_duration(const char *lang, int minutes, char buf[PAGE_DUR_LEN]);

/* T in UTC as iCalendar's "20261124T130000Z". */
void page_fmt_ics_time(porte_time t, char buf[PAGE_ICS_TIME_LEN]);

/*
 * Appends the content line "NAME:VALUE" to OUT, VALUE as an iCalendar TEXT
 * (backslash, semicolon and comma escaped, a line break as "\n", other
 * control characters dropped), folded so that no line passes 75 octets
 * (a fold is CRLF and a space, never inside a UTF-8 character), ending
 * with CRLF. Returns 0, or -1 when OUT failed.
 */
int page_ics_text(struct strbuf *out, const char *name, const char *value);

/* As page_ics_text, with VALUE written as it is (a date-time, a URI, a
 * value of its own syntax): only folded. */
int page_ics_raw(struct strbuf *out, const char *name, const char *value);

#endif

/*
 * page_text.c - local times, dates and durations in words; iCalendar
 * content lines with RFC 5545's escaping and folding.
 */
#include "page_text.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "page_i18n.h"
#include "strbuf.h"

/* The longest logical iCalendar line built here (before folding). */
#define ICS_LINE_MAX 4096
/* RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets. */
#define ICS_FOLD_AT 75

void page_fmt_hhmm(const tz_zone *z, porte_time t, char buf[PAGE_HHMM_LEN])
{
	cal_datetime dt = tz_to_local(z, t);

	snprintf(buf, PAGE_HHMM_LEN, "%02u:%02u", (unsigned)dt.hour % 100u,
	         (unsigned)dt.minute % 100u);
}

void page_fmt_day(const char *lang, cal_date d, char buf[PAGE_DAY_LEN])
{
	const char *wd = page_weekday(lang, cal_weekday(d));
	const char *month = page_month(lang, d.month);

	if (d.day == 1 && strcmp(lang, "en") != 0)
		snprintf(buf, PAGE_DAY_LEN, "%s 1er %s %d", wd, month, d.year);
	else
		snprintf(buf, PAGE_DAY_LEN, "%s %d %s %d", wd, d.day, month,
		         d.year);
}

void page_fmt_duration(const char *lang, int minutes, char buf[PAGE_DUR_LEN])
{
	int h, m;

	if (minutes < 0)
		minutes = 0;
	h = minutes / 60;
	m = minutes % 60;
	/* No-break spaces (U+00A0): "2 h" never splits across lines. */
	if (h == 0)
		snprintf(buf, PAGE_DUR_LEN, "%d\u00a0min", m);
	else if (m == 0)
		snprintf(buf, PAGE_DUR_LEN, "%d\u00a0h", h);
	else if (strcmp(lang, "en") == 0)
		snprintf(buf, PAGE_DUR_LEN, "%d\u00a0h\u00a0%d\u00a0min", h, m);
	else
		snprintf(buf, PAGE_DUR_LEN, "%d\u00a0h\u00a0%02d", h, m);
}

void page_fmt_ics_time(porte_time t, char buf[PAGE_ICS_TIME_LEN])
{
	cal_datetime dt = cal_utc_from_time(t);

	snprintf(buf, PAGE_ICS_TIME_LEN, "%04u%02u%02uT%02u%02u%02uZ",
	         (unsigned)dt.year % 10000u, (unsigned)dt.month % 100u,
	         (unsigned)dt.day % 100u, (unsigned)dt.hour % 100u,
	         (unsigned)dt.minute % 100u, (unsigned)dt.second % 100u);
}

/* Bytes of the UTF-8 character that starts with byte C (1 for a stray
 * byte, which valid text never has). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c <= 0xF7)
		return 4;
	if (c >= 0xE0)
		return c <= 0xEF ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

/* Appends the logical line LINE (LEN bytes) to OUT, folded, and CRLF. */
static int fold(strbuf *out, const char *line, size_t len)
{
	size_t col = 0;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_len((unsigned char)line[i]);

		if (n > len - i)
			n = len - i;
		if (col + n > ICS_FOLD_AT) {
			strbuf_add(out, "\r\n ", 3);
			col = 1;
		}
		strbuf_add(out, line + i, n);
		col += n;
		i += n;
	}
	strbuf_add(out, "\r\n", 2);
	return strbuf_failed(out) ? -1 : 0;
}

/* Appends VALUE escaped as an iCalendar TEXT. */
static void escape_text(strbuf *b, const char *value)
{
	for (const char *s = value; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		/* A line break (CRLF, LF, or CR alone) becomes the two
		 * characters \n; other control characters go. */
		bool line_break = c == '\n' || (c == '\r' && s[1] != '\n');

		if (c == '\\' || c == ';' || c == ',') {
			strbuf_addc(b, '\\');
			strbuf_addc(b, (char)c);
		} else if (line_break) {
			strbuf_adds(b, "\\n");
		} else if (c >= 0x20 && c != 0x7F) {
			strbuf_addc(b, (char)c);
		}
	}
}

static int ics_line(strbuf *out, const char *name, const char *value, bool text)
{
	strbuf line;
	int rc = -1;

	strbuf_init(&line, ICS_LINE_MAX);
	strbuf_adds(&line, name);
	strbuf_addc(&line, ':');
	if (text)
		escape_text(&line, value);
	else
		strbuf_adds(&line, value);
	if (strbuf_failed(&line))
		goto out;
	rc = fold(out, strbuf_str(&line), strbuf_len(&line));
out:
	strbuf_free(&line);
	return rc;
}

int page_ics_text(strbuf *out, const char *name, const char *value)
{
	return ics_line(out, name, value, true);
}

int page_ics_raw(strbuf *out, const char *name, const char *value)
{
	return ics_line(out, name, value, false);
}

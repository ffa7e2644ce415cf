/*
 * test_page_text.c - the pages' formats (page_text.c) and words
 * (page_i18n.c): durations, dates, iCalendar escaping and folding at the
 * 75-octet boundary, placeholders, and both languages complete.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "page_i18n.h"
#include "page_text.h"
#include "strbuf.h"

/* S with each no-break space (U+00A0, C2 A0) made a space, in place. */
static char *spaces(char *s)
{
	size_t w = 0;

	for (size_t i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] == 0xC2 &&
		    (unsigned char)s[i + 1] == 0xA0) {
			s[w++] = ' ';
			i++;
		} else {
			s[w++] = s[i];
		}
	}
	s[w] = '\0';
	return s;
}

static void test_durations(void **state)
{
	static const struct {
		int minutes;
		const char *fr;
		const char *en;
	} cases[] = {
	        {-5, "0 min", "0 min"},       {0, "0 min", "0 min"},
	        {1, "1 min", "1 min"},        {59, "59 min", "59 min"},
	        {60, "1 h", "1 h"},           {61, "1 h 01", "1 h 1 min"},
	        {90, "1 h 30", "1 h 30 min"}, {120, "2 h", "2 h"},
	        {1440, "24 h", "24 h"},
	};
	char buf[PAGE_DUR_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* No plain space: a duration never breaks across lines. */
		page_fmt_duration("fr", cases[i].minutes, buf);
		assert_null(strchr(buf, ' '));
		assert_string_equal(spaces(buf), cases[i].fr);
		page_fmt_duration("en", cases[i].minutes, buf);
		assert_null(strchr(buf, ' '));
		assert_string_equal(spaces(buf), cases[i].en);
	}
}

static void test_days(void **state)
{
	char buf[PAGE_DAY_LEN];

	(void)state;
	page_fmt_day("fr", (cal_date){2026, 12, 1}, buf);
	assert_string_equal(buf, "mardi 1er décembre 2026");
	page_fmt_day("en", (cal_date){2026, 12, 1}, buf);
	assert_string_equal(buf, "Tuesday 1 December 2026");
	page_fmt_day("fr", (cal_date){2026, 11, 2}, buf);
	assert_string_equal(buf, "lundi 2 novembre 2026");
	page_fmt_day("fr", (cal_date){2026, 8, 30}, buf);
	assert_string_equal(buf, "dimanche 30 août 2026");
	page_fmt_day("xx", (cal_date){2027, 2, 28}, buf);
	assert_string_equal(buf, "dimanche 28 février 2027");
}

static void test_times(void **state)
{
	tz_zone *z = NULL;
	char hh[PAGE_HHMM_LEN], ics[PAGE_ICS_TIME_LEN];

	(void)state;
	assert_int_equal(tz_load("Europe/Paris", &z, NULL), 0);
	/* Summer time starts on 2026-03-29 at 01:00Z: 01:59:59 CET is
	 * followed by 03:00:00 CEST. */
	page_fmt_hhmm(z, 1774745999, hh); /* 2026-03-29T00:59:59Z */
	assert_string_equal(hh, "01:59");
	page_fmt_hhmm(z, 1774746000, hh); /* 01:00:00Z: 03:00 CEST */
	assert_string_equal(hh, "03:00");
	tz_free(z);
	page_fmt_ics_time(1774746000, ics);
	assert_string_equal(ics, "20260329T010000Z");
	page_fmt_ics_time(0, ics);
	assert_string_equal(ics, "19700101T000000Z");
}

/* Undoes the folding of TEXT: CRLF followed by a space goes. */
static char *unfold(const char *text)
{
	size_t n = strlen(text);
	char *out = malloc(n + 1);
	size_t w = 0;

	assert_non_null(out);
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\r' && text[i + 1] == '\n' &&
		    text[i + 2] == ' ') {
			i += 2;
			continue;
		}
		out[w++] = text[i];
	}
	out[w] = '\0';
	return out;
}

/* Every physical line of TEXT ends in CRLF, holds at most 75 octets, and
 * starts on a UTF-8 character (a fold never cuts one). */
static void assert_folded(const char *text)
{
	const char *s = text;

	while (*s != '\0') {
		const char *crlf = strstr(s, "\r\n");
		size_t len;

		assert_non_null(crlf);
		len = (size_t)(crlf - s);
		assert_true(len <= 75);
		assert_false(((unsigned char)s[0] & 0xC0) == 0x80);
		assert_null(memchr(s, '\n', len));
		s = crlf + 2;
	}
}

static char *ics(const char *name, const char *value, bool text)
{
	strbuf b;
	char *out;

	strbuf_init(&b, 64 * 1024);
	if (text)
		assert_int_equal(page_ics_text(&b, name, value), 0);
	else
		assert_int_equal(page_ics_raw(&b, name, value), 0);
	out = strbuf_steal(&b, NULL);
	assert_non_null(out);
	return out;
}

static void test_ics_escaping(void **state)
{
	char *out;

	(void)state;
	out = ics("SUMMARY", "a,b;c\\d\ne\r\nf\rg", true);
	assert_string_equal(out, "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ng\r\n");
	free(out);
	/* Other control characters (tab included) are dropped. */
	out = ics("SUMMARY", "x\ty\x01z\x7f", true);
	assert_string_equal(out, "SUMMARY:xyz\r\n");
	free(out);
	out = ics("DTSTART", "20260329T010000Z", false);
	assert_string_equal(out, "DTSTART:20260329T010000Z\r\n");
	free(out);
	out = ics("URL", "http://x/r/a?date=1,2;3", false);
	assert_string_equal(out, "URL:http://x/r/a?date=1,2;3\r\n");
	free(out);
	out = ics("SUMMARY", "", true);
	assert_string_equal(out, "SUMMARY:\r\n");
	free(out);
}

/* "X:" and N more ASCII octets. */
static char *ascii_line(size_t n)
{
	char *v = malloc(n + 1);

	assert_non_null(v);
	memset(v, 'a', n);
	v[n] = '\0';
	return v;
}

static void test_ics_folding(void **state)
{
	char value[1024];
	char *v, *out, *back;

	(void)state;
	/* "X:" + 73 = 75 octets: one line. */
	v = ascii_line(73);
	out = ics("X", v, true);
	assert_int_equal(strlen(out), 77);
	assert_folded(out);
	free(out);
	free(v);
	/* 76 octets: folded after 75, the rest after a space. */
	v = ascii_line(74);
	out = ics("X", v, true);
	assert_folded(out);
	assert_int_equal(strstr(out, "\r\n") - out, 75);
	assert_string_equal(strstr(out, "\r\n"), "\r\n a\r\n");
	back = unfold(out);
	assert_int_equal(strlen(back), 78);
	free(back);
	free(out);
	free(v);
	/* A 2-byte character that would end at octet 76 goes whole to the
	 * next line: "X:" + 72 ASCII + "é". */
	v = ascii_line(72);
	snprintf(value, sizeof(value), "%sé", v);
	out = ics("X", value, true);
	assert_folded(out);
	assert_int_equal(strstr(out, "\r\n") - out, 74);
	assert_string_equal(strstr(out, "\r\n"), "\r\n é\r\n");
	free(out);
	free(v);
	/* ... and one that ends exactly at 75 stays. */
	v = ascii_line(71);
	snprintf(value, sizeof(value), "%sé", v);
	out = ics("X", value, true);
	assert_int_equal(strlen(out), 77);
	free(out);
	free(v);
	/* Long runs of 2-, 3- and 4-byte characters and escapes. */
	value[0] = '\0';
	for (int i = 0, len = 0; i < 40; i++)
		len += snprintf(value + len, sizeof(value) - (size_t)len, "%s",
		                i % 3 == 0   ? "é,"
		                : i % 3 == 1 ? "€;"
		                             : "😀\\");
	out = ics("SUMMARY", value, true);
	assert_folded(out);
	back = unfold(out);
	{
		static const char head[] = "SUMMARY:é\\,€\\;😀\\\\";

		assert_memory_equal(back, head, sizeof(head) - 1);
	}
	free(back);
	free(out);
	/* Every length around the fold. */
	for (size_t n = 60; n < 240; n++) {
		char *b2;

		v = ascii_line(n);
		for (size_t i = 0; i + 1 < n; i += 7) {
			v[i] = (char)0xC3;
			v[i + 1] = (char)0xA9;
		}
		if (((unsigned char)v[n - 1]) == 0xC3)
			v[n - 1] = 'z';
		out = ics("DESCRIPTION", v, true);
		assert_folded(out);
		b2 = unfold(out);
		assert_int_equal(strlen(b2), strlen("DESCRIPTION:") + n + 2);
		assert_memory_equal(b2 + strlen("DESCRIPTION:"), v, n);
		free(b2);
		free(out);
		free(v);
	}
}

static void test_ics_too_long(void **state)
{
	strbuf b;
	char *v = ascii_line(5000);

	(void)state;
	strbuf_init(&b, 64 * 1024);
	assert_int_equal(page_ics_text(&b, "X", v), -1);
	strbuf_free(&b);
	/* The output's own limit holds too. */
	strbuf_init(&b, 20);
	assert_int_equal(page_ics_text(&b, "X", "a fairly long summary line"),
	                 -1);
	assert_true(strbuf_failed(&b));
	strbuf_free(&b);
	free(v);
}

static char *fill(const char *tmpl, const page_var *v, size_t n, bool esc)
{
	strbuf b;
	char *out;

	strbuf_init(&b, 4096);
	assert_int_equal(page_fill(&b, tmpl, v, n, esc), 0);
	out = strbuf_steal(&b, NULL);
	assert_non_null(out);
	return out;
}

static void test_fill(void **state)
{
	page_var v[2] = {{"n", "3"}, {"who", "<Ann & \"Bo\">"}};
	char *out;

	(void)state;
	out = fill("{n} places, {n} left", v, 2, false);
	assert_string_equal(out, "3 places, 3 left");
	free(out);
	out = fill("by {who} <now>", v, 2, true);
	assert_string_equal(out,
	                    "by &lt;Ann &amp; &quot;Bo&quot;&gt; &lt;now&gt;");
	free(out);
	out = fill("{unknown} {n", v, 2, true);
	assert_string_equal(out, "{unknown} {n");
	free(out);
	out = fill("{}{n}{", v, 2, false);
	assert_string_equal(out, "{}3{");
	free(out);
	out = fill("", v, 2, false);
	assert_string_equal(out, "");
	free(out);
	out = fill("{who}", NULL, 0, false);
	assert_string_equal(out, "{who}");
	free(out);
}

/* Appends the sorted {names} of S to OUT ("a,b,"). */
static void names(const char *s, char *out, size_t len)
{
	char found[16][32];
	size_t n = 0;

	out[0] = '\0';
	while (n < 16) {
		const char *o = strchr(s, '{');
		const char *c = o != NULL ? strchr(o, '}') : NULL;

		if (c == NULL)
			break;
		snprintf(found[n++], 32, "%.*s", (int)(c - o - 1), o + 1);
		s = c + 1;
	}
	qsort(found, n, sizeof(found[0]),
	      (int (*)(const void *, const void *))strcmp);
	for (size_t i = 0; i < n; i++) {
		strncat(out, found[i], len - strlen(out) - 1);
		strncat(out, ",", len - strlen(out) - 1);
	}
}

static void test_messages(void **state)
{
	char a[256], b[256];

	(void)state;
	assert_true(page_i18n_complete());
	for (int m = 0; m < PM__COUNT; m++) {
		const char *fr = page_t("fr", (page_msg)m);
		const char *en = page_t("en", (page_msg)m);

		assert_true(fr[0] != '\0');
		assert_true(en[0] != '\0');
		/* The same placeholders in both languages. */
		names(fr, a, sizeof(a));
		names(en, b, sizeof(b));
		assert_string_equal(a, b);
	}
	for (int r = 1; r < RULE__COUNT; r++) {
		const char *fr = page_rule_text("fr", (rule_code)r);
		const char *en = page_rule_text("en", (rule_code)r);

		assert_true(fr[0] != '\0');
		assert_true(en[0] != '\0');
		names(fr, a, sizeof(a));
		names(en, b, sizeof(b));
		assert_string_equal(a, b);
	}
	assert_string_equal(page_rule_text("fr", RULE_OK), "");
	assert_string_equal(page_rule_text("fr", RULE__COUNT), "");
	assert_string_equal(page_t("fr", PM__COUNT), "");
	assert_string_equal(page_t("en", PM_FREE), "Free");
	assert_string_equal(page_t("fr", PM_FREE), "Libre");
	assert_string_equal(page_t("de", PM_FREE), "Libre");
	assert_string_equal(page_weekday("fr", 0), "lundi");
	assert_string_equal(page_weekday("en", 6), "Sunday");
	assert_string_equal(page_weekday("en", 7), "");
	assert_string_equal(page_month("fr", 8), "août");
	assert_string_equal(page_month("en", 0), "");
	assert_string_equal(page_month("en", 13), "");
	for (int s = 0; s < BOOKING__COUNT; s++) {
		assert_true(page_status_word("fr", (booking_status)s)[0]);
		for (int t = 0; t < s; t++)
			assert_string_not_equal(
			        page_status_word("en", (booking_status)s),
			        page_status_word("en", (booking_status)t));
	}
	assert_string_equal(page_status_word("fr", BOOKING__COUNT), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_durations),
	        cmocka_unit_test(test_days),
	        cmocka_unit_test(test_times),
	        cmocka_unit_test(test_ics_escaping),
	        cmocka_unit_test(test_ics_folding),
	        cmocka_unit_test(test_ics_too_long),
	        cmocka_unit_test(test_fill),
	        cmocka_unit_test(test_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_hours.c - opening hours: the day and week parsers, the canonical
 * format, dated exceptions, spans as instants across DST, hours_check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hours.h"

#define H(h, m) ((h)*60 + (m))

typedef struct fixture {
	tz_zone *paris;
	tz_zone *ny;
	opening_hours *h;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	char *cause = NULL;

	assert_non_null(f);
	if (tz_load("Europe/Paris", &f->paris, &cause) != 0)
		fail_msg("tz_load Europe/Paris: %s", cause ? cause : "?");
	if (tz_load("America/New_York", &f->ny, &cause) != 0)
		fail_msg("tz_load America/New_York: %s", cause ? cause : "?");
	f->h = hours_new();
	assert_non_null(f->h);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	hours_free(f->h);
	tz_free(f->paris);
	tz_free(f->ny);
	free(f);
	return 0;
}

/* The instant of an RFC 3339 string; fails the test when it does not parse. */
static porte_time T(const char *s)
{
	porte_time t = 0;

	if (cal_parse_rfc3339(s, &t) != 0)
		fail_msg("bad time in test: %s", s);
	return t;
}

static cal_date D(const char *s)
{
	cal_date d = {0, 0, 0};

	if (cal_parse_date(s, &d) != 0)
		fail_msg("bad date in test: %s", s);
	return d;
}

static void set_week(opening_hours *h, const char *spec)
{
	char *cause = NULL;

	if (hours_parse_week(h, spec, &cause) != 0)
		fail_msg("parse_week(\"%s\"): %s", spec, cause ? cause : "?");
}

static void assert_day(const hours_day *d, int count, const int *spans)
{
	int i;

	assert_int_equal(d->count, count);
	for (i = 0; i < count; i++) {
		assert_int_equal(d->span[i].open, spans[2 * i]);
		assert_int_equal(d->span[i].close, spans[2 * i + 1]);
	}
}

/* ---- day parser ---- */

static void test_parse_day_good(void **state)
{
	static const struct {
		const char *spec;
		int count;
		int spans[2 * HOURS_MAX_SPANS];
	} cases[] = {
	        {"08:00-12:00 13:30-18:00",
	         2,
	         {H(8, 0), H(12, 0), H(13, 30), H(18, 0)}},
	        {"08:00-20:00", 1, {H(8, 0), H(20, 0)}},
	        {"closed", 0, {0}},
	        {"CLOSED", 0, {0}},
	        {"  closed ", 0, {0}},
	        {"00:00-24:00", 1, {0, 1440}},
	        {"23:59-24:00", 1, {H(23, 59), 1440}},
	        {"00:00-00:01", 1, {0, 1}},
	        {" 08:00-12:00\t 13:00-14:00  ",
	         2,
	         {H(8, 0), H(12, 0), H(13, 0), H(14, 0)}},
	        {"06:00-07:00 08:00-09:00 10:00-11:00 12:00-24:00",
	         4,
	         {H(6, 0), H(7, 0), H(8, 0), H(9, 0), H(10, 0), H(11, 0),
	          H(12, 0), 1440}},
	        {"08:00-12:00 12:01-13:00",
	         2,
	         {H(8, 0), H(12, 0), H(12, 1), H(13, 0)}},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hours_day d;
		char *cause = NULL;

		memset(&d, 0x5a, sizeof(d));
		if (hours_parse_day(cases[i].spec, &d, &cause) != 0)
			fail_msg("\"%s\" refused: %s", cases[i].spec,
			         cause ? cause : "?");
		assert_null(cause);
		assert_day(&d, cases[i].count, cases[i].spans);
	}
}

static void test_parse_day_bad(void **state)
{
	static const struct {
		const char *spec;
		const char *names; /* the cause must quote this */
	} cases[] = {
	        {"", NULL},
	        {"   ", NULL},
	        {"8:00-12:00", "8:00"},
	        {"08:00-9:00", "9:00"},
	        {"08:00-12:0", "12:0"},
	        {"25:00-26:00", "25:00"},
	        {"08:60-09:00", "08:60"},
	        {"08:00-24:01", "24:01"},
	        {"08:00-25:00", "25:00"},
	        {"24:00-24:00", "24:00"},
	        {"12:00-08:00", "12:00-08:00"},
	        {"08:00-08:00", "08:00-08:00"},
	        {"08:00-12:00 11:00-13:00", "overlap"},
	        {"13:00-14:00 08:00-12:00", "overlap"},
	        {"08:00-12:00 12:00-13:00", "12:00"},
	        {"06:00-07:00 08:00-09:00 10:00-11:00 12:00-13:00 14:00-15:00",
	         "4"},
	        {"08:00-12:00x", "12:00x"},
	        {"08:00-12:00 x", "x"},
	        {"08:00", "08:00"},
	        {"08:00-", NULL},
	        {"-12:00", NULL},
	        {"08:00-12:00-13:00", "12:00-13:00"},
	        {"08h00-12h00", "08h00"},
	        {"closed 08:00-12:00", "closed"},
	        {"08:00-12:00 closed", "closed"},
	        {"closedx", "closedx"},
	        {"08:00-12:00,13:00-14:00", "12:00,13:00"},
	        {"0800-1200", "0800"},
	        {"08:00 - 12:00", NULL},
	        {"+8:00-12:00", "+8:00"},
	        {"08:0a-12:00", "08:0a"},
	        {"-1:00-12:00", NULL},
	        {"open", "open"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hours_day d, before;
		char *cause = NULL;

		memset(&d, 0x5a, sizeof(d));
		before = d;
		if (hours_parse_day(cases[i].spec, &d, &cause) == 0)
			fail_msg("\"%s\" accepted", cases[i].spec);
		if (cause == NULL)
			fail_msg("\"%s\": no reason", cases[i].spec);
		if (cases[i].names != NULL &&
		    strstr(cause, cases[i].names) == NULL)
			fail_msg("\"%s\": reason \"%s\" does not name \"%s\"",
			         cases[i].spec, cause, cases[i].names);
		assert_memory_equal(&d, &before, sizeof(d));
		free(cause);
		/* A NULL cause is allowed. */
		assert_int_equal(hours_parse_day(cases[i].spec, &d, NULL), -1);
	}
	assert_int_equal(hours_parse_day(NULL, &(hours_day){0}, NULL), -1);
}

/* ---- week parser and format ---- */

/* Mondays to Sundays of a week: 2026-11-23 is a Monday. */
static cal_date weekday_date(int wd)
{
	return cal_date_add_days(D("2026-11-23"), wd);
}

static void assert_week(const opening_hours *h, const char *const want[7])
{
	int wd;

	for (wd = 0; wd < 7; wd++) {
		hours_day got, exp;

		assert_int_equal(hours_parse_day(want[wd], &exp, NULL), 0);
		hours_for_date(h, weekday_date(wd), &got);
		if (got.count != exp.count ||
		    memcmp(got.span, exp.span,
		           (size_t)exp.count * sizeof(exp.span[0])) != 0)
			fail_msg("weekday %d: want \"%s\"", wd, want[wd]);
	}
}

static void test_parse_week_good(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *spec;
		const char *week[7];
	} cases[] = {
	        {"mon-fri 08:00-20:00, sat 09:00-13:00",
	         {"08:00-20:00", "08:00-20:00", "08:00-20:00", "08:00-20:00",
	          "08:00-20:00", "09:00-13:00", "closed"}},
	        {"fri-mon 10:00-12:00",
	         {"10:00-12:00", "closed", "closed", "closed", "10:00-12:00",
	          "10:00-12:00", "10:00-12:00"}},
	        {"sun-tue 10:00-12:00",
	         {"10:00-12:00", "10:00-12:00", "closed", "closed", "closed",
	          "closed", "10:00-12:00"}},
	        {"24/7",
	         {"00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
	          "00:00-24:00", "00:00-24:00", "00:00-24:00"}},
	        {"MON-Fri 08:00-12:00 13:30-18:00",
	         {"08:00-12:00 13:30-18:00", "08:00-12:00 13:30-18:00",
	          "08:00-12:00 13:30-18:00", "08:00-12:00 13:30-18:00",
	          "08:00-12:00 13:30-18:00", "closed", "closed"}},
	        {"Monday 08:00-09:00,SUNDAY 10:00-11:00",
	         {"08:00-09:00", "closed", "closed", "closed", "closed",
	          "closed", "10:00-11:00"}},
	        {"closed",
	         {"closed", "closed", "closed", "closed", "closed", "closed",
	          "closed"}},
	        {"  sat closed ,  wed 07:00-08:00  ",
	         {"closed", "closed", "07:00-08:00", "closed", "closed",
	          "closed", "closed"}},
	        {"mon-sun 00:00-24:00",
	         {"00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
	          "00:00-24:00", "00:00-24:00", "00:00-24:00"}},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* Start from another pattern: the spec replaces it. */
		set_week(f->h, "mon-sun 01:00-02:00");
		set_week(f->h, cases[i].spec);
		assert_week(f->h, cases[i].week);
	}
}

static void test_parse_week_bad(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *spec;
		const char *names;
	} cases[] = {
	        {"", NULL},
	        {"  ", NULL},
	        {"mon", "mon"},
	        {"mon-fri", "mon-fri"},
	        {"xyz 08:00-12:00", "xyz"},
	        {"mon-xyz 08:00-12:00", "mon-xyz"},
	        {"mo 08:00-12:00", "mo"},
	        {"mon- 08:00-12:00", "mon-"},
	        {"-fri 08:00-12:00", "-fri"},
	        {"mon-fri 08:00-12:00, fri 13:00-14:00", "fri"},
	        {"mon-fri 08:00-12:00, sun-tue 08:00-09:00", "mon"},
	        {"sat 08:00-12:00, SAT 09:00-10:00", "sat"},
	        {"mon-fri 8:00-12:00", "8:00"},
	        {"mon-fri 08:00-12:00,", "comma"},
	        {", mon 08:00-12:00", NULL},
	        {"mon 08:00-12:00,, tue 08:00-12:00", NULL},
	        {"mon-fri08:00-12:00", "mon-fri08:00-12:00"},
	        {"mon 08:00-12:00 tue 09:00-10:00", "tue"},
	        {"24/7 mon", NULL},
	        {"mon 12:00-08:00", "12:00-08:00"},
	        {"mon 08:00-12:00 11:00-13:00", "overlap"},
	        {"mon 08:00-12:00; tue 08:00-12:00", "12:00;"},
	        {"mon-fri-sat 08:00-12:00", "mon-fri-sat"},
	        {"mon closedx", "closedx"},
	};
	static const char *const before = "mon-fri 08:00-20:00, sat "
	                                  "09:00-13:00";
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *cause = NULL;

		set_week(f->h, before);
		if (hours_parse_week(f->h, cases[i].spec, &cause) == 0)
			fail_msg("\"%s\" accepted", cases[i].spec);
		if (cause == NULL)
			fail_msg("\"%s\": no reason", cases[i].spec);
		if (cases[i].names != NULL &&
		    strstr(cause, cases[i].names) == NULL)
			fail_msg("\"%s\": reason \"%s\" does not name \"%s\"",
			         cases[i].spec, cause, cases[i].names);
		free(cause);
		/* H is unchanged. */
		hours_format_week(f->h, buf, (int)sizeof(buf));
		assert_string_equal(buf, before);
		assert_int_equal(hours_parse_week(f->h, cases[i].spec, NULL),
		                 -1);
	}
	assert_int_equal(hours_parse_week(f->h, NULL, NULL), -1);
}

static void test_format_round_trip(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *spec;
		const char *canonical;
	} cases[] = {
	        {"sat 09:00-13:00, mon-fri 08:00-20:00",
	         "mon-fri 08:00-20:00, sat 09:00-13:00"},
	        {"fri-mon 10:00-12:00", "mon 10:00-12:00, fri-sun 10:00-12:00"},
	        {"mon-sun 00:00-24:00", "24/7"},
	        {"24/7", "24/7"},
	        {"closed", "closed"},
	        {"sat closed", "closed"},
	        {"mon 08:00-12:00, tue 08:00-12:00, wed 09:00-12:00",
	         "mon-tue 08:00-12:00, wed 09:00-12:00"},
	        {"mon-sun 08:00-12:00 13:00-14:00",
	         "mon-sun 08:00-12:00 13:00-14:00"},
	        {"mon 00:00-24:00", "mon 00:00-24:00"},
	        {"mon-sat 00:00-24:00", "mon-sat 00:00-24:00"},
	        {"mon 08:00-09:00, wed 08:00-09:00",
	         "mon 08:00-09:00, wed 08:00-09:00"},
	        {"tue-thu 07:05-23:55, sun 00:00-00:30",
	         "tue-thu 07:05-23:55, sun 00:00-00:30"},
	};
	opening_hours *again = hours_new();
	char buf[256], buf2[256];
	size_t i;
	int wd;

	assert_non_null(again);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n;

		set_week(f->h, cases[i].spec);
		n = hours_format_week(f->h, buf, (int)sizeof(buf));
		assert_string_equal(buf, cases[i].canonical);
		assert_int_equal(n, (int)strlen(cases[i].canonical));
		/* The output parses back to the same pattern. */
		set_week(again, buf);
		for (wd = 0; wd < 7; wd++) {
			hours_day a, b;

			hours_for_date(f->h, weekday_date(wd), &a);
			hours_for_date(again, weekday_date(wd), &b);
			assert_memory_equal(&a, &b, sizeof(a));
		}
		hours_format_week(again, buf2, (int)sizeof(buf2));
		assert_string_equal(buf2, buf);
	}
	hours_free(again);

	/* A new set of hours is closed. */
	again = hours_new();
	assert_non_null(again);
	hours_format_week(again, buf, (int)sizeof(buf));
	assert_string_equal(buf, "closed");
	hours_free(again);
}

static void test_format_truncates(void **state)
{
	fixture *f = *state;
	const char *full = "mon-fri 08:00-20:00, sat 09:00-13:00";
	char small[8];

	set_week(f->h, full);
	memset(small, 'x', sizeof(small));
	assert_int_equal(hours_format_week(f->h, small, (int)sizeof(small)),
	                 (int)strlen(full));
	assert_string_equal(small, "mon-fri");
	assert_int_equal(hours_format_week(f->h, NULL, 0), (int)strlen(full));
	small[0] = 'x';
	assert_int_equal(hours_format_week(f->h, small, 1), (int)strlen(full));
	assert_int_equal(small[0], '\0');
}

static void test_set_weekday(void **state)
{
	fixture *f = *state;
	hours_day day = {1, {{H(9, 0), H(10, 0)}}};
	hours_day got;
	static const hours_day bad[] = {
	        {-1, {{0, 0}}},
	        {HOURS_MAX_SPANS + 1, {{0, 0}}},
	        {1, {{H(10, 0), H(9, 0)}}},
	        {1, {{H(9, 0), H(9, 0)}}},
	        {1, {{-1, H(9, 0)}}},
	        {1, {{H(9, 0), 1441}}},
	        {2, {{H(9, 0), H(10, 0)}, {H(9, 30), H(11, 0)}}},
	        {2, {{H(9, 0), H(10, 0)}, {H(10, 0), H(11, 0)}}},
	        {2, {{H(11, 0), H(12, 0)}, {H(9, 0), H(10, 0)}}},
	};
	size_t i;

	set_week(f->h, "closed");
	assert_int_equal(hours_set_weekday(f->h, 2, &day), 0);
	hours_for_date(f->h, weekday_date(2), &got);
	assert_memory_equal(&got, &day, sizeof(day));
	hours_for_date(f->h, weekday_date(1), &got);
	assert_int_equal(got.count, 0);

	assert_int_equal(hours_set_weekday(f->h, -1, &day), -1);
	assert_int_equal(hours_set_weekday(f->h, 7, &day), -1);
	assert_int_equal(hours_set_weekday(f->h, 0, NULL), -1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (hours_set_weekday(f->h, 2, &bad[i]) != -1)
			fail_msg("bad day %zu accepted", i);
	}
	hours_for_date(f->h, weekday_date(2), &got);
	assert_memory_equal(&got, &day, sizeof(day));
}

/* ---- exceptions ---- */

static void test_exceptions(void **state)
{
	fixture *f = *state;
	hours_day closed = {0, {{0, 0}}};
	hours_day late = {1, {{H(14, 0), H(22, 0)}}};
	hours_day got;
	cal_date mon = D("2026-11-23"), tue = D("2026-11-24");

	set_week(f->h, "mon-fri 08:00-20:00");
	assert_false(hours_is_exception(f->h, mon));

	/* A closure. */
	assert_int_equal(hours_set_date(f->h, mon, &closed), 0);
	assert_true(hours_is_exception(f->h, mon));
	hours_for_date(f->h, mon, &got);
	assert_int_equal(got.count, 0);
	/* Its neighbours keep the weekly hours. */
	hours_for_date(f->h, tue, &got);
	assert_day(&got, 1, (int[]){H(8, 0), H(20, 0)});
	assert_false(hours_is_exception(f->h, tue));
	hours_for_date(f->h, D("2026-11-16"), &got);
	assert_int_equal(got.count, 1);

	/* Exceptional hours replace the closure. */
	assert_int_equal(hours_set_date(f->h, mon, &late), 0);
	hours_for_date(f->h, mon, &got);
	assert_day(&got, 1, (int[]){H(14, 0), H(22, 0)});

	/* Exceptional hours on a day the week leaves closed. */
	assert_int_equal(hours_set_date(f->h, D("2026-11-29"), &late), 0);
	hours_for_date(f->h, D("2026-11-29"), &got);
	assert_int_equal(got.count, 1);
	hours_for_date(f->h, D("2026-11-22"), &got);
	assert_int_equal(got.count, 0);

	/* Clearing restores the weekly hours; clearing twice is harmless. */
	hours_clear_date(f->h, mon);
	assert_false(hours_is_exception(f->h, mon));
	hours_for_date(f->h, mon, &got);
	assert_day(&got, 1, (int[]){H(8, 0), H(20, 0)});
	hours_clear_date(f->h, mon);
	assert_true(hours_is_exception(f->h, D("2026-11-29")));

	/* The weekly pattern can change under the exceptions. */
	set_week(f->h, "24/7");
	hours_for_date(f->h, D("2026-11-29"), &got);
	assert_day(&got, 1, (int[]){H(14, 0), H(22, 0)});

	/* Bad input. */
	assert_int_equal(hours_set_date(f->h, (cal_date){2026, 2, 30}, &closed),
	                 -1);
	assert_int_equal(hours_set_date(f->h, mon, NULL), -1);
	assert_int_equal(hours_set_date(f->h, mon,
	                                &(hours_day){1, {{H(10, 0), H(9, 0)}}}),
	                 -1);
	assert_false(hours_is_exception(f->h, mon));
}

static void test_exceptions_sorted(void **state)
{
	fixture *f = *state;
	static const char *const dates[] = {"2026-12-25", "2026-01-01",
	                                    "2027-05-01", "2026-07-14",
	                                    "2026-11-11", "2026-01-02"};
	hours_day got;
	size_t i;

	set_week(f->h, "mon-sun 08:00-20:00");
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		hours_day d = {1, {{(int)i * 60, (int)i * 60 + 30}}};

		assert_int_equal(hours_set_date(f->h, D(dates[i]), &d), 0);
	}
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		hours_for_date(f->h, D(dates[i]), &got);
		assert_day(&got, 1, (int[]){(int)i * 60, (int)i * 60 + 30});
	}
	hours_clear_date(f->h, D("2026-07-14"));
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		bool want = strcmp(dates[i], "2026-07-14") != 0;

		assert_int_equal(hours_is_exception(f->h, D(dates[i])), want);
	}
	hours_for_date(f->h, D("2026-07-14"), &got);
	assert_day(&got, 1, (int[]){H(8, 0), H(20, 0)});
}

static void test_exceptions_limit(void **state)
{
	fixture *f = *state;
	hours_day closed = {0, {{0, 0}}};
	cal_date first = D("2026-01-01");
	cal_date past = cal_date_add_days(first, HOURS_MAX_EXCEPTIONS);
	int i;

	for (i = 0; i < HOURS_MAX_EXCEPTIONS; i++) {
		if (hours_set_date(f->h, cal_date_add_days(first, i),
		                   &closed) != 0)
			fail_msg("exception %d refused", i);
	}
	assert_int_equal(hours_set_date(f->h, past, &closed), -1);
	assert_false(hours_is_exception(f->h, past));
	/* Replacing one is still allowed at the limit. */
	assert_int_equal(
	        hours_set_date(f->h, first, &(hours_day){1, {{60, 120}}}), 0);
	/* Clearing one makes room. */
	hours_clear_date(f->h, cal_date_add_days(first, 100));
	assert_int_equal(hours_set_date(f->h, past, &closed), 0);
	assert_true(hours_is_exception(f->h, past));
	assert_true(hours_is_exception(f->h, cal_date_add_days(first, 99)));
	assert_false(hours_is_exception(f->h, cal_date_add_days(first, 100)));
}

/* ---- spans as instants ---- */

static void assert_spans(const opening_hours *h, const tz_zone *z,
                         const char *date, int count, const char *const *want)
{
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	int i, n;

	n = hours_spans_on(h, z, D(date), s, e, HOURS_MAX_SPANS);
	if (n != count)
		fail_msg("%s: %d spans, want %d", date, n, count);
	for (i = 0; i < n; i++) {
		assert_int_equal(s[i], T(want[2 * i]));
		assert_int_equal(e[i], T(want[2 * i + 1]));
	}
}

static void test_spans_paris_dst(void **state)
{
	fixture *f = *state;
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];

	set_week(f->h, "24/7");
	/* Spring: a 23-hour day. */
	assert_spans(f->h, f->paris, "2026-03-29", 1,
	             (const char *[]){"2026-03-29T00:00:00+01:00",
	                              "2026-03-30T00:00:00+02:00"});
	assert_int_equal(hours_spans_on(f->h, f->paris, D("2026-03-29"), s, e,
	                                HOURS_MAX_SPANS),
	                 1);
	assert_int_equal(e[0] - s[0], 23 * 3600);
	/* Autumn: a 25-hour day. */
	assert_int_equal(hours_spans_on(f->h, f->paris, D("2026-10-25"), s, e,
	                                HOURS_MAX_SPANS),
	                 1);
	assert_int_equal(s[0], T("2026-10-25T00:00:00+02:00"));
	assert_int_equal(e[0], T("2026-10-26T00:00:00+01:00"));
	assert_int_equal(e[0] - s[0], 25 * 3600);
	/* An ordinary day. */
	assert_int_equal(hours_spans_on(f->h, f->paris, D("2026-11-23"), s, e,
	                                HOURS_MAX_SPANS),
	                 1);
	assert_int_equal(e[0] - s[0], 24 * 3600);

	/* Spring, open 01:00-04:00: two real hours. */
	set_week(f->h, "sun 01:00-04:00");
	assert_spans(f->h, f->paris, "2026-03-29", 1,
	             (const char *[]){"2026-03-29T01:00:00+01:00",
	                              "2026-03-29T04:00:00+02:00"});
	assert_int_equal(T("2026-03-29T04:00:00+02:00") -
	                         T("2026-03-29T01:00:00+01:00"),
	                 2 * 3600);
	/* Autumn, open 01:00-04:00: four real hours. */
	assert_spans(f->h, f->paris, "2026-10-25", 1,
	             (const char *[]){"2026-10-25T01:00:00+02:00",
	                              "2026-10-25T04:00:00+01:00"});

	/* An opening in the gap moves to the end of the gap (03:00). */
	set_week(f->h, "sun 02:30-04:00");
	assert_spans(f->h, f->paris, "2026-03-29", 1,
	             (const char *[]){"2026-03-29T03:00:00+02:00",
	                              "2026-03-29T04:00:00+02:00"});
	/* A closing in the gap too. */
	set_week(f->h, "sun 01:00-02:30");
	assert_spans(f->h, f->paris, "2026-03-29", 1,
	             (const char *[]){"2026-03-29T01:00:00+01:00",
	                              "2026-03-29T03:00:00+02:00"});
	/* A span wholly in the gap does not exist that day. */
	set_week(f->h, "sun 02:00-02:45 10:00-11:00");
	assert_spans(f->h, f->paris, "2026-03-29", 1,
	             (const char *[]){"2026-03-29T10:00:00+02:00",
	                              "2026-03-29T11:00:00+02:00"});
	assert_spans(f->h, f->paris, "2026-03-22", 2,
	             (const char *[]){"2026-03-22T02:00:00+01:00",
	                              "2026-03-22T02:45:00+01:00",
	                              "2026-03-22T10:00:00+01:00",
	                              "2026-03-22T11:00:00+01:00"});

	/* Autumn overlap: the earlier 02:30 opens, the later one closes. */
	set_week(f->h, "sun 02:30-03:30");
	assert_spans(f->h, f->paris, "2026-10-25", 1,
	             (const char *[]){"2026-10-25T02:30:00+02:00",
	                              "2026-10-25T03:30:00+01:00"});
	set_week(f->h, "sun 00:00-02:30");
	assert_spans(f->h, f->paris, "2026-10-25", 1,
	             (const char *[]){"2026-10-25T00:00:00+02:00",
	                              "2026-10-25T02:30:00+01:00"});
	/* Spans that cross in the overlap are kept apart, in order. */
	set_week(f->h, "sun 01:00-02:30 02:45-05:00");
	assert_spans(f->h, f->paris, "2026-10-25", 2,
	             (const char *[]){"2026-10-25T01:00:00+02:00",
	                              "2026-10-25T02:30:00+01:00",
	                              "2026-10-25T02:30:00+01:00",
	                              "2026-10-25T05:00:00+01:00"});

	/* MAX bounds what is written. */
	set_week(f->h, "mon 08:00-12:00 13:00-18:00");
	assert_int_equal(
	        hours_spans_on(f->h, f->paris, D("2026-11-23"), s, e, 1), 1);
	assert_int_equal(s[0], T("2026-11-23T08:00:00+01:00"));
	assert_int_equal(hours_spans_on(f->h, f->paris, D("2026-11-24"), s, e,
	                                HOURS_MAX_SPANS),
	                 0);
}

static void test_spans_new_york(void **state)
{
	fixture *f = *state;

	set_week(f->h, "24/7");
	assert_spans(f->h, f->ny, "2026-03-08", 1,
	             (const char *[]){"2026-03-08T00:00:00-05:00",
	                              "2026-03-09T00:00:00-04:00"});
	assert_int_equal(T("2026-03-09T00:00:00-04:00") -
	                         T("2026-03-08T00:00:00-05:00"),
	                 23 * 3600);
	set_week(f->h, "sun 01:00-04:00");
	assert_spans(f->h, f->ny, "2026-03-08", 1,
	             (const char *[]){"2026-03-08T01:00:00-05:00",
	                              "2026-03-08T04:00:00-04:00"});
	set_week(f->h, "sun 02:30-03:30");
	assert_spans(f->h, f->ny, "2026-03-08", 1,
	             (const char *[]){"2026-03-08T03:00:00-04:00",
	                              "2026-03-08T03:30:00-04:00"});
	/* The same wall times in Paris that day are ordinary. */
	assert_spans(f->h, f->paris, "2026-03-08", 1,
	             (const char *[]){"2026-03-08T02:30:00+01:00",
	                              "2026-03-08T03:30:00+01:00"});
}

/* ---- hours_check and hours_open_at ---- */

static void test_check(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *start, *end;
		rule_code want;
	} cases[] = {
	        {"2026-11-23T08:00:00+01:00", "2026-11-23T10:00:00+01:00",
	         RULE_OK},
	        {"2026-11-23T10:00:00+01:00", "2026-11-23T12:00:00+01:00",
	         RULE_OK},
	        {"2026-11-23T16:00:00+01:00", "2026-11-23T18:00:00+01:00",
	         RULE_OK},
	        {"2026-11-23T07:30:00+01:00", "2026-11-23T08:30:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T07:59:59+01:00", "2026-11-23T08:30:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T11:30:00+01:00", "2026-11-23T12:00:01+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T11:00:00+01:00", "2026-11-23T14:00:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T12:00:00+01:00", "2026-11-23T13:30:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T17:30:00+01:00", "2026-11-23T18:30:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        {"2026-11-23T20:00:00+01:00", "2026-11-23T21:00:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        /* Saturday and Sunday: no hours at all. */
	        {"2026-11-28T10:00:00+01:00", "2026-11-28T11:00:00+01:00",
	         RULE_CLOSED_DAY},
	        {"2026-11-29T10:00:00+01:00", "2026-11-29T11:00:00+01:00",
	         RULE_CLOSED_DAY},
	        /* The closure date (Wednesday 2026-11-25). */
	        {"2026-11-25T10:00:00+01:00", "2026-11-25T11:00:00+01:00",
	         RULE_CLOSED_DAY},
	        /* Exceptional hours (Thursday 2026-11-26: 14:00-22:00). */
	        {"2026-11-26T20:00:00+01:00", "2026-11-26T22:00:00+01:00",
	         RULE_OK},
	        {"2026-11-26T10:00:00+01:00", "2026-11-26T11:00:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	        /* Empty or reversed. */
	        {"2026-11-23T10:00:00+01:00", "2026-11-23T10:00:00+01:00",
	         RULE_OUTSIDE_OPENING_HOURS},
	};
	size_t i;

	set_week(f->h, "mon-fri 08:00-12:00 13:30-18:00");
	assert_int_equal(hours_set_date(f->h, D("2026-11-25"),
	                                &(hours_day){0, {{0, 0}}}),
	                 0);
	assert_int_equal(
	        hours_set_date(f->h, D("2026-11-26"),
	                       &(hours_day){1, {{H(14, 0), H(22, 0)}}}),
	        0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rule_code got = hours_check(f->h, f->paris, T(cases[i].start),
		                            T(cases[i].end));

		if (got != cases[i].want)
			fail_msg("%s..%s: %s, want %s", cases[i].start,
			         cases[i].end, rule_code_name(got),
			         rule_code_name(cases[i].want));
	}
}

static void test_check_one_day(void **state)
{
	fixture *f = *state;

	/* Open all the time, but a booking sits inside one local day. */
	set_week(f->h, "24/7");
	assert_int_equal(hours_check(f->h, f->paris,
	                             T("2026-11-23T22:00:00+01:00"),
	                             T("2026-11-24T00:00:00+01:00")),
	                 RULE_OK);
	assert_int_equal(hours_check(f->h, f->paris,
	                             T("2026-11-23T23:00:00+01:00"),
	                             T("2026-11-24T01:00:00+01:00")),
	                 RULE_OUTSIDE_OPENING_HOURS);
	/* The whole 25-hour day fits in its one span. */
	assert_int_equal(hours_check(f->h, f->paris,
	                             T("2026-10-25T00:00:00+02:00"),
	                             T("2026-10-26T00:00:00+01:00")),
	                 RULE_OK);
	/* Spring: 01:00-04:00 local is two real hours inside the span. */
	set_week(f->h, "sun 01:00-04:00");
	assert_int_equal(hours_check(f->h, f->paris,
	                             T("2026-03-29T01:00:00+01:00"),
	                             T("2026-03-29T04:00:00+02:00")),
	                 RULE_OK);
	assert_int_equal(hours_check(f->h, f->paris,
	                             T("2026-03-29T00:59:00+01:00"),
	                             T("2026-03-29T04:00:00+02:00")),
	                 RULE_OUTSIDE_OPENING_HOURS);
}

static void test_open_at(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *t;
		bool open;
	} cases[] = {
	        {"2026-11-23T07:59:59+01:00", false},
	        {"2026-11-23T08:00:00+01:00", true},
	        {"2026-11-23T11:59:59+01:00", true},
	        {"2026-11-23T12:00:00+01:00", false},
	        {"2026-11-23T13:29:59+01:00", false},
	        {"2026-11-23T13:30:00+01:00", true},
	        {"2026-11-23T17:59:59+01:00", true},
	        {"2026-11-23T18:00:00+01:00", false},
	        {"2026-11-28T10:00:00+01:00", false},
	        /* 07:30 UTC is 08:30 in Paris: local time counts. */
	        {"2026-11-23T07:30:00Z", true},
	        {"2026-11-23T06:59:59Z", false},
	};
	size_t i;

	set_week(f->h, "mon-fri 08:00-12:00 13:30-18:00");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (hours_open_at(f->h, f->paris, T(cases[i].t)) !=
		    cases[i].open)
			fail_msg("%s: want %s", cases[i].t,
			         cases[i].open ? "open" : "closed");
	}
	/* 24/7 is open at midnight of both DST days. */
	set_week(f->h, "24/7");
	assert_true(
	        hours_open_at(f->h, f->paris, T("2026-03-29T00:00:00+01:00")));
	assert_true(
	        hours_open_at(f->h, f->paris, T("2026-03-29T23:59:59+02:00")));
	assert_true(
	        hours_open_at(f->h, f->paris, T("2026-10-25T02:30:00+01:00")));
	/* A NULL set of hours is never open. */
	assert_false(
	        hours_open_at(NULL, f->paris, T("2026-11-23T10:00:00+01:00")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_parse_day_good),
	        cmocka_unit_test(test_parse_day_bad),
	        cmocka_unit_test_setup_teardown(test_parse_week_good, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_parse_week_bad, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_round_trip, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_format_truncates, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_set_weekday, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_exceptions, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_exceptions_sorted, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_exceptions_limit, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_spans_paris_dst, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_spans_new_york, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_check, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_check_one_day, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_open_at, setup, teardown),
	};

	return cmocka_run_group_tests_name("unit.hours", tests, NULL, NULL);
}

/*
 * test_caltime.c - civil dates, instants, parsers and formatters.
 *
 * Expected values were computed independently with Python's datetime.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "caltime.h"

static cal_date date(int y, int m, int d)
{
	cal_date r = {y, m, d};

	return r;
}

static cal_datetime datetime(int y, int mo, int d, int h, int mi, int s)
{
	cal_datetime r = {y, mo, d, h, mi, s};

	return r;
}

static void test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(cal_days_in_month(2026, 1), 31);
	assert_int_equal(cal_days_in_month(2026, 2), 28);
	assert_int_equal(cal_days_in_month(2028, 2), 29);
	assert_int_equal(cal_days_in_month(1900, 2), 28); /* century */
	assert_int_equal(cal_days_in_month(2000, 2), 29); /* 400 years */
	assert_int_equal(cal_days_in_month(2100, 2), 28);
	assert_int_equal(cal_days_in_month(2400, 2), 29);
	assert_int_equal(cal_days_in_month(2026, 4), 30);
	assert_int_equal(cal_days_in_month(2026, 12), 31);
	assert_int_equal(cal_days_in_month(2026, 0), 0);
	assert_int_equal(cal_days_in_month(2026, 13), 0);
	assert_int_equal(cal_days_in_month(2026, -1), 0);
}

static void test_date_valid(void **state)
{
	(void)state;
	assert_true(cal_date_valid(date(2026, 2, 28)));
	assert_false(cal_date_valid(date(2026, 2, 29)));
	assert_false(cal_date_valid(date(2026, 2, 30)));
	assert_true(cal_date_valid(date(2028, 2, 29)));
	assert_true(cal_date_valid(date(2000, 2, 29)));
	assert_false(cal_date_valid(date(2100, 2, 29)));
	assert_false(cal_date_valid(date(2026, 4, 31)));
	assert_true(cal_date_valid(date(2026, 12, 31)));
	assert_false(cal_date_valid(date(2026, 1, 0)));
	assert_false(cal_date_valid(date(2026, 1, 32)));
	assert_false(cal_date_valid(date(2026, 0, 1)));
	assert_false(cal_date_valid(date(2026, 13, 1)));
	/* the supported range, at and around its bounds */
	assert_true(cal_date_valid(date(CAL_MIN_YEAR, 1, 1)));
	assert_false(cal_date_valid(date(CAL_MIN_YEAR - 1, 12, 31)));
	assert_true(cal_date_valid(date(CAL_MAX_YEAR, 12, 31)));
	assert_false(cal_date_valid(date(CAL_MAX_YEAR + 1, 1, 1)));
	assert_false(cal_date_valid(date(1900, 2, 28)));
	assert_false(cal_date_valid(date(-2026, 1, 1)));
}

static void test_datetime_valid(void **state)
{
	(void)state;
	assert_true(cal_datetime_valid(datetime(2026, 3, 29, 0, 0, 0)));
	assert_true(cal_datetime_valid(datetime(2026, 3, 29, 23, 59, 59)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, 24, 0, 0)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, 12, 60, 0)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, 12, 0, 60)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, -1, 0, 0)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, 0, -1, 0)));
	assert_false(cal_datetime_valid(datetime(2026, 3, 29, 0, 0, -1)));
	assert_false(cal_datetime_valid(datetime(2026, 2, 29, 12, 0, 0)));
}

static void test_known_days(void **state)
{
	(void)state;
	assert_int_equal(cal_days_from_civil(date(1970, 1, 1)), 0);
	assert_int_equal(cal_days_from_civil(date(1970, 1, 2)), 1);
	assert_int_equal(cal_days_from_civil(date(1969, 12, 31)), -1);
	assert_int_equal(cal_days_from_civil(date(2000, 3, 1)), 11017);
	assert_int_equal(cal_days_from_civil(date(2026, 11, 23)), 20780);
	assert_int_equal(cal_days_from_civil(date(2028, 2, 29)), 21243);
	assert_int_equal(cal_days_from_civil(date(2100, 12, 31)), 47846);
	assert_int_equal(cal_days_from_civil(date(9999, 12, 31)), 2932896);

	cal_date d = cal_civil_from_days(20780);
	assert_int_equal(d.year, 2026);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 23);
	d = cal_civil_from_days(-1);
	assert_int_equal(d.year, 1969);
	assert_int_equal(d.month, 12);
	assert_int_equal(d.day, 31);
	d = cal_civil_from_days(-719468); /* 0000-03-01 */
	assert_int_equal(d.year, 0);
	assert_int_equal(d.month, 3);
	assert_int_equal(d.day, 1);
}

/* Every day from 1970 to 2100, walked by hand, both ways. */
static void test_round_trip_every_day(void **state)
{
	int64_t n = 0;

	(void)state;
	for (int y = 1970; y <= 2100; y++) {
		for (int m = 1; m <= 12; m++) {
			for (int d = 1; d <= cal_days_in_month(y, m); d++) {
				cal_date c = date(y, m, d);
				cal_date back = cal_civil_from_days(n);

				assert_true(cal_date_valid(c));
				assert_int_equal(cal_days_from_civil(c), n);
				assert_int_equal(back.year, y);
				assert_int_equal(back.month, m);
				assert_int_equal(back.day, d);
				assert_int_equal(cal_weekday(c),
				                 (int)((n + 3) % 7));
				n++;
			}
		}
	}
	assert_int_equal(n, cal_days_from_civil(date(2101, 1, 1)));
}

/* Far from 1970 too (negative days, other eras): still inverse. */
static void test_round_trip_wide(void **state)
{
	(void)state;
	for (int64_t n = -2000000; n <= 4000000; n += 997) {
		cal_date d = cal_civil_from_days(n);

		assert_int_equal(cal_days_from_civil(d), n);
		assert_true(d.month >= 1 && d.month <= 12);
		assert_true(d.day >= 1 &&
		            d.day <= cal_days_in_month(d.year, d.month));
	}
	/* extreme inputs saturate instead of overflowing */
	cal_date big = cal_civil_from_days(INT64_MAX);
	cal_date small = cal_civil_from_days(INT64_MIN);
	assert_true(big.year > 1000000);
	assert_true(small.year < -1000000);
	(void)cal_days_from_civil(date(INT32_MAX, INT32_MAX, INT32_MAX));
	(void)cal_days_from_civil(date(INT32_MIN, INT32_MIN, INT32_MIN));
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(cal_weekday(date(1970, 1, 1)), 3);   /* Thursday */
	assert_int_equal(cal_weekday(date(2000, 1, 1)), 5);   /* Saturday */
	assert_int_equal(cal_weekday(date(2000, 3, 1)), 2);   /* Wednesday */
	assert_int_equal(cal_weekday(date(2026, 11, 23)), 0); /* Monday */
	assert_int_equal(cal_weekday(date(2026, 3, 29)), 6);  /* Sunday */
	assert_int_equal(cal_weekday(date(2028, 2, 29)), 1);  /* Tuesday */
	assert_int_equal(cal_weekday(date(2100, 12, 31)), 4); /* Friday */
	assert_int_equal(cal_weekday(date(9999, 12, 31)), 4); /* Friday */
	assert_int_equal(cal_weekday(date(1969, 12, 28)), 6); /* Sunday */
}

static void test_add_days_and_cmp(void **state)
{
	cal_date d;

	(void)state;
	d = cal_date_add_days(date(2026, 2, 28), 1);
	assert_int_equal(cal_date_cmp(d, date(2026, 3, 1)), 0);
	d = cal_date_add_days(date(2028, 2, 28), 1);
	assert_int_equal(cal_date_cmp(d, date(2028, 2, 29)), 0);
	d = cal_date_add_days(date(2026, 1, 1), -1);
	assert_int_equal(cal_date_cmp(d, date(2025, 12, 31)), 0);
	d = cal_date_add_days(date(2026, 1, 1), 365);
	assert_int_equal(cal_date_cmp(d, date(2027, 1, 1)), 0);
	d = cal_date_add_days(date(2026, 5, 5), 0);
	assert_int_equal(cal_date_cmp(d, date(2026, 5, 5)), 0);

	assert_true(cal_date_cmp(date(2026, 1, 1), date(2026, 1, 2)) < 0);
	assert_true(cal_date_cmp(date(2026, 1, 2), date(2026, 1, 1)) > 0);
	assert_true(cal_date_cmp(date(2026, 1, 31), date(2026, 2, 1)) < 0);
	assert_true(cal_date_cmp(date(2025, 12, 31), date(2026, 1, 1)) < 0);
	assert_true(cal_date_cmp(date(2027, 1, 1), date(2026, 12, 31)) > 0);
}

static void test_utc_instants(void **state)
{
	cal_datetime dt;

	(void)state;
	dt = cal_utc_from_time(0);
	assert_int_equal(dt.year, 1970);
	assert_int_equal(dt.hour, 0);
	dt = cal_utc_from_time(-1);
	assert_int_equal(dt.year, 1969);
	assert_int_equal(dt.month, 12);
	assert_int_equal(dt.day, 31);
	assert_int_equal(dt.hour, 23);
	assert_int_equal(dt.minute, 59);
	assert_int_equal(dt.second, 59);
	dt = cal_utc_from_time(1795426200);
	assert_int_equal(dt.year, 2026);
	assert_int_equal(dt.month, 11);
	assert_int_equal(dt.day, 23);
	assert_int_equal(dt.hour, 9);
	assert_int_equal(dt.minute, 30);
	assert_int_equal(dt.second, 0);
	assert_int_equal(cal_time_from_utc(datetime(2038, 1, 19, 3, 14, 8)),
	                 2147483648LL);
	assert_int_equal(cal_time_from_utc(datetime(9999, 12, 31, 23, 59, 59)),
	                 253402300799LL);
	/* every 7919 s over 60 years: inverse both ways */
	for (porte_time t = -86400; t < 60LL * 366 * 86400; t += 7919) {
		dt = cal_utc_from_time(t);
		assert_true(cal_datetime_valid(dt) || dt.year == 1969);
		assert_int_equal(cal_time_from_utc(dt), t);
	}
	/* no overflow at the extremes */
	dt = cal_utc_from_time(INT64_MAX);
	assert_true(dt.year > 1000000);
	dt = cal_utc_from_time(INT64_MIN);
	assert_true(dt.year < -1000000);
}

static void test_parse_date_good(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
	} good[] = {
	        {"2026-11-23", 2026, 11, 23}, {"2028-02-29", 2028, 2, 29},
	        {"2000-02-29", 2000, 2, 29},  {"1970-01-01", 1970, 1, 1},
	        {"9999-12-31", 9999, 12, 31}, {"2026-04-30", 2026, 4, 30},
	};
	cal_date d;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(cal_parse_date(good[i].s, &d), 0);
		assert_int_equal(d.year, good[i].y);
		assert_int_equal(d.month, good[i].m);
		assert_int_equal(d.day, good[i].d);
	}
}

static void test_parse_date_bad(void **state)
{
	static const char *const bad[] = {
	        "2026-02-30",   "2026-02-29",     "2100-02-29",
	        "2026-04-31",   "2026-2-3",       "2026-02-3",
	        "2026-2-03",    "2026-02-03 ",    " 2026-02-03",
	        "2026-02-03\n", "2026-02-03T",    "2026-13-01",
	        "2026-00-01",   "2026-01-00",     "2026-01-32",
	        "+2026-01-01",  "-2026-01-01",    "1969-12-31",
	        "0000-01-01",   "10000-01-01",    "2026/01/01",
	        "2026-01-01x",  "20260101",       "2026-0a-01",
	        "2026-01-+1",   "2026- 1-01",     "",
	        "2026",         "2026-01",        "2026-01-",
	        "２026-01-01",  "2026-01-01\xff", "T10:00",
	};
	char long_str[4096];
	cal_date d = {7, 7, 7};

	(void)state;
	assert_true(sizeof(bad) / sizeof(bad[0]) >= 25);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cal_parse_date(bad[i], &d) != -1)
			fail_msg("accepted bad date \"%s\"", bad[i]);
		assert_int_equal(d.year, 7); /* untouched */
		assert_int_equal(d.month, 7);
		assert_int_equal(d.day, 7);
	}
	memset(long_str, '1', sizeof(long_str) - 1);
	long_str[sizeof(long_str) - 1] = '\0';
	assert_int_equal(cal_parse_date(long_str, &d), -1);
	memcpy(long_str, "2026-01-01", 10);
	assert_int_equal(cal_parse_date(long_str, &d), -1);
	assert_int_equal(cal_parse_date(NULL, &d), -1);
	assert_int_equal(d.year, 7);
}

static void test_parse_hhmm(void **state)
{
	static const struct {
		const char *s;
		int minutes;
	} good[] = {
	        {"00:00", 0},   {"00:01", 1},    {"09:30", 570},
	        {"12:00", 720}, {"23:59", 1439}, {"24:00", 1440},
	};
	static const char *const bad[] = {
	        "24:01",  "25:00",  "23:60", "9:30",   "09:3",  "0930",
	        "09:30 ", " 09:30", "+9:30", "-09:30", "09-30", "09:30:00",
	        "",       ":",      "ab:cd", "99:99",  "24:60", "09:+3",
	};
	int m = -7;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(cal_parse_hhmm(good[i].s, &m), 0);
		assert_int_equal(m, good[i].minutes);
	}
	m = -7;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cal_parse_hhmm(bad[i], &m) != -1)
			fail_msg("accepted bad time \"%s\"", bad[i]);
		assert_int_equal(m, -7);
	}
	assert_int_equal(cal_parse_hhmm(NULL, &m), -1);
}

static void test_parse_rfc3339_good(void **state)
{
	static const struct {
		const char *s;
		porte_time t;
	} good[] = {
	        {"1970-01-01T00:00:00Z", 0},
	        {"2026-11-23T09:30:00Z", 1795426200},
	        {"2026-11-23t09:30:00z", 1795426200},
	        {"2026-11-23T09:30:00.123456789Z", 1795426200},
	        {"2026-11-23T09:30:00.9Z", 1795426200},
	        {"2026-11-23T10:30:00+01:00", 1795426200},
	        {"2026-11-23T04:30:00-05:00", 1795426200},
	        {"2026-11-23T09:30:00+00:00", 1795426200},
	        {"2026-11-23T09:30:00-00:00", 1795426200},
	        {"2026-03-29T01:30:00+01:00", 1774744200},
	        {"2026-01-01T00:00:00-23:59", 1767311940},
	        {"2038-01-19T03:14:08Z", 2147483648LL},
	        {"9999-12-31T23:59:59Z", 253402300799LL},
	        {"2028-02-29T12:00:00.5+05:30", 1835418600},
	        {"1970-01-01T00:30:00-01:00", 5400},
	};
	porte_time t;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (cal_parse_rfc3339(good[i].s, &t) != 0)
			fail_msg("refused \"%s\"", good[i].s);
		assert_int_equal(t, good[i].t);
	}
}

static void test_parse_rfc3339_bad(void **state)
{
	static const char *const bad[] = {
	        "",
	        "T10:00",
	        "2026-01-01",
	        "2026-01-01T10:00:00",  /* missing offset */
	        "2026-01-01T10:00Z",    /* missing seconds */
	        "2026-01-01 10:00:00Z", /* space for T */
	        "2026-01-01T25:00:00Z",
	        "2026-01-01T24:00:00Z",
	        "2026-01-01T10:60:00Z",
	        "2026-01-01T10:00:60Z", /* no leap seconds */
	        "2026-02-30T10:00:00Z",
	        "2026-13-01T10:00:00Z",
	        "+2026-01-01T10:00:00Z",
	        "2026-1-01T10:00:00Z",
	        "2026-01-01T1:00:00Z",
	        "2026-01-01T10:00:00Z ",
	        " 2026-01-01T10:00:00Z",
	        "2026-01-01T10:00:00ZZ",
	        "2026-01-01T10:00:00+01",
	        "2026-01-01T10:00:00+0100",
	        "2026-01-01T10:00:00+1:00",
	        "2026-01-01T10:00:00+24:00", /* offset beyond 23:59 */
	        "2026-01-01T10:00:00-24:00",
	        "2026-01-01T10:00:00+23:60",
	        "2026-01-01T10:00:00+01:00x",
	        "2026-01-01T10:00:00.Z",           /* empty fraction */
	        "2026-01-01T10:00:00.1234567890Z", /* 10 digits */
	        "2026-01-01T10:00:00,5Z",
	        "2026-01-01T10:00:00.5",
	        "2026-01-01T10:00:00UTC",
	        "2026-01-01T10:00:00 Z",
	        "2026-01-01T10:00:00\n",
	        "2026-01-01X10:00:00Z",
	        "1969-12-31T23:59:59Z",
	        "1970-01-01T00:30:00+01:00", /* 1969 in UTC */
	        "9999-12-31T23:59:59-00:01", /* 10000 in UTC */
	        "10000-01-01T00:00:00Z",
	        "2026-01-01T-1:00:00Z",
	        "2026-01-01T10:00:-1Z",
	};
	char long_str[8192];
	porte_time t = 42;

	(void)state;
	assert_true(sizeof(bad) / sizeof(bad[0]) >= 25);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cal_parse_rfc3339(bad[i], &t) != -1)
			fail_msg("accepted bad instant \"%s\"", bad[i]);
		assert_int_equal(t, 42); /* untouched */
	}
	/* a valid start followed by a very long tail */
	memset(long_str, '0', sizeof(long_str) - 1);
	long_str[sizeof(long_str) - 1] = '\0';
	memcpy(long_str, "2026-01-01T10:00:00.", 20);
	assert_int_equal(cal_parse_rfc3339(long_str, &t), -1);
	memcpy(long_str, "2026-01-01T10:00:00Z", 20);
	assert_int_equal(cal_parse_rfc3339(long_str, &t), -1);
	assert_int_equal(cal_parse_rfc3339(NULL, &t), -1);
	assert_int_equal(t, 42);
}

static void test_format(void **state)
{
	char buf[CAL_RFC3339_LEN];
	char dbuf[CAL_DATE_LEN];

	(void)state;
	cal_format_rfc3339(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	cal_format_rfc3339(1795426200, buf);
	assert_string_equal(buf, "2026-11-23T09:30:00Z");
	cal_format_rfc3339(-1, buf);
	assert_string_equal(buf, "1969-12-31T23:59:59Z");
	cal_format_rfc3339(253402300799LL, buf);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	cal_format_rfc3339(INT64_MAX, buf); /* clamped */
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
	cal_format_rfc3339(INT64_MIN, buf);
	assert_string_equal(buf, "0000-01-01T00:00:00Z");

	cal_format_date(date(2026, 3, 9), dbuf);
	assert_string_equal(dbuf, "2026-03-09");
	cal_format_date(date(1970, 1, 1), dbuf);
	assert_string_equal(dbuf, "1970-01-01");
	cal_format_date(date(-5, -1, 1000), dbuf); /* clamped fields */
	assert_string_equal(dbuf, "0000-00-99");
	assert_int_equal(strlen(dbuf), CAL_DATE_LEN - 1);
}

/* Formatting then parsing gives the instant back, across the range. */
static void test_format_parse_round_trip(void **state)
{
	char buf[CAL_RFC3339_LEN];
	char dbuf[CAL_DATE_LEN];
	porte_time back;
	cal_date d;

	(void)state;
	for (porte_time t = 0; t <= 253402300799LL; t += 86399LL * 37 + 11) {
		cal_format_rfc3339(t, buf);
		assert_int_equal(cal_parse_rfc3339(buf, &back), 0);
		assert_int_equal(back, t);
		d = cal_civil_from_days(t / 86400);
		cal_format_date(d, dbuf);
		assert_int_equal(cal_parse_date(dbuf, &d), 0);
		assert_int_equal(cal_days_from_civil(d), t / 86400);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_days_in_month),
	        cmocka_unit_test(test_date_valid),
	        cmocka_unit_test(test_datetime_valid),
	        cmocka_unit_test(test_known_days),
	        cmocka_unit_test(test_round_trip_every_day),
	        cmocka_unit_test(test_round_trip_wide),
	        cmocka_unit_test(test_weekday),
	        cmocka_unit_test(test_add_days_and_cmp),
	        cmocka_unit_test(test_utc_instants),
	        cmocka_unit_test(test_parse_date_good),
	        cmocka_unit_test(test_parse_date_bad),
	        cmocka_unit_test(test_parse_hhmm),
	        cmocka_unit_test(test_parse_rfc3339_good),
	        cmocka_unit_test(test_parse_rfc3339_bad),
	        cmocka_unit_test(test_format),
	        cmocka_unit_test(test_format_parse_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

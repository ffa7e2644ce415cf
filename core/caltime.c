/*
 * caltime.c - civil dates and UTC instants: Howard Hinnant's
 * days_from_civil / civil_from_days, validation, strict parsers and
 * formatters. Pure arithmetic, no state, no locale.
 *
 * Every function is total: any int input gives a defined result without
 * overflow. Dates far outside CAL_MIN_YEAR..CAL_MAX_YEAR are computed but
 * saturate at about +-4 million years (DAYS_LIMIT) so a year always fits in
 * an int.
 */
#include "caltime.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SECS_PER_DAY 86400
#define DAYS_PER_ERA 146097 /* 400 Gregorian years */

/* cal_civil_from_days saturates here: 10000 eras, about 4 million years. */
#define DAYS_LIMIT ((int64_t)DAYS_PER_ERA * 10000)

/* Floor division and modulo for a positive divisor, without overflow. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b < 0)
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	if (r < 0)
		r += b;
	return r;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return days[month - 1];
}

bool cal_date_valid(cal_date d)
{
	if (d.year < CAL_MIN_YEAR || d.year > CAL_MAX_YEAR)
		return false;
	if (d.month < 1 || d.month > 12)
		return false;
	return d.day >= 1 && d.day <= cal_days_in_month(d.year, d.month);
}

bool cal_datetime_valid(cal_datetime dt)
{
	cal_date d = {dt.year, dt.month, dt.day};

	if (!cal_date_valid(d))
		return false;
	return dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 &&
	       dt.minute <= 59 && dt.second >= 0 && dt.second <= 59;
}

/*
 * Hinnant's days_from_civil, in 64 bits so that any int fields give a
 * defined (if meaningless) result.
 */
int64_t cal_days_from_civil(cal_date d)
{
	int64_t m = d.month;
	int64_t y = (int64_t)d.year - (m <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                  /* [0, 399] */
	int64_t mp = floor_mod(m + 9, 12);            /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d.day - 1; /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * DAYS_PER_ERA + doe - 719468;
}

cal_date cal_civil_from_days(int64_t days)
{
	int64_t z, era, doe, yoe, y, doy, mp, m;
	cal_date d;

	if (days > DAYS_LIMIT)
		days = DAYS_LIMIT;
	if (days < -DAYS_LIMIT)
		days = -DAYS_LIMIT;
	z = days + 719468;
	era = floor_div(z, DAYS_PER_ERA);
	doe = z - era * DAYS_PER_ERA; /* [0, 146096] */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
	mp = (5 * doy + 2) / 153;                      /* [0, 11] */
	m = mp < 10 ? mp + 3 : mp - 9;
	d.year = (int)(y + (m <= 2));
	d.month = (int)m;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	return d;
}

int cal_weekday(cal_date d)
{
	/* 1970-01-01 was a Thursday (3). */
	return (int)floor_mod(cal_days_from_civil(d) + 3, 7);
}

cal_date cal_date_add_days(cal_date d, int n)
{
	return cal_civil_from_days(cal_days_from_civil(d) + n);
}

int cal_date_cmp(cal_date a, cal_date b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

cal_datetime cal_utc_from_time(porte_time t)
{
	int64_t days = floor_div(t, SECS_PER_DAY);
	int64_t sod = floor_mod(t, SECS_PER_DAY);
	cal_date d = cal_civil_from_days(days);
	cal_datetime dt;

	dt.year = d.year;
	dt.month = d.month;
	dt.day = d.day;
	dt.hour = (int)(sod / 3600);
	dt.minute = (int)(sod / 60 % 60);
	dt.second = (int)(sod % 60);
	return dt;
}

porte_time cal_time_from_utc(cal_datetime dt)
{
	cal_date d = {dt.year, dt.month, dt.day};

	return cal_days_from_civil(d) * SECS_PER_DAY + (int64_t)dt.hour * 3600 +
	       (int64_t)dt.minute * 60 + dt.second;
}

/*
 * Reads exactly N ASCII digits at S into *V. Stops at the first non-digit
 * (the terminator included), so it never reads past the string's end.
 */
static bool digits(const char *s, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

/* "YYYY-MM-DD" at S (10 bytes, nothing checked after them). */
static bool date_at(const char *s, cal_date *d)
{
	cal_date r;

	if (!digits(s, 4, &r.year) || s[4] != '-' ||
	    !digits(s + 5, 2, &r.month) || s[7] != '-' ||
	    !digits(s + 8, 2, &r.day))
		return false;
	if (!cal_date_valid(r))
		return false;
	*d = r;
	return true;
}

/* "HH:MM" at S as two numbers, not range-checked. */
static bool hhmm_at(const char *s, int *h, int *m)
{
	return digits(s, 2, h) && s[2] == ':' && digits(s + 3, 2, m);
}

int cal_parse_date(const char *s, cal_date *out)
{
	cal_date d;

	if (s == NULL || !date_at(s, &d) || s[10] != '\0')
		return -1;
	*out = d;
	return 0;
}

int cal_parse_hhmm(const char *s, int *minutes)
{
	int h, m;

	if (s == NULL || !hhmm_at(s, &h, &m) || s[5] != '\0')
		return -1;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	*minutes = h * 60 + m;
	return 0;
}

/*
 * Reads the offset at S ("Z", "z", "+HH:MM" or "-HH:MM", then the end of
 * the string) into *OFF, seconds east of UTC. "-00:00" (RFC 3339's
 * "offset unknown") reads as 0.
 */
static bool offset_at(const char *s, int *off)
{
	int h, m;

	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
		*off = 0;
		return true;
	}
	if (s[0] != '+' && s[0] != '-')
		return false;
	if (!hhmm_at(s + 1, &h, &m) || s[6] != '\0')
		return false;
	if (h > 23 || m > 59)
		return false;
	*off = (h * 3600 + m * 60) * (s[0] == '-' ? -1 : 1);
	return true;
}

/*
 * The local date and time must be valid (years CAL_MIN_YEAR..CAL_MAX_YEAR,
 * no second 60) and so must the instant once the offset is applied: the UTC
 * date must also fall within CAL_MIN_YEAR..CAL_MAX_YEAR, so that
 * "1970-01-01T00:30:00+01:00" (1969 in UTC) is refused and every accepted
 * instant formats back with cal_format_rfc3339.
 */
int cal_parse_rfc3339(const char *s, porte_time *out)
{
	static const cal_datetime lo = {CAL_MIN_YEAR, 1, 1, 0, 0, 0};
	static const cal_datetime hi = {CAL_MAX_YEAR, 12, 31, 23, 59, 59};
	cal_datetime dt;
	cal_date d;
	const char *p;
	int off, n;
	porte_time t;

	if (s == NULL || !date_at(s, &d))
		return -1;
	if (s[10] != 'T' && s[10] != 't')
		return -1;
	if (!hhmm_at(s + 11, &dt.hour, &dt.minute) || s[16] != ':' ||
	    !digits(s + 17, 2, &dt.second))
		return -1;
	dt.year = d.year;
	dt.month = d.month;
	dt.day = d.day;
	if (!cal_datetime_valid(dt))
		return -1;
	p = s + 19;
	if (*p == '.') {
		for (n = 0; p[1 + n] >= '0' && p[1 + n] <= '9'; n++) {
			if (n == 9)
				return -1;
		}
		if (n == 0)
			return -1;
		p += 1 + n;
	}
	if (!offset_at(p, &off))
		return -1;
	t = cal_time_from_utc(dt) - off;
	if (t < cal_time_from_utc(lo) || t > cal_time_from_utc(hi))
		return -1;
	*out = t;
	return 0;
}

/* Writes V (0 <= V < 10^N) as N digits at BUF. */
static void put_digits(char *buf, int64_t v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		buf[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static int64_t clamp(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Instants before 0000-01-01T00:00:00Z or after 9999-12-31T23:59:59Z are
 * written as those bounds: the text always has its fixed shape.
 */
void cal_format_rfc3339(porte_time t, char buf[CAL_RFC3339_LEN])
{
	static const cal_datetime lo = {0, 1, 1, 0, 0, 0};
	static const cal_datetime hi = {9999, 12, 31, 23, 59, 59};
	cal_datetime dt;

	t = clamp(t, cal_time_from_utc(lo), cal_time_from_utc(hi));
	dt = cal_utc_from_time(t);
	put_digits(buf, dt.year, 4);
	buf[4] = '-';
	put_digits(buf + 5, dt.month, 2);
	buf[7] = '-';
	put_digits(buf + 8, dt.day, 2);
	buf[10] = 'T';
	put_digits(buf + 11, dt.hour, 2);
	buf[13] = ':';
	put_digits(buf + 14, dt.minute, 2);
	buf[16] = ':';
	put_digits(buf + 17, dt.second, 2);
	buf[19] = 'Z';
	buf[20] = '\0';
}

/*
 * Each field is clamped to what its digits can show (year 0..9999, month
 * and day 0..99), so even an invalid date gives a 10-byte text.
 */
void cal_format_date(cal_date d, char buf[CAL_DATE_LEN])
{
	put_digits(buf, clamp(d.year, 0, 9999), 4);
	buf[4] = '-';
	put_digits(buf + 5, clamp(d.month, 0, 99), 2);
	buf[7] = '-';
	put_digits(buf + 8, clamp(d.day, 0, 99), 2);
	buf[10] = '\0';
}

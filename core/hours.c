/*
 * hours.c - a site's opening hours: weekly pattern, dated exceptions, and
 * their open spans as instants of a time zone.
 */
#include "hours.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MINUTES_PER_DAY 1440
#define DAYS_PER_WEEK 7
#define HOURS_CAUSE_LEN 160 /* longest reason we write */
#define HOURS_TOKEN_LEN 32  /* longest token we quote back or parse */

typedef struct hours_exception {
	cal_date date;
	hours_day day;
} hours_exception;

struct opening_hours {
	hours_day week[DAYS_PER_WEEK]; /* 0 = Monday */
	hours_exception *ex;           /* sorted by date, no duplicates */
	size_t nex;
	size_t cap;
};

static const char *const day_names[DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                     "fri", "sat", "sun"};
static const char *const day_long_names[DAYS_PER_WEEK] = {
        "monday", "tuesday",  "wednesday", "thursday",
        "friday", "saturday", "sunday"};

__attribute__((format(printf, 2, 3))) static void
set_cause(char **cause, const char *fmt, ...)
{
	char buf[HOURS_CAUSE_LEN];
	va_list ap;
	size_t n;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf) + 1;
	*cause = malloc(n);
	if (*cause != NULL)
		memcpy(*cause, buf, n);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char to_lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

/* True when S[0..N) equals the lower-case word W, ignoring case. */
static bool word_eq(const char *s, size_t n, const char *w)
{
	size_t i;

	if (strlen(w) != n)
		return false;
	for (i = 0; i < n; i++) {
		if (to_lower(s[i]) != w[i])
			return false;
	}
	return true;
}

/* Copies S[0..N) into BUF (SIZE bytes) for a message, shortened with "...". */
static const char *quote(const char *s, size_t n, char *buf, size_t size)
{
	if (n < size) {
		memcpy(buf, s, n);
		buf[n] = '\0';
	} else {
		memcpy(buf, s, size - 4);
		memcpy(buf + size - 4, "...", 4);
	}
	return buf;
}

/* Strips blanks from both ends of S[0..*N); returns the new start. */
static const char *trim(const char *s, size_t *n)
{
	while (*n > 0 && is_space(s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && is_space(s[*n - 1]))
		(*n)--;
	return s;
}

/* Parses exactly "HH:MM" at S[0..N) into minutes (00:00..24:00). */
static int parse_time(const char *s, size_t n, int *minutes)
{
	char buf[6];

	if (n != 5 || s[2] != ':' || !is_digit(s[0]) || !is_digit(s[1]) ||
	    !is_digit(s[3]) || !is_digit(s[4]))
		return -1;
	memcpy(buf, s, 5);
	buf[5] = '\0';
	return cal_parse_hhmm(buf, minutes);
}

static void format_time(int minutes, char buf[6])
{
	unsigned h = (unsigned)minutes / 60 % 100, m = (unsigned)minutes % 60;

	buf[0] = (char)('0' + h / 10);
	buf[1] = (char)('0' + h % 10);
	buf[2] = ':';
	buf[3] = (char)('0' + m / 10);
	buf[4] = (char)('0' + m % 10);
	buf[5] = '\0';
}

/* Parses one "HH:MM-HH:MM" token. */
static int parse_span(const char *s, size_t n, hours_span *out, char **cause)
{
	char q[HOURS_TOKEN_LEN];
	const char *dash = memchr(s, '-', n);
	size_t left;
	int open, close;

	if (dash == NULL) {
		set_cause(cause, "'%s' is not a span like 08:00-12:00",
		          quote(s, n, q, sizeof(q)));
		return -1;
	}
	left = (size_t)(dash - s);
	if (parse_time(s, left, &open) != 0) {
		set_cause(cause, "bad opening time '%s' (want HH:MM)",
		          quote(s, left, q, sizeof(q)));
		return -1;
	}
	if (parse_time(dash + 1, n - left - 1, &close) != 0) {
		set_cause(cause, "bad closing time '%s' (want HH:MM)",
		          quote(dash + 1, n - left - 1, q, sizeof(q)));
		return -1;
	}
	if (open >= close || open >= MINUTES_PER_DAY) {
		set_cause(cause, "span '%s' does not open before it closes",
		          quote(s, n, q, sizeof(q)));
		return -1;
	}
	out->open = open;
	out->close = close;
	return 0;
}

/* Day parser on S[0..N), which need not be terminated. */
static int parse_day(const char *s, size_t n, hours_day *out, char **cause)
{
	hours_day day = {0};
	const char *end;
	char a[6], b[6];

	s = trim(s, &n);
	if (n == 0) {
		set_cause(cause, "no hours given (want e.g. 08:00-12:00 or "
		                 "closed)");
		return -1;
	}
	if (word_eq(s, n, "closed")) {
		*out = day;
		return 0;
	}
	end = s + n;
	while (s < end) {
		size_t len = 0;
		hours_span span;

		while (s + len < end && !is_space(s[len]))
			len++;
		if (day.count == HOURS_MAX_SPANS) {
			set_cause(cause, "more than %d spans in one day",
			          HOURS_MAX_SPANS);
			return -1;
		}
		if (parse_span(s, len, &span, cause) != 0)
			return -1;
		if (day.count > 0) {
			const hours_span *prev = &day.span[day.count - 1];

			format_time(prev->close, a);
			format_time(span.open, b);
			if (span.open < prev->close) {
				set_cause(cause,
				          "spans overlap or are out of order "
				          "(%s closes after %s opens)",
				          a, b);
				return -1;
			}
			if (span.open == prev->close) {
				set_cause(
				        cause,
				        "spans touch at %s: write them as one "
				        "span",
				        a);
				return -1;
			}
		}
		day.span[day.count++] = span;
		s += len;
		while (s < end && is_space(*s))
			s++;
	}
	*out = day;
	return 0;
}

int hours_parse_day(const char *spec, hours_day *out, char **cause)
{
	if (spec == NULL || out == NULL) {
		set_cause(cause, "no hours given");
		return -1;
	}
	return parse_day(spec, strlen(spec), out, cause);
}

/* True when DAY is well formed: spans sorted, disjoint, not touching. */
static bool day_valid(const hours_day *day)
{
	int i;

	if (day == NULL || day->count < 0 || day->count > HOURS_MAX_SPANS)
		return false;
	for (i = 0; i < day->count; i++) {
		const hours_span *sp = &day->span[i];

		if (sp->open < 0 || sp->open >= sp->close ||
		    sp->close > MINUTES_PER_DAY)
			return false;
		if (i > 0 && sp->open <= day->span[i - 1].close)
			return false;
	}
	return true;
}

static bool day_equal(const hours_day *a, const hours_day *b)
{
	int i;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		if (a->span[i].open != b->span[i].open ||
		    a->span[i].close != b->span[i].close)
			return false;
	}
	return true;
}

static void day_all_day(hours_day *day)
{
	memset(day, 0, sizeof(*day));
	day->count = 1;
	day->span[0].open = 0;
	day->span[0].close = MINUTES_PER_DAY;
}

opening_hours *hours_new(void)
{
	return calloc(1, sizeof(opening_hours));
}

void hours_free(opening_hours *h)
{
	if (h == NULL)
		return;
	free(h->ex);
	free(h);
}

/* Day name (short or long, any case) at S[0..N); -1 when none. */
static int parse_weekday(const char *s, size_t n)
{
	int i;

	for (i = 0; i < DAYS_PER_WEEK; i++) {
		if (word_eq(s, n, day_names[i]) ||
		    word_eq(s, n, day_long_names[i]))
			return i;
	}
	return -1;
}

/* Parses "DAYS HOURS" at S[0..N) into WEEK, marking NAMED days. */
static int parse_item(const char *s, size_t n, hours_day week[], bool named[],
                      char **cause)
{
	char q[HOURS_TOKEN_LEN];
	const char *dash;
	size_t dlen = 0, first_len;
	int first, last, wd;
	hours_day day;

	s = trim(s, &n);
	if (n == 0) {
		set_cause(cause, "empty item (a stray comma?)");
		return -1;
	}
	while (dlen < n && !is_space(s[dlen]))
		dlen++;
	dash = memchr(s, '-', dlen);
	first_len = dash != NULL ? (size_t)(dash - s) : dlen;
	first = parse_weekday(s, first_len);
	last = first;
	if (dash != NULL)
		last = parse_weekday(dash + 1, dlen - first_len - 1);
	if (first < 0 || last < 0) {
		set_cause(cause,
		          "'%s' is not a day or range of days (mon..sun, "
		          "e.g. mon-fri)",
		          quote(s, dlen, q, sizeof(q)));
		return -1;
	}
	if (dlen == n) {
		set_cause(cause, "no hours after '%s'",
		          quote(s, dlen, q, sizeof(q)));
		return -1;
	}
	if (parse_day(s + dlen, n - dlen, &day, cause) != 0)
		return -1;
	wd = first;
	for (;;) {
		if (named[wd]) {
			set_cause(cause, "%s is named twice", day_names[wd]);
			return -1;
		}
		named[wd] = true;
		week[wd] = day;
		if (wd == last)
			break;
		wd = (wd + 1) % DAYS_PER_WEEK;
	}
	return 0;
}

int hours_parse_week(opening_hours *h, const char *spec, char **cause)
{
	hours_day week[DAYS_PER_WEEK];
	bool named[DAYS_PER_WEEK] = {false};
	const char *s;
	size_t n;
	int i;

	if (h == NULL || spec == NULL) {
		set_cause(cause, "no hours given");
		return -1;
	}
	memset(week, 0, sizeof(week));
	n = strlen(spec);
	s = trim(spec, &n);
	if (n == 0) {
		set_cause(cause, "no hours given (want e.g. "
		                 "\"mon-fri 08:00-20:00, sat 09:00-13:00\")");
		return -1;
	}
	if (word_eq(s, n, "24/7")) {
		for (i = 0; i < DAYS_PER_WEEK; i++)
			day_all_day(&week[i]);
		goto out;
	}
	if (word_eq(s, n, "closed"))
		goto out;
	while (n > 0) {
		const char *comma = memchr(s, ',', n);
		size_t len = comma != NULL ? (size_t)(comma - s) : n;

		if (parse_item(s, len, week, named, cause) != 0)
			return -1;
		if (comma == NULL)
			break;
		s = comma + 1;
		n -= len + 1;
		if (n == 0) {
			set_cause(cause, "trailing comma");
			return -1;
		}
	}
out:
	memcpy(h->week, week, sizeof(week));
	return 0;
}

/* A bounded writer that counts what it would have written, like snprintf. */
typedef struct writer {
	char *buf;
	int len;
	int pos;
} writer;

static void put(writer *w, const char *s)
{
	size_t n = strlen(s);
	size_t i;

	for (i = 0; i < n; i++) {
		if (w->buf != NULL && w->pos < w->len - 1)
			w->buf[w->pos] = s[i];
		w->pos++;
	}
	if (w->buf != NULL && w->len > 0)
		w->buf[w->pos < w->len ? w->pos : w->len - 1] = '\0';
}

static void put_day(writer *w, const hours_day *day)
{
	char a[6], b[6];
	int i;

	if (day->count == 0) {
		put(w, "closed");
		return;
	}
	for (i = 0; i < day->count; i++) {
		format_time(day->span[i].open, a);
		format_time(day->span[i].close, b);
		if (i > 0)
			put(w, " ");
		put(w, a);
		put(w, "-");
		put(w, b);
	}
}

int hours_format_week(const opening_hours *h, char *buf, int len)
{
	writer w = {buf, len, 0};
	hours_day all;
	bool always = true, never = true;
	int i, j;

	if (buf != NULL && len > 0)
		buf[0] = '\0';
	if (h == NULL)
		return 0;
	day_all_day(&all);
	for (i = 0; i < DAYS_PER_WEEK; i++) {
		if (!day_equal(&h->week[i], &all))
			always = false;
		if (h->week[i].count > 0)
			never = false;
	}
	if (always) {
		put(&w, "24/7");
		return w.pos;
	}
	if (never) {
		put(&w, "closed");
		return w.pos;
	}
	for (i = 0; i < DAYS_PER_WEEK; i = j) {
		j = i + 1;
		while (j < DAYS_PER_WEEK && day_equal(&h->week[j], &h->week[i]))
			j++;
		if (h->week[i].count == 0)
			continue;
		if (w.pos > 0)
			put(&w, ", ");
		put(&w, day_names[i]);
		if (j - 1 > i) {
			put(&w, "-");
			put(&w, day_names[j - 1]);
		}
		put(&w, " ");
		put_day(&w, &h->week[i]);
	}
	return w.pos;
}

int hours_set_weekday(opening_hours *h, int wd, const hours_day *day)
{
	if (h == NULL || wd < 0 || wd >= DAYS_PER_WEEK || !day_valid(day))
		return -1;
	h->week[wd] = *day;
	return 0;
}

/* Index of date D in H->ex, or where it would go (*FOUND false). */
static size_t find_date(const opening_hours *h, cal_date d, bool *found)
{
	size_t lo = 0, hi = h->nex;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cal_date_cmp(h->ex[mid].date, d);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static int grow(opening_hours *h)
{
	size_t cap = h->cap == 0 ? 16 : h->cap * 2;
	hours_exception *ex;

	if (cap > HOURS_MAX_EXCEPTIONS)
		cap = HOURS_MAX_EXCEPTIONS;
	if (cap <= h->cap)
		return -1;
	ex = realloc(h->ex, cap * sizeof(*ex));
	if (ex == NULL)
		return -1;
	h->ex = ex;
	h->cap = cap;
	return 0;
}

int hours_set_date(opening_hours *h, cal_date d, const hours_day *day)
{
	bool found;
	size_t i;

	if (h == NULL || !cal_date_valid(d) || !day_valid(day))
		return -1;
	i = find_date(h, d, &found);
	if (found) {
		h->ex[i].day = *day;
		return 0;
	}
	if (h->nex >= HOURS_MAX_EXCEPTIONS)
		return -1;
	if (h->nex == h->cap && grow(h) != 0)
		return -1;
	memmove(&h->ex[i + 1], &h->ex[i], (h->nex - i) * sizeof(*h->ex));
	h->ex[i].date = d;
	h->ex[i].day = *day;
	h->nex++;
	return 0;
}

void hours_clear_date(opening_hours *h, cal_date d)
{
	bool found;
	size_t i;

	if (h == NULL)
		return;
	i = find_date(h, d, &found);
	if (!found)
		return;
	memmove(&h->ex[i], &h->ex[i + 1], (h->nex - i - 1) * sizeof(*h->ex));
	h->nex--;
}

void hours_for_date(const opening_hours *h, cal_date d, hours_day *out)
{
	bool found;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (h == NULL || !cal_date_valid(d))
		return;
	i = find_date(h, d, &found);
	if (found)
		*out = h->ex[i].day;
	else
		*out = h->week[cal_weekday(d)];
}

bool hours_is_exception(const opening_hours *h, cal_date d)
{
	bool found = false;

	if (h != NULL)
		find_date(h, d, &found);
	return found;
}

/*
 * The instant of wall time MINUTES (0..1440) on date D. A time in a gap is
 * the end of the gap; in an overlap, OPENING takes the earlier instant and a
 * closing the later one. 24:00 is the next day's first instant. Returns 0,
 * or -1 when the zone cannot say.
 */
static int local_instant(const tz_zone *z, cal_date d, int minutes,
                         bool opening, porte_time *out)
{
	cal_datetime dt = {0};
	porte_time first, second, start;
	tz_local_result r;

	if (minutes >= MINUTES_PER_DAY)
		return tz_day_bounds(z, d, &start, out);
	dt.year = d.year;
	dt.month = d.month;
	dt.day = d.day;
	dt.hour = minutes / 60;
	dt.minute = minutes % 60;
	r = tz_from_local(z, dt, &first, &second);
	if (r == TZ_LOCAL_INVALID)
		return -1;
	*out = (r == TZ_LOCAL_AMBIGUOUS && !opening) ? second : first;
	return 0;
}

int hours_spans_on(const opening_hours *h, const tz_zone *z, cal_date d,
                   porte_time *starts, porte_time *ends, int max)
{
	hours_day day;
	int i, n = 0;

	if (h == NULL || z == NULL || starts == NULL || ends == NULL)
		return 0;
	hours_for_date(h, d, &day);
	for (i = 0; i < day.count && n < max; i++) {
		porte_time s, e;

		if (local_instant(z, d, day.span[i].open, true, &s) != 0 ||
		    local_instant(z, d, day.span[i].close, false, &e) != 0)
			continue;
		/* In an overlap a span may close (late) after the next one
		 * opens (early): keep the spans apart. */
		if (n > 0 && s < ends[n - 1])
			s = ends[n - 1];
		if (s >= e) /* wholly inside a gap */
			continue;
		starts[n] = s;
		ends[n] = e;
		n++;
	}
	return n;
}

rule_code hours_check(const opening_hours *h, const tz_zone *z,
                      porte_time start, porte_time end)
{
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	hours_day day;
	cal_date d;
	int i, n;

	if (h == NULL || z == NULL)
		return RULE_OUTSIDE_OPENING_HOURS;
	d = tz_date_of(z, start);
	hours_for_date(h, d, &day);
	if (day.count == 0)
		return RULE_CLOSED_DAY;
	if (end <= start)
		return RULE_OUTSIDE_OPENING_HOURS;
	n = hours_spans_on(h, z, d, s, e, HOURS_MAX_SPANS);
	for (i = 0; i < n; i++) {
		if (s[i] <= start && end <= e[i])
			return RULE_OK;
	}
	return RULE_OUTSIDE_OPENING_HOURS;
}

bool hours_open_at(const opening_hours *h, const tz_zone *z, porte_time t)
{
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	int i, n;

	if (h == NULL || z == NULL)
		return false;
	n = hours_spans_on(h, z, tz_date_of(z, t), s, e, HOURS_MAX_SPANS);
	for (i = 0; i < n; i++) {
		if (s[i] <= t && t < e[i])
			return true;
	}
	return false;
}

/*
 * tz.c - local time of an IANA zone, from its TZif file (RFC 8536).
 *
 * A zone is a sorted array of transitions (instant, UT offset in force from
 * it), the offset in force before the first one (time type 0), and the
 * POSIX TZ rule of the file's footer, which governs every instant from the
 * last transition on (or all instants when there are none). Everything is
 * immutable once built: no global state, no tzset, no localtime.
 *
 * Local wall time is read as "wall seconds": the instant the same civil
 * date and time would be in UTC. The wall time of instant T is
 * T + offset(T); a wall time W has the instants T = W - O for each offset O
 * of the zone such that offset(W - O) == O. The zone keeps its (few)
 * distinct offsets, so gaps and overlaps are found exactly.
 *
 * Instants are clamped to +-TIME_LIMIT (about 317,000 years) so that no
 * arithmetic can overflow.
 */
#include "tz.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caltime.h"

#define SECS_PER_DAY INT64_C(86400)

/* Zone names: at most this many bytes (tz.h). */
#define TZ_NAME_MAX 64
/* TZif files larger than this are refused (the largest real one is ~4 KiB). */
#define TZ_FILE_MAX 1048576
/* A path under $TZDIR. */
#define TZ_PATH_MAX 4096
/* The POSIX TZ string of a footer, terminator excluded. */
#define TZ_FOOTER_MAX 255
/* Local time types of one file: indices are single bytes. */
#define TZ_TYPES_MAX 256
/* UT offsets beyond +-26 h are refused (RFC 8536 suggests -25..+26 h). */
#define OFFSET_MAX (26 * 3600)
/* POSIX TZ offsets: hours 0..24; rule times: -167..167 h (RFC 8536). */
#define TZ_OFFSET_HOURS_MAX 24
#define TZ_RULE_HOURS_MAX 167
/* Transition instants beyond +-2^60 s are refused. */
#define TRANSITION_LIMIT ((int64_t)1 << 60)
/* Instants given to the functions below are clamped to +-10^13 s. */
#define TIME_LIMIT INT64_C(10000000000000)
/* The grid walks at most this many transitions before giving up. */
#define GRID_WALK_MAX 100000

#define CAUSE_MAX 256
#define QUOTE_MAX 40

#define TZIF_HEADER_LEN 44

/* When a rule takes effect in a year: Jn, n or Mm.w.d, then a time. */
struct rule_date {
	char kind;    /* 'J' (1..365, no Feb 29), 'n' (0..365), 'M' */
	int n;        /* day for 'J' and 'n' */
	int month;    /* 'M': 1..12 */
	int week;     /* 'M': 1..5, 5 = last */
	int wday;     /* 'M': 0 = Sunday .. 6 */
	int32_t time; /* seconds after local midnight, -167 h .. 167 h */
};

/* A POSIX TZ string, offsets in seconds east of UTC. */
struct tz_rule {
	int32_t std_off;
	int32_t dst_off;
	bool has_dst;
	struct rule_date start; /* std -> dst, in standard time */
	struct rule_date end;   /* dst -> std, in daylight time */
};

/* One change of offset computed from a rule. */
struct rule_change {
	int64_t at;
	int32_t off; /* in force from AT */
};

/* Changes of years Y-2 .. Y+2 around an instant of year Y. */
#define RULE_YEARS 5
#define RULE_CHANGES (2 * RULE_YEARS)

struct tz_zone {
	char name[TZ_NAME_MAX + 1];
	size_t count;  /* transitions */
	int64_t *at;   /* strictly increasing instants */
	int32_t *off;  /* offset in force from at[i] */
	int32_t off0;  /* offset before at[0] (time type 0) */
	bool has_rule; /* footer present: governs t >= at[count - 1] */
	struct tz_rule rule;
	size_t noffs; /* distinct offsets the zone can return */
	int32_t offs[TZ_TYPES_MAX + 3];
};

/* Sets *CAUSE (when not NULL) to a malloc'd copy of the formatted text. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
set_cause(char **cause, const char *fmt, ...)
{
	char buf[CAUSE_MAX];
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	*cause = strdup(buf);
}

/*
 * Copies S into OUT for quoting in a reason: at most QUOTE_MAX bytes,
 * unprintable bytes shown as '?', "..." when cut.
 */
static void quote(const char *s, char out[QUOTE_MAX + 4])
{
	size_t i;

	if (s == NULL) {
		snprintf(out, QUOTE_MAX + 4, "(null)");
		return;
	}
	for (i = 0; i < QUOTE_MAX && s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (s[i] != '\0') {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
}

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

static porte_time clamp_time(porte_time t)
{
	if (t > TIME_LIMIT)
		return TIME_LIMIT;
	if (t < -TIME_LIMIT)
		return -TIME_LIMIT;
	return t;
}

/* ---------------------------------------------------------------------- */
/* POSIX TZ strings: "CET-1CEST,M3.5.0,M10.5.0/3", "<+0530>-5:30"...       */

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Reads 1..MAXLEN digits at *P into *V and advances *P. Fails on no digit
 * or on more than MAXLEN of them.
 */
static bool read_number(const char **p, int maxlen, int *v)
{
	const char *s = *p;
	int x = 0, n = 0;

	while (is_digit(s[n])) {
		if (n == maxlen)
			return false;
		x = x * 10 + (s[n] - '0');
		n++;
	}
	if (n == 0)
		return false;
	*v = x;
	*p = s + n;
	return true;
}

/* A zone abbreviation: 3+ letters, or <3+ of [A-Za-z0-9+-]>. */
static const char *parse_abbr(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		s++;
		while (is_alpha(s[n]) || is_digit(s[n]) || s[n] == '+' ||
		       s[n] == '-')
			n++;
		if (s[n] != '>')
			return "unterminated or bad quoted abbreviation";
		if (n < 3)
			return "abbreviation shorter than 3 characters";
		*p = s + n + 1;
		return NULL;
	}
	while (is_alpha(s[n]))
		n++;
	if (n < 3)
		return "abbreviation shorter than 3 letters";
	*p = s + n;
	return NULL;
}

/* [+-]hh[:mm[:ss]] with hh <= MAX_HOURS, into signed seconds. */
static const char *parse_hms(const char **p, int max_hours, int32_t *secs)
{
	const char *s = *p;
	int sign = 1, h, m = 0, sec = 0;

	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
	}
	if (!read_number(&s, 3, &h) || h > max_hours)
		return "bad hours";
	if (*s == ':') {
		s++;
		if (!read_number(&s, 2, &m) || m > 59)
			return "bad minutes";
		if (*s == ':') {
			s++;
			if (!read_number(&s, 2, &sec) || sec > 59)
				return "bad seconds";
		}
	}
	*secs = sign * (h * 3600 + m * 60 + sec);
	*p = s;
	return NULL;
}

/* Jn, n or Mm.w.d, then an optional /time (02:00 by default). */
static const char *parse_rule_date(const char **p, struct rule_date *rd)
{
	const char *s = *p;
	const char *why;

	memset(rd, 0, sizeof(*rd));
	if (*s == 'J') {
		s++;
		rd->kind = 'J';
		if (!read_number(&s, 3, &rd->n) || rd->n < 1 || rd->n > 365)
			return "bad Jn day";
	} else if (*s == 'M') {
		s++;
		rd->kind = 'M';
		if (!read_number(&s, 2, &rd->month) || rd->month < 1 ||
		    rd->month > 12)
			return "bad month in Mm.w.d";
		if (*s++ != '.' || !read_number(&s, 1, &rd->week) ||
		    rd->week < 1 || rd->week > 5)
			return "bad week in Mm.w.d";
		if (*s++ != '.' || !read_number(&s, 1, &rd->wday) ||
		    rd->wday > 6)
			return "bad weekday in Mm.w.d";
	} else {
		rd->kind = 'n';
		if (!read_number(&s, 3, &rd->n) || rd->n > 365)
			return "bad day of year";
	}
	rd->time = 2 * 3600;
	if (*s == '/') {
		s++;
		why = parse_hms(&s, TZ_RULE_HOURS_MAX, &rd->time);
		if (why != NULL)
			return why;
	}
	*p = s;
	return NULL;
}

/*
 * Parses a whole TZ string: std offset [dst [offset] [,start[/time],end
 * [/time]]]. A dst without rules takes the US rules M3.2.0,M11.1.0, as
 * glibc does.
 */
static const char *parse_posix_tz(const char *s, struct tz_rule *r)
{
	const char *why;
	int32_t v;

	memset(r, 0, sizeof(*r));
	why = parse_abbr(&s);
	if (why != NULL)
		return why;
	why = parse_hms(&s, TZ_OFFSET_HOURS_MAX, &v);
	if (why != NULL)
		return why;
	r->std_off = -v; /* POSIX counts west of UTC */
	if (*s == '\0')
		return NULL;
	why = parse_abbr(&s);
	if (why != NULL)
		return why;
	r->has_dst = true;
	r->dst_off = r->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		why = parse_hms(&s, TZ_OFFSET_HOURS_MAX, &v);
		if (why != NULL)
			return why;
		r->dst_off = -v;
	}
	if (*s == '\0') {
		static const char us[] = "M3.2.0,M11.1.0";
		const char *d = us;

		why = parse_rule_date(&d, &r->start);
		if (why == NULL && *d++ == ',')
			why = parse_rule_date(&d, &r->end);
		return why;
	}
	if (*s++ != ',')
		return "expected ',' before the rules";
	why = parse_rule_date(&s, &r->start);
	if (why != NULL)
		return why;
	if (*s++ != ',')
		return "expected ',' between the rules";
	why = parse_rule_date(&s, &r->end);
	if (why != NULL)
		return why;
	if (*s != '\0')
		return "trailing characters";
	return NULL;
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since 1970-01-01 of the day RD names in YEAR. */
static int64_t rule_day(const struct rule_date *rd, int year)
{
	cal_date jan1 = {year, 1, 1};
	cal_date first = {year, rd->month, 1};
	int64_t day0, wd_sun, day;
	int dim;

	switch (rd->kind) {
	case 'J':
		day = rd->n - 1;
		if (is_leap(year) && rd->n >= 60)
			day++;
		return cal_days_from_civil(jan1) + day;
	case 'n':
		return cal_days_from_civil(jan1) + rd->n;
	default:
		day0 = cal_days_from_civil(first);
		wd_sun = (cal_weekday(first) + 1) % 7; /* 0 = Sunday */
		day = (rd->wday - wd_sun + 7) % 7 + 7 * (int64_t)(rd->week - 1);
		dim = cal_days_in_month(year, rd->month);
		while (day >= dim)
			day -= 7;
		return day0 + day;
	}
}

/*
 * The rule's changes in the years around T's (UTC) year, sorted by instant;
 * equal instants keep the order of the years, so the later wins. Returns
 * their count (0 when the rule has no DST).
 */
static int rule_changes(const struct tz_rule *r, porte_time t,
                        struct rule_change out[RULE_CHANGES])
{
	int year = cal_utc_from_time(t).year;
	int n = 0;

	if (!r->has_dst)
		return 0;
	for (int y = year - 2; y <= year + 2; y++) {
		out[n].at = rule_day(&r->start, y) * SECS_PER_DAY +
		            r->start.time - r->std_off;
		out[n].off = r->dst_off;
		n++;
		out[n].at = rule_day(&r->end, y) * SECS_PER_DAY + r->end.time -
		            r->dst_off;
		out[n].off = r->std_off;
		n++;
	}
	/* stable insertion sort */
	for (int i = 1; i < n; i++) {
		struct rule_change c = out[i];
		int j = i;

		while (j > 0 && out[j - 1].at > c.at) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = c;
	}
	return n;
}

/*
 * The rule's offset at T, and the latest change <= T / earliest > T. The
 * years around T always hold both (a change lies at most ~8 days from its
 * calendar day).
 */
static int32_t rule_offset(const struct tz_rule *r, porte_time t)
{
	struct rule_change c[RULE_CHANGES];
	int n = rule_changes(r, t, c);
	int32_t off = r->std_off;

	for (int i = 0; i < n && c[i].at <= t; i++)
		off = c[i].off;
	return off;
}

static bool rule_prev(const struct tz_rule *r, porte_time t, int64_t *at)
{
	struct rule_change c[RULE_CHANGES];
	int n = rule_changes(r, t, c);
	bool found = false;

	for (int i = 0; i < n && c[i].at <= t; i++) {
		*at = c[i].at;
		found = true;
	}
	return found;
}

static bool rule_next(const struct tz_rule *r, porte_time t, int64_t *at)
{
	struct rule_change c[RULE_CHANGES];
	int n = rule_changes(r, t, c);

	for (int i = 0; i < n; i++) {
		if (c[i].at > t) {
			*at = c[i].at;
			return true;
		}
	}
	return false;
}

/* ---------------------------------------------------------------------- */
/* The zone: table, then rule.                                             */

/* Index of the first transition after T (count when none). */
static size_t upper_bound(const tz_zone *z, porte_time t)
{
	size_t lo = 0, hi = z->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True when T falls where the footer's rule governs. */
static bool in_rule(const tz_zone *z, porte_time t)
{
	return z->has_rule && (z->count == 0 || t >= z->at[z->count - 1]);
}

static int32_t zone_offset(const tz_zone *z, porte_time t)
{
	size_t i;

	if (in_rule(z, t))
		return rule_offset(&z->rule, t);
	i = upper_bound(z, t);
	return i == 0 ? z->off0 : z->off[i - 1];
}

/* The latest change of offset at or before T; false when there is none. */
static bool zone_prev(const tz_zone *z, porte_time t, int64_t *at)
{
	size_t i = upper_bound(z, t);
	bool found = false;
	int64_t r = 0;

	if (i > 0) {
		*at = z->at[i - 1];
		found = true;
	}
	if (in_rule(z, t) && rule_prev(&z->rule, t, &r) &&
	    (!found || r > *at)) {
		*at = r;
		found = true;
	}
	return found;
}

/* The earliest change of offset after T; false when there is none. */
static bool zone_next(const tz_zone *z, porte_time t, int64_t *at)
{
	size_t i = upper_bound(z, t);

	if (i < z->count) {
		*at = z->at[i];
		return true;
	}
	if (in_rule(z, t))
		return rule_next(&z->rule, t, at);
	return false;
}

/*
 * The instants of wall time W (see the top of the file). Returns the
 * result and the earliest / latest instant, or for a gap the first instant
 * whose wall time is past W: the transition that skips W.
 */
static tz_local_result from_wall(const tz_zone *z, int64_t w, porte_time *lo,
                                 porte_time *hi)
{
	int64_t cur, e = 0;
	int n = 0;

	for (size_t k = 0; k < z->noffs; k++) {
		int64_t c = w - z->offs[k];

		if (zone_offset(z, c) != z->offs[k])
			continue;
		if (n == 0 || c < *lo)
			*lo = c;
		if (n == 0 || c > *hi)
			*hi = c;
		n++;
	}
	if (n == 1)
		return TZ_LOCAL_OK;
	if (n > 1)
		return TZ_LOCAL_AMBIGUOUS;
	/*
	 * A gap. Two days before, the wall clock was behind W; walk the
	 * segments of constant offset to the first instant past W.
	 */
	cur = w - 2 * SECS_PER_DAY;
	for (;;) {
		int32_t o = zone_offset(z, cur);
		int64_t c = w - o + 1;
		bool more = zone_next(z, cur, &e);

		if (c < cur)
			c = cur;
		if (!more || c < e) {
			*lo = c;
			*hi = c;
			return TZ_LOCAL_NONEXISTENT;
		}
		cur = e;
	}
}

/* The first instant whose wall time is W or later on a gap. */
static porte_time first_instant(const tz_zone *z, int64_t w)
{
	porte_time lo = 0, hi = 0;

	(void)from_wall(z, w, &lo, &hi);
	return lo;
}

/* ---------------------------------------------------------------------- */
/* TZif files (RFC 8536).                                                  */

struct tzif_header {
	int version; /* 1..4 */
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Reads and checks the header at P (LEN bytes available). */
static const char *read_header(const unsigned char *p, size_t len,
                               struct tzif_header *h)
{
	if (len < TZIF_HEADER_LEN)
		return "truncated header";
	if (memcmp(p, "TZif", 4) != 0)
		return "not a TZif file";
	switch (p[4]) {
	case 0:
		h->version = 1;
		break;
	case '2':
	case '3':
	case '4':
		h->version = p[4] - '0';
		break;
	default:
		return "unsupported TZif version";
	}
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	if (h->typecnt == 0)
		return "no local time types";
	if (h->typecnt > TZ_TYPES_MAX)
		return "too many local time types";
	if (h->isutcnt != 0 && h->isutcnt != h->typecnt)
		return "UT indicator count does not match the type count";
	if (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)
		return "standard indicator count does not match the type count";
	if (h->charcnt == 0)
		return "no time zone designations";
	return NULL;
}

/* Bytes of the data block after header H, with TS-byte times. */
static uint64_t data_len(const struct tzif_header *h, unsigned ts)
{
	return (uint64_t)h->timecnt * (ts + 1) + (uint64_t)h->typecnt * 6 +
	       h->charcnt + (uint64_t)h->leapcnt * (ts + 4) + h->isstdcnt +
	       h->isutcnt;
}

/*
 * Reads the data block at P (its whole length checked by the caller) into
 * Z: the types, then the transitions. TS is 4 (v1) or 8 bytes per time.
 */
static const char *read_data(const unsigned char *p,
                             const struct tzif_header *h, unsigned ts,
                             tz_zone *z)
{
	const unsigned char *times = p;
	const unsigned char *idx = times + (size_t)h->timecnt * ts;
	const unsigned char *types = idx + h->timecnt;
	const unsigned char *flags;
	int32_t utoff[TZ_TYPES_MAX];

	if (h->leapcnt != 0)
		return "leap-second (right/) zones are not supported";
	for (uint32_t i = 0; i < h->typecnt; i++) {
		const unsigned char *t = types + 6 * (size_t)i;
		int32_t o = (int32_t)be32(t);

		if (o < -OFFSET_MAX || o > OFFSET_MAX)
			return "UT offset out of range";
		if (t[4] > 1)
			return "bad DST flag";
		if (t[5] >= h->charcnt)
			return "designation index out of range";
		utoff[i] = o;
	}
	/* no leap-second records (refused above) sit before the flags */
	flags = types + 6 * (size_t)h->typecnt + h->charcnt;
	for (uint32_t i = 0; i < h->isstdcnt + h->isutcnt; i++) {
		if (flags[i] > 1)
			return "bad standard/UT indicator";
	}
	z->count = h->timecnt;
	if (z->count > 0) {
		z->at = malloc(z->count * sizeof(*z->at));
		z->off = malloc(z->count * sizeof(*z->off));
		if (z->at == NULL || z->off == NULL)
			return "out of memory";
	}
	for (size_t i = 0; i < z->count; i++) {
		int64_t at = ts == 8 ? be64(times + 8 * i)
		                     : (int32_t)be32(times + 4 * i);

		if (at < -TRANSITION_LIMIT || at > TRANSITION_LIMIT)
			return "transition time out of range";
		if (i > 0 && at <= z->at[i - 1])
			return "transition times not in ascending order";
		if (idx[i] >= h->typecnt)
			return "transition type index out of range";
		z->at[i] = at;
		z->off[i] = utoff[idx[i]];
	}
	z->off0 = utoff[0];
	z->noffs = 0;
	for (uint32_t i = 0; i < h->typecnt; i++)
		z->offs[z->noffs++] = utoff[i];
	return NULL;
}

/* The footer at P (LEN bytes, to the end of the file): "\n" TZ "\n". */
static const char *read_footer(const unsigned char *p, size_t len, tz_zone *z)
{
	char tzstr[TZ_FOOTER_MAX + 1];
	const unsigned char *nl;
	size_t n;
	const char *why;

	if (len < 2 || p[0] != '\n')
		return "missing footer";
	nl = memchr(p + 1, '\n', len - 1);
	if (nl == NULL)
		return "unterminated footer";
	n = (size_t)(nl - (p + 1));
	if ((size_t)(nl - p) + 1 != len)
		return "trailing bytes after the footer";
	if (n > TZ_FOOTER_MAX)
		return "footer TZ string too long";
	if (memchr(p + 1, '\0', n) != NULL)
		return "NUL byte in the footer";
	if (n == 0)
		return NULL;
	memcpy(tzstr, p + 1, n);
	tzstr[n] = '\0';
	why = parse_posix_tz(tzstr, &z->rule);
	if (why != NULL)
		return why;
	if (z->rule.std_off < -OFFSET_MAX || z->rule.std_off > OFFSET_MAX ||
	    z->rule.dst_off < -OFFSET_MAX || z->rule.dst_off > OFFSET_MAX)
		return "footer UT offset out of range";
	z->has_rule = true;
	return NULL;
}

/* Adds the rule's offsets to the zone's distinct offsets; drops repeats. */
static void finish_offsets(tz_zone *z)
{
	size_t n = 0;

	if (z->has_rule) {
		z->offs[z->noffs++] = z->rule.std_off;
		if (z->rule.has_dst)
			z->offs[z->noffs++] = z->rule.dst_off;
	}
	for (size_t i = 0; i < z->noffs; i++) {
		size_t j;

		for (j = 0; j < n && z->offs[j] != z->offs[i]; j++)
			;
		if (j == n)
			z->offs[n++] = z->offs[i];
	}
	z->noffs = n;
}

/* Parses the whole file into Z. Returns NULL or the reason it is bad. */
static const char *read_tzif(const unsigned char *p, size_t len, tz_zone *z)
{
	struct tzif_header h;
	uint64_t need;
	size_t pos = 0;
	unsigned ts = 4;
	const char *why;

	why = read_header(p, len, &h);
	if (why != NULL)
		return why;
	pos = TZIF_HEADER_LEN;
	need = data_len(&h, 4);
	if (need > len - pos)
		return "truncated data";
	if (h.version >= 2) {
		/* skip the 32-bit block: the 64-bit one follows */
		int version = h.version;

		pos += (size_t)need;
		why = read_header(p + pos, len - pos, &h);
		if (why != NULL)
			return why;
		if (h.version != version)
			return "the two headers disagree on the version";
		pos += TZIF_HEADER_LEN;
		ts = 8;
		need = data_len(&h, 8);
		if (need > len - pos)
			return "truncated data";
	}
	why = read_data(p + pos, &h, ts, z);
	if (why != NULL)
		return why;
	pos += (size_t)need;
	if (ts == 8) {
		why = read_footer(p + pos, len - pos, z);
		if (why != NULL)
			return why;
	} else if (pos != len) {
		return "trailing bytes after the data";
	}
	finish_offsets(z);
	return NULL;
}

int tz_parse(const char *name, const void *data, size_t len, tz_zone **out,
             char **cause)
{
	char shown[QUOTE_MAX + 4];
	tz_zone *z = NULL;
	const char *why;
	int rc = -1;

	quote(name, shown);
	if (name == NULL || strlen(name) > TZ_NAME_MAX) {
		set_cause(cause, "bad time zone name '%s'", shown);
		goto out;
	}
	if (data == NULL) {
		set_cause(cause, "time zone '%s': no data", shown);
		goto out;
	}
	z = calloc(1, sizeof(*z));
	if (z == NULL) {
		set_cause(cause, "out of memory");
		goto out;
	}
	memcpy(z->name, name, strlen(name) + 1);
	why = read_tzif(data, len, z);
	if (why != NULL) {
		set_cause(cause, "time zone '%s': bad TZif data: %s", shown,
		          why);
		goto out;
	}
	*out = z;
	z = NULL;
	rc = 0;
out:
	tz_free(z);
	return rc;
}

void tz_free(tz_zone *z)
{
	if (z == NULL)
		return;
	free(z->at);
	free(z->off);
	free(z);
}

/* Why NAME is not a plain zone name, or NULL when it is. */
static const char *check_name(const char *name)
{
	size_t n;

	if (name == NULL || name[0] == '\0')
		return "empty";
	n = strnlen(name, TZ_NAME_MAX + 1);
	if (n > TZ_NAME_MAX)
		return "longer than 64 bytes";
	if (name[0] == '/')
		return "starts with '/'";
	if (strstr(name, "..") != NULL)
		return "contains '..'";
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!is_alpha(c) && !is_digit(c) && c != '/' && c != '_' &&
		    c != '+' && c != '-')
			return "character not allowed";
		if (c == '/' && (name[i + 1] == '/' || name[i + 1] == '\0'))
			return "empty path component";
	}
	return NULL;
}

/* Reads the whole of file PATH (at most TZ_FILE_MAX bytes). */
static int read_file(const char *path, const char *shown, unsigned char **buf,
                     size_t *len, char **cause)
{
	struct stat st;
	size_t size, got = 0;
	int fd, rc = -1;

	*buf = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			set_cause(cause, "unknown time zone '%s'", shown);
		else
			set_cause(cause, "cannot open time zone '%s': %s",
			          shown, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		set_cause(cause, "unknown time zone '%s'", shown);
		goto out;
	}
	if (st.st_size > TZ_FILE_MAX) {
		set_cause(cause, "time zone '%s': file larger than %d bytes",
		          shown, TZ_FILE_MAX);
		goto out;
	}
	size = (size_t)st.st_size;
	*buf = malloc(size > 0 ? size : 1);
	if (*buf == NULL) {
		set_cause(cause, "out of memory");
		goto out;
	}
	while (got < size) {
		ssize_t r = read(fd, *buf + got, size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			set_cause(cause, "cannot read time zone '%s'", shown);
			goto out;
		}
		got += (size_t)r;
	}
	*len = got;
	rc = 0;
out:
	if (rc != 0) {
		free(*buf);
		*buf = NULL;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

int tz_load(const char *name, tz_zone **out, char **cause)
{
	char shown[QUOTE_MAX + 4];
	char path[TZ_PATH_MAX];
	unsigned char *buf = NULL;
	const char *dir, *why;
	size_t len = 0;
	int n, rc = -1;

	quote(name, shown);
	why = check_name(name);
	if (why != NULL) {
		set_cause(cause, "invalid time zone name '%s': %s", shown, why);
		goto out;
	}
	dir = getenv("TZDIR");
	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		set_cause(cause, "time zone '%s': path too long", shown);
		goto out;
	}
	if (read_file(path, shown, &buf, &len, cause) != 0)
		goto out;
	rc = tz_parse(name, buf, len, out, cause);
out:
	free(buf);
	return rc;
}

const char *tz_name(const tz_zone *z)
{
	return z->name;
}

int tz_offset_at(const tz_zone *z, porte_time t)
{
	return zone_offset(z, clamp_time(t));
}

int tz_offset_span(const tz_zone *z, porte_time t, porte_time *from,
                   porte_time *until)
{
	porte_time c = clamp_time(t);
	int64_t at;

	if (c != t) { /* beyond the clamp: this instant only */
		*from = t;
		*until = t == INT64_MAX ? t : t + 1;
		return zone_offset(z, c);
	}
	/* Changes beyond the clamp are never seen: the offset holds to the
	 * end of time there. */
	*from = zone_prev(z, c, &at) && at >= -TIME_LIMIT ? at : INT64_MIN;
	*until = zone_next(z, c, &at) && at <= TIME_LIMIT ? at : INT64_MAX;
	return zone_offset(z, c);
}

cal_datetime tz_to_local(const tz_zone *z, porte_time t)
{
	t = clamp_time(t);
	return cal_utc_from_time(t + zone_offset(z, t));
}

cal_date tz_date_of(const tz_zone *z, porte_time t)
{
	cal_datetime dt = tz_to_local(z, t);
	cal_date d = {dt.year, dt.month, dt.day};

	return d;
}

int tz_minute_of_day(const tz_zone *z, porte_time t)
{
	cal_datetime dt = tz_to_local(z, t);

	return dt.hour * 60 + dt.minute;
}

tz_local_result tz_from_local(const tz_zone *z, cal_datetime local,
                              porte_time *first, porte_time *second)
{
	porte_time lo = 0, hi = 0;
	tz_local_result r;

	if (!cal_datetime_valid(local))
		return TZ_LOCAL_INVALID;
	r = from_wall(z, cal_time_from_utc(local), &lo, &hi);
	if (first != NULL)
		*first = lo;
	if (second != NULL)
		*second = hi;
	return r;
}

int tz_day_bounds(const tz_zone *z, cal_date d, porte_time *start,
                  porte_time *end)
{
	int64_t w;

	if (!cal_date_valid(d))
		return -1;
	w = cal_days_from_civil(d) * SECS_PER_DAY;
	*start = first_instant(z, w);
	*end = first_instant(z, w + SECS_PER_DAY);
	return 0;
}

/*
 * The grid. An invalid STEP (outside 1..1440) has no grid: tz_on_grid is
 * false and tz_grid_floor / tz_grid_ceil return T unchanged.
 */
static bool step_valid(int step)
{
	return step >= 1 && step <= 1440;
}

/* The latest grid wall time <= W. */
static int64_t wall_floor(int64_t w, int step)
{
	int64_t day = floor_div(w, SECS_PER_DAY);
	int64_t min = floor_mod(w, SECS_PER_DAY) / 60;

	return day * SECS_PER_DAY + (min - min % step) * 60;
}

/* The earliest grid wall time >= W. */
static int64_t wall_ceil(int64_t w, int step)
{
	int64_t day = floor_div(w, SECS_PER_DAY);
	int64_t sod = floor_mod(w, SECS_PER_DAY);
	int64_t min = sod / 60;
	int64_t next;

	if (sod % 60 == 0 && min % step == 0)
		return w;
	next = min - min % step + step;
	if (next >= 1440)
		return (day + 1) * SECS_PER_DAY;
	return day * SECS_PER_DAY + next * 60;
}

bool tz_on_grid(const tz_zone *z, porte_time t, int step)
{
	int64_t sod;

	if (!step_valid(step))
		return false;
	t = clamp_time(t);
	sod = floor_mod(t + zone_offset(z, t), SECS_PER_DAY);
	return sod % 60 == 0 && (sod / 60) % step == 0;
}

/*
 * Walks back segment by segment (constant offset between two changes):
 * the latest grid wall time of the segment, if its instant lies in the
 * segment, is the answer.
 */
porte_time tz_grid_floor(const tz_zone *z, porte_time t, int step)
{
	porte_time cur = clamp_time(t);

	if (!step_valid(step))
		return t;
	for (int i = 0; i < GRID_WALK_MAX; i++) {
		int32_t o = zone_offset(z, cur);
		int64_t c = wall_floor(cur + o, step) - o;
		int64_t s = 0;

		if (!zone_prev(z, cur, &s) || c >= s)
			return c;
		cur = s - 1;
	}
	return t;
}

porte_time tz_grid_ceil(const tz_zone *z, porte_time t, int step)
{
	porte_time cur = clamp_time(t);

	if (!step_valid(step))
		return t;
	for (int i = 0; i < GRID_WALK_MAX; i++) {
		int32_t o = zone_offset(z, cur);
		int64_t c = wall_ceil(cur + o, step) - o;
		int64_t e = 0;

		if (!zone_next(z, cur, &e) || c < e)
			return c;
		cur = e;
	}
	return t;
}

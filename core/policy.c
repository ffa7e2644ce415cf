/*
 * policy.c - may this booking be made? The rules of DESIGN §2, each check
 * naming the rule it breaks. Pure: NOW and every fact come from the caller.
 */
#include "policy.h"

#include <string.h>

#define SECONDS_PER_MINUTE 60
#define EMAIL_MAX_LEN 254
#define WALK_IN_MIN_LEFT 60 /* seconds a walk-in must have at least */

static const policy_context empty_context = {NULL, 0, NULL, 0};

/* The room's grid step in minutes, kept within what tz.h accepts. */
static int grid_step(const porte_rules *r)
{
	if (r->granularity < 1 || r->granularity > 1440)
		return 1;
	return r->granularity;
}

/* Day number of T's local date. */
static int64_t local_day(const tz_zone *z, porte_time t)
{
	return cal_days_from_civil(tz_date_of(z, t));
}

/* Number of intervals of LIST[0..N) that hold instant T. */
static size_t count_at(const policy_interval *list, size_t n, porte_time t)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++) {
		if (list[i].start <= t && t < list[i].end)
			c++;
	}
	return c;
}

/*
 * The first instant of [FROM, TO) at which CAPACITY or more intervals of
 * LIST are held at once; TO when there is none. The count only rises at an
 * interval's start, so FROM and the starts inside the range are the only
 * candidates.
 */
static porte_time first_full(const policy_interval *list, size_t n,
                             int capacity, porte_time from, porte_time to)
{
	size_t cap = capacity < 1 ? 1 : (size_t)capacity;
	porte_time best = to;
	size_t i;

	if (from >= to)
		return to;
	if (count_at(list, n, from) >= cap)
		return from;
	for (i = 0; i < n; i++) {
		porte_time s = list[i].start;

		if (s <= from || s >= best || list[i].end <= s)
			continue;
		if (count_at(list, n, s) >= cap)
			best = s;
	}
	return best;
}

/* Seconds of the intervals whose start falls on a local date (or month, when
 * MONTHLY) equal to that of T. */
static int64_t used_on(const tz_zone *z, const policy_interval *list, size_t n,
                       porte_time t, bool monthly)
{
	cal_date d = tz_date_of(z, t);
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		cal_date b;

		if (list[i].end <= list[i].start)
			continue;
		b = tz_date_of(z, list[i].start);
		if (b.year != d.year || b.month != d.month)
			continue;
		if (!monthly && b.day != d.day)
			continue;
		sum += list[i].end - list[i].start;
	}
	return sum;
}

static rule_code check_time(const policy_room *room, const policy_request *req,
                            porte_time now)
{
	const porte_rules *r = room->rules;
	int step = grid_step(r);
	porte_time len = req->end - req->start;
	porte_time last; /* the instant that must not be too far ahead */

	if (req->end <= req->start)
		return RULE_INVALID_TIME;
	if (req->existing ? req->end <= now : req->start < now)
		return RULE_IN_THE_PAST;
	if (!tz_on_grid(room->tz, req->start, step) ||
	    !tz_on_grid(room->tz, req->end, step))
		return RULE_GRANULARITY;
	if (len < (porte_time)r->min_duration * SECONDS_PER_MINUTE)
		return RULE_MIN_DURATION;
	if (len > (porte_time)r->max_duration * SECONDS_PER_MINUTE)
		return RULE_MAX_DURATION;
	/* An extension is judged by its new end (its last second). */
	last = req->existing ? req->end - 1 : req->start;
	if (local_day(room->tz, last) - local_day(room->tz, now) >
	    r->too_far_ahead)
		return RULE_TOO_FAR_AHEAD;
	return RULE_OK;
}

static rule_code check_who(const policy_room *room, const policy_request *req)
{
	bool staff = req->actor == ACTOR_STAFF;

	if (room->kind == ROOM_TRAINING && !(staff && req->is_referent))
		return RULE_INTERNAL_ROOM;
	if (req->email == NULL) {
		if (req->actor == ACTOR_PATRON)
			return RULE_INVALID_EMAIL;
		return RULE_OK;
	}
	if (!policy_email_valid(req->email))
		return RULE_INVALID_EMAIL;
	if (staff || req->actor == ACTOR_SYSTEM)
		return RULE_OK;
	if (!policy_email_domain_ok(req->email, room->domains, room->ndomains))
		return RULE_EMAIL_DOMAIN;
	return RULE_OK;
}

static rule_code check_quotas(const policy_room *room,
                              const policy_request *req,
                              const policy_context *ctx)
{
	const porte_rules *r = room->rules;
	porte_time len = req->end - req->start;
	int64_t used;

	if (req->email == NULL ||
	    (req->actor == ACTOR_STAFF && req->override_quota))
		return RULE_OK;
	if (r->daily_quota > 0) {
		used = used_on(room->tz, ctx->patron, ctx->npatron, req->start,
		               false);
		if (used + len > (int64_t)r->daily_quota * SECONDS_PER_MINUTE)
			return RULE_DAILY_QUOTA;
	}
	if (r->monthly_quota > 0) {
		used = used_on(room->tz, ctx->patron, ctx->npatron, req->start,
		               true);
		if (used + len > (int64_t)r->monthly_quota * SECONDS_PER_MINUTE)
			return RULE_MONTHLY_QUOTA;
	}
	return RULE_OK;
}

rule_code policy_check(const policy_room *room, const policy_request *req,
                       const policy_context *ctx, porte_time now)
{
	rule_code rc;

	if (room == NULL || room->rules == NULL || room->tz == NULL ||
	    req == NULL)
		return RULE_INVALID_TIME;
	if (ctx == NULL)
		ctx = &empty_context;
	rc = check_time(room, req, now);
	if (rc != RULE_OK)
		return rc;
	if (room->hours != NULL) {
		rc = hours_check(room->hours, room->tz, req->start, req->end);
		if (rc != RULE_OK)
			return rc;
	}
	rc = check_who(room, req);
	if (rc != RULE_OK)
		return rc;
	if (first_full(ctx->room, ctx->nroom, room->capacity, req->start,
	               req->end) < req->end)
		return room->capacity > 1 ? RULE_CAPACITY_FULL : RULE_OVERLAP;
	return check_quotas(room, req, ctx);
}

/* The open span holding NOW as [*OPEN, *CLOSE); RULE_OK when there is one.
 * With no hours known, the room is open all of NOW's local day. */
static rule_code span_now(const policy_room *room, porte_time now,
                          porte_time *open, porte_time *close)
{
	porte_time s[HOURS_MAX_SPANS], e[HOURS_MAX_SPANS];
	hours_day day;
	cal_date d = tz_date_of(room->tz, now);
	int i, n;

	if (room->hours == NULL) {
		if (tz_day_bounds(room->tz, d, open, close) != 0)
			return RULE_INVALID_TIME;
		return RULE_OK;
	}
	hours_for_date(room->hours, d, &day);
	if (day.count == 0)
		return RULE_CLOSED_DAY;
	n = hours_spans_on(room->hours, room->tz, d, s, e, HOURS_MAX_SPANS);
	for (i = 0; i < n; i++) {
		if (s[i] <= now && now < e[i]) {
			*open = s[i];
			*close = e[i];
			return RULE_OK;
		}
	}
	return RULE_OUTSIDE_OPENING_HOURS;
}

rule_code policy_walk_in(const policy_room *room, const policy_context *ctx,
                         porte_time now, porte_time *start, porte_time *end)
{
	const porte_rules *r;
	porte_time open, close, s, e, busy;
	rule_code rc;
	size_t i;
	int step;

	if (room == NULL || room->rules == NULL || room->tz == NULL ||
	    start == NULL || end == NULL)
		return RULE_INVALID_TIME;
	if (ctx == NULL)
		ctx = &empty_context;
	r = room->rules;
	step = grid_step(r);
	if (room->kind == ROOM_TRAINING)
		return RULE_INTERNAL_ROOM;
	if (!r->walk_in)
		return RULE_WALK_IN_DISABLED;
	rc = span_now(room, now, &open, &close);
	if (rc != RULE_OK)
		return rc;
	busy = first_full(ctx->room, ctx->nroom, room->capacity, now, close);
	if (busy == now)
		return room->capacity > 1 ? RULE_CAPACITY_FULL : RULE_OVERLAP;
	/* START is NOW on the grid, but not before opening nor before a
	 * booking that held the room since that grid instant. */
	s = tz_grid_floor(room->tz, now, step);
	if (s < open)
		s = open;
	for (i = 0; i < ctx->nroom; i++) {
		const policy_interval *b = &ctx->room[i];

		if (b->start < now && b->end > s && b->end <= now &&
		    first_full(ctx->room, ctx->nroom, room->capacity,
		               b->end - 1, b->end) < b->end)
			s = b->end;
	}
	/* BUSY is the next time the room is full, or the span's close. */
	e = s + (porte_time)r->max_duration * SECONDS_PER_MINUTE;
	if (busy < e)
		e = busy;
	e = tz_grid_floor(room->tz, e, step);
	if (e <= now + WALK_IN_MIN_LEFT)
		return RULE_OVERLAP;
	*start = s;
	*end = e;
	return RULE_OK;
}

static bool email_special(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || strchr("()<>[]\\,;:\"", c) != NULL;
}

/* A dotted domain of labels [A-Za-z0-9-] (or UTF-8 bytes), none empty,
 * none starting or ending with '-'. */
static bool domain_valid(const char *d)
{
	size_t label = 0, labels = 1;
	const char *p;

	if (*d == '\0')
		return false;
	for (p = d; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.') {
			if (label == 0 || p[-1] == '-')
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (c == '-' && label == 0)
			return false;
		if (!(c >= 0x80 || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
		label++;
	}
	return label > 0 && p[-1] != '-' && labels >= 2;
}

bool policy_email_valid(const char *email)
{
	const char *at;
	size_t i, n;

	if (email == NULL)
		return false;
	n = strnlen(email, EMAIL_MAX_LEN + 1);
	if (n == 0 || n > EMAIL_MAX_LEN)
		return false;
	at = strchr(email, '@');
	if (at == NULL || at == email || strchr(at + 1, '@') != NULL)
		return false;
	for (i = 0; i < (size_t)(at - email); i++) {
		if (email_special((unsigned char)email[i]))
			return false;
	}
	return domain_valid(at + 1);
}

static char lower(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return c;
}

/* ASCII case-insensitive equality of A[0..N) and B[0..N). */
static bool same_ci(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lower(a[i]) != lower(b[i]))
			return false;
	}
	return true;
}

/* True when DOMAIN is ALLOWED or a subdomain of it. */
static bool domain_match(const char *domain, const char *allowed)
{
	size_t dn = strlen(domain), an;

	while (*allowed == '@' || *allowed == '.')
		allowed++;
	an = strlen(allowed);
	if (an == 0 || dn < an)
		return false;
	if (!same_ci(domain + dn - an, allowed, an))
		return false;
	return dn == an || domain[dn - an - 1] == '.';
}

bool policy_email_domain_ok(const char *email, const char *const *domains,
                            size_t ndomains)
{
	const char *at;
	size_t i;

	if (ndomains == 0)
		return true;
	if (email == NULL || domains == NULL)
		return false;
	at = strrchr(email, '@');
	if (at == NULL)
		return false;
	for (i = 0; i < ndomains; i++) {
		if (domains[i] != NULL && domain_match(at + 1, domains[i]))
			return true;
	}
	return false;
}

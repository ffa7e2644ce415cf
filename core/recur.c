/*
 * recur.c - a repeating booking's occurrences in local time. See recur.h.
 */
#include <string.h>

#include "recur.h"

#define SECONDS_PER_MINUTE 60

/* The occurrences being built. */
typedef struct recur_out {
	const recur_rule *r;
	const tz_zone *z;
	recur_occ *v;
	size_t n;
} recur_out;

const char *recur_error_name(recur_error e)
{
	switch (e) {
	case RECUR_E_OK:
		return "ok";
	case RECUR_E_DATE:
		return "invalid_date";
	case RECUR_E_ORDER:
		return "until_before_first";
	case RECUR_E_TIME:
		return "invalid_start";
	case RECUR_E_LENGTH:
		return "invalid_length";
	case RECUR_E_FREQ:
		return "invalid_frequency";
	case RECUR_E_SPAN:
		return "too_long";
	case RECUR_E_COUNT:
		return "too_many";
	case RECUR_E_EMPTY:
		return "no_occurrence";
	case RECUR_E_START_TIME:
		return "invalid_time";
	}
	return "unknown";
}

static const char *const freq_names[] = {"daily", "weekly", "monthly",
                                         "yearly"};

int recur_freq_parse(const char *s, recur_freq *out)
{
	if (s == NULL)
		return -1;
	for (size_t i = 0; i < sizeof freq_names / sizeof freq_names[0]; i++) {
		if (strcmp(s, freq_names[i]) == 0) {
			*out = (recur_freq)i;
			return 0;
		}
	}
	return -1;
}

const char *recur_freq_name(recur_freq f)
{
	if ((unsigned)f >= sizeof freq_names / sizeof freq_names[0])
		return "unknown";
	return freq_names[f];
}

/* The rule's own checks, before any date is made. */
static recur_error rule_check(const recur_rule *r)
{
	if (!cal_date_valid(r->first) || !cal_date_valid(r->until))
		return RECUR_E_DATE;
	if (cal_date_cmp(r->until, r->first) < 0)
		return RECUR_E_ORDER;
	if (r->start_minute < 0 || r->start_minute >= 24 * 60)
		return RECUR_E_TIME;
	if (r->minutes < 1 || r->minutes > 24 * 60)
		return RECUR_E_LENGTH;
	if ((unsigned)r->freq > RECUR_YEARLY || (r->weekdays & ~RECUR_WD_ALL))
		return RECUR_E_FREQ;
	if (cal_days_from_civil(r->until) - cal_days_from_civil(r->first) >
	    RECUR_MAX_DAYS)
		return RECUR_E_SPAN;
	return RECUR_E_OK;
}

/* Appends the occurrence of local date D, its instants from the zone. */
static recur_error add_day(recur_out *o, cal_date d)
{
	cal_datetime dt = {d.year,
	                   d.month,
	                   d.day,
	                   o->r->start_minute / 60,
	                   o->r->start_minute % 60,
	                   0};
	recur_occ *occ;
	porte_time first = 0, second = 0;

	if (o->n >= RECUR_MAX_COUNT)
		return RECUR_E_COUNT;
	occ = &o->v[o->n++];
	memset(occ, 0, sizeof(*occ));
	occ->date = d;
	occ->weekday = cal_weekday(d);
	switch (tz_from_local(o->z, dt, &first, &second)) {
	case TZ_LOCAL_OK:
		occ->state = RECUR_OCC_OK;
		occ->start = first;
		occ->end =
		        first + (porte_time)o->r->minutes * SECONDS_PER_MINUTE;
		break;
	case TZ_LOCAL_AMBIGUOUS:
		occ->state = RECUR_OCC_AMBIGUOUS;
		break;
	default:
		occ->state = RECUR_OCC_NONEXISTENT;
		break;
	}
	return RECUR_E_OK;
}

/* Appends the hole of a month YEAR-MONTH that has no such day. */
static recur_error add_hole(recur_out *o, int year, int month)
{
	recur_occ *occ;

	if (o->n >= RECUR_MAX_COUNT)
		return RECUR_E_COUNT;
	occ = &o->v[o->n++];
	memset(occ, 0, sizeof(*occ));
	occ->date.year = year;
	occ->date.month = month;
	occ->weekday = -1;
	occ->state = RECUR_OCC_NO_SUCH_DAY;
	return RECUR_E_OK;
}

/* Daily and weekly: every day of FIRST..UNTIL whose weekday is in MASK. */
static recur_error expand_days(recur_out *o, unsigned mask)
{
	recur_error e = RECUR_E_OK;

	for (cal_date d = o->r->first;
	     e == RECUR_E_OK && cal_date_cmp(d, o->r->until) <= 0;
	     d = cal_date_add_days(d, 1)) {
		if (mask & RECUR_WD(cal_weekday(d)))
			e = add_day(o, d);
	}
	return e;
}

/* Monthly (STEP 1) and yearly (STEP 12): the first date's day of the
 * month, every STEP months, a hole where the month lacks it. */
static recur_error expand_months(recur_out *o, int step)
{
	const recur_rule *r = o->r;
	recur_error e = RECUR_E_OK;
	int index = (r->first.year * 12) + (r->first.month - 1);

	for (; e == RECUR_E_OK; index += step) {
		cal_date d = {index / 12, (index % 12) + 1, r->first.day};

		if (d.year > CAL_MAX_YEAR || cal_date_cmp(d, r->until) > 0)
			break;
		if (d.day <= cal_days_in_month(d.year, d.month))
			e = add_day(o, d);
		else
			e = add_hole(o, d.year, d.month);
	}
	return e;
}

recur_error recur_expand(const recur_rule *r, const tz_zone *z,
                         recur_occ out[RECUR_MAX_COUNT], size_t *n)
{
	recur_out o = {r, z, out, 0};
	recur_error e;

	*n = 0;
	e = rule_check(r);
	if (e != RECUR_E_OK)
		return e;
	switch (r->freq) {
	case RECUR_DAILY:
		e = expand_days(&o, RECUR_WD_ALL);
		break;
	case RECUR_WEEKLY:
		e = expand_days(&o, r->weekdays != 0
		                            ? r->weekdays
		                            : RECUR_WD(cal_weekday(r->first)));
		break;
	case RECUR_MONTHLY:
		e = expand_months(&o, 1);
		break;
	case RECUR_YEARLY:
		e = expand_months(&o, 12);
		break;
	}
	if (e == RECUR_E_OK && o.n == 0)
		e = RECUR_E_EMPTY;
	if (e == RECUR_E_OK && (out[0].state == RECUR_OCC_NONEXISTENT ||
	                        out[0].state == RECUR_OCC_AMBIGUOUS))
		e = RECUR_E_START_TIME;
	if (e == RECUR_E_OK)
		*n = o.n;
	return e;
}

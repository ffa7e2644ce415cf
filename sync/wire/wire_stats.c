/*
 * wire_stats.c - check-in statistics (core/stats.h) as JSON and as CSV.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wire.h"
#include "wire_int.h"

#define COUNT_MAX ((int64_t)1 << 53)

typedef struct figure_field {
	const char *name;
	size_t offset;
	bool is_rate;
} figure_field;

#define FIG_INT(f)                                                             \
	{                                                                      \
#f, offsetof(stats_figures, f), false                          \
	}
#define FIG_RATE(f)                                                            \
	{                                                                      \
#f, offsetof(stats_figures, f), true                           \
	}

static const figure_field figure_fields[] = {
        FIG_INT(bookings),      FIG_INT(due),           FIG_INT(shows),
        FIG_INT(no_shows),      FIG_INT(auto_released), FIG_INT(removed),
        FIG_INT(cancelled),     FIG_INT(walk_ins),      FIG_RATE(checkin_rate),
        FIG_RATE(no_show_rate), FIG_INT(booked_s),      FIG_INT(occupied_s),
        FIG_INT(released_s),    FIG_INT(reclaimed_s),
};

#define NFIGURES (sizeof figure_fields / sizeof figure_fields[0])

/* Adds the figures of F to object O. */
static int figures_into(json_t *o, const stats_figures *f)
{
	const char *base = (const char *)f;
	int rc = 0;

	for (size_t i = 0; i < NFIGURES; i++) {
		const figure_field *x = &figure_fields[i];

		if (x->is_rate)
			rc |= json_object_set_new(
			        o, x->name,
			        json_real(*(const double *)(base + x->offset)));
		else
			rc |= wire_set_int(
			        o, x->name,
			        *(const int64_t *)(base + x->offset));
	}
	return rc;
}

json_t *wire_figures_json(const stats_figures *f)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (figures_into(o, f) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int wire_figures_parse(const json_t *j, stats_figures *out, char **cause)
{
	const char *allowed[NFIGURES + 1];
	stats_figures f;
	char *base = (char *)&f;

	memset(&f, 0, sizeof f);
	for (size_t i = 0; i < NFIGURES; i++)
		allowed[i] = figure_fields[i].name;
	allowed[NFIGURES] = NULL;
	if (wire_fields_at(j, NULL, allowed, cause) != 0)
		return -1;
	for (size_t i = 0; i < NFIGURES; i++) {
		const figure_field *x = &figure_fields[i];
		const json_t *v;
		double r;

		if (!x->is_rate) {
			if (wire_int_at(j, x->name, x->name, WIRE_REQUIRED, 0,
			                COUNT_MAX,
			                (int64_t *)(base + x->offset), cause))
				return -1;
			continue;
		}
		v = json_object_get(j, x->name);
		if (v == NULL)
			return wire_fail(cause, "field '%s' is required",
			                 x->name);
		r = json_number_value(v);
		if (!json_is_number(v) || !isfinite(r) || r < 0.0 || r > 1.0)
			return wire_fail(cause,
			                 "field '%s': expected a number from 0 "
			                 "to 1",
			                 x->name);
		*(double *)(base + x->offset) = r;
	}
	*out = f;
	return 0;
}

/* ---- the whole report -------------------------------------------------- */

static json_t *hours_grid(const stats *s, bool occupied)
{
	json_t *days = json_array();

	if (days == NULL)
		return NULL;
	for (int wd = 0; wd < 7; wd++) {
		json_t *hours = json_array();

		if (json_array_append_new(days, hours) != 0) {
			json_decref(days);
			return NULL;
		}
		for (int h = 0; h < 24; h++) {
			int64_t v = occupied ? stats_occupied_at(s, wd, h)
			                     : stats_booked_at(s, wd, h);

			if (json_array_append_new(hours, json_integer(v))) {
				json_decref(days);
				return NULL;
			}
		}
	}
	return days;
}

static json_t *rooms_json(const stats *s, wire_room_label label, void *arg)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < stats_room_count(s); i++) {
		int64_t id = 0;
		const stats_figures *f = stats_room(s, i, &id);
		const char *name = label ? label(id, arg) : NULL;
		json_t *o = json_object();
		int rc = 0;

		if (json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
		rc |= wire_set_int(o, "room_id", id);
		if (name != NULL)
			rc |= wire_set_string(o, "room", name);
		rc |= figures_into(o, f);
		if (rc != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *weeks_json(const stats *s)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < stats_week_count(s); i++) {
		cal_date monday = {0, 0, 0};
		const stats_figures *f = stats_week(s, i, &monday);
		char date[CAL_DATE_LEN];
		json_t *o = json_object();

		if (json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
		cal_format_date(monday, date);
		if (wire_set_string(o, "monday", date) != 0 ||
		    figures_into(o, f) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *wire_stats_json(const stats *s, wire_room_label label, void *arg)
{
	return json_pack("{s:o,s:o,s:o,s:{s:o,s:o}}", "total",
	                 wire_figures_json(stats_total(s)), "rooms",
	                 rooms_json(s, label, arg), "weeks", weeks_json(s),
	                 "hours", "booked", hours_grid(s, false), "occupied",
	                 hours_grid(s, true));
}

/* ---- CSV --------------------------------------------------------------- */

/* Adds one CSV cell of text, quoted when needed; a leading = + - @ (a
 * formula to a spreadsheet) is neutralised with a '. */
static void csv_text(strbuf *out, const char *s)
{
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' ||
	               s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;

	if (!quote) {
		strbuf_adds(out, s);
		return;
	}
	strbuf_addc(out, '"');
	if (formula)
		strbuf_addc(out, '\'');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			strbuf_addc(out, '"');
		strbuf_addc(out, *p);
	}
	strbuf_addc(out, '"');
}

static void csv_header(strbuf *out)
{
	strbuf_adds(out, "scope,key");
	for (size_t i = 0; i < NFIGURES; i++)
		strbuf_addf(out, ",%s", figure_fields[i].name);
	strbuf_adds(out, "\r\n");
}

static void csv_row(strbuf *out, const char *scope, const char *key,
                    const stats_figures *f)
{
	const char *base = (const char *)f;

	strbuf_adds(out, scope);
	strbuf_addc(out, ',');
	csv_text(out, key);
	for (size_t i = 0; i < NFIGURES; i++) {
		const figure_field *x = &figure_fields[i];

		if (x->is_rate)
			strbuf_addf(out, ",%.4f",
			            *(const double *)(base + x->offset));
		else
			strbuf_addf(out, ",%lld",
			            (long long)*(const int64_t *)(base +
			                                          x->offset));
	}
	strbuf_adds(out, "\r\n");
}

int wire_stats_csv(const stats *s, wire_room_label label, void *arg,
                   strbuf *out)
{
	char key[64];

	csv_header(out);
	csv_row(out, "total", "", stats_total(s));
	for (size_t i = 0; i < stats_room_count(s); i++) {
		int64_t id = 0;
		const stats_figures *f = stats_room(s, i, &id);
		const char *name = label ? label(id, arg) : NULL;

		if (name == NULL) {
			snprintf(key, sizeof key, "%lld", (long long)id);
			name = key;
		}
		csv_row(out, "room", name, f);
	}
	for (size_t i = 0; i < stats_week_count(s); i++) {
		cal_date monday = {0, 0, 0};
		const stats_figures *f = stats_week(s, i, &monday);
		char date[CAL_DATE_LEN];

		cal_format_date(monday, date);
		csv_row(out, "week", date, f);
	}
	return strbuf_failed(out) ? -1 : 0;
}

int wire_stats_hours_csv(const stats *s, strbuf *out)
{
	static const char *const days[7] = {"mon", "tue", "wed", "thu",
	                                    "fri", "sat", "sun"};

	strbuf_adds(out, "weekday,hour,booked_s,occupied_s\r\n");
	for (int wd = 0; wd < 7; wd++) {
		for (int h = 0; h < 24; h++)
			strbuf_addf(out, "%s,%d,%lld,%lld\r\n", days[wd], h,
			            (long long)stats_booked_at(s, wd, h),
			            (long long)stats_occupied_at(s, wd, h));
	}
	return strbuf_failed(out) ? -1 : 0;
}

/*
 * api_stats.c - GET /api/v1/stats?from=&to=&room=&site=: check-in
 * statistics (facilities, room admins of their site, super-admins):
 * check-in and no-show rates, booked, occupied, released and reclaimed
 * time, by room, ISO week and weekday x hour (wire_stats_json), computed
 * from the event log. FROM and TO are local dates of the scope's zone (TO
 * included) or RFC 3339 instants (TO excluded); by default the 30 days up
 * to today. Staff limited to a site see that site by default.
 *
 * api_stats_compute is shared with api_stats_csv.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "store_stats_par.h"

#define DEFAULT_DAYS 30
#define MAX_SPAN (400 * 86400) /* longest period asked at once */

/* Reads the bound NAME: a date (its first instant, or with END the first
 * of the next day) or an RFC 3339 instant. 0 when absent. Returns 0, or
 * -1 after replying 400. */
static int bound_of(http_request *req, const char *name, const tz_zone *tz,
                    bool end, porte_time *out)
{
	const char *q = http_query(req, name);
	porte_time a = 0, b = 0;
	char *cause = NULL;
	cal_date d;

	*out = 0;
	if (q == NULL)
		return 0;
	if (strlen(q) == CAL_DATE_LEN - 1) {
		if (wire_parse_date(name, q, &d, &cause) != 0 ||
		    tz_day_bounds(tz, d, &a, &b) != 0)
			return api_bad(req, cause);
		*out = end ? b : a;
		return 0;
	}
	if (wire_parse_time(name, q, out, &cause) != 0)
		return api_bad(req, cause);
	return 0;
}

/* The scope's slugs from the query, and the caller's right to it. Returns
 * 0, or -1 after replying. */
static int scope_of(http_request *req, porte_app *app, const char **site,
                    const char **room)
{
	const app_principal *p = app_principal_of(req);
	store_status rc;

	*site = http_query(req, "site");
	*room = http_query(req, "room");
	if ((*site != NULL && !store_slug_ok(*site)) ||
	    (*room != NULL && !store_slug_ok(*room))) {
		http_reply_error(req, 404, "not_found", "no such site or room");
		return -1;
	}
	if (*site == NULL && *room == NULL && p->session.staff.site[0] != '\0')
		*site = p->session.staff.site;
	if (*room != NULL) {
		store_room r;

		rc = store_room_get(app->store, *room, &r);
		if (rc == STORE_OK && *site != NULL && strcmp(r.site, *site))
			rc = STORE_NOT_FOUND;
		if (rc != STORE_OK) {
			http_reply_error(req, 404, "not_found",
			                 "no such room on this site");
			return -1;
		}
	}
	rc = store_staff_may(app->store, p->session.staff.id, STORE_PERM_STATS,
	                     *site, *room);
	if (rc != STORE_OK) {
		app_reply_store(req, app, rc, RULE_OK);
		return -1;
	}
	return 0;
}

int api_stats_compute(http_request *req, porte_app *app, api_stats *out)
{
	const char *site = NULL, *room = NULL;
	const tz_zone *tz = NULL;
	porte_time now = app_now(app), a, b;
	store_status rc;
	cal_date today;

	memset(out, 0, sizeof *out);
	if (scope_of(req, app, &site, &room) != 0)
		return -1;
	rc = store_stats_zone(app->store, site, room, &tz);
	if (rc != STORE_OK) {
		app_reply_store(req, app, rc, RULE_OK);
		return -1;
	}
	if (bound_of(req, "from", tz, false, &out->from) != 0 ||
	    bound_of(req, "to", tz, true, &out->to) != 0)
		return -1;
	today = tz_date_of(tz, now);
	if (out->to == 0 && tz_day_bounds(tz, today, &a, &b) == 0)
		out->to = b;
	if (out->from == 0 &&
	    tz_day_bounds(tz,
	                  cal_date_add_days(tz_date_of(tz, out->to - 1),
	                                    1 - DEFAULT_DAYS),
	                  &a, &b) == 0)
		out->from = a;
	if (out->to <= out->from || out->to - out->from > MAX_SPAN) {
		http_reply_error(req, 400, "bad_request",
		                 "'from' must come before 'to', at most 400 "
		                 "days apart");
		return -1;
	}
	snprintf(out->zone, sizeof out->zone, "%s", tz_name(tz));
	rc = store_stats_compute(app->store, site, room, tz, out->from, out->to,
	                         now, 0, &out->s);
	if (rc == STORE_OK)
		rc = store_room_list(app->store, site, &out->rooms,
		                     &out->nrooms);
	if (rc != STORE_OK) {
		app_reply_store(req, app, rc, RULE_OK);
		api_stats_free(out);
		return -1;
	}
	return 0;
}

void api_stats_free(api_stats *out)
{
	stats_free(out->s);
	free(out->rooms);
	memset(out, 0, sizeof *out);
}

const char *api_stats_label(int64_t room_id, void *arg)
{
	const api_stats *a = arg;

	for (size_t i = 0; i < a->nrooms; i++) {
		if (a->rooms[i].id == room_id)
			return a->rooms[i].name;
	}
	return NULL;
}

static int route_stats(http_request *req, void *arg)
{
	porte_app *app = arg;
	api_stats a;
	json_t *j;

	if (api_stats_compute(req, app, &a) != 0)
		return -1;
	j = wire_stats_json(a.s, api_stats_label, &a);
	if (j != NULL) {
		api_set_time(j, "from", a.from);
		api_set_time(j, "to", a.to);
		json_object_set_new(j, "tz", json_string(a.zone));
	}
	api_stats_free(&a);
	if (j == NULL)
		return -1;
	return http_reply_json(req, 200, j);
}

const http_route api_stats_route = {"GET", "/api/v1/stats", route_stats,
                                    APP_ROLE_FACILITIES | APP_ROLE_ROOM_ADMIN |
                                            APP_ROLE_SUPERADMIN};

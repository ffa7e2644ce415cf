/*
 * api_stats_csv.c - GET /api/v1/stats.csv?from=&to=&room=&site=[&table=
 * hours]: the statistics of api_stats.c as CSV (RFC 4180, a header line
 * first): the totals, rooms and weeks, or with table=hours the weekday x
 * hour grid.
 */
#include <string.h>

#include "api.h"

#define CSV_MAX (16 * 1024 * 1024)

static int route_stats_csv(http_request *req, void *arg)
{
	porte_app *app = arg;
	const char *table = http_query(req, "table");
	bool hours = false;
	api_stats a;
	strbuf out;
	int rc, ret = -1;

	if (table != NULL && strcmp(table, "hours") != 0 &&
	    strcmp(table, "summary") != 0)
		return http_reply_error(req, 400, "bad_request",
		                        "query 'table': expected 'summary' or "
		                        "'hours'");
	hours = table != NULL && strcmp(table, "hours") == 0;
	if (api_stats_compute(req, app, &a) != 0)
		return -1;
	strbuf_init(&out, CSV_MAX);
	rc = hours ? wire_stats_hours_csv(a.s, &out)
	           : wire_stats_csv(a.s, api_stats_label, &a, &out);
	if (rc == 0) {
		http_set_header(
		        req, "Content-Disposition",
		        hours ? "attachment; filename=\"porte-hours.csv\""
		              : "attachment; filename=\"porte-stats.csv\"");
		ret = http_reply_data(req, 200, "text/csv; charset=utf-8",
		                      strbuf_str(&out), strbuf_len(&out));
	}
	strbuf_free(&out);
	api_stats_free(&a);
	return ret;
}

const http_route api_stats_csv_route = {
        "GET", "/api/v1/stats.csv", route_stats_csv,
        APP_ROLE_FACILITIES | APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN};

/*
 * admin_misc.c - porte-admin init, demo, stats and audit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "store_stats_par.h"

#define DEMO_USAGE "[--now TIME]"
#define STATS_USAGE "--from DATE --to DATE [--room ROOM | --site SITE] [--csv]"
#define AUDIT_USAGE "[--limit N]"

static int init(admin *a, int argc, char **argv)
{
	args g;
	int rc = args_parse(argc, argv, NULL, 0, 0, "", &g);

	if (rc != ADMIN_OK)
		return rc;
	printf("database %s ready (schema version %d)\n", a->db,
	       store_version(a->st));
	return ADMIN_OK;
}

static int demo(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"now", true},
	        {NULL, false},
	};
	store_demo_report rep;
	const tz_zone *paris;
	porte_time now = a->now;
	args g;
	int rc = args_parse(argc, argv, specs, 0, 0, DEMO_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_zone(a->st, "Europe/Paris", &paris) != STORE_OK)
		return admin_store_err(a, "demo");
	/* The demo's "today", read in the demo library's zone. */
	if (g.val[0] != NULL) {
		rc = admin_parse_time(paris, "--now", g.val[0], &now);
		if (rc != ADMIN_OK)
			return rc;
	}
	if (store_demo(a->st, ADMIN_WHO, now, &rep) != STORE_OK)
		return admin_store_err(a, "demo");
	printf("demo site %s (Europe/Paris): %d rooms, %d bookings\n", rep.site,
	       rep.rooms, rep.bookings);
	printf("staff accounts (e-mail, role, password, PIN):\n");
	for (int i = 0; i < ROLE__COUNT; i++)
		printf("  %-34s %-11s %-18s %s\n", rep.accounts[i].email,
		       store_role_name(rep.accounts[i].role),
		       rep.accounts[i].password, rep.accounts[i].pin);
	printf("enrolment code for %s (valid 24 h, once): %s\n", rep.first_room,
	       rep.enrol_code);
	return ADMIN_OK;
}

/* A date is a whole local day: --from its first instant, --to the first
 * instant of the next day. A time is taken as it is. */
static int stats_bound(const tz_zone *tz, const char *what, const char *text,
                       bool end, porte_time *out)
{
	cal_date d;
	porte_time start, next;

	if (text != NULL && strlen(text) == 10 &&
	    cal_parse_date(text, &d) == 0) {
		if (tz_day_bounds(tz, d, &start, &next) != 0)
			return admin_err(ADMIN_USAGE, "%s: no such date", what);
		*out = end ? next : start;
		return ADMIN_OK;
	}
	return admin_parse_time(tz, what, text, out);
}

static double hours(int64_t s)
{
	return (double)s / 3600.0;
}

static void csv_row(const char *room, const stats_figures *f)
{
	printf("%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%.3f,%.3f,%.2f,"
	       "%.2f,%.2f,%.2f\n",
	       room, (long long)f->bookings, (long long)f->due,
	       (long long)f->shows, (long long)f->no_shows,
	       (long long)f->auto_released, (long long)f->removed,
	       (long long)f->cancelled, (long long)f->walk_ins, f->checkin_rate,
	       f->no_show_rate, hours(f->booked_s), hours(f->occupied_s),
	       hours(f->released_s), hours(f->reclaimed_s));
}

static void text_room(const char *room, const stats_figures *f)
{
	printf("%-20s %6lld %5lld %5lld %8lld %7.1f %% %8.1f %8.1f %8.1f\n",
	       room, (long long)f->bookings, (long long)f->due,
	       (long long)f->shows, (long long)f->no_shows,
	       100.0 * f->checkin_rate, hours(f->booked_s),
	       hours(f->occupied_s), hours(f->released_s));
}

static void text_total(const stats_figures *f)
{
	printf("bookings       %lld\n", (long long)f->bookings);
	printf("due            %lld\n", (long long)f->due);
	printf("shows          %lld (check-in rate %.1f %%)\n",
	       (long long)f->shows, 100.0 * f->checkin_rate);
	printf("no-shows       %lld (no-show rate %.1f %%)\n",
	       (long long)f->no_shows, 100.0 * f->no_show_rate);
	printf("auto-released  %lld\n", (long long)f->auto_released);
	printf("removed        %lld\n", (long long)f->removed);
	printf("cancelled      %lld\n", (long long)f->cancelled);
	printf("walk-ins       %lld\n", (long long)f->walk_ins);
	printf("booked         %.1f h\n", hours(f->booked_s));
	printf("occupied       %.1f h\n", hours(f->occupied_s));
	printf("released       %.1f h\n", hours(f->released_s));
	printf("reclaimed      %.1f h\n", hours(f->reclaimed_s));
}

static const char *slug_of(const store_room *rooms, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++) {
		if (rooms[i].id == id)
			return rooms[i].slug;
	}
	return "?";
}

static int print_stats(admin *a, const stats *s, bool csv, const tz_zone *tz,
                       porte_time from, porte_time to, const char *scope)
{
	store_room *rooms = NULL;
	size_t nrooms = 0;
	char f[32], t[32];

	if (store_room_list(a->st, NULL, &rooms, &nrooms) != STORE_OK)
		return admin_store_err(a, "stats");
	if (csv) {
		printf("room,bookings,due,shows,no_shows,auto_released,removed,"
		       "cancelled,walk_ins,checkin_rate,no_show_rate,booked_h,"
		       "occupied_h,released_h,reclaimed_h\n");
	} else {
		admin_local(tz, from, f);
		admin_local(tz, to, t);
		printf("period         %s to %s (%s)\n", f, t, tz_name(tz));
		printf("rooms          %s\n", scope);
		text_total(stats_total(s));
		printf("\n%-20s %6s %5s %5s %8s %9s %8s %8s %8s\n", "room",
		       "booked", "due", "shows", "no-shows", "check-in",
		       "booked_h", "occup_h", "releas_h");
	}
	for (size_t i = 0; i < stats_room_count(s); i++) {
		int64_t id = 0;
		const stats_figures *fig = stats_room(s, i, &id);

		if (csv)
			csv_row(slug_of(rooms, nrooms, id), fig);
		else
			text_room(slug_of(rooms, nrooms, id), fig);
	}
	if (csv)
		csv_row("total", stats_total(s));
	free(rooms);
	return ADMIN_OK;
}

static int stats_cmd(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"from", true}, {"to", true},   {"room", true},
	        {"site", true}, {"csv", false}, {NULL, false},
	};
	const char *room, *site;
	const tz_zone *tz;
	porte_time from, to;
	char scope[80];
	stats *s;
	args g;
	int rc = args_parse(argc, argv, specs, 0, 0, STATS_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	room = g.val[2];
	site = g.val[3];
	if (g.val[0] == NULL || g.val[1] == NULL)
		return admin_err(ADMIN_USAGE,
		                 "stats needs --from and --to\nusage: "
		                 "stats " STATS_USAGE);
	if (room != NULL && site != NULL)
		return admin_err(ADMIN_USAGE,
		                 "give --room or --site, not both");
	if (store_stats_zone(a->st, site, room, &tz) != STORE_OK)
		return admin_store_err(a, "stats");
	rc = stats_bound(tz, "--from", g.val[0], false, &from);
	if (rc == ADMIN_OK)
		rc = stats_bound(tz, "--to", g.val[1], true, &to);
	if (rc != ADMIN_OK)
		return rc;
	if (to <= from)
		return admin_err(ADMIN_USAGE, "--to must come after --from");
	if (to - from > 400LL * 86400)
		return admin_err(ADMIN_USAGE, "a period of 400 days at most");
	/* The server's way: the rooms shared among one thread a core. */
	if (store_stats_compute(a->st, site, room, tz, from, to, a->now, 0,
	                        &s) != STORE_OK)
		return admin_store_err(a, "stats");
	snprintf(scope, sizeof(scope), "%s%s",
	         room != NULL   ? "room "
	         : site != NULL ? "site "
	                        : "all",
	         room != NULL   ? room
	         : site != NULL ? site
	                        : "");
	rc = print_stats(a, s, g.set[4], tz, from, to, scope);
	stats_free(s);
	if (rc == ADMIN_OK &&
	    store_audit_add(a->st, ADMIN_WHO, "stats.export", scope,
	                    g.set[4] ? "csv" : "text", a->now) != STORE_OK)
		return admin_store_err(a, "stats");
	return rc;
}

static int audit(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"limit", true},
	        {NULL, false},
	};
	store_audit *log = NULL;
	long long limit = 50;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, specs, 0, 0, AUDIT_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (g.val[0] != NULL && admin_parse_int(g.val[0], 1, 10000, &limit))
		return admin_err(ADMIN_USAGE,
		                 "--limit: '%s' is not a number of 1 to 10000",
		                 g.val[0]);
	if (store_audit_list(a->st, (size_t)limit, &log, &n) != STORE_OK)
		return admin_store_err(a, "audit");
	for (size_t i = n; i-- > 0;) {
		char at[CAL_RFC3339_LEN];

		cal_format_rfc3339(log[i].at, at);
		printf("%s  %-10s %-15s %-24s %s\n", at, log[i].who,
		       log[i].action, log[i].target, log[i].detail);
	}
	free(log);
	return ADMIN_OK;
}

const admin_cmd admin_misc_cmds[] = {
        {NULL, "init", init, "(create or upgrade the database)",
         STORE_OPEN_CREATE | STORE_OPEN_MIGRATE},
        {NULL, "demo", demo, DEMO_USAGE,
         STORE_OPEN_CREATE | STORE_OPEN_MIGRATE},
        {NULL, "stats", stats_cmd, STATS_USAGE, 0},
        {NULL, "audit", audit, AUDIT_USAGE, 0},
        {NULL, NULL, NULL, NULL, 0},
};

/*
 * admin_site.c - porte-admin site ...: sites, their closures and
 * exceptional hours, their messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

#define ADD_USAGE                                                              \
	"SITE --name NAME --tz ZONE [--hours \"mon-fri 08:00-20:00, "          \
	"sat 09:00-13:00\"] [--domains a.fr,b.fr]"
#define SET_USAGE                                                              \
	"SITE [--name NAME] [--tz ZONE] [--hours SPEC] [--domains LIST]"
#define CLOSE_USAGE "SITE DATE [--hours \"10:00-16:00\"] [--note TEXT]"
#define REOPEN_USAGE "SITE DATE"
#define MESSAGE_USAGE "SITE --from TIME --to TIME TEXT"

static int site_add(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"name", true},    {"tz", true},  {"hours", true},
	        {"domains", true}, {NULL, false},
	};
	args g;
	int rc = args_parse(argc, argv, specs, 1, 1, ADD_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (g.val[0] == NULL || g.val[1] == NULL)
		return admin_err(ADMIN_USAGE, "site add needs --name and --tz\n"
		                              "usage: site add " ADD_USAGE);
	switch (store_site_add(a->st, ADMIN_WHO, g.pos[0], g.val[0], g.val[1],
	                       g.val[2], g.val[3], a->now)) {
	case STORE_OK:
		printf("site %s added\n", g.pos[0]);
		return ADMIN_OK;
	default:
		return admin_store_err(a, "site add");
	}
}

static int site_set(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"name", true},    {"tz", true},  {"hours", true},
	        {"domains", true}, {NULL, false},
	};
	args g;
	int rc = args_parse(argc, argv, specs, 1, 1, SET_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (!g.set[0] && !g.set[1] && !g.set[2] && !g.set[3])
		return admin_err(ADMIN_USAGE, "nothing to change\nusage: "
		                              "site set " SET_USAGE);
	if (store_site_update(a->st, ADMIN_WHO, g.pos[0], g.val[0], g.val[1],
	                      g.val[2], g.val[3], a->now) != STORE_OK)
		return admin_store_err(a, "site set");
	printf("site %s changed\n", g.pos[0]);
	return ADMIN_OK;
}

static int site_list(admin *a, int argc, char **argv)
{
	store_site *sites = NULL;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, NULL, 0, 0, "", &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_site_list(a->st, &sites, &n) != STORE_OK)
		return admin_store_err(a, "site list");
	for (size_t i = 0; i < n; i++)
		printf("%-16s %-18s %s\n  hours: %s\n  domains: %s\n",
		       sites[i].slug, sites[i].tz, sites[i].name,
		       sites[i].hours,
		       sites[i].domains[0] != '\0' ? sites[i].domains
		                                   : "(any)");
	free(sites);
	return ADMIN_OK;
}

static int parse_day(const char *text, cal_date *out)
{
	if (cal_parse_date(text, out) != 0)
		return admin_err(ADMIN_USAGE, "'%s' is not a date (YYYY-MM-DD)",
		                 text);
	return ADMIN_OK;
}

static int site_close(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"hours", true},
	        {"note", true},
	        {NULL, false},
	};
	char day[CAL_DATE_LEN];
	cal_date d;
	args g;
	int rc = args_parse(argc, argv, specs, 2, 2, CLOSE_USAGE, &g);

	if (rc == ADMIN_OK)
		rc = parse_day(g.pos[1], &d);
	if (rc != ADMIN_OK)
		return rc;
	if (store_site_set_date(a->st, ADMIN_WHO, g.pos[0], d, g.val[0],
	                        g.val[1], a->now) != STORE_OK)
		return admin_store_err(a, "site close");
	cal_format_date(d, day);
	if (g.val[0] != NULL && strcmp(g.val[0], "closed") != 0)
		printf("site %s open %s on %s only\n", g.pos[0], g.val[0], day);
	else
		printf("site %s closed on %s\n", g.pos[0], day);
	return ADMIN_OK;
}

static int site_reopen(admin *a, int argc, char **argv)
{
	cal_date d;
	args g;
	int rc = args_parse(argc, argv, NULL, 2, 2, REOPEN_USAGE, &g);

	if (rc == ADMIN_OK)
		rc = parse_day(g.pos[1], &d);
	if (rc != ADMIN_OK)
		return rc;
	if (store_site_clear_date(a->st, ADMIN_WHO, g.pos[0], d, a->now) !=
	    STORE_OK)
		return admin_store_err(a, "site reopen");
	printf("site %s keeps its weekly hours on %s\n", g.pos[0], g.pos[1]);
	return ADMIN_OK;
}

static int site_message(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"from", true},
	        {"to", true},
	        {NULL, false},
	};
	char from_s[32], to_s[32];
	const tz_zone *tz;
	porte_time from, to;
	int64_t id = 0;
	args g;
	int rc = args_parse(argc, argv, specs, 2, 2, MESSAGE_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (g.val[0] == NULL || g.val[1] == NULL)
		return admin_err(ADMIN_USAGE,
		                 "site message needs --from and --to\nusage: "
		                 "site message " MESSAGE_USAGE);
	rc = admin_site_zone(a, g.pos[0], &tz);
	if (rc == ADMIN_OK)
		rc = admin_parse_time(tz, "--from", g.val[0], &from);
	if (rc == ADMIN_OK)
		rc = admin_parse_time(tz, "--to", g.val[1], &to);
	if (rc != ADMIN_OK)
		return rc;
	if (to > from && to - from > STORE_MESSAGE_MAX_SPAN)
		return admin_err(ADMIN_FAIL,
		                 "a message is shown a week at most (the "
		                 "charter's rule)");
	if (store_message_add(a->st, ADMIN_WHO, g.pos[0], from, to, g.pos[1],
	                      a->now, &id) != STORE_OK)
		return admin_store_err(a, "site message");
	admin_local(tz, from, from_s);
	admin_local(tz, to, to_s);
	printf("message %lld on %s from %s to %s (%s)\n", (long long)id,
	       g.pos[0], from_s, to_s, tz_name(tz));
	return ADMIN_OK;
}

const admin_cmd admin_site_cmds[] = {
        {"site", "add", site_add, ADD_USAGE, 0},
        {"site", "set", site_set, SET_USAGE, 0},
        {"site", "list", site_list, "", 0},
        {"site", "close", site_close, CLOSE_USAGE, 0},
        {"site", "reopen", site_reopen, REOPEN_USAGE, 0},
        {"site", "message", site_message, MESSAGE_USAGE, 0},
        {NULL, NULL, NULL, NULL, 0},
};

/*
 * admin_room.c - porte-admin room ... and rule ...: rooms and the rules of
 * sites and rooms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

#define ADD_USAGE                                                              \
	"ROOM --site SITE --name NAME [--kind group|meeting|training|"         \
	"workshop] [--capacity N]"
#define LIST_USAGE "[--site SITE]"
#define SET_USAGE "(--site SITE | --room ROOM) NAME VALUE"
#define UNSET_USAGE "(--site SITE | --room ROOM) NAME"
#define RULES_USAGE "(--site SITE | --room ROOM)"

static int room_add(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"site", true},     {"name", true}, {"kind", true},
	        {"capacity", true}, {NULL, false},
	};
	room_kind kind = ROOM_GROUP;
	long long capacity = 1;
	args g;
	int rc = args_parse(argc, argv, specs, 1, 1, ADD_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (g.val[0] == NULL || g.val[1] == NULL)
		return admin_err(ADMIN_USAGE,
		                 "room add needs --site and --name\nusage: "
		                 "room add " ADD_USAGE);
	if (g.val[2] != NULL && room_kind_parse(g.val[2], &kind) != 0)
		return admin_err(ADMIN_USAGE,
		                 "--kind: '%s' is not one of group, meeting, "
		                 "training, workshop",
		                 g.val[2]);
	if (g.val[3] != NULL &&
	    admin_parse_int(g.val[3], 1, 1000, &capacity) != 0)
		return admin_err(
		        ADMIN_USAGE,
		        "--capacity: '%s' is not a number of 1 to 1000",
		        g.val[3]);
	if (store_room_add(a->st, ADMIN_WHO, g.pos[0], g.val[0], g.val[1], kind,
	                   (int)capacity, a->now) != STORE_OK)
		return admin_store_err(a, "room add");
	printf("room %s added to %s (%s, %lld)\n", g.pos[0], g.val[0],
	       room_kind_name(kind), capacity);
	return ADMIN_OK;
}

static int room_list(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"site", true},
	        {NULL, false},
	};
	store_room *rooms = NULL;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, specs, 0, 0, LIST_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_room_list(a->st, g.val[0], &rooms, &n) != STORE_OK)
		return admin_store_err(a, "room list");
	for (size_t i = 0; i < n; i++) {
		const porte_rules *r = &rooms[i].rules;

		printf("%-20s %-12s %-9s %4d  %s\n", rooms[i].slug,
		       rooms[i].site, room_kind_name(rooms[i].kind),
		       rooms[i].capacity, rooms[i].name);
		printf("  grid %d min, %d-%d min, release after %d min, "
		       "walk-in %s\n",
		       r->granularity, r->min_duration, r->max_duration,
		       r->release_after, r->walk_in ? "on" : "off");
	}
	if (n == 0)
		printf("no rooms\n");
	free(rooms);
	return ADMIN_OK;
}

/* --site or --room, exactly one. */
static int scope_of(const args *g, const char *usage, store_scope *scope,
                    const char **target)
{
	if ((g->val[0] == NULL) == (g->val[1] == NULL))
		return admin_err(ADMIN_USAGE,
		                 "give --site or --room (one of them)\n"
		                 "usage: %s",
		                 usage);
	*scope = g->val[0] != NULL ? STORE_SCOPE_SITE : STORE_SCOPE_ROOM;
	*target = g->val[0] != NULL ? g->val[0] : g->val[1];
	return ADMIN_OK;
}

static int known_rule(const char *name)
{
	const char *const *names = rules_names();

	for (size_t i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) == 0)
			return ADMIN_OK;
	}
	fprintf(stderr, "porte-admin: unknown rule '%s'; the rules are:", name);
	for (size_t i = 0; names[i] != NULL; i++)
		fprintf(stderr, " %s", names[i]);
	fputc('\n', stderr);
	return ADMIN_USAGE;
}

static const opt_spec scope_specs[] = {
        {"site", true},
        {"room", true},
        {NULL, false},
};

static int rule_set(admin *a, int argc, char **argv)
{
	store_scope scope = STORE_SCOPE_SITE;
	const char *target = NULL;
	args g;
	int rc = args_parse(argc, argv, scope_specs, 2, 2, SET_USAGE, &g);

	if (rc == ADMIN_OK)
		rc = scope_of(&g, "rule set " SET_USAGE, &scope, &target);
	if (rc == ADMIN_OK)
		rc = known_rule(g.pos[0]);
	if (rc != ADMIN_OK)
		return rc;
	if (store_rule_set(a->st, ADMIN_WHO, scope, target, g.pos[0], g.pos[1],
	                   a->now) != STORE_OK)
		return admin_store_err(a, "rule set");
	printf("%s %s: %s = %s\n", scope == STORE_SCOPE_SITE ? "site" : "room",
	       target, g.pos[0], g.pos[1]);
	return ADMIN_OK;
}

static int rule_unset(admin *a, int argc, char **argv)
{
	store_scope scope = STORE_SCOPE_SITE;
	const char *target = NULL;
	args g;
	int rc = args_parse(argc, argv, scope_specs, 1, 1, UNSET_USAGE, &g);

	if (rc == ADMIN_OK)
		rc = scope_of(&g, "rule unset " UNSET_USAGE, &scope, &target);
	if (rc == ADMIN_OK)
		rc = known_rule(g.pos[0]);
	if (rc != ADMIN_OK)
		return rc;
	if (store_rule_set(a->st, ADMIN_WHO, scope, target, g.pos[0], NULL,
	                   a->now) != STORE_OK)
		return admin_store_err(a, "rule unset");
	printf("%s %s: %s as the level above says\n",
	       scope == STORE_SCOPE_SITE ? "site" : "room", target, g.pos[0]);
	return ADMIN_OK;
}

static int rule_list(admin *a, int argc, char **argv)
{
	store_rule *rules = NULL;
	store_scope scope = STORE_SCOPE_SITE;
	const char *target = NULL;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, scope_specs, 0, 0, RULES_USAGE, &g);

	if (rc == ADMIN_OK)
		rc = scope_of(&g, "rule list " RULES_USAGE, &scope, &target);
	if (rc != ADMIN_OK)
		return rc;
	if (store_rule_list(a->st, scope, target, &rules, &n) != STORE_OK)
		return admin_store_err(a, "rule list");
	for (size_t i = 0; i < n; i++)
		printf("%s = %s\n", rules[i].name, rules[i].value);
	if (n == 0)
		printf("no rules of its own: the defaults%s apply\n",
		       scope == STORE_SCOPE_ROOM ? " and the site's" : "");
	free(rules);
	return ADMIN_OK;
}

const admin_cmd admin_room_cmds[] = {
        {"room", "add", room_add, ADD_USAGE, 0},
        {"room", "list", room_list, LIST_USAGE, 0},
        {"rule", "set", rule_set, SET_USAGE, 0},
        {"rule", "unset", rule_unset, UNSET_USAGE, 0},
        {"rule", "list", rule_list, RULES_USAGE, 0},
        {NULL, NULL, NULL, NULL, 0},
};

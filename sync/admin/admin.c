/*
 * admin.c - porte-admin: sites, rooms, rules, staff, door enrolment, demo
 * data and statistics, on the server's database.
 *
 *   porte-admin --db FILE [--now TIME] COMMAND ...
 *
 * Exit status: 0 done, 1 the operation failed, 2 the command line is
 * wrong. Every change is written to the audit log as "cli".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin.h"

static const admin_cmd *const tables[] = {
        admin_misc_cmds,  admin_site_cmds,   admin_room_cmds,
        admin_staff_cmds, admin_device_cmds,
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static void usage(FILE *fp)
{
	fputs("usage: porte-admin --db FILE [--now TIME] COMMAND ...\n\n"
	      "commands:\n",
	      fp);
	for (size_t t = 0; t < NTABLES; t++) {
		for (const admin_cmd *c = tables[t]; c->name != NULL; c++) {
			char words[64];

			snprintf(words, sizeof(words), "%s%s%s",
			         c->group != NULL ? c->group : "",
			         c->group != NULL ? " " : "", c->name);
			if (c->usage[0] != '\0')
				fprintf(fp, "  %-15s %s\n", words, c->usage);
			else
				fprintf(fp, "  %s\n", words);
		}
	}
	fputs("\nTimes are RFC 3339 (2026-03-02T09:00:00Z) or local wall time "
	      "of the site\n(\"2026-03-02 10:00\"); a local time the clocks "
	      "skip or repeat is refused.\nstaff add reads the password, then "
	      "the PIN (6 digits or more), from\nstandard input, one a line. "
	      "--now fixes the clock (tests).\n\n"
	      "Exit status: 0 done, 1 failed, 2 wrong command line.\n",
	      fp);
}

static const admin_cmd *find_cmd(int argc, char **argv, int *words)
{
	for (size_t t = 0; t < NTABLES; t++) {
		for (const admin_cmd *c = tables[t]; c->name != NULL; c++) {
			if (c->group == NULL && argc >= 1 &&
			    strcmp(argv[0], c->name) == 0) {
				*words = 1;
				return c;
			}
			if (c->group != NULL && argc >= 2 &&
			    strcmp(argv[0], c->group) == 0 &&
			    strcmp(argv[1], c->name) == 0) {
				*words = 2;
				return c;
			}
		}
	}
	return NULL;
}

/* Says what the commands of group WORD are, when WORD is a group. */
static bool group_usage(const char *word)
{
	bool found = false;

	for (size_t t = 0; t < NTABLES; t++) {
		for (const admin_cmd *c = tables[t]; c->name != NULL; c++) {
			if (c->group == NULL || strcmp(c->group, word) != 0)
				continue;
			if (!found)
				fprintf(stderr, "usage:\n");
			fprintf(stderr, "  porte-admin --db FILE %s %s%s%s\n",
			        c->group, c->name,
			        c->usage[0] != '\0' ? " " : "", c->usage);
			found = true;
		}
	}
	return found;
}

int main(int argc, char **argv)
{
	admin a;
	const admin_cmd *cmd;
	char *cause = NULL;
	int i = 1, words = 0, rc;
	store_status st;

	memset(&a, 0, sizeof(a));
	a.now = (porte_time)time(NULL);
	while (i < argc && strncmp(argv[i], "--", 2) == 0) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return ADMIN_OK;
		}
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			a.db = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) {
			if (cal_parse_rfc3339(argv[i + 1], &a.now) != 0)
				return admin_err(
				        ADMIN_USAGE,
				        "--now: '%s' is not an RFC 3339 "
				        "time",
				        argv[i + 1]);
			a.now_given = true;
			i += 2;
		} else {
			admin_err(ADMIN_USAGE, "unknown option '%s'", argv[i]);
			usage(stderr);
			return ADMIN_USAGE;
		}
	}
	if (i < argc && strcmp(argv[i], "help") == 0) {
		usage(stdout);
		return ADMIN_OK;
	}
	if (i >= argc) {
		usage(stderr);
		return ADMIN_USAGE;
	}
	cmd = find_cmd(argc - i, argv + i, &words);
	if (cmd == NULL) {
		if (!group_usage(argv[i])) {
			admin_err(ADMIN_USAGE, "unknown command '%s'", argv[i]);
			usage(stderr);
		}
		return ADMIN_USAGE;
	}
	if (cmd->open_flags >= 0) {
		if (a.db == NULL)
			return admin_err(
			        ADMIN_USAGE,
			        "--db FILE is needed before the command");
		st = store_open(a.db, cmd->open_flags, &a.st, &cause);
		if (st != STORE_OK) {
			admin_err(ADMIN_FAIL, "%s",
			          cause != NULL ? cause : "cannot open");
			free(cause);
			return ADMIN_FAIL;
		}
	}
	rc = cmd->run(&a, argc - i - words, argv + i + words);
	store_close(a.st);
	return rc;
}

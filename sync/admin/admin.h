/*
 * admin.h - what porte-admin's files share: the command table, argument
 * parsing, times as people type them, secrets from standard input.
 */
#ifndef PORTE_ADMIN_H
#define PORTE_ADMIN_H

#include <stdbool.h>
#include <stdio.h>

#include "store.h"

/* Exit statuses: done; the operation failed (exists, not found, refused,
 * database error); the command line is wrong. */
#define ADMIN_OK 0
#define ADMIN_FAIL 1
#define ADMIN_USAGE 2

/* Every change is logged with this actor. */
#define ADMIN_WHO "cli"

#define ADMIN_MAX_OPTS 8
#define ADMIN_MAX_POS 4

typedef struct admin {
	porte_store *st;
	const char *db;
	porte_time now; /* the clock, or --now */
	bool now_given;
} admin;

typedef struct admin_cmd {
	const char *group; /* "site", or NULL for a lone word */
	const char *name;
	int (*run)(admin *a, int argc, char **argv);
	const char *usage; /* the arguments after the words */
	int open_flags;    /* store_open flags; -1: no database */
} admin_cmd;

/* An option a command takes: "--name VALUE" (or "--name=VALUE"), or a
 * flag without a value. */
typedef struct opt_spec {
	const char *name; /* without the dashes */
	bool value;
} opt_spec;

typedef struct args {
	const char *val[ADMIN_MAX_OPTS]; /* by spec index; NULL: not given */
	bool set[ADMIN_MAX_OPTS];
	const char *pos[ADMIN_MAX_POS];
	int npos;
} args;

/*
 * Reads ARGV[0..ARGC) against SPECS (NULL-name terminated) with MINPOS to
 * MAXPOS positional arguments ("--" ends the options). Returns ADMIN_OK,
 * or ADMIN_USAGE after saying why on stderr with USAGE.
 */
int args_parse(int argc, char **argv, const opt_spec *specs, int minpos,
               int maxpos, const char *usage, args *out);

/* Says "porte-admin: ..." on stderr and returns STATUS. */
int admin_err(int status, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Reports a store failure (its message) and returns ADMIN_FAIL. */
int admin_store_err(admin *a, const char *what);

typedef enum admin_time_result {
	ADMIN_TIME_OK = 0,
	ADMIN_TIME_BAD,         /* neither RFC 3339 nor a local wall time */
	ADMIN_TIME_NONEXISTENT, /* a wall time the clocks skip */
	ADMIN_TIME_AMBIGUOUS    /* a wall time that happens twice */
} admin_time_result;

/* admin_parse_time without a word: the result says what went wrong. */
admin_time_result admin_time_read(const tz_zone *tz, const char *text,
                                  porte_time *out);

/*
 * Reads TEXT as an instant: RFC 3339 ("2026-03-02T09:00:00Z", an offset
 * is kept), or local wall time "YYYY-MM-DD HH:MM[:SS]" (a 'T' works too)
 * or a date "YYYY-MM-DD" (its midnight) in zone TZ. A wall time the zone
 * skips or repeats is refused, saying so. Returns 0, or ADMIN_USAGE after
 * saying why.
 */
int admin_parse_time(const tz_zone *tz, const char *what, const char *text,
                     porte_time *out);

/* The zone of site SITE (borrowed from the store). ADMIN_OK or
 * ADMIN_FAIL after saying why. */
int admin_site_zone(admin *a, const char *site, const tz_zone **out);

/* Formats T as local "YYYY-MM-DD HH:MM" in TZ into BUF (32 bytes). */
void admin_local(const tz_zone *tz, porte_time t, char buf[32]);

/* Parses a whole decimal number in [MIN, MAX]. Returns 0 or -1. */
int admin_parse_int(const char *s, long long min, long long max,
                    long long *out);

/*
 * Reads one line of standard input into BUF (at most LEN - 1 bytes, the
 * line end dropped), prompting with PROMPT and without echo when it is a
 * terminal. Returns 0, or -1 at the end of input or for a line too long.
 */
int admin_read_secret(const char *prompt, char *buf, size_t len);

/* The commands, NULL-terminated, by file. */
extern const admin_cmd admin_site_cmds[];
extern const admin_cmd admin_room_cmds[];
extern const admin_cmd admin_staff_cmds[];
extern const admin_cmd admin_device_cmds[];
extern const admin_cmd admin_misc_cmds[];

#endif

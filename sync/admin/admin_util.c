/*
 * admin_util.c - porte-admin's helpers: options, times as people type
 * them, numbers, secrets read from standard input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin.h"

int admin_err(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("porte-admin: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int admin_store_err(admin *a, const char *what)
{
	return admin_err(ADMIN_FAIL, "%s: %s", what, store_errmsg(a->st));
}

static int find_spec(const opt_spec *specs, const char *name, size_t len)
{
	for (int i = 0; specs != NULL && specs[i].name != NULL; i++) {
		if (strlen(specs[i].name) == len &&
		    strncmp(specs[i].name, name, len) == 0)
			return i;
	}
	return -1;
}

int args_parse(int argc, char **argv, const opt_spec *specs, int minpos,
               int maxpos, const char *usage, args *out)
{
	bool options = true;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq;
		size_t len;
		int k;

		if (options && strcmp(arg, "--") == 0) {
			options = false;
			continue;
		}
		if (!options || strncmp(arg, "--", 2) != 0) {
			if (out->npos >= maxpos || out->npos >= ADMIN_MAX_POS)
				return admin_err(ADMIN_USAGE,
				                 "unexpected argument '%s'\n"
				                 "usage: %s",
				                 arg, usage);
			out->pos[out->npos++] = arg;
			continue;
		}
		eq = strchr(arg + 2, '=');
		len = eq != NULL ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		k = find_spec(specs, arg + 2, len);
		if (k < 0 || k >= ADMIN_MAX_OPTS)
			return admin_err(ADMIN_USAGE,
			                 "unknown option '%s'\nusage: %s", arg,
			                 usage);
		if (out->set[k])
			return admin_err(ADMIN_USAGE, "--%s given twice",
			                 specs[k].name);
		out->set[k] = true;
		if (!specs[k].value) {
			if (eq != NULL)
				return admin_err(ADMIN_USAGE,
				                 "--%s takes no value",
				                 specs[k].name);
			continue;
		}
		if (eq != NULL) {
			out->val[k] = eq + 1;
		} else if (i + 1 < argc) {
			out->val[k] = argv[++i];
		} else {
			return admin_err(ADMIN_USAGE,
			                 "--%s needs a value\nusage: %s",
			                 specs[k].name, usage);
		}
	}
	if (out->npos < minpos)
		return admin_err(ADMIN_USAGE, "missing arguments\nusage: %s",
		                 usage);
	return ADMIN_OK;
}

int admin_parse_int(const char *s, long long min, long long max, long long *out)
{
	char *end = NULL;
	long long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* "YYYY-MM-DD", "YYYY-MM-DD HH:MM", "YYYY-MM-DD HH:MM:SS" ('T' for the
 * space too) into a wall time. Returns 0 or -1. */
static int parse_wall(const char *s, cal_datetime *out)
{
	char date[CAL_DATE_LEN], hm[6];
	size_t len = strlen(s);
	long long sec = 0;
	cal_date d;
	int minutes = 0;

	if (len < 10)
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (cal_parse_date(date, &d) != 0)
		return -1;
	if (len > 10) {
		if ((s[10] != ' ' && s[10] != 'T') || (len != 16 && len != 19))
			return -1;
		memcpy(hm, s + 11, 5);
		hm[5] = '\0';
		if (cal_parse_hhmm(hm, &minutes) != 0 || minutes >= 1440)
			return -1;
		if (len == 19 && (s[16] != ':' ||
		                  admin_parse_int(s + 17, 0, 59, &sec) != 0 ||
		                  s[17] < '0' || s[17] > '9'))
			return -1;
	}
	out->year = d.year;
	out->month = d.month;
	out->day = d.day;
	out->hour = minutes / 60;
	out->minute = minutes % 60;
	out->second = (int)sec;
	return 0;
}

admin_time_result admin_time_read(const tz_zone *tz, const char *text,
                                  porte_time *out)
{
	cal_datetime wall;
	porte_time first = 0, second = 0;

	if (text == NULL)
		return ADMIN_TIME_BAD;
	if (cal_parse_rfc3339(text, out) == 0)
		return ADMIN_TIME_OK;
	if (parse_wall(text, &wall) != 0)
		return ADMIN_TIME_BAD;
	switch (tz_from_local(tz, wall, &first, &second)) {
	case TZ_LOCAL_OK:
		*out = first;
		return ADMIN_TIME_OK;
	case TZ_LOCAL_NONEXISTENT:
		return ADMIN_TIME_NONEXISTENT;
	case TZ_LOCAL_AMBIGUOUS:
		return ADMIN_TIME_AMBIGUOUS;
	default:
		return ADMIN_TIME_BAD;
	}
}

int admin_parse_time(const tz_zone *tz, const char *what, const char *text,
                     porte_time *out)
{
	switch (admin_time_read(tz, text, out)) {
	case ADMIN_TIME_OK:
		return ADMIN_OK;
	case ADMIN_TIME_NONEXISTENT:
		return admin_err(ADMIN_USAGE,
		                 "%s: %s does not exist in %s (the clocks "
		                 "skip it)",
		                 what, text, tz_name(tz));
	case ADMIN_TIME_AMBIGUOUS:
		return admin_err(ADMIN_USAGE,
		                 "%s: %s happens twice in %s (the clocks go "
		                 "back): give an RFC 3339 time with its offset",
		                 what, text, tz_name(tz));
	default:
		return admin_err(ADMIN_USAGE,
		                 "%s: '%s' is not a time (RFC 3339, or "
		                 "\"YYYY-MM-DD HH:MM\" local time)",
		                 what, text != NULL ? text : "");
	}
}

int admin_site_zone(admin *a, const char *site, const tz_zone **out)
{
	store_site s;

	if (store_site_get(a->st, site, &s) != STORE_OK)
		return admin_store_err(a, "site");
	if (store_zone(a->st, s.tz, out) != STORE_OK)
		return admin_store_err(a, "zone");
	return ADMIN_OK;
}

void admin_local(const tz_zone *tz, porte_time t, char buf[32])
{
	cal_datetime l = tz_to_local(tz, t);

	snprintf(buf, 32, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day,
	         l.hour, l.minute);
}

int admin_read_secret(const char *prompt, char *buf, size_t len)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) != 0;
	bool echo_off = false;
	size_t n;
	int rc = 0;

	if (tty) {
		fprintf(stderr, "%s: ", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			echo_off =
			        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	if (fgets(buf, (int)len, stdin) == NULL) {
		rc = -1;
		goto out;
	}
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n') {
		buf[--n] = '\0';
	} else if (!feof(stdin)) {
		int ch;

		/* too long: drop the rest of the line, refuse */
		do {
			ch = getchar();
		} while (ch != '\n' && ch != EOF);
		rc = -1;
	}
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
out:
	if (echo_off)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	if (tty)
		fputc('\n', stderr);
	return rc;
}

/*
 * wire_cases.c - parse a document with the parser its kind names, and
 * check that what is accepted survives building and parsing again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "wire_cases.h"

static int fail(char **cause, const char *why)
{
	free(*cause);
	*cause = strdup(why);
	return -1;
}

/* Dumps A and B and compares the text. */
static bool same_json(json_t *a, json_t *b)
{
	char *x = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *y = b ? json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	bool same = x != NULL && y != NULL && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

/* Builds J's struct back to JSON: BUILD(parse(J)), twice over. */
static int schedule_case(json_t *j, bool *rt, char **cause)
{
	wire_schedule s, s2;
	json_t *b = NULL, *b2 = NULL;
	int rc;

	rc = wire_schedule_parse(j, &s, cause);
	if (rc != 0 || rt == NULL)
		goto out;
	b = wire_schedule_json(&s);
	*rt = b != NULL && wire_schedule_parse(b, &s2, NULL) == 0;
	if (*rt) {
		b2 = wire_schedule_json(&s2);
		*rt = same_json(b, b2);
		wire_schedule_free(&s2);
	}
	wire_schedule_free(&s);
out:
	json_decref(b);
	json_decref(b2);
	return rc;
}

static int rooms_case(json_t *j, bool *rt, char **cause)
{
	wire_room *rooms = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	json_t *b = NULL, *b2 = NULL;
	int rc;

	rc = wire_rooms_parse(j, &rooms, &n, cause);
	if (rc != 0 || rt == NULL)
		goto out;
	b = wire_rooms_json(rooms, n);
	*rt = b != NULL && wire_rooms_parse(b, &again, &n2, NULL) == 0 &&
	      n2 == n;
	if (*rt) {
		b2 = wire_rooms_json(again, n2);
		*rt = same_json(b, b2) &&
		      memcmp(rooms, again, n * sizeof *rooms) == 0;
	}
out:
	free(rooms);
	free(again);
	json_decref(b);
	json_decref(b2);
	return rc;
}

static int events_case(json_t *j, bool *rt, char **cause)
{
	wire_event *ev = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	json_t *b = NULL, *b2 = NULL;
	int rc;

	rc = wire_events_parse(j, &ev, &n, cause);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (ev[i].bad) {
			fail(cause, ev[i].error);
			rc = -1;
			goto out;
		}
	}
	if (rt == NULL)
		goto out;
	b = wire_events_json(ev, n);
	*rt = b != NULL && wire_events_parse(b, &again, &n2, NULL) == 0 &&
	      n2 == n;
	if (*rt) {
		b2 = wire_events_json(again, n2);
		*rt = same_json(b, b2) &&
		      memcmp(ev, again, n * sizeof *ev) == 0;
	}
out:
	free(ev);
	free(again);
	json_decref(b);
	json_decref(b2);
	return rc;
}

static int results_case(json_t *j, bool *rt, char **cause)
{
	wire_event_result *res = NULL, *again = NULL;
	size_t n = 0, n2 = 0;
	json_t *b = NULL, *b2 = NULL;
	int rc;

	rc = wire_results_parse(j, &res, &n, cause);
	if (rc != 0 || rt == NULL)
		goto out;
	b = wire_results_json(res, n);
	*rt = b != NULL && wire_results_parse(b, &again, &n2, NULL) == 0 &&
	      n2 == n;
	if (*rt) {
		b2 = wire_results_json(again, n2);
		*rt = same_json(b, b2);
	}
out:
	free(res);
	free(again);
	json_decref(b);
	json_decref(b2);
	return rc;
}

static int error_case(json_t *j, bool *rt, char **cause)
{
	char code[WIRE_CODE_MAX + 1], msg[WIRE_MESSAGE_MAX + 1];
	json_t *b;
	int rc;

	rc = wire_error_parse(j, code, msg, cause);
	if (rc != 0 || rt == NULL)
		return rc;
	b = wire_error_json(code, msg);
	*rt = same_json(j, b);
	json_decref(b);
	return rc;
}

static int figures_case(json_t *j, bool *rt, char **cause)
{
	stats_figures f, f2;
	json_t *b = NULL;
	int rc;

	rc = wire_figures_parse(j, &f, cause);
	if (rc != 0 || rt == NULL)
		return rc;
	b = wire_figures_json(&f);
	*rt = b != NULL && wire_figures_parse(b, &f2, NULL) == 0 &&
	      memcmp(&f, &f2, sizeof f) == 0;
	json_decref(b);
	return rc;
}

int wire_case_parse(const char *kind, const void *data, size_t len,
                    bool *roundtrip, char **cause)
{
	static const struct {
		const char *kind;
		int (*parse)(json_t *, bool *, char **);
	} kinds[] = {
	        {"schedule", schedule_case}, {"rooms", rooms_case},
	        {"events", events_case},     {"results", results_case},
	        {"error", error_case},       {"figures", figures_case},
	};
	json_t *j;
	int rc = -1;

	if (roundtrip != NULL)
		*roundtrip = false;
	j = wire_load(data, len, WIRE_REPLY_MAX, cause);
	if (j == NULL)
		return -1;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(kinds[i].kind, kind) == 0) {
			rc = kinds[i].parse(j, roundtrip, cause);
			break;
		}
		if (i + 1 == sizeof kinds / sizeof kinds[0])
			fail(cause, "unknown kind");
	}
	json_decref(j);
	return rc;
}

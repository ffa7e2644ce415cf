/*
 * wire_check.c - reads one JSON reply of porte-server on standard input
 * and parses it with the kiosk's strict parser for its kind (wire.h), so
 * that the server tests can check the contract between the two:
 *
 *   server_wire_check rooms|schedule|results < reply.json
 *
 * Exits 0 when it parses, 1 with the reason on standard error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"

#define INPUT_MAX (WIRE_REPLY_MAX + 1)

int main(int argc, char **argv)
{
	wire_event_result *results = NULL;
	wire_room *rooms = NULL;
	char *buf, *cause = NULL;
	wire_schedule sched;
	size_t len, n = 0;
	json_t *j = NULL;
	int rc = -1;

	if (argc != 2) {
		fprintf(stderr, "usage: server_wire_check rooms|schedule|"
		                "results < reply.json\n");
		return 2;
	}
	buf = malloc(INPUT_MAX);
	if (buf == NULL)
		return 1;
	len = fread(buf, 1, INPUT_MAX, stdin);
	j = wire_load(buf, len, WIRE_REPLY_MAX, &cause);
	if (j == NULL)
		goto out;
	wire_schedule_init(&sched);
	if (strcmp(argv[1], "rooms") == 0) {
		rc = wire_rooms_parse(j, &rooms, &n, &cause);
	} else if (strcmp(argv[1], "schedule") == 0) {
		rc = wire_schedule_parse(j, &sched, &cause);
		wire_schedule_free(&sched);
	} else if (strcmp(argv[1], "results") == 0) {
		rc = wire_results_parse(j, &results, &n, &cause);
	} else {
		cause = strdup("unknown kind");
	}
out:
	if (rc != 0)
		fprintf(stderr, "%s\n", cause != NULL ? cause : "failed");
	free(cause);
	free(rooms);
	free(results);
	json_decref(j);
	free(buf);
	return rc == 0 ? 0 : 1;
}

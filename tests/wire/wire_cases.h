/*
 * wire_cases.h - one entry point for the wire tests and the fuzz target:
 * parse a document the way a parser named by NAME's prefix would.
 */
#ifndef PORTE_WIRE_CASES_H
#define PORTE_WIRE_CASES_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Loads LEN bytes of DATA with wire_load and parses them with the parser
 * that KIND names ("schedule", "rooms", "events", "results", "error",
 * "figures"). Returns 0 when accepted (then, when ROUNDTRIP is not NULL,
 * *ROUNDTRIP tells whether building the JSON back and parsing it again
 * gave the same JSON), or -1 with a malloc'd reason in *CAUSE. An outbox
 * list with a bad event counts as refused, with that event's reason.
 */
int wire_case_parse(const char *kind, const void *data, size_t len,
                    bool *roundtrip, char **cause);

#endif

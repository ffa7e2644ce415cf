/*
 * fuzz_wire.c - libFuzzer target for every wire parser of outside input:
 * what the kiosk reads from the server (schedule, rooms, results, errors,
 * figures) and what the server reads from the kiosk (outbox events).
 *
 * The first byte picks the parser, the rest is the document. Anything a
 * parser accepts must survive building it back and parsing it again; a
 * document that does not is a bug, and aborts.
 *
 * With clang and -DPORTE_FUZZ=ON this links with libFuzzer:
 *   build/fuzz/tests/fuzz_wire -max_len=65536 /tmp/corpus tests/wire/corpus
 * otherwise with tests/fuzz/fuzz_driver.c, run by ctest as wire.fuzz.
 */
#include <stdint.h>
#include <stdlib.h>

#include "wire_cases.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"schedule", "rooms", "events",
	                                    "results",  "error", "figures"};
	char *cause = NULL;
	bool rt = false;

	if (size < 1)
		return 0;
	if (wire_case_parse(kinds[data[0] % 6], data + 1, size - 1, &rt,
	                    &cause) == 0 &&
	    !rt)
		abort();
	free(cause);
	return 0;
}

/*
 * fuzz_store.c - a fuzz target for the store's and porte-admin's parsers
 * of outside input: UTF-8 and text checks, ids, the masking of e-mails,
 * door proofs, and the times porte-admin reads (RFC 3339 and local wall
 * time in Europe/Paris). In ctest it runs with tests/fuzz/fuzz_driver.c
 * over tests/store/corpus (store.fuzz); with clang and -DPORTE_FUZZ=ON it
 * links with libFuzzer:
 *   build/fuzz/tests/fuzz_store tests/store/corpus
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "door_proof.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TEXT 600

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static tz_zone *paris;
	static const unsigned char key[DOOR_PROOF_KEY_LEN];
	char text[MAX_TEXT + 1], mask[16];
	size_t n = size < MAX_TEXT ? size : MAX_TEXT;
	long long v;
	porte_time t;

	if (paris == NULL && tz_load("Europe/Paris", &paris, NULL) != 0)
		abort();
	memcpy(text, data, n);
	text[n] = '\0';

	(void)store_utf8_valid((const char *)data, size);
	if (store_text_ok(text, STORE_TEXT_MAX, true) &&
	    !store_utf8_valid(text, strlen(text)))
		abort();
	if (store_text_ok(text, STORE_TITLE_MAX, false) &&
	    (strlen(text) > STORE_TITLE_MAX || strchr(text, '\n') != NULL))
		abort();
	if (store_slug_ok(text) &&
	    (strlen(text) > STORE_SLUG_MAX ||
	     strspn(text, "abcdefghijklmnopqrstuvwxyz"
	                  "0123456789-") != strlen(text)))
		abort();
	store_mask_email(text, mask, sizeof(mask));
	if (strlen(mask) >= sizeof(mask) ||
	    !store_utf8_valid(mask, strlen(mask)))
		abort();
	if (door_proof_check(key, 1, text, 0) && strlen(text) != 8)
		abort();
	(void)admin_parse_int(text, 0, 1000, &v);
	if (admin_time_read(paris, text, &t) == ADMIN_TIME_OK &&
	    (t < 0 || t > INT64_C(253402300799) + 86400))
		abort();
	return 0;
}

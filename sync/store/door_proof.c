/*
 * door_proof.c - the door's short-lived proof codes (see door_proof.h for
 * the algorithm, which this file follows to the letter).
 */
#include "door_proof.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#define PROOF_MAC_LEN 16

static const char proof_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
static const char proof_key_msg[] = "porte door proof key 1";

int door_proof_key(const char *token, unsigned char key[DOOR_PROOF_KEY_LEN])
{
	size_t len = strnlen(token, crypto_generichash_KEYBYTES_MAX + 1);

	if (len < crypto_generichash_KEYBYTES_MIN ||
	    len > crypto_generichash_KEYBYTES_MAX)
		return -1;
	crypto_generichash(
	        key, DOOR_PROOF_KEY_LEN, (const unsigned char *)proof_key_msg,
	        sizeof(proof_key_msg) - 1, (const unsigned char *)token, len);
	return 0;
}

static int64_t floor_minute(int64_t t)
{
	int64_t m = t / 60;

	if (t % 60 < 0)
		m--;
	return m;
}

static void proof_of_minute(const unsigned char key[DOOR_PROOF_KEY_LEN],
                            int64_t booking, int64_t minute,
                            char out[DOOR_PROOF_LEN])
{
	char msg[80];
	unsigned char mac[PROOF_MAC_LEN];
	uint64_t bits;
	int n;

	n = snprintf(msg, sizeof(msg), "porte-door-proof-1:%lld:%lld",
	             (long long)booking, (long long)minute);
	crypto_generichash(mac, sizeof(mac), (const unsigned char *)msg,
	                   (unsigned long long)n, key, DOOR_PROOF_KEY_LEN);
	bits = ((uint64_t)mac[0] << 32) | ((uint64_t)mac[1] << 24) |
	       ((uint64_t)mac[2] << 16) | ((uint64_t)mac[3] << 8) |
	       (uint64_t)mac[4];
	for (int i = 0; i < 8; i++)
		out[i] = proof_alphabet[(bits >> (35 - 5 * i)) & 31];
	out[8] = '\0';
	sodium_memzero(mac, sizeof(mac));
}

void door_proof_make(const unsigned char key[DOOR_PROOF_KEY_LEN],
                     int64_t booking, int64_t t, char out[DOOR_PROOF_LEN])
{
	proof_of_minute(key, booking, floor_minute(t), out);
}

bool door_proof_check(const unsigned char key[DOOR_PROOF_KEY_LEN],
                      int64_t booking, const char *proof, int64_t now)
{
	char given[DOOR_PROOF_LEN];
	char want[DOOR_PROOF_LEN];
	int64_t minute = floor_minute(now);
	bool ok = false;

	if (proof == NULL || strnlen(proof, DOOR_PROOF_LEN) != 8)
		return false;
	for (int i = 0; i < 8; i++) {
		char c = proof[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		given[i] = c;
	}
	given[8] = '\0';
	for (int64_t m = minute - DOOR_PROOF_BEHIND;
	     m <= minute + DOOR_PROOF_AHEAD; m++) {
		proof_of_minute(key, booking, m, want);
		if (sodium_memcmp(want, given, 8) == 0)
			ok = true;
	}
	return ok;
}

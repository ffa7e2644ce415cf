/*
 * door_proof.h - a short-lived code that shows a phone is at a room's door.
 *
 * The door display puts the code in the QR code of a booking
 * (BASE_URL/b/ID?door=PROOF); the server accepts a booker's check-in only
 * with a fresh one. The code is bound to one booking and one minute, and
 * made with a key only the door and the server hold, so it grants nothing
 * once the minute is old and nothing for another booking.
 *
 * The algorithm (version 1), so that any other program can make the same:
 *
 *   key    = BLAKE2b-256 keyed with the device's token (its bytes as text,
 *            43 base64url characters), of the 22 bytes
 *            "porte door proof key 1"
 *            = crypto_generichash(key, 32, msg, 22, token, strlen(token))
 *   minute = floor(T / 60), T in seconds since the epoch (UTC)
 *   msg    = "porte-door-proof-1:" BOOKING ":" MINUTE, the numbers in
 *            decimal without leading zeros (a '-' for negatives)
 *   mac    = BLAKE2b, 16-byte output, keyed with KEY, of MSG
 *            = crypto_generichash(mac, 16, msg, strlen(msg), key, 32)
 *   PROOF  = the first 40 bits of MAC (bytes 0..4, most significant bit
 *            first) as 8 characters of the alphabet
 *            "0123456789abcdefghjkmnpqrstvwxyz" (Crockford's base32, lower
 *            case), 5 bits each.
 *
 * A proof made at minute M is accepted from minute M - DOOR_PROOF_AHEAD to
 * M + DOOR_PROOF_BEHIND of the checker's clock: the door refreshes its QR
 * code every minute, and the booker has a few minutes to use it. Checking
 * ignores case; the comparison is in constant time.
 *
 * Only libsodium is used here (call sodium_init() first), so the kiosk can
 * link or copy these two files as they are.
 */
#ifndef PORTE_DOOR_PROOF_H
#define PORTE_DOOR_PROOF_H

#include <stdbool.h>
#include <stdint.h>

#define DOOR_PROOF_KEY_LEN 32
#define DOOR_PROOF_LEN 9    /* 8 characters and the terminator */
#define DOOR_PROOF_BEHIND 4 /* minutes a proof stays good */
#define DOOR_PROOF_AHEAD 1  /* minutes of clock skew (door ahead) */

/* Derives the door's proof key from its device TOKEN into KEY. Returns 0,
 * or -1 when TOKEN is shorter than 16 or longer than 64 bytes. */
int door_proof_key(const char *token, unsigned char key[DOOR_PROOF_KEY_LEN]);

/* Writes the proof of booking BOOKING at instant T into OUT. */
void door_proof_make(const unsigned char key[DOOR_PROOF_KEY_LEN],
                     int64_t booking, int64_t t, char out[DOOR_PROOF_LEN]);

/* True when PROOF is a proof of BOOKING made within the window around
 * NOW. */
bool door_proof_check(const unsigned char key[DOOR_PROOF_KEY_LEN],
                      int64_t booking, const char *proof, int64_t now);

#endif

/*
 * util.c - the sync client's small tools: reasons, bounded copies, UUIDs
 * from getrandom, the back-off with jitter.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "client_int.h"

/* Booking ids stay exact in every JSON reader. */
#define ID_MAX ((int64_t)1 << 53)

int client_fail(char **cause, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	free(*cause);
	*cause = strdup(buf);
	return -1;
}

void client_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	if (src == NULL)
		src = "";
	n = strnlen(src, size - 1);
	/* Do not cut a character in two. */
	if (src[n] != '\0') {
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

bool client_token_valid(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		char ch = s[n];

		if (n >= WIRE_TOKEN_MAX)
			return false;
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || strchr("._~+/=-", ch)))
			return false;
	}
	return n >= 16;
}

int client_parse_id(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == NULL || *end != '\0' || v < 1 || v > ID_MAX)
		return -1;
	*out = v;
	return 0;
}

int64_t client_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Fills BUF with LEN random bytes. Returns 0, or -1. */
static int random_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = getrandom(p + got, len - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)n;
	}
	return 0;
}

int client_uuid4(char out[WIRE_UUID_LEN])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[16];
	size_t o = 0;

	if (random_bytes(b, sizeof(b)) != 0)
		return -1;
	b[6] = (unsigned char)((b[6] & 0x0F) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3F) | 0x80); /* RFC 4122 variant */
	for (size_t i = 0; i < sizeof(b); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 0x0F];
	}
	out[o] = '\0';
	return 0;
}

/* ---- back-off ---------------------------------------------------------- */

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void backoff_init(client_backoff *b, uint64_t seed)
{
	b->failures = 0;
	if (seed == 0 && random_bytes(&seed, sizeof(seed)) != 0)
		seed = (uint64_t)client_mono_ms();
	b->rng = seed;
}

int64_t backoff_next(client_backoff *b)
{
	int64_t base = CLIENT_BACKOFF_FIRST_MS;
	int64_t half;

	for (unsigned i = 0; i < b->failures && base < CLIENT_BACKOFF_MAX_MS;
	     i++)
		base *= 2;
	if (base > CLIENT_BACKOFF_MAX_MS)
		base = CLIENT_BACKOFF_MAX_MS;
	if (b->failures < 64)
		b->failures++;
	half = base / 2;
	return half + (int64_t)(splitmix64(&b->rng) % (uint64_t)(half + 1));
}

void backoff_reset(client_backoff *b)
{
	b->failures = 0;
}

/*
 * http_util.c - small things the other files share: reasons, the clock,
 * per-request allocations and percent-decoding.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../wire/wire.h"
#include "http_int.h"

#define CAUSE_MAX 512

int http_fail(char **cause, const char *fmt, ...)
{
	char buf[CAUSE_MAX];
	va_list ap;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(*cause);
	*cause = strdup(buf);
	return -1;
}

uint64_t http_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t http_now_ms(void)
{
	return http_now_ns() / 1000000u;
}

void *http_alloc(http_request *req, size_t size)
{
	http_block *b;

	if (size > SIZE_MAX / 2)
		return NULL;
	b = calloc(1, sizeof *b + size + 1);
	if (b == NULL)
		return NULL;
	b->next = req->blocks;
	req->blocks = b;
	return b + 1;
}

char *http_alloc_copy(http_request *req, const char *s, size_t len)
{
	char *text = http_alloc(req, len);

	if (text != NULL && len > 0)
		memcpy(text, s, len);
	return text;
}

void http_free_blocks(http_request *req)
{
	while (req->blocks != NULL) {
		http_block *b = req->blocks;

		req->blocks = b->next;
		free(b);
	}
}

static int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True when the decoded text T (LEN bytes) holds no control character but
 * those in ALLOW. UTF-8 is checked apart. */
static bool controls_ok(const unsigned char *t, size_t len, const char *allow)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = t[i];

		if (c == 0)
			return false;
		if ((c < 0x20 || c == 0x7f) && strchr(allow, c) == NULL)
			return false;
		/* C1 controls: U+0080..U+009F are C2 80..C2 9F. */
		if (c == 0xc2 && i + 1 < len && t[i + 1] >= 0x80 &&
		    t[i + 1] <= 0x9f)
			return false;
	}
	return true;
}

char *http_decode(http_request *req, const char *s, size_t len, bool plus,
                  const char *allow)
{
	char *out = http_alloc(req, len);
	size_t o = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int hi, lo;

		if (c == '%') {
			if (i + 2 >= len)
				return NULL;
			hi = hex_value((unsigned char)s[i + 1]);
			lo = hex_value((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && plus) {
			out[o++] = ' ';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	if (!wire_utf8_valid(out, o) ||
	    !controls_ok((const unsigned char *)out, o, allow))
		return NULL;
	return out;
}

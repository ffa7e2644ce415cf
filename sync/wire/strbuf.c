/*
 * strbuf.c - a growable string buffer with a maximum size.
 */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRBUF_MIN_ALLOC 64

void strbuf_init(strbuf *b, size_t max)
{
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
	b->failed = false;
}

void strbuf_free(strbuf *b)
{
	free(b->buf);
	strbuf_init(b, b->max);
}

void strbuf_reset(strbuf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->buf != NULL)
		b->buf[0] = '\0';
}

static int strbuf_fail(strbuf *b)
{
	free(b->buf);
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	b->failed = true;
	return -1;
}

/* Makes room for NEED bytes of text plus the terminator. */
static int strbuf_grow(strbuf *b, size_t need)
{
	size_t size;
	char *p;

	if (need > b->max)
		return strbuf_fail(b);
	if (need < b->alloc)
		return 0;
	size = b->alloc ? b->alloc : STRBUF_MIN_ALLOC;
	while (size <= need) {
		if (size > ((size_t)-1) / 2) {
			size = need + 1;
			break;
		}
		size *= 2;
	}
	if (size > b->max + 1)
		size = b->max + 1;
	p = realloc(b->buf, size);
	if (p == NULL)
		return strbuf_fail(b);
	b->buf = p;
	b->alloc = size;
	return 0;
}

int strbuf_add(strbuf *b, const void *mem, size_t len)
{
	if (b->failed)
		return -1;
	if (len > b->max - b->len)
		return strbuf_fail(b);
	if (strbuf_grow(b, b->len + len) != 0)
		return -1;
	if (len > 0)
		memcpy(b->buf + b->len, mem, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return 0;
}

int strbuf_adds(strbuf *b, const char *s)
{
	return strbuf_add(b, s, strlen(s));
}

int strbuf_addc(strbuf *b, char c)
{
	return strbuf_add(b, &c, 1);
}

int strbuf_vaddf(strbuf *b, const char *fmt, va_list ap)
{
	va_list copy;
	char small[256];
	int n;

	if (b->failed)
		return -1;
	va_copy(copy, ap);
	n = vsnprintf(small, sizeof small, fmt, copy);
	va_end(copy);
	if (n < 0)
		return strbuf_fail(b);
	if ((size_t)n < sizeof small)
		return strbuf_add(b, small, (size_t)n);
	if ((size_t)n > b->max - b->len)
		return strbuf_fail(b);
	if (strbuf_grow(b, b->len + (size_t)n) != 0)
		return -1;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int strbuf_addf(strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = strbuf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *strbuf_str(const strbuf *b)
{
	return b->buf != NULL ? b->buf : "";
}

size_t strbuf_len(const strbuf *b)
{
	return b->len;
}

bool strbuf_failed(const strbuf *b)
{
	return b->failed;
}

char *strbuf_steal(strbuf *b, size_t *len)
{
	char *text;

	if (b->failed)
		return NULL;
	text = b->buf;
	if (text == NULL)
		text = calloc(1, 1);
	if (text != NULL && len != NULL)
		*len = b->len;
	b->buf = NULL;
	b->len = 0;
	b->alloc = 0;
	return text;
}

/*
 * strbuf.h - a growable string buffer with a maximum size.
 *
 * Like curl's dynbuf: the buffer grows as text is added, up to MAX bytes
 * (terminator excluded). Adding past MAX ("too big") or running out of
 * memory fails, frees the text and leaves the buffer failed: every later
 * add fails too, so a page can be built with many adds and checked once at
 * the end with strbuf_failed(). The text is always NUL-terminated.
 *
 *	strbuf b;
 *	strbuf_init(&b, 64 * 1024);
 *	strbuf_adds(&b, "<p>");
 *	http_html_escape(&b, title);
 *	strbuf_adds(&b, "</p>");
 *	if (strbuf_failed(&b)) ...
 *	strbuf_free(&b);
 *
 * The struct is public so that it can live on the stack; its fields are
 * private.
 */
#ifndef PORTE_STRBUF_H
#define PORTE_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct strbuf {
	char *buf;    /* NULL until the first add */
	size_t len;   /* bytes of text, terminator excluded */
	size_t alloc; /* bytes allocated */
	size_t max;   /* most bytes of text allowed */
	bool failed;  /* too big or out of memory: sticky */
} strbuf;

/* Makes B empty, with room for at most MAX bytes of text. Allocates
 * nothing. */
void strbuf_init(strbuf *b, size_t max);

/* Frees B's text; B is then empty again (not failed), still usable. */
void strbuf_free(strbuf *b);

/* Empties B, keeping its allocation, and clears the failed state. */
void strbuf_reset(strbuf *b);

/*
 * Appends LEN bytes of MEM (which may hold NULs). Returns 0, or -1 when the
 * text would pass the maximum or memory runs out: the text is then freed
 * and B stays failed until strbuf_reset or strbuf_free.
 */
int strbuf_add(strbuf *b, const void *mem, size_t len);

/* Appends the C string S. As strbuf_add. */
int strbuf_adds(strbuf *b, const char *s);

/* Appends one byte. As strbuf_add. */
int strbuf_addc(strbuf *b, char c);

/* Appends printf-style text. As strbuf_add. */
int strbuf_addf(strbuf *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Appends vprintf-style text. As strbuf_add. */
int strbuf_vaddf(strbuf *b, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));

/* The text (borrowed, valid until the next change of B); "" when empty or
 * failed. */
const char *strbuf_str(const strbuf *b);

/* Bytes of text. */
size_t strbuf_len(const strbuf *b);

/* True once an add has failed. */
bool strbuf_failed(const strbuf *b);

/*
 * Hands the text over: returns it (malloc'd, the caller frees) and leaves B
 * empty. Returns NULL when B failed; an empty B gives a malloc'd "" (NULL
 * if out of memory). *LEN, when LEN is not NULL, receives its length.
 */
char *strbuf_steal(strbuf *b, size_t *len);

#endif

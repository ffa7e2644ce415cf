/*
 * mail.c - format and send one e-mail (see mail.h).
 */
#include "mail.h"

#include <curl/curl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "policy.h"

#define MAIL_MAX_MESSAGE (4 * MAIL_MAX_BODY)

/* A growable buffer with a hard maximum. */
typedef struct mbuf {
	char *data;
	size_t len;
	size_t cap;
	bool toobig;
} mbuf;

static void mbuf_add(mbuf *b, const char *s, size_t n)
{
	if (b->toobig)
		return;
	if (b->len + n + 1 > MAIL_MAX_MESSAGE) {
		b->toobig = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->data, cap);
		if (!p) {
			b->toobig = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void mbuf_str(mbuf *b, const char *s)
{
	mbuf_add(b, s, strlen(s));
}

static void set_cause(char **cause, const char *fmt, ...)
{
	if (!cause)
		return;
	va_list ap;
	char buf[256];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	*cause = strdup(buf);
}

/* Length of the UTF-8 sequence starting at S (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	unsigned int cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	while (left > 0) {
		size_t n = utf8_seq(p, left);
		if (n == 0)
			return false;
		p += n;
		left -= n;
	}
	return true;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static bool has_line_break(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

static void base64_add(mbuf *b, const unsigned char *in, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                          "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4];

	for (size_t i = 0; i < n; i += 3) {
		unsigned int v = (unsigned int)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned int)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[0] = tab[(v >> 18) & 63];
		out[1] = tab[(v >> 12) & 63];
		out[2] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? tab[v & 63] : '=';
		mbuf_add(b, out, 4);
	}
}

/*
 * Adds TEXT as a header value: as is when ASCII, else as RFC 2047 encoded
 * words of at most 45 bytes of UTF-8 each (never splitting a character),
 * folded onto continuation lines.
 */
static void header_words(mbuf *b, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t left = strlen(text);
	bool first = true;

	if (is_ascii(text)) {
		mbuf_str(b, text);
		return;
	}
	while (left > 0) {
		size_t chunk = 0;
		while (chunk < left) {
			size_t n = utf8_seq(p + chunk, left - chunk);
			if (n == 0 || chunk + n > 45)
				break;
			chunk += n;
		}
		if (chunk == 0)
			break;
		if (!first)
			mbuf_str(b, "\r\n ");
		mbuf_str(b, "=?UTF-8?B?");
		base64_add(b, p, chunk);
		mbuf_str(b, "?=");
		p += chunk;
		left -= chunk;
		first = false;
	}
}

/* Adds BODY in quoted-printable with CRLF line ends and soft breaks. */
static void body_qp(mbuf *b, const char *body)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (const unsigned char *p = (const unsigned char *)body; *p; p++) {
		char enc[3];
		size_t n;
		bool at_eol = p[1] == '\n' || p[1] == '\0';

		if (*p == '\n') {
			mbuf_str(b, "\r\n");
			col = 0;
			continue;
		}
		if (*p == '\r')
			continue;
		if ((*p >= 33 && *p <= 126 && *p != '=') ||
		    ((*p == ' ' || *p == '\t') && !at_eol)) {
			enc[0] = (char)*p;
			n = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			n = 3;
		}
		if (col + n > 75) {
			mbuf_str(b, "=\r\n");
			col = 0;
		}
		mbuf_add(b, enc, n);
		col += n;
	}
	if (col > 0)
		mbuf_str(b, "\r\n");
}

static void date_header(mbuf *b, porte_time now)
{
	static const char *const days[] = {"Mon", "Tue", "Wed", "Thu",
	                                   "Fri", "Sat", "Sun"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
	                                     "May", "Jun", "Jul", "Aug",
	                                     "Sep", "Oct", "Nov", "Dec"};
	cal_datetime dt = cal_utc_from_time(now);
	cal_date d = {dt.year, dt.month, dt.day};
	char line[80];

	snprintf(line, sizeof line,
	         "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	         days[cal_weekday(d)], dt.day, months[dt.month - 1], dt.year,
	         dt.hour, dt.minute, dt.second);
	mbuf_str(b, line);
}

static void message_id_header(mbuf *b, const char *from)
{
	unsigned char rnd[12];
	char line[128];
	char hexid[sizeof rnd * 2 + 1];
	const char *domain = strrchr(from, '@');

	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
		memset(rnd, 0, sizeof rnd);
	for (size_t i = 0; i < sizeof rnd; i++)
		snprintf(hexid + 2 * i, 3, "%02x", rnd[i]);
	snprintf(line, sizeof line, "Message-ID: <%s@%s>\r\n", hexid,
	         domain ? domain + 1 : "porte.invalid");
	mbuf_str(b, line);
}

static int check_message(const mail_message *m, char **cause)
{
	if (!m->from || !policy_email_valid(m->from)) {
		set_cause(cause, "the sender address is not valid");
		return -1;
	}
	if (!m->to || !policy_email_valid(m->to)) {
		set_cause(cause, "the recipient address is not valid");
		return -1;
	}
	if (!m->subject || !m->body) {
		set_cause(cause, "a mail needs a subject and a body");
		return -1;
	}
	if (has_line_break(m->subject) ||
	    (m->from_name && has_line_break(m->from_name))) {
		set_cause(cause, "a header may not contain a line break");
		return -1;
	}
	if (strlen(m->subject) > MAIL_MAX_SUBJECT ||
	    strlen(m->body) > MAIL_MAX_BODY ||
	    (m->from_name && strlen(m->from_name) > MAIL_MAX_SUBJECT)) {
		set_cause(cause, "the mail is too large");
		return -1;
	}
	if (!utf8_valid(m->subject) || !utf8_valid(m->body) ||
	    (m->from_name && !utf8_valid(m->from_name))) {
		set_cause(cause, "the mail is not valid UTF-8");
		return -1;
	}
	return 0;
}

int mail_format(const mail_message *m, porte_time now, char **out, size_t *len,
                char **cause)
{
	mbuf b = {0};

	if (check_message(m, cause) != 0)
		return -1;
	mbuf_str(&b, "From: ");
	if (m->from_name && *m->from_name) {
		header_words(&b, m->from_name);
		mbuf_str(&b, " ");
	}
	mbuf_str(&b, "<");
	mbuf_str(&b, m->from);
	mbuf_str(&b, ">\r\nTo: <");
	mbuf_str(&b, m->to);
	mbuf_str(&b, ">\r\nSubject: ");
	header_words(&b, m->subject);
	mbuf_str(&b, "\r\n");
	date_header(&b, now);
	message_id_header(&b, m->from);
	mbuf_str(&b, "MIME-Version: 1.0\r\n"
	             "Content-Type: text/plain; charset=UTF-8\r\n"
	             "Content-Transfer-Encoding: quoted-printable\r\n"
	             "Auto-Submitted: auto-generated\r\n\r\n");
	body_qp(&b, m->body);
	if (b.toobig) {
		free(b.data);
		set_cause(cause, "the mail is too large");
		return -1;
	}
	*out = b.data;
	*len = b.len;
	return 0;
}

typedef struct upload {
	const char *data;
	size_t left;
} upload;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	upload *u = arg;
	size_t n = size * nmemb;

	if (n > u->left)
		n = u->left;
	memcpy(dst, u->data, n);
	u->data += n;
	u->left -= n;
	return n;
}

int mail_send(const char *url, const mail_message *m, porte_time now,
              long timeout_ms, char **cause)
{
	char *msg = NULL;
	size_t len = 0;
	char from[300];
	char to[300];
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	CURL *c = NULL;
	CURLcode rc;
	int ret = -1;

	if (mail_format(m, now, &msg, &len, cause) != 0)
		return -1;
	snprintf(from, sizeof from, "<%s>", m->from);
	snprintf(to, sizeof to, "<%s>", m->to);
	c = curl_easy_init();
	rcpt = curl_slist_append(NULL, to);
	if (!c || !rcpt) {
		set_cause(cause, "out of memory");
		goto out;
	}
	upload u = {msg, len};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		set_cause(cause, "mail to %s not sent: %s", m->to,
		          errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto out;
	}
	ret = 0;
out:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	free(msg);
	return ret;
}

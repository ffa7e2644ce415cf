/*
 * net.c - libcurl as the sync client uses it: one way to set a transfer
 * up (no signals, TLS verified, http(s) only, bounded replies, timeouts),
 * the ETag header, the API's error shape.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_int.h"

#define CONNECT_TIMEOUT_S 10
#define USER_AGENT "porte-kiosk/0.1"

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	client_reply *r = arg;

	if (strbuf_add(&r->body, data, size * n) != 0)
		return 0; /* too big: the transfer fails */
	return size * n;
}

/* Reads "Retry-After: 120" (seconds) into R->retry_after. */
static void retry_after(client_reply *r, const char *data, size_t len)
{
	static const char name[] = "retry-after:";
	size_t i = sizeof(name) - 1;
	long v = 0;

	if (len < i || strncasecmp(data, name, i) != 0)
		return;
	while (i < len && (data[i] == ' ' || data[i] == '\t'))
		i++;
	for (; i < len && data[i] >= '0' && data[i] <= '9'; i++) {
		if (v > 86400L * 366)
			return;
		v = v * 10 + (data[i] - '0');
	}
	r->retry_after = v;
}

/* Reads "ETag: W/"abc"" into R->etag. */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	static const char name[] = "etag:";
	client_reply *r = arg;
	size_t len = size * n, i = sizeof(name) - 1, j;

	retry_after(r, data, len);
	if (len < i || strncasecmp(data, name, i) != 0)
		return len;
	while (i < len && (data[i] == ' ' || data[i] == '\t'))
		i++;
	if (len - i >= 2 && data[i] == 'W' && data[i + 1] == '/')
		i += 2;
	j = len;
	while (j > i && isspace((unsigned char)data[j - 1]))
		j--;
	r->etag[0] = '\0';
	r->etag_bad = true;
	if (j - i >= 3 && data[i] == '"' && data[j - 1] == '"' &&
	    j - i - 2 <= WIRE_ETAG_MAX) {
		memcpy(r->etag, data + i + 1, j - i - 2);
		r->etag[j - i - 2] = '\0';
		r->etag_bad = !wire_etag_valid(r->etag);
		if (r->etag_bad)
			r->etag[0] = '\0';
	}
	return len;
}

/* Appends header NAME VALUE ("Accept:", "application/json") to LIST. */
static int add_header(struct curl_slist **list, const char *name,
                      const char *value)
{
	char line[WIRE_TOKEN_MAX + 64];
	struct curl_slist *l;

	/* "Name:" alone removes a header curl would add. */
	snprintf(line, sizeof(line), "%s%s%s", name, value[0] ? " " : "",
	         value);
	l = curl_slist_append(*list, line);
	if (l == NULL)
		return -1;
	*list = l;
	return 0;
}

int client_easy_setup(CURL *easy, const char *url, const char *ca_file,
                      long timeout_s, const char *token, const char *etag,
                      const char *post, client_reply *r)
{
	CURLcode rc = CURLE_OK;

	strbuf_init(&r->body, WIRE_REPLY_MAX);
	r->etag[0] = '\0';
	r->etag_bad = false;
	r->retry_after = 0;
	r->errbuf[0] = '\0';
	if (add_header(&r->headers, "Accept:", "application/json") != 0)
		return -1;
	if (token != NULL &&
	    add_header(&r->headers, "Authorization: Bearer", token) != 0)
		return -1;
	if (etag != NULL && etag[0] != '\0') {
		char quoted[WIRE_ETAG_MAX + 3];

		snprintf(quoted, sizeof(quoted), "\"%s\"", etag);
		if (add_header(&r->headers, "If-None-Match:", quoted) != 0)
			return -1;
	}
	if (post != NULL) {
		/* No "Expect: 100-continue" round trip. */
		if (add_header(&r->headers,
		               "Content-Type:", "application/json") != 0 ||
		    add_header(&r->headers, "Expect:", "") != 0)
			return -1;
		r->post = strdup(post);
		if (r->post == NULL)
			return -1;
	}
	rc |= curl_easy_setopt(easy, CURLOPT_URL, url);
	rc |= curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	rc |= curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	rc |= curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	rc |= curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
	rc |= curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (ca_file != NULL)
		rc |= curl_easy_setopt(easy, CURLOPT_CAINFO, ca_file);
	rc |= curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT,
	                       (long)CONNECT_TIMEOUT_S);
	rc |= curl_easy_setopt(easy, CURLOPT_TIMEOUT, timeout_s);
	rc |= curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
	rc |= curl_easy_setopt(easy, CURLOPT_USERAGENT, USER_AGENT);
	rc |= curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
	rc |= curl_easy_setopt(easy, CURLOPT_HTTPHEADER, r->headers);
	rc |= curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
	rc |= curl_easy_setopt(easy, CURLOPT_WRITEDATA, r);
	rc |= curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
	rc |= curl_easy_setopt(easy, CURLOPT_HEADERDATA, r);
	rc |= curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, r->errbuf);
	rc |= curl_easy_setopt(easy, CURLOPT_MAXFILESIZE_LARGE,
	                       (curl_off_t)WIRE_REPLY_MAX);
	if (post != NULL) {
		rc |= curl_easy_setopt(easy, CURLOPT_POSTFIELDS, r->post);
		rc |= curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
		                       (curl_off_t)strlen(r->post));
	} else {
		rc |= curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
	}
	return rc == CURLE_OK ? 0 : -1;
}

void client_reply_free(client_reply *r)
{
	strbuf_free(&r->body);
	curl_slist_free_all(r->headers);
	r->headers = NULL;
	free(r->post);
	r->post = NULL;
}

void client_error_text(long http, const char *body, size_t len, char *out,
                       size_t size)
{
	char code[WIRE_CODE_MAX + 1], message[WIRE_MESSAGE_MAX + 1];
	json_t *j = wire_load(body, len, WIRE_BODY_MAX, NULL);

	if (j != NULL && wire_error_parse(j, code, message, NULL) == 0)
		snprintf(out, size, "HTTP %ld %s: %s", http, code, message);
	else
		snprintf(out, size, "HTTP %ld", http);
	json_decref(j);
}

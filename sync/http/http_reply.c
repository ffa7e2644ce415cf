/*
 * http_reply.c - replies: JSON, the error shape, HTML, text, redirects,
 * 304; extra headers and entity tags; HTML escaping.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../wire/wire.h"
#include "http_int.h"

#define HEADER_VALUE_MAX 4096
#define ERROR_PAGE_MAX 8192

static const char default_csp[] =
        "default-src 'self'; img-src 'self' data:; style-src 'self' "
        "'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'";

static bool header_name_ok(const char *s)
{
	if (s == NULL || s[0] == '\0' || strlen(s) > 64)
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!isalnum(c) && c != '-' && c != '_')
			return false;
	}
	return true;
}

static bool header_value_ok(const char *s)
{
	if (s == NULL || strlen(s) > HEADER_VALUE_MAX)
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return false;
	}
	return true;
}

int http_set_header(http_request *req, const char *name, const char *value)
{
	char *n, *v;

	if (!header_name_ok(name) || !header_value_ok(value))
		return -1;
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->hname[i], name) == 0 &&
		    strcasecmp(name, "Set-Cookie") != 0) {
			v = strdup(value);
			if (v == NULL)
				return -1;
			free(req->hvalue[i]);
			req->hvalue[i] = v;
			return 0;
		}
	}
	if (req->nheaders == HTTP_MAX_HEADERS)
		return -1;
	n = strdup(name);
	v = strdup(value);
	if (n == NULL || v == NULL) {
		free(n);
		free(v);
		return -1;
	}
	req->hname[req->nheaders] = n;
	req->hvalue[req->nheaders] = v;
	req->nheaders++;
	return 0;
}

/* RFC 6265 cookie-octet, and token characters for the name. */
static bool cookie_text_ok(const char *s, bool name)
{
	if (s == NULL || (name && s[0] == '\0') || strlen(s) > 1024)
		return false;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' ||
		    c == ';' || c == '\\')
			return false;
		if (name &&
		    (c == '=' || c == '(' || c == ')' || c == '/' || c == '<' ||
		     c == '>' || c == '@' || c == ':' || c == '?' || c == '[' ||
		     c == ']' || c == '{' || c == '}'))
			return false;
	}
	return true;
}

int http_set_cookie(http_request *req, const char *name, const char *value,
                    long max_age)
{
	char buf[2200];

	if (!cookie_text_ok(name, true) || !cookie_text_ok(value, false) ||
	    max_age < 0)
		return -1;
	snprintf(buf, sizeof buf,
	         "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Strict%s",
	         name, value, max_age,
	         req->srv->cfg.secure_cookies ? "; Secure" : "");
	return http_set_header(req, "Set-Cookie", buf);
}

int http_set_etag(http_request *req, const char *etag)
{
	char quoted[WIRE_ETAG_MAX + 3];

	if (!wire_etag_valid(etag))
		return -1;
	snprintf(quoted, sizeof quoted, "\"%s\"", etag);
	return http_set_header(req, MHD_HTTP_HEADER_ETAG, quoted);
}

bool http_etag_matches(const http_request *req, const char *etag)
{
	const char *h = http_header(req, MHD_HTTP_HEADER_IF_NONE_MATCH);
	size_t n;

	if (h == NULL || etag == NULL)
		return false;
	n = strlen(etag);
	for (;;) {
		const char *close;

		while (*h == ' ' || *h == '\t' || *h == ',')
			h++;
		if (*h == '\0')
			return false;
		if (*h == '*')
			return true;
		if (strncmp(h, "W/", 2) == 0)
			h += 2;
		if (*h != '"')
			return false;
		close = strchr(h + 1, '"');
		if (close == NULL)
			return false;
		if ((size_t)(close - h - 1) == n && memcmp(h + 1, etag, n) == 0)
			return true;
		h = close + 1;
	}
}

bool http_replied(const http_request *req)
{
	return req->replied;
}

static bool has_header(const http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++) {
		if (strcasecmp(req->hname[i], name) == 0)
			return true;
	}
	return false;
}

static void add_default(const http_request *req, struct MHD_Response *r,
                        const char *name, const char *value)
{
	if (!has_header(req, name))
		MHD_add_response_header(r, name, value);
}

/* Queues STATUS with the response body BODY (LEN bytes, handled as MODE
 * says) and the headers. Returns 0, or -1 (BODY freed when MODE says
 * MUST_FREE). */
static int queue(http_request *req, unsigned status, const char *ctype,
                 void *body, size_t len, enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r;
	bool html = ctype != NULL && strncmp(ctype, "text/html", 9) == 0;

	if (req->replied) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return -1;
	}
	r = MHD_create_response_from_buffer(len, body, mode);
	if (r == NULL) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return -1;
	}
	if (ctype != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	for (size_t i = 0; i < req->nheaders; i++)
		MHD_add_response_header(r, req->hname[i], req->hvalue[i]);
	add_default(req, r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	add_default(req, r, "X-Content-Type-Options", "nosniff");
	if (html) {
		add_default(req, r, "Content-Security-Policy", default_csp);
		add_default(req, r, "Referrer-Policy", "no-referrer");
	}
	if (MHD_queue_response(req->conn, status, r) != MHD_YES) {
		MHD_destroy_response(r);
		return -1;
	}
	MHD_destroy_response(r);
	req->replied = true;
	req->status = status;
	return 0;
}

int http_reply_json(http_request *req, unsigned status, json_t *j)
{
	char *text;

	if (j == NULL)
		return -1;
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return -1;
	return queue(req, status, "application/json", text, strlen(text),
	             MHD_RESPMEM_MUST_FREE);
}

int http_reply_data(http_request *req, unsigned status,
                    const char *content_type, const void *body, size_t len)
{
	return queue(req, status, content_type, (void *)body, len,
	             MHD_RESPMEM_MUST_COPY);
}

int http_reply_text(http_request *req, unsigned status,
                    const char *content_type, const char *body)
{
	return http_reply_data(req, status, content_type, body, strlen(body));
}

int http_reply_html(http_request *req, unsigned status, const char *html)
{
	return http_reply_data(req, status, "text/html; charset=utf-8", html,
	                       strlen(html));
}

int http_reply_redirect(http_request *req, const char *location)
{
	if (http_set_header(req, MHD_HTTP_HEADER_LOCATION, location) != 0)
		return -1;
	return http_reply_data(req, 303, NULL, "", 0);
}

int http_reply_not_modified(http_request *req)
{
	return http_reply_data(req, 304, NULL, "", 0);
}

static const char *status_title(unsigned status)
{
	const char *s = MHD_get_reason_phrase_for(status);

	return s != NULL && s[0] != '\0' ? s : "Error";
}

int http_reply_error(http_request *req, unsigned status, const char *code,
                     const char *message)
{
	strbuf page;
	char *text;
	size_t len = 0;

	if (strncmp(req->path, "/api/", 5) == 0)
		return http_reply_json(req, status,
		                       wire_error_json(code, message));
	strbuf_init(&page, ERROR_PAGE_MAX);
	strbuf_addf(&page,
	            "<!doctype html>\n<html lang=\"%s\"><head>"
	            "<meta charset=\"utf-8\"><title>%u %s</title></head>\n"
	            "<body><h1>%u %s</h1>\n<p>",
	            http_lang(req), status, status_title(status), status,
	            status_title(status));
	http_html_escape(&page, message);
	strbuf_adds(&page, "</p></body></html>\n");
	text = strbuf_steal(&page, &len);
	if (text == NULL)
		return -1;
	return queue(req, status, "text/html; charset=utf-8", text, len,
	             MHD_RESPMEM_MUST_FREE);
}

int http_html_escape(strbuf *out, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			continue;
		}
		strbuf_add(out, run, (size_t)(s - run));
		strbuf_adds(out, rep);
		run = s + 1;
	}
	strbuf_add(out, run, (size_t)(s - run));
	return strbuf_failed(out) ? -1 : 0;
}

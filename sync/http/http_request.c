/*
 * http_request.c - what a handler reads of a request: params, query,
 * headers, bearer token, language, caller, body as JSON or as a form.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../wire/wire.h"
#include "http_int.h"

const char *http_method(const http_request *req)
{
	return req->method;
}

const char *http_path(const http_request *req)
{
	return req->path;
}

const char *http_route_pattern(const http_request *req)
{
	return req->route ? req->route->route->pattern : NULL;
}

http_server *http_request_server(const http_request *req)
{
	return req->srv;
}

const char *http_param(const http_request *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++) {
		if (strcmp(req->param_name[i], name) == 0)
			return req->param_value[i];
	}
	return NULL;
}

/*
 * Splits S (LEN bytes, "a=1&b=2") into at most HTTP_MAX_FIELDS decoded
 * fields. A value that does not decode is kept as NULL (a name that does
 * not: the field is dropped) and the request's query marked bad, unless
 * STRICT (a form), when the whole parse fails. Returns 0, or -1.
 */
static int parse_fields(http_request *req, const char *s, size_t len,
                        bool strict, const char *allow, http_field **out,
                        size_t *n)
{
	http_field *f = NULL;
	size_t count = 0;
	size_t i = 0;

	*out = NULL;
	*n = 0;
	while (i < len) {
		const char *part = s + i;
		const char *amp = memchr(part, '&', len - i);
		size_t plen = amp ? (size_t)(amp - part) : len - i;
		const char *eq = memchr(part, '=', plen);
		size_t nlen = eq ? (size_t)(eq - part) : plen;
		char *name, *value;

		i += plen + 1;
		if (plen == 0)
			continue;
		if (count == HTTP_MAX_FIELDS) {
			if (strict)
				return -1;
			break;
		}
		if (f == NULL) {
			f = http_alloc(req, HTTP_MAX_FIELDS * sizeof *f);
			if (f == NULL)
				return -1;
		}
		name = http_decode(req, part, nlen, true, "");
		value = eq ? http_decode(req, eq + 1, plen - nlen - 1, true,
		                         allow)
		           : http_alloc(req, 0);
		if (name == NULL || value == NULL) {
			if (strict)
				return -1;
			req->query_bad = true;
			if (name == NULL)
				continue;
		}
		f[count].name = name;
		f[count].value = value;
		count++;
	}
	*out = f;
	*n = count;
	return 0;
}

static const char *field_find(const http_field *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(f[i].name, name) == 0)
			return f[i].value;
	}
	return NULL;
}

/* Decodes the query once. */
static void query_parse(http_request *req)
{
	if (req->query_parsed)
		return;
	req->query_parsed = true;
	if (req->query != NULL &&
	    parse_fields(req, req->query, strlen(req->query), false, "",
	                 &req->queryv, &req->nquery) != 0) {
		req->nquery = 0;
		req->query_bad = true;
	}
}

const char *http_query(http_request *req, const char *name)
{
	query_parse(req);
	return field_find(req->queryv, req->nquery, name);
}

bool http_query_bad(http_request *req)
{
	query_parse(req);
	return req->query_bad;
}

const char *http_header(const http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static bool token68_char(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
	       c == '+' || c == '/';
}

const char *http_bearer(http_request *req)
{
	const char *h = http_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *tok, *end;
	size_t n;

	if (h == NULL)
		return NULL;
	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
		return NULL;
	tok = h + 6;
	while (*tok == ' ' || *tok == '\t')
		tok++;
	end = tok;
	while (token68_char((unsigned char)*end))
		end++;
	while (*end == '=')
		end++;
	n = (size_t)(end - tok);
	while (*end == ' ' || *end == '\t')
		end++;
	if (n == 0 || n > HTTP_BEARER_MAX || *end != '\0')
		return NULL;
	if (tok[n] == '\0')
		return tok;
	return http_alloc_copy(req, tok, n);
}

const char *http_client(const http_request *req)
{
	return req->client;
}

/* The q-value at *P (after "q="), 0..1000 in thousandths; -1 if bad. */
static int parse_q(const char *p, size_t n)
{
	int q = 0, scale = 1000;
	size_t i = 0;

	if (n == 0 || (p[0] != '0' && p[0] != '1'))
		return -1;
	q = (p[0] - '0') * 1000;
	i = 1;
	if (i < n && p[i] == '.') {
		for (i++; i < n && scale > 1; i++) {
			if (!isdigit((unsigned char)p[i]))
				return -1;
			scale /= 10;
			q += (p[i] - '0') * scale;
		}
	}
	if (i != n || q > 1000)
		return -1;
	return q;
}

const char *http_lang(const http_request *req)
{
	static const char *const langs[] = {"fr", "en"};
	const char *h = http_header(req, MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
	const char *best = NULL;
	int best_q = 0;

	if (h == NULL || strlen(h) > 1024)
		return req->srv->lang;
	while (*h != '\0') {
		const char *comma = strchr(h, ',');
		size_t n = comma ? (size_t)(comma - h) : strlen(h);
		const char *semi = memchr(h, ';', n);
		size_t tlen = semi ? (size_t)(semi - h) : n;
		const char *pick = NULL;
		int q = 1000;

		while (tlen > 0 && (*h == ' ' || *h == '\t')) {
			h++;
			n--;
			tlen--;
		}
		while (tlen > 0 && (h[tlen - 1] == ' ' || h[tlen - 1] == '\t'))
			tlen--;
		if (semi != NULL) {
			const char *qp = semi + 1;
			size_t qn = n - (size_t)(qp - h);

			while (qn > 0 && *qp == ' ') {
				qp++;
				qn--;
			}
			while (qn > 0 && qp[qn - 1] == ' ')
				qn--;
			q = (qn > 2 && strncasecmp(qp, "q=", 2) == 0)
			            ? parse_q(qp + 2, qn - 2)
			            : -1;
		}
		for (size_t i = 0; i < 2 && q > 0; i++) {
			if (strncasecmp(h, langs[i], 2) == 0 &&
			    (tlen == 2 || (tlen > 2 && h[2] == '-')))
				pick = langs[i];
		}
		if (pick == NULL && tlen == 1 && h[0] == '*' && q > 0)
			pick = req->srv->lang;
		if (pick != NULL && q > best_q) {
			best = pick;
			best_q = q;
		}
		if (comma == NULL)
			break;
		h = comma + 1;
	}
	return best ? best : req->srv->lang;
}

unsigned http_roles(http_request *req)
{
	if (!req->roles_known) {
		req->roles_known = true;
		req->roles =
		        req->srv->cfg.auth
		                ? req->srv->cfg.auth(req, req->srv->cfg.app)
		                : 0;
	}
	return req->roles;
}

void http_set_principal(http_request *req, void *principal,
                        void (*free_fn)(void *))
{
	if (req->principal != NULL && req->principal_free != NULL)
		req->principal_free(req->principal);
	req->principal = principal;
	req->principal_free = free_fn;
}

void *http_principal(http_request *req)
{
	http_roles(req);
	return req->principal;
}

const char *http_cookie(const http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_body(const http_request *req, size_t *len)
{
	if (len != NULL)
		*len = req->body_len;
	return req->body != NULL ? req->body : "";
}

int http_body_json(http_request *req, json_t **out)
{
	char *cause = NULL;
	json_t *j;
	int rc = -1;

	*out = NULL;
	if (req->body_len == 0) {
		http_reply_error(req, 400, "bad_request",
		                 "a JSON object is required as the body");
		return -1;
	}
	j = wire_load(req->body, req->body_len, HTTP_BODY_MAX, &cause);
	if (j == NULL) {
		http_reply_error(req, 400, "bad_request",
		                 cause ? cause : "malformed JSON");
		goto out;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		http_reply_error(req, 400, "bad_request",
		                 "the body must be a JSON object");
		goto out;
	}
	*out = j;
	rc = 0;
out:
	free(cause);
	return rc;
}

static bool is_form(const http_request *req)
{
	static const char form[] = "application/x-www-form-urlencoded";
	const char *ct = http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = sizeof form - 1;

	if (ct == NULL || strncasecmp(ct, form, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

const char *http_form(http_request *req, const char *name)
{
	if (!req->form_parsed) {
		req->form_parsed = true;
		req->form_bad = !is_form(req) ||
		                parse_fields(req, http_body(req, NULL),
		                             req->body_len, true, "\t\r\n",
		                             &req->formv, &req->nform) != 0;
	}
	if (req->form_bad)
		return NULL;
	return field_find(req->formv, req->nform, name);
}

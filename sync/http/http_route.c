/*
 * http_route.c - route patterns: compiled once at start, matched segment
 * by segment against each request's raw path.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_int.h"

#define PARAM_NAME_MAX 32

static int route_fail(char **cause, const http_route *r, const char *why)
{
	return http_fail(cause, "route %s %s: %s",
	                 r->method ? r->method : "(null)",
	                 r->pattern ? r->pattern : "(null)", why);
}

static bool param_name_ok(const char *s, size_t n)
{
	if (n == 0 || n > PARAM_NAME_MAX)
		return false;
	if (!islower((unsigned char)s[0]) && s[0] != '_')
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!islower(c) && !isdigit(c) && c != '_')
			return false;
	}
	return true;
}

static bool literal_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || c == '{' || c == '}' ||
		    c == '?' || c == '#' || c == '%')
			return false;
	}
	return true;
}

static int compile_seg(http_seg *seg, const char *s, size_t n,
                       const http_route *r, char **cause)
{
	const char *open = memchr(s, '{', n);
	const char *close;

	if (open == NULL) {
		if (!literal_ok(s, n))
			return route_fail(cause, r, "bad character");
		seg->prefix = strndup(s, n);
		seg->plen = n;
		return seg->prefix ? 0 : route_fail(cause, r, "out of memory");
	}
	close = memchr(open, '}', n - (size_t)(open - s));
	if (close == NULL)
		return route_fail(cause, r, "'{' without '}'");
	if (!literal_ok(s, (size_t)(open - s)) ||
	    !literal_ok(close + 1, n - (size_t)(close + 1 - s)))
		return route_fail(cause, r, "one parameter per segment");
	if (!param_name_ok(open + 1, (size_t)(close - open - 1)))
		return route_fail(cause, r,
		                  "parameter names are [a-z_][a-z0-9_]*");
	seg->plen = (size_t)(open - s);
	seg->prefix = strndup(s, seg->plen);
	seg->param = strndup(open + 1, (size_t)(close - open - 1));
	seg->slen = n - (size_t)(close + 1 - s);
	seg->suffix = strndup(close + 1, seg->slen);
	if (!seg->prefix || !seg->param || !seg->suffix)
		return route_fail(cause, r, "out of memory");
	return 0;
}

static int compile_route(http_croute *cr, const http_route *r, char **cause)
{
	const char *p, *slash;
	size_t nparams = 0;

	cr->route = r;
	if (r->method == NULL || r->pattern == NULL || r->handler == NULL)
		return route_fail(cause, r,
		                  "method, pattern and handler are "
		                  "required");
	if (r->method[0] == '\0' || !literal_ok(r->method, strlen(r->method)))
		return route_fail(cause, r, "bad method");
	if (r->pattern[0] != '/')
		return route_fail(cause, r, "patterns start with '/'");
	p = r->pattern + 1;
	for (;;) {
		http_seg *seg;

		if (cr->nsegs == HTTP_MAX_SEGS)
			return route_fail(cause, r, "too many segments");
		slash = strchr(p, '/');
		if (slash == NULL)
			slash = p + strlen(p);
		seg = &cr->segs[cr->nsegs++];
		if (compile_seg(seg, p, (size_t)(slash - p), r, cause) != 0)
			return -1;
		if (seg->param != NULL) {
			for (size_t i = 0; i + 1 < cr->nsegs; i++) {
				const char *q = cr->segs[i].param;

				if (q != NULL && strcmp(q, seg->param) == 0)
					return route_fail(
					        cause, r,
					        "parameter named twice");
			}
			if (++nparams > HTTP_MAX_PARAMS)
				return route_fail(cause, r,
				                  "too many parameters");
		}
		if (*slash == '\0')
			break;
		p = slash + 1;
	}
	return 0;
}

int http_routes_compile(http_server *srv, char **cause)
{
	const http_route *const *app = srv->cfg.routes;
	size_t napp = 0, n;

	while (app != NULL && app[napp] != NULL)
		napp++;
	n = napp + 2;
	srv->routes = calloc(n, sizeof *srv->routes);
	srv->slots = calloc(n + 1, sizeof *srv->slots);
	if (srv->routes == NULL || srv->slots == NULL)
		return http_fail(cause, "out of memory");
	srv->nroutes = n;
	srv->nslots = n + 1;
	for (size_t i = 0; i < n; i++) {
		const http_route *r =
		        i < napp ? app[i] : &srv->builtin[i - napp];
		http_croute *cr = &srv->routes[i];

		if (compile_route(cr, r, cause) != 0)
			return -1;
		for (size_t j = 0; j < i; j++) {
			const http_route *o = srv->routes[j].route;

			if (strcmp(o->method, r->method) == 0 &&
			    strcmp(o->pattern, r->pattern) == 0)
				return route_fail(cause, r, "listed twice");
		}
		cr->slot = i;
		srv->slots[i].method = r->method;
		srv->slots[i].pattern = r->pattern;
	}
	srv->slots[n].method = NULL;
	srv->slots[n].pattern = "unmatched";
	return 0;
}

void http_routes_free(http_server *srv)
{
	for (size_t i = 0; srv->routes != NULL && i < srv->nroutes; i++) {
		http_croute *cr = &srv->routes[i];

		for (size_t k = 0; k < cr->nsegs; k++) {
			free(cr->segs[k].prefix);
			free(cr->segs[k].param);
			free(cr->segs[k].suffix);
		}
	}
	free(srv->routes);
	free(srv->slots);
	srv->routes = NULL;
	srv->slots = NULL;
}

/* A segment of the request's path. */
typedef struct path_seg {
	const char *s;
	size_t n;
} path_seg;

static bool seg_matches(const http_seg *seg, const path_seg *ps)
{
	if (seg->param == NULL)
		return ps->n == seg->plen &&
		       memcmp(ps->s, seg->prefix, ps->n) == 0;
	if (ps->n <= seg->plen + seg->slen)
		return false;
	return memcmp(ps->s, seg->prefix, seg->plen) == 0 &&
	       memcmp(ps->s + ps->n - seg->slen, seg->suffix, seg->slen) == 0;
}

static bool route_matches(const http_croute *cr, const path_seg *ps, size_t n)
{
	if (cr->nsegs != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!seg_matches(&cr->segs[i], &ps[i]))
			return false;
	}
	return true;
}

/* True when A is more specific than B: a literal segment where B has a
 * parameter, at the first segment where they differ. */
static bool more_specific(const http_croute *a, const http_croute *b)
{
	for (size_t i = 0; i < a->nsegs && i < b->nsegs; i++) {
		bool la = a->segs[i].param == NULL;
		bool lb = b->segs[i].param == NULL;

		if (la != lb)
			return la;
	}
	return false;
}

static bool method_fits(const char *route, const char *method)
{
	return strcmp(route, method) == 0 ||
	       (strcmp(method, "HEAD") == 0 && strcmp(route, "GET") == 0);
}

static void allow_add(char *allow, size_t size, const char *method)
{
	size_t n = strlen(method), len = strlen(allow);
	const char *p = allow;

	for (p = strstr(p, method); p != NULL; p = strstr(p + n, method)) {
		if ((p == allow || p[-1] == ' ') && (p[n] == ',' || p[n] == 0))
			return;
	}
	if (len + n + 3 > size)
		return;
	snprintf(allow + len, size - len, "%s%s", len ? ", " : "", method);
}

int http_route_find(http_request *req, char *allow, size_t allow_size)
{
	path_seg ps[HTTP_MAX_SEGS];
	const http_croute *best = NULL;
	const char *p = req->path;
	bool other = false;
	size_t n = 0;

	allow[0] = '\0';
	if (p[0] != '/')
		return 0;
	p++;
	for (;;) {
		const char *slash = strchr(p, '/');

		if (n == HTTP_MAX_SEGS)
			return 0;
		if (slash == NULL)
			slash = p + strlen(p);
		ps[n].s = p;
		ps[n].n = (size_t)(slash - p);
		n++;
		if (*slash == '\0')
			break;
		p = slash + 1;
	}
	for (size_t i = 0; i < req->srv->nroutes; i++) {
		const http_croute *cr = &req->srv->routes[i];

		if (!route_matches(cr, ps, n))
			continue;
		if (!method_fits(cr->route->method, req->method)) {
			other = true;
			allow_add(allow, allow_size, cr->route->method);
			if (strcmp(cr->route->method, "GET") == 0)
				allow_add(allow, allow_size, "HEAD");
			continue;
		}
		if (best == NULL || more_specific(cr, best))
			best = cr;
	}
	if (best == NULL)
		return other ? -2 : 0;
	req->route = best;
	req->slot = best->slot;
	for (size_t i = 0; i < n; i++) {
		const http_seg *seg = &best->segs[i];
		char *v;

		if (seg->param == NULL)
			continue;
		v = http_decode(req, ps[i].s + seg->plen,
		                ps[i].n - seg->plen - seg->slen, false, "");
		if (v == NULL)
			return -3;
		req->param_name[req->nparams] = seg->param;
		req->param_value[req->nparams] = v;
		req->nparams++;
	}
	return 1;
}

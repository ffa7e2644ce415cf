/*
 * test_http.c - the HTTP layer over real HTTP on loopback, driven with
 * libcurl: routing, credentials, bodies and their limits, params, query,
 * forms, ETag/304, long-polls (one, timed out, 2000 at once), /healthz,
 * /metrics, the log, and stopping with long-polls pending.
 *
 * Usage: test_http GROUP, where GROUP is routes, bodies, longpoll, many or
 * shutdown (each is one ctest test).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "http.h"
#include "strbuf.h"

#define ROLE_STAFF 1u
#define ROLE_DEVICE 2u
#define REPLY_MAX (1024 * 1024)

/* ---- the server under test --------------------------------------------- */

typedef struct fixture {
	http_server *srv;
	FILE *log;
	char base[64];
} fixture;

static unsigned auth_hook(http_request *req, void *app)
{
	const char *tok = http_bearer(req);

	(void)app;
	if (tok == NULL)
		return 0;
	if (strcmp(tok, "staff-token") == 0) {
		http_set_principal(req, strdup("staff-1"), free);
		return ROLE_STAFF;
	}
	if (strcmp(tok, "device-token") == 0)
		return ROLE_DEVICE;
	return 0;
}

static void metrics_hook(strbuf *out, void *app)
{
	(void)app;
	strbuf_adds(out, "porte_test_app_metric 42\n");
}

static int route_echo(http_request *req, void *app)
{
	json_t *body;

	(void)app;
	if (http_body_json(req, &body) != 0)
		return -1;
	return http_reply_json(req, 200, json_pack("{s:o}", "got", body));
}

static int route_secret(http_request *req, void *app)
{
	const char *who = http_principal(req);

	(void)app;
	return http_reply_json(req, 200,
	                       json_pack("{s:s,s:i}", "who", who ? who : "",
	                                 "roles", (int)http_roles(req)));
}

static int route_item(http_request *req, void *app)
{
	(void)app;
	return http_reply_json(req, 200,
	                       json_pack("{s:s}", "id", http_param(req, "id")));
}

static int route_ics(http_request *req, void *app)
{
	char body[200];

	(void)app;
	snprintf(body, sizeof body, "room=%s", http_param(req, "room"));
	http_set_header(req, "Content-Disposition", "inline");
	return http_reply_text(req, 200, "text/calendar; charset=utf-8", body);
}

static int route_page(http_request *req, void *app)
{
	strbuf page;
	int rc;

	(void)app;
	strbuf_init(&page, 4096);
	strbuf_adds(&page, "<p>");
	http_html_escape(&page, http_param(req, "name"));
	strbuf_adds(&page, "</p>");
	rc = http_reply_html(req, 200, strbuf_str(&page));
	strbuf_free(&page);
	return rc;
}

static int route_etag(http_request *req, void *app)
{
	(void)app;
	http_set_etag(req, "v1-abc");
	http_set_header(req, "Cache-Control", "no-cache");
	if (http_etag_matches(req, "v1-abc"))
		return http_reply_not_modified(req);
	return http_reply_json(req, 200, json_pack("{s:s}", "v", "v1-abc"));
}

static int route_wait(http_request *req, void *app)
{
	const char *t = http_query(req, "timeout");
	int timeout = t ? (int)strtol(t, NULL, 10) : 10000;

	(void)app;
	if (http_wait_count(req) == 0)
		return http_wait(req, http_param(req, "key"), timeout);
	return http_reply_json(req, 200,
	                       json_pack("{s:b,s:i}", "timed_out",
	                                 http_wait_timed_out(req), "calls",
	                                 (int)http_wait_count(req)));
}

static int route_notify(http_request *req, void *app)
{
	size_t n;

	(void)app;
	n = http_notify(http_request_server(req), http_param(req, "key"));
	return http_reply_json(req, 200, json_pack("{s:i}", "woken", (int)n));
}

static int route_form(http_request *req, void *app)
{
	const char *name = http_form(req, "name");
	const char *note = http_form(req, "note");

	(void)app;
	if (name == NULL)
		return http_reply_error(req, 400, "bad_request", "no name");
	return http_reply_json(
	        req, 200, json_pack("{s:s,s:s?}", "name", name, "note", note));
}

static int route_query(http_request *req, void *app)
{
	(void)app;
	return http_reply_json(
	        req, 200,
	        json_pack("{s:s?,s:s?,s:s?}", "x", http_query(req, "x"), "y",
	                  http_query(req, "y"), "lang", http_lang(req)));
}

static int route_noreply(http_request *req, void *app)
{
	(void)req;
	(void)app;
	return -1;
}

static int route_booking(http_request *req, void *app)
{
	(void)app;
	return http_reply_text(req, 200, "text/plain",
	                       http_param(req, "token"));
}

static int route_rooms_literal(http_request *req, void *app)
{
	(void)app;
	return http_reply_text(req, 200, "text/plain", "literal");
}

static int route_rooms_param(http_request *req, void *app)
{
	(void)app;
	return http_reply_text(req, 200, "text/plain", http_param(req, "room"));
}

static int route_whoami(http_request *req, void *app)
{
	const char *who = http_principal(req);
	const char *sid = http_cookie(req, "sid");

	(void)app;
	if (http_set_cookie(req, "seen", "1", 3600) != 0 ||
	    http_set_cookie(req, "sid", "", 0) != 0 ||
	    http_set_cookie(req, "bad;name", "x", 1) == 0 ||
	    http_set_cookie(req, "x", "a b", 1) == 0)
		return -1;
	return http_reply_json(req, 200,
	                       json_pack("{s:s,s:s?,s:s?}", "client",
	                                 http_client(req), "who", who, "sid",
	                                 sid));
}

static const http_route r_echo = {"POST", "/api/v1/echo", route_echo, 0};
static const http_route r_secret = {"GET", "/api/v1/secret", route_secret,
                                    ROLE_STAFF};
static const http_route r_item = {"GET", "/api/v1/items/{id}", route_item, 0};
static const http_route r_item_del = {"DELETE", "/api/v1/items/{id}",
                                      route_item, ROLE_STAFF};
static const http_route r_ics = {"GET", "/rooms/{room}.ics", route_ics, 0};
static const http_route r_page = {"GET", "/page/{name}", route_page,
                                  ROLE_STAFF};
static const http_route r_etag = {"GET", "/api/v1/etag", route_etag, 0};
static const http_route r_wait = {"GET", "/api/v1/wait/{key}", route_wait, 0};
static const http_route r_notify = {"POST", "/api/v1/notify/{key}",
                                    route_notify, 0};
static const http_route r_form = {"POST", "/form", route_form, 0};
static const http_route r_query = {"GET", "/api/v1/query", route_query, 0};
static const http_route r_noreply = {"GET", "/api/v1/noreply", route_noreply,
                                     0};
static const http_route r_booking = {"GET", "/b/{token}", route_booking, 0};
static const http_route r_rooms_lit = {"GET", "/r/stats", route_rooms_literal,
                                       0};
static const http_route r_rooms_par = {"GET", "/r/{room}", route_rooms_param,
                                       0};

static const http_route r_whoami = {"GET", "/api/v1/whoami", route_whoami, 0};

static const http_route *const routes[] = {
        &r_whoami,    &r_echo,  &r_secret,  &r_item,    &r_item_del,
        &r_ics,       &r_page,  &r_etag,    &r_wait,    &r_notify,
        &r_form,      &r_query, &r_noreply, &r_booking, &r_rooms_par,
        &r_rooms_lit, NULL};

static int start_server(void **state, unsigned threads)
{
	fixture *f = calloc(1, sizeof *f);
	http_config cfg;
	char *cause = NULL;

	assert_non_null(f);
	f->log = tmpfile();
	assert_non_null(f->log);
	memset(&cfg, 0, sizeof cfg);
	cfg.listen = "127.0.0.1:0";
	cfg.routes = routes;
	cfg.auth = auth_hook;
	cfg.metrics = metrics_hook;
	cfg.log = f->log;
	cfg.threads = threads;
	f->srv = http_start(&cfg, &cause);
	if (f->srv == NULL)
		fail_msg("http_start: %s", cause ? cause : "?");
	assert_true(http_port(f->srv) > 0);
	snprintf(f->base, sizeof f->base, "http://127.0.0.1:%u",
	         http_port(f->srv));
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return start_server(state, 4);
}

static int teardown(void **state)
{
	fixture *f = *state;

	http_stop(f->srv);
	fclose(f->log);
	free(f);
	return 0;
}

/* ---- a small HTTP client ----------------------------------------------- */

typedef struct reply {
	long status;
	CURLcode rc;
	strbuf body;
	strbuf head;
} reply;

typedef struct upload {
	const char *data;
	size_t len;
	size_t off;
} upload;

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	strbuf_add(arg, p, size * n);
	return size * n;
}

static size_t on_read(char *buf, size_t size, size_t n, void *arg)
{
	upload *u = arg;
	size_t left = u->len - u->off;
	size_t take = size * n < left ? size * n : left;

	memcpy(buf, u->data + u->off, take);
	u->off += take;
	return take;
}

typedef struct req_opts {
	const char *method;
	const char *path;
	const char *headers[6];
	const char *body;
	size_t body_len;
	bool chunked;
	long timeout_ms; /* 0: 30 s */
} req_opts;

static CURL *make_easy(const fixture *f, const req_opts *o, reply *r,
                       struct curl_slist **hl, upload *u)
{
	CURL *c = curl_easy_init();
	char url[1024];

	assert_non_null(c);
	memset(r, 0, sizeof *r);
	strbuf_init(&r->body, REPLY_MAX);
	strbuf_init(&r->head, REPLY_MAX);
	snprintf(url, sizeof url, "%s%s", f->base, o->path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r->head);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
	                 o->timeout_ms ? o->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	*hl = NULL;
	for (int i = 0; i < 6 && o->headers[i] != NULL; i++)
		*hl = curl_slist_append(*hl, o->headers[i]);
	if (o->body != NULL && o->chunked) {
		u->data = o->body;
		u->len = o->body_len;
		u->off = 0;
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
		curl_easy_setopt(c, CURLOPT_READDATA, u);
		*hl = curl_slist_append(*hl, "Transfer-Encoding: chunked");
	} else if (o->body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, o->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)o->body_len);
	}
	if (o->method != NULL && strcmp(o->method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (o->method != NULL)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, o->method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, *hl);
	return c;
}

static void do_request(const fixture *f, const req_opts *o, reply *r)
{
	struct curl_slist *hl;
	upload u;
	CURL *c = make_easy(f, o, r, &hl, &u);

	r->rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_cleanup(c);
	curl_slist_free_all(hl);
}

static void reply_free(reply *r)
{
	strbuf_free(&r->body);
	strbuf_free(&r->head);
}

static void get(const fixture *f, const char *path, reply *r)
{
	req_opts o = {.method = "GET", .path = path};

	do_request(f, &o, r);
}

static void post(const fixture *f, const char *path, const char *body, reply *r)
{
	req_opts o = {.path = path, .body = body, .body_len = strlen(body)};

	do_request(f, &o, r);
}

static bool has(const strbuf *b, const char *needle)
{
	return strstr(strbuf_str(b), needle) != NULL;
}

/* The "error.code" of a JSON error reply, or "". */
static void error_code(const reply *r, char *out, size_t size)
{
	json_t *j = json_loads(strbuf_str(&r->body), 0, NULL);
	const char *code = NULL;

	json_unpack(j, "{s:{s:s}}", "error", "code", &code);
	snprintf(out, size, "%s", code ? code : "");
	json_decref(j);
}

static void expect_error(const reply *r, long status, const char *code)
{
	char got[64];

	assert_int_equal(r->status, status);
	error_code(r, got, sizeof got);
	assert_string_equal(got, code);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Polls until http_waiting(SRV) reaches N, for at most 20 s. */
static void wait_for_waiters(http_server *srv, size_t n)
{
	uint64_t until = now_ms() + 20000;
	struct timespec ms = {0, 1000000};

	while (http_waiting(srv) < n && now_ms() < until)
		nanosleep(&ms, NULL);
	assert_int_equal(http_waiting(srv), n);
}

/* ---- routes ------------------------------------------------------------ */

static void test_not_found(void **state)
{
	fixture *f = *state;
	reply r;

	get(f, "/api/v1/nope", &r);
	expect_error(&r, 404, "not_found");
	assert_true(has(&r.head, "application/json"));
	reply_free(&r);

	get(f, "/nope", &r);
	assert_int_equal(r.status, 404);
	assert_true(has(&r.head, "text/html"));
	assert_true(has(&r.body, "<h1>404"));
	reply_free(&r);

	/* Exact match: no trailing slash, no extra segment, no empty param. */
	get(f, "/api/v1/echo/", &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	get(f, "/api/v1/items/1/more", &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	get(f, "/api/v1/items/", &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	get(f, "/rooms/.ics", &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	get(f, "/rooms/a.ical", &r);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void test_method_not_allowed(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "PUT", .path = "/api/v1/items/3"};
	reply r;

	do_request(f, &o, &r);
	expect_error(&r, 405, "method_not_allowed");
	assert_true(has(&r.head, "Allow: GET, HEAD, DELETE"));
	reply_free(&r);

	get(f, "/api/v1/echo", &r);
	expect_error(&r, 405, "method_not_allowed");
	assert_true(has(&r.head, "Allow: POST"));
	reply_free(&r);

	o.method = "HEAD";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(strbuf_len(&r.body), 0);
	reply_free(&r);
}

static void test_literal_beats_param(void **state)
{
	fixture *f = *state;
	reply r;

	get(f, "/r/stats", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "literal");
	reply_free(&r);
	get(f, "/r/salle-2", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "salle-2");
	reply_free(&r);
}

static void test_auth(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "GET", .path = "/api/v1/secret"};
	reply r;

	do_request(f, &o, &r);
	expect_error(&r, 401, "unauthorized");
	assert_true(has(&r.head, "WWW-Authenticate: Bearer"));
	reply_free(&r);

	o.headers[0] = "Authorization: Bearer wrong";
	do_request(f, &o, &r);
	expect_error(&r, 401, "unauthorized");
	reply_free(&r);

	o.headers[0] = "Authorization: Bearer device-token";
	do_request(f, &o, &r);
	expect_error(&r, 403, "forbidden");
	reply_free(&r);

	o.headers[0] = "Authorization: bearer   staff-token  ";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"who\":\"staff-1\""));
	assert_true(has(&r.body, "\"roles\":1"));
	reply_free(&r);

	o.headers[0] = "Authorization: Basic c3RhZmYtdG9rZW4=";
	do_request(f, &o, &r);
	expect_error(&r, 401, "unauthorized");
	reply_free(&r);

	/* HTML pages get the HTML shape. */
	o.path = "/page/x";
	o.headers[0] = NULL;
	do_request(f, &o, &r);
	assert_int_equal(r.status, 401);
	assert_true(has(&r.head, "text/html"));
	assert_true(has(&r.body, "<h1>401"));
	reply_free(&r);
	o.headers[0] = "Authorization: Bearer device-token";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 403);
	assert_true(has(&r.head, "text/html"));
	reply_free(&r);
}

static void test_html_page(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "GET",
	              .path = "/page/%3Cb%3E%22x%22%26'y'",
	              .headers = {"Authorization: Bearer staff-token"}};
	reply r;

	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body),
	                    "<p>&lt;b&gt;&quot;x&quot;&amp;&#39;y&#39;</p>");
	assert_true(has(&r.head, "Content-Security-Policy: default-src"));
	assert_true(has(&r.head, "Referrer-Policy: no-referrer"));
	assert_true(has(&r.head, "X-Content-Type-Options: nosniff"));
	reply_free(&r);
}

static void test_params(void **state)
{
	fixture *f = *state;
	reply r;

	get(f, "/api/v1/items/caf%C3%A9", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "{\"id\":\"caf\xc3\xa9\"}");
	reply_free(&r);

	get(f, "/api/v1/items/a%2Fb%20c+d", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "{\"id\":\"a/b c+d\"}");
	reply_free(&r);

	/* Invalid UTF-8, overlong, NUL, control, bad escapes: 400. */
	get(f, "/api/v1/items/%FF", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);
	get(f, "/api/v1/items/%C0%AF", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);
	get(f, "/api/v1/items/a%00b", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);
	get(f, "/api/v1/items/a%0Ab", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);
	get(f, "/api/v1/items/%zz", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);
	get(f, "/api/v1/items/abc%4", &r);
	expect_error(&r, 400, "bad_request");
	reply_free(&r);

	/* A param with a literal suffix. */
	get(f, "/rooms/salle%201.ics", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "room=salle 1");
	assert_true(has(&r.head, "text/calendar"));
	assert_true(has(&r.head, "Content-Disposition: inline"));
	reply_free(&r);
}

static void test_query_and_lang(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "GET"};
	reply r;

	get(f, "/api/v1/query?x=a+b%21&y=%FF&x=second", &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"x\":\"a b!\""));
	assert_true(has(&r.body, "\"y\":null"));
	assert_true(has(&r.body, "\"lang\":\"fr\""));
	reply_free(&r);

	o.path = "/api/v1/query";
	o.headers[0] = "Accept-Language: en-US,en;q=0.9,fr;q=0.8";
	do_request(f, &o, &r);
	assert_true(has(&r.body, "\"lang\":\"en\""));
	reply_free(&r);
	o.headers[0] = "Accept-Language: de, en;q=0.4, fr-CA;q=0.5";
	do_request(f, &o, &r);
	assert_true(has(&r.body, "\"lang\":\"fr\""));
	reply_free(&r);
	o.headers[0] = "Accept-Language: fr;q=0, en;q=0.1";
	do_request(f, &o, &r);
	assert_true(has(&r.body, "\"lang\":\"en\""));
	reply_free(&r);
	o.headers[0] = "Accept-Language: de";
	do_request(f, &o, &r);
	assert_true(has(&r.body, "\"lang\":\"fr\""));
	reply_free(&r);
	o.headers[0] = "Accept-Language: english, en;q=2";
	do_request(f, &o, &r);
	assert_true(has(&r.body, "\"lang\":\"fr\""));
	reply_free(&r);
}

static void test_principal_cookies(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "GET",
	              .path = "/api/v1/whoami",
	              .headers = {"Authorization: Bearer staff-token",
	                          "Cookie: theme=dark; sid=s-123",
	                          "X-Forwarded-For: 203.0.113.9"}};
	reply r;

	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	/* A public route still learns who calls, when it asks. */
	assert_true(has(&r.body, "\"who\":\"staff-1\""));
	assert_true(has(&r.body, "\"sid\":\"s-123\""));
	/* Forwarded-for is not trusted unless configured. */
	assert_true(has(&r.body, "\"client\":\"127.0.0.1\""));
	assert_true(has(&r.head, "Set-Cookie: seen=1; Path=/; Max-Age=3600; "
	                         "HttpOnly; SameSite=Strict\r\n"));
	assert_true(has(&r.head, "Set-Cookie: sid=; Path=/; Max-Age=0;"));
	reply_free(&r);
}

static void test_forwarded(void **state)
{
	req_opts o = {.method = "GET",
	              .path = "/api/v1/whoami",
	              .headers = {"X-Forwarded-For: 198.51.100.1, "
	                          "203.0.113.9"}};
	http_config cfg;
	fixture g;
	char *cause = NULL;
	reply r;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	memset(&g, 0, sizeof g);
	cfg.listen = "127.0.0.1:0";
	cfg.routes = routes;
	cfg.trust_forwarded = true;
	cfg.secure_cookies = true;
	g.log = tmpfile();
	cfg.log = g.log;
	g.srv = http_start(&cfg, &cause);
	assert_non_null(g.srv);
	snprintf(g.base, sizeof g.base, "http://127.0.0.1:%u",
	         http_port(g.srv));
	do_request(&g, &o, &r);
	assert_true(has(&r.body, "\"client\":\"203.0.113.9\""));
	assert_true(has(&r.head, "SameSite=Strict; Secure\r\n"));
	reply_free(&r);
	/* Not an address: the peer's is kept. */
	o.headers[0] = "X-Forwarded-For: 203.0.113.9, evil<script>";
	do_request(&g, &o, &r);
	assert_true(has(&r.body, "\"client\":\"127.0.0.1\""));
	reply_free(&r);
	http_stop(g.srv);
	fclose(g.log);
}

static void test_etag(void **state)
{
	fixture *f = *state;
	req_opts o = {.method = "GET", .path = "/api/v1/etag"};
	reply r;

	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.head, "ETag: \"v1-abc\""));
	assert_true(has(&r.head, "Cache-Control: no-cache"));
	reply_free(&r);

	o.headers[0] = "If-None-Match: \"v1-abc\"";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 304);
	assert_int_equal(strbuf_len(&r.body), 0);
	assert_true(has(&r.head, "ETag: \"v1-abc\""));
	reply_free(&r);

	o.headers[0] = "If-None-Match: \"old\", W/\"v1-abc\"";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 304);
	reply_free(&r);

	o.headers[0] = "If-None-Match: \"v1-ab\"";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);

	o.headers[0] = "If-None-Match: *";
	do_request(f, &o, &r);
	assert_int_equal(r.status, 304);
	reply_free(&r);
}

static void test_no_reply_is_500(void **state)
{
	fixture *f = *state;
	reply r;

	get(f, "/api/v1/noreply", &r);
	expect_error(&r, 500, "internal");
	reply_free(&r);
}

static void test_healthz_metrics(void **state)
{
	fixture *f = *state;
	reply r;

	get(f, "/healthz", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "ok\n");
	reply_free(&r);

	post(f, "/api/v1/echo", "{}", &r);
	reply_free(&r);
	get(f, "/api/v1/nope", &r);
	reply_free(&r);
	/* Requests are counted when they complete, just after the reply. */
	for (int i = 0; i < 500; i++) {
		struct timespec ms = {0, 10000000};

		get(f, "/metrics", &r);
		if (has(&r.body, "route=\"unmatched\"") &&
		    has(&r.body, "route=\"/api/v1/echo\""))
			break;
		reply_free(&r);
		nanosleep(&ms, NULL);
	}
	assert_int_equal(r.status, 200);
	assert_true(has(&r.head, "text/plain; version=0.0.4"));
	assert_true(has(&r.body,
	                "porte_http_requests_total{route=\"/api/v1/echo\","
	                "method=\"POST\",class=\"2xx\"} "));
	assert_true(has(&r.body,
	                "porte_http_requests_total{route=\"unmatched\","
	                "method=\"any\",class=\"4xx\"} "));
	assert_true(has(&r.body,
	                "porte_http_request_duration_seconds_bucket{route="
	                "\"/healthz\",method=\"GET\",le=\"+Inf\"} 1\n"));
	assert_true(has(&r.body, "porte_http_request_duration_seconds_count{"
	                         "route=\"/api/v1/echo\",method=\"POST\"}"));
	assert_true(has(&r.body, "# TYPE porte_http_request_duration_seconds "
	                         "histogram\n"));
	assert_true(has(&r.body, "porte_http_waiting 0\n"));
	assert_true(has(&r.body, "porte_http_connections "));
	assert_true(has(&r.body, "porte_test_app_metric 42\n"));
	reply_free(&r);
}

/* Reads the log until a line holds WANT (the line is written when the
 * request completes, just after the client has its reply), for at most
 * 5 s; fails if any line holds one of NEVER. */
static void expect_log_line(FILE *log, const char *want,
                            const char *const *never)
{
	uint64_t until = now_ms() + 5000;
	struct timespec ms = {0, 1000000};
	char line[1024];
	bool found = false;

	while (!found && now_ms() < until) {
		fflush(log);
		rewind(log);
		while (fgets(line, sizeof line, log) != NULL) {
			for (int i = 0; never[i] != NULL; i++) {
				if (strstr(line, never[i]) != NULL)
					fail_msg("log line holds %s: %s",
					         never[i], line);
			}
			if (strstr(line, want) != NULL)
				found = true;
		}
		if (!found)
			nanosleep(&ms, NULL);
	}
	fseek(log, 0, SEEK_END);
	if (!found)
		fail_msg("no log line with \"%s\"", want);
}

static void test_log(void **state)
{
	static const char *const never[] = {"s3cr3t", "staff-token",
	                                    "code=1234", NULL};
	fixture *f = *state;
	req_opts o = {.method = "GET",
	              .path = "/b/s3cr3t-token?code=1234&x=secret",
	              .headers = {"Authorization: Bearer staff-token"}};
	reply r;

	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "s3cr3t-token");
	reply_free(&r);
	expect_log_line(f->log, " 127.0.0.1 GET /b/*** 200 ", never);
	get(f, "/api/v1/items/x%0Ay", &r);
	reply_free(&r);
	expect_log_line(f->log, " GET /api/v1/items/x%0Ay 400 ", never);
}

static void test_headers_too_large(void **state)
{
	fixture *f = *state;
	static char big[40 * 1024];
	req_opts o = {.method = "GET", .path = "/healthz"};
	reply r;

	memcpy(big, "X-Big: ", 7);
	memset(big + 7, 'a', sizeof big - 8);
	big[sizeof big - 1] = '\0';
	o.headers[0] = big;
	do_request(f, &o, &r);
	assert_true(r.status == 431 || r.status == 413 || r.status == 400);
	reply_free(&r);
	/* The server still answers. */
	get(f, "/healthz", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/* ---- bodies ------------------------------------------------------------ */

static void test_echo(void **state)
{
	fixture *f = *state;
	reply r;

	post(f, "/api/v1/echo", "{\"a\":[1,2,{\"b\":\"\xc3\xa9\"}]}", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body),
	                    "{\"got\":{\"a\":[1,2,{\"b\":\"\xc3\xa9\"}]}}");
	assert_true(has(&r.head, "Content-Type: application/json"));
	assert_true(has(&r.head, "Cache-Control: no-store"));
	reply_free(&r);
}

static void test_bad_json(void **state)
{
	static const struct {
		const char *body;
		size_t len;
		const char *says;
	} cases[] = {
	        {"{\"a\":", 5, "malformed JSON"},
	        {"[1,2]", 5, "must be a JSON object"},
	        {"{\"a\":\"\xff\"}", 9, "UTF-8"},
	        {"{\"a\":\"\\u0000\"}", 14, "malformed JSON"},
	        {"{\"a\":\"x\0y\"}", 11, "NUL"},
	        {"{\"a\":1,\"a\":2}", 13, "malformed JSON"},
	        {"{} {}", 5, "malformed JSON"},
	        {"", 0, "JSON object is required"},
	};
	fixture *f = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		req_opts o = {.path = "/api/v1/echo",
		              .body = cases[i].body,
		              .body_len = cases[i].len};
		reply r;

		do_request(f, &o, &r);
		expect_error(&r, 400, "bad_request");
		if (!has(&r.body, cases[i].says))
			fail_msg("case %zu: %s", i, strbuf_str(&r.body));
		reply_free(&r);
	}
}

/* A JSON object of exactly LEN bytes. */
static char *json_of_size(size_t len)
{
	char *s = malloc(len + 1);

	assert_true(len >= 10);
	memcpy(s, "{\"a\":\"", 6);
	memset(s + 6, 'x', len - 8);
	memcpy(s + len - 2, "\"}", 3);
	return s;
}

static void test_body_limit(void **state)
{
	fixture *f = *state;
	char *max = json_of_size(HTTP_BODY_MAX);
	char *big = json_of_size(65 * 1024);
	req_opts o = {.path = "/api/v1/echo"};
	reply r;

	/* At the limit: accepted, with Content-Length and chunked. */
	o.body = max;
	o.body_len = HTTP_BODY_MAX;
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	o.chunked = true;
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);

	/* One byte over, and 65 KiB: 413 both ways. */
	o.body = big;
	o.body_len = HTTP_BODY_MAX + 1;
	o.chunked = false;
	do_request(f, &o, &r);
	expect_error(&r, 413, "too_large");
	reply_free(&r);
	o.body_len = 65 * 1024;
	do_request(f, &o, &r);
	expect_error(&r, 413, "too_large");
	reply_free(&r);
	o.chunked = true;
	do_request(f, &o, &r);
	expect_error(&r, 413, "too_large");
	reply_free(&r);
	free(max);
	free(big);

	/* The server still answers. */
	get(f, "/healthz", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

/*
 * A chunked body that never ends, sent by hand: the server must answer 413
 * and stop reading, not swallow it all. Returns the bytes it took.
 */
static size_t send_endless_chunks(const fixture *f, char *resp, size_t size)
{
	static char chunk[65536 + 16];
	struct sockaddr_in sa;
	struct timeval tv = {5, 0};
	const char *head = "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\n"
	                   "Content-Type: application/json\r\n"
	                   "Transfer-Encoding: chunked\r\n\r\n";
	size_t clen, sent = 0, got = 0;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)http_port(f->srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_true(send(fd, head, strlen(head), MSG_NOSIGNAL) > 0);
	memcpy(chunk, "10000\r\n", 7);
	memset(chunk + 7, ' ', 65536);
	memcpy(chunk + 7 + 65536, "\r\n", 2);
	clen = 7 + 65536 + 2;
	while (sent < (size_t)256 * 1024 * 1024) {
		ssize_t n = send(fd, chunk, clen, MSG_NOSIGNAL);

		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	while (got + 1 < size) {
		ssize_t n = recv(fd, resp + got, size - 1 - got, 0);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	resp[got] = '\0';
	close(fd);
	return sent;
}

static void test_huge_chunked_not_read(void **state)
{
	fixture *f = *state;
	char resp[4096];
	size_t sent = send_endless_chunks(f, resp, sizeof resp);

	print_message("413 after %zu bytes\n", sent);
	assert_non_null(strstr(resp, "HTTP/1.1 413"));
	assert_non_null(strstr(resp, "too_large"));
	/* Socket buffers hold a few MiB at most; the rest was refused. */
	assert_true(sent < (size_t)32 * 1024 * 1024);
}

static void test_form(void **state)
{
	fixture *f = *state;
	req_opts o = {.path = "/form",
	              .headers = {"Content-Type: application/x-www-form-"
	                          "urlencoded"}};
	reply r;

	o.body = "name=Jean+Dupont&note=caf%C3%A9%0D%0Aligne+2&x=";
	o.body_len = strlen(o.body);
	do_request(f, &o, &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"name\":\"Jean Dupont\""));
	assert_true(has(&r.body, "\"note\":\"caf\xc3\xa9\\r\\nligne 2\""));
	reply_free(&r);

	/* Malformed forms have no fields. */
	o.body = "name=%FF";
	o.body_len = strlen(o.body);
	do_request(f, &o, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	o.body = "name=a%01b";
	o.body_len = strlen(o.body);
	do_request(f, &o, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);

	/* Not a form. */
	o.headers[0] = "Content-Type: text/plain";
	o.body = "name=x";
	o.body_len = strlen(o.body);
	do_request(f, &o, &r);
	assert_int_equal(r.status, 400);
	reply_free(&r);
}

/* ---- long-polls -------------------------------------------------------- */

typedef struct waiter {
	const fixture *f;
	const char *path;
	reply r;
	uint64_t done_ms;
} waiter;

static void *waiter_main(void *arg)
{
	waiter *w = arg;

	get(w->f, w->path, &w->r);
	w->done_ms = now_ms();
	return NULL;
}

static void test_wake_within_100ms(void **state)
{
	fixture *f = *state;
	waiter w = {.f = f, .path = "/api/v1/wait/room-1?timeout=20000"};
	pthread_t t;
	uint64_t t0;

	assert_int_equal(pthread_create(&t, NULL, waiter_main, &w), 0);
	wait_for_waiters(f->srv, 1);
	/* Another key wakes nobody. */
	assert_int_equal(http_notify(f->srv, "room-2"), 0);
	t0 = now_ms();
	assert_int_equal(http_notify(f->srv, "room-1"), 1);
	pthread_join(t, NULL);
	assert_int_equal(w.r.status, 200);
	assert_true(has(&w.r.body, "\"timed_out\":false"));
	assert_true(has(&w.r.body, "\"calls\":1"));
	if (w.done_ms - t0 >= 100)
		fail_msg("woken after %llu ms",
		         (unsigned long long)(w.done_ms - t0));
	assert_int_equal(http_waiting(f->srv), 0);
	reply_free(&w.r);
}

static void test_notify_route(void **state)
{
	fixture *f = *state;
	waiter w = {.f = f, .path = "/api/v1/wait/k%20x?timeout=20000"};
	pthread_t t;
	reply r;

	assert_int_equal(pthread_create(&t, NULL, waiter_main, &w), 0);
	wait_for_waiters(f->srv, 1);
	post(f, "/api/v1/notify/k%20x", "", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(strbuf_str(&r.body), "{\"woken\":1}");
	reply_free(&r);
	pthread_join(t, NULL);
	assert_int_equal(w.r.status, 200);
	assert_true(has(&w.r.body, "\"timed_out\":false"));
	reply_free(&w.r);
}

static void test_timeout(void **state)
{
	fixture *f = *state;
	uint64_t t0 = now_ms(), took;
	reply r;

	get(f, "/api/v1/wait/quiet?timeout=300", &r);
	took = now_ms() - t0;
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"timed_out\":true"));
	assert_true(took >= 300);
	assert_true(took < 2000);
	assert_int_equal(http_waiting(f->srv), 0);
	reply_free(&r);

	/* A zero timeout comes back at once, timed out. */
	get(f, "/api/v1/wait/quiet?timeout=0", &r);
	assert_true(has(&r.body, "\"timed_out\":true"));
	reply_free(&r);
}

/* Waiting on a key notified between the handler's start and its wait:
 * re-run at once rather than missed. */
static int route_racy(http_request *req, void *app)
{
	(void)app;
	if (http_wait_count(req) == 0) {
		http_notify(http_request_server(req), "racy");
		return http_wait(req, "racy", 20000);
	}
	return http_reply_json(
	        req, 200,
	        json_pack("{s:b}", "timed_out", http_wait_timed_out(req)));
}

static void test_no_missed_notify(void **state)
{
	static const http_route racy = {"GET", "/racy", route_racy, 0};
	static const http_route *const racy_routes[] = {&racy, NULL};
	http_config cfg;
	fixture g;
	char *cause = NULL;
	uint64_t t0;
	reply r;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	memset(&g, 0, sizeof g);
	cfg.listen = "[::1]:0";
	cfg.routes = racy_routes;
	g.log = tmpfile();
	cfg.log = g.log;
	g.srv = http_start(&cfg, &cause);
	if (g.srv == NULL)
		fail_msg("http_start [::1]:0: %s", cause ? cause : "?");
	snprintf(g.base, sizeof g.base, "http://[::1]:%u", http_port(g.srv));
	t0 = now_ms();
	get(&g, "/racy", &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"timed_out\":false"));
	assert_true(now_ms() - t0 < 5000);
	reply_free(&r);
	http_stop(g.srv);
	fclose(g.log);
}

/* A long-poll outlives the idle timeout of connections: a waiting
 * connection is not idle. */
static void test_wait_longer_than_idle_timeout(void **state)
{
	http_config cfg;
	fixture g;
	char *cause = NULL;
	reply r;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	memset(&g, 0, sizeof g);
	cfg.listen = "127.0.0.1:0";
	cfg.routes = routes;
	cfg.timeout_s = 1;
	g.log = tmpfile();
	cfg.log = g.log;
	g.srv = http_start(&cfg, &cause);
	assert_non_null(g.srv);
	snprintf(g.base, sizeof g.base, "http://127.0.0.1:%u",
	         http_port(g.srv));
	get(&g, "/api/v1/wait/slow?timeout=2500", &r);
	assert_int_equal(r.status, 200);
	assert_true(has(&r.body, "\"timed_out\":true"));
	reply_free(&r);
	http_stop(g.srv);
	fclose(g.log);
}

static int connect_raw(unsigned port)
{
	struct sockaddr_in sa;
	struct timeval tv = {10, 0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

/* The connection limit and the idle timeout hold. */
static void test_connection_limits(void **state)
{
	req_opts quick = {
	        .method = "GET", .path = "/healthz", .timeout_ms = 300};
	http_config cfg;
	fixture g;
	char *cause = NULL, c;
	int fds[3];
	uint64_t t0, took;
	ssize_t n;
	reply r;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	memset(&g, 0, sizeof g);
	cfg.listen = "127.0.0.1:0";
	cfg.routes = routes;
	cfg.max_conns = 3;
	cfg.timeout_s = 1;
	cfg.threads = 1;
	g.log = tmpfile();
	cfg.log = g.log;
	g.srv = http_start(&cfg, &cause);
	assert_non_null(g.srv);
	snprintf(g.base, sizeof g.base, "http://127.0.0.1:%u",
	         http_port(g.srv));

	/* Three idle connections fill the server: a fourth waits in the
	 * listen queue, unserved. */
	for (int i = 0; i < 3; i++)
		fds[i] = connect_raw(http_port(g.srv));
	do_request(&g, &quick, &r);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.rc, CURLE_OPERATION_TIMEDOUT);
	reply_free(&r);

	/* Idle connections are closed after the timeout. */
	t0 = now_ms();
	n = recv(fds[0], &c, 1, 0);
	took = now_ms() - t0;
	assert_int_equal(n, 0);
	assert_true(took < 5000);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	get(&g, "/healthz", &r);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	http_stop(g.srv);
	fclose(g.log);
}

/* ---- 2000 at once ------------------------------------------------------ */

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.')
			n++;
	}
	closedir(d);
	return n;
}

#define MANY 2000

typedef struct many {
	CURL *easy[MANY];
	reply r[MANY];
	struct curl_slist *hl[MANY];
	upload u[MANY];
} many;

static void *multi_main(void *arg)
{
	many *m = arg;
	CURLM *multi = curl_multi_init();
	int running = 0;

	for (int i = 0; i < MANY; i++)
		curl_multi_add_handle(multi, m->easy[i]);
	do {
		curl_multi_perform(multi, &running);
		if (running > 0)
			curl_multi_poll(multi, NULL, 0, 100, NULL);
	} while (running > 0);
	for (int i = 0; i < MANY; i++) {
		CURLMsg *msg;
		int left;

		while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			;
		curl_easy_getinfo(m->easy[i], CURLINFO_RESPONSE_CODE,
		                  &m->r[i].status);
		curl_multi_remove_handle(multi, m->easy[i]);
		curl_easy_cleanup(m->easy[i]);
		curl_slist_free_all(m->hl[i]);
	}
	curl_multi_cleanup(multi);
	return NULL;
}

static void test_many_waiters(void **state)
{
	fixture *f = *state;
	many *m = calloc(1, sizeof *m);
	req_opts o = {.method = "GET",
	              .path = "/api/v1/wait/busy?timeout=25000"};
	int tasks, woken_ok = 0;
	uint64_t t0;
	pthread_t t;
	reply r;

	assert_non_null(m);
	for (int i = 0; i < MANY; i++)
		m->easy[i] = make_easy(f, &o, &m->r[i], &m->hl[i], &m->u[i]);
	assert_int_equal(pthread_create(&t, NULL, multi_main, m), 0);
	wait_for_waiters(f->srv, MANY);

	/* Thousands waiting cost no thread: main, the curl driver, the
	 * server's 4 workers and its timer. */
	tasks = count_tasks();
	print_message("%d waiting, %d threads in the process\n",
	              (int)http_waiting(f->srv), tasks);
	if (tasks > 10)
		fail_msg("%d threads with %d waiters", tasks, MANY);

	get(f, "/metrics", &r);
	assert_true(has(&r.body, "porte_http_waiting 2000\n"));
	reply_free(&r);

	t0 = now_ms();
	assert_int_equal(http_notify(f->srv, "busy"), MANY);
	pthread_join(t, NULL);
	for (int i = 0; i < MANY; i++) {
		if (m->r[i].status == 200 &&
		    has(&m->r[i].body, "\"timed_out\":false"))
			woken_ok++;
		reply_free(&m->r[i]);
	}
	print_message("all %d answered %llu ms after one notify\n", woken_ok,
	              (unsigned long long)(now_ms() - t0));
	assert_int_equal(woken_ok, MANY);
	assert_true(now_ms() - t0 < 20000);
	assert_int_equal(http_waiting(f->srv), 0);
	free(m);
}

/* ---- stopping with long-polls pending ---------------------------------- */

#define PENDING 50

static void test_stop_with_waiters(void **state)
{
	fixture *f = *state;
	many *m = calloc(1, sizeof *m);
	req_opts o = {.method = "GET",
	              .path = "/api/v1/wait/pending?timeout=25000"};
	int answered = 0, got503 = 0;
	pthread_t t;

	assert_non_null(m);
	for (int i = 0; i < MANY; i++) {
		if (i < PENDING) {
			m->easy[i] =
			        make_easy(f, &o, &m->r[i], &m->hl[i], &m->u[i]);
			continue;
		}
		/* Fill the rest with quick requests. */
		o.path = "/healthz";
		m->easy[i] = make_easy(f, &o, &m->r[i], &m->hl[i], &m->u[i]);
		o.path = "/api/v1/wait/pending?timeout=25000";
	}
	assert_int_equal(pthread_create(&t, NULL, multi_main, m), 0);
	wait_for_waiters(f->srv, PENDING);
	http_stop(f->srv);
	f->srv = NULL;
	pthread_join(t, NULL);
	for (int i = 0; i < PENDING; i++) {
		/* 503 when the reply got out before the daemon stopped,
		 * else the connection was closed. */
		if (m->r[i].status == 503 || m->r[i].status == 0)
			answered++;
		if (m->r[i].status == 503)
			got503++;
	}
	print_message("%d of %d long-polls got 503\n", got503, PENDING);
	for (int i = 0; i < MANY; i++)
		reply_free(&m->r[i]);
	assert_int_equal(answered, PENDING);
	assert_int_equal(got503, PENDING);
	free(m);
}

static int teardown_stopped(void **state)
{
	fixture *f = *state;

	if (f->srv != NULL)
		http_stop(f->srv);
	fclose(f->log);
	free(f);
	return 0;
}

static void test_bad_config(void **state)
{
	static const http_route bad1 = {"GET", "no-slash", route_item, 0};
	static const http_route bad2 = {"GET", "/a/{Id}", route_item, 0};
	static const http_route bad3 = {"GET", "/a/{x}{y}", route_item, 0};
	static const http_route bad4 = {"GET", "/a/{x}/{x}", route_item, 0};
	static const http_route bad5 = {"GET", "/a/{x", route_item, 0};
	static const http_route *const t1[] = {&bad1, NULL};
	static const http_route *const t2[] = {&bad2, NULL};
	static const http_route *const t3[] = {&bad3, NULL};
	static const http_route *const t4[] = {&bad4, NULL};
	static const http_route *const t5[] = {&bad5, NULL};
	static const http_route *const t6[] = {&r_echo, &r_echo, NULL};
	static const http_route *const *tables[] = {t1, t2, t3, t4, t5, t6};
	static const char *const listens[] = {"127.0.0.1", "127.0.0.1:99999",
	                                      "[::1:0", "127.0.0.1:x", ""};
	http_config cfg;
	char *cause = NULL;

	(void)state;
	memset(&cfg, 0, sizeof cfg);
	cfg.listen = "127.0.0.1:0";
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		cfg.routes = tables[i];
		assert_null(http_start(&cfg, &cause));
		assert_non_null(cause);
		assert_non_null(strstr(cause, "route"));
		free(cause);
		cause = NULL;
	}
	cfg.routes = routes;
	for (size_t i = 0; i < sizeof listens / sizeof listens[0]; i++) {
		cfg.listen = listens[i];
		assert_null(http_start(&cfg, &cause));
		assert_non_null(cause);
		free(cause);
		cause = NULL;
	}
}

static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest routes_tests[] = {
	        cmocka_unit_test(test_not_found),
	        cmocka_unit_test(test_method_not_allowed),
	        cmocka_unit_test(test_literal_beats_param),
	        cmocka_unit_test(test_auth),
	        cmocka_unit_test(test_html_page),
	        cmocka_unit_test(test_params),
	        cmocka_unit_test(test_query_and_lang),
	        cmocka_unit_test(test_principal_cookies),
	        cmocka_unit_test(test_forwarded),
	        cmocka_unit_test(test_etag),
	        cmocka_unit_test(test_no_reply_is_500),
	        cmocka_unit_test(test_healthz_metrics),
	        cmocka_unit_test(test_log),
	        cmocka_unit_test(test_headers_too_large),
	};
	const struct CMUnitTest bodies_tests[] = {
	        cmocka_unit_test(test_echo),
	        cmocka_unit_test(test_bad_json),
	        cmocka_unit_test(test_body_limit),
	        cmocka_unit_test(test_huge_chunked_not_read),
	        cmocka_unit_test(test_form),
	        cmocka_unit_test(test_bad_config),
	        cmocka_unit_test(test_connection_limits),
	};
	const struct CMUnitTest longpoll_tests[] = {
	        cmocka_unit_test(test_wake_within_100ms),
	        cmocka_unit_test(test_notify_route),
	        cmocka_unit_test(test_timeout),
	        cmocka_unit_test(test_no_missed_notify),
	        cmocka_unit_test(test_wait_longer_than_idle_timeout),
	};
	const struct CMUnitTest many_tests[] = {
	        cmocka_unit_test(test_many_waiters),
	};
	const struct CMUnitTest shutdown_tests[] = {
	        cmocka_unit_test_setup_teardown(test_stop_with_waiters, setup,
	                                        teardown_stopped),
	};
	const char *group = argc > 1 ? argv[1] : "routes";
	int rc;

	raise_fd_limit();
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (strcmp(group, "routes") == 0)
		rc = cmocka_run_group_tests_name("http.routes", routes_tests,
		                                 setup, teardown);
	else if (strcmp(group, "bodies") == 0)
		rc = cmocka_run_group_tests_name("http.bodies", bodies_tests,
		                                 setup, teardown);
	else if (strcmp(group, "longpoll") == 0)
		rc = cmocka_run_group_tests_name(
		        "http.longpoll", longpoll_tests, setup, teardown);
	else if (strcmp(group, "many") == 0)
		rc = cmocka_run_group_tests_name("http.many", many_tests, setup,
		                                 teardown);
	else if (strcmp(group, "shutdown") == 0)
		rc = cmocka_run_group_tests_name("http.shutdown",
		                                 shutdown_tests, NULL, NULL);
	else
		rc = 2;
	curl_global_cleanup();
	return rc;
}

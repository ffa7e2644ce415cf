/*
 * http.c - the server: libmicrohttpd set up with a thread pool on epoll,
 * the access handler that routes, checks and runs handlers, the request's
 * life from the URI callback (which creates it) to the completed callback
 * (which logs, counts and frees it), and the built-in /healthz and
 * /metrics.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../wire/strbuf.h"
#include "http_int.h"

#define DEFAULT_MAX_CONNS 10000
#define DEFAULT_TIMEOUT_S 30
#define DEFAULT_HEADER_MAX (16 * 1024)
#define MAX_THREADS 64
#define METRICS_MAX (1024 * 1024)
#define LOG_PATH_MAX 256
#define LOG_LINE_MAX 512
#define LISTEN_MAX 300
#define STOP_GRACE_MS 2000

/* ---- the request's life ------------------------------------------------ */

void http_request_free(http_request *req)
{
	for (size_t i = 0; i < req->nheaders; i++) {
		free(req->hname[i]);
		free(req->hvalue[i]);
	}
	if (req->principal != NULL && req->principal_free != NULL)
		req->principal_free(req->principal);
	free(req->body);
	http_free_blocks(req);
	free(req->uri);
	free(req);
}

static void client_address(http_request *req, const struct sockaddr *sa)
{
	socklen_t len;

	snprintf(req->client, sizeof req->client, "-");
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		len = sizeof(struct sockaddr_in);
	else if (sa->sa_family == AF_INET6)
		len = sizeof(struct sockaddr_in6);
	else
		return;
	if (getnameinfo(sa, len, req->client, sizeof req->client, NULL, 0,
	                NI_NUMERICHOST) != 0)
		snprintf(req->client, sizeof req->client, "-");
}

/* MHD_OPTION_URI_LOG_CALLBACK: the request begins; its state is born. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info;
	http_server *srv = cls;
	http_request *req;
	char *q;

	req = calloc(1, sizeof *req);
	if (req == NULL)
		return NULL;
	req->srv = srv;
	req->conn = conn;
	req->start_ns = http_now_ns();
	req->slot = srv->nslots - 1;
	req->uri = strdup(uri != NULL ? uri : "");
	if (req->uri == NULL) {
		free(req);
		return NULL;
	}
	q = strpbrk(req->uri, "?#");
	if (q != NULL) {
		if (*q == '?')
			req->query = q + 1;
		*q = '\0';
		if (req->query != NULL) {
			char *frag = strchr(req->query, '#');

			if (frag != NULL)
				*frag = '\0';
		}
	}
	req->path = req->uri;
	info = MHD_get_connection_info(conn,
	                               MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	client_address(req, info ? info->client_addr : NULL);
	return req;
}

static bool loopback(const char *addr)
{
	return strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
}

/* Behind a proxy on this host: the client is the last X-Forwarded-For. */
static void forwarded_client(http_request *req)
{
	const char *h = http_header(req, "X-Forwarded-For");
	char addr[INET6_ADDRSTRLEN + 1];
	unsigned char bin[sizeof(struct in6_addr)];
	const char *last;
	size_t n;

	if (h == NULL || !loopback(req->client))
		return;
	last = strrchr(h, ',');
	last = last ? last + 1 : h;
	while (*last == ' ' || *last == '\t')
		last++;
	n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof addr)
		return;
	memcpy(addr, last, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, bin) == 1 ||
	    inet_pton(AF_INET6, addr, bin) == 1)
		memcpy(req->client, addr, n + 1);
}

static bool parse_length(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > UINT64_MAX / 10 - 1)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

static int reply_too_big(http_request *req)
{
	char msg[80];

	snprintf(msg, sizeof msg, "the body is larger than %d bytes",
	         HTTP_BODY_MAX);
	return http_reply_error(req, 413, "too_large", msg);
}

/* The first call for a request: route, size, credentials. */
static enum MHD_Result start_request(http_request *req)
{
	char allow[64];
	uint64_t length = 0;
	unsigned roles;
	int rc;

	if (req->srv->cfg.trust_forwarded)
		forwarded_client(req);
	rc = http_route_find(req, allow, sizeof allow);
	if (rc == 0) {
		rc = http_reply_error(req, 404, "not_found", "no such page");
	} else if (rc == -2) {
		http_set_header(req, MHD_HTTP_HEADER_ALLOW, allow);
		rc = http_reply_error(req, 405, "method_not_allowed",
		                      "this method is not allowed here");
	} else if (rc == -3) {
		rc = http_reply_error(req, 400, "bad_request",
		                      "the path is not valid percent-encoded "
		                      "UTF-8");
	} else if (parse_length(http_header(req, "Content-Length"), &length) &&
	           length > HTTP_BODY_MAX) {
		rc = reply_too_big(req);
	} else if (req->route->route->roles != 0 &&
	           (roles = http_roles(req)) == 0) {
		http_set_header(req, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		                "Bearer");
		rc = http_reply_error(req, 401, "unauthorized",
		                      "credentials are missing or not valid");
	} else if (req->route->route->roles != 0 &&
	           (roles & req->route->route->roles) == 0) {
		rc = http_reply_error(req, 403, "forbidden",
		                      "you may not do this");
	} else {
		rc = 0;
	}
	return rc == 0 ? MHD_YES : MHD_NO;
}

/*
 * A body that grows past HTTP_BODY_MAX while it streams in (chunked: its
 * size was not known up front). libmicrohttpd 0.9.75 takes no reply until
 * the whole body is in, which may be never; so the 413 is written on the
 * socket here and the connection is then closed (the caller returns
 * MHD_NO). The daemon runs without TLS, and has sent nothing on this
 * request but maybe "100 Continue", after which a final reply is right.
 */
static void refuse_stream(http_request *req)
{
	static const char html[] =
	        "<!doctype html>\n<html><head><meta charset=\"utf-8\">"
	        "<title>413</title></head><body><h1>413 Payload Too Large"
	        "</h1></body></html>\n";
	const union MHD_ConnectionInfo *info;
	bool api = strncmp(req->path, "/api/", 5) == 0;
	char json[128], msg[512];
	const char *body = html;
	int n;

	req->replied = true;
	req->status = 413;
	info = MHD_get_connection_info(req->conn,
	                               MHD_CONNECTION_INFO_CONNECTION_FD);
	if (info == NULL)
		return;
	if (api) {
		snprintf(json, sizeof json,
		         "{\"error\":{\"code\":\"too_large\",\"message\":"
		         "\"the body is larger than %d bytes\"}}",
		         HTTP_BODY_MAX);
		body = json;
	}
	n = snprintf(msg, sizeof msg,
	             "HTTP/1.1 413 Payload Too Large\r\n"
	             "Content-Type: %s\r\nContent-Length: %zu\r\n"
	             "Cache-Control: no-store\r\nConnection: close\r\n\r\n%s",
	             api ? "application/json" : "text/html; charset=utf-8",
	             strlen(body), body);
	if (n > 0 && (size_t)n < sizeof msg)
		(void)send(info->connect_fd, msg, (size_t)n,
		           MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* A piece of the body: kept up to HTTP_BODY_MAX. Returns 0, or -1 when the
 * body is too big and the connection must close. */
static int take_body(http_request *req, const char *data, size_t len)
{
	size_t need, cap;
	char *p;

	if (req->replied || req->too_big)
		return 0;
	if (len > HTTP_BODY_MAX - req->body_len) {
		req->too_big = true;
		free(req->body);
		req->body = NULL;
		req->body_len = 0;
		req->body_cap = 0;
		refuse_stream(req);
		return -1;
	}
	need = req->body_len + len;
	if (need > req->body_cap) {
		cap = req->body_cap ? req->body_cap : 1024;
		while (cap < need)
			cap *= 2;
		if (cap > HTTP_BODY_MAX)
			cap = HTTP_BODY_MAX;
		p = realloc(req->body, cap + 1);
		if (p == NULL)
			return -1;
		req->body = p;
		req->body_cap = cap;
	}
	memcpy(req->body + req->body_len, data, len);
	req->body_len += len;
	req->body[req->body_len] = '\0';
	return 0;
}

/* The body is in (or the connection resumed): run the handler. */
static enum MHD_Result run_request(http_request *req)
{
	http_server *srv = req->srv;
	bool failed;

	if (req->replied)
		return MHD_YES;
	if (req->too_big)
		return reply_too_big(req) == 0 ? MHD_YES : MHD_NO;
	if (req->suspended) {
		req->suspended = false;
		req->waited_ns += http_now_ns() - req->suspend_ns;
		if (req->wake == HTTP_WAKE_STOP)
			return http_reply_error(req, 503, "unavailable",
			                        "the server is stopping") == 0
			               ? MHD_YES
			               : MHD_NO;
		req->reruns =
		        req->wake == HTTP_WAKE_RERUN ? req->reruns + 1 : 0;
	}
	req->seq_snap = atomic_load(&srv->seq);
	failed = req->route->route->handler(req, srv->cfg.app) != 0;
	req->calls++;
	if (req->suspended || req->replied)
		return MHD_YES;
	if (!failed)
		fprintf(srv->cfg.log ? srv->cfg.log : stderr,
		        "http: %s %s: the handler returned without a reply\n",
		        req->method, req->route->route->pattern);
	return http_reply_error(req, 500, "internal",
	                        "the server could not answer") == 0
	               ? MHD_YES
	               : MHD_NO;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **req_cls)
{
	http_request *req = *req_cls;

	(void)cls;
	(void)conn;
	(void)url;
	(void)version;
	if (req == NULL)
		return MHD_NO;
	if (!req->started) {
		req->started = true;
		req->method = method;
		return start_request(req);
	}
	if (*data_size > 0) {
		if (take_body(req, data, *data_size) != 0)
			return MHD_NO;
		*data_size = 0;
		return MHD_YES;
	}
	return run_request(req);
}

/* The path for the log: params named "token" masked, odd bytes as '?'. */
static void log_path(const http_request *req, strbuf *out)
{
	const char *p = req->path;
	size_t seg = 0;

	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/' && req->route != NULL && seg < req->route->nsegs) {
			const http_seg *s = &req->route->segs[seg++];

			if (s->param != NULL &&
			    strcmp(s->param, "token") == 0) {
				const char *end = strchr(p + 1, '/');

				strbuf_addc(out, '/');
				strbuf_add(out, s->prefix, s->plen);
				strbuf_adds(out, "***");
				strbuf_add(out, s->suffix, s->slen);
				if (end == NULL)
					break;
				p = end - 1;
				continue;
			}
		}
		strbuf_addc(out,
		            (c > 0x20 && c < 0x7f && c != '"') ? (char)c : '?');
	}
	if (strbuf_len(out) > LOG_PATH_MAX) {
		char cut[LOG_PATH_MAX + 4];

		memcpy(cut, strbuf_str(out), LOG_PATH_MAX);
		memcpy(cut + LOG_PATH_MAX, "...", 4);
		strbuf_reset(out);
		strbuf_adds(out, cut);
	}
}

static void log_request(const http_request *req, unsigned status,
                        uint64_t total_ns)
{
	FILE *f = req->srv->cfg.log ? req->srv->cfg.log : stderr;
	char when[32], code[12];
	struct tm tm;
	time_t now = time(NULL);
	strbuf path;

	strbuf_init(&path, 2 * LOG_PATH_MAX);
	log_path(req, &path);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (status != 0)
		snprintf(code, sizeof code, "%u", status);
	else
		snprintf(code, sizeof code, "-");
	fprintf(f, "%s %s %s %s %s %llums\n", when, req->client,
	        req->method ? req->method : "-", strbuf_str(&path), code,
	        (unsigned long long)(total_ns / 1000000u));
	fflush(f);
	strbuf_free(&path);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	const union MHD_ConnectionInfo *info;
	http_request *req = *req_cls;
	uint64_t now, total, active;
	unsigned status;

	(void)cls;
	(void)toe;
	if (req == NULL)
		return;
	*req_cls = NULL;
	http_wait_forget(req);
	now = http_now_ns();
	if (req->suspended)
		req->waited_ns += now - req->suspend_ns;
	status = req->status;
	if (!req->replied) {
		info = MHD_get_connection_info(conn,
		                               MHD_CONNECTION_INFO_HTTP_STATUS);
		status = info != NULL ? info->http_status : 0;
	}
	total = now - req->start_ns;
	active = total > req->waited_ns ? total - req->waited_ns : 0;
	http_metrics_record(req->srv, req->slot, status, active / 1000u);
	log_request(req, status, total);
	http_request_free(req);
}

static void on_connection(void *cls, struct MHD_Connection *conn,
                          void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	http_server *srv = cls;

	(void)conn;
	(void)socket_context;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED)
		atomic_fetch_add(&srv->connections, 1);
	else if (toe == MHD_CONNECTION_NOTIFY_CLOSED)
		atomic_fetch_sub(&srv->connections, 1);
}

__attribute__((format(printf, 2, 0))) static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	http_server *srv = cls;
	FILE *f = srv->cfg.log ? srv->cfg.log : stderr;
	char line[LOG_LINE_MAX];
	size_t n;

	vsnprintf(line, sizeof line, fmt, ap);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	fprintf(f, "http: %s\n", line);
}

/* ---- built-in pages ---------------------------------------------------- */

static int page_healthz(http_request *req, void *app)
{
	(void)app;
	return http_reply_text(req, 200, "text/plain; charset=utf-8", "ok\n");
}

static int page_metrics(http_request *req, void *app)
{
	strbuf out;
	char *text;
	size_t len = 0;
	int rc;

	(void)app;
	strbuf_init(&out, METRICS_MAX);
	http_metrics_text(req->srv, &out);
	text = strbuf_steal(&out, &len);
	if (text == NULL)
		return -1;
	rc = http_reply_data(req, 200, "text/plain; version=0.0.4", text, len);
	free(text);
	return rc;
}

/* ---- start and stop ---------------------------------------------------- */

/* Reads "HOST:PORT" or "[V6]:PORT" into *ADDR. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr,
                        char **cause)
{
	char host[LISTEN_MAX];
	const char *port;
	struct addrinfo hints, *res = NULL;
	unsigned long p;
	char *end;
	int rc;

	if (listen == NULL || strlen(listen) >= LISTEN_MAX)
		return http_fail(cause, "listen address missing or too long");
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');

		if (close == NULL || close[1] != ':')
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(close - listen - 1),
		         listen + 1);
		port = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');

		if (colon == NULL)
			goto bad;
		snprintf(host, sizeof host, "%.*s", (int)(colon - listen),
		         listen);
		port = colon + 1;
		if (host[0] == '\0')
			snprintf(host, sizeof host, "0.0.0.0");
	}
	if (port[0] < '0' || port[0] > '9')
		goto bad;
	errno = 0;
	p = strtoul(port, &end, 10);
	if (errno != 0 || *end != '\0' || p > 65535)
		goto bad;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || res == NULL)
		return http_fail(cause, "cannot resolve '%s': %s", host,
		                 gai_strerror(rc));
	memset(addr, 0, sizeof *addr);
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	if (addr->ss_family == AF_INET)
		((struct sockaddr_in *)addr)->sin_port = htons((uint16_t)p);
	else
		((struct sockaddr_in6 *)addr)->sin6_port = htons((uint16_t)p);
	return 0;
bad:
	return http_fail(cause,
	                 "listen address '%s': expected HOST:PORT or "
	                 "[IPV6]:PORT",
	                 listen);
}

static unsigned default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > MAX_THREADS / 2)
		n = MAX_THREADS / 2;
	return (unsigned)(2 * n);
}

/* The daemon with its options; the logger first, so that it hears about
 * the others. */
static struct MHD_Daemon *start_daemon(http_server *srv, unsigned flags,
                                       struct sockaddr_storage *addr,
                                       unsigned threads)
{
	const http_config *cfg = &srv->cfg;
	struct MHD_OptionItem o[12];
	size_t n = 0;

	o[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER,
	                                 (intptr_t)on_mhd_log, srv};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, addr};
	if (threads > 1)
		o[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
		                                 (intptr_t)threads, NULL};
	o[n++] = (struct MHD_OptionItem){
	        MHD_OPTION_CONNECTION_LIMIT,
	        (intptr_t)(cfg->max_conns ? cfg->max_conns : DEFAULT_MAX_CONNS),
	        NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	                                 (intptr_t)cfg->per_ip_conns, NULL};
	o[n++] = (struct MHD_OptionItem){
	        MHD_OPTION_CONNECTION_TIMEOUT,
	        (intptr_t)(cfg->timeout_s ? cfg->timeout_s : DEFAULT_TIMEOUT_S),
	        NULL};
	o[n++] = (struct MHD_OptionItem){
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	        (intptr_t)(cfg->header_max ? cfg->header_max
	                                   : DEFAULT_HEADER_MAX),
	        NULL};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK,
	                                 (intptr_t)on_uri, srv};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED,
	                                 (intptr_t)on_completed, srv};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION,
	                                 (intptr_t)on_connection, srv};
	o[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, srv,
	                        MHD_OPTION_ARRAY, o, MHD_OPTION_END);
}

http_server *http_start(const http_config *cfg, char **cause)
{
	struct sockaddr_storage addr;
	const union MHD_DaemonInfo *info;
	unsigned flags, threads;
	http_server *srv;

	srv = calloc(1, sizeof *srv);
	if (srv == NULL) {
		http_fail(cause, "out of memory");
		return NULL;
	}
	srv->cfg = *cfg;
	srv->lang = (cfg->lang != NULL && strcmp(cfg->lang, "en") == 0) ? "en"
	                                                                : "fr";
	srv->builtin[0] = (http_route){"GET", "/healthz", page_healthz, 0};
	srv->builtin[1] = (http_route){"GET", "/metrics", page_metrics, 0};
	if (parse_listen(cfg->listen, &addr, cause) != 0 ||
	    http_routes_compile(srv, cause) != 0)
		goto fail;
	if (http_wait_init(srv, cause) != 0)
		goto fail;
	threads = cfg->threads ? cfg->threads : default_threads();
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
	        MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	srv->daemon = start_daemon(srv, flags, &addr, threads);
	if (srv->daemon == NULL) {
		http_fail(cause, "cannot listen on %s: %s", cfg->listen,
		          strerror(errno));
		goto fail;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info != NULL ? info->port : 0;
	return srv;
fail:
	http_stop(srv);
	return NULL;
}

void http_stop(http_server *srv)
{
	if (srv == NULL)
		return;
	/* No MHD_quiesce_daemon here: in 0.9.75 it races with the pool's
	 * workers over the listen socket's epoll entry, and panics. New
	 * requests in the grace period are served; their waits get 503. */
	http_wait_shutdown(srv, STOP_GRACE_MS);
	if (srv->daemon != NULL)
		MHD_stop_daemon(srv->daemon);
	http_wait_free(srv);
	http_routes_free(srv);
	free(srv);
}

unsigned http_port(const http_server *srv)
{
	return srv->port;
}

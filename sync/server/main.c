/*
 * main.c - porte-server: the HTTP API, the public pages and the staff
 * pages, from one SQLite file.
 *
 *   porte-server --db FILE --listen ADDR:PORT --base-url URL
 *                [--smtp URL --mail-from ADDR] [--threads N] [--lang fr|en]
 *                [--trust-proxy] [--secure-cookies] [--clock-file FILE]
 *
 * Prints "porte-server listening on http://HOST:PORT" once it serves
 * (port 0 picks a free one), and stops cleanly on SIGINT or SIGTERM.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "server.h"

#define EXIT_USAGE 2
#define HOST_MAX 128

typedef struct options {
	const char *db;
	const char *listen;
	const char *base_url;
	const char *smtp;
	const char *mail_from;
	const char *lang;
	const char *clock_file;
	unsigned threads;
	bool trust_proxy;
	bool secure_cookies;
} options;

static void usage(FILE *f)
{
	fputs("usage: porte-server --db FILE --listen ADDR:PORT --base-url "
	      "URL\n"
	      "                    [--smtp URL --mail-from ADDR] [--threads "
	      "N]\n"
	      "                    [--lang fr|en] [--trust-proxy] "
	      "[--secure-cookies]\n"
	      "\n"
	      "  --db FILE          the database (create it with\n"
	      "                     porte-admin --db FILE init)\n"
	      "  --listen ADDR:PORT where to serve HTTP, e.g. 127.0.0.1:8080\n"
	      "                     (port 0: any free port)\n"
	      "  --base-url URL     the public address of the pages, used in\n"
	      "                     the mails' links "
	      "(https://salles.example.fr)\n"
	      "  --smtp URL         the mail server (smtp://host:25, "
	      "smtps://...);\n"
	      "                     without it mails stay queued\n"
	      "  --mail-from ADDR   the mails' sender address\n"
	      "  --threads N        HTTP threads (default: 2 per core)\n"
	      "  --lang fr|en       language when the browser asks for none\n"
	      "                     (default fr)\n"
	      "  --trust-proxy      behind a TLS proxy on this host: take the\n"
	      "                     client's address from X-Forwarded-For\n"
	      "  --secure-cookies   the session cookie is sent over HTTPS "
	      "only\n"
	      "  --clock-file FILE  FOR TESTS ONLY: the time is the RFC 3339\n"
	      "                     instant in FILE (read again when it\n"
	      "                     changes) plus the seconds since\n",
	      f);
}

static int parse_threads(const char *s, unsigned *out)
{
	char *end = NULL;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 1024)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* Reads the command line into *O. Returns 0, or EXIT_USAGE after saying
 * why, or -1 for --help (printed). */
static int parse_args(int argc, char **argv, options *o)
{
	enum { O_SMTP = 256, O_FROM, O_LANG, O_CLOCK, O_PROXY, O_COOKIES };
	static const struct option longopts[] = {
	        {"db", required_argument, NULL, 'd'},
	        {"listen", required_argument, NULL, 'l'},
	        {"base-url", required_argument, NULL, 'b'},
	        {"threads", required_argument, NULL, 't'},
	        {"smtp", required_argument, NULL, O_SMTP},
	        {"mail-from", required_argument, NULL, O_FROM},
	        {"lang", required_argument, NULL, O_LANG},
	        {"clock-file", required_argument, NULL, O_CLOCK},
	        {"trust-proxy", no_argument, NULL, O_PROXY},
	        {"secure-cookies", no_argument, NULL, O_COOKIES},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0}};
	int c;

	memset(o, 0, sizeof *o);
	o->lang = "fr";
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, "", longopts, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'l':
			o->listen = optarg;
			break;
		case 'b':
			o->base_url = optarg;
			break;
		case 't':
			if (parse_threads(optarg, &o->threads) != 0) {
				fprintf(stderr, "porte-server: --threads: "
				                "expected 1 to 1024\n");
				return EXIT_USAGE;
			}
			break;
		case O_SMTP:
			o->smtp = optarg;
			break;
		case O_FROM:
			o->mail_from = optarg;
			break;
		case O_LANG:
			if (strcmp(optarg, "fr") != 0 &&
			    strcmp(optarg, "en") != 0) {
				fprintf(stderr, "porte-server: --lang: "
				                "expected fr or en\n");
				return EXIT_USAGE;
			}
			o->lang = optarg;
			break;
		case O_CLOCK:
			o->clock_file = optarg;
			break;
		case O_PROXY:
			o->trust_proxy = true;
			break;
		case O_COOKIES:
			o->secure_cookies = true;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			fprintf(stderr,
			        "porte-server: unknown or incomplete "
			        "option %s\n",
			        argv[optind - 1]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "porte-server: unexpected argument %s\n",
		        argv[optind]);
		return EXIT_USAGE;
	}
	if (o->db == NULL || o->listen == NULL || o->base_url == NULL) {
		fprintf(stderr, "porte-server: --db, --listen and --base-url "
		                "are required\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	if ((o->smtp == NULL) != (o->mail_from == NULL)) {
		fprintf(stderr, "porte-server: --smtp and --mail-from go "
		                "together\n");
		return EXIT_USAGE;
	}
	return 0;
}

/* The store's change hook: wakes the long-polls of ROOM. */
static void on_change(const char *room, void *arg)
{
	porte_app *app = arg;
	http_server *srv = atomic_load(&app->http);

	if (srv != NULL)
		http_notify(srv, room);
}

/* The host part of LISTEN ("127.0.0.1", "[::1]") into HOST. */
static void listen_host(const char *listen, char host[HOST_MAX])
{
	const char *colon = strrchr(listen, ':');
	size_t n = colon != NULL ? (size_t)(colon - listen) : strlen(listen);

	if (n >= HOST_MAX)
		n = HOST_MAX - 1;
	memcpy(host, listen, n);
	host[n] = '\0';
}

static int open_store(const options *o, porte_store **st)
{
	char *cause = NULL;
	store_status rc;

	if (access(o->db, F_OK) != 0) {
		fprintf(stderr,
		        "porte-server: %s does not exist: create it with\n"
		        "  porte-admin --db %s init\n",
		        o->db, o->db);
		return -1;
	}
	rc = store_open(o->db, 0, st, &cause);
	if (rc != STORE_OK) {
		fprintf(stderr,
		        "porte-server: cannot open %s: %s\n"
		        "  if it is older than this program, bring it up to "
		        "date with\n  porte-admin --db %s init\n",
		        o->db, cause != NULL ? cause : store_status_name(rc),
		        o->db);
		free(cause);
		return -1;
	}
	return 0;
}

/* Fills APP from O. Returns 0, or -1 after saying why. */
static int app_setup(const options *o, porte_app *app)
{
	char *cause = NULL;
	size_t n;

	if (open_store(o, &app->store) != 0)
		return -1;
	n = strlen(o->base_url);
	while (n > 0 && o->base_url[n - 1] == '/')
		n--;
	if (n >= sizeof app->base_url) {
		fprintf(stderr, "porte-server: --base-url is too long\n");
		return -1;
	}
	memcpy(app->base_url, o->base_url, n);
	app->base_url[n] = '\0';
	if (store_set_base_url(app->store, app->base_url) != STORE_OK) {
		fprintf(stderr, "porte-server: --base-url: %s\n",
		        store_errmsg(app->store));
		return -1;
	}
	app->lang = o->lang;
	app->smtp_url = o->smtp;
	app->mail_from = o->mail_from;
	if (o->clock_file != NULL) {
		if (app_clock_open(o->clock_file, &app->clock, &cause) != 0) {
			fprintf(stderr, "porte-server: --clock-file: %s\n",
			        cause != NULL ? cause : "cannot read it");
			free(cause);
			return -1;
		}
		fprintf(stderr,
		        "porte-server: the time comes from %s "
		        "(for tests only)\n",
		        o->clock_file);
	}
	store_set_change_hook(app->store, on_change, app);
	return 0;
}

static http_server *serve(const options *o, porte_app *app,
                          const http_route *const *routes)
{
	http_config cfg;
	http_server *srv;
	char *cause = NULL;

	memset(&cfg, 0, sizeof cfg);
	cfg.listen = o->listen;
	cfg.routes = routes;
	cfg.app = app;
	cfg.auth = app_auth;
	cfg.metrics = app_metrics;
	cfg.threads = o->threads;
	cfg.trust_forwarded = o->trust_proxy;
	cfg.secure_cookies = o->secure_cookies;
	cfg.lang = o->lang;
	srv = http_start(&cfg, &cause);
	if (srv == NULL) {
		fprintf(stderr, "porte-server: cannot serve on %s: %s\n",
		        o->listen, cause != NULL ? cause : "failed");
		free(cause);
	}
	return srv;
}

int main(int argc, char **argv)
{
	const http_route *routes[APP_MAX_ROUTES];
	char host[HOST_MAX], *cause = NULL;
	app_worker *worker = NULL;
	http_server *srv = NULL;
	porte_app app;
	sigset_t sigs;
	options o;
	int rc, sig = 0, status = 1;

	rc = parse_args(argc, argv, &o);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	/* Every thread started from here on leaves the signals to main. */
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "porte-server: libcurl failed to start\n");
		return 1;
	}
	memset(&app, 0, sizeof app);
	atomic_init(&app.http, NULL);
	if (app_routes_fill(routes, APP_MAX_ROUTES) == 0) {
		fprintf(stderr, "porte-server: too many routes\n");
		goto out;
	}
	if (app_setup(&o, &app) != 0)
		goto out;
	if (app_worker_start(&app, &worker, &cause) != 0) {
		fprintf(stderr, "porte-server: cannot start the worker: %s\n",
		        cause != NULL ? cause : "failed");
		free(cause);
		goto out;
	}
	srv = serve(&o, &app, routes);
	if (srv == NULL)
		goto out;
	atomic_store(&app.http, srv);
	listen_host(o.listen, host);
	printf("porte-server listening on http://%s:%u\n", host,
	       http_port(srv));
	fflush(stdout);
	while (sigwait(&sigs, &sig) != 0)
		;
	fprintf(stderr, "porte-server: %s, stopping\n",
	        sig == SIGINT ? "SIGINT" : "SIGTERM");
	status = 0;
out:
	atomic_store(&app.http, NULL);
	http_stop(srv);
	app_worker_stop(worker);
	store_close(app.store);
	app_clock_free(app.clock);
	curl_global_cleanup();
	return status;
}

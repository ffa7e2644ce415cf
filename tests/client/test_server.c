/*
 * test_server.c - the sync client against the real porte-server, over
 * real HTTP on loopback, with a database made by the real porte-admin:
 *
 *   client_server PORTE-SERVER PORTE-ADMIN
 *
 * - enrolment with a one-time code (token file 0600; a code works once);
 * - a booking made through the API shows in the client's snapshot within
 *   1 s (the long-poll), measured;
 * - an unchanged poll costs a 304;
 * - offline: the server stopped, a check-in and a walk-in submitted by a
 *   door in a child process that is then killed (-9); the server back, a
 *   new door process delivers and is killed as soon as the server has the
 *   events (maybe before it recorded the answers), a third one finishes:
 *   each action reaches the server exactly once.
 *
 * Both programs run on a test clock: the server's from its --clock-file,
 * the doors' from the same base plus the real seconds since the start.
 * The room (open 24/7, empty) and a super-admin are made for the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sqlite3.h>

#include "cfx.h"

#define ROOM "porte-test"
#define BASE "2026-11-23T08:22:00Z" /* Monday 09:22 in Paris */
#define STAFF_EMAIL "admin@porte.test"
#define STAFF_PASSWORD "password-for-tests"
#define STAFF_PIN "246810"
#define WAIT_MS 20000

typedef struct itest {
	const char *server_bin;
	const char *admin_bin;
	char dir[128];
	char db[192];
	char clock[192];
	char cache[192];
	char token_file[192];
	char code[64];
	char url[128];
	int port;
	pid_t server;
	porte_time base; /* the test clock at REAL0 */
	time_t real0;    /* the real clock at the start */
	int64_t booking; /* the booking checked in offline */
	char staff[WIRE_TOKEN_MAX + 1];
} itest;

/* ---- processes --------------------------------------------------------- */

/* The test clock now. */
static porte_time test_now(const itest *t)
{
	return t->base + (time(NULL) - t->real0);
}

static porte_time door_clock(void *arg)
{
	return test_now(arg);
}

/* Runs ARGV with STDIN_TEXT (may be NULL) on its input; its output into
 * OUT (SIZE bytes). Returns its exit status. */
static int run(char *const argv[], const char *stdin_text, char *out,
               size_t size)
{
	int in[2], outp[2], status = -1;
	size_t len = 0;
	pid_t pid;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(outp), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(outp[1], 1);
		close(in[1]);
		close(outp[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(outp[1]);
	if (stdin_text != NULL)
		assert_true(write(in[1], stdin_text, strlen(stdin_text)) ==
		            (ssize_t)strlen(stdin_text));
	close(in[1]);
	for (;;) {
		ssize_t n = read(outp[0], out + len, size - 1 - len);

		if (n <= 0)
			break;
		len += (size_t)n;
		if (len >= size - 1)
			break;
	}
	out[len] = '\0';
	close(outp[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void admin(itest *t, const char *stdin_text, char *out, size_t size,
                  const char *a1, const char *a2, const char *a3,
                  const char *a4, const char *a5, const char *a6,
                  const char *a7, const char *a8)
{
	char now[CAL_RFC3339_LEN];
	char *argv[16];
	const char *args[] = {a1, a2, a3, a4, a5, a6, a7, a8};
	char buf[512];
	int n = 0;

	cal_format_rfc3339(test_now(t), now);
	argv[n++] = (char *)t->admin_bin;
	argv[n++] = (char *)"--db";
	argv[n++] = t->db;
	argv[n++] = (char *)"--now";
	argv[n++] = now;
	for (size_t i = 0; i < 8 && args[i] != NULL; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	if (out == NULL) {
		out = buf;
		size = sizeof(buf);
	}
	if (run(argv, stdin_text, out, size) != 0)
		fail_msg("porte-admin %s %s failed: %s", a1, a2 ? a2 : "", out);
}

static void write_clock(itest *t)
{
	char now[CAL_RFC3339_LEN], line[CAL_RFC3339_LEN + 2];

	cal_format_rfc3339(test_now(t), now);
	snprintf(line, sizeof(line), "%s\n", now);
	cfx_write_file(t->clock, line);
}

/* Starts porte-server on T->port (0: any) and reads its URL. */
static void server_start(itest *t)
{
	char listen[64], line[256];
	int outp[2];
	FILE *fp;
	pid_t pid;

	write_clock(t);
	snprintf(listen, sizeof(listen), "127.0.0.1:%d", t->port);
	assert_int_equal(pipe(outp), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(outp[1], 1);
		close(outp[0]);
		execl(t->server_bin, t->server_bin, "--db", t->db, "--listen",
		      listen, "--base-url", "http://localhost", "--clock-file",
		      t->clock, "--threads", "4", (char *)NULL);
		_exit(127);
	}
	close(outp[1]);
	fp = fdopen(outp[0], "r");
	assert_non_null(fp);
	t->server = pid;
	for (;;) {
		const char *p;

		if (fgets(line, sizeof(line), fp) == NULL)
			fail_msg("porte-server did not start");
		p = strstr(line, "listening on http://");
		if (p == NULL)
			continue;
		p = strrchr(line, ':');
		t->port = (int)strtol(p + 1, NULL, 10);
		break;
	}
	/* The server's later output goes nowhere (the pipe is closed; it
	 * must not die of it: it only prints once). */
	fclose(fp);
	snprintf(t->url, sizeof(t->url), "http://127.0.0.1:%d", t->port);
}

static void server_stop(itest *t)
{
	int status;

	if (t->server <= 0)
		return;
	kill(t->server, SIGTERM);
	waitpid(t->server, &status, 0);
	t->server = 0;
}

/* ---- HTTP as the tests' own client ------------------------------------- */

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	strbuf *b = arg;

	return strbuf_add(b, data, size * n) == 0 ? size * n : 0;
}

/* METHOD PATH with BODY (may be NULL) and bearer TOKEN (may be NULL);
 * the reply's JSON (or NULL) and status. */
static json_t *api(itest *t, const char *method, const char *path,
                   const char *token, const char *body, long *status)
{
	CURL *e = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[256], auth[WIRE_TOKEN_MAX + 32];
	strbuf b;
	json_t *j;

	strbuf_init(&b, WIRE_REPLY_MAX);
	snprintf(url, sizeof(url), "%s%s", t->url, path);
	h = curl_slist_append(h, "Content-Type: application/json");
	if (token != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	if (body != NULL)
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 30L);
	assert_int_equal(curl_easy_perform(e), CURLE_OK);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, status);
	j = json_loads(strbuf_str(&b), 0, NULL);
	strbuf_free(&b);
	curl_slist_free_all(h);
	curl_easy_cleanup(e);
	return j;
}

/* A staff booking of ROOM over [START, END); its id. */
static int64_t book(itest *t, porte_time start, porte_time end,
                    const char *title)
{
	char s[CAL_RFC3339_LEN], e[CAL_RFC3339_LEN], body[256];
	long status = 0;
	json_t *j;
	int64_t id;

	cal_format_rfc3339(start, s);
	cal_format_rfc3339(end, e);
	snprintf(body, sizeof(body),
	         "{\"room\":\"%s\",\"start\":\"%s\",\"end\":\"%s\","
	         "\"title\":\"%s\"}",
	         ROOM, s, e, title);
	j = api(t, "POST", "/api/v1/bookings", t->staff, body, &status);
	if (status != 201)
		fail_msg("booking refused: %ld %s", status,
		         j ? json_dumps(j, 0) : "");
	id = json_integer_value(json_object_get(j, "id"));
	assert_true(id > 0);
	json_decref(j);
	return id;
}

static int64_t server_sql(itest *t, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t v = -1;

	assert_int_equal(
	        sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READONLY, NULL),
	        SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static int64_t cache_sql(const char *cache, const char *sql)
{
	cfx f;

	memset(&f, 0, sizeof(f));
	snprintf(f.cache, sizeof(f.cache), "%s", cache);
	return cfx_sql_int(&f, sql);
}

/* Copies file FROM to TO when FROM exists. */
static void copy_file(const char *from, const char *to)
{
	char buf[8192];
	FILE *in = fopen(from, "rb"), *out;
	size_t n;

	if (in == NULL)
		return;
	out = fopen(to, "wb");
	assert_non_null(out);
	for (;;) {
		n = fread(buf, 1, sizeof(buf), in);
		if (n == 0)
			break;
		assert_int_equal(fwrite(buf, 1, n, out), n);
	}
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- a door in a child process ----------------------------------------- */

/*
 * client_server --child MODE CACHE TOKEN BASE REAL0 [BOOKING]
 *   submit: opens the door's client (the server is down), submits a
 *     check-in of BOOKING and a walk-in, says "submitted" and waits to be
 *     killed;
 *   run: opens the door's client and syncs until killed.
 */
static int child_main(int argc, char **argv)
{
	itest t;
	client_options o;
	porte_client *c = NULL;
	char *cause = NULL;

	if (argc < 7)
		return 2;
	memset(&t, 0, sizeof(t));
	t.base = strtoll(argv[5], NULL, 10);
	t.real0 = (time_t)strtoll(argv[6], NULL, 10);
	memset(&o, 0, sizeof(o));
	o.cache_file = argv[3];
	o.token_file = argv[4];
	o.clock = door_clock;
	o.clock_arg = &t;
	if (client_open(&o, &c, &cause) != 0 || client_start(c, &cause) != 0) {
		fprintf(stderr, "door: %s\n", cause ? cause : "?");
		return 1;
	}
	if (strcmp(argv[2], "submit") == 0 && argc >= 8) {
		kiosk_event ev;
		porte_time now = test_now(&t);

		memset(&ev, 0, sizeof(ev));
		ev.type = KIOSK_EV_CHECKIN;
		snprintf(ev.booking, sizeof(ev.booking), "%s", argv[7]);
		ev.at = now;
		if (client_submit(c, &ev) != 0)
			return 1;
		/* Book now: from the grid instant before, to the check-in's
		 * booking at 08:30Z. */
		memset(&ev, 0, sizeof(ev));
		ev.type = KIOSK_EV_WALK_IN;
		snprintf(ev.booking, sizeof(ev.booking), "local-%lld-1",
		         (long long)now);
		ev.at = now;
		ev.start = now - now % 1800;
		ev.end = ev.start + 1800;
		if (client_submit(c, &ev) != 0)
			return 1;
		printf("submitted\n");
		fflush(stdout);
	}
	for (;;)
		pause();
}

/* Starts a door child in MODE over CACHE; with WAIT_LINE, waits for its
 * line. */
static pid_t door(itest *t, const char *mode, const char *cache, bool wait_line)
{
	char base[32], real0[32], bid[32], line[64];
	int outp[2];
	pid_t pid;

	snprintf(base, sizeof(base), "%lld", (long long)t->base);
	snprintf(real0, sizeof(real0), "%lld", (long long)t->real0);
	snprintf(bid, sizeof(bid), "%lld", (long long)t->booking);
	assert_int_equal(pipe(outp), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(outp[1], 1);
		close(outp[0]);
		execl("/proc/self/exe", "client_server", "--child", mode, cache,
		      t->token_file, base, real0, bid, (char *)NULL);
		_exit(127);
	}
	close(outp[1]);
	if (wait_line) {
		ssize_t n = read(outp[0], line, sizeof(line) - 1);

		assert_true(n > 0);
		line[n] = '\0';
		assert_non_null(strstr(line, "submitted"));
	}
	close(outp[0]);
	return pid;
}

static void kill9(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
}

/* ---- set-up ------------------------------------------------------------ */

/* The test's one set-up, shared by its tests (cmocka's group state). */
static itest the_test;

static int setup(void **state)
{
	itest *t = &the_test;
	char out[512];

	*state = t;
	snprintf(t->dir, sizeof(t->dir), "/tmp/porte-client-it-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->db, sizeof(t->db), "%s/server.db", t->dir);
	snprintf(t->clock, sizeof(t->clock), "%s/clock", t->dir);
	snprintf(t->cache, sizeof(t->cache), "%s/door.db", t->dir);
	snprintf(t->token_file, sizeof(t->token_file), "%s/token", t->dir);
	t->base = cfx_time(BASE);
	t->real0 = time(NULL);
	admin(t, NULL, NULL, 0, "init", NULL, NULL, NULL, NULL, NULL, NULL,
	      NULL);
	admin(t, NULL, NULL, 0, "site", "add", "lab", "--name", "Lab", "--tz",
	      "Europe/Paris", NULL);
	admin(t, NULL, NULL, 0, "site", "set", "lab", "--hours", "24/7", NULL,
	      NULL, NULL);
	admin(t, NULL, NULL, 0, "room", "add", ROOM, "--site", "lab", "--name",
	      "Salle de test", NULL);
	admin(t, STAFF_PASSWORD "\n" STAFF_PIN "\n", NULL, 0, "staff", "add",
	      STAFF_EMAIL, "--name", "Admin", "--role", "superadmin", NULL);
	admin(t, NULL, out, sizeof(out), "device", "enroll", ROOM, NULL, NULL,
	      NULL, NULL, NULL);
	assert_int_equal(sscanf(out, "%63s", t->code), 1);
	server_start(t);
	return 0;
}

static int teardown(void **state)
{
	itest *t = *state;
	char cmd[256];

	server_stop(t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	if (system(cmd) != 0)
		return -1;
	return 0;
}

/* ---- tests ------------------------------------------------------------- */

static void test_enroll(void **state)
{
	itest *t = *state;
	char room[WIRE_ID_MAX + 1], *cause = NULL, before[128], after[128];
	struct stat sb, sb2;
	FILE *fp;

	assert_int_equal(client_enroll(t->url, "AAAA-BBBB-CCCC-DDDD",
	                               t->token_file, t->cache, NULL, room,
	                               &cause),
	                 -1);
	assert_non_null(strstr(cause, "401"));
	free(cause);
	cause = NULL;
	assert_int_not_equal(stat(t->token_file, &sb), 0);
	assert_int_equal(client_enroll(t->url, t->code, t->token_file, t->cache,
	                               NULL, room, &cause),
	                 0);
	assert_string_equal(room, ROOM);
	assert_int_equal(stat(t->token_file, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	fp = fopen(t->token_file, "r");
	assert_non_null(fp);
	assert_non_null(fgets(before, sizeof(before), fp));
	fclose(fp);
	assert_true(strlen(before) > 16);
	/* A code works once; the token stays. */
	assert_int_equal(client_enroll(t->url, t->code, t->token_file, t->cache,
	                               NULL, room, &cause),
	                 -1);
	free(cause);
	assert_int_equal(stat(t->token_file, &sb2), 0);
	assert_int_equal(sb.st_ino, sb2.st_ino);
	fp = fopen(t->token_file, "r");
	assert_non_null(fp);
	assert_non_null(fgets(after, sizeof(after), fp));
	fclose(fp);
	assert_string_equal(before, after);
}

static void staff_login(itest *t)
{
	long status = 0;
	json_t *j = api(t, "POST", "/api/v1/sessions", NULL,
	                "{\"email\":\"" STAFF_EMAIL
	                "\",\"password\":\"" STAFF_PASSWORD "\"}",
	                &status);

	assert_int_equal(status, 201);
	snprintf(t->staff, sizeof(t->staff), "%s",
	         json_string_value(json_object_get(j, "token")));
	json_decref(j);
}

/* A door in this process, its callbacks counted in F. */
static void door_open(itest *t, cfx *f, int wait_s)
{
	client_options o;
	char *cause = NULL;
	client_status st;

	cfx_sync_init(f);
	memset(&o, 0, sizeof(o));
	o.cache_file = t->cache;
	o.token_file = t->token_file;
	o.clock = door_clock;
	o.clock_arg = t;
	o.wait_s = wait_s;
	cfx_callbacks(f, &o);
	o.clock = door_clock;
	o.clock_arg = t;
	if (client_open(&o, &f->c, &cause) != 0 ||
	    client_start(f->c, &cause) != 0)
		fail_msg("door: %s", cause ? cause : "?");
	/* Online once the first answer came. */
	for (int i = 0; i < 4000; i++) {
		client_get_status(f->c, &st);
		if (st.online && st.polls >= 1)
			break;
		pause_ms(5);
	}
	assert_true(st.online);
}

static void door_close(cfx *f)
{
	client_close(f->c);
	f->c = NULL;
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
}

/* Waits until the door's snapshot holds booking ID (in today or
 * tomorrow). Returns the ms it took, or -1. */
static int64_t wait_booking(cfx *f, int64_t id, int timeout_ms)
{
	int64_t t0 = cfx_ms();

	while (cfx_ms() - t0 < timeout_ms) {
		client_snap s;
		bool found = false;

		assert_int_equal(client_snapshot(f->c, &s), 0);
		found = cfx_find(&s, 0, id) != NULL ||
		        cfx_find(&s, 1, id) != NULL;
		client_snapshot_free(&s);
		if (found)
			return cfx_ms() - t0;
		pause_ms(5);
	}
	return -1;
}

static void test_change_within_1s(void **state)
{
	itest *t = *state;
	porte_time now = test_now(t);
	porte_time slot = now - now % 1800 + 4 * 3600;
	int64_t worst = 0;
	cfx f;
	client_status st;

	staff_login(t);
	door_open(t, &f, CLIENT_WAIT_DEFAULT);
	for (int i = 0; i < 3; i++) {
		int64_t id, ms;

		pause_ms(200); /* let the door's long-poll be held */
		id = book(t, slot + i * 1800, slot + (i + 1) * 1800, "Réunion");
		ms = wait_booking(&f, id, 5000);
		assert_true(ms >= 0);
		print_message("booking %lld seen by the door in %lld ms\n",
		              (long long)id, (long long)ms);
		worst = ms > worst ? ms : worst;
	}
	assert_true(worst < 1000);
	client_get_status(f.c, &st);
	assert_int_equal(st.rejected, 0);
	door_close(&f);
}

static void test_unchanged_is_304(void **state)
{
	itest *t = *state;
	client_status a, b;
	cfx f;

	/* Short long-polls, to see several in a few seconds. */
	door_open(t, &f, 1);
	/* From its first 304 on: the first fetch of the day is a 200. */
	for (int i = 0; i < 2000; i++) {
		client_get_status(f.c, &a);
		if (a.not_modified >= 1)
			break;
		pause_ms(5);
	}
	assert_true(a.not_modified >= 1);
	for (int i = 0; i < 2000; i++) {
		client_get_status(f.c, &b);
		if (b.polls >= a.polls + 3)
			break;
		pause_ms(5);
	}
	assert_true(b.polls >= a.polls + 3);
	/* Every poll of an unchanged room was answered 304. */
	assert_int_equal(b.polls - a.polls, b.not_modified - a.not_modified);
	assert_int_equal(b.failures, a.failures);
	assert_true(b.online);
	assert_true(b.stale_for >= 0 && b.stale_for <= 2);
	door_close(&f);
}

static void test_offline_killed_exactly_once(void **state)
{
	itest *t = *state;
	porte_time now = test_now(t);
	porte_time slot = now - now % 1800 + 1800; /* 08:30Z */
	porte_time submitted;
	char sql[256], copy[200], from[256], to[256];
	pid_t pid;
	int64_t t0;

	/* A booking whose check-in window is open now. */
	t->booking = book(t, slot, slot + 1800, "Soutenance");
	assert_true(now >= slot - 600 && now < slot);
	server_stop(t);

	/* Offline: the door takes both actions, then dies. */
	pid = door(t, "submit", t->cache, true);
	kill9(pid);
	assert_int_equal(cache_sql(t->cache, "SELECT count(*) FROM outbox"), 2);
	/* A copy of this cache is a door that will have delivered but died
	 * before it kept the answers. */
	snprintf(copy, sizeof(copy), "%s/door-copy.db", t->dir);
	snprintf(from, sizeof(from), "%s-wal", t->cache);
	snprintf(to, sizeof(to), "%s-wal", copy);
	copy_file(t->cache, copy);
	copy_file(from, to);

	/* Five minutes later, the server back; a door delivers and dies as
	 * soon as the server has both. */
	submitted = test_now(t);
	t->base += 300;
	server_start(t);
	pid = door(t, "run", t->cache, false);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM events WHERE booking_id = %lld"
	         " AND kind = 'checkin'",
	         (long long)t->booking);
	t0 = cfx_ms();
	while (cfx_ms() - t0 < WAIT_MS &&
	       (server_sql(t, sql) < 1 ||
	        server_sql(t, "SELECT count(*) FROM bookings"
	                      " WHERE walk_in = 1") < 1))
		pause_ms(1);
	kill9(pid);
	assert_int_equal(server_sql(t, sql), 1);

	/* Another door process finishes the delivery, if need be. */
	pid = door(t, "run", t->cache, false);
	t0 = cfx_ms();
	while (cfx_ms() - t0 < WAIT_MS &&
	       cache_sql(t->cache, "SELECT count(*) FROM outbox") > 0)
		pause_ms(10);
	kill9(pid);
	assert_int_equal(cache_sql(t->cache, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(cache_sql(t->cache, "SELECT count(*) FROM refusals"),
	                 0);

	/* The door that died before keeping the answers sends both again:
	 * the server answers as the first time and changes nothing. */
	assert_int_equal(cache_sql(copy, "SELECT count(*) FROM outbox"), 2);
	pid = door(t, "run", copy, false);
	t0 = cfx_ms();
	while (cfx_ms() - t0 < WAIT_MS &&
	       cache_sql(copy, "SELECT count(*) FROM outbox") > 0)
		pause_ms(10);
	kill9(pid);
	assert_int_equal(cache_sql(copy, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(cache_sql(copy, "SELECT count(*) FROM refusals"), 0);

	/* Exactly once each. */
	assert_int_equal(server_sql(t, sql), 1);
	assert_int_equal(server_sql(t, "SELECT count(*) FROM bookings"
	                               " WHERE walk_in = 1"),
	                 1);
	assert_int_equal(server_sql(t, "SELECT count(*) FROM outbox_keys"), 2);
	snprintf(sql, sizeof(sql),
	         "SELECT status = 'checked_in' FROM bookings WHERE id = %lld",
	         (long long)t->booking);
	assert_int_equal(server_sql(t, sql), 1);
	/* At the door's own time, offline, not when it was delivered. */
	snprintf(sql, sizeof(sql),
	         "SELECT checked_in_at FROM bookings WHERE id = %lld",
	         (long long)t->booking);
	assert_true(server_sql(t, sql) <= submitted);
	assert_true(server_sql(t, sql) >= submitted - 5);
}

/* Checks DIGITS and waits for the answer into *R. */
static void verify(cfx *f, client_verify_kind kind, const char *ref,
                   const char *digits, client_verify_result *r)
{
	int n = f->nverify;

	assert_int_equal(client_verify(f->c, kind, ref, digits), 0);
	assert_int_equal(cfx_wait_verify(f, n + 1, WAIT_MS), n + 1);
	pthread_mutex_lock(&f->mu);
	*r = f->verify;
	pthread_mutex_unlock(&f->mu);
}

/* Waits until the door's outbox is empty. */
static void wait_delivered(cfx *f)
{
	client_status st;
	int64_t t0 = cfx_ms();

	do {
		client_get_status(f->c, &st);
		if (st.pending == 0)
			return;
		pause_ms(5);
	} while (cfx_ms() - t0 < WAIT_MS);
	fail_msg("the outbox was not delivered");
}

static void test_pin(void **state)
{
	itest *t = *state;
	porte_time now = test_now(t);
	client_verify_result r;
	kiosk_event ev;
	char sql[160];
	int64_t id;
	cfx f;

	id = book(t, now - now % 1800 + 8 * 3600, now - now % 1800 + 9 * 3600,
	          "Annulée");
	door_open(t, &f, CLIENT_WAIT_DEFAULT);
	assert_int_equal(wait_booking(&f, id, WAIT_MS) >= 0, 1);
	/* Too short, or not digits: not even asked. */
	assert_int_equal(client_verify(f.c, CLIENT_VERIFY_PIN, NULL, "12"), -1);
	assert_int_equal(client_verify(f.c, CLIENT_VERIFY_PIN, NULL, "12345a"),
	                 -1);
	verify(&f, CLIENT_VERIFY_PIN, NULL, "999999", &r);
	assert_int_equal(r.status, CLIENT_VERIFY_WRONG);
	assert_string_equal(r.staff_ref, "");
	verify(&f, CLIENT_VERIFY_PIN, NULL, STAFF_PIN, &r);
	assert_int_equal(r.status, CLIENT_VERIFY_OK);
	assert_true(client_token_valid(r.staff_ref));
	/* The staff session goes with a staff action. */
	ev = cfx_event(KIOSK_EV_STAFF_CANCEL, "", test_now(t));
	snprintf(ev.booking, sizeof(ev.booking), "%lld", (long long)id);
	assert_true(strlen(r.staff_ref) < sizeof(ev.staff));
	client_copy(ev.staff, sizeof(ev.staff), r.staff_ref);
	assert_int_equal(client_submit(f.c, &ev), 0);
	wait_delivered(&f);
	snprintf(sql, sizeof(sql),
	         "SELECT status = 'cancelled' FROM bookings WHERE id = %lld",
	         (long long)id);
	assert_int_equal(server_sql(t, sql), 1);
	/* Wrong PINs in a row lock the door out, with the lock's end. */
	for (int i = 0; i < 8; i++) {
		verify(&f, CLIENT_VERIFY_PIN, NULL, "999999", &r);
		if (r.status == CLIENT_VERIFY_LOCKED)
			break;
		assert_int_equal(r.status, CLIENT_VERIFY_WRONG);
	}
	assert_int_equal(r.status, CLIENT_VERIFY_LOCKED);
	assert_true(r.locked_until > test_now(t));
	door_close(&f);
}

static void test_code(void **state)
{
	itest *t = *state;
	porte_time now = test_now(t);
	porte_time slot = now - now % 1800 + 3600; /* 09:00Z */
	char s[CAL_RFC3339_LEN], e[CAL_RFC3339_LEN], body[256], sql[160];
	char ref[32], code[8], wrong[8];
	client_verify_result r;
	long status = 0;
	int64_t id, keys;
	json_t *j;
	cfx f;

	/* Check-in opens an hour before the start in this room. */
	admin(t, NULL, NULL, 0, "rule", "set", "--room", ROOM, "checkin_before",
	      "60", NULL, NULL);
	cal_format_rfc3339(slot, s);
	cal_format_rfc3339(slot + 1800, e);
	snprintf(body, sizeof(body),
	         "{\"room\":\"%s\",\"start\":\"%s\",\"end\":\"%s\"}", ROOM, s,
	         e);
	j = api(t, "POST", "/api/v1/bookings", t->staff, body, &status);
	assert_int_equal(status, 201);
	id = json_integer_value(json_object_get(j, "id"));
	snprintf(code, sizeof(code), "%s",
	         json_string_value(json_object_get(j, "code")));
	json_decref(j);
	assert_int_equal(strlen(code), 4);
	snprintf(wrong, sizeof(wrong), "%04ld",
	         (strtol(code, NULL, 10) + 1) % 10000);
	snprintf(ref, sizeof(ref), "%lld", (long long)id);
	keys = server_sql(t, "SELECT count(*) FROM outbox_keys");

	door_open(t, &f, CLIENT_WAIT_DEFAULT);
	assert_int_equal(wait_booking(&f, id, WAIT_MS) >= 0, 1);
	verify(&f, CLIENT_VERIFY_CODE, ref, wrong, &r);
	assert_int_equal(r.status, CLIENT_VERIFY_WRONG);
	verify(&f, CLIENT_VERIFY_CODE, ref, code, &r);
	assert_int_equal(r.status, CLIENT_VERIFY_OK);
	assert_string_equal(r.booking, ref);
	/* The door then checks in: the same event, once. */
	{
		kiosk_event ev = cfx_event(KIOSK_EV_CHECKIN, ref, test_now(t));

		assert_int_equal(client_submit(f.c, &ev), 0);
	}
	wait_delivered(&f);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM events WHERE booking_id = %lld"
	         " AND kind = 'checkin'",
	         (long long)id);
	assert_int_equal(server_sql(t, sql), 1);
	assert_int_equal(server_sql(t, "SELECT count(*) FROM outbox_keys"),
	                 keys + 1);
	{
		client_snap snap;

		assert_int_equal(client_snapshot(f.c, &snap), 0);
		assert_int_equal(snap.nrefusals, 0);
		client_snapshot_free(&snap);
	}
	door_close(&f);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_enroll),
	        cmocka_unit_test(test_change_within_1s),
	        cmocka_unit_test(test_unchanged_is_304),
	        cmocka_unit_test(test_offline_killed_exactly_once),
	        cmocka_unit_test(test_pin),
	        cmocka_unit_test(test_code),
	};

	if (argc >= 2 && strcmp(argv[1], "--child") == 0)
		return child_main(argc, argv);
	if (argc < 3) {
		fprintf(stderr, "usage: %s PORTE-SERVER PORTE-ADMIN\n",
		        argv[0]);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	the_test.server_bin = argv[1];
	the_test.admin_bin = argv[2];
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, setup, teardown);
}

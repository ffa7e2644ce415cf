/*
 * test_net.c - the sync thread over real HTTP against a stand-in server
 * (libmicrohttpd, a thread per connection) whose answers each test sets:
 * the long-poll and its If-None-Match, 304s, a prompt stop in the middle
 * of a long-poll, back-off while the server is down and recovery when it
 * is back, an outbox delivered once the server answers again, oversized
 * and malformed replies over the wire, PIN answers.
 *
 * Waiting is on conditions (a notification, a counter), each bounded; the
 * only clock read is to measure how long something took.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "cfx.h"

#define TOKEN "device-token-0123456789abcdef"
#define WAIT_MS 15000

typedef enum mock_mode {
	MOCK_NORMAL = 0,
	MOCK_HUGE,    /* the schedule: 200 with a 5 MB body */
	MOCK_HOSTILE, /* the schedule: 200 with BAD */
	MOCK_ERROR    /* everything: 500 */
} mock_mode;

typedef struct mock {
	struct MHD_Daemon *d;
	unsigned port;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stopping;
	mock_mode mode;
	char *schedule; /* today's body */
	char etag[64];
	unsigned version;
	const char *bad;
	/* What was seen. */
	int held;          /* long-polls being held now */
	int schedules_200; /* of the sample date */
	int schedules_304;
	int event_posts;
	int events;                   /* events received, repeats included */
	char keys[64][WIRE_UUID_LEN]; /* distinct keys received */
	int nkeys;
	char last_inm[128]; /* If-None-Match of the last schedule */
	char last_auth[128];
	char last_query_wait[16];
} mock;

typedef struct req {
	strbuf body;
} req;

static void mock_set_schedule(mock *m, const char *etag)
{
	pthread_mutex_lock(&m->mu);
	free(m->schedule);
	m->schedule = cfx_sample_text(etag);
	snprintf(m->etag, sizeof(m->etag), "%s", etag);
	m->version++;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
                             const char *body, const char *etag)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	        strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;
	char quoted[80];

	if (etag != NULL) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", etag);
		MHD_add_response_header(r, "ETag", quoted);
	}
	MHD_add_response_header(r, "Content-Type", "application/json");
	if (status == 429)
		MHD_add_response_header(r, "Retry-After", "30");
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return rc;
}

/* Schedule of another date than the sample's: empty. */
static char *empty_schedule(const char *date)
{
	char *text = malloc(512);

	snprintf(text, 512,
	         "{\"room\":\"%s\",\"date\":\"%s\",\"tz\":\"Europe/Paris\","
	         "\"etag\":\"0-%s\",\"open\":[],\"messages\":[],"
	         "\"bookings\":[]}",
	         CFX_ROOM, date, date);
	return text;
}

static enum MHD_Result on_schedule(mock *m, struct MHD_Connection *c)
{
	const char *date =
	        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "date");
	const char *wait =
	        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "wait");
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              "If-None-Match");
	char quoted[128], other_etag[80], *body;
	enum MHD_Result rc;
	struct timespec until;
	unsigned version;

	if (date == NULL || strcmp(date, CFX_DATE) != 0) {
		snprintf(other_etag, sizeof(other_etag), "0-%s",
		         date ? date : "");
		snprintf(quoted, sizeof(quoted), "\"%s\"", other_etag);
		if (inm != NULL && strcmp(inm, quoted) == 0)
			return reply(c, 304, "", NULL);
		body = empty_schedule(date ? date : "");
		rc = reply(c, 200, body, other_etag);
		free(body);
		return rc;
	}
	pthread_mutex_lock(&m->mu);
	snprintf(m->last_inm, sizeof(m->last_inm), "%s", inm ? inm : "");
	snprintf(m->last_query_wait, sizeof(m->last_query_wait), "%s",
	         wait ? wait : "");
	if (m->mode == MOCK_HUGE || m->mode == MOCK_HOSTILE) {
		size_t n = 5 * 1024 * 1024;

		pthread_mutex_unlock(&m->mu);
		if (m->mode == MOCK_HOSTILE)
			return reply(c, 200, m->bad, NULL);
		body = malloc(n + 1);
		memset(body, ' ', n);
		body[0] = '{';
		body[n - 1] = '}';
		body[n] = '\0';
		rc = reply(c, 200, body, NULL);
		free(body);
		return rc;
	}
	snprintf(quoted, sizeof(quoted), "\"%s\"", m->etag);
	version = m->version;
	if (inm != NULL && strcmp(inm, quoted) == 0 && wait != NULL) {
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += strtol(wait, NULL, 10);
		m->held++;
		pthread_cond_broadcast(&m->cv);
		while (!m->stopping && m->version == version &&
		       pthread_cond_timedwait(&m->cv, &m->mu, &until) == 0)
			;
		m->held--;
	}
	snprintf(quoted, sizeof(quoted), "\"%s\"", m->etag);
	if (inm != NULL && strcmp(inm, quoted) == 0) {
		m->schedules_304++;
		pthread_mutex_unlock(&m->mu);
		return reply(c, 304, "", NULL);
	}
	m->schedules_200++;
	body = strdup(m->schedule);
	snprintf(other_etag, sizeof(other_etag), "%s", m->etag);
	pthread_mutex_unlock(&m->mu);
	rc = reply(c, 200, body, other_etag);
	free(body);
	return rc;
}

static enum MHD_Result on_rooms(struct MHD_Connection *c)
{
	wire_room r;
	json_t *j;
	char *text;
	enum MHD_Result rc;

	memset(&r, 0, sizeof(r));
	snprintf(r.id, sizeof(r.id), CFX_ROOM);
	snprintf(r.name, sizeof(r.name), "Salle 1");
	snprintf(r.site, sizeof(r.site), "BU");
	snprintf(r.tz, sizeof(r.tz), "Europe/Paris");
	r.kind = ROOM_GROUP;
	r.capacity = 1;
	rules_defaults(&r.rules);
	j = wire_rooms_json(&r, 1);
	text = json_dumps(j, JSON_COMPACT);
	rc = reply(c, 200, text, NULL);
	free(text);
	json_decref(j);
	return rc;
}

static enum MHD_Result on_events(mock *m, struct MHD_Connection *c,
                                 const req *q)
{
	wire_event *ev = NULL;
	wire_event_result *res;
	size_t n = 0;
	json_t *j = wire_load(strbuf_str(&q->body), strbuf_len(&q->body),
	                      WIRE_BODY_MAX, NULL);
	char *text;
	enum MHD_Result rc;

	if (j == NULL || wire_events_parse(j, &ev, &n, NULL) != 0) {
		json_decref(j);
		return reply(c, 400,
		             "{\"error\":{\"code\":\"bad_request\","
		             "\"message\":\"bad events\"}}",
		             NULL);
	}
	json_decref(j);
	res = calloc(n ? n : 1, sizeof(*res));
	pthread_mutex_lock(&m->mu);
	m->event_posts++;
	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		m->events++;
		for (int k = 0; k < m->nkeys; k++)
			seen = seen || strcmp(m->keys[k], ev[i].key) == 0;
		if (!seen && m->nkeys < 64)
			memcpy(m->keys[m->nkeys++], ev[i].key, WIRE_UUID_LEN);
		memcpy(res[i].key, ev[i].key, WIRE_UUID_LEN);
		res[i].applied = true;
	}
	pthread_mutex_unlock(&m->mu);
	j = wire_results_json(res, n);
	text = json_dumps(j, JSON_COMPACT);
	rc = reply(c, 200, text, NULL);
	free(text);
	json_decref(j);
	free(res);
	free(ev);
	return rc;
}

static enum MHD_Result on_sessions(struct MHD_Connection *c, const req *q)
{
	const char *body = strbuf_str(&q->body);

	if (strstr(body, "\"123456\"") != NULL)
		return reply(c, 201,
		             "{\"token\":\"staff-session-0123456789abcdef\","
		             "\"expires_at\":\"2026-11-23T08:20:00Z\","
		             "\"staff\":{\"id\":3,\"name\":\"Desk\"}}",
		             NULL);
	if (strstr(body, "\"999999\"") != NULL)
		return reply(c, 429,
		             "{\"error\":{\"code\":\"locked\",\"message\":"
		             "\"too many wrong PINs\"}}",
		             NULL);
	return reply(c, 401,
	             "{\"error\":{\"code\":\"unauthorized\",\"message\":"
	             "\"wrong PIN\"}}",
	             NULL);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
	mock *m = cls;
	req *q = *con_cls;
	const char *auth;
	mock_mode mode;

	(void)version;
	if (q == NULL) {
		q = calloc(1, sizeof(*q));
		strbuf_init(&q->body, WIRE_BODY_MAX);
		*con_cls = q;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		strbuf_add(&q->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	pthread_mutex_lock(&m->mu);
	snprintf(m->last_auth, sizeof(m->last_auth), "%s", auth ? auth : "");
	mode = m->mode;
	pthread_mutex_unlock(&m->mu);
	if (mode == MOCK_ERROR)
		return reply(c, 500,
		             "{\"error\":{\"code\":\"internal\",\"message\":"
		             "\"broken\"}}",
		             NULL);
	if (strcmp(method, "GET") == 0 &&
	    strcmp(url, "/api/v1/rooms/" CFX_ROOM "/schedule") == 0)
		return on_schedule(m, c);
	if (strcmp(method, "GET") == 0 && strcmp(url, "/api/v1/rooms") == 0)
		return on_rooms(c);
	if (strcmp(method, "POST") == 0 && strcmp(url, "/api/v1/events") == 0)
		return on_events(m, c, q);
	if (strcmp(method, "POST") == 0 && strcmp(url, "/api/v1/sessions") == 0)
		return on_sessions(c, q);
	return reply(c, 404,
	             "{\"error\":{\"code\":\"not_found\",\"message\":"
	             "\"no such route\"}}",
	             NULL);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
	req *q = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (q != NULL) {
		strbuf_free(&q->body);
		free(q);
	}
	*con_cls = NULL;
}

/* Serves on PORT (0: any). */
static void mock_start(mock *m, unsigned port)
{
	const union MHD_DaemonInfo *info;

	pthread_mutex_lock(&m->mu);
	m->stopping = false;
	pthread_mutex_unlock(&m->mu);
	m->d = MHD_start_daemon(
	        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD,
	        (uint16_t)port, NULL, NULL, handler, m,
	        MHD_OPTION_NOTIFY_COMPLETED, completed, m,
	        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1, MHD_OPTION_END);
	assert_non_null(m->d);
	info = MHD_get_daemon_info(m->d, MHD_DAEMON_INFO_BIND_PORT);
	m->port = info->port;
}

/* Stops serving: held long-polls end, the port is closed. */
static void mock_stop(mock *m)
{
	pthread_mutex_lock(&m->mu);
	m->stopping = true;
	pthread_cond_broadcast(&m->cv);
	pthread_mutex_unlock(&m->mu);
	MHD_stop_daemon(m->d);
	m->d = NULL;
}

/* A copy of what M saw, taken under its lock (asserts come after). */
static mock mock_seen(mock *m)
{
	mock copy;

	pthread_mutex_lock(&m->mu);
	copy = *m;
	pthread_mutex_unlock(&m->mu);
	return copy;
}

typedef struct net {
	cfx f;
	mock m;
	char url[64];
} net;

static int setup(void **state)
{
	net *n = calloc(1, sizeof(*n));

	assert_non_null(n);
	cfx_init(&n->f);
	pthread_mutex_init(&n->m.mu, NULL);
	pthread_cond_init(&n->m.cv, NULL);
	mock_set_schedule(&n->m, CFX_ETAG);
	mock_start(&n->m, 0);
	snprintf(n->url, sizeof(n->url), "http://127.0.0.1:%u", n->m.port);
	cfx_write_file(n->f.token_file, TOKEN "\n");
	*state = n;
	return 0;
}

static int teardown(void **state)
{
	net *n = *state;

	cfx_done(&n->f);
	if (n->m.d != NULL)
		mock_stop(&n->m);
	free(n->m.schedule);
	pthread_mutex_destroy(&n->m.mu);
	pthread_cond_destroy(&n->m.cv);
	free(n);
	return 0;
}

/* Opens and starts the door with long-polls of WAIT_S. */
static void start_door(net *n, int wait_s)
{
	client_options o;
	char *cause = NULL;

	memset(&o, 0, sizeof(o));
	o.cache_file = n->f.cache;
	o.token_file = n->f.token_file;
	o.room = CFX_ROOM;
	o.server_url = n->url;
	o.wait_s = wait_s;
	o.seed = 42;
	/* The door's clock is the fixture's: 2026-11-23T08:05:00Z. */
	cfx_callbacks(&n->f, &o);
	if (client_open(&o, &n->f.c, &cause) != 0)
		fail_msg("open: %s", cause);
	if (client_start(n->f.c, &cause) != 0)
		fail_msg("start: %s", cause);
}

static void status(net *n, client_status *st)
{
	client_get_status(n->f.c, st);
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Waits until COND(N) holds, at most WAIT_MS. */
static bool wait_until(net *n, bool (*cond)(net *n))
{
	int64_t t0 = cfx_ms();

	while (!cond(n)) {
		if (cfx_ms() - t0 > WAIT_MS)
			return false;
		pause_ms(2);
	}
	return true;
}

static bool is_held(net *n)
{
	int held;

	pthread_mutex_lock(&n->m.mu);
	held = n->m.held;
	pthread_mutex_unlock(&n->m.mu);
	return held > 0;
}

static bool has_polled(net *n)
{
	client_status st;

	status(n, &st);
	return st.polls >= 2;
}

static bool is_online(net *n)
{
	client_status st;

	status(n, &st);
	return st.online;
}

static bool is_offline(net *n)
{
	client_status st;

	status(n, &st);
	return !st.online && st.failures > 0;
}

static bool is_delivered(net *n)
{
	client_status st;

	status(n, &st);
	return st.pending == 0;
}

/* ---- tests ------------------------------------------------------------- */

static void test_long_poll_and_stop(void **state)
{
	net *n = *state;
	int64_t t0, took;
	mock seen;

	start_door(n, CLIENT_WAIT_DEFAULT);
	assert_true(wait_until(n, is_held));
	seen = mock_seen(&n->m);
	assert_string_equal(seen.last_auth, "Bearer " TOKEN);
	assert_string_equal(seen.last_query_wait, "25");
	assert_string_equal(seen.last_inm, "\"" CFX_ETAG "\"");
	/* Stopping does not wait for the 25 s long-poll. */
	t0 = cfx_ms();
	client_stop(n->f.c);
	took = cfx_ms() - t0;
	print_message("stopped in the middle of a long-poll in %lld ms\n",
	              (long long)took);
	assert_true(took < 1000);
}

static void test_change_and_304(void **state)
{
	net *n = *state;
	client_snap s;
	client_status a, b;
	int notes;
	int64_t t0, took;

	start_door(n, CLIENT_WAIT_DEFAULT);
	assert_true(wait_until(n, is_held));
	/* A change: the held request answers at once, and the door is
	 * told (each notification is followed by a snapshot, as the
	 * kiosk does). */
	t0 = cfx_ms();
	mock_set_schedule(&n->m, "8-2026-11-23-d");
	for (;;) {
		bool seen;

		notes = cfx_wait_notes(&n->f, 0, 0);
		assert_int_equal(client_snapshot(n->f.c, &s), 0);
		seen = strcmp(s.days[0].etag, "8-2026-11-23-d") == 0;
		assert_true(s.sync.online);
		client_snapshot_free(&s);
		if (seen)
			break;
		assert_true(cfx_wait_notes(&n->f, notes + 1, WAIT_MS) > notes);
	}
	took = cfx_ms() - t0;
	print_message("change seen in %lld ms\n", (long long)took);
	assert_true(took < 1000);
	client_close(n->f.c);
	n->f.c = NULL;

	/* Short long-polls of an unchanged room: each a 304. */
	start_door(n, 1);
	/* (The first door's long-poll may still be held by the mock.) */
	assert_true(wait_until(n, has_polled));
	status(n, &a);
	for (int i = 0; i < 2000; i++) {
		status(n, &b);
		if (b.polls >= a.polls + 3)
			break;
		pause_ms(5);
	}
	print_message("polls %llu..%llu, of which 304: %llu..%llu\n",
	              (unsigned long long)a.polls, (unsigned long long)b.polls,
	              (unsigned long long)a.not_modified,
	              (unsigned long long)b.not_modified);
	assert_true(b.polls >= a.polls + 3);
	assert_int_equal(b.polls - a.polls, b.not_modified - a.not_modified);
	assert_true(mock_seen(&n->m).schedules_304 >= 3);
}

static void test_down_backoff_recovery(void **state)
{
	net *n = *state;
	client_status st;
	kiosk_event ev;
	int64_t t0, took;
	uint64_t first;
	unsigned port = n->m.port;

	start_door(n, CLIENT_WAIT_DEFAULT);
	assert_true(wait_until(n, is_held));
	mock_stop(&n->m);
	assert_true(wait_until(n, is_offline));
	/* An action while down: kept. */
	ev = cfx_event(KIOSK_EV_CHECKIN, "11", n->f.now);
	assert_int_equal(client_submit(n->f.c, &ev), 0);
	/* Backing off: the third round of tries comes no sooner than
	 * 0.5 s + 1 s after the first (1 s, 2 s, 4 s... with jitter down
	 * to half), not a request a millisecond. */
	status(n, &st);
	first = st.failures;
	t0 = cfx_ms();
	for (int i = 0; i < 4000; i++) {
		status(n, &st);
		if (st.failures >= first + 2)
			break;
		pause_ms(5);
	}
	took = cfx_ms() - t0;
	print_message("2 more rounds of failures in %lld ms\n",
	              (long long)took);
	assert_true(st.failures >= first + 2);
	assert_true(took >= 1400);
	assert_false(st.online);
	assert_true(st.retry_at > 0);
	assert_int_equal(st.pending, 1);
	assert_non_null(strstr(st.last_error, "onnect"));
	/* Back: online again at the next try, the outbox delivered. */
	mock_start(&n->m, port);
	assert_int_equal(n->m.port, port);
	t0 = cfx_ms();
	assert_true(wait_until(n, is_online));
	print_message("back online %lld ms after the server\n",
	              (long long)(cfx_ms() - t0));
	assert_true(wait_until(n, is_delivered));
	assert_int_equal(mock_seen(&n->m).nkeys, 1);
	status(n, &st);
	assert_int_equal(st.delivered, 1);
	assert_int_equal(st.retry_at, 0);
}

static void test_errors_then_delivery(void **state)
{
	net *n = *state;
	kiosk_event ev;
	client_status st;

	pthread_mutex_lock(&n->m.mu);
	n->m.mode = MOCK_ERROR;
	pthread_mutex_unlock(&n->m.mu);
	start_door(n, CLIENT_WAIT_DEFAULT);
	ev = cfx_event(KIOSK_EV_CHECKIN, "11", n->f.now);
	assert_int_equal(client_submit(n->f.c, &ev), 0);
	for (int i = 0; i < 2000; i++) {
		status(n, &st);
		if (st.failures >= 2)
			break;
		pause_ms(5);
	}
	assert_true(st.failures >= 2);
	assert_non_null(strstr(st.last_error, "500"));
	assert_int_equal(st.pending, 1);
	pthread_mutex_lock(&n->m.mu);
	n->m.mode = MOCK_NORMAL;
	pthread_mutex_unlock(&n->m.mu);
	assert_true(wait_until(n, is_delivered));
	assert_int_equal(mock_seen(&n->m).nkeys, 1);
	/* Each failed try sent it again: at least once on the wire. */
	assert_true(mock_seen(&n->m).events >= 1);
}

static void test_hostile_over_the_wire(void **state)
{
	net *n = *state;
	client_status st;
	client_snap s;
	static const char bad[] = "{\"room\":\"g1\",\"date\":\"2026-11-23\","
	                          "\"tz\":\"Europe/Paris\",\"etag\":\"x\","
	                          "\"open\":[],\"messages\":[],\"bookings\":"
	                          "[{\"id\":-1}]}";

	/* A good schedule first. */
	start_door(n, CLIENT_WAIT_DEFAULT);
	assert_true(wait_until(n, is_held));
	client_close(n->f.c);
	n->f.c = NULL;
	for (int mode = MOCK_HUGE; mode <= MOCK_HOSTILE; mode++) {
		pthread_mutex_lock(&n->m.mu);
		n->m.mode = (mock_mode)mode;
		n->m.bad = bad;
		pthread_mutex_unlock(&n->m.mu);
		start_door(n, CLIENT_WAIT_DEFAULT);
		for (int i = 0; i < 2000; i++) {
			status(n, &st);
			if (st.rejected >= 1)
				break;
			pause_ms(5);
		}
		assert_true(st.rejected >= 1);
		print_message("refused: %s\n", st.last_error);
		if (mode == MOCK_HUGE)
			assert_non_null(strstr(st.last_error, "too large"));
		/* The cache kept the last good schedule. */
		assert_int_equal(client_snapshot(n->f.c, &s), 0);
		assert_true(s.have[0]);
		assert_string_equal(s.days[0].etag, CFX_ETAG);
		assert_int_equal(s.days[0].nbookings, 3);
		client_snapshot_free(&s);
		client_close(n->f.c);
		n->f.c = NULL;
	}
}

static void test_pin(void **state)
{
	net *n = *state;
	client_verify_result r;
	int count = 0;
	static const struct {
		const char *pin;
		client_verify_status want;
	} table[] = {
	        {"123456", CLIENT_VERIFY_OK},
	        {"111111", CLIENT_VERIFY_WRONG},
	        {"999999", CLIENT_VERIFY_LOCKED},
	};

	start_door(n, CLIENT_WAIT_DEFAULT);
	assert_true(wait_until(n, is_online));
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_int_equal(client_verify(n->f.c, CLIENT_VERIFY_PIN, NULL,
		                               table[i].pin),
		                 0);
		/* One check at a time. */
		assert_int_equal(client_verify(n->f.c, CLIENT_VERIFY_PIN, NULL,
		                               table[i].pin),
		                 -1);
		count++;
		assert_int_equal(cfx_wait_verify(&n->f, count, WAIT_MS), count);
		pthread_mutex_lock(&n->f.mu);
		r = n->f.verify;
		pthread_mutex_unlock(&n->f.mu);
		assert_int_equal(r.status, table[i].want);
		assert_int_equal(r.kind, CLIENT_VERIFY_PIN);
	}
	/* The lock's end from Retry-After. */
	assert_int_equal(r.locked_until, n->f.now + 30);
	/* The server gone: a PIN cannot be checked. */
	mock_stop(&n->m);
	assert_true(wait_until(n, is_offline));
	assert_int_equal(
	        client_verify(n->f.c, CLIENT_VERIFY_PIN, NULL, "123456"), -1);
	/* A code can: it goes with the check-in, judged on delivery. */
	assert_int_equal(
	        client_verify(n->f.c, CLIENT_VERIFY_CODE, "11", "1234"), 0);
	assert_int_equal(cfx_wait_verify(&n->f, count + 1, WAIT_MS), count + 1);
	assert_int_equal(n->f.verify.status, CLIENT_VERIFY_OK);
	{
		kiosk_event ev = cfx_event(KIOSK_EV_CHECKIN, "11", n->f.now);

		assert_int_equal(client_submit(n->f.c, &ev), 0);
		assert_int_equal(cfx_sql_int(&n->f, "SELECT code = '1234'"
		                                    " FROM outbox"),
		                 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_long_poll_and_stop, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_change_and_304, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_down_backoff_recovery,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_errors_then_delivery,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_hostile_over_the_wire,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_pin, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * sync.c - the sync thread: one curl multi handle, at most one transfer
 * of each kind at a time (today's long-poll, tomorrow's schedule, the room
 * list, the outbox, a PIN or code check), woken by curl_multi_wakeup when
 * the door acts or the client stops. It never touches the UI: it writes
 * the cache and calls the notify callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_int.h"

/* Seconds a request may take beyond its long-poll wait. */
#define REQUEST_TIMEOUT_S 30
/* The longest sleep of the loop, ms (it has nothing to do in between). */
#define POLL_MAX_MS 30000
/* After a 4xx on the room list, ask again this much later, ms. */
#define ROOMS_RETRY_MS 600000
/* A code check is good for the check-in that follows within this, ms. */
#define CODE_OK_MS 120000

typedef enum xfer_kind {
	XF_TODAY = 0,
	XF_TOMORROW,
	XF_ROOMS,
	XF_EVENTS,
	XF_VERIFY,
	XF__COUNT
} xfer_kind;

typedef struct xfer {
	CURL *easy;
	bool busy;
	client_reply r;
	cal_date date;           /* schedules */
	client_batch batch;      /* events */
	client_verify_req req;   /* verify */
	char key[WIRE_UUID_LEN]; /* verify CODE: its event's key */
	uint64_t round;          /* sync_ctx.round when started */
} xfer;

typedef struct sync_ctx {
	porte_client *c;
	xfer x[XF__COUNT];
	int64_t retry_at; /* mono ms; 0: no back-off under way */
	uint64_t round;   /* the requests started since the last failure
			     counted: one failure of a round backs off */
	int64_t tomorrow_due;
	int64_t rooms_due;
	bool events_wanted;
	size_t batch_max;
	cal_date today; /* the date of the last plan */
	bool have_req;  /* a verify request picked up */
	client_verify_req req;
} sync_ctx;

/* ---- taking replies ---------------------------------------------------- */

int client_take_schedule(porte_client *c, cal_date asked, long http,
                         const char *etag_hdr, const char *body, size_t len,
                         char **cause)
{
	char msg[CLIENT_ERROR_MAX], *text = NULL;
	wire_schedule s;
	json_t *j = NULL;
	porte_time now;
	tz_zone *z = NULL;
	int rc = -1;

	wire_schedule_init(&s);
	if (http == 304)
		return 0;
	if (http != 200) {
		client_error_text(http, body, len, msg, sizeof(msg));
		return client_fail(cause, "schedule: %s", msg);
	}
	j = wire_load(body, len, WIRE_REPLY_MAX, cause);
	if (j == NULL || wire_schedule_parse(j, &s, cause) != 0)
		goto out;
	if (strcmp(s.room, c->room) != 0) {
		client_fail(cause, "schedule of room '%s', not '%s'", s.room,
		            c->room);
		goto out;
	}
	if (cal_date_cmp(s.date, asked) != 0) {
		client_fail(cause, "schedule of another date than asked");
		goto out;
	}
	if (etag_hdr != NULL && etag_hdr[0] != '\0' &&
	    strcmp(etag_hdr, s.etag) != 0) {
		client_fail(cause, "the ETag header and the schedule's differ");
		goto out;
	}
	/* A zone this system does not know would make every date wrong. */
	if (tz_load(s.tz, &z, cause) != 0)
		goto out;
	tz_free(z);
	text = strndup(body, len);
	if (text == NULL) {
		client_fail(cause, "out of memory");
		goto out;
	}
	pthread_mutex_lock(&c->lock);
	now = client_now(c);
	if (cache_begin(c) != 0 ||
	    cache_schedule_put(c, &s, text, s.etag, now) != 0 ||
	    cache_meta_set(c, "tz", s.tz) != 0 ||
	    cache_schedule_prune(c, cal_date_add_days(asked, -1)) != 0 ||
	    cache_commit(c) != 0) {
		cache_rollback(c);
		client_fail(cause, "%s", c->st.last_error);
	} else {
		client_set_zone(c, s.tz, NULL);
		rc = 1;
	}
	pthread_mutex_unlock(&c->lock);
out:
	free(text);
	wire_schedule_free(&s);
	json_decref(j);
	return rc;
}

int client_take_rooms(porte_client *c, const char *body, size_t len,
                      char **cause)
{
	wire_room *rooms = NULL, *mine = NULL;
	char *text = NULL, *old = NULL;
	json_t *j, *one = NULL;
	size_t n = 0;
	int rc = -1;

	j = wire_load(body, len, WIRE_REPLY_MAX, cause);
	if (j == NULL || wire_rooms_parse(j, &rooms, &n, cause) != 0)
		goto out;
	for (size_t i = 0; i < n && mine == NULL; i++) {
		if (strcmp(rooms[i].id, c->room) == 0)
			mine = &rooms[i];
	}
	if (mine == NULL) {
		client_fail(cause, "room '%s' is not in the room list",
		            c->room);
		goto out;
	}
	one = wire_room_json(mine);
	text = one != NULL ? json_dumps(one, JSON_COMPACT | JSON_SORT_KEYS)
	                   : NULL;
	old = malloc(WIRE_BODY_MAX);
	if (text == NULL || old == NULL || strlen(text) >= WIRE_BODY_MAX) {
		client_fail(cause, "out of memory");
		goto out;
	}
	pthread_mutex_lock(&c->lock);
	if (cache_meta_get(c, "room_json", old, WIRE_BODY_MAX) == 1 &&
	    strcmp(old, text) == 0) {
		rc = 0;
	} else if (cache_meta_set(c, "room_json", text) == 0) {
		c->rules = mine->rules;
		c->has_rules = true;
		client_set_zone(c, mine->tz, NULL);
		rc = 1;
	} else {
		client_fail(cause, "%s", c->st.last_error);
	}
	pthread_mutex_unlock(&c->lock);
out:
	free(old);
	free(text);
	json_decref(one);
	json_decref(j);
	free(rooms);
	return rc;
}

/* ---- status ------------------------------------------------------------ */

static void set_error(porte_client *c, const char *msg)
{
	pthread_mutex_lock(&c->lock);
	client_copy(c->st.last_error, sizeof(c->st.last_error), msg);
	pthread_mutex_unlock(&c->lock);
}

/* A good answer: back to work at once. */
static void success(sync_ctx *s)
{
	porte_client *c = s->c;
	bool changed;
	porte_time now;

	backoff_reset(&c->backoff);
	s->retry_at = 0;
	pthread_mutex_lock(&c->lock);
	changed = !c->st.online;
	c->st.online = true;
	c->st.unauthorized = false;
	c->st.retry_at = 0;
	now = client_now(c);
	c->st.last_success = now;
	if (now - c->success_saved >= CLIENT_SAVE_SUCCESS_EVERY) {
		char v[32];

		snprintf(v, sizeof(v), "%lld", (long long)now);
		if (cache_meta_set(c, "last_success", v) == 0)
			c->success_saved = now;
	}
	pthread_mutex_unlock(&c->lock);
	if (changed)
		client_notify(c);
}

/*
 * A request of X that failed: REACHED when the server answered (with an
 * error or something malformed), else it could not be reached. Backs off,
 * once per round of requests.
 */
static void failure(sync_ctx *s, const xfer *x, bool reached, bool rejected,
                    const char *msg)
{
	porte_client *c = s->c;
	int64_t mono = client_mono_ms();
	bool changed;
	bool counted = x->round == s->round;

	if (counted) {
		s->retry_at = mono + backoff_next(&c->backoff);
		s->round++;
	}
	pthread_mutex_lock(&c->lock);
	changed = c->st.online != reached;
	c->st.online = reached;
	if (counted)
		c->st.failures++;
	if (rejected)
		c->st.rejected++;
	client_copy(c->st.last_error, sizeof(c->st.last_error), msg);
	c->st.retry_at = client_now(c) + (s->retry_at - mono + 999) / 1000;
	pthread_mutex_unlock(&c->lock);
	if (changed)
		client_notify(c);
}

/* ---- starting transfers ------------------------------------------------ */

static int start(sync_ctx *s, xfer_kind k, const char *path, long timeout_s,
                 const char *etag, const char *post)
{
	porte_client *c = s->c;
	xfer *x = &s->x[k];
	char url[CLIENT_URL_MAX + 160];

	snprintf(url, sizeof(url), "%s%s", c->server_url, path);
	curl_easy_reset(x->easy);
	if (client_easy_setup(x->easy, url, c->ca_file, timeout_s, c->token,
	                      etag, post, &x->r) != 0 ||
	    curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
		client_reply_free(&x->r);
		set_error(c, "out of memory");
		return -1;
	}
	x->busy = true;
	x->round = s->round;
	return 0;
}

/* Drops X's transfer (finished or abandoned). */
static void drop(sync_ctx *s, xfer *x)
{
	if (x->busy)
		curl_multi_remove_handle(s->c->multi, x->easy);
	x->busy = false;
	client_reply_free(&x->r);
	client_batch_free(&x->batch);
}

static void start_schedule(sync_ctx *s, xfer_kind k, cal_date d, bool poll)
{
	porte_client *c = s->c;
	char etag[WIRE_ETAG_MAX + 1], date[CAL_DATE_LEN], path[160];
	int wait = 0;

	pthread_mutex_lock(&c->lock);
	if (cache_schedule_etag(c, d, etag) != 1)
		etag[0] = '\0';
	if (poll && etag[0] != '\0' && c->st.online)
		wait = c->wait_s;
	pthread_mutex_unlock(&c->lock);
	cal_format_date(d, date);
	if (wait > 0)
		snprintf(path, sizeof(path),
		         "/api/v1/rooms/%s/schedule?date=%s&wait=%d", c->room,
		         date, wait);
	else
		snprintf(path, sizeof(path),
		         "/api/v1/rooms/%s/schedule?date=%s", c->room, date);
	if (start(s, k, path, REQUEST_TIMEOUT_S + wait, etag, NULL) == 0)
		s->x[k].date = d;
}

static void start_events(sync_ctx *s)
{
	porte_client *c = s->c;
	xfer *x = &s->x[XF_EVENTS];
	int n, refused = 0;

	pthread_mutex_lock(&c->lock);
	n = outbox_batch(c, &x->batch, s->batch_max, &refused);
	pthread_mutex_unlock(&c->lock);
	if (refused > 0)
		client_notify(c);
	if (n <= 0) {
		s->events_wanted = false;
		client_batch_free(&x->batch);
		return;
	}
	if (start(s, XF_EVENTS, "/api/v1/events", REQUEST_TIMEOUT_S, NULL,
	          x->batch.body) != 0)
		client_batch_free(&x->batch);
}

/* Calls the verify callback with R. */
static void verify_answer(sync_ctx *s, const client_verify_req *q,
                          client_verify_status st, const char *staff,
                          porte_time locked_until, const char *message)
{
	porte_client *c = s->c;
	client_verify_result r;

	memset(&r, 0, sizeof(r));
	r.kind = q->kind;
	r.status = st;
	client_copy(r.booking, sizeof(r.booking), q->booking);
	client_copy(r.staff_ref, sizeof(r.staff_ref), staff);
	r.locked_until = locked_until;
	client_copy(r.message, sizeof(r.message), message);
	pthread_mutex_lock(&c->lock);
	c->verify.busy = false;
	pthread_mutex_unlock(&c->lock);
	if (c->verify_done != NULL)
		c->verify_done(c->verify_arg, &r);
}

/* A code taken for the check-in that follows, under KEY ("" for a new
 * one). */
static void code_taken(porte_client *c, const client_verify_req *q,
                       const char *key)
{
	pthread_mutex_lock(&c->lock);
	client_copy(c->code_ok.booking, sizeof(c->code_ok.booking), q->booking);
	client_copy(c->code_ok.key, sizeof(c->code_ok.key), key);
	client_copy(c->code_ok.code, sizeof(c->code_ok.code), q->digits);
	c->code_ok.until = client_mono_ms() + CODE_OK_MS;
	pthread_mutex_unlock(&c->lock);
}

/*
 * A code check: the check-in itself, with the code, sent at once under a
 * new key. The server judges the code; the outbox later sends the same
 * event (same key), which changes nothing more.
 */
static void start_code(sync_ctx *s, const client_verify_req *q)
{
	xfer *x = &s->x[XF_VERIFY];
	wire_event e;
	json_t *j;
	char *body;
	int64_t id;

	memset(&e, 0, sizeof(e));
	if (client_parse_id(q->booking, &id) != 0 || client_uuid4(e.key) != 0) {
		/* A booking made here: no code to check. */
		code_taken(s->c, q, "");
		verify_answer(s, q, CLIENT_VERIFY_OK, "", 0, "");
		return;
	}
	e.type = WIRE_EV_CHECKIN;
	e.booking = id;
	e.at = client_now(s->c);
	client_copy(e.code, sizeof(e.code), q->digits);
	j = wire_events_json(&e, 1);
	body = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	x->req = *q;
	memcpy(x->key, e.key, sizeof(x->key));
	if (body == NULL || start(s, XF_VERIFY, "/api/v1/events",
	                          REQUEST_TIMEOUT_S, NULL, body) != 0) {
		code_taken(s->c, q, e.key);
		verify_answer(s, q, CLIENT_VERIFY_OK, "", 0, "");
	}
	free(body);
}

static void start_verify(sync_ctx *s, bool gate_open)
{
	client_verify_req q = s->req;
	char body[64];

	s->have_req = false;
	if (q.kind == CLIENT_VERIFY_CODE) {
		if (!gate_open) {
			/* Offline: the code goes with the check-in, and the
			 * server judges it on delivery. */
			code_taken(s->c, &q, "");
			verify_answer(s, &q, CLIENT_VERIFY_OK, "", 0, "");
			return;
		}
		start_code(s, &q);
		return;
	}
	if (!gate_open) {
		verify_answer(s, &q, CLIENT_VERIFY_UNREACHABLE, "", 0,
		              "the server cannot be reached");
		return;
	}
	snprintf(body, sizeof(body), "{\"pin\":\"%s\"}", q.digits);
	s->x[XF_VERIFY].req = q;
	if (start(s, XF_VERIFY, "/api/v1/sessions", REQUEST_TIMEOUT_S, NULL,
	          body) != 0)
		verify_answer(s, &q, CLIENT_VERIFY_UNREACHABLE, "", 0,
		              "out of memory");
}

/* ---- finished transfers ------------------------------------------------ */

static void done_schedule(sync_ctx *s, xfer_kind k, long http)
{
	porte_client *c = s->c;
	xfer *x = &s->x[k];
	char *cause = NULL;
	int rc;

	pthread_mutex_lock(&c->lock);
	c->st.polls++;
	if (http == 304)
		c->st.not_modified++;
	pthread_mutex_unlock(&c->lock);
	rc = client_take_schedule(
	        c, x->date, http, x->r.etag_bad ? "-" : x->r.etag,
	        strbuf_str(&x->r.body), strbuf_len(&x->r.body), &cause);
	if (rc < 0) {
		if (http == 401) {
			pthread_mutex_lock(&c->lock);
			c->st.unauthorized = true;
			pthread_mutex_unlock(&c->lock);
		}
		failure(s, x, http < 500, http == 200 || http == 304,
		        cause ? cause : "schedule refused");
		free(cause);
		return;
	}
	success(s);
	if (k == XF_TOMORROW)
		s->tomorrow_due =
		        client_mono_ms() + CLIENT_TOMORROW_EVERY * 1000;
	if (rc == 1) {
		/* The room changed: tomorrow may have too. */
		if (k == XF_TODAY)
			s->tomorrow_due = 0;
		client_notify(c);
	}
}

static void done_rooms(sync_ctx *s, long http)
{
	xfer *x = &s->x[XF_ROOMS];
	char *cause = NULL, msg[CLIENT_ERROR_MAX];
	int rc;

	if (http != 200) {
		client_error_text(http, strbuf_str(&x->r.body),
		                  strbuf_len(&x->r.body), msg, sizeof(msg));
		if (http < 500)
			s->rooms_due = client_mono_ms() + ROOMS_RETRY_MS;
		failure(s, x, http < 500, false, msg);
		return;
	}
	rc = client_take_rooms(s->c, strbuf_str(&x->r.body),
	                       strbuf_len(&x->r.body), &cause);
	if (rc < 0) {
		s->rooms_due = client_mono_ms() + ROOMS_RETRY_MS;
		failure(s, x, true, true, cause ? cause : "rooms refused");
		free(cause);
		return;
	}
	s->rooms_due = client_mono_ms() + CLIENT_ROOMS_EVERY * 1000;
	success(s);
	if (rc == 1)
		client_notify(s->c);
}

static void done_events(sync_ctx *s, long http)
{
	porte_client *c = s->c;
	xfer *x = &s->x[XF_EVENTS];
	char *cause = NULL, msg[CLIENT_ERROR_MAX];
	int rc;

	if (http == 413 && s->batch_max > 1) {
		s->batch_max /= 2;
		s->events_wanted = true;
		return;
	}
	if (http != 200) {
		client_error_text(http, strbuf_str(&x->r.body),
		                  strbuf_len(&x->r.body), msg, sizeof(msg));
		if (http == 401) {
			pthread_mutex_lock(&c->lock);
			c->st.unauthorized = true;
			pthread_mutex_unlock(&c->lock);
		}
		failure(s, x, http < 500, false, msg);
		return;
	}
	rc = client_take_results(c, &x->batch, strbuf_str(&x->r.body),
	                         strbuf_len(&x->r.body), &cause);
	if (rc < 0) {
		failure(s, x, true, true, cause ? cause : "results refused");
		free(cause);
		return;
	}
	success(s);
	/* More may wait (a full batch, walk-ins now known). */
	s->events_wanted = rc > 0;
	if (rc > 0)
		client_notify(c);
}

/* The staff session's token of a PIN login reply, into OUT. */
static int pin_reply(const char *body, size_t len, char *out, char **cause)
{
	static const char *const fields[] = {"token", "expires_at", "staff",
	                                     NULL};
	json_t *j = wire_load(body, len, WIRE_BODY_MAX, cause);
	const char *token = NULL;
	porte_time until = 0;
	int rc = -1;

	if (j == NULL)
		return -1;
	if (wire_check_fields(j, fields, cause) != 0 ||
	    wire_get_string(j, "token", WIRE_REQUIRED | WIRE_NONEMPTY,
	                    WIRE_TOKEN_MAX, &token, cause) != 0 ||
	    wire_get_time(j, "expires_at", WIRE_OPTIONAL, &until, cause) != 0)
		goto out;
	if (json_object_get(j, "staff") != NULL &&
	    !json_is_object(json_object_get(j, "staff"))) {
		client_fail(cause, "field 'staff': expected an object");
		goto out;
	}
	if (!client_token_valid(token)) {
		client_fail(cause, "field 'token': not a token");
		goto out;
	}
	client_copy(out, WIRE_TOKEN_MAX + 1, token);
	rc = 0;
out:
	json_decref(j);
	return rc;
}

static void done_pin(sync_ctx *s, long http, bool transport_ok)
{
	xfer *x = &s->x[XF_VERIFY];
	const char *body = strbuf_str(&x->r.body);
	size_t len = strbuf_len(&x->r.body);
	char token[WIRE_TOKEN_MAX + 1], msg[CLIENT_ERROR_MAX], *cause = NULL;
	porte_time now = client_now(s->c);

	if (!transport_ok || http >= 500) {
		failure(s, x, transport_ok, false, "staff sign-in: no answer");
		verify_answer(s, &x->req, CLIENT_VERIFY_UNREACHABLE, "", 0,
		              "the server cannot be reached");
		return;
	}
	client_error_text(http, body, len, msg, sizeof(msg));
	if (http == 429) {
		success(s);
		verify_answer(
		        s, &x->req, CLIENT_VERIFY_LOCKED, "",
		        now + (x->r.retry_after > 0 ? x->r.retry_after : 60),
		        msg);
	} else if (http == 401 || http == 403) {
		success(s);
		verify_answer(s, &x->req, CLIENT_VERIFY_WRONG, "", 0, msg);
	} else if ((http == 200 || http == 201) &&
	           pin_reply(body, len, token, &cause) == 0) {
		success(s);
		verify_answer(s, &x->req, CLIENT_VERIFY_OK, token, 0, "");
	} else {
		failure(s, x, true, http == 200 || http == 201,
		        cause ? cause : msg);
		verify_answer(s, &x->req, CLIENT_VERIFY_UNREACHABLE, "", 0,
		              cause ? cause : msg);
	}
	free(cause);
}

/* The result of a code check's one event. Returns 0, or -1. */
static int code_result(const xfer *x, wire_event_result *out, char **cause)
{
	json_t *j = wire_load(strbuf_str(&x->r.body), strbuf_len(&x->r.body),
	                      WIRE_REPLY_MAX, cause);
	wire_event_result *res = NULL;
	size_t n = 0;
	int rc = -1;

	if (j == NULL || wire_results_parse(j, &res, &n, cause) != 0)
		goto out;
	if (n != 1 || strcmp(res[0].key, x->key) != 0) {
		client_fail(cause, "not the result of the code's check-in");
		goto out;
	}
	*out = res[0];
	rc = 0;
out:
	free(res);
	json_decref(j);
	return rc;
}

static void done_code(sync_ctx *s, long http, bool transport_ok)
{
	xfer *x = &s->x[XF_VERIFY];
	wire_event_result r;
	char *cause = NULL, msg[CLIENT_ERROR_MAX];

	if (!transport_ok || http >= 500) {
		/* Maybe applied, maybe not: the outbox sends the same event
		 * again, under the same key. */
		failure(s, x, transport_ok, false, "code check: no answer");
		code_taken(s->c, &x->req, x->key);
		verify_answer(s, &x->req, CLIENT_VERIFY_OK, "", 0, "");
		return;
	}
	if (http != 200 || code_result(x, &r, &cause) != 0) {
		client_error_text(http, strbuf_str(&x->r.body),
		                  strbuf_len(&x->r.body), msg, sizeof(msg));
		failure(s, x, true, http == 200, cause ? cause : msg);
		verify_answer(s, &x->req, CLIENT_VERIFY_UNREACHABLE, "", 0,
		              cause ? cause : msg);
		free(cause);
		return;
	}
	success(s);
	if (!r.applied && strcmp(r.code, "bad_code") == 0) {
		verify_answer(s, &x->req, CLIENT_VERIFY_WRONG, "", 0,
		              r.message);
		return;
	}
	/* Applied, or refused for another reason that the outbox's copy of
	 * the event will bring back (same key, same first result). */
	code_taken(s->c, &x->req, x->key);
	verify_answer(s, &x->req, CLIENT_VERIFY_OK, "", 0, "");
	client_notify(s->c);
}

static void finish(sync_ctx *s, xfer_kind k, CURLcode cc)
{
	xfer *x = &s->x[k];
	long http = 0;
	char msg[CLIENT_ERROR_MAX];
	bool too_big = cc == CURLE_WRITE_ERROR || cc == CURLE_FILESIZE_EXCEEDED;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &http);
	curl_multi_remove_handle(s->c->multi, x->easy);
	x->busy = false;
	snprintf(msg, sizeof(msg), "%s",
	         too_big                  ? "reply too large"
	         : x->r.errbuf[0] != '\0' ? x->r.errbuf
	                                  : curl_easy_strerror(cc));
	if (k == XF_VERIFY) {
		if (x->req.kind == CLIENT_VERIFY_PIN)
			done_pin(s, http, cc == CURLE_OK);
		else
			done_code(s, http, cc == CURLE_OK);
	} else if (cc != CURLE_OK) {
		failure(s, x, too_big, too_big, msg);
	} else if (k == XF_TODAY || k == XF_TOMORROW) {
		done_schedule(s, k, http);
	} else if (k == XF_ROOMS) {
		done_rooms(s, http);
	} else {
		done_events(s, http);
	}
	drop(s, x);
}

/* ---- the loop ---------------------------------------------------------- */

/* Milliseconds from NOW to the next local midnight (at least 1 s). */
static int64_t to_midnight(porte_client *c, porte_time now)
{
	porte_time start = 0, end = 0;
	cal_date d;

	pthread_mutex_lock(&c->lock);
	d = client_date_of(c, now);
	if (c->tz == NULL || tz_day_bounds(c->tz, d, &start, &end) != 0)
		end = (now / 86400 + 1) * 86400;
	pthread_mutex_unlock(&c->lock);
	return end > now ? (end - now) * 1000 : 1000;
}

static void plan(sync_ctx *s, int64_t mono)
{
	porte_client *c = s->c;
	bool gate_open = s->retry_at == 0 || mono >= s->retry_at;
	porte_time now = client_now(c);
	cal_date today;

	pthread_mutex_lock(&c->lock);
	today = client_date_of(c, now);
	pthread_mutex_unlock(&c->lock);
	if (s->today.year != 0 && cal_date_cmp(s->today, today) != 0) {
		/* A new day: its schedule, and the door must look again. */
		if (s->x[XF_TODAY].busy)
			drop(s, &s->x[XF_TODAY]);
		s->tomorrow_due = 0;
		client_notify(c);
	}
	s->today = today;
	if (s->have_req && !s->x[XF_VERIFY].busy)
		start_verify(s, gate_open);
	if (!gate_open)
		return;
	if (!s->x[XF_TODAY].busy)
		start_schedule(s, XF_TODAY, today, true);
	if (!s->x[XF_EVENTS].busy && s->events_wanted)
		start_events(s);
	if (!s->x[XF_TOMORROW].busy && mono >= s->tomorrow_due)
		start_schedule(s, XF_TOMORROW, cal_date_add_days(today, 1),
		               false);
	if (!s->x[XF_ROOMS].busy && mono >= s->rooms_due)
		start(s, XF_ROOMS, "/api/v1/rooms", REQUEST_TIMEOUT_S, NULL,
		      NULL);
}

static int64_t sleep_ms(sync_ctx *s, int64_t mono)
{
	int64_t t = to_midnight(s->c, client_now(s->c));

	if (t > POLL_MAX_MS)
		t = POLL_MAX_MS;
	if (s->retry_at > mono) {
		if (s->retry_at - mono < t)
			t = s->retry_at - mono;
		return t;
	}
	if (!s->x[XF_TOMORROW].busy && s->tomorrow_due - mono < t)
		t = s->tomorrow_due - mono;
	if (!s->x[XF_ROOMS].busy && s->rooms_due - mono < t)
		t = s->rooms_due - mono;
	/* Something that should run but could not start: try again soon. */
	if (!s->x[XF_TODAY].busy && t > 1000)
		t = 1000;
	return t < 0 ? 0 : t;
}

/* Takes the flags the other threads set. Returns false when asked to
 * stop. */
static bool pick_flags(sync_ctx *s)
{
	porte_client *c = s->c;
	bool stop;

	pthread_mutex_lock(&c->lock);
	stop = c->stop;
	if (c->kick)
		s->events_wanted = true;
	c->kick = false;
	if (c->verify.queued && !s->have_req) {
		s->req = c->verify;
		s->have_req = true;
		c->verify.queued = false;
	}
	pthread_mutex_unlock(&c->lock);
	return !stop;
}

static void drain(sync_ctx *s)
{
	CURLMsg *m;
	int left = 0;

	for (;;) {
		m = curl_multi_info_read(s->c->multi, &left);
		if (m == NULL)
			break;
		if (m->msg != CURLMSG_DONE)
			continue;
		for (int k = 0; k < XF__COUNT; k++) {
			if (s->x[k].busy && s->x[k].easy == m->easy_handle) {
				finish(s, (xfer_kind)k, m->data.result);
				break;
			}
		}
	}
}

void *client_sync_main(void *arg)
{
	sync_ctx s;
	int running = 0;

	memset(&s, 0, sizeof(s));
	s.c = arg;
	s.events_wanted = true;
	s.batch_max = CLIENT_BATCH_MAX;
	for (int k = 0; k < XF__COUNT; k++) {
		s.x[k].easy = curl_easy_init();
		if (s.x[k].easy == NULL) {
			set_error(s.c, "libcurl: out of memory");
			goto out;
		}
	}
	while (pick_flags(&s)) {
		int64_t mono = client_mono_ms();

		plan(&s, mono);
		curl_multi_poll(s.c->multi, NULL, 0, (int)sleep_ms(&s, mono),
		                NULL);
		curl_multi_perform(s.c->multi, &running);
		drain(&s);
	}
out:
	for (int k = 0; k < XF__COUNT; k++) {
		drop(&s, &s.x[k]);
		if (s.x[k].easy != NULL)
			curl_easy_cleanup(s.x[k].easy);
	}
	return NULL;
}

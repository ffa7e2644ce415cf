/*
 * outbox.c - the door's actions: stored with their effect in one
 * transaction, delivered in order, acknowledged once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../kiosk/state.h"
#include "client_int.h"

/* Seconds a refusal waits for the door to show it. */
#define REFUSAL_KEEP (7 * 86400)

/* ---- kiosk events -> wire events -------------------------------------- */

static int need_staff(const struct kiosk_event *ev, const char *what,
                      char **cause)
{
	if (ev->staff[0] == '\0')
		return client_fail(cause, "%s needs a staff session", what);
	return 0;
}

int client_map_event(const struct kiosk_event *ev, wire_event *out,
                     char **cause)
{
	wire_event e;

	memset(&e, 0, sizeof(e));
	if (ev->at <= 0)
		return client_fail(cause, "an event needs its time");
	if (memchr(ev->staff, '\0', sizeof(ev->staff)) == NULL ||
	    wire_check_text("staff", ev->staff, WIRE_TOKEN_MAX, 0, cause) != 0)
		return -1;
	e.at = ev->at;
	client_copy(e.staff, sizeof(e.staff), ev->staff);
	switch (ev->type) {
	case KIOSK_EV_CHECKIN:
		e.type = WIRE_EV_CHECKIN;
		break;
	case KIOSK_EV_STAFF_ADD:
		if (need_staff(ev, "a staff addition", cause) != 0)
			return -1;
		/* fall through */
	case KIOSK_EV_WALK_IN:
		e.type = WIRE_EV_WALK_IN;
		if (ev->start <= 0 || ev->end <= ev->start)
			return client_fail(cause, "a walk-in needs a start "
			                          "and a later end");
		e.start = ev->start;
		e.end = ev->end;
		break;
	case KIOSK_EV_END:
		e.type = WIRE_EV_END;
		break;
	case KIOSK_EV_EXTEND:
		e.type = WIRE_EV_EXTEND;
		if (ev->end <= 0)
			return client_fail(cause, "an extension needs its end");
		e.new_end = ev->end;
		break;
	case KIOSK_EV_STAFF_REMOVE:
		e.type = WIRE_EV_STAFF_REMOVE;
		if (need_staff(ev, "a removal", cause) != 0)
			return -1;
		if (ev->reason == NULL || ev->reason[0] == '\0')
			return client_fail(cause, "a removal needs a reason");
		if (wire_check_text("reason", ev->reason, WIRE_REASON_MAX, 0,
		                    cause) != 0)
			return -1;
		client_copy(e.reason, sizeof(e.reason), ev->reason);
		break;
	case KIOSK_EV_STAFF_CANCEL:
		e.type = WIRE_EV_CANCEL;
		if (need_staff(ev, "a cancellation", cause) != 0)
			return -1;
		break;
	default:
		return client_fail(cause, "unknown event type %d",
		                   (int)ev->type);
	}
	*out = e;
	return 0;
}

/* ---- the shown table --------------------------------------------------- */

typedef struct shown_row {
	int64_t id;
	char ref[CLIENT_REF_MAX];
	int64_t booking_id;
	bool walk_in;
	bool refused;
	booking_status status;
	porte_time start, end, checked_in_at;
} shown_row;

/* Shown row of REF into *OUT. Returns 1, 0 absent, -1. */
static int shown_get(porte_client *c, const char *ref, shown_row *out)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "SELECT id, booking_id, walk_in, refused, status, start_at,"
	           " end_at, checked_in_at FROM shown WHERE ref = ?1");
	int rc = -1, step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(s, 0);
		client_copy(out->ref, sizeof(out->ref), ref);
		out->booking_id = sqlite3_column_int64(s, 1);
		out->walk_in = sqlite3_column_int(s, 2) != 0;
		out->refused = sqlite3_column_int(s, 3) != 0;
		out->status = (booking_status)sqlite3_column_int(s, 4);
		out->start = sqlite3_column_int64(s, 5);
		out->end = sqlite3_column_int64(s, 6);
		out->checked_in_at = sqlite3_column_int64(s, 7);
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int shown_put(porte_client *c, const shown_row *r, porte_time now)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "INSERT INTO shown(ref, booking_id, walk_in, status,"
	           " start_at, end_at, checked_in_at, updated_at)"
	           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	           " ON CONFLICT(ref) DO UPDATE SET booking_id = ?2,"
	           " status = ?4, start_at = ?5, end_at = ?6,"
	           " checked_in_at = ?7, updated_at = ?8");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, r->ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, r->booking_id);
	sqlite3_bind_int(s, 3, r->walk_in);
	sqlite3_bind_int(s, 4, (int)r->status);
	sqlite3_bind_int64(s, 5, r->start);
	sqlite3_bind_int64(s, 6, r->end);
	sqlite3_bind_int64(s, 7, r->checked_in_at);
	sqlite3_bind_int64(s, 8, now);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Forgets the shown rows no pending event names any more. */
static int shown_prune(porte_client *c)
{
	return cache_exec(c, "DELETE FROM shown WHERE ref NOT IN"
	                     " (SELECT ref FROM outbox)");
}

/* ---- submitting -------------------------------------------------------- */

/* The booking EV acts on, as the door shows it now, into *ROW. */
static int submit_base(porte_client *c, const struct kiosk_event *ev,
                       const wire_event *w, shown_row *row, char **cause)
{
	int64_t id = 0;
	bool numeric = client_parse_id(ev->booking, &id) == 0;
	wire_booking b;
	int got;

	got = shown_get(c, ev->booking, row);
	if (got < 0)
		return client_fail(cause, "%s", c->st.last_error);
	if (w->type == WIRE_EV_WALK_IN) {
		if (numeric || got == 1)
			return client_fail(cause,
			                   "a walk-in needs a new local id, "
			                   "not '%s'",
			                   ev->booking);
		memset(row, 0, sizeof(*row));
		client_copy(row->ref, sizeof(row->ref), ev->booking);
		row->walk_in = true;
		row->status = BOOKING_CHECKED_IN;
		row->start = w->start;
		row->end = w->end;
		row->checked_in_at = w->at;
		return 0;
	}
	if (got == 1) {
		if (row->refused)
			return client_fail(cause, "booking '%s' was refused",
			                   ev->booking);
		return 0;
	}
	if (!numeric)
		return client_fail(cause, "unknown booking '%s'", ev->booking);
	memset(row, 0, sizeof(*row));
	client_copy(row->ref, sizeof(row->ref), ev->booking);
	row->booking_id = id;
	got = cache_find_booking(c, id, &b);
	if (got < 0)
		return client_fail(cause, "%s", c->st.last_error);
	if (got == 1) {
		row->status = b.status;
		row->start = b.start;
		row->end = b.end;
		row->checked_in_at = b.checked_in_at;
	} else {
		/* Not cached (the door had it from elsewhere): what the
		 * door said of it. */
		row->status = BOOKING_CONFIRMED;
		row->start = ev->start;
		row->end = ev->end;
	}
	return 0;
}

/* What W does to the booking as shown. */
static void submit_effect(shown_row *row, const wire_event *w)
{
	switch (w->type) {
	case WIRE_EV_CHECKIN:
		row->status = BOOKING_CHECKED_IN;
		row->checked_in_at = w->at;
		break;
	case WIRE_EV_END:
		row->status = BOOKING_ENDED;
		break;
	case WIRE_EV_EXTEND:
		row->end = w->new_end;
		break;
	case WIRE_EV_STAFF_REMOVE:
		row->status = BOOKING_REMOVED;
		break;
	case WIRE_EV_CANCEL:
		row->status = BOOKING_CANCELLED;
		break;
	case WIRE_EV_RELEASE:
		row->status = BOOKING_RELEASED;
		break;
	default:
		break;
	}
}

static int outbox_insert(porte_client *c, const wire_event *w, const char *ref,
                         porte_time now)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "INSERT INTO outbox(key, ref, type, booking_id, at,"
	           " start_at, end_at, new_end, reason, staff, code,"
	           " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
	           " ?10, ?11, ?12)");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, w->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, (int)w->type);
	sqlite3_bind_int64(s, 4, w->booking);
	sqlite3_bind_int64(s, 5, w->at);
	sqlite3_bind_int64(s, 6, w->start);
	sqlite3_bind_int64(s, 7, w->end);
	sqlite3_bind_int64(s, 8, w->new_end);
	sqlite3_bind_text(s, 9, w->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, w->staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, w->code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, now);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

static bool ref_valid(const char *ref)
{
	size_t n = strnlen(ref, CLIENT_REF_MAX);

	if (n == 0 || n >= CLIENT_REF_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)ref[i] < 0x21 || ref[i] == 0x7f)
			return false;
	}
	return true;
}

int outbox_submit(porte_client *c, const struct kiosk_event *ev, char **cause)
{
	porte_time now = client_now(c);
	wire_event w;
	shown_row row;

	if (!ref_valid(ev->booking))
		return client_fail(cause, "an event needs a booking reference");
	if (client_map_event(ev, &w, cause) != 0)
		return -1;
	if (client_uuid4(w.key) != 0)
		return client_fail(cause, "no randomness for the event's key");
	if (w.type == WIRE_EV_CHECKIN && c->code_ok.until > client_mono_ms() &&
	    strcmp(c->code_ok.booking, ev->booking) == 0) {
		/* Checked with its code: the same event, the same key. */
		memcpy(w.code, c->code_ok.code, sizeof(w.code));
		if (c->code_ok.key[0] != '\0')
			memcpy(w.key, c->code_ok.key, sizeof(w.key));
	}
	if (cache_begin(c) != 0)
		return client_fail(cause, "%s", c->st.last_error);
	if (submit_base(c, ev, &w, &row, cause) != 0)
		goto fail;
	submit_effect(&row, &w);
	/* The booking's id when known now; else resolved at delivery. */
	w.booking = w.type == WIRE_EV_WALK_IN ? 0 : row.booking_id;
	if (shown_put(c, &row, now) != 0 ||
	    outbox_insert(c, &w, ev->booking, now) != 0) {
		client_fail(cause, "%s", c->st.last_error);
		goto fail;
	}
	if (cache_commit(c) != 0)
		return client_fail(cause, "%s", c->st.last_error);
	if (w.code[0] != '\0')
		memset(&c->code_ok, 0, sizeof(c->code_ok));
	c->st.pending++;
	return 0;
fail:
	cache_rollback(c);
	return -1;
}

int outbox_count(porte_client *c)
{
	sqlite3_stmt *s = cache_prepare(c, "SELECT count(*) FROM outbox");
	int n = -1;

	if (s == NULL)
		return -1;
	if (cache_step(c, s) == SQLITE_ROW)
		n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* ---- delivering -------------------------------------------------------- */

typedef struct outbox_row {
	int64_t seq;
	char ref[CLIENT_REF_MAX];
	wire_event e;
} outbox_row;

/* The first MAX events, in order, into ROWS. Returns how many, or -1. */
static int outbox_read(porte_client *c, outbox_row *rows, size_t max)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "SELECT seq, key, ref, type, booking_id, at, start_at,"
	           " end_at, new_end, reason, staff, code FROM outbox"
	           " ORDER BY seq LIMIT ?1");
	size_t n = 0;
	int step = SQLITE_DONE;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)max);
	while (n < max) {
		outbox_row *r = &rows[n];

		step = cache_step(c, s);
		if (step != SQLITE_ROW)
			break;
		memset(r, 0, sizeof(*r));
		r->seq = sqlite3_column_int64(s, 0);
		client_copy(r->e.key, sizeof(r->e.key),
		            (const char *)sqlite3_column_text(s, 1));
		client_copy(r->ref, sizeof(r->ref),
		            (const char *)sqlite3_column_text(s, 2));
		r->e.type = (wire_event_type)sqlite3_column_int(s, 3);
		r->e.booking = sqlite3_column_int64(s, 4);
		r->e.at = sqlite3_column_int64(s, 5);
		r->e.start = sqlite3_column_int64(s, 6);
		r->e.end = sqlite3_column_int64(s, 7);
		r->e.new_end = sqlite3_column_int64(s, 8);
		client_copy(r->e.reason, sizeof(r->e.reason),
		            (const char *)sqlite3_column_text(s, 9));
		client_copy(r->e.staff, sizeof(r->e.staff),
		            (const char *)sqlite3_column_text(s, 10));
		client_copy(r->e.code, sizeof(r->e.code),
		            (const char *)sqlite3_column_text(s, 11));
		n++;
	}
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return -1;
	return (int)n;
}

static int outbox_delete(porte_client *c, const char *key)
{
	sqlite3_stmt *s = cache_prepare(c, "DELETE FROM outbox WHERE key = ?1");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

typedef struct refusal_in {
	const char *key;
	wire_event_type type;
	const char *ref;
	int64_t booking_id;
	const char *code;
	const char *message;
	int status; /* booking_status, or -1 */
	porte_time at;
} refusal_in;

static int refusal_add(porte_client *c, const refusal_in *r, porte_time now)
{
	sqlite3_stmt *s = cache_prepare(
	        c, "INSERT INTO refusals(key, type, ref, booking_id, code,"
	           " message, status, at, received_at)"
	           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, r->key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)r->type);
	sqlite3_bind_text(s, 3, r->ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, r->booking_id);
	sqlite3_bind_text(s, 5, r->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->message, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 7, r->status);
	sqlite3_bind_int64(s, 8, r->at);
	sqlite3_bind_int64(s, 9, now);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Forgets refusals no door took in a week. */
static int refusals_prune(porte_client *c, porte_time now)
{
	sqlite3_stmt *s =
	        cache_prepare(c, "DELETE FROM refusals WHERE received_at < ?1");
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now - REFUSAL_KEEP);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

/* An event naming a walk-in the server refused (or that is gone): it
 * cannot be delivered; it becomes a refusal here. */
static int refuse_locally(porte_client *c, const outbox_row *r, porte_time now)
{
	refusal_in in = {
	        .key = r->e.key,
	        .type = r->e.type,
	        .ref = r->ref,
	        .booking_id = 0,
	        .code = "not_found",
	        .message = "the booking made at this door was refused",
	        .status = -1,
	        .at = r->e.at,
	};

	if (refusal_add(c, &in, now) != 0 || outbox_delete(c, r->e.key) != 0)
		return -1;
	return 0;
}

void client_batch_free(client_batch *b)
{
	free(b->body);
	memset(b, 0, sizeof(*b));
}

/* Resolves R's booking. Returns 1 ready, 0 not yet (a walk-in waiting
 * for its id), 2 undeliverable, -1. */
static int batch_resolve(porte_client *c, outbox_row *r)
{
	shown_row sh;
	int got;

	if (r->e.type == WIRE_EV_WALK_IN || r->e.booking != 0)
		return 1;
	got = shown_get(c, r->ref, &sh);
	if (got < 0)
		return -1;
	if (got == 0 || sh.refused)
		return 2;
	if (sh.booking_id == 0)
		return 0;
	r->e.booking = sh.booking_id;
	return 1;
}

/* JSON of the N events of ROWS into B. */
static int batch_body(client_batch *b, const outbox_row *rows, size_t n)
{
	wire_event *ev = calloc(n ? n : 1, sizeof(*ev));
	json_t *j = NULL;
	int rc = -1;

	if (ev == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		ev[i] = rows[i].e;
	j = wire_events_json(ev, n);
	if (j == NULL)
		goto out;
	b->body = json_dumps(j, JSON_COMPACT);
	if (b->body == NULL)
		goto out;
	b->len = strlen(b->body);
	for (size_t i = 0; i < n; i++)
		memcpy(b->keys[i], rows[i].e.key, WIRE_UUID_LEN);
	b->n = n;
	rc = 0;
out:
	json_decref(j);
	free(ev);
	return rc;
}

int outbox_batch(porte_client *c, client_batch *b, size_t max, int *refused)
{
	outbox_row *rows = NULL;
	porte_time now = client_now(c);
	size_t ready = 0;
	int n, rc = -1, changed = 0;

	memset(b, 0, sizeof(*b));
	if (refused != NULL)
		*refused = 0;
	if (max > CLIENT_BATCH_MAX)
		max = CLIENT_BATCH_MAX;
	rows = calloc(max ? max : 1, sizeof(*rows));
	if (rows == NULL || cache_begin(c) != 0)
		goto out;
	n = outbox_read(c, rows, max);
	if (n < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		int r = batch_resolve(c, &rows[i]);

		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		if (r == 2) {
			if (refuse_locally(c, &rows[i], now) != 0)
				goto fail;
			changed++;
			continue;
		}
		rows[ready++] = rows[i];
	}
	if (changed > 0 && shown_prune(c) != 0)
		goto fail;
	if (cache_commit(c) != 0)
		goto out;
	if (refused != NULL)
		*refused = changed;
	if (ready > 0 && batch_body(b, rows, ready) != 0)
		goto out;
	rc = (int)ready;
	goto out;
fail:
	cache_rollback(c);
out:
	free(rows);
	return rc;
}

/* ---- results ----------------------------------------------------------- */

/* Checks that every result answers a key of B, once. */
static int results_match(const client_batch *b, const wire_event_result *res,
                         size_t n, char **cause)
{
	bool seen[CLIENT_BATCH_MAX] = {false};

	if (n > b->n)
		return client_fail(cause, "%zu results for %zu events", n,
		                   b->n);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;

		while (k < b->n && strcmp(b->keys[k], res[i].key) != 0)
			k++;
		if (k == b->n)
			return client_fail(
			        cause, "a result for an event not sent (%s)",
			        res[i].key);
		if (seen[k])
			return client_fail(cause, "two results for event %s",
			                   res[i].key);
		seen[k] = true;
	}
	return 0;
}

/* A booking as shown by ROW, on the server copy B when given. */
static void booking_from_shown(const porte_client *c, const shown_row *row,
                               const wire_booking *base, wire_booking *out)
{
	if (base != NULL) {
		*out = *base;
	} else {
		memset(out, 0, sizeof(*out));
		out->id = row->booking_id;
		out->checkin_opens = row->start;
		out->release_at = row->start;
		if (c->has_rules) {
			out->checkin_opens -=
			        (porte_time)c->rules.checkin_before * 60;
			out->release_at +=
			        (porte_time)c->rules.release_after * 60;
		}
	}
	out->status = row->status;
	out->start = row->start;
	out->end = row->end;
	out->checked_in_at = row->checked_in_at;
	out->pending_sync = false;
}

/* The cached schedule after an applied event that came back without the
 * booking: as the door showed it. */
static int patch_from_shown(porte_client *c, const shown_row *row)
{
	wire_booking base, b;
	int got;

	if (row->booking_id <= 0)
		return 0;
	got = cache_find_booking(c, row->booking_id, &base);
	if (got < 0)
		return -1;
	if (got == 0 && !row->walk_in)
		return 0;
	booking_from_shown(c, row, got == 1 ? &base : NULL, &b);
	return cache_schedule_patch(c, &b, client_date_of(c, b.start),
	                            row->walk_in);
}

typedef struct pending_ev {
	char ref[CLIENT_REF_MAX];
	wire_event_type type;
	int64_t booking_id;
	porte_time at;
} pending_ev;

/* The pending event of KEY. Returns 1, 0 gone, -1. */
static int pending_get(porte_client *c, const char *key, pending_ev *out)
{
	sqlite3_stmt *s = cache_prepare(c, "SELECT ref, type, booking_id, at"
	                                   " FROM outbox WHERE key = ?1");
	int rc = -1, step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	step = cache_step(c, s);
	if (step == SQLITE_ROW) {
		client_copy(out->ref, sizeof(out->ref),
		            (const char *)sqlite3_column_text(s, 0));
		out->type = (wire_event_type)sqlite3_column_int(s, 1);
		out->booking_id = sqlite3_column_int64(s, 2);
		out->at = sqlite3_column_int64(s, 3);
		rc = 1;
	} else if (step == SQLITE_DONE) {
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int shown_set(porte_client *c, const char *sql, const char *ref,
                     int64_t v)
{
	sqlite3_stmt *s = cache_prepare(c, sql);
	int step;

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, v);
	step = cache_step(c, s);
	sqlite3_finalize(s);
	return step == SQLITE_DONE ? 0 : -1;
}

/* One result R of pending event P. */
static int take_one(porte_client *c, const wire_event_result *r,
                    const pending_ev *p, porte_time now)
{
	shown_row row;
	int got = shown_get(c, p->ref, &row);
	bool walk = p->type == WIRE_EV_WALK_IN;

	if (got < 0)
		return -1;
	if (walk && r->applied && r->has_booking) {
		row.booking_id = r->booking.id;
		if (got == 1 && shown_set(c,
		                          "UPDATE shown SET booking_id = ?2"
		                          " WHERE ref = ?1",
		                          p->ref, r->booking.id) != 0)
			return -1;
	}
	/* A refused walk-in, or one whose id the server did not give: the
	 * events that name it cannot be delivered. */
	if (walk && (!r->applied || !r->has_booking) && got == 1 &&
	    shown_set(c, "UPDATE shown SET refused = ?2 WHERE ref = ?1", p->ref,
	              1) != 0)
		return -1;
	if (r->has_booking) {
		if (cache_schedule_patch(c, &r->booking,
		                         client_date_of(c, r->booking.start),
		                         walk && r->applied) != 0)
			return -1;
	} else if (r->applied && got == 1) {
		if (patch_from_shown(c, &row) != 0)
			return -1;
	}
	if (!r->applied) {
		refusal_in in = {
		        .key = r->key,
		        .type = p->type,
		        .ref = p->ref,
		        .booking_id =
		                r->has_booking ? r->booking.id : p->booking_id,
		        .code = r->code,
		        .message = r->message,
		        .status = r->has_booking ? (int)r->booking.status : -1,
		        .at = p->at,
		};

		if (refusal_add(c, &in, now) != 0)
			return -1;
	}
	return outbox_delete(c, r->key);
}

int client_take_results(porte_client *c, const client_batch *b,
                        const char *body, size_t len, char **cause)
{
	wire_event_result *res = NULL;
	porte_time now;
	json_t *j;
	size_t n = 0;
	int done = 0, rc = -1;

	j = wire_load(body, len, WIRE_REPLY_MAX, cause);
	if (j == NULL)
		return -1;
	if (wire_results_parse(j, &res, &n, cause) != 0 ||
	    results_match(b, res, n, cause) != 0)
		goto out;
	pthread_mutex_lock(&c->lock);
	now = client_now(c);
	if (cache_begin(c) != 0)
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		pending_ev p;
		int got = pending_get(c, res[i].key, &p);

		if (got < 0 || (got == 1 && take_one(c, &res[i], &p, now) != 0))
			goto fail;
		done += got;
	}
	if (shown_prune(c) != 0 || refusals_prune(c, now) != 0 ||
	    cache_commit(c) != 0)
		goto fail;
	c->st.delivered += (uint64_t)done;
	rc = outbox_count(c);
	if (rc >= 0)
		c->st.pending = rc;
	rc = done;
	goto unlock;
fail:
	cache_rollback(c);
	client_fail(cause, "%s", c->st.last_error);
unlock:
	pthread_mutex_unlock(&c->lock);
out:
	free(res);
	json_decref(j);
	return rc;
}

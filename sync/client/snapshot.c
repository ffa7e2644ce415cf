/*
 * snapshot.c - a consistent copy of what the door shows: the cached
 * schedules with the door's own changes laid over them, the refusals to
 * show, the sync status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_int.h"

void client_snapshot_free(client_snap *s)
{
	wire_schedule_free(&s->days[0]);
	wire_schedule_free(&s->days[1]);
	free(s->locals);
	free(s->refusals);
	memset(s, 0, sizeof(*s));
}

static int add_local(client_snap *s, int64_t id, const char *ref)
{
	client_local *p = realloc(s->locals, (s->nlocals + 1) * sizeof(*p));

	if (p == NULL)
		return -1;
	s->locals = p;
	p[s->nlocals].id = id;
	client_copy(p[s->nlocals].ref, sizeof(p[s->nlocals].ref), ref);
	s->nlocals++;
	return 0;
}

/* The booking of id ID in the snapshot's days, or NULL. */
static wire_booking *find(client_snap *s, int64_t id)
{
	for (int d = 0; d < 2; d++) {
		for (size_t i = 0; s->have[d] && i < s->days[d].nbookings;
		     i++) {
			if (s->days[d].bookings[i].id == id)
				return &s->days[d].bookings[i];
		}
	}
	return NULL;
}

/* A booking made here, not (yet) in the server's copy: into the day of
 * its start, when that day is shown. */
static int add_walk_in(porte_client *c, client_snap *s, int64_t id,
                       porte_time start, porte_time end,
                       porte_time checked_in_at, booking_status status)
{
	cal_date d = client_date_of(c, start);
	wire_booking b;

	memset(&b, 0, sizeof(b));
	b.id = id;
	b.start = start;
	b.end = end;
	b.status = status;
	b.checked_in_at = checked_in_at;
	b.checkin_opens = start;
	b.release_at = start;
	if (c->has_rules) {
		b.checkin_opens -= (porte_time)c->rules.checkin_before * 60;
		b.release_at += (porte_time)c->rules.release_after * 60;
	}
	b.pending_sync = true;
	for (int k = 0; k < 2; k++) {
		if (s->have[k] && cal_date_cmp(s->dates[k], d) == 0)
			return wire_schedule_add(&s->days[k], &b);
	}
	return 0;
}

/* Lays the shown table over the days. */
static int overlay(porte_client *c, client_snap *s)
{
	sqlite3_stmt *st = cache_prepare(
	        c, "SELECT id, ref, booking_id, walk_in, status, start_at,"
	           " end_at, checked_in_at FROM shown WHERE refused = 0"
	           " ORDER BY id");
	int step, rc = 0;

	if (st == NULL)
		return -1;
	for (;;) {
		int64_t row;
		const char *ref;
		int64_t id;
		bool walk;
		int status;
		porte_time start, end, cin;
		wire_booking *b;

		step = cache_step(c, st);
		if (step != SQLITE_ROW)
			break;
		row = sqlite3_column_int64(st, 0);
		ref = (const char *)sqlite3_column_text(st, 1);
		id = sqlite3_column_int64(st, 2);
		walk = sqlite3_column_int(st, 3) != 0;
		status = sqlite3_column_int(st, 4);
		start = sqlite3_column_int64(st, 5);
		end = sqlite3_column_int64(st, 6);
		cin = sqlite3_column_int64(st, 7);
		b = id > 0 ? find(s, id) : NULL;

		if (status < 0 || status >= BOOKING__COUNT || end <= start)
			continue;
		if (walk && add_local(s, id > 0 ? id : -row, ref) != 0) {
			rc = -1;
			break;
		}
		if (b != NULL) {
			b->status = (booking_status)status;
			b->start = start;
			b->end = end;
			b->checked_in_at = cin;
			b->pending_sync = true;
		} else if (walk &&
		           add_walk_in(c, s, id > 0 ? id : -row, start, end,
		                       cin, (booking_status)status) != 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = -1;
	sqlite3_finalize(st);
	return rc;
}

static int by_start(const void *a, const void *b)
{
	const wire_booking *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

static int read_refusals(porte_client *c, client_snap *s)
{
	sqlite3_stmt *st = cache_prepare(
	        c, "SELECT id, key, type, ref, booking_id, code, message,"
	           " status, at FROM refusals ORDER BY id LIMIT 100");
	int step;

	if (st == NULL)
		return -1;
	for (;;) {
		client_refusal *p, *r;
		int status;

		step = cache_step(c, st);
		if (step != SQLITE_ROW)
			break;
		p = realloc(s->refusals, (s->nrefusals + 1) * sizeof(*p));
		if (p == NULL) {
			step = SQLITE_NOMEM;
			break;
		}
		s->refusals = p;
		r = &p[s->nrefusals++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		client_copy(r->key, sizeof(r->key),
		            (const char *)sqlite3_column_text(st, 1));
		r->type = (wire_event_type)sqlite3_column_int(st, 2);
		client_copy(r->booking, sizeof(r->booking),
		            (const char *)sqlite3_column_text(st, 3));
		r->booking_id = sqlite3_column_int64(st, 4);
		client_copy(r->code, sizeof(r->code),
		            (const char *)sqlite3_column_text(st, 5));
		r->rule = rule_code_parse(r->code);
		client_copy(r->message, sizeof(r->message),
		            (const char *)sqlite3_column_text(st, 6));
		status = sqlite3_column_int(st, 7);
		r->has_status = status >= 0 && status < BOOKING__COUNT;
		r->status = r->has_status ? (booking_status)status
		                          : BOOKING_CONFIRMED;
		r->at = sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -1;
}

/* Reads the day D into slot K of S. */
static int read_day(porte_client *c, client_snap *s, int k)
{
	int got = cache_schedule_get(c, s->dates[k], &s->days[k]);

	if (got < 0)
		return -1;
	s->have[k] = got == 1;
	if (!s->have[k]) {
		wire_schedule_init(&s->days[k]);
		client_copy(s->days[k].room, sizeof(s->days[k].room), c->room);
		s->days[k].date = s->dates[k];
		if (c->tz != NULL)
			client_copy(s->days[k].tz, sizeof(s->days[k].tz),
			            tz_name(c->tz));
	}
	return 0;
}

static int snapshot_locked(porte_client *c, client_snap *out)
{
	int n;

	out->now = client_now(c);
	client_copy(out->room, sizeof(out->room), c->room);
	client_copy(out->server_url, sizeof(out->server_url), c->server_url);
	if (cache_load_room(c, &out->room_info) < 0)
		return -1;
	out->has_room = c->has_rules;
	if (!out->has_room)
		memset(&out->room_info, 0, sizeof(out->room_info));
	out->dates[0] = client_date_of(c, out->now);
	out->dates[1] = cal_date_add_days(out->dates[0], 1);
	if (read_day(c, out, 0) != 0 || read_day(c, out, 1) != 0 ||
	    overlay(c, out) != 0 || read_refusals(c, out) != 0)
		return -1;
	for (int k = 0; k < 2; k++) {
		if (out->days[k].nbookings > 1)
			qsort(out->days[k].bookings, out->days[k].nbookings,
			      sizeof(wire_booking), by_start);
	}
	n = outbox_count(c);
	if (n >= 0)
		c->st.pending = n;
	out->sync = c->st;
	out->sync.stale_for =
	        c->st.last_success > 0 ? out->now - c->st.last_success : -1;
	return 0;
}

int client_snapshot(porte_client *c, client_snap *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&c->lock);
	rc = snapshot_locked(c, out);
	pthread_mutex_unlock(&c->lock);
	if (rc != 0)
		client_snapshot_free(out);
	return rc;
}

int client_booking_ref(const client_snap *s, const wire_booking *b,
                       char out[CLIENT_REF_MAX])
{
	out[0] = '\0';
	for (size_t i = 0; i < s->nlocals; i++) {
		if (s->locals[i].id == b->id) {
			client_copy(out, CLIENT_REF_MAX, s->locals[i].ref);
			return 0;
		}
	}
	if (b->id <= 0)
		return -1;
	snprintf(out, CLIENT_REF_MAX, "%lld", (long long)b->id);
	return 0;
}

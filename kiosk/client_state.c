/*
 * client_state.c - the snapshot of the sync client put into the door's
 * state (kiosk/state.h), with the state's own setters, and the kiosk's
 * hooks served by the client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client_state.h"

static void copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	if (src[n] != '\0') {
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The open spans of day D of S as local minutes. */
static void hours_of(const wire_schedule *s, const tz_zone *z, hours_day *out)
{
	porte_time day_start = 0, day_end = 0;

	memset(out, 0, sizeof(*out));
	if (tz_day_bounds(z, s->date, &day_start, &day_end) != 0)
		return;
	for (size_t i = 0; i < s->nopen && out->count < HOURS_MAX_SPANS; i++) {
		porte_time a = s->open[i].start, b = s->open[i].end;
		int open, close;

		if (b <= day_start || a >= day_end)
			continue;
		open = a <= day_start ? 0 : tz_minute_of_day(z, a);
		close = b >= day_end ? 24 * 60 : tz_minute_of_day(z, b);
		if (close <= open ||
		    (out->count > 0 && open < out->span[out->count - 1].close))
			continue; /* a DST fold: keep what reads sanely */
		out->span[out->count].open = open;
		out->span[out->count].close = close;
		out->count++;
	}
}

static int fill_room(const client_snap *s, kiosk_state *st)
{
	const char *zone = NULL;
	int rc = 0;

	copy(st->room_id, sizeof(st->room_id), s->room);
	if (s->has_room) {
		copy(st->room_name, sizeof(st->room_name), s->room_info.name);
		copy(st->site_name, sizeof(st->site_name), s->room_info.site);
		st->kind = s->room_info.kind;
		st->rules = s->room_info.rules;
		zone = s->room_info.tz;
	}
	for (int k = 0; k < 2 && zone == NULL; k++) {
		if (s->have[k])
			zone = s->days[k].tz;
	}
	if (zone != NULL && zone[0] != '\0' &&
	    (st->tz == NULL || strcmp(tz_name(st->tz), zone) != 0) &&
	    kiosk_state_set_zone(st, zone, NULL) != 0)
		rc = -1;
	if (s->server_url[0] != '\0')
		copy(st->base_url, sizeof(st->base_url), s->server_url);
	return rc;
}

static int fill_hours(const client_snap *s, kiosk_state *st)
{
	hours_day day;
	int rc = 0;

	if (st->tz == NULL)
		return 0;
	for (int k = 0; k < 2; k++) {
		if (!s->have[k])
			continue;
		hours_of(&s->days[k], st->tz, &day);
		if (kiosk_state_set_hours(st, s->days[k].date, &day) != 0)
			rc = -1;
	}
	return rc;
}

/* Booking B of S as the door keeps it. */
static int to_kiosk(const client_snap *s, const wire_booking *b,
                    kiosk_booking *kb)
{
	char ref[CLIENT_REF_MAX];

	memset(kb, 0, sizeof(*kb));
	if (client_booking_ref(s, b, ref) != 0)
		return -1;
	copy(kb->id, sizeof(kb->id), ref);
	kb->b.status = b->status;
	kb->b.created_at = b->start;
	kb->b.start = b->start;
	kb->b.end = b->end;
	kb->b.checked_in_at = b->checked_in_at;
	switch (b->status) {
	case BOOKING_ENDED:
		/* When it ended is not on the wire: by now at the latest. */
		kb->b.closed_at = s->now < b->end ? s->now : b->end;
		if (kb->b.closed_at < b->start)
			kb->b.closed_at = b->start;
		break;
	case BOOKING_RELEASED:
		kb->b.closed_at =
		        b->release_at < b->end ? b->release_at : b->end;
		break;
	case BOOKING_CANCELLED:
	case BOOKING_REMOVED:
		kb->b.closed_at = b->start;
		break;
	default:
		break;
	}
	copy(kb->title, sizeof(kb->title), b->title);
	copy(kb->booker, sizeof(kb->booker), b->booker);
	kb->waiting_sync = b->pending_sync;
	return 0;
}

/* The id of booking index I of ST into OUT ("" when none). */
static void id_at(const kiosk_state *st, int i, char out[KIOSK_ID_LEN])
{
	out[0] = '\0';
	if (i >= 0 && i < st->nbookings)
		copy(out, KIOSK_ID_LEN, st->bookings[i].id);
}

/* The index of booking ID now, or -1. */
static int index_of(const kiosk_state *st, const char *id)
{
	return id[0] != '\0' ? kiosk_state_find(st, id) : -1;
}

static int fill_bookings(const client_snap *s, kiosk_state *st)
{
	char entry[KIOSK_ID_LEN], confirm[KIOSK_ID_LEN];
	kiosk_booking kb;
	int rc = 0;

	/* Keypads and dialogs name bookings by index: keep them on the
	 * same booking across the refill. */
	id_at(st, st->entry_booking, entry);
	id_at(st, st->confirm_arg, confirm);
	kiosk_state_clear_bookings(st);
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; s->have[k] && i < s->days[k].nbookings;
		     i++) {
			const wire_booking *b = &s->days[k].bookings[i];

			/* A booking over midnight is in both days. */
			if (to_kiosk(s, b, &kb) != 0 ||
			    (kiosk_state_find(st, kb.id) < 0 &&
			     kiosk_state_put_booking(st, &kb) < 0))
				rc = -1;
		}
	}
	st->entry_booking = index_of(st, entry);
	if (st->confirm_arg >= 0)
		st->confirm_arg = index_of(st, confirm);
	return rc;
}

static bool message_seen(const kiosk_state *st, const wire_message *m)
{
	for (int i = 0; i < st->nmessages; i++) {
		if (st->messages[i].from == m->from &&
		    st->messages[i].until == m->to &&
		    strncmp(st->messages[i].text, m->text,
		            sizeof(st->messages[i].text) - 1) == 0)
			return true;
	}
	return false;
}

static int fill_messages(const client_snap *s, kiosk_state *st)
{
	kiosk_message km;
	int rc = 0;

	kiosk_state_clear_messages(st);
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; s->have[k] && i < s->days[k].nmessages;
		     i++) {
			const wire_message *m = &s->days[k].messages[i];

			if (message_seen(st, m))
				continue;
			memset(&km, 0, sizeof(km));
			copy(km.text, sizeof(km.text), m->text);
			km.level = KIOSK_MSG_INFO;
			km.from = m->from;
			km.until = m->to;
			if (kiosk_state_add_message(st, &km) != 0)
				rc = -1;
		}
	}
	return rc;
}

int client_fill_state(const client_snap *s, kiosk_state *st)
{
	int rc = 0;

	if (fill_room(s, st) != 0)
		rc = -1;
	if (fill_hours(s, st) != 0)
		rc = -1;
	if (fill_bookings(s, st) != 0)
		rc = -1;
	if (fill_messages(s, st) != 0)
		rc = -1;
	st->sync.configured = true;
	st->sync.online = s->sync.online;
	st->sync.last_success = s->sync.last_success;
	st->sync.pending = s->sync.pending;
	return rc;
}

int client_show_refusals(const client_snap *s, kiosk_state *st, porte_time now)
{
	for (size_t i = 0; i < s->nrefusals; i++) {
		const client_refusal *r = &s->refusals[i];
		rule_code rule = r->rule > 0 && r->rule < RULE__COUNT
		                         ? (rule_code)r->rule
		                         : RULE_NOT_ALLOWED;

		kiosk_event_result(st, r->booking, rule,
		                   r->has_status ? r->status : BOOKING__COUNT,
		                   now);
	}
	return (int)s->nrefusals;
}

static int hook_submit(void *ctx, const kiosk_event *ev)
{
	return client_submit(ctx, ev);
}

static int hook_verify(void *ctx, kiosk_verify_kind kind, const char *ref,
                       const char *digits)
{
	return client_verify(ctx,
	                     kind == KIOSK_VERIFY_PIN ? CLIENT_VERIFY_PIN
	                                              : CLIENT_VERIFY_CODE,
	                     ref, digits);
}

void client_kiosk_hooks(porte_client *c, kiosk_hooks *hooks)
{
	memset(hooks, 0, sizeof(*hooks));
	hooks->ctx = c;
	hooks->submit = hook_submit;
	hooks->verify = hook_verify;
}

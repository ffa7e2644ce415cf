/*
 * state.c - the door display's state: filling it, and what follows from it
 * at a given instant. No I/O, no SDL.
 */
#include "state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n;

	if (len == 0)
		return;
	if (src == NULL)
		src = "";
	n = strnlen(src, len - 1);
	/* Do not cut a UTF-8 sequence in half. */
	while (n > 0 && n == len - 1 && ((unsigned char)src[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int kiosk_state_init(kiosk_state *st)
{
	memset(st, 0, sizeof(*st));
	rules_defaults(&st->rules);
	st->kind = ROOM_GROUP;
	st->lang = KIOSK_LANG_EN;
	st->screen = KIOSK_SCREEN_DOOR;
	st->entry_booking = -1;
	st->hours = hours_new();
	if (st->hours == NULL)
		return -1;
	return 0;
}

void kiosk_state_free(kiosk_state *st)
{
	if (st == NULL)
		return;
	tz_free(st->tz);
	st->tz = NULL;
	hours_free(st->hours);
	st->hours = NULL;
}

int kiosk_state_set_zone(kiosk_state *st, const char *name, char **cause)
{
	tz_zone *z = NULL;

	if (tz_load(name, &z, cause) != 0)
		return -1;
	tz_free(st->tz);
	st->tz = z;
	return 0;
}

int kiosk_state_set_hours(kiosk_state *st, cal_date d, const hours_day *day)
{
	if (st->hours == NULL || day == NULL)
		return -1;
	return hours_set_date(st->hours, d, day);
}

void kiosk_state_clear_bookings(kiosk_state *st)
{
	st->nbookings = 0;
	st->entry_booking = -1;
}

int kiosk_state_find(const kiosk_state *st, const char *id)
{
	for (int i = 0; i < st->nbookings; i++) {
		if (strcmp(st->bookings[i].id, id) == 0)
			return i;
	}
	return -1;
}

/* Byte length of the UTF-8 sequence starting with C (1 for bad bytes). */
static size_t utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0)
		return c < 0xF0 ? 3 : 1;
	if (c >= 0xC0)
		return 2;
	return 1;
}

static bool is_word_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '.' || c == '-' || c == '\'' ||
	       c == ',';
}

/* An upper-case copy of the ASCII initial; other letters are kept. */
static void put_initial(char *out, size_t len, size_t *used, const char *w,
                        size_t n)
{
	if (*used + n + 3 >= len)
		return;
	if (*used > 0)
		out[(*used)++] = ' ';
	for (size_t k = 0; k < n; k++) {
		char c = w[k];

		if (n == 1 && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		out[(*used)++] = c;
	}
	out[(*used)++] = '.';
	out[*used] = '\0';
}

void kiosk_mask_name(const char *name, char *out, size_t len)
{
	size_t used = 0;
	int words = 0;
	const unsigned char *p = (const unsigned char *)(name ? name : "");

	if (len == 0)
		return;
	out[0] = '\0';
	while (*p != '\0' && words < 3) {
		size_t n;

		if (is_word_sep(*p)) {
			/* "Anne-Marie" keeps one initial: skip the rest of a
			 * hyphenated word together with its separator. */
			p++;
			continue;
		}
		n = utf8_len(*p);
		for (size_t k = 1; k < n; k++) {
			if (p[k] == '\0') {
				n = k;
				break;
			}
		}
		put_initial(out, len, &used, (const char *)p, n);
		words++;
		/* Skip to the next word (a space starts one; a hyphen or an
		 * apostrophe does not). */
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '.')
			p++;
	}
}

int kiosk_state_put_booking(kiosk_state *st, const kiosk_booking *b)
{
	kiosk_booking nb;
	int at = kiosk_state_find(st, b->id);
	int pos;

	if (b->id[0] == '\0' || b->b.end <= b->b.start ||
	    (int)b->b.status < 0 || b->b.status >= BOOKING__COUNT)
		return -1;
	nb = *b;
	nb.id[KIOSK_ID_LEN - 1] = '\0';
	nb.title[KIOSK_TITLE_LEN - 1] = '\0';
	nb.booker[KIOSK_BOOKER_LEN - 1] = '\0';
	kiosk_mask_name(b->booker, nb.booker, sizeof(nb.booker));
	if (at >= 0) {
		memmove(&st->bookings[at], &st->bookings[at + 1],
		        (size_t)(st->nbookings - at - 1) *
		                sizeof(st->bookings[0]));
		st->nbookings--;
	} else if (st->nbookings >= KIOSK_MAX_BOOKINGS) {
		return -1;
	}
	pos = st->nbookings;
	while (pos > 0 && st->bookings[pos - 1].b.start > nb.b.start)
		pos--;
	memmove(&st->bookings[pos + 1], &st->bookings[pos],
	        (size_t)(st->nbookings - pos) * sizeof(st->bookings[0]));
	st->bookings[pos] = nb;
	st->nbookings++;
	return pos;
}

int kiosk_state_add_message(kiosk_state *st, const kiosk_message *m)
{
	kiosk_message *d;

	if (st->nmessages >= KIOSK_MAX_MESSAGES)
		return -1;
	d = &st->messages[st->nmessages++];
	*d = *m;
	d->text[KIOSK_MESSAGE_LEN - 1] = '\0';
	return 0;
}

void kiosk_state_clear_messages(kiosk_state *st)
{
	st->nmessages = 0;
}

/* ---- Derived values ---- */

bool kiosk_booking_live(const kiosk_state *st, int i, porte_time now)
{
	const booking *b;

	if (i < 0 || i >= st->nbookings)
		return false;
	b = &st->bookings[i].b;
	switch (b->status) {
	case BOOKING_PENDING:
		return b->end > now;
	case BOOKING_CONFIRMED:
		return b->end > now && !booking_release_due(b, &st->rules, now);
	case BOOKING_CHECKED_IN:
		return b->end > now;
	default:
		return false;
	}
}

int kiosk_open_spans(const kiosk_state *st, cal_date d, porte_time *starts,
                     porte_time *ends, int max)
{
	if (st->tz == NULL || st->hours == NULL)
		return 0;
	return hours_spans_on(st->hours, st->tz, d, starts, ends, max);
}

/* Open spans of today and tomorrow (relative to NOW), sorted. */
static int known_spans(const kiosk_state *st, porte_time now,
                       porte_time *starts, porte_time *ends)
{
	cal_date today;
	int n;

	if (st->tz == NULL)
		return 0;
	today = tz_date_of(st->tz, now);
	n = kiosk_open_spans(st, today, starts, ends, HOURS_MAX_SPANS);
	n += kiosk_open_spans(st, cal_date_add_days(today, 1), starts + n,
	                      ends + n, HOURS_MAX_SPANS);
	return n;
}

/* The booking holding the room at NOW, or -1: a live booking under way,
 * else a booking checked in early, ahead of its start. */
static int current_booking(const kiosk_state *st, porte_time now)
{
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;

		if (kiosk_booking_live(st, i, now) && b->start <= now)
			return i;
	}
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;

		if (b->status == BOOKING_CHECKED_IN &&
		    b->checked_in_at <= now && b->end > now)
			return i;
	}
	return -1;
}

/* True when nobody used or holds the room on NOW's local day up to CLOSE,
 * the end of the open span under way, and that span is the day's last:
 * the whole day is free. */
static bool free_all_day(const kiosk_state *st, porte_time now,
                         porte_time close)
{
	porte_time starts[HOURS_MAX_SPANS], ends[HOURS_MAX_SPANS];
	cal_date today = tz_date_of(st->tz, now);
	int n = kiosk_open_spans(st, today, starts, ends, HOURS_MAX_SPANS);

	if (n == 0 || ends[n - 1] != close)
		return false; /* open again later today */
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;
		bool used = kiosk_booking_live(st, i, now) ||
		            b->status == BOOKING_CHECKED_IN ||
		            b->status == BOOKING_ENDED;

		if (used && b->start < close && b->end > starts[0])
			return false;
	}
	return true;
}

void kiosk_view_at(const kiosk_state *st, porte_time now, kiosk_view *out)
{
	porte_time starts[KIOSK_MAX_SPANS], ends[KIOSK_MAX_SPANS];
	int n = known_spans(st, now, starts, ends);
	int open = -1;

	memset(out, 0, sizeof(*out));
	out->current = current_booking(st, now);
	out->next = -1;
	for (int i = 0; i < st->nbookings; i++) {
		if (i != out->current && st->bookings[i].b.start > now &&
		    kiosk_booking_live(st, i, now)) {
			out->next = i;
			break;
		}
	}
	for (int k = 0; k < n; k++) {
		if (starts[k] <= now && now < ends[k]) {
			open = k;
			out->closes = ends[k];
			break;
		}
	}
	if (out->current >= 0) {
		const booking *b = &st->bookings[out->current].b;

		if (b->status == BOOKING_CHECKED_IN) {
			out->status = KIOSK_OCCUPIED;
			out->until = b->end;
		} else {
			out->status = KIOSK_BOOKED;
			out->pending = b->status == BOOKING_PENDING;
			out->until = out->pending ? b->end
			                          : booking_release_deadline(
			                                    b, &st->rules);
		}
		return;
	}
	if (open < 0) {
		out->status = KIOSK_CLOSED;
		for (int k = 0; k < n; k++) {
			if (starts[k] > now &&
			    (out->until == 0 || starts[k] < out->until))
				out->until = starts[k];
		}
		return;
	}
	out->status = KIOSK_FREE;
	out->until = ends[open];
	out->all_day = free_all_day(st, now, ends[open]);
	if (out->next >= 0 && st->bookings[out->next].b.start < ends[open]) {
		out->until = st->bookings[out->next].b.start;
		out->all_day = false;
	}
}

static policy_room make_room(const kiosk_state *st)
{
	policy_room room;

	memset(&room, 0, sizeof(room));
	room.kind = st->kind;
	room.capacity = 1;
	room.rules = &st->rules;
	room.tz = st->tz;
	room.hours = st->hours;
	return room;
}

/* The live bookings but SKIP as intervals, into OUT (KIOSK_MAX_BOOKINGS). */
static size_t live_intervals(const kiosk_state *st, porte_time now, int skip,
                             policy_interval *out)
{
	size_t n = 0;

	for (int i = 0; i < st->nbookings; i++) {
		if (i == skip || !kiosk_booking_live(st, i, now))
			continue;
		out[n].start = st->bookings[i].b.start;
		out[n].end = booking_effective_end(&st->bookings[i].b);
		n++;
	}
	return n;
}

/* A walk-in at NOW under RULES and KIND; RULE_OK with *S, *E set. */
static rule_code walk_in(const kiosk_state *st, const porte_rules *rules,
                         room_kind kind, porte_time now, porte_time *s,
                         porte_time *e)
{
	policy_interval iv[KIOSK_MAX_BOOKINGS];
	policy_context ctx;
	policy_room room = make_room(st);

	if (st->tz == NULL)
		return RULE_CLOSED_DAY;
	room.rules = rules;
	room.kind = kind;
	memset(&ctx, 0, sizeof(ctx));
	ctx.room = iv;
	ctx.nroom = live_intervals(st, now, -1, iv);
	return policy_walk_in(&room, &ctx, now, s, e);
}

/* Whether booking I can be extended by one grid step at NOW. */
static bool can_extend(const kiosk_state *st, int i, porte_time now,
                       actor_kind actor, porte_time *to)
{
	policy_interval iv[KIOSK_MAX_BOOKINGS];
	policy_context ctx;
	policy_request req;
	policy_room room = make_room(st);
	const booking *b = &st->bookings[i].b;

	if (st->tz == NULL || b->status != BOOKING_CHECKED_IN || b->end <= now)
		return false;
	memset(&ctx, 0, sizeof(ctx));
	ctx.room = iv;
	ctx.nroom = live_intervals(st, now, i, iv);
	memset(&req, 0, sizeof(req));
	req.start = b->start;
	req.end = b->end + (porte_time)st->rules.granularity * 60;
	req.actor = actor;
	req.existing = true;
	req.override_quota = actor == ACTOR_STAFF;
	req.is_referent = actor == ACTOR_STAFF;
	if (policy_check(&room, &req, &ctx, now) != RULE_OK)
		return false;
	*to = req.end;
	return true;
}

void kiosk_actions_at(const kiosk_state *st, porte_time now, kiosk_actions *out)
{
	kiosk_view v;

	memset(out, 0, sizeof(*out));
	out->checkin = out->end = out->extend = -1;
	kiosk_view_at(st, now, &v);
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;

		if (b->status == BOOKING_CONFIRMED &&
		    booking_checkin_open(b, &st->rules, now)) {
			out->checkin = i;
			break;
		}
	}
	if (v.status == KIOSK_FREE && room_kind_public(st->kind) &&
	    st->rules.walk_in &&
	    walk_in(st, &st->rules, st->kind, now, &out->walk_start,
	            &out->walk_end) == RULE_OK)
		out->book_now = true;
	if (v.status == KIOSK_OCCUPIED) {
		out->end = v.current;
		if (can_extend(st, v.current, now, ACTOR_DEVICE,
		               &out->extend_to))
			out->extend = v.current;
	}
}

void kiosk_staff_actions_at(const kiosk_state *st, porte_time now,
                            kiosk_staff_actions *out)
{
	porte_rules rules = st->rules;
	kiosk_actions a;
	kiosk_view v;

	memset(out, 0, sizeof(*out));
	out->release = out->checkin = out->end = out->extend = -1;
	out->cancel = -1;
	kiosk_view_at(st, now, &v);
	kiosk_actions_at(st, now, &a);
	out->checkin = a.checkin;
	if (v.status == KIOSK_BOOKED)
		out->release = v.current;
	if (v.status == KIOSK_OCCUPIED) {
		out->end = v.current;
		if (can_extend(st, v.current, now, ACTOR_STAFF,
		               &out->extend_to))
			out->extend = v.current;
	}
	out->cancel = v.next;
	rules.walk_in = true;
	if (v.status != KIOSK_BOOKED && v.status != KIOSK_OCCUPIED &&
	    walk_in(st, &rules,
	            room_kind_public(st->kind) ? st->kind : ROOM_MEETING, now,
	            &out->add_start, &out->add_end) == RULE_OK)
		out->add = true;
}

int kiosk_free_gaps(const kiosk_state *st, cal_date d, porte_time now,
                    kiosk_gap *out, int max)
{
	porte_time starts[HOURS_MAX_SPANS], ends[HOURS_MAX_SPANS];
	int n = kiosk_open_spans(st, d, starts, ends, HOURS_MAX_SPANS);
	int count = 0;

	for (int k = 0; k < n && count < max; k++) {
		porte_time t = starts[k] > now ? starts[k] : now;

		while (t < ends[k] && count < max) {
			porte_time gap_end = ends[k];
			bool held = false;

			for (int i = 0; i < st->nbookings; i++) {
				const booking *b = &st->bookings[i].b;
				porte_time e = booking_effective_end(b);

				if (!kiosk_booking_live(st, i, now) || e <= t ||
				    b->start >= gap_end)
					continue;
				if (b->start <= t) {
					t = e; /* inside a booking: skip it */
					held = true;
					break;
				}
				gap_end = b->start;
			}
			if (held)
				continue;
			if (gap_end > t) {
				out[count].start = t;
				out[count].end = gap_end;
				count++;
			}
			t = gap_end;
		}
	}
	return count;
}

bool kiosk_sync_stale(const kiosk_state *st, porte_time now)
{
	if (!st->sync.configured)
		return false;
	if (st->sync.last_success == 0)
		return true;
	return now - st->sync.last_success >= KIOSK_STALE_AFTER;
}

bool kiosk_message_shown(const kiosk_state *st, int i, porte_time now)
{
	const kiosk_message *m;

	if (i < 0 || i >= st->nmessages)
		return false;
	m = &st->messages[i];
	if (m->text[0] == '\0')
		return false;
	if (m->from != 0 && now < m->from)
		return false;
	return m->until == 0 || now < m->until;
}

static void consider(porte_time *best, porte_time t, porte_time now)
{
	if (t > now && (*best == 0 || t < *best))
		*best = t;
}

porte_time kiosk_next_change(const kiosk_state *st, porte_time now)
{
	porte_time starts[KIOSK_MAX_SPANS], ends[KIOSK_MAX_SPANS];
	porte_time best = 0;
	int n = known_spans(st, now, starts, ends);
	kiosk_view v;
	porte_time minute = now - (now % 60 + 60) % 60 + 60;

	consider(&best, minute, now);
	kiosk_view_at(st, now, &v);
	if (v.status == KIOSK_BOOKED && !v.pending)
		consider(&best, now + 1, now); /* the countdown's seconds */
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;

		consider(&best, booking_next_change(b, &st->rules, now), now);
		consider(&best, b->start, now);
		consider(&best, booking_effective_end(b), now);
	}
	for (int k = 0; k < n; k++) {
		consider(&best, starts[k], now);
		consider(&best, ends[k], now);
	}
	if (st->toast.kind != KIOSK_TOAST_NONE)
		consider(&best, st->toast.until, now);
	if (st->screen != KIOSK_SCREEN_DOOR || st->staff)
		consider(&best, st->last_input + KIOSK_IDLE_TIMEOUT, now);
	consider(&best, st->locked_until, now);
	if (st->sync.configured && st->sync.last_success != 0)
		consider(&best, st->sync.last_success + KIOSK_STALE_AFTER, now);
	for (int i = 0; i < st->nmessages; i++) {
		consider(&best, st->messages[i].from, now);
		consider(&best, st->messages[i].until, now);
	}
	consider(&best, st->proof_until, now);
	return best;
}

int kiosk_qr_payload(const kiosk_state *st, porte_time now, char *buf,
                     size_t len)
{
	kiosk_view v;
	int i;
	int w;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (st->base_url[0] == '\0')
		return -1;
	kiosk_view_at(st, now, &v);
	i = v.current;
	if (i < 0 && v.next >= 0 && v.status != KIOSK_CLOSED) {
		kiosk_actions a;

		/* The next booking gets the QR once its check-in opens. */
		kiosk_actions_at(st, now, &a);
		if (a.checkin == v.next)
			i = v.next;
	}
	if (i >= 0 && st->door_proof[0] != '\0' && now < st->proof_until) {
		w = snprintf(buf, len, "%s/b/%s?door=%s", st->base_url,
		             st->bookings[i].id, st->door_proof);
		if (w > 0 && (size_t)w < len)
			return 1;
	}
	w = snprintf(buf, len, "%s/r/%s", st->base_url, st->room_id);
	if (w <= 0 || (size_t)w >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

kiosk_tone kiosk_toast_tone(kiosk_toast_kind kind)
{
	switch (kind) {
	case KIOSK_TOAST_CHECKED_IN:
	case KIOSK_TOAST_BOOKED:
	case KIOSK_TOAST_ENDED:
	case KIOSK_TOAST_EXTENDED:
	case KIOSK_TOAST_RELEASED:
	case KIOSK_TOAST_CANCELLED:
		return KIOSK_TONE_SUCCESS;
	case KIOSK_TOAST_WAITING_SYNC:
	case KIOSK_TOAST_NO_SERVER:
		return KIOSK_TONE_INFO;
	case KIOSK_TOAST_WRONG_CODE:
	case KIOSK_TOAST_WRONG_PIN:
	case KIOSK_TOAST_LOCKED:
		return KIOSK_TONE_WARNING;
	default:
		return KIOSK_TONE_ERROR;
	}
}

/* ---- Input ---- */

void kiosk_toast_show(kiosk_state *st, kiosk_toast_kind kind, rule_code rule,
                      porte_time now)
{
	st->toast.kind = kind;
	st->toast.rule = rule;
	st->toast.offline = false;
	st->toast.when = 0;
	st->toast.until = now + KIOSK_TOAST_TIME;
}

int kiosk_press(kiosk_state *st, kiosk_action_id act, int arg)
{
	if (st->pressed == act &&
	    (act == KIOSK_ACT_NONE || st->pressed_arg == arg))
		return 0;
	st->pressed = act;
	st->pressed_arg = arg;
	return 1;
}

static void go_door(kiosk_state *st)
{
	st->screen = st->staff ? KIOSK_SCREEN_STAFF : KIOSK_SCREEN_DOOR;
	memset(st->entry, 0, sizeof(st->entry));
	st->entry_booking = -1;
	st->verifying = false;
}

static void leave_staff(kiosk_state *st)
{
	st->staff = false;
	memset(st->staff_ref, 0, sizeof(st->staff_ref));
	go_door(st);
}

/* Hands EV to the outbox. Returns 0 when stored (or nowhere to store). */
static int submit(kiosk_state *st, const kiosk_hooks *hooks, kiosk_event *ev)
{
	if (st->staff)
		copy_str(ev->staff, sizeof(ev->staff), st->staff_ref);
	if (hooks == NULL || hooks->submit == NULL)
		return 0;
	return hooks->submit(hooks->ctx, ev);
}

static void event_for(kiosk_event *ev, kiosk_event_type type,
                      const kiosk_booking *kb, porte_time now)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->at = now;
	if (kb != NULL) {
		copy_str(ev->booking, sizeof(ev->booking), kb->id);
		ev->start = kb->b.start;
		ev->end = kb->b.end;
	}
}

/* The toast after an action that worked; says "waiting to sync" when the
 * server cannot know yet. */
static void done_toast(kiosk_state *st, kiosk_toast_kind kind, porte_time when,
                       porte_time now)
{
	kiosk_toast_show(st, kind, RULE_OK, now);
	st->toast.offline = st->sync.configured && !st->sync.online;
	st->toast.when = when;
}

/*
 * Applies core action A to booking I, hands event TYPE to the outbox and
 * shows TOAST. Nothing changes when the rules or the outbox refuse.
 */
static int apply_booking(kiosk_state *st, int i, const booking_action *a,
                         kiosk_event_type type, kiosk_toast_kind toast,
                         porte_time now, const kiosk_hooks *hooks)
{
	kiosk_booking kb;
	kiosk_event ev;
	rule_code rc;

	if (i < 0 || i >= st->nbookings)
		return 0;
	kb = st->bookings[i];
	rc = booking_apply(&kb.b, a, &st->rules, now);
	if (rc != RULE_OK) {
		kiosk_toast_show(st, KIOSK_TOAST_REFUSED, rc, now);
		return 1;
	}
	event_for(&ev, type, &kb, now);
	if (type == KIOSK_EV_EXTEND)
		ev.end = a->new_end;
	ev.reason = a->reason;
	if (submit(st, hooks, &ev) != 0) {
		kiosk_toast_show(st, KIOSK_TOAST_SAVE_FAILED, RULE_OK, now);
		return 1;
	}
	kb.waiting_sync = true;
	st->bookings[i] = kb;
	st->sync.pending++;
	done_toast(st, toast, kb.b.end, now);
	return 1;
}

static int do_checkin(kiosk_state *st, int i, porte_time now,
                      const kiosk_hooks *hooks)
{
	booking_action a;

	memset(&a, 0, sizeof(a));
	a.kind = BOOKING_CHECKIN;
	a.actor = st->staff ? ACTOR_STAFF : ACTOR_DEVICE;
	a.at = now;
	return apply_booking(st, i, &a, KIOSK_EV_CHECKIN,
	                     KIOSK_TOAST_CHECKED_IN, now, hooks);
}

static int do_simple(kiosk_state *st, int i, booking_action_kind kind,
                     actor_kind actor, kiosk_event_type type,
                     kiosk_toast_kind toast, porte_time now,
                     const kiosk_hooks *hooks)
{
	booking_action a;

	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.actor = actor;
	a.at = now;
	if (kind == BOOKING_REMOVE)
		a.reason = "no-show, released at the door";
	return apply_booking(st, i, &a, type, toast, now, hooks);
}

static int do_extend(kiosk_state *st, int i, actor_kind actor, porte_time now,
                     const kiosk_hooks *hooks)
{
	booking_action a;
	porte_time to;

	if (i < 0 || i >= st->nbookings || !can_extend(st, i, now, actor, &to))
		return 0;
	memset(&a, 0, sizeof(a));
	a.kind = BOOKING_EXTEND;
	a.actor = actor;
	a.at = now;
	a.new_end = to;
	return apply_booking(st, i, &a, KIOSK_EV_EXTEND, KIOSK_TOAST_EXTENDED,
	                     now, hooks);
}

/* A booking made here, now: a patron's walk-in or a staff addition. */
static int do_walk_in(kiosk_state *st, bool by_staff, porte_time now,
                      const kiosk_hooks *hooks)
{
	porte_rules rules = st->rules;
	room_kind kind = st->kind;
	kiosk_booking kb;
	kiosk_event ev;
	porte_time s, e;
	rule_code rc;

	if (by_staff) {
		/* Staff may add a booking to any room, walk-ins or not. */
		rules.walk_in = true;
		if (!room_kind_public(kind))
			kind = ROOM_MEETING;
	} else if (!room_kind_public(kind) || !rules.walk_in) {
		return 0;
	}
	rc = walk_in(st, &rules, kind, now, &s, &e);
	if (rc != RULE_OK) {
		kiosk_toast_show(st, KIOSK_TOAST_REFUSED, rc, now);
		return 1;
	}
	memset(&kb, 0, sizeof(kb));
	st->local_seq++;
	snprintf(kb.id, sizeof(kb.id), "local-%lld-%u", (long long)now,
	         st->local_seq);
	booking_init(&kb.b, s, e, now, by_staff ? ACTOR_STAFF : ACTOR_DEVICE,
	             true);
	kb.waiting_sync = true;
	event_for(&ev, by_staff ? KIOSK_EV_STAFF_ADD : KIOSK_EV_WALK_IN, &kb,
	          now);
	if (submit(st, hooks, &ev) != 0) {
		kiosk_toast_show(st, KIOSK_TOAST_SAVE_FAILED, RULE_OK, now);
		return 1;
	}
	if (kiosk_state_put_booking(st, &kb) < 0) {
		kiosk_toast_show(st, KIOSK_TOAST_SAVE_FAILED, RULE_OK, now);
		return 1;
	}
	st->sync.pending++;
	done_toast(st, KIOSK_TOAST_BOOKED, e, now);
	return 1;
}

static void ask(kiosk_state *st, kiosk_action_id act, int arg)
{
	st->confirm_from = st->screen;
	st->screen = KIOSK_SCREEN_CONFIRM;
	st->confirm = act;
	st->confirm_arg = arg;
}

static int confirmed(kiosk_state *st, porte_time now, const kiosk_hooks *hooks)
{
	int arg = st->confirm_arg;
	kiosk_action_id act = st->confirm;

	st->screen = st->confirm_from;
	st->confirm = KIOSK_ACT_NONE;
	switch (act) {
	case KIOSK_ACT_BOOK_NOW:
		return do_walk_in(st, false, now, hooks);
	case KIOSK_ACT_END:
		return do_simple(st, arg, BOOKING_END, ACTOR_DEVICE,
		                 KIOSK_EV_END, KIOSK_TOAST_ENDED, now, hooks);
	case KIOSK_ACT_STAFF_END:
		return do_simple(st, arg, BOOKING_END, ACTOR_STAFF,
		                 KIOSK_EV_END, KIOSK_TOAST_ENDED, now, hooks);
	case KIOSK_ACT_STAFF_RELEASE:
		return do_simple(st, arg, BOOKING_REMOVE, ACTOR_STAFF,
		                 KIOSK_EV_STAFF_REMOVE, KIOSK_TOAST_RELEASED,
		                 now, hooks);
	case KIOSK_ACT_STAFF_CANCEL:
		return do_simple(st, arg, BOOKING_CANCEL, ACTOR_STAFF,
		                 KIOSK_EV_STAFF_CANCEL, KIOSK_TOAST_CANCELLED,
		                 now, hooks);
	case KIOSK_ACT_STAFF_ADD:
		return do_walk_in(st, true, now, hooks);
	default:
		return 1;
	}
}

static int start_verify(kiosk_state *st, kiosk_verify_kind kind, porte_time now,
                        const kiosk_hooks *hooks)
{
	const char *id = "";

	if (kind == KIOSK_VERIFY_CODE && st->entry_booking >= 0 &&
	    st->entry_booking < st->nbookings)
		id = st->bookings[st->entry_booking].id;
	if (hooks == NULL || hooks->verify == NULL ||
	    hooks->verify(hooks->ctx, kind, id, st->entry) != 0) {
		go_door(st);
		kiosk_toast_show(st, KIOSK_TOAST_NO_SERVER, RULE_OK, now);
		return 1;
	}
	st->verifying = true;
	return 1;
}

static int type_digit(kiosk_state *st, int digit, porte_time now,
                      const kiosk_hooks *hooks)
{
	size_t n = strlen(st->entry);
	size_t max = st->screen == KIOSK_SCREEN_CODE ? KIOSK_CODE_LEN
	                                             : KIOSK_PIN_MAX;

	if (digit < 0 || digit > 9 || n >= max || st->verifying)
		return 0;
	st->entry[n] = (char)('0' + digit);
	st->entry[n + 1] = '\0';
	/* A complete check-in code goes at once. */
	if (st->screen == KIOSK_SCREEN_CODE && n + 1 == KIOSK_CODE_LEN)
		return start_verify(st, KIOSK_VERIFY_CODE, now, hooks);
	return 1;
}

static int enter(kiosk_state *st, porte_time now, const kiosk_hooks *hooks)
{
	size_t n = strlen(st->entry);

	if (st->verifying)
		return 0;
	if (st->screen == KIOSK_SCREEN_CODE && n == KIOSK_CODE_LEN)
		return start_verify(st, KIOSK_VERIFY_CODE, now, hooks);
	if (st->screen == KIOSK_SCREEN_PIN && n >= KIOSK_PIN_MIN)
		return start_verify(st, KIOSK_VERIFY_PIN, now, hooks);
	return 0;
}

/* Actions only the staff menu offers. */
static int staff_act(kiosk_state *st, kiosk_action_id act, int arg,
                     porte_time now, const kiosk_hooks *hooks)
{
	if (!st->staff || st->screen != KIOSK_SCREEN_STAFF)
		return 0;
	switch (act) {
	case KIOSK_ACT_STAFF_RELEASE:
	case KIOSK_ACT_STAFF_CANCEL:
	case KIOSK_ACT_STAFF_END:
		if (arg < 0 || arg >= st->nbookings)
			return 0;
		ask(st, act, arg);
		return 1;
	case KIOSK_ACT_STAFF_ADD:
		ask(st, act, -1);
		return 1;
	case KIOSK_ACT_STAFF_EXTEND:
		return do_extend(st, arg, ACTOR_STAFF, now, hooks);
	default:
		return 0;
	}
}

static int door_act(kiosk_state *st, kiosk_action_id act, int arg,
                    porte_time now, const kiosk_hooks *hooks)
{
	kiosk_actions a;

	kiosk_actions_at(st, now, &a);
	switch (act) {
	case KIOSK_ACT_CHECKIN:
		if (arg != a.checkin || arg < 0)
			return 0;
		if (st->rules.checkin_code && !st->staff) {
			st->screen = KIOSK_SCREEN_CODE;
			st->entry_booking = arg;
			memset(st->entry, 0, sizeof(st->entry));
			return 1;
		}
		return do_checkin(st, arg, now, hooks);
	case KIOSK_ACT_BOOK_NOW:
		if (!a.book_now)
			return 0;
		ask(st, act, -1);
		return 1;
	case KIOSK_ACT_END:
		if (arg != a.end || arg < 0)
			return 0;
		ask(st, act, arg);
		return 1;
	case KIOSK_ACT_EXTEND:
		if (arg != a.extend || arg < 0)
			return 0;
		return do_extend(st, arg, ACTOR_DEVICE, now, hooks);
	case KIOSK_ACT_STAFF:
		if (st->locked_until > now) {
			kiosk_toast_show(st, KIOSK_TOAST_LOCKED, RULE_OK, now);
			st->toast.when = st->locked_until;
			return 1;
		}
		st->screen = KIOSK_SCREEN_PIN;
		memset(st->entry, 0, sizeof(st->entry));
		return 1;
	default:
		return 0;
	}
}

int kiosk_act(kiosk_state *st, kiosk_action_id act, int arg, porte_time now,
              const kiosk_hooks *hooks)
{
	size_t n;

	st->last_input = now;
	st->now = now;
	switch (act) {
	case KIOSK_ACT_DISMISS:
		st->toast.kind = KIOSK_TOAST_NONE;
		return 1;
	case KIOSK_ACT_DIGIT:
		if (st->screen != KIOSK_SCREEN_CODE &&
		    st->screen != KIOSK_SCREEN_PIN)
			return 0;
		return type_digit(st, arg, now, hooks);
	case KIOSK_ACT_BACKSPACE:
		n = strlen(st->entry);
		if (n == 0 || st->verifying)
			return 0;
		st->entry[n - 1] = '\0';
		return 1;
	case KIOSK_ACT_ENTER:
		return enter(st, now, hooks);
	case KIOSK_ACT_BACK:
		if (st->screen == KIOSK_SCREEN_CONFIRM) {
			st->screen = st->confirm_from;
			st->confirm = KIOSK_ACT_NONE;
		} else if (st->screen == KIOSK_SCREEN_STAFF) {
			leave_staff(st);
		} else {
			go_door(st);
		}
		return 1;
	case KIOSK_ACT_YES:
		if (st->screen != KIOSK_SCREEN_CONFIRM)
			return 0;
		return confirmed(st, now, hooks);
	case KIOSK_ACT_STAFF_LEAVE:
		leave_staff(st);
		return 1;
	default:
		break;
	}
	if (st->screen == KIOSK_SCREEN_STAFF) {
		if (act == KIOSK_ACT_CHECKIN)
			return door_act(st, act, arg, now, hooks);
		return staff_act(st, act, arg, now, hooks);
	}
	if (st->screen != KIOSK_SCREEN_DOOR)
		return 0;
	return door_act(st, act, arg, now, hooks);
}

int kiosk_tick(kiosk_state *st, porte_time now)
{
	int changed = 0;

	st->now = now;
	if (st->toast.kind != KIOSK_TOAST_NONE && now >= st->toast.until) {
		st->toast.kind = KIOSK_TOAST_NONE;
		changed = 1;
	}
	if ((st->screen != KIOSK_SCREEN_DOOR || st->staff) &&
	    now - st->last_input >= KIOSK_IDLE_TIMEOUT) {
		leave_staff(st);
		st->confirm = KIOSK_ACT_NONE;
		st->screen = KIOSK_SCREEN_DOOR;
		changed = 1;
	}
	if (st->locked_until != 0 && now >= st->locked_until) {
		st->locked_until = 0;
		changed = 1;
	}
	if (st->pressed != KIOSK_ACT_NONE &&
	    now - st->last_input >= KIOSK_IDLE_TIMEOUT) {
		st->pressed = KIOSK_ACT_NONE;
		changed = 1;
	}
	return changed;
}

/* The lock-out after the Nth wrong PIN in a row (0 before the 5th). */
static porte_time lock_length(int failures)
{
	porte_time t = KIOSK_LOCK_FIRST;

	if (failures < KIOSK_PIN_TRIES)
		return 0;
	for (int k = KIOSK_PIN_TRIES; k < failures && t < KIOSK_LOCK_MAX; k++)
		t *= 2;
	return t < KIOSK_LOCK_MAX ? t : KIOSK_LOCK_MAX;
}

int kiosk_verify_result(kiosk_state *st, kiosk_verify_kind kind, bool ok,
                        const char *staff_ref, porte_time locked_until,
                        porte_time now, const kiosk_hooks *hooks)
{
	int booking_index = st->entry_booking;
	kiosk_screen expect = kind == KIOSK_VERIFY_CODE ? KIOSK_SCREEN_CODE
	                                                : KIOSK_SCREEN_PIN;

	st->now = now;
	if (!st->verifying || st->screen != expect)
		return 0; /* too late: the keypad was left meanwhile */
	st->verifying = false;
	memset(st->entry, 0, sizeof(st->entry));
	if (kind == KIOSK_VERIFY_CODE) {
		if (!ok) {
			kiosk_toast_show(st, KIOSK_TOAST_WRONG_CODE, RULE_OK,
			                 now);
			return 1;
		}
		go_door(st);
		do_checkin(st, booking_index, now, hooks);
		return 1;
	}
	if (ok) {
		st->pin_failures = 0;
		st->locked_until = 0;
		st->staff = true;
		copy_str(st->staff_ref, sizeof(st->staff_ref), staff_ref);
		st->screen = KIOSK_SCREEN_STAFF;
		st->last_input = now;
		return 1;
	}
	st->pin_failures++;
	if (lock_length(st->pin_failures) > 0)
		st->locked_until = now + lock_length(st->pin_failures);
	if (locked_until > st->locked_until)
		st->locked_until = locked_until;
	if (st->locked_until > now) {
		go_door(st);
		kiosk_toast_show(st, KIOSK_TOAST_LOCKED, RULE_OK, now);
		st->toast.when = st->locked_until;
	} else {
		kiosk_toast_show(st, KIOSK_TOAST_WRONG_PIN, RULE_OK, now);
	}
	return 1;
}

int kiosk_event_result(kiosk_state *st, const char *id, rule_code rule,
                       booking_status status, porte_time now)
{
	int i = kiosk_state_find(st, id);

	st->now = now;
	if (st->sync.pending > 0)
		st->sync.pending--;
	if (i < 0)
		return 1;
	st->bookings[i].waiting_sync = false;
	if (rule == RULE_OK)
		return 1;
	if ((int)status >= 0 && status < BOOKING__COUNT)
		st->bookings[i].b.status = status;
	kiosk_toast_show(st,
	                 rule == RULE_SLOT_REBOOKED ? KIOSK_TOAST_SLOT_REBOOKED
	                                            : KIOSK_TOAST_REFUSED,
	                 rule, now);
	return 1;
}

static const char *const screen_names[KIOSK_SCREEN__COUNT] = {
        "door", "code", "pin", "staff", "confirm"};
static const char *const action_names[KIOSK_ACT__COUNT] = {
        "none",         "checkin",   "book_now",     "end",
        "extend",       "staff",     "digit",        "backspace",
        "enter",        "back",      "yes",          "staff_release",
        "staff_cancel", "staff_add", "staff_extend", "staff_end",
        "staff_leave",  "dismiss"};
static const char *const toast_names[KIOSK_TOAST__COUNT] = {
        "none",      "checked_in",  "waiting_sync", "slot_rebooked",
        "booked",    "ended",       "extended",     "released",
        "cancelled", "wrong_code",  "wrong_pin",    "locked",
        "no_server", "save_failed", "refused"};

const char *kiosk_screen_name(kiosk_screen s)
{
	return (int)s >= 0 && s < KIOSK_SCREEN__COUNT ? screen_names[s] : "?";
}

const char *kiosk_action_name(kiosk_action_id a)
{
	return (int)a >= 0 && a < KIOSK_ACT__COUNT ? action_names[a] : "?";
}

const char *kiosk_toast_name(kiosk_toast_kind k)
{
	return (int)k >= 0 && k < KIOSK_TOAST__COUNT ? toast_names[k] : "?";
}

static int lookup(const char *const *names, int n, const char *name)
{
	for (int i = 0; name != NULL && i < n; i++) {
		if (strcmp(names[i], name) == 0)
			return i;
	}
	return -1;
}

int kiosk_screen_parse(const char *name)
{
	return lookup(screen_names, KIOSK_SCREEN__COUNT, name);
}

int kiosk_action_parse(const char *name)
{
	return lookup(action_names, KIOSK_ACT__COUNT, name);
}

int kiosk_toast_parse(const char *name)
{
	return lookup(toast_names, KIOSK_TOAST__COUNT, name);
}

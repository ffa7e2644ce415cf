/*
 * stats.c - check-in statistics from the event log.
 *
 * Feeding keeps one compact record per booking (struct booking, 56 bytes,
 * its id in a parallel array) found through an open-addressing hash of the
 * booking ids; rooms get a small dense index the same way. No event is kept.
 *
 * stats_finish walks the records twice. The first walk classifies every
 * booking of the period (due, show, where it stopped holding its slot),
 * adds its counts and seconds to the total, its room and its week, spreads
 * its booked and occupied time over the weekday x hour cells, and counts
 * per room the intervals it held and the ones it released. The second walk
 * lays those intervals out room by room, and reclaim_room sweeps each room
 * once (see there): O(n log n) over the whole input, whatever its shape.
 */
#include "stats.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 50000000u
#define MAX_BOOKINGS 10000000u
#define MAX_ROOMS 1000000u
#define MAX_PERIOD_S ((porte_time)36600 * 86400)
/* 9999-12-30T00:00:00Z: local dates of the period stay within year 9999. */
#define MAX_TIME ((porte_time)253402128000)
#define DAY_S 86400
#define HOUR_S 3600

enum term {
	TERM_NONE = 0,
	TERM_ENDED,
	TERM_RELEASED,
	TERM_CANCELLED,
	TERM_REMOVED
};

enum { F_WALK_IN = 1, F_CONFIRMED = 2, F_CHECKED_IN = 4, F_IN_PERIOD = 8 };

struct booking {
	int64_t id;
	porte_time created; /* AT of its STATS_CREATED */
	porte_time start;
	porte_time end; /* the scheduled end, extensions included */
	porte_time checkin;
	porte_time term_at; /* AT of the event that ended it (enum term) */
	porte_time last;    /* AT of its latest event */
	uint32_t room;      /* index into stats.room_id */
	uint8_t flags;
	uint8_t term;
};

/* Open-addressing index (linear probing) over int64 keys kept elsewhere: a
 * slot holds the key's position + 1, 0 when empty. The load stays at most
 * one half. */
struct index {
	uint32_t *slot;
	size_t mask; /* capacity - 1; the capacity is a power of two */
};

/* Where an index's keys are: the I-th at FIRST + I * STRIDE bytes. */
struct keys {
	const char *first;
	size_t stride;
};

struct room_out {
	int64_t id;
	uint32_t index;
};

struct stats {
	const tz_zone *tz;
	porte_time from, to;
	size_t nevents;
	bool finished;

	struct booking *bk;
	size_t nbk, capbk;
	size_t hint; /* the booking of the previous event */
	struct index bk_index;

	int64_t *room_id;
	size_t nroom, caproom;
	struct index room_index;

	stats_figures total;
	stats_figures *room_fig; /* by room index */
	size_t nroom_fig;        /* nroom, or more after stats_merge */
	struct room_out *room_out;
	size_t nroom_out;

	int64_t first_monday; /* days since 1970-01-01 */
	stats_figures *week;
	size_t nweek;

	int64_t booked_at[7][24];
	int64_t occupied_at[7][24];

	/* The zone's offset OFF over [OFF_FROM, OFF_UNTIL), the last span
	 * read (tz_offset_span): bookings come in time order, mostly. */
	porte_time off_from, off_until;
	int off;
};

/* ---- small arithmetic ---- */

static porte_time max_t(porte_time a, porte_time b)
{
	return a > b ? a : b;
}

static porte_time min_t(porte_time a, porte_time b)
{
	return a < b ? a : b;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/* Days since 1970-01-01 of the local date at T. */
static int64_t local_days(const tz_zone *tz, porte_time t)
{
	return floor_div(t + tz_offset_at(tz, t), DAY_S);
}

/* The days of the Monday of the week holding day DAYS (1970-01-01 was a
 * Thursday, weekday 3). */
static int64_t monday_of(int64_t days)
{
	return days - floor_mod(days + 3, 7);
}

/* [A, B) clipped to the period, as *A and *B; false when empty. */
static bool clip(const stats *s, porte_time *a, porte_time *b)
{
	*a = max_t(*a, s->from);
	*b = min_t(*b, s->to);
	return *a < *b;
}

static int64_t clip_len(const stats *s, porte_time a, porte_time b)
{
	return clip(s, &a, &b) ? b - a : 0;
}

/* ---- the id index ---- */

static uint64_t mix(int64_t key)
{
	uint64_t x = (uint64_t)key;

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

static int64_t key_at(struct keys keys, size_t i)
{
	int64_t key;

	memcpy(&key, keys.first + i * keys.stride, sizeof(key));
	return key;
}

/* The slot holding KEY, or the empty slot where it would go. IX has slots. */
static size_t index_probe(const struct index *ix, struct keys keys, int64_t key)
{
	size_t i = (size_t)mix(key) & ix->mask;

	while (ix->slot[i] != 0 && key_at(keys, ix->slot[i] - 1) != key)
		i = (i + 1) & ix->mask;
	return i;
}

static bool index_find(const struct index *ix, struct keys keys, int64_t key,
                       size_t *pos)
{
	size_t i;

	if (ix->slot == NULL)
		return false;
	i = index_probe(ix, keys, key);
	if (ix->slot[i] == 0)
		return false;
	*pos = ix->slot[i] - 1;
	return true;
}

/* Makes room in IX for one more key past the N of KEYS. */
static int index_reserve(struct index *ix, struct keys keys, size_t n)
{
	size_t cap = ix->slot != NULL ? ix->mask + 1 : 0;
	size_t ncap = cap != 0 ? cap : 64;
	struct index nix;

	if ((n + 1) * 2 <= cap)
		return 0;
	while ((n + 1) * 2 > ncap)
		ncap *= 2;
	nix.slot = calloc(ncap, sizeof(*nix.slot));
	if (nix.slot == NULL)
		return -1;
	nix.mask = ncap - 1;
	for (size_t k = 0; k < n; k++)
		nix.slot[index_probe(&nix, keys, key_at(keys, k))] =
		        (uint32_t)(k + 1);
	free(ix->slot);
	*ix = nix;
	return 0;
}

/* ---- feeding ---- */

/* The booking ids, kept in the records themselves. */
static struct keys booking_keys(const stats *s)
{
	struct keys k = {(const char *)s->bk + offsetof(struct booking, id),
	                 sizeof(struct booking)};

	return k;
}

static struct keys room_keys(const stats *s)
{
	struct keys k = {(const char *)s->room_id, sizeof(int64_t)};

	return k;
}

static int reserve_bookings(stats *s)
{
	size_t ncap;
	struct booking *bk;

	if (s->nbk < s->capbk)
		return index_reserve(&s->bk_index, booking_keys(s), s->nbk);
	ncap = s->capbk != 0 ? s->capbk * 2 : 1024;
	if (ncap > MAX_BOOKINGS)
		ncap = MAX_BOOKINGS;
	bk = realloc(s->bk, ncap * sizeof(*bk));
	if (bk == NULL)
		return -1;
	s->bk = bk;
	s->capbk = ncap;
	return index_reserve(&s->bk_index, booking_keys(s), s->nbk);
}

/* The index of room ID in *ROOM, adding it when new. */
static int room_of(stats *s, int64_t id, uint32_t *room)
{
	size_t pos;
	int64_t *ids;

	if (index_find(&s->room_index, room_keys(s), id, &pos)) {
		*room = (uint32_t)pos;
		return 0;
	}
	if (s->nroom >= MAX_ROOMS)
		return -1;
	if (s->nroom == s->caproom) {
		size_t ncap = s->caproom != 0 ? s->caproom * 2 : 16;

		ids = realloc(s->room_id, ncap * sizeof(*ids));
		if (ids == NULL)
			return -1;
		s->room_id = ids;
		s->caproom = ncap;
	}
	if (index_reserve(&s->room_index, room_keys(s), s->nroom) != 0)
		return -1;
	pos = s->nroom++;
	s->room_id[pos] = id;
	s->room_index.slot[index_probe(&s->room_index, room_keys(s), id)] =
	        (uint32_t)(pos + 1);
	*room = (uint32_t)pos;
	return 0;
}

static int add_booking(stats *s, const stats_event *e)
{
	struct booking *b;
	uint32_t room;
	size_t n = s->nbk;

	if (e->end <= e->start || n >= MAX_BOOKINGS)
		return -1;
	if (reserve_bookings(s) != 0)
		return -1;
	if (room_of(s, e->room_id, &room) != 0)
		return -1;
	b = &s->bk[n];
	memset(b, 0, sizeof(*b));
	b->id = e->booking_id;
	b->created = e->at;
	b->start = e->start;
	b->end = e->end;
	b->last = e->at;
	b->room = room;
	if (e->confirmed)
		b->flags |= F_CONFIRMED;
	if (e->walk_in) {
		b->flags |= F_WALK_IN | F_CONFIRMED | F_CHECKED_IN;
		b->checkin = e->at;
	}
	if (e->start >= s->from && e->start < s->to)
		b->flags |= F_IN_PERIOD;
	s->bk_index.slot[index_probe(&s->bk_index, booking_keys(s),
	                             e->booking_id)] = (uint32_t)(n + 1);
	s->nbk = n + 1;
	s->hint = n;
	return 0;
}

/* Applies E (not a STATS_CREATED) to B, its booking. */
static int apply(struct booking *b, const stats_event *e)
{
	if (e->at < b->last)
		return -1;
	if (e->kind == STATS_EXTENDED && e->end <= b->start)
		return -1;
	b->last = e->at;
	if (e->kind == STATS_CHECKED_IN && b->term == TERM_RELEASED) {
		/* A late offline check-in the server accepted. */
		b->term = TERM_NONE;
		b->term_at = 0;
	}
	if (b->term != TERM_NONE)
		return 0;
	switch (e->kind) {
	case STATS_CONFIRMED:
		b->flags |= F_CONFIRMED;
		break;
	case STATS_CHECKED_IN:
		if (!(b->flags & F_CHECKED_IN)) {
			b->flags |= F_CHECKED_IN | F_CONFIRMED;
			b->checkin = e->at;
		}
		break;
	case STATS_EXTENDED:
		b->end = e->end;
		break;
	case STATS_ENDED:
		b->term = TERM_ENDED;
		b->term_at = e->at;
		break;
	case STATS_RELEASED:
		b->term = TERM_RELEASED;
		b->term_at = e->at;
		break;
	case STATS_CANCELLED:
		b->term = TERM_CANCELLED;
		b->term_at = e->at;
		break;
	case STATS_REMOVED:
		b->term = TERM_REMOVED;
		b->term_at = e->at;
		break;
	case STATS_CREATED:
		return -1;
	}
	return 0;
}

int stats_add(stats *s, const stats_event *e)
{
	int kind;
	size_t pos;
	bool known;

	if (s == NULL || e == NULL || s->finished)
		return -1;
	kind = (int)e->kind;
	if (kind < (int)STATS_CREATED || kind > (int)STATS_REMOVED)
		return -1;
	if (s->nevents >= MAX_EVENTS)
		return -1;
	if (s->nbk > 0 && s->bk[s->hint].id == e->booking_id) {
		pos = s->hint;
		known = true;
	} else {
		known = index_find(&s->bk_index, booking_keys(s), e->booking_id,
		                   &pos);
	}
	if (e->kind == STATS_CREATED) {
		if (known || add_booking(s, e) != 0)
			return -1;
	} else {
		if (!known || apply(&s->bk[pos], e) != 0)
			return -1;
		s->hint = pos;
	}
	s->nevents++;
	return 0;
}

/* ---- finishing: one booking ---- */

struct outcome {
	bool due;
	bool show;
	porte_time stop; /* where it stopped holding its slot */
};

static struct outcome classify(const struct booking *b, porte_time now)
{
	struct outcome o = {false, false, b->end};
	bool checked = (b->flags & F_CHECKED_IN) != 0;
	bool ended_before =
	        (b->term == TERM_CANCELLED || b->term == TERM_REMOVED) &&
	        b->term_at < b->start;

	if (!(b->flags & F_CONFIRMED) || ended_before)
		return o;
	if (!checked && b->term == TERM_NONE && now < b->end)
		return o; /* not due yet */
	o.due = true;
	o.show = checked;
	if (b->term != TERM_NONE && b->term_at < b->end)
		o.stop = max_t(b->term_at, b->start);
	return o;
}

/* The figures of B alone, reclaimed time and rates aside. */
static void booking_figures(const stats *s, const struct booking *b,
                            struct outcome o, stats_figures *f)
{
	memset(f, 0, sizeof(*f));
	f->bookings = 1;
	f->walk_ins = (b->flags & F_WALK_IN) != 0;
	f->auto_released = b->term == TERM_RELEASED;
	f->removed = b->term == TERM_REMOVED;
	f->cancelled = b->term == TERM_CANCELLED;
	if (!o.due)
		return;
	f->due = 1;
	f->shows = o.show;
	f->no_shows = !o.show;
	f->booked_s = clip_len(s, b->start, b->end);
	if (o.show)
		f->occupied_s =
		        clip_len(s, max_t(b->checkin, b->start), o.stop);
	f->released_s = clip_len(s, o.stop, b->end);
}

static void figures_add(stats_figures *to, const stats_figures *f)
{
	to->bookings += f->bookings;
	to->due += f->due;
	to->shows += f->shows;
	to->no_shows += f->no_shows;
	to->auto_released += f->auto_released;
	to->removed += f->removed;
	to->cancelled += f->cancelled;
	to->walk_ins += f->walk_ins;
	to->booked_s += f->booked_s;
	to->occupied_s += f->occupied_s;
	to->released_s += f->released_s;
	to->reclaimed_s += f->reclaimed_s;
}

static void figures_rates(stats_figures *f)
{
	f->checkin_rate = f->due > 0 ? (double)f->shows / (double)f->due : 0;
	f->no_show_rate = f->due > 0 ? (double)f->no_shows / (double)f->due : 0;
}

/* The zone's offset at T, from the span kept in S when T is in it. */
static int offset_of(stats *s, porte_time t)
{
	if (t < s->off_from || t >= s->off_until)
		s->off = tz_offset_span(s->tz, t, &s->off_from, &s->off_until);
	return s->off;
}

static size_t week_of(stats *s, porte_time start)
{
	int64_t w = (floor_div(start + offset_of(s, start), DAY_S) -
	             s->first_monday) /
	            7;

	if (w < 0)
		return 0;
	if ((uint64_t)w >= s->nweek)
		return s->nweek - 1;
	return (size_t)w;
}

/* Spreads [A, B), clipped to the period, over CELLS by local weekday and
 * wall-clock hour, one wall hour at a time (cut where the offset
 * changes). */
static void add_hours(stats *s, int64_t (*cells)[24], porte_time a,
                      porte_time b)
{
	porte_time t;

	if (!clip(s, &a, &b))
		return;
	t = a;
	while (t < b) {
		int off = offset_of(s, t);
		int64_t days = floor_div(t + off, DAY_S);
		int64_t sod = t + off - days * DAY_S;
		porte_time next = min_t(b, t + (HOUR_S - sod % HOUR_S));

		next = min_t(next, s->off_until);
		cells[floor_mod(days + 3, 7)][sod / HOUR_S] += next - t;
		t = next;
	}
}

/* ---- finishing: reclaimed time ---- */

/* Per room: how many released intervals and candidate held intervals (one
 * per due booking holding something), where their runs start in the shared
 * lists, and the fill cursors. */
struct room_acc {
	size_t nheld, nrel;
	size_t held0, rel0;
	size_t held_fill, rel_fill;
};

struct held {
	porte_time start, end;
	porte_time created;
};

struct released {
	porte_time at; /* the release's instant */
	porte_time start, end;
	int64_t base; /* the Fenwick value at its start */
	uint32_t booking;
	uint32_t rank; /* its place among the room's, by AT */
};

enum point_kind { P_HELD_START, P_HELD_END, P_REL_START, P_REL_END };

struct point {
	porte_time t;
	uint32_t ref; /* into the room's held or released run */
	uint32_t kind;
};

struct rank_key {
	porte_time at;
	uint32_t ref;
};

/* Scratch space of the sweep, sized for the largest room. */
struct sweep {
	struct point *pt;
	struct held *heap; /* a max-heap by created */
	int64_t *fen;      /* Fenwick tree, 1-based */
	struct rank_key *rank;
};

static int cmp_point(const void *a, const void *b)
{
	const struct point *x = a;
	const struct point *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

static int cmp_rank(const void *a, const void *b)
{
	const struct rank_key *x = a;
	const struct rank_key *y = b;

	return (x->at > y->at) - (x->at < y->at);
}

static int cmp_released_start(const void *a, const void *b)
{
	const struct released *x = a;
	const struct released *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

static void heap_push(struct held *h, size_t *n, struct held v)
{
	size_t i = (*n)++;

	while (i > 0 && h[(i - 1) / 2].created < v.created) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

static void heap_pop(struct held *h, size_t *n)
{
	struct held v = h[--(*n)];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1].created > h[c].created)
			c++;
		if (h[c].created <= v.created)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n > 0)
		h[i] = v;
}

static void fen_add(int64_t *fen, size_t n, size_t pos, int64_t v)
{
	for (size_t i = pos + 1; i <= n; i += i & (~i + 1))
		fen[i] += v;
}

static int64_t fen_get(const int64_t *fen, size_t pos)
{
	int64_t sum = 0;

	for (size_t i = pos + 1; i > 0; i -= i & (~i + 1))
		sum += fen[i];
	return sum;
}

/* How many of the N ranked releases happened at or before T. */
static size_t released_by(const struct rank_key *rank, size_t n, porte_time t)
{
	size_t lo = 0;
	size_t hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rank[mid].at <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* True when [HS, HE) meets one of the N released intervals REL (sorted by
 * start; RMAX[i] the latest end among REL[0..i]). */
static bool meets_released(const struct released *rel, const porte_time *rmax,
                           size_t n, porte_time hs, porte_time he)
{
	size_t lo = 0;
	size_t hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rel[mid].start < he)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && rmax[lo - 1] > hs;
}

static void credit_reclaimed(stats *s, uint32_t booking, int64_t secs)
{
	const struct booking *b = &s->bk[booking];

	if (secs == 0)
		return;
	s->total.reclaimed_s += secs;
	s->room_fig[b->room].reclaimed_s += secs;
	s->week[week_of(s, b->start)].reclaimed_s += secs;
}

/*
 * One room's reclaimed time. A released interval R (released at R.at) is
 * reclaimed where some held interval H of a booking created at or after
 * R.at covers it; at any instant that holds exactly when the latest
 * creation among the held intervals covering the instant is >= R.at.
 *
 * The sweep cuts the room's timeline at every interval end. On each piece
 * it takes the latest creation M among the covering held intervals (a
 * max-heap, entries dropped lazily once they end) and credits the piece's
 * length to every release with AT <= M: with the releases ranked by AT
 * that is a prefix, one range add on a Fenwick tree. A release's reclaimed
 * time is then the tree's value at its rank when it ends minus the value
 * when it started. O(n log n) in the room's intervals, overlapping or not.
 */
static void reclaim_room(stats *s, struct released *rel, size_t nrel,
                         const struct held *held, size_t nheld,
                         struct sweep *sw)
{
	struct point *pt = sw->pt;
	size_t npt = 0;
	size_t nheap = 0;
	size_t active = 0;
	size_t i = 0;

	for (size_t k = 0; k < nrel; k++) {
		sw->rank[k].at = rel[k].at;
		sw->rank[k].ref = (uint32_t)k;
		pt[npt++] =
		        (struct point){rel[k].start, (uint32_t)k, P_REL_START};
		pt[npt++] = (struct point){rel[k].end, (uint32_t)k, P_REL_END};
	}
	for (size_t k = 0; k < nheld; k++) {
		pt[npt++] = (struct point){held[k].start, (uint32_t)k,
		                           P_HELD_START};
		pt[npt++] =
		        (struct point){held[k].end, (uint32_t)k, P_HELD_END};
	}
	qsort(sw->rank, nrel, sizeof(*sw->rank), cmp_rank);
	for (size_t k = 0; k < nrel; k++)
		rel[sw->rank[k].ref].rank = (uint32_t)k;
	memset(sw->fen, 0, (nrel + 1) * sizeof(*sw->fen));
	qsort(pt, npt, sizeof(*pt), cmp_point);

	while (i < npt) {
		porte_time t = pt[i].t;
		size_t k;

		for (; i < npt && pt[i].t == t; i++) {
			uint32_t ref = pt[i].ref;

			switch (pt[i].kind) {
			case P_HELD_START:
				heap_push(sw->heap, &nheap, held[ref]);
				break;
			case P_REL_START:
				rel[ref].base = fen_get(sw->fen, rel[ref].rank);
				active++;
				break;
			case P_REL_END:
				credit_reclaimed(
				        s, rel[ref].booking,
				        fen_get(sw->fen, rel[ref].rank) -
				                rel[ref].base);
				active--;
				break;
			default:
				break; /* a held end only cuts the timeline */
			}
		}
		if (i == npt || active == 0)
			continue;
		while (nheap > 0 && sw->heap[0].end <= t)
			heap_pop(sw->heap, &nheap);
		if (nheap == 0)
			continue;
		k = released_by(sw->rank, nrel, sw->heap[0].created);
		if (k == 0)
			continue;
		fen_add(sw->fen, nrel, 0, pt[i].t - t);
		if (k < nrel)
			fen_add(sw->fen, nrel, k, -(pt[i].t - t));
	}
}

/* Places each room's released intervals in its run of REL, sorted by start,
 * with the running maximum of their ends in RMAX. */
static void lay_released(stats *s, porte_time now, struct room_acc *acc,
                         struct released *rel, porte_time *rmax)
{
	for (size_t i = 0; i < s->nbk; i++) {
		const struct booking *b = &s->bk[i];
		struct room_acc *a = &acc[b->room];
		struct outcome o;
		porte_time rs, re;
		size_t k;

		if (!(b->flags & F_IN_PERIOD) || a->nrel == 0)
			continue;
		o = classify(b, now);
		rs = o.stop;
		re = b->end;
		if (!o.due || !clip(s, &rs, &re))
			continue;
		k = a->rel_fill++;
		rel[k].at = b->term_at;
		rel[k].start = rs;
		rel[k].end = re;
		rel[k].base = 0;
		rel[k].booking = (uint32_t)i;
		rel[k].rank = 0;
	}
	for (size_t r = 0; r < s->nroom; r++) {
		struct released *run = &rel[acc[r].rel0];

		if (acc[r].nrel == 0)
			continue;
		qsort(run, acc[r].nrel, sizeof(*run), cmp_released_start);
		for (size_t k = 0; k < acc[r].nrel; k++)
			rmax[acc[r].rel0 + k] =
			        k == 0 ? run[k].end
			               : max_t(run[k].end,
			                       rmax[acc[r].rel0 + k - 1]);
	}
}

/* Places the held intervals that meet a released one of their room in the
 * room's run of HELD (most held intervals meet none and are left out). */
static void lay_held(stats *s, porte_time now, struct room_acc *acc,
                     const struct released *rel, const porte_time *rmax,
                     struct held *held)
{
	for (size_t i = 0; i < s->nbk; i++) {
		const struct booking *b = &s->bk[i];
		struct room_acc *a = &acc[b->room];
		struct outcome o;
		porte_time hs = b->start, he;
		size_t k;

		if (!(b->flags & F_IN_PERIOD) || a->nrel == 0)
			continue;
		o = classify(b, now);
		he = o.stop;
		if (!o.due || !clip(s, &hs, &he))
			continue;
		if (!meets_released(&rel[a->rel0], &rmax[a->rel0], a->nrel, hs,
		                    he))
			continue;
		k = a->held_fill++;
		held[k].start = hs;
		held[k].end = he;
		held[k].created = b->created;
	}
}

/* Reclaimed time of every room that released something. */
static int reclaim(stats *s, porte_time now, struct room_acc *acc)
{
	size_t nheld = 0;
	size_t nrel = 0;
	size_t max_pt = 0;
	size_t max_held = 0;
	size_t max_rel = 0;
	struct held *held = NULL;
	struct released *rel = NULL;
	porte_time *rmax = NULL;
	struct sweep sw = {NULL, NULL, NULL, NULL};
	int rc = -1;

	for (size_t r = 0; r < s->nroom; r++) {
		if (acc[r].nrel == 0)
			continue;
		acc[r].held0 = acc[r].held_fill = nheld;
		acc[r].rel0 = acc[r].rel_fill = nrel;
		nheld += acc[r].nheld;
		nrel += acc[r].nrel;
	}
	if (nrel == 0)
		return 0;
	/* HELD is sized for every candidate but only the few kept are
	 * written: its untouched pages cost nothing. */
	held = malloc((nheld + 1) * sizeof(*held));
	rel = malloc(nrel * sizeof(*rel));
	rmax = malloc(nrel * sizeof(*rmax));
	if (held == NULL || rel == NULL || rmax == NULL)
		goto out;
	lay_released(s, now, acc, rel, rmax);
	lay_held(s, now, acc, rel, rmax, held);

	for (size_t r = 0; r < s->nroom; r++) {
		size_t kept = acc[r].held_fill - acc[r].held0;

		if (acc[r].nrel == 0)
			continue;
		max_pt = max_pt > 2 * (kept + acc[r].nrel)
		                 ? max_pt
		                 : 2 * (kept + acc[r].nrel);
		max_held = kept > max_held ? kept : max_held;
		max_rel = acc[r].nrel > max_rel ? acc[r].nrel : max_rel;
	}
	sw.pt = malloc(max_pt * sizeof(*sw.pt));
	sw.heap = malloc((max_held + 1) * sizeof(*sw.heap));
	sw.fen = malloc((max_rel + 1) * sizeof(*sw.fen));
	sw.rank = malloc(max_rel * sizeof(*sw.rank));
	if (sw.pt == NULL || sw.heap == NULL || sw.fen == NULL ||
	    sw.rank == NULL)
		goto out;
	for (size_t r = 0; r < s->nroom; r++) {
		if (acc[r].nrel == 0)
			continue;
		reclaim_room(s, &rel[acc[r].rel0], acc[r].nrel,
		             &held[acc[r].held0],
		             acc[r].held_fill - acc[r].held0, &sw);
	}
	rc = 0;
out:
	free(held);
	free(rel);
	free(rmax);
	free(sw.pt);
	free(sw.heap);
	free(sw.fen);
	free(sw.rank);
	return rc;
}

/* ---- finishing: the whole ---- */

static int cmp_room_out(const void *a, const void *b)
{
	const struct room_out *x = a;
	const struct room_out *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Every booking of the period: counts, seconds, hours; intervals counted. */
static void tally(stats *s, porte_time now, struct room_acc *acc)
{
	for (size_t i = 0; i < s->nbk; i++) {
		const struct booking *b = &s->bk[i];
		struct outcome o;
		stats_figures f;

		if (!(b->flags & F_IN_PERIOD))
			continue;
		o = classify(b, now);
		booking_figures(s, b, o, &f);
		figures_add(&s->total, &f);
		figures_add(&s->room_fig[b->room], &f);
		figures_add(&s->week[week_of(s, b->start)], &f);
		if (!o.due)
			continue;
		add_hours(s, s->booked_at, b->start, b->end);
		if (o.show)
			add_hours(s, s->occupied_at,
			          max_t(b->checkin, b->start), o.stop);
		acc[b->room].nheld += clip_len(s, b->start, o.stop) > 0;
		acc[b->room].nrel += f.released_s > 0;
	}
}

static void reset_figures(stats *s)
{
	memset(&s->total, 0, sizeof(s->total));
	memset(s->booked_at, 0, sizeof(s->booked_at));
	memset(s->occupied_at, 0, sizeof(s->occupied_at));
	if (s->week != NULL)
		memset(s->week, 0, s->nweek * sizeof(*s->week));
	free(s->room_fig);
	s->room_fig = NULL;
	free(s->room_out);
	s->room_out = NULL;
	s->nroom_out = 0;
}

int stats_finish(stats *s, porte_time now)
{
	struct room_acc *acc = NULL;
	size_t n = 0;
	int rc = -1;

	if (s == NULL || s->finished)
		return -1;
	s->room_fig = calloc(s->nroom + 1, sizeof(*s->room_fig));
	s->room_out = calloc(s->nroom + 1, sizeof(*s->room_out));
	acc = calloc(s->nroom + 1, sizeof(*acc));
	if (s->room_fig == NULL || s->room_out == NULL || acc == NULL)
		goto out;
	tally(s, now, acc);
	if (reclaim(s, now, acc) != 0)
		goto out;

	figures_rates(&s->total);
	for (size_t w = 0; w < s->nweek; w++)
		figures_rates(&s->week[w]);
	for (size_t r = 0; r < s->nroom; r++) {
		figures_rates(&s->room_fig[r]);
		if (s->room_fig[r].bookings == 0)
			continue;
		s->room_out[n].id = s->room_id[r];
		s->room_out[n].index = (uint32_t)r;
		n++;
	}
	qsort(s->room_out, n, sizeof(*s->room_out), cmp_room_out);
	s->nroom_out = n;
	s->nroom_fig = s->nroom;
	s->finished = true;
	rc = 0;
out:
	if (rc != 0)
		reset_figures(s);
	free(acc);
	return rc;
}

/* ---- merging ---- */

/* True when A and B list a room in common (both lists sorted by id). */
static bool rooms_meet(const struct room_out *a, size_t na,
                       const struct room_out *b, size_t nb)
{
	size_t i = 0;
	size_t j = 0;

	while (i < na && j < nb) {
		if (a[i].id == b[j].id)
			return true;
		if (a[i].id < b[j].id)
			i++;
		else
			j++;
	}
	return false;
}

/* INTO's and PART's rooms, in order of id, into OUT: PART's indexes moved
 * past INTO's NFIG figures. */
static void rooms_interleave(const stats *into, const stats *part, size_t nfig,
                             struct room_out *out)
{
	size_t i = 0;
	size_t j = 0;
	size_t n = 0;

	while (i < into->nroom_out || j < part->nroom_out) {
		bool take_into = j == part->nroom_out ||
		                 (i < into->nroom_out &&
		                  into->room_out[i].id < part->room_out[j].id);

		if (take_into) {
			out[n++] = into->room_out[i++];
		} else {
			out[n].id = part->room_out[j].id;
			out[n].index =
			        (uint32_t)(nfig + part->room_out[j].index);
			n++;
			j++;
		}
	}
}

static void week_merge(stats *into, const stats *part)
{
	for (size_t w = 0; w < into->nweek; w++) {
		figures_add(&into->week[w], &part->week[w]);
		figures_rates(&into->week[w]);
	}
}

int stats_merge(stats *into, const stats *part)
{
	size_t nfig;
	stats_figures *fig;
	struct room_out *out;

	if (into == NULL || part == NULL || into == part || !into->finished ||
	    !part->finished || into->tz != part->tz ||
	    into->from != part->from || into->to != part->to ||
	    into->nweek != part->nweek)
		return -1;
	if (rooms_meet(into->room_out, into->nroom_out, part->room_out,
	               part->nroom_out))
		return -1;
	if (into->nroom_fig + part->nroom_fig + 1 > MAX_ROOMS + 1)
		return -1;
	nfig = into->nroom_fig;
	fig = calloc(nfig + part->nroom_fig + 1, sizeof(*fig));
	out = calloc(into->nroom_out + part->nroom_out + 1, sizeof(*out));
	if (fig == NULL || out == NULL) {
		free(fig);
		free(out);
		return -1;
	}
	if (nfig > 0)
		memcpy(fig, into->room_fig, nfig * sizeof(*fig));
	if (part->nroom_fig > 0)
		memcpy(fig + nfig, part->room_fig,
		       part->nroom_fig * sizeof(*fig));
	rooms_interleave(into, part, nfig, out);
	free(into->room_fig);
	free(into->room_out);
	into->room_fig = fig;
	into->room_out = out;
	into->nroom_out += part->nroom_out;
	into->nroom_fig = nfig + part->nroom_fig;
	figures_add(&into->total, &part->total);
	figures_rates(&into->total);
	week_merge(into, part);
	for (int d = 0; d < 7; d++) {
		for (int h = 0; h < 24; h++) {
			into->booked_at[d][h] += part->booked_at[d][h];
			into->occupied_at[d][h] += part->occupied_at[d][h];
		}
	}
	return 0;
}

/* ---- life and reading ---- */

stats *stats_new(const tz_zone *tz, porte_time from, porte_time to)
{
	stats *s;

	if (tz == NULL || from < 0 || from > MAX_TIME || to < 0 ||
	    to > MAX_TIME || (to > from && to - from > MAX_PERIOD_S))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->tz = tz;
	s->from = from;
	s->to = to;
	if (to > from) {
		int64_t first = monday_of(local_days(tz, from));
		int64_t last = monday_of(local_days(tz, to - 1));

		s->first_monday = first;
		s->nweek = last >= first ? (size_t)((last - first) / 7 + 1) : 1;
		s->week = calloc(s->nweek, sizeof(*s->week));
		if (s->week == NULL) {
			free(s);
			return NULL;
		}
	}
	return s;
}

void stats_free(stats *s)
{
	if (s == NULL)
		return;
	free(s->bk);
	free(s->bk_index.slot);
	free(s->room_id);
	free(s->room_index.slot);
	free(s->room_fig);
	free(s->room_out);
	free(s->week);
	free(s);
}

const stats_figures *stats_total(const stats *s)
{
	return &s->total;
}

size_t stats_room_count(const stats *s)
{
	return s->nroom_out;
}

const stats_figures *stats_room(const stats *s, size_t i, int64_t *room_id)
{
	if (i >= s->nroom_out)
		return NULL;
	if (room_id != NULL)
		*room_id = s->room_out[i].id;
	return &s->room_fig[s->room_out[i].index];
}

int64_t stats_booked_at(const stats *s, int weekday, int hour)
{
	if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23)
		return 0;
	return s->booked_at[weekday][hour];
}

int64_t stats_occupied_at(const stats *s, int weekday, int hour)
{
	if (weekday < 0 || weekday > 6 || hour < 0 || hour > 23)
		return 0;
	return s->occupied_at[weekday][hour];
}

size_t stats_week_count(const stats *s)
{
	return s->nweek;
}

const stats_figures *stats_week(const stats *s, size_t i, cal_date *monday)
{
	if (i >= s->nweek)
		return NULL;
	if (monday != NULL)
		*monday = cal_civil_from_days(s->first_monday + 7 * (int64_t)i);
	return &s->week[i];
}

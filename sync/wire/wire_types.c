/*
 * wire_types.c - rooms, their rules, bookings and the day's schedule, as
 * JSON both ways.
 */
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "wire_int.h"

/* Booking ids stay exact in every JSON reader (2^53). */
#define ID_MAX ((int64_t)1 << 53)
/* Rule settings: minutes up to 31 days, days ahead up to 10 years. */
#define RULE_MINUTES_MAX (31 * 1440)
#define RULE_DAYS_MAX 3650
#define CAPACITY_MAX 10000

/* ---- rules ------------------------------------------------------------- */

typedef struct rule_field {
	const char *name;
	size_t offset;
	bool is_bool;
	int max;
} rule_field;

#define RULE_INT(f, m)                                                         \
	{                                                                      \
#f, offsetof(porte_rules, f), false, m                         \
	}
#define RULE_BOOL(f)                                                           \
	{                                                                      \
#f, offsetof(porte_rules, f), true, 1                          \
	}

static const rule_field rule_fields[] = {
        RULE_INT(checkin_before, RULE_MINUTES_MAX),
        RULE_INT(release_after, RULE_MINUTES_MAX),
        RULE_INT(granularity, 1440),
        RULE_INT(min_duration, RULE_MINUTES_MAX),
        RULE_INT(max_duration, RULE_MINUTES_MAX),
        RULE_INT(daily_quota, RULE_MINUTES_MAX),
        RULE_INT(monthly_quota, RULE_MINUTES_MAX),
        RULE_INT(too_far_ahead, RULE_DAYS_MAX),
        RULE_INT(confirm_within, RULE_MINUTES_MAX),
        RULE_BOOL(checkin_code),
        RULE_BOOL(walk_in),
};

#define NRULE_FIELDS (sizeof rule_fields / sizeof rule_fields[0])

json_t *wire_rules_json(const porte_rules *r)
{
	const char *base = (const char *)r;
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	for (size_t i = 0; i < NRULE_FIELDS; i++) {
		const rule_field *f = &rule_fields[i];

		if (f->is_bool)
			rc |= wire_set_bool(o, f->name,
			                    *(const bool *)(base + f->offset));
		else
			rc |= wire_set_int(o, f->name,
			                   *(const int *)(base + f->offset));
	}
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int rules_at(const json_t *j, const char *prefix, porte_rules *out,
                    char **cause)
{
	const char *allowed[NRULE_FIELDS + 1];
	char shown[WIRE_SHOWN_MAX];
	char *why = NULL;
	porte_rules r;
	char *base = (char *)&r;

	for (size_t i = 0; i < NRULE_FIELDS; i++)
		allowed[i] = rule_fields[i].name;
	allowed[NRULE_FIELDS] = NULL;
	if (wire_fields_at(j, prefix, allowed, cause) != 0)
		return -1;
	rules_defaults(&r);
	for (size_t i = 0; i < NRULE_FIELDS; i++) {
		const rule_field *f = &rule_fields[i];
		int64_t v = 0;

		wire_field_name(shown, prefix, f->name);
		if (f->is_bool) {
			if (wire_bool_at(j, f->name, shown, WIRE_REQUIRED,
			                 (bool *)(base + f->offset), cause))
				return -1;
			continue;
		}
		if (wire_int_at(j, f->name, shown, WIRE_REQUIRED, 0, f->max, &v,
		                cause))
			return -1;
		*(int *)(base + f->offset) = (int)v;
	}
	if (rules_validate(&r, &why) != 0) {
		wire_fail(cause, "field '%s': %s",
		          prefix && prefix[0] ? prefix : "rules",
		          why ? why : "settings do not fit together");
		free(why);
		return -1;
	}
	*out = r;
	return 0;
}

int wire_rules_parse(const json_t *j, porte_rules *out, char **cause)
{
	return rules_at(j, NULL, out, cause);
}

/* ---- rooms ------------------------------------------------------------- */

json_t *wire_room_json(const wire_room *r)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= wire_set_string(o, "id", r->id);
	rc |= wire_set_string(o, "name", r->name);
	rc |= wire_set_string(o, "site", r->site);
	rc |= wire_set_string(o, "tz", r->tz);
	rc |= wire_set_string(o, "kind", room_kind_name(r->kind));
	rc |= wire_set_int(o, "capacity", r->capacity);
	rc |= json_object_set_new(o, "rules", wire_rules_json(&r->rules));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int room_at(const json_t *j, const char *prefix, wire_room *out,
                   char **cause)
{
	static const char *const fields[] = {"id",   "name",     "site",  "tz",
	                                     "kind", "capacity", "rules", NULL};
	const char *kinds[ROOM__COUNT + 1];
	char shown[WIRE_SHOWN_MAX];
	const json_t *rules;
	int64_t capacity = 0;
	int kind = 0;
	wire_room r;

	memset(&r, 0, sizeof r);
	for (int i = 0; i < ROOM__COUNT; i++)
		kinds[i] = room_kind_name((room_kind)i);
	kinds[ROOM__COUNT] = NULL;
	if (wire_fields_at(j, prefix, fields, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "id");
	if (wire_copy_at(j, "id", shown, WIRE_REQUIRED | WIRE_NONEMPTY,
	                 WIRE_ID_MAX, r.id, cause) != 0)
		return -1;
	if (!wire_id_valid(r.id))
		return wire_fail(cause,
		                 "field '%s': expected a room id of letters, "
		                 "digits, '.', '_' and '-'",
		                 shown);
	wire_field_name(shown, prefix, "name");
	if (wire_copy_at(j, "name", shown, WIRE_REQUIRED | WIRE_NONEMPTY,
	                 WIRE_NAME_MAX, r.name, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "site");
	if (wire_copy_at(j, "site", shown, WIRE_REQUIRED, WIRE_NAME_MAX, r.site,
	                 cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "tz");
	if (wire_copy_at(j, "tz", shown, WIRE_REQUIRED, WIRE_TZ_MAX, r.tz,
	                 cause) != 0)
		return -1;
	if (!wire_tz_valid(r.tz))
		return wire_fail(cause,
		                 "field '%s': expected a zone name like "
		                 "Europe/Paris",
		                 shown);
	wire_field_name(shown, prefix, "kind");
	if (wire_enum_at(j, "kind", shown, WIRE_REQUIRED, kinds, &kind,
	                 cause) != 0)
		return -1;
	r.kind = (room_kind)kind;
	wire_field_name(shown, prefix, "capacity");
	if (wire_int_at(j, "capacity", shown, WIRE_REQUIRED, 1, CAPACITY_MAX,
	                &capacity, cause) != 0)
		return -1;
	r.capacity = (int)capacity;
	wire_field_name(shown, prefix, "rules");
	rules = json_object_get(j, "rules");
	if (rules == NULL)
		return wire_fail(cause, "field '%s' is required", shown);
	if (rules_at(rules, shown, &r.rules, cause) != 0)
		return -1;
	*out = r;
	return 0;
}

int wire_room_parse(const json_t *j, wire_room *out, char **cause)
{
	return room_at(j, NULL, out, cause);
}

json_t *wire_rooms_json(const wire_room *rooms, size_t n)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, wire_room_json(&rooms[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return json_pack("{s:o}", "rooms", a);
}

int wire_rooms_parse(const json_t *j, wire_room **out, size_t *n, char **cause)
{
	static const char *const fields[] = {"rooms", NULL};
	char shown[WIRE_SHOWN_MAX];
	const json_t *a;
	wire_room *rooms;
	size_t count;

	if (wire_fields_at(j, NULL, fields, cause) != 0 ||
	    wire_array_at(j, "rooms", "rooms", WIRE_REQUIRED, WIRE_MAX_ROOMS,
	                  &a, cause) != 0)
		return -1;
	count = json_array_size(a);
	rooms = calloc(count ? count : 1, sizeof *rooms);
	if (rooms == NULL)
		return wire_fail(cause, "out of memory");
	for (size_t i = 0; i < count; i++) {
		wire_item_name(shown, "rooms", i);
		if (room_at(json_array_get(a, i), shown, &rooms[i], cause)) {
			free(rooms);
			return -1;
		}
	}
	*out = rooms;
	*n = count;
	return 0;
}

/* ---- bookings ---------------------------------------------------------- */

json_t *wire_booking_json(const wire_booking *b)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= wire_set_int(o, "id", b->id);
	rc |= wire_set_time(o, "start", b->start);
	rc |= wire_set_time(o, "end", b->end);
	rc |= wire_set_string(o, "status", booking_status_name(b->status));
	if (b->title[0] != '\0')
		rc |= wire_set_string(o, "title", b->title);
	if (b->booker[0] != '\0')
		rc |= wire_set_string(o, "booker", b->booker);
	rc |= wire_set_time(o, "checked_in_at", b->checked_in_at);
	rc |= wire_set_time(o, "checkin_opens", b->checkin_opens);
	rc |= wire_set_time(o, "release_at", b->release_at);
	if (b->pending_sync)
		rc |= wire_set_bool(o, "pending_sync", true);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Copies SRC into DST (SIZE bytes), cut before a character that would not
 * fit whole. */
static void copy_utf8(char *dst, size_t size, const char *src)
{
	size_t n;

	wire_copy(dst, size, src);
	n = strlen(dst);
	if (n < strlen(src)) {
		/* Back off to the start of a character. */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
		dst[n] = '\0';
	}
}

void wire_booking_from(wire_booking *out, int64_t id, const booking *b,
                       const porte_rules *r, const char *title,
                       const char *booker)
{
	memset(out, 0, sizeof *out);
	out->id = id;
	out->start = b->start;
	out->end = b->end;
	out->status = b->status;
	out->checked_in_at = b->checked_in_at;
	out->checkin_opens = booking_checkin_opens(b, r);
	out->release_at = booking_release_deadline(b, r);
	if (title != NULL)
		copy_utf8(out->title, sizeof out->title, title);
	if (booker != NULL)
		wire_mask_name(booker, out->booker, sizeof out->booker);
}

int wire_booking_at(const json_t *j, const char *prefix, wire_booking *out,
                    char **cause)
{
	static const char *const fields[] = {"id",
	                                     "start",
	                                     "end",
	                                     "status",
	                                     "title",
	                                     "booker",
	                                     "checked_in_at",
	                                     "checkin_opens",
	                                     "release_at",
	                                     "pending_sync",
	                                     NULL};
	const char *statuses[BOOKING__COUNT + 1];
	char shown[WIRE_SHOWN_MAX];
	wire_booking b;
	int status = 0;

	memset(&b, 0, sizeof b);
	for (int i = 0; i < BOOKING__COUNT; i++)
		statuses[i] = booking_status_name((booking_status)i);
	statuses[BOOKING__COUNT] = NULL;
	if (wire_fields_at(j, prefix, fields, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "id");
	if (wire_int_at(j, "id", shown, WIRE_REQUIRED, 1, ID_MAX, &b.id, cause))
		return -1;
	wire_field_name(shown, prefix, "start");
	if (wire_time_at(j, "start", shown, WIRE_REQUIRED, &b.start, cause))
		return -1;
	wire_field_name(shown, prefix, "end");
	if (wire_time_at(j, "end", shown, WIRE_REQUIRED, &b.end, cause))
		return -1;
	if (b.end <= b.start)
		return wire_fail(cause, "field '%s': must be after the start",
		                 shown);
	wire_field_name(shown, prefix, "status");
	if (wire_enum_at(j, "status", shown, WIRE_REQUIRED, statuses, &status,
	                 cause))
		return -1;
	b.status = (booking_status)status;
	wire_field_name(shown, prefix, "title");
	if (wire_copy_at(j, "title", shown, WIRE_OPTIONAL, WIRE_TITLE_MAX,
	                 b.title, cause))
		return -1;
	wire_field_name(shown, prefix, "booker");
	if (wire_copy_at(j, "booker", shown, WIRE_OPTIONAL, WIRE_BOOKER_MAX,
	                 b.booker, cause))
		return -1;
	wire_field_name(shown, prefix, "checked_in_at");
	if (wire_time_at(j, "checked_in_at", shown, WIRE_OPTIONAL,
	                 &b.checked_in_at, cause))
		return -1;
	wire_field_name(shown, prefix, "checkin_opens");
	if (wire_time_at(j, "checkin_opens", shown, WIRE_REQUIRED,
	                 &b.checkin_opens, cause))
		return -1;
	wire_field_name(shown, prefix, "release_at");
	if (wire_time_at(j, "release_at", shown, WIRE_REQUIRED, &b.release_at,
	                 cause))
		return -1;
	wire_field_name(shown, prefix, "pending_sync");
	if (wire_bool_at(j, "pending_sync", shown, WIRE_OPTIONAL,
	                 &b.pending_sync, cause))
		return -1;
	*out = b;
	return 0;
}

int wire_booking_parse(const json_t *j, wire_booking *out, char **cause)
{
	return wire_booking_at(j, NULL, out, cause);
}

/* ---- the schedule ------------------------------------------------------ */

void wire_schedule_init(wire_schedule *s)
{
	memset(s, 0, sizeof *s);
}

void wire_schedule_free(wire_schedule *s)
{
	free(s->bookings);
	wire_schedule_init(s);
}

int wire_schedule_add(wire_schedule *s, const wire_booking *b)
{
	wire_booking *p;
	size_t cap;

	if (s->nbookings >= WIRE_MAX_BOOKINGS)
		return -1;
	if (s->nbookings == s->bookings_cap) {
		cap = s->bookings_cap ? s->bookings_cap * 2 : 8;
		if (cap > WIRE_MAX_BOOKINGS)
			cap = WIRE_MAX_BOOKINGS;
		p = realloc(s->bookings, cap * sizeof *p);
		if (p == NULL)
			return -1;
		s->bookings = p;
		s->bookings_cap = cap;
	}
	s->bookings[s->nbookings++] = *b;
	return 0;
}

static json_t *span_json(porte_time start, porte_time end, const char *a,
                         const char *b)
{
	json_t *o = json_object();

	if (o == NULL)
		return NULL;
	if (wire_set_time(o, a, start) != 0 || wire_set_time(o, b, end) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *wire_schedule_json(const wire_schedule *s)
{
	json_t *o = json_object();
	json_t *open = json_array(), *msgs = json_array(),
	       *books = json_array();
	char date[CAL_DATE_LEN];
	int rc = 0;

	if (o == NULL || open == NULL || msgs == NULL || books == NULL)
		goto fail;
	for (size_t i = 0; i < s->nopen && i < WIRE_MAX_SPANS; i++)
		rc |= json_array_append_new(open, span_json(s->open[i].start,
		                                            s->open[i].end,
		                                            "start", "end"));
	for (size_t i = 0; i < s->nmessages && i < WIRE_MAX_MESSAGES; i++) {
		const wire_message *m = &s->messages[i];
		json_t *mo = span_json(m->from, m->to, "from", "to");

		if (mo != NULL && wire_set_string(mo, "text", m->text) != 0) {
			json_decref(mo);
			mo = NULL;
		}
		rc |= json_array_append_new(msgs, mo);
	}
	for (size_t i = 0; i < s->nbookings; i++)
		rc |= json_array_append_new(books,
		                            wire_booking_json(&s->bookings[i]));
	cal_format_date(s->date, date);
	rc |= wire_set_string(o, "room", s->room);
	rc |= wire_set_string(o, "date", date);
	rc |= wire_set_string(o, "tz", s->tz);
	rc |= wire_set_string(o, "etag", s->etag);
	rc |= json_object_set(o, "open", open);
	rc |= json_object_set(o, "messages", msgs);
	rc |= json_object_set(o, "bookings", books);
	if (rc != 0)
		goto fail;
	json_decref(open);
	json_decref(msgs);
	json_decref(books);
	return o;
fail:
	json_decref(o);
	json_decref(open);
	json_decref(msgs);
	json_decref(books);
	return NULL;
}

static int spans_at(const json_t *a, wire_schedule *s, char **cause)
{
	static const char *const fields[] = {"start", "end", NULL};
	char item[WIRE_SHOWN_MAX], shown[WIRE_SHOWN_MAX];

	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *o = json_array_get(a, i);
		wire_span *sp = &s->open[i];

		wire_item_name(item, "open", i);
		if (wire_fields_at(o, item, fields, cause) != 0)
			return -1;
		wire_field_name(shown, item, "start");
		if (wire_time_at(o, "start", shown, WIRE_REQUIRED, &sp->start,
		                 cause))
			return -1;
		wire_field_name(shown, item, "end");
		if (wire_time_at(o, "end", shown, WIRE_REQUIRED, &sp->end,
		                 cause))
			return -1;
		if (sp->end <= sp->start)
			return wire_fail(cause,
			                 "field '%s': must be after the start",
			                 shown);
		if (i > 0 && sp->start < s->open[i - 1].end)
			return wire_fail(cause,
			                 "field '%s': spans must be sorted and "
			                 "must not overlap",
			                 item);
		s->nopen = i + 1;
	}
	return 0;
}

static int messages_at(const json_t *a, wire_schedule *s, char **cause)
{
	static const char *const fields[] = {"from", "to", "text", NULL};
	char item[WIRE_SHOWN_MAX], shown[WIRE_SHOWN_MAX];

	for (size_t i = 0; i < json_array_size(a); i++) {
		const json_t *o = json_array_get(a, i);
		wire_message *m = &s->messages[i];

		wire_item_name(item, "messages", i);
		if (wire_fields_at(o, item, fields, cause) != 0)
			return -1;
		wire_field_name(shown, item, "from");
		if (wire_time_at(o, "from", shown, WIRE_REQUIRED, &m->from,
		                 cause))
			return -1;
		wire_field_name(shown, item, "to");
		if (wire_time_at(o, "to", shown, WIRE_REQUIRED, &m->to, cause))
			return -1;
		if (m->to <= m->from)
			return wire_fail(cause,
			                 "field '%s': must be after 'from'",
			                 shown);
		wire_field_name(shown, item, "text");
		if (wire_copy_at(o, "text", shown,
		                 WIRE_REQUIRED | WIRE_NONEMPTY, WIRE_TEXT_MAX,
		                 m->text, cause))
			return -1;
		s->nmessages = i + 1;
	}
	return 0;
}

static int schedule_at(const json_t *j, wire_schedule *s, char **cause)
{
	static const char *const fields[] = {"room",     "date", "tz",
	                                     "etag",     "open", "messages",
	                                     "bookings", NULL};
	char shown[WIRE_SHOWN_MAX];
	const json_t *open, *msgs, *books;
	size_t n;

	if (wire_fields_at(j, NULL, fields, cause) != 0)
		return -1;
	if (wire_copy_at(j, "room", "room", WIRE_REQUIRED | WIRE_NONEMPTY,
	                 WIRE_ID_MAX, s->room, cause))
		return -1;
	if (!wire_id_valid(s->room))
		return wire_fail(cause,
		                 "field 'room': expected a room id of letters, "
		                 "digits, '.', '_' and '-'");
	if (wire_date_at(j, "date", "date", WIRE_REQUIRED, &s->date, cause))
		return -1;
	if (wire_copy_at(j, "tz", "tz", WIRE_REQUIRED, WIRE_TZ_MAX, s->tz,
	                 cause))
		return -1;
	if (!wire_tz_valid(s->tz))
		return wire_fail(cause, "field 'tz': expected a zone name like "
		                        "Europe/Paris");
	if (wire_copy_at(j, "etag", "etag", WIRE_REQUIRED, WIRE_ETAG_MAX,
	                 s->etag, cause))
		return -1;
	if (!wire_etag_valid(s->etag))
		return wire_fail(cause,
		                 "field 'etag': expected printable ASCII "
		                 "without quotes or spaces");
	if (wire_array_at(j, "open", "open", WIRE_REQUIRED, WIRE_MAX_SPANS,
	                  &open, cause) ||
	    spans_at(open, s, cause))
		return -1;
	if (wire_array_at(j, "messages", "messages", WIRE_REQUIRED,
	                  WIRE_MAX_MESSAGES, &msgs, cause) ||
	    messages_at(msgs, s, cause))
		return -1;
	if (wire_array_at(j, "bookings", "bookings", WIRE_REQUIRED,
	                  WIRE_MAX_BOOKINGS, &books, cause))
		return -1;
	n = json_array_size(books);
	if (n == 0)
		return 0;
	s->bookings = calloc(n, sizeof *s->bookings);
	if (s->bookings == NULL)
		return wire_fail(cause, "out of memory");
	s->bookings_cap = n;
	for (size_t i = 0; i < n; i++) {
		wire_item_name(shown, "bookings", i);
		if (wire_booking_at(json_array_get(books, i), shown,
		                    &s->bookings[i], cause))
			return -1;
		s->nbookings = i + 1;
	}
	return 0;
}

int wire_schedule_parse(const json_t *j, wire_schedule *out, char **cause)
{
	wire_schedule_init(out);
	if (schedule_at(j, out, cause) != 0) {
		wire_schedule_free(out);
		return -1;
	}
	return 0;
}

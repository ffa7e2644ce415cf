/*
 * wire_event.c - the kiosk's outbox on the wire: events (one action taken
 * at the door each, delivered once by its key) and the server's result for
 * each.
 */
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "wire_int.h"

/* Booking ids stay exact in every JSON reader (2^53). */
#define ID_MAX ((int64_t)1 << 53)

/* Which optional fields each type uses. */
enum {
	USE_BOOKING = 1 << 0,
	USE_SPAN = 1 << 1,    /* start, end */
	USE_NEW_END = 1 << 2, /* new_end */
	USE_REASON = 1 << 3,  /* reason */
	USE_CODE = 1 << 4,    /* code */
	NEED_STAFF = 1 << 5   /* staff is required (it is allowed always) */
};

static const struct {
	const char *name;
	unsigned use;
} event_types[WIRE_EV__COUNT] = {
        [WIRE_EV_CHECKIN] = {"checkin", USE_BOOKING | USE_CODE},
        [WIRE_EV_WALK_IN] = {"walk_in", USE_SPAN},
        [WIRE_EV_END] = {"end", USE_BOOKING},
        [WIRE_EV_EXTEND] = {"extend", USE_BOOKING | USE_NEW_END},
        [WIRE_EV_STAFF_REMOVE] = {"staff_remove",
                                  USE_BOOKING | USE_REASON | NEED_STAFF},
        [WIRE_EV_RELEASE] = {"release", USE_BOOKING},
        [WIRE_EV_CANCEL] = {"cancel", USE_BOOKING},
};

const char *wire_event_type_name(wire_event_type t)
{
	if ((int)t < 0 || t >= WIRE_EV__COUNT)
		return "unknown";
	return event_types[t].name;
}

int wire_event_type_parse(const char *name, wire_event_type *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < WIRE_EV__COUNT; i++) {
		if (strcmp(event_types[i].name, name) == 0) {
			*out = (wire_event_type)i;
			return 0;
		}
	}
	return -1;
}

/* ---- events ------------------------------------------------------------ */

json_t *wire_event_json(const wire_event *e)
{
	unsigned use;
	json_t *o;
	int rc = 0;

	if ((int)e->type < 0 || e->type >= WIRE_EV__COUNT)
		return NULL;
	use = event_types[e->type].use;
	o = json_object();
	if (o == NULL)
		return NULL;
	rc |= wire_set_string(o, "key", e->key);
	rc |= wire_set_string(o, "type", event_types[e->type].name);
	if (use & USE_BOOKING)
		rc |= wire_set_int(o, "booking", e->booking);
	rc |= wire_set_time(o, "at", e->at);
	if (use & USE_SPAN) {
		rc |= wire_set_time(o, "start", e->start);
		rc |= wire_set_time(o, "end", e->end);
	}
	if (use & USE_NEW_END)
		rc |= wire_set_time(o, "new_end", e->new_end);
	if (use & USE_REASON)
		rc |= wire_set_string(o, "reason", e->reason);
	if ((use & USE_CODE) && e->code[0] != '\0')
		rc |= wire_set_string(o, "code", e->code);
	if (e->staff[0] != '\0')
		rc |= wire_set_string(o, "staff", e->staff);
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Refuses the fields TYPE does not use. */
static int check_type_fields(const json_t *j, wire_event_type type,
                             char **cause)
{
	static const struct {
		const char *field;
		unsigned use;
	} optional[] = {
	        {"booking", USE_BOOKING}, {"start", USE_SPAN},
	        {"end", USE_SPAN},        {"new_end", USE_NEW_END},
	        {"reason", USE_REASON},   {"code", USE_CODE},
	};
	unsigned use = event_types[type].use;

	for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
		if ((use & optional[i].use) == 0 &&
		    json_object_get(j, optional[i].field) != NULL)
			return wire_fail(
			        cause, "field '%s' is not used by type '%s'",
			        optional[i].field, event_types[type].name);
	}
	return 0;
}

static int check_code(const char *code, char **cause)
{
	if (strlen(code) != WIRE_CHECKIN_CODE_LEN - 1)
		goto bad;
	for (const char *p = code; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
	}
	return 0;
bad:
	return wire_fail(cause, "field 'code': expected 4 digits");
}

/* Reads the fields of an event whose key is already in *E. */
static int event_body(const json_t *j, wire_event *e, char **cause)
{
	static const char *const fields[] = {
	        "key",     "type",   "booking", "at",   "start", "end",
	        "new_end", "reason", "staff",   "code", NULL};
	const char *types[WIRE_EV__COUNT + 1];
	unsigned use;
	int type = 0;

	for (int i = 0; i < WIRE_EV__COUNT; i++)
		types[i] = event_types[i].name;
	types[WIRE_EV__COUNT] = NULL;
	if (wire_fields_at(j, NULL, fields, cause) != 0 ||
	    wire_enum_at(j, "type", "type", WIRE_REQUIRED, types, &type,
	                 cause) != 0)
		return -1;
	e->type = (wire_event_type)type;
	use = event_types[type].use;
	if (check_type_fields(j, e->type, cause) != 0 ||
	    wire_time_at(j, "at", "at", WIRE_REQUIRED, &e->at, cause) != 0 ||
	    wire_copy_at(j, "staff", "staff",
	                 (use & NEED_STAFF) ? WIRE_REQUIRED | WIRE_NONEMPTY
	                                    : WIRE_OPTIONAL,
	                 WIRE_TOKEN_MAX, e->staff, cause) != 0)
		return -1;
	if ((use & USE_BOOKING) &&
	    wire_int_at(j, "booking", "booking", WIRE_REQUIRED, 1, ID_MAX,
	                &e->booking, cause) != 0)
		return -1;
	if (use & USE_SPAN) {
		if (wire_time_at(j, "start", "start", WIRE_REQUIRED, &e->start,
		                 cause) != 0 ||
		    wire_time_at(j, "end", "end", WIRE_REQUIRED, &e->end,
		                 cause) != 0)
			return -1;
		if (e->end <= e->start)
			return wire_fail(
			        cause, "field 'end': must be after the start");
	}
	if ((use & USE_NEW_END) &&
	    wire_time_at(j, "new_end", "new_end", WIRE_REQUIRED, &e->new_end,
	                 cause) != 0)
		return -1;
	if ((use & USE_REASON) &&
	    wire_copy_at(j, "reason", "reason", WIRE_REQUIRED | WIRE_NONEMPTY,
	                 WIRE_REASON_MAX, e->reason, cause) != 0)
		return -1;
	if (use & USE_CODE) {
		if (wire_copy_at(j, "code", "code", WIRE_OPTIONAL,
		                 WIRE_CHECKIN_CODE_LEN - 1, e->code,
		                 cause) != 0)
			return -1;
		if (e->code[0] != '\0' && check_code(e->code, cause) != 0)
			return -1;
	}
	return 0;
}

int wire_event_parse(const json_t *j, wire_event *out, char **cause)
{
	wire_event e;

	memset(&e, 0, sizeof e);
	if (!json_is_object(j))
		return wire_fail(cause, "expected a JSON object");
	if (wire_uuid_at(j, "key", "key", WIRE_REQUIRED, e.key, cause) != 0 ||
	    event_body(j, &e, cause) != 0)
		return -1;
	*out = e;
	return 0;
}

json_t *wire_events_json(const wire_event *events, size_t n)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, wire_event_json(&events[i])) !=
		    0) {
			json_decref(a);
			return NULL;
		}
	}
	return json_pack("{s:o}", "events", a);
}

int wire_events_parse(const json_t *j, wire_event **out, size_t *n,
                      char **cause)
{
	static const char *const fields[] = {"events", NULL};
	char shown[WIRE_SHOWN_MAX], key[WIRE_SHOWN_MAX];
	const json_t *a = j;
	wire_event *events;
	size_t count;

	if (json_is_object(j) &&
	    (wire_fields_at(j, NULL, fields, cause) != 0 ||
	     wire_array_at(j, "events", "events", WIRE_REQUIRED,
	                   WIRE_MAX_EVENTS, &a, cause) != 0))
		return -1;
	if (!json_is_array(a))
		return wire_fail(cause, "expected {\"events\":[...]} or an "
		                        "array of events");
	count = json_array_size(a);
	if (count > WIRE_MAX_EVENTS)
		return wire_fail(cause, "at most %d events in one request",
		                 WIRE_MAX_EVENTS);
	events = calloc(count ? count : 1, sizeof *events);
	if (events == NULL)
		return wire_fail(cause, "out of memory");
	for (size_t i = 0; i < count; i++) {
		const json_t *o = json_array_get(a, i);
		wire_event *e = &events[i];
		char *why = NULL;

		wire_item_name(shown, "events", i);
		wire_field_name(key, shown, "key");
		if (!json_is_object(o)) {
			wire_fail(cause, "field '%s': expected a JSON object",
			          shown);
			goto fail;
		}
		if (wire_uuid_at(o, "key", key, WIRE_REQUIRED, e->key, cause))
			goto fail;
		if (event_body(o, e, &why) != 0) {
			e->bad = true;
			wire_copy(e->error, sizeof e->error,
			          why ? why : "bad event");
		}
		free(why);
	}
	*out = events;
	*n = count;
	return 0;
fail:
	free(events);
	return -1;
}

/* ---- results ----------------------------------------------------------- */

json_t *wire_result_json(const wire_event_result *r)
{
	json_t *o = json_object();
	int rc = 0;

	if (o == NULL)
		return NULL;
	rc |= wire_set_string(o, "key", r->key);
	rc |= wire_set_string(o, "status", r->applied ? "applied" : "refused");
	if (!r->applied) {
		rc |= wire_set_string(o, "code", r->code);
		rc |= wire_set_string(o, "message", r->message);
	}
	if (r->has_booking)
		rc |= json_object_set_new(o, "booking",
		                          wire_booking_json(&r->booking));
	if (rc != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int result_at(const json_t *j, const char *prefix,
                     wire_event_result *out, char **cause)
{
	static const char *const fields[] = {"key",     "status",  "code",
	                                     "message", "booking", NULL};
	static const char *const statuses[] = {"applied", "refused", NULL};
	char shown[WIRE_SHOWN_MAX];
	const json_t *b;
	wire_event_result r;
	int status = 0;

	memset(&r, 0, sizeof r);
	if (wire_fields_at(j, prefix, fields, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "key");
	if (wire_uuid_at(j, "key", shown, WIRE_REQUIRED, r.key, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "status");
	if (wire_enum_at(j, "status", shown, WIRE_REQUIRED, statuses, &status,
	                 cause) != 0)
		return -1;
	r.applied = status == 0;
	wire_field_name(shown, prefix, "code");
	if (r.applied && json_object_get(j, "code") != NULL)
		return wire_fail(cause, "field '%s' is only for refused events",
		                 shown);
	if (wire_copy_at(j, "code", shown,
	                 r.applied ? WIRE_OPTIONAL
	                           : WIRE_REQUIRED | WIRE_NONEMPTY,
	                 WIRE_CODE_MAX, r.code, cause) != 0)
		return -1;
	wire_field_name(shown, prefix, "message");
	if (wire_copy_at(j, "message", shown, WIRE_OPTIONAL, WIRE_MESSAGE_MAX,
	                 r.message, cause) != 0)
		return -1;
	b = json_object_get(j, "booking");
	if (b != NULL && !json_is_null(b)) {
		wire_field_name(shown, prefix, "booking");
		if (wire_booking_at(b, shown, &r.booking, cause) != 0)
			return -1;
		r.has_booking = true;
	}
	*out = r;
	return 0;
}

int wire_result_parse(const json_t *j, wire_event_result *out, char **cause)
{
	return result_at(j, NULL, out, cause);
}

json_t *wire_results_json(const wire_event_result *results, size_t n)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (json_array_append_new(a, wire_result_json(&results[i])) !=
		    0) {
			json_decref(a);
			return NULL;
		}
	}
	return json_pack("{s:o}", "results", a);
}

int wire_results_parse(const json_t *j, wire_event_result **out, size_t *n,
                       char **cause)
{
	static const char *const fields[] = {"results", NULL};
	char shown[WIRE_SHOWN_MAX];
	wire_event_result *results;
	const json_t *a;
	size_t count;

	if (wire_fields_at(j, NULL, fields, cause) != 0 ||
	    wire_array_at(j, "results", "results", WIRE_REQUIRED,
	                  WIRE_MAX_EVENTS, &a, cause) != 0)
		return -1;
	count = json_array_size(a);
	results = calloc(count ? count : 1, sizeof *results);
	if (results == NULL)
		return wire_fail(cause, "out of memory");
	for (size_t i = 0; i < count; i++) {
		wire_item_name(shown, "results", i);
		if (result_at(json_array_get(a, i), shown, &results[i],
		              cause)) {
			free(results);
			return -1;
		}
	}
	*out = results;
	*n = count;
	return 0;
}

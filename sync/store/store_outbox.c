/*
 * store_outbox.c - the door displays' outbox: each event applied once per
 * (device, key), its effects and its result written in one transaction.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "store_int.h"

/* A door's clock may run this far ahead: its time is then taken as now. */
#define CLOCK_SKEW 300

static const char *const type_names[STORE_EV__COUNT] = {
        [STORE_EV_CHECKIN] = "checkin",
        [STORE_EV_WALK_IN] = "walk_in",
        [STORE_EV_END] = "end",
        [STORE_EV_EXTEND] = "extend",
        [STORE_EV_RELEASE] = "release",
        [STORE_EV_STAFF_REMOVE] = "staff_remove",
        [STORE_EV_STAFF_CANCEL] = "staff_cancel",
        [STORE_EV_STAFF_EXTEND] = "staff_extend",
};

const char *store_event_type_name(store_event_type t)
{
	if ((unsigned)t >= STORE_EV__COUNT)
		return "unknown";
	return type_names[t];
}

int store_event_type_parse(const char *name, store_event_type *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < STORE_EV__COUNT; i++) {
		if (strcmp(name, type_names[i]) == 0) {
			*out = (store_event_type)i;
			return 0;
		}
	}
	return -1;
}

static bool key_ok(const char *key)
{
	size_t n = 0;

	if (key == NULL)
		return false;
	for (; key[n] != '\0'; n++) {
		if (n >= STORE_KEY_MAX || key[n] < 0x21 || key[n] > 0x7e)
			return false;
	}
	return n > 0;
}

static store_status key_lookup(store_conn *c, int64_t device_id,
                               const char *key, char **result)
{
	static const char sql[] =
	        "SELECT result FROM outbox_keys WHERE device_id = ?1"
	        " AND key = ?2";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	*result = NULL;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	bind_text(s, 2, key);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*result = strdup(col_str(s, 0));
		if (*result == NULL)
			rc = conn_fail(c, STORE_ERROR, "out of memory");
	} else if (step != SQLITE_DONE) {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	return rc;
}

static store_status key_store(store_conn *c, int64_t device_id, const char *key,
                              const char *result, porte_time now)
{
	static const char sql[] =
	        "INSERT INTO outbox_keys(device_id, key, result, created_at)"
	        " VALUES (?1, ?2, ?3, ?4)";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	bind_text(s, 2, key);
	bind_text(s, 3, result);
	sqlite3_bind_int64(s, 4, now);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

static store_status device_live(store_conn *c, int64_t device_id)
{
	static const char sql[] = "SELECT revoked FROM devices WHERE id = ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE ||
	    (step == SQLITE_ROW && sqlite3_column_int(s, 0) != 0))
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "unknown or revoked device");
	else if (step != SQLITE_ROW)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

static store_status savepoint(store_conn *c, const char *sql)
{
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

/* The event's effect. STORE_OK, a refusal or a status that becomes an
 * error result; STORE_ERROR aborts everything. */
static store_status apply_event(store_conn *c, int64_t device_id,
                                const store_event_in *ev, porte_time at,
                                porte_time now, store_booking_res *res)
{
	const store_actor device = {ACTOR_DEVICE, device_id};
	const store_actor staff = {ACTOR_STAFF, ev->staff_id};
	store_booking_req req;
	store_act act;
	bool bad_code = false;
	char room[STORE_SLUG_MAX + 1];
	static const char room_sql[] =
	        "SELECT r.slug FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " WHERE d.id = ?1";
	sqlite3_stmt *s;
	int step;

	memset(&act, 0, sizeof(act));
	act.at = at;
	act.actor = device;
	switch (ev->type) {
	case STORE_EV_WALK_IN:
		s = conn_stmt(c, room_sql);
		if (s == NULL)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, device_id);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW)
			col_text(s, 0, room, sizeof(room));
		stmt_done(s);
		if (step != SQLITE_ROW)
			return conn_dberr(c);
		memset(&req, 0, sizeof(req));
		req.room = room;
		req.title = ev->title;
		req.actor = device;
		req.walk_in = true;
		req.end = ev->end;
		return booking_create_locked(c, &req, at, now, res, ev->key,
		                             NULL);
	case STORE_EV_CHECKIN:
		act.kind = BOOKING_CHECKIN;
		break;
	case STORE_EV_END:
		act.kind = BOOKING_END;
		break;
	case STORE_EV_EXTEND:
		act.kind = BOOKING_EXTEND;
		act.new_end = ev->end;
		break;
	case STORE_EV_RELEASE:
		act.kind = BOOKING_RELEASE;
		break;
	case STORE_EV_STAFF_REMOVE:
	case STORE_EV_STAFF_CANCEL:
	case STORE_EV_STAFF_EXTEND:
		if (ev->staff_id == 0)
			return conn_fail(
			        c, STORE_FORBIDDEN,
			        "a staff action needs a staff session");
		act.actor = staff;
		act.kind = ev->type == STORE_EV_STAFF_REMOVE   ? BOOKING_REMOVE
		           : ev->type == STORE_EV_STAFF_CANCEL ? BOOKING_CANCEL
		                                               : BOOKING_EXTEND;
		act.reason = ev->reason;
		act.new_end = ev->end;
		break;
	default:
		return conn_fail(c, STORE_INVALID, "unknown event type");
	}
	return booking_act_locked(c, ev->booking, &act, now, res, ev->key,
	                          &bad_code);
}

/* A check-in that came with a code: is it the booking's? (An unknown
 * booking is the action's to report.) */
static store_status code_right(store_conn *c, const store_event_in *ev,
                               bool *right)
{
	booking_row row;
	store_status rc;

	*right = true;
	if (ev->type != STORE_EV_CHECKIN || ev->code == NULL ||
	    ev->code[0] == '\0')
		return STORE_OK;
	rc = booking_load(c, ev->booking, &row);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	*right = strnlen(ev->code, 5) == 4 &&
	         sodium_memcmp(ev->code, row.code, 4) == 0;
	if (!*right)
		conn_fail(c, STORE_FORBIDDEN, "the check-in code is wrong");
	return STORE_OK;
}

static const char *error_code(store_status rc, const store_booking_res *res)
{
	switch (rc) {
	case STORE_REFUSED:
		return rule_code_name(res->rule);
	case STORE_NOT_FOUND:
		return "not_found";
	case STORE_FORBIDDEN:
	case STORE_UNAUTHORIZED:
		return "forbidden";
	default:
		return "invalid";
	}
}

static char *result_json(const char *key, store_status rc,
                         const store_booking_res *res, int64_t id,
                         const char *code, const char *message)
{
	char start[CAL_RFC3339_LEN], end[CAL_RFC3339_LEN];
	json_t *o = json_object();
	char *text;

	if (o == NULL)
		return NULL;
	json_object_set_new(o, "key", json_string(key));
	json_object_set_new(o, "ok", json_boolean(rc == STORE_OK));
	if (res->id != 0)
		id = res->id;
	if (id != 0)
		json_object_set_new(o, "booking", json_integer(id));
	if (res->id != 0) {
		cal_format_rfc3339(res->start, start);
		cal_format_rfc3339(res->end, end);
		json_object_set_new(
		        o, "status",
		        json_string(booking_status_name(res->status)));
		json_object_set_new(o, "start", json_string(start));
		json_object_set_new(o, "end", json_string(end));
	}
	if (rc != STORE_OK) {
		json_t *err = json_object();

		json_object_set_new(
		        err, "code",
		        json_string(code != NULL ? code : error_code(rc, res)));
		json_object_set_new(err, "message", json_string(message));
		json_object_set_new(o, "error", err);
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

static store_status outbox_locked(store_conn *c, int64_t device_id,
                                  const store_event_in *ev, porte_time now,
                                  char **result, bool *repeated)
{
	store_booking_res res;
	porte_time at = ev->at;
	store_status rc, effect;
	char message[STORE_ERR_LEN];
	bool right_code = true;

	rc = device_live(c, device_id);
	if (rc != STORE_OK)
		return rc;
	rc = key_lookup(c, device_id, ev->key, result);
	if (rc != STORE_OK || *result != NULL) {
		*repeated = *result != NULL;
		return rc;
	}
	memset(&res, 0, sizeof(res));
	rc = savepoint(c, "SAVEPOINT outbox_event");
	if (rc != STORE_OK)
		return rc;
	if (at <= 0 || at > now + CLOCK_SKEW) {
		res.rule = RULE_INVALID_TIME;
		effect = conn_fail(c, STORE_REFUSED,
		                   "the event's time is not plausible");
	} else {
		if (at > now)
			at = now;
		effect = code_right(c, ev, &right_code);
		if (effect == STORE_OK && !right_code)
			effect = STORE_FORBIDDEN;
		else if (effect == STORE_OK)
			effect = apply_event(c, device_id, ev, at, now, &res);
	}
	if (effect == STORE_ERROR)
		return effect;
	if (effect != STORE_OK) {
		/* Nothing of a refused event stays, but its result. */
		rc = savepoint(c, "ROLLBACK TO outbox_event");
		if (rc != STORE_OK)
			return rc;
	}
	rc = savepoint(c, "RELEASE outbox_event");
	if (rc != STORE_OK)
		return rc;
	memcpy(message, c->err, sizeof(message));
	*result = result_json(ev->key, effect, &res, ev->booking,
	                      right_code ? NULL : "bad_code",
	                      effect == STORE_OK ? "" : message);
	if (*result == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	rc = key_store(c, device_id, ev->key, *result, now);
	if (rc != STORE_OK) {
		free(*result);
		*result = NULL;
	}
	return rc;
}

store_status store_outbox_apply(porte_store *st, int64_t device_id,
                                const store_event_in *ev, porte_time now,
                                char **result, bool *repeated)
{
	store_conn *c = conn_get(st);
	store_status rc;
	bool rep = false;

	*result = NULL;
	if (repeated != NULL)
		*repeated = false;
	if (c == NULL)
		return STORE_ERROR;
	if (ev == NULL || !key_ok(ev->key))
		return conn_fail(c, STORE_INVALID,
		                 "an event needs a key of 1 to %d printable "
		                 "characters",
		                 STORE_KEY_MAX);
	if ((unsigned)ev->type >= STORE_EV__COUNT)
		return conn_fail(c, STORE_INVALID, "unknown event type");
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = tx_end(c, outbox_locked(c, device_id, ev, now, result, &rep));
	if (rc != STORE_OK) {
		free(*result);
		*result = NULL;
		return rc;
	}
	if (repeated != NULL)
		*repeated = rep;
	return STORE_OK;
}

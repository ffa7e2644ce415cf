/*
 * fixture.c - reading a kiosk state from JSON (jansson).
 */
#include "fixture.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "i18n.h"

static void fail(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void fail(char **cause, const char *fmt, ...)
{
	va_list ap;
	char buf[256];
	size_t n;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = strlen(buf) + 1;
	*cause = malloc(n);
	if (*cause != NULL)
		memcpy(*cause, buf, n);
}

static void copy_str(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	while (n > 0 && n == len - 1 && ((unsigned char)src[n] & 0xC0) == 0x80)
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Copies string member KEY of OBJ into DST; absent is fine, another type
 * is not. */
static int get_str(json_t *obj, const char *key, char *dst, size_t len,
                   char **cause)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		fail(cause, "\"%s\" must be a string", key);
		return -1;
	}
	copy_str(dst, len, json_string_value(v));
	return 0;
}

/* An RFC 3339 member into *OUT; absent leaves it. */
static int get_time(json_t *obj, const char *key, porte_time *out, char **cause)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v) ||
	    cal_parse_rfc3339(json_string_value(v), out) != 0) {
		fail(cause, "\"%s\" must be an RFC 3339 time", key);
		return -1;
	}
	return 0;
}

static int get_bool(json_t *obj, const char *key, bool *out, char **cause)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		fail(cause, "\"%s\" must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

static int get_int(json_t *obj, const char *key, int lo, int hi, int *out,
                   char **cause)
{
	json_t *v = json_object_get(obj, key);
	json_int_t n;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		fail(cause, "\"%s\" must be an integer", key);
		return -1;
	}
	n = json_integer_value(v);
	if (n < lo || n > hi) {
		fail(cause, "\"%s\" is out of range", key);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int parse_rules(json_t *rules, porte_rules *r, char **cause)
{
	const char *key;
	json_t *v;
	porte_rules tmp = *r;

	if (rules == NULL)
		return 0;
	if (!json_is_object(rules)) {
		fail(cause, "\"rules\" must be an object");
		return -1;
	}
	json_object_foreach(rules, key, v)
	{
		char buf[32];
		const char *text;
		char *why = NULL;

		if (json_is_string(v)) {
			text = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%lld",
			         (long long)json_integer_value(v));
			text = buf;
		} else if (json_is_boolean(v)) {
			text = json_is_true(v) ? "on" : "off";
		} else {
			fail(cause, "rule \"%s\" has a bad value", key);
			return -1;
		}
		if (rules_set(&tmp, key, text, &why) != 0) {
			fail(cause, "rule \"%s\": %s", key,
			     why != NULL ? why : "refused");
			free(why);
			return -1;
		}
	}
	if (rules_validate(&tmp, NULL) != 0) {
		fail(cause, "the rules do not fit together");
		return -1;
	}
	*r = tmp;
	return 0;
}

static int parse_room(json_t *room, kiosk_state *st, char **cause)
{
	char kind[32] = "", zone[80] = "";
	char *why = NULL;

	if (!json_is_object(room)) {
		fail(cause, "\"room\" must be an object");
		return -1;
	}
	if (get_str(room, "id", st->room_id, sizeof(st->room_id), cause) ||
	    get_str(room, "name", st->room_name, sizeof(st->room_name),
	            cause) ||
	    get_str(room, "site", st->site_name, sizeof(st->site_name),
	            cause) ||
	    get_str(room, "kind", kind, sizeof(kind), cause) ||
	    get_str(room, "zone", zone, sizeof(zone), cause))
		return -1;
	if (kind[0] != '\0' && room_kind_parse(kind, &st->kind) != 0) {
		fail(cause, "unknown room kind \"%s\"", kind);
		return -1;
	}
	if (zone[0] == '\0') {
		fail(cause, "\"room\" needs a \"zone\"");
		return -1;
	}
	if (kiosk_state_set_zone(st, zone, &why) != 0) {
		fail(cause, "zone \"%s\": %s", zone,
		     why != NULL ? why : "cannot load");
		free(why);
		return -1;
	}
	return parse_rules(json_object_get(room, "rules"), &st->rules, cause);
}

static int parse_hours(json_t *root, kiosk_state *st, char **cause)
{
	json_t *week = json_object_get(root, "week");
	json_t *dates = json_object_get(root, "hours");
	const char *key;
	json_t *v;

	if (week != NULL) {
		char *why = NULL;

		if (!json_is_string(week) ||
		    hours_parse_week(st->hours, json_string_value(week),
		                     &why) != 0) {
			fail(cause, "\"week\": %s",
			     why != NULL ? why : "must be a string");
			free(why);
			return -1;
		}
	}
	if (dates == NULL)
		return 0;
	if (!json_is_object(dates)) {
		fail(cause, "\"hours\" must be an object of dates");
		return -1;
	}
	json_object_foreach(dates, key, v)
	{
		cal_date d;
		hours_day day;

		if (cal_parse_date(key, &d) != 0 || !json_is_string(v) ||
		    hours_parse_day(json_string_value(v), &day, NULL) != 0 ||
		    kiosk_state_set_hours(st, d, &day) != 0) {
			fail(cause, "bad hours for \"%s\"", key);
			return -1;
		}
	}
	return 0;
}

static int parse_booking(json_t *o, kiosk_state *st, fixture_secrets *sec,
                         char **cause)
{
	kiosk_booking kb;
	char status[24] = "confirmed", code[8] = "";

	memset(&kb, 0, sizeof(kb));
	if (!json_is_object(o)) {
		fail(cause, "a booking must be an object");
		return -1;
	}
	if (get_str(o, "id", kb.id, sizeof(kb.id), cause) ||
	    get_str(o, "title", kb.title, sizeof(kb.title), cause) ||
	    get_str(o, "status", status, sizeof(status), cause) ||
	    get_str(o, "code", code, sizeof(code), cause) ||
	    get_time(o, "start", &kb.b.start, cause) ||
	    get_time(o, "end", &kb.b.end, cause) ||
	    get_time(o, "created_at", &kb.b.created_at, cause) ||
	    get_time(o, "checked_in_at", &kb.b.checked_in_at, cause) ||
	    get_time(o, "closed_at", &kb.b.closed_at, cause) ||
	    get_bool(o, "waiting_sync", &kb.waiting_sync, cause))
		return -1;
	{
		/* The booker arrives in full here only in fixtures: mask it
		 * before it is stored anywhere. */
		char full[KIOSK_NAME_LEN] = "";

		if (get_str(o, "booker", full, sizeof(full), cause))
			return -1;
		kiosk_mask_name(full, kb.booker, sizeof(kb.booker));
	}
	if (booking_status_parse(status, &kb.b.status) != 0) {
		fail(cause, "booking \"%s\": unknown status \"%s\"", kb.id,
		     status);
		return -1;
	}
	if (kb.b.created_at == 0)
		kb.b.created_at = kb.b.start - 86400;
	if (kiosk_state_put_booking(st, &kb) < 0) {
		fail(cause, "booking \"%s\" is incomplete or one too many",
		     kb.id);
		return -1;
	}
	if (code[0] != '\0' && sec != NULL &&
	    sec->ncodes < KIOSK_MAX_BOOKINGS) {
		snprintf(sec->codes[sec->ncodes], sizeof(sec->codes[0]),
		         "%s:%s", kb.id, code);
		sec->ncodes++;
	}
	return 0;
}

static int parse_message(json_t *o, kiosk_state *st, char **cause)
{
	kiosk_message m;
	char level[16] = "info";

	memset(&m, 0, sizeof(m));
	if (!json_is_object(o) ||
	    get_str(o, "text", m.text, sizeof(m.text), cause) ||
	    get_str(o, "level", level, sizeof(level), cause) ||
	    get_time(o, "from", &m.from, cause) ||
	    get_time(o, "until", &m.until, cause)) {
		if (cause != NULL && *cause == NULL)
			fail(cause, "a message must be an object");
		return -1;
	}
	m.level = strcmp(level, "warning") == 0 ? KIOSK_MSG_WARNING
	                                        : KIOSK_MSG_INFO;
	if (kiosk_state_add_message(st, &m) != 0) {
		fail(cause, "too many messages");
		return -1;
	}
	return 0;
}

static int parse_list(json_t *root, const char *key, kiosk_state *st,
                      fixture_secrets *sec, char **cause)
{
	json_t *arr = json_object_get(root, key);
	size_t i;
	json_t *v;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr)) {
		fail(cause, "\"%s\" must be an array", key);
		return -1;
	}
	json_array_foreach(arr, i, v)
	{
		int rc = strcmp(key, "bookings") == 0
		                 ? parse_booking(v, st, sec, cause)
		                 : parse_message(v, st, cause);

		if (rc != 0)
			return -1;
	}
	return 0;
}

static int parse_sync(json_t *o, kiosk_state *st, char **cause)
{
	if (o == NULL)
		return 0;
	if (!json_is_object(o)) {
		fail(cause, "\"sync\" must be an object");
		return -1;
	}
	if (get_bool(o, "configured", &st->sync.configured, cause) ||
	    get_bool(o, "online", &st->sync.online, cause) ||
	    get_time(o, "last_success", &st->sync.last_success, cause) ||
	    get_int(o, "pending", 0, 1000000, &st->sync.pending, cause))
		return -1;
	return 0;
}

static const struct {
	const char *name;
	kiosk_action_id act;
} confirm_names[] = {
        {"book_now", KIOSK_ACT_BOOK_NOW},
        {"end", KIOSK_ACT_END},
        {"staff_release", KIOSK_ACT_STAFF_RELEASE},
        {"staff_cancel", KIOSK_ACT_STAFF_CANCEL},
        {"staff_add", KIOSK_ACT_STAFF_ADD},
        {"staff_end", KIOSK_ACT_STAFF_END},
};

static int parse_toast(json_t *o, kiosk_state *st, porte_time now, char **cause)
{
	char kind[32] = "", rule[32] = "";
	porte_time at = now;
	int k;

	if (o == NULL)
		return 0;
	if (!json_is_object(o) ||
	    get_str(o, "kind", kind, sizeof(kind), cause) ||
	    get_str(o, "rule", rule, sizeof(rule), cause) ||
	    get_time(o, "at", &at, cause))
		return -1;
	k = kiosk_toast_parse(kind);
	if (k < 0) {
		fail(cause, "unknown toast \"%s\"", kind);
		return -1;
	}
	kiosk_toast_show(st, (kiosk_toast_kind)k, RULE_OK, at);
	if (rule[0] != '\0') {
		int rc = rule_code_parse(rule);

		if (rc < 0) {
			fail(cause, "unknown rule \"%s\"", rule);
			return -1;
		}
		st->toast.rule = (rule_code)rc;
	}
	if (get_bool(o, "offline", &st->toast.offline, cause) ||
	    get_time(o, "when", &st->toast.when, cause))
		return -1;
	return 0;
}

static int parse_ui(json_t *o, kiosk_state *st, porte_time now, char **cause)
{
	char screen[16] = "", booking_id[KIOSK_ID_LEN] = "", confirm[32] = "";
	char pressed[32] = "";
	int s;

	if (o == NULL)
		return 0;
	if (!json_is_object(o) ||
	    get_str(o, "screen", screen, sizeof(screen), cause) ||
	    get_str(o, "entry", st->entry, sizeof(st->entry), cause) ||
	    get_str(o, "booking", booking_id, sizeof(booking_id), cause) ||
	    get_str(o, "confirm", confirm, sizeof(confirm), cause) ||
	    get_str(o, "pressed", pressed, sizeof(pressed), cause) ||
	    get_int(o, "pressed_arg", -1, KIOSK_MAX_BOOKINGS, &st->pressed_arg,
	            cause) ||
	    get_bool(o, "staff", &st->staff, cause) ||
	    get_bool(o, "verifying", &st->verifying, cause) ||
	    get_int(o, "pin_failures", 0, 1000, &st->pin_failures, cause) ||
	    get_time(o, "locked_until", &st->locked_until, cause))
		return -1;
	for (const char *p = st->entry; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			fail(cause, "\"entry\" must be digits");
			return -1;
		}
	}
	st->last_input = now;
	if (screen[0] != '\0') {
		s = kiosk_screen_parse(screen);
		if (s < 0) {
			fail(cause, "unknown screen \"%s\"", screen);
			return -1;
		}
		st->screen = (kiosk_screen)s;
	}
	if (booking_id[0] != '\0') {
		st->entry_booking = kiosk_state_find(st, booking_id);
		st->confirm_arg = st->entry_booking;
	}
	for (size_t i = 0; i < sizeof(confirm_names) / sizeof(confirm_names[0]);
	     i++) {
		if (strcmp(confirm_names[i].name, confirm) == 0)
			st->confirm = confirm_names[i].act;
	}
	st->confirm_from = st->staff ? KIOSK_SCREEN_STAFF : KIOSK_SCREEN_DOOR;
	if (pressed[0] != '\0') {
		int act = kiosk_action_parse(pressed);

		if (act < 0) {
			fail(cause, "unknown action \"%s\"", pressed);
			return -1;
		}
		st->pressed = (kiosk_action_id)act;
	}
	return parse_toast(json_object_get(o, "toast"), st, now, cause);
}

static int parse_root(json_t *root, kiosk_state *st, fixture_secrets *sec,
                      porte_time *now, char **cause)
{
	char lang[8] = "";
	json_t *proof = json_object_get(root, "door_proof");
	porte_time clock = 0;

	if (!json_is_object(root)) {
		fail(cause, "the fixture must be a JSON object");
		return -1;
	}
	if (get_time(root, "now", &clock, cause) ||
	    get_str(root, "lang", lang, sizeof(lang), cause) ||
	    get_str(root, "base_url", st->base_url, sizeof(st->base_url),
	            cause) ||
	    parse_room(json_object_get(root, "room"), st, cause) ||
	    parse_hours(root, st, cause) ||
	    parse_list(root, "bookings", st, sec, cause) ||
	    parse_list(root, "messages", st, sec, cause) ||
	    parse_sync(json_object_get(root, "sync"), st, cause))
		return -1;
	if (lang[0] != '\0' && kiosk_lang_parse(lang, &st->lang) != 0) {
		fail(cause, "\"lang\" must be \"en\" or \"fr\"");
		return -1;
	}
	if (proof != NULL &&
	    (!json_is_object(proof) ||
	     get_str(proof, "code", st->door_proof, sizeof(st->door_proof),
	             cause) ||
	     get_time(proof, "until", &st->proof_until, cause))) {
		if (cause != NULL && *cause == NULL)
			fail(cause, "\"door_proof\" must be an object");
		return -1;
	}
	if (sec != NULL && get_str(root, "staff_pin", sec->staff_pin,
	                           sizeof(sec->staff_pin), cause))
		return -1;
	if (clock != 0 && now != NULL)
		*now = clock;
	st->now = clock != 0 ? clock : (now != NULL ? *now : 0);
	return parse_ui(json_object_get(root, "ui"), st, st->now, cause);
}

int fixture_parse(const char *data, size_t len, kiosk_state *st,
                  fixture_secrets *sec, porte_time *now, char **cause)
{
	json_error_t err;
	json_t *root;
	int rc;

	if (cause != NULL)
		*cause = NULL;
	if (len > FIXTURE_MAX_BYTES) {
		fail(cause, "the fixture is larger than %d bytes",
		     FIXTURE_MAX_BYTES);
		return -1;
	}
	if (sec != NULL)
		memset(sec, 0, sizeof(*sec));
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL) {
		fail(cause, "line %d: %s", err.line, err.text);
		return -1;
	}
	rc = parse_root(root, st, sec, now, cause);
	json_decref(root);
	return rc;
}

int fixture_load(const char *path, kiosk_state *st, fixture_secrets *sec,
                 porte_time *now, char **cause)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;
	int rc = -1;

	if (cause != NULL)
		*cause = NULL;
	if (f == NULL) {
		fail(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(FIXTURE_MAX_BYTES + 1);
	if (buf == NULL) {
		fail(cause, "out of memory");
		goto out;
	}
	n = fread(buf, 1, FIXTURE_MAX_BYTES + 1, f);
	if (ferror(f)) {
		fail(cause, "%s: read error", path);
		goto out;
	}
	if (n > FIXTURE_MAX_BYTES) {
		fail(cause, "%s: larger than %d bytes", path,
		     FIXTURE_MAX_BYTES);
		goto out;
	}
	rc = fixture_parse(buf, n, st, sec, now, cause);
out:
	free(buf);
	fclose(f);
	return rc;
}

int fixture_code_ok(const fixture_secrets *sec, const char *id,
                    const char *digits)
{
	char want[sizeof(sec->codes[0])];

	snprintf(want, sizeof(want), "%s:%s", id, digits);
	for (int i = 0; i < sec->ncodes; i++) {
		if (strcmp(sec->codes[i], want) == 0)
			return 1;
	}
	return 0;
}

/*
 * api_common.c - reading API requests strictly and writing their replies:
 * helpers shared by the api_*.c route files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"

/* Booking ids stay exact in every JSON reader (2^53). */
#define API_ID_MAX ((int64_t)1 << 53)

int api_bad(http_request *req, char *cause)
{
	app_reply_cause(req, 400, "bad_request", cause);
	return -1;
}

int api_body(http_request *req, const char *const *allowed, bool empty_ok,
             json_t **out)
{
	char *cause = NULL;
	size_t len = 0;
	const char *body = http_body(req, &len);
	json_t *j;

	*out = NULL;
	if (len == 0) {
		if (!empty_ok) {
			http_reply_error(
			        req, 400, "bad_request",
			        "a JSON object is required as the body");
			return -1;
		}
		*out = json_object();
		if (*out == NULL) {
			http_reply_error(req, 500, "internal", "out of memory");
			return -1;
		}
		return 0;
	}
	j = wire_load(body, len, WIRE_BODY_MAX, &cause);
	if (j == NULL)
		return api_bad(req, cause);
	if (wire_check_fields(j, allowed, &cause) != 0) {
		json_decref(j);
		return api_bad(req, cause);
	}
	*out = j;
	return 0;
}

int api_booking_id(http_request *req, int64_t *id)
{
	const char *s = http_param(req, "id");
	int64_t v = 0;

	if (s == NULL || s[0] < '1' || s[0] > '9' || strlen(s) > 16)
		goto bad;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		v = v * 10 + (*p - '0');
	}
	if (v > API_ID_MAX)
		goto bad;
	*id = v;
	return 0;
bad:
	http_reply_error(req, 404, "not_found", "no such booking");
	return -1;
}

int api_no_bad_token(http_request *req)
{
	const app_principal *p = app_principal_of(req);

	if (p->unavailable) {
		http_set_header(req, "Retry-After", "1");
		http_reply_error(req, 503, "unavailable",
		                 "the server could not check the credential "
		                 "now; try again");
		return -1;
	}
	if (!p->bad_token)
		return 0;
	http_set_header(req, "WWW-Authenticate", "Bearer");
	http_reply_error(req, 401, "unauthorized",
	                 "the credential is not valid (unknown, expired or "
	                 "revoked)");
	return -1;
}

int api_get_text(http_request *req, const json_t *obj, const char *field,
                 unsigned flags, size_t max, const char **out)
{
	char *cause = NULL;

	if (wire_get_string(obj, field, flags, max, out, &cause) != 0)
		return api_bad(req, cause);
	return 0;
}

/* ---- instants ---------------------------------------------------------- */

static int two_digits(const char *s, int *out)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return 0;
}

/* Reads "YYYY-MM-DD" at S (10 bytes) into *D. 1: the shape is right but
 * the date does not exist; 0: read; -1: not that shape. */
static int date_at(const char *s, cal_date *d)
{
	char buf[CAL_DATE_LEN];

	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return -1;
	}
	memcpy(buf, s, 10);
	buf[10] = '\0';
	return cal_parse_date(buf, d) == 0 ? 0 : 1;
}

/* Reads the wall time "YYYY-MM-DDTHH:MM[:SS]" at the start of S into *DT
 * and its length into *LEN. 0: read; 1: shape right, not a real date or
 * time; -1: not that shape. */
static int wall_at(const char *s, cal_datetime *dt, size_t *len)
{
	cal_date d;
	int h, mi, sec = 0, rc;
	size_t n = strlen(s);

	if (n < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
	    s[13] != ':' || two_digits(s + 11, &h) != 0 ||
	    two_digits(s + 14, &mi) != 0)
		return -1;
	*len = 16;
	if (n >= 19 && s[16] == ':') {
		if (two_digits(s + 17, &sec) != 0)
			return -1;
		*len = 19;
	}
	rc = date_at(s, &d);
	if (rc != 0)
		return rc;
	dt->year = d.year;
	dt->month = d.month;
	dt->day = d.day;
	dt->hour = h;
	dt->minute = mi;
	dt->second = sec;
	return cal_datetime_valid(*dt) ? 0 : 1;
}

static int instant_bad(http_request *req, const char *field, const char *why)
{
	char msg[300];

	snprintf(msg, sizeof msg,
	         "field '%s': %s; expected an RFC 3339 time like "
	         "2026-11-23T09:30:00Z, or a local time of the room like "
	         "2026-11-23T10:30",
	         field, why);
	http_reply_error(req, 400, "bad_request", msg);
	return -1;
}

static int wall_refused(http_request *req, const char *field, const char *text,
                        const tz_zone *tz, tz_local_result r)
{
	char msg[300];

	snprintf(msg, sizeof msg,
	         r == TZ_LOCAL_NONEXISTENT
	                 ? "field '%s': %.19s does not exist in %s (the "
	                   "clocks skip it)"
	                 : "field '%s': %.19s happens twice in %s (the "
	                   "clocks go back): give it as an RFC 3339 time "
	                   "with its offset",
	         field, text, tz_name(tz));
	app_reply_rule(req, RULE_INVALID_TIME, msg);
	return -1;
}

/* The offset "+HH:MM" / "-HH:MM" at the end of S in seconds into *OFF;
 * -1 for "Z" or none. */
static int offset_of(const char *s, int *off)
{
	size_t n = strlen(s);
	int h, m;
	const char *p;

	if (n < 6)
		return -1;
	p = s + n - 6;
	if ((p[0] != '+' && p[0] != '-') || p[3] != ':' ||
	    two_digits(p + 1, &h) != 0 || two_digits(p + 4, &m) != 0)
		return -1;
	*off = (h * 3600 + m * 60) * (p[0] == '-' ? -1 : 1);
	return 0;
}

int api_get_instant(http_request *req, const json_t *obj, const char *field,
                    unsigned flags, const tz_zone *tz, porte_time *out)
{
	const json_t *v = json_object_get(obj, field);
	const char *s;
	cal_datetime dt;
	porte_time t, first, second;
	tz_local_result r;
	size_t len = 0;
	int off, rc;

	if (v == NULL || json_is_null(v)) {
		if ((flags & WIRE_REQUIRED) == 0)
			return 0;
		return instant_bad(req, field, "it is required");
	}
	if (!json_is_string(v) || json_string_length(v) > 40)
		return instant_bad(req, field, "not a time");
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return instant_bad(req, field, "not a time");
	rc = wall_at(s, &dt, &len);
	if (rc == 1)
		return instant_bad(req, field, "no such date or time");
	if (rc == 0 && s[len] == '\0') {
		/* A local wall time of the room. */
		r = tz_from_local(tz, dt, &first, &second);
		if (r != TZ_LOCAL_OK)
			return wall_refused(req, field, s, tz, r);
		*out = first;
		return 0;
	}
	if (cal_parse_rfc3339(s, &t) != 0)
		return instant_bad(req, field, "not a time");
	/* An offset of the zone's own with a wall time in its gap: a
	 * local time that does not exist, written with an offset. */
	if (rc == 0 && offset_of(s, &off) == 0 &&
	    (off == tz_offset_at(tz, t - 86400) ||
	     off == tz_offset_at(tz, t + 86400))) {
		r = tz_from_local(tz, dt, NULL, NULL);
		if (r == TZ_LOCAL_NONEXISTENT)
			return wall_refused(req, field, s, tz, r);
	}
	*out = t;
	return 0;
}

/* ---- replies ----------------------------------------------------------- */

void api_set_time(json_t *obj, const char *key, porte_time t)
{
	char buf[CAL_RFC3339_LEN];

	if (t == 0)
		return;
	cal_format_rfc3339(t, buf);
	json_object_set_new(obj, key, json_string(buf));
}

void api_copy_text(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void api_wire_booking(wire_booking *out, const store_booking_info *info,
                      bool masked)
{
	memset(out, 0, sizeof *out);
	out->id = info->id;
	out->start = info->b.start;
	out->end = info->b.end;
	out->status = info->b.status;
	out->checked_in_at = info->b.checked_in_at;
	out->checkin_opens = info->checkin_opens;
	out->release_at = info->release_deadline;
	api_copy_text(out->title, sizeof out->title, info->title);
	if (masked && info->email[0] != '\0')
		store_mask_email(info->email, out->booker, sizeof out->booker);
}

int api_reply_result(http_request *req, unsigned status,
                     const store_booking_res *res, const char *room)
{
	json_t *o = json_object();

	if (o == NULL)
		return -1;
	json_object_set_new(o, "id", json_integer(res->id));
	json_object_set_new(o, "status",
	                    json_string(booking_status_name(res->status)));
	if (room != NULL)
		json_object_set_new(o, "room", json_string(room));
	api_set_time(o, "start", res->start);
	api_set_time(o, "end", res->end);
	return http_reply_json(req, status, o);
}

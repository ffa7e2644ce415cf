/*
 * wire_check.c - strict loading of JSON, text checks, and the typed getters
 * that validate request objects field by field.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "wire.h"
#include "wire_int.h"

/* A reason never grows past this. */
#define CAUSE_MAX 512
/* Input quoted in a reason (an unknown field's name) is cut here. */
#define QUOTE_MAX 40
/* Longest text accepted for a time or a date before parsing. */
#define TIME_TEXT_MAX 40

int wire_fail(char **cause, const char *fmt, ...)
{
	char buf[CAUSE_MAX];
	va_list ap;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(*cause);
	*cause = strdup(buf);
	return -1;
}

void wire_copy(char *dst, size_t size, const char *src)
{
	size_t n;

	if (size == 0)
		return;
	n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void wire_field_name(char out[WIRE_SHOWN_MAX], const char *prefix,
                     const char *key)
{
	if (prefix == NULL || prefix[0] == '\0')
		snprintf(out, WIRE_SHOWN_MAX, "%s", key);
	else
		snprintf(out, WIRE_SHOWN_MAX, "%s.%s", prefix, key);
}

void wire_item_name(char out[WIRE_SHOWN_MAX], const char *prefix, size_t i)
{
	snprintf(out, WIRE_SHOWN_MAX, "%s[%zu]", prefix, i);
}

/* ---- UTF-8 and text ---------------------------------------------------- */

/*
 * Decodes one code point at S (N bytes left). Returns its length (1..4) and
 * the code point in *CP, or 0 for an invalid sequence.
 */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool wire_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

static bool is_control(uint32_t cp, unsigned flags)
{
	if (cp == '\n' && (flags & WIRE_NEWLINES))
		return false;
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029;
}

/* The text checks of wire_check_text on LEN bytes of S. */
static int check_text_n(const char *shown, const char *s, size_t len,
                        size_t max, unsigned flags, char **cause)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, n;

	if (len > max)
		return wire_fail(cause, "field '%s': at most %zu bytes", shown,
		                 max);
	if ((flags & WIRE_NONEMPTY) && len == 0)
		return wire_fail(cause, "field '%s' must not be empty", shown);
	while (i < len) {
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return wire_fail(cause, "field '%s': not valid UTF-8",
			                 shown);
		if (cp == 0)
			return wire_fail(cause,
			                 "field '%s': NUL characters are not "
			                 "allowed",
			                 shown);
		if (is_control(cp, flags))
			return wire_fail(cause,
			                 "field '%s': control characters are "
			                 "not allowed",
			                 shown);
		i += n;
	}
	return 0;
}

int wire_check_text(const char *field, const char *s, size_t max,
                    unsigned flags, char **cause)
{
	if (s == NULL)
		return wire_fail(cause, "field '%s' is required", field);
	return check_text_n(field, s, strnlen(s, max + 1), max, flags, cause);
}

bool wire_id_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strnlen(s, WIRE_ID_MAX + 1);
	if (n == 0 || n > WIRE_ID_MAX || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '.' && c != '_' && c != '-')
			return false;
		if (c >= 0x80)
			return false;
	}
	return true;
}

bool wire_tz_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strnlen(s, WIRE_TZ_MAX + 1);
	if (n == 0 || n > WIRE_TZ_MAX || s[0] == '/' || strstr(s, "..") != NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || (!isalnum(c) && c != '/' && c != '_' &&
		                  c != '+' && c != '-'))
			return false;
	}
	return true;
}

bool wire_etag_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strnlen(s, WIRE_ETAG_MAX + 1);
	if (n == 0 || n > WIRE_ETAG_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c >= 0x7f || c == '"')
			return false;
	}
	return true;
}

/* ---- loading ----------------------------------------------------------- */

json_t *wire_load(const void *buf, size_t len, size_t max, char **cause)
{
	json_error_t err;
	json_t *j;

	if (len > max) {
		wire_fail(cause, "body is larger than %zu bytes", max);
		return NULL;
	}
	if (len > 0 && memchr(buf, '\0', len) != NULL) {
		wire_fail(cause, "body contains a NUL byte");
		return NULL;
	}
	if (!wire_utf8_valid(buf, len)) {
		wire_fail(cause, "body is not valid UTF-8");
		return NULL;
	}
	j = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL) {
		wire_fail(cause, "malformed JSON at line %d, column %d: %.200s",
		          err.line, err.column, err.text);
		return NULL;
	}
	return j;
}

/* ---- text values ------------------------------------------------------- */

int wire_parse_int(const char *field, const char *s, int64_t min, int64_t max,
                   int64_t *out, char **cause)
{
	const char *p = s;
	long long v;
	char *end;

	if (s == NULL)
		return wire_fail(cause, "field '%s' is required", field);
	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p) || strnlen(p, 20) > 19)
		goto bad;
	for (const char *q = p; *q != '\0'; q++) {
		if (!isdigit((unsigned char)*q))
			goto bad;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	return wire_fail(cause,
	                 "field '%s': expected an integer from %lld to %lld",
	                 field, (long long)min, (long long)max);
}

static int time_error(const char *shown, char **cause)
{
	return wire_fail(cause,
	                 "field '%s': expected an RFC 3339 time like "
	                 "2026-11-23T09:30:00Z",
	                 shown);
}

static int date_error(const char *shown, char **cause)
{
	return wire_fail(cause, "field '%s': expected a date like 2026-11-23",
	                 shown);
}

static int uuid_error(const char *shown, char **cause)
{
	return wire_fail(cause,
	                 "field '%s': expected a UUID like "
	                 "123e4567-e89b-12d3-a456-426614174000",
	                 shown);
}

int wire_parse_time(const char *field, const char *s, porte_time *out,
                    char **cause)
{
	porte_time t;

	if (s == NULL)
		return wire_fail(cause, "field '%s' is required", field);
	if (strnlen(s, TIME_TEXT_MAX + 1) > TIME_TEXT_MAX ||
	    cal_parse_rfc3339(s, &t) != 0)
		return time_error(field, cause);
	*out = t;
	return 0;
}

int wire_parse_date(const char *field, const char *s, cal_date *out,
                    char **cause)
{
	cal_date d;

	if (s == NULL)
		return wire_fail(cause, "field '%s' is required", field);
	if (strnlen(s, TIME_TEXT_MAX + 1) > TIME_TEXT_MAX ||
	    cal_parse_date(s, &d) != 0)
		return date_error(field, cause);
	*out = d;
	return 0;
}

int wire_parse_uuid(const char *field, const char *s, char out[WIRE_UUID_LEN],
                    char **cause)
{
	char buf[WIRE_UUID_LEN];

	if (s == NULL)
		return wire_fail(cause, "field '%s' is required", field);
	if (strnlen(s, WIRE_UUID_LEN) != WIRE_UUID_LEN - 1)
		return uuid_error(field, cause);
	for (int i = 0; i < WIRE_UUID_LEN - 1; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return uuid_error(field, cause);
			buf[i] = '-';
		} else {
			if (!isxdigit(c))
				return uuid_error(field, cause);
			buf[i] = (char)tolower(c);
		}
	}
	buf[WIRE_UUID_LEN - 1] = '\0';
	memcpy(out, buf, WIRE_UUID_LEN);
	return 0;
}

/* ---- masking ----------------------------------------------------------- */

static bool name_separator(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '.' || c == '_' || c == '-' ||
	       c == '+' || c == '\'' || c == ',';
}

void wire_mask_name(const char *name, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len, i = 0, o = 0, n;
	const char *at;
	int words = 0;
	uint32_t cp;

	if (size == 0)
		return;
	out[0] = '\0';
	if (name == NULL || size < 8)
		return;
	len = strnlen(name, 1024);
	at = memchr(name, '@', len);
	if (at != NULL)
		len = (size_t)(at - name);
	while (i < len && words < 2) {
		while (i < len && name_separator(p[i]))
			i++;
		if (i >= len)
			break;
		n = utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return;
		if ((cp < 0x80 && isalpha((int)cp)) ||
		    (cp >= 0xc0 && !is_control(cp, 0))) {
			/* "X. " needs n + 3 bytes and the terminator. */
			if (o + n + 3 >= size)
				break;
			if (o > 0)
				out[o++] = ' ';
			if (n == 1) {
				out[o++] = (char)toupper((int)cp);
			} else {
				memcpy(out + o, p + i, n);
				o += n;
			}
			out[o++] = '.';
			out[o] = '\0';
			words++;
		}
		while (i < len && !name_separator(p[i]))
			i++;
	}
}

/* ---- getters ----------------------------------------------------------- */

/* Finds KEY of OBJ. Returns 1 with *V set, 0 when absent (or null) and
 * optional, -1 on error. */
static int lookup(const json_t *obj, const char *key, const char *shown,
                  unsigned flags, const json_t **v, char **cause)
{
	const json_t *x;

	if (!json_is_object(obj))
		return wire_fail(cause, "expected a JSON object");
	x = json_object_get(obj, key);
	if (x == NULL || json_is_null(x)) {
		if (flags & WIRE_REQUIRED)
			return wire_fail(cause, "field '%s' is required",
			                 shown);
		return 0;
	}
	*v = x;
	return 1;
}

/* Copies an unknown key, made printable, for a message. */
static void quote_key(const char *key, char out[QUOTE_MAX + 4])
{
	size_t i, o = 0;

	for (i = 0; key[i] != '\0' && o < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)key[i];

		out[o++] = (c >= 0x20 && c < 0x7f && c != '\'') ? (char)c : '?';
	}
	if (key[i] != '\0') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

int wire_fields_at(const json_t *j, const char *shown,
                   const char *const *allowed, char **cause)
{
	char quoted[QUOTE_MAX + 4];
	const char *key;
	json_t *v;

	if (!json_is_object(j)) {
		if (shown != NULL && shown[0] != '\0')
			return wire_fail(cause,
			                 "field '%s': expected a JSON object",
			                 shown);
		return wire_fail(cause, "expected a JSON object");
	}
	json_object_foreach((json_t *)j, key, v)
	{
		size_t i;

		for (i = 0; allowed[i] != NULL; i++) {
			if (strcmp(allowed[i], key) == 0)
				break;
		}
		if (allowed[i] != NULL)
			continue;
		quote_key(key, quoted);
		if (shown != NULL && shown[0] != '\0')
			return wire_fail(cause,
			                 "field '%s': unknown field '%s'",
			                 shown, quoted);
		return wire_fail(cause, "unknown field '%s'", quoted);
	}
	return 0;
}

int wire_check_fields(const json_t *j, const char *const *allowed, char **cause)
{
	return wire_fields_at(j, NULL, allowed, cause);
}

int wire_string_at(const json_t *obj, const char *key, const char *shown,
                   unsigned flags, size_t max, const char **out, char **cause)
{
	const json_t *v = NULL;
	const char *s;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	if (!json_is_string(v))
		return wire_fail(cause, "field '%s': expected a string", shown);
	s = json_string_value(v);
	if (check_text_n(shown, s, json_string_length(v), max, flags, cause))
		return -1;
	*out = s;
	return 0;
}

int wire_int_at(const json_t *obj, const char *key, const char *shown,
                unsigned flags, int64_t min, int64_t max, int64_t *out,
                char **cause)
{
	const json_t *v = NULL;
	json_int_t x;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	if (!json_is_integer(v))
		goto bad;
	x = json_integer_value(v);
	if (x < min || x > max)
		goto bad;
	*out = x;
	return 0;
bad:
	return wire_fail(cause,
	                 "field '%s': expected an integer from %lld to %lld",
	                 shown, (long long)min, (long long)max);
}

int wire_bool_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, bool *out, char **cause)
{
	const json_t *v = NULL;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	if (!json_is_boolean(v))
		return wire_fail(cause, "field '%s': expected true or false",
		                 shown);
	*out = json_is_true(v);
	return 0;
}

/* A string value of at most TIME_TEXT_MAX bytes, or NULL. */
static const char *short_string(const json_t *v)
{
	if (!json_is_string(v) || json_string_length(v) > TIME_TEXT_MAX ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return json_string_value(v);
}

int wire_time_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, porte_time *out, char **cause)
{
	const json_t *v = NULL;
	const char *s;
	porte_time t;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	s = short_string(v);
	if (s == NULL || cal_parse_rfc3339(s, &t) != 0)
		return time_error(shown, cause);
	*out = t;
	return 0;
}

int wire_date_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, cal_date *out, char **cause)
{
	const json_t *v = NULL;
	const char *s;
	cal_date d;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	s = short_string(v);
	if (s == NULL || cal_parse_date(s, &d) != 0)
		return date_error(shown, cause);
	*out = d;
	return 0;
}

int wire_uuid_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, char out[WIRE_UUID_LEN], char **cause)
{
	const json_t *v = NULL;
	const char *s;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	s = short_string(v);
	if (s == NULL)
		return uuid_error(shown, cause);
	return wire_parse_uuid(shown, s, out, cause);
}

int wire_enum_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, const char *const *names, int *out,
                 char **cause)
{
	const json_t *v = NULL;
	char list[CAUSE_MAX / 2];
	size_t o = 0;
	const char *s;
	int rc;

	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	if (json_is_string(v)) {
		s = json_string_value(v);
		for (int i = 0; names[i] != NULL; i++) {
			if (strcmp(names[i], s) == 0 &&
			    strlen(s) == json_string_length(v)) {
				*out = i;
				return 0;
			}
		}
	}
	list[0] = '\0';
	for (int i = 0; names[i] != NULL && o < sizeof list; i++) {
		int n = snprintf(list + o, sizeof list - o, "%s%s",
		                 i ? ", " : "", names[i]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
	return wire_fail(cause, "field '%s': expected one of %s", shown, list);
}

int wire_copy_at(const json_t *obj, const char *key, const char *shown,
                 unsigned flags, size_t max, char *out, char **cause)
{
	const char *s = "";

	if (wire_string_at(obj, key, shown, flags, max, &s, cause) != 0)
		return -1;
	wire_copy(out, max + 1, s);
	return 0;
}

int wire_array_at(const json_t *obj, const char *key, const char *shown,
                  unsigned flags, size_t max, const json_t **out, char **cause)
{
	const json_t *v = NULL;
	int rc;

	*out = NULL;
	rc = lookup(obj, key, shown, flags, &v, cause);
	if (rc <= 0)
		return rc;
	if (!json_is_array(v))
		return wire_fail(cause, "field '%s': expected an array", shown);
	if (json_array_size(v) > max)
		return wire_fail(cause, "field '%s': at most %zu items", shown,
		                 max);
	*out = v;
	return 0;
}

/* ---- the public getters ------------------------------------------------ */

int wire_get_string(const json_t *obj, const char *field, unsigned flags,
                    size_t max, const char **out, char **cause)
{
	return wire_string_at(obj, field, field, flags, max, out, cause);
}

int wire_get_int(const json_t *obj, const char *field, unsigned flags,
                 int64_t min, int64_t max, int64_t *out, char **cause)
{
	return wire_int_at(obj, field, field, flags, min, max, out, cause);
}

int wire_get_bool(const json_t *obj, const char *field, unsigned flags,
                  bool *out, char **cause)
{
	return wire_bool_at(obj, field, field, flags, out, cause);
}

int wire_get_time(const json_t *obj, const char *field, unsigned flags,
                  porte_time *out, char **cause)
{
	return wire_time_at(obj, field, field, flags, out, cause);
}

int wire_get_date(const json_t *obj, const char *field, unsigned flags,
                  cal_date *out, char **cause)
{
	return wire_date_at(obj, field, field, flags, out, cause);
}

int wire_get_uuid(const json_t *obj, const char *field, unsigned flags,
                  char out[WIRE_UUID_LEN], char **cause)
{
	return wire_uuid_at(obj, field, field, flags, out, cause);
}

int wire_get_email(const json_t *obj, const char *field, unsigned flags,
                   const char **out, char **cause)
{
	const char *s = NULL;

	if (wire_string_at(obj, field, field, flags, WIRE_EMAIL_MAX, &s,
	                   cause) != 0)
		return -1;
	if (s == NULL)
		return 0;
	if (!policy_email_valid(s))
		return wire_fail(cause,
		                 "field '%s': expected an e-mail address like "
		                 "name@example.org",
		                 field);
	*out = s;
	return 0;
}

int wire_get_id(const json_t *obj, const char *field, unsigned flags,
                const char **out, char **cause)
{
	const char *s = NULL;

	if (wire_string_at(obj, field, field, flags, WIRE_ID_MAX, &s, cause) !=
	    0)
		return -1;
	if (s == NULL)
		return 0;
	if (!wire_id_valid(s))
		return wire_fail(cause,
		                 "field '%s': expected a room id of letters, "
		                 "digits, '.', '_' and '-'",
		                 field);
	*out = s;
	return 0;
}

int wire_get_enum(const json_t *obj, const char *field, unsigned flags,
                  const char *const *names, int *out, char **cause)
{
	return wire_enum_at(obj, field, field, flags, names, out, cause);
}

/* ---- builders ---------------------------------------------------------- */

int wire_set_string(json_t *obj, const char *key, const char *value)
{
	return json_object_set_new(obj, key, json_string(value));
}

int wire_set_int(json_t *obj, const char *key, int64_t value)
{
	return json_object_set_new(obj, key, json_integer(value));
}

int wire_set_time(json_t *obj, const char *key, porte_time t)
{
	char buf[CAL_RFC3339_LEN];

	if (t == 0)
		return 0;
	cal_format_rfc3339(t, buf);
	return json_object_set_new(obj, key, json_string(buf));
}

int wire_set_bool(json_t *obj, const char *key, bool value)
{
	return json_object_set_new(obj, key, json_boolean(value));
}

/* ---- errors ------------------------------------------------------------ */

json_t *wire_error_json(const char *code, const char *message)
{
	return json_pack("{s:{s:s,s:s}}", "error", "code", code, "message",
	                 message);
}

int wire_error_parse(const json_t *j, char code[WIRE_CODE_MAX + 1],
                     char message[WIRE_MESSAGE_MAX + 1], char **cause)
{
	static const char *const top[] = {"error", NULL};
	static const char *const inner[] = {"code", "message", NULL};
	const char *c = NULL, *m = NULL;
	const json_t *e;

	if (wire_fields_at(j, NULL, top, cause) != 0)
		return -1;
	e = json_object_get(j, "error");
	if (e == NULL)
		return wire_fail(cause, "field 'error' is required");
	if (wire_fields_at(e, "error", inner, cause) != 0 ||
	    wire_string_at(e, "code", "error.code",
	                   WIRE_REQUIRED | WIRE_NONEMPTY, WIRE_CODE_MAX, &c,
	                   cause) != 0 ||
	    wire_string_at(e, "message", "error.message", WIRE_REQUIRED,
	                   WIRE_MESSAGE_MAX, &m, cause) != 0)
		return -1;
	wire_copy(code, WIRE_CODE_MAX + 1, c);
	wire_copy(message, WIRE_MESSAGE_MAX + 1, m);
	return 0;
}

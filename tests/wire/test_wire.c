/*
 * test_wire.c - the wire format: strbuf, text checks, the typed getters
 * with good and bad values at their boundaries, round trips of every
 * struct, outbox lists with bad events, statistics as JSON and CSV.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "strbuf.h"
#include "tz.h"
#include "wire.h"

/* 2026-11-23T09:00:00Z */
#define T0 ((porte_time)1795424400)

static json_t *load(const char *text)
{
	char *cause = NULL;
	json_t *j = wire_load(text, strlen(text), WIRE_BODY_MAX, &cause);

	if (j == NULL)
		fail_msg("cannot load %s: %s", text, cause);
	return j;
}

/* Asserts that CAUSE holds SAYS, then frees it. */
static void expect_cause(char **cause, const char *says)
{
	assert_non_null(*cause);
	if (strstr(*cause, says) == NULL)
		fail_msg("got \"%s\", expected \"%s\"", *cause, says);
	free(*cause);
	*cause = NULL;
}

/* ---- strbuf ------------------------------------------------------------ */

static void test_strbuf(void **state)
{
	strbuf b;
	char *s;
	size_t len = 99;

	(void)state;
	strbuf_init(&b, 10);
	assert_string_equal(strbuf_str(&b), "");
	assert_int_equal(strbuf_adds(&b, "hello"), 0);
	assert_int_equal(strbuf_addf(&b, "%d%c", 1234, '!'), 0);
	assert_string_equal(strbuf_str(&b), "hello1234!");
	assert_int_equal(strbuf_len(&b), 10);
	/* At the maximum: one more byte fails, and it sticks. */
	assert_int_equal(strbuf_addc(&b, 'x'), -1);
	assert_true(strbuf_failed(&b));
	assert_string_equal(strbuf_str(&b), "");
	assert_int_equal(strbuf_adds(&b, ""), -1);
	assert_null(strbuf_steal(&b, NULL));
	strbuf_reset(&b);
	assert_false(strbuf_failed(&b));
	assert_int_equal(strbuf_add(&b, "a\0b", 3), 0);
	assert_int_equal(strbuf_len(&b), 3);
	s = strbuf_steal(&b, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a\0b", 4);
	free(s);
	assert_int_equal(strbuf_len(&b), 0);
	s = strbuf_steal(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	strbuf_free(&b);

	/* Long formatted text grows the buffer; past the max it fails. */
	strbuf_init(&b, 1000);
	assert_int_equal(strbuf_addf(&b, "%0600d", 7), 0);
	assert_int_equal(strbuf_len(&b), 600);
	assert_int_equal(strbuf_addf(&b, "%0401d", 7), -1);
	assert_true(strbuf_failed(&b));
	strbuf_free(&b);
	strbuf_init(&b, 1000);
	assert_int_equal(strbuf_addf(&b, "%01000d", 7), 0);
	assert_int_equal(strbuf_len(&b), 1000);
	strbuf_free(&b);
}

/* ---- text -------------------------------------------------------------- */

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
	        {"plain", true},
	        {"caf\xc3\xa9", true},
	        {"\xe2\x82\xac", true},      /* U+20AC */
	        {"\xf0\x9f\x98\x80", true},  /* U+1F600 */
	        {"\xf4\x8f\xbf\xbf", true},  /* U+10FFFF */
	        {"\xf4\x90\x80\x80", false}, /* past U+10FFFF */
	        {"\xc0\xaf", false},         /* overlong '/' */
	        {"\xe0\x80\xaf", false},     /* overlong */
	        {"\xf0\x80\x80\xaf", false}, /* overlong */
	        {"\xed\xa0\x80", false},     /* surrogate */
	        {"\xc3", false},             /* truncated */
	        {"\xe2\x82", false},         /* truncated */
	        {"\x80", false},             /* lone continuation */
	        {"\xff", false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(
		        wire_utf8_valid(cases[i].s, strlen(cases[i].s)),
		        cases[i].ok);
}

static void test_check_text(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_int_equal(wire_check_text("t", "abc", 3, 0, &cause), 0);
	assert_int_equal(wire_check_text("t", "abcd", 3, 0, &cause), -1);
	expect_cause(&cause, "field 't': at most 3 bytes");
	assert_int_equal(wire_check_text("t", "", 3, WIRE_NONEMPTY, &cause),
	                 -1);
	expect_cause(&cause, "must not be empty");
	assert_int_equal(wire_check_text("t", "a\nb", 9, 0, &cause), -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_check_text("t", "a\nb", 9, WIRE_NEWLINES, &cause),
	                 0);
	assert_int_equal(wire_check_text("t", "a\tb", 9, WIRE_NEWLINES, &cause),
	                 -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_check_text("t", "a\x7f", 9, 0, &cause), -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_check_text("t", "a\xc2\x85", 9, 0, &cause), -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_check_text("t", "a\xe2\x80\xa8", 9, 0, &cause),
	                 -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_check_text("t", "\xff", 9, 0, &cause), -1);
	expect_cause(&cause, "not valid UTF-8");
	assert_int_equal(wire_check_text("t", NULL, 9, 0, &cause), -1);
	expect_cause(&cause, "is required");
	/* The limit counts bytes, not characters. */
	assert_int_equal(wire_check_text("t", "\xc3\xa9\xc3\xa9", 4, 0, &cause),
	                 0);
	assert_int_equal(wire_check_text("t", "\xc3\xa9\xc3\xa9", 3, 0, &cause),
	                 -1);
	expect_cause(&cause, "at most 3 bytes");
}

static void test_ids(void **state)
{
	char long_id[WIRE_ID_MAX + 2];

	(void)state;
	assert_true(wire_id_valid("salle-1"));
	assert_true(wire_id_valid("atelier.3d_B"));
	assert_true(wire_id_valid("12"));
	assert_false(wire_id_valid(""));
	assert_false(wire_id_valid(".hidden"));
	assert_false(wire_id_valid("a/b"));
	assert_false(wire_id_valid("a b"));
	assert_false(wire_id_valid("caf\xc3\xa9"));
	assert_false(wire_id_valid(NULL));
	memset(long_id, 'a', WIRE_ID_MAX);
	long_id[WIRE_ID_MAX] = '\0';
	assert_true(wire_id_valid(long_id));
	long_id[WIRE_ID_MAX] = 'a';
	long_id[WIRE_ID_MAX + 1] = '\0';
	assert_false(wire_id_valid(long_id));

	assert_true(wire_tz_valid("Europe/Paris"));
	assert_true(wire_tz_valid("America/Argentina/Buenos_Aires"));
	assert_true(wire_tz_valid("Etc/GMT+5"));
	assert_false(wire_tz_valid("/etc/passwd"));
	assert_false(wire_tz_valid("Europe/../../x"));
	assert_false(wire_tz_valid("Europe/Paris "));
	assert_false(wire_tz_valid(""));

	assert_true(wire_etag_valid("W1-7f3a"));
	assert_false(wire_etag_valid("a\"b"));
	assert_false(wire_etag_valid("a b"));
	assert_false(wire_etag_valid(""));
}

static void test_parse_text_values(void **state)
{
	char uuid[WIRE_UUID_LEN];
	char *cause = NULL;
	porte_time t = 0;
	cal_date d = {0, 0, 0};
	int64_t v = 0;

	(void)state;
	assert_int_equal(wire_parse_int("wait", "60", 0, 60, &v, &cause), 0);
	assert_int_equal(v, 60);
	assert_int_equal(wire_parse_int("wait", "0", 0, 60, &v, &cause), 0);
	assert_int_equal(v, 0);
	assert_int_equal(wire_parse_int("wait", "61", 0, 60, &v, &cause), -1);
	expect_cause(&cause, "field 'wait': expected an integer from 0 to 60");
	assert_int_equal(v, 0);
	assert_int_equal(wire_parse_int("wait", "-1", 0, 60, &v, &cause), -1);
	expect_cause(&cause, "'wait'");
	assert_int_equal(wire_parse_int("n", "-5", -9, 9, &v, &cause), 0);
	assert_int_equal(v, -5);
	static const char *const bad_ints[] = {
	        "",    " 1",   "1 ", "+1",
	        "1e3", "0x10", "-",  "99999999999999999999",
	        NULL};
	for (int i = 0; bad_ints[i] != NULL; i++) {
		assert_int_equal(wire_parse_int("n", bad_ints[i], INT64_MIN,
		                                INT64_MAX, &v, &cause),
		                 -1);
		expect_cause(&cause, "expected an integer");
	}
	assert_int_equal(wire_parse_int("n", "9223372036854775807", INT64_MIN,
	                                INT64_MAX, &v, &cause),
	                 0);
	assert_int_equal(v, INT64_MAX);

	assert_int_equal(
	        wire_parse_time("start", "2026-11-23T09:00:00Z", &t, &cause),
	        0);
	assert_int_equal(t, T0);
	assert_int_equal(wire_parse_time("start", "2026-11-23T10:00:00+01:00",
	                                 &t, &cause),
	                 0);
	assert_int_equal(t, T0);
	assert_int_equal(
	        wire_parse_time("start", "2026-11-23 09:00", &t, &cause), -1);
	expect_cause(&cause, "field 'start': expected an RFC 3339 time like "
	                     "2026-11-23T09:30:00Z");
	assert_int_equal(wire_parse_date("date", "2028-02-29", &d, &cause), 0);
	assert_int_equal(d.day, 29);
	assert_int_equal(wire_parse_date("date", "2026-02-29", &d, &cause), -1);
	expect_cause(&cause, "field 'date': expected a date like 2026-11-23");

	assert_int_equal(wire_parse_uuid("key",
	                                 "3F2B8C1E-9A4D-4F6B-8E21-0C5D7A9B1E42",
	                                 uuid, &cause),
	                 0);
	assert_string_equal(uuid, "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e42");
	static const char *const bad_uuids[] = {
	        "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e4",
	        "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e421",
	        "3f2b8c1e9a4d-4f6b-8e21-0c5d7a9b1e42-",
	        "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e4g",
	        "{3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e4}",
	        "",
	        NULL};
	for (int i = 0; bad_uuids[i] != NULL; i++) {
		assert_int_equal(
		        wire_parse_uuid("key", bad_uuids[i], uuid, &cause), -1);
		expect_cause(&cause, "field 'key': expected a UUID");
	}
}

static void test_mask_name(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
	        {"Jean Dupont", "J. D."},
	        {"jean.dupont@example.org", "J. D."},
	        {"marie-claire curie", "M. C."},
	        {"\xc3\x89lodie Martin", "\xc3\x89. M."},
	        {"  alice  ", "A."},
	        {"Jean Pierre Dupont", "J. P."},
	        {"42@example.org", ""},
	        {"", ""},
	        {"@example.org", ""},
	};
	char out[WIRE_BOOKER_MAX + 1];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wire_mask_name(cases[i].in, out, sizeof out);
		assert_string_equal(out, cases[i].out);
	}
	/* A small buffer is never overrun. */
	wire_mask_name("Jean Dupont", out, 4);
	assert_string_equal(out, "");
	wire_mask_name("Jean Dupont", out, 8);
	assert_string_equal(out, "J. D.");
	wire_mask_name(NULL, out, sizeof out);
	assert_string_equal(out, "");
}

static void test_load(void **state)
{
	char *cause = NULL;
	char big[64];
	json_t *j;

	(void)state;
	j = wire_load("{\"a\":1}", 7, 7, &cause);
	assert_non_null(j);
	json_decref(j);
	assert_null(wire_load("{\"a\":1}", 7, 6, &cause));
	expect_cause(&cause, "larger than 6 bytes");
	assert_null(wire_load("{\"a\":\"\0\"}", 9, 100, &cause));
	expect_cause(&cause, "NUL byte");
	assert_null(wire_load("{\"a\":\"\xc3\"}", 9, 100, &cause));
	expect_cause(&cause, "not valid UTF-8");
	assert_null(wire_load("{\"a\":1,\"a\":2}", 13, 100, &cause));
	expect_cause(&cause, "malformed JSON at line 1");
	assert_null(wire_load("42", 2, 100, &cause));
	expect_cause(&cause, "malformed JSON");
	assert_null(wire_load("{\"a\":\"\\u0000\"}", 14, 100, &cause));
	expect_cause(&cause, "malformed JSON");
	j = wire_load("[1]", 3, 100, &cause);
	assert_non_null(j);
	json_decref(j);
	snprintf(big, sizeof big, "{\"a\":1e999}");
	assert_null(wire_load(big, strlen(big), 100, &cause));
	expect_cause(&cause, "malformed JSON");
}

/* ---- getters ----------------------------------------------------------- */

static void test_check_fields(void **state)
{
	static const char *const allowed[] = {"room", "start", NULL};
	char *cause = NULL;
	json_t *j;

	(void)state;
	j = load("{\"room\":\"a\",\"start\":1}");
	assert_int_equal(wire_check_fields(j, allowed, &cause), 0);
	json_decref(j);
	j = load("{\"room\":\"a\",\"colour\":1}");
	assert_int_equal(wire_check_fields(j, allowed, &cause), -1);
	expect_cause(&cause, "unknown field 'colour'");
	json_decref(j);
	j = load("{\"we'ird\\n\":1}");
	assert_int_equal(wire_check_fields(j, allowed, &cause), -1);
	expect_cause(&cause, "unknown field 'we?ird?'");
	json_decref(j);
	j = load("[1]");
	assert_int_equal(wire_check_fields(j, allowed, &cause), -1);
	expect_cause(&cause, "expected a JSON object");
	json_decref(j);
	/* Any number of fields, all allowed. */
	j = load("{}");
	assert_int_equal(wire_check_fields(j, allowed, &cause), 0);
	json_decref(j);
}

static void test_get_string(void **state)
{
	json_t *j = load("{\"s\":\"abc\",\"e\":\"\",\"n\":null,\"i\":3,"
	                 "\"c\":\"a\\u0001b\",\"nl\":\"a\\nb\"}");
	const char *s = "untouched";
	char *cause = NULL;
	json_t *odd;

	(void)state;
	assert_int_equal(wire_get_string(j, "s", WIRE_REQUIRED, 3, &s, &cause),
	                 0);
	assert_string_equal(s, "abc");
	s = "untouched";
	assert_int_equal(wire_get_string(j, "s", WIRE_REQUIRED, 2, &s, &cause),
	                 -1);
	expect_cause(&cause, "field 's': at most 2 bytes");
	assert_string_equal(s, "untouched");
	assert_int_equal(wire_get_string(j, "absent", 0, 9, &s, &cause), 0);
	assert_string_equal(s, "untouched");
	assert_int_equal(wire_get_string(j, "n", 0, 9, &s, &cause), 0);
	assert_string_equal(s, "untouched");
	assert_int_equal(
	        wire_get_string(j, "absent", WIRE_REQUIRED, 9, &s, &cause), -1);
	expect_cause(&cause, "field 'absent' is required");
	assert_int_equal(wire_get_string(j, "n", WIRE_REQUIRED, 9, &s, &cause),
	                 -1);
	expect_cause(&cause, "field 'n' is required");
	assert_int_equal(wire_get_string(j, "i", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "field 'i': expected a string");
	assert_int_equal(wire_get_string(j, "e", WIRE_NONEMPTY, 9, &s, &cause),
	                 -1);
	expect_cause(&cause, "field 'e' must not be empty");
	assert_int_equal(wire_get_string(j, "e", 0, 9, &s, &cause), 0);
	assert_string_equal(s, "");
	assert_int_equal(wire_get_string(j, "c", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "field 'c': control characters");
	assert_int_equal(wire_get_string(j, "nl", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "control characters");
	assert_int_equal(wire_get_string(j, "nl", WIRE_NEWLINES, 9, &s, &cause),
	                 0);
	json_decref(j);

	/* Strings built in memory: invalid UTF-8, an embedded NUL. */
	odd = json_object();
	json_object_set_new(odd, "u", json_stringn_nocheck("a\xff", 2));
	json_object_set_new(odd, "z", json_stringn("a\0b", 3));
	assert_int_equal(wire_get_string(odd, "u", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "not valid UTF-8");
	assert_int_equal(wire_get_string(odd, "z", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "NUL");
	json_decref(odd);
	/* Not an object at all. */
	odd = json_array();
	assert_int_equal(wire_get_string(odd, "s", 0, 9, &s, &cause), -1);
	expect_cause(&cause, "expected a JSON object");
	json_decref(odd);
}

static void test_get_int_bool(void **state)
{
	json_t *j =
	        load("{\"i\":5,\"r\":5.0,\"s\":\"5\",\"b\":true,\"f\":false,"
	             "\"big\":9223372036854775807,\"neg\":-3}");
	char *cause = NULL;
	int64_t v = -1;
	bool b = false;

	(void)state;
	assert_int_equal(wire_get_int(j, "i", WIRE_REQUIRED, 5, 5, &v, &cause),
	                 0);
	assert_int_equal(v, 5);
	v = -1;
	assert_int_equal(wire_get_int(j, "i", 0, 6, 10, &v, &cause), -1);
	expect_cause(&cause, "field 'i': expected an integer from 6 to 10");
	assert_int_equal(wire_get_int(j, "i", 0, 0, 4, &v, &cause), -1);
	expect_cause(&cause, "from 0 to 4");
	assert_int_equal(v, -1);
	assert_int_equal(wire_get_int(j, "r", 0, 0, 9, &v, &cause), -1);
	expect_cause(&cause, "expected an integer");
	assert_int_equal(wire_get_int(j, "s", 0, 0, 9, &v, &cause), -1);
	expect_cause(&cause, "expected an integer");
	assert_int_equal(wire_get_int(j, "b", 0, 0, 9, &v, &cause), -1);
	expect_cause(&cause, "expected an integer");
	assert_int_equal(
	        wire_get_int(j, "big", 0, INT64_MIN, INT64_MAX, &v, &cause), 0);
	assert_int_equal(v, INT64_MAX);
	assert_int_equal(wire_get_int(j, "neg", 0, -3, 0, &v, &cause), 0);
	assert_int_equal(v, -3);
	assert_int_equal(wire_get_int(j, "none", 0, 0, 1, &v, &cause), 0);
	assert_int_equal(v, -3);

	assert_int_equal(wire_get_bool(j, "b", WIRE_REQUIRED, &b, &cause), 0);
	assert_true(b);
	assert_int_equal(wire_get_bool(j, "f", WIRE_REQUIRED, &b, &cause), 0);
	assert_false(b);
	assert_int_equal(wire_get_bool(j, "i", 0, &b, &cause), -1);
	expect_cause(&cause, "field 'i': expected true or false");
	assert_int_equal(wire_get_bool(j, "s", 0, &b, &cause), -1);
	expect_cause(&cause, "expected true or false");
	assert_int_equal(wire_get_bool(j, "none", WIRE_REQUIRED, &b, &cause),
	                 -1);
	expect_cause(&cause, "is required");
	json_decref(j);
}

static void test_get_time_date(void **state)
{
	json_t *j = load(
	        "{\"z\":\"2026-11-23T09:00:00Z\",\"off\":\"2026-11-23T10:00:00+"
	        "01:00\",\"frac\":\"2026-11-23T09:00:00.999Z\",\"lower\":"
	        "\"2026-"
	        "11-23t09:00:00z\",\"space\":\"2026-11-23 09:00:00Z\","
	        "\"noz\":\"2026-11-23T09:00:00\",\"num\":1795424400,"
	        "\"d\":\"2026-11-23\",\"bad\":\"2026-13-01\",\"leap\":\"2028-"
	        "02-"
	        "29\",\"noleap\":\"2026-02-29\",\"dt\":\"2026-11-23T00:00:"
	        "00Z\"}");
	char *cause = NULL;
	porte_time t = 0;
	cal_date d = {0, 0, 0};

	(void)state;
	assert_int_equal(wire_get_time(j, "z", WIRE_REQUIRED, &t, &cause), 0);
	assert_int_equal(t, T0);
	t = 0;
	assert_int_equal(wire_get_time(j, "off", 0, &t, &cause), 0);
	assert_int_equal(t, T0);
	assert_int_equal(wire_get_time(j, "frac", 0, &t, &cause), 0);
	assert_int_equal(t, T0);
	assert_int_equal(wire_get_time(j, "lower", 0, &t, &cause), 0);
	assert_int_equal(t, T0);
	t = 7;
	static const char *const bad[] = {"space", "noz", "num", "d", NULL};
	for (int i = 0; bad[i] != NULL; i++) {
		assert_int_equal(wire_get_time(j, bad[i], 0, &t, &cause), -1);
		expect_cause(&cause, "expected an RFC 3339 time like "
		                     "2026-11-23T09:30:00Z");
		assert_int_equal(t, 7);
	}
	assert_int_equal(wire_get_time(j, "none", WIRE_REQUIRED, &t, &cause),
	                 -1);
	expect_cause(&cause, "field 'none' is required");

	assert_int_equal(wire_get_date(j, "d", WIRE_REQUIRED, &d, &cause), 0);
	assert_int_equal(d.year, 2026);
	assert_int_equal(d.month, 11);
	assert_int_equal(d.day, 23);
	assert_int_equal(wire_get_date(j, "leap", 0, &d, &cause), 0);
	assert_int_equal(d.day, 29);
	static const char *const bad_dates[] = {"bad", "noleap", "dt", "num",
	                                        NULL};
	for (int i = 0; bad_dates[i] != NULL; i++) {
		assert_int_equal(wire_get_date(j, bad_dates[i], 0, &d, &cause),
		                 -1);
		expect_cause(&cause, "expected a date like 2026-11-23");
	}
	json_decref(j);
}

static void test_get_uuid_email_id_enum(void **state)
{
	static const char *const kinds[] = {"group", "meeting", NULL};
	json_t *j = load(
	        "{\"k\":\"3F2B8C1E-9A4D-4F6B-8E21-0C5D7A9B1E42\",\"bk\":"
	        "\"3f2b\","
	        "\"e\":\"jean.dupont@example.org\",\"be\":\"jean "
	        "dupont@x.org\","
	        "\"be2\":\"a@b@c.org\",\"r\":\"salle-1\",\"br\":\"salle/1\","
	        "\"kind\":\"meeting\",\"bkind\":\"ballroom\",\"n\":3}");
	char uuid[WIRE_UUID_LEN] = "untouched";
	const char *s = NULL;
	char *cause = NULL;
	int k = -1;

	(void)state;
	assert_int_equal(wire_get_uuid(j, "k", WIRE_REQUIRED, uuid, &cause), 0);
	assert_string_equal(uuid, "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e42");
	assert_int_equal(wire_get_uuid(j, "bk", 0, uuid, &cause), -1);
	expect_cause(&cause, "field 'bk': expected a UUID");
	assert_int_equal(wire_get_uuid(j, "n", 0, uuid, &cause), -1);
	expect_cause(&cause, "expected a UUID");
	assert_string_equal(uuid, "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e42");

	assert_int_equal(wire_get_email(j, "e", WIRE_REQUIRED, &s, &cause), 0);
	assert_string_equal(s, "jean.dupont@example.org");
	assert_int_equal(wire_get_email(j, "be", 0, &s, &cause), -1);
	expect_cause(&cause, "field 'be': expected an e-mail address");
	assert_int_equal(wire_get_email(j, "be2", 0, &s, &cause), -1);
	expect_cause(&cause, "expected an e-mail address");
	assert_int_equal(wire_get_email(j, "none", WIRE_REQUIRED, &s, &cause),
	                 -1);
	expect_cause(&cause, "is required");
	assert_int_equal(wire_get_email(j, "none", 0, &s, &cause), 0);

	assert_int_equal(wire_get_id(j, "r", WIRE_REQUIRED, &s, &cause), 0);
	assert_string_equal(s, "salle-1");
	assert_int_equal(wire_get_id(j, "br", 0, &s, &cause), -1);
	expect_cause(&cause, "field 'br': expected a room id");

	assert_int_equal(
	        wire_get_enum(j, "kind", WIRE_REQUIRED, kinds, &k, &cause), 0);
	assert_int_equal(k, 1);
	assert_int_equal(wire_get_enum(j, "bkind", 0, kinds, &k, &cause), -1);
	expect_cause(&cause, "field 'bkind': expected one of group, meeting");
	assert_int_equal(wire_get_enum(j, "n", 0, kinds, &k, &cause), -1);
	expect_cause(&cause, "expected one of");
	assert_int_equal(k, 1);
	json_decref(j);

	/* E-mail length: 254 bytes pass, 255 do not. */
	char email[300];
	memset(email, 'a', sizeof email);
	memcpy(email + 254 - 12, "@example.org", 13);
	j = json_pack("{s:s}", "e", email);
	assert_int_equal(wire_get_email(j, "e", 0, &s, &cause), 0);
	json_decref(j);
	memset(email, 'a', sizeof email);
	memcpy(email + 255 - 12, "@example.org", 13);
	j = json_pack("{s:s}", "e", email);
	assert_int_equal(wire_get_email(j, "e", 0, &s, &cause), -1);
	expect_cause(&cause, "at most 254 bytes");
	json_decref(j);
}

/* ---- round trips ------------------------------------------------------- */

/* Dumps J, loads it back and frees J. */
static json_t *through_text(json_t *j)
{
	char *text, *cause = NULL;
	json_t *back;

	assert_non_null(j);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(text);
	back = wire_load(text, strlen(text), WIRE_REPLY_MAX, &cause);
	if (back == NULL)
		fail_msg("%s: %s", text, cause);
	free(text);
	return back;
}

static void sample_room(wire_room *r)
{
	memset(r, 0, sizeof *r);
	snprintf(r->id, sizeof r->id, "salle-1");
	snprintf(r->name, sizeof r->name, "Salle 1 \xe2\x80\x94 \xc3\xa9tage");
	snprintf(r->site, sizeof r->site,
	         "M\xc3\xa9"
	         "diath\xc3\xa8que");
	snprintf(r->tz, sizeof r->tz, "Europe/Paris");
	r->kind = ROOM_WORKSHOP;
	r->capacity = 4;
	rules_defaults(&r->rules);
	r->rules.granularity = 15;
	r->rules.min_duration = 15;
	r->rules.checkin_code = true;
	r->rules.walk_in = false;
}

static void test_room_roundtrip(void **state)
{
	wire_room r, back[2], *list = NULL;
	char *cause = NULL;
	size_t n = 0;
	json_t *j;

	(void)state;
	sample_room(&r);
	j = through_text(wire_room_json(&r));
	assert_string_equal(json_string_value(json_object_get(j, "kind")),
	                    "workshop");
	assert_int_equal(json_integer_value(json_object_get(
	                         json_object_get(j, "rules"), "granularity")),
	                 15);
	memset(&back[0], 0, sizeof back[0]);
	assert_int_equal(wire_room_parse(j, &back[0], &cause), 0);
	assert_memory_equal(&r, &back[0], sizeof r);
	json_decref(j);

	back[1] = r;
	snprintf(back[1].id, sizeof back[1].id, "salle-2");
	back[1].kind = ROOM_TRAINING;
	back[1].capacity = 1;
	j = through_text(wire_rooms_json(back, 2));
	assert_int_equal(wire_rooms_parse(j, &list, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(list, back, sizeof back);
	free(list);
	json_decref(j);

	/* An empty list is a list. */
	j = through_text(wire_rooms_json(NULL, 0));
	assert_int_equal(wire_rooms_parse(j, &list, &n, &cause), 0);
	assert_int_equal(n, 0);
	free(list);
	json_decref(j);

	/* Rules that do not fit together are refused, named. */
	j = wire_room_json(&r);
	json_object_set_new(json_object_get(j, "rules"), "min_duration",
	                    json_integer(240));
	assert_int_equal(wire_room_parse(j, &back[0], &cause), -1);
	expect_cause(&cause, "field 'rules'");
	json_decref(j);
}

static void sample_booking(wire_booking *b, int64_t id)
{
	memset(b, 0, sizeof *b);
	b->id = id;
	b->start = T0;
	b->end = T0 + 3600;
	b->status = BOOKING_CHECKED_IN;
	snprintf(b->title, sizeof b->title, "R\xc3\xa9vision \"partiels\"");
	wire_mask_name("Jean Dupont", b->booker, sizeof b->booker);
	b->checked_in_at = T0 + 120;
	b->checkin_opens = T0 - 600;
	b->release_at = T0 + 900;
}

static void test_booking_roundtrip(void **state)
{
	wire_booking b, back;
	char *cause = NULL;
	json_t *j;

	(void)state;
	sample_booking(&b, 42);
	j = through_text(wire_booking_json(&b));
	assert_string_equal(json_string_value(json_object_get(j, "start")),
	                    "2026-11-23T09:00:00Z");
	assert_string_equal(json_string_value(json_object_get(j, "booker")),
	                    "J. D.");
	assert_null(json_object_get(j, "pending_sync"));
	memset(&back, 0, sizeof back);
	assert_int_equal(wire_booking_parse(j, &back, &cause), 0);
	assert_memory_equal(&b, &back, sizeof b);
	json_decref(j);

	/* Optional fields left out come back empty. */
	memset(b.title, 0, sizeof b.title);
	memset(b.booker, 0, sizeof b.booker);
	b.checked_in_at = 0;
	b.status = BOOKING_CONFIRMED;
	b.pending_sync = true;
	j = through_text(wire_booking_json(&b));
	assert_null(json_object_get(j, "title"));
	assert_null(json_object_get(j, "checked_in_at"));
	assert_true(json_is_true(json_object_get(j, "pending_sync")));
	memset(&back, 0, sizeof back);
	assert_int_equal(wire_booking_parse(j, &back, &cause), 0);
	assert_memory_equal(&b, &back, sizeof b);
	json_decref(j);
}

static void test_booking_from(void **state)
{
	char title[WIRE_TITLE_MAX + 10];
	porte_rules r;
	wire_booking w;
	booking b;

	(void)state;
	rules_defaults(&r);
	booking_init(&b, T0, T0 + 3600, T0 - 86400, ACTOR_STAFF, false);
	wire_booking_from(&w, 7, &b, &r, "Club lecture", "jean.dupont@x.org");
	assert_int_equal(w.id, 7);
	assert_int_equal(w.start, T0);
	assert_int_equal(w.end, T0 + 3600);
	assert_int_equal(w.status, BOOKING_CONFIRMED);
	assert_int_equal(w.checkin_opens, T0 - 600);
	assert_int_equal(w.release_at, T0 + 900);
	assert_int_equal(w.checked_in_at, 0);
	assert_string_equal(w.title, "Club lecture");
	assert_string_equal(w.booker, "J. D.");
	assert_false(w.pending_sync);

	/* A long title is cut between characters, never inside one. */
	memset(title, 'a', WIRE_TITLE_MAX - 1);
	memcpy(title + WIRE_TITLE_MAX - 1, "\xc3\xa9\xc3\xa9", 5);
	wire_booking_from(&w, 7, &b, &r, title, NULL);
	assert_int_equal(strlen(w.title), WIRE_TITLE_MAX - 1);
	assert_true(wire_utf8_valid(w.title, strlen(w.title)));
	assert_string_equal(w.booker, "");
	memcpy(title + WIRE_TITLE_MAX - 2, "\xc3\xa9x", 4);
	wire_booking_from(&w, 7, &b, &r, title, NULL);
	assert_int_equal(strlen(w.title), WIRE_TITLE_MAX);
}

static void test_schedule_roundtrip(void **state)
{
	wire_schedule s, back;
	wire_booking b;
	char *cause = NULL;
	json_t *j;

	(void)state;
	wire_schedule_init(&s);
	snprintf(s.room, sizeof s.room, "salle-1");
	s.date = (cal_date){2026, 11, 23};
	snprintf(s.tz, sizeof s.tz, "Europe/Paris");
	snprintf(s.etag, sizeof s.etag, "W1-7f3a");
	s.nopen = 2;
	s.open[0] = (wire_span){T0 - 7200, T0 + 7200};
	s.open[1] = (wire_span){T0 + 12600, T0 + 36000};
	s.nmessages = 1;
	s.messages[0].from = T0 - 32400;
	s.messages[0].to = T0 + 54000;
	snprintf(s.messages[0].text, sizeof s.messages[0].text,
	         "Fermeture \xc3\xa0 18 h");
	for (int i = 0; i < 20; i++) {
		sample_booking(&b, i + 1);
		b.start += i * 3600;
		b.end += i * 3600;
		assert_int_equal(wire_schedule_add(&s, &b), 0);
	}
	assert_int_equal(s.nbookings, 20);
	j = through_text(wire_schedule_json(&s));
	assert_string_equal(json_string_value(json_object_get(j, "date")),
	                    "2026-11-23");
	assert_int_equal(json_array_size(json_object_get(j, "bookings")), 20);
	assert_int_equal(wire_schedule_parse(j, &back, &cause), 0);
	assert_string_equal(back.room, s.room);
	assert_int_equal(back.date.day, 23);
	assert_string_equal(back.tz, s.tz);
	assert_string_equal(back.etag, s.etag);
	assert_int_equal(back.nopen, 2);
	assert_memory_equal(back.open, s.open, 2 * sizeof s.open[0]);
	assert_int_equal(back.nmessages, 1);
	assert_memory_equal(&back.messages[0], &s.messages[0],
	                    sizeof s.messages[0]);
	assert_int_equal(back.nbookings, 20);
	assert_memory_equal(back.bookings, s.bookings, 20 * sizeof b);
	/* A parsed schedule grows too. */
	sample_booking(&b, 99);
	assert_int_equal(wire_schedule_add(&back, &b), 0);
	assert_int_equal(back.bookings[20].id, 99);
	wire_schedule_free(&back);
	json_decref(j);

	/* At most WIRE_MAX_BOOKINGS. */
	while (s.nbookings < WIRE_MAX_BOOKINGS)
		assert_int_equal(wire_schedule_add(&s, &b), 0);
	assert_int_equal(wire_schedule_add(&s, &b), -1);
	j = through_text(wire_schedule_json(&s));
	assert_int_equal(wire_schedule_parse(j, &back, &cause), 0);
	assert_int_equal(back.nbookings, WIRE_MAX_BOOKINGS);
	wire_schedule_free(&back);
	json_array_append_new(json_object_get(j, "bookings"),
	                      wire_booking_json(&b));
	assert_int_equal(wire_schedule_parse(j, &back, &cause), -1);
	expect_cause(&cause, "field 'bookings': at most 1000 items");
	assert_int_equal(back.nbookings, 0);
	assert_null(back.bookings);
	json_decref(j);
	wire_schedule_free(&s);
}

static void sample_events(wire_event ev[WIRE_EV__COUNT])
{
	memset(ev, 0, WIRE_EV__COUNT * sizeof ev[0]);
	for (int i = 0; i < WIRE_EV__COUNT; i++) {
		snprintf(ev[i].key, sizeof ev[i].key,
		         "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e%02d", i);
		ev[i].type = (wire_event_type)i;
		ev[i].at = T0 + i;
		if (i != WIRE_EV_WALK_IN)
			ev[i].booking = 100 + i;
	}
	snprintf(ev[WIRE_EV_CHECKIN].code, sizeof ev[0].code, "0427");
	ev[WIRE_EV_WALK_IN].start = T0;
	ev[WIRE_EV_WALK_IN].end = T0 + 3600;
	ev[WIRE_EV_EXTEND].new_end = T0 + 5400;
	snprintf(ev[WIRE_EV_STAFF_REMOVE].reason, sizeof ev[0].reason,
	         "Salle r\xc3\xa9quisitionn\xc3\xa9"
	         "e");
	snprintf(ev[WIRE_EV_STAFF_REMOVE].staff, sizeof ev[0].staff, "s-9c2e");
	snprintf(ev[WIRE_EV_CANCEL].staff, sizeof ev[0].staff, "s-9c2e");
}

static void test_event_roundtrip(void **state)
{
	wire_event ev[WIRE_EV__COUNT], one, *list = NULL;
	char *cause = NULL;
	size_t n = 0;
	json_t *j;

	(void)state;
	sample_events(ev);
	for (int i = 0; i < WIRE_EV__COUNT; i++) {
		wire_event_type t;

		assert_int_equal(
		        wire_event_type_parse(
		                wire_event_type_name((wire_event_type)i), &t),
		        0);
		assert_int_equal(t, i);
		j = through_text(wire_event_json(&ev[i]));
		memset(&one, 0, sizeof one);
		if (wire_event_parse(j, &one, &cause) != 0)
			fail_msg("%s: %s", wire_event_type_name(ev[i].type),
			         cause);
		assert_memory_equal(&one, &ev[i], sizeof one);
		/* Only the fields its type uses. */
		assert_int_equal(json_object_get(j, "booking") != NULL,
		                 i != WIRE_EV_WALK_IN);
		assert_int_equal(json_object_get(j, "new_end") != NULL,
		                 i == WIRE_EV_EXTEND);
		assert_int_equal(json_object_get(j, "reason") != NULL,
		                 i == WIRE_EV_STAFF_REMOVE);
		json_decref(j);
	}
	assert_int_equal(
	        wire_event_type_parse("explode", &(wire_event_type){0}), -1);
	assert_string_equal(wire_event_type_name(WIRE_EV__COUNT), "unknown");

	j = through_text(wire_events_json(ev, WIRE_EV__COUNT));
	assert_int_equal(wire_events_parse(j, &list, &n, &cause), 0);
	assert_int_equal(n, WIRE_EV__COUNT);
	assert_memory_equal(list, ev, sizeof ev);
	free(list);
	/* A bare array is read too. */
	assert_int_equal(wire_events_parse(json_object_get(j, "events"), &list,
	                                   &n, &cause),
	                 0);
	assert_int_equal(n, WIRE_EV__COUNT);
	free(list);
	json_decref(j);
}

static void test_events_bad_one_kept(void **state)
{
	wire_event ev[WIRE_EV__COUNT], *list = NULL;
	char *cause = NULL;
	size_t n = 0;
	json_t *j, *a;

	(void)state;
	sample_events(ev);
	j = wire_events_json(ev, WIRE_EV__COUNT);
	a = json_object_get(j, "events");
	/* Event 2 (end) gets a field it does not use, event 3 loses its
	 * new_end: both bad, the others fine. */
	json_object_set_new(json_array_get(a, 2), "new_end",
	                    json_string("2026-11-23T12:00:00Z"));
	json_object_del(json_array_get(a, 3), "new_end");
	assert_int_equal(wire_events_parse(j, &list, &n, &cause), 0);
	assert_int_equal(n, WIRE_EV__COUNT);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(list[i].bad, i == 2 || i == 3);
	assert_string_equal(list[2].key, ev[2].key);
	assert_non_null(strstr(list[2].error, "'new_end' is not used by type "
	                                      "'end'"));
	assert_non_null(strstr(list[3].error, "'new_end' is required"));
	free(list);

	/* A bad key spoils the list: no result could be keyed. */
	json_object_set_new(json_array_get(a, 5), "key", json_string("x"));
	assert_int_equal(wire_events_parse(j, &list, &n, &cause), -1);
	expect_cause(&cause, "field 'events[5].key': expected a UUID");
	json_decref(j);

	/* At most WIRE_MAX_EVENTS: 500 pass, 501 do not. */
	a = json_array();
	for (int i = 0; i < WIRE_MAX_EVENTS; i++)
		json_array_append_new(a, wire_event_json(&ev[0]));
	assert_int_equal(wire_events_parse(a, &list, &n, &cause), 0);
	assert_int_equal(n, WIRE_MAX_EVENTS);
	free(list);
	json_array_append_new(a, wire_event_json(&ev[0]));
	assert_int_equal(wire_events_parse(a, &list, &n, &cause), -1);
	expect_cause(&cause, "at most 500 events");
	json_decref(a);

	/* Neither a list nor {"events":...}. */
	j = load("{\"evts\":[]}");
	assert_int_equal(wire_events_parse(j, &list, &n, &cause), -1);
	expect_cause(&cause, "unknown field 'evts'");
	json_decref(j);
	j = json_string("x");
	assert_int_equal(wire_events_parse(j, &list, &n, &cause), -1);
	expect_cause(&cause, "array of events");
	json_decref(j);
}

static void test_results_roundtrip(void **state)
{
	wire_event_result r[2], *list = NULL, one;
	char *cause = NULL;
	size_t n = 0;
	json_t *j;

	(void)state;
	memset(r, 0, sizeof r);
	snprintf(r[0].key, sizeof r[0].key,
	         "3f2b8c1e-9a4d-4f6b-8e21-0c5d7a9b1e42");
	r[0].applied = true;
	r[0].has_booking = true;
	sample_booking(&r[0].booking, 7);
	snprintf(r[1].key, sizeof r[1].key,
	         "6c1f0d2a-1b3e-4c5d-9e8f-7a6b5c4d3e2f");
	r[1].applied = false;
	snprintf(r[1].code, sizeof r[1].code, "%s",
	         rule_code_name(RULE_SLOT_REBOOKED));
	snprintf(r[1].message, sizeof r[1].message, "%s",
	         rule_code_message(RULE_SLOT_REBOOKED));
	j = through_text(wire_results_json(r, 2));
	assert_int_equal(wire_results_parse(j, &list, &n, &cause), 0);
	assert_int_equal(n, 2);
	assert_memory_equal(list, r, sizeof r);
	free(list);
	json_decref(j);

	j = through_text(wire_result_json(&r[1]));
	assert_string_equal(json_string_value(json_object_get(j, "status")),
	                    "refused");
	assert_string_equal(json_string_value(json_object_get(j, "code")),
	                    "slot_rebooked");
	memset(&one, 0, sizeof one);
	assert_int_equal(wire_result_parse(j, &one, &cause), 0);
	assert_memory_equal(&one, &r[1], sizeof one);
	json_decref(j);
}

static void test_error_roundtrip(void **state)
{
	char code[WIRE_CODE_MAX + 1] = "x", msg[WIRE_MESSAGE_MAX + 1] = "y";
	char *cause = NULL;
	json_t *j;

	(void)state;
	j = through_text(wire_error_json("overlap", "The room is taken"));
	assert_int_equal(wire_error_parse(j, code, msg, &cause), 0);
	assert_string_equal(code, "overlap");
	assert_string_equal(msg, "The room is taken");
	json_decref(j);
	j = load("{\"error\":{\"code\":\"\",\"message\":\"m\"}}");
	assert_int_equal(wire_error_parse(j, code, msg, &cause), -1);
	expect_cause(&cause, "field 'error.code' must not be empty");
	assert_string_equal(code, "overlap");
	json_decref(j);
}

/* ---- statistics -------------------------------------------------------- */

static const char *label(int64_t id, void *arg)
{
	(void)arg;
	if (id == 1)
		return "Salle \"A\", rez";
	if (id == 2)
		return "=HYPERLINK(\"x\")";
	return NULL;
}

static void test_figures_roundtrip(void **state)
{
	stats_figures f, back;
	char *cause = NULL;
	json_t *j;

	(void)state;
	memset(&f, 0, sizeof f);
	f.bookings = 10;
	f.due = 8;
	f.shows = 6;
	f.no_shows = 2;
	f.checkin_rate = 0.75;
	f.no_show_rate = 0.25;
	f.booked_s = 28800;
	f.occupied_s = 19800;
	f.released_s = 3600;
	f.reclaimed_s = 1800;
	j = through_text(wire_figures_json(&f));
	assert_int_equal(wire_figures_parse(j, &back, &cause), 0);
	assert_memory_equal(&f, &back, sizeof f);
	json_object_set_new(j, "no_show_rate", json_real(-0.1));
	assert_int_equal(wire_figures_parse(j, &back, &cause), -1);
	expect_cause(&cause, "field 'no_show_rate': expected a number from 0 "
	                     "to 1");
	json_decref(j);
}

/* A small event log: room 1 has a show and a no-show, room 2 a show. */
static stats *sample_stats(tz_zone **zone)
{
	stats_event e[] = {
	        {1, 1, STATS_CREATED, T0 - 86400, T0, T0 + 3600, false, true},
	        {1, 1, STATS_CHECKED_IN, T0 + 60, 0, 0, false, false},
	        {1, 1, STATS_ENDED, T0 + 3600, 0, 0, false, false},
	        {2, 1, STATS_CREATED, T0 - 86400, T0 + 7200, T0 + 10800, false,
	         true},
	        {2, 1, STATS_RELEASED, T0 + 8100, 0, 0, false, false},
	        {3, 2, STATS_CREATED, T0 - 86400, T0, T0 + 1800, false, true},
	        {3, 2, STATS_CHECKED_IN, T0, 0, 0, false, false},
	        {3, 2, STATS_ENDED, T0 + 1800, 0, 0, false, false},
	};
	char *cause = NULL;
	stats *s;

	if (tz_load("Europe/Paris", zone, &cause) != 0)
		fail_msg("tz_load: %s", cause);
	s = stats_new(*zone, T0 - 7 * 86400, T0 + 7 * 86400);
	assert_non_null(s);
	for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
		assert_int_equal(stats_add(s, &e[i]), 0);
	assert_int_equal(stats_finish(s, T0 + 86400), 0);
	return s;
}

static void test_stats_json_csv(void **state)
{
	tz_zone *zone = NULL;
	stats *s = sample_stats(&zone);
	json_t *j, *rooms, *hours;
	stats_figures f;
	char *cause = NULL;
	strbuf csv;
	const char *text;

	(void)state;
	j = through_text(wire_stats_json(s, label, NULL));
	assert_int_equal(
	        wire_figures_parse(json_object_get(j, "total"), &f, &cause), 0);
	assert_memory_equal(&f, stats_total(s), sizeof f);
	rooms = json_object_get(j, "rooms");
	assert_int_equal(json_array_size(rooms), stats_room_count(s));
	assert_int_equal(json_integer_value(json_object_get(
	                         json_array_get(rooms, 0), "room_id")),
	                 1);
	assert_string_equal(json_string_value(json_object_get(
	                            json_array_get(rooms, 0), "room")),
	                    "Salle \"A\", rez");
	assert_int_equal(json_array_size(json_object_get(j, "weeks")),
	                 stats_week_count(s));
	hours = json_object_get(json_object_get(j, "hours"), "booked");
	assert_int_equal(json_array_size(hours), 7);
	assert_int_equal(json_array_size(json_array_get(hours, 0)), 24);
	/* Monday 2026-11-23, 10:00 Paris: the first hour booked. */
	assert_int_equal(json_integer_value(
	                         json_array_get(json_array_get(hours, 0), 10)),
	                 stats_booked_at(s, 0, 10));
	assert_true(stats_booked_at(s, 0, 10) > 0);
	json_decref(j);

	strbuf_init(&csv, 64 * 1024);
	assert_int_equal(wire_stats_csv(s, label, NULL, &csv), 0);
	text = strbuf_str(&csv);
	assert_non_null(strstr(text, "scope,key,bookings,due,shows,no_shows,"));
	assert_non_null(strstr(text, "\r\ntotal,,3,3,2,1,1,"));
	assert_non_null(strstr(text, "\r\nroom,\"Salle \"\"A\"\", rez\",2,"));
	assert_non_null(strstr(text, "\r\nroom,\"'=HYPERLINK(\"\"x\"\")\","));
	assert_non_null(strstr(text, "\r\nweek,2026-11-23,"));
	assert_non_null(strstr(text, ",0.6667,0.3333,"));
	strbuf_free(&csv);

	/* Rooms without a label show their id. */
	strbuf_init(&csv, 64 * 1024);
	assert_int_equal(wire_stats_csv(s, NULL, NULL, &csv), 0);
	assert_non_null(strstr(strbuf_str(&csv), "\r\nroom,2,"));
	strbuf_free(&csv);

	strbuf_init(&csv, 64 * 1024);
	assert_int_equal(wire_stats_hours_csv(s, &csv), 0);
	assert_non_null(strstr(strbuf_str(&csv),
	                       "weekday,hour,booked_s,occupied_s\r\n"));
	assert_non_null(strstr(strbuf_str(&csv), "\r\nsun,23,"));
	strbuf_free(&csv);

	/* A buffer too small fails, never overruns. */
	strbuf_init(&csv, 100);
	assert_int_equal(wire_stats_csv(s, label, NULL, &csv), -1);
	strbuf_free(&csv);
	stats_free(s);
	tz_free(zone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_strbuf),
	        cmocka_unit_test(test_utf8),
	        cmocka_unit_test(test_check_text),
	        cmocka_unit_test(test_ids),
	        cmocka_unit_test(test_parse_text_values),
	        cmocka_unit_test(test_mask_name),
	        cmocka_unit_test(test_load),
	        cmocka_unit_test(test_check_fields),
	        cmocka_unit_test(test_get_string),
	        cmocka_unit_test(test_get_int_bool),
	        cmocka_unit_test(test_get_time_date),
	        cmocka_unit_test(test_get_uuid_email_id_enum),
	        cmocka_unit_test(test_room_roundtrip),
	        cmocka_unit_test(test_booking_roundtrip),
	        cmocka_unit_test(test_booking_from),
	        cmocka_unit_test(test_schedule_roundtrip),
	        cmocka_unit_test(test_event_roundtrip),
	        cmocka_unit_test(test_events_bad_one_kept),
	        cmocka_unit_test(test_results_roundtrip),
	        cmocka_unit_test(test_error_roundtrip),
	        cmocka_unit_test(test_figures_roundtrip),
	        cmocka_unit_test(test_stats_json_csv),
	};

	return cmocka_run_group_tests_name("wire.unit", tests, NULL, NULL);
}

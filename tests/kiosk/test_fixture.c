/*
 * test_fixture.c - reading a kiosk state from JSON: the committed
 * fixtures, and refusals of bad input with a reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "kiosk_test.h"

static void test_free_fixture(void **state)
{
	kiosk_state st;
	porte_time now;
	kiosk_view v;

	(void)state;
	kt_load("free", &st, &now);
	assert_string_equal(st.room_id, "salle-jaune");
	assert_string_equal(st.room_name, "Salle Jaune");
	assert_int_equal(st.kind, ROOM_GROUP);
	assert_int_equal(st.lang, KIOSK_LANG_FR);
	assert_int_equal(st.nbookings, 7);
	assert_string_equal(tz_name(st.tz), "Europe/Paris");
	assert_string_equal(st.door_proof, "K7Q2M9");
	assert_true(st.sync.configured);
	/* Booker names arrive masked, whatever the file says. */
	for (int i = 0; i < st.nbookings; i++) {
		assert_null(strstr(st.bookings[i].booker, "Jeanne"));
		assert_true(strlen(st.bookings[i].booker) <= 6);
	}
	kiosk_view_at(&st, now, &v);
	assert_int_equal(v.status, KIOSK_FREE);
	kiosk_state_free(&st);
}

static int parse(const char *json, char **cause)
{
	kiosk_state st;
	fixture_secrets sec;
	porte_time now = 0;
	int rc;

	assert_int_equal(kiosk_state_init(&st), 0);
	rc = fixture_parse(json, strlen(json), &st, &sec, &now, cause);
	kiosk_state_free(&st);
	return rc;
}

static void expect_refused(const char *json, const char *reason)
{
	char *cause = NULL;

	if (parse(json, &cause) == 0)
		fail_msg("accepted: %s", json);
	assert_non_null(cause);
	if (strstr(cause, reason) == NULL)
		fail_msg("reason \"%s\" lacks \"%s\"", cause, reason);
	free(cause);
}

#define ROOM "\"room\":{\"id\":\"r\",\"name\":\"R\",\"zone\":\"UTC\"}"

static void test_refusals(void **state)
{
	(void)state;
	expect_refused("[]", "object");
	expect_refused("{", "line");
	expect_refused("{\"room\":{\"id\":\"r\"}}", "zone");
	expect_refused("{\"room\":{\"zone\":\"../etc/passwd\"}}", "zone");
	expect_refused("{" ROOM ",\"now\":\"yesterday\"}", "now");
	expect_refused("{" ROOM ",\"lang\":\"de\"}", "lang");
	expect_refused("{" ROOM ",\"bookings\":[{\"id\":\"a\","
	               "\"start\":\"2026-11-23T10:00:00Z\","
	               "\"end\":\"2026-11-23T09:00:00Z\"}]}",
	               "incomplete");
	expect_refused("{" ROOM ",\"bookings\":[{\"id\":\"a\","
	               "\"start\":\"2026-11-23T10:00:00Z\","
	               "\"end\":\"2026-11-23T11:00:00Z\","
	               "\"status\":\"maybe\"}]}",
	               "status");
	expect_refused("{" ROOM ",\"bookings\":{}}", "array");
	expect_refused("{\"room\":{\"id\":\"r\",\"zone\":\"UTC\","
	               "\"rules\":{\"granularity\":\"7\"}}}",
	               "rule");
	expect_refused("{\"room\":{\"id\":\"r\",\"zone\":\"UTC\","
	               "\"kind\":\"cellar\"}}",
	               "kind");
	expect_refused("{" ROOM ",\"week\":\"mon 25:00-26:00\"}", "week");
	expect_refused("{" ROOM ",\"hours\":{\"2026-02-30\":\"08:00-10:00\"}}",
	               "hours");
	expect_refused("{" ROOM ",\"ui\":{\"screen\":\"disco\"}}", "screen");
	expect_refused("{" ROOM ",\"ui\":{\"entry\":\"12a\"}}", "digits");
	expect_refused("{" ROOM ",\"ui\":{\"toast\":{\"kind\":\"party\"}}}",
	               "toast");
	expect_refused("{" ROOM ",\"sync\":{\"pending\":-1}}", "pending");
	expect_refused("{" ROOM ",\"room\":{}}", "line"); /* duplicate key */
}

static void test_too_big(void **state)
{
	size_t n = FIXTURE_MAX_BYTES + 2;
	char *big = malloc(n);
	kiosk_state st;
	char *cause = NULL;

	(void)state;
	assert_non_null(big);
	memset(big, ' ', n);
	assert_int_equal(kiosk_state_init(&st), 0);
	assert_int_equal(fixture_parse(big, n, &st, NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "larger"));
	free(cause);
	free(big);
	kiosk_state_free(&st);
}

static void test_codes_and_ui(void **state)
{
	const char *json =
	        "{" ROOM ",\"now\":\"2026-11-23T10:00:00Z\","
	        "\"staff_pin\":\"246810\","
	        "\"bookings\":[{\"id\":\"a\",\"start\":\"2026-11-23T10:00:"
	        "00Z\","
	        "\"end\":\"2026-11-23T11:00:00Z\",\"code\":\"4821\"}],"
	        "\"ui\":{\"screen\":\"code\",\"booking\":\"a\",\"entry\":"
	        "\"48\","
	        "\"toast\":{\"kind\":\"refused\",\"rule\":\"overlap\"}}}";
	kiosk_state st;
	fixture_secrets sec;
	porte_time now = 0;
	char *cause = NULL;

	(void)state;
	assert_int_equal(kiosk_state_init(&st), 0);
	if (fixture_parse(json, strlen(json), &st, &sec, &now, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(now, kt_at(11, 0, 0));
	assert_int_equal(st.screen, KIOSK_SCREEN_CODE);
	assert_int_equal(st.entry_booking, 0);
	assert_string_equal(st.entry, "48");
	assert_int_equal(st.toast.kind, KIOSK_TOAST_REFUSED);
	assert_int_equal(st.toast.rule, RULE_OVERLAP);
	assert_string_equal(sec.staff_pin, "246810");
	assert_true(fixture_code_ok(&sec, "a", "4821"));
	assert_false(fixture_code_ok(&sec, "a", "4822"));
	assert_false(fixture_code_ok(&sec, "b", "4821"));
	kiosk_state_free(&st);
}

static void test_missing_file(void **state)
{
	kiosk_state st;
	char *cause = NULL;

	(void)state;
	assert_int_equal(kiosk_state_init(&st), 0);
	assert_int_equal(
	        fixture_load("/nonexistent/x.json", &st, NULL, NULL, &cause),
	        -1);
	assert_non_null(strstr(cause, "/nonexistent/x.json"));
	free(cause);
	kiosk_state_free(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_free_fixture),
	        cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_too_big),
	        cmocka_unit_test(test_codes_and_ui),
	        cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

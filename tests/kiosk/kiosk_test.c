/*
 * kiosk_test.c - shared helpers of the door display's tests.
 */
#include "kiosk_test.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"

void kt_load(const char *name, kiosk_state *st, porte_time *now)
{
	char path[512];
	char *cause = NULL;
	int rc;

	snprintf(path, sizeof(path), "%s/%s.json", KIOSK_FIXTURES, name);
	assert_int_equal(kiosk_state_init(st), 0);
	*now = 0;
	rc = fixture_load(path, st, NULL, now, &cause);
	if (rc != 0)
		fail_msg("%s: %s", path, cause ? cause : "?");
	assert_true(*now > 0);
}

void kt_room(kiosk_state *st)
{
	hours_day day;
	char *cause = NULL;

	assert_int_equal(kiosk_state_init(st), 0);
	snprintf(st->room_id, sizeof(st->room_id), "salle-test");
	snprintf(st->room_name, sizeof(st->room_name), "Salle Test");
	if (kiosk_state_set_zone(st, "Europe/Paris", &cause) != 0)
		fail_msg("zone: %s", cause ? cause : "?");
	assert_int_equal(hours_parse_day("08:00-20:00", &day, NULL), 0);
	for (int wd = 0; wd < 7; wd++)
		assert_int_equal(hours_set_weekday(st->hours, wd, &day), 0);
}

porte_time kt_at(int hour, int minute, int second)
{
	cal_datetime dt = {2026, 11, 23, hour, minute, second};

	return cal_time_from_utc(dt) - 3600;
}

int kt_book(kiosk_state *st, const char *id, porte_time start, porte_time end,
            booking_status status)
{
	kiosk_booking kb;
	int i;

	memset(&kb, 0, sizeof(kb));
	snprintf(kb.id, sizeof(kb.id), "%s", id);
	snprintf(kb.title, sizeof(kb.title), "Booking %s", id);
	snprintf(kb.booker, sizeof(kb.booker), "Jeanne Dupont");
	kb.b.status = status;
	kb.b.start = start;
	kb.b.end = end;
	kb.b.created_at = start - 86400;
	if (status == BOOKING_CHECKED_IN)
		kb.b.checked_in_at = start;
	i = kiosk_state_put_booking(st, &kb);
	assert_true(i >= 0);
	return kiosk_state_find(st, id);
}

void kt_lang(kiosk_lang lang)
{
	char *cause = NULL;

	if (kiosk_i18n_init(lang, NULL, &cause) != 0)
		fail_msg("i18n: %s", cause ? cause : "?");
	assert_true(kiosk_i18n_active(lang));
}

int kt_find_text(const ui_list *l, const char *text)
{
	for (int i = 0; i < l->n; i++) {
		if (l->cmd[i].kind == UI_TEXT &&
		    strcmp(ui_text_of(l, &l->cmd[i]), text) == 0)
			return i;
	}
	return -1;
}

bool kt_text_contains(const ui_list *l, const char *needle)
{
	for (int i = 0; i < l->n; i++) {
		if (l->cmd[i].kind == UI_TEXT &&
		    strstr(ui_text_of(l, &l->cmd[i]), needle) != NULL)
			return true;
	}
	return false;
}

int kt_count_targets(const ui_list *l, kiosk_action_id act, int arg)
{
	int n = 0;

	for (int i = 0; i < l->n; i++) {
		const ui_cmd *c = &l->cmd[i];

		if (c->kind == UI_TARGET && c->action == act &&
		    (arg < -1 || c->arg == arg))
			n++;
	}
	return n;
}

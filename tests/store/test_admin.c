/*
 * test_admin.c - administration (sites, dates, messages, rooms, rules,
 * staff, devices, the audit log) and what a schedule shows to whom.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define Y 2026
#define M 3
#define D 2

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	fx_open(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	fx_close(f);
	free(f);
	return 0;
}

static void test_sites(void **state)
{
	fixture *f = *state;
	store_site site, *sites = NULL;
	size_t n = 0;

	assert_int_equal(store_site_get(f->st, "bu", &site), STORE_OK);
	assert_string_equal(site.name, "BU Test");
	assert_string_equal(site.tz, "Europe/Paris");
	assert_string_equal(site.hours, "mon-sat 08:00-20:00");
	assert_string_equal(site.domains, "univ.fr");
	/* Exists already: says so. */
	assert_int_equal(store_site_add(f->st, "cli", "bu", "Other",
	                                "Europe/Paris", NULL, NULL, 0),
	                 STORE_CONFLICT);
	assert_non_null(strstr(store_errmsg(f->st), "exists"));
	/* Bad inputs, each with a reason. */
	assert_int_equal(store_site_add(f->st, "cli", "x", "X", "Mars/Olympus",
	                                NULL, NULL, 0),
	                 STORE_INVALID);
	assert_int_equal(store_site_add(f->st, "cli", "x", "X", "../etc/passwd",
	                                NULL, NULL, 0),
	                 STORE_INVALID);
	assert_int_equal(store_site_add(f->st, "cli", "x", "X", "UTC",
	                                "mon-fri 25:00-26:00", NULL, 0),
	                 STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "opening hours"));
	assert_int_equal(store_site_add(f->st, "cli", "x", "X", "UTC", NULL,
	                                "not a domain", 0),
	                 STORE_INVALID);
	assert_int_equal(
	        store_site_add(f->st, "cli", "X Y", "X", "UTC", NULL, NULL, 0),
	        STORE_INVALID);
	assert_int_equal(
	        store_site_add(f->st, "cli", "x", "", "UTC", NULL, NULL, 0),
	        STORE_INVALID);
	/* Domains are tidied, hours made canonical. */
	assert_int_equal(store_site_add(f->st, "cli", "annex", "Annexe", "UTC",
	                                "sat 09:00-12:00, mon-fri 08:00-18:00",
	                                " Univ.FR, @etu.univ.fr ", 0),
	                 STORE_OK);
	assert_int_equal(store_site_get(f->st, "annex", &site), STORE_OK);
	assert_string_equal(site.domains, "univ.fr,etu.univ.fr");
	assert_string_equal(site.hours, "mon-fri 08:00-18:00, sat 09:00-12:00");
	assert_int_equal(store_site_update(f->st, "cli", "annex", "Annexe 2",
	                                   NULL, "24/7", "", 0),
	                 STORE_OK);
	assert_int_equal(store_site_get(f->st, "annex", &site), STORE_OK);
	assert_string_equal(site.name, "Annexe 2");
	assert_string_equal(site.tz, "UTC");
	assert_string_equal(site.domains, "");
	assert_int_equal(store_site_list(f->st, &sites, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(sites[0].slug, "annex");
	assert_string_equal(sites[1].slug, "bu");
	free(sites);
	assert_int_equal(store_site_get(f->st, "nowhere", &site),
	                 STORE_NOT_FOUND);
}

static void test_rooms_and_rules(void **state)
{
	fixture *f = *state;
	store_room room, *rooms = NULL;
	store_rule *rules = NULL;
	size_t n = 0;

	assert_int_equal(store_room_get(f->st, "shop", &room), STORE_OK);
	assert_int_equal(room.kind, ROOM_WORKSHOP);
	assert_int_equal(room.capacity, 3);
	assert_string_equal(room.site, "bu");
	assert_string_equal(room.tz, "Europe/Paris");
	assert_int_equal(room.rules.granularity, 30);
	assert_int_equal(
	        store_room_add(f->st, "cli", "g1", "bu", "G", ROOM_GROUP, 1, 0),
	        STORE_CONFLICT);
	assert_int_equal(store_room_add(f->st, "cli", "g9", "nowhere", "G",
	                                ROOM_GROUP, 1, 0),
	                 STORE_NOT_FOUND);
	assert_int_equal(
	        store_room_add(f->st, "cli", "g9", "bu", "G", ROOM_GROUP, 4, 0),
	        STORE_INVALID);
	assert_int_equal(store_room_add(f->st, "cli", "w9", "bu", "W",
	                                ROOM_WORKSHOP, 1001, 0),
	                 STORE_INVALID);
	assert_int_equal(store_room_add(f->st, "cli", "g9", "bu", "G",
	                                (room_kind)9, 1, 0),
	                 STORE_INVALID);

	/* Site rule, then a room's own. */
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_SITE, "bu",
	                                "granularity", "15", 0),
	                 STORE_OK);
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM, "g1",
	                                "max_duration", "1h30", 0),
	                 STORE_OK);
	assert_int_equal(store_room_get(f->st, "g1", &room), STORE_OK);
	assert_int_equal(room.rules.granularity, 15);
	assert_int_equal(room.rules.max_duration, 90);
	assert_int_equal(store_room_get(f->st, "g2", &room), STORE_OK);
	assert_int_equal(room.rules.granularity, 15);
	assert_int_equal(room.rules.max_duration, 120);
	/* Stored canonical. */
	assert_int_equal(
	        store_rule_list(f->st, STORE_SCOPE_ROOM, "g1", &rules, &n),
	        STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(rules[0].name, "max_duration");
	assert_string_equal(rules[0].value, "90");
	free(rules);
	/* Refused: unknown, bad value, and rules that no longer hold
	 * together: the site's (30 min is no multiple of 60), then g1's
	 * (90 min is none either). */
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM, "g1",
	                                "colour", "blue", 0),
	                 STORE_INVALID);
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM, "g1",
	                                "granularity", "7", 0),
	                 STORE_INVALID);
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_SITE, "bu",
	                                "granularity", "60", 0),
	                 STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "the site: min_duration"));
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_SITE, "bu",
	                                "min_duration", "60", 0),
	                 STORE_OK);
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_SITE, "bu",
	                                "granularity", "60", 0),
	                 STORE_INVALID);
	assert_non_null(strstr(store_errmsg(f->st), "g1: max_duration"));
	assert_int_equal(store_room_get(f->st, "g2", &room), STORE_OK);
	assert_int_equal(room.rules.granularity, 15); /* unchanged */
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM,
	                                "nowhere", "walk_in", "off", 0),
	                 STORE_NOT_FOUND);
	/* Back to the default. */
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM, "g1",
	                                "max_duration", NULL, 0),
	                 STORE_OK);
	assert_int_equal(store_rule_set(f->st, "cli", STORE_SCOPE_ROOM, "g1",
	                                "max_duration", NULL, 0),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_room_get(f->st, "g1", &room), STORE_OK);
	assert_int_equal(room.rules.max_duration, 120);
	assert_int_equal(store_room_list(f->st, "bu", &rooms, &n), STORE_OK);
	assert_int_equal(n, 5);
	assert_string_equal(rooms[0].slug, "g1");
	assert_int_equal(rooms[0].rules.granularity, 15);
	free(rooms);
	assert_int_equal(store_room_list(f->st, NULL, &rooms, &n), STORE_OK);
	assert_int_equal(n, 5);
	free(rooms);
	assert_int_equal(store_room_list(f->st, "nowhere", &rooms, &n),
	                 STORE_NOT_FOUND);
}

static void test_dates_and_messages(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	cal_date tue = {Y, M, 3}, wed = {Y, M, 4};
	store_site_date *dates = NULL;
	store_message *msgs = NULL;
	store_schedule *sc = NULL;
	store_booking_res res;
	int64_t id;
	size_t n;

	/* A closure: no hours, no bookings. */
	assert_int_equal(store_site_set_date(f->st, "cli", "bu", tue, NULL,
	                                     "Grève", now),
	                 STORE_OK);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, 3, 10, 0), 60,
	                         "a@univ.fr", now, &res),
	                 STORE_REFUSED);
	assert_int_equal(res.rule, RULE_CLOSED_DAY);
	assert_int_equal(
	        store_schedule_get(f->st, "g1", tue, STORE_VIEW_PUBLIC, &sc),
	        STORE_OK);
	assert_true(sc->exception);
	assert_int_equal(sc->nspans, 0);
	assert_string_equal(sc->note, "Grève");
	store_schedule_free(sc);
	/* Exceptional hours. */
	assert_int_equal(store_site_set_date(f->st, "cli", "bu", wed,
	                                     "10:00-12:00 14:00-16:00", NULL,
	                                     now),
	                 STORE_OK);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, 4, 12, 0), 60,
	                         "a@univ.fr", now, &res),
	                 STORE_REFUSED);
	assert_int_equal(res.rule, RULE_OUTSIDE_OPENING_HOURS);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, 4, 10, 0), 60,
	                         "a@univ.fr", now, &res),
	                 STORE_OK);
	assert_int_equal(store_site_set_date(f->st, "cli", "bu", wed,
	                                     "10:00-09:00", NULL, now),
	                 STORE_INVALID);
	assert_int_equal(store_site_dates(f->st, "bu", tue, wed, &dates, &n),
	                 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(dates[0].hours.count, 0);
	assert_int_equal(dates[1].hours.count, 2);
	assert_string_equal(dates[0].note, "Grève");
	free(dates);
	/* Reopening. */
	assert_int_equal(store_site_clear_date(f->st, "cli", "bu", tue, now),
	                 STORE_OK);
	assert_int_equal(store_site_clear_date(f->st, "cli", "bu", tue, now),
	                 STORE_NOT_FOUND);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, 3, 10, 0), 60,
	                         "b@univ.fr", now, &res),
	                 STORE_OK);

	/* Messages: at most a week, not over already. */
	assert_int_equal(store_message_add(f->st, "cli", "bu", now,
	                                   now + 7 * 86400 + 1, "Long", now,
	                                   &id),
	                 STORE_INVALID);
	assert_int_equal(store_message_add(f->st, "cli", "bu", now - 7200,
	                                   now - 3600, "Past", now, &id),
	                 STORE_INVALID);
	assert_int_equal(store_message_add(f->st, "cli", "bu", now, now,
	                                   "Empty", now, &id),
	                 STORE_INVALID);
	assert_int_equal(store_message_add(f->st, "cli", "bu", now, now + 3600,
	                                   "", now, &id),
	                 STORE_INVALID);
	assert_int_equal(store_message_add(f->st, "cli", "nowhere", now,
	                                   now + 3600, "X", now, &id),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_message_add(f->st, "cli", "bu", now,
	                                   now + 7 * 86400,
	                                   "Exposition dans le hall", now, &id),
	                 STORE_OK);
	assert_int_equal(
	        store_message_list(f->st, "bu", now, now + 1, &msgs, &n),
	        STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(msgs[0].text, "Exposition dans le hall");
	free(msgs);
	assert_int_equal(store_message_delete(f->st, "cli", id, now), STORE_OK);
	assert_int_equal(store_message_delete(f->st, "cli", id, now),
	                 STORE_NOT_FOUND);
	assert_int_equal(
	        store_message_list(f->st, "bu", now, now + 1, &msgs, &n),
	        STORE_OK);
	assert_int_equal(n, 0);
	free(msgs);
}

static const store_slot *slot_of(const store_schedule *sc, int64_t id)
{
	for (size_t i = 0; i < sc->nslots; i++) {
		if (sc->slots[i].id == id)
			return &sc->slots[i];
	}
	return NULL;
}

static void test_schedule_views(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	cal_date day = {Y, M, D};
	store_booking_res a, b, c, out;
	store_schedule *sc = NULL;
	int64_t counter;

	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, D, 14, 0), 60,
	                         "jean.dupont@univ.fr", now, &a),
	                 STORE_OK);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, D, 9, 0), 60,
	                         "marie.curie@univ.fr", now, &b),
	                 STORE_OK);
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, D, 11, 0), 60,
	                         "x@univ.fr", now, &c),
	                 STORE_OK);
	assert_int_equal(fx_act(f, c.id, BOOKING_CANCEL,
	                        (store_actor){ACTOR_STAFF, f->desk}, now + 60,
	                        &out),
	                 STORE_OK);
	/* another day, another room: not in it */
	assert_int_equal(fx_book(f, "g1", fx_local(f, Y, M, 3, 9, 0), 60,
	                         "y@univ.fr", now, &out),
	                 STORE_OK);
	assert_int_equal(fx_book(f, "g2", fx_local(f, Y, M, D, 9, 0), 60,
	                         "z@univ.fr", now, &out),
	                 STORE_OK);
	assert_int_equal(store_message_add(f->st, "cli", "bu", now, now + 3600,
	                                   "Alarme incendie à 9 h", now, NULL),
	                 STORE_OK);

	/* Anyone: no names, no codes. */
	assert_int_equal(
	        store_schedule_get(f->st, "g1", day, STORE_VIEW_PUBLIC, &sc),
	        STORE_OK);
	assert_int_equal(sc->nslots, 2);         /* cancelled left out */
	assert_int_equal(sc->slots[0].id, b.id); /* by start */
	assert_int_equal(sc->slots[1].id, a.id);
	assert_string_equal(sc->slots[0].who, "");
	assert_string_equal(sc->slots[0].code, "");
	assert_string_equal(sc->slots[0].title, "Révisions");
	assert_int_equal(sc->slots[1].b.status, BOOKING_PENDING);
	assert_int_equal(sc->nspans, 1);
	assert_int_equal(sc->span_start[0], fx_local(f, Y, M, D, 8, 0));
	assert_int_equal(sc->span_end[0], fx_local(f, Y, M, D, 20, 0));
	assert_int_equal(sc->day_end - sc->day_start, 86400);
	assert_false(sc->exception);
	assert_int_equal(sc->nmessages, 1);
	assert_string_equal(sc->room.slug, "g1");
	assert_int_equal(store_room_counter(f->st, "g1", &counter), STORE_OK);
	assert_int_equal(sc->counter, counter);
	store_schedule_free(sc);
	/* A door: masked names and the codes. */
	assert_int_equal(
	        store_schedule_get(f->st, "g1", day, STORE_VIEW_DEVICE, &sc),
	        STORE_OK);
	assert_string_equal(slot_of(sc, a.id)->who, "J. D.");
	assert_string_equal(slot_of(sc, b.id)->who, "M. C.");
	assert_string_equal(slot_of(sc, a.id)->code, a.code);
	assert_null(slot_of(sc, c.id));
	store_schedule_free(sc);
	/* Staff: the e-mails. */
	assert_int_equal(
	        store_schedule_get(f->st, "g1", day, STORE_VIEW_STAFF, &sc),
	        STORE_OK);
	assert_string_equal(slot_of(sc, a.id)->who, "jean.dupont@univ.fr");
	store_schedule_free(sc);
	/* Unknown room, bad date. */
	assert_int_equal(store_schedule_get(f->st, "nowhere", day,
	                                    STORE_VIEW_PUBLIC, &sc),
	                 STORE_NOT_FOUND);
	assert_null(sc);
	day.day = 30;
	day.month = 2;
	assert_int_equal(
	        store_schedule_get(f->st, "g1", day, STORE_VIEW_PUBLIC, &sc),
	        STORE_INVALID);
}

static void test_schedule_dst(void **state)
{
	fixture *f = *state;
	cal_date spring = {Y, 3, 28}, autumn = {Y, 10, 24};
	store_schedule *sc = NULL;
	store_slot *slots = NULL;
	size_t n;

	/* Saturdays before the clocks change: 8:00 to 20:00 both days. */
	assert_int_equal(store_site_update(f->st, "cli", "bu", NULL, NULL,
	                                   "24/7", NULL, 0),
	                 STORE_OK);
	spring.day = 29; /* the spring Sunday: 23 hours */
	assert_int_equal(
	        store_schedule_get(f->st, "g1", spring, STORE_VIEW_PUBLIC, &sc),
	        STORE_OK);
	assert_int_equal(sc->day_end - sc->day_start, 23 * 3600);
	assert_int_equal(sc->nspans, 1);
	assert_int_equal(sc->span_end[0] - sc->span_start[0], 23 * 3600);
	store_schedule_free(sc);
	autumn.day = 25; /* the autumn Sunday: 25 hours */
	assert_int_equal(
	        store_schedule_get(f->st, "g1", autumn, STORE_VIEW_PUBLIC, &sc),
	        STORE_OK);
	assert_int_equal(sc->day_end - sc->day_start, 25 * 3600);
	store_schedule_free(sc);
	/* Calendars: at most 31 days. */
	assert_int_equal(store_slot_list(f->st, "g1", 0, 40 * 86400,
	                                 STORE_VIEW_PUBLIC, &slots, &n),
	                 STORE_INVALID);
	assert_int_equal(store_slot_list(f->st, "g1", 0, 86400,
	                                 STORE_VIEW_PUBLIC, &slots, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	free(slots);
}

static void test_staff_devices_audit(void **state)
{
	fixture *f = *state;
	store_staff *staff = NULL, one;
	store_device *devs = NULL;
	store_audit *log = NULL;
	store_metrics m;
	size_t n;

	assert_int_equal(store_staff_list(f->st, &staff, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(staff[0].email, "admin@univ.fr");
	assert_int_equal(staff[0].role, ROLE_ROOM_ADMIN);
	assert_string_equal(staff[0].site, "bu");
	assert_string_equal(staff[2].email, "facilities@univ.fr");
	assert_string_equal(staff[2].site, "");
	free(staff);
	assert_int_equal(store_staff_get(f->st, f->super, &one), STORE_OK);
	assert_string_equal(one.email, "super@univ.fr");
	assert_int_equal(store_staff_get(f->st, 4242, &one), STORE_NOT_FOUND);
	assert_int_equal(
	        store_staff_disable(f->st, "cli", "nobody@univ.fr", true, 0),
	        STORE_NOT_FOUND);
	assert_int_equal(
	        store_referent_set(f->st, "cli", "desk@univ.fr", "g1", true, 0),
	        STORE_INVALID);
	assert_int_equal(store_referent_set(f->st, "cli", "desk@univ.fr",
	                                    "train", false, 0),
	                 STORE_NOT_FOUND);

	assert_int_equal(store_device_list(f->st, NULL, &devs, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(devs[0].room, "g1");
	assert_string_equal(devs[0].name, "door g1");
	assert_false(devs[0].revoked);
	free(devs);
	assert_int_equal(store_device_list(f->st, "elsewhere", &devs, &n),
	                 STORE_OK);
	assert_int_equal(n, 0);
	free(devs);

	/* Every change of the fixture is in the audit log, newest first. */
	assert_int_equal(store_audit_add(f->st, "staff:3", "stats.export", "bu",
	                                 "csv", 99),
	                 STORE_OK);
	assert_int_equal(store_audit_list(f->st, 100, &log, &n), STORE_OK);
	assert_true(n >= 12);
	assert_string_equal(log[0].action, "stats.export");
	assert_int_equal(log[0].at, 99);
	assert_string_equal(log[n - 1].action, "site.add");
	assert_string_equal(log[n - 1].who, "test");
	assert_string_equal(log[n - 1].target, "bu");
	free(log);
	assert_int_equal(store_audit_list(f->st, 0, &log, &n), STORE_INVALID);
	/* Append-only. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM audit_log"),
	                 fx_sql_int(f, "SELECT max(id) FROM audit_log"));

	assert_int_equal(store_metrics_get(f->st, 60, &m), STORE_OK);
	assert_int_equal(m.sites, 1);
	assert_int_equal(m.rooms, 5);
	assert_int_equal(m.staff, 4);
	assert_int_equal(m.devices, 1);
	assert_int_equal(m.devices_online, 1); /* enrolled at 0 */
	assert_int_equal(store_metrics_get(f->st, 1000, &m), STORE_OK);
	assert_int_equal(m.devices_online, 0);
}

static void test_purge(void **state)
{
	fixture *f = *state;
	char token[STORE_TOKEN_LEN];
	store_session s;

	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-1", 0, token, &s),
	                 STORE_OK);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM sessions"), 1);
	assert_int_equal(store_purge(f->st, 10 * 86400), STORE_OK);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM sessions"), 0);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM enrol_codes"), 0);
	/* Devices, staff and the logs stay. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM devices"), 1);
	assert_true(fx_sql_int(f, "SELECT count(*) FROM audit_log") > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_sites, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_rooms_and_rules, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_dates_and_messages, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_schedule_views, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_schedule_dst, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_staff_devices_audit, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

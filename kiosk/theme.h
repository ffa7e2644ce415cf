/*
 * theme.h - the door display's colours: a light day theme and a dim one for
 * closed hours. Every status band pairs a text colour with its background
 * at a WCAG contrast of at least 4.5:1 (tests/kiosk/test_theme.c checks).
 */
#ifndef PORTE_KIOSK_THEME_H
#define PORTE_KIOSK_THEME_H

#include <stdbool.h>

#include "state.h"
#include "ui.h"

typedef struct ui_theme {
	bool dim;
	ui_color page;    /* the agenda side's background */
	ui_color surface; /* cards, dialogs, keys */
	ui_color text;
	ui_color muted; /* secondary text on page and surface */
	ui_color divider;
	ui_color scrim; /* over the door behind a dialog */
	ui_color accent;
	ui_color band_bg[KIOSK_STATUS__COUNT];
	ui_color band_fg[KIOSK_STATUS__COUNT];
	ui_color band_soft[KIOSK_STATUS__COUNT]; /* a card on the band,
						    blended over band_bg */
	ui_color button_bg[KIOSK_STATUS__COUNT]; /* primary button on the
						    band */
	ui_color button_fg[KIOSK_STATUS__COUNT];
	ui_color tone_bg[4]; /* kiosk_tone */
	ui_color tone_fg[4];
	ui_color warn_bg; /* site message banner */
	ui_color warn_fg;
	ui_color info_bg;
	ui_color info_fg;
	ui_color line_open;   /* timeline: open and free */
	ui_color line_booked; /* timeline: booked */
	ui_color line_now;    /* timeline: the now marker */
	ui_color key_bg;      /* keypad keys */
	ui_color key_pressed;
	ui_color key_fg;
	ui_color primary_bg; /* the main button of a dialog */
	ui_color primary_fg;
	ui_color danger_bg;
	ui_color danger_fg;
} ui_theme;

/* The day theme, or the dim one (outside opening hours). Static. */
const ui_theme *theme_get(bool dim);

/* FG drawn over BG (alpha of FG used, BG opaque). */
ui_color theme_blend(ui_color fg, ui_color bg);

/* WCAG 2 relative luminance of C (alpha ignored), 0..1. */
double theme_luminance(ui_color c);

/* WCAG 2 contrast ratio of FG (blended over BG) against BG, 1..21. */
double theme_contrast(ui_color fg, ui_color bg);

#endif

/*
 * layout.h - sizes that follow the screen, and the widgets screens share.
 *
 * One unit is a hundredth of the screen's shorter side: 4.8 px on the 7"
 * 800x480 panel, 10.8 px at 1920x1080. Touch targets are at least
 * layout_min_target: 9 mm on the 7" panel (about 5.2 px/mm), scaled with
 * the shorter side elsewhere.
 */
#ifndef PORTE_KIOSK_LAYOUT_H
#define PORTE_KIOSK_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "state.h"
#include "theme.h"
#include "ui.h"

typedef struct ui_metrics {
	int w, h;
	bool portrait;
	double u; /* one unit in pixels */
	int pad;  /* outer padding */
	int gap;
	int radius;   /* buttons and cards */
	int target;   /* the smallest touch target */
	int button_h; /* a button's height */
	int f_room, f_site, f_status, f_sub, f_clock, f_date, f_title, f_body,
	        f_small, f_caption, f_button, f_key;
} ui_metrics;

/* The smallest touch target in pixels on a W x H screen: 47 px (9 mm at
 * 5.2 px/mm) for a 480 px shorter side, scaled with it. */
int layout_min_target(int w, int h);

/* Fills *M for a W x H screen. */
void layout_metrics(int w, int h, ui_metrics *m);

/* N units in pixels, rounded. */
int layout_px(const ui_metrics *m, double n);

/* The height of a line of text at SIZE; layout_tight for big single
 * lines (status, clock). */
int layout_line(int size);
int layout_tight(int size);

/* Slices of a rectangle: each takes N pixels off one side of *R and
 * returns them. */
ui_rect layout_cut_top(ui_rect *r, int n);
ui_rect layout_cut_bottom(ui_rect *r, int n);
ui_rect layout_cut_left(ui_rect *r, int n);
ui_rect layout_cut_right(ui_rect *r, int n);

/* R shrunk by N pixels on every side. */
ui_rect layout_inset(ui_rect r, int n);

/* A box of W x H centred in R. */
ui_rect layout_center(ui_rect r, int w, int h);

typedef enum layout_button_style {
	BUTTON_PRIMARY = 0, /* filled with BG, text FG */
	BUTTON_OUTLINE,     /* outlined in FG over a faint fill */
	BUTTON_SOFT         /* filled with BG, no outline (secondary on a
			       card) */
} layout_button_style;

typedef struct layout_button {
	const char *label;
	ui_icon icon; /* UI_ICON__COUNT: none */
	layout_button_style style;
	ui_color bg, fg;
	kiosk_action_id act;
	int arg;
} layout_button;

/* The width a button needs for its label and icon (at least a target). */
int layout_button_width(const ui_list *l, const ui_metrics *m,
                        const layout_button *b);

/* Draws button B in R, with its touch target; darker while pressed. */
void layout_button_draw(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                        ui_rect r, const layout_button *b);

/*
 * Lays N buttons out in a row inside R, right to left from the last (the
 * first is the leftmost): natural widths when they fit, else equal
 * shares. Returns how many were drawn (fewer when R is too narrow for
 * one target each).
 */
int layout_button_row(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                      ui_rect r, const layout_button *b, int n);

/* Draws TEXT wrapped in up to MAX lines from the top of R; returns the
 * height used. */
int layout_paragraph(ui_list *l, ui_rect r, const char *text, int size,
                     ui_weight w, ui_color c, ui_align align, int max);

/*
 * Checks a built screen L: every command inside the screen, every touch
 * target at least layout_min_target on both sides, every text box at
 * least as high as its font, and within each layer no two pieces of
 * content (text, icon, QR) nor two targets overlapping, and no overflow.
 * Returns the number of problems; the first ones are described in REPORT
 * (LEN bytes, may be 0).
 */
int layout_check(const ui_list *l, char *report, size_t len);

#endif

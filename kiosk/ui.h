/*
 * ui.h - the draw command list screens emit and the SDL backend renders.
 *
 * A screen is a function of the state that appends commands to a ui_list:
 * filled or outlined (rounded) rectangles, text in a box, icons, a QR code,
 * and touch targets. Nothing here calls SDL: screens and layout are tested
 * without a window. Text is copied into the list's own arena.
 */
#ifndef PORTE_KIOSK_UI_H
#define PORTE_KIOSK_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "state.h"

#define UI_MAX_CMDS 640
#define UI_ARENA 24576

typedef struct ui_color {
	uint8_t r, g, b, a;
} ui_color;

typedef struct ui_rect {
	int x, y, w, h;
} ui_rect;

typedef enum ui_kind {
	UI_FILL = 0, /* a rectangle, rounded by radius; outlined when
			stroke > 0 */
	UI_TEXT,     /* one line in box r */
	UI_ICON,     /* icon drawn in box r (square) */
	UI_QR,       /* a QR code of the text, with its quiet zone, in r */
	UI_TARGET,   /* a touch target: action and arg */
	UI_SHADOW,   /* a soft shadow under a rounded box r */
	UI_LAYER     /* what follows is drawn over what came before (a
			dialog, a toast): draws nothing */
} ui_kind;

typedef enum ui_weight {
	UI_REGULAR = 0,
	UI_MEDIUM,
	UI_BOLD,
	UI_WEIGHT__COUNT
} ui_weight;

typedef enum ui_align { UI_LEFT = 0, UI_CENTER, UI_RIGHT } ui_align;

/* Text flags. */
#define UI_TEXT_SHRINK 1u  /* shrink down to 70% to fit before ellipsis */
#define UI_TEXT_TABULAR 2u /* digits of equal width (clocks, countdowns) */

typedef enum ui_icon {
	UI_ICON_CHECK = 0, /* a tick */
	UI_ICON_CLOCK,     /* booked, waiting for check-in */
	UI_ICON_LOCK,      /* staff */
	UI_ICON_WIFI_OFF,  /* offline */
	UI_ICON_BUSY,      /* occupied: a no-entry disc */
	UI_ICON_MOON,      /* closed */
	UI_ICON_WARNING,   /* a triangle with "!" */
	UI_ICON_INFO,      /* a circled "i" */
	UI_ICON_BACKSPACE, /* keypad delete */
	UI_ICON_CLOSE,     /* a cross */
	UI_ICON_PLUS,      /* extend, add */
	UI_ICON_STOP,      /* end now: a square */
	UI_ICON_PHONE,     /* scan with a phone */
	UI_ICON_SYNC,      /* waiting to sync: two arrows */
	UI_ICON_PERSON,    /* the booker */
	UI_ICON_ARROW,     /* a chevron to the right */
	UI_ICON__COUNT
} ui_icon;

typedef struct ui_cmd {
	ui_kind kind;
	ui_rect r;
	ui_color color; /* fill, outline, text or icon colour; QR modules */
	int radius;     /* FILL, SHADOW */
	int stroke;     /* FILL: outline width; 0: filled */
	int size;       /* TEXT: pixel size of the em */
	ui_weight weight;
	ui_align align;
	unsigned flags;
	ui_icon icon;
	kiosk_action_id action; /* TARGET */
	int arg;
	uint32_t text; /* TEXT, QR: offset in the arena */
} ui_cmd;

/* Width in pixels of TEXT at SIZE and WEIGHT, as the backend draws it. */
typedef int (*ui_measure_fn)(void *ctx, const char *text, int size,
                             ui_weight weight);

typedef struct ui_list {
	int w, h;
	int n;
	bool overflow; /* a command or text did not fit: some are missing */
	size_t used;
	ui_measure_fn measure; /* NULL: an estimate (tests) */
	void *measure_ctx;
	ui_cmd cmd[UI_MAX_CMDS];
	char arena[UI_ARENA];
} ui_list;

/* Empties L for a W x H screen; keeps its measure function. */
void ui_begin(ui_list *l, int w, int h);

/* Appends commands; each drops silently (and sets overflow) when full. */
void ui_fill(ui_list *l, ui_rect r, ui_color c, int radius);
void ui_stroke(ui_list *l, ui_rect r, ui_color c, int radius, int width);
void ui_shadow(ui_list *l, ui_rect r, int radius, int spread);
void ui_text(ui_list *l, ui_rect r, const char *text, int size, ui_weight w,
             ui_color c, ui_align align, unsigned flags);
void ui_icon_at(ui_list *l, ui_rect r, ui_icon icon, ui_color c);
void ui_qr(ui_list *l, ui_rect r, const char *payload, ui_color c);
void ui_target(ui_list *l, ui_rect r, kiosk_action_id act, int arg);

/* Starts a new layer (see UI_LAYER). */
void ui_layer(ui_list *l);

/* Removes every touch target (a modal screen drawn over another). */
void ui_drop_targets(ui_list *l);

/* The text of a TEXT or QR command (borrowed from L). */
const char *ui_text_of(const ui_list *l, const ui_cmd *c);

/* Width of TEXT as the backend will draw it (or an estimate). */
int ui_measure(const ui_list *l, const char *text, int size, ui_weight w);

/*
 * Splits TEXT into at most MAX lines no wider than WIDTH at SIZE and
 * WEIGHT, at spaces; the last line keeps the rest (the backend ellipsises
 * it). Writes the lines into BUF (LEN bytes, NUL-separated), their starts
 * into LINES; returns the number of lines (0 for an empty text).
 */
int ui_wrap(const ui_list *l, const char *text, int size, ui_weight w,
            int width, char *buf, size_t len, const char **lines, int max);

/*
 * The topmost target containing (X, Y): writes its action and arg and
 * returns 1, or returns 0 (nothing written).
 */
int ui_hit(const ui_list *l, int x, int y, kiosk_action_id *act, int *arg);

/* True when A and B draw the same picture (same commands and texts). */
bool ui_same(const ui_list *a, const ui_list *b);

/* Small helpers. */
static inline ui_rect ui_rect_make(int x, int y, int w, int h)
{
	ui_rect r = {x, y, w, h};
	return r;
}

static inline ui_color ui_rgb(uint32_t rgb)
{
	ui_color c = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb,
	              255};
	return c;
}

static inline ui_color ui_alpha(ui_color c, uint8_t a)
{
	c.a = a;
	return c;
}

/* Modules on a side of the QR code libqrencode makes for PAYLOAD at level
 * M in byte mode (an upper bound when it finds a denser mode), quiet zone
 * not included; 0 when too long for version 10. */
int ui_qr_modules(const char *payload);

/* True when A and B overlap (share a pixel). */
bool ui_rect_overlap(ui_rect a, ui_rect b);

/* True when INNER lies within OUTER. */
bool ui_rect_inside(ui_rect inner, ui_rect outer);

#endif

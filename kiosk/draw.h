/*
 * draw.h - the SDL backend: renders a ui_list with SDL's 2D renderer
 * (software when nothing better is there), text with SDL_ttf from a font
 * found by fontconfig, QR codes with libqrencode, icons and rounded shapes
 * from icons.c. It is the only module that calls SDL (with main.c).
 */
#ifndef PORTE_KIOSK_DRAW_H
#define PORTE_KIOSK_DRAW_H

#include <stdbool.h>

#include "ui.h"

typedef struct draw_ctx draw_ctx;

typedef struct draw_options {
	int w, h;           /* window or picture size; 0: the display's */
	bool windowed;      /* a window instead of fullscreen */
	bool offscreen;     /* no window: draw into a picture (screenshots) */
	const char *family; /* fontconfig family list; NULL: the default */
	bool accelerated;   /* try a GPU renderer first (default: SDL's
			       software renderer, small and predictable) */
} draw_options;

/* The fontconfig family list used when none is given. */
#define DRAW_DEFAULT_FAMILY "Lato,DejaVu Sans,sans-serif"

/*
 * Opens a window (or an offscreen picture) with its renderer and fonts.
 * SDL's video must be initialised for a window. Returns 0 and a new
 * context in *OUT (free with draw_close), or -1 with a malloc'd reason in
 * *CAUSE (caller frees; may be NULL).
 */
int draw_open(const draw_options *o, draw_ctx **out, char **cause);

/* Frees D, its caches, renderer and window. NULL is accepted. */
void draw_close(draw_ctx *d);

/* The size drawn to, in pixels. */
void draw_size(const draw_ctx *d, int *w, int *h);

/* Makes L measure text as D draws it. */
void draw_bind(draw_ctx *d, ui_list *l);

/* Draws L and shows it. Returns 0, or -1 when the renderer failed. */
int draw_render(draw_ctx *d, const ui_list *l);

/* Writes what was last drawn to PATH as PNG. Returns 0, or -1 with a
 * malloc'd reason in *CAUSE. */
int draw_save_png(draw_ctx *d, const char *path, char **cause);

/* The font files in use for regular and bold text (borrowed). */
const char *draw_font_file(const draw_ctx *d, ui_weight w);

/* The window's id, for events (0 offscreen). */
unsigned draw_window_id(const draw_ctx *d);

/* Re-reads the output size after a resize; true when it changed. */
bool draw_resized(draw_ctx *d);

#endif

/*
 * icons.h - the door display's icons and rounded shapes, rasterised in
 * plain C as anti-aliased coverage masks (signed distance fields). The SDL
 * backend uploads the masks as white textures and tints them.
 */
#ifndef PORTE_KIOSK_ICONS_H
#define PORTE_KIOSK_ICONS_H

#include <stdint.h>

#include "ui.h"

/*
 * Renders ICON into OUT, a SIZE x SIZE coverage mask (0 transparent, 255
 * opaque), row by row. SIZE is 4..1024. Returns 0, or -1 for a bad icon or
 * size (OUT untouched).
 */
int icon_render(ui_icon icon, int size, uint8_t *out);

/*
 * A W x H rounded box with corner radius R as a coverage mask into OUT:
 * filled when STROKE is 0, else an outline STROKE pixels wide. Returns 0,
 * or -1 for bad sizes.
 */
int icon_rounded_box(int w, int h, int r, int stroke, uint8_t *out);

/*
 * A soft shadow for a W x H box of radius R, spread SPREAD pixels on every
 * side: OUT is (W + 2*SPREAD) x (H + 2*SPREAD), densest under the box and
 * fading to 0 at SPREAD. Returns 0, or -1 for bad sizes.
 */
int icon_shadow(int w, int h, int r, int spread, uint8_t *out);

#endif

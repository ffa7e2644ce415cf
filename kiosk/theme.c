/*
 * theme.c - colours. Status colours are strong enough for white (or, for
 * the amber "booked" band, near-black) text at 4.5:1 or more.
 */
#include "theme.h"

#include <math.h>

#define RGB(x)                                                                 \
	{                                                                      \
		(uint8_t)((x) >> 16), (uint8_t)((x) >> 8), (uint8_t)(x), 255   \
	}
#define RGBA(x, a)                                                             \
	{                                                                      \
		(uint8_t)((x) >> 16), (uint8_t)((x) >> 8), (uint8_t)(x), (a)   \
	}

static const ui_theme day = {
        .dim = false,
        .page = RGB(0xF3F4F6),
        .surface = RGB(0xFFFFFF),
        .text = RGB(0x151A24),
        .muted = RGB(0x586070),
        .divider = RGB(0xDDE1E7),
        .scrim = RGBA(0x0B0E14, 168),
        .accent = RGB(0x1F4E8C),
        .band_bg = {RGB(0x0E7A43), RGB(0xF2AE00), RGB(0xB3261E), RGB(0x2B3240)},
        .band_fg = {RGB(0xFFFFFF), RGB(0x1A1405), RGB(0xFFFFFF), RGB(0xE8ECF2)},
        .band_soft = {RGBA(0x000000, 46), RGBA(0xFFFFFF, 84),
                      RGBA(0x000000, 46), RGBA(0xFFFFFF, 18)},
        .button_bg = {RGB(0xFFFFFF), RGB(0x1A1405), RGB(0xFFFFFF),
                      RGB(0xE8ECF2)},
        .button_fg = {RGB(0x0B5E33), RGB(0xFFD25C), RGB(0x8E1D17),
                      RGB(0x1E2430)},
        .tone_bg = {RGB(0x0E7A43), RGB(0x1F4E8C), RGB(0xF2AE00), RGB(0xB3261E)},
        .tone_fg = {RGB(0xFFFFFF), RGB(0xFFFFFF), RGB(0x1A1405), RGB(0xFFFFFF)},
        .warn_bg = RGB(0xFFF1C7),
        .warn_fg = RGB(0x5A3B00),
        .info_bg = RGB(0xE3ECF8),
        .info_fg = RGB(0x163A69),
        .line_open = RGB(0xCDEBD8),
        .line_booked = RGB(0x5F6775),
        .line_now = RGB(0xD1342B),
        .key_bg = RGB(0xEEF0F3),
        .key_pressed = RGB(0xCBD1DA),
        .key_fg = RGB(0x151A24),
        .primary_bg = RGB(0x1F4E8C),
        .primary_fg = RGB(0xFFFFFF),
        .danger_bg = RGB(0xB3261E),
        .danger_fg = RGB(0xFFFFFF),
};

static const ui_theme night = {
        .dim = true,
        .page = RGB(0x12161D),
        .surface = RGB(0x1C222C),
        .text = RGB(0xD9DEE6),
        .muted = RGB(0x8E97A6),
        .divider = RGB(0x2A313C),
        .scrim = RGBA(0x000000, 176),
        .accent = RGB(0x8DB4E8),
        .band_bg = {RGB(0x0B5E34), RGB(0xC98F00), RGB(0x8E1D17), RGB(0x1F2530)},
        .band_fg = {RGB(0xF2F5F8), RGB(0x140F03), RGB(0xF2F5F8), RGB(0xCBD2DC)},
        .band_soft = {RGBA(0x000000, 46), RGBA(0xFFFFFF, 64),
                      RGBA(0x000000, 46), RGBA(0xFFFFFF, 12)},
        .button_bg = {RGB(0xF2F5F8), RGB(0x140F03), RGB(0xF2F5F8),
                      RGB(0xCBD2DC)},
        .button_fg = {RGB(0x0B5E34), RGB(0xFFD25C), RGB(0x8E1D17),
                      RGB(0x1F2530)},
        .tone_bg = {RGB(0x0B5E34), RGB(0x244A7A), RGB(0xC98F00), RGB(0x8E1D17)},
        .tone_fg = {RGB(0xF2F5F8), RGB(0xF2F5F8), RGB(0x140F03), RGB(0xF2F5F8)},
        .warn_bg = RGB(0x3A2E10),
        .warn_fg = RGB(0xF5D68A),
        .info_bg = RGB(0x1C2B40),
        .info_fg = RGB(0xC6D8F2),
        .line_open = RGB(0x23372C),
        .line_booked = RGB(0x59616E),
        .line_now = RGB(0xE5564D),
        .key_bg = RGB(0x262D38),
        .key_pressed = RGB(0x38414F),
        .key_fg = RGB(0xE3E7ED),
        .primary_bg = RGB(0x8DB4E8),
        .primary_fg = RGB(0x0E1520),
        .danger_bg = RGB(0xE5564D),
        .danger_fg = RGB(0x1A0504),
};

const ui_theme *theme_get(bool dim)
{
	return dim ? &night : &day;
}

ui_color theme_blend(ui_color fg, ui_color bg)
{
	ui_color out;
	unsigned a = fg.a;

	out.r = (uint8_t)((fg.r * a + bg.r * (255 - a) + 127) / 255);
	out.g = (uint8_t)((fg.g * a + bg.g * (255 - a) + 127) / 255);
	out.b = (uint8_t)((fg.b * a + bg.b * (255 - a) + 127) / 255);
	out.a = 255;
	return out;
}

static double channel(uint8_t v)
{
	double c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double theme_luminance(ui_color c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) +
	       0.0722 * channel(c.b);
}

double theme_contrast(ui_color fg, ui_color bg)
{
	double a = theme_luminance(theme_blend(fg, bg));
	double b = theme_luminance(bg);

	if (a < b) {
		double t = a;

		a = b;
		b = t;
	}
	return (a + 0.05) / (b + 0.05);
}

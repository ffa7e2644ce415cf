/*
 * screen_keypad.c - the 4-digit check-in code and the staff PIN, typed on
 * a telephone-style keypad in a card over the door.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screens.h"

static void key(ui_list *l, const ui_metrics *m, const ui_theme *t,
                const kiosk_state *st, ui_rect r, const char *label,
                ui_icon icon, kiosk_action_id act, int arg, bool enabled,
                bool primary)
{
	bool pressed = enabled && st->pressed == act && st->pressed_arg == arg;
	ui_color bg = primary ? t->primary_bg : t->key_bg;
	ui_color fg = primary ? t->primary_fg : t->key_fg;
	int isz = layout_px(m, 6);

	if (!enabled) {
		bg = t->key_bg;
		fg = t->muted;
	}
	if (pressed)
		bg = primary ? theme_blend(ui_alpha(ui_rgb(0), 60), bg)
		             : t->key_pressed;
	ui_fill(l, r, bg, m->radius);
	if (label != NULL)
		ui_text(l,
		        ui_rect_make(r.x,
		                     r.y + (r.h - layout_line(m->f_key)) / 2,
		                     r.w, layout_line(m->f_key)),
		        label, primary ? m->f_button : m->f_key,
		        primary ? UI_BOLD : UI_MEDIUM, fg, UI_CENTER,
		        UI_TEXT_SHRINK);
	else
		ui_icon_at(l, layout_center(r, isz, isz), icon, fg);
	if (enabled)
		ui_target(l, r, act, arg);
}

static void draw_keys(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, ui_rect area)
{
	int gap = layout_px(m, 2);
	int kw = (area.w - 2 * gap) / 3;
	int kh = (area.h - 3 * gap) / 4;
	size_t n = strlen(st->entry);
	bool code = st->screen == KIOSK_SCREEN_CODE;
	bool live = !st->verifying;
	bool can_enter =
	        live && (code ? n == KIOSK_CODE_LEN : n >= KIOSK_PIN_MIN);
	size_t max = code ? KIOSK_CODE_LEN : KIOSK_PIN_MAX;
	ui_rect pad;

	if (kh > layout_px(m, 17))
		kh = layout_px(m, 17);
	if (kw > kh * 2)
		kw = kh * 2;
	pad = layout_center(area, kw * 3 + gap * 2, kh * 4 + gap * 3);
	for (int i = 0; i < 12; i++) {
		ui_rect r = ui_rect_make(pad.x + (i % 3) * (kw + gap),
		                         pad.y + (i / 3) * (kh + gap), kw, kh);
		char label[4];
		int digit = i < 9 ? i + 1 : 0;

		if (i == 9) {
			key(l, m, t, st, r, NULL, UI_ICON_BACKSPACE,
			    KIOSK_ACT_BACKSPACE, 0, live && n > 0, false);
			continue;
		}
		if (i == 11) {
			key(l, m, t, st, r, _("OK"), UI_ICON__COUNT,
			    KIOSK_ACT_ENTER, 0, can_enter, true);
			continue;
		}
		snprintf(label, sizeof(label), "%d", digit);
		key(l, m, t, st, r, label, UI_ICON__COUNT, KIOSK_ACT_DIGIT,
		    digit, live && n < max, false);
	}
}

/* The typed code in four boxes, or the PIN as dots. */
static int draw_entry(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, ui_rect r)
{
	size_t n = strlen(st->entry);
	int gap = layout_px(m, 2);

	if (st->screen == KIOSK_SCREEN_CODE) {
		int bw = layout_px(m, 11), bh = layout_px(m, 13);
		int x = r.x;

		for (int i = 0; i < KIOSK_CODE_LEN; i++) {
			ui_rect b = ui_rect_make(x, r.y, bw, bh);
			char d[2] = {0, 0};

			ui_fill(l, b, t->key_bg, m->radius);
			if ((size_t)i == n && !st->verifying)
				ui_stroke(l, b, t->primary_bg, m->radius,
				          layout_px(m, 0.6) > 2
				                  ? layout_px(m, 0.6)
				                  : 2);
			if ((size_t)i < n) {
				d[0] = st->entry[i];
				ui_text(l,
				        ui_rect_make(
				                b.x,
				                b.y + (bh -
				                       layout_line(m->f_key)) /
				                                2,
				                bw, layout_line(m->f_key)),
				        d, m->f_key, UI_BOLD, t->text,
				        UI_CENTER, 0);
			}
			x += bw + gap;
		}
		return bh;
	}
	{
		int dot = layout_px(m, 3.2);
		int fh = layout_px(m, 12);
		ui_rect field = ui_rect_make(r.x, r.y, r.w, fh);
		int shown = n > KIOSK_PIN_MIN ? (int)n : KIOSK_PIN_MIN;
		int x = field.x + layout_px(m, 4);

		ui_fill(l, field, t->key_bg, m->radius);
		for (int i = 0; i < shown; i++) {
			ui_rect d = ui_rect_make(x, field.y + (fh - dot) / 2,
			                         dot, dot);

			if ((size_t)i < n)
				ui_fill(l, d, t->text, dot / 2);
			else
				ui_fill(l, d, ui_alpha(t->muted, 90), dot / 2);
			x += dot + layout_px(m, 2.2);
			if (x + dot > field.x + field.w - layout_px(m, 2))
				break;
		}
		return fh;
	}
}

void screen_keypad(ui_list *l, const ui_metrics *m, const ui_theme *t,
                   const kiosk_state *st, porte_time now)
{
	bool code = st->screen == KIOSK_SCREEN_CODE;
	ui_rect in = screen_dialog_card(l, m, t, layout_px(m, 150),
	                                layout_px(m, 200));
	ui_rect info, keys, row;
	int isz = layout_px(m, 9);
	int used;
	const char *title = code ? _("Check in") : _("Staff access");
	const char *prompt =
	        code ? _("Type the 4-digit code from your confirmation e-mail.")
	             : _("Type your staff PIN (6 digits or more), then OK.");
	layout_button back = {_("Back"), UI_ICON__COUNT, BUTTON_SOFT,
	                      t->key_bg, t->text,        KIOSK_ACT_BACK,
	                      0};

	(void)now;
	if (m->portrait) {
		info = layout_cut_top(&in, in.h * 42 / 100);
		keys = in;
		layout_cut_top(&keys, m->gap);
	} else {
		info = layout_cut_left(&in, in.w * 46 / 100);
		layout_cut_left(&in, layout_px(m, 5));
		keys = in;
	}
	row = layout_cut_top(&info, isz);
	ui_fill(l, ui_rect_make(row.x, row.y, isz, isz),
	        ui_alpha(t->primary_bg, 36), isz / 2);
	ui_icon_at(l,
	           layout_center(ui_rect_make(row.x, row.y, isz, isz),
	                         isz * 56 / 100, isz * 56 / 100),
	           code ? UI_ICON_CHECK : UI_ICON_LOCK, t->primary_bg);
	layout_cut_top(&info, m->gap);
	ui_text(l, layout_cut_top(&info, layout_line(m->f_title * 5 / 4)),
	        title, m->f_title * 5 / 4, UI_BOLD, t->text, UI_LEFT,
	        UI_TEXT_SHRINK);
	if (code && st->entry_booking >= 0 &&
	    st->entry_booking < st->nbookings) {
		char range[48];
		const kiosk_booking *kb = &st->bookings[st->entry_booking];

		kiosk_fmt_range(st->tz, kb->b.start, kb->b.end, range,
		                sizeof(range));
		ui_text(l, layout_cut_top(&info, layout_line(m->f_body)), range,
		        m->f_body, UI_BOLD, t->muted, UI_LEFT, 0);
	}
	layout_cut_top(&info, layout_px(m, 1));
	used = layout_paragraph(l, info,
	                        st->verifying ? _("Checking\u2026") : prompt,
	                        m->f_body, UI_REGULAR, t->muted, UI_LEFT, 3);
	layout_cut_top(&info, used + m->gap * 2);
	if (!m->portrait)
		layout_cut_bottom(&info, m->button_h + m->gap);
	if (info.h >= layout_px(m, 13))
		draw_entry(l, m, t, st, info);
	if (m->portrait) {
		ui_rect b = layout_cut_bottom(&keys, m->button_h);

		layout_button_draw(l, m, st, b, &back);
		layout_cut_bottom(&keys, m->gap);
	} else {
		ui_rect b = ui_rect_make(info.x, info.y + info.h + m->gap,
		                         layout_button_width(l, m, &back),
		                         m->button_h);

		layout_button_draw(l, m, st, b, &back);
	}
	draw_keys(l, m, t, st, keys);
}

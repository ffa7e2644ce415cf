/*
 * screen_root.c - the whole picture: the door, the screen over it, the
 * toast; and the pieces dialogs share.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screens.h"

const ui_theme *screen_theme(const kiosk_state *st, porte_time now)
{
	kiosk_view v;

	kiosk_view_at(st, now, &v);
	return theme_get(v.status == KIOSK_CLOSED);
}

void screen_build(ui_list *l, const kiosk_state *st, porte_time now)
{
	ui_metrics m;
	const ui_theme *t = screen_theme(st, now);

	layout_metrics(l->w, l->h, &m);
	screen_door(l, &m, t, st, now);
	switch (st->screen) {
	case KIOSK_SCREEN_CODE:
	case KIOSK_SCREEN_PIN:
		ui_drop_targets(l);
		ui_layer(l);
		screen_keypad(l, &m, t, st, now);
		break;
	case KIOSK_SCREEN_STAFF:
		ui_drop_targets(l);
		ui_layer(l);
		screen_staff(l, &m, t, st, now);
		break;
	case KIOSK_SCREEN_CONFIRM:
		ui_drop_targets(l);
		ui_layer(l);
		screen_confirm(l, &m, t, st, now);
		break;
	default:
		break;
	}
	if (st->toast.kind != KIOSK_TOAST_NONE && now < st->toast.until) {
		ui_layer(l);
		screen_toast(l, &m, t, st, now);
	}
}

ui_rect screen_dialog_card(ui_list *l, const ui_metrics *m, const ui_theme *t,
                           int w, int h)
{
	ui_rect screen = ui_rect_make(0, 0, m->w, m->h);
	int margin = layout_px(m, 4);
	ui_rect card;

	if (w > m->w - 2 * margin)
		w = m->w - 2 * margin;
	if (h > m->h - 2 * margin)
		h = m->h - 2 * margin;
	card = layout_center(screen, w, h);
	ui_fill(l, screen, t->scrim, 0);
	ui_shadow(l, card, m->radius * 2, layout_px(m, 3));
	ui_fill(l, card, t->surface, m->radius * 2);
	return layout_inset(card, layout_px(m, 5));
}

const char *screen_toast_title(kiosk_toast_kind kind)
{
	switch (kind) {
	case KIOSK_TOAST_CHECKED_IN:
		return _("Checked in");
	case KIOSK_TOAST_WAITING_SYNC:
		return _("Waiting to sync");
	case KIOSK_TOAST_SLOT_REBOOKED:
		return _("This slot was booked again");
	case KIOSK_TOAST_BOOKED:
		return _("Room booked");
	case KIOSK_TOAST_ENDED:
		return _("Booking ended");
	case KIOSK_TOAST_EXTENDED:
		return _("Booking extended");
	case KIOSK_TOAST_RELEASED:
		return _("Booking released");
	case KIOSK_TOAST_CANCELLED:
		return _("Booking cancelled");
	case KIOSK_TOAST_WRONG_CODE:
		return _("Wrong code");
	case KIOSK_TOAST_WRONG_PIN:
		return _("Wrong PIN");
	case KIOSK_TOAST_LOCKED:
		return _("Staff access locked");
	case KIOSK_TOAST_NO_SERVER:
		return _("Not available right now");
	case KIOSK_TOAST_SAVE_FAILED:
		return _("Could not save");
	default:
		return _("Not possible");
	}
}

/* Why a rule refused, in a few words. */
static const char *rule_text(rule_code rc)
{
	switch (rc) {
	case RULE_CHECKIN_WINDOW:
		return _("Check-in is not open for this booking.");
	case RULE_OVERLAP:
		return _("The room is already booked then.");
	case RULE_MAX_DURATION:
		return _("That would be longer than allowed.");
	case RULE_OUTSIDE_OPENING_HOURS:
	case RULE_CLOSED_DAY:
		return _("The site is closed then.");
	case RULE_SLOT_REBOOKED:
		return _("Your check-in reached the server too late.");
	case RULE_WALK_IN_DISABLED:
	case RULE_INTERNAL_ROOM:
		return _("This room cannot be booked at the door.");
	case RULE_NOT_CONFIRMED:
		return _("This booking has not been confirmed yet.");
	default:
		return _("The booking rules do not allow it.");
	}
}

/* The toast's second line, or "" for none. */
static void toast_detail(const kiosk_state *st, porte_time now, char *buf,
                         size_t len)
{
	char hhmm[16];

	buf[0] = '\0';
	switch (st->toast.kind) {
	case KIOSK_TOAST_SLOT_REBOOKED:
		snprintf(buf, len, "%s",
		         _("Your offline check-in came too late. Please ask "
		           "at the desk."));
		return;
	case KIOSK_TOAST_EXTENDED:
		kiosk_fmt_hhmm(st->tz, st->toast.when, hhmm, sizeof(hhmm));
		snprintf(buf, len, _("Now until %s"), hhmm);
		break;
	case KIOSK_TOAST_BOOKED:
		kiosk_fmt_hhmm(st->tz, st->toast.when, hhmm, sizeof(hhmm));
		snprintf(buf, len, _("Yours until %s"), hhmm);
		break;
	case KIOSK_TOAST_WRONG_CODE:
		snprintf(buf, len, "%s",
		         _("The code is in your confirmation e-mail."));
		return;
	case KIOSK_TOAST_LOCKED: {
		long mins = (long)((st->toast.when - now + 59) / 60);

		if (mins < 1)
			mins = 1;
		snprintf(buf, len,
		         ngettext("Try again in %ld minute.",
		                  "Try again in %ld minutes.",
		                  (unsigned long)mins),
		         mins);
		return;
	}
	case KIOSK_TOAST_NO_SERVER:
		snprintf(buf, len, "%s",
		         _("This needs the server. Please ask at the desk."));
		return;
	case KIOSK_TOAST_SAVE_FAILED:
		snprintf(buf, len, "%s",
		         _("Nothing was changed. Please try again."));
		return;
	case KIOSK_TOAST_REFUSED:
		snprintf(buf, len, "%s", rule_text(st->toast.rule));
		return;
	default:
		break;
	}
	if (st->toast.offline) {
		size_t n = strlen(buf);

		snprintf(buf + n, len - n, "%s%s", n > 0 ? "  \u00b7  " : "",
		         _("Waiting to sync"));
	}
}

static ui_icon toast_icon(kiosk_tone tone, bool offline)
{
	if (offline)
		return UI_ICON_SYNC;
	switch (tone) {
	case KIOSK_TONE_SUCCESS:
		return UI_ICON_CHECK;
	case KIOSK_TONE_INFO:
		return UI_ICON_INFO;
	default:
		return UI_ICON_WARNING;
	}
}

void screen_toast(ui_list *l, const ui_metrics *m, const ui_theme *t,
                  const kiosk_state *st, porte_time now)
{
	kiosk_tone tone = kiosk_toast_tone(st->toast.kind);
	const char *title = screen_toast_title(st->toast.kind);
	char detail[256];
	int isz = layout_px(m, 7);
	int pad = layout_px(m, 3.6);
	int th = layout_line(m->f_title), dh = layout_line(m->f_body);
	int maxw = m->w - 2 * layout_px(m, 6);
	int w, h, tw, dw;
	ui_rect box, text;
	ui_color bg = t->tone_bg[tone], fg = t->tone_fg[tone];

	toast_detail(st, now, detail, sizeof(detail));
	tw = ui_measure(l, title, m->f_title, UI_BOLD);
	dw = detail[0] != '\0' ? ui_measure(l, detail, m->f_body, UI_REGULAR)
	                       : 0;
	w = (tw > dw ? tw : dw) + isz + pad * 3;
	if (w < layout_px(m, 60))
		w = layout_px(m, 60);
	if (w > maxw)
		w = maxw;
	h = th + (detail[0] != '\0' ? dh : 0) + pad * 2;
	if (h < m->button_h)
		h = m->button_h;
	box = ui_rect_make((m->w - w) / 2,
	                   m->h - layout_px(m, 14) - h - layout_px(m, 4), w, h);
	ui_shadow(l, box, m->radius * 2, layout_px(m, 2.5));
	ui_fill(l, box, bg, m->radius * 2);
	ui_icon_at(l,
	           ui_rect_make(box.x + pad, box.y + (h - isz) / 2, isz, isz),
	           toast_icon(tone, st->toast.offline), fg);
	text = ui_rect_make(box.x + pad * 2 + isz,
	                    box.y + (h - th - (detail[0] ? dh : 0)) / 2,
	                    w - pad * 3 - isz, th);
	ui_text(l, text, title, m->f_title, UI_BOLD, fg, UI_LEFT,
	        UI_TEXT_SHRINK);
	if (detail[0] != '\0')
		ui_text(l, ui_rect_make(text.x, text.y + th, text.w, dh),
		        detail, m->f_body, UI_REGULAR, fg, UI_LEFT, 0);
	ui_target(l, box, KIOSK_ACT_DISMISS, 0);
}

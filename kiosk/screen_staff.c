/*
 * screen_staff.c - the staff menu and the questions asked before an action
 * that cannot be undone at the door.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screens.h"

#define STAFF_MAX 6

/* "14:00 – 15:00 · Group study · J. D." */
static void describe(const kiosk_state *st, int i, char *buf, size_t len)
{
	const kiosk_booking *kb;
	char range[48];

	buf[0] = '\0';
	if (i < 0 || i >= st->nbookings)
		return;
	kb = &st->bookings[i];
	kiosk_fmt_range(st->tz, kb->b.start, kb->b.end, range, sizeof(range));
	snprintf(buf, len, "%s  \u00b7  %s%s%s", range,
	         kb->title[0] != '\0' ? kb->title : _("Booked at the door"),
	         kb->booker[0] != '\0' ? "  \u00b7  " : "", kb->booker);
}

typedef struct staff_item {
	char label[96];
	char detail[192];
	ui_icon icon;
	kiosk_action_id act;
	int arg;
	bool danger;
} staff_item;

static int staff_items(const kiosk_state *st, porte_time now, staff_item *it)
{
	kiosk_staff_actions a;
	char hhmm[16], range[48];
	int n = 0;

	kiosk_staff_actions_at(st, now, &a);
	if (a.checkin >= 0) {
		it[n] = (staff_item){
		        "",        "",   UI_ICON_CHECK, KIOSK_ACT_CHECKIN,
		        a.checkin, false};
		snprintf(it[n].label, sizeof(it[n].label), "%s",
		         _("Check in for the patron"));
		describe(st, a.checkin, it[n].detail, sizeof(it[n].detail));
		n++;
	}
	if (a.release >= 0) {
		it[n] = (staff_item){
		        "",        "",  UI_ICON_CLOSE, KIOSK_ACT_STAFF_RELEASE,
		        a.release, true};
		snprintf(it[n].label, sizeof(it[n].label), "%s",
		         _("Release (no-show)"));
		describe(st, a.release, it[n].detail, sizeof(it[n].detail));
		n++;
	}
	if (a.extend >= 0) {
		kiosk_fmt_hhmm(st->tz, a.extend_to, hhmm, sizeof(hhmm));
		it[n] = (staff_item){"",           "",
		                     UI_ICON_PLUS, KIOSK_ACT_STAFF_EXTEND,
		                     a.extend,     false};
		snprintf(it[n].label, sizeof(it[n].label), _("Extend to %s"),
		         hhmm);
		describe(st, a.extend, it[n].detail, sizeof(it[n].detail));
		n++;
	}
	if (a.end >= 0) {
		it[n] = (staff_item){
		        "", "", UI_ICON_STOP, KIOSK_ACT_STAFF_END, a.end, true};
		snprintf(it[n].label, sizeof(it[n].label), "%s",
		         _("End the current booking"));
		describe(st, a.end, it[n].detail, sizeof(it[n].detail));
		n++;
	}
	if (a.cancel >= 0) {
		it[n] = (staff_item){
		        "",       "",  UI_ICON_CLOSE, KIOSK_ACT_STAFF_CANCEL,
		        a.cancel, true};
		snprintf(it[n].label, sizeof(it[n].label), "%s",
		         _("Cancel the next booking"));
		describe(st, a.cancel, it[n].detail, sizeof(it[n].detail));
		n++;
	}
	if (a.add && n < STAFF_MAX) {
		kiosk_fmt_range(st->tz, a.add_start, a.add_end, range,
		                sizeof(range));
		it[n] = (staff_item){
		        "", "", UI_ICON_PLUS, KIOSK_ACT_STAFF_ADD, -1, false};
		snprintf(it[n].label, sizeof(it[n].label), "%s",
		         _("Add a booking now"));
		snprintf(it[n].detail, sizeof(it[n].detail), "%s", range);
		n++;
	}
	return n;
}

/* One menu entry: icon, label, detail, chevron; the whole row is the
 * target. */
static void staff_row(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, ui_rect r, const staff_item *it)
{
	bool pressed = st->pressed == it->act && st->pressed_arg == it->arg;
	int isz = layout_px(m, 5.4);
	int pad = layout_px(m, 3);
	ui_color ic = it->danger ? t->danger_bg : t->primary_bg;
	ui_rect in = layout_inset(r, pad);
	ui_rect text;
	int th = layout_line(m->f_button), dh = layout_line(m->f_small);
	int ty;

	ui_fill(l, r, pressed ? t->key_pressed : t->key_bg, m->radius);
	ui_icon_at(l, ui_rect_make(in.x, r.y + (r.h - isz) / 2, isz, isz),
	           it->icon, ic);
	layout_cut_left(&in, isz + pad);
	layout_cut_right(&in, isz);
	ui_icon_at(l,
	           ui_rect_make(r.x + r.w - pad - isz * 3 / 4,
	                        r.y + (r.h - isz * 3 / 4) / 2, isz * 3 / 4,
	                        isz * 3 / 4),
	           UI_ICON_ARROW, t->muted);
	ty = r.y + (r.h - th - (it->detail[0] ? dh : 0)) / 2;
	text = ui_rect_make(in.x, ty, in.w, th);
	ui_text(l, text, it->label, m->f_button, UI_BOLD, t->text, UI_LEFT,
	        UI_TEXT_SHRINK);
	if (it->detail[0] != '\0')
		ui_text(l, ui_rect_make(in.x, ty + th, in.w, dh), it->detail,
		        m->f_small, UI_REGULAR, t->muted, UI_LEFT, 0);
	ui_target(l, r, it->act, it->arg);
}

void screen_staff(ui_list *l, const ui_metrics *m, const ui_theme *t,
                  const kiosk_state *st, porte_time now)
{
	staff_item items[STAFF_MAX];
	int n = staff_items(st, now, items);
	ui_rect in = screen_dialog_card(l, m, t, layout_px(m, 160),
	                                layout_px(m, 210));
	ui_rect head, foot;
	int cols = m->portrait ? 1 : 2;
	int rows, rh, rw;
	layout_button leave = {_("Leave staff mode"),
	                       UI_ICON_LOCK,
	                       BUTTON_PRIMARY,
	                       t->primary_bg,
	                       t->primary_fg,
	                       KIOSK_ACT_STAFF_LEAVE,
	                       0};

	head = layout_cut_top(&in, layout_line(m->f_title * 5 / 4));
	ui_text(l, head, _("Staff"), m->f_title * 5 / 4, UI_BOLD, t->text,
	        UI_LEFT, 0);
	ui_text(l, layout_cut_top(&in, layout_line(m->f_body)), st->room_name,
	        m->f_body, UI_REGULAR, t->muted, UI_LEFT, 0);
	layout_cut_top(&in, m->gap * 2);
	foot = layout_cut_bottom(&in, m->button_h);
	layout_cut_bottom(&in, m->gap * 2);
	layout_button_draw(
	        l, m, st,
	        ui_rect_make(foot.x + foot.w -
	                             layout_button_width(l, m, &leave),
	                     foot.y, layout_button_width(l, m, &leave), foot.h),
	        &leave);
	if (n == 0) {
		ui_text(l, layout_cut_top(&in, layout_line(m->f_body)),
		        _("Nothing to do for this room right now."), m->f_body,
		        UI_REGULAR, t->muted, UI_LEFT, 0);
		return;
	}
	rows = (n + cols - 1) / cols;
	rh = (in.h - (rows - 1) * m->gap) / rows;
	if (rh > layout_px(m, 18))
		rh = layout_px(m, 18);
	if (rh < m->target) {
		rows = (in.h + m->gap) / (m->target + m->gap);
		if (rows < 1)
			return;
		rh = m->target;
		if (n > rows * cols)
			n = rows * cols;
	}
	rw = (in.w - (cols - 1) * m->gap) / cols;
	for (int i = 0; i < n; i++) {
		int c = i % cols, r = i / cols;

		staff_row(l, m, t, st,
		          ui_rect_make(in.x + c * (rw + m->gap),
		                       in.y + r * (rh + m->gap), rw, rh),
		          &items[i]);
	}
}

void screen_confirm(ui_list *l, const ui_metrics *m, const ui_theme *t,
                    const kiosk_state *st, porte_time now)
{
	kiosk_actions a;
	kiosk_staff_actions sa;
	char detail[256] = "", range[48];
	const char *question = "", *yes = _("OK"), *note = "";
	bool danger = false;
	ui_icon icon = UI_ICON_INFO;
	int isz = layout_px(m, 11);
	ui_rect in, row, foot;
	layout_button buttons[2];
	int used;

	kiosk_actions_at(st, now, &a);
	kiosk_staff_actions_at(st, now, &sa);
	switch (st->confirm) {
	case KIOSK_ACT_BOOK_NOW:
		question = _("Book this room now?");
		kiosk_fmt_range(st->tz, a.walk_start, a.walk_end, range,
		                sizeof(range));
		snprintf(detail, sizeof(detail), "%s", range);
		note = _("The booking starts at once; no check-in needed.");
		yes = _("Book");
		icon = UI_ICON_PLUS;
		break;
	case KIOSK_ACT_STAFF_ADD:
		question = _("Add a booking now?");
		kiosk_fmt_range(st->tz, sa.add_start, sa.add_end, range,
		                sizeof(range));
		snprintf(detail, sizeof(detail), "%s", range);
		note = _("It starts at once, checked in.");
		yes = _("Add");
		icon = UI_ICON_PLUS;
		break;
	case KIOSK_ACT_END:
	case KIOSK_ACT_STAFF_END:
		question = _("End this booking now?");
		describe(st, st->confirm_arg, detail, sizeof(detail));
		note = _("The room becomes free for others.");
		yes = _("End now");
		icon = UI_ICON_STOP;
		danger = true;
		break;
	case KIOSK_ACT_STAFF_RELEASE:
		question = _("Release this booking?");
		describe(st, st->confirm_arg, detail, sizeof(detail));
		note = _("Nobody checked in. The room becomes free.");
		yes = _("Release");
		icon = UI_ICON_CLOSE;
		danger = true;
		break;
	case KIOSK_ACT_STAFF_CANCEL:
		question = _("Cancel this booking?");
		describe(st, st->confirm_arg, detail, sizeof(detail));
		note = _("The booker is told by e-mail.");
		yes = _("Cancel booking");
		icon = UI_ICON_CLOSE;
		danger = true;
		break;
	default:
		break;
	}
	{
		/* As high as its content: icon, question, detail, note (two
		 * lines at most), buttons. */
		int h = layout_px(m, 10) + isz + m->gap +
		        layout_line(m->f_title * 5 / 4) +
		        3 * layout_line(m->f_body) + m->gap * 2 + m->button_h;

		in = screen_dialog_card(l, m, t, layout_px(m, 130), h);
	}
	row = layout_cut_top(&in, isz);
	ui_fill(l, ui_rect_make(row.x, row.y, isz, isz),
	        ui_alpha(danger ? t->danger_bg : t->primary_bg, 36), isz / 2);
	ui_icon_at(l,
	           layout_center(ui_rect_make(row.x, row.y, isz, isz),
	                         isz * 56 / 100, isz * 56 / 100),
	           icon, danger ? t->danger_bg : t->primary_bg);
	layout_cut_top(&in, m->gap);
	ui_text(l, layout_cut_top(&in, layout_line(m->f_title * 5 / 4)),
	        question, m->f_title * 5 / 4, UI_BOLD, t->text, UI_LEFT,
	        UI_TEXT_SHRINK);
	foot = layout_cut_bottom(&in, m->button_h);
	layout_cut_bottom(&in, m->gap);
	ui_text(l, layout_cut_top(&in, layout_line(m->f_body)), detail,
	        m->f_body, UI_BOLD, t->text, UI_LEFT, 0);
	used = layout_paragraph(l, in, note, m->f_body, UI_REGULAR, t->muted,
	                        UI_LEFT, 2);
	(void)used;
	buttons[0] = (layout_button){_("Back"), UI_ICON__COUNT, BUTTON_SOFT,
	                             t->key_bg, t->text,        KIOSK_ACT_BACK,
	                             0};
	buttons[1] = (layout_button){yes,
	                             UI_ICON__COUNT,
	                             BUTTON_PRIMARY,
	                             danger ? t->danger_bg : t->primary_bg,
	                             danger ? t->danger_fg : t->primary_fg,
	                             KIOSK_ACT_YES,
	                             0};
	{
		int w0 = layout_button_width(l, m, &buttons[0]);
		int w1 = layout_button_width(l, m, &buttons[1]);

		if (w0 + w1 + m->gap > foot.w) {
			w0 = (foot.w - m->gap) / 2;
			w1 = foot.w - m->gap - w0;
		}
		layout_button_draw(
		        l, m, st,
		        ui_rect_make(foot.x + foot.w - w1, foot.y, w1, foot.h),
		        &buttons[1]);
		layout_button_draw(
		        l, m, st,
		        ui_rect_make(foot.x + foot.w - w1 - m->gap - w0, foot.y,
		                     w0, foot.h),
		        &buttons[0]);
	}
}

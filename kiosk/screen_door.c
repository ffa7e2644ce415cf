/*
 * screen_door.c - the door: what passers-by read from three metres.
 *
 * Landscape: the status band on the left (room, status, the booking under
 * way, the actions), the day on the right (clock, messages, what comes
 * next, the QR code, sync status), the day's timeline along the bottom.
 * Portrait: the band on top, the day below it, the timeline at the bottom.
 */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "screens.h"

const char *screen_status_text(kiosk_status s)
{
	switch (s) {
	case KIOSK_FREE:
		return _("Free");
	case KIOSK_BOOKED:
		return _("Booked");
	case KIOSK_OCCUPIED:
		return _("Occupied");
	default:
		return _("Closed");
	}
}

ui_icon screen_status_icon(kiosk_status s)
{
	switch (s) {
	case KIOSK_FREE:
		return UI_ICON_CHECK;
	case KIOSK_BOOKED:
		return UI_ICON_CLOCK;
	case KIOSK_OCCUPIED:
		return UI_ICON_BUSY;
	default:
		return UI_ICON_MOON;
	}
}

/* Under Free: "Until 13:00", and when the news may be old (no successful
 * sync for KIOSK_STALE_AFTER), when it was last heard: "Until 13:00 · as
 * of 10:42". */
static void free_sub(const kiosk_state *st, const kiosk_view *v, porte_time now,
                     const char *hhmm, char *buf, size_t len)
{
	char until[64], asof[64], seen[16];

	if (v->all_day)
		snprintf(until, sizeof(until), "%s", _("All day"));
	else
		snprintf(until, sizeof(until), _("Until %s"), hhmm);
	if (!kiosk_sync_stale(st, now) || st->sync.last_success == 0) {
		snprintf(buf, len, "%s", until);
		return;
	}
	kiosk_fmt_hhmm(st->tz, st->sync.last_success, seen, sizeof(seen));
	/* TRANSLATORS: beside "Until 13:00" when the door has not heard
	 * from the server since 10:42. */
	snprintf(asof, sizeof(asof), _("as of %s"), seen);
	snprintf(buf, len, "%s  \u00b7  %s", until, asof);
}

/* The line under the status word. */
static void status_sub(const kiosk_state *st, const kiosk_view *v,
                       porte_time now, char *buf, size_t len)
{
	char hhmm[16];
	cal_date today, day;

	buf[0] = '\0';
	kiosk_fmt_hhmm(st->tz, v->until, hhmm, sizeof(hhmm));
	switch (v->status) {
	case KIOSK_FREE:
		free_sub(st, v, now, hhmm, buf, len);
		break;
	case KIOSK_BOOKED:
		if (v->pending)
			snprintf(buf, len, "%s", _("Awaiting confirmation"));
		else
			snprintf(buf, len, _("Check in before %s"), hhmm);
		break;
	case KIOSK_OCCUPIED:
		snprintf(buf, len, _("Until %s"), hhmm);
		break;
	default:
		if (v->until == 0 || st->tz == NULL)
			break;
		today = tz_date_of(st->tz, now);
		day = tz_date_of(st->tz, v->until);
		if (cal_date_cmp(today, day) == 0)
			snprintf(buf, len, _("Opens at %s"), hhmm);
		else
			snprintf(buf, len, _("Opens tomorrow at %s"), hhmm);
		break;
	}
}

/* "Group study", or "Walk-in" for a booking without a note. */
static const char *booking_title(const kiosk_booking *kb)
{
	if (kb->title[0] != '\0')
		return kb->title;
	return _("Booked at the door");
}

/* "14:00 – 15:00 · J. D." */
static void booking_detail(const kiosk_state *st, const kiosk_booking *kb,
                           char *buf, size_t len)
{
	char range[48];

	kiosk_fmt_range(st->tz, kb->b.start, kb->b.end, range, sizeof(range));
	if (kb->booker[0] != '\0')
		snprintf(buf, len, "%s  \u00b7  %s", range, kb->booker);
	else
		snprintf(buf, len, "%s", range);
}

/* The buttons the band offers, most important first. */
static int band_buttons(const kiosk_state *st, const ui_theme *t,
                        const kiosk_view *v, const kiosk_actions *a,
                        layout_button *b, char labels[][64])
{
	kiosk_status s = v->status;
	int n = 0;
	bool primary_used = false;

	if (a->checkin >= 0) {
		if (a->checkin == v->current) {
			snprintf(labels[n], 64, "%s", _("Check in"));
		} else {
			char hhmm[16];

			kiosk_fmt_hhmm(st->tz, st->bookings[a->checkin].b.start,
			               hhmm, sizeof(hhmm));
			snprintf(labels[n], 64, _("Check in for %s"), hhmm);
		}
		b[n] = (layout_button){labels[n],       UI_ICON_CHECK,
		                       BUTTON_PRIMARY,  t->button_bg[s],
		                       t->button_fg[s], KIOSK_ACT_CHECKIN,
		                       a->checkin};
		primary_used = true;
		n++;
	}
	if (a->book_now) {
		snprintf(labels[n], 64, "%s", _("Book now"));
		b[n] = (layout_button){
		        labels[n],
		        UI_ICON_PLUS,
		        primary_used ? BUTTON_OUTLINE : BUTTON_PRIMARY,
		        t->button_bg[s],
		        primary_used ? t->band_fg[s] : t->button_fg[s],
		        KIOSK_ACT_BOOK_NOW,
		        -1};
		primary_used = true;
		n++;
	}
	if (a->extend >= 0) {
		snprintf(labels[n], 64, _("Extend +%d min"),
		         st->rules.granularity);
		b[n] = (layout_button){labels[n],       UI_ICON_PLUS,
		                       BUTTON_PRIMARY,  t->button_bg[s],
		                       t->button_fg[s], KIOSK_ACT_EXTEND,
		                       a->extend};
		primary_used = true;
		n++;
	}
	if (a->end >= 0) {
		snprintf(labels[n], 64, "%s", _("End now"));
		b[n] = (layout_button){
		        labels[n],
		        UI_ICON_STOP,
		        primary_used ? BUTTON_OUTLINE : BUTTON_PRIMARY,
		        t->button_bg[s],
		        primary_used ? t->band_fg[s] : t->button_fg[s],
		        KIOSK_ACT_END,
		        a->end};
		n++;
	}
	return n;
}

/* The card of the booking under way, on the band. */
static int card_height(const ui_metrics *m)
{
	return layout_line(m->f_title) + layout_line(m->f_body) +
	       layout_px(m, 5);
}

/* The time left to check in, on the right of the card: "10:30" over
 * "left". */
static void card_countdown(ui_list *l, const ui_metrics *m, ui_color fg,
                           const kiosk_view *v, porte_time now, ui_rect *in)
{
	char cd[24];
	const char *caption = _("to check in");
	int fs = m->f_title * 13 / 10;
	int w = ui_measure(l, "00:00", fs, UI_BOLD) + layout_px(m, 1);
	int cw =
	        ui_measure(l, caption, m->f_small, UI_MEDIUM) + layout_px(m, 1);
	int th = layout_tight(fs), ch = layout_line(m->f_small);
	ui_rect box;
	int y;

	if (cw > w)
		w = cw;
	if (w > in->w / 2)
		w = in->w / 2;
	box = layout_cut_right(in, w);
	y = box.y + (box.h - th - ch) / 2;
	layout_cut_right(in, layout_px(m, 2));
	kiosk_fmt_countdown(v->until - now, cd, sizeof(cd));
	ui_text(l, ui_rect_make(box.x, y, box.w, th), cd, fs, UI_BOLD, fg,
	        UI_RIGHT, UI_TEXT_TABULAR);
	ui_text(l, ui_rect_make(box.x, y + th, box.w, ch), caption, m->f_small,
	        UI_MEDIUM, fg, UI_RIGHT, 0);
}

static void draw_card(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, const kiosk_view *v, ui_rect r,
                      porte_time now)
{
	const kiosk_booking *kb = &st->bookings[v->current];
	ui_color fg = t->band_fg[v->status];
	ui_rect in = layout_inset(r, layout_px(m, 2.5));
	int isz = layout_px(m, 3.6);
	char detail[160];
	ui_rect line;

	ui_fill(l, r, t->band_soft[v->status], m->radius);
	in.x += layout_px(m, 0.8);
	in.w -= layout_px(m, 1.6);
	if (v->status == KIOSK_BOOKED && !v->pending)
		card_countdown(l, m, fg, v, now, &in);
	line = layout_cut_top(&in, layout_line(m->f_title));
	if (kb->waiting_sync) {
		ui_rect ir = layout_cut_right(&line, isz + layout_px(m, 1));

		ui_icon_at(l,
		           ui_rect_make(ir.x + layout_px(m, 1),
		                        ir.y + (ir.h - isz) / 2, isz, isz),
		           UI_ICON_SYNC, fg);
	}
	ui_text(l, line, booking_title(kb), m->f_title, UI_BOLD, fg, UI_LEFT,
	        0);
	booking_detail(st, kb, detail, sizeof(detail));
	line = layout_cut_top(&in, layout_line(m->f_body));
	ui_text(l, line, detail, m->f_body, UI_REGULAR, fg, UI_LEFT, 0);
}

/* The countdown pill after the sub line: "12:34". */
static void draw_countdown(ui_list *l, const ui_metrics *m, const ui_theme *t,
                           const kiosk_view *v, porte_time now, ui_rect line,
                           int x)
{
	char cd[24];
	int isz = layout_px(m, 4);
	int w, h = layout_line(m->f_sub);
	ui_color fg = t->band_fg[v->status];
	ui_rect pill;

	kiosk_fmt_countdown(v->until - now, cd, sizeof(cd));
	w = ui_measure(l, cd, m->f_sub, UI_BOLD) + isz + layout_px(m, 5);
	if (x + w > line.x + line.w)
		return;
	pill = ui_rect_make(x, line.y, w, h);
	ui_fill(l, pill, t->band_soft[v->status], h / 2);
	ui_icon_at(l,
	           ui_rect_make(pill.x + layout_px(m, 1.8),
	                        pill.y + (h - isz) / 2, isz, isz),
	           UI_ICON_CLOCK, fg);
	ui_text(l,
	        ui_rect_make(pill.x + layout_px(m, 1.8) + isz + layout_px(m, 1),
	                     pill.y, w - isz - layout_px(m, 3.8), h),
	        cd, m->f_sub, UI_BOLD, fg, UI_LEFT, UI_TEXT_TABULAR);
}

/* The staff button: a round target with a lock. */
static void draw_lock(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                      ui_rect btn, ui_color bg, ui_color pressed_bg,
                      ui_color fg)
{
	int isz = layout_px(m, 4.6);
	bool pressed = st->pressed == KIOSK_ACT_STAFF;

	ui_fill(l, btn, pressed ? pressed_bg : bg, btn.w / 2);
	ui_icon_at(l, layout_center(btn, isz, isz), UI_ICON_LOCK, fg);
	ui_target(l, btn, KIOSK_ACT_STAFF, 0);
}

static int lock_size(const ui_metrics *m)
{
	return m->target > layout_px(m, 11) ? m->target : layout_px(m, 11);
}

/* Portrait: the clock and the date at the right of the band's header. */
static void header_clock(ui_list *l, const ui_metrics *m, ui_color fg,
                         const kiosk_state *st, ui_rect *head, porte_time now)
{
	char hhmm[16], date[96];
	int cw, dw;
	ui_rect r;

	kiosk_fmt_hhmm(st->tz, now, hhmm, sizeof(hhmm));
	kiosk_fmt_date(st->tz, now, st->lang, date, sizeof(date));
	cw = ui_measure(l, "00:00", m->f_room, UI_BOLD) + layout_px(m, 1);
	dw = ui_measure(l, date, m->f_site, UI_REGULAR) + layout_px(m, 1);
	if (dw > cw)
		cw = dw;
	if (cw > head->w / 2)
		cw = head->w / 2;
	r = layout_cut_right(head, cw);
	layout_cut_right(head, layout_px(m, 3));
	ui_text(l, ui_rect_make(r.x, r.y, r.w, layout_line(m->f_room)), hhmm,
	        m->f_room, UI_BOLD, fg, UI_RIGHT, UI_TEXT_TABULAR);
	ui_text(l,
	        ui_rect_make(r.x, r.y + layout_line(m->f_room), r.w,
	                     layout_line(m->f_site)),
	        date, m->f_site, UI_REGULAR, fg, UI_RIGHT, 0);
}

/* Room and site names; at their right the staff button (landscape) or
 * the clock (portrait, where the staff button goes to the bottom). */
static void draw_header(ui_list *l, const ui_metrics *m, const ui_theme *t,
                        const kiosk_state *st, kiosk_status s, ui_rect *in,
                        porte_time now)
{
	ui_color fg = t->band_fg[s];
	int lock = lock_size(m);
	int h = layout_line(m->f_room) + layout_line(m->f_site);
	ui_rect head = layout_cut_top(in, h > lock ? h : lock);

	if (m->portrait && st->tz != NULL) {
		header_clock(l, m, fg, st, &head, now);
	} else {
		ui_rect btn = layout_cut_right(&head, lock);

		btn.y -= layout_px(m, 1);
		btn.x += layout_px(m, 1.5);
		btn.h = lock;
		layout_cut_right(&head, layout_px(m, 2));
		draw_lock(l, m, st, btn, t->band_soft[s],
		          ui_alpha(t->band_soft[s], 160), fg);
	}
	ui_text(l, layout_cut_top(&head, layout_line(m->f_room)), st->room_name,
	        m->f_room, UI_BOLD, fg, UI_LEFT, UI_TEXT_SHRINK);
	if (st->site_name[0] != '\0')
		ui_text(l, layout_cut_top(&head, layout_line(m->f_site)),
		        st->site_name, m->f_site, UI_REGULAR, fg, UI_LEFT, 0);
}

static void draw_messages(ui_list *l, const ui_metrics *m, const ui_theme *t,
                          const kiosk_state *st, ui_rect *in, porte_time now)
{
	for (int i = 0; i < st->nmessages; i++) {
		const kiosk_message *msg = &st->messages[i];
		bool warn = msg->level == KIOSK_MSG_WARNING;
		int isz = layout_px(m, 4.4);
		int pad = layout_px(m, 2.4);
		int lh = layout_line(m->f_body);
		ui_rect box, text;
		char buf[KIOSK_MESSAGE_LEN];
		const char *lines[3];
		int n;

		if (!kiosk_message_shown(st, i, now))
			continue;
		text = ui_rect_make(in->x + pad * 2 + isz, 0,
		                    in->w - pad * 3 - isz, 0);
		n = ui_wrap(l, msg->text, m->f_body, UI_MEDIUM, text.w, buf,
		            sizeof(buf), lines, 2);
		if (n == 0 || in->h < n * lh + 2 * pad + m->gap)
			continue;
		box = layout_cut_top(in, n * lh + 2 * pad);
		ui_fill(l, box, warn ? t->warn_bg : t->info_bg, m->radius);
		ui_icon_at(l,
		           ui_rect_make(box.x + pad,
		                        box.y + pad + (lh - isz) / 2, isz, isz),
		           warn ? UI_ICON_WARNING : UI_ICON_INFO,
		           warn ? t->warn_fg : t->info_fg);
		for (int k = 0; k < n; k++)
			ui_text(l,
			        ui_rect_make(text.x, box.y + pad + k * lh,
			                     text.w, lh),
			        lines[k], m->f_body, UI_MEDIUM,
			        warn ? t->warn_fg : t->info_fg, UI_LEFT, 0);
		layout_cut_top(in, m->gap);
	}
}

/* The height the site messages shown at NOW take in a column W wide. */
static int messages_height(ui_list *l, const ui_metrics *m,
                           const kiosk_state *st, int w, porte_time now)
{
	int isz = layout_px(m, 4.4);
	int pad = layout_px(m, 2.4);
	int h = 0;

	for (int i = 0; i < st->nmessages; i++) {
		char buf[KIOSK_MESSAGE_LEN];
		const char *lines[3];
		int n;

		if (!kiosk_message_shown(st, i, now))
			continue;
		n = ui_wrap(l, st->messages[i].text, m->f_body, UI_MEDIUM,
		            w - pad * 3 - isz, buf, sizeof(buf), lines, 2);
		if (n > 0)
			h += n * layout_line(m->f_body) + 2 * pad + m->gap;
	}
	return h;
}

/*
 * The band: header, status, the booking under way, the buttons. In
 * the site messages go under the header when they fit there
 * beside the status and the card, leaving the day side to the QR code;
 * returns true when they were drawn.
 */
static bool draw_band(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, const kiosk_view *v,
                      const kiosk_actions *a, ui_rect band, porte_time now)
{
	kiosk_status s = v->status;
	ui_color fg = t->band_fg[s];
	ui_rect in = layout_inset(band, m->pad);
	layout_button buttons[4];
	char labels[4][64];
	char sub[128];
	int nb = band_buttons(st, t, v, a, buttons, labels);
	int fs = m->f_status;
	int status_h = layout_tight(fs) + layout_line(m->f_sub);
	int card_h = v->current >= 0 ? card_height(m) : 0;
	int total, y, isz, word_w, msg_h;
	bool said = false;
	ui_rect row;

	ui_fill(l, band, t->band_bg[s], 0);
	draw_header(l, m, t, st, s, &in, now);
	if (nb > 0) {
		row = layout_cut_bottom(&in, m->button_h);
		layout_button_row(l, m, st, row, buttons, nb);
		layout_cut_bottom(&in, m->gap);
	} else if (s == KIOSK_FREE && !room_kind_public(st->kind)) {
		/* Say why there is no "Book now". */
		int iw = layout_px(m, 4.4);

		row = layout_cut_bottom(&in, m->button_h);
		ui_icon_at(
		        l,
		        ui_rect_make(row.x, row.y + (row.h - iw) / 2, iw, iw),
		        UI_ICON_INFO, fg);
		layout_cut_left(&row, iw + layout_px(m, 2));
		ui_text(l,
		        ui_rect_make(row.x,
		                     row.y + (row.h - layout_line(m->f_body)) /
		                                     2,
		                     row.w, layout_line(m->f_body)),
		        _("Internal room: bookings by staff only"), m->f_body,
		        UI_MEDIUM, fg, UI_LEFT, 0);
		layout_cut_bottom(&in, m->gap);
	}
	if (card_h > 0 && in.h < status_h + card_h + 4 * m->gap) {
		/* Make room for the card with a smaller status word. */
		fs = m->f_status * 84 / 100;
		status_h = layout_tight(fs) + layout_line(m->f_sub);
	}
	if (card_h > 0 && in.h < status_h + card_h + 2 * m->gap)
		card_h = 0;
	msg_h = messages_height(l, m, st, in.w, now);
	if (msg_h > 0 &&
	    in.h - msg_h - m->gap / 2 >=
	            status_h + (card_h > 0 ? m->gap * 2 + card_h : 0)) {
		layout_cut_top(&in, m->gap / 2);
		draw_messages(l, m, t, st, &in, now);
		said = true;
	}
	total = status_h + (card_h > 0 ? m->gap * 2 + card_h : 0);
	y = in.y + (in.h - total) / 2;
	if (y < in.y)
		y = in.y;

	/* Icon and word: never colour alone. */
	isz = fs * 70 / 100;
	row = ui_rect_make(in.x, y, in.w, layout_tight(fs));
	ui_icon_at(l, ui_rect_make(row.x, row.y + (row.h - isz) / 2, isz, isz),
	           screen_status_icon(s), fg);
	layout_cut_left(&row, isz + layout_px(m, 3.5));
	ui_text(l, row, screen_status_text(s), fs, UI_BOLD, fg, UI_LEFT,
	        UI_TEXT_SHRINK);

	status_sub(st, v, now, sub, sizeof(sub));
	row = ui_rect_make(in.x, y + layout_tight(fs), in.w,
	                   layout_line(m->f_sub));
	word_w = ui_measure(l, sub, m->f_sub, UI_REGULAR);
	if (s == KIOSK_BOOKED && !v->pending && card_h == 0) {
		if (word_w > in.w * 62 / 100)
			word_w = in.w * 62 / 100;
		ui_text(l, ui_rect_make(row.x, row.y, word_w, row.h), sub,
		        m->f_sub, UI_REGULAR, fg, UI_LEFT, 0);
		draw_countdown(l, m, t, v, now, row,
		               row.x + word_w + layout_px(m, 2.5));
	} else {
		ui_text(l, row, sub, m->f_sub, UI_REGULAR, fg, UI_LEFT, 0);
	}
	if (card_h > 0)
		draw_card(l, m, t, st, v,
		          ui_rect_make(in.x, y + status_h + m->gap * 2, in.w,
		                       card_h),
		          now);
	return said;
}

/* ---- The day side ---- */

/* The clock, and the date beside it on two lines. */
static void draw_clock(ui_list *l, const ui_metrics *m, const ui_theme *t,
                       const kiosk_state *st, ui_rect *in, porte_time now)
{
	char hhmm[16], day[64];
	int ch = layout_tight(m->f_clock);
	int lh = layout_line(m->f_date);
	ui_rect top = layout_cut_top(in, ch > 2 * lh ? ch : 2 * lh);
	int cw = ui_measure(l, "00:00", m->f_clock, UI_BOLD) + layout_px(m, 1);
	ui_rect date;

	kiosk_fmt_hhmm(st->tz, now, hhmm, sizeof(hhmm));
	kiosk_fmt_day_month(st->tz, now, st->lang, day, sizeof(day));
	if (cw > top.w / 2)
		cw = top.w / 2;
	ui_text(l, ui_rect_make(top.x, top.y + (top.h - ch) / 2, cw, ch), hhmm,
	        m->f_clock, UI_BOLD, t->text, UI_LEFT, UI_TEXT_TABULAR);
	date = top;
	layout_cut_left(&date, cw + layout_px(m, 3));
	date.y += (date.h - 2 * lh) / 2;
	ui_text(l, ui_rect_make(date.x, date.y, date.w, lh),
	        kiosk_weekday_name(cal_weekday(tz_date_of(st->tz, now))),
	        m->f_date, UI_BOLD, t->text, UI_LEFT, 0);
	ui_text(l, ui_rect_make(date.x, date.y + lh, date.w, lh), day,
	        m->f_date, UI_REGULAR, t->muted, UI_LEFT, 0);
	layout_cut_top(in, m->gap);
}

/* Whether the sync status needs a line: offline, or changes to send. */
static bool sync_worth_saying(const kiosk_state *st, porte_time now)
{
	return st->sync.configured &&
	       (kiosk_sync_stale(st, now) || st->sync.pending > 0);
}

/* The sync status line; said only when something is not right. */
static void draw_sync(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, ui_rect r, porte_time now)
{
	char buf[96], hhmm[16];
	int isz = layout_px(m, 3.6);
	ui_color c = t->muted;
	ui_icon icon = UI_ICON_SYNC;
	ui_rect ir;

	if (kiosk_sync_stale(st, now)) {
		if (st->sync.last_success == 0) {
			snprintf(buf, sizeof(buf), "%s", _("Offline"));
		} else {
			kiosk_fmt_hhmm(st->tz, st->sync.last_success, hhmm,
			               sizeof(hhmm));
			snprintf(buf, sizeof(buf), _("Offline since %s"), hhmm);
		}
		c = t->warn_fg;
		icon = UI_ICON_WIFI_OFF;
	} else {
		snprintf(buf, sizeof(buf),
		         ngettext("%d change to send", "%d changes to send",
		                  (unsigned long)st->sync.pending),
		         st->sync.pending);
	}
	ir = layout_cut_left(&r, isz + layout_px(m, 1.8));
	ui_icon_at(l, ui_rect_make(ir.x, ir.y + (ir.h - isz) / 2, isz, isz),
	           icon, c);
	ui_text(l, r, buf, m->f_small, UI_MEDIUM, c, UI_LEFT, UI_TEXT_SHRINK);
}

/* "rooms.example.org" out of "https://rooms.example.org/lib". */
static void url_host(const char *url, char *buf, size_t len)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p != NULL ? p + 3 : url;
	n = strcspn(p, "/?#");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
}

/* The QR code's side on the 7" 800x480 panel, in units: 54 units is 260
 * px, about 50 mm at 5.2 px/mm, which a phone reads from 50 cm (8 to 10
 * times the code's width). Larger screens are denser or read from as
 * close: the code stops growing at QR_MAX_PX (50 mm on a 10" 1280x800
 * panel, 80 mm on a 21" 1080p screen), leaving their room to the clock and
 * what comes next. */
#define QR_UNITS 54
#define QR_MAX_PX 300

/* The QR code's wanted side in pixels on this screen. */
static int qr_want(const ui_metrics *m)
{
	int want = layout_px(m, QR_UNITS);

	return want < QR_MAX_PX ? want : QR_MAX_PX;
}

/* The QR tile's side: whole pixels per module, quiet zone of 4 modules
 * included, at least QR_UNITS (fewer pixels a module only when ROOM is
 * short) and at least 2 pixels a module; 0 when it does not fit ROOM. */
static int qr_side(const ui_metrics *m, const char *payload, int room)
{
	int modules = ui_qr_modules(payload) + 8;
	int want = qr_want(m);
	int px;

	if (modules <= 8)
		return 0;
	px = (want + modules - 1) / modules;
	if (px < 2)
		px = 2;
	while (px > 2 && px * modules > room)
		px--;
	return px * modules <= room ? px * modules : 0;
}

/* What the QR code offers, said under it. */
static const char *qr_caption(const kiosk_state *st, const kiosk_view *v,
                              int kind)
{
	if (kind == 1 && v->status == KIOSK_OCCUPIED)
		return _("Manage it on your phone");
	if (kind == 1)
		return _("Check in on your phone");
	if (!room_kind_public(st->kind))
		return _("See the day on your phone");
	return _("Book on your phone");
}

/* Whether the caption goes beside the code, in a day side W wide (the
 * portrait's), rather than under it. */
static bool qr_caption_beside(const ui_metrics *m, int w)
{
	return w - qr_want(m) - layout_px(m, 3.5) >= layout_px(m, 26);
}

/* The caption in up to LINES lines from the top of R, then the sync
 * status when there is something to say, then NEXT (the next booking, when
 * the agenda has no room for it) if there is room, else (with SECOND) the
 * site's address. */
static void qr_text(ui_list *l, const ui_metrics *m, const ui_theme *t,
                    const kiosk_state *st, const char *caption,
                    const char *next, ui_rect r, int lines, bool second,
                    porte_time now)
{
	char host[96];
	int lh_small = layout_line(m->f_small);
	int y = r.y + layout_line(m->f_body);
	ui_rect line;

	if (lines > 1)
		y = r.y + layout_paragraph(l, r, caption, m->f_body, UI_BOLD,
		                           t->text, UI_LEFT, lines);
	else
		ui_text(l, ui_rect_make(r.x, r.y, r.w, layout_line(m->f_body)),
		        caption, m->f_body, UI_BOLD, t->text, UI_LEFT,
		        UI_TEXT_SHRINK);
	line = ui_rect_make(r.x, y, r.w, lh_small);

	if (y + lh_small > r.y + r.h)
		return;
	if (sync_worth_saying(st, now)) {
		draw_sync(l, m, t, st, line, now);
		line.y += lh_small;
		if (next == NULL || line.y + lh_small > r.y + r.h)
			return;
	}
	if (next != NULL) {
		ui_text(l, line, next, m->f_small, UI_BOLD, t->text, UI_LEFT,
		        0);
	} else if (second && !sync_worth_saying(st, now)) {
		url_host(st->base_url, host, sizeof(host));
		ui_text(l, line, host, m->f_small, UI_REGULAR, t->muted,
		        UI_LEFT, 0);
	}
}

/* Portrait, or any wide day side: the code at the bottom left of IN, the
 * caption at its right and the staff button under the caption. */
static int beside_side(const ui_metrics *m, const char *payload,
                       const ui_rect *in)
{
	int room = in->w - layout_px(m, 29.5);

	if (room > in->h)
		room = in->h;
	return qr_side(m, payload, room);
}

static bool qr_block_beside(ui_list *l, const ui_metrics *m, const ui_theme *t,
                            const kiosk_state *st, const char *payload,
                            const char *caption, const char *next, ui_rect *in,
                            porte_time now)
{
	int lock = m->portrait ? lock_size(m) : 0;
	int qs = beside_side(m, payload, in);
	ui_rect block, tile;

	if (qs == 0)
		return false;
	block = layout_cut_bottom(in, qs);
	layout_cut_bottom(in, m->gap);
	tile = layout_cut_left(&block, qs);
	ui_fill(l, tile, ui_rgb(0xFFFFFF), layout_px(m, 1.2));
	ui_qr(l, tile, payload, ui_rgb(0x0B0E14));
	layout_cut_left(&block, layout_px(m, 3.5));
	if (lock > 0) {
		ui_rect row = layout_cut_bottom(&block, lock);

		draw_lock(l, m, st, layout_cut_right(&row, lock), t->key_bg,
		          t->key_pressed, t->muted);
		layout_cut_bottom(&block, m->gap);
	}
	qr_text(l, m, t, st, caption, next, block, 3, true, now);
	return true;
}

/* Under the code: its side in IN, and in UNDER the height of the caption
 * and the lines under it; SECOND says whether the second line keeps its
 * room (unless KEEP, it gives way to a larger code that would be short
 * of its size: the address is not said then; NEXT, the next booking, keeps
 * it while the code keeps nine tenths of its size). */
static int under_side_with(const ui_metrics *m, const char *payload,
                           const ui_rect *in, bool second, int *under)
{
	int lock = m->portrait ? lock_size(m) : 0;
	int room;

	*under =
	        layout_line(m->f_body) + (second ? layout_line(m->f_small) : 0);
	if (*under < lock)
		*under = lock;
	room = in->h - layout_px(m, 1) - *under;
	if (room > in->w)
		room = in->w;
	return qr_side(m, payload, room);
}

static int under_side(const ui_metrics *m, const char *payload,
                      const ui_rect *in, bool keep, bool next, int *under,
                      bool *second)
{
	int qs = under_side_with(m, payload, in, true, under);
	int under0, qs0;

	*second = true;
	if (keep || qs >= qr_want(m))
		return qs;
	qs0 = under_side_with(m, payload, in, false, &under0);
	/* The next booking keeps its line while the code keeps nine tenths
	 * of its size. */
	if (next && qs > 0 && qs * 10 >= qr_want(m) * 9)
		return qs;
	*second = false;
	*under = under0;
	return qs0;
}

/* The height the QR block takes from IN (with the gap after it), 0 when
 * it is not drawn. */
static int qr_block_height(const ui_metrics *m, const kiosk_state *st,
                           const ui_rect *in, porte_time now)
{
	char payload[KIOSK_QR_LEN];
	int under, qs;
	bool second;

	if (kiosk_qr_payload(st, now, payload, sizeof(payload)) < 0)
		return 0;
	if (qr_caption_beside(m, in->w)) {
		qs = beside_side(m, payload, in);
		return qs > 0 ? qs + m->gap : 0;
	}
	qs = under_side(m, payload, in, sync_worth_saying(st, now), false,
	                &under, &second);
	return qs > 0 ? qs + layout_px(m, 1) + under + m->gap : 0;
}

/*
 * The QR code at the bottom of IN with its caption: beside it when the
 * day side is wide enough, else under it, where the site's address gives
 * way to a larger code (never the sync status). In portrait the staff
 * button goes with the caption. Returns false when there was no room
 * (nothing drawn).
 */
static bool draw_qr_block(ui_list *l, const ui_metrics *m, const ui_theme *t,
                          const kiosk_state *st, const kiosk_view *v,
                          const char *next, ui_rect *in, porte_time now)
{
	char payload[KIOSK_QR_LEN];
	int kind = kiosk_qr_payload(st, now, payload, sizeof(payload));
	int lh = layout_line(m->f_body);
	int lh_small = layout_line(m->f_small);
	int lock = m->portrait ? lock_size(m) : 0;
	bool sync = sync_worth_saying(st, now);
	bool second; /* the line under the caption */
	int air = layout_px(m, 1);
	int qs, under;
	ui_rect block, tile, text;

	if (kind < 0)
		return false;
	if (qr_caption_beside(m, in->w))
		return qr_block_beside(l, m, t, st, payload,
		                       qr_caption(st, v, kind), next, in, now);
	qs = under_side(m, payload, in, sync, next != NULL, &under, &second);
	if (qs == 0)
		return false;
	block = layout_cut_bottom(in, qs + air + under);
	layout_cut_bottom(in, m->gap);
	tile = ui_rect_make(block.x, block.y, qs, qs);
	ui_fill(l, tile, ui_rgb(0xFFFFFF), layout_px(m, 1.2));
	ui_qr(l, tile, payload, ui_rgb(0x0B0E14));
	text = ui_rect_make(block.x, block.y + qs + air, block.w, under);
	if (lock > 0) {
		ui_rect btn = layout_cut_right(&text, lock);

		draw_lock(l, m, st, btn, t->key_bg, t->key_pressed, t->muted);
		layout_cut_right(&text, layout_px(m, 2));
	}
	text.y += (text.h - lh - (second ? lh_small : 0)) / 2;
	text.h = lh + (second || sync ? lh_small : 0);
	qr_text(l, m, t, st, qr_caption(st, v, kind), next, text, 1, second,
	        now);
	return true;
}

static void agenda_header(ui_list *l, const ui_metrics *m, const ui_theme *t,
                          ui_rect *in, const char *text)
{
	ui_text(l, layout_cut_top(in, layout_line(m->f_small)), text,
	        m->f_small, UI_BOLD, t->muted, UI_LEFT, 0);
	layout_cut_top(in, layout_px(m, 1));
}

static int agenda_row_h(const ui_metrics *m)
{
	return layout_line(m->f_title) + layout_line(m->f_body) +
	       layout_px(m, 2.2);
}

static void agenda_row(ui_list *l, const ui_metrics *m, const ui_theme *t,
                       const kiosk_state *st, ui_rect *in,
                       const kiosk_booking *kb)
{
	char range[48], line[192];
	ui_rect row = layout_cut_top(in, agenda_row_h(m));
	ui_rect r1 = ui_rect_make(row.x, row.y + layout_px(m, 1.2), row.w,
	                          layout_line(m->f_title));
	ui_rect r2 =
	        ui_rect_make(row.x, r1.y + r1.h, row.w, layout_line(m->f_body));

	ui_fill(l, ui_rect_make(row.x, row.y, row.w, 1), t->divider, 0);
	kiosk_fmt_range(st->tz, kb->b.start, kb->b.end, range, sizeof(range));
	ui_text(l, r1, range, m->f_title, UI_BOLD, t->text, UI_LEFT,
	        UI_TEXT_TABULAR);
	if (kb->b.status == BOOKING_PENDING)
		snprintf(line, sizeof(line), "%s  \u00b7  %s",
		         booking_title(kb), _("unconfirmed"));
	else if (kb->booker[0] != '\0')
		snprintf(line, sizeof(line), "%s  \u00b7  %s",
		         booking_title(kb), kb->booker);
	else
		snprintf(line, sizeof(line), "%s", booking_title(kb));
	ui_text(l, r2, line, m->f_body, UI_REGULAR, t->muted, UI_LEFT, 0);
}

/* True when some open span of today ends after NOW. */
static bool open_later_today(const kiosk_state *st, porte_time now)
{
	porte_time starts[HOURS_MAX_SPANS], ends[HOURS_MAX_SPANS];
	int n = kiosk_open_spans(st, tz_date_of(st->tz, now), starts, ends,
	                         HOURS_MAX_SPANS);

	for (int k = 0; k < n; k++) {
		if (ends[k] > now)
			return true;
	}
	return false;
}

/* The bookings still to come on DAY (0 today, 1 tomorrow), under a
 * header; EMPTY is said when there are none (NULL: skip the section).
 * Returns false when the space ran out. */
static bool agenda_day(ui_list *l, const ui_metrics *m, const ui_theme *t,
                       const kiosk_state *st, const kiosk_view *v, ui_rect *in,
                       porte_time now, int day, const char *header,
                       const char *empty)
{
	cal_date want = cal_date_add_days(tz_date_of(st->tz, now), day);
	int rh = agenda_row_h(m);
	int hh = layout_line(m->f_small) + layout_px(m, 1);
	int lb = layout_line(m->f_body);
	bool started = false;

	for (int i = 0; i < st->nbookings; i++) {
		const kiosk_booking *kb = &st->bookings[i];

		if (i == v->current || kb->b.start <= now ||
		    !kiosk_booking_live(st, i, now) ||
		    cal_date_cmp(tz_date_of(st->tz, kb->b.start), want) != 0)
			continue;
		if (in->h < (started ? rh : hh + rh))
			return false;
		if (!started)
			agenda_header(l, m, t, in, header);
		started = true;
		agenda_row(l, m, t, st, in, kb);
	}
	if (!started && empty != NULL) {
		if (in->h < hh + lb)
			return false;
		agenda_header(l, m, t, in, header);
		ui_text(l, layout_cut_top(in, lb), empty, m->f_body, UI_REGULAR,
		        t->muted, UI_LEFT, 0);
		started = true;
	}
	if (started)
		layout_cut_top(in, m->gap * 2);
	return true;
}

static void draw_agenda(ui_list *l, const ui_metrics *m, const ui_theme *t,
                        const kiosk_state *st, const kiosk_view *v, ui_rect in,
                        porte_time now)
{
	bool today = open_later_today(st, now);

	if (today && !agenda_day(l, m, t, st, v, &in, now, 0, _("LATER TODAY"),
	                         _("No other booking today")))
		return;
	agenda_day(l, m, t, st, v, &in, now, 1, _("TOMORROW"),
	           today ? NULL : _("No booking yet"));
}

/* The first booking still to come today after NOW, other than the one
 * under way; -1 when there is none. */
static int next_today(const kiosk_state *st, const kiosk_view *v,
                      porte_time now)
{
	cal_date today = tz_date_of(st->tz, now);
	int best = -1;

	for (int i = 0; i < st->nbookings; i++) {
		const kiosk_booking *kb = &st->bookings[i];

		if (i == v->current || kb->b.start <= now ||
		    !kiosk_booking_live(st, i, now) ||
		    cal_date_cmp(tz_date_of(st->tz, kb->b.start), today) != 0)
			continue;
		if (best < 0 || kb->b.start < st->bookings[best].b.start)
			best = i;
	}
	return best;
}

/* "Next 14:30 – 16:00  ·  Group project" into BUF when the agenda, in
 * IN once the QR block is drawn, has no room for today's next booking;
 * returns BUF, or NULL when there is nothing to say that way. */
static const char *next_line(const ui_metrics *m, const kiosk_state *st,
                             const kiosk_view *v, const ui_rect *in,
                             porte_time now, char *buf, size_t len)
{
	int i = next_today(st, v, now);
	int left = in->h - qr_block_height(m, st, in, now);
	int need = layout_line(m->f_small) + layout_px(m, 1) + agenda_row_h(m);
	char range[48], head[96];

	if (i < 0)
		return NULL;
	if (m->portrait)
		need += m->gap;
	if (open_later_today(st, now) && left >= need)
		return NULL;
	kiosk_fmt_range(st->tz, st->bookings[i].b.start, st->bookings[i].b.end,
	                range, sizeof(range));
	/* TRANSLATORS: under the QR code when the list of the day's next
	 * bookings has no room: "Next 14:30 – 16:00", then the title. */
	snprintf(head, sizeof(head), _("Next %s"), range);
	snprintf(buf, len, "%s  \u00b7  %s", head,
	         booking_title(&st->bookings[i]));
	return buf;
}

static void draw_info(ui_list *l, const ui_metrics *m, const ui_theme *t,
                      const kiosk_state *st, const kiosk_view *v, ui_rect r,
                      bool messages_said, porte_time now)
{
	ui_rect in = layout_inset(r, layout_px(m, 4));
	char nbuf[256];
	const char *next;

	ui_fill(l, r, t->page, 0);
	/* The clock always keeps its row: the QR code gives way first. */
	if (!m->portrait)
		draw_clock(l, m, t, st, &in, now);
	if (!messages_said)
		draw_messages(l, m, t, st, &in, now);
	next = next_line(m, st, v, &in, now, nbuf, sizeof(nbuf));
	if (!draw_qr_block(l, m, t, st, v, next, &in, now)) {
		ui_rect row = ui_rect_make(0, 0, 0, 0);

		if (m->portrait) {
			/* No QR: the staff button still needs a place. */
			int lock = lock_size(m);

			row = layout_cut_bottom(&in, lock);
			draw_lock(l, m, st, layout_cut_right(&row, lock),
			          t->key_bg, t->key_pressed, t->muted);
			layout_cut_bottom(&in, m->gap);
		}
		if (sync_worth_saying(st, now)) {
			if (row.h == 0) {
				row = layout_cut_bottom(
				        &in, layout_line(m->f_small));
				layout_cut_bottom(&in, m->gap);
			}
			draw_sync(
			        l, m, t, st,
			        ui_rect_make(row.x,
			                     row.y + (row.h -
			                              layout_line(m->f_small)) /
			                                     2,
			                     row.w - layout_px(m, 2),
			                     layout_line(m->f_small)),
			        now);
		}
	}
	if (m->portrait)
		layout_cut_top(&in, m->gap);
	draw_agenda(l, m, t, st, v, in, now);
}

/* ---- The timeline ---- */

static int x_of(ui_rect bar, porte_time t0, porte_time t1, porte_time t)
{
	if (t < t0)
		t = t0;
	if (t > t1)
		t = t1;
	return bar.x + (int)((t - t0) * bar.w / (t1 - t0));
}

static void bar_segment(ui_list *l, ui_rect bar, porte_time t0, porte_time t1,
                        porte_time a, porte_time b, ui_color c, int radius)
{
	int xa = x_of(bar, t0, t1, a), xb = x_of(bar, t0, t1, b);

	if (xb - xa < 1)
		return;
	ui_fill(l, ui_rect_make(xa, bar.y, xb - xa, bar.h), c, radius);
}

static void draw_hours(ui_list *l, const ui_metrics *m, const ui_theme *t,
                       const kiosk_state *st, ui_rect bar, ui_rect labels,
                       porte_time t0, porte_time t1)
{
	static const int steps[] = {1, 2, 3, 4, 6, 12};
	int lw = ui_measure(l, "00:00", m->f_caption, UI_REGULAR);
	int hours = (int)((t1 - t0) / 3600);
	int step = 12;
	int last_right = labels.x - 1;

	if (hours <= 0)
		return;
	for (size_t k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		if ((long)bar.w * steps[k] / hours >= lw + layout_px(m, 3)) {
			step = steps[k];
			break;
		}
	}
	for (porte_time h = t0; h <= t1; h += 3600) {
		cal_datetime dt = tz_to_local(st->tz, h);
		char hhmm[16];
		int x = x_of(bar, t0, t1, h);
		ui_rect box;

		if (dt.minute != 0 || dt.hour % step != 0)
			continue;
		kiosk_fmt_hhmm(st->tz, h, hhmm, sizeof(hhmm));
		box = ui_rect_make(x - lw / 2, labels.y, lw, labels.h);
		if (box.x < labels.x)
			box.x = labels.x;
		if (box.x + box.w > labels.x + labels.w)
			box.x = labels.x + labels.w - box.w;
		if (box.x <= last_right)
			continue;
		ui_fill(l, ui_rect_make(x, bar.y + bar.h, 1, layout_px(m, 0.8)),
		        t->divider, 0);
		ui_text(l, box, hhmm, m->f_caption, UI_REGULAR, t->muted,
		        UI_CENTER, UI_TEXT_TABULAR);
		last_right = box.x + box.w + layout_px(m, 1);
	}
}

static void draw_timeline(ui_list *l, const ui_metrics *m, const ui_theme *t,
                          const kiosk_state *st, ui_rect strip, porte_time now)
{
	porte_time starts[HOURS_MAX_SPANS], ends[HOURS_MAX_SPANS];
	cal_date today;
	int n;
	porte_time t0, t1;
	ui_rect in = strip, bar, labels;
	int bh = layout_px(m, 3.6);

	ui_fill(l, strip, t->surface, 0);
	ui_fill(l, ui_rect_make(strip.x, strip.y, strip.w, 1), t->divider, 0);
	if (st->tz == NULL)
		return;
	today = tz_date_of(st->tz, now);
	n = kiosk_open_spans(st, today, starts, ends, HOURS_MAX_SPANS);
	in.x += m->pad;
	in.w -= 2 * m->pad;
	if (n == 0) {
		ui_text(l, layout_center(in, in.w, layout_line(m->f_body)),
		        _("Closed all day"), m->f_body, UI_MEDIUM, t->muted,
		        UI_CENTER, 0);
		return;
	}
	t0 = tz_grid_floor(st->tz, starts[0], 60);
	t1 = tz_grid_ceil(st->tz, ends[n - 1], 60);
	if (t1 <= t0)
		return;
	bar = ui_rect_make(in.x,
	                   in.y + (in.h - bh - layout_px(m, 1.5) -
	                           layout_line(m->f_caption)) /
	                                   2,
	                   in.w, bh);
	labels = ui_rect_make(in.x, bar.y + bh + layout_px(m, 1.5), in.w,
	                      layout_line(m->f_caption));
	ui_fill(l, bar, t->divider, bh / 2);
	for (int k = 0; k < n; k++)
		bar_segment(l, bar, t0, t1, starts[k], ends[k], t->line_open,
		            bh / 2);
	for (int i = 0; i < st->nbookings; i++) {
		const booking *b = &st->bookings[i].b;
		bool shown = kiosk_booking_live(st, i, now) ||
		             b->status == BOOKING_ENDED ||
		             b->status == BOOKING_CHECKED_IN;

		if (!shown || b->start >= t1 || booking_effective_end(b) <= t0)
			continue;
		bar_segment(l, bar, t0, t1, b->start, booking_effective_end(b),
		            b->status == BOOKING_PENDING
		                    ? ui_alpha(t->line_booked, 150)
		                    : t->line_booked,
		            layout_px(m, 0.6));
	}
	if (now >= t1)
		ui_fill(l, bar, ui_alpha(t->surface, 120), bh / 2);
	if (now > t0 && now < t1) {
		int x = x_of(bar, t0, t1, now);
		int lw = layout_px(m, 0.7) > 2 ? layout_px(m, 0.7) : 2;
		int dot = layout_px(m, 2.2);

		bar_segment(l, bar, t0, t1, t0, now, ui_alpha(t->surface, 120),
		            bh / 2);
		ui_fill(l,
		        ui_rect_make(x - lw / 2, bar.y - layout_px(m, 1.2), lw,
		                     bh + layout_px(m, 2.4)),
		        t->line_now, 0);
		ui_fill(l,
		        ui_rect_make(x - dot / 2,
		                     bar.y - layout_px(m, 1.2) - dot / 2, dot,
		                     dot),
		        t->line_now, dot / 2);
	}
	draw_hours(l, m, t, st, bar, labels, t0, t1);
}

/* Portrait: the band as high as its content needs (with some air),
 * between 40% and 62% of AVAIL and leaving the QR code its size; the day
 * below gets the rest. */
static int band_height(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                       const kiosk_view *v, const kiosk_actions *a, int avail,
                       porte_time now)
{
	int lock = m->target > layout_px(m, 11) ? m->target : layout_px(m, 11);
	int head = layout_line(m->f_room) + layout_line(m->f_site);
	int under = layout_line(m->f_body) + layout_line(m->f_small);
	/* The day side keeps room for the QR code (a booking's longer link
	 * too), its caption and the staff button (see draw_qr_block). */
	int day = qr_want(m) + layout_px(m, 6) + 2 * layout_px(m, 4) + m->gap;

	if (!qr_caption_beside(m, m->w - 2 * layout_px(m, 4)))
		day += layout_px(m, 1) + (under > lock ? under : lock);
	int h = 2 * m->pad + (head > lock ? head : lock) +
	        layout_tight(m->f_status) + layout_line(m->f_sub) + 4 * m->gap;

	h += messages_height(l, m, st, m->w - 2 * m->pad, now);
	if (v->current >= 0)
		h += card_height(m) + 2 * m->gap;
	if (a->checkin >= 0 || a->book_now || a->end >= 0 || a->extend >= 0)
		h += m->button_h + m->gap;
	if (h < avail * 40 / 100)
		h = avail * 40 / 100;
	if (h > avail * 62 / 100)
		h = avail * 62 / 100;
	if (h > avail - day)
		h = avail - day;
	return h;
}

void screen_door(ui_list *l, const ui_metrics *m, const ui_theme *t,
                 const kiosk_state *st, porte_time now)
{
	kiosk_view v;
	kiosk_actions a;
	ui_rect screen = ui_rect_make(0, 0, m->w, m->h);
	ui_rect strip, band;
	bool said;

	kiosk_view_at(st, now, &v);
	kiosk_actions_at(st, now, &a);
	ui_fill(l, screen, t->page, 0);
	strip = layout_cut_bottom(&screen, layout_px(m, 12));
	if (m->portrait)
		band = layout_cut_top(
		        &screen, band_height(l, m, st, &v, &a, screen.h, now));
	else
		band = layout_cut_left(&screen, m->w * 56 / 100);
	said = draw_band(l, m, t, st, &v, &a, band, now);
	if (st->tz != NULL)
		draw_info(l, m, t, st, &v, screen, said, now);
	draw_timeline(l, m, t, st, strip, now);
}

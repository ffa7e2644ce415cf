/*
 * layout.c - metrics from the screen size, and the shared widgets.
 */
#include "layout.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int layout_min_target(int w, int h)
{
	int s = w < h ? w : h;

	return (47 * s + 479) / 480;
}

int layout_px(const ui_metrics *m, double n)
{
	return (int)lround(m->u * n);
}

int layout_line(int size)
{
	return (size * 5 + 3) / 4;
}

int layout_tight(int size)
{
	return (size * 23 + 19) / 20;
}

void layout_metrics(int w, int h, ui_metrics *m)
{
	int s = w < h ? w : h;

	memset(m, 0, sizeof(*m));
	m->w = w;
	m->h = h;
	m->portrait = h > w;
	m->u = s / 100.0;
	m->pad = layout_px(m, 6);
	m->gap = layout_px(m, 2.5);
	m->radius = layout_px(m, 2.4);
	m->target = layout_min_target(w, h);
	m->button_h = layout_px(m, 13);
	if (m->button_h < m->target)
		m->button_h = m->target;
	m->f_room = layout_px(m, 7);
	m->f_site = layout_px(m, 3.8);
	m->f_status = layout_px(m, 15);
	m->f_sub = layout_px(m, 5.4);
	m->f_clock = layout_px(m, 10);
	m->f_date = layout_px(m, 3.8);
	m->f_title = layout_px(m, 4.6);
	m->f_body = layout_px(m, 3.8);
	m->f_small = layout_px(m, 3.2);
	m->f_caption = layout_px(m, 2.9);
	m->f_button = layout_px(m, 4.4);
	m->f_key = layout_px(m, 6.5);
}

ui_rect layout_cut_top(ui_rect *r, int n)
{
	ui_rect out;

	if (n > r->h)
		n = r->h;
	if (n < 0)
		n = 0;
	out = ui_rect_make(r->x, r->y, r->w, n);
	r->y += n;
	r->h -= n;
	return out;
}

ui_rect layout_cut_bottom(ui_rect *r, int n)
{
	if (n > r->h)
		n = r->h;
	if (n < 0)
		n = 0;
	r->h -= n;
	return ui_rect_make(r->x, r->y + r->h, r->w, n);
}

ui_rect layout_cut_left(ui_rect *r, int n)
{
	ui_rect out;

	if (n > r->w)
		n = r->w;
	if (n < 0)
		n = 0;
	out = ui_rect_make(r->x, r->y, n, r->h);
	r->x += n;
	r->w -= n;
	return out;
}

ui_rect layout_cut_right(ui_rect *r, int n)
{
	if (n > r->w)
		n = r->w;
	if (n < 0)
		n = 0;
	r->w -= n;
	return ui_rect_make(r->x + r->w, r->y, n, r->h);
}

ui_rect layout_inset(ui_rect r, int n)
{
	r.x += n;
	r.y += n;
	r.w -= 2 * n;
	r.h -= 2 * n;
	if (r.w < 0)
		r.w = 0;
	if (r.h < 0)
		r.h = 0;
	return r;
}

ui_rect layout_center(ui_rect r, int w, int h)
{
	return ui_rect_make(r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h);
}

static bool has_icon(const layout_button *b)
{
	return b->icon != UI_ICON__COUNT;
}

int layout_button_width(const ui_list *l, const ui_metrics *m,
                        const layout_button *b)
{
	int w = ui_measure(l, b->label, m->f_button, UI_BOLD) +
	        layout_px(m, 10);

	if (has_icon(b))
		w += layout_px(m, 6.5);
	if (w < m->target * 2)
		w = m->target * 2;
	return w;
}

void layout_button_draw(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                        ui_rect r, const layout_button *b)
{
	bool pressed = st->pressed == b->act && st->pressed_arg == b->arg;
	int isz = layout_px(m, 5);
	int tw = ui_measure(l, b->label, m->f_button, UI_BOLD);
	int gap = layout_px(m, 1.8);
	int cw = tw + (has_icon(b) ? isz + gap : 0);
	int x;
	ui_rect tr;

	if (b->style != BUTTON_OUTLINE) {
		ui_fill(l, r, b->bg, m->radius);
	} else {
		ui_fill(l, r, ui_alpha(b->fg, 28), m->radius);
		ui_stroke(l, r, ui_alpha(b->fg, 200), m->radius,
		          layout_px(m, 0.5) > 1 ? layout_px(m, 0.5) : 1);
	}
	if (pressed) {
		/* Darken a light button, lighten a dark one. */
		bool dark = b->style != BUTTON_OUTLINE &&
		            theme_luminance(b->bg) < 0.2;

		ui_fill(l, r,
		        dark ? ui_alpha(ui_rgb(0xFFFFFF), 56)
		             : ui_alpha(ui_rgb(0x000000), 56),
		        m->radius);
	}
	if (cw > r.w - layout_px(m, 4))
		cw = r.w - layout_px(m, 4);
	x = r.x + (r.w - cw) / 2;
	if (has_icon(b)) {
		ui_icon_at(l, ui_rect_make(x, r.y + (r.h - isz) / 2, isz, isz),
		           b->icon, b->fg);
		x += isz + gap;
	}
	tr = ui_rect_make(x, r.y + (r.h - layout_line(m->f_button)) / 2,
	                  r.x + r.w - layout_px(m, 2) - x,
	                  layout_line(m->f_button));
	if (!has_icon(b))
		tr.w = cw;
	ui_text(l, tr, b->label, m->f_button, UI_BOLD, b->fg, UI_LEFT,
	        UI_TEXT_SHRINK);
	ui_target(l, r, b->act, b->arg);
}

int layout_button_row(ui_list *l, const ui_metrics *m, const kiosk_state *st,
                      ui_rect r, const layout_button *b, int n)
{
	int widths[8];
	int total = 0;
	int x;

	if (n > 8)
		n = 8;
	while (n > 0 && n * m->target * 2 + (n - 1) * m->gap > r.w)
		n--; /* the last buttons are the least important */
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		widths[i] = layout_button_width(l, m, &b[i]);
		total += widths[i];
	}
	total += (n - 1) * m->gap;
	if (total > r.w) {
		/* Share the row in proportion to what each label needs. */
		int room = r.w - (n - 1) * m->gap;
		int need = total - (n - 1) * m->gap;

		for (int i = 0; i < n; i++)
			widths[i] = (int)((long)widths[i] * room / need);
	}
	x = r.x;
	for (int i = 0; i < n; i++) {
		layout_button_draw(l, m, st,
		                   ui_rect_make(x, r.y, widths[i], r.h), &b[i]);
		x += widths[i] + m->gap;
	}
	return n;
}

int layout_paragraph(ui_list *l, ui_rect r, const char *text, int size,
                     ui_weight w, ui_color c, ui_align align, int max)
{
	char buf[1024];
	const char *lines[8];
	int n;
	int lh = layout_line(size);

	if (max > 8)
		max = 8;
	if (max > r.h / lh)
		max = r.h / lh;
	n = ui_wrap(l, text, size, w, r.w, buf, sizeof(buf), lines, max);
	for (int i = 0; i < n; i++)
		ui_text(l, ui_rect_make(r.x, r.y + i * lh, r.w, lh), lines[i],
		        size, w, c, align, 0);
	return n * lh;
}

/* Appends a line to REPORT while there is room. */
static void note(char *report, size_t len, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static void note(char *report, size_t len, const char *fmt, ...)
{
	size_t used = report != NULL && len > 0 ? strlen(report) : 0;
	va_list ap;

	if (report == NULL || len == 0 || used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(report + used, len - used, fmt, ap);
	va_end(ap);
}

static bool is_content(ui_kind k)
{
	return k == UI_TEXT || k == UI_ICON || k == UI_QR;
}

static int check_one(const ui_list *l, const ui_cmd *c, int i, int min,
                     char *report, size_t len)
{
	ui_rect screen = ui_rect_make(0, 0, l->w, l->h);
	int bad = 0;

	if (!ui_rect_inside(c->r, screen)) {
		note(report, len,
		     "command %d (kind %d) leaves the screen: "
		     "%d,%d %dx%d\n",
		     i, c->kind, c->r.x, c->r.y, c->r.w, c->r.h);
		bad++;
	}
	if (c->kind == UI_TARGET && (c->r.w < min || c->r.h < min)) {
		note(report, len,
		     "target %d (action %d) is %dx%d, under "
		     "%d px\n",
		     i, c->action, c->r.w, c->r.h, min);
		bad++;
	}
	if (c->kind == UI_TEXT && c->r.h < c->size) {
		note(report, len, "text \"%s\" at %d px in a box %d high\n",
		     ui_text_of(l, c), c->size, c->r.h);
		bad++;
	}
	return bad;
}

int layout_check(const ui_list *l, char *report, size_t len)
{
	int min = layout_min_target(l->w, l->h);
	int layer[UI_MAX_CMDS];
	int cur = 0, bad = 0;

	if (report != NULL && len > 0)
		report[0] = '\0';
	if (l->overflow) {
		note(report, len, "the command list overflowed\n");
		bad++;
	}
	for (int i = 0; i < l->n; i++) {
		if (l->cmd[i].kind == UI_LAYER)
			cur++;
		layer[i] = cur;
		if (l->cmd[i].kind != UI_LAYER)
			bad += check_one(l, &l->cmd[i], i, min, report, len);
	}
	for (int i = 0; i < l->n; i++) {
		const ui_cmd *a = &l->cmd[i];

		for (int j = i + 1; j < l->n; j++) {
			const ui_cmd *b = &l->cmd[j];
			bool content =
			        is_content(a->kind) && is_content(b->kind);
			bool targets =
			        a->kind == UI_TARGET && b->kind == UI_TARGET;

			if (layer[i] != layer[j] || !(content || targets) ||
			    !ui_rect_overlap(a->r, b->r))
				continue;
			note(report, len,
			     "%d (kind %d \"%s\") and %d (kind %d "
			     "\"%s\") overlap: %d,%d %dx%d and %d,%d %dx%d\n",
			     i, a->kind, ui_text_of(l, a), j, b->kind,
			     ui_text_of(l, b), a->r.x, a->r.y, a->r.w, a->r.h,
			     b->r.x, b->r.y, b->r.w, b->r.h);
			bad++;
		}
	}
	return bad;
}

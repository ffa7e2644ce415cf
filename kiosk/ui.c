/*
 * ui.c - building the command list. No SDL.
 */
#include "ui.h"

#include <string.h>

void ui_begin(ui_list *l, int w, int h)
{
	l->w = w;
	l->h = h;
	l->n = 0;
	l->used = 0;
	l->overflow = false;
}

static ui_cmd *push(ui_list *l, ui_kind kind, ui_rect r)
{
	ui_cmd *c;

	if (l->n >= UI_MAX_CMDS) {
		l->overflow = true;
		return NULL;
	}
	c = &l->cmd[l->n++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->r = r;
	return c;
}

/* Copies S into the arena; returns its offset, or -1 when full. */
static long store(ui_list *l, const char *s)
{
	size_t n = strlen(s) + 1;
	long at;

	if (n > UI_ARENA - l->used) {
		l->overflow = true;
		return -1;
	}
	at = (long)l->used;
	memcpy(l->arena + l->used, s, n);
	l->used += n;
	return at;
}

void ui_fill(ui_list *l, ui_rect r, ui_color c, int radius)
{
	ui_cmd *cmd;

	if (r.w <= 0 || r.h <= 0 || c.a == 0)
		return;
	cmd = push(l, UI_FILL, r);
	if (cmd == NULL)
		return;
	cmd->color = c;
	cmd->radius = radius;
}

void ui_stroke(ui_list *l, ui_rect r, ui_color c, int radius, int width)
{
	ui_cmd *cmd;

	if (r.w <= 0 || r.h <= 0 || width <= 0 || c.a == 0)
		return;
	cmd = push(l, UI_FILL, r);
	if (cmd == NULL)
		return;
	cmd->color = c;
	cmd->radius = radius;
	cmd->stroke = width;
}

void ui_shadow(ui_list *l, ui_rect r, int radius, int spread)
{
	ui_cmd *cmd = push(l, UI_SHADOW, r);

	if (cmd == NULL)
		return;
	cmd->radius = radius;
	cmd->stroke = spread;
}

void ui_text(ui_list *l, ui_rect r, const char *text, int size, ui_weight w,
             ui_color c, ui_align align, unsigned flags)
{
	ui_cmd *cmd;
	long at;

	if (text == NULL || text[0] == '\0' || r.w <= 0 || size <= 0)
		return;
	at = store(l, text);
	if (at < 0)
		return;
	cmd = push(l, UI_TEXT, r);
	if (cmd == NULL)
		return;
	cmd->color = c;
	cmd->size = size;
	cmd->weight = w;
	cmd->align = align;
	cmd->flags = flags;
	cmd->text = (uint32_t)at;
}

void ui_icon_at(ui_list *l, ui_rect r, ui_icon icon, ui_color c)
{
	ui_cmd *cmd;

	if ((int)icon < 0 || icon >= UI_ICON__COUNT)
		return;
	cmd = push(l, UI_ICON, r);
	if (cmd == NULL)
		return;
	cmd->icon = icon;
	cmd->color = c;
}

void ui_qr(ui_list *l, ui_rect r, const char *payload, ui_color c)
{
	ui_cmd *cmd;
	long at;

	if (payload == NULL || payload[0] == '\0')
		return;
	at = store(l, payload);
	if (at < 0)
		return;
	cmd = push(l, UI_QR, r);
	if (cmd == NULL)
		return;
	cmd->color = c;
	cmd->text = (uint32_t)at;
}

void ui_target(ui_list *l, ui_rect r, kiosk_action_id act, int arg)
{
	ui_cmd *cmd = push(l, UI_TARGET, r);

	if (cmd == NULL)
		return;
	cmd->action = act;
	cmd->arg = arg;
}

void ui_layer(ui_list *l)
{
	push(l, UI_LAYER, ui_rect_make(0, 0, 0, 0));
}

void ui_drop_targets(ui_list *l)
{
	int k = 0;

	for (int i = 0; i < l->n; i++) {
		if (l->cmd[i].kind != UI_TARGET)
			l->cmd[k++] = l->cmd[i];
	}
	l->n = k;
}

const char *ui_text_of(const ui_list *l, const ui_cmd *c)
{
	if ((c->kind != UI_TEXT && c->kind != UI_QR) || c->text >= l->used)
		return "";
	return l->arena + c->text;
}

/* Counts code points, not bytes. */
static int utf8_chars(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
	return n;
}

int ui_measure(const ui_list *l, const char *text, int size, ui_weight w)
{
	if (l->measure != NULL)
		return l->measure(l->measure_ctx, text, size, w);
	/* An estimate on the wide side: 0.58 em a character, bold wider. */
	return utf8_chars(text) * size * (w == UI_BOLD ? 62 : 58) / 100;
}

/* The furthest break (a space or the end) after POS at which BUF[POS..]
 * still fits in WIDTH; 0 when not even the first word does. */
static size_t fit_until(const ui_list *l, char *buf, size_t pos, size_t tl,
                        int size, ui_weight w, int width)
{
	size_t fit = 0;

	for (size_t k = pos + 1; k <= tl; k++) {
		char save;
		int wide;

		if (k != tl && buf[k] != ' ')
			continue;
		save = buf[k];
		buf[k] = '\0';
		wide = ui_measure(l, buf + pos, size, w);
		buf[k] = save;
		if (wide > width)
			break;
		fit = k;
	}
	return fit;
}

int ui_wrap(const ui_list *l, const char *text, int size, ui_weight w,
            int width, char *buf, size_t len, const char **lines, int max)
{
	size_t tl = strlen(text);
	size_t pos = 0;
	int count = 0;

	if (len == 0 || max <= 0)
		return 0;
	if (tl >= len)
		tl = len - 1;
	memcpy(buf, text, tl);
	buf[tl] = '\0';
	while (count < max) {
		size_t fit;

		while (pos < tl && buf[pos] == ' ')
			pos++;
		if (pos >= tl)
			break;
		lines[count++] = buf + pos;
		if (count == max)
			break; /* the last line keeps the rest */
		fit = fit_until(l, buf, pos, tl, size, w, width);
		if (fit == tl)
			break;
		if (fit == 0) {
			/* One word wider than the line stands alone. */
			fit = pos;
			while (fit < tl && buf[fit] != ' ')
				fit++;
			if (fit == tl)
				break;
		}
		buf[fit] = '\0';
		pos = fit + 1;
	}
	return count;
}

bool ui_rect_overlap(ui_rect a, ui_rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
	       b.y < a.y + a.h;
}

bool ui_rect_inside(ui_rect inner, ui_rect outer)
{
	return inner.x >= outer.x && inner.y >= outer.y &&
	       inner.x + inner.w <= outer.x + outer.w &&
	       inner.y + inner.h <= outer.y + outer.h;
}

int ui_hit(const ui_list *l, int x, int y, kiosk_action_id *act, int *arg)
{
	for (int i = l->n - 1; i >= 0; i--) {
		const ui_cmd *c = &l->cmd[i];

		if (c->kind != UI_TARGET)
			continue;
		if (x >= c->r.x && x < c->r.x + c->r.w && y >= c->r.y &&
		    y < c->r.y + c->r.h) {
			*act = c->action;
			*arg = c->arg;
			return 1;
		}
	}
	return 0;
}

bool ui_same(const ui_list *a, const ui_list *b)
{
	if (a->w != b->w || a->h != b->h || a->n != b->n)
		return false;
	for (int i = 0; i < a->n; i++) {
		const ui_cmd *x = &a->cmd[i];
		const ui_cmd *y = &b->cmd[i];

		if (x->kind != y->kind || memcmp(&x->r, &y->r, sizeof(x->r)) ||
		    memcmp(&x->color, &y->color, sizeof(x->color)) ||
		    x->radius != y->radius || x->stroke != y->stroke ||
		    x->size != y->size || x->weight != y->weight ||
		    x->align != y->align || x->flags != y->flags ||
		    x->icon != y->icon || x->action != y->action ||
		    x->arg != y->arg)
			return false;
		if ((x->kind == UI_TEXT || x->kind == UI_QR) &&
		    strcmp(ui_text_of(a, x), ui_text_of(b, y)) != 0)
			return false;
	}
	return true;
}

int ui_qr_modules(const char *payload)
{
	/* Byte-mode capacity at level M, versions 1..10. */
	static const int cap[] = {14, 26, 42, 62, 84, 106, 122, 152, 180, 213};
	size_t n = strlen(payload);

	for (int v = 1; v <= 10; v++) {
		if (n <= (size_t)cap[v - 1])
			return 17 + 4 * v;
	}
	return 0;
}

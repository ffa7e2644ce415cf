/*
 * draw.c - every SDL, SDL_ttf, SDL_image, fontconfig and libqrencode call
 * of the door display lives here.
 *
 * Caches: fonts by (weight, size); text textures by (text, size, weight,
 * width, flags) with least-recently-used eviction; icon, corner and shadow
 * masks; the QR code. Text and masks are white textures tinted at draw
 * time, so one texture serves every colour.
 */
#include "draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>

#include "icons.h"

#define FONT_CACHE 48
#define TEXT_CACHE 384
#define MASK_CACHE 96
#define TEXT_MAX 512 /* bytes of one drawn line */
#define PATH_MAX_LEN 512

typedef struct font_entry {
	ui_weight weight;
	int size;
	bool fallback;
	TTF_Font *font;
} font_entry;

typedef struct text_entry {
	char *key; /* the text as asked */
	int size, weight, width;
	unsigned flags;
	SDL_Texture *tex;
	int w, h;   /* texture size */
	int ascent; /* of the font used, for placing the caps */
	int drawn;  /* the size finally used */
	unsigned long used;
} text_entry;

typedef enum mask_kind { MASK_ICON, MASK_CORNER, MASK_SHADOW } mask_kind;

typedef struct mask_entry {
	mask_kind kind;
	int a, b, c, d; /* icon: icon, size; corner: r, stroke; shadow: w, h,
			   r, spread */
	SDL_Texture *tex;
	unsigned long used;
} mask_entry;

struct draw_ctx {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Surface *surface; /* offscreen target */
	int w, h;
	char files[UI_WEIGHT__COUNT][PATH_MAX_LEN];
	char fallback[UI_WEIGHT__COUNT][PATH_MAX_LEN];
	font_entry fonts[FONT_CACHE];
	int nfonts;
	text_entry texts[TEXT_CACHE];
	mask_entry masks[MASK_CACHE];
	unsigned long clock;
	SDL_Texture *qr;
	char *qr_key;
	int qr_size;
	ui_color qr_color;
};

static char *dup_cause(const char *what, const char *detail)
{
	char buf[512];
	size_t n;
	char *p;

	snprintf(buf, sizeof(buf), "%s%s%s", what, detail ? ": " : "",
	         detail ? detail : "");
	n = strlen(buf) + 1;
	p = malloc(n);
	if (p != NULL)
		memcpy(p, buf, n);
	return p;
}

/* ---- Fonts ---- */

static int fc_weight(ui_weight w)
{
	switch (w) {
	case UI_MEDIUM:
		return FC_WEIGHT_MEDIUM;
	case UI_BOLD:
		return FC_WEIGHT_BOLD;
	default:
		return FC_WEIGHT_REGULAR;
	}
}

/* The file fontconfig picks for FAMILY at WEIGHT, into OUT. */
static int font_match(const char *family, ui_weight w, char *out, size_t len)
{
	FcPattern *pat = FcNameParse((const FcChar8 *)family);
	FcPattern *match = NULL;
	FcResult res;
	FcChar8 *file = NULL;
	int rc = -1;

	if (pat == NULL)
		return -1;
	FcPatternDel(pat, FC_WEIGHT);
	FcPatternAddInteger(pat, FC_WEIGHT, fc_weight(w));
	FcPatternAddInteger(pat, FC_SLANT, FC_SLANT_ROMAN);
	FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	match = FcFontMatch(NULL, pat, &res);
	if (match != NULL &&
	    FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
	    strlen((const char *)file) < len) {
		snprintf(out, len, "%s", (const char *)file);
		rc = 0;
	}
	if (match != NULL)
		FcPatternDestroy(match);
	FcPatternDestroy(pat);
	return rc;
}

static TTF_Font *font_get(draw_ctx *d, ui_weight w, int size, bool fallback)
{
	font_entry *e;
	const char *file;

	if (size < 4)
		size = 4;
	for (int i = 0; i < d->nfonts; i++) {
		e = &d->fonts[i];
		if (e->weight == w && e->size == size &&
		    e->fallback == fallback)
			return e->font;
	}
	if (d->nfonts == FONT_CACHE) {
		/* Sizes are few; start again when a resize made many. */
		for (int i = 0; i < d->nfonts; i++)
			TTF_CloseFont(d->fonts[i].font);
		d->nfonts = 0;
	}
	file = fallback ? d->fallback[w] : d->files[w];
	e = &d->fonts[d->nfonts];
	e->font = TTF_OpenFont(file, size);
	if (e->font == NULL)
		return NULL;
	TTF_SetFontHinting(e->font, TTF_HINTING_LIGHT);
	TTF_SetFontKerning(e->font, 1);
	e->weight = w;
	e->size = size;
	e->fallback = fallback;
	d->nfonts++;
	return e->font;
}

static uint32_t next_cp(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t c = *p;
	int n = 0;

	if (c >= 0xF0) {
		c &= 0x07;
		n = 3;
	} else if (c >= 0xE0) {
		c &= 0x0F;
		n = 2;
	} else if (c >= 0xC0) {
		c &= 0x1F;
		n = 1;
	}
	p++;
	for (int i = 0; i < n && (*p & 0xC0) == 0x80; i++, p++)
		c = (c << 6) | (*p & 0x3F);
	*s = (const char *)p;
	return c;
}

/* The font for TEXT: the main one, or the fallback when it lacks a glyph. */
static TTF_Font *font_for(draw_ctx *d, const char *text, ui_weight w, int size)
{
	TTF_Font *f = font_get(d, w, size, false);
	const char *p = text;

	if (f == NULL)
		return NULL;
	while (*p != '\0') {
		uint32_t c = next_cp(&p);

		if (c > ' ' && !TTF_GlyphIsProvided32(f, c)) {
			TTF_Font *fb = font_get(d, w, size, true);

			return fb != NULL ? fb : f;
		}
	}
	return f;
}

static int text_width(draw_ctx *d, const char *text, int size, ui_weight w)
{
	TTF_Font *f = font_for(d, text, w, size);
	int tw = 0, th = 0;

	if (f == NULL || TTF_SizeUTF8(f, text, &tw, &th) != 0)
		return 0;
	return tw;
}

static int measure_cb(void *ctx, const char *text, int size, ui_weight w)
{
	return text_width(ctx, text, size, w);
}

/* ---- Fitting text ---- */

/* The longest prefix of TEXT that, with an ellipsis, fits in MAXW. */
static void ellipsize(draw_ctx *d, const char *text, int size, ui_weight w,
                      int maxw, char *out, size_t len)
{
	size_t n = strlen(text);
	size_t lo = 0, hi = n;

	snprintf(out, len, "\u2026");
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		char buf[TEXT_MAX + 8];

		while (mid > 0 && ((unsigned char)text[mid] & 0xC0) == 0x80)
			mid--;
		if (mid <= lo) {
			break;
		}
		snprintf(buf, sizeof(buf), "%.*s\u2026", (int)mid, text);
		if (text_width(d, buf, size, w) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	while (lo > 0 && text[lo - 1] == ' ')
		lo--;
	if (lo > 0)
		snprintf(out, len, "%.*s\u2026", (int)lo, text);
}

/* ---- Textures ---- */

static SDL_Texture *mask_texture(draw_ctx *d, const uint8_t *mask, int w, int h)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(
	        0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
	SDL_Texture *t;

	if (s == NULL)
		return NULL;
	for (int y = 0; y < h; y++) {
		uint32_t *row =
		        (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);

		for (int x = 0; x < w; x++)
			row[x] = ((uint32_t)mask[y * w + x] << 24) | 0xFFFFFFu;
	}
	t = SDL_CreateTextureFromSurface(d->ren, s);
	SDL_FreeSurface(s);
	if (t != NULL)
		SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	return t;
}

static SDL_Texture *mask_get(draw_ctx *d, mask_kind kind, int a, int b, int c,
                             int e)
{
	mask_entry *slot = &d->masks[0];
	uint8_t *buf;
	int w, h, rc;

	for (int i = 0; i < MASK_CACHE; i++) {
		mask_entry *m = &d->masks[i];

		if (m->tex != NULL && m->kind == kind && m->a == a &&
		    m->b == b && m->c == c && m->d == e) {
			m->used = ++d->clock;
			return m->tex;
		}
		if (m->tex == NULL ||
		    (slot->tex != NULL && m->used < slot->used))
			slot = m;
	}
	switch (kind) {
	case MASK_ICON:
		w = h = b;
		break;
	case MASK_CORNER:
		w = h = a;
		break;
	default:
		w = a + 2 * e;
		h = b + 2 * e;
		break;
	}
	if (w <= 0 || h <= 0 || w > 8192 || h > 8192)
		return NULL;
	if (kind == MASK_CORNER) {
		/* The top-left quarter of a 2r x 2r rounded box. */
		uint8_t *full = malloc((size_t)4 * w * h);

		buf = malloc((size_t)w * h);
		rc = (full == NULL || buf == NULL)
		             ? -1
		             : icon_rounded_box(2 * w, 2 * h, a, b, full);
		if (rc == 0) {
			for (int y = 0; y < h; y++)
				memcpy(buf + y * w, full + y * 2 * w,
				       (size_t)w);
		}
		free(full);
	} else {
		buf = malloc((size_t)w * h);
		if (buf == NULL)
			rc = -1;
		else if (kind == MASK_ICON)
			rc = icon_render((ui_icon)a, b, buf);
		else
			rc = icon_shadow(a, b, c, e, buf);
	}
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	if (slot->tex != NULL)
		SDL_DestroyTexture(slot->tex);
	slot->tex = mask_texture(d, buf, w, h);
	free(buf);
	slot->kind = kind;
	slot->a = a;
	slot->b = b;
	slot->c = c;
	slot->d = e;
	slot->used = ++d->clock;
	return slot->tex;
}

static void tint(SDL_Texture *t, ui_color c)
{
	SDL_SetTextureColorMod(t, c.r, c.g, c.b);
	SDL_SetTextureAlphaMod(t, c.a);
}

/* Renders the white texture of TEXT as drawn in a box of WIDTH. */
static text_entry *text_get(draw_ctx *d, const char *text, int size,
                            ui_weight w, int width, unsigned flags)
{
	text_entry *slot = &d->texts[0];
	char fitted[TEXT_MAX + 8];
	int drawn = size;
	TTF_Font *f;
	SDL_Surface *s;
	SDL_Color white = {255, 255, 255, 255};
	size_t n;

	for (int i = 0; i < TEXT_CACHE; i++) {
		text_entry *e = &d->texts[i];

		if (e->key != NULL && e->size == size && e->weight == (int)w &&
		    e->width == width && e->flags == flags &&
		    strcmp(e->key, text) == 0) {
			e->used = ++d->clock;
			return e;
		}
		if (e->key == NULL ||
		    (slot->key != NULL && e->used < slot->used))
			slot = e;
	}
	snprintf(fitted, sizeof(fitted), "%s", text);
	if (flags & UI_TEXT_SHRINK) {
		while (drawn > size * 7 / 10 &&
		       text_width(d, fitted, drawn, w) > width)
			drawn = drawn * 94 / 100;
	}
	if (text_width(d, fitted, drawn, w) > width)
		ellipsize(d, text, drawn, w, width, fitted, sizeof(fitted));
	f = font_for(d, fitted, w, drawn);
	if (f == NULL)
		return NULL;
	s = TTF_RenderUTF8_Blended(f, fitted, white);
	if (s == NULL)
		return NULL;
	if (slot->tex != NULL)
		SDL_DestroyTexture(slot->tex);
	free(slot->key);
	memset(slot, 0, sizeof(*slot));
	slot->tex = SDL_CreateTextureFromSurface(d->ren, s);
	slot->w = s->w;
	slot->h = s->h;
	SDL_FreeSurface(s);
	if (slot->tex == NULL)
		return NULL;
	SDL_SetTextureBlendMode(slot->tex, SDL_BLENDMODE_BLEND);
	n = strlen(text) + 1;
	slot->key = malloc(n);
	if (slot->key == NULL) {
		SDL_DestroyTexture(slot->tex);
		slot->tex = NULL;
		return NULL;
	}
	memcpy(slot->key, text, n);
	slot->size = size;
	slot->weight = (int)w;
	slot->width = width;
	slot->flags = flags;
	slot->ascent = TTF_FontAscent(f);
	slot->drawn = drawn;
	slot->used = ++d->clock;
	return slot;
}

/* ---- Drawing commands ---- */

static void fill_rect(draw_ctx *d, int x, int y, int w, int h, ui_color c)
{
	SDL_Rect r = {x, y, w, h};

	if (w <= 0 || h <= 0)
		return;
	/* Opaque fills are plain copies: far faster in software. */
	SDL_SetRenderDrawBlendMode(d->ren, c.a == 255 ? SDL_BLENDMODE_NONE
	                                              : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, c.a);
	SDL_RenderFillRect(d->ren, &r);
}

static void corner(draw_ctx *d, SDL_Texture *t, int x, int y, int r,
                   SDL_RendererFlip flip)
{
	SDL_Rect dst = {x, y, r, r};

	SDL_RenderCopyEx(d->ren, t, NULL, &dst, 0, NULL, flip);
}

/* A rounded box as nine pieces that never overlap (so translucent colours
 * stay even): four corner masks, and rectangles between them. */
static void draw_fill(draw_ctx *d, const ui_cmd *c)
{
	ui_rect r = c->r;
	int rad = c->radius;
	int s = c->stroke;
	SDL_Texture *t;

	if (rad * 2 > r.w)
		rad = r.w / 2;
	if (rad * 2 > r.h)
		rad = r.h / 2;
	if (rad <= 0) {
		if (s <= 0) {
			fill_rect(d, r.x, r.y, r.w, r.h, c->color);
			return;
		}
		fill_rect(d, r.x, r.y, r.w, s, c->color);
		fill_rect(d, r.x, r.y + r.h - s, r.w, s, c->color);
		fill_rect(d, r.x, r.y + s, s, r.h - 2 * s, c->color);
		fill_rect(d, r.x + r.w - s, r.y + s, s, r.h - 2 * s, c->color);
		return;
	}
	t = mask_get(d, MASK_CORNER, rad, s, 0, 0);
	if (t == NULL)
		return;
	tint(t, c->color);
	corner(d, t, r.x, r.y, rad, SDL_FLIP_NONE);
	corner(d, t, r.x + r.w - rad, r.y, rad, SDL_FLIP_HORIZONTAL);
	corner(d, t, r.x, r.y + r.h - rad, rad, SDL_FLIP_VERTICAL);
	corner(d, t, r.x + r.w - rad, r.y + r.h - rad, rad,
	       (SDL_RendererFlip)(SDL_FLIP_HORIZONTAL | SDL_FLIP_VERTICAL));
	if (s <= 0) {
		fill_rect(d, r.x + rad, r.y, r.w - 2 * rad, rad, c->color);
		fill_rect(d, r.x, r.y + rad, r.w, r.h - 2 * rad, c->color);
		fill_rect(d, r.x + rad, r.y + r.h - rad, r.w - 2 * rad, rad,
		          c->color);
		return;
	}
	fill_rect(d, r.x + rad, r.y, r.w - 2 * rad, s, c->color);
	fill_rect(d, r.x + rad, r.y + r.h - s, r.w - 2 * rad, s, c->color);
	fill_rect(d, r.x, r.y + rad, s, r.h - 2 * rad, c->color);
	fill_rect(d, r.x + r.w - s, r.y + rad, s, r.h - 2 * rad, c->color);
}

static void draw_shadow(draw_ctx *d, const ui_cmd *c)
{
	int spread = c->stroke;
	SDL_Texture *t =
	        mask_get(d, MASK_SHADOW, c->r.w, c->r.h, c->radius, spread);
	SDL_Rect dst = {c->r.x - spread, c->r.y - spread / 2,
	                c->r.w + 2 * spread, c->r.h + 2 * spread};

	if (t == NULL)
		return;
	SDL_SetTextureColorMod(t, 0, 0, 0);
	SDL_SetTextureAlphaMod(t, 70);
	SDL_RenderCopy(d->ren, t, NULL, &dst);
}

static void draw_icon(draw_ctx *d, const ui_cmd *c)
{
	int size = c->r.w < c->r.h ? c->r.w : c->r.h;
	SDL_Texture *t;
	SDL_Rect dst;

	if (size < 4)
		return;
	t = mask_get(d, MASK_ICON, (int)c->icon, size, 0, 0);
	if (t == NULL)
		return;
	dst = (SDL_Rect){c->r.x + (c->r.w - size) / 2,
	                 c->r.y + (c->r.h - size) / 2, size, size};
	tint(t, c->color);
	SDL_RenderCopy(d->ren, t, NULL, &dst);
}

/* Where a line's top goes so that its capitals sit centred in the box. */
static int caps_top(const ui_rect *r, int ascent, int size)
{
	int cap = size * 72 / 100;

	return r->y + r->h / 2 - (ascent - cap / 2);
}

/* Tabular text: every digit in a cell as wide as the widest digit. */
static void draw_tabular(draw_ctx *d, const ui_cmd *c, const char *text)
{
	int cell = 0, total = 0, x;
	const char *p;
	char one[8];

	for (int k = 0; k <= 9; k++) {
		char digit[2] = {(char)('0' + k), 0};
		int w = text_width(d, digit, c->size, c->weight);

		if (w > cell)
			cell = w;
	}
	for (p = text; *p != '\0';) {
		const char *q = p;
		size_t n;

		next_cp(&q);
		n = (size_t)(q - p);
		if (n >= sizeof(one))
			return;
		memcpy(one, p, n);
		one[n] = '\0';
		total += (*p >= '0' && *p <= '9')
		                 ? cell
		                 : text_width(d, one, c->size, c->weight);
		p = q;
	}
	if (total > c->r.w) {
		text_entry *e = text_get(d, text, c->size, c->weight, c->r.w,
		                         c->flags & ~UI_TEXT_TABULAR);
		SDL_Rect dst;

		if (e == NULL)
			return;
		dst = (SDL_Rect){c->r.x, caps_top(&c->r, e->ascent, e->drawn),
		                 e->w, e->h};
		tint(e->tex, c->color);
		SDL_RenderCopy(d->ren, e->tex, NULL, &dst);
		return;
	}
	x = c->r.x;
	if (c->align == UI_CENTER)
		x += (c->r.w - total) / 2;
	else if (c->align == UI_RIGHT)
		x += c->r.w - total;
	for (p = text; *p != '\0';) {
		const char *q = p;
		size_t n;
		text_entry *e;
		int adv;

		next_cp(&q);
		n = (size_t)(q - p);
		memcpy(one, p, n);
		one[n] = '\0';
		adv = (*p >= '0' && *p <= '9')
		              ? cell
		              : text_width(d, one, c->size, c->weight);
		e = text_get(d, one, c->size, c->weight, 1 << 20, 0);
		if (e != NULL) {
			SDL_Rect dst = {x + (adv - e->w) / 2,
			                caps_top(&c->r, e->ascent, c->size),
			                e->w, e->h};

			tint(e->tex, c->color);
			SDL_RenderCopy(d->ren, e->tex, NULL, &dst);
		}
		x += adv;
		p = q;
	}
}

static void draw_text(draw_ctx *d, const ui_list *l, const ui_cmd *c)
{
	const char *text = ui_text_of(l, c);
	text_entry *e;
	SDL_Rect dst;

	if (strlen(text) >= TEXT_MAX)
		return;
	if (c->flags & UI_TEXT_TABULAR) {
		draw_tabular(d, c, text);
		return;
	}
	e = text_get(d, text, c->size, c->weight, c->r.w, c->flags);
	if (e == NULL)
		return;
	dst = (SDL_Rect){c->r.x, caps_top(&c->r, e->ascent, e->drawn), e->w,
	                 e->h};
	if (c->align == UI_CENTER)
		dst.x += (c->r.w - e->w) / 2;
	else if (c->align == UI_RIGHT)
		dst.x += c->r.w - e->w;
	tint(e->tex, c->color);
	SDL_RenderCopy(d->ren, e->tex, NULL, &dst);
}

/* The QR code with a quiet zone of 4 modules, whole pixels per module. */
static void draw_qr(draw_ctx *d, const ui_list *l, const ui_cmd *c)
{
	const char *payload = ui_text_of(l, c);
	int side = c->r.w < c->r.h ? c->r.w : c->r.h;
	SDL_Rect dst;

	if (d->qr == NULL || d->qr_key == NULL ||
	    strcmp(d->qr_key, payload) != 0 || d->qr_size != side ||
	    memcmp(&d->qr_color, &c->color, sizeof(c->color)) != 0) {
		QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M,
		                                QR_MODE_8, 1);
		SDL_Surface *s;
		int total, px, off;
		size_t n;

		if (q == NULL)
			return;
		total = q->width + 8;
		px = side / total;
		if (px < 1) {
			QRcode_free(q);
			return;
		}
		s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32,
		                                   SDL_PIXELFORMAT_ARGB8888);
		if (s == NULL) {
			QRcode_free(q);
			return;
		}
		SDL_FillRect(s, NULL, 0xFFFFFFFFu);
		off = (side - q->width * px) / 2;
		for (int y = 0; y < q->width; y++) {
			for (int x = 0; x < q->width; x++) {
				SDL_Rect m = {off + x * px, off + y * px, px,
				              px};

				if (q->data[y * q->width + x] & 1)
					SDL_FillRect(s, &m,
					             SDL_MapRGB(s->format,
					                        c->color.r,
					                        c->color.g,
					                        c->color.b));
			}
		}
		QRcode_free(q);
		if (d->qr != NULL)
			SDL_DestroyTexture(d->qr);
		d->qr = SDL_CreateTextureFromSurface(d->ren, s);
		SDL_FreeSurface(s);
		free(d->qr_key);
		n = strlen(payload) + 1;
		d->qr_key = malloc(n);
		if (d->qr_key != NULL)
			memcpy(d->qr_key, payload, n);
		d->qr_size = side;
		d->qr_color = c->color;
		if (d->qr == NULL)
			return;
	}
	dst = (SDL_Rect){c->r.x + (c->r.w - side) / 2,
	                 c->r.y + (c->r.h - side) / 2, side, side};
	SDL_RenderCopy(d->ren, d->qr, NULL, &dst);
}

int draw_render(draw_ctx *d, const ui_list *l)
{
	SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
	if (SDL_RenderClear(d->ren) != 0)
		return -1;
	for (int i = 0; i < l->n; i++) {
		const ui_cmd *c = &l->cmd[i];

		switch (c->kind) {
		case UI_FILL:
			draw_fill(d, c);
			break;
		case UI_SHADOW:
			draw_shadow(d, c);
			break;
		case UI_TEXT:
			draw_text(d, l, c);
			break;
		case UI_ICON:
			draw_icon(d, c);
			break;
		case UI_QR:
			draw_qr(d, l, c);
			break;
		default:
			break;
		}
	}
	SDL_RenderPresent(d->ren);
	return 0;
}

/* ---- Set-up ---- */

static int find_fonts(draw_ctx *d, const char *family, char **cause)
{
	if (!FcInit()) {
		if (cause != NULL)
			*cause = dup_cause("fontconfig cannot start", NULL);
		return -1;
	}
	for (int w = 0; w < UI_WEIGHT__COUNT; w++) {
		if (font_match(family, (ui_weight)w, d->files[w],
		               sizeof(d->files[w])) != 0 ||
		    font_match("DejaVu Sans,sans-serif", (ui_weight)w,
		               d->fallback[w], sizeof(d->fallback[w])) != 0) {
			if (cause != NULL)
				*cause = dup_cause("no font found for", family);
			return -1;
		}
	}
	return 0;
}

/* Video drivers that show a window's pixels without OpenGL. */
static bool has_native_framebuffer(void)
{
	static const char *const names[] = {"x11", "offscreen", "dummy", NULL};
	const char *driver = SDL_GetCurrentVideoDriver();

	for (int i = 0; driver != NULL && names[i] != NULL; i++) {
		if (strcmp(driver, names[i]) == 0)
			return true;
	}
	return false;
}

static int open_window(draw_ctx *d, const draw_options *o, char **cause)
{
	Uint32 flags = SDL_WINDOW_SHOWN | SDL_WINDOW_ALLOW_HIGHDPI;
	int w = o->w, h = o->h;

	if (o->windowed) {
		flags |= SDL_WINDOW_RESIZABLE;
		if (w <= 0 || h <= 0) {
			w = 800;
			h = 480;
		}
	} else {
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	}
	d->win = SDL_CreateWindow("Porte", SDL_WINDOWPOS_CENTERED,
	                          SDL_WINDOWPOS_CENTERED, w > 0 ? w : 800,
	                          h > 0 ? h : 480, flags);
	if (d->win == NULL) {
		*cause = dup_cause("cannot open a window", SDL_GetError());
		return -1;
	}
	if (!o->accelerated && has_native_framebuffer())
		/* Else SDL puts the window's pixels in a GL texture, which
		 * on a machine without a GPU loads llvmpipe: 70 MB more. */
		SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
	if (o->accelerated)
		d->ren = SDL_CreateRenderer(d->win, -1,
		                            SDL_RENDERER_ACCELERATED);
	if (d->ren == NULL)
		d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
	if (d->ren == NULL) {
		*cause = dup_cause("no renderer", SDL_GetError());
		return -1;
	}
	if (SDL_GetRendererOutputSize(d->ren, &d->w, &d->h) != 0) {
		*cause = dup_cause("no output size", SDL_GetError());
		return -1;
	}
	return 0;
}

int draw_open(const draw_options *o, draw_ctx **out, char **cause)
{
	draw_ctx *d = calloc(1, sizeof(*d));
	char *why = NULL;

	if (d == NULL) {
		if (cause != NULL)
			*cause = dup_cause("out of memory", NULL);
		return -1;
	}
	if (TTF_Init() != 0) {
		why = dup_cause("SDL_ttf", TTF_GetError());
		goto fail;
	}
	if (find_fonts(d, o->family ? o->family : DRAW_DEFAULT_FAMILY, &why) !=
	    0)
		goto fail;
	if (o->offscreen) {
		d->w = o->w > 0 ? o->w : 800;
		d->h = o->h > 0 ? o->h : 480;
		d->surface = SDL_CreateRGBSurfaceWithFormat(
		        0, d->w, d->h, 32, SDL_PIXELFORMAT_ARGB8888);
		if (d->surface != NULL)
			d->ren = SDL_CreateSoftwareRenderer(d->surface);
		if (d->ren == NULL) {
			why = dup_cause("no offscreen renderer",
			                SDL_GetError());
			goto fail;
		}
	} else if (open_window(d, o, &why) != 0) {
		goto fail;
	}
	*out = d;
	return 0;
fail:
	draw_close(d);
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return -1;
}

void draw_close(draw_ctx *d)
{
	if (d == NULL)
		return;
	for (int i = 0; i < TEXT_CACHE; i++) {
		if (d->texts[i].tex != NULL)
			SDL_DestroyTexture(d->texts[i].tex);
		free(d->texts[i].key);
	}
	for (int i = 0; i < MASK_CACHE; i++) {
		if (d->masks[i].tex != NULL)
			SDL_DestroyTexture(d->masks[i].tex);
	}
	if (d->qr != NULL)
		SDL_DestroyTexture(d->qr);
	free(d->qr_key);
	for (int i = 0; i < d->nfonts; i++)
		TTF_CloseFont(d->fonts[i].font);
	if (d->ren != NULL)
		SDL_DestroyRenderer(d->ren);
	if (d->surface != NULL)
		SDL_FreeSurface(d->surface);
	if (d->win != NULL)
		SDL_DestroyWindow(d->win);
	if (TTF_WasInit())
		TTF_Quit();
	FcFini();
	free(d);
}

void draw_size(const draw_ctx *d, int *w, int *h)
{
	*w = d->w;
	*h = d->h;
}

void draw_bind(draw_ctx *d, ui_list *l)
{
	l->measure = measure_cb;
	l->measure_ctx = d;
}

const char *draw_font_file(const draw_ctx *d, ui_weight w)
{
	if ((int)w < 0 || w >= UI_WEIGHT__COUNT)
		return "";
	return d->files[w];
}

unsigned draw_window_id(const draw_ctx *d)
{
	return d->win != NULL ? SDL_GetWindowID(d->win) : 0;
}

bool draw_resized(draw_ctx *d)
{
	int w, h;

	if (d->ren == NULL || d->surface != NULL ||
	    SDL_GetRendererOutputSize(d->ren, &w, &h) != 0)
		return false;
	if (w == d->w && h == d->h)
		return false;
	d->w = w;
	d->h = h;
	return true;
}

int draw_save_png(draw_ctx *d, const char *path, char **cause)
{
	SDL_Surface *s = d->surface;
	bool own = false;
	int rc;

	if (s == NULL) {
		s = SDL_CreateRGBSurfaceWithFormat(0, d->w, d->h, 32,
		                                   SDL_PIXELFORMAT_ARGB8888);
		if (s == NULL ||
		    SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888,
		                         s->pixels, s->pitch) != 0) {
			if (cause != NULL)
				*cause = dup_cause("cannot read the screen",
				                   SDL_GetError());
			SDL_FreeSurface(s);
			return -1;
		}
		own = true;
	}
	rc = IMG_SavePNG(s, path);
	if (own)
		SDL_FreeSurface(s);
	if (rc != 0) {
		if (cause != NULL)
			*cause = dup_cause(path, IMG_GetError());
		return -1;
	}
	return 0;
}

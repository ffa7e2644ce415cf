/*
 * staff_svg.c - the dashboard's charts as inline SVG (see staff_svg.h).
 * Coordinates are in the viewBox's units; the box scales with the page.
 */
#include <math.h>
#include <string.h>

#include "staff_svg.h"

/* The smallest the bars and lines are drawn (a unit's pixels; the heat
 * map's cells at 1): a narrower box scrolls (div.chart-scroll). */
#define SVG_MIN_SCALE 0.75

/* Heat map geometry. */
#define HM_LEFT 46
#define HM_TOP 24
#define HM_W 38
#define HM_H 30
#define HM_GAP 2
#define HM_LEGEND 44
#define HM_SCALE 1.6

/* Bar chart geometry. */
#define BAR_LABEL 168
#define BAR_AREA 226
#define BAR_TAIL 96
#define BAR_MIN_SCALE 0.68
#define BAR_ROW 28
#define BAR_H 18
#define BAR_LEGEND 26
#define BAR_LABEL_CHARS 24

/* Line chart geometry. */
#define LN_W 760
#define LN_W_MIN 560
#define LN_H 260
#define LN_LEFT 46
#define LN_RIGHT 14
#define LN_TOP 30
#define LN_BOTTOM 40
#define LN_XLABELS 14

/* Opens the <svg> of W x H units, drawn at SCALE pixels a unit where
 * there is room and MIN_SCALE at least (a narrower box scrolls), named
 * LABEL. */
static void svg_open(page *p, const char *cls, double w, double h, double scale,
                     double min_scale, const char *label)
{
	page_addf(p,
	          "<svg class=\"chart %s\" viewBox=\"0 0 %.0f %.0f\" "
	          "width=\"%.0f\" height=\"%.0f\" "
	          "style=\"min-width:%.0fpx\" role=\"img\" aria-label=\"",
	          cls, w, h, w * scale, h * scale, w * min_scale);
	page_esc(p, label);
	page_add(p, "\" xmlns=\"http://www.w3.org/2000/svg\">\n<title>");
	page_esc(p, label);
	page_add(p, "</title>\n");
}

static void svg_title(page *p, const char *title)
{
	page_add(p, "<title>");
	page_esc(p, title);
	page_add(p, "</title>");
}

/* Appends TEXT cut to MAX characters (UTF-8), with "…" when cut. */
static void esc_cut(page *p, const char *text, size_t max)
{
	char buf[SVG_TITLE_MAX];
	size_t chars = 0, i = 0;

	for (; text[i] != '\0' && i + 4 < sizeof buf; i++) {
		if (((unsigned char)text[i] & 0xc0) != 0x80 && ++chars > max)
			break;
		buf[i] = text[i];
	}
	buf[i] = '\0';
	page_esc(p, buf);
	if (text[i] != '\0')
		page_add(p, "…");
}

/* ---- the heat map --------------------------------------------------- */

static int heat_level(double level)
{
	int l;

	if (level <= 0.0 || isnan(level))
		return 0;
	l = 1 + (int)(level * (SVG_HEAT_LEVELS - 1));
	return l > SVG_HEAT_LEVELS - 1 ? SVG_HEAT_LEVELS - 1 : l;
}

static void heat_cell(page *p, const svg_cell *c, double x, double y)
{
	int l = c->level < 0.0 ? -1 : heat_level(c->level);

	page_addf(p,
	          "<g class=\"hm-cell\"><rect class=\"%s%d\" x=\"%.0f\" "
	          "y=\"%.0f\" width=\"%d\" height=\"%d\" rx=\"4\">",
	          l < 0 ? "hm-none hm-" : "hm-", l < 0 ? 0 : l, x, y, HM_W,
	          HM_H);
	svg_title(p, c->title);
	page_add(p, "</rect>");
	if (c->text[0] != '\0') {
		page_addf(p,
		          "<text class=\"hm-t%d\" x=\"%.0f\" y=\"%.0f\" "
		          "text-anchor=\"middle\" aria-hidden=\"true\">",
		          l < 0 ? 0 : l, x + HM_W / 2.0, y + HM_H / 2.0 + 4);
		page_esc(p, c->text);
		page_add(p, "</text>");
	}
	page_add(p, "</g>\n");
}

static void heat_legend(page *p, const svg_heat *h, double y)
{
	double x = HM_LEFT;

	page_addf(p,
	          "<g class=\"legend\" aria-hidden=\"true\">"
	          "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">",
	          x - 6, y + 13);
	page_esc(p, h->legend_low);
	page_add(p, "</text>");
	for (int l = 0; l < SVG_HEAT_LEVELS; l++)
		page_addf(p,
		          "<rect class=\"hm-%d\" x=\"%.0f\" y=\"%.0f\" "
		          "width=\"28\" height=\"16\" rx=\"3\"/>",
		          l, x + l * 30.0, y);
	page_addf(p, "<text x=\"%.0f\" y=\"%.0f\">",
	          x + SVG_HEAT_LEVELS * 30.0 + 4, y + 13);
	page_esc(p, h->legend_high);
	page_add(p, "</text></g>\n");
}

void svg_heat_add(page *p, const svg_heat *h)
{
	double w = HM_LEFT + h->cols * (HM_W + HM_GAP) + 4;
	double ht = HM_TOP + h->rows * (HM_H + HM_GAP) + HM_LEGEND;

	svg_open(p, "heat", w, ht, HM_SCALE, 1.0, h->label);
	page_add(p, "<g class=\"axis\" aria-hidden=\"true\">");
	for (int c = 0; c < h->cols; c++) {
		page_addf(
		        p, "<text x=\"%.0f\" y=\"%d\" text-anchor=\"middle\">",
		        HM_LEFT + c * (HM_W + HM_GAP) + HM_W / 2.0, HM_TOP - 8);
		page_esc(p, h->col_names[c]);
		page_add(p, "</text>");
	}
	for (int r = 0; r < h->rows; r++) {
		page_addf(p, "<text x=\"%d\" y=\"%.0f\" text-anchor=\"end\">",
		          HM_LEFT - 8,
		          HM_TOP + r * (HM_H + HM_GAP) + HM_H / 2.0 + 4);
		page_esc(p, h->row_names[r]);
		page_add(p, "</text>");
	}
	page_add(p, "</g>\n");
	for (int r = 0; r < h->rows; r++) {
		for (int c = 0; c < h->cols; c++)
			heat_cell(p, &h->cells[r * h->cols + c],
			          HM_LEFT + c * (HM_W + HM_GAP),
			          HM_TOP + r * (HM_H + HM_GAP));
	}
	heat_legend(p, h, HM_TOP + h->rows * (HM_H + HM_GAP) + 14);
	page_add(p, "</svg>\n");
}

/* ---- bars ------------------------------------------------------------- */

static double bars_max(const svg_bars *b)
{
	double max = b->max;

	if (max > 0.0)
		return max;
	for (size_t i = 0; i < b->n; i++) {
		for (int s = 0; s < b->series; s++) {
			if (b->bars[i].v[s] > max)
				max = b->bars[i].v[s];
		}
	}
	return max > 0.0 ? max : 1.0;
}

/* A legend of the series at Y, from X. */
static void series_legend(page *p, const svg_series *s, int n, double x,
                          double y, bool lines)
{
	page_add(p, "<g class=\"legend\" aria-hidden=\"true\">");
	for (int i = 0; i < n; i++) {
		if (lines)
			page_addf(p,
			          "<path class=\"%s\" d=\"M%.0f %.0fh22\"/>"
			          "<rect class=\"mk %s\" x=\"%.0f\" y=\"%.0f\" "
			          "width=\"8\" height=\"8\" rx=\"%d\"/>",
			          s[i].cls, x, y - 4, s[i].cls, x + 7, y - 8,
			          i == 0 ? 4 : 0);
		else
			page_addf(p,
			          "<rect class=\"%s\" x=\"%.0f\" y=\"%.0f\" "
			          "width=\"14\" height=\"14\" rx=\"3\"/>",
			          s[i].cls, x, y - 11);
		page_addf(p, "<text x=\"%.0f\" y=\"%.0f\">", x + 28, y);
		page_esc(p, s[i].name);
		page_add(p, "</text>");
		x += 40 + 8.0 * (double)strlen(s[i].name);
	}
	page_add(p, "</g>\n");
}

static void bar_row(page *p, const svg_bars *b, const svg_bar *bar, double y,
                    double max)
{
	double bh = b->series > 1 ? BAR_H / 2.0 : BAR_H, end = 0.0;

	page_addf(p, "<g class=\"bar-row\">");
	svg_title(p, bar->title);
	page_addf(p,
	          "<text class=\"bar-label\" x=\"%d\" y=\"%.0f\" "
	          "text-anchor=\"end\">",
	          BAR_LABEL - 8, y + BAR_H / 2.0 + 4);
	esc_cut(p, bar->label, BAR_LABEL_CHARS);
	page_add(p, "</text>");
	for (int s = 0; s < b->series; s++) {
		double w = bar->v[s] > 0 ? BAR_AREA * bar->v[s] / max : 0;

		if (w > 0 && w < 2)
			w = 2;
		if (w > end)
			end = w;
		page_addf(p,
		          "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" "
		          "width=\"%.1f\" height=\"%.1f\" rx=\"2\"/>",
		          b->s[s].cls, BAR_LABEL, y + s * bh, w, bh);
	}
	page_addf(p, "<text class=\"bar-value\" x=\"%.1f\" y=\"%.0f\">",
	          BAR_LABEL + end + 6, y + BAR_H / 2.0 + 4);
	page_esc(p, bar->text);
	page_add(p, "</text></g>\n");
}

void svg_bars_add(page *p, const svg_bars *b)
{
	double max = bars_max(b);
	double top = b->series > 1 ? BAR_LEGEND : 4;
	double h = top + (double)b->n * BAR_ROW + 6;

	svg_open(p, "bars", BAR_LABEL + BAR_AREA + BAR_TAIL, h, 1.0,
	         BAR_MIN_SCALE, b->label);
	if (b->series > 1)
		series_legend(p, b->s, b->series, BAR_LABEL, 14, false);
	page_addf(p, "<path class=\"base\" d=\"M%d %.0fV%.0f\"/>\n", BAR_LABEL,
	          top - 2, h - 4);
	for (size_t i = 0; i < b->n; i++)
		bar_row(p, b, &b->bars[i], top + (double)i * BAR_ROW, max);
	page_add(p, "</svg>\n");
}

/* ---- lines ------------------------------------------------------------ */

static double ln_w(const svg_lines *l)
{
	double w = LN_LEFT + LN_RIGHT + 40.0 * (double)l->n;

	return w < LN_W_MIN ? LN_W_MIN : w > LN_W ? LN_W : w;
}

static double ln_x(const svg_lines *l, size_t i)
{
	double w = ln_w(l) - LN_LEFT - LN_RIGHT;

	if (l->n <= 1)
		return LN_LEFT + w / 2;
	return LN_LEFT + w * (double)i / (double)(l->n - 1);
}

static double ln_y(double v)
{
	double h = LN_H - LN_TOP - LN_BOTTOM;

	if (v > 1.0)
		v = 1.0;
	return LN_TOP + h * (1.0 - v);
}

static void ln_grid(page *p, const svg_lines *l)
{
	size_t step = (l->n + LN_XLABELS - 1) / LN_XLABELS;

	page_add(p, "<g class=\"axis\" aria-hidden=\"true\">");
	for (int g = 0; g <= 4; g++) {
		double y = ln_y(g / 4.0);

		page_addf(p,
		          "<path class=\"grid\" d=\"M%d %.1fH%.0f\"/>"
		          "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
		          "%d %%</text>",
		          LN_LEFT, y, ln_w(l) - LN_RIGHT, LN_LEFT - 6, y + 4,
		          g * 25);
	}
	for (size_t i = 0; i < l->n; i += step ? step : 1) {
		if (l->pts[i].x[0] == '\0')
			continue;
		page_addf(p,
		          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
		          ln_x(l, i), LN_H - LN_BOTTOM + 18);
		page_esc(p, l->pts[i].x);
		page_add(p, "</text>");
	}
	page_add(p, "</g>\n");
}

/* The path of series S, broken where a point has no value. */
static void ln_path(page *p, const svg_lines *l, int s)
{
	bool pen = false;

	page_addf(p, "<path class=\"line %s\" d=\"", l->s[s].cls);
	for (size_t i = 0; i < l->n; i++) {
		double v = l->pts[i].v[s];

		if (v < 0.0 || isnan(v)) {
			pen = false;
			continue;
		}
		page_addf(p, "%c%.1f %.1f", pen ? 'L' : 'M', ln_x(l, i),
		          ln_y(v));
		pen = true;
	}
	page_add(p, "\"/>\n");
}

static void ln_marks(page *p, const svg_lines *l, int s)
{
	for (size_t i = 0; i < l->n; i++) {
		double v = l->pts[i].v[s];
		double x = ln_x(l, i), y;

		if (v < 0.0 || isnan(v))
			continue;
		y = ln_y(v);
		if (s == 0)
			page_addf(p,
			          "<circle class=\"mk %s\" cx=\"%.1f\" "
			          "cy=\"%.1f\" r=\"4.5\">",
			          l->s[s].cls, x, y);
		else
			page_addf(p,
			          "<rect class=\"mk %s\" x=\"%.1f\" y=\"%.1f\" "
			          "width=\"8\" height=\"8\">",
			          l->s[s].cls, x - 4, y - 4);
		svg_title(p, l->pts[i].title[s]);
		page_add(p, s == 0 ? "</circle>" : "</rect>");
	}
	page_add(p, "\n");
}

void svg_lines_add(page *p, const svg_lines *l)
{
	svg_open(p, "lines", ln_w(l), LN_H, 1.0, SVG_MIN_SCALE, l->label);
	series_legend(p, l->s, l->series, LN_LEFT, 16, true);
	ln_grid(p, l);
	for (int s = 0; s < l->series; s++)
		ln_path(p, l, s);
	for (int s = 0; s < l->series; s++)
		ln_marks(p, l, s);
	page_add(p, "</svg>\n");
}

/*
 * staff_svg.h - small charts drawn on the server as inline SVG, for the
 * statistics' dashboard: a heat map, horizontal bars, lines. No script,
 * no library: each writer appends one <svg role="img" aria-label=...>
 * with a <title> on every mark, so a pointer shows the number and a
 * screen reader has the chart's name (the numbers themselves go in a
 * table next to the chart, written by the caller).
 *
 * Colours are CSS classes of the stylesheet (staff_stats_css.c), so the
 * light and the dark scheme both apply: hm-0..hm-5 for the heat map's
 * levels, and the series' classes the caller names. The charts scale
 * with their box (viewBox, width 100 %); wrap them in div.chart-scroll to
 * keep a minimum width on a phone.
 *
 * Not an interface of porte-server: pages.h is.
 */
#ifndef PORTE_STAFF_SVG_H
#define PORTE_STAFF_SVG_H

#include <stddef.h>

#include "page_int.h"

/* Levels of the heat map's colour scale (classes hm-0 .. hm-5). */
#define SVG_HEAT_LEVELS 6

/* Longest text of a mark (a cell's, a bar's, a point's), bytes. */
#define SVG_TEXT_MAX 48
/* Longest title of a mark, bytes. */
#define SVG_TITLE_MAX 200

/* A heat map's cell: its level 0..1 (the colour; below 0: no value,
 * drawn empty), the short text drawn in it and its title. */
typedef struct svg_cell {
	double level;
	char text[SVG_TEXT_MAX];
	char title[SVG_TITLE_MAX];
} svg_cell;

/* A grid of ROWS x COLS cells (row by row), with the rows' and the
 * columns' names (ROWS and COLS of them, borrowed), and the legend's
 * words for its low and high ends (e.g. "0 %", "100 %"). */
typedef struct svg_heat {
	const char *label; /* the chart's name (aria-label) */
	int rows, cols;
	const char *const *row_names;
	const char *const *col_names;
	const svg_cell *cells;
	const char *legend_low, *legend_high;
} svg_heat;

/* Appends heat map H: one rect per cell with its level's class and
 * title, the text in it, the names on the left and on top, a legend of
 * the levels below. */
void svg_heat_add(page *p, const svg_heat *h);

/* Most series a bar chart or a line chart draws. */
#define SVG_SERIES_MAX 2

/* One bar (or a group of SERIES bars): its label on the left, a value
 * per series, the text drawn after it and its title. */
typedef struct svg_bar {
	char label[SVG_TITLE_MAX];
	double v[SVG_SERIES_MAX];
	char text[SVG_TEXT_MAX];
	char title[SVG_TITLE_MAX];
} svg_bar;

/* The series of a chart: its name (in the legend) and its CSS class
 * (fill of bars, stroke of lines; borrowed). */
typedef struct svg_series {
	const char *name;
	const char *cls;
} svg_series;

/* N bars of SERIES series each, scaled to MAX (MAX <= 0: the largest
 * value). A legend is drawn when there are two series. */
typedef struct svg_bars {
	const char *label;
	const svg_bar *bars;
	size_t n;
	int series;
	svg_series s[SVG_SERIES_MAX];
	double max;
} svg_bars;

/* Appends bar chart B (horizontal bars, one row each). */
void svg_bars_add(page *p, const svg_bars *b);

/* A point of a line chart: its value per series (0..1, a rate; below 0:
 * none, the line breaks there), its name under the axis (may be "" to
 * leave it out) and a title per series. */
typedef struct svg_point {
	double v[SVG_SERIES_MAX];
	char x[SVG_TEXT_MAX];
	char title[SVG_SERIES_MAX][SVG_TITLE_MAX];
} svg_point;

/* N points of SERIES series from left to right, on a 0..100 % axis. */
typedef struct svg_lines {
	const char *label;
	const svg_point *pts;
	size_t n;
	int series;
	svg_series s[SVG_SERIES_MAX];
} svg_lines;

/* Appends line chart L, with a marker per point (a circle for the first
 * series, a square for the second: never colour alone) and a legend. */
void svg_lines_add(page *p, const svg_lines *l);

#endif

/*
 * icons.c - icons drawn from a few signed distance functions on a 24 x 24
 * design grid: capsules (stroked segments), rings and arcs with round caps,
 * discs, rounded boxes and polygons. Coverage is 0.5 - distance in pixels,
 * clamped, which gives one pixel of anti-aliasing at any size.
 */
#include "icons.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define GRID 24.0
#define PI 3.14159265358979323846

typedef struct vec {
	double x, y;
} vec;

static vec v(double x, double y)
{
	vec r = {x, y};
	return r;
}

static double len(vec a)
{
	return sqrt(a.x * a.x + a.y * a.y);
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Distance from P to the segment AB, minus half-width T. */
static double seg(vec p, vec a, vec b, double t)
{
	vec pa = v(p.x - a.x, p.y - a.y), ba = v(b.x - a.x, b.y - a.y);
	double h = clampd((pa.x * ba.x + pa.y * ba.y) /
	                          (ba.x * ba.x + ba.y * ba.y),
	                  0.0, 1.0);

	return len(v(pa.x - ba.x * h, pa.y - ba.y * h)) - t;
}

static double disc(vec p, vec c, double r)
{
	return len(v(p.x - c.x, p.y - c.y)) - r;
}

static double ring(vec p, vec c, double r, double t)
{
	return fabs(disc(p, c, r)) - t;
}

/* An arc of radius R around C from angle A0 to A1 (radians, y down,
 * A0 < A1), half-width T, round caps. */
static double arc(vec p, vec c, double r, double a0, double a1, double t)
{
	double a = atan2(p.y - c.y, p.x - c.x);
	vec e0 = v(c.x + r * cos(a0), c.y + r * sin(a0));
	vec e1 = v(c.x + r * cos(a1), c.y + r * sin(a1));

	while (a < a0)
		a += 2 * PI;
	if (a <= a1)
		return fabs(len(v(p.x - c.x, p.y - c.y)) - r) - t;
	return fmin(len(v(p.x - e0.x, p.y - e0.y)),
	            len(v(p.x - e1.x, p.y - e1.y))) -
	       t;
}

static double box(vec p, vec c, vec half, double r)
{
	double qx = fabs(p.x - c.x) - half.x + r;
	double qy = fabs(p.y - c.y) - half.y + r;
	double out = len(v(fmax(qx, 0.0), fmax(qy, 0.0)));

	return out + fmin(fmax(qx, qy), 0.0) - r;
}

static double poly(vec p, const vec *pt, int n)
{
	double d = (p.x - pt[0].x) * (p.x - pt[0].x) +
	           (p.y - pt[0].y) * (p.y - pt[0].y);
	double s = 1.0;

	for (int i = 0, j = n - 1; i < n; j = i, i++) {
		vec e = v(pt[j].x - pt[i].x, pt[j].y - pt[i].y);
		vec w = v(p.x - pt[i].x, p.y - pt[i].y);
		double h = clampd((w.x * e.x + w.y * e.y) /
		                          (e.x * e.x + e.y * e.y),
		                  0.0, 1.0);
		vec b = v(w.x - e.x * h, w.y - e.y * h);
		bool c1 = p.y >= pt[i].y,
		     c2 = p.y<pt[j].y, c3 = e.x * w.y> e.y * w.x;

		d = fmin(d, b.x * b.x + b.y * b.y);
		if ((c1 && c2 && c3) || (!c1 && !c2 && !c3))
			s = -s;
	}
	return s * sqrt(d);
}

static double uni(double a, double b)
{
	return fmin(a, b);
}

static double cut(double a, double b)
{
	return fmax(a, -b);
}

/* The signed distance (grid units) of ICON at P. */
static double icon_sdf(ui_icon icon, vec p)
{
	const double t = 1.1; /* half of the usual stroke */

	switch (icon) {
	case UI_ICON_CHECK:
		return uni(seg(p, v(4.8, 12.6), v(9.6, 17.4), 1.45),
		           seg(p, v(9.6, 17.4), v(19.4, 7.0), 1.45));
	case UI_ICON_CLOCK:
		return uni(ring(p, v(12, 12), 9.2, t),
		           uni(seg(p, v(12, 12), v(12, 6.6), t),
		               seg(p, v(12, 12), v(15.6, 14.2), t)));
	case UI_ICON_LOCK: {
		double body = box(p, v(12, 15.2), v(7.4, 6.0), 1.8);
		double shackle =
		        uni(arc(p, v(12, 9.0), 4.4, PI, 2 * PI, t),
		            uni(seg(p, v(7.6, 9.0), v(7.6, 9.6), t),
		                seg(p, v(16.4, 9.0), v(16.4, 9.6), t)));
		double hole = uni(disc(p, v(12, 14.4), 1.5),
		                  seg(p, v(12, 14.4), v(12, 17.2), 0.75));

		return uni(cut(body, hole), shackle);
	}
	case UI_ICON_WIFI_OFF: {
		double w = uni(
		        arc(p, v(12, 19.5), 13.5, -PI * 0.78, -PI * 0.22, t),
		        arc(p, v(12, 19.5), 9.0, -PI * 0.76, -PI * 0.24, t));
		double slash = seg(p, v(4, 3.5), v(20.5, 20), t);
		double gap = seg(p, v(4, 3.5), v(20.5, 20), t + 1.4);

		w = uni(w, arc(p, v(12, 19.5), 4.6, -PI * 0.74, -PI * 0.26, t));
		w = uni(w, disc(p, v(12, 19.4), 1.6));
		return uni(cut(w, gap), slash);
	}
	case UI_ICON_BUSY:
		return cut(disc(p, v(12, 12), 10.0),
		           box(p, v(12, 12), v(6.2, 1.7), 0.6));
	case UI_ICON_MOON:
		return cut(disc(p, v(12, 12.5), 8.8),
		           disc(p, v(16.8, 8.2), 7.4));
	case UI_ICON_WARNING: {
		static const vec tri[] = {{12, 2.6}, {22.4, 20.6}, {1.6, 20.6}};
		double mark = uni(seg(p, v(12, 9.0), v(12, 13.8), 1.15),
		                  disc(p, v(12, 17.1), 1.25));

		return cut(poly(p, tri, 3) - 0.6, mark);
	}
	case UI_ICON_INFO:
		return cut(disc(p, v(12, 12), 10.0),
		           uni(seg(p, v(12, 11.0), v(12, 17.0), 1.15),
		               disc(p, v(12, 7.4), 1.3)));
	case UI_ICON_BACKSPACE: {
		static const vec shape[] = {
		        {8.2, 5}, {21, 5}, {21, 19}, {8.2, 19}, {2.2, 12}};
		double x = uni(seg(p, v(11.4, 9.0), v(17.0, 15.0), 1.1),
		               seg(p, v(17.0, 9.0), v(11.4, 15.0), 1.1));

		return cut(poly(p, shape, 5) - 0.5, x);
	}
	case UI_ICON_CLOSE:
		return uni(seg(p, v(6, 6), v(18, 18), 1.3),
		           seg(p, v(18, 6), v(6, 18), 1.3));
	case UI_ICON_PLUS:
		return uni(seg(p, v(12, 4.5), v(12, 19.5), 1.35),
		           seg(p, v(4.5, 12), v(19.5, 12), 1.35));
	case UI_ICON_STOP:
		return cut(disc(p, v(12, 12), 10.0),
		           box(p, v(12, 12), v(3.9, 3.9), 0.8));
	case UI_ICON_PHONE:
		return uni(fabs(box(p, v(12, 12), v(6.0, 10.0), 2.2)) - 1.0,
		           seg(p, v(10.6, 18.2), v(13.4, 18.2), 0.8));
	case UI_ICON_SYNC: {
		static const vec head1[] = {
		        {19.9, 6.0}, {20.4, 12.6}, {14.4, 10.2}};
		static const vec head2[] = {
		        {4.1, 18.0}, {3.6, 11.4}, {9.6, 13.8}};
		double a = uni(arc(p, v(12, 12), 7.8, -PI * 0.98, -PI * 0.2, t),
		               arc(p, v(12, 12), 7.8, PI * 0.02, PI * 0.8, t));

		return uni(a, uni(poly(p, head1, 3), poly(p, head2, 3)));
	}
	case UI_ICON_PERSON:
		return uni(disc(p, v(12, 7.6), 4.2),
		           fmax(box(p, v(12, 19.6), v(8.0, 5.6), 5.0),
		                p.y - 21.0));
	case UI_ICON_ARROW:
		return uni(seg(p, v(9, 5.2), v(15.8, 12), 1.35),
		           seg(p, v(15.8, 12), v(9, 18.8), 1.35));
	default:
		return 1e9;
	}
}

static uint8_t coverage(double d_px)
{
	double c = clampd(0.5 - d_px, 0.0, 1.0);

	return (uint8_t)(c * 255.0 + 0.5);
}

int icon_render(ui_icon icon, int size, uint8_t *out)
{
	double scale;

	if ((int)icon < 0 || icon >= UI_ICON__COUNT || size < 4 || size > 1024)
		return -1;
	scale = size / GRID;
	for (int y = 0; y < size; y++) {
		for (int x = 0; x < size; x++) {
			vec p = v((x + 0.5) / scale, (y + 0.5) / scale);

			out[y * size + x] = coverage(icon_sdf(icon, p) * scale);
		}
	}
	return 0;
}

int icon_rounded_box(int w, int h, int r, int stroke, uint8_t *out)
{
	vec c = v(w / 2.0, h / 2.0), half = v(w / 2.0, h / 2.0);

	if (w <= 0 || h <= 0 || w > 8192 || h > 8192 || r < 0 || stroke < 0)
		return -1;
	if (r * 2 > w)
		r = w / 2;
	if (r * 2 > h)
		r = h / 2;
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double d = box(v(x + 0.5, y + 0.5), c, half, r);

			if (stroke > 0)
				d = fmax(d, -(d + stroke));
			out[y * w + x] = coverage(d);
		}
	}
	return 0;
}

int icon_shadow(int w, int h, int r, int spread, uint8_t *out)
{
	int ow = w + 2 * spread, oh = h + 2 * spread;
	vec c = v(ow / 2.0, oh / 2.0), half = v(w / 2.0, h / 2.0);

	if (w <= 0 || h <= 0 || spread <= 0 || w > 8192 || h > 8192 ||
	    spread > 512 || r < 0)
		return -1;
	if (r * 2 > w)
		r = w / 2;
	if (r * 2 > h)
		r = h / 2;
	for (int y = 0; y < oh; y++) {
		for (int x = 0; x < ow; x++) {
			double d = box(v(x + 0.5, y + 0.5), c, half, r);
			double k = clampd(1.0 - (d + spread * 0.35) /
			                                  (spread * 1.35),
			                  0.0, 1.0);

			/* A smooth fall-off, like a blurred box. */
			out[y * ow + x] =
			        (uint8_t)(k * k * (3 - 2 * k) * 255.0);
		}
	}
	return 0;
}

/*
 * golden_compare.c - compares a screenshot with its golden PNG.
 *
 *   kiosk-golden-compare ACTUAL.png GOLDEN.png [DIFF.png]
 *
 * Two pixels match when no channel differs by more than TOLERANCE; the
 * pictures match when at most MAX_BAD_PER_MILLE of the pixels do not (font
 * rasterisers differ a little between library versions; a missing word
 * or a moved box does not pass). On a mismatch, DIFF.png shows the bad
 * pixels in red over a faded copy of the golden. Exit 0 on a match, 1 on
 * a mismatch, 2 on an error.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>
#include <SDL_image.h>

#define TOLERANCE 40
#define MAX_BAD_PER_MILLE 1

static SDL_Surface *load(const char *path)
{
	SDL_Surface *s = IMG_Load(path);
	SDL_Surface *c;

	if (s == NULL) {
		fprintf(stderr, "%s: %s\n", path, IMG_GetError());
		return NULL;
	}
	c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s);
	if (c == NULL)
		fprintf(stderr, "%s: %s\n", path, SDL_GetError());
	return c;
}

static int channel_diff(uint32_t a, uint32_t b)
{
	int worst = 0;

	for (int shift = 0; shift < 24; shift += 8) {
		int d = (int)((a >> shift) & 0xFF) - (int)((b >> shift) & 0xFF);

		if (d < 0)
			d = -d;
		if (d > worst)
			worst = d;
	}
	return worst;
}

int main(int argc, char **argv)
{
	SDL_Surface *a = NULL, *g = NULL;
	long bad = 0, total;
	int rc = 2;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s ACTUAL.png GOLDEN.png [DIFF.png]\n",
		        argv[0]);
		return 2;
	}
	a = load(argv[1]);
	g = load(argv[2]);
	if (a == NULL || g == NULL)
		goto out;
	if (a->w != g->w || a->h != g->h) {
		fprintf(stderr, "size %dx%d, golden %dx%d\n", a->w, a->h, g->w,
		        g->h);
		rc = 1;
		goto out;
	}
	total = (long)a->w * a->h;
	for (int y = 0; y < a->h; y++) {
		uint32_t *pa =
		        (uint32_t *)((uint8_t *)a->pixels + y * a->pitch);
		uint32_t *pg =
		        (uint32_t *)((uint8_t *)g->pixels + y * g->pitch);

		for (int x = 0; x < a->w; x++) {
			bool off = channel_diff(pa[x], pg[x]) > TOLERANCE;

			if (off)
				bad++;
			/* Reuse ACTUAL as the diff picture. */
			pa[x] = off ? 0xFFFF0000u
			            : 0xFF000000u | ((pg[x] & 0xFEFEFEu) >> 1) |
			                        0x808080u;
		}
	}
	if (bad * 1000 <= total * MAX_BAD_PER_MILLE) {
		printf("match: %ld of %ld pixels differ\n", bad, total);
		rc = 0;
		goto out;
	}
	fprintf(stderr,
	        "mismatch: %ld of %ld pixels differ (over %d per "
	        "mille)\n",
	        bad, total, MAX_BAD_PER_MILLE);
	if (argc == 4 && IMG_SavePNG(a, argv[3]) == 0)
		fprintf(stderr, "see %s\n", argv[3]);
	rc = 1;
out:
	SDL_FreeSurface(a);
	SDL_FreeSurface(g);
	return rc;
}

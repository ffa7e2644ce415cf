/*
 * fuzz_driver.c - runs a libFuzzer target without libFuzzer, for ctest:
 * every file named on the command line, then a fixed number of inputs
 * mutated from them with a fixed seed. Under ASan/UBSan this catches a
 * crash the fuzzer found once, forever. With clang and -DPORTE_FUZZ=ON the
 * same targets link with -fsanitize=fuzzer instead of this file.
 *
 * Usage: fuzz_X [-n ITERATIONS] FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT (1 << 20)

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic, so a failure reproduces. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static size_t read_file(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(2);
	}
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

/* One random edit of BUF (length *LEN, room for MAX). */
static void mutate(uint8_t *buf, size_t *len, size_t max)
{
	size_t pos = *len ? rng() % *len : 0;

	switch (rng() % 6) {
	case 0: /* flip a bit */
		if (*len)
			buf[pos] ^= (uint8_t)(1u << (rng() % 8));
		break;
	case 1: /* a random byte */
		if (*len)
			buf[pos] = (uint8_t)rng();
		break;
	case 2: /* an interesting byte */
		if (*len) {
			static const uint8_t interesting[] = {
			        0,   0xff, 0x7f, 0x80, '-', ':', 'T', 'Z',
			        '+', '9',  '0',  ',',  ' ', '"', '\\'};
			buf[pos] = interesting[rng() % sizeof interesting];
		}
		break;
	case 3: /* truncate */
		*len = pos;
		break;
	case 4: /* duplicate a run */
		if (*len && *len < max / 2) {
			size_t run = 1 + rng() % (*len - pos);
			memmove(buf + pos + run, buf + pos, *len - pos);
			*len += run;
		}
		break;
	default: /* delete a byte */
		if (*len) {
			memmove(buf + pos, buf + pos + 1, *len - pos - 1);
			(*len)--;
		}
		break;
	}
}

int main(int argc, char **argv)
{
	long iterations = 20000;
	int first = 1;
	uint8_t *seed = malloc(MAX_INPUT);
	uint8_t *work = malloc(MAX_INPUT * 2);
	int nfiles;

	if (!seed || !work)
		return 2;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		iterations = strtol(argv[2], NULL, 10);
		first = 3;
	}
	nfiles = argc - first;
	if (nfiles <= 0) {
		fprintf(stderr, "usage: %s [-n N] FILE...\n", argv[0]);
		return 2;
	}
	for (int i = first; i < argc; i++) {
		size_t n = read_file(argv[i], seed, MAX_INPUT);
		LLVMFuzzerTestOneInput(seed, n);
	}
	for (long it = 0; it < iterations; it++) {
		size_t n = read_file(argv[first + rng() % (size_t)nfiles], work,
		                     MAX_INPUT);
		int edits = 1 + (int)(rng() % 8);
		for (int e = 0; e < edits; e++)
			mutate(work, &n, MAX_INPUT * 2);
		LLVMFuzzerTestOneInput(work, n);
	}
	printf("%d files and %ld mutated inputs, no crash\n", nfiles,
	       iterations);
	free(seed);
	free(work);
	return 0;
}

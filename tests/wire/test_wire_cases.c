/*
 * test_wire_cases.c - the wire parsers against documents kept as files:
 * tests/wire/valid/ must be accepted and survive a round trip; every case
 * of tests/wire/invalid/ (hostile input, one per file, its parser named by
 * the file's prefix) must be refused with the message EXPECT lists, and
 * never crash (this runs under ASan and UBSan).
 *
 * Usage: test_wire_cases DIR, DIR holding valid/ and invalid/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire.h"
#include "wire_cases.h"

#define FILE_MAX (8 * 1024 * 1024)
#define MAX_CASES 512

static const char *dir;

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(FILE_MAX);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, FILE_MAX, f);
	fclose(f);
	return buf;
}

/* The parser's kind: the file name up to its first '-' or '.'. */
static void kind_of(const char *name, char *kind, size_t size)
{
	size_t n = strcspn(name, "-.");

	snprintf(kind, size, "%.*s", (int)n, name);
}

typedef struct expect {
	char file[128];
	char says[256];
	bool seen;
} expect;

static size_t read_expect(expect *e, size_t max)
{
	char path[1024], line[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof path, "%.600s/invalid/EXPECT", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		char *tab = strchr(line, '\t');

		if (line[0] == '#' || tab == NULL)
			continue;
		line[strcspn(line, "\n")] = '\0';
		*tab = '\0';
		assert_true(n < max);
		snprintf(e[n].file, sizeof e[n].file, "%.127s", line);
		snprintf(e[n].says, sizeof e[n].says, "%.255s", tab + 1);
		e[n].seen = false;
		n++;
	}
	fclose(f);
	return n;
}

static void test_invalid_cases(void **state)
{
	static expect cases[MAX_CASES];
	size_t n = read_expect(cases, MAX_CASES);
	char path[1024], kind[32];
	struct dirent *d;
	size_t files = 0;
	DIR *dp;

	(void)state;
	assert_true(n >= 40);
	for (size_t i = 0; i < n; i++) {
		char *cause = NULL, *buf;
		size_t len;

		snprintf(path, sizeof path, "%.600s/invalid/%.127s", dir,
		         cases[i].file);
		buf = read_file(path, &len);
		kind_of(cases[i].file, kind, sizeof kind);
		if (wire_case_parse(kind, buf, len, NULL, &cause) == 0)
			fail_msg("%s was accepted", cases[i].file);
		if (cause == NULL || strstr(cause, cases[i].says) == NULL)
			fail_msg("%s: got \"%s\", expected \"%s\"",
			         cases[i].file, cause ? cause : "(none)",
			         cases[i].says);
		free(cause);
		free(buf);
	}
	/* Every file is a listed case. */
	snprintf(path, sizeof path, "%.600s/invalid", dir);
	dp = opendir(path);
	assert_non_null(dp);
	while ((d = readdir(dp)) != NULL) {
		bool listed = false;

		if (strstr(d->d_name, ".json") == NULL)
			continue;
		files++;
		for (size_t i = 0; i < n; i++)
			listed =
			        listed || strcmp(cases[i].file, d->d_name) == 0;
		if (!listed)
			fail_msg("%s is not in EXPECT", d->d_name);
	}
	closedir(dp);
	assert_int_equal(files, n);
}

static void test_valid_documents(void **state)
{
	char path[1024], kind[32];
	struct dirent *d;
	int checked = 0;
	DIR *dp;

	(void)state;
	snprintf(path, sizeof path, "%.600s/valid", dir);
	dp = opendir(path);
	assert_non_null(dp);
	while ((d = readdir(dp)) != NULL) {
		char *cause = NULL, *buf;
		bool rt = false;
		size_t len;

		if (strstr(d->d_name, ".json") == NULL)
			continue;
		snprintf(path, sizeof path, "%.600s/valid/%.255s", dir,
		         d->d_name);
		buf = read_file(path, &len);
		kind_of(d->d_name, kind, sizeof kind);
		if (wire_case_parse(kind, buf, len, &rt, &cause) != 0)
			fail_msg("%s refused: %s", d->d_name, cause);
		if (!rt)
			fail_msg("%s does not survive a round trip", d->d_name);
		free(buf);
		checked++;
	}
	closedir(dp);
	assert_true(checked >= 6);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_valid_documents),
	        cmocka_unit_test(test_invalid_cases),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];
	return cmocka_run_group_tests_name("wire.cases", tests, NULL, NULL);
}

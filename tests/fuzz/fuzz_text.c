/*
 * fuzz_text.c - every parser of text an operator or a client types: dates,
 * HH:MM, RFC 3339 times, opening hours, rule values, e-mail addresses.
 * The input is split at its first NUL into a selector byte and the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "caltime.h"
#include "hours.h"
#include "policy.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_all(const char *s)
{
	cal_date d;
	int minutes;
	porte_time t;
	hours_day day;
	char *cause = NULL;
	opening_hours *h = hours_new();
	porte_rules r;
	const char *const *names = rules_names();

	(void)cal_parse_date(s, &d);
	(void)cal_parse_hhmm(s, &minutes);
	if (cal_parse_rfc3339(s, &t) == 0) {
		char buf[CAL_RFC3339_LEN];
		cal_format_rfc3339(t, buf);
	}
	if (hours_parse_day(s, &day, &cause) != 0)
		free(cause);
	cause = NULL;
	if (h && hours_parse_week(h, s, &cause) == 0) {
		char buf[512];
		(void)hours_format_week(h, buf, sizeof buf);
	}
	free(cause);
	hours_free(h);
	rules_defaults(&r);
	for (size_t i = 0; names[i]; i++) {
		cause = NULL;
		if (rules_set(&r, names[i], s, &cause) != 0)
			free(cause);
	}
	(void)policy_email_valid(s);
	const char *domains[] = {"univ.example.fr"};
	(void)policy_email_domain_ok(s, domains, 1);
	(void)rule_code_parse(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	parse_all(s);
	free(s);
	return 0;
}

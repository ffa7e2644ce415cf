/*
 * fuzz_tzif.c - the TZif and POSIX TZ parsers (tz_parse) on any bytes, and
 * every query on whatever zone they accept.
 */
#include <stdint.h>
#include <stdlib.h>

#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tz_zone *z = NULL;
	char *cause = NULL;

	if (tz_parse("Fuzz/Zone", data, size, &z, &cause) != 0) {
		free(cause);
		return 0;
	}
	static const porte_time probes[] = {0,          1000000000, 1774745999,
	                                    1774746000, 1795431600, 4102444800,
	                                    -1};
	for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		porte_time t = probes[i];
		porte_time a, b;
		cal_date d = tz_date_of(z, t);
		(void)tz_offset_at(z, t);
		(void)tz_minute_of_day(z, t);
		(void)tz_from_local(z, tz_to_local(z, t), &a, &b);
		(void)tz_day_bounds(z, d, &a, &b);
		(void)tz_grid_floor(z, t, 30);
		(void)tz_grid_ceil(z, t, 15);
	}
	tz_free(z);
	return 0;
}

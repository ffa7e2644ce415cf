/*
 * http_metrics.c - counters per route and the Prometheus text of /metrics.
 */
#include <stdio.h>
#include <string.h>

#include "../wire/strbuf.h"
#include "http_int.h"

/* Upper bounds of the duration buckets, microseconds and as printed. */
static const uint64_t bucket_us[HTTP_NBUCKETS] = {
        1000,   5000,   10000,   25000,   50000,   100000,
        250000, 500000, 1000000, 2500000, 5000000, 10000000};
static const char *const bucket_le[HTTP_NBUCKETS] = {
        "0.001", "0.005", "0.01", "0.025", "0.05", "0.1",
        "0.25",  "0.5",   "1",    "2.5",   "5",    "10"};
static const char *const class_names[HTTP_NCLASSES] = {"1xx", "2xx", "3xx",
                                                       "4xx", "5xx", "none"};

void http_metrics_record(http_server *srv, size_t slot, unsigned status,
                         uint64_t active_us)
{
	http_slot *s;
	size_t c, b;

	if (slot >= srv->nslots)
		slot = srv->nslots - 1;
	s = &srv->slots[slot];
	c = (status >= 100 && status < 600) ? status / 100 - 1
	                                    : HTTP_NCLASSES - 1;
	atomic_fetch_add(&s->classes[c], 1);
	for (b = 0; b < HTTP_NBUCKETS; b++) {
		if (active_us <= bucket_us[b]) {
			atomic_fetch_add(&s->buckets[b], 1);
			break;
		}
	}
	atomic_fetch_add(&s->count, 1);
	atomic_fetch_add(&s->sum_us, active_us);
}

/* Adds a label value with \ " and newline escaped. */
static void label_value(strbuf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' || *s == '"')
			strbuf_addc(out, '\\');
		if (*s == '\n')
			strbuf_adds(out, "\\n");
		else
			strbuf_addc(out, *s);
	}
}

static void labels(strbuf *out, const http_slot *s)
{
	strbuf_adds(out, "route=\"");
	label_value(out, s->pattern);
	strbuf_adds(out, "\",method=\"");
	label_value(out, s->method ? s->method : "any");
	strbuf_addc(out, '"');
}

int http_metrics_text(http_server *srv, strbuf *out)
{
	strbuf_adds(out, "# HELP porte_http_requests_total HTTP requests by "
	                 "route and status class.\n"
	                 "# TYPE porte_http_requests_total counter\n");
	for (size_t i = 0; i < srv->nslots; i++) {
		const http_slot *s = &srv->slots[i];

		for (size_t c = 0; c < HTTP_NCLASSES; c++) {
			uint64_t v = atomic_load(&s->classes[c]);

			if (v == 0)
				continue;
			strbuf_adds(out, "porte_http_requests_total{");
			labels(out, s);
			strbuf_addf(out, ",class=\"%s\"} %llu\n",
			            class_names[c], (unsigned long long)v);
		}
	}
	strbuf_adds(out, "# HELP porte_http_request_duration_seconds Time "
	                 "spent on requests, long-poll waits excluded.\n"
	                 "# TYPE porte_http_request_duration_seconds "
	                 "histogram\n");
	for (size_t i = 0; i < srv->nslots; i++) {
		const http_slot *s = &srv->slots[i];
		uint64_t count = atomic_load(&s->count), cum = 0;

		if (count == 0)
			continue;
		for (size_t b = 0; b < HTTP_NBUCKETS; b++) {
			cum += atomic_load(&s->buckets[b]);
			strbuf_adds(
			        out,
			        "porte_http_request_duration_seconds_bucket{");
			labels(out, s);
			strbuf_addf(out, ",le=\"%s\"} %llu\n", bucket_le[b],
			            (unsigned long long)cum);
		}
		strbuf_adds(out, "porte_http_request_duration_seconds_bucket{");
		labels(out, s);
		strbuf_addf(out, ",le=\"+Inf\"} %llu\n",
		            (unsigned long long)count);
		strbuf_adds(out, "porte_http_request_duration_seconds_sum{");
		labels(out, s);
		strbuf_addf(out, "} %.6f\n",
		            (double)atomic_load(&s->sum_us) / 1e6);
		strbuf_adds(out, "porte_http_request_duration_seconds_count{");
		labels(out, s);
		strbuf_addf(out, "} %llu\n", (unsigned long long)count);
	}
	strbuf_addf(out,
	            "# HELP porte_http_waiting Long-polls waiting now.\n"
	            "# TYPE porte_http_waiting gauge\n"
	            "porte_http_waiting %zu\n"
	            "# HELP porte_http_connections Open connections now.\n"
	            "# TYPE porte_http_connections gauge\n"
	            "porte_http_connections %llu\n",
	            http_waiting(srv),
	            (unsigned long long)atomic_load(&srv->connections));
	if (srv->cfg.metrics != NULL)
		srv->cfg.metrics(out, srv->cfg.app);
	return strbuf_failed(out) ? -1 : 0;
}

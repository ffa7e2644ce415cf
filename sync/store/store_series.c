/*
 * store_series.c - a repeating booking's occurrences made (or only tried)
 * in one write transaction. See store_series.h.
 */
#include <stdio.h>
#include <string.h>

#include "store_int.h"
#include "store_series.h"

#define SERIES_DETAIL_MAX 2048

/* The checks made before the transaction opens. */
static store_status series_check(store_conn *c, const store_booking_req *tmpl,
                                 const store_series_item *items, size_t n,
                                 bool dry_run)
{
	size_t wanted = 0;

	if (tmpl == NULL || tmpl->room == NULL)
		return conn_fail(c, STORE_INVALID, "no room given");
	if (tmpl->actor.kind != ACTOR_STAFF || tmpl->walk_in)
		return conn_fail(c, STORE_INVALID,
		                 "only staff make repeating bookings");
	if (items == NULL || n == 0)
		return conn_fail(c, STORE_INVALID, "no occurrence given");
	if (n > STORE_SERIES_MAX)
		return conn_fail(c, STORE_INVALID,
		                 "too many occurrences (at most %d)",
		                 STORE_SERIES_MAX);
	for (size_t i = 0; i < n; i++)
		wanted += items[i].skip ? 0 : 1;
	if (wanted == 0 && !dry_run)
		return conn_fail(c, STORE_INVALID, "nothing to book");
	return STORE_OK;
}

/* Tries every item not skipped, in order, inside the open transaction.
 * A refusal is noted in the item and the next one is tried; any other
 * failure stops and is returned. */
static store_status series_try(store_conn *c, const store_booking_req *tmpl,
                               store_series_item *items, size_t n,
                               porte_time now, size_t *passed)
{
	store_booking_req req = *tmpl;
	store_booking_res res;
	store_status rc;

	*passed = 0;
	for (size_t i = 0; i < n; i++) {
		items[i].rule = RULE_OK;
		items[i].id = 0;
		if (items[i].skip)
			continue;
		req.start = items[i].start;
		req.end = items[i].end;
		rc = booking_create_locked(c, &req, now, now, &res, NULL, NULL);
		sodium_memzero(res.token, sizeof(res.token));
		if (rc == STORE_REFUSED) {
			items[i].rule = res.rule;
			continue;
		}
		if (rc != STORE_OK)
			return rc;
		items[i].id = res.id;
		(*passed)++;
	}
	return STORE_OK;
}

/* Appends " A-B" or " A" to BUF; false when it did not fit. */
static bool run_add(char *buf, size_t len, size_t *used, int64_t a, int64_t b)
{
	int w;

	if (a == b)
		w = snprintf(buf + *used, len - *used, " %lld", (long long)a);
	else
		w = snprintf(buf + *used, len - *used, " %lld-%lld",
		             (long long)a, (long long)b);
	if (w < 0 || (size_t)w >= len - *used)
		return false;
	*used += (size_t)w;
	return true;
}

/* Appends the ids of the booked items to BUF as runs ("12-15 18"). */
static void ids_add(char *buf, size_t len, const store_series_item *items,
                    size_t n)
{
	size_t used = strlen(buf);
	int64_t a = 0, b = 0;

	for (size_t i = 0; i < n; i++) {
		if (items[i].id == 0)
			continue;
		if (a != 0 && items[i].id == b + 1) {
			b = items[i].id;
			continue;
		}
		if (a != 0 && !run_add(buf, len, &used, a, b))
			return;
		a = b = items[i].id;
	}
	if (a != 0)
		run_add(buf, len, &used, a, b);
}

/* The series' one audit entry. */
static store_status series_audit(store_conn *c, const store_booking_req *tmpl,
                                 const store_series_item *items, size_t n,
                                 size_t booked, const char *who,
                                 const char *detail, porte_time now)
{
	char text[SERIES_DETAIL_MAX];

	snprintf(text, sizeof text,
	         "%s%s%zu of %zu booked%s:", detail != NULL ? detail : "",
	         detail != NULL && detail[0] != '\0' ? "; " : "", booked, n,
	         tmpl->override_quota ? ", quotas overridden" : "");
	ids_add(text, sizeof text, items, n);
	return conn_audit(c, who, "booking.series", tmpl->room, text, now);
}

store_status store_series_create(porte_store *st, const store_booking_req *tmpl,
                                 store_series_item *items, size_t n,
                                 bool dry_run, const char *who,
                                 const char *detail, porte_time now,
                                 size_t *booked)
{
	store_conn *c = conn_get(st);
	size_t passed = 0, wanted = 0;
	store_status rc;

	if (booked != NULL)
		*booked = 0;
	if (c == NULL)
		return STORE_ERROR;
	rc = series_check(c, tmpl, items, n, dry_run);
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = series_try(c, tmpl, items, n, now, &passed);
	for (size_t i = 0; i < n; i++)
		wanted += items[i].skip ? 0 : 1;
	if (rc == STORE_OK && !dry_run && passed < wanted)
		rc = conn_fail(c, STORE_CONFLICT,
		               "%zu of the %zu occurrences confirmed cannot be "
		               "booked any more",
		               wanted - passed, wanted);
	if (rc == STORE_OK && !dry_run)
		rc = series_audit(c, tmpl, items, n, passed, who, detail, now);
	if (booked != NULL && (rc == STORE_OK || rc == STORE_CONFLICT))
		*booked = passed;
	if (dry_run || rc != STORE_OK) {
		tx_rollback(c);
		for (size_t i = 0; i < n; i++)
			items[i].id = 0;
		return rc;
	}
	rc = tx_end(c, rc);
	for (size_t i = 0; rc != STORE_OK && i < n; i++)
		items[i].id = 0;
	return rc;
}

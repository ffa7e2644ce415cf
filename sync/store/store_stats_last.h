/*
 * store_stats_last.h - the event log's latest entry, for caches of figures
 * computed from the log (the statistics' dashboard): while it stays the
 * same, nothing was recorded, so the figures of a period stand.
 */
#ifndef PORTE_STORE_STATS_LAST_H
#define PORTE_STORE_STATS_LAST_H

#include <stdint.h>

#include "store.h"

/* The id of the latest event recorded into *OUT (0 when there is none).
 * The log is append-only: a new event always has a larger id. One index
 * lookup. Returns STORE_OK, or STORE_ERROR. */
store_status store_events_last(porte_store *st, int64_t *out);

#endif

/*
 * store_stats_par.h - the statistics of many rooms at once: core's stats
 * (stats.h) computed by partitions of rooms in threads of their own, each
 * with its own read connection, then added up with stats_merge.
 */
#ifndef PORTE_STORE_STATS_PAR_H
#define PORTE_STORE_STATS_PAR_H

#include "store.h"

/* The most threads store_stats_compute runs. */
#define STORE_STATS_MAX_THREADS 8

/*
 * The figures of ROOM (or of SITE, or of every room when both are NULL;
 * ROOM wins over SITE) over [FROM, TO) in zone TZ (borrowed: the scope's,
 * store_stats_zone) as of NOW, finished: exactly those of stats_new +
 * store_stats_feed + stats_finish on the same log. The rooms are shared
 * out, one at a time, among THREADS threads (0: one a core, at most
 * STORE_STATS_MAX_THREADS; 1: no thread but the caller's), each feeding
 * its own accumulator from its own read transaction; when the log moved
 * between the rooms' list and their snapshots (an event recorded
 * meanwhile) it starts again, and after three tries falls back on
 * store_stats_feed in the caller's thread (one snapshot). Returns
 * STORE_OK with the new stats in *OUT (the caller frees it with
 * stats_free), or STORE_INVALID (empty period), STORE_NOT_FOUND (no such
 * room or site) or STORE_ERROR (out of memory, the database, the period
 * refused by stats_new), the reason in store_errmsg; *OUT is NULL then.
 */
store_status store_stats_compute(porte_store *st, const char *site,
                                 const char *room, const tz_zone *tz,
                                 porte_time from, porte_time to, porte_time now,
                                 unsigned threads, stats **out);

#endif

/*
 * stats_same.h - what the statistics' tests of core (unit.stats) and of
 * the store (store.stats) both check: two sets of figures alike.
 */
#ifndef PORTE_TESTS_STATS_SAME_H
#define PORTE_TESTS_STATS_SAME_H

#include "stats.h"

/* Fails the test unless F (not NULL) holds every figure of WANT. */
void stats_expect_figures(const stats_figures *f, const stats_figures *want);

/* Fails the test unless A and B hold the same figures: totals, rooms (and
 * their ids), weekday x hour cells, weeks (and their Mondays). */
void stats_expect_same(const stats *a, const stats *b);

#endif

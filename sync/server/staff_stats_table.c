/*
 * staff_stats_table.c - the routes of the staff pages' statistics: the
 * dashboard.
 */
#include "staff_stats.h"

const http_route *const staff_stats_routes[] = {
        &staff_stats_route,
        NULL,
};

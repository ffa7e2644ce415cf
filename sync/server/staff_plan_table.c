/*
 * staff_plan_table.c - the routes of the staff pages' planning and bookings: the day, week and month of a site, search, one booking and its actions.
 */
#include "staff.h"

const http_route *const staff_plan_routes[] = {
        NULL,
};

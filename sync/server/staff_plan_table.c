/*
 * staff_plan_table.c - the routes of the staff pages' planning: the day,
 * week and month of a site's rooms.
 */
#include "staff.h"

extern const http_route staff_plan_route; /* staff_plan.c */

const http_route *const staff_plan_routes[] = {
        &staff_plan_route,
        NULL,
};

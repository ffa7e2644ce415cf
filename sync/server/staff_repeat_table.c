/*
 * staff_repeat_table.c - the routes of the staff pages' repeating bookings.
 */
#include "staff.h"

extern const http_route staff_repeat_route;      /* staff_repeat.c */
extern const http_route staff_repeat_post_route; /* staff_repeat.c */
extern const http_route staff_repeat_done_route; /* staff_repeat_done.c */

const http_route *const staff_repeat_routes[] = {
        &staff_repeat_route,
        &staff_repeat_post_route,
        &staff_repeat_done_route,
        NULL,
};

/*
 * staff_repeat_table.c - the routes of the staff pages' repeating bookings.
 */
#include "staff.h"

const http_route *const staff_repeat_routes[] = {
        NULL,
};

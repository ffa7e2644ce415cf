/*
 * staff_booking_table.c - the routes of the staff pages' bookings: search,
 * one booking and its actions, a new booking made at the desk.
 */
#include "staff.h"

const http_route *const staff_booking_routes[] = {
        NULL,
};

/*
 * staff_booking_table.c - the routes of the staff pages' bookings: search,
 * one booking and its actions, a new booking made at the desk.
 */
#include "staff_booking.h"

const http_route *const staff_booking_routes[] = {
        &staff_booking_search_route, /* GET  /staff/bookings */
        &staff_booking_new_route,    /* GET  /staff/bookings/new */
        &staff_booking_create_route, /* POST /staff/bookings/new */
        &staff_booking_one_route,    /* GET  /staff/bookings/{id} */
        &staff_booking_act_route,    /* POST /staff/bookings/{id} */
        NULL,
};

/*
 * staff_booking_css.c - the stylesheet's part for the staff pages'
 * bookings: search, one booking and its actions, a new booking (appended
 * to /static/porte.css by page_css.c).
 */
#include "staff.h"

const char staff_css_booking[] = "";

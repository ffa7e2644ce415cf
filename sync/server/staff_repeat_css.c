/*
 * staff_repeat_css.c - the stylesheet's part for the staff pages'
 * repeating bookings (appended to /static/porte.css by page_css.c).
 */
#include "staff.h"

const char staff_css_repeat[] = "";

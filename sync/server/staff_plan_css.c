/*
 * staff_plan_css.c - the stylesheet's part for the staff pages' planning and bookings: the day, week and month of a site, search, one booking and its actions
 * (appended to /static/porte.css by page_css.c).
 */
#include "staff.h"

const char staff_css_plan[] = "";

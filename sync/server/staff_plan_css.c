/*
 * staff_plan_css.c - the stylesheet's part for the staff pages' planning:
 * the day, week and month of a site's rooms (appended to /static/porte.css
 * by page_css.c).
 */
#include "staff.h"

const char staff_css_plan[] = "";

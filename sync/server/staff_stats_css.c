/*
 * staff_stats_css.c - the stylesheet's part for the staff pages' statistics: the dashboard
 * (appended to /static/porte.css by page_css.c).
 */
#include "staff.h"

const char staff_css_stats[] = "";

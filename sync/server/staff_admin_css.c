/*
 * staff_admin_css.c - the stylesheet's part for the staff pages' administration: sites, rooms and rules, staff accounts, door displays, the audit log
 * (appended to /static/porte.css by page_css.c).
 */
#include "staff.h"

const char staff_css_admin[] = "";

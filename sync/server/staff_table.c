/*
 * staff_table.c - the staff pages' own routes: signing in and out, and
 * the staff home. Each group of staff pages has its table file
 * (staff_plan_table.c, staff_repeat_table.c, staff_admin_table.c,
 * staff_stats_table.c); routes.c appends them all.
 */
#include "staff.h"

extern const http_route staff_login_get_route;
extern const http_route staff_login_post_route;
extern const http_route staff_logout_route;
extern const http_route staff_home_route;

const http_route *const staff_routes[] = {
        &staff_home_route,       /* GET  /staff          staff_login.c */
        &staff_login_get_route,  /* GET  /staff/login    staff_login.c */
        &staff_login_post_route, /* POST /staff/login    staff_login.c */
        &staff_logout_route,     /* POST /staff/logout   staff_login.c */
        NULL,
};

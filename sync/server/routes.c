/*
 * routes.c - porte-server's route table: the API (one api_*.c file per
 * route), then the public pages (pages_table.c), then the staff pages by
 * group (staff_*_table.c). The HTTP layer adds /healthz and /metrics.
 *
 * Roles: 0 is anyone (the handler may still look at the caller); else the
 * caller needs one of the role bits (none: 401, others: 403).
 */
#include <stddef.h>

#include "api.h"
#include "pages.h"
#include "staff.h"

/* The API's routes, in DESIGN §5's order. */
static const http_route *const api_routes[] = {
        &api_rooms_route,       /* GET  /api/v1/rooms              anyone */
        &api_schedule_route,    /* GET  .../rooms/{room}/schedule  anyone */
        &api_bookings_route,    /* POST /api/v1/bookings    patron, staff */
        &api_booking_route,     /* GET  /api/v1/bookings/{id}  its booker,
                                   its door, staff */
        &api_confirm_route,     /* POST .../{id}/confirm  booker, staff */
        &api_checkin_route,     /* POST .../{id}/checkin  door, booker with
                                   a door proof, staff */
        &api_cancel_route,      /* POST .../{id}/cancel   booker, staff */
        &api_end_route,         /* POST .../{id}/end      door, booker,
                                   staff */
        &api_extend_route,      /* POST .../{id}/extend   door, booker,
                                   staff */
        &api_remove_route,      /* POST .../{id}/remove   staff, reason */
        &api_sessions_route,    /* POST /api/v1/sessions   staff, PIN at a
                                   door */
        &api_session_end_route, /* DELETE /api/v1/sessions   staff */
        &api_enroll_route,      /* POST /api/v1/devices/enroll  new door */
        &api_events_route,      /* POST /api/v1/events    door */
        &api_stats_route,       /* GET  /api/v1/stats     facilities,
                                   admins */
        &api_stats_csv_route,   /* GET  /api/v1/stats.csv  same */
};

#define NAPI (sizeof api_routes / sizeof api_routes[0])

/* The NULL-ended groups after the API's. */
static const http_route *const *const groups[] = {
        page_routes,          staff_routes,        staff_plan_routes,
        staff_booking_routes, staff_repeat_routes, staff_admin_routes,
        staff_stats_routes,
};

size_t app_routes_fill(const http_route **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < NAPI; i++) {
		if (n + 1 >= max)
			return 0;
		out[n++] = api_routes[i];
	}
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		for (size_t i = 0; groups[g][i] != NULL; i++) {
			if (n + 1 >= max)
				return 0;
			out[n++] = groups[g][i];
		}
	}
	out[n] = NULL;
	return n;
}

/*
 * api_remove.c - POST /api/v1/bookings/{id}/remove: staff remove a booking,
 * with a "reason". See api_act.c.
 */
#include "api.h"

static int route_remove(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_REMOVE);
}

const http_route api_remove_route = {"POST", "/api/v1/bookings/{id}/remove",
                                     route_remove, APP_ROLE_STAFF};

/*
 * api_extend.c - POST /api/v1/bookings/{id}/extend: extend to the new "end":
 * the room's door display, the booker or staff. See api_act.c.
 */
#include "api.h"

static int route_extend(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_EXTEND);
}

const http_route api_extend_route = {"POST", "/api/v1/bookings/{id}/extend",
                                     route_extend, 0};

/*
 * api_end.c - POST /api/v1/bookings/{id}/end: end now: the room's door
 * display, the booker or staff. See api_act.c.
 */
#include "api.h"

static int route_end(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_END);
}

const http_route api_end_route = {"POST", "/api/v1/bookings/{id}/end",
                                  route_end, 0};

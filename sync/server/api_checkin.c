/*
 * api_checkin.c - POST /api/v1/bookings/{id}/checkin: check in: the room's
 * door display, staff, or the booker's token with a door proof ("door", or
 * ?door=), or the 4-digit "code" with a door proof. See api_act.c.
 */
#include "api.h"

static int route_checkin(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_CHECKIN);
}

const http_route api_checkin_route = {"POST", "/api/v1/bookings/{id}/checkin",
                                      route_checkin, 0};

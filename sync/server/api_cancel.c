/*
 * api_cancel.c - POST /api/v1/bookings/{id}/cancel: cancel (optional
 * "reason"): the booker's token or staff. See api_act.c.
 */
#include "api.h"

static int route_cancel(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_CANCEL);
}

const http_route api_cancel_route = {"POST", "/api/v1/bookings/{id}/cancel",
                                     route_cancel, 0};

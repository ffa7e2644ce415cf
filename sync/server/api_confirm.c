/*
 * api_confirm.c - POST /api/v1/bookings/{id}/confirm: the booker (its token)
 * or staff confirm a pending booking. See api_act.c.
 */
#include "api.h"

static int route_confirm(http_request *req, void *app)
{
	return api_act(req, app, BOOKING_CONFIRM);
}

const http_route api_confirm_route = {"POST", "/api/v1/bookings/{id}/confirm",
                                      route_confirm, 0};

/*
 * pages.h - the public web pages of porte-server: a room's day and its
 * booking form (/r/{room}), a booking's own page for its booker and at
 * the door (/b/{id}), a room's iCalendar feed (/rooms/{room}.ics), and
 * the one stylesheet (/static/porte.css).
 *
 * Plain HTML, one stylesheet, no JavaScript, French or English by
 * Accept-Language (?lang=fr|en overrides). The route entries live in
 * page_*.c, one file per route; the server's route table (routes.c)
 * appends page_routes to the API's.
 */
#ifndef PORTE_PAGES_H
#define PORTE_PAGES_H

#include "http.h"

/* Every page route, NULL-ended (pages_table.c). Handlers take the
 * porte_app (server.h) as their app. */
extern const http_route *const page_routes[];

#endif

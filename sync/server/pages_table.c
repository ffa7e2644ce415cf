/*
 * pages_table.c - the public pages' routes, one entry per page file, in
 * the order a reader meets them.
 */
#include "pages.h"

#include "page_int.h"

const http_route *const page_routes[] = {
        &page_rooms_route,       /* GET  /r                 page_rooms.c */
        &page_room_route,        /* GET  /r/{room}          page_room.c */
        &page_room_book_route,   /* POST /r/{room}          page_room_book.c */
        &page_booking_route,     /* GET  /b/{id}            page_booking.c */
        &page_booking_act_route, /* POST /b/{id}           page_booking_act.c */
        &page_ics_route,         /* GET  /rooms/{room}.ics  page_ics.c */
        &page_css_route,         /* GET  /static/porte.css  page_css.c */
        NULL,
};

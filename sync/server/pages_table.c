/*
 * pages_table.c - the public pages' routes, one entry per page file, in
 * the order a reader meets them.
 */
#include "pages.h"

#include "page_int.h"

const http_route *const page_routes[] = {
        &page_css_route,
        NULL,
};

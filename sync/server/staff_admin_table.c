/*
 * staff_admin_table.c - the routes of the staff pages' administration: sites, rooms and rules, staff accounts, door displays, the audit log.
 */
#include "staff.h"

const http_route *const staff_admin_routes[] = {
        NULL,
};

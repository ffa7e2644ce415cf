/*
 * staff_admin_table.c - the routes of the staff pages' administration:
 * sites, rooms and rules, staff accounts, door displays, the audit log.
 */
#include "staff_admin_int.h"

const http_route *const staff_admin_routes[] = {
        &staff_admin_sites_get,    &staff_admin_sites_post,
        &staff_admin_site_get,     &staff_admin_site_post,
        &staff_admin_rooms_get,    &staff_admin_rooms_post,
        &staff_admin_room_get,     &staff_admin_room_post,
        &staff_admin_accounts_get, &staff_admin_accounts_post,
        &staff_admin_devices_get,  &staff_admin_devices_post,
        &staff_admin_audit_get,    NULL,
};

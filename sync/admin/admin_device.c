/*
 * admin_device.c - porte-admin device ...: one-time enrolment codes for
 * new door displays, the list of doors, revocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"

/* A door not heard from for this long is offline. */
#define ONLINE_WITHIN 120

static int device_enroll(admin *a, int argc, char **argv)
{
	char code[STORE_CODE_LEN], until[32];
	store_room room;
	const tz_zone *tz = NULL;
	porte_time expires;
	args g;
	int rc = args_parse(argc, argv, NULL, 1, 1, "ROOM", &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_room_get(a->st, g.pos[0], &room) != STORE_OK)
		return admin_store_err(a, "device enroll");
	if (store_zone(a->st, room.tz, &tz) != STORE_OK)
		return admin_store_err(a, "device enroll");
	if (store_enrol_code(a->st, ADMIN_WHO, g.pos[0], a->now, code,
	                     &expires) != STORE_OK)
		return admin_store_err(a, "device enroll");
	admin_local(tz, expires, until);
	printf("%s\n", code);
	printf("one-time enrolment code for room %s, valid until %s (%s):\n"
	       "  porte-kiosk --enroll %s --server URL\n",
	       room.slug, until, room.tz, code);
	return ADMIN_OK;
}

static int device_list(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"site", true},
	        {NULL, false},
	};
	store_device *devs = NULL;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, specs, 0, 0, "[--site SITE]", &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_device_list(a->st, g.val[0], &devs, &n) != STORE_OK)
		return admin_store_err(a, "device list");
	for (size_t i = 0; i < n; i++) {
		char seen[CAL_RFC3339_LEN] = "never";
		const char *state =
		        devs[i].revoked ? "revoked"
		        : a->now - devs[i].last_seen <= ONLINE_WITHIN
		                ? "online"
		                : "offline";

		if (devs[i].last_seen != 0)
			cal_format_rfc3339(devs[i].last_seen, seen);
		printf("%-5lld %-20s %-8s seen %-20s %-10s %s\n",
		       (long long)devs[i].id, devs[i].room, state, seen,
		       devs[i].version[0] != '\0' ? devs[i].version : "-",
		       devs[i].name);
	}
	if (n == 0)
		printf("no devices\n");
	free(devs);
	return ADMIN_OK;
}

static int device_revoke(admin *a, int argc, char **argv)
{
	long long id;
	args g;
	int rc = args_parse(argc, argv, NULL, 1, 1, "ID", &g);

	if (rc != ADMIN_OK)
		return rc;
	if (admin_parse_int(g.pos[0], 1, INT64_MAX, &id) != 0)
		return admin_err(ADMIN_USAGE, "'%s' is not a device id",
		                 g.pos[0]);
	if (store_device_revoke(a->st, ADMIN_WHO, id, a->now) != STORE_OK)
		return admin_store_err(a, "device revoke");
	printf("device %lld revoked\n", id);
	return ADMIN_OK;
}

const admin_cmd admin_device_cmds[] = {
        {"device", "enroll", device_enroll, "ROOM", 0},
        {"device", "list", device_list, "[--site SITE]", 0},
        {"device", "revoke", device_revoke, "ID", 0},
        {NULL, NULL, NULL, NULL, 0},
};

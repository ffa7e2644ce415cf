/*
 * admin_staff.c - porte-admin staff ...: accounts, roles, referents. The
 * password and the PIN are read from standard input, never from the
 * command line (where ps and the shell history would show them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "admin.h"

#define ADD_USAGE                                                              \
	"EMAIL --name NAME --role desk|room_admin|facilities|superadmin "      \
	"[--site SITE]  (stdin: password, then PIN)"
#define EMAIL_USAGE "EMAIL"
#define REFERENT_USAGE "EMAIL ROOM [--remove]"
#define SECRET_USAGE "EMAIL [--password] [--pin]  (stdin: the new ones)"

static int staff_add(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"name", true},
	        {"role", true},
	        {"site", true},
	        {NULL, false},
	};
	char password[STORE_PASSWORD_MAX + 2], pin[STORE_PIN_MAX + 2];
	store_role role;
	store_status st;
	args g;
	int rc = args_parse(argc, argv, specs, 1, 1, ADD_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (g.val[0] == NULL || g.val[1] == NULL)
		return admin_err(ADMIN_USAGE,
		                 "staff add needs --name and --role\nusage: "
		                 "staff add " ADD_USAGE);
	if (store_role_parse(g.val[1], &role) != 0)
		return admin_err(ADMIN_USAGE,
		                 "--role: '%s' is not one of desk, room_admin, "
		                 "facilities, superadmin",
		                 g.val[1]);
	if (admin_read_secret("password", password, sizeof(password)) != 0 ||
	    admin_read_secret("PIN", pin, sizeof(pin)) != 0) {
		sodium_memzero(password, sizeof(password));
		return admin_err(ADMIN_USAGE,
		                 "staff add reads the password, then the PIN, "
		                 "from standard input, one a line");
	}
	st = store_staff_add(a->st, ADMIN_WHO, g.pos[0], g.val[0], role,
	                     g.val[2], password, pin, a->now, NULL);
	sodium_memzero(password, sizeof(password));
	sodium_memzero(pin, sizeof(pin));
	if (st != STORE_OK)
		return admin_store_err(a, "staff add");
	printf("staff %s added (%s%s%s)\n", g.pos[0], store_role_name(role),
	       g.val[2] != NULL ? ", site " : ", every site",
	       g.val[2] != NULL ? g.val[2] : "");
	return ADMIN_OK;
}

static int staff_list(admin *a, int argc, char **argv)
{
	store_staff *staff = NULL;
	size_t n = 0;
	args g;
	int rc = args_parse(argc, argv, NULL, 0, 0, "", &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_staff_list(a->st, &staff, &n) != STORE_OK)
		return admin_store_err(a, "staff list");
	for (size_t i = 0; i < n; i++)
		printf("%-36s %-11s %-12s %-8s %s\n", staff[i].email,
		       store_role_name(staff[i].role),
		       staff[i].site[0] != '\0' ? staff[i].site : "*",
		       staff[i].disabled ? "disabled" : "active",
		       staff[i].name);
	if (n == 0)
		printf("no staff\n");
	free(staff);
	return ADMIN_OK;
}

static int staff_toggle(admin *a, int argc, char **argv, bool disabled)
{
	args g;
	int rc = args_parse(argc, argv, NULL, 1, 1, EMAIL_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_staff_disable(a->st, ADMIN_WHO, g.pos[0], disabled, a->now) !=
	    STORE_OK)
		return admin_store_err(a, disabled ? "staff disable"
		                                   : "staff enable");
	printf("staff %s %s\n", g.pos[0], disabled ? "disabled" : "enabled");
	return ADMIN_OK;
}

static int staff_disable(admin *a, int argc, char **argv)
{
	return staff_toggle(a, argc, argv, true);
}

static int staff_enable(admin *a, int argc, char **argv)
{
	return staff_toggle(a, argc, argv, false);
}

static int staff_secret(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"password", false},
	        {"pin", false},
	        {NULL, false},
	};
	char password[STORE_PASSWORD_MAX + 2], pin[STORE_PIN_MAX + 2];
	store_status st;
	args g;
	int rc = args_parse(argc, argv, specs, 1, 1, SECRET_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (!g.set[0] && !g.set[1])
		return admin_err(ADMIN_USAGE, "give --password, --pin or both");
	if ((g.set[0] &&
	     admin_read_secret("password", password, sizeof(password)) != 0) ||
	    (g.set[1] && admin_read_secret("PIN", pin, sizeof(pin)) != 0)) {
		sodium_memzero(password, sizeof(password));
		return admin_err(ADMIN_USAGE,
		                 "the new secrets come from standard input, "
		                 "one a line");
	}
	st = store_staff_set_secret(a->st, ADMIN_WHO, g.pos[0],
	                            g.set[0] ? password : NULL,
	                            g.set[1] ? pin : NULL, a->now);
	sodium_memzero(password, sizeof(password));
	sodium_memzero(pin, sizeof(pin));
	if (st != STORE_OK)
		return admin_store_err(a, "staff secret");
	printf("staff %s: new %s\n", g.pos[0],
	       g.set[0] && g.set[1] ? "password and PIN"
	       : g.set[0]           ? "password"
	                            : "PIN");
	return ADMIN_OK;
}

static int staff_referent(admin *a, int argc, char **argv)
{
	static const opt_spec specs[] = {
	        {"remove", false},
	        {NULL, false},
	};
	args g;
	int rc = args_parse(argc, argv, specs, 2, 2, REFERENT_USAGE, &g);

	if (rc != ADMIN_OK)
		return rc;
	if (store_referent_set(a->st, ADMIN_WHO, g.pos[0], g.pos[1], !g.set[0],
	                       a->now) != STORE_OK)
		return admin_store_err(a, "staff referent");
	printf("%s %s a referent of %s\n", g.pos[0],
	       g.set[0] ? "is no longer" : "is", g.pos[1]);
	return ADMIN_OK;
}

const admin_cmd admin_staff_cmds[] = {
        {"staff", "add", staff_add, ADD_USAGE, 0},
        {"staff", "list", staff_list, "", 0},
        {"staff", "disable", staff_disable, EMAIL_USAGE, 0},
        {"staff", "enable", staff_enable, EMAIL_USAGE, 0},
        {"staff", "secret", staff_secret, SECRET_USAGE, 0},
        {"staff", "referent", staff_referent, REFERENT_USAGE, 0},
        {NULL, NULL, NULL, NULL, 0},
};

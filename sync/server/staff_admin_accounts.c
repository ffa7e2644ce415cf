/*
 * staff_admin_accounts.c - the staff accounts (super-admins only):
 *
 *   GET  /staff/accounts   every account: e-mail, name, role, site,
 *                          state; the form that adds one; per account,
 *                          its role and site, disable or enable, a new
 *                          password and PIN
 *   POST /staff/accounts   action=add (email, name, role, site): the new
 *                          account's password and PIN, made here and
 *                          shown once on the page that answers (200,
 *                          never in an address); action=update (email,
 *                          name, role, site), disable, enable (email);
 *                          action=reset (email): a new password and PIN
 *                          shown once. A super-admin may not disable or
 *                          demote themselves (409).
 *
 * Every change goes through store_admin.c or store_manage.c with its
 * audit entry; a refusal shows the page again with the reason.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "staff_admin_int.h"

#define ACC_PASSWORD_LEN 14 /* a made password: 14 of 31 letters/digits */
#define ACC_PIN_LEN 6
#define ACC_PIN_TRIES 8 /* PINs drawn before giving up on a unique one */

static const adm_done done_words[] = {
        {"updated", "Le compte est modifié.", "The account is changed."},
        {"disabled", "Le compte est désactivé : ses sessions sont closes.",
         "The account is disabled: its sessions are ended."},
        {"enabled", "Le compte est de nouveau actif.",
         "The account is active again."},
        {NULL, NULL, NULL},
};

/* What the page says after a change, besides the ?done= notices. */
typedef struct acc_view {
	const char *err_fr, *err_en;
	bool store_too;
	const char *secret_email; /* the account whose secrets are shown */
	const char *password, *pin;
	bool created;
	const char *email, *name, *role, *site; /* the add form as typed */
} acc_view;

/* ---- secrets --------------------------------------------------------------- */

static void make_password(char out[ACC_PASSWORD_LEN + 1])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

	for (int i = 0; i < ACC_PASSWORD_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[ACC_PASSWORD_LEN] = '\0';
}

static void make_pin(char out[ACC_PIN_LEN + 1])
{
	for (int i = 0; i < ACC_PIN_LEN; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[ACC_PIN_LEN] = '\0';
}

/* ---- the page -------------------------------------------------------------- */

static void role_select(page *p, const char *name, store_role selected,
                        bool any)
{
	page_add(p, "<select name=\"");
	page_add(p, name);
	page_add(p, "\">");
	for (int r = 0; r < ROLE__COUNT; r++) {
		page_addf(p, "<option value=\"%s\"%s>",
		          store_role_name((store_role)r),
		          any && (store_role)r == selected ? " selected" : "");
		page_esc(p, staff_role_word(p, (store_role)r));
		page_add(p, "</option>");
	}
	page_add(p, "</select>");
}

static void secrets_box(page *p, const acc_view *v)
{
	page_add(p, "<section class=\"card adm-secret\" role=\"status\" "
	            "aria-labelledby=\"secret-h\"><h2 id=\"secret-h\">");
	if (v->created)
		staff_t(p, "Compte créé", "Account created");
	else
		staff_t(p, "Nouveaux identifiants", "New credentials");
	page_add(p, "</h2><p>");
	staff_t(p, "Pour ", "For ");
	page_add(p, "<strong>");
	page_esc(p, v->secret_email);
	page_add(p, "</strong>. ");
	staff_t(p,
	        "Notez-les maintenant : ils ne seront plus affichés. Le mot "
	        "de passe ouvre l’espace du personnel, le code PIN les portes.",
	        "Write them down now: they will not be shown again. The "
	        "password opens the staff pages, the PIN the doors.");
	page_add(p, "</p><dl class=\"adm-codes\"><div><dt>");
	staff_t(p, "Mot de passe", "Password");
	page_add(p, "</dt><dd class=\"mono\" id=\"new-password\">");
	page_esc(p, v->password);
	page_add(p, "</dd></div><div><dt>");
	staff_t(p, "Code PIN", "PIN");
	page_add(p, "</dt><dd class=\"mono\" id=\"new-pin\">");
	page_esc(p, v->pin);
	page_add(p, "</dd></div></dl></section>\n");
}

static void hidden_email(page *p, const char *email)
{
	page_add(p, "<input type=\"hidden\" name=\"email\" value=\"");
	page_esc(p, email);
	page_add(p, "\">");
}

static void form_open(page *p, const char *cls, const char *action)
{
	page_add(p, "<form class=\"");
	page_add(p, cls);
	page_add(p, "\" method=\"post\" action=\"/staff/accounts");
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	page_addf(p, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	          action);
}

static void account_actions(page *p, const store_staff *s)
{
	bool self = s->id == staff_me(p)->id;

	page_add(p, "<details class=\"adm-more\"><summary>");
	staff_t(p, "Modifier", "Change");
	page_add(p, "</summary><div class=\"adm-more-body\">");
	form_open(p, "sform", "update");
	hidden_email(p, s->email);
	adm_input(p, "Nom", "Name", "text", "name", s->name,
	          "required maxlength=\"100\"");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Rôle", "Role");
	page_add(p, "</span>");
	role_select(p, "role", s->role, true);
	page_add(p, "</label><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Site", "Site");
	page_add(p, "</span>");
	adm_site_select(p, "site", s->site, "Tous les sites", "All sites");
	page_add(p, "</label><div class=\"field\"><button class=\"btn "
	            "btn-primary btn-small\" type=\"submit\">");
	staff_t(p, "Enregistrer", "Save");
	page_add(p, "</button></div></form><div class=\"adm-row\">");
	form_open(p, "inline-form", "reset");
	hidden_email(p, s->email);
	page_add(p, "<button class=\"btn btn-quiet btn-small\" "
	            "type=\"submit\">");
	staff_t(p, "Nouveau mot de passe et PIN", "New password and PIN");
	page_add(p, "</button></form>");
	if (!self) {
		form_open(p, "inline-form", s->disabled ? "enable" : "disable");
		hidden_email(p, s->email);
		page_addf(p,
		          "<button class=\"btn %s btn-small\" "
		          "type=\"submit\">",
		          s->disabled ? "btn-quiet" : "btn-danger");
		if (s->disabled)
			staff_t(p, "Réactiver", "Enable");
		else
			staff_t(p, "Désactiver", "Disable");
		page_add(p, "</button></form>");
	}
	page_add(p, "</div></div></details>");
}

static void account_row(page *p, const store_staff *s)
{
	page_add(p, s->disabled ? "<tr class=\"adm-off\">" : "<tr>");
	page_add(p, "<td><strong>");
	page_esc(p, s->name);
	page_add(p, "</strong><br><span class=\"muted\">");
	page_esc(p, s->email);
	page_add(p, "</span>");
	if (s->id == staff_me(p)->id) {
		page_add(p, " <span class=\"sbadge st-confirmed\">");
		staff_t(p, "vous", "you");
		page_add(p, "</span>");
	}
	page_add(p, "</td><td>");
	page_esc(p, staff_role_word(p, s->role));
	page_add(p, "</td><td>");
	if (s->site[0] != '\0')
		page_esc(p, s->site);
	else
		staff_t(p, "tous", "all");
	page_add(p, "</td><td>");
	if (s->disabled) {
		page_add(p, "<span class=\"sbadge st-removed\">");
		staff_t(p, "Désactivé", "Disabled");
	} else {
		page_add(p, "<span class=\"sbadge st-checkedin adm-ok\">");
		staff_t(p, "Actif", "Active");
	}
	page_add(p, "</span></td><td>");
	account_actions(p, s);
	page_add(p, "</td></tr>\n");
}

static void accounts_table(page *p)
{
	store_staff *list = NULL;
	size_t n = 0;

	if (store_staff_list(p->app->store, &list, &n) != STORE_OK)
		n = 0;
	page_add(p, "<div class=\"stable-wrap\"><table class=\"stable "
	            "adm-accounts adm-stack\"><thead><tr><th>");
	staff_t(p, "Personne", "Person");
	page_add(p, "</th><th>");
	staff_t(p, "Rôle", "Role");
	page_add(p, "</th><th>");
	staff_t(p, "Site", "Site");
	page_add(p, "</th><th>");
	staff_t(p, "État", "State");
	page_add(p, "</th><th><span class=\"vh\">");
	staff_t(p, "Actions", "Actions");
	page_add(p, "</span></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++)
		account_row(p, &list[i]);
	page_add(p, "</tbody></table></div>\n");
	free(list);
}

static void add_form(page *p, const acc_view *v)
{
	store_role r = ROLE_DESK;

	if (v->role != NULL)
		store_role_parse(v->role, &r);
	page_add(p, "<section class=\"card\" aria-labelledby=\"add-acc\">"
	            "<h2 id=\"add-acc\">");
	staff_t(p, "Ajouter un compte", "Add an account");
	page_add(p, "</h2><p class=\"muted\">");
	staff_t(p,
	        "Le mot de passe et le code PIN sont tirés au hasard et "
	        "affichés une seule fois.",
	        "The password and PIN are drawn at random and shown once.");
	page_add(p, "</p>");
	form_open(p, "sform", "add");
	adm_input(p, "E-mail", "E-mail", "email", "email", v->email,
	          "required maxlength=\"254\"");
	adm_input(p, "Nom", "Name", "text", "name", v->name,
	          "required maxlength=\"100\"");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, "Rôle", "Role");
	page_add(p, "</span>");
	role_select(p, "role", r, true);
	page_add(p, "</label><label class=\"field\"><span class=\"label\">");
	staff_t(p, "Site", "Site");
	page_add(p, "</span>");
	adm_site_select(p, "site", v->site, "Tous les sites", "All sites");
	page_add(p, "</label><div class=\"field\"><button class=\"btn "
	            "btn-primary\" type=\"submit\">");
	staff_t(p, "Créer le compte", "Create the account");
	page_add(p, "</button></div></form></section>\n");
}

static int accounts_reply(page *p, unsigned status, const acc_view *v)
{
	static const acc_view none = {0};

	if (v == NULL)
		v = &none;
	staff_begin(p, staff_l(p, "Comptes du personnel", "Staff accounts"),
	            STAFF_SEC_ACCOUNTS, "/staff/accounts");
	adm_head(p, staff_l(p, "Comptes du personnel", "Staff accounts"),
	         "Qui entre dans l’espace du personnel, avec quel rôle et pour "
	         "quel site.",
	         "Who signs in to the staff pages, with which role, for which "
	         "site.");
	adm_done_notice(p, done_words);
	if (v->err_fr != NULL)
		adm_refusal(p, v->err_fr, v->err_en, v->store_too);
	if (v->password != NULL)
		secrets_box(p, v);
	accounts_table(p);
	add_form(p, v);
	staff_end(p);
	if (v->password != NULL)
		http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

static int route_accounts(http_request *req, void *app)
{
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_ACCOUNTS) != 0)
		return 0;
	return accounts_reply(&p, 200, NULL);
}

/* ---- the changes ------------------------------------------------------------ */

static int refused(page *p, acc_view *v, unsigned status, const char *fr,
                   const char *en, bool store_too)
{
	v->err_fr = fr;
	v->err_en = en;
	v->store_too = store_too;
	return accounts_reply(p, status, v);
}

/* The form's site: NULL for all sites (""), else the slug. */
static const char *form_site(http_request *req)
{
	const char *s = adm_field(req, "site");

	return s != NULL && s[0] != '\0' ? s : NULL;
}

static int do_add(page *p, acc_view *v, const char *who)
{
	char password[ACC_PASSWORD_LEN + 1], pin[ACC_PIN_LEN + 1];
	store_status rc = STORE_CONFLICT;
	store_role role;
	int out;

	v->email = adm_field(p->req, "email");
	v->name = adm_field(p->req, "name");
	v->role = adm_field(p->req, "role");
	v->site = adm_field(p->req, "site");
	if (v->role == NULL || store_role_parse(v->role, &role) != 0)
		return refused(p, v, 422, "Rôle inconnu.", "Unknown role.",
		               false);
	if (v->name == NULL || v->name[0] == '\0')
		return refused(p, v, 422, "Donnez un nom.", "Give a name.",
		               false);
	make_password(password);
	for (int i = 0; i < ACC_PIN_TRIES && rc == STORE_CONFLICT; i++) {
		make_pin(pin);
		rc = store_staff_add(p->app->store, who, v->email, v->name,
		                     role, form_site(p->req), password, pin,
		                     p->now, NULL);
		if (rc == STORE_CONFLICT &&
		    strstr(store_errmsg(p->app->store), "PIN") == NULL)
			break;
	}
	if (rc != STORE_OK)
		return refused(p, v, adm_store_status(rc),
		               "Le compte n’a pas été créé :",
		               "The account was not created:", true);
	v->created = true;
	v->secret_email = v->email;
	v->password = password;
	v->pin = pin;
	v->email = v->name = v->role = v->site = NULL;
	out = accounts_reply(p, 200, v);
	sodium_memzero(password, sizeof password);
	sodium_memzero(pin, sizeof pin);
	return out;
}

static int do_reset(page *p, acc_view *v, const char *who, const char *email)
{
	char password[ACC_PASSWORD_LEN + 1], pin[ACC_PIN_LEN + 1];
	store_status rc = STORE_CONFLICT;
	int out;

	make_password(password);
	for (int i = 0; i < ACC_PIN_TRIES && rc == STORE_CONFLICT; i++) {
		make_pin(pin);
		rc = store_staff_set_secret(p->app->store, who, email, password,
		                            pin, p->now);
	}
	if (rc != STORE_OK)
		return refused(p, v, adm_store_status(rc),
		               "Refusé :", "Refused:", true);
	v->secret_email = email;
	v->password = password;
	v->pin = pin;
	out = accounts_reply(p, 200, v);
	sodium_memzero(password, sizeof password);
	sodium_memzero(pin, sizeof pin);
	return out;
}

/* The account EMAIL into *OUT; false when there is none. */
static bool find_account(page *p, const char *email, store_staff *out)
{
	store_staff *list = NULL;
	size_t n = 0;
	bool found = false;

	if (email == NULL ||
	    store_staff_list(p->app->store, &list, &n) != STORE_OK)
		return false;
	for (size_t i = 0; i < n && !found; i++) {
		if (strcasecmp(list[i].email, email) == 0) {
			*out = list[i];
			found = true;
		}
	}
	free(list);
	return found;
}

static int do_update(page *p, acc_view *v, const char *who,
                     const store_staff *s)
{
	const char *name = adm_field(p->req, "name");
	const char *role_s = adm_field(p->req, "role");
	const char *site = adm_field(p->req, "site");
	store_role role;
	store_status rc;

	if (role_s == NULL || store_role_parse(role_s, &role) != 0)
		return refused(p, v, 422, "Rôle inconnu.", "Unknown role.",
		               false);
	if (name == NULL || name[0] == '\0')
		return refused(p, v, 422, "Donnez un nom.", "Give a name.",
		               false);
	if (s->id == staff_me(p)->id &&
	    (role != ROLE_SUPERADMIN || (site != NULL && site[0] != '\0')))
		return refused(
		        p, v, 409,
		        "Vous ne pouvez pas réduire vos propres droits : "
		        "demandez-le à un autre super-admin.",
		        "You cannot lower your own rights: ask another "
		        "super-admin.",
		        false);
	rc = store_staff_update(p->app->store, who, s->email, name, &role,
	                        site != NULL ? site : "", p->now);
	if (rc != STORE_OK)
		return refused(p, v, adm_store_status(rc),
		               "Refusé :", "Refused:", true);
	return adm_redirect(p, "/staff/accounts", "updated");
}

static int do_disable(page *p, acc_view *v, const char *who,
                      const store_staff *s, bool disable)
{
	store_status rc;

	if (disable && s->id == staff_me(p)->id)
		return refused(p, v, 409,
		               "Vous ne pouvez pas désactiver votre propre "
		               "compte.",
		               "You cannot disable your own account.", false);
	rc = store_staff_disable(p->app->store, who, s->email, disable, p->now);
	if (rc != STORE_OK)
		return refused(p, v, adm_store_status(rc),
		               "Refusé :", "Refused:", true);
	return adm_redirect(p, "/staff/accounts",
	                    disable ? "disabled" : "enabled");
}

static int route_accounts_post(http_request *req, void *app)
{
	const char *action, *email;
	acc_view v = {0};
	store_staff s;
	char who[32];
	page p;

	if (adm_post(&p, req, app, STAFF_CAN_ACCOUNTS) != 0)
		return 0;
	staff_who(&p, who, sizeof who);
	action = adm_field(req, "action");
	if (action == NULL)
		action = "";
	if (strcmp(action, "add") == 0)
		return do_add(&p, &v, who);
	email = adm_field(req, "email");
	if (strcmp(action, "reset") != 0 && strcmp(action, "update") != 0 &&
	    strcmp(action, "disable") != 0 && strcmp(action, "enable") != 0)
		return refused(&p, &v, 400, "Action inconnue.",
		               "Unknown action.", false);
	if (!find_account(&p, email, &s))
		return refused(&p, &v, 404, "Aucun compte de cet e-mail.",
		               "No account of that e-mail.", false);
	if (strcmp(action, "reset") == 0)
		return do_reset(&p, &v, who, s.email);
	if (strcmp(action, "update") == 0)
		return do_update(&p, &v, who, &s);
	return do_disable(&p, &v, who, &s, strcmp(action, "disable") == 0);
}

const http_route staff_admin_accounts_get = {"GET", "/staff/accounts",
                                             route_accounts, 0};
const http_route staff_admin_accounts_post = {"POST", "/staff/accounts",
                                              route_accounts_post, 0};

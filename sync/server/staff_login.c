/*
 * staff_login.c - signing in and out of the staff pages.
 *
 *   GET  /staff/login[?next=PATH]   the form (e-mail, password)
 *   POST /staff/login               email, password, next: a session
 *                                   (store_login_password), its token in
 *                                   the session cookie, 303 to NEXT (a
 *                                   /staff or /stats path) or /staff
 *   POST /staff/logout              csrf: ends the session, clears the
 *                                   cookie, 303 to the sign-in page
 *   GET  /staff                     303 to the first part the role opens
 *
 * A wrong e-mail or password gets 401 and the form again, with the same
 * words for both; each sign-in is written to the audit log.
 */
#include <stdio.h>
#include <string.h>

#include "staff.h"

/* True when NEXT is a path of ours to go back to: /staff... or /stats...,
 * no "//" (another host), no backslash, printable ASCII. */
static bool next_ok(const char *next)
{
	if (next == NULL || strlen(next) > STAFF_NEXT_MAX)
		return false;
	if (strncmp(next, "/staff", 6) != 0 && strncmp(next, "/stats", 6) != 0)
		return false;
	if (strstr(next, "//") != NULL || strchr(next, '\\') != NULL)
		return false;
	for (const char *c = next; *c != '\0'; c++) {
		if (*c <= 0x20 || *c >= 0x7f)
			return false;
	}
	return true;
}

static int login_form(page *p, const char *email, const char *next, bool wrong,
                      unsigned status)
{
	const char *title =
	        staff_l(p, "Connexion du personnel", "Staff sign-in");

	page_begin(p, title, NULL, "/staff/login", true);
	page_add(p, "<div class=\"card login\"><h1>");
	page_esc(p, title);
	page_add(p, "</h1>\n<p class=\"muted\">");
	staff_t(p,
	        "Planning, administration et statistiques des salles. Les "
	        "écrans des portes se déverrouillent avec votre code PIN.",
	        "Planning, administration and statistics of the rooms. The "
	        "door displays open with your PIN.");
	page_add(p, "</p>\n");
	if (wrong) {
		staff_notice(p, false,
		             staff_l(p, "E-mail ou mot de passe incorrect.",
		                     "Wrong e-mail or password."));
	}
	page_add(p, "<form method=\"post\" action=\"/staff/login");
	page_lang_query(p, true);
	page_add(p, "\">\n<input type=\"hidden\" name=\"next\" value=\"");
	page_esc(p, next_ok(next) ? next : "/staff");
	page_add(p, "\">\n<label class=\"field\"><span class=\"label\">");
	staff_t(p, "E-mail", "E-mail");
	page_add(p, "</span><input name=\"email\" type=\"email\" "
	            "autocomplete=\"username\" required maxlength=\"254\" "
	            "value=\"");
	page_esc(p, email != NULL ? email : "");
	page_add(p, "\"></label>\n<label class=\"field\"><span "
	            "class=\"label\">");
	staff_t(p, "Mot de passe", "Password");
	page_add(p, "</span><input name=\"password\" type=\"password\" "
	            "autocomplete=\"current-password\" required "
	            "maxlength=\"128\"></label>\n<p><button class=\"btn "
	            "btn-primary btn-block\" type=\"submit\">");
	staff_t(p, "Se connecter", "Sign in");
	page_add(p, "</button></p>\n</form></div>\n");
	page_end(p);
	http_set_header(p->req, "Cache-Control", "no-store");
	return page_send(p, status);
}

static int route_login_get(http_request *req, void *app)
{
	page p;

	page_init(&p, req, app);
	return login_form(&p, NULL, http_query(req, "next"), false, 200);
}

static int route_login_post(http_request *req, void *app)
{
	const char *email = http_form(req, "email");
	const char *password = http_form(req, "password");
	const char *next = http_form(req, "next");
	char token[STORE_TOKEN_LEN], who[32], loc[STAFF_NEXT_MAX + 16];
	store_session s;
	store_status rc;
	page p;

	page_init(&p, req, app);
	if (email == NULL || password == NULL || strlen(email) > 254 ||
	    strlen(password) > STORE_PASSWORD_MAX)
		return login_form(&p, NULL, next, true, 400);
	rc = store_login_password(p.app->store, email, password, p.now, token,
	                          &s);
	if (rc == STORE_UNAUTHORIZED || rc == STORE_INVALID)
		return login_form(&p, email, next, true, 401);
	if (rc != STORE_OK) {
		page_free(&p);
		return page_store_error(req, app, rc);
	}
	snprintf(who, sizeof who, "staff:%lld", (long long)s.staff.id);
	store_audit_add(p.app->store, who, "staff.login", s.staff.email, "web",
	                p.now);
	if (http_set_cookie(req, APP_SESSION_COOKIE, token,
	                    (long)(s.expires_at - p.now)) != 0) {
		page_free(&p);
		return -1;
	}
	snprintf(loc, sizeof loc, "%s%s%s", next_ok(next) ? next : "/staff",
	         p.lang_forced
	                 ? (strchr(next_ok(next) ? next : "", '?') ? "&lang="
	                                                           : "?lang=")
	                 : "",
	         p.lang_forced ? p.lang : "");
	page_free(&p);
	return http_reply_redirect(req, loc);
}

static int route_logout(http_request *req, void *app)
{
	const app_principal *who = app_principal_of(req);
	page p;

	if (staff_post(&p, req, app, APP_ROLE_STAFF) != 0)
		return 0;
	store_session_end(p.app->store, who->token);
	http_set_cookie(req, APP_SESSION_COOKIE, "", 0);
	page_free(&p);
	return http_reply_redirect(req, "/staff/login");
}

static int route_home(http_request *req, void *app)
{
	const char *to = "/stats";
	char loc[64];
	page p;

	if (staff_open(&p, req, app, APP_ROLE_STAFF) != 0)
		return 0;
	if (staff_has(&p, STAFF_CAN_PLAN))
		to = "/staff/planning";
	snprintf(loc, sizeof loc, "%s%s%s", to, p.lang_forced ? "?lang=" : "",
	         p.lang_forced ? p.lang : "");
	page_free(&p);
	return http_reply_redirect(req, loc);
}

const http_route staff_login_get_route = {"GET", "/staff/login",
                                          route_login_get, 0};
const http_route staff_login_post_route = {"POST", "/staff/login",
                                           route_login_post, 0};
const http_route staff_logout_route = {"POST", "/staff/logout", route_logout,
                                       0};
const http_route staff_home_route = {"GET", "/staff", route_home, 0};

/*
 * staff_admin_util.c - what the administration pages share: forms,
 * notices, checks of reach, words. See staff_admin_int.h.
 */
#include <stdlib.h>
#include <string.h>

#include "staff_admin_int.h"

void adm_done_notice(page *p, const adm_done *list)
{
	const char *done = http_query(p->req, "done");

	if (done == NULL)
		return;
	for (; list->code != NULL; list++) {
		if (strcmp(list->code, done) == 0) {
			staff_notice(p, true, staff_l(p, list->fr, list->en));
			return;
		}
	}
}

/* True when the body carries a csrf field the form parser would not
 * read: the form is malformed and http_form answers NULL for all. */
static bool form_unreadable(http_request *req)
{
	size_t len = 0;
	const char *body = http_body(req, &len);

	return body != NULL && len > 0 && http_form(req, "csrf") == NULL &&
	       strstr(body, "csrf=") != NULL;
}

int adm_post(page *p, http_request *req, void *app, unsigned roles)
{
	if (form_unreadable(req)) {
		if (staff_open(p, req, app, roles) != 0)
			return -1;
		staff_fail(p, 400, "Formulaire illisible", "Unreadable form",
		           "Le formulaire contient des caractères non valables "
		           "(UTF-8 ou caractères de contrôle). Rien n’a été "
		           "changé.",
		           "The form holds characters that are not valid "
		           "(UTF-8 or control characters). Nothing was "
		           "changed.");
		return -1;
	}
	return staff_post(p, req, app, roles);
}

int adm_redirect(page *p, const char *path, const char *done)
{
	strbuf_reset(&p->out);
	page_add(p, path);
	page_add(p, "?done=");
	page_add(p, done);
	if (p->lang_forced) {
		page_add(p, "&lang=");
		page_add(p, p->lang);
	}
	http_reply_redirect(p->req, strbuf_str(&p->out));
	page_free(p);
	return 0;
}

int adm_check(page *p, store_perm perm, const char *site, const char *room)
{
	store_status rc;

	rc = store_staff_may(p->app->store, staff_me(p)->id, perm, site, room);
	if (rc == STORE_OK)
		return 0;
	if (rc == STORE_NOT_FOUND)
		staff_fail(p, 404, "Introuvable", "Not found",
		           room != NULL ? "Aucune salle de ce nom."
		                        : "Aucun site de ce nom.",
		           room != NULL ? "No room of that name."
		                        : "No site of that name.");
	else if (rc == STORE_FORBIDDEN)
		staff_fail(p, 403, "Accès refusé", "Not allowed",
		           "Ce site ou cette salle n’est pas de votre ressort.",
		           "This site or room is not yours to manage.");
	else
		staff_store_fail(p, rc);
	return -1;
}

bool adm_super(const page *p)
{
	return staff_me(p)->role == ROLE_SUPERADMIN;
}

const char *adm_kind_word(const page *p, room_kind k)
{
	switch (k) {
	case ROOM_GROUP:
		return staff_l(p, "Travail en groupe", "Group study");
	case ROOM_MEETING:
		return staff_l(p, "Réunion", "Meeting");
	case ROOM_TRAINING:
		return staff_l(p, "Formation", "Training");
	default:
		return staff_l(p, "Atelier", "Workshop");
	}
}

const char *adm_field(http_request *req, const char *name)
{
	return http_form(req, name);
}

void adm_form_open(page *p, const char *base, const char *slug, const char *cls,
                   const char *action)
{
	page_add(p, "<form class=\"");
	page_add(p, cls);
	page_add(p, "\" method=\"post\" action=\"");
	page_add(p, base);
	page_esc(p, slug);
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_csrf_field(p);
	page_addf(p, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	          action);
}

void adm_button(page *p, const char *cls, const char *fr, const char *en)
{
	page_add(p, "<button class=\"btn ");
	page_add(p, cls);
	page_add(p, "\" type=\"submit\">");
	staff_t(p, fr, en);
	page_add(p, "</button>");
}

void adm_input(page *p, const char *fr, const char *en, const char *type,
               const char *name, const char *value, const char *extra)
{
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	staff_t(p, fr, en);
	page_add(p, "</span><input type=\"");
	page_add(p, type);
	page_add(p, "\" name=\"");
	page_add(p, name);
	page_add(p, "\"");
	if (value != NULL) {
		page_add(p, " value=\"");
		page_esc(p, value);
		page_add(p, "\"");
	}
	if (extra != NULL) {
		page_add(p, " ");
		page_add(p, extra);
	}
	page_add(p, "></label>");
}

void adm_head(page *p, const char *h1, const char *lead_fr, const char *lead_en)
{
	page_add(p, "<div class=\"adm-head\"><h1>");
	page_esc(p, h1);
	page_add(p, "</h1>");
	if (lead_fr != NULL) {
		page_add(p, "<p class=\"lead\">");
		staff_t(p, lead_fr, lead_en);
		page_add(p, "</p>");
	}
	page_add(p, "</div>\n");
}

void adm_refusal(page *p, const char *reason_fr, const char *reason_en,
                 bool store_too)
{
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\"><p>"
	            "<strong>");
	staff_t(p, "Rien n’a été changé.", "Nothing was changed.");
	page_add(p, "</strong>");
	staff_t(p, reason_fr, reason_en);
	if (store_too) {
		page_add(p, " ");
		page_esc(p, store_errmsg(p->app->store));
	}
	page_add(p, "</p></div>\n");
}

unsigned adm_store_status(store_status s)
{
	switch (s) {
	case STORE_NOT_FOUND:
		return 404;
	case STORE_FORBIDDEN:
	case STORE_UNAUTHORIZED:
		return 403;
	case STORE_CONFLICT:
		return 409;
	case STORE_INVALID:
	case STORE_REFUSED:
		return 422;
	default:
		return 500;
	}
}

void adm_time(page *p, const char *tz, porte_time t)
{
	staff_time(p, page_zone(p, tz), t);
}

void adm_site_select(page *p, const char *name, const char *selected,
                     const char *all_fr, const char *all_en)
{
	const char *mine = staff_me(p)->site;
	store_site *sites = NULL;
	size_t n = 0;

	page_add(p, "<select name=\"");
	page_add(p, name);
	page_add(p, "\">");
	if (all_fr != NULL) {
		page_add(p, "<option value=\"\"");
		if (selected == NULL || selected[0] == '\0')
			page_add(p, " selected");
		page_add(p, ">");
		staff_t(p, all_fr, all_en);
		page_add(p, "</option>");
	}
	if (store_site_list(p->app->store, &sites, &n) == STORE_OK) {
		for (size_t i = 0; i < n; i++) {
			if (mine[0] != '\0' && strcmp(mine, sites[i].slug) != 0)
				continue;
			page_add(p, "<option value=\"");
			page_esc(p, sites[i].slug);
			page_add(p, "\"");
			if (selected != NULL &&
			    strcmp(selected, sites[i].slug) == 0)
				page_add(p, " selected");
			page_add(p, ">");
			page_esc(p, sites[i].name);
			page_add(p, "</option>");
		}
	}
	free(sites);
	page_add(p, "</select>");
}

int adm_refuse(adm_err *e, unsigned status, const char *fr, const char *en)
{
	e->fr = fr;
	e->en = en;
	e->status = status;
	return -1;
}

int adm_refuse_store(adm_err *e, store_status rc, const char *fr,
                     const char *en)
{
	e->store_too = true;
	return adm_refuse(e, adm_store_status(rc), fr, en);
}

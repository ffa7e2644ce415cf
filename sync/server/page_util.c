/*
 * page_util.c - what every page shares: its language and clock, the
 * document around it (head, top bar, footer), styled error pages, and
 * checks of the ids and secrets that come in URLs.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "page_int.h"

#define ID_MAX ((int64_t)1 << 53)

void page_init(page *p, http_request *req, void *app)
{
	const char *q = http_query(req, "lang");

	memset(p, 0, sizeof(*p));
	p->req = req;
	p->app = app;
	if (q != NULL && strcmp(q, "en") == 0) {
		p->lang = "en";
		p->lang_forced = true;
	} else if (q != NULL && strcmp(q, "fr") == 0) {
		p->lang = "fr";
		p->lang_forced = true;
	} else {
		p->lang = strcmp(http_lang(req), "en") == 0 ? "en" : "fr";
	}
	p->now = app_now(p->app);
	strbuf_init(&p->out, PAGE_MAX);
}

void page_free(page *p)
{
	strbuf_free(&p->out);
}

const char *page_tr(const page *p, page_msg m)
{
	return page_t(p->lang, m);
}

void page_add(page *p, const char *s)
{
	strbuf_adds(&p->out, s);
}

void page_addf(page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&p->out, fmt, ap);
	va_end(ap);
}

void page_esc(page *p, const char *s)
{
	http_html_escape(&p->out, s != NULL ? s : "");
}

void page_msg_add(page *p, page_msg m)
{
	page_esc(p, page_tr(p, m));
}

void page_msg_fill(page *p, page_msg m, const page_var *vars, size_t nvars)
{
	page_fill(&p->out, page_tr(p, m), vars, nvars, true);
}

void page_lang_query(page *p, bool first)
{
	if (!p->lang_forced)
		return;
	page_addf(p, "%slang=%s", first ? "?" : "&amp;", p->lang);
}

void page_begin(page *p, const char *title, const char *site, const char *self,
                bool noindex)
{
	char css[PAGE_CSS_ETAG_LEN];
	const char *other = page_tr(p, PM_LANG_OTHER_CODE);

	page_css_etag(css);
	page_addf(p,
	          "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
	          "<meta charset=\"utf-8\">\n"
	          "<meta name=\"viewport\" content=\"width=device-width, "
	          "initial-scale=1\">\n"
	          "<meta name=\"color-scheme\" content=\"light dark\">\n",
	          p->lang);
	if (noindex)
		page_add(p, "<meta name=\"robots\" content=\"noindex, "
		            "nofollow\">\n");
	page_add(p, "<title>");
	page_esc(p, title);
	page_add(p, " · Porte</title>\n"
	            "<link rel=\"icon\" href=\"data:,\">\n");
	page_addf(p,
	          "<link rel=\"stylesheet\" href=\"/static/porte.css?v=%s\">\n"
	          "</head>\n<body>\n",
	          css);
	page_add(p, "<a class=\"skip\" href=\"#main\">");
	page_msg_add(p, PM_SKIP);
	page_add(p, "</a>\n<header class=\"bar\"><div class=\"wrap\">"
	            "<a class=\"brand\" href=\"/r");
	page_lang_query(p, true);
	page_add(p, "\"><span class=\"logo\" aria-hidden=\"true\"></span>"
	            "Porte</a>\n<span class=\"site\">");
	page_esc(p, site != NULL && site[0] != '\0'
	                    ? site
	                    : page_tr(p, PM_BRAND_TAGLINE));
	page_add(p, "</span>\n<a class=\"lang\" href=\"");
	page_esc(p, self);
	page_addf(p, "%clang=%s\" hreflang=\"%s\" lang=\"%s\">",
	          strchr(self, '?') != NULL ? '&' : '?', other, other, other);
	page_msg_add(p, PM_LANG_OTHER_NAME);
	page_add(p,
	         "</a>\n</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

void page_end(page *p)
{
	page_add(p, "</main>\n<footer class=\"foot\"><div class=\"wrap\">"
	            "<p><a href=\"/r");
	page_lang_query(p, true);
	page_add(p, "\">");
	page_msg_add(p, PM_FOOT_ROOMS);
	page_add(p, "</a></p><p>");
	page_msg_add(p, PM_FOOT_NOTE);
	page_add(p, "</p></div></footer>\n</body>\n</html>\n");
}

int page_send(page *p, unsigned status)
{
	int rc;

	if (strbuf_failed(&p->out)) {
		page_free(p);
		return http_reply_error(p->req, 500, "internal",
		                        "the page could not be built");
	}
	http_set_header(p->req, "Content-Language", p->lang);
	http_set_header(p->req, "Vary", "Accept-Language");
	rc = http_reply_html(p->req, status, strbuf_str(&p->out));
	page_free(p);
	return rc;
}

int page_error(http_request *req, void *app, unsigned status, page_msg head,
               page_msg text)
{
	page p;

	page_init(&p, req, app);
	page_begin(&p, page_tr(&p, head), NULL, http_path(req), true);
	page_add(&p, "<div class=\"card\"><h1>");
	page_msg_add(&p, head);
	page_add(&p, "</h1>\n<p>");
	page_msg_add(&p, text);
	page_add(&p, "</p>\n<p><a href=\"/r");
	page_lang_query(&p, true);
	page_add(&p, "\">");
	page_msg_add(&p, PM_ALL_ROOMS);
	page_add(&p, "</a></p></div>\n");
	page_end(&p);
	return page_send(&p, status);
}

int page_store_error(http_request *req, void *app, store_status s)
{
	switch (s) {
	case STORE_NOT_FOUND:
		return page_error(req, app, 404, PM_ERR_NOT_FOUND,
		                  PM_ERR_NOT_FOUND_TEXT);
	case STORE_UNAUTHORIZED:
		return page_error(req, app, 403, PM_ERR_LINK, PM_ERR_LINK_TEXT);
	case STORE_FORBIDDEN:
		return page_error(req, app, 403, PM_ERR_FORBIDDEN,
		                  PM_ERR_FORBIDDEN_TEXT);
	case STORE_INVALID:
		return page_error(req, app, 400, PM_ERR_BAD_REQUEST,
		                  PM_ERR_BAD_REQUEST_TEXT);
	case STORE_LOCKED:
		return page_error(req, app, 429, PM_ERR_BUSY, PM_ERR_BUSY_TEXT);
	default:
		return page_error(req, app, 500, PM_ERR_INTERNAL,
		                  PM_ERR_INTERNAL_TEXT);
	}
}

int page_parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t n;

	if (s == NULL)
		return -1;
	n = strlen(s);
	if (n == 0 || n > 16 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v > ID_MAX)
		return -1;
	*out = v;
	return 0;
}

bool page_token_ok(const char *s, size_t max)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return true;
}

bool page_proof_ok(const char *s)
{
	static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

	if (s == NULL || strlen(s) != 8)
		return false;
	for (size_t i = 0; i < 8; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (strchr(alphabet, c) == NULL || c == '\0')
			return false;
	}
	return true;
}

const tz_zone *page_zone(page *p, const char *name)
{
	const tz_zone *z = NULL;

	if (store_zone(p->app->store, name, &z) != STORE_OK)
		return NULL;
	return z;
}

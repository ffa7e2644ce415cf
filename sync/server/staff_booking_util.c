/*
 * staff_booking_util.c - what the bookings' staff pages share: the rooms
 * of a staff member, local times read strictly, the rules' sentences.
 * See staff_booking.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "page_text.h"
#include "staff_booking.h"

const char *bk_opt(const char *s)
{
	return s != NULL ? s : "";
}

bool bk_form_unreadable(http_request *req)
{
	size_t len = 0;
	const char *body = http_body(req, &len);

	return body != NULL && len > 0 && http_form(req, "csrf") == NULL &&
	       memmem(body, len, "csrf=", 5) != NULL;
}

int bk_unreadable_reply(http_request *req, void *app)
{
	page p;

	if (staff_open(&p, req, app, STAFF_CAN_PLAN) != 0)
		return 0;
	return staff_fail(&p, 400, "Formulaire illisible", "Unreadable form",
	                  "Le formulaire contient des caractères non valables "
	                  "(UTF-8). Rien n’a été enregistré.",
	                  "The form holds characters that are not valid "
	                  "(UTF-8). Nothing was saved.");
}

store_status bk_rooms(page *p, store_room **out, size_t *n)
{
	const store_staff *me = staff_me(p);
	store_room *all = NULL;
	size_t count = 0, kept = 0;
	store_status rc;

	*out = NULL;
	*n = 0;
	rc = store_room_list(p->app->store,
	                     me->site[0] != '\0' ? me->site : NULL, &all,
	                     &count);
	if (rc != STORE_OK)
		return rc;
	for (size_t i = 0; i < count; i++) {
		rc = store_staff_may(p->app->store, me->id, STORE_PERM_BOOKINGS,
		                     NULL, all[i].slug);
		if (rc == STORE_OK && kept != i)
			all[kept] = all[i];
		if (rc == STORE_OK)
			kept++;
		else if (rc != STORE_FORBIDDEN && rc != STORE_NOT_FOUND)
			break;
		rc = STORE_OK;
	}
	if (rc != STORE_OK || kept == 0) {
		free(all);
		return rc;
	}
	*out = all;
	*n = kept;
	return STORE_OK;
}

const store_room *bk_room_find(const store_room *rooms, size_t n,
                               const char *slug)
{
	for (size_t i = 0; slug != NULL && i < n; i++) {
		if (strcmp(rooms[i].slug, slug) == 0)
			return &rooms[i];
	}
	return NULL;
}

void bk_room_options(page *p, const store_room *rooms, size_t n,
                     const char *selected, bool any)
{
	const char *site = NULL;
	bool multi = n > 0 && strcmp(rooms[0].site, rooms[n - 1].site) != 0;

	if (any) {
		page_add(p, "<option value=\"\">");
		staff_t(p, "Toutes les salles", "Every room");
		page_add(p, "</option>");
	}
	for (size_t i = 0; i < n; i++) {
		const store_room *r = &rooms[i];

		if (multi && (site == NULL || strcmp(site, r->site) != 0)) {
			if (site != NULL)
				page_add(p, "</optgroup>");
			page_add(p, "<optgroup label=\"");
			page_esc(p, r->site_name);
			page_add(p, "\">");
			site = r->site;
		}
		page_add(p, "<option value=\"");
		page_esc(p, r->slug);
		page_add(p, "\"");
		if (selected != NULL && strcmp(selected, r->slug) == 0)
			page_add(p, " selected");
		page_add(p, ">");
		page_esc(p, r->name);
		if (r->kind == ROOM_TRAINING)
			staff_t(p, " (formation)", " (training)");
		page_add(p, "</option>");
	}
	if (site != NULL)
		page_add(p, "</optgroup>");
}

bk_time_err bk_local(const tz_zone *z, const char *date, const char *hhmm,
                     porte_time *out)
{
	cal_datetime l;
	cal_date d;
	porte_time first, second;
	int minute;

	if (z == NULL || cal_parse_date(bk_opt(date), &d) != 0 ||
	    cal_parse_hhmm(bk_opt(hhmm), &minute) != 0)
		return BK_TIME_BAD;
	if (minute == 1440) {
		d = cal_date_add_days(d, 1);
		minute = 0;
	}
	memset(&l, 0, sizeof(l));
	l.year = d.year;
	l.month = d.month;
	l.day = d.day;
	l.hour = minute / 60;
	l.minute = minute % 60;
	switch (tz_from_local(z, l, &first, &second)) {
	case TZ_LOCAL_OK:
		*out = first;
		return BK_TIME_OK;
	case TZ_LOCAL_NONEXISTENT:
		return BK_TIME_GAP;
	case TZ_LOCAL_AMBIGUOUS:
		return BK_TIME_TWICE;
	default:
		return BK_TIME_BAD;
	}
}

void bk_time_text(page *p, bk_time_err e, const char *what_fr,
                  const char *what_en)
{
	page_esc(p, staff_l(p, what_fr, what_en));
	switch (e) {
	case BK_TIME_GAP:
		staff_t(p,
		        " : cette heure n’existe pas ce jour-là (on avance "
		        "l’heure).",
		        ": this time does not exist on that day (the clocks go "
		        "forward).");
		break;
	case BK_TIME_TWICE:
		staff_t(p,
		        " : cette heure existe deux fois ce jour-là (on recule "
		        "l’heure) ; choisissez-en une autre.",
		        ": this time happens twice on that day (the clocks go "
		        "back); choose another.");
		break;
	default:
		staff_t(p,
		        " : date ou heure qui n’existe pas (AAAA-MM-JJ et "
		        "HH:MM).",
		        ": no such date or time (YYYY-MM-DD and HH:MM).");
		break;
	}
}

void bk_rule_text(page *p, const porte_rules *rr, rule_code rule)
{
	staff_rule_text(p, rr, rule);
	page_add(p, " <code>");
	page_esc(p, rule_code_name(rule));
	page_add(p, "</code>");
}

unsigned bk_rule_status(rule_code rule)
{
	switch (rule) {
	case RULE_OVERLAP:
	case RULE_CAPACITY_FULL:
	case RULE_BAD_STATE:
	case RULE_SLOT_REBOOKED:
		return 409;
	default:
		return 422;
	}
}

void bk_badge(page *p, booking_status s)
{
	page_addf(p, "<span class=\"sbadge %s\">", staff_status_class(s));
	page_esc(p, staff_status_word(p, s));
	page_add(p, "</span>");
}

void bk_booker(page *p, const char *email, bool walk_in)
{
	if (email != NULL && email[0] != '\0')
		page_esc(p, email);
	else if (walk_in)
		staff_t(p, "sur place (sans e-mail)", "walk-in (no e-mail)");
	else
		staff_t(p, "sans e-mail", "no e-mail");
}

void bk_clash_line(page *p, const store_search_row *c, const tz_zone *z)
{
	page_addf(p, "<p class=\"bk-clash\"><a href=\"/staff/bookings/%lld",
	          (long long)c->id);
	page_lang_query(p, true);
	page_add(p, "\">");
	staff_t(p, "Réservation n° ", "Booking #");
	page_addf(p, "%lld</a> : ", (long long)c->id);
	staff_time(p, z, c->start);
	page_add(p, "–");
	staff_hhmm(p, z, c->end);
	page_add(p, ", ");
	bk_booker(p, c->email, c->walk_in);
	if (c->title[0] != '\0') {
		page_add(p, " · « ");
		page_esc(p, c->title);
		page_add(p, " »");
	}
	page_add(p, " ");
	bk_badge(p, c->status);
	page_add(p, "</p>\n");
}

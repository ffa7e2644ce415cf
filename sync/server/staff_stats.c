/*
 * staff_stats.c - GET /stats: the statistics' dashboard (facilities, room
 * admins for their site, super-admins), for a period, a site or a room.
 *
 * The query is the form's: from= and to= (local dates of the scope's zone,
 * both included), or period= (week, 4weeks, month, lastmonth, year: each
 * up to today), and site= or room= (empty: all the caller may see; a room
 * admin's own site by default). Explicit dates win over a period.
 *
 * The figures come from the same place as GET /api/v1/stats, its CSV and
 * porte-admin stats: core's stats (stats.h) fed from the event log for the
 * same [FROM, TO) in the same zone (store_stats_compute: the rooms shared
 * out among threads, the same figures as porte-admin's store_stats_feed),
 * so every number here is one of theirs
 * (the heat map's rate divides their occupied seconds by the rooms' time,
 * written on the page). The links at the bottom open those figures in
 * JSON and CSV with the same query; the API takes the staff web session's
 * cookie as well as a bearer token (auth.c), so they work from the page.
 *
 * Bad input (a date that does not exist, TO before FROM, more than 400
 * days, an unknown period) gets the form back with the reason and a 400;
 * an unknown site or room 404; another site than a room admin's 403.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "staff.h"
#include "staff_stats.h"
#include "store_stats_last.h"
#include "store_stats_par.h"

#define MAX_DAYS 400 /* as api_stats.c: the longest period asked at once */
#define DEFAULT_DAYS 28
#define CACHE_SLOTS 3
#define CACHE_KEY_MAX 96
#define CACHE_FRESH 60 /* seconds figures are shown after a new event */
#define CACHE_MAX 900  /* seconds figures are kept at most */

/*
 * The figures of the last few dashboards, finished. A dashboard asked
 * again for the same scope and period is drawn from them, not from the
 * log again, while nothing was recorded since (the log's latest id is the
 * same), or for a minute after they were computed whatever was recorded
 * (a dashboard, not a door: the page says "figures as of"), and never
 * after a quarter of an hour (the only figures that move with the clock
 * alone are of bookings whose time passed with no event at all, which the
 * server's own release at start + 15 min makes rare). One lock for the
 * cache and the pages that read it: a second dashboard waits for the
 * first one's figures instead of computing them twice.
 */
typedef struct cache_slot {
	char key[CACHE_KEY_MAX];
	int64_t last_event;
	porte_time at; /* when computed */
	uint64_t used;
	stats *s;
} cache_slot;

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static cache_slot cache[CACHE_SLOTS];
static uint64_t cache_uses;

typedef struct preset {
	const char *key;
	const char *fr, *en;
} preset;

static const preset presets[] = {
        {"week", "Cette semaine", "This week"},
        {"4weeks", "4 dernières semaines", "Last 4 weeks"},
        {"month", "Ce mois-ci", "This month"},
        {"lastmonth", "Le mois dernier", "Last month"},
        {"year", "Cette année", "This year"},
};

#define NPRESETS (sizeof presets / sizeof presets[0])

/* The dates of preset I as of TODAY. */
static void preset_dates(size_t i, cal_date today, cal_date *first,
                         cal_date *last)
{
	*last = today;
	*first = today;
	switch (i) {
	case 0:
		*first = cal_date_add_days(today, -cal_weekday(today));
		break;
	case 1:
		*first = cal_date_add_days(today, 1 - DEFAULT_DAYS);
		break;
	case 2:
		first->day = 1;
		break;
	case 3:
		*last = cal_date_add_days(
		        (cal_date){today.year, today.month, 1}, -1);
		*first = (cal_date){last->year, last->month, 1};
		break;
	default:
		*first = (cal_date){today.year, 1, 1};
		break;
	}
}

/* A query value, NULL when absent or empty. */
static const char *query_of(http_request *req, const char *name)
{
	const char *v = http_query(req, name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

/* ---- reading the query ---------------------------------------------------- */

/* Sets D's error: STATUS and the reason in both languages. Returns -1. */
static int bad(stats_view *d, unsigned status, const char *fr, const char *en)
{
	d->status = status;
	snprintf(d->err_fr, sizeof d->err_fr, "%s", fr);
	snprintf(d->err_en, sizeof d->err_en, "%s", en);
	return -1;
}

/* Reads the date NAME into *OUT (unchanged when absent). Returns 0, or -1
 * with D's error. */
static int date_of(stats_view *d, const char *name, const char *fr_name,
                   cal_date *out, bool *given)
{
	const char *q = query_of(d->p->req, name);
	char fr[160], en[160];

	*given = q != NULL;
	if (q == NULL)
		return 0;
	if (strlen(q) < 16 && cal_parse_date(q, out) == 0)
		return 0;
	snprintf(fr, sizeof fr,
	         "La date « %.15s » (%s) n’existe pas : écrivez AAAA-MM-JJ.", q,
	         fr_name);
	snprintf(en, sizeof en,
	         "The date '%.15s' (%s) does not exist: write YYYY-MM-DD.", q,
	         name);
	return bad(d, 400, fr, en);
}

/* The period: explicit dates, else a preset, else the last 4 weeks. */
static int read_period(stats_view *d, cal_date today)
{
	const char *period = query_of(d->p->req, "period");
	cal_date first = cal_date_add_days(today, 1 - DEFAULT_DAYS),
	         last = today;
	bool has_from, has_to;
	int64_t days;

	d->preset = -1;
	if (period != NULL) {
		for (size_t i = 0; i < NPRESETS; i++) {
			if (strcmp(period, presets[i].key) == 0)
				d->preset = (int)i;
		}
		if (d->preset < 0 && strcmp(period, "custom") != 0)
			return bad(d, 400,
			           "Période inconnue : choisissez une des "
			           "périodes proposées.",
			           "Unknown period: choose one of those "
			           "offered.");
		if (d->preset >= 0)
			preset_dates((size_t)d->preset, today, &first, &last);
	}
	if (date_of(d, "to", "au", &last, &has_to) != 0 ||
	    date_of(d, "from", "du", &first, &has_from) != 0)
		return -1;
	if (has_to && !has_from && d->preset < 0)
		first = cal_date_add_days(last, 1 - DEFAULT_DAYS);
	if (has_from || has_to)
		d->preset = -1;
	d->first = first;
	d->last = last;
	if (cal_date_cmp(last, first) < 0)
		return bad(d, 400,
		           "La fin de la période vient avant son début.",
		           "The end of the period comes before its start.");
	days = cal_days_from_civil(last) - cal_days_from_civil(first) + 1;
	if (days > MAX_DAYS)
		return bad(d, 400,
		           "Une période de 400 jours au plus, s’il vous plaît.",
		           "A period of 400 days at most, please.");
	if (d->preset < 0) {
		for (size_t i = 0; i < NPRESETS; i++) {
			cal_date a, b;

			preset_dates(i, today, &a, &b);
			if (!cal_date_cmp(a, first) && !cal_date_cmp(b, last))
				d->preset = (int)i;
		}
	}
	return 0;
}

/* The scope (site or room) and the caller's right to it. */
static int read_scope(stats_view *d)
{
	porte_store *st = d->p->app->store;
	const store_staff *me = staff_me(d->p);
	store_status rc;

	d->site = query_of(d->p->req, "site");
	d->room = query_of(d->p->req, "room");
	if ((d->site != NULL && !store_slug_ok(d->site)) ||
	    (d->room != NULL && !store_slug_ok(d->room)))
		return bad(d, 404, "Ce site ou cette salle n’existe pas.",
		           "There is no such site or room.");
	if (d->room != NULL) {
		rc = store_room_get(st, d->room, &d->room_info);
		if (rc == STORE_NOT_FOUND)
			return bad(d, 404, "Cette salle n’existe pas.",
			           "There is no such room.");
		if (rc != STORE_OK)
			return bad(d, 500,
			           "La base de données n’a pas répondu.",
			           "The database did not answer.");
		/* The room says its site (a room of another site than the
		 * one chosen: the room wins, as the form's last choice). */
		d->site = d->room_info.site;
	} else if (d->site == NULL && me->site[0] != '\0') {
		d->site = me->site;
	}
	rc = store_staff_may(st, me->id, STORE_PERM_STATS, d->site, d->room);
	if (rc == STORE_NOT_FOUND)
		return bad(d, 404, "Ce site n’existe pas.",
		           "There is no such site.");
	if (rc == STORE_FORBIDDEN)
		return bad(d, 403,
		           "Votre compte ne voit que les statistiques de son "
		           "site.",
		           "Your account sees the statistics of its own site "
		           "only.");
	if (rc != STORE_OK)
		return bad(d, 500, "La base de données n’a pas répondu.",
		           "The database did not answer.");
	return 0;
}

/* The sites and rooms of the form's choices (the caller's site only for a
 * room admin), and the number of rooms in the scope. */
static int read_lists(stats_view *d)
{
	porte_store *st = d->p->app->store;
	const store_staff *me = staff_me(d->p);
	const char *mine = me->site[0] != '\0' ? me->site : NULL;

	if (store_site_list(st, &d->sites, &d->nsites) != STORE_OK ||
	    store_room_list(st, mine, &d->rooms, &d->nrooms) != STORE_OK)
		return bad(d, 500, "La base de données n’a pas répondu.",
		           "The database did not answer.");
	d->scope_rooms = 0;
	for (size_t i = 0; i < d->nrooms; i++) {
		if (d->room != NULL   ? !strcmp(d->rooms[i].slug, d->room)
		    : d->site != NULL ? !strcmp(d->rooms[i].site, d->site)
		                      : true)
			d->scope_rooms++;
	}
	for (size_t i = 0; i < d->nsites; i++) {
		if (d->site != NULL && !strcmp(d->sites[i].slug, d->site))
			d->site_info = &d->sites[i];
	}
	return 0;
}

/* The cache's slot for KEY that still stands at NOW with the log's
 * latest event LAST, or NULL. */
static cache_slot *cache_find(const char *key, int64_t last, porte_time now)
{
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		cache_slot *c = &cache[i];
		porte_time age = now - c->at;

		if (c->s == NULL || strcmp(c->key, key) != 0 || age < 0 ||
		    age >= CACHE_MAX)
			continue;
		if (c->last_event == last || age < CACHE_FRESH)
			return c;
	}
	return NULL;
}

/* Keeps S (stolen), computed at AT, in KEY's slot or the least recently
 * used one. */
static void cache_keep(const char *key, int64_t last, porte_time at, stats *s)
{
	cache_slot *c = &cache[0];

	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		if (strcmp(cache[i].key, key) == 0) {
			c = &cache[i];
			break;
		}
		if (cache[i].used < c->used)
			c = &cache[i];
	}
	stats_free(c->s);
	snprintf(c->key, sizeof c->key, "%s", key);
	c->last_event = last;
	c->at = at;
	c->used = ++cache_uses;
	c->s = s;
}

/* D's figures (D->s, borrowed from the cache): the cache's when they
 * stand, else the event log fed to core's stats for [FROM, TO). Call with
 * cache_lock held. Returns 0, or -1 with D's error. */
static int figures(stats_view *d)
{
	porte_store *st = d->p->app->store;
	char key[CACHE_KEY_MAX];
	cache_slot *hit;
	int64_t last = 0;
	stats *s;

	snprintf(key, sizeof key, "%s|%s|%lld|%lld",
	         d->room != NULL ? d->room : "", d->site != NULL ? d->site : "",
	         (long long)d->from, (long long)d->to);
	if (store_events_last(st, &last) != STORE_OK)
		return bad(d, 500, "La base de données n’a pas répondu.",
		           "The database did not answer.");
	hit = cache_find(key, last, d->p->now);
	if (hit != NULL) {
		hit->used = ++cache_uses;
		d->s = hit->s;
		d->as_of = hit->at;
		return 0;
	}
	if (store_stats_compute(st, d->room != NULL ? NULL : d->site, d->room,
	                        d->tz, d->from, d->to, d->p->now, 0,
	                        &s) != STORE_OK)
		return bad(d, 500, "Le calcul des statistiques a échoué.",
		           "The statistics failed.");
	cache_keep(key, last, d->p->now, s);
	d->s = s;
	d->as_of = d->p->now;
	return 0;
}

/* The figures: the zone, the period's instants, then figures(). Returns
 * 0, or -1 with D's error. */
static int compute(stats_view *d)
{
	porte_store *st = d->p->app->store;
	porte_time a, b;
	store_status rc;

	rc = store_stats_zone(st, d->room != NULL ? NULL : d->site, d->room,
	                      &d->tz);
	if (rc == STORE_NOT_FOUND)
		return bad(d, 404, "Ce site ou cette salle n’existe pas.",
		           "There is no such site or room.");
	if (rc != STORE_OK)
		return bad(d, 500, "La base de données n’a pas répondu.",
		           "The database did not answer.");
	d->today = tz_date_of(d->tz, d->p->now);
	if (read_period(d, d->today) != 0)
		return -1;
	if (tz_day_bounds(d->tz, d->first, &d->from, &b) != 0 ||
	    tz_day_bounds(d->tz, d->last, &a, &d->to) != 0)
		return bad(d, 400, "Cette date n’existe pas dans ce fuseau.",
		           "This date does not exist in this time zone.");
	return figures(d);
}

/* Frees what D holds (its figures belong to the cache). */
static void view_free(stats_view *d)
{
	free(d->rooms);
	free(d->sites);
}

static int route_stats(http_request *req, void *app)
{
	stats_view d;
	page p;
	int out;

	if (staff_open(&p, req, app, STAFF_CAN_STATS) != 0)
		return 0;
	memset(&d, 0, sizeof d);
	d.p = &p;
	d.status = 200;
	d.preset = -1;
	pthread_mutex_lock(&cache_lock);
	if (read_scope(&d) == 0) {
		if (read_lists(&d) == 0)
			compute(&d);
	} else if (d.status != 403) {
		read_lists(&d);
	}
	if (d.status == 403 || (d.status == 500 && d.rooms == NULL)) {
		pthread_mutex_unlock(&cache_lock);
		view_free(&d);
		if (d.status == 403)
			return staff_fail(&p, 403, "Accès refusé",
			                  "Not allowed", d.err_fr, d.err_en);
		return staff_fail(&p, 500, "Erreur du serveur", "Server error",
		                  d.err_fr, d.err_en);
	}
	stats_view_page(&d);
	pthread_mutex_unlock(&cache_lock);
	view_free(&d);
	http_set_header(req, "Cache-Control", "no-store");
	out = page_send(&p, d.status);
	return out;
}

const char *stats_preset_key(int i)
{
	return i >= 0 && (size_t)i < NPRESETS ? presets[i].key : NULL;
}

const char *stats_preset_name(const page *p, int i)
{
	if (i < 0 || (size_t)i >= NPRESETS)
		return staff_l(p, "Période choisie", "Chosen period");
	return staff_l(p, presets[i].fr, presets[i].en);
}

size_t stats_preset_count(void)
{
	return NPRESETS;
}

const http_route staff_stats_route = {"GET", "/stats", route_stats, 0};

/*
 * store_demo.c - a believable French university library to play with: a
 * site, six rooms, staff of every role, and a week of bookings around NOW
 * in every state, each made through the real operations at its own time
 * (so the event log and the statistics are those of real use).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define DEMO_SITE "bu-lettres"
#define DEMO_DOMAIN "univ-exemple.fr"
#define MIN 60
#define HOUR 3600
#define DAY 86400

typedef struct demo_room {
	const char *slug;
	const char *name;
	room_kind kind;
	int capacity;
} demo_room;

static const demo_room demo_rooms[] = {
        {"groupe-1", "Salle de groupe 1 — Hypatie", ROOM_GROUP, 1},
        {"groupe-2", "Salle de groupe 2 — Olympe de Gouges", ROOM_GROUP, 1},
        {"groupe-3", "Salle de groupe 3 — George Sand", ROOM_GROUP, 1},
        {"reunion-curie", "Salle de réunion — Marie Curie", ROOM_MEETING, 1},
        {"formation-condorcet", "Salle de formation — Condorcet", ROOM_TRAINING,
         1},
        {"atelier-lovelace", "Atelier numérique — Ada Lovelace", ROOM_WORKSHOP,
         8},
};

#define NROOMS (sizeof(demo_rooms) / sizeof(demo_rooms[0]))

typedef struct demo_slot {
	int room;         /* in demo_rooms */
	int hour, minute; /* local start */
	int minutes;
	const char *title;
	int party; /* bookers of a workshop slot */
} demo_slot;

static const demo_slot demo_slots[] = {
        {0, 9, 0, 120, "Révisions de latin", 1},
        {0, 11, 30, 60, "Exposé d'histoire médiévale", 1},
        {0, 14, 0, 120, "Projet tutoré L3 Lettres modernes", 1},
        {0, 16, 30, 90, "Préparation de l'oral d'anglais", 1},
        {1, 9, 30, 90, "Groupe de lecture Proust", 1},
        {1, 13, 30, 120, "Mémoire M1 : réunion de suivi", 1},
        {1, 17, 0, 60, "Traduction allemande", 1},
        {2, 10, 0, 60, "Atelier d'écriture", 1},
        {2, 15, 0, 120, "Dossier de sociolinguistique", 1},
        {3, 10, 0, 120, "Réunion d'équipe du service public", 0},
        {3, 14, 30, 60, "Entretien de suivi doctoral", 1},
        {4, 9, 30, 180, "Formation Zotero (L1)", 0},
        {4, 14, 0, 120, "Méthodologie documentaire (M1)", 0},
        {5, 14, 0, 120, "Initiation à la numérisation", 4},
};

#define NSLOTS (sizeof(demo_slots) / sizeof(demo_slots[0]))

static const char *const demo_patrons[] = {
        "camille.bernard", "lucas.martin",  "chloe.dubois",  "hugo.thomas",
        "lea.robert",      "louis.richard", "manon.petit",   "nathan.durand",
        "ines.leroy",      "jules.moreau",  "sarah.simon",   "gabriel.laurent",
        "emma.lefebvre",   "adam.michel",   "jade.garcia",   "raphael.david",
        "louise.bertrand", "arthur.roux",   "alice.vincent", "paul.fournier",
        "lina.morel",      "victor.girard", "rose.andre",    "theo.mercier",
        "anna.blanc",      "tom.guerin",    "zoe.boyer",     "ethan.garnier",
        "mila.chevalier",  "noah.francois",
};

#define NPATRONS (sizeof(demo_patrons) / sizeof(demo_patrons[0]))

typedef enum demo_fate {
	FATE_ENDED,     /* checked in, ended at its end */
	FATE_EARLY,     /* checked in, ended early */
	FATE_NOSHOW,    /* never came: released */
	FATE_CANCELLED, /* cancelled by the booker */
	FATE_REMOVED,   /* removed by staff */
	FATE_WALKIN,    /* booked at the door */
	FATE_EXPIRED,   /* never confirmed */
	FATE_CHECKED_IN,
	FATE_CONFIRMED,
	FATE_PENDING
} demo_fate;

static const demo_fate past_fates[] = {
        FATE_ENDED,     FATE_EARLY, FATE_NOSHOW,  FATE_ENDED,
        FATE_CANCELLED, FATE_ENDED, FATE_REMOVED, FATE_WALKIN,
        FATE_EXPIRED,   FATE_ENDED, FATE_NOSHOW,  FATE_EARLY,
};
static const demo_fate future_fates[] = {
        FATE_CONFIRMED, FATE_CONFIRMED, FATE_PENDING,
        FATE_CANCELLED, FATE_CONFIRMED, FATE_PENDING,
};

typedef struct demo_ctx {
	porte_store *st;
	const char *who;
	const tz_zone *tz;
	porte_time now;
	int64_t desk_id;
	int64_t admin_id;
	size_t next_patron;
	unsigned counter;
	int bookings;
} demo_ctx;

static store_status demo_fail(porte_store *st, store_status rc,
                              const char *what)
{
	store_conn *c = conn_get(st);
	char keep[STORE_ERR_LEN];

	if (c == NULL)
		return rc;
	memcpy(keep, c->err, sizeof(keep));
	conn_fail(c, rc, "demo: %s: %s", what, keep);
	return rc;
}

/* The instant of local DAY at HOUR:MINUTE; 0 when it does not exist. */
static porte_time local_at(const tz_zone *z, cal_date day, int hour, int minute)
{
	cal_datetime dt = {day.year, day.month, day.day, hour, minute, 0};
	porte_time t = 0;

	if (tz_from_local(z, dt, &t, NULL) != TZ_LOCAL_OK)
		return 0;
	return t;
}

static store_status demo_create(demo_ctx *d, const store_booking_req *req,
                                porte_time at, store_booking_res *res,
                                char token[STORE_TOKEN_LEN])
{
	store_conn *c = conn_get(d->st);
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = booking_create_locked(c, req, at, at, res, NULL, token);
	return tx_end(c, rc);
}

static store_status demo_act(demo_ctx *d, int64_t id, booking_action_kind kind,
                             store_actor actor, const char *token,
                             porte_time at, const char *reason)
{
	store_booking_res res;
	store_act act;

	memset(&act, 0, sizeof(act));
	act.kind = kind;
	act.actor = actor;
	act.token = token;
	act.at = at;
	act.reason = reason;
	return store_booking_act(d->st, id, &act, at, &res);
}

/* A patron's booking, trying the next patrons while quotas refuse. */
static store_status demo_patron_book(demo_ctx *d, const char *room,
                                     porte_time start, porte_time end,
                                     const char *title, porte_time at,
                                     store_booking_res *res,
                                     char token[STORE_TOKEN_LEN])
{
	char email[STORE_EMAIL_MAX + 1];
	store_status rc = STORE_REFUSED;

	for (size_t tries = 0; tries < NPATRONS; tries++) {
		store_booking_req req;

		snprintf(email, sizeof(email), "%s@etu." DEMO_DOMAIN,
		         demo_patrons[d->next_patron % NPATRONS]);
		d->next_patron++;
		memset(&req, 0, sizeof(req));
		req.room = room;
		req.start = start;
		req.end = end;
		req.title = title;
		req.email = email;
		req.lang = d->next_patron % 5 == 0 ? "en" : "fr";
		req.actor.kind = ACTOR_PATRON;
		rc = demo_create(d, &req, at, res, token);
		if (rc != STORE_REFUSED || (res->rule != RULE_DAILY_QUOTA &&
		                            res->rule != RULE_MONTHLY_QUOTA))
			break;
	}
	return rc;
}

/* Lives one booking of SLOT on local DAY to its FATE. A booking the rules
 * refuse (closed day, Saturday afternoon...) is skipped quietly. */
static store_status demo_booking(demo_ctx *d, const demo_slot *slot,
                                 cal_date day, demo_fate fate)
{
	const demo_room *room = &demo_rooms[slot->room];
	const store_actor desk = {ACTOR_STAFF, d->desk_id};
	const store_actor admin = {ACTOR_STAFF, d->admin_id};
	const store_actor patron = {ACTOR_PATRON, 0};
	bool internal = room->kind == ROOM_TRAINING || slot->party == 0;
	store_actor staff = room->kind == ROOM_TRAINING ? admin : desk;
	char token[STORE_TOKEN_LEN] = "";
	porte_time start, end, created;
	store_booking_res res;
	store_status rc;
	unsigned k = d->counter++;

	start = local_at(d->tz, day, slot->hour, slot->minute);
	if (start == 0)
		return STORE_OK;
	end = start + (porte_time)slot->minutes * MIN;
	if (fate == FATE_WALKIN && (internal || room->kind == ROOM_WORKSHOP))
		fate = FATE_ENDED;
	if (fate == FATE_PENDING)
		created = d->now - 20 * MIN - (porte_time)(k % 4) * 10 * MIN;
	else if (start > d->now)
		created = d->now - DAY - (porte_time)(k % 5) * HOUR;
	else
		created = start - DAY - (porte_time)(k % 7) * HOUR;

	if (fate == FATE_WALKIN) {
		store_booking_req req;

		memset(&req, 0, sizeof(req));
		req.room = room->slug;
		req.title = "Travail en groupe (sur place)";
		req.actor = desk;
		req.walk_in = true;
		rc = demo_create(d, &req, start + 3 * MIN, &res, NULL);
		if (rc == STORE_OK)
			d->bookings++;
		return rc == STORE_REFUSED ? STORE_OK : rc;
	}
	if (internal) {
		store_booking_req req;

		memset(&req, 0, sizeof(req));
		req.room = room->slug;
		req.start = start;
		req.end = end;
		req.title = slot->title;
		req.actor = staff;
		req.email = room->kind == ROOM_TRAINING
		                    ? "formation@" DEMO_DOMAIN
		                    : NULL;
		req.override_quota = true;
		rc = demo_create(d, &req, created, &res, token);
		if (fate == FATE_EXPIRED || fate == FATE_PENDING)
			fate = FATE_CONFIRMED;
	} else {
		rc = demo_patron_book(d, room->slug, start, end, slot->title,
		                      created, &res, token);
	}
	if (rc == STORE_REFUSED)
		return STORE_OK;
	if (rc != STORE_OK)
		return rc;
	d->bookings++;
	if (!internal && fate != FATE_EXPIRED && fate != FATE_PENDING) {
		rc = demo_act(d, res.id, BOOKING_CONFIRM, patron, token,
		              created + 25 * MIN, NULL);
		if (rc != STORE_OK)
			return rc;
	}
	switch (fate) {
	case FATE_ENDED:
	case FATE_CHECKED_IN: {
		porte_time at = start - 6 * MIN + (porte_time)(k % 4) * 4 * MIN;

		if (at > d->now)
			at = d->now;
		rc = demo_act(d, res.id, BOOKING_CHECKIN, staff, NULL, at,
		              NULL);
		break;
	}
	case FATE_EARLY:
		rc = demo_act(d, res.id, BOOKING_CHECKIN, staff, NULL,
		              start + 2 * MIN, NULL);
		if (rc == STORE_OK && !internal)
			rc = demo_act(d, res.id, BOOKING_END, patron, token,
			              start + (end - start) / 2 + 7 * MIN,
			              NULL);
		break;
	case FATE_CANCELLED:
		if (internal)
			rc = demo_act(d, res.id, BOOKING_CANCEL, staff, NULL,
			              created + 3 * HOUR, NULL);
		else
			rc = demo_act(d, res.id, BOOKING_CANCEL, patron, token,
			              created + 3 * HOUR, NULL);
		break;
	case FATE_REMOVED:
		rc = demo_act(d, res.id, BOOKING_REMOVE, staff, NULL,
		              start - 30 * MIN,
		              "Salle réquisitionnée pour un jury de "
		              "soutenance");
		break;
	default:
		break;
	}
	sodium_memzero(token, sizeof(token));
	return rc;
}

static demo_fate fate_for(demo_ctx *d, porte_time start, porte_time end)
{
	unsigned k = d->counter;

	if (end <= d->now)
		return past_fates[k %
		                  (sizeof(past_fates) / sizeof(past_fates[0]))];
	if (start <= d->now)
		return k % 2 == 0 ? FATE_CHECKED_IN : FATE_CONFIRMED;
	return future_fates[k %
	                    (sizeof(future_fates) / sizeof(future_fates[0]))];
}

static store_status demo_week(demo_ctx *d)
{
	cal_date today = tz_date_of(d->tz, d->now);
	store_status rc = STORE_OK;

	for (int off = -3; off <= 3 && rc == STORE_OK; off++) {
		cal_date day = cal_date_add_days(today, off);

		for (size_t i = 0; i < NSLOTS && rc == STORE_OK; i++) {
			const demo_slot *slot = &demo_slots[i];
			int party = slot->party > 1 ? slot->party : 1;
			porte_time start =
			        local_at(d->tz, day, slot->hour, slot->minute);
			porte_time end =
			        start + (porte_time)slot->minutes * MIN;

			/* a lighter future, a lighter weekend */
			if (off > 0 && (i + (size_t)off) % 3 == 0)
				continue;
			for (int p = 0; p < party && rc == STORE_OK; p++)
				rc = demo_booking(d, slot, day,
				                  fate_for(d, start, end));
		}
	}
	return rc;
}

/* The demo's own mails are never sent: their addresses are made up. */
static store_status demo_mute_mails(demo_ctx *d)
{
	static const char sql[] =
	        "UPDATE mail_queue SET failed = 1,"
	        " last_error = 'demo data: never sent'"
	        " WHERE sent_at = 0 AND failed = 0 AND booking_id IN"
	        " (SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
	        "  JOIN sites s ON s.id = r.site_id WHERE s.slug = ?1)";
	store_conn *c = conn_get(d->st);
	sqlite3_stmt *s;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, DEMO_SITE);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

static void random_password(char out[32])
{
	unsigned char raw[12];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 32, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static store_status demo_staff(demo_ctx *d, store_demo_report *out)
{
	static const struct {
		const char *email;
		const char *name;
		store_role role;
		bool site;
	} people[ROLE__COUNT] = {
	        {"accueil.lettres@" DEMO_DOMAIN, "Accueil BU Lettres",
	         ROLE_DESK, true},
	        {"claire.martin@" DEMO_DOMAIN, "Claire Martin", ROLE_ROOM_ADMIN,
	         true},
	        {"logistique@" DEMO_DOMAIN, "Service logistique",
	         ROLE_FACILITIES, false},
	        {"lea.constantin@" DEMO_DOMAIN, "Léa Constantin",
	         ROLE_SUPERADMIN, false},
	};
	store_status rc = STORE_OK;

	for (int i = 0; i < ROLE__COUNT && rc == STORE_OK; i++) {
		store_demo_account *a = &out->accounts[i];
		int64_t id = 0;

		copy_str(a->email, sizeof(a->email), people[i].email);
		a->role = people[i].role;
		random_password(a->password);
		for (int tries = 0; tries < 8; tries++) {
			snprintf(a->pin, sizeof(a->pin), "%06u",
			         (unsigned)randombytes_uniform(1000000));
			rc = store_staff_add(d->st, d->who, a->email,
			                     people[i].name, a->role,
			                     people[i].site ? DEMO_SITE : NULL,
			                     a->password, a->pin, d->now, &id);
			/* A PIN already used by someone: draw another. */
			if (rc != STORE_CONFLICT ||
			    strstr(store_errmsg(d->st), "PIN") == NULL)
				break;
		}
		if (rc != STORE_OK)
			return demo_fail(d->st, rc, a->email);
		if (a->role == ROLE_DESK)
			d->desk_id = id;
		if (a->role == ROLE_ROOM_ADMIN)
			d->admin_id = id;
	}
	return rc;
}

static store_status demo_setup(demo_ctx *d, store_demo_report *out)
{
	cal_date today = tz_date_of(d->tz, d->now);
	cal_date short_day = cal_date_add_days(today, 4);
	porte_time from;
	store_status rc;

	for (size_t i = 0; i < NROOMS; i++) {
		rc = store_room_add(d->st, d->who, demo_rooms[i].slug,
		                    DEMO_SITE, demo_rooms[i].name,
		                    demo_rooms[i].kind, demo_rooms[i].capacity,
		                    d->now);
		if (rc != STORE_OK)
			return demo_fail(d->st, rc, demo_rooms[i].slug);
	}
	out->rooms = (int)NROOMS;
	rc = store_rule_set(d->st, d->who, STORE_SCOPE_ROOM,
	                    "formation-condorcet", "max_duration", "4h",
	                    d->now);
	if (rc == STORE_OK)
		rc = store_rule_set(d->st, d->who, STORE_SCOPE_ROOM,
		                    "formation-condorcet", "walk_in", "off",
		                    d->now);
	if (rc == STORE_OK)
		rc = store_rule_set(d->st, d->who, STORE_SCOPE_ROOM,
		                    "atelier-lovelace", "min_duration", "60",
		                    d->now);
	if (rc == STORE_OK)
		rc = store_rule_set(d->st, d->who, STORE_SCOPE_ROOM,
		                    "atelier-lovelace", "granularity", "60",
		                    d->now);
	if (rc != STORE_OK)
		return demo_fail(d->st, rc, "rules");
	rc = demo_staff(d, out);
	if (rc == STORE_OK)
		rc = store_referent_set(d->st, d->who, out->accounts[1].email,
		                        "formation-condorcet", true, d->now);
	if (rc != STORE_OK)
		return demo_fail(d->st, rc, "staff");
	rc = store_site_set_date(
	        d->st, d->who, DEMO_SITE, short_day, "10:00-18:00",
	        "Journée des personnels : ouverture réduite", d->now);
	if (rc != STORE_OK)
		return demo_fail(d->st, rc, "exceptional hours");
	from = local_at(d->tz, today, 8, 0);
	if (from == 0 || from + 5 * DAY <= d->now)
		from = d->now;
	rc = store_message_add(d->st, d->who, DEMO_SITE, from, from + 5 * DAY,
	                       "Exposition « Écrivaines du XIXe siècle » dans "
	                       "le hall jusqu'à samedi.",
	                       d->now, NULL);
	if (rc != STORE_OK)
		return demo_fail(d->st, rc, "message");
	return STORE_OK;
}

store_status store_demo(porte_store *st, const char *who, porte_time now,
                        store_demo_report *out)
{
	store_sweep_counts swept;
	store_site site;
	store_status rc;
	demo_ctx d;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	d.st = st;
	d.who = who;
	d.now = now;
	rc = store_site_get(st, DEMO_SITE, &site);
	if (rc == STORE_OK) {
		store_conn *c = conn_get(st);

		if (c != NULL)
			conn_fail(c, STORE_CONFLICT,
			          "the demo site '%s' exists already",
			          DEMO_SITE);
		return STORE_CONFLICT;
	}
	if (rc != STORE_NOT_FOUND)
		return rc;
	rc = store_site_add(
	        st, who, DEMO_SITE, "Bibliothèque universitaire Lettres",
	        "Europe/Paris", "mon-fri 08:30-20:00, sat 09:00-13:00",
	        DEMO_DOMAIN, now);
	if (rc != STORE_OK)
		return demo_fail(st, rc, "site");
	rc = store_zone(st, "Europe/Paris", &d.tz);
	if (rc != STORE_OK)
		return rc;
	copy_str(out->site, sizeof(out->site), DEMO_SITE);
	rc = demo_setup(&d, out);
	if (rc != STORE_OK)
		return rc;
	rc = demo_week(&d);
	if (rc != STORE_OK)
		return demo_fail(st, rc, "bookings");
	/* What time alone did since: releases, expiries, ends. */
	do {
		rc = store_sweep(st, now, 10000, &swept);
	} while (rc == STORE_OK &&
	         swept.released + swept.expired + swept.ended == 10000);
	if (rc == STORE_OK)
		rc = demo_mute_mails(&d);
	if (rc != STORE_OK)
		return demo_fail(st, rc, "sweep");
	out->bookings = d.bookings;
	copy_str(out->first_room, sizeof(out->first_room), demo_rooms[0].slug);
	rc = store_enrol_code(st, who, demo_rooms[0].slug, now, out->enrol_code,
	                      NULL);
	if (rc != STORE_OK)
		return demo_fail(st, rc, "enrolment code");
	return STORE_OK;
}

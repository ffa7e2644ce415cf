/*
 * store_booking.c - creating bookings and changing them, each in one write
 * transaction: the facts the rules read, the rules (core's policy_check and
 * booking_apply), the change, its event and the schedule's counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "door_proof.h"
#include "store_int.h"

#define DAY 86400
/* No booking lasts longer (max_duration is at most a day). */
#define LONGEST_BOOKING (2 * DAY)
/* Facts read around a request: the room's bookings a day either side, the
 * patron's a month and a day either side (quotas are per local month). */
#define ROOM_MARGIN DAY
#define PATRON_MARGIN (32 * DAY)
#define MAX_INTERVALS 20000
/* A staff member's reason for overriding a quota, bytes. */
#define OVERRIDE_REASON_MAX 200
/* Instants outside [0, year 9999] are refused. */
#define TIME_MAX INT64_C(253402300799)

/* Statuses that hold a room for the rules (policy.h's "active"). */
#define ACTIVE_STATUSES "('pending', 'confirmed', 'checked_in', 'ended')"

static const char booking_sql[] =
        "SELECT id, room_id, start_at, end_at, status, title, email,"
        " token_hash, checkin_code, code_failures, created_at, checked_in_at,"
        " closed_at, creator_kind, creator_id, lang, walk_in"
        " FROM bookings WHERE id = ?1";

store_status booking_load(store_conn *c, int64_t id, booking_row *out)
{
	sqlite3_stmt *s = conn_stmt(c, booking_sql);
	store_status rc = STORE_OK;
	int step;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		rc = conn_fail(c, STORE_NOT_FOUND, "no booking %lld",
		               (long long)id);
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = conn_dberr(c);
		goto out;
	}
	out->id = sqlite3_column_int64(s, 0);
	out->room_id = sqlite3_column_int64(s, 1);
	out->b.start = sqlite3_column_int64(s, 2);
	out->b.end = sqlite3_column_int64(s, 3);
	if (booking_status_parse(col_str(s, 4), &out->b.status) != 0) {
		rc = conn_fail(c, STORE_ERROR, "bad stored status");
		goto out;
	}
	col_text(s, 5, out->title, sizeof(out->title));
	col_text(s, 6, out->email, sizeof(out->email));
	if (sqlite3_column_bytes(s, 7) == STORE_HASH_LEN) {
		memcpy(out->token_hash, sqlite3_column_blob(s, 7),
		       STORE_HASH_LEN);
		out->has_token = true;
	}
	col_text(s, 8, out->code, sizeof(out->code));
	out->code_failures = sqlite3_column_int(s, 9);
	out->b.created_at = sqlite3_column_int64(s, 10);
	out->b.checked_in_at = sqlite3_column_int64(s, 11);
	out->b.closed_at = sqlite3_column_int64(s, 12);
	if (actor_kind_parse(col_str(s, 13), &out->creator) != 0)
		out->creator = ACTOR_SYSTEM;
	out->creator_id = sqlite3_column_int64(s, 14);
	col_text(s, 15, out->lang, sizeof(out->lang));
	out->walk_in = sqlite3_column_int(s, 16) != 0;
out:
	stmt_done(s);
	return rc;
}

bool booking_interval(const booking *b, policy_interval *out)
{
	switch (b->status) {
	case BOOKING_PENDING:
	case BOOKING_CONFIRMED:
	case BOOKING_CHECKED_IN:
	case BOOKING_ENDED:
		out->start = b->start;
		out->end = booking_effective_end(b);
		return out->end > out->start;
	default:
		return false;
	}
}

typedef struct interval_list {
	policy_interval *v;
	size_t n;
	size_t cap;
} interval_list;

static store_status read_intervals(store_conn *c, sqlite3_stmt *s,
                                   interval_list *out)
{
	store_status rc = STORE_OK;
	int step;

	for (;;) {
		booking b;
		policy_interval iv;

		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		memset(&b, 0, sizeof(b));
		b.start = sqlite3_column_int64(s, 0);
		b.end = sqlite3_column_int64(s, 1);
		if (booking_status_parse(col_str(s, 2), &b.status) != 0)
			continue;
		b.closed_at = sqlite3_column_int64(s, 3);
		if (!booking_interval(&b, &iv))
			continue;
		rc = arr_grow(c, (void **)&out->v, sizeof(*out->v), out->n,
		              &out->cap, MAX_INTERVALS);
		if (rc != STORE_OK)
			break;
		out->v[out->n++] = iv;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

/* The room's active bookings overlapping [FROM, TO), but EXCLUDE. */
static store_status room_intervals(store_conn *c, int64_t room_id,
                                   porte_time from, porte_time to,
                                   int64_t exclude, interval_list *out)
{
	static const char sql[] =
	        "SELECT start_at, end_at, status, closed_at FROM bookings"
	        " WHERE room_id = ?1 AND start_at < ?3 AND start_at > ?2 - "
	        "172800 AND end_at > ?2 AND id <> ?4 AND status "
	        "IN " ACTIVE_STATUSES;
	sqlite3_stmt *s = conn_stmt(c, sql);

	_Static_assert(LONGEST_BOOKING == 172800, "the SQL bound above");
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, room_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	sqlite3_bind_int64(s, 4, exclude);
	return read_intervals(c, s, out);
}

/* EMAIL's active bookings in any room of SITE_ID starting in [FROM, TO),
 * but EXCLUDE. */
static store_status patron_intervals(store_conn *c, int64_t site_id,
                                     const char *email, porte_time from,
                                     porte_time to, int64_t exclude,
                                     interval_list *out)
{
	static const char sql[] =
	        "SELECT b.start_at, b.end_at, b.status, b.closed_at"
	        " FROM bookings b JOIN rooms r ON r.id = b.room_id"
	        " WHERE b.email = ?1 AND b.email <> ''"
	        " AND b.start_at >= ?3 AND b.start_at < ?4"
	        " AND r.site_id = ?2 AND b.id <> ?5 AND b.status "
	        "IN " ACTIVE_STATUSES;
	sqlite3_stmt *s = conn_stmt(c, sql);

	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, email);
	sqlite3_bind_int64(s, 2, site_id);
	sqlite3_bind_int64(s, 3, from);
	sqlite3_bind_int64(s, 4, to);
	sqlite3_bind_int64(s, 5, exclude);
	return read_intervals(c, s, out);
}

/* Adds an event to the log. START/END: 0 for none. DETAILS: a JSON object
 * (stolen, may be NULL). */
static store_status log_event(store_conn *c, int64_t booking_id,
                              int64_t room_id, const char *kind,
                              const store_actor *actor, porte_time at,
                              porte_time now, porte_time start, porte_time end,
                              json_t *details)
{
	static const char sql[] =
	        "INSERT INTO events(booking_id, room_id, kind, actor_kind,"
	        " actor_id, at, recorded_at, start_at, end_at, details)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;
	char *text = NULL;

	if (s == NULL) {
		json_decref(details);
		return STORE_ERROR;
	}
	if (details != NULL)
		text = json_dumps(details, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(details);
	sqlite3_bind_int64(s, 1, booking_id);
	sqlite3_bind_int64(s, 2, room_id);
	bind_text(s, 3, kind);
	bind_text(s, 4, actor_kind_name(actor->kind));
	sqlite3_bind_int64(s, 5, actor->id);
	sqlite3_bind_int64(s, 6, at);
	sqlite3_bind_int64(s, 7, now);
	if (start != 0)
		sqlite3_bind_int64(s, 8, start);
	if (end != 0)
		sqlite3_bind_int64(s, 9, end);
	bind_text(s, 10, text != NULL ? text : "{}");
	rc = stmt_exec(c, s);
	stmt_done(s);
	free(text);
	return rc;
}

/* A new details object with the outbox key, when there is one. */
static json_t *details_new(const char *key)
{
	json_t *d = json_object();

	if (d != NULL && key != NULL)
		json_object_set_new(d, "key", json_string(key));
	return d;
}

typedef struct dev_facts {
	int64_t id;
	int64_t room_id;
	bool revoked;
} dev_facts;

static store_status device_load(store_conn *c, int64_t id, dev_facts *out)
{
	static const char sql[] =
	        "SELECT id, room_id, revoked FROM devices WHERE id = ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->room_id = sqlite3_column_int64(s, 1);
		out->revoked = sqlite3_column_int(s, 2) != 0;
	} else if (step == SQLITE_DONE) {
		rc = conn_fail(c, STORE_FORBIDDEN, "unknown device");
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	return rc;
}

/* A device may act on room ROOM_ID only: its own. */
static store_status device_may(store_conn *c, int64_t device_id,
                               int64_t room_id)
{
	dev_facts d = {0, 0, true};
	store_status rc = device_load(c, device_id, &d);

	if (rc != STORE_OK)
		return rc;
	if (d.revoked)
		return conn_fail(c, STORE_FORBIDDEN, "this device is revoked");
	if (d.room_id != room_id)
		return conn_fail(c, STORE_FORBIDDEN,
		                 "this device belongs to another room");
	return STORE_OK;
}

static store_status refuse(store_conn *c, store_booking_res *res,
                           rule_code rule)
{
	res->rule = rule;
	return conn_fail(c, STORE_REFUSED, "%s (%s)", rule_code_message(rule),
	                 rule_code_name(rule));
}

static void res_fill(store_booking_res *res, int64_t id, const booking *b)
{
	res->id = id;
	res->status = b->status;
	res->start = b->start;
	res->end = b->end;
}

static store_status check_lang(store_conn *c, const char *lang,
                               const char **out)
{
	if (lang == NULL || lang[0] == '\0') {
		*out = "fr";
		return STORE_OK;
	}
	if (strcmp(lang, "fr") == 0 || strcmp(lang, "en") == 0) {
		*out = lang;
		return STORE_OK;
	}
	return conn_fail(c, STORE_INVALID, "the language must be fr or en");
}

static bool time_ok(porte_time t)
{
	return t >= 0 && t <= TIME_MAX;
}

static store_status insert_booking(store_conn *c, const room_ctx *rctx,
                                   const booking *b, const char *title,
                                   const char *email, const char *token,
                                   const char *code, const store_actor *actor,
                                   const char *lang, bool walk_in, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO bookings(room_id, start_at, end_at, status, title,"
	        " email, token_hash, checkin_code, created_at, checked_in_at,"
	        " closed_at, creator_kind, creator_id, lang, walk_in)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
	        " ?13, ?14, ?15)";
	sqlite3_stmt *s = conn_stmt(c, sql);
	unsigned char hash[STORE_HASH_LEN];
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, rctx->id);
	sqlite3_bind_int64(s, 2, b->start);
	sqlite3_bind_int64(s, 3, b->end);
	bind_text(s, 4, booking_status_name(b->status));
	bind_text(s, 5, title != NULL ? title : "");
	bind_text(s, 6, email != NULL ? email : "");
	if (token != NULL) {
		token_hash(token, hash);
		sqlite3_bind_blob(s, 7, hash, sizeof(hash), SQLITE_TRANSIENT);
	}
	bind_text(s, 8, code);
	sqlite3_bind_int64(s, 9, b->created_at);
	sqlite3_bind_int64(s, 10, b->checked_in_at);
	sqlite3_bind_int64(s, 11, b->closed_at);
	bind_text(s, 12, actor_kind_name(actor->kind));
	sqlite3_bind_int64(s, 13, actor->id);
	bind_text(s, 14, lang);
	sqlite3_bind_int(s, 15, walk_in ? 1 : 0);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

/* Who creates: checks the actor and says whether quotas and training
 * rooms are theirs to pass. */
static store_status create_actor(store_conn *c, const store_booking_req *req,
                                 const room_ctx *rctx, bool *is_referent)
{
	store_staff staff;
	int64_t staff_site;
	store_status rc;

	*is_referent = false;
	switch (req->actor.kind) {
	case ACTOR_PATRON:
		if (req->walk_in)
			return conn_fail(c, STORE_FORBIDDEN,
			                 "only a door or staff books now");
		return STORE_OK;
	case ACTOR_DEVICE:
		if (!req->walk_in)
			return conn_fail(c, STORE_FORBIDDEN,
			                 "a door only books now (walk-in)");
		return device_may(c, req->actor.id, rctx->id);
	case ACTOR_STAFF:
		rc = staff_load(c, req->actor.id, &staff, &staff_site);
		if (rc == STORE_NOT_FOUND)
			return conn_fail(c, STORE_FORBIDDEN, "unknown staff");
		if (rc != STORE_OK)
			return rc;
		/* Training rooms: the rules say internal_room to a staff
		 * member who is not a referent, so ask for the site. */
		rc = staff_may_locked(c, &staff, staff_site,
		                      STORE_PERM_BOOKINGS, rctx->site_id,
		                      rctx->id, ROOM_GROUP, is_referent);
		if (rc == STORE_OK && staff.role == ROLE_SUPERADMIN)
			*is_referent = true;
		return rc;
	default:
		return conn_fail(c, STORE_FORBIDDEN,
		                 "the system does not create bookings");
	}
}

/* True when S holds something else than spaces. */
static bool has_text(const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t')
			return true;
	}
	return false;
}

/* True when staff overriding the quotas pass only thanks to it: the
 * rules without the override refuse a quota. */
static bool quota_needed(const policy_room *room, const policy_request *pq,
                         const policy_context *ctx, porte_time at)
{
	policy_request plain = *pq;
	rule_code rule;

	if (!pq->override_quota)
		return false;
	plain.override_quota = false;
	rule = policy_check(room, &plain, ctx, at);
	return rule == RULE_DAILY_QUOTA || rule == RULE_MONTHLY_QUOTA;
}

/* The create event's details. */
static json_t *create_details(const store_booking_req *req, const booking *b,
                              const char *key, bool overridden)
{
	json_t *details = details_new(key);
	bool staff = req->actor.kind == ACTOR_STAFF;

	if (details == NULL)
		return NULL;
	json_object_set_new(details, "status",
	                    json_string(booking_status_name(b->status)));
	if (req->walk_in)
		json_object_set_new(details, "walk_in", json_true());
	if (req->override_quota && staff)
		json_object_set_new(details, "override_quota", json_true());
	if (overridden)
		json_object_set_new(details, "quota_overridden", json_true());
	if (req->override_quota && staff && has_text(req->reason))
		json_object_set_new(details, "reason",
		                    json_string(req->reason));
	return details;
}

/*
 * booking_create_locked, and when NEED_REASON a quota overridden by staff
 * without a reason is refused (reason_required). *OVERRIDDEN (may be
 * NULL): the booking passed only thanks to the override.
 */
static store_status create_locked(store_conn *c, const store_booking_req *req,
                                  porte_time at, porte_time now,
                                  store_booking_res *res, const char *key,
                                  char *token_out, bool need_reason,
                                  bool *overridden)
{
	char email[STORE_EMAIL_MAX + 1] = "";
	char token[STORE_TOKEN_LEN] = "";
	char code[STORE_CHECKIN_CODE_LEN];
	interval_list rooms = {0}, patron = {0};
	porte_time start = req->start, end = req->end;
	policy_context ctx;
	const char *lang = "fr";
	bool is_referent = false, has_email;
	store_status rc;
	room_ctx rctx;
	booking_row row;
	rule_code rule;
	cal_date from, to;
	bool used = false;

	memset(res, 0, sizeof(*res));
	memset(&rctx, 0, sizeof(rctx));
	if (overridden != NULL)
		*overridden = false;
	rc = check_text(c, "the title", req->title, STORE_TITLE_MAX, false,
	                false);
	if (rc == STORE_OK)
		rc = check_text(c, "the reason", req->reason,
		                OVERRIDE_REASON_MAX, false, false);
	if (rc == STORE_OK)
		rc = check_lang(c, req->lang, &lang);
	if (rc != STORE_OK)
		return rc;
	has_email = req->email != NULL && req->email[0] != '\0';
	if (req->actor.kind == ACTOR_DEVICE)
		has_email = false;
	if (has_email) {
		rc = norm_email(c, req->email, email);
		if (rc != STORE_OK)
			return refuse(c, res, RULE_INVALID_EMAIL);
	} else if (req->actor.kind == ACTOR_PATRON) {
		return refuse(c, res, RULE_INVALID_EMAIL);
	}
	if (req->walk_in) {
		start = at;
		end = at;
	} else if (!time_ok(start) || !time_ok(end)) {
		return refuse(c, res, RULE_INVALID_TIME);
	}

	/* The room, its rules and hours around the request. */
	{
		cal_date none = {0, 0, 0};

		rc = room_ctx_load(c, req->room, 0, false, none, none, &rctx);
		if (rc != STORE_OK)
			return rc;
		from = cal_date_add_days(tz_date_of(rctx.tz, start), -1);
		to = cal_date_add_days(tz_date_of(rctx.tz, end), 1);
		room_ctx_clear(&rctx);
		rc = room_ctx_load(c, req->room, 0, true, from, to, &rctx);
		if (rc != STORE_OK)
			return rc;
	}
	rc = create_actor(c, req, &rctx, &is_referent);
	if (rc != STORE_OK)
		goto out;

	rc = room_intervals(c, rctx.id, start - ROOM_MARGIN, end + ROOM_MARGIN,
	                    0, &rooms);
	if (rc == STORE_OK && has_email)
		rc = patron_intervals(c, rctx.site_id, email,
		                      start - PATRON_MARGIN,
		                      start + PATRON_MARGIN, 0, &patron);
	if (rc != STORE_OK)
		goto out;
	ctx.room = rooms.v;
	ctx.nroom = rooms.n;
	ctx.patron = patron.v;
	ctx.npatron = patron.n;

	if (req->walk_in) {
		rule = policy_walk_in(&rctx.pr, &ctx, at, &start, &end);
		/* The door may have shown a shorter booking than the rules
		 * allow now (it did not know of a later one): keep it. */
		if (rule == RULE_OK && req->end > at && req->end < end &&
		    tz_on_grid(rctx.tz, req->end, rctx.rules.granularity))
			end = req->end;
	} else {
		policy_request pq = {
		        .start = start,
		        .end = end,
		        .email = has_email ? email : NULL,
		        .actor = req->actor.kind,
		        .existing = false,
		        .override_quota = req->actor.kind == ACTOR_STAFF &&
		                          req->override_quota,
		        .is_referent = is_referent,
		};

		rule = policy_check(&rctx.pr, &pq, &ctx, at);
		if (rule == RULE_OK)
			used = quota_needed(&rctx.pr, &pq, &ctx, at);
		if (used && need_reason && !has_text(req->reason)) {
			res->rule = RULE_REASON_REQUIRED;
			rc = conn_fail(c, STORE_REFUSED,
			               "Overriding a quota needs a reason "
			               "(reason_required)");
			goto out;
		}
	}
	if (rule != RULE_OK) {
		rc = refuse(c, res, rule);
		goto out;
	}

	memset(&row, 0, sizeof(row));
	booking_init(&row.b, start, end, at, req->actor.kind, req->walk_in);
	snprintf(code, sizeof(code), "%04u",
	         (unsigned)randombytes_uniform(10000));
	if (!req->walk_in)
		token_new(token);
	rc = insert_booking(c, &rctx, &row.b, req->title,
	                    has_email ? email : NULL,
	                    req->walk_in ? NULL : token, code, &req->actor,
	                    lang, req->walk_in, &row.id);
	if (rc != STORE_OK)
		goto out;
	row.room_id = rctx.id;
	copy_str(row.title, sizeof(row.title),
	         req->title != NULL ? req->title : "");
	copy_str(row.email, sizeof(row.email), email);
	copy_str(row.code, sizeof(row.code), code);
	copy_str(row.lang, sizeof(row.lang), lang);
	row.creator = req->actor.kind;
	row.walk_in = req->walk_in;

	rc = log_event(c, row.id, rctx.id, "create", &req->actor, at, now,
	               start, end, create_details(req, &row.b, key, used));
	if (rc == STORE_OK)
		rc = conn_bump_room(c, rctx.id);
	if (rc == STORE_OK && has_email)
		rc = mail_queue_booking(c,
		                        req->actor.kind == ACTOR_PATRON
		                                ? MAIL_CONFIRM
		                                : MAIL_BOOKED,
		                        &rctx, &row, token, NULL, now);
	if (rc != STORE_OK)
		goto out;
	res_fill(res, row.id, &row.b);
	copy_str(res->code, sizeof(res->code), code);
	if (req->actor.kind != ACTOR_PATRON && !req->walk_in)
		copy_str(res->token, sizeof(res->token), token);
	if (token_out != NULL)
		copy_str(token_out, STORE_TOKEN_LEN, token);
	if (overridden != NULL)
		*overridden = used;
out:
	sodium_memzero(token, sizeof(token));
	free(rooms.v);
	free(patron.v);
	room_ctx_clear(&rctx);
	return rc;
}

store_status booking_create_locked(store_conn *c, const store_booking_req *req,
                                   porte_time at, porte_time now,
                                   store_booking_res *res, const char *key,
                                   char *token_out)
{
	return create_locked(c, req, at, now, res, key, token_out, false, NULL);
}

/* The audit entry of a quota overridden by staff, with its reason. */
static store_status override_audit(store_conn *c, const store_booking_req *req,
                                   const store_booking_res *res, porte_time now)
{
	char who[32], detail[STORE_TEXT_MAX + 1];

	snprintf(who, sizeof who, "staff:%lld", (long long)req->actor.id);
	snprintf(detail, sizeof detail, "booking %lld%s%s: %s",
	         (long long)res->id,
	         req->email != NULL && req->email[0] != '\0' ? " for " : "",
	         req->email != NULL ? req->email : "",
	         req->reason != NULL ? req->reason : "");
	return conn_audit(c, who, "booking.quota_override", req->room, detail,
	                  now);
}

store_status store_booking_create(porte_store *st, const store_booking_req *req,
                                  porte_time now, store_booking_res *res)
{
	store_conn *c = conn_get(st);
	bool overridden = false;
	store_status rc;

	memset(res, 0, sizeof(*res));
	if (c == NULL)
		return STORE_ERROR;
	if (req == NULL || req->room == NULL)
		return conn_fail(c, STORE_INVALID, "no room given");
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = create_locked(c, req, now, now, res, NULL, NULL, true,
	                   &overridden);
	if (rc == STORE_OK && overridden)
		rc = override_audit(c, req, res, now);
	if (rc != STORE_OK)
		sodium_memzero(res->token, sizeof(res->token));
	return tx_end(c, rc);
}

/* True when another active booking of the room overlaps ROW's slot:
 * a late check-in of a released booking then lost its slot. */
static store_status slot_taken(store_conn *c, const booking_row *row,
                               int capacity, bool *taken)
{
	interval_list others = {0};
	store_status rc;
	size_t held = 0;

	rc = room_intervals(c, row->room_id, row->b.start, row->b.end, row->id,
	                    &others);
	for (size_t i = 0; rc == STORE_OK && i < others.n; i++) {
		if (others.v[i].start < row->b.end &&
		    others.v[i].end > row->b.start)
			held++;
	}
	*taken = held >= (size_t)(capacity < 1 ? 1 : capacity);
	free(others.v);
	return rc;
}

/* Checks a door proof against every live device of ROOM_ID. */
static store_status proof_ok(store_conn *c, int64_t room_id, int64_t id,
                             const char *proof, porte_time now, bool *ok)
{
	static const char sql[] =
	        "SELECT proof_key FROM devices WHERE room_id = ?1"
	        " AND revoked = 0";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	*ok = false;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, room_id);
	for (;;) {
		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		if (sqlite3_column_bytes(s, 0) != DOOR_PROOF_KEY_LEN)
			continue;
		if (door_proof_check(sqlite3_column_blob(s, 0), id, proof, now))
			*ok = true;
	}
	if (step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

static bool token_matches(const booking_row *row, const char *token)
{
	unsigned char hash[STORE_HASH_LEN];

	if (!row->has_token || !token_plausible(token))
		return false;
	token_hash(token, hash);
	return sodium_memcmp(hash, row->token_hash, STORE_HASH_LEN) == 0;
}

/* A patron's credentials: the token (and a door proof to check in), or the
 * 4-digit code with a door proof. *BAD_CODE: a wrong code to count. */
static store_status patron_may(store_conn *c, const booking_row *row,
                               const store_act *act, porte_time now,
                               bool *bad_code)
{
	bool checkin = act->kind == BOOKING_CHECKIN;
	bool proof = false;
	store_status rc;

	*bad_code = false;
	if (act->token != NULL && act->token[0] != '\0') {
		if (!token_matches(row, act->token))
			return conn_fail(c, STORE_UNAUTHORIZED,
			                 "this link is not valid for this "
			                 "booking");
		if (!checkin)
			return STORE_OK;
		if (act->proof == NULL || act->proof[0] == '\0')
			return conn_fail(c, STORE_FORBIDDEN,
			                 "check in at the door: scan the "
			                 "door's QR code");
		rc = proof_ok(c, row->room_id, row->id, act->proof, now,
		              &proof);
		if (rc != STORE_OK)
			return rc;
		if (!proof)
			return conn_fail(
			        c, STORE_FORBIDDEN,
			        "the door's code has expired: scan the "
			        "QR code again");
		return STORE_OK;
	}
	if (!checkin || act->code == NULL || act->proof == NULL)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "the booking's link or code is needed");
	rc = proof_ok(c, row->room_id, row->id, act->proof, now, &proof);
	if (rc != STORE_OK)
		return rc;
	if (!proof)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "the door's code has expired: scan the QR "
		                 "code again");
	if (row->code_failures >= STORE_CODE_TRIES)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "too many wrong codes: use the link of the "
		                 "confirmation e-mail");
	if (strlen(act->code) != 4 || sodium_memcmp(act->code, row->code, 4)) {
		*bad_code = true;
		return conn_fail(c, STORE_UNAUTHORIZED, "wrong check-in code");
	}
	return STORE_OK;
}

static store_status act_actor(store_conn *c, const booking_row *row,
                              const room_ctx *rctx, const store_act *act,
                              porte_time now, bool *bad_code)
{
	store_staff staff;
	int64_t staff_site;
	store_status rc;

	*bad_code = false;
	switch (act->actor.kind) {
	case ACTOR_PATRON:
		return patron_may(c, row, act, now, bad_code);
	case ACTOR_DEVICE:
		return device_may(c, act->actor.id, row->room_id);
	case ACTOR_STAFF:
		rc = staff_load(c, act->actor.id, &staff, &staff_site);
		if (rc == STORE_NOT_FOUND)
			return conn_fail(c, STORE_FORBIDDEN, "unknown staff");
		if (rc != STORE_OK)
			return rc;
		return staff_may_locked(c, &staff, staff_site,
		                        STORE_PERM_BOOKINGS, rctx->site_id,
		                        rctx->id, rctx->kind, NULL);
	case ACTOR_SYSTEM:
		return STORE_OK;
	default:
		return conn_fail(c, STORE_FORBIDDEN, "unknown actor");
	}
}

static store_status update_booking(store_conn *c, int64_t id, const booking *b)
{
	static const char sql[] =
	        "UPDATE bookings SET status = ?2, end_at = ?3,"
	        " checked_in_at = ?4, closed_at = ?5 WHERE id = ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, booking_status_name(b->status));
	sqlite3_bind_int64(s, 3, b->end);
	sqlite3_bind_int64(s, 4, b->checked_in_at);
	sqlite3_bind_int64(s, 5, b->closed_at);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

/* Extending: the rules again, for the longer slot. */
static store_status extend_check(store_conn *c, const booking_row *row,
                                 const room_ctx *rctx, const store_act *act,
                                 porte_time at, store_booking_res *res)
{
	interval_list rooms = {0}, patron = {0};
	bool has_email = row->email[0] != '\0';
	policy_context ctx;
	store_status rc;
	rule_code rule;
	policy_request pq = {
	        .start = row->b.start,
	        .end = act->new_end,
	        .email = has_email ? row->email : NULL,
	        .actor = act->actor.kind,
	        .existing = true,
	        .override_quota = act->actor.kind == ACTOR_STAFF,
	        .is_referent = act->actor.kind == ACTOR_STAFF,
	};

	rc = room_intervals(c, row->room_id, row->b.start - ROOM_MARGIN,
	                    act->new_end + ROOM_MARGIN, row->id, &rooms);
	if (rc == STORE_OK && has_email)
		rc = patron_intervals(c, rctx->site_id, row->email,
		                      row->b.start - PATRON_MARGIN,
		                      row->b.start + PATRON_MARGIN, row->id,
		                      &patron);
	if (rc != STORE_OK)
		goto out;
	ctx.room = rooms.v;
	ctx.nroom = rooms.n;
	ctx.patron = patron.v;
	ctx.npatron = patron.n;
	/* The door and the patron extend a booking the rules already let
	 * in: its e-mail domain is not asked again. */
	if (act->actor.kind != ACTOR_STAFF)
		pq.actor = ACTOR_SYSTEM;
	rule = policy_check(&rctx->pr, &pq, &ctx, at);
	if (rule != RULE_OK)
		rc = refuse(c, res, rule);
out:
	free(rooms.v);
	free(patron.v);
	return rc;
}

static json_t *act_details(const store_act *act, const booking_row *row,
                           porte_time at, porte_time now, const char *key)
{
	json_t *d = details_new(key);

	if (d == NULL)
		return NULL;
	if (act->reason != NULL && act->reason[0] != '\0')
		json_object_set_new(d, "reason", json_string(act->reason));
	if (act->kind == BOOKING_EXTEND)
		json_object_set_new(d, "previous_end",
		                    json_integer(row->b.end));
	if (act->kind == BOOKING_CHECKIN && row->b.status == BOOKING_RELEASED)
		json_object_set_new(d, "after_release", json_true());
	if (now - at >= 60)
		json_object_set_new(d, "late_s", json_integer(now - at));
	return d;
}

store_status booking_act_locked(store_conn *c, int64_t id, const store_act *act,
                                porte_time now, store_booking_res *res,
                                const char *key, bool *bad_code)
{
	porte_time at = act->at != 0 ? act->at : now;
	booking_action a;
	booking_row row;
	store_status rc;
	room_ctx rctx;
	rule_code rule;
	booking nb;

	memset(res, 0, sizeof(*res));
	memset(&rctx, 0, sizeof(rctx));
	*bad_code = false;
	if ((int)act->kind < 0 || act->kind >= BOOKING__ACTIONS)
		return conn_fail(c, STORE_INVALID, "unknown action");
	rc = check_text(c, "the reason", act->reason, STORE_TEXT_MAX, false,
	                true);
	if (rc != STORE_OK)
		return rc;
	if (!time_ok(at) ||
	    (act->kind == BOOKING_EXTEND && !time_ok(act->new_end)))
		return conn_fail(c, STORE_INVALID, "time out of range");
	rc = booking_load(c, id, &row);
	if (rc != STORE_OK)
		return rc;
	{
		cal_date none = {0, 0, 0};
		porte_time last =
		        act->kind == BOOKING_EXTEND && act->new_end > row.b.end
		                ? act->new_end
		                : row.b.end;

		rc = room_ctx_load(c, NULL, row.room_id, false, none, none,
		                   &rctx);
		if (rc != STORE_OK)
			return rc;
		if (act->kind == BOOKING_EXTEND) {
			cal_date from = cal_date_add_days(
			        tz_date_of(rctx.tz, row.b.start), -1);
			cal_date to =
			        cal_date_add_days(tz_date_of(rctx.tz, last), 1);

			room_ctx_clear(&rctx);
			rc = room_ctx_load(c, NULL, row.room_id, true, from, to,
			                   &rctx);
			if (rc != STORE_OK)
				return rc;
		}
	}
	rc = act_actor(c, &row, &rctx, act, now, bad_code);
	if (rc != STORE_OK)
		goto out;

	memset(&a, 0, sizeof(a));
	a.kind = act->kind;
	a.actor = act->actor.kind;
	a.at = at;
	a.new_end = act->new_end;
	a.reason = act->reason;
	if (act->kind == BOOKING_CHECKIN && row.b.status == BOOKING_RELEASED) {
		rc = slot_taken(c, &row, rctx.pr.capacity, &a.slot_rebooked);
		if (rc != STORE_OK)
			goto out;
	}
	nb = row.b;
	rule = booking_apply(&nb, &a, &rctx.rules, now);
	if (rule != RULE_OK) {
		rc = refuse(c, res, rule);
		res_fill(res, row.id, &row.b);
		goto out;
	}
	if (act->kind == BOOKING_EXTEND) {
		rc = extend_check(c, &row, &rctx, act, at, res);
		if (rc != STORE_OK) {
			res_fill(res, row.id, &row.b);
			goto out;
		}
	}
	rc = update_booking(c, row.id, &nb);
	if (rc == STORE_OK)
		rc = log_event(c, row.id, row.room_id,
		               booking_action_name(act->kind), &act->actor, at,
		               now, 0,
		               act->kind == BOOKING_EXTEND ? act->new_end : 0,
		               act_details(act, &row, at, now, key));
	if (rc == STORE_OK)
		rc = conn_bump_room(c, row.room_id);
	if (rc == STORE_OK && act->kind == BOOKING_REMOVE &&
	    row.email[0] != '\0')
		rc = mail_queue_booking(c, MAIL_REMOVED, &rctx, &row, NULL,
		                        act->reason, now);
	if (rc == STORE_OK)
		res_fill(res, row.id, &nb);
out:
	room_ctx_clear(&rctx);
	return rc;
}

/* Counts a wrong check-in code, in a transaction of its own (the failed
 * action's was rolled back). */
static void count_bad_code(store_conn *c, int64_t id)
{
	static const char sql[] =
	        "UPDATE bookings SET code_failures = code_failures + 1"
	        " WHERE id = ?1";
	char keep[STORE_ERR_LEN];
	sqlite3_stmt *s;
	store_status rc;

	memcpy(keep, c->err, sizeof(keep));
	rc = tx_begin(c, true);
	if (rc == STORE_OK) {
		s = conn_stmt(c, sql);
		if (s == NULL) {
			rc = STORE_ERROR;
		} else {
			sqlite3_bind_int64(s, 1, id);
			rc = stmt_exec(c, s);
			stmt_done(s);
		}
		tx_end(c, rc);
	}
	memcpy(c->err, keep, sizeof(keep));
}

store_status store_booking_act(porte_store *st, int64_t id,
                               const store_act *act, porte_time now,
                               store_booking_res *res)
{
	store_conn *c = conn_get(st);
	store_status rc;
	bool bad_code = false;

	memset(res, 0, sizeof(*res));
	if (c == NULL)
		return STORE_ERROR;
	if (act == NULL)
		return conn_fail(c, STORE_INVALID, "no action");
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = booking_act_locked(c, id, act, now, res, NULL, &bad_code);
	rc = tx_end(c, rc);
	if (bad_code)
		count_bad_code(c, id);
	return rc;
}

static store_status info_fill(store_conn *c, const booking_row *row,
                              store_booking_info *out)
{
	cal_date none = {0, 0, 0};
	store_status rc;
	room_ctx rctx;

	memset(out, 0, sizeof(*out));
	rc = room_ctx_load(c, NULL, row->room_id, false, none, none, &rctx);
	if (rc != STORE_OK)
		return rc;
	out->id = row->id;
	out->room_id = row->room_id;
	copy_str(out->room, sizeof(out->room), rctx.slug);
	copy_str(out->room_name, sizeof(out->room_name), rctx.name);
	copy_str(out->site, sizeof(out->site), rctx.site);
	copy_str(out->tz, sizeof(out->tz), rctx.tz_name);
	out->b = row->b;
	copy_str(out->title, sizeof(out->title), row->title);
	copy_str(out->email, sizeof(out->email), row->email);
	copy_str(out->code, sizeof(out->code), row->code);
	copy_str(out->lang, sizeof(out->lang), row->lang);
	out->creator = row->creator;
	out->creator_id = row->creator_id;
	out->walk_in = row->walk_in;
	out->checkin_opens = booking_checkin_opens(&row->b, &rctx.rules);
	out->release_deadline = booking_release_deadline(&row->b, &rctx.rules);
	out->confirm_deadline = booking_confirm_deadline(&row->b, &rctx.rules);
	room_ctx_clear(&rctx);
	return STORE_OK;
}

store_status store_booking_get(porte_store *st, int64_t id,
                               store_booking_info *out)
{
	store_conn *c = conn_get(st);
	booking_row row;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = booking_load(c, id, &row);
	if (rc == STORE_OK)
		rc = info_fill(c, &row, out);
	return tx_end(c, rc);
}

store_status store_booking_auth(porte_store *st, int64_t id, const char *token,
                                store_booking_info *out)
{
	store_conn *c = conn_get(st);
	booking_row row;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = booking_load(c, id, &row);
	/* An unknown booking and a wrong token get the same answer. */
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK && !token_matches(&row, token)))
		rc = conn_fail(c, STORE_UNAUTHORIZED, "this link is not valid");
	if (rc == STORE_OK)
		rc = info_fill(c, &row, out);
	return tx_end(c, rc);
}

store_status store_booking_at_door(porte_store *st, int64_t id,
                                   const char *proof, porte_time now,
                                   store_booking_info *out)
{
	store_conn *c = conn_get(st);
	booking_row row;
	store_status rc;
	bool ok = false;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = booking_load(c, id, &row);
	if (rc == STORE_OK)
		rc = proof_ok(c, row.room_id, id, proof, now, &ok);
	/* An unknown booking and a stale proof get the same answer. */
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !ok))
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "this door code is not valid any more");
	if (rc == STORE_OK)
		rc = info_fill(c, &row, out);
	return tx_end(c, rc);
}

int store_booking_url(porte_store *st, int64_t id, const char *token, char *buf,
                      size_t len)
{
	return snprintf(buf, len, "%s/b/%lld?t=%s", st->base_url, (long long)id,
	                token != NULL ? token : "");
}

static void event_row(sqlite3_stmt *s, void *row)
{
	store_event *e = row;

	e->id = sqlite3_column_int64(s, 0);
	e->booking_id = sqlite3_column_int64(s, 1);
	col_text(s, 2, e->kind, sizeof(e->kind));
	if (actor_kind_parse(col_str(s, 3), &e->actor) != 0)
		e->actor = ACTOR_SYSTEM;
	e->actor_id = sqlite3_column_int64(s, 4);
	e->at = sqlite3_column_int64(s, 5);
	e->recorded_at = sqlite3_column_int64(s, 6);
	col_text(s, 7, e->details, sizeof(e->details));
}

store_status store_booking_events(porte_store *st, int64_t id,
                                  store_event **out, size_t *n)
{
	static const char sql[] =
	        "SELECT id, booking_id, kind, actor_kind, actor_id, at,"
	        " recorded_at, details FROM events WHERE booking_id = ?1"
	        " ORDER BY id LIMIT 10000";
	store_conn *c = conn_get(st);
	store_event *list = NULL;
	size_t count = 0;
	store_status rc;
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	rc = stmt_rows(c, s, sizeof(*list), 10000, event_row, (void **)&list,
	               &count);
	if (rc != STORE_OK)
		return rc;
	if (count == 0)
		return conn_fail(c, STORE_NOT_FOUND, "no booking %lld",
		                 (long long)id);
	*out = list;
	*n = count;
	return STORE_OK;
}

/* ---- time passing ---- */

/* Rules of the rooms met by one sweep, looked up once each. */
typedef struct rules_cache {
	int64_t room_id[64];
	porte_rules rules[64];
	int n;
} rules_cache;

static store_status sweep_rules(store_conn *c, rules_cache *rc_,
                                int64_t room_id, const porte_rules **out)
{
	static const char sql[] = "SELECT site_id FROM rooms WHERE id = ?1";
	sqlite3_stmt *s;
	store_status rc;
	int64_t site_id = 0;
	int slot;

	for (int i = 0; i < rc_->n; i++) {
		if (rc_->room_id[i] == room_id) {
			*out = &rc_->rules[i];
			return STORE_OK;
		}
	}
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, room_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		site_id = sqlite3_column_int64(s, 0);
	stmt_done(s);
	slot = rc_->n < 64 ? rc_->n++ : (int)(room_id % 64);
	rc = load_rules(c, site_id, room_id, &rc_->rules[slot]);
	if (rc != STORE_OK)
		return rc;
	rc_->room_id[slot] = room_id;
	*out = &rc_->rules[slot];
	return STORE_OK;
}

/* Candidates of one kind of sweep, as ids (read before any change). */
static store_status sweep_ids(store_conn *c, const char *sql, porte_time now,
                              int limit, int64_t *ids, int *n)
{
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	*n = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int(s, 2, limit);
	for (;;) {
		step = sqlite3_step(s);
		if (step != SQLITE_ROW || *n >= limit)
			break;
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

/* Applies time's action KIND to booking ID if it is due at NOW. */
static store_status sweep_one(store_conn *c, rules_cache *cache, int64_t id,
                              booking_action_kind kind, porte_time now,
                              bool *done)
{
	const store_actor system = {ACTOR_SYSTEM, 0};
	const porte_rules *r;
	booking_action a;
	booking_row row;
	store_status rc;
	booking nb;

	*done = false;
	rc = booking_load(c, id, &row);
	if (rc != STORE_OK)
		return rc;
	rc = sweep_rules(c, cache, row.room_id, &r);
	if (rc != STORE_OK)
		return rc;
	memset(&a, 0, sizeof(a));
	a.kind = kind;
	a.actor = ACTOR_SYSTEM;
	switch (kind) {
	case BOOKING_RELEASE:
		if (!booking_release_due(&row.b, r, now))
			return STORE_OK;
		a.at = booking_release_deadline(&row.b, r);
		break;
	case BOOKING_EXPIRE:
		a.at = booking_confirm_deadline(&row.b, r);
		break;
	default:
		a.at = row.b.end;
		break;
	}
	if (a.at > now)
		return STORE_OK;
	nb = row.b;
	if (booking_apply(&nb, &a, r, now) != RULE_OK)
		return STORE_OK;
	rc = update_booking(c, id, &nb);
	if (rc == STORE_OK)
		rc = log_event(c, id, row.room_id, booking_action_name(kind),
		               &system, a.at, now, 0, 0, NULL);
	if (rc == STORE_OK)
		rc = conn_bump_room(c, row.room_id);
	*done = rc == STORE_OK;
	return rc;
}

store_status store_sweep(porte_store *st, porte_time now, int limit,
                         store_sweep_counts *out)
{
	/* Pre-filters: release_after >= 1 min, confirm_within >= 5 min. The
	 * repeated IN term is the partial index bookings_open's own: SQLite
	 * takes that index only when the query states it, and without it a
	 * sweep (every 2 s) walks every past booking. */
#define OPEN_ONLY " AND status IN ('pending', 'confirmed', 'checked_in')"
	static const char release_sql[] =
	        "SELECT id FROM bookings WHERE status = 'confirmed'" OPEN_ONLY
	        " AND start_at <= ?1 - 60 ORDER BY start_at LIMIT ?2";
	static const char expire_sql[] =
	        "SELECT id FROM bookings WHERE status = 'pending'" OPEN_ONLY
	        " AND created_at <= ?1 - 300 ORDER BY created_at LIMIT ?2";
	static const char end_sql[] =
	        "SELECT id FROM bookings WHERE status = 'checked_in'" OPEN_ONLY
	        " AND end_at <= ?1 ORDER BY end_at LIMIT ?2";
#undef OPEN_ONLY
	static const struct {
		const char *sql;
		booking_action_kind kind;
	} passes[] = {
	        {release_sql, BOOKING_RELEASE},
	        {expire_sql, BOOKING_EXPIRE},
	        {end_sql, BOOKING_END},
	};
	store_conn *c = conn_get(st);
	rules_cache *cache = NULL;
	int64_t *ids = NULL;
	store_status rc;
	int left = limit;

	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return STORE_ERROR;
	if (limit < 1 || limit > 10000)
		return conn_fail(c, STORE_INVALID, "limit out of 1..10000");
	ids = malloc((size_t)limit * sizeof(*ids));
	cache = calloc(1, sizeof(*cache));
	if (ids == NULL || cache == NULL) {
		free(ids);
		free(cache);
		return conn_fail(c, STORE_ERROR, "out of memory");
	}
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		goto out;
	for (size_t p = 0; p < sizeof(passes) / sizeof(passes[0]); p++) {
		int n = 0;

		if (left <= 0)
			break;
		rc = sweep_ids(c, passes[p].sql, now, left, ids, &n);
		for (int i = 0; rc == STORE_OK && i < n; i++) {
			bool done;

			rc = sweep_one(c, cache, ids[i], passes[p].kind, now,
			               &done);
			if (!done)
				continue;
			left--;
			if (passes[p].kind == BOOKING_RELEASE)
				out->released++;
			else if (passes[p].kind == BOOKING_EXPIRE)
				out->expired++;
			else
				out->ended++;
		}
		if (rc != STORE_OK)
			break;
	}
	rc = tx_end(c, rc);
	if (rc != STORE_OK)
		memset(out, 0, sizeof(*out));
out:
	free(ids);
	free(cache);
	return rc;
}

/* ---- the rules' facts, for callers ---- */

struct store_policy {
	room_ctx rctx;
	interval_list rooms;
	interval_list patron;
	policy_context ctx;
};

static store_status policy_fill(store_conn *c, const char *room,
                                porte_time from, porte_time to,
                                const char *email, store_policy *p)
{
	char norm[STORE_EMAIL_MAX + 1];
	cal_date none = {0, 0, 0}, dfrom, dto;
	store_status rc;

	rc = room_ctx_load(c, room, 0, false, none, none, &p->rctx);
	if (rc != STORE_OK)
		return rc;
	dfrom = cal_date_add_days(tz_date_of(p->rctx.tz, from), -1);
	dto = cal_date_add_days(tz_date_of(p->rctx.tz, to), 1);
	room_ctx_clear(&p->rctx);
	rc = room_ctx_load(c, room, 0, true, dfrom, dto, &p->rctx);
	if (rc != STORE_OK)
		return rc;
	rc = room_intervals(c, p->rctx.id, from - ROOM_MARGIN, to + ROOM_MARGIN,
	                    0, &p->rooms);
	if (rc == STORE_OK && email != NULL) {
		rc = norm_email(c, email, norm);
		if (rc == STORE_OK)
			rc = patron_intervals(
			        c, p->rctx.site_id, norm, from - PATRON_MARGIN,
			        from + PATRON_MARGIN, 0, &p->patron);
	}
	return rc;
}

store_status store_policy_load(porte_store *st, const char *room,
                               porte_time from, porte_time to,
                               const char *email, store_policy **out)
{
	store_conn *c = conn_get(st);
	store_policy *p;
	store_status rc;

	*out = NULL;
	if (c == NULL)
		return STORE_ERROR;
	if (!time_ok(from) || !time_ok(to) || to < from || to - from > 32 * DAY)
		return conn_fail(c, STORE_INVALID,
		                 "a period of at most 32 days, please");
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	rc = tx_begin(c, false);
	if (rc == STORE_OK)
		rc = tx_end(c, policy_fill(c, room, from, to, email, p));
	if (rc != STORE_OK) {
		store_policy_free(p);
		return rc;
	}
	p->ctx.room = p->rooms.v;
	p->ctx.nroom = p->rooms.n;
	p->ctx.patron = p->patron.v;
	p->ctx.npatron = p->patron.n;
	*out = p;
	return STORE_OK;
}

const policy_room *store_policy_room(const store_policy *p)
{
	return &p->rctx.pr;
}

const policy_context *store_policy_context(const store_policy *p)
{
	return &p->ctx;
}

void store_policy_free(store_policy *p)
{
	if (p == NULL)
		return;
	room_ctx_clear(&p->rctx);
	free(p->rooms.v);
	free(p->patron.v);
	free(p);
}

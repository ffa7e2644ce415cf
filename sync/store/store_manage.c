/*
 * store_manage.c - the staff pages' administration beyond store_admin.c:
 * room and staff changes, closures over a range, referents, waiting
 * enrolment codes, the audit log by filters and pages. See
 * store_manage.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "store_manage.h"

#define DETAIL_LEN 1024

/* ---- rooms ---- */

typedef struct room_now {
	int64_t id;
	room_kind kind;
	int capacity;
} room_now;

static store_status room_read(store_conn *c, const char *slug, room_now *out)
{
	static const char sql[] =
	        "SELECT id, kind, capacity FROM rooms WHERE slug = ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	int step;

	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, slug);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		if (room_kind_parse(col_str(s, 1), &out->kind) != 0)
			out->kind = ROOM_GROUP;
		out->capacity = sqlite3_column_int(s, 2);
	}
	stmt_done(s);
	if (step == SQLITE_DONE)
		return conn_fail(c, STORE_NOT_FOUND, "no room '%s'",
		                 slug != NULL ? slug : "");
	if (step != SQLITE_ROW)
		return conn_dberr(c);
	return STORE_OK;
}

static store_status check_capacity(store_conn *c, room_kind kind, int capacity)
{
	if (kind == ROOM_WORKSHOP && (capacity < 1 || capacity > 1000))
		return conn_fail(c, STORE_INVALID,
		                 "a workshop takes 1 to 1000 bookers");
	if (kind != ROOM_WORKSHOP && capacity != 1)
		return conn_fail(c, STORE_INVALID,
		                 "only a workshop takes several bookers per "
		                 "slot");
	return STORE_OK;
}

store_status store_room_update(porte_store *st, const char *who,
                               const char *slug, const char *name,
                               const room_kind *kind, int capacity,
                               porte_time now)
{
	static const char sql[] =
	        "UPDATE rooms SET name = coalesce(?2, name), kind = ?3,"
	        " capacity = ?4 WHERE id = ?1";
	char detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	room_now r = {0};
	sqlite3_stmt *s;
	store_status rc;
	room_kind k;
	int cap;

	if (c == NULL)
		return STORE_ERROR;
	if (name != NULL) {
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
		if (rc != STORE_OK)
			return rc;
	}
	if (kind != NULL && ((int)*kind < 0 || *kind >= ROOM__COUNT))
		return conn_fail(c, STORE_INVALID, "unknown room kind");
	if (capacity < 0 || capacity > 1000)
		return conn_fail(c, STORE_INVALID,
		                 "a capacity is 1 to 1000 bookers");
	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = room_read(c, slug, &r);
	if (rc != STORE_OK)
		goto out;
	k = kind != NULL ? *kind : r.kind;
	cap = capacity != 0 ? capacity : (k == ROOM_WORKSHOP ? r.capacity : 1);
	rc = check_capacity(c, k, cap);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, r.id);
	bind_text(s, 2, name);
	bind_text(s, 3, room_kind_name(k));
	sqlite3_bind_int(s, 4, cap);
	rc = stmt_run(c, s);
	if (rc == STORE_OK)
		rc = conn_bump_room(c, r.id);
	snprintf(detail, sizeof(detail), "%s%s%skind=%s capacity=%d",
	         name != NULL ? "name=" : "", name != NULL ? name : "",
	         name != NULL ? " " : "", room_kind_name(k), cap);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "room.update", slug, detail, now);
out:
	return tx_end(c, rc);
}

/* ---- staff ---- */

store_status store_staff_update(porte_store *st, const char *who,
                                const char *email, const char *name,
                                const store_role *role, const char *site,
                                porte_time now)
{
	static const char sql[] = "UPDATE staff SET name = coalesce(?2, name),"
	                          " role = coalesce(?3, role),"
	                          " site_id = CASE WHEN ?4 THEN ?5 ELSE "
	                          "site_id END WHERE id = ?1";
	char norm[STORE_EMAIL_MAX + 1], detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	int64_t id = 0, site_id = 0;
	sqlite3_stmt *s;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	if (name != NULL) {
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
		if (rc != STORE_OK)
			return rc;
	}
	if (role != NULL && (unsigned)*role >= ROLE__COUNT)
		return conn_fail(c, STORE_INVALID, "unknown role");
	if (name == NULL && role == NULL && site == NULL)
		return conn_fail(c, STORE_INVALID, "nothing to change");
	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = staff_id_of(c, email, &id, norm);
	if (rc == STORE_OK && site != NULL && site[0] != '\0')
		rc = conn_site_id(c, site, &site_id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, name);
	bind_text(s, 3, role != NULL ? store_role_name(*role) : NULL);
	sqlite3_bind_int(s, 4, site != NULL ? 1 : 0);
	if (site_id != 0)
		sqlite3_bind_int64(s, 5, site_id);
	rc = stmt_run(c, s);
	snprintf(detail, sizeof(detail), "%s%s%s%s%s%s", name ? "name=" : "",
	         name ? name : "", role ? " role=" : "",
	         role ? store_role_name(*role) : "", site ? " site=" : "",
	         site ? (site[0] != '\0' ? site : "(all)") : "");
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "staff.update", norm,
		                detail[0] == ' ' ? detail + 1 : detail, now);
out:
	return tx_end(c, rc);
}

/* ---- closures ---- */

static store_status check_range(store_conn *c, cal_date from, cal_date to)
{
	int64_t days;

	if (!cal_date_valid(from) || !cal_date_valid(to))
		return conn_fail(c, STORE_INVALID, "no such date");
	days = cal_days_from_civil(to) - cal_days_from_civil(from);
	if (days < 0)
		return conn_fail(c, STORE_INVALID,
		                 "the last day comes before the first");
	if (days >= STORE_CLOSURE_MAX_DAYS)
		return conn_fail(c, STORE_INVALID,
		                 "a closure covers at most %d days",
		                 STORE_CLOSURE_MAX_DAYS);
	return STORE_OK;
}

static store_status close_dates(store_conn *c, int64_t site_id, cal_date from,
                                cal_date to, const char *note)
{
	static const char sql[] =
	        "INSERT OR REPLACE INTO site_dates(site_id, date, hours, note)"
	        " VALUES (?1, ?2, 'closed', ?3)";
	store_status rc = STORE_OK;
	char day[CAL_DATE_LEN];

	for (cal_date d = from; rc == STORE_OK && cal_date_cmp(d, to) <= 0;
	     d = cal_date_add_days(d, 1)) {
		sqlite3_stmt *s = conn_stmt(c, sql);

		if (s == NULL)
			return STORE_ERROR;
		cal_format_date(d, day);
		sqlite3_bind_int64(s, 1, site_id);
		bind_text(s, 2, day);
		bind_text(s, 3, note != NULL ? note : "");
		rc = stmt_run(c, s);
	}
	return rc;
}

store_status store_closure_set(porte_store *st, const char *who,
                               const char *site, cal_date from, cal_date to,
                               const char *note, porte_time now)
{
	char f[CAL_DATE_LEN], t[CAL_DATE_LEN], detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	store_status rc;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_text(c, "the reason", note, STORE_TEXT_MAX, false, false);
	if (rc == STORE_OK)
		rc = check_range(c, from, to);
	if (rc != STORE_OK)
		return rc;
	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, site, &id);
	if (rc == STORE_OK)
		rc = close_dates(c, id, from, to, note);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, id);
	cal_format_date(from, f);
	cal_format_date(to, t);
	snprintf(detail, sizeof(detail), "%s..%s closed%s%s", f, t,
	         note != NULL && note[0] != '\0' ? ": " : "",
	         note != NULL ? note : "");
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.close", site, detail, now);
	return tx_end(c, rc);
}

store_status store_closure_clear(porte_store *st, const char *who,
                                 const char *site, cal_date from, cal_date to,
                                 porte_time now)
{
	static const char sql[] =
	        "DELETE FROM site_dates WHERE site_id = ?1 AND date >= ?2"
	        " AND date <= ?3";
	char f[CAL_DATE_LEN], t[CAL_DATE_LEN], detail[64];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_range(c, from, to);
	if (rc != STORE_OK)
		return rc;
	cal_format_date(from, f);
	cal_format_date(to, t);
	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, site, &id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, f);
	bind_text(s, 3, t);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_NOT_FOUND,
		               "%s has no closure from %s to %s", site, f, t);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, id);
	snprintf(detail, sizeof(detail), "%s..%s", f, t);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.reopen", site, detail, now);
out:
	return tx_end(c, rc);
}

/* ---- referents ---- */

store_status store_referent_list(porte_store *st, const char *room,
                                 store_staff **out, size_t *n)
{
	static const char sql[] =
	        "SELECT st.id, st.email, st.name, st.role,"
	        " coalesce(s.slug, ''), st.disabled, st.created_at"
	        " FROM referents r JOIN staff st ON st.id = r.staff_id"
	        " LEFT JOIN sites s ON s.id = st.site_id"
	        " WHERE r.room_id = ?1 ORDER BY st.email";
	store_conn *c = conn_get(st);
	store_status rc;
	sqlite3_stmt *s = NULL;
	int64_t room_id;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = conn_room_id(c, room, &room_id);
	if (rc == STORE_OK) {
		s = conn_stmt(c, sql);
		if (s == NULL)
			rc = STORE_ERROR;
	}
	if (rc != STORE_OK)
		goto out;
	sqlite3_bind_int64(s, 1, room_id);
	rc = stmt_rows(c, s, sizeof(**out), STORE_MAX_ROWS, staff_list_row,
	               (void **)out, n);
out:
	tx_rollback(c);
	return rc;
}

/* ---- enrolment codes waiting ---- */

static void enrol_pending_row(sqlite3_stmt *s, void *row)
{
	store_enrol_pending *e = row;

	e->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, e->room, sizeof(e->room));
	col_text(s, 2, e->site, sizeof(e->site));
	col_text(s, 3, e->created_by, sizeof(e->created_by));
	e->created_at = sqlite3_column_int64(s, 4);
	e->expires_at = sqlite3_column_int64(s, 5);
}

store_status store_enrol_pending_list(porte_store *st, const char *site,
                                      porte_time now, store_enrol_pending **out,
                                      size_t *n)
{
	static const char sql[] =
	        "SELECT e.id, r.slug, s.slug, e.created_by, e.created_at,"
	        " e.expires_at FROM enrol_codes e"
	        " JOIN rooms r ON r.id = e.room_id"
	        " JOIN sites s ON s.id = r.site_id"
	        " WHERE e.used_at = 0 AND e.expires_at > ?1"
	        " AND (?2 IS NULL OR s.slug = ?2) ORDER BY e.id DESC LIMIT 500";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	bind_text(s, 2, site);
	return stmt_rows(c, s, sizeof(**out), 500, enrol_pending_row,
	                 (void **)out, n);
}

/* ---- the audit log ---- */

/* ?3 is the action, ?4 its prefix as a LIKE pattern ("site.%"). */
static const char audit_sql[] =
        "SELECT id, at, who, action, target, detail FROM audit_log"
        " WHERE (?1 IS NULL OR who = ?1)"
        " AND (?2 IS NULL OR action = ?2)"
        " AND (?3 IS NULL OR action LIKE ?3 ESCAPE '\\')"
        " AND (?4 = 0 OR at >= ?4) AND (?5 = 0 OR at < ?5)"
        " AND (?6 = 0 OR id < ?6)"
        " ORDER BY id DESC LIMIT ?7";

/* "site." -> "site.%" with LIKE's own characters escaped. */
static void like_prefix(const char *s, char *out, size_t len)
{
	size_t o = 0;

	for (; *s != '\0' && o + 3 < len; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			out[o++] = '\\';
		out[o++] = *s;
	}
	out[o++] = '%';
	out[o] = '\0';
}

static void audit_bind(sqlite3_stmt *s, const store_audit_filter *f, char *like,
                       size_t likelen, size_t limit)
{
	const char *a = f->action;
	size_t alen = a != NULL ? strlen(a) : 0;
	bool prefix = alen > 0 && a[alen - 1] == '.';

	bind_text(s, 1, f->who);
	if (prefix) {
		like_prefix(a, like, likelen);
		bind_text(s, 3, like);
	} else {
		bind_text(s, 2, a);
	}
	sqlite3_bind_int64(s, 4, f->from);
	sqlite3_bind_int64(s, 5, f->to);
	sqlite3_bind_int64(s, 6, f->before);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)limit + 1);
}

store_status store_audit_find(porte_store *st, const store_audit_filter *f,
                              size_t limit, store_audit **out, size_t *n,
                              bool *more)
{
	store_conn *c = conn_get(st);
	char like[2 * 64 + 2];
	store_status rc;
	sqlite3_stmt *s;
	bool extra;

	*out = NULL;
	*n = 0;
	if (more != NULL)
		*more = false;
	if (c == NULL)
		return STORE_ERROR;
	if (limit < 1 || limit > 1000)
		return conn_fail(c, STORE_INVALID, "limit out of 1..1000");
	if (f->action != NULL && strlen(f->action) > 63)
		return conn_fail(c, STORE_INVALID, "no such action");
	s = conn_stmt(c, audit_sql);
	if (s == NULL)
		return STORE_ERROR;
	audit_bind(s, f, like, sizeof(like), limit);
	rc = stmt_page(c, s, sizeof(**out), limit, audit_row, (void **)out, n,
	               &extra);
	if (rc == STORE_OK && more != NULL)
		*more = extra;
	return rc;
}

static void actor_row(sqlite3_stmt *s, void *row)
{
	col_text(s, 0, row, STORE_NAME_MAX + 1);
}

store_status store_audit_actors(porte_store *st,
                                char (**out)[STORE_NAME_MAX + 1], size_t *n)
{
	static const char sql[] =
	        "SELECT DISTINCT who FROM audit_log ORDER BY who LIMIT 500";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	return stmt_rows(c, s, sizeof(**out), 500, actor_row, (void **)out, n);
}

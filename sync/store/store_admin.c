/*
 * store_admin.c - administration: sites, their dates and messages, rooms,
 * rules, staff, referents, door enrolment; every change with its audit
 * entry in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define DETAIL_LEN 2048

static store_status check_who(store_conn *c, const char *who)
{
	return check_text(c, "the actor", who, STORE_NAME_MAX, true, false);
}

/* An admin change's start: a connection, a named actor, the write
 * transaction. */
store_status admin_begin(store_conn *c, const char *who)
{
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc != STORE_OK)
		return rc;
	return tx_begin(c, true);
}

static store_status check_slug(store_conn *c, const char *what,
                               const char *slug)
{
	if (!store_slug_ok(slug))
		return conn_fail(c, STORE_INVALID,
		                 "%s id must be 1 to %d of a-z, 0-9 and '-'",
		                 what, STORE_SLUG_MAX);
	return STORE_OK;
}

/* Runs S (its parameters bound) expecting DONE, then resets it. */
static store_status exists(store_conn *c, const char *sql, const char *key,
                           bool *out)
{
	sqlite3_stmt *s = conn_stmt(c, sql);
	int step;

	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, key);
	step = sqlite3_step(s);
	stmt_done(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return conn_dberr(c);
	*out = step == SQLITE_ROW;
	return STORE_OK;
}

/* "a.fr, B.fr" -> "a.fr,b.fr" into OUT; checks each domain. */
static store_status norm_domains(store_conn *c, const char *in, char *out,
                                 size_t len)
{
	size_t o = 0, count = 0;
	const char *p = in;

	out[0] = '\0';
	if (in == NULL)
		return STORE_OK;
	if (strnlen(in, STORE_DOMAINS_MAX + 1) > STORE_DOMAINS_MAX)
		return conn_fail(c, STORE_INVALID, "too many domains");
	while (*p != '\0') {
		const char *start;
		size_t n;
		bool dot = false;

		while (*p == ',' || *p == ' ')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ',' && *p != ' ')
			p++;
		n = (size_t)(p - start);
		if (*start == '@')
			start++, n--;
		if (n == 0 || n > 253 || start[0] == '.' || start[0] == '-' ||
		    start[n - 1] == '.' || start[n - 1] == '-')
			goto bad;
		if (++count > STORE_MAX_DOMAINS)
			return conn_fail(c, STORE_INVALID, "at most %d domains",
			                 STORE_MAX_DOMAINS);
		if (o > 0)
			out[o++] = ',';
		for (size_t i = 0; i < n; i++) {
			char ch = start[i];

			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			if (ch == '.')
				dot = true;
			else if (!((ch >= 'a' && ch <= 'z') ||
			           (ch >= '0' && ch <= '9') || ch == '-'))
				goto bad;
			if (o + 2 >= len)
				return conn_fail(c, STORE_INVALID,
				                 "too many domains");
			out[o++] = ch;
		}
		out[o] = '\0';
		if (!dot)
			goto bad;
		continue;
	bad:
		return conn_fail(c, STORE_INVALID,
		                 "'%.*s' is not a domain name (like univ.fr)",
		                 (int)(n > 80 ? 80 : n), start);
	}
	return STORE_OK;
}

/* Checks a weekly spec and writes its canonical form. */
static store_status norm_week(store_conn *c, const char *spec, char *out,
                              size_t len)
{
	opening_hours *h;
	char *cause = NULL;
	store_status rc = STORE_OK;
	int n;

	if (spec == NULL)
		spec = "closed";
	if (strnlen(spec, STORE_HOURS_MAX + 1) > STORE_HOURS_MAX)
		return conn_fail(c, STORE_INVALID, "opening hours too long");
	h = hours_new();
	if (h == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	if (strcmp(spec, "closed") != 0 &&
	    hours_parse_week(h, spec, &cause) != 0) {
		rc = conn_fail(c, STORE_INVALID, "opening hours: %s",
		               cause != NULL ? cause : "bad");
		goto out;
	}
	n = hours_format_week(h, out, (int)len);
	if (n < 0 || (size_t)n >= len)
		rc = conn_fail(c, STORE_INVALID, "opening hours too long");
out:
	free(cause);
	hours_free(h);
	return rc;
}

static store_status check_tz(store_conn *c, const char *tz)
{
	const tz_zone *z;

	if (tz == NULL || strnlen(tz, STORE_TZ_MAX + 1) > STORE_TZ_MAX)
		return conn_fail(c, STORE_INVALID, "bad time zone name");
	return conn_zone(c, tz, &z);
}

store_status store_site_add(porte_store *st, const char *who, const char *slug,
                            const char *name, const char *tz, const char *hours,
                            const char *domains, porte_time now)
{
	static const char exists_sql[] = "SELECT 1 FROM sites WHERE slug = ?1";
	static const char sql[] =
	        "INSERT INTO sites(slug, name, tz, hours, domains, created_at)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	char week[STORE_HOURS_MAX + 1], doms[STORE_DOMAINS_MAX + 1];
	char detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	bool found = false;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = check_slug(c, "a site", slug);
	if (rc == STORE_OK)
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
	if (rc == STORE_OK)
		rc = check_tz(c, tz);
	if (rc == STORE_OK)
		rc = norm_week(c, hours, week, sizeof(week));
	if (rc == STORE_OK)
		rc = norm_domains(c, domains, doms, sizeof(doms));
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = exists(c, exists_sql, slug, &found);
	if (rc == STORE_OK && found)
		rc = conn_fail(c, STORE_CONFLICT, "site '%s' exists already",
		               slug);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	bind_text(s, 1, slug);
	bind_text(s, 2, name);
	bind_text(s, 3, tz);
	bind_text(s, 4, week);
	bind_text(s, 5, doms);
	sqlite3_bind_int64(s, 6, now);
	rc = stmt_run(c, s);
	snprintf(detail, sizeof(detail), "name=%s tz=%s hours=%s domains=%s",
	         name, tz, week, doms);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.add", slug, detail, now);
out:
	return tx_end(c, rc);
}

store_status store_site_update(porte_store *st, const char *who,
                               const char *slug, const char *name,
                               const char *tz, const char *hours,
                               const char *domains, porte_time now)
{
	static const char sql[] =
	        "UPDATE sites SET name = coalesce(?2, name), tz = coalesce(?3, "
	        "tz),"
	        " hours = coalesce(?4, hours), domains = coalesce(?5, domains)"
	        " WHERE id = ?1";
	char week[STORE_HOURS_MAX + 1], doms[STORE_DOMAINS_MAX + 1];
	char detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK && name != NULL)
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
	if (rc == STORE_OK && tz != NULL)
		rc = check_tz(c, tz);
	if (rc == STORE_OK && hours != NULL)
		rc = norm_week(c, hours, week, sizeof(week));
	if (rc == STORE_OK && domains != NULL)
		rc = norm_domains(c, domains, doms, sizeof(doms));
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, slug, &id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, name);
	bind_text(s, 3, tz);
	bind_text(s, 4, hours != NULL ? week : NULL);
	bind_text(s, 5, domains != NULL ? doms : NULL);
	rc = stmt_run(c, s);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, id);
	snprintf(detail, sizeof(detail), "%s%s%s%s%s%s%s%s",
	         name != NULL ? "name=" : "", name != NULL ? name : "",
	         tz != NULL ? " tz=" : "", tz != NULL ? tz : "",
	         hours != NULL ? " hours=" : "", hours != NULL ? week : "",
	         domains != NULL ? " domains=" : "",
	         domains != NULL ? doms : "");
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.update", slug, detail, now);
out:
	return tx_end(c, rc);
}

store_status store_site_set_date(porte_store *st, const char *who,
                                 const char *site, cal_date date,
                                 const char *hours, const char *note,
                                 porte_time now)
{
	static const char sql[] =
	        "INSERT OR REPLACE INTO site_dates(site_id, date, hours, note)"
	        " VALUES (?1, ?2, ?3, ?4)";
	char day[CAL_DATE_LEN], detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	char *cause = NULL;
	hours_day parsed;
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	if (hours == NULL)
		hours = "closed";
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = check_text(c, "the note", note, STORE_TEXT_MAX, false,
		                false);
	if (rc == STORE_OK && !cal_date_valid(date))
		rc = conn_fail(c, STORE_INVALID, "no such date");
	if (rc == STORE_OK &&
	    (strnlen(hours, STORE_HOURS_MAX + 1) > STORE_HOURS_MAX ||
	     hours_parse_day(hours, &parsed, &cause) != 0)) {
		rc = conn_fail(c, STORE_INVALID, "hours of the day: %s",
		               cause != NULL ? cause : "too long");
		free(cause);
	}
	if (rc != STORE_OK)
		return rc;
	cal_format_date(date, day);
	rc = tx_begin(c, true);
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
	bind_text(s, 2, day);
	bind_text(s, 3, parsed.count == 0 ? "closed" : hours);
	bind_text(s, 4, note != NULL ? note : "");
	rc = stmt_run(c, s);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, id);
	snprintf(detail, sizeof(detail), "%s %s%s%s", day,
	         parsed.count == 0 ? "closed" : hours,
	         note != NULL && note[0] != '\0' ? ": " : "",
	         note != NULL ? note : "");
	if (rc == STORE_OK)
		rc = conn_audit(c, who,
		                parsed.count == 0 ? "site.close" : "site.hours",
		                site, detail, now);
out:
	return tx_end(c, rc);
}

store_status store_site_clear_date(porte_store *st, const char *who,
                                   const char *site, cal_date date,
                                   porte_time now)
{
	static const char sql[] =
	        "DELETE FROM site_dates WHERE site_id = ?1 AND date = ?2";
	char day[CAL_DATE_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK && !cal_date_valid(date))
		rc = conn_fail(c, STORE_INVALID, "no such date");
	if (rc != STORE_OK)
		return rc;
	cal_format_date(date, day);
	rc = tx_begin(c, true);
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
	bind_text(s, 2, day);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_NOT_FOUND, "%s has no exception on %s",
		               site, day);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, id);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.reopen", site, day, now);
out:
	return tx_end(c, rc);
}

store_status store_message_add(porte_store *st, const char *who,
                               const char *site, porte_time from, porte_time to,
                               const char *text, porte_time now, int64_t *id)
{
	static const char sql[] =
	        "INSERT INTO site_messages(site_id, from_at, to_at, text,"
	        " created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	char f[CAL_RFC3339_LEN], t[CAL_RFC3339_LEN], detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t site_id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = check_text(c, "the message", text, STORE_TEXT_MAX, true,
		                false);
	if (rc == STORE_OK && (from < 0 || to <= from))
		rc = conn_fail(c, STORE_INVALID,
		               "a message must end after it starts");
	if (rc == STORE_OK && to - from > STORE_MESSAGE_MAX_SPAN)
		rc = conn_fail(c, STORE_INVALID,
		               "a message lasts at most a week");
	if (rc == STORE_OK && to <= now)
		rc = conn_fail(c, STORE_INVALID,
		               "this message would already be over");
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, site, &site_id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, site_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	bind_text(s, 4, text);
	sqlite3_bind_int64(s, 5, now);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(c->db);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, site_id);
	cal_format_rfc3339(from, f);
	cal_format_rfc3339(to, t);
	snprintf(detail, sizeof(detail), "%s..%s %s", f, t, text);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.message", site, detail, now);
out:
	return tx_end(c, rc);
}

store_status store_message_delete(porte_store *st, const char *who, int64_t id,
                                  porte_time now)
{
	static const char find_sql[] =
	        "SELECT m.site_id, s.slug FROM site_messages m"
	        " JOIN sites s ON s.id = m.site_id WHERE m.id = ?1";
	static const char sql[] = "DELETE FROM site_messages WHERE id = ?1";
	char slug[STORE_SLUG_MAX + 1], detail[32];
	store_conn *c = conn_get(st);
	int64_t site_id = 0;
	sqlite3_stmt *s;
	store_status rc;
	int step;

	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, find_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		site_id = sqlite3_column_int64(s, 0);
		col_text(s, 1, slug, sizeof(slug));
	}
	stmt_done(s);
	if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no message %lld",
		               (long long)id);
	else if (step != SQLITE_ROW)
		rc = conn_dberr(c);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = stmt_run(c, s);
	if (rc == STORE_OK)
		rc = conn_bump_site(c, site_id);
	snprintf(detail, sizeof(detail), "message %lld", (long long)id);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "site.unmessage", slug, detail, now);
out:
	return tx_end(c, rc);
}

store_status store_room_add(porte_store *st, const char *who, const char *slug,
                            const char *site, const char *name, room_kind kind,
                            int capacity, porte_time now)
{
	static const char exists_sql[] = "SELECT 1 FROM rooms WHERE slug = ?1";
	static const char sql[] =
	        "INSERT INTO rooms(slug, site_id, name, kind, capacity,"
	        " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
	char detail[DETAIL_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t site_id;
	bool found = false;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = check_slug(c, "a room", slug);
	if (rc == STORE_OK)
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
	if (rc == STORE_OK && ((int)kind < 0 || kind >= ROOM__COUNT))
		rc = conn_fail(c, STORE_INVALID, "unknown room kind");
	if (rc == STORE_OK && capacity < 1)
		capacity = 1;
	if (rc == STORE_OK && kind == ROOM_WORKSHOP && capacity > 1000)
		rc = conn_fail(c, STORE_INVALID,
		               "a workshop takes 1 to 1000 bookers");
	if (rc == STORE_OK && kind != ROOM_WORKSHOP && capacity != 1)
		rc = conn_fail(c, STORE_INVALID,
		               "only a workshop takes several bookers per "
		               "slot");
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = conn_site_id(c, site, &site_id);
	if (rc == STORE_OK)
		rc = exists(c, exists_sql, slug, &found);
	if (rc == STORE_OK && found)
		rc = conn_fail(c, STORE_CONFLICT, "room '%s' exists already",
		               slug);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	bind_text(s, 1, slug);
	sqlite3_bind_int64(s, 2, site_id);
	bind_text(s, 3, name);
	bind_text(s, 4, room_kind_name(kind));
	sqlite3_bind_int(s, 5, capacity);
	sqlite3_bind_int64(s, 6, now);
	rc = stmt_run(c, s);
	snprintf(detail, sizeof(detail), "site=%s name=%s kind=%s capacity=%d",
	         site, name, room_kind_name(kind), capacity);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "room.add", slug, detail, now);
out:
	return tx_end(c, rc);
}

static bool rule_name_known(const char *name)
{
	const char *const *names = rules_names();

	for (size_t i = 0; names[i] != NULL; i++) {
		if (strcmp(names[i], name) == 0)
			return true;
	}
	return false;
}

/* The rules in force for the site and each of its rooms must hold
 * together (read after the change, inside the transaction). */
static store_status rules_hold(store_conn *c, int64_t site_id, int64_t room_id)
{
	static const char rooms_sql[] =
	        "SELECT id FROM rooms WHERE site_id = ?1 ORDER BY id";
	static const char slug_sql[] = "SELECT slug FROM rooms WHERE id = ?1";
	char slug[STORE_SLUG_MAX + 1] = "the site";
	store_status rc = STORE_OK;
	int64_t *ids = NULL;
	size_t n = 0;
	char *cause = NULL;
	sqlite3_stmt *s;
	porte_rules r;

	rc = load_rules(c, site_id, room_id, &r);
	if (rc != STORE_OK)
		return rc;
	if (rules_validate(&r, &cause) != 0) {
		if (room_id != 0) {
			s = conn_stmt(c, slug_sql);
			if (s == NULL) {
				free(cause);
				return STORE_ERROR;
			}
			sqlite3_bind_int64(s, 1, room_id);
			if (sqlite3_step(s) == SQLITE_ROW)
				col_text(s, 0, slug, sizeof(slug));
			stmt_done(s);
		}
		rc = conn_fail(c, STORE_INVALID, "%s: %s", slug,
		               cause != NULL ? cause : "the rules conflict");
		free(cause);
		return rc;
	}
	if (room_id != 0)
		return STORE_OK;
	s = conn_stmt(c, rooms_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, site_id);
	rc = stmt_rows(c, s, sizeof(*ids), STORE_MAX_ROWS, row_id,
	               (void **)&ids, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		rc = rules_hold(c, site_id, ids[i]);
	free(ids);
	return rc;
}

store_status store_rule_set(porte_store *st, const char *who, store_scope scope,
                            const char *target, const char *name,
                            const char *value, porte_time now)
{
	static const char del_site_sql[] =
	        "DELETE FROM rules WHERE site_id = ?1 AND name = ?2";
	static const char del_room_sql[] =
	        "DELETE FROM rules WHERE room_id = ?1 AND name = ?2";
	static const char add_site_sql[] =
	        "INSERT INTO rules(site_id, name, value) VALUES (?1, ?2, ?3)";
	static const char add_room_sql[] =
	        "INSERT INTO rules(room_id, name, value) VALUES (?1, ?2, ?3)";
	static const char room_site_sql[] =
	        "SELECT site_id FROM rooms WHERE id = ?1";
	bool site = scope == STORE_SCOPE_SITE;
	char canon[32] = "", tgt[STORE_SLUG_MAX + 8], detail[80];
	store_conn *c = conn_get(st);
	int64_t id, site_id = 0;
	porte_rules probe;
	char *cause = NULL;
	sqlite3_stmt *s;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc != STORE_OK)
		return rc;
	if (name == NULL || !rule_name_known(name))
		return conn_fail(c, STORE_INVALID, "unknown rule '%s'",
		                 name != NULL ? name : "");
	if (value != NULL) {
		rules_defaults(&probe);
		if (strnlen(value, 32) >= 32 ||
		    rules_set(&probe, name, value, &cause) != 0) {
			rc = conn_fail(c, STORE_INVALID, "%s",
			               cause != NULL ? cause
			                             : "value too long");
			free(cause);
			return rc;
		}
		rules_get(&probe, name, canon, sizeof(canon));
	}
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = site ? conn_site_id(c, target, &id) : conn_room_id(c, target, &id);
	if (rc != STORE_OK)
		goto out;
	if (site) {
		site_id = id;
	} else {
		s = conn_stmt(c, room_site_sql);
		if (s == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		sqlite3_bind_int64(s, 1, id);
		if (sqlite3_step(s) == SQLITE_ROW)
			site_id = sqlite3_column_int64(s, 0);
		stmt_done(s);
	}
	s = conn_stmt(c, site ? del_site_sql : del_room_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, name);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && value == NULL && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_NOT_FOUND, "%s has no %s set", target,
		               name);
	if (rc == STORE_OK && value != NULL) {
		s = conn_stmt(c, site ? add_site_sql : add_room_sql);
		if (s == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, name);
		bind_text(s, 3, canon);
		rc = stmt_run(c, s);
	}
	if (rc == STORE_OK)
		rc = rules_hold(c, site_id, site ? 0 : id);
	if (rc == STORE_OK)
		rc = site ? conn_bump_site(c, id) : conn_bump_room(c, id);
	snprintf(tgt, sizeof(tgt), "%s:%s", site ? "site" : "room", target);
	snprintf(detail, sizeof(detail), "%s=%s", name,
	         value != NULL ? canon : "(default)");
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "rule.set", tgt, detail, now);
out:
	return tx_end(c, rc);
}

/* ---- staff ---- */

typedef struct pin_owner {
	int64_t id;
	char hash[crypto_pwhash_STRBYTES];
} pin_owner;

static void pin_owner_row(sqlite3_stmt *s, void *row)
{
	pin_owner *o = row;

	o->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, o->hash, sizeof(o->hash));
}

/* Whether another active account (not EXCEPT) already uses PIN. */
static store_status pin_taken(store_conn *c, const char *pin, int64_t except,
                              bool *taken)
{
	static const char sql[] =
	        "SELECT id, pin_hash FROM staff WHERE pin_tag = ?1"
	        " AND disabled = 0 AND id <> ?2 LIMIT 256";
	pin_owner *owners = NULL;
	size_t n = 0;
	store_status rc = STORE_OK;
	sqlite3_stmt *s;

	*taken = false;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		tx_rollback(c);
		return STORE_ERROR;
	}
	sqlite3_bind_int(s, 1, pin_tag(c->st, pin));
	sqlite3_bind_int64(s, 2, except);
	rc = stmt_rows(c, s, sizeof(*owners), 256, pin_owner_row,
	               (void **)&owners, &n);
	tx_rollback(c);
	for (size_t i = 0; rc == STORE_OK && i < n && !*taken; i++)
		*taken = secret_verify(owners[i].hash, pin);
	free(owners);
	return rc;
}

static store_status check_password(store_conn *c, const char *password)
{
	size_t n;

	if (password == NULL)
		return conn_fail(c, STORE_INVALID, "no password");
	n = strnlen(password, STORE_PASSWORD_MAX + 1);
	if (n < STORE_PASSWORD_MIN || n > STORE_PASSWORD_MAX ||
	    !store_text_ok(password, STORE_PASSWORD_MAX, false))
		return conn_fail(c, STORE_INVALID,
		                 "a password is %d to %d characters of text",
		                 STORE_PASSWORD_MIN, STORE_PASSWORD_MAX);
	return STORE_OK;
}

static store_status check_pin(store_conn *c, const char *pin)
{
	if (!pin_ok(pin))
		return conn_fail(c, STORE_INVALID, "a PIN is %d to %d digits",
		                 STORE_PIN_MIN, STORE_PIN_MAX);
	return STORE_OK;
}

store_status store_staff_add(porte_store *st, const char *who,
                             const char *email, const char *name,
                             store_role role, const char *site,
                             const char *password, const char *pin,
                             porte_time now, int64_t *id)
{
	static const char exists_sql[] = "SELECT 1 FROM staff WHERE email = ?1";
	static const char sql[] =
	        "INSERT INTO staff(email, name, role, site_id, password_hash,"
	        " pin_hash, pin_tag, created_at)"
	        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	char norm[STORE_EMAIL_MAX + 1], detail[DETAIL_LEN];
	char phash[crypto_pwhash_STRBYTES], nhash[crypto_pwhash_STRBYTES];
	store_conn *c = conn_get(st);
	int64_t site_id = 0;
	sqlite3_stmt *s;
	store_status rc;
	bool found = false, taken = false;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = norm_email(c, email, norm);
	if (rc == STORE_OK)
		rc = check_text(c, "the name", name, STORE_NAME_MAX, true,
		                false);
	if (rc == STORE_OK && (unsigned)role >= ROLE__COUNT)
		rc = conn_fail(c, STORE_INVALID, "unknown role");
	if (rc == STORE_OK)
		rc = check_password(c, password);
	if (rc == STORE_OK)
		rc = check_pin(c, pin);
	if (rc == STORE_OK)
		rc = pin_taken(c, pin, 0, &taken);
	if (rc == STORE_OK && taken)
		rc = conn_fail(c, STORE_CONFLICT,
		               "this PIN is in use: choose another one");
	if (rc == STORE_OK)
		rc = secret_hash(c, password, phash);
	if (rc == STORE_OK)
		rc = secret_hash(c, pin, nhash);
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	if (site != NULL)
		rc = conn_site_id(c, site, &site_id);
	if (rc == STORE_OK)
		rc = exists(c, exists_sql, norm, &found);
	if (rc == STORE_OK && found)
		rc = conn_fail(c, STORE_CONFLICT,
		               "staff member %s exists already", norm);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	bind_text(s, 1, norm);
	bind_text(s, 2, name);
	bind_text(s, 3, store_role_name(role));
	if (site_id != 0)
		sqlite3_bind_int64(s, 4, site_id);
	bind_text(s, 5, phash);
	bind_text(s, 6, nhash);
	sqlite3_bind_int(s, 7, pin_tag(st, pin));
	sqlite3_bind_int64(s, 8, now);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && id != NULL)
		*id = sqlite3_last_insert_rowid(c->db);
	snprintf(detail, sizeof(detail), "name=%s role=%s site=%s", name,
	         store_role_name(role), site != NULL ? site : "(all)");
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "staff.add", norm, detail, now);
out:
	sodium_memzero(phash, sizeof(phash));
	sodium_memzero(nhash, sizeof(nhash));
	return tx_end(c, rc);
}

void staff_list_row(sqlite3_stmt *s, void *row)
{
	store_staff *m = row;

	m->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, m->email, sizeof(m->email));
	col_text(s, 2, m->name, sizeof(m->name));
	if (store_role_parse(col_str(s, 3), &m->role) != 0)
		m->role = ROLE_DESK;
	col_text(s, 4, m->site, sizeof(m->site));
	m->disabled = sqlite3_column_int(s, 5) != 0;
	m->created_at = sqlite3_column_int64(s, 6);
}

store_status store_staff_list(porte_store *st, store_staff **out, size_t *n)
{
	static const char sql[] =
	        "SELECT st.id, st.email, st.name, st.role, coalesce(s.slug, "
	        "''),"
	        " st.disabled, st.created_at, coalesce(st.site_id, 0)"
	        " FROM staff st LEFT JOIN sites s ON s.id = st.site_id"
	        " ORDER BY st.email";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	return stmt_rows(c, s, sizeof(**out), STORE_MAX_ROWS, staff_list_row,
	                 (void **)out, n);
}

store_status store_staff_get(porte_store *st, int64_t id, store_staff *out)
{
	store_conn *c = conn_get(st);

	if (c == NULL)
		return STORE_ERROR;
	return staff_load(c, id, out, NULL);
}

store_status staff_id_of(store_conn *c, const char *email, int64_t *id,
                         char norm[STORE_EMAIL_MAX + 1])
{
	static const char sql[] = "SELECT id FROM staff WHERE email = ?1";
	sqlite3_stmt *s;
	store_status rc;
	int step;

	rc = norm_email(c, email, norm);
	if (rc != STORE_OK)
		return conn_fail(c, STORE_NOT_FOUND, "no such staff member");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, norm);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	stmt_done(s);
	if (step == SQLITE_DONE)
		return conn_fail(c, STORE_NOT_FOUND, "no staff member %s",
		                 norm);
	if (step != SQLITE_ROW)
		return conn_dberr(c);
	return STORE_OK;
}

static store_status end_sessions(store_conn *c, const char *sql, int64_t id)
{
	sqlite3_stmt *s = conn_stmt(c, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	return stmt_run(c, s);
}

store_status store_staff_disable(porte_store *st, const char *who,
                                 const char *email, bool disabled,
                                 porte_time now)
{
	static const char sql[] =
	        "UPDATE staff SET disabled = ?2 WHERE id = ?1";
	static const char end_sql[] =
	        "UPDATE sessions SET ended = 1 WHERE staff_id = ?1";
	char norm[STORE_EMAIL_MAX + 1];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = staff_id_of(c, email, &id, norm);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, disabled ? 1 : 0);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && disabled)
		rc = end_sessions(c, end_sql, id);
	if (rc == STORE_OK)
		rc = conn_audit(c, who,
		                disabled ? "staff.disable" : "staff.enable",
		                norm, "", now);
out:
	return tx_end(c, rc);
}

store_status store_staff_set_secret(porte_store *st, const char *who,
                                    const char *email, const char *password,
                                    const char *pin, porte_time now)
{
	static const char pw_sql[] =
	        "UPDATE staff SET password_hash = ?2 WHERE id = ?1";
	static const char pin_sql[] =
	        "UPDATE staff SET pin_hash = ?2, pin_tag = ?3 WHERE id = ?1";
	static const char end_sql[] =
	        "UPDATE sessions SET ended = 1 WHERE staff_id = ?1";
	char phash[crypto_pwhash_STRBYTES], nhash[crypto_pwhash_STRBYTES];
	char norm[STORE_EMAIL_MAX + 1];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	bool taken = false;
	int64_t id;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK && password == NULL && pin == NULL)
		rc = conn_fail(c, STORE_INVALID, "nothing to change");
	if (rc == STORE_OK && password != NULL)
		rc = check_password(c, password);
	if (rc == STORE_OK && pin != NULL)
		rc = check_pin(c, pin);
	if (rc == STORE_OK)
		rc = staff_id_of(c, email, &id, norm);
	if (rc == STORE_OK && pin != NULL)
		rc = pin_taken(c, pin, id, &taken);
	if (rc == STORE_OK && taken)
		rc = conn_fail(c, STORE_CONFLICT,
		               "this PIN is in use: choose another one");
	if (rc == STORE_OK && password != NULL)
		rc = secret_hash(c, password, phash);
	if (rc == STORE_OK && pin != NULL)
		rc = secret_hash(c, pin, nhash);
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	if (password != NULL) {
		s = conn_stmt(c, pw_sql);
		if (s == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, phash);
		rc = stmt_run(c, s);
		if (rc == STORE_OK)
			rc = end_sessions(c, end_sql, id);
	}
	if (rc == STORE_OK && pin != NULL) {
		s = conn_stmt(c, pin_sql);
		if (s == NULL) {
			rc = STORE_ERROR;
			goto out;
		}
		sqlite3_bind_int64(s, 1, id);
		bind_text(s, 2, nhash);
		sqlite3_bind_int(s, 3, pin_tag(st, pin));
		rc = stmt_run(c, s);
	}
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "staff.secret", norm,
		                password != NULL && pin != NULL ? "password pin"
		                : password != NULL              ? "password"
		                                                : "pin",
		                now);
out:
	sodium_memzero(phash, sizeof(phash));
	sodium_memzero(nhash, sizeof(nhash));
	return tx_end(c, rc);
}

store_status store_referent_set(porte_store *st, const char *who,
                                const char *email, const char *room, bool add,
                                porte_time now)
{
	static const char kind_sql[] = "SELECT kind FROM rooms WHERE id = ?1";
	static const char add_sql[] =
	        "INSERT OR IGNORE INTO referents(staff_id, room_id)"
	        " VALUES (?1, ?2)";
	static const char del_sql[] =
	        "DELETE FROM referents WHERE staff_id = ?1 AND room_id = ?2";
	char norm[STORE_EMAIL_MAX + 1];
	store_conn *c = conn_get(st);
	int64_t staff_id, room_id;
	room_kind kind = ROOM_GROUP;
	sqlite3_stmt *s;
	store_status rc;

	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = staff_id_of(c, email, &staff_id, norm);
	if (rc == STORE_OK)
		rc = conn_room_id(c, room, &room_id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, kind_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, room_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		room_kind_parse(col_str(s, 0), &kind);
	stmt_done(s);
	if (add && kind != ROOM_TRAINING) {
		rc = conn_fail(c, STORE_INVALID,
		               "referents are for training rooms");
		goto out;
	}
	s = conn_stmt(c, add ? add_sql : del_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, staff_id);
	sqlite3_bind_int64(s, 2, room_id);
	rc = stmt_run(c, s);
	if (rc == STORE_OK && !add && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_NOT_FOUND, "%s is no referent of %s",
		               norm, room);
	if (rc == STORE_OK)
		rc = conn_audit(c, who,
		                add ? "referent.add" : "referent.remove", norm,
		                room, now);
out:
	return tx_end(c, rc);
}

/* ---- devices ---- */

store_status store_enrol_code(porte_store *st, const char *who,
                              const char *room, porte_time now,
                              char code[STORE_CODE_LEN], porte_time *expires)
{
	static const char sql[] =
	        "INSERT INTO enrol_codes(code_hash, room_id, created_at,"
	        " expires_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)";
	unsigned char hash[STORE_HASH_LEN];
	char norm[17], detail[64], until[CAL_RFC3339_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;
	int64_t room_id;

	code[0] = '\0';
	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	rc = conn_room_id(c, room, &room_id);
	if (rc != STORE_OK)
		goto out;
	enrol_code_new(code);
	if (enrol_code_norm(code, norm) != 0) {
		rc = conn_fail(c, STORE_ERROR, "bad enrolment code");
		goto out;
	}
	token_hash(norm, hash);
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, room_id);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, now + STORE_ENROL_VALID);
	bind_text(s, 5, who);
	rc = stmt_run(c, s);
	cal_format_rfc3339(now + STORE_ENROL_VALID, until);
	snprintf(detail, sizeof(detail), "valid until %s", until);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "device.code", room, detail, now);
	if (rc == STORE_OK && expires != NULL)
		*expires = now + STORE_ENROL_VALID;
out:
	rc = tx_end(c, rc);
	if (rc != STORE_OK)
		sodium_memzero(code, STORE_CODE_LEN);
	return rc;
}

static void device_read(sqlite3_stmt *s, void *row)
{
	device_row(s, row);
}

store_status store_device_list(porte_store *st, const char *site,
                               store_device **out, size_t *n)
{
	static const char all_sql[] =
	        "SELECT d.id, d.room_id, r.slug, s.slug, d.name, d.version,"
	        " d.created_at, d.last_seen, d.revoked"
	        " FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " JOIN sites s ON s.id = r.site_id ORDER BY d.id";
	static const char site_sql[] =
	        "SELECT d.id, d.room_id, r.slug, s.slug, d.name, d.version,"
	        " d.created_at, d.last_seen, d.revoked"
	        " FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " JOIN sites s ON s.id = r.site_id WHERE s.slug = ?1"
	        " ORDER BY d.id";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, site != NULL ? site_sql : all_sql);
	if (s == NULL)
		return STORE_ERROR;
	if (site != NULL)
		bind_text(s, 1, site);
	return stmt_rows(c, s, sizeof(**out), STORE_MAX_ROWS, device_read,
	                 (void **)out, n);
}

store_status store_device_revoke(porte_store *st, const char *who, int64_t id,
                                 porte_time now)
{
	static const char find_sql[] =
	        "SELECT d.revoked, r.slug FROM devices d"
	        " JOIN rooms r ON r.id = d.room_id WHERE d.id = ?1";
	static const char sql[] =
	        "UPDATE devices SET revoked = 1 WHERE id = ?1";
	static const char end_sql[] =
	        "UPDATE sessions SET ended = 1 WHERE device_id = ?1";
	char room[STORE_SLUG_MAX + 1], detail[32];
	store_conn *c = conn_get(st);
	bool revoked = false;
	sqlite3_stmt *s;
	store_status rc;
	int step;

	rc = admin_begin(c, who);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, find_sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		revoked = sqlite3_column_int(s, 0) != 0;
		col_text(s, 1, room, sizeof(room));
	}
	stmt_done(s);
	if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no device %lld",
		               (long long)id);
	else if (step != SQLITE_ROW)
		rc = conn_dberr(c);
	else if (revoked)
		rc = conn_fail(c, STORE_CONFLICT,
		               "device %lld is revoked "
		               "already",
		               (long long)id);
	if (rc != STORE_OK)
		goto out;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	rc = stmt_run(c, s);
	if (rc == STORE_OK)
		rc = end_sessions(c, end_sql, id);
	snprintf(detail, sizeof(detail), "device %lld", (long long)id);
	if (rc == STORE_OK)
		rc = conn_audit(c, who, "device.revoke", room, detail, now);
out:
	return tx_end(c, rc);
}

/* ---- audit ---- */

store_status store_audit_add(porte_store *st, const char *who,
                             const char *action, const char *target,
                             const char *detail, porte_time now)
{
	store_conn *c = conn_get(st);
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = check_who(c, who);
	if (rc == STORE_OK)
		rc = check_text(c, "the action", action, 63, true, false);
	if (rc == STORE_OK)
		rc = check_text(c, "the target", target, STORE_EMAIL_MAX, false,
		                false);
	if (rc == STORE_OK)
		rc = check_text(c, "the detail", detail, STORE_TEXT_MAX, false,
		                false);
	if (rc != STORE_OK)
		return rc;
	return conn_audit(c, who, action, target, detail, now);
}

void audit_row(sqlite3_stmt *s, void *row)
{
	store_audit *a = row;

	a->id = sqlite3_column_int64(s, 0);
	a->at = sqlite3_column_int64(s, 1);
	col_text(s, 2, a->who, sizeof(a->who));
	col_text(s, 3, a->action, sizeof(a->action));
	col_text(s, 4, a->target, sizeof(a->target));
	col_text(s, 5, a->detail, sizeof(a->detail));
}

store_status store_audit_list(porte_store *st, size_t limit, store_audit **out,
                              size_t *n)
{
	static const char sql[] =
	        "SELECT id, at, who, action, target, detail FROM audit_log"
	        " ORDER BY id DESC LIMIT ?1";
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;

	*out = NULL;
	*n = 0;
	if (c == NULL)
		return STORE_ERROR;
	if (limit < 1 || limit > 10000)
		return conn_fail(c, STORE_INVALID, "limit out of 1..10000");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	return stmt_rows(c, s, sizeof(**out), limit, audit_row, (void **)out,
	                 n);
}

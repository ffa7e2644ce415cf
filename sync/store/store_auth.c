/*
 * store_auth.c - credentials: staff roles and what they may do, door
 * enrolment and device tokens, staff sessions by password or by PIN (with
 * the lock-out counted in the database).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door_proof.h"
#include "store_int.h"

#define MAX_PIN_CANDIDATES 64
#define PIN_LOCK_FIRST 60  /* seconds, after STORE_PIN_TRIES wrong PINs */
#define PIN_LOCK_MAX 86400 /* the lock-out grows up to a day */
#define LAST_SEEN_EVERY 60 /* a device's last contact, written at most */

static const char staff_sql[] =
        "SELECT st.id, st.email, st.name, st.role, coalesce(s.slug, ''),"
        " st.disabled, st.created_at, coalesce(st.site_id, 0)"
        " FROM staff st LEFT JOIN sites s ON s.id = st.site_id"
        " WHERE st.id = ?1";

static void staff_row(sqlite3_stmt *s, store_staff *out, int64_t *site_id)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(s, 0);
	col_text(s, 1, out->email, sizeof(out->email));
	col_text(s, 2, out->name, sizeof(out->name));
	if (store_role_parse(col_str(s, 3), &out->role) != 0)
		out->role = ROLE_DESK;
	col_text(s, 4, out->site, sizeof(out->site));
	out->disabled = sqlite3_column_int(s, 5) != 0;
	out->created_at = sqlite3_column_int64(s, 6);
	if (site_id != NULL)
		*site_id = sqlite3_column_int64(s, 7);
}

store_status staff_load(store_conn *c, int64_t id, store_staff *out,
                        int64_t *site_id)
{
	sqlite3_stmt *s = conn_stmt(c, staff_sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		staff_row(s, out, site_id);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no staff member %lld",
		               (long long)id);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

static store_status referent_of(store_conn *c, int64_t staff_id,
                                int64_t room_id, bool *out)
{
	static const char sql[] =
	        "SELECT 1 FROM referents WHERE staff_id = ?1 AND room_id = ?2";
	sqlite3_stmt *s;
	int step;

	*out = false;
	if (room_id == 0)
		return STORE_OK;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, staff_id);
	sqlite3_bind_int64(s, 2, room_id);
	step = sqlite3_step(s);
	stmt_done(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return conn_dberr(c);
	*out = step == SQLITE_ROW;
	return STORE_OK;
}

store_status staff_may_locked(store_conn *c, const store_staff *s,
                              int64_t staff_site, store_perm perm,
                              int64_t site_id, int64_t room_id, room_kind kind,
                              bool *is_referent)
{
	bool referent, room_perm;
	store_status rc;

	rc = referent_of(c, s->id, room_id, &referent);
	if (rc != STORE_OK)
		return rc;
	if (is_referent != NULL)
		*is_referent = referent || s->role == ROLE_SUPERADMIN;
	if (s->disabled)
		return conn_fail(c, STORE_FORBIDDEN,
		                 "this account is disabled");
	if (s->role == ROLE_SUPERADMIN)
		return STORE_OK;
	room_perm =
	        perm == STORE_PERM_BOOKINGS || perm == STORE_PERM_ROOM_SETTINGS;
	/* A room's referents manage it, whatever their role and site. */
	if (referent && room_perm)
		return STORE_OK;
	if (staff_site != 0 && site_id != staff_site)
		return conn_fail(c, STORE_FORBIDDEN,
		                 "your account is limited to another site");
	if (room_perm && room_id != 0 && kind == ROOM_TRAINING)
		return conn_fail(c, STORE_FORBIDDEN,
		                 "only its referents manage a training room");
	switch (perm) {
	case STORE_PERM_BOOKINGS:
		if (s->role == ROLE_DESK || s->role == ROLE_ROOM_ADMIN)
			return STORE_OK;
		break;
	case STORE_PERM_ROOM_SETTINGS:
	case STORE_PERM_SITE_SETTINGS:
		if (s->role == ROLE_ROOM_ADMIN)
			return STORE_OK;
		break;
	case STORE_PERM_STATS:
	case STORE_PERM_DEVICES:
		if (s->role == ROLE_ROOM_ADMIN || s->role == ROLE_FACILITIES)
			return STORE_OK;
		break;
	case STORE_PERM_ADMIN:
		break;
	}
	return conn_fail(c, STORE_FORBIDDEN, "the %s role may not do this",
	                 store_role_name(s->role));
}

static store_status room_facts(store_conn *c, const char *room,
                               int64_t *room_id, int64_t *site_id,
                               room_kind *kind)
{
	static const char sql[] =
	        "SELECT id, site_id, kind FROM rooms WHERE slug = ?1";
	sqlite3_stmt *s;
	store_status rc = STORE_OK;
	int step;

	if (!store_slug_ok(room))
		return conn_fail(c, STORE_NOT_FOUND, "no such room");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	bind_text(s, 1, room);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*room_id = sqlite3_column_int64(s, 0);
		*site_id = sqlite3_column_int64(s, 1);
		if (room_kind_parse(col_str(s, 2), kind) != 0)
			*kind = ROOM_GROUP;
	} else if (step == SQLITE_DONE) {
		rc = conn_fail(c, STORE_NOT_FOUND, "no room '%s'", room);
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	return rc;
}

store_status store_staff_may(porte_store *st, int64_t staff_id, store_perm perm,
                             const char *site, const char *room)
{
	store_conn *c = conn_get(st);
	int64_t site_id = 0, room_id = 0, staff_site = 0;
	room_kind kind = ROOM_GROUP;
	store_staff staff;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	rc = staff_load(c, staff_id, &staff, &staff_site);
	if (rc == STORE_OK && room != NULL)
		rc = room_facts(c, room, &room_id, &site_id, &kind);
	else if (rc == STORE_OK && site != NULL)
		rc = conn_site_id(c, site, &site_id);
	if (rc == STORE_OK)
		rc = staff_may_locked(c, &staff, staff_site, perm, site_id,
		                      room_id, kind, NULL);
	return tx_end(c, rc);
}

/* ---- devices ---- */

void device_row(sqlite3_stmt *s, store_device *out)
{
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(s, 0);
	out->room_id = sqlite3_column_int64(s, 1);
	col_text(s, 2, out->room, sizeof(out->room));
	col_text(s, 3, out->site, sizeof(out->site));
	col_text(s, 4, out->name, sizeof(out->name));
	col_text(s, 5, out->version, sizeof(out->version));
	out->created_at = sqlite3_column_int64(s, 6);
	out->last_seen = sqlite3_column_int64(s, 7);
	out->revoked = sqlite3_column_int(s, 8) != 0;
}

static store_status device_by_id(store_conn *c, int64_t id, store_device *out)
{
	static const char sql[] =
	        "SELECT d.id, d.room_id, r.slug, s.slug, d.name, d.version,"
	        " d.created_at, d.last_seen, d.revoked"
	        " FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " JOIN sites s ON s.id = r.site_id WHERE d.id = ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		device_row(s, out);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no device %lld",
		               (long long)id);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

typedef struct enrol_row {
	int64_t id;
	int64_t room_id;
	porte_time expires_at;
	porte_time used_at;
} enrol_row;

static store_status enrol_find(store_conn *c, const char *norm, porte_time now,
                               enrol_row *out)
{
	static const char sql[] =
	        "SELECT id, room_id, expires_at, used_at FROM enrol_codes"
	        " WHERE code_hash = ?1";
	unsigned char hash[STORE_HASH_LEN];
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	token_hash(norm, hash);
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->room_id = sqlite3_column_int64(s, 1);
		out->expires_at = sqlite3_column_int64(s, 2);
		out->used_at = sqlite3_column_int64(s, 3);
	} else if (step == SQLITE_DONE) {
		rc = conn_fail(c, STORE_UNAUTHORIZED, "unknown enrolment code");
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	if (rc != STORE_OK)
		return rc;
	if (out->used_at != 0)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "this enrolment code was used already");
	if (now >= out->expires_at)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "this enrolment code has expired");
	return STORE_OK;
}

static store_status enrol_locked(store_conn *c, const char *norm,
                                 const char *name, porte_time now,
                                 char token[STORE_TOKEN_LEN], store_device *out)
{
	static const char insert_sql[] =
	        "INSERT INTO devices(room_id, name, token_hash, proof_key,"
	        " created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
	static const char use_sql[] =
	        "UPDATE enrol_codes SET used_at = ?2, device_id = ?3"
	        " WHERE id = ?1 AND used_at = 0";
	unsigned char hash[STORE_HASH_LEN];
	unsigned char key[DOOR_PROOF_KEY_LEN];
	char detail[64];
	enrol_row e = {0, 0, 0, 0};
	sqlite3_stmt *s;
	store_status rc;
	int64_t id;

	rc = enrol_find(c, norm, now, &e);
	if (rc != STORE_OK)
		return rc;
	token_new(token);
	token_hash(token, hash);
	if (door_proof_key(token, key) != 0)
		return conn_fail(c, STORE_ERROR, "bad token length");
	s = conn_stmt(c, insert_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, e.room_id);
	bind_text(s, 2, name);
	sqlite3_bind_blob(s, 3, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_blob(s, 4, key, sizeof(key), SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 5, now);
	rc = stmt_exec(c, s);
	stmt_done(s);
	sodium_memzero(key, sizeof(key));
	if (rc != STORE_OK)
		return rc;
	id = sqlite3_last_insert_rowid(c->db);
	s = conn_stmt(c, use_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, e.id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK && sqlite3_changes(c->db) != 1)
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "this enrolment code was used already");
	if (rc == STORE_OK)
		rc = device_by_id(c, id, out);
	if (rc != STORE_OK)
		return rc;
	snprintf(detail, sizeof(detail), "device %lld", (long long)id);
	return conn_audit(c, "device", "device.enroll", out->room, detail, now);
}

store_status store_device_enroll(porte_store *st, const char *code,
                                 const char *name, porte_time now,
                                 char token[STORE_TOKEN_LEN], store_device *out)
{
	store_conn *c = conn_get(st);
	char norm[17];
	store_status rc;

	token[0] = '\0';
	if (c == NULL)
		return STORE_ERROR;
	if (enrol_code_norm(code, norm) != 0)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "not an enrolment code (16 letters and "
		                 "digits)");
	if (name == NULL || name[0] == '\0')
		name = "door";
	rc = check_text(c, "the device name", name, STORE_NAME_MAX, true,
	                false);
	if (rc != STORE_OK)
		return rc;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = tx_end(c, enrol_locked(c, norm, name, now, token, out));
	if (rc != STORE_OK)
		sodium_memzero(token, STORE_TOKEN_LEN);
	return rc;
}

store_status store_device_auth(porte_store *st, const char *token,
                               const char *version, porte_time now,
                               store_device *out)
{
	static const char sql[] =
	        "SELECT d.id, d.room_id, r.slug, s.slug, d.name, d.version,"
	        " d.created_at, d.last_seen, d.revoked, d.token_hash"
	        " FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " JOIN sites s ON s.id = r.site_id WHERE d.token_hash = ?1";
	static const char seen_sql[] =
	        "UPDATE devices SET last_seen = ?2, version = ?3 WHERE id = ?1";
	unsigned char hash[STORE_HASH_LEN];
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;
	bool found = false;
	int step;

	if (c == NULL)
		return STORE_ERROR;
	if (!token_plausible(token))
		return conn_fail(c, STORE_UNAUTHORIZED, "bad device token");
	if (version != NULL &&
	    check_text(c, "the version", version, STORE_VERSION_MAX, false,
	               false) != STORE_OK)
		return STORE_INVALID;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	token_hash(token, hash);
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 9) == STORE_HASH_LEN &&
	    sodium_memcmp(sqlite3_column_blob(s, 9), hash, STORE_HASH_LEN) ==
	            0) {
		device_row(s, out);
		found = true;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	if (rc != STORE_OK)
		return rc;
	if (!found || out->revoked)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 found ? "this device was revoked"
		                       : "unknown device token");
	if (version == NULL)
		version = out->version;
	if (now - out->last_seen < LAST_SEEN_EVERY &&
	    strcmp(version, out->version) == 0)
		return STORE_OK;
	s = conn_stmt(c, seen_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, out->id);
	sqlite3_bind_int64(s, 2, now);
	bind_text(s, 3, version);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK) {
		out->last_seen = now;
		copy_str(out->version, sizeof(out->version), version);
	}
	return rc;
}

/* ---- staff sessions ---- */

static store_status session_new(store_conn *c, int64_t staff_id,
                                int64_t device_id, porte_time now,
                                porte_time ttl, char token[STORE_TOKEN_LEN],
                                store_session *out)
{
	static const char sql[] =
	        "INSERT INTO sessions(token_hash, staff_id, device_id,"
	        " created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
	unsigned char hash[STORE_HASH_LEN];
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_session local;
	store_status rc;

	if (out == NULL)
		out = &local;
	if (s == NULL)
		return STORE_ERROR;
	token_new(token);
	token_hash(token, hash);
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, staff_id);
	if (device_id != 0)
		sqlite3_bind_int64(s, 3, device_id);
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int64(s, 5, now + ttl);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc != STORE_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_last_insert_rowid(c->db);
	out->device_id = device_id;
	out->expires_at = now + ttl;
	return staff_load(c, staff_id, &out->staff, NULL);
}

/* An argon2id string to check against when there is no account, so that a
 * wrong e-mail costs as long as a wrong password. */
static const char *dummy_hash(store_conn *c)
{
	porte_store *st = c->st;

	pthread_mutex_lock(&st->lock);
	if (st->dummy_hash[0] == '\0' &&
	    crypto_pwhash_str(st->dummy_hash, "porte-no-such-account", 21,
	                      st->opslimit, st->memlimit) != 0)
		st->dummy_hash[0] = '\0';
	pthread_mutex_unlock(&st->lock);
	return st->dummy_hash;
}

store_status store_login_password(porte_store *st, const char *email,
                                  const char *password, porte_time now,
                                  char token[STORE_TOKEN_LEN],
                                  store_session *out)
{
	static const char sql[] =
	        "SELECT id, password_hash, disabled FROM staff"
	        " WHERE email = ?1";
	char norm[STORE_EMAIL_MAX + 1];
	char hash[crypto_pwhash_STRBYTES] = "";
	store_conn *c = conn_get(st);
	bool known = false, disabled = false, ok;
	int64_t id = 0;
	sqlite3_stmt *s;
	store_status rc;
	int step;

	token[0] = '\0';
	if (c == NULL)
		return STORE_ERROR;
	if (password == NULL ||
	    strnlen(password, STORE_PASSWORD_MAX + 1) > STORE_PASSWORD_MAX)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "wrong e-mail or password");
	if (email != NULL && norm_email(c, email, norm) == STORE_OK) {
		s = conn_stmt(c, sql);
		if (s == NULL)
			return STORE_ERROR;
		bind_text(s, 1, norm);
		step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			known = true;
			id = sqlite3_column_int64(s, 0);
			col_text(s, 1, hash, sizeof(hash));
			disabled = sqlite3_column_int(s, 2) != 0;
		}
		stmt_done(s);
		if (step != SQLITE_ROW && step != SQLITE_DONE)
			return conn_dberr(c);
	}
	ok = secret_verify(known ? hash : dummy_hash(c), password);
	sodium_memzero(hash, sizeof(hash));
	if (!known || !ok || disabled)
		return conn_fail(c, STORE_UNAUTHORIZED,
		                 "wrong e-mail or password");
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = tx_end(c,
	            session_new(c, id, 0, now, STORE_SESSION_TTL, token, out));
	if (rc != STORE_OK)
		sodium_memzero(token, STORE_TOKEN_LEN);
	return rc;
}

typedef struct pin_candidate {
	int64_t id;
	int64_t site_id;
	char hash[crypto_pwhash_STRBYTES];
} pin_candidate;

/* The device's lock-out state and its site; the accounts whose PIN tag
 * matches. */
static store_status pin_prepare(store_conn *c, int64_t device_id, int tag,
                                porte_time now, porte_time *locked_until,
                                int64_t *site_id, pin_candidate *cand,
                                int *ncand)
{
	static const char dev_sql[] =
	        "SELECT d.revoked, d.pin_locked_until, r.site_id"
	        " FROM devices d JOIN rooms r ON r.id = d.room_id"
	        " WHERE d.id = ?1";
	static const char cand_sql[] =
	        "SELECT id, coalesce(site_id, 0), pin_hash FROM staff"
	        " WHERE pin_tag = ?1 AND disabled = 0 ORDER BY id LIMIT 64";
	sqlite3_stmt *s = conn_stmt(c, dev_sql);
	store_status rc = STORE_OK;
	bool revoked = true;
	int step;

	_Static_assert(MAX_PIN_CANDIDATES == 64, "the SQL above");
	*ncand = 0;
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		revoked = sqlite3_column_int(s, 0) != 0;
		*locked_until = sqlite3_column_int64(s, 1);
		*site_id = sqlite3_column_int64(s, 2);
	}
	stmt_done(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return conn_dberr(c);
	if (revoked)
		return conn_fail(c, STORE_UNAUTHORIZED, "unknown device");
	if (*locked_until > now)
		return conn_fail(c, STORE_LOCKED,
		                 "too many wrong PINs: try again in %lld s",
		                 (long long)(*locked_until - now));
	*locked_until = 0;
	s = conn_stmt(c, cand_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int(s, 1, tag);
	for (;;) {
		step = sqlite3_step(s);
		if (step != SQLITE_ROW || *ncand >= MAX_PIN_CANDIDATES)
			break;
		cand[*ncand].id = sqlite3_column_int64(s, 0);
		cand[*ncand].site_id = sqlite3_column_int64(s, 1);
		col_text(s, 2, cand[*ncand].hash, sizeof(cand[0].hash));
		(*ncand)++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

/* The lock-out after FAILURES wrong PINs in a row, in seconds (0: none). */
static porte_time pin_lock_for(int failures)
{
	porte_time t = PIN_LOCK_FIRST;

	if (failures < STORE_PIN_TRIES)
		return 0;
	for (int i = STORE_PIN_TRIES; i < failures && t < PIN_LOCK_MAX; i++)
		t *= 2;
	return t < PIN_LOCK_MAX ? t : PIN_LOCK_MAX;
}

/* Records the outcome of a PIN at DEVICE_ID: a wrong one counts and may
 * lock, a right one resets. */
static store_status pin_outcome(store_conn *c, int64_t device_id, bool right,
                                porte_time now, porte_time *locked_until)
{
	static const char reset_sql[] =
	        "UPDATE devices SET pin_failures = 0, pin_locked_until = 0"
	        " WHERE id = ?1";
	static const char fail_sql[] =
	        "UPDATE devices SET pin_failures = pin_failures + 1"
	        " WHERE id = ?1 RETURNING pin_failures, pin_locked_until";
	static const char lock_sql[] =
	        "UPDATE devices SET pin_locked_until = ?2 WHERE id = ?1";
	sqlite3_stmt *s = conn_stmt(c, right ? reset_sql : fail_sql);
	store_status rc = STORE_OK;
	int failures = 0, step;
	porte_time lock;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		failures = sqlite3_column_int(s, 0);
		*locked_until = sqlite3_column_int64(s, 1);
		step = sqlite3_step(s);
	}
	stmt_done(s);
	if (step != SQLITE_DONE)
		return conn_dberr(c);
	if (right)
		return STORE_OK;
	/* Another attempt may have locked it meanwhile: keep that. */
	if (*locked_until > now)
		return STORE_OK;
	*locked_until = 0;
	lock = pin_lock_for(failures);
	if (lock == 0)
		return STORE_OK;
	s = conn_stmt(c, lock_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, device_id);
	sqlite3_bind_int64(s, 2, now + lock);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK)
		*locked_until = now + lock;
	return rc;
}

store_status store_login_pin(porte_store *st, int64_t device_id,
                             const char *pin, porte_time now,
                             char token[STORE_TOKEN_LEN], store_session *out,
                             porte_time *locked_until)
{
	pin_candidate *cand = NULL;
	store_conn *c = conn_get(st);
	porte_time until = 0;
	int64_t site_id = 0;
	int ncand = 0, match = -1;
	bool well_formed;
	store_status rc;

	token[0] = '\0';
	if (locked_until != NULL)
		*locked_until = 0;
	if (c == NULL)
		return STORE_ERROR;
	well_formed = pin_ok(pin);
	cand = calloc(MAX_PIN_CANDIDATES, sizeof(*cand));
	if (cand == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");

	/* 1: the lock-out and the candidates, in a read snapshot. */
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		goto out;
	rc = tx_end(c, pin_prepare(c, device_id,
	                           well_formed ? pin_tag(st, pin) : -1, now,
	                           &until, &site_id, cand, &ncand));
	if (rc != STORE_OK)
		goto out;

	/* 2: argon2id, slow, outside any transaction. */
	for (int i = 0; well_formed && i < ncand && match < 0; i++) {
		if (secret_verify(cand[i].hash, pin))
			match = i;
	}

	/* 3: the outcome, and the session. */
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		goto out;
	rc = pin_outcome(c, device_id, match >= 0, now, &until);
	if (rc == STORE_OK && match < 0 && until > now)
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "wrong PIN: locked for %lld s",
		               (long long)(until - now));
	else if (rc == STORE_OK && match < 0)
		rc = conn_fail(c, STORE_UNAUTHORIZED, "wrong PIN");
	else if (rc == STORE_OK && cand[match].site_id != 0 &&
	         cand[match].site_id != site_id)
		rc = conn_fail(c, STORE_FORBIDDEN,
		               "this account is limited to another site");
	else if (rc == STORE_OK)
		rc = session_new(c, cand[match].id, device_id, now,
		                 STORE_PIN_SESSION_TTL, token, out);
	/* A wrong PIN is kept counted: commit unless the database failed. */
	if (rc == STORE_UNAUTHORIZED || rc == STORE_FORBIDDEN) {
		store_status keep = rc;
		char err[STORE_ERR_LEN];

		memcpy(err, c->err, sizeof(err));
		rc = tx_commit(c);
		if (rc == STORE_OK) {
			rc = keep;
			memcpy(c->err, err, sizeof(err));
		}
	} else {
		rc = tx_end(c, rc);
	}
out:
	if (rc == STORE_LOCKED || (rc == STORE_UNAUTHORIZED && until > now)) {
		if (locked_until != NULL)
			*locked_until = until;
	}
	if (rc != STORE_OK)
		sodium_memzero(token, STORE_TOKEN_LEN);
	sodium_memzero(cand, MAX_PIN_CANDIDATES * sizeof(*cand));
	free(cand);
	return rc;
}

store_status store_session_auth(porte_store *st, const char *token,
                                porte_time now, store_session *out)
{
	static const char sql[] =
	        "SELECT se.id, se.staff_id, coalesce(se.device_id, 0),"
	        " se.expires_at, se.ended, coalesce(d.revoked, 0),"
	        " se.token_hash"
	        " FROM sessions se LEFT JOIN devices d ON d.id = se.device_id"
	        " WHERE se.token_hash = ?1";
	unsigned char hash[STORE_HASH_LEN];
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	bool live = false;
	int64_t staff_id = 0;
	sqlite3_stmt *s;
	int step;

	if (c == NULL)
		return STORE_ERROR;
	if (!token_plausible(token))
		return conn_fail(c, STORE_UNAUTHORIZED, "bad session token");
	rc = tx_begin(c, false);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc = STORE_ERROR;
		goto out;
	}
	token_hash(token, hash);
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 6) == STORE_HASH_LEN &&
	    sodium_memcmp(sqlite3_column_blob(s, 6), hash, STORE_HASH_LEN) ==
	            0) {
		memset(out, 0, sizeof(*out));
		out->id = sqlite3_column_int64(s, 0);
		staff_id = sqlite3_column_int64(s, 1);
		out->device_id = sqlite3_column_int64(s, 2);
		out->expires_at = sqlite3_column_int64(s, 3);
		live = sqlite3_column_int(s, 4) == 0 &&
		       sqlite3_column_int(s, 5) == 0 && now < out->expires_at;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	if (rc != STORE_OK)
		goto out;
	if (!live) {
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "the session has ended: log in again");
		goto out;
	}
	rc = staff_load(c, staff_id, &out->staff, NULL);
	if (rc == STORE_OK && out->staff.disabled)
		rc = conn_fail(c, STORE_UNAUTHORIZED,
		               "this account is disabled");
out:
	return tx_end(c, rc);
}

store_status store_session_end(porte_store *st, const char *token)
{
	static const char sql[] =
	        "UPDATE sessions SET ended = 1 WHERE token_hash = ?1";
	unsigned char hash[STORE_HASH_LEN];
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	if (!token_plausible(token))
		return conn_fail(c, STORE_UNAUTHORIZED, "bad session token");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	token_hash(token, hash);
	sqlite3_bind_blob(s, 1, hash, sizeof(hash), SQLITE_TRANSIENT);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_UNAUTHORIZED, "no such session");
	return rc;
}

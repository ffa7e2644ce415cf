/*
 * store.c - opening the database, one connection per thread, the
 * statement cache, transactions and the change hook.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_int.h"

static const char *const status_names[] = {
        [STORE_OK] = "ok",
        [STORE_REFUSED] = "refused",
        [STORE_NOT_FOUND] = "not_found",
        [STORE_UNAUTHORIZED] = "unauthorized",
        [STORE_FORBIDDEN] = "forbidden",
        [STORE_CONFLICT] = "conflict",
        [STORE_INVALID] = "invalid",
        [STORE_LOCKED] = "locked",
        [STORE_ERROR] = "error",
};

const char *store_status_name(store_status s)
{
	if ((unsigned)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "unknown";
	return status_names[s];
}

store_status conn_fail(store_conn *c, store_status status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return status;
}

store_status conn_dberr(store_conn *c)
{
	int code = sqlite3_extended_errcode(c->db);

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return conn_fail(c, STORE_ERROR,
		                 "the database is busy, try again");
	return conn_fail(c, STORE_ERROR, "database error: %s",
	                 sqlite3_errmsg(c->db));
}

static void conn_free(store_conn *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < STMT_SLOTS; i++)
		sqlite3_finalize(c->stmts[i].stmt);
	sqlite3_close_v2(c->db);
	for (size_t i = 0; i < c->nchanged; i++)
		free(c->changed[i]);
	free(c->changed);
	free(c);
}

static void conn_unlink(porte_store *st, store_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		st->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	c->next = NULL;
	c->prev = NULL;
}

/* The thread-specific destructor: the thread is exiting. */
static void conn_destroy(void *p)
{
	store_conn *c = p;
	porte_store *st = c->st;

	pthread_mutex_lock(&st->lock);
	conn_unlink(st, c);
	pthread_mutex_unlock(&st->lock);
	conn_free(c);
}

static int exec_simple(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* Opens a connection to ST's file, with the pragmas every connection
 * needs. On failure returns NULL with a reason in ERR. */
static store_conn *conn_open(porte_store *st, bool create, char *err,
                             size_t errlen)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	store_conn *c;
	int rc;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->st = st;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(st->path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", st->path,
		         c->db != NULL ? sqlite3_errmsg(c->db)
		                       : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, STORE_BUSY_MS);
	rc = exec_simple(c->db, "PRAGMA foreign_keys = ON;"
	                        "PRAGMA synchronous = FULL;"
	                        "PRAGMA trusted_schema = OFF;");
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open %s: %s", st->path,
		         sqlite3_errmsg(c->db));
		goto fail;
	}
	return c;
fail:
	conn_free(c);
	return NULL;
}

store_conn *conn_get(porte_store *st)
{
	store_conn *c = pthread_getspecific(st->key);
	char err[STORE_ERR_LEN];

	if (c != NULL)
		return c;
	c = conn_open(st, false, err, sizeof(err));
	if (c == NULL)
		return NULL;
	if (pthread_setspecific(st->key, c) != 0) {
		conn_free(c);
		return NULL;
	}
	pthread_mutex_lock(&st->lock);
	c->next = st->conns;
	if (st->conns != NULL)
		st->conns->prev = c;
	st->conns = c;
	pthread_mutex_unlock(&st->lock);
	return c;
}

const char *store_errmsg(porte_store *st)
{
	store_conn *c = pthread_getspecific(st->key);

	if (c == NULL)
		return "cannot open a connection to the database";
	return c->err;
}

static size_t stmt_slot_of(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;

	p ^= p >> 17;
	p *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(p >> 20) & (STMT_SLOTS - 1);
}

sqlite3_stmt *conn_stmt(store_conn *c, const char *sql)
{
	size_t i = stmt_slot_of(sql);
	int rc;

	for (size_t n = 0; n < STMT_SLOTS;
	     n++, i = (i + 1) & (STMT_SLOTS - 1)) {
		stmt_slot *slot = &c->stmts[i];

		if (slot->sql == sql)
			return slot->stmt;
		if (slot->sql != NULL)
			continue;
		rc = sqlite3_prepare_v3(c->db, sql, -1,
		                        SQLITE_PREPARE_PERSISTENT, &slot->stmt,
		                        NULL);
		if (rc != SQLITE_OK) {
			conn_dberr(c);
			sqlite3_finalize(slot->stmt);
			slot->stmt = NULL;
			return NULL;
		}
		slot->sql = sql;
		return slot->stmt;
	}
	conn_fail(c, STORE_ERROR, "statement cache full");
	return NULL;
}

void stmt_done(sqlite3_stmt *s)
{
	if (s == NULL)
		return;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

store_status stmt_exec(store_conn *c, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return STORE_OK;
	return conn_dberr(c);
}

int bind_text(sqlite3_stmt *s, int i, const char *t)
{
	if (t == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
}

const char *col_str(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t != NULL ? (const char *)t : "";
}

void col_text(sqlite3_stmt *s, int i, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	if (len == 0)
		return;
	if (t == NULL) {
		buf[0] = '\0';
		return;
	}
	copy_str(buf, len, (const char *)t);
}

store_status conn_exec(store_conn *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		conn_fail(c, STORE_ERROR, "database error: %s",
		          msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

static void forget_changed(store_conn *c)
{
	for (size_t i = 0; i < c->nchanged; i++)
		free(c->changed[i]);
	c->nchanged = 0;
}

static void write_unlock(store_conn *c)
{
	if (!c->holds_write)
		return;
	c->holds_write = false;
	pthread_mutex_unlock(&c->st->write_lock);
}

store_status tx_begin(store_conn *c, bool write)
{
	static const char begin_write[] = "BEGIN IMMEDIATE";
	static const char begin_read[] = "BEGIN";
	sqlite3_stmt *s = conn_stmt(c, write ? begin_write : begin_read);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	/* A ROLLBACK that failed (out of memory) left one open: end it. */
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	if (write && !c->holds_write) {
		pthread_mutex_lock(&c->st->write_lock);
		c->holds_write = true;
	}
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc != STORE_OK) {
		write_unlock(c);
		return rc;
	}
	c->in_tx = true;
	forget_changed(c);
	return STORE_OK;
}

void tx_rollback(store_conn *c)
{
	static const char sql[] = "ROLLBACK";
	sqlite3_stmt *s;

	forget_changed(c);
	if (!c->in_tx)
		return;
	c->in_tx = false;
	if (!sqlite3_get_autocommit(c->db)) {
		s = conn_stmt(c, sql);
		if (s != NULL) {
			sqlite3_step(s);
			stmt_done(s);
		}
	}
	write_unlock(c);
}

store_status tx_commit(store_conn *c)
{
	static const char sql[] = "COMMIT";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_change_fn hook = c->st->hook;
	store_status rc;
	char **changed;
	size_t nchanged;

	if (s == NULL) {
		tx_rollback(c);
		return STORE_ERROR;
	}
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc != STORE_OK) {
		char keep[STORE_ERR_LEN];

		memcpy(keep, c->err, sizeof(keep));
		tx_rollback(c);
		memcpy(c->err, keep, sizeof(keep));
		return rc;
	}
	c->in_tx = false;
	write_unlock(c);
	/* The hook may use the store on this thread, transactions and all:
	 * hand the list over first. */
	changed = c->changed;
	nchanged = c->nchanged;
	c->changed = NULL;
	c->nchanged = 0;
	c->capchanged = 0;
	for (size_t i = 0; i < nchanged; i++) {
		if (hook != NULL)
			hook(changed[i], c->st->hook_arg);
		free(changed[i]);
	}
	free(changed);
	return STORE_OK;
}

store_status tx_end(store_conn *c, store_status status)
{
	if (status == STORE_OK)
		return tx_commit(c);
	tx_rollback(c);
	return status;
}

static store_status note_changed(store_conn *c, const char *slug)
{
	char *copy;

	for (size_t i = 0; i < c->nchanged; i++) {
		if (strcmp(c->changed[i], slug) == 0)
			return STORE_OK;
	}
	if (c->nchanged >= STORE_MAX_CHANGED)
		return conn_fail(c, STORE_ERROR, "too many rooms changed");
	if (c->nchanged == c->capchanged) {
		size_t cap = c->capchanged ? c->capchanged * 2 : 16;
		char **grown = realloc(c->changed, cap * sizeof(*grown));

		if (grown == NULL)
			return conn_fail(c, STORE_ERROR, "out of memory");
		c->changed = grown;
		c->capchanged = cap;
	}
	copy = strdup(slug);
	if (copy == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	c->changed[c->nchanged++] = copy;
	return STORE_OK;
}

static store_status bump_rows(store_conn *c, sqlite3_stmt *s)
{
	store_status rc = STORE_OK;
	int step;

	for (;;) {
		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		rc = note_changed(c, col_str(s, 0));
		if (rc != STORE_OK)
			break;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

store_status conn_bump_room(store_conn *c, int64_t room_id)
{
	static const char sql[] =
	        "UPDATE rooms SET change_counter = change_counter + 1"
	        " WHERE id = ?1 RETURNING slug";
	sqlite3_stmt *s = conn_stmt(c, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, room_id);
	return bump_rows(c, s);
}

store_status conn_bump_site(store_conn *c, int64_t site_id)
{
	static const char sql[] =
	        "UPDATE rooms SET change_counter = change_counter + 1"
	        " WHERE site_id = ?1 RETURNING slug";
	sqlite3_stmt *s = conn_stmt(c, sql);

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, site_id);
	return bump_rows(c, s);
}

store_status conn_audit(store_conn *c, const char *who, const char *action,
                        const char *target, const char *detail, porte_time now)
{
	static const char sql[] =
	        "INSERT INTO audit_log(at, who, action, target, detail)"
	        " VALUES (?1, ?2, ?3, ?4, ?5)";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	bind_text(s, 2, who != NULL ? who : "?");
	bind_text(s, 3, action);
	bind_text(s, 4, target != NULL ? target : "");
	bind_text(s, 5, detail != NULL ? detail : "");
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

store_status conn_zone(store_conn *c, const char *name, const tz_zone **out)
{
	porte_store *st = c->st;
	store_status rc = STORE_OK;
	tz_zone *z = NULL;
	char *cause = NULL;

	pthread_mutex_lock(&st->lock);
	for (int i = 0; i < st->nzones; i++) {
		if (strcmp(st->zones[i].name, name) == 0) {
			*out = st->zones[i].zone;
			goto out;
		}
	}
	if (st->nzones >= STORE_MAX_ZONES) {
		rc = conn_fail(c, STORE_ERROR, "too many time zones in use");
		goto out;
	}
	if (tz_load(name, &z, &cause) != 0) {
		rc = conn_fail(c, STORE_INVALID, "time zone %s: %s", name,
		               cause != NULL ? cause : "cannot load");
		goto out;
	}
	copy_str(st->zones[st->nzones].name, sizeof(st->zones[0].name), name);
	st->zones[st->nzones].zone = z;
	st->nzones++;
	*out = z;
out:
	pthread_mutex_unlock(&st->lock);
	free(cause);
	return rc;
}

store_status store_zone(porte_store *st, const char *name, const tz_zone **out)
{
	store_conn *c = conn_get(st);

	if (c == NULL)
		return STORE_ERROR;
	if (name == NULL || strlen(name) > STORE_TZ_MAX)
		return conn_fail(c, STORE_INVALID, "bad time zone name");
	return conn_zone(c, name, out);
}

static store_status lookup_id(store_conn *c, sqlite3_stmt *s, const char *what,
                              const char *slug, int64_t *id)
{
	store_status rc = STORE_OK;
	int step;

	bind_text(s, 1, slug);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	else if (step == SQLITE_DONE)
		rc = conn_fail(c, STORE_NOT_FOUND, "no %s '%s'", what, slug);
	else
		rc = conn_dberr(c);
	stmt_done(s);
	return rc;
}

store_status conn_site_id(store_conn *c, const char *slug, int64_t *id)
{
	static const char sql[] = "SELECT id FROM sites WHERE slug = ?1";
	sqlite3_stmt *s;

	if (slug == NULL || !store_slug_ok(slug))
		return conn_fail(c, STORE_NOT_FOUND, "no such site");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	return lookup_id(c, s, "site", slug, id);
}

store_status conn_room_id(store_conn *c, const char *slug, int64_t *id)
{
	static const char sql[] = "SELECT id FROM rooms WHERE slug = ?1";
	sqlite3_stmt *s;

	if (slug == NULL || !store_slug_ok(slug))
		return conn_fail(c, STORE_NOT_FOUND, "no such room");
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	return lookup_id(c, s, "room", slug, id);
}

static store_status load_pin_key(store_conn *c)
{
	static const char sql[] =
	        "SELECT value FROM meta WHERE name = 'pin_key'";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc = STORE_OK;

	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_bytes(s, 0) == (int)sizeof(c->st->pin_key))
		memcpy(c->st->pin_key, sqlite3_column_blob(s, 0),
		       sizeof(c->st->pin_key));
	else
		rc = conn_fail(c, STORE_ERROR, "the database has no PIN key");
	stmt_done(s);
	return rc;
}

static void set_cause(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void set_cause(char **cause, const char *fmt, ...)
{
	char buf[STORE_ERR_LEN + 64];
	va_list ap;

	if (cause == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	*cause = strdup(buf);
}

static void store_free(porte_store *st)
{
	for (int i = 0; i < st->nzones; i++)
		tz_free(st->zones[i].zone);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->write_lock);
	free(st->path);
	free(st);
}

store_status store_open(const char *path, int flags, porte_store **out,
                        char **cause)
{
	const char *fast = getenv("PORTE_FAST_HASH");
	char err[STORE_ERR_LEN];
	porte_store *st;
	store_conn *c;
	store_status rc;
	bool created;

	if (cause != NULL)
		*cause = NULL;
	if (sodium_init() < 0) {
		set_cause(cause, "libsodium cannot start");
		return STORE_ERROR;
	}
	if (path == NULL || path[0] == '\0') {
		set_cause(cause, "no database file given");
		return STORE_INVALID;
	}
	st = calloc(1, sizeof(*st));
	if (st == NULL) {
		set_cause(cause, "out of memory");
		return STORE_ERROR;
	}
	st->path = strdup(path);
	if (st->path == NULL || pthread_mutex_init(&st->lock, NULL) != 0) {
		free(st->path);
		free(st);
		set_cause(cause, "out of memory");
		return STORE_ERROR;
	}
	if (pthread_mutex_init(&st->write_lock, NULL) != 0) {
		pthread_mutex_destroy(&st->lock);
		free(st->path);
		free(st);
		set_cause(cause, "out of memory");
		return STORE_ERROR;
	}
	if (pthread_key_create(&st->key, conn_destroy) != 0) {
		store_free(st);
		set_cause(cause, "cannot create a thread key");
		return STORE_ERROR;
	}
	if (fast != NULL && strcmp(fast, "1") == 0) {
		st->opslimit = crypto_pwhash_OPSLIMIT_MIN;
		st->memlimit = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		st->opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		st->memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
	copy_str(st->base_url, sizeof(st->base_url), "http://localhost:8080");
	if (!(flags & STORE_OPEN_CREATE) && access(path, F_OK) != 0) {
		pthread_key_delete(st->key);
		store_free(st);
		set_cause(cause, "%s: no such database: run porte-admin init",
		          path);
		return STORE_NOT_FOUND;
	}

	created = access(path, F_OK) != 0;
	c = conn_open(st, (flags & STORE_OPEN_CREATE) != 0, err, sizeof(err));
	if (c == NULL) {
		pthread_key_delete(st->key);
		store_free(st);
		set_cause(cause, "%s", err);
		return STORE_ERROR;
	}
	/* A new database holds e-mails and secrets' hashes: owner only (its
	 * -wal and -shm files take the same mode). */
	if (created && chmod(path, 0600) != 0) {
		rc = conn_fail(c, STORE_ERROR, "cannot make %s private", path);
		goto fail;
	}
	/* WAL is a property of the file: set it outside any transaction. */
	if (exec_simple(c->db, "PRAGMA journal_mode = WAL;") != SQLITE_OK) {
		rc = conn_dberr(c);
		goto fail;
	}
	rc = schema_migrate(c, flags, &st->version);
	if (rc == STORE_OK)
		rc = load_pin_key(c);
	if (rc != STORE_OK)
		goto fail;
	if (pthread_setspecific(st->key, c) != 0) {
		rc = conn_fail(c, STORE_ERROR, "cannot set a thread key");
		goto fail;
	}
	st->conns = c;
	*out = st;
	return STORE_OK;
fail:
	set_cause(cause, "%s: %s", path, c->err);
	conn_free(c);
	pthread_key_delete(st->key);
	store_free(st);
	return rc;
}

void store_close(porte_store *st)
{
	if (st == NULL)
		return;
	pthread_setspecific(st->key, NULL);
	pthread_mutex_lock(&st->lock);
	while (st->conns != NULL) {
		store_conn *c = st->conns;

		conn_unlink(st, c);
		conn_free(c);
	}
	pthread_mutex_unlock(&st->lock);
	pthread_key_delete(st->key);
	sodium_memzero(st->pin_key, sizeof(st->pin_key));
	store_free(st);
}

int store_version(porte_store *st)
{
	return st->version;
}

store_status store_set_base_url(porte_store *st, const char *url)
{
	store_conn *c = conn_get(st);
	size_t len;

	if (c == NULL)
		return STORE_ERROR;
	if (url == NULL)
		return conn_fail(c, STORE_INVALID, "no base URL");
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	if (len > STORE_URL_MAX || !store_text_ok(url, STORE_URL_MAX, false) ||
	    (strncmp(url, "http://", 7) != 0 &&
	     strncmp(url, "https://", 8) != 0) ||
	    strpbrk(url, " \"<>") != NULL)
		return conn_fail(c, STORE_INVALID,
		                 "the base URL must be http(s)://... of at "
		                 "most %d bytes",
		                 STORE_URL_MAX);
	memcpy(st->base_url, url, len);
	st->base_url[len] = '\0';
	return STORE_OK;
}

void store_set_change_hook(porte_store *st, store_change_fn fn, void *arg)
{
	st->hook = fn;
	st->hook_arg = arg;
}

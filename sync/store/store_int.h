/*
 * store_int.h - what the store's files share: the store and connection
 * structs, the statement cache, transactions, and small helpers. Not for
 * use outside sync/store.
 */
#ifndef PORTE_STORE_INT_H
#define PORTE_STORE_INT_H

#include <pthread.h>
#include <stdarg.h>

#include <sodium.h>
#include <sqlite3.h>

#include "store.h"

#define STORE_MAX_ZONES 64
#define STMT_SLOTS 512    /* statement cache per connection (power of 2) */
#define STORE_HASH_LEN 32 /* BLAKE2b-256 of a token */
#define STORE_ERR_LEN 256
#define STORE_MAX_CHANGED 100000 /* rooms noted in one transaction */
#define STORE_BUSY_MS 15000      /* wait this long for the write lock */
#define STORE_MAX_ROWS 100000    /* rows any listing may return */

/* The application id of a Porte database: "Prt1". */
#define STORE_APP_ID 0x50727431

typedef struct store_conn store_conn;

typedef struct zone_entry {
	char name[STORE_TZ_MAX + 1];
	tz_zone *zone;
} zone_entry;

struct porte_store {
	char *path;
	pthread_key_t key;
	pthread_mutex_t lock; /* guards conns, zones, dummy_hash */
	/* Held by the thread in a write transaction: writers of this process
	 * queue here, in order, instead of polling SQLite's lock (the busy
	 * timeout stays as the backstop against other processes). */
	pthread_mutex_t write_lock;
	store_conn *conns;
	unsigned long long opslimit; /* argon2id costs */
	size_t memlimit;
	char base_url[STORE_URL_MAX + 1];
	store_change_fn hook;
	void *hook_arg;
	zone_entry zones[STORE_MAX_ZONES];
	int nzones;
	char dummy_hash[crypto_pwhash_STRBYTES]; /* for unknown logins */
	unsigned char pin_key[32];               /* keys the PIN lookup tags */
	int version;
};

typedef struct stmt_slot {
	const char *sql; /* the statement's text: its address is the key */
	sqlite3_stmt *stmt;
} stmt_slot;

struct store_conn {
	porte_store *st;
	sqlite3 *db;
	stmt_slot stmts[STMT_SLOTS];
	char **changed; /* rooms whose schedule changed in this transaction */
	size_t nchanged;
	size_t capchanged;
	bool in_tx;
	bool holds_write; /* this thread holds st->write_lock */
	char err[STORE_ERR_LEN];
	store_conn *next;
	store_conn *prev;
};

/* store.c */

/* The calling thread's connection to ST, opened on first use; NULL when it
 * cannot be opened. */
store_conn *conn_get(porte_store *st);

/* The cached prepared statement of SQL (a string literal: its address is
 * the cache key). NULL on failure, with C->err set. Call stmt_done after
 * use. */
sqlite3_stmt *conn_stmt(store_conn *c, const char *sql);

/* Resets S and clears its bindings; NULL is accepted. */
void stmt_done(sqlite3_stmt *s);

/* Sets C's error message and returns STATUS. */
store_status conn_fail(store_conn *c, store_status status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/* STORE_ERROR with SQLite's message. */
store_status conn_dberr(store_conn *c);

/* BEGIN IMMEDIATE (WRITE) or BEGIN (a read snapshot). */
store_status tx_begin(store_conn *c, bool write);

/* COMMIT, then the change hook for every room noted. On failure the
 * transaction is rolled back. */
store_status tx_commit(store_conn *c);

/* ROLLBACK (nothing when no transaction is open); forgets noted rooms. */
void tx_rollback(store_conn *c);

/* Ends a transaction: commits when STATUS is STORE_OK, else rolls back.
 * Returns STATUS, or the commit's error. */
store_status tx_end(store_conn *c, store_status status);

/* Bumps the change counter of room ROOM_ID and notes it for the hook. */
store_status conn_bump_room(store_conn *c, int64_t room_id);

/* Bumps every room of site SITE_ID. */
store_status conn_bump_site(store_conn *c, int64_t site_id);

/* Adds an audit entry. */
store_status conn_audit(store_conn *c, const char *who, const char *action,
                        const char *target, const char *detail, porte_time now);

/* Steps S expecting SQLITE_DONE. */
store_status stmt_exec(store_conn *c, sqlite3_stmt *s);

/* stmt_exec, then resets S (stmt_done) whatever the result. */
store_status stmt_run(store_conn *c, sqlite3_stmt *s);

/* An admin change's start (store_admin.c, store_manage.c): a connection,
 * an actor WHO that is a name (check_text), the write transaction. */
store_status admin_begin(store_conn *c, const char *who);

/* The id of the staff member with e-mail EMAIL (normalised into NORM):
 * STORE_OK, or STORE_NOT_FOUND with its reason. */
store_status staff_id_of(store_conn *c, const char *email, int64_t *id,
                         char norm[STORE_EMAIL_MAX + 1]);

/* Binds S's parameter I to text T (NULL binds NULL); static storage. */
int bind_text(sqlite3_stmt *s, int i, const char *t);

/* Column I of S as text: "" when NULL (borrowed until S moves on). */
const char *col_str(sqlite3_stmt *s, int i);

/* Copies column I of S into BUF (LEN bytes), "" when NULL. */
void col_text(sqlite3_stmt *s, int i, char *buf, size_t len);

/* Runs a script of several statements (migrations only). */
store_status conn_exec(store_conn *c, const char *sql);

/* The zone NAME from the store's cache (loaded on first use). */
store_status conn_zone(store_conn *c, const char *name, const tz_zone **out);

/* Looks up a site or room id by slug: STORE_NOT_FOUND when none. */
store_status conn_site_id(store_conn *c, const char *slug, int64_t *id);
store_status conn_room_id(store_conn *c, const char *slug, int64_t *id);

/* store_admin.c */

/* Reads a staff row of the columns st.id, st.email, st.name, st.role,
 * the site's slug ('' for all), st.disabled, st.created_at into ROW (a
 * zeroed store_staff): a row_reader. */
void staff_list_row(sqlite3_stmt *s, void *row);

/* Reads an audit row of the columns id, at, who, action, target, detail
 * into ROW (a zeroed store_audit): a row_reader. */
void audit_row(sqlite3_stmt *s, void *row);

/* store_schema.c */

/* Checks the schema version of C's database and migrates it when FLAGS
 * has STORE_OPEN_MIGRATE. The version in *VERSION. */
store_status schema_migrate(store_conn *c, int flags, int *version);

/* store_util.c */

/* A new random token (32 bytes, base64url without padding). */
void token_new(char out[STORE_TOKEN_LEN]);

/* The stored hash of a token or code. */
void token_hash(const char *token, unsigned char out[STORE_HASH_LEN]);

/* True when TOKEN looks like one of our tokens (43 base64url chars). */
bool token_plausible(const char *token);

/* A new enrolment code "ABCD-EFGH-JKMN-PQRS". */
void enrol_code_new(char out[STORE_CODE_LEN]);

/* Normalises a typed enrolment code (upper case, no dashes/spaces, I/L
 * as 1, O as 0) into OUT (17 bytes). Returns 0, or -1 when it cannot be
 * one. */
int enrol_code_norm(const char *code, char out[17]);

/* argon2id string of SECRET with the store's costs. */
store_status secret_hash(store_conn *c, const char *secret,
                         char out[crypto_pwhash_STRBYTES]);

/* True when SECRET matches argon2id string HASH. */
bool secret_verify(const char *hash, const char *secret);

/* True when S is STORE_PIN_MIN..MAX digits. */
bool pin_ok(const char *s);

/* The PIN's lookup tag (0..15) keyed with the store's PIN key. */
int pin_tag(const porte_store *st, const char *pin);

/* Checks text input NAME (for messages) against MAX and UTF-8. NULL is
 * refused when REQUIRED, else taken as "". */
store_status check_text(store_conn *c, const char *what, const char *s,
                        size_t max, bool required, bool multiline);

/* Lower-cases an e-mail address into OUT (STORE_EMAIL_MAX + 1) after
 * checking it with policy_email_valid. */
store_status norm_email(store_conn *c, const char *email,
                        char out[STORE_EMAIL_MAX + 1]);

/* Grows *ARR (of SIZE-byte items, *CAP of them) so that item N fits;
 * STORE_ERROR when N reaches MAX or memory runs out. */
store_status arr_grow(store_conn *c, void **arr, size_t size, size_t n,
                      size_t *cap, size_t max);

/* Fills ROW (zeroed, of the size the caller gave) from the current row of
 * S. */
typedef void (*row_reader)(sqlite3_stmt *s, void *row);

/* Steps S to its end: one SIZE-byte row per result row, zeroed then filled
 * by READ, at most MAX rows (arr_grow's limit: one more is STORE_ERROR).
 * Returns STORE_OK with the rows in *LIST (malloc'd, the caller frees;
 * NULL when none) and their count in *N, or the failure with nothing in
 * *LIST. Leaves S reset (stmt_done). */
store_status stmt_rows(store_conn *c, sqlite3_stmt *s, size_t size, size_t max,
                       row_reader read, void **list, size_t *n);

/* A row_reader of an int64_t: the first column (ids). */
void row_id(sqlite3_stmt *s, void *row);

/* stmt_rows for a page of at most LIMIT rows of a statement that may give
 * one more: that row is not read, it sets *MORE (never NULL; false
 * otherwise) and stops the stepping. */
store_status stmt_page(store_conn *c, sqlite3_stmt *s, size_t size,
                       size_t limit, row_reader read, void **list, size_t *n,
                       bool *more);

/* Bounded copy: always terminated; returns -1 when SRC did not fit. */
int copy_str(char *dst, size_t len, const char *src);

/* Reads an actor kind's stored name. Returns 0 or -1. */
int actor_kind_parse(const char *name, actor_kind *out);

/* store_room.c */

/* A room with everything the rules read. */
typedef struct room_ctx {
	int64_t id;
	int64_t site_id;
	char slug[STORE_SLUG_MAX + 1];
	char name[STORE_NAME_MAX + 1];
	char site[STORE_SLUG_MAX + 1];
	char site_name[STORE_NAME_MAX + 1];
	char tz_name[STORE_TZ_MAX + 1];
	char weekly[STORE_HOURS_MAX + 1];
	char domains_buf[STORE_DOMAINS_MAX + 1];
	const char *domains[STORE_MAX_DOMAINS];
	size_t ndomains;
	room_kind kind;
	int capacity;
	int64_t counter;
	porte_rules rules;
	const tz_zone *tz;    /* borrowed from the store */
	opening_hours *hours; /* owned; NULL until loaded */
	policy_room pr;       /* points into the above */
} room_ctx;

/* Loads room SLUG (or ID when SLUG is NULL) with its rules and zone, and
 * the site's hours with the exceptions of local dates FROM..TO when
 * WITH_HOURS. Free with room_ctx_clear. */
store_status room_ctx_load(store_conn *c, const char *slug, int64_t id,
                           bool with_hours, cal_date from, cal_date to,
                           room_ctx *out);

/* Frees what RC holds. */
void room_ctx_clear(room_ctx *rc);

/* The rules of a room: defaults, then SITE_ID's, then ROOM_ID's (0: none)
 * applied with rules_set. */
store_status load_rules(store_conn *c, int64_t site_id, int64_t room_id,
                        porte_rules *out);

/* Splits DOMAINS ("a.fr, b.fr") in place into RC's list. */
void split_domains(room_ctx *rc);

/* Fills *OUT from a room_ctx. */
void room_ctx_export(const room_ctx *rc, store_room *out);

/* store_booking.c */

typedef struct booking_row {
	int64_t id;
	int64_t room_id;
	booking b;
	char title[STORE_TITLE_MAX + 1];
	char email[STORE_EMAIL_MAX + 1];
	char code[STORE_CHECKIN_CODE_LEN];
	char lang[3];
	unsigned char token_hash[STORE_HASH_LEN];
	bool has_token;
	actor_kind creator;
	int64_t creator_id;
	bool walk_in;
	int code_failures;
} booking_row;

/* Reads booking ID. STORE_NOT_FOUND when none. */
store_status booking_load(store_conn *c, int64_t id, booking_row *out);

/* The interval a booking holds its room for the rules, or false when it
 * holds none (cancelled, removed, released). */
bool booking_interval(const booking *b, policy_interval *out);

/* Applies ACT to booking ID inside the caller's write transaction. KEY:
 * the outbox key to log (NULL: none). *BAD_CODE: a wrong 4-digit code the
 * caller should count once the transaction is rolled back. */
store_status booking_act_locked(store_conn *c, int64_t id, const store_act *act,
                                porte_time now, store_booking_res *res,
                                const char *key, bool *bad_code);

/* Creates a booking inside the caller's write transaction, judged at AT
 * (the action's own time, <= NOW), recorded at NOW. The booker's token
 * goes into TOKEN when not NULL (whoever created it). */
store_status booking_create_locked(store_conn *c, const store_booking_req *req,
                                   porte_time at, porte_time now,
                                   store_booking_res *res, const char *key,
                                   char *token_out);

/* store_mail.c */

typedef enum mail_kind {
	MAIL_CONFIRM = 0, /* a patron's web booking: confirm within... */
	MAIL_BOOKED,      /* made for the patron by staff */
	MAIL_REMOVED      /* removed by staff */
} mail_kind;

/* Queues the mail of KIND about booking ROW (in RC's room); TOKEN is the
 * booker's token for the links (NULL: no links). */
store_status mail_queue_booking(store_conn *c, mail_kind kind,
                                const room_ctx *rc, const booking_row *row,
                                const char *token, const char *reason,
                                porte_time now);

/* Deletes mails sent more than 30 days before NOW. */
store_status mail_purge(store_conn *c, porte_time now);

/* store_auth.c */

/* Loads the staff member ID (any state), and the id of its site (0: all)
 * in *SITE_ID. */
store_status staff_load(store_conn *c, int64_t id, store_staff *out,
                        int64_t *site_id);

/* store_staff_may on an open connection for staff S (of site STAFF_SITE,
 * 0: all), for room ROOM_ID (0: none) of kind KIND in site SITE_ID (0:
 * everywhere). *IS_REFERENT (may be NULL):
 * whether S manages ROOM_ID as a referent (or a super-admin). */
store_status staff_may_locked(store_conn *c, const store_staff *s,
                              int64_t staff_site, store_perm perm,
                              int64_t site_id, int64_t room_id, room_kind kind,
                              bool *is_referent);

/* Reads a device row of the columns d.id, d.room_id, r.slug, s.slug,
 * d.name, d.version, d.created_at, d.last_seen, d.revoked. */
void device_row(sqlite3_stmt *s, store_device *out);

#endif

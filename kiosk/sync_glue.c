/*
 * sync_glue.c - porte-kiosk over its sync client: files, enrolment, hooks,
 * updates posted to the main thread, and the door proof.
 */
#include "sync_glue.h"
#include "client_state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../sync/store/door_proof.h"
#include "client.h"

struct sync_glue {
	porte_client *client;
	const kiosk_poster *poster;
	char base_url[KIOSK_URL_LEN]; /* "" : the server's */
	unsigned char key[DOOR_PROOF_KEY_LEN];
	bool have_key;
	atomic_bool posted; /* a refresh is queued and not yet applied */
	bool have_today;    /* the last refresh had today's schedule */
	bool has_room;      /* ... and the room's details */
};

static int fail(char **cause, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static int fail(char **cause, const char *fmt, ...)
{
	va_list ap;
	char buf[SYNC_GLUE_PATH_MAX + 256];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cause != NULL)
		*cause = strdup(buf);
	return -1;
}

static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* ---- files ------------------------------------------------------------- */

/* Creates folder PATH (mode 0700) and its missing parents. */
static int make_dirs(const char *path, char **cause)
{
	char buf[SYNC_GLUE_PATH_MAX];
	size_t len = strnlen(path, sizeof(buf));

	if (len == 0 || len >= sizeof(buf))
		return fail(cause, "folder name too long");
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return fail(cause, "cannot create %s: %s", buf,
			            strerror(errno));
		if (i < len)
			buf[i] = '/';
	}
	return 0;
}

int sync_glue_default_paths(bool create, char token[SYNC_GLUE_PATH_MAX],
                            char cache[SYNC_GLUE_PATH_MAX], char **cause)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char dir[SYNC_GLUE_PATH_MAX - 16]; /* room for "/cache.db" */
	int n;

	/* The XDG rule: a relative path is ignored. */
	if (state != NULL && state[0] == '/')
		n = snprintf(dir, sizeof(dir), "%s/porte", state);
	else if (home != NULL && home[0] == '/')
		n = snprintf(dir, sizeof(dir), "%s/.local/state/porte", home);
	else
		return fail(cause, "neither XDG_STATE_HOME nor HOME is set: "
		                   "give --token-file and --cache");
	if (n < 0 || (size_t)n >= sizeof(dir))
		return fail(cause, "state folder name too long");
	snprintf(token, SYNC_GLUE_PATH_MAX, "%s/token", dir);
	snprintf(cache, SYNC_GLUE_PATH_MAX, "%s/cache.db", dir);
	if (create && make_dirs(dir, cause) != 0)
		return -1;
	return 0;
}

/* The parent folder of file PATH, made if need be (for a new file). */
static int make_parent(const char *path, char **cause)
{
	char buf[SYNC_GLUE_PATH_MAX];
	size_t len = strnlen(path, sizeof(buf));
	char *slash;

	if (len >= sizeof(buf))
		return fail(cause, "file name too long: %.64s...", path);
	memcpy(buf, path, len + 1);
	slash = strrchr(buf, '/');
	if (slash == NULL || slash == buf)
		return 0;
	*slash = '\0';
	return make_dirs(buf, cause);
}

int sync_glue_enroll(const char *server_url, const char *code,
                     const char *token_file, const char *cache_file,
                     char room[SYNC_GLUE_ROOM_MAX], char **cause)
{
	char got[WIRE_ID_MAX + 1] = "";

	_Static_assert(SYNC_GLUE_ROOM_MAX == WIRE_ID_MAX + 1, "room size");
	if (make_parent(token_file, cause) != 0 ||
	    make_parent(cache_file, cause) != 0)
		return -1;
	if (client_enroll(server_url, code, token_file, cache_file, NULL, got,
	                  cause) != 0)
		return -1;
	copy_str(room, SYNC_GLUE_ROOM_MAX, got);
	return 0;
}

/* Reads the token in TOKEN_FILE and derives the door proof key. */
static int read_key(sync_glue *g, const char *token_file, char **cause)
{
	char buf[WIRE_TOKEN_MAX + 4];
	size_t len = 0;
	ssize_t n;
	int fd, rc = -1;

	fd = open(token_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(cause, "token file %s: %s", token_file,
		            strerror(errno));
	while (len < sizeof(buf) - 1) {
		n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
	                   buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (sodium_init() < 0) {
		fail(cause, "libsodium could not start");
		goto out;
	}
	if (door_proof_key(buf, g->key) != 0) {
		fail(cause, "token file %s: not a token", token_file);
		goto out;
	}
	g->have_key = true;
	rc = 0;
out:
	sodium_memzero(buf, sizeof(buf));
	return rc;
}

/* ---- updates from the sync thread -------------------------------------- */

static void apply_refresh(kiosk_state *st, void *data, porte_time now,
                          const kiosk_hooks *hooks)
{
	sync_glue *g = data;

	(void)hooks;
	sync_glue_refresh(g, st, now);
}

/* The client's notify callback (sync thread): one refresh queued at a
 * time; the main thread takes the newest state when it applies it. */
static void on_notify(void *arg)
{
	sync_glue *g = arg;
	kiosk_update u = {apply_refresh, NULL, g};

	if (atomic_exchange(&g->posted, true))
		return;
	if (g->poster->post(g->poster->ctx, &u) != 0)
		atomic_store(&g->posted, false);
}

static void apply_verify(kiosk_state *st, void *data, porte_time now,
                         const kiosk_hooks *hooks)
{
	const client_verify_result *r = data;
	kiosk_verify_kind kind = r->kind == CLIENT_VERIFY_PIN
	                                 ? KIOSK_VERIFY_PIN
	                                 : KIOSK_VERIFY_CODE;
	kiosk_screen expect =
	        kind == KIOSK_VERIFY_PIN ? KIOSK_SCREEN_PIN : KIOSK_SCREEN_CODE;
	/* A staff reference too long to keep whole is of no use. */
	bool ok = r->status == CLIENT_VERIFY_OK &&
	          (kind == KIOSK_VERIFY_CODE ||
	           strnlen(r->staff_ref, KIOSK_STAFF_REF_LEN) <
	                   KIOSK_STAFF_REF_LEN);

	if (ok || r->status == CLIENT_VERIFY_WRONG ||
	    r->status == CLIENT_VERIFY_LOCKED) {
		kiosk_verify_result(
		        st, kind, ok, ok ? r->staff_ref : NULL,
		        r->status == CLIENT_VERIFY_LOCKED ? r->locked_until : 0,
		        now, hooks);
		return;
	}
	/* Nothing was checked: back to the door, saying why. */
	if (!st->verifying || st->screen != expect)
		return;
	kiosk_act(st, KIOSK_ACT_BACK, 0, now, hooks);
	kiosk_toast_show(st, KIOSK_TOAST_NO_SERVER, RULE_OK, now);
}

static void release_verify(void *data)
{
	client_verify_result *r = data;

	sodium_memzero(r, sizeof(*r));
	free(r);
}

/* The client's verify callback (sync thread). */
static void on_verify(void *arg, const client_verify_result *r)
{
	sync_glue *g = arg;
	client_verify_result *copy = malloc(sizeof(*copy));
	kiosk_update u = {apply_verify, release_verify, copy};

	if (copy == NULL)
		return;
	*copy = *r;
	if (g->poster->post(g->poster->ctx, &u) != 0)
		release_verify(copy);
}

/* ---- opening ----------------------------------------------------------- */

int sync_glue_open(const sync_glue_options *o, sync_glue **out, char **cause)
{
	client_options co;
	sync_glue *g;

	*out = NULL;
	if (o->token_file == NULL || o->cache_file == NULL ||
	    o->poster == NULL || o->poster->post == NULL)
		return fail(cause, "sync: a token file, a cache file and a "
		                   "poster are needed");
	if (o->base_url != NULL &&
	    strnlen(o->base_url, KIOSK_URL_LEN) >= KIOSK_URL_LEN)
		return fail(cause, "--base-url: longer than %d bytes",
		            KIOSK_URL_LEN - 1);
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return fail(cause, "out of memory");
	g->poster = o->poster;
	atomic_init(&g->posted, false);
	if (o->base_url != NULL) {
		size_t n;

		copy_str(g->base_url, sizeof(g->base_url), o->base_url);
		n = strlen(g->base_url);
		while (n > 0 && g->base_url[n - 1] == '/')
			g->base_url[--n] = '\0';
	}
	if (read_key(g, o->token_file, cause) != 0)
		goto fail;
	memset(&co, 0, sizeof(co));
	co.cache_file = o->cache_file;
	co.token_file = o->token_file;
	co.server_url = o->server_url;
	co.room = o->room;
	co.notify = on_notify;
	co.notify_arg = g;
	co.verify_done = on_verify;
	co.verify_arg = g;
	co.clock = o->clock;
	co.clock_arg = o->clock_arg;
	if (client_open(&co, &g->client, cause) != 0 ||
	    client_start(g->client, cause) != 0)
		goto fail;
	*out = g;
	return 0;
fail:
	sync_glue_close(g);
	return -1;
}

void sync_glue_hooks(sync_glue *g, kiosk_hooks *hooks)
{
	client_kiosk_hooks(g->client, hooks);
}

void sync_glue_stop(sync_glue *g)
{
	if (g != NULL && g->client != NULL)
		client_stop(g->client);
}

void sync_glue_close(sync_glue *g)
{
	if (g == NULL)
		return;
	client_close(g->client);
	sodium_memzero(g->key, sizeof(g->key));
	free(g);
}

/* ---- the state --------------------------------------------------------- */

int sync_glue_refresh(sync_glue *g, kiosk_state *st, porte_time now)
{
	client_snap s;
	int rc = 0;

	/* Cleared first: news arriving from now on post a new refresh. */
	atomic_store(&g->posted, false);
	if (client_snapshot(g->client, &s) != 0)
		return -1;
	if (client_show_refusals(&s, st, now) > 0) {
		for (size_t i = 0; i < s.nrefusals; i++)
			client_ack_refusal(g->client, s.refusals[i].id);
	}
	if (client_fill_state(&s, st) != 0)
		rc = -1;
	if (g->base_url[0] != '\0')
		copy_str(st->base_url, sizeof(st->base_url), g->base_url);
	g->have_today = s.have[0];
	g->has_room = s.has_room;
	client_snapshot_free(&s);
	sync_glue_proof(g, st, now);
	return rc;
}

/* The booking the QR code names at NOW (kiosk_qr_payload's choice), or
 * -1. */
static int qr_booking(const kiosk_state *st, porte_time now)
{
	kiosk_view v;
	kiosk_actions a;

	kiosk_view_at(st, now, &v);
	if (v.current >= 0)
		return v.current;
	if (v.next < 0 || v.status == KIOSK_CLOSED)
		return -1;
	kiosk_actions_at(st, now, &a);
	return a.checkin == v.next ? v.next : -1;
}

/* The server's id of booking reference REF ("42"), or 0. */
static int64_t server_id(const char *ref)
{
	char *end = NULL;
	long long v;

	if (ref[0] < '1' || ref[0] > '9')
		return 0;
	errno = 0;
	v = strtoll(ref, &end, 10);
	if (errno != 0 || end == ref || *end != '\0' || v <= 0)
		return 0;
	return (int64_t)v;
}

int sync_glue_proof(const sync_glue *g, kiosk_state *st, porte_time now)
{
	char proof[DOOR_PROOF_LEN] = "";
	porte_time until = 0;
	int i = qr_booking(st, now);
	int64_t id = i >= 0 ? server_id(st->bookings[i].id) : 0;

	if (g->have_key && id > 0) {
		porte_time minute = now >= 0 ? now / 60 : (now - 59) / 60;

		door_proof_make(g->key, id, now, proof);
		until = (minute + 1) * 60;
	}
	if (strcmp(st->door_proof, proof) == 0 && st->proof_until == until)
		return 0;
	_Static_assert(DOOR_PROOF_LEN <= KIOSK_PROOF_LEN, "proof size");
	copy_str(st->door_proof, sizeof(st->door_proof), proof);
	st->proof_until = until;
	return 1;
}

bool sync_glue_ready(sync_glue *g)
{
	client_status s;

	client_get_status(g->client, &s);
	if (s.unauthorized)
		return true;
	return s.polls >= 1 && g->have_today && g->has_room;
}

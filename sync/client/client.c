/*
 * client.c - the sync client's life: opening the cache, starting and
 * stopping the sync thread, and the calls the door makes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client_int.h"

porte_time client_now(const porte_client *c)
{
	if (c->clock != NULL)
		return c->clock(c->clock_arg);
	return (porte_time)time(NULL);
}

void client_notify(porte_client *c)
{
	if (c->notify != NULL)
		c->notify(c->notify_arg);
}

/* Checks URL (http:// or https://, printable, not too long) and copies it
 * without its trailing slashes into OUT. */
static int url_take(const char *url, char out[CLIENT_URL_MAX], char **cause)
{
	size_t n;

	if (url == NULL)
		return client_fail(cause, "no server URL");
	n = strlen(url);
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return client_fail(cause,
		                   "server URL '%s': expected http:// or "
		                   "https://",
		                   url);
	if (n >= CLIENT_URL_MAX - 1)
		return client_fail(cause, "server URL: too long");
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f ||
		    url[i] == '?' || url[i] == '#')
			return client_fail(cause,
			                   "server URL '%s': bad "
			                   "character",
			                   url);
	}
	while (n > 0 && url[n - 1] == '/')
		n--;
	memcpy(out, url, n);
	out[n] = '\0';
	return 0;
}

/* Makes ROOM the cache's room. Another room's schedules, rules and zone
 * go (an ETag of theirs could even match); its outbox stays, for the
 * server to judge. */
static int change_room(porte_client *c, const char *room)
{
	char old[WIRE_ID_MAX + 1];
	int got = cache_meta_get(c, "room", old, sizeof(old));

	if (got < 0)
		return -1;
	client_copy(c->room, sizeof(c->room), room);
	if (got == 1 && strcmp(old, room) == 0)
		return 0;
	if (cache_begin(c) != 0)
		return -1;
	if (cache_exec(c, "DELETE FROM schedules") != 0 ||
	    cache_exec(c, "DELETE FROM meta WHERE k IN ('room_json', 'tz',"
	                  " 'last_success')") != 0 ||
	    cache_meta_set(c, "room", room) != 0) {
		cache_rollback(c);
		return -1;
	}
	return cache_commit(c);
}

/* Room and server URL: O's, stored, or the cache's. */
static int open_identity(porte_client *c, const client_options *o, char **cause)
{
	char url[CLIENT_URL_MAX];
	int got;

	if (o->room != NULL) {
		if (!wire_id_valid(o->room))
			return client_fail(cause, "bad room id '%s'", o->room);
		if (change_room(c, o->room) != 0)
			return client_fail(cause, "%s", c->st.last_error);
	} else {
		got = cache_meta_get(c, "room", c->room, sizeof(c->room));
		if (got < 0)
			return client_fail(cause, "%s", c->st.last_error);
		if (got == 0 || !wire_id_valid(c->room))
			return client_fail(cause, "no room known: enrol the "
			                          "door first");
	}
	if (o->server_url != NULL) {
		if (url_take(o->server_url, c->server_url, cause) != 0)
			return -1;
		if (cache_meta_set(c, "server_url", c->server_url) != 0)
			return client_fail(cause, "%s", c->st.last_error);
		return 0;
	}
	got = cache_meta_get(c, "server_url", url, sizeof(url));
	if (got < 0)
		return client_fail(cause, "%s", c->st.last_error);
	if (got == 1 && url_take(url, c->server_url, NULL) != 0)
		c->server_url[0] = '\0';
	return 0;
}

/* What the cache remembers of the sync. */
static void open_state(porte_client *c)
{
	char v[32];
	wire_room room;
	int64_t t = 0;
	char *end = NULL;

	if (cache_meta_get(c, "tz", v, sizeof(v)) == 1 && wire_tz_valid(v))
		client_set_zone(c, v, NULL);
	cache_load_room(c, &room);
	if (cache_meta_get(c, "last_success", v, sizeof(v)) == 1) {
		errno = 0;
		t = strtoll(v, &end, 10);
		if (errno == 0 && end != v && *end == '\0' && t > 0) {
			c->st.last_success = t;
			c->success_saved = t;
		}
	}
	c->st.pending = outbox_count(c);
	if (c->st.pending < 0)
		c->st.pending = 0;
	c->st.last_error[0] = '\0';
}

int client_open(const client_options *o, porte_client **out, char **cause)
{
	porte_client *c;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return client_fail(cause, "out of memory");
	pthread_mutex_init(&c->lock, NULL);
	c->notify = o->notify;
	c->notify_arg = o->notify_arg;
	c->verify_done = o->verify_done;
	c->verify_arg = o->verify_arg;
	c->clock = o->clock;
	c->clock_arg = o->clock_arg;
	c->wait_s = o->wait_s > 0 ? o->wait_s : CLIENT_WAIT_DEFAULT;
	backoff_init(&c->backoff, o->seed);
	if (o->token_file != NULL) {
		c->token_file = strdup(o->token_file);
		if (c->token_file == NULL)
			goto oom;
	}
	if (o->ca_file != NULL) {
		c->ca_file = strdup(o->ca_file);
		if (c->ca_file == NULL)
			goto oom;
	}
	if (cache_open(o->cache_file, &c->db, cause) != 0 ||
	    open_identity(c, o, cause) != 0)
		goto fail;
	open_state(c);
	*out = c;
	return 0;
oom:
	client_fail(cause, "out of memory");
fail:
	client_close(c);
	return -1;
}

/* Reads the token file into C->token. */
static int read_token(porte_client *c, char **cause)
{
	char buf[WIRE_TOKEN_MAX + 4];
	ssize_t n;
	size_t len = 0;
	int fd;

	if (c->token_file == NULL)
		return client_fail(cause, "no token file");
	fd = open(c->token_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return client_fail(cause, "token file %s: %s", c->token_file,
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
	if (!client_token_valid(buf))
		return client_fail(cause, "token file %s: not a token",
		                   c->token_file);
	memcpy(c->token, buf, len + 1);
	return 0;
}

int client_start(porte_client *c, char **cause)
{
	if (c->started)
		return 0;
	if (c->server_url[0] == '\0')
		return client_fail(cause, "no server URL");
	if (read_token(c, cause) != 0)
		return -1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return client_fail(cause, "libcurl would not start");
	c->multi = curl_multi_init();
	if (c->multi == NULL) {
		curl_global_cleanup();
		return client_fail(cause, "libcurl: out of memory");
	}
	pthread_mutex_lock(&c->lock);
	c->stop = false;
	c->kick = true;
	memset(&c->verify, 0, sizeof(c->verify));
	c->st.started = true;
	pthread_mutex_unlock(&c->lock);
	if (pthread_create(&c->thread, NULL, client_sync_main, c) != 0) {
		curl_multi_cleanup(c->multi);
		c->multi = NULL;
		curl_global_cleanup();
		c->st.started = false;
		return client_fail(cause, "cannot start the sync thread");
	}
	c->started = true;
	return 0;
}

void client_stop(porte_client *c)
{
	if (c == NULL || !c->started)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = true;
	pthread_mutex_unlock(&c->lock);
	curl_multi_wakeup(c->multi);
	pthread_join(c->thread, NULL);
	curl_multi_cleanup(c->multi);
	c->multi = NULL;
	curl_global_cleanup();
	c->started = false;
	pthread_mutex_lock(&c->lock);
	c->st.started = false;
	c->st.online = false;
	pthread_mutex_unlock(&c->lock);
}

void client_close(porte_client *c)
{
	if (c == NULL)
		return;
	client_stop(c);
	sqlite3_close(c->db);
	tz_free(c->tz);
	free(c->token_file);
	free(c->ca_file);
	pthread_mutex_destroy(&c->lock);
	memset(c->token, 0, sizeof(c->token));
	free(c);
}

/* Wakes the sync thread. */
static void wake(porte_client *c)
{
	if (c->started)
		curl_multi_wakeup(c->multi);
}

int client_submit(porte_client *c, const struct kiosk_event *ev)
{
	char *cause = NULL;
	int rc;

	if (c == NULL || ev == NULL)
		return -1;
	pthread_mutex_lock(&c->lock);
	rc = outbox_submit(c, ev, &cause);
	if (rc != 0)
		client_copy(c->st.last_error, sizeof(c->st.last_error),
		            cause ? cause : "submit failed");
	else
		c->kick = true;
	pthread_mutex_unlock(&c->lock);
	free(cause);
	if (rc == 0)
		wake(c);
	return rc;
}

static bool digits_ok(const char *s, size_t min, size_t max)
{
	size_t n;

	if (s == NULL)
		return false;
	n = strnlen(s, max + 1);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

int client_verify(porte_client *c, client_verify_kind kind, const char *ref,
                  const char *digits)
{
	bool ok;
	int rc = -1;

	if (c == NULL)
		return -1;
	if (kind == CLIENT_VERIFY_CODE)
		ok = digits_ok(digits, WIRE_CHECKIN_CODE_LEN - 1,
		               WIRE_CHECKIN_CODE_LEN - 1) &&
		     ref != NULL && ref[0] != '\0' &&
		     strlen(ref) < CLIENT_REF_MAX;
	else if (kind == CLIENT_VERIFY_PIN)
		ok = digits_ok(digits, 6, CLIENT_DIGITS_MAX);
	else
		ok = false;
	if (!ok)
		return -1;
	pthread_mutex_lock(&c->lock);
	/* A PIN needs the server now; a code can go with the check-in. */
	if (c->started && !c->verify.busy &&
	    (kind == CLIENT_VERIFY_CODE || c->st.online)) {
		memset(&c->verify, 0, sizeof(c->verify));
		c->verify.kind = kind;
		client_copy(c->verify.booking, sizeof(c->verify.booking),
		            ref ? ref : "");
		client_copy(c->verify.digits, sizeof(c->verify.digits), digits);
		c->verify.queued = true;
		c->verify.busy = true;
		rc = 0;
	}
	pthread_mutex_unlock(&c->lock);
	if (rc == 0)
		wake(c);
	return rc;
}

int client_ack_refusal(porte_client *c, int64_t id)
{
	sqlite3_stmt *s;
	int rc = -1;

	if (c == NULL)
		return -1;
	pthread_mutex_lock(&c->lock);
	s = cache_prepare(c, "DELETE FROM refusals WHERE id = ?1");
	if (s != NULL) {
		sqlite3_bind_int64(s, 1, id);
		if (cache_step(c, s) == SQLITE_DONE)
			rc = sqlite3_changes(c->db) > 0 ? 0 : -1;
		sqlite3_finalize(s);
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

void client_get_status(porte_client *c, client_status *out)
{
	porte_time now;

	pthread_mutex_lock(&c->lock);
	now = client_now(c);
	*out = c->st;
	pthread_mutex_unlock(&c->lock);
	out->stale_for = out->last_success > 0 ? now - out->last_success : -1;
}

/*
 * enroll.c - trading a one-time enrolment code for the device's token,
 * and writing the token file safely (temp file, fsync, rename, fsync of
 * the folder).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client_int.h"

#define ENROLL_TIMEOUT_S 30
#define CODE_MAX 64

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Syncs the folder of PATH, so that a rename in it is durable. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

/* Writes TOKEN and a newline to PATH, mode 0600, all or nothing. */
static int write_token(const char *path, const char *token, char **cause)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	int fd = -1, rc = -1;

	if (tmp == NULL)
		return client_fail(cause, "out of memory");
	snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		client_fail(cause, "token file %s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, token, strlen(token)) != 0 ||
	    write_all(fd, "\n", 1) != 0 || fsync(fd) != 0) {
		client_fail(cause, "token file %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		client_fail(cause, "token file %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		client_fail(cause, "token file %s: %s", path, strerror(errno));
		goto out;
	}
	/* Renamed: the token is there. A folder that cannot be synced
	 * (some file systems) only leaves the rename's durability to the
	 * kernel. */
	sync_dir(path);
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Reads {"token","room","device"} into TOKEN and ROOM. */
static int enroll_reply(const char *body, size_t len,
                        char token[WIRE_TOKEN_MAX + 1],
                        char room[WIRE_ID_MAX + 1], char **cause)
{
	static const char *const fields[] = {"token", "room", "device", NULL};
	json_t *j = wire_load(body, len, WIRE_BODY_MAX, cause);
	const char *t = NULL, *r = NULL;
	int64_t device = 0;
	int rc = -1;

	if (j == NULL)
		return -1;
	if (wire_check_fields(j, fields, cause) != 0 ||
	    wire_get_string(j, "token", WIRE_REQUIRED | WIRE_NONEMPTY,
	                    WIRE_TOKEN_MAX, &t, cause) != 0 ||
	    wire_get_id(j, "room", WIRE_REQUIRED, &r, cause) != 0 ||
	    wire_get_int(j, "device", WIRE_OPTIONAL, 1, INT64_MAX, &device,
	                 cause) != 0)
		goto out;
	if (!client_token_valid(t)) {
		client_fail(cause, "field 'token': not a token");
		goto out;
	}
	client_copy(token, WIRE_TOKEN_MAX + 1, t);
	client_copy(room, WIRE_ID_MAX + 1, r);
	rc = 0;
out:
	json_decref(j);
	return rc;
}

/* POSTs the code; the answer's token and room. */
static int enroll_post(const char *url, const char *code, const char *ca_file,
                       char token[WIRE_TOKEN_MAX + 1],
                       char room[WIRE_ID_MAX + 1], char **cause)
{
	char full[CLIENT_URL_MAX + 64], msg[CLIENT_ERROR_MAX];
	client_reply r;
	json_t *body = json_pack("{s:s}", "code", code);
	char *post = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	CURL *easy = curl_easy_init();
	long http = 0;
	CURLcode cc;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	json_decref(body);
	if (post == NULL || easy == NULL) {
		client_fail(cause, "out of memory");
		goto out;
	}
	snprintf(full, sizeof(full), "%s/api/v1/devices/enroll", url);
	if (client_easy_setup(easy, full, ca_file, ENROLL_TIMEOUT_S, NULL, NULL,
	                      post, &r) != 0) {
		client_fail(cause, "out of memory");
		goto out;
	}
	cc = curl_easy_perform(easy);
	if (cc != CURLE_OK) {
		client_fail(cause, "enrolment: %s: %s", url,
		            r.errbuf[0] ? r.errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &http);
	if (http != 200 && http != 201) {
		client_error_text(http, strbuf_str(&r.body),
		                  strbuf_len(&r.body), msg, sizeof(msg));
		client_fail(cause, "enrolment refused: %s", msg);
		goto out;
	}
	rc = enroll_reply(strbuf_str(&r.body), strbuf_len(&r.body), token, room,
	                  cause);
out:
	client_reply_free(&r);
	if (easy != NULL)
		curl_easy_cleanup(easy);
	free(post);
	return rc;
}

/* Stores ROOM and URL in the cache CACHE_FILE. */
static int enroll_cache(const char *cache_file, const char *room,
                        const char *url, char **cause)
{
	client_options o;
	porte_client *c = NULL;

	memset(&o, 0, sizeof(o));
	o.cache_file = cache_file;
	o.room = room;
	o.server_url = url;
	if (client_open(&o, &c, cause) != 0)
		return -1;
	client_close(c);
	return 0;
}

int client_enroll(const char *server_url, const char *code,
                  const char *token_file, const char *cache_file,
                  const char *ca_file, char room[WIRE_ID_MAX + 1], char **cause)
{
	char url[CLIENT_URL_MAX], token[WIRE_TOKEN_MAX + 1];
	char got[WIRE_ID_MAX + 1];
	int rc = -1;

	if (server_url == NULL || code == NULL || token_file == NULL ||
	    cache_file == NULL)
		return client_fail(cause, "enrolment needs a server, a code, "
		                          "a token file and a cache file");
	if (wire_check_text("code", code, CODE_MAX, WIRE_NONEMPTY, cause) != 0)
		return -1;
	if (strlen(server_url) >= sizeof(url))
		return client_fail(cause, "server URL: too long");
	client_copy(url, sizeof(url), server_url);
	while (url[0] != '\0' && url[strlen(url) - 1] == '/')
		url[strlen(url) - 1] = '\0';
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
		return client_fail(cause,
		                   "server URL '%s': expected http:// "
		                   "or https://",
		                   server_url);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return client_fail(cause, "libcurl would not start");
	if (enroll_post(url, code, ca_file, token, got, cause) != 0)
		goto out;
	/* The cache first: a token without its room would be useless. */
	if (enroll_cache(cache_file, got, url, cause) != 0 ||
	    write_token(token_file, token, cause) != 0)
		goto out;
	if (room != NULL)
		client_copy(room, WIRE_ID_MAX + 1, got);
	rc = 0;
out:
	memset(token, 0, sizeof(token));
	curl_global_cleanup();
	return rc;
}

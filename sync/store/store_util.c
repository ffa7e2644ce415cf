/*
 * store_util.c - secrets (tokens, codes, argon2id), text checks, names,
 * growing lists and reading a statement's rows into one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

int copy_str(char *dst, size_t len, const char *src)
{
	size_t n;

	if (len == 0)
		return -1;
	n = strnlen(src, len);
	if (n == len) {
		memcpy(dst, src, len - 1);
		dst[len - 1] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

store_status arr_grow(store_conn *c, void **arr, size_t size, size_t n,
                      size_t *cap, size_t max)
{
	void *p;
	size_t want;

	if (n < *cap)
		return STORE_OK;
	if (n >= max)
		return conn_fail(c, STORE_ERROR, "too many rows (over %zu)",
		                 max);
	want = *cap ? *cap * 2 : 16;
	if (want > max)
		want = max;
	p = realloc(*arr, want * size);
	if (p == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	*arr = p;
	*cap = want;
	return STORE_OK;
}

/* Steps S into *LIST as stmt_rows does; when MORE is not NULL, a row
 * beyond MAX sets *MORE and ends the list instead of failing. */
static store_status rows_read(store_conn *c, sqlite3_stmt *s, size_t size,
                              size_t max, row_reader read, void **list,
                              size_t *n, bool *more)
{
	void *rows = NULL;
	size_t count = 0, cap = 0;
	store_status rc = STORE_OK;
	unsigned char *row;
	int step;

	*list = NULL;
	*n = 0;
	for (;;) {
		step = sqlite3_step(s);
		if (step != SQLITE_ROW)
			break;
		if (more != NULL && count == max) {
			*more = true;
			step = SQLITE_DONE;
			break;
		}
		rc = arr_grow(c, &rows, size, count, &cap, max);
		if (rc != STORE_OK)
			break;
		row = (unsigned char *)rows + count * size;
		memset(row, 0, size);
		read(s, row);
		count++;
	}
	if (rc == STORE_OK && step != SQLITE_DONE)
		rc = conn_dberr(c);
	stmt_done(s);
	if (rc != STORE_OK) {
		free(rows);
		return rc;
	}
	*list = rows;
	*n = count;
	return STORE_OK;
}

void row_id(sqlite3_stmt *s, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(s, 0);
}

store_status stmt_rows(store_conn *c, sqlite3_stmt *s, size_t size, size_t max,
                       row_reader read, void **list, size_t *n)
{
	return rows_read(c, s, size, max, read, list, n, NULL);
}

store_status stmt_page(store_conn *c, sqlite3_stmt *s, size_t size,
                       size_t limit, row_reader read, void **list, size_t *n,
                       bool *more)
{
	*more = false;
	return rows_read(c, s, size, limit, read, list, n, more);
}

void token_new(char out[STORE_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, STORE_TOKEN_LEN, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void token_hash(const char *token, unsigned char out[STORE_HASH_LEN])
{
	crypto_generichash(out, STORE_HASH_LEN, (const unsigned char *)token,
	                   strnlen(token, 256), NULL, 0);
}

bool token_plausible(const char *token)
{
	size_t i;

	if (token == NULL)
		return false;
	for (i = 0; i < STORE_TOKEN_LEN && token[i] != '\0'; i++) {
		char ch = token[i];

		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_'))
			return false;
	}
	return i == STORE_TOKEN_LEN - 1;
}

/* Crockford's base32 without I, L, O, U. */
static const char code_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void enrol_code_new(char out[STORE_CODE_LEN])
{
	unsigned char raw[10];
	size_t o = 0;

	randombytes_buf(raw, sizeof(raw));
	for (int i = 0; i < 16; i++) {
		int bit = i * 5;
		int v = ((raw[bit / 8] << 8) |
		         (bit / 8 + 1 < 10 ? raw[bit / 8 + 1] : 0)) >>
		        (11 - bit % 8);

		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = code_alphabet[v & 31];
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

int enrol_code_norm(const char *code, char out[17])
{
	size_t n = 0;

	if (code == NULL)
		return -1;
	for (size_t i = 0; code[i] != '\0'; i++) {
		char ch = code[i];

		if (i > 64)
			return -1;
		if (ch == '-' || ch == ' ')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch == 'I' || ch == 'L')
			ch = '1';
		else if (ch == 'O')
			ch = '0';
		if (strchr(code_alphabet, ch) == NULL || ch == '\0')
			return -1;
		if (n >= 16)
			return -1;
		out[n++] = ch;
	}
	if (n != 16)
		return -1;
	out[n] = '\0';
	return 0;
}

store_status secret_hash(store_conn *c, const char *secret,
                         char out[crypto_pwhash_STRBYTES])
{
	if (crypto_pwhash_str(out, secret, strlen(secret), c->st->opslimit,
	                      c->st->memlimit) != 0)
		return conn_fail(c, STORE_ERROR, "out of memory (argon2id)");
	return STORE_OK;
}

bool secret_verify(const char *hash, const char *secret)
{
	return crypto_pwhash_str_verify(hash, secret, strlen(secret)) == 0;
}

bool pin_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		if (n >= STORE_PIN_MAX || s[n] < '0' || s[n] > '9')
			return false;
	}
	return n >= STORE_PIN_MIN;
}

int pin_tag(const porte_store *st, const char *pin)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof(h), (const unsigned char *)pin,
	                   strlen(pin), st->pin_key, sizeof(st->pin_key));
	return h[0] & 0x0f;
}

/* Length of the UTF-8 sequence at S (at most LEFT bytes), or 0 when it is
 * not valid: overlong forms, surrogates and code points past U+10FFFF are
 * refused. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool store_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_seq(p + i, len - i);

		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

bool store_text_ok(const char *s, size_t max, bool multiline)
{
	size_t len;

	if (s == NULL)
		return false;
	len = strnlen(s, max + 1);
	if (len > max || !store_utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == 0x7f)
			return false;
		if (ch >= 0x20)
			continue;
		if (!multiline || (ch != '\n' && ch != '\t' && ch != '\r'))
			return false;
	}
	return true;
}

bool store_slug_ok(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n] != '\0'; n++) {
		char ch = s[n];

		if (n >= STORE_SLUG_MAX)
			return false;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			continue;
		if (ch == '-' && n > 0)
			continue;
		return false;
	}
	return n > 0;
}

store_status check_text(store_conn *c, const char *what, const char *s,
                        size_t max, bool required, bool multiline)
{
	if (s == NULL || s[0] == '\0') {
		if (required)
			return conn_fail(c, STORE_INVALID, "%s is required",
			                 what);
		return STORE_OK;
	}
	if (strnlen(s, max + 1) > max)
		return conn_fail(c, STORE_INVALID,
		                 "%s is too long (at most %zu bytes)", what,
		                 max);
	if (!store_text_ok(s, max, multiline))
		return conn_fail(c, STORE_INVALID,
		                 "%s is not valid UTF-8 text (no control "
		                 "characters)",
		                 what);
	return STORE_OK;
}

store_status norm_email(store_conn *c, const char *email,
                        char out[STORE_EMAIL_MAX + 1])
{
	size_t i;

	if (email == NULL ||
	    strnlen(email, STORE_EMAIL_MAX + 1) > STORE_EMAIL_MAX)
		return conn_fail(c, STORE_INVALID,
		                 "the e-mail address is missing or too long");
	if (!store_text_ok(email, STORE_EMAIL_MAX, false) ||
	    !policy_email_valid(email))
		return conn_fail(c, STORE_INVALID,
		                 "'%s' is not a valid e-mail address", email);
	for (i = 0; email[i] != '\0'; i++) {
		char ch = email[i];

		out[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	out[i] = '\0';
	return STORE_OK;
}

static const char *const role_names[ROLE__COUNT] = {
        [ROLE_DESK] = "desk",
        [ROLE_ROOM_ADMIN] = "room_admin",
        [ROLE_FACILITIES] = "facilities",
        [ROLE_SUPERADMIN] = "superadmin",
};

const char *store_role_name(store_role r)
{
	if ((unsigned)r >= ROLE__COUNT)
		return "unknown";
	return role_names[r];
}

int store_role_parse(const char *name, store_role *out)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < ROLE__COUNT; i++) {
		if (strcmp(name, role_names[i]) == 0) {
			*out = (store_role)i;
			return 0;
		}
	}
	return -1;
}

int actor_kind_parse(const char *name, actor_kind *out)
{
	static const actor_kind kinds[] = {ACTOR_PATRON, ACTOR_DEVICE,
	                                   ACTOR_STAFF, ACTOR_SYSTEM};

	if (name == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(name, actor_kind_name(kinds[i])) == 0) {
			*out = kinds[i];
			return 0;
		}
	}
	return -1;
}

/* Appends the initial of the word [W, W + N) to BUF: its first UTF-8
 * character, ASCII upper-cased, then ". ". */
static void mask_word(const char *w, size_t n, char *buf, size_t len,
                      size_t *used)
{
	size_t clen = utf8_seq((const unsigned char *)w, n);

	if (clen == 0 || *used + clen + 3 > len)
		return;
	if (*used > 0)
		buf[(*used)++] = ' ';
	memcpy(buf + *used, w, clen);
	if (clen == 1 && buf[*used] >= 'a' && buf[*used] <= 'z')
		buf[*used] = (char)(buf[*used] - 'a' + 'A');
	*used += clen;
	buf[(*used)++] = '.';
	buf[*used] = '\0';
}

void store_mask_email(const char *email, char *buf, size_t len)
{
	const char *first = NULL, *last = NULL;
	size_t nfirst = 0, nlast = 0, used = 0;
	const char *p = email;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (email == NULL)
		return;
	while (*p != '\0' && *p != '@' && *p != '+') {
		const char *w = p;
		size_t n;

		while (*p != '\0' && *p != '@' && *p != '+' && *p != '.' &&
		       *p != '_' && *p != '-')
			p++;
		n = (size_t)(p - w);
		if (n > 0 && !(w[0] >= '0' && w[0] <= '9')) {
			if (first == NULL) {
				first = w;
				nfirst = n;
			} else {
				last = w;
				nlast = n;
			}
		}
		if (*p == '.' || *p == '_' || *p == '-')
			p++;
	}
	if (first != NULL)
		mask_word(first, nfirst, buf, len, &used);
	if (last != NULL)
		mask_word(last, nlast, buf, len, &used);
}

store_status stmt_run(store_conn *c, sqlite3_stmt *s)
{
	store_status rc = stmt_exec(c, s);

	stmt_done(s);
	return rc;
}

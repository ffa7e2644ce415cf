/*
 * test_hostile.c - hostile server replies, as a table of files:
 *
 *   client_hostile DIR
 *
 * DIR/schedule/NAME.json are bodies of a 200 answer to GET schedule,
 * DIR/results/NAME.json of a 200 answer to POST /api/v1/events (see
 * DIR/make.py). Each is wrong in one way: the client refuses it, its cache
 * stays exactly as it was (schedule text, ETag, outbox, shown changes,
 * refusals), and nothing crashes (ASan, UBSan). A good reply is taken, so
 * that the harness itself can fail.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfx.h"

#define KEY "11111111-1111-4111-8111-111111111111"
#define MAX_FILE (8 * 1024 * 1024)

typedef struct hostile {
	cfx f;
	const char *dir;
} hostile;

static const char *data_dir;

/* The bytes of file PATH (malloc'd), their count in *LEN. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = malloc(MAX_FILE);

	assert_non_null(fp);
	assert_non_null(buf);
	*len = fread(buf, 1, MAX_FILE, fp);
	fclose(fp);
	return buf;
}

/* The cache as a comparable text: every row that matters. */
static char *fingerprint(cfx *f)
{
	static const char *const queries[] = {
	        "SELECT date || '|' || etag || '|' || json FROM schedules"
	        " ORDER BY date",
	        "SELECT key || '|' || ref || '|' || type || '|' || booking_id"
	        " FROM outbox ORDER BY seq",
	        "SELECT ref || '|' || booking_id || '|' || status || '|' ||"
	        " refused FROM shown ORDER BY id",
	        "SELECT key || '|' || code FROM refusals ORDER BY id",
	        "SELECT k || '|' || v FROM meta WHERE k <> 'last_success'"
	        " ORDER BY k",
	};
	strbuf b;
	char *out;

	strbuf_init(&b, 16 * 1024 * 1024);
	pthread_mutex_lock(&f->c->lock);
	for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		sqlite3_stmt *s = cache_prepare(f->c, queries[i]);

		assert_non_null(s);
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *row =
			        (const char *)sqlite3_column_text(s, 0);

			strbuf_adds(&b, row ? row : "(null)");
			strbuf_addc(&b, '\n');
		}
		sqlite3_finalize(s);
		strbuf_adds(&b, "--\n");
	}
	pthread_mutex_unlock(&f->c->lock);
	out = strbuf_steal(&b, NULL);
	assert_non_null(out);
	return out;
}

/* A cache with the sample schedule, a pending check-in of booking 11
 * under KEY, and its change as shown. */
static int setup(void **state)
{
	hostile *h = calloc(1, sizeof(*h));
	kiosk_event ev;

	assert_non_null(h);
	cfx_init(&h->f);
	assert_int_equal(cfx_open(&h->f, CFX_ROOM, "http://127.0.0.1:9"), 0);
	cfx_put_sample(&h->f, CFX_ETAG);
	ev = cfx_event(KIOSK_EV_CHECKIN, "11", h->f.now);
	assert_int_equal(client_submit(h->f.c, &ev), 0);
	pthread_mutex_lock(&h->f.c->lock);
	assert_int_equal(
	        cache_exec(h->f.c, "UPDATE outbox SET key = '" KEY "'"), 0);
	pthread_mutex_unlock(&h->f.c->lock);
	h->dir = data_dir;
	*state = h;
	return 0;
}

static int teardown(void **state)
{
	hostile *h = *state;

	cfx_done(&h->f);
	free(h);
	return 0;
}

static cal_date sample_date(void)
{
	cal_date d;

	assert_int_equal(cal_parse_date(CFX_DATE, &d), 0);
	return d;
}

/* Each file of DIR/SUB through TAKE: refused, nothing changed. */
static int each_file(hostile *h, const char *sub,
                     int (*take)(hostile *h, const char *body, size_t len,
                                 char **cause))
{
	char path[512];
	DIR *d;
	struct dirent *e;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s", h->dir, sub);
	d = opendir(path);
	assert_non_null(d);
	for (;;) {
		char *body, *before, *after, *cause = NULL;
		size_t len;
		int rc;

		e = readdir(d);
		if (e == NULL)
			break;
		if (strstr(e->d_name, ".json") == NULL)
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", h->dir, sub,
		         e->d_name);
		body = slurp(path, &len);
		before = fingerprint(&h->f);
		rc = take(h, body, len, &cause);
		after = fingerprint(&h->f);
		if (rc != -1)
			fail_msg("%s/%s was taken", sub, e->d_name);
		if (strcmp(before, after) != 0)
			fail_msg("%s/%s changed the cache", sub, e->d_name);
		/* The refusal says why, in a bounded, printable sentence. */
		assert_non_null(cause);
		assert_true(strlen(cause) < 1024);
		print_message("%-40s %s\n", e->d_name, cause);
		free(cause);
		free(before);
		free(after);
		free(body);
		n++;
	}
	closedir(d);
	return n;
}

static int take_schedule(hostile *h, const char *body, size_t len, char **cause)
{
	return client_take_schedule(h->f.c, sample_date(), 200, NULL, body, len,
	                            cause);
}

static int take_results(hostile *h, const char *body, size_t len, char **cause)
{
	client_batch b;

	memset(&b, 0, sizeof(b));
	b.n = 1;
	memcpy(b.keys[0], KEY, sizeof(KEY));
	return client_take_results(h->f.c, &b, body, len, cause);
}

static void test_schedules(void **state)
{
	hostile *h = *state;
	char *good, *cause = NULL;
	cal_date d = sample_date();

	assert_true(each_file(h, "schedule", take_schedule) >= 50);
	/* A bad ETag header, with a good body. */
	good = cfx_sample_text("10-2026-11-23-d");
	assert_int_equal(client_take_schedule(h->f.c, d, 200, "-", good,
	                                      strlen(good), &cause),
	                 -1);
	free(cause);
	/* The control: the good one is taken. */
	assert_int_equal(client_take_schedule(h->f.c, d, 200, NULL, good,
	                                      strlen(good), NULL),
	                 1);
	free(good);
}

static void test_results(void **state)
{
	hostile *h = *state;
	char good[256];

	assert_true(each_file(h, "results", take_results) >= 20);
	snprintf(good, sizeof(good),
	         "{\"results\":[{\"key\":\"%s\",\"status\":\"applied\"}]}",
	         KEY);
	assert_int_equal(take_results(h, good, strlen(good), NULL), 1);
	assert_int_equal(cfx_sql_int(&h->f, "SELECT count(*) FROM outbox"), 0);
}

static void test_too_big(void **state)
{
	hostile *h = *state;
	size_t len = WIRE_REPLY_MAX + 1;
	char *body = malloc(len);
	char *before = fingerprint(&h->f), *after, *cause = NULL;

	assert_non_null(body);
	memset(body, ' ', len);
	body[0] = '{';
	body[len - 1] = '}';
	assert_int_equal(take_schedule(h, body, len, &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(take_results(h, body, len, &cause), -1);
	free(cause);
	after = fingerprint(&h->f);
	assert_string_equal(before, after);
	free(before);
	free(after);
	free(body);
}

/* A thousand bookings is the most; one more is refused. */
static void test_too_many_bookings(void **state)
{
	hostile *h = *state;
	wire_schedule s;
	wire_booking b;
	json_t *j;
	char *text, *cause = NULL;

	cfx_sample(&s, "11-2026-11-23-d");
	memset(&b, 0, sizeof(b));
	while (s.nbookings < WIRE_MAX_BOOKINGS) {
		b.id = (int64_t)s.nbookings + 100;
		b.start = cfx_time("2026-11-23T07:00:00Z") +
		          (porte_time)s.nbookings * 60;
		b.end = b.start + 60;
		b.status = BOOKING_CONFIRMED;
		b.checkin_opens = b.start;
		b.release_at = b.start;
		assert_int_equal(wire_schedule_add(&s, &b), 0);
	}
	j = wire_schedule_json(&s);
	assert_non_null(j);
	json_array_append_new(json_object_get(j, "bookings"),
	                      wire_booking_json(&b));
	text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(take_schedule(h, text, strlen(text), &cause), -1);
	free(cause);
	free(text);
	/* At the limit: taken. */
	json_array_remove(json_object_get(j, "bookings"), WIRE_MAX_BOOKINGS);
	text = json_dumps(j, JSON_COMPACT);
	assert_int_equal(take_schedule(h, text, strlen(text), NULL), 1);
	free(text);
	json_decref(j);
	wire_schedule_free(&s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_schedules, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(test_results, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_too_big, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_too_many_bookings, setup,
	                                        teardown),
	};

	if (argc < 2) {
		fprintf(stderr, "usage: %s HOSTILE-DIR\n", argv[0]);
		return 2;
	}
	data_dir = argv[1];
	return cmocka_run_group_tests(tests, NULL, NULL);
}

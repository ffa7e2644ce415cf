/*
 * test_mail.c - e-mail out through a real SMTP server (aiosmtpd), the
 * received message read back by Python's own e-mail parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mail.h"

static const char *test_dir; /* where the helper scripts are */

typedef struct sink {
	pid_t pid;
	int in_fd; /* closing it stops the sink */
	int port;
	char dir[64];
	char url[64];
} sink;

static int sink_start(void **state)
{
	sink *s = calloc(1, sizeof *s);
	int to_child[2];
	int from_child[2];
	char script[512];
	char line[64] = "";
	FILE *f;

	assert_non_null(s);
	snprintf(s->dir, sizeof s->dir, "/tmp/porte-mail-XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(script, sizeof script, "%s/smtp_sink.py", test_dir);
	assert_int_equal(pipe(to_child), 0);
	assert_int_equal(pipe(from_child), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (s->pid == 0) {
		dup2(to_child[0], 0);
		dup2(from_child[1], 1);
		close(to_child[1]);
		close(from_child[0]);
		execl("/usr/bin/python3", "python3", script, s->dir,
		      (char *)NULL);
		_exit(127);
	}
	close(to_child[0]);
	close(from_child[1]);
	s->in_fd = to_child[1];
	f = fdopen(from_child[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_int_equal(sscanf(line, "PORT %d", &s->port), 1);
	snprintf(s->url, sizeof s->url, "smtp://127.0.0.1:%d", s->port);
	*state = s;
	return 0;
}

static int sink_stop(void **state)
{
	sink *s = *state;
	char cmd[128];

	close(s->in_fd);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
	free(s);
	return 0;
}

/* Waits (bounded) for the sink to have written message N. */
static int wait_for_message(const sink *s, int n, char *path, size_t len)
{
	struct stat st;

	snprintf(path, len, "%s/%d.eml", s->dir, n);
	for (int i = 0; i < 200; i++) {
		if (stat(path, &st) == 0)
			return 0;
		usleep(25 * 1000);
	}
	return -1;
}

static int count_messages(const sink *s)
{
	char path[128];
	struct stat st;
	int n = 0;

	for (;;) {
		snprintf(path, sizeof path, "%s/%d.eml", s->dir, n + 1);
		if (stat(path, &st) != 0)
			return n;
		n++;
	}
}

/* Runs check_mail.py on PATH and returns its output (caller frees). */
static char *parse_with_python(const char *path)
{
	char cmd[1024];
	char *out = calloc(1, 65536);
	size_t len = 0;
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/check_mail.py %s",
	         test_dir, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	len = fread(out, 1, 65535, p);
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static const char long_line[] =
        "Votre créneau : lundi 23 novembre 2026, de 14:00 à 16:00, salle de "
        "groupe 1 — Hypatie, 2ᵉ étage, au fond à droite après la banque "
        "d'accueil.";

static void send_and_parse_french_mail(void **state)
{
	sink *s = *state;
	char path[128];
	char body[1024];
	char *cause = NULL;
	char *parsed;
	char expect[2048];

	snprintf(body, sizeof body,
	         "Bonjour,\n\n%s\nConfirmez : "
	         "https://bu.example.fr/b/42?t=abc=def\n"
	         "Ligne finissant par un espace \n",
	         long_line);
	mail_message m = {
	        .from = "porte@bu.example.fr",
	        .from_name = "Bibliothèque Lettres",
	        .to = "jeanne.dupont@etu.univ.example.fr",
	        .subject = "Confirmez votre réservation — Salle Hypatie, "
	                   "lundi 23 novembre à 14:00",
	        .body = body,
	};
	int rc = mail_send(s->url, &m, 1795431600, 5000, &cause);
	if (rc != 0)
		fail_msg("mail_send: %s", cause);
	assert_int_equal(wait_for_message(s, 1, path, sizeof path), 0);
	parsed = parse_with_python(path);
	snprintf(expect, sizeof expect,
	         "rcpt=jeanne.dupont@etu.univ.example.fr\n"
	         "from=porte@bu.example.fr\n"
	         "name=Bibliothèque Lettres\n"
	         "subject=%s\n"
	         "type=text/plain;utf-8\n"
	         "date=yes\n"
	         "body=Bonjour,\\n\\n%s\\nConfirmez : "
	         "https://bu.example.fr/b/42?t=abc=def\\n"
	         "Ligne finissant par un espace \\n\n",
	         m.subject, long_line);
	assert_string_equal(parsed, expect);
	free(parsed);
}

static void raw_message_is_7bit_with_short_lines(void **state)
{
	(void)state;
	mail_message m = {
	        .from = "porte@bu.example.fr",
	        .to = "a@b.example",
	        .subject = "Réservation annulée",
	        .body = long_line,
	};
	char *msg = NULL;
	size_t len = 0;
	size_t col = 0;

	assert_int_equal(mail_format(&m, 0, &msg, &len, NULL), 0);
	assert_int_equal(strlen(msg), len);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];
		assert_true(c < 0x80);
		if (c == '\n') {
			assert_true(i > 0 && msg[i - 1] == '\r');
			col = 0;
		} else if (c != '\r') {
			col++;
			assert_true(col <= 78);
		}
	}
	assert_non_null(strstr(msg, "Date: Thu, 01 Jan 1970 00:00:00 +0000"));
	free(msg);
}

static void mail_server_down_fails_with_reason(void **state)
{
	(void)state;
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	char url[64];
	char *cause = NULL;

	/* A port that was free a moment ago and has no listener now. */
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	close(fd);
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", ntohs(a.sin_port));
	mail_message m = {.from = "porte@bu.example.fr",
	                  .to = "a@b.example",
	                  .subject = "x",
	                  .body = "y"};
	assert_int_equal(mail_send(url, &m, 0, 2000, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "not sent"));
	free(cause);
}

static void bad_messages_are_refused_and_not_sent(void **state)
{
	sink *s = *state;
	char *big = malloc(MAIL_MAX_BODY + 2);
	const struct {
		const char *from, *to, *subject, *body, *name;
	} bad[] = {
	        {"porte@bu.example.fr", "a@b.example", "Hi\r\nBcc: x@y.example",
	         "body", NULL},
	        {"porte@bu.example.fr", "a@b.example", "Hi\nBcc: x@y.example",
	         "body", NULL},
	        {"porte@bu.example.fr", "a@b.example", "ok", "body",
	         "Name\r\nBcc: x@y.example"},
	        {"porte@bu.example.fr", "not-an-address", "ok", "body", NULL},
	        {"porte@bu.example.fr", "a@b.example\r\nRCPT TO:<x@y.example>",
	         "ok", "body", NULL},
	        {"", "a@b.example", "ok", "body", NULL},
	        {"porte@bu.example.fr", "a@b.example", "ok", "\xff\xfe", NULL},
	        {"porte@bu.example.fr", "a@b.example", "\xc3\x28", "body",
	         NULL},
	        {"porte@bu.example.fr", "a@b.example", "ok", big, NULL},
	};
	int before = count_messages(s);

	assert_non_null(big);
	memset(big, 'a', MAIL_MAX_BODY + 1);
	big[MAIL_MAX_BODY + 1] = '\0';
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;
		mail_message m = {.from = bad[i].from,
		                  .to = bad[i].to,
		                  .subject = bad[i].subject,
		                  .body = bad[i].body,
		                  .from_name = bad[i].name};
		if (mail_send(s->url, &m, 0, 2000, &cause) != -1)
			fail_msg("bad message %zu was sent", i);
		assert_non_null(cause);
		free(cause);
	}
	free(big);
	assert_int_equal(count_messages(s), before);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(send_and_parse_french_mail),
	        cmocka_unit_test(raw_message_is_7bit_with_short_lines),
	        cmocka_unit_test(mail_server_down_fails_with_reason),
	        cmocka_unit_test(bad_messages_are_refused_and_not_sent),
	};
	int rc;

	test_dir = argc > 1 ? argv[1] : "tests/mail";
	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, sink_start, sink_stop);
	curl_global_cleanup();
	return rc;
}

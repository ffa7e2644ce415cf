/*
 * mail.h - e-mail out: an RFC 5322 message in UTF-8, sent with libcurl's
 * SMTP to the server's --smtp URL.
 *
 * The server queues mails in its database and calls mail_send from its
 * sender thread; a mail server that is down makes mail_send fail, and the
 * queue tries again later. Nothing here retries.
 */
#ifndef PORTE_MAIL_H
#define PORTE_MAIL_H

#include <stddef.h>

#include "caltime.h"

#define MAIL_MAX_BODY (64 * 1024)
#define MAIL_MAX_SUBJECT 400

typedef struct mail_message {
	const char *from;      /* bare address: "porte@bu.example.fr" */
	const char *from_name; /* display name, UTF-8, or NULL */
	const char *to;        /* bare address */
	const char *subject;   /* UTF-8, one line */
	const char *body;      /* UTF-8 text, '\n' line ends */
} mail_message;

/*
 * Formats M as a MIME message dated NOW: headers (Subject and display name
 * encoded as RFC 2047 words when not ASCII), text/plain; charset=UTF-8 in
 * quoted-printable, CRLF line ends. Returns 0 and a malloc'd message in *OUT
 * (its length in *LEN; the caller frees), or -1 with a malloc'd reason in
 * *CAUSE (caller frees; may be NULL): an address that is not plausible, a
 * header with a line break (header injection), invalid UTF-8, or a subject
 * or body over its maximum.
 */
int mail_format(const mail_message *m, porte_time now, char **out, size_t *len,
                char **cause);

/*
 * Formats M and sends it through the SMTP server at URL ("smtp://host:port"
 * or "smtps://..."), giving up after TIMEOUT_MS. Returns 0 once the server
 * accepted the message, or -1 with a malloc'd reason in *CAUSE.
 */
int mail_send(const char *url, const mail_message *m, porte_time now,
              long timeout_ms, char **cause);

#endif

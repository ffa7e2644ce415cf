/*
 * store_mail.c - the mails about a booking (French or English, as the
 * booker chose), queued in the same transaction as the booking, and the
 * queue the server's sender thread drains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define MAIL_BODY_MAX 8192
#define MAIL_SUBJECT_MAX 400
#define MAIL_LEASE 600         /* a taken mail is left alone this long */
#define MAIL_MAX_ATTEMPTS 12   /* then it is given up */
#define MAIL_MAX_BACKOFF 21600 /* 6 h */
#define MAIL_KEEP (30 * 86400) /* sent mails are purged after */

typedef struct text_buf {
	char *p;
	size_t len;
	size_t cap;
	bool overflow;
} text_buf;

static void tb_add(text_buf *tb, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void tb_add(text_buf *tb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (tb->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(tb->p + tb->len, tb->cap - tb->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= tb->cap - tb->len) {
		tb->overflow = true;
		tb->p[tb->len] = '\0';
		return;
	}
	tb->len += (size_t)n;
}

static const char *const fr_weekdays[7] = {
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
};
static const char *const en_weekdays[7] = {
        "Monday", "Tuesday",  "Wednesday", "Thursday",
        "Friday", "Saturday", "Sunday",
};
static const char *const fr_months[12] = {
        "janvier", "février", "mars",      "avril",   "mai",      "juin",
        "juillet", "août",    "septembre", "octobre", "novembre", "décembre",
};
static const char *const en_months[12] = {
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December",
};

/* "lundi 23 novembre 2026" / "Monday 23 November 2026" of instant T. */
static void fmt_day(const tz_zone *z, porte_time t, bool en, char *buf,
                    size_t len)
{
	cal_datetime l = tz_to_local(z, t);
	cal_date d = {l.year, l.month, l.day};
	int wd = cal_weekday(d);

	snprintf(buf, len, "%s %d %s %d",
	         en ? en_weekdays[wd] : fr_weekdays[wd], l.day,
	         en ? en_months[l.month - 1] : fr_months[l.month - 1], l.year);
}

/* "09:30" of instant T. */
static void fmt_hm(const tz_zone *z, porte_time t, char *buf, size_t len)
{
	cal_datetime l = tz_to_local(z, t);

	snprintf(buf, len, "%02d:%02d", l.hour, l.minute);
}

typedef struct mail_facts {
	char day[64];
	char start[8];
	char end[8];
	char deadline_day[64];
	char deadline[8];
	char confirm_url[STORE_URL_MAX + 128];
	char cancel_url[STORE_URL_MAX + 128];
	int release_after;
} mail_facts;

static void facts_fill(store_conn *c, const room_ctx *rc,
                       const booking_row *row, const char *token, bool en,
                       mail_facts *f)
{
	porte_time deadline = booking_confirm_deadline(&row->b, &rc->rules);

	memset(f, 0, sizeof(*f));
	fmt_day(rc->tz, row->b.start, en, f->day, sizeof(f->day));
	fmt_hm(rc->tz, row->b.start, f->start, sizeof(f->start));
	fmt_hm(rc->tz, row->b.end, f->end, sizeof(f->end));
	fmt_day(rc->tz, deadline, en, f->deadline_day, sizeof(f->deadline_day));
	fmt_hm(rc->tz, deadline, f->deadline, sizeof(f->deadline));
	if (token != NULL && token[0] != '\0') {
		snprintf(f->confirm_url, sizeof(f->confirm_url),
		         "%s/b/%lld?t=%s&a=confirm", c->st->base_url,
		         (long long)row->id, token);
		snprintf(f->cancel_url, sizeof(f->cancel_url),
		         "%s/b/%lld?t=%s&a=cancel", c->st->base_url,
		         (long long)row->id, token);
	}
	f->release_after = rc->rules.release_after;
}

static void compose_fr(mail_kind kind, const room_ctx *rc,
                       const booking_row *row, const mail_facts *f,
                       const char *reason, text_buf *subj, text_buf *body)
{
	switch (kind) {
	case MAIL_CONFIRM:
		tb_add(subj, "Confirmez votre réservation : %s, %s à %s",
		       rc->name, f->day, f->start);
		break;
	case MAIL_BOOKED:
		tb_add(subj, "Votre réservation : %s, %s à %s", rc->name,
		       f->day, f->start);
		break;
	case MAIL_REMOVED:
		tb_add(subj, "Réservation supprimée : %s, %s à %s", rc->name,
		       f->day, f->start);
		break;
	}
	tb_add(body, "Bonjour,\n\n");
	if (kind == MAIL_REMOVED)
		tb_add(body,
		       "Votre réservation de la salle « %s » (%s)\n"
		       "le %s de %s à %s a été supprimée par le personnel.\n",
		       rc->name, rc->site_name, f->day, f->start, f->end);
	else
		tb_add(body,
		       "Vous avez réservé la salle « %s » (%s)\n"
		       "le %s de %s à %s.\n",
		       rc->name, rc->site_name, f->day, f->start, f->end);
	if (row->title[0] != '\0')
		tb_add(body, "Objet : %s\n", row->title);
	if (kind == MAIL_REMOVED) {
		if (reason != NULL && reason[0] != '\0')
			tb_add(body, "Motif : %s\n", reason);
		tb_add(body, "\nLa salle est de nouveau disponible à la "
		             "réservation.\n");
		goto sign;
	}
	if (kind == MAIL_CONFIRM && f->confirm_url[0] != '\0')
		tb_add(body,
		       "\nConfirmez-la avant le %s à %s, sinon elle sera "
		       "annulée :\n%s\n",
		       f->deadline_day, f->deadline, f->confirm_url);
	if (f->cancel_url[0] != '\0')
		tb_add(body,
		       "\nEmpêché ? Annulez-la pour libérer la salle :\n%s\n",
		       f->cancel_url);
	tb_add(body,
	       "\nCode d'enregistrement à la porte : %s\n"
	       "Enregistrez-vous sur l'écran de la porte au plus tard %d "
	       "minutes après le début : au-delà, la réservation est annulée "
	       "et la salle de nouveau disponible.\n",
	       row->code, f->release_after);
sign:
	tb_add(body, "\n-- \n%s\n", rc->site_name);
}

static void compose_en(mail_kind kind, const room_ctx *rc,
                       const booking_row *row, const mail_facts *f,
                       const char *reason, text_buf *subj, text_buf *body)
{
	switch (kind) {
	case MAIL_CONFIRM:
		tb_add(subj, "Please confirm your booking: %s, %s at %s",
		       rc->name, f->day, f->start);
		break;
	case MAIL_BOOKED:
		tb_add(subj, "Your booking: %s, %s at %s", rc->name, f->day,
		       f->start);
		break;
	case MAIL_REMOVED:
		tb_add(subj, "Booking removed: %s, %s at %s", rc->name, f->day,
		       f->start);
		break;
	}
	tb_add(body, "Hello,\n\n");
	if (kind == MAIL_REMOVED)
		tb_add(body,
		       "Your booking of the room \"%s\" (%s)\n"
		       "on %s from %s to %s was removed by staff.\n",
		       rc->name, rc->site_name, f->day, f->start, f->end);
	else
		tb_add(body,
		       "You booked the room \"%s\" (%s)\n"
		       "on %s from %s to %s.\n",
		       rc->name, rc->site_name, f->day, f->start, f->end);
	if (row->title[0] != '\0')
		tb_add(body, "Title: %s\n", row->title);
	if (kind == MAIL_REMOVED) {
		if (reason != NULL && reason[0] != '\0')
			tb_add(body, "Reason: %s\n", reason);
		tb_add(body, "\nThe room can be booked again.\n");
		goto sign;
	}
	if (kind == MAIL_CONFIRM && f->confirm_url[0] != '\0')
		tb_add(body,
		       "\nConfirm it before %s, %s, or it will be cancelled:\n"
		       "%s\n",
		       f->deadline_day, f->deadline, f->confirm_url);
	if (f->cancel_url[0] != '\0')
		tb_add(body, "\nCannot come? Cancel it to free the room:\n%s\n",
		       f->cancel_url);
	tb_add(body,
	       "\nCheck-in code at the door: %s\n"
	       "Check in on the door's screen at the latest %d minutes after "
	       "the start: after that, the booking is cancelled and the room "
	       "can be booked again.\n",
	       row->code, f->release_after);
sign:
	tb_add(body, "\n-- \n%s\n", rc->site_name);
}

store_status mail_queue_booking(store_conn *c, mail_kind kind,
                                const room_ctx *rc, const booking_row *row,
                                const char *token, const char *reason,
                                porte_time now)
{
	static const char sql[] =
	        "INSERT INTO mail_queue(to_addr, subject, body, booking_id,"
	        " created_at, next_try_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
	char subject[MAIL_SUBJECT_MAX + 1];
	char *body = malloc(MAIL_BODY_MAX);
	text_buf subj = {subject, 0, sizeof(subject), false};
	text_buf tb = {body, 0, MAIL_BODY_MAX, false};
	bool en = strcmp(row->lang, "en") == 0;
	store_status rc_ = STORE_OK;
	sqlite3_stmt *s;
	mail_facts f;

	if (body == NULL)
		return conn_fail(c, STORE_ERROR, "out of memory");
	subject[0] = '\0';
	body[0] = '\0';
	facts_fill(c, rc, row, token, en, &f);
	if (en)
		compose_en(kind, rc, row, &f, reason, &subj, &tb);
	else
		compose_fr(kind, rc, row, &f, reason, &subj, &tb);
	if (subj.overflow || tb.overflow) {
		rc_ = conn_fail(c, STORE_ERROR, "mail too long");
		goto out;
	}
	s = conn_stmt(c, sql);
	if (s == NULL) {
		rc_ = STORE_ERROR;
		goto out;
	}
	bind_text(s, 1, row->email);
	bind_text(s, 2, subject);
	bind_text(s, 3, body);
	sqlite3_bind_int64(s, 4, row->id);
	sqlite3_bind_int64(s, 5, now);
	rc_ = stmt_exec(c, s);
	stmt_done(s);
out:
	sodium_memzero(&f, sizeof(f));
	sodium_memzero(body, MAIL_BODY_MAX);
	free(body);
	return rc_;
}

void store_mail_clear(store_mail *m)
{
	if (m == NULL)
		return;
	free(m->subject);
	free(m->body);
	m->subject = NULL;
	m->body = NULL;
}

static store_status mail_take(store_conn *c, porte_time now, store_mail *out)
{
	static const char pick_sql[] =
	        "SELECT id, to_addr, subject, body, attempts FROM mail_queue"
	        " WHERE sent_at = 0 AND failed = 0 AND next_try_at <= ?1"
	        " ORDER BY next_try_at, id LIMIT 1";
	static const char lease_sql[] =
	        "UPDATE mail_queue SET next_try_at = ?2 WHERE id = ?1";
	sqlite3_stmt *s = conn_stmt(c, pick_sql);
	store_status rc = STORE_OK;
	int step;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		col_text(s, 1, out->to, sizeof(out->to));
		out->subject = strdup(col_str(s, 2));
		out->body = strdup(col_str(s, 3));
		out->attempts = sqlite3_column_int(s, 4);
		if (out->subject == NULL || out->body == NULL)
			rc = conn_fail(c, STORE_ERROR, "out of memory");
	} else if (step == SQLITE_DONE) {
		rc = conn_fail(c, STORE_NOT_FOUND, "no mail due");
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	if (rc != STORE_OK)
		return rc;
	s = conn_stmt(c, lease_sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, out->id);
	sqlite3_bind_int64(s, 2, now + MAIL_LEASE);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

store_status store_mail_next(porte_store *st, porte_time now, store_mail *out)
{
	store_conn *c = conn_get(st);
	store_status rc;

	memset(out, 0, sizeof(*out));
	if (c == NULL)
		return STORE_ERROR;
	rc = tx_begin(c, true);
	if (rc != STORE_OK)
		return rc;
	rc = tx_end(c, mail_take(c, now, out));
	if (rc != STORE_OK)
		store_mail_clear(out);
	return rc;
}

static store_status mail_update(porte_store *st, const char *sql, int64_t id,
                                porte_time a, porte_time b, const char *text)
{
	store_conn *c = conn_get(st);
	sqlite3_stmt *s;
	store_status rc;

	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, a);
	sqlite3_bind_int64(s, 3, b);
	bind_text(s, 4, text);
	rc = stmt_exec(c, s);
	stmt_done(s);
	if (rc == STORE_OK && sqlite3_changes(c->db) == 0)
		rc = conn_fail(c, STORE_NOT_FOUND, "no mail %lld",
		               (long long)id);
	return rc;
}

store_status store_mail_sent(porte_store *st, int64_t id, porte_time now)
{
	static const char sql[] =
	        "UPDATE mail_queue SET sent_at = ?2, attempts = attempts + 1"
	        " WHERE id = ?1";

	return mail_update(st, sql, id, now, 0, NULL);
}

store_status store_mail_failed(porte_store *st, int64_t id, porte_time now,
                               const char *error)
{
	/* Tries 1, 2, 3... wait 1, 2, 4... minutes, at most 6 h. */
	static const char sql[] =
	        "UPDATE mail_queue SET attempts = attempts + 1,"
	        " last_error = substr(coalesce(?4, ''), 1, 500),"
	        " failed = (attempts + 1 >= ?3),"
	        " next_try_at = ?2 + min(60 * (1 << min(attempts, 20)), 21600)"
	        " WHERE id = ?1";

	_Static_assert(MAIL_MAX_BACKOFF == 21600, "the SQL above");
	return mail_update(st, sql, id, now, MAIL_MAX_ATTEMPTS, error);
}

store_status store_mail_counts(porte_store *st, int64_t *queued,
                               int64_t *failed)
{
	static const char sql[] =
	        "SELECT coalesce(sum(sent_at = 0 AND failed = 0), 0),"
	        " coalesce(sum(failed), 0) FROM mail_queue";
	store_conn *c = conn_get(st);
	store_status rc = STORE_OK;
	sqlite3_stmt *s;

	if (c == NULL)
		return STORE_ERROR;
	s = conn_stmt(c, sql);
	if (s == NULL)
		return STORE_ERROR;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*queued = sqlite3_column_int64(s, 0);
		*failed = sqlite3_column_int64(s, 1);
	} else {
		rc = conn_dberr(c);
	}
	stmt_done(s);
	return rc;
}

store_status mail_purge(store_conn *c, porte_time now)
{
	static const char sql[] =
	        "DELETE FROM mail_queue WHERE sent_at <> 0 AND sent_at < ?1";
	sqlite3_stmt *s = conn_stmt(c, sql);
	store_status rc;

	if (s == NULL)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, now - MAIL_KEEP);
	rc = stmt_exec(c, s);
	stmt_done(s);
	return rc;
}

/*
 * store_manage.h - what the staff pages' administration needs beyond
 * store.h's administration: a room's name, kind and capacity, a staff
 * member's name, role and site, closures over a range of dates, the
 * referents of a training room, the enrolment codes waiting, and the
 * audit log filtered and by pages.
 *
 * As in store.h: WHO names the actor in the audit log ("staff:12"), every
 * change is logged there in the same transaction, and every function
 * returns a store_status with store_errmsg's sentence on failure.
 */
#ifndef PORTE_STORE_MANAGE_H
#define PORTE_STORE_MANAGE_H

#include "store.h"

/* A closure covers at most this many days (one entry in the log). */
#define STORE_CLOSURE_MAX_DAYS 366

/*
 * Changes room SLUG: its NAME (NULL: unchanged), its KIND (NULL:
 * unchanged) and its CAPACITY (0: unchanged; only a workshop takes more
 * than 1, 1..1000). STORE_NOT_FOUND for no such room, STORE_INVALID for a
 * bad value or a kind the capacity does not fit.
 */
store_status store_room_update(porte_store *st, const char *who,
                               const char *slug, const char *name,
                               const room_kind *kind, int capacity,
                               porte_time now);

/*
 * Changes staff member EMAIL: NAME (NULL: unchanged), ROLE (NULL:
 * unchanged), SITE (NULL: unchanged; "": all sites). STORE_NOT_FOUND for
 * no such staff member or site, STORE_INVALID for a bad name.
 */
store_status store_staff_update(porte_store *st, const char *who,
                                const char *email, const char *name,
                                const store_role *role, const char *site,
                                porte_time now);

/*
 * Closes SITE on every local date FROM..TO (inclusive, at most
 * STORE_CLOSURE_MAX_DAYS), replacing the exceptions of those dates, with
 * NOTE (may be NULL) saying why: one transaction, one audit entry
 * "site.close". STORE_INVALID for bad dates, TO before FROM, a range too
 * long or a bad note.
 */
store_status store_closure_set(porte_store *st, const char *who,
                               const char *site, cal_date from, cal_date to,
                               const char *note, porte_time now);

/*
 * Removes every exception (closure or exceptional hours) of SITE from
 * FROM to TO (inclusive): the weekly hours apply again. STORE_NOT_FOUND
 * when there was none in the range.
 */
store_status store_closure_clear(porte_store *st, const char *who,
                                 const char *site, cal_date from, cal_date to,
                                 porte_time now);

/* The referents of room ROOM, by e-mail, in a malloc'd array (*OUT, the
 * caller frees; NULL when none) of *N. STORE_NOT_FOUND for no such
 * room. */
store_status store_referent_list(porte_store *st, const char *room,
                                 store_staff **out, size_t *n);

typedef struct store_enrol_pending {
	int64_t id;
	char room[STORE_SLUG_MAX + 1];
	char site[STORE_SLUG_MAX + 1];
	char created_by[STORE_NAME_MAX + 1];
	porte_time created_at;
	porte_time expires_at;
} store_enrol_pending;

/* The enrolment codes not used and not expired at NOW, of SITE's rooms
 * (NULL: all), newest first, in a malloc'd array the caller frees (the
 * codes themselves are not kept, only that they wait). */
store_status store_enrol_pending_list(porte_store *st, const char *site,
                                      porte_time now, store_enrol_pending **out,
                                      size_t *n);

typedef struct store_audit_filter {
	const char *who;    /* exactly this actor ("staff:12"); NULL: any */
	const char *action; /* this action ("site.update"), or a prefix
			       ending in '.' ("site."); NULL: any */
	porte_time from;    /* entries at or after FROM (0: no bound) */
	porte_time to;      /* entries before TO (0: no bound) */
	int64_t before;     /* entries of id below BEFORE (0: the newest) */
} store_audit_filter;

/*
 * The audit entries F selects, newest first, at most LIMIT (1..1000) in a
 * malloc'd array the caller frees; *MORE (may be NULL) says whether older
 * ones match too (the next page starts before the last id).
 */
store_status store_audit_find(porte_store *st, const store_audit_filter *f,
                              size_t limit, store_audit **out, size_t *n,
                              bool *more);

/* The distinct actors of the audit log, sorted, at most 500, in a
 * malloc'd array of *N names (STORE_NAME_MAX + 1 bytes each). */
store_status store_audit_actors(porte_store *st,
                                char (**out)[STORE_NAME_MAX + 1], size_t *n);

#endif

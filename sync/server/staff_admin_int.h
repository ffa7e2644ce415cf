/*
 * staff_admin_int.h - what the administration pages (staff_admin_*.c)
 * share: reading their forms, the notices after a change, the checks of
 * a site or room against the signed-in staff member, small words and
 * form fields. Not an interface: staff.h is the staff pages' one.
 */
#ifndef PORTE_STAFF_ADMIN_INT_H
#define PORTE_STAFF_ADMIN_INT_H

#include "staff.h"
#include "store_manage.h"

/* The routes of the administration (one file per GET page and its POST). */
extern const http_route staff_admin_sites_get;
extern const http_route staff_admin_sites_post;
extern const http_route staff_admin_site_get;
extern const http_route staff_admin_site_post;
extern const http_route staff_admin_rooms_get;
extern const http_route staff_admin_rooms_post;
extern const http_route staff_admin_room_get;
extern const http_route staff_admin_room_post;
extern const http_route staff_admin_accounts_get;
extern const http_route staff_admin_accounts_post;
extern const http_route staff_admin_devices_get;
extern const http_route staff_admin_devices_post;
extern const http_route staff_admin_audit_get;

/* A notice after a change: ?done=CODE says FR / EN. */
typedef struct adm_done {
	const char *code;
	const char *fr;
	const char *en;
} adm_done;

/* Appends the success notice of ?done= when it is one of LIST (ended by
 * a NULL code); nothing else. */
void adm_done_notice(page *p, const adm_done *list);

/*
 * As staff_post for ROLES, and first: a form the parser cannot read
 * (invalid UTF-8, bad encoding) gets a 400 page saying so. Returns 0 with
 * P ready, else -1 after replying (P needs no freeing).
 */
int adm_post(page *p, http_request *req, void *app, unsigned roles);

/* Replies 303 to PATH (no query) with ?done=DONE and the forced
 * language; frees P. Returns 0. */
int adm_redirect(page *p, const char *path, const char *done);

/*
 * Whether the signed-in staff member may do PERM on SITE (or ROOM when
 * not NULL). Returns 0; else replies (404 for no such site or room, 403
 * for one out of reach, with the store's reason), frees P and returns
 * -1.
 */
int adm_check(page *p, store_perm perm, const char *site, const char *room);

/* True when the signed-in staff member is a super-admin. */
bool adm_super(const page *p);

/* The word of a room kind in P's language (static). */
const char *adm_kind_word(const page *p, room_kind k);

/* A form field NAME, NULL when absent; "" fields stay "". */
const char *adm_field(http_request *req, const char *name);

/*
 * Appends <label class="field"><span class="label">LABEL</span><input
 * ...></label>: TYPE ("text", "date"...), NAME, VALUE (escaped, may be
 * NULL) and EXTRA attributes as markup (may be NULL).
 */
void adm_input(page *p, const char *fr, const char *en, const char *type,
               const char *name, const char *value, const char *extra);

/* Opens a POST form to the page BASE + SLUG (BASE "/staff/sites/" or
 * "/staff/rooms/"; SLUG escaped) of class CLS, with the csrf field and the
 * hidden ACTION its handler dispatches on. */
void adm_form_open(page *p, const char *base, const char *slug, const char *cls,
                   const char *action);

/* Appends a submit button of classes "btn CLS" saying FR / EN. */
void adm_button(page *p, const char *cls, const char *fr, const char *en);

/* Appends the heading of a page: H1 and a lead paragraph (FR/EN pairs;
 * LEAD may be NULL). */
void adm_head(page *p, const char *h1, const char *lead_fr,
              const char *lead_en);

/* Appends the refusal REASON_FR / REASON_EN as an error notice, then the
 * store's sentence when STORE_TOO (store_errmsg, English). */
void adm_refusal(page *p, const char *reason_fr, const char *reason_en,
                 bool store_too);

/* The HTTP status a refused store call is told with: 404, 403, 409, 422
 * (invalid input), 500. */
unsigned adm_store_status(store_status s);

/* A refused change of a site or room page: its words (FR/EN, borrowed or
 * composed in BUF_*), whether the store's reason follows, its status. */
typedef struct adm_err {
	const char *fr, *en;
	bool store_too;
	unsigned status;
	char buf_fr[160], buf_en[160]; /* room for a composed reason */
} adm_err;

/* Records the refusal STATUS, FR/EN in E. Returns -1. */
int adm_refuse(adm_err *e, unsigned status, const char *fr, const char *en);

/* Records the refusal of store call RC (adm_store_status), FR/EN then the
 * store's reason. Returns -1. */
int adm_refuse_store(adm_err *e, store_status rc, const char *fr,
                     const char *en);

/* Appends "YYYY-MM-DD HH:MM" of T in the site's zone TZ (a name). */
void adm_time(page *p, const char *tz, porte_time t);

/* Appends the store's site slug choice <select name=NAME> of every site
 * the staff member sees, SELECTED marked; ALL_FR / ALL_EN (may be NULL)
 * adds an "all sites" option of value "". */
void adm_site_select(page *p, const char *name, const char *selected,
                     const char *all_fr, const char *all_en);

#endif

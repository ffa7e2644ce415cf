/*
 * staff.h - what the staff and facilities pages (staff_*.c) share: who may
 * open which part, the signed-in check, the layout with its menu, the
 * protection of forms, and small formats.
 *
 * The staff pages are porte-server's own web pages for desk staff, room
 * administrators, facilities and super-admins (DESIGN §6): a staff member
 * signs in with e-mail and password at /staff/login and gets the session
 * cookie (APP_SESSION_COOKIE); every page then checks the caller's role
 * itself: nobody signed in is sent to the sign-in page (303), a role
 * without the right gets a 403 page. A PIN session (opened at a door)
 * never opens these pages.
 *
 * Every form that changes something carries a hidden field "csrf", a
 * keyed hash of the session's token (staff_csrf_field); staff_post checks
 * it, and the cookie is SameSite=Strict besides. The words of these pages
 * are written in both languages where they are used (staff_l), French
 * first.
 *
 * Not an interface of porte-server: pages.h is.
 */
#ifndef PORTE_STAFF_H
#define PORTE_STAFF_H

#include <stdbool.h>

#include "page_int.h"

/* ---- who may open which part (role bits of server.h) ------------------ */

/* Planning, bookings, repeating bookings: desk staff, room admins and
 * super-admins (store_staff_may then judges each room: training rooms
 * only for their referents). */
#define STAFF_CAN_PLAN                                                         \
	(APP_ROLE_DESK | APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN)
/* A site's hours, closures and messages; rooms' rules: room admins (their
 * site) and super-admins. */
#define STAFF_CAN_SITES (APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN)
#define STAFF_CAN_ROOMS (APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN)
/* Staff accounts and roles: super-admins. */
#define STAFF_CAN_ACCOUNTS (APP_ROLE_SUPERADMIN)
/* Door displays: facilities and room admins see them (their site),
 * super-admins also enrol and revoke. */
#define STAFF_CAN_DEVICES                                                      \
	(APP_ROLE_FACILITIES | APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN)
/* The audit log: super-admins. */
#define STAFF_CAN_AUDIT (APP_ROLE_SUPERADMIN)
/* Statistics: facilities, room admins (their site), super-admins. */
#define STAFF_CAN_STATS                                                        \
	(APP_ROLE_FACILITIES | APP_ROLE_ROOM_ADMIN | APP_ROLE_SUPERADMIN)

/* The parts of the menu (staff_begin's SECTION). */
typedef enum staff_section {
	STAFF_SEC_NONE = 0,
	STAFF_SEC_PLANNING, /* /staff/planning */
	STAFF_SEC_BOOKINGS, /* /staff/bookings (search, new, one booking) */
	STAFF_SEC_REPEAT,   /* /staff/repeat */
	STAFF_SEC_SITES,    /* /staff/sites */
	STAFF_SEC_ROOMS,    /* /staff/rooms */
	STAFF_SEC_ACCOUNTS, /* /staff/accounts */
	STAFF_SEC_DEVICES,  /* /staff/devices */
	STAFF_SEC_AUDIT,    /* /staff/audit */
	STAFF_SEC_STATS     /* /stats */
} staff_section;

/* Longest path of a staff page's "next" after signing in. */
#define STAFF_NEXT_MAX 256

/* ---- the signed-in check ----------------------------------------------- */

/*
 * Starts page P for REQ (page_init) when the caller is signed in on the
 * web (a password session) with one of the role bits ROLES. Returns 0
 * with P ready; else replies itself and returns -1 (P needs no freeing):
 * 303 to /staff/login?next=PATH for nobody signed in, a 403 page for a
 * role without the right, 503 when the database is unavailable; the
 * handler then just returns 0.
 */
int staff_open(page *p, http_request *req, void *app, unsigned roles);

/*
 * As staff_open for a form's POST: also checks the form's "csrf" field
 * against the session (staff_csrf_field). A missing or wrong one gets a
 * 403 page ("the form has expired"), and -1.
 */
int staff_post(page *p, http_request *req, void *app, unsigned roles);

/* The signed-in staff member of P (after staff_open). Borrowed. */
const store_staff *staff_me(const page *p);

/* True when the signed-in staff member has one of the role bits ROLES. */
bool staff_has(const page *p, unsigned roles);

/* The audit log's name of the signed-in staff member, "staff:ID", into
 * BUF (at least 32 bytes). Returns BUF. */
const char *staff_who(const page *p, char *buf, size_t len);

/* ---- the layout -------------------------------------------------------- */

/* FR or EN as P's language says (both static, or borrowed by the caller). */
const char *staff_l(const page *p, const char *fr, const char *en);

/* Appends FR or EN, escaped. */
void staff_t(page *p, const char *fr, const char *en);

/*
 * Opens a staff page: <head> with TITLE (escaped), the top bar with the
 * staff member's name and the sign-out button, the menu with the parts
 * the role may open (SECTION marked current), then <main>. SELF is this
 * page's path and query without lang (not escaped), for the language
 * switch.
 */
void staff_begin(page *p, const char *title, staff_section section,
                 const char *self);

/* Closes <main> and the document. */
void staff_end(page *p);

/*
 * Replies STATUS with a staff page titled HEAD (FR/EN pair, then TEXT's
 * pair): used for refusals and errors met inside the staff pages. Frees
 * P. Returns 0, or -1.
 */
int staff_fail(page *p, unsigned status, const char *head_fr,
               const char *head_en, const char *text_fr, const char *text_en);

/* Replies the failure S of a store call as staff_fail (404, 403, 400,
 * 409, 500 ...) with store_errmsg as the text. Frees P. */
int staff_store_fail(page *p, store_status s);

/* Appends a notice box: OK true for a success (green), else a refusal
 * (red, role="alert"). TEXT is escaped. */
void staff_notice(page *p, bool ok, const char *text);

/* Appends the hidden csrf field of the signed-in session (inside a
 * <form method="post">). */
void staff_csrf_field(page *p);

/* ---- small helpers ----------------------------------------------------- */

/* Appends S percent-encoded for a URL's query value (safe in attributes
 * too). */
void staff_url_esc(page *p, const char *s);

/* Appends the local "YYYY-MM-DD HH:MM" of T in zone Z (escaped markup);
 * "—" for T 0. */
void staff_time(page *p, const tz_zone *z, porte_time t);

/* Appends the local "HH:MM" of T in zone Z. */
void staff_hhmm(page *p, const tz_zone *z, porte_time t);

/*
 * The status of a booking in words for staff (static, P's language):
 * "Pending", "Confirmed", "Checked in", "Ended", "Released", "Cancelled",
 * "Removed"; and its CSS class ("st-pending", "st-confirmed"...).
 */
/* The word of role R for staff (static, P's language): "Accueil",
 * "Gestion des salles", "Services généraux", "Super-admin". */
const char *staff_role_word(const page *p, store_role r);

/* Appends the sentence of refusal RULE (page_rule_text) with the values of
 * the rules RR (escaped). */
void staff_rule_text(page *p, const porte_rules *rr, rule_code rule);

const char *staff_status_word(const page *p, booking_status s);
const char *staff_status_class(booking_status s);

/* The CSS of the staff pages, appended to the one stylesheet
 * (page_css.c): the common part (staff_css.c) and each group's own
 * (staff_plan_css.c, staff_booking_css.c, staff_repeat_css.c, staff_admin_css.c,
 * staff_stats_css.c). */
extern const char staff_css_common[];
extern const char staff_css_plan[];
extern const char staff_css_booking[];
extern const char staff_css_repeat[];
extern const char staff_css_admin[];
extern const char staff_css_stats[];

/* The staff pages' routes, by group, each NULL-ended and defined in the
 * group's table file: sign-in and home (staff_table.c), planning and
 * (staff_plan_table.c), bookings: search, one booking, a new one
 * (staff_booking_table.c), repeating bookings
 * (staff_repeat_table.c), administration (staff_admin_table.c),
 * statistics (staff_stats_table.c). The server's route table (routes.c)
 * appends every group after the public pages. */
extern const http_route *const staff_routes[];
extern const http_route *const staff_plan_routes[];
extern const http_route *const staff_booking_routes[];
extern const http_route *const staff_repeat_routes[];
extern const http_route *const staff_admin_routes[];
extern const http_route *const staff_stats_routes[];

#endif

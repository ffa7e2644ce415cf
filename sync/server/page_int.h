/*
 * page_int.h - what the page files (page_*.c) share: the page being
 * built (language, clock, output buffer), the layout around every page,
 * styled error pages, and the formats of dates, times and durations.
 *
 * Not an interface of porte-server: pages.h is. (SQLite's btreeInt.h.)
 */
#ifndef PORTE_PAGE_INT_H
#define PORTE_PAGE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"
#include "page_i18n.h"
#include "server.h"
#include "strbuf.h"

/* Largest page built, bytes. A room's day with hundreds of bookings fits
 * well below it. */
#define PAGE_MAX ((size_t)1024 * 1024)
/* Longest URL this code builds (path and query). */
#define PAGE_URL_MAX 512

/* The route entries, one per page file (pages_table.c lists them). */
extern const http_route page_css_route;
extern const http_route page_rooms_route;
extern const http_route page_room_route;
extern const http_route page_room_book_route;
extern const http_route page_booking_route;
extern const http_route page_booking_act_route;
extern const http_route page_ics_route;

/* ---- the stylesheet (page_css.c) -------------------------------------- */

/* Length of page_css_etag's text, terminator included. */
#define PAGE_CSS_ETAG_LEN 17

/* Writes the stylesheet's version (16 hex digits of a hash of its text)
 * into BUF: its ETag, and the ?v= of the pages' <link>. */
void page_css_etag(char buf[PAGE_CSS_ETAG_LEN]);

/* ---- the page being built (page_util.c) -------------------------------- */

typedef struct page {
	http_request *req;
	porte_app *app;
	const char *lang; /* "fr" or "en" (static) */
	bool lang_forced; /* ?lang= was given: links keep it */
	porte_time now;
	strbuf out;
} page;

/*
 * Starts page P for REQ: the language (?lang=fr|en, else Accept-Language
 * through http_lang), the time (app_now), an empty buffer of PAGE_MAX.
 * Free with page_free (page_send frees too).
 */
void page_init(page *p, http_request *req, void *app);

/* Frees P's buffer. */
void page_free(page *p);

/* The text of message M in P's language (static). */
const char *page_tr(const page *p, page_msg m);

/* Appends S as is (markup). */
void page_add(page *p, const char *s);

/* Appends printf-style markup. */
void page_addf(page *p, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Appends S escaped for HTML text and attributes. */
void page_esc(page *p, const char *s);

/* Appends message M escaped. */
void page_msg_add(page *p, page_msg m);

/* Appends message M with its {name} placeholders replaced by VARS
 * (escaped, like the text). See page_fill. */
void page_msg_fill(page *p, page_msg m, const page_var *vars, size_t nvars);

/*
 * Appends the query suffix that keeps a forced language: "&lang=en"
 * (FIRST false) or "?lang=en" (FIRST true), already escaped for an
 * attribute; nothing when the language was not forced.
 */
void page_lang_query(page *p, bool first);

/*
 * Opens the document: <head> with TITLE (escaped), the stylesheet, the
 * top bar with SITE (the site's name, may be NULL) and the language
 * switch, which links to SELF (this page's path and query without lang,
 * not escaped yet) with the other language. NOINDEX: ask robots not to
 * index (a booker's page). Then <main>.
 */
void page_begin(page *p, const char *title, const char *site, const char *self,
                bool noindex);

/* Closes <main> and the document with the footer. */
void page_end(page *p);

/*
 * Replies STATUS with P's page (or 500 when it failed to build), with
 * Content-Language and Vary: Accept-Language, and frees P. Returns 0, or
 * -1 when nothing could be sent.
 */
int page_send(page *p, unsigned status);

/*
 * Replies STATUS with a whole page saying HEAD (a title) and TEXT, in the
 * language of REQ, and a link to the rooms. No detail of the request is
 * shown. Returns 0, or -1.
 */
int page_error(http_request *req, void *app, unsigned status, page_msg head,
               page_msg text);

/* Replies the failure S of a store call as page_error (404, 403, 400,
 * 500...): STORE_REFUSED and STORE_OK are not expected here (500). */
int page_store_error(http_request *req, void *app, store_status s);

/* ---- small helpers ------------------------------------------------------ */

/* Parses S as a decimal id 1..2^53 ("12"; no sign, no leading zero, no
 * spaces). Returns 0, or -1. */
int page_parse_id(const char *s, int64_t *out);

/* True when S is 1..MAX bytes of base64url ([A-Za-z0-9_-]). */
bool page_token_ok(const char *s, size_t max);

/* True when S looks like a door proof: 8 characters of Crockford's
 * base32 (either case). Whether it is valid is the store's to say. */
bool page_proof_ok(const char *s);

/* The zone of the store named NAME (borrowed), or NULL. */
const tz_zone *page_zone(page *p, const char *name);

/* ---- a room's day (page_room.c), shared with its form (page_room_book.c) */

typedef struct page_room_form {
	const char *start; /* the start chosen (RFC 3339), or NULL */
	int minutes;       /* the length chosen; 0: a default */
	const char *title; /* as typed, or NULL */
	const char *email; /* as typed, or NULL */
	rule_code rule;    /* a rule's refusal, or RULE_OK */
	page_msg error;    /* another error when HAS_ERROR */
	bool has_error;
	bool booked; /* a booking was just made: say what comes next */
} page_room_form;

/*
 * Replies STATUS with the page of room SLUG on local date DATE
 * ("YYYY-MM-DD"; NULL: today in the room's zone), its booking form filled
 * as F says (F may be NULL), and frees P. An unknown room gets 404, a bad
 * date 400. Returns 0, or -1.
 */
int page_room_reply(page *p, const char *slug, const char *date,
                    const page_room_form *f, unsigned status);

/* ---- a booking's page (page_booking.c), shared with its actions
 * (page_booking_act.c) */

typedef enum page_done {
	PAGE_DONE_NONE = 0,
	PAGE_DONE_CONFIRM,
	PAGE_DONE_CANCEL,
	PAGE_DONE_CHECKIN
} page_done;

typedef struct page_booking_view {
	int64_t id;
	const char *token; /* the booker's token (the booker's view), or NULL */
	const char *door;  /* the door's proof (a check-in form), or NULL */
	const char *hint;  /* the mail's ?a=confirm or ?a=cancel, or NULL */
	page_done done;    /* an action just done */
	rule_code rule;    /* an action refused by a rule, or RULE_OK */
	page_msg error;    /* another failure when HAS_ERROR */
	bool has_error;
} page_booking_view;

/*
 * Replies STATUS with booking V->id's page as V says, and frees P: with a
 * token, the booker's view (403 for a token that is not the booking's);
 * else with a door proof, the door's view (no booker identity, a check-in
 * form for the 4-digit code); else 403. Unknown booking: 404. Returns 0,
 * or -1.
 */
int page_booking_reply(page *p, const page_booking_view *v, unsigned status);

#endif

/*
 * staff_booking.h - what the staff pages' bookings share (the search,
 * one booking and its actions, a new booking): the rooms a staff member
 * may book for, local times read strictly, the rules' sentences, the
 * booking that holds a slot.
 *
 * Not an interface of porte-server: pages.h is.
 */
#ifndef PORTE_STAFF_BOOKING_H
#define PORTE_STAFF_BOOKING_H

#include "staff.h"
#include "store_search.h"

/* The longest reason typed on these pages (cancel, remove, override). */
#define BK_REASON_MAX 200

/* The routes (one file each pair). */
extern const http_route staff_booking_search_route;
extern const http_route staff_booking_one_route;
extern const http_route staff_booking_act_route;
extern const http_route staff_booking_new_route;
extern const http_route staff_booking_create_route;

/*
 * The rooms whose bookings the signed-in staff member of P may manage
 * (their site's, or every site's; training rooms only for referents), by
 * site then id, in a malloc'd array *OUT of *N the caller frees.
 */
store_status bk_rooms(page *p, store_room **out, size_t *n);

/* The room SLUG among ROOMS, or NULL. */
const store_room *bk_room_find(const store_room *rooms, size_t n,
                               const char *slug);

/* Appends the <option>s of ROOMS, SELECTED marked; with ANY first an
 * empty option saying "every room". */
void bk_room_options(page *p, const store_room *rooms, size_t n,
                     const char *selected, bool any);

/* Why a local time cannot be read (bk_local). */
typedef enum bk_time_err {
	BK_TIME_OK = 0,
	BK_TIME_BAD,  /* not a date or not HH:MM */
	BK_TIME_GAP,  /* skipped by the clocks (02:30 on a spring day) */
	BK_TIME_TWICE /* happens twice (an autumn night) */
} bk_time_err;

/* The instant of local DATE ("YYYY-MM-DD") at HHMM ("HH:MM", 24:00 is
 * the next midnight) in zone Z, into *OUT. */
bk_time_err bk_local(const tz_zone *z, const char *date, const char *hhmm,
                     porte_time *out);

/* Appends the sentence of BK_TIME_ERR E about WHAT ("début"/"start"). */
void bk_time_text(page *p, bk_time_err e, const char *what_fr,
                  const char *what_en);

/* Appends the sentence of refusal RULE with the room's values, then its
 * code in parentheses. */
void bk_rule_text(page *p, const porte_rules *rules, rule_code rule);

/* The status of a page for a refusal by RULE: 409 for the room taken or
 * the booking's state, 422 for the rest. */
unsigned bk_rule_status(rule_code rule);

/* Appends a state badge. */
void bk_badge(page *p, booking_status s);

/* Appends a short line about booking C (holding the slot): its time,
 * booker and a link to it. */
void bk_clash_line(page *p, const store_search_row *c, const tz_zone *z);

/* Appends the booker's e-mail, or a dash / "walk-in" for none. */
void bk_booker(page *p, const char *email, bool walk_in);

/*
 * True when REQ's body is a form that could not be read (invalid UTF-8,
 * bad encoding): http_form then gives nothing, not even the csrf field.
 * bk_unreadable_reply answers it with a 400 page (the role checked
 * first), and 0.
 */
bool bk_form_unreadable(http_request *req);
int bk_unreadable_reply(http_request *req, void *app);

/* S, or "" for NULL. */
const char *bk_opt(const char *s);

#endif

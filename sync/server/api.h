/*
 * api.h - what the API's route files (api_*.c) share, and their table
 * entries. Not for the pages: see server.h for what they share.
 *
 * The helpers that read a request reply themselves when the request is
 * bad (400, 401, 404, 422) and return -1; the handler then returns -1 at
 * once (no second reply goes out).
 */
#ifndef PORTE_SERVER_API_H
#define PORTE_SERVER_API_H

#include <jansson.h>

#include "server.h"
#include "stats.h"
#include "tz.h"
#include "wire.h"

/* ---- the routes (one file each) --------------------------------------- */

extern const http_route api_rooms_route;       /* api_rooms.c */
extern const http_route api_schedule_route;    /* api_schedule.c */
extern const http_route api_bookings_route;    /* api_bookings.c */
extern const http_route api_booking_route;     /* api_booking.c */
extern const http_route api_confirm_route;     /* api_confirm.c */
extern const http_route api_checkin_route;     /* api_checkin.c */
extern const http_route api_cancel_route;      /* api_cancel.c */
extern const http_route api_end_route;         /* api_end.c */
extern const http_route api_extend_route;      /* api_extend.c */
extern const http_route api_remove_route;      /* api_remove.c */
extern const http_route api_sessions_route;    /* api_sessions.c */
extern const http_route api_session_end_route; /* api_session_end.c */
extern const http_route api_enroll_route;      /* api_enroll.c */
extern const http_route api_events_route;      /* api_events.c */
extern const http_route api_stats_route;       /* api_stats.c */
extern const http_route api_stats_csv_route;   /* api_stats_csv.c */

/* ---- reading requests -------------------------------------------------- */

/*
 * The body as a JSON object whose fields are all in ALLOWED (NULL-ended):
 * an empty body reads as {} when EMPTY_OK. Returns 0 with a new reference
 * in *OUT (the caller decrefs), or -1 after replying 400 (malformed JSON,
 * not an object, invalid UTF-8, an unknown field, named).
 */
int api_body(http_request *req, const char *const *allowed, bool empty_ok,
             json_t **out);

/* Replies 400 with the malloc'd CAUSE (freed). Returns -1. */
int api_bad(http_request *req, char *cause);

/* The {id} path parameter as a booking id (1..2^53). Returns 0, or -1
 * after replying 404. */
int api_booking_id(http_request *req, int64_t *id);

/* Replies 401 when the caller gave a credential that is no device's and
 * no session's (routes that take no booking token), 503 when the database
 * failed to check it. Returns 0, or -1 after replying. */
int api_no_bad_token(http_request *req);

/*
 * Reads FIELD of OBJ as an instant: an RFC 3339 time, or a wall time of
 * zone TZ written "YYYY-MM-DDTHH:MM" (":SS" allowed, no offset). Absent
 * (or null): 0 with *OUT untouched unless FLAGS has WIRE_REQUIRED.
 * Returns 0, or -1 after replying 400 (not a time; a date that does not
 * exist) or 422 invalid_time (a wall time the zone skips or has twice;
 * an RFC 3339 time whose written wall time falls in the zone's spring gap
 * with one of the zone's own offsets, e.g. 02:30+01:00 in Paris on the
 * last Sunday of March).
 */
int api_get_instant(http_request *req, const json_t *obj, const char *field,
                    unsigned flags, const tz_zone *tz, porte_time *out);

/* Reads FIELD of OBJ as text of at most MAX bytes (no control
 * characters; NEWLINES: '\n' allowed). Absent: 0, *OUT untouched.
 * Returns 0, or -1 after replying 400. */
int api_get_text(http_request *req, const json_t *obj, const char *field,
                 unsigned flags, size_t max, const char **out);

/* ---- writing replies --------------------------------------------------- */

/* Copies SRC into DST (SIZE bytes, at least 1), cut before a UTF-8
 * character that would not fit whole; always terminated. */
void api_copy_text(char *dst, size_t size, const char *src);

/* Sets KEY of OBJ to instant T as RFC 3339 (nothing when T is 0). */
void api_set_time(json_t *obj, const char *key, porte_time t);

/* A booking as the door or a booker sees it (wire_booking), from INFO;
 * the booker's name masked from the e-mail when MASKED. */
void api_wire_booking(wire_booking *out, const store_booking_info *info,
                      bool masked);

/*
 * Replies 200 (or STATUS) with {"id","status","start","end"} of RES and,
 * for a known room, "room". Returns http_reply_json's value.
 */
int api_reply_result(http_request *req, unsigned status,
                     const store_booking_res *res, const char *room);

/* ---- shared by the booking actions ------------------------------------ */

/*
 * POST /api/v1/bookings/{id}/ACTION: the caller (staff, the device, the
 * booker's token, or for a check-in the 4-digit code with a door proof)
 * does KIND to the booking. Replies and returns as a handler.
 */
int api_act(http_request *req, porte_app *app, booking_action_kind kind);

/* ---- shared by the statistics ----------------------------------------- */

typedef struct api_stats {
	stats *s;          /* finished */
	store_room *rooms; /* for labels */
	size_t nrooms;
	porte_time from, to;
	char zone[STORE_TZ_MAX + 1];
} api_stats;

/*
 * Reads ?from=&to=&room=&site= (dates, inclusive, in the zone of the
 * scope; or RFC 3339 instants, TO exclusive; default: the last 30 days),
 * checks the caller's STORE_PERM_STATS on the scope, and computes the
 * figures into *OUT (free with api_stats_free). Returns 0, or -1 after
 * replying.
 */
int api_stats_compute(http_request *req, porte_app *app, api_stats *out);

/* Frees what OUT holds. */
void api_stats_free(api_stats *out);

/* The room label for wire_stats_json / wire_stats_csv (ARG: api_stats). */
const char *api_stats_label(int64_t room_id, void *arg);

#endif

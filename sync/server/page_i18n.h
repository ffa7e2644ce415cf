/*
 * page_i18n.h - the words of the pages in French and English.
 *
 * A table keyed by message id, one row per message with both languages:
 * the server is multithreaded, so nothing switches a locale per request.
 * Messages may hold {name} placeholders, filled by page_fill with values
 * the caller gives (escaped like the text).
 */
#ifndef PORTE_PAGE_I18N_H
#define PORTE_PAGE_I18N_H

#include <stdbool.h>
#include <stddef.h>

#include "booking.h"
#include "rules.h"

struct strbuf;

typedef enum page_msg {
	/* layout */
	PM_BRAND_TAGLINE,
	PM_LANG_OTHER_NAME, /* "English" on a French page */
	PM_LANG_OTHER_CODE, /* "en" on a French page */
	PM_FOOT_ROOMS,
	PM_FOOT_NOTE,
	PM_SKIP,
	/* errors */
	PM_ERR_NOT_FOUND,
	PM_ERR_NOT_FOUND_TEXT,
	PM_ERR_ROOM_TEXT,
	PM_ERR_BOOKING_TEXT,
	PM_ERR_LINK,
	PM_ERR_LINK_TEXT,
	PM_ERR_DOOR_TEXT,
	PM_ERR_BAD_REQUEST,
	PM_ERR_BAD_REQUEST_TEXT,
	PM_ERR_DATE_TEXT,
	PM_ERR_INTERNAL,
	PM_ERR_INTERNAL_TEXT,
	PM_ERR_FORBIDDEN,
	PM_ERR_FORBIDDEN_TEXT,
	PM_ERR_BUSY,
	PM_ERR_BUSY_TEXT,
	/* the rooms */
	PM_ROOMS_TITLE,
	PM_ROOMS_INTRO,
	PM_ROOMS_NONE,
	PM_KIND_GROUP,
	PM_KIND_MEETING,
	PM_KIND_TRAINING,
	PM_KIND_WORKSHOP,
	PM_PLACES,   /* {n} places */
	PM_ONE_SEAT, /* 1 booker at a time */
	/* a room's day */
	PM_TODAY,
	PM_PREV_DAY,
	PM_NEXT_DAY,
	PM_GO_TO_DATE,
	PM_SHOW,
	PM_DATE_LABEL,
	PM_OPEN_HOURS,   /* Open {hours} */
	PM_CLOSED_DAY,   /* Closed on this day */
	PM_EXCEPTIONAL,  /* Exceptional hours */
	PM_DAY_TITLE,    /* The day */
	PM_FREE,         /* Free */
	PM_FREE_PLACES,  /* Free, {n} places left */
	PM_TAKEN,        /* {n} of {cap} places taken */
	PM_BOOK_THIS,    /* Book */
	PM_NO_BOOKINGS,  /* Nothing booked on this day. */
	PM_NOW,          /* now */
	PM_PUB_PENDING,  /* awaiting confirmation */
	PM_PUB_BOOKED,   /* booked */
	PM_PUB_IN_USE,   /* in use */
	PM_PUB_ENDED,    /* ended */
	PM_PUB_RELEASED, /* released */
	PM_UNTITLED,     /* Booked */
	PM_WALK_IN,      /* Booked at the door */
	PM_FORM_TITLE,
	PM_FORM_START,
	PM_FORM_DURATION,
	PM_FORM_SUBJECT,
	PM_FORM_SUBJECT_HINT,
	PM_FORM_EMAIL,
	PM_FORM_EMAIL_HINT,
	PM_FORM_DOMAINS, /* Addresses ending in {domains} only. */
	PM_FORM_SUBMIT,
	PM_FORM_CONFIRM_NOTE, /* You will get an e-mail... {within} */
	PM_FORM_NO_FREE,
	PM_FORM_PAST,
	PM_FORM_TOO_FAR, /* Bookings open {days} days ahead. */
	PM_INTERNAL_ROOM,
	PM_INTERNAL_ROOM_TEXT,
	PM_BOOKED_HEAD,
	PM_BOOKED_TEXT, /* check your e-mail {within} */
	PM_REFUSED_HEAD,
	PM_RULE_NAMED, /* rule: {rule} */
	PM_FORM_BAD_EMAIL,
	PM_FORM_BAD_TITLE,
	PM_FORM_BAD_START,
	PM_FORM_BAD_DURATION,
	PM_CALENDAR_LINK,
	PM_CALENDAR_HINT,
	PM_ALL_ROOMS,
	PM_MESSAGE,
	/* a booking */
	PM_BOOKING_TITLE,
	PM_FACT_DATE,
	PM_FACT_TIME,
	PM_FACT_SUBJECT,
	PM_FACT_PLACE,
	PM_ST_PENDING,
	PM_ST_CONFIRMED,
	PM_ST_CHECKED_IN,
	PM_ST_ENDED,
	PM_ST_RELEASED,
	PM_ST_CANCELLED,
	PM_ST_REMOVED,
	PM_EX_PENDING,       /* confirm before {day} at {time} */
	PM_EX_PENDING_TODAY, /* confirm before {time} today */
	PM_EX_CONFIRMED,     /* check in from {opens} to {deadline} */
	PM_EX_CHECKED_IN,    /* checked in at {time} */
	PM_EX_ENDED,
	PM_EX_RELEASED,
	PM_EX_CANCELLED,
	PM_EX_REMOVED,
	PM_CONFIRM_PROMPT,
	PM_CONFIRM_BUTTON,
	PM_CANCEL_SUMMARY,
	PM_CANCEL_TEXT,
	PM_CANCEL_BUTTON,
	PM_CODE_LABEL,
	PM_CODE_HINT, /* type it at the door if it asks, {opens}-{deadline} */
	PM_CHECKIN_BUTTON,
	PM_SCAN_HINT, /* at the door: scan its QR code to check in */
	PM_CHECKIN_HEAD,
	PM_CHECKIN_OPENS, /* Check-in opens at {time}. */
	PM_DONE_CONFIRM,
	PM_DONE_CANCEL,
	PM_DONE_CHECKIN,
	PM_VIEW_ROOM,
	PM_DOOR_HEAD,
	PM_DOOR_TEXT,
	PM_DOOR_CODE_LABEL,
	PM_DOOR_CODE_HINT,
	PM_DOOR_PENDING,
	PM_DOOR_CLOSED, /* nothing to do here any more */
	PM_ACT_REFUSED,
	PM_ACT_BAD_CODE,
	PM_ACT_CODE_FORMAT,
	PM_ACT_PROOF_EXPIRED,
	PM_ACT_AT_DOOR,
	PM_ACT_TOO_MANY,
	/* the calendar feed */
	PM_ICS_BOOKED,
	PM__COUNT
} page_msg;

/* The text of M in LANG ("en"; anything else is French). Static. */
const char *page_t(const char *lang, page_msg m);

/* True when every message has both languages (for the tests). */
bool page_i18n_complete(void);

/* "lundi".."dimanche" / "Monday".."Sunday" of WD (0 = Monday); "" when out
 * of range. */
const char *page_weekday(const char *lang, int wd);

/* "janvier".. / "January".. of MONTH (1..12); "" when out of range. */
const char *page_month(const char *lang, int month);

/* The booker's word for status S ("Confirmée", "Confirmed"). */
const char *page_status_word(const char *lang, booking_status s);

/* The sentence that says why rule CODE refused, with placeholders among
 * {grid} {min} {max} {daily} {monthly} {ahead} {domains} {before}
 * {after} (see page_rule_vars). */
const char *page_rule_text(const char *lang, rule_code code);

/* A placeholder's name and value (borrowed). */
typedef struct page_var {
	const char *name;
	const char *value;
} page_var;

/*
 * Appends TMPL to OUT with each {name} replaced by the value of that name
 * in VARS (N of them). With ESCAPE, the text and the values are escaped
 * for HTML; without, they go as they are. A {name} not in VARS is written
 * as it stands. Returns 0, or -1 when OUT failed.
 */
int page_fill(struct strbuf *out, const char *tmpl, const page_var *vars,
              size_t n, bool escape);

#endif

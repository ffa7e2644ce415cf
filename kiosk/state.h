/*
 * state.h - everything the door display knows, and what follows from it.
 *
 * A kiosk_state holds the room (names, kind, rules, zone, opening hours),
 * the bookings of today and tomorrow, the site's messages, the sync status,
 * the clock, and the UI's own state (screen, keypad entry, toast, staff
 * session). Screens draw from it; input changes it through kiosk_act.
 *
 * Who fills it: today a JSON fixture (fixture.h); later the sync client,
 * on the main thread only, with the kiosk_state_set_* / put / clear
 * functions below, then a redraw. Every field is plain data except the
 * zone and the opening hours, which the state owns.
 *
 * Everything derived (room status, current and next bookings, free gaps,
 * enabled actions, next instant the screen changes) is a pure function of
 * the state and NOW.
 */
#ifndef PORTE_KIOSK_STATE_H
#define PORTE_KIOSK_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "booking.h"
#include "caltime.h"
#include "hours.h"
#include "rules.h"
#include "tz.h"

#define KIOSK_ID_LEN 40       /* booking and room ids */
#define KIOSK_NAME_LEN 96     /* room and site names */
#define KIOSK_TITLE_LEN 96    /* a booking's note */
#define KIOSK_BOOKER_LEN 16   /* masked booker, "J. D." */
#define KIOSK_MESSAGE_LEN 240 /* a site message */
#define KIOSK_URL_LEN 256     /* base URL */
#define KIOSK_PROOF_LEN 48    /* door proof */
#define KIOSK_MAX_BOOKINGS 64 /* today and tomorrow */
#define KIOSK_MAX_MESSAGES 4
#define KIOSK_MAX_SPANS (2 * HOURS_MAX_SPANS) /* today and tomorrow */
#define KIOSK_CODE_LEN 4                      /* check-in code digits */
#define KIOSK_PIN_MIN 6                       /* staff PIN digits */
#define KIOSK_PIN_MAX 12
#define KIOSK_STAFF_REF_LEN 64 /* a staff session's reference */
#define KIOSK_QR_LEN (KIOSK_URL_LEN + KIOSK_ID_LEN + KIOSK_PROOF_LEN + 16)

/* Seconds: staff mode and keypads leave after this long without input. */
#define KIOSK_IDLE_TIMEOUT 30
/* Seconds a result toast stays up. */
#define KIOSK_TOAST_TIME 5
/* Seconds without a successful sync before the door says its news may be
 * old: "as of 10:42" beside Free, "offline since 10:42" under the QR. */
#define KIOSK_STALE_AFTER 300
/* Wrong PINs before the local lock-out, and its first length (doubles). */
#define KIOSK_PIN_TRIES 5
#define KIOSK_LOCK_FIRST 30
#define KIOSK_LOCK_MAX 1800

typedef enum kiosk_lang { KIOSK_LANG_EN = 0, KIOSK_LANG_FR } kiosk_lang;

typedef struct kiosk_booking {
	char id[KIOSK_ID_LEN];
	booking b; /* status, created_at, start, end, checked_in_at,
		      closed_at (core/booking.h) */
	char title[KIOSK_TITLE_LEN];
	char booker[KIOSK_BOOKER_LEN]; /* always masked ("J. D.") */
	bool waiting_sync;             /* changed here, not yet acknowledged */
} kiosk_booking;

typedef enum kiosk_msg_level {
	KIOSK_MSG_INFO = 0,
	KIOSK_MSG_WARNING
} kiosk_msg_level;

typedef struct kiosk_message {
	char text[KIOSK_MESSAGE_LEN];
	kiosk_msg_level level;
	porte_time from;  /* shown from here; 0: at once */
	porte_time until; /* and before here; 0: until removed */
} kiosk_message;

typedef struct kiosk_sync {
	bool configured;         /* a server is set; false in fixture mode */
	bool online;             /* the last request reached the server */
	porte_time last_success; /* 0: never */
	int pending;             /* outbox events not yet acknowledged */
} kiosk_sync;

typedef enum kiosk_screen {
	KIOSK_SCREEN_DOOR = 0,
	KIOSK_SCREEN_CODE,    /* check-in code keypad */
	KIOSK_SCREEN_PIN,     /* staff PIN keypad */
	KIOSK_SCREEN_STAFF,   /* staff menu */
	KIOSK_SCREEN_CONFIRM, /* a question before an action */
	KIOSK_SCREEN__COUNT
} kiosk_screen;

/* What a touch target does. ARG of the target says which digit or
 * booking (an index into kiosk_state.bookings). */
typedef enum kiosk_action_id {
	KIOSK_ACT_NONE = 0,
	KIOSK_ACT_CHECKIN,  /* arg: booking */
	KIOSK_ACT_BOOK_NOW, /* asks to confirm */
	KIOSK_ACT_END,      /* arg: booking; asks to confirm */
	KIOSK_ACT_EXTEND,   /* arg: booking */
	KIOSK_ACT_STAFF,    /* opens the PIN keypad */
	KIOSK_ACT_DIGIT,    /* arg: 0..9 */
	KIOSK_ACT_BACKSPACE,
	KIOSK_ACT_ENTER,
	KIOSK_ACT_BACK,          /* leaves a keypad, dialog or menu */
	KIOSK_ACT_YES,           /* confirms the dialog */
	KIOSK_ACT_STAFF_RELEASE, /* arg: booking; asks to confirm */
	KIOSK_ACT_STAFF_CANCEL,  /* arg: booking; asks to confirm */
	KIOSK_ACT_STAFF_ADD,     /* asks to confirm */
	KIOSK_ACT_STAFF_EXTEND,  /* arg: booking */
	KIOSK_ACT_STAFF_END,     /* arg: booking; asks to confirm */
	KIOSK_ACT_STAFF_LEAVE,
	KIOSK_ACT_DISMISS, /* the toast */
	KIOSK_ACT__COUNT
} kiosk_action_id;

typedef enum kiosk_toast_kind {
	KIOSK_TOAST_NONE = 0,
	KIOSK_TOAST_CHECKED_IN,
	KIOSK_TOAST_WAITING_SYNC, /* done here, the server does not know yet */
	KIOSK_TOAST_SLOT_REBOOKED,
	KIOSK_TOAST_BOOKED,
	KIOSK_TOAST_ENDED,
	KIOSK_TOAST_EXTENDED,
	KIOSK_TOAST_RELEASED,
	KIOSK_TOAST_CANCELLED,
	KIOSK_TOAST_WRONG_CODE,
	KIOSK_TOAST_WRONG_PIN,
	KIOSK_TOAST_LOCKED,
	KIOSK_TOAST_NO_SERVER,   /* staff sign-in needs the server */
	KIOSK_TOAST_SAVE_FAILED, /* the outbox refused: nothing was done */
	KIOSK_TOAST_REFUSED,     /* a rule refused it: see rule */
	KIOSK_TOAST__COUNT
} kiosk_toast_kind;

typedef enum kiosk_tone {
	KIOSK_TONE_SUCCESS = 0,
	KIOSK_TONE_INFO,
	KIOSK_TONE_WARNING,
	KIOSK_TONE_ERROR
} kiosk_tone;

typedef struct kiosk_toast {
	kiosk_toast_kind kind;
	rule_code rule;   /* KIOSK_TOAST_REFUSED */
	bool offline;     /* done here; the server does not know yet */
	porte_time when;  /* EXTENDED: the new end; LOCKED: the lock's end */
	porte_time until; /* gone at this instant */
} kiosk_toast;

/* An action the door display took, for the sync client's outbox. */
typedef enum kiosk_event_type {
	KIOSK_EV_CHECKIN = 0,
	KIOSK_EV_WALK_IN,
	KIOSK_EV_END,
	KIOSK_EV_EXTEND,
	KIOSK_EV_STAFF_REMOVE,
	KIOSK_EV_STAFF_CANCEL,
	KIOSK_EV_STAFF_ADD,
	KIOSK_EV__COUNT
} kiosk_event_type;

typedef struct kiosk_event {
	kiosk_event_type type;
	char booking[KIOSK_ID_LEN]; /* the booking; for walk-ins and staff
				       additions the local id given here */
	porte_time at;
	porte_time start, end; /* WALK_IN, STAFF_ADD; EXTEND: end is new */
	const char *reason;    /* STAFF_REMOVE: a static reason */
	char staff[KIOSK_STAFF_REF_LEN]; /* empty, or the staff session's
					    reference (never the PIN) */
} kiosk_event;

typedef enum kiosk_verify_kind {
	KIOSK_VERIFY_CODE = 0, /* a booking's 4-digit check-in code */
	KIOSK_VERIFY_PIN       /* a staff PIN */
} kiosk_verify_kind;

/*
 * What the door display needs from the outside (the sync client, or main
 * in fixture mode). Every hook may be NULL.
 *  submit: store EV durably in the outbox (called before the screen shows
 *    the action as done); returns 0, or -1 when it could not be stored
 *    (the action is then undone and a toast says so).
 *  verify: start checking DIGITS (a code for booking BOOKING, or a staff
 *    PIN); the answer comes later through kiosk_verify_result, on the main
 *    thread. Returns 0 when started, -1 when it cannot be checked now.
 */
typedef struct kiosk_hooks {
	void *ctx;
	int (*submit)(void *ctx, const kiosk_event *ev);
	int (*verify)(void *ctx, kiosk_verify_kind kind, const char *booking,
	              const char *digits);
} kiosk_hooks;

typedef struct kiosk_state {
	/* The room, from the schedule. */
	char room_id[KIOSK_ID_LEN];
	char room_name[KIOSK_NAME_LEN];
	char site_name[KIOSK_NAME_LEN];
	room_kind kind;
	porte_rules rules;
	tz_zone *tz;          /* owned: kiosk_state_set_zone */
	opening_hours *hours; /* owned; days set by kiosk_state_set_hours */
	char base_url[KIOSK_URL_LEN];     /* "https://rooms.example.org" */
	char door_proof[KIOSK_PROOF_LEN]; /* short-lived, for booking QRs */
	porte_time proof_until;           /* the proof's expiry; 0: none */

	kiosk_booking bookings[KIOSK_MAX_BOOKINGS]; /* sorted by start */
	int nbookings;
	kiosk_message messages[KIOSK_MAX_MESSAGES];
	int nmessages;
	kiosk_sync sync;
	kiosk_lang lang;
	porte_time now; /* the clock of the last update */

	/* The UI's own state. */
	kiosk_screen screen;
	kiosk_action_id confirm; /* KIOSK_SCREEN_CONFIRM: the action asked */
	int confirm_arg;
	char entry[KIOSK_PIN_MAX + 1]; /* digits typed on the keypad */
	int entry_booking;             /* CODE: the booking; else -1 */
	bool verifying;                /* a verify hook is running */
	bool staff;                    /* a staff session is open */
	char staff_ref[KIOSK_STAFF_REF_LEN];
	kiosk_screen confirm_from; /* where the dialog returns */
	porte_time last_input;     /* for the idle timeout */
	int pin_failures;          /* wrong PINs in a row */
	porte_time locked_until;
	kiosk_toast toast;
	kiosk_action_id pressed; /* the target under a finger, for feedback */
	int pressed_arg;
	unsigned local_seq; /* numbers local ids of walk-ins */
} kiosk_state;

/*
 * Sets *ST to an empty room (defaults rules, group kind, no hours, English,
 * door screen). Returns 0, or -1 when out of memory (*ST is then safe to
 * pass to kiosk_state_free).
 */
int kiosk_state_init(kiosk_state *st);

/* Frees what *ST owns. Safe on a zeroed or half-initialised state. */
void kiosk_state_free(kiosk_state *st);

/*
 * Loads zone NAME and makes it the site's zone. Returns 0, or -1 with a
 * malloc'd reason in *CAUSE (the caller frees; may be NULL); the old zone
 * stays on failure.
 */
int kiosk_state_set_zone(kiosk_state *st, const char *name, char **cause);

/* Sets the opening hours of local date D (count 0: closed). Returns 0 or
 * -1 for bad input. */
int kiosk_state_set_hours(kiosk_state *st, cal_date d, const hours_day *day);

/* Removes every booking (before a fresh schedule is put). */
void kiosk_state_clear_bookings(kiosk_state *st);

/*
 * Adds or replaces (same id) booking B, keeping the list sorted by start.
 * The booker is masked again here ("Jeanne Dupont" -> "J. D."), whatever
 * the source sent. Returns its index, or -1 when the list is full or B has
 * no id or end <= start. Indexes of other bookings may change.
 */
int kiosk_state_put_booking(kiosk_state *st, const kiosk_booking *b);

/* The index of the booking with id ID, or -1. */
int kiosk_state_find(const kiosk_state *st, const char *id);

/* Adds a site message. Returns 0, or -1 when full. */
int kiosk_state_add_message(kiosk_state *st, const kiosk_message *m);

/* Removes every message. */
void kiosk_state_clear_messages(kiosk_state *st);

/*
 * Writes the masked form of NAME into OUT (LEN bytes): the initial of each
 * word followed by ". " ("Jeanne Dupont" -> "J. D.", "anne-marie" -> "A.").
 * Already masked names stay as they are. Always terminates OUT.
 */
void kiosk_mask_name(const char *name, char *out, size_t len);

/* ---- Derived values: pure functions of the state and NOW. ---- */

typedef enum kiosk_status {
	KIOSK_FREE = 0, /* nobody holds the room */
	KIOSK_BOOKED,   /* booked now, waiting for its check-in */
	KIOSK_OCCUPIED, /* checked in */
	KIOSK_CLOSED,   /* outside opening hours */
	KIOSK_STATUS__COUNT
} kiosk_status;

typedef struct kiosk_view {
	kiosk_status status;
	/* FREE: the next booking's start or the closing, whichever first;
	 * BOOKED: the release deadline; OCCUPIED: the booking's end;
	 * CLOSED: the next opening (0: not today nor tomorrow). */
	porte_time until;
	bool all_day;      /* FREE: the room is free the whole open day, and
			      nobody has used it today */
	bool pending;      /* BOOKED: the booking still awaits its e-mail
			  confirmation (no check-in yet) */
	int current;       /* the booking holding the room now, or -1 */
	int next;          /* the first booking starting after now, or -1 */
	porte_time closes; /* end of the open span around NOW, or 0 */
} kiosk_view;

/* The room at NOW. A confirmed booking past its release deadline counts
 * as released even before the server says so. */
void kiosk_view_at(const kiosk_state *st, porte_time now, kiosk_view *out);

/* True when booking I holds the room at some point from NOW on, as the
 * door shows it (pending, confirmed before its deadline, checked in). */
bool kiosk_booking_live(const kiosk_state *st, int i, porte_time now);

/* What the door offers at NOW; each field is a booking index or -1. */
typedef struct kiosk_actions {
	int checkin;   /* the booking whose check-in window is open */
	bool book_now; /* walk-in allowed: see walk_start/walk_end */
	porte_time walk_start, walk_end;
	int end;    /* the checked-in booking that can end now */
	int extend; /* the booking that can grow by one grid step */
	porte_time extend_to;
} kiosk_actions;

/* The actions enabled at NOW, by the rules of core/ (booking_checkin_open,
 * policy_walk_in, policy_check). */
void kiosk_actions_at(const kiosk_state *st, porte_time now,
                      kiosk_actions *out);

/* What the staff menu offers at NOW; booking indexes or -1. */
typedef struct kiosk_staff_actions {
	int release; /* the booking under way, not checked in: remove it */
	int checkin; /* check in on the patron's behalf */
	int end;     /* end the checked-in booking */
	int extend;  /* extend it by one grid step (to extend_to) */
	porte_time extend_to;
	int cancel; /* the next booking: cancel it */
	bool add;   /* add a booking now, add_start..add_end */
	porte_time add_start, add_end;
} kiosk_staff_actions;

/* The staff actions enabled at NOW (staff are not bound by walk_in nor by
 * the room kind, but by every other rule). */
void kiosk_staff_actions_at(const kiosk_state *st, porte_time now,
                            kiosk_staff_actions *out);

typedef struct kiosk_gap {
	porte_time start, end;
} kiosk_gap;

/* The free gaps of the open spans of local date D from NOW on (the whole
 * day when NOW is before it): open time held by no live booking. Writes
 * up to MAX into OUT and returns how many. */
int kiosk_free_gaps(const kiosk_state *st, cal_date d, porte_time now,
                    kiosk_gap *out, int max);

/* The open spans of local date D as instants; returns how many (up to
 * MAX). */
int kiosk_open_spans(const kiosk_state *st, cal_date d, porte_time *starts,
                     porte_time *ends, int max);

/* The first instant after NOW at which the screen must change by time
 * alone: the next minute (clock), the next second while a countdown is
 * shown, a booking boundary, an opening or closing, a toast or idle
 * timeout, a message, the lock-out's end, sync going stale. */
porte_time kiosk_next_change(const kiosk_state *st, porte_time now);

/* True when the door should say its news may be old at NOW: a server is
 * configured and there has been no successful sync for KIOSK_STALE_AFTER
 * seconds (or ever). A failed sync alone is not stale yet. */
bool kiosk_sync_stale(const kiosk_state *st, porte_time now);

/* True when message I is shown at NOW. */
bool kiosk_message_shown(const kiosk_state *st, int i, porte_time now);

/*
 * The QR payload at NOW into BUF (KIOSK_QR_LEN bytes): the current or next
 * booking's page BASE_URL/b/ID?door=PROOF while a door proof is valid,
 * else the room's page BASE_URL/r/ROOM. Returns 1 for a booking link, 0 for
 * the room's page, -1 when there is no base URL (no QR).
 */
int kiosk_qr_payload(const kiosk_state *st, porte_time now, char *buf,
                     size_t len);

/* The tone of a toast kind (success, info, warning, error). */
kiosk_tone kiosk_toast_tone(kiosk_toast_kind kind);

/* ---- Input and results: the only functions that change the UI. ---- */

/*
 * Applies a tap on a target (ACT, ARG) at NOW: moves between screens,
 * types digits, or takes an action through HOOKS (may be NULL). Returns 1
 * when the screen must be redrawn, 0 when nothing changed.
 */
int kiosk_act(kiosk_state *st, kiosk_action_id act, int arg, porte_time now,
              const kiosk_hooks *hooks);

/*
 * Advances the clock to NOW: expires toasts, leaves staff mode and keypads
 * after KIOSK_IDLE_TIMEOUT idle, lifts an elapsed lock-out. Returns 1 when
 * something changed.
 */
int kiosk_tick(kiosk_state *st, porte_time now);

/*
 * The answer to a verify hook. For a code: OK checks the booking in
 * (through HOOKS->submit); for a PIN: OK opens the staff menu with
 * STAFF_REF (may be NULL), a refusal counts towards the lock-out;
 * LOCKED_UNTIL (0 if none) is the server's own lock-out. Returns 1.
 */
int kiosk_verify_result(kiosk_state *st, kiosk_verify_kind kind, bool ok,
                        const char *staff_ref, porte_time locked_until,
                        porte_time now, const kiosk_hooks *hooks);

/*
 * The server's answer to an event sent from the outbox for booking ID:
 * RULE_OK clears its waiting flag; a refusal shows a toast
 * (slot_rebooked: "This slot was booked again") and the booking takes
 * the status the server gives (STATUS; ignored when RULE_OK). Returns 1.
 */
int kiosk_event_result(kiosk_state *st, const char *id, rule_code rule,
                       booking_status status, porte_time now);

/* Marks target (ACT, ARG) as pressed (KIOSK_ACT_NONE: released), for the
 * press feedback. Returns 1 when that changed. */
int kiosk_press(kiosk_state *st, kiosk_action_id act, int arg);

/* Stable names for logs and fixtures: "door", "checkin", "slot_rebooked"...
 * Static strings; "?" when out of range. The _parse functions return the
 * value named NAME, or -1. */
const char *kiosk_screen_name(kiosk_screen s);
const char *kiosk_action_name(kiosk_action_id a);
const char *kiosk_toast_name(kiosk_toast_kind k);
int kiosk_screen_parse(const char *name);
int kiosk_action_parse(const char *name);
int kiosk_toast_parse(const char *name);

/* Shows toast KIND until NOW + KIOSK_TOAST_TIME (offline flag cleared,
 * when 0). */
void kiosk_toast_show(kiosk_state *st, kiosk_toast_kind kind, rule_code rule,
                      porte_time now);

#endif

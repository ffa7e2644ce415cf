/*
 * fixture.h - a kiosk state from a JSON file, until the sync client fills
 * it from the server. Used by --state and by the tests.
 *
 * {
 *   "now": "2026-11-23T13:05:00Z",         default clock (optional)
 *   "lang": "fr",                          optional
 *   "room": {"id", "name", "site", "kind": "group|meeting|training|
 *            workshop", "zone": "Europe/Paris",
 *            "rules": {"granularity": "30", "checkin_code": "on", ...}},
 *   "base_url": "https://rooms.example.org",
 *   "door_proof": {"code": "K7Q2M9", "until": RFC3339},
 *   "week": "mon-fri 08:00-20:00, sat 09:00-13:00",
 *   "hours": {"2026-11-23": "08:00-12:00 13:30-18:00", ...},
 *   "bookings": [{"id", "start", "end", "status", "title", "booker",
 *                 "created_at", "checked_in_at", "closed_at",
 *                 "waiting_sync": bool, "code": "4821"}],
 *   "messages": [{"text", "level": "info|warning", "from", "until"}],
 *   "sync": {"configured", "online", "last_success", "pending"},
 *   "staff_pin": "246810",                 for the demo verify hook
 *   "ui": {"screen": "door|code|pin|staff|confirm", "entry": "12",
 *          "booking": "ID", "confirm": "book_now|end|staff_release|
 *          staff_cancel|staff_add|staff_end", "staff": bool,
 *          "toast": {"kind": "checked_in|slot_rebooked|...",
 *                    "offline": bool, "at": RFC3339, "rule": "overlap"},
 *          "pin_failures": 2, "locked_until": RFC3339,
 *          "pressed": "checkin", "pressed_arg": 2}
 * }
 */
#ifndef PORTE_KIOSK_FIXTURE_H
#define PORTE_KIOSK_FIXTURE_H

#include <stddef.h>

#include "state.h"

#define FIXTURE_MAX_BYTES (1024 * 1024)

/* Secrets a fixture may carry for the demo verify hook (the real ones stay
 * on the server). */
typedef struct fixture_secrets {
	char codes[KIOSK_MAX_BOOKINGS][KIOSK_ID_LEN + 10];
	int ncodes; /* "ID:1234" entries */
	char staff_pin[KIOSK_PIN_MAX + 1];
} fixture_secrets;

/*
 * Fills *ST (already initialised with kiosk_state_init) from the JSON text
 * DATA of LEN bytes. *NOW gets the fixture's "now" when it has one (else
 * untouched); SEC (may be NULL) gets its codes. Returns 0, or -1 with a
 * malloc'd reason in *CAUSE (caller frees; may be NULL); *ST may then be
 * partly filled.
 */
int fixture_parse(const char *data, size_t len, kiosk_state *st,
                  fixture_secrets *sec, porte_time *now, char **cause);

/* fixture_parse on the contents of file PATH (at most FIXTURE_MAX_BYTES). */
int fixture_load(const char *path, kiosk_state *st, fixture_secrets *sec,
                 porte_time *now, char **cause);

/* True when DIGITS is booking ID's code in SEC. */
int fixture_code_ok(const fixture_secrets *sec, const char *id,
                    const char *digits);

#endif

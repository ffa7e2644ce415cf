/*
 * client_state.h - the sync client's snapshot put into the door's state:
 * the glue between sync/client and kiosk/state.h, on the door's side so
 * that the sync library does not depend on the door's code.
 */
#ifndef PORTE_KIOSK_CLIENT_STATE_H
#define PORTE_KIOSK_CLIENT_STATE_H

#include "client.h"
#include "state.h"

/*
 * Puts snapshot S into kiosk state ST with state.h's setters: the room
 * (name, site, kind, rules, zone), today's and tomorrow's opening hours,
 * the bookings (cleared and put again, ids as client_booking_ref says,
 * waiting_sync from pending_sync), the site messages, the sync fields and
 * the base URL. The UI's own state (screen, keypad, toast, staff) is left
 * alone, but for the booking indexes a keypad or a dialog holds, which
 * follow their booking to its new index (-1 when it is gone). Returns 0, or
 * -1 when something could not be put (ST then holds what could).
 */
int client_fill_state(const client_snap *s, kiosk_state *st);

/*
 * Shows S's refusals on ST (kiosk_event_result: a toast, the booking's
 * status from the server) at NOW; call before client_fill_state (the
 * booking must still be in ST for its toast), then client_ack_refusal
 * each. Returns how many were handed to the state.
 */
int client_show_refusals(const client_snap *s, kiosk_state *st, porte_time now);

/*
 * Sets *HOOKS to call client_submit and client_verify on C (the verify
 * hook says -1 when the server cannot be asked now).
 */
void client_kiosk_hooks(porte_client *c, kiosk_hooks *hooks);

#endif

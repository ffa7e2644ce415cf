/*
 * screens.h - the door display's screens, each a function of the state
 * that appends draw commands to a ui_list (ui.h). No SDL here.
 */
#ifndef PORTE_KIOSK_SCREENS_H
#define PORTE_KIOSK_SCREENS_H

#include "layout.h"
#include "state.h"
#include "theme.h"
#include "ui.h"

/*
 * Builds the whole picture of ST at NOW into L, whose w and h give the
 * screen size: the door, then the screen over it (keypad, staff menu,
 * dialog), then the toast.
 */
void screen_build(ui_list *l, const kiosk_state *st, porte_time now);

/* The theme in force at NOW: dim while the room is closed. Static. */
const ui_theme *screen_theme(const kiosk_state *st, porte_time now);

/* The door: status band, current and next bookings, clock, timeline,
 * QR code, messages and sync status. */
void screen_door(ui_list *l, const ui_metrics *m, const ui_theme *t,
                 const kiosk_state *st, porte_time now);

/* The check-in code keypad or the staff PIN keypad (by st->screen). */
void screen_keypad(ui_list *l, const ui_metrics *m, const ui_theme *t,
                   const kiosk_state *st, porte_time now);

/* The staff menu. */
void screen_staff(ui_list *l, const ui_metrics *m, const ui_theme *t,
                  const kiosk_state *st, porte_time now);

/* The question before an action (st->confirm). */
void screen_confirm(ui_list *l, const ui_metrics *m, const ui_theme *t,
                    const kiosk_state *st, porte_time now);

/* The result toast, when one is up. */
void screen_toast(ui_list *l, const ui_metrics *m, const ui_theme *t,
                  const kiosk_state *st, porte_time now);

/* The status band's words: "Free", "Booked", "Occupied", "Closed"
 * (translated; static). */
const char *screen_status_text(kiosk_status s);

/* The icon that goes with status S. */
ui_icon screen_status_icon(kiosk_status s);

/* The toast's title (translated; static). */
const char *screen_toast_title(kiosk_toast_kind kind);

/* A card over the scrim, centred, W x H at most (clamped to the screen):
 * draws the scrim, shadow and card; returns the card's inner area. */
ui_rect screen_dialog_card(ui_list *l, const ui_metrics *m, const ui_theme *t,
                           int w, int h);

#endif

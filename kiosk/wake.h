/*
 * wake.h - how the door display sleeps without spinning.
 *
 * Under X11 and Wayland, SDL_WaitEventTimeout really blocks. Under KMSDRM,
 * offscreen and dummy it polls every millisecond, so there the main loop
 * sleeps in poll() on its own descriptors instead: an eventfd that other
 * threads (the sync client) write to, and the touchscreen's evdev devices
 * (read and discarded here; SDL reads its own copy of each event). No SDL
 * in this module.
 */
#ifndef PORTE_KIOSK_WAKE_H
#define PORTE_KIOSK_WAKE_H

#include <stdbool.h>

#define WAKE_MAX_INPUTS 16

typedef struct kiosk_waker {
	int efd;                     /* eventfd, -1 when closed */
	int inputs[WAKE_MAX_INPUTS]; /* evdev devices watched */
	int ninputs;
} kiosk_waker;

/* Opens the eventfd. Returns 0, or -1 with errno set. */
int waker_open(kiosk_waker *w);

/* Also watches readable /dev/input/event* devices (for KMSDRM). Returns
 * how many were opened. */
int waker_watch_input(kiosk_waker *w);

/* Closes what W holds. Safe on a zeroed or closed waker. */
void waker_close(kiosk_waker *w);

/* Wakes the sleeper. Safe from any thread and from a signal handler. */
void waker_post(kiosk_waker *w);

/*
 * Sleeps until posted, input arrives or TIMEOUT_MS passes (-1: forever),
 * and drains what woke it. Returns 1 when woken by a post or input, 0 on
 * time-out, -1 on error (EINTR counts as woken).
 */
int waker_wait(kiosk_waker *w, int timeout_ms);

#endif

/*
 * post.h - how another thread (the sync client) changes the door
 * display's state: never directly. It hands a kiosk_update to a
 * kiosk_poster; the main thread applies it between two frames, frees it,
 * and redraws. (SDL test/testmessage.c: a user event from
 * SDL_RegisterEvents; and a wake-up for the drivers whose wait spins.)
 */
#ifndef PORTE_KIOSK_POST_H
#define PORTE_KIOSK_POST_H

#include "state.h"

typedef struct kiosk_update {
	/* Runs on the main thread: change ST (schedule, sync status,
	 * kiosk_event_result, kiosk_verify_result...) as of NOW. */
	void (*apply)(kiosk_state *st, void *data, porte_time now,
	              const kiosk_hooks *hooks);
	/* Frees DATA after apply (or when the display quits first). May be
	 * NULL. */
	void (*release)(void *data);
	void *data;
} kiosk_update;

typedef struct kiosk_poster {
	void *ctx;
	/*
	 * Queues a copy of U for the main thread and wakes it. Safe from any
	 * thread. Returns 0, or -1 when it could not be queued (U->release
	 * has then NOT been called: the caller still owns U->data).
	 */
	int (*post)(void *ctx, const kiosk_update *u);
} kiosk_poster;

#endif

/*
 * sync_glue.h - porte-kiosk's link to its sync client (sync/client): the
 * files a door keeps (token and cache, with their default places), the
 * enrolment, the hooks that put the door's actions in the outbox, the
 * client's news carried to the main thread through a kiosk_poster, and the
 * door proof of the booking QR code (sync/store/door_proof.h), made again
 * every minute.
 *
 * Threads: everything here is called from the main (UI) thread except
 * what the client calls on its sync thread, which only posts updates
 * through the poster (at most one refresh queued at a time).
 */
#ifndef PORTE_KIOSK_SYNC_GLUE_H
#define PORTE_KIOSK_SYNC_GLUE_H

#include <stdbool.h>

#include "post.h"
#include "state.h"

typedef struct sync_glue sync_glue;

#define SYNC_GLUE_PATH_MAX 1024
#define SYNC_GLUE_ROOM_MAX 65 /* a room id and its terminator */

typedef struct sync_glue_options {
	const char *server_url; /* NULL: the one the enrolment stored */
	const char *room;       /* NULL: the one the enrolment stored */
	const char *token_file; /* required: the device's token */
	const char *cache_file; /* required: the client's SQLite cache */
	const char *base_url;   /* the QR codes' pages; NULL: the server's */
	/* Where the sync thread's news go (required; borrowed, must outlive
	 * the glue): each becomes a kiosk_update that refreshes the state
	 * (sync_glue_refresh) or answers a verify hook. */
	const kiosk_poster *poster;
	/* The door's clock (UTC seconds), also the client's; NULL: time().
	 * Called from both threads: it must be thread-safe. */
	porte_time (*clock)(void *arg);
	void *clock_arg;
} sync_glue_options;

/*
 * Writes the default places of the token and cache files into TOKEN and
 * CACHE (SYNC_GLUE_PATH_MAX bytes each): $XDG_STATE_HOME/porte/token and
 * .../cache.db, else ~/.local/state/porte/... The folder is created (mode
 * 0700) when CREATE is set. Returns 0, or -1 with a malloc'd reason in
 * *CAUSE (no HOME, path too long, folder not made; the caller frees).
 */
int sync_glue_default_paths(bool create, char token[SYNC_GLUE_PATH_MAX],
                            char cache[SYNC_GLUE_PATH_MAX], char **cause);

/*
 * Trades enrolment CODE with SERVER_URL for this door's token, written to
 * TOKEN_FILE (mode 0600), and stores the room and server in CACHE_FILE.
 * The room's id goes into ROOM. Returns 0, or -1 with a malloc'd reason in
 * *CAUSE.
 */
int sync_glue_enroll(const char *server_url, const char *code,
                     const char *token_file, const char *cache_file,
                     char room[SYNC_GLUE_ROOM_MAX], char **cause);

/*
 * Opens the client over O's cache, reads the token (for the door proof)
 * and starts the sync thread. Nothing is put in any state yet: call
 * sync_glue_refresh. Returns 0 with the glue in *OUT (free with
 * sync_glue_close), or -1 with a malloc'd reason in *CAUSE (not enrolled,
 * cache unreadable, token file missing or malformed...).
 */
int sync_glue_open(const sync_glue_options *o, sync_glue **out, char **cause);

/* Sets *HOOKS to put the door's actions in the client's outbox and to
 * check codes and PINs with the server. */
void sync_glue_hooks(sync_glue *g, kiosk_hooks *hooks);

/*
 * Main thread: takes a snapshot of the client and puts it into ST at NOW
 * (refusals shown as toasts first, then the schedule, room, messages and
 * sync status, the base URL, the door proof). Returns 0, or -1 when the
 * snapshot could not be taken (ST unchanged) or not all of it fitted.
 */
int sync_glue_refresh(sync_glue *g, kiosk_state *st, porte_time now);

/*
 * Main thread: makes the door proof of the booking the QR code shows at
 * NOW (the current one, or the next once its check-in opens), good until
 * the next minute; clears it when that booking has no server id yet or
 * there is none. Returns 1 when ST's proof changed, else 0.
 */
int sync_glue_proof(const sync_glue *g, kiosk_state *st, porte_time now);

/*
 * True once the server has answered a schedule request since the glue
 * was opened and the room and today's schedule are known (or the server
 * refused the door's token): what a screenshot waits for. Main thread;
 * asks the client, without a snapshot.
 */
bool sync_glue_ready(sync_glue *g);

/*
 * Stops the sync thread (nothing more is posted after it returns); the
 * outbox stays in the cache. Safe twice.
 */
void sync_glue_stop(sync_glue *g);

/* Stops and frees G. NULL is accepted. */
void sync_glue_close(sync_glue *g);

#endif

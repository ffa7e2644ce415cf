/*
 * main.c - porte-kiosk: the door display's command line and event loop.
 *
 * The loop redraws only when the picture changes (input, a deadline from
 * kiosk_next_change, a wake-up from another thread) and otherwise sleeps:
 * in SDL_WaitEventTimeout where SDL really blocks (X11, Wayland), in
 * poll() on its own descriptors elsewhere (wake.h).
 *
 * Two sources of state: a JSON fixture (--state), or the sync client
 * (--server, sync_glue.h), whose thread wakes the loop only through the
 * kiosk_poster.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "draw.h"
#include "fixture.h"
#include "i18n.h"
#include "layout.h"
#include "post.h"
#include "screens.h"
#include "state.h"
#include "sync_glue.h"
#include "ui.h"
#include "wake.h"

typedef struct options {
	bool windowed;
	int w, h;
	bool lang_set;
	kiosk_lang lang;
	const char *screenshot;
	const char *state;
	const char *now;
	const char *font;
	const char *localedir;
	bool print_font;
	bool print_texts;
	bool print_targets;
	bool trace;
	bool check;
	bool accelerated;
	long bench;       /* --bench N: redraws to time in screenshot mode */
	const char *wait; /* --wait auto|sdl|poll */
	/* The sync client. */
	const char *server;
	const char *room;
	const char *token_file;
	const char *cache;
	const char *enroll;
	const char *base_url;
	long sync_wait; /* --sync-wait MS: a screenshot's wait for the server */
} options;

typedef struct pending_verify {
	bool set;
	kiosk_verify_kind kind;
	bool ok;
} pending_verify;

typedef struct app {
	kiosk_state st;
	fixture_secrets sec;
	draw_ctx *draw;
	ui_list *shown; /* what is on screen */
	ui_list *next;
	porte_time offset; /* --now: the fixed clock minus the real one */
	kiosk_waker waker;
	bool blocking; /* SDL_WaitEventTimeout really blocks */
	bool dirty;
	bool quit;
	kiosk_hooks hooks;
	pending_verify verify;
	Uint32 update_event; /* SDL_RegisterEvents: a kiosk_update */
	kiosk_poster poster; /* for the sync client's thread */
	bool trace;          /* --trace */
	kiosk_screen traced_screen;
	kiosk_toast_kind traced_toast;
	kiosk_action_id down_act; /* the target a finger went down on */
	int down_arg;
	sync_glue *glue; /* NULL in fixture mode */
	bool synced;     /* --trace: a sync refresh to report once drawn */
	char traced_targets[2048];    /* --trace: the targets last reported */
	char traced_qr[KIOSK_QR_LEN]; /* --trace: the QR code last drawn */
} app;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: porte-kiosk [--server URL] [options]   (an enrolled "
	        "door)\n"
	        "       porte-kiosk --enroll CODE --server URL\n"
	        "       porte-kiosk --state FIXTURE.json [options]\n"
	        "\n"
	        "  --state FILE       kiosk state to show (JSON fixture)\n"
	        "  --screenshot FILE  draw the screen once into FILE (PNG) and "
	        "exit;\n"
	        "                     needs no display\n"
	        "  --size WxH         screen or picture size (default: the "
	        "display's,\n"
	        "                     800x480 for screenshots)\n"
	        "  --windowed         a window instead of fullscreen\n"
	        "  --accelerated      try a GPU renderer (default: software)\n"
	        "  --wait auto|sdl|poll  how to sleep: SDL_WaitEventTimeout "
	        "(blocks only\n"
	        "                     under x11/wayland), poll() on our own "
	        "descriptors,\n"
	        "                     or pick by driver (default)\n"
	        "  --lang fr|en       language of this door (default: the "
	        "fixture's, else en)\n"
	        "  --now RFC3339      start the clock at this instant (fixed "
	        "for screenshots)\n"
	        "  --font FAMILIES    fontconfig families (default \"%s\")\n"
	        "  --locale-dir DIR   where fr/LC_MESSAGES/porte-kiosk.mo is\n"
	        "  --print-font       print the font files found and exit\n"
	        "  --print-texts      with --screenshot: print every text "
	        "drawn, one a line\n"
	        "  --bench N          with --screenshot: time N redraws "
	        "after a tap\n"
	        "  --print-targets    with --screenshot: print every touch "
	        "target:\n"
	        "                     ACTION ARG X Y W H\n"
	        "  --trace            print screen and toast changes on "
	        "stderr\n"
	        "  --check            with --screenshot: fail when targets "
	        "are small, or\n"
	        "                     texts overlap or leave the screen\n"
	        "\n"
	        "With the server (instead of --state):\n"
	        "  --enroll CODE      trade a one-time enrolment code for "
	        "this door's\n"
	        "                     token (needs --server), print the room "
	        "and exit\n"
	        "  --server URL       porte-server's address (default: the "
	        "enrolment's)\n"
	        "  --room ROOM        the room to show (default: the "
	        "enrolment's)\n"
	        "  --token-file FILE  the door's token (default:\n"
	        "                     $XDG_STATE_HOME/porte/token or "
	        "~/.local/state/porte/token)\n"
	        "  --cache FILE       the offline cache (default: cache.db "
	        "next to the token)\n"
	        "  --base-url URL     the pages' address in the QR codes "
	        "(default: --server)\n"
	        "  --sync-wait MS     with --screenshot: how long to wait for "
	        "the server\n"
	        "                     (default 5000)\n",
	        DRAW_DEFAULT_FAMILY);
}

static int parse_size(const char *s, int *w, int *h)
{
	char *end = NULL;
	long a, b;

	errno = 0;
	a = strtol(s, &end, 10);
	if (errno != 0 || end == s || (*end != 'x' && *end != 'X'))
		return -1;
	s = end + 1;
	b = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return -1;
	if (a < 320 || b < 320 || a > 7680 || b > 7680)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

/* The options that take a file name or a word as they are. */
static const char **string_option(options *o, const char *a)
{
	static const struct {
		const char *name;
		size_t offset;
	} names[] = {
	        {"--screenshot", offsetof(options, screenshot)},
	        {"--state", offsetof(options, state)},
	        {"--now", offsetof(options, now)},
	        {"--font", offsetof(options, font)},
	        {"--locale-dir", offsetof(options, localedir)},
	        {"--server", offsetof(options, server)},
	        {"--room", offsetof(options, room)},
	        {"--token-file", offsetof(options, token_file)},
	        {"--cache", offsetof(options, cache)},
	        {"--enroll", offsetof(options, enroll)},
	        {"--base-url", offsetof(options, base_url)},
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(a, names[i].name) == 0)
			return (const char **)((char *)o + names[i].offset);
	}
	return NULL;
}

static int parse_long(const char *v, long min, long max, long *out)
{
	char *end = NULL;

	errno = 0;
	*out = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || *out < min || *out > max)
		return -1;
	return 0;
}

/* Returns 0, 1 for --help, -1 for an error (already reported). */
static int parse_args(int argc, char **argv, options *o)
{
	memset(o, 0, sizeof(*o));
	o->sync_wait = 5000;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (strcmp(a, "--windowed") == 0) {
			o->windowed = true;
			continue;
		}
		if (strcmp(a, "--print-font") == 0) {
			o->print_font = true;
			continue;
		}
		if (strcmp(a, "--print-texts") == 0) {
			o->print_texts = true;
			continue;
		}
		if (strcmp(a, "--print-targets") == 0) {
			o->print_targets = true;
			continue;
		}
		if (strcmp(a, "--trace") == 0) {
			o->trace = true;
			continue;
		}
		if (strcmp(a, "--check") == 0) {
			o->check = true;
			continue;
		}
		if (strcmp(a, "--accelerated") == 0) {
			o->accelerated = true;
			continue;
		}
		if (v == NULL) {
			fprintf(stderr, "porte-kiosk: %s needs a value\n", a);
			return -1;
		}
		i++;
		if (string_option(o, a) != NULL) {
			*string_option(o, a) = v;
		} else if (strcmp(a, "--size") == 0) {
			if (parse_size(v, &o->w, &o->h) != 0) {
				fprintf(stderr,
				        "porte-kiosk: --size wants WxH, each "
				        "320..7680 (\"%s\")\n",
				        v);
				return -1;
			}
		} else if (strcmp(a, "--lang") == 0) {
			if (kiosk_lang_parse(v, &o->lang) != 0) {
				fprintf(stderr,
				        "porte-kiosk: --lang is fr or en\n");
				return -1;
			}
			o->lang_set = true;
		} else if (strcmp(a, "--wait") == 0) {
			if (strcmp(v, "auto") != 0 && strcmp(v, "sdl") != 0 &&
			    strcmp(v, "poll") != 0) {
				fprintf(stderr,
				        "porte-kiosk: --wait is auto, sdl "
				        "or poll\n");
				return -1;
			}
			o->wait = v;
		} else if (strcmp(a, "--bench") == 0) {
			if (parse_long(v, 1, 100000, &o->bench) != 0) {
				fprintf(stderr, "porte-kiosk: --bench wants "
				                "1..100000\n");
				return -1;
			}
		} else if (strcmp(a, "--sync-wait") == 0) {
			if (parse_long(v, 0, 60000, &o->sync_wait) != 0) {
				fprintf(stderr,
				        "porte-kiosk: --sync-wait wants "
				        "0..60000 (ms)\n");
				return -1;
			}
		} else {
			fprintf(stderr, "porte-kiosk: unknown option %s\n", a);
			return -1;
		}
	}
	return 0;
}

static porte_time real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (porte_time)ts.tv_sec;
}

static porte_time app_now(const app *a)
{
	return real_now() + a->offset;
}

/* ---- Fixture-mode hooks (the sync client brings the real ones) ---- */

static const char *const event_names[] = {
        "checkin",      "walk_in",      "end",      "extend",
        "staff_remove", "staff_cancel", "staff_add"};

static int fixture_submit(void *ctx, const kiosk_event *ev)
{
	char at[CAL_RFC3339_LEN];

	(void)ctx;
	cal_format_rfc3339(ev->at, at);
	fprintf(stderr,
	        "porte-kiosk: outbox: %s %s at %s (kept here: no "
	        "sync client yet)\n",
	        (int)ev->type < KIOSK_EV__COUNT ? event_names[ev->type] : "?",
	        ev->booking, at);
	return 0;
}

static int fixture_verify(void *ctx, kiosk_verify_kind kind, const char *id,
                          const char *digits)
{
	app *a = ctx;

	if (kind == KIOSK_VERIFY_PIN && a->sec.staff_pin[0] == '\0')
		return -1; /* only the server knows staff PINs */
	a->verify.set = true;
	a->verify.kind = kind;
	if (kind == KIOSK_VERIFY_CODE)
		a->verify.ok = fixture_code_ok(&a->sec, id, digits);
	else
		a->verify.ok = strcmp(a->sec.staff_pin, digits) == 0;
	waker_post(&a->waker);
	return 0;
}

/* ---- Drawing ---- */

/* kiosk_poster.post: any thread. The update travels in an SDL user event;
 * the waker gets the loop out of poll() where SDL cannot. */
static int app_post(void *ctx, const kiosk_update *u)
{
	app *a = ctx;
	kiosk_update *copy;
	SDL_Event e;

	if (a->update_event == (Uint32)-1)
		return -1;
	copy = malloc(sizeof(*copy));
	if (copy == NULL)
		return -1;
	*copy = *u;
	SDL_zero(e);
	e.type = a->update_event;
	e.user.data1 = copy;
	if (SDL_PushEvent(&e) != 1) {
		free(copy);
		return -1;
	}
	waker_post(&a->waker);
	return 0;
}

static void apply_update(app *a, kiosk_update *u)
{
	if (u->apply != NULL)
		u->apply(&a->st, u->data, app_now(a), &a->hooks);
	if (u->release != NULL)
		u->release(u->data);
	free(u);
	a->dirty = true;
	a->synced = a->glue != NULL;
}

/* Registers the update event and makes the poster (SDL's events must be
 * initialised). Returns 0, or -1 when SDL has no event left. */
static int open_poster(app *a)
{
	a->update_event = SDL_RegisterEvents(1);
	if (a->update_event == (Uint32)-1) {
		fprintf(stderr, "porte-kiosk: SDL: no user event left\n");
		return -1;
	}
	a->poster.ctx = a;
	a->poster.post = app_post;
	return 0;
}

/* Frees the updates still queued (once nothing posts any more). */
static void drop_updates(app *a)
{
	SDL_Event e;

	if (a->update_event == (Uint32)-1)
		return;
	while (SDL_PeepEvents(&e, 1, SDL_GETEVENT, a->update_event,
	                      a->update_event) == 1) {
		kiosk_update *u = e.user.data1;

		if (u->release != NULL)
			u->release(u->data);
		free(u);
	}
}

/* --trace: says when the screen or the toast changed. */
static void trace(app *a)
{
	if (!a->trace || (a->st.screen == a->traced_screen &&
	                  a->st.toast.kind == a->traced_toast))
		return;
	a->traced_screen = a->st.screen;
	a->traced_toast = a->st.toast.kind;
	fprintf(stderr, "porte-kiosk: trace: screen=%s toast=%s\n",
	        kiosk_screen_name(a->st.screen),
	        kiosk_toast_name(a->st.toast.kind));
}

/* --trace: the touch targets on screen, when they changed, in one line
 * of ACTION:ARG:X,Y,W,H (what a test taps). */
static void trace_targets(app *a)
{
	char line[sizeof(a->traced_targets)];
	size_t len = 0;

	if (!a->trace)
		return;
	line[0] = '\0';
	for (int i = 0; i < a->shown->n; i++) {
		const ui_cmd *c = &a->shown->cmd[i];
		int n;

		if (c->kind != UI_TARGET)
			continue;
		n = snprintf(line + len, sizeof(line) - len,
		             " %s:%d:%d,%d,%d,%d", kiosk_action_name(c->action),
		             c->arg, c->r.x, c->r.y, c->r.w, c->r.h);
		if (n < 0 || (size_t)n >= sizeof(line) - len)
			break; /* the rest does not fit: cut at a target */
		len += (size_t)n;
	}
	line[len] = '\0';
	if (strcmp(line, a->traced_targets) == 0)
		return;
	memcpy(a->traced_targets, line, len + 1);
	fprintf(stderr, "porte-kiosk: trace: targets%s\n", line);
}

/* --trace: what a sync refresh put on screen, once drawn, with the
 * monotonic clock (seconds) for tests that time it. */
static void trace_sync(app *a)
{
	struct timespec ts;

	if (!a->trace || !a->synced)
		return;
	a->synced = false;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(stderr,
	        "porte-kiosk: trace: sync t=%lld.%03ld online=%d pending=%d "
	        "bookings=",
	        (long long)ts.tv_sec, ts.tv_nsec / 1000000L, a->st.sync.online,
	        a->st.sync.pending);
	for (int i = 0; i < a->st.nbookings; i++) {
		const kiosk_booking *b = &a->st.bookings[i];

		fprintf(stderr, "%s%s:%s%s", i > 0 ? "," : "", b->id,
		        booking_status_name(b->b.status),
		        b->waiting_sync ? "*" : "");
	}
	fprintf(stderr, "\n");
}

/* --trace: the QR code's payload, when a new one was drawn. */
static void trace_qr(app *a, porte_time now)
{
	char qr[KIOSK_QR_LEN];

	if (!a->trace)
		return;
	if (kiosk_qr_payload(&a->st, now, qr, sizeof(qr)) < 0)
		qr[0] = '\0';
	if (strcmp(qr, a->traced_qr) == 0)
		return;
	memcpy(a->traced_qr, qr, sizeof(qr));
	fprintf(stderr, "porte-kiosk: trace: qr %s\n", qr[0] ? qr : "none");
}

static int redraw(app *a)
{
	porte_time now = app_now(a);
	ui_list *t;
	int w, h;

	trace(a);
	draw_size(a->draw, &w, &h);
	ui_begin(a->next, w, h);
	screen_build(a->next, &a->st, now);
	a->dirty = false;
	if (ui_same(a->next, a->shown)) {
		trace_sync(a);
		return 0;
	}
	if (draw_render(a->draw, a->next) != 0)
		return -1;
	t = a->shown;
	a->shown = a->next;
	a->next = t;
	trace_targets(a);
	trace_qr(a, now);
	trace_sync(a);
	return 0;
}

static double elapsed_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1000.0 +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* Times N redraws, each after a press on the staff button or its
 * release: what a tap costs, with the caches warm. */
static void bench(app *a, long n, porte_time now)
{
	double total = 0, worst = 0;
	int w, h;

	draw_size(a->draw, &w, &h);
	draw_bind(a->draw, a->next);
	for (long i = 0; i < n; i++) {
		struct timespec t0, t1;
		double ms;

		kiosk_press(&a->st, i % 2 ? KIOSK_ACT_NONE : KIOSK_ACT_STAFF,
		            0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ui_begin(a->next, w, h);
		screen_build(a->next, &a->st, now);
		draw_render(a->draw, a->next);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms = elapsed_ms(&t0, &t1);
		total += ms;
		if (ms > worst)
			worst = ms;
	}
	printf("%dx%d: %ld redraws, %.2f ms average, %.2f ms worst\n", w, h, n,
	       total / (double)n, worst);
}

static int screenshot(app *a, const options *o, porte_time now)
{
	draw_options dopt = {o->w > 0 ? o->w : 800,
	                     o->h > 0 ? o->h : 480,
	                     false,
	                     true,
	                     o->font,
	                     false};
	char *cause = NULL;
	int w, h;

	if (draw_open(&dopt, &a->draw, &cause) != 0) {
		fprintf(stderr, "porte-kiosk: %s\n", cause ? cause : "no draw");
		free(cause);
		return 1;
	}
	draw_bind(a->draw, a->shown);
	draw_size(a->draw, &w, &h);
	ui_begin(a->shown, w, h);
	kiosk_tick(&a->st, now);
	screen_build(a->shown, &a->st, now);
	if (a->shown->overflow)
		fprintf(stderr, "porte-kiosk: warning: the screen did not fit "
		                "in the command list\n");
	if (o->check) {
		char report[2048];
		int bad = layout_check(a->shown, report, sizeof(report));

		if (bad > 0) {
			fprintf(stderr, "porte-kiosk: %d layout problems:\n%s",
			        bad, report);
			return 1;
		}
	}
	if (o->bench > 0)
		bench(a, o->bench, now);
	for (int i = 0; i < a->shown->n; i++) {
		const ui_cmd *c = &a->shown->cmd[i];

		if (o->print_texts && c->kind == UI_TEXT)
			printf("%s\n", ui_text_of(a->shown, c));
		if (o->print_targets && c->kind == UI_TARGET)
			printf("%s %d %d %d %d %d\n",
			       kiosk_action_name(c->action), c->arg, c->r.x,
			       c->r.y, c->r.w, c->r.h);
	}
	if (draw_render(a->draw, a->shown) != 0 ||
	    draw_save_png(a->draw, o->screenshot, &cause) != 0) {
		fprintf(stderr, "porte-kiosk: %s\n",
		        cause ? cause : SDL_GetError());
		free(cause);
		return 1;
	}
	return 0;
}

/* ---- Input ---- */

static void to_pixels(app *a, int wx, int wy, int *x, int *y)
{
	SDL_Window *win = SDL_GetWindowFromID(draw_window_id(a->draw));
	int ww = 0, wh = 0, pw, ph;

	draw_size(a->draw, &pw, &ph);
	if (win != NULL)
		SDL_GetWindowSize(win, &ww, &wh);
	*x = ww > 0 ? wx * pw / ww : wx;
	*y = wh > 0 ? wy * ph / wh : wy;
}

static void pointer_down(app *a, int x, int y)
{
	kiosk_action_id act = KIOSK_ACT_NONE;
	int arg = 0;

	if (ui_hit(a->shown, x, y, &act, &arg) == 0)
		act = KIOSK_ACT_NONE;
	a->down_act = act;
	a->down_arg = arg;
	if (kiosk_press(&a->st, act, arg))
		a->dirty = true;
}

static void pointer_up(app *a, int x, int y)
{
	kiosk_action_id act = KIOSK_ACT_NONE;
	int arg = 0;

	if (kiosk_press(&a->st, KIOSK_ACT_NONE, 0))
		a->dirty = true;
	if (ui_hit(a->shown, x, y, &act, &arg) == 0 || act != a->down_act ||
	    arg != a->down_arg)
		return;
	a->down_act = KIOSK_ACT_NONE;
	if (kiosk_act(&a->st, act, arg, app_now(a), &a->hooks))
		a->dirty = true;
}

static void key_down(app *a, const SDL_KeyboardEvent *k)
{
	SDL_Keycode c = k->keysym.sym;
	kiosk_action_id act = KIOSK_ACT_NONE;
	int arg = 0;

	if (c >= SDLK_0 && c <= SDLK_9) {
		act = KIOSK_ACT_DIGIT;
		arg = (int)(c - SDLK_0);
	} else if (c >= SDLK_KP_1 && c <= SDLK_KP_9) {
		act = KIOSK_ACT_DIGIT;
		arg = (int)(c - SDLK_KP_1) + 1;
	} else if (c == SDLK_KP_0) {
		act = KIOSK_ACT_DIGIT;
	} else if (c == SDLK_BACKSPACE) {
		act = KIOSK_ACT_BACKSPACE;
	} else if (c == SDLK_RETURN || c == SDLK_KP_ENTER) {
		act = KIOSK_ACT_ENTER;
	} else if (c == SDLK_ESCAPE) {
		act = KIOSK_ACT_BACK;
	} else if (c == SDLK_q && (k->keysym.mod & KMOD_CTRL)) {
		a->quit = true;
		return;
	}
	if (act != KIOSK_ACT_NONE &&
	    kiosk_act(&a->st, act, arg, app_now(a), &a->hooks))
		a->dirty = true;
}

static void handle(app *a, const SDL_Event *e)
{
	int x, y, w, h;

	if (e->type == a->update_event && a->update_event != (Uint32)-1) {
		apply_update(a, e->user.data1);
		return;
	}
	switch (e->type) {
	case SDL_QUIT:
		a->quit = true;
		break;
	case SDL_WINDOWEVENT:
		if (draw_resized(a->draw) ||
		    e->window.event == SDL_WINDOWEVENT_EXPOSED) {
			a->dirty = true;
			ui_begin(a->shown, 0, 0); /* force a full redraw */
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID ||
		    e->button.button != SDL_BUTTON_LEFT)
			break;
		to_pixels(a, e->button.x, e->button.y, &x, &y);
		if (e->type == SDL_MOUSEBUTTONDOWN)
			pointer_down(a, x, y);
		else
			pointer_up(a, x, y);
		break;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		draw_size(a->draw, &w, &h);
		x = (int)(e->tfinger.x * (float)w);
		y = (int)(e->tfinger.y * (float)h);
		if (e->type == SDL_FINGERDOWN)
			pointer_down(a, x, y);
		else
			pointer_up(a, x, y);
		break;
	case SDL_KEYDOWN:
		key_down(a, &e->key);
		break;
	default:
		break;
	}
}

/* Milliseconds until the next instant the screen changes. */
static int timeout_ms(const app *a)
{
	struct timespec ts;
	porte_time now, next;
	long long ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (porte_time)ts.tv_sec + a->offset;
	next = kiosk_next_change(&a->st, now);
	if (next <= now)
		return 0;
	ms = (long long)(next - now) * 1000 - ts.tv_nsec / 1000000;
	if (ms < 0)
		ms = 0;
	if (ms > 3600LL * 1000)
		ms = 3600LL * 1000;
	return (int)ms + 1; /* land just after the boundary, not before */
}

static void after_events(app *a)
{
	porte_time now = app_now(a);

	if (a->verify.set) {
		pending_verify v = a->verify;

		a->verify.set = false;
		kiosk_verify_result(&a->st, v.kind, v.ok, "fixture", 0, now,
		                    &a->hooks);
		a->dirty = true;
	}
	if (kiosk_tick(&a->st, now))
		a->dirty = true;
	/* The QR code's proof is made again every minute (kiosk_next_change
	 * wakes the loop at proof_until). */
	if (a->glue != NULL && sync_glue_proof(a->glue, &a->st, now))
		a->dirty = true;
}

static int run(app *a)
{
	SDL_Event e;

	a->dirty = true;
	while (!a->quit) {
		int ms;

		after_events(a);
		if (a->dirty && redraw(a) != 0) {
			fprintf(stderr, "porte-kiosk: render failed: %s\n",
			        SDL_GetError());
			return 1;
		}
		ms = timeout_ms(a);
		if (a->blocking) {
			if (SDL_WaitEventTimeout(&e, ms))
				handle(a, &e);
		} else {
			if (waker_wait(&a->waker, ms) < 0) {
				fprintf(stderr, "porte-kiosk: poll: %s\n",
				        strerror(errno));
				return 1;
			}
			SDL_PumpEvents();
		}
		while (SDL_PollEvent(&e))
			handle(a, &e);
		/* Woken by the clock: the picture may have moved on. */
		a->dirty = true;
	}
	return 0;
}

/* ---- The sync client ---- */

/* The door's clock for the client (any thread: OFFSET is set before the
 * client starts and never changes). */
static porte_time app_clock(void *arg)
{
	return app_now(arg);
}

/* Opens the sync client on the poster and fills the state from its cache
 * (offline first). */
static int start_sync(app *a, const sync_glue_options *so)
{
	sync_glue_options o = *so;
	char *cause = NULL;

	o.poster = &a->poster;
	o.clock = app_clock;
	o.clock_arg = a;
	if (sync_glue_open(&o, &a->glue, &cause) != 0) {
		fprintf(stderr, "porte-kiosk: %s\n",
		        cause ? cause : "the sync client did not start");
		free(cause);
		return -1;
	}
	sync_glue_hooks(a->glue, &a->hooks);
	sync_glue_refresh(a->glue, &a->st, app_now(a));
	return 0;
}

static double mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* A screenshot in --server mode: waits up to MS for the server's first
 * answer (woken by the client's updates, checking every 100 ms), then
 * takes what the cache holds. */
static void wait_first_sync(app *a, long ms)
{
	double deadline = mono_ms() + (double)ms;
	SDL_Event e;

	for (;;) {
		double left;

		while (SDL_PollEvent(&e)) {
			if (e.type == a->update_event)
				apply_update(a, e.user.data1);
		}
		sync_glue_refresh(a->glue, &a->st, app_now(a));
		if (sync_glue_ready(a->glue))
			return;
		left = deadline - mono_ms();
		if (left <= 0) {
			fprintf(stderr,
			        "porte-kiosk: warning: no answer from the "
			        "server within %ld ms: showing the cache\n",
			        ms);
			return;
		}
		waker_wait(&a->waker, left < 100 ? (int)left + 1 : 100);
	}
}

static int screenshot_sync(app *a, const options *o,
                           const sync_glue_options *so)
{
	porte_time now;

	if (SDL_Init(SDL_INIT_EVENTS) != 0) {
		fprintf(stderr, "porte-kiosk: SDL: %s\n", SDL_GetError());
		return 1;
	}
	if (open_poster(a) != 0 || start_sync(a, so) != 0)
		return 1;
	wait_first_sync(a, o->sync_wait);
	now = app_now(a);
	sync_glue_proof(a->glue, &a->st, now);
	a->st.now = now;
	a->st.last_input = now;
	return screenshot(a, o, now);
}

static int interactive(app *a, const options *o, const sync_glue_options *so)
{
	draw_options dopt = {o->w,  o->h,    o->windowed,
	                     false, o->font, o->accelerated};
	const char *driver;
	char *cause = NULL;

	if (SDL_Init(SDL_INIT_VIDEO) != 0) {
		fprintf(stderr, "porte-kiosk: SDL: %s\n", SDL_GetError());
		return 1;
	}
	if (draw_open(&dopt, &a->draw, &cause) != 0) {
		fprintf(stderr, "porte-kiosk: %s\n", cause ? cause : "no draw");
		free(cause);
		return 1;
	}
	draw_bind(a->draw, a->shown);
	draw_bind(a->draw, a->next);
	/* The sync client posts its updates through a->poster. */
	if (open_poster(a) != 0)
		return 1;
	if (so != NULL && start_sync(a, so) != 0)
		return 1;
	if (!o->windowed)
		SDL_ShowCursor(SDL_DISABLE);
	driver = SDL_GetCurrentVideoDriver();
	a->blocking = driver != NULL && (strcmp(driver, "x11") == 0 ||
	                                 strcmp(driver, "wayland") == 0);
	if (o->wait != NULL && strcmp(o->wait, "auto") != 0)
		a->blocking = strcmp(o->wait, "sdl") == 0;
	if (driver != NULL && strcmp(driver, "KMSDRM") == 0)
		waker_watch_input(&a->waker);
	return run(a);
}

/* ---- main ---- */

/* Fills the token and cache files from O, with the default places for
 * those not given (the folder made when CREATE). */
static int sync_files(const options *o, bool create,
                      char token[SYNC_GLUE_PATH_MAX],
                      char cache[SYNC_GLUE_PATH_MAX])
{
	char *cause = NULL;

	if (o->token_file == NULL || o->cache == NULL) {
		if (sync_glue_default_paths(create, token, cache, &cause) !=
		    0) {
			fprintf(stderr, "porte-kiosk: %s\n", cause);
			free(cause);
			return -1;
		}
	}
	if (o->token_file != NULL)
		snprintf(token, SYNC_GLUE_PATH_MAX, "%s", o->token_file);
	if (o->cache != NULL)
		snprintf(cache, SYNC_GLUE_PATH_MAX, "%s", o->cache);
	return 0;
}

/* --enroll CODE --server URL: trades the code, prints the room. */
static int enroll(const options *o)
{
	char token[SYNC_GLUE_PATH_MAX], cache[SYNC_GLUE_PATH_MAX];
	char room[SYNC_GLUE_ROOM_MAX];
	char *cause = NULL;

	if (o->server == NULL) {
		fprintf(stderr, "porte-kiosk: --enroll needs --server URL\n");
		return 2;
	}
	if (o->state != NULL || o->screenshot != NULL || o->room != NULL) {
		fprintf(stderr, "porte-kiosk: --enroll goes with --server, "
		                "--token-file and --cache only\n");
		return 2;
	}
	if (sync_files(o, true, token, cache) != 0)
		return 1;
	if (sync_glue_enroll(o->server, o->enroll, token, cache, room,
	                     &cause) != 0) {
		fprintf(stderr, "porte-kiosk: enrolment failed: %s\n",
		        cause ? cause : "?");
		free(cause);
		return 1;
	}
	printf("porte-kiosk: enrolled for room %s\n"
	       "  token file: %s\n"
	       "  cache:      %s\n",
	       room, token, cache);
	return 0;
}

/* Where the state comes from: checks the options that go together.
 * Returns 0 (*SYNC true for the server), or 2 (usage, reported). */
static int pick_mode(const options *o, bool *sync)
{
	bool any_sync = o->server != NULL || o->room != NULL ||
	                o->token_file != NULL || o->cache != NULL ||
	                o->base_url != NULL;

	*sync = o->state == NULL;
	if (o->state != NULL && any_sync) {
		fprintf(stderr, "porte-kiosk: --state shows a fixture: "
		                "--server, --room, --token-file, --cache and "
		                "--base-url do not go with it\n");
		return 2;
	}
	return 0;
}

/* Sync mode: the files, and whether this door was enrolled. */
static int sync_setup(const options *o, sync_glue_options *so,
                      char token[SYNC_GLUE_PATH_MAX],
                      char cache[SYNC_GLUE_PATH_MAX])
{
	if (sync_files(o, false, token, cache) != 0)
		return 1;
	if (access(token, R_OK) != 0) {
		fprintf(stderr,
		        "porte-kiosk: nothing to show: this door is not "
		        "enrolled (%s: %s).\n"
		        "Enrol it with porte-kiosk --enroll CODE --server URL "
		        "(the code from porte-admin device enroll ROOM),\n"
		        "or show a fixture with --state FIXTURE.json (see "
		        "--help)\n",
		        token, strerror(errno));
		return 2;
	}
	memset(so, 0, sizeof(*so));
	so->server_url = o->server;
	so->room = o->room;
	so->token_file = token;
	so->cache_file = cache;
	so->base_url = o->base_url;
	return 0;
}

int main(int argc, char **argv)
{
	char token[SYNC_GLUE_PATH_MAX], cache[SYNC_GLUE_PATH_MAX];
	sync_glue_options so;
	options o;
	app *a = NULL;
	char *cause = NULL;
	porte_time now = 0;
	bool sync = false;
	int rc = 1;

	switch (parse_args(argc, argv, &o)) {
	case 1:
		usage(stdout);
		return 0;
	case -1:
		usage(stderr);
		return 2;
	default:
		break;
	}
	if (o.enroll != NULL)
		return enroll(&o);
	if (pick_mode(&o, &sync) != 0)
		return 2;
	a = calloc(1, sizeof(*a));
	if (a == NULL || kiosk_state_init(&a->st) != 0)
		goto out;
	a->update_event = (Uint32)-1;
	a->shown = calloc(1, sizeof(ui_list));
	a->next = calloc(1, sizeof(ui_list));
	if (a->shown == NULL || a->next == NULL || waker_open(&a->waker) != 0)
		goto out;
	if (o.print_font) {
		draw_options dopt = {320, 320, false, true, o.font, false};

		if (draw_open(&dopt, &a->draw, &cause) != 0)
			goto out;
		printf("%s\n%s\n%s\n", draw_font_file(a->draw, UI_REGULAR),
		       draw_font_file(a->draw, UI_MEDIUM),
		       draw_font_file(a->draw, UI_BOLD));
		rc = 0;
		goto out;
	}
	now = real_now();
	if (sync) {
		rc = sync_setup(&o, &so, token, cache);
		if (rc != 0)
			goto out;
		rc = 1;
	} else if (fixture_load(o.state, &a->st, &a->sec, &now, &cause) != 0) {
		goto out;
	}
	if (o.now != NULL && cal_parse_rfc3339(o.now, &now) != 0) {
		fprintf(stderr, "porte-kiosk: --now wants an RFC 3339 time\n");
		rc = 2;
		goto out;
	}
	a->offset = now - real_now();
	if (o.lang_set)
		a->st.lang = o.lang;
	if (kiosk_i18n_init(a->st.lang, o.localedir, &cause) != 0)
		goto out;
	if (!kiosk_i18n_active(a->st.lang))
		fprintf(stderr,
		        "porte-kiosk: warning: no %s catalog in %s; showing "
		        "English\n",
		        kiosk_lang_code(a->st.lang),
		        o.localedir ? o.localedir : kiosk_i18n_default_dir());
	a->trace = o.trace;
	a->traced_screen = KIOSK_SCREEN__COUNT;
	a->hooks.ctx = a;
	a->hooks.submit = fixture_submit;
	a->hooks.verify = fixture_verify;
	a->st.now = now;
	a->st.last_input = now;
	if (sync && o.screenshot != NULL)
		rc = screenshot_sync(a, &o, &so);
	else if (o.screenshot != NULL)
		rc = screenshot(a, &o, now);
	else
		rc = interactive(a, &o, sync ? &so : NULL);
out:
	if (cause != NULL) {
		fprintf(stderr, "porte-kiosk: %s\n", cause);
		free(cause);
	}
	if (a != NULL) {
		/* Nothing posts once the sync thread is stopped. */
		sync_glue_stop(a->glue);
		if (SDL_WasInit(SDL_INIT_EVENTS) != 0)
			drop_updates(a);
		sync_glue_close(a->glue);
		draw_close(a->draw);
		waker_close(&a->waker);
		kiosk_state_free(&a->st);
		free(a->shown);
		free(a->next);
		free(a);
	}
	if (SDL_WasInit(0) != 0)
		SDL_Quit();
	return rc;
}

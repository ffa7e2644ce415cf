/*
 * main.c - porte-kiosk: the door display's command line and event loop.
 *
 * The loop redraws only when the picture changes (input, a deadline from
 * kiosk_next_change, a wake-up from another thread) and otherwise sleeps:
 * in SDL_WaitEventTimeout where SDL really blocks (X11, Wayland), in
 * poll() on its own descriptors elsewhere (wake.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "draw.h"
#include "fixture.h"
#include "i18n.h"
#include "layout.h"
#include "post.h"
#include "screens.h"
#include "state.h"
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
	const char *sync_option; /* the first sync option seen */
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
} app;

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: porte-kiosk --state FIXTURE.json [options]\n"
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
	        "Coming with the sync client (not available yet):\n"
	        "  --server URL --room ROOM --token-file FILE --cache FILE\n"
	        "  --enroll CODE --server URL\n",
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

static bool is_sync_option(const char *a)
{
	static const char *const names[] = {"--server",     "--room",
	                                    "--token-file", "--cache",
	                                    "--enroll",     NULL};

	for (int i = 0; names[i] != NULL; i++) {
		if (strcmp(a, names[i]) == 0)
			return true;
	}
	return false;
}

/* Returns 0, 1 for --help, -1 for an error (already reported). */
static int parse_args(int argc, char **argv, options *o)
{
	memset(o, 0, sizeof(*o));
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
		if (strcmp(a, "--size") == 0) {
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
		} else if (strcmp(a, "--screenshot") == 0) {
			o->screenshot = v;
		} else if (strcmp(a, "--state") == 0) {
			o->state = v;
		} else if (strcmp(a, "--now") == 0) {
			o->now = v;
		} else if (strcmp(a, "--font") == 0) {
			o->font = v;
		} else if (strcmp(a, "--locale-dir") == 0) {
			o->localedir = v;
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
			char *end = NULL;

			errno = 0;
			o->bench = strtol(v, &end, 10);
			if (errno != 0 || end == v || *end != '\0' ||
			    o->bench < 1 || o->bench > 100000) {
				fprintf(stderr, "porte-kiosk: --bench wants "
				                "1..100000\n");
				return -1;
			}
		} else if (is_sync_option(a)) {
			if (o->sync_option == NULL)
				o->sync_option = a;
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

static int redraw(app *a)
{
	trace(a);
	ui_list *t;
	int w, h;

	draw_size(a->draw, &w, &h);
	ui_begin(a->next, w, h);
	screen_build(a->next, &a->st, app_now(a));
	a->dirty = false;
	if (ui_same(a->next, a->shown))
		return 0;
	if (draw_render(a->draw, a->next) != 0)
		return -1;
	t = a->shown;
	a->shown = a->next;
	a->next = t;
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
	if (ms > 3600 * 1000)
		ms = 3600 * 1000;
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
	/* Updates still queued: free what they carry. */
	while (SDL_PollEvent(&e)) {
		if (e.type == a->update_event) {
			kiosk_update *u = e.user.data1;

			if (u->release != NULL)
				u->release(u->data);
			free(u);
		}
	}
	return 0;
}

static int interactive(app *a, const options *o)
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
	/* The sync client will post its updates through a->poster. */
	a->update_event = SDL_RegisterEvents(1);
	a->poster.ctx = a;
	a->poster.post = app_post;
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

int main(int argc, char **argv)
{
	options o;
	app *a = NULL;
	char *cause = NULL;
	porte_time now = 0;
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
	if (o.sync_option != NULL) {
		fprintf(stderr,
		        "porte-kiosk: %s: not available yet: the sync client "
		        "(server, room, token, cache, enrolment) comes later; "
		        "use --state FIXTURE.json for now\n",
		        o.sync_option);
		return 2;
	}
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
	if (o.state == NULL) {
		fprintf(stderr, "porte-kiosk: nothing to show: give --state "
		                "FIXTURE.json (see --help)\n");
		rc = 2;
		goto out;
	}
	now = real_now();
	if (fixture_load(o.state, &a->st, &a->sec, &now, &cause) != 0)
		goto out;
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
	if (o.screenshot != NULL)
		rc = screenshot(a, &o, now);
	else
		rc = interactive(a, &o);
out:
	if (cause != NULL) {
		fprintf(stderr, "porte-kiosk: %s\n", cause);
		free(cause);
	}
	if (a != NULL) {
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

/*
 * page_booking.c - GET /b/{id}: a booking's own page.
 *
 * ?t=TOKEN (the link of the confirmation mail): the booker's view. Room,
 * site, local date and times, the status in words and what it means, the
 * 4-digit check-in code, and buttons (forms POSTing to /b/{id}): confirm
 * (pending), cancel (pending or confirmed, behind a second step), check
 * in (with the door's proof too). The mail's ?a=confirm and ?a=cancel only
 * put that button forward: a GET never changes anything.
 *
 * ?door=PROOF (the QR code on the door): the door's view. The booking's
 * room, time and status, never who booked it, and a form for the 4-digit
 * code of the confirmation mail to check in. The proof alone does
 * nothing: the store checks it, with the code or the token, at check-in.
 *
 * ?done=confirm|cancel|checkin says what was just done (after the 303).
 */
#include <string.h>

#include "page_int.h"
#include "page_text.h"

typedef struct booking_page {
	page *p;
	const page_booking_view *v;
	store_booking_info info;
	store_room room;
	const tz_zone *tz;
	bool booker; /* the booker's view (else the door's) */
} booking_page;

static const char *status_chip(booking_status s)
{
	switch (s) {
	case BOOKING_PENDING:
		return "chip-pending";
	case BOOKING_CONFIRMED:
		return "chip-booked";
	case BOOKING_CHECKED_IN:
		return "chip-free";
	case BOOKING_ENDED:
		return "chip-ended";
	case BOOKING_RELEASED:
		return "chip-released";
	case BOOKING_CANCELLED:
		return "chip-cancelled";
	default:
		return "chip-removed";
	}
}

/* The form's target, "/b/ID" with the forced language. */
static void add_action(booking_page *b)
{
	page_addf(b->p, "/b/%lld", (long long)b->info.id);
	page_lang_query(b->p, true);
}

/* The hidden fields of a form: the action, and the token or the proof. */
static void add_hidden(booking_page *b, const char *action)
{
	page *p = b->p;

	page_addf(p, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
	          action);
	if (b->booker) {
		page_add(p, "<input type=\"hidden\" name=\"t\" value=\"");
		page_esc(p, b->v->token);
		page_add(p, "\">");
	}
	if (b->v->door != NULL) {
		page_add(p, "<input type=\"hidden\" name=\"door\" value=\"");
		page_esc(p, b->v->door);
		page_add(p, "\">");
	}
}

static void add_done(booking_page *b)
{
	static const page_msg msgs[] = {
	        [PAGE_DONE_CONFIRM] = PM_DONE_CONFIRM,
	        [PAGE_DONE_CANCEL] = PM_DONE_CANCEL,
	        [PAGE_DONE_CHECKIN] = PM_DONE_CHECKIN,
	};

	if (b->v->done == PAGE_DONE_NONE)
		return;
	page_add(b->p, "<div class=\"alert alert-ok\" role=\"status\"><p>");
	page_msg_add(b->p, msgs[b->v->done]);
	page_add(b->p, "</p></div>\n");
}

static void add_error(booking_page *b)
{
	page *p = b->p;
	const porte_rules *r = &b->room.rules;
	char before[PAGE_DUR_LEN], after[PAGE_DUR_LEN];
	page_var vars[2] = {{"before", before}, {"after", after}};
	page_var rule[1] = {{"rule", rule_code_name(b->v->rule)}};

	if (b->v->rule == RULE_OK && !b->v->has_error)
		return;
	page_fmt_duration(p->lang, r->checkin_before, before);
	page_fmt_duration(p->lang, r->release_after, after);
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\"><strong>");
	page_msg_add(p, PM_ACT_REFUSED);
	page_add(p, "</strong><p>");
	if (b->v->rule != RULE_OK) {
		page_fill(&p->out, page_rule_text(p->lang, b->v->rule), vars, 2,
		          true);
		page_add(p, "<br><span class=\"rule\">");
		page_msg_fill(p, PM_RULE_NAMED, rule, 1);
		page_add(p, "</span>");
	} else {
		page_msg_add(p, b->v->error);
	}
	page_add(p, "</p></div>\n");
}

static void add_facts(booking_page *b)
{
	page *p = b->p;
	const booking *bk = &b->info.b;
	char day[PAGE_DAY_LEN], x[PAGE_HHMM_LEN], y[PAGE_HHMM_LEN];
	char dur[PAGE_DUR_LEN];

	page_fmt_day(p->lang, tz_date_of(b->tz, bk->start), day);
	page_fmt_hhmm(b->tz, bk->start, x);
	page_fmt_hhmm(b->tz, bk->end, y);
	page_fmt_duration(p->lang, (int)((bk->end - bk->start) / 60), dur);
	page_add(p, "<dl class=\"facts\"><dt>");
	page_msg_add(p, PM_FACT_DATE);
	page_add(p, "</dt><dd>");
	page_esc(p, day);
	page_add(p, "</dd><dt>");
	page_msg_add(p, PM_FACT_TIME);
	page_addf(p, "</dt><dd>%s – %s <span class=\"note\">(%s)</span></dd>",
	          x, y, dur);
	if (b->info.title[0] != '\0') {
		page_add(p, "<dt>");
		page_msg_add(p, PM_FACT_SUBJECT);
		page_add(p, "</dt><dd>");
		page_esc(p, b->info.title);
		page_add(p, "</dd>");
	}
	page_add(p, "<dt>");
	page_msg_add(p, PM_FACT_PLACE);
	page_add(p, "</dt><dd>");
	page_esc(p, b->room.site_name);
	page_add(p, "</dd></dl>\n");
}

static void add_explain(booking_page *b)
{
	page *p = b->p;
	const store_booking_info *in = &b->info;
	char day[PAGE_DAY_LEN], t1[PAGE_HHMM_LEN], t2[PAGE_HHMM_LEN];
	page_var v[4] = {
	        {"day", day}, {"time", t1}, {"opens", t1}, {"deadline", t2}};
	page_msg m;

	day[0] = '\0';
	t1[0] = '\0';
	t2[0] = '\0';
	switch (in->b.status) {
	case BOOKING_PENDING:
		m = cal_date_cmp(tz_date_of(b->tz, in->confirm_deadline),
		                 tz_date_of(b->tz, p->now)) == 0
		            ? PM_EX_PENDING_TODAY
		            : PM_EX_PENDING;
		page_fmt_day(p->lang, tz_date_of(b->tz, in->confirm_deadline),
		             day);
		page_fmt_hhmm(b->tz, in->confirm_deadline, t1);
		break;
	case BOOKING_CONFIRMED:
		m = PM_EX_CONFIRMED;
		page_fmt_hhmm(b->tz, in->checkin_opens, t1);
		page_fmt_hhmm(b->tz, in->release_deadline, t2);
		break;
	case BOOKING_CHECKED_IN:
		m = PM_EX_CHECKED_IN;
		page_fmt_hhmm(b->tz, in->b.checked_in_at, t1);
		break;
	case BOOKING_ENDED:
		m = PM_EX_ENDED;
		break;
	case BOOKING_RELEASED:
		m = PM_EX_RELEASED;
		page_fmt_hhmm(b->tz, in->b.closed_at, t1);
		break;
	case BOOKING_CANCELLED:
		m = PM_EX_CANCELLED;
		break;
	default:
		m = PM_EX_REMOVED;
		break;
	}
	page_add(p, "<p class=\"explain\">");
	page_msg_fill(p, m, v, 4);
	page_add(p, "</p>\n");
}

/* True when a check-in can still be tried: confirmed (or checked in
 * already: nothing to do) and before the release deadline. */
static bool checkin_possible(const booking_page *b)
{
	return b->info.b.status == BOOKING_CONFIRMED &&
	       b->p->now < b->info.release_deadline &&
	       b->p->now < b->info.b.end;
}

static void add_opens_note(booking_page *b)
{
	char t[PAGE_HHMM_LEN];
	page_var v[1] = {{"time", t}};

	if (b->p->now >= b->info.checkin_opens)
		return;
	page_fmt_hhmm(b->tz, b->info.checkin_opens, t);
	page_add(b->p, "<p class=\"hint\">");
	page_msg_fill(b->p, PM_CHECKIN_OPENS, v, 1);
	page_add(b->p, "</p>");
}

static void add_booker_actions(booking_page *b)
{
	page *p = b->p;
	booking_status s = b->info.b.status;
	bool cancel_open =
	        b->v->hint != NULL && strcmp(b->v->hint, "cancel") == 0;

	page_add(p, "<div class=\"actions\">");
	if (s == BOOKING_PENDING) {
		page_add(p, "<form method=\"post\" action=\"");
		add_action(b);
		page_add(p, "\">");
		add_hidden(b, "confirm");
		page_add(p, "<button class=\"btn btn-primary btn-block\" "
		            "type=\"submit\" name=\"go\" value=\"confirm\">");
		page_msg_add(p, PM_CONFIRM_BUTTON);
		page_add(p, "</button></form>\n");
	}
	if (b->v->door == NULL && checkin_possible(b)) {
		page_add(p, "<p class=\"hint\">");
		page_msg_add(p, PM_SCAN_HINT);
		page_add(p, "</p>\n");
	}
	if (b->v->door != NULL && checkin_possible(b)) {
		page_add(p, "<form method=\"post\" action=\"");
		add_action(b);
		page_add(p, "\">");
		add_hidden(b, "checkin");
		page_add(p, "<button class=\"btn btn-primary btn-block\" "
		            "type=\"submit\" name=\"go\" value=\"checkin\">");
		page_msg_add(p, PM_CHECKIN_BUTTON);
		page_add(p, "</button>");
		add_opens_note(b);
		page_add(p, "</form>\n");
	}
	if (s == BOOKING_PENDING || s == BOOKING_CONFIRMED) {
		page_addf(p, "<details class=\"cancel\"%s><summary>",
		          cancel_open ? " open" : "");
		page_msg_add(p, PM_CANCEL_SUMMARY);
		page_add(p, "</summary><p>");
		page_msg_add(p, PM_CANCEL_TEXT);
		page_add(p, "</p><form method=\"post\" action=\"");
		add_action(b);
		page_add(p, "\">");
		add_hidden(b, "cancel");
		page_add(p, "<button class=\"btn btn-danger btn-block\" "
		            "type=\"submit\" name=\"go\" value=\"cancel\">");
		page_msg_add(p, PM_CANCEL_BUTTON);
		page_add(p, "</button></form></details>\n");
	}
	page_add(p, "</div>\n");
}

static void add_code(booking_page *b)
{
	page *p = b->p;
	char t1[PAGE_HHMM_LEN], t2[PAGE_HHMM_LEN];
	page_var v[2] = {{"opens", t1}, {"deadline", t2}};
	booking_status s = b->info.b.status;

	if ((s != BOOKING_PENDING && s != BOOKING_CONFIRMED) ||
	    b->info.code[0] == '\0')
		return;
	page_fmt_hhmm(b->tz, b->info.checkin_opens, t1);
	page_fmt_hhmm(b->tz, b->info.release_deadline, t2);
	page_add(p, "<section class=\"codebox\"><span class=\"label\">");
	page_msg_add(p, PM_CODE_LABEL);
	page_add(p, "</span><p class=\"code\">");
	page_esc(p, b->info.code);
	page_add(p, "</p><p class=\"hint\">");
	page_msg_fill(p, PM_CODE_HINT, v, 2);
	page_add(p, "</p></section>\n");
}

static void add_door_form(booking_page *b)
{
	page *p = b->p;
	booking_status s = b->info.b.status;

	if (s == BOOKING_PENDING) {
		page_add(p, "<div class=\"alert alert-warn\"><p>");
		page_msg_add(p, PM_DOOR_PENDING);
		page_add(p, "</p></div>\n");
		return;
	}
	if (!checkin_possible(b))
		return;
	page_add(p, "<form class=\"checkin\" method=\"post\" action=\"");
	add_action(b);
	page_add(p, "\"><h2>");
	page_msg_add(p, PM_CHECKIN_HEAD);
	page_add(p, "</h2><p>");
	page_msg_add(p, PM_DOOR_TEXT);
	page_add(p, "</p>");
	add_hidden(b, "checkin");
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	page_msg_add(p, PM_DOOR_CODE_LABEL);
	page_add(p, "</span><input class=\"code-input\" type=\"text\" "
	            "name=\"code\" inputmode=\"numeric\" pattern=\"[0-9]{4}\" "
	            "maxlength=\"4\" autocomplete=\"one-time-code\" required>"
	            "<span class=\"hint\">");
	page_msg_add(p, PM_DOOR_CODE_HINT);
	page_add(p,
	         "</span></label><button class=\"btn btn-primary btn-block\" "
	         "type=\"submit\">");
	page_msg_add(p, PM_CHECKIN_BUTTON);
	page_add(p, "</button>");
	add_opens_note(b);
	page_add(p, "</form>\n");
}

static void add_room_link(booking_page *b)
{
	char day[CAL_DATE_LEN];

	cal_format_date(tz_date_of(b->tz, b->info.b.start), day);
	page_add(b->p, "<p class=\"note\"><a href=\"/r/");
	page_esc(b->p, b->info.room);
	page_addf(b->p, "?date=%s", day);
	page_lang_query(b->p, false);
	page_add(b->p, "\">");
	page_msg_add(b->p, PM_VIEW_ROOM);
	page_add(b->p, "</a></p>\n");
}

static void render(booking_page *b)
{
	page *p = b->p;
	char self[PAGE_URL_MAX];
	bool prompt = b->booker && b->info.b.status == BOOKING_PENDING &&
	              b->v->hint != NULL && strcmp(b->v->hint, "confirm") == 0;

	if (b->booker)
		snprintf(self, sizeof(self), "/b/%lld?t=%s",
		         (long long)b->info.id, b->v->token);
	else
		snprintf(self, sizeof(self), "/b/%lld?door=%s",
		         (long long)b->info.id, b->v->door);
	page_begin(p, page_tr(p, b->booker ? PM_BOOKING_TITLE : PM_DOOR_HEAD),
	           NULL, self, true);
	page_add(p, "<p class=\"eyebrow\">");
	page_msg_add(p, b->booker ? PM_BOOKING_TITLE : PM_DOOR_HEAD);
	page_add(p, "</p>\n<h1>");
	page_esc(p, b->room.name);
	page_add(p, "</h1>\n");
	add_done(b);
	add_error(b);
	if (prompt) {
		page_add(p, "<div class=\"alert alert-info\"><p>");
		page_msg_add(p, PM_CONFIRM_PROMPT);
		page_add(p, "</p></div>\n");
	}
	page_addf(p, "<section class=\"card\"><p class=\"status %s\">",
	          status_chip(b->info.b.status));
	page_esc(p, page_status_word(p->lang, b->info.b.status));
	page_add(p, "</p>\n");
	add_facts(b);
	add_explain(b);
	if (b->booker) {
		add_booker_actions(b);
		page_add(p, "</section>\n");
		add_code(b);
	} else {
		page_add(p, "</section>\n");
		if (b->info.b.status == BOOKING_PENDING ||
		    checkin_possible(b)) {
			page_add(p, "<section class=\"card\">");
			add_door_form(b);
			page_add(p, "</section>\n");
		}
	}
	add_room_link(b);
	page_end(p);
}

/* Reads the booking as the view may see it. Replies itself (and frees P)
 * on failure: returns 1 then, 0 when *B is ready. */
static int load(page *p, const page_booking_view *v, booking_page *b, int *rc)
{
	store_status st;

	if (v->token != NULL) {
		b->booker = true;
		st = page_token_ok(v->token, STORE_TOKEN_LEN)
		             ? store_booking_auth(p->app->store, v->id,
		                                  v->token, &b->info)
		             : STORE_UNAUTHORIZED;
	} else if (v->door != NULL && page_proof_ok(v->door)) {
		st = store_booking_at_door(p->app->store, v->id, v->door,
		                           app_now(p->app), &b->info);
	} else {
		page_free(p);
		*rc = page_error(p->req, p->app, 403, PM_ERR_LINK,
		                 v->door != NULL ? PM_ERR_DOOR_TEXT
		                                 : PM_ERR_LINK_TEXT);
		return 1;
	}
	if (st == STORE_OK)
		st = store_room_get(p->app->store, b->info.room, &b->room);
	if (st == STORE_OK) {
		b->tz = page_zone(p, b->info.tz);
		if (b->tz == NULL)
			st = STORE_ERROR;
	}
	if (st == STORE_OK)
		return 0;
	page_free(p);
	if (st == STORE_NOT_FOUND)
		*rc = page_error(p->req, p->app, 404, PM_ERR_NOT_FOUND,
		                 PM_ERR_BOOKING_TEXT);
	else if (st == STORE_UNAUTHORIZED)
		*rc = page_error(p->req, p->app, 403, PM_ERR_LINK,
		                 b->booker ? PM_ERR_LINK_TEXT
		                           : PM_ERR_DOOR_TEXT);
	else
		*rc = page_store_error(p->req, p->app, st);
	return 1;
}

int page_booking_reply(page *p, const page_booking_view *v, unsigned status)
{
	booking_page b = {.p = p, .v = v};
	int rc = 0;

	if (load(p, v, &b, &rc) != 0)
		return rc;
	render(&b);
	return page_send(p, status);
}

static page_done parse_done(const char *s)
{
	if (s == NULL)
		return PAGE_DONE_NONE;
	if (strcmp(s, "confirm") == 0)
		return PAGE_DONE_CONFIRM;
	if (strcmp(s, "cancel") == 0)
		return PAGE_DONE_CANCEL;
	if (strcmp(s, "checkin") == 0)
		return PAGE_DONE_CHECKIN;
	return PAGE_DONE_NONE;
}

static int route_booking(http_request *req, void *app)
{
	page p;
	page_booking_view v = {0};

	if (page_parse_id(http_param(req, "id"), &v.id) != 0)
		return page_error(req, app, 404, PM_ERR_NOT_FOUND,
		                  PM_ERR_BOOKING_TEXT);
	page_init(&p, req, app);
	v.token = http_query(req, "t");
	v.door = http_query(req, "door");
	v.hint = http_query(req, "a");
	v.done = parse_done(http_query(req, "done"));
	if (v.token != NULL && v.token[0] == '\0')
		v.token = NULL;
	/* A booker's link with a stale or mangled door code: the booker's
	 * page without the door. */
	if (v.token != NULL && v.door != NULL && !page_proof_ok(v.door))
		v.door = NULL;
	return page_booking_reply(&p, &v, 200);
}

const http_route page_booking_route = {"GET", "/b/{id}", route_booking, 0};

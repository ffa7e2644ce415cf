/*
 * page_room.c - GET /r/{room}: a room's day for anyone.
 *
 * The day's opening hours, a bar of the day, the bookings (titles only:
 * no names, no e-mails) and the free times on the room's slot grid, then
 * the booking form. ?date=YYYY-MM-DD shows another day (links to the day
 * before and after, a date field); ?start=RFC3339 preselects a start
 * (the "Book" links of the free times); ?booked=1 says what comes after
 * a booking. Training rooms are internal: no form.
 */
#include <stdlib.h>
#include <string.h>

#include "page_int.h"
#include "page_text.h"

/* Most free times listed; a day on a 1-minute grid has 1440 slots. */
#define MAX_FREE 1440
/* Most agenda rows: bookings of the day and free ranges. */
#define MAX_ITEMS 4096
/* Most distinct titles shown on a workshop slot's row. */
#define GROUP_TITLES 3

typedef struct free_range {
	porte_time start;
	porte_time end;
	int places; /* left in each slot of the range */
} free_range;

typedef struct room_day {
	page *p;
	store_room room;
	const tz_zone *tz;
	cal_date date;
	cal_date today;
	char date_s[CAL_DATE_LEN];
	store_schedule *sched;
	porte_time from; /* the first instant one may still book */
	free_range *ranges;
	size_t nranges;
	porte_time *starts; /* every free slot's start */
	size_t nstarts;
} room_day;

typedef struct agenda_item {
	porte_time start;
	porte_time end;
	const store_slot *slot; /* NULL: a free range */
	const free_range *range;
} agenda_item;

/* ---- the facts ----------------------------------------------------------- */

static bool slot_listed(const store_slot *s)
{
	return s->b.status == BOOKING_PENDING ||
	       s->b.status == BOOKING_CONFIRMED ||
	       s->b.status == BOOKING_CHECKED_IN ||
	       s->b.status == BOOKING_ENDED;
}

/* Bookings of the day that hold [A, B) at some instant. */
static int held_during(const store_schedule *s, porte_time a, porte_time b)
{
	int n = 0;

	for (size_t i = 0; i < s->nslots; i++) {
		const booking *bk = &s->slots[i].b;

		if (bk->status == BOOKING_CANCELLED ||
		    bk->status == BOOKING_REMOVED)
			continue;
		if (bk->start < b && booking_effective_end(bk) > a)
			n++;
	}
	return n;
}

static void add_free(room_day *d, porte_time a, porte_time b, int places)
{
	free_range *last = d->nranges > 0 ? &d->ranges[d->nranges - 1] : NULL;

	if (d->nstarts < MAX_FREE)
		d->starts[d->nstarts++] = a;
	if (last != NULL && last->end == a && last->places == places) {
		last->end = b;
		return;
	}
	if (d->nranges < MAX_FREE)
		d->ranges[d->nranges++] = (free_range){a, b, places};
}

/* Fills the free ranges and starts: the grid slots of the open spans, from
 * D->from on, that hold fewer bookings than the room's capacity. */
static void find_free(room_day *d)
{
	const store_schedule *s = d->sched;
	int step = d->room.rules.granularity;
	int cap = d->room.kind == ROOM_WORKSHOP && d->room.capacity > 1
	                  ? d->room.capacity
	                  : 1;

	for (int i = 0; i < s->nspans; i++) {
		porte_time t = s->span_start[i];

		if (t < d->from)
			t = d->from;
		t = tz_grid_ceil(d->tz, t, step);
		while (t < s->span_end[i]) {
			porte_time next = tz_grid_ceil(d->tz, t + 1, step);
			int left;

			if (next <= t || next > s->span_end[i])
				break;
			left = cap - held_during(s, t, next);
			if (left > 0)
				add_free(d, t, next, left);
			t = next;
		}
	}
}

static int item_cmp(const void *a, const void *b)
{
	const agenda_item *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* bookings before free times at the same instant */
	return (x->slot == NULL) - (y->slot == NULL);
}

/* ---- pieces of the page ------------------------------------------------- */

static void add_day_link(room_day *d, cal_date date, const char *extra)
{
	char ds[CAL_DATE_LEN];

	cal_format_date(date, ds);
	page_add(d->p, "/r/");
	page_esc(d->p, d->room.slug);
	page_addf(d->p, "?date=%s", ds);
	if (extra != NULL)
		page_add(d->p, extra);
	page_lang_query(d->p, false);
}

static void add_range(page *p, const tz_zone *z, porte_time a, porte_time b)
{
	char x[PAGE_HHMM_LEN], y[PAGE_HHMM_LEN];

	page_fmt_hhmm(z, a, x);
	page_fmt_hhmm(z, b, y);
	page_addf(p, "%s – %s", x, y);
}

static void add_hours(room_day *d)
{
	const store_schedule *s = d->sched;
	page *p = d->p;

	page_add(p, "<p class=\"hours\">");
	if (s->nspans == 0) {
		page_add(p, "<span>");
		page_msg_add(p, PM_CLOSED_DAY);
		page_add(p, "</span>");
	} else {
		strbuf hours;
		char x[PAGE_HHMM_LEN], y[PAGE_HHMM_LEN];
		page_var v[1];

		strbuf_init(&hours, 256);
		for (int i = 0; i < s->nspans; i++) {
			page_fmt_hhmm(d->tz, s->span_start[i], x);
			page_fmt_hhmm(d->tz, s->span_end[i], y);
			strbuf_addf(&hours, "%s%s – %s", i > 0 ? ", " : "", x,
			            y);
		}
		v[0] = (page_var){"hours", strbuf_str(&hours)};
		page_add(p, "<span>");
		page_msg_fill(p, PM_OPEN_HOURS, v, 1);
		page_add(p, "</span>");
		strbuf_free(&hours);
	}
	if (s->exception && s->nspans > 0) {
		page_add(p, "<span class=\"tag\">");
		page_msg_add(p, PM_EXCEPTIONAL);
		page_add(p, "</span>");
	}
	if (s->note[0] != '\0') {
		page_add(p, "<span class=\"note\">");
		page_esc(p, s->note);
		page_add(p, "</span>");
	}
	page_add(p, "</p>\n");
}

/* Writes the position of T in [A, B) as a percentage ("37.50"). */
static void add_pct(page *p, porte_time t, porte_time a, porte_time b)
{
	long long span = (long long)(b - a);
	long long x;

	if (t < a)
		t = a;
	if (t > b)
		t = b;
	x = span > 0 ? (long long)(t - a) * 10000 / span : 0;
	page_addf(p, "%lld.%02lld", x / 100, x % 100);
}

static void add_seg(page *p, const char *cls, porte_time s, porte_time e,
                    porte_time a, porte_time b)
{
	page_addf(p, "<span class=\"seg %s\" style=\"left:", cls);
	add_pct(p, s, a, b);
	page_add(p, "%;width:");
	add_pct(p, a + (e - s), a, b);
	page_add(p, "%\"></span>");
}

static const char *seg_class(booking_status st)
{
	switch (st) {
	case BOOKING_PENDING:
		return "seg-p";
	case BOOKING_CHECKED_IN:
		return "seg-u";
	case BOOKING_ENDED:
		return "seg-e";
	default:
		return "seg-b";
	}
}

/* The bar of the day, from the first opening to the last closing:
 * decorative (the agenda says it all in words). */
static void add_daybar(room_day *d)
{
	const store_schedule *s = d->sched;
	page *p = d->p;
	porte_time a, b, t, margin;
	int step;

	if (s->nspans == 0)
		return;
	a = s->span_start[0];
	b = s->span_end[s->nspans - 1];
	if (b <= a)
		return;
	page_add(p, "<div class=\"daybar\" aria-hidden=\"true\">"
	            "<div class=\"track\">");
	for (int i = 0; i < s->nspans; i++)
		add_seg(p, "seg-open", s->span_start[i], s->span_end[i], a, b);
	for (size_t i = 0; i < s->nslots; i++) {
		const store_slot *sl = &s->slots[i];
		porte_time e = booking_effective_end(&sl->b);

		if (!slot_listed(sl) || e <= a || sl->b.start >= b)
			continue;
		add_seg(p, seg_class(sl->b.status),
		        sl->b.start < a ? a : sl->b.start, e > b ? b : e, a, b);
	}
	if (d->p->now > a)
		add_seg(p, "seg-past", a, d->p->now < b ? d->p->now : b, a, b);
	if (d->p->now > a && d->p->now < b) {
		page_add(p, "<span class=\"seg seg-now\" style=\"left:");
		add_pct(p, d->p->now, a, b);
		page_add(p, "%\"></span>");
	}
	page_add(p, "</div><div class=\"ticks\">");
	step = b - a <= (porte_time)5 * 3600    ? 60
	       : b - a <= (porte_time)12 * 3600 ? 120
	                                        : 180;
	/* Hours inside the bar only, not too near its ends (the opening
	 * hours are written above it). */
	margin = (b - a) / 16;
	for (t = tz_grid_ceil(d->tz, a + margin, step); t < b - margin;) {
		char hh[PAGE_HHMM_LEN];
		porte_time next = tz_grid_ceil(d->tz, t + 1, step);

		page_fmt_hhmm(d->tz, t, hh);
		page_add(p, "<span style=\"left:");
		add_pct(p, t, a, b);
		page_addf(p, "%%\">%s</span>", hh);
		if (next <= t)
			break;
		t = next;
	}
	page_add(p, "</div></div>\n");
}

static void add_places(page *p, page_msg m, int n)
{
	char num[24];
	page_var v[1] = {{"n", num}};

	snprintf(num, sizeof(num), "%d", n);
	page_msg_fill(p, m, v, 1);
}

static void add_booking_row(room_day *d, const store_slot *sl)
{
	page *p = d->p;
	porte_time end = booking_effective_end(&sl->b);
	const char *cls = "st-booked", *chip = "chip-booked";
	page_msg word = PM_PUB_BOOKED;

	switch (sl->b.status) {
	case BOOKING_PENDING:
		cls = "st-pending";
		chip = "chip-pending";
		word = PM_PUB_PENDING;
		break;
	case BOOKING_CHECKED_IN:
		cls = "st-inuse";
		chip = "chip-inuse";
		word = PM_PUB_IN_USE;
		break;
	case BOOKING_ENDED:
		cls = "st-ended";
		chip = "chip-ended";
		word = PM_PUB_ENDED;
		break;
	default:
		break;
	}
	page_addf(p, "<li class=\"%s%s\"><span class=\"time\">", cls,
	          end <= p->now ? " past" : "");
	add_range(p, d->tz, sl->b.start, end);
	page_add(p, "</span><span class=\"what\">");
	if (sl->title[0] != '\0')
		page_esc(p, sl->title);
	else
		page_msg_add(p, sl->walk_in ? PM_WALK_IN : PM_UNTITLED);
	page_addf(p, "</span><span class=\"chip %s\">", chip);
	page_msg_add(p, word);
	page_add(p, "</span></li>\n");
}

static void add_free_row(room_day *d, const free_range *r, bool form)
{
	page *p = d->p;
	char start[CAL_RFC3339_LEN];

	page_add(p, "<li class=\"free\"><span class=\"time\">");
	add_range(p, d->tz, r->start, r->end);
	page_add(p, "</span><span class=\"what\">");
	if (d->room.kind == ROOM_WORKSHOP && d->room.capacity > 1)
		add_places(p, PM_FREE_PLACES, r->places);
	else
		page_msg_add(p, PM_FREE);
	page_add(p, "</span>");
	if (form) {
		cal_format_rfc3339(r->start, start);
		page_add(p, "<a class=\"chip chip-book\" href=\"");
		add_day_link(d, d->date, NULL);
		page_addf(p, "&amp;start=%s#book\">", start);
		page_msg_add(p, PM_BOOK_THIS);
		page_add(p, "</a>");
	} else {
		page_add(p, "<span class=\"chip chip-free\">");
		page_msg_add(p, PM_FREE);
		page_add(p, "</span>");
	}
	page_add(p, "</li>\n");
}

/* How many bookings from ITEMS[I] on share its times (a workshop's
 * bookers of one slot, shown as one row); 1 for anything else. */
static size_t same_run(const room_day *d, const agenda_item *items, size_t n,
                       size_t i)
{
	const store_slot *a = items[i].slot;
	size_t j = i + 1;

	if (a == NULL || d->room.kind != ROOM_WORKSHOP)
		return 1;
	while (j < n && items[j].slot != NULL &&
	       items[j].slot->b.start == a->b.start &&
	       booking_effective_end(&items[j].slot->b) ==
	               booking_effective_end(&a->b))
		j++;
	return j - i;
}

/* One row for N bookings of a workshop slot: their titles (each once)
 * and how many places they take. */
static void add_group_row(room_day *d, const agenda_item *items, size_t n)
{
	page *p = d->p;
	const store_slot *a = items[0].slot;
	porte_time end = booking_effective_end(&a->b);
	bool in_use = false;
	int shown = 0;
	char num[24], cap[16];
	page_var v[2] = {{"n", num}, {"cap", cap}};

	for (size_t i = 0; i < n; i++)
		in_use =
		        in_use || items[i].slot->b.status == BOOKING_CHECKED_IN;
	page_addf(p, "<li class=\"%s%s\"><span class=\"time\">",
	          in_use ? "st-inuse" : "st-booked",
	          end <= p->now ? " past" : "");
	add_range(p, d->tz, a->b.start, end);
	page_add(p, "</span><span class=\"what\">");
	for (size_t i = 0; i < n; i++) {
		const char *t = items[i].slot->title;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(items[j].slot->title, t) == 0;
		if (seen || t[0] == '\0')
			continue;
		if (shown == GROUP_TITLES) {
			page_add(p, " …");
			break;
		}
		if (shown > 0)
			page_add(p, " · ");
		page_esc(p, t);
		shown++;
	}
	if (shown == 0)
		page_msg_add(p, PM_UNTITLED);
	snprintf(num, sizeof(num), "%zu", n);
	snprintf(cap, sizeof(cap), "%d", d->room.capacity);
	page_add(p, " <span class=\"note\">(");
	page_msg_fill(p, PM_TAKEN, v, 2);
	page_addf(p, ")</span></span><span class=\"chip %s\">",
	          in_use ? "chip-inuse" : "chip-booked");
	page_msg_add(p, in_use ? PM_PUB_IN_USE : PM_PUB_BOOKED);
	page_add(p, "</span></li>\n");
}

static int add_agenda(room_day *d, bool form)
{
	const store_schedule *s = d->sched;
	agenda_item *items;
	size_t n = 0;

	items = calloc(s->nslots + d->nranges + 1, sizeof(*items));
	if (items == NULL)
		return -1;
	for (size_t i = 0; i < s->nslots && n < MAX_ITEMS; i++) {
		if (slot_listed(&s->slots[i]))
			items[n++] = (agenda_item){s->slots[i].b.start, 0,
			                           &s->slots[i], NULL};
	}
	for (size_t i = 0; i < d->nranges && n < MAX_ITEMS; i++)
		items[n++] = (agenda_item){d->ranges[i].start, d->ranges[i].end,
		                           NULL, &d->ranges[i]};
	qsort(items, n, sizeof(*items), item_cmp);
	page_add(d->p, "<ol class=\"agenda\">\n");
	if (n == 0) {
		page_add(d->p, "<li class=\"empty\">");
		page_msg_add(d->p,
		             s->nspans == 0 ? PM_CLOSED_DAY : PM_NO_BOOKINGS);
		page_add(d->p, "</li>\n");
	}
	for (size_t i = 0; i < n;) {
		size_t run = same_run(d, items, n, i);

		if (items[i].slot == NULL)
			add_free_row(d, items[i].range, form);
		else if (run > 1)
			add_group_row(d, items + i, run);
		else
			add_booking_row(d, items[i].slot);
		i += run;
	}
	page_add(d->p, "</ol>\n");
	free(items);
	return 0;
}

static void add_daynav(room_day *d)
{
	page *p = d->p;
	char day[PAGE_DAY_LEN];

	page_fmt_day(p->lang, d->date, day);
	page_add(p, "<div class=\"daynav\"><a class=\"navbtn\" rel=\"prev\" "
	            "href=\"");
	add_day_link(d, cal_date_add_days(d->date, -1), NULL);
	page_add(p, "\" aria-label=\"");
	page_msg_add(p, PM_PREV_DAY);
	page_add(p, "\">‹</a><h2 class=\"day\" id=\"day\">");
	page_esc(p, day);
	if (cal_date_cmp(d->date, d->today) == 0) {
		page_add(p, "<small>");
		page_msg_add(p, PM_TODAY);
		page_add(p, "</small>");
	}
	page_add(p, "</h2><a class=\"navbtn\" rel=\"next\" href=\"");
	add_day_link(d, cal_date_add_days(d->date, 1), NULL);
	page_add(p, "\" aria-label=\"");
	page_msg_add(p, PM_NEXT_DAY);
	page_add(p, "\">›</a></div>\n");
}

static void add_datepick(room_day *d)
{
	page *p = d->p;
	char maxs[CAL_DATE_LEN];

	cal_format_date(
	        cal_date_add_days(d->today, d->room.rules.too_far_ahead), maxs);
	page_add(p, "<form class=\"datepick\" method=\"get\" action=\"/r/");
	page_esc(p, d->room.slug);
	page_add(p, "\"><label for=\"date\">");
	page_msg_add(p, PM_GO_TO_DATE);
	page_addf(p,
	          "</label><input type=\"date\" id=\"date\" name=\"date\" "
	          "value=\"%s\" max=\"%s\" required>",
	          d->date_s, maxs);
	if (p->lang_forced)
		page_addf(p,
		          "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
		          p->lang);
	page_add(p, "<button class=\"btn btn-quiet\" type=\"submit\">");
	page_msg_add(p, PM_SHOW);
	page_add(p, "</button>");
	if (cal_date_cmp(d->date, d->today) != 0) {
		page_add(p, "<a class=\"today-link\" href=\"/r/");
		page_esc(p, d->room.slug);
		page_lang_query(p, true);
		page_add(p, "\">");
		page_msg_add(p, PM_TODAY);
		page_add(p, "</a>");
	}
	page_add(p, "</form>\n");
}

static void add_messages(room_day *d)
{
	for (size_t i = 0; i < d->sched->nmessages; i++) {
		page_add(d->p, "<div class=\"alert alert-warn\" role=\"note\">"
		               "<strong>");
		page_msg_add(d->p, PM_MESSAGE);
		page_add(d->p, "</strong><p>");
		page_esc(d->p, d->sched->messages[i].text);
		page_add(d->p, "</p></div>\n");
	}
}

/* The placeholders of the rule sentences, for this room. */
static void rule_values(const store_room *room, const char *lang,
                        const char *domains, char dur[6][PAGE_DUR_LEN],
                        char *ahead, size_t ahead_len, page_var vars[9])
{
	const porte_rules *r = &room->rules;

	page_fmt_duration(lang, r->granularity, dur[0]);
	page_fmt_duration(lang, r->min_duration, dur[1]);
	page_fmt_duration(lang, r->max_duration, dur[2]);
	page_fmt_duration(lang, r->daily_quota, dur[3]);
	page_fmt_duration(lang, r->monthly_quota, dur[4]);
	page_fmt_duration(lang, r->checkin_before, dur[5]);
	snprintf(ahead, ahead_len, "%d", r->too_far_ahead);
	vars[0] = (page_var){"grid", dur[0]};
	vars[1] = (page_var){"min", dur[1]};
	vars[2] = (page_var){"max", dur[2]};
	vars[3] = (page_var){"daily", dur[3]};
	vars[4] = (page_var){"monthly", dur[4]};
	vars[5] = (page_var){"before", dur[5]};
	vars[6] = (page_var){"after", ""};
	vars[7] = (page_var){"ahead", ahead};
	vars[8] = (page_var){"domains", domains};
}

/* "@a.fr, @b.fr" of a site's "a.fr,b.fr" into OUT. */
static void domain_list(const char *domains, strbuf *out)
{
	const char *s = domains;

	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		size_t n = comma != NULL ? (size_t)(comma - s) : strlen(s);

		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		if (n > 0) {
			if (strbuf_len(out) > 0)
				strbuf_adds(out, ", ");
			strbuf_addc(out, '@');
			strbuf_add(out, s, n);
		}
		if (comma == NULL)
			break;
		s = comma + 1;
	}
}

static void add_refusal(room_day *d, const page_room_form *f,
                        const char *domains)
{
	page *p = d->p;
	char dur[6][PAGE_DUR_LEN];
	char ahead[16], after[PAGE_DUR_LEN];
	page_var vars[9];
	page_var rule[1] = {{"rule", rule_code_name(f->rule)}};

	rule_values(&d->room, p->lang, domains, dur, ahead, sizeof(ahead),
	            vars);
	page_fmt_duration(p->lang, d->room.rules.release_after, after);
	vars[6].value = after;
	page_add(p, "<div class=\"alert alert-error\" role=\"alert\"><strong>");
	page_msg_add(p, PM_REFUSED_HEAD);
	page_add(p, "</strong><p>");
	if (f->rule != RULE_OK) {
		page_fill(&p->out, page_rule_text(p->lang, f->rule), vars, 9,
		          true);
		page_add(p, "<br><span class=\"rule\">");
		page_msg_fill(p, PM_RULE_NAMED, rule, 1);
		page_add(p, "</span>");
	} else {
		page_msg_add(p, f->error);
	}
	page_add(p, "</p></div>\n");
}

static void add_select_start(room_day *d, const page_room_form *f)
{
	page *p = d->p;
	porte_time want = 0;

	if (f != NULL && f->start != NULL)
		cal_parse_rfc3339(f->start, &want);
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	page_msg_add(p, PM_FORM_START);
	page_add(p, "</span><select name=\"start\" required>");
	for (size_t i = 0; i < d->nstarts; i++) {
		char v[CAL_RFC3339_LEN], hh[PAGE_HHMM_LEN];

		cal_format_rfc3339(d->starts[i], v);
		page_fmt_hhmm(d->tz, d->starts[i], hh);
		page_addf(p, "<option value=\"%s\"%s>%s</option>", v,
		          d->starts[i] == want ? " selected" : "", hh);
	}
	page_add(p, "</select></label>\n");
}

static void add_select_minutes(room_day *d, const page_room_form *f)
{
	page *p = d->p;
	const porte_rules *r = &d->room.rules;
	int step = r->granularity > 0 ? r->granularity : 30;
	int want = f != NULL && f->minutes > 0 ? f->minutes : 60;

	if (want < r->min_duration || want > r->max_duration ||
	    want % step != 0)
		want = r->min_duration;
	page_add(p, "<label class=\"field\"><span class=\"label\">");
	page_msg_add(p, PM_FORM_DURATION);
	page_add(p, "</span><select name=\"minutes\">");
	for (int m = r->min_duration; m <= r->max_duration; m += step) {
		char dur[PAGE_DUR_LEN];

		if (m <= 0)
			continue;
		page_fmt_duration(p->lang, m, dur);
		page_addf(p, "<option value=\"%d\"%s>%s</option>", m,
		          m == want ? " selected" : "", dur);
	}
	page_add(p, "</select></label>\n");
}

static void add_form(room_day *d, const page_room_form *f, const char *domains)
{
	page *p = d->p;
	char within[PAGE_DUR_LEN];
	page_var v[1] = {{"within", within}};

	page_fmt_duration(p->lang, d->room.rules.confirm_within, within);
	page_add(p, "<form class=\"card\" id=\"book\" method=\"post\" "
	            "action=\"/r/");
	page_esc(p, d->room.slug);
	page_lang_query(p, true);
	page_add(p, "#book\">\n<h2>");
	page_msg_add(p, PM_FORM_TITLE);
	page_add(p, "</h2>\n");
	if (f != NULL && (f->rule != RULE_OK || f->has_error))
		add_refusal(d, f, domains);
	page_addf(p, "<input type=\"hidden\" name=\"date\" value=\"%s\">\n",
	          d->date_s);
	page_add(p, "<div class=\"row\">");
	add_select_start(d, f);
	add_select_minutes(d, f);
	page_add(p, "</div>\n<label class=\"field\"><span class=\"label\">");
	page_msg_add(p, PM_FORM_SUBJECT);
	page_addf(p,
	          "</span><input type=\"text\" name=\"title\" "
	          "maxlength=\"%d\" autocomplete=\"off\" value=\"",
	          STORE_TITLE_MAX);
	page_esc(p, f != NULL ? f->title : NULL);
	page_add(p, "\"><span class=\"hint\">");
	page_msg_add(p, PM_FORM_SUBJECT_HINT);
	page_add(p, "</span></label>\n<label class=\"field\">"
	            "<span class=\"label\">");
	page_msg_add(p, PM_FORM_EMAIL);
	page_addf(p,
	          "</span><input type=\"email\" name=\"email\" required "
	          "maxlength=\"%d\" autocomplete=\"email\" value=\"",
	          STORE_EMAIL_MAX);
	page_esc(p, f != NULL ? f->email : NULL);
	page_add(p, "\"><span class=\"hint\">");
	page_msg_add(p, PM_FORM_EMAIL_HINT);
	if (domains[0] != '\0') {
		page_var dv[1] = {{"domains", domains}};

		page_add(p, " ");
		page_msg_fill(p, PM_FORM_DOMAINS, dv, 1);
	}
	page_add(p, "</span></label>\n"
	            "<button class=\"btn btn-primary btn-block\" "
	            "type=\"submit\">");
	page_msg_add(p, PM_FORM_SUBMIT);
	page_add(p, "</button>\n<p class=\"hint\">");
	page_msg_fill(p, PM_FORM_CONFIRM_NOTE, v, 1);
	page_add(p, "</p>\n</form>\n");
}

/* A card in place of the form, saying why there is none. */
static void add_no_form(room_day *d, const page_room_form *f,
                        const char *domains, page_msg head, page_msg text,
                        const page_var *v, size_t nv)
{
	page *p = d->p;

	page_add(p, "<div class=\"card\" id=\"book\">");
	if (f != NULL && (f->rule != RULE_OK || f->has_error))
		add_refusal(d, f, domains);
	if (head != PM__COUNT) {
		page_add(p, "<h2>");
		page_msg_add(p, head);
		page_add(p, "</h2>");
	}
	page_add(p, "<p>");
	page_msg_fill(p, text, v, nv);
	page_add(p, "</p></div>\n");
}

static void add_booking_part(room_day *d, const page_room_form *f,
                             bool form_open, const char *domains)
{
	char days[16];
	page_var v[1] = {{"days", days}};

	snprintf(days, sizeof(days), "%d", d->room.rules.too_far_ahead);
	if (!room_kind_public(d->room.kind))
		add_no_form(d, f, domains, PM_INTERNAL_ROOM,
		            PM_INTERNAL_ROOM_TEXT, NULL, 0);
	else if (cal_date_cmp(d->date, d->today) < 0)
		add_no_form(d, f, domains, PM__COUNT, PM_FORM_PAST, NULL, 0);
	else if (cal_date_cmp(d->date,
	                      cal_date_add_days(d->today,
	                                        d->room.rules.too_far_ahead)) >
	         0)
		add_no_form(d, f, domains, PM__COUNT, PM_FORM_TOO_FAR, v, 1);
	else if (!form_open)
		add_no_form(d, f, domains, PM__COUNT, PM_FORM_NO_FREE, NULL, 0);
	else
		add_form(d, f, domains);
}

static void add_booked(room_day *d)
{
	char within[PAGE_DUR_LEN];
	page_var v[1] = {{"within", within}};

	page_fmt_duration(d->p->lang, d->room.rules.confirm_within, within);
	page_add(d->p, "<div class=\"alert alert-ok\" role=\"status\">"
	               "<strong>");
	page_msg_add(d->p, PM_BOOKED_HEAD);
	page_add(d->p, "</strong><p>");
	page_msg_fill(d->p, PM_BOOKED_TEXT, v, 1);
	page_add(d->p, "</p></div>\n");
}

static void add_header(room_day *d)
{
	page *p = d->p;
	static const page_msg kinds[ROOM__COUNT] = {
	        [ROOM_GROUP] = PM_KIND_GROUP,
	        [ROOM_MEETING] = PM_KIND_MEETING,
	        [ROOM_TRAINING] = PM_KIND_TRAINING,
	        [ROOM_WORKSHOP] = PM_KIND_WORKSHOP,
	};

	page_add(p, "<p class=\"eyebrow\">");
	page_esc(p, d->room.site_name);
	page_add(p, "</p>\n<h1>");
	page_esc(p, d->room.name);
	page_add(p, "</h1>\n<ul class=\"tags\"><li class=\"tag\">");
	if ((unsigned)d->room.kind < ROOM__COUNT)
		page_msg_add(p, kinds[d->room.kind]);
	page_add(p, "</li>");
	if (d->room.kind == ROOM_WORKSHOP && d->room.capacity > 1) {
		page_add(p, "<li class=\"tag\">");
		add_places(p, PM_PLACES, d->room.capacity);
		page_add(p, "</li>");
	}
	page_add(p, "</ul>\n");
}

static void add_calendar(room_day *d)
{
	page *p = d->p;

	page_add(p, "<p class=\"note\"><a href=\"/rooms/");
	page_esc(p, d->room.slug);
	page_add(p, ".ics\">");
	page_msg_add(p, PM_CALENDAR_LINK);
	page_add(p, "</a> · ");
	page_msg_add(p, PM_CALENDAR_HINT);
	page_add(p, "</p>\n");
}

static int render(room_day *d, const page_room_form *f)
{
	page *p = d->p;
	strbuf domains;
	store_site site;
	char self[PAGE_URL_MAX];
	int rc = 0;

	strbuf_init(&domains, (size_t)STORE_DOMAINS_MAX * 2);
	if (store_site_get(p->app->store, d->room.site, &site) == STORE_OK)
		domain_list(site.domains, &domains);
	snprintf(self, sizeof(self), "/r/%s?date=%s", d->room.slug, d->date_s);
	page_begin(p, d->room.name, NULL, self, false);
	add_header(d);
	if (f != NULL && f->booked)
		add_booked(d);
	add_messages(d);
	page_add(p, "<section class=\"card\" aria-labelledby=\"day\">");
	add_daynav(d);
	add_hours(d);
	add_daybar(d);
	if (add_agenda(d, room_kind_public(d->room.kind)) != 0)
		rc = -1;
	add_datepick(d);
	page_add(p, "</section>\n");
	add_booking_part(d, f, d->nstarts > 0, strbuf_str(&domains));
	add_calendar(d);
	page_end(p);
	strbuf_free(&domains);
	return rc;
}

int page_room_reply(page *p, const char *slug, const char *date,
                    const page_room_form *f, unsigned status)
{
	room_day d = {.p = p};
	store_status st;
	int rc;

	st = store_room_get(p->app->store, slug, &d.room);
	if (st != STORE_OK) {
		page_free(p);
		if (st == STORE_NOT_FOUND || st == STORE_INVALID)
			return page_error(p->req, p->app, 404, PM_ERR_NOT_FOUND,
			                  PM_ERR_ROOM_TEXT);
		return page_store_error(p->req, p->app, st);
	}
	d.tz = page_zone(p, d.room.tz);
	if (d.tz == NULL) {
		page_free(p);
		return page_store_error(p->req, p->app, STORE_ERROR);
	}
	d.today = tz_date_of(d.tz, p->now);
	d.date = d.today;
	if (date != NULL && date[0] != '\0' &&
	    cal_parse_date(date, &d.date) != 0) {
		page_free(p);
		return page_error(p->req, p->app, 400, PM_ERR_BAD_REQUEST,
		                  PM_ERR_DATE_TEXT);
	}
	cal_format_date(d.date, d.date_s);
	st = store_schedule_get(p->app->store, d.room.slug, d.date,
	                        STORE_VIEW_PUBLIC, &d.sched);
	if (st != STORE_OK) {
		page_free(p);
		if (st == STORE_INVALID)
			return page_error(p->req, p->app, 400,
			                  PM_ERR_BAD_REQUEST, PM_ERR_DATE_TEXT);
		return page_store_error(p->req, p->app, st);
	}
	d.from = p->now > d.sched->day_start ? p->now : d.sched->day_start;
	d.ranges = calloc(MAX_FREE, sizeof(*d.ranges));
	d.starts = calloc(MAX_FREE, sizeof(*d.starts));
	if (d.ranges == NULL || d.starts == NULL) {
		rc = -1;
		goto out;
	}
	if (room_kind_public(d.room.kind))
		find_free(&d);
	rc = render(&d, f);
out:
	free(d.ranges);
	free(d.starts);
	store_schedule_free(d.sched);
	if (rc != 0) {
		page_free(p);
		return page_store_error(p->req, p->app, STORE_ERROR);
	}
	return page_send(p, status);
}

static int route_room(http_request *req, void *app)
{
	page p;
	page_room_form f = {0};
	const char *booked = http_query(req, "booked");

	page_init(&p, req, app);
	f.start = http_query(req, "start");
	f.booked = booked != NULL && strcmp(booked, "1") == 0;
	return page_room_reply(&p, http_param(req, "room"),
	                       http_query(req, "date"), &f, 200);
}

const http_route page_room_route = {"GET", "/r/{room}", route_room, 0};

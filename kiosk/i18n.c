/*
 * i18n.c - gettext set-up and the formats of times and dates.
 */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PORTE_LOCALEDIR
#define PORTE_LOCALEDIR "locale"
#endif

int kiosk_lang_parse(const char *s, kiosk_lang *out)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "en") == 0) {
		*out = KIOSK_LANG_EN;
		return 0;
	}
	if (strcmp(s, "fr") == 0) {
		*out = KIOSK_LANG_FR;
		return 0;
	}
	return -1;
}

const char *kiosk_lang_code(kiosk_lang lang)
{
	return lang == KIOSK_LANG_FR ? "fr" : "en";
}

const char *kiosk_i18n_default_dir(void)
{
	return PORTE_LOCALEDIR;
}

static char *dup_cause(const char *msg)
{
	size_t n = strlen(msg) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, msg, n);
	return p;
}

int kiosk_i18n_init(kiosk_lang lang, const char *localedir, char **cause)
{
	/* Locales that exist on a minimal Debian, best first. gettext skips
	 * the catalogs in the "C" locale only, so C.UTF-8 with LANGUAGE set
	 * selects the device's language whatever the environment says. */
	static const char *const tries[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8",
	                                    NULL};
	const char *set = NULL;

	if (setenv("LANGUAGE", kiosk_lang_code(lang), 1) != 0) {
		if (cause != NULL)
			*cause = dup_cause("cannot set LANGUAGE");
		return -1;
	}
	for (int i = 0; tries[i] != NULL && set == NULL; i++)
		set = setlocale(LC_ALL, tries[i]);
	if (set == NULL) {
		if (cause != NULL)
			*cause = dup_cause("no UTF-8 locale on this machine");
		return -1;
	}
	/* Numbers are written by us; keep the C conventions for parsing. */
	setlocale(LC_NUMERIC, "C");
	bindtextdomain(KIOSK_TEXT_DOMAIN,
	               localedir != NULL ? localedir : PORTE_LOCALEDIR);
	bind_textdomain_codeset(KIOSK_TEXT_DOMAIN, "UTF-8");
	textdomain(KIOSK_TEXT_DOMAIN);
	return 0;
}

int kiosk_i18n_active(kiosk_lang lang)
{
	if (lang == KIOSK_LANG_EN)
		return 1;
	/* "Free" is in every catalog; an untranslated one is not loaded. */
	return strcmp(gettext("Free"), "Free") != 0;
}

void kiosk_fmt_hhmm(const tz_zone *z, porte_time t, char *buf, size_t len)
{
	cal_datetime dt;

	if (len == 0)
		return;
	if (z == NULL) {
		snprintf(buf, len, "--:--");
		return;
	}
	dt = tz_to_local(z, t);
	snprintf(buf, len, "%02d:%02d", dt.hour, dt.minute);
}

void kiosk_fmt_range(const tz_zone *z, porte_time start, porte_time end,
                     char *buf, size_t len)
{
	char a[16], b[16];

	kiosk_fmt_hhmm(z, start, a, sizeof(a));
	kiosk_fmt_hhmm(z, end, b, sizeof(b));
	snprintf(buf, len, "%s \u2013 %s", a, b);
}

const char *kiosk_weekday_name(int wd)
{
	static const char *const names[] = {
	        N_("Monday"), N_("Tuesday"),  N_("Wednesday"), N_("Thursday"),
	        N_("Friday"), N_("Saturday"), N_("Sunday")};

	if (wd < 0 || wd > 6)
		return "";
	return gettext(names[wd]);
}

const char *kiosk_month_name(int month)
{
	static const char *const names[] = {
	        N_("January"), N_("February"), N_("March"),
	        N_("April"),   N_("May"),      N_("June"),
	        N_("July"),    N_("August"),   N_("September"),
	        N_("October"), N_("November"), N_("December")};

	if (month < 1 || month > 12)
		return "";
	return gettext(names[month - 1]);
}

void kiosk_fmt_date(const tz_zone *z, porte_time t, kiosk_lang lang, char *buf,
                    size_t len)
{
	cal_date d;

	if (len == 0)
		return;
	if (z == NULL) {
		buf[0] = '\0';
		return;
	}
	d = tz_date_of(z, t);
	if (lang == KIOSK_LANG_FR && d.day == 1)
		snprintf(buf, len, "%s 1er %s",
		         kiosk_weekday_name(cal_weekday(d)),
		         kiosk_month_name(d.month));
	else
		snprintf(buf, len, "%s %d %s",
		         kiosk_weekday_name(cal_weekday(d)), d.day,
		         kiosk_month_name(d.month));
}

void kiosk_fmt_day_month(const tz_zone *z, porte_time t, kiosk_lang lang,
                         char *buf, size_t len)
{
	cal_date d;

	if (len == 0)
		return;
	if (z == NULL) {
		buf[0] = '\0';
		return;
	}
	d = tz_date_of(z, t);
	if (lang == KIOSK_LANG_FR && d.day == 1)
		snprintf(buf, len, "1er %s", kiosk_month_name(d.month));
	else
		snprintf(buf, len, "%d %s", d.day, kiosk_month_name(d.month));
}

void kiosk_fmt_countdown(porte_time secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 3600)
		snprintf(buf, len, "%lld:%02lld:%02lld",
		         (long long)(secs / 3600), (long long)(secs / 60 % 60),
		         (long long)(secs % 60));
	else
		snprintf(buf, len, "%lld:%02lld", (long long)(secs / 60),
		         (long long)(secs % 60));
}

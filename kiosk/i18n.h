/*
 * i18n.h - the door display's language (gettext, chosen per device, not by
 * the environment) and how it writes times and dates: 24-hour local time
 * of the site ("14:30"), "Monday 23 November" / "lundi 23 novembre".
 */
#ifndef PORTE_KIOSK_I18N_H
#define PORTE_KIOSK_I18N_H

#include <libintl.h>
#include <stddef.h>

#include "state.h"

#define KIOSK_TEXT_DOMAIN "porte-kiosk"

#define _(s) gettext(s)
#define N_(s) (s)

/* Parses "en" or "fr" into *OUT. Returns 0, or -1 (nothing written). */
int kiosk_lang_parse(const char *s, kiosk_lang *out);

/* "en", "fr"; static string. */
const char *kiosk_lang_code(kiosk_lang lang);

/*
 * Makes LANG the language of every later _() call: a UTF-8 locale that
 * exists on the machine (C.UTF-8), LANGUAGE set to LANG, and the catalog
 * of domain "porte-kiosk" read from LOCALEDIR/LANG/LC_MESSAGES (NULL: the
 * build tree's). Returns 0, or -1 with a malloc'd reason in *CAUSE (caller
 * frees; may be NULL) when no UTF-8 locale could be set. A missing French
 * catalog is not an error here: kiosk_i18n_active says so.
 */
int kiosk_i18n_init(kiosk_lang lang, const char *localedir, char **cause);

/* True when LANG's catalog is really in use (English always is). */
int kiosk_i18n_active(kiosk_lang lang);

/* The localedir used when none is given (the build tree's "locale"). */
const char *kiosk_i18n_default_dir(void);

/* "14:30": local time of T in zone Z into BUF (at least 6 bytes). */
void kiosk_fmt_hhmm(const tz_zone *z, porte_time t, char *buf, size_t len);

/* "14:00 – 15:30" into BUF. */
void kiosk_fmt_range(const tz_zone *z, porte_time start, porte_time end,
                     char *buf, size_t len);

/* "Monday 23 November" / "lundi 23 novembre" for T's local date. */
void kiosk_fmt_date(const tz_zone *z, porte_time t, kiosk_lang lang, char *buf,
                    size_t len);

/* "23 November" / "23 novembre" ("1er novembre") for T's local date. */
void kiosk_fmt_day_month(const tz_zone *z, porte_time t, kiosk_lang lang,
                         char *buf, size_t len);

/* A countdown of SECS: "12:34", or "1:02:03" past an hour; "0:00" when
 * SECS <= 0. */
void kiosk_fmt_countdown(porte_time secs, char *buf, size_t len);

/* Translated weekday (0 = Monday) and month (1..12) names; static. */
const char *kiosk_weekday_name(int wd);
const char *kiosk_month_name(int month);

#endif

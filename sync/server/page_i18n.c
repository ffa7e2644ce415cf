/*
 * page_i18n.c - the pages' words, French and English side by side.
 */
#include "page_i18n.h"

#include <string.h>

#include "http.h"
#include "strbuf.h"

typedef struct pair {
	const char *fr;
	const char *en;
} pair;

static const pair msgs[PM__COUNT] = {
        [PM_BRAND_TAGLINE] = {"Réservation des salles", "Room booking"},
        [PM_LANG_OTHER_NAME] = {"English", "Français"},
        [PM_LANG_OTHER_CODE] = {"en", "fr"},
        [PM_FOOT_ROOMS] = {"Toutes les salles", "All rooms"},
        [PM_FOOT_NOTE] = {"Les adresses e-mail ne sont jamais affichées.",
                          "E-mail addresses are never shown."},
        [PM_SKIP] = {"Aller au contenu", "Skip to content"},

        [PM_ERR_NOT_FOUND] = {"Page introuvable", "Page not found"},
        [PM_ERR_NOT_FOUND_TEXT] = {"Cette page n’existe pas.",
                                   "There is no such page."},
        [PM_ERR_ROOM_TEXT] = {"Cette salle n’existe pas, ou plus.",
                              "There is no such room, or not any more."},
        [PM_ERR_BOOKING_TEXT] = {"Cette réservation n’existe pas.",
                                 "There is no such booking."},
        [PM_ERR_LINK] = {"Lien non valable", "This link is not valid"},
        [PM_ERR_LINK_TEXT] =
                {"Ce lien ne correspond à aucune réservation. Ouvrez le lien "
                 "exact de votre e-mail de confirmation.",
                 "This link does not open any booking. Open the exact link "
                 "of your confirmation e-mail."},
        [PM_ERR_DOOR_TEXT] =
                {"Ce code QR n’est pas valable. Scannez à nouveau celui de "
                 "l’écran de la porte.",
                 "This QR code is not valid. Scan the one on the door's "
                 "screen again."},
        [PM_ERR_BAD_REQUEST] = {"Demande incorrecte", "Bad request"},
        [PM_ERR_BAD_REQUEST_TEXT] = {"Cette demande n’a pas pu être lue.",
                                     "This request could not be read."},
        [PM_ERR_DATE_TEXT] = {"Cette date n’est pas valable.",
                              "This date is not valid."},
        [PM_ERR_INTERNAL] = {"Erreur du serveur", "Server error"},
        [PM_ERR_INTERNAL_TEXT] =
                {"Le serveur n’a pas pu répondre. Réessayez dans un instant.",
                 "The server could not answer. Try again in a moment."},
        [PM_ERR_FORBIDDEN] = {"Accès refusé", "Not allowed"},
        [PM_ERR_FORBIDDEN_TEXT] = {"Vous ne pouvez pas faire cela ici.",
                                   "You may not do this here."},
        [PM_ERR_BUSY] = {"Trop d’essais", "Too many tries"},
        [PM_ERR_BUSY_TEXT] = {"Patientez un peu avant de réessayer.",
                              "Wait a little before trying again."},

        [PM_ROOMS_TITLE] = {"Les salles", "Rooms"},
        [PM_ROOMS_INTRO] = {"Choisissez une salle pour voir ses créneaux "
                            "libres et la réserver.",
                            "Pick a room to see its free times and book it."},
        [PM_ROOMS_NONE] = {"Aucune salle pour l’instant.", "No room yet."},
        [PM_KIND_GROUP] = {"Travail en groupe", "Group study"},
        [PM_KIND_MEETING] = {"Réunion", "Meeting"},
        [PM_KIND_TRAINING] = {"Formation (interne)", "Training (internal)"},
        [PM_KIND_WORKSHOP] = {"Atelier", "Workshop"},
        [PM_PLACES] = {"{n} places", "{n} places"},
        [PM_ONE_SEAT] = {"Une réservation à la fois", "One booking at a time"},

        [PM_TODAY] = {"Aujourd’hui", "Today"},
        [PM_PREV_DAY] = {"Jour précédent", "Previous day"},
        [PM_NEXT_DAY] = {"Jour suivant", "Next day"},
        [PM_GO_TO_DATE] = {"Aller à une date", "Go to a date"},
        [PM_SHOW] = {"Afficher", "Show"},
        [PM_DATE_LABEL] = {"Date", "Date"},
        [PM_OPEN_HOURS] = {"Ouvert {hours}", "Open {hours}"},
        [PM_CLOSED_DAY] = {"Fermé ce jour-là", "Closed on this day"},
        [PM_EXCEPTIONAL] = {"Horaires exceptionnels", "Exceptional hours"},
        [PM_DAY_TITLE] = {"Planning du jour", "The day"},
        [PM_FREE] = {"Libre", "Free"},
        [PM_FREE_PLACES] = {"Libre · {n} places restantes",
                            "Free · {n} places left"},
        [PM_TAKEN] = {"{n} / {cap} places prises", "{n} of {cap} places taken"},
        [PM_BOOK_THIS] = {"Réserver", "Book"},
        [PM_NO_BOOKINGS] = {"Aucune réservation ce jour-là.",
                            "Nothing booked on this day."},
        [PM_NOW] = {"maintenant", "now"},
        [PM_PUB_PENDING] = {"À confirmer", "Unconfirmed"},
        [PM_PUB_BOOKED] = {"Réservée", "Booked"},
        [PM_PUB_IN_USE] = {"Occupée", "In use"},
        [PM_PUB_ENDED] = {"Terminée", "Ended"},
        [PM_PUB_RELEASED] = {"Libérée", "Released"},
        [PM_UNTITLED] = {"Réservé", "Booked"},
        [PM_WALK_IN] = {"Réservée sur place", "Booked at the door"},
        [PM_FORM_TITLE] = {"Réserver cette salle", "Book this room"},
        [PM_FORM_START] = {"Début", "Start"},
        [PM_FORM_DURATION] = {"Durée", "Length"},
        [PM_FORM_SUBJECT] = {"Objet (facultatif)", "Title (optional)"},
        [PM_FORM_SUBJECT_HINT] = {"Visible par tous, sur l’écran de la "
                                  "porte et ici.",
                                  "Shown to everyone, on the door's "
                                  "screen and here."},
        [PM_FORM_EMAIL] = {"Votre adresse e-mail", "Your e-mail address"},
        [PM_FORM_EMAIL_HINT] = {"Pour confirmer la réservation. Jamais "
                                "affichée.",
                                "To confirm the booking. Never shown."},
        [PM_FORM_DOMAINS] = {"Adresses en {domains} uniquement.",
                             "Addresses at {domains} only."},
        [PM_FORM_SUBMIT] = {"Réserver", "Book"},
        [PM_FORM_CONFIRM_NOTE] = {"Vous recevrez un e-mail\u202f: confirmez la "
                                  "réservation dans les {within}, sinon "
                                  "elle sera annulée.",
                                  "You will get an e-mail: confirm the "
                                  "booking within {within}, or it will be "
                                  "cancelled."},
        [PM_FORM_NO_FREE] = {"Plus aucun créneau libre ce jour-là. Essayez "
                             "un autre jour.",
                             "No free time left on this day. Try another "
                             "day."},
        [PM_FORM_PAST] = {"Ce jour est passé.", "This day is over."},
        [PM_FORM_TOO_FAR] = {"Les réservations ouvrent {days} jours à "
                             "l’avance.",
                             "Bookings open {days} days ahead."},
        [PM_INTERNAL_ROOM] = {"Salle interne", "Internal room"},
        [PM_INTERNAL_ROOM_TEXT] =
                {"Cette salle est réservée par le personnel "
                 "pour ses formations\u202f: elle ne se réserve "
                 "pas en ligne.",
                 "Staff book this room for their training "
                 "sessions: it cannot be booked online."},
        [PM_BOOKED_HEAD] = {"Demande enregistrée", "Your booking is received"},
        [PM_BOOKED_TEXT] = {"Consultez vos e-mails et confirmez la "
                            "réservation dans les {within}, sinon elle sera "
                            "annulée.",
                            "Check your e-mail and confirm the booking "
                            "within {within}, or it will be cancelled."},
        [PM_REFUSED_HEAD] = {"Réservation refusée", "Booking refused"},
        [PM_RULE_NAMED] = {"règle\u202f: {rule}", "rule: {rule}"},
        [PM_FORM_BAD_EMAIL] = {"Indiquez votre adresse e-mail.",
                               "Give your e-mail address."},
        [PM_FORM_BAD_TITLE] = {"L’objet est trop long (200 caractères au "
                               "plus, sur une ligne).",
                               "The title is too long (200 characters at "
                               "most, on one line)."},
        [PM_FORM_BAD_START] = {"Choisissez l’heure de début.",
                               "Choose the start time."},
        [PM_FORM_BAD_DURATION] = {"Choisissez la durée.", "Choose the length."},
        [PM_CALENDAR_LINK] = {"Calendrier (iCal)", "Calendar (iCal)"},
        [PM_CALENDAR_HINT] = {"À ajouter à votre agenda pour suivre la "
                              "salle.",
                              "Subscribe in your calendar app to follow "
                              "the room."},
        [PM_ALL_ROOMS] = {"Toutes les salles", "All rooms"},
        [PM_MESSAGE] = {"Information", "Notice"},

        [PM_BOOKING_TITLE] = {"Votre réservation", "Your booking"},
        [PM_FACT_DATE] = {"Date", "Date"},
        [PM_FACT_TIME] = {"Horaire", "Time"},
        [PM_FACT_SUBJECT] = {"Objet", "Title"},
        [PM_FACT_PLACE] = {"Lieu", "Where"},
        [PM_ST_PENDING] = {"En attente de confirmation",
                           "Awaiting confirmation"},
        [PM_ST_CONFIRMED] = {"Confirmée", "Confirmed"},
        [PM_ST_CHECKED_IN] = {"Présence confirmée", "Checked in"},
        [PM_ST_ENDED] = {"Terminée", "Ended"},
        [PM_ST_RELEASED] = {"Libérée", "Released"},
        [PM_ST_CANCELLED] = {"Annulée", "Cancelled"},
        [PM_ST_REMOVED] = {"Supprimée par le personnel", "Removed by staff"},
        [PM_EX_PENDING] = {"Confirmez-la avant le {day} à {time}, sinon elle "
                           "sera annulée.",
                           "Confirm it before {time} on {day}, or it will be "
                           "cancelled."},
        [PM_EX_PENDING_TODAY] = {"Confirmez-la avant {time} aujourd’hui, "
                                 "sinon elle sera annulée.",
                                 "Confirm it before {time} today, or it "
                                 "will be cancelled."},
        [PM_EX_CONFIRMED] =
                {"Présentez-vous à la porte entre {opens} et "
                 "{deadline}\u202f: sans enregistrement, la salle est "
                 "libérée à {deadline}.",
                 "Check in at the door between {opens} and "
                 "{deadline}: if nobody does, the room is "
                 "released at {deadline}."},
        [PM_EX_CHECKED_IN] =
                {"Présence enregistrée à {time}. Bonne séance\u202f!",
                 "Checked in at {time}. Enjoy the room!"},
        [PM_EX_ENDED] = {"Cette réservation est terminée.",
                         "This booking is over."},
        [PM_EX_RELEASED] =
                {"Personne ne s’est enregistré à temps\u202f: la salle "
                 "a été libérée à {time}.",
                 "Nobody checked in in time: the room was "
                 "released at {time}."},
        [PM_EX_CANCELLED] =
                {"Cette réservation est annulée\u202f: la salle est "
                 "de nouveau libre.",
                 "This booking is cancelled: the room is free "
                 "again."},
        [PM_EX_REMOVED] = {"Le personnel a supprimé cette réservation. "
                           "Renseignez-vous à l’accueil.",
                           "Staff removed this booking. Ask at the desk."},
        [PM_CONFIRM_PROMPT] = {"Confirmez votre réservation pour la garder.",
                               "Confirm your booking to keep it."},
        [PM_CONFIRM_BUTTON] = {"Confirmer la réservation",
                               "Confirm the booking"},
        [PM_CANCEL_SUMMARY] = {"Annuler la réservation", "Cancel the booking"},
        [PM_CANCEL_TEXT] =
                {"Vous ne pouvez pas venir\u202f? Annulez pour libérer "
                 "la salle. C’est définitif.",
                 "Cannot come? Cancel to free the room for "
                 "others. This cannot be undone."},
        [PM_CANCEL_BUTTON] = {"Oui, annuler", "Yes, cancel it"},
        [PM_CODE_LABEL] = {"Code d’enregistrement", "Check-in code"},
        [PM_CODE_HINT] = {"À saisir sur l’écran de la porte s’il vous le "
                          "demande, entre {opens} et {deadline}.",
                          "Type it on the door's screen if it asks, "
                          "between {opens} and {deadline}."},
        [PM_CHECKIN_BUTTON] = {"Je suis là", "Check in"},
        [PM_SCAN_HINT] =
                {"Sur place\u202f? Scannez le code QR de l’écran de la "
                 "porte avec ce téléphone pour enregistrer votre "
                 "présence.",
                 "At the room? Scan the QR code on the door's "
                 "screen with this phone to check in."},
        [PM_CHECKIN_HEAD] = {"Enregistrer votre présence", "Check in"},
        [PM_CHECKIN_OPENS] = {"L’enregistrement ouvre à {time}.",
                              "Check-in opens at {time}."},
        [PM_DONE_CONFIRM] = {"Réservation confirmée. À bientôt\u202f!",
                             "Booking confirmed. See you soon!"},
        [PM_DONE_CANCEL] = {"Réservation annulée. Merci d’avoir libéré la "
                            "salle.",
                            "Booking cancelled. Thank you for freeing the "
                            "room."},
        [PM_DONE_CHECKIN] = {"Présence enregistrée. Bonne séance\u202f!",
                             "You are checked in. Enjoy the room!"},
        [PM_VIEW_ROOM] = {"Voir le planning de la salle", "See the room's day"},
        [PM_DOOR_HEAD] = {"À la porte", "At the door"},
        [PM_DOOR_TEXT] = {"C’est votre réservation\u202f? Saisissez le code à "
                          "4 chiffres de votre e-mail de confirmation pour "
                          "enregistrer votre présence.",
                          "Is this your booking? Type the 4-digit code from "
                          "your confirmation e-mail to check in."},
        [PM_DOOR_CODE_LABEL] = {"Code à 4 chiffres", "4-digit code"},
        [PM_DOOR_CODE_HINT] = {"Il figure dans l’e-mail de confirmation.",
                               "It is in the confirmation e-mail."},
        [PM_DOOR_PENDING] =
                {"Cette réservation n’est pas encore confirmée\u202f: "
                 "confirmez-la d’abord avec le lien de l’e-mail.",
                 "This booking is not confirmed yet: confirm it "
                 "first with the link in the e-mail."},
        [PM_DOOR_CLOSED] = {"Plus rien à faire pour cette réservation.",
                            "There is nothing left to do for this booking."},
        [PM_ACT_REFUSED] = {"Action refusée", "Not done"},
        [PM_ACT_BAD_CODE] = {"Ce code ne correspond pas à la réservation.",
                             "This code does not match the booking."},
        [PM_ACT_CODE_FORMAT] = {"Le code compte 4 chiffres.",
                                "The code has 4 digits."},
        [PM_ACT_PROOF_EXPIRED] = {"Le code QR de la porte a expiré\u202f: "
                                  "scannez-le à nouveau.",
                                  "The door's QR code has expired: scan it "
                                  "again."},
        [PM_ACT_AT_DOOR] =
                {"L’enregistrement se fait à la porte\u202f: scannez "
                 "son code QR.",
                 "Check in at the door: scan its QR code."},
        [PM_ACT_TOO_MANY] = {"Trop de codes erronés\u202f: utilisez le lien de "
                             "l’e-mail de confirmation.",
                             "Too many wrong codes: use the link in the "
                             "confirmation e-mail."},

        [PM_ICS_BOOKED] = {"Réservé", "Booked"},
};

static const pair weekdays[7] = {
        {"lundi", "Monday"},       {"mardi", "Tuesday"},
        {"mercredi", "Wednesday"}, {"jeudi", "Thursday"},
        {"vendredi", "Friday"},    {"samedi", "Saturday"},
        {"dimanche", "Sunday"},
};

static const pair months[12] = {
        {"janvier", "January"},
        {"février", "February"},
        {"mars", "March"},
        {"avril", "April"},
        {"mai", "May"},
        {"juin", "June"},
        {"juillet", "July"},
        {"août", "August"},
        {"septembre", "September"},
        {"octobre", "October"},
        {"novembre", "November"},
        {"décembre", "December"},
};

static const page_msg status_msgs[BOOKING__COUNT] = {
        [BOOKING_PENDING] = PM_ST_PENDING,
        [BOOKING_CONFIRMED] = PM_ST_CONFIRMED,
        [BOOKING_CHECKED_IN] = PM_ST_CHECKED_IN,
        [BOOKING_ENDED] = PM_ST_ENDED,
        [BOOKING_RELEASED] = PM_ST_RELEASED,
        [BOOKING_CANCELLED] = PM_ST_CANCELLED,
        [BOOKING_REMOVED] = PM_ST_REMOVED,
};

static const pair rule_texts[RULE__COUNT] = {
        [RULE_OK] = {"", ""},
        [RULE_GRANULARITY] = {"Les réservations commencent et finissent sur "
                              "la grille de {grid}.",
                              "Bookings start and end on the {grid} grid."},
        [RULE_MIN_DURATION] = {"Une réservation dure au moins {min}.",
                               "A booking lasts at least {min}."},
        [RULE_MAX_DURATION] = {"Une réservation dure au plus {max}.",
                               "A booking lasts at most {max}."},
        [RULE_DAILY_QUOTA] =
                {"Chaque personne peut réserver {daily} par "
                 "jour au plus\u202f: cette réservation dépasserait "
                 "la limite.",
                 "Each person may book {daily} a day at most: "
                 "this booking would go past the limit."},
        [RULE_MONTHLY_QUOTA] = {"Chaque personne peut réserver {monthly} par "
                                "mois au plus\u202f: cette réservation "
                                "dépasserait la limite.",
                                "Each person may book {monthly} a month at "
                                "most: this booking would go past the "
                                "limit."},
        [RULE_TOO_FAR_AHEAD] = {"On ne peut réserver que {ahead} jours à "
                                "l’avance.",
                                "You can book at most {ahead} days ahead."},
        [RULE_IN_THE_PAST] = {"Ce créneau est déjà passé.",
                              "This time has already passed."},
        [RULE_OUTSIDE_OPENING_HOURS] = {"Ce créneau sort des heures "
                                        "d’ouverture.",
                                        "This time is outside the opening "
                                        "hours."},
        [RULE_CLOSED_DAY] = {"Le site est fermé ce jour-là.",
                             "The site is closed on that day."},
        [RULE_EMAIL_DOMAIN] = {"Seules les adresses en {domains} sont "
                               "acceptées.",
                               "Only addresses at {domains} are accepted."},
        [RULE_INVALID_EMAIL] = {"Cette adresse e-mail n’est pas valable.",
                                "This e-mail address is not valid."},
        [RULE_OVERLAP] = {"La salle est déjà réservée sur une partie de ce "
                          "créneau.",
                          "The room is already booked for part of this "
                          "time."},
        [RULE_INTERNAL_ROOM] = {"Salle interne\u202f: seul le personnel la "
                                "réserve.",
                                "Internal room: only staff book it."},
        [RULE_CAPACITY_FULL] = {"Ce créneau est complet.",
                                "This time is full."},
        [RULE_INVALID_TIME] = {"Cet horaire n’est pas valable.",
                               "This time is not valid."},
        [RULE_CHECKIN_WINDOW] = {"L’enregistrement est possible de {before} "
                                 "avant le début à {after} après.",
                                 "Check-in is open from {before} before the "
                                 "start to {after} after it."},
        [RULE_NOT_CONFIRMED] = {"Confirmez d’abord la réservation avec le "
                                "lien de l’e-mail.",
                                "Confirm the booking first, with the link in "
                                "the e-mail."},
        [RULE_CONFIRM_EXPIRED] =
                {"Le délai de confirmation est passé\u202f: la "
                 "réservation est annulée.",
                 "The time to confirm has passed: the "
                 "booking is cancelled."},
        [RULE_SLOT_REBOOKED] = {"Le créneau a été réservé à nouveau "
                                "entre-temps.",
                                "The slot was booked again meanwhile."},
        [RULE_REASON_REQUIRED] = {"Un motif est nécessaire.",
                                  "A reason is required."},
        [RULE_NOT_ALLOWED] = {"Cette action n’est pas permise ici.",
                              "This is not allowed here."},
        [RULE_BAD_STATE] = {"Ce n’est plus possible dans l’état actuel de la "
                            "réservation.",
                            "This is no longer possible in the booking's "
                            "current state."},
        [RULE_WALK_IN_DISABLED] = {"La réservation sur place est désactivée.",
                                   "Booking at the door is turned off."},
};

static bool is_en(const char *lang)
{
	return lang != NULL && strcmp(lang, "en") == 0;
}

static const char *pick(const pair *p, const char *lang)
{
	const char *s = is_en(lang) ? p->en : p->fr;

	return s != NULL ? s : "";
}

const char *page_t(const char *lang, page_msg m)
{
	if ((unsigned)m >= PM__COUNT)
		return "";
	return pick(&msgs[m], lang);
}

bool page_i18n_complete(void)
{
	for (size_t i = 0; i < PM__COUNT; i++) {
		if (msgs[i].fr == NULL || msgs[i].en == NULL ||
		    msgs[i].fr[0] == '\0' || msgs[i].en[0] == '\0')
			return false;
	}
	for (size_t i = 1; i < RULE__COUNT; i++) {
		if (rule_texts[i].fr == NULL || rule_texts[i].en == NULL)
			return false;
	}
	return true;
}

const char *page_weekday(const char *lang, int wd)
{
	if (wd < 0 || wd > 6)
		return "";
	return pick(&weekdays[wd], lang);
}

const char *page_month(const char *lang, int month)
{
	if (month < 1 || month > 12)
		return "";
	return pick(&months[month - 1], lang);
}

const char *page_status_word(const char *lang, booking_status s)
{
	if ((unsigned)s >= BOOKING__COUNT)
		return "";
	return page_t(lang, status_msgs[s]);
}

const char *page_rule_text(const char *lang, rule_code code)
{
	if ((unsigned)code >= RULE__COUNT || code == RULE_OK)
		return "";
	return pick(&rule_texts[code], lang);
}

/* Appends LEN bytes of S, escaped when ESCAPE. */
static int put(strbuf *out, const char *s, size_t len, bool escape)
{
	char small[128];

	if (!escape)
		return strbuf_add(out, s, len);
	while (len > 0) {
		size_t n = len < sizeof(small) - 1 ? len : sizeof(small) - 1;

		memcpy(small, s, n);
		small[n] = '\0';
		if (http_html_escape(out, small) != 0)
			return -1;
		s += n;
		len -= n;
	}
	return 0;
}

static const char *var_value(const page_var *vars, size_t n, const char *name,
                             size_t len)
{
	for (size_t i = 0; i < n; i++) {
		if (strlen(vars[i].name) == len &&
		    memcmp(vars[i].name, name, len) == 0)
			return vars[i].value != NULL ? vars[i].value : "";
	}
	return NULL;
}

int page_fill(strbuf *out, const char *tmpl, const page_var *vars, size_t n,
              bool escape)
{
	const char *s = tmpl;

	while (*s != '\0') {
		const char *open = strchr(s, '{');
		const char *close;
		const char *value;

		if (open == NULL)
			return put(out, s, strlen(s), escape);
		close = strchr(open + 1, '}');
		if (close == NULL)
			return put(out, s, strlen(s), escape);
		value = var_value(vars, n, open + 1,
		                  (size_t)(close - open - 1));
		if (put(out, s, (size_t)(open - s), escape) != 0)
			return -1;
		if (value != NULL) {
			if (put(out, value, strlen(value), escape) != 0)
				return -1;
		} else if (put(out, open, (size_t)(close - open + 1), escape)) {
			return -1;
		}
		s = close + 1;
	}
	return strbuf_failed(out) ? -1 : 0;
}

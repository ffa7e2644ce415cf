#!/usr/bin/python3
"""porte-server's public pages, in headless Chromium, against the real
server on loopback (see harness.py).

Usage: test_pages.py GROUP --server BIN --admin BIN --sink SMTP_SINK --out DIR
GROUP: room, booking, door, ics, escape, screens, contrast (ctest runs
each as pages.GROUP). Screenshots go to DIR.
"""
import datetime
import json
import re
import sys
import unittest

import icalendar
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import harness
from harness import DESKTOP, PHONE, browser, quit_browser, screenshot

# Tuesday 24 November 2026, 10:12 in Paris: the demo's "now".
NOW = "2026-11-24T09:12:00Z"
# Tuesday 8 December 2026: open, and the demo booked nothing there.
DAY = "2026-12-08"
ROOM = "groupe-1"
ROOM_NAME = "Salle de groupe 1 — Hypatie"


def at(hhmm_utc):
    """DAY's instant HH:MM UTC, as the form's values."""
    return "%sT%s:00Z" % (DAY, hhmm_utc)


class PagesCase(unittest.TestCase):
    """One server (fresh demo database) per test class."""

    @classmethod
    def setUpClass(cls):
        cls.srv = harness.Server(NOW)
        cls.browsers = []

    @classmethod
    def tearDownClass(cls):
        for d in cls.browsers:
            quit_browser(d)
        cls.srv.stop()

    def open(self, lang="fr", size=PHONE):
        d = browser(lang, size)
        self.browsers.append(d)
        return d

    def get(self, d, path):
        d.get(self.srv.url(path))
        return d

    def go(self, d, element):
        """Clicks ELEMENT (a link or a form's button) and waits for the
        next page."""
        old = d.find_element(By.TAG_NAME, "html")
        element.click()

        def old_page_gone(_drv):
            # Chromium answers a node of a page that is being replaced
            # either as stale or with an inspector error: both mean gone.
            try:
                old.is_enabled()
                return False
            except WebDriverException:
                return True

        WebDriverWait(d, harness.WAIT_S).until(old_page_gone)
        WebDriverWait(d, harness.WAIT_S).until(
            lambda drv: drv.execute_script(
                "return document.readyState") == "complete")

    def text(self, d):
        # No-break spaces ("2\u00a0h", "règle\u202f:") read as spaces.
        return d.find_element(By.TAG_NAME, "body").text.replace(
            "\xa0", " ").replace("\u202f", " ")

    def book(self, d, day, start, minutes, title, email, lang_q=""):
        """Fills the booking form of ROOM on DAY and sends it."""
        self.get(d, "/r/%s?date=%s%s" % (ROOM, day, lang_q))
        form = d.find_element(By.ID, "book")
        Select(form.find_element(By.NAME, "start")).select_by_value(start)
        Select(form.find_element(By.NAME, "minutes")).select_by_value(
            str(minutes))
        form.find_element(By.NAME, "title").send_keys(title)
        form.find_element(By.NAME, "email").send_keys(email)
        self.go(d, form.find_element(By.CSS_SELECTOR,
                                     "button[type=submit]"))

    def booking_by_mail(self, email, count=1):
        """(id, token, code) from the COUNT-th confirmation mail to EMAIL."""
        body = self.srv.mail_to(email, count)
        links = harness.links_in(body)
        self.assertTrue(links, body)
        code = re.search(r"(?:porte|door)\s*:\s*(\d{4})", body)
        self.assertIsNotNone(code, body)
        return links[0][0], links[0][1], code.group(1)

    def api_book(self, start, minutes, title, email):
        """A patron's booking through the API: its id (the token goes by
        mail)."""
        end = datetime.datetime.fromisoformat(start.replace("Z", "+00:00")) \
            + datetime.timedelta(minutes=minutes)
        status, reply = self.srv.json("/api/v1/bookings", {
            "room": ROOM, "start": start,
            "end": end.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "title": title, "email": email})
        self.assertEqual(status, 201, reply)
        return reply["id"]

    def post(self, path, fields, lang="fr"):
        return self.srv.request(path, "POST", fields,
                                {"Accept-Language": lang})

    def no_overflow(self, d):
        """Nothing wider than the viewport (no sideways scrolling)."""
        sw, iw = d.execute_script(
            "return [document.documentElement.scrollWidth, "
            "window.innerWidth]")
        self.assertLessEqual(sw, iw, d.current_url)

    def tap_targets(self, d):
        """Every control of the page is at least 44 CSS px high."""
        small = d.execute_script("""
            const out = [];
            for (const e of document.querySelectorAll(
                    'button, .btn, a.chip-book, .navbtn, .lang, select, '
                    + 'input:not([type=hidden]), summary')) {
                const r = e.getBoundingClientRect();
                if (r.height > 0 && r.height < 44)
                    out.push(e.outerHTML.slice(0, 80) + ' ' + r.height);
            }
            return out;""")
        self.assertEqual(small, [], d.current_url)


class RoomPage(PagesCase):
    """GET /r/{room}, GET /r, the stylesheet."""

    def test_french_by_accept_language(self):
        d = self.get(self.open("fr"), "/r/" + ROOM)
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text, ROOM_NAME)
        self.assertEqual(d.find_element(By.TAG_NAME, "html")
                         .get_attribute("lang"), "fr")
        t = self.text(d)
        for want in ("mardi 24 novembre 2026", "Aujourd’hui",
                     "Ouvert 08:30 – 20:00", "Libre", "Réserver cette salle",
                     "Votre adresse e-mail", "Exposé d'histoire médiévale"):
            self.assertIn(want, t)
        self.assertNotIn("@", re.sub(r"@univ-exemple\.fr", "", t))
        self.no_overflow(d)
        self.tap_targets(d)

    def test_english_by_accept_language(self):
        d = self.get(self.open("en"), "/r/" + ROOM)
        t = self.text(d)
        for want in ("Tuesday 24 November 2026", "Today",
                     "Open 08:30 – 20:00", "Free", "Book this room",
                     "Your e-mail address"):
            self.assertIn(want, t)
        self.assertEqual(d.find_element(By.TAG_NAME, "html")
                         .get_attribute("lang"), "en")

    def test_lang_override_is_kept_in_links(self):
        d = self.get(self.open("fr"), "/r/%s?lang=en" % ROOM)
        self.assertIn("Book this room", self.text(d))
        nxt = d.find_element(By.CSS_SELECTOR, "a[rel=next]")
        self.assertIn("lang=en", nxt.get_attribute("href"))
        self.go(d, nxt)
        self.assertIn("Wednesday 25 November 2026", self.text(d))
        self.go(d, d.find_element(By.CSS_SELECTOR, "a.lang"))
        self.assertIn("mercredi 25 novembre 2026", self.text(d))

    def test_days_before_and_after(self):
        d = self.get(self.open("fr"), "/r/" + ROOM)
        self.go(d, d.find_element(By.CSS_SELECTOR, "a[rel=prev]"))
        self.assertIn("lundi 23 novembre 2026", self.text(d))
        self.assertIn("Ce jour est passé.", self.text(d))
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "form#book"), [])
        # The date field (typing into it depends on the browser's locale).
        d.execute_script("document.getElementById('date').value = "
                         "'%s'" % DAY)
        self.go(d, d.find_element(By.CSS_SELECTOR, ".datepick button"))
        self.assertIn("date=" + DAY, d.current_url)
        self.assertIn("mardi 8 décembre 2026", self.text(d))
        self.get(d, "/r/%s?date=2027-03-01" % ROOM)
        self.assertIn("Les réservations ouvrent 31 jours à l’avance.",
                      self.text(d))

    def test_free_times_follow_the_grid_and_the_clock(self):
        d = self.get(self.open("fr"), "/r/%s?date=%s" % (ROOM, DAY))
        starts = [o.get_attribute("value") for o in Select(
            d.find_element(By.NAME, "start")).options]
        # Open 08:30-20:00 in Paris (UTC+1): 30-minute slots 07:30Z..18:30Z.
        self.assertEqual(starts[0], at("07:30"))
        self.assertEqual(starts[-1], at("18:30"))
        self.assertEqual(len(starts), 23)
        lengths = [o.text.replace("\xa0", " ") for o in Select(
            d.find_element(By.NAME, "minutes")).options]
        self.assertEqual(lengths, ["30 min", "1 h", "1 h 30", "2 h"])
        # Today: nothing before now (10:12) is offered.
        self.get(d, "/r/" + ROOM)
        first = Select(d.find_element(By.NAME, "start")).options[0]
        self.assertGreaterEqual(first.get_attribute("value"),
                                "2026-11-24T09:30:00Z")

    def test_training_room_is_internal(self):
        d = self.get(self.open("fr"), "/r/formation-condorcet")
        self.assertIn("Salle interne", self.text(d))
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "form#book"), [])
        status, _, body = self.post("/r/formation-condorcet", {
            "date": DAY, "start": at("09:00"), "minutes": "60",
            "email": "x.y@univ-exemple.fr"})
        self.assertIn(status, (403, 422))
        self.assertIn(b"internal_room", body)

    def test_workshop_shows_places(self):
        d = self.get(self.open("en"), "/r/atelier-lovelace")
        t = self.text(d)
        self.assertIn("8 places", t)
        self.assertIn("places left", t)

    def test_errors(self):
        status, _, body = self.srv.request("/r/no-such-room")
        self.assertEqual(status, 404)
        self.assertIn("Cette salle n’existe pas".encode(), body)
        status, _, _ = self.srv.request("/r/%s?date=2026-02-30" % ROOM)
        self.assertEqual(status, 400)
        status, _, _ = self.srv.request("/r/%s?date=tomorrow" % ROOM)
        self.assertEqual(status, 400)

    def test_rooms_index(self):
        d = self.get(self.open("en"), "/r")
        links = d.find_elements(By.CSS_SELECTOR, ".rooms a")
        self.assertEqual(len(links), 6)
        self.assertIn("Training (internal)", self.text(d))
        self.go(d, links[0])
        self.assertEqual(d.find_element(By.TAG_NAME, "h1").text,
                         "Atelier numérique — Ada Lovelace")

    def test_stylesheet_cached(self):
        status, h, css = self.srv.request("/static/porte.css")
        self.assertEqual(status, 200)
        self.assertTrue(h["Content-Type"].startswith("text/css"))
        self.assertIn("immutable", h["Cache-Control"])
        etag = h["ETag"]
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        status, _, page = self.srv.request("/r/" + ROOM)
        self.assertIn(("/static/porte.css?v=" + etag.strip('"')).encode(),
                      page)
        status, _, body = self.srv.request("/static/porte.css",
                                           headers={"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")
        self.assertNotIn(b"http", css.replace(b"http-equiv", b""))

    def test_pages_are_plain(self):
        """No script, no external resource, a strict CSP."""
        status, h, body = self.srv.request("/r/" + ROOM)
        self.assertEqual(status, 200)
        self.assertNotIn(b"<script", body)
        self.assertIsNone(re.search(rb'(src|href)="https?:', body))
        self.assertIn("default-src 'self'", h["Content-Security-Policy"])
        self.assertEqual(h["Content-Language"], "fr")
        self.assertIn("Accept-Language", h["Vary"])


class Booking(PagesCase):
    """POST /r/{room}, GET and POST /b/{id} with the booker's token."""

    def test_book_confirm_cancel(self):
        d = self.open("fr")
        self.book(d, DAY, at("09:00"), 60, "Révision du partiel",
                  "alice.test@univ-exemple.fr")
        self.assertIn("booked=1", d.current_url)
        t = self.text(d)
        self.assertIn("Demande enregistrée", t)
        self.assertIn("confirmez la réservation dans les 2 h", t)
        row = d.find_element(By.CSS_SELECTOR, ".agenda li.st-pending")
        self.assertIn("10:00 – 11:00", row.text)
        self.assertIn("Révision du partiel", row.text)
        self.assertIn("À confirmer", row.text)

        bid, token, code = self.booking_by_mail("alice.test@univ-exemple.fr")
        # The mail's confirm link only puts the button forward.
        for _ in range(2):
            self.get(d, "/b/%d?t=%s&a=confirm" % (bid, token))
            self.assertIn("En attente de confirmation", self.text(d))
        self.assertIn("Confirmez votre réservation pour la garder.",
                      self.text(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".code").text, code)
        self.assertIn("mardi 8 décembre 2026", self.text(d))
        self.assertIn("10:00 – 11:00", self.text(d))
        self.assertNotIn("alice.test", d.page_source)
        self.tap_targets(d)

        self.go(d, d.find_element(By.CSS_SELECTOR, "button[value=confirm]"))
        self.assertIn("done=confirm", d.current_url)
        self.assertIn("Réservation confirmée", self.text(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Confirmée")
        self.assertIn("Présentez-vous à la porte entre 09:50 et 10:15",
                      self.text(d))
        self.assertIn("Sur place ? Scannez le code QR", self.text(d))
        self.assertEqual(d.find_elements(By.CSS_SELECTOR,
                                         "button[value=confirm]"), [])

        # The mail's cancel link opens the second step; nothing happens
        # until its button.
        self.get(d, "/b/%d?t=%s&a=cancel" % (bid, token))
        details = d.find_element(By.CSS_SELECTOR, "details.cancel")
        self.assertIsNotNone(details.get_attribute("open"))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Confirmée")
        self.go(d, d.find_element(By.CSS_SELECTOR, "button[value=cancel]"))
        self.assertIn("done=cancel", d.current_url)
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Annulée")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "form"), [])
        self.get(d, "/r/%s?date=%s" % (ROOM, DAY))
        self.assertNotIn("Révision du partiel", self.text(d))

    def test_english_booking_page(self):
        d = self.open("en")
        self.book(d, DAY, at("11:00"), 30, "", "dan.test@univ-exemple.fr")
        self.assertIn("Your booking is received", self.text(d))
        bid, token, _ = self.booking_by_mail("dan.test@univ-exemple.fr")
        self.get(d, "/b/%d?t=%s" % (bid, token))
        t = self.text(d)
        self.assertIn("Awaiting confirmation", t)
        self.assertIn("Tuesday 8 December 2026", t)
        self.assertIn("Confirm the booking", t)
        self.assertIn("Check-in code", t)

    def test_wrong_token(self):
        bid = self.api_book(at("16:30"), 30, "Token",
                            "erin.test@univ-exemple.fr")
        _, token, _ = self.booking_by_mail("erin.test@univ-exemple.fr")
        bad = ("A" if token[0] != "A" else "B") + token[1:]
        for path in ("/b/%d?t=%s" % (bid, bad), "/b/%d?t=short" % bid,
                     "/b/%d?t=%s" % (bid + 1000, token), "/b/%d" % bid):
            status, _, body = self.srv.request(path)
            self.assertIn(status, (403, 404), path)
            self.assertNotIn(b"Token", body)
            self.assertNotIn(b"erin", body)
        status, _, _ = self.srv.request("/b/%d?t=%s" % (bid, bad))
        self.assertEqual(status, 403)
        d = self.get(self.open("fr"), "/b/%d?t=%s" % (bid, bad))
        self.assertIn("Lien non valable", self.text(d))
        # Nor can a wrong token act.
        status, _, _ = self.post("/b/%d" % bid, {"action": "cancel",
                                                 "t": bad})
        self.assertEqual(status, 403)
        status, _, _ = self.post("/b/%d" % bid, {"action": "confirm"})
        self.assertEqual(status, 403)
        status, _, body = self.srv.request("/b/%d?t=%s" % (bid, token))
        self.assertEqual(status, 200)
        self.assertIn("En attente de confirmation".encode(), body)
        status, _, _ = self.srv.request("/b/0?t=" + token)
        self.assertEqual(status, 404)
        status, _, _ = self.srv.request("/b/abc?t=" + token)
        self.assertEqual(status, 404)

    def test_refusals_name_the_rule(self):
        d = self.open("fr")
        self.book(d, DAY, at("12:00"), 120, "Q1", "bob.test@univ-exemple.fr")
        self.assertIn("booked=1", d.current_url)
        # 2 h that day already: one more hour breaks the daily quota.
        self.book(d, DAY, at("15:00"), 60, "Q2", "bob.test@univ-exemple.fr")
        t = self.text(d)
        self.assertIn("Réservation refusée", t)
        self.assertIn("Chaque personne peut réserver 2 h par jour au plus", t)
        self.assertIn("règle : daily_quota", t)
        # The form comes back as typed.
        self.assertEqual(d.find_element(By.NAME, "title")
                         .get_attribute("value"), "Q2")
        self.assertEqual(d.find_element(By.NAME, "email")
                         .get_attribute("value"), "bob.test@univ-exemple.fr")
        status, _, body = self.post("/r/" + ROOM, {
            "date": DAY, "start": at("15:00"), "minutes": "60",
            "title": "Q2", "email": "bob.test@univ-exemple.fr"})
        self.assertEqual(status, 422)
        self.assertIn(b"daily_quota", body)

        self.book(d, DAY, at("16:00"), 30, "", "carol@gmail.com",
                  "&lang=en")
        t = self.text(d)
        self.assertIn("Booking refused", t)
        self.assertIn("Only addresses at @univ-exemple.fr are accepted.", t)
        self.assertIn("rule: email_domain", t)

        status, _, body = self.post("/r/" + ROOM, {
            "date": DAY, "start": at("12:30"), "minutes": "30",
            "email": "fay.test@univ-exemple.fr"})
        self.assertEqual(status, 409)
        self.assertIn(b"overlap", body)
        status, _, body = self.post("/r/" + ROOM, {
            "date": DAY, "start": at("17:00"), "minutes": "180",
            "email": "fay.test@univ-exemple.fr"})
        self.assertEqual(status, 422)
        self.assertIn(b"max_duration", body)
        self.assertIn("dure au plus 2\u00a0h".encode(), body)
        status, _, body = self.post("/r/" + ROOM, {
            "date": DAY, "start": at("17:10"), "minutes": "30",
            "email": "fay.test@univ-exemple.fr"})
        self.assertEqual(status, 422)
        self.assertIn(b"granularity", body)
        for bad in ({"start": "noon", "minutes": "30"},
                    {"start": at("17:00"), "minutes": "0"},
                    {"start": at("17:00"), "minutes": "30x"},
                    {"start": at("17:00"), "minutes": "30", "email": ""}):
            fields = {"date": DAY, "email": "fay.test@univ-exemple.fr"}
            fields.update(bad)
            status, _, _ = self.post("/r/" + ROOM, fields)
            self.assertEqual(status, 400, bad)

    def test_confirm_too_late(self):
        bid = self.api_book(at("17:30"), 30, "Late", "gus.test@univ-exemple.fr")
        _, token, _ = self.booking_by_mail("gus.test@univ-exemple.fr")
        self.srv.set_clock("2026-11-24T11:30:00Z")  # 2 h 18 min later
        try:
            status, _, body = self.post("/b/%d" % bid,
                                        {"action": "confirm", "t": token})
            self.assertIn(status, (409, 422))
            self.assertTrue(b"confirm_expired" in body or
                            b"bad_state" in body, body)
        finally:
            self.srv.set_clock(NOW)


class Door(PagesCase):
    """GET and POST /b/{id}?door=PROOF: the QR code of the door."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.device = cls.srv.enroll()

    def confirmed(self, start, email, title="Porte"):
        bid = self.api_book(start, 60, title, email)
        _, token, code = self.booking_by_mail(email)
        status, _, _ = self.post("/b/%d" % bid, {"action": "confirm",
                                                 "t": token})
        self.assertEqual(status, 303)
        return bid, token, code

    def tearDown(self):
        self.srv.set_clock(NOW)

    def test_code_at_the_door(self):
        bid, token, code = self.confirmed(at("09:00"),
                                          "hana.test@univ-exemple.fr",
                                          "Soutenance blanche")
        now = "%sT08:55:00Z" % DAY
        self.srv.set_clock(now)
        proof = harness.door_proof(self.device, bid,
                                   harness.rfc3339_to_epoch(now))
        d = self.get(self.open("fr"), "/b/%d?door=%s" % (bid, proof))
        t = self.text(d)
        self.assertIn("À la porte", t)
        self.assertIn(ROOM_NAME, t)
        self.assertIn("10:00 – 11:00", t)
        self.assertIn("Confirmée", t)
        # Nothing of the booker: no e-mail, no code, no cancel.
        self.assertNotIn("hana", d.page_source)
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".codebox"), [])
        self.assertEqual(d.find_elements(By.CSS_SELECTOR,
                                         "button[value=cancel]"), [])
        self.tap_targets(d)

        # A passer-by with the QR code alone can do nothing.
        for fields in ({"action": "checkin", "door": proof},
                       {"action": "cancel", "door": proof},
                       {"action": "confirm", "door": proof, "code": code},
                       {"action": "checkin", "door": proof, "code": "12a4"}):
            status, _, _ = self.post("/b/%d" % bid, fields)
            self.assertIn(status, (400, 403), fields)
        wrong = "%04d" % ((int(code) + 1) % 10000)
        d.find_element(By.NAME, "code").send_keys(wrong)
        self.go(d, d.find_element(By.CSS_SELECTOR, "form.checkin button"))
        self.assertIn("Ce code ne correspond pas à la réservation.",
                      self.text(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Confirmée")

        d.find_element(By.NAME, "code").send_keys(code)
        self.go(d, d.find_element(By.CSS_SELECTOR, "form.checkin button"))
        self.assertIn("done=checkin", d.current_url)
        self.assertIn("Présence enregistrée", self.text(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Présence confirmée")
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, "form.checkin"), [])
        # ... and the booker sees it too.
        self.get(d, "/b/%d?t=%s" % (bid, token))
        self.assertIn("Présence enregistrée à 09:55", self.text(d))

    def test_token_and_door(self):
        bid, token, _ = self.confirmed(at("10:00"),
                                       "ivan.test@univ-exemple.fr")
        now = "%sT09:52:30Z" % DAY
        self.srv.set_clock(now)
        proof = harness.door_proof(self.device, bid,
                                   harness.rfc3339_to_epoch(now))
        d = self.get(self.open("en"), "/b/%d?t=%s" % (bid, token))
        # Without the door, no check-in button.
        self.assertEqual(d.find_elements(By.CSS_SELECTOR,
                                         "button[value=checkin]"), [])
        self.assertIn("At the room? Scan the QR code", self.text(d))
        self.get(d, "/b/%d?t=%s&door=%s" % (bid, token, proof))
        self.go(d, d.find_element(By.CSS_SELECTOR, "button[value=checkin]"))
        self.assertIn("You are checked in", self.text(d))
        self.assertEqual(d.find_element(By.CSS_SELECTOR, ".status").text,
                         "Checked in")

    def test_before_the_window_and_expired_proof(self):
        bid, _, code = self.confirmed(at("11:00"),
                                      "jade.test@univ-exemple.fr")
        early = "%sT10:30:00Z" % DAY  # check-in opens at 10:50Z
        self.srv.set_clock(early)
        proof = harness.door_proof(self.device, bid,
                                   harness.rfc3339_to_epoch(early))
        d = self.get(self.open("fr"), "/b/%d?door=%s" % (bid, proof))
        self.assertIn("L’enregistrement ouvre à 11:50.", self.text(d))
        d.find_element(By.NAME, "code").send_keys(code)
        self.go(d, d.find_element(By.CSS_SELECTOR, "form.checkin button"))
        self.assertIn("règle : checkin_window", self.text(d))

        made = "%sT10:52:00Z" % DAY
        self.srv.set_clock(made)
        proof = harness.door_proof(self.device, bid,
                                   harness.rfc3339_to_epoch(made))
        self.srv.set_clock("%sT10:58:00Z" % DAY)  # 6 min later: stale
        status, _, body = self.post("/b/%d" % bid, {
            "action": "checkin", "door": proof, "code": code})
        self.assertEqual(status, 403)
        self.assertIn("Scannez à nouveau".encode(), body)
        # Opening the stale QR link shows nothing of the booking either.
        status, _, body = self.srv.request("/b/%d?door=%s" % (bid, proof))
        self.assertEqual(status, 403)
        self.assertNotIn(b"jade", body)

    def test_bad_proofs(self):
        bid, _, _ = self.confirmed(at("12:00"), "karl.test@univ-exemple.fr")
        for proof in ("", "short", "abcdefgi", "ABCDEFGH1", "<script>"):
            status, _, body = self.srv.request(
                "/b/%d?door=%s" % (bid, proof))
            self.assertEqual(status, 403, proof)
            self.assertNotIn(b"karl", body)
        # An unknown booking answers as a bad proof does: no enumeration.
        status, _, _ = self.srv.request("/b/99999?door=abcdefgh")
        self.assertEqual(status, 403)


class Calendar(PagesCase):
    """GET /rooms/{room}.ics."""

    def feed(self, lang="fr"):
        status, h, body = self.srv.request("/rooms/%s.ics" % ROOM,
                                           headers={"Accept-Language": lang})
        self.assertEqual(status, 200)
        self.assertTrue(h["Content-Type"].startswith("text/calendar"))
        return h, body

    def check_lines(self, body):
        self.assertTrue(body.endswith(b"\r\n"))
        self.assertNotIn(b"\n", body.replace(b"\r\n", b""))
        for line in body.split(b"\r\n")[:-1]:
            self.assertLessEqual(len(line), 75, line)
            line.decode("utf-8")  # a fold never cuts a character

    def test_feed(self):
        long_title = "Séminaire « Écritures », lectures; notes\\brouillons " \
            + "é" * 60
        pending = self.api_book(at("09:00"), 60, long_title,
                                "lena.test@univ-exemple.fr")
        confirmed = self.api_book(at("11:00"), 30, "",
                                  "marc.test@univ-exemple.fr")
        _, token, _ = self.booking_by_mail("marc.test@univ-exemple.fr")
        self.assertEqual(self.post("/b/%d" % confirmed,
                                   {"action": "confirm", "t": token})[0], 303)
        cancelled = self.api_book(at("13:00"), 30, "Annulée",
                                  "nora.test@univ-exemple.fr")
        _, token, _ = self.booking_by_mail("nora.test@univ-exemple.fr")
        self.assertEqual(self.post("/b/%d" % cancelled,
                                   {"action": "cancel", "t": token})[0], 303)

        h, body = self.feed()
        self.check_lines(body)
        h2, body2 = self.feed()
        self.assertEqual(body, body2)  # stable from one request to the next
        self.assertNotIn(b"univ-exemple.fr", body)
        self.assertNotIn(b"@etu.", body)
        cal = icalendar.Calendar.from_ical(body)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["X-WR-CALNAME"]),
                         ROOM_NAME + " (Bibliothèque universitaire Lettres)")
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        for e in events.values():
            for prop in ("DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "STATUS"):
                self.assertIn(prop, e)
            self.assertEqual(e["DTSTART"].dt.utcoffset(),
                             datetime.timedelta(0))
            self.assertLess(e["DTSTART"].dt, e["DTEND"].dt)
        e = events["booking-%d@porte.test" % pending]
        self.assertEqual(str(e["SUMMARY"]), long_title)
        self.assertEqual(str(e["STATUS"]), "TENTATIVE")
        self.assertEqual(e["DTSTART"].dt, datetime.datetime(
            2026, 12, 8, 9, 0, tzinfo=datetime.timezone.utc))
        self.assertEqual(e["DTEND"].dt, datetime.datetime(
            2026, 12, 8, 10, 0, tzinfo=datetime.timezone.utc))
        self.assertIn(b"\\, lectures\\; notes\\\\brouillons", body.replace(
            b"\r\n ", b""))
        e = events["booking-%d@porte.test" % confirmed]
        self.assertEqual(str(e["SUMMARY"]), "Réservé")
        self.assertEqual(str(e["STATUS"]), "CONFIRMED")
        self.assertNotIn("booking-%d@porte.test" % cancelled, events)
        _, en = self.feed("en")
        self.assertIn(b"SUMMARY:Booked", en)

        # The demo's week: released ones left out, the others in, with
        # the API's times.
        seen = 0
        for day in range(17, 32):
            date = "2026-11-%02d" % day if day <= 30 else "2026-12-01"
            status, _, raw = self.srv.request(
                "/api/v1/rooms/%s/schedule?date=%s" % (ROOM, date))
            self.assertEqual(status, 200)
            for b in json.loads(raw)["bookings"]:
                uid = "booking-%d@porte.test" % b["id"]
                if b["status"] == "released":
                    self.assertNotIn(uid, events)
                    continue
                seen += 1
                self.assertIn(uid, events, b)
                self.assertEqual(events[uid]["DTSTART"].dt.timestamp(),
                                 harness.rfc3339_to_epoch(b["start"]))
        self.assertGreater(seen, 5)

    def test_not_modified_and_errors(self):
        h, _ = self.feed()
        status, _, body = self.srv.request(
            "/rooms/%s.ics" % ROOM, headers={"If-None-Match": h["ETag"]})
        self.assertEqual(status, 304)
        self.assertEqual(body, b"")
        self.api_book(at("15:00"), 30, "Change", "olga.test@univ-exemple.fr")
        status, _, _ = self.srv.request(
            "/rooms/%s.ics" % ROOM, headers={"If-None-Match": h["ETag"]})
        self.assertEqual(status, 200)
        status, _, _ = self.srv.request("/rooms/nope.ics")
        self.assertEqual(status, 404)


class Escaping(PagesCase):
    """A title with markup in it stays text everywhere."""

    NASTY = "<script>alert(\"x\")</script> & 'q' <b>bold</b>"

    def test_title_with_markup(self):
        d = self.open("fr")
        self.book(d, DAY, at("14:00"), 30, self.NASTY,
                  "pia.test@univ-exemple.fr")
        self.assertIn("booked=1", d.current_url)
        self.assertEqual(d.find_elements(By.TAG_NAME, "script"), [])
        self.assertEqual(d.find_elements(By.CSS_SELECTOR, ".agenda b"), [])
        row = d.find_element(By.CSS_SELECTOR, ".agenda li.st-pending")
        self.assertIn(self.NASTY, row.text)
        status, _, body = self.srv.request("/r/%s?date=%s" % (ROOM, DAY))
        self.assertIn(b"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; "
                      b"&amp; &#39;q&#39;", body)
        bid, token, _ = self.booking_by_mail("pia.test@univ-exemple.fr")
        self.get(d, "/b/%d?t=%s" % (bid, token))
        self.assertEqual(d.find_elements(By.TAG_NAME, "script"), [])
        self.assertIn(self.NASTY, self.text(d))
        _, _, ics = self.srv.request("/rooms/%s.ics" % ROOM)
        self.assertIn("SUMMARY:<script>alert(\"x\")</script> & 'q'".encode(),
                      ics.replace(b"\r\n ", b""))

    def test_form_echo_is_escaped(self):
        nasty = '"><script>alert(1)</script>'
        status, _, body = self.post("/r/" + ROOM, {
            "date": DAY, "start": at("16:00"), "minutes": "30",
            "title": nasty, "email": nasty + "@gmail.com"})
        self.assertEqual(status, 422)
        self.assertNotIn(b"<script>", body)
        self.assertIn(b'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script'
                      b'&gt;"', body)
        status, _, body = self.srv.request(
            "/r/%s?date=%s&start=%s" % (ROOM, DAY, "%22%3E%3Cscript%3E"))
        self.assertEqual(status, 200)
        self.assertNotIn(b"<script>", body)


class Screens(PagesCase):
    """Every page at phone and desktop size, in French and English: the
    screenshots to look at (OUT/*.png), no sideways scrolling, controls
    big enough to tap."""

    def pages(self):
        bid, token, _ = self.booking_by_mail_or_book()
        door_bid = self.door_booking()
        return [
            ("rooms", "/r"),
            ("room", "/r/" + ROOM),
            ("room-day", "/r/%s?date=%s" % (ROOM, DAY)),
            ("workshop", "/r/atelier-lovelace"),
            ("training", "/r/formation-condorcet"),
            ("booked", "/r/%s?date=%s&booked=1" % (ROOM, DAY)),
            ("booking", "/b/%d?t=%s&a=confirm" % (bid, token)),
            ("booking-cancel", "/b/%d?t=%s&a=cancel" % (bid, token)),
            ("door", door_bid),
            ("error", "/b/%d?t=%s" % (bid, "x" * 43)),
        ]

    def booking_by_mail_or_book(self):
        self.api_book(at("09:00"), 60, "Groupe de lecture Proust",
                      "quentin.test@univ-exemple.fr")
        return self.booking_by_mail("quentin.test@univ-exemple.fr")

    def door_booking(self):
        """Today 10:30-11:30 in Paris, confirmed; its door's QR code."""
        device = self.srv.enroll()
        bid = self.api_book("2026-11-24T09:30:00Z", 60, "Atelier d'écriture",
                            "rita.test@univ-exemple.fr")
        _, token, _ = self.booking_by_mail("rita.test@univ-exemple.fr")
        self.post("/b/%d" % bid, {"action": "confirm", "t": token})
        proof = harness.door_proof(device, bid,
                                   harness.rfc3339_to_epoch(NOW))
        return "/b/%d?door=%s" % (bid, proof)

    def refused(self, d, lang):
        """A refusal: the daily quota (French), the domain (English)."""
        if lang == "fr":
            self.book(d, DAY, at("10:00"), 120, "Encore",
                      "quentin.test@univ-exemple.fr")
        else:
            self.book(d, DAY, at("10:00"), 30, "", "zoe@gmail.com")

    def test_every_page(self):
        pages = self.pages()
        for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
            for lang in ("fr", "en"):
                d = self.open(lang, size)
                for name, path in pages:
                    self.get(d, path)
                    self.no_overflow(d)
                    if size_name == "phone":
                        self.tap_targets(d)
                    screenshot(d, "%s-%s-%s" % (name, size_name, lang))
                self.refused(d, lang)
                self.assertIn("refus", self.text(d).lower())
                screenshot(d, "refused-%s-%s" % (size_name, lang))
                quit_browser(d)
                self.browsers.remove(d)

    def test_dark(self):
        d = self.open("fr", PHONE)
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        for name, path in (("room", "/r/" + ROOM),
                           ("rooms", "/r")):
            self.get(d, path)
            bg = d.execute_script(
                "return getComputedStyle(document.body).backgroundColor")
            self.assertEqual(bg, "rgb(14, 18, 24)")
            screenshot(d, "%s-phone-fr-dark" % name)


def luminance(hexcolor):
    h = hexcolor.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
           for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class Contrast(PagesCase):
    """WCAG 2.1 AA: 4.5:1 for text, 3:1 for the borders of controls, in
    the light and the dark scheme of the stylesheet."""

    TEXT = [("--text", "--bg"), ("--text", "--surface"),
            ("--muted", "--bg"), ("--muted", "--surface"),
            ("--muted", "--surface-2"), ("--accent", "--surface"),
            ("--accent", "--bg"), ("--accent-fg", "--accent"),
            ("--accent-fg", "--accent-hover"),
            ("--free-fg", "--free-bg"), ("--wait-fg", "--wait-bg"),
            ("--busy-fg", "--busy-bg"), ("--book-fg", "--book-bg"),
            ("--done-fg", "--done-bg"), ("--danger", "--surface"),
            ("--danger-fg", "--danger"), ("--text", "--surface-2")]
    UI = [("--field", "--surface"), ("--free-bar", "--surface"),
          ("--book-bar", "--surface"), ("--busy-bar", "--surface")]

    def schemes(self):
        _, _, css = self.srv.request("/static/porte.css")
        css = css.decode()
        light = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6})",
                                css.split("@media (prefers-color-scheme")[0]))
        dark_block = css.split("@media (prefers-color-scheme: dark)")[1]
        dark_block = dark_block.split("\n}\n")[0]
        dark = dict(light)
        dark.update(re.findall(r"(--[\w-]+):\s*(#[0-9a-f]{6})", dark_block))
        self.assertGreater(len(light), 20)
        return {"light": light, "dark": dark}

    def test_aa(self):
        for name, v in self.schemes().items():
            for fg, bg in self.TEXT:
                self.assertGreaterEqual(contrast(v[fg], v[bg]), 4.5,
                                        (name, fg, bg))
            for fg, bg in self.UI:
                self.assertGreaterEqual(contrast(v[fg], v[bg]), 3.0,
                                        (name, fg, bg))


GROUPS = {"room": RoomPage, "booking": Booking, "door": Door,
          "ics": Calendar, "escape": Escaping, "screens": Screens,
          "contrast": Contrast}

if __name__ == "__main__":
    rest = harness.parse_args(sys.argv[1:])
    if not rest or rest[0] not in GROUPS:
        sys.exit("usage: test_pages.py GROUP --server BIN --admin BIN "
                 "--sink PY --out DIR [unittest args]; GROUP: "
                 + ", ".join(GROUPS))
    suite = unittest.TestLoader().loadTestsFromTestCase(GROUPS[rest[0]])
    if len(rest) > 1:
        suite = unittest.TestSuite(
            t for t in suite if t._testMethodName in rest[1:])
    result = unittest.TextTestRunner(verbosity=2).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)

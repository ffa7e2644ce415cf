#!/usr/bin/python3
"""The desk's bookings pages (/staff/bookings, /staff/bookings/{id},
/staff/bookings/new) over HTTP and in headless Chromium, against the real
porte-server on a demo database (now: Tuesday 24 November 2026, 10:12 in
Paris):

- the search by e-mail (any case, a part), room, dates and state, the
  default (today and coming up), bad input (400, with the reason);
- one booking with its event log; cancel, remove (a reason is required),
  extend (accepted, then refused by the next booking: 409 naming it),
  check in on the patron's behalf;
- a new booking made at the desk (201 with the booker's link and check-in
  code, the mail in the SMTP sink), a daily quota refused then accepted
  with an override and its reason (in the event log and the audit log),
  an overlap refused even with an override, a training room refused to a
  desk account that is not its referent, bad input (no such date, 02:30
  on the spring-forward day, end before start, overlong fields);
- every refusal leaves the database as it was;
- Chromium: a late patron's booking removed through the real form, and
  screenshots at desktop and phone size, light and dark.
"""
import datetime
import re
import sqlite3
import urllib.parse
import zoneinfo

import staff_harness as sh
from selenium.webdriver.common.by import By

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def paris(text):
    """The instant of Paris wall time TEXT ("2026-11-24 11:30")."""
    return int(datetime.datetime.strptime(text, "%Y-%m-%d %H:%M")
               .replace(tzinfo=PARIS).timestamp())


class Db:
    """Reads of the server's database (a second connection)."""

    def __init__(self, path):
        self.path = path

    def rows(self, sql, *args):
        db = sqlite3.connect(self.path)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def one(self, sql, *args):
        return self.rows(sql, *args)[0][0]

    def state(self):
        """What a refusal must leave as it was."""
        return (self.rows("SELECT id, status, start_at, end_at FROM bookings"
                          " ORDER BY id"),
                self.one("SELECT count(*) FROM events"),
                self.one("SELECT count(*) FROM mail_queue"),
                self.one("SELECT sum(change_counter) FROM rooms"),
                self.one("SELECT count(*) FROM audit_log"
                         " WHERE action <> 'staff.login'"))

    def status(self, bid):
        return self.one("SELECT status FROM bookings WHERE id = ?", bid)

    def first(self, room, status=None, after=0):
        sql = ("SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
               " WHERE r.slug = ? AND b.start_at > ?")
        args = [room, after]
        if status:
            sql += " AND b.status = ?"
            args.append(status)
        return self.one(sql + " ORDER BY b.start_at LIMIT 1", *args)


def ids_in(page):
    return [int(m) for m in re.findall(r'href="/staff/bookings/(\d+)"', page)]


def new_fields(**kw):
    f = {"room": "groupe-3", "date": "2026-12-02", "start": "10:00",
         "end": "11:00", "email": "", "title": "", "reason": "",
         "mail_lang": "fr"}
    f.update(kw)
    return f


class Base(sh.StaffCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.db = Db(cls.srv.db)

    def book(self, role="desk", want=201, **kw):
        status, _, text = self.srv.post_as(role, "/staff/bookings/new",
                                           new_fields(**kw))
        self.assertEqual(status, want, text[:2000])
        m = re.search(r'href="/staff/bookings/(\d+)"', text)
        return (int(m.group(1)) if m and want == 201 else None), text

    def act(self, bid, want, role="desk", **fields):
        before = self.db.state()
        status, headers, text = self.srv.post_as(
            role, "/staff/bookings/%d" % bid, fields)
        self.assertEqual(status, want, text[:2000])
        if want == 303:
            self.assertEqual(headers["Location"],
                             "/staff/bookings/%d?done=%s" %
                             (bid, fields["action"]))
        else:
            self.assertEqual(before, self.db.state(), "a refusal changed")
        return text

    def refused(self, want, role="desk", **kw):
        before = self.db.state()
        _, text = self.book(role, want, **kw)
        self.assertEqual(before, self.db.state(), "a refusal changed")
        self.assertIn("Rien n’a été enregistré", text)
        return text


class Search(Base):

    def test_by_email_any_case(self):
        status, _, text = self.srv.get_as("desk",
                                          "/staff/bookings?email=GABRIEL.L")
        self.assertEqual(status, 200)
        want = [r[0] for r in self.db.rows(
            "SELECT id FROM bookings WHERE email LIKE '%gabriel.l%'"
            " ORDER BY start_at DESC, id DESC")]
        self.assertTrue(want)
        self.assertEqual(ids_in(text), want)
        self.assertIn("gabriel.laurent@etu.univ-exemple.fr", text)

    def test_by_room_date_and_status(self):
        status, _, text = self.srv.get_as(
            "desk", "/staff/bookings?room=groupe-1&from=2026-11-24"
            "&to=2026-11-24")
        self.assertEqual(status, 200)
        want = [r[0] for r in self.db.rows(
            "SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE r.slug = 'groupe-1' AND b.end_at > ? AND b.start_at < ?"
            " ORDER BY b.start_at DESC, b.id DESC",
            paris("2026-11-24 00:00"), paris("2026-11-25 00:00"))]
        self.assertGreaterEqual(len(want), 3)
        self.assertEqual(ids_in(text), want)
        status, _, text = self.srv.get_as(
            "desk", "/staff/bookings?status=cancelled")
        self.assertEqual(status, 200)
        want = [r[0] for r in self.db.rows(
            "SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE b.status = 'cancelled' AND r.slug <> "
            "'formation-condorcet' ORDER BY b.start_at DESC, b.id DESC")]
        self.assertEqual(ids_in(text), want)
        self.assertEqual(text.count('class="sbadge st-cancelled"'),
                         len(want))
        self.assertNotIn('class="sbadge st-confirmed"', text)

    def test_default_is_today_and_coming(self):
        status, _, text = self.srv.get_as("desk", "/staff/bookings")
        self.assertEqual(status, 200)
        self.assertIn("Aujourd’hui et à venir", text)
        shown = ids_in(text)
        want = [r[0] for r in self.db.rows(
            "SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE b.end_at > ? AND r.slug <> 'formation-condorcet'"
            " ORDER BY b.start_at, b.id", paris("2026-11-24 00:00"))]
        self.assertEqual(shown, want)
        yesterday = self.db.first("groupe-2", after=paris("2026-11-23 00:00"))
        self.assertNotIn(yesterday, shown)

    def test_training_room_bookings_are_the_referents(self):
        train = self.db.first("formation-condorcet")
        _, _, desk = self.srv.get_as("desk",
                                     "/staff/bookings?from=2026-11-01")
        _, _, admin = self.srv.get_as("room_admin",
                                      "/staff/bookings?from=2026-11-01")
        self.assertNotIn(train, ids_in(desk))
        self.assertIn(train, ids_in(admin))
        status, _, _ = self.srv.get_as("desk", "/staff/bookings/%d" % train)
        self.assertEqual(status, 403)
        status, _, _ = self.srv.get_as("room_admin",
                                       "/staff/bookings/%d" % train)
        self.assertEqual(status, 200)

    def test_bad_input(self):
        cases = [("from=2026-02-30", "n’existe pas"),
                 ("to=2026-13-01", "n’existe pas"),
                 ("from=2026-11-24&to=2026-11-20", "avant"),
                 ("status=lost", "Cet état"),
                 ("room=nulle-part", "Cette salle"),
                 ("room=formation-condorcet", "Cette salle"),
                 ("email=" + "a" * 300, "trop longue"),
                 ("email=" + urllib.parse.quote("a" * 250 + "é" * 3),
                  "trop longue")]
        for query, reason in cases:
            with self.subTest(query=query):
                status, _, text = self.srv.get_as(
                    "desk", "/staff/bookings?" + query)
                self.assertEqual(status, 400, text[:300])
                self.assertIn(reason, text)
                self.assertEqual(ids_in(text), [])

    def test_english(self):
        status, _, text = self.srv.get_as("desk", "/staff/bookings",
                                          lang="en")
        self.assertEqual(status, 200)
        self.assertIn("Today and coming up", text)
        self.assertIn("New booking", text)
        bid = self.db.first("groupe-1", "confirmed",
                            after=paris("2026-11-25 00:00"))
        status, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid,
                                          lang="en")
        self.assertEqual(status, 200)
        for words in ("The booking's log", "Remove the booking", "Extend",
                      "Confirmed", "Check-in code"):
            self.assertIn(words.replace("'", "&#39;"), text)
        status, _, text = self.srv.get_as("desk", "/staff/bookings/new",
                                          lang="en")
        self.assertIn("The room's rules".replace("'", "&#39;"), text)
        self.assertIn("Override the booker&#39;s quota", text)


class ManyResults(Base):
    """More than 500 bookings match: 500 shown, and a notice."""

    def test_refine_your_search(self):
        db = sqlite3.connect(self.srv.db)
        try:
            room = db.execute("SELECT id FROM rooms WHERE slug ="
                              " 'groupe-3'").fetchone()[0]
            base = paris("2026-12-14 08:00")
            db.executemany(
                "INSERT INTO bookings(room_id, start_at, end_at, status,"
                " email, checkin_code, created_at, creator_kind)"
                " VALUES (?, ?, ?, 'cancelled', ?, '0000', ?, 'staff')",
                [(room, base + 600 * i, base + 600 * i + 300,
                  "bulk.%d@univ-exemple.fr" % i, base - 86400)
                 for i in range(520)])
            db.commit()
        finally:
            db.close()
        status, _, text = self.srv.get_as("desk",
                                          "/staff/bookings?email=bulk.")
        self.assertEqual(status, 200)
        self.assertEqual(len(ids_in(text)), 500)
        self.assertIn("Affinez votre recherche", text)
        self.assertIn("(500+)", text)
        self.assertIn("bulk.519@", text)  # the latest first
        self.assertNotIn("bulk.19@", text)
        status, _, text = self.srv.get_as(
            "desk", "/staff/bookings?email=bulk.&to=2026-12-14")
        self.assertEqual(len(ids_in(text)), 96)  # 08:00 to 23:50
        self.assertNotIn("Affinez", text)


class OneBooking(Base):

    def test_details_and_event_log(self):
        bid = self.db.first("groupe-1", "ended")
        email, title = self.db.rows(
            "SELECT email, title FROM bookings WHERE id = ?", bid)[0]
        status, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
        self.assertEqual(status, 200)
        self.assertIn("Salle de groupe 1", text)
        self.assertIn("Bibliothèque universitaire Lettres", text)
        self.assertIn(email, text)
        self.assertIn(title.replace("'", "&#39;"), text)
        self.assertIn("(Europe/Paris)", text)
        kinds = [r[0] for r in self.db.rows(
            "SELECT kind FROM events WHERE booking_id = ? ORDER BY id", bid)]
        log = text[text.index("Journal de la réservation"):]
        words = {"create": "Créée", "confirm": "Confirmée",
                 "checkin": "Arrivée enregistrée", "end": "Terminée"}
        for k in kinds:
            self.assertIn(words[k], log)
        self.assertEqual(log.count("<tr>") - 1, len(kinds))
        self.assertIn("Aucune action possible", text)

    def test_not_found(self):
        for path, want in (("/staff/bookings/999999", 404),
                           ("/staff/bookings/abc", 404),
                           ("/staff/bookings/0", 404),
                           ("/staff/bookings/-3", 404)):
            with self.subTest(path=path):
                status, _, _ = self.srv.get_as("desk", path)
                self.assertEqual(status, want)
        status, _, _ = self.srv.post_as("desk", "/staff/bookings/999999",
                                        {"action": "cancel"})
        self.assertEqual(status, 404)

    def test_cancel_with_a_reason(self):
        bid, _ = self.book(date="2026-12-04", start="10:00", end="11:00",
                           title="À annuler")
        self.act(bid, 303, action="cancel", reason="Demande par téléphone")
        self.assertEqual(self.db.status(bid), "cancelled")
        status, _, text = self.srv.get_as(
            "desk", "/staff/bookings/%d?done=cancel" % bid)
        self.assertIn("La réservation est annulée.", text)
        self.assertIn("Demande par téléphone", text)
        # Twice: the state refuses it now (409), nothing changes.
        text = self.act(bid, 409, action="cancel", reason="")
        self.assertIn("bad_state", text)

    def test_remove_needs_a_reason(self):
        bid = self.db.first("groupe-1", "confirmed", after=paris("2026-11-25 00:00"))
        email = self.db.one("SELECT email FROM bookings WHERE id = ?", bid)
        text = self.act(bid, 422, action="remove", reason="")
        self.assertIn("demande un motif", text)
        text = self.act(bid, 422, action="remove", reason="   ")
        self.assertEqual(self.db.status(bid), "confirmed")
        self.act(bid, 303, action="remove", reason="Salle fermée (fuite)")
        self.assertEqual(self.db.status(bid), "removed")
        self.assertIn("Salle fermée (fuite)", self.srv.mail_to(email))
        _, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
        self.assertIn("Motif : <q>Salle fermée (fuite)</q>", text)

    def test_extend_then_an_overlap(self):
        first, _ = self.book(date="2026-12-02", start="14:00", end="15:00",
                             title="Premier")
        second, _ = self.book(date="2026-12-02", start="15:30", end="16:30",
                              title="Second")
        self.act(first, 303, action="extend", end="15:30")
        self.assertEqual(self.db.one("SELECT end_at - start_at FROM bookings"
                                     " WHERE id = ?", first), 5400)
        text = self.act(first, 409, action="extend", end="16:00")
        self.assertIn("overlap", text)
        self.assertIn('href="/staff/bookings/%d"' % second,
                      text[text.index("alert-error"):])
        text = self.act(first, 422, action="extend", end="20:30")
        self.assertIn("max_duration", text)
        self.act(first, 400, action="extend", end="25:00")
        _, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % first)
        self.assertIn("Prolongée", text)
        self.assertIn("fin précédente 15:00", text)

    def test_unreadable_forms(self):
        """Invalid UTF-8 in a form or in a page's query: 400, nothing
        changed."""
        bid = self.db.first("groupe-2", "confirmed",
                            after=paris("2026-11-25 00:00"))
        before = self.db.state()
        csrf = self.srv.csrf("desk")
        for path in ("/staff/bookings/%d" % bid, "/staff/bookings/new"):
            body = ("action=cancel&room=groupe-3&date=2026-12-02&start=10:00"
                    "&end=11:00&reason=%FF%FE&title=%C3&csrf=" + csrf)
            status, _, text = self.srv.request(
                path, "POST", body.encode(),
                {"Cookie": "porte_session=" + self.srv.session("desk"),
                 "Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(status, 400, text[:300])
            self.assertIn("Formulaire illisible".encode(), text)
        self.assertEqual(before, self.db.state())
        status, _, text = self.srv.get_as("desk",
                                          "/staff/bookings?email=%FF%FE")
        self.assertEqual(status, 400)
        self.assertIn("Adresse illisible", text)

    def test_unknown_action_and_bad_reason(self):
        bid = self.db.first("groupe-2", "confirmed", after=paris("2026-11-25 00:00"))
        self.act(bid, 400, action="explode")
        self.act(bid, 400, action="cancel", reason="x" * 201)
        self.act(bid, 400, action="cancel", reason="deux\nlignes")


class NewBooking(Base):

    def test_prefilled_from_the_planning(self):
        status, _, text = self.srv.get_as(
            "desk", "/staff/bookings/new?room=groupe-2&date=2026-11-25"
            "&start=14:00&end=15:00")
        self.assertEqual(status, 200)
        self.assertIn('<option value="groupe-2" selected>', text)
        for v in ("2026-11-25", "14:00", "15:00"):
            self.assertIn('value="%s"' % v, text)
        self.assertNotIn("formation-condorcet", text)
        _, _, admin = self.srv.get_as("room_admin", "/staff/bookings/new")
        self.assertIn('value="formation-condorcet"', admin)

    def test_booked_with_the_link_and_the_mail(self):
        email = "nina.rossi@univ-exemple.fr"
        bid, text = self.book(email=email, title="Soutenance blanche",
                              date="2026-12-03", start="09:00", end="10:00")
        m = re.search(r'value="(http://porte\.test/b/%d\?t=[A-Za-z0-9_-]+)"'
                      % bid, text)
        self.assertTrue(m, text[:3000])
        code = re.search(r'class="nb-code">(\d{4})<', text).group(1)
        row = self.db.rows("SELECT status, creator_kind, checkin_code, email"
                           " FROM bookings WHERE id = ?", bid)[0]
        self.assertEqual(row, ("confirmed", "staff", code, email))
        self.assertEqual(self.db.one(
            "SELECT start_at FROM bookings WHERE id = ?", bid),
            paris("2026-12-03 09:00"))
        mail = self.srv.mail_to(email)
        self.assertIn("/b/%d?t=" % bid, mail)
        # The link handed over opens the booker's page.
        status, _, _ = self.srv.request(m.group(1).replace(
            "http://porte.test", ""))
        self.assertEqual(status, 200)

    def test_quota_override_needs_a_reason(self):
        email = "zoe.martin@univ-exemple.fr"
        self.book(email=email, date="2026-12-07", start="09:00",
                  end="11:00")
        late = dict(email=email, date="2026-12-07", start="14:00",
                    end="15:00", title="Jury")
        text = self.refused(422, **late)
        self.assertIn("daily_quota", text)
        self.assertIn("cochez la case", text)
        text = self.refused(422, override="1", **late)
        self.assertIn("Dépasser le quota demande un motif", text)
        # Blank reasons are the store's to refuse too.
        text = self.refused(422, override="1", reason="   ", **late)
        self.assertIn("reason_required", text)
        bid, _ = self.book(override="1", reason="Jury de thèse", **late)
        _, _, page = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
        log = page[page.index("Journal de la réservation"):]
        self.assertIn("Motif : <q>Jury de thèse</q>", log)
        self.assertIn("quota dépassé", log)
        detail = self.db.one("SELECT detail FROM audit_log WHERE action ="
                             " 'booking.quota_override' AND target ="
                             " 'groupe-3' ORDER BY id DESC LIMIT 1")
        self.assertIn("booking %d for %s: Jury de thèse" % (bid, email),
                      detail)

    def test_overlap_even_with_an_override(self):
        held = self.db.first("groupe-1", "confirmed", after=paris("2026-11-25 00:00"))
        start = self.db.one("SELECT start_at FROM bookings WHERE id = ?",
                            held)
        t = datetime.datetime.fromtimestamp(start, PARIS)
        text = self.refused(409, room="groupe-1",
                            date=t.strftime("%Y-%m-%d"),
                            start=t.strftime("%H:%M"),
                            end=(t + datetime.timedelta(minutes=30))
                            .strftime("%H:%M"),
                            override="1", reason="Urgent")
        self.assertIn("overlap", text)
        self.assertIn('href="/staff/bookings/%d"' % held,
                      text[text.index("alert-error"):])

    def test_training_room_refused_to_the_desk(self):
        text = self.refused(403, room="formation-condorcet",
                            date="2026-12-08", start="10:00", end="11:00")
        self.assertIn("référents", text)
        bid, _ = self.book("room_admin", room="formation-condorcet",
                           date="2026-12-08", start="10:00", end="11:00",
                           title="Formation Zotero")
        self.assertEqual(self.db.status(bid), "confirmed")

    def test_bad_input(self):
        cases = [
            (400, dict(date="2026-02-30"), "n’existe pas"),
            (400, dict(date="2027-03-28", start="02:30", end="03:30"),
             "on avance"),
            (400, dict(start="9h"), "HH:MM"),
            (422, dict(start="11:00", end="10:00"), "après le début"),
            (400, dict(title="t" * 201), "200 octets"),
            (400, dict(title="deux\nlignes"), "une ligne"),
            (400, dict(email="pas-une-adresse"), "pas valable"),
            (400, dict(email="a" * 250 + "@univ-exemple.fr"), "pas valable"),
            (400, dict(override="1", reason="r" * 201), "200 octets"),
            (400, dict(room="nulle-part"), "n’existe pas"),
            (400, dict(room=""), "Choisissez une salle"),
            (400, dict(mail_lang="de"), "fr ou en"),
            (422, dict(date="2026-11-29"), "closed_day"),
            (422, dict(date="2026-12-02", start="06:00", end="07:00"),
             "outside_opening_hours"),
            (422, dict(date="2026-12-02", start="09:00", end="12:00"),
             "max_duration"),
            (422, dict(date="2027-02-02"), "too_far_ahead"),
            (422, dict(date="2026-11-24", start="08:00", end="09:00"),
             "in_the_past"),
        ]
        for want, kw, reason in cases:
            with self.subTest(kw=kw):
                text = self.refused(want, **kw)
                self.assertIn(reason, text)

    def test_spring_forward_gap(self):
        """02:30 on 28 March 2027 does not exist in Paris (the brief's
        2026-03-29 is in the past for the demo, and refused the same)."""
        for date in ("2026-03-29", "2027-03-28"):
            text = self.refused(400, date=date, start="02:30", end="03:30")
            self.assertIn("n’existe pas ce jour-là", text)


class Late(Base):
    """The clock moved to 11:36 Paris: the 11:30 booking of groupe-1 has
    no check-in yet."""

    LATE = "2026-11-24T10:36:00Z"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.set_clock(cls.LATE)

    def dark(self, d, on):
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme",
                          "value": "dark" if on else "light"}]})

    def shots(self, d, path, name):
        d.get(self.srv.url(path))
        for scheme in ("light", "dark"):
            self.dark(d, scheme == "dark")
            sh.screenshot(d, "%s-%s" % (name, scheme))
        self.dark(d, False)

    def test_a_remove_a_late_patron_in_chromium(self):
        bid = self.db.one(
            "SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE r.slug = 'groupe-1' AND b.start_at = ?",
            paris("2026-11-24 11:30"))
        self.assertEqual(self.db.status(bid), "confirmed")
        _, _, listing = self.srv.get_as("desk", "/staff/bookings")
        row = re.search(r'<tr>(?:(?!</tr>).)*href="/staff/bookings/%d"'
                        % bid, listing, re.S).group(0)
        self.assertIn("pas arrivé", row)
        self.assertEqual(listing.count("pas arrivé"), 1)
        d = self.open("desk", "fr", sh.DESKTOP)
        self.shots(d, "/staff/bookings/%d" % bid, "bookings-late-desktop")
        d.get(self.srv.url("/staff/bookings/%d" % bid))
        body = self.text(d)
        self.assertIn("Pas d’arrivée enregistrée depuis le début (11:30)",
                      body)
        self.assertIn("Libération automatique à 11:45", body)
        form = d.find_element(By.CSS_SELECTOR, "form.bk-act-remove")
        self.assertIn("Retirer la réservation (retard)", form.text)
        form.find_element(By.NAME, "reason").send_keys(
            "Absent à 11:36, salle redonnée")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        sh.harness_wait(d, lambda: "done=remove" in d.current_url)
        body = self.text(d)
        self.assertIn("La réservation est retirée", body)
        self.assertIn("Retirée", d.find_element(
            By.CSS_SELECTOR, ".bk-head .sbadge").text)
        self.assertIn("Absent à 11:36, salle redonnée", d.find_element(
            By.CSS_SELECTOR, ".bk-log").text)
        self.assertEqual(self.db.status(bid), "removed")
        # What is left of the slot can be booked again at once.
        rebook = d.find_element(By.CSS_SELECTOR, ".bk-rebook a")
        self.assertIn("(12:00–12:30)", rebook.text)
        self.assertTrue(rebook.get_attribute("href").endswith(
            "/staff/bookings/new?room=groupe-1&date=2026-11-24&start=12:00"
            "&end=12:30"))
        self.assertEqual(self.db.one(
            "SELECT actor_kind FROM events WHERE booking_id = ? AND kind ="
            " 'remove'", bid), "staff")
        self.shots(d, "/staff/bookings/%d?done=remove" % bid,
                   "bookings-removed-desktop")
        self.shots(d, "/staff/bookings?email=etu&from=2026-11-24"
                   "&to=2026-11-25", "bookings-search-desktop")
        self.shots(d, "/staff/bookings/new?room=groupe-2&date=2026-11-26"
                   "&start=14:00&end=15:00", "bookings-new-desktop")

    def test_b_phone(self):
        d = self.open("desk", "fr", sh.PHONE)
        bid = self.db.first("groupe-1", "confirmed",
                            after=paris("2026-11-24 12:00"))
        self.shots(d, "/staff/bookings/%d" % bid, "bookings-one-phone")
        self.shots(d, "/staff/bookings", "bookings-search-phone")
        self.shots(d, "/staff/bookings/new", "bookings-new-phone")
        # The new booking's result, on the phone, through the form.
        d.get(self.srv.url("/staff/bookings/new?room=groupe-3"
                           "&date=2026-12-09&start=10:00&end=11:00"))
        d.find_element(By.NAME, "email").send_keys("lou.perrin@univ-exemple.fr")
        d.find_element(By.NAME, "title").send_keys("Entretien")
        d.find_element(By.CSS_SELECTOR,
                       "form.nb-form button[type=submit]").click()
        sh.harness_wait(d, lambda: "Réservation faite" in self.text(d))
        body = self.text(d)
        self.assertIn("un e-mail part vers lou.perrin@univ-exemple.fr", body)
        link = d.find_element(By.CSS_SELECTOR, "input.nb-link")
        self.assertRegex(link.get_attribute("value"),
                         r"^http://porte\.test/b/\d+\?t=[A-Za-z0-9_-]{43}$")
        for scheme in ("light", "dark"):
            self.dark(d, scheme == "dark")
            sh.screenshot(d, "bookings-made-phone-" + scheme)
        self.dark(d, False)
        # No sideways scroll on the phone.
        self.assertLessEqual(d.execute_script(
            "return document.documentElement.scrollWidth"), 390)

    def test_c_checkin_on_behalf(self):
        bid = self.db.one(
            "SELECT b.id FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE r.slug = 'reunion-curie' AND b.status = 'confirmed'"
            " AND b.start_at = ?", paris("2026-11-24 14:30"))
        status, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
        self.assertNotIn("bk-act-checkin", text)  # the window is not open
        self.act(bid, 422, action="checkin")
        self.srv.set_clock("2026-11-24T13:25:00Z")
        try:
            _, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
            self.assertIn("bk-act-checkin", text)
            self.act(bid, 303, action="checkin")
            self.assertEqual(self.db.status(bid), "checked_in")
            _, _, text = self.srv.get_as("desk", "/staff/bookings/%d" % bid)
            self.assertIn("2026-11-24 14:25", text)
        finally:
            self.srv.set_clock(self.LATE)


if __name__ == "__main__":
    sh.main()

#!/usr/bin/python3
"""Repeating bookings for staff (/staff/repeat), in headless Chromium and
over HTTP against the real porte-server on a demo database.

- weekly on Mondays 10:00 across the Paris autumn change (the clock moved
  to 17 October 2026), one Monday already booked and one closed: the
  preview lists exactly those two as refused with their codes, nothing is
  saved; the save books the three others at 10:00 local (08:00Z before
  the change, 09:00Z after) and the result page links them;
- daily (Saturday afternoon and Sunday refused; a patron's monthly quota
  counts the series itself, unless overridden), monthly (no 30 February,
  too far ahead), a slot booked between preview and save (the save is
  refused, nothing saved, the new preview shown), and bad input;
- screenshots of the form, the preview and the result, desktop and phone.
"""
import json
import re
import sqlite3
import urllib.parse

import staff_harness as sh
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

PARIS_TZ = "Europe/Paris"


def fields(**kw):
    """A repeat form: weekly, an hour at 10:00, in groupe-2, unless KW
    says otherwise (wd=["mon", ...] for the weekday boxes)."""
    f = {"room": "groupe-2", "first": "2026-10-19", "start": "10:00",
         "minutes": "60", "freq": "weekly", "until": "2026-11-16",
         "title": "Séminaire du labo", "email": "", "reason": ""}
    wd = kw.pop("wd", [])
    f.update(kw)
    pairs = list(f.items())
    pairs += [("wd-" + d, "1") for d in wd]
    return pairs


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
        """What a preview must leave as it was."""
        return (self.one("SELECT count(*) FROM bookings"),
                self.one("SELECT count(*) FROM events"),
                self.one("SELECT count(*) FROM mail_queue"),
                self.one("SELECT sum(change_counter) FROM rooms"),
                self.one("SELECT count(*) FROM audit_log"
                         " WHERE action <> 'staff.login'"))

    def titled(self, title):
        """[(id, room, start, end, status)] of the bookings titled TITLE."""
        return self.rows(
            "SELECT b.id, r.slug, b.start_at, b.end_at, b.status"
            " FROM bookings b JOIN rooms r ON r.id = b.room_id"
            " WHERE b.title = ? ORDER BY b.start_at", title)


def utc(ts):
    import datetime
    return datetime.datetime.fromtimestamp(
        ts, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def refused(text):
    """{date: code} of the preview's refused list."""
    m = re.search(r'<ul class="rep-refused">(.*?)</ul>', text, re.S)
    if not m:
        return {}
    out = {}
    for li in re.finditer(r'<li data-code="([a-z_]+)"><strong>(.*?)'
                          r'</strong>', m.group(1), re.S):
        d = re.search(r'datetime="([0-9-]+)"', li.group(2))
        out[d.group(1) if d else re.sub("<[^>]+>", "", li.group(2))] = \
            li.group(1)
    return out


def rows(text):
    """[(n, date, code)] of the preview's table."""
    return [(int(m.group(2)), m.group(3) or "", m.group(1)) for m in
            re.finditer(r'<tr class="rep-row-\w+" data-code="([a-z_]+)">'
                        r'<td class="num">(\d+)</td><td>(?:<time '
                        r'datetime="([0-9-]+)")?', text)]


def count(text):
    m = re.search(r'id="rep-count"><strong>(\d+)</strong> (?:sur|of) '
                  r'(\d+)', text)
    return (int(m.group(1)), int(m.group(2))) if m else None


class RepeatCase(sh.StaffCase):

    def setUp(self):
        self.db = Db(self.srv.db)

    def csrf(self, role):
        """ROLE's csrf field, read from the repeat form."""
        status, _, text = self.srv.get_as(role, "/staff/repeat")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
        self.assertIsNotNone(m, text[:300])
        return m.group(1)

    def post(self, role, pairs, lang="fr"):
        """POST /staff/repeat as ROLE with its csrf field: (status,
        headers, text)."""
        body = urllib.parse.urlencode(pairs + [("csrf", self.csrf(role))])
        return self.post_raw(role, body.encode(), lang)

    def post_raw(self, role, body, lang="fr"):
        status, headers, data = self.srv.request(
            "/staff/repeat", "POST", body, {
                "Cookie": "porte_session=" + self.srv.session(role),
                "Accept-Language": lang,
                "Content-Type": "application/x-www-form-urlencoded"})
        return status, headers, data.decode("utf-8", "replace")

    def preview(self, role, pairs, lang="fr"):
        return self.post(role, pairs + [("step", "preview")], lang)

    def save(self, role, pairs, expect):
        return self.post(role, pairs + [("step", "save"),
                                        ("expect", expect)])

    def expect_of(self, text):
        m = re.search(r'name="expect" value="([01]+)"', text)
        self.assertIsNotNone(m, "no save button")
        return m.group(1)

    def schedule(self, room, date):
        status, _, body = self.srv.request(
            "/api/v1/rooms/%s/schedule?date=%s" % (room, date))
        self.assertEqual(status, 200)
        return json.loads(body)["bookings"]

    def fill(self, d, pairs):
        """Fills the browser's form with PAIRS (date and time inputs set
        as values, which typing into them would do per the locale)."""
        values = dict(pairs)
        for name in ("first", "until", "start", "minutes"):
            el = d.find_element(By.NAME, name)
            d.execute_script("arguments[0].value = arguments[1];", el,
                             values[name])
        Select(d.find_element(By.NAME, "room")).select_by_value(
            values["room"])
        Select(d.find_element(By.NAME, "freq")).select_by_value(
            values["freq"])
        for name in ("title", "email", "reason"):
            el = d.find_element(By.NAME, name)
            el.clear()
            if values.get(name):
                el.send_keys(values[name])
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
            box = d.find_element(By.NAME, "wd-" + day)
            if box.is_selected() != (("wd-" + day) in values):
                box.click()

    def submit(self, d, css):
        old = d.find_element(By.TAG_NAME, "html")
        d.find_element(By.CSS_SELECTOR, css).click()
        sh.harness_wait(d, lambda: self._stale(old))

    @staticmethod
    def _stale(el):
        try:
            el.tag_name
            return False
        except Exception:
            return True


class WeeklyAcrossDst(RepeatCase):
    """Mondays 10:00, 19 October to 16 November 2026: the clocks go back
    on Sunday 25 October. 2 November is booked, 9 November closed."""

    def test_weekly_dst(self):
        self.srv.set_clock("2026-10-17T08:00:00Z")
        self.srv.admin("site", "close", "bu-lettres", "2026-11-09",
                       "--note", "Inventaire")
        # A patron's booking on 2 November 10:30-11:30 (pending holds it).
        status, reply = self.srv.json("/api/v1/bookings", {
            "room": "groupe-2", "start": "2026-11-02T09:30:00Z",
            "end": "2026-11-02T10:30:00Z",
            "email": "ines.roux@univ-exemple.fr"})
        self.assertEqual(status, 201, reply)
        pairs = fields(wd=["mon"])
        before = self.db.state()
        sched_before = [len(self.schedule("groupe-2", d)) for d in
                        ("2026-10-19", "2026-10-26", "2026-11-02")]

        d = self.open("desk", "fr", sh.DESKTOP)
        d.get(self.srv.url("/staff/repeat"))
        self.assertIn("Répéter une réservation", self.text(d))
        # Desk staff are not offered the training room.
        rooms = [o.get_attribute("value") for o in
                 d.find_elements(By.CSS_SELECTOR, "select[name=room] option")]
        self.assertIn("groupe-2", rooms)
        self.assertNotIn("formation-condorcet", rooms)
        self.fill(d, pairs)
        sh.screenshot(d, "repeat-form-desktop")
        self.submit(d, ".rep-form button[type=submit]")
        html = d.page_source
        self.assertEqual(count(html), (3, 5), self.text(d)[:600])
        self.assertEqual(refused(html), {"2026-11-02": "overlap",
                                         "2026-11-09": "closed_day"})
        self.assertEqual([r[2] for r in rows(html)],
                         ["ok", "ok", "overlap", "closed_day", "ok"])
        self.assertIn("Le site est fermé ce jour-là.", self.text(d))
        self.assertIn("Changement d’heure pendant la période : chaque date "
                      "garde 10:00 à l’heure locale.", self.text(d))
        self.assertIn("Réserver les 3", self.text(d))
        sh.screenshot(d, "repeat-preview-desktop")
        # Nothing saved by the preview.
        self.assertEqual(self.db.state(), before)
        self.assertEqual([len(self.schedule("groupe-2", x)) for x in
                          ("2026-10-19", "2026-10-26", "2026-11-02")],
                         sched_before)
        self.assertEqual(self.db.titled("Séminaire du labo"), [])

        # "Change" goes back to the form, filled.
        d.find_element(By.ID, "rep-change").click()
        sh.harness_wait(d, lambda: "Vérifier les dates" in self.text(d))
        self.assertEqual(d.find_element(By.NAME, "first")
                         .get_attribute("value"), "2026-10-19")
        self.assertTrue(d.find_element(By.NAME, "wd-mon").is_selected())
        self.assertEqual(Select(d.find_element(By.NAME, "room"))
                         .first_selected_option.get_attribute("value"),
                         "groupe-2")
        self.submit(d, ".rep-form button[type=submit]")
        self.assertEqual(count(d.page_source), (3, 5))

        # Book the three.
        self.submit(d, "#rep-save")
        self.assertIn("/staff/repeat/done", d.current_url)
        text = self.text(d)
        self.assertIn("3 réservations faites", text)
        self.assertIn("2 des 5 dates", text)
        links = [a.get_attribute("href") for a in
                 d.find_elements(By.CSS_SELECTOR, "table.rep-done a")]
        self.assertEqual(len(links), 3)
        sh.screenshot(d, "repeat-done-desktop")
        made = self.db.titled("Séminaire du labo")
        self.assertEqual([(utc(r[2]), utc(r[3]), r[1], r[4]) for r in made], [
            ("2026-10-19T08:00Z", "2026-10-19T09:00Z", "groupe-2",
             "confirmed"),
            ("2026-10-26T09:00Z", "2026-10-26T10:00Z", "groupe-2",
             "confirmed"),
            ("2026-11-16T09:00Z", "2026-11-16T10:00Z", "groupe-2",
             "confirmed")])
        for r in made:
            self.assertTrue(any(l.endswith("/staff/bookings/%d" % r[0])
                                for l in links))
        # The schedule says the same: one more on each side of the change.
        self.assertEqual(len(self.schedule("groupe-2", "2026-10-19")),
                         sched_before[0] + 1)
        self.assertEqual(len(self.schedule("groupe-2", "2026-10-26")),
                         sched_before[1] + 1)
        self.assertEqual(len(self.schedule("groupe-2", "2026-11-02")),
                         sched_before[2])
        after = self.db.state()
        self.assertEqual(after[0], before[0] + 3)
        self.assertEqual(after[4], before[4] + 1)
        audit = self.db.rows("SELECT who, target, detail FROM audit_log"
                             " WHERE action = 'booking.series'")
        self.assertEqual(len(audit), 1)
        self.assertEqual(audit[0][1], "groupe-2")
        self.assertIn("weekly mon 10:00 60 min 2026-10-19..2026-11-16",
                      audit[0][2])
        self.assertIn("3 of 5 booked", audit[0][2])

    def test_zz_phone(self):
        """The form and a preview at phone size, in English."""
        self.srv.set_clock("2026-10-17T08:00:00Z")
        d = self.open("room_admin", "en", sh.PHONE)
        d.get(self.srv.url("/staff/repeat?lang=en"))
        self.assertIn("Repeating booking", self.text(d))
        rooms = [o.get_attribute("value") for o in
                 d.find_elements(By.CSS_SELECTOR, "select[name=room] option")]
        self.assertIn("formation-condorcet", rooms)  # its referent
        self.fill(d, fields(room="groupe-3", first="2026-10-19",
                            until="2026-11-01", freq="daily",
                            start="17:00", minutes="90",
                            title="Tutorat"))
        sh.screenshot(d, "repeat-form-phone")
        self.submit(d, ".rep-form button[type=submit]")
        html = d.page_source
        text = self.text(d)
        self.assertEqual(count(html), (10, 14))
        self.assertIn("The clocks change during this period: every date "
                      "keeps 17:00 local time.", text)
        # Saturdays close at 13:00, Sundays are closed.
        self.assertEqual(refused(html), {
            "2026-10-24": "outside_opening_hours",
            "2026-10-25": "closed_day",
            "2026-10-31": "outside_opening_hours",
            "2026-11-01": "closed_day"})
        self.assertIn("The site is closed on that day.", text)
        self.assertIn("Book the 10", text)
        sh.screenshot(d, "repeat-preview-phone")
        width = d.execute_script(
            "return document.documentElement.scrollWidth")
        self.assertLessEqual(width, sh.PHONE[0])


class DailyMonthly(RepeatCase):
    """At the demo's now (Tuesday 24 November 2026)."""

    def test_daily(self):
        pairs = fields(room="groupe-3", first="2026-11-30",
                       until="2026-12-06", freq="daily", start="14:00",
                       title="Permanence daily")
        before = self.db.state()
        status, _, text = self.preview("desk", pairs)
        self.assertEqual(status, 200, text[:500])
        self.assertEqual(count(text), (5, 7))
        self.assertEqual(refused(text), {
            "2026-12-05": "outside_opening_hours",
            "2026-12-06": "closed_day"})
        self.assertEqual(self.db.state(), before)
        status, headers, _ = self.save("desk", pairs, self.expect_of(text))
        self.assertEqual(status, 303)
        self.assertIn("/staff/repeat/done?n=7&ids=", headers["Location"])
        made = self.db.titled("Permanence daily")
        self.assertEqual([utc(r[2]) for r in made],
                         ["2026-11-%02dT13:00Z" % 30] +
                         ["2026-12-%02dT13:00Z" % k for k in (1, 2, 3, 4)])
        status, _, page = self.srv.get_as("desk", headers["Location"])
        self.assertEqual(status, 200)
        self.assertEqual(len(re.findall(r'href="/staff/bookings/\d+"',
                                        page)), 5)

    def test_daily_quota_counts_the_series(self):
        """A patron may book 240 min a month: the third 90-minute day is
        refused, because of the first two of the same series."""
        pairs = fields(room="reunion-curie", first="2026-12-07",
                       until="2026-12-09", freq="daily", start="09:00",
                       minutes="90", email="zoe.martin@univ-exemple.fr",
                       title="Quota")
        status, _, text = self.preview("desk", pairs)
        self.assertEqual(status, 200, text[:500])
        self.assertEqual(refused(text), {"2026-12-09": "monthly_quota"})
        # Overriding needs a reason...
        over = pairs + [("override", "1")]
        status, _, text = self.preview("desk", over)
        self.assertEqual(status, 422)
        self.assertIn("demande un motif", text)
        # ...and then books all three.
        over = [(k, v) for k, v in over if k != "reason"] + \
            [("reason", "Jury de thèse")]
        status, _, text = self.preview("desk", over)
        self.assertEqual((status, count(text)), (200, (3, 3)))
        status, _, _ = self.save("desk", over, self.expect_of(text))
        self.assertEqual(status, 303)
        self.assertEqual(len(self.db.titled("Quota")), 3)
        detail = self.db.one("SELECT detail FROM audit_log WHERE action ="
                             " 'booking.series' ORDER BY id DESC LIMIT 1")
        self.assertIn("quota override: Jury de thèse", detail)
        self.assertIn("quotas overridden", detail)

    def test_monthly(self):
        """The 30th monthly from 30 November: December and January are
        too far ahead (31 days), February has no 30th."""
        pairs = fields(room="groupe-1", first="2026-11-30",
                       until="2027-03-01", freq="monthly", start="16:00",
                       title="Point mensuel")
        status, _, text = self.preview("superadmin", pairs)
        self.assertEqual(status, 200, text[:500])
        self.assertEqual(count(text), (1, 4))
        self.assertEqual([r[2] for r in rows(text)],
                         ["ok", "too_far_ahead", "too_far_ahead",
                          "no_such_day"])
        self.assertIn("Ce mois n’a pas de 30.", text)
        self.assertIn("31 jours à l’avance", text)
        self.assertEqual(self.expect_of(text), "1000")
        status, _, _ = self.save("superadmin", pairs, "1000")
        self.assertEqual(status, 303)
        made = self.db.titled("Point mensuel")
        self.assertEqual([utc(r[2]) for r in made], ["2026-11-30T15:00Z"])


class Race(RepeatCase):
    """A slot taken between the preview and the save."""

    def test_race(self):
        pairs = fields(room="reunion-curie", first="2026-12-03",
                       until="2026-12-17", start="16:00", wd=["thu"],
                       title="Comité de suivi")
        d = self.open("desk", "fr", sh.DESKTOP)
        d.get(self.srv.url("/staff/repeat"))
        self.fill(d, pairs)
        self.submit(d, ".rep-form button[type=submit]")
        self.assertEqual(count(d.page_source), (3, 3))
        # Someone books 10 December 16:30 meanwhile.
        status, reply = self.srv.json("/api/v1/bookings", {
            "room": "reunion-curie", "start": "2026-12-10T15:30:00Z",
            "end": "2026-12-10T16:00:00Z",
            "email": "hugo.petit@univ-exemple.fr"})
        self.assertEqual(status, 201, reply)
        before = self.db.state()
        self.submit(d, "#rep-save")
        html = d.page_source
        text = self.text(d)
        self.assertIn("/staff/repeat", d.current_url)
        self.assertNotIn("/done", d.current_url)
        self.assertIn("rien n’a été enregistré", text)
        self.assertEqual(count(html), (2, 3))
        self.assertEqual(refused(html), {"2026-12-10": "overlap"})
        self.assertEqual(self.db.state(), before)
        self.assertEqual(self.db.titled("Comité de suivi"), [])
        sh.screenshot(d, "repeat-race-desktop")
        # The same over HTTP: 409.
        status, _, text = self.save("desk", pairs, "111")
        self.assertEqual(status, 409)
        self.assertEqual(self.db.state(), before)
        # Booking the two left from the new preview works.
        self.submit(d, "#rep-save")
        self.assertIn("/staff/repeat/done", d.current_url)
        self.assertEqual([utc(r[2]) for r in
                          self.db.titled("Comité de suivi")],
                         ["2026-12-03T15:00Z", "2026-12-17T15:00Z"])


class BadInput(RepeatCase):
    """Every bad form gets its reason and changes nothing."""

    CASES = [
        ({"first": "2026-02-30"}, 422, "La première date n’existe pas"),
        ({"until": "2026-12-31T10"}, 422, "La dernière date n’existe pas"),
        ({"first": "2026-12-10", "until": "2026-12-01"}, 422,
         "La dernière date est avant la première"),
        ({"first": "2026-12-01", "until": "2027-09-01", "freq": "daily"},
         422, "Trop de dates : 200 au plus"),
        ({"first": "2026-12-01", "until": "2028-01-01"}, 422,
         "un an au plus"),
        ({"first": "2026-03-29", "until": "2026-03-31", "freq": "daily",
          "start": "02:30"}, 422, "changement d’heure"),
        ({"start": "25:00"}, 422, "L’heure de début n’est pas valable"),
        ({"minutes": "0"}, 422, "La durée va de 1 à 1440"),
        ({"minutes": "1e3"}, 422, "La durée va de 1 à 1440"),
        ({"freq": "hourly"}, 422, "Choisissez une fréquence"),
        ({"title": "é" * 101}, 422, "Le titre est trop long"),
        ({"title": "deux\nlignes"}, 422, "tiennent sur une ligne"),
        ({"email": "pas-une-adresse"}, 422,
         "Cette adresse e-mail n’est pas valable"),
        ({"room": "salle-inconnue"}, 422, "Cette salle n’existe pas"),
        ({"room": ""}, 422, "Choisissez une salle"),
        ({"room": "formation-condorcet"}, 403,
         "Vous ne pouvez pas réserver cette salle"),
        ({"first": "2026-12-01", "until": "2026-12-01", "wd": ["mon"]},
         422, "Aucune date ne correspond"),
    ]

    def test_bad_forms(self):
        before = self.db.state()
        for change, want, words in self.CASES:
            for step in ("preview", "save"):
                with self.subTest(change=change, step=step):
                    pairs = fields(**dict(change)) + [("step", step),
                                                      ("expect", "1")]
                    status, _, text = self.post("desk", pairs)
                    self.assertEqual(status, want, text[:300])
                    self.assertIn(words, text)
                    self.assertIn("Rien n’a été enregistré", text)
                    # The form comes back filled.
                    self.assertIn('name="first"', text)
        self.assertEqual(self.db.state(), before)

    def test_invalid_utf8(self):
        before = self.db.state()
        body = urllib.parse.urlencode(fields() + [
            ("step", "preview"), ("csrf", self.csrf("desk"))])
        body = body.replace("title=S%C3%A9minaire", "title=S%FF%FEminaire")
        self.assertIn("%FF", body)
        status, _, text = self.post_raw("desk", body.encode())
        self.assertEqual(status, 400, text[:300])
        self.assertIn("Formulaire illisible", text)
        self.assertEqual(self.db.state(), before)

    def test_tampered_expect(self):
        """A save whose expect does not fit the series is a new
        preview (409), never a partial save."""
        before = self.db.state()
        pairs = fields(room="groupe-1", first="2026-12-01",
                       until="2026-12-15", start="11:00", wd=["tue"],
                       title="Tampered")
        for expect in ("11", "1111", "11x", "", "2"):
            with self.subTest(expect=expect):
                status, _, text = self.save("desk", pairs, expect)
                self.assertEqual(status, 409, text[:300])
                self.assertIn("Voici le nouvel aperçu", text)
        status, _, text = self.save("desk", pairs, "000")
        self.assertEqual(status, 422)
        self.assertIn("Aucune date à réserver", text)
        self.assertEqual(self.db.state(), before)

    def test_referent_and_done_page(self):
        """The training room's referent may repeat in it; the result page
        without ids goes back to the form."""
        pairs = fields(room="formation-condorcet", first="2026-12-02",
                       until="2026-12-16", start="14:00", minutes="180",
                       wd=["wed"], title="Formation Zotero")
        status, _, text = self.preview("room_admin", pairs)
        self.assertEqual((status, count(text)), (200, (3, 3)), text[:400])
        status, headers, _ = self.srv.get_as("desk", "/staff/repeat/done")
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"], "/staff/repeat")
        status, _, text = self.srv.get_as(
            "desk", "/staff/repeat/done?n=2&ids=99999999")
        self.assertEqual(status, 200)
        self.assertIn("Aucune de ces réservations", text)
        for bad in ("0", "5-3", "1-100000", "a", "1,,2", "-1"):
            status, headers, _ = self.srv.get_as(
                "desk", "/staff/repeat/done?ids=" + bad)
            self.assertEqual(status, 303, bad)


if __name__ == "__main__":
    sh.main()

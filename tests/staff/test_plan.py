#!/usr/bin/python3
"""The planning (GET /staff/planning) on the demo database, over HTTP and
in headless Chromium: the day view shows every room, each booking as a
block of its state with its booker's e-mail and a link to its page, the
free slots as links to a new booking with the right query, the doors
offline (none of the demo's has been seen) and one that comes online and
goes offline again; the week and month views and their navigation; the
days of 23 and 25 hours (a booking across the autumn change drawn over its
real two hours); closures with their reason; bad input refused with a
clear page; a room admin kept on their site. Screenshots at desktop and
phone size in both schemes, the phone's page never scrolling sideways
(the grid scrolls inside its box); GENERATE=1 also writes the README's
docs/screenshots/staff-planning.png."""
import base64
import datetime
import html
import os
import re
import sqlite3
import zoneinfo

import staff_harness as sh
import test_look

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
DAY = "2026-11-24"
WORDS = {"pending": "En attente", "confirmed": "Confirmée",
         "checked_in": "Présent", "ended": "Terminée",
         "released": "Libérée", "cancelled": "Annulée",
         "removed": "Retirée"}
CLASSES = {"pending": "st-pending", "confirmed": "st-confirmed",
           "checked_in": "st-checkedin", "ended": "st-ended",
           "released": "st-released", "cancelled": "st-cancelled",
           "removed": "st-removed"}
HOLDS = {"pending", "confirmed", "checked_in", "ended"}

BLOCK = re.compile(r'<a class="pblock (st-\w+)[^"]*" '
                   r'href="/staff/bookings/(\d+)" style="left:([\d.]+)%;'
                   r'width:([\d.]+)%;--lane:\d+" title="([^"]*)"')
FREE = re.compile(r'href="/staff/bookings/new\?room=([a-z0-9-]+)&amp;'
                  r'date=(\d{4}-\d\d-\d\d)&amp;start=(\d\d:\d\d)&amp;'
                  r'end=(\d\d:\d\d)"')
TICK = re.compile(r'<span class="ptick" style="left:([\d.]+)%">'
                  r'(\d\d:\d\d)</span>')


def local(epoch):
    return datetime.datetime.fromtimestamp(epoch, PARIS)


def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


class Plan(sh.StaffCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.admin("site", "add", "bu-sciences", "--name",
                      "Bibliothèque Sciences", "--tz", "Europe/Paris",
                      "--hours", "mon-fri 08:00-19:00")
        cls.srv.admin("room", "add", "sciences-1", "--site", "bu-sciences",
                      "--name", "Salle Sciences 1", "--kind", "group")

    def db(self):
        return sqlite3.connect(self.srv.db)

    def rooms(self):
        con = self.db()
        rows = con.execute(
            "SELECT r.slug, r.name, r.kind FROM rooms r JOIN sites s "
            "ON s.id = r.site_id WHERE s.slug = 'bu-lettres' "
            "ORDER BY r.slug").fetchall()
        con.close()
        return rows

    def bookings_of(self, date):
        """The demo bookings overlapping local DATE: id -> (room, status,
        email, start, end)."""
        d = datetime.date.fromisoformat(date)
        a = int(datetime.datetime(d.year, d.month, d.day,
                                  tzinfo=PARIS).timestamp())
        nd = d + datetime.timedelta(days=1)
        b = int(datetime.datetime(nd.year, nd.month, nd.day,
                                  tzinfo=PARIS).timestamp())
        con = self.db()
        rows = con.execute(
            "SELECT b.id, r.slug, b.status, b.email, b.start_at, b.end_at "
            "FROM bookings b JOIN rooms r ON r.id = b.room_id "
            "WHERE b.start_at < ? AND b.end_at > ?", (b, a)).fetchall()
        con.close()
        return {r[0]: r[1:] for r in rows}

    def page(self, role, query="", lang="fr"):
        status, _, text = self.srv.get_as(role, "/staff/planning" + query,
                                          lang)
        self.assertEqual(status, 200, text[:500])
        return text

    # ---- the day ------------------------------------------------------

    def test_day_every_room_and_booking(self):
        text = self.page("desk")
        self.assertIn("<h1>mardi 24 novembre 2026</h1>", text)
        for slug, name, kind in self.rooms():
            self.assertIn(html.escape(name, quote=False), text, slug)
        self.assertIn('<span class="ptag">Formation</span>', text)
        want = self.bookings_of(DAY)
        self.assertGreaterEqual(len(want), 10)
        drawn = {int(m.group(2)): m for m in BLOCK.finditer(text)}
        self.assertEqual(set(drawn), set(want))
        states = set()
        for bid, (room, status, email, start, end) in want.items():
            m = drawn[bid]
            states.add(status)
            self.assertEqual(m.group(1), CLASSES[status], bid)
            title = html.unescape(m.group(5))
            self.assertIn(WORDS[status], title)
            self.assertIn(email or "Sans e-mail", title)
            self.assertIn(local(start).strftime("%H:%M") + "–" +
                          local(end).strftime("%H:%M"), title)
            # Placed by its instants on the day's axis, 08:00 to 20:00.
            left = (start - self.instant(DAY, 8)) / (12 * 3600) * 100
            self.assertAlmostEqual(float(m.group(3)), max(left, 0), 2)
            self.assertAlmostEqual(float(m.group(4)),
                                   (end - start) / (12 * 3600) * 100, 2)
        self.assertGreaterEqual(len(states), 4, states)
        # The legend names every state; the now line is drawn at 10:12.
        for word in WORDS.values():
            self.assertIn('">' + word + "</span>", text)
        m = re.search(r'<span class="pnow-label" style="left:([\d.]+)%">'
                      r'10:12</span>', text)
        self.assertTrue(m, "no now line")
        self.assertAlmostEqual(float(m.group(1)), 2.2 / 12 * 100, delta=0.2)
        self.assertIn("Ouvert 08:30–20:00", text)

    def instant(self, date, hour, minute=0):
        d = datetime.date.fromisoformat(date)
        return int(datetime.datetime(d.year, d.month, d.day, hour, minute,
                                     tzinfo=PARIS).timestamp())

    def test_day_table_for_screen_readers(self):
        text = self.page("desk")
        table = text[text.index('<table class="stable ptable">'):]
        table = table[:table.index("</table>")]
        self.assertIn("<caption>Réservations du mardi 24 novembre 2026",
                      table)
        self.assertEqual(table.count('<th scope="col">'), 6)
        self.assertEqual(table.count('<th scope="rowgroup"'), 6)
        rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
        want = self.bookings_of(DAY)
        found = 0
        for bid, (room, status, email, start, end) in want.items():
            for row in rows:
                if "/staff/bookings/%d\"" % bid not in row:
                    continue
                found += 1
                self.assertIn(WORDS[status], row)
                self.assertIn(html.escape(email) or "Sans e-mail", row)
                self.assertIn(local(start).strftime("%H:%M"), row)
        self.assertEqual(found, len(want))

    def test_free_slots(self):
        text = self.page("desk")
        want = self.bookings_of(DAY)
        slots = FREE.findall(text)
        self.assertGreater(len(slots), 5)
        now = 10 * 60 + 12
        seen = set()
        for room, date, start, end in slots:
            seen.add(room)
            self.assertEqual(date, DAY)
            a, b = minutes(start), minutes(end)
            self.assertGreaterEqual(a, now, (room, start))
            self.assertLessEqual(b, 20 * 60)
            self.assertGreaterEqual(b - a, 30)
            self.assertLessEqual(b - a, 120)  # at most max_duration
            self.assertEqual(a % 30, 0)
            if room == "atelier-lovelace":
                self.assertGreaterEqual(b - a, 60)
                continue  # eight seats: free beside its bookings
            for bid, (r, status, _, s, e) in want.items():
                if r != room or status not in HOLDS:
                    continue
                s_min = (s - self.instant(DAY, 0)) // 60
                e_min = (e - self.instant(DAY, 0)) // 60
                self.assertFalse(a < e_min and s_min < b,
                                 (room, start, end, bid))
        # Desk staff do not book the training room: its free time is
        # shown but not offered; its referent (the room admin) books it.
        self.assertNotIn("formation-condorcet", seen)
        self.assertIn("groupe-1", seen)
        self.assertIn("référents seulement", text)
        admin = FREE.findall(self.page("room_admin"))
        self.assertIn("formation-condorcet", {s[0] for s in admin})
        # A day already past offers nothing.
        self.assertEqual(FREE.findall(self.page("desk", "?date=2026-11-23")),
                         [])

    def test_doors_offline_then_online(self):
        text = self.page("desk")
        self.assertEqual(self.grid(text).count("Aucun écran<"), 6)
        self.assertIn("<strong>6</strong> écrans hors ligne ou absents sur 6",
                      text)
        token = self.srv.enroll()  # the demo's first room
        room = self.srv.enrol_room
        try:
            status, _, _ = self.srv.request(
                "/api/v1/rooms/%s/schedule" % room,
                headers={"Authorization": "Bearer " + token})
            self.assertEqual(status, 200)
            text = self.page("desk")
            self.assertEqual(self.grid(text).count("Aucun écran<"), 5)
            self.assertIn("<strong>5</strong> écrans hors ligne", text)
            row = self.row_of(text, room)
            self.assertIn("Écran en ligne", row)
            self.assertNotIn(" poff", row.split(">")[0])
            # Three minutes without a word: offline since its last poll.
            self.srv.set_clock("2026-11-24T09:15:00Z")
            text = self.page("desk")
            self.assertIn("Écran hors ligne depuis 10:12",
                          self.row_of(text, room))
            self.assertIn("<strong>6</strong> écrans hors ligne", text)
        finally:
            self.srv.set_clock(sh.NOW)

    def grid(self, text):
        return text[text.index('class="pgrid"'):text.index('id="plist"')]

    def row_of(self, text, slug):
        """The day grid's row of room SLUG."""
        con = self.db()
        name = con.execute("SELECT name FROM rooms WHERE slug = ?",
                           (slug,)).fetchone()[0]
        con.close()
        for row in self.grid(text).split('<div class="prow')[1:]:
            if html.escape(name, quote=False) in row:
                return row
        raise AssertionError("no row for " + slug)

    def test_closed_days(self):
        text = self.page("desk", "?date=2026-11-29")
        self.assertIn("Site fermé ce jour de la semaine", text)
        self.assertNotIn('class="pgrid"', text)
        self.srv.admin("site", "close", "bu-lettres", "2026-12-01",
                       "--note", "Inventaire annuel")
        text = self.page("desk", "?date=2026-12-01")
        self.assertIn("Site fermé ce jour", text)
        self.assertIn("Motif : Inventaire annuel", text)
        # The demo's short day: special hours and their reason.
        text = self.page("desk", "?date=2026-11-28")
        self.assertIn("Horaires exceptionnels", text)
        self.assertIn("10:00–18:00 · Journée des personnels", text)
        month = self.page("desk", "?view=month&date=2026-12-01")
        self.assertIn("Inventaire annuel", month)

    # ---- the clock changes -------------------------------------------

    def test_day_of_25_hours(self):
        self.srv.admin("site", "close", "bu-lettres", "2026-10-25",
                       "--hours", "00:00-24:00", "--note",
                       "Nuit des bibliothèques")
        self.srv.admin("site", "close", "bu-lettres", "2026-03-29",
                       "--hours", "00:00-24:00", "--note",
                       "Nuit des bibliothèques")
        # 02:00 summer time to 03:00 winter time: two real hours.
        self.srv.set_clock("2026-10-24T08:00:00Z")
        try:
            status, reply = self.srv.json(
                "/api/v1/bookings",
                {"room": "groupe-2", "start": "2026-10-25T00:00:00Z",
                 "end": "2026-10-25T02:00:00Z",
                 "email": "nuit.blanche@univ-exemple.fr",
                 "title": "Veillée"},
                token=self.srv.session("superadmin"))
            self.assertEqual(status, 201, reply)
            bid = reply["id"]
        finally:
            self.srv.set_clock(sh.NOW)
        text = self.page("desk", "?date=2026-10-25")
        ticks = TICK.findall(text)
        self.assertEqual(len(ticks), 25)
        self.assertEqual([t for _, t in ticks].count("02:00"), 2)
        self.assertEqual(ticks[3][1], "02:00")
        self.assertAlmostEqual(float(ticks[3][0]), 3 / 25 * 100, 2)
        self.assertIn("journée de 25 h", text)
        m = {int(b.group(2)): b for b in BLOCK.finditer(text)}[bid]
        self.assertEqual(m.group(1), "st-confirmed")
        self.assertAlmostEqual(float(m.group(3)), 2 / 25 * 100, 2)
        self.assertAlmostEqual(float(m.group(4)), 2 / 25 * 100, 2)
        self.assertIn("02:00–03:00", html.unescape(m.group(5)))
        self.assertIn("nuit.blanche@univ-exemple.fr", m.group(5))
        spring = self.page("desk", "?date=2026-03-29")
        ticks = TICK.findall(spring)
        self.assertEqual(len(ticks), 23)
        self.assertNotIn("02:00", [t for _, t in ticks])
        self.assertIn("journée de 23 h", spring)

    # ---- the week and the month ---------------------------------------

    def test_week(self):
        text = self.page("desk", "?view=week")
        self.assertIn("<h1>Semaine 48 · 23 – 29 novembre 2026</h1>", text)
        days = re.findall(r'<a class="pw-day" href="/staff/planning\?'
                          r'site=bu-lettres&amp;date=(\d{4}-\d\d-\d\d)&amp;'
                          r'view=day">', text)
        self.assertEqual(days, ["2026-11-%02d" % d for d in range(23, 30)])
        self.assertIn('class="btn btn-quiet pprev" rel="prev" href="/staff/'
                      'planning?site=bu-lettres&amp;date=2026-11-17&amp;'
                      'view=week"', text)
        self.assertIn('class="btn btn-quiet pnext" rel="next" href="/staff/'
                      'planning?site=bu-lettres&amp;date=2026-12-01&amp;'
                      'view=week"', text)
        self.assertEqual(text.count('<th scope="row" class="pw-room">'), 6)
        ids = set(map(int, re.findall(
            r'class="pw-item [^"]*" href="/staff/bookings/(\d+)"', text)))
        for date in ["2026-11-%02d" % d for d in range(23, 30)]:
            for bid, (_, status, email, start, _) in \
                    self.bookings_of(date).items():
                if local(start).date().isoformat() == date:
                    self.assertIn(bid, ids)
        self.assertIn("Journée des personnels", text)
        self.assertIn('<span class="pw-hours closed">Fermé</span>', text)
        # A week across two months and two years.
        text = self.page("desk", "?view=week&date=2026-12-31")
        self.assertIn("Semaine 53 · 28 décembre 2026 – 3 janvier 2027",
                      text)

    def test_month(self):
        text = self.page("desk", "?view=month")
        self.assertIn("<h1>novembre 2026</h1>", text)
        days = re.findall(r'<a class="pm-day" href="/staff/planning\?'
                          r'site=bu-lettres&amp;date=(2026-11-\d\d)&amp;'
                          r'view=day"', text)
        self.assertEqual(days, ["2026-11-%02d" % d for d in range(1, 31)])
        self.assertIn('date=2026-10-01&amp;view=month"', text)
        self.assertIn('date=2026-12-01&amp;view=month"', text)
        self.assertIn('aria-current="date"', text)
        held = sum(1 for (_, status, _, start, _) in
                   self.bookings_of(DAY).values()
                   if status in HOLDS and
                   local(start).date().isoformat() == DAY)
        cell = text[text.index('class="pm-day" href="/staff/planning?site='
                               'bu-lettres&amp;date=2026-11-24&amp;'
                               'view=day"'):]
        cell = cell[:cell.index("</td>")]
        self.assertIn("<strong>%d</strong> <span class=\"pm-word\">"
                      "réservations</span>" % held, cell)
        # January 2027 begins on a Friday: four empty cells before it.
        text = self.page("desk", "?view=month&date=2027-01-15")
        body = text[text.index('<table class="stable pmonth">'):]
        first = body[body.index("<tbody>"):body.index("date=2027-01-01")]
        self.assertEqual(first.count('<td class="pm-out"></td>'), 4)

    def test_day_navigation_and_english(self):
        text = self.page("desk")
        for cls, date in (("pprev", "2026-11-23"), ("ptoday", DAY),
                          ("pnext", "2026-11-25")):
            self.assertRegex(text, r'class="btn btn-quiet %s"[^>]* href="'
                             r'/staff/planning\?site=bu-lettres&amp;date=%s'
                             r'&amp;view=day"' % (cls, date))
        self.assertIn('<form class="pjump" method="get" '
                      'action="/staff/planning">', text)
        self.assertIn('<input type="date" name="date" value="%s"' % DAY,
                      text)
        # Desk staff of one site have no site to choose; a super-admin
        # does.
        self.assertNotIn('<select name="site">', text)
        admin = self.page("superadmin")
        self.assertIn('<select name="site">', admin)
        self.assertIn('<option value="bu-sciences">', admin)
        en = self.page("desk", "?lang=en")
        self.assertIn("<h1>Tuesday 24 November 2026</h1>", en)
        self.assertIn("Checked in", en)
        self.assertIn("&amp;lang=en", en)
        self.assertIn('name="lang" value="en"', en)

    # ---- refusals ------------------------------------------------------

    def test_bad_input(self):
        for query, status, words in (
                ("?date=2026-02-30", 400, "date=« 2026-02-30 »"),
                ("?date=abc", 400, "date=« abc »"),
                ("?date=0001-01-01", 400, "AAAA-MM-JJ"),
                ("?date=1970-01-01&view=week", 400, "sort du calendrier"),
                ("?view=year", 400, "la vue est day, week ou month"),
                ("?site=nowhere", 404, "Aucun site « nowhere »"),
                ("?site=..%2Fetc", 404, "Site introuvable"),
                ("?site=" + "x" * 300, 404, "Site introuvable")):
            with self.subTest(query=query):
                got, _, text = self.srv.get_as("superadmin",
                                               "/staff/planning" + query)
                self.assertEqual(got, status, text[:300])
                self.assertIn(html.escape(words, quote=False), text)
                self.assertIn('<body class="staff">', text)
        self.page("superadmin")  # still serving

    def test_site_limits(self):
        self.assertIn("Bibliothèque Sciences",
                      self.page("superadmin", "?site=bu-sciences"))
        for role in ("desk", "room_admin"):
            with self.subTest(role=role):
                status, _, text = self.srv.get_as(
                    role, "/staff/planning?site=bu-sciences")
                self.assertEqual(status, 403)
                self.assertIn("limité à un autre site", text)
        status, _, _ = self.srv.get_as("facilities", "/staff/planning")
        self.assertEqual(status, 403)
        status, headers, _ = self.srv.get_as(None, "/staff/planning")
        self.assertEqual(status, 303)

    # ---- in the browser -------------------------------------------------

    def shots(self, role, size, name, lang):
        d = self.open(role, lang, size)
        for scheme in ("light", "dark"):
            d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                "features": [{"name": "prefers-color-scheme",
                              "value": scheme}]})
            for view in ("day", "week", "month"):
                with self.subTest(size=name, scheme=scheme, view=view):
                    d.get(self.srv.url("/staff/planning?view=" + view))
                    self.assertEqual(d.execute_script(test_look.CHECK), [])
                    sh.screenshot(d, "staff-planning-%s-%s-%s" % (
                        view, name, scheme))
        return d

    def test_browser_desktop(self):
        d = self.shots("desk", sh.DESKTOP, "desktop", "fr")
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "light"}]})
        d.get(self.srv.url("/staff/planning"))
        body = self.text(d)
        self.assertIn("mardi 24 novembre 2026", body.lower())
        self.assertIn("Aucun écran", body)
        # The grid fits the desktop's width: no scrolling inside it.
        self.assertTrue(d.execute_script(
            "var w = document.querySelector('.pgrid-wrap');"
            "return w.scrollWidth <= w.clientWidth + 1;"))
        # A block leads to its booking, a free slot to the new booking.
        href = d.execute_script(
            "return document.querySelector('a.pfree').getAttribute('href')")
        self.assertTrue(href.startswith("/staff/bookings/new?room="), href)
        shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
        png = base64.b64decode(shot["data"])
        with open(os.path.join(sh.harness.Config.out,
                               "staff-planning.png"), "wb") as f:
            f.write(png)
        if os.environ.get("GENERATE") == "1":
            with open(os.path.join(ROOT, "docs", "screenshots",
                                   "staff-planning.png"), "wb") as f:
                f.write(png)

    def test_browser_phone(self):
        d = self.shots("room_admin", sh.PHONE, "phone", "en")
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "light"}]})
        d.get(self.srv.url("/staff/planning"))
        self.assertIn("Tuesday 24 November 2026", self.text(d))
        # The page stays within the phone; the grid scrolls in its box.
        self.assertTrue(d.execute_script(
            "return document.documentElement.scrollWidth <= "
            "window.innerWidth + 1;"))
        self.assertTrue(d.execute_script(
            "var w = document.querySelector('.pgrid-wrap');"
            "return w.scrollWidth > w.clientWidth + 50;"))
        # The room names stay in view while the hours scroll.
        self.assertEqual(d.execute_script(
            "return getComputedStyle(document.querySelector('.proom'))"
            ".position;"), "sticky")


if __name__ == "__main__":
    sh.main()

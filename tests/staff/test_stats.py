#!/usr/bin/python3
"""The statistics' dashboard (/stats) against the real porte-server.

A month is scripted through the API on a site of its own ("stat", three
rooms, Paris), the server's clock moved from one step to the next: a
booking checked in before its start, one released as a no-show at start
+ 15 min (the server's own sweep) and its slot booked again and checked
in, one cancelled the day before, one ended early, one checked in late,
one removed by staff after its start, one more no-show, one plain check-in.
Every figure is worked out by hand below (FIGURES, HEAT, NO_SHOWS, WEEKS,
ROOMS) and must be what the dashboard's tables say, what GET
/api/v1/stats says in JSON, its CSV, and porte-admin stats.

Then bad input (a date that does not exist, an end before the start, more
than 400 days, an unknown period, site or room, another site for a room
admin) gets its error page and the server stays up; and the dashboard in
headless Chromium, on a site filled with eight weeks of generated bookings
(tests/bench/stats_year.py): content, charts, tables, desktop 1280x900
and phone 390x844, light and dark screenshots.
"""
import csv
import datetime
import html.parser
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import zoneinfo

import staff_harness as sh
from selenium.webdriver.common.by import By

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "bench", "stats_year.py")
PERIOD = "from=2027-01-04&to=2027-01-31"  # ISO weeks 2027-W01..W04
H = 3600


def utc(local):
    """'2027-01-04 10:00' in Paris as RFC 3339 UTC."""
    t = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M")
    t = t.replace(tzinfo=PARIS).astimezone(datetime.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- the month, worked out by hand --------------------------------------
#
# Rooms a, b, c of site "stat". Booked / occupied / released in seconds:
#  B1 a Mon 4 Jan 10-12, checked in 09:55: booked 2 h, occupied 2 h
#  B2 b Mon 4 Jan 10-11, no-show, released 10:15: booked 1 h, released 45 min
#  B3 b Mon 4 Jan 10:30-11, booked at 10:20, checked in 10:30: booked and
#     occupied 30 min, all of it inside B2's released time: reclaimed 30 min
#  B4 c Mon 4 Jan 14-15, cancelled on Sunday: not due
#  B5 a Tue 12 Jan 09-10, checked in 08:55, ended 09:30: occupied 30 min,
#     released 30 min
#  B6 c Tue 12 Jan 15-17, checked in 15:10: occupied 1 h 50
#  B7 b Wed 20 Jan 11-12, removed by staff at 11:05: a no-show, released 55 min
#  B8 a Wed 20 Jan 16-18, no-show, released 16:15: released 1 h 45
#  B9 c Thu 28 Jan 10-11, checked in 09:58: occupied 1 h
FIGURES = {
    "bookings": 9, "due": 8, "shows": 5, "no_shows": 3,
    "checkin_rate": 5 / 8, "no_show_rate": 3 / 8,
    "auto_released": 2, "removed": 1, "cancelled": 1, "walk_ins": 0,
    "booked_s": 2 * H + H + H // 2 + H + 2 * H + H + 2 * H + H,
    "occupied_s": 2 * H + H // 2 + H // 2 + 6600 + H,
    "released_s": 2700 + 1800 + 3300 + 6300,
    "reclaimed_s": 1800,
}
assert FIGURES["booked_s"] == 37800 and FIGURES["occupied_s"] == 21000

# Occupied seconds by (weekday, local hour); the rooms' time of a cell is
# 3 rooms x 4 such weekdays in the period x 1 h.
HEAT = {(0, 10): 3600 + 1800, (0, 11): 3600, (1, 9): 1800, (1, 15): 3000,
        (1, 16): 3600, (3, 10): 3600}
ROOM_TIME = 3 * 4 * H
HEAT_HOURS = range(9, 18)  # the hours with booked time: 09:00 to 17:59

# Rooms with no-shows, most first: (room, no-shows, due).
NO_SHOWS = [("Salle B", 2, 3), ("Salle A", 1, 3)]
# room: (bookings, due, shows, booked, occupied, released, reclaimed)
ROOMS = {
    "Salle A": (3, 3, 2, 5 * H, 2 * H + H // 2, 1800 + 6300, 0),
    "Salle B": (3, 3, 1, 2 * H + H // 2, H // 2, 2700 + 3300, 1800),
    "Salle C": (3, 2, 2, 3 * H, 6600 + H, 0, 0),
}
# Monday: (due, shows, no-shows)
WEEKS = {"2027-01-04": (3, 2, 1), "2027-01-11": (2, 2, 0),
         "2027-01-18": (2, 0, 2), "2027-01-25": (1, 1, 0)}


def pct(rate):
    """The page's English percentage."""
    return "%.1f%%" % (100 * rate)


def hours(s):
    return "{:,.1f}\u00a0h".format(s / 3600)


def ratio(a, b):
    return a / b if b else 0.0


# ---- reading the page's tables ---------------------------------------------

class Tables(html.parser.HTMLParser):
    """Every <table> of a page: caption, header cells, body rows (each a
    list of cell texts, the row's attributes under "attrs")."""

    def __init__(self, text):
        super().__init__()
        self.tables = []
        self.cell = None
        self.where = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "head": [], "rows": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self.where = "caption"
        elif tag == "thead":
            self.where = "head"
        elif tag == "tbody":
            self.where = "body"
        elif tag == "tr" and self.where == "body":
            self.tables[-1]["rows"].append({"attrs": dict(attrs),
                                            "cells": []})
        elif tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if not self.tables:
            return
        t = self.tables[-1]
        if tag == "caption":
            self.where = None
        elif tag in ("td", "th") and self.cell is not None:
            text = re.sub(r"[ \t\r\n]+", " ", self.cell).strip(" ")
            if self.where == "head":
                t["head"].append(text)
            elif self.where == "body" and t["rows"]:
                t["rows"][-1]["cells"].append(text)
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        elif self.where == "caption" and self.tables:
            self.tables[-1]["caption"] += data

    def named(self, caption):
        for t in self.tables:
            if t["caption"].strip() == caption:
                return t
        raise AssertionError("no table %r in %r" % (
            caption, [t["caption"] for t in self.tables]))


class Stats(sh.StaffCase):
    # A Sunday morning before the month.
    NOW = "2027-01-03T08:00:00Z"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.srv
        s.admin("site", "add", "stat", "--name", "Site des statistiques",
                "--tz", "Europe/Paris", "--hours", "mon-sat 08:00-20:00")
        for r in "abc":
            s.admin("room", "add", "s-" + r, "--site", "stat", "--name",
                    "Salle " + r.upper(), "--kind", "group")
        cls.ids = {}
        cls.script_month()

    # ---- the script ---------------------------------------------------

    @classmethod
    def at(cls, local):
        """Moves the clock to LOCAL, and signs in again (a session lasts
        less than the days skipped)."""
        cls.srv.set_clock(utc(local))
        email, password, _ = cls.srv.accounts["superadmin"]
        status, reply = cls.srv.json("/api/v1/sessions",
                                     {"email": email, "password": password})
        assert status in (200, 201), reply
        cls.token = reply["token"]

    @classmethod
    def book(cls, name, room, start, end):
        status, reply = cls.srv.json("/api/v1/bookings", {
            "room": room, "start": utc(start), "end": utc(end),
            "title": "Stats " + name}, cls.token)
        assert status == 201, (name, status, reply)
        cls.ids[name] = reply["id"]

    @classmethod
    def act(cls, name, action, body=None):
        status, reply = cls.srv.json(
            "/api/v1/bookings/%d/%s" % (cls.ids[name], action), body or {},
            cls.token)
        assert status == 200, (name, action, status, reply)

    @classmethod
    def wait_status(cls, name, want):
        """Waits for the server's sweep to bring booking NAME to WANT."""
        deadline = time.monotonic() + sh.harness.WAIT_S
        while time.monotonic() < deadline:
            db = sqlite3.connect(cls.srv.db)
            got = db.execute("SELECT status FROM bookings WHERE id = ?",
                             (cls.ids[name],)).fetchone()[0]
            db.close()
            if got == want:
                return
            time.sleep(0.1)
        raise AssertionError("%s stayed %s, not %s" % (name, got, want))

    @classmethod
    def script_month(cls):
        c = cls
        c.at("2027-01-03 09:00")  # Sunday
        c.book("B1", "s-a", "2027-01-04 10:00", "2027-01-04 12:00")
        c.book("B2", "s-b", "2027-01-04 10:00", "2027-01-04 11:00")
        c.book("B4", "s-c", "2027-01-04 14:00", "2027-01-04 15:00")
        c.act("B4", "cancel")
        c.at("2027-01-04 09:55")
        c.act("B1", "checkin")
        c.at("2027-01-04 10:16")
        c.wait_status("B2", "released")
        c.at("2027-01-04 10:20")
        c.book("B3", "s-b", "2027-01-04 10:30", "2027-01-04 11:00")
        c.at("2027-01-04 10:30")
        c.act("B3", "checkin")
        c.at("2027-01-04 12:01")
        c.wait_status("B1", "ended")
        c.wait_status("B3", "ended")

        c.at("2027-01-11 18:00")
        c.book("B5", "s-a", "2027-01-12 09:00", "2027-01-12 10:00")
        c.book("B6", "s-c", "2027-01-12 15:00", "2027-01-12 17:00")
        c.at("2027-01-12 08:55")
        c.act("B5", "checkin")
        c.at("2027-01-12 09:30")
        c.act("B5", "end")
        c.at("2027-01-12 15:10")
        c.act("B6", "checkin")
        c.at("2027-01-12 17:01")
        c.wait_status("B6", "ended")

        c.at("2027-01-19 12:00")
        c.book("B7", "s-b", "2027-01-20 11:00", "2027-01-20 12:00")
        c.book("B8", "s-a", "2027-01-20 16:00", "2027-01-20 18:00")
        c.at("2027-01-20 11:05")
        c.act("B7", "remove", {"reason": "patron not here"})
        c.at("2027-01-20 16:16")
        c.wait_status("B8", "released")

        c.at("2027-01-27 12:00")
        c.book("B9", "s-c", "2027-01-28 10:00", "2027-01-28 11:00")
        c.at("2027-01-28 09:58")
        c.act("B9", "checkin")
        c.at("2027-01-28 11:01")
        c.wait_status("B9", "ended")
        c.at("2027-02-01 09:00")

    # ---- the figures everywhere -------------------------------------------

    def page(self, query, role="facilities"):
        status, _, text = self.srv.get_as(role, "/stats?" + query, "en")
        self.assertEqual(status, 200, text[:500])
        return text

    def test_dashboard_tables(self):
        text = self.page("site=stat&" + PERIOD)
        t = Tables(text)
        f = FIGURES
        want = {
            "bookings": str(f["bookings"]), "due": str(f["due"]),
            "shows": str(f["shows"]), "no_shows": str(f["no_shows"]),
            "checkin_rate": "62.5%", "no_show_rate": "37.5%",
            "auto_released": "2", "removed": "1", "cancelled": "1",
            "walk_ins": "0", "booked": "10.5\u00a0h",
            "occupied": "5.8\u00a0h", "released": "3.9\u00a0h",
            "reclaimed": "0.5\u00a0h"}
        got = {r["attrs"]["data-key"]: r["cells"][1]
               for r in t.named("Period figures")["rows"]}
        self.assertEqual(got, want)
        self.assertEqual(pct(f["checkin_rate"]), want["checkin_rate"])
        self.assertEqual(hours(f["occupied_s"]), want["occupied"])
        # The headline cards.
        for key, value in (("checkin_rate", "62.5%"),
                           ("no_show_rate", "37.5%"),
                           ("released", "3.9\u00a0h"),
                           ("reclaimed", "0.5\u00a0h")):
            self.assertRegex(text, r'data-key="%s"><p class="kpi-name">'
                             r'[^<]+</p><p class="kpi-value">%s<'
                             % (key, re.escape(value)))
        self.assertIn("of 10.5\u00a0h booked (55.6% of the booked time)",
                      text)
        self.assertIn("12.8% of the released hours booked again", text)
        self.assertEqual(pct(f["reclaimed_s"] / f["released_s"]), "12.8%")

        heat = t.named("Occupancy by weekday and local hour")
        self.assertEqual(heat["head"][1:],
                         ["%02d:00" % h for h in HEAT_HOURS])
        for row in heat["rows"]:
            wd = int(row["attrs"]["data-weekday"])
            for h, cell in zip(HEAT_HOURS, row["cells"][1:]):
                self.assertEqual(
                    cell, pct(HEAT.get((wd, h), 0) / ROOM_TIME), (wd, h))
        self.assertEqual(pct(HEAT[(0, 10)] / ROOM_TIME), "12.5%")
        self.assertIn("<title>Monday 10:00–11:00: 12.5% occupied (1.5\u00a0h"
                      " occupied, 2.5\u00a0h booked)</title>", text)

        ns = t.named("No-shows by room")
        self.assertEqual([r["cells"] for r in ns["rows"]], [
            [room, str(n), str(due), pct(n / due),
             hours(ROOMS[room][5])] for room, n, due in NO_SHOWS])

        wk = t.named("Week by week (ISO, from Monday)")
        self.assertEqual(len(wk["rows"]), 4)
        for row in wk["rows"]:
            due, shows, noshows = WEEKS[row["attrs"]["data-monday"]]
            self.assertEqual(row["cells"][1:], [
                str(due), str(shows), str(noshows), pct(shows / due),
                pct(noshows / due)])
        self.assertTrue(wk["rows"][0]["cells"][0].startswith("2027-W01"))

        rooms = t.named("Figures by room")
        self.assertEqual(len(rooms["rows"]), 3)
        for row in rooms["rows"]:
            n, due, shows, booked, occ, rel, rec = ROOMS[row["cells"][0]]
            noshows = due - shows
            self.assertEqual(row["cells"][1:], [
                str(n), pct(shows / due), str(noshows), hours(booked),
                hours(occ), pct(ratio(occ, booked)), hours(rel),
                hours(rec)])

    def test_charts(self):
        text = self.page("site=stat&" + PERIOD)
        svgs = re.findall(r'<svg class="chart (\w+)"[^>]*role="img" '
                          r'aria-label="([^"]+)"', text)
        self.assertEqual([k for k, _ in svgs],
                         ["heat", "lines", "bars", "bars"])
        # A cell per weekday and hour shown, its level's class.
        self.assertEqual(text.count('<g class="hm-cell">'),
                         7 * len(HEAT_HOURS))
        # The no-show bars: Salle B first, then Salle A.
        bars = re.findall(r'<g class="bar-row"><title>([^<]+)</title>', text)
        self.assertEqual(bars[:2], [
            "Salle B: 2 no-shows of 3 due (66.7%)",
            "Salle A: 1 no-shows of 3 due (33.3%)"])
        # Week points: four weeks, two series.
        self.assertEqual(len(re.findall(r'<circle class="mk s-ok"', text)), 4)
        self.assertIn("<title>Week 3 (from 18 Jan): 100.0% no-show rate, "
                      "2 due</title>", text)
        self.assertNotIn("<script", text)

    def test_json_csv_and_admin_agree(self):
        f = FIGURES
        # The page's own links, with the session cookie (no bearer).
        text = self.page("site=stat&" + PERIOD)
        links = dict((m.group(2), m.group(1).replace("&amp;", "&"))
                     for m in re.finditer(
                         r'<a href="(/api/v1/stats[^"]*)">([^<]+)</a>',
                         text))
        self.assertIn("JSON", links)
        status, headers, body = self.srv.request(
            links["JSON"], headers={"Cookie": "porte_session=" +
                                    self.srv.session("facilities")})
        self.assertEqual(status, 200, body[:300])
        j = json.loads(body)
        total = j["total"]
        for key, value in f.items():
            if key.endswith("rate"):
                self.assertAlmostEqual(total[key], value, places=9)
            else:
                self.assertEqual(total[key], value, key)
        self.assertEqual(j["tz"], "Europe/Paris")
        occupied = j["hours"]["occupied"]
        for wd in range(7):
            for h in range(24):
                self.assertEqual(occupied[wd][h], HEAT.get((wd, h), 0))
        weeks = {w["monday"]: (w["due"], w["shows"], w["no_shows"])
                 for w in j["weeks"]}
        self.assertEqual(weeks, WEEKS)
        rooms = {r["room"]: (r["bookings"], r["due"], r["shows"],
                             r["booked_s"], r["occupied_s"], r["released_s"],
                             r["reclaimed_s"])
                 for r in j["rooms"]}
        self.assertEqual(rooms, ROOMS)

        csv_link = links["CSV: totals, rooms and weeks"]
        status, headers, body = self.srv.request(
            csv_link, headers={"Cookie": "porte_session=" +
                               self.srv.session("facilities")})
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        rows = list(csv.DictReader(io.StringIO(body.decode())))
        tot = [r for r in rows if r["scope"] == "total"][0]
        for key, value in f.items():
            if key.endswith("rate"):
                self.assertEqual(tot[key], "%.4f" % value)
            else:
                self.assertEqual(int(tot[key]), value, key)
        self.assertEqual(
            {r["key"]: int(r["no_shows"]) for r in rows
             if r["scope"] == "room"},
            {"Salle A": 1, "Salle B": 2, "Salle C": 0})
        status, _, body = self.srv.request(
            links["CSV: weekday × hour"], headers={
                "Cookie": "porte_session=" + self.srv.session("facilities")})
        self.assertEqual(status, 200)
        grid = {(r["weekday"], int(r["hour"])): int(r["occupied_s"])
                for r in csv.DictReader(io.StringIO(body.decode()))}
        self.assertEqual(grid[("mon", 10)], 5400)
        self.assertEqual(sum(grid.values()), f["occupied_s"])

        out = self.srv.admin("--now", "2027-02-01T08:00:00Z", "stats",
                             "--site", "stat", "--from", "2027-01-04",
                             "--to", "2027-01-31", "--csv")
        rows = {r["room"]: r for r in csv.DictReader(io.StringIO(out))}
        t = rows["total"]
        self.assertEqual(int(t["bookings"]), f["bookings"])
        self.assertEqual(int(t["no_shows"]), f["no_shows"])
        self.assertEqual(t["checkin_rate"], "%.3f" % f["checkin_rate"])
        self.assertEqual(t["no_show_rate"], "%.3f" % f["no_show_rate"])
        self.assertEqual(t["occupied_h"], "%.2f" % (f["occupied_s"] / H))
        self.assertEqual(t["booked_h"], "%.2f" % (f["booked_s"] / H))
        self.assertEqual(t["released_h"], "%.2f" % (f["released_s"] / H))
        self.assertEqual(t["reclaimed_h"], "%.2f" % (f["reclaimed_s"] / H))
        self.assertEqual(int(rows["s-b"]["no_shows"]), 2)

    def test_room_scope_and_presets(self):
        text = self.page("room=s-b&" + PERIOD)
        got = {r["attrs"]["data-key"]: r["cells"][1]
               for r in Tables(text).named("Period figures")["rows"]}
        self.assertEqual(got["due"], "3")
        self.assertEqual(got["no_shows"], "2")
        self.assertEqual(got["reclaimed"], "0.5\u00a0h")
        self.assertIn("Salle B · Site des statistiques", text)
        # "Last month" on 1 February is January: the scripted month
        # (with the 1st to the 3rd, which hold nothing).
        text = self.page("site=stat&period=lastmonth")
        self.assertIn('aria-current="true">Last month<', text)
        self.assertIn("1 Jan 2027 to 31 Jan 2027", text)
        got = {r["attrs"]["data-key"]: r["cells"][1]
               for r in Tables(text).named("Period figures")["rows"]}
        self.assertEqual(got["bookings"], "9")
        # Dates that match a preset light it up.
        text = self.page("site=stat&from=2027-01-01&to=2027-01-31")
        self.assertIn('aria-current="true">Last month<', text)
        # The room admin of bu-lettres sees their site by default.
        text = self.page("", "room_admin")
        self.assertNotIn("Site des statistiques</option>", text)

    # ---- bad input ---------------------------------------------------------

    def test_bad_input(self):
        cases = [
            ("from=2026-02-30&to=2026-03-10", 400, "2026-02-30"),
            ("from=2027-01-10&to=2027-01-04", 400, "comes before its start"),
            ("from=2025-01-01&to=2026-12-31", 400, "400 days at most"),
            ("from=soon", 400, "does not exist"),
            ("period=decade", 400, "Unknown period"),
            ("site=nowhere", 404, "no such site"),
            ("room=nowhere", 404, "no such room"),
            ("room=..%2Fx", 404, "no such site or room"),
        ]
        for query, status, words in cases:
            with self.subTest(query=query):
                code, _, text = self.srv.get_as("facilities",
                                                "/stats?" + query, "en")
                self.assertEqual(code, status, text[:300])
                self.assertIn('role="alert"', text)
                self.assertIn(words, text)
                self.assertIn('<form class="card stats-form"', text)
        code, _, text = self.srv.get_as("room_admin", "/stats?site=stat")
        self.assertEqual(code, 403)
        code, _, _ = self.srv.get_as("desk", "/stats")
        self.assertEqual(code, 403)
        code, headers, _ = self.srv.get_as(None, "/stats")
        self.assertEqual(code, 303)
        self.assertIn("/staff/login", headers["Location"])
        code, _, _ = self.srv.get_as("facilities", "/stats?" + PERIOD)
        self.assertEqual(code, 200)


class Look(sh.StaffCase):
    """The dashboard as a person sees it, on a site filled with eight weeks
    of generated bookings (24 rooms)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.admin("site", "add", "bu-sciences", "--name",
                      "Bibliothèque Sciences", "--tz", "Europe/Paris",
                      "--hours", "mon-fri 08:00-20:00, sat 09:00-13:00")
        subprocess.run(
            [sys.executable, GENERATOR, "--db", cls.srv.db, "--sites",
             "bu-sciences", "--rooms", "24", "--days", "56", "--end",
             "2026-11-23", "--seed", "7"], check=True, capture_output=True)

    def dark(self, d, on):
        d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme",
                          "value": "dark" if on else "light"}]})

    def test_desktop(self):
        d = self.open("facilities", "en", sh.DESKTOP)
        d.get(self.srv.url("/stats?site=bu-sciences&period=4weeks"))
        body = self.text(d)
        self.assertIn("Statistics", d.title)
        for words in ("Check-in rate", "No-show rate", "Released hours",
                      "Reclaimed hours", "Occupied hours",
                      "Occupancy by day and hour",
                      "Rooms with the most no-shows", "Week by week",
                      "Booked and really occupied, by room"):
            self.assertIn(words, body)
        self.assertIn("Bibliothèque Sciences · Last 4 weeks", body)
        charts = d.find_elements(By.CSS_SELECTOR, "svg[role=img]")
        self.assertEqual(len(charts), 4)
        for c in charts:
            self.assertTrue(c.get_attribute("aria-label"))
            self.assertGreater(c.size["width"], 300)
        # Every chart's numbers are a table away, behind a disclosure.
        summaries = d.find_elements(By.CSS_SELECTOR,
                                    "details.numbers summary")
        self.assertEqual(len(summaries), 4)
        table = d.find_elements(By.CSS_SELECTOR,
                                "details.numbers table.stable")[0]
        shown = "return arguments[0].getClientRects().length > 0"
        self.assertFalse(d.execute_script(shown, table))
        summaries[0].click()
        self.assertTrue(d.execute_script(shown, table))
        self.assertIn("Occupancy by weekday and local hour", table.text)
        summaries[0].click()
        value = d.find_element(
            By.CSS_SELECTOR, '[data-key=checkin_rate] .kpi-value').text
        self.assertRegex(value, r"^\d{1,3}\.\d%$")
        self.assertLess(float(value[:-1]), 95)
        self.assertGreater(float(value[:-1]), 50)
        self.assertEqual(d.execute_script(
            "return document.documentElement.scrollWidth"), 1280)
        sh.screenshot(d, "staff-stats-desktop-en-light")
        self.dark(d, True)
        d.get(self.srv.url("/stats?site=bu-sciences&period=4weeks"))
        sh.screenshot(d, "staff-stats-desktop-en-dark")
        self.dark(d, False)
        # The form: another period through the date fields (no script).
        d.get(self.srv.url("/stats?site=bu-sciences&period=4weeks&lang=fr"))
        f = d.find_element(By.NAME, "from")
        d.execute_script("arguments[0].value = '2026-11-02'", f)
        d.execute_script(
            "arguments[0].value = '2026-11-08'", d.find_element(By.NAME,
                                                                "to"))
        d.find_element(By.CSS_SELECTOR, "form.stats-form button").click()
        sh.harness_wait(d, lambda: "from=2026-11-02" in d.current_url)
        self.assertIn("du 2 nov. 2026 au 8 nov. 2026", self.text(d))
        self.assertIn("lang=fr", d.current_url)
        self.assertIn("Taux de présence", self.text(d))

    def test_phone(self):
        d = self.open("facilities", "fr", sh.PHONE)
        for scheme in ("light", "dark"):
            self.dark(d, scheme == "dark")
            d.get(self.srv.url("/stats?site=bu-sciences&period=4weeks"))
            self.assertIn("Taux d’absence", self.text(d))
            # Nothing wider than the phone but the charts' own boxes.
            self.assertEqual(d.execute_script(
                "return document.documentElement.scrollWidth"), 390)
            sh.screenshot(d, "staff-stats-phone-fr-" + scheme)


if __name__ == "__main__":
    sh.main()

#!/usr/bin/python3
"""The staff pages' administration: sites (hours, closures, domains, door
messages of a week at most), rooms and their rules and referents, staff
accounts, door displays (enrolment, health, revocation) and the audit
log, over HTTP and in headless Chromium. Each change is checked on the
pages, through porte-admin and in the audit log with who made it; bad
input gets a 4xx page with the reason and changes nothing."""
import re
import sqlite3
import urllib.parse

import staff_harness as sh
from selenium.webdriver.common.by import By


def staff_id(srv, email):
    db = sqlite3.connect(srv.db)
    try:
        return db.execute("SELECT id FROM staff WHERE email = ?",
                          (email,)).fetchone()[0]
    finally:
        db.close()


class AdminCase(sh.StaffCase):

    def who(self, role):
        return "staff:%d" % staff_id(self.srv, self.srv.accounts[role][0])

    def audit(self, action):
        """The audit entries of ACTION, newest first, as porte-admin
        prints them (oldest first)."""
        out = self.srv.admin("audit", "--limit", "2000")
        return [line for line in reversed(out.splitlines())
                if re.search(r"\s%s\s" % re.escape(action), line)]

    def audit_count(self):
        """Audit entries but the sign-ins (a first request as a role signs
        in)."""
        out = self.srv.admin("audit", "--limit", "10000")
        return len([line for line in out.splitlines()
                    if "staff.login" not in line])

    def click(self, d, element, words):
        """Clicks ELEMENT (a submit button) and waits for a page with
        WORDS."""
        element.click()

        def ready():
            try:
                return words in self.text(d)
            except Exception:
                return False
        sh.harness_wait(d, ready)

    def state(self):
        """What porte-admin says of sites, rooms, staff and devices."""
        return (self.srv.admin("site", "list"), self.srv.admin("room", "list"),
                self.srv.admin("staff", "list"),
                self.srv.admin("device", "list"))

    def post_raw(self, role, path, body):
        h = {"Cookie": "porte_session=" + self.srv.session(role),
             "Content-Type": "application/x-www-form-urlencoded"}
        status, _, data = self.srv.request(path, "POST", body, h)
        return status, data.decode("utf-8", "replace")

    def refused(self, role, path, fields, status, words):
        """POSTs FIELDS expecting STATUS with WORDS on the page and nothing
        changed (porte-admin's listings and the audit log)."""
        before, n = self.state(), self.audit_count()
        got, _, text = self.srv.post_as(role, path, fields)
        self.assertEqual(got, status, text[:600])
        self.assertIn(words, text)
        self.assertEqual(self.state(), before)
        self.assertEqual(self.audit_count(), n)
        return text

    def done(self, role, path, fields, done):
        status, headers, text = self.srv.post_as(role, path, fields)
        self.assertEqual(status, 303, text[:600])
        self.assertIn("done=" + done, headers["Location"])
        return headers["Location"]


class Sites(AdminCase):
    SITE = "/staff/sites/bu-lettres"

    def test_hours_several_ranges(self):
        fields = {"action": "hours", "h-mon": "08:00-12:00 13:30-18:00",
                  "h-tue": "08:30-20:00", "h-wed": "08:30-20:00",
                  "h-thu": "08:30-20:00", "h-fri": "08:30-19:00",
                  "h-sat": "09:00-13:00", "h-sun": ""}
        loc = self.done("room_admin", self.SITE, fields, "hours")
        status, _, text = self.srv.get_as("room_admin", loc)
        self.assertEqual(status, 200)
        self.assertIn("Les horaires de la semaine sont enregistrés", text)
        self.assertIn('name="h-mon" value="08:00-12:00 13:30-18:00"', text)
        self.assertIn('name="h-sun" value=""', text)
        self.assertIn("mon 08:00-12:00 13:30-18:00",
                      self.srv.admin("site", "list"))
        last = self.audit("site.update")[0]
        self.assertIn(self.who("room_admin"), last)
        self.assertIn("hours=mon 08:00-12:00 13:30-18:00", last)

    def test_bad_hours_change_nothing(self):
        text = self.refused("room_admin", self.SITE,
                            {"action": "hours", "h-mon": "08:00-12:00",
                             "h-tue": "25:00-26:00"}, 422, "Mardi")
        self.assertIn("Rien n’a été changé", text)
        self.refused("room_admin", self.SITE,
                     {"action": "hours", "h-wed": "18:00-08:00"}, 422,
                     "Mercredi")

    def test_name_and_zone(self):
        self.refused("superadmin", self.SITE,
                     {"action": "general", "name": "BU", "tz": "Mars/Olympus"},
                     422, "Ce fuseau horaire n’existe pas")
        self.refused("superadmin", self.SITE,
                     {"action": "general", "name": "x" * 101,
                      "tz": "Europe/Paris"}, 422, "Rien n’a été changé")
        self.refused("superadmin", self.SITE,
                     {"action": "nope"}, 400, "Action inconnue")
        before = self.state()
        body = urllib.parse.urlencode(
            [("action", "general"), ("name", "BU"), ("tz", "Europe/Paris"),
             ("csrf", self.srv.csrf("superadmin"))]).replace(
                 "name=BU", "name=B%FF%FEU")
        status, text = self.post_raw("superadmin", self.SITE, body.encode())
        self.assertEqual(status, 400, text[:300])
        self.assertIn("Formulaire illisible", text)
        self.assertEqual(self.state(), before)
        self.done("superadmin", self.SITE,
                  {"action": "general", "name": "BU Lettres — Centre",
                   "tz": "Europe/Paris"}, "general")
        self.assertIn("BU Lettres — Centre", self.srv.admin("site", "list"))
        self.assertIn(self.who("superadmin"), self.audit("site.update")[0])
        self.done("superadmin", self.SITE,
                  {"action": "general",
                   "name": "Bibliothèque universitaire Lettres",
                   "tz": "Europe/Paris"}, "general")

    def test_closures(self):
        self.refused("room_admin", self.SITE,
                     {"action": "close", "from": "2026-02-30"}, 422,
                     "La date de début n’existe pas")
        self.refused("room_admin", self.SITE,
                     {"action": "close", "from": "2026-12-26",
                      "to": "2026-12-24"}, 422, "précède")
        self.refused("room_admin", self.SITE,
                     {"action": "close", "from": "2026-12-01",
                      "to": "2028-12-24"}, 422, "366 jours")
        self.done("room_admin", self.SITE,
                  {"action": "close", "from": "2026-12-24",
                   "to": "2026-12-26", "note": "Fêtes de fin d’année"},
                  "closed")
        _, _, text = self.srv.get_as("room_admin", self.SITE)
        self.assertIn("2026-12-24 → 2026-12-26", text)
        self.assertIn("Fêtes de fin d’année", text)
        entry = self.audit("site.close")[0]
        self.assertIn(self.who("room_admin"), entry)
        self.assertIn("2026-12-24..2026-12-26 closed", entry)
        self.done("room_admin", self.SITE,
                  {"action": "reopen", "from": "2026-12-24",
                   "to": "2026-12-26"}, "reopened")
        _, _, text = self.srv.get_as("room_admin", self.SITE)
        self.assertNotIn("2026-12-24 → 2026-12-26", text)
        self.assertIn("2026-12-24..2026-12-26", self.audit("site.reopen")[0])
        self.refused("room_admin", self.SITE,
                     {"action": "reopen", "from": "2026-12-24",
                      "to": "2026-12-26"}, 404, "no closure")

    def test_domains(self):
        self.done("room_admin", self.SITE,
                  {"action": "domain-add", "domain": "@Etu.Univ-Exemple.FR"},
                  "domain-added")
        self.assertIn("univ-exemple.fr,etu.univ-exemple.fr",
                      self.srv.admin("site", "list"))
        self.refused("room_admin", self.SITE,
                     {"action": "domain-add", "domain": "etu.univ-exemple.fr"},
                     409, "déjà dans la liste")
        self.refused("room_admin", self.SITE,
                     {"action": "domain-add", "domain": "pas un domaine"},
                     422, "nom de domaine")
        self.refused("room_admin", self.SITE,
                     {"action": "domain-add", "domain": "localhost"},
                     422, "not a domain name")
        self.done("room_admin", self.SITE,
                  {"action": "domain-del", "domain": "etu.univ-exemple.fr"},
                  "domain-removed")
        self.assertIn("domains: univ-exemple.fr\n",
                      self.srv.admin("site", "list"))
        self.refused("room_admin", self.SITE,
                     {"action": "domain-del", "domain": "etu.univ-exemple.fr"},
                     404, "pas dans la liste")
        self.assertIn(self.who("room_admin"), self.audit("site.update")[0])

    def test_messages_a_week_at_most(self):
        text = self.refused(
            "room_admin", self.SITE,
            {"action": "message-add", "text": "Travaux",
             "from": "2026-11-25T08:00", "to": "2026-12-02T08:01"}, 422,
            "au plus 7 jours")
        self.assertIn("7 j 0 h", text)
        self.refused("room_admin", self.SITE,
                     {"action": "message-add", "text": "Travaux",
                      "from": "2026-11-25T08:00", "to": "2026-11-25T07:00"},
                     422, "après le début")
        self.refused("room_admin", self.SITE,
                     {"action": "message-add", "text": "Travaux",
                      "from": "2026-11-31T08:00", "to": "2026-12-01T08:00"},
                     422, "qui existent")
        self.refused("room_admin", self.SITE,
                     {"action": "message-add", "text": "",
                      "from": "2026-11-25T08:00", "to": "2026-11-26T08:00"},
                     422, "1 à 500 octets")
        self.done("room_admin", self.SITE,
                  {"action": "message-add",
                   "text": "Travaux au 2e étage : salles bruyantes",
                   "from": "2026-11-25T08:00", "to": "2026-12-02T08:00"},
                  "message-added")
        _, _, text = self.srv.get_as("room_admin", self.SITE)
        self.assertIn("Travaux au 2e étage", text)
        self.assertIn("2026-11-25 08:00 → 2026-12-02 08:00", text)
        entry = self.audit("site.message")[0]
        self.assertIn(self.who("room_admin"), entry)
        # 08:00 in Paris is 07:00Z.
        self.assertIn("2026-11-25T07:00:00Z..2026-12-02T07:00:00Z", entry)
        mid = re.findall(r'name="id" value="(\d+)"', text)
        self.assertTrue(mid)
        self.refused("room_admin", self.SITE,
                     {"action": "message-del", "id": "999999"}, 404,
                     "n’a pas ce message")
        self.done("room_admin", self.SITE,
                  {"action": "message-del", "id": mid[-1]},
                  "message-removed")
        self.assertIn(self.who("room_admin"),
                      self.audit("site.unmessage")[0])

    def test_add_a_site(self):
        self.refused("room_admin", "/staff/sites",
                     {"slug": "bu-droit", "name": "BU Droit",
                      "tz": "Europe/Paris"}, 403, "super-admin")
        self.refused("superadmin", "/staff/sites",
                     {"slug": "BU Droit", "name": "BU Droit",
                      "tz": "Europe/Paris"}, 422, "identifiant")
        self.refused("superadmin", "/staff/sites",
                     {"slug": "bu-lettres", "name": "BU",
                      "tz": "Europe/Paris"}, 409, "exists already")
        self.refused("superadmin", "/staff/sites",
                     {"slug": "bu-droit", "name": "BU Droit",
                      "tz": "Nowhere/Atlantis"}, 422, "Atlantis")
        self.done("superadmin", "/staff/sites",
                  {"slug": "bu-droit", "name": "BU Droit",
                   "tz": "Europe/Paris", "hours": "mon-fri 09:00-18:00",
                   "domains": "univ-exemple.fr"}, "added")
        self.assertIn("bu-droit", self.srv.admin("site", "list"))
        self.assertIn(self.who("superadmin"), self.audit("site.add")[0])
        # A room admin of bu-lettres sees only their site.
        _, _, text = self.srv.get_as("room_admin", "/staff/sites")
        self.assertNotIn("BU Droit", text)
        self.assertIn("Bibliothèque universitaire Lettres", text)
        status, _, _ = self.srv.get_as("room_admin", "/staff/sites/bu-droit")
        self.assertEqual(status, 403)
        status, _, _ = self.srv.get_as("superadmin", "/staff/sites/nope")
        self.assertEqual(status, 404)


class Rooms(AdminCase):
    ROOM = "/staff/rooms/groupe-2"

    def test_name_kind_capacity(self):
        self.refused("room_admin", self.ROOM,
                     {"action": "general", "name": "G2", "kind": "group",
                      "capacity": "5"}, 422, "only a workshop")
        self.refused("room_admin", self.ROOM,
                     {"action": "general", "name": "G2", "kind": "castle",
                      "capacity": "1"}, 422, "Type de salle inconnu")
        self.refused("room_admin", self.ROOM,
                     {"action": "general", "name": "G2", "kind": "workshop",
                      "capacity": "1001"}, 422, "1 à 1000")
        self.refused("room_admin", self.ROOM,
                     {"action": "general", "name": "é" * 51,
                      "kind": "group", "capacity": "1"}, 422,
                     "Rien n’a été changé")
        self.done("room_admin", self.ROOM,
                  {"action": "general", "name": "Atelier Olympe",
                   "kind": "workshop", "capacity": "12"}, "general")
        self.assertRegex(self.srv.admin("room", "list"),
                         r"groupe-2\s+bu-lettres\s+workshop\s+12\s+"
                         r"Atelier Olympe")
        entry = self.audit("room.update")[0]
        self.assertIn(self.who("room_admin"), entry)
        self.assertIn("kind=workshop capacity=12", entry)
        self.done("room_admin", self.ROOM,
                  {"action": "general",
                   "name": "Salle de groupe 2 — Olympe de Gouges",
                   "kind": "group", "capacity": "1"}, "general")

    def test_rules_set_and_back_to_the_site(self):
        self.done("room_admin", self.ROOM,
                  {"action": "rule", "rule": "max_duration", "value": "1h30"},
                  "rule")
        self.assertIn("max_duration", self.srv.admin("rule", "list", "--room",
                                                     "groupe-2"))
        _, _, text = self.srv.get_as("room_admin", self.ROOM)
        self.assertIn("Propre à la salle", text)
        self.assertIn("<strong>90</strong>", text)
        self.assertIn("max_duration=90", self.audit("rule.set")[0])
        self.assertIn(self.who("room_admin"), self.audit("rule.set")[0])
        self.refused("room_admin", self.ROOM,
                     {"action": "rule", "rule": "max_duration",
                      "value": "abc"}, 422, "Refusé")
        self.refused("room_admin", self.ROOM,
                     {"action": "rule", "rule": "min_duration",
                      "value": "180"}, 422, "groupe-2")
        self.refused("room_admin", self.ROOM,
                     {"action": "rule", "rule": "color", "value": "1"}, 422,
                     "Règle inconnue")
        self.done("room_admin", self.ROOM,
                  {"action": "rule-unset", "rule": "max_duration"},
                  "rule-unset")
        self.assertIn("no rules of its own",
                      self.srv.admin("rule", "list", "--room", "groupe-2"))
        self.assertIn("max_duration=(default)", self.audit("rule.set")[0])
        self.refused("room_admin", self.ROOM,
                     {"action": "rule-unset", "rule": "max_duration"}, 404,
                     "has no max_duration")

    def test_referents(self):
        path = "/staff/rooms/formation-condorcet"
        desk = self.srv.accounts["desk"][0]
        self.done("room_admin", path,
                  {"action": "referent-add", "email": desk.upper()},
                  "referent-added")
        _, _, text = self.srv.get_as("room_admin", path)
        self.assertIn(desk, text)
        self.assertIn(self.who("room_admin"), self.audit("referent.add")[0])
        self.refused("room_admin", path,
                     {"action": "referent-add",
                      "email": "nobody@univ-exemple.fr"}, 404, "no staff")
        self.refused("room_admin", self.ROOM,
                     {"action": "referent-add", "email": desk}, 422,
                     "training rooms")
        self.done("room_admin", path,
                  {"action": "referent-del", "email": desk},
                  "referent-removed")
        self.assertIn(desk, self.audit("referent.remove")[0])

    def test_add_a_room(self):
        self.refused("room_admin", "/staff/rooms",
                     {"slug": "groupe-9", "site": "bu-lettres",
                      "name": "G9", "kind": "group"}, 403, "super-admin")
        self.refused("superadmin", "/staff/rooms",
                     {"slug": "groupe-1", "site": "bu-lettres",
                      "name": "G1", "kind": "group"}, 409, "exists already")
        self.refused("superadmin", "/staff/rooms",
                     {"slug": "groupe-9", "site": "bu-nulle-part",
                      "name": "G9", "kind": "group"}, 404, "Rien n’a été changé")
        self.done("superadmin", "/staff/rooms",
                  {"slug": "groupe-9", "site": "bu-lettres",
                   "name": "Salle de groupe 9", "kind": "group",
                   "capacity": "1"}, "added")
        self.assertIn("groupe-9", self.srv.admin("room", "list"))
        self.assertIn(self.who("superadmin"), self.audit("room.add")[0])
        status, _, _ = self.srv.get_as("superadmin", "/staff/rooms/nope")
        self.assertEqual(status, 404)


class Accounts(AdminCase):

    def login_status(self, email, password):
        status, headers, _ = self.srv.request(
            "/staff/login", "POST", {"email": email, "password": password,
                                     "next": "/staff"})
        return status, "porte_session=" in headers.get("Set-Cookie", "")

    def test_add_disable_enable_reset(self):
        status, headers, text = self.srv.post_as(
            "superadmin", "/staff/accounts",
            {"action": "add", "email": "Nina.Roux@univ-exemple.fr",
             "name": "Nina Roux", "role": "desk", "site": "bu-lettres"})
        self.assertEqual(status, 200, text[:500])
        self.assertEqual(headers["Cache-Control"], "no-store")
        password = re.search(r'id="new-password">([^<]+)<', text).group(1)
        pin = re.search(r'id="new-pin">(\d{6})<', text).group(1)
        self.assertTrue(pin)
        self.assertIn("nina.roux@univ-exemple.fr",
                      self.srv.admin("staff", "list"))
        self.assertIn(self.who("superadmin"), self.audit("staff.add")[0])
        self.assertNotIn(password, self.srv.admin("audit", "--limit", "50"))
        self.assertEqual(self.login_status("nina.roux@univ-exemple.fr",
                                           password), (303, True))
        # Shown once: the list does not show it again.
        _, _, again = self.srv.get_as("superadmin", "/staff/accounts")
        self.assertNotIn(password, again)
        self.done("superadmin", "/staff/accounts",
                  {"action": "disable", "email": "nina.roux@univ-exemple.fr"},
                  "disabled")
        self.assertRegex(self.srv.admin("staff", "list"),
                         r"nina.roux@\S+\s+desk\s+bu-lettres\s+disabled")
        self.assertFalse(self.login_status("nina.roux@univ-exemple.fr",
                                           password)[1])
        self.done("superadmin", "/staff/accounts",
                  {"action": "enable", "email": "nina.roux@univ-exemple.fr"},
                  "enabled")
        self.assertTrue(self.login_status("nina.roux@univ-exemple.fr",
                                          password)[1])
        status, _, text = self.srv.post_as(
            "superadmin", "/staff/accounts",
            {"action": "reset", "email": "nina.roux@univ-exemple.fr"})
        self.assertEqual(status, 200)
        fresh = re.search(r'id="new-password">([^<]+)<', text).group(1)
        self.assertNotEqual(fresh, password)
        self.assertFalse(self.login_status("nina.roux@univ-exemple.fr",
                                           password)[1])
        self.assertTrue(self.login_status("nina.roux@univ-exemple.fr",
                                          fresh)[1])
        self.assertIn("password pin", self.audit("staff.secret")[0])
        self.done("superadmin", "/staff/accounts",
                  {"action": "update", "email": "nina.roux@univ-exemple.fr",
                   "name": "Nina Roux-Martin", "role": "room_admin",
                   "site": ""}, "updated")
        self.assertRegex(self.srv.admin("staff", "list"),
                         r"nina.roux@\S+\s+room_admin\s+\*\s+active\s+"
                         r"Nina Roux-Martin")
        entry = self.audit("staff.update")[0]
        self.assertIn(self.who("superadmin"), entry)
        self.assertIn("role=room_admin site=(all)", entry)

    def test_refusals(self):
        me = self.srv.accounts["superadmin"][0]
        self.refused("superadmin", "/staff/accounts",
                     {"action": "disable", "email": me}, 409,
                     "désactiver votre propre compte")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "update", "email": me, "name": "Léa",
                      "role": "desk", "site": ""}, 409,
                     "vos propres droits")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "update", "email": me, "name": "Léa",
                      "role": "superadmin", "site": "bu-lettres"}, 409,
                     "vos propres droits")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "add", "email": me, "name": "Double",
                      "role": "desk"}, 409, "exists already")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "add", "email": "pas-une-adresse",
                      "name": "X", "role": "desk"}, 422, "Rien n’a été changé")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "add", "email": "z@univ-exemple.fr",
                      "name": "X", "role": "king"}, 422, "Rôle inconnu")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "add", "email": "z@univ-exemple.fr",
                      "name": "X", "role": "desk", "site": "bu-mars"}, 404,
                     "Rien n’a été changé")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "disable", "email": "nobody@x.fr"}, 404,
                     "Aucun compte")
        self.refused("superadmin", "/staff/accounts",
                     {"action": "update",
                      "email": self.srv.accounts["desk"][0],
                      "name": "x" * 101, "role": "desk", "site": ""}, 422,
                     "Rien n’a été changé")


class Devices(AdminCase):

    def enrolled(self, room):
        status, _, text = self.srv.post_as("superadmin", "/staff/devices",
                                           {"action": "code", "room": room})
        self.assertEqual(status, 200, text[:400])
        code = re.search(r'id="enrol-code">([A-Z0-9-]+)<', text).group(1)
        self.assertIn('id="enrol-expires">2026-11-25 10:12<', text)
        self.assertIn("Codes en attente", text)
        status, reply = self.srv.json("/api/v1/devices/enroll",
                                      {"code": code})
        self.assertIn(status, (200, 201), reply)
        return reply["token"]

    def health(self, role="superadmin"):
        _, _, text = self.srv.get_as(role, "/staff/devices")
        return text

    def poll(self, token, room):
        status, _, _ = self.srv.request(
            "/api/v1/rooms/%s/schedule" % room,
            headers={"Authorization": "Bearer " + token})
        return status

    def test_health_online_offline_revoked(self):
        token = self.enrolled("groupe-3")
        self.assertIn(self.who("superadmin"), self.audit("device.code")[0])
        self.assertEqual(self.poll(token, "groupe-3"), 200)
        text = self.health()
        row = re.search(r'<tr id="device-(\d+)".*?</tr>', text, re.S)
        did = row.group(1)
        self.assertIn("En ligne", row.group(0))
        self.assertIn("Salle de groupe 3", row.group(0))
        try:
            self.srv.set_clock("2026-11-24T09:14:30Z")
            row = re.search(r'<tr id="device-%s".*?</tr>' % did,
                            self.health("facilities"), re.S).group(0)
            self.assertIn("Hors ligne", row)
            self.assertIn("il y a 2 min", row)
            self.assertNotIn("Révoquer", row)
        finally:
            self.srv.set_clock(sh.NOW)
        self.refused("room_admin", "/staff/devices",
                     {"action": "revoke", "id": did}, 403, "super-admin")
        self.refused("facilities", "/staff/devices",
                     {"action": "code", "room": "groupe-1"}, 403,
                     "super-admin")
        self.done("superadmin", "/staff/devices",
                  {"action": "revoke", "id": did}, "revoked")
        row = re.search(r'<tr id="device-%s".*?</tr>' % did, self.health(),
                        re.S).group(0)
        self.assertIn("Révoqué", row)
        self.assertNotEqual(self.poll(token, "groupe-3"), 200)
        self.assertIn(self.who("superadmin"), self.audit("device.revoke")[0])
        self.refused("superadmin", "/staff/devices",
                     {"action": "revoke", "id": did}, 409, "revoked already")
        self.refused("superadmin", "/staff/devices",
                     {"action": "revoke", "id": "abc"}, 422, "Écran inconnu")
        self.refused("superadmin", "/staff/devices",
                     {"action": "code", "room": "nowhere"}, 404, "Rien n’a été changé")

    def test_never_seen(self):
        self.srv.post_as("superadmin", "/staff/devices",
                         {"action": "code", "room": "reunion-curie"})
        # A display enrolled with porte-admin that never called since.
        self.srv.admin("device", "enroll", "reunion-curie")
        text = self.health("room_admin")
        self.assertIn("Jamais vu", text)
        self.assertNotIn("Révoquer</button>", text)
        status, _, _ = self.srv.get_as("room_admin",
                                       "/staff/devices?site=nope")
        self.assertEqual(status, 404)


class Audit(AdminCase):

    def test_filters_and_pages(self):
        ra = self.who("room_admin")
        for i in range(105):
            self.srv.post_as("room_admin", "/staff/rooms/groupe-1",
                             {"action": "rule", "rule": "max_duration",
                              "value": str(60 + (i % 2) * 30)})
        status, _, text = self.srv.get_as(
            "superadmin", "/staff/audit?who=" + urllib.parse.quote(ra))
        self.assertEqual(status, 200)
        rows = re.findall(r'<tr id="audit-(\d+)">(.*?)</tr>', text, re.S)
        self.assertEqual(len(rows), 100)
        self.assertTrue(all("Claire Martin" in r for _, r in rows))
        ids = [int(i) for i, _ in rows]
        self.assertEqual(ids, sorted(ids, reverse=True))
        self.assertIn("Heures : Europe/Paris", text)
        nxt = re.search(r'rel="next" href="([^"]+)"', text).group(1)
        nxt = nxt.replace("&amp;", "&")
        self.assertIn("before=%d" % ids[-1], nxt)
        _, _, older = self.srv.get_as("superadmin", nxt)
        rows2 = re.findall(r'<tr id="audit-(\d+)">', older)
        self.assertTrue(rows2)
        self.assertTrue(all(int(i) < ids[-1] for i in rows2))
        _, _, fam = self.srv.get_as("superadmin",
                                    "/staff/audit?action=site.")
        acts = re.findall(r'adm-action">([^<]+)<', fam)
        self.assertTrue(acts)
        self.assertTrue(all(a.startswith("site.") for a in acts))
        self.assertIn("porte-admin", fam)  # the demo's entries
        _, _, day = self.srv.get_as(
            "superadmin", "/staff/audit?from=2026-11-25&to=2026-11-30")
        self.assertIn("Aucune entrée", day)
        _, _, today = self.srv.get_as(
            "superadmin", "/staff/audit?from=2026-11-24&to=2026-11-24"
                          "&action=rule.set")
        self.assertIn("2026-11-24 10:12", today)
        status, _, bad = self.srv.get_as("superadmin",
                                         "/staff/audit?from=2026-02-30")
        self.assertEqual(status, 400)
        self.assertIn("n’existe pas", bad)
        status, _, _ = self.srv.get_as("superadmin", "/staff/audit?before=x")
        self.assertEqual(status, 400)


class Browser(AdminCase):

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

    def schedule_message(self, d, text, start, end, answer):
        """Sends the site page's message form in D (TEXT from START to END,
        datetime-local values) and waits for ANSWER in the reply."""
        form = d.find_element(
            By.XPATH, "//form[input[@name='action' and @value='message-add']]")
        form.find_element(By.NAME, "text").send_keys(text)
        for name, value in (("from", start), ("to", end)):
            d.execute_script("arguments[0].value = arguments[1]",
                             form.find_element(By.NAME, name), value)
        self.click(d, form.find_element(By.CSS_SELECTOR,
                                        "button[type=submit]"), answer)

    def test_message_closure_and_account_in_chromium(self):
        d = self.open("room_admin", "fr", sh.DESKTOP)
        d.get(self.srv.url("/staff/sites"))
        self.click(d, d.find_element(
            By.LINK_TEXT, "Bibliothèque universitaire Lettres"),
            "Messages sur les portes")
        self.schedule_message(d, "Fermeture du hall", "2026-11-26T08:00",
                              "2026-12-04T08:00", "au plus 7 jours")
        self.assertNotIn("Fermeture du hall", self.text(d).split(
            "Programmer un message")[0])
        self.schedule_message(d, "Fermeture du hall", "2026-11-26T08:00",
                              "2026-11-28T20:00", "Le message est programmé")
        self.assertIn("Fermeture du hall", self.text(d))
        form = d.find_element(
            By.XPATH, "//form[input[@name='action' and @value='close']]")
        d.execute_script("arguments[0].value = '2026-12-24'",
                         form.find_element(By.NAME, "from"))
        d.execute_script("arguments[0].value = '2026-12-31'",
                         form.find_element(By.NAME, "to"))
        form.find_element(By.NAME, "note").send_keys("Congés de fin d’année")
        self.click(d, form.find_element(By.CSS_SELECTOR,
                                        "button[type=submit]"),
                   "La fermeture est enregistrée")
        self.assertIn("2026-12-24 → 2026-12-31", self.text(d))
        self.assertIn(self.who("room_admin"), self.audit("site.close")[0])
        sh.screenshot(d, "admin-site-desktop")

        d = self.open("superadmin", "fr", sh.DESKTOP)
        d.get(self.srv.url("/staff/accounts"))
        form = d.find_element(
            By.XPATH, "//form[input[@name='action' and @value='add']]")
        form.find_element(By.NAME, "email").send_keys(
            "paul.girard@univ-exemple.fr")
        form.find_element(By.NAME, "name").send_keys("Paul Girard")
        form.find_element(By.CSS_SELECTOR,
                          "select[name=role] option[value=facilities]"
                          ).click()
        self.click(d, form.find_element(By.CSS_SELECTOR,
                                        "button[type=submit]"),
                   "Compte créé")
        password = d.find_element(By.ID, "new-password").text
        sh.screenshot(d, "admin-accounts-desktop")
        status, headers, _ = self.srv.request(
            "/staff/login", "POST",
            {"email": "paul.girard@univ-exemple.fr", "password": password,
             "next": "/staff"})
        self.assertEqual(status, 303)
        d.find_element(By.XPATH, "//form[input[@name='action' and "
                       "@value='add']]")
        d.find_element(By.XPATH, "//tr[contains(., 'paul.girard')]"
                       "//summary").click()
        self.click(d, d.find_element(
            By.XPATH, "//tr[contains(., 'paul.girard')]"
            "//button[contains(., 'Désactiver')]"),
            "Le compte est désactivé")
        status, headers, _ = self.srv.request(
            "/staff/login", "POST",
            {"email": "paul.girard@univ-exemple.fr", "password": password,
             "next": "/staff"})
        self.assertNotIn("porte_session=", headers.get("Set-Cookie", ""))

    def test_devices_rules_in_chromium(self):
        d = self.open("superadmin", "en", sh.DESKTOP)
        d.get(self.srv.url("/staff/devices"))
        d.find_element(By.CSS_SELECTOR,
                       "select[name=room] option[value=groupe-2]").click()
        self.click(d, d.find_element(
            By.XPATH, "//button[contains(., 'Make an enrolment code')]"),
            "Enrolment code")
        code = d.find_element(By.ID, "enrol-code").text
        self.assertRegex(code, r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")
        status, reply = self.srv.json("/api/v1/devices/enroll",
                                      {"code": code})
        self.assertIn(status, (200, 201))
        self.srv.request("/api/v1/rooms/groupe-2/schedule", headers={
            "Authorization": "Bearer " + reply["token"]})
        self.srv.admin("device", "enroll", "groupe-3")
        d.get(self.srv.url("/staff/devices"))
        self.assertIn("Online", self.text(d))
        self.assertIn("Never seen", self.text(d))
        sh.screenshot(d, "admin-devices-desktop")
        d.get(self.srv.url("/staff/rooms/reunion-curie"))
        row = d.find_element(By.XPATH, "//tr[.//input[@name='rule' and "
                             "@value='max_duration']]")
        field = row.find_element(By.NAME, "value")
        field.clear()
        field.send_keys("3h")
        self.click(d, row.find_element(By.XPATH,
                                       ".//button[contains(., 'Set')]"),
                   "The rule is saved for this room")
        self.assertIn("max_duration",
                      self.srv.admin("rule", "list", "--room",
                                     "reunion-curie"))
        sh.screenshot(d, "admin-room-desktop")
        d.get(self.srv.url("/staff/audit"))
        self.assertIn("rule.set", self.text(d))
        self.assertIn("Léa Constantin", self.text(d))
        sh.screenshot(d, "admin-audit-desktop")

    def test_zz_screens(self):
        for size, tag in ((sh.DESKTOP, "desktop"), (sh.PHONE, "phone")):
            d = self.open("superadmin", "fr", size)
            for path, name in (("/staff/sites/bu-lettres", "site"),
                               ("/staff/rooms", "rooms"),
                               ("/staff/accounts", "accounts"),
                               ("/staff/devices", "devices"),
                               ("/staff/audit", "audit")):
                self.shots(d, path, "admin-%s-%s" % (name, tag))
            # Nothing overflows the phone's width.
            if tag == "phone":
                for path in ("/staff/sites/bu-lettres", "/staff/accounts",
                             "/staff/devices"):
                    d.get(self.srv.url(path))
                    width = d.execute_script(
                        "return document.documentElement.scrollWidth")
                    self.assertLessEqual(width, 390, path)


if __name__ == "__main__":
    sh.main()

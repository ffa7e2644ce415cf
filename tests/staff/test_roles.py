#!/usr/bin/python3
"""Every staff page against every role: nobody signed in is sent to the
sign-in page, a role without the right gets 403, a role with it gets the
page; every form refuses a role without the right (even with a valid
csrf field) and changes nothing; a room admin of one site cannot open
another site's pages.

The pages are read from the route files themselves (sync/server/*.c), so
a staff page added without a line in RIGHTS below fails this test."""
import glob
import os
import re
import sqlite3

import staff_harness as sh

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
ALL = set(sh.ROLES)
PLAN = {"desk", "room_admin", "superadmin"}
SITES = {"room_admin", "superadmin"}
SUPER = {"superadmin"}
SEE_DEVICES = {"facilities", "room_admin", "superadmin"}
STATS = {"facilities", "room_admin", "superadmin"}

# (method, route pattern prefix) -> the roles that may; the longest
# prefix that matches wins. Public routes map to None.
RIGHTS = {
    ("GET", "/staff/login"): None,
    ("POST", "/staff/login"): None,
    ("POST", "/staff/logout"): ALL,
    ("GET", "/staff"): ALL,
    ("GET", "/staff/planning"): PLAN,
    ("GET", "/staff/bookings"): PLAN,
    ("POST", "/staff/bookings"): PLAN,
    ("GET", "/staff/repeat"): PLAN,
    ("POST", "/staff/repeat"): PLAN,
    ("GET", "/staff/sites"): SITES,
    ("POST", "/staff/sites"): SITES,
    ("GET", "/staff/rooms"): SITES,
    ("POST", "/staff/rooms"): SITES,
    ("GET", "/staff/accounts"): SUPER,
    ("POST", "/staff/accounts"): SUPER,
    ("GET", "/staff/devices"): SEE_DEVICES,
    ("POST", "/staff/devices"): SUPER,
    ("GET", "/staff/audit"): SUPER,
    ("GET", "/stats"): STATS,
}

# Values for the routes' parameters: the demo's.
PARAMS = {"site": "bu-lettres", "room": "groupe-1", "id": None}

# Tables compared before and after the refused forms: everything but the
# sessions (signing in makes them) and the sign-ins in the audit log.
SKIP_TABLES = {"sessions", "meta"}


def staff_routes():
    """[(method, pattern)] of every /staff and /stats route in
    sync/server/*.c."""
    found = set()
    for path in glob.glob(os.path.join(ROOT, "sync", "server", "*.c")):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in re.finditer(
                r'http_route\s+\w+\s*=\s*\{\s*"(GET|POST)",\s*'
                r'"(/staff[^"]*|/stats[^"]*)"', text):
            found.add((m.group(1), m.group(2)))
    return sorted(found)


def rights_of(method, pattern):
    best, roles = -1, "unknown"
    for (m, prefix), r in RIGHTS.items():
        if m != method:
            continue
        if pattern == prefix or pattern.startswith(prefix + "/") or \
                (prefix == "/stats" and pattern.startswith("/stats")):
            if len(prefix) > best:
                best, roles = len(prefix), r
    return roles


class Roles(sh.StaffCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A second site, to check that a room admin of the first one
        # stays out of it.
        cls.srv.admin("site", "add", "bu-sciences", "--name",
                      "Bibliothèque Sciences", "--tz", "Europe/Paris",
                      "--hours", "mon-fri 08:00-19:00")
        cls.srv.admin("room", "add", "sciences-1", "--site", "bu-sciences",
                      "--name", "Salle Sciences 1", "--kind", "group")
        db = sqlite3.connect(cls.srv.db)
        PARAMS["id"] = str(db.execute(
            "SELECT min(b.id) FROM bookings b JOIN rooms r "
            "ON r.id = b.room_id WHERE r.slug = 'groupe-1'").fetchone()[0])
        db.close()
        cls.routes = staff_routes()

    def path_of(self, pattern):
        def sub(m):
            name = m.group(1)
            self.assertIn(name, PARAMS,
                          "no value for {%s} in PARAMS" % name)
            return PARAMS[name]
        return re.sub(r"\{(\w+)\}", sub, pattern)

    def dump(self):
        db = sqlite3.connect(self.srv.db)
        out = {}
        for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"):
            if name in SKIP_TABLES:
                continue
            rows = db.execute("SELECT * FROM %s" % name).fetchall()
            if name == "audit_log":
                rows = [r for r in rows if "staff.login" not in r]
            if name == "devices":
                continue  # last seen moves with the doors' polls
            out[name] = sorted(map(repr, rows))
        db.close()
        return out

    def test_routes_found(self):
        self.assertIn(("GET", "/staff/planning"), self.routes)
        self.assertIn(("GET", "/stats"), self.routes)
        for method, pattern in self.routes:
            self.assertNotEqual(rights_of(method, pattern), "unknown",
                                "%s %s has no line in RIGHTS" %
                                (method, pattern))

    def test_every_page_every_role(self):
        checked = 0
        for method, pattern in self.routes:
            roles = rights_of(method, pattern)
            if method != "GET" or roles is None:
                continue
            path = self.path_of(pattern)
            with self.subTest(path=path, who="nobody"):
                status, headers, _ = self.srv.get_as(None, path)
                self.assertEqual(status, 303)
                self.assertTrue(
                    headers["Location"].startswith("/staff/login"))
            for role in sh.ROLES:
                with self.subTest(path=path, who=role):
                    status, headers, text = self.srv.get_as(role, path)
                    if role in roles:
                        self.assertIn(status, (200, 303), text[:400])
                        if status == 303:
                            self.assertFalse(headers["Location"].startswith(
                                "/staff/login"))
                    else:
                        self.assertEqual(status, 403, text[:400])
                        self.assertIn("Accès refusé", text)
                    checked += 1
        self.assertGreaterEqual(checked, 4 * 5)

    def test_every_form_refuses_the_other_roles(self):
        before = self.dump()
        checked = 0
        for method, pattern in self.routes:
            roles = rights_of(method, pattern)
            if method != "POST" or roles is None:
                continue
            path = self.path_of(pattern)
            fields = {"action": "remove", "reason": "test", "name": "X",
                      "email": "x@univ-exemple.fr", "room": "groupe-2",
                      "step": "save"}
            with self.subTest(path=path, who="nobody"):
                status, headers, _ = self.srv.post_as(None, path, fields)
                self.assertEqual(status, 303)
                self.assertTrue(
                    headers["Location"].startswith("/staff/login"))
            for role in sorted(ALL - roles):
                with self.subTest(path=path, who=role):
                    status, _, text = self.srv.post_as(role, path, fields)
                    self.assertEqual(status, 403, text[:400])
                    checked += 1
            for role in sorted(roles):
                with self.subTest(path=path, who=role, csrf=False):
                    status, _, text = self.srv.post_as(role, path, fields,
                                                       csrf=False)
                    self.assertEqual(status, 403, text[:400])
                    self.assertIn("Formulaire expiré", text)
        self.assertGreater(checked, 0)
        self.assertEqual(before, self.dump())

    def test_an_unreadable_query_is_refused(self):
        """A query that does not decode (invalid UTF-8, a bad escape) gets
        400 on every page, never the page's defaults."""
        checked = 0
        for method, pattern in self.routes:
            if method != "GET" or rights_of(method, pattern) is None:
                continue
            for query in ("?q=%FF%FE", "?date=%C3", "?site=%zz"):
                path = self.path_of(pattern) + query
                with self.subTest(path=path):
                    status, _, text = self.srv.get_as("superadmin", path)
                    self.assertEqual(status, 400, text[:300])
                    self.assertIn("Adresse illisible", text)
                    checked += 1
        self.assertGreaterEqual(checked, 3 * 4)

    def test_room_admin_stays_on_their_site(self):
        pages = [p for m, p in self.routes
                 if m == "GET" and ("{site}" in p or "{room}" in p)]
        saved = dict(PARAMS)
        PARAMS.update(site="bu-sciences", room="sciences-1")
        try:
            for pattern in pages:
                path = self.path_of(pattern)
                with self.subTest(path=path):
                    status, _, text = self.srv.get_as("room_admin", path)
                    self.assertIn(status, (403, 404), text[:300])
                    status, _, text = self.srv.get_as("superadmin", path)
                    self.assertEqual(status, 200, text[:300])
            for path in ("/staff/planning?site=bu-sciences",
                         "/staff/devices?site=bu-sciences"):
                with self.subTest(path=path):
                    status, _, _ = self.srv.get_as("room_admin", path)
                    self.assertEqual(status, 403)
            for path in ("/stats?site=bu-sciences",
                         "/stats?room=sciences-1"):
                with self.subTest(path=path):
                    status, _, _ = self.srv.get_as("room_admin", path)
                    self.assertEqual(status, 403)
                    status, _, _ = self.srv.get_as("facilities", path)
                    self.assertEqual(status, 200)
        finally:
            PARAMS.update(saved)


if __name__ == "__main__":
    sh.main()

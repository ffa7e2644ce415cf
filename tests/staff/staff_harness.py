"""The staff pages' test fixture, on tests/pages/harness.py: a real
porte-server on loopback with a fresh demo database (its staff accounts
read from porte-admin's report), staff sessions over plain HTTP (cookie
and csrf field) and signed-in headless Chromium.

Run with /usr/bin/python3 (Debian's modules). A test file:

    import staff_harness as sh
    class Planning(sh.StaffCase):
        def test_day(self):
            status, body = self.srv.get_as("desk", "/staff/planning")
    if __name__ == "__main__":
        sh.main()
"""
import os
import re
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "pages"))
import harness  # noqa: E402
from harness import DESKTOP, PHONE, browser, quit_browser, screenshot  # noqa

# Tuesday 24 November 2026, 10:12 in Paris: the demo's "now" (as the
# public pages' tests).
NOW = "2026-11-24T09:12:00Z"
ROLES = ("desk", "room_admin", "facilities", "superadmin")


class Server(harness.Server):
    """harness.Server, with the demo's staff accounts: self.accounts[ROLE]
    = (email, password, pin)."""

    def __init__(self, now=NOW):
        self.accounts = {}
        super().__init__(now)

    def admin(self, *args):
        out = super().admin(*args)
        for m in re.finditer(r"^\s+(\S+@\S+)\s+(\w+)\s+(\S+)\s+(\d+)\s*$",
                             out, re.M):
            self.accounts[m.group(2)] = (m.group(1), m.group(3), m.group(4))
        return out

    # ---- sessions over HTTP ---------------------------------------------

    def login(self, role_or_email, password=None):
        """Signs in (POST /staff/login); returns the session cookie's
        value. ROLE_OR_EMAIL: a demo role, or an e-mail with PASSWORD."""
        if password is None:
            email, password, _ = self.accounts[role_or_email]
        else:
            email = role_or_email
        status, headers, body = self.request(
            "/staff/login", "POST", {"email": email, "password": password,
                                     "next": "/staff"})
        assert status == 303, (status, body[:300])
        m = re.search(r"porte_session=([A-Za-z0-9_-]+)",
                      headers.get("Set-Cookie", ""))
        assert m, headers
        return m.group(1)

    def session(self, role):
        """A cached session cookie for ROLE."""
        cache = self.__dict__.setdefault("_sessions", {})
        if role not in cache:
            cache[role] = self.login(role)
        return cache[role]

    def get_as(self, role, path, lang="fr"):
        """GET PATH as ROLE (None: nobody). Returns (status, headers,
        text)."""
        h = {"Accept-Language": lang}
        if role is not None:
            h["Cookie"] = "porte_session=" + self.session(role)
        status, headers, body = self.request(path, headers=h)
        return status, headers, body.decode("utf-8", "replace")

    def csrf(self, role):
        """The csrf field of ROLE's session, read from a staff page."""
        for path in ("/staff/planning", "/staff/repeat", "/stats",
                     "/staff/devices"):
            status, _, text = self.get_as(role, path)
            m = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
            if m:
                return m.group(1)
        raise AssertionError("no csrf field for " + role)

    def post_as(self, role, path, fields, csrf=True, lang="fr"):
        """POST the form FIELDS (a dict, or a list of pairs) to PATH as
        ROLE, with its csrf field unless CSRF is False. Returns (status,
        headers, text); redirects are not followed."""
        h = {"Accept-Language": lang}
        if role is not None:
            h["Cookie"] = "porte_session=" + self.session(role)
        pairs = list(fields.items()) if isinstance(fields, dict) \
            else list(fields)
        if csrf and role is not None:
            pairs.append(("csrf", self.csrf(role)))
        body = urllib.parse.urlencode(pairs).encode()
        h["Content-Type"] = "application/x-www-form-urlencoded"
        status, headers, data = self.request(path, "POST", body, h)
        return status, headers, data.decode("utf-8", "replace")


class StaffCase(unittest.TestCase):
    """One server (a fresh demo database at NOW) per test class; browsers
    opened with self.open are closed at the end."""

    NOW = NOW

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(cls.NOW)
        cls.browsers = []

    @classmethod
    def tearDownClass(cls):
        for d in cls.browsers:
            quit_browser(d)
        cls.srv.stop()

    def open(self, role, lang="fr", size=DESKTOP):
        """A browser signed in as ROLE through the sign-in form."""
        from selenium.webdriver.common.by import By
        d = browser(lang, size)
        self.browsers.append(d)
        email, password, _ = self.srv.accounts[role]
        d.get(self.srv.url("/staff/login"))
        d.find_element(By.NAME, "email").send_keys(email)
        d.find_element(By.NAME, "password").send_keys(password)
        d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        harness_wait(d, lambda: "/staff/login" not in d.current_url)
        return d

    def text(self, d):
        """The visible text of the page in D."""
        from selenium.webdriver.common.by import By
        return d.find_element(By.TAG_NAME, "body").text


def harness_wait(d, cond, timeout=harness.WAIT_S):
    """Waits until COND() holds. A page being replaced while COND reads it
    (a form sent: the old body goes stale, or Chromium says its node "does
    not belong to the document") reads as not yet."""
    from selenium.common.exceptions import (StaleElementReferenceException,
                                            WebDriverException)
    from selenium.webdriver.support.ui import WebDriverWait

    def poll(_):
        try:
            return cond()
        except StaleElementReferenceException:
            return False
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return False
            raise
    WebDriverWait(d, timeout).until(poll)


def main():
    """Runs the test file's StaffCase classes: --server BIN --admin BIN
    --sink PY --out DIR, then unittest's own arguments."""
    rest = harness.parse_args(sys.argv[1:])
    main_mod = sys.modules["__main__"]
    unittest.main(module=main_mod, argv=[sys.argv[0]] + rest, verbosity=2)

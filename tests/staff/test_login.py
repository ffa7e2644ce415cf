#!/usr/bin/python3
"""Signing in and out of the staff pages, the menu by role, and the
refusals: nobody signed in is sent to the sign-in page, a wrong password
gets 401, a form without its csrf field 403, a door's PIN session never
opens a staff page."""
import re

import staff_harness as sh


class Login(sh.StaffCase):

    def test_nobody_goes_to_sign_in(self):
        status, headers, _ = self.srv.get_as(None, "/staff/planning")
        self.assertEqual(status, 303)
        self.assertEqual(headers["Location"],
                         "/staff/login?next=/staff/planning")
        status, _, text = self.srv.get_as(None, "/staff/login")
        self.assertEqual(status, 200)
        self.assertIn("Connexion du personnel", text)

    def test_wrong_password(self):
        email = self.srv.accounts["desk"][0]
        for who, pw in ((email, "not the password"),
                        ("nobody@univ-exemple.fr", "whatever1")):
            status, headers, body = self.srv.request(
                "/staff/login", "POST", {"email": who, "password": pw})
            self.assertEqual(status, 401)
            self.assertNotIn("Set-Cookie", headers)
            self.assertIn("E-mail ou mot de passe incorrect",
                          body.decode())

    def test_next_stays_on_this_server(self):
        email, pw, _ = self.srv.accounts["desk"]
        for nxt, where in (("/staff/bookings", "/staff/bookings"),
                           ("//evil.example/staff", "/staff"),
                           ("https://evil.example/", "/staff"),
                           ("/r/groupe-1", "/staff")):
            status, headers, _ = self.srv.request(
                "/staff/login", "POST",
                {"email": email, "password": pw, "next": nxt})
            self.assertEqual(status, 303)
            self.assertEqual(headers["Location"], where)

    def test_home_by_role(self):
        for role, home in (("desk", "/staff/planning"),
                           ("room_admin", "/staff/planning"),
                           ("superadmin", "/staff/planning"),
                           ("facilities", "/stats")):
            status, headers, _ = self.srv.get_as(role, "/staff")
            self.assertEqual((status, headers["Location"]), (303, home))

    def test_logout_needs_csrf_and_ends_the_session(self):
        cookie = self.srv.login("room_admin")
        h = {"Cookie": "porte_session=" + cookie,
             "Content-Type": "application/x-www-form-urlencoded"}
        status, _, _ = self.srv.request("/staff/logout", "POST", b"", h)
        self.assertEqual(status, 403)
        status, _, _ = self.srv.request("/staff", headers=h)
        self.assertEqual(status, 303)  # still signed in
        status, _, text = self.srv.request("/staff/planning", headers={
            "Cookie": "porte_session=" + cookie})
        m = re.search(rb'name="csrf" value="([0-9a-f]+)"', text)
        self.assertTrue(m)
        status, headers, _ = self.srv.request(
            "/staff/logout", "POST", b"csrf=" + m.group(1), h)
        self.assertEqual((status, headers["Location"]),
                         (303, "/staff/login"))
        self.assertIn("Max-Age=0", headers["Set-Cookie"])
        status, headers, _ = self.srv.request("/staff/planning", headers=h)
        self.assertEqual(status, 303)
        self.assertTrue(headers["Location"].startswith("/staff/login"))

    def test_pin_session_opens_no_staff_page(self):
        door = self.srv.enroll()
        pin = self.srv.accounts["desk"][2]
        status, reply = self.srv.json("/api/v1/sessions", {"pin": pin},
                                      token=door)
        self.assertEqual(status, 201, reply)
        for h in ({"Cookie": "porte_session=" + reply["token"]},
                  {"Authorization": "Bearer " + reply["token"]}):
            status, headers, _ = self.srv.request("/staff/planning",
                                                  headers=h)
            self.assertEqual(status, 303, h)

    def test_sign_in_in_the_browser(self):
        d = self.open("desk", lang="en")
        text = self.text(d)
        self.assertIn("Planning", text)
        self.assertIn("Sign out", text)
        self.assertNotIn("Audit log", text)  # not for desk staff
        sh.screenshot(d, "login-desk-home")
        status, _, audit = self.srv.get_as("superadmin", "/staff/audit")
        if status == 200:
            self.assertIn("staff.login", audit)


if __name__ == "__main__":
    sh.main()

#!/usr/bin/python3
"""server.mail: the booking mail goes out through a real SMTP server
(tests/mail/smtp_sink.py, Debian's python3-aiosmtpd), and its confirm link
works: followed like a browser would (the booking's page, then its
confirm form), the booking becomes confirmed. A mail server that is down
loses nothing: the mail stays queued and is tried again."""

import glob
import html.parser
import os
import re
import socket
import subprocess
import tempfile
import time
import urllib.parse
from email import policy
from email.parser import BytesParser

from porte_test import Env, check, eq, main, paris

SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                    "mail", "smtp_sink.py")
TUE_10 = paris(2026, 11, 24, 10)


class Sink:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="porte-smtp-")
        self.proc = subprocess.Popen(["/usr/bin/python3", SINK, self.dir],
                                     stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        m = re.match(r"PORT (\d+)", line)
        check(m, "the SMTP sink started", line)
        self.port = int(m.group(1))

    def wait_mail(self, n=1, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = sorted(glob.glob(os.path.join(self.dir, "*.eml")))
            if len(files) >= n:
                return files
            time.sleep(0.1)
        raise AssertionError("no mail within %d s" % timeout)

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(10)
        for f in glob.glob(os.path.join(self.dir, "*")):
            os.unlink(f)
        os.rmdir(self.dir)


class Forms(html.parser.HTMLParser):
    """The forms of a page: their action and fields (hidden inputs, and
    the submit buttons' name=value)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""),
                               "method": a.get("method", "get").lower(),
                               "fields": [], "buttons": []})
        elif self.forms and tag in ("input", "button"):
            kind = a.get("type", "submit" if tag == "button" else "text")
            if kind == "hidden" and "name" in a:
                self.forms[-1]["fields"].append((a["name"],
                                                 a.get("value", "")))
            elif kind == "submit" and "name" in a:
                self.forms[-1]["buttons"].append((a["name"],
                                                  a.get("value", "")))


def follow_confirm_link(env, link):
    """GET the link on our server, then submit the page's confirm form."""
    s = env.server
    u = urllib.parse.urlsplit(link)
    eq("%s://%s" % (u.scheme, u.netloc), "http://porte.test", "base URL")
    r = s.get(u.path + "?" + u.query)
    eq(r.status, 200, "the link's page")
    check(r.headers["content-type"].startswith("text/html"), "a page")
    p = Forms()
    p.feed(r.body.decode("utf-8"))
    for f in p.forms:
        for name, value in f["buttons"] + f["fields"]:
            if value == "confirm" and f["method"] == "post":
                body = urllib.parse.urlencode(
                    f["fields"] + [(n, v) for n, v in f["buttons"]
                                   if v == "confirm"])
                action = f["action"] or u.path
                return s.post(action, body, headers={
                    "Content-Type": "application/x-www-form-urlencoded"})
    raise AssertionError("no confirm form on the page: %r" % r.body[:2000])


def sent_and_confirmed(server_bin, admin_bin):
    sink = Sink()
    env = Env(server_bin, admin_bin)
    try:
        env.ready(["--smtp", "smtp://127.0.0.1:%d" % sink.port,
                   "--mail-from", "porte@univ.fr"])
        r = env.book("g1", TUE_10, 60, email="jean.dupont@univ.fr",
                     title="Exposé de latin")
        bid = r.json["id"]
        files = sink.wait_mail(1)
        with open(files[0], "rb") as f:
            msg = BytesParser(policy=policy.default).parse(f)
        eq(msg["X-Rcpt-To"], "jean.dupont@univ.fr", "to the booker")
        eq(msg["From"].addresses[0].addr_spec, "porte@univ.fr", "from")
        check("Salle G1" in str(msg["Subject"]), "the room in the subject",
              str(msg["Subject"]))
        body = msg.get_content()
        check("Exposé de latin" in body, "the title in the body")
        links = re.findall(r"http://porte\.test/b/\d+\?\S+", body)
        confirm = [x for x in links if "confirm" in x]
        check(confirm, "a confirm link", body)
        check("/b/%d?" % bid in confirm[0], "for this booking", confirm[0])
        # The queue knows it went.
        rows = env.sql("SELECT sent_at, attempts FROM mail_queue")
        deadline = time.monotonic() + 5
        while rows[0][0] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
            rows = env.sql("SELECT sent_at, attempts FROM mail_queue")
        check(rows[0][0] != 0, "marked sent", rows)
        eq(env.status(bid), "pending", "pending until the link is used")
        r = follow_confirm_link(env, confirm[0])
        check(r.status in (200, 303), "the confirm form", r)
        eq(env.status(bid), "confirmed", "confirmed by the mail's link")
        # A staff booking with an e-mail sends one too, in English.
        env.server.post("/api/v1/bookings",
                        {"room": "g2", "start": "2026-11-24T10:00",
                         "end": "2026-11-24T11:00", "lang": "en",
                         "email": "marie.curie@univ.fr"},
                        token=env.tokens["desk"])
        files = sink.wait_mail(2)
        with open(files[1], "rb") as f:
            msg = BytesParser(policy=policy.default).parse(f)
        eq(msg["X-Rcpt-To"], "marie.curie@univ.fr", "second mail")
        text = env.server.get("/metrics").body.decode()
        check('porte_mail{state="queued"} 0' in text, "queue empty")
        env.server.stop()
    finally:
        sink.stop()
        env.close()


def smtp_down(server_bin, admin_bin):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    env = Env(server_bin, admin_bin)
    try:
        env.ready(["--smtp", "smtp://127.0.0.1:%d" % port,
                   "--mail-from", "porte@univ.fr"])
        env.book("g1", TUE_10, 60)
        deadline = time.monotonic() + 8
        rows = env.sql("SELECT attempts, last_error, sent_at, failed"
                       " FROM mail_queue")
        while rows[0][0] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
            rows = env.sql("SELECT attempts, last_error, sent_at, failed"
                           " FROM mail_queue")
        attempts, error, sent, failed = rows[0]
        eq(attempts, 1, "tried once")
        check(error, "the error kept", rows)
        eq((sent, failed), (0, 0), "still queued, not given up")
        check("mail 1 (attempt 1) failed" in env.server.stderr(),
              "logged", env.server.stderr()[-800:])
        text = env.server.get("/metrics").body.decode()
        check('porte_mail{state="queued"} 1' in text, "queued", text)
        env.server.stop()
    finally:
        env.close()


TESTS = [
    ("sent_and_confirmed", sent_and_confirmed),
    ("smtp_down", smtp_down),
]

if __name__ == "__main__":
    main(TESTS)

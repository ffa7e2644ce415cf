"""The pages' test fixture: a real porte-server on loopback with a fresh
demo database from the real porte-admin, a real SMTP server
(tests/mail/smtp_sink.py) for its mails, a test clock file, and headless
Chromium through Debian's python3-selenium and chromium-driver.

Run with /usr/bin/python3 (Debian's modules).
"""
import base64
import email
import email.policy
import hashlib
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = (390, 844)
DESKTOP = (1280, 900)
# Longest wait for something the server does on its own (a mail sent).
WAIT_S = 30


class Config:
    server = None
    admin = None
    sink = None
    out = None


def parse_args(argv):
    """--server PATH --admin PATH --sink PATH --out DIR, then the rest."""
    rest = []
    it = iter(argv)
    for a in it:
        if a in ("--server", "--admin", "--sink", "--out"):
            setattr(Config, a[2:], next(it))
        else:
            rest.append(a)
    for name in ("server", "admin", "sink", "out"):
        if getattr(Config, name) is None:
            sys.exit("missing --" + name)
    os.makedirs(Config.out, exist_ok=True)
    return rest


def read_line(proc, pattern, timeout=WAIT_S):
    """Reads PROC's stdout until a line matches PATTERN; returns the match.
    Reads the pipe unbuffered (select then os.read), so that no line waits
    in a buffer select cannot see; the text after the matching line is
    kept in proc.porte_rest."""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    pending = getattr(proc, "porte_rest", b"")
    seen = []
    while True:
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            line = line.decode("utf-8", "replace")
            seen.append(line)
            m = re.search(pattern, line)
            if m:
                proc.porte_rest = pending
                return m
        left = deadline - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        pending += chunk
    raise AssertionError("no line like %r; got:\n%s" % (pattern,
                                                       "\n".join(seen)))


class Server:
    """porte-server on 127.0.0.1, port 0, with the demo data of NOW."""

    def __init__(self, now):
        self.dir = tempfile.mkdtemp(prefix="porte-pages-")
        self.db = os.path.join(self.dir, "porte.db")
        self.clock = os.path.join(self.dir, "clock")
        self.mails = os.path.join(self.dir, "mails")
        os.mkdir(self.mails)
        self.set_clock(now)
        self.admin("init")
        demo = self.admin("--now", now, "demo")
        m = re.search(r"enrolment code for (\S+) \(.*\): (\S+)", demo)
        assert m, demo
        self.enrol_room, self.enrol_code = m.group(1), m.group(2)
        self.sink = subprocess.Popen(
            ["/usr/bin/python3", Config.sink, self.mails],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        smtp_port = int(read_line(self.sink, r"PORT (\d+)").group(1))
        self.log_path = os.path.join(self.dir, "server.log")
        self.proc = subprocess.Popen(
            [Config.server, "--db", self.db, "--listen", "127.0.0.1:0",
             "--base-url", "http://porte.test", "--clock-file", self.clock,
             "--smtp", "smtp://127.0.0.1:%d" % smtp_port,
             "--mail-from", "salles@univ-exemple.fr", "--threads", "4"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        m = read_line(self.proc, r"porte-server listening on (http://\S+)")
        self.base = m.group(1)
        self.log = open(self.log_path, "wb")
        self.drain = threading.Thread(target=self._drain, daemon=True)
        self.drain.start()

    def _drain(self):
        self.log.write(getattr(self.proc, "porte_rest", b""))
        fd = self.proc.stdout.fileno()
        while True:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            self.log.write(chunk)
            self.log.flush()

    def admin(self, *args):
        r = subprocess.run([Config.admin, "--db", self.db] + list(args),
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def set_clock(self, iso):
        """Moves the server's clock to ISO (RFC 3339): the file is replaced,
        so the server reads it again at once."""
        tmp = self.clock + ".tmp"
        with open(tmp, "w") as f:
            f.write(iso + "\n")
        os.replace(tmp, self.clock)

    def url(self, path):
        return self.base + path

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.drain.join(timeout=5)
        self.log.close()
        self.sink.stdin.close()
        try:
            self.sink.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.sink.kill()
            self.sink.wait()
        self.sink.stdout.close()
        if os.environ.get("KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    # ---- HTTP without a browser, for status codes and headers -----------

    def request(self, path, method="GET", data=None, headers=None,
                follow=False):
        """Returns (status, headers, body bytes). Redirects are not
        followed unless FOLLOW."""
        h = {"Accept-Language": "fr"}
        h.update(headers or {})
        body = None
        if data is not None:
            if isinstance(data, dict):
                body = urllib.parse.urlencode(data).encode()
                h.setdefault("Content-Type",
                             "application/x-www-form-urlencoded")
            else:
                body = data
        req = urllib.request.Request(self.url(path), data=body, headers=h,
                                     method=method)
        opener = urllib.request.build_opener() if follow else \
            urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(req, timeout=WAIT_S) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def json(self, path, obj, token=None):
        import json
        h = {"Content-Type": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + token
        status, _, body = self.request(path, "POST", json.dumps(obj).encode(),
                                       h)
        return status, json.loads(body) if body else None

    # ---- mails -----------------------------------------------------------

    def mail_to(self, rcpt, count=1):
        """Waits for the COUNT-th mail to RCPT; returns its text body."""
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            found = []
            for name in sorted(os.listdir(self.mails),
                               key=lambda n: int(n.split(".")[0])
                               if n.split(".")[0].isdigit() else 0):
                if not name.endswith(".eml"):
                    continue
                with open(os.path.join(self.mails, name), "rb") as f:
                    raw = f.read()
                first = raw.split(b"\r\n", 1)[0].decode()
                if rcpt in first:
                    found.append(raw)
            if len(found) >= count:
                msg = email.message_from_bytes(found[count - 1],
                                               policy=email.policy.default)
                return msg.get_body(("plain",)).get_content()
            time.sleep(0.1)
        raise AssertionError("no mail to %s" % rcpt)

    # ---- the door --------------------------------------------------------

    def enroll(self):
        """A door display for the demo's first room: its token."""
        status, reply = self.json("/api/v1/devices/enroll",
                                  {"code": self.enrol_code})
        assert status in (200, 201), reply
        return reply["token"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def door_proof(device_token, booking, t):
    """sync/store/door_proof.h, version 1, in Python."""
    key = hashlib.blake2b(b"porte door proof key 1", digest_size=32,
                          key=device_token.encode()).digest()
    msg = ("porte-door-proof-1:%d:%d" % (booking, t // 60)).encode()
    mac = hashlib.blake2b(msg, digest_size=16, key=key).digest()
    bits = int.from_bytes(mac[:5], "big")
    alphabet = "0123456789abcdefghjkmnpqrstvwxyz"
    return "".join(alphabet[(bits >> (35 - 5 * i)) & 31] for i in range(8))


def rfc3339_to_epoch(s):
    import datetime
    return int(datetime.datetime.fromisoformat(
        s.replace("Z", "+00:00")).timestamp())


def links_in(text):
    """The /b/ID?t=TOKEN links of a mail: [(id, token, action)]."""
    return [(int(m.group(1)), m.group(2), m.group(3)) for m in re.finditer(
        r"https?://[^/\s]+/b/(\d+)\?t=([A-Za-z0-9_-]+)&a=(\w+)", text)]


# ---- the browser ---------------------------------------------------------

def browser(lang="fr", size=PHONE, mobile=None):
    """A fresh headless Chromium asking for LANG, sized SIZE (a phone's
    viewport is emulated as a phone: device metrics and touch)."""
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="porte-chromium-")
    for a in ("--headless", "--no-sandbox", "--disable-gpu",
              "--disable-quic", "--no-first-run",
              "--disable-background-networking",
              "--disable-component-update", "--disable-sync",
              "--disable-dev-shm-usage", "--hide-scrollbars",
              "--force-device-scale-factor=1",
              "--user-data-dir=" + profile,
              "--lang=" + lang,
              "--window-size=%d,%d" % size):
        o.add_argument(a)
    o.add_experimental_option("prefs", {"intl.accept_languages": lang})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)
    d.set_page_load_timeout(WAIT_S)
    d.porte_profile = profile
    d.porte_size = size
    d.porte_mobile = size[0] < 600 if mobile is None else mobile
    metrics(d, size[0], size[1])
    return d


def metrics(d, w, h):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": w, "height": h, "deviceScaleFactor": 1,
        "mobile": d.porte_mobile})


def quit_browser(d):
    d.quit()
    shutil.rmtree(d.porte_profile, ignore_errors=True)


def screenshot(d, name):
    """The whole page (not only the viewport) into OUT/NAME.png."""
    w, h = d.porte_size
    full = d.execute_script(
        "return Math.ceil(document.documentElement.scrollHeight)")
    metrics(d, w, max(h, full))
    shot = d.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    metrics(d, w, h)
    path = os.path.join(Config.out, name + ".png")
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    return path

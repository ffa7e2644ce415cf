"""What the porte-server tests share: a fresh database made with the real
porte-admin, the real porte-server on 127.0.0.1 port 0 with a test clock
file, HTTP requests with http.client, and a few checks.

Every test script is run by ctest as
    /usr/bin/python3 tests/server/test_NAME.py PORTE_SERVER PORTE_ADMIN
with PORTE_FAST_HASH=1 and TZDIR set (tests.cmake).

The standard site ("bu", Europe/Paris, Monday to Saturday 08:00-20:00,
e-mails of univ.fr):
  rooms  g1, g2 (group), meet (meeting), train (training, referent: admin),
         shop (workshop, capacity 3), lab (group, 15-minute grid)
  staff  desk@univ.fr (desk of bu), admin@univ.fr (room admin of bu,
         referent of train), fac@univ.fr (facilities), super@univ.fr
         (super-admin), desk2@univ.fr (desk of the other site "sci")
         with passwords "password-NAME" and PINs 111111, 222222...
  doors  one enrolled door each for g1 and g2 (tokens from the API)
A second site "sci" (Europe/Paris) has room s1.
"""

import datetime
import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import zoneinfo

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = datetime.timezone.utc

STAFF = {
    # name: (role, site, pin)
    "desk": ("desk", "bu", "111111"),
    "admin": ("room_admin", "bu", "222222"),
    "fac": ("facilities", None, "333333"),
    "super": ("superadmin", None, "444444"),
    "desk2": ("desk", "sci", "555555"),
}

# Monday 23 November 2026, 08:00 in Paris: the standard "now".
NOW = datetime.datetime(2026, 11, 23, 7, 0, 0, tzinfo=UTC)


def paris(y, mo, d, h, mi=0):
    """A Paris wall time as an aware datetime in UTC."""
    return datetime.datetime(y, mo, d, h, mi, tzinfo=PARIS).astimezone(UTC)


def iso(t):
    """An aware datetime as RFC 3339 in UTC."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=UTC)


class Failure(Exception):
    pass


def check(cond, what, *detail):
    if not cond:
        raise Failure(what + ("" if not detail else ": " + " ".join(
            repr(d) for d in detail)))


def eq(got, want, what):
    if got != want:
        raise Failure("%s: got %r, want %r" % (what, got, want))


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body
        self._json = None

    @property
    def json(self):
        if self._json is None:
            try:
                self._json = json.loads(self.body.decode("utf-8"))
            except ValueError:
                raise Failure("not JSON (%d): %r" % (self.status,
                                                     self.body[:300]))
        return self._json

    def error_code(self):
        try:
            return self.json["error"]["code"]
        except (KeyError, TypeError):
            return None

    def __repr__(self):
        return "<%d %r>" % (self.status, self.body[:400])


class Server:
    """porte-server on a database, with a clock file."""

    def __init__(self, binary, db, clock, base_url="http://porte.test",
                 extra=()):
        self.binary = binary
        self.db = db
        self.clock = clock
        self.base_url = base_url
        self.extra = list(extra)
        self.proc = None
        self.port = None
        self.errfile = None

    def start(self, timeout=20):
        self.errpath = self.db + ".server-%d.log" % int(time.time() * 1e6)
        self.errfile = open(self.errpath, "wb")
        args = [self.binary, "--db", self.db, "--listen", "127.0.0.1:0",
                "--base-url", self.base_url, "--clock-file", self.clock,
                "--threads", "4"] + self.extra
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE,
                                     stderr=self.errfile,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        line = b""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line or self.proc.poll() is not None:
                break
        m = re.match(rb"porte-server listening on http://127\.0\.0\.1:(\d+)\n",
                     line)
        if not m:
            self.proc.kill()
            self.proc.wait()
            raise Failure("the server did not start: %r; stderr: %s" %
                          (line, self.stderr()[-2000:]))
        self.port = int(m.group(1))
        return self

    def stderr(self):
        self.errfile.flush()
        with open(self.errpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM; checks a clean exit (status 0, no sanitizer report)."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise Failure("the server did not stop on SIGTERM")
        self.proc.stdout.close()
        err = self.stderr()
        self.errfile.close()
        self.proc = None
        check("Sanitizer" not in err and "runtime error" not in err,
              "sanitizer report", err[-3000:])
        eq(rc, 0, "exit status after SIGTERM")

    def kill9(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()
        self.errfile.close()
        self.proc = None

    def request(self, method, path, body=None, token=None, headers=None,
                timeout=30):
        h = {}
        if token is not None:
            h["Authorization"] = "Bearer " + token
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            h["Content-Type"] = "application/json"
        elif isinstance(body, str):
            body = body.encode("utf-8")
        if headers:
            h.update(headers)
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            return Reply(r.status, hdrs, data)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)


class Env:
    """A temporary directory with a database, a clock file, the admin CLI
    and the server."""

    def __init__(self, server_bin, admin_bin, now=NOW, standard=True):
        self.dir = tempfile.mkdtemp(prefix="porte-server-test-")
        self.db = os.path.join(self.dir, "porte.db")
        self.clock = os.path.join(self.dir, "clock")
        self.server_bin = server_bin
        self.admin_bin = admin_bin
        self.now = now
        self.set_clock(now)
        self.server = None
        self.tokens = {}
        self.devices = {}
        self.admin("init")
        if standard:
            self.standard_site()

    # -- time ----------------------------------------------------------
    def set_clock(self, t):
        """Moves the server's clock to T (aware datetime)."""
        self.now = t
        tmp = self.clock + ".tmp"
        with open(tmp, "w") as f:
            f.write(iso(t) + "\n")
        os.rename(tmp, self.clock)

    # -- porte-admin ---------------------------------------------------
    def admin(self, *args, stdin=None, ok=True):
        cmd = [self.admin_bin, "--db", self.db, "--now", iso(self.now)]
        cmd += list(args)
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                           timeout=60)
        if ok and p.returncode != 0:
            raise Failure("porte-admin %s: %s%s" % (" ".join(args),
                                                    p.stdout, p.stderr))
        return p

    def standard_site(self):
        a = self.admin
        a("site", "add", "bu", "--name", "BU Lettres", "--tz",
          "Europe/Paris", "--hours", "mon-sat 08:00-20:00", "--domains",
          "univ.fr")
        a("site", "add", "sci", "--name", "BU Sciences", "--tz",
          "Europe/Paris", "--hours", "mon-fri 08:00-20:00")
        for slug, kind, cap in (("g1", "group", 1), ("g2", "group", 1),
                                ("meet", "meeting", 1),
                                ("train", "training", 1),
                                ("shop", "workshop", 3),
                                ("lab", "group", 1)):
            a("room", "add", slug, "--site", "bu", "--name",
              "Salle " + slug.upper(), "--kind", kind, "--capacity",
              str(cap))
        a("room", "add", "s1", "--site", "sci", "--name", "Salle S1")
        a("rule", "set", "--room", "lab", "granularity", "15")
        a("rule", "set", "--room", "lab", "min_duration", "15")
        for name, (role, site, pin) in STAFF.items():
            args = ["staff", "add", name + "@univ.fr", "--name",
                    name.capitalize(), "--role", role]
            if site:
                args += ["--site", site]
            a(*args, stdin="password-%s\n%s\n" % (name, pin))
        a("staff", "referent", "admin@univ.fr", "train")

    # -- the server ----------------------------------------------------
    def start(self, extra=()):
        self.server = Server(self.server_bin, self.db, self.clock,
                             extra=extra).start()
        return self.server

    def login_all(self):
        for name in STAFF:
            r = self.server.post("/api/v1/sessions",
                                 {"email": name + "@univ.fr",
                                  "password": "password-" + name})
            eq(r.status, 201, "login " + name)
            self.tokens[name] = r.json["token"]

    def enroll(self, room):
        code = self.admin("device", "enroll", room).stdout.split()[0]
        r = self.server.post("/api/v1/devices/enroll", {"code": code})
        eq(r.status, 201, "enroll " + room)
        eq(r.json["room"], room, "enrolled room")
        self.devices[room] = r.json["token"]
        return r.json["token"]

    def ready(self, extra=()):
        """Starts the server, logs every staff member in, enrolls doors
        for g1 and g2."""
        self.start(extra)
        self.login_all()
        self.enroll("g1")
        self.enroll("g2")
        return self.server

    def close(self):
        try:
            if self.server is not None and self.server.proc is not None:
                self.server.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- the database --------------------------------------------------
    def sql(self, query, *args):
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            return con.execute(query, args).fetchall()
        finally:
            con.close()

    def dump(self):
        """The database's content, but what reading requests may touch
        (a door's last contact)."""
        con = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True,
                              timeout=10)
        try:
            con.execute("PRAGMA query_only = 1")
            lines = []
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " ORDER BY name")]
            for t in tables:
                cols = [r[1] for r in con.execute(
                    "PRAGMA table_info(%s)" % t)]
                keep = [c for c in cols
                        if not (t == "devices" and c in ("last_seen",
                                                         "version"))]
                for row in con.execute("SELECT %s FROM %s ORDER BY 1" % (
                        ", ".join(keep), t)):
                    lines.append((t, row))
            return lines
        finally:
            con.close()

    # -- bookings ------------------------------------------------------
    def mail_token(self, email):
        """The booker token in the last mail queued to EMAIL."""
        rows = self.sql("SELECT body FROM mail_queue WHERE to_addr = ?"
                        " ORDER BY id DESC LIMIT 1", email)
        check(rows, "a mail to " + email)
        m = re.search(r"/b/(\d+)\?t=([A-Za-z0-9_-]+)", rows[0][0])
        check(m, "a confirm link in the mail", rows[0][0][:500])
        return int(m.group(1)), m.group(2)

    def book(self, room, start, minutes, email="jean.dupont@univ.fr",
             token=None, title=None, want=201):
        body = {"room": room, "start": iso(start),
                "end": iso(start + datetime.timedelta(minutes=minutes))}
        if email is not None:
            body["email"] = email
        if title is not None:
            body["title"] = title
        r = self.server.post("/api/v1/bookings", body, token=token)
        if want is not None:
            eq(r.status, want, "booking %s at %s: %r" % (room, iso(start),
                                                         r))
        return r

    def status(self, bid):
        r = self.server.get("/api/v1/bookings/%d" % bid,
                            token=self.tokens["super"])
        eq(r.status, 200, "GET booking %d" % bid)
        return r.json["status"]

    def wait_status(self, bid, want, timeout=5.0):
        """Polls booking BID until its status is WANT (the worker acts
        within its tick); returns the seconds it took."""
        t0 = time.monotonic()
        got = self.status(bid)
        while got != want and time.monotonic() - t0 < timeout:
            time.sleep(0.05)
            got = self.status(bid)
        eq(got, want, "status of booking %d" % bid)
        return time.monotonic() - t0

    def confirmed(self, room, start, minutes, email="jean.dupont@univ.fr"):
        """A booking made by desk staff (confirmed): (id, booker token)."""
        r = self.book(room, start, minutes, email=email,
                      token=self.tokens["desk"])
        return r.json["id"], r.json["token"]


def main(tests):
    """Runs TESTS (name -> function(env or args)) given on the command line
    as PORTE_SERVER PORTE_ADMIN [NAME...]; prints one line per test."""
    if len(sys.argv) < 3:
        print("usage: %s PORTE_SERVER PORTE_ADMIN [TEST...]" % sys.argv[0])
        sys.exit(2)
    server_bin, admin_bin = sys.argv[1], sys.argv[2]
    only = sys.argv[3:]
    failed = 0
    count = 0
    for name, fn in tests:
        if only and name not in only:
            continue
        count += 1
        t0 = time.monotonic()
        try:
            fn(server_bin, admin_bin)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            print("FAIL %s (%.1fs): %s" % (name, time.monotonic() - t0, e))
            traceback.print_exc()
        else:
            print("ok   %s (%.1fs)" % (name, time.monotonic() - t0))
        sys.stdout.flush()
    print("%d of %d passed" % (count - failed, count))
    sys.exit(1 if failed or count == 0 else 0)


def with_env(fn, standard=True, ready=True, extra=()):
    """Wraps FN(env) into a test that makes and closes an Env."""
    def run(server_bin, admin_bin):
        env = Env(server_bin, admin_bin, standard=standard)
        try:
            if ready:
                env.ready(extra)
            fn(env)
            if env.server is not None and env.server.proc is not None:
                check(env.server.alive(), "the server is still running")
                env.server.stop()
        finally:
            env.close()
    return run


def parallel(n, fn):
    """Runs FN(i) for i in 0..N-1 on N threads released at once; returns
    the results in order."""
    results = [None] * n
    barrier = threading.Barrier(n)

    def body(i):
        barrier.wait()
        try:
            results[i] = fn(i)
        except Exception as e:  # noqa: BLE001
            results[i] = e

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results

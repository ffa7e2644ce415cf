"""What the end-to-end tests share: whole processes, as in production.

A fresh demo library made by the real porte-admin (`demo --now NOW`), the
real porte-server on 127.0.0.1 port 0 with a clock file at NOW (so the
door's screen is the same at every run), a door enrolled with the real
porte-kiosk --enroll, and the real porte-kiosk with the same clock
(--now NOW), in a window under its own Xvfb or as a screenshot.

Every test script is run by ctest as
    /usr/bin/python3 tests/e2e/test_NAME.py PORTE_SERVER PORTE_ADMIN \
        PORTE_KIOSK
(tests.cmake). Every process started here is stopped at the end, also on
failure or SIGTERM (ctest's time-out).

The demo's room groupe-1 on Monday 23 November 2026, Paris time:
  24  09:00-11:00  "Révisions de latin", confirmed, check-in open at 09:05
  25  11:30-12:30  "Exposé d'histoire médiévale", confirmed
  26  14:00-16:00  pending;  27  16:30-18:00  confirmed
"""

import datetime
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

# Monday 23 November 2026, 09:05:30 in Paris.
NOW = "2026-11-23T08:05:30Z"
ROOM = "groupe-1"
ROOM_NAME = "Salle de groupe 1 — Hypatie"
B24 = 24
B24_TITLE = "Révisions de latin"
SIZE = (1280, 800)
HERE = os.path.dirname(os.path.abspath(__file__))


class Failure(Exception):
    pass


def check(cond, what, *detail):
    if not cond:
        raise Failure(what + ("" if not detail else ": " + " ".join(
            repr(d) for d in detail)))


def parse_iso(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


def iso(t):
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Proc:
    """A child process whose standard error is read line by line, each
    line kept with the monotonic time it arrived."""

    def __init__(self, name, args, env=None, stdout=subprocess.DEVNULL):
        self.name = name
        self.args = args
        self.lines = []  # (mono, text)
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=stdout, stderr=subprocess.PIPE,
                                     env=env)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.cond:
                self.lines.append((time.monotonic(), line))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def alive(self):
        return self.proc.poll() is None

    def text(self):
        with self.cond:
            return "\n".join(l for _, l in self.lines)

    def wait_line(self, pred, timeout, what, start=0):
        """The first line from index START on for which PRED(line) is
        true: (index, mono, line). Fails after TIMEOUT seconds or when the
        process ends first."""
        deadline = time.monotonic() + timeout
        i = start
        with self.cond:
            while True:
                while i < len(self.lines):
                    t, line = self.lines[i]
                    if pred(line):
                        return i, t, line
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and
                                 not self.reader.is_alive()):
                    raise Failure("%s: never saw %s" % (self.name, what))
                self.cond.wait(min(left, 0.2))

    def mark(self):
        with self.cond:
            return len(self.lines)

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops it with SIG; returns its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure("%s did not stop on signal %d" %
                              (self.name, sig))
        self.reader.join(timeout=5)
        return self.proc.returncode

    def check_clean(self):
        """No sanitizer report in what it wrote."""
        text = self.text()
        check("Sanitizer" not in text and "runtime error" not in text,
              "%s: sanitizer report" % self.name, text[-3000:])


class World:
    """The temporary folder and every process of one test."""

    def __init__(self, argv):
        if len(argv) != 4:
            sys.exit("usage: %s PORTE_SERVER PORTE_ADMIN PORTE_KIOSK" %
                     argv[0])
        self.server_bin, self.admin_bin, self.kiosk_bin = argv[1:4]
        self.dir = tempfile.mkdtemp(prefix="porte-e2e-")
        self.db = os.path.join(self.dir, "porte.db")
        self.clock = os.path.join(self.dir, "clock")
        self.token = os.path.join(self.dir, "token")
        self.cache = os.path.join(self.dir, "cache.db")
        self.procs = []
        self.server = None
        self.port = None
        self.display = None
        self.staff = {}
        self.code = None
        self.env = dict(os.environ)
        self.env.setdefault("TZDIR", "/usr/share/zoneinfo")
        self.env["PORTE_FAST_HASH"] = "1"
        # SDL's X11 backend leaks in libdbus at exit: not ours.
        self.env["LSAN_OPTIONS"] = "suppressions=" + os.path.join(
            HERE, "lsan.supp")
        for k in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_STATE_HOME"):
            self.env.pop(k, None)
        # Never the user's own files: the defaults go here too.
        self.env["HOME"] = self.dir

    # ---- the library and the server ----

    def make_db(self, now=NOW):
        with open(self.clock, "w") as f:
            f.write(now + "\n")
        subprocess.run([self.admin_bin, "--db", self.db, "init"], check=True,
                       env=self.env, stdout=subprocess.DEVNULL)
        out = subprocess.run([self.admin_bin, "--db", self.db, "--now", now,
                              "demo"], check=True, env=self.env,
                             stdout=subprocess.PIPE).stdout.decode()
        for line in out.splitlines():
            m = re.match(r"\s+(\S+@\S+)\s+(\w+)\s+(\S+)\s+(\d+)$", line)
            if m:
                self.staff[m.group(2)] = (m.group(1), m.group(3),
                                          m.group(4))
            m = re.match(r"enrolment code for groupe-1.*: (\S+)$", line)
            if m:
                self.code = m.group(1)
        check(self.code is not None and "desk" in self.staff,
              "porte-admin demo: no code or staff", out)

    def set_clock(self, now):
        tmp = self.clock + ".tmp"
        with open(tmp, "w") as f:
            f.write(now + "\n")
        os.rename(tmp, self.clock)

    def start_server(self, port=0):
        args = [self.server_bin, "--db", self.db, "--listen",
                "127.0.0.1:%d" % port, "--base-url", "http://porte.test",
                "--clock-file", self.clock, "--threads", "4"]
        p = Proc("porte-server", args, env=self.env, stdout=subprocess.PIPE)
        self.procs.append(p)
        line = p.proc.stdout.readline().decode()
        m = re.match(r"porte-server listening on http://127\.0\.0\.1:(\d+)",
                     line)
        if not m:
            p.stop(signal.SIGKILL)
            raise Failure("porte-server did not start: %r %s" %
                          (line, p.text()[-2000:]))
        self.port = int(m.group(1))
        self.server = p
        return p

    def kill_server(self):
        self.server.stop(signal.SIGKILL)
        self.server = None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    def request(self, method, path, body=None, token=None, timeout=10):
        h = {}
        if token is not None:
            h["Authorization"] = "Bearer " + token
        if body is not None:
            body = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def get_url(self, url):
        """GET of an absolute URL on the server: (status, text)."""
        m = re.match(r"http://127\.0\.0\.1:(\d+)(/.*)$", url)
        check(m is not None and int(m.group(1)) == self.port,
              "not this server's URL", url)
        status, body = self.request("GET", m.group(2))
        return status, body.decode("utf-8", "replace")

    def staff_token(self, role="desk"):
        email, password, _ = self.staff[role]
        status, body = self.request("POST", "/api/v1/sessions",
                                    {"email": email, "password": password})
        check(status == 201, "staff login", status, body)
        return json.loads(body)["token"]

    def booking(self, bid, token):
        status, body = self.request("GET", "/api/v1/bookings/%d" % bid,
                                    token=token)
        check(status == 200, "GET booking %d" % bid, status, body)
        return json.loads(body)

    def schedule(self, token=None):
        status, body = self.request("GET", "/api/v1/rooms/%s/schedule" %
                                    ROOM, token=token)
        check(status == 200, "schedule", status, body)
        return json.loads(body)

    def metric(self, name):
        status, body = self.request("GET", "/metrics")
        check(status == 200, "metrics", status)
        for line in body.decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise Failure("no metric " + name)

    # ---- the door ----

    def enroll(self):
        r = subprocess.run([self.kiosk_bin, "--enroll", self.code,
                            "--server", self.url, "--token-file",
                            self.token, "--cache", self.cache],
                           env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        check(r.returncode == 0, "porte-kiosk --enroll", r.returncode,
              r.stderr.decode())
        check(("room " + ROOM) in r.stdout.decode(),
              "--enroll names the room", r.stdout.decode())
        mode = os.stat(self.token).st_mode & 0o777
        check(mode == 0o600, "token file mode", oct(mode))

    def kiosk_args(self, now=NOW, extra=()):
        return [self.kiosk_bin, "--server", self.url, "--token-file",
                self.token, "--cache", self.cache, "--now", now, "--lang",
                "fr", "--size", "%dx%d" % SIZE] + list(extra)

    def start_xvfb(self):
        r, w = os.pipe()
        p = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0",
                              "%dx%dx24" % SIZE, "-nolisten", "tcp"],
                             pass_fds=(w,), stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        os.close(w)
        self.procs.append(_Plain("Xvfb", p))
        data = b""
        deadline = time.monotonic() + 15
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            chunk = os.read(r, 64)
            if not chunk:
                break
            data += chunk
        os.close(r)
        check(data.strip().isdigit(), "Xvfb did not start", data)
        self.display = ":" + data.decode().strip()
        self.env["DISPLAY"] = self.display

    def start_kiosk(self, now=NOW, extra=()):
        """The door in a window under Xvfb, with --trace."""
        env = dict(self.env)
        env["SDL_VIDEODRIVER"] = "x11"
        k = Proc("porte-kiosk", self.kiosk_args(
            now, ["--windowed", "--trace"] + list(extra)), env=env)
        self.procs.append(k)
        r = subprocess.run(["xdotool", "search", "--sync", "--classname",
                            "^porte-kiosk$"], env=env, timeout=15,
                           stdout=subprocess.PIPE)
        ids = r.stdout.decode().split()
        check(len(ids) > 0, "no porte-kiosk window", k.text()[-2000:])
        k.window = ids[-1]
        return k

    def tap(self, kiosk, target):
        """Clicks the middle of TARGET (x, y, w, h)."""
        x, y, w, h = target
        subprocess.run(["xdotool", "mousemove", "--window", kiosk.window,
                        str(x + w // 2), str(y + h // 2), "click", "1"],
                       env=self.env, check=True, timeout=10)

    def type(self, kiosk, text, key="Return"):
        """Types TEXT on the keyboard in the door's window, then KEY."""
        subprocess.run(["xdotool", "windowfocus", "--sync", kiosk.window],
                       env=self.env, timeout=10)
        subprocess.run(["xdotool", "type", "--delay", "20", text],
                       env=self.env, check=True, timeout=10)
        subprocess.run(["xdotool", "key", key], env=self.env, check=True,
                       timeout=10)

    def capture(self, kiosk, path):
        """The window as a PNG (ImageMagick's import)."""
        subprocess.run(["import", "-window", kiosk.window, path],
                       env=self.env, check=True, timeout=15,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    # ---- the end ----

    def cleanup(self):
        for p in reversed(self.procs):
            try:
                p.stop(signal.SIGKILL, timeout=10)
            except Exception:  # noqa: BLE001 - stop the others anyway
                pass
        self.procs = []
        if os.environ.get("PORTE_E2E_KEEP"):
            print("kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


class _Plain:
    """A process whose output is not read (Xvfb)."""

    def __init__(self, name, proc):
        self.name = name
        self.proc = proc

    def stop(self, sig=signal.SIGTERM, timeout=10):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)
        return self.proc.returncode


# ---- the door's --trace lines ----

def targets_of(line):
    """'porte-kiosk: trace: targets checkin:0:48,544,266,104 ...' as
    {(action, arg): (x, y, w, h)}, or None for another line."""
    m = re.match(r"porte-kiosk: trace: targets(.*)$", line)
    if not m:
        return None
    out = {}
    for item in m.group(1).split():
        action, arg, rect = item.split(":")
        out[(action, int(arg))] = tuple(int(v) for v in rect.split(","))
    return out


def sync_of(line):
    """'porte-kiosk: trace: sync t=T online=1 pending=0 bookings=24:...'
    as (t, online, pending, {id: status}), or None."""
    m = re.match(r"porte-kiosk: trace: sync t=([\d.]+) online=(\d) "
                 r"pending=(\d+) bookings=(.*)$", line)
    if not m:
        return None
    books = {}
    for item in m.group(4).split(","):
        if item:
            bid, status = item.rsplit(":", 1)
            books[bid] = status
    return (float(m.group(1)), m.group(2) == "1", int(m.group(3)), books)


def find_target(targets, action):
    """The rectangle of the first target of ACTION (any argument), or
    None."""
    for (a, _), rect in targets.items():
        if a == action:
            return rect
    return None


def wait_targets(kiosk, want, timeout=10, start=0):
    """The first targets line from START on that has a target of action
    WANT: (index, its rectangle)."""
    i, _, line = kiosk.wait_line(
        lambda l: find_target(targets_of(l) or {}, want) is not None,
        timeout, "a '%s' target" % want, start)
    return i, find_target(targets_of(line), want)


def wait_sync(kiosk, pred, timeout, what, start=0):
    """The first sync line from START on for which PRED(sync) holds:
    (index, sync)."""
    i, _, line = kiosk.wait_line(
        lambda l: sync_of(l) is not None and pred(sync_of(l)), timeout,
        what, start)
    return i, sync_of(line)


def decode_qr(path):
    r = subprocess.run(["zbarimg", "--quiet", "--raw", path],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       timeout=30)
    check(r.returncode == 0, "zbarimg found no QR code in " + path)
    codes = r.stdout.decode().split()
    check(len(codes) == 1, "one QR code", codes)
    return codes[0]


def run(test):
    """Runs TEST(world) with every process cleaned up; exits 0 or 1."""
    world = World(sys.argv)

    def on_signal(sig, frame):
        raise SystemExit("killed by signal %d" % sig)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    rc = 1
    try:
        msg = test(world)
        print("ok:", msg)
        rc = 0
    except Failure as e:
        print("FAIL:", e)
        for p in world.procs:
            if isinstance(p, Proc):
                print("---- %s (last lines) ----" % p.name)
                print(p.text()[-3000:])
    except Exception:  # noqa: BLE001 - any error is a failure
        traceback.print_exc()
    finally:
        world.cleanup()
    sys.exit(rc)

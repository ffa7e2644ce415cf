"""scripts/bench-kiosk's timings that need a line read as it arrives.

  kiosk_bench.py first-frame KIOSK FIXTURE NOW WxH RUNS
      starts the door RUNS times, windowed under SDL_VIDEODRIVER=offscreen
      with --trace, and times exec to its first "trace: targets" line
      (written right after the first frame is rendered); prints
      "first-frame-window WxH median=MS max=MS runs=N".
  kiosk_bench.py server-change PORTE_SERVER PORTE_ADMIN PORTE_KIOSK RUNS
      tests/e2e's world (demo database, real porte-server, enrolled door,
      the door in --server mode with --trace, here under offscreen): a
      staff booking made RUNS times (then cancelled), timed from just
      before the POST to the door's "trace: sync" line once it is drawn
      (both CLOCK_MONOTONIC); prints "server-change median=MS max=MS ..."
      and the same for the cancellations.
Every process it starts is stopped when it ends.
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import e2e  # noqa: E402


def first_frame(kiosk, fixture, now, size, runs):
    env = dict(os.environ)
    env["SDL_VIDEODRIVER"] = "offscreen"
    times = []
    for _ in range(runs):
        t0 = time.monotonic()
        p = e2e.Proc("porte-kiosk", [kiosk, "--state", fixture, "--now",
                                     now, "--windowed", "--size", size,
                                     "--trace"], env=env)
        try:
            _, t, _ = p.wait_line(
                lambda l: l.startswith("porte-kiosk: trace: targets"), 20,
                "the first frame")
            times.append((t - t0) * 1000)
        finally:
            p.stop(signal.SIGKILL)
    print("first-frame-window %s median=%.1f ms max=%.1f ms runs=%d" %
          (size, statistics.median(times), max(times), runs))


def armed(w, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if w.metric("porte_http_waiting") >= 1:
            return
        time.sleep(0.02)
    e2e.check(False, "the door's long-poll never waited on the server")


def timed(w, k, method, path, body, token, want, pred, what):
    armed(w)
    mark = k.mark()
    t0 = time.monotonic()
    status, reply = w.request(method, path, body, token=token)
    e2e.check(status == want, what, status, reply)
    _, s = e2e.wait_sync(k, lambda s: pred(s, reply), 5, what, mark)
    return (s[0] - t0) * 1000, reply


def server_change(w, runs):
    w.make_db()
    w.start_server()
    w.enroll()
    env = dict(w.env)
    env["SDL_VIDEODRIVER"] = "offscreen"
    k = e2e.Proc("porte-kiosk", w.kiosk_args(extra=["--windowed",
                                                   "--trace"]), env=env)
    w.procs.append(k)
    e2e.wait_sync(k, lambda s: s[1] and "24" in s[3], 10,
                  "the first schedule")
    token = w.staff_token()
    shown, gone = [], []
    for i in range(runs):
        # 12:30-13:30 in Paris is free between bookings 25 and 26.
        ms, reply = timed(
            w, k, "POST", "/api/v1/bookings",
            {"room": e2e.ROOM, "start": "2026-11-23T11:30:00Z",
             "end": "2026-11-23T12:30:00Z", "title": "Banc %d" % i},
            token, 201, lambda s, r: s[3].get(str(json.loads(r)["id"]))
            == "confirmed", "the booking on the door")
        shown.append(ms)
        bid = json.loads(reply)["id"]
        ms, _ = timed(w, k, "POST", "/api/v1/bookings/%d/cancel" % bid,
                      {"reason": "bench"}, token, 200,
                      lambda s, r: s[3].get(str(bid), "cancelled") ==
                      "cancelled", "the cancellation on the door")
        gone.append(ms)
    e2e.check(k.stop() == 0, "the door stops cleanly on SIGTERM")
    for name, v in (("server-change", shown), ("cancel-change", gone)):
        print("%s median=%.0f ms max=%.0f ms runs=%d all=%s" %
              (name, statistics.median(v), max(v), len(v),
               ",".join("%.0f" % x for x in v)))


def main():
    a = sys.argv[1:]
    if len(a) == 6 and a[0] == "first-frame":
        first_frame(a[1], a[2], a[3], a[4], int(a[5]))
        return 0
    if len(a) == 5 and a[0] == "server-change":
        w = e2e.World([sys.argv[0]] + a[1:4])
        signal.signal(signal.SIGTERM,
                      lambda s, f: sys.exit("killed by signal %d" % s))
        try:
            server_change(w, int(a[4]))
        except e2e.Failure as e:
            print("FAIL:", e, file=sys.stderr)
            for p in w.procs:
                if isinstance(p, e2e.Proc):
                    print(p.text()[-2000:], file=sys.stderr)
            return 1
        finally:
            w.cleanup()
        return 0
    sys.exit(__doc__)


sys.exit(main())

#!/usr/bin/python3
"""server.longpoll: the schedule's ETag, 304 on If-None-Match, and the
long-poll (&wait=N) woken by a change made by another request, or by the
server's own release, within 100 ms."""

import datetime
import threading
import time

from porte_test import check, eq, main, paris, with_env

M = datetime.timedelta(minutes=1)
PATH = "/api/v1/rooms/g1/schedule?date=2026-11-24"
TUE_10 = paris(2026, 11, 24, 10)


def etag_304(env):
    s = env.server
    r = s.get(PATH, token=env.devices["g1"])
    eq(r.status, 200, "first poll")
    etag = r.headers["etag"]
    r = s.get(PATH, token=env.devices["g1"],
              headers={"If-None-Match": etag})
    eq((r.status, r.body), (304, b""), "unchanged: 304, no body")
    eq(r.headers["etag"], etag, "304 carries the ETag")
    r = s.get(PATH, token=env.devices["g1"],
              headers={"If-None-Match": 'W/' + etag})
    eq(r.status, 304, "weak comparison")
    # Each view has its own tag.
    r = s.get(PATH, headers={"If-None-Match": etag})
    eq(r.status, 200, "anonymous view, door's tag")
    # Each date too.
    r = s.get(PATH.replace("24", "25"), token=env.devices["g1"],
              headers={"If-None-Match": etag})
    eq(r.status, 200, "another date")
    # A change of the room changes it.
    env.book("g1", TUE_10, 60)
    r = s.get(PATH, token=env.devices["g1"],
              headers={"If-None-Match": etag})
    eq(r.status, 200, "changed: 200")
    check(r.headers["etag"] != etag, "a new ETag")
    eq(len(r.json["bookings"]), 1, "the new booking")
    # A change of another room does not.
    etag = r.headers["etag"]
    env.book("g2", TUE_10, 60, email="marie.curie@univ.fr")
    r = s.get(PATH, token=env.devices["g1"],
              headers={"If-None-Match": etag})
    eq(r.status, 304, "another room changed")
    # Nor does a site-wide change leave it stale: a closure shows.
    env.admin("site", "close", "bu", "2026-11-24", "--note", "grève")
    r = s.get(PATH, token=env.devices["g1"],
              headers={"If-None-Match": etag})
    eq((r.status, r.json["open"]), (200, []), "closure")
    r = s.request("HEAD", PATH)
    eq((r.status, r.body), (200, b""), "HEAD")


def timed_poll(s, token, etag, wait, out):
    t0 = time.monotonic()
    r = s.get(PATH + "&wait=%d" % wait, token=token,
              headers={"If-None-Match": etag}, timeout=90)
    out.append((r, time.monotonic() - t0, time.monotonic()))


def woken_by_booking(env):
    s = env.server
    etag = s.get(PATH, token=env.devices["g1"]).headers["etag"]
    out = []
    th = threading.Thread(target=timed_poll,
                          args=(s, env.devices["g1"], etag, 30, out))
    th.start()
    wait_for_waiters(s, 1)
    time.sleep(0.2)
    check(not out, "still held before the change")
    t_sent = time.monotonic()
    r = env.book("g1", TUE_10, 60)
    t_done = time.monotonic()
    th.join(10)
    check(out, "the poll came back")
    reply, _, t_back = out[0]
    eq(reply.status, 200, "the held poll")
    eq([b["id"] for b in reply.json["bookings"]], [r.json["id"]],
       "with the new booking")
    check(reply.headers["etag"] != etag, "a new ETag")
    # Woken within 100 ms of the commit (which comes before the 201).
    print("woken %.1f ms after the 201" % ((t_back - t_done) * 1000))
    check(t_back - t_done < 0.1, "within 100 ms of the reply",
          t_back - t_done, t_done - t_sent)


def waiting(s, n=1):
    """True when at least N long-polls are held (porte_http_waiting)."""
    text = s.get("/metrics").body.decode()
    for line in text.splitlines():
        if line.startswith("porte_http_waiting "):
            return float(line.split()[1]) >= n
    raise AssertionError("no porte_http_waiting in /metrics")


def wait_for_waiters(s, n, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not waiting(s, n):
        time.sleep(0.02)
    check(waiting(s, n), "%d polls held" % n)


def times_out(env):
    s = env.server
    r = s.get(PATH, token=env.devices["g1"])
    etag = r.headers["etag"]
    out = []
    timed_poll(s, env.devices["g1"], etag, 1, out)
    reply, took, _ = out[0]
    eq(reply.status, 304, "nothing changed in 1 s: 304")
    check(0.9 <= took < 3, "held about 1 s", took)
    # wait=0 answers at once.
    out = []
    timed_poll(s, env.devices["g1"], etag, 0, out)
    eq(out[0][0].status, 304, "wait=0")
    check(out[0][1] < 0.5, "at once", out[0][1])
    # A change to another room does not wake it.
    out = []
    th = threading.Thread(target=timed_poll,
                          args=(s, env.devices["g1"], etag, 2, out))
    th.start()
    wait_for_waiters(s, 1)
    env.book("g2", TUE_10, 60)
    th.join(10)
    eq(out[0][0].status, 304, "another room's change")
    check(out[0][1] >= 1.9, "held to its end", out[0][1])
    eq(s.get(PATH + "&wait=-1").status, 400, "wait=-1")
    eq(s.get(PATH + "&wait=x").status, 400, "wait=x")



def woken_by_release(env):
    """The server releases a no-show by itself: a door waiting on the
    room learns it at once."""
    s = env.server
    start = paris(2026, 11, 23, 10)
    bid, _ = env.confirmed("g1", start, 60)
    path = "/api/v1/rooms/g1/schedule?date=2026-11-23"
    env.set_clock(start + 14 * M)
    r = s.get(path, token=env.devices["g1"])
    etag = r.headers["etag"]
    eq(r.json["bookings"][0]["status"], "confirmed", "before")
    out = []

    def poll():
        t0 = time.monotonic()
        x = s.get(path + "&wait=30", token=env.devices["g1"],
                  headers={"If-None-Match": etag}, timeout=60)
        out.append((x, time.monotonic() - t0))

    th = threading.Thread(target=poll)
    th.start()
    wait_for_waiters(s, 1)
    t0 = time.monotonic()
    env.set_clock(start + 15 * M)
    th.join(10)
    check(out, "the poll came back")
    eq(out[0][0].status, 200, "woken")
    eq(out[0][0].json["bookings"][0]["status"], "released", "released")
    check(time.monotonic() - t0 < 1.5, "soon after the clock moved",
          time.monotonic() - t0)
    del bid


def many_waiters(env):
    """200 doors wait on one room; one booking wakes them all."""
    s = env.server
    etag = s.get(PATH).headers["etag"]
    out = []
    threads = [threading.Thread(target=timed_poll,
                                args=(s, None, etag, 30, out))
               for _ in range(200)]
    for t in threads:
        t.start()
    wait_for_waiters(s, 200)
    env.book("g1", TUE_10, 60)
    for t in threads:
        t.join(20)
    eq(len(out), 200, "every poll came back")
    eq(sorted(set(r.status for r, _, _ in out)), [200], "all woken")


TESTS = [
    ("etag_304", with_env(etag_304)),
    ("woken_by_booking", with_env(woken_by_booking)),
    ("times_out", with_env(times_out)),
    ("woken_by_release", with_env(woken_by_release)),
    ("many_waiters", with_env(many_waiters)),
]

if __name__ == "__main__":
    main(TESTS)

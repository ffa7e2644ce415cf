#!/usr/bin/python3
"""server.kill: nothing acknowledged is lost when the server is killed
(kill -9) right after its replies; and it starts again on the same
database."""

import datetime
import threading
import time
import uuid

from porte_test import Server, check, eq, iso, main, paris, with_env

M = datetime.timedelta(minutes=1)
TUE = paris(2026, 11, 24, 8)


def kill_after_201(env):
    s = env.server
    acked = []
    # Bookings one after another; the kill lands right after the last 201.
    for i in range(20):
        start = TUE + datetime.timedelta(minutes=30 * i)
        r = s.post("/api/v1/bookings",
                   {"room": "g1" if i < 12 else "g2", "start": iso(start),
                    "end": iso(start + 30 * M),
                    "email": "p%02d.q@univ.fr" % i})
        eq(r.status, 201, "booking %d" % i)
        acked.append(r.json["id"])
    s.kill9()
    rows = env.sql("SELECT id, status FROM bookings ORDER BY id")
    eq([r[0] for r in rows], acked, "every acknowledged booking is there")
    env.server = Server(env.server_bin, env.db, env.clock).start()
    env.login_all()
    for bid in acked:
        eq(env.status(bid), "pending", "booking %d after the restart" % bid)


def kill_under_load(env):
    """Doors send check-ins while the server is killed: every event whose
    reply came back is in the database, and a repeat after the restart
    changes nothing."""
    s = env.server
    start = paris(2026, 11, 23, 10)
    ids = []
    for i in range(8):
        st = start + datetime.timedelta(minutes=30 * i)
        bid, _ = env.confirmed("g1", st, 30, email="p%d.q@univ.fr" % i)
        ids.append((bid, st))
    env.set_clock(start + 7 * 30 * M)
    acked = []
    stop = threading.Event()

    def door():
        for bid, st in ids:
            if stop.is_set():
                return
            ev = {"key": str(uuid.uuid4()), "type": "checkin",
                  "booking": bid, "at": iso(st + M)}
            try:
                r = s.post("/api/v1/events", {"events": [ev]},
                           token=env.devices["g1"], timeout=5)
            except OSError:
                return
            if r.status == 200:
                acked.append((ev, r.json["results"][0]))

    th = threading.Thread(target=door)
    th.start()
    while len(acked) < 4 and th.is_alive():
        time.sleep(0.001)
    s.kill9()
    stop.set()
    th.join(10)
    check(len(acked) >= 4, "some acknowledged", len(acked))
    env.server = Server(env.server_bin, env.db, env.clock).start()
    env.login_all()
    for ev, res in acked:
        r = env.server.post("/api/v1/events", {"events": [ev]},
                            token=env.devices["g1"])
        eq(r.json["results"][0]["status"], res["status"],
           "the same answer after the restart")
        check(env.sql("SELECT count(*) FROM events WHERE booking_id = ?"
                      " AND kind = 'checkin'", ev["booking"])[0][0] == 1,
              "one check-in", ev)


TESTS = [
    ("kill_after_201", with_env(kill_after_201)),
    ("kill_under_load", with_env(kill_under_load)),
]

if __name__ == "__main__":
    main(TESTS)

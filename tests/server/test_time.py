#!/usr/bin/python3
"""server.time: what time alone does, on the server, without any door
display: a no-show is released at start + 15:00 (not at 14:59), a web
booking not confirmed within 2 h is cancelled, a checked-in booking ends
at its end; and the worker catches up at start-up. The clock is the test
clock file, moved without waiting."""

import datetime
import time

from porte_test import Server, check, eq, main, paris, with_env

M = datetime.timedelta(minutes=1)
S = datetime.timedelta(seconds=1)
H = datetime.timedelta(hours=1)
START = paris(2026, 11, 23, 10)


def release_at_15(env):
    s = env.server
    bid, _ = env.confirmed("g1", START, 60)
    # 14:59 after the start: still confirmed, still open to check-in.
    env.set_clock(START + 14 * M + 59 * S)
    time.sleep(0.6)  # three looks of the worker at the clock file
    eq(env.status(bid), "confirmed", "at 14:59")
    # 15:00: released by the server within a few seconds.
    env.set_clock(START + 15 * M)
    took = env.wait_status(bid, "released", timeout=4)
    check(took < 3, "released within its tick", took)
    r = s.get("/api/v1/bookings/%d" % bid, token=env.tokens["desk"])
    eq(r.json["closed_at"], "2026-11-23T09:15:00Z", "at the deadline")
    eq([e["kind"] for e in r.json["events"]], ["create", "release"],
       "one release event")
    eq(r.json["events"][1]["actor"], "system", "by the system")
    # Too late for the door now.
    r = s.post("/api/v1/bookings/%d/checkin" % bid,
               token=env.devices["g1"])
    eq((r.status, r.error_code()), (422, "checkin_window"),
       "check-in after the release")


def checkin_at_1459(env):
    """A door that checks in at 14:59 keeps the booking."""
    s = env.server
    bid, _ = env.confirmed("g2", START, 60)
    env.set_clock(START + 14 * M + 59 * S)
    r = s.post("/api/v1/bookings/%d/checkin" % bid, token=env.devices["g2"])
    eq((r.status, r.json["status"]), (200, "checked_in"), "14:59")
    env.set_clock(START + 16 * M)
    time.sleep(0.6)
    eq(env.status(bid), "checked_in", "not released")
    # It ends by itself at its end.
    env.set_clock(START + H)
    env.wait_status(bid, "ended", timeout=4)
    r = s.get("/api/v1/bookings/%d" % bid, token=env.tokens["desk"])
    eq(r.json["closed_at"], "2026-11-23T10:00:00Z", "ended at the end")


def confirm_within_2h(env):
    s = env.server
    created = env.now
    r = env.book("g1", paris(2026, 11, 24, 10), 60)
    bid = r.json["id"]
    _, token = env.mail_token("jean.dupont@univ.fr")
    r2 = env.book("g2", paris(2026, 11, 24, 10), 60,
                  email="marie.curie@univ.fr")
    bid2 = r2.json["id"]
    _, token2 = env.mail_token("marie.curie@univ.fr")
    # One minute before the deadline: confirmable, and it stays.
    env.set_clock(created + 2 * H - M)
    time.sleep(0.6)
    eq(env.status(bid), "pending", "at 1:59")
    r = s.post("/api/v1/bookings/%d/confirm" % bid2, token=token2)
    eq((r.status, r.json["status"]), (200, "confirmed"), "confirmed")
    # At 2 h: the other is cancelled by the server.
    env.set_clock(created + 2 * H)
    env.wait_status(bid, "cancelled", timeout=4)
    eq(env.status(bid2), "confirmed", "the confirmed one stays")
    r = s.post("/api/v1/bookings/%d/confirm" % bid, token=token)
    eq((r.status, r.error_code()), (409, "bad_state"), "too late")
    r = s.get("/api/v1/rooms/g1/schedule?date=2026-11-24")
    eq(r.json["bookings"], [], "the slot is free again")
    env.book("g1", paris(2026, 11, 24, 10), 60, email="paul.durand@univ.fr")


def catch_up_at_start(env):
    """Stopped during the deadline: the server releases at start-up."""
    bid, _ = env.confirmed("g1", START, 60)
    env.server.stop()
    env.set_clock(START + 20 * M)
    env.server = Server(env.server_bin, env.db, env.clock).start()
    env.login_all()
    took = env.wait_status(bid, "released", timeout=3)
    check(took < 1, "at once", took)


TESTS = [
    ("release_at_15", with_env(release_at_15)),
    ("checkin_at_1459", with_env(checkin_at_1459)),
    ("confirm_within_2h", with_env(confirm_within_2h)),
    ("catch_up_at_start", with_env(catch_up_at_start)),
]

if __name__ == "__main__":
    main(TESTS)

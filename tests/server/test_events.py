#!/usr/bin/python3
"""server.events: the door's outbox (POST /api/v1/events). Each event is
applied once by its key: a key seen before returns its first result and
changes nothing; one bad event never blocks the others; actions taken
offline are judged at their own time."""

import datetime
import uuid

from porte_test import check, eq, iso, main, paris, with_env

M = datetime.timedelta(minutes=1)
H = datetime.timedelta(hours=1)
START = paris(2026, 11, 23, 10)


def key():
    return str(uuid.uuid4())


def send(env, events, room="g1", want=200):
    r = env.server.post("/api/v1/events", {"events": events},
                        token=env.devices[room])
    eq(r.status, want, "POST /api/v1/events %r" % r)
    return r.json.get("results") if want == 200 else r


def count_events(env, bid, kind):
    return env.sql("SELECT count(*) FROM events WHERE booking_id = ? AND"
                   " kind = ?", bid, kind)[0][0]


def same_key_twice(env):
    bid, _ = env.confirmed("g1", START, 60)
    bid2, _ = env.confirmed("g2", START, 60, email="marie.curie@univ.fr")
    env.set_clock(START + 2 * M)
    ev = {"key": key(), "type": "checkin", "booking": bid,
          "at": iso(START + M)}
    first = send(env, [ev])[0]
    eq(first["status"], "applied", "applied")
    eq(first["booking"]["status"], "checked_in", "checked in")
    eq(first["booking"]["checked_in_at"], iso(START + M),
       "at the door's time")
    before = env.dump()
    again = send(env, [ev])[0]
    eq(again, first, "the same result")
    eq(env.dump(), before, "nothing changed")
    eq(count_events(env, bid, "checkin"), 1, "one check-in event")
    # The same key with another body: still the first result.
    other = dict(ev, type="end", at=iso(START + 3 * M))
    other.pop("booking")
    other["booking"] = bid
    eq(send(env, [other])[0]["status"], "applied", "first result")
    eq(env.status(bid), "checked_in", "not ended")
    # A refused event's key answers the same refusal.
    ev2 = {"key": key(), "type": "checkin", "booking": bid,
           "at": iso(START + 2 * M)}
    r1 = send(env, [ev2])[0]
    eq((r1["status"], r1["code"]), ("refused", "bad_state"), "refused")
    eq(send(env, [ev2])[0], r1, "the same refusal")
    # Keys are per door: another door's same key is its own.
    ev3 = dict(ev, booking=bid2)
    eq(send(env, [ev3], room="g2")[0]["status"], "applied", "other door")


def batch(env):
    b1, _ = env.confirmed("g1", START, 60)
    b2, _ = env.confirmed("g2", START, 60, email="marie.curie@univ.fr")
    env.set_clock(START + 5 * M)
    events = [
        {"key": key(), "type": "checkin", "booking": b1,
         "at": iso(START + M)},
        {"key": key(), "type": "checkin", "booking": b1, "at": "yesterday"},
        {"key": key(), "type": "checkin", "booking": b2,
         "at": iso(START + 2 * M)},
        {"key": key(), "type": "extend", "booking": b1,
         "at": iso(START + 3 * M), "new_end": iso(START + 90 * M)},
        {"key": key(), "type": "checkin", "booking": 999999,
         "at": iso(START + 3 * M)},
        {"key": key(), "type": "end", "booking": b1,
         "at": iso(START + 4 * M)},
    ]
    res = send(env, events)
    eq(len(res), 6, "one result per event")
    eq([r["key"] for r in res], [e["key"] for e in events], "in order")
    eq([r["status"] for r in res],
       ["applied", "refused", "refused", "applied", "refused", "applied"],
       "statuses")
    eq(res[1]["code"], "bad_request", "a bad event alone")
    check("at" in res[1]["message"], "names the field", res[1])
    eq(res[2]["code"], "forbidden", "another room's booking")
    check("booking" not in res[2], "nothing of another room", res[2])
    eq(res[3]["booking"]["end"], iso(START + 90 * M), "extended")
    eq(res[4]["code"], "not_found", "no such booking")
    eq(res[5]["booking"]["status"], "ended", "ended")
    eq(env.status(b2), "confirmed", "b2 untouched")
    # The bare array is taken too.
    r = env.server.post("/api/v1/events", [], token=env.devices["g1"])
    eq((r.status, r.json), (200, {"results": []}), "empty list")


def walk_in_and_release(env):
    bid, _ = env.confirmed("g2", START, 60, email="marie.curie@univ.fr")
    env.set_clock(START + 7 * M)
    ev = {"key": key(), "type": "walk_in", "at": iso(START + 5 * M),
          "start": iso(START), "end": iso(START + 2 * H)}
    r = send(env, [ev])[0]
    eq(r["status"], "applied", "walk-in")
    eq((r["booking"]["status"], r["booking"]["start"]),
       ("checked_in", iso(START)), "checked in from the grid")
    eq(send(env, [ev])[0], r, "a repeated walk-in makes one booking")
    eq(env.sql("SELECT count(*) FROM bookings WHERE walk_in = 1")[0][0], 1,
       "one walk-in")
    # A door releases a no-show at the deadline (offline), not before.
    env.set_clock(START + 14 * M)
    r = send(env, [{"key": key(), "type": "release", "booking": bid,
                    "at": iso(START + 14 * M)}], room="g2")[0]
    eq((r["status"], r["code"]), ("refused", "checkin_window"), "early")
    eq(env.status(bid), "confirmed", "still confirmed")


def late_checkin(env):
    """Checked in offline at 10:14, delivered at 10:40 after the server's
    release: it counts (the slot was not booked again)."""
    bid, _ = env.confirmed("g1", START, 60)
    b2, _ = env.confirmed("g2", START, 60, email="marie.curie@univ.fr")
    env.set_clock(START + 15 * M)
    env.wait_status(bid, "released")
    env.set_clock(START + 40 * M)
    r = send(env, [{"key": key(), "type": "checkin", "booking": bid,
                    "at": iso(START + 14 * M)}])[0]
    eq(r["status"], "applied", "the late check-in counts")
    eq(r["booking"]["status"], "checked_in", "checked in again")
    eq(r["booking"]["checked_in_at"], iso(START + 14 * M), "at 10:14")
    # Made after the deadline: refused.
    env.wait_status(b2, "released")
    r = send(env, [{"key": key(), "type": "checkin", "booking": b2,
                    "at": iso(START + 15 * M)}], room="g2")[0]
    eq((r["status"], r["code"]), ("refused", "checkin_window"), "15:00")
    # From the future: refused.
    r = send(env, [{"key": key(), "type": "end", "booking": bid,
                    "at": iso(START + 3 * H)}])[0]
    eq((r["status"], r["code"]), ("refused", "invalid_time"), "future")


def staff_events(env):
    s = env.server
    b1, _ = env.confirmed("g1", START, 60)
    b2, _ = env.confirmed("g1", START + H, 60, email="marie.curie@univ.fr")
    env.set_clock(START - 30 * M)
    pin = s.post("/api/v1/sessions", {"pin": "111111"},
                 token=env.devices["g1"]).json["token"]
    web = env.tokens["desk"]
    other = s.post("/api/v1/sessions", {"pin": "222222"},
                   token=env.devices["g2"]).json["token"]
    at = START - 29 * M
    # The PIN session expires (15 min) before the door is back online.
    env.set_clock(START - 5 * M)
    res = send(env, [
        {"key": key(), "type": "staff_remove", "booking": b1, "at": iso(at),
         "reason": "asked at the desk", "staff": pin},
        {"key": key(), "type": "cancel", "booking": b2, "at": iso(at),
         "staff": "not-a-session"},
        {"key": key(), "type": "cancel", "booking": b2, "at": iso(at),
         "staff": other},
        {"key": key(), "type": "cancel", "booking": b2,
         "at": iso(START - 10 * M), "staff": pin},
        {"key": key(), "type": "cancel", "booking": b2, "at": iso(at),
         "staff": web},
    ])
    eq(res[0]["status"], "applied", "removed in the PIN session")
    eq(res[0]["booking"]["status"], "removed", "removed")
    eq(res[1]["code"], "unauthorized", "not a session")
    eq(res[2]["code"], "unauthorized", "another door's PIN session")
    eq(res[3]["code"], "unauthorized", "after the session's end")
    eq(res[4]["status"], "applied", "a web session of the site")
    eq(env.status(b2), "cancelled", "cancelled")
    r = send(env, [{"key": key(), "type": "staff_remove", "booking": b2,
                    "at": iso(at)}], want=200)[0]
    eq(r["code"], "bad_request", "staff_remove needs staff")


def checkin_code(env):
    s = env.server
    env.admin("rule", "set", "--room", "g1", "checkin_code", "on")
    bid, _ = env.confirmed("g1", START, 60)
    code = s.get("/api/v1/bookings/%d" % bid,
                 token=env.tokens["desk"]).json["code"]
    env.set_clock(START)
    wrong = "0000" if code != "0000" else "1111"
    r = send(env, [{"key": key(), "type": "checkin", "booking": bid,
                    "at": iso(START), "code": wrong}])[0]
    eq((r["status"], r["code"]), ("refused", "bad_code"), "wrong code")
    r = send(env, [{"key": key(), "type": "checkin", "booking": bid,
                    "at": iso(START), "code": code}])[0]
    eq(r["status"], "applied", "right code")


def who_may(env):
    s = env.server
    body = {"events": []}
    eq(s.post("/api/v1/events", body).status, 401, "anonymous")
    eq(s.post("/api/v1/events", body, token=env.tokens["super"]).status,
       403, "staff")
    eq(s.post("/api/v1/events", {"events": {}},
              token=env.devices["g1"]).status, 400, "not a list")
    eq(s.post("/api/v1/events", {"events": [], "x": 1},
              token=env.devices["g1"]).status, 400, "unknown field")
    eq(s.post("/api/v1/events", {"events": [{"type": "end"}]},
              token=env.devices["g1"]).status, 400, "no key")
    many = [{"key": key(), "type": "end", "booking": 1,
             "at": iso(START)}] * 501
    eq(s.post("/api/v1/events", many, token=env.devices["g1"]).status, 400,
       "501 events")


TESTS = [
    ("same_key_twice", with_env(same_key_twice)),
    ("batch", with_env(batch)),
    ("walk_in_and_release", with_env(walk_in_and_release)),
    ("late_checkin", with_env(late_checkin)),
    ("staff_events", with_env(staff_events)),
    ("checkin_code", with_env(checkin_code)),
    ("who_may", with_env(who_may)),
]

if __name__ == "__main__":
    main(TESTS)

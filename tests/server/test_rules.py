#!/usr/bin/python3
"""server.rules: every rule of the core that the API can reach comes back
with its code: 422 for a rule, 409 for a conflict with other bookings or
with the booking's state, 403 for an actor that may not; and the database
is left as it was."""

import datetime

from porte_test import check, eq, iso, main, paris, with_env

M = datetime.timedelta(minutes=1)
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)
TUE_10 = paris(2026, 11, 24, 10)


def refused(env, status, code, method_path, body=None, token=None):
    before = env.dump()
    r = env.server.post(method_path, body, token=token)
    eq((r.status, r.error_code()), (status, code), "%s %r" % (code, r))
    check(r.json["error"]["message"], "a message for people")
    eq(env.dump(), before, code + ": the database did not change")
    return r


def booking(room, start, end, email="jean.dupont@univ.fr", **kw):
    body = {"room": room, "start": start if isinstance(start, str)
            else iso(start), "end": end if isinstance(end, str)
            else iso(end)}
    if email is not None:
        body["email"] = email
    body.update(kw)
    return body


def create_rules(env):
    p = "/api/v1/bookings"
    refused(env, 422, "granularity", p,
            booking("g1", TUE_10 + 10 * M, TUE_10 + 70 * M))
    # lab: a 15-minute grid, 30 minutes at least.
    env.admin("rule", "set", "--room", "lab", "min_duration", "30")
    refused(env, 422, "min_duration", p,
            booking("lab", TUE_10, TUE_10 + 15 * M))
    refused(env, 422, "max_duration", p,
            booking("g1", TUE_10, TUE_10 + 150 * M))
    refused(env, 422, "too_far_ahead", p,
            booking("g1", TUE_10 + 40 * D, TUE_10 + 40 * D + H))
    refused(env, 422, "in_the_past", p,
            booking("g1", TUE_10 - 2 * D, TUE_10 - 2 * D + H))
    refused(env, 422, "outside_opening_hours", p,
            booking("g1", paris(2026, 11, 24, 19, 30),
                    paris(2026, 11, 24, 20, 30)))
    refused(env, 422, "closed_day", p,
            booking("g1", paris(2026, 11, 29, 10), paris(2026, 11, 29, 11)))
    env.admin("site", "close", "bu", "2026-11-25", "--note", "grève")
    refused(env, 422, "closed_day", p,
            booking("g1", paris(2026, 11, 25, 10), paris(2026, 11, 25, 11)))
    refused(env, 422, "email_domain", p,
            booking("g1", TUE_10, TUE_10 + H, email="jean@gmail.com"))
    refused(env, 422, "invalid_email", p,
            booking("g1", TUE_10, TUE_10 + H, email="not-an-address"))
    refused(env, 422, "internal_room", p,
            booking("train", TUE_10, TUE_10 + H))
    refused(env, 422, "invalid_time", p,
            booking("g1", TUE_10 + H, TUE_10))
    refused(env, 422, "invalid_time", p,
            booking("g1", TUE_10, TUE_10))
    # A local time the clocks skip, and one they repeat.
    refused(env, 422, "invalid_time", p,
            booking("g1", "2026-03-29T02:30", "2026-03-29T03:30"))
    refused(env, 422, "invalid_time", p,
            booking("g1", "2026-03-29T02:30:00+01:00",
                    "2026-03-29T04:00:00+02:00"))
    refused(env, 422, "invalid_time", p,
            booking("g1", "2026-10-25T02:30", "2026-10-25T04:00"))
    # Conflicts with other bookings: 409.
    env.book("g1", TUE_10, 60)
    refused(env, 409, "overlap", p,
            booking("g1", TUE_10 + 30 * M, TUE_10 + 90 * M,
                    email="marie.curie@univ.fr"))
    for i in range(3):
        env.book("shop", TUE_10, 60, email="p%d.q@univ.fr" % i)
    refused(env, 409, "capacity_full", p,
            booking("shop", TUE_10, TUE_10 + H, email="p9.q@univ.fr"))
    # Quotas: 2 h a day, 4 h a month, per e-mail, across rooms.
    env.book("g2", TUE_10 + 2 * H, 60)
    refused(env, 422, "daily_quota", p,
            booking("meet", TUE_10 + 4 * H, TUE_10 + 4 * H + 30 * M))
    env.book("g1", paris(2026, 11, 26, 10), 120)
    refused(env, 422, "monthly_quota", p,
            booking("g1", paris(2026, 11, 27, 10),
                    paris(2026, 11, 27, 10, 30)))
    # The walk-in switch.
    env.admin("rule", "set", "--room", "g2", "walk_in", "off")
    refused(env, 422, "walk_in_disabled", p, {"room": "g2", "walk_in": True},
            token=env.devices["g2"])


def action_rules(env):
    s = env.server
    start = paris(2026, 11, 23, 10)
    pending = env.book("g2", start, 60).json["id"]
    bid, tok = env.confirmed("g1", start, 60, email="marie.curie@univ.fr")
    path = "/api/v1/bookings/%d/" % bid
    env.set_clock(start - 11 * M)
    refused(env, 422, "checkin_window", path + "checkin",
            token=env.devices["g1"])
    env.set_clock(start - 10 * M)
    refused(env, 409, "not_confirmed", "/api/v1/bookings/%d/checkin" %
            pending, token=env.devices["g2"])
    refused(env, 403, "not_allowed", path + "confirm",
            token=env.devices["g1"])
    refused(env, 409, "bad_state", path + "confirm", token=tok)
    refused(env, 422, "reason_required", path + "remove",
            {"reason": ""}, token=env.tokens["desk"])
    refused(env, 422, "granularity", path + "extend",
            {"end": iso(start + 70 * M)}, token=env.tokens["desk"])
    refused(env, 422, "max_duration", path + "extend",
            {"end": iso(start + 150 * M)}, token=env.tokens["desk"])
    refused(env, 422, "invalid_time", path + "extend",
            {"end": iso(start + 30 * M)}, token=env.tokens["desk"])
    env.book("g1", start + H, 60, email="paul.durand@univ.fr")
    refused(env, 409, "overlap", path + "extend",
            {"end": iso(start + 90 * M)}, token=env.tokens["desk"])
    r = s.post(path + "checkin", token=env.devices["g1"])
    eq(r.status, 200, "check-in at start - 10 min")


def outbox_rules(env):
    """Through the door's outbox: slot_rebooked (a late offline check-in
    whose slot was booked again) and the event's own codes."""
    s = env.server
    start = paris(2026, 11, 23, 10)
    bid, _ = env.confirmed("g1", start, 60)
    env.set_clock(start + 15 * M)
    # The server releases it at 10:15; a walk-in takes the room.
    env.wait_status(bid, "released")
    env.set_clock(start + 20 * M)
    r = s.post("/api/v1/bookings", {"room": "g1", "walk_in": True},
               token=env.tokens["desk"])
    eq(r.status, 201, "walk-in on the released slot")
    ev = {"key": "6f1c1a52-36c1-4c8e-9f55-0a4e3a6c2f01", "type": "checkin",
          "booking": bid, "at": iso(start + 14 * M)}
    r = s.post("/api/v1/events", {"events": [ev]}, token=env.devices["g1"])
    eq(r.status, 200, "events")
    res = r.json["results"][0]
    eq((res["status"], res["code"]), ("refused", "slot_rebooked"),
       "a late check-in lost to a walk-in")
    eq(res["booking"]["status"], "released", "still released")


TESTS = [
    ("create_rules", with_env(create_rules)),
    ("action_rules", with_env(action_rules)),
    ("outbox_rules", with_env(outbox_rules)),
]

if __name__ == "__main__":
    main(TESTS)

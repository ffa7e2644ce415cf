#!/usr/bin/python3
"""server.race: two bookings of one room never overlap, however many
requests race for it."""

import datetime

from porte_test import check, eq, iso, main, paris, parallel, with_env

SLOT = paris(2026, 11, 24, 10)
N = 50


def fifty_patrons(env):
    s = env.server

    def one(i):
        body = {"room": "g1", "start": iso(SLOT),
                "end": iso(SLOT + datetime.timedelta(hours=1)),
                "email": "patron%02d.x@univ.fr" % i}
        return s.post("/api/v1/bookings", body)

    replies = parallel(N, one)
    for r in replies:
        check(not isinstance(r, Exception), "a reply", r)
    won = [r for r in replies if r.status == 201]
    lost = [r for r in replies if r.status != 201]
    eq(len(won), 1, "exactly one 201")
    eq(len(lost), N - 1, "the others")
    for r in lost:
        eq((r.status, r.error_code()), (409, "overlap"), "a loser")
    rows = env.sql("SELECT count(*) FROM bookings b JOIN rooms r"
                   " ON r.id = b.room_id WHERE r.slug = 'g1'")
    eq(rows[0][0], 1, "one booking stored")
    sched = s.get("/api/v1/rooms/g1/schedule?date=2026-11-24").json
    eq([b["id"] for b in sched["bookings"]], [won[0].json["id"]],
       "the schedule shows the winner")


def overlapping_shapes(env):
    """Staff, patrons and a door race with different but overlapping
    slots: at most one holds any instant."""
    s = env.server
    env.set_clock(paris(2026, 11, 24, 9, 55))
    env.login_all()  # the sessions of yesterday have ended

    def one(i):
        if i == 0:
            return s.post("/api/v1/bookings", {"room": "g2",
                                               "walk_in": True},
                          token=env.devices["g2"])
        start = SLOT + datetime.timedelta(minutes=30 * (i % 4))
        body = {"room": "g2", "start": iso(start),
                "end": iso(start + datetime.timedelta(minutes=60)),
                "email": "racer%02d.x@univ.fr" % i}
        token = env.tokens["desk"] if i % 2 else None
        return s.post("/api/v1/bookings", body, token=token)

    replies = parallel(N, one)
    for r in replies:
        check(not isinstance(r, Exception), "a reply", r)
        check(r.status in (201, 409), "201 or 409", r,
              s.stderr()[-3000:])
    spans = sorted((r.json["start"], r.json["end"]) for r in replies
                   if r.status == 201)
    check(spans, "someone won")
    for a, b in zip(spans, spans[1:]):
        check(a[1] <= b[0], "no overlap", a, b)


TESTS = [
    ("fifty_patrons", with_env(fifty_patrons)),
    ("overlapping_shapes", with_env(overlapping_shapes)),
]

if __name__ == "__main__":
    main(TESTS)

#!/usr/bin/python3
"""tests/bench/stats_year.py: a year of bookings for the statistics'
benchmark (scripts/bench-stats), written straight into a porte database
that porte-admin made (init, the sites): rooms, bookings and their event
log, as porte-server itself writes them (sync/store/store_booking.c: the
same tables, kinds, actors and times).

    stats_year.py --db FILE --sites SLUG,SLUG... --rooms 300 --days 365
                  --end 2026-11-30 [--per-day 5] [--seed 1]

The rooms (slugs SITE-001...) are spread over the sites (already made,
Europe/Paris), after whatever the database holds. Each
room is open Monday to Friday 08:00-20:00 and Saturday 09:00-13:00
(local); a room's day holds about PER-DAY bookings on open weekdays (half
on Saturdays) of 1 h, 1 h 30 or 2 h on the 30-minute grid, never
overlapping. Of the bookings: patrons' (created, then confirmed), staff's
(created confirmed) and walk-ins at the door (created checked in). Their
fate: checked in (most; some end early), released at start + 15 min (a
no-show: the sweeper's 'release'), cancelled before the start, removed by
staff after it, or left pending and expired. About half of the released
slots are taken again by a walk-in a few minutes after the release
(reclaimed time). Prints one line: "rooms=N bookings=N events=N".
"""
import argparse
import datetime
import random
import sqlite3
import zoneinfo

GRID = 1800


def parse_args():
    a = argparse.ArgumentParser()
    a.add_argument("--db", required=True)
    a.add_argument("--sites", required=True)
    a.add_argument("--rooms", type=int, default=300)
    a.add_argument("--days", type=int, default=365)
    a.add_argument("--end", required=True, help="last local date, included")
    a.add_argument("--per-day", type=float, default=5.0)
    a.add_argument("--seed", type=int, default=1)
    return a.parse_args()


def add_rooms(db, sites, n, now):
    ids = {s: db.execute("SELECT id FROM sites WHERE slug = ?",
                         (s,)).fetchone()[0] for s in sites}
    rooms = []
    for i in range(n):
        site = sites[i % len(sites)]
        k = i // len(sites) + 1
        meeting = i % 7 == 3
        slug = "%s-%03d" % (site, k)
        name = ("Salle de réunion %d" if meeting else
                "Salle de groupe %d") % k
        cur = db.execute(
            "INSERT INTO rooms(slug, site_id, name, kind, capacity,"
            " created_at) VALUES (?, ?, ?, ?, 1, ?)",
            (slug, ids[site], name, "meeting" if meeting else "group", now))
        rooms.append(cur.lastrowid)
    return rooms


def open_hours(day):
    wd = day.weekday()
    if wd < 5:
        return 8, 20
    if wd == 5:
        return 9, 13
    return None


class Log:
    """Rows for the two tables, booking ids given here (after the
    database's own)."""

    def __init__(self, next_id):
        self.next_id = next_id
        self.bookings = []
        self.events = []

    def booking(self, room, start, end, status, created, creator, walk_in,
                checked_in=0, closed=0):
        bid = self.next_id
        self.next_id += 1
        self.bookings.append((bid, room, start, end, status, "0000", created,
                              checked_in, closed, creator, 1 if walk_in
                              else 0))
        return bid

    def event(self, bid, room, kind, actor, at, start=None, end=None):
        self.events.append((bid, room, kind, actor, at, at, start, end))


def one_booking(log, rnd, room, start, end):
    """A booking of [START, END) with its fate; returns the released
    instant when it was released (a no-show), else None."""
    lead = rnd.choice((600, 3600, 86400, 3 * 86400, 7 * 86400))
    created = start - lead - rnd.randrange(120, 600)
    who = rnd.random()
    fate = rnd.random()
    if who < 0.08:
        # A walk-in at the door: created checked in, at its start.
        bid = log.booking(room, start, end, "ended", start, "device", True,
                          start, end)
        log.event(bid, room, "create", "device", start, start, end)
        log.event(bid, room, "end", "system", end)
        return None
    creator = "patron" if who < 0.68 else "staff"
    if creator == "patron" and fate < 0.02:
        # Never confirmed: expired two hours after it was made.
        bid = log.booking(room, start, end, "cancelled", created, creator,
                          False, 0, created + 7200)
        log.event(bid, room, "create", "patron", created, start, end)
        log.event(bid, room, "expire", "system", created + 7200)
        return None
    status = "confirmed"
    events = [("create", creator, created, start, end)]
    if creator == "patron":
        events.append(("confirm", "patron",
                       created + rnd.randrange(30, 120), None, None))
    if fate < 0.10:
        at = start - rnd.randrange(600, max(601, lead))
        at = max(at, events[-1][2] + 1)
        events.append(("cancel", creator, at, None, None))
        status, checked, closed = "cancelled", 0, at
        released = None
    elif fate < 0.27:
        at = start + 900
        events.append(("release", "system", at, None, None))
        status, checked, closed = "released", 0, at
        released = at
    elif fate < 0.29:
        at = start + rnd.randrange(60, 840)
        events.append(("remove", "staff", at, None, None))
        status, checked, closed = "removed", 0, at
        released = None
    else:
        checked = start + rnd.randrange(-600, 720)
        events.append(("checkin", "device", checked, None, None))
        if rnd.random() < 0.2:
            closed = rnd.randrange(max(checked, start) + 600, end)
            closed -= closed % 300
            closed = max(closed, checked + 60)
        else:
            closed = end
        events.append(("end", "device" if closed < end else "system",
                       closed, None, None))
        status = "ended"
        released = None
    bid = log.booking(room, start, end, status, created, creator, False,
                      checked, closed)
    for kind, actor, at, s, e in events:
        log.event(bid, room, kind, actor, at, s, e)
    return released


def room_day(log, rnd, room, day, tz, per_day):
    hours = open_hours(day)
    if hours is None:
        return
    opens = datetime.datetime(day.year, day.month, day.day, hours[0],
                              tzinfo=tz)
    closes = datetime.datetime(day.year, day.month, day.day, hours[1],
                               tzinfo=tz)
    t, stop = int(opens.timestamp()), int(closes.timestamp())
    want = per_day if day.weekday() < 5 else per_day / 2
    span = (stop - t) // GRID
    # Gaps sized so that about WANT bookings of 1.5 h fit the day.
    gap = max(0.0, (span - want * 3) / max(want, 1))
    while True:
        t += GRID * int(rnd.expovariate(1 / gap) if gap > 0 else 0)
        length = GRID * rnd.choice((2, 2, 2, 3, 3, 4, 4))
        if t + length > stop:
            return
        released = one_booking(log, rnd, room, t, t + length)
        if released is not None and rnd.random() < 0.5:
            # A walk-in takes the rest of the released slot.
            s = released + rnd.randrange(60, 600)
            s -= s % 300
            if s < t + length - 600:
                bid = log.booking(room, s, t + length, "ended", s, "device",
                                  True, s, t + length)
                log.event(bid, room, "create", "device", s, s, t + length)
                log.event(bid, room, "end", "system", t + length)
        t += length


def main():
    a = parse_args()
    rnd = random.Random(a.seed)
    tz = zoneinfo.ZoneInfo("Europe/Paris")
    end = datetime.date.fromisoformat(a.end)
    first = end - datetime.timedelta(days=a.days - 1)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = OFF")
    now = int(datetime.datetime.combine(first, datetime.time(),
                                        tz).timestamp()) - 86400
    sites = a.sites.split(",")
    with db:
        rooms = add_rooms(db, sites, a.rooms, now)
    log = Log(db.execute("SELECT coalesce(max(id), 0) + 1 FROM bookings")
              .fetchone()[0])
    nb = ne = 0
    for room in rooms:
        day = first
        while day <= end:
            room_day(log, rnd, room, day, tz, a.per_day)
            day += datetime.timedelta(days=1)
        with db:
            db.executemany(
                "INSERT INTO bookings(id, room_id, start_at, end_at, status,"
                " checkin_code, created_at, checked_in_at, closed_at,"
                " creator_kind, walk_in) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                log.bookings)
            db.executemany(
                "INSERT INTO events(booking_id, room_id, kind, actor_kind,"
                " at, recorded_at, start_at, end_at)"
                " VALUES (?,?,?,?,?,?,?,?)", log.events)
        nb += len(log.bookings)
        ne += len(log.events)
        log.bookings, log.events = [], []
    db.execute("ANALYZE")
    db.close()
    print("rooms=%d bookings=%d events=%d" % (len(rooms), nb, ne))


if __name__ == "__main__":
    main()

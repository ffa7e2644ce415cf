#!/usr/bin/python3
"""server.api: every route of the API through the real porte-server, and
who may and may not use each."""

import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import time

from porte_test import (NOW, check, eq, iso, main, paris, parse_iso,
                        with_env)

TOMORROW_10 = paris(2026, 11, 24, 10)
H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def door_proof(device_token, booking, t):
    """door_proof.h's algorithm, version 1."""
    key = hashlib.blake2b(b"porte door proof key 1", digest_size=32,
                          key=device_token.encode()).digest()
    minute = int(t.timestamp()) // 60
    msg = ("porte-door-proof-1:%d:%d" % (booking, minute)).encode()
    mac = hashlib.blake2b(msg, digest_size=16, key=key).digest()
    bits = int.from_bytes(mac[:5], "big")
    return "".join(ALPHABET[(bits >> (35 - 5 * i)) & 31] for i in range(8))


def no_email(body, what):
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    check("@" not in text, what + ": no e-mail", text[:500])


# ---- rooms ------------------------------------------------------------

def rooms(env):
    s = env.server
    r = s.get("/api/v1/rooms")
    eq(r.status, 200, "GET /api/v1/rooms")
    ids = sorted(x["id"] for x in r.json["rooms"])
    eq(ids, ["g1", "g2", "lab", "meet", "s1", "shop", "train"], "rooms")
    lab = [x for x in r.json["rooms"] if x["id"] == "lab"][0]
    eq(lab["rules"]["granularity"], 15, "lab's own grid")
    eq(lab["tz"], "Europe/Paris", "zone")
    eq(lab["site"], "BU Lettres", "site name")
    shop = [x for x in r.json["rooms"] if x["id"] == "shop"][0]
    eq((shop["kind"], shop["capacity"]), ("workshop", 3), "workshop")
    r = s.get("/api/v1/rooms?site=sci")
    eq([x["id"] for x in r.json["rooms"]], ["s1"], "rooms of sci")
    eq(s.get("/api/v1/rooms?site=nope").status, 404, "unknown site")
    eq(s.get("/api/v1/rooms", token="x" * 43).status, 401, "bad token")
    # Every credential may list them too.
    eq(s.get("/api/v1/rooms", token=env.devices["g1"]).status, 200,
       "a door")
    eq(s.get("/api/v1/rooms", token=env.tokens["desk"]).status, 200,
       "staff")
    eq(s.request("DELETE", "/api/v1/rooms").status, 405, "DELETE")


# ---- schedule and what each caller sees --------------------------------

def schedule_views(env):
    s = env.server
    today = paris(2026, 11, 23, 10)
    env.book("g1", today, 60, email="jean.dupont@univ.fr", title="Latin")
    path = "/api/v1/rooms/g1/schedule"
    r = s.get(path)
    eq(r.status, 200, "anonymous schedule")
    eq(r.json["date"], "2026-11-23", "date defaults to today in Paris")
    eq(r.json["room"], "g1", "room")
    eq(len(r.json["bookings"]), 1, "one booking")
    b = r.json["bookings"][0]
    eq((b["status"], b["title"]), ("pending", "Latin"), "booking")
    check("booker" not in b, "anonymous callers see no booker", b)
    no_email(r.body, "anonymous")
    eq(r.json["open"], [{"start": "2026-11-23T07:00:00Z",
                         "end": "2026-11-23T19:00:00Z"}], "opening hours")
    eq(r.headers["etag"], '"%s"' % r.json["etag"], "ETag header")
    # The room's door: masked names, never an e-mail.
    r = s.get(path, token=env.devices["g1"])
    eq(r.json["bookings"][0]["booker"], "J. D.", "door sees J. D.")
    no_email(r.body, "door")
    # Another room's door: as anonymous.
    r = s.get(path, token=env.devices["g2"])
    eq(r.status, 200, "another door")
    check("booker" not in r.json["bookings"][0], "other door: no name")
    no_email(r.body, "other door")
    # Desk staff of the site: e-mails and codes.
    r = s.get(path, token=env.tokens["desk"])
    eq(r.json["bookings"][0]["email"], "jean.dupont@univ.fr", "staff")
    check(len(r.json["bookings"][0]["code"]) == 4, "staff see the code")
    # Desk staff of another site: as anonymous.
    r = s.get(path, token=env.tokens["desk2"])
    no_email(r.body, "another site's desk")
    # Facilities do not manage bookings.
    r = s.get(path, token=env.tokens["fac"])
    no_email(r.body, "facilities")
    # Other dates, errors.
    r = s.get(path + "?date=2026-11-24")
    eq((r.status, r.json["bookings"]), (200, []), "tomorrow")
    r = s.get(path + "?date=2026-11-29")
    eq((r.status, r.json["open"]), (200, []), "Sunday: closed")
    eq(s.get(path + "?date=2026-02-30").status, 400, "no such date")
    eq(s.get(path + "?date=tomorrow").status, 400, "not a date")
    eq(s.get("/api/v1/rooms/nope/schedule").status, 404, "unknown room")
    eq(s.get(path, token="bogus-token").status, 401, "bad token")
    # DST days: 23 and 25 hours, the spans in UTC.
    r = s.get(path + "?date=2026-03-28")
    eq(r.json["open"][0]["start"], "2026-03-28T07:00:00Z", "before DST")
    r = s.get(path + "?date=2026-03-30")
    eq(r.json["open"][0]["start"], "2026-03-30T06:00:00Z", "after DST")


# ---- bookings -----------------------------------------------------------

def patron_booking(env):
    s = env.server
    r = env.book("g1", TOMORROW_10, 60, email="jean.dupont@univ.fr",
                 title="Exposé")
    j = r.json
    eq(j["status"], "pending", "a patron's booking is pending")
    check("token" not in j and "confirm_url" not in j and "code" not in j,
          "no secret in a patron's reply", j)
    eq((j["room"], j["start"], j["end"]),
       ("g1", iso(TOMORROW_10), iso(TOMORROW_10 + H)), "slot")
    eq(j["confirm_by"], iso(NOW + 2 * H), "confirm within 2 h")
    eq(r.headers["location"], "/api/v1/bookings/%d" % j["id"], "Location")
    bid, token = env.mail_token("jean.dupont@univ.fr")
    eq(bid, j["id"], "the mail's link names the booking")
    # The booker sees the booking with the token.
    r = s.get("/api/v1/bookings/%d" % bid, token=token)
    eq((r.status, r.json["email"]), (200, "jean.dupont@univ.fr"), "GET")
    eq(s.get("/api/v1/bookings/%d" % bid).status, 401, "no token")
    eq(s.get("/api/v1/bookings/%d" % bid, token="A" * 43).status, 401,
       "wrong token")
    # Confirm: not with another booking's token, then with its own.
    r2 = env.book("g2", TOMORROW_10, 60, email="marie.curie@univ.fr")
    _, other = env.mail_token("marie.curie@univ.fr")
    r = s.post("/api/v1/bookings/%d/confirm" % bid, token=other)
    eq(r.status, 401, "another booking's token")
    r = s.post("/api/v1/bookings/%d/confirm" % bid, token=token)
    eq((r.status, r.json["status"]), (200, "confirmed"), "confirm")
    r = s.post("/api/v1/bookings/%d/confirm" % bid, token=token)
    eq((r.status, r.error_code()), (409, "bad_state"), "confirm twice")
    # A door may not confirm.
    r = s.post("/api/v1/bookings/%d/confirm" % r2.json["id"],
               token=env.devices["g2"])
    eq(r.status, 403, "a door confirms")
    # Cancel by the booker.
    r = s.post("/api/v1/bookings/%d/cancel" % bid, {"reason": "ill"},
               token=token)
    eq((r.status, r.json["status"]), (200, "cancelled"), "cancel")
    r = s.get("/api/v1/bookings/%d" % bid, token=token)
    eq(r.json["status"], "cancelled", "cancelled stays")


def staff_booking(env):
    s = env.server
    r = env.book("g1", TOMORROW_10, 90, email="jean.dupont@univ.fr",
                 token=env.tokens["desk"], title="Par téléphone")
    j = r.json
    eq(j["status"], "confirmed", "staff bookings are confirmed")
    check(j["confirm_url"].startswith(
        "http://porte.test/b/%d?t=" % j["id"]), "confirm_url", j)
    check(j["confirm_url"].endswith(j["token"]), "the url holds the token")
    check(len(j["code"]) == 4 and j["code"].isdigit(), "check-in code")
    r = s.get("/api/v1/bookings/%d" % j["id"], token=j["token"])
    eq(r.status, 200, "the handed token works")
    # Staff read it with its events.
    r = s.get("/api/v1/bookings/%d" % j["id"], token=env.tokens["desk"])
    eq([e["kind"] for e in r.json["events"]], ["create"], "events")
    eq(r.json["events"][0]["actor"], "staff", "actor")
    # Without an e-mail too.
    r = env.book("g2", TOMORROW_10, 60, email=None,
                 token=env.tokens["admin"])
    eq(r.json["status"], "confirmed", "staff, no e-mail")
    # A patron must give one.
    r = env.book("g2", TOMORROW_10 + 2 * H, 60, email=None, want=400)
    # Quotas: staff may override them, patrons may not ask.
    body = {"room": "meet", "start": iso(TOMORROW_10),
            "end": iso(TOMORROW_10 + H), "email": "a.b@univ.fr",
            "override_quota": True}
    eq(s.post("/api/v1/bookings", body).status, 403, "patron override")
    eq(s.post("/api/v1/bookings", body, token=env.tokens["desk"]).status,
       201, "staff override")
    # An override a quota needed takes a reason, kept in the events.
    for i in range(8):
        at = TOMORROW_10 + 24 * H + i * H
        body = {"room": "meet", "start": iso(at), "end": iso(at + H),
                "email": "q.r@univ.fr"}
        r = s.post("/api/v1/bookings", body, token=env.tokens["desk"])
        if r.status != 201:
            break
    eq(r.status, 422, "a quota reached")
    check(r.error_code().endswith("quota"), "a quota's code", r.json)
    body["override_quota"] = True
    r = s.post("/api/v1/bookings", body, token=env.tokens["desk"])
    eq((r.status, r.error_code()), (422, "reason_required"), "no reason")
    body["reason"] = "Jury de thèse"
    r = s.post("/api/v1/bookings", body, token=env.tokens["desk"])
    eq(r.status, 201, "an override with its reason")
    db = sqlite3.connect(env.db)
    details = db.execute("SELECT details FROM events WHERE booking_id = ?",
                         (r.json["id"],)).fetchone()[0]
    db.close()
    eq(json.loads(details).get("reason"), "Jury de thèse",
       "the reason in the create event")
    # Local wall times of the room are taken.
    body = {"room": "g1", "start": "2026-11-25T10:00",
            "end": "2026-11-25T11:00", "email": "x.y@univ.fr"}
    r = s.post("/api/v1/bookings", body, token=env.tokens["desk"])
    eq((r.status, r.json["start"]), (201, "2026-11-25T09:00:00Z"),
       "a local time")
    # SQL metacharacters are text like any other.
    title = "Robert'); DROP TABLE bookings;-- \" % _ \\"
    r = env.book("g1", TOMORROW_10 + 3 * H, 60, token=env.tokens["desk"],
                 title=title, email="o.brien@univ.fr")
    r = s.get("/api/v1/bookings/%d" % r.json["id"],
              token=env.tokens["desk"])
    eq(r.json["title"], title, "the title as given")


def roles(env):
    s = env.server
    # Training rooms: internal; only their referents among desk staff.
    r = env.book("train", TOMORROW_10, 60, want=422)
    eq(r.error_code(), "internal_room", "a patron on a training room")
    r = env.book("train", TOMORROW_10, 60, token=env.tokens["desk"],
                 want=422)
    eq(r.error_code(), "internal_room", "desk staff on a training room")
    r = env.book("train", TOMORROW_10, 60, token=env.tokens["admin"])
    eq(r.json["status"], "confirmed", "its referent books it")
    tid = r.json["id"]
    r = s.post("/api/v1/bookings/%d/remove" % tid, {"reason": "x"},
               token=env.tokens["desk"])
    eq(r.status, 403, "desk staff remove on a training room")
    # Another site's desk.
    r = env.book("g1", TOMORROW_10, 60, token=env.tokens["desk2"],
                 want=403)
    # Facilities do not book.
    r = env.book("g1", TOMORROW_10, 60, token=env.tokens["fac"], want=403)
    # A door books nothing but walk-ins in its own room.
    r = env.book("g1", TOMORROW_10, 60, token=env.devices["g1"], want=403)
    bid, tok = env.confirmed("g1", TOMORROW_10, 60)
    # remove: staff only, with a reason.
    path = "/api/v1/bookings/%d/remove" % bid
    eq(s.post(path, {"reason": "x"}).status, 401, "remove: anonymous")
    eq(s.post(path, {"reason": "x"}, token=tok).status, 401,
       "remove: its booker")
    eq(s.post(path, {"reason": "x"}, token=env.devices["g1"]).status, 403,
       "remove: its door")
    eq(s.post(path, {"reason": "x"}, token=env.tokens["fac"]).status, 403,
       "remove: facilities")
    r = s.post(path, {}, token=env.tokens["desk"])
    eq((r.status, r.error_code()), (422, "reason_required"), "no reason")
    r = s.post(path, {"reason": "   "}, token=env.tokens["desk"])
    eq((r.status, r.error_code()), (422, "reason_required"), "blank")
    r = s.post(path, {"reason": "asked by phone"}, token=env.tokens["desk"])
    eq((r.status, r.json["status"]), (200, "removed"), "removed")
    # cancel: its booker or staff, not a door, not anonymous.
    bid, tok = env.confirmed("g2", TOMORROW_10, 60)
    path = "/api/v1/bookings/%d/cancel" % bid
    eq(s.post(path).status, 401, "cancel: anonymous")
    eq(s.post(path, token=env.devices["g2"]).status, 403, "cancel: door")
    eq(s.post(path, token=env.tokens["desk2"]).status, 403,
       "cancel: another site's desk")
    r = s.post(path, token=env.tokens["super"])
    eq((r.status, r.json["status"]), (200, "cancelled"), "super cancels")


def checkin_end_extend(env):
    s = env.server
    start = paris(2026, 11, 23, 10)
    b1, t1 = env.confirmed("g1", start, 60)
    b2, t2 = env.confirmed("g2", start, 60, email="marie.curie@univ.fr")
    # 20 minutes before: too early for anyone.
    env.set_clock(start - 20 * M)
    r = s.post("/api/v1/bookings/%d/checkin" % b1, token=env.devices["g1"])
    eq((r.status, r.error_code()), (422, "checkin_window"), "too early")
    env.set_clock(start - 5 * M)
    # Another room's door may not.
    r = s.post("/api/v1/bookings/%d/checkin" % b1, token=env.devices["g2"])
    eq(r.status, 403, "another room's door")
    # The booker needs a door proof.
    r = s.post("/api/v1/bookings/%d/checkin" % b1, token=t1)
    eq(r.status, 403, "booker without a proof")
    bad = door_proof(env.devices["g2"], b1, env.now)
    r = s.post("/api/v1/bookings/%d/checkin" % b1, {"door": bad}, token=t1)
    eq(r.status, 403, "a proof of another door")
    old = door_proof(env.devices["g1"], b1, env.now - 10 * M)
    r = s.post("/api/v1/bookings/%d/checkin?door=%s" % (b1, old), token=t1)
    eq(r.status, 403, "a stale proof")
    good = door_proof(env.devices["g1"], b1, env.now)
    r = s.post("/api/v1/bookings/%d/checkin?door=%s" % (b1, good),
               token=t1)
    eq((r.status, r.json["status"]), (200, "checked_in"), "booker + proof")
    # The door checks in the other.
    r = s.post("/api/v1/bookings/%d/checkin" % b2, token=env.devices["g2"])
    eq((r.status, r.json["status"]), (200, "checked_in"), "door")
    r = s.post("/api/v1/bookings/%d/checkin" % b2, token=env.devices["g2"])
    eq((r.status, r.error_code()), (409, "bad_state"), "twice")
    # The 4-digit code with a door proof stands for the token.
    start3 = paris(2026, 11, 23, 11)
    b3, _ = env.confirmed("g1", start3, 60, email="paul.durand@univ.fr")
    code = s.get("/api/v1/bookings/%d" % b3,
                 token=env.tokens["desk"]).json["code"]
    env.set_clock(start3 - 5 * M)
    proof = door_proof(env.devices["g1"], b3, env.now)
    wrong = "0000" if code != "0000" else "1111"
    r = s.post("/api/v1/bookings/%d/checkin" % b3,
               {"door": proof, "code": wrong})
    eq(r.status, 401, "a wrong code")
    r = s.post("/api/v1/bookings/%d/checkin" % b3,
               {"door": proof, "code": code})
    eq((r.status, r.json["status"]), (200, "checked_in"), "code + proof")
    # Extend b1 (10:00-11:00) to 11:30: b3 holds 11:00 in g1.
    env.set_clock(start + 30 * M)
    r = s.post("/api/v1/bookings/%d/extend" % b1,
               {"end": iso(start + 90 * M)}, token=env.devices["g1"])
    eq((r.status, r.error_code()), (409, "overlap"), "extend into b3")
    r = s.post("/api/v1/bookings/%d/extend" % b2,
               {"end": iso(start + 75 * M)}, token=env.devices["g2"])
    eq((r.status, r.error_code()), (422, "granularity"), "off the grid")
    r = s.post("/api/v1/bookings/%d/extend" % b2,
               {"end": iso(start + 90 * M)}, token=env.devices["g2"])
    eq((r.status, r.json["end"]), (200, iso(start + 90 * M)), "extend")
    r = s.post("/api/v1/bookings/%d/extend" % b2, {"end": "soon"},
               token=env.devices["g2"])
    eq(r.status, 400, "extend: not a time")
    r = s.post("/api/v1/bookings/%d/extend" % b2, {},
               token=env.devices["g2"])
    eq(r.status, 400, "extend: no end")
    # End now: the booker, the door, staff.
    r = s.post("/api/v1/bookings/%d/end" % b1, token=t1)
    eq((r.status, r.json["status"]), (200, "ended"), "end by the booker")
    r = s.post("/api/v1/bookings/%d/end" % b2, token=env.devices["g1"])
    eq(r.status, 403, "end by another door")
    r = s.post("/api/v1/bookings/%d/end" % b2, token=env.devices["g2"])
    eq((r.status, r.json["status"]), (200, "ended"), "end by the door")
    r = s.post("/api/v1/bookings/%d/end" % b3, token=env.tokens["desk"])
    eq((r.status, r.error_code()), (422, "invalid_time"),
       "an end before its check-in")
    env.set_clock(start3 + 10 * M)
    r = s.post("/api/v1/bookings/%d/end" % b3, {"colour": "red"},
               token=env.tokens["desk"])
    eq(r.status, 400, "unknown field")
    r = s.post("/api/v1/bookings/%d/end" % b3, token=env.tokens["desk"])
    eq((r.status, r.json["status"]), (200, "ended"), "end by staff")


def walk_in(env):
    s = env.server
    env.set_clock(paris(2026, 11, 23, 10, 7))
    r = s.post("/api/v1/bookings", {"room": "g1", "walk_in": True},
               token=env.devices["g1"])
    eq(r.status, 201, "walk-in at the door")
    eq((r.json["status"], r.json["start"], r.json["end"]),
       ("checked_in", iso(paris(2026, 11, 23, 10)),
        iso(paris(2026, 11, 23, 12))), "from the grid, for 2 h")
    check("token" not in r.json, "no token for a door")
    r = s.post("/api/v1/bookings", {"room": "g1", "walk_in": True},
               token=env.devices["g1"])
    eq((r.status, r.error_code()), (409, "overlap"), "taken")
    r = s.post("/api/v1/bookings", {"room": "g2", "walk_in": True},
               token=env.devices["g1"])
    eq(r.status, 403, "another room's walk-in")
    r = s.post("/api/v1/bookings", {"room": "g2", "walk_in": True})
    eq(r.status, 403, "anonymous walk-in")
    r = s.post("/api/v1/bookings", {"room": "train", "walk_in": True},
               token=env.tokens["admin"])
    eq((r.status, r.error_code()), (422, "internal_room"), "training")
    env.admin("rule", "set", "--room", "g2", "walk_in", "off")
    r = s.post("/api/v1/bookings", {"room": "g2", "walk_in": True},
               token=env.devices["g2"])
    eq((r.status, r.error_code()), (422, "walk_in_disabled"), "off")


# ---- sessions and devices -------------------------------------------------

def sessions(env):
    s = env.server
    r = s.post("/api/v1/sessions", {"email": "desk@univ.fr",
                                    "password": "password-desk"})
    eq(r.status, 201, "login")
    eq(r.json["staff"]["role"], "desk", "role")
    eq(r.json["staff"]["site"], "bu", "site")
    tok = r.json["token"]
    eq(parse_iso(r.json["expires_at"]) - env.now,
       datetime.timedelta(hours=12), "12 h")
    for body in ({"email": "desk@univ.fr", "password": "wrong-password"},
                 {"email": "nobody@univ.fr", "password": "password-desk"}):
        r = s.post("/api/v1/sessions", body)
        eq((r.status, r.error_code()), (401, "unauthorized"), "bad login")
    eq(s.post("/api/v1/sessions", {"pin": "111111"}).status, 401,
       "a PIN without a door")
    eq(s.post("/api/v1/sessions", {"pin": "111111"},
              token=tok).status, 401, "a PIN from a staff session")
    r = s.post("/api/v1/sessions", {"pin": "111111"},
               token=env.devices["g1"])
    eq(r.status, 201, "a PIN at a door")
    eq(parse_iso(r.json["expires_at"]) - env.now,
       datetime.timedelta(minutes=15), "15 min")
    pin_tok = r.json["token"]
    bid, _ = env.confirmed("g1", TOMORROW_10, 60)
    r = s.post("/api/v1/bookings/%d/remove" % bid, {"reason": "door"},
               token=pin_tok)
    eq((r.status, r.json["status"]), (200, "removed"), "PIN session acts")
    r = s.post("/api/v1/sessions", {"pin": "555555"},
               token=env.devices["g1"])
    eq(r.status, 403, "another site's staff at this door")
    # Lock-out after 5 wrong PINs at a door.
    for i in range(5):
        r = s.post("/api/v1/sessions", {"pin": "999999"},
                   token=env.devices["g2"])
        eq(r.status, 401, "wrong PIN %d" % i)
    r = s.post("/api/v1/sessions", {"pin": "111111"},
               token=env.devices["g2"])
    eq((r.status, r.error_code()), (429, "locked"), "locked out")
    check(int(r.headers["retry-after"]) > 0, "Retry-After", r.headers)
    env.set_clock(env.now + 2 * M)
    r = s.post("/api/v1/sessions", {"pin": "111111"},
               token=env.devices["g2"])
    eq(r.status, 201, "after the lock-out")
    # Logout.
    r = s.request("DELETE", "/api/v1/sessions", token=tok)
    eq(r.status, 200, "logout")
    eq(s.get("/api/v1/rooms", token=tok).status, 401, "ended session")
    eq(s.request("DELETE", "/api/v1/sessions").status, 401,
       "logout: nobody")
    # Input checks.
    eq(s.post("/api/v1/sessions", {"email": "desk@univ.fr"}).status, 400,
       "no password")
    eq(s.post("/api/v1/sessions", {"pin": 111111},
              token=env.devices["g1"]).status, 400, "a PIN as a number")


def enroll(env):
    s = env.server
    code = env.admin("device", "enroll", "meet").stdout.split()[0]
    r = s.post("/api/v1/devices/enroll", {"code": code.lower(),
                                          "name": "porte meet"})
    eq((r.status, r.json["room"]), (201, "meet"), "enroll (any case)")
    tok = r.json["token"]
    eq(len(tok), 43, "a 32-byte token")
    eq(s.post("/api/v1/devices/enroll", {"code": code}).status, 401,
       "a code works once")
    eq(s.post("/api/v1/devices/enroll",
              {"code": "AAAA-BBBB-CCCC-DDDD"}).status, 401, "unknown code")
    eq(s.post("/api/v1/devices/enroll", {}).status, 400, "no code")
    # The new door sees its room's names masked.
    env.book("meet", TOMORROW_10, 60, email="ada.lovelace@univ.fr")
    r = s.get("/api/v1/rooms/meet/schedule?date=2026-11-24", token=tok)
    eq(r.json["bookings"][0]["booker"], "A. L.", "masked")
    # Expired codes.
    code = env.admin("device", "enroll", "meet").stdout.split()[0]
    env.set_clock(env.now + datetime.timedelta(hours=24, seconds=1))
    eq(s.post("/api/v1/devices/enroll", {"code": code}).status, 401,
       "an expired code")
    # A revoked door.
    dev = env.sql("SELECT id FROM devices WHERE name = 'porte meet'")[0][0]
    env.admin("device", "revoke", str(dev))
    eq(s.get("/api/v1/rooms/meet/schedule", token=tok).status, 401,
       "revoked")


# ---- stats and ops ------------------------------------------------------

def stats(env):
    s = env.server
    start = paris(2026, 11, 23, 10)
    b1, _ = env.confirmed("g1", start, 60)
    b2, _ = env.confirmed("g2", start, 60, email="marie.curie@univ.fr")
    env.set_clock(start + 5 * M)
    s.post("/api/v1/bookings/%d/checkin" % b1, token=env.devices["g1"])
    env.set_clock(start + 16 * M)
    r = s.get("/api/v1/bookings/%d" % b2, token=env.tokens["desk"])
    deadline = env.now + datetime.timedelta(seconds=5)
    while r.json["status"] != "released" and env.now < deadline:
        r = s.get("/api/v1/bookings/%d" % b2, token=env.tokens["desk"])
    eq(r.json["status"], "released", "released by the server")
    env.set_clock(start + 2 * H)
    q = "/api/v1/stats?from=2026-11-23&to=2026-11-23"
    r = s.get(q, token=env.tokens["fac"])
    eq(r.status, 200, "facilities")
    t = r.json["total"]
    eq((t["due"], t["shows"], t["no_shows"], t["auto_released"]),
       (2, 1, 1, 1), "figures")
    eq(t["checkin_rate"], 0.5, "check-in rate")
    eq(sorted(x["room"] for x in r.json["rooms"]), ["Salle G1", "Salle G2"],
       "rooms by name")
    eq(r.json["tz"], "Europe/Paris", "zone")
    eq(r.json["from"], "2026-11-22T23:00:00Z", "from: local midnight")
    r = s.get(q + "&room=g1", token=env.tokens["admin"])
    eq((r.status, r.json["total"]["shows"]), (200, 1), "room admin, room")
    r = s.get(q + "&site=sci", token=env.tokens["admin"])
    eq(r.status, 403, "room admin of another site")
    r = s.get(q, token=env.tokens["super"])
    eq(r.status, 200, "super-admin")
    eq(s.get(q, token=env.tokens["desk"]).status, 403, "desk staff")
    eq(s.get(q, token=env.devices["g1"]).status, 403, "a door")
    eq(s.get(q).status, 401, "anonymous")
    eq(s.get(q + "&room=nope", token=env.tokens["fac"]).status, 404,
       "unknown room")
    eq(s.get("/api/v1/stats?from=2026-11-24&to=2026-11-23",
             token=env.tokens["fac"]).status, 400, "reversed")
    r = s.get("/api/v1/stats?from=2026-11-23T00:00:00Z"
              "&to=2026-11-24T00:00:00Z", token=env.tokens["fac"])
    eq((r.status, r.json["total"]["due"]), (200, 2), "instants")
    r = s.get("/api/v1/stats", token=env.tokens["fac"])
    eq((r.status, r.json["total"]["due"]), (200, 2), "last 30 days")
    r = s.get(q.replace("stats", "stats.csv"), token=env.tokens["fac"])
    eq(r.status, 200, "csv")
    check(r.headers["content-type"].startswith("text/csv"), "csv type")
    lines = r.body.decode().splitlines()
    check(lines[0].startswith("scope,key,bookings,due"), "csv header",
          lines[0])
    check(any(x.startswith("total,") for x in lines), "total row")
    r = s.get(q.replace("stats", "stats.csv") + "&table=hours",
              token=env.tokens["fac"])
    eq(r.body.decode().splitlines()[0],
       "weekday,hour,booked_s,occupied_s", "hours csv")
    eq(s.get(q.replace("stats", "stats.csv") + "&table=x",
             token=env.tokens["fac"]).status, 400, "bad table")


def ops(env):
    s = env.server
    eq(s.get("/healthz").status, 200, "healthz")
    s.get("/api/v1/rooms/g1/schedule", token=env.devices["g1"])
    r = s.get("/metrics")
    eq(r.status, 200, "metrics")
    text = r.body.decode()
    for line in ('porte_devices{state="online"} 2',
                 'porte_devices{state="offline"} 0',
                 'porte_rooms 7', 'porte_mail{state="queued"} 0'):
        check(line in text, "metrics: " + line, text[-1500:])
    check("porte_http_requests_total" in text, "the HTTP layer's")
    env.book("g1", TOMORROW_10, 60)
    text = s.get("/metrics").body.decode()
    check('porte_bookings{state="open"} 1' in text, "one open booking")
    check('porte_mail{state="queued"} 1' in text, "one queued mail")


def log_lines(env):
    s = env.server
    bid, tok = env.confirmed("g1", TOMORROW_10, 60)
    s.get("/api/v1/bookings/%d" % bid, token=tok)
    deadline = time.monotonic() + 5
    err = s.stderr()
    while " POST /api/v1/bookings 201 " not in err and \
            time.monotonic() < deadline:
        time.sleep(0.05)
        err = s.stderr()
    check(tok not in err, "no token in the log")
    check(" POST /api/v1/bookings 201 " in err, "a line per request",
          err[-1000:])


def wire_contract(env):
    """The replies a door reads parse with the kiosk's strict parsers."""
    s = env.server
    tool = os.environ.get("PORTE_WIRE_CHECK")
    check(tool, "PORTE_WIRE_CHECK is set (tests.cmake)")

    def parses(kind, body):
        p = subprocess.run([tool, kind], input=body, capture_output=True)
        eq(p.returncode, 0, "%s parses: %s" % (kind, p.stderr.decode()))

    start = paris(2026, 11, 23, 10)
    env.book("g1", start, 60, title="Révisions « latin » — 2ᵉ année")
    bid, _ = env.confirmed("g1", start + H, 60, email="marie.curie@univ.fr")
    env.admin("site", "message", "bu", "--from", iso(NOW), "--to",
              iso(NOW + 48 * H), "Grève lundi : ouverture à 10 h")
    parses("rooms", s.get("/api/v1/rooms").body)
    for token in (None, env.devices["g1"]):
        r = s.get("/api/v1/rooms/g1/schedule", token=token)
        check(r.json["messages"], "a message", r.json)
        parses("schedule", r.body)
    env.set_clock(start + H)
    r = s.post("/api/v1/events", {"events": [
        {"key": "0b6f6a1e-4d2c-4c55-9a43-0d1a7f0c2b11", "type": "checkin",
         "booking": bid, "at": iso(start + H)},
        {"key": "0b6f6a1e-4d2c-4c55-9a43-0d1a7f0c2b12", "type": "checkin",
         "booking": bid, "at": iso(start + H)},
        {"key": "0b6f6a1e-4d2c-4c55-9a43-0d1a7f0c2b13", "type": "end",
         "booking": bid, "at": "never"},
        {"key": "0b6f6a1e-4d2c-4c55-9a43-0d1a7f0c2b14", "type": "walk_in",
         "at": iso(start + H), "start": iso(start + H),
         "end": iso(start + 2 * H)}]}, token=env.devices["g1"])
    eq([x["status"] for x in r.json["results"]],
       ["applied", "refused", "refused", "refused"], "statuses")
    parses("results", r.body)


TESTS = [
    ("rooms", with_env(rooms)),
    ("schedule_views", with_env(schedule_views)),
    ("patron_booking", with_env(patron_booking)),
    ("staff_booking", with_env(staff_booking)),
    ("roles", with_env(roles)),
    ("checkin_end_extend", with_env(checkin_end_extend)),
    ("walk_in", with_env(walk_in)),
    ("sessions", with_env(sessions)),
    ("enroll", with_env(enroll)),
    ("stats", with_env(stats)),
    ("ops", with_env(ops)),
    ("log_lines", with_env(log_lines)),
    ("wire_contract", with_env(wire_contract)),
]

if __name__ == "__main__":
    main(TESTS)

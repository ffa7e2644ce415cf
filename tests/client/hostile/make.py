#!/usr/bin/env python3
"""Writes the hostile server replies of tests/client/hostile/ (run it from
anywhere; it rewrites schedule/*.json and results/*.json next to itself).

schedule/NAME.json: the body of a 200 answer to
  GET /api/v1/rooms/g1/schedule?date=2026-11-23
results/NAME.json: the body of a 200 answer to POST /api/v1/events for one
  event of key 11111111-1111-4111-8111-111111111111.
Each one is wrong in one way; the client must refuse it, keep its cache
and not crash (client.hostile)."""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = "11111111-1111-4111-8111-111111111111"


def booking(i, start, end, status="confirmed", **kw):
    b = {"id": i, "start": start, "end": end, "status": status,
         "checkin_opens": start, "release_at": end}
    b.update(kw)
    return b


GOOD = {
    "room": "g1", "date": "2026-11-23", "tz": "Europe/Paris",
    "etag": "9-2026-11-23-d",
    "open": [{"start": "2026-11-23T07:00:00Z", "end": "2026-11-23T19:00:00Z"}],
    "messages": [{"from": "2026-11-23T07:00:00Z",
                  "to": "2026-11-23T19:00:00Z", "text": "Grève"}],
    "bookings": [booking(11, "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z",
                         title="Réunion", booker="J. D.")],
}

GOOD_RESULT = {"results": [{"key": KEY, "status": "applied",
                            "booking": booking(11, "2026-11-23T08:00:00Z",
                                               "2026-11-23T09:00:00Z",
                                               "checked_in")}]}


def dump(o):
    return json.dumps(o, ensure_ascii=False).encode()


def with_(base, path, value):
    o = copy.deepcopy(base)
    cur = o
    for p in path[:-1]:
        cur = cur[p]
    if value is DELETE:
        del cur[path[-1]]
    else:
        cur[path[-1]] = value
    return dump(o)


DELETE = object()
B0 = ["bookings", 0]

schedule = {
    "empty": b"",
    "not-json": b"<html><body>502 Bad Gateway</body></html>",
    "truncated": dump(GOOD)[:-7],
    "bare-array": b"[]",
    "null": b"null",
    "string": b"\"schedule\"",
    "extra-field": with_(GOOD, ["evil"], 1),
    "missing-etag": with_(GOOD, ["etag"], DELETE),
    "etag-space": with_(GOOD, ["etag"], "9 2026"),
    "etag-quote": with_(GOOD, ["etag"], "9\"x"),
    "etag-too-long": with_(GOOD, ["etag"], "e" * 129),
    "other-room": with_(GOOD, ["room"], "g2"),
    "other-date": with_(GOOD, ["date"], "2026-11-24"),
    "date-invalid": with_(GOOD, ["date"], "2026-02-30"),
    "room-path": with_(GOOD, ["room"], "../etc"),
    "unknown-zone": with_(GOOD, ["tz"], "Mars/Olympus_Mons"),
    "zone-path": with_(GOOD, ["tz"], "../../../etc/passwd"),
    "zone-absolute": with_(GOOD, ["tz"], "/etc/localtime"),
    "id-zero": with_(GOOD, B0 + ["id"], 0),
    "id-negative": with_(GOOD, B0 + ["id"], -11),
    "id-real": with_(GOOD, B0 + ["id"], 11.5),
    "id-string": with_(GOOD, B0 + ["id"], "11"),
    "id-past-2p53": with_(GOOD, B0 + ["id"], 9007199254740993),
    "id-huge": b'{"room":"g1","date":"2026-11-23","tz":"Europe/Paris",'
               b'"etag":"9","open":[],"messages":[],"bookings":[{"id":'
               b'1e400,"start":"2026-11-23T08:00:00Z","end":'
               b'"2026-11-23T09:00:00Z","status":"confirmed",'
               b'"checkin_opens":"2026-11-23T08:00:00Z",'
               b'"release_at":"2026-11-23T08:15:00Z"}]}',
    "end-before-start": with_(GOOD, B0 + ["end"], "2026-11-23T07:00:00Z"),
    "end-equals-start": with_(GOOD, B0 + ["end"], "2026-11-23T08:00:00Z"),
    "status-unknown": with_(GOOD, B0 + ["status"], "exploded"),
    "status-number": with_(GOOD, B0 + ["status"], 2),
    "time-words": with_(GOOD, B0 + ["start"], "tomorrow at nine"),
    "time-year-10000": with_(GOOD, B0 + ["end"], "10000-01-01T00:00:00Z"),
    "time-second-60": with_(GOOD, B0 + ["start"], "2026-11-23T08:00:60Z"),
    "time-no-zone": with_(GOOD, B0 + ["start"], "2026-11-23T08:00:00"),
    "title-too-long": with_(GOOD, B0 + ["title"], "a" * 201),
    "title-control": with_(GOOD, B0 + ["title"], "bell\u0007"),
    "title-newline": with_(GOOD, B0 + ["title"], "two\nlines"),
    "title-nul": dump(GOOD).replace(b"R\xc3\xa9union", b"R\\u0000union"),
    "title-invalid-utf8": dump(GOOD).replace(b"R\xc3\xa9union",
                                             b"R\xff\xfeunion"),
    "title-overlong-utf8": dump(GOOD).replace(b"R\xc3\xa9union",
                                              b"R\xc0\xafunion"),
    "title-lone-surrogate": dump(GOOD).replace(b"R\xc3\xa9union",
                                               b"R\\ud800union"),
    "title-c1-control": with_(GOOD, B0 + ["title"], "x\u0085y"),
    "booker-too-long": with_(GOOD, B0 + ["booker"], "J" * 65),
    "booker-email": with_(GOOD, B0 + ["email"], "jean.dupont@univ.fr"),
    "checkin-code-leak": with_(GOOD, B0 + ["code"], "1234"),
    "missing-release-at": with_(GOOD, B0 + ["release_at"], DELETE),
    "pending-sync-string": with_(GOOD, B0 + ["pending_sync"], "yes"),
    "duplicate-key": dump(GOOD).replace(b'"room": "g1"',
                                        b'"room": "g1", "room": "g1"'),
    "bookings-object": with_(GOOD, ["bookings"], {}),
    "booking-not-object": with_(GOOD, ["bookings"], [1]),
    "open-not-array": with_(GOOD, ["open"], "08:00-20:00"),
    "spans-overlap": with_(GOOD, ["open"], [
        {"start": "2026-11-23T07:00:00Z", "end": "2026-11-23T12:00:00Z"},
        {"start": "2026-11-23T11:00:00Z", "end": "2026-11-23T19:00:00Z"}]),
    "spans-unsorted": with_(GOOD, ["open"], [
        {"start": "2026-11-23T13:00:00Z", "end": "2026-11-23T19:00:00Z"},
        {"start": "2026-11-23T07:00:00Z", "end": "2026-11-23T12:00:00Z"}]),
    "too-many-spans": with_(GOOD, ["open"], [
        {"start": "2026-11-23T%02d:00:00Z" % h,
         "end": "2026-11-23T%02d:30:00Z" % h} for h in range(9)]),
    "too-many-messages": with_(GOOD, ["messages"], [
        {"from": "2026-11-23T07:00:00Z", "to": "2026-11-23T19:00:00Z",
         "text": "m%d" % i} for i in range(17)]),
    "message-empty": with_(GOOD, ["messages", 0, "text"], ""),
    "message-too-long": with_(GOOD, ["messages", 0, "text"], "m" * 501),
    "deep-nesting": b'{"room":"g1","evil":' + b"[" * 5000 + b"]" * 5000
                    + b"}",
    "trailing-garbage": dump(GOOD) + b" x",
    "two-documents": dump(GOOD) + dump(GOOD),
    "utf8-bom": b"\xef\xbb\xbf" + dump(GOOD),
}

R0 = ["results", 0]
results = {
    "empty": b"",
    "not-json": b"Service Unavailable",
    "bare-array": dump(GOOD_RESULT["results"]),
    "missing-results": b"{}",
    "results-object": with_(GOOD_RESULT, ["results"], {}),
    "extra-field": with_(GOOD_RESULT, ["evil"], True),
    "result-extra-field": with_(GOOD_RESULT, R0 + ["evil"], True),
    "result-not-object": with_(GOOD_RESULT, ["results"], [1]),
    "unknown-key": with_(GOOD_RESULT, R0 + ["key"],
                         "22222222-2222-4222-8222-222222222222"),
    "key-not-uuid": with_(GOOD_RESULT, R0 + ["key"], "not-a-uuid"),
    "key-missing": with_(GOOD_RESULT, R0 + ["key"], DELETE),
    "duplicate-result": dump({"results": GOOD_RESULT["results"] * 2}),
    "more-results-than-events": dump({"results": [
        GOOD_RESULT["results"][0],
        dict(GOOD_RESULT["results"][0],
             key="33333333-3333-4333-8333-333333333333")]}),
    "status-unknown": with_(GOOD_RESULT, R0 + ["status"], "maybe"),
    "status-missing": with_(GOOD_RESULT, R0 + ["status"], DELETE),
    "applied-with-code": with_(GOOD_RESULT, R0 + ["code"], "overlap"),
    "refused-without-code": with_(GOOD_RESULT, R0 + ["status"], "refused"),
    "code-too-long": dump({"results": [{"key": KEY, "status": "refused",
                                        "code": "c" * 65}]}),
    "message-too-long": dump({"results": [{"key": KEY, "status": "refused",
                                           "code": "overlap",
                                           "message": "m" * 1001}]}),
    "message-invalid-utf8": dump({"results": [
        {"key": KEY, "status": "refused", "code": "overlap",
         "message": "XX"}]}).replace(b"XX", b"\xff\xff"),
    "booking-id-zero": with_(GOOD_RESULT, R0 + ["booking", "id"], 0),
    "booking-extra-field": with_(GOOD_RESULT, R0 + ["booking", "email"],
                                 "jean.dupont@univ.fr"),
    "booking-end-before-start": with_(GOOD_RESULT,
                                      R0 + ["booking", "end"],
                                      "2026-11-23T07:00:00Z"),
    "booking-status-unknown": with_(GOOD_RESULT, R0 + ["booking", "status"],
                                    "teleported"),
    "booking-not-object": with_(GOOD_RESULT, R0 + ["booking"], 11),
    "truncated": dump(GOOD_RESULT)[:-3],
}

for folder, table in (("schedule", schedule), ("results", results)):
    path = os.path.join(HERE, folder)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    for name, body in table.items():
        with open(os.path.join(path, name + ".json"), "wb") as f:
            f.write(body)
    print(folder, len(table))

#!/usr/bin/python3
"""server.bad: a table of bad requests (tests/server/bad/NNN-name.txt),
each answered 4xx with the expected status and error code, the database
unchanged (compared with a dump before and after) and the server alive.

A case file reads like an HTTP request:

    # what it checks (lines starting with '#' at the top)
    POST /api/v1/bookings
    Header: value
    (an empty line)
    the body, up to the last line (its final line break is not sent)
    --- expect STATUS CODE

In the request line, headers and body, @@NAME@@ is replaced: @@desk@@,
@@admin@@, @@fac@@, @@super@@, @@desk2@@ (staff session tokens),
@@door_g1@@, @@door_g2@@ (door tokens), @@booking@@ and @@token@@ (a
confirmed booking of g1 tomorrow and its booker token), @@booking2@@ and
@@token2@@ (a pending one of g2), @@start@@ and @@end@@ (a free hour of
g1 tomorrow). @@x:HH@@ is the byte 0xHH, @@repeat:N:C@@ the character C
N times.
"""

import datetime
import glob
import http.client
import json
import os
import re
import sys

from porte_test import Env, check, eq, iso, paris

HERE = os.path.dirname(os.path.abspath(__file__))
TUE_10 = paris(2026, 11, 24, 10)
HOUR = datetime.timedelta(hours=1)


def load(path):
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    i = 0
    while lines[i].startswith(b"#"):
        i += 1
    request = lines[i].decode()
    i += 1
    headers = []
    while lines[i] != b"":
        name, _, value = lines[i].decode().partition(":")
        headers.append((name.strip(), value.strip()))
        i += 1
    i += 1
    body = []
    while not lines[i].startswith(b"--- expect "):
        body.append(lines[i])
        i += 1
    want = lines[i][len(b"--- expect "):].decode().split()
    return request, headers, b"\n".join(body), int(want[0]), want[1]


def expand(data, values):
    """Replaces the @@...@@ of DATA (bytes)."""
    def one(m):
        key = m.group(1).decode()
        if key.startswith("x:"):
            return bytes([int(key[2:], 16)])
        if key.startswith("repeat:"):
            _, n, c = key.split(":", 2)
            return c.encode() * int(n)
        return values[key].encode()
    return re.sub(rb"@@([^@]+)@@", one, data)


def send(port, method, path, headers, body):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if body or method == "POST":
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            try:
                conn.send(body)
            except OSError:
                pass  # the server may answer 413 and close early
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def main():
    server_bin, admin_bin = sys.argv[1], sys.argv[2]
    only = sys.argv[3:]
    cases = sorted(glob.glob(os.path.join(HERE, "bad", "*.txt")))
    check(len(cases) >= 40, "at least 40 cases", len(cases))
    env = Env(server_bin, admin_bin)
    failed = 0
    try:
        env.ready()
        s = env.server
        bid, tok = env.confirmed("g1", TUE_10, 60)
        r2 = env.book("g2", TUE_10, 60, email="marie.curie@univ.fr")
        _, tok2 = env.mail_token("marie.curie@univ.fr")
        values = dict(env.tokens)
        values.update({
            "door_g1": env.devices["g1"], "door_g2": env.devices["g2"],
            "booking": str(bid), "token": tok,
            "booking2": str(r2.json["id"]), "token2": tok2,
            "start": iso(TUE_10 + 4 * HOUR),
            "end": iso(TUE_10 + 5 * HOUR),
        })
        for path in cases:
            name = os.path.basename(path)[:-4]
            if only and name not in only:
                continue
            try:
                request, headers, body, status, code = load(path)
                method, target = expand(request.encode(),
                                        values).decode().split(" ", 1)
                hdrs = [(n, expand(v.encode(), values).decode())
                        for n, v in headers]
                body = expand(body, values)
                before = env.dump()
                got, data = send(s.port, method, target, hdrs, body)
                eq(got, status, "status (%r)" % data[:300])
                check(400 <= got < 500, "a 4xx")
                if data:
                    j = json.loads(data)
                    eq(j["error"]["code"], code, "error code")
                    check(j["error"]["message"], "a message")
                else:
                    check(method == "HEAD", "a body", data)
                eq(env.dump(), before, "the database did not change")
                eq(s.get("/healthz").status, 200, "the server is alive")
            except Exception as e:  # noqa: BLE001 - report each case
                failed += 1
                print("FAIL %s: %s" % (name, e))
            else:
                print("ok   %s -> %d %s" % (name, status, code))
        check(s.alive(), "the server is still running")
        s.stop()
    finally:
        env.close()
    print("%d of %d cases passed" % (len(cases) - failed, len(cases)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

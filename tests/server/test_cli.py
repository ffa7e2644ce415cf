#!/usr/bin/python3
"""server.cli: porte-server's command line: what it refuses (exit 2 for
a wrong command line, 1 for a database or address it cannot use, with a
message that says what to do), and a clean stop on SIGINT and SIGTERM."""

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time

from porte_test import Env, Server, check, eq, main

BASE = ["--listen", "127.0.0.1:0", "--base-url", "http://porte.test"]


def run(server_bin, args, timeout=20):
    p = subprocess.run([server_bin] + args, capture_output=True, text=True,
                       timeout=timeout, stdin=subprocess.DEVNULL)
    check("Sanitizer" not in p.stderr, "no sanitizer report (leaks on the "
          "way out included)", p.stderr[-2000:])
    return p.returncode, p.stdout, p.stderr


def usage_errors(server_bin, admin_bin):
    env = Env(server_bin, admin_bin, standard=False)
    try:
        db = ["--db", env.db]
        for args, what in (([], "nothing"),
                           (db + ["--listen", "127.0.0.1:0"], "no base"),
                           (db + BASE + ["--threads", "0"], "threads 0"),
                           (db + BASE + ["--threads", "x"], "threads x"),
                           (db + BASE + ["--smtp", "smtp://h"], "no from"),
                           (db + BASE + ["--lang", "de"], "lang de"),
                           (db + BASE + ["--colour"], "unknown option"),
                           (db + BASE + ["extra"], "an argument")):
            rc, out, err = run(server_bin, args)
            eq(rc, 2, what)
            check(err.strip(), "says why: " + what)
            eq(out, "", "nothing on stdout: " + what)
        rc, out, _ = run(server_bin, ["--help"])
        eq(rc, 0, "--help")
        check("--clock-file" in out and "FOR TESTS ONLY" in out,
              "the test clock is documented as such", out)
    finally:
        env.close()


def database_errors(server_bin, admin_bin):
    env = Env(server_bin, admin_bin, standard=False)
    try:
        missing = os.path.join(env.dir, "missing.db")
        rc, out, err = run(server_bin, ["--db", missing] + BASE)
        eq(rc, 1, "a missing database")
        check("porte-admin --db %s init" % missing in err, "says what to do",
              err)
        check(not os.path.exists(missing), "not created")
        empty = os.path.join(env.dir, "empty.db")
        open(empty, "w").close()
        rc, out, err = run(server_bin, ["--db", empty] + BASE)
        eq(rc, 1, "an empty (version 0) database")
        check("porte-admin --db %s init" % empty in err, "says what to do",
              err)
        other = os.path.join(env.dir, "other.db")
        con = sqlite3.connect(other)
        con.execute("CREATE TABLE t(x)")
        con.commit()
        con.close()
        rc, out, err = run(server_bin, ["--db", other] + BASE)
        eq(rc, 1, "not Porte's database")
        check("not a Porte database" in err, "says so", err)
        rc, out, err = run(server_bin, ["--db", env.db, "--listen",
                                        "nowhere", "--base-url",
                                        "http://porte.test"])
        eq(rc, 1, "a bad listen address")
        rc, out, err = run(server_bin, ["--db", env.db, "--listen",
                                        "127.0.0.1:0", "--base-url",
                                        "ftp://x"])
        eq(rc, 1, "a bad base URL")
        rc, out, err = run(server_bin, ["--db", env.db, "--clock-file",
                                        os.path.join(env.dir, "nope")] +
                           BASE)
        eq(rc, 1, "a missing clock file")
        with open(os.path.join(env.dir, "bad-clock"), "w") as f:
            f.write("tomorrow\n")
        rc, out, err = run(server_bin, ["--db", env.db, "--clock-file",
                                        os.path.join(env.dir, "bad-clock")]
                           + BASE)
        eq(rc, 1, "a clock file without a time")
        check("RFC 3339" in err, "says what it wants", err)
        # A port in use.
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        rc, out, err = run(server_bin, ["--db", env.db, "--listen",
                                        "127.0.0.1:%d" % port,
                                        "--base-url", "http://porte.test"])
        s.close()
        eq(rc, 1, "a port in use")
    finally:
        env.close()


def clean_stops(server_bin, admin_bin):
    env = Env(server_bin, admin_bin)
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            srv = Server(server_bin, env.db, env.clock).start()
            eq(srv.get("/healthz").status, 200, "serving")
            # A long-poll under way when the signal comes.
            out = []
            etag = srv.get("/api/v1/rooms/g1/schedule").headers["etag"]
            th = threading.Thread(target=lambda: out.append(srv.get(
                "/api/v1/rooms/g1/schedule?wait=30",
                headers={"If-None-Match": etag}, timeout=40)))
            th.start()
            time.sleep(0.3)
            t0 = time.monotonic()
            srv.proc.send_signal(sig)
            rc = srv.proc.wait(20)
            th.join(10)
            eq(rc, 0, "exit status after %s" % sig.name)
            check(time.monotonic() - t0 < 10, "stops soon")
            err = srv.stderr()
            check("Sanitizer" not in err, "no sanitizer report", err)
            check(out and out[0].status == 503, "the long-poll gets 503",
                  out)
            srv.proc.stdout.close()
            srv.errfile.close()
    finally:
        env.close()


TESTS = [
    ("usage_errors", usage_errors),
    ("database_errors", database_errors),
    ("clean_stops", clean_stops),
]

if __name__ == "__main__":
    main(TESTS)

#!/usr/bin/python3
"""tests/bench/longpoll.py: many door displays waiting on their schedules.

Opens COUNT connections to porte-server on 127.0.0.1 and sends on each a
long-poll, as a door does:

    GET PATH&wait=WAIT   If-None-Match: ETAG   Authorization: Bearer TOKEN

taking the targets of TARGETS (the tab-separated file of poll.lua: PATH,
ETAG, TOKEN, "-" for none) in turn. A reply is counted by status and the
poll sent again on the same connection (with the new ETag after a 200), as
a door would. Prints

    longpoll: ready sent=N connect_errors=E seconds=S

once every connection has its poll under way, then, on SIGTERM, SIGINT or
after --max-seconds,

    longpoll: done polls=N answered=A statuses=304:x,200:y errors=E

and exits, closing every connection. Loopback only; bounded: COUNT
connections, no reconnection, at most --max-seconds.

usage: longpoll.py --port PORT --targets FILE [--count 2000] [--wait 60]
                   [--max-seconds 300]
"""

import argparse
import asyncio
import collections
import resource
import signal
import sys
import time

BATCH = 200  # connections opened at once: the listen queue stays short
HEADER_MAX = 16 * 1024
BODY_MAX = 1024 * 1024


class Stats:
    def __init__(self):
        self.sent = 0
        self.answered = 0
        self.statuses = collections.Counter()
        self.connect_errors = 0
        self.errors = 0


def read_targets(path):
    targets = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if not fields[0]:
                continue
            while len(fields) < 3:
                fields.append("-")
            targets.append(fields[:3])
    if not targets:
        raise SystemExit("longpoll.py: no targets in %s" % path)
    return targets


def poll_request(path, etag, token, wait):
    sep = "&" if "?" in path else "?"
    lines = ["GET %s%swait=%d HTTP/1.1" % (path, sep, wait),
             "Host: 127.0.0.1"]
    if etag != "-":
        lines.append("If-None-Match: " + etag)
    if token != "-":
        lines.append("Authorization: Bearer " + token)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


async def read_reply(reader):
    """The status and ETag of one reply (its body read and dropped)."""
    head = await reader.readuntil(b"\r\n\r\n")
    if len(head) > HEADER_MAX:
        raise ValueError("reply header too long")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, etag = 0, None
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "etag":
            etag = value.strip()
    if length > BODY_MAX:
        raise ValueError("reply body too long")
    if length:
        await reader.readexactly(length)
    return status, etag


async def door(target, args, stats, started):
    path, etag, token = target
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1",
                                                       args.port)
    except OSError:
        stats.connect_errors += 1
        started()
        return
    try:
        first = True
        while True:
            writer.write(poll_request(path, etag, token, args.wait))
            await writer.drain()
            stats.sent += 1
            if first:
                started()
                first = False
            status, new_etag = await read_reply(reader)
            stats.answered += 1
            stats.statuses[status] += 1
            if status == 200 and new_etag:
                etag = new_etag
            elif status not in (200, 304):
                return
    except (OSError, ValueError, asyncio.IncompleteReadError):
        stats.errors += 1
        if first:
            started()
    finally:
        writer.close()


async def run(args):
    targets = read_targets(args.targets)
    stats = Stats()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    all_started = asyncio.Event()
    pending = [args.count]
    tasks = []

    def started():
        pending[0] -= 1
        if pending[0] == 0:
            all_started.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    t0 = time.monotonic()
    for i in range(args.count):
        tasks.append(asyncio.create_task(
            door(targets[i % len(targets)], args, stats, started)))
        if (i + 1) % BATCH == 0:
            await asyncio.sleep(0.05)
    try:
        await asyncio.wait_for(all_started.wait(), timeout=60)
    except asyncio.TimeoutError:
        pass
    print("longpoll: ready sent=%d connect_errors=%d seconds=%.2f" %
          (stats.sent, stats.connect_errors, time.monotonic() - t0),
          flush=True)
    try:
        await asyncio.wait_for(stop.wait(), timeout=args.max_seconds)
    except asyncio.TimeoutError:
        pass
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    statuses = ",".join("%d:%d" % kv for kv in sorted(stats.statuses.items()))
    print("longpoll: done polls=%d answered=%d statuses=%s errors=%d" %
          (stats.sent, stats.answered, statuses or "none", stats.errors),
          flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--targets", required=True)
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--wait", type=int, default=60)
    p.add_argument("--max-seconds", type=float, default=300)
    args = p.parse_args()
    if not 1 <= args.count <= 20000:
        p.error("--count: 1 to 20000")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.count + 64
    if soft < want:
        if hard != resource.RLIM_INFINITY and hard < want:
            p.error("--count: the open file limit is %d" % hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR
Listens on 127.0.0.1 on a free port, prints "PORT <n>" on stdout once ready,
and writes each message it accepts to DIR/<n>.eml (envelope recipients on
the first line as "X-Rcpt-To: ..."). Stops on SIGTERM or when stdin closes.
"""
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%d.eml" % self.count)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(b"X-Rcpt-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(b"X-Mail-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(tmp, path)
        return "250 OK"


async def main(directory):
    loop = asyncio.get_running_loop()
    handler = Sink(directory)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="porte-test", enable_SMTPUTF8=True),
        "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)
    stop = loop.create_future()

    def finish():
        if not stop.done():
            stop.set_result(None)

    def on_stdin():
        if not sys.stdin.read(1):
            loop.remove_reader(sys.stdin.fileno())
            finish()

    loop.add_signal_handler(signal.SIGTERM, finish)
    loop.add_reader(sys.stdin.fileno(), on_stdin)
    await stop
    server.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))

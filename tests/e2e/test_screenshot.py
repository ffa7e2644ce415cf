"""e2e.screenshot: porte-kiosk --screenshot in --server mode draws the
server's schedule (the room's name and a booking title that only the
server knows), and the QR code it draws opens the right page on the
server: BASE_URL/b/24?door=PROOF while booking 24's check-in is open
(its page answers 200 with its title; a forged proof 403), and
BASE_URL/r/ROOM when the room is free."""

import os
import re
import subprocess

import e2e
from e2e import check


def screenshot(w, now, name):
    path = os.path.join(w.dir, name)
    env = dict(w.env)
    env["SDL_VIDEODRIVER"] = "offscreen"
    r = subprocess.run(w.kiosk_args(now, ["--screenshot", path,
                                          "--print-texts"]),
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=30)
    err = r.stderr.decode()
    check(r.returncode == 0, "porte-kiosk --screenshot", r.returncode, err)
    check("Sanitizer" not in err and "runtime error" not in err,
          "sanitizer report", err)
    check("no answer from the server" not in err,
          "the screenshot did not wait for the server", err)
    return path, r.stdout.decode().splitlines()


def test(w):
    w.make_db()
    w.start_server()
    w.enroll()

    # Booked, check-in open: the booking's QR code with a door proof.
    path, texts = screenshot(w, e2e.NOW, "booked.png")
    check(e2e.ROOM_NAME in texts, "the room's name drawn", texts)
    check(e2e.B24_TITLE in texts, "booking 24's title drawn", texts)
    check(any("Exposition « Écrivaines" in t for t in texts),
          "the site's message drawn", texts)
    check("09:05" in texts, "the clock drawn", texts)
    url = e2e.decode_qr(path)
    m = re.match(r"^(http://127\.0\.0\.1:\d+)/b/(\d+)\?door=([0-9a-z]{8})$",
                 url)
    check(m is not None, "a booking QR code with a door proof", url)
    check(m.group(1) == w.url, "the QR's base URL is the server's", url)
    check(int(m.group(2)) == e2e.B24, "the QR names booking 24", url)
    status, page = w.get_url(url)
    check(status == 200, "GET of the QR's page", status, page[:300])
    check(e2e.B24_TITLE in page, "the page shows booking 24", page[:500])
    forged = "x" if m.group(3)[0] != "x" else "y"
    status, _ = w.get_url(url[:-8] + forged + url[-7:])
    check(status == 403, "a forged proof is refused", status)

    # Free (12:05 in Paris, between bookings 25 and 26): the room's page.
    free = "2026-11-23T11:05:00Z"
    w.set_clock(free)
    path, texts = screenshot(w, free, "free.png")
    url = e2e.decode_qr(path)
    check(url == w.url + "/r/" + e2e.ROOM, "a free room's QR code", url)
    status, page = w.get_url(url)
    check(status == 200, "GET of the room's page", status)
    check(e2e.ROOM_NAME in page or "Hypatie" in page,
          "the room's page names it", page[:500])
    return ("the server's schedule on the screenshot; its QR codes open "
            "booking 24's page (door proof) and the room's page")


e2e.run(test)

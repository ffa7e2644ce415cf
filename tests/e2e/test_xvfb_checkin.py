"""e2e.xvfb_checkin: the door in a real X11 window under Xvfb.

- The QR code on screen (captured with ImageMagick's import, decoded with
  zbarimg) is booking 24's page with a door proof, and a new proof is
  drawn at the next minute (the door's clock starts 5 s before it): both
  pages answer 200.
- A tap on "Check in" (xdotool, on the target the door reports with
  --trace) reaches the server within 1 s: booking 24 is checked_in
  there, with exactly one check-in event, and the door says so.
- The staff PIN is checked by the server: a wrong one is refused, the
  desk's opens the staff menu.
"""

import os
import re
import time

import e2e
from e2e import check

START = "2026-11-23T08:05:55Z"  # Monday 09:05:55 in Paris


def qr_line(line):
    m = re.match(r"porte-kiosk: trace: qr (\S+)$", line)
    return m.group(1) if m else None


def captured_qr(w, k, name, want):
    """Captures the window until its QR code reads WANT (a frame may land
    just after the trace line)."""
    got = None
    for i in range(5):
        path = os.path.join(w.dir, "%s-%d.png" % (name, i))
        w.capture(k, path)
        got = e2e.decode_qr(path)
        if got == want:
            return got
    check(False, "the window's QR code", got, want)


def check_page(w, url):
    status, page = w.get_url(url)
    check(status == 200, "GET " + url, status, page[:300])
    check(e2e.B24_TITLE in page, "the page shows booking 24", page[:400])


def test(w):
    w.make_db(START)
    w.start_xvfb()
    w.start_server()
    w.enroll()
    k = w.start_kiosk(START)
    e2e.wait_sync(k, lambda s: s[1] and s[3].get("24") == "confirmed", 10,
                  "booking 24 from the server")

    # The QR code, and the next minute's.
    i, _, line = k.wait_line(lambda l: (qr_line(l) or "").find("door=") > 0,
                             10, "a booking QR code")
    first = qr_line(line)
    check(re.match(re.escape(w.url) + r"/b/24\?door=[0-9a-z]{8}$", first),
          "booking 24's QR", first)
    captured_qr(w, k, "qr1", first)
    check_page(w, first)
    _, _, line = k.wait_line(lambda l: qr_line(l) is not None, 15,
                             "the QR code of the next minute", i + 1)
    second = qr_line(line)
    check(second != first and second.startswith(w.url + "/b/24?door="),
          "a new door proof at the minute", first, second)
    captured_qr(w, k, "qr2", second)
    check_page(w, second)

    # Tap "Check in"; the server has it within 1 s.
    _, checkin = e2e.wait_targets(k, "checkin")
    token = w.staff_token()
    check(w.booking(e2e.B24, token)["status"] == "confirmed",
          "booking 24 confirmed before the tap")
    mark = k.mark()
    t0 = time.monotonic()
    w.tap(k, checkin)
    status = None
    while time.monotonic() - t0 < 3:
        status = w.booking(e2e.B24, token)["status"]
        if status == "checked_in":
            break
        time.sleep(0.005)
    elapsed = time.monotonic() - t0
    check(status == "checked_in", "booking 24 checked in on the server",
          status)
    print("tap to server: %.0f ms" % (elapsed * 1000))
    check(elapsed < 1.0, "tap to server within 1 s", elapsed)
    k.wait_line(lambda l: "toast=checked_in" in l, 5,
                "the checked-in toast", mark)
    e2e.wait_sync(k, lambda s: s[3].get("24") == "checked_in" and
                  s[2] == 0, 5, "booking 24 acknowledged", mark)
    events = [e["kind"] for e in w.booking(e2e.B24, token)["events"]]
    check(events.count("checkin") == 1, "one check-in event", events)

    # Staff PINs, judged by the server.
    mark = k.mark()
    _, staff = e2e.wait_targets(k, "staff")
    w.tap(k, staff)
    k.wait_line(lambda l: "screen=pin" in l, 5, "the PIN keypad", mark)
    pin = w.staff["desk"][2]
    wrong = "9" + pin[1:] if pin[0] != "9" else "8" + pin[1:]
    w.type(k, wrong)
    k.wait_line(lambda l: "toast=wrong_pin" in l, 5, "a wrong PIN refused",
                mark)
    mark = k.mark()
    w.type(k, pin)
    k.wait_line(lambda l: "screen=staff" in l, 5, "the staff menu", mark)

    check(k.stop() == 0, "the door stops cleanly on SIGTERM")
    k.check_clean()
    return ("QR codes of two minutes open booking 24's page; a tap checks "
            "in on the server in %.0f ms" % (elapsed * 1000))


e2e.run(test)

"""e2e.server_change: a booking made through the API (staff, POST
/api/v1/bookings) is on the door's screen within 1 s, by the long-poll:
measured from just before the POST to the door's --trace line written
once the new schedule is drawn (both on CLOCK_MONOTONIC). Then a
cancellation goes the same way."""

import json
import time

import e2e
from e2e import check

TITLE = "Soutenance blanche (e2e)"


def longpoll_armed(w, timeout=10):
    """Waits until the door's long-poll is held by the server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if w.metric("porte_http_waiting") >= 1:
            return
        time.sleep(0.02)
    check(False, "the door's long-poll never waited on the server")


def test(w):
    w.make_db()
    w.start_xvfb()
    w.start_server()
    w.enroll()
    k = w.start_kiosk()
    e2e.wait_sync(k, lambda s: s[1] and "24" in s[3], 10,
                  "the first schedule")
    token = w.staff_token()
    longpoll_armed(w)

    # 12:30-13:30 in Paris is free between bookings 25 and 26.
    mark = k.mark()
    t0 = time.monotonic()
    status, body = w.request("POST", "/api/v1/bookings", {
        "room": e2e.ROOM, "start": "2026-11-23T11:30:00Z",
        "end": "2026-11-23T12:30:00Z", "title": TITLE}, token=token)
    check(status == 201, "staff booking", status, body)
    bid = str(json.loads(body)["id"])
    _, s = e2e.wait_sync(k, lambda s: s[3].get(bid) == "confirmed", 5,
                         "booking %s on the door" % bid, mark)
    shown = s[0] - t0
    print("server change to screen: %.0f ms" % (shown * 1000))
    check(shown < 1.0, "a new booking on the door within 1 s", shown)

    longpoll_armed(w)
    mark = k.mark()
    t0 = time.monotonic()
    status, body = w.request("POST", "/api/v1/bookings/%s/cancel" % bid,
                             {"reason": "e2e"}, token=token)
    check(status == 200, "cancel", status, body)
    # A cancelled booking leaves the door's day.
    _, s = e2e.wait_sync(k, lambda s: s[3].get(bid, "cancelled") ==
                         "cancelled", 5, "the cancellation on the door",
                         mark)
    cancelled = s[0] - t0
    print("cancellation to screen: %.0f ms" % (cancelled * 1000))
    check(cancelled < 1.0, "a cancellation on the door within 1 s",
          cancelled)

    check(k.stop() == 0, "the door stops cleanly on SIGTERM")
    k.check_clean()
    return ("a new booking on the door in %.0f ms, its cancellation in "
            "%.0f ms" % (shown * 1000, cancelled * 1000))


e2e.run(test)

"""e2e.offline: nothing shown as done at the door is lost or doubled.

The server is killed (-9). On the door, in its window under Xvfb: check
in booking 24, end it, book the room now (each confirmed on screen). The
door is killed (-9) too. The server comes back on the same port and
database, the door with the same cache: each action reaches the server
exactly once (booking 24 has one check-in and one end event; there is
exactly one walk-in booking, checked in). A second kill -9 and restart
of the door changes nothing more.
"""

import signal

import e2e
from e2e import check


def tap_and_see(w, k, action, toast=None, confirm=False):
    """Taps ACTION; with CONFIRM, then "yes" on the dialog; waits for
    TOAST."""
    mark = k.mark()
    _, rect = e2e.wait_targets(k, action, 10)
    w.tap(k, rect)
    if confirm:
        _, rect = e2e.wait_targets(k, "yes", 10, mark)
        w.tap(k, rect)
    if toast is not None:
        k.wait_line(lambda l: "toast=" + toast in l, 10,
                    "the %s toast" % toast, mark)


def walk_ins(w, token, before):
    out = []
    for b in w.schedule(token)["bookings"]:
        if b["id"] not in before:
            out.append(w.booking(b["id"], token))
    return out


def counts(w, token, before):
    events = [e["kind"] for e in w.booking(e2e.B24, token)["events"]]
    news = walk_ins(w, token, before)
    return (w.booking(e2e.B24, token)["status"], events.count("checkin"),
            events.count("end"), [(b["id"], b["status"], b["walk_in"])
                                  for b in news])


def test(w):
    w.make_db()
    w.start_xvfb()
    w.start_server()
    w.enroll()
    port = w.port
    token = w.staff_token()
    before = {b["id"] for b in w.schedule(token)["bookings"]}

    k = w.start_kiosk()
    e2e.wait_sync(k, lambda s: s[1] and s[3].get("24") == "confirmed", 10,
                  "booking 24 from the server")
    w.kill_server()

    tap_and_see(w, k, "checkin", "checked_in")
    tap_and_see(w, k, "end", "ended", confirm=True)
    tap_and_see(w, k, "book_now", "booked", confirm=True)
    k.stop(signal.SIGKILL)

    w.start_server(port)
    check(w.port == port, "the server back on its port")
    token = w.staff_token()
    k = w.start_kiosk()
    e2e.wait_sync(k, lambda s: s[1] and s[2] == 0 and
                  s[3].get("24") == "ended", 15,
                  "the outbox delivered (online, nothing pending)")
    status, checkins, ends, news = counts(w, token, before)
    check(status == "ended", "booking 24 ended on the server", status)
    check(checkins == 1, "one check-in of booking 24", checkins)
    check(ends == 1, "one end of booking 24", ends)
    check(len(news) == 1, "exactly one walk-in booking", news)
    check(news[0][1] == "checked_in" and news[0][2],
          "the walk-in is checked in", news)
    k.wait_line(lambda l: e2e.sync_of(l) is not None and
                str(news[0][0]) in e2e.sync_of(l)[3], 10,
                "the walk-in under its server id on the door")

    # Killed again and restarted: nothing is sent twice.
    k.stop(signal.SIGKILL)
    k = w.start_kiosk()
    e2e.wait_sync(k, lambda s: s[1] and s[2] == 0, 10, "the door online")
    again = counts(w, token, before)
    check(again == (status, checkins, ends, news),
          "nothing more after a second restart", again)
    check(k.stop() == 0, "the door stops cleanly on SIGTERM")
    k.check_clean()
    return ("check-in, end and walk-in taken offline, killed -9, each on "
            "the server exactly once (walk-in %s)" % news[0][0])


e2e.run(test)

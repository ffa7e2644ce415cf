#!/bin/sh
# xvfb.sh KIOSK FIXTURES OUTDIR
# The door display in a real X11 window under Xvfb, driven with xdotool:
# a tap on "Check in" reaches the outbox and shows its toast; the staff
# button, a PIN typed on the keyboard and Enter open the staff menu;
# Escape leaves it. Fails without Xvfb or xdotool (scripts/install-deps
# test installs them).
set -eu
kiosk=$1 fixtures=$2 outdir=$3
for tool in Xvfb xdotool; do
	command -v "$tool" >/dev/null || { echo "no $tool" >&2; exit 1; }
done
mkdir -p "$outdir"
log=$outdir/xvfb.log
: >"$log"
xpid= kpid=
cleanup() {
	[ -n "$kpid" ] && kill "$kpid" 2>/dev/null || true
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$log" >&2; exit 1; }

# Xvfb picks a free display and writes its number on fd 3.
rm -f "$outdir/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp \
	3>"$outdir/display" 2>/dev/null &
xpid=$!
n=0
while ! grep -q '^[0-9]' "$outdir/display" 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 100 ] || fail "Xvfb did not start"
	sleep 0.1
done
DISPLAY=:$(cat "$outdir/display")
export DISPLAY

# Where the targets are, from the same state drawn offscreen.
targets=$(SDL_VIDEODRIVER=offscreen "$kiosk" --state "$fixtures/checkin.json" \
	--size 800x480 --screenshot "$outdir/xvfb.png" --print-targets)
center() {
	echo "$targets" | awk -v a="$1" '$1 == a { print int($3 + $5 / 2), int($4 + $6 / 2); exit }'
}
checkin=$(center checkin)
staff=$(center staff)
[ -n "$checkin" ] && [ -n "$staff" ] || fail "no targets: $targets"

SDL_VIDEODRIVER=x11 "$kiosk" --state "$fixtures/checkin.json" --windowed \
	--size 800x480 --trace 2>"$log" &
kpid=$!
wid=$(timeout 10 xdotool search --sync --classname '^porte-kiosk$' | head -n 1)
[ -n "$wid" ] || fail "no window"

wait_for() {
	n=0
	while ! grep -qF -- "$1" "$log"; do
		n=$((n + 1)); [ $n -lt 100 ] || fail "never saw \"$1\""
		sleep 0.1
	done
}
wait_for "trace: screen=door"
# shellcheck disable=SC2086
xdotool mousemove --window "$wid" $checkin click 1
wait_for "outbox: checkin b-1043"
wait_for "toast=checked_in"

# shellcheck disable=SC2086
xdotool mousemove --window "$wid" $staff click 1
wait_for "screen=pin"
xdotool windowfocus --sync "$wid" 2>/dev/null || true
xdotool type --delay 30 246810
xdotool key Return
wait_for "screen=staff"
xdotool key Escape
wait_for "screen=door toast="
kill "$kpid"
wait "$kpid" 2>/dev/null || true
kpid=
echo "ok: tap, keypad and staff menu in a real window"

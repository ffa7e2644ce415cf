#!/bin/sh
# idle-wakeups.sh KIOSK FIXTURE DRIVER [SECONDS]
# A benchmark, not a ctest: runs the door display idle under SDL video
# DRIVER (offscreen, dummy, x11 under its own Xvfb) and reports the
# voluntary context switches of all its threads over SECONDS (default 10),
# its CPU time and resident memory. DESIGN §7: idle CPU under 1 %, under
# 40 MB; the loop must not wake every millisecond.
set -eu
kiosk=$1 fixture=$2 driver=$3 secs=${4:-10}
xpid=
tmp=$(mktemp -d)
cleanup() {
	[ -n "${kpid:-}" ] && kill "$kpid" 2>/dev/null || true
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
if [ "$driver" = x11 ]; then
	Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp \
		3>"$tmp/display" 2>/dev/null &
	xpid=$!
	while ! grep -q '^[0-9]' "$tmp/display" 2>/dev/null; do sleep 0.1; done
	DISPLAY=:$(cat "$tmp/display")
	export DISPLAY
fi
SDL_VIDEODRIVER=$driver "$kiosk" --state "$fixture" --windowed \
	--size 800x480 ${KIOSK_ARGS:-} 2>"$tmp/err" &
kpid=$!
sleep 3
switches() {
	cat /proc/"$kpid"/task/*/status |
		awk '/^voluntary_ctxt_switches/ { v += $2 } END { print v }'
}
cpu() { awk '{ print $14 + $15 }' /proc/"$kpid"/stat; }
v0=$(switches) c0=$(cpu)
sleep "$secs"
v1=$(switches) c1=$(cpu)
rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$kpid"/status)
threads=$(ls /proc/"$kpid"/task | wc -l)
hz=$(getconf CLK_TCK)
echo "$driver: $((v1 - v0)) wake-ups in ${secs} s" \
	"($(awk -v n=$((v1 - v0)) -v s="$secs" 'BEGIN { printf "%.2f", n / s }')/s)," \
	"CPU $(awk -v t=$((c1 - c0)) -v h="$hz" -v s="$secs" 'BEGIN { printf "%.2f", 100 * t / h / s }') %," \
	"RSS $((rss / 1024)) MB, $threads thread(s)"

#!/bin/sh
# cli.sh KIOSK FIXTURES OUTDIR
# The command line: what is not there yet says so; bad values are refused
# with a clear message; a screenshot needs no display.
set -eu
kiosk=$1 fixtures=$2 outdir=$3
mkdir -p "$outdir"
err=$outdir/cli.err
fail() { echo "FAIL: $*" >&2; cat "$err" >&2; exit 1; }

for opt in "--server http://x" "--room r" "--token-file t" "--cache c" \
	"--enroll CODE"; do
	# shellcheck disable=SC2086
	if "$kiosk" $opt 2>"$err"; then fail "$opt was accepted"; fi
	grep -q "not available yet" "$err" || fail "$opt: no clear message"
done
if "$kiosk" --state "$fixtures/free.json" --size 12x7 2>"$err"; then
	fail "--size 12x7 accepted"
fi
grep -q -- "--size" "$err" || fail "--size: no message"
if "$kiosk" --state "$fixtures/free.json" --lang de 2>"$err"; then
	fail "--lang de accepted"
fi
if "$kiosk" --state "$fixtures/free.json" --now yesterday \
	--screenshot "$outdir/x.png" 2>"$err"; then
	fail "--now yesterday accepted"
fi
if "$kiosk" --state /nonexistent.json --screenshot "$outdir/x.png" \
	2>"$err"; then
	fail "a missing fixture accepted"
fi
grep -q "/nonexistent.json" "$err" || fail "missing fixture: no message"
"$kiosk" --help | grep -q -- "--screenshot" || fail "--help"
# No display at all: the screenshot path needs none.
env -u DISPLAY -u WAYLAND_DISPLAY SDL_VIDEODRIVER=dummy "$kiosk" \
	--state "$fixtures/free.json" --now 2026-11-23T15:00:00Z \
	--size 1280x800 --screenshot "$outdir/cli.png" 2>"$err" ||
	fail "screenshot without a display"
[ -s "$outdir/cli.png" ] || fail "no PNG written"
echo "ok"

#!/bin/sh
# cli.sh KIOSK FIXTURES OUTDIR
# The command line: misused options and bad values are refused with a
# clear message; a screenshot needs no display.
set -eu
kiosk=$1 fixtures=$2 outdir=$3
mkdir -p "$outdir"
err=$outdir/cli.err
fail() { echo "FAIL: $*" >&2; cat "$err" >&2; exit 1; }

# The server options: refused with a fixture, and each failure says why
# and what to do (nothing listens on port 1).
for opt in "--server http://x" "--room r" "--token-file t" "--cache c"; do
	# shellcheck disable=SC2086
	if "$kiosk" --state "$fixtures/free.json" $opt 2>"$err"; then
		fail "--state with $opt was accepted"
	fi
	grep -q "do not go with it" "$err" || fail "$opt: no clear message"
done
if "$kiosk" --enroll CODE 2>"$err"; then fail "--enroll without --server"; fi
grep -q -- "--enroll needs --server" "$err" || fail "--enroll: no message"
state=$outdir/cli-state
rm -rf "$state"
if env XDG_STATE_HOME="$state" "$kiosk" --server http://127.0.0.1:1 \
	--screenshot "$outdir/x.png" 2>"$err"; then
	fail "a door that is not enrolled ran"
fi
grep -q "not enrolled" "$err" || fail "not enrolled: no message"
grep -q -- "--enroll CODE --server URL" "$err" || fail "no way to enrol said"
if "$kiosk" --enroll ABCD-EFGH --server http://127.0.0.1:1 \
	--token-file "$state/token" --cache "$state/cache.db" 2>"$err"; then
	fail "enrolment without a server succeeded"
fi
grep -q "enrolment failed" "$err" || fail "enrolment: no message"
[ ! -e "$state/token" ] || fail "a failed enrolment wrote a token"
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

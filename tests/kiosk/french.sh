#!/bin/sh
# french.sh KIOSK FIXTURES OUTDIR
# The French catalog really reaches the screen, whatever the environment
# says, and English is English even in a French environment.
set -eu
kiosk=$1 fixtures=$2 outdir=$3
mkdir -p "$outdir"
texts=$outdir/french.txt
fail() { echo "FAIL: $*" >&2; cat "$texts" >&2; exit 1; }

LANG=C LC_ALL=C LANGUAGE=en SDL_VIDEODRIVER=offscreen "$kiosk" \
	--state "$fixtures/checkin.json" --lang fr \
	--screenshot "$outdir/french.png" --print-texts >"$texts"
for want in "Réservée" "À confirmer avant 13:15" "Je suis là" \
	"lundi" "23 novembre" "Confirmez sur votre téléphone" "pour confirmer"; do
	grep -qxF "$want" "$texts" || fail "no \"$want\" in French"
done
grep -qx "Booked" "$texts" && fail "English \"Booked\" in French"

LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 LANGUAGE=fr SDL_VIDEODRIVER=dummy \
	"$kiosk" --state "$fixtures/checkin.json" --lang en \
	--screenshot "$outdir/english.png" --print-texts >"$texts"
for want in "Booked" "Check in before 13:15" "Check in" "Monday" \
	"23 November" "Check in on your phone"; do
	grep -qxF "$want" "$texts" || fail "no \"$want\" in English"
done
grep -qx "Réservée" "$texts" && fail "French in English"
echo "ok: French and English chosen by --lang"

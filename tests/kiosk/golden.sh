#!/bin/sh
# golden.sh KIOSK COMPARE FIXTURE SIZE LANG GOLDEN OUTDIR
# Renders FIXTURE offscreen at SIZE in LANG and compares it with GOLDEN.
# GENERATE=1 writes GOLDEN instead. Fails when the font is not Lato, the
# one the goldens were drawn with (scripts/install-deps installs
# fonts-lato).
set -eu
kiosk=$1 compare=$2 fixture=$3 size=$4 lang=$5 golden=$6 outdir=$7
name=$(basename "$golden" .png)
mkdir -p "$outdir"
out=$outdir/$name.png
font=$("$kiosk" --print-font | head -n 1)
case $font in
*Lato-Regular.ttf) ;;
*)
	echo "the goldens are drawn with Lato (fonts-lato); found $font" >&2
	exit 1
	;;
esac
SDL_VIDEODRIVER=offscreen "$kiosk" --state "$fixture" --size "$size" \
	--lang "$lang" --check --screenshot "$out"
if [ "${GENERATE:-0}" = 1 ]; then
	cp "$out" "$golden"
	echo "regenerated $golden"
	exit 0
fi
if [ ! -f "$golden" ]; then
	echo "no golden $golden: run with GENERATE=1 and look at it" >&2
	exit 1
fi
exec "$compare" "$out" "$golden" "$outdir/$name.diff.png"

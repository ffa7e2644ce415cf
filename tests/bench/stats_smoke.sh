#!/usr/bin/env bash
# tests/bench/stats_smoke.sh PORTE_SERVER PORTE_ADMIN: ctest's
# bench.stats-smoke. Runs "scripts/bench stats --quick" with these binaries
# (20 rooms, 60 days, 3 requests of each kind: a few seconds) and checks
# that it finished cleanly and printed every figure line. It checks no
# figure: benchmarks are never timed tests.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 2 ] || {
	echo "usage: $0 PORTE_SERVER PORTE_ADMIN" >&2
	exit 2
}
out=$(mktemp "${TMPDIR:-/tmp}/porte-bench-stats-smoke.XXXXXX")
trap 'rm -f "$out"' EXIT
"$root/scripts/bench" stats --quick --server "$1" --admin "$2" >"$out" 2>&1
rc=$?
cat "$out"
fail=0
if [ $rc -ne 0 ]; then
	echo "smoke: scripts/bench stats --quick exited $rc" >&2
	fail=1
fi
for key in dashboard-year-all-cold dashboard-year-all \
	dashboard-year-site-cold dashboard-year-site dashboard-4weeks-cold \
	dashboard-year-room-cold api-json-year-all api-csv-year-all; do
	if ! grep -Eq "^bench: $key +median_ms=[0-9.]+ p95_ms=[0-9.]+ cpu_ms=[0-9]+ runs=3 bytes=[1-9]" "$out"; then
		echo "smoke: no figure line for $key" >&2
		fail=1
	fi
done
for line in '^bench: data: rooms=20 bookings=[1-9][0-9]* events=[1-9]' \
	'^bench: porte-admin-stats +wall_ms=[0-9]+ bookings [1-9]' \
	'^bench: porte-server stopped$'; do
	if ! grep -Eq "$line" "$out"; then
		echo "smoke: no line matching $line" >&2
		fail=1
	fi
done
dir=$(grep -Eom1 '/[^ ]*/porte-bench-stats\.[A-Za-z0-9]+' "$out")
if [ -n "$dir" ] && [ -d "$dir" ]; then
	echo "smoke: the benchmark left $dir behind" >&2
	fail=1
fi
exit $fail

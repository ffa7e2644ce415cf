#!/usr/bin/env bash
# tests/bench/smoke.sh PORTE_SERVER PORTE_ADMIN: ctest's bench.smoke. Runs
# "scripts/bench server --quick" with these binaries (a second a run) and
# checks that it finished cleanly and printed every figure line. It checks
# no figure: benchmarks are never timed tests. wrk, nginx and jq come with
# scripts/install-deps test; without them it fails.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -eq 2 ] || {
	echo "usage: $0 PORTE_SERVER PORTE_ADMIN" >&2
	exit 2
}
out=$(mktemp "${TMPDIR:-/tmp}/porte-bench-smoke.XXXXXX")
trap 'rm -f "$out"' EXIT
"$root/scripts/bench" server --quick --server "$1" --admin "$2" >"$out" 2>&1
rc=$?
cat "$out"
if [ $rc -eq 77 ]; then
	echo "smoke: a tool of the benchmark is missing (scripts/install-deps test)" >&2
	exit 1
fi
fail=0
if [ $rc -ne 0 ]; then
	echo "smoke: scripts/bench server --quick exited $rc" >&2
	fail=1
fi
for key in poll-304 poll-200-anon poll-200-door nginx-static longpoll-304 \
	book checkin; do
	if ! grep -Eq "^bench: $key +[^ ].* [0-9]+ +[0-9.]+ +[0-9.]+ " "$out"; then
		echo "smoke: no figure line for $key" >&2
		fail=1
	fi
done
for line in '^bench: \$ wrk ' '^bench: check-ins: [1-9]' \
	'^bench: long-polls: longpoll: done polls=[1-9]' \
	'^bench: porte-server stopped on SIGTERM in [0-9]+ ms, exit status 0$'; do
	if ! grep -Eq "$line" "$out"; then
		echo "smoke: no line matching $line" >&2
		fail=1
	fi
done
# Its temporary directory is in the commands it printed: nothing may run
# from it any more.
dir=$(grep -Eom1 '/[^ ]*/porte-bench-server\.[A-Za-z0-9]+' "$out")
if [ -n "$dir" ] && pgrep -f "$dir" >/dev/null 2>&1; then
	echo "smoke: something of the benchmark is still running" >&2
	fail=1
fi
exit $fail

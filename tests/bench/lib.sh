# shellcheck shell=bash disable=SC2034
# tests/bench/lib.sh: what the benchmarks (scripts/bench-*) share. Source it
# after setting nothing; it sets BENCH_ROOT (the repository) and defines:
#
#   bench_say TEXT...        a line of output, prefixed "bench: "
#   bench_die TEXT...        says it on stderr and exits 1
#   bench_build TARGET...    scripts/install-deps bench, then a Release build
#                            (-O2, no sanitizers) of TARGET... in build/bench;
#                            BENCH_BUILD is that directory
#   bench_tmpdir NAME        a new temporary directory in BENCH_TMP, removed
#                            at exit unless BENCH_KEEP=1; also arms the trap
#   bench_track PID...       processes to stop at exit (SIGTERM, then SIGKILL
#                            after 5 s), by their id only
#   bench_untrack PID        one that was stopped already
#   bench_cpu_ticks PID...   user+system clock ticks they used (threads
#                            included); BENCH_HZ ticks a second
#   bench_proc PID           "rss_kb=N hwm_kb=N threads=N fds=N" from /proc
#   bench_wait_file FILE REGEX SECONDS
#                            waits until FILE holds a line matching REGEX
#                            (grep -E); 1 when it never did
#   bench_free_port          a free TCP port on 127.0.0.1 (for servers that
#                            cannot take port 0 and tell)
#
# The trap runs at exit, and on SIGINT/SIGTERM: nothing started stays
# running.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_HZ=$(getconf CLK_TCK)
BENCH_PIDS=()
BENCH_TMP=
BENCH_KEEP=${BENCH_KEEP:-0}

bench_say() {
	printf 'bench: %s\n' "$*"
}

bench_die() {
	printf 'bench: error: %s\n' "$*" >&2
	exit 1
}

bench_build() {
	local dir=$BENCH_ROOT/build/bench log
	"$BENCH_ROOT/scripts/install-deps" bench
	mkdir -p "$dir"
	log=$dir/bench-build.log
	if ! {
		cmake -S "$BENCH_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release \
			-DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
			-DPORTE_SANITIZE=OFF -DPORTE_WERROR=OFF &&
			cmake --build "$dir" -j2 --target "$@"
	} >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		bench_die "the Release build failed (whole log: $log)"
	fi
	BENCH_BUILD=$dir
}

bench_track() {
	BENCH_PIDS+=("$@")
}

bench_untrack() {
	local keep=() p
	for p in "${BENCH_PIDS[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	BENCH_PIDS=("${keep[@]}")
}

# Stops what is still tracked, by id: SIGTERM, 5 s, SIGKILL.
bench_stop_all() {
	local p i alive
	[ ${#BENCH_PIDS[@]} -gt 0 ] || return 0
	for p in "${BENCH_PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || true
	done
	for ((i = 0; i < 50; i++)); do
		alive=0
		for p in "${BENCH_PIDS[@]}"; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ $alive -eq 0 ] && break
		sleep 0.1
	done
	for p in "${BENCH_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	BENCH_PIDS=()
}

bench_cleanup() {
	bench_stop_all
	if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then
		if [ "$BENCH_KEEP" = 1 ]; then
			bench_say "kept $BENCH_TMP"
		else
			rm -rf "$BENCH_TMP"
		fi
	fi
}

bench_tmpdir() {
	BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/porte-bench-$1.XXXXXX")
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

bench_cpu_ticks() {
	local p sum=0 line rest
	local -a f
	for p in "$@"; do
		line=$(cat "/proc/$p/stat" 2>/dev/null) || continue
		rest=${line##*) }
		read -r -a f <<<"$rest"
		sum=$((sum + f[11] + f[12]))
	done
	echo "$sum"
}

bench_proc() {
	local p=$1 rss hwm threads fds
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status")
	hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$p/status")
	threads=$(awk '/^Threads:/ {print $2}' "/proc/$p/status")
	fds=$(find "/proc/$p/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	echo "rss_kb=$rss hwm_kb=$hwm threads=$threads fds=$fds"
}

bench_wait_file() {
	local file=$1 re=$2 tenths=$(($3 * 10)) i
	for ((i = 0; i < tenths; i++)); do
		grep -Eq "$re" "$file" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

bench_free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

-- tests/bench/common.lua: what the wrk scripts of tests/bench share.
-- Loaded with dofile(); returns a table of functions.
local ffi = require("ffi")
local common = {}

pcall(ffi.cdef, [[
struct bench_timespec { long tv_sec; long tv_nsec; };
int clock_gettime(int clock, struct bench_timespec *tp);
]])

-- Seconds on CLOCK_MONOTONIC, to the nanosecond.
function common.now()
	local ts = ffi.new("struct bench_timespec")

	ffi.C.clock_gettime(1, ts)
	return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) / 1e9
end

-- True on the first call of request() in the first thread: wrk 4 makes
-- that call itself, before the run, to check the request, and sends
-- nothing of it; a script that hands out work in order must not count it.
local verified = false

function common.verifying(thread_id)
	if verified or thread_id ~= 0 then
		return false
	end
	verified = true
	return true
end

-- The seconds the threads were at work: from the first request of any to
-- the end of the last, when every thread ended early (its globals t_first
-- and t_last set: it ran out of work and stopped); nil otherwise (the
-- threads ran for wrk's whole -d).
function common.active(threads)
	local first, last

	for _, t in ipairs(threads) do
		local a, b = t:get("t_first"), t:get("t_last")

		if a == nil or b == nil then
			return nil
		end
		first = (first == nil or a < first) and a or first
		last = (last == nil or b > last) and b or last
	end
	return last - first
end

-- The lines of the file at PATH split on tabs, empty lines skipped.
function common.read_tsv(path)
	local rows = {}
	local f = assert(io.open(path, "r"))

	for line in f:lines() do
		if line ~= "" then
			local row = {}

			for field in (line .. "\t"):gmatch("([^\t]*)\t") do
				table.insert(row, field)
			end
			table.insert(rows, row)
		end
	end
	f:close()
	return rows
end

-- A random version 4 UUID (RFC 9562), as the door's outbox keys are.
function common.uuid()
	local r = math.random

	return string.format("%08x-%04x-4%03x-%04x-%04x%08x",
		r(0, 0xffffffff), r(0, 0xffff), r(0, 0xfff),
		0x8000 + r(0, 0x3fff), r(0, 0xffff), r(0, 0xffffffff))
end

-- Seeds math.random differently in every thread of every run.
function common.seed(thread_id)
	local f = io.open("/dev/urandom", "rb")
	local s = 0

	if f ~= nil then
		local b = f:read(6)

		f:close()
		for i = 1, #b do
			s = s * 256 + b:byte(i)
		end
	end
	math.randomseed(s + os.time() + 7919 * (thread_id or 0))
end

-- The line done() prints: what scripts/bench-server reads. ACTIVE, when
-- not nil, replaces wrk's duration (threads that stopped early).
function common.result(summary, latency, extra, active)
	local seconds = active or summary.duration / 1e6
	local e = summary.errors
	local errors = e.connect + e.read + e.write + e.timeout

	io.write(string.format(
		"wrk-result: requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f " ..
		"p99_ms=%.3f errors=%d early=%s %s\n", summary.requests,
		seconds, summary.requests / seconds,
		latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		errors, active and "yes" or "no", extra or ""))
end

return common

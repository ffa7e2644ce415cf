-- tests/bench/poll.lua: a wrk script for GET requests spread over targets,
-- counting the statuses they got (so a "304 test" shows it got 304s).
--
--   wrk -t2 -c100 -d10s --latency -s tests/bench/poll.lua URL -- TARGETS
--
-- TARGETS is a file, one target a line, fields separated by tabs:
--   PATH  ETAG  TOKEN     ("-" for none)
-- ETAG is sent as If-None-Match, TOKEN as "Authorization: Bearer". Each
-- thread goes through the targets in turn from its own starting point.
-- done() prints one line for scripts/bench-server to read:
--   wrk-result: requests=N seconds=S rps=R p50_ms=A p99_ms=B
--               s200=N s304=N other=N errors=N
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

local threads = {}
local next_id = 0

function setup(thread)
	thread:set("thread_id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

local requests = {}
local at = 1
s200, s304, other = 0, 0, 0

function init(args)
	local targets = common.read_tsv(args[1])

	for _, t in ipairs(targets) do
		local headers = {}

		if t[2] ~= nil and t[2] ~= "-" then
			headers["If-None-Match"] = t[2]
		end
		if t[3] ~= nil and t[3] ~= "-" then
			headers["Authorization"] = "Bearer " .. t[3]
		end
		table.insert(requests, wrk.format("GET", t[1], headers))
	end
	assert(#requests > 0, "no targets in " .. tostring(args[1]))
	at = (thread_id or 0) % #requests + 1
end

function request()
	local r = requests[at]

	at = at % #requests + 1
	return r
end

function response(status)
	if status == 200 then
		s200 = s200 + 1
	elseif status == 304 then
		s304 = s304 + 1
	else
		other = other + 1
	end
end

function done(summary, latency)
	local n = {s200 = 0, s304 = 0, other = 0}

	for _, t in ipairs(threads) do
		for k in pairs(n) do
			n[k] = n[k] + (t:get(k) or 0)
		end
	end
	common.result(summary, latency, string.format(
		"s200=%d s304=%d other=%d", n.s200, n.s304, n.other))
end

-- tests/bench/checkin.lua: a wrk script where doors check bookings in
-- through their outbox: POST /api/v1/events, one check-in event a request,
-- each with a new random v4 UUID key, each booking checked in once.
--
--   wrk -t2 -c100 -d10s -s tests/bench/checkin.lua URL -- TARGETS AT
--
-- Thread N reads TARGETS.N: "BOOKING<TAB>TOKEN" a line, the booking and
-- the token of its room's door. AT is the event's time (RFC 3339). Once
-- a thread has sent a request for each of its bookings, its connections
-- wait (delay) and the thread stops when each booking had its reply; when
-- every thread stopped so, the figures are over the time they were at
-- work. done() prints the "wrk-result:" line with applied, refused and
-- other (not a 200).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

local threads = {}
local next_id = 0

function setup(thread)
	thread:set("thread_id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

local targets, at
local sent, answered = 0, 0
local seen = {}
applied, refused, other = 0, 0, 0
t_first, t_last = nil, nil

function init(args)
	common.seed(thread_id)
	targets = common.read_tsv(args[1] .. "." .. thread_id)
	at = args[2]
	assert(#targets > 0, "no bookings for thread " .. thread_id)
end

function request()
	local t = targets[sent % #targets + 1]
	local body = string.format('{"events":[{"key":"%s","type":"checkin",' ..
		'"booking":%s,"at":"%s"}]}', common.uuid(), t[1], at)

	if common.verifying(thread_id) then
		return wrk.format("POST", "/api/v1/events", nil, body)
	end
	if t_first == nil then
		t_first = common.now()
	end
	sent = sent + 1
	return wrk.format("POST", "/api/v1/events", {
		["Authorization"] = "Bearer " .. t[2],
		["Content-Type"] = "application/json"}, body)
end

function delay()
	if sent >= #targets then
		return 3600 * 1000
	end
	return 0
end

function response(status, headers, body)
	if status ~= 200 then
		other = other + 1
	elseif body:find('"status":"applied"', 1, true) then
		applied = applied + 1
	else
		refused = refused + 1
	end
	local id = body:match('"booking":{"id":(%d+)')

	if id ~= nil and not seen[id] then
		seen[id] = true
		answered = answered + 1
	end
	if answered == #targets and t_last == nil then
		t_last = common.now()
		wrk.thread:stop()
	end
end

function done(summary, latency)
	local c = {applied = 0, refused = 0, other = 0}

	for _, t in ipairs(threads) do
		for k in pairs(c) do
			c[k] = c[k] + (t:get(k) or 0)
		end
	end
	common.result(summary, latency, string.format(
		"applied=%d refused=%d other=%d", c.applied, c.refused,
		c.other), common.active(threads))
end

-- tests/bench/book.lua: a wrk script where staff book: POST /api/v1/bookings
-- spread over rooms, each request a new booking (its own patron e-mail).
--
--   wrk -t2 -c100 -d10s -s tests/bench/book.lua URL -- \
--       TOKEN ROOMS START END DOMAIN OUT
--
-- TOKEN is a staff session's; ROOMS a file of room slugs, one a line;
-- START and END the booking's times (wall times of the site are fine);
-- DOMAIN the patrons' e-mail domain. Every booking made (201) is written
-- as "ID<TAB>ROOM" to OUT.N (N: the thread). A thread stops at its first
-- 409 (the rooms are full); when every thread stopped so, the figures are
-- over the time they were at work. done() prints the "wrk-result:" line
-- with s201 (made), s409 (refused: full...), other.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local common = dofile(here .. "common.lua")

local threads = {}
local next_id = 0

function setup(thread)
	thread:set("thread_id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

local token, start, stop, domain, out
local rooms = {}
local n = 0
s201, s409, other = 0, 0, 0
t_first, t_last = nil, nil

function init(args)
	token, start, stop, domain = args[1], args[3], args[4], args[5]
	for _, row in ipairs(common.read_tsv(args[2])) do
		table.insert(rooms, row[1])
	end
	assert(#rooms > 0, "no rooms in " .. tostring(args[2]))
	out = assert(io.open(args[6] .. "." .. thread_id, "w"))
	out:setvbuf("line")
	n = thread_id or 0
end

function request()
	local room = rooms[n % #rooms + 1]
	local body = string.format('{"room":"%s","start":"%s","end":"%s",' ..
		'"title":"Banc d\'essai","email":"banc-%d-%d@%s",' ..
		'"override_quota":true}', room, start, stop, thread_id, n,
		domain)

	if common.verifying(thread_id) then
		return wrk.format("POST", "/api/v1/bookings", nil, body)
	end
	if t_first == nil then
		t_first = common.now()
	end
	n = n + 1
	return wrk.format("POST", "/api/v1/bookings", {
		["Authorization"] = "Bearer " .. token,
		["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
	if status == 201 then
		local id = body:match('"id":(%d+)')
		local room = body:match('"room":"([^"]+)"')

		s201 = s201 + 1
		if id ~= nil and room ~= nil then
			out:write(id, "\t", room, "\n")
		end
	elseif status == 409 then
		s409 = s409 + 1
		if t_last == nil then
			t_last = common.now()
			wrk.thread:stop()
		end
	else
		other = other + 1
	end
end

function done(summary, latency)
	local c = {s201 = 0, s409 = 0, other = 0}

	for _, t in ipairs(threads) do
		for k in pairs(c) do
			c[k] = c[k] + (t:get(k) or 0)
		end
	end
	common.result(summary, latency, string.format(
		"s201=%d s409=%d other=%d", c.s201, c.s409, c.other),
		common.active(threads))
end

-- SPDX-License-Identifier: MIT
-- bench/serve_events.lua - the wrk script of bench/serve.sh: POST
-- /v1/events with N native events per request (N = 1: one object; N > 1:
-- an array), each with an id unique across threads and requests, spread
-- over LEADS leads (default 1000), each stamped with the current time
-- (seconds from os.time(), milliseconds counted up within the second), so
-- a lead's events arrive in time order as a live source sends them, not
-- all at one instant in the past.  At the end: one line
--   RESULT p50_us p99_us requests seconds non2xx socket_errors
-- usage: wrk ... -s serve_events.lua URL -- N TOKEN [LEADS]
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  batch = tonumber(args[1] or "1")
  token = args[2] or ""
  leads = tonumber(args[3] or "1000")
  math.randomseed(os.time() + (tid or 0) * 7919)
  prefix = string.format("w%d-%d-", tid or 0, math.random(1, 1000000000))
end

-- now, RFC 3339 with milliseconds, never going back within this thread
local last_sec, ms = 0, 0
local function stamp()
  local sec = os.time()
  if sec ~= last_sec then
    last_sec, ms = sec, 0
  elseif ms < 999 then
    ms = ms + 1
  end
  return os.date("!%Y-%m-%dT%H:%M:%S", sec) .. string.format(".%03dZ", ms)
end

local function event(n, ts)
  return string.format(
    '{"id":"%s%d","ts":"%s","type":"page_view","lead":"l%d@bench.io","props":{"path":"/docs"}}',
    prefix, n, ts, n % leads)
end

function request()
  local parts = {}
  local ts = stamp()
  for i = 1, batch do
    counter = counter + 1
    parts[i] = event(counter, ts)
  end
  local body = parts[1]
  if batch > 1 then body = "[" .. table.concat(parts, ",") .. "]" end
  return wrk.format("POST", "/v1/events",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %.3f %d %d\n", latency:percentile(50),
    latency:percentile(99), summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout))
end

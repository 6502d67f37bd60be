-- SPDX-License-Identifier: MIT
-- bench/alerts_events.lua - the wrk script of bench/alerts.sh: POST
-- /v1/events with N page_view events per request, each id unique across
-- threads and requests, spread over 1000 leads, timestamped now (alerts of
-- old events would be skipped_backfill).  At the end: one line
--   RESULT p50_us p99_us requests seconds non2xx socket_errors
-- usage: wrk ... -s alerts_events.lua URL -- N TOKEN
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  batch = tonumber(args[1] or "1")
  token = args[2] or ""
  prefix = string.format("a%d-%d-", tid or 0, math.random(1, 1000000000))
end

function request()
  local ts = os.date("!%Y-%m-%dT%H:%M:%SZ")
  local parts = {}
  for i = 1, batch do
    counter = counter + 1
    parts[i] = string.format(
      '{"id":"%s%d","ts":"%s","type":"page_view","lead":"l%d@bench.io","props":{"path":"/docs"}}',
      prefix, counter, ts, counter % 1000)
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

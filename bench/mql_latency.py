#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# bench/mql_latency.py - for bench/serve.sh: the time from a request that
# makes a lead an MQL to that MQL visible in GET /v1/leads/{id}.
#
# For each of N leads: an identify (title "VP Sales": senior_title, 10 fit
# points) and a group (employees 120: size_50_500, 10 points) first, then
# the clock starts, POST /v1/events with a demo request (form_submit
# form=demo: 30 points; 50 in all = examples/definitions.yaml's min_score
# with min_fit 10), then GET /v1/leads/{id} until "mql" is set.  Prints
#   MQL n=N p50_ms=.. max_ms=.. polls_max=..
# usage: mql_latency.py PORT TOKEN [N]
import http.client
import json
import sys
import time

port, token = int(sys.argv[1]), sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 50
conn = http.client.HTTPConnection("127.0.0.1", port)
auth = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}


def call(method, path, body=None):
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=auth)
    r = conn.getresponse()
    data = r.read()
    return r.status, data


stamp = int(time.time())
times, polls_max = [], 0
for i in range(n):
    lead, acct = f"mql{stamp}-{i}@bench.io", f"acct{stamp}-{i}.io"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    setup = [
        {"id": f"{lead}-i", "ts": now, "type": "identify", "lead": lead, "account": acct,
         "traits": {"title": "VP Sales"}},
        {"id": f"{lead}-g", "ts": now, "type": "group", "account": acct,
         "traits": {"employees": 120}},
    ]
    status, _ = call("POST", "/v1/events", setup)
    assert status == 200, status
    status, body = call("GET", f"/v1/leads/{lead}")
    assert status == 200 and json.loads(body)["mql"] is None, body[:200]
    demo = {"id": f"{lead}-d", "ts": now, "type": "form_submit", "lead": lead,
            "props": {"form": "demo"}}
    t0 = time.perf_counter()
    status, _ = call("POST", "/v1/events", demo)
    assert status == 200, status
    polls = 0
    while True:
        polls += 1
        status, body = call("GET", f"/v1/leads/{lead}")
        if status == 200 and json.loads(body)["mql"] is not None:
            break
        if time.perf_counter() - t0 > 5:
            sys.exit(f"no MQL for {lead} after 5 s: {body[:300]!r}")
    times.append((time.perf_counter() - t0) * 1000)
    polls_max = max(polls_max, polls)
times.sort()
print(f"MQL n={n} p50_ms={times[n // 2]:.2f} max_ms={times[-1]:.2f} polls_max={polls_max}")

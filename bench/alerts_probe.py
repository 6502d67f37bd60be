#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/alerts_probe.py - event -> webhook latency for bench/alerts.sh.

Listens as the webhook receiver on 127.0.0.1:RECV_PORT and, for DURATION
seconds, sends RATE leads a second to handoff serve on SERVE_PORT, each one
POST /v1/events of identify + group + demo form that makes it an MQL (fit
35, behaviour 30, as in tests/integration/test_alerts.sh).  The latency of a
lead is the time from just before its POST to the arrival of its lead.mql
webhook.  Prints one line:
  PROBE sent received p50_ms p99_ms max_ms
usage: alerts_probe.py SERVE_PORT TOKEN RECV_PORT DURATION RATE
"""
import datetime
import http.client
import http.server
import json
import sys
import threading
import time

serve_port, token, recv_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
duration, rate = float(sys.argv[4]), float(sys.argv[5])
sent, arrived = {}, {}
lock = threading.Lock()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.monotonic()
        try:
            b = json.loads(body)
            if b.get("type") == "lead.mql":
                with lock:
                    arrived.setdefault(b["data"]["lead_id"], now)
        except (ValueError, KeyError):
            pass
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


srv = http.server.ThreadingHTTPServer(("127.0.0.1", recv_port), Receiver)
threading.Thread(target=srv.serve_forever, daemon=True).start()


def events(lead, n):
    ts = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    acct = lead.split("@")[1]
    return [{"id": "p%d-t" % n, "ts": ts, "type": "identify", "lead": lead,
             "traits": {"title": "VP Sales"}},
            {"id": "p%d-g" % n, "ts": ts, "type": "group", "lead": lead, "account": acct,
             "traits": {"employees": 120, "industry": "saas", "country": "US"}},
            {"id": "p%d-f" % n, "ts": ts, "type": "form_submit", "lead": lead,
             "props": {"form": "demo"}}]


conn = http.client.HTTPConnection("127.0.0.1", serve_port, timeout=30)
run = "%x" % int(time.time())
start = time.monotonic()
n = 0
while time.monotonic() - start < duration:
    lead = "probe%d@p%s.io" % (n, run)
    body = json.dumps(events(lead, n))
    t0 = time.monotonic()
    conn.request("POST", "/v1/events", body, {"Authorization": "Bearer " + token,
                                               "Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    if r.status == 200:
        sent[lead] = t0
    n += 1
    pause = start + n / rate - time.monotonic()
    if pause > 0:
        time.sleep(pause)
deadline = time.monotonic() + 10  # the stragglers
while time.monotonic() < deadline:
    with lock:
        if all(l in arrived for l in sent):
            break
    time.sleep(0.05)
with lock:
    lat = sorted((arrived[l] - t) * 1000 for l, t in sent.items() if l in arrived)


def pct(p):
    return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else float("nan")


print("PROBE %d %d %.1f %.1f %.1f" % (len(sent), len(lat), pct(50), pct(99),
                                       lat[-1] if lat else float("nan")))
srv.shutdown()

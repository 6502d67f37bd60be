# SPDX-License-Identifier: MIT
"""A webhook receiver for tests/integration/test_alerts.sh.

Usage: webhook_receiver.py PORTFILE LOGFILE [PLAN [DOWN]]
Listens on 127.0.0.1 at a free port (written to PORTFILE once listening) and
appends one JSON line per request to LOGFILE: path, the headers, the body,
the status it answered and the time it arrived (unix seconds, "t").  PLAN is
a comma list of statuses answered in turn, the last one repeated (default
200), e.g. "500,200"; "s200" answers 200 after 3 s (the request is logged
first: a test can kill the sender while it waits); "429@3" answers 429 with
Retry-After: 3.  With DOWN (seconds, or a file path) the port is bound (and
written) at once but only listened on after that long, or once that file
exists: until then connections are refused, as of a receiver that is down.  It does not verify anything: the test
verifies signatures with its own HMAC code.
"""
import http.server
import os
import json
import sys
import threading
import time

portfile, logfile = sys.argv[1], sys.argv[2]
plan = (sys.argv[3] if len(sys.argv) > 3 else "200").split(",")
lock = threading.Lock()
count = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with lock:
            i = count[0]
            count[0] += 1
            step = plan[min(i, len(plan) - 1)]
            status, _, after = step.lstrip("s").partition("@")
            status = int(status)
            with open(logfile, "a") as f:
                f.write(json.dumps({"path": self.path, "status": status,
                                    "headers": {k.lower(): v for k, v in self.headers.items()},
                                    "body": body.decode(), "t": time.time()}) + "\n")
        if step.startswith("s"):
            time.sleep(3)
        self.send_response(status)
        if after:
            self.send_header("Retry-After", after)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


down = sys.argv[4] if len(sys.argv) > 4 else "0"
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler, bind_and_activate=False)
srv.server_bind()
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
if down.replace(".", "", 1).isdigit():
    time.sleep(float(down))
else:
    while not os.path.exists(down):
        time.sleep(0.02)
srv.server_activate()
srv.serve_forever()

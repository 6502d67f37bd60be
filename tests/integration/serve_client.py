#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# A real HTTP client for tests/integration/test_serve.sh (Python's
# http.client, nothing of handoff's own code); the token is $HO_TOKEN.
#
#   serve_client.py port               print a free TCP port on 127.0.0.1
#   serve_client.py post PORT FILE THREADS CHUNK
#       post the events of the JSON Lines FILE to /v1/events from THREADS
#       threads, each its own disjoint share, CHUNK events a request; exit 1
#       unless every request got 200 with every event accepted
#   serve_client.py load PORT FILE ACKED
#       post FILE's events one request each until the server stops
#       answering; write the id of every event acknowledged with a 2xx to
#       ACKED (one a line, flushed after each)
import http.client
import json
import os
import socket
import sys
import threading


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def headers():
    """JSON, with the token of $HO_TOKEN."""
    return {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["HO_TOKEN"]}


def post(port, lines, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for chunk in lines:
        body = "[" + ",".join(chunk) + "]"
        conn.request("POST", "/v1/events", body.encode(), headers())
        resp = conn.getresponse()
        data = json.loads(resp.read())
        if resp.status != 200 or data["accepted"] != len(chunk):
            errors.append((resp.status, data))


def post_all(port, path, threads, chunk):
    lines = [line.strip() for line in open(path) if line.strip()]
    shares = [lines[i::threads] for i in range(threads)]
    errors = []
    workers = []
    for share in shares:
        chunks = [share[i:i + chunk] for i in range(0, len(share), chunk)]
        t = threading.Thread(target=post, args=(port, chunks, errors))
        t.start()
        workers.append(t)
    for t in workers:
        t.join()
    if errors:
        print(errors[:3], file=sys.stderr)
        return 1
    return 0


def load(port, path, acked):
    out = open(acked, "w")
    for line in open(path):
        if not line.strip():
            continue
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("POST", "/v1/events", line.encode(), headers())
            resp = conn.getresponse()
            resp.read()
            conn.close()
        except (OSError, http.client.HTTPException):
            return 0
        if 200 <= resp.status < 300:
            out.write(json.loads(line)["id"] + "\n")
            out.flush()
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "port":
        print(free_port())
        sys.exit(0)
    if cmd == "post":
        sys.exit(post_all(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
    if cmd == "load":
        sys.exit(load(int(sys.argv[2]), sys.argv[3], sys.argv[4]))
    sys.exit(2)

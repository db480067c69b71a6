#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for the notifier tests and the alert benchmark.

Prints its port on the first line of stdout, then serves HTTP/1.1 (keep-alive) until the
watched process exits. Every request is appended to --log as one JSON line: time received,
method, path, headers, body (text), and what was answered. The path chooses the behaviour:

  /ok                  200 "ok"
  /verify/SECRET       200 when X-Vantage-Signature is the HMAC-SHA256 of "TIMESTAMP.BODY"
                       under SECRET and X-Vantage-Timestamp is within 300 s; else 401
  /flaky/N             503 for the first N requests of each X-Vantage-Alert-Id, then 200
  /silent              reads the request and never answers
  /status/CODE         answers CODE
  /redirect            302 to /ok
"""
import argparse, hashlib, hmac, json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--log", required=True)
parser.add_argument("--watch", type=int, default=0)
args = parser.parse_args()

lock = threading.Lock()
attempts = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def do_POST(self):
        received = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = [p for p in self.path.split("?")[0].split("/") if p]
        status, answer = 200, "ok"
        if parts[:1] == ["verify"] and len(parts) == 2:
            stamp = self.headers.get("X-Vantage-Timestamp", "")
            given = self.headers.get("X-Vantage-Signature", "")
            expected = "sha256=" + hmac.new(parts[1].encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            fresh = stamp.isdigit() and abs(time.time() - int(stamp)) <= 300
            if not (fresh and hmac.compare_digest(given, expected)):
                status, answer = 401, "bad signature"
        elif parts[:1] == ["flaky"] and len(parts) == 2:
            alert = self.headers.get("X-Vantage-Alert-Id", "")
            with lock:
                attempts[alert] = attempts.get(alert, 0) + 1
                seen = attempts[alert]
            if seen <= int(parts[1]):
                status, answer = 503, "try again (attempt %d)" % seen
        elif parts[:1] == ["silent"]:
            self.record(received, body, 0, "")
            time.sleep(3600)
            return
        elif parts[:1] == ["status"] and len(parts) == 2:
            status, answer = int(parts[1]), "status %s" % parts[1]
        elif parts[:1] == ["redirect"]:
            self.record(received, body, 302, "")
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        # Logged before the answer, so a client that got its answer finds its request logged.
        self.record(received, body, status, answer)
        data = answer.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, received, body, status, answer):
        line = json.dumps({"received": received, "method": self.command, "path": self.path,
                           "headers": {k.lower(): v for k, v in self.headers.items()},
                           "body": body.decode("utf-8", "replace"), "status": status, "answer": answer})
        with lock:
            with open(args.log, "a") as log:
                log.write(line + "\n")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)


def watch():
    while args.watch:
        try:
            os.kill(args.watch, 0)
        except OSError:
            os._exit(0)
        time.sleep(0.5)


threading.Thread(target=watch, daemon=True).start()
server.serve_forever()

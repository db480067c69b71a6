#!/usr/bin/env python3
"""A stand-in for download.maxmind.com on 127.0.0.1, for testing scripts/update-geoip.sh.

    maxmind-server.py DIRECTORY ACCOUNT KEY

Serves GET /geoip/databases/<edition>/download?suffix=tar.gz and ?suffix=tar.gz.sha256 from
DIRECTORY/<edition>.tar.gz (the SHA-256 file in MaxMind's "<hash>  <name>" form, or
DIRECTORY/<edition>.tar.gz.sha256 when present) behind HTTP basic authentication, answering
401 to wrong credentials and 404 to unknown editions, as the real server does. Prints its port
on the first line, and exits when its parent does.
"""
import base64
import hashlib
import http.server
import os
import sys
import threading
import time
from urllib.parse import parse_qs, urlparse

directory, account, key = sys.argv[1], sys.argv[2], sys.argv[3]
expected = "Basic " + base64.b64encode(f"{account}:{key}".encode()).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") != expected:
            return self.answer(401, b"Invalid license key\n", {"WWW-Authenticate": 'Basic realm="MaxMind"'})
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/")
        suffix = parse_qs(url.query).get("suffix", [""])[0]
        if len(parts) != 4 or parts[:2] != ["geoip", "databases"] or parts[3] != "download":
            return self.answer(404, b"not found\n")
        archive = os.path.join(directory, parts[2] + ".tar.gz")
        if not os.path.exists(archive):
            return self.answer(404, b"Database edition not found\n")
        if suffix == "tar.gz":
            with open(archive, "rb") as f:
                return self.answer(200, f.read(), {"Content-Type": "application/gzip"})
        if suffix == "tar.gz.sha256":
            override = archive + ".sha256"
            if os.path.exists(override):
                with open(override, "rb") as f:
                    return self.answer(200, f.read())
            with open(archive, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()
            return self.answer(200, f"{digest}  {parts[2]}_20261201.tar.gz\n".encode())
        return self.answer(400, b"bad suffix\n")

    def answer(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
parent = os.getppid()


def watch():
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=watch, daemon=True).start()
server.serve_forever()

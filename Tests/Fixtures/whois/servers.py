#!/usr/bin/env python3
"""WHOIS and RDAP fixture servers for the probe.whois tests.

Starts, on 127.0.0.1 and free ports:
  registry   a WHOIS server answering from registry/<query>; it refers to the registrar
  registrar  a WHOIS server answering from registrar/<query>
  rdap       an HTTP server: /bootstrap/{dns,ipv4,ipv6,asn}.json and /rdap/{domain,ip,autnum}/...
Prints one JSON line with the three ports, then serves until the parent process exits.
In the answers, {registry}, {registrar} and {rdap} become the servers' addresses, and
{days+N} / {days-N} the date N days from now (ISO 8601, UTC).
"""
import datetime, json, os, re, socketserver, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
ports = {}


def render(text):
    for name, port in ports.items():
        text = text.replace("{%s}" % name, "127.0.0.1:%d" % port)
    def days(match):
        delta = int(match.group(1))
        date = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=delta)
        return date.strftime("%Y-%m-%dT%H:%M:%SZ")
    return re.sub(r"\{days([+-]\d+)\}", days, text)


def answer(folder, query):
    query = query.strip().lower()
    name = re.sub(r"[^a-z0-9.\-]", "_", query.split()[-1] if query else "")
    path = os.path.join(HERE, folder, name)
    if not os.path.isfile(path):
        path = os.path.join(HERE, folder, "_default")
    with open(path) as handle:
        return render(handle.read()).replace("{query}", query)


def whois_handler(folder):
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            line = self.rfile.readline(1024).decode("utf-8", "replace")
            if "slow" in line:
                time.sleep(30)
            # RFC 3912 servers (Verisign's among them) end every line with CRLF.
            text = answer(folder, line).replace("\r\n", "\n").replace("\n", "\r\n")
            self.wfile.write(text.encode())
    return Handler


class RDAP(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        file = None
        if path.startswith("/bootstrap/"):
            file = os.path.join(HERE, "rdap", "bootstrap-" + os.path.basename(path))
        elif path.startswith("/rdap/domain/"):
            file = os.path.join(HERE, "rdap", "domain-" + re.sub(r"[^a-z0-9.\-]", "_", path[13:].lower()) + ".json")
        elif path.startswith("/rdap/ip/"):
            file = os.path.join(HERE, "rdap", "ip.json")
        elif path.startswith("/rdap/autnum/"):
            file = os.path.join(HERE, "rdap", "autnum.json")
        if not file or not os.path.isfile(file):
            body = json.dumps({"errorCode": 404, "title": "Not Found"}).encode()
            self.send_response(404)
        else:
            with open(file) as handle:
                body = render(handle.read()).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/rdap+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class TCP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    parent = os.getppid()
    registry = TCP(("127.0.0.1", 0), whois_handler("registry"))
    registrar = TCP(("127.0.0.1", 0), whois_handler("registrar"))
    rdap = ThreadingHTTPServer(("127.0.0.1", 0), RDAP)
    rdap.daemon_threads = True
    ports.update(registry=registry.server_address[1], registrar=registrar.server_address[1], rdap=rdap.server_address[1])
    for server in (registry, registrar, rdap):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps(ports), flush=True)
    watched = int(sys.argv[1]) if len(sys.argv) > 1 else parent
    while True:
        try:
            os.kill(watched, 0)
        except OSError:
            return
        time.sleep(1)


if __name__ == "__main__":
    main()

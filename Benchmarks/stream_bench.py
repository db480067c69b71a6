#!/usr/bin/env python3
"""Fan-out of the live stream: N WebSocket clients following `results` while the scheduler
produces about R results a second.

    swift build -c release --product vantage
    python3 Benchmarks/stream_bench.py [--clients 1000] [--monitors 200] [--seconds 30] [--measured 50]

`vantage serve` (release, SQLite) runs --monitors tcp monitors at a 1 s interval against a
loopback listener: about that many `monitor.checked` events a second. --clients WebSocket
clients subscribe to `results`. --measured of them parse every frame and record the delay
from the event's `occurredAt` to its arrival; the others read and discard their bytes in big
chunks, so the load generator's cost stays below the server's (both share this machine's
cores). Reported: events delivered per second to all clients, the delay p50/p99 of the
measured clients, server CPU and RSS, and clients dropped (vantage_stream_clients_dropped_total).
"""
import argparse
import base64
import json
import multiprocessing
import os
import selectors
import socket
import struct
import subprocess
import sys
import tempfile
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(__file__))
from bench_server import LISTENER, Server, counter, cpu_seconds, free_port, rss_kib  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def connect(port, token):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /api/v1/ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer {token}\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(4096)
    if b" 101 " not in head.split(b"\r\n", 1)[0]:
        raise RuntimeError(head[:200])
    rest = head.split(b"\r\n\r\n", 1)[1]
    payload = json.dumps({"type": "subscribe", "topics": ["results"]}).encode()
    mask = os.urandom(4)
    s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    return s, rest


def frames(buffer):
    """Complete frames in buffer: (payloads, rest)."""
    out = []
    while len(buffer) >= 2:
        length = buffer[1] & 0x7F
        offset = 2
        if length == 126:
            if len(buffer) < 4:
                break
            length = struct.unpack(">H", buffer[2:4])[0]
            offset = 4
        elif length == 127:
            if len(buffer) < 10:
                break
            length = struct.unpack(">Q", buffer[2:10])[0]
            offset = 10
        if len(buffer) < offset + length:
            break
        out.append((buffer[0] & 0x0F, buffer[offset:offset + length]))
        buffer = buffer[offset + length:]
    return out, buffer


def measuring(port, token, seconds, start_at, results):
    sock, buffer = connect(port, token)
    delays = []
    events = 0
    while time.time() < start_at:
        data = sock.recv(65536)
        buffer += data
        _, buffer = frames(buffer)
    deadline = start_at + seconds
    sock.settimeout(1)
    while time.time() < deadline:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            break
        now = time.time()
        buffer += data
        parsed, buffer = frames(buffer)
        for opcode, payload in parsed:
            if opcode != 1:
                continue
            frame = json.loads(payload)
            if frame.get("type") == "event":
                events += 1
                occurred = datetime.fromisoformat(frame["event"]["occurredAt"].replace("Z", "+00:00")).timestamp()
                delays.append(now - occurred)
    results.put(("measured", events, delays))


def discarding(port, token, count, seconds, start_at, results):
    selector = selectors.DefaultSelector()
    for _ in range(count):
        sock, _ = connect(port, token)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    received = 0
    deadline = start_at + seconds
    while time.time() < deadline:
        for key, _ in selector.select(timeout=0.5):
            try:
                data = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            if time.time() >= start_at:
                received += len(data)
    results.put(("discarded", received, []))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/vantage"))
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--monitors", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--measured", type=int, default=50)
    parser.add_argument("--processes", type=int, default=4, help="processes holding the discarding clients")
    args = parser.parse_args()

    listen_port = free_port()
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, str(listen_port)], stdout=subprocess.PIPE, text=True)
    listener.stdout.readline()
    with tempfile.TemporaryDirectory() as directory:
        server = Server(args.binary, directory, sections={"stream": {"maxClients": args.clients + 10, "statsEmitIntervalSeconds": 3600}})
        try:
            server.register()
            for index in range(args.monitors):
                status, reply = server.call("POST", "/api/v1/monitors", {"name": f"m{index}", "kind": "tcp", "target": f"127.0.0.1:{listen_port}",
                                                                        "interval": 1, "timeout": 1})
                if status != 201:
                    raise RuntimeError(f"{status} {reply}")
            results = multiprocessing.Queue()
            start_at = time.time() + 15 + args.clients / 200
            workers = [multiprocessing.Process(target=measuring, args=(server.port, server.token, args.seconds, start_at, results))
                       for _ in range(args.measured)]
            rest = args.clients - args.measured
            share = [rest // args.processes + (1 if i < rest % args.processes else 0) for i in range(args.processes)]
            workers += [multiprocessing.Process(target=discarding, args=(server.port, server.token, n, args.seconds, start_at, results))
                        for n in share if n > 0]
            for worker in workers:
                worker.start()
            while time.time() < start_at:
                time.sleep(0.1)
            cpu_before = cpu_seconds(server.process.pid)
            time.sleep(args.seconds)
            cpu = cpu_seconds(server.process.pid) - cpu_before
            collected = [results.get(timeout=60) for _ in workers]
            for worker in workers:
                worker.join()
            measured = [c for c in collected if c[0] == "measured"]
            events = sum(c[1] for c in measured)
            delays = [d for c in measured for d in c[2]]
            per_client = events / max(len(measured), 1) / args.seconds
            dropped = counter(server.metrics(), "vantage_stream_clients_dropped_total")
            print(f"live stream: {args.clients} clients on results, {args.monitors} tcp monitors at 1 s: "
                  f"{per_client:.0f} events/s per client, {per_client * args.clients:.0f} frames/s delivered in all; "
                  f"delay p50 {percentile(delays, 0.5) * 1000:.1f} ms, p99 {percentile(delays, 0.99) * 1000:.1f} ms "
                  f"({len(delays)} events on {len(measured)} measuring clients); server CPU {cpu / args.seconds * 100:.0f} % of a core, "
                  f"RSS {rss_kib(server.process.pid) // 1024} MiB; clients dropped {dropped:.0f}")
        finally:
            server.stop()
            listener.terminate()


if __name__ == "__main__":
    main()

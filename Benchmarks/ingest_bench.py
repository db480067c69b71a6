#!/usr/bin/env python3
"""Connections per second through POST /api/v1/connections against the store's own write rate.

    swift build -c release --product vantage --product IngestWriteBenchmark
    python3 Benchmarks/ingest_bench.py [--batch 500] [--clients 4] [--seconds 20] [--records 200000]

1. The store alone: IngestWriteBenchmark commits the same shape of batches straight through
   store.sqlite's ingest repository (no HTTP, no JSON, no enrichment).
2. The API: `vantage serve` (release, store.sqlite, enricher.geoip with the GeoLite2-City
   database geoip_bench.py downloads, when present) takes batches from --clients processes,
   each posting one batch after another with an ingest key and an Idempotency-Key, for
   --seconds. Reported: connections/s acknowledged, latency per request (p50, p99), server CPU.
The target is the API at 50 % or more of the store's rate, with p99 under 50 ms.
"""
import argparse
import http.client
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from bench_server import Server, cpu_seconds, rss_kib  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def body(batch, seed):
    rng = random.Random(seed)
    now = time.time()
    records = []
    for index in range(batch):
        records.append({"source": {"address": f"10.0.{rng.randrange(250)}.{rng.randrange(250)}", "port": rng.randrange(1024, 65535)},
                        "destination": {"address": f"{rng.randrange(1, 223)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}",
                                        "port": 443},
                        "protocol": "tcp", "bytesSent": rng.randrange(100000), "bytesReceived": rng.randrange(1000000),
                        "packetsSent": rng.randrange(1000), "packetsReceived": rng.randrange(1000), "process": "curl", "service": "https",
                        "startedAt": now - rng.random() * 3600, "endedAt": now})
    return json.dumps({"connections": records}).encode()


def client(port, key, bodies, seconds, number, results):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies = []
    accepted = 0
    deadline = time.perf_counter() + seconds
    sent = 0
    while time.perf_counter() < deadline:
        payload = bodies[sent % len(bodies)]
        began = time.perf_counter()
        connection.request("POST", "/api/v1/connections", payload,
                           {"Content-Type": "application/json", "X-API-Key": key, "Idempotency-Key": f"c{number}-{sent}"})
        response = connection.getresponse()
        reply = response.read()
        latencies.append(time.perf_counter() - began)
        if response.status != 202:
            raise RuntimeError(f"{response.status} {reply[:300]}")
        accepted += json.loads(reply)["accepted"]
        sent += 1
    results.put((accepted, latencies))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/vantage"))
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()

    raw = subprocess.run([os.path.join(ROOT, ".build/release/IngestWriteBenchmark"), str(args.records), str(args.batch)],
                         capture_output=True, text=True, check=True).stdout.strip()
    print(raw)
    raw_rate = float(raw.rsplit(":", 1)[1].split()[0])

    geoip = os.path.join(ROOT, ".build", "geoip-bench")
    with tempfile.TemporaryDirectory() as directory:
        plugins = [{"plugin": "store.sqlite"}, {"plugin": "auth.password", "config": {"bcryptCost": 10}}, {"plugin": "auth.jwt"},
                   {"plugin": "auth.api_key"}, {"plugin": "enricher.geoip", "config": {"directory": geoip}}]
        server = Server(args.binary, directory, plugins=plugins)
        try:
            server.register()
            status, reply = server.call("POST", "/api/v1/apikeys", {"name": "bench", "scopes": ["ingest"]})
            key = reply["key"]
            bodies = [body(args.batch, seed) for seed in range(16)]
            results = multiprocessing.Queue()
            cpu_before = cpu_seconds(server.process.pid)
            began = time.perf_counter()
            workers = [multiprocessing.Process(target=client, args=(server.port, key, bodies, args.seconds, n, results)) for n in range(args.clients)]
            for worker in workers:
                worker.start()
            collected = [results.get() for _ in workers]
            for worker in workers:
                worker.join()
            wall = time.perf_counter() - began
            cpu = cpu_seconds(server.process.pid) - cpu_before
            accepted = sum(c[0] for c in collected)
            latencies = [l for c in collected for l in c[1]]
            rate = accepted / wall
            print(f"POST /api/v1/connections, {args.clients} clients, batches of {args.batch}{' (GeoIP on)' if os.path.exists(os.path.join(geoip, 'GeoLite2-City.mmdb')) else ''}: "
                  f"{accepted} connections in {wall:.1f} s: {rate:.0f} connections/s ({rate / raw_rate * 100:.0f} % of the store's own rate); "
                  f"{len(latencies)} requests, latency p50 {percentile(latencies, 0.5) * 1000:.1f} ms, p99 {percentile(latencies, 0.99) * 1000:.1f} ms; "
                  f"server CPU {cpu / wall * 100:.0f} % of a core, {cpu / accepted * 1e6:.1f} µs per connection; RSS {rss_kib(server.process.pid) // 1024} MiB")
        finally:
            server.stop()


if __name__ == "__main__":
    main()

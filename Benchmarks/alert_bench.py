#!/usr/bin/env python3
"""Alert delivery under a burst (issue 18): N TCP monitors (default 1,000) on one loopback
listener, every one down within one interval when the listener goes away. A webhook receiver
(Tests/Fixtures/web/webhook_receiver.py) logs when each alert arrives; the latency of an
alert is its arrival minus the state change's time (`occurredAt` in the body, written when
the check that changed the state ended). Run twice in one go: with a rule sending every
down alert to the receiver, and without any rule; the scheduler's lag during the burst
(vantage_scheduler_lag_seconds) is compared between the two.

  swift build -c release --product vantage
  python3 Benchmarks/alert_bench.py --binary .build/release/vantage [--monitors 1000] [--interval 2]
"""
import argparse, datetime, json, os, socket, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import LISTENER, Server, free_port, histogram  # noqa: E402

RECEIVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "web", "webhook_receiver.py")


def lag_quantiles(before, after):
    """p50 and p99 of the scheduler's lag in the window (bucket bounds), the checks, and how
    many of them started more than 50 ms late."""
    h0, h1 = histogram(before, "vantage_scheduler_lag_seconds"), histogram(after, "vantage_scheduler_lag_seconds")
    deltas = sorted((le, h1[le] - h0.get(le, 0)) for le in h1)
    total = deltas[-1][1] if deltas else 0
    pick = lambda q: next((le for le, n in deltas if total and n >= q * total), float("nan"))
    within = next((n for le, n in deltas if le >= 0.05), 0)
    return pick(0.5), pick(0.99), total, total - within


NGINX = """load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
pid {dir}/nginx.pid; error_log {dir}/error.log warn; worker_processes 1;
events {{ worker_connections 4096; }}
http {{
  log_format alerts escape=json '{{"received":$msec,"body":"$request_body"}}';
  client_body_buffer_size 64k;
  server {{ listen 127.0.0.1:{port}; access_log {log} alerts;
    location / {{ echo_read_request_body; echo ok; }} }}
}}
"""


def start_receiver(kind, directory, log):
    """nginx (C, one worker, the echo module reads the body into the access log: the receiver
    costs next to nothing) or the Python receiver of the tests (about 1.4 ms a request)."""
    if kind == "nginx":
        port = free_port()
        conf = os.path.join(directory, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX.format(dir=directory, port=port, log=log))
        process = subprocess.Popen(["/usr/sbin/nginx", "-p", directory, "-c", conf, "-e", "stderr", "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                return process, port
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")
    process = subprocess.Popen([sys.executable, RECEIVER, "--log", log, "--watch", str(os.getpid())], stdout=subprocess.PIPE, text=True)
    return process, int(process.stdout.readline())


def run(args, with_rule):
    with tempfile.TemporaryDirectory() as d:
        target = free_port()
        listener = subprocess.Popen([sys.executable, "-c", LISTENER, str(target)], stdout=subprocess.PIPE, text=True)
        listener.stdout.readline()
        log = os.path.join(d, "requests.jsonl")
        receiver, receiver_port = start_receiver(args.receiver, d, log)
        plugins = [{"plugin": "store.sqlite"}, {"plugin": "probe.tcp"}, {"plugin": "notifier.webhook", "name": "webhook"},
                   {"plugin": "auth.password", "config": {"bcryptCost": 10}}, {"plugin": "auth.jwt"}, {"plugin": "auth.api_key"}]
        server = Server(args.binary, d, plugins=plugins, scheduler={"maxConcurrentChecks": 512, "jitter": 0.05},
                        sections={"alerting": {"maxConcurrentDeliveries": args.concurrency}})
        try:
            server.register()
            if with_rule:
                status, channel = server.call("POST", "/api/v1/notifications/channels",
                                              {"name": "bench", "type": "webhook", "settings": {"url": f"http://127.0.0.1:{receiver_port}/ok"}})
                assert status == 201, channel
                status, rule = server.call("POST", "/api/v1/alert-rules", {"name": "all", "channels": [channel["id"]]})
                assert status == 201, rule
            for index in range(args.monitors):
                status, reply = server.call("POST", "/api/v1/monitors", {"name": f"m{index}", "kind": "tcp", "target": f"127.0.0.1:{target}",
                                                                        "interval": args.interval, "timeout": 1, "failureThreshold": 1})
                assert status == 201, reply
            time.sleep(args.interval * 3 + 2)  # every monitor up
            before = server.metrics()
            listener.terminate()
            listener.wait()
            t0 = time.time()
            # The same window in both runs: the burst and a few quiet seconds after it.
            time.sleep(args.interval * 2 + 6)
            received = []
            if os.path.exists(log):
                with open(log) as f:
                    received = [json.loads(line) for line in f]
            time.sleep(1)
            after = server.metrics()
            p50_lag, p99_lag, checks, late = lag_quantiles(before, after)
            latencies = []
            for request in received:
                body = json.loads(request["body"])
                changed = datetime.datetime.fromisoformat(body["occurredAt"].replace("Z", "+00:00")).timestamp()
                latencies.append(request["received"] - changed)
            return {"received": len(received), "ids": len({json.loads(r["body"])["alertId"] for r in received}), "latencies": sorted(latencies),
                    "lag_p50": p50_lag, "lag_p99": p99_lag, "checks": checks, "late": late}
        finally:
            server.stop()
            receiver.terminate()
            if listener.poll() is None:
                listener.terminate()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/vantage")
    parser.add_argument("--monitors", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=2)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--receiver", choices=["nginx", "python"], default="nginx")
    args = parser.parse_args()
    without = run(args, with_rule=False)
    with_alerts = run(args, with_rule=True)
    lat = with_alerts["latencies"]
    q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] if lat else float("nan")
    print(f"monitors={args.monitors} interval={args.interval}s deliveries in flight<={args.concurrency}")
    print(f"with alerts: {with_alerts['received']} webhooks received ({with_alerts['ids']} distinct alerts); state change -> receipt "
          f"p50 {q(0.5) * 1000:.0f} ms, p99 {q(0.99) * 1000:.0f} ms, max {lat[-1] * 1000 if lat else float('nan'):.0f} ms")
    print(f"scheduler lag during the burst: with alerts p50<={with_alerts['lag_p50']} s p99<={with_alerts['lag_p99']} s "
          f"({with_alerts['checks']:.0f} checks, {with_alerts['late']:.0f} more than 50 ms late); without alerts p50<={without['lag_p50']} s "
          f"p99<={without['lag_p99']} s ({without['checks']:.0f} checks, {without['late']:.0f} more than 50 ms late)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Process-level benchmarks of `vantage serve` (issue 2):

  startup   time from spawn to the first 200 from /health, and idle RSS, beside
            prometheus-blackbox-exporter's idle RSS when it is installed;
  scheduler N tcp monitors at an interval against local listeners: checks/s, p99 schedule
            lag (from the vantage_scheduler_lag_seconds histogram), CPU %, RSS.

Usage: python3 Benchmarks/serve_bench.py --binary .build/release/vantage startup
       python3 Benchmarks/serve_bench.py --binary .build/release/vantage scheduler --monitors 10000
Traffic stays on 127.0.0.1.
"""
import argparse, json, os, re, resource, shutil, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import LISTENER, SECRET, Server, counter, cpu_seconds, free_port, histogram, rss_kib  # noqa: E402

def startup(args):
    times, rss = [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as d:
            server = Server(args.binary, d)
            times.append(server.ready_after * 1000)
            time.sleep(3)
            rss.append(rss_kib(server.process.pid) / 1024)
            server.stop()
    print(f"vantage serve: start-up to /health median {statistics.median(times):.0f} ms "
          f"(min {min(times):.0f}, max {max(times):.0f}, {args.runs} runs); idle RSS median {statistics.median(rss):.1f} MiB")
    exporter = shutil.which("prometheus-blackbox-exporter")
    if exporter:
        with tempfile.TemporaryDirectory() as d:
            config = os.path.join(d, "blackbox.yml")
            with open(config, "w") as f:
                f.write("modules:\n  tcp_connect:\n    prober: tcp\n")
            port = free_port()
            p = subprocess.Popen([exporter, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(3)
            print(f"prometheus-blackbox-exporter: idle RSS {rss_kib(p.pid) / 1024:.1f} MiB")
            p.terminate()
            p.wait()


def start_nsd(directory):
    """NSD on a free port serving Tests/Fixtures/dns (rate limiting off); returns 127.0.0.1:PORT."""
    port = free_port()
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "dns", "nsd-server.sh")
    subprocess.run(["bash", script, "start", os.path.join(directory, "nsd"), str(port), str(os.getpid())], check=True)
    return f"127.0.0.1:{port}"


def icmp_address(i):
    """The i-th of the loopback addresses the icmp monitors (and fping) ping: 127.0.X.Y."""
    return f"127.0.{i // 250}.{i % 250 + 1}"


def fping_cpu_per_probe(count):
    """fping over the same loopback addresses, one echo each: its CPU (user+sys) per probe."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(["fping", "-q", "-c", "1", "-i", "1", "-t", "500", *[icmp_address(i) for i in range(count)]],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / count


def monitor_body(args, i, ports, dns_server):
    if args.kind == "icmp":
        return {"name": f"m{i}", "kind": "icmp", "target": icmp_address(i), "interval": args.interval, "timeout": 1,
                "config": {"count": 1, "timeout": 1}}
    if args.kind == "dns":
        return {"name": f"m{i}", "kind": "dns", "target": "example.test", "interval": args.interval, "timeout": min(5, args.interval),
                "config": {"servers": [dns_server], "recursion": False, "expectAnswers": {"contains": ["192.0.2.10"]}}}
    return {"name": f"m{i}", "kind": "tcp", "target": f"127.0.0.1:{ports[i % len(ports)]}", "interval": args.interval,
            "timeout": min(5, args.interval)}


def scheduler(args):
    ports = [free_port() for _ in range(args.listeners)] if args.kind == "tcp" else []
    listeners = [subprocess.Popen([sys.executable, "-c", LISTENER, *map(str, ports)], stdout=subprocess.PIPE, text=True)] \
        if ports and not args.refused else []
    for listener in listeners:
        listener.stdout.readline()
    with tempfile.TemporaryDirectory() as d:
        dns_server = start_nsd(d) if args.kind == "dns" else None
        server = Server(args.binary, d)
        server.register()
        began = time.perf_counter()
        if args.bulk_import:
            # `vantage monitors import` while the server is stopped, then a fresh start: how
            # long until every monitor is scheduled.
            tenant = server.tenant()
            server.stop()
            path = os.path.join(d, "monitors.ndjson")
            with open(path, "w") as f:
                for i in range(args.monitors):
                    f.write(json.dumps(monitor_body(args, i, ports, dns_server)) + "\n")
            t0 = time.perf_counter()
            subprocess.run([args.binary, "monitors", "import", "--config", os.path.join(d, "Plugins.json"), "--tenant", tenant, path],
                           check=True, stdout=subprocess.DEVNULL, env={**os.environ, "VANTAGE_JWT_SECRET": SECRET})
            imported = time.perf_counter() - t0
            server = Server(args.binary, d)
            server.login()
            while f"vantage_monitors_scheduled {float(args.monitors)}" not in server.metrics():
                time.sleep(0.2)
            loaded = time.perf_counter() - server.started
            print(f"imported {args.monitors} monitors in {imported:.1f} s; a fresh start scheduled them all {loaded:.1f} s after spawn "
                  f"(RSS {rss_kib(server.process.pid) / 1024:.0f} MiB); warming up {args.warmup} s")
        else:
            c = server.connection()
            for i in range(args.monitors):
                body = json.dumps(monitor_body(args, i, ports, dns_server))
                c.request("POST", "/api/v1/monitors", body, {"Content-Type": "application/json", "Authorization": f"Bearer {server.token}"})
                response = c.getresponse()
                response.read()
                if response.status != 201:
                    raise RuntimeError(f"create failed: {response.status}")
            print(f"created {args.monitors} monitors in {time.perf_counter() - began:.1f} s; warming up {args.warmup} s")
        time.sleep(args.warmup)
        pid = server.process.pid
        before_text, before_cpu, t0 = server.metrics(), cpu_seconds(pid), time.perf_counter()
        peak = 0
        while time.perf_counter() - t0 < args.measure:
            time.sleep(1)
            peak = max(peak, rss_kib(pid))
        after_text, after_cpu, t1 = server.metrics(), cpu_seconds(pid), time.perf_counter()
        elapsed = t1 - t0
        # The cost of one scrape with every monitor's series (issue 14), outside the window.
        scrapes = []
        for _ in range(5):
            s0 = time.perf_counter()
            text = server.metrics()
            scrapes.append(time.perf_counter() - s0)
        monitor_series = sum(1 for line in text.splitlines() if line.startswith(("vantage_monitor_", "vantage_probe_")))
        checks = counter(after_text, r'vantage_checks_total\{[^}]*\}') - counter(before_text, r'vantage_checks_total\{[^}]*\}')
        down = counter(after_text, r'vantage_checks_total\{status="down"\}') - counter(before_text, r'vantage_checks_total\{status="down"\}')
        skipped = counter(after_text, r'vantage_checks_skipped_total') - counter(before_text, r'vantage_checks_skipped_total')
        h0, h1 = histogram(before_text, "vantage_scheduler_lag_seconds"), histogram(after_text, "vantage_scheduler_lag_seconds")
        deltas = sorted((le, h1[le] - h0.get(le, 0)) for le in h1)
        total = deltas[-1][1] if deltas else 0
        p99 = next((le for le, n in deltas if total and n >= 0.99 * total), float("nan"))
        p50 = next((le for le, n in deltas if total and n >= 0.50 * total), float("nan"))
        server.stop()
    alone = None
    if args.kind == "tcp" and not args.refused and os.path.exists(args.probe_alone):
        # The probe's own cost in the same run, against the same listeners.
        out = subprocess.run([args.probe_alone, ",".join(map(str, ports)), "50000", "20"], capture_output=True, text=True).stdout
        alone = re.search(r"cpu/connect=([\d.]+)", out)
        print(f"probe.tcp alone (TCPConnectBenchmark, 50,000 connects, 20 in flight): {out.strip()}")
    if args.kind == "icmp" and shutil.which("fping"):
        # The peer in the same run: fping over the same addresses, three times, the median.
        runs = sorted(fping_cpu_per_probe(args.monitors) for _ in range(3))
        print(f"fping -c 1 -i 1 over the same {args.monitors} loopback addresses: {runs[1] * 1e6:.1f} µs CPU per probe "
              f"(runs: {', '.join(f'{r * 1e6:.1f}' for r in runs)}); vantage per check / fping per probe = "
              f"{(after_cpu - before_cpu) / max(checks, 1) / runs[1]:.1f}x")
    for listener in listeners:
        listener.terminate()
    cpu = after_cpu - before_cpu
    print(f"kind={args.kind} monitors={args.monitors} interval={args.interval}s window={elapsed:.0f}s: "
          f"CPU per check {cpu / max(checks, 1) * 1e6:.1f} µs; "
          f"monitors={args.monitors} interval={args.interval}s window={elapsed:.0f}s: "
          f"{checks / elapsed:.1f} checks/s (expected {args.monitors / args.interval:.1f}), down={down:.0f}, skipped={skipped:.0f}, "
          f"schedule lag p50<={p50} s p99<={p99} s, CPU {100 * (after_cpu - before_cpu) / elapsed:.1f} % of one core, "
          f"peak RSS {peak / 1024:.1f} MiB; /metrics: {len(text.encode()) / 1024:.0f} KiB, {monitor_series} monitor series, "
          f"median scrape {statistics.median(scrapes) * 1000:.1f} ms")
    if alone:
        print(f"beyond the probe's own cost: {cpu / max(checks, 1) * 1e6 - float(alone.group(1)):.1f} µs per check")


def wrk(port, path, headers, seconds):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    def latency(label):
        m = re.search(rf"\s{label}%\s+([0-9.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    rate = float(re.search(r"Requests/sec:\s+([0-9.]+)", out).group(1))
    return latency("50"), latency("99"), rate


def auth(args):
    with tempfile.TemporaryDirectory() as d:
        server = Server(args.binary, d, bcrypt_cost=args.bcrypt_cost)
        server.register()
        times = []
        for _ in range(args.logins):
            began = time.perf_counter()
            status, _ = server.call("POST", "/api/v1/auth/login", {"login": "bench", "password": "load-test-passphrase-1"})
            times.append((time.perf_counter() - began) * 1000)
            assert status == 200
        times.sort()
        print(f"login at bcrypt cost {args.bcrypt_cost}: median {statistics.median(times):.0f} ms, "
              f"p90 {times[int(len(times) * 0.9) - 1]:.0f} ms ({args.logins} logins, one at a time)")
        _, key = server.call("POST", "/api/v1/apikeys", {"name": "bench", "scopes": ["read"]})
        token = server.token
        server.stop()
    with tempfile.TemporaryDirectory() as d:
        server = Server(args.binary, d, server_settings={"publicMetrics": True})
        public = wrk(server.port, "/metrics", {}, args.seconds)
        server.stop()
    with tempfile.TemporaryDirectory() as d:
        server = Server(args.binary, d)
        server.register()
        _, key = server.call("POST", "/api/v1/apikeys", {"name": "bench", "scopes": ["read"]})
        jwt = wrk(server.port, "/metrics", {"Authorization": f"Bearer {server.token}"}, args.seconds)
        api_key = wrk(server.port, "/metrics", {"X-API-Key": key["key"]}, args.seconds)
        server.stop()
    for name, (p50, p99, rate) in [("no authentication (publicMetrics)", public), ("JWT bearer", jwt), ("API key", api_key)]:
        print(f"GET /metrics, {name}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, {rate:.0f} req/s (wrk -t2 -c16 -d{args.seconds}s)")
    print(f"authentication overhead: JWT p50 +{jwt[0] - public[0]:.3f} ms p99 +{jwt[1] - public[1]:.3f} ms; "
          f"API key p50 +{api_key[0] - public[0]:.3f} ms p99 +{api_key[1] - public[1]:.3f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/vantage")
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("startup")
    s.add_argument("--runs", type=int, default=5)
    s = sub.add_parser("scheduler")
    s.add_argument("--monitors", type=int, default=10000)
    s.add_argument("--interval", type=float, default=60)
    s.add_argument("--listeners", type=int, default=20)
    s.add_argument("--probe-alone", default=".build/release/TCPConnectBenchmark",
                   help="tcp: measures probe.tcp alone against the same listeners after the run (the per-check baseline)")
    s.add_argument("--kind", choices=["tcp", "dns", "icmp"], default="tcp",
                   help="tcp: local listeners; dns: NSD serving the test zone; icmp: one echo to each of 127.0.X.Y (root), beside fping")
    s.add_argument("--warmup", type=float, default=70)
    s.add_argument("--refused", action="store_true",
                   help="tcp: target closed loopback ports (the kernel refuses; no listener to outrun at thousands of connections/s)")
    s.add_argument("--bulk-import", action="store_true", help="create the monitors with `vantage monitors import` and a restart, not the API")
    s.add_argument("--measure", type=float, default=120)
    s = sub.add_parser("auth")
    s.add_argument("--bcrypt-cost", type=int, default=12)
    s.add_argument("--logins", type=int, default=20)
    s.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    {"startup": startup, "scheduler": scheduler, "auth": auth}[args.command](args)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 6 benchmarks: probe.http and probe.tls beside prometheus-blackbox-exporter and curl,
against the same local nginx (Tests/Fixtures/web, started here), in the same run.

  peers     probes per CPU-second of the probing process, driven over HTTP at the same
            concurrency: blackbox's /probe?module=http_2xx (and tcp+tls for certificates)
            beside vantage's POST /api/v1/probes/http and /tls;
  scheduler N monitors of one kind at a 1 s interval in `vantage serve`: CPU per check;
  curl      one request per process: curl beside `vantage probe http`, wall and CPU, and
            the phase timings each reports for the same URL.

Usage: python3 Benchmarks/web_bench.py --binary .build/release/vantage all
Only 127.0.0.1 is used. CPU is utime+stime of the measured process from /proc.
"""
import argparse, http.client, json, os, resource, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import Server, cpu_seconds, counter, free_port  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "Tests", "Fixtures", "web")
PLUGINS = [{"plugin": "store.sqlite"}, {"plugin": "probe.http"}, {"plugin": "probe.tls"},
           {"plugin": "auth.password", "config": {"bcryptCost": 10}}, {"plugin": "auth.jwt"}, {"plugin": "auth.api_key"}]


class Nginx:
    def __init__(self, directory):
        self.directory = os.path.join(directory, "nginx")
        self.ports = []
        while len(self.ports) < 8:
            port = free_port()
            if port not in self.ports:
                self.ports.append(port)
        subprocess.run(["bash", os.path.join(FIXTURES, "nginx-server.sh"), "start", self.directory, str(os.getpid()),
                        *map(str, self.ports)], check=True)
        self.root_ca = os.path.join(self.directory, "certs", "root.pem")

    def http(self, path):
        return f"http://127.0.0.1:{self.ports[0]}{path}"

    def https(self, path):
        return f"https://localhost:{self.ports[1]}{path}"

    def stop(self):
        subprocess.run(["bash", os.path.join(FIXTURES, "nginx-server.sh"), "stop", self.directory], check=False)


def drive(port, requests, concurrency):
    """Sends `requests` (method, path, body) from `concurrency` keep-alive connections; returns failures."""
    lock, failures, queue = threading.Lock(), [0], list(requests)

    def worker(token):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                if not queue:
                    return
                method, path, body = queue.pop()
            headers = {"Content-Type": "application/json"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            c.request(method, path, body, headers)
            response = c.getresponse()
            text = response.read()
            ok = response.status == 200 and (b"probe_success 1" in text or b'"status":"up"' in text or b'"status" : "up"' in text)
            if not ok:
                with lock:
                    failures[0] += 1
    threads = [threading.Thread(target=worker, args=(drive.token,)) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures[0]


drive.token = None


def measure(pid, port, requests, concurrency, token=None):
    drive.token = token
    drive(port, requests[: max(50, len(requests) // 10)], concurrency)  # warm-up
    before, began = cpu_seconds(pid), time.perf_counter()
    failures = drive(port, requests, concurrency)
    cpu, wall = cpu_seconds(pid) - before, time.perf_counter() - began
    return len(requests) / cpu, len(requests) / wall, cpu / len(requests) * 1e6, failures


def blackbox(directory, nginx):
    exporter = shutil.which("prometheus-blackbox-exporter")
    if not exporter:
        raise SystemExit("prometheus-blackbox-exporter is not installed (apt-get install prometheus-blackbox-exporter)")
    config = os.path.join(directory, "blackbox.yml")
    with open(config, "w") as f:
        f.write(f"""modules:
  http_2xx:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
  http_2xx_ca:
    prober: http
    timeout: 5s
    http:
      preferred_ip_protocol: ip4
      tls_config:
        ca_file: {nginx.root_ca}
  tls_connect:
    prober: tcp
    timeout: 5s
    tcp:
      preferred_ip_protocol: ip4
      tls: true
      tls_config:
        ca_file: {nginx.root_ca}
""")
    port = free_port()
    process = subprocess.Popen([exporter, f"--config.file={config}", f"--web.listen-address=127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            break
        except OSError:
            time.sleep(0.05)
    return process, port


def peers(args, directory, nginx):
    process, port = blackbox(directory, nginx)
    plain, secure = urllib.parse.quote(nginx.http("/ok"), safe=""), urllib.parse.quote(nginx.https("/ok"), safe="")
    tls_target = f"localhost:{nginx.ports[1]}"
    rows = []
    for label, query in [("http_2xx, http://", f"module=http_2xx&target={plain}"),
                         ("http_2xx (with the CA), https://", f"module=http_2xx_ca&target={secure}"),
                         ("tcp with tls (certificate)", f"module=tls_connect&target={tls_target}")]:
        rows.append((f"blackbox_exporter /probe {label}", *measure(process.pid, port, [("GET", f"/probe?{query}", None)] * args.probes, args.concurrency)))
    process.terminate()
    process.wait()
    server = Server(args.binary, directory, plugins=PLUGINS)
    server.register()
    # A CA file named by a request must be in the server's CA directory (data/ca by default).
    os.makedirs(os.path.join(directory, "data", "ca"), exist_ok=True)
    shutil.copy(nginx.root_ca, os.path.join(directory, "data", "ca", "root.pem"))
    for label, kind, body in [("http://", "http", {"target": nginx.http("/ok")}),
                              ("https://", "http", {"target": nginx.https("/ok"), "config": {"caFile": "root.pem"}}),
                              ("certificate", "tls", {"target": tls_target, "config": {"caFile": "root.pem"}})]:
        requests = [("POST", f"/api/v1/probes/{kind}", json.dumps(body))] * args.probes
        rows.append((f"vantage POST /api/v1/probes/{kind}, {label}", *measure(server.process.pid, server.port, requests, args.concurrency, server.token)))
    server.stop()
    engine = os.path.join(os.path.dirname(args.binary), "WebProbeBenchmark")
    if os.path.exists(engine):
        for label, arguments in [("http://", ["http", nginx.http("/ok")]), ("https://", ["http", nginx.https("/ok")]),
                                 ("certificate", ["tls", tls_target])]:
            out = subprocess.run([engine, *arguments, str(args.probes), str(args.concurrency), nginx.root_ca],
                                 capture_output=True, text=True, check=True).stdout
            fields = dict(item.split("=", 1) for item in out.split() if "=" in item)
            rows.append((f"vantage probe alone (WebProbeBenchmark), {label}", float(fields["probes/cpu-s"]),
                         float(fields["rate"].rstrip("/s")), float(fields["cpu/probe"]), int(fields["failed"])))
    print(f"\n{args.probes} probes at concurrency {args.concurrency} against nginx on 127.0.0.1 (same run):")
    print("| probing process | probes per CPU-second | probes/s | CPU per probe | failed |")
    print("|---|---|---|---|---|")
    for name, per_cpu, rate, micro, failed in rows:
        print(f"| {name} | {per_cpu:,.0f} | {rate:,.0f} | {micro:.0f} µs | {failed} |")
    failing = [name for name, *_, failed in rows if failed]
    if failing:
        # A row of failed probes measures the error path, not the probe: say so loudly.
        raise SystemExit(f"web_bench: probes failed in {', '.join(failing)}; these figures are not comparable")


def scheduler(args, directory, nginx):
    for kind in args.kinds:
        with tempfile.TemporaryDirectory() as d:
            server = Server(args.binary, d, plugins=PLUGINS)
            server.register()
            os.makedirs(os.path.join(d, "data", "ca"), exist_ok=True)
            shutil.copy(nginx.root_ca, os.path.join(d, "data", "ca", "root.pem"))
            c = server.connection()
            for i in range(args.monitors):
                if kind == "http":
                    monitor = {"name": f"m{i}", "kind": "http", "target": nginx.http("/ok"), "interval": 1, "timeout": 1}
                elif kind == "https":
                    monitor = {"name": f"m{i}", "kind": "http", "target": nginx.https("/ok"), "interval": 1, "timeout": 1,
                               "config": {"caFile": "root.pem"}}
                else:
                    monitor = {"name": f"m{i}", "kind": "tls", "target": f"localhost:{nginx.ports[1]}", "interval": 1, "timeout": 1,
                               "config": {"caFile": "root.pem"}}
                c.request("POST", "/api/v1/monitors", json.dumps(monitor), {"Content-Type": "application/json", "Authorization": f"Bearer {server.token}"})
                response = c.getresponse()
                response.read()
                assert response.status == 201, response.status
            time.sleep(args.warmup)
            pid = server.process.pid
            before_text, before_cpu, t0 = server.metrics(), cpu_seconds(pid), time.perf_counter()
            time.sleep(args.measure)
            after_text, after_cpu, t1 = server.metrics(), cpu_seconds(pid), time.perf_counter()
            checks = counter(after_text, r'vantage_checks_total\{[^}]*\}') - counter(before_text, r'vantage_checks_total\{[^}]*\}')
            down = counter(after_text, r'vantage_checks_total\{status="down"\}') - counter(before_text, r'vantage_checks_total\{status="down"\}')
            server.stop()
        cpu = after_cpu - before_cpu
        print(f"scheduler kind={kind}: {args.monitors} monitors at 1 s, {checks / (t1 - t0):.0f} checks/s, down={down:.0f}, "
              f"CPU per check {cpu / max(checks, 1) * 1e6:.0f} µs ({max(checks, 1) / cpu:,.0f} checks per CPU-second)")


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_process(args, nginx):
    url = nginx.https("/ok")
    commands = {
        "curl": ["curl", "-s", "-o", "/dev/null", "--cacert", nginx.root_ca, url],
        "vantage probe http": [args.binary, "probe", "http", url, "--cacert", nginx.root_ca, "--json"],
    }
    print(f"\none request per process, {args.runs} runs each, {url}:")
    print("| command | wall median | CPU per run (user+sys) |")
    print("|---|---|---|")
    for name, command in commands.items():
        walls, before = [], children_cpu()
        for _ in range(args.runs):
            began = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
            walls.append((time.perf_counter() - began) * 1000)
        cpu = (children_cpu() - before) / args.runs * 1000
        print(f"| {name} | {statistics.median(walls):.1f} ms | {cpu:.1f} ms |")
    phases = []
    for _ in range(args.runs):
        out = subprocess.run(["curl", "-s", "-o", "/dev/null", "--cacert", nginx.root_ca, "-w",
                              "%{time_namelookup} %{time_connect} %{time_appconnect} %{time_starttransfer} %{time_total}", url],
                             capture_output=True, text=True, check=True).stdout.split()
        phases.append([float(x) * 1000 for x in out])
    ours = []
    for _ in range(args.runs):
        record = json.loads(subprocess.run(commands["vantage probe http"], capture_output=True, text=True, check=True).stdout)
        t = record["result"]["details"]["timings"]
        ours.append([t["dns"] * 1000, (t["dns"] + t["connect"]) * 1000, (t["dns"] + t["connect"] + t["tls"]) * 1000,
                     (t["dns"] + t["connect"] + t["tls"] + t["firstByte"]) * 1000, t["total"] * 1000])
    labels = ["name lookup", "connected", "TLS done", "first byte", "total"]
    print("\ncumulative phase times (median ms), as curl -w reports them:")
    print("| phase | curl | vantage |")
    print("|---|---|---|")
    for i, label in enumerate(labels):
        print(f"| {label} | {statistics.median(p[i] for p in phases):.3f} | {statistics.median(p[i] for p in ours):.3f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/vantage")
    parser.add_argument("command", choices=["peers", "scheduler", "curl", "all"])
    parser.add_argument("--probes", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--monitors", type=int, default=500)
    parser.add_argument("--kinds", nargs="+", default=["https", "tls"], choices=["http", "https", "tls"])
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--measure", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        nginx = Nginx(directory)
        try:
            if args.command in ("peers", "all"):
                peers(args, directory, nginx)
            if args.command in ("scheduler", "all"):
                scheduler(args, directory, nginx)
            if args.command in ("curl", "all"):
                per_process(args, nginx)
        finally:
            nginx.stop()


if __name__ == "__main__":
    main()

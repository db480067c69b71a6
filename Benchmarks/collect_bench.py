#!/usr/bin/env python3
"""Host-metrics collection benchmark (issue 17): CPU per local reading.

Vantage: .build/release/CollectorBenchmark (collector.procfs in-process, N readings, with and
without the process list, CPU from getrusage). Peer, same run: prometheus-node-exporter (the
Debian package, default collectors) on a free loopback port, scraped N times one after
another; its CPU per scrape from /proc/PID/stat (utime + stime) before and after, plus the
scraper's own CPU separately (parsing the text exposition is the consumer's cost).

  python3 Benchmarks/collect_bench.py [--readings 200] [--binary .build/release/CollectorBenchmark]
"""
import argparse, json, os, subprocess, sys, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import cpu_seconds as cpu_of, free_port, rss_kib  # noqa: E402


def node_exporter(readings):
    exe = "/usr/bin/prometheus-node-exporter"
    if not os.path.exists(exe):
        sys.exit("install prometheus-node-exporter (apt-get install -y prometheus-node-exporter)")
    port = free_port()
    proc = subprocess.Popen([exe, f"--web.listen-address=127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/metrics"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(url, timeout=10).read()
        before, own_before, start = cpu_of(proc.pid), time.process_time(), time.monotonic()
        size = 0
        for _ in range(readings):
            size = len(urllib.request.urlopen(url, timeout=10).read())
        wall = time.monotonic() - start
        spent = cpu_of(proc.pid) - before
        return {"cpu_ms_per_scrape": spent / readings * 1000, "wall_ms_per_scrape": wall / readings * 1000,
                "scraper_cpu_ms_per_scrape": (time.process_time() - own_before) / readings * 1000,
                "exposition_bytes": size, "rss_kib": rss_kib(proc.pid)}
    finally:
        proc.terminate()
        proc.wait()

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--readings", type=int, default=200)
    parser.add_argument("--binary", default=".build/release/CollectorBenchmark")
    args = parser.parse_args()
    vantage = json.loads(subprocess.run([args.binary, "--readings", str(args.readings)], check=True,
                                        capture_output=True, text=True).stdout)
    peer = node_exporter(args.readings)
    print(json.dumps({"vantage": vantage, "node_exporter": peer}, indent=2, sort_keys=True))
    print(f"per reading: vantage {vantage['without_processes_cpu_ms_per_reading']:.2f} ms CPU "
          f"({vantage['with_processes_cpu_ms_per_reading']:.2f} ms with {int(vantage['with_processes_processes'])} processes), "
          f"node_exporter {peer['cpu_ms_per_scrape']:.2f} ms CPU per scrape "
          f"(+{peer['scraper_cpu_ms_per_scrape']:.2f} ms for the scraper)")

if __name__ == "__main__":
    main()

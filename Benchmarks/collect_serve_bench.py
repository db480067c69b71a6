#!/usr/bin/env python3
"""Issue 17: `vantage serve` collecting H SSH hosts every interval through its collection
service, against H OpenSSH `ssh … cat /proc/…` processes per round, same run.

Vantage: a `vantage serve` (SQLite, collector.ssh) with H host records, all on one private
sshd on loopback (Tests/Fixtures/ssh/sshd-server.sh; needs root), each collected every
`--interval` seconds with its process list. After a warm-up of two intervals (connections
opened, host keys pinned up front), its CPU (utime + stime of /proc/PID/stat) over
`--seconds`, its RSS and peak RSS, and the readings it stored (the
`vantage_host_collections_total` counters of /metrics), so the rate is checked too.
Peer: the same rounds as H `ssh` processes (20 at a time) reading the same system files; their
CPU from getrusage(RUSAGE_CHILDREN).

  python3 Benchmarks/collect_serve_bench.py [--hosts 100] [--interval 10] [--seconds 60] [--binary .build/release/vantage]
"""
import argparse, json, os, re, resource, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import Server, cpu_seconds, free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SSHD = os.path.join(ROOT, "Tests/Fixtures/ssh/sshd-server.sh")


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def collections(server):
    text = server.metrics()
    found = dict(re.findall(r'vantage_host_collections_total\{outcome="(\w+)"\} ([0-9.e+]+)', text))
    return float(found.get("success", 0)), float(found.get("failure", 0))


def openssh_rounds(port, key, hosts, rounds, interval):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    for index in range(rounds):
        running = []
        for _ in range(hosts):
            if len(running) >= 20:
                running.pop(0).wait()
            running.append(subprocess.Popen(
                ["ssh", "-p", str(port), "-i", key, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                 "-o", "LogLevel=ERROR", "vssh-ed25519@127.0.0.1", "cat", "/proc/stat", "/proc/meminfo", "/proc/loadavg", "/proc/uptime",
                 "/proc/diskstats", "/proc/net/dev", "/proc/mounts"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for process in running:
            process.wait()
        next_round = start + (index + 1) * interval
        if next_round > time.monotonic():
            time.sleep(next_round - time.monotonic())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"openssh_cpu_percent": cpu / (time.monotonic() - start) * 100, "openssh_cpu_ms_per_host_reading": cpu / (hosts * rounds) * 1000}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--interval", type=float, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/vantage"))
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--no-processes", action="store_true", help="collector.ssh without the process list (what the peer reads)")
    parser.add_argument("--perf", help="record `perf record -g` of the server over the window into this file")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="vantage-collect-serve-")
    os.chmod(work, 0o755)
    sshd_dir, port = os.path.join(work, "sshd"), free_port()
    subprocess.run(["bash", SSHD, "start", sshd_dir, str(os.getpid()), str(port)], check=True, stdout=subprocess.DEVNULL)
    server = None
    try:
        key_path = os.path.join(sshd_dir, "keys/ed25519")
        key = open(key_path).read()
        fingerprint = subprocess.run(["ssh-keygen", "-l", "-f", os.path.join(sshd_dir, "host_ed25519.pub")], check=True,
                                     capture_output=True, text=True).stdout.split()[1]
        plugins = [{"plugin": "store.sqlite"}, {"plugin": "auth.password", "config": {"bcryptCost": 10}}, {"plugin": "auth.jwt"},
                   {"plugin": "collector.ssh", "config": {"maxConnections": args.hosts, "processes": not args.no_processes}}]
        server = Server(args.binary, work, plugins=plugins, sections={"collection": {"defaultInterval": args.interval}})
        server.register()
        for index in range(args.hosts):
            status, reply = server.call("POST", "/api/v1/hosts", {"name": f"host-{index}", "address": "127.0.0.1", "port": port,
                                                                  "username": "vssh-ed25519", "credentials": {"privateKey": key},
                                                                  "hostKey": fingerprint})
            if status != 201:
                raise RuntimeError(f"creating a host failed: {status} {reply}")
        time.sleep(2 * args.interval)
        pid = server.process.pid
        ok_before, failed_before = collections(server)
        perf = subprocess.Popen(["perf", "record", "-g", "-p", str(pid), "-o", args.perf], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) if args.perf else None
        cpu_before, start = cpu_seconds(pid), time.monotonic()
        rss_samples = []
        while time.monotonic() - start < args.seconds:
            time.sleep(1)
            rss_samples.append(status_kib(pid, "VmRSS"))
        wall = time.monotonic() - start
        cpu = cpu_seconds(pid) - cpu_before
        if perf:
            perf.send_signal(2)
            perf.wait()
        ok_after, failed_after = collections(server)
        results = {"hosts": args.hosts, "interval_s": args.interval, "processes": not args.no_processes, "window_s": round(wall, 1),
                   "vantage_cpu_percent": cpu / wall * 100,
                   "vantage_cpu_ms_per_host_reading": cpu / max(ok_after - ok_before, 1) * 1000,
                   "readings_per_second": (ok_after - ok_before) / wall, "expected_readings_per_second": args.hosts / args.interval,
                   "failed_readings": failed_after - failed_before,
                   "vantage_rss_mib_avg": sum(rss_samples) / len(rss_samples) / 1024, "vantage_rss_mib_peak": status_kib(pid, "VmHWM") / 1024,
                   "threads": status_kib(pid, "Threads")}
        server.stop()
        server = None
        if not args.no_peer:
            results.update(openssh_rounds(port, key_path, args.hosts, max(1, int(args.seconds / args.interval)), args.interval))
        print(json.dumps(results, indent=2, sort_keys=True))
    finally:
        if server:
            server.stop()
        subprocess.run(["bash", SSHD, "stop", sshd_dir], stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Side-by-side measurements of the raw-socket probes (issue 4), same machine, same run.

  sweep  1,000 loopback addresses, one echo each at 1 ms spacing: Vantage (the PingSweep
         bulk API, and one probe.icmp run per target as monitors do) against fping.
  trace  the 3-hop namespace path: `vantage probe traceroute` (its own reported duration and
         the whole process) against traceroute -n, mtr --report -c 1 and scamper, with every
         hop answering and with a silent hop.
  rtt    round-trip times on the same path: vantage ping against iputils ping (medians).

Needs root (network namespaces), the release build (swift build -c release), and the Debian
packages fping iputils-ping traceroute mtr-tiny scamper nftables.
usage: raw_probe_bench.py [sweep|trace|rtt|all] [--runs N]
"""
import json, os, resource, statistics, subprocess, sys, time, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, ".build/release")
TOPOLOGY = os.path.join(ROOT, "Tests/Fixtures/netns-topology.sh")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 20


def run(command, **kwargs):
    """Runs a command; returns (wall seconds, child CPU seconds, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, **kwargs).stdout
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out


def median(values):
    return statistics.median(values) if values else float("nan")


def sweep():
    addresses = [f"127.0.{i // 256}.{i % 256}" for i in range(1, 1001)]
    rows = {}
    for name, command in [
        ("vantage PingSweep (bulk API)", [f"{RELEASE}/PingSweepBenchmark", "1000", "1", "127.0.0.1", "0.5", "sweep"]),
        ("vantage probe.icmp per target", [f"{RELEASE}/PingSweepBenchmark", "1000", "1", "127.0.0.1", "0.5", "probes"]),
        ("fping -c 1 -i 1 -t 500", ["fping", "-c", "1", "-i", "1", "-t", "500", "-q"] + addresses),
    ]:
        walls, cpus = [], []
        for _ in range(max(RUNS // 4, 5)):
            wall, cpu, _ = run(command)
            walls.append(wall)
            cpus.append(cpu)
        rows[name] = (median(cpus), median(walls))
    print("\n## Sweep: 1,000 loopback addresses, one echo each, one request per ms\n")
    print("| tool | CPU s per 1,000 probes (median) | wall s (median) |")
    print("|---|---|---|")
    for name, (cpu, wall) in rows.items():
        print(f"| {name} | {cpu:.3f} | {wall:.3f} |")


class Topology:
    def __init__(self):
        self.suffix = "b" + uuid.uuid4().hex[:5]
        subprocess.run(["bash", TOPOLOGY, "up", self.suffix], check=True)

    def client(self, command):
        return ["ip", "netns", "exec", f"vt-{self.suffix}-c"] + command

    def silence(self):
        subprocess.run(["bash", TOPOLOGY, "silent", self.suffix], check=True)

    def close(self):
        subprocess.run(["bash", TOPOLOGY, "down", self.suffix])


def trace():
    topology = Topology()
    try:
        for label in ["every hop answering", "router2 silent"]:
            if label == "router2 silent":
                topology.silence()
            rows = []
            for method in ["udp", "icmp"]:
                durations, walls = [], []
                for _ in range(RUNS):
                    wall, _, out = run(topology.client([f"{RELEASE}/vantage", "probe", "traceroute", "10.9.3.2", "--method", method, "--json"]))
                    durations.append(json.loads(out)["result"]["details"]["durationMs"] / 1000)
                    walls.append(wall)
                rows.append((f"vantage probe traceroute --method {method}: trace duration (reported)", median(durations)))
                rows.append((f"vantage probe traceroute --method {method}: whole process", median(walls)))
            for name, command in [
                ("traceroute -n (UDP)", ["traceroute", "-n", "10.9.3.2"]),
                ("traceroute -n -I (ICMP)", ["traceroute", "-n", "-I", "10.9.3.2"]),
                ("mtr --report -c 1 -n", ["mtr", "--report", "-c", "1", "-n", "10.9.3.2"]),
                ("scamper trace -P udp-paris", ["scamper", "-c", "trace -P udp-paris", "-i", "10.9.3.2"]),
                ("scamper trace -P icmp-paris", ["scamper", "-c", "trace -P icmp-paris", "-i", "10.9.3.2"]),
            ]:
                walls = [run(topology.client(command))[0] for _ in range(RUNS)]
                rows.append((f"{name}: whole process", median(walls)))
            print(f"\n## Trace to the 3-hop namespace target, {label} (median of {RUNS})\n")
            print("| measure | ms |")
            print("|---|---|")
            for name, seconds in rows:
                print(f"| {name} | {seconds * 1000:.1f} |")
    finally:
        topology.close()


def rtt():
    topology = Topology()
    try:
        ours, theirs = [], []
        for _ in range(3):
            _, _, out = run(topology.client([f"{RELEASE}/vantage", "probe", "ping", "10.9.3.2", "-c", "200", "-i", "0.005", "--json"]))
            ours += [p["rttMs"] for p in json.loads(out)["result"]["details"]["packets"] if p["rttMs"] is not None]
            _, _, out = run(topology.client(["ping", "-n", "-c", "200", "-i", "0.005", "10.9.3.2"]))
            theirs += [float(line.split("time=")[1].split()[0]) for line in out.splitlines() if "time=" in line]
        print("\n## Round-trip time on the 3-hop path, 600 echoes each\n")
        print("| tool | median ms | p10 ms | p90 ms |")
        print("|---|---|---|---|")
        for name, values in [("vantage probe ping", ours), ("iputils ping", theirs)]:
            deciles = statistics.quantiles(values, n=10)
            print(f"| {name} | {median(values):.4f} | {deciles[0]:.4f} | {deciles[-1]:.4f} |")
        print(f"\nDifference of medians: {abs(median(ours) - median(theirs)):.4f} ms")
    finally:
        topology.close()


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "all"
    if what in ("sweep", "all"):
        sweep()
    if what in ("trace", "all"):
        trace()
    if what in ("rtt", "all"):
        rtt()

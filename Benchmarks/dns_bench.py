#!/usr/bin/env python3
"""probe.dns beside dig and dnsperf against the same local NSD, in the same run.

  latency: per-query time of the same query: dig's own "Query time" and whole process, and
           `vantage probe dns`'s queryTime and whole process (RUNS each).
  load:    many queries through probe.dns (DNSQueryBenchmark, no scheduler, no store)
           beside dnsperf at the same rate: queries per second and CPU per query.

Needs a release build (swift build -c release --product vantage --product DNSQueryBenchmark),
nsd, bind9-dnsutils (dig) and dnsperf.
"""
import argparse, json, os, re, resource, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
NSD = os.path.join(HERE, "..", "Tests", "Fixtures", "dns", "nsd-server.sh")


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command):
    start = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - start, out.stdout


def latency(args, server, port):
    dig_query, dig_total, vantage_query, vantage_total = [], [], [], []
    for _ in range(args.runs):
        total, out = timed(["dig", f"@127.0.0.1", "-p", str(port), "example.test", "A", "+norecurse", "+tries=1"])
        match = re.search(r"Query time: (\d+) msec", out)
        dig_query.append(float(match.group(1)) if match else float("nan"))
        dig_total.append(total * 1000)
        total, out = timed([args.binary, "probe", "dns", "example.test", "A", "--server", server, "--json",
                            "--options", '{"recursion": false}'])
        record = json.loads(out)
        vantage_query.append(record["result"]["details"]["queryTime"] * 1000)
        vantage_total.append(total * 1000)
    med = statistics.median
    print(f"per-query time, {args.runs} runs, medians (ms):")
    print(f"  dig      query time {med(dig_query):.3f} (whole milliseconds only)  whole process {med(dig_total):.1f}")
    print(f"  vantage  queryTime  {med(vantage_query):.3f}                        whole process {med(vantage_total):.1f}")


def load(args, server, port):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("example.test A\n")
        queries = f.name
    before = children_cpu()
    out = subprocess.run(["dnsperf", "-s", "127.0.0.1", "-p", str(port), "-d", queries, "-n", str(args.queries // 1),
                          "-c", "1", "-q", str(args.concurrency), "-l", "60"], capture_output=True, text=True).stdout
    cpu = children_cpu() - before
    qps = re.search(r"Queries per second:\s+([\d.]+)", out)
    sent = re.search(r"Queries sent:\s+(\d+)", out)
    lost = re.search(r"Queries lost:\s+(\d+)", out)
    n = int(sent.group(1)) if sent else args.queries
    print(f"dnsperf:  {n} queries, {qps.group(1) if qps else '?'} q/s, lost {lost.group(1) if lost else '?'}, "
          f"CPU {cpu:.3f} s = {cpu / n * 1e6:.1f} µs/query")
    before = children_cpu()
    out = subprocess.run([args.bench, server, str(args.queries), str(args.concurrency)], capture_output=True, text=True).stdout.strip()
    cpu = children_cpu() - before
    print(f"vantage:  {out}  (process CPU incl. start-up {cpu:.3f} s)")
    os.unlink(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["latency", "load", "all"])
    parser.add_argument("--binary", default=".build/release/vantage")
    parser.add_argument("--bench", default=".build/release/DNSQueryBenchmark")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--queries", type=int, default=50000)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as d:
        port = free_port()
        subprocess.run(["bash", NSD, "start", os.path.join(d, "nsd"), str(port), str(os.getpid())], check=True)
        server = f"127.0.0.1:{port}"
        try:
            if args.mode in ("latency", "all"):
                latency(args, server, port)
            if args.mode in ("load", "all"):
                load(args, server, port)
        finally:
            subprocess.run(["bash", NSD, "stop", os.path.join(d, "nsd")])


if __name__ == "__main__":
    main()

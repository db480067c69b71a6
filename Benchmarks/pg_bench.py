#!/usr/bin/env python3
"""PostgreSQL benchmarks (issue 7), against a throw-away PostgreSQL 15 cluster with default
durability (fsync on), started here as the postgres user:

  writes     result rows/s through store.postgres (COPY per batch of 2,000) beside a raw
             `psql \\copy` of the same rows into the same table, in the same run;
  scheduler  N tcp monitors in `vantage serve` on SQLite, on PostgreSQL, and on PostgreSQL
             shared by two servers: checks/s, CPU per check, schedule lag.

Usage: python3 Benchmarks/pg_bench.py --binary .build/release/vantage writes [--rows 200000] [--runs 5]
       python3 Benchmarks/pg_bench.py --binary .build/release/vantage scheduler --monitors 10000
Needs root (the cluster runs as the postgres user) and a release build of
PostgresWriteBenchmark (swift build -c release --product PostgresWriteBenchmark).
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time, urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_server import LISTENER, Server, counter, cpu_seconds, free_port, histogram  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PG_SERVER = os.path.join(HERE, "..", "Tests", "Fixtures", "postgres", "pg-server.sh")
COLUMNS = "tenant_id, monitor_id, kind, target, started_at, duration, status, latency, failure_code, failure_message, metrics, details"


def psql(url, *args):
    return subprocess.run(["psql", url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", *args],
                          check=True, capture_output=True, text=True).stdout.strip()


def schema_url(base, schema):
    psql(base, "-c", f"CREATE SCHEMA {schema}")
    return base + "?" + urllib.parse.urlencode({"options": f"-c search_path={schema}"}, quote_via=urllib.parse.quote)


def writes(args, base):
    store_rates, raw_rates = [], []
    bench = os.path.join(os.path.dirname(args.binary), "PostgresWriteBenchmark")
    with tempfile.TemporaryDirectory() as d:
        dump = os.path.join(d, "rows.copy")
        os.chmod(d, 0o755)
        for run in range(args.runs):
            store_url = schema_url(base, f"store_{run}")
            out = subprocess.run([bench, store_url, str(args.rows), "2000"], check=True, capture_output=True, text=True).stdout
            store_rates.append(int(out.rsplit(",", 1)[1].split()[0]))
            psql(store_url, "-c", f"\\copy (SELECT {COLUMNS} FROM results ORDER BY id) TO '{dump}'")
            raw_url = schema_url(base, f"raw_{run}")
            subprocess.run([bench, raw_url, "0"], check=True, capture_output=True)  # the same schema, empty
            began = time.perf_counter()
            psql(raw_url, "-c", f"\\copy results ({COLUMNS}) FROM '{dump}'")
            raw_rates.append(args.rows / (time.perf_counter() - began))
            copied = int(psql(raw_url, "-c", "SELECT count(*) FROM results"))
            assert copied == args.rows, copied
    store, raw = statistics.median(store_rates), statistics.median(raw_rates)
    print(f"rows={args.rows} runs={args.runs}: store.postgres median {store:,.0f} rows/s "
          f"(min {min(store_rates):,.0f}, max {max(store_rates):,.0f}); raw psql \\copy median {raw:,.0f} rows/s "
          f"(min {min(raw_rates):,.0f}, max {max(raw_rates):,.0f}); store/raw {100 * store / raw:.0f} %")


def database_cpu(directory):
    """CPU seconds of the cluster: the postmaster and its children (backends, WAL writer, ...)."""
    if not directory:
        return 0.0
    with open(os.path.join(directory, "data", "postmaster.pid")) as f:
        postmaster = int(f.readline())
    total = cpu_seconds(postmaster)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                        total += cpu_seconds(int(entry))
            except (OSError, ValueError):
                pass
    return total


def measure(servers, args, cluster=None):
    """Checks/s, CPU per check and lag over the window, per server, and the database's CPU."""
    before = [(s.metrics(), cpu_seconds(s.process.pid)) for s in servers]
    database_before = database_cpu(cluster)
    t0 = time.perf_counter()
    time.sleep(args.measure)
    after = [(s.metrics(), cpu_seconds(s.process.pid)) for s in servers]
    database = database_cpu(cluster) - database_before
    elapsed = time.perf_counter() - t0
    rows = []
    for (b_text, b_cpu), (a_text, a_cpu), server in zip(before, after, servers):
        checks = counter(a_text, r'vantage_checks_total\{[^}]*\}') - counter(b_text, r'vantage_checks_total\{[^}]*\}')
        h0, h1 = histogram(b_text, "vantage_scheduler_lag_seconds"), histogram(a_text, "vantage_scheduler_lag_seconds")
        deltas = sorted((le, h1[le] - h0.get(le, 0)) for le in h1)
        total = deltas[-1][1] if deltas else 0
        p99 = next((le for le, n in deltas if total and n >= 0.99 * total), float("nan"))
        leased = counter(a_text, r"vantage_monitors_leased")
        rows.append((checks, a_cpu - b_cpu, p99, leased))
    return elapsed, rows, database


def scheduler(args, base, cluster):
    ports = [free_port() for _ in range(20)]
    listener = subprocess.Popen([sys.executable, "-c", LISTENER, *map(str, ports)], stdout=subprocess.PIPE, text=True)
    listener.stdout.readline()
    settings = {"leaseSeconds": 30}
    try:
        for label, stores in [("sqlite", [None]), ("postgres", ["pg"]), ("postgres, two servers", ["pg", "pg"])]:
            with tempfile.TemporaryDirectory() as d:
                url = schema_url(base, "s_" + label.replace(",", "").replace(" ", "_")) if stores[0] else None
                servers = []
                for index, store in enumerate(stores):
                    extra = ["--store", url, "--server-id", f"bench-{index}"] if store else []
                    os.makedirs(os.path.join(d, str(index)))
                    servers.append(Server(args.binary, os.path.join(d, str(index)), scheduler=settings, extra_args=extra))
                servers[0].register()
                for server in servers[1:]:
                    server.token = servers[0].token
                c = servers[0].connection()
                for i in range(args.monitors):
                    body = json.dumps({"name": f"m{i}", "kind": "tcp", "target": f"127.0.0.1:{ports[i % len(ports)]}",
                                       "interval": args.interval, "timeout": 5})
                    c.request("POST", "/api/v1/monitors", body, {"Content-Type": "application/json", "Authorization": f"Bearer {servers[0].token}"})
                    response = c.getresponse()
                    response.read()
                    if response.status != 201:
                        raise RuntimeError(f"create failed: {response.status}")
                time.sleep(args.warmup)
                elapsed, rows, database = measure(servers, args, cluster if stores[0] else None)
                checks = sum(r[0] for r in rows)
                cpu = sum(r[1] for r in rows)
                detail_db = f", PostgreSQL {database / max(checks, 1) * 1e6:.1f} µs" if stores[0] else ""
                detail = "; ".join(f"server {i}: {r[0] / elapsed:.1f} checks/s, {r[3]:.0f} leased, CPU {100 * r[1] / elapsed:.1f} %, lag p99<={r[2]} s"
                                   for i, r in enumerate(rows))
                print(f"{label}: monitors={args.monitors} interval={args.interval}s window={elapsed:.0f}s: {checks / elapsed:.1f} checks/s "
                      f"(expected {args.monitors / args.interval:.1f}), CPU per check: vantage {cpu / max(checks, 1) * 1e6:.1f} µs{detail_db} "
                      f"({100 * (cpu + database) / elapsed:.1f} % of one core in all); {detail}")
                for server in servers:
                    server.stop()
    finally:
        listener.terminate()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/vantage")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("writes")
    w.add_argument("--rows", type=int, default=200_000)
    w.add_argument("--runs", type=int, default=5)
    s = sub.add_parser("scheduler")
    s.add_argument("--monitors", type=int, default=10_000)
    s.add_argument("--interval", type=float, default=60)
    s.add_argument("--warmup", type=float, default=40)
    s.add_argument("--measure", type=float, default=60)
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="vantage-bench-pg.")
    base = subprocess.run(["bash", PG_SERVER, "start", directory, str(os.getpid())], check=True, capture_output=True, text=True).stdout.strip()
    try:
        print(f"PostgreSQL: {psql(base, '-c', 'SHOW server_version')}, fsync={psql(base, '-c', 'SHOW fsync')}, "
              f"synchronous_commit={psql(base, '-c', 'SHOW synchronous_commit')}")
        if args.command == "writes":
            writes(args, base)
        else:
            scheduler(args, base, directory)
    finally:
        subprocess.run(["bash", PG_SERVER, "remove", directory], check=False)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Issue 17: how small a year of 10-second samples per host stays in store.sqlite.

Runs `CollectorBenchmark storage` (a day of this machine's real series at 10 s written
through store.sqlite's SampleRepository: once kept raw, once rolled into minutes, once into
hours), measures the sample tables of each file with SQLite's dbstat (pages in use, indexes
included), and projects one host-year under the default retention (raw 1 day, minutes until
day 8, hours until day 366).

  swift build -c release --product CollectorBenchmark && python3 Benchmarks/sample_storage_bench.py
"""
import json, os, sqlite3, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(ROOT, ".build/release/CollectorBenchmark")
directory = tempfile.mkdtemp(prefix="vantage-sample-storage-")
run = json.loads(subprocess.run([binary, "storage", "--directory", directory], check=True, capture_output=True, text=True).stdout)
series, readings = run["series"], run["readings"]


def measure(stage):
    db = sqlite3.connect(os.path.join(directory, f"{stage}.sqlite"))
    tables = {}
    for name, size in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        tables[name] = size
    rows = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("sample_points", "sample_buckets", "sample_series")}
    return tables, rows


out = {"series_per_host": series, "readings": readings, "append_ms_per_reading": run["append_ms_per_reading"]}
per_point = {}
for stage, table in (("raw", "sample_points"), ("minute", "sample_buckets"), ("hour", "sample_buckets")):
    tables, rows = measure(stage)
    size = sum(v for k, v in tables.items() if k.startswith(table) or k.startswith("sqlite_autoindex_" + table))
    per_point[stage] = size / max(rows[table], 1)
    out[f"{stage}_rows"] = rows[table]
    out[f"{stage}_bytes_per_point"] = round(per_point[stage], 1)
    out[f"{stage}_series_table_bytes"] = sum(v for k, v in tables.items() if "sample_series" in k)
year = {"raw": 8_640 * 1, "minute": 1_440 * 7, "hour": 24 * 358}
out["projected_points_per_series_year"] = sum(year.values())
out["projected_mib_per_host_year"] = round(sum(year[s] * per_point[s] for s in year) * series / 2**20, 1)
out["raw_only_mib_per_host_year"] = round(8_640 * 365 * per_point["raw"] * series / 2**20, 1)
print(json.dumps(out, indent=2, sort_keys=True))

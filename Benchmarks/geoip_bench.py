#!/usr/bin/env python3
"""GeoIP lookups per second through enricher.geoip against mmdblookup and libmaxminddb.

    python3 Benchmarks/geoip_bench.py [--addresses 100000] [--mmdblookup 2000]

Database: the real GeoLite2-City.mmdb (2018, 56.7 MB) shipped in the PyPI sdist
maxminddb-geolite2 (downloaded once into .build/geoip-bench), or --database DIR with your own
GeoLite2 files. Addresses: random public IPv4 addresses (looked up, never contacted),
the same list for every contender:
  - GeoIPLookupBenchmark (swift build -c release --product GeoIPLookupBenchmark): the
    enricher with its cache off and on, in batches of 20 as the enrichment stage asks;
  - mmdblookup (Debian mmdb-bin), one process per address as a shell script would use it,
    over the first --mmdblookup addresses;
  - a C loop over libmaxminddb itself (MMDB_lookup_string and the same five fields), built
    here with the toolchain's clang: the library's own rate, which the enricher wraps.
"""
import argparse
import glob
import ipaddress
import os
import random
import resource
import subprocess
import sys
import tarfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
WORK = os.path.join(ROOT, ".build", "geoip-bench")

C_LOOP = r"""
#include <maxminddb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv) {
    MMDB_s mmdb;
    if (MMDB_open(argv[1], MMDB_MODE_MMAP, &mmdb) != MMDB_SUCCESS) { fprintf(stderr, "cannot open\n"); return 1; }
    FILE *f = fopen(argv[2], "r");
    static char lines[200000][48];
    int n = 0;
    while (n < 200000 && fgets(lines[n], 48, f)) { lines[n][strcspn(lines[n], "\n")] = 0; n++; }
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int found = 0;
    for (int i = 0; i < n; i++) {
        int gai, err;
        MMDB_lookup_result_s r = MMDB_lookup_string(&mmdb, lines[i], &gai, &err);
        if (!r.found_entry) continue;
        MMDB_entry_data_s d;
        MMDB_get_value(&r.entry, &d, "country", "iso_code", NULL);
        MMDB_get_value(&r.entry, &d, "country", "names", "en", NULL);
        MMDB_get_value(&r.entry, &d, "city", "names", "en", NULL);
        MMDB_get_value(&r.entry, &d, "location", "latitude", NULL);
        MMDB_get_value(&r.entry, &d, "location", "longitude", NULL);
        found++;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("libmaxminddb C loop: %d lookups in %.3f s: %.0f lookups/s, %d of %d addresses found\n", n, s, n / s, found, n);
    return 0;
}
"""


def real_database():
    target = os.path.join(WORK, "GeoLite2-City.mmdb")
    if os.path.exists(target):
        return WORK
    os.makedirs(WORK, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-d", WORK,
                    "maxminddb-geolite2==2018.703"], check=True, stdout=subprocess.DEVNULL)
    sdist = glob.glob(os.path.join(WORK, "maxminddb-geolite2-*.tar.gz"))[0]
    with tarfile.open(sdist) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith("GeoLite2-City.mmdb"))
        with archive.extractfile(member) as source, open(target + ".part", "wb") as out:
            out.write(source.read())
    os.replace(target + ".part", target)
    return WORK


def addresses(count):
    rng = random.Random(20261205)
    found = []
    while len(found) < count:
        address = ipaddress.IPv4Address(rng.getrandbits(32))
        if address.is_global:
            found.append(str(address))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addresses", type=int, default=100_000)
    parser.add_argument("--mmdblookup", type=int, default=2_000)
    parser.add_argument("--database", help="a directory with GeoLite2-City.mmdb (default: the 2018 one from PyPI)")
    args = parser.parse_args()
    directory = args.database or real_database()
    database = os.path.join(directory, "GeoLite2-City.mmdb")
    print(f"database: {database} ({os.path.getsize(database) / 1e6:.1f} MB)")
    listing = os.path.join(WORK, "addresses.txt")
    os.makedirs(WORK, exist_ok=True)
    picked = addresses(args.addresses)
    with open(listing, "w") as f:
        f.write("\n".join(picked) + "\n")

    binary = os.path.join(ROOT, ".build", "release", "GeoIPLookupBenchmark")
    subprocess.run([binary, directory, listing], check=True)

    sample = picked[: args.mmdblookup]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    found = 0
    for address in sample:
        out = subprocess.run(["mmdblookup", "--file", database, "--ip", address], capture_output=True, text=True)
        found += "iso_code" in out.stdout
    seconds = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"mmdblookup, a process per address: {len(sample)} lookups in {seconds:.3f} s: {len(sample) / seconds:.0f} lookups/s, "
          f"{cpu / len(sample) * 1e6:.0f} µs CPU per lookup, {found} of {len(sample)} found")

    source = os.path.join(WORK, "loop.c")
    with open(source, "w") as f:
        f.write(C_LOOP)
    loop = os.path.join(WORK, "loop")
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libmaxminddb"], capture_output=True, text=True, check=True).stdout.split()
    subprocess.run(["clang", "-O2", "-o", loop, source] + flags, check=True)
    subprocess.run([loop, database, listing], check=True)


if __name__ == "__main__":
    main()

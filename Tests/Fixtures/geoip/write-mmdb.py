#!/usr/bin/env python3
"""Writes a MaxMind DB for the tests with PyPI mmdb-writer.

    write-mmdb.py SPEC.json OUTPUT.mmdb

SPEC: {"databaseType": "GeoLite2-City", "networks": [{"network": "198.51.100.0/24",
"record": {...}}]}. Records take the shape of MaxMind's own databases (GeoLite2-City:
country.iso_code, country.names.en, city.names.en, location.latitude/longitude;
GeoLite2-ASN: autonomous_system_number, autonomous_system_organization), so the enricher
reads them as it reads a real download. The database is IPv6 with IPv4 mapped, as MaxMind's
are. It is written beside OUTPUT and renamed over it, as geoipupdate replaces files.
"""
import json
import os
import sys

from mmdb_writer import MMDBWriter, MmdbU32
from netaddr import IPSet


def typed(value, key=None):
    # MaxMind stores ASNs and radii as uint32/uint16; mmdb-writer's "auto" picks the smallest
    # width, which the reader must handle too. ASNs are forced to uint32 as in GeoLite2-ASN.
    if isinstance(value, dict):
        return {k: typed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if key == "autonomous_system_number":
        return MmdbU32(value)
    return value


def main():
    spec_path, output = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type=spec["databaseType"],
                        languages=["en"], description={"en": "Vantage test database"})
    for entry in spec["networks"]:
        writer.insert_network(IPSet([entry["network"]]), typed(entry["record"]))
    temporary = output + ".writing"
    writer.to_db_file(temporary)
    os.replace(temporary, output)


if __name__ == "__main__":
    main()

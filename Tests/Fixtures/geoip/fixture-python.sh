#!/usr/bin/env bash
# Prints the path of a python3 that has PyPI mmdb-writer (pinned), which writes the test
# GeoIP databases. The first call makes a virtual environment under .build (PyPI must be
# reachable then); later calls reuse it. Parallel tests wait for each other on a lock.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
venv=${VANTAGE_FIXTURE_VENV:-$root/.build/fixture-venv}
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9
if ! "$venv/bin/python3" -c "import mmdb_writer" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q --disable-pip-version-check "mmdb-writer==0.2.7" "netaddr==1.3.0" >&2
fi
echo "$venv/bin/python3"

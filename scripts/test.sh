#!/usr/bin/env bash
# Runs the whole test suite: installs missing Debian packages, builds every product (the
# end-to-end tests run the built executables), then runs every test target.
# The network-namespace tests need root (CI runs as root). Finally the libFuzzer target of
# the packet parser runs for a bounded time (FUZZ_SECONDS, default 60; 0 skips it). Between
# them, scripts/api-conformance.sh runs schemathesis and promtool against a live server
# (API_CONFORMANCE=0 skips it; SCHEMATHESIS_SECONDS bounds it, default 240), and
# scripts/browser-tests.sh drives the web interface in headless Chromium (BROWSER_TESTS=0 skips it).
# Unless VANTAGE_TEST_POSTGRES_URL names a server already, a throw-away PostgreSQL cluster
# runs for the tests (as the postgres user, on a free loopback port) and is removed after.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tests
if [ -z "${VANTAGE_TEST_POSTGRES_URL:-}" ]; then
  pg_dir=$(mktemp -d /tmp/vantage-test-pg.XXXXXX)
  trap 'Tests/Fixtures/postgres/pg-server.sh remove "$pg_dir"' EXIT
  VANTAGE_TEST_POSTGRES_URL=$(EXTRA_PG_OPTIONS="-c fsync=off" Tests/Fixtures/postgres/pg-server.sh start "$pg_dir")
  VANTAGE_TEST_POSTGRES_CA="$pg_dir/server.crt"
  export VANTAGE_TEST_POSTGRES_URL VANTAGE_TEST_POSTGRES_CA
  echo "test: PostgreSQL for the tests at ${VANTAGE_TEST_POSTGRES_URL##*@} (data in $pg_dir)"
fi
swift build
# A test that hangs ends the run after TEST_TIMEOUT_MINUTES (default 30) with the tests that
# started and never finished named, rather than running into CI's own limit without a word.
test_log=$(mktemp /tmp/vantage-test-log.XXXXXX)
timeout --kill-after=30 "${TEST_TIMEOUT_MINUTES:-30}m" stdbuf -oL -eL swift test "$@" > "$test_log" 2>&1 &
test_pid=$!
tail -n +1 -f --pid="$test_pid" "$test_log"
test_status=0
wait "$test_pid" || test_status=$?
if [ "$test_status" = 124 ] || [ "$test_status" = 137 ]; then
  echo "test: swift test ran past ${TEST_TIMEOUT_MINUTES:-30} minutes; started and never finished:"
  scripts/unfinished-tests.sh "$test_log"
  pkill -KILL -f 'vantagePackageTests|swiftpm-testing-helper|\.build/[a-z]*/vantage ' || true
fi
rm -f "$test_log"
[ "$test_status" = 0 ] || exit "$test_status"
# The CPU truth tests again with no other test running: a loop pinned to CPU 0 gets the whole
# core (other processes may still share the machine, so the total has a floor, not a
# ceiling). One at a time: each pins its own loop to CPU 0. Then the descriptor race of
# probe.tls's socket at full length.
for truth in LiveMachineTests.busyLoop ProcfsCollectorTests.busyLoop BlockingSocketTests; do
  VANTAGE_QUIET_MACHINE=1 swift test --skip-build --filter "$truth"
done
# The live server checked the way its users' tools check it: schemathesis on every operation
# of the OpenAPI document (in a loopback-only network namespace) and promtool on /metrics.
if [ "${API_CONFORMANCE:-1}" != 0 ]; then scripts/api-conformance.sh; fi
# The web interface in headless Chromium against a real server (BROWSER_TESTS=0 skips it).
if [ "${BROWSER_TESTS:-1}" != 0 ]; then scripts/browser-tests.sh; fi
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then scripts/fuzz.sh; fi

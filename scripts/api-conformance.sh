#!/usr/bin/env bash
# Checks a live `vantage serve` the way its users' tools do (run by scripts/test.sh, so CI):
#   1. schemathesis (PyPI, pinned) generates requests for every operation of
#      /api/v1/openapi.json, authenticated, with every check; any failure fails the run. The
#      server runs in a network namespace with only loopback, so the probes that generated
#      targets start never leave the machine.
#   2. `promtool check metrics` (Debian prometheus) lints the server's /metrics.
# Needs root (ip netns) and a built .build/debug/vantage. SCHEMATHESIS_SECONDS bounds the
# generated phase (default 240).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
vantage=${VANTAGE_BIN_DIR:-$root/.build/debug}/vantage
[ -x "$vantage" ] || { echo "api-conformance: $vantage is not built (swift build)" >&2; exit 1; }
command -v promtool >/dev/null || { echo "api-conformance: promtool missing (scripts/install-deps.sh --tests)" >&2; exit 1; }

tools=${VANTAGE_TOOLS_DIR:-$root/.build/tools-venv}
if ! "$tools/bin/schemathesis" --version 2>/dev/null | grep -q "4.32.5"; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "schemathesis==4.32.5"
fi

work=$(mktemp -d /tmp/vantage-conformance.XXXXXX)
ns="vt-api-$$-$RANDOM"
server=""
cleanup() {
  # `ip netns exec` may run the server as its child: $server is then `ip`, and killing it
  # alone left the server running after CI. Every process in the namespace goes.
  pids=$(ip netns pids "$ns" 2>/dev/null || true)
  [ -n "$pids" ] && kill $pids 2>/dev/null || true
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  for _ in $(seq 1 100); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break; sleep 0.1; done
  [ -n "$server" ] && wait "$server" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
ip -n "$ns" link set lo up
in_ns() { ip netns exec "$ns" "$@"; }

port=18080
cat > "$work/Plugins.json" <<JSON
{
  "server": { "listen": "127.0.0.1:$port", "dataDirectory": "$work/data", "rateLimits": [] },
  "scheduler": { "maxConcurrentChecks": 64 },
  "plugins": [
    { "plugin": "store.sqlite" },
    { "plugin": "probe.tcp" }, { "plugin": "probe.icmp" }, { "plugin": "probe.traceroute" }, { "plugin": "probe.mtr" }, { "plugin": "probe.mtr_ssh" },
    { "plugin": "probe.dns" }, { "plugin": "probe.whois" }, { "plugin": "probe.http" }, { "plugin": "probe.tls" },
    { "plugin": "auth.password", "config": { "bcryptCost": 10 } }, { "plugin": "auth.jwt" }, { "plugin": "auth.api_key" }
  ]
}
JSON
secret=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
VANTAGE_JWT_SECRET=$secret in_ns "$vantage" serve --config "$work/Plugins.json" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
ready=0
for _ in $(seq 1 100); do
  if in_ns python3 -c "import urllib.request; urllib.request.urlopen('$base/health', timeout=1)" 2>/dev/null; then ready=1; break; fi
  sleep 0.1
done
[ "$ready" = 1 ] || { echo "api-conformance: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

# The first registration makes the administrator (registration then closes, by default).
token=$(in_ns python3 - "$base" <<'PY'
import json, sys, urllib.request
body = json.dumps({"email": "admin@example.org", "username": "admin", "password": "conformance-pass-1"}).encode()
request = urllib.request.Request(sys.argv[1] + "/api/v1/auth/register", data=body, headers={"Content-Type": "application/json"})
print(json.load(urllib.request.urlopen(request))["token"])
PY
)

echo "api-conformance: schemathesis against $base (network namespace $ns, loopback only)"
run_schemathesis() {
  in_ns "$tools/bin/schemathesis" --config-file "$root/scripts/schemathesis.toml" --no-color run "$base/api/v1/openapi.json" \
    --checks all --header "Authorization: Bearer $token" \
    --max-time "${SCHEMATHESIS_SECONDS:-240}" --max-examples "${SCHEMATHESIS_EXAMPLES:-60}" \
    --request-timeout 20 --workers 2 --seed 20261202 2>&1 | tee "$work/schemathesis.log"
}
status=0
run_schemathesis || status=$?
# CPython 3.11 can fail to parse in one of schemathesis' worker threads while the other parses
# ("SystemError: AST constructor recursion depth mismatch"): a runtime error of the tool, not a
# finding about the server. Run once more when that is the only error and nothing failed.
if [ "$status" != 0 ] && grep -q "AST constructor recursion depth mismatch" "$work/schemathesis.log" \
   && ! grep -qE "^=+ .*failure" "$work/schemathesis.log"; then
  echo "api-conformance: schemathesis hit CPython's parser race (a tool error, no failure found); running it once more"
  status=0
  run_schemathesis || status=$?
fi

echo "api-conformance: promtool check metrics on $base/metrics"
in_ns python3 - "$base" "$token" > "$work/metrics.txt" <<'PY'
import sys, urllib.request
request = urllib.request.Request(sys.argv[1] + "/metrics", headers={"Authorization": "Bearer " + sys.argv[2]})
sys.stdout.write(urllib.request.urlopen(request).read().decode())
PY
if ! promtool check metrics < "$work/metrics.txt"; then status=1; fi
for series in process_cpu_seconds_total process_resident_memory_bytes process_open_fds process_max_fds process_start_time_seconds vantage_build_info vantage_monitors_not_exported; do
  grep -q "^$series" "$work/metrics.txt" || { echo "api-conformance: /metrics lacks $series" >&2; status=1; }
done
if grep -q "Undocumented Vantage metric" "$work/metrics.txt"; then
  echo "api-conformance: metrics without help text (add them to MetricsExposition.help):" >&2
  grep "Undocumented Vantage metric" "$work/metrics.txt" >&2
  status=1
fi
[ "$status" = 0 ] && echo "api-conformance: passed" || { echo "api-conformance: FAILED" >&2; tail -20 "$work/server.log" >&2; }
exit "$status"

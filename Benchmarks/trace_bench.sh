#!/usr/bin/env bash
# Trace runs through the API (issue 16): a private sshd on loopback with K host records on it,
# a release `vantage serve`, and POST /api/v1/traces from each origin alone, then from all K
# at once (wall time from the request to the run's `done` event), against
# `ssh HOST mtr --json …` K times in sequence with OpenSSH. Needs root (the sshd's accounts).
# Build first: swift build -c release --product vantage
#   Benchmarks/trace_bench.sh [--origins K] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
origins=10 rounds=2
while [ $# -gt 0 ]; do
  case $1 in
    --origins) origins=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--origins K] [--rounds R]" >&2; exit 64 ;;
  esac
done
work=$(mktemp -d /tmp/vantage-trace-bench.XXXXXX)
# sshd reads a user's authorized keys as that user: the fixture accounts must reach them.
chmod 755 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sshd_port=$(free_port) api_port=$(free_port)
Tests/Fixtures/ssh/sshd-server.sh start "$work/sshd" $$ "$sshd_port" >/dev/null
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  Tests/Fixtures/ssh/sshd-server.sh stop "$work/sshd" || true
  rm -rf "$work"
}
trap cleanup EXIT
cat > "$work/Plugins.json" <<JSON
{ "server": { "listen": "127.0.0.1:$api_port", "dataDirectory": "$work/data", "rateLimits": [] },
  "plugins": [ { "plugin": "store.sqlite" }, { "plugin": "probe.mtr" }, { "plugin": "probe.mtr_ssh" },
               { "plugin": "auth.password", "config": { "bcryptCost": 10 } }, { "plugin": "auth.jwt" } ] }
JSON
VANTAGE_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') .build/release/vantage serve --config "$work/Plugins.json" >"$work/server.log" 2>&1 &
server=$!
python3 - "$api_port" "$sshd_port" "$work/sshd/keys/ed25519" "$origins" "$rounds" <<'PY'
import json, subprocess, sys, time, urllib.error, urllib.request
port, sshd, keyfile, count, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
base = f"http://127.0.0.1:{port}"
for _ in range(100):
    try:
        urllib.request.urlopen(base + "/health", timeout=1); break
    except Exception:
        time.sleep(0.1)
def call(method, path, body=None, token=None, stream=False):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json", **({"Authorization": "Bearer " + token} if token else {}),
                                              **({"Accept": "text/event-stream"} if stream else {})})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            text = response.read().decode()
    except urllib.error.HTTPError as error:
        sys.exit(f"trace_bench: {method} {path} answered {error.code}: {error.read().decode()}")
    return text if stream else json.loads(text)
token = call("POST", "/api/v1/auth/register", {"email": "bench@example.org", "username": "bench", "password": "correct-horse-battery-9"})["token"]
key = open(keyfile).read()
hosts = [call("POST", "/api/v1/hosts", {"name": f"origin-{i}", "address": "127.0.0.1", "port": sshd, "username": "vssh-ed25519",
                                        "credentials": {"privateKey": key}}, token)["id"] for i in range(count)]
options = {"count": rounds, "interval": 1}
def trace(origins):
    begun = time.monotonic()
    events = call("POST", "/api/v1/traces", {"target": "127.0.0.1", "origins": origins, "options": options}, token, stream=True)
    assert "event: done" in events, events[-500:]
    assert events.count('"status":"up"') >= len(origins), events[-2000:]
    return time.monotonic() - begun
for host in hosts: trace([host])          # warm: connections open and pooled, keys pinned
alone = [trace([host]) for host in hosts]
together = trace(hosts)
begun = time.monotonic()
for _ in hosts:
    subprocess.run(["ssh", "-p", str(sshd), "-i", keyfile, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "vssh-ed25519@127.0.0.1",
                    "mtr", "--json", "-n", "-c", str(rounds), "-i", "1", "-G", "2", "127.0.0.1"], check=True, stdout=subprocess.DEVNULL)
sequential = time.monotonic() - begun
print(f"traces API: {count} origins, {rounds} rounds each; slowest origin alone {max(alone):.2f} s (fastest {min(alone):.2f} s); "
      f"all {count} in one run {together:.2f} s ({together / max(alone):.2f}x the slowest); "
      f"OpenSSH ssh HOST mtr --json in sequence {sequential:.2f} s ({sequential / together:.1f}x slower than the run)")
PY

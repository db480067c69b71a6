#!/usr/bin/env bash
# The 100-hosts-over-SSH benchmark of issue 17: starts a private sshd on loopback
# (Tests/Fixtures/ssh/sshd-server.sh; needs root) and runs `CollectorBenchmark ssh` against it:
# H host records read by collector.ssh every interval, then H `ssh … cat /proc/…` per round.
# Build first: swift build -c release --product CollectorBenchmark
#   Benchmarks/collect_ssh_bench.sh [--hosts 100] [--rounds 6] [--interval 10]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/vantage-collect-bench.XXXXXX)
rmdir "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
Tests/Fixtures/ssh/sshd-server.sh start "$dir" $$ "$port" >/dev/null
trap 'Tests/Fixtures/ssh/sshd-server.sh stop "$dir"' EXIT
.build/release/CollectorBenchmark ssh --port "$port" --user vssh-ed25519 --key "$dir/keys/ed25519" "$@"

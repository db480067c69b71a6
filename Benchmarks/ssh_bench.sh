#!/usr/bin/env bash
# The SSH transport benchmark of issue 16: starts a private sshd on loopback
# (Tests/Fixtures/ssh/sshd-server.sh, its own keys and accounts; needs root) and runs
# SSHCommandBenchmark against it. Build first: swift build -c release --product SSHCommandBenchmark
#   Benchmarks/ssh_bench.sh [--commands N] [--origins K] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/vantage-ssh-bench.XXXXXX)
rmdir "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
Tests/Fixtures/ssh/sshd-server.sh start "$dir" $$ "$port" >/dev/null
trap 'Tests/Fixtures/ssh/sshd-server.sh stop "$dir"' EXIT
.build/release/SSHCommandBenchmark --port "$port" --user vssh-ed25519 --key "$dir/keys/ed25519" "$@"

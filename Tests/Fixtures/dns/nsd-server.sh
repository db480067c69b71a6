#!/usr/bin/env bash
# Starts or stops an NSD serving the test zones of this folder on 127.0.0.1.
#   nsd-server.sh start DIR PORT [PID]  writes DIR/nsd.conf, starts nsd in the background,
#                                       waits until it listens on PORT (UDP and TCP); with
#                                       PID, stops nsd when that process exits
#   nsd-server.sh stop DIR         stops it
# Rate limiting is off (rrl-ratelimit: 0) so load tests and benchmarks are not throttled.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=${1:?start|stop}
dir=${2:?directory}

. "$here/../server-lib.sh"
# Every nsd process of DIR: the main one and its children.
pattern="nsd -d -c $dir/nsd.conf"

case "$command" in
start)
  port=${3:?port}
  mkdir -p "$dir"
  cp "$here"/*.zone "$dir"/
  cat > "$dir/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$port
  port: $port
  username: ""
  chroot: ""
  zonesdir: "$dir"
  database: ""
  pidfile: "$dir/nsd.pid"
  xfrdfile: "$dir/xfrd.state"
  zonelistfile: "$dir/zone.list"
  logfile: "$dir/nsd.log"
  verbosity: 1
  server-count: 1
  hide-version: yes
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: example.test
  zonefile: "$dir/example.test.zone"
zone:
  name: 2.0.192.in-addr.arpa
  zonefile: "$dir/2.0.192.in-addr.arpa.zone"
CONF
  nsd=$(command -v nsd || echo /usr/sbin/nsd)
  "$nsd" -d -c "$dir/nsd.conf" >"$dir/nsd.out" 2>&1 &
  echo $! > "$dir/nsd.process"
  stop_when_gone "${4:-0}" "$!" "$pattern" "$dir"
  for _ in $(seq 1 100); do
    if ss -Hlnu "sport = :$port" | grep -q . && ss -Hlnt "sport = :$port" | grep -q .; then exit 0; fi
    if ! kill -0 "$(cat "$dir/nsd.process")" 2>/dev/null; then cat "$dir/nsd.out" "$dir/nsd.log" >&2 2>/dev/null || true; exit 1; fi
    sleep 0.05
  done
  echo "nsd did not start listening on port $port" >&2
  cat "$dir/nsd.out" >&2
  exit 1
  ;;
stop)
  stop_matching "$pattern" "$dir"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 64 ;;
esac

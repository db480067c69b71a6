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

# Stops every nsd process of DIR (the main one and its children), waiting for a clean exit
# before killing, and only then removes DIR: nsd writes its state there while it stops.
stop_all() {
  local dir=$1 pattern="nsd -d -c $1/nsd.conf"
  pkill -TERM -f -- "$pattern" 2>/dev/null || true
  for _ in $(seq 1 50); do pgrep -f -- "$pattern" >/dev/null || break; sleep 0.1; done
  pkill -KILL -f -- "$pattern" 2>/dev/null || true
  rm -rf "$dir"
}

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
  if [ -n "${4:-}" ]; then
    watched=$4 server=$!
    (trap '' HUP INT
     while kill -0 "$watched" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
     stop_all "$dir") </dev/null >/dev/null 2>&1 &
    disown
  fi
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
  stop_all "$dir"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 64 ;;
esac

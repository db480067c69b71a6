#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests and benchmarks, run as the `postgres` user
# (initdb refuses root) on a free loopback port, with its socket and data under DIR.
#
#   pg-server.sh start DIR [WATCH_PID]  create and start; prints the URL of database `vantage`,
#                                       owned by role `vantage` (password auth over TCP; TLS
#                                       offered, DIR/server.crt the certificate to trust);
#                                       with WATCH_PID, stopped and removed when it exits
#   pg-server.sh stop DIR               stop (fast) and keep the data
#   pg-server.sh restart DIR            start again an existing cluster on its port
#   pg-server.sh remove DIR             stop and delete
# EXTRA_PG_OPTIONS adds server options (the benchmarks leave fsync on; tests turn it off).
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
command=$1
dir=$2
as_postgres() { runuser -u postgres -- "$@"; }

case "$command" in
start)
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres -E UTF8 --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1
  # TLS with a self-signed certificate for 127.0.0.1 ($dir/server.crt is also the root a
  # client verifies it with): plain connections still work, sslmode=require and
  # verify-full can be tested.
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$dir/server.key" -out "$dir/server.crt" >/dev/null 2>&1
  chown postgres:postgres "$dir/server.key" "$dir/server.crt"
  chmod 600 "$dir/server.key"
  chmod 644 "$dir/server.crt"
  # A free port can be taken between choosing and binding it (tests start clusters side by
  # side): try three, and show the server's log when none works.
  started=0
  for attempt in 1 2 3; do
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" > "$dir/port"
    if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key ${EXTRA_PG_OPTIONS:-}" start >/dev/null; then
      started=1
      break
    fi
    echo "pg-server.sh: attempt $attempt on port $port failed:" >&2
    tail -5 "$dir/server.log" >&2 || true
  done
  [ "$started" = 1 ] || exit 1
  as_postgres "$bin/psql" -q -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE vantage LOGIN SUPERUSER PASSWORD 'vantage-test'" -c "CREATE DATABASE vantage OWNER vantage" >/dev/null
  if [ -n "${3:-}" ]; then
    # Removed when the test process exits (not when the server stops: tests restart it).
    (trap '' HUP INT
     while kill -0 "$3" 2>/dev/null && [ -d "$dir" ]; do sleep 1; done
     [ -d "$dir" ] && "$0" remove "$dir") </dev/null >/dev/null 2>&1 &
    disown
  fi
  echo "postgresql://vantage:vantage-test@127.0.0.1:$port/vantage"
  ;;
stop)
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
  ;;
restart)
  port=$(cat "$dir/port")
  # The port is the cluster's own (its clients know it), so a start that fails (the port not
  # free yet, or taken meanwhile by another process on a shared machine) is tried again, and
  # the server's log is shown when it keeps failing.
  for attempt in 1 2 3 4 5; do
    if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key ${EXTRA_PG_OPTIONS:-}" start >/dev/null; then
      exit 0
    fi
    sleep "$attempt"
  done
  echo "PostgreSQL did not start again on port $port; the end of $dir/server.log:" >&2
  tail -n 20 "$dir/server.log" >&2
  exit 1
  ;;
remove)
  as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-server.sh start|stop|restart|remove DIR" >&2
  exit 64
  ;;
esac

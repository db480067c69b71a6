#!/usr/bin/env bash
# Starts or stops an nginx on 127.0.0.1 serving routes.conf over plain HTTP and over HTTPS
# with each certificate of make-certs.sh on its own port.
#   nginx-server.sh start DIR WATCH_PID HTTP VALID EXPIRING EXPIRED NOTYET WRONGHOST SELFSIGNED NOINTERMEDIATE
#       writes DIR/nginx.conf, creates the CA chain in DIR/certs, starts nginx in the
#       background and waits until every port listens; stops nginx when WATCH_PID exits
#       (0: never)
#   nginx-server.sh stop DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command=${1:?start|stop}
dir=${2:?directory}

. "$here/../server-lib.sh"
pattern="nginx -p $dir -c $dir/nginx.conf"

case "$command" in
start)
  watched=${3:?watch pid}
  shift 3
  [ $# -eq 8 ] || { echo "start needs 8 ports" >&2; exit 64; }
  ports=("$@")
  mkdir -p "$dir/tmp" "$dir/html"
  "$here/make-certs.sh" "$dir/certs"
  [ -f "$dir/large.bin" ] || head -c 2097152 /dev/zero | tr '\0' 'v' > "$dir/large.bin"
  echo "basic ok" > "$dir/ok.txt"
  echo "vantage:$(openssl passwd -apr1 'fixture-pass')" > "$dir/htpasswd"
  sed "s|__DIR__|$dir|g" "$here/routes.conf" > "$dir/routes.conf"
  server() { # PORT CERT(empty: plain) CHAIN-FILE
    if [ -z "$2" ]; then
      echo "  server { listen 127.0.0.1:$1; listen [::1]:$1; include $dir/routes.conf; }"
    else
      echo "  server { listen 127.0.0.1:$1 ssl; ssl_certificate $dir/certs/$3; ssl_certificate_key $dir/certs/$2.key; include $dir/routes.conf; }"
    fi
  }
  module=/usr/lib/nginx/modules/ngx_http_echo_module.so
  {
    echo "worker_processes 1;"
    echo "pid $dir/nginx.pid;"
    echo "error_log $dir/error.log warn;"
    [ -f "$module" ] && echo "load_module $module;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off; default_type text/plain; keepalive_timeout 30;"
    echo "  client_body_temp_path $dir/tmp/body; proxy_temp_path $dir/tmp/proxy; fastcgi_temp_path $dir/tmp/fastcgi;"
    echo "  uwsgi_temp_path $dir/tmp/uwsgi; scgi_temp_path $dir/tmp/scgi; root $dir/html;"
    echo "  ssl_protocols TLSv1.2 TLSv1.3; ssl_session_cache off; ssl_session_tickets off;"
    server "${ports[0]}" "" ""
    server "${ports[1]}" valid valid-chain.pem
    server "${ports[2]}" expiring expiring-chain.pem
    server "${ports[3]}" expired expired-chain.pem
    server "${ports[4]}" notyet notyet-chain.pem
    server "${ports[5]}" wronghost wronghost-chain.pem
    server "${ports[6]}" selfsigned selfsigned-chain.pem
    server "${ports[7]}" valid valid.pem
    echo "}"
  } > "$dir/nginx.conf"
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  "$nginx" -p "$dir" -c "$dir/nginx.conf" -e stderr -g 'daemon off;' >"$dir/nginx.out" 2>&1 &
  server=$!
  echo $server > "$dir/nginx.process"
  stop_when_gone "$watched" "$server" "$pattern" "$dir"
  # Up to 20 s: at the start of a full test run many fixtures start at once.
  for _ in $(seq 1 400); do
    listening=0
    for port in "${ports[@]}"; do ss -Hlnt "sport = :$port" | grep -q . && listening=$((listening + 1)); done
    [ $listening -eq 8 ] && exit 0
    if ! kill -0 "$server" 2>/dev/null; then cat "$dir/nginx.out" >&2; exit 1; fi
    sleep 0.05
  done
  echo "nginx did not listen on every port" >&2
  cat "$dir/nginx.out" >&2
  exit 1
  ;;
stop)
  stop_matching "$pattern" "$dir"
  ;;
*) echo "usage: $0 start DIR WATCH_PID PORT×8 | stop DIR" >&2; exit 64 ;;
esac

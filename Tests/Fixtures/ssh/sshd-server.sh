#!/usr/bin/env bash
# A private OpenSSH server for the SSH tests, with its own host key, client keys and
# configuration under DIR (nothing of the system's sshd is used or touched).
#   sshd-server.sh users                      creates the test accounts if missing (root):
#       vssh-ed25519, vssh-ecdsa, vssh-rsa (public key only), vssh-password (password only,
#       "fixture-pass"), vssh-nomtr (ed25519 key, a PATH without mtr)
#   sshd-server.sh keys DIR                   the client keys in DIR/keys (idempotent):
#       ed25519, ecdsa, rsa, ed25519-pass (passphrase "fixture-phrase"), other (authorised nowhere)
#   sshd-server.sh start DIR WATCH_PID PORT [ADDRESS [NETNS]]
#       writes DIR/sshd_config, a host key and DIR/authorized/<user>, starts sshd -D on
#       ADDRESS:PORT (default 127.0.0.1; inside network namespace NETNS when given) and waits
#       until it listens; stops it when WATCH_PID exits (0: never)
#   sshd-server.sh rekey DIR                  a new host key, and sshd reloads (SIGHUP)
#   sshd-server.sh stop DIR                   stops the server and drops its connections
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../server-lib.sh"
command=${1:?users|keys|start|rekey|stop}

users() {
  for user in vssh-ed25519 vssh-ecdsa vssh-rsa vssh-password vssh-nomtr; do
    id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/sh "$user"
  done
  # "*": no password, but not locked ("!"), which sshd without PAM refuses for keys too.
  for user in vssh-ed25519 vssh-ecdsa vssh-rsa vssh-nomtr; do usermod -p '*' "$user"; done
  echo "vssh-password:fixture-pass" | chpasswd
}

keys() {
  local keys=$1/keys
  mkdir -p "$keys"
  [ -f "$keys/ed25519" ] || ssh-keygen -q -t ed25519 -N "" -C vantage-test -f "$keys/ed25519"
  [ -f "$keys/ecdsa" ] || ssh-keygen -q -t ecdsa -b 256 -N "" -C vantage-test -f "$keys/ecdsa"
  [ -f "$keys/rsa" ] || ssh-keygen -q -t rsa -b 2048 -N "" -C vantage-test -f "$keys/rsa"
  [ -f "$keys/ed25519-pass" ] || ssh-keygen -q -t ed25519 -N fixture-phrase -C vantage-test -f "$keys/ed25519-pass"
  [ -f "$keys/other" ] || ssh-keygen -q -t ed25519 -N "" -C vantage-test -f "$keys/other"
}

case "$command" in
users) users ;;
keys) keys "${2:?directory}" ;;
start)
  dir=${2:?directory} watched=${3:?watch pid} port=${4:?port} address=${5:-127.0.0.1} netns=${6:-}
  mkdir -p "$dir/authorized" /run/sshd
  users
  keys "$dir"
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N "" -f "$dir/host_ed25519"
  cat "$dir/keys/ed25519.pub" "$dir/keys/ed25519-pass.pub" > "$dir/authorized/vssh-ed25519"
  cp "$dir/keys/ecdsa.pub" "$dir/authorized/vssh-ecdsa"
  cp "$dir/keys/rsa.pub" "$dir/authorized/vssh-rsa"
  cp "$dir/keys/ed25519.pub" "$dir/authorized/vssh-nomtr"
  : > "$dir/authorized/vssh-password"
  cat > "$dir/sshd_config" <<CONFIG
Port $port
ListenAddress $address
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized/%u
StrictModes no
UsePAM no
PermitRootLogin no
AllowUsers vssh-ed25519 vssh-ecdsa vssh-rsa vssh-password vssh-nomtr
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
MaxStartups 100:30:200
MaxSessions 50
LogLevel VERBOSE
Match User vssh-password
  PasswordAuthentication yes
  PubkeyAuthentication no
Match User vssh-nomtr
  SetEnv PATH=/nonexistent
CONFIG
  run=()
  [ -n "$netns" ] && run=(ip netns exec "$netns")
  "${run[@]}" /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 &
  server=$!
  echo $server > "$dir/sshd.process"
  stop_when_gone "$watched" "$server" "sshd -D -e -f $dir/sshd_config" "$dir"
  for _ in $(seq 1 100); do
    "${run[@]}" ss -Hlnt "sport = :$port" | grep -q . && exit 0
    if ! kill -0 "$server" 2>/dev/null; then cat "$dir/sshd.log" >&2; exit 1; fi
    sleep 0.05
  done
  echo "sshd did not listen on $address port $port" >&2
  cat "$dir/sshd.log" >&2
  exit 1
  ;;
rekey)
  dir=${2:?directory}
  rm -f "$dir/host_ed25519" "$dir/host_ed25519.pub"
  ssh-keygen -q -t ed25519 -N "" -f "$dir/host_ed25519"
  kill -HUP "$(cat "$dir/sshd.pid")"
  # sshd re-executes itself on SIGHUP; wait until it listens again with the new key.
  port=$(awk '/^Port /{print $2}' "$dir/sshd_config")
  sleep 0.2
  for _ in $(seq 1 100); do ss -Hlnt "sport = :$port" | grep -q . && exit 0; sleep 0.05; done
  exit 1
  ;;
stop)
  dir=${2:?directory}
  # Its connections go with it, as when a machine goes away: each is a child of the listener.
  if [ -f "$dir/sshd.process" ]; then pkill -KILL -P "$(cat "$dir/sshd.process")" 2>/dev/null || true; fi
  stop_matching "sshd -D -e -f $dir/sshd_config" "$dir"
  ;;
*) echo "usage: $0 users | keys DIR | start DIR WATCH_PID PORT [ADDRESS [NETNS]] | rekey DIR | stop DIR" >&2; exit 64 ;;
esac

# Shared by the fixture server scripts (sourced, not run).

# stop_matching PATTERN DIR: stops every process whose command line contains PATTERN,
# waiting up to 5 s for a clean exit before killing, and only then removes DIR (servers
# write their state there while they stop).
stop_matching() {
  local pattern=$1 dir=$2
  pkill -TERM -f -- "$pattern" 2>/dev/null || true
  for _ in $(seq 1 50); do pgrep -f -- "$pattern" >/dev/null || break; sleep 0.1; done
  pkill -KILL -f -- "$pattern" 2>/dev/null || true
  rm -rf "$dir"
}

# stop_when_gone WATCHED SERVER PATTERN DIR: in the background, once WATCHED (the test
# process) or SERVER exits, runs stop_matching PATTERN DIR. WATCHED 0 watches nothing.
stop_when_gone() {
  local watched=$1 server=$2 pattern=$3 dir=$4
  [ "$watched" = 0 ] && return 0
  (trap '' HUP INT
   while kill -0 "$watched" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done
   stop_matching "$pattern" "$dir") </dev/null >/dev/null 2>&1 &
  disown
}

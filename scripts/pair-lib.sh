# What both throwaway-pair scripts (mariadb-pair.sh, postgres-pair.sh) do the same way:
# processes, ports, passwords, the watchdog that stops a pair whose owner died, and `stop`.
# Sourced, not run: the sourcing script defines MARKER, log and stop_servers.

# kill -0 also succeeds on zombies, which linger while an interrupted `start`
# (their parent) is still running its cleanup; treat those as gone.
alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $st && $st != Z ]]
}

wait_gone() { # wait_gone PID TENTHS
  local i
  for ((i = 0; i < $2; i++)); do alive "$1" || return 0; sleep 0.1; done
  return 1
}

free_port() {
  # Bind port 0 and report what the kernel chose. Node is guaranteed in this
  # project; python3 is only a fallback.
  if command -v node >/dev/null; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port)+"\n");s.close()})'
  else
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  fi
}

# 144 random bits, URL- and SQL-safe (base64url without padding).
random_password() { head -c 18 /dev/urandom | base64 | tr '+/' '-_'; }

json_str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"; }

start_time() { # start_time PID: its start in clock ticks since boot, which tells a reused pid apart
  sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

# The watchdog: a process of its own (setsid), so it outlives a SIGKILL of the owner,
# which runs no trap and no exit hook. It polls the owner and stops the pair once the
# owner is gone, first ending a `start` still in progress.
cmd_watch() { # cmd_watch DIR OWNER_PID OWNER_START
  local dir=$1 owner=$2 since=$3 pid
  while [[ -e $dir/$MARKER ]] && alive "$owner" && [[ $(start_time "$owner") == "$since" ]]; do sleep 0.2; done
  [[ -e $dir/$MARKER ]] || return 0
  rm -f "$dir/watchdog.pid"   # a failing `start` must not kill us now
  if [[ -s $dir/start.pid ]] && pid=$(<"$dir/start.pid") && alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 300 || true
  fi
  cmd_stop "$dir"
}

start_watchdog() { # start_watchdog DIR
  local owner=${LAGSIM_PAIR_OWNER:-$PPID} since
  [[ $owner =~ ^[0-9]+$ ]] && since=$(start_time "$owner") && [[ -n $since ]] \
    || { log "start failed: LAGSIM_PAIR_OWNER '$owner' is not a running process"; return 1; }
  setsid bash "$SELF" watch "$1" "$owner" "$since" </dev/null >/dev/null 2>&1 &
  echo $! >"$1/watchdog.pid"
}

stop_watchdog() { # stop_watchdog DIR; a no-op inside the watchdog itself
  local pid
  [[ -s $1/watchdog.pid ]] && pid=$(<"$1/watchdog.pid") || return 0
  if [[ $pid =~ ^[0-9]+$ ]] && (( pid != $$ )) && alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 20 || true
  fi
  rm -f "$1/watchdog.pid"
}

cmd_stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  # Refuse to rm -rf something we did not create (guards against `stop /`).
  if [[ ! -e $dir/$MARKER ]] && [[ -n $(ls -A "$dir") ]]; then
    log "refusing to remove $dir: no $MARKER marker"; return 1
  fi
  stop_watchdog "$dir"
  stop_servers "$dir"
  rm -rf "$dir"
}

usage() { echo "usage: $0 {start DIR|stop DIR|status DIR|ensure-installed}" >&2; exit 2; }

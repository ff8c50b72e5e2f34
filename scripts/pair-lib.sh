# What both throwaway-pair scripts (mariadb-pair.sh, postgres-pair.sh) do the same way:
# processes, ports, passwords, the watchdog that stops a pair whose owner died, and `stop`.
# Sourced, not run: the sourcing script defines MARKER, log, stop_servers, pid_of and
# the engine's commands that launch, stop_role and write_password_files call (listed there).

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

# --- starting and stopping one server, the engine's commands given by the sourcing script:
#   server_argv DIR ROLE PORT ARGS...   sets SERVER_ARGV, the server's command line
#   server_ready DIR ROLE PORT          succeeds once the server answers
#   server_shutdown DIR ROLE PID        asks it to stop (a command, or a signal)
#   SERVER_NAME (mariadbd, postgres), SERVER_LOG (ROLE/ file the server logs to),
#   SERVER_OUT (ROLE/ file for its stdout and stderr), BIND_ERRORS and START_ERRORS
#   (grep -E patterns of its log: port taken; the line that says why it died),
#   BUSY_PID (ROLE/ file of a setup command in its own session: install-db, initdb, …),
#   DATADIR_ARG (how its command line names the datadir), STOP_WAIT (tenths of a second
#   the shutdown may take), then STOP_SIGNAL and STOP_SIGNAL_WAIT (tenths) before SIGKILL.

launch() { # launch DIR ROLE [server args...]; writes ROLE/port, sets FAIL_MSG on failure
  local dir=$1 role=$2; shift 2
  local d=$dir/$role attempt port i pid
  for attempt in 1 2 3; do
    port=$(free_port)
    echo "$port" >"$d/port"
    # Emptied per attempt (the retry reads it) and the server's: it cannot write a file of ours.
    install -m 0640 -o "$SERVER_USER" -g "$(id -g "$SERVER_USER")" /dev/null "$d/$SERVER_LOG"
    server_argv "$dir" "$role" "$port" "$@"
    # setsid: the servers must not get the caller's Ctrl-C directly; our own trap / stop
    # decide the order of shutdown. Redirecting all fds matters: a server holding the
    # caller's stdout pipe would make `start` never "finish" for a Node parent waiting on it.
    setsid "${AS_SERVER[@]}" "${SERVER_ARGV[@]}" </dev/null >>"$d/$SERVER_OUT" 2>&1 &
    pid=$!
    echo "$pid" >"$d/launch.pid"
    for i in $(seq 600); do
      alive "$pid" || break
      if server_ready "$dir" "$role" "$port"; then return 0; fi
      sleep 0.1
    done
    if alive "$pid"; then FAIL_MSG="$role did not answer within 60s (see $d/$SERVER_LOG)"; return 1; fi
    # Port picked then released can be stolen before the server binds it: retry.
    if grep -qiE "$BIND_ERRORS" "$d/$SERVER_LOG"; then
      log "$role: port $port was taken meanwhile, retrying"; continue
    fi
    FAIL_MSG="$role $SERVER_NAME exited during startup: $(grep -m1 -E "$START_ERRORS" "$d/$SERVER_LOG" || tail -n1 "$d/$SERVER_LOG") (see $d/$SERVER_LOG)"
    return 1
  done
  FAIL_MSG="$role could not bind a free port after 3 attempts"; return 1
}

stop_role() { # stop_role DIR ROLE: the engine's shutdown, then STOP_SIGNAL, then SIGKILL
  local dir=$1 role=$2 pid
  # An interrupted start may still be setting up: that command runs in its own session
  # (setsid), so signalling the group also reaches whatever server it started.
  if [[ -s $dir/$role/$BUSY_PID ]]; then
    pid=$(<"$dir/$role/$BUSY_PID")
    if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then kill -KILL -- "-$pid" 2>/dev/null || true; fi
  fi
  if pid=$(pid_of "$dir" "$role"); then
    server_shutdown "$dir" "$role" "$pid"
    if ! wait_gone "$pid" "$STOP_WAIT"; then
      kill "-$STOP_SIGNAL" "$pid" 2>/dev/null || true
      if ! wait_gone "$pid" "$STOP_SIGNAL_WAIT"; then
        log "$role (pid $pid) ignored SIG$STOP_SIGNAL; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        wait_gone "$pid" 20 || true
      fi
    fi
  fi
  # Last resort for a server launched in the instant before an interrupted start
  # recorded its pid: match our own unique datadir path, nothing broader.
  for pid in $(pgrep -f -- "$DATADIR_ARG$dir/$role/data" || true); do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# The password goes to files only the caller can read: DIR/password for lagsim
# (LAGSIM_PASSWORD=$(cat DIR/password)), DIR/admin-password, and per role the engine's
# client file DIR/ROLE.EXT, whose text `client_file PORT PASSWORD` prints.
write_password_files() { # write_password_files DIR PASSWORD ADMIN_PASSWORD EXT ROLE...
  local dir=$1 password=$2 admin=$3 ext=$4 role; shift 4
  (
    umask 077
    printf '%s\n' "$password" >"$dir/password"
    printf '%s\n' "$admin" >"$dir/admin-password"
    for role in "$@"; do client_file "$(<"$dir/$role/port")" "$password" >"$dir/$role.$ext"; done
  )
}

claim_pair_dir() { # claim_pair_dir DIR SOCKET_TAIL: DIR (made, and empty) becomes this pair's, watched by a watchdog; sets PAIR_DIR to its real path
  local dir=$1 tail=$2
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if [[ -e $dir/$MARKER ]] || [[ -n $(ls -A "$dir") ]]; then
    log "start failed: $dir is not empty (already a pair there?)"; exit 2
  fi
  # unix sockets are limited to 107 bytes, and the longest socket path is DIR plus SOCKET_TAIL
  # characters; a long TMPDIR is the usual culprit.
  if (( ${#dir} + tail > 107 )); then
    log "start failed: path $dir is too long for a unix socket; use a shorter TMPDIR"; exit 2
  fi
  choose_server_user || exit 2
  : >"$dir/$MARKER"
  echo $$ >"$dir/start.pid"
  start_watchdog "$dir" || exit 2
  PAIR_DIR=$dir
}

arm_start_traps() { # from here until the start succeeds, a failure stops what was started and says why
  # FAIL_MSG is preset per phase; the ERR trap only fills it when empty, so the
  # innermost (most specific) failure wins over the caller's re-raise under -E.
  # A failed start keeps PAIR_DIR (the logs) and has nothing left for the watchdog to stop.
  FAIL_MSG=""
  trap '[[ -n $FAIL_MSG ]] || FAIL_MSG="command failed (line $LINENO): $BASH_COMMAND"' ERR
  trap 'FAIL_MSG="interrupted"; exit 130' INT
  trap 'FAIL_MSG="terminated"; exit 143' TERM
  trap 'rc=$?; trap - EXIT INT TERM ERR; stop_servers "$PAIR_DIR"; stop_watchdog "$PAIR_DIR"; log "start failed: ${FAIL_MSG:-unexpected error} (logs in $PAIR_DIR)"; exit $(( rc ? rc : 1 ))' EXIT
}

usage() { echo "usage: $0 {start DIR|stop DIR|status DIR|ensure-installed}" >&2; exit 2; }

#!/usr/bin/env bash
# Start/stop a throwaway PostgreSQL primary + streaming hot standby on 127.0.0.1 for
# lagsim's live mode. Everything lives under one caller-supplied DIR.
#
#   postgres-pair.sh start DIR        -> prints one JSON line on stdout (no password)
#   postgres-pair.sh stop DIR         -> idempotent; removes DIR
#   postgres-pair.sh status DIR
#   postgres-pair.sh ensure-installed
#
# Env: LAGSIM_APPLY_DELAY_MS (milliseconds, default 0) -> the standby's
#      recovery_min_apply_delay: it applies each COMMIT record no sooner than the
#      commit's timestamp + the delay. 0: the standby applies as fast as it can.
#      LAGSIM_PAIR_OWNER (pid, default: the caller of `start`) -> the pair stops
#      itself within a second of that process ending, however it ends.
#      LAGSIM_REPLAY_CPU_PERCENT (1-100, default none) -> the standby's startup
#      (replay) process may use at most that share of one CPU, by a cgroup CPU
#      quota: a replica with less CPU than its primary, whose single replay process
#      falls behind under write load. Needs a writable cgroup cpu controller (root).
#
# Only the caller can reach the pair: the servers run as the caller, or as the
# `postgres` system user when the caller is root; DIR is private (sockets inside);
# the administrative role is the caller's OS user name with peer authentication over
# the unix socket only; role `lagsim` logs in over TCP with a random password (scram;
# in DIR/password and DIR/ROLE.pgpass, mode 0600, never printed) and may only read and
# write table rows_kv of database lagsim; role `lagsim_admin` (its own password in
# DIR/admin-password, 0600) logs in over TCP to database postgres only and may only pause
# and resume the standby's replay (pg_wal_replay_pause/resume), for live mode's stop incidents.
set -Eeuo pipefail

readonly MARKER=".lagsim-postgres-pair"
readonly ROLES=(primary replica)
readonly SELF=${BASH_SOURCE[0]}
ADMIN=$(id -un)
readonly ADMIN

log() { echo "postgres-pair: $*" >&2; }
# shellcheck source=pair-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pair-lib.sh"

# Debian installs the server binaries per major version, off PATH.
pg_bindir() { # newest installed major version's bin dir
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [[ -n $d && -x $d/postgres ]] && echo "$d"
}

ensure_installed() {
  if pg_bindir >/dev/null; then return 0; fi
  [[ $(id -u) -eq 0 ]] || { log "PostgreSQL is not installed; run: sudo apt-get install -y postgresql"; return 1; }
  log "installing PostgreSQL (apt-get install postgresql)"
  # policy-rc.d: the package must not start (and keep) a system cluster of its own.
  local policy=/usr/sbin/policy-rc.d made_policy=0 rc=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; made_policy=1; fi
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql \
    || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql; }; } >&2 || rc=$?
  if (( made_policy )); then rm -f "$policy"; fi
  (( rc == 0 )) || { log "apt-get install postgresql failed (exit $rc)"; return 1; }
  pg_bindir >/dev/null || { log "postgres still missing after apt-get install"; return 1; }
}

# Who the servers run as: the caller, or the `postgres` system user for root (postgres
# refuses to run as root). setpriv execs, so the recorded pid is the server's own.
choose_server_user() {
  AS_SERVER=()
  if [[ $(id -u) -ne 0 ]]; then SERVER_USER=$ADMIN; return 0; fi
  id -u postgres >/dev/null 2>&1 || { log "start failed: no 'postgres' user to run the servers as (the postgresql package creates it), or run lagsim as a normal user"; return 1; }
  SERVER_USER=postgres
  AS_SERVER=(setpriv --reuid=postgres --regid="$(id -g postgres)" --init-groups --)
}

make_private_dirs() { # make_private_dirs DIR
  local dir=$1 role
  chmod 0700 "$dir"
  if [[ $SERVER_USER != "$ADMIN" ]]; then chgrp "$(id -g "$SERVER_USER")" "$dir"; chmod 0710 "$dir"; fi
  for role in "${ROLES[@]}"; do
    install -d -m 0700 -o "$SERVER_USER" -g "$(id -g "$SERVER_USER")" "$dir/$role" "$dir/$role/sock"
  done
}

# Statements go on stdin, never argv (other local users can read every argv).
# PGSYSCONFDIR/PSQLRC: the host's service files and psqlrc must not leak in.
sql() { # sql DIR ROLE [DATABASE] <<< STATEMENTS
  local dir=$1 role=$2 db=${3:-postgres}
  PGSYSCONFDIR=/nonexistent PSQLRC=/dev/null "$BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$dir/$role/sock" -p "$(<"$dir/$role/port")" -U "$ADMIN" -d "$db"
}

pid_of() { # prints the pid of ROLE's postmaster if it is alive
  local f pid
  for f in "$1/$2/launch.pid"; do
    [[ -s $f ]] || continue
    pid=$(<"$f")
    if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then echo "$pid"; return 0; fi
  done
  return 1
}

# The engine's commands for pair-lib.sh's launch and stop_role: a fast shutdown (SIGINT),
# then an immediate one (SIGQUIT), then SIGKILL.
readonly SERVER_NAME=postgres SERVER_LOG=server.log SERVER_OUT=server.log BUSY_PID=busy.pid DATADIR_ARG='-D '
readonly BIND_ERRORS='could not bind|Address already in use' START_ERRORS='FATAL|ERROR'
readonly STOP_WAIT=100 STOP_SIGNAL=QUIT STOP_SIGNAL_WAIT=30

server_argv() { # server_argv DIR ROLE PORT [-c name=value ...]
  local d=$1/$2 port=$3; shift 3
  SERVER_ARGV=("$BIN/postgres" -D "$d/data" -p "$port"
    -c listen_addresses=127.0.0.1 -c unix_socket_directories="$d/sock" -c unix_socket_permissions=0700
    -c logging_collector=off -c log_destination=stderr -c shared_buffers=16MB -c max_connections=60
    -c autovacuum=off -c fsync=off -c full_page_writes=off -c max_wal_senders=4 -c hot_standby=on
    -c password_encryption=scram-sha-256
    "$@")
}

server_ready() { # server_ready DIR ROLE PORT
  "$BIN/pg_isready" -q -h "$1/$2/sock" -p "$3" -d postgres -U "$ADMIN" >/dev/null 2>&1
}

server_shutdown() { kill -INT "$3" 2>/dev/null || true; } # server_shutdown DIR ROLE PID

client_file() { printf '127.0.0.1:%d:lagsim:lagsim:%s\n' "$1" "$2"; } # client_file PORT PASSWORD: DIR/ROLE.pgpass

stop_servers() {
  local a b
  # A Pgpool-II that scripts/pgpool.sh started in front of the pair goes first.
  if [[ -d $1/pgpool ]]; then bash "$(dirname "$SELF")/pgpool.sh" stop "$1" || true; fi
  stop_role "$1" replica & a=$!
  stop_role "$1" primary & b=$!
  wait "$a" "$b" || true
  remove_replay_cgroup "$1"
}

cmd_status() {
  local dir=$1 role pid rc=0
  BIN=$(pg_bindir) || { log "PostgreSQL is not installed"; return 1; }
  for role in "${ROLES[@]}"; do
    if pid=$(pid_of "$dir" "$role"); then
      echo "$role: alive pid=$pid port=$(cat "$dir/$role/port" 2>/dev/null || echo '?')"
    else
      echo "$role: down"; rc=1
    fi
  done
  if pid_of "$dir" replica >/dev/null; then
    sql "$dir" replica <<<"SELECT 'replica in_recovery=' || pg_is_in_recovery() || ' replay_lsn=' || coalesce(pg_last_wal_replay_lsn()::text, '?')
      || ' last_replayed_commit=' || coalesce(pg_last_xact_replay_timestamp()::text, 'none');" || true
  fi
  return $rc
}

run_busy() { # run_busy DIR ROLE LOGFILE CMD...: in its own session, pid recorded for stop_role
  local dir=$1 role=$2 logf=$3; shift 3
  setsid "$@" </dev/null >"$logf" 2>&1 &
  echo $! >"$dir/$role/busy.pid"
  wait $!
  rm -f "$dir/$role/busy.pid"
}

# Peer authentication over the socket for the administrative role (the caller's name),
# scram over TCP on loopback for lagsim (database lagsim), lagsim_admin (database
# postgres, where it owns nothing) and repl (replication).
write_hba() { # write_hba DATADIR
  "${AS_SERVER[@]}" tee "$1/pg_hba.conf" >/dev/null <<EOF
local   all          $ADMIN                  peer map=admin
host    lagsim       lagsim   127.0.0.1/32   scram-sha-256
host    postgres     lagsim_admin 127.0.0.1/32 scram-sha-256
host    replication  repl     127.0.0.1/32   scram-sha-256
EOF
  # Only the caller's OS user (or root, which starts the servers as postgres) maps to it.
  "${AS_SERVER[@]}" tee "$1/pg_ident.conf" >/dev/null <<EOF
admin   $ADMIN   $ADMIN
EOF
}

# Only what live mode runs: reading and writing rows_kv, and reading the statistics views
# (pg_read_all_stats: the WAL receiver's status, as MariaDB's SLAVE MONITOR shows the
# replica's threads). Its replay position and timestamp functions are open to every role.
# The harness alone holds lagsim_admin: EXECUTE on the two replay-control functions (the
# superuser's by default), nothing else. Roles and grants replicate to the standby.
create_schema() { # create_schema DIR PASSWORD REPL_PASSWORD ADMIN_PASSWORD
  sql "$1" primary <<EOF
SET password_encryption = 'scram-sha-256';
CREATE ROLE lagsim LOGIN PASSWORD '$2';
CREATE ROLE repl LOGIN REPLICATION PASSWORD '$3';
CREATE ROLE lagsim_admin LOGIN PASSWORD '$4';
GRANT EXECUTE ON FUNCTION pg_wal_replay_pause(), pg_wal_replay_resume() TO lagsim_admin;
CREATE DATABASE lagsim;
REVOKE ALL ON DATABASE lagsim FROM PUBLIC;
GRANT CONNECT ON DATABASE lagsim TO lagsim;
GRANT pg_read_all_stats TO lagsim;
EOF
  sql "$1" primary lagsim <<EOF
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO lagsim;
CREATE TABLE rows_kv (k VARCHAR(64) PRIMARY KEY, v JSONB, version BIGINT NOT NULL);
GRANT SELECT, INSERT, UPDATE, DELETE ON rows_kv TO lagsim;
CREATE TABLE load_pad (n BIGINT NOT NULL) WITH (fillfactor = 50);
GRANT SELECT, INSERT, UPDATE, DELETE ON load_pad TO lagsim;
EOF
}

wait_replicating() { # wait_replicating DIR DELAY_MS: the standby streams and has replayed the schema
  local dir=$1 delay_ms=$2 lsn i
  lsn=$(sql "$dir" primary <<<"SELECT pg_current_wal_flush_lsn();")
  for i in $(seq $((300 + delay_ms / 100))); do
    [[ $(sql "$dir" replica <<<"SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn;") == t ]] && \
      [[ $(sql "$dir" primary <<<"SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming';") == 1 ]] && return 0
    sleep 0.1
  done
  FAIL_MSG="the standby did not stream and replay $lsn within $((30 + delay_ms / 1000))s (see $dir/replica/server.log)"
  return 1
}

# The CPU quota on the standby's replay: a cgroup of its own holding the startup process
# only (the standby's backends, which serve reads and the harness's polls, are not in it),
# period 10 ms (longer below 10 %, the kernel's least quota being 1 ms), so the quota
# throttles in slices shorter than an apply. cgroup v2
# when its cpu controller is available, else v1's cpu hierarchy; DIR/replay.cgroup names
# it for stop_servers.
cpu_cgroup_root() {
  if [[ -w /sys/fs/cgroup/cgroup.subtree_control ]] && grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    echo v2 /sys/fs/cgroup
  elif [[ -w /sys/fs/cgroup/cpu/cgroup.procs ]]; then
    echo v1 /sys/fs/cgroup/cpu
  else
    return 1
  fi
}

limit_replay_cpu() { # limit_replay_cpu DIR PERCENT
  local dir=$1 percent=$2 kind root cg startup
  read -r kind root < <(cpu_cgroup_root) || { FAIL_MSG="no writable cgroup cpu controller for LAGSIM_REPLAY_CPU_PERCENT (needs root and a cgroup cpu hierarchy)"; return 1; }
  startup=$(pgrep -P "$(pid_of "$dir" replica)" -f '^postgres: startup' | head -n1) || true
  [[ -n $startup ]] || { FAIL_MSG="the standby's startup process was not found"; return 1; }
  cg=$root/lagsim-replay-$(basename "$dir")
  mkdir "$cg"
  echo "$cg" >"$dir/replay.cgroup"
  # The kernel's least quota is 1 ms: below 10 % the period grows to keep it.
  local period=10000
  (( percent >= 10 )) || period=$(( (100000 + percent - 1) / percent ))
  if [[ $kind == v2 ]]; then
    echo "$((period * percent / 100)) $period" >"$cg/cpu.max"
  else
    echo "$period" >"$cg/cpu.cfs_period_us"
    echo $((period * percent / 100)) >"$cg/cpu.cfs_quota_us"
  fi
  echo "$startup" >"$cg/cgroup.procs"
  log "the standby's replay process (pid $startup) may use ${percent}% of one CPU ($kind cgroup $cg)"
}

remove_replay_cgroup() { # remove_replay_cgroup DIR: after the standby stopped
  local cg
  [[ -s $1/replay.cgroup ]] || return 0
  cg=$(<"$1/replay.cgroup")
  [[ $cg == /sys/fs/cgroup/*/lagsim-replay-* || $cg == /sys/fs/cgroup/lagsim-replay-* ]] || return 0
  [[ -d $cg ]] && rmdir "$cg" 2>/dev/null || true
  rm -f "$1/replay.cgroup"
}

cmd_start() {
  local dir=$1 delay_ms=${LAGSIM_APPLY_DELAY_MS:-0} cpu=${LAGSIM_REPLAY_CPU_PERCENT:-} t0=$SECONDS
  [[ $delay_ms =~ ^[0-9]+$ ]] || { log "start failed: LAGSIM_APPLY_DELAY_MS must be a whole number of milliseconds, got '$delay_ms'"; exit 2; }
  [[ -z $cpu || ( $cpu =~ ^[0-9]+$ && $cpu -ge 1 && $cpu -le 100 ) ]] || { log "start failed: LAGSIM_REPLAY_CPU_PERCENT must be a whole number from 1 to 100, got '$cpu'"; exit 2; }
  claim_pair_dir "$dir" 32
  dir=$PAIR_DIR
  arm_start_traps

  FAIL_MSG="postgresql is not installed and could not be installed"
  ensure_installed
  BIN=$(pg_bindir)
  FAIL_MSG="could not make the private folders in $dir"
  make_private_dirs "$dir"

  log "initialising the primary in $dir (servers run as $SERVER_USER)"
  FAIL_MSG="initdb failed (see $dir/primary/initdb.log)"
  run_busy "$dir" primary "$dir/primary/initdb.log" "${AS_SERVER[@]}" "$BIN/initdb" -D "$dir/primary/data" -U "$ADMIN" \
    --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync
  write_hba "$dir/primary/data"
  FAIL_MSG=""
  launch "$dir" primary -c wal_level=replica

  local password repl_password admin_password
  password=$(random_password); repl_password=$(random_password); admin_password=$(random_password)
  FAIL_MSG="creating roles/schema failed"
  create_schema "$dir" "$password" "$repl_password" "$admin_password"

  # The standby is a base backup of the primary; -R writes standby.signal and
  # primary_conninfo (with repl's password, into the standby's own 0600 datadir).
  log "copying the primary to the standby (pg_basebackup)"
  FAIL_MSG="pg_basebackup failed (see $dir/replica/basebackup.log)"
  run_busy "$dir" replica "$dir/replica/basebackup.log" env PGPASSWORD="$repl_password" PGSYSCONFDIR=/nonexistent \
    "${AS_SERVER[@]}" "$BIN/pg_basebackup" -D "$dir/replica/data" -R -X stream -c fast --no-sync \
    -h 127.0.0.1 -p "$(<"$dir/primary/port")" -U repl
  FAIL_MSG=""
  launch "$dir" replica -c recovery_min_apply_delay="${delay_ms}ms" -c hot_standby_feedback=off
  write_password_files "$dir" "$password" "$admin_password" pgpass "${ROLES[@]}"
  wait_replicating "$dir" "$delay_ms"
  if [[ -n $cpu ]]; then limit_replay_cpu "$dir" "$cpu"; fi

  trap - EXIT INT TERM ERR
  rm -f "$dir/start.pid"
  local pport rport
  pport=$(<"$dir/primary/port"); rport=$(<"$dir/replica/port")
  log "pair up in $((SECONDS - t0))s: primary 127.0.0.1:$pport, standby 127.0.0.1:$rport, recovery_min_apply_delay ${delay_ms}ms"
  printf '{"primary":{"host":"127.0.0.1","port":%d,"socket":%s},"replica":{"host":"127.0.0.1","port":%d,"socket":%s},"user":"lagsim","passwordFile":%s,"adminUser":"lagsim_admin","adminPasswordFile":%s,"adminDatabase":"postgres","database":"lagsim","dir":%s,"replayCpuPercent":%s}\n' \
    "$pport" "$(json_str "$dir/primary/sock")" "$rport" "$(json_str "$dir/replica/sock")" "$(json_str "$dir/password")" "$(json_str "$dir/admin-password")" "$(json_str "$dir")" "${cpu:-null}"
}

case ${1:-} in
  start)  [[ $# -eq 2 ]] || usage; cmd_start "$2" ;;
  stop)   [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
  status) [[ $# -eq 2 ]] || usage; cmd_status "$2" ;;
  ensure-installed) [[ $# -eq 1 ]] || usage; ensure_installed ;;
  watch)  [[ $# -eq 4 ]] || usage; cmd_watch "$2" "$3" "$4" ;;
  *) usage ;;
esac

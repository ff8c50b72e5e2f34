#!/usr/bin/env bash
# Start/stop a throwaway Pgpool-II (Debian's pgpool2, 4.3) in front of a pair started by
# scripts/postgres-pair.sh, for lagsim's live mode. Everything lives in PAIR_DIR/pgpool
# (config, pool_passwd, pid, sockets, log); postgres-pair.sh stop stops it with the pair,
# so it goes with the pair on exit, Ctrl-C or the death of the pair's owner.
#
#   pgpool.sh start PAIR_DIR   -> prints one JSON line: {"host","port","primaryPort","replicaPort"}
#   pgpool.sh stop PAIR_DIR    -> idempotent
#
# Env (pgpool.conf's parameters, as lagsim's `pgpool` strategy names them):
#   LAGSIM_PGPOOL_DELAY_THRESHOLD   delay_threshold, bytes (default 0)
#   LAGSIM_PGPOOL_SR_CHECK_PERIOD   sr_check_period, seconds (default 10)
#   LAGSIM_PGPOOL_ON_WRITE          disable_load_balance_on_write (default transaction)
#   LAGSIM_PGPOOL_CHILDREN          num_init_children: client connections it accepts (default 32)
#
# Every replication check is logged (log_standby_delay = always), so a run can be set
# beside the delays Pgpool actually saw (pgpool.log, read before stop).
#
# Load balancing: streaming_replication mode, load_balance_mode on,
# statement_level_load_balance on, backend_weight0 (the primary) = 0, so every
# load-balanced read goes to the standby and only Pgpool's own rules (delay_threshold,
# disable_load_balance_on_write, writes) send a read to the primary.
#
# Accounts: clients log in as role `lagsim` with the pair's password (scram-sha-256 between
# client and Pgpool and between Pgpool and the servers; the clear password is in pool_passwd,
# mode 0600, the only way Pgpool 4.3 can answer a scram challenge for the client). The
# replication check logs in as role `pgpool_check`, which may only connect to database
# postgres: pg_current_wal_lsn() and pg_last_wal_replay_lsn(), all sr_check reads without
# backend_application_name, are open to every role.
set -Eeuo pipefail

ADMIN=$(id -un)
readonly ADMIN
log() { echo "pgpool: $*" >&2; }

alive() {
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [[ -n $st && $st != Z ]]
}

wait_gone() { local i; for ((i = 0; i < $2; i++)); do alive "$1" || return 0; sleep 0.1; done; return 1; }

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port)+"\n");s.close()})'
}

pg_bindir() { local d; d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1); [[ -x $d/psql ]] && echo "$d"; }

sql() { # sql PAIR_DIR ROLE <<< STATEMENTS (administrative role, peer over the socket)
  PGSYSCONFDIR=/nonexistent PSQLRC=/dev/null "$BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$1/$2/sock" -p "$(<"$1/$2/port")" -U "$ADMIN" -d postgres
}

ensure_installed() {
  command -v pgpool >/dev/null && return 0
  [[ $(id -u) -eq 0 ]] || { log "Pgpool-II is not installed; run: sudo apt-get install -y pgpool2"; return 1; }
  log "installing Pgpool-II (apt-get install pgpool2)"
  local policy=/usr/sbin/policy-rc.d made=0 rc=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; made=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends pgpool2 >&2 || rc=$?
  (( made )) && rm -f "$policy"
  (( rc == 0 )) && command -v pgpool >/dev/null
}

pid_of() { local f=$1/pgpool/launch.pid pid; [[ -s $f ]] && pid=$(<"$f") && [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && echo "$pid"; }

cmd_stop() {
  local dir=$1 pid
  [[ -d $dir/pgpool ]] || return 0
  if pid=$(pid_of "$dir"); then
    # Fast shutdown of the whole session (setsid made the parent its leader).
    kill -INT "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" 50; then kill -KILL -- "-$pid" 2>/dev/null || true; wait_gone "$pid" 20 || true; fi
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -rf "$dir/pgpool"
}

# pool_hba and pg_hba: the two roles from loopback only, scram; pgpool_check to database postgres only.
allow_check_role() { # allow_check_role PAIR_DIR PASSWORD
  local dir=$1 role
  sql "$dir" primary <<EOF
SET password_encryption = 'scram-sha-256';
SET client_min_messages = warning;
DROP ROLE IF EXISTS pgpool_check;
CREATE ROLE pgpool_check LOGIN PASSWORD '$2';
EOF
  for role in primary replica; do
    grep -q pgpool_check "$dir/$role/data/pg_hba.conf" \
      || echo 'host    postgres     pgpool_check  127.0.0.1/32   scram-sha-256' >>"$dir/$role/data/pg_hba.conf"
    sql "$dir" "$role" <<<"SELECT pg_reload_conf();" >/dev/null
  done
  # The standby must have replayed the role before Pgpool's first check logs in.
  local lsn i
  lsn=$(sql "$dir" primary <<<"SELECT pg_current_wal_flush_lsn();")
  for i in $(seq 600); do
    [[ $(sql "$dir" replica <<<"SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn;") == t ]] && return 0
    sleep 0.05
  done
  log "the standby did not replay role pgpool_check within 30s"; return 1
}

write_conf() { # write_conf PAIR_DIR PORT CHECK_USER
  local dir=$1 d=$1/pgpool
  cat >"$d/pgpool.conf" <<EOF
backend_clustering_mode = 'streaming_replication'
listen_addresses = '127.0.0.1'
port = $2
unix_socket_directories = '$d/sock'
pcp_listen_addresses = ''
pcp_port = $(free_port)
pcp_socket_dir = '$d/sock'
pid_file_name = '$d/pgpool.pid'
logdir = '$d'
log_destination = 'stderr'
num_init_children = ${LAGSIM_PGPOOL_CHILDREN:-32}
max_pool = 1
reserved_connections = 0
backend_hostname0 = '127.0.0.1'
backend_port0 = $(<"$dir/primary/port")
backend_weight0 = 0
backend_flag0 = 'DISALLOW_TO_FAILOVER'
backend_hostname1 = '127.0.0.1'
backend_port1 = $(<"$dir/replica/port")
backend_weight1 = 1
backend_flag1 = 'DISALLOW_TO_FAILOVER'
enable_pool_hba = on
pool_passwd = 'pool_passwd'
allow_clear_text_frontend_auth = off
load_balance_mode = on
statement_level_load_balance = on
disable_load_balance_on_write = '${LAGSIM_PGPOOL_ON_WRITE:-transaction}'
delay_threshold = ${LAGSIM_PGPOOL_DELAY_THRESHOLD:-0}
prefer_lower_delay_standby = off
log_standby_delay = 'always'
sr_check_period = ${LAGSIM_PGPOOL_SR_CHECK_PERIOD:-10}
sr_check_user = '$3'
sr_check_password = ''
sr_check_database = 'postgres'
health_check_period = 0
failover_on_backend_error = off
failover_command = ''
use_watchdog = off
memory_cache_enabled = off
connection_cache = on
EOF
  cat >"$d/pool_hba.conf" <<EOF
host    lagsim    lagsim    127.0.0.1/32    scram-sha-256
EOF
  : >"$d/pcp.conf"
}

cmd_start() {
  local dir=$1 d port pid i check_password
  dir=$(cd "$dir" && pwd -P)
  d=$dir/pgpool
  [[ -e $dir/.lagsim-postgres-pair && -s $dir/password ]] || { log "start failed: $dir is not a running postgres-pair.sh pair"; exit 2; }
  [[ ! -e $d ]] || { log "start failed: $d exists (already a Pgpool there?)"; exit 2; }
  ensure_installed || { log "start failed: pgpool2 is not installed and could not be installed"; exit 1; }
  BIN=$(pg_bindir)
  local as_server=() owner
  owner=$(stat -c %U "$dir/primary/data")
  [[ $owner == "$ADMIN" ]] || as_server=(setpriv --reuid="$owner" --regid="$(id -g "$owner")" --init-groups --)
  install -d -m 0700 -o "$owner" -g "$(id -g "$owner")" "$d" "$d/sock"
  trap 'rc=$?; trap - EXIT INT TERM; cmd_stop "$dir"; log "start failed (exit $rc)"; exit $(( rc ? rc : 1 ))' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  check_password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  allow_check_role "$dir" "$check_password"
  (
    umask 077
    printf 'lagsim:TEXT%s\npgpool_check:TEXT%s\n' "$(<"$dir/password")" "$check_password" >"$d/pool_passwd"
  )
  for attempt in 1 2 3; do
    port=$(free_port)
    write_conf "$dir" "$port" pgpool_check
    chown -R "$owner:$(id -g "$owner")" "$d"
    setsid "${as_server[@]}" pgpool -n -D -f "$d/pgpool.conf" -F "$d/pcp.conf" -a "$d/pool_hba.conf" \
      </dev/null >>"$d/pgpool.log" 2>&1 &
    pid=$!
    echo "$pid" >"$d/launch.pid"
    for i in $(seq 300); do
      alive "$pid" || break
      # Ready when it answers a login through to both backends.
      if PGPASSWORD=$(<"$dir/password") PGSYSCONFDIR=/nonexistent PSQLRC=/dev/null PGCONNECT_TIMEOUT=2 \
        "$BIN/psql" -X -q -A -t -h 127.0.0.1 -p "$port" -U lagsim -d lagsim -c 'SELECT 1' >/dev/null 2>&1; then
        trap - EXIT INT TERM
        printf '{"host":"127.0.0.1","port":%d,"primaryPort":%d,"replicaPort":%d}\n' "$port" "$(<"$dir/primary/port")" "$(<"$dir/replica/port")"
        log "Pgpool-II up on 127.0.0.1:$port"
        return 0
      fi
      sleep 0.1
    done
    if alive "$pid"; then log "start failed: Pgpool-II did not accept a login within 30s (see $d/pgpool.log)"; exit 1; fi
    grep -qiE 'Address already in use|could not bind' "$d/pgpool.log" && { log "port $port was taken, retrying"; continue; }
    log "start failed: pgpool exited: $(grep -m1 -E 'FATAL|ERROR' "$d/pgpool.log" || tail -n1 "$d/pgpool.log") (see $d/pgpool.log)"; exit 1
  done
  log "start failed: no free port after 3 attempts"; exit 1
}

case ${1:-} in
  start) [[ $# -eq 2 ]] || { echo "usage: $0 start|stop PAIR_DIR" >&2; exit 2; }; cmd_start "$2" ;;
  stop)  [[ $# -eq 2 ]] || { echo "usage: $0 start|stop PAIR_DIR" >&2; exit 2; }; cmd_stop "$2" ;;
  *) echo "usage: $0 start|stop PAIR_DIR" >&2; exit 2 ;;
esac

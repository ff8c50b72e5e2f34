#!/usr/bin/env bash
# Start/stop a throwaway MariaDB primary + async GTID replica (or several) on 127.0.0.1
# for lagsim's live mode. Everything lives under one caller-supplied DIR.
#
#   mariadb-pair.sh start DIR        -> prints one JSON line on stdout (no password)
#   mariadb-pair.sh stop DIR         -> idempotent; removes DIR
#   mariadb-pair.sh status DIR
#   mariadb-pair.sh ensure-installed
#
# Env: LAGSIM_MASTER_DELAY (seconds, default 0) -> CHANGE MASTER ... MASTER_DELAY; a
#      comma-separated list (`1,2`) starts one replica per entry, each with its delay:
#      DIR/replica, DIR/replica2, … (server ids 2, 3, …), the JSON's `replicas` in that order.
#      LAGSIM_PAIR_OWNER (pid, default: the caller of `start`) -> the pair stops
#      itself within a second of that process ending, however it ends.
#
# Only the caller can reach the pair: the servers run as the caller, or as the
# `mysql` system user when the caller is root; DIR is private; account `lagsim`
# has a random password (in DIR/password, DIR/primary.cnf and DIR/replica.cnf, mode
# 0600, never printed) and only DML on database lagsim; `lagsim_admin` on the replica
# (its own password in DIR/admin-password; the same on every replica) may only stop, start and watch replication,
# for the harness's incidents; no account has FILE over TCP, and
# secure_file_priv confines file I/O to an empty private folder.
set -Eeuo pipefail

# mariadbd lives in /usr/sbin, which is not on PATH for every shell/CI runner.
export PATH="$PATH:/usr/sbin:/usr/local/sbin"

readonly MARKER=".lagsim-mariadb-pair"
# The replicas' roles: replica, replica2, …; set by cmd_start from the delays, and by
# stop/status from the folders a start made.
REPLICAS=(replica)
readonly SELF=${BASH_SOURCE[0]}
# mariadb-install-db gives the OS user named by --user a unix_socket account with all
# privileges (and root one too): the script administers the servers through the socket
# under its own OS user name, with no password that could leak.
ADMIN=$(id -un)
readonly ADMIN

replica_roles_in() { # replica_roles_in DIR: the replica folders a start made, in order
  local n=2
  REPLICAS=(replica)
  while [[ -d $1/replica$n ]]; do REPLICAS+=("replica$n"); n=$((n + 1)); done
}

log() { echo "mariadb-pair: $*" >&2; }
# shellcheck source=pair-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/pair-lib.sh"

# Who the servers run as: the caller, or the `mysql` system user for root, so a
# server bug or a stolen account never acts with root's rights on the files.
# Sets SERVER_USER and AS_SERVER, the prefix that runs a command as that user
# (setpriv execs, so the recorded pid is the server's own).
choose_server_user() {
  AS_SERVER=()
  if [[ $(id -u) -ne 0 ]]; then SERVER_USER=$ADMIN; return 0; fi
  id -u mysql >/dev/null 2>&1 || { log "start failed: no 'mysql' user to run mariadbd as (the mariadb-server package creates it), or run lagsim as a normal user"; return 1; }
  SERVER_USER=mysql
  AS_SERVER=(setpriv --reuid=mysql --regid="$(id -g mysql)" --init-groups --)
}

# DIR: the caller's alone; as root, the server user's group may pass through it to
# ROLE/ (the server user's, mode 0700). Option files with the password stay the caller's.
make_private_dirs() { # make_private_dirs DIR
  local dir=$1 role sub
  chmod 0700 "$dir"
  if [[ $SERVER_USER != "$ADMIN" ]]; then chgrp "$(id -g "$SERVER_USER")" "$dir"; chmod 0710 "$dir"; fi
  for role in primary "${REPLICAS[@]}"; do
    for sub in "" /data /tmp /files; do
      install -d -m 0700 -o "$SERVER_USER" -g "$(id -g "$SERVER_USER")" "$dir/$role$sub"
    done
  done
}

# --no-defaults everywhere: /etc/mysql/*.cnf of the host must not leak in
# (e.g. a bind-address, a fixed port or a socket path shared with a system server).
# Statements go on stdin, never argv: other local users can read every argv (ps).
sql() { # sql DIR ROLE STATEMENTS...
  local dir=$1 role=$2; shift 2
  mariadb --no-defaults --protocol=socket -S "$dir/$role/mysqld.sock" -u"$ADMIN" \
    --batch --skip-column-names <<<"$*"
}
slave_status() { # slave_status DIR [ROLE]: vertical output; --skip-column-names would drop the field names
  mariadb --no-defaults --protocol=socket -S "$1/${2:-replica}/mysqld.sock" -u"$ADMIN" -e 'SHOW SLAVE STATUS\G'
}

pid_of() { # prints the pid of ROLE's mariadbd if it is alive
  local f pid
  for f in "$1/$2/launch.pid" "$1/$2/mariadbd.pid"; do
    [[ -s $f ]] || continue
    pid=$(<"$f")
    if [[ $pid =~ ^[0-9]+$ ]] && alive "$pid"; then echo "$pid"; return 0; fi
  done
  return 1
}

ensure_installed() {
  if command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null \
     && command -v mariadb >/dev/null && command -v mariadb-admin >/dev/null; then
    return 0
  fi
  [[ $(id -u) -eq 0 ]] || { log "mariadbd is missing and we are not root; install mariadb-server mariadb-client"; return 1; }
  log "installing mariadb-server mariadb-client (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  local pkgs=(mariadb-server mariadb-client) rc=0 policy=/usr/sbin/policy-rc.d made_policy=0
  # Keep the package's postinst from starting a system-wide server: we never use
  # it, and without an init system that start can fail and fail the whole install.
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; made_policy=1; fi
  # Only refresh the index when the cached one is not enough: update is slow.
  { apt-get install -y -q "${pkgs[@]}" || { apt-get update -q && apt-get install -y -q "${pkgs[@]}"; }; } >&2 || rc=$?
  if (( made_policy )); then rm -f "$policy"; fi
  (( rc == 0 )) || { log "apt-get install ${pkgs[*]} failed (exit $rc)"; return 1; }
  command -v mariadbd >/dev/null || { log "mariadbd still missing after apt-get install"; return 1; }
}

# The engine's commands for pair-lib.sh's launch and stop_role.
readonly SERVER_NAME=mariadbd SERVER_LOG=error.log SERVER_OUT=stdout.log BUSY_PID=install.pid DATADIR_ARG=--datadir=
readonly BIND_ERRORS='Address already in use|Can.t start server: Bind' START_ERRORS='\[ERROR\]'
readonly STOP_WAIT=50 STOP_SIGNAL=TERM STOP_SIGNAL_WAIT=50

server_argv() { # server_argv DIR ROLE PORT [extra mariadbd args...]
  local d=$1/$2 port=$3; shift 3
  # --log-basename first: it resets log-error/log-bin names given before it.
  # secure_file_priv: LOAD DATA / INTO OUTFILE only inside an empty private folder.
  SERVER_ARGV=(mariadbd --no-defaults --log-basename="$2"
    --datadir="$d/data" --tmpdir="$d/tmp" --socket="$d/mysqld.sock" --pid-file="$d/mariadbd.pid"
    --port="$port" --bind-address=127.0.0.1 --skip-networking=0 --skip-name-resolve
    --secure-file-priv="$d/files" --local-infile=0
    --log-error="$d/error.log"
    --gtid-strict-mode=1 --skip-slave-start
    --innodb-buffer-pool-size=32M --innodb-log-file-size=16M
    --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --innodb-doublewrite=0
    --innodb-use-native-aio=0 --performance-schema=0
    "$@")
}

server_ready() { # server_ready DIR ROLE PORT
  mariadb-admin --no-defaults --protocol=socket -S "$1/$2/mysqld.sock" -u"$ADMIN" ping >/dev/null 2>&1 \
    && [[ -S $1/$2/mysqld.sock ]]
}

server_shutdown() { # server_shutdown DIR ROLE PID: a graceful shutdown through the socket
  [[ -S $1/$2/mysqld.sock ]] || return 0
  timeout 10 mariadb-admin --no-defaults --protocol=socket -S "$1/$2/mysqld.sock" -u"$ADMIN" \
    --shutdown-timeout=5 shutdown >/dev/null 2>&1 || true
}

client_file() { # client_file PORT PASSWORD: DIR/ROLE.cnf, for `mariadb --defaults-file=`
  printf '[client]\nprotocol=tcp\nhost=127.0.0.1\nport=%d\nuser=lagsim\npassword=%s\ndatabase=lagsim\n' "$1" "$2"
}

stop_servers() {
  # In parallel: each graceful shutdown idles ~1s waiting for client threads, and
  # a replica briefly retrying a vanished primary is harmless when all go away.
  local role pids=()
  replica_roles_in "$1"
  for role in "${REPLICAS[@]}" primary; do stop_role "$1" "$role" & pids+=($!); done
  wait "${pids[@]}" || true
}

cmd_status() {
  local dir=$1 role pid rc=0
  replica_roles_in "$dir"
  for role in primary "${REPLICAS[@]}"; do
    if pid=$(pid_of "$dir" "$role"); then
      echo "$role: alive pid=$pid port=$(cat "$dir/$role/port" 2>/dev/null || echo '?')"
    else
      echo "$role: down"; rc=1
    fi
  done
  for role in "${REPLICAS[@]}"; do
    pid_of "$dir" "$role" >/dev/null || continue
    slave_status "$dir" "$role" 2>/dev/null |
      awk -v role="$role" -F': ' '/Slave_IO_Running|Slave_SQL_Running:|Seconds_Behind_Master|SQL_Delay|Gtid_IO_Pos|Last_(IO|SQL)_Error:/ {gsub(/^ +/,"",$1); print role " " $1 "=" $2}'
  done
  return $rc
}



install_datadirs() { # install_datadirs DIR: all in parallel
  local dir=$1 role
  for role in primary "${REPLICAS[@]}"; do
    # Default root auth (unix_socket): root and the --user get passwordless access
    # through the socket only; nothing over TCP without a password.
    # Same InnoDB sizes as at run time, so the first start need not resize the redo log.
    setsid "${AS_SERVER[@]}" mariadb-install-db --no-defaults --user="$SERVER_USER" \
      --datadir="$dir/$role/data" --tmpdir="$dir/$role/tmp" --skip-test-db --skip-name-resolve \
      --innodb-use-native-aio=0 --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
      </dev/null >"$dir/$role/install-db.log" 2>&1 &
    echo $! >"$dir/$role/install.pid"
  done
  for role in primary "${REPLICAS[@]}"; do
    FAIL_MSG="mariadb-install-db failed for $role (see $dir/$role/install-db.log)"
    wait "$(<"$dir/$role/install.pid")"
  done
}

create_accounts() { # create_accounts DIR PASSWORD REPL_PASSWORD ADMIN_PASSWORD
  # Only what live mode runs: DML and CREATE TABLE on lagsim on the primary; reads and
  # SHOW SLAVE STATUS (SLAVE MONITOR) on the replica. MASTER_GTID_WAIT and the gtid
  # variables need no privilege. The harness alone holds `lagsim_admin`, which may stop
  # and start the replica's threads (a scenario's `stop` incident) and read their status,
  # nothing else. Binlogging off: accounts are per server, not replicated.
  sql "$1" primary "SET sql_log_bin=0;
    CREATE USER 'lagsim'@'127.0.0.1' IDENTIFIED BY '$2';
    GRANT SELECT, INSERT, UPDATE, DELETE, CREATE ON lagsim.* TO 'lagsim'@'127.0.0.1';
    CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY '$3';
    GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';"
  local role
  for role in "${REPLICAS[@]}"; do
    sql "$1" "$role" "SET sql_log_bin=0;
    CREATE USER 'lagsim'@'127.0.0.1' IDENTIFIED BY '$2';
    GRANT SELECT ON lagsim.* TO 'lagsim'@'127.0.0.1';
    GRANT SLAVE MONITOR ON *.* TO 'lagsim'@'127.0.0.1';
    CREATE USER 'lagsim_admin'@'127.0.0.1' IDENTIFIED BY '$4';
    GRANT REPLICATION SLAVE ADMIN, SLAVE MONITOR ON *.* TO 'lagsim_admin'@'127.0.0.1';"
  done
}

wait_replicating() { # wait_replicating DIR ROLE DELAY: both threads running and the schema applied
  local dir=$1 role=$2 delay=$3 st i ok=0 gtid
  for i in $(seq 300); do
    st=$(slave_status "$dir" "$role")
    if grep -q 'Slave_IO_Running: Yes' <<<"$st" && grep -q 'Slave_SQL_Running: Yes' <<<"$st"; then ok=1; break; fi
    sleep 0.1
  done
  if (( !ok )); then
    FAIL_MSG="$role threads not running after 30s: $(grep -m1 -E 'Last_(IO|SQL)_Error: .+' <<<"$st" | sed 's/^ *//' || echo 'no error reported')"
    exit 1
  fi
  # Wait until the schema has arrived, so callers can use the replica at once.
  # With MASTER_DELAY this takes about DELAY seconds.
  gtid=$(sql "$dir" primary "SELECT @@gtid_binlog_pos")
  FAIL_MSG="$role did not apply the schema ($gtid) within $((delay + 30))s"
  [[ $(sql "$dir" "$role" "SELECT MASTER_GTID_WAIT('$gtid', $((delay + 30)))") == 0 ]]
}

cmd_start() {
  local dir=$1 delays=${LAGSIM_MASTER_DELAY:-0} t0=$SECONDS role i
  [[ $delays =~ ^[0-9]+(,[0-9]+)*$ ]] || { log "start failed: LAGSIM_MASTER_DELAY must be whole numbers of seconds, one per replica separated by commas, got '$delays'"; exit 2; }
  local -a delay_of
  IFS=, read -r -a delay_of <<<"$delays"
  (( ${#delay_of[@]} <= 8 )) || { log "start failed: at most 8 replicas, LAGSIM_MASTER_DELAY names ${#delay_of[@]}"; exit 2; }
  REPLICAS=(replica)
  for ((i = 2; i <= ${#delay_of[@]}; i++)); do REPLICAS+=("replica$i"); done
  claim_pair_dir "$dir" 24
  dir=$PAIR_DIR
  arm_start_traps

  FAIL_MSG="mariadb is not installed and could not be installed"
  ensure_installed
  FAIL_MSG="could not make the private folders in $dir"
  make_private_dirs "$dir"

  log "initialising datadirs in $dir (servers run as $SERVER_USER)"
  install_datadirs "$dir"

  log "starting servers"
  FAIL_MSG=""
  launch "$dir" primary --server-id=1 --log-bin=primary-bin --binlog-format=ROW
  # One applier thread, said explicitly: events are applied one at a time, the simulator's
  # follower, so lag grows from load when writes are heavy (`lagsim live --write-load`).
  for i in "${!REPLICAS[@]}"; do
    FAIL_MSG=""
    launch "$dir" "${REPLICAS[i]}" --server-id=$((i + 2)) --slave-parallel-threads=0
  done
  local pport password repl_password admin_password
  pport=$(<"$dir/primary/port")
  password=$(random_password); repl_password=$(random_password); admin_password=$(random_password)

  FAIL_MSG="creating users/schema failed"
  write_password_files "$dir" "$password" "$admin_password" cnf primary "${REPLICAS[@]}"
  create_accounts "$dir" "$password" "$repl_password" "$admin_password"
  sql "$dir" primary "CREATE DATABASE lagsim;
    CREATE TABLE lagsim.rows_kv (k VARCHAR(64) PRIMARY KEY, v JSON, version BIGINT NOT NULL) ENGINE=InnoDB;"

  FAIL_MSG="setting up replication failed"
  for i in "${!REPLICAS[@]}"; do
    sql "$dir" "${REPLICAS[i]}" "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$pport,
      MASTER_USER='repl', MASTER_PASSWORD='$repl_password', MASTER_USE_GTID=slave_pos,
      MASTER_CONNECT_RETRY=1, MASTER_DELAY=${delay_of[i]}; START SLAVE;"
  done
  for i in "${!REPLICAS[@]}"; do wait_replicating "$dir" "${REPLICAS[i]}" "${delay_of[i]}"; done

  trap - EXIT INT TERM ERR
  rm -f "$dir/start.pid"
  local endpoint replicas=() up=()
  for i in "${!REPLICAS[@]}"; do
    role=${REPLICAS[i]}
    endpoint=$(printf '{"host":"127.0.0.1","port":%d,"socket":%s}' "$(<"$dir/$role/port")" "$(json_str "$dir/$role/mysqld.sock")")
    replicas+=("$endpoint")
    up+=("$role 127.0.0.1:$(<"$dir/$role/port") (delay ${delay_of[i]}s)")
  done
  log "pair up in $((SECONDS - t0))s: primary 127.0.0.1:$pport, $(IFS=,; echo "${up[*]}" | sed 's/,/, /g')"
  printf '{"primary":{"host":"127.0.0.1","port":%d,"socket":%s},"replica":%s,"replicas":[%s],"user":"lagsim","passwordFile":%s,"adminUser":"lagsim_admin","adminPasswordFile":%s,"database":"lagsim","dir":%s}\n' \
    "$pport" "$(json_str "$dir/primary/mysqld.sock")" "${replicas[0]}" "$(IFS=,; echo "${replicas[*]}")" "$(json_str "$dir/password")" "$(json_str "$dir/admin-password")" "$(json_str "$dir")"
}

case ${1:-} in
  start)  [[ $# -eq 2 ]] || usage; cmd_start "$2" ;;
  stop)   [[ $# -eq 2 ]] || usage; cmd_stop "$2" ;;
  status) [[ $# -eq 2 ]] || usage; cmd_status "$2" ;;
  ensure-installed) [[ $# -eq 1 ]] || usage; ensure_installed ;;
  watch)  [[ $# -eq 4 ]] || usage; cmd_watch "$2" "$3" "$4" ;;
  *) usage ;;
esac

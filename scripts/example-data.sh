#!/usr/bin/env bash
# Records the example data of docs/your-system.md on a throwaway MariaDB pair
# (scripts/mariadb-pair.sh, replica with MASTER_DELAY=1): while four client sessions
# run a small shop's traffic on the primary for DURATION seconds, it records
#   OUT/pt-heartbeat.txt  `pt-heartbeat --monitor` on the replica (`--update` on the
#                         primary every 0.2 s, `--monitor` every 0.3 s); skipped when pt-heartbeat is not installed
#   OUT/sbm.csv           Seconds_Behind_Master from SHOW SLAVE STATUS on the replica,
#                         sampled by this script every SCRAPE seconds and written as a
#                         Prometheus/Grafana CSV export of mysqld_exporter's
#                         mysql_slave_status_seconds_behind_master (the same metric, but
#                         sampled here, not by Prometheus)
#   OUT/general.log       the primary's general query log of that traffic
#
#   example-data.sh OUT [DURATION=30] [SCRAPE=1]
set -Eeuo pipefail
out=$1 duration=${2:-30} scrape=${3:-1}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=$(mktemp -d /tmp/lagsim-example.XXXXXX)
rmdir "$dir"
mkdir -p "$out"
trap 'kill $(jobs -p) 2>/dev/null || true; "$here/mariadb-pair.sh" stop "$dir"' EXIT
LAGSIM_MASTER_DELAY=1 "$here/mariadb-pair.sh" start "$dir" >/dev/null

admin() { mariadb --no-defaults --protocol=socket -S "$dir/$1/mysqld.sock" -u"$(id -un)" --batch --skip-column-names; }
client() { mariadb --defaults-file="$dir/primary.cnf" --batch --skip-column-names >/dev/null; }

admin primary <<<"USE lagsim; CREATE TABLE items (id INT PRIMARY KEY, stock INT NOT NULL);
  INSERT INTO items SELECT seq, 100 FROM seq_1_to_20;
  CREATE TABLE heartbeat (ts VARCHAR(26) NOT NULL, server_id INT UNSIGNED NOT NULL PRIMARY KEY,
    file VARCHAR(255), position BIGINT UNSIGNED, relay_master_log_file VARCHAR(255),
    exec_master_log_pos BIGINT UNSIGNED);"
log=$dir/primary/tmp/general.log
admin primary <<<"SET GLOBAL general_log_file='$log'; SET GLOBAL general_log=1;"

end=$((SECONDS + duration))
# A buyer takes one off an item's stock and reads it back at once (its own write);
# a browser reads random items; a checker locks an item to decide on it.
buyer() { while ((SECONDS < end)); do k=$((RANDOM % 20 + 1))
  echo "UPDATE items SET stock = stock - 1 WHERE id = $k;"; echo "SELECT stock FROM items WHERE id = $k;"
  sleep "0.$((RANDOM % 4 + 2))"; done; }
browser() { while ((SECONDS < end)); do echo "SELECT * FROM items WHERE id = $((RANDOM % 20 + 1));"; sleep "0.$((RANDOM % 3 + 1))"; done; }
checker() { while ((SECONDS < end)); do k=$((RANDOM % 20 + 1))
  printf '%s\n' "BEGIN;" "SELECT stock FROM items WHERE id = $k FOR UPDATE;" "UPDATE items SET stock = stock - 1 WHERE id = $k;" "COMMIT;"
  sleep 1.$((RANDOM % 5)); done; }

pt=0
if command -v pt-heartbeat >/dev/null; then
  pt=1
  dsn() { echo "S=$dir/$1/mysqld.sock,u=$(id -un)"; }
  pt-heartbeat "$(dsn primary)" -D lagsim --table heartbeat --update --utc --interval 0.2 --run-time "$((duration + 2))" >/dev/null 2>&1 &
  sleep 1.5 # the first heartbeat reaches the replica after MASTER_DELAY
  pt-heartbeat "$(dsn replica)" -D lagsim --table heartbeat --monitor --utc --master-server-id 1 --interval 0.3 \
    --run-time "$duration" >"$out/pt-heartbeat.txt" 2>"$dir/pt-monitor.err" &
fi
buyer | client & buyer | client & browser | client & checker | client &
{
  printf '"Time","mysql_slave_status_seconds_behind_master{instance=""replica:9104"",channel_name=""""}"\n'
  while ((SECONDS < end)); do
    sbm=$(mariadb --no-defaults --protocol=socket -S "$dir/replica/mysqld.sock" -u"$(id -un)" -e 'SHOW SLAVE STATUS\G' | awk -F': ' '/Seconds_Behind_Master/ {print $2}')
    printf '%s,%s\n' "$(date +%s)" "${sbm/NULL/NaN}"
    sleep "$scrape"
  done
} >"$out/sbm.csv"
wait
admin primary <<<"SET GLOBAL general_log=0;"
cp "$log" "$out/general.log"
version=$(admin primary <<<"SELECT VERSION()")
echo "example-data: $(date -u +%FT%TZ), MariaDB $version, MASTER_DELAY=1, ${duration}s, scrape ${scrape}s, pt-heartbeat $([[ $pt == 1 ]] && pt-heartbeat --version | awk '{print $2}' || echo 'not installed')" >&2

#!/usr/bin/env bash
# Records a MariaDB general query log for `lagsim import general-log`'s tests:
# on the primary of a throwaway pair (scripts/mariadb-pair.sh start DIR), turns the
# general log on, runs a few statements from two connections (TCP, account lagsim),
# turns it off and copies the log to OUT.
#
#   general-log-fixture.sh DIR OUT
set -Eeuo pipefail
dir=$1 out=$2
admin() { mariadb --no-defaults --protocol=socket -S "$dir/primary/mysqld.sock" -u"$(id -un)" --batch <<<"$*"; }
client() { mariadb --defaults-file="$dir/primary.cnf" --batch --skip-column-names >/dev/null; }
log=$dir/primary/tmp/general.log
admin "SET GLOBAL general_log_file='$log'; SET GLOBAL general_log=1;"
client <<'SQL'
CREATE TABLE IF NOT EXISTS items (id INT PRIMARY KEY, stock INT NOT NULL);
INSERT INTO items (id, stock) VALUES (1, 10);
INSERT INTO items VALUES (2, 5);
SQL
# Two clients at once: alice buys item 1 in a transaction, bob keeps reading it.
{
  sleep 1.2
  printf '%s\n' "SELECT stock FROM items WHERE id = 1;" "BEGIN;" "SELECT stock FROM items WHERE id = 1 FOR UPDATE;" \
    "UPDATE items SET stock = stock - 1 WHERE id = 1;" "COMMIT;" "SELECT SLEEP(1.3);" "DELETE FROM items WHERE id = 2;" \
    "SELECT * FROM items WHERE stock > 0;" | client
} &
{
  sleep 1.5
  printf '%s\n' "SELECT stock FROM items WHERE id = 1;" "SELECT * FROM items WHERE id=1;" "SELECT SLEEP(0.7);" \
    "SELECT stock FROM items WHERE id = 1;" "SELECT COUNT(*) FROM items;" "SELECT i.stock FROM items i JOIN items j ON i.id = j.id WHERE i.id = 1;" | client
} &
wait
admin "SET GLOBAL general_log=0;"
cp "$log" "$out"

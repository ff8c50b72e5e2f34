import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { cli } from './cli';
import { tmpFile } from './helpers';
import { guessLogFormat, importGeneralLog, mapStatement } from '../src/import/generalLog';
import { renderMsg } from '../src/i18n/problem';
import { parseReplay } from '../src/workload/replay';

const test = suite('lagsim import general-log: a general query log as recorded operations');

/*
 * test/fixtures/mariadb-general.log is a real log: scripts/general-log-fixture.sh run against
 * the primary of a throwaway pair (scripts/mariadb-pair.sh start DIR), MariaDB 10.11.19 —
 * general_log_file and general_log=1 set on the running server, a few statements from two
 * connections at once, general_log=0. It was not edited.
 */
const MARIADB_LOG = fs.readFileSync(path.join(__dirname, 'fixtures', 'mariadb-general.log'), 'utf8');

/*
 * MySQL 5.7.2+ and 8 write each entry with an ISO 8601 timestamp in µs (UTC "Z", or an
 * offset under log_timestamps=SYSTEM; MySQL manual, "Error Log Output Format", which the
 * general query log shares), then the connection id, the command and its argument. No MySQL
 * server was at hand to record one: this text is written in that documented form.
 */
const MYSQL_LOG = [
  '/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:',
  'Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock',
  'Time                 Id Command    Argument',
  '2024-03-01T10:00:00.000100Z\t   21 Connect\tapp@localhost on shop using TCP/IP',
  '2024-03-01T10:00:00.000250Z\t   21 Query\tUPDATE orders SET state = \'paid\' WHERE id = 7',
  '2024-03-01T10:00:00.120250Z\t   22 Query\tSELECT state',
  'FROM orders',
  'WHERE id = 7 FOR UPDATE',
  '2024-03-01T11:00:00.130000+01:00\t   22 Query\tINSERT INTO `orders` (`user_id`, `id`, state) VALUES (3, 8, \'new\')',
  '2024-03-01T10:00:00.140000Z\t   21 Query\tINSERT INTO orders VALUES (9, 1, \'new\'), (10, 1, \'new\')',
  '2024-03-01T10:00:00.150000Z\t   21 Query\tSELECT * FROM orders WHERE user_id = 3',
  '2024-03-01T10:00:00.160000Z\t   21 Quit\t',
].join('\n');

test('the real MariaDB log: every mapped statement, at its whole second, by connection', () => {
  assert.is(guessLogFormat(MARIADB_LOG), 'mariadb');
  const ops = importGeneralLog(MARIADB_LOG, 'id', 'mariadb-general.log');
  const rows = ops.rows.map((r) => `${r.timeUs / 1e6}s ${r.session} ${r.write ? 'write' : 'read'} ${r.key}${r.critical ? ' critical' : ''}`);
  assert.equal(rows, [
    '0s conn-10 write items:1', '0s conn-10 write items:2',
    '1s conn-11 read items:1', '1s conn-11 read items:1 critical', '1s conn-11 write items:1',
    '2s conn-12 read items:1', '2s conn-12 read items:1', '2s conn-12 read items:1',
    '3s conn-11 write items:2',
  ]);
  assert.is(ops.statements, 18);
  assert.equal(Object.fromEntries([...ops.unmapped].map(([k, v]) => [k, v.count])), { 'other-statement': 2, transaction: 2, 'not-one-row': 5 });
  assert.equal(ops.unmapped.get('not-one-row')!.examples, ['SELECT SLEEP(1.3)', 'SELECT SLEEP(0.7)', 'SELECT COUNT(*) FROM items']);
  assert.is(ops.otherCommands, 8);
  assert.is(ops.warnings.length, 1);
  assert.match(renderMsg('en', ops.warnings[0]), 'so 8 operations that share a second with another are simultaneous here');
});

test('MySQL: µs timestamps, zone offsets, statements over several lines, INSERT by column name, multi-row INSERT counted', () => {
  assert.is(guessLogFormat(MYSQL_LOG), 'mysql');
  const ops = importGeneralLog(MYSQL_LOG, 'id', 'mysql.log');
  assert.equal(ops.rows, [
    { timeUs: 0, session: 'conn-21', write: true, key: 'orders:7', critical: false },
    { timeUs: 120_000, session: 'conn-22', write: false, key: 'orders:7', critical: true },
    { timeUs: 129_750, session: 'conn-22', write: true, key: 'orders:8', critical: false },
  ]);
  assert.equal(Object.fromEntries([...ops.unmapped].map(([k, v]) => [k, v.count])), { 'multi-row-insert': 1, 'not-one-row': 1 });
  assert.is(ops.warnings.length, 0);
  assert.is(importGeneralLog(MYSQL_LOG, 'user_id', 'mysql.log').rows.map((r) => r.key).join(' '), 'orders:3 orders:3');
});

test('MariaDB: an hour of one digit is space-padded, and entries without a prefix keep the last second', () => {
  const log = '201107  9:02:00\t    5 Query\tSELECT * FROM t WHERE id = 1\n\t\t    6 Query\tDELETE FROM t WHERE id = 1\n201107  9:02:03\t    5 Query\tSELECT * FROM t WHERE id = 1\n';
  const ops = importGeneralLog(log, 'id', 'x.log');
  assert.equal(ops.rows.map((r) => `${r.timeUs} ${r.session}`), ['0 conn-5', '0 conn-6', '3000000 conn-5']);
});

test('a line cut or garbled where an entry starts ends the statement before it and is counted, not joined to it', () => {
  const log = [
    '2026-11-30T10:00:00.000100Z\t   12 Query\tUPDATE t SET a=1 WHERE id = 3',
    '2026-11-30T10:00:00.000400Z\t   1\u001b[2J2 Query\tSELECT * FROM t WHERE id = 4',
    '2026-11-30T10:00:00.000500Z\t   12 Query\tSELECT * FROM t',
    '  WHERE id = 5',
  ].join('\n');
  const ops = importGeneralLog(log, 'id', 'g.log');
  assert.equal(ops.rows.map((r) => `${r.write ? 'write' : 'read'} ${r.key}`), ['write t:3', 'read t:5']);
  assert.is(ops.statements, 3);
  assert.equal(ops.unmapped.get('garbled'), { count: 1, examples: [log.split('\n')[1]] });
  // A statement's next line that starts with tabs and a digit stays its own; a command of three words is an entry.
  const more = importGeneralLog([
    '2026-11-30T10:00:00.000100Z\t   12 Query\tUPDATE t SET a =',
    '\t\t0 WHERE id = 5',
    '2026-11-30T10:00:00.000200Z\t   13 Binlog Dump GTID\tLog: \'\'  Pos: 4',
  ].join('\n'), 'id', 'g.log');
  assert.equal(more.rows.map((r) => r.key), ['t:5']);
  assert.is(more.otherCommands, 1);
  assert.equal([...more.unmapped.keys()], []);
});

test('which statements map, and how', () => {
  const cases: Array<[string, string]> = [
    ['SELECT stock FROM items WHERE id = 1', 'read items:1'],
    ['select * from shop.items i where i.id=42;', 'read shop.items:42'],
    ["SELECT name FROM users WHERE id = 'u-7' LOCK IN SHARE MODE", 'read users:u-7 critical'],
    ['SELECT stock FROM items WHERE id = 1 FOR SHARE', 'read items:1 critical'],
    ['UPDATE items SET stock = stock - 1 WHERE id = 1', 'write items:1'],
    ['DELETE FROM `items` WHERE `id` = 2', 'write items:2'],
    ['REPLACE INTO items (id, stock) VALUES (5, 0)', 'write items:5'],
    ['INSERT IGNORE INTO items VALUES (6, 1)', 'write items:6'],
    ['SELECT stock FROM items WHERE id = 1 AND stock > 0', 'not-one-row'],
    ['SELECT stock FROM items WHERE id IN (1, 2)', 'not-one-row'],
    ['UPDATE items SET stock = 0', 'not-one-row'],
    ['SELECT a.x FROM a JOIN b ON a.id = b.id WHERE a.id = 1', 'not-one-row'],
    ['INSERT INTO items (stock) VALUES (3)', 'not-one-row'],
    ['INSERT INTO items VALUES (1, 2), (3, 4)', 'multi-row-insert'],
    ["SELECT x FROM t WHERE id = 'has space'", 'key-name'],
    ['START TRANSACTION', 'transaction'],
    ['SET autocommit=0', 'transaction'],
    ['SHOW TABLES', 'other-statement'],
    [`SELECT x FROM t WHERE id = 1 /* ${'x'.repeat(70_000)} */`, 'too-long'],
  ];
  for (const [sql, expected] of cases) {
    const m = mapStatement(sql, 'id');
    const got = 'reason' in m ? m.reason : `${m.write ? 'write' : 'read'} ${m.key}${m.critical ? ' critical' : ''}`;
    assert.is(got, expected, sql);
  }
});

test('the command writes an ops file that runs as a replay, reports the unmapped statements escaped, and warns about whole seconds', async () => {
  const dir = path.dirname(tmpFile('', 'lagsim-glog-', 'x'));
  fs.writeFileSync(path.join(dir, 'general.log'), MARIADB_LOG.replace('SELECT COUNT(*) FROM items', 'SELECT COUNT(*) FROM items /* \u001b]52;c;x\u0007 */'));
  const r = await cli(['import', 'general-log', 'general.log', '--out', 'ops.csv'], { cwd: dir });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'wrote 9 operations (5 reads, 4 writes; 3 sessions, 2 keys, over 3s) from a mariadb general query log to ops.csv');
  assert.match(r.stdout, '9 of 18 statements could not be mapped to an operation:');
  assert.match(r.stdout, 'not on one row by its primary key (a join, a range, no WHERE, or a WHERE on another column): 5');
  assert.match(r.stdout, '\\u001b]52;c;x\\u0007');
  assert.not.match(r.stdout + r.stderr, '\u001b');
  assert.match(r.stderr, 'warning: MariaDB\'s general log writes whole seconds');
  const csv = fs.readFileSync(path.join(dir, 'ops.csv'), 'utf8');
  assert.is(parseReplay(csv, 'csv', 'ops.csv').length, 9);
  fs.writeFileSync(path.join(dir, 'sc.yaml'), 'name: glog\ncluster: { followers: [{ name: f, lag: 300ms }] }\nworkload: { replay: ops.csv }\nstrategies: [all-follower]\n');
  const run = await cli(['run', 'sc.yaml', '--no-report', '--json'], { cwd: dir });
  assert.is(run.code, 0, run.stderr);
  const again = await cli(['import', 'general-log', 'general.log', '--out', 'ops.csv', '--lang', 'ko'], { cwd: dir });
  assert.is(again.code, 2);
  assert.match(again.stderr, 'ops.csv: 이미 있습니다');
  const ko = await cli(['import', 'general-log', 'general.log', '--out', 'ops-ko.csv', '--lang', 'ko'], { cwd: dir });
  assert.match(ko.stdout, '문 18개 중 9개는 작업으로 바꿀 수 없었습니다');
  fs.writeFileSync(path.join(dir, 'not.log'), 'hello\n');
  const bad = await cli(['import', 'general-log', 'not.log'], { cwd: dir });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, 'not.log: is not a general query log');
});

test.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStrategyArg } from '../src/scenario/parse';
import { PROXY_IDS, ProxyId, proxyAnswers, proxySnippets, isSnippet, ProxySnippet, ProxyAnswer } from '../src/advise/proxies';
import { STRATEGIES } from '../src/strategies';
import { PGPOOL_VALIDATED } from '../src/advise/proxyMaps';
import { cli } from './cli';

/**
 * src/advise/proxies.ts: every strategy × every proxy is either settings whose numbers are the
 * strategy's parameters converted in the direction that keeps reads fresh, or a reason (and,
 * when given, a nearest strategy the proxy really can express).
 */

const CASES = [
  'all-master', 'all-follower', 'all-follower(balance=random)', 'all-follower(balance=least-lagged)',
  'all-follower(balance=least-lagged,monitor=heartbeat,probeInterval=2s)',
  'critical-only', 'critical-only(balance=random)',
  'post-write-window(window=1s,scope=key)', 'post-write-window(window=1500ms,scope=session)', 'post-write-window(window=1000500us,scope=session)', 'post-write-window(window=2s,scope=global)',
  'lag-threshold(threshold=1s)', 'lag-threshold(threshold=1500ms,probeInterval=2500500us)', 'lag-threshold(threshold=999ms)',
  'lag-threshold(threshold=2s,monitor=heartbeat,probeInterval=2s)', 'lag-threshold(threshold=2700ms,monitor=heartbeat,probeInterval=500ms)',
  'lag-threshold(threshold=2s,monitor=replay-timestamp,probeInterval=2s)', 'all-follower(balance=least-lagged,monitor=replay-timestamp)',
  'lag-threshold(threshold=1s,balance=least-lagged)', 'lag-threshold(threshold=1s,nullLag=1500ms)', 'lag-threshold(threshold=3s,probeInterval=1us)',
  'causal', 'causal(mode=wait,scope=global,timeout=1500ms)', 'causal(mode=wait,timeout=500ms)', 'causal(mode=fast)', 'causal(mode=fast,scope=global)',
  'causal(mode=fast,balance=least-lagged)', 'adaptive-window',
  'pgpool', 'pgpool(delayThreshold=1MB,srCheckPeriod=5s,disableLoadBalanceOnWrite=always)', 'pgpool(delayThreshold=10kB,balance=random,disableLoadBalanceOnWrite=dml_adaptive)',
];

const answer = (arg: string, proxy: ProxyId, lang: 'en' | 'ko' = 'en'): ProxyAnswer => proxyAnswers(parseStrategyArg(arg), lang, proxy)[0];
const snippet = (arg: string, proxy: ProxyId): ProxySnippet => {
  const a = answer(arg, proxy);
  assert.ok(isSnippet(a), `${proxy} for ${arg}: ${'reason' in a ? a.reason : ''}`);
  return a as ProxySnippet;
};
/** The number a setting line gives: `name = 12`, `name=12s`, `…variable_value='12' WHERE variable_name='name'`. */
function setting(text: string, name: string): string | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('--') || line.startsWith('#') || line.startsWith('//')) continue;
    const sql = new RegExp(`variable_value='([^']*)' WHERE variable_name='${name}'`).exec(line);
    if (sql) return sql[1];
    const col = new RegExp(`SET ${name} = ([^ ;]+)`).exec(line);
    if (col) return col[1];
    const conf = new RegExp(`^${name} ?= ?(.+)$`).exec(line);
    if (conf) return conf[1];
  }
  return undefined;
}

const all = suite('every strategy × every proxy: settings or a reason');

all('the cases cover every strategy the registry knows', () => {
  for (const name of Object.keys(STRATEGIES)) assert.ok(CASES.some((c) => c.split('(')[0] === name), name);
});

all('each answer is well formed in both languages; a nearest strategy, fed back, gets settings from the same proxy', () => {
  for (const arg of CASES) {
    const spec = parseStrategyArg(arg);
    for (const lang of ['en', 'ko'] as const) {
      for (const a of proxyAnswers(spec, lang)) {
        assert.is(a.corresponds, spec.label);
        if (isSnippet(a)) {
          assert.ok(a.text.length > 0 && a.file.length > 0);
          assert.is(a.exact, a.differs.every((d) => d.stale === 'none'), `${a.proxy} ${arg}: exact iff nothing moves the stale rate`);
          for (const d of a.differs) assert.ok(d.text.length > 10 && !d.text.includes('{'), d.text);
          assert.not.match(a.text, /\{\w+\}/, 'every comment variable filled');
        } else {
          assert.ok(a.reason.length > 10 && !a.reason.includes('{'), a.reason);
          if (a.nearest !== undefined) {
            assert.is.not(a.nearest, spec.label);
            const again = proxyAnswers(parseStrategyArg(a.nearest), lang, a.proxy)[0];
            assert.ok(isSnippet(again), `${a.proxy}: nearest ${a.nearest} of ${arg} has settings`);
          }
        }
      }
    }
    assert.equal(proxySnippets(spec, 'en').map((s) => s.proxy), proxyAnswers(spec, 'en').filter(isSnippet).map((s) => s.proxy));
  }
});

all('the Korean answer is the English one with its words translated: same settings, same differences', () => {
  for (const arg of CASES) {
    for (const proxy of PROXY_IDS) {
      const en = answer(arg, proxy, 'en');
      const ko = answer(arg, proxy, 'ko');
      assert.is(isSnippet(en), isSnippet(ko));
      if (isSnippet(en) && isSnippet(ko)) {
        const code = (s: ProxySnippet) => s.text.split('\n').filter((l) => !/^(--|#|\/\/) /.test(l) || l.startsWith('# ActiveRecord') || l.startsWith('// Product'));
        assert.equal(code(ko), code(en));
        assert.equal(ko.differs.map((d) => d.stale), en.differs.map((d) => d.stale));
        if (code(en).length < en.text.split('\n').length) assert.is.not(ko.text, en.text, 'comments translated');
      }
    }
  }
});

all('strategies no proxy can express get no snippet anywhere', () => {
  for (const arg of ['adaptive-window', 'post-write-window(window=1s,scope=key)', 'post-write-window(window=2s,scope=global)']) {
    assert.equal(proxySnippets(parseStrategyArg(arg), 'en'), [], arg);
  }
});

const numbers = suite('numbers: the parameters converted, rounded toward fresh reads');

// Seconds_Behind_Master is a whole number N. lagsim keeps a follower while N ≤ threshold;
// ProxySQL while N ≤ max_replication_lag; MaxScale while N < max_replication_lag.
numbers('the pgpool strategy is written back as the pgpool.conf settings it models', () => {
  const text = snippet('pgpool(delayThreshold=1MB,srCheckPeriod=5s,disableLoadBalanceOnWrite=always)', 'pgpool').text;
  assert.is(setting(text, 'delay_threshold'), '1048576');
  assert.is(setting(text, 'sr_check_period'), '5');
  assert.is(setting(text, 'disable_load_balance_on_write'), "'always'");
  assert.is(setting(text, 'prefer_lower_delay_standby'), 'off');
  for (const proxy of ['proxysql', 'maxscale', 'rails', 'laravel'] as const) assert.not.ok(isSnippet(answer('pgpool', proxy)), proxy);
});

numbers('a Pgpool-II snippet says it was validated exactly when its settings are ones test/live-pgpool.test.ts plays through a real Pgpool (en, ko)', () => {
  const validated = PGPOOL_VALIDATED.map((x) => `pgpool(delayThreshold=${x.delayThreshold},srCheckPeriod=${x.srCheckPeriodS}s,disableLoadBalanceOnWrite=${x.disableLoadBalanceOnWrite})`);
  // all-follower's snippet leaves delay_threshold, sr_check_period and disable_load_balance_on_write at Pgpool-II's defaults: the first setting.
  const yes = [...validated, 'pgpool', 'pgpool(balance=random)', 'all-follower', 'all-follower(balance=random)'];
  // Other thresholds and periods, modes that act only inside explicit transactions, and settings the test never plays.
  const no = ['pgpool(delayThreshold=2kB,srCheckPeriod=1s)', 'pgpool(delayThreshold=1kB,srCheckPeriod=2s)', 'pgpool(delayThreshold=1MB,srCheckPeriod=5s,disableLoadBalanceOnWrite=always)',
    'pgpool(disableLoadBalanceOnWrite=off)', 'pgpool(disableLoadBalanceOnWrite=dml_adaptive)', 'pgpool(disableLoadBalanceOnWrite=trans_transaction)', 'pgpool(srCheckPeriod=1s)',
    'all-master', 'critical-only', 'lag-threshold(threshold=2s,monitor=heartbeat,probeInterval=2s)'];
  const said = { en: ['validated against Pgpool-II 4.3.5 by test/live-pgpool.test.ts', 'not validated against a real Pgpool-II'], ko: ['test/live-pgpool.test.ts가 Pgpool-II 4.3.5로 검증했습니다', '실제 Pgpool-II로 검증하지 않은 설정입니다'] } as const;
  for (const lang of ['en', 'ko'] as const) {
    const [valid, not] = said[lang];
    for (const arg of [...yes, ...no]) {
      const a = answer(arg, 'pgpool', lang);
      assert.ok(isSnippet(a), arg);
      const text = (a as ProxySnippet).text;
      assert.is(text.includes(valid), yes.includes(arg), `${lang} ${arg}: ${text.split('\n')[0]}`);
      assert.is(text.includes(not), no.includes(arg), `${lang} ${arg}`);
      // Either way the comment names what the test validates: the three settings.
      if (no.includes(arg)) assert.ok(text.includes("delay_threshold = 1024, sr_check_period = 1, disable_load_balance_on_write = 'transaction'"), arg);
    }
  }
});

numbers('lag thresholds in whole seconds keep exactly the followers lagsim keeps, for every whole-second report', () => {
  for (const ms of [1000, 1001, 1500, 1999, 2000, 2700, 10_000]) {
    const arg = `lag-threshold(threshold=${ms}ms)`;
    const psql = Number(setting(snippet(arg, 'proxysql').text, 'max_replication_lag'));
    const mxs = setting(snippet(arg, 'maxscale').text, 'max_replication_lag')!;
    assert.match(mxs, /^\d+s$/);
    for (let n = 0; n <= 12; n++) {
      const lagsim = n * 1000 <= ms;
      assert.is(n <= psql, lagsim, `ProxySQL ${psql} at N=${n}, threshold ${ms} ms`);
      assert.is(n < parseInt(mxs, 10), lagsim, `MaxScale ${mxs} at N=${n}, threshold ${ms} ms`);
    }
  }
  assert.is(setting(snippet('lag-threshold(threshold=1500ms)', 'proxysql').text, 'max_replication_lag'), '1');
  assert.is(setting(snippet('lag-threshold(threshold=1500ms)', 'maxscale').text, 'max_replication_lag'), '2s');
});

numbers('below one second ProxySQL cannot ask for Seconds_Behind_Master 0 (0 turns the check off): no snippet, and the nearest it can do', () => {
  const a = answer('lag-threshold(threshold=999ms)', 'proxysql');
  assert.ok(!isSnippet(a));
  assert.is((a as { nearest?: string }).nearest, 'lag-threshold(threshold=1s,monitor=seconds-behind-master,probeInterval=10s)');
  assert.ok(isSnippet(answer('lag-threshold(threshold=999ms)', 'maxscale')), 'MaxScale: max_replication_lag=1s is N < 1, i.e. N = 0');
  assert.is(setting(snippet('lag-threshold(threshold=999ms)', 'maxscale').text, 'max_replication_lag'), '1s');
});

numbers('probe intervals round down to the unit the monitor takes, and say so', () => {
  const s = snippet('lag-threshold(threshold=1500ms,probeInterval=2500500us)', 'proxysql');
  assert.is(setting(s.text, 'mysql-monitor_replication_lag_interval'), '2500');
  assert.ok(s.differs.some((d) => d.text.includes('2500 ms') && d.stale === 'lower'));
  const m = snippet('lag-threshold(threshold=1500ms,probeInterval=2500500us)', 'maxscale');
  assert.is(setting(m.text, 'monitor_interval'), '2500ms');
  const exact = snippet('lag-threshold(threshold=1s)', 'proxysql');
  assert.is(setting(exact.text, 'mysql-monitor_replication_lag_interval'), '10000');
  assert.is(setting(exact.text, 'mysql-monitor_slave_lag_when_null'), '60');
  assert.is(setting(snippet('lag-threshold(threshold=1s,nullLag=1500ms)', 'proxysql').text, 'mysql-monitor_slave_lag_when_null'), '2', 'nullLag rounds up: a stopped follower is shunned at least as often');
  assert.ok(!isSnippet(answer('lag-threshold(threshold=3s,probeInterval=1us)', 'proxysql')));
});

numbers('heartbeat: ProxySQL reads pt-heartbeat, MaxScale cannot, Pgpool-II uses delay_threshold_by_time and sr_check_period in whole seconds', () => {
  const p = snippet('lag-threshold(threshold=2s,monitor=heartbeat,probeInterval=2s)', 'proxysql');
  assert.is(setting(p.text, 'mysql-monitor_replication_lag_use_percona_heartbeat'), 'percona.heartbeat');
  assert.ok(!isSnippet(answer('lag-threshold(threshold=2s,monitor=heartbeat,probeInterval=2s)', 'maxscale')));
  const g = snippet('lag-threshold(threshold=2700ms,monitor=heartbeat,probeInterval=2s)', 'pgpool');
  assert.is(setting(g.text, 'delay_threshold_by_time'), '2');
  assert.is(setting(g.text, 'sr_check_period'), '2');
  assert.ok(g.text.includes('2000'), 'the millisecond form for releases that count milliseconds');
  assert.ok(g.text.includes('4.3.5'), 'says Debian 12\'s Pgpool-II lacks it');
  assert.ok(!isSnippet(answer('lag-threshold(threshold=2700ms,monitor=heartbeat,probeInterval=500ms)', 'pgpool')), 'sr_check_period cannot be below 1 s');
  assert.ok(!isSnippet(answer('lag-threshold(threshold=1s)', 'pgpool')), 'Pgpool-II has no Seconds_Behind_Master');
});

numbers('replay-timestamp (a standby\'s now() − pg_last_xact_replay_timestamp()): no proxy reads it; each names the nearest it can do', () => {
  const arg = 'lag-threshold(threshold=2s,monitor=replay-timestamp,probeInterval=2s)';
  const nearest = { proxysql: 'seconds-behind-master', maxscale: 'seconds-behind-master', pgpool: 'heartbeat' } as const;
  for (const proxy of ['proxysql', 'maxscale', 'pgpool'] as const) {
    const a = answer(arg, proxy);
    assert.ok(!isSnippet(a), `${proxy} does not read the replay timestamp`);
    assert.match((a as { nearest?: string }).nearest ?? '', `monitor=${nearest[proxy]}`);
  }
  assert.match((answer(arg, 'pgpool') as { reason: string }).reason, 'replay_lag');
  assert.ok(!isSnippet(answer('all-follower(balance=least-lagged,monitor=replay-timestamp)', 'maxscale')), 'least_behind_master is Seconds_Behind_Master');
});

numbers('causal: MaxScale modes and the timeout in whole seconds, rounded down; ProxySQL only fast/session', () => {
  assert.is(setting(snippet('causal', 'maxscale').text, 'causal_reads'), 'local');
  assert.is(setting(snippet('causal', 'maxscale').text, 'causal_reads_timeout'), '10s');
  const g = snippet('causal(mode=wait,scope=global,timeout=1500ms)', 'maxscale');
  assert.is(setting(g.text, 'causal_reads'), 'global');
  assert.is(setting(g.text, 'causal_reads_timeout'), '1s');
  assert.ok(g.differs.some((d) => d.text.includes('1s')));
  assert.is(setting(snippet('causal(mode=fast)', 'maxscale').text, 'causal_reads'), 'fast');
  assert.is(setting(snippet('causal(mode=fast,scope=global)', 'maxscale').text, 'causal_reads'), 'fast_global');
  assert.is(setting(snippet('causal(mode=fast)', 'maxscale').text, 'causal_reads_timeout'), undefined);
  assert.ok(!isSnippet(answer('causal(mode=wait,timeout=500ms)', 'maxscale')));
  assert.match(snippet('causal(mode=fast)', 'proxysql').text, /gtid_from_hostgroup = 10/);
  for (const arg of ['causal', 'causal(mode=fast,scope=global)']) assert.ok(!isSnippet(answer(arg, 'proxysql')), arg);
  for (const proxy of ['pgpool', 'rails', 'laravel'] as const) assert.ok(!isSnippet(answer('causal', proxy)), proxy);
});

numbers('Rails: the session window as delay, rounded up to the millisecond; never for key or global scope; Laravel sticky is not a window', () => {
  assert.match(snippet('post-write-window(window=1500ms,scope=session)', 'rails').text, /database_selector = \{ delay: 1\.5\.seconds \}/);
  const up = snippet('post-write-window(window=1000500us,scope=session)', 'rails');
  assert.match(up.text, /delay: 1\.001\.seconds/);
  assert.ok(up.differs.some((d) => d.text.includes('1001 ms')));
  assert.ok(!isSnippet(answer('post-write-window(window=1s,scope=key)', 'rails')));
  assert.ok(!isSnippet(answer('post-write-window(window=1500ms,scope=session)', 'laravel')));
  assert.is(snippet('post-write-window(window=1500ms,scope=session)', 'rails').exact, false);
});

numbers('all-master is exact everywhere', () => {
  for (const proxy of PROXY_IDS) assert.ok(snippet('all-master', proxy).exact, proxy);
  assert.is(setting(snippet('all-master', 'maxscale').text, 'max_slave_connections'), '0');
  assert.is(setting(snippet('all-master', 'pgpool').text, 'load_balance_mode'), 'off');
});

numbers('least-lagged: only MaxScale picks by reported lag', () => {
  const m = snippet('all-follower(balance=least-lagged)', 'maxscale');
  assert.is(setting(m.text, 'slave_selection_criteria'), 'least_behind_master');
  assert.is(setting(m.text, 'monitor_interval'), '10000ms');
  for (const proxy of ['proxysql', 'pgpool', 'rails', 'laravel'] as const) assert.ok(!isSnippet(answer('all-follower(balance=least-lagged)', proxy)), proxy);
});

const command = suite('lagsim proxy');

command('prints every proxy, or one; help by id in both languages; a bad strategy is a usage problem', async () => {
  const r = await cli(['proxy', 'lag-threshold(threshold=1s)']);
  assert.is(r.code, 0, r.stderr);
  for (const name of ['ProxySQL', 'MaxScale', 'Pgpool-II', 'Rails', 'Laravel']) assert.ok(r.stdout.includes(`${name} — `), name);
  const one = await cli(['proxy', 'lag-threshold(threshold=1s)', '--proxy', 'maxscale', '--lang', 'ko']);
  assert.is(one.code, 0);
  assert.ok(one.stdout.startsWith('MaxScale — ') && !one.stdout.includes('ProxySQL'), one.stdout);
  assert.ok(one.stdout.includes('max_replication_lag=2s') && one.stdout.includes('실제 시스템이 다르게 하는 점'), one.stdout);
  const help = await cli(['proxy', '--help', '--lang', 'ko']);
  assert.ok(help.stdout.includes('바로 붙여 넣을 설정'), help.stdout);
  const bad = await cli(['proxy', 'lag-threshold(threshold=fast)']);
  assert.is(bad.code, 2);
  assert.ok(bad.stderr.startsWith('lagsim: proxy "lag-threshold(threshold=fast)": threshold:'), bad.stderr);
  const none = await cli(['proxy']);
  assert.is(none.code, 2);
  assert.ok(none.stderr.startsWith('lagsim: proxy needs a strategy'), none.stderr);
});

all.run();
numbers.run();
command.run();

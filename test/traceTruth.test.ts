import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile, parseScenario, parseStrategyArg } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { narrator } from '../src/report/narrate';
import { storyRecorder } from '../src/report/storyTrace';
import { sequenceDiagramSvg } from '../src/report/diagram';
import { Scenario } from '../src/scenario/types';
import { traceOf } from './traceHelpers';
import type { Lang } from '../src/i18n';

// The narrated trace states only true things: apply lines in time order across followers,
// and a STALE verdict whose value and times both hold.

const scenarios = path.join(__dirname, '..', 'scenarios');
// A busyHot sale whose generated traffic also writes the hot product, so a stale answer is
// often several versions behind the master.
const busyHot = parseScenario(`
name: busy-hot-product
seed: 7
duration: 10s
cluster: { followers: [{ name: follower-1, lag: { dist: exponential, mean: 300ms } }] }
data: { key-0: { stock: 50 } }
events:
  - { at: 3s,    actor: seller, write: key-0, set: { stock: 0 } }
  - { at: 3.05s, actor: buyer-1, read: key-0 }
workload: { keys: 50, popularity: { zipf: 1.3 }, sessions: 500, writeRate: 20/s, readRate: 3000/s, criticalFraction: 0.05 }
strategies: [all-follower]
`, 'busy-hot-product.yaml');
const leastLagged = loadScenarioFile(path.join(scenarios, 'least-lagged.yaml'));
const semiSync = loadScenarioFile(path.join(scenarios, 'semi-sync.yaml'));

function lines(sc: Scenario, strategy: string, lang: Lang = 'en'): string[] {
  const out: string[] = [];
  simulate(sc, parseStrategyArg(strategy), sc.seed, narrator(sc, (l) => out.push(l), true, lang));
  return out;
}

const clock = (line: string): number => Number(/^t=(\d+\.\d+)s/.exec(line)![1]);

/** Runs that two tests read, simulated once: they read them and change nothing. */
let busyHotLines: string[] | undefined;
const busyHotEn = (): string[] => (busyHotLines ??= lines(busyHot, 'all-follower'));
let leastLaggedTrace: ReturnType<typeof traceOf> | undefined;
const leastLaggedRun = (): ReturnType<typeof traceOf> => (leastLaggedTrace ??= traceOf(leastLagged, 'all-follower'));

// ---
const order = suite('trace: every line in simulated-time order');

order('three followers (least-lagged): applies interleave in time order, never going back', () => {
  for (const strategy of ['all-follower', 'all-follower(balance=least-lagged,monitor=heartbeat,probeInterval=2s)']) {
    const ls = lines(leastLagged, strategy);
    const applies = ls.filter((l) => l.includes(' applies binlog '));
    assert.ok(applies.length > 1000, 'enough applies to test');
    const followersSeen = new Set(applies.map((l) => l.split(/\s+/)[1]));
    assert.is(followersSeen.size, 3);
    let last = -Infinity;
    for (const l of ls) {
      assert.ok(clock(l) >= last, `out of order: ${l} after ${last}`);
      last = clock(l);
    }
  }
});

order('the observer\'s applies are in time order too (the diagram and timeline read them)', () => {
  const t = leastLaggedRun();
  for (let i = 1; i < t.applies.length; i++) assert.ok(t.applies[i].tUs >= t.applies[i - 1].tUs, `apply ${i}`);
});

// ---
const verdict = suite('trace: the STALE verdict is true');

verdict('a busy hot product: the master\'s 0 is dated by its own commit, and the answer by the write it first missed', () => {
  const ls = busyHotEn();
  assert.ok(ls.includes('t=3.000s seller write key-0 @master → stock=0 (v24, binlog #60, GTID 0-1-60)'));
  assert.ok(ls.includes('t=3.050s buyer-1 read key-0 @follower-1 → v10 STALE (master has 0 (v24) since 3.000s; this answer is out of date since 2.051s, when v11 committed)'));
  const ko = lines(busyHot, 'all-follower', 'ko');
  assert.ok(ko.includes('t=3.050s buyer-1 읽기 key-0 @follower-1 → v10 구 데이터 (마스터는 3.000s부터 0 (v24); 이 답은 2.051s(v11 커밋)부터 구 데이터)'));
});

verdict('one version behind keeps the short form (the two moments coincide)', () => {
  const ls = busyHotEn();
  const short = ls.filter((l) => l.includes(' STALE (master has ') && !l.includes('out of date'));
  assert.ok(short.length > 10);
});

verdict('every stale read: master since = when the master\'s version was acknowledged, stale since = when the next one was', () => {
  for (const [sc, run] of [[busyHot, () => traceOf(busyHot, 'all-follower')], [leastLagged, leastLaggedRun], [semiSync, () => traceOf(semiSync, 'all-follower')]] as const) {
    const t = run();
    const ackUs = new Map<string, number>();
    let checked = 0, behindMore = 0;
    for (const o of t.ops) {
      if (o.op === 'write') {
        ackUs.set(`${o.key}/${o.version}`, o.tUs);
        continue;
      }
      if (o.version >= o.masterVersion) continue;
      assert.is(o.masterSinceUs, ackUs.get(`${o.key}/${o.masterVersion}`), `${sc.name} master since`);
      assert.is(o.staleSinceUs, ackUs.get(`${o.key}/${o.version + 1}`), `${sc.name} stale since`);
      checked++;
      if (o.masterVersion > o.version + 1) behindMore++;
    }
    assert.ok(checked > 100 && behindMore > 10, `${sc.name}: ${checked} stale reads, ${behindMore} more than one version behind`);
  }
});

verdict('the diagram says the same as the narration', () => {
  const rec = storyRecorder(busyHot);
  simulate(busyHot, parseStrategyArg('all-follower'), busyHot.seed, rec);
  const svg = sequenceDiagramSvg(rec.trace, 'en');
  assert.match(svg, 'v10 — STALE (master has 0 (v24) since 3.000s; out of date since 2.051s, when v11 committed)');
});

order.run();
verdict.run();

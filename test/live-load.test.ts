// Lag from load on a real MariaDB pair: no MASTER_DELAY, a single applier
// (slave_parallel_threads=0), every write made heavy by the write load. One run whose
// write rate steps up halfway: the lag must grow with the rate, and the simulator with the
// model fitted to the run must agree with its lags and its stale reads. It prints each
// half's measured and modelled mean lag and apply time (docs/live.md discusses them).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agreesInTest } from './liveFake';
import { scenario } from './helpers';
import { PairInfo, startPair, stopPair } from '../src/live/pair';
import { pairEndpoints } from '../src/live/endpoints';
import { runLiveSession } from '../src/live/session';
import { compareRun, fitRun, readLatencyBase } from '../src/live/compare';
import { describeFit, measuredApplyTimes, modelLagsInOrder } from '../src/live/fit';
import { makeStream } from '../src/engine/random';
import { liveReport } from '../src/live/report';

/** Rows of the keyless table each write updates: tens of ms per write on this machine's replica. */
const LOAD_ROWS = 200;
/**
 * The applier's utilisation (write rate × apply time) in the two halves: the rates are set
 * from the apply time a burst of writes shows first, since that time depends on how busy
 * the machine is. A queue's mean wait grows like ρ/(1 − ρ): ×8.5 from the first to the second.
 */
const UTILISATION = [0.15, 0.6];
const HALF_S = 4;
/** Writes of the calibrating burst, all issued at once, so the applier has a backlog throughout. */
const BURST = 12;
/** The model's mean lag over the run must be within this fraction of the measured one. */
const TOLERANCE = 0.25;

let pair: PairInfo | null = null;
const load = suite('lag from load on a real pair');

load.before(async () => {
  pair = await startPair({ delaySec: 0 });
});

load.after(async () => {
  if (pair !== null) await stopPair(pair);
});

/** The mean apply time a burst of BURST writes shows on the real replica, µs. */
async function burstApplyTimeUs(): Promise<number> {
  const sc = scenario({
    name: 'live-load-burst', seed: 1, duration: '1s',
    cluster: { followers: [{ name: 'replica', lag: '0s' }] },
    data: { k0: { n: -1 } },
    events: Array.from({ length: BURST }, (_, i) => ({ at: `${200 + i}ms`, actor: 'a', write: 'k0', set: { n: i } })),
    strategies: ['all-follower'],
  });
  const run = (await runLiveSession(sc, { endpoints: pairEndpoints(pair!), writeLoadRows: LOAD_ROWS })).runs[0];
  // The first write found the applier idle; each later one waited for its predecessor.
  return mean(measuredApplyTimes(run.ackUs.slice(1), run.lagUs.slice(1), 0).slice(1));
}

/** Poisson writes at rates[0] then rates[1], reads at 10/s throughout, on 20 keys by 5 actors. */
function twoRateEvents(rates: number[]): Array<Record<string, unknown>> {
  const rng = makeStream(3, 'live-load-test');
  const events: Array<Record<string, unknown>> = [];
  const pick = (n: number): number => Math.floor(rng() * n);
  const add = (ratePerS: number, fromS: number, toS: number, op: 'write' | 'read'): void => {
    for (let t = fromS - Math.log(1 - rng()) / ratePerS; t < toS; t -= Math.log(1 - rng()) / ratePerS) {
      const e: Record<string, unknown> = { at: `${Math.round(t * 1e6)}us`, actor: `a${pick(5)}`, [op]: `k${pick(20)}` };
      if (op === 'write') e.set = { n: events.length };
      events.push(e);
    }
  };
  add(rates[0], 0.2, HALF_S, 'write');
  add(rates[1], HALF_S, 2 * HALF_S, 'write');
  add(10, 0.2, 2 * HALF_S, 'read');
  return events.sort((a, b) => parseInt(String(a.at), 10) - parseInt(String(b.at), 10));
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Observed {
  line: string;
  measured: number[];
  modelled: number[];
  applied: number[];
  wholeMeasured: number;
  wholeModelled: number;
  staleWithin: boolean | null;
}

async function playTwoRates(rates: number[]): Promise<Observed> {
  const sc = scenario({
    name: 'live-load', seed: 11, duration: `${2 * HALF_S + 0.5}s`,
    cluster: { followers: [{ name: 'replica', lag: '0s' }] },
    data: Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`k${k}`, { n: -1 }])),
    events: twoRateEvents(rates),
    strategies: ['all-follower'],
  });
  const session = await runLiveSession(sc, { endpoints: pairEndpoints(pair!), writeLoadRows: LOAD_ROWS });
  assert.is(session.masterDelaySec, 0, 'no MASTER_DELAY: the lag is the applier\'s own');
  const run = session.runs[0];
  const fit = fitRun(run);
  const commitUs = run.ackUs.slice(1);
  const lagUs = run.lagUs.slice(1);
  const model = Array.from(modelLagsInOrder(fit.dist, commitUs, 20, 'check', [], fit.applyTime));
  const half = (i: number): number => (commitUs[i] < HALF_S * 1e6 ? 0 : 1);
  const measured = [0, 1].map((h) => mean(lagUs.filter((x, i) => half(i) === h && Number.isFinite(x))));
  const modelled = [0, 1].map((h) => mean(model.filter((_, j) => half(j % commitUs.length) === h)));
  // The apply times the run shows (shipping delay 0: an upper bound), per half.
  const applied = [0, 1].map((h) => mean(measuredApplyTimes(commitUs.filter((_, i) => half(i) === h), lagUs.filter((_, i) => half(i) === h), 0)));
  const base = readLatencyBase(session.runs, session.scenario);
  const c = compareRun(session.scenario, run, session.ops, base, 5);
  // What the harness did to the writes is said in the output, in both languages.
  assert.match(liveReport(sc, session, [c], base, 'en').text, `write load: every write also updated each of the ${LOAD_ROWS} rows of a table without a primary key`);
  assert.match(liveReport(sc, session, [c], base, 'ko').text, `load_pad)의 ${LOAD_ROWS}개 행`);
  const ms = (us: number): string => (us / 1000).toFixed(1);
  const line = `${run.ackUs.length - 1} writes at ${rates.map((r) => r.toFixed(1)).join(' then ')}/s; apply times ${applied.map(ms).join(' / ')} ms; mean lag at the first rate: measured ${ms(measured[0])} ms, model ${ms(modelled[0])} ms; `
    + `at the second: measured ${ms(measured[1])} ms, model ${ms(modelled[1])} ms; fit ${describeFit(fit, 'en')}; `
    + `stale live ${c.staleRate.live.toFixed(3)}, sim ${c.staleRate.sim.toFixed(3)} ± ${c.staleRate.tolerance.toFixed(3)}`;
  process.stderr.write(`${line}\n`);
  return {
    line, measured, modelled, applied, wholeMeasured: fit.measured.meanUs, wholeModelled: fit.modelled.meanUs, staleWithin: agreesInTest(c.staleRate),
  };
}

load('the lag grows with the write rate; the simulator with the fitted model agrees on the lag and the stale reads', async () => {
  const applyUs = await burstApplyTimeUs();
  const rates = UTILISATION.map((u) => u / (applyUs / 1e6));
  process.stderr.write(`burst of ${BURST} writes: apply time ${(applyUs / 1000).toFixed(1)} ms\n`);
  const o = await playTwoRates(rates);
  assert.ok(o.measured[1] > 1.5 * o.measured[0], `the lag grows with the write rate: ${o.line}`);
  assert.ok(Math.abs(o.wholeModelled - o.wholeMeasured) <= TOLERANCE * o.wholeMeasured, `the run's mean lag within ${TOLERANCE * 100}%: ${o.line}`);
  assert.ok(o.staleWithin !== false, `stale reads: ${o.line}`);
});

load.run();

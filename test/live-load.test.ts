// Lag from load on a real MariaDB pair: no MASTER_DELAY, a single applier
// (slave_parallel_threads=0), every write made heavy by the write load. One run whose
// write rate steps up halfway: the lag must grow with the rate, and the simulator with the
// model fitted to the run must agree with its lags and its stale reads. It prints each
// half's measured and modelled mean lag and apply time (docs/live.md discusses them).
// lagsim-test: alone — it times real servers, so scripts/test.js runs it with no other file beside it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agreesInTest } from './liveFake';
import { scenario } from './helpers';
import { PairInfo, startPair, stopPair } from '../src/live/pair';
import { pairEndpoints } from '../src/live/endpoints';
import { LiveSession, runLiveSession } from '../src/live/session';
import { TOLERANCE, calibratedTwoRates } from './liveLoad';
import { liveReport } from '../src/live/report';

/** Rows of the keyless table each write updates: tens of ms per write on this machine's replica. */
const LOAD_ROWS = 200;

let pair: PairInfo | null = null;
const load = suite('lag from load on a real pair');

load.before(async () => {
  pair = await startPair({ delaySec: 0 });
});

load.after(async () => {
  if (pair !== null) await stopPair(pair);
});

function play(sc: ReturnType<typeof scenario>): Promise<LiveSession> {
  return runLiveSession(sc, { endpoints: pairEndpoints(pair!), writeLoadRows: LOAD_ROWS });
}

load('the lag grows with the write rate; the simulator with the fitted model agrees on the lag and the stale reads', async () => {
  const { sc, session, o } = await calibratedTwoRates(play, 'live-load', 'replica', 'median');
  assert.is(session.masterDelaySec, 0, 'no MASTER_DELAY: the lag is the applier\'s own');
  // What the harness did to the writes is said in the output, in both languages.
  assert.match(liveReport(sc, session, [o.comparison], o.base, 'en').text, `write load: every write also updated each of the ${LOAD_ROWS} rows of a table without a primary key`);
  assert.match(liveReport(sc, session, [o.comparison], o.base, 'ko').text, `load_pad)의 ${LOAD_ROWS}개 행`);
  assert.ok(o.measured[1] > 1.5 * o.measured[0], `the lag grows with the write rate: ${o.line}`);
  assert.ok(Math.abs(o.fit.modelled.meanUs - o.fit.measured.meanUs) <= TOLERANCE * o.fit.measured.meanUs, `the run's mean lag within ${TOLERANCE * 100}%: ${o.line}`);
  assert.ok(agreesInTest(o.comparison.staleRate), `stale reads: ${o.line}`);
});

load.run();

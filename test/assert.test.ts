import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { spawnSync } from 'child_process';
import type { OpRecord } from '../src/simulate';
import type { CaseOutcome } from './brokenModel';

// Invariant checks (src/engine/assert.ts) fire when the model is broken, and only when
// LAGSIM_ASSERT=1. The flag is read as the modules load, so the runs are in child processes
// (test/brokenModel.ts) with the environment chosen here: one process with the checks on
// and one with them off, each running all the cases below (the model mended after each).

const script = path.join(__dirname, 'brokenModel.ts');
type Case = [how: string, waitFor: number, readAt: string];
const CASES: Record<'on' | 'off', Case[]> = {
  on: [
    ['follower-applies-at-commit', 1, '3.002s'], ['none', 2, '3.01s'], ['none', 1, '3.002s'], ['none', 1, '3.01s'],
    ['ack-in-the-past', 1, '3.01s'], ['slot-closed-twice', 1, '3.01s'],
  ],
  off: [['follower-applies-at-commit', 1, '3.002s']],
};
const outcomes = new Map<string, CaseOutcome[]>();

/** A write at 3 s, one read at `readAt` (a scenario time), the model broken as `how` says. */
function run(how: string, waitFor: number, readAt: string, checks: boolean): CaseOutcome {
  const flag = checks ? 'on' : 'off';
  if (!outcomes.has(flag)) {
    const env = { ...process.env, LAGSIM_ASSERT: checks ? '1' : '' };
    const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', script, JSON.stringify(CASES[flag])], { encoding: 'utf8', env, cwd: path.join(__dirname, '..') });
    assert.is(r.status, 0, r.stderr);
    outcomes.set(flag, JSON.parse(r.stdout));
  }
  const i = CASES[flag].findIndex((c) => c[0] === how && c[1] === waitFor && c[2] === readAt);
  assert.ok(i >= 0, `${how} ${waitFor} ${readAt} is not among the cases with checks ${flag}`);
  return outcomes.get(flag)![i];
}

const answers = (reads: OpRecord[]) => reads.map((x) => [x.node, x.version, x.masterVersion]);

// ---
const follower = suite('a follower is never ahead of the master');

follower('a follower applying before its receipt is caught, with the seed that reproduces it', () => {
  const r = run('follower-applies-at-commit', 1, '3.002s', true);
  assert.ok(r.error !== null, 'an invariant fired');
  assert.match(r.error!, /InvariantError: follower near shows version 1 of key 0, ahead of the master's 0 \(scenario broken-model, strategy all-follower, seed \d+\)/);
});

follower('with checks off the same broken follower runs to the end: nothing is checked then', () => {
  const r = run('follower-applies-at-commit', 1, '3.002s', false);
  assert.is(r.error, null);
  assert.equal(answers(r.reads), [[0, 1, 0]]);
});

follower('AFTER_SYNC with waitFor 2: the near follower legitimately shows the write before the master does', () => {
  const r = run('none', 2, '3.01s', true);
  assert.is(r.error, null);
  assert.equal(answers(r.reads), [[0, 1, 0]]);
});

follower('waitFor 1, unbroken: the near follower shows nothing the master does not, and nothing fires', () => {
  for (const [readAt, version] of [['3.002s', 0], ['3.01s', 1]] as const) {
    const r = run('none', 1, readAt, true);
    assert.is(r.error, null);
    assert.equal(answers(r.reads), [[0, version, version]], readAt);
  }
});

// ---
const clock = suite('events are handled in time order');

clock('an acknowledgement scheduled in the past is caught', () => {
  const r = run('ack-in-the-past', 1, '3.01s', true);
  assert.ok(r.error !== null, 'an invariant fired');
  assert.match(r.error!, /InvariantError: an event at 1005000 µs was handled after one at 3000000 µs/);
});

// ---
const slots = suite('each pending slot is closed exactly once');

slots('closing a slot twice is caught', () => {
  const r = run('slot-closed-twice', 1, '3.01s', true);
  assert.ok(r.error !== null, 'an invariant fired');
  assert.match(r.error!, /InvariantError: pending slot \d+ closed twice/);
});

follower.run();
clock.run();
slots.run();

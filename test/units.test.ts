import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseDuration, parseFraction, parseRate } from '../src/scenario/units';
import { keysOf, Msg } from '../src/i18n/problem';
import { formatDuration } from '../src/engine/time';
import { EventQueue } from '../src/engine/heap';
import { QuantileSketch } from '../src/metrics/quantiles';
import { makeStream } from '../src/engine/random';

const units = suite('durations and rates');

units('fractions: 0…1, a percentage answered with its fraction', () => {
  assert.is(parseFraction(0), 0);
  assert.is(parseFraction(0.05), 0.05);
  assert.is(parseFraction(1), 1);
  assert.equal(keysOf(parseFraction(0, true) as Msg), ['v.fractionAbove0']);
  assert.equal(keysOf(parseFraction('5%') as Msg), ['v.fraction', 'vh.percent']);
  assert.equal((parseFraction('5%') as Msg).vars?.got, '"5%"');
  assert.equal(keysOf(parseFraction(99, true) as Msg), ['v.fractionAbove0', 'vh.percent']);
  assert.equal(keysOf(parseFraction(1000) as Msg), ['v.fraction']);
  assert.equal(keysOf(parseFraction('0.5') as Msg), ['v.fraction']);
  assert.equal(keysOf(parseFraction(-0.1) as Msg), ['v.fraction']);
});

units('units to µs', () => {
  assert.is(parseDuration('500ms'), 500_000);
  assert.is(parseDuration('1.2s'), 1_200_000);
  assert.is(parseDuration('250us'), 250);
  assert.is(parseDuration('2m'), 120_000_000);
  // A bare number has no unit: only 0, the same in every unit, is one.
  assert.is(parseDuration(0), 0);
  assert.equal(keysOf(parseDuration(60) as Msg), ['v.durationBare']);
  assert.equal(keysOf(parseDuration(1.5) as Msg), ['v.durationBare']);
  assert.equal(keysOf(parseDuration(-1) as Msg), ['v.duration']);
  assert.equal(keysOf(parseDuration('-3') as Msg), ['v.duration', 'vh.durationNegative']);
  assert.equal(keysOf(parseDuration('0.5us') as Msg), ['v.durationFiner']);
  assert.equal(keysOf(parseDuration(Infinity) as Msg), ['v.duration']);
  assert.equal(keysOf(parseDuration('1 fortnight') as Msg), ['v.duration', 'vh.unknownUnit']);
});

units('rates per second', () => {
  assert.is(parseRate('20/s'), 20);
  assert.is(parseRate('30/m'), 0.5);
  assert.equal(keysOf(parseRate(20) as Msg), ['v.rate', 'vh.rateUnit']);
});

units('formatDuration round-trips', () => {
  for (const us of [1, 999, 1000, 1500, 500_000, 1_000_000, 1_250_000, 60_000_000]) {
    assert.is(parseDuration(formatDuration(us)), us);
  }
});

units.run();

// ---
const heap = suite('EventQueue');

heap('pops in (time, insertion order), equal times in push order', () => {
  const q = new EventQueue(2);
  const rng = makeStream(1, 'heap');
  const pushed: Array<[number, number]> = [];
  for (let i = 0; i < 5000; i++) {
    const t = Math.floor(rng() * 100);
    q.push(t, 0, i);
    pushed.push([t, i]);
  }
  pushed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const popped: Array<[number, number]> = [];
  while (q.pop()) popped.push([q.time, q.arg]);
  assert.equal(popped, pushed);
});

heap('an arrival held beside the heap pops in the same (time, push order) as pushed events', () => {
  const q = new EventQueue(2);
  const rng = makeStream(1, 'heap-arrival');
  // The reference: every pending event as [time, push order, kind] (kind 1: the arrival, at most one held).
  const pending: Array<[number, number, number]> = [];
  let n = 0, now = 0;
  const pushOne = (): void => {
    const t = now + Math.floor(rng() * 20);
    if (!pending.some((e) => e[2] === 1) && rng() < 0.5) {
      q.pushArrival(t, 1);
      pending.push([t, n++, 1]);
    } else {
      q.push(t, 0, n);
      pending.push([t, n++, 0]);
    }
  };
  for (let i = 0; i < 20; i++) pushOne();
  let pops = 0;
  while (q.pop()) {
    pending.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const [t, order, kind] = pending.shift()!;
    assert.equal([q.time, q.kind, kind === 1 ? 0 : q.arg], [t, kind, kind === 1 ? 0 : order], `pop ${pops}`);
    now = t;
    if (++pops < 3000) pushOne();
  }
  assert.equal(pending.length, 0);
  assert.ok(pops >= 3000);
});

heap.run();

// ---
const quant = suite('QuantileSketch');

quant('exact nearest-rank percentiles for small samples', () => {
  const s = new QuantileSketch();
  for (const v of [5, 1, 4, 2, 3]) s.add(v);
  assert.is(s.quantile(0.5), 3);
  assert.is(s.quantile(0.99), 5);
  assert.is(s.quantile(0.2), 1);
  assert.is(s.max, 5);
});

quant('past 65,536 values: within 0.05% of the exact percentile', () => {
  const s = new QuantileSketch();
  const rng = makeStream(2, 'q');
  const values: number[] = [];
  for (let i = 0; i < 200_000; i++) {
    const v = Math.round(-Math.log(1 - rng()) * 300_000);
    values.push(v);
    s.add(v);
  }
  values.sort((a, b) => a - b);
  for (const p of [0.5, 0.9, 0.99]) {
    const exact = values[Math.ceil(p * values.length) - 1];
    assert.ok(Math.abs(s.quantile(p) - exact) <= exact * 0.0005 + 1, `p${p}: ${s.quantile(p)} vs ${exact}`);
  }
  assert.is(s.max, values[values.length - 1]);
});

quant.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { QuantileSketch, bucketOf } from '../src/metrics/quantiles';
import { makeStream } from '../src/engine/random';

// The histogram's bucket of a value is found with integer bit arithmetic below 2^32 and
// with Math.log2 above: around every power of two, on both sides of the switch, a value
// must land in its own bucket, so a percentile of identical values is that value ± 0.05 %.

const buckets = suite('QuantileSketch buckets at powers of two');

function p50Of(value: number): number {
  const s = new QuantileSketch();
  for (let i = 0; i < 70_000; i++) s.add(value); // past the exact phase: the histogram answers
  return s.quantile(0.5);
}

buckets('2^k − 1, 2^k and 2^k + 1 for k = 11 … 40 come back within 0.05 %', () => {
  for (let k = 11; k <= 40; k++) {
    for (const v of [2 ** k - 1, 2 ** k, 2 ** k + 1]) {
      const got = p50Of(v);
      assert.ok(Math.abs(got - v) <= v * 0.0005, `value ${v}: p50 ${got}`);
    }
  }
});

buckets('below 2048 values are their own bucket (exact)', () => {
  for (const v of [0, 1, 7, 1000, 2047]) assert.is(p50Of(v), v);
});

/** The layout's definition, written the slow, obvious way. */
function referenceBucket(v: number): number {
  const x = Math.floor(v);
  if (x < 2048) return x < 0 ? 0 : x;
  const e = Math.floor(Math.log2(x)) - 10;
  return Math.min(2048 + 53 * 1024 - 1, 2048 + (e - 1) * 1024 + (Math.floor(x / 2 ** e) - 1024));
}

buckets('the fast bucket equals the definition: powers of two ± 3 up to 2^52, and a million random values', () => {
  for (let k = 0; k <= 52; k++) {
    for (let d = -3; d <= 3; d++) {
      const v = 2 ** k + d;
      if (v >= 0) assert.is(bucketOf(v), referenceBucket(v), `value ${v}`);
    }
  }
  const rng = makeStream(1, 'buckets');
  for (let i = 0; i < 1_000_000; i++) {
    const v = Math.floor(2 ** (rng() * 40));
    if (bucketOf(v) !== referenceBucket(v)) assert.unreachable(`value ${v}: ${bucketOf(v)} vs ${referenceBucket(v)}`);
  }
});

buckets.run();

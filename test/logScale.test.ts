import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AGE_SCALE, LogScale, STALENESS_SCALE } from '../src/report/visibility';
import { makeStream } from '../src/engine/random';

// The report's read buckets (LogScale) are found with bit arithmetic below 2^31; they must
// be the buckets of the definition: values below 2·SUB their own, then SUB equal buckets
// per power of two.

const scale = suite('LogScale buckets');

/** The definition, in floating point (exact for these integers). */
function reference(sub: number, v: number): number {
  if (v < 2 * sub) return v;
  const e = Math.floor(Math.log2(v + 0.5));
  return (e - Math.log2(sub)) * sub + Math.floor(v / 2 ** (e - Math.log2(sub)));
}

scale('powers of two ± 3 up to 2^40, and a million random values, for both scales', () => {
  for (const [name, s, sub] of [['ages', AGE_SCALE, 128], ['staleness', STALENESS_SCALE, 256]] as Array<[string, LogScale, number]>) {
    for (let k = 0; k <= 40; k++) {
      for (let d = -3; d <= 3; d++) {
        const v = 2 ** k + d;
        if (v >= 0) assert.is(s.bucket(v), reference(sub, v), `${name}: ${v}`);
      }
    }
    const rng = makeStream(1, `logscale/${name}`);
    for (let i = 0; i < 1_000_000; i++) {
      const v = Math.floor(2 ** (rng() * 36));
      if (s.bucket(v) !== reference(sub, v)) assert.unreachable(`${name}: ${v}: ${s.bucket(v)} vs ${reference(sub, v)}`);
      if (s.lower(s.bucket(v)) > v || s.lower(s.bucket(v) + 1) <= v) assert.unreachable(`${name}: ${v} outside its bucket`);
    }
  }
});

scale.run();

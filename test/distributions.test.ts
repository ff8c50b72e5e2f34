import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DISTS, DIST_NAMES, DelayDist, DistName, delaySampler, describeDist, masterDelayStartUs, meanUs } from '../src/model/distributions';
import { delayDist } from '../src/scenario/schema';
import { makeStream } from '../src/engine/random';
import { LANGS, lookup } from '../src/i18n';
import { LAG_FAMILIES } from '../src/lab/params';

/** Each distribution as a scenario file writes it; a Record, so a new one without examples fails to compile. */
const EXAMPLES: Record<DistName, Array<Record<string, unknown>>> = {
  constant: [{ dist: 'constant', value: '250ms' }, { dist: 'constant', value: 0 }],
  uniform: [{ dist: 'uniform', min: '100ms', max: '3s' }, { dist: 'uniform', min: '5ms', max: '5ms' }],
  exponential: [{ dist: 'exponential', mean: '200ms' }],
  // Truncation matters when the mean is small next to the sd.
  normal: [{ dist: 'normal', mean: '1s', sd: '100ms' }, { dist: 'normal', mean: '10ms', sd: '40ms' }, { dist: 'normal', mean: 0, sd: '1ms' }],
  lognormal: [{ dist: 'lognormal', median: '50ms', sigma: 0.5 }, { dist: 'lognormal', median: '1ms', sigma: 1 }],
  'master-delay': [{ dist: 'master-delay', delay: '2s' }, { dist: 'master-delay', delay: '1s', clockOffset: '300ms' }],
  empirical: [{ dist: 'empirical', samples: ['10ms', '10ms', '250ms', '1s'] }, { dist: 'empirical', samples: ['40ms'] }],
};

const examples = (name: DistName): DelayDist[] => EXAMPLES[name].map((doc) => delayDist.parse(doc));

// ---
const registry = suite('distribution registry: every entry is complete');

for (const name of DIST_NAMES) {
  registry(name, () => {
    const def = DISTS[name];
    for (const part of ['schema', 'sampler', 'meanUs', 'bound', 'describe'] as const) assert.type(def[part], part === 'schema' ? 'object' : 'function', `${name}.${part}`);
    for (const d of examples(name)) {
      assert.is(d.dist, name, 'the schema files it under its own name');
      const { maxUs, meanUs: boundMeanUs } = DISTS[name].bound(d as never);
      assert.ok(maxUs >= meanUs(d) && boundMeanUs >= meanUs(d) - 1e-6, `${name}: the bound is not below the mean`);
      for (const lang of LANGS) {
        for (const style of ['full', 'brief'] as const) {
          const text = describeDist(d, lang, style);
          assert.ok(lookup(lang, style === 'full' ? `dist.${name}` : `dist.${name}.brief`) !== undefined, `${lang}: no catalogue line for ${name} (${style})`);
          assert.not.match(text, /\{\w+\}/, `${lang} ${style}: ${text} leaves a placeholder`);
        }
      }
    }
  });
}

registry('a distribution the lab\'s slider offers has its name in every language', () => {
  for (const name of LAG_FAMILIES) for (const lang of LANGS) assert.ok(lookup(lang, `lab.dist.${name}`), `${lang}: lab.dist.${name}`);
});

registry('the English descriptions are the report\'s and the live table\'s wording', () => {
  const [d] = examples('normal');
  assert.is(describeDist(d, 'en'), 'normal, mean 1s, sd 100ms');
  const ms = { duration: (us: number) => `${Math.round(us / 1000)}ms`, number: (x: number) => x.toFixed(2) };
  assert.is(describeDist(examples('lognormal')[0], 'en', 'brief', ms), 'lognormal median 50ms σ 0.50');
  assert.is(describeDist(examples('master-delay')[0], 'en', 'brief', ms), 'MASTER_DELAY 2s rule');
});

registry('an unknown name lists the registry in its order', () => {
  const r = delayDist.safeParse({ dist: 'expo', mean: '1s' });
  assert.not.ok(r.success);
  assert.match(r.error!.issues[0].message, `dist: expected one of ${DIST_NAMES.join(', ')}, got "expo"`);
});

// ---
const mean = suite('distribution registry: meanUs is the sampler\'s mean');

const N = 200_000;

for (const name of DIST_NAMES.filter((n) => n !== 'master-delay')) {
  mean(name, () => {
    for (const d of examples(name)) {
      const draw = delaySampler(d, makeStream(7, `mean/${name}`));
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < N; i++) {
        const x = draw(0);
        assert.ok(Number.isInteger(x) && x >= 0, `${name}: draws whole µs ≥ 0, got ${x}`);
        sum += x;
        sumSq += x * x;
      }
      const m = sum / N;
      const sd = Math.sqrt(Math.max(0, sumSq / N - m * m));
      // Six standard errors (a false alarm ≈ 2e-9), plus ½ µs for rounding each draw to a whole µs.
      const tolerance = (6 * sd) / Math.sqrt(N) + 0.5;
      assert.ok(Math.abs(m - meanUs(d)) <= tolerance, `${JSON.stringify(d)}: empirical ${m} vs meanUs ${meanUs(d)} (±${tolerance})`);
    }
  });
}

mean('master-delay: a lone event starts exactly its delay after commit', () => {
  for (const d of examples('master-delay')) {
    if (d.dist !== 'master-delay') throw new Error('not master-delay');
    assert.is(delaySampler(d, makeStream(7, 'md'))(0), 0, 'shipping is instantaneous');
    const rng = makeStream(7, 'commits');
    for (let i = 0; i < 1000; i++) {
      const commitUs = Math.round(rng() * 1e8);
      assert.is(masterDelayStartUs(commitUs, commitUs, d.delayUs, d.clockOffsetUs) - commitUs, meanUs(d));
    }
  }
});

registry.run();
mean.run();

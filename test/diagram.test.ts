import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'path';
import { loadScenarioFile, parseStrategyArg } from '../src/scenario/load';
import { simulate } from '../src/simulate';
import { narrator } from '../src/report/narrate';
import { storyRecorder, StoryTrace } from '../src/report/storyTrace';
import { sequenceDiagramHtml, sequenceDiagramSvg } from '../src/report/diagram';
import { Scenario } from '../src/scenario/types';
import { scenario } from './helpers';

const apple = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));
const flash = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'flash-sale.yaml'));
const lesson = (file: string): Scenario => loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'lessons', file));

function story(sc: Scenario, strategy: string, max?: number): StoryTrace {
  const rec = storyRecorder(sc, max);
  simulate(sc, parseStrategyArg(strategy), sc.seed, rec);
  return rec.trace;
}

/** The steps a diagram draws, read back from its data-* attributes. */
function drawn(svg: string): Array<Record<string, string>> {
  return [...svg.matchAll(/<g class="step [^"]*"([^>]*)>/g)].map((m) => {
    const out: Record<string, string> = {};
    for (const a of m[1].matchAll(/data-([a-z-]+)="([^"]*)"/g)) out[a[1]] = a[2];
    return out;
  });
}

/** Every text of a diagram, its wrapped lines joined again, in the order drawn. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<tspan[^>]*>/g, ' ').replace(/<\/tspan>/g, ''));
}

/** The participants' names, left to right. */
const heads = (svg: string): string[] => [...svg.matchAll(/<text[^>]*class="head"[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<tspan[^>]*>/g, ' ').replace(/<\/tspan>/g, ''));

/** The narrated trace (what `lagsim trace` prints) of the scenario's named actors, as the same records. */
function narrated(sc: Scenario, strategy: string): Array<Record<string, string>> {
  const lines: string[] = [];
  simulate(sc, parseStrategyArg(strategy), sc.seed, narrator(sc, (l) => lines.push(l)));
  const scripted = new Set(sc.sessionNames.slice(0, sc.workloadSessionBase));
  const writes = new Set<string>();
  const out: Array<Record<string, string>> = [];
  const us = (clock: string): string => String(Math.round(Number(clock) * 1e6));
  for (const line of lines) {
    let m = /^t=([\d.]+)s (\S+) write (\S+) @master → .* \(v(\d+), binlog #(\d+),/.exec(line);
    if (m !== null && scripted.has(m[2])) {
      writes.add(m[5]);
      out.push({ kind: 'write', 't-us': us(m[1]), actor: m[2], key: m[3], node: 'master', version: m[4], pos: m[5] });
      continue;
    }
    m = /^t=([\d.]+)s (\S+) read (\S+)(?: \(critical\))? @(\S+) → .* (STALE|fresh)/.exec(line);
    if (m !== null && scripted.has(m[2])) {
      out.push({ kind: 'read', 't-us': us(m[1]), actor: m[2], key: m[3], node: m[4], stale: String(m[5] === 'STALE') });
      continue;
    }
    m = /^t=([\d.]+)s {3}(\S+) applies binlog #(\d+): (\S+) v(\d+)/.exec(line);
    if (m !== null && writes.has(m[3])) out.push({ kind: 'apply', 't-us': us(m[1]), node: m[2], pos: m[3], key: m[4], version: m[5] });
  }
  return out;
}

/** The fields both sides have, in the narrator's millisecond resolution. */
function comparable(steps: Array<Record<string, string>>): Array<Record<string, string>> {
  return steps.map((s) => {
    const { step: _s, 'commit-us': _c, ...rest } = s;
    if (rest.kind === 'read') delete rest.version;
    rest['t-us'] = String(Math.round(Number(rest['t-us']) / 1000) * 1000);
    return rest;
  });
}

// ---
const matches = suite('sequence diagram: the events drawn are the trace\'s');

for (const strategy of ['all-follower', 'critical-only', 'post-write-window(window=1s,scope=key)', 'post-write-window(window=1s,scope=session)']) {
  matches(`apple story, ${strategy}`, () => {
    const svg = sequenceDiagramSvg(story(apple, strategy), 'en');
    assert.equal(comparable(drawn(svg)), narrated(apple, strategy));
  });
}

matches('flash sale: only the named buyers and the seller, among 30,000 generated operations', () => {
  const svg = sequenceDiagramSvg(story(flash, 'all-follower'), 'en');
  const steps = drawn(svg);
  assert.equal(comparable(steps), narrated(flash, 'all-follower'));
  assert.equal(steps.filter((s) => s.kind !== 'apply').length, flash.events.length);
  assert.equal(steps.filter((s) => s.kind === 'apply').length, 1);
});

// ---
const story1 = suite('sequence diagram: the apple story as drawn');

story1('all-follower: the seller\'s write, two stale reads in red, the apply at 1.5 s, a fresh checkout', () => {
  const svg = sequenceDiagramSvg(story(apple, 'all-follower'), 'en');
  const steps = drawn(svg);
  assert.equal(steps.map((s) => `${s.kind}@${s['t-us']}:${s.stale ?? ''}`), [
    'write@1000000:', 'read@1100000:true', 'read@1200000:true', 'apply@1500000:', 'read@1500000:false',
  ]);
  assert.match(svg, 'stock=400 — STALE (master has 0 since 1.000s)');
  assert.match(svg, 'replication lag 500ms');
  // The two stale answers are red, the fresh one is not.
  const groups = svg.split('<g class="step ').slice(1);
  assert.is(groups.filter((g) => g.includes('#c62828')).length, 2);
  assert.not.match(groups[4], '#c62828');
});

story1('the binlog event is a dashed arrow from the master at the commit down to follower-1 at the apply', () => {
  const svg = sequenceDiagramSvg(story(apple, 'all-follower'), 'en');
  const m = /<line x1="(\d+)" y1="(\d+)" x2="(\d+)" y2="(\d+)" stroke="#555" stroke-width="1.4" stroke-dasharray="6 4"/.exec(svg);
  assert.ok(m, 'binlog arrow drawn');
  const [x1, y1, x2, y2] = m!.slice(1).map(Number);
  assert.ok(x2 > x1, 'master is left of the follower');
  // Both reads happened while the event was in flight: the arrow spans their rows.
  const readYs = [...svg.matchAll(/data-kind="read"[^>]*>(?:<rect[^>]*>)?<line x1="\d+" y1="(\d+)"/g)].map((r) => Number(r[1]));
  assert.ok(y1 < readYs[0] && readYs[1] < y2 && y2 < readYs[2], `commit ${y1} < reads ${readYs} < apply ${y2}`);
});

story1('post-write-window(scope=session): only the seller\'s read goes to the master', () => {
  const steps = drawn(sequenceDiagramSvg(story(apple, 'post-write-window(window=1s,scope=session)'), 'en'));
  assert.equal(steps.filter((s) => s.kind === 'read').map((s) => [s.actor, s.node, s.stale]), [
    ['seller', 'master', 'false'], ['user-1', 'follower-1', 'true'], ['user-1', 'follower-1', 'false'],
  ]);
});

story1('Korean: the seed diagram\'s participants and a stale answer marked 구 데이터', () => {
  const svg = sequenceDiagramSvg(story(apple, 'all-follower'), 'ko');
  for (const s of ['복제 지연 500ms', 'stock=400 — 구 데이터 (마스터는 1.000s부터 0)']) assert.match(svg, s);
  // The diagram's own participants in the glossary's words; the scenario's names as written.
  assert.equal(heads(svg), ['seller', '상품관리 서버', '마스터 DB', 'follower-1 DB', '상품조회 서버', 'user-1']);
  assert.equal(heads(sequenceDiagramSvg(story(apple, 'all-follower'), 'ko', 'seq', 'narrow')), heads(svg));
});

// ---
const edges = suite('sequence diagram: edges');

edges('a long script is cut at maxSteps and says so', () => {
  const events = Array.from({ length: 30 }, (_, i) => ({ at: `${i * 10}ms`, actor: 'u', read: 'apple' }));
  const sc = scenario({ name: 'long', cluster: { followers: [{ name: 'f1', lag: '5ms' }] }, data: { apple: { n: 1 } }, events });
  const tr = story(sc, 'all-follower', 10);
  assert.is(tr.steps.length, 10);
  assert.ok(tr.truncated);
  assert.match(sequenceDiagramSvg(tr, 'en'), '… the script goes on (10 steps shown)');
});

edges('no scripted events: a sentence instead of an empty diagram', () => {
  const sc = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'lag-spike.yaml'));
  assert.is(sequenceDiagramSvg(story(sc, 'all-follower'), 'en'), '<p class="diagram-empty">This scenario has no scripted events to draw.</p>');
});

edges('names with markup are escaped', () => {
  const sc = scenario({ name: 'esc', cluster: { followers: [{ name: 'f1', lag: '5ms' }] }, events: [{ at: '1ms', actor: '<b>', write: 'k&v', set: { s: '"<x>"' } }] });
  const svg = sequenceDiagramSvg(story(sc, 'all-follower'), 'en');
  assert.not.match(svg, '<b>');
  assert.match(svg, '&lt;b&gt;');
  assert.match(svg, 'k&amp;v');
});

edges('two followers: one binlog arrow and one apply each', () => {
  const sc = scenario({
    name: 'two', cluster: { followers: [{ name: 'f1', lag: '100ms' }, { name: 'f2', lag: '300ms' }] },
    data: { apple: { stock: 400 } }, events: [{ at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } }],
  });
  const svg = sequenceDiagramSvg(story(sc, 'all-follower'), 'en');
  assert.equal(drawn(svg).filter((s) => s.kind === 'apply').map((s) => [s.node, s['t-us']]), [['f1', '1100000'], ['f2', '1300000']]);
  assert.match(svg, 'replication lag 100ms');
  assert.match(svg, 'replication lag 300ms');
});

// ---
const narrow = suite('sequence diagram: the narrow rendering, for a phone\'s screen');

const stories: Array<[string, Scenario, string]> = [
  ['apple', apple, 'all-follower'], ['apple', apple, 'post-write-window(window=1s,scope=session)'], ['flash sale', flash, 'all-follower'],
  ['lesson 8, two replicas and two users', lesson('08-lag-threshold.yaml'), 'all-follower'], ['lesson 9', lesson('09-causal-reads.yaml'), 'all-follower'],
];

for (const [name, sc, strategy] of stories) {
  for (const lang of ['en', 'ko'] as const) {
    narrow(`${name}, ${strategy}, ${lang}: the same steps and the same texts as the wide one, in a phone\'s width`, () => {
      const tr = story(sc, strategy);
      const wide = sequenceDiagramSvg(tr, lang, 'seq');
      const small = sequenceDiagramSvg(tr, lang, 'seq', 'narrow');
      assert.equal(drawn(small), drawn(wide));
      assert.equal([...texts(small)].sort(), [...texts(wide)].sort());
      assert.match(small, /^<svg [^>]*class="sequence narrow"[^>]*width="336"/);
    });
  }
}

narrow('a page gets both renderings: the narrow one up to 600 px wide, the wide one above', () => {
  const tr = story(apple, 'all-follower');
  const html = sequenceDiagramHtml(tr, 'en', 'story-seq-0');
  assert.ok(html.includes(sequenceDiagramSvg(tr, 'en', 'story-seq-0')));
  assert.ok(html.includes(sequenceDiagramSvg(tr, 'en', 'story-seq-0-narrow', 'narrow')));
  assert.match(html, '@media (max-width:600px){#story-seq-0{display:none}}@media not all and (max-width:600px){#story-seq-0-narrow{display:none}}');
  assert.is(sequenceDiagramHtml({ ...tr, steps: [] }, 'en', 'x'), sequenceDiagramSvg({ ...tr, steps: [] }, 'en', 'x'));
});

matches.run();
story1.run();
edges.run();
narrow.run();

import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { loadScenarioFile, parseScenario } from '../src/scenario/load';
import { placeholders } from '../src/scenario/lesson';
import { runScenario } from '../src/run';
import { answerLesson, frontier } from '../src/lesson/answer';
import { lessonHtml, lessonText, revealMode } from '../src/lesson/render';
import type { Summary, StrategyResult } from '../src/metrics/summary';
import { inputProblems } from './helpers';
import { cli as inProcess } from './cli';

const dir = path.join(__dirname, '..', 'scenarios', 'lessons');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const lessons = files.map((f) => {
  const sc = loadScenarioFile(path.join(dir, f));
  return { file: f, sc, summary: runScenario(sc) };
});

// ---
const seq = suite('lessons: a sequence from the apple story to the frontier, then the strategies real systems ship');

seq('ten, numbered 1…n in file order, each asking in English and Korean and ending with one or two exercises', () => {
  assert.is(lessons.length, 10);
  assert.equal(lessons.map((l) => l.sc.input.lesson?.order), lessons.map((_, i) => i + 1));
  for (const l of lessons) {
    const q = l.sc.input.lesson!.question;
    assert.ok(q.en.endsWith('?') && q.ko.endsWith('?'), l.file);
    assert.match(q.ko, /[가-힣]/);
    const exercises = l.sc.input.lesson!.exercises;
    assert.ok(exercises.length >= 1 && exercises.length <= 2, l.file);
    for (const e of exercises) assert.ok(e.task.ko.endsWith('?') && e.task.en.endsWith('?') && /[가-힣]/.test(e.answer.ko), l.file);
  }
  assert.match(files[0], /stale-read/);
  assert.match(files[6], /frontier/);
  assert.equal(files.slice(7).map((f) => f.replace(/^\d+-|\.yaml$/g, '')), ['lag-threshold', 'causal-reads', 'adaptive-window']);
});

seq('lesson 6 points to the lessons that follow it', () => {
  const last = lessons[5].sc.input.lesson!.findings.at(-1)!.say;
  assert.match(last.en, 'lessons 8–10');
  assert.match(last.ko, '수업 8–10');
});

for (const l of lessons) {
  seq(`${l.file}: every finding is confirmed by its own run, in both languages`, () => {
    for (const lang of ['en', 'ko'] as const) {
      const a = answerLesson(l.sc.input.lesson!, l.summary, lang);
      for (const f of a.findings) {
        assert.is(f.holds, true, `${lang}: ${f.check}`);
        assert.not.match(f.text, /\{[\w.@()=,-]+\}/, `unfilled placeholder: ${f.text}`);
        assert.not.match(f.text, '?', `a number the run does not have: ${f.text}`);
      }
    }
  });
}

seq('a sentence may add the word a quoted number calls for, {metric@label|a|b}: a Korean particle by the number read aloud', () => {
  const lesson = structuredClone(lessons[0].sc.input.lesson!);
  lesson.findings[0].say.ko = '읽기 {reads@all-follower}번 중 {staleReads@all-follower}{staleReads@all-follower|이|가} 옛 값, 모두 {reads@all-follower}{reads@all-follower|을|를} 세면';
  assert.is(answerLesson(lesson, lessons[0].summary, 'ko').findings[0].text, '읽기 3번 중 2가 옛 값, 모두 3을 세면');
  const [p] = placeholders('{staleRate@all-folower±|이|가}');
  assert.equal([p.metric, p.label, p.ci, p.choice], ['staleRate', 'all-folower', true, ['이', '가']], 'its label is checked like any other');
  // Malformed, the whole inside is read as the label, which no strategy has: validation refuses it.
  assert.equal(placeholders('{staleReads@all-folower|one} {reads@x|a|b|c}').map((q) => q.label), ['all-folower|one', 'x|a']);
  lesson.findings[0].say.en = '{toString} {constructor|a|b} of {reads@all-follower}';
  assert.is(answerLesson(lesson, lessons[0].summary, 'en').findings[0].text, '{toString} {constructor|a|b} of 3', 'names an object merely inherits are not placeholders');
});

seq('lesson 1 is the story: 2 of 3 reads stale, 200 ms at worst, the seller\'s own read among them', () => {
  const r = lessons[0].summary.results[0];
  assert.equal([r.reads, r.staleReads, r.stalenessMs.max, r.rywViolations], [3, 2, 200, 1]);
  assert.match(lessonText(answerLesson(lessons[0].sc.input.lesson!, lessons[0].summary, 'en'), 'en'), '✓ 2 of the 3 reads returned the old stock, 400');
});

seq('lesson 2 matches the closed form: a read is stale iff its key was written in the last 500 ms, 1 − e^(−0.1·0.5)', () => {
  const r = lessons[1].summary.results.find((x) => x.strategy === 'all-follower')!;
  const p = 1 - Math.exp(-0.1 * 0.5);
  // Reads of one key inside one gap are correlated; ±0.8 points is about 3.5 standard errors here.
  assert.ok(Math.abs(r.staleRate - p) < 0.008, `${r.staleRate} vs ${p}`);
});

// ---
const truth = suite('lessons: the answer comes from the numbers');

const tweak = (s: Summary, label: string, change: Partial<StrategyResult>): Summary =>
  ({ ...s, results: s.results.map((r) => (r.strategy === label ? { ...r, ...change } : r)) });

truth('change a number and the claim fails: the sentence is withheld, the numbers are shown', () => {
  const l = lessons[0];
  const a = answerLesson(l.sc.input.lesson!, tweak(l.summary, 'all-follower', { staleReads: 3 }), 'en');
  assert.is(a.findings[0].holds, false);
  const text = lessonText(a, 'en');
  assert.not.match(text, '2 of the 3 reads returned the old stock');
  assert.match(text, '✗ not so in this run: stale reads of all-follower: 3; the claim: = 2');
  assert.match(lessonHtml(a, 'en'), 'data-holds="fails"');
});

truth('a strategy that was not run (--strategy override) leaves the claim open', () => {
  const sc = loadScenarioFile(path.join(dir, files[1]), { strategies: ['all-master'] });
  const a = answerLesson(sc.input.lesson!, runScenario(sc), 'en');
  assert.equal(a.findings.map((f) => f.holds), [null, true, null]);
  assert.match(lessonText(a, 'en'), '? cannot tell from this run: all-follower was not run');
});

truth('the frontier: nothing on it is beaten on both counts, everything off it is', () => {
  const s = lessons[lessons.length - 1].summary;
  const on = frontier(s.results, 'masterReadShare', 'staleRate');
  const beats = (a: StrategyResult, b: StrategyResult): boolean =>
    a.masterReadShare <= b.masterReadShare && a.staleRate <= b.staleRate && (a.masterReadShare < b.masterReadShare || a.staleRate < b.staleRate);
  for (const r of s.results) {
    const beaten = s.results.some((o) => beats(o, r));
    assert.is(on.includes(r.strategy), !beaten, r.strategy);
  }
  assert.ok(on.includes('all-follower') && !on.includes('all-master'));
});

// ---
const schema = suite('lessons: the loader checks what a lesson names');

const base = {
  name: 'x', duration: '2s', cluster: { followers: [{ name: 'f1', lag: '500ms' }] },
  data: { apple: { stock: 400 } }, events: [{ at: '1s', actor: 'seller', write: 'apple', set: { stock: 0 } }],
  strategies: ['all-follower'],
};
const problems = (lesson: unknown): string[] => inputProblems(() => parseScenario(JSON.stringify({ ...base, lesson }), 'x.json'));
const q = { en: 'Why?', ko: '왜?' };

schema('a claim about a strategy the scenario does not run', () => {
  const p = problems({ order: 1, question: q, findings: [{ claim: { strategy: 'all-mastr', metric: 'staleReads', is: '==', than: 0 }, say: q }] });
  assert.equal(p, ['x.json: lesson.findings[0].claim.strategy: no strategy labelled "all-mastr" in this scenario; its strategies are "all-follower"']);
});

schema('a placeholder with an unknown metric or strategy', () => {
  const p = problems({ order: 1, question: q, findings: [{ claim: { strategy: 'all-follower', metric: 'staleReads', is: '>', than: 0 }, say: { en: '{stale@all-follower} {staleRate@nope}', ko: '왜' } }] });
  assert.equal(p.length, 2);
  assert.match(p.join('\n'), 'x.json: lesson.findings[0].say.en: no strategy labelled "nope"');
  assert.match(p.join('\n'), 'x.json: lesson.findings[0].say.en: {stale@…}: unknown metric');
});

schema('an exercise changes the scenario at field paths', () => {
  const claim = { strategy: 'all-follower', metric: 'staleReads', is: '>', than: 0 };
  const finding = { claim, say: q };
  const p = problems({ order: 1, question: q, findings: [finding], exercises: [{ task: q, answer: q, change: { 'cluster..lag': '1s' }, check: [claim] }] });
  assert.equal(p, ['x.json: lesson.exercises[0].change: "cluster..lag" is not a field path like cluster.followers[0].lag.mean']);
  assert.ok(problems({ order: 1, question: q, findings: [finding], exercises: [{ task: q, answer: q, change: {}, check: [claim] }] }).length > 0);
});

schema('a question needs English (another language left out reads it); unknown fields are errors', () => {
  assert.ok(problems({ order: 1, question: { ko: '왜?' }, findings: [] }).some((m) => m.startsWith('x.json: lesson.question.en')));
  assert.equal(problems({ order: 1, question: { en: 'Why?' }, findings: [{ claim: { strategy: 'all-follower', metric: 'staleReads', is: '>=', than: 0 }, say: { en: 'Stale.' } }] }), []);
  assert.ok(problems({ order: 1, question: q, findings: [], colour: 'red' }).some((m) => m.startsWith('x.json: lesson')));
});

// ---
const cli = suite('lessons on the command line');
const bin = path.join(__dirname, '..', 'bin', 'lagsim.js');
const lagsim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: path.join(__dirname, '..') });
/** The same through the CLI in this process (test/cli.ts), whose current folder is the repository too. */
const lagsimHere = (...args: string[]) => inProcess(args);

cli('lagsim list shows the lessons in order, with their questions', async () => {
  for (const lang of ['en', 'ko'] as const) {
    const r = await lagsimHere('list', '--lang', lang);
    assert.is(r.code, 0, r.stderr);
    const listed = [...r.stdout.matchAll(/^ ?(\d+)\. (lessons\/\S+)/gm)].map((m) => [Number(m[1]), `${m[2]}.yaml`]);
    assert.equal(listed, files.map((f, i) => [i + 1, `lessons/${f}`]));
    for (const l of lessons) assert.match(r.stdout, l.sc.input.lesson!.question[lang]);
  }
});

cli('lagsim run on a lesson with --answers prints the question, the table, the confirmed answer and the exercises with what to expect (Korean)', async () => {
  // --answers shows everything at once, terminal or not; --wide, every column as a pipe gets them.
  const r = await lagsimHere('run', path.join(dir, files[3]), '--no-report', '--lang', 'ko', '--answers', '--wide');
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, `질문: ${lessons[3].sc.input.lesson!.question.ko}`);
  assert.match(r.stdout, '구 데이터 비율');
  assert.match(r.stdout, '✓ 지연과 같은 500ms 윈도에서는 구 데이터 읽기가 하나도 없습니다');
  assert.not.match(r.stdout, '✗');
  const e = lessons[3].sc.input.lesson!.exercises[0];
  assert.match(r.stdout, `1. ${e.task.ko}`);
  assert.match(r.stdout, `예상되는 결과: ${e.answer.ko}`);
});

cli('without --answers and without a terminal, a lesson asks and says how to see the answer: no table, no finding, no expected outcome', async () => {
  const file = path.join(dir, files[0]);
  const r = lagsim('run', file, '--no-report');
  assert.is(r.status, 0, r.stderr);
  const l = lessons[0].sc.input.lesson!;
  assert.match(r.stdout, `Question: ${l.question.en}`);
  assert.match(r.stdout, `1. ${l.exercises[0].task.en}`);
  assert.match(r.stdout, `To see the table and what the numbers say: lagsim run ${file} --answers`);
  for (const hidden of ['stale rate', 'What the numbers say', '2 of the 3 reads', l.exercises[0].answer.en]) assert.not.match(r.stdout, hidden);
  // A plain scenario is not a lesson: its table comes at once, terminal or not.
  assert.match((await lagsimHere('run', 'scenarios/apple-stock.yaml', '--no-report', '--wide')).stdout, 'stale rate');
});

cli('the reveal: --answers at once, a terminal after Enter, otherwise the hint', () => {
  assert.equal([revealMode(true, false), revealMode(true, true), revealMode(false, true), revealMode(false, false)], ['now', 'now', 'keypress', 'hint']);
});

seq.run();
truth.run();
schema.run();
cli.run();

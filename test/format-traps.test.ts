import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { cli } from './cli';
import { parseScenario, readScenarioText } from '../src/scenario/load';

/** Where the format used to accept a likely mistake silently: bare-number durations, late incidents, percentages. */
const TRAPS = `name: traps
duration: 60
cluster:
  followers:
    - { name: f, lag: 500 }
workload: { keys: 10, readRate: 10/s, writeRate: 1/s, criticalFraction: 5% }
strategies:
  - { name: adaptive-window, percentile: 99 }
  - { name: post-write-window, window: 0 }
`;
const LATE = (duration: string): string => `name: late
${duration}cluster: { followers: [ { name: f, lag: 1s, incidents: [ { at: 3s, duration: 1s, type: stop } ] } ] }
events: [ { at: 1s, actor: a, write: k, set: { v: 1 } } ]
`;

test('bare numbers, percentages: one line each with what to write, in English and Korean', async () => {
  const en = await cli(['validate', '-', '--lang', 'en'], { stdin: TRAPS });
  assert.is(en.code, 2);
  assert.is(en.stderr, [
    'lagsim: <stdin>: duration: a bare number has no unit: 60 ms? write "60ms", or "60s" if you meant seconds',
    'lagsim: <stdin>: cluster.followers[0].lag: a bare number has no unit: 500 ms? write "500ms", or "500s" if you meant seconds',
    'lagsim: <stdin>: workload.criticalFraction: expected a fraction from 0 to 1, got "5%" (a percentage is written as a fraction here: 0.05)',
    'lagsim: <stdin>: strategies[0].percentile: expected a fraction above 0 and at most 1, got 99 (a percentage is written as a fraction here: 0.99)',
    '',
  ].join('\n'));
  const ko = await cli(['validate', '-', '--lang', 'ko'], { stdin: TRAPS });
  assert.is(ko.code, 2);
  assert.ok(ko.stderr.includes('duration: 단위 없는 숫자입니다: 60밀리초라면 "60ms", 초라면 "60s"로 쓰십시오'), ko.stderr);
  assert.ok(ko.stderr.includes('(백분율은 여기서 비율로 씁니다: 0.05)'), ko.stderr);
  // 0 needs no unit (window: 0 above is accepted).
  assert.not.ok(en.stderr.includes('strategies[1]'));
});

test('an incident after the run ends is an error, with or without duration', async () => {
  const withDuration = await cli(['validate', '-', '--lang', 'en'], { stdin: LATE('duration: 2s\n') });
  assert.is(withDuration.code, 2);
  assert.is(withDuration.stderr, 'lagsim: <stdin>: cluster.followers[0].incidents[0].at: the incident starts at 3s, after the run ends (2s, its duration), so nothing could show it; lengthen duration or move the incident\n');
  const without = await cli(['validate', '-', '--lang', 'ko'], { stdin: LATE('') });
  assert.is(without.code, 2);
  assert.ok(without.stderr.includes('incidents[0].at: 장애가 3s에 시작하는데, 실행은 그 전에 끝납니다 (1s: duration이 없으면'), without.stderr);
  assert.is((await cli(['validate', '-'], { stdin: LATE('duration: 3s\n') })).code, 0);
});

test('no bundled scenario writes a bare-number duration', () => {
  const root = path.join(__dirname, '..', 'scenarios');
  const files = [...fs.readdirSync(root).map((f) => path.join(root, f)), ...fs.readdirSync(path.join(root, 'lessons')).map((f) => path.join(root, 'lessons', f))]
    .filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length >= 17);
  for (const file of files) parseScenario(readScenarioText(file), file);
  // And the docs' example too.
  const doc = YAML.parse(fs.readFileSync(path.join(__dirname, '..', 'docs', 'live-poisson.yaml'), 'utf8'));
  parseScenario(doc, 'docs/live-poisson.yaml');
});

test.run();

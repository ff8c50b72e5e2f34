import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { guessFormat, importLags, lagCsv, LagFormat } from '../src/import/lag';
import { parseLagCsv } from '../src/scenario/lagFile';
import { applyLagsCsv } from '../src/live/report';
import { InputError } from '../src/scenario/errors';
import { renderMsg } from '../src/i18n/problem';
import { cli } from './cli';

const test = suite('lagsim import lag');
const FIX = path.join(__dirname, 'fixtures', 'import');
const read = (name: string): string => fs.readFileSync(path.join(FIX, name), 'utf8');
const imported = (name: string, format: LagFormat) => importLags(read(name), format, name);
const keys = (name: string, format: LagFormat): string[] => imported(name, format).warnings.map((w) => w.key);

test('each fixture is recognised as its format', () => {
  assert.is(guessFormat(read('pt-monitor.txt')), 'pt-heartbeat');
  assert.is(guessFormat(read('pt-check.txt')), 'pt-heartbeat');
  assert.is(guessFormat(read('sbm.csv')), 'prometheus-csv');
  assert.is(guessFormat(read('replay-lag.json')), 'prometheus-json');
  assert.is(guessFormat(read('apply-lags.csv')), 'live');
  assert.is(guessFormat('just words\n'), null);
});

test('pt-heartbeat: the current lag of --monitor lines, the value of --check lines; zeros are under its resolution, not idle', () => {
  assert.equal(imported('pt-monitor.txt', 'pt-heartbeat').lagsUs, [0, 520_000, 1_250_000, 80_000]);
  assert.equal(imported('pt-check.txt', 'pt-heartbeat').lagsUs, [310_000, 70_000]);
  assert.equal(keys('pt-monitor.txt', 'pt-heartbeat'), ['v.importPtZeros', 'v.importNoTimes']);
  assert.equal(keys('pt-check.txt', 'pt-heartbeat'), ['v.importNoTimes']);
  assert.throws(() => importLags('0.5s [ 0.1s\n', 'pt-heartbeat', 'x'), (e: unknown) => e instanceof InputError && e.issues[0].key === 'v.importPtLine' && e.issues[0].where === 'x:1');
});

test('Seconds_Behind_Master CSV: whole seconds, idle zeros, a probe interval longer than the lag, NaN left out', () => {
  const r = imported('sbm.csv', 'prometheus-csv');
  assert.equal(r.lagsUs, [0, 0, 2_000_000, 1_000_000, 3_000_000]);
  assert.equal(r.warnings.map((w) => w.key), ['v.importNotNumbers', 'v.importWholeSeconds', 'v.importZeros', 'v.importInterval']);
  const text = renderMsg('en', r.warnings[1]);
  assert.match(text, 'a lag under 1 s reads as 0');
  assert.match(text, 'biased');
  assert.match(renderMsg('en', r.warnings[3]), '15s apart (median), longer than the median lag 1s');
  assert.match(renderMsg('en', r.warnings[2]), '2 of 5 samples (40.0%) read 0');
});

test('sub-second samples every few ms warn of nothing', () => {
  const csv = 'time,replay_lag\n' + [0, 1, 2, 3].map((i) => `${1764460800 + i * 0.005},0.0${i + 1}2`).join('\n');
  assert.equal(importLags(csv, 'prometheus-csv', 'x').warnings, []);
});

test('a step as coarse as the lags is named even when it is not whole seconds', () => {
  assert.equal(importLags('value\n0.1\n0.1\n0.2\n', 'prometheus-csv', 'x').warnings.map((w) => w.key), ['v.importCoarseStep']);
});

test('a CSV of several unnamed series (a dashboard export of several replicas): every one pooled, and said', () => {
  const r = importLags('"Time","a","b"\n1764460830,0.1,0.2\n1764460831,0.3,0.4\n', 'prometheus-csv', 'x');
  assert.equal(r.lagsUs, [100_000, 300_000, 200_000, 400_000]);
  assert.equal(r.warnings.map((w) => w.key).slice(0, 1), ['v.importSeries']);
  // Beside a time column, a column of labels is no series; with no column named like a time, the last is the series.
  assert.equal(importLags('Time,instance,lag_s\n1764460830,db1,0.1\n1764460831,db1,0.3\n', 'prometheus-csv', 'x').lagsUs, [100_000, 300_000]);
  assert.equal(importLags('ts,replica\n1764460830,0.1\n1764460831,0.2\n', 'prometheus-csv', 'x').lagsUs, [100_000, 200_000]);
});

test('query_range JSON: values of every series, the interval checked', () => {
  const r = imported('replay-lag.json', 'prometheus-json');
  assert.equal(r.lagsUs, [12_000, 250_000, 31_000, 47_000]);
  assert.equal(r.warnings.map((w) => w.key), ['v.importInterval']);
  assert.match(renderMsg('en', r.warnings[0]), 'longer than the median lag 31ms');
  const two = JSON.stringify({ data: { result: [{ values: [[1, '0.5']] }, { values: [[1, '0.25']] }] } });
  assert.equal(importLags(two, 'prometheus-json', 'x').warnings.map((w) => w.key)[0], 'v.importSeries');
  assert.throws(() => importLags('{"data":{"result":[{"values":[1]}]}}', 'prometheus-json', 'x'), (e: unknown) => e instanceof InputError && e.issues[0].key === 'v.importJson');
});

test('live: apply-lags.csv as live writes it, every lag kept, no warning', () => {
  const r = imported('apply-lags.csv', 'live');
  assert.equal(r.lagsUs, [1412, 980, 2210]);
  assert.is(r.timesOfDay, null);
  assert.equal(r.warnings, []);
  const wallStartMs = Date.UTC(2026, 10, 30, 1, 59, 59, 500);
  const session = { runs: [
    { wallStartMs, ackUs: [0, 100_000, 700_250], lagUs: [NaN, 1412, 980] },
    { wallStartMs, ackUs: [0, 3_600_000_000, 0], lagUs: [NaN, 2210, NaN] },
  ] } as never;
  const written = applyLagsCsv(session);
  // Each lag keeps the UTC time of day of its write's acknowledgement.
  assert.equal(parseLagCsv(written, 'w'), { lagsUs: [1412, 980, 2210], timesOfDay: ['01:59:59.600', '02:00:00.200', '02:59:59.500'] });
  assert.equal(importLags(written, 'live', 'w').timesOfDay, ['01:59:59.600', '02:00:00.200', '02:59:59.500']);
  assert.match(written, '# 1 writes were never seen applied');
});

test('the written CSV reads back as the same lags, the warnings as # lines', () => {
  const r = imported('sbm.csv', 'prometheus-csv');
  const text = lagCsv(r.lagsUs, ['note\nwith a newline'], r.timesOfDay);
  assert.equal(parseLagCsv(text, 'x').lagsUs, r.lagsUs);
  assert.ok(text.startsWith('# note with a newline\nlag_us,time_of_day\n'));
  // A Prometheus series is timed (unix seconds): its times of day, UTC, travel with the lags.
  assert.equal(parseLagCsv(text, 'x').timesOfDay, r.timesOfDay);
  assert.is(r.timesOfDay!.length, r.lagsUs.length);
  assert.equal(imported('pt-monitor.txt', 'pt-heartbeat').timesOfDay, null);
});

test('CLI: writes the file, warns on stderr in the chosen language, never replaces a file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-import-'));
  const out = path.join(dir, 'lag.csv');
  const r = await cli(['import', 'lag', path.join(FIX, 'sbm.csv'), '--out', out]);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, 'wrote 5 lags from prometheus-csv');
  assert.match(r.stderr, 'lagsim: warning: all 5 samples are whole seconds');
  assert.equal(parseLagCsv(fs.readFileSync(out, 'utf8'), out).lagsUs, [0, 0, 2_000_000, 1_000_000, 3_000_000]);
  const again = await cli(['import', 'lag', path.join(FIX, 'sbm.csv'), '--out', out, '--lang', 'ko']);
  assert.is(again.code, 2);
  assert.match(again.stderr, '덮어쓰지 않습니다');
  const ko = await cli(['import', 'lag', FIX, '--out', path.join(dir, 'live.csv'), '--lang', 'ko']);
  assert.is(ko.code, 0, ko.stderr);
  assert.match(ko.stdout, '복제 지연 3개');
  const sbmKo = await cli(['import', 'lag', path.join(FIX, 'sbm.csv'), '--out', path.join(dir, 'ko.csv'), '--lang', 'ko']);
  assert.match(sbmKo.stderr, '경고: 표본 5개가 모두');
  fs.rmSync(dir, { recursive: true });
});

test('CLI: a folder without apply-lags.csv is named as such; apply-lags.csv that is a folder is not a lag file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-import-'));
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  const r = await cli(['import', 'lag', empty, '--out', path.join(dir, 'a.csv')]);
  assert.is(r.code, 2, r.stderr);
  assert.is(r.stderr, `lagsim: ${empty}: is a folder without apply-lags.csv; give a lag file, or the report folder of lagsim live\n`);
  const ko = await cli(['import', 'lag', empty, '--out', path.join(dir, 'a.csv'), '--lang', 'ko']);
  assert.is(ko.stderr, `lagsim: ${empty}: apply-lags.csv 파일이 없는 폴더입니다. 복제 지연 파일이나 lagsim live의 보고서 폴더를 지정하십시오\n`);
  const nested = path.join(dir, 'nested');
  fs.mkdirSync(path.join(nested, 'apply-lags.csv'), { recursive: true });
  const inner = await cli(['import', 'lag', nested, '--out', path.join(dir, 'a.csv')]);
  assert.is(inner.stderr, `lagsim: ${path.join(nested, 'apply-lags.csv')}: is a folder, not a lag file\n`);
  assert.not.ok(fs.existsSync(path.join(dir, 'a.csv')));
  // A dangling link is the folder's file, failing as a file; a path through a file says so, not ENOTDIR.
  const dangling = path.join(dir, 'dangling');
  fs.mkdirSync(dangling);
  fs.symlinkSync(path.join(dir, 'nowhere.csv'), path.join(dangling, 'apply-lags.csv'));
  assert.is((await cli(['import', 'lag', dangling, '--out', path.join(dir, 'a.csv')])).stderr, `lagsim: ${path.join(dangling, 'apply-lags.csv')}: no such file\n`);
  const through = `${path.join(FIX, 'sbm.csv')}/`;
  assert.is((await cli(['import', 'lag', through, '--out', path.join(dir, 'a.csv')])).stderr, `lagsim: ${through}: cannot read (a part of the path is a file, not a folder)\n`);
  fs.rmSync(dir, { recursive: true });
});

/** The problem lines importLags refuses `text` with. */
function refused(text: string, format: LagFormat): string[] {
  try {
    importLags(text, format, 'x');
  } catch (err) {
    assert.instance(err, InputError);
    return (err as InputError).lines('en');
  }
  assert.unreachable('accepted');
  return [];
}

test('more samples than a lag holds, or a lag past 30 days, are refused as problems', () => {
  const many = Array.from({ length: 130_000 }, (_, i) => `${(i % 1000) / 1000}`).join('\n');
  assert.equal(refused(many, 'pt-heartbeat'), ['x: 130000 samples; a lag holds at most 100000 (keep every k-th value of a long series, or a representative stretch of it)']);
  assert.equal(refused('"Time","lag"\n1764460830,0.1\n1764460831,1e308\n', 'prometheus-csv'), ['x: 1e+308s is longer than the 30-day limit']);
  assert.equal(refused('0.5\n2600000\n', 'pt-heartbeat'), ['x:2: 2600000s is longer than the 30-day limit']);
});

test.run();

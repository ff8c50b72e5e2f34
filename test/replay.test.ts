import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import { scenario, problemsOf, tmpFile } from './helpers';
import { cli } from './cli';
import { simulate, OpRecord } from '../src/simulate';
import { loadScenarioFile, parseStrategyArg, readScenarioText } from '../src/scenario/load';
import { Scenario } from '../src/scenario/types';
import { makeStream } from '../src/engine/random';
import { initialParams, labDoc } from '../src/lab/params';
import { scenarioFromDoc } from '../src/lab/scenario';
import { MAX_REPLAY_ROWS, parseReplay, replayCsv, ReplayRow } from '../src/workload/replay';

const test = suite('workload.replay: recorded operations played at their times');

const CLUSTER = {
  master: { capacity: '3000/s' },
  followers: [{ name: 'f1', lag: { dist: 'exponential', mean: '40ms' }, capacity: '2000/s' }, { name: 'f2', lag: '25ms' }],
};
const STRATEGIES = ['all-follower', 'critical-only', 'causal', 'lag-threshold(threshold=30ms)', 'post-write-window(window=100ms,scope=session)'];

/** `n` random operations over 20 sessions and 30 keys, every key written at least once (times to the µs, ties included). */
function randomRows(n: number, seed: number): ReplayRow[] {
  const rng = makeStream(seed, 'replay-test');
  const rows: ReplayRow[] = [];
  for (let i = 0; i < n; i++) {
    const write = i < 30 || rng() < 0.3;
    const timeUs = i % 7 === 0 && i > 0 ? rows[i - 1].timeUs : Math.floor(rng() * 5_000_000);
    rows.push({ timeUs, session: `s${Math.floor(rng() * 20)}`, write, key: `k${i < 30 ? i : Math.floor(rng() * 30)}`, critical: !write && rng() < 0.2 });
  }
  return rows;
}

/** The same operations as scripted events (writes need a payload there: a counter). */
function asEvents(rows: ReplayRow[]): object[] {
  return rows.map((r, i) => (r.write
    ? { at: `${r.timeUs}us`, actor: r.session, write: r.key, set: { n: i } }
    : { at: `${r.timeUs}us`, actor: r.session, read: r.key, critical: r.critical }));
}

/**
 * Every operation of one run, each as a line of every field of its record, the session and
 * key by name; the values left out (a replayed write carries no payload). Lines, rather than
 * one object per operation, because 90 000 of them are compared.
 */
function opsOf(sc: Scenario, strategy: string): string[] {
  const spec = parseStrategyArg(strategy);
  const out: string[] = [];
  simulate(sc, spec, sc.seed, { op: (o: OpRecord) => void out.push(opLine(sc, o)) });
  return out;
}

function opLine(sc: Scenario, o: OpRecord): string {
  let line = `session=${sc.sessionNames[o.session]} key=${sc.keyNames[o.key]}`;
  for (const field in o) {
    if (field === 'value' || field === 'masterValue' || field === 'session' || field === 'key') continue;
    const v: unknown = o[field as keyof OpRecord];
    line += ` ${field}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`;
  }
  return line;
}

test('a replay gives exactly the per-operation results of the same operations as scripted events (5 strategies, 3 seeds, queues, ties)', () => {
  for (const seed of [1, 2, 3]) {
    const rows = randomRows(3000, seed);
    const base = { name: 'eq', seed, duration: '6s', cluster: CLUSTER };
    const scripted = scenario({ ...base, events: asEvents(rows) });
    const replayed = scenario({ ...base, workload: { replay: { ops: replayCsv(rows) } } });
    for (const s of STRATEGIES) {
      const a = opsOf(scripted, s);
      const b = opsOf(replayed, s);
      assert.is(b.length, rows.length);
      assert.equal(b, a, `seed ${seed}, ${JSON.stringify(s)}`);
    }
  }
});

test('the replayed apple story equals the scripted one read for read', () => {
  const dir = path.dirname(tmpFile('', 'lagsim-replay-', 'x'));
  fs.writeFileSync(path.join(dir, 'ops.csv'), 'time,session,op,key,critical\n1s,seller,write,apple,\n1.1s,seller,read,apple,\n1.2s,user-1,read,apple,false\n1.5s,user-1,read,apple,true\n');
  const apple = fs.readFileSync(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'), 'utf8');
  fs.writeFileSync(path.join(dir, 'apple.yaml'), apple.replace(/^events:[\s\S]*?(?=^strategies:)/m, 'workload: { replay: ops.csv }\n'));
  const replayed = loadScenarioFile(path.join(dir, 'apple.yaml'));
  const scripted = loadScenarioFile(path.join(__dirname, '..', 'scenarios', 'apple-stock.yaml'));
  assert.is(replayed.events.length, 0);
  for (const s of ['all-follower', 'critical-only', 'post-write-window(window=1s,scope=session)']) {
    assert.equal(opsOf(replayed, s), opsOf(scripted, s));
  }
  assert.is(replayed.horizonUs, scripted.horizonUs);
});

test('replay plus generated traffic: the replayed operations are all there at their times, the generated ones are the stream without a replay', () => {
  const rows = randomRows(500, 9).map((r) => ({ ...r, session: `r-${r.session}` }));
  const workload = { keys: 50, sessions: 10, writeRate: '200/s', readRate: '800/s' };
  const base = { name: 'mix', seed: 5, duration: '6s', cluster: CLUSTER, strategies: ['all-master'] };
  const both = scenario({ ...base, workload: { ...workload, replay: { ops: replayCsv(rows) } } });
  const generated = scenario({ ...base, workload });
  const issued = (sc: Scenario, keep: (session: string) => boolean): string[] => {
    const out: string[] = [];
    simulate(sc, parseStrategyArg('all-master'), sc.seed, { op: (o) => void (keep(sc.sessionNames[o.session]) && out.push(`${o.issuedUs} ${sc.sessionNames[o.session]} ${o.op} ${sc.keyNames[o.key]}`)) });
    return out.sort();
  };
  const replayedOps = issued(both, (s) => s.startsWith('r-'));
  assert.equal(replayedOps, rows.map((r) => `${r.timeUs} ${r.session} ${r.write ? 'write' : 'read'} ${r.key}`).sort());
  assert.equal(issued(both, (s) => !s.startsWith('r-')), issued(generated, () => true));
  assert.ok(replayedOps.length > 0 && issued(generated, () => true).length > 4000);
});

test('a replayed session or key of a generated name is that session or key; scripted actors share theirs too', () => {
  const sc = scenario({
    name: 'share', duration: '2s', cluster: CLUSTER, data: { apple: { stock: 1 } },
    events: [{ at: '1s', actor: 'alice', write: 'apple', set: { stock: 0 } }],
    workload: { keys: 3, sessions: 2, writeRate: '1/s', readRate: '1/s', replay: { ops: 'time_ms,session,op,key\n5,alice,read,apple\n6,session-1,write,key-2\n7,bob,read,carrot\n' } },
  });
  assert.equal(sc.sessionNames, ['alice', 'session-1', 'bob', 'session-0']);
  assert.equal(sc.keyNames, ['apple', 'key-2', 'carrot', 'key-0', 'key-1']);
  assert.is(sc.workloadSessionBase, 1);
  assert.equal([...sc.replay!.session], [0, 1, 2]);
  assert.equal([...sc.replay!.key], [0, 1, 2]);
  // The generated session-1 and key-2 are the replayed ones.
  assert.equal([...sc.workloadSessionIds], [3, 1]);
  assert.equal([...sc.workloadKeyIds], [3, 4, 1]);
});

test('without duration the horizon covers the last replayed operation; with one, a later operation is refused', () => {
  const ops = 'time,session,op,key\n2.5s,a,write,x\n0s,a,read,x\n';
  assert.is(scenario({ name: 'h', cluster: CLUSTER, workload: { replay: { ops } } }).horizonUs, 3_000_000);
  const late = problemsOf(() => scenario({ name: 'h', duration: '2s', cluster: CLUSTER, workload: { replay: { ops } } }));
  assert.match(late.join('\n'), 'workload.replay: 1 replayed operations come after the scenario\'s duration (2s), the first at 2.5s (row 1)');
});

test('same seed, byte-identical: a replay run twice, and through JSON Lines and CSV alike', () => {
  const rows = randomRows(400, 4);
  const jsonl = rows.map((r) => JSON.stringify({ time_us: r.timeUs, session: r.session, op: r.write ? 'write' : 'read', key: r.key, critical: r.critical })).join('\n');
  assert.equal(parseReplay(jsonl, 'jsonl', 'ops.jsonl'), rows);
  assert.equal(parseReplay(replayCsv(rows), 'csv', 'ops.csv'), rows);
  const sc = () => scenario({ name: 'det', seed: 3, duration: '6s', cluster: CLUSTER, workload: { keys: 5, writeRate: '50/s', readRate: '50/s', replay: { ops: replayCsv(rows) } } });
  assert.is(JSON.stringify(opsOf(sc(), 'causal')), JSON.stringify(opsOf(sc(), 'causal')));
});

test('time: with its unit in `time`, a plain number of the column\'s unit in time_s/ms/us; the run\'s time axis, not relative to the first row', () => {
  const at = (header: string, value: string): number => parseReplay(`${header},session,op,key\n${value},a,read,x\n`, 'csv', 'f')[0].timeUs;
  assert.is(at('time', '1.5s'), 1_500_000);
  assert.is(at('time', '250ms'), 250_000);
  assert.is(at('time_s', '2.000001'), 2_000_001);
  assert.is(at('time_ms', '0.5'), 500);
  assert.is(at('time_us', '7'), 7);
  assert.is(at('time_s', '3'), 3_000_000);
});

test('the lab starts from the replay alone, as lagsim run plays it, and adds generated traffic on top when asked', () => {
  const doc = { name: 'lab-replay', cluster: { followers: [{ name: 'f', lag: '100ms' }] }, workload: { replay: { ops: 'time,session,op,key\n12s,a,write,x\n12.1s,b,read,x\n' } } };
  const p = initialParams(doc);
  assert.is(p.traffic, false);
  assert.ok(p.durationMs >= 13_000);
  const alone = scenarioFromDoc(labDoc(doc, p), 'lab');
  assert.is(alone.replay!.timeUs.length, 2);
  assert.is(alone.workload, null);
  const both = scenarioFromDoc(labDoc(doc, { ...p, traffic: true }), 'lab');
  assert.is(both.replay!.timeUs.length, 2);
  assert.ok(both.workload !== null);
});

// ---
const bad = suite('workload.replay: hostile and broken files');

function replayProblems(content: string, name = 'ops.csv'): string {
  const dir = path.dirname(tmpFile('', 'lagsim-replay-', 'x'));
  fs.writeFileSync(path.join(dir, name), content);
  fs.writeFileSync(path.join(dir, 'sc.yaml'), `name: r\ncluster: { followers: [{ name: f, lag: 1ms }] }\nworkload: { replay: ${name} }\n`);
  return problemsOf(() => loadScenarioFile(path.join(dir, 'sc.yaml'))).join('\n');
}

bad('every bad row is reported with file:line and its field, contents escaped', () => {
  const text = replayProblems('time,session,op,key,critical\n1s,a,read,x,\n1,a,read,x,\nzz,b,update,x,\n1s,"a b",read,\u001b[2Jx,\n1s,a,write,x,true\n1s,a,read\n1s,a,read,x,maybe\n');
  assert.match(text, 'ops.csv:3: time: expected a time from the start of the run with its unit like "1.5s", got "1"');
  assert.match(text, 'ops.csv:4: time: expected a time');
  assert.match(text, 'ops.csv:4: op: expected read or write, got "update"');
  assert.match(text, 'ops.csv:5: session: expected a name');
  assert.match(text, 'ops.csv:5: key: expected a name of 1 to 64 characters with no space or control character, got "\\u001b[2Jx"');
  assert.match(text, 'ops.csv:6: critical: only a read may be critical');
  assert.match(text, 'ops.csv:7: 3 fields where the header names 5');
  assert.match(text, 'ops.csv:8: critical: expected true or false');
  assert.not.match(text, '\u001b');
  assert.not.match(text, 'ops.csv:2');
});

bad('a bad header, an empty file, a bad JSON line, a folder, a device, a missing file', () => {
  assert.match(replayProblems('when,session,op,key\n1s,a,read,x\n'), 'ops.csv:1: the header must name the columns');
  assert.match(replayProblems('time,time_ms,session,op,key\n'), 'ops.csv:1: the header must name');
  assert.match(replayProblems('# nothing\n\n'), 'ops.csv: holds no operations');
  assert.match(replayProblems('time,session,op,key\n'), 'ops.csv: holds no operations');
  assert.match(replayProblems('{"time":"1s","session":"a","op":"read","key":"x"}\n{"time":"1s"\n{"time":"1s","session":"a","op":"read","key":"x","set":1}\n', 'ops.jsonl'), 'ops.jsonl:2: is not a JSON object on one line');
  assert.match(replayProblems('{"time":"1s","session":"a","op":"read","key":"x","set":1}\n', 'ops.jsonl'), 'ops.jsonl:1: the object must have the fields');
  const dir = path.dirname(tmpFile('', 'lagsim-replay-', 'x'));
  fs.mkdirSync(path.join(dir, 'ops'));
  for (const [target, says] of [['ops', 'is a folder, not a replay file'], ['/dev/zero', 'not a regular file'], ['nope.csv', 'no such file']]) {
    fs.writeFileSync(path.join(dir, 'sc.yaml'), `name: r\ncluster: { followers: [{ name: f, lag: 1ms }] }\nworkload: { replay: ${target} }\n`);
    assert.match(problemsOf(() => loadScenarioFile(path.join(dir, 'sc.yaml'))).join('\n'), says);
  }
});

bad('at most 100 000 rows, read within a time budget; the parser alone refuses a file name', () => {
  const line = '1s,session-with-a-longish-name,read,orders:123456\n';
  const started = Date.now();
  assert.match(replayProblems('time,session,op,key\n' + line.repeat(MAX_REPLAY_ROWS + 1)), `holds more than ${MAX_REPLAY_ROWS} operations`);
  const ok = replayProblems('time,session,op,key\n' + line.repeat(MAX_REPLAY_ROWS - 1) + '1s,a,read,x,extra\n');
  assert.match(ok, `ops.csv:${MAX_REPLAY_ROWS + 1}: 5 fields where the header names 4`);
  // Two files of 100 000 rows read and checked: linear work, a few seconds on a loaded machine; a quadratic slip would take minutes.
  assert.ok(Date.now() - started < 15_000, `${Date.now() - started} ms`);
  assert.match(problemsOf(() => scenario({ name: 'r', cluster: CLUSTER, workload: { replay: 'ops.csv' } })).join('\n'), 'a replay file is read by the lagsim command line');
  assert.match(problemsOf(() => scenario({ name: 'r', cluster: CLUSTER, workload: { replay: { ops: 'time,session,op,key\n1s,a,read,x\n1s,a,reed,x\n' } } })).join('\n'), 'workload.replay.ops: line 3: op: expected read or write, got "reed"');
});

bad('too many problems: the first ones, then how many lines were left unchecked', () => {
  const text = replayProblems('time,session,op,key\n' + '1s,a,delete,x\n'.repeat(1000));
  assert.match(text, 'ops.csv:41: op:');
  assert.match(text, 'ops.csv: lines 42 and after (960 lines) were not checked');
});

// ---
const commands = suite('workload.replay through the command line');

commands('run, validate, sweep and schema take a replay; scenario.json reruns without the file; live refuses', async () => {
  const dir = path.dirname(tmpFile('', 'lagsim-replay-', 'x'));
  fs.writeFileSync(path.join(dir, 'ops.csv'), 'time_ms,session,op,key\n100,a,write,x\n150,b,read,x\n400,a,read,x\n');
  fs.writeFileSync(path.join(dir, 'sc.yaml'), 'name: r\nseed: 7\ncluster: { followers: [{ name: f, lag: 100ms }] }\nworkload: { replay: ops.csv }\nstrategies: [all-follower]\n');
  const run = await cli(['run', 'sc.yaml', '--json', '--out', 'rep'], { cwd: dir });
  assert.is(run.code, 0, run.stderr);
  const summary = JSON.parse(run.stdout);
  const r = summary.results?.[0] ?? summary[0];
  assert.is(JSON.stringify(r).includes('"reads":2'), true, JSON.stringify(r).slice(0, 300));
  fs.rmSync(path.join(dir, 'ops.csv'));
  const again = await cli(['run', path.join('rep', 'scenario.json'), '--json', '--no-report'], { cwd: dir });
  assert.is(again.code, 0, again.stderr);
  assert.is(again.stdout, run.stdout);
  const validate = await cli(['validate', path.join('rep', 'scenario.json')], { cwd: dir });
  assert.is(validate.code, 0, validate.stderr);
  const sweep = await cli(['sweep', path.join('rep', 'scenario.json'), '--param', 'cluster.followers[0].lag=50ms,200ms', '--no-report'], { cwd: dir });
  assert.is(sweep.code, 0, sweep.stderr);
  const trace = await cli(['trace', path.join('rep', 'scenario.json'), '--json', '--no-applies'], { cwd: dir });
  assert.is(trace.code, 0, trace.stderr);
  assert.is(trace.stdout.trim().split('\n').length, 3);
  const schema = await cli(['schema']);
  assert.match(schema.stdout, '"replay"');
  const live = await cli(['live', path.join('rep', 'scenario.json'), '--primary', 'mysql://u:p@127.0.0.1:1/lagsim', '--replica', 'mysql://u:p@127.0.0.1:2/lagsim', '--no-report'], { cwd: dir });
  assert.is(live.code, 2);
  assert.match(live.stderr, 'live mode does not replay recorded operations yet');
});

commands('the scenario text carries the rows normalised, the file named as written', () => {
  const dir = path.dirname(tmpFile('', 'lagsim-replay-', 'x'));
  fs.writeFileSync(path.join(dir, 'ops.jsonl'), '{"time":"1.5s","session":"a","op":"read","key":"x","critical":true}\n');
  fs.writeFileSync(path.join(dir, 'sc.yaml'), 'name: r\ncluster: { followers: [{ name: f, lag: 1ms }] }\nworkload: { replay: ops.jsonl }\n');
  const doc = JSON.parse(readScenarioText(path.join(dir, 'sc.yaml')));
  assert.equal(doc.workload.replay, { file: 'ops.jsonl', ops: 'time_us,session,op,key,critical\n1500000,a,read,x,1\n' });
});

test.run();
bad.run();
commands.run();

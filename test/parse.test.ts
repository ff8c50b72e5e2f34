import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';
import { parseScenario, scenarioDocument } from '../src/scenario/parse';
import { Scenario } from '../src/scenario/types';
import { InputError } from '../src/scenario/errors';
import { readScenarioText } from '../src/scenario/load';

const dir = path.join(__dirname, '..', 'scenarios');
const bundled = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));

function problems(f: () => unknown): string[] {
  try {
    f();
  } catch (err) {
    assert.instance(err, InputError);
    return (err as InputError).problems;
  }
  assert.unreachable('expected an InputError');
  return [];
}

/** What a run uses, and the scenario as a file would say it (the source text differs in form: YAML or JSON). */
const runs = ({ source: _source, ...rest }: Scenario) => ({ ...rest, document: scenarioDocument({ ...rest, source: _source }) });

// ---
const parsed = suite('parseScenario: an already-parsed document is the same scenario as its text');

for (const file of bundled) {
  parsed(path.basename(file), () => {
    // As the command line reads it: a lag file it names is read in.
    const text = readScenarioText(file);
    assert.equal(runs(parseScenario(YAML.parse(text), file)), runs(parseScenario(text, file)));
  });
}

parsed('overrides apply to an object as to text', () => {
  const file = path.join(dir, 'apple-stock.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const overrides = { seed: 9, strategies: ['all-master'] };
  const sc = parseScenario(YAML.parse(text), file, overrides);
  assert.is(sc.seed, 9);
  assert.equal(runs(sc), runs(parseScenario(text, file, overrides)));
});

parsed('a bad object gets the problems its JSON text gets', () => {
  const doc = { name: 'Bad Name', cluster: { followers: [{ name: 'r1', lag: { dist: 'expo', mean: '1s' } }] } };
  const fromObject = problems(() => parseScenario(doc, 'bad.json'));
  assert.ok(fromObject.length >= 2, fromObject.join('\n'));
  assert.equal(fromObject, problems(() => parseScenario(JSON.stringify(doc), 'bad.json')));
});

parsed('an object is held to the JSON limits: no "__proto__" field', () => {
  const doc = JSON.parse('{ "name": "x", "__proto__": { "seed": 2 } }') as object;
  assert.equal(problems(() => parseScenario(doc, 'proto')), ['proto: (top level): "__proto__" is not allowed as a field name']);
});

parsed.run();

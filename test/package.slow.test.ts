import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';

/**
 * The package as a user gets it: `npm pack` of the built tree, installed into an empty
 * project with no network: the project's node_modules already holds a copy of lagsim's
 * runtime dependencies (and @types/node) from this repository's, so npm resolves the
 * tarball's dependencies locally, and `--offline` makes any fetch fail (ENOTCACHED).
 * A copy, not hard links: npm rewrites node_modules/.package-lock.json in place. Then README's "Using lagsim
 * from code" example compiled under strict TypeScript against the installed types and run.
 */
const root = path.join(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lagsim-package-'));
const offline = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const npm = (args: string[], cwd: string): string => execFileSync('npm', args, { cwd, env: offline, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

interface Packed { filename: string; entryCount: number; size: number; files: Array<{ path: string }> }
// dist/ is built (scripts/test.js builds first); --ignore-scripts keeps pack from building again.
const packed = (JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)) as Packed[])[0];
const files = packed.files.map((f) => f.path);

test('the tarball holds what runs, and no tests, benchmarks or sources', () => {
  for (const f of files) assert.not.match(f, /^(test|bench|src|\.ci|reports\/(?!README\.md$))\//, f);
  for (const need of ['package.json', 'README.md', 'README.ko.md', 'LICENSE', 'bin/lagsim.js', 'dist/index.js', 'dist/index.d.ts',
    'dist/scenario.schema.json', 'dist/report/charts/client.js', 'dist/lab/lab.bundle.js', 'dist/sweep/worker.js',
    'scenarios/apple-stock.yaml', 'scenarios/lessons/01-stale-read.yaml', 'scenarios/measured-lag.yaml', 'scenarios/data/measured-lag.csv', 'scripts/mariadb-pair.sh']) {
    assert.ok(files.includes(need), `missing ${need}`);
  }
});

test('installed offline into an empty project, the README example compiles under strict TypeScript and runs', () => {
  const app = path.join(work, 'app');
  fs.mkdirSync(app);
  const typesNode = (require(path.join(root, 'node_modules', '@types', 'node', 'package.json')) as { version: string }).version;
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'try-lagsim', version: '1.0.0', private: true, devDependencies: { '@types/node': typesNode } }));
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  for (const [dir, entry] of Object.entries(lock.packages)) {
    const wanted = dir !== '' && (!entry.dev || /^node_modules\/(@types\/node|undici-types)$/.test(dir));
    if (wanted && fs.existsSync(path.join(root, dir))) fs.cpSync(path.join(root, dir), path.join(app, dir), { recursive: true });
  }
  // --ignore-scripts: the copied canvas is already built; the example draws no chart either way.
  npm(['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', path.join(work, packed.filename)], app);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using lagsim from code'));
  const example = /```ts\n([\s\S]*?)```/.exec(section)![1];
  fs.writeFileSync(path.join(app, 'example.ts'), example);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, types: ['node'], outDir: 'out' },
    files: ['example.ts'],
  }));
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', app], { cwd: app, encoding: 'utf8' });
  const out = execFileSync(process.execPath, [path.join(app, 'out', 'example.js')], { cwd: app, encoding: 'utf8' });
  assert.match(out, /^strategy +reads/m);
  assert.match(out, /^post-write-window\(window=500ms,scope=key\): \d+\.\d\d% stale ± \d+\.\d\d$/m);
  assert.match(out, 'bad.yaml: name: expected a name of a-z, 0-9 and -');
  assert.match(out, 'bad.yaml: cluster.followers[0].lag:');
  for (const f of ['summary.json', 'summary.csv', 'summary.txt', 'scenario.json']) assert.ok(fs.existsSync(path.join(app, 'reports', 'my-replica', f)), f);
  // The installed command finds its bundled scenarios from the project's folder.
  const bin = path.join(app, 'node_modules', '.bin', 'lagsim');
  assert.match(execFileSync(bin, ['validate', 'apple-stock'], { cwd: app, encoding: 'utf8' }), 'apple-stock: ok');
  // A bundled scenario reads its measured lag file from the installed package, and is listed.
  assert.match(execFileSync(bin, ['run', 'measured-lag', '--runs', '1', '--no-report'], { cwd: app, encoding: 'utf8' }), 'drawn from 1185 apply lags');
  assert.match(execFileSync(bin, ['list'], { cwd: app, encoding: 'utf8' }), 'measured-lag');
  assert.match(execFileSync(bin, ['run', 'reports/my-replica/scenario.json', '--runs', '3', '--no-report'], { cwd: app, encoding: 'utf8' }), 'post-write-window(window=500ms,scope=key)');
});

test.after(() => fs.rmSync(work, { recursive: true, force: true }));
test.run();

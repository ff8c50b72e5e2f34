#!/usr/bin/env node
'use strict';
// Bundles the lab (src/lab/browser.ts and the simulator it imports, the very sources the
// CLI is compiled from) into one browser script: dist/lab/lab.bundle.js. Run by `npm run
// build` after tsc; `lagsim lab` and the HTML report inline the file. esbuild is a
// development dependency, so the bundle is made at build time, never at run time.
const path = require('path');

const root = path.join(__dirname, '..');

/** Returns the bundle's JavaScript; throws if a node-only module would be pulled in. */
async function buildLabBundle() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src', 'lab', 'browser.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const builtins = new Set(require('module').builtinModules);
  const nodeOnly = inputs.filter((f) => f.startsWith('node:') || builtins.has(f));
  if (nodeOnly.length > 0) throw new Error(`the lab bundle would need node modules: ${nodeOnly.join(', ')}`);
  return { js: result.outputFiles[0].text, inputs };
}

module.exports = { buildLabBundle };

if (require.main === module) {
  buildLabBundle().then(({ js }) => {
    const fs = require('fs');
    const out = path.join(root, 'dist', 'lab', 'lab.bundle.js');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, js);
    process.stdout.write(`lab bundle: ${path.relative(process.cwd(), out)} (${Math.round(js.length / 1024)} KiB)\n`);
  }, (err) => {
    process.stderr.write(`build-lab: ${err.message}\n`);
    process.exit(1);
  });
}

#!/usr/bin/env node
'use strict';
// Run by `npm run build` after tsc: puts into dist/ what the package needs at run time
// beyond the compiled code — the chart helpers (plain JavaScript shared with the HTML
// page, which tsc does not copy) and the scenario format as JSON Schema for editors,
// generated from the compiled zod schema (dist/scenario.schema.json, `lagsim schema`).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');

fs.copyFileSync(path.join(root, 'src', 'report', 'charts', 'client.js'), path.join(dist, 'report', 'charts', 'client.js'));
const { schemaText } = require(path.join(dist, 'scenario', 'jsonSchema.js'));
fs.writeFileSync(path.join(dist, 'scenario.schema.json'), schemaText());
process.stdout.write('scenario schema: dist/scenario.schema.json\n');

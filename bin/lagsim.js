#!/usr/bin/env node
'use strict';
// Compiled by `npm run build` (also run by `npm install`/`npm ci` through the prepare script).
require('../dist/cli/main.js').main(process.argv.slice(2));

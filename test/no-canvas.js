/**
 * Preloaded with `node -r` to make a process what lagsim meets on a machine where node-canvas
 * is unusable, without touching the installed packages. LAGSIM_TEST_NO_CANVAS says how:
 * `missing` — the package is absent (npm --ignore-scripts, a blocked install script, a
 * failed build): requiring it fails as Node fails, MODULE_NOT_FOUND; `dlopen` — the package
 * is there but its native build cannot load (cairo removed): the error Node gives then.
 */
const Module = require('module');
const load = Module._load;
const how = process.env.LAGSIM_TEST_NO_CANVAS;
Module._load = function (request, parent, isMain) {
  if (how === 'missing' && request === 'canvas') {
    throw Object.assign(new Error(`Cannot find module 'canvas'\nRequire stack:\n- ${parent && parent.filename}`), { code: 'MODULE_NOT_FOUND' });
  }
  if (how === 'dlopen' && /canvas\.node$/.test(request)) {
    throw Object.assign(new Error('libcairo.so.2: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
  }
  return load.apply(this, arguments);
};

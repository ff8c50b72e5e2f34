import * as fs from 'fs';
import * as path from 'path';

/**
 * The scenarios shipped with lagsim (the package's scenarios/ folder), addressable by
 * name from anywhere: `apple-stock`, `lessons/01-stale-read`.
 */

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export function bundledScenarioDir(): string {
  return path.join(__dirname, '..', '..', 'scenarios');
}

export interface BundledScenario {
  /** The name it is addressed by: its path under scenarios/ without the extension, with `/`. */
  name: string;
  file: string;
}

/** Every bundled scenario file, in name order (folders walked depth first). */
export function bundledScenarios(): BundledScenario[] {
  const root = bundledScenarioDir();
  const found: BundledScenario[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((x, y) => x.name.localeCompare(y.name))) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (EXTENSIONS.includes(path.extname(entry.name))) {
        found.push({ name: path.relative(root, file).split(path.sep).join('/').replace(/\.(ya?ml|json)$/, ''), file });
      }
    }
  };
  walk(root);
  return found;
}

/**
 * The file a scenario argument names: the path itself when something is there, else the
 * bundled scenario of that name (with or without its extension), else the path unchanged
 * (so "no such file" names what was typed).
 */
export function resolveScenarioPath(arg: string): string {
  if (arg === '' || fs.existsSync(arg) || path.isAbsolute(arg)) return arg;
  const name = arg.split(path.sep).join('/').replace(/\.(ya?ml|json)$/, '');
  return bundledScenarios().find((s) => s.name === name)?.file ?? arg;
}

import * as fs from 'fs';
import * as path from 'path';
import { bundledScenarios } from '../scenario/bundled';
import { InputError } from '../scenario/errors';
import { nearHint } from '../scenario/messages';
import { writeNewFile } from '../report/files';
import { schemaText } from '../scenario/jsonSchema';
import { at, msg } from '../i18n/problem';
import { pickLang, t } from '../i18n';
import { Output } from './output';

export interface InitArgs {
  template?: string;
  out?: string;
  lang?: string;
}

/** Where `npm run build` writes the scenario format's JSON Schema (scripts/build-package.js). */
export function schemaPath(): string {
  return path.join(__dirname, '..', 'scenario.schema.json');
}

/**
 * The schema as the first line of a YAML file names it for yaml-language-server: relative
 * to the file when the schema lies in its folder or below (node_modules/lagsim/…), else absolute.
 */
function schemaRef(file: string): string {
  const rel = path.relative(path.dirname(path.resolve(file)), schemaPath());
  return (rel.startsWith('..') || path.isAbsolute(rel) ? schemaPath() : rel).split(path.sep).join('/');
}

/**
 * `lagsim init [template]`: a copy of a bundled scenario (comments and all) to edit, its
 * first line pointing YAML editors at the schema. The file is created exclusively and
 * without following a link: an existing file, or a symbolic link in its place, is refused.
 */
export function initCommand(a: InitArgs): void {
  const name = (a.template ?? 'apple-stock').replace(/\.(ya?ml|json)$/, '');
  const all = bundledScenarios();
  const template = all.find((s) => s.name === name);
  if (template === undefined) {
    const names = all.map((s) => s.name);
    throw new InputError([at(name, msg('v.unknownTemplate', {}, nearHint(name, names)))]);
  }
  const out = a.out ?? 'scenario.yaml';
  const text = `# yaml-language-server: $schema=${schemaRef(out)}\n${fs.readFileSync(template.file, 'utf8')}`;
  writeNewFile(out, text, 'v.initExists');
  const stdout = new Output();
  stdout.line(t(pickLang(a.lang), 'cli.init', { file: out, template: name }));
  stdout.flush();
}

/** `lagsim schema`: the scenario format as JSON Schema, the bytes of dist/scenario.schema.json. */
export function schemaCommand(): void {
  const stdout = new Output();
  stdout.printedLine(schemaText().trimEnd());
  stdout.flush();
}

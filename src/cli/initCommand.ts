import * as fs from 'fs';
import * as path from 'path';
import { bundledScenarios } from '../scenario/bundled';
import { InputError } from '../scenario/errors';
import { nearHint } from '../scenario/messages';
import { assertOwnFolder, makeFolder, writeNewFile } from '../report/files';
import { replayFileOf } from '../scenario/replayFile';
import { lagFilesOf } from '../scenario/lagFile';
import { schemaText } from '../scenario/jsonSchema';
import { at, msg } from '../i18n/problem';
import { pickLang, t } from '../i18n';
import { Output, shellWord } from './output';

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
  // Whatever could refuse is checked before a file is written; the folders on the way are made first.
  assertOwnFolder(path.dirname(out));
  if (kindOf(out) !== 'none') throw new InputError([at(out, msg('v.initExists'))]);
  const dataFiles = dataFilesBeside(template.file, out);
  for (const to of [out, ...dataFiles.map((f) => f.to)]) makeFolder(path.dirname(to));
  writeNewFile(out, text, 'v.initExists');
  const stdout = new Output();
  const lang = pickLang(a.lang);
  stdout.line(t(lang, 'cli.init', { file: out, template: name, arg: shellWord(out) }));
  for (const { to, text: data, what } of dataFiles) {
    writeNewFile(to, data, 'v.initExists');
    stdout.line(t(lang, what, { file: to }));
  }
  stdout.flush();
}

/** What is at `file`, its link not followed: nothing, a regular file, or something else (a link, a folder, a device). */
function kindOf(file: string): 'none' | 'file' | 'other' {
  try {
    return fs.lstatSync(file).isFile() ? 'file' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * The files the template reads (lag files, the replay file), each to be copied to the same
 * place beside `out`: a file already there with the same bytes (an earlier init's) is kept
 * and left out; one with other bytes is refused before anything is written.
 */
function dataFilesBeside(templateFile: string, out: string): Array<{ to: string; text: string; what: 'cli.initLagFile' | 'cli.initReplayFile' }> {
  const template = fs.readFileSync(templateFile, 'utf8');
  const replay = replayFileOf(template, templateFile);
  const names = [
    ...lagFilesOf(template, templateFile).map((name) => ({ name, what: 'cli.initLagFile' as const })),
    ...(replay === null ? [] : [{ name: replay, what: 'cli.initReplayFile' as const }]),
  ];
  const files = names.map(({ name, what }) => ({ name, to: within(path.dirname(out), name), text: fs.readFileSync(path.resolve(path.dirname(templateFile), name), 'utf8'), what }));
  return files.filter(({ name, to, text }) => {
    assertOwnFolders(path.dirname(out), name); // before anything is read through them
    const kind = kindOf(to);
    if (kind === 'none') return true;
    if (kind === 'other' || fs.readFileSync(to, 'utf8') !== text) throw new InputError([at(to, msg('v.initExists'))]);
    return false;
  });
}

/** The folders the template names on the way from `base` to its file `name` (data/, data/your-system/): none may be a link. */
function assertOwnFolders(base: string, name: string): void {
  const folders = name.split('/').slice(0, -1);
  folders.forEach((_, i) => assertOwnFolder(within(base, folders.slice(0, i + 1).join('/'))));
}

/** `name` in the folder `base`, joined as text: path.join would take away a `..` the system takes after a link. */
function within(base: string, name: string): string {
  return base === '.' ? name : `${base}/${name}`;
}

/** `lagsim schema`: the scenario format as JSON Schema, the bytes of dist/scenario.schema.json. */
export function schemaCommand(): void {
  const stdout = new Output();
  stdout.printedLine(schemaText().trimEnd());
  stdout.flush();
}

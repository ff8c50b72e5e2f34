import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'fs';
import * as path from 'path';
import YAML from 'yaml';

/**
 * docs/glossary.md fixes one Korean word per concept and one speech level (합쇼체). This test
 * reads its term table and checks every Korean text lagsim can show: each string literal with
 * Hangul in src/ (the catalogues src/i18n/*.ko.ts and anything a page writes itself), each
 * `ko:` text of a scenario or lesson under scenarios/, the prose of the Korean documents
 * (README.ko.md, docs/*.ko.md; code blocks and `code` spans are commands and output, not prose)
 * and the glossary's own Korean notes.
 */

const root = path.join(__dirname, '..');
const HANGUL = '\\u{AC00}-\\u{D7A3}';
/** Particles a forbidden noun may carry and still be that noun (창이, 창을 — not 창고). */
const PARTICLES = ['이', '가', '을', '를', '은', '는', '의', '에', '에서', '와', '과', '로', '으로', '만', '도', '까지',
  '보다', '처럼', '마다', '안', '이나', '입니다', '이며', '이고'];

/** A row of the term table; `notesKo` is its 참고 (한국어) cell, shown on the Korean glossary page. */
type Term = { en: string; ko: string; forbidden: string[]; notesKo: string };

/** The rows of the glossary's term table (the one whose header starts with "| English"). */
function readGlossary(): Term[] {
  const text = fs.readFileSync(path.join(root, 'docs', 'glossary.md'), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| English'));
  assert.ok(start >= 0, 'docs/glossary.md has a "| English | …" table');
  const rows: Term[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const forbidden = cells[2].split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    rows.push({ en: cells[0], ko: cells[1], forbidden, notesKo: cells[4] ?? '' });
  }
  return rows;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A forbidden term as a whole word: not after a Hangul syllable, then a particle at most. */
function termPattern(term: string): RegExp {
  const particles = PARTICLES.map(escape).join('|');
  return new RegExp(`(?<![${HANGUL}])${escape(term)}(?:${particles})?(?![${HANGUL}])`, 'u');
}

/** Plain -다 endings: a word ending in 다 (not 니다, not the particles 마다/보다) before a sentence end. */
const PLAIN_DA = new RegExp(`([${HANGUL}]*)다(?=[.!?:;)"'’”]|\\s+—|\\s*$)`, 'gu');
/** Plain questions: a word ending in 나 니 까 냐 지 가 before "?" (but -습니까/-ㅂ니까 is 합쇼체). */
const PLAIN_Q = new RegExp(`([${HANGUL}]*[나니까냐지가])\\?`, 'gu');
/** 해요체 endings. */
const HAEYO = new RegExp(`[${HANGUL}]*(?:세요|까요|어요|아요|해요|예요|에요|죠)(?![${HANGUL}])`, 'u');

function plainEnding(text: string): string | undefined {
  for (const m of text.matchAll(PLAIN_DA)) {
    const word = m[1] + '다';
    if (word.endsWith('니다') || word.endsWith('마다') || word.endsWith('보다')) continue;
    return word;
  }
  for (const m of text.matchAll(PLAIN_Q)) if (!m[1].endsWith('니까')) return m[1];
  return undefined;
}

/** What is wrong with one Korean text under the glossary, one line per problem. */
function problems(text: string, terms: Term[]): string[] {
  const out: string[] = [];
  for (const term of terms) {
    for (const bad of term.forbidden) {
      const m = termPattern(bad).exec(text);
      if (m) out.push(`"${m[0]}" for ${term.en}: use ${term.ko}`);
    }
  }
  const da = plainEnding(text);
  if (da) out.push(`plain ending "${da}": use -습니다/-습니까`);
  const haeyo = HAEYO.exec(text);
  if (haeyo) out.push(`해요체 ending "${haeyo[0]}": use -습니다/-습니까/-십시오`);
  return out;
}

// --- where Korean text lives

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** String literals with Hangul in a TypeScript file (comments are not shown to anyone). */
function koreanLiterals(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  const token = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;
  for (const m of code.matchAll(token)) {
    const s = m[0];
    if (s.startsWith('//') || s.startsWith('/*')) continue;
    if (new RegExp(`[${HANGUL}]`, 'u').test(s)) out.push(s.slice(1, -1));
  }
  return out;
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

/** Every string under a `ko` key of a scenario file. */
function koTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => koTexts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'ko' && typeof v === 'string') out.push(v);
      else koTexts(v, out);
    }
  }
  return out;
}

/**
 * The prose of a Markdown document, one text per heading, paragraph, list item and table cell
 * (each ends where its sentence may end); fenced code blocks left out, `code` spans as a Latin word.
 */
function markdownTexts(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]+`/g, 'code');
  const out: string[] = [];
  for (const block of prose.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 0 && lines.every((l) => l.trim().startsWith('|'))) {
      for (const l of lines) out.push(...l.split(/(?<!\\)\|/).map((c) => c.trim()).filter((c) => c !== '' && !/^:?-+:?$/.test(c)));
      continue;
    }
    // A heading or a list item starts a text; other lines continue the one before.
    let current: string[] = [];
    const flush = () => { if (current.length > 0) out.push(current.join(' ')); current = []; };
    for (const l of lines) {
      const t = l.trim();
      if (/^(#{1,6}\s|[-*+]\s|\d+[.)]\s|>)/.test(t)) flush();
      current.push(t.replace(/^(#{1,6}|[-*+]|\d+[.)]|>)\s*/, ''));
      if (t.startsWith('#')) flush();
    }
    flush();
  }
  return out.filter((t) => new RegExp(`[${HANGUL}]`, 'u').test(t));
}

/** The Korean documents: README.ko.md and docs/*.ko.md. */
function koreanDocs(): string[] {
  const docs = fs.readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.ko.md')).map((f) => path.join(root, 'docs', f));
  return [path.join(root, 'README.ko.md'), ...docs];
}

type Text = { where: string; text: string };

function allKoreanTexts(): Text[] {
  const texts: Text[] = [];
  for (const file of tsFiles(path.join(root, 'src'))) {
    for (const text of koreanLiterals(file)) texts.push({ where: path.relative(root, file), text });
  }
  for (const file of yamlFiles(path.join(root, 'scenarios'))) {
    const doc = YAML.parse(fs.readFileSync(file, 'utf8'));
    for (const text of koTexts(doc)) texts.push({ where: path.relative(root, file), text });
  }
  for (const file of koreanDocs()) {
    for (const text of markdownTexts(fs.readFileSync(file, 'utf8'))) texts.push({ where: path.relative(root, file), text });
  }
  for (const term of readGlossary()) {
    for (const text of markdownTexts(term.notesKo)) texts.push({ where: `docs/glossary.md, 참고 of ${term.en}`, text });
  }
  return texts;
}

// ---
const checker = suite('glossary checker: catches what it should and only that');
const terms = readGlossary();

checker('the glossary names the terms the issue asks for, each with its choice', () => {
  const ko = (en: string) => terms.find((t) => t.en.startsWith(en))?.ko;
  assert.is(ko('replication lag'), '복제 지연');
  assert.is(ko('latency'), '응답 시간');
  assert.is(ko('window'), '윈도');
  assert.is(ko('frontier'), '경계 (파레토 경계)');
  assert.is(ko('master / primary'), '마스터');
  assert.is(ko('follower / replica'), '팔로워');
  for (const t of terms) assert.ok(t.ko.length > 0, t.en);
});

checker('planted wrong terms and endings are found', () => {
  const found = (s: string) => problems(s, terms);
  assert.ok(found('구 데이터 읽기의 지연 정도는 200ms입니다.')[0].includes('지연 정도'));
  assert.ok(found('쓰기 후 창이 짧으면 구 데이터가 남습니다.')[0].includes('"창이"'));
  assert.ok(found('프론티어: 구 데이터 대 마스터 부하')[0].includes('프론티어'));
  assert.ok(found('읽기 지연시간 p99')[0].includes('지연시간'));
  assert.ok(found('레플리카에서 읽습니다.')[0].includes('레플리카'));
  assert.equal(found('모든 읽기를 팔로워로 보낸다.'), ['plain ending "보낸다": use -습니다/-습니까']);
  assert.equal(found('왼쪽 아래일수록 좋다'), ['plain ending "좋다": use -습니다/-습니까']);
  assert.equal(found('구 데이터는 얼마나 오래되었나?'), ['plain ending "오래되었나": use -습니다/-습니까']);
  assert.equal(found('읽기가 볼 수 있는가?'), ['plain ending "있는가": use -습니다/-습니까']);
  assert.equal(found('무엇을 돌려줄까요?'), ['해요체 ending "돌려줄까요": use -습니다/-습니까/-십시오']);
  assert.equal(found('값을 지정하세요.'), ['해요체 ending "지정하세요": use -습니다/-습니까/-십시오']);
});

checker('Markdown prose: code blocks and code spans are left out, each paragraph, item and cell is one text', () => {
  const md = ['# 제목', '', '첫 문장입니다.', '이어지는 줄이다.', '', '- 항목 하나', '- 항목 둘이다', '',
    '```sh', 'lagsim run 보낸다.', '```', '', '| 열 | 설명 |', '|---|---|', '| `창` | 좋다 |', '', 'Latin only.'].join('\n');
  assert.equal(markdownTexts(md), ['제목', '첫 문장입니다. 이어지는 줄이다.', '항목 하나', '항목 둘이다', '열', '설명', '좋다']);
  assert.equal(markdownTexts(md).flatMap((t) => problems(t, terms)), ['plain ending "줄이다": use -습니다/-습니까', 'plain ending "둘이다": use -습니다/-습니까', 'plain ending "좋다": use -습니다/-습니까']);
});

checker('correct Korean is left alone', () => {
  for (const s of [
    '윈도가 지연보다 길면 구 데이터가 없습니다.',
    '팔로워가 있다면 거기서 읽습니다.',
    '전략마다: 구 데이터 읽기 비율.',
    '창고의 재고가 0이 되었습니다.',
    '읽기 응답 시간 p50 / p99 (ms)',
    '다른 전략과 비교하면 다음과 같습니다:',
    '무엇을 돌려줍니까?',
    '값을 지정하십시오.',
    '중요 읽기 비율',
    '표 대신 요약 JSON을 출력',
  ]) assert.equal(problems(s, terms), [], s);
});

// ---
const texts = suite('every Korean text lagsim writes follows docs/glossary.md');

texts('catalogues, pages, scenario/lesson texts and the Korean documents', () => {
  const all = allKoreanTexts();
  assert.ok(all.length > 500, `found ${all.length} Korean texts`);
  assert.ok(all.some((t) => t.where.includes(path.join('scenarios', 'lessons'))), 'lesson texts are read');
  assert.ok(all.filter((t) => t.where.startsWith('docs/glossary.md')).length > 15, 'the glossary\'s Korean notes are read');
  for (const doc of ['README.ko.md', path.join('docs', 'your-system.ko.md')]) {
    assert.ok(all.filter((t) => t.where === doc).length > 20, `${doc} prose is read`);
  }
  const bad = all.flatMap(({ where, text }) => problems(text, terms).map((p) => `${where}: ${p}\n    ${text}`));
  assert.equal(bad, [], `\n${bad.join('\n')}`);
});

checker.run();
texts.run();

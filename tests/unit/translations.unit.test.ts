/**
 * The admin's translations: every message id the admin code uses is in en.json and es.json, nothing in them is
 * unused, en.json says what the code's English default says, and es.json keeps each message's ICU arguments.
 * Ids are read from `getTranslation('…')` calls, which must take a literal (a dynamic id could not be checked).
 * Pure file reading: no Strapi, milliseconds.
 */
import fs from 'fs';
import path from 'path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

const PLUGIN = path.join(__dirname, '..', '..', 'src', 'plugins', 'texting');
const ADMIN_SRC = path.join(PLUGIN, 'admin', 'src');
const PREFIX = 'texting.';

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) ? [full] : [];
  });

/** Reads the JS string literal (', " or ` without `${}`) that starts at `src[start]`. */
function readStringLiteral(src: string, start: number): string | null {
  const quote = src[start];
  if (quote !== "'" && quote !== '"' && quote !== '`') return null;
  let out = '';
  for (let i = start + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[++i];
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (ch === quote) {
      return out;
    } else if (quote === '`' && ch === '$' && src[i + 1] === '{') {
      return null;
    } else {
      out += ch;
    }
  }
  return null;
}

interface Use {
  id: string;
  file: string;
  defaultMessage: string | null;
}

function usesIn(file: string): { uses: Use[]; dynamic: string[] } {
  const src = fs.readFileSync(file, 'utf8');
  const rel = path.relative(PLUGIN, file);
  const uses: Use[] = [];
  const dynamic: string[] = [];
  const call = /getTranslation\(\s*/g;
  let m: RegExpExecArray | null;
  while ((m = call.exec(src))) {
    const idStart = m.index + m[0].length;
    const id = readStringLiteral(src, idStart);
    if (id === null || src[idStart] === '`') {
      dynamic.push(`${rel}: ${src.slice(m.index, m.index + 60)}`);
      continue;
    }
    const after = src.slice(idStart + id.length + 2);
    const dm = /^\s*\)\s*,\s*defaultMessage:\s*/.exec(after);
    const defaultMessage = dm ? readStringLiteral(after, dm[0].length) : null;
    uses.push({ id: PREFIX + id, file: rel, defaultMessage });
  }
  return { uses, dynamic };
}

// The helper itself (its definition and doc comment) is not a use.
const HELPER = path.join(ADMIN_SRC, 'utils', 'getTranslation.ts');
const scanned = sourceFiles(ADMIN_SRC)
  .filter((file) => file !== HELPER)
  .map(usesIn);
const uses = scanned.flatMap((s) => s.uses);
const usedIds = new Set(uses.map((u) => u.id));
const load = (locale: string): Record<string, string> =>
  JSON.parse(fs.readFileSync(path.join(ADMIN_SRC, 'translations', `${locale}.json`), 'utf8'));
const en = load('en');
const es = load('es');

/** The names of a message's arguments ({name}, {count, plural, …}, <b>…</b>), nested ones included. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      names.add(el.value);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(parse(message, { ignoreTag: false }));
  return [...names].sort();
}

describe('admin translations', () => {
  test('the admin code uses message ids (and finds them)', () => {
    expect(uses.length).toBeGreaterThan(100);
  });

  test('every getTranslation() takes a literal id', () => {
    expect(scanned.flatMap((s) => s.dynamic)).toEqual([]);
  });

  test('no message id bypasses getTranslation()', () => {
    const raw = sourceFiles(ADMIN_SRC).flatMap((file) => {
      const src = fs.readFileSync(file, 'utf8');
      return [...src.matchAll(/\bid:\s*(['"`])texting\.|\bid:\s*`\$\{PLUGIN_ID\}/g)].map(() => path.relative(PLUGIN, file));
    });
    expect(raw).toEqual([]);
  });

  test('every descriptor goes straight to formatMessage, or is a value of a descriptor map', () => {
    // Issue 12: pages call react-intl's `formatMessage({ id: getTranslation('…'), defaultMessage })` themselves, as
    // Strapi's own plugins do; a local wrapper (`t({ … })`) hides what the call returns (a string, or React nodes
    // for rich values) behind a cast. Maps of descriptors (`labels.ts`, `intlLabel: { … }`) are formatted later.
    const wrapped = sourceFiles(ADMIN_SRC)
      .filter((file) => file !== HELPER)
      .flatMap((file) => {
        const src = fs.readFileSync(file, 'utf8');
        return [...src.matchAll(/getTranslation\(/g)].flatMap((m) => {
          const before = /(\S*)\s*\{\s*id:\s*$/.exec(src.slice(Math.max(0, m.index! - 200), m.index));
          const caller = before?.[1] ?? '(no descriptor)';
          return caller.endsWith('formatMessage(') || /^\w+:$/.test(caller) ? [] : [`${path.relative(PLUGIN, file)}: ${caller}`];
        });
      });
    expect(wrapped).toEqual([]);
  });

  test.each([
    ['en', en],
    ['es', es],
  ])('every id the code uses is in %s.json', (_locale, messages) => {
    const missing = [...usedIds].filter((id) => !(id in messages)).sort();
    expect(missing).toEqual([]);
  });

  test.each([
    ['en', en],
    ['es', es],
  ])('%s.json has no id that nothing uses', (_locale, messages) => {
    const unused = Object.keys(messages).filter((id) => !usedIds.has(id)).sort();
    expect(unused).toEqual([]);
  });

  test('en.json says what the code says by default, and one id has one default', () => {
    const mismatched = uses
      .filter((u) => u.defaultMessage !== null && en[u.id] !== undefined && en[u.id] !== u.defaultMessage)
      .map((u) => `${u.file}: ${u.id}: code "${u.defaultMessage}" vs en.json "${en[u.id]}"`);
    expect(mismatched).toEqual([]);
  });

  test('every message is valid ICU, and es.json keeps the arguments of en.json', () => {
    const broken: string[] = [];
    for (const [id, message] of Object.entries(en)) {
      const enArgs = argumentsOf(message);
      if (es[id] === undefined) continue;
      let esArgs: string[];
      try {
        esArgs = argumentsOf(es[id]);
      } catch (e) {
        broken.push(`${id}: es.json is not valid ICU (${(e as Error).message})`);
        continue;
      }
      if (JSON.stringify(esArgs) !== JSON.stringify(enArgs)) broken.push(`${id}: en ${enArgs.join(',')} / es ${esArgs.join(',')}`);
    }
    expect(broken).toEqual([]);
  });

  test('es.json is translated, not copied', () => {
    // Proper names and symbols may stay as they are; a copied file would have most values equal.
    const same = Object.keys(en).filter((id) => es[id] === en[id]);
    expect(same.length).toBeLessThan(Object.keys(en).length / 10);
  });
});

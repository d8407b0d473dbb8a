import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@ioc/protocol';

/**
 * The console's catalogues and its source, checked without a browser:
 * - Vietnamese and English have the same keys in every namespace (plural forms per each
 *   language's own rules), no empty text, and the same `{{variables}}`;
 * - every error code the console can show has its text in both languages;
 * - no hard-coded UI text in the JSX (text, or labels a screen reader or tooltip shows), and every
 *   literal key the source asks for exists.
 * The built UI is scanned for English in Vietnamese by tests/e2e/console-language.test.ts.
 */
const here = dirname(fileURLToPath(import.meta.url));
const LOCALES = join(here, 'locales');
const LANGS = ['en', 'vi'] as const;
type Lang = (typeof LANGS)[number];
type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const pluralCategories = (lang: Lang): string[] => new Intl.PluralRules(lang).resolvedOptions().pluralCategories;

function namespaces(lang: Lang): string[] {
  return readdirSync(join(LOCALES, lang))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}
function catalogue(lang: Lang, ns: string): Record<string, Json> {
  return JSON.parse(readFileSync(join(LOCALES, lang, `${ns}.json`), 'utf8')) as Record<string, Json>;
}
/** Every leaf as `a.b.c` → value (values that are not strings are kept, to be reported). */
function flatten(obj: Json, prefix = '', out = new Map<string, Json>()): Map<string, Json> {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, obj);
  }
  return out;
}
/** Leaves grouped by base key: `count_one` and `count_other` are the forms of `count`. */
function byBase(flat: Map<string, Json>): Map<string, Map<string, Json>> {
  const out = new Map<string, Map<string, Json>>();
  for (const [k, v] of flat) {
    const m = PLURAL_SUFFIX.exec(k);
    const base = m ? k.slice(0, -m[0].length) : k;
    const form = m ? m[1]! : '';
    if (!out.has(base)) out.set(base, new Map());
    out.get(base)!.set(form, v);
  }
  return out;
}
const variables = (s: string): string[] => [...s.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1]!);

const NS = namespaces('en');
const cats = Object.fromEntries(LANGS.map((l) => [l, new Map(namespaces(l).map((ns) => [ns, byBase(flatten(catalogue(l, ns)))]))])) as Record<
  Lang,
  Map<string, Map<string, Map<string, Json>>>
>;

describe('the vi and en catalogues', () => {
  it('have the same namespaces', () => {
    expect(namespaces('vi')).toEqual(NS);
    expect(NS).toEqual(expect.arrayContaining(['common', 'admin']));
  });

  for (const ns of NS) {
    describe(`namespace ${ns}`, () => {
      const en = cats.en.get(ns) ?? new Map();
      const vi = cats.vi.get(ns) ?? new Map();

      it('has the same keys in both languages (plural forms compared by base key)', () => {
        expect([...vi.keys()].sort(), `keys of vi/${ns}.json`).toEqual([...en.keys()].sort());
      });

      it("has every plural form each language's rules need (Vietnamese: _other; English: _one and _other)", () => {
        const problems: string[] = [];
        for (const lang of LANGS) {
          const need = pluralCategories(lang);
          for (const [base, forms] of cats[lang].get(ns) ?? new Map()) {
            const has = [...forms.keys()];
            const plural = has.some((f) => f !== '');
            if (!plural) continue;
            if (has.includes('')) problems.push(`${lang}: ${base} is both a plain key and a plural`);
            for (const c of need) if (!has.includes(c)) problems.push(`${lang}: ${base}_${c} is missing`);
          }
        }
        expect(problems).toEqual([]);
      });

      it('has no empty or non-text values', () => {
        const problems: string[] = [];
        for (const lang of LANGS) {
          for (const [base, forms] of cats[lang].get(ns) ?? new Map()) {
            for (const [form, v] of forms) {
              if (typeof v !== 'string' || v.trim() === '') problems.push(`${lang}: ${base}${form ? `_${form}` : ''} = ${JSON.stringify(v)}`);
            }
          }
        }
        expect(problems).toEqual([]);
      });

      it('uses the same {{variables}} in both languages', () => {
        const problems: string[] = [];
        for (const [base, enForms] of en) {
          const viForms = vi.get(base);
          if (!viForms) continue;
          const vars = (forms: Map<string, Json>) => [...new Set([...forms.values()].flatMap((v) => (typeof v === 'string' ? variables(v) : [])))].sort();
          const a = vars(enForms);
          const b = vars(viForms);
          if (a.join() !== b.join()) problems.push(`${base}: en {{${a.join(', ')}}} vs vi {{${b.join(', ')}}}`);
        }
        expect(problems).toEqual([]);
      });
    });
  }

  it('explain every error code the console can show, in both languages', () => {
    const codes = [...Object.keys(ERROR_CODES), 'NETWORK_ERROR', 'BAD_RESPONSE'];
    const missing = LANGS.flatMap((lang) => codes.filter((c) => !cats[lang].get('common')?.has(`errors.${c}`)).map((c) => `${lang}: common:errors.${c}`));
    expect(missing).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The source: hard-coded UI text, and keys that do not exist.

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'locales' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(tsx|ts)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
const FILES = sourceFiles(here);
const TSX = FILES.filter((f) => f.endsWith('.tsx'));
const LETTER = /\p{L}/u;
/**
 * Whether a text reads as words: some token carries letters and is not a code or an example
 * value (`NOTHING_TO_UNDO`, `ABC234`, `rtsp://192.0.2.10/stream1` are data, not language).
 */
function isWords(text: string): boolean {
  return text.split(/\s+/).some((token) => {
    const tok = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!LETTER.test(tok)) return false;
    if (/\d/.test(tok) || tok.includes('://')) return false;
    return !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(tok);
  });
}
/** Attributes a user reads (tooltip, screen reader, placeholder, image text). */
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-valuetext']);

interface Finding {
  file: string;
  line: number;
  text: string;
}
const where = (sf: ts.SourceFile, node: ts.Node): { file: string; line: number } => ({
  file: relative(here, sf.fileName),
  line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
});
const parse = (file: string): ts.SourceFile => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

/** The text parts of a literal written straight into the JSX, if any carries letters. */
function literalText(e: ts.Expression): string | null {
  if (ts.isParenthesizedExpression(e)) return literalText(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return isWords(e.text) ? e.text : null;
  if (ts.isTemplateExpression(e)) {
    const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join('…');
    return isWords(parts) ? parts : null;
  }
  if (ts.isConditionalExpression(e)) return literalText(e.whenTrue) ?? literalText(e.whenFalse);
  if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
    return e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? literalText(e.right) : literalText(e.left) ?? literalText(e.right);
  }
  return null;
}

function hardCodedText(sf: ts.SourceFile): Finding[] {
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) {
      const text = node.text.trim();
      if (isWords(text)) found.push({ ...where(sf, node), text });
    } else if (ts.isJsxExpression(node) && node.expression && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      // A literal as a child: {'Loading'} or {`${n} fps`}.
      const text = literalText(node.expression);
      if (text) found.push({ ...where(sf, node), text });
    } else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf))) {
      const init = node.initializer;
      const text = !init ? null : ts.isStringLiteral(init) ? (isWords(init.text) ? init.text : null) : ts.isJsxExpression(init) && init.expression ? literalText(init.expression) : null;
      if (text) found.push({ ...where(sf, node), text: `${node.name.getText(sf)}="${text}"` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Whether `key` (no namespace) exists in namespace `ns`, as a text or as a plural. */
function keyExists(ns: string, key: string): boolean {
  const enNs = cats.en.get(ns);
  return Boolean(enNs?.has(key));
}

/** The namespace of the `useTranslation(...)` in scope of a `t(...)` call, if one is found. */
function namespaceInScope(call: ts.Node, sf: ts.SourceFile): string | null {
  for (let n: ts.Node | undefined = call.parent; n; n = n.parent) {
    if (!(ts.isFunctionLike(n) && 'body' in n && n.body && ts.isBlock(n.body as ts.Node))) continue;
    for (const st of (n.body as ts.Block).statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) {
        const init = d.initializer;
        if (init && ts.isCallExpression(init) && init.expression.getText(sf) === 'useTranslation') {
          const arg = init.arguments[0];
          return arg && ts.isStringLiteral(arg) ? arg.text : 'common';
        }
      }
    }
  }
  return null;
}

function literalKeys(e: ts.Expression): string[] {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
  if (ts.isConditionalExpression(e)) return [...literalKeys(e.whenTrue), ...literalKeys(e.whenFalse)];
  if (ts.isParenthesizedExpression(e)) return literalKeys(e.expression);
  return [];
}

function missingKeys(sf: ts.SourceFile): Finding[] {
  const found: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0) {
      const callee = node.expression;
      const isT = (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
      if (isT) {
        for (const key of literalKeys(node.arguments[0]!)) {
          const sep = key.indexOf(':');
          if (sep > 0) {
            const ns = key.slice(0, sep);
            if (!keyExists(ns, key.slice(sep + 1))) found.push({ ...where(sf, node), text: key });
            continue;
          }
          const ns = namespaceInScope(node, sf);
          // A `t` handed down from elsewhere: the key must at least exist somewhere.
          const ok = ns ? keyExists(ns, key) : NS.some((n) => keyExists(n, key));
          if (!ok) found.push({ ...where(sf, node), text: ns ? `${ns}:${key}` : key });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const show = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line} ${f.text}`);

describe("the console's source", () => {
  it('is found (the scan reads something)', () => {
    expect(TSX.length).toBeGreaterThan(5);
    expect(TSX.some((f) => f.endsWith('App.tsx'))).toBe(true);
  });

  it('has no hard-coded UI text: JSX text, literal children and aria-label/title/placeholder/alt come from t()', () => {
    expect(show(TSX.map(parse).flatMap(hardCodedText))).toEqual([]);
  });

  it('asks only for keys that exist (literal keys; template keys are not checked)', () => {
    expect(show(FILES.map(parse).flatMap(missingKeys))).toEqual([]);
  });

  it('the scan itself catches hard-coded text and unknown keys', () => {
    const sf = ts.createSourceFile(
      join(here, 'probe.tsx'),
      `export function P() { const { t } = useTranslation('admin'); return <p title="Hello" aria-label={'World'} placeholder="rtsp://10.0.0.1/s1" className="x">Sign in {'Now'} <code>NOT_FOUND</code> ABC234 {\`\${n} fps\`} {t('users.title')} {t('users.nope')} {t('common:nav.walls')} {t(on ? 'common:nav.nope' : 'users.title')}</p>; }`,
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    expect(hardCodedText(sf).map((f) => f.text)).toEqual(['title="Hello"', 'aria-label="World"', 'Sign in', 'Now', '… fps']);
    expect(missingKeys(sf).map((f) => f.text)).toEqual(['admin:users.nope', 'common:nav.nope']);
  });
});

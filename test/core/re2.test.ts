import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import RE2 from 're2';
import ts from 'typescript';

const CORE = join(__dirname, '../../scripts/core');

function coreFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...coreFiles(p));
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(p);
  }
  return out;
}

interface Found {
  where: string;
  source: string | null;
  flags: string;
}

/** Every regex literal and `RegExp(...)`/`new RegExp(...)` in a source text; null source = non-literal. */
export function findRegexes(fileName: string, text: string): Found[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const where = (n: ts.Node) => fileName + ':' + (sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1);
  const literal = (n: ts.Expression | undefined): string | null =>
    n && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) ? n.text : null;
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const t = n.getText(sf);
      const slash = t.lastIndexOf('/');
      found.push({ where: where(n), source: t.slice(1, slash), flags: t.slice(slash + 1) });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp') {
      const args = n.arguments ?? [];
      const a0 = args[0];
      let source: string | null = literal(a0);
      let flags = '';
      if (a0 && a0.kind === ts.SyntaxKind.RegularExpressionLiteral) source = a0.getText(sf).slice(1, a0.getText(sf).lastIndexOf('/'));
      if (args.length > 1) {
        const f = literal(args[1]);
        if (f === null) source = null;
        else flags = f;
      }
      found.push({ where: where(n), source, flags });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

function problems(list: Found[]): string[] {
  const bad: string[] = [];
  for (const r of list) {
    if (r.source === null) {
      bad.push(r.where + ': RegExp with a non-literal argument');
      continue;
    }
    // RE2 itself accepts named groups, but ES5 engines (otto) do not.
    if (/\(\?P?<[A-Za-z_]/.test(r.source) || /\\k</.test(r.source)) bad.push(r.where + ': named group in /' + r.source + '/');
    if (/[^gim]/.test(r.flags)) bad.push(r.where + ': forbidden flag in /' + r.source + '/' + r.flags);
    try {
      new RE2(r.source, r.flags.replace(/[^gim]/g, ''));
    } catch (e) {
      bad.push(r.where + ': not RE2-compatible /' + r.source + '/: ' + (e as Error).message);
    }
  }
  return bad;
}

describe('core regexes are RE2-compatible', () => {
  it('the checker itself catches lookaround, backreferences, named groups, bad flags and dynamic RegExp', () => {
    const src = [
      'var a = /(?=x)y/;',
      'var b = /(a)\\1/;',
      'var c = /(?<n>x)/;',
      'var d = /x/u;',
      'var e = /x/s;',
      'var f = new RegExp(someVar);',
      'var g = RegExp("(?!z)");',
      'var h = new RegExp("ok", flagsVar);',
      'var ok = /a+b/gi; var ok2 = new RegExp("c|d", "g");'
    ].join('\n');
    const bad = problems(findRegexes('fake.ts', src));
    expect(bad.length, bad.join("\n")).to.equal(8);
    expect(findRegexes('fake.ts', src).length).to.equal(10);
  });

  it('every regex literal and RegExp(...) under scripts/core compiles in RE2 with no u/y/s flag', () => {
    const files = coreFiles(CORE);
    expect(files.length).to.be.greaterThan(5);
    const all: Found[] = [];
    for (const f of files) all.push(...findRegexes(relative(CORE, f), readFileSync(f, 'utf8')));
    expect(all.length).to.be.greaterThan(0); // bytes.ts has some: the scan really runs
    expect(problems(all)).to.deep.equal([]);
  });
});

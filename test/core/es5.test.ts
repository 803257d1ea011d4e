import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '../..');
const CORE = join(ROOT, 'scripts/core');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

function coreFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...coreFiles(p));
    else if (/\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** Runs tsc with the core's compiler options; returns its diagnostic output ('' when clean). */
function tsc(project: string): string {
  try {
    execFileSync(process.execPath, [TSC, '-p', project, '--noEmit'], { encoding: 'utf8', stdio: 'pipe' });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return (err.stdout || '') + (err.stderr || '') || 'tsc failed';
  }
}

describe('core is ES5-only and self-contained', () => {
  it('the core tsconfig really rejects ES2015+ built-ins (Map, includes, Promise, Object.assign)', () => {
    const core = ts.readConfigFile(join(CORE, 'tsconfig.json'), ts.sys.readFile).config;
    const dir = mkdtempSync(join(tmpdir(), 'es5-check-'));
    try {
      writeFileSync(
        join(dir, 'bad.ts'),
        ['var m = new Map<string, number>();', 'var b = [1].includes(1);', 'var p: Promise<number> = Promise.resolve(1);', "var o = Object.assign({}, { a: 1 });", "var s = 'x'.startsWith('x');"].join('\n')
      );
      writeFileSync(join(dir, 'good.ts'), 'export var n: number = [1, 2].indexOf(2);\n');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: core.compilerOptions, include: ['./**/*.ts'] }));
      const out = tsc(dir);
      for (const name of ['Map', 'includes', 'Promise', 'assign', 'startsWith']) expect(out, name).to.contain(name);
      expect(out).to.not.contain('good.ts');
      writeFileSync(join(dir, 'bad.ts'), 'export {};\n');
      expect(tsc(dir)).to.equal('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }).timeout(120000);

  it('the extraction and net modules pass the real ES5 core typecheck', () => {
    const out = tsc(CORE);
    // Other engineers' work-in-progress files may fail; ours must not.
    expect(out).to.not.match(/error TS(5\d{3}|6\d{3})/); // config errors would make the check vacuous
    const ours = out.split('\n').filter((l) => /(^|\/)(extract|net)\//.test(l));
    expect(ours).to.deep.equal([]);
  }).timeout(120000);

  it('no file under scripts/core imports from outside scripts/core or a Node builtin', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, 'node:' + m]));
    const bad: string[] = [];
    for (const f of coreFiles(CORE)) {
      const sf = ts.createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest, true);
      const specs: string[] = [];
      const visit = (n: ts.Node): void => {
        if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) specs.push(n.moduleSpecifier.text);
        if (ts.isCallExpression(n) && ((ts.isIdentifier(n.expression) && n.expression.text === 'require') || n.expression.kind === ts.SyntaxKind.ImportKeyword)) {
          const a = n.arguments[0];
          specs.push(a && ts.isStringLiteral(a) ? a.text : '<dynamic>');
        }
        if (ts.isImportEqualsDeclaration(n)) specs.push('<import =>');
        ts.forEachChild(n, visit);
      };
      visit(sf);
      for (const s of specs) {
        const rel = relative(CORE, f);
        if (builtins.has(s) || s.startsWith('node:')) bad.push(rel + ': Node builtin ' + s);
        else if (!s.startsWith('.')) bad.push(rel + ': package import ' + s);
        else if (relative(CORE, resolve(dirname(f), s)).startsWith('..')) bad.push(rel + ': imports outside core ' + s);
      }
    }
    expect(bad).to.deep.equal([]);
  });
});

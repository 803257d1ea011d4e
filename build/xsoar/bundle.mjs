// Builds an XSOAR JavaScript script from a TypeScript entry under scripts/xsoar/.
//
// XSOAR runs JS in an embedded Go ES5 interpreter, as a function body (results come back through a
// top-level `return`), with CommonServer.js merged into the same scope. So:
//   1. TypeScript 5.9 compiles the entry and everything it imports to ES5 (lib ES5 + the ambient
//      scripts/xsoar/globals.d.ts, no Node types): post-ES5 APIs fail to type-check.
//   2. esbuild bundles tsc's ES5 output (esbuild cannot lower let/const/classes to ES5 itself) as an
//      IIFE; a synthetic entry calls the entry's exported `main()`, and that call becomes the IIFE's
//      `return`. The script is exactly one statement: `return (function () { ... })();` — no
//      top-level name can collide with CommonServer.js.
//   3. checkXsoarScript re-parses the result with acorn at ecmaVersion 5 and rejects top-level
//      declarations, free references to anything but ES5 built-ins and XSOAR platform globals
//      (Map, Promise, require, CommonServer helpers...) and post-ES5 statics (Object.assign...).
import { build } from 'esbuild';
import { parse } from 'acorn';
import ts from 'typescript';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const globalsDts = join(repoRoot, 'scripts', 'xsoar', 'globals.d.ts');
const RETURN_MARKER = '__XSOAR_RETURN__';

/** ES5 global object properties (ECMA-262 5.1 §15.1) plus `arguments`. */
export const ES5_GLOBALS = Object.freeze([
  'Object', 'Function', 'Array', 'String', 'Boolean', 'Number', 'Math', 'Date', 'RegExp', 'JSON',
  'Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'decodeURI', 'decodeURIComponent', 'encodeURI',
  'encodeURIComponent', 'escape', 'unescape', 'undefined', 'NaN', 'Infinity', 'arguments',
]);

/** Platform globals the XSOAR engine provides (see scripts/xsoar/globals.d.ts). */
export const XSOAR_GLOBALS = Object.freeze([
  'args', 'params', 'command', 'invContext', 'incidents', 'investigation', 'http', 'wait', 'log',
  'logDebug', 'logError', 'getIntegrationContext', 'setIntegrationContext', 'executeCommand',
  'isDemistoVersionGE', 'getDemistoVersion', 'demistoUrls', 'entryTypes', 'formats',
]);

/** Post-ES5 statics on ES5 constructors; allowed only as a feature test (`X.y || fallback`). */
const POST_ES5_STATICS = {
  Object: ['assign', 'entries', 'values', 'fromEntries', 'is', 'setPrototypeOf', 'getOwnPropertySymbols', 'getOwnPropertyDescriptors'],
  Array: ['from', 'of'],
  Number: ['isNaN', 'isFinite', 'isInteger', 'isSafeInteger', 'parseFloat', 'parseInt', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER'],
  Math: ['trunc', 'sign', 'cbrt', 'log2', 'log10', 'log1p', 'expm1', 'hypot', 'clz32', 'fround', 'imul', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh'],
  String: ['fromCodePoint', 'raw'],
};

/** Compiler options of the ES5 compile (mirrors scripts/core/tsconfig.json). */
export const XSOAR_COMPILER_OPTIONS = Object.freeze({
  target: ts.ScriptTarget.ES5,
  lib: ['lib.es5.d.ts'],
  types: [],
  module: ts.ModuleKind.ES2015,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  skipLibCheck: true,
  noEmitOnError: true,
  importHelpers: false,
  downlevelIteration: false,
  sourceMap: false,
  removeComments: false,
});

/**
 * Compiles `entry` (a .ts file exporting `main(): unknown`) to one XSOAR script:
 * `return (function () { ...bundle...; return main(); })();`. Throws on type errors, on anything
 * that is not ES5, and on free references to non-ES5 / non-XSOAR globals.
 */
export async function bundleXsoarScript(entry, options = {}) {
  const entryAbs = resolve(repoRoot, entry);
  const outDir = mkdtempSync(join(tmpdir(), 'xsoar-bundle-'));
  try {
    compileToEs5(entryAbs, outDir);
    const emittedEntry = join(outDir, relative(repoRoot, entryAbs)).replace(/\.ts$/, '.js');
    const spec = './' + relative(outDir, emittedEntry).split('\\').join('/');
    const result = await build({
      stdin: {
        contents: `import { main } from ${JSON.stringify(spec)};\n${RETURN_MARKER}(main());\n`,
        resolveDir: outDir,
        sourcefile: 'xsoar-entry.js',
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es5',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      charset: 'ascii',
      legalComments: 'none',
      absWorkingDir: outDir, // path comments relative to the emit dir: deterministic output
      logLevel: 'silent',
    });
    const iife = result.outputFiles[0].text;
    let code = iifeToReturn(iife);
    if (options.banner) code = options.banner.replace(/\n?$/, '\n') + code;
    checkXsoarScript(code);
    return code;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function compileToEs5(entryAbs, outDir) {
  const program = ts.createProgram({
    rootNames: [entryAbs, globalsDts],
    options: { ...XSOAR_COMPILER_OPTIONS, rootDir: repoRoot, outDir },
  });
  const emit = program.emit();
  const diagnostics = ts.getPreEmitDiagnostics(program).concat(emit.diagnostics);
  if (diagnostics.length > 0 || emit.emitSkipped) {
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => repoRoot,
      getNewLine: () => '\n',
    });
    throw new Error(`XSOAR bundle: TypeScript (ES5, lib es5) rejected ${relative(repoRoot, entryAbs)}:\n${text}`);
  }
}

/** Turns esbuild's `(function() { ...; __XSOAR_RETURN__(x); })();` into `return (function() { ...; return x; })();`. */
function iifeToReturn(iife) {
  const ast = parseEs5(iife, 'esbuild output');
  const stmts = ast.body.filter((s) => !(s.type === 'ExpressionStatement' && s.directive));
  if (stmts.length !== 1 || stmts[0].type !== 'ExpressionStatement' || stmts[0].expression.type !== 'CallExpression') {
    throw new Error('XSOAR bundle: esbuild output is not a single IIFE');
  }
  const call = stmts[0].expression;
  const fn = call.callee;
  if (fn.type !== 'FunctionExpression') throw new Error('XSOAR bundle: esbuild IIFE is not a function expression');
  const markers = fn.body.body.filter(
    (s) => s.type === 'ExpressionStatement' && s.expression.type === 'CallExpression' &&
      s.expression.callee.type === 'Identifier' && s.expression.callee.name === RETURN_MARKER,
  );
  if (markers.length !== 1) throw new Error('XSOAR bundle: return marker not found at the IIFE top level');
  const m = markers[0];
  const arg = m.expression.arguments[0];
  const replaced = iife.slice(0, m.start) + 'return ' + iife.slice(arg.start, arg.end) + ';' + iife.slice(m.end);
  // Keep only the IIFE call expression (drops a leading "use strict" directive and the trailing `;`).
  const again = parseEs5(replaced, 'rewritten bundle').body.filter((s) => !(s.type === 'ExpressionStatement' && s.directive));
  const expr = again[0].expression;
  return 'return ' + replaced.slice(expr.start, expr.end) + ';\n';
}

function parseEs5(code, what) {
  try {
    // allowReserved: false — ES5 reserved words (class, let in strict, ...) are errors as in otto.
    return parse(code, { ecmaVersion: 5, sourceType: 'script', allowReturnOutsideFunction: true, allowReserved: false, locations: true });
  } catch (e) {
    throw new Error(`XSOAR bundle: ${what} is not ES5: ${e.message}`);
  }
}

/**
 * Checks a finished XSOAR script: ES5 syntax (acorn ecmaVersion 5, top-level return allowed), exactly
 * one top-level statement that is a `return`, no free references beyond ES5 built-ins and XSOAR
 * platform globals (plus `extraGlobals`), no post-ES5 statics outside feature tests. Throws a
 * message listing every problem; returns the acorn AST otherwise.
 */
export function checkXsoarScript(code, extraGlobals = []) {
  const ast = parseEs5(code, 'script');
  const problems = [];
  if (ast.body.length !== 1 || ast.body[0].type !== 'ReturnStatement') {
    const kinds = ast.body.map((s) => s.type).join(', ');
    problems.push(`top level must be a single return statement (found: ${kinds || 'nothing'})`);
  }
  const declared = new Set();
  const referenced = new Map();
  walk(ast, null, null, (node, parent, key) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') declared.add(node.id.name);
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression')) {
      if (node.id) declared.add(node.id.name);
      for (const p of node.params) declared.add(p.name);
    }
    if (node.type === 'CatchClause' && node.param) declared.add(node.param.name);
    if (node.type === 'Identifier' && isReference(parent, key)) {
      if (!referenced.has(node.name)) referenced.set(node.name, node.loc.start.line);
    }
    if (node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier') {
      const statics = POST_ES5_STATICS[node.object.name];
      if (statics && statics.includes(node.property.name) && !isFeatureTest(parent, key)) {
        problems.push(`line ${node.loc.start.line}: ${node.object.name}.${node.property.name} is not ES5`);
      }
    }
    if (node.type === 'Identifier' && node.name === RETURN_MARKER) problems.push('return marker left in the bundle');
  });
  const allowed = new Set([...ES5_GLOBALS, ...XSOAR_GLOBALS, ...extraGlobals]);
  for (const [name, line] of referenced) {
    if (!declared.has(name) && !allowed.has(name)) {
      problems.push(`line ${line}: free reference to '${name}' (not an ES5 built-in nor an XSOAR platform global; CommonServer.js helpers are not allowed either)`);
    }
  }
  if (problems.length > 0) throw new Error('XSOAR bundle check failed:\n  ' + problems.join('\n  '));
  return ast;
}

function isReference(parent, key) {
  if (!parent) return true;
  switch (parent.type) {
    case 'MemberExpression': return key !== 'property' || parent.computed;
    case 'Property': return key === 'value' || parent.computed;
    case 'VariableDeclarator': return key !== 'id';
    case 'FunctionDeclaration':
    case 'FunctionExpression': return false; // id and params
    case 'CatchClause': return key !== 'param';
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement': return false;
    default: return true;
  }
}

/** `Object.assign || fallback`, `Object.assign ? a : b`, `typeof Object.assign` are feature tests. */
function isFeatureTest(parent, key) {
  if (!parent) return false;
  if (parent.type === 'LogicalExpression' && parent.operator === '||' && key === 'left') return true;
  if ((parent.type === 'ConditionalExpression' || parent.type === 'IfStatement') && key === 'test') return true;
  if (parent.type === 'UnaryExpression' && parent.operator === 'typeof') return true;
  return false;
}

function walk(node, parent, key, visit) {
  visit(node, parent, key);
  for (const k of Object.keys(node)) {
    if (k === 'loc') continue;
    const v = node[k];
    if (Array.isArray(v)) {
      for (const c of v) if (c && typeof c.type === 'string') walk(c, node, k, visit);
    } else if (v && typeof v.type === 'string') {
      walk(v, node, k, visit);
    }
  }
}

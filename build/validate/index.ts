/**
 * Validates XSOAR content: our JSON Schemas (ajv) plus the demisto-sdk-style rules of rules.ts.
 * Works on parsed documents, on files by path (kind from the layout), on a directory and on the
 * built pack zip. Every problem names the file, the path inside it and the fix.
 */
import Ajv, { ErrorObject } from 'ajv';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { integrationRules, packMetadataRules, playbookRules, Problem } from './rules';
import { integrationSchema, packMetadataSchema, playbookSchema, scriptSchema } from './schemas';

export { formatProblem } from './rules';
export type { Problem } from './rules';

export type ContentKind = 'integration' | 'script' | 'playbook' | 'pack-metadata';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  integration: ajv.compile(integrationSchema),
  script: ajv.compile(scriptSchema),
  playbook: ajv.compile(playbookSchema),
  'pack-metadata': ajv.compile(packMetadataSchema),
};
const SCHEMA_CODE: Record<ContentKind, string> = { integration: 'IN100', script: 'SC100', playbook: 'PB100', 'pack-metadata': 'PA100' };

/** `/script/commands/3/name` → `script.commands[3].name`. */
export function jsonPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^[0-9]+$/.test(part) && out !== '' && !out.endsWith('tasks') ? `[${part}]` : (out ? '.' : '') + part;
  }
  return out;
}

function schemaProblem(kind: ContentKind, file: string, e: ErrorObject): Problem {
  let path = jsonPath(e.instancePath);
  let message = `${e.message ?? 'is invalid'}`;
  let fix = 'correct the value to match the schema.';
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    path = path ? `${path}.${missing}` : missing;
    message = `required key '${missing}' is missing.`;
    fix = `add '${missing}'.`;
  } else if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    path = path ? `${path}.${extra}` : extra;
    message = `unknown key '${extra}'.`;
    fix = `remove '${extra}' or fix its spelling.`;
  } else if (e.keyword === 'enum') {
    fix = `use one of: ${((e.params as { allowedValues: unknown[] }).allowedValues).join(', ')}.`;
  } else if (e.keyword === 'pattern') {
    fix = `match ${(e.params as { pattern: string }).pattern}.`;
  }
  return { code: SCHEMA_CODE[kind], file, path, message: `${kind} schema: ${message}`, fix };
}

/** Schema + rules for one parsed document. */
export function validateDocument(kind: ContentKind, file: string, doc: unknown): Problem[] {
  const problems: Problem[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return [{ code: SCHEMA_CODE[kind], file, path: '', message: `${kind}: the document is not a mapping.`, fix: 'check that the file is the right kind of content.' }];
  }
  const validate = validators[kind];
  if (!validate(doc)) for (const e of validate.errors ?? []) problems.push(schemaProblem(kind, file, e));
  const d = doc as Record<string, any>;
  if (kind === 'integration') {
    problems.push(...integrationRules(file, d));
    if (d.script?.type === 'javascript' && (d.script.dockerimage || d.script.subtype)) {
      problems.push({ code: 'IN100', file, path: 'script.dockerimage', message: 'a JavaScript integration has no docker image or subtype (JS runs in-process).', fix: 'remove script.dockerimage and script.subtype.' });
    }
  } else if (kind === 'script') {
    if (d.type === 'javascript' && (d.dockerimage || d.subtype)) {
      problems.push({ code: 'SC100', file, path: 'dockerimage', message: 'a JavaScript script has no docker image or subtype.', fix: 'remove dockerimage and subtype.' });
    }
  } else if (kind === 'playbook') {
    problems.push(...playbookRules(file, d));
  } else {
    problems.push(...packMetadataRules(file, d));
  }
  return problems;
}

/** The kind of a content file from its place in a pack / the repo, or undefined when not content. */
export function kindOf(path: string): ContentKind | undefined {
  const p = path.split('\\').join('/');
  const name = basename(p);
  if (name === 'pack_metadata.json') return 'pack-metadata';
  if (!/\.ya?ml$/.test(name)) return undefined;
  if (/(^|\/)Integrations\//.test(p) || name.startsWith('integration-')) return 'integration';
  if (/(^|\/)Scripts\//.test(p) || name.startsWith('script-')) return 'script';
  if (/(^|\/)(Playbooks|playbooks)\//.test(p) || name.startsWith('playbook-')) return 'playbook';
  return undefined;
}

/** Parses and validates one file's text; `file` is the name used in messages. */
export function validateText(file: string, text: string, kind = kindOf(file)): Problem[] {
  if (!kind) return [];
  let doc: unknown;
  try {
    doc = kind === 'pack-metadata' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return [{ code: SCHEMA_CODE[kind], file, path: '', message: `cannot parse: ${(e as Error).message}`, fix: `fix the ${kind === 'pack-metadata' ? 'JSON' : 'YAML'} syntax.` }];
  }
  return validateDocument(kind, file, doc);
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

/** Every content file under `dir` (names in messages relative to `base`). */
export function validateDirectory(dir: string, base = dir): Problem[] {
  const problems: Problem[] = [];
  for (const f of walk(dir)) if (kindOf(f)) problems.push(...validateText(relative(base, f), readFileSync(f, 'utf8')));
  return problems;
}

/** Required entries of an uploadable pack zip (demisto-sdk layout). */
export const ZIP_REQUIRED = ['pack_metadata.json', 'metadata.json', 'README.md'];

/** Every content file in a pack zip, plus the upload layout (names: `zip!entry`). */
export function validateZip(zipPath: string): Problem[] {
  const entries = unzipSync(readFileSync(zipPath));
  const name = basename(zipPath);
  const problems: Problem[] = [];
  const names = Object.keys(entries);
  for (const req of ZIP_REQUIRED) {
    if (!names.includes(req)) problems.push({ code: 'PA100', file: name, path: req, message: `the pack zip lacks ${req} at its root.`, fix: 'rebuild with buildPack (npm run build).' });
  }
  if (!names.some((n) => n.startsWith('ReleaseNotes/'))) problems.push({ code: 'PA100', file: name, path: 'ReleaseNotes/', message: 'the pack zip has no release notes.', fix: 'add packs/IOCEnrich/ReleaseNotes/<x_y_z>.md.' });
  for (const n of names) {
    const kind = kindOf(n);
    if (/\.ya?ml$/.test(n) && !kind) problems.push({ code: 'PA100', file: name, path: n, message: 'YAML outside Integrations/, Scripts/, Playbooks/.', fix: 'put content items in their folder with their prefix (integration-, script-, playbook-).' });
    for (const [dir, prefix] of [['Integrations/', 'integration-'], ['Scripts/', 'script-'], ['Playbooks/', 'playbook-']]) {
      if (n.startsWith(dir) && !basename(n).startsWith(prefix)) problems.push({ code: 'PA100', file: name, path: n, message: `files in ${dir} must be named ${prefix}<Name>.yml for the server to import them.`, fix: `rename to ${dir}${prefix}${basename(n)}.` });
    }
    if (kind) problems.push(...validateText(`${name}!${n}`, strFromU8(entries[n]), kind));
  }
  return problems;
}

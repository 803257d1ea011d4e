// Writes XSOAR *unified* YAML (what `demisto-sdk prepare-content` produces and the server imports):
// the bundled code embedded in the YAML, the description markdown and the PNG image embedded,
// `type: javascript` and no docker image (JS runs in-process on the server).
// The non-code parts (commands, arguments, params, outputs) come from the project manifest; this
// module only assembles and validates the document. See ../shared/reference/xsoar.md §3–§4.
import { Document, Scalar } from 'yaml';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PNG_SIGNATURE = '89504e470d0a1a0a';

/**
 * Builds the unified YAML text.
 * - integration: code → `script.script`, `script.type: javascript`; `detailedDescription` →
 *   `detaileddescription`; `image` → `image: data:image/png;base64,...`.
 * - script (automation/transformer): code → top-level `script`, `type: javascript`.
 * `metadata` is everything else, as the manifest produces it. Keys are emitted in XSOAR's usual order.
 */
export function unifiedYaml(input) {
  const kind = input.kind ?? 'integration';
  if (typeof input.code !== 'string' || input.code.trim() === '') throw new Error('unified YAML: code is empty');
  const meta = structuredClone(input.metadata ?? {});
  const code = input.packVersion ? `// pack version: ${input.packVersion}\n${input.code}` : input.code;
  const problems = [];
  const id = meta.commonfields && meta.commonfields.id;
  if (!id) problems.push('commonfields.id is required');
  if (meta.commonfields && meta.commonfields.version === undefined) meta.commonfields.version = -1;
  if (!meta.name) problems.push('name is required');
  if (kind === 'integration') {
    for (const k of ['display', 'category', 'description']) if (!meta[k]) problems.push(`${k} is required`);
    if (!Array.isArray(meta.configuration)) problems.push('configuration must be a list');
    const script = meta.script ?? {};
    if (script.dockerimage || script.subtype) problems.push('script.dockerimage/subtype are Python-only; a JavaScript integration has neither');
    if (script.script !== undefined && script.script !== '' && script.script !== '-') problems.push('script.script comes from the bundle, not the metadata');
    for (const c of script.commands ?? []) {
      if (!c.name || !c.description) problems.push(`command ${c.name ?? '?'}: name and description are required`);
      for (const a of c.arguments ?? []) if (!a.name || !a.description) problems.push(`command ${c.name}: argument ${a.name ?? '?'} needs name and description`);
      for (const o of c.outputs ?? []) if (!o.contextPath || !o.description) problems.push(`command ${c.name}: every output needs contextPath and description`);
    }
    // script first so the big code block sits at the end of `script:` but commands remain readable.
    const { commands, ...rest } = script;
    meta.script = { script: literal(code), type: 'javascript', ...stripKeys(rest, ['script', 'type']), ...(commands ? { commands } : {}) };
    if (input.detailedDescription !== undefined) meta.detaileddescription = input.detailedDescription;
    if (input.image !== undefined) meta.image = pngDataUri(input.image);
  } else if (kind === 'script') {
    if (meta.dockerimage || meta.subtype) problems.push('dockerimage/subtype are Python-only; a JavaScript script has neither');
    if (meta.script !== undefined && meta.script !== '' && meta.script !== '-') problems.push('script comes from the bundle, not the metadata');
    meta.type = 'javascript';
    meta.script = literal(code);
  } else {
    problems.push(`unknown kind ${kind}`);
  }
  if (problems.length > 0) throw new Error(`unified YAML for ${id ?? '?'}:\n  ` + problems.join('\n  '));

  const order = ['commonfields', 'name', 'display', 'category', 'description', 'detaileddescription', 'image', 'configuration', 'type', 'tags', 'comment', 'enabled', 'args', 'outputs', 'script'];
  const ordered = {};
  for (const k of order) if (meta[k] !== undefined) ordered[k] = meta[k];
  for (const k of Object.keys(meta)) if (!(k in ordered)) ordered[k] = meta[k];
  const doc = new Document(ordered);
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** Writes `unifiedYaml(input)` to `outFile` (directories created) and returns the text. */
export function writeUnifiedYaml(outFile, input) {
  const text = unifiedYaml(input);
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, text);
  return text;
}

function literal(code) {
  const s = new Scalar(code);
  s.type = Scalar.BLOCK_LITERAL;
  return s;
}

function stripKeys(obj, keys) {
  const out = {};
  for (const k of Object.keys(obj)) if (!keys.includes(k)) out[k] = obj[k];
  return out;
}

/** Accepts PNG bytes, a path to a PNG, or an existing data URI. */
function pngDataUri(image) {
  if (typeof image === 'string' && image.startsWith('data:image/png;base64,')) return image;
  const bytes = typeof image === 'string' ? readFileSync(image) : Buffer.from(image);
  if (bytes.subarray(0, 8).toString('hex') !== PNG_SIGNATURE) throw new Error('unified YAML: image is not a PNG');
  return 'data:image/png;base64,' + bytes.toString('base64');
}

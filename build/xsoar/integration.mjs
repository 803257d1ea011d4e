// Builds the IOCEnrich integration: bundles scripts/xsoar/integration.ts into one ES5 XSOAR script
// and writes the *unified* YAML dist/xsoar/IOCEnrich/Integrations/integration-IOCEnrich.yml.
//
// The YAML's non-code parts (id/name IOCEnrich, display "IOC Enrich", category, params, commands,
// arguments, outputs) come from the project's one manifest (scripts/manifest). When build/pack/
// provides `integrationMetadata()` (plus `integrationDescription()` / `integrationImage()`), that is
// used, so the pack build and this step agree; otherwise the metadata is rendered from the manifest
// here. TypeScript modules are imported natively under tsx (tests) and with tsx's tsImport under plain
// `node` (npm run build).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { bundleXsoarScript, checkXsoarScript } from './bundle.mjs';
import { writeUnifiedYaml } from './unified-yaml.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const INTEGRATION_ENTRY = 'scripts/xsoar/integration.ts';
export const INTEGRATION_ID = 'IOCEnrich';

/** Imports a TypeScript module: natively when a TS loader is active (tsx, mocha), else through tsx's tsImport. */
async function load(rel) {
  const url = pathToFileURL(join(repoRoot, rel)).href;
  try {
    return await import(url);
  } catch (e) {
    if (!e || e.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(url, import.meta.url);
  }
}

function clean(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** The metadata rendered from the manifest (used when build/pack/integration.ts is not there). */
export async function manifestMetadata() {
  const { PROVIDERS } = await load('scripts/core/providers/index.ts');
  const { buildCommands, buildParams } = await load('scripts/manifest/index.ts');
  const configuration = buildParams(PROVIDERS).map((p) =>
    clean({
      name: p.name, display: p.display, type: p.type, required: p.required, defaultvalue: p.defaultvalue, options: p.options,
      additionalinfo: p.additionalinfo, hiddenusername: p.hiddenusername, displaypassword: p.displaypassword, section: p.section, advanced: p.advanced,
    }),
  );
  const commands = buildCommands(PROVIDERS).map((c) => ({
    name: c.name,
    description: c.description,
    arguments: c.arguments.map((a) =>
      clean({
        name: a.name, description: a.description, required: a.required ?? false, default: a.default, isArray: a.isArray,
        auto: a.predefined ? 'PREDEFINED' : undefined, predefined: a.predefined, defaultValue: a.defaultValue,
      }),
    ),
    outputs: c.outputs.map((o) => ({ contextPath: o.contextPath, description: o.description, type: o.type })),
  }));
  return {
    commonfields: { id: INTEGRATION_ID, version: -1 },
    name: INTEGRATION_ID,
    display: 'IOC Enrich',
    category: 'Data Enrichment & Threat Intelligence',
    description: 'Enriches IPs, domains, URLs and file hashes with ' + PROVIDERS.length + ' threat-intelligence providers, computes an explained composite score and routes alerts. Informs only; never blocks.',
    configuration,
    script: { script: '', type: 'javascript', isfetch: false, runonce: false, commands },
    fromversion: '6.5.0',
    tests: ['No tests (auto formatted)'],
  };
}

const FALLBACK_DESCRIPTION =
  '## IOC Enrich\n\nSelect the providers to use and set each one\'s API key (the password field of its credentials). ' +
  'MISP and OpenCTI also need the base URL of your server. Results are cached in the integration context ' +
  '(`cache_ttl_hours`), rate-limit budgets are kept per provider and key, and nothing is ever blocked: the ' +
  'integration only informs analysts.\n';

/**
 * Where the non-code parts come from: build/pack (preferred) or the manifest rendered here.
 * Returns { metadata, detailedDescription, image?, packVersion?, source }.
 */
export async function integrationParts() {
  const packFile = join(repoRoot, 'build', 'pack', 'integration.ts');
  if (existsSync(packFile)) {
    const pack = await load('build/pack/integration.ts');
    if (typeof pack.integrationMetadata === 'function') {
      const parts = { metadata: pack.integrationMetadata(), source: 'build/pack/integration.ts' };
      try {
        parts.detailedDescription = typeof pack.integrationDescription === 'function' ? pack.integrationDescription() : FALLBACK_DESCRIPTION;
      } catch {
        parts.detailedDescription = FALLBACK_DESCRIPTION; // description file not written yet
      }
      try {
        if (typeof pack.integrationImage === 'function') parts.image = pack.integrationImage();
      } catch {
        // no image yet: the YAML is valid without one
      }
      try {
        const config = await load('build/pack/config.ts');
        if (typeof config.packVersion === 'function') parts.packVersion = config.packVersion();
      } catch {
        // no pack_metadata.json yet
      }
      return parts;
    }
  }
  return { metadata: await manifestMetadata(), detailedDescription: FALLBACK_DESCRIPTION, source: 'manifest (build/xsoar/integration.mjs)' };
}

/**
 * Whitespace and syntax minification of a finished XSOAR script (identifiers kept, so stack traces
 * stay readable). The server's interpreter parses the whole script on every command; in otto this
 * cuts the per-command parse cost by about a fifth (bench/xsoar.ts). The result is re-checked
 * (acorn ES5, one top-level return, no foreign globals).
 */
export async function compactXsoarScript(code) {
  const m = /^((?:\/\/[^\n]*\n)*)return ([\s\S]*?);?\s*$/.exec(code);
  if (!m) throw new Error('compactXsoarScript: not a `return (...)` script');
  const out = await transform('(' + m[2] + ');', { minifyWhitespace: true, minifySyntax: true, target: 'es5', legalComments: 'none', charset: 'ascii', logLevel: 'silent' });
  const compact = m[1] + 'return ' + out.code.trim().replace(/;$/, '') + ';\n';
  checkXsoarScript(compact);
  return compact;
}

/**
 * Bundles the integration and writes `<outDir>/IOCEnrich/Integrations/integration-IOCEnrich.yml`
 * (outDir defaults to dist/xsoar). Returns { file, code, source }.
 */
export async function buildIntegration(outDir = join(repoRoot, 'dist', 'xsoar')) {
  const code = await compactXsoarScript(await bundleXsoarScript(INTEGRATION_ENTRY));
  const parts = await integrationParts();
  const file = join(resolve(repoRoot, outDir), INTEGRATION_ID, 'Integrations', `integration-${INTEGRATION_ID}.yml`);
  writeUnifiedYaml(file, {
    kind: 'integration',
    code,
    metadata: parts.metadata,
    detailedDescription: parts.detailedDescription,
    image: parts.image,
    packVersion: parts.packVersion,
  });
  return { file, code, source: parts.source };
}

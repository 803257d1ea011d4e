// Builds the IOCEnrich integration: bundles scripts/xsoar/integration.ts into one ES5 XSOAR script
// and writes the *unified* YAML dist/xsoar/IOCEnrich/Integrations/integration-IOCEnrich.yml.
//
// The YAML's non-code parts (id/name IOCEnrich, display "IOC Enrich", category, params, commands,
// arguments, outputs) come from build/pack/integration.ts (`integrationMetadata()`, rendered from
// the project's one manifest, plus `integrationDescription()` / `integrationImage()`) and the pack
// version from build/pack/config.ts, so the pack build and this step agree. TypeScript modules are
// imported natively under tsx (tests) and with tsx's tsImport under plain `node` (npm run build).
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

/**
 * The non-code parts of the YAML, from build/pack: { metadata, detailedDescription, image,
 * packVersion, source }.
 */
export async function integrationParts() {
  const pack = await load('build/pack/integration.ts');
  const config = await load('build/pack/config.ts');
  return {
    metadata: pack.integrationMetadata(),
    detailedDescription: pack.integrationDescription(),
    image: pack.integrationImage(),
    packVersion: config.packVersion(),
    source: 'build/pack/integration.ts',
  };
}

/**
 * Whitespace and syntax minification of a finished XSOAR script (identifiers kept, so stack traces
 * stay readable). The server's interpreter parses the whole script on every command; in otto this
 * cuts the per-command parse cost by about a tenth (bench/xsoar.ts reports the parse time). The result is re-checked
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

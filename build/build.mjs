// Builds every artifact into dist/:
//   dist/cli.js                                               the Node CLI bundle
//   dist/xsoar/IOCEnrich/Integrations/integration-IOCEnrich.yml the unified XSOAR integration (ES5)
//   dist/xsoar/IOCEnrich.zip (+ unpacked dist/xsoar/IOCEnrich/)  the validated pack, ready to upload
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { buildIntegration } from './xsoar/integration.mjs';
import { buildXsoarPack } from './pack/entry.mjs';

mkdirSync('dist', { recursive: true });
await build({
  entryPoints: ['scripts/cli/main.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  banner: { js: '#!/usr/bin/env node' },
  external: ['better-sqlite3', 're2'],
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
console.log('built dist/cli.js');

const integration = await buildIntegration('dist/xsoar');
console.log('built ' + integration.file);
// buildPack validates every item (schemas + demisto-sdk-style rules) and writes nothing on a problem.
const pack = await buildXsoarPack({ integrationYaml: readFileSync(integration.file, 'utf8') });
console.log('built ' + pack.zipPath);

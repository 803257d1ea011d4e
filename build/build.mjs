// Builds every artifact into dist/: the Node CLI bundle (dist/cli.js).
// XSOAR and Splunk SOAR artifacts are added here by their own build steps.
import { build } from 'esbuild';
import { chmodSync, mkdirSync } from 'node:fs';

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

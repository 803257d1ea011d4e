// Plain-Node entry to the pack build for build/build.mjs (which runs without a TypeScript loader):
// loads build/pack/index.ts through tsx's API and re-exports what the build needs.
//
//   import { buildXsoarPack, packModule } from './pack/entry.mjs';
//   const { integrationMetadata } = await packModule();          // for writeUnifiedYaml, if wanted
//   await buildXsoarPack({ integrationCode: code });             // → dist/xsoar/IOCEnrich.zip (+ unpacked dir)

let loaded;

/** The build/pack/index.ts module (integrationMetadata, buildPack, packReadme, ...). */
export async function packModule() {
  // The same global tsx registration `mocha` / `node --import tsx` use (ESM and CJS hooks). Not
  // tsImport(): its namespaced URLs break esbuild's lookup of its own binary (bundleXsoarScript).
  if (!loaded) {
    await import('tsx');
    const ns = await import('./index.ts');
    // package.json is "type": "commonjs", so tsx loads the .ts as CJS: exports arrive on `default`.
    loaded = ns.buildPack ? ns : ns.default;
  }
  return loaded;
}

/** buildPack(options): builds, validates (throws on problems) and writes dist/xsoar/IOCEnrich{.zip,/}. */
export async function buildXsoarPack(options) {
  const m = await packModule();
  return m.buildPack(options);
}

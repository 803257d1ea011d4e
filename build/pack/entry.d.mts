import type * as Pack from './index';

/** The build/pack/index.ts module, loaded through tsx (for plain-Node callers such as build/build.mjs). */
export declare function packModule(): Promise<typeof Pack>;
/** Builds, validates (throws listing every problem) and writes `<outDir>/IOCEnrich.zip` and `<outDir>/IOCEnrich/`. */
export declare function buildXsoarPack(options: Pack.BuildPackOptions): Promise<Pack.BuiltPack>;

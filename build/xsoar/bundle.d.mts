import type { Program } from 'acorn';

export interface BundleOptions {
  /** Text put before the `return` (comments only, e.g. `// pack version: 1.0.0`). */
  banner?: string;
}

/** ES5 global object properties plus `arguments`. */
export declare const ES5_GLOBALS: readonly string[];
/** Platform globals the XSOAR engine provides (scripts/xsoar/globals.d.ts). */
export declare const XSOAR_GLOBALS: readonly string[];
export declare const XSOAR_COMPILER_OPTIONS: Readonly<Record<string, unknown>>;

/**
 * Compiles `entry` (path relative to the repo root, or absolute; a .ts module exporting
 * `main(): unknown`) to ES5 with TypeScript and bundles it with esbuild into one XSOAR script:
 * `return (function () { ...; return main(); })();`. Throws on type errors and on anything
 * `checkXsoarScript` rejects.
 */
export declare function bundleXsoarScript(entry: string, options?: BundleOptions): Promise<string>;

/**
 * acorn ecmaVersion 5 parse (top-level return allowed); exactly one top-level statement, a return;
 * no free references beyond ES5 built-ins, XSOAR platform globals and `extraGlobals`; no post-ES5
 * statics (Object.assign...) outside feature tests. Throws listing every problem.
 */
export declare function checkXsoarScript(code: string, extraGlobals?: readonly string[]): Program;

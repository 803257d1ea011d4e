export declare const INTEGRATION_ENTRY: string;
export declare const INTEGRATION_ID: string;

export interface IntegrationParts {
  metadata: Record<string, any>;
  detailedDescription?: string;
  image?: Uint8Array | string;
  packVersion?: string;
  /** Where the metadata came from (build/pack/integration.ts). */
  source: string;
}

/** The YAML's non-code parts, from build/pack/integration.ts and build/pack/config.ts. */
export declare function integrationParts(): Promise<IntegrationParts>;

/**
 * Bundles scripts/xsoar/integration.ts (ES5, one `return (function(){...})()`) and writes the unified
 * YAML to `<outDir>/IOCEnrich/Integrations/integration-IOCEnrich.yml` (outDir defaults to dist/xsoar).
 */
export declare function buildIntegration(outDir?: string): Promise<{ file: string; code: string; source: string }>;

/** Whitespace/syntax minification of a finished XSOAR script (identifiers kept), re-checked as ES5. */
export declare function compactXsoarScript(code: string): Promise<string>;

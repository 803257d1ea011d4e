export interface UnifiedYamlInput {
  /** `integration` (code in `script.script`) or `script` (automation/transformer: top-level `script`). Default integration. */
  kind?: 'integration' | 'script';
  /** The bundled code (from bundleXsoarScript). */
  code: string;
  /**
   * Everything but the code, as the manifest produces it: commonfields {id, version}, name, display,
   * category, description, configuration[], script {commands[], isfetch, ...} for integrations;
   * commonfields, name, tags, comment, args[], outputs[], ... for scripts.
   */
  metadata: Record<string, any>;
  /** Integration only: markdown → `detaileddescription`. */
  detailedDescription?: string;
  /** Integration only: PNG bytes, a PNG path, or a `data:image/png;base64,` URI → `image`. */
  image?: Uint8Array | string;
  /** Adds `// pack version: x` as the code's first line, as demisto-sdk does. */
  packVersion?: string;
}

/** The unified YAML text. Throws naming every missing required key. */
export declare function unifiedYaml(input: UnifiedYamlInput): string;
/** Writes the unified YAML to `outFile` (creating directories) and returns the text. */
export declare function writeUnifiedYaml(outFile: string, input: UnifiedYamlInput): string;

/**
 * Assembles the IOCEnrich content pack: the unified integration YAML (code supplied by the
 * integration build), the three script YAMLs, the playbook, README, metadata and release notes —
 * unpacked under `<outDir>/IOCEnrich/` and zipped as `<outDir>/IOCEnrich.zip` in XSOAR's upload
 * layout (demisto-sdk `zip-packs`): ready for Marketplace → Upload Content or
 * `POST /contentpacks/installed/upload`. Everything is validated before the zip is written.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { strToU8, zipSync, Zippable } from 'fflate';
import { parse as parseYaml } from 'yaml';
import { unifiedYaml } from '../xsoar/unified-yaml.mjs';
import { formatProblem, kindOf, Problem, validateText } from '../validate/index';
import { DIST_DIR, PACK_ID, packMetadata, PLAYBOOKS_DIR, RELEASE_NOTES_DIR } from './config';
import { integrationDescription, integrationImage, integrationMetadata } from './integration';
import { serverMetadata } from './metadata';
import { PLAYBOOK_FILE_NAME } from './playbook';
import { packReadme } from './readme';
import { SCRIPTS, scriptYaml } from './scripts';

export { integrationMetadata, integrationDescription, integrationImage } from './integration';
export { SCRIPTS } from './scripts';
export { playbookObject, playbookYaml, PLAYBOOK_ID, PLAYBOOK_FILE_NAME } from './playbook';
export { packReadme, playbookMermaid } from './readme';
export { iocEnrichPng } from './png';

export interface BuildPackOptions {
  /** The bundled integration code (bundleXsoarScript of the integration entry). One of integrationCode / integrationYaml. */
  integrationCode?: string;
  /** An already unified integration YAML text (e.g. written by the integration build step). */
  integrationYaml?: string;
  /** Default dist/xsoar. */
  outDir?: string;
  /** Default true: throw when validation finds problems (nothing is written then). */
  validate?: boolean;
}

export interface BuiltPack {
  zipPath: string;
  dir: string;
  /** Zip entry name → text, in zip order. */
  files: Record<string, string>;
  problems: Problem[];
}

/** Fixed zip timestamps so the same sources give the same zip. */
const ZIP_MTIME = new Date('2025-01-01T00:00:00Z');

/** Builds every file of the pack (entry name → text) without writing anything. */
export async function packFiles(options: Pick<BuildPackOptions, 'integrationCode' | 'integrationYaml'>): Promise<Record<string, string>> {
  if ((options.integrationCode === undefined) === (options.integrationYaml === undefined)) {
    throw new Error('buildPack: pass exactly one of integrationCode (the bundled integration) or integrationYaml');
  }
  const meta = packMetadata();
  const version = meta.currentVersion;
  const integration =
    options.integrationYaml ??
    unifiedYaml({
      kind: 'integration',
      code: options.integrationCode!,
      metadata: integrationMetadata(),
      detailedDescription: integrationDescription(),
      image: integrationImage(),
      packVersion: version,
    });
  const files: Record<string, string> = {};
  files[`Integrations/integration-${PACK_ID}.yml`] = integration;
  for (const s of SCRIPTS) files[`Scripts/script-${s.name}.yml`] = await scriptYaml(s, version);
  files[`Playbooks/playbook-${PLAYBOOK_FILE_NAME}`] = readFileSync(join(PLAYBOOKS_DIR, PLAYBOOK_FILE_NAME), 'utf8');
  files['README.md'] = packReadme();
  for (const rn of readdirSync(RELEASE_NOTES_DIR).sort()) files[`ReleaseNotes/${rn}`] = readFileSync(join(RELEASE_NOTES_DIR, rn), 'utf8');
  files['pack_metadata.json'] = JSON.stringify(meta, null, 2) + '\n';
  const items = {
    integration: parseYaml(integration),
    scripts: SCRIPTS.map((s) => parseYaml(files[`Scripts/script-${s.name}.yml`])),
    playbooks: [parseYaml(files[`Playbooks/playbook-${PLAYBOOK_FILE_NAME}`])],
  };
  files['metadata.json'] = JSON.stringify(serverMetadata(meta, items), null, 2) + '\n';
  return files;
}

/** Validates pack files (entry name → text); names in messages are `IOCEnrich.zip!<entry>`. */
export function validatePackFiles(files: Record<string, string>): Problem[] {
  const out: Problem[] = [];
  for (const [name, text] of Object.entries(files)) out.push(...validateText(`${PACK_ID}.zip!${name}`, text, kindOf(name)));
  return out;
}

/**
 * Builds, validates and writes the pack: `<outDir>/IOCEnrich/<entries>` and `<outDir>/IOCEnrich.zip`.
 * Call from build/build.mjs after bundling the integration.
 */
export async function buildPack(options: BuildPackOptions): Promise<BuiltPack> {
  const outDir = options.outDir ?? DIST_DIR;
  const files = await packFiles(options);
  const problems = validatePackFiles(files);
  if (problems.length > 0 && options.validate !== false) {
    throw new Error(`IOCEnrich pack is invalid (${problems.length} problem(s)):\n  ` + problems.map(formatProblem).join('\n  '));
  }
  const dir = join(outDir, PACK_ID);
  rmSync(dir, { recursive: true, force: true });
  const zippable: Zippable = {};
  for (const [name, text] of Object.entries(files)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    zippable[name] = [strToU8(text), { mtime: ZIP_MTIME }];
  }
  const zipPath = join(outDir, `${PACK_ID}.zip`);
  writeFileSync(zipPath, zipSync(zippable, { level: 9, mtime: ZIP_MTIME }));
  return { zipPath, dir, files, problems };
}

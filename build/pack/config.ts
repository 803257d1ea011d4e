/**
 * Names and paths of the IOCEnrich content pack, in one place. The pack's version is
 * `packs/IOCEnrich/pack_metadata.json`'s `currentVersion`: every artifact reads it from there.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PACK_ID = 'IOCEnrich';
export const PACK_DIR = join(REPO_ROOT, 'packs', PACK_ID);
export const INTEGRATION_DIR = join(PACK_DIR, 'Integrations', PACK_ID);
export const DESCRIPTION_FILE = join(INTEGRATION_DIR, `${PACK_ID}_description.md`);
export const IMAGE_FILE = join(INTEGRATION_DIR, `${PACK_ID}_image.png`);
export const PACK_METADATA_FILE = join(PACK_DIR, 'pack_metadata.json');
export const PACK_README_FILE = join(PACK_DIR, 'README.md');
export const RELEASE_NOTES_DIR = join(PACK_DIR, 'ReleaseNotes');
export const PLAYBOOKS_DIR = join(REPO_ROOT, 'playbooks');
export const DIST_DIR = join(REPO_ROOT, 'dist', 'xsoar');
/** XSOAR's marketplace category for enrichment integrations (content `Config/approved_categories.json`). */
export const CATEGORY = 'Data Enrichment & Threat Intelligence';
/** Oldest server the pack targets: pack upload API (6.5) and JS scripts as shipped. */
export const FROM_VERSION = '6.5.0';

export interface PackMetadata {
  name: string;
  description: string;
  support: string;
  currentVersion: string;
  author: string;
  url: string;
  email?: string;
  created: string;
  categories: string[];
  tags: string[];
  useCases: string[];
  keywords: string[];
  marketplaces: string[];
  [key: string]: unknown;
}

export function packMetadata(): PackMetadata {
  return JSON.parse(readFileSync(PACK_METADATA_FILE, 'utf8')) as PackMetadata;
}

export function packVersion(): string {
  return packMetadata().currentVersion;
}

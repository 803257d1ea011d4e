/**
 * The committed, generated pack sources: the playbook YAML, the pack README and the integration
 * image. `writeSources()` regenerates them; `staleSources()` lists those that differ from what the
 * generators produce now (a test fails on any, so they never drift from the manifest).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { IMAGE_FILE, PACK_README_FILE, PLAYBOOKS_DIR, REPO_ROOT } from './config';
import { PLAYBOOK_FILE_NAME, playbookYaml } from './playbook';
import { iocEnrichPng } from './png';
import { packReadme } from './readme';

export function generatedSources(): Array<{ path: string; content: string | Uint8Array }> {
  return [
    { path: join(PLAYBOOKS_DIR, PLAYBOOK_FILE_NAME), content: playbookYaml() },
    { path: PACK_README_FILE, content: packReadme() },
    { path: IMAGE_FILE, content: iocEnrichPng() },
  ];
}

function same(path: string, content: string | Uint8Array): boolean {
  if (!existsSync(path)) return false;
  const now = readFileSync(path);
  return Buffer.compare(now, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content)) === 0;
}

/** Repo-relative paths of generated sources that are missing or out of date. */
export function staleSources(): string[] {
  return generatedSources().filter((s) => !same(s.path, s.content)).map((s) => relative(REPO_ROOT, s.path));
}

/** Rewrites the generated sources; returns the repo-relative paths that changed. */
export function writeSources(): string[] {
  const changed: string[] = [];
  for (const s of generatedSources()) {
    if (same(s.path, s.content)) continue;
    mkdirSync(dirname(s.path), { recursive: true });
    writeFileSync(s.path, s.content);
    changed.push(relative(REPO_ROOT, s.path));
  }
  return changed;
}

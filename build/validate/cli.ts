/**
 * `npm run validate`: validates the pack sources (playbooks/, packs/IOCEnrich/pack_metadata.json)
 * and, when built, dist/xsoar/IOCEnrich.zip (every content item, the upload layout). Prints each
 * problem as `file: path: [CODE] message Fix: ...` and exits 1 when there is any.
 * Usage: tsx build/validate/cli.ts [zip-or-dir ...]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, PACK_METADATA_FILE, PLAYBOOKS_DIR, DIST_DIR, PACK_ID } from '../pack/config';
import { formatProblem, Problem, validateDirectory, validateText, validateZip } from './index';
import { staleSources } from '../pack/sources';

const problems: Problem[] = [];
const targets = process.argv.slice(2);
const checked: string[] = [];
if (targets.length === 0) {
  problems.push(...validateDirectory(PLAYBOOKS_DIR, REPO_ROOT));
  problems.push(...validateText(relative(REPO_ROOT, PACK_METADATA_FILE), readFileSync(PACK_METADATA_FILE, 'utf8')));
  for (const f of staleSources()) {
    problems.push({ code: 'GEN100', file: f, path: '', message: 'generated pack source is out of date (the manifest, playbook generator or README generator changed).', fix: 'run `npx tsx build/pack/cli.ts sources` and commit the result.' });
  }
  checked.push('playbooks/', 'packs/IOCEnrich/pack_metadata.json', 'generated sources');
  const zip = join(DIST_DIR, `${PACK_ID}.zip`);
  if (existsSync(zip)) {
    problems.push(...validateZip(zip));
    checked.push(relative(REPO_ROOT, zip));
  } else {
    console.warn(`note: ${relative(REPO_ROOT, zip)} not built yet (npm run build); validated the sources only`);
  }
} else {
  for (const t of targets) {
    problems.push(...(statSync(t).isDirectory() ? validateDirectory(t) : t.endsWith('.zip') ? validateZip(t) : validateText(t, readFileSync(t, 'utf8'))));
    checked.push(t);
  }
}
for (const p of problems) console.error(formatProblem(p));
console.log(`validated ${checked.join(', ')}: ${problems.length} problem(s)`);
process.exit(problems.length > 0 ? 1 : 0);

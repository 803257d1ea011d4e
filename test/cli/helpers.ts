/**
 * Drives the built CLI (`dist/cli.js`) as a child process, the way users and scripts run it.
 * The bundle is rebuilt when missing or older than any source under scripts/ (npm test builds
 * first anyway). IOC_ENRICH_CLI points the tests at another bundle when needed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export var ROOT = resolve(__dirname, '..', '..');
export var CLI = process.env.IOC_ENRICH_CLI || join(ROOT, 'dist', 'cli.js');

function newestMtime(dir: string): number {
  var newest = 0;
  for (var name of readdirSync(dir)) {
    var p = join(dir, name);
    var st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

var checked = false;
/** Build dist/cli.js if it is missing or stale. */
export function ensureBuilt(): void {
  if (checked || process.env.IOC_ENRICH_CLI) return;
  checked = true;
  var built = 0;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestMtime(join(ROOT, 'scripts'))) return;
  var r = spawnSync(process.execPath, ['build/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error('npm run build failed:\n' + r.stdout + r.stderr);
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** A scratch directory per call; used as cwd, HOME and XDG_CACHE_HOME so runs never touch the user's files. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'ioc-enrich-test-'));
}

/** Environment without any IOC_ENRICH_* variable of the developer's shell. */
export function cleanEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  var env: NodeJS.ProcessEnv = {};
  for (var k of Object.keys(process.env)) if (k.indexOf('IOC_ENRICH_') !== 0) env[k] = process.env[k];
  env.HOME = home;
  env.XDG_CACHE_HOME = join(home, '.cache');
  return Object.assign(env, extra);
}

export function run(args: string[], options: RunOptions = {}): RunResult {
  var cwd = options.cwd || scratch();
  var r = spawnSync(process.execPath, [CLI].concat(args), {
    cwd: cwd,
    env: options.env || cleanEnv(cwd),
    input: options.input !== undefined ? options.input : '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parse NDJSON output, failing loudly on a line that is not JSON. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

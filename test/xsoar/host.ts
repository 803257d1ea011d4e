/**
 * Runs XSOAR JavaScript the way the XSOAR server does, for tests: in the Go `otto` ES5 interpreter
 * (test/xsoar-host/main.go, built once and cached under dist/test-bin/), with the platform globals,
 * real loopback-only HTTP, virtual `wait()`, and an integration context persisted in a JSON file.
 *
 * Where Go or Debian's otto package is missing, it falls back to test/xsoar/vm-host.cjs (a Node `vm`
 * context stripped of every post-ES5 global, acorn ES5 syntax check) and prints a notice once.
 * `XSOAR_HOST=otto` makes a missing otto an error (CI); `XSOAR_HOST=vm` forces the fallback.
 *
 * Runs are asynchronous child processes, so a loopback server in the test process keeps serving
 * while the script blocks in `http()`.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

const repoRoot = resolve(__dirname, '..', '..');
const hostSource = join(repoRoot, 'test', 'xsoar-host');
const vmHost = join(repoRoot, 'test', 'xsoar', 'vm-host.cjs');
const GOPATH = '/usr/share/gocode';
const OTTO_DIR = join(GOPATH, 'src', 'github.com', 'robertkrimen', 'otto');

export type XsoarEngine = 'otto' | 'node-vm-fallback';

export interface RunInXsoarOptions {
  /** Script code (an XSOAR function body, e.g. from bundleXsoarScript). One of code / yamlPath. */
  code?: string;
  /** A unified YAML: the code is taken from `script.script` (integration) or `script` (automation). */
  yamlPath?: string;
  command?: string;
  args?: Record<string, unknown>;
  params?: Record<string, unknown>;
  /** Integration-context JSON file, read before and written after the run (created if missing). */
  contextFile?: string;
  /** Server version for getDemistoVersion/isDemistoVersionGE. Default 6.10.0. */
  version?: string;
  buildNumber?: string;
  platform?: 'xsoar' | 'x2';
  /** Canned `executeCommand(name, ...)` answers: name → list of entries. Unknown names get an error entry. */
  executeCommand?: Record<string, unknown[]>;
  invContext?: Record<string, unknown>;
  incidents?: unknown[];
  /** Really sleep in wait() (default: recorded in `waits`/`waitedSeconds` and skipped). */
  realWait?: boolean;
  /** Abort the script after this many seconds (default 60). */
  timeoutSeconds?: number;
  /** http() per-request timeout in seconds (default 30). */
  httpTimeoutSeconds?: number;
  /** 'auto' (default): otto when available, else the vm fallback. 'vm' forces the fallback (parity tests). */
  engine?: 'auto' | 'vm';
}

export interface XsoarLogLine {
  level: 'log' | 'debug' | 'info' | 'error' | 'console' | 'console.error';
  message: string;
}

export interface XsoarHttpCall {
  method: string;
  /** scheme://host/path — no query string. */
  url: string;
  /** 0 when the request failed. */
  status: number;
  insecure: boolean;
  proxy: boolean;
  ms: number;
  error?: string;
}

export interface XsoarRun {
  engine: XsoarEngine;
  /** The script's returned value (JSON.stringify'd by the interpreter); null for undefined. */
  result: any;
  logs: XsoarLogLine[];
  /** Integration context after the run. */
  context: Record<string, any>;
  executeCommandCalls: Array<{ name: string; args: Record<string, unknown> }>;
  httpCalls: XsoarHttpCall[];
  waits: number[];
  waitedSeconds: number;
  /** e.g. non-string integration-context values. */
  warnings: string[];
  /** What was thrown (`Error: msg`, or the thrown string), syntax errors, timeouts. */
  error?: string;
  errorStack?: string;
  /** Interpreter + globals setup, script compile+run, whole host process (ms, measured inside the host). */
  setupMs: number;
  runMs: number;
  /** The compile (parse) part of runMs: otto only (the Node vm fallback does not report it). */
  compileMs?: number;
  totalMs: number;
  /** Wall time seen by Node, including process start (ms). */
  wallMs: number;
}

let cachedBinary: { path: string | null; reason?: string } | undefined;
let noticePrinted = false;

/**
 * Path of the built otto host, building it on first use (cached by source hash under
 * dist/test-bin/). Null, with the reason, when Go or otto is unavailable.
 */
export function xsoarHostBinary(): { path: string | null; reason?: string } {
  if (cachedBinary) return cachedBinary;
  cachedBinary = buildHost();
  return cachedBinary;
}

function buildHost(): { path: string | null; reason?: string } {
  if (process.env.XSOAR_HOST === 'vm') return { path: null, reason: 'XSOAR_HOST=vm' };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) return { path: null, reason: 'go not found (Debian: golang-go)' };
  if (!existsSync(OTTO_DIR)) return { path: null, reason: `otto not found in ${OTTO_DIR} (Debian: golang-github-robertkrimen-otto-dev)` };
  const hash = createHash('sha256').update(readFileSync(join(hostSource, 'main.go'))).update(go.stdout).digest('hex').slice(0, 12);
  const binDir = join(repoRoot, 'dist', 'test-bin');
  const bin = join(binDir, `xsoar-host-${hash}`);
  if (existsSync(bin)) return { path: bin };
  mkdirSync(binDir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  const env: NodeJS.ProcessEnv = { ...process.env, GO111MODULE: 'off', GOPATH, GOFLAGS: '' };
  if (!env.GOCACHE && !env.HOME) env.GOCACHE = join(tmpdir(), 'ioc-enrich-gocache');
  try {
    execFileSync('go', ['build', '-o', tmp, '.'], { cwd: hostSource, env, stdio: ['ignore', 'pipe', 'pipe'] });
    renameSync(tmp, bin); // atomic: parallel builders never see a half-written binary
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as { stderr?: Buffer; message: string };
    return { path: null, reason: `go build failed: ${err.stderr ? err.stderr.toString() : err.message}` };
  }
  return { path: bin };
}

/** Which engine runInXsoar will use (builds the host if needed). */
export function xsoarEngine(): XsoarEngine {
  return hostCommand().engine;
}

function hostCommand(forceVm = false): { engine: XsoarEngine; file: string; argv: string[] } {
  if (forceVm) return { engine: 'node-vm-fallback', file: process.execPath, argv: [vmHost] };
  const built = xsoarHostBinary();
  if (built.path) return { engine: 'otto', file: built.path, argv: [] };
  if (process.env.XSOAR_HOST === 'otto') throw new Error(`XSOAR_HOST=otto but the otto host is unavailable: ${built.reason}`);
  if (!noticePrinted) {
    noticePrinted = true;
    process.stderr.write(
      `\n[xsoar-host] NOTICE: the Go/otto XSOAR host is unavailable (${built.reason}).\n` +
        '[xsoar-host] XSOAR scripts run in the Node vm ES5 FALLBACK — not the real interpreter (no RE2 regex check).\n' +
        '[xsoar-host] Install: apt-get install golang-go golang-github-robertkrimen-otto-dev\n\n',
    );
  }
  return { engine: 'node-vm-fallback', file: process.execPath, argv: [vmHost] };
}

/** The code of a unified YAML: `script.script` (integration) or `script` (automation). */
export function scriptFromYaml(yamlPath: string): string {
  const doc = parseYaml(readFileSync(yamlPath, 'utf8')) as Record<string, any>;
  const code = typeof doc.script === 'string' ? doc.script : doc.script && doc.script.script;
  if (typeof code !== 'string' || code.trim() === '' || code === '-') throw new Error(`${yamlPath}: no embedded script code (not a unified YAML?)`);
  const type = typeof doc.script === 'string' ? doc.type : doc.script.type;
  if (type !== 'javascript') throw new Error(`${yamlPath}: script type is ${type}, not javascript`);
  return code;
}

/** Runs one command of an XSOAR script in the interpreter and returns the host's JSON report. */
export async function runInXsoar(options: RunInXsoarOptions): Promise<XsoarRun> {
  if ((options.code === undefined) === (options.yamlPath === undefined)) throw new Error('runInXsoar: pass exactly one of code / yamlPath');
  const code = options.code !== undefined ? options.code : scriptFromYaml(options.yamlPath!);
  const host = hostCommand(options.engine === 'vm');
  const dir = mkdtempSync(join(tmpdir(), 'xsoar-run-'));
  try {
    const codeFile = join(dir, 'script.js');
    const inputFile = join(dir, 'input.json');
    writeFileSync(codeFile, code);
    writeFileSync(
      inputFile,
      JSON.stringify({
        command: options.command ?? '',
        args: options.args ?? {},
        params: options.params ?? {},
        executeCommand: options.executeCommand ?? {},
        invContext: options.invContext,
        incidents: options.incidents,
        version: options.version,
        buildNumber: options.buildNumber,
        platform: options.platform,
      }),
    );
    const argv = [...host.argv, '--code', codeFile, '--input', inputFile];
    if (options.contextFile) argv.push('--context', options.contextFile);
    if (options.version) argv.push('--version', options.version);
    if (options.realWait) argv.push('--real-wait');
    if (options.timeoutSeconds !== undefined) argv.push('--timeout', String(options.timeoutSeconds));
    if (options.httpTimeoutSeconds !== undefined) argv.push('--http-timeout', String(options.httpTimeoutSeconds));
    const started = process.hrtime.bigint();
    const stdout = await new Promise<string>((ok, fail) => {
      execFile(host.file, argv, { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, out, errOut) => {
        if (err) fail(new Error(`XSOAR host (${host.engine}) failed: ${errOut || err.message}`));
        else ok(out);
      });
    });
    const run = JSON.parse(stdout) as XsoarRun;
    run.wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.context === null || run.context === undefined) run.context = {};
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ioc-enrich enrich` stopping on Ctrl-C, and running many alerts at once, driven as a real process
 * against a loopback server that answers like VirusTotal but slowly (a delay per IP address).
 */
import { expect } from 'chai';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLI, cleanEnv, ensureBuilt, ndjson, scratch } from './helpers';

const VT_KEY = 'vt-KEY-5ecret-slow-0000111122223333';

/** The little of better-sqlite3 used here (the package ships no types; scripts/node/cache/sqlite.ts does the same). */
interface Db {
  pragma(source: string, options: { simple: true }): unknown;
  prepare(source: string): { all(): unknown[] };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3') as new (path: string, options: { readonly: boolean; fileMustExist: boolean }) => Db;

interface SlowFake {
  server: Server;
  base: string;
  calls: string[];
  /** Milliseconds before answering, per IP (default `slowMs`). */
  delay: { [ip: string]: number };
  slowMs: number;
  inFlight: number;
  maxInFlight: number;
}

function vtBody(ip: string) {
  return {
    data: {
      id: ip,
      type: 'ip_address',
      attributes: { as_owner: 'EXAMPLE-NET', country: 'NL', reputation: 0, tags: [], last_analysis_date: 1717000000, last_analysis_stats: { malicious: 0, suspicious: 0, harmless: 80, undetected: 0, timeout: 0 } },
    },
  };
}

function startSlowFake(): Promise<SlowFake> {
  const fake: SlowFake = { calls: [], delay: {}, slowMs: 2000, inFlight: 0, maxInFlight: 0 } as unknown as SlowFake;
  fake.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/vt\/ip_addresses\/(.+)$/.exec(new URL(req.url || '/', 'http://x').pathname);
    if (!m || req.headers['x-apikey'] !== VT_KEY) {
      res.writeHead(m ? 401 : 404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFoundError"}}');
      return;
    }
    const ip = decodeURIComponent(m[1]);
    fake.calls.push(ip);
    fake.inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, fake.inFlight);
    let open = true;
    const done = () => {
      if (open) fake.inFlight--;
      open = false;
    };
    const timer = setTimeout(() => {
      done();
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(vtBody(ip)));
    }, fake.delay[ip] ?? fake.slowMs);
    res.on('close', () => {
      clearTimeout(timer);
      done();
    });
  });
  return new Promise((resolve) =>
    fake.server.listen(0, '127.0.0.1', () => {
      fake.base = 'http://127.0.0.1:' + (fake.server.address() as AddressInfo).port;
      resolve(fake);
    }),
  );
}

function writeConfig(dir: string, base: string): void {
  writeFileSync(
    join(dir, 'ioc-enrich.yaml'),
    [
      'providers:',
      `  virustotal: { apiKey: "${VT_KEY}", baseUrl: "${base}/vt", limits: { perMinute: 100000, perDay: 100000 } }`,
      'deadlineSeconds: 20',
      '',
    ].join('\n'),
  );
}

interface Exit {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function spawnCli(args: string[], cwd: string): { child: ChildProcessWithoutNullStreams; exit: Promise<Exit>; out: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(cwd) });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, ...out }));
  });
  return { child, exit, out };
}

describe('cli: enrich interrupted and at high concurrency (built CLI, slow loopback provider)', function () {
  this.timeout(60000);
  let fake: SlowFake;
  before(async () => {
    ensureBuilt();
    fake = await startSlowFake();
  });
  after(() => {
    fake.server.closeAllConnections();
    fake.server.close();
  });
  beforeEach(() => {
    fake.calls = [];
    fake.delay = {};
    fake.inFlight = 0;
    fake.maxInFlight = 0;
  });

  it('Ctrl-C on a stream: exit 2, finished reports written whole, in-progress alerts partial (timeout), cache intact', async () => {
    const dir = scratch();
    writeConfig(dir, fake.base);
    const [A, B, C, D] = ['185.220.101.10', '185.220.101.20', '185.220.101.30', '185.220.101.40'];
    fake.delay[A] = 100; // the others take 2 s, so they are still in progress when Ctrl-C comes
    const { child, exit, out } = spawnCli(['enrich', '--as', 'ndjson', '--providers', 'virustotal', '--concurrency', '2'], dir);
    // A stream that stays open (like `tail -f`): stdin is never ended.
    child.stdin.write([A, B, C, D].map((ip, i) => JSON.stringify({ id: i + 1, src_ip: ip })).join('\n') + '\n');
    try {
      // Ctrl-C once the first report is out and alerts 2 and 3 are waiting on the provider.
      for (let i = 0; !(out.stdout.includes('\n') && fake.calls.includes(B) && fake.calls.includes(C)); i++) {
        if (i > 500) throw new Error('alerts never got under way: ' + out.stderr);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(ndjson(out.stdout), 'only alert 1 is finished at the interrupt').to.have.length(1);
      child.kill('SIGINT');
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    const res = await exit;

    expect(res.signal).to.equal(null);
    expect(res.status, res.stderr).to.equal(2);
    expect(res.stdout.endsWith('\n'), 'the last report is a complete line').to.equal(true);
    const reports = ndjson(res.stdout) as any[];
    // Alert 1 finished; 2 and 3 were in progress and are reported partial; 4 never started.
    expect(reports.map((r) => r.source)).to.deep.equal(['-:1', '-:2', '-:3']);
    expect(reports[0]).to.include({ partial: false });
    expect(reports[0].indicators[0].results.virustotal).to.include({ status: 'ok' });
    for (const r of reports.slice(1)) {
      expect(r.partial).to.equal(true);
      expect(r.action).not.to.equal('auto_close');
      expect(r.indicators[0].results.virustotal).to.include({ status: 'error', kind: 'timeout' });
    }
    expect(fake.calls).not.to.include(D);
    expect(res.stderr).to.match(/interrupted/).and.match(/stopped early: results so far were written/);
    expect(res.stdout + res.stderr).not.to.contain(VT_KEY);

    const cacheFile = join(dir, '.cache', 'ioc-enrich', 'cache.sqlite');
    expect(existsSync(cacheFile)).to.equal(true);
    const db = new Database(cacheFile, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).to.equal('ok');
      const keys = (db.prepare('SELECT key FROM entries').all() as { key: string }[]).map((r) => r.key);
      expect(keys.filter((k) => k.endsWith('|ipv4|' + A))).to.have.length(1);
      // Cut-off lookups are not cached as if they had answered.
      expect(keys.filter((k) => k.endsWith('|ipv4|' + B) || k.endsWith('|ipv4|' + C))).to.deep.equal([]);
    } finally {
      db.close();
    }

    // The next run is served from that cache.
    fake.calls = [];
    const again = spawnCli(['enrich', '--as', 'ndjson', '--providers', 'virustotal'], dir);
    again.child.stdin.end(JSON.stringify({ src_ip: A }) + '\n');
    const second = await again.exit;
    expect(second.status, second.stderr).to.equal(0);
    expect(fake.calls).to.deep.equal([]);
    expect((ndjson(second.stdout) as any[])[0].indicators[0].results.virustotal).to.include({ status: 'ok', cached: true });
  });

  it('--concurrency 20 runs 20 alerts at once without a MaxListenersExceededWarning', async () => {
    const dir = scratch();
    writeConfig(dir, fake.base);
    fake.slowMs = 300;
    try {
      const ips = Array.from({ length: 25 }, (_, i) => '185.220.102.' + (i + 1));
      const { child, exit } = spawnCli(['enrich', '--as', 'ndjson', '--providers', 'virustotal', '--concurrency', '20', '--no-cache'], dir);
      child.stdin.end(ips.map((ip) => JSON.stringify({ src_ip: ip })).join('\n') + '\n');
      const res = await exit;
      expect(res.status, res.stderr).to.equal(0);
      expect(ndjson(res.stdout)).to.have.length(25);
      // More than 10 alerts were really in progress together (Node's listener warning threshold).
      expect(fake.maxInFlight).to.be.greaterThan(10);
      expect(res.stderr).not.to.match(/MaxListenersExceededWarning|memory leak/i);
    } finally {
      fake.slowMs = 2000;
    }
  });
});

/**
 * `ioc-enrich enrich` driven as a real process against a loopback server that answers like
 * VirusTotal and AbuseIPDB (shapes from test/fixtures/providers). The server runs in this process,
 * so the CLI is spawned asynchronously.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { chooseFormat } from '../../scripts/cli/commands/enrich';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLI, cleanEnv, ensureBuilt, ndjson, scratch } from './helpers';

const VT_KEY = 'vt-KEY-5ecret-0000111122223333';
const ABUSE_KEY = 'abuse-KEY-5ecret-444455556666';

interface Fake {
  server: Server;
  base: string;
  calls: string[];
  vt: { [ip: string]: { status: number; body: unknown; headers?: Record<string, string> }[] };
  abuse: { [ip: string]: number };
}

function vtBody(ip: string, malicious: number, total: number) {
  return {
    data: {
      id: ip,
      type: 'ip_address',
      attributes: {
        as_owner: 'EXAMPLE-NET',
        country: 'NL',
        reputation: -5,
        tags: [],
        last_analysis_date: 1717000000,
        last_analysis_stats: { malicious, suspicious: 0, harmless: total - malicious, undetected: 0, timeout: 0 },
      },
    },
  };
}

function abuseBody(ip: string, confidence: number) {
  return {
    data: {
      ipAddress: ip, isPublic: true, ipVersion: 4, isWhitelisted: false, abuseConfidenceScore: confidence,
      countryCode: 'DE', usageType: 'Data Center/Web Hosting/Transit', isp: 'Example Hosting', domain: 'hosting.example',
      hostnames: [], isTor: false, totalReports: confidence ? 40 : 0, numDistinctUsers: confidence ? 9 : 0, lastReportedAt: '2026-11-30T10:00:00+00:00',
    },
  };
}

function startFake(): Promise<Fake> {
  const fake = { calls: [] as string[], vt: {}, abuse: {} } as unknown as Fake;
  fake.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url || '/', 'http://x');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const vt = /^\/vt\/ip_addresses\/(.+)$/.exec(url.pathname);
    if (vt) {
      fake.calls.push('vt ' + vt[1]);
      if (req.headers['x-apikey'] !== VT_KEY) return send(401, { error: { code: 'WrongCredentialsError', message: 'Wrong API key' } });
      const queue = fake.vt[vt[1]];
      const next = queue && queue.length > 1 ? queue.shift()! : queue?.[0];
      if (!next) return send(404, { error: { code: 'NotFoundError', message: 'not found' } });
      return send(next.status, next.body, next.headers);
    }
    if (url.pathname === '/abuse/check') {
      const ip = url.searchParams.get('ipAddress') || '';
      fake.calls.push('abuse ' + ip);
      if (req.headers['key'] !== ABUSE_KEY) return send(401, { errors: [{ detail: 'Authentication failed.', status: 401 }] });
      return send(200, abuseBody(ip, fake.abuse[ip] ?? 0));
    }
    send(404, { error: 'unknown path' });
  });
  return new Promise((resolve) =>
    fake.server.listen(0, '127.0.0.1', () => {
      fake.base = 'http://127.0.0.1:' + (fake.server.address() as AddressInfo).port;
      resolve(fake);
    }),
  );
}

function runAsync(args: string[], cwd: string, input: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: cleanEnv(cwd) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

function writeConfig(dir: string, base: string, vtLimits = ''): string {
  const file = join(dir, 'ioc-enrich.yaml');
  writeFileSync(
    file,
    [
      'providers:',
      `  virustotal: { apiKey: "${VT_KEY}", baseUrl: "${base}/vt"${vtLimits} }`,
      `  abuseipdb: { apiKey: "${ABUSE_KEY}", baseUrl: "${base}/abuse" }`,
      'deadlineSeconds: 20',
      '',
    ].join('\n'),
  );
  return file;
}

describe('cli: enrich (built CLI against a loopback provider server)', function () {
  this.timeout(60000);
  let fake: Fake;
  before(async () => {
    ensureBuilt();
    fake = await startFake();
  });
  after(() => fake.server.close());
  beforeEach(() => {
    fake.calls = [];
    fake.vt = {};
    fake.abuse = {};
  });

  it('prints one report per alert in input order, reproducing the seed formula, then serves the second run from the cache', async () => {
    const dir = scratch();
    writeConfig(dir, fake.base);
    fake.vt['185.220.101.4'] = [{ status: 200, body: vtBody('185.220.101.4', 30, 100) }];
    fake.abuse['185.220.101.4'] = 100;
    fake.vt['93.184.216.34'] = [{ status: 200, body: vtBody('93.184.216.34', 0, 80) }];
    const input = [
      JSON.stringify({ id: 1, src_ip: '185.220.101[.]4', message: 'beacon' }),
      JSON.stringify({ id: 2, dest: '93.184.216.34', note: 'internal host 10.1.2.3 talked to it' }),
    ].join('\n');
    const args = ['enrich', '--as', 'ndjson', '--providers', 'virustotal,abuseipdb'];

    const first = await runAsync(args, dir, input);
    expect(first.status, first.stderr).to.equal(0);
    const reports = ndjson(first.stdout);
    expect(reports.map((r) => r.source)).to.deep.equal(['-:1', '-:2']);
    const [a, b] = reports as any[];
    // min(30/100*60 + 100/100*40, 100) = 58
    expect(a.score).to.equal(58);
    expect([a.tier, a.action, a.partial]).to.deep.equal(['medium', 'review', false]);
    expect(a.indicators[0].results.virustotal).to.include({ status: 'ok', cached: false });
    // VT says 0/80 and AbuseIPDB has no reports (not_found, not "clean"): low, auto_close with a note.
    expect([b.score, b.tier, b.action]).to.deep.equal([0, 'low', 'auto_close']);
    expect(b.note).to.be.a('string').and.not.empty;
    const internal = b.indicators.find((i: any) => i.value === '10.1.2.3');
    expect(internal.scope).to.equal('private');
    expect(internal.results.virustotal.status).to.equal('skipped');
    expect(fake.calls.filter((c) => c.includes('10.1.2.3'))).to.deep.equal([]);
    expect(fake.calls.length).to.equal(4);
    expect(first.stderr).to.match(/2 alerts/).and.match(/virustotal: 2 calls/);

    fake.calls = [];
    const second = await runAsync(args, dir, input);
    expect(second.status, second.stderr).to.equal(0);
    expect(fake.calls).to.deep.equal([]);
    const again = ndjson(second.stdout) as any[];
    expect(again[0].score).to.equal(58);
    expect(again[0].indicators[0].results.virustotal.cached).to.equal(true);
    expect(second.stderr).to.match(/cache hit rate: 100%/);

    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) {
      expect(out).not.to.contain(VT_KEY);
      expect(out).not.to.contain(ABUSE_KEY);
    }
  });

  it('retries a 429 after Retry-After, and an outage makes the alert partial (exit 2, never auto_close)', async () => {
    const dir = scratch();
    // VirusTotal's free 4/min would hold the fifth call (a retry) past the deadline: raise it here.
    writeConfig(dir, fake.base, ', limits: { perMinute: 100 }');
    fake.vt['45.33.32.156'] = [
      { status: 429, body: { error: { code: 'TooManyRequestsError', message: 'slow down' } }, headers: { 'retry-after': '1' } },
      { status: 200, body: vtBody('45.33.32.156', 0, 70) },
    ];
    fake.vt['45.33.32.157'] = [{ status: 500, body: { error: { code: 'InternalError', message: 'boom' } } }];
    const input = JSON.stringify([{ ip: '45.33.32.156' }, { ip: '45.33.32.157' }]);
    const res = await runAsync(['enrich', '--as', 'alert', '--no-cache', '--providers', 'virustotal'], dir, input);
    expect(res.status, res.stderr).to.equal(2);
    const [retried, broken] = ndjson(res.stdout) as any[];
    expect(retried.indicators[0].results.virustotal.status).to.equal('ok');
    expect(fake.calls.filter((c) => c === 'vt 45.33.32.156').length).to.equal(2);
    expect(retried.action).to.equal('auto_close');
    expect(broken.partial).to.equal(true);
    expect(broken.action).to.not.equal('auto_close');
    expect(broken.indicators[0].results.virustotal).to.include({ status: 'error', kind: 'server' });
    expect(broken.note).to.match(/virustotal/i);
    // 5xx is retried at most twice: three calls in all.
    expect(fake.calls.filter((c) => c === 'vt 45.33.32.157').length).to.equal(3);
    expect(res.stderr).to.match(/partial/);
  });

  it('keeps the daily budget across runs: once spent, the provider is not called and reports quota', async () => {
    const dir = scratch();
    writeConfig(dir, fake.base, ', limits: { perDay: 1 }');
    fake.vt['45.33.32.10'] = [{ status: 200, body: vtBody('45.33.32.10', 1, 50) }];
    fake.vt['45.33.32.11'] = [{ status: 200, body: vtBody('45.33.32.11', 1, 50) }];
    const args = ['enrich', '--providers', 'virustotal'];
    const first = await runAsync(args, dir, 'seen 45.33.32.10');
    expect(first.status, first.stderr).to.equal(0);
    const second = await runAsync(args, dir, 'seen 45.33.32.11');
    const r = ndjson(second.stdout)[0] as any;
    expect(r.indicators[0].results.virustotal).to.include({ status: 'error', kind: 'quota' });
    expect(fake.calls).to.deep.equal(['vt 45.33.32.10']);
    expect(second.status).to.equal(2);
  });

  it('writes the chosen report format to --out (format from the extension) and CSV to stdout', async () => {
    const dir = scratch();
    writeConfig(dir, fake.base);
    fake.vt['185.220.101.9'] = [{ status: 200, body: vtBody('185.220.101.9', 70, 70) }];
    fake.abuse['185.220.101.9'] = 90;
    const html = await runAsync(['enrich', '--providers', 'virustotal,abuseipdb', '--out', 'report.html'], dir, 'C2 at 185.220.101[.]9');
    expect(html.status, html.stderr).to.equal(0);
    expect(html.stdout).to.equal('');
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).to.match(/^<!doctype html>/i).and.contain('185.220.101.9');
    expect(html.stderr).to.contain('report: report.html (html)');
    const csv = await runAsync(['enrich', '--providers', 'virustotal,abuseipdb', '--format', 'csv'], dir, 'C2 at 185.220.101[.]9');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).to.match(/^source,/).and.contain('virustotal');
    expect(lines).to.have.length(2);
    expect(lines[1]).to.contain('185.220.101.9').and.contain('high');
  });

  it('picks the format from --format, else the --out extension, else ndjson when piped and md on a terminal', () => {
    expect(chooseFormat('csv', 'x.html', false)).to.equal('csv');
    expect(chooseFormat(undefined, 'x.HTML', true)).to.equal('html');
    expect(chooseFormat(undefined, 'x.txt', true)).to.equal('ndjson');
    expect(chooseFormat(undefined, undefined, false)).to.equal('ndjson');
    expect(chooseFormat(undefined, undefined, true)).to.equal('md');
    expect(() => chooseFormat('pdf', undefined, false)).to.throw(/unknown --format "pdf"/);
  });

  it('rejects unknown provider ids with a usage error', async () => {
    const dir = scratch();
    const res = await runAsync(['enrich', '--providers', 'virustotal,nosuch'], dir, 'x');
    expect(res.status).to.equal(1);
    expect(res.stderr).to.match(/unknown provider in --providers: nosuch/);
  });
});

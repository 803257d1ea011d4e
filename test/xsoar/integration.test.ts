/**
 * The IOCEnrich integration as XSOAR runs it: the unified YAML is built (build/xsoar/integration.mjs),
 * its code run in the Go otto ES5 interpreter (test/xsoar/host.ts; announced vm fallback without Go)
 * for every command of the YAML, against a loopback fake of the provider APIs (fixture shapes).
 * The integration context persists between runs through a context file per scenario.
 */
import { expect } from 'chai';
import { parse } from 'acorn';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { buildIntegration } from '../../build/xsoar/integration.mjs';
import { PROVIDERS } from '../../scripts/core/providers/index';
import { buildCommands, buildParams } from '../../scripts/manifest/index';
import { FakeProviders, fixture } from './fake-providers';
import { runInXsoar, XsoarRun } from './host';

const VT_KEY = 'vtKEY-3b9f0c1e7a5d-SECRET';
const ABUSE_KEY = 'abKEY-91d2e8f4c6b0-SECRET';
const DBOT = 'DBotScore(val.Indicator && val.Indicator == obj.Indicator && val.Vendor == obj.Vendor && val.Type == obj.Type)';
const IND = 'IOCEnrich.Indicator(val.Value == obj.Value)';
const PROVIDER_RESULT = 'IOCEnrich.ProviderResult(val.Provider == obj.Provider && val.Value == obj.Value)';
const IP_KEY = 'IP(val.Address && val.Address == obj.Address)';

type Entry = { Type: number; Contents: any; HumanReadable?: string; EntryContext?: Record<string, any>; APIExecutionMetrics?: Array<{ Type: string; APICallsCount: number }> };

describe('XSOAR integration IOCEnrich (built YAML in the ES5 interpreter)', function () {
  this.timeout(60000);
  let dir: string;
  let yamlPath: string;
  let code: string;
  let yamlDoc: any;
  const fake = new FakeProviders({ virustotal: VT_KEY, abuseipdb: ABUSE_KEY });
  const allRuns: XsoarRun[] = [];
  const commandsRun = new Set<string>();

  function params(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      providers: ['virustotal', 'abuseipdb'],
      virustotal_credentials: { identifier: '', password: VT_KEY },
      virustotal_url: fake.url('virustotal'),
      abuseipdb_credentials: { identifier: '', password: ABUSE_KEY },
      abuseipdb_url: fake.url('abuseipdb'),
      reliability: 'B - Usually reliable',
      ...extra,
    };
  }

  async function run(command: string, args: Record<string, unknown>, opts: { context: string; params?: Record<string, unknown>; version?: string }): Promise<XsoarRun> {
    const r = await runInXsoar({ yamlPath, command, args, params: opts.params ?? params(), contextFile: join(dir, opts.context + '.json'), version: opts.version });
    allRuns.push(r);
    commandsRun.add(command);
    if (r.error) throw new Error(`${command} threw in the interpreter: ${r.error}\n${r.errorStack ?? ''}`);
    return r;
  }

  function entries(r: XsoarRun): Entry[] {
    return Array.isArray(r.result) ? r.result : [r.result];
  }

  function notes(r: XsoarRun): Entry[] {
    return entries(r).filter((e) => e.Type === 1);
  }

  function metrics(r: XsoarRun): Record<string, number> | undefined {
    const m = entries(r).find((e) => e.Type === 19);
    if (!m) return undefined;
    expect(m.Contents).to.equal('Metrics reported successfully.');
    return Object.fromEntries(m.APIExecutionMetrics!.map((x) => [x.Type, x.APICallsCount]));
  }

  before(async function () {
    this.timeout(240000); // first use builds the Go host
    dir = mkdtempSync(join(tmpdir(), 'xsoar-integration-'));
    const built = await buildIntegration(dir);
    yamlPath = built.file;
    code = built.code;
    yamlDoc = parseYaml(readFileSync(yamlPath, 'utf8'));
    await fake.start();
  });

  after(async function () {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('build', function () {
    it('writes a unified javascript integration YAML whose commands and params are the manifest', function () {
      expect(yamlPath).to.match(/IOCEnrich[\\/]Integrations[\\/]integration-IOCEnrich\.yml$/);
      expect(yamlDoc.commonfields.id).to.equal('IOCEnrich');
      expect(yamlDoc.name).to.equal('IOCEnrich');
      expect(yamlDoc.display).to.equal('IOC Enrich');
      expect(yamlDoc.category).to.equal('Data Enrichment & Threat Intelligence');
      expect(yamlDoc.script.type).to.equal('javascript');
      expect(yamlDoc.script).not.to.have.property('dockerimage');
      expect(yamlDoc.script.script).to.contain('return (function');
      expect(yamlDoc.script.commands.map((c: any) => c.name)).to.deep.equal(buildCommands(PROVIDERS).map((c) => c.name));
      expect(yamlDoc.configuration.map((p: any) => p.name)).to.deep.equal(buildParams(PROVIDERS).map((p) => p.name));
      expect(yamlDoc.detaileddescription).to.be.a('string').and.not.equal('');
    });

    it('is one ES5 statement (acorn ecmaVersion 5) using no CommonServer.js helper', function () {
      const ast = parse(code, { ecmaVersion: 5, sourceType: 'script', allowReturnOutsideFunction: true });
      expect(ast.body).to.have.length(1);
      expect(ast.body[0].type).to.equal('ReturnStatement');
      expect(code).not.to.match(/\btableToMarkdown\b|\bargToList\b/);
    });
  });

  describe('ioc-extract', function () {
    it('extracts defanged indicators without calling anyone', async function () {
      const r = await run('ioc-extract', { text: 'Beacon to hxxps://login-secure[.]top/wp/a.php from 45.33.32[.]156; hash 44d88612fea8a8f36de82e1278abb02f; ignore 10.0.0.1' }, { context: 'extract' });
      const ex = notes(r)[0].EntryContext!['IOCEnrich.Extracted(val.Type == obj.Type && val.Value == obj.Value)'];
      const byType = Object.fromEntries(ex.map((x: any) => [x.Type + ' ' + x.Value, x]));
      expect(byType['url https://login-secure.top/wp/a.php'].Raw).to.equal('hxxps://login-secure[.]top/wp/a.php');
      expect(byType['ipv4 45.33.32.156'].Scope).to.equal('public');
      expect(byType['ipv4 10.0.0.1'].Scope).to.equal('private');
      expect(byType).to.have.property('md5 44d88612fea8a8f36de82e1278abb02f');
      expect(r.httpCalls).to.have.length(0);
      expect(notes(r)[0].HumanReadable).to.contain('|Type|Value|As written|');
    });
  });

  describe('ip: DBotScore mapping, cache across runs, execution metrics', function () {
    const HIGH = '45.33.32.156';
    const MEDIUM = '185.220.101.1';
    const GOOD = '93.184.216.34';
    const UNKNOWN = '104.16.0.1';
    let first: XsoarRun;

    before(function () {
      fake.script('virustotal', HIGH, fixture('virustotal', 'not-found', 404));
      fake.script('abuseipdb', HIGH, fixture('abuseipdb', 'malicious-v4'));
      fake.script('virustotal', MEDIUM, fixture('virustotal', 'ip-malicious'));
      fake.script('abuseipdb', MEDIUM, fixture('abuseipdb', 'malicious-v4'));
      fake.script('virustotal', GOOD, fixture('virustotal', 'ip-benign'));
      fake.script('abuseipdb', GOOD, fixture('abuseipdb', 'unseen-v4'));
      fake.script('virustotal', UNKNOWN, fixture('virustotal', 'not-found', 404));
      fake.script('abuseipdb', UNKNOWN, fixture('abuseipdb', 'unseen-v4'));
    });

    it('scores high → 3, medium → 2, clean verdict → 1, no verdict → 0, with reliability and standard context', async function () {
      first = await run('ip', { ip: `${HIGH}, ${MEDIUM},${GOOD}, 104.16.0[.]1` }, { context: 'ip' });
      expect(first.httpCalls).to.have.length(8);
      const byValue: Record<string, Entry> = {};
      for (const e of notes(first)) byValue[e.EntryContext![IND].Value] = e;
      const dbot = (v: string) => byValue[v].EntryContext![DBOT];
      expect(dbot(HIGH)).to.deep.equal({ Indicator: HIGH, Type: 'ip', Vendor: 'IOCEnrich', Score: 3, Reliability: 'B - Usually reliable' });
      expect(dbot(MEDIUM).Score).to.equal(2);
      expect(dbot(GOOD).Score).to.equal(1);
      expect(dbot(UNKNOWN).Score).to.equal(0);
      expect(byValue[HIGH].EntryContext![IP_KEY].Malicious.Vendor).to.equal('IOCEnrich');
      expect(byValue[MEDIUM].EntryContext![IP_KEY]).to.deep.equal({ Address: MEDIUM });
      const med = byValue[MEDIUM].EntryContext![IND];
      expect(med.Tier).to.equal('medium');
      expect(med.Score).to.be.closeTo((5 / 93) * 60 + 40, 0.01);
      expect(med.Breakdown.map((b: any) => b.Provider)).to.deep.equal(['virustotal', 'abuseipdb']);
      expect(med.Breakdown[0].Link).to.equal('https://www.virustotal.com/gui/ip-address/' + MEDIUM);
      expect(med.Breakdown[0].Cached).to.equal(false);
      const md = byValue[MEDIUM].HumanReadable!;
      expect(md).to.contain('[VirusTotal](https://www.virustotal.com/gui/ip-address/' + MEDIUM + ')');
      expect(md).to.match(/\|Provider\|Status\|Verdict\|Weight\|Contribution\|Facts\|/);
      expect(md).to.contain('DBotScore:** 2 (Suspicious)');
      expect(metrics(first)).to.deep.equal({ Successful: 8 });
    });

    it('answers the same lookups from the integration context on the next run: no HTTP call, marked cached', async function () {
      const before = fake.count();
      const again = await run('ip', { ip: [HIGH, MEDIUM] }, { context: 'ip' });
      expect(again.httpCalls).to.have.length(0);
      expect(fake.count()).to.equal(before);
      const e = notes(again)[1];
      expect(e.EntryContext![IND].Breakdown.every((b: any) => b.Cached === true)).to.equal(true);
      expect(e.HumanReadable).to.match(/ok, cached \d+ s ago/);
      expect(e.EntryContext![DBOT].Score).to.equal(2);
      expect(metrics(again)).to.equal(undefined); // nothing called, nothing to report
    });

    it('refresh=true asks again, within the persisted budgets (VirusTotal: 4/min already spent)', async function () {
      const r = await run('ip', { ip: GOOD, refresh: 'true' }, { context: 'ip' });
      expect(r.httpCalls.map((c) => c.url)).to.deep.equal([fake.url('abuseipdb') + '/check']);
      const e = notes(r)[0];
      const vt = e.EntryContext![IND].Breakdown[0];
      expect(vt).to.include({ Provider: 'virustotal', Status: 'error', Kind: 'rate_limited' });
      expect(vt.Message).to.contain('4/min');
      expect(r.waits).to.deep.equal([]); // the slot is after the deadline: not waited for, not called
      expect(e.EntryContext![DBOT].Score).to.equal(0); // a failure is never Good
    });

    it('stores JSON strings in the integration context: a fingerprinted cache and the budgets, never a key', function () {
      const ctx = first.context;
      expect(typeof ctx.ioc_enrich_cache).to.equal('string');
      expect(typeof ctx.ioc_enrich_limiter).to.equal('string');
      expect(first.warnings).to.deep.equal([]);
      const cache = JSON.parse(ctx.ioc_enrich_cache);
      const keys = Object.keys(cache.e);
      expect(keys.length).to.equal(8); // every ok and not_found answer (errors are never cached)
      for (const k of keys) expect(k).to.match(/^v1\|(virustotal|abuseipdb)\|[0-9a-f]{32}\|ipv4\|/);
      const limiter = JSON.parse(ctx.ioc_enrich_limiter);
      const vt = Object.keys(limiter.budgets).find((k) => k.startsWith('virustotal:'))!;
      expect(limiter.budgets[vt].dayCount).to.equal(4);
    });

    it('ioc-enrich-budget shows what is left per provider and window', async function () {
      const r = await run('ioc-enrich-budget', {}, { context: 'ip' });
      const rows = notes(r)[0].EntryContext!['IOCEnrich.Budget(val.Provider == obj.Provider && val.Window == obj.Window)'];
      const vtDay = rows.find((x: any) => x.Provider === 'virustotal' && x.Window === 'day');
      const vtMin = rows.find((x: any) => x.Provider === 'virustotal' && x.Window === 'minute');
      expect(vtDay).to.deep.equal({ Provider: 'virustotal', Window: 'day', Limit: 500, Remaining: 496 });
      expect(vtMin.Limit).to.equal(4);
      expect(vtMin.Remaining).to.equal(0);
      expect(rows.find((x: any) => x.Provider === 'abuseipdb' && x.Window === 'day').Remaining).to.equal(995);
      expect(r.httpCalls).to.have.length(0);
    });

    it('ioc-enrich-cache-stats and ioc-enrich-cache-clear; after clearing, lookups call again', async function () {
      const stats = await run('ioc-enrich-cache-stats', {}, { context: 'ip' });
      const s = notes(stats)[0].EntryContext!['IOCEnrich.Cache'];
      expect(s.Entries).to.equal(8);
      expect(s.Bytes).to.be.greaterThan(100);
      expect(notes(stats)[0].HumanReadable).to.contain('|virustotal|ok|');
      const cleared = await run('ioc-enrich-cache-clear', {}, { context: 'ip' });
      expect(notes(cleared)[0].Contents).to.deep.equal({ cleared: 8 });
      expect(JSON.parse(cleared.context.ioc_enrich_cache).e).to.deep.equal({});
      expect(JSON.parse(cleared.context.ioc_enrich_limiter).budgets).not.to.deep.equal({}); // budgets kept
      const after = await run('ioc-enrich-cache-stats', {}, { context: 'ip' });
      expect(notes(after)[0].EntryContext!['IOCEnrich.Cache'].Entries).to.equal(0);
      const again = await run('ip', { ip: HIGH }, { context: 'ip' });
      expect(again.httpCalls.length).to.be.greaterThan(0);
    });
  });

  describe('rate limits and outages', function () {
    it('waits out a 429 Retry-After with wait() and then uses the answer', async function () {
      const ip = '23.129.64.130';
      fake.script('virustotal', ip, fixture('virustotal', 'too-many', 429, { 'Retry-After': '3' }), fixture('virustotal', 'ip-benign'));
      fake.script('abuseipdb', ip, fixture('abuseipdb', 'unseen-v4'));
      const r = await run('ip', { ip }, { context: 'ratelimit' });
      expect(r.waits).to.deep.equal([3]);
      const vtCalls = r.httpCalls.filter((c) => c.url.includes('/virustotal/'));
      expect(vtCalls.map((c) => c.status)).to.deep.equal([429, 200]);
      const ind = notes(r)[0].EntryContext![IND];
      expect(ind.Breakdown[0].Status).to.equal('ok');
      expect(notes(r)[0].EntryContext![DBOT].Score).to.equal(1);
      expect(metrics(r)).to.deep.equal({ Successful: 2, QuotaError: 1 });
    });

    it('a provider outage makes a partial alert that is reviewed, never auto-closed', async function () {
      const ip = '23.129.64.131';
      fake.script('virustotal', ip, fixture('virustotal', 'ip-benign'));
      fake.outage('abuseipdb');
      try {
        const r = await run('ioc-enrich', { indicators: ip }, { context: 'outage' });
        const alert = notes(r)[0].EntryContext!['IOCEnrich.Alert'];
        expect(alert.Partial).to.equal(true);
        expect(alert.Action).to.equal('review');
        expect(alert.Tier).to.equal('medium');
        expect(alert.Note).to.contain('abuseipdb server');
        expect(r.httpCalls.filter((c) => c.url.includes('/abuseipdb/'))).to.have.length(3); // 2 retries with backoff
        expect(r.waits.length).to.be.greaterThan(0);
        const ind = notes(r)[0].EntryContext![IND][0];
        expect(ind.Breakdown[1]).to.include({ Provider: 'abuseipdb', Status: 'error', Kind: 'server' });
        expect(metrics(r)).to.deep.equal({ Successful: 1, ServiceError: 3 });
        // The same lookup on the reputation command: a failure is never reported as Good.
        const rep = await run('ip', { ip }, { context: 'outage' });
        expect(notes(rep)[0].EntryContext![DBOT].Score).to.equal(0);
      } finally {
        fake.restore('abuseipdb');
      }
    });
  });

  describe('ioc-enrich', function () {
    it('enriches defanged text and routes the alert', async function () {
      const url = 'https://login-secure.top/wp/a.php';
      fake.script('virustotal', url, fixture('virustotal', 'url-malicious'));
      fake.script('virustotal', 'login-secure.top', fixture('virustotal', 'domain-malicious'));
      fake.script('virustotal', '5.188.86.172', fixture('virustotal', 'ip-malicious'));
      fake.script('abuseipdb', '5.188.86.172', fixture('abuseipdb', 'malicious-v4'));
      const text = 'User clicked hxxps://login-secure[.]top/wp/a.php; C2 5.188.86[.]172 and internal 10.1.2.3';
      const r = await run('ioc-enrich', { text }, { context: 'enrich' });
      const e = notes(r)[0];
      const inds = e.EntryContext![IND];
      expect(inds.map((x: any) => x.Type + ' ' + x.Value)).to.have.members(['url ' + url, 'domain login-secure.top', 'ipv4 5.188.86.172', 'ipv4 10.1.2.3']);
      const internal = inds.find((x: any) => x.Value === '10.1.2.3');
      expect(internal.Breakdown.every((b: any) => b.Status === 'skipped')).to.equal(true);
      const alert = e.EntryContext!['IOCEnrich.Alert'];
      expect(alert).to.include({ Tier: 'medium', Action: 'review', Partial: false });
      expect(alert.Score).to.be.closeTo((5 / 93) * 60 + 40, 0.01);
      expect(alert.Note).to.contain('nothing was blocked');
      expect(e.HumanReadable).to.contain('alert score 43.2 (medium) → review');
      expect(r.httpCalls.some((c) => c.url.includes('10.1.2.3'))).to.equal(false);
    });

    it('restricts to the providers argument and rejects providers the instance does not enable', async function () {
      const r = await run('ioc-enrich', { indicators: '5.188.86.172', providers: 'abuseipdb', refresh: 'true' }, { context: 'enrich' });
      expect(r.httpCalls.every((c) => c.url.includes('/abuseipdb/'))).to.equal(true);
      expect(notes(r)[0].EntryContext![IND][0].Breakdown.map((b: any) => b.Provider)).to.deep.equal(['abuseipdb']);
      const bad = await run('ioc-enrich', { indicators: '5.188.86.172', providers: 'shodan' }, { context: 'enrich' });
      const err = entries(bad)[0];
      expect(err.Type).to.equal(4);
      expect(err.Contents).to.contain('Shodan (shodan) is not enabled in this instance');
    });
  });

  describe('ioc-enrich-provider', function () {
    it('returns one provider\'s result per indicator for playbook fan-out', async function () {
      fake.script('abuseipdb', '5.188.86.173', fixture('abuseipdb', 'malicious-v4'));
      const r = await run('ioc-enrich-provider', { provider: 'abuseipdb', indicators: '5.188.86[.]173' }, { context: 'provider' });
      const rows = notes(r)[0].EntryContext![PROVIDER_RESULT];
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ Provider: 'abuseipdb', Value: '5.188.86.173', Type: 'ipv4', Status: 'ok', Malicious: 1, Confidence: 1, Weight: 40, Cached: false });
      expect(rows[0].Facts.totalReports).to.equal(212);
      expect(r.httpCalls).to.have.length(1);
      const skipped = await run('ioc-enrich-provider', { provider: 'shodan', indicators: '5.188.86.173' }, { context: 'provider' });
      expect(notes(skipped)[0].EntryContext![PROVIDER_RESULT][0]).to.include({ Provider: 'shodan', Status: 'skipped' });
    });
  });

  describe('domain, url, file', function () {
    it('emit DBotScore with the right type and the standard objects', async function () {
      const sha = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
      fake.script('virustotal', sha, fixture('virustotal', 'file-malicious'));
      fake.script('virustotal', 'update-check.xyz', fixture('virustotal', 'domain-benign'));
      fake.script('virustotal', 'http://update-check.xyz/a', fixture('virustotal', 'url-benign'));
      const file = notes(await run('file', { file: sha.toUpperCase() }, { context: 'types' }))[0];
      expect(file.EntryContext![DBOT]).to.include({ Indicator: sha, Type: 'file', Score: 3 });
      const fileKey = Object.keys(file.EntryContext!).find((k) => k.startsWith('File('))!;
      expect(file.EntryContext![fileKey].SHA256).to.equal(sha);
      expect(file.EntryContext![fileKey].Malicious.Description).to.contain('IOC Enrich score');
      const dom = notes(await run('domain', { domain: 'update-check[.]xyz' }, { context: 'types' }))[0];
      expect(dom.EntryContext![DBOT]).to.include({ Indicator: 'update-check.xyz', Type: 'domain', Score: 1 });
      expect(dom.EntryContext!['Domain(val.Name && val.Name == obj.Name)']).to.deep.equal({ Name: 'update-check.xyz' });
      const url = notes(await run('url', { url: 'hxxp://update-check[.]xyz/a' }, { context: 'types' }))[0];
      expect(url.EntryContext![DBOT]).to.include({ Indicator: 'http://update-check.xyz/a', Type: 'url' });
      expect(url.EntryContext!['URL(val.Data && val.Data == obj.Data)']).to.deep.equal({ Data: 'http://update-check.xyz/a' });
    });

    it('gives a clear error entry for values that are not of the command\'s type', async function () {
      const r = await run('ip', { ip: 'not-an-ip' }, { context: 'types' });
      const e = entries(r)[0];
      expect(e.Type).to.equal(4);
      expect(e.Contents).to.match(/ip: "not-an-ip" is not an IPv4 or IPv6 address\. Give/);
    });
  });

  describe('settings', function () {
    it('passes insecure and proxy to http()', async function () {
      const r = await run('ip', { ip: '23.129.64.140' }, { context: 'flags', params: params({ insecure: true, proxy: true }) });
      expect(r.httpCalls.length).to.be.greaterThan(0);
      expect(r.httpCalls.every((c) => c.insecure && c.proxy)).to.equal(true);
    });

    it('names a malformed param and what to do', async function () {
      const r = await run('ip', { ip: '23.129.64.140' }, { context: 'flags', params: params({ threshold_high: 'seventy' }) });
      expect(entries(r)[0].Type).to.equal(4);
      expect(entries(r)[0].Contents).to.contain('threshold_high must be a number');
    });

    it('screens allowlisted CIDRs and internal domains from params', async function () {
      const r = await run('ioc-enrich', { indicators: '23.129.64.141, intranet.corp-example.com' }, {
        context: 'flags',
        params: params({ allowlist: '23.129.64.0/24\n# comment\n', internal_domains: 'corp-example.com' }),
      });
      const inds = notes(r)[0].EntryContext![IND];
      expect(inds[0].Allowlisted).to.contain('23.129.64.0/24');
      expect(inds[1].Breakdown.every((b: any) => b.Status === 'skipped')).to.equal(true);
      expect(r.httpCalls.some((c) => c.url.includes('intranet'))).to.equal(false);
    });

    it('omits the execution-metrics entry before XSOAR 6.8', async function () {
      const r = await run('ip', { ip: '23.129.64.142' }, { context: 'old', version: '6.5.0' });
      expect(r.httpCalls.length).to.be.greaterThan(0);
      expect(metrics(r)).to.equal(undefined);
    });
  });

  describe('test-module', function () {
    it('answers ok when every enabled provider accepts its key', async function () {
      const r = await run('test-module', {}, { context: 'testmodule' });
      expect(r.result).to.equal('ok');
    });

    it('names every failing provider and why, without the key', async function () {
      const r = await run('test-module', {}, {
        context: 'testmodule',
        params: params({ virustotal_credentials: { identifier: '', password: 'wrong-KEY-0000-SECRET' }, providers: 'virustotal,abuseipdb,misp' }),
      });
      expect(r.result).to.be.a('string');
      expect(r.result).to.contain('2 of 3 providers failed');
      expect(r.result).to.match(/VirusTotal \(virustotal\): VirusTotal rejected the API key \(HTTP 401\)/);
      expect(r.result).to.match(/MISP \(misp\): no base URL/);
      expect(r.result).not.to.contain('AbuseIPDB');
      expect(r.result).not.to.contain('wrong-KEY-0000-SECRET');
      expect(r.context).to.deep.equal({}); // no integration context in test-module
    });
  });

  describe('secrets', function () {
    it('never puts an API key in results, logs, context or errors', async function () {
      // A failing key that the fake echoes back, through every path that reports errors.
      const leaky = params({ abuseipdb_credentials: { identifier: '', password: 'leaky-KEY-5e6f-SECRET' } });
      const r1 = await run('ip', { ip: '23.129.64.150' }, { context: 'secrets', params: leaky });
      expect(JSON.stringify(notes(r1)[0].EntryContext![IND])).to.contain('auth');
      await run('ioc-enrich-provider', { provider: 'abuseipdb', indicators: '23.129.64.151' }, { context: 'secrets', params: leaky });
      await run('test-module', {}, { context: 'secrets', params: leaky });
      const all = JSON.stringify(allRuns.map((r) => ({ result: r.result, logs: r.logs, context: r.context, error: r.error ?? null, warnings: r.warnings })));
      for (const key of [VT_KEY, ABUSE_KEY, 'leaky-KEY-5e6f-SECRET', 'wrong-KEY-0000-SECRET']) {
        expect(all).not.to.contain(key);
        expect(all).not.to.contain(encodeURIComponent(key));
      }
      expect(all).to.contain('[redacted]'); // the fake's echo was there to be removed
    });
  });

  describe('coverage', function () {
    it('ran every command of the built YAML', function () {
      const names = ['test-module', ...yamlDoc.script.commands.map((c: any) => c.name)];
      expect(names.filter((n) => !commandsRun.has(n))).to.deep.equal([]);
    });
  });
});

import { expect } from 'chai';
import nock from 'nock';
import { Enricher } from '../../scripts/node/engine';
import type { EngineEvent } from '../../scripts/core/engine/types';
import type { EngineConfig } from '../../scripts/core/config';
import type { Extracted } from '../../scripts/core/model';
import { virustotal } from '../../scripts/core/providers/virustotal';
import { abuseipdb } from '../../scripts/core/providers/abuseipdb';
import { FakeClock, fakeProvider, json, scriptedTransport } from './fakes';

const VT_KEY = 'vtkey-0123456789abcdef0123456789abcdef';
const AB_KEY = 'abkey-fedcba9876543210fedcba9876543210';
const IP = '45.83.64.5';

const ext = (type: Extracted['type'], value: string): Extracted => ({ type, value, raw: value, offsets: [0] });

function fakes() {
  return [
    fakeProvider({ id: 'virustotal', name: 'FakeVT', weight: 60, types: ['ipv4', 'domain', 'sha256'] }),
    fakeProvider({ id: 'abuseipdb', name: 'FakeAbuse', weight: 40, types: ['ipv4'] }),
  ];
}
const fakeConfig = (extra: EngineConfig = {}): EngineConfig => ({ providers: { virustotal: { apiKey: VT_KEY }, abuseipdb: { apiKey: AB_KEY } }, ...extra });

describe('engine/Enricher (Node shell, nock through axios)', () => {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());

  it('provider answers 429 with Retry-After, then succeeds; waits on the fake clock', async () => {
    const clock = new FakeClock();
    const events: EngineEvent[] = [];
    nock('https://fake.test')
      .get('/virustotal/ipv4/' + IP).reply(429, { error: 'slow down' }, { 'Retry-After': '7' })
      .get('/virustotal/ipv4/' + IP).reply(200, { malicious: 0.4 })
      .get('/abuseipdb/ipv4/' + IP).reply(200, { malicious: 0.9 });
    const e = new Enricher({ config: fakeConfig(), providers: fakes(), now: clock.now, sleep: clock.sleep, random: () => 0.5, onEvent: (x) => events.push(x) });
    const report = await e.enrichAlert({ source: 'alert-429', indicators: [ext('ipv4', IP)] });
    expect(nock.isDone()).to.equal(true);
    expect(clock.slept).to.deep.equal([7000]);
    expect(report.indicators[0].results.virustotal).to.deep.include({ status: 'ok', cached: false });
    expect(report.indicators[0].score).to.be.closeTo(0.4 * 60 + 0.9 * 40, 1e-9);
    expect(report).to.include({ tier: 'medium', action: 'review', partial: false });
    expect(events.some((x) => x.type === 'retry' && x.provider === 'virustotal' && x.delayMs === 7000)).to.equal(true);
    const m = e.metrics();
    expect(m.virustotal).to.include({ calls: 2, ok: 1, rateLimited429: 1, retries: 1, successRate: 1 });
    expect(m.virustotal.latencyMs.p50).to.be.a('number');
  });

  it('a 500 outage makes the alert partial and never auto_close', async () => {
    const clock = new FakeClock();
    nock('https://fake.test').get('/virustotal/ipv4/' + IP).times(3).reply(500, 'oops').get('/abuseipdb/ipv4/' + IP).reply(404, {});
    const e = new Enricher({ config: fakeConfig(), providers: fakes(), now: clock.now, sleep: clock.sleep, random: () => 0 });
    const report = await e.enrichAlert({ source: 'alert-500', indicators: [ext('ipv4', IP)] });
    expect(nock.isDone()).to.equal(true);
    expect(clock.slept).to.deep.equal([500, 1000]);
    expect(report.indicators[0].results.virustotal).to.deep.include({ status: 'error', kind: 'server' });
    expect(report.indicators[0].results.abuseipdb.status).to.equal('not_found');
    expect(report.indicators[0].explanation).to.contain('no provider answered');
    expect(report).to.include({ score: 0, partial: true, tier: 'medium', action: 'review' });
    expect(report.note).to.contain('virustotal server');
    expect(e.metrics().virustotal.errors).to.deep.equal({ server: 1 });
  });

  it('concurrent identical (provider, indicator) lookups across alerts share one call; later alerts hit the cache', async () => {
    nock('https://fake.test').get('/virustotal/ipv4/' + IP).delay(30).reply(200, { malicious: 1 }).get('/abuseipdb/ipv4/' + IP).delay(30).reply(200, { malicious: 1 });
    nock('https://fake.test').get('/virustotal/domain/evil.test').reply(200, { malicious: 0.2 });
    const e = new Enricher({ config: fakeConfig(), providers: fakes() });
    const [a, b, c] = await Promise.all([
      e.enrichAlert({ source: 'a', indicators: [ext('ipv4', IP)] }),
      e.enrichAlert({ source: 'b', indicators: [ext('ipv4', IP), ext('domain', 'evil.test')] }),
      e.enrichAlert({ source: 'c', indicators: [ext('ipv4', IP)] }),
    ]);
    expect(nock.isDone()).to.equal(true);
    for (const r of [a, b, c]) expect(r.indicators[0].results.virustotal.status).to.equal('ok');
    expect(a.metrics.calls).to.equal(2);
    expect(b.metrics).to.include({ calls: 1, shared: 2 });
    expect(c.metrics).to.include({ calls: 0, shared: 2 });
    const d = await e.enrichAlert({ source: 'd', indicators: [ext('ipv4', IP)] });
    expect(d.indicators[0].results.virustotal.cached).to.equal(true);
    expect(d.metrics).to.include({ calls: 0, cacheHits: 2 });
    expect(e.metrics().virustotal).to.include({ calls: 2, cacheHits: 1 });
  });

  it('refresh bypasses the cache', async () => {
    nock('https://fake.test').get('/virustotal/sha256/' + 'b'.repeat(64)).times(2).reply(200, { malicious: 0.1 });
    const e = new Enricher({ config: fakeConfig(), providers: fakes() });
    await e.enrichAlert({ source: 'x', indicators: [ext('sha256', 'b'.repeat(64))] });
    const again = await e.enrichAlert({ source: 'x', indicators: [ext('sha256', 'b'.repeat(64))] }, { refresh: true });
    expect(nock.isDone()).to.equal(true);
    expect(again.indicators[0].results.virustotal.cached).to.equal(false);
  });

  it('deadline: a slow provider is cut off, its result is error timeout and the alert partial', async () => {
    const clock = new FakeClock();
    const { transport } = scriptedTransport(async (req) => {
      if (req.url.includes('/abuseipdb/')) {
        await new Promise((r) => setTimeout(r, 20)); // let the fast provider answer first
        clock.advance(30_000); // the answer would come after the 25 s deadline
        return json(200, { malicious: 0 });
      }
      return json(200, { malicious: 0.1 });
    });
    const e = new Enricher({ config: fakeConfig(), providers: fakes(), now: clock.now, sleep: clock.sleep, transport });
    const report = await e.enrichAlert({ source: 'slow', indicators: [ext('ipv4', IP)] });
    expect(report.indicators[0].results.virustotal.status).to.equal('ok');
    expect(report.indicators[0].results.abuseipdb).to.deep.include({ status: 'error', kind: 'timeout' });
    expect(report).to.include({ partial: true, action: 'review' });
    expect(report.metrics.timedOut).to.equal(1);
  });

  it('per-call timeout aborts a hanging request (AbortController) and retries count it as a timeout', async () => {
    const clock = new FakeClock();
    let aborted = 0;
    const { transport, seen } = scriptedTransport((req, _n, opts) => {
      if (req.url.includes('/virustotal/')) return json(200, { malicious: 0 });
      // Never answers on its own: only the Enricher's per-call AbortController ends it.
      return new Promise((resolve) =>
        opts.signal!.addEventListener('abort', () => {
          aborted++;
          resolve({ kind: 'timeout', message: 'aborted' });
        }),
      );
    });
    const e = new Enricher({ config: fakeConfig({ providers: { virustotal: { apiKey: VT_KEY }, abuseipdb: { apiKey: AB_KEY, timeoutMs: 20 } } }), providers: fakes(), now: clock.now, sleep: clock.sleep, transport, random: () => 0 });
    const report = await e.enrichAlert({ source: 'hang', indicators: [ext('ipv4', IP)] });
    expect(report.indicators[0].results.abuseipdb).to.deep.include({ status: 'error', kind: 'timeout' });
    expect(report.indicators[0].results.abuseipdb.message).to.contain('no answer within 20 ms');
    expect(seen.filter((r) => r.url.includes('/abuseipdb/'))).to.have.length(3);
    expect(aborted).to.equal(3);
  });

  it('rate limits are never exceeded: VT 4/min over 6 indicators waits (event "4/min") or ends rate_limited', async () => {
    const clock = new FakeClock();
    const events: EngineEvent[] = [];
    const sent: number[] = [];
    const { transport } = scriptedTransport((req) => {
      if (req.url.includes('/virustotal/')) sent.push(clock.now());
      return json(200, { malicious: 0 });
    });
    const vt = fakeProvider({ id: 'virustotal', weight: 60, types: ['domain'], limits: { perMinute: 4 } });
    const e = new Enricher({ config: { providers: { virustotal: { apiKey: VT_KEY } }, deadlineSeconds: 120 }, providers: [vt], now: clock.now, sleep: clock.sleep, transport, onEvent: (x) => events.push(x) });
    const report = await e.enrichAlert({ source: 'burst', indicators: ['a', 'b', 'c', 'd', 'e', 'f'].map((d) => ext('domain', d + '.evil.test')) });
    expect(sent).to.have.length(6);
    for (let i = 4; i < sent.length; i++) expect(sent[i] - sent[i - 4]).to.be.at.least(60_000);
    expect(events.some((x) => x.type === 'waiting' && x.provider === 'virustotal' && x.reason === '4/min')).to.equal(true);
    expect(report.partial).to.equal(false);
    expect(e.metrics().virustotal.budget).to.deep.equal({ perMinute: { used: 2, limit: 4 } });
  });

  it('cancel via AbortSignal returns a partial report at once', async () => {
    const ac = new AbortController();
    const { transport } = scriptedTransport(() => new Promise(() => undefined));
    const e = new Enricher({ config: fakeConfig(), providers: fakes(), transport });
    const p = e.enrichAlert({ source: 'cancel', indicators: [ext('ipv4', IP)] }, { signal: ac.signal });
    setImmediate(() => ac.abort());
    const report = await p;
    expect(report.partial).to.equal(true);
    expect(report.indicators[0].results.virustotal).to.deep.include({ status: 'error', kind: 'timeout' });
  });

  it('real VirusTotal + AbuseIPDB adapters through nock reproduce the seed IP formula exactly', async () => {
    const stats = { harmless: 60, malicious: 5, suspicious: 1, undetected: 27, timeout: 0 };
    const vtTotal = 93;
    nock('https://www.virustotal.com', { reqheaders: { 'x-apikey': VT_KEY } })
      .get('/api/v3/ip_addresses/' + IP)
      .reply(200, { data: { id: IP, type: 'ip_address', attributes: { last_analysis_stats: stats, as_owner: 'EXAMPLE', reputation: -11 } } });
    nock('https://api.abuseipdb.com', { reqheaders: { Key: AB_KEY } })
      .get('/api/v2/check')
      .query(true)
      .reply(200, { data: { ipAddress: IP, isPublic: true, abuseConfidenceScore: 73, totalReports: 12, numDistinctUsers: 4, isp: 'Example', countryCode: 'NL' } });
    nock('https://www.virustotal.com').get('/api/v3/files/' + 'c'.repeat(64)).reply(200, { data: { id: 'c'.repeat(64), type: 'file', attributes: { last_analysis_stats: { malicious: 41, undetected: 27, harmless: 0 } } } });
    const events: EngineEvent[] = [];
    const e = new Enricher({ config: { providers: { virustotal: { apiKey: VT_KEY }, abuseipdb: { apiKey: AB_KEY } } }, providers: [virustotal, abuseipdb], onEvent: (x) => events.push(x) });
    const report = await e.enrichAlert({ source: 'seed', indicators: [ext('ipv4', IP), ext('sha256', 'c'.repeat(64))] });
    expect(nock.isDone()).to.equal(true);
    const [ip, hash] = report.indicators;
    expect(ip.score).to.equal(Math.min((5 / Math.max(vtTotal, 1)) * 60 + (73 / 100) * 40, 100));
    expect(hash.score).to.equal((41 / Math.max(68, 1)) * 100);
    expect(hash.results.abuseipdb.status).to.equal('skipped');
    expect(report.score).to.equal(hash.score);
    expect(report).to.include({ tier: 'medium', action: 'review', partial: false });
    expect(ip.results.abuseipdb.facts).to.include({ abuseConfidenceScore: 73 });
    expect(ip.breakdown.map((b) => [b.provider, b.effectiveWeight])).to.deep.equal([['virustotal', 60], ['abuseipdb', 40]]);
    const everything = JSON.stringify(report) + JSON.stringify(e.metrics()) + JSON.stringify(events) + JSON.stringify(e.limiterState());
    expect(everything).to.not.contain(VT_KEY);
    expect(everything).to.not.contain(AB_KEY);
  });

  it('secrets: an error body echoing the key never reaches report, metrics or events', async () => {
    nock('https://fake.test').get('/virustotal/ipv4/' + IP).reply(401, 'invalid key ' + VT_KEY).get('/abuseipdb/ipv4/' + IP).reply(200, { malicious: 0 });
    const leaky = fakes();
    leaky[0].parse = (_i, res) => ({ provider: 'virustotal', status: 'error', kind: 'auth', message: res.body, httpStatus: res.status });
    const events: EngineEvent[] = [];
    const e = new Enricher({ config: fakeConfig(), providers: leaky, onEvent: (x) => events.push(x) });
    const report = await e.enrichAlert({ source: 'leak', indicators: [ext('ipv4', IP)] });
    const everything = JSON.stringify(report) + JSON.stringify(e.metrics()) + JSON.stringify(events);
    expect(report.indicators[0].results.virustotal).to.deep.include({ status: 'error', kind: 'auth', message: 'invalid key [redacted]' });
    expect(everything).to.not.contain(VT_KEY);
  });
});

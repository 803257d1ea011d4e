import { expect } from 'chai';
import { newLimiterState } from '../../scripts/core/engine/limiter';
import { newMetricsState, summarize } from '../../scripts/core/engine/metrics';
import { AlertInput, Engine, RunState, acceptResponse, finishRun, nextActions, startRun } from '../../scripts/core/engine/run';
import type { AlertReport } from '../../scripts/core/engine/types';
import type { EngineConfig } from '../../scripts/core/config';
import type { HttpRequest, Provider } from '../../scripts/core/providers/types';
import { MemoryCacheStore } from '../../scripts/node/cache/memory';
import { Answer, fakeProvider, json } from './fakes';

const T0 = Date.UTC(2025, 5, 1, 12);
const KEY_VT = 'vt-key-SECRET-0001';
const KEY_AB = 'ab-key-SECRET-0002';

function providers(): Provider[] {
  return [
    fakeProvider({ id: 'virustotal', name: 'FakeVT', weight: 60, types: ['ipv4', 'ipv6', 'domain', 'url', 'sha256'] }),
    fakeProvider({ id: 'abuseipdb', name: 'FakeAbuse', weight: 40, types: ['ipv4', 'ipv6'] }),
    fakeProvider({ id: 'shodan', name: 'FakeShodan', weight: 10, types: ['ipv4'] }),
    fakeProvider({ id: 'greynoise', name: 'FakeGN', weight: 20, types: ['ipv4'] }),
  ];
}

function engineFor(config: EngineConfig, extra: Partial<Engine> = {}): Engine {
  return { providers: providers(), config, limiter: newLimiterState(), metrics: newMetricsState(), cache: new MemoryCacheStore(), random: () => 0.5, ...extra };
}

const baseConfig = (): EngineConfig => ({
  providers: { virustotal: { apiKey: KEY_VT }, abuseipdb: { apiKey: KEY_AB }, shodan: { apiKey: 'sh-key-1', enabled: false } },
});

/** The XSOAR-style synchronous driver: one call at a time, sleep by moving the clock. */
function drive(engine: Engine, input: AlertInput, clock: { t: number }, handler: (req: HttpRequest) => Answer, opts: { refresh?: boolean; latencyMs?: number; checkpoint?: (run: RunState) => RunState } = {}): { report: AlertReport; calls: HttpRequest[]; waits: number[] } {
  let run = startRun(engine, input, clock.t, opts);
  const calls: HttpRequest[] = [];
  const waits: number[] = [];
  for (let guard = 0; guard < 500; guard++) {
    if (opts.checkpoint) run = opts.checkpoint(run);
    const actions = nextActions(engine, run, clock.t);
    if (actions[0].type === 'done') break;
    let called = false;
    for (const a of actions) {
      if (a.type !== 'call') continue;
      called = true;
      calls.push(a.request);
      const answer = handler(a.request);
      clock.t += opts.latencyMs ?? 100;
      acceptResponse(engine, run, a.callId, answer, clock.t);
    }
    const w = actions[actions.length - 1];
    if (!called && w.type === 'wait') {
      waits.push(w.untilMs - clock.t);
      clock.t = Math.max(clock.t, w.untilMs);
    }
  }
  return { report: finishRun(engine, run, clock.t), calls, waits };
}

const answers = (req: HttpRequest): Answer => {
  if (req.url.includes('/virustotal/')) return json(200, { malicious: 0.5 });
  if (req.url.includes('/abuseipdb/')) return json(200, { malicious: 0.75 });
  return json(404, {});
};

describe('engine/run (sans-I/O machine, synchronous driver)', () => {
  it('every indicator gets a result from every provider: ok, not_found, skipped with the reason', () => {
    const engine = engineFor(baseConfig());
    const { report, calls } = drive(engine, { source: 's1', indicators: [{ type: 'ipv4', value: '45.83.64.5' }, { type: 'sha256', value: 'a'.repeat(64) }, { type: 'ipv4', value: '10.0.0.1' }] }, { t: T0 }, answers);
    expect(report.indicators).to.have.length(3);
    for (const ind of report.indicators) expect(Object.keys(ind.results)).to.deep.equal(['virustotal', 'abuseipdb', 'shodan', 'greynoise']);
    const [ip, hash, priv] = report.indicators;
    expect(ip.scope).to.equal('public');
    expect(ip.results.virustotal).to.deep.include({ status: 'ok', cached: false });
    expect(ip.results.shodan).to.deep.include({ status: 'skipped', message: 'disabled in configuration' });
    expect(ip.results.greynoise.status).to.equal('skipped');
    expect(ip.results.greynoise.message).to.match(/^not configured/);
    expect(hash.results.abuseipdb.message).to.contain('does not support sha256');
    expect(priv.results.virustotal).to.deep.include({ status: 'skipped', message: 'private address: never sent to external providers' });
    expect(priv.scope).to.equal('private');
    expect(ip.score).to.equal(0.5 * 60 + 0.75 * 40);
    expect(hash.score).to.equal(50);
    expect(calls).to.have.length(3);
    expect(calls.some((c) => c.url.includes('10.0.0.1'))).to.equal(false);
    expect(report).to.include({ score: 60, tier: 'medium', action: 'review', partial: false });
  });

  it('dedupes (provider, indicator) pairs: one run never asks twice', () => {
    const engine = engineFor(baseConfig());
    const ip = { type: 'ipv4' as const, value: '45.83.64.5' };
    const { report, calls } = drive(engine, { source: 'dup', indicators: [ip, ip, { ...ip }, ip] }, { t: T0 }, answers);
    expect(report.indicators).to.have.length(1);
    expect(calls).to.have.length(2);
    expect(report.metrics.calls).to.equal(2);
  });

  it('cache: second run answers from cache with its age; refresh bypasses; errors are not cached', () => {
    const engine = engineFor(baseConfig());
    const clock = { t: T0 };
    const input = { source: 'c', indicators: [{ type: 'ipv4' as const, value: '45.83.64.5' }] };
    let n = 0;
    const flaky = (req: HttpRequest): Answer => (req.url.includes('/abuseipdb/') && n++ === 0 ? json(401, {}) : answers(req));
    const first = drive(engine, input, clock, flaky);
    expect(first.report.indicators[0].results.abuseipdb).to.deep.include({ status: 'error', kind: 'auth' });
    clock.t += 60_000;
    const second = drive(engine, input, clock, answers);
    expect(second.calls.map((c) => c.url)).to.deep.equal(['https://fake.test/abuseipdb/ipv4/45.83.64.5']);
    expect(second.report.indicators[0].results.virustotal).to.deep.include({ status: 'ok', cached: true, ageMs: 60_000 + 100 });
    expect(second.report.metrics.cacheHits).to.equal(1);
    const third = drive(engine, input, clock, answers, { refresh: true });
    expect(third.calls).to.have.length(2);
    expect(third.report.indicators[0].results.virustotal.cached).to.equal(false);
    clock.t += 25 * 3600_000;
    expect(drive(engine, input, clock, answers).calls).to.have.length(2);
  });

  it('429 with Retry-After: waits exactly that, then succeeds; all calls on the key hold', () => {
    const engine = engineFor(baseConfig());
    let vtCalls = 0;
    const handler = (req: HttpRequest): Answer => {
      if (req.url.includes('/virustotal/') && ++vtCalls === 1) return json(429, {}, { 'retry-after': '3' });
      return answers(req);
    };
    const clock = { t: T0 };
    const { report, waits } = drive(engine, { source: 'r', indicators: [{ type: 'ipv4', value: '45.83.64.5' }] }, clock, handler, { latencyMs: 0 });
    expect(vtCalls).to.equal(2);
    expect(waits).to.deep.equal([3000]);
    expect(report.indicators[0].results.virustotal.status).to.equal('ok');
    expect(report).to.include({ partial: false });
    expect(report.metrics).to.include({ retries: 1, rateLimited: 1, calls: 3 });
    const m = summarize(engine.metrics);
    expect(m.virustotal).to.include({ calls: 2, ok: 1, rateLimited429: 1, retries: 1 });
  });

  it('500 outage: 2 retries with backoff, then error server → partial, never auto_close', () => {
    const engine = engineFor(baseConfig());
    const handler = (req: HttpRequest): Answer => (req.url.includes('/virustotal/') ? json(500, {}) : json(404, {}));
    const { report, calls, waits } = drive(engine, { source: 'o', indicators: [{ type: 'ipv4', value: '45.83.64.5' }] }, { t: T0 }, handler, { latencyMs: 0 });
    expect(calls.filter((c) => c.url.includes('/virustotal/'))).to.have.length(3);
    expect(waits).to.deep.equal([750, 1500]); // random 0.5 → 0.75 × 1000, 0.75 × 2000
    expect(report.indicators[0].results.virustotal).to.deep.include({ status: 'error', kind: 'server' });
    expect(report).to.include({ partial: true, tier: 'medium', action: 'review' });
    expect(report.note).to.contain('virustotal server');
    expect(summarize(engine.metrics).virustotal).to.include({ calls: 3, retries: 2, errorsTotal: 1, successRate: 0 });
  });

  it('deadline: unfinished pairs become error timeout, partial: true', () => {
    const engine = engineFor({ ...baseConfig(), deadlineSeconds: 5 });
    const clock = { t: T0 };
    const slow = (req: HttpRequest): Answer => {
      if (req.url.includes('/abuseipdb/')) clock.t += 6000; // answer arrives after the deadline
      return answers(req);
    };
    const { report } = drive(engine, { source: 'd', indicators: [{ type: 'ipv4', value: '45.83.64.5' }] }, clock, slow);
    expect(report.indicators[0].results.abuseipdb).to.deep.include({ status: 'error', kind: 'timeout' });
    expect(report.indicators[0].results.abuseipdb.message).to.contain('5 s alert deadline');
    expect(report.partial).to.equal(true);
    expect(report.action).to.not.equal('auto_close');
    expect(report.metrics.timedOut).to.equal(1);
  });

  it('budget: a wait past the deadline ends rate_limited without calling; a spent daily budget is quota without calling', () => {
    const config = baseConfig();
    config.providers!.virustotal = { apiKey: KEY_VT, limits: { perMinute: 2, perDay: 3 } };
    const engine = engineFor(config);
    const ips = ['45.83.64.1', '45.83.64.2', '45.83.64.3'].map((value) => ({ type: 'ipv4' as const, value }));
    const clock = { t: T0 };
    const first = drive(engine, { source: 'b', indicators: ips }, clock, answers);
    const vtCalls = first.calls.filter((c) => c.url.includes('/virustotal/'));
    expect(vtCalls).to.have.length(2);
    const limited = first.report.indicators[2].results.virustotal;
    expect(limited).to.deep.include({ status: 'error', kind: 'rate_limited' });
    expect(limited.message).to.contain('2/min');
    expect(first.report.partial).to.equal(true);
    clock.t += 120_000;
    const second = drive(engine, { source: 'b2', indicators: [{ type: 'ipv4', value: '45.83.64.9' }, { type: 'ipv4', value: '45.83.64.8' }] }, clock, answers);
    expect(second.calls.filter((c) => c.url.includes('/virustotal/'))).to.have.length(1);
    expect(second.report.indicators[1].results.virustotal).to.deep.include({ status: 'error', kind: 'quota' });
  });

  it('allowlisted: still looked up, score capped to 0 with the reason; can be configured not to look up', () => {
    const engine = engineFor(baseConfig());
    const { report, calls } = drive(engine, { source: 'a', indicators: [{ type: 'ipv4', value: '8.8.8.8' }] }, { t: T0 }, answers);
    expect(calls).to.have.length(2);
    const ind = report.indicators[0];
    expect(ind).to.include({ score: 0, tier: 'low', allowlisted: 'built-in allowlist: public DNS resolver 8.8.8.8' });
    expect(ind.explanation).to.match(/^score capped to 0: built-in allowlist/);
    expect(ind.results.virustotal.status).to.equal('ok');
    expect(report.action).to.equal('auto_close');
    const quiet = engineFor(baseConfig(), { options: { lookupAllowlisted: false } });
    const r2 = drive(quiet, { source: 'a', indicators: [{ type: 'ipv4', value: '8.8.8.8' }] }, { t: T0 }, answers);
    expect(r2.calls).to.have.length(0);
    expect(r2.report.indicators[0].results.virustotal.message).to.contain('not looked up');
  });

  it('internal indicators are skipped everywhere and never sent', () => {
    const engine = engineFor({ ...baseConfig(), internal: { domains: ['corp.example'], cidrs: ['45.83.64.0/24'] } });
    const { report, calls } = drive(engine, { source: 'i', indicators: [{ type: 'domain', value: 'mail.corp.example' }, { type: 'ipv4', value: '45.83.64.5' }] }, { t: T0 }, answers);
    expect(calls).to.have.length(0);
    for (const ind of report.indicators) for (const r of Object.values(ind.results)) expect(r.status).to.equal('skipped');
    expect(report.action).to.equal('review'); // no evidence is not clean
  });

  it('run state is plain JSON: a run stored and reloaded between steps finishes the same', () => {
    const input = { source: 'j', indicators: [{ type: 'ipv4' as const, value: '45.83.64.5' }, { type: 'domain' as const, value: 'evil.test' }] };
    let n = 0;
    const handler = (req: HttpRequest): Answer => (req.url.includes('evil.test') && n++ === 0 ? json(503, {}) : answers(req));
    const a = drive(engineFor(baseConfig()), input, { t: T0 }, handler);
    n = 0;
    const b = drive(engineFor(baseConfig()), input, { t: T0 }, handler, { checkpoint: (run) => JSON.parse(JSON.stringify(run)) });
    expect(b.report).to.deep.equal(a.report);
    expect(JSON.stringify(startRun(engineFor(baseConfig()), input, T0))).to.not.contain('SECRET');
  });

  it('no API key anywhere in the report, even when a provider echoes it', () => {
    const engine = engineFor(baseConfig());
    const echo = (req: HttpRequest): Answer => ({ status: 502, headers: {}, body: 'bad gateway for key ' + req.headers['x-key'] });
    const leaky = providers();
    leaky[0].parse = (_i, res) => ({ provider: 'virustotal', status: 'error', kind: 'server', message: res.body, facts: { raw: res.body } });
    engine.providers = leaky;
    const { report } = drive(engine, { source: 'k', indicators: [{ type: 'ipv4', value: '45.83.64.5' }] }, { t: T0 }, echo);
    const text = JSON.stringify(report) + JSON.stringify(summarize(engine.metrics)) + JSON.stringify(engine.limiter);
    expect(text).to.not.contain(KEY_VT);
    expect(text).to.not.contain(KEY_AB);
    expect(report.indicators[0].results.virustotal.message).to.contain('[redacted]');
  });
});

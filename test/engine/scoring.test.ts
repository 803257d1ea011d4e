import { expect } from 'chai';
import fc from 'fast-check';
import { scoreIndicator } from '../../scripts/core/engine/scoring';
import { actionFor, alertScoreOf, routeAlert, tierFor } from '../../scripts/core/engine/routing';
import type { IndicatorReport, ResultReport } from '../../scripts/core/engine/types';
import type { ProviderResult } from '../../scripts/core/providers/types';

const W = { virustotal: 60, abuseipdb: 40, shodan: 10, greynoise: 20 };
const ok = (provider: ProviderResult['provider'], malicious: number, confidence = 1): ProviderResult => ({ provider, status: 'ok', signal: { malicious, confidence } });
/** VirusTotal's signal exactly as the adapter computes it. */
const vt = (mal: number, total: number) => ok('virustotal', mal / Math.max(total, 1));
const abuse = (conf: number) => ok('abuseipdb', conf / 100);

describe('engine/scoring', () => {
  it('reproduces the seed IP formula exactly (VT 60 + AbuseIPDB 40 answering)', () => {
    fc.assert(
      fc.property(fc.nat(120), fc.nat(120), fc.integer({ min: 0, max: 100 }), (mal, extra, conf) => {
        const total = mal + extra;
        const seed = Math.min((mal / Math.max(total, 1)) * 60 + (conf / 100) * 40, 100);
        return scoreIndicator([vt(mal, total), abuse(conf)], W).score === seed && scoreIndicator([abuse(conf), vt(mal, total)], W).score === seed;
      }),
      { numRuns: 500 },
    );
  });

  it('reproduces the seed hash formula exactly (VT alone)', () => {
    fc.assert(
      fc.property(fc.nat(100), fc.nat(100), (mal, extra) => {
        const total = mal + extra;
        return scoreIndicator([vt(mal, total)], W).score === (mal / Math.max(total, 1)) * 100;
      }),
      { numRuns: 500 },
    );
  });

  it('not_found, errors and skips contribute nothing and never count as clean', () => {
    const base = scoreIndicator([vt(30, 60)], W).score;
    const mixed = scoreIndicator(
      [vt(30, 60), { provider: 'abuseipdb', status: 'not_found' }, { provider: 'shodan', status: 'error', kind: 'timeout' }, { provider: 'greynoise', status: 'skipped', message: 'x' }],
      W,
    );
    expect(mixed.score).to.equal(base);
    expect(mixed.score).to.equal(50);
    expect(mixed.explanation).to.contain('not found (not counted as clean): abuseipdb');
    expect(mixed.explanation).to.contain('failed (not counted as clean): shodan (timeout)');
    const row = mixed.breakdown.find((b) => b.provider === 'shodan')!;
    expect(row).to.deep.equal({ provider: 'shodan', status: 'error', kind: 'timeout', weight: 10, effectiveWeight: 0, contribution: 0 });
  });

  it('no ok result → score 0, "no provider answered"', () => {
    const s = scoreIndicator([{ provider: 'virustotal', status: 'error', kind: 'server' }, { provider: 'abuseipdb', status: 'not_found' }], W);
    expect(s.score).to.equal(0);
    expect(s.explanation).to.match(/^score 0: no provider answered/);
  });

  it('breakdown carries weight, effective weight and contribution; the explanation is one line', () => {
    const s = scoreIndicator([vt(10, 100), abuse(80)], W, { virustotal: 'VirusTotal', abuseipdb: 'AbuseIPDB' });
    expect(s.breakdown).to.deep.equal([
      { provider: 'virustotal', status: 'ok', signal: { malicious: 0.1, confidence: 1 }, weight: 60, effectiveWeight: 60, contribution: 6 },
      { provider: 'abuseipdb', status: 'ok', signal: { malicious: 0.8, confidence: 1 }, weight: 40, effectiveWeight: 40, contribution: 32 },
    ]);
    expect(s.explanation).to.equal('score 38 = VirusTotal 10% malicious × 60 = 6 + AbuseIPDB 80% malicious × 40 = 32');
    expect(s.explanation).not.to.contain('\n');
  });

  it('confidence scales a provider\'s say; confidence 0 is context only', () => {
    const s = scoreIndicator([vt(0, 10), ok('shodan', 1, 0)], W);
    expect(s.score).to.equal(0);
    expect(s.explanation).to.contain('context only: shodan');
    const g = scoreIndicator([ok('greynoise', 1, 0.5), vt(0, 10)], W); // shares 10 and 60 → 100·10/70
    expect(g.score).to.be.closeTo((100 * 10) / 70, 1e-9);
  });

  it('property: score in [0, 100] and monotonic in every malicious signal', () => {
    const sig = fc.record({ m: fc.double({ min: -1, max: 2, noNaN: true }), c: fc.double({ min: 0, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(sig, sig, sig, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom<'virustotal' | 'abuseipdb' | 'greynoise'>('virustotal', 'abuseipdb', 'greynoise'), (a, b, c, bump, which) => {
        const list = (extra: number): ProviderResult[] => [
          ok('virustotal', a.m + (which === 'virustotal' ? extra : 0), a.c),
          ok('abuseipdb', b.m + (which === 'abuseipdb' ? extra : 0), b.c),
          ok('greynoise', c.m + (which === 'greynoise' ? extra : 0), c.c),
        ];
        const lo = scoreIndicator(list(0), W).score;
        const hi = scoreIndicator(list(bump), W).score;
        return lo >= 0 && lo <= 100 && hi >= 0 && hi <= 100 && hi >= lo - 1e-9;
      }),
      { numRuns: 500 },
    );
  });
});

function indicator(score: number, results: Record<string, Partial<ResultReport>> = { virustotal: { status: 'ok' } }, allowlisted?: string): IndicatorReport {
  const full: Record<string, ResultReport> = {};
  for (const [k, v] of Object.entries(results)) full[k] = { status: 'ok', cached: false, facts: {}, ...v } as ResultReport;
  const r: IndicatorReport = { type: 'ipv4', value: '203.0.113.' + Math.round(score), score, tier: tierFor(score), explanation: 'x', breakdown: [], results: full };
  if (allowlisted) r.allowlisted = allowlisted;
  return r;
}

describe('engine/routing', () => {
  it('exact boundaries 39/40/69/70 with default thresholds', () => {
    expect(tierFor(39)).to.equal('low');
    expect(tierFor(39.999999)).to.equal('low');
    expect(tierFor(40)).to.equal('medium');
    expect(tierFor(69)).to.equal('medium');
    expect(tierFor(69.999999)).to.equal('medium');
    expect(tierFor(70)).to.equal('high');
    expect(tierFor(100)).to.equal('high');
    expect(tierFor(0)).to.equal('low');
    expect([actionFor('high'), actionFor('medium'), actionFor('low')]).to.deep.equal(['escalate', 'review', 'auto_close']);
  });

  it('property: seed-formula scores route exactly at the boundaries', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (conf) => {
        // VT 0 malicious + AbuseIPDB conf → score = conf·0.4 exactly
        const s = scoreIndicator([vt(0, 90), abuse(conf)], W).score;
        const t = tierFor(s);
        return t === (s >= 70 ? 'high' : s >= 40 ? 'medium' : 'low');
      }),
    );
    expect(tierFor(scoreIndicator([vt(40, 100), abuse(40)], W).score)).to.equal('medium'); // 24 + 16 = 40
    expect(tierFor(scoreIndicator([vt(39, 100)], W).score)).to.equal('low'); // 39
    expect(tierFor(scoreIndicator([vt(69, 100)], W).score)).to.equal('medium'); // 69
    expect(tierFor(scoreIndicator([vt(70, 100)], W).score)).to.equal('high'); // 70
  });

  it('thresholds are configurable', () => {
    expect(tierFor(50, { high: 50, medium: 20 })).to.equal('high');
    expect(tierFor(19, { high: 50, medium: 20 })).to.equal('low');
    expect(tierFor(20, { medium: 20 })).to.equal('medium');
  });

  it('alert score is the max indicator score by default, or the mean', () => {
    expect(alertScoreOf([10, 80, 30])).to.equal(80);
    expect(alertScoreOf([10, 80, 30], 'mean')).to.equal(40);
    expect(alertScoreOf([])).to.equal(0);
    const r = routeAlert([indicator(10), indicator(75)]);
    expect(r).to.include({ score: 75, tier: 'high', action: 'escalate', partial: false });
    expect(routeAlert([indicator(10), indicator(60)], { alertScore: 'mean' })).to.include({ score: 35, tier: 'low', action: 'auto_close' });
  });

  it('low scores auto-close with a note summarising the evidence', () => {
    const r = routeAlert([indicator(12)]);
    expect(r).to.include({ tier: 'low', action: 'auto_close', partial: false });
    expect(r.note).to.match(/^auto-closed: score 12 \(low\) below 40 across 1 indicator/);
    expect(r.note).to.contain('nothing was blocked');
  });

  it('coverage rule: a provider error keeps the alert from auto-closing and names provider and kind', () => {
    const r = routeAlert([indicator(5, { virustotal: { status: 'error', kind: 'server' }, abuseipdb: { status: 'ok' } })]);
    expect(r).to.include({ tier: 'medium', action: 'review', partial: true });
    expect(r.note).to.contain('virustotal server');
    // not_found is an answer, not a failure
    const nf = routeAlert([indicator(5, { virustotal: { status: 'not_found' }, abuseipdb: { status: 'ok' } })]);
    expect(nf).to.include({ tier: 'low', action: 'auto_close', partial: false });
    // a high alert stays high, still partial, still names the failure
    const hi = routeAlert([indicator(90), indicator(0, { greynoise: { status: 'error', kind: 'timeout' } })]);
    expect(hi).to.include({ tier: 'high', action: 'escalate', partial: true });
    expect(hi.note).to.contain('greynoise timeout');
  });

  it('errors on allowlisted indicators do not block auto-close (but mark the alert partial)', () => {
    const r = routeAlert([indicator(0, { virustotal: { status: 'error', kind: 'timeout' } }, 'built-in allowlist: google.com')]);
    expect(r).to.include({ action: 'auto_close', partial: true });
  });

  it('no evidence (no indicators, or everything skipped) is never auto-closed', () => {
    expect(routeAlert([])).to.include({ tier: 'medium', action: 'review' });
    const skippedAll = routeAlert([indicator(0, { virustotal: { status: 'skipped', message: 'private address' } })]);
    expect(skippedAll).to.include({ action: 'review' });
    expect(skippedAll.note).to.contain('all skipped');
  });
});

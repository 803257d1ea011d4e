import { expect } from 'chai';
import { Progress, summaryText } from '../../scripts/cli/summary';
import { addToTally, newTally } from '../../scripts/node/report/tally';
import type { AlertReport } from '../../scripts/core/engine/types';
import type { ProviderMetrics } from '../../scripts/core/engine/metrics';

function report(tier: 'high' | 'medium' | 'low', partial = false, kind?: 'timeout'): AlertReport {
  return {
    source: 'a', score: tier === 'high' ? 90 : tier === 'medium' ? 50 : 5, tier,
    action: tier === 'high' ? 'escalate' : tier === 'medium' ? 'review' : 'auto_close', partial, note: '',
    indicators: [{
      type: 'ipv4', value: '45.33.32.156', score: 0, tier, explanation: '', breakdown: [],
      results: { virustotal: kind ? { status: 'error', kind, cached: false, facts: {} } : { status: 'ok', cached: true, facts: {} } },
    }],
    metrics: { elapsedMs: 0, deadlineMs: 0, calls: 0, cacheHits: 0, retries: 0, rateLimited: 0, shared: 0, timedOut: 0 },
  };
}

describe('cli: progress line and end summary', () => {
  it('draws a bar, counts and an ETA from the share of input bytes read, and shows budget waits', () => {
    let now = 1000;
    const written: string[] = [];
    const p = new Progress({ write: (s: string) => written.push(s), columns: 200 }, () => now, 1000);
    const t = newTally();
    p.setTotalBytes(1000);
    p.addBytes(250);
    addToTally(t, report('high'));
    now = 11000; // 10 s for a quarter of the input → 30 s to go
    const line = p.line(t, 3);
    expect(line).to.match(/^\[#####\.{15}\] 25% 1 done, 2 in progress · high 1 · medium 0 · low 0 · ETA 30 s$/);
    p.event({ type: 'waiting', provider: 'virustotal', ms: 42000, reason: '4/min' });
    expect(p.line(t, 3)).to.match(/waiting 42 s for virustotal: 4\/min$/);
    p.event({ type: 'result', provider: 'virustotal', indicator: 'x', status: 'ok', cached: false });
    expect(p.line(t, 3)).not.to.match(/waiting/);
    p.draw(t, 3, true);
    expect(written.pop()).to.match(/^\r\x1b\[2K\[/);
  });

  it('has no bar or ETA when the input size is unknown (stdin)', () => {
    const p = new Progress({ write: () => undefined }, () => 5000, 0);
    p.setTotalBytes(null);
    p.addBytes(123);
    expect(p.line(newTally(), 0)).to.equal('0 done, 0 in progress · high 0 · medium 0 · low 0');
  });

  it('summarises tiers, calls against budgets, the cache hit rate and failures by provider and kind', () => {
    const t = newTally();
    addToTally(t, report('high'));
    addToTally(t, report('medium', true, 'timeout'));
    const vt: ProviderMetrics = {
      calls: 3, ok: 1, not_found: 0, errors: { timeout: 1 }, errorsTotal: 1, skipped: 0, rateLimited429: 0, retries: 2, cacheHits: 1,
      latencyMs: { p50: 100, p95: 200 }, successRate: 0.5, budget: { perMinute: { used: 3, limit: 4 }, perDay: { used: 3, limit: 500 } },
    };
    const text = summaryText(t, { virustotal: vt }, 65000, false);
    expect(text).to.contain('2 alerts, 2 indicators in 65 s: high 1, medium 1, low 0 (1 partial)');
    expect(text).to.contain('virustotal: 3 calls (3/500 today, 4/min), 1 cached, 1 ok, 0 not found, 1 failed, 2 retries');
    expect(text).to.contain('cache hit rate: 50%');
    expect(text).to.contain('failures: virustotal timeout ×1');
    expect(summaryText(newTally(), {}, 0, true)).to.match(/^interrupted after 0 alerts/);
  });
});

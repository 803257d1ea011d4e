import { expect } from 'chai';
import fc from 'fast-check';
import { DAY_MS, LimiterOptions, LimiterState, block, complete, exhaust, newLimiterState, reserve as reserveOnly, usage } from '../../scripts/core/engine/limiter';
import type { RateLimits } from '../../scripts/core/providers/types';

/** reserve + an instant answer (complete at the same ms), as most of these tests assume. */
function reserve(s: LimiterState, key: string, l: RateLimits | undefined, t: number, o?: LimiterOptions) {
  const r = reserveOnly(s, key, l, t, o);
  if (r.type === 'go') complete(s, key, t, t);
  return r;
}

const T0 = Date.UTC(2025, 5, 1, 10, 0, 0);
const exact = { marginRatio: 0 };

describe('engine/limiter', () => {
  it('per-second window: N go, then wait exactly until the oldest call leaves the window', () => {
    const s = newLimiterState();
    for (let i = 0; i < 3; i++) expect(reserve(s, 'p:k', { perSecond: 3 }, T0 + i * 10, exact)).to.deep.equal({ type: 'go' });
    expect(reserve(s, 'p:k', { perSecond: 3 }, T0 + 500, exact)).to.deep.equal({ type: 'wait', ms: 500, reason: '3/s' });
    expect(reserve(s, 'p:k', { perSecond: 3 }, T0 + 999, exact)).to.deep.equal({ type: 'wait', ms: 1, reason: '3/s' });
    expect(reserve(s, 'p:k', { perSecond: 3 }, T0 + 1000, exact).type).to.equal('go');
    expect(reserve(s, 'p:k', { perSecond: 3 }, T0 + 1000, exact)).to.deep.equal({ type: 'wait', ms: 10, reason: '3/s' });
  });

  it('per-minute window (VirusTotal 4/min) is a sliding log, and the default 2 % margin widens it', () => {
    const s = newLimiterState();
    for (const dt of [0, 15000, 30000, 45000]) expect(reserve(s, 'vt:k', { perMinute: 4 }, T0 + dt).type).to.equal('go');
    const w = reserve(s, 'vt:k', { perMinute: 4 }, T0 + 50000);
    expect(w).to.deep.equal({ type: 'wait', ms: 61200 - 50000, reason: '4/min' });
    expect(reserve(s, 'vt:k', { perMinute: 4 }, T0 + 61199).type).to.equal('wait');
    expect(reserve(s, 'vt:k', { perMinute: 4 }, T0 + 61200).type).to.equal('go');
  });

  it('takes the longest wait across windows and keys budgets separately', () => {
    const s = newLimiterState();
    const l = { perSecond: 1, perMinute: 2 };
    expect(reserve(s, 'a', l, T0, exact).type).to.equal('go');
    expect(reserve(s, 'a', l, T0 + 1000, exact).type).to.equal('go');
    expect(reserve(s, 'a', l, T0 + 2000, exact)).to.deep.equal({ type: 'wait', ms: 58000, reason: '2/min' });
    expect(reserve(s, 'b', l, T0 + 2000, exact).type).to.equal('go');
  });

  it('daily budget: quota once spent, reset at 00:00 UTC', () => {
    const s = newLimiterState();
    const day = Math.floor(T0 / DAY_MS);
    expect(reserve(s, 'x', { perDay: 2 }, T0).type).to.equal('go');
    expect(reserve(s, 'x', { perDay: 2 }, T0 + 1).type).to.equal('go');
    const q = reserve(s, 'x', { perDay: 2 }, T0 + 2);
    expect(q).to.deep.equal({ type: 'quota', reason: '2/day budget spent', resetAtMs: (day + 1) * DAY_MS });
    expect(reserve(s, 'x', { perDay: 2 }, (day + 1) * DAY_MS - 1).type).to.equal('quota');
    expect(reserve(s, 'x', { perDay: 2 }, (day + 1) * DAY_MS).type).to.equal('go');
  });

  it('block (429 Retry-After) holds every call on the key; exhaust marks the day spent', () => {
    const s = newLimiterState();
    block(s, 'k', T0 + 5000, T0);
    expect(reserve(s, 'k', {}, T0 + 1000)).to.deep.equal({ type: 'wait', ms: 4000, reason: 'provider asked to wait (429)' });
    expect(reserve(s, 'k', {}, T0 + 5000).type).to.equal('go');
    exhaust(s, 'k', T0 + 6000);
    expect(reserve(s, 'k', {}, T0 + 7000).type).to.equal('quota');
    expect(reserve(s, 'k', {}, (Math.floor(T0 / DAY_MS) + 1) * DAY_MS).type).to.equal('go');
  });

  it('state is plain JSON: a round trip mid-way gives the same decisions', () => {
    const s = newLimiterState();
    const l = { perSecond: 2, perMinute: 5, perDay: 7 };
    reserve(s, 'k', l, T0);
    reserve(s, 'k', l, T0 + 100);
    const copy = JSON.parse(JSON.stringify(s));
    for (const t of [T0 + 200, T0 + 1100, T0 + 1200, T0 + 2300, T0 + 2400, T0 + 70000]) {
      expect(reserve(copy, 'k', l, t)).to.deep.equal(reserve(s, 'k', l, t));
    }
    expect(usage(s, 'k', l, T0 + 70000)).to.deep.equal(usage(copy, 'k', l, T0 + 70000));
  });

  it('in-flight calls count in every window until complete; complete logs them at the answer time', () => {
    const s = newLimiterState();
    const l = { perSecond: 2 };
    expect(reserveOnly(s, 'k', l, T0, exact).type).to.equal('go');
    expect(reserveOnly(s, 'k', l, T0 + 10, exact).type).to.equal('go');
    // Both still in flight 5 s later: only their completion can free a slot, so poll.
    expect(reserveOnly(s, 'k', l, T0 + 5000, exact)).to.deep.equal({ type: 'wait', ms: 20, reason: '2/s' });
    complete(s, 'k', T0, T0 + 5000); // slow answer: counted as arriving as late as 5000
    expect(reserveOnly(s, 'k', l, T0 + 5400, exact)).to.deep.equal({ type: 'wait', ms: 600, reason: '2/s' });
    expect(reserveOnly(s, 'k', l, T0 + 6000, exact).type).to.equal('go'); // one in flight + the new one
    expect(usage(s, 'k', l, T0 + 6000, exact)).to.deep.equal({ perSecond: { used: 2, limit: 2 } });
    expect(reserveOnly(s, 'k', l, T0 + 6500, exact)).to.deep.equal({ type: 'wait', ms: 20, reason: '2/s' });
    complete(s, 'k', T0 + 10, T0 + 6600);
    complete(s, 'k', T0 + 6000, T0 + 6700);
    expect(reserveOnly(s, 'k', l, T0 + 6800, exact)).to.deep.equal({ type: 'wait', ms: 800, reason: '2/s' });
  });

  it('usage reports budget used vs limit', () => {
    const s = newLimiterState();
    const l = { perSecond: 5, perMinute: 10, perDay: 100 };
    reserve(s, 'k', l, T0);
    reserve(s, 'k', l, T0 + 2000);
    expect(usage(s, 'k', l, T0 + 2500)).to.deep.equal({
      perSecond: { used: 1, limit: 5 },
      perMinute: { used: 2, limit: 10 },
      perDay: { used: 2, limit: 100 },
    });
  });

  it('property: whatever the request times, no window ever holds more calls than its limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 120 }),
        (perSecond, perMinute, gaps) => {
          // Sequential caller with instant answers; the Enricher tests cover concurrency.
          const s = newLimiterState();
          const granted: number[] = [];
          let t = T0;
          for (const g of gaps) {
            t += g;
            // A caller that waits as told, like the shells do.
            for (;;) {
              const r = reserve(s, 'k', { perSecond, perMinute }, t, exact);
              if (r.type === 'go') break;
              if (r.type === 'wait') t += r.ms;
              else throw new Error('unexpected quota');
            }
            granted.push(t);
          }
          for (let i = 0; i < granted.length; i++) {
            const inSec = granted.filter((x) => x > granted[i] - 1000 && x <= granted[i]).length;
            const inMin = granted.filter((x) => x > granted[i] - 60000 && x <= granted[i]).length;
            if (inSec > perSecond || inMin > perMinute) return false;
          }
          return true;
        },
      ),
      { numRuns: 200 },
    );
  });
});

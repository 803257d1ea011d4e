import { expect } from 'chai';
import fc from 'fast-check';
import { backoffMs, decideRetry, retryKind } from '../../scripts/core/engine/retry';
import type { ProviderResult } from '../../scripts/core/providers/types';

const NOW = 1_750_000_000_000;
const DEADLINE = NOW + 25_000;
const err = (kind: ProviderResult['kind'], httpStatus?: number, retryAfterMs?: number): ProviderResult => ({ provider: 'virustotal', status: 'error', kind, httpStatus, retryAfterMs });

describe('engine/retry', () => {
  it('429 waits the provider Retry-After, at most 3 tries in all', () => {
    const r = err('rate_limited', 429, 7000);
    expect(decideRetry(r, { throttled: 1, transient: 0 }, NOW, DEADLINE, () => 0.5)).to.deep.include({ retry: true, delayMs: 7000, kind: 'throttled' });
    expect(decideRetry(r, { throttled: 2, transient: 0 }, NOW, DEADLINE, () => 0.5)).to.deep.include({ retry: true, delayMs: 7000 });
    expect(decideRetry(r, { throttled: 3, transient: 0 }, NOW, DEADLINE, () => 0.5).retry).to.equal(false);
  });

  it('429 wait is bounded by the deadline: no retry that would end after it', () => {
    const r = err('rate_limited', 429, 30_000);
    const d = decideRetry(r, { throttled: 1, transient: 0 }, NOW, DEADLINE, () => 0.5);
    expect(d).to.deep.equal({ retry: false, reason: 'waiting 30 s would pass the deadline' });
    expect(decideRetry(err('rate_limited', 429, 24_999), { throttled: 1, transient: 0 }, NOW, DEADLINE, () => 0).retry).to.equal(true);
  });

  it('429 without Retry-After backs off 1 s, 2 s', () => {
    const r = err('rate_limited', 429);
    expect(decideRetry(r, { throttled: 1, transient: 0 }, NOW, DEADLINE, () => 0)).to.deep.include({ delayMs: 1000 });
    expect(decideRetry(r, { throttled: 2, transient: 0 }, NOW, DEADLINE, () => 0)).to.deep.include({ delayMs: 2000 });
  });

  it('5xx / network / timeout: exponential backoff with jitter, at most 2 retries', () => {
    for (const r of [err('server', 503), err('network'), err('timeout'), err('bad_response', 502)]) {
      expect(retryKind(r)).to.equal('transient');
      const first = decideRetry(r, { throttled: 0, transient: 0 }, NOW, DEADLINE, () => 0);
      const second = decideRetry(r, { throttled: 0, transient: 1 }, NOW, DEADLINE, () => 0.999999);
      expect(first).to.deep.include({ retry: true, delayMs: 500, kind: 'transient' });
      expect(second).to.deep.include({ retry: true, delayMs: 2000 });
      expect(decideRetry(r, { throttled: 0, transient: 2 }, NOW, DEADLINE, () => 0.5).retry).to.equal(false);
    }
  });

  it('auth, other 4xx and quota are never retried', () => {
    for (const r of [err('auth', 401), err('auth', 403), err('bad_response', 400), err('bad_response', 422), err('quota', 429, 1000), err('quota')]) {
      expect(decideRetry(r, { throttled: 1, transient: 0 }, NOW, DEADLINE, () => 0.5).retry).to.equal(false);
    }
    expect(retryKind({ provider: 'shodan', status: 'ok' })).to.equal('none');
    expect(retryKind({ provider: 'shodan', status: 'not_found' })).to.equal('none');
  });

  it('property: jitter stays within [ceiling/2, ceiling] and the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (n, r) => {
        const ceiling = Math.min(8000, 1000 * 2 ** (n - 1));
        const d = backoffMs(n, () => r);
        return d >= Math.round(ceiling / 2) && d <= ceiling;
      }),
    );
  });
});

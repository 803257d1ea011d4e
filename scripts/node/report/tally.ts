/**
 * Running totals over alert reports, kept in O(1) memory per provider so md/html can print a
 * summary header without re-reading every report.
 */
import type { AlertReport } from '../../core/engine/types';
import type { Dict } from '../../core/providers/types';

export interface Tally {
  alerts: number;
  indicators: number;
  tiers: { high: number; medium: number; low: number };
  actions: { escalate: number; review: number; auto_close: number };
  partial: number;
  allowlisted: number;
  /** Lookups that were attempted (status other than `skipped`), and how many came from the cache. */
  lookups: number;
  cached: number;
  /** Failed lookups per provider and error kind. */
  failures: Dict<Dict<number>>;
  failuresTotal: number;
}

export function newTally(): Tally {
  return {
    alerts: 0,
    indicators: 0,
    tiers: { high: 0, medium: 0, low: 0 },
    actions: { escalate: 0, review: 0, auto_close: 0 },
    partial: 0,
    allowlisted: 0,
    lookups: 0,
    cached: 0,
    failures: {},
    failuresTotal: 0,
  };
}

export function addToTally(t: Tally, r: AlertReport): void {
  t.alerts++;
  if (r.tier in t.tiers) t.tiers[r.tier]++;
  if (r.action in t.actions) t.actions[r.action]++;
  if (r.partial) t.partial++;
  var inds = r.indicators || [];
  t.indicators += inds.length;
  for (var i = 0; i < inds.length; i++) {
    if (inds[i].allowlisted) t.allowlisted++;
    var res = inds[i].results || {};
    for (var p in res) {
      if (!Object.prototype.hasOwnProperty.call(res, p)) continue;
      var x = res[p];
      if (x.status === 'skipped') continue;
      t.lookups++;
      if (x.cached) t.cached++;
      if (x.status === 'error') {
        var k = x.kind || 'error';
        var byKind = t.failures[p] || (t.failures[p] = {});
        byKind[k] = (byKind[k] || 0) + 1;
        t.failuresTotal++;
      }
    }
  }
}

/** "virustotal: rate_limited 2, timeout 1" lines, providers and kinds sorted for stable output. */
export function failureLines(t: Tally): Array<{ provider: string; kinds: Array<{ kind: string; count: number }> }> {
  return Object.keys(t.failures)
    .sort()
    .map(function (p) {
      return {
        provider: p,
        kinds: Object.keys(t.failures[p])
          .sort()
          .map(function (k) {
            return { kind: k, count: t.failures[p][k] };
          }),
      };
    });
}

/** Share of attempted lookups answered from the cache, 0..1, or null when nothing was looked up. */
export function cacheHitRate(t: Tally): number | null {
  return t.lookups > 0 ? t.cached / t.lookups : null;
}

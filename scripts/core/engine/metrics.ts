/**
 * Per-provider counters (the seed's Step 5: latency, success rate, call volume vs budget).
 * Plain JSON state so a shell can persist or merge it; `summarize` derives the report view.
 *
 * Definitions: `calls` = HTTP requests sent (retries included); `ok`/`not_found`/`errors` = final
 * outcomes of network lookups (a cache hit counts only in `cacheHits`); `successRate` =
 * (ok + not_found) / (ok + not_found + errors), null before any lookup; latency is per HTTP call,
 * from the last `maxSamples` calls.
 */
import { Dict } from '../providers/types';
import { BudgetUsage } from './limiter';

export interface ProviderCounters {
  calls: number;
  ok: number;
  not_found: number;
  errors: Dict<number>;
  skipped: number;
  throttled429: number;
  retries: number;
  cacheHits: number;
  /** Recent call latencies in ms (bounded). */
  latencies: number[];
}

export interface MetricsState {
  providers: Dict<ProviderCounters>;
}

export interface ProviderMetrics {
  calls: number;
  ok: number;
  not_found: number;
  errors: Dict<number>;
  errorsTotal: number;
  skipped: number;
  rateLimited429: number;
  retries: number;
  cacheHits: number;
  latencyMs: { p50: number | null; p95: number | null };
  successRate: number | null;
  budget?: BudgetUsage;
}

export var MAX_LATENCY_SAMPLES = 1000;

export function newMetricsState(): MetricsState {
  return { providers: {} };
}

export function counters(state: MetricsState, provider: string): ProviderCounters {
  var c = state.providers[provider];
  if (!c) {
    c = { calls: 0, ok: 0, not_found: 0, errors: {}, skipped: 0, throttled429: 0, retries: 0, cacheHits: 0, latencies: [] };
    state.providers[provider] = c;
  }
  return c;
}

export function recordLatency(state: MetricsState, provider: string, ms: number): void {
  var c = counters(state, provider);
  c.latencies.push(Math.max(0, ms));
  if (c.latencies.length > MAX_LATENCY_SAMPLES) c.latencies.splice(0, c.latencies.length - MAX_LATENCY_SAMPLES);
}

export function recordOutcome(state: MetricsState, provider: string, status: string, kind?: string): void {
  var c = counters(state, provider);
  if (status === 'ok') c.ok++;
  else if (status === 'not_found') c.not_found++;
  else if (status === 'skipped') c.skipped++;
  else {
    var k = kind || 'error';
    c.errors[k] = (c.errors[k] || 0) + 1;
  }
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; null when empty. */
export function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  var sorted = samples.slice().sort(function (a, b) {
    return a - b;
  });
  var rank = Math.ceil((p / 100) * sorted.length);
  if (rank < 1) rank = 1;
  return sorted[rank - 1];
}

export function summarize(state: MetricsState, budgets?: Dict<BudgetUsage>): Dict<ProviderMetrics> {
  var out: Dict<ProviderMetrics> = {};
  for (var id in state.providers) {
    if (!Object.prototype.hasOwnProperty.call(state.providers, id)) continue;
    var c = state.providers[id];
    var errorsTotal = 0;
    var errors: Dict<number> = {};
    for (var k in c.errors) {
      if (Object.prototype.hasOwnProperty.call(c.errors, k)) {
        errors[k] = c.errors[k];
        errorsTotal += c.errors[k];
      }
    }
    var done = c.ok + c.not_found + errorsTotal;
    var m: ProviderMetrics = {
      calls: c.calls,
      ok: c.ok,
      not_found: c.not_found,
      errors: errors,
      errorsTotal: errorsTotal,
      skipped: c.skipped,
      rateLimited429: c.throttled429,
      retries: c.retries,
      cacheHits: c.cacheHits,
      latencyMs: { p50: percentile(c.latencies, 50), p95: percentile(c.latencies, 95) },
      successRate: done > 0 ? (c.ok + c.not_found) / done : null,
    };
    if (budgets && budgets[id]) m.budget = budgets[id];
    out[id] = m;
  }
  return out;
}

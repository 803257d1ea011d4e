/**
 * When to try a lookup again, and after how long.
 *
 * - HTTP 429 / `rate_limited`: wait what the provider asked for
 *   (`retryAfterMs`; else an exponential default), at most `max429Tries` tries in all (3), and only
 *   if the wait ends before the deadline — waiting past it could only end in a timeout.
 * - 5xx (`server`), `network`, `timeout`: exponential backoff with "equal jitter" —
 *   delay_n = base·2^(n-1) · (0.5 + random/2), capped at `maxBackoffMs` — at most
 *   `maxTransientRetries` retries (2). Jitter keeps many workers from retrying in lock-step.
 * - `quota` (an allowance spent, even on a 429), `auth`, `bad_response`, other 4xx: no retry — asking
 *   again cannot change the answer.
 * `random` is injected (returns [0, 1)) so tests can pin the jitter.
 */
import { ProviderResult } from '../providers/types';

export interface RetryPolicy {
  max429Tries: number;
  maxTransientRetries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** Wait after a 429 that gave no Retry-After, doubled per 429. */
  default429Ms: number;
}

export var DEFAULT_RETRY: RetryPolicy = {
  max429Tries: 3,
  maxTransientRetries: 2,
  baseBackoffMs: 1000,
  maxBackoffMs: 8000,
  default429Ms: 1000,
};

export function retryPolicyOf(p?: Partial<RetryPolicy>): RetryPolicy {
  var out: RetryPolicy = {
    max429Tries: DEFAULT_RETRY.max429Tries,
    maxTransientRetries: DEFAULT_RETRY.maxTransientRetries,
    baseBackoffMs: DEFAULT_RETRY.baseBackoffMs,
    maxBackoffMs: DEFAULT_RETRY.maxBackoffMs,
    default429Ms: DEFAULT_RETRY.default429Ms,
  };
  if (p) {
    for (var k in out) {
      var v = (p as any)[k];
      if (typeof v === 'number' && isFinite(v) && v >= 0) (out as any)[k] = v;
    }
  }
  return out;
}

/** How many times each kind of failure has been seen for one lookup. */
export interface Attempts {
  /** 429 answers so far. */
  throttled: number;
  /** Retries already spent on 5xx / network / timeout. */
  transient: number;
}

export type RetryKind = 'throttled' | 'transient' | 'none';

export type RetryDecision = { retry: true; delayMs: number; reason: string; kind: 'throttled' | 'transient' } | { retry: false; reason: string };

export function retryKind(r: ProviderResult): RetryKind {
  if (r.status !== 'error') return 'none';
  // The adapter says an allowance is spent (daily/monthly): asking again within an alert is pointless.
  if (r.kind === 'quota') return 'none';
  if (r.httpStatus === 429 || (r.kind === 'rate_limited' && r.httpStatus === undefined)) return 'throttled';
  if (r.kind === 'server' || r.kind === 'network' || r.kind === 'timeout') return 'transient';
  if (typeof r.httpStatus === 'number' && r.httpStatus >= 500) return 'transient';
  return 'none';
}

/** Exponential backoff with equal jitter for the n-th retry (n ≥ 1). */
export function backoffMs(n: number, random: () => number, policy?: Partial<RetryPolicy>): number {
  var p = retryPolicyOf(policy);
  var ceiling = Math.min(p.maxBackoffMs, p.baseBackoffMs * Math.pow(2, n - 1));
  var r = random();
  if (!(r >= 0)) r = 0;
  if (r >= 1) r = 0.999999;
  return Math.round(ceiling * (0.5 + r / 2));
}

/**
 * Decide after a failed attempt. `attempts` must already count the failure just seen
 * (the Nth 429 → throttled = N). Does not mutate anything.
 */
export function decideRetry(result: ProviderResult, attempts: Attempts, nowMs: number, deadlineMs: number, random: () => number, policy?: Partial<RetryPolicy>): RetryDecision {
  var p = retryPolicyOf(policy);
  var kind = retryKind(result);
  if (kind === 'none') return { retry: false, reason: 'not retryable' };
  var delay: number;
  if (kind === 'throttled') {
    if (attempts.throttled >= p.max429Tries) return { retry: false, reason: 'throttled ' + attempts.throttled + ' times' };
    delay = typeof result.retryAfterMs === 'number' && result.retryAfterMs >= 0
      ? result.retryAfterMs
      : Math.min(p.maxBackoffMs, p.default429Ms * Math.pow(2, attempts.throttled - 1));
  } else {
    if (attempts.transient >= p.maxTransientRetries) return { retry: false, reason: 'gave up after ' + attempts.transient + ' retries' };
    delay = backoffMs(attempts.transient + 1, random, p);
  }
  if (nowMs + delay >= deadlineMs) return { retry: false, reason: 'waiting ' + Math.ceil(delay / 1000) + ' s would pass the deadline' };
  return { retry: true, delayMs: delay, reason: kind === 'throttled' ? '429' : result.kind || 'server', kind: kind };
}

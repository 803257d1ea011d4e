/**
 * The Node shell around the sans-I/O run machine: real concurrency across providers and
 * indicators, each provider's budget enforced by the shared limiter state, identical
 * (provider, indicator) lookups across concurrent alerts sharing one in-flight promise, per-call
 * timeouts through AbortController and the per-alert deadline.
 *
 * Clock, sleep, randomness and transport are injectable so tests run on fake time without timing
 * assertions; the defaults are Date.now, setTimeout, Math.random and axios (`../http`).
 */
import type { CacheStore, EngineConfig } from '../../core/config';
import type { Extracted, Indicator } from '../../core/model';
import type { Dict, HttpRequest, HttpResponse, Provider, ProviderResult, TransportFailure } from '../../core/providers/types';
import { BudgetUsage, LimiterState, newLimiterState, usage } from '../../core/engine/limiter';
import { MetricsState, ProviderMetrics, newMetricsState, summarize } from '../../core/engine/metrics';
import {
  Engine,
  EngineOptions,
  RunState,
  acceptResponse,
  budgetKeyOf,
  deliver,
  expireRun,
  finishRun,
  limitsOf,
  lookupNext,
  markShared,
  pendingPairs,
  providerConfig,
  startRun,
} from '../../core/engine/run';
import type { AlertReport, EngineEvent } from '../../core/engine/types';
import { perform, PerformOptions } from '../http';
import { MemoryCacheStore } from '../cache/memory';

export type Transport = (request: HttpRequest, options: PerformOptions) => Promise<HttpResponse | TransportFailure>;

export interface EnricherOptions {
  config: EngineConfig;
  providers: Provider[];
  /** Defaults to an in-memory store. */
  cache?: CacheStore;
  now?: () => number;
  /** Resolves after `ms` (or early when `signal` aborts). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** [0, 1) for backoff jitter. */
  random?: () => number;
  transport?: Transport;
  onEvent?: (event: EngineEvent) => void;
  /** Retry policy, limiter margin, lookup of allowlisted indicators. */
  engine?: EngineOptions;
  /** Budget state to start from (e.g. loaded from disk); shared by every alert of this Enricher. */
  limiterState?: LimiterState;
}

export interface AlertInputNode {
  source: string;
  indicators: Array<Extracted | Indicator>;
}

export interface EnrichOptions {
  /** Bypass cache reads (fresh answers are still stored). */
  refresh?: boolean;
  /** Cancels the alert: unfinished lookups become `timeout` errors and a partial report is returned. */
  signal?: AbortSignal;
}

function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export class Enricher {
  private readonly engine: Engine;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly transport: Transport;
  private readonly onEvent?: (event: EngineEvent) => void;
  /** cacheKey (provider + fingerprint + type + value) → the one lookup in flight for it. */
  private readonly inflight = new Map<string, Promise<ProviderResult>>();

  constructor(options: EnricherOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.transport = options.transport ?? perform;
    this.onEvent = options.onEvent;
    this.engine = {
      providers: options.providers,
      config: options.config,
      limiter: options.limiterState ?? newLimiterState(),
      metrics: newMetricsState() as MetricsState,
      cache: options.cache ?? new MemoryCacheStore(),
      random: options.random ?? Math.random,
      options: options.engine,
    };
  }

  /** Enrich one alert: every indicator gets a result from every provider, scored, routed and explained. */
  async enrichAlert(alert: AlertInputNode, options: EnrichOptions = {}): Promise<AlertReport> {
    const run = startRun(this.engine, { source: alert.source, indicators: alert.indicators }, this.now(), { refresh: options.refresh });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) stop.abort();
    try {
      const work: Promise<void>[] = [];
      for (const key of pendingPairs(run)) {
        const pair = run.pairs[key];
        const shared = this.inflight.get(pair.cacheKey);
        if (shared) {
          markShared(run, key);
          work.push(shared.then((result) => deliver(this.engine, run, key, result, this.now()), () => undefined));
          continue;
        }
        const own = this.drive(run, key, stop.signal);
        this.inflight.set(pair.cacheKey, own);
        const forget = () => {
          if (this.inflight.get(pair.cacheKey) === own) this.inflight.delete(pair.cacheKey);
        };
        own.then(forget, forget);
        work.push(own.then(() => undefined, () => undefined));
      }
      await Promise.all(work);
      const unfinished = expireRun(this.engine, run, this.now(), stop.signal.aborted ? 'cancelled' : undefined);
      if (unfinished > 0) this.emit({ type: 'deadline', source: run.source, unfinished });
      return finishRun(this.engine, run, this.now());
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Cumulative per-provider metrics with budget used vs limit. */
  metrics(): Dict<ProviderMetrics> {
    const budgets: Dict<BudgetUsage> = {};
    const now = this.now();
    for (const p of this.engine.providers) {
      const cfg = providerConfig(this.engine, p.id);
      budgets[p.id] = usage(this.engine.limiter, budgetKeyOf(p, cfg), limitsOf(p, cfg), now, this.engine.options?.limiter);
    }
    return summarize(this.engine.metrics, budgets);
  }

  /** The budget state (plain JSON, no secrets), e.g. to persist between CLI invocations. */
  limiterState(): LimiterState {
    return this.engine.limiter;
  }

  private emit(event: EngineEvent): void {
    if (!this.onEvent) return;
    try {
      this.onEvent(event);
    } catch {
      // A broken listener must not break enrichment.
    }
  }

  /** Drive one (provider, indicator) lookup to its final result: budget waits, calls, retries. */
  private async drive(run: RunState, key: string, signal: AbortSignal): Promise<ProviderResult> {
    const pair = run.pairs[key];
    const label = run.indicators[pair.indicator].indicator.value;
    for (;;) {
      if (signal.aborted) {
        expireRun(this.engine, run, this.now(), 'cancelled');
        return pair.result as ProviderResult;
      }
      const now = this.now();
      const step = lookupNext(this.engine, run, key, now);
      if (step.type === 'done' || step.type === 'inflight') {
        const r = pair.result as ProviderResult;
        if (r) this.emit({ type: 'result', provider: pair.provider, indicator: label, status: r.status, kind: r.kind, cached: false });
        return r;
      }
      if (step.type === 'wait') {
        // Short polls (in-flight calls filling a window) are not worth telling anyone about.
        if ((!pair.waitReason || !/^retry/.test(pair.waitReason)) && step.untilMs - now >= 1000) {
          this.emit({ type: 'waiting', provider: pair.provider, ms: step.untilMs - now, reason: step.reason });
        }
        await this.sleep(step.untilMs - now, signal);
        continue;
      }
      this.emit({ type: 'call', provider: step.provider, indicator: label, attempt: step.attempt });
      const answer = await this.call(step.request, step.timeoutMs, signal);
      const outcome = acceptResponse(this.engine, run, step.callId, answer, this.now());
      if (outcome.retryInMs !== undefined) {
        this.emit({ type: 'retry', provider: pair.provider, indicator: label, attempt: pair.tries + 1, delayMs: outcome.retryInMs, reason: outcome.reason ?? '' });
      }
    }
  }

  /** One HTTP call with its own timeout; resolves even when a transport ignores the abort. */
  private call(request: HttpRequest, timeoutMs: number, parent: AbortSignal): Promise<HttpResponse | TransportFailure> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onParentAbort: (() => void) | undefined;
    const aborted = new Promise<TransportFailure>((resolve) => {
      const fire = (message: string) => {
        controller.abort();
        resolve({ kind: 'timeout', message });
      };
      timer = setTimeout(() => fire(`no answer within ${timeoutMs} ms`), timeoutMs);
      onParentAbort = () => fire('cancelled');
      if (parent.aborted) onParentAbort();
      else parent.addEventListener('abort', onParentAbort, { once: true });
    });
    const attempt = this.transport(request, { timeoutMs, signal: controller.signal }).catch(
      (): TransportFailure => ({ kind: 'network', message: 'transport failed' }),
    );
    return Promise.race([attempt, aborted]).finally(() => {
      clearTimeout(timer);
      if (onParentAbort) parent.removeEventListener('abort', onParentAbort);
    });
  }
}

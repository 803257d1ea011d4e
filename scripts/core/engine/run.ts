/**
 * The run state machine for one alert (sans-I/O, h11-style). The shell asks what to do next,
 * performs it, and feeds back what happened; the machine never touches a clock, a socket or a timer.
 *
 *   var run = startRun(engine, { source, indicators }, now);       // screening, skips, cache hits
 *   loop: actions = nextActions(engine, run, now)                  // call P for I | wait until T | done
 *         for a call: acceptResponse(engine, run, callId, response or TransportFailure, now)
 *   var report = finishRun(engine, run, now);                      // score, route, explain
 *
 * The Node shell runs calls concurrently (and may drive single lookups with `lookupNext`, sharing
 * one lookup across alerts with `markShared`/`deliver`); the XSOAR shell runs them one by one.
 * `RunState` is plain JSON and holds no secret (configs and keys stay in `Engine`), so a run can be
 * stored between steps. (provider, indicator) pairs are deduplicated: one run never asks twice.
 * At the deadline every unfinished pair becomes `error` kind `timeout` and the report is partial.
 */
import { CacheStore, EngineConfig } from '../config';
import { Indicator } from '../model';
import { isSkip, transportError } from '../providers/common';
import { Dict, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderId, ProviderResult, RateLimits, Skip, TransportFailure } from '../providers/types';
import { ipScope } from '../net/ip';
import { screen } from './allowlist';
import { cacheKey, configFingerprint, readCache, ttlsOf, writeCache } from './cache';
import { LimiterOptions, LimiterState, block, complete, reserve } from './limiter';
import { MetricsState, counters, recordLatency, recordOutcome } from './metrics';
import { Attempts, RetryPolicy, decideRetry, retryKind, retryPolicyOf } from './retry';
import { actionFor, routeAlert, tierFor } from './routing';
import { scoreIndicator } from './scoring';
import { AlertReport, IndicatorReport, ResultReport, RunMetrics } from './types';

export var DEFAULT_DEADLINE_SECONDS = 25;
export var DEFAULT_CALL_TIMEOUT_MS = 10000;
/** How long to hold a key after a quota answer that gave no Retry-After. */
export var QUOTA_HOLD_MS = 60000;

/** Engine knobs that are not part of the YAML contract. */
export interface EngineOptions {
  retry?: Partial<RetryPolicy>;
  limiter?: LimiterOptions;
  /** Look allowlisted indicators up anyway so the analyst sees them (default true); the score is capped to 0 either way. */
  lookupAllowlisted?: boolean;
}

/**
 * Everything a run needs that is not the run itself: providers (functions), configuration
 * (secrets), shared budget and metrics state, the cache and an injected random source.
 * Several runs share one Engine; that is how budgets hold across alerts.
 */
export interface Engine {
  providers: Provider[];
  config: EngineConfig;
  limiter: LimiterState;
  metrics: MetricsState;
  cache?: CacheStore;
  /** Returns [0, 1); used for backoff jitter. */
  random: () => number;
  options?: EngineOptions;
}

export interface AlertInput {
  source: string;
  indicators: Indicator[];
}

export type PairState = 'ready' | 'waiting' | 'inflight' | 'shared' | 'done';

/** One (provider, indicator) lookup inside a run. */
export interface Pair {
  key: string;
  provider: ProviderId;
  /** Index into `RunState.indicators`. */
  indicator: number;
  /** Cache key and cross-run sharing key (provider + config fingerprint + type + value). */
  cacheKey: string;
  /** Limiter key: provider + config fingerprint. */
  budgetKey: string;
  state: PairState;
  notBeforeMs?: number;
  waitReason?: string;
  callId?: string;
  sentAtMs?: number;
  tries: number;
  attempts: Attempts;
  result?: ProviderResult;
  cached?: boolean;
  ageMs?: number;
}

export interface RunIndicator {
  indicator: Indicator;
  internal?: string;
  allowlisted?: string;
}

export interface RunState {
  source: string;
  startedAtMs: number;
  deadlineMs: number;
  refresh: boolean;
  indicators: RunIndicator[];
  pairs: Dict<Pair>;
  /** Pair keys in report order (indicator, then provider order). */
  order: string[];
  nextCallId: number;
  counters: { calls: number; cacheHits: number; retries: number; rateLimited: number; shared: number; timedOut: number };
}

export interface CallAction {
  type: 'call';
  callId: string;
  pair: string;
  provider: ProviderId;
  indicator: Indicator;
  request: HttpRequest;
  /** Per-call timeout, already bounded by the deadline. */
  timeoutMs: number;
  attempt: number;
}
export interface WaitAction {
  type: 'wait';
  untilMs: number;
  /** Pair waiting the longest-lived reason, e.g. "4/min" or "retry after 429". */
  provider?: ProviderId;
  reason: string;
}
export interface DoneAction {
  type: 'done';
}
export type RunAction = CallAction | WaitAction | DoneAction;

/** What `lookupNext` says for one pair. */
export type LookupStep = CallAction | WaitAction | { type: 'inflight' } | DoneAction;

// ---------------------------------------------------------------------------------------------
// Provider configuration helpers

export function providerConfig(engine: Engine, id: ProviderId): ProviderConfig {
  var all = engine.config.providers || {};
  return all[id] || {};
}

export function limitsOf(provider: Provider, cfg: ProviderConfig): RateLimits {
  var out: RateLimits = {};
  var d = provider.defaults.limits || {};
  var c = cfg.limits || {};
  if (d.perSecond !== undefined) out.perSecond = d.perSecond;
  if (d.perMinute !== undefined) out.perMinute = d.perMinute;
  if (d.perDay !== undefined) out.perDay = d.perDay;
  if (c.perSecond !== undefined) out.perSecond = c.perSecond;
  if (c.perMinute !== undefined) out.perMinute = c.perMinute;
  if (c.perDay !== undefined) out.perDay = c.perDay;
  return out;
}

export function weightOf(provider: Provider, cfg: ProviderConfig): number {
  return typeof cfg.weight === 'number' ? cfg.weight : provider.defaults.weight;
}

function timeoutOf(provider: Provider, cfg: ProviderConfig): number {
  if (typeof cfg.timeoutMs === 'number' && cfg.timeoutMs > 0) return cfg.timeoutMs;
  return provider.defaults.timeoutMs > 0 ? provider.defaults.timeoutMs : DEFAULT_CALL_TIMEOUT_MS;
}

export function budgetKeyOf(provider: Provider, cfg: ProviderConfig): string {
  return provider.id + ':' + configFingerprint(provider, cfg);
}

function findProvider(engine: Engine, id: ProviderId): Provider {
  for (var i = 0; i < engine.providers.length; i++) if (engine.providers[i].id === id) return engine.providers[i];
  throw new Error('unknown provider ' + id);
}

/** `provider.request`, with an adapter exception turned into a skip instead of a crash. */
function buildRequest(prov: Provider, ind: Indicator, cfg: ProviderConfig): HttpRequest | Skip | null {
  try {
    return prov.request(ind, cfg);
  } catch (e) {
    return null;
  }
}

function adapterFailure(prov: Provider): ProviderResult {
  return { provider: prov.id, status: 'error', kind: 'bad_response', message: prov.name + ' adapter could not build a request for this indicator' };
}

function skipped(id: ProviderId, reason: string): ProviderResult {
  return { provider: id, status: 'skipped', message: reason };
}

// ---------------------------------------------------------------------------------------------
// Start

/** Screen indicators, settle skips and cache hits, and set up one pair per (provider, indicator). */
export function startRun(engine: Engine, input: AlertInput, nowMs: number, opts?: { refresh?: boolean }): RunState {
  var secs = engine.config.deadlineSeconds;
  var deadline = nowMs + (typeof secs === 'number' && secs > 0 ? secs : DEFAULT_DEADLINE_SECONDS) * 1000;
  var run: RunState = {
    source: input.source,
    startedAtMs: nowMs,
    deadlineMs: deadline,
    refresh: !!(opts && opts.refresh),
    indicators: [],
    pairs: {},
    order: [],
    nextCallId: 1,
    counters: { calls: 0, cacheHits: 0, retries: 0, rateLimited: 0, shared: 0, timedOut: 0 },
  };
  var seen: Dict<boolean> = {};
  var lookupAllowlisted = !(engine.options && engine.options.lookupAllowlisted === false);
  // One SHA-256 per provider, not per (indicator, provider) pair: it is the costliest step of a
  // cached lookup in XSOAR's interpreter.
  var fingerprints: Dict<string> = {};
  for (var f = 0; f < engine.providers.length; f++) {
    fingerprints[engine.providers[f].id] = configFingerprint(engine.providers[f], providerConfig(engine, engine.providers[f].id));
  }
  for (var i = 0; i < input.indicators.length; i++) {
    var src = input.indicators[i];
    var id = src.type + '|' + src.value;
    if (seen[id]) continue;
    seen[id] = true;
    var ind: Indicator = { type: src.type, value: src.value };
    if (src.type === 'ipv4' || src.type === 'ipv6') ind.scope = src.scope || ipScope(src.type, src.value);
    var s = screen(ind, engine.config);
    var ri: RunIndicator = { indicator: ind };
    if (s.internal) ri.internal = s.internal;
    if (s.allowlisted) ri.allowlisted = s.allowlisted;
    var idx = run.indicators.length;
    run.indicators.push(ri);
    for (var p = 0; p < engine.providers.length; p++) {
      var prov = engine.providers[p];
      var cfg = providerConfig(engine, prov.id);
      var fp = fingerprints[prov.id];
      var pair: Pair = {
        key: idx + '|' + prov.id,
        provider: prov.id,
        indicator: idx,
        cacheKey: cacheKey(prov.id, fp, ind),
        budgetKey: prov.id + ':' + fp,
        state: 'ready',
        tries: 0,
        attempts: { throttled: 0, transient: 0 },
      };
      run.pairs[pair.key] = pair;
      run.order.push(pair.key);
      var reason: string | null = null;
      if (ri.internal) reason = ri.internal;
      else if (ri.allowlisted && !lookupAllowlisted) reason = ri.allowlisted + ': not looked up';
      else {
        var req = buildRequest(prov, ind, cfg);
        if (req === null) {
          settle(engine, run, pair, adapterFailure(prov), nowMs, false);
          continue;
        }
        if (isSkip(req)) reason = req.reason;
      }
      if (reason !== null) {
        settle(engine, run, pair, skipped(prov.id, reason), nowMs, false);
        continue;
      }
      if (!run.refresh && engine.cache) {
        var hit = readCache(engine.cache, pair.cacheKey, nowMs);
        if (hit) {
          hit.result.provider = prov.id;
          pair.cached = true;
          pair.ageMs = hit.ageMs;
          run.counters.cacheHits++;
          counters(engine.metrics, prov.id).cacheHits++;
          pair.state = 'done';
          pair.result = hit.result;
        }
      }
    }
  }
  return run;
}

/** Finish a pair with a result (metrics, cache). */
function settle(engine: Engine, run: RunState, pair: Pair, result: ProviderResult, nowMs: number, network: boolean): void {
  if (pair.state === 'inflight' && pair.sentAtMs !== undefined) {
    // Abandoned in flight (deadline, cancel): release the limiter's pending slot.
    complete(engine.limiter, pair.budgetKey, pair.sentAtMs, nowMs);
    pair.sentAtMs = undefined;
  }
  pair.state = 'done';
  pair.result = result;
  pair.callId = undefined;
  pair.notBeforeMs = undefined;
  if (result.status === 'error' && result.kind === 'timeout') run.counters.timedOut++;
  if (network) {
    recordOutcome(engine.metrics, pair.provider, result.status, result.kind);
    if (engine.cache) writeCache(engine.cache, pair.cacheKey, result, nowMs, ttlsOf(engine.config));
  } else if (result.status === 'skipped') {
    counters(engine.metrics, pair.provider).skipped++;
  } else if (result.status === 'error') {
    recordOutcome(engine.metrics, pair.provider, result.status, result.kind);
  }
}

function timeoutResult(engine: Engine, pair: Pair, run: RunState): ProviderResult {
  var prov = findProvider(engine, pair.provider);
  var secs = Math.round((run.deadlineMs - run.startedAtMs) / 1000);
  var what = pair.state === 'inflight' ? 'no answer' : pair.state === 'shared' ? 'shared lookup unfinished' : pair.state === 'waiting' ? 'still waiting (' + (pair.waitReason || 'budget') + ')' : 'not started';
  return { provider: pair.provider, status: 'error', kind: 'timeout', message: prov.name + ': ' + what + ' at the ' + secs + ' s alert deadline; partial result' };
}

// ---------------------------------------------------------------------------------------------
// Stepping

/** Pairs still needing a network answer, in order (for shells that drive lookups themselves). */
export function pendingPairs(run: RunState): string[] {
  var out: string[] = [];
  for (var i = 0; i < run.order.length; i++) {
    var p = run.pairs[run.order[i]];
    if (p.state === 'ready' || p.state === 'waiting') out.push(p.key);
  }
  return out;
}

/** What to do next for one pair: call now (budget reserved), wait, it is in flight, or it is done. */
export function lookupNext(engine: Engine, run: RunState, key: string, nowMs: number): LookupStep {
  var pair = run.pairs[key];
  if (pair.state === 'done') return { type: 'done' };
  if (nowMs >= run.deadlineMs) {
    settle(engine, run, pair, timeoutResult(engine, pair, run), nowMs, pair.state === 'inflight');
    return { type: 'done' };
  }
  if (pair.state === 'inflight' || pair.state === 'shared') return { type: 'inflight' };
  if (pair.state === 'waiting' && pair.notBeforeMs !== undefined && nowMs < pair.notBeforeMs) {
    return { type: 'wait', untilMs: pair.notBeforeMs, provider: pair.provider, reason: pair.waitReason || 'waiting' };
  }
  var prov = findProvider(engine, pair.provider);
  var cfg = providerConfig(engine, prov.id);
  var ind = run.indicators[pair.indicator].indicator;
  var req = buildRequest(prov, ind, cfg);
  if (req === null || isSkip(req)) {
    settle(engine, run, pair, req === null ? adapterFailure(prov) : skipped(prov.id, req.reason), nowMs, false);
    return { type: 'done' };
  }
  var limits = limitsOf(prov, cfg);
  var r = reserve(engine.limiter, pair.budgetKey, limits, nowMs, engine.options && engine.options.limiter);
  if (r.type === 'quota') {
    settle(engine, run, pair, { provider: prov.id, status: 'error', kind: 'quota', message: prov.name + ' daily budget spent (' + r.reason + '); not called; resets at 00:00 UTC' }, nowMs, false);
    return { type: 'done' };
  }
  if (r.type === 'wait') {
    if (nowMs + r.ms >= run.deadlineMs) {
      run.counters.rateLimited++;
      settle(engine, run, pair, {
        provider: prov.id,
        status: 'error',
        kind: 'rate_limited',
        message: prov.name + ' budget ' + r.reason + ': next slot in ' + Math.ceil(r.ms / 1000) + ' s, after the alert deadline; not called',
      }, nowMs, false);
      return { type: 'done' };
    }
    pair.state = 'waiting';
    pair.notBeforeMs = nowMs + r.ms;
    pair.waitReason = r.reason;
    return { type: 'wait', untilMs: pair.notBeforeMs, provider: prov.id, reason: r.reason };
  }
  pair.state = 'inflight';
  pair.callId = 'c' + run.nextCallId++;
  pair.sentAtMs = nowMs;
  pair.tries++;
  pair.notBeforeMs = undefined;
  run.counters.calls++;
  counters(engine.metrics, prov.id).calls++;
  return {
    type: 'call',
    callId: pair.callId,
    pair: pair.key,
    provider: prov.id,
    indicator: ind,
    request: req,
    timeoutMs: Math.max(1, Math.min(timeoutOf(prov, cfg), run.deadlineMs - nowMs)),
    attempt: pair.tries,
  };
}

/** Every action possible now: calls to make, then one wait (earliest wake-up, never past the deadline), or done. */
export function nextActions(engine: Engine, run: RunState, nowMs: number): RunAction[] {
  var out: RunAction[] = [];
  var wake = run.deadlineMs;
  var waitProvider: ProviderId | undefined;
  var waitReason = 'answers pending';
  var open = false;
  for (var i = 0; i < run.order.length; i++) {
    var step = lookupNext(engine, run, run.order[i], nowMs);
    if (step.type === 'call') {
      out.push(step);
      open = true;
    } else if (step.type === 'wait') {
      open = true;
      if (step.untilMs <= wake) {
        wake = step.untilMs;
        waitProvider = step.provider;
        waitReason = step.reason;
      }
    } else if (step.type === 'inflight') open = true;
  }
  if (!open) return [{ type: 'done' }];
  var w: WaitAction = { type: 'wait', untilMs: wake, reason: waitReason };
  if (waitProvider) w.provider = waitProvider;
  out.push(w);
  return out;
}

export interface AcceptOutcome {
  /** False when the answer was stale (deadline passed, unknown call). */
  accepted: boolean;
  done: boolean;
  result?: ProviderResult;
  /** When a retry was scheduled. */
  retryInMs?: number;
  reason?: string;
}

function findCall(run: RunState, callId: string): Pair | null {
  for (var k in run.pairs) {
    if (Object.prototype.hasOwnProperty.call(run.pairs, k) && run.pairs[k].callId === callId && run.pairs[k].state === 'inflight') return run.pairs[k];
  }
  return null;
}

/** A transport failure (no HTTP answer at all) rather than a response. */
export function isTransportFailure(x: HttpResponse | TransportFailure): x is TransportFailure {
  return (x as HttpResponse).status === undefined && typeof (x as TransportFailure).kind === 'string';
}

/** Feed back an HTTP answer or a transport failure for a call. */
export function acceptResponse(engine: Engine, run: RunState, callId: string, answer: HttpResponse | TransportFailure, nowMs: number): AcceptOutcome {
  var pair = findCall(run, callId);
  if (!pair) return { accepted: false, done: false };
  if (nowMs >= run.deadlineMs) {
    settle(engine, run, pair, timeoutResult(engine, pair, run), nowMs, true);
    return { accepted: false, done: true, result: pair.result };
  }
  var prov = findProvider(engine, pair.provider);
  var cfg = providerConfig(engine, prov.id);
  if (pair.sentAtMs !== undefined) {
    recordLatency(engine.metrics, prov.id, nowMs - pair.sentAtMs);
    complete(engine.limiter, pair.budgetKey, pair.sentAtMs, nowMs);
    pair.sentAtMs = undefined;
  }
  var ind = run.indicators[pair.indicator].indicator;
  var result: ProviderResult;
  if (isTransportFailure(answer)) result = transportError(prov, answer);
  else {
    try {
      result = prov.parse(ind, answer, cfg);
    } catch (e) {
      result = { provider: prov.id, status: 'error', kind: 'bad_response', message: prov.name + ' returned an answer the adapter could not read', httpStatus: answer.status };
    }
  }
  result.provider = prov.id;
  if (result.status !== 'error') {
    settle(engine, run, pair, result, nowMs, true);
    return { accepted: true, done: true, result: result };
  }
  var rk = retryKind(result);
  if (rk === 'throttled' || result.kind === 'quota' || result.httpStatus === 429) {
    // Every call on this key holds until the provider's signalled time, not just this lookup.
    if (rk === 'throttled') pair.attempts.throttled++;
    run.counters.rateLimited++;
    if (result.httpStatus === 429) counters(engine.metrics, prov.id).throttled429++;
    var policy = retryPolicyOf(engine.options && engine.options.retry);
    var hold = typeof result.retryAfterMs === 'number' && result.retryAfterMs >= 0 ? result.retryAfterMs : result.kind === 'quota' ? QUOTA_HOLD_MS : policy.default429Ms * Math.pow(2, Math.max(0, pair.attempts.throttled - 1));
    block(engine.limiter, pair.budgetKey, nowMs + hold, nowMs);
  }
  var d = decideRetry(result, pair.attempts, nowMs, run.deadlineMs, engine.random, engine.options && engine.options.retry);
  if (d.retry) {
    if (d.kind === 'transient') pair.attempts.transient++;
    run.counters.retries++;
    counters(engine.metrics, prov.id).retries++;
    pair.state = 'waiting';
    pair.callId = undefined;
    pair.notBeforeMs = nowMs + d.delayMs;
    pair.waitReason = 'retry after ' + d.reason;
    return { accepted: true, done: false, retryInMs: d.delayMs, reason: d.reason };
  }
  settle(engine, run, pair, result, nowMs, true);
  return { accepted: true, done: true, result: result, reason: d.reason };
}

/** Mark a pair as answered by another run's identical in-flight lookup (Node shell sharing). */
export function markShared(run: RunState, key: string): void {
  var pair = run.pairs[key];
  if (pair.state === 'ready' || pair.state === 'waiting') {
    pair.state = 'shared';
    run.counters.shared++;
  }
}

/** Deliver a shared lookup's final result to a run (ignored once the pair is done, e.g. after the deadline). */
export function deliver(engine: Engine, run: RunState, key: string, result: ProviderResult, nowMs: number): void {
  var pair = run.pairs[key];
  if (pair.state !== 'shared') return;
  if (nowMs >= run.deadlineMs) {
    settle(engine, run, pair, timeoutResult(engine, pair, run), nowMs, false);
    return;
  }
  pair.state = 'done';
  pair.result = result;
}

/** At the deadline (or on cancel): everything unfinished becomes `error` kind `timeout`. */
export function expireRun(engine: Engine, run: RunState, nowMs: number, why?: string): number {
  var n = 0;
  for (var i = 0; i < run.order.length; i++) {
    var pair = run.pairs[run.order[i]];
    if (pair.state === 'done') continue;
    var r = timeoutResult(engine, pair, run);
    if (why) r.message = findProvider(engine, pair.provider).name + ': ' + why + '; partial result';
    settle(engine, run, pair, r, nowMs, pair.state === 'inflight');
    n++;
  }
  return n;
}

export function isDone(run: RunState): boolean {
  for (var k in run.pairs) if (Object.prototype.hasOwnProperty.call(run.pairs, k) && run.pairs[k].state !== 'done') return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Report

function resultReport(pair: Pair): ResultReport {
  var r = pair.result as ProviderResult;
  var out: ResultReport = { status: r.status, cached: !!pair.cached, facts: {} };
  if (r.kind) out.kind = r.kind;
  if (r.message) out.message = r.message;
  if (pair.cached && pair.ageMs !== undefined) out.ageMs = pair.ageMs;
  if (r.status === 'ok' && r.signal) out.signal = { malicious: r.signal.malicious, confidence: r.signal.confidence };
  if (r.facts) out.facts = r.facts;
  if (r.link) out.link = r.link;
  return out;
}

/** Replace every configured secret (raw, URL-encoded, JSON-escaped) in a JSON text. */
export function redact(text: string, secrets: string[]): string {
  for (var i = 0; i < secrets.length; i++) {
    var s = secrets[i];
    if (!s || s.length < 4) continue;
    var forms = [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)];
    for (var j = 0; j < forms.length; j++) if (forms[j]) text = text.split(forms[j]).join('[redacted]');
  }
  return text;
}

export function secretsOf(engine: Engine): string[] {
  var out: string[] = [];
  var all = engine.config.providers || {};
  for (var id in all) {
    if (!Object.prototype.hasOwnProperty.call(all, id)) continue;
    var c = (all as Dict<ProviderConfig | undefined>)[id];
    if (c && typeof c.apiKey === 'string' && c.apiKey) out.push(c.apiKey);
  }
  return out;
}

/** Score, route and explain. Call when `isDone` (or after `expireRun`); unfinished pairs are expired first. */
export function finishRun(engine: Engine, run: RunState, nowMs: number): AlertReport {
  if (!isDone(run)) expireRun(engine, run, nowMs);
  var weights: Dict<number> = {};
  var names: Dict<string> = {};
  for (var p = 0; p < engine.providers.length; p++) {
    var prov = engine.providers[p];
    weights[prov.id] = weightOf(prov, providerConfig(engine, prov.id));
    names[prov.id] = prov.name;
  }
  var thresholds = engine.config.thresholds;
  var indicators: IndicatorReport[] = [];
  for (var i = 0; i < run.indicators.length; i++) {
    var ri = run.indicators[i];
    var results: ProviderResult[] = [];
    var byId: Dict<ResultReport> = {};
    for (var q = 0; q < engine.providers.length; q++) {
      var pair = run.pairs[i + '|' + engine.providers[q].id];
      results.push(pair.result as ProviderResult);
      byId[pair.provider] = resultReport(pair);
    }
    var sc = scoreIndicator(results, weights, names);
    var score = sc.score;
    var explanation = sc.explanation;
    if (ri.internal) explanation = 'not looked up: ' + ri.internal;
    if (ri.allowlisted) {
      explanation = 'score capped to 0: ' + ri.allowlisted + ' (uncapped ' + explanation + ')';
      score = 0;
    }
    // Keys in the contract's order (type, value, scope, score, ...): people read these lines too.
    var rep = { type: ri.indicator.type, value: ri.indicator.value } as IndicatorReport;
    if (ri.indicator.scope) rep.scope = ri.indicator.scope;
    rep.score = score;
    rep.tier = tierFor(score, thresholds);
    rep.explanation = explanation;
    if (ri.allowlisted) rep.allowlisted = ri.allowlisted;
    rep.breakdown = sc.breakdown;
    rep.results = byId;
    indicators.push(rep);
  }
  var route = routeAlert(indicators, { thresholds: thresholds, alertScore: engine.config.alertScore });
  var metrics: RunMetrics = {
    elapsedMs: Math.max(0, nowMs - run.startedAtMs),
    deadlineMs: run.deadlineMs - run.startedAtMs,
    calls: run.counters.calls,
    cacheHits: run.counters.cacheHits,
    retries: run.counters.retries,
    rateLimited: run.counters.rateLimited,
    shared: run.counters.shared,
    timedOut: run.counters.timedOut,
  };
  var report: AlertReport = {
    source: run.source,
    score: route.score,
    tier: route.tier,
    action: actionFor(route.tier),
    partial: route.partial,
    note: route.note,
    indicators: indicators,
    metrics: metrics,
  };
  var secrets = secretsOf(engine);
  return secrets.length > 0 ? (JSON.parse(redact(JSON.stringify(report), secrets)) as AlertReport) : report;
}

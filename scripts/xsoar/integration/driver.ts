/**
 * Drives the engine's sans-I/O run machine synchronously with XSOAR's platform calls: every call
 * action → `http()` (scripts/xsoar/transport.ts), every wait → `wait(seconds)`, bounded by the
 * run's deadline, then `finishRun`. Also counts the API calls for XSOAR's execution metrics.
 */
import { Engine, acceptResponse, expireRun, finishRun, isTransportFailure, nextActions, startRun, AcceptOutcome } from '../../core/engine/run';
import { AlertReport } from '../../core/engine/types';
import { Indicator } from '../../core/model';
import { Dict, HttpResponse, TransportFailure } from '../../core/providers/types';
import { perform, XsoarTransportOptions } from '../transport';

/**
 * Wall clock that never goes backwards and always advances by at least what `sleep` waited.
 * On a server `wait()` really blocks; a test host may only record it — either way the engine
 * sees the time it asked for pass.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): void;
}

export function xsoarClock(): Clock {
  var skew = 0;
  var last = 0;
  function now(): number {
    var t = new Date().getTime() + skew;
    if (t < last) t = last;
    last = t;
    return t;
  }
  return {
    now: now,
    sleep: function (ms: number): void {
      var before = now();
      // Whole seconds: the platform's wait() is documented with integer seconds (Sleep.js).
      var secs = Math.max(1, Math.ceil(ms / 1000));
      wait(secs);
      var want = before + secs * 1000;
      var after = new Date().getTime() + skew;
      if (after < want) skew += want - after;
      if (last < want) last = want;
    },
  };
}

/** XSOAR's execution-metric types (CommonServerPython ErrorTypes) we report. */
export type ApiMetricType = 'Successful' | 'QuotaError' | 'GeneralError' | 'AuthError' | 'ServiceError' | 'ConnectionError' | 'TimeoutError';

export interface ApiMetrics {
  counts: Dict<number>;
  total: number;
}

export function newApiMetrics(): ApiMetrics {
  return { counts: {}, total: 0 };
}

export function countCall(m: ApiMetrics, type: ApiMetricType): void {
  m.counts[type] = (m.counts[type] || 0) + 1;
  m.total++;
}

/** Classify one HTTP call from its final result when there is one, else from the raw answer. */
export function metricOf(answer: HttpResponse | TransportFailure, outcome: AcceptOutcome | null): ApiMetricType {
  if (outcome && outcome.result) {
    var r = outcome.result;
    if (r.status !== 'error') return 'Successful';
    switch (r.kind) {
      case 'auth': return 'AuthError';
      case 'quota':
      case 'rate_limited': return 'QuotaError';
      case 'server': return 'ServiceError';
      case 'timeout': return 'TimeoutError';
      case 'network': return 'ConnectionError';
      default: return 'GeneralError';
    }
  }
  if (isTransportFailure(answer)) return answer.kind === 'timeout' ? 'TimeoutError' : 'ConnectionError';
  if (answer.status === 429) return 'QuotaError';
  if (answer.status === 401 || answer.status === 403) return 'AuthError';
  if (answer.status >= 500) return 'ServiceError';
  if (answer.status >= 200 && answer.status < 300) return 'Successful';
  return 'GeneralError';
}

export interface DriveOptions {
  refresh: boolean;
  transport: XsoarTransportOptions;
  clock: Clock;
  metrics: ApiMetrics;
  source: string;
}

/** Safety net: a run never takes more steps than this (each step makes a call or waits). */
var MAX_STEPS = 5000;

/** One alert, start to report, synchronously. */
export function enrichSync(engine: Engine, indicators: Indicator[], opts: DriveOptions): AlertReport {
  var clock = opts.clock;
  var run = startRun(engine, { source: opts.source, indicators: indicators }, clock.now(), { refresh: opts.refresh });
  for (var step = 0; ; step++) {
    if (step >= MAX_STEPS) {
      expireRun(engine, run, clock.now(), 'stopped after ' + MAX_STEPS + ' steps');
      break;
    }
    var actions = nextActions(engine, run, clock.now());
    // Calls first, then exactly one wait (the earliest wake-up, never past the deadline) — or done.
    var last = actions[actions.length - 1];
    if (last.type !== 'wait') break;
    var called = false;
    for (var i = 0; i < actions.length; i++) {
      var a = actions[i];
      if (a.type !== 'call') continue;
      var answer = perform(a.request, opts.transport);
      var outcome = acceptResponse(engine, run, a.callId, answer, clock.now());
      countCall(opts.metrics, metricOf(answer, outcome.accepted || outcome.done ? outcome : null));
      called = true;
    }
    if (called) continue;
    var ms = last.untilMs - clock.now();
    if (ms > 0) clock.sleep(ms);
  }
  return finishRun(engine, run, clock.now());
}

/**
 * Call budgets per provider and API key: per-second and per-minute sliding logs plus a UTC-day
 * counter, with an optional "blocked until" set from a provider's Retry-After.
 *
 * Why this design:
 * - A sliding log never exceeds N calls in ANY window of the given length, so it also satisfies a
 *   provider that counts in fixed windows (VirusTotal's minute) or sliding ones; a token bucket
 *   allows a refill burst that can trip a fixed-window counter.
 * - The state is plain JSON (a few timestamps per key, bounded by the per-minute limit, and a day
 *   counter), so the very same `reserve` logic can run on state kept in XSOAR's integration context
 *   (get/setIntegrationContext), in a file, or in Redis (a sorted set per window with
 *   ZREMRANGEBYSCORE/ZCARD/ZADD in one Lua script, and INCR on a per-day key) shared by workers.
 * - Keys are `provider:fingerprint` (a hash of base URL and API key), so two keys have two budgets
 *   and no key is ever stored.
 * - `reserve` records the call at the moment it says `go`: concurrent callers in one process cannot
 *   overshoot, because the decision and the record are one synchronous step.
 * - The provider counts arrivals; we only see departures and answers. A call in flight counts in
 *   every window (`pending`) and `complete` logs it at its answer time — the latest instant the
 *   provider can have counted it — and `marginRatio` widens each window a little more (default 2 %)
 *   for clock skew. Without this a saturated event loop or slow connection set-up lets calls land
 *   late and overlap the next window (the scheduler benchmark saw 429s before this).
 */
import { Dict, RateLimits } from '../providers/types';

export var SECOND_MS = 1000;
export var MINUTE_MS = 60000;
export var DAY_MS = 86400000;
/** In-flight calls older than this are assumed finished (state left behind by a crashed worker). */
export var PENDING_MAX_MS = 600000;
/** How soon to ask again when only in-flight calls block a window (their answer time is unknown). */
export var PENDING_POLL_MS = 20;

function insertSorted(list: number[], t: number): void {
  var j = list.length;
  while (j > 0 && list[j - 1] > t) j--;
  list.splice(j, 0, t);
}

export interface BudgetState {
  /** Answer times (epoch ms) of finished calls within the last minute (+ margin), oldest first. */
  log: number[];
  /** Departure times of calls still in flight: they count in every window until `complete`. */
  pending: number[];
  /** UTC day number (floor(ms / 86 400 000)) that `dayCount` counts. */
  day: number;
  dayCount: number;
  /** A provider asked us to hold all calls until this time (429 with Retry-After). */
  blockedUntilMs?: number;
  /** UTC day on which the provider itself said the daily allowance is gone. */
  exhaustedDay?: number;
}

/** Budgets of every provider key; JSON-serialisable as is. */
export interface LimiterState {
  budgets: Dict<BudgetState>;
}

export type Reservation =
  | { type: 'go' }
  | { type: 'wait'; ms: number; reason: string }
  | { type: 'quota'; reason: string; resetAtMs: number };

export interface LimiterOptions {
  /** Extra fraction of each window to wait (default 0.02). */
  marginRatio?: number;
}

export function newLimiterState(): LimiterState {
  return { budgets: {} };
}

function budget(state: LimiterState, key: string, nowMs: number): BudgetState {
  var b = state.budgets[key];
  if (!b) {
    b = { log: [], pending: [], day: Math.floor(nowMs / DAY_MS), dayCount: 0 };
    state.budgets[key] = b;
  }
  if (!b.pending) b.pending = [];
  // A call never completed (a shell died mid-call): after PENDING_MAX_MS assume it finished then.
  while (b.pending.length > 0 && b.pending[0] < nowMs - PENDING_MAX_MS) insertSorted(b.log, (b.pending.shift() as number) + PENDING_MAX_MS);
  var today = Math.floor(nowMs / DAY_MS);
  if (b.day !== today) {
    b.day = today;
    b.dayCount = 0;
  }
  return b;
}

function windowMs(base: number, options?: LimiterOptions): number {
  var r = options && typeof options.marginRatio === 'number' && options.marginRatio >= 0 ? options.marginRatio : 0.02;
  return Math.ceil(base * (1 + r));
}

/** Drop log entries older than the longest window we enforce. */
function prune(b: BudgetState, nowMs: number, keepMs: number): void {
  var cut = 0;
  while (cut < b.log.length && b.log[cut] <= nowMs - keepMs) cut++;
  if (cut > 0) b.log.splice(0, cut);
}

/**
 * How long until a window of `len` ms ending now holds fewer than `limit` calls; 0 when one fits.
 * In-flight calls count as "now" until they complete; when they alone fill the window the answer is
 * a short poll, since only their completion can free a slot.
 */
function waitFor(log: number[], pending: number, nowMs: number, len: number, limit: number): number {
  var inWindow = 0;
  for (var i = log.length - 1; i >= 0 && log[i] > nowMs - len; i--) inWindow++;
  if (inWindow + pending < limit) return 0;
  if (pending >= limit) return Math.min(PENDING_POLL_MS, len);
  // The k-th oldest finished call in the window must leave it.
  var k = inWindow + pending - limit + 1;
  var first = log.length - inWindow;
  return log[first + k - 1] + len - nowMs;
}

function positive(n: number | undefined): n is number {
  return typeof n === 'number' && isFinite(n) && n >= 0;
}

/**
 * Ask for one call under `limits` at `nowMs`. On `go` the call is recorded. On `wait` nothing is
 * recorded: ask again after `ms`. `quota` means the daily budget is spent (do not call).
 */
export function reserve(state: LimiterState, key: string, limits: RateLimits | undefined, nowMs: number, options?: LimiterOptions): Reservation {
  var l = limits || {};
  var b = budget(state, key, nowMs);
  var sec = windowMs(SECOND_MS, options);
  var min = windowMs(MINUTE_MS, options);
  prune(b, nowMs, positive(l.perMinute) ? min : sec);
  if (positive(l.perDay) && b.dayCount >= l.perDay) {
    return { type: 'quota', reason: l.perDay + '/day budget spent', resetAtMs: (b.day + 1) * DAY_MS };
  }
  if (b.exhaustedDay === b.day) {
    return { type: 'quota', reason: 'provider reported the daily quota spent', resetAtMs: (b.day + 1) * DAY_MS };
  }
  if (b.blockedUntilMs !== undefined && b.blockedUntilMs > nowMs) {
    return { type: 'wait', ms: b.blockedUntilMs - nowMs, reason: 'provider asked to wait (429)' };
  }
  var wait = 0;
  var reason = '';
  if (positive(l.perSecond)) {
    var ws = waitFor(b.log, b.pending.length, nowMs, sec, l.perSecond);
    if (ws > wait) {
      wait = ws;
      reason = l.perSecond + '/s';
    }
  }
  if (positive(l.perMinute)) {
    var wm = waitFor(b.log, b.pending.length, nowMs, min, l.perMinute);
    if (wm > wait) {
      wait = wm;
      reason = l.perMinute + '/min';
    }
  }
  if (wait > 0) return { type: 'wait', ms: wait, reason: reason };
  b.pending.push(nowMs);
  b.dayCount++;
  return { type: 'go' };
}

/**
 * A call finished (answer, transport failure, or abandoned at the deadline): it leaves `pending`
 * and enters the log at `doneAtMs`. The provider counted it at some instant in between; assuming
 * the latest one means a window opened later can never overlap it, whatever the connection set-up
 * or event-loop queueing delay was. Every `go` must be followed by exactly one `complete`.
 */
export function complete(state: LimiterState, key: string, sentAtMs: number, doneAtMs: number): void {
  var b = state.budgets[key];
  if (!b || !b.pending) return;
  for (var i = 0; i < b.pending.length; i++) {
    if (b.pending[i] === sentAtMs) {
      b.pending.splice(i, 1);
      insertSorted(b.log, Math.max(sentAtMs, doneAtMs));
      return;
    }
  }
}

/** A provider answered 429 asking us to wait: hold every call on this key until then. */
export function block(state: LimiterState, key: string, untilMs: number, nowMs: number): void {
  var b = budget(state, key, nowMs);
  if (b.blockedUntilMs === undefined || untilMs > b.blockedUntilMs) b.blockedUntilMs = untilMs;
}

/** A provider said the daily allowance is gone: mark today's budget spent. */
export function exhaust(state: LimiterState, key: string, nowMs: number): void {
  var b = budget(state, key, nowMs);
  b.exhaustedDay = b.day;
}

export interface BudgetUsage {
  perSecond?: { used: number; limit: number };
  perMinute?: { used: number; limit: number };
  perDay?: { used: number; limit: number };
}

/** Budget used vs limit right now, for metrics. */
export function usage(state: LimiterState, key: string, limits: RateLimits | undefined, nowMs: number, options?: LimiterOptions): BudgetUsage {
  var l = limits || {};
  var b = state.budgets[key];
  var out: BudgetUsage = {};
  var sec = windowMs(SECOND_MS, options);
  var min = windowMs(MINUTE_MS, options);
  var inSec = 0;
  var inMin = 0;
  var today = 0;
  if (b) {
    for (var i = 0; i < b.log.length; i++) {
      if (b.log[i] > nowMs - sec) inSec++;
      if (b.log[i] > nowMs - min) inMin++;
    }
    today = b.day === Math.floor(nowMs / DAY_MS) ? b.dayCount : 0;
    var inflight = b.pending ? b.pending.length : 0;
    inSec += inflight;
    inMin += inflight;
  }
  if (positive(l.perSecond)) out.perSecond = { used: inSec, limit: l.perSecond };
  if (positive(l.perMinute)) out.perMinute = { used: inMin, limit: l.perMinute };
  if (positive(l.perDay)) out.perDay = { used: today, limit: l.perDay };
  return out;
}

/**
 * Persisting rate-limit budgets between CLI runs. The limiter state is plain JSON (see
 * core/engine/limiter.ts); here it is loaded from and merged back into a named document of the
 * SQLite store, so a daily allowance (VirusTotal's 500/day) holds across invocations and across
 * two processes running at once: each adds only the calls it made itself.
 */
import type { BudgetState, LimiterState } from '../../core/engine/limiter';
import { newLimiterState } from '../../core/engine/limiter';

export interface StateStore {
  getState(name: string): string | undefined;
  updateState(name: string, update: (current: string | undefined) => string): void;
}

var STATE_NAME = 'limiter';
/** Sliding logs only matter for the minute window; keep a little more. */
var LOG_KEEP_MS = 120000;

function parse(text: string | undefined): LimiterState {
  if (!text) return newLimiterState();
  try {
    var s = JSON.parse(text) as LimiterState;
    return s && typeof s === 'object' && s.budgets && typeof s.budgets === 'object' ? s : newLimiterState();
  } catch {
    return newLimiterState();
  }
}

/** The stored budgets, with other processes' in-flight markers dropped (they are not ours to wait for). */
export function loadBudgets(store: StateStore): LimiterState {
  var state = parse(store.getState(STATE_NAME));
  for (var key of Object.keys(state.budgets)) state.budgets[key].pending = [];
  return state;
}

function mergeBudget(current: BudgetState | undefined, base: BudgetState | undefined, ours: BudgetState): BudgetState {
  var baseLast = base && base.log.length ? base.log[base.log.length - 1] : -Infinity;
  var added = ours.log.filter((t) => t > baseLast);
  var log = (current ? current.log : []).concat(added).sort((a, b) => a - b);
  var newest = log.length ? log[log.length - 1] : 0;
  log = log.filter((t) => t > newest - LOG_KEEP_MS);
  var delta = ours.dayCount - (base && base.day === ours.day ? base.dayCount : 0);
  var day = ours.day;
  var dayCount = delta;
  if (current && current.day === ours.day) dayCount = current.dayCount + delta;
  else if (current && current.day > ours.day) {
    day = current.day;
    dayCount = current.dayCount;
  }
  var merged: BudgetState = { log: log, pending: [], day: day, dayCount: Math.max(0, dayCount) };
  var blocked = Math.max(current?.blockedUntilMs ?? 0, ours.blockedUntilMs ?? 0);
  if (blocked > 0) merged.blockedUntilMs = blocked;
  var exhausted = Math.max(current?.exhaustedDay ?? -1, ours.exhaustedDay ?? -1);
  if (exhausted >= 0) merged.exhaustedDay = exhausted;
  return merged;
}

/** Adds this run's calls (ours minus what was loaded as `base`) to whatever is stored now. */
export function saveBudgets(store: StateStore, base: LimiterState, ours: LimiterState): void {
  store.updateState(STATE_NAME, function (text) {
    var current = parse(text);
    for (var key of Object.keys(ours.budgets)) {
      current.budgets[key] = mergeBudget(current.budgets[key], base.budgets[key], ours.budgets[key]);
    }
    return JSON.stringify(current);
  });
}

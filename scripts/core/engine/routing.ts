/**
 * Routing: score → tier → action, the alert score, the coverage rule and the analyst's note.
 *
 * - tier: `high` when score ≥ thresholds.high (70), `medium` when ≥ thresholds.medium (40), else `low`.
 *   Comparisons are on the unrounded score, so 39.99 is low and 40 is medium.
 * - action: high → `escalate`, medium → `review`, low → `auto_close` (with a note). Nothing blocks:
 *   the output informs a human.
 * - alert score: the highest indicator score by default (one bad indicator makes a bad alert);
 *   `alertScore: 'mean'` is available for noisy sources.
 * - coverage rule: if any provider that should have answered a non-allowlisted indicator ended in
 *   `error` (not `not_found`), the alert is at least `medium`/`review`, `partial`, and the note names
 *   the provider and error kind — a failure is never passed off as clean.
 * - no evidence at all (no indicator, or every indicator skipped) is never auto-closed either.
 */
import { Thresholds } from '../config';
import { fmt } from './scoring';
import { IndicatorReport, RouteAction, Tier } from './types';

export var DEFAULT_THRESHOLDS: Thresholds = { high: 70, medium: 40 };

export function thresholdsOf(t?: Partial<Thresholds>): Thresholds {
  var high = t && typeof t.high === 'number' && isFinite(t.high) ? t.high : DEFAULT_THRESHOLDS.high;
  var medium = t && typeof t.medium === 'number' && isFinite(t.medium) ? t.medium : DEFAULT_THRESHOLDS.medium;
  return { high: high, medium: medium };
}

export function tierFor(score: number, thresholds?: Partial<Thresholds>): Tier {
  var t = thresholdsOf(thresholds);
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  return 'low';
}

export function actionFor(tier: Tier): RouteAction {
  return tier === 'high' ? 'escalate' : tier === 'medium' ? 'review' : 'auto_close';
}

export function alertScoreOf(scores: number[], mode?: 'max' | 'mean'): number {
  if (scores.length === 0) return 0;
  var s = mode === 'mean' ? 0 : scores[0];
  for (var i = 0; i < scores.length; i++) {
    if (mode === 'mean') s += scores[i];
    else if (scores[i] > s) s = scores[i];
  }
  return mode === 'mean' ? s / scores.length : s;
}

export interface Route {
  score: number;
  tier: Tier;
  action: RouteAction;
  partial: boolean;
  note: string;
}

/** The failures (provider + kind) of one indicator's results. */
function failures(ind: IndicatorReport): string[] {
  var out: string[] = [];
  for (var p in ind.results) {
    if (!Object.prototype.hasOwnProperty.call(ind.results, p)) continue;
    var r = ind.results[p];
    if (r.status === 'error') out.push(p + ' ' + (r.kind || 'error'));
  }
  return out;
}

function looked(ind: IndicatorReport): boolean {
  for (var p in ind.results) {
    if (Object.prototype.hasOwnProperty.call(ind.results, p) && ind.results[p].status !== 'skipped') return true;
  }
  return false;
}

/** Route an alert from its scored indicators. */
export function routeAlert(indicators: IndicatorReport[], options?: { thresholds?: Partial<Thresholds>; alertScore?: 'max' | 'mean' }): Route {
  var t = thresholdsOf(options && options.thresholds);
  var scores: number[] = [];
  var top: IndicatorReport | null = null;
  var failed: string[] = [];
  var anyError = false;
  var evidence = false;
  var allowlisted = 0;
  for (var i = 0; i < indicators.length; i++) {
    var ind = indicators[i];
    scores.push(ind.score);
    if (!top || ind.score > top.score) top = ind;
    var f = failures(ind);
    if (f.length > 0) anyError = true;
    if (ind.allowlisted) allowlisted++;
    else if (f.length > 0) failed.push(ind.value + ': ' + f.join(', '));
    if (looked(ind) || ind.allowlisted) evidence = true;
  }
  var score = alertScoreOf(scores, options && options.alertScore);
  var tier = tierFor(score, t);
  var base = 'score ' + fmt(score) + ' (' + tier + ')';
  var why = top && top.score > 0 ? '; top indicator ' + top.type + ' ' + top.value + ': ' + top.explanation : '';
  var note: string;
  if (failed.length > 0 && tier === 'low') {
    tier = 'medium';
    note = 'review, not auto-closed: ' + base + ' but lookups failed (' + failed.join('; ') + ') — a failure is not a clean result';
  } else if (!evidence && tier === 'low') {
    tier = 'medium';
    note = 'review, not auto-closed: ' + (indicators.length === 0 ? 'no indicators found in the alert' : 'no indicator could be looked up (all skipped)') + ' — no evidence is not a clean result';
  } else if (tier === 'low') {
    note = 'auto-closed: ' + base + ' below ' + t.medium + ' across ' + indicators.length + ' indicator' + (indicators.length === 1 ? '' : 's') +
      (allowlisted > 0 ? ' (' + allowlisted + ' allowlisted)' : '') + why;
  } else {
    note = (tier === 'high' ? 'escalate: ' : 'review: ') + base + why;
    if (failed.length > 0) note += '; lookups failed: ' + failed.join('; ');
  }
  note += '. Informational only: nothing was blocked.';
  return { score: score, tier: tier, action: actionFor(tier), partial: anyError, note: note };
}

/**
 * Composite score per indicator (0–100), explained per provider.
 *
 *   score = min(100, Σ_p malicious_p × effectiveWeight_p)
 *   effectiveWeight_p = weight_p × confidence_p × 100 / Σ_q (weight_q × confidence_q)   over `ok` results
 *
 * i.e. 100 × Σ(w·c·m) / Σ(w·c). Computing the per-provider share first keeps the seed's formulas
 * bit-exact: VirusTotal (60) + AbuseIPDB (40) answering gives shares 60 and 40, so the score is
 * `vt_malicious/max(vt_total,1)*60 + abuse_confidence/100*40`; VirusTotal alone gives share 100, so
 * `vt_malicious/max(vt_total,1)*100`.
 *
 * Only `ok` results enter. `not_found`, `error` and `skipped` contribute nothing and do not dilute
 * the others: "never seen" and "could not ask" are absence of evidence, never evidence of clean.
 * With no `ok` result the score is 0 and the explanation says "no provider answered" — routing's
 * coverage rule keeps such alerts from auto-closing when a provider failed.
 */
import { Dict, ProviderId, ProviderResult } from '../providers/types';
import { BreakdownEntry } from './types';

export interface IndicatorScore {
  score: number;
  breakdown: BreakdownEntry[];
  explanation: string;
}

/** Clamp to [0, 1]; NaN and negatives become 0. */
function unit(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}

/** One decimal at most ("40", "33.3"): the form of every number in an explanation or note. */
export function fmt(x: number): string {
  var r = Math.round(x * 10) / 10;
  return r === Math.floor(r) ? String(r) : r.toFixed(1);
}

/**
 * Score one indicator from its provider results (one per provider, any status).
 * `weights` maps provider id to weight; missing or negative weights count as 0.
 * `names` (optional) gives human names for the explanation.
 */
export function scoreIndicator(results: ProviderResult[], weights: Dict<number>, names?: Dict<string>): IndicatorScore {
  var total = 0;
  var i: number;
  for (i = 0; i < results.length; i++) {
    var r = results[i];
    if (r.status === 'ok' && r.signal) total += weightOf(weights, r.provider) * unit(r.signal.confidence);
  }
  var breakdown: BreakdownEntry[] = [];
  var score = 0;
  var parts: string[] = [];
  var notFound: string[] = [];
  var errors: string[] = [];
  var noOpinion: string[] = [];
  var skipped = 0;
  for (i = 0; i < results.length; i++) {
    var res = results[i];
    var w = weightOf(weights, res.provider);
    var entry: BreakdownEntry = { provider: res.provider, status: res.status, weight: w, effectiveWeight: 0, contribution: 0 };
    if (res.kind) entry.kind = res.kind;
    var label = names && names[res.provider] ? names[res.provider] : res.provider;
    if (res.status === 'ok' && res.signal) {
      entry.signal = { malicious: res.signal.malicious, confidence: res.signal.confidence };
      var c = unit(res.signal.confidence);
      if (total > 0 && w * c > 0) {
        entry.effectiveWeight = (w * c * 100) / total;
        entry.contribution = unit(res.signal.malicious) * entry.effectiveWeight;
        score += entry.contribution;
        parts.push(label + ' ' + fmt(unit(res.signal.malicious) * 100) + '% malicious × ' + fmt(entry.effectiveWeight) + ' = ' + fmt(entry.contribution));
      } else noOpinion.push(label);
    } else if (res.status === 'ok') noOpinion.push(label);
    else if (res.status === 'not_found') notFound.push(label);
    else if (res.status === 'error') errors.push(label + ' (' + (res.kind || 'error') + ')');
    else skipped++;
    breakdown.push(entry);
  }
  if (score > 100) score = 100;
  if (!(score > 0)) score = 0;
  var text: string;
  if (parts.length > 0) text = 'score ' + fmt(score) + ' = ' + parts.join(' + ');
  else if (noOpinion.length > 0) text = 'score 0: no verdict (' + noOpinion.join(', ') + ' answered with context only)';
  else text = 'score 0: no provider answered';
  if (parts.length > 0 && noOpinion.length > 0) text += '; context only: ' + noOpinion.join(', ');
  if (notFound.length > 0) text += '; not found (not counted as clean): ' + notFound.join(', ');
  if (errors.length > 0) text += '; failed (not counted as clean): ' + errors.join(', ');
  if (skipped > 0) text += '; ' + skipped + ' skipped';
  return { score: score, breakdown: breakdown, explanation: text };
}

function weightOf(weights: Dict<number>, id: ProviderId): number {
  var w = Object.prototype.hasOwnProperty.call(weights, id) ? weights[id] : 0;
  return typeof w === 'number' && w > 0 && isFinite(w) ? w : 0;
}

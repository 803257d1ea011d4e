/**
 * IOCEnrichScore — transformer (tags `transformer`, `entirelist`). `args.value` is the whole list of
 * IOCEnrich.ProviderResult / IOCEnrich.Indicator objects and/or standard DBotScore entries from any
 * vendor; returns the composite score (0–100, the highest indicator score) computed by the core's
 * scoring code. DBotScore mapping: 3 → malicious 1, 2 → 0.5, 1 → 0, 0 → ignored (see evidence.ts).
 * Optional args: `dbot_weight` (weight of a foreign DBotScore vendor, default 50), `decimals`.
 */
import { asItems, collectEvidence, compositeScore, indicatorReports, toNumber } from './evidence';

export function main(): unknown {
  var items = asItems(args.value);
  var weight = args.dbot_weight === undefined || args.dbot_weight === '' ? undefined : toNumber(args.dbot_weight);
  if (weight !== undefined && !(weight >= 0)) throw new Error('IOCEnrichScore: dbot_weight must be a number ≥ 0 (got ' + args.dbot_weight + ').');
  var set = collectEvidence(items, weight);
  var score = compositeScore(indicatorReports(set));
  if (args.decimals !== undefined && args.decimals !== '') {
    var d = toNumber(args.decimals);
    if (!(d >= 0 && d <= 6)) throw new Error('IOCEnrichScore: decimals must be 0-6 (got ' + args.decimals + ').');
    var f = Math.pow(10, Math.floor(d));
    score = Math.round(score * f) / f;
  }
  return score;
}

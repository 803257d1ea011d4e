/**
 * IOCEnrichTier — transformer (tag `transformer`): a score → `High` / `Medium` / `Low`, with the
 * `high` / `medium` threshold args (default 70 / 40), using the core's `tierFor` (score ≥ high → High,
 * ≥ medium → Medium, else Low; compared unrounded, so 39.99 is Low).
 */
import { tierFor } from '../../core/engine/routing';
import { label, thresholdsFromArgs, toNumber } from './evidence';

export function main(): unknown {
  var v = args.value;
  if (v instanceof Array) {
    if (v.length !== 1) throw new Error('IOCEnrichTier: expected one score, got a list of ' + v.length + '; apply IOCEnrichScore first.');
    v = v[0];
  }
  var score = toNumber(v);
  if (isNaN(score)) throw new Error('IOCEnrichTier: the value must be a score (number 0-100), got ' + JSON.stringify(v) + '.');
  return label(tierFor(score, thresholdsFromArgs(args)));
}

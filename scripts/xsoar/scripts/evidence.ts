/**
 * Shared by the pack's scripts (IOCEnrichScore, IOCEnrichTier, IOCEnrichRoute): turns what a playbook
 * hands over — `IOCEnrich.ProviderResult` / `IOCEnrich.Indicator` context objects or standard
 * `DBotScore` entries from any vendor — into the core's ProviderResult lists, and scores them with
 * the core's own `scoreIndicator` / `routeAlert`, so a score in a playbook equals the engine's.
 *
 * DBotScore from other vendors (documented in the pack README):
 *   Score 3 (bad) → malicious 1, 2 (suspicious) → 0.5, 1 (good) → 0, 0 (unknown) → ignored;
 *   confidence 1; weight = the matching provider's default weight when the vendor is one of ours
 *   by name or id (e.g. "VirusTotal" → 60), else the `dbot_weight` argument (default 50).
 *   Our own DBotScore (vendor "IOC Enrich") is derived from our tier, so it is ignored for an
 *   indicator that also has IOCEnrich.ProviderResult / IOCEnrich.Indicator evidence.
 */
import { alertScoreOf, DEFAULT_THRESHOLDS, routeAlert, Route, tierFor } from '../../core/engine/routing';
import { scoreIndicator } from '../../core/engine/scoring';
import { IndicatorReport, ResultReport } from '../../core/engine/types';
import { IocType } from '../../core/model';
import { providerById, PROVIDERS } from '../../core/providers/index';
import { Dict, ErrorKind, ProviderId, ProviderResult, ResultStatus } from '../../core/providers/types';

export var OWN_VENDORS = ['ioc enrich', 'iocenrich'];
export var DEFAULT_DBOT_WEIGHT = 50;

/** DBotScore.Score → normalised maliciousness; undefined means "ignore" (0 unknown, or not 0–3). */
export function dbotMalicious(score: number): number | undefined {
  if (score === 3) return 1;
  if (score === 2) return 0.5;
  if (score === 1) return 0;
  return undefined;
}

interface Evidence {
  value: string;
  type: string;
  results: ProviderResult[];
  weights: Dict<number>;
  names: Dict<string>;
  /** Score given by an IOCEnrich.Indicator object (the integration's final word). */
  indicatorScore?: number;
  allowlisted?: string;
  /** Statuses from an IOCEnrich.Indicator's breakdown (for the coverage rule). */
  breakdownStatus: Dict<{ status: ResultStatus; kind?: ErrorKind }>;
  ownDbot: ProviderResult[];
  hasOwnEvidence: boolean;
}

export interface EvidenceSet {
  order: string[];
  byKey: Dict<Evidence>;
  /** Items that were not recognised (reported, never silently dropped). */
  unrecognised: number;
}

function num(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && x !== '' && !isNaN(Number(x))) return Number(x);
  return NaN;
}

function str(x: unknown): string {
  return x === undefined || x === null ? '' : String(x);
}

function isObj(x: unknown): x is Dict<any> {
  return typeof x === 'object' && x !== null && !(x instanceof Array);
}

/**
 * Normalises a transformer/argument value into a flat list of objects: arrays (nested too), a
 * single object, or a JSON string of either.
 */
export function asItems(value: unknown): Dict<any>[] {
  var out: Dict<any>[] = [];
  function add(v: unknown): void {
    if (v instanceof Array) {
      for (var i = 0; i < v.length; i++) add(v[i]);
    } else if (isObj(v)) out.push(v);
    else if (typeof v === 'string') {
      var t = v.replace(/^\s+|\s+$/g, '');
      if (t.charAt(0) === '[' || t.charAt(0) === '{') {
        try {
          add(JSON.parse(t));
          return;
        } catch (e) {
          /* not JSON: fall through and count it */
        }
      }
      if (t !== '') out.push({ __unrecognised: t });
    }
  }
  add(value);
  return out;
}

function providerFor(vendor: string): { id: string; name: string; weight: number } | undefined {
  var v = vendor.toLowerCase();
  for (var i = 0; i < PROVIDERS.length; i++) {
    var p = PROVIDERS[i];
    if (p.id === v || p.name.toLowerCase() === v) return { id: p.id, name: p.name, weight: p.defaults.weight };
  }
  return undefined;
}

var STATUSES: ResultStatus[] = ['ok', 'not_found', 'error', 'skipped'];

function statusOf(x: unknown): ResultStatus {
  var s = str(x).toLowerCase();
  for (var i = 0; i < STATUSES.length; i++) if (STATUSES[i] === s) return STATUSES[i];
  return 'error';
}

/** Collects evidence per indicator value (case-insensitive), in first-seen order. */
export function collectEvidence(items: Dict<any>[], dbotWeight?: number): EvidenceSet {
  var set: EvidenceSet = { order: [], byKey: {}, unrecognised: 0 };
  var dw = typeof dbotWeight === 'number' && dbotWeight >= 0 && isFinite(dbotWeight) ? dbotWeight : DEFAULT_DBOT_WEIGHT;
  function ev(value: string, type: string): Evidence {
    var key = value.toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(set.byKey, key)) {
      set.byKey[key] = { value: value, type: type, results: [], weights: {}, names: {}, breakdownStatus: {}, ownDbot: [], hasOwnEvidence: false };
      set.order.push(key);
    }
    var e = set.byKey[key];
    if (!e.type && type) e.type = type;
    return e;
  }
  for (var i = 0; i < items.length; i++) {
    var it = items[i];
    if (it.Provider !== undefined && it.Status !== undefined && it.Value !== undefined) {
      // IOCEnrich.ProviderResult
      var e = ev(str(it.Value), str(it.Type));
      e.hasOwnEvidence = true;
      var id = str(it.Provider);
      var r: ProviderResult = { provider: id as ProviderId, status: statusOf(it.Status) };
      if (it.Kind) r.kind = str(it.Kind) as ErrorKind;
      var m = num(it.Malicious);
      var c = num(it.Confidence);
      if (r.status === 'ok' && !isNaN(m)) r.signal = { malicious: m, confidence: isNaN(c) ? 1 : c };
      replace(e.results, r);
      var w = num(it.Weight);
      var own = providerById(id);
      e.weights[id] = isNaN(w) ? (own ? own.defaults.weight : 0) : w;
      e.names[id] = own ? own.name : id;
    } else if (it.Value !== undefined && it.Score !== undefined && it.Indicator === undefined) {
      // IOCEnrich.Indicator
      var ei = ev(str(it.Value), str(it.Type));
      ei.hasOwnEvidence = true;
      var s = num(it.Score);
      if (!isNaN(s)) ei.indicatorScore = ei.indicatorScore === undefined || s > ei.indicatorScore ? s : ei.indicatorScore;
      if (it.Allowlisted) ei.allowlisted = str(it.Allowlisted);
      var rows = asItems(it.Breakdown);
      for (var j = 0; j < rows.length; j++) {
        if (rows[j].Provider === undefined) continue;
        var b: { status: ResultStatus; kind?: ErrorKind } = { status: statusOf(rows[j].Status) };
        if (rows[j].Kind) b.kind = str(rows[j].Kind) as ErrorKind;
        ei.breakdownStatus[str(rows[j].Provider)] = b;
      }
    } else if (it.Indicator !== undefined && it.Vendor !== undefined && it.Score !== undefined) {
      // Standard DBotScore from any vendor.
      var mal = dbotMalicious(num(it.Score));
      var vendor = str(it.Vendor);
      var ed = ev(str(it.Indicator), str(it.Type));
      if (mal === undefined) continue;
      var known = providerFor(vendor);
      var did = 'dbot:' + vendor;
      var dr: ProviderResult = { provider: did as ProviderId, status: 'ok', signal: { malicious: mal, confidence: 1 } };
      ed.weights[did] = known ? known.weight : dw;
      ed.names[did] = vendor + ' (DBotScore ' + num(it.Score) + ')';
      if (OWN_VENDORS.indexOf(vendor.toLowerCase()) >= 0) replace(ed.ownDbot, dr);
      else replace(ed.results, dr);
    } else {
      set.unrecognised++;
    }
  }
  return set;
}

/** One result per provider: a later item for the same provider replaces the earlier one. */
function replace(list: ProviderResult[], r: ProviderResult): void {
  for (var i = 0; i < list.length; i++) {
    if (list[i].provider === r.provider) {
      list[i] = r;
      return;
    }
  }
  list.push(r);
}

/** Scores every indicator of the set (core `scoreIndicator`) into the engine's report shape. */
export function indicatorReports(set: EvidenceSet, thresholds?: { high: number; medium: number }): IndicatorReport[] {
  var out: IndicatorReport[] = [];
  for (var i = 0; i < set.order.length; i++) {
    var e = set.byKey[set.order[i]];
    var results = e.results.slice();
    if (!e.hasOwnEvidence) for (var o = 0; o < e.ownDbot.length; o++) results.push(e.ownDbot[o]);
    var scored = scoreIndicator(results, e.weights, e.names);
    var score = scored.score;
    var explanation = scored.explanation;
    if (e.indicatorScore !== undefined && (results.length === 0 || e.indicatorScore > score)) {
      score = e.indicatorScore;
      explanation = 'score ' + score + ' from IOCEnrich.Indicator' + (results.length > 0 ? '; ' + scored.explanation : '');
    }
    if (e.allowlisted) {
      score = 0;
      explanation = 'allowlisted (' + e.allowlisted + '): score capped to 0';
    }
    var reports: Dict<ResultReport> = {};
    for (var p in e.breakdownStatus) {
      if (!Object.prototype.hasOwnProperty.call(e.breakdownStatus, p)) continue;
      reports[p] = { status: e.breakdownStatus[p].status, cached: false, facts: {} };
      if (e.breakdownStatus[p].kind) reports[p].kind = e.breakdownStatus[p].kind;
    }
    for (var k = 0; k < results.length; k++) {
      var rr: ResultReport = { status: results[k].status, cached: false, facts: {} };
      if (results[k].kind) rr.kind = results[k].kind;
      if (results[k].signal) rr.signal = results[k].signal;
      reports[results[k].provider] = rr;
    }
    var report: IndicatorReport = {
      type: (e.type || 'unknown') as IocType,
      value: e.value,
      score: score,
      tier: tierFor(score, thresholds),
      explanation: explanation,
      breakdown: scored.breakdown,
      results: reports,
    };
    if (e.allowlisted) report.allowlisted = e.allowlisted;
    out.push(report);
  }
  return out;
}

/** The alert's composite score: the highest indicator score (the engine's default), 0 with no evidence. */
export function compositeScore(reports: IndicatorReport[]): number {
  return Math.max(0, alertScoreOf(reports.map(function (r) { return r.score; })));
}

/** Coverage of the provider lookups: how many answered (ok / not_found), failed, were skipped. */
export interface Coverage {
  answered: number;
  failed: number;
  skipped: number;
  total: number;
}

export function coverageOf(reports: IndicatorReport[]): Coverage {
  var c: Coverage = { answered: 0, failed: 0, skipped: 0, total: 0 };
  for (var i = 0; i < reports.length; i++) {
    for (var p in reports[i].results) {
      if (!Object.prototype.hasOwnProperty.call(reports[i].results, p)) continue;
      var s = reports[i].results[p].status;
      c.total++;
      if (s === 'ok' || s === 'not_found') c.answered++;
      else if (s === 'error') c.failed++;
      else c.skipped++;
    }
  }
  return c;
}

/** Thresholds from arguments (strings from a playbook), falling back to 70 / 40. Throws on nonsense. */
export function thresholdsFromArgs(a: Dict<any>): { high: number; medium: number } {
  var high = a.high === undefined || a.high === '' ? DEFAULT_THRESHOLDS.high : num(a.high);
  var medium = a.medium === undefined || a.medium === '' ? DEFAULT_THRESHOLDS.medium : num(a.medium);
  if (isNaN(high) || isNaN(medium)) throw new Error('IOCEnrich: thresholds must be numbers (got high=' + str(a.high) + ', medium=' + str(a.medium) + '); pass e.g. high=70 medium=40.');
  if (medium > high) throw new Error('IOCEnrich: the medium threshold (' + medium + ') is above the high threshold (' + high + '); swap them.');
  return { high: high, medium: medium };
}

/** Branch label of a tier, as the playbook's condition names them. */
export function label(tier: string): 'High' | 'Medium' | 'Low' {
  return tier === 'high' ? 'High' : tier === 'medium' ? 'Medium' : 'Low';
}

export function route(reports: IndicatorReport[], thresholds: { high: number; medium: number }): Route {
  return routeAlert(reports, { thresholds: thresholds });
}

export { num as toNumber };

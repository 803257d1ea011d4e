/**
 * Context objects and war-room markdown for enrichment results. Context keys carry XSOAR's merge
 * selectors so repeated runs update an indicator instead of appending duplicates.
 *
 * DBotScore (documented in docs/xsoar-integration.md): tier high → 3 (bad), medium → 2
 * (suspicious), low → 1 (good) only when at least one provider gave a verdict, none flagged the
 * indicator and none failed; everything else → 0 (unknown). "Never seen" and "could not ask" are
 * not evidence of clean.
 */
import { AlertReport, IndicatorReport } from '../../core/engine/types';
import { IocType } from '../../core/model';
import { Dict, FactValue, Provider } from '../../core/providers/types';
import { age, cell, link, num, table } from './markdown';

export var VENDOR = 'IOCEnrich';
export var DBOT_KEY = 'DBotScore(val.Indicator && val.Indicator == obj.Indicator && val.Vendor == obj.Vendor && val.Type == obj.Type)';
export var INDICATOR_KEY = 'IOCEnrich.Indicator(val.Value == obj.Value)';
export var ALERT_KEY = 'IOCEnrich.Alert';
export var PROVIDER_RESULT_KEY = 'IOCEnrich.ProviderResult(val.Provider == obj.Provider && val.Value == obj.Value)';
export var EXTRACTED_KEY = 'IOCEnrich.Extracted(val.Type == obj.Type && val.Value == obj.Value)';
export var BUDGET_KEY = 'IOCEnrich.Budget(val.Provider == obj.Provider && val.Window == obj.Window)';
export var CACHE_STATS_KEY = 'IOCEnrich.Cache';
/** CommonServer.js outputPaths (standard reputation objects). */
export var IP_KEY = 'IP(val.Address && val.Address == obj.Address)';
export var DOMAIN_KEY = 'Domain(val.Name && val.Name == obj.Name)';
export var URL_KEY = 'URL(val.Data && val.Data == obj.Data)';
export var FILE_KEY = 'File(val.MD5 && val.MD5 == obj.MD5 || val.SHA1 && val.SHA1 == obj.SHA1 || val.SHA256 && val.SHA256 == obj.SHA256 || val.SHA512 && val.SHA512 == obj.SHA512 || val.CRC32 && val.CRC32 == obj.CRC32 || val.CTPH && val.CTPH == obj.CTPH || val.SSDeep && val.SSDeep == obj.SSDeep)';

/** Round for context: two decimals are plenty for a 0-100 score. */
function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function names(providers: Provider[]): Dict<string> {
  var out: Dict<string> = {};
  for (var i = 0; i < providers.length; i++) out[providers[i].id] = providers[i].name;
  return out;
}

/** The DBotScore rule (see the module comment). */
export function dbotScore(ind: IndicatorReport): number {
  if (ind.tier === 'high') return 3;
  if (ind.tier === 'medium') return 2;
  var answered = false;
  var flagged = false;
  var failed = false;
  for (var p in ind.results) {
    if (!Object.prototype.hasOwnProperty.call(ind.results, p)) continue;
    var r = ind.results[p];
    if (r.status === 'error') failed = true;
    if (r.status === 'ok' && r.signal && r.signal.confidence > 0) {
      answered = true;
      if (r.signal.malicious > 0) flagged = true;
    }
  }
  return answered && !flagged && !failed ? 1 : 0;
}

var DBOT_WORDS = ['Unknown', 'Good', 'Suspicious', 'Bad'];

export function dbotWord(score: number): string {
  return DBOT_WORDS[score] || 'Unknown';
}

/** `IOCEnrich.Indicator` for one indicator: score, tier, explanation and one breakdown row per provider. */
export function indicatorContext(ind: IndicatorReport): Dict<unknown> {
  var rows: Dict<unknown>[] = [];
  for (var i = 0; i < ind.breakdown.length; i++) {
    var b = ind.breakdown[i];
    var r = ind.results[b.provider];
    var row: Dict<unknown> = { Provider: b.provider, Status: b.status, Weight: b.weight, Contribution: round2(b.contribution), Cached: !!(r && r.cached) };
    if (b.kind) row.Kind = b.kind;
    if (r && r.message) row.Message = r.message;
    if (r && r.link) row.Link = r.link;
    rows.push(row);
  }
  var out: Dict<unknown> = { Value: ind.value, Type: ind.type, Score: round2(ind.score), Tier: ind.tier, Explanation: ind.explanation, Breakdown: rows };
  if (ind.scope) out.Scope = ind.scope;
  if (ind.allowlisted) out.Allowlisted = ind.allowlisted;
  return out;
}

/** `IOCEnrich.Alert`. */
export function alertContext(report: AlertReport): Dict<unknown> {
  return { Score: round2(report.score), Tier: report.tier, Action: report.action, Partial: report.partial, Note: report.note };
}

/** A few facts, `name: value`, for a table cell. */
export function factsText(facts: Dict<FactValue> | undefined, max: number): string {
  if (!facts) return '';
  var parts: string[] = [];
  for (var k in facts) {
    if (!Object.prototype.hasOwnProperty.call(facts, k) || parts.length >= max) continue;
    var v = facts[k];
    if (v === null || v === undefined || v === '') continue;
    var s: string;
    if (v instanceof Array) {
      if (v.length === 0) continue;
      var items: string[] = [];
      for (var i = 0; i < v.length && i < 5; i++) items.push(typeof v[i] === 'object' ? JSON.stringify(v[i]) : String(v[i]));
      s = items.join(', ') + (v.length > 5 ? ', ...' : '');
    } else s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (s.length > 80) s = s.substring(0, 77) + '...';
    parts.push(k + ': ' + s);
  }
  return parts.join('; ');
}

function statusText(r: { status: string; kind?: string; message?: string; cached: boolean; ageMs?: number }): string {
  var s = r.status === 'not_found' ? 'not found' : r.status === 'error' ? 'error (' + (r.kind || 'error') + ')' : r.status;
  if (r.cached) s += ', cached' + (r.ageMs !== undefined ? ' ' + age(r.ageMs) + ' ago' : '');
  if (r.message && r.status !== 'ok') s += ': ' + r.message;
  return s;
}

/** The per-provider score breakdown of one indicator, with a link to each provider's page. */
export function indicatorMarkdown(ind: IndicatorReport, providerNames: Dict<string>, title: string): string {
  var rows: string[][] = [];
  for (var i = 0; i < ind.breakdown.length; i++) {
    var b = ind.breakdown[i];
    var r = ind.results[b.provider];
    var verdict = b.signal ? num(b.signal.malicious * 100) + '% malicious' + (b.signal.confidence < 1 ? ' (confidence ' + num(b.signal.confidence * 100) + '%)' : '') : '';
    rows.push([
      link(providerNames[b.provider] || b.provider, r && r.link),
      cell(r ? statusText(r) : b.status),
      cell(verdict),
      cell(num(b.weight) + (b.effectiveWeight > 0 ? ' (share ' + num(b.effectiveWeight) + '%)' : '')),
      cell(num(b.contribution)),
      cell(r ? factsText(r.facts, 6) : ''),
    ]);
  }
  var head = title + ': score ' + num(ind.score) + ' (' + ind.tier + ')';
  var md = table(head, ['Provider', 'Status', 'Verdict', 'Weight', 'Contribution', 'Facts'], rows);
  var notes = '**Explanation:** ' + cell(ind.explanation) + '\n';
  if (ind.scope && ind.scope !== 'public') notes += '**Scope:** ' + ind.scope + ' (never sent to providers)\n';
  if (ind.allowlisted) notes += '**Allowlisted:** ' + cell(ind.allowlisted) + '\n';
  return md + '\n' + notes;
}

/** The XSOAR reputation type and standard context object for a core indicator type. */
export function reputationOf(type: IocType): { dbotType: string; key: string; field: string } | null {
  switch (type) {
    case 'ipv4':
    case 'ipv6':
      return { dbotType: 'ip', key: IP_KEY, field: 'Address' };
    case 'domain':
      return { dbotType: 'domain', key: DOMAIN_KEY, field: 'Name' };
    case 'url':
      return { dbotType: 'url', key: URL_KEY, field: 'Data' };
    case 'md5':
      return { dbotType: 'file', key: FILE_KEY, field: 'MD5' };
    case 'sha1':
      return { dbotType: 'file', key: FILE_KEY, field: 'SHA1' };
    case 'sha256':
      return { dbotType: 'file', key: FILE_KEY, field: 'SHA256' };
    default:
      return null;
  }
}

/** One reputation entry: DBotScore, the standard object (+ Malicious when high) and IOCEnrich.Indicator. */
export function reputationEntry(ind: IndicatorReport, reliability: string, providerNames: Dict<string>): XsoarEntry {
  var rep = reputationOf(ind.type);
  var score = dbotScore(ind);
  var ec: Dict<unknown> = {};
  if (rep) {
    ec[DBOT_KEY] = { Indicator: ind.value, Type: rep.dbotType, Vendor: VENDOR, Score: score, Reliability: reliability };
    var std: Dict<unknown> = {};
    std[rep.field] = ind.value;
    if (ind.tier === 'high') std.Malicious = { Vendor: VENDOR, Description: 'IOC Enrich score ' + num(ind.score) + ' (high): ' + ind.explanation };
    ec[rep.key] = std;
  }
  ec[INDICATOR_KEY] = indicatorContext(ind);
  var title = 'IOC Enrich: ' + (rep ? rep.dbotType : ind.type) + ' ' + ind.value;
  var md = indicatorMarkdown(ind, providerNames, title) + '**DBotScore:** ' + score + ' (' + dbotWord(score) + ')\n';
  return { Type: entryTypes.note, Contents: ind, ContentsFormat: formats.json, HumanReadable: md, ReadableContentsFormat: formats.markdown, EntryContext: ec };
}

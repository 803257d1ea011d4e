/**
 * The integration's commands. Each takes the parsed settings and returns war-room entries; state
 * (cache, budgets) is loaded once by the caller and saved once after the command.
 */
import { Engine, budgetKeyOf, limitsOf, providerConfig } from '../../core/engine/run';
import { DAY_MS, usage } from '../../core/engine/limiter';
import { DEFAULT_NOT_FOUND_TTL_HOURS, HOUR_MS, ttlsOf } from '../../core/engine/cache';
import { newMetricsState } from '../../core/engine/metrics';
import { AlertReport } from '../../core/engine/types';
import { Indicator, IocType } from '../../core/model';
import { isSkip } from '../../core/providers/common';
import { providerById, PROVIDERS } from '../../core/providers/index';
import { Dict, Provider, ProviderResult } from '../../core/providers/types';
import { perform } from '../transport';
import { ApiMetrics, Clock, enrichSync } from './driver';
import { userError } from './errors';
import { parseText, parseValues, quoteList } from './inputs';
import { age, cell, link, num, table } from './markdown';
import { Settings, toList, truthy } from './params';
import {
  ALERT_KEY,
  BUDGET_KEY,
  CACHE_STATS_KEY,
  EXTRACTED_KEY,
  INDICATOR_KEY,
  PROVIDER_RESULT_KEY,
  alertContext,
  factsText,
  indicatorContext,
  indicatorMarkdown,
  names,
  reputationEntry,
} from './render';
import { State } from './store';

export interface Ctx {
  settings: Settings;
  state: State;
  clock: Clock;
  metrics: ApiMetrics;
  /** Set by commands that changed the cache or budgets. */
  changed: boolean;
}

function note(contents: unknown, md: string, ec?: Dict<unknown>): XsoarEntry {
  var e: XsoarEntry = { Type: entryTypes.note, Contents: contents, ContentsFormat: formats.json, HumanReadable: md, ReadableContentsFormat: formats.markdown };
  if (ec) e.EntryContext = ec;
  return e;
}

function makeEngine(ctx: Ctx, providers: Provider[]): Engine {
  return { providers: providers, config: ctx.settings.config, limiter: ctx.state.limiter, metrics: newMetricsState(), cache: ctx.state.cache, random: Math.random };
}

function requireProviders(ctx: Ctx): void {
  if (ctx.settings.enabled.length === 0) {
    throw userError(
      ctx.settings.explicit
        ? 'No provider is enabled.'
        : 'No provider is enabled: select providers in the Providers parameter and set their API keys (and base URLs for MISP and OpenCTI) in the instance settings.'
    );
  }
}

function source(): string {
  var id = typeof investigation === 'object' && investigation && (investigation as Dict<unknown>).id;
  return id ? 'XSOAR investigation ' + String(id) : 'XSOAR ' + command;
}

function run(ctx: Ctx, providers: Provider[], indicators: Indicator[], refresh: boolean): AlertReport {
  var before = ctx.metrics.total;
  var engine = makeEngine(ctx, providers);
  var report = enrichSync(engine, indicators, {
    refresh: refresh,
    transport: { insecure: ctx.settings.insecure, proxy: ctx.settings.proxy },
    clock: ctx.clock,
    metrics: ctx.metrics,
    source: source(),
  });
  if (ctx.metrics.total > before || ctx.state.cache.dirty()) ctx.changed = true;
  return report;
}

function invalidEntry(what: string, invalid: string[]): XsoarEntry {
  var msg = 'Not looked up: ' + quoteList(invalid) + (invalid.length === 1 ? ' is not ' : ' are not ') + what + '.';
  return note({ invalid: invalid }, msg);
}

// ------------------------------------------------------------------------------------------------
// Reputation commands

var REPUTATION: Dict<{ arg: string; types: IocType[]; what: string }> = {
  ip: { arg: 'ip', types: ['ipv4', 'ipv6'], what: 'an IPv4 or IPv6 address' },
  domain: { arg: 'domain', types: ['domain'], what: 'a domain name' },
  url: { arg: 'url', types: ['url'], what: 'a URL with a scheme (http://, https://)' },
  file: { arg: 'file', types: ['md5', 'sha1', 'sha256'], what: 'an MD5, SHA-1 or SHA-256 hash' },
};

export function isReputation(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(REPUTATION, name);
}

export function reputation(ctx: Ctx, name: string): XsoarEntry[] {
  var spec = REPUTATION[name];
  var parsed = parseValues(args[spec.arg], spec.types);
  if (parsed.indicators.length === 0) {
    throw userError(name + ': ' + (parsed.invalid.length === 0 ? 'the ' + spec.arg + ' argument is empty' : quoteList(parsed.invalid) + ' is not ' + spec.what) + '. Give ' + spec.what + ' (defanged forms such as hxxp:// and [.] are accepted).');
  }
  requireProviders(ctx);
  var report = run(ctx, ctx.settings.enabled, parsed.indicators, truthy(args.refresh));
  var providerNames = names(ctx.settings.enabled);
  var out: XsoarEntry[] = [];
  for (var i = 0; i < report.indicators.length; i++) out.push(reputationEntry(report.indicators[i], ctx.settings.reliability, providerNames));
  if (parsed.invalid.length > 0) out.push(invalidEntry(spec.what, parsed.invalid));
  return out;
}

// ------------------------------------------------------------------------------------------------
// ioc-enrich

/** The `providers` argument: a subset of the enabled providers. */
function chosenProviders(ctx: Ctx, raw: unknown): Provider[] {
  var ids = toList(raw);
  if (ids.length === 0) return ctx.settings.enabled;
  var out: Provider[] = [];
  var problems: string[] = [];
  for (var i = 0; i < ids.length; i++) {
    var id = ids[i].toLowerCase();
    var p = providerById(id);
    var on = false;
    for (var j = 0; j < ctx.settings.enabled.length; j++) if (ctx.settings.enabled[j].id === id) on = true;
    if (!p) problems.push('"' + ids[i].substring(0, 40) + '" is not a provider');
    else if (!on) problems.push(p.name + ' (' + id + ') is not enabled in this instance');
    else out.push(p);
  }
  if (problems.length > 0) {
    throw userError('providers: ' + problems.join('; ') + '. Enabled: ' + (ctx.settings.enabled.map(function (x) { return x.id; }).join(', ') || 'none') + ' (change the Providers parameter to enable more).');
  }
  // Registry order, no duplicates.
  var ordered: Provider[] = [];
  for (var k = 0; k < ctx.settings.enabled.length; k++) {
    for (var m = 0; m < out.length; m++) if (out[m].id === ctx.settings.enabled[k].id) { ordered.push(out[m]); break; }
  }
  return ordered;
}

/** How many indicators get their own breakdown table in the war room (all of them are in context). */
var DETAIL_TABLES = 25;

export function iocEnrich(ctx: Ctx): XsoarEntry[] {
  var hasText = args.text !== undefined && args.text !== null && String(args.text) !== '';
  var parsed = parseValues(args.indicators, null);
  if (!hasText && parsed.indicators.length === 0 && parsed.invalid.length === 0) {
    throw userError('ioc-enrich: give indicators (comma-separated) and/or text to extract indicators from.');
  }
  requireProviders(ctx);
  var providers = chosenProviders(ctx, args.providers);
  var indicators: Indicator[] = parsed.indicators.slice();
  if (hasText) indicators = indicators.concat(parseText(args.text));
  var report = run(ctx, providers, indicators, truthy(args.refresh));
  var providerNames = names(providers);
  var rows: string[][] = [];
  for (var i = 0; i < report.indicators.length; i++) {
    var ind = report.indicators[i];
    rows.push([cell(ind.type), cell(ind.value), cell(num(ind.score)), cell(ind.tier), cell(ind.explanation)]);
  }
  var md = table('IOC Enrich: alert score ' + num(report.score) + ' (' + report.tier + ') → ' + report.action, ['Score', 'Tier', 'Action', 'Partial', 'Note'], [
    [cell(num(report.score)), cell(report.tier), cell(report.action), cell(report.partial ? 'yes' : 'no'), cell(report.note)],
  ]);
  md += '\n' + table('Indicators (' + report.indicators.length + ')', ['Type', 'Indicator', 'Score', 'Tier', 'Explanation'], rows);
  for (var j = 0; j < report.indicators.length && j < DETAIL_TABLES; j++) {
    md += '\n' + indicatorMarkdown(report.indicators[j], providerNames, report.indicators[j].type + ' ' + report.indicators[j].value);
  }
  if (report.indicators.length > DETAIL_TABLES) md += '\n_' + (report.indicators.length - DETAIL_TABLES) + ' more indicators: see the IOCEnrich.Indicator context._\n';
  if (parsed.invalid.length > 0) md += '\n**Not indicators (not looked up):** ' + cell(quoteList(parsed.invalid)) + '\n';
  md += '\n_Informational only: nothing was blocked._\n';
  var ec: Dict<unknown> = {};
  ec[INDICATOR_KEY] = report.indicators.map(indicatorContext);
  ec[ALERT_KEY] = alertContext(report);
  return [note(report, md, ec)];
}

// ------------------------------------------------------------------------------------------------
// ioc-enrich-provider

export function iocEnrichProvider(ctx: Ctx): XsoarEntry[] {
  var id = typeof args.provider === 'string' ? args.provider.replace(/^\s+|\s+$/g, '').toLowerCase() : '';
  var prov = providerById(id);
  if (!prov) throw userError('ioc-enrich-provider: provider must be one of ' + PROVIDERS.map(function (p) { return p.id; }).join(', ') + (id ? ' (got "' + id.substring(0, 40) + '")' : '') + '.');
  var parsed = parseValues(args.indicators, null);
  if (parsed.indicators.length === 0) throw userError('ioc-enrich-provider: no indicator in ' + (parsed.invalid.length ? quoteList(parsed.invalid) : 'the indicators argument') + '. Give IPs, domains, URLs, hashes, emails or CVEs (comma-separated; defanged forms accepted).');
  var enabled = false;
  for (var i = 0; i < ctx.settings.enabled.length; i++) if (ctx.settings.enabled[i].id === prov.id) enabled = true;
  var results: Dict<unknown>[] = [];
  var mdRows: string[][] = [];
  if (!enabled) {
    var seen: Dict<boolean> = {};
    for (var s = 0; s < parsed.indicators.length; s++) {
      var x = parsed.indicators[s];
      if (seen[x.type + '|' + x.value]) continue;
      seen[x.type + '|' + x.value] = true;
      var why = prov.name + ' is not enabled in this integration instance; select it in the Providers parameter (and set its API key)';
      results.push({ Provider: prov.id, Value: x.value, Type: x.type, Status: 'skipped', Message: why, Cached: false });
      mdRows.push([cell(x.type), cell(x.value), cell('skipped'), cell(''), cell(why), cell('')]);
    }
  } else {
    var report = run(ctx, [prov], parsed.indicators, truthy(args.refresh));
    for (var j = 0; j < report.indicators.length; j++) {
      var ind = report.indicators[j];
      var r = ind.results[prov.id];
      var b = ind.breakdown[0];
      var row: Dict<unknown> = { Provider: prov.id, Value: ind.value, Type: ind.type, Status: r.status, Weight: b ? b.weight : 0, Facts: r.facts, Cached: r.cached };
      if (r.kind) row.Kind = r.kind;
      if (r.message) row.Message = r.message;
      if (r.signal) {
        row.Malicious = r.signal.malicious;
        row.Confidence = r.signal.confidence;
      }
      if (r.link) row.Link = r.link;
      results.push(row);
      var status = (r.status === 'error' ? 'error (' + r.kind + ')' : r.status.replace('_', ' ')) + (r.cached ? ', cached' + (r.ageMs !== undefined ? ' ' + age(r.ageMs) + ' ago' : '') : '');
      mdRows.push([
        cell(ind.type),
        link(ind.value, r.link),
        cell(status),
        cell(r.signal ? num(r.signal.malicious * 100) + '% malicious' + (r.signal.confidence < 1 ? ' (confidence ' + num(r.signal.confidence * 100) + '%)' : '') : ''),
        cell(r.message || ''),
        cell(factsText(r.facts, 6)),
      ]);
    }
  }
  var md = table('IOC Enrich: ' + prov.name, ['Type', 'Indicator', 'Status', 'Verdict', 'Message', 'Facts'], mdRows);
  if (parsed.invalid.length > 0) md += '\n**Not indicators (not looked up):** ' + cell(quoteList(parsed.invalid)) + '\n';
  var ec: Dict<unknown> = {};
  ec[PROVIDER_RESULT_KEY] = results;
  return [note(results, md, ec)];
}

// ------------------------------------------------------------------------------------------------
// ioc-extract

export function iocExtract(): XsoarEntry[] {
  if (args.text === undefined || args.text === null || String(args.text) === '') throw userError('ioc-extract: the text argument is empty; give the text to extract indicators from.');
  var found = parseText(args.text);
  var items: Dict<unknown>[] = [];
  var rows: string[][] = [];
  for (var i = 0; i < found.length; i++) {
    var x = found[i];
    var item: Dict<unknown> = { Type: x.type, Value: x.value, Raw: x.raw };
    if (x.scope) item.Scope = x.scope;
    items.push(item);
    rows.push([cell(x.type), cell(x.value), cell(x.raw), cell(x.scope || ''), cell(x.defanged ? 'yes' : ''), cell(x.derivedFrom || '')]);
  }
  var md = table('IOC Enrich: ' + found.length + ' indicator' + (found.length === 1 ? '' : 's') + ' extracted', ['Type', 'Value', 'As written', 'Scope', 'Defanged', 'From'], rows);
  var ec: Dict<unknown> = {};
  ec[EXTRACTED_KEY] = items;
  return [note(found, md, ec)];
}

// ------------------------------------------------------------------------------------------------
// Cache and budget

export function cacheStats(ctx: Ctx): XsoarEntry[] {
  var now = ctx.clock.now();
  var rows = ctx.state.cache.rows();
  var by: Dict<Dict<number>> = {};
  var live = 0;
  var expired = 0;
  var oldest = -1;
  for (var k in rows) {
    if (!Object.prototype.hasOwnProperty.call(rows, k)) continue;
    var row = rows[k];
    if (row[1] <= now) {
      expired++;
      continue;
    }
    live++;
    if (oldest < 0 || row[0] < oldest) oldest = row[0];
    var provider = k.split('|')[1] || '?';
    var status = '?';
    try {
      status = String(JSON.parse(row[2]).status);
    } catch (e) {
      status = 'unreadable';
    }
    if (!by[provider]) by[provider] = {};
    by[provider][status] = (by[provider][status] || 0) + 1;
  }
  var bytes = ctx.state.cache.serialize(now).length;
  var tableRows: string[][] = [];
  for (var p in by) {
    if (!Object.prototype.hasOwnProperty.call(by, p)) continue;
    for (var s in by[p]) if (Object.prototype.hasOwnProperty.call(by[p], s)) tableRows.push([cell(p), cell(s), cell(by[p][s])]);
  }
  var stats: Dict<unknown> = { Entries: live, Bytes: bytes };
  var md = table('IOC Enrich cache: ' + live + ' result' + (live === 1 ? '' : 's') + ', ' + bytes + ' bytes', ['Provider', 'Status', 'Entries'], tableRows);
  md += '\n' + (oldest >= 0 ? 'Oldest entry: ' + age(now - oldest) + ' old. ' : '') + (expired > 0 ? expired + ' expired entries are dropped at the next write. ' : '') +
    'Results are kept ' + num(ttlsOf(ctx.settings.config).okMs / HOUR_MS) + ' h (not found: at most ' + DEFAULT_NOT_FOUND_TTL_HOURS + ' h); errors are never cached.\n';
  var ec: Dict<unknown> = {};
  ec[CACHE_STATS_KEY] = stats;
  return [note({ entries: live, bytes: bytes, expired: expired, byProvider: by, oldestStoredAtMs: oldest >= 0 ? oldest : null }, md, ec)];
}

export function cacheClear(ctx: Ctx): XsoarEntry[] {
  var n = ctx.state.cache.size();
  ctx.state.cache.clear();
  ctx.changed = true;
  return [note({ cleared: n }, 'IOC Enrich: cleared ' + n + ' cached result' + (n === 1 ? '' : 's') + '. Rate-limit budgets are kept.')];
}

var WINDOWS: { field: 'perSecond' | 'perMinute' | 'perDay'; name: string }[] = [
  { field: 'perSecond', name: 'second' },
  { field: 'perMinute', name: 'minute' },
  { field: 'perDay', name: 'day' },
];

export function budget(ctx: Ctx): XsoarEntry[] {
  requireProviders(ctx);
  var now = ctx.clock.now();
  var items: Dict<unknown>[] = [];
  var rows: string[][] = [];
  var engine = makeEngine(ctx, ctx.settings.enabled);
  for (var i = 0; i < ctx.settings.enabled.length; i++) {
    var prov = ctx.settings.enabled[i];
    var cfg = providerConfig(engine, prov.id);
    var limits = limitsOf(prov, cfg);
    var key = budgetKeyOf(prov, cfg);
    var u = usage(ctx.state.limiter, key, limits, now);
    var b = ctx.state.limiter.budgets[key];
    var held = b && typeof b.blockedUntilMs === 'number' && b.blockedUntilMs > now ? 'held ' + age(b.blockedUntilMs - now) + ' more (provider asked to wait)' : '';
    var exhausted = b && b.exhaustedDay === Math.floor(now / DAY_MS) ? 'provider reported the daily quota spent' : '';
    var any = false;
    for (var w = 0; w < WINDOWS.length; w++) {
      var win = u[WINDOWS[w].field];
      if (!win) continue;
      any = true;
      var remaining = Math.max(0, win.limit - win.used);
      if (exhausted && WINDOWS[w].name === 'day') remaining = 0;
      items.push({ Provider: prov.id, Window: WINDOWS[w].name, Limit: win.limit, Remaining: remaining });
      rows.push([cell(prov.name), cell(WINDOWS[w].name), cell(win.limit), cell(remaining), cell(held || exhausted)]);
    }
    if (!any) rows.push([cell(prov.name), cell('none'), cell('no documented limit'), cell(''), cell(held || exhausted)]);
  }
  var md = table('IOC Enrich: remaining call budget', ['Provider', 'Window', 'Limit', 'Remaining', 'Note'], rows);
  md += '\nBudgets are per provider and API key; the day resets at 00:00 UTC.\n';
  var ec: Dict<unknown> = {};
  ec[BUDGET_KEY] = items;
  return [note(items, md, ec)];
}

// ------------------------------------------------------------------------------------------------
// test-module

/** One harmless lookup per provider, of a type it supports. */
function probeFor(prov: Provider): Indicator {
  var order: Indicator[] = [
    { type: 'ipv4', value: '8.8.8.8', scope: 'public' },
    { type: 'domain', value: 'example.com' },
    { type: 'url', value: 'http://example.com/' },
    { type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { type: 'cve', value: 'CVE-2021-44228' },
  ];
  for (var i = 0; i < order.length; i++) {
    for (var j = 0; j < prov.types.length; j++) if (prov.types[j] === order[i].type) return order[i];
  }
  return { type: prov.types[0], value: 'example.com' };
}

/** `'ok'`, or one message naming every failing provider and why (never a key). */
export function testModule(settings: Settings): string {
  if (settings.enabled.length === 0) {
    return settings.explicit
      ? 'IOC Enrich: no provider is enabled.'
      : 'IOC Enrich: no provider is enabled. Select providers in the Providers parameter and set their API keys (and base URLs for MISP and OpenCTI).';
  }
  var failures: string[] = [];
  for (var i = 0; i < settings.enabled.length; i++) {
    var prov = settings.enabled[i];
    var cfg = (settings.config.providers || {})[prov.id] || {};
    var label = prov.name + ' (' + prov.id + ')';
    if (prov.requiresBaseUrl && !cfg.baseUrl) {
      failures.push(label + ': no base URL; set ' + prov.id + '_url to your ' + prov.name + ' server');
      continue;
    }
    if (prov.requiresKey && !cfg.apiKey) {
      failures.push(label + ': no API key; set "' + prov.name + ' API key" or deselect the provider');
      continue;
    }
    var ind = probeFor(prov);
    var req = prov.request(ind, cfg);
    if (isSkip(req)) {
      failures.push(label + ': ' + req.reason);
      continue;
    }
    var answer = perform(req, { insecure: settings.insecure, proxy: settings.proxy });
    var result: ProviderResult;
    if ('kind' in answer) {
      failures.push(label + ': ' + (answer.kind === 'timeout' ? 'no answer in time' : 'unreachable (network error)') + ' at ' + (cfg.baseUrl || prov.defaults.baseUrl) + '; check the base URL, the proxy and insecure settings and the firewall');
      continue;
    }
    try {
      result = prov.parse(ind, answer, cfg);
    } catch (e) {
      failures.push(label + ': answered HTTP ' + answer.status + ' in a form the integration could not read; check the base URL');
      continue;
    }
    // A rate-limited answer proves the key works; everything else that is not an answer fails.
    if (result.status === 'ok' || result.status === 'not_found' || (result.status === 'error' && result.kind === 'rate_limited')) continue;
    failures.push(label + ': ' + (result.message || (result.status + (result.kind ? ' (' + result.kind + ')' : ''))));
  }
  if (failures.length === 0) return 'ok';
  return 'IOC Enrich: ' + failures.length + ' of ' + settings.enabled.length + ' provider' + (settings.enabled.length === 1 ? '' : 's') + ' failed the test.\n- ' + failures.join('\n- ');
}

/**
 * urlscan.io search: `GET <base>/search/?q=<query>&size=10` (base `https://urlscan.io/api/v1`),
 * key in the `API-Key` header when configured (search also works anonymously, ≈500/day per IP,
 * so the key is optional). Queries, values always quoted with `"` and `\` escaped (ES syntax):
 * domain `page.domain:"d"`, IPv4 `page.ip:"ip"`, URL `page.url:"u" OR task.url:"u"` — the page's
 * own domain/IP rather than any contacted resource, because verdicts are about the page.
 *
 * Signal over the returned (most recent first) scans, from each result's `verdicts`
 * (`verdicts.overall.{malicious,score}` or `verdicts.{malicious,score}`) or `stats.malicious > 0`:
 * any malicious scan → malicious max(0.85, best score/100), confidence 0.7; verdicts but none
 * malicious → 0.1 at confidence 0.3 (a scan can miss things); no verdict data at all (search
 * results often carry none) → 0.2 at confidence 0.1, i.e. "scanned" is informational only.
 *
 * Not found: 200 with `total: 0` / `results: []`. 429 → `rate_limited` (`quota` when the
 * exhausted window is `day`) with the wait from `X-Rate-Limit-Reset-After`; 400 "Invalid API key
 * format" and 401/403 → `auth`.
 * Defaults: search quota 30/minute (the documented fixture headers) and 500/day (anonymous
 * search, Elastic docs); weight 25 (verdicts are sparse in search results).
 */
import {
  asNumber,
  asString,
  badResponse,
  baseUrl,
  errorResult,
  header,
  httpError,
  isObject,
  notFoundResult,
  okResult,
  parseJson,
  precheck,
  safeText,
  throttled,
} from './common';
import { Dict, FactValue, HttpRequest, Provider } from './types';

/** A value as an ES query-string phrase: quoted, with `\` and `"` escaped. */
function quoteTerm(value: string): string {
  return '"' + value.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

function searchQuery(type: string, value: string): string {
  if (type === 'domain') return 'page.domain:' + quoteTerm(value);
  if (type === 'ipv4') return 'page.ip:' + quoteTerm(value);
  return 'page.url:' + quoteTerm(value) + ' OR task.url:' + quoteTerm(value);
}

/** The public web site behind an API base (`https://urlscan.io/api/v1` → `https://urlscan.io`). */
function webBase(api: string): string {
  return api.replace(/\/api\/v\d+$/, '');
}

interface Verdict {
  known: boolean;
  malicious: boolean;
  score?: number;
}

function verdictOf(r: Dict<unknown>): Verdict {
  var v: Verdict = { known: false, malicious: false };
  var vd = isObject(r.verdicts) ? (isObject(r.verdicts.overall) ? r.verdicts.overall : r.verdicts) : undefined;
  if (vd) {
    if (typeof vd.malicious === 'boolean') {
      v.known = true;
      v.malicious = vd.malicious;
    }
    var sc = asNumber(vd.score);
    if (sc !== undefined) {
      v.known = true;
      v.score = sc;
    }
  }
  var sm = isObject(r.stats) ? asNumber(r.stats.malicious) : undefined;
  if (sm !== undefined && sm > 0) {
    v.known = true;
    v.malicious = true;
  }
  return v;
}

export var urlscan: Provider = {
  id: 'urlscan',
  name: 'urlscan.io',
  types: ['domain', 'ipv4', 'url'],
  requiresKey: false,
  requiresBaseUrl: false,
  defaults: { baseUrl: 'https://urlscan.io/api/v1', limits: { perMinute: 30, perDay: 500 }, timeoutMs: 10000, weight: 25 },

  request: function (indicator, config) {
    var s = precheck(urlscan, indicator, config);
    if (s) return s;
    var req: HttpRequest = {
      method: 'GET',
      url: baseUrl(urlscan, config) + '/search/?q=' + encodeURIComponent(searchQuery(indicator.type, indicator.value)) + '&size=10',
      headers: { Accept: 'application/json' },
    };
    if (config.apiKey) req.headers['API-Key'] = config.apiKey;
    return req;
  },

  parse: function (indicator, response, config) {
    var st = response.status;
    var body = parseJson(response.body);
    var apiMessage = isObject(body) ? safeText(asString(body.message) || asString(body.description) || '', config.apiKey) : undefined;
    if (st === 429) {
      var win = header(response.headers, 'x-rate-limit-window') || '';
      var action = header(response.headers, 'x-rate-limit-action');
      var detail = (action ? "action '" + safeText(action) + "'" : 'search') + (win ? ', ' + safeText(win) + ' window' : '');
      return throttled(urlscan, response, /day/i.test(win) ? 'quota' : 'rate_limited', detail);
    }
    if (st === 400 && apiMessage && /api.?key/i.test(apiMessage)) {
      return errorResult('urlscan', 'auth', 'urlscan.io rejected the API key (' + apiMessage + '); check the key in the configuration', st);
    }
    if (st < 200 || st > 299) return httpError(urlscan, response, apiMessage);
    if (!isObject(body) || !(body.results instanceof Array)) return badResponse(urlscan, 'no results list', st);
    var results: Dict<unknown>[] = [];
    for (var i = 0; i < body.results.length; i++) if (isObject(body.results[i])) results.push(body.results[i]);
    var total = asNumber(body.total);
    if (results.length === 0 || total === 0) return notFoundResult('urlscan', st, 'urlscan.io has no public scan matching this indicator');

    var maliciousScans = 0;
    var verdicted = 0;
    var bestScore: number | undefined;
    for (var k = 0; k < results.length; k++) {
      var v = verdictOf(results[k]);
      if (!v.known) continue;
      verdicted++;
      if (v.malicious) maliciousScans++;
      if (v.score !== undefined && (bestScore === undefined || v.score > bestScore)) bestScore = v.score;
    }
    var malicious: number;
    var confidence: number;
    var verdict: string;
    if (maliciousScans > 0) {
      malicious = Math.max(0.85, (bestScore || 0) / 100);
      confidence = 0.7;
      verdict = 'malicious';
    } else if (verdicted > 0) {
      malicious = 0.1;
      confidence = 0.3;
      verdict = 'no malicious verdict';
    } else {
      malicious = 0.2;
      confidence = 0.1;
      verdict = 'no verdict in search results';
    }

    var latest = results[0];
    var task = isObject(latest.task) ? latest.task : {};
    var page = isObject(latest.page) ? latest.page : {};
    var uuid = asString(task.uuid) || asString(latest._id);
    var web = webBase(baseUrl(urlscan, config));
    var facts: Dict<FactValue> = {
      results: results.length,
      total: total !== undefined ? total : results.length,
      has_more: body.has_more === true,
      verdict: verdict,
      malicious_scans: maliciousScans,
      max_verdict_score: bestScore === undefined ? null : bestScore,
      latest_scan: asString(task.time) || null,
      latest_scan_url: asString(task.url) || null,
      page_domain: asString(page.domain) || null,
      page_ip: asString(page.ip) || null,
      page_country: asString(page.country) || null,
      page_server: asString(page.server) || null,
      page_asn: asString(page.asn) || null,
      page_title: asString(page.title) || null,
      screenshot: asString(latest.screenshot) || (uuid ? web + '/screenshots/' + encodeURIComponent(uuid) + '.png' : null),
      report: uuid ? web + '/result/' + encodeURIComponent(uuid) + '/' : null,
    };
    var link: string | undefined;
    if (indicator.type === 'domain') link = web + '/domain/' + encodeURIComponent(indicator.value) + '/';
    else if (indicator.type === 'ipv4') link = web + '/ip/' + encodeURIComponent(indicator.value) + '/';
    else if (uuid) link = web + '/result/' + encodeURIComponent(uuid) + '/';
    return okResult('urlscan', { malicious: malicious, confidence: confidence }, facts, link, st);
  },
};

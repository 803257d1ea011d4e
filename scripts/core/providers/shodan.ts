/**
 * Shodan REST API (reference: providers.md §3). Shodan is context, not a verdict.
 *
 * - IPs: `GET /shodan/host/{ip}?key=&minify=true` (free: host lookups use no query credits; minify
 *   drops the large banner list, top-level `vulns`/`tags` stay).
 * - Domains: `GET /dns/domain/{domain}?key=` — subdomains and DNS records are what an analyst wants
 *   (`/dns/resolve` only gives one address). It costs 1 query credit per call; exhausted credits → `quota`.
 * - Auth: `key` query parameter, so the request URL holds the key: messages here never echo a URL,
 *   and provider error text is passed through `safeText` (key blanked).
 * - Signal (host): confidence 0.1 (context), malicious 0 by default; 0.3 when Shodan lists known
 *   CVEs (exposed, not proven bad); 0.4 for anonymising/scanning tags (`tor`, `proxy`, `scanner`); and
 *   malicious 1 with confidence 0.2 for Shodan's own compromise tags (`c2`, `malware`, `compromised`,
 *   `doublepulsar`). Domain: facts only — malicious 0, confidence 0 (no opinion).
 * - Not found: 404 `{"error":"No information available ..."}` (also a 200 carrying that error) and,
 *   for domains, an answer with no subdomains and no records. Other 404s → `bad_response`.
 * - 429 `{"error":"Request rate limit reached (1 request/ second) ..."}` → `rate_limited`; no header
 *   is documented, so the wait defaults to the 1 s the message itself asks for.
 * - Defaults: 1 request/second (§3 "Limits"); weight 10 (context); timeout 10 s.
 */
import { Indicator } from '../model';
import { badResponse, baseUrl, errorResult, httpError, isObject, notFoundResult, numList, parseJson, precheck, pushUnique, safeText, strList, strOrNull, throttled } from './common';
import { Dict, FactObject, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Skip } from './types';

var COMPROMISE_TAGS = ['c2', 'malware', 'compromised', 'doublepulsar'];
var RISKY_TAGS = ['tor', 'proxy', 'scanner'];

function hasAny(tags: string[], wanted: string[]): boolean {
  for (var i = 0; i < tags.length; i++) for (var j = 0; j < wanted.length; j++) if (tags[i].toLowerCase() === wanted[j]) return true;
  return false;
}

/** Shodan timestamps are UTC without a designator (`2025-05-30T08:12:44.123456`). */
function utcIso(x: unknown): string | null {
  if (typeof x !== 'string') return null;
  var m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})/.exec(x);
  return m ? m[1] + 'Z' : x;
}

function isIp(indicator: Indicator): boolean {
  return indicator.type === 'ipv4' || indicator.type === 'ipv6';
}

function hostResult(indicator: Indicator, b: Dict<unknown>, status: number): ProviderResult {
  if (!(b.ports instanceof Array) || typeof b.ip_str !== 'string') return badResponse(shodan, 'missing ports or ip_str', status);
  var tags = strList(b.tags);
  var vulns = strList(b.vulns);
  var malicious = 0;
  var confidence = 0.1;
  if (hasAny(tags, COMPROMISE_TAGS)) {
    malicious = 1;
    confidence = 0.2;
  } else if (hasAny(tags, RISKY_TAGS)) malicious = 0.4;
  else if (vulns.length > 0) malicious = 0.3;
  var facts: Dict<FactValue> = {
    ports: numList(b.ports),
    vulns: vulns.slice(0, 50),
    vuln_count: vulns.length,
    hostnames: strList(b.hostnames, 20),
    org: strOrNull(b.org),
    isp: strOrNull(b.isp),
    asn: strOrNull(b.asn),
    os: strOrNull(b.os),
    tags: tags,
    country_code: strOrNull(b.country_code),
    last_update: utcIso(b.last_update),
  };
  return {
    provider: 'shodan',
    status: 'ok',
    httpStatus: status,
    signal: { malicious: malicious, confidence: confidence },
    facts: facts,
    link: 'https://www.shodan.io/host/' + indicator.value,
  };
}

function domainResult(indicator: Indicator, b: Dict<unknown>, status: number): ProviderResult {
  if (!(b.data instanceof Array) && !(b.subdomains instanceof Array)) return badResponse(shodan, 'missing data and subdomains', status);
  var subdomains = strList(b.subdomains);
  var rows = b.data instanceof Array ? b.data : [];
  if (subdomains.length === 0 && rows.length === 0) return notFoundResult('shodan', status, 'Shodan has no DNS data for this domain');
  var counts: FactObject = {};
  var records: string[] = [];
  var types: string[] = [];
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i];
    if (!isObject(r) || typeof r.type !== 'string') continue;
    pushUnique(types, r.type);
    counts[r.type] = ((counts[r.type] as number) || 0) + 1;
    if (records.length < 20) {
      var name = typeof r.subdomain === 'string' && r.subdomain ? r.subdomain + '.' + indicator.value : indicator.value;
      records.push(name + ' ' + r.type + ' ' + (typeof r.value === 'string' ? r.value : String(r.value)));
    }
  }
  var facts: Dict<FactValue> = {
    subdomain_count: subdomains.length,
    subdomains: subdomains.slice(0, 25),
    record_types: types,
    record_counts: counts,
    records: records,
    tags: strList(b.tags),
    more: b.more === true,
  };
  return {
    provider: 'shodan',
    status: 'ok',
    httpStatus: status,
    signal: { malicious: 0, confidence: 0 },
    facts: facts,
    link: 'https://www.shodan.io/domain/' + encodeURIComponent(indicator.value),
  };
}

export var shodan: Provider = {
  id: 'shodan',
  name: 'Shodan',
  types: ['ipv4', 'ipv6', 'domain'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://api.shodan.io',
    limits: { perSecond: 1 },
    timeoutMs: 10000,
    weight: 10,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(shodan, indicator, config);
    if (s) return s;
    var key = encodeURIComponent(config.apiKey as string);
    var base = baseUrl(shodan, config);
    var url = isIp(indicator)
      ? base + '/shodan/host/' + indicator.value + '?key=' + key + '&minify=true'
      : base + '/dns/domain/' + encodeURIComponent(indicator.value) + '?key=' + key;
    return { method: 'GET', url: url, headers: { Accept: 'application/json' } };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    var errText = isObject(body) && typeof body.error === 'string' ? body.error : undefined;
    var detail = safeText(errText, config.apiKey);
    if (errText !== undefined) {
      // Shodan signals through the `error` text, sometimes even on a 200 (shodan-python checks it too).
      if (/rate limit/i.test(errText)) return throttled(shodan, response, 'rate_limited', detail, 1000);
      if (/credit/i.test(errText)) return throttled(shodan, response, 'quota', detail);
      if (/no information available/i.test(errText) && (status === 404 || status === 200)) {
        return notFoundResult('shodan', status, 'Shodan has no information for this ' + (isIp(indicator) ? 'address' : 'domain'));
      }
      if (status === 200) return errorResult('shodan', 'bad_response', 'Shodan answered with an error: ' + detail, 200);
    }
    if (status === 401) return errorResult('shodan', 'auth', 'Shodan rejected the API key (HTTP 401, invalid API key); check the key in the configuration', 401);
    if (status === 429) return throttled(shodan, response, 'rate_limited', detail, 1000);
    if (status === 404) return badResponse(shodan, 'HTTP 404 without Shodan\'s "No information available" body; check the base URL', 404);
    if (status !== 200) return httpError(shodan, response, detail);
    if (!isObject(body)) return badResponse(shodan, body === undefined ? 'malformed JSON' : 'not a JSON object', status);
    return isIp(indicator) ? hostResult(indicator, body, status) : domainResult(indicator, body, status);
  },
};

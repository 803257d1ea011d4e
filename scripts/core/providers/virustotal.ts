/**
 * VirusTotal API v3 lookups (reference: providers.md §1).
 *
 * - Endpoints: `GET /ip_addresses/{ip}`, `/domains/{d}`, `/urls/{id}` (id = unpadded base64url of the
 *   URL as given; VT canonicalises server-side), `/files/{md5|sha1|sha256}`. Auth: `x-apikey` header.
 * - Signal (the seed's formula, unchanged): malicious = last_analysis_stats.malicious / max(Σ all stats
 *   values, 1), confidence 1, weight 60. Exception: when every stats value is 0 (object known but never
 *   analysed) there is no engine verdict, so confidence is 0 — an unanalysed object must not count
 *   as clean.
 * - Not found: 404 with `error.code` `NotFoundError` (all four lookups, un-scanned URLs too). Any other
 *   404 (HTML from a proxy, wrong base URL) is `bad_response`, never a silent not-found.
 * - 429: `QuotaExceededError` → `quota` (daily/monthly allowance spent); `TooManyRequestsError` or an
 *   edge 429 without JSON → `rate_limited`. `Retry-After` (seconds or HTTP-date) when sent.
 * - Defaults: free public key is 4 requests/min and 500/day (§1 "Limits"); timeout 10 s.
 */
import { base64UrlEncode, utf8Encode } from '../bytes';
import { Indicator } from '../model';
import {
  badResponse,
  baseUrl,
  httpError,
  isObject,
  isoFromEpochSeconds,
  notFoundResult,
  numOrNull,
  parseJson,
  precheck,
  safeText,
  strList,
  strOrNull,
  throttled,
} from './common';
import { Dict, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Skip } from './types';

var GUI = 'https://www.virustotal.com/gui/';

/** The VT identifier for a URL: unpadded base64url of its UTF-8 bytes (vt-py `url_id`). */
export function virustotalUrlId(url: string): string {
  return base64UrlEncode(utf8Encode(url));
}

function path(indicator: Indicator): string {
  switch (indicator.type) {
    case 'ipv4':
    case 'ipv6':
      return '/ip_addresses/' + indicator.value;
    case 'domain':
      return '/domains/' + encodeURIComponent(indicator.value);
    case 'url':
      return '/urls/' + virustotalUrlId(indicator.value);
    default:
      return '/files/' + encodeURIComponent(indicator.value);
  }
}

function link(indicator: Indicator, dataId: string | null): string {
  switch (indicator.type) {
    case 'ipv4':
    case 'ipv6':
      return GUI + 'ip-address/' + indicator.value;
    case 'domain':
      return GUI + 'domain/' + encodeURIComponent(indicator.value);
    case 'url':
      // The GUI wants VT's sha256 id (returned as data.id); the base64url form is accepted too.
      return GUI + 'url/' + (dataId || virustotalUrlId(indicator.value));
    default:
      return GUI + 'file/' + encodeURIComponent(dataId || indicator.value);
  }
}

function errorCode(body: unknown): { code?: string; message?: string } {
  if (isObject(body) && isObject(body.error)) {
    return { code: strOrNull(body.error.code) || undefined, message: strOrNull(body.error.message) || undefined };
  }
  return {};
}

export var virustotal: Provider = {
  id: 'virustotal',
  name: 'VirusTotal',
  types: ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://www.virustotal.com/api/v3',
    limits: { perMinute: 4, perDay: 500 },
    timeoutMs: 10000,
    weight: 60,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(virustotal, indicator, config);
    if (s) return s;
    return {
      method: 'GET',
      url: baseUrl(virustotal, config) + path(indicator),
      headers: { 'x-apikey': config.apiKey as string, Accept: 'application/json' },
    };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    if (status !== 200) {
      var err = errorCode(body);
      var detail = safeText(err.code ? err.code + (err.message ? ' (' + err.message + ')' : '') : undefined, config.apiKey);
      if (status === 404 && err.code === 'NotFoundError') return notFoundResult('virustotal', 404, 'VirusTotal has no record of this indicator');
      if (status === 404) return badResponse(virustotal, 'HTTP 404 without a NotFoundError body; check the base URL', 404);
      if (status === 429) return throttled(virustotal, response, err.code === 'QuotaExceededError' ? 'quota' : 'rate_limited', detail);
      return httpError(virustotal, response, detail);
    }
    if (!isObject(body) || !isObject(body.data) || !isObject(body.data.attributes)) {
      return badResponse(virustotal, body === undefined ? 'malformed JSON' : 'missing data.attributes', status);
    }
    var data = body.data;
    var a = body.data.attributes as Dict<unknown>;
    var stats = a.last_analysis_stats;
    if (!isObject(stats)) return badResponse(virustotal, 'missing data.attributes.last_analysis_stats', status);
    var total = 0;
    for (var k in stats) {
      if (!Object.prototype.hasOwnProperty.call(stats, k)) continue;
      var v = stats[k];
      if (typeof v !== 'number' || !isFinite(v) || v < 0) return badResponse(virustotal, 'non-numeric last_analysis_stats.' + k, status);
      total += v;
    }
    var malicious = numOrNull(stats.malicious) || 0;
    var facts: Dict<FactValue> = {
      malicious: malicious,
      suspicious: numOrNull(stats.suspicious) || 0,
      harmless: numOrNull(stats.harmless) || 0,
      undetected: numOrNull(stats.undetected) || 0,
      total: total,
      reputation: numOrNull(a.reputation),
      tags: strList(a.tags, 20),
      last_analysis_date: isoFromEpochSeconds(a.last_analysis_date),
    };
    if (indicator.type === 'ipv4' || indicator.type === 'ipv6') {
      facts.as_owner = strOrNull(a.as_owner);
      facts.asn = numOrNull(a.asn);
      facts.country = strOrNull(a.country);
      facts.network = strOrNull(a.network);
    } else if (indicator.type === 'domain') {
      facts.registrar = strOrNull(a.registrar);
      facts.creation_date = isoFromEpochSeconds(a.creation_date);
    } else if (indicator.type === 'url') {
      facts.url = strOrNull(a.url);
      facts.last_final_url = strOrNull(a.last_final_url);
      facts.title = strOrNull(a.title);
    } else {
      facts.meaningful_name = strOrNull(a.meaningful_name);
      facts.type = strOrNull(a.type_description);
      facts.sha256 = strOrNull(a.sha256) || strOrNull(data.id);
      facts.size = numOrNull(a.size);
      var ptc = a.popular_threat_classification;
      facts.threat_label = isObject(ptc) ? strOrNull(ptc.suggested_threat_label) : null;
    }
    if (total === 0) facts.note = 'never analysed by any engine: no verdict';
    return {
      provider: 'virustotal',
      status: 'ok',
      httpStatus: status,
      signal: { malicious: malicious / Math.max(total, 1), confidence: total === 0 ? 0 : 1 },
      facts: facts,
      link: link(indicator, strOrNull(data.id)),
    };
  },
};

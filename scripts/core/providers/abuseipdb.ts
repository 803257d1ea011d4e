/**
 * AbuseIPDB API v2 `check` (reference: providers.md §2).
 *
 * - Endpoint: `GET /check?ipAddress=<ip>&maxAgeInDays=90` (90 days as in the seed). Auth: `Key` header
 *   plus `Accept: application/json` (without it errors come back as HTML).
 * - Signal (the seed's formula, unchanged): malicious = abuseConfidenceScore / 100, confidence 1,
 *   weight 40. `isWhitelisted` is reported in facts; the score is kept as AbuseIPDB reports it.
 * - Not found: AbuseIPDB has no 404 — an unseen IP is 200 with `totalReports: 0` and score 0; that is
 *   `not_found` (facts kept: ISP, usage type), never a benign `ok`. `isPublic: false` is not_found too.
 * - 429: the "Daily rate limit of N requests exceeded" detail → `quota`; any other 429 → `rate_limited`.
 *   `Retry-After` seconds (else `X-RateLimit-Reset` epoch) gives the wait.
 * - Defaults: 1,000 `check` calls/day on the free plan (§2 "Daily limits per plan"); timeout 10 s.
 */
import { Indicator } from '../model';
import { badResponse, baseUrl, errorResult, httpError, isObject, notFoundResult, numOrNull, parseJson, precheck, safeText, strList, strOrNull, throttled } from './common';
import { Dict, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Skip } from './types';

function firstErrorDetail(body: unknown): string | undefined {
  if (isObject(body) && body.errors instanceof Array && body.errors.length > 0 && isObject(body.errors[0])) {
    return strOrNull(body.errors[0].detail) || undefined;
  }
  return undefined;
}

function bool(x: unknown): boolean | null {
  return typeof x === 'boolean' ? x : null;
}

export var abuseipdb: Provider = {
  id: 'abuseipdb',
  name: 'AbuseIPDB',
  types: ['ipv4', 'ipv6'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://api.abuseipdb.com/api/v2',
    limits: { perDay: 1000 },
    timeoutMs: 10000,
    weight: 40,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(abuseipdb, indicator, config);
    if (s) return s;
    return {
      method: 'GET',
      url: baseUrl(abuseipdb, config) + '/check?ipAddress=' + encodeURIComponent(indicator.value) + '&maxAgeInDays=90',
      headers: { Key: config.apiKey as string, Accept: 'application/json' },
    };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    if (status !== 200) {
      var detail = safeText(firstErrorDetail(body), config.apiKey);
      if (status === 429) return throttled(abuseipdb, response, detail && /daily/i.test(detail) ? 'quota' : 'rate_limited', detail);
      if (status === 422) return errorResult('abuseipdb', 'bad_response', 'AbuseIPDB rejected the address (HTTP 422)' + (detail ? ': ' + detail : '') + '; check the indicator', 422);
      return httpError(abuseipdb, response, detail);
    }
    if (!isObject(body) || !isObject(body.data)) return badResponse(abuseipdb, body === undefined ? 'malformed JSON' : 'missing data', status);
    var d = body.data;
    var score = numOrNull(d.abuseConfidenceScore);
    var reports = numOrNull(d.totalReports);
    if (score === null || score < 0 || score > 100) return badResponse(abuseipdb, 'missing or invalid data.abuseConfidenceScore', status);
    if (reports === null) return badResponse(abuseipdb, 'missing data.totalReports', status);
    var facts: Dict<FactValue> = {
      abuseConfidenceScore: score,
      totalReports: reports,
      numDistinctUsers: numOrNull(d.numDistinctUsers),
      lastReportedAt: strOrNull(d.lastReportedAt),
      isp: strOrNull(d.isp),
      usageType: strOrNull(d.usageType),
      domain: strOrNull(d.domain),
      countryCode: strOrNull(d.countryCode),
      hostnames: strList(d.hostnames, 10),
      isTor: bool(d.isTor),
      isWhitelisted: bool(d.isWhitelisted),
    };
    var link = 'https://www.abuseipdb.com/check/' + indicator.value;
    if (d.isPublic === false) {
      var np = notFoundResult('abuseipdb', status, 'AbuseIPDB reports the address as not public');
      np.facts = facts;
      return np;
    }
    if (reports === 0 && score === 0) {
      var nf = notFoundResult('abuseipdb', status, 'AbuseIPDB has no reports for this address in the last 90 days');
      nf.facts = facts;
      nf.link = link;
      return nf;
    }
    if (d.isWhitelisted === true) facts.note = 'whitelisted by AbuseIPDB (score kept as reported)';
    return {
      provider: 'abuseipdb',
      status: 'ok',
      httpStatus: status,
      signal: { malicious: score / 100, confidence: 1 },
      facts: facts,
      link: link,
    };
  },
};

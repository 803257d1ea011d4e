/**
 * Google Safe Browsing v4 Lookup API (reference: providers.md §7a):
 * `POST /threatMatches:find?key=<API_KEY>` with a JSON `threatInfo` body, one entry per call.
 *
 * - Types: URLs as given; a domain is checked as `http://<domain>/` (§7a "IOC support").
 * - Auth: `key` query parameter — the request URL holds the key, so messages never echo the URL and
 *   Google's error text goes through `safeText` (key blanked).
 * - Signal: a match is Google's verdict → confidence 1; malicious 1 for MALWARE / SOCIAL_ENGINEERING
 *   (and unknown threat types), 0.7 for UNWANTED_SOFTWARE / POTENTIALLY_HARMFUL_APPLICATION (grey-ware);
 *   the highest over all matches.
 * - Not found: `{}` (Google omits an empty `matches`; `matches: []` treated the same) → `not_found`:
 *   "not on a list" is not "clean".
 * - Errors: 400 mentioning the API key (Google answers an invalid key with 400 INVALID_ARGUMENT /
 *   API_KEY_INVALID) and 403 PERMISSION_DENIED → `auth`; 429 RESOURCE_EXHAUSTED → `quota` when the
 *   message names a per-day quota, else `rate_limited`; 5xx → `server`.
 * - Defaults: the quota is per Cloud project and visible/raisable in the console (§7a "Limits"): 10/s and
 *   10,000/day by default (configurable); weight 50 (curated, low false-positive lists, but URL-only);
 *   timeout 10 s.
 */
import { Indicator } from '../model';
import { badResponse, baseUrl, errorResult, httpError, isObject, notFoundResult, parseJson, precheck, pushUnique, safeText, strOrNull, throttled } from './common';
import { Dict, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Skip } from './types';

var THREAT_TYPES = ['MALWARE', 'SOCIAL_ENGINEERING', 'UNWANTED_SOFTWARE', 'POTENTIALLY_HARMFUL_APPLICATION'];

/** What Safe Browsing is asked about: the URL, or `http://<domain>/` for a domain. */
function lookupUrl(indicator: Indicator): string {
  return indicator.type === 'domain' ? 'http://' + indicator.value + '/' : indicator.value;
}

function severity(threatType: string): number {
  return threatType === 'UNWANTED_SOFTWARE' || threatType === 'POTENTIALLY_HARMFUL_APPLICATION' ? 0.7 : 1;
}

export var safebrowsing: Provider = {
  id: 'safebrowsing',
  name: 'Google Safe Browsing',
  types: ['url', 'domain'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://safebrowsing.googleapis.com/v4',
    // The per-project quota is set in the Cloud console (reference §7a; the v4 default was
    // 10,000 requests/day): stay inside it unless the configuration says otherwise.
    limits: { perSecond: 10, perDay: 10000 },
    timeoutMs: 10000,
    weight: 50,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(safebrowsing, indicator, config);
    if (s) return s;
    var body = {
      client: { clientId: 'ioc-enrich', clientVersion: '0.1.0' },
      threatInfo: {
        threatTypes: THREAT_TYPES,
        platformTypes: ['ANY_PLATFORM'],
        threatEntryTypes: ['URL'],
        threatEntries: [{ url: lookupUrl(indicator) }],
      },
    };
    return {
      method: 'POST',
      url: baseUrl(safebrowsing, config) + '/threatMatches:find?key=' + encodeURIComponent(config.apiKey as string),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    var link = 'https://transparencyreport.google.com/safe-browsing/search?url=' + encodeURIComponent(lookupUrl(indicator));
    if (status !== 200) {
      var err = isObject(body) && isObject(body.error) ? body.error : undefined;
      var gStatus = err ? strOrNull(err.status) : null;
      var gMessage = err ? strOrNull(err.message) : null;
      var detail = safeText((gStatus ? gStatus : '') + (gStatus && gMessage ? ': ' : '') + (gMessage || ''), config.apiKey);
      if (status === 400 && (/api.key/i.test(gMessage || '') || /API_KEY_INVALID/.test(response.body))) {
        return errorResult('safebrowsing', 'auth', 'Google Safe Browsing rejected the API key (HTTP 400' + (detail ? ', ' + detail : '') + '); check the key in the configuration', 400);
      }
      if (status === 403) {
        return errorResult('safebrowsing', 'auth', 'Google Safe Browsing denied access (HTTP 403' + (detail ? ', ' + detail : '') + '); check the key and that the Safe Browsing API is enabled for its project', 403);
      }
      if (status === 429) return throttled(safebrowsing, response, /per.day|daily/i.test(gMessage || '') ? 'quota' : 'rate_limited', detail);
      return httpError(safebrowsing, response, detail);
    }
    if (!isObject(body)) return badResponse(safebrowsing, body === undefined ? 'malformed JSON' : 'not a JSON object', status);
    if (body.matches === undefined || (body.matches instanceof Array && body.matches.length === 0)) {
      var nf = notFoundResult('safebrowsing', status, 'not on any Google Safe Browsing list');
      nf.link = link;
      return nf;
    }
    if (!(body.matches instanceof Array)) return badResponse(safebrowsing, 'matches is not a list', status);
    var threatTypes: string[] = [];
    var platformTypes: string[] = [];
    var malicious = 0;
    for (var i = 0; i < body.matches.length; i++) {
      var m = body.matches[i];
      if (!isObject(m) || typeof m.threatType !== 'string') return badResponse(safebrowsing, 'match without threatType', status);
      pushUnique(threatTypes, m.threatType);
      if (typeof m.platformType === 'string') pushUnique(platformTypes, m.platformType);
      malicious = Math.max(malicious, severity(m.threatType));
    }
    var facts: Dict<FactValue> = { threat_types: threatTypes, platform_types: platformTypes, checked_url: lookupUrl(indicator) };
    return {
      provider: 'safebrowsing',
      status: 'ok',
      httpStatus: status,
      signal: { malicious: malicious, confidence: 1 },
      facts: facts,
      link: link,
    };
  },
};

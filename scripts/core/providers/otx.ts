/**
 * AlienVault (LevelBlue) OTX DirectConnect, `general` section (reference: providers.md §10):
 * `GET /indicators/{IPv4|IPv6|domain|hostname|url|file}/{value}/general`.
 *
 * - Auth: `X-OTX-API-KEY` header. Reads work without a key at a lower allowance (§10 "Auth"), so
 *   requiresKey is false and the header is sent only when a key is configured.
 * - Domains: a two-label name (`example.com`) is looked up as OTX `domain`, a longer one as
 *   `hostname` (OTX keeps FQDNs under hostname; without a public-suffix list `evil.co.uk` is treated as
 *   a hostname). URLs go raw in the path with the scheme lower-cased (as the XSOAR integration does);
 *   characters that would end the path (`?`, `#`) and non-ASCII are percent-encoded.
 * - Signal (pulses are community reports, so moderate confidence 0.5): malicious = min(0.9, 0.4 +
 *   0.1 × pulse count) — 1 pulse 0.5, 5+ pulses 0.9; halved when the newest pulse is more than a
 *   year old (measured against `receivedAtMs`); × 0.3 when OTX lists allow-list `validation` hits;
 *   0 when a false positive was `accepted`.
 * - Not found: `pulse_info.count` 0 → `not_found` (no pulse means no report, not "clean"; allow-list
 *   hits are kept in facts), and any 404. Malformed indicator (400) → `bad_response`.
 * - 429 → `rate_limited`; OTX sends no wait header and publishes no numeric limit (§10), so
 *   retryAfterMs is set only if a header appears; the engine's fixed backoff applies otherwise.
 * - Defaults: no published limit (§10): a polite 2/s and 60/min (configurable); weight 20; timeout 10 s.
 */
import { Indicator } from '../model';
import { badResponse, baseUrl, errorResult, httpError, isObject, notFoundResult, numOrNull, parseJson, precheck, pushUnique, safeText, strList, strOrNull, throttled } from './common';
import { Dict, FactValue, HttpRequest, HttpResponse, Provider, ProviderConfig, ProviderResult, Skip } from './types';

var YEAR_MS = 365 * 24 * 3600 * 1000;

/** OTX's section name for the indicator (and the word its web UI uses). */
function otxType(indicator: Indicator): { api: string; web: string } {
  switch (indicator.type) {
    case 'ipv4':
      return { api: 'IPv4', web: 'ip' };
    case 'ipv6':
      return { api: 'IPv6', web: 'ip' };
    case 'domain':
      return indicator.value.split('.').length > 2 ? { api: 'hostname', web: 'hostname' } : { api: 'domain', web: 'domain' };
    case 'url':
      return { api: 'url', web: 'url' };
    default:
      return { api: 'file', web: 'file' };
  }
}

function lowerScheme(url: string): string {
  var m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  return m ? m[1].toLowerCase() + url.slice(m[1].length) : url;
}

/** The indicator as a path segment: URLs keep their slashes, everything else is one segment. */
function pathValue(indicator: Indicator): string {
  if (indicator.type === 'ipv4' || indicator.type === 'ipv6') return indicator.value;
  if (indicator.type !== 'url') return encodeURIComponent(indicator.value);
  return encodeURI(lowerScheme(indicator.value)).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

/** Epoch ms of an OTX timestamp (`2025-05-20T00:00:00.000000`, UTC), day precision; NaN if unreadable. */
function dayMs(x: unknown): number {
  if (typeof x !== 'string') return NaN;
  var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(x);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
}

function familyNames(x: unknown, out: string[]): void {
  if (!(x instanceof Array)) return;
  for (var i = 0; i < x.length; i++) {
    var f = x[i];
    var name = typeof f === 'string' ? f : isObject(f) ? strOrNull(f.display_name) || strOrNull(f.id) : null;
    if (name && out.length < 20) pushUnique(out, name);
  }
}

export var otx: Provider = {
  id: 'otx',
  name: 'AlienVault OTX',
  types: ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256'],
  requiresKey: false,
  requiresBaseUrl: false,
  defaults: {
    baseUrl: 'https://otx.alienvault.com/api/v1',
    // OTX publishes no numeric limit and answers 429 without headers (reference §10):
    // a polite default so bulk runs do not trip it; raise it in the configuration if needed.
    limits: { perSecond: 2, perMinute: 60 },
    timeoutMs: 10000,
    weight: 20,
  },

  request: function (indicator: Indicator, config: ProviderConfig): HttpRequest | Skip {
    var s = precheck(otx, indicator, config);
    if (s) return s;
    var headers: Dict<string> = { Accept: 'application/json' };
    if (config.apiKey) headers['X-OTX-API-KEY'] = config.apiKey;
    return {
      method: 'GET',
      url: baseUrl(otx, config) + '/indicators/' + otxType(indicator).api + '/' + pathValue(indicator) + '/general',
      headers: headers,
    };
  },

  parse: function (indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult {
    var body = parseJson(response.body);
    var status = response.status;
    var detail = isObject(body) ? safeText(body.detail || body.error || body.message, config.apiKey) : undefined;
    var t = otxType(indicator);
    var link = 'https://otx.alienvault.com/indicator/' + t.web + '/' + (indicator.type === 'url' ? encodeURIComponent(indicator.value) : indicator.value);
    if (status === 404) return notFoundResult('otx', 404, 'OTX does not know this indicator');
    if (status === 429) return throttled(otx, response, 'rate_limited', detail);
    if (status === 400) return errorResult('otx', 'bad_response', 'AlienVault OTX rejected the indicator as malformed (HTTP 400)' + (detail ? ': ' + detail : ''), 400);
    if (status !== 200) return httpError(otx, response, detail);
    if (!isObject(body)) return badResponse(otx, body === undefined ? 'malformed JSON' : 'not a JSON object', status);
    var pi = body.pulse_info;
    var count = isObject(pi) ? numOrNull(pi.count) : null;
    if (!isObject(pi) || count === null) return badResponse(otx, 'missing pulse_info.count', status);
    var pulses = pi.pulses instanceof Array ? pi.pulses : [];
    var names: string[] = [];
    var tags: string[] = [];
    var families: string[] = [];
    var newest = NaN;
    for (var i = 0; i < pulses.length; i++) {
      var p = pulses[i];
      if (!isObject(p)) continue;
      if (typeof p.name === 'string' && names.length < 5) names.push(p.name);
      var pt = strList(p.tags);
      for (var j = 0; j < pt.length && tags.length < 20; j++) pushUnique(tags, pt[j]);
      familyNames(p.malware_families, families);
      var when = dayMs(p.modified || p.created);
      if (!isNaN(when) && (isNaN(newest) || when > newest)) newest = when;
    }
    if (isObject(pi.related)) {
      for (var src in pi.related) {
        var rel = pi.related[src];
        if (Object.prototype.hasOwnProperty.call(pi.related, src) && isObject(rel)) familyNames(rel.malware_families, families);
      }
    }
    var validation: string[] = [];
    if (body.validation instanceof Array) {
      for (var v = 0; v < body.validation.length; v++) {
        var val = body.validation[v];
        if (isObject(val)) pushUnique(validation, strOrNull(val.name) || strOrNull(val.source) || 'allow-list');
      }
    }
    var falsePositive = false;
    if (body.false_positive instanceof Array) {
      for (var f = 0; f < body.false_positive.length; f++) {
        var fp = body.false_positive[f];
        if (isObject(fp) && fp.assessment === 'accepted') falsePositive = true;
      }
    }
    var facts: Dict<FactValue> = {
      pulse_count: count,
      pulses: names,
      tags: tags,
      malware_families: families,
      latest_pulse: isNaN(newest) ? null : new Date(newest).toISOString().slice(0, 10),
      validation: validation,
      false_positive: falsePositive,
    };
    if (indicator.type === 'ipv4' || indicator.type === 'ipv6') {
      facts.asn = strOrNull(body.asn);
      facts.country_code = strOrNull(body.country_code);
    }
    if (count === 0) {
      var nf = notFoundResult('otx', status, 'OTX has no pulses for this indicator');
      nf.facts = facts;
      nf.link = link;
      return nf;
    }
    var malicious = Math.min(0.9, 0.4 + 0.1 * count);
    if (!isNaN(newest) && response.receivedAtMs !== undefined && response.receivedAtMs - newest > YEAR_MS) {
      malicious = malicious / 2;
      facts.note = 'newest pulse is more than a year old';
    }
    if (validation.length > 0) malicious = malicious * 0.3;
    if (falsePositive) malicious = 0;
    return {
      provider: 'otx',
      status: 'ok',
      httpStatus: status,
      signal: { malicious: Math.round(malicious * 1000) / 1000, confidence: 0.5 },
      facts: facts,
      link: link,
    };
  },
};

/**
 * URLhaus (abuse.ch): form-encoded `POST`s under `<base>` (`https://urlhaus-api.abuse.ch/v1`):
 * URL → `/url/` `url=`; domain or IPv4 → `/host/` `host=`; md5 / sha256 → `/payload/`
 * `md5_hash=` / `sha256_hash=`. Key in the `Auth-Key` header (mandatory since Nov 2024).
 *
 * Signal (URLhaus lists malware-distribution URLs, so every hit is bad; how bad depends on state):
 * - URL: `url_status` online 0.95, offline 0.85, unknown 0.8; confidence 0.85.
 * - Host: some URL online 0.9, all offline 0.7; confidence 0.7. A Spamhaus DBL `abused_legit_*`
 *   listing means a compromised legitimate site (think shared hosting): capped at 0.5.
 * - Payload: a file served by malware URLs: 0.9 with a `signature` (family), else 0.8; confidence 0.85.
 *
 * Not found: 200 `query_status: no_results`. `unknown_auth_key` → `auth`; `invalid_url`,
 * `invalid_host`, other `invalid_*` → `bad_response` naming the status.
 * Defaults: abuse.ch publishes no numeric limits → conservative 1/s and 30/min of our own choosing;
 * weight 45 (curated malware-URL feed).
 */
import { abuseChEnvelope, asNumber, asString, badResponse, baseUrl, formEncode, isObject, okResult, precheck, pushUnique, strList } from './common';
import { Dict, FactObject, FactValue, Provider, ProviderResult } from './types';

function blacklists(x: unknown): FactObject | null {
  if (!isObject(x)) return null;
  var out: FactObject = {};
  for (var k in x) if (Object.prototype.hasOwnProperty.call(x, k)) out[k] = asString(x[k]) || null;
  return out;
}

function abusedLegit(x: unknown): boolean {
  if (!isObject(x)) return false;
  return /^abused_legit/.test(asString(x.spamhaus_dbl) || '');
}

function parseUrl(b: Dict<unknown>, st: number): ProviderResult {
  var status = asString(b.url_status);
  if (!status) return badResponse(urlhaus, 'url answer without url_status', st);
  var malicious = status === 'online' ? 0.95 : status === 'offline' ? 0.85 : 0.8;
  var payloads: FactObject[] = [];
  var pl = b.payloads instanceof Array ? b.payloads : [];
  for (var i = 0; i < pl.length && payloads.length < 10; i++) {
    var p = pl[i];
    if (!isObject(p)) continue;
    payloads.push({
      filename: asString(p.filename) || null,
      file_type: asString(p.file_type) || null,
      sha256: asString(p.response_sha256) || asString(p.sha256_hash) || null,
      signature: asString(p.signature) || null,
      firstseen: asString(p.firstseen) || null,
    });
  }
  var facts: Dict<FactValue> = {
    url_status: status,
    threat: asString(b.threat) || null,
    tags: strList(b.tags, 20),
    date_added: asString(b.date_added) || null,
    host: asString(b.host) || null,
    blacklists: blacklists(b.blacklists),
    reporter: asString(b.reporter) || null,
    larted: asString(b.larted) === 'true' || b.larted === true,
    takedown_time_seconds: asNumber(b.takedown_time_seconds) === undefined ? null : (asNumber(b.takedown_time_seconds) as number),
    payload_count: pl.length,
    payloads: payloads,
  };
  var link = asString(b.urlhaus_reference) || (asString(b.id) ? 'https://urlhaus.abuse.ch/url/' + encodeURIComponent(asString(b.id) as string) + '/' : undefined);
  return okResult('urlhaus', { malicious: malicious, confidence: 0.85 }, facts, link, st);
}

function parseHost(b: Dict<unknown>, value: string, st: number): ProviderResult {
  if (!(b.urls instanceof Array)) return badResponse(urlhaus, 'host answer without a urls list', st);
  var online = 0;
  var urls: FactObject[] = [];
  var tags: string[] = [];
  var threats: string[] = [];
  for (var i = 0; i < b.urls.length; i++) {
    var u = b.urls[i];
    if (!isObject(u)) continue;
    if (u.url_status === 'online') online++;
    var t = strList(u.tags, 20);
    for (var k = 0; k < t.length; k++) pushUnique(tags, t[k]);
    if (asString(u.threat)) pushUnique(threats, asString(u.threat) as string);
    if (urls.length < 10) {
      urls.push({
        url: asString(u.url) || null,
        url_status: asString(u.url_status) || null,
        threat: asString(u.threat) || null,
        date_added: asString(u.date_added) || null,
        tags: t,
        reference: asString(u.urlhaus_reference) || null,
      });
    }
  }
  var malicious = online > 0 ? 0.9 : 0.7;
  var legit = abusedLegit(b.blacklists);
  if (legit) malicious = Math.min(malicious, 0.5);
  var count = asNumber(b.url_count);
  var facts: Dict<FactValue> = {
    url_count: count !== undefined ? count : b.urls.length,
    online_urls: online,
    firstseen: asString(b.firstseen) || null,
    blacklists: blacklists(b.blacklists),
    abused_legit: legit,
    threats: threats,
    tags: tags,
    urls: urls,
  };
  return okResult('urlhaus', { malicious: malicious, confidence: 0.7 }, facts, 'https://urlhaus.abuse.ch/host/' + encodeURIComponent(asString(b.host) || value) + '/', st);
}

function parsePayload(b: Dict<unknown>, value: string, st: number): ProviderResult {
  if (!asString(b.sha256_hash) && !asString(b.md5_hash)) return badResponse(urlhaus, 'payload answer without md5_hash/sha256_hash', st);
  var signature = asString(b.signature) || null;
  var urls: FactObject[] = [];
  var list = b.urls instanceof Array ? b.urls : [];
  for (var i = 0; i < list.length && urls.length < 10; i++) {
    var u = list[i];
    if (!isObject(u)) continue;
    urls.push({
      url: asString(u.url) || null,
      url_status: asString(u.url_status) || null,
      filename: asString(u.filename) || null,
      firstseen: asString(u.firstseen) || null,
    });
  }
  var vt = isObject(b.virustotal) ? b.virustotal : undefined;
  var count = asNumber(b.url_count);
  var sha256 = asString(b.sha256_hash);
  var facts: Dict<FactValue> = {
    file_type: asString(b.file_type) || null,
    file_size: asNumber(b.file_size) === undefined ? null : (asNumber(b.file_size) as number),
    signature: signature,
    firstseen: asString(b.firstseen) || null,
    lastseen: asString(b.lastseen) || null,
    url_count: count !== undefined ? count : list.length,
    urls: urls,
    virustotal: vt ? asString(vt.result) || null : null,
  };
  var link = 'https://urlhaus.abuse.ch/browse.php?search=' + encodeURIComponent(sha256 || value);
  return okResult('urlhaus', { malicious: signature ? 0.9 : 0.8, confidence: 0.85 }, facts, link, st);
}

export var urlhaus: Provider = {
  id: 'urlhaus',
  name: 'URLhaus',
  types: ['url', 'domain', 'ipv4', 'md5', 'sha256'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: { baseUrl: 'https://urlhaus-api.abuse.ch/v1', limits: { perSecond: 1, perMinute: 30 }, timeoutMs: 10000, weight: 45 },

  request: function (indicator, config) {
    var s = precheck(urlhaus, indicator, config);
    if (s) return s;
    var path: string;
    var form: Dict<string> = {};
    if (indicator.type === 'url') {
      path = '/url/';
      form.url = indicator.value;
    } else if (indicator.type === 'domain' || indicator.type === 'ipv4') {
      path = '/host/';
      form.host = indicator.value;
    } else {
      path = '/payload/';
      form[indicator.type === 'md5' ? 'md5_hash' : 'sha256_hash'] = indicator.value;
    }
    return {
      method: 'POST',
      url: baseUrl(urlhaus, config) + path,
      headers: { 'Auth-Key': config.apiKey as string, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formEncode(form),
    };
  },

  parse: function (indicator, response, config) {
    var env = abuseChEnvelope(urlhaus, response, ['no_results'], config.apiKey);
    if (env.result) return env.result;
    if (indicator.type === 'url') return parseUrl(env.body, response.status);
    if (indicator.type === 'domain' || indicator.type === 'ipv4') return parseHost(env.body, indicator.value, response.status);
    return parsePayload(env.body, indicator.value, response.status);
  },
};

/**
 * ThreatFox (abuse.ch): `POST <base>/` (base `https://threatfox-api.abuse.ch/api/v1`), JSON body,
 * key in the `Auth-Key` header (mandatory since Nov 2024). Every type uses `search_ioc`:
 * - IPv4: `{"query":"search_ioc","search_term":"<ip>"}` without `exact_match`, because IP IOCs are
 *   stored as `ip:port`; the loose match is then filtered to entries whose IOC is exactly the IP or
 *   `<ip>:<port>` (so 192.0.2.7 never matches 192.0.2.77:443).
 * - domain, URL, md5, sha256: `exact_match: true`. Hashes are IOCs in their own right
 *   (`md5_hash`/`sha256_hash`); `search_hash` answers a different question (network IOCs linked to
 *   a sample), so we do not use it for reputation.
 *
 * Signal: every ThreatFox entry is a reported malicious IOC; the reporter's `confidence_level`
 * (0–100) is how sure it is, so malicious = highest confidence_level / 100 (0.5 when absent) and
 * confidence 0.8.
 *
 * Not found: 200 `query_status: no_result` with `data` a *string*, or an `ok` whose entries all
 * fail the IP filter. `unknown_auth_key` → `auth`; `illegal_search_term` / `illegal_hash` → `bad_response`.
 * Defaults: abuse.ch publishes no numeric limits → conservative 1/s and 30/min of our own choosing;
 * weight 40 (community-reported IOCs with per-entry confidence).
 */
import { abuseChEnvelope, asNumber, asString, badResponse, baseUrl, isObject, notFoundResult, okResult, precheck, pushUnique, strList } from './common';
import { Dict, FactObject, FactValue, Provider } from './types';

function matchesIp(ioc: string, ip: string): boolean {
  return ioc === ip || ioc.slice(0, ip.length + 1) === ip + ':';
}

export var threatfox: Provider = {
  id: 'threatfox',
  name: 'ThreatFox',
  types: ['ipv4', 'domain', 'url', 'md5', 'sha256'],
  requiresKey: true,
  requiresBaseUrl: false,
  defaults: { baseUrl: 'https://threatfox-api.abuse.ch/api/v1', limits: { perSecond: 1, perMinute: 30 }, timeoutMs: 10000, weight: 40 },

  request: function (indicator, config) {
    var s = precheck(threatfox, indicator, config);
    if (s) return s;
    var body: Dict<string | boolean> = { query: 'search_ioc', search_term: indicator.value };
    if (indicator.type !== 'ipv4') body.exact_match = true;
    return {
      method: 'POST',
      url: baseUrl(threatfox, config) + '/',
      headers: { 'Auth-Key': config.apiKey as string, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    };
  },

  parse: function (indicator, response, config) {
    var st = response.status;
    var env = abuseChEnvelope(threatfox, response, ['no_result', 'no_results'], config.apiKey);
    if (env.result) return env.result;
    var data = env.body.data;
    if (!(data instanceof Array)) return badResponse(threatfox, 'query_status ok without a data list', st);
    var entries: Dict<unknown>[] = [];
    for (var i = 0; i < data.length; i++) {
      var e = data[i];
      if (!isObject(e)) continue;
      var ioc = asString(e.ioc) || '';
      if (indicator.type === 'ipv4' && !matchesIp(ioc, indicator.value)) continue;
      entries.push(e);
    }
    if (entries.length === 0) return notFoundResult('threatfox', st, 'ThreatFox has no IOC exactly matching this indicator');

    var top = entries[0];
    var best = -1;
    var firstSeen = '';
    var lastSeen = '';
    var tags: string[] = [];
    var references: string[] = [];
    var malware: string[] = [];
    var iocs: FactObject[] = [];
    for (var k = 0; k < entries.length; k++) {
      var x = entries[k];
      var cl = asNumber(x.confidence_level);
      if (cl !== undefined && cl > best) {
        best = cl;
        top = x;
      }
      var fs = asString(x.first_seen);
      if (fs && (firstSeen === '' || fs < firstSeen)) firstSeen = fs;
      var ls = asString(x.last_seen);
      if (ls && ls > lastSeen) lastSeen = ls;
      var t = strList(x.tags, 20);
      for (var j = 0; j < t.length; j++) pushUnique(tags, t[j]);
      if (asString(x.reference)) pushUnique(references, asString(x.reference) as string);
      if (asString(x.malware_printable)) pushUnique(malware, asString(x.malware_printable) as string);
      if (iocs.length < 10) {
        iocs.push({
          id: asString(x.id) || null,
          ioc: asString(x.ioc) || null,
          ioc_type: asString(x.ioc_type) || null,
          threat_type: asString(x.threat_type) || null,
          malware: asString(x.malware_printable) || null,
          confidence_level: cl === undefined ? null : cl,
          first_seen: fs || null,
        });
      }
    }
    var facts: Dict<FactValue> = {
      entries: entries.length,
      threat_type: asString(top.threat_type) || null,
      threat_type_desc: asString(top.threat_type_desc) || null,
      ioc_type: asString(top.ioc_type) || null,
      malware: asString(top.malware_printable) || null,
      malware_family: asString(top.malware) || null,
      malware_alias: asString(top.malware_alias) || null,
      malpedia: asString(top.malware_malpedia) || null,
      all_malware: malware,
      confidence_level: best >= 0 ? best : null,
      first_seen: firstSeen || null,
      last_seen: lastSeen || null,
      tags: tags,
      reference: asString(top.reference) || references[0] || null,
      references: references,
      iocs: iocs,
    };
    var id = asString(top.id);
    var link = id ? 'https://threatfox.abuse.ch/ioc/' + encodeURIComponent(id) + '/' : undefined;
    return okResult('threatfox', { malicious: best >= 0 ? best / 100 : 0.5, confidence: 0.8 }, facts, link, st);
  },
};

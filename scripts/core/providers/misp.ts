/**
 * MISP (self-hosted): `POST <base>/attributes/restSearch` with the raw key in `Authorization`
 * (no `Bearer`), one call per indicator, every IOC type (mapped to MISP attribute types below).
 *
 * Signal (per matching attribute, then the maximum over attributes):
 *
 * | threat level of the event | to_ids true | to_ids false |
 * |---------------------------|-------------|--------------|
 * | 1 High                    | 0.95        | 0.5          |
 * | 2 Medium                  | 0.8         | 0.4          |
 * | 3 Low                     | 0.6         | 0.3          |
 * | 4 Undefined / absent      | 0.7         | 0.35         |
 *
 * A warning-list hit on any attribute means the value is on a known-benign/false-positive list
 * (CDN ranges, top domains...), so maliciousness is capped at 0.1 whatever the events say.
 * Confidence: 0.8 when some attribute is an IDS indicator (to_ids), 0.7 for a warning-list hit,
 * else 0.6 (the value is only context in an event). A MISP hit is curated intelligence, hence
 * moderate-to-high confidence.
 *
 * Not found: 200 `{"response":{"Attribute":[]}}` and 200 `{"response":[]}` (both documented).
 * Defaults: MISP has no built-in rate limit (roles may enable one, then 429) — we use a courteous
 * 5/s against a self-hosted server; weight 50 (curated in-house TIP, between AbuseIPDB 40 and VT 60).
 */
import { IocType } from '../model';
import {
  asNumber,
  asString,
  badResponse,
  baseUrl,
  httpError,
  isObject,
  isoFromEpochSeconds,
  notFoundResult,
  okResult,
  parseJson,
  precheck,
  pushUnique,
} from './common';
import { Dict, FactObject, FactValue, Provider } from './types';

/** Our IOC types → MISP attribute types (composites included: `value` matches either half). */
var MISP_TYPES: { [t in IocType]: string[] } = {
  ipv4: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  ipv6: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  domain: ['domain', 'hostname', 'domain|ip'],
  url: ['url', 'uri', 'link'],
  email: ['email', 'email-src', 'email-dst'],
  md5: ['md5', 'filename|md5'],
  sha1: ['sha1', 'filename|sha1'],
  sha256: ['sha256', 'filename|sha256'],
  sha512: ['sha512', 'filename|sha512'],
  cve: ['vulnerability'],
};

var THREAT_LEVELS: Dict<string> = { '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Undefined' };
var IDS_SCORE: Dict<number> = { '1': 0.95, '2': 0.8, '3': 0.6, '4': 0.7 };
var CONTEXT_SCORE: Dict<number> = { '1': 0.5, '2': 0.4, '3': 0.3, '4': 0.35 };
/** Attributes read per call; larger result sets are summarised from the first page. */
var LIMIT = 50;

function attributeList(body: unknown): Dict<unknown>[] | undefined {
  if (!isObject(body)) return undefined;
  var resp = body.response;
  var out: Dict<unknown>[] = [];
  if (resp instanceof Array) {
    // Older paths: `[]` for no match, or a list of `{Attribute: {...}}` / bare attributes.
    for (var i = 0; i < resp.length; i++) {
      var item = resp[i];
      if (!isObject(item)) continue;
      var inner = item.Attribute;
      if (inner instanceof Array) {
        for (var j = 0; j < inner.length; j++) if (isObject(inner[j])) out.push(inner[j]);
      } else if (isObject(inner)) out.push(inner);
      else if (item.event_id !== undefined || item.value !== undefined) out.push(item);
    }
    return out;
  }
  if (!isObject(resp) || !(resp.Attribute instanceof Array)) return undefined;
  for (var k = 0; k < resp.Attribute.length; k++) if (isObject(resp.Attribute[k])) out.push(resp.Attribute[k]);
  return out;
}

function isTrue(x: unknown): boolean {
  return x === true || x === 1 || x === '1' || x === 'true';
}

export var misp: Provider = {
  id: 'misp',
  name: 'MISP',
  types: ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve'],
  requiresKey: true,
  requiresBaseUrl: true,
  defaults: { baseUrl: '', limits: { perSecond: 5 }, timeoutMs: 10000, weight: 50 },

  request: function (indicator, config) {
    var s = precheck(misp, indicator, config);
    if (s) return s;
    var body = {
      returnFormat: 'json',
      value: indicator.type === 'cve' ? indicator.value.toUpperCase() : indicator.value,
      type: MISP_TYPES[indicator.type],
      includeEventTags: true,
      includeWarninglistHits: true,
      limit: LIMIT,
      page: 1,
    };
    return {
      method: 'POST',
      url: baseUrl(misp, config) + '/attributes/restSearch',
      headers: { Authorization: config.apiKey as string, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    };
  },

  parse: function (indicator, response, config) {
    var st = response.status;
    if (st === 404) return httpError(misp, response, 'check that the base URL points at a MISP instance');
    if (st < 200 || st > 299) return httpError(misp, response, st === 401 || st === 403 ? 'MISP needs the auth key of an API-enabled user' : undefined);
    var attrs = attributeList(parseJson(response.body));
    if (attrs === undefined) return badResponse(misp, 'expected JSON {"response":{"Attribute":[...]}}; check that the base URL points at MISP', st);
    if (attrs.length === 0) return notFoundResult('misp', st, 'MISP has no attribute with this value');

    var events: FactObject[] = [];
    var eventIds: string[] = [];
    var tags: string[] = [];
    var categories: string[] = [];
    var types: string[] = [];
    var warninglists: string[] = [];
    var anyIds = false;
    var best = -1;
    var bestEvent: string | undefined;
    var latest = 0;
    for (var i = 0; i < attrs.length; i++) {
      var a = attrs[i];
      var ev = isObject(a.Event) ? a.Event : {};
      var eventId = asString(ev.id) || asString(a.event_id);
      var level = asString(ev.threat_level_id) || '4';
      if (THREAT_LEVELS[level] === undefined) level = '4';
      var ids = isTrue(a.to_ids);
      if (ids) anyIds = true;
      var score = (ids ? IDS_SCORE : CONTEXT_SCORE)[level];
      if (score > best) {
        best = score;
        bestEvent = eventId;
      }
      pushUnique(categories, asString(a.category) || '');
      pushUnique(types, asString(a.type) || '');
      var ts = asNumber(a.timestamp);
      if (ts !== undefined && ts > latest) latest = ts;
      var tagList = a.Tag instanceof Array ? a.Tag : [];
      for (var t = 0; t < tagList.length; t++) if (isObject(tagList[t])) pushUnique(tags, asString(tagList[t].name) || '');
      var warnings = a.warnings instanceof Array ? a.warnings : [];
      for (var w = 0; w < warnings.length; w++) {
        if (isObject(warnings[w])) pushUnique(warninglists, asString(warnings[w].warninglist_name) || asString(warnings[w].warninglist_id) || 'warninglist');
      }
      if (eventId !== undefined && eventIds.indexOf(eventId) < 0) {
        eventIds.push(eventId);
        var orgc = isObject(ev.Orgc) ? ev.Orgc : isObject(ev.Org) ? ev.Org : {};
        events.push({
          id: eventId,
          info: asString(ev.info) || null,
          threat_level: THREAT_LEVELS[level],
          date: asString(ev.date) || null,
          org: asString(orgc.name) || (asString(ev.orgc_id) ? 'org #' + asString(ev.orgc_id) : null),
          published: ev.published === undefined ? null : isTrue(ev.published),
        });
      }
    }
    // Drop empty strings pushed for absent fields.
    var clean = function (l: string[]) {
      var out: string[] = [];
      for (var c = 0; c < l.length; c++) if (l[c] !== '') out.push(l[c]);
      return out;
    };
    var malicious = best;
    var confidence = anyIds ? 0.8 : 0.6;
    if (warninglists.length > 0) {
      malicious = Math.min(malicious, 0.1);
      confidence = 0.7;
    }
    var facts: Dict<FactValue> = {
      attributes: attrs.length,
      events: events,
      tags: clean(tags),
      to_ids: anyIds,
      categories: clean(categories),
      types: clean(types),
      warninglist_hits: warninglists,
      last_seen: latest > 0 ? isoFromEpochSeconds(latest) : null,
    };
    if (attrs.length >= LIMIT) facts.truncated = true;
    var link = bestEvent !== undefined ? baseUrl(misp, config) + '/events/view/' + encodeURIComponent(bestEvent) : undefined;
    return okResult('misp', { malicious: malicious, confidence: confidence }, facts, link, st);
  },
};

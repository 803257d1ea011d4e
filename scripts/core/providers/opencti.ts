/**
 * OpenCTI (self-hosted, GraphQL): `POST <base>/graphql` with `Authorization: Bearer <token>`.
 * Observables are looked up by value (5.12+ `FilterGroup`, key `value`, or `hashes.MD5` /
 * `hashes.SHA-1` / `hashes.SHA-256` / `hashes.SHA-512` for files); CVEs are Vulnerability entities,
 * looked up by `name` through `vulnerabilities`.
 *
 * Signal: the highest score among matched observables (`x_opencti_score`) and their non-revoked
 * indicators (`x_opencti_score`), 0–100 → malicious = score/100, confidence 0.8. Without any score,
 * labels decide: a malicious-sounding label (malicious, malware, c2, botnet, phishing, ransomware,
 * trojan, apt, exploit) or a non-revoked indicator → 0.8, a benign label (benign, allowlist,
 * whitelist, false-positive, legit) → 0.1, confidence 0.6; no score and no telling label → 0.5 at
 * confidence 0.3 (known to the platform, no opinion). CVEs: CVSS base score/10 (else 0.5) at
 * confidence 0.3 — a vulnerability is context, not a verdict on maliciousness.
 *
 * Not found: 200 with `edges: []` / `globalCount: 0`. GraphQL `errors[]` (HTTP 200 or not) →
 * `error`: auth-like messages/codes → `auth`, anything else → `bad_response` with the message.
 * Defaults: no documented rate limit (deployment-specific) → courteous 5/s; weight 50 (curated TIP).
 */
import { IocType } from '../model';
import {
  asNumber,
  asString,
  badResponse,
  baseUrl,
  errorResult,
  httpError,
  isObject,
  notFoundResult,
  okResult,
  parseJson,
  precheck,
  pushUnique,
  safeText,
  strList,
} from './common';
import { Dict, FactObject, FactValue, Provider } from './types';

var OBSERVABLE_FIELDS =
  'id entity_type observable_value x_opencti_score created_at updated_at ' +
  'createdBy { ... on Identity { id name } } ' +
  'objectLabel { id value color } ' +
  'objectMarking { id definition } ' +
  'indicators { edges { node { id pattern pattern_type x_opencti_score valid_until revoked indicator_types } } } ' +
  'reports(first: 1) { pageInfo { globalCount } } ' +
  '... on StixFile { hashes { algorithm hash } name }';

var OBSERVABLE_QUERY =
  'query Lookup($types: [String], $filters: FilterGroup) { ' +
  'stixCyberObservables(types: $types, filters: $filters, first: 10) { edges { node { ' +
  OBSERVABLE_FIELDS +
  ' } } pageInfo { globalCount } } }';

var VULNERABILITY_QUERY =
  'query Lookup($filters: FilterGroup) { ' +
  'vulnerabilities(filters: $filters, first: 10) { edges { node { ' +
  'id entity_type name description x_opencti_cvss_base_score x_opencti_cvss_base_severity created_at updated_at ' +
  'createdBy { ... on Identity { id name } } objectLabel { id value color } objectMarking { id definition } ' +
  'reports(first: 1) { pageInfo { globalCount } } ' +
  '} } pageInfo { globalCount } } }';

var OBSERVABLE_TYPES: { [t in IocType]?: string[] } = {
  ipv4: ['IPv4-Addr'],
  ipv6: ['IPv6-Addr'],
  domain: ['Domain-Name', 'Hostname'],
  url: ['Url'],
  email: ['Email-Addr'],
  md5: ['StixFile', 'Artifact'],
  sha1: ['StixFile', 'Artifact'],
  sha256: ['StixFile', 'Artifact'],
  sha512: ['StixFile', 'Artifact'],
};

var FILTER_KEYS: { [t in IocType]?: string } = {
  md5: 'hashes.MD5',
  sha1: 'hashes.SHA-1',
  sha256: 'hashes.SHA-256',
  sha512: 'hashes.SHA-512',
  cve: 'name',
};

var BAD_LABEL = /malicious|malware|c2|\bcc\b|command.and.control|botnet|phishing|ransomware|trojan|\bapt|exploit/i;
var GOOD_LABEL = /benign|allow.?list|white.?list|false.?positive|legit/i;
var AUTH_ERROR = /logged in|authenticat|unauthori[sz]ed|forbidden|access denied|invalid token|token (is )?(expired|invalid|revoked)/i;
var AUTH_CODES = /^(AUTH_REQUIRED|UNAUTHENTICATED|FORBIDDEN|FORBIDDEN_ACCESS|AuthRequired|ForbiddenAccess|AuthFailure|AUTH_FAILURE)$/;

function filterGroup(key: string, value: string) {
  return { mode: 'and', filterGroups: [], filters: [{ key: key, values: [value], operator: 'eq', mode: 'or' }] };
}

/** Web page of an entity on the configured platform. */
function entityLink(base: string, node: Dict<unknown>): string | undefined {
  var id = asString(node.id);
  if (!id) return undefined;
  var type = asString(node.entity_type);
  var section = type === 'Vulnerability' ? 'arsenal/vulnerabilities' : type === 'Artifact' ? 'observations/artifacts' : 'observations/observables';
  return base + '/dashboard/' + section + '/' + encodeURIComponent(id);
}

export var opencti: Provider = {
  id: 'opencti',
  name: 'OpenCTI',
  types: ['ipv4', 'ipv6', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'sha512', 'cve'],
  requiresKey: true,
  requiresBaseUrl: true,
  defaults: { baseUrl: '', limits: { perSecond: 5 }, timeoutMs: 10000, weight: 50 },

  request: function (indicator, config) {
    var s = precheck(opencti, indicator, config);
    if (s) return s;
    var key = FILTER_KEYS[indicator.type] || 'value';
    var payload =
      indicator.type === 'cve'
        ? { query: VULNERABILITY_QUERY, variables: { filters: filterGroup(key, indicator.value.toUpperCase()) } }
        : { query: OBSERVABLE_QUERY, variables: { types: OBSERVABLE_TYPES[indicator.type], filters: filterGroup(key, indicator.value) } };
    return {
      method: 'POST',
      url: baseUrl(opencti, config) + '/graphql',
      headers: { Authorization: 'Bearer ' + config.apiKey, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    };
  },

  parse: function (indicator, response, config) {
    var st = response.status;
    var body = parseJson(response.body);
    // GraphQL errors first: the HTTP status is frequently 200.
    if (isObject(body) && body.errors instanceof Array && body.errors.length > 0) {
      var first = isObject(body.errors[0]) ? body.errors[0] : {};
      var msg = safeText(asString(first.message) || '', config.apiKey) || 'unspecified GraphQL error';
      var code = isObject(first.extensions) ? asString(first.extensions.code) || '' : '';
      if (AUTH_CODES.test(code) || AUTH_ERROR.test(msg) || st === 401 || st === 403) {
        return errorResult('opencti', 'auth', 'OpenCTI refused the API token (' + msg + '); check the token of an API user in the configuration', st);
      }
      if (st === 429 || st >= 500) return httpError(opencti, response, msg);
      return errorResult('opencti', 'bad_response', 'OpenCTI rejected the query (' + msg + (code ? ', ' + safeText(code) : '') + '); check the OpenCTI version (5.12+ FilterGroup API)', st);
    }
    if (st === 404) return httpError(opencti, response, 'check that the base URL points at an OpenCTI platform');
    if (st < 200 || st > 299) return httpError(opencti, response, st === 401 || st === 403 ? 'OpenCTI needs a user API token (Bearer)' : undefined);
    if (!isObject(body) || !isObject(body.data)) return badResponse(opencti, 'expected GraphQL JSON with a data object', st);
    var isCve = indicator.type === 'cve';
    var conn = isCve ? body.data.vulnerabilities : body.data.stixCyberObservables;
    if (!isObject(conn) || !(conn.edges instanceof Array)) return badResponse(opencti, 'no ' + (isCve ? 'vulnerabilities' : 'stixCyberObservables') + '.edges list', st);
    var nodes: Dict<unknown>[] = [];
    for (var i = 0; i < conn.edges.length; i++) {
      var e = conn.edges[i];
      if (isObject(e) && isObject(e.node)) nodes.push(e.node);
    }
    var total = isObject(conn.pageInfo) ? asNumber(conn.pageInfo.globalCount) : undefined;
    if (nodes.length === 0) return notFoundResult('opencti', st, 'OpenCTI has no ' + (isCve ? 'vulnerability' : 'observable') + ' with this value');

    var best: number | undefined;
    var labels: string[] = [];
    var markings: string[] = [];
    var authors: string[] = [];
    var indicators: FactObject[] = [];
    var activeIndicators = 0;
    var reports = 0;
    var cvss: number | undefined;
    var severity: string | undefined;
    for (var n = 0; n < nodes.length; n++) {
      var node = nodes[n];
      var sc = asNumber(node.x_opencti_score);
      if (sc !== undefined && (best === undefined || sc > best)) best = sc;
      var lab = node.objectLabel instanceof Array ? node.objectLabel : [];
      for (var l = 0; l < lab.length; l++) if (isObject(lab[l]) && asString(lab[l].value)) pushUnique(labels, asString(lab[l].value) as string);
      var mk = node.objectMarking instanceof Array ? node.objectMarking : [];
      for (var m = 0; m < mk.length; m++) if (isObject(mk[m]) && asString(mk[m].definition)) pushUnique(markings, asString(mk[m].definition) as string);
      if (isObject(node.createdBy) && asString(node.createdBy.name)) pushUnique(authors, asString(node.createdBy.name) as string);
      if (isObject(node.reports) && isObject(node.reports.pageInfo)) reports += asNumber(node.reports.pageInfo.globalCount) || 0;
      var c = asNumber(node.x_opencti_cvss_base_score);
      if (c !== undefined && (cvss === undefined || c > cvss)) cvss = c;
      if (asString(node.x_opencti_cvss_base_severity)) severity = asString(node.x_opencti_cvss_base_severity);
      var ind = isObject(node.indicators) && node.indicators.edges instanceof Array ? node.indicators.edges : [];
      for (var k = 0; k < ind.length; k++) {
        var inode = isObject(ind[k]) && isObject(ind[k].node) ? ind[k].node : undefined;
        if (!inode) continue;
        var revoked = inode.revoked === true;
        var isc = asNumber(inode.x_opencti_score);
        if (!revoked) {
          activeIndicators++;
          if (isc !== undefined && (best === undefined || isc > best)) best = isc;
        }
        if (indicators.length < 10) {
          indicators.push({
            pattern: asString(inode.pattern) || null,
            score: isc === undefined ? null : isc,
            revoked: revoked,
            valid_until: asString(inode.valid_until) || null,
            types: strList(inode.indicator_types, 10),
          });
        }
      }
    }

    var malicious: number;
    var confidence: number;
    if (isCve) {
      malicious = cvss !== undefined ? cvss / 10 : 0.5;
      confidence = 0.3;
    } else if (best !== undefined) {
      malicious = best / 100;
      confidence = 0.8;
    } else {
      var bad = false;
      var good = false;
      for (var b = 0; b < labels.length; b++) {
        if (BAD_LABEL.test(labels[b])) bad = true;
        else if (GOOD_LABEL.test(labels[b])) good = true;
      }
      if (bad || activeIndicators > 0) {
        malicious = 0.8;
        confidence = 0.6;
      } else if (good) {
        malicious = 0.1;
        confidence = 0.6;
      } else {
        malicious = 0.5;
        confidence = 0.3;
      }
    }
    var facts: Dict<FactValue> = {
      entity_type: asString(nodes[0].entity_type) || null,
      matches: total !== undefined ? total : nodes.length,
      score: best === undefined ? null : best,
      labels: labels,
      markings: markings,
      created_by: authors.length ? authors.join(', ') : null,
      indicators: indicators,
      reports: reports,
    };
    if (isCve) {
      facts.cvss_base_score = cvss === undefined ? null : cvss;
      facts.cvss_severity = severity || null;
    }
    return okResult('opencti', { malicious: malicious, confidence: confidence }, facts, entityLink(baseUrl(opencti, config), nodes[0]), st);
  },
};

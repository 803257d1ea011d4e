/**
 * Screening before any lookup: what must never leave the building (internal) and what is known
 * shared infrastructure (allowlisted).
 *
 * - Internal → every provider `skipped`, never sent out: non-`public` IPs, configured internal CIDRs
 *   and domains (and their subdomains), URLs and email addresses on those hosts/domains.
 * - Allowlisted → still looked up (so the analyst sees what providers say) but the score is capped
 *   to 0 and the reason is reported. Sources: configured domains (+ subdomains; apply to domain, URL
 *   host and email domain), URL prefixes (matched on a path boundary), CIDRs, and a built-in list.
 *
 * The built-in list is deliberately narrow (SOC view): it covers bare domains and resolver IPs that
 * are pure noise in alerts. It never allowlists URLs — `docs.google.com/forms/...`,
 * `*.sharepoint.com` lures and `google.com/url?q=` open redirects are real attacks on trusted hosts —
 * and it has no hosting or storage platform (amazonaws.com, S3 buckets, blob.core.windows.net,
 * googleapis.com storage, azurewebsites.net, cloudfront.net, workers.dev, github.io, onmicrosoft.com
 * tenants): attackers rent space there, so a subdomain tells nothing about who controls the content.
 */
import { EngineConfig } from '../config';
import { Indicator } from '../model';
import { cidrContains, ipScope } from '../net/ip';

/** Bare domains (and subdomains) that are shared infrastructure owned by the operator itself. */
export var BUILTIN_DOMAINS: string[] = [
  'google.com',
  'gstatic.com',
  'youtube.com',
  'microsoft.com',
  'microsoftonline.com',
  'windowsupdate.com',
  'windows.com',
  'office.com',
  'office365.com',
  'outlook.com',
  'live.com',
  'apple.com',
  'cloudflare.com',
  'digicert.com',
  'letsencrypt.org',
];

/** Public DNS resolvers: appear in every network log, owned by their operators. */
export var BUILTIN_CIDRS: string[] = [
  '1.1.1.1/32',
  '1.0.0.1/32',
  '8.8.8.8/32',
  '8.8.4.4/32',
  '9.9.9.9/32',
  '149.112.112.112/32',
  '208.67.222.222/32',
  '208.67.220.220/32',
  '2606:4700:4700::1111/128',
  '2606:4700:4700::1001/128',
  '2001:4860:4860::8888/128',
  '2001:4860:4860::8844/128',
  '2620:fe::fe/128',
];

export interface Screening {
  /** Set when the indicator must not be sent to any provider: the reason. */
  internal?: string;
  /** Set when the score is capped to 0: the reason. */
  allowlisted?: string;
}

function lower(s: string): string {
  return String(s).toLowerCase();
}

/** `host` equals `domain` or is a subdomain of it. */
export function domainMatches(host: string, domain: string): boolean {
  var h = lower(host).replace(/\.$/, '');
  var d = lower(domain).replace(/^\*?\.+/, '').replace(/\.$/, '');
  if (!d) return false;
  if (h === d) return true;
  return h.length > d.length && h.charAt(h.length - d.length - 1) === '.' && h.substring(h.length - d.length) === d;
}

/** The host of a URL (lower-cased, IPv6 brackets removed), or null. */
export function urlHost(url: string): string | null {
  var m = /^[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/([^\/?#]*)/.exec(url);
  if (!m) return null;
  var auth = m[1];
  var at = auth.lastIndexOf('@');
  if (at >= 0) auth = auth.substring(at + 1);
  if (auth.charAt(0) === '[') {
    var close = auth.indexOf(']');
    return close > 0 ? lower(auth.substring(1, close)) : null;
  }
  var colon = auth.indexOf(':');
  if (colon >= 0) auth = auth.substring(0, colon);
  return auth ? lower(auth).replace(/\.$/, '') : null;
}

function isIp(s: string): 'ipv4' | 'ipv6' | null {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return 'ipv4';
  if (s.indexOf(':') >= 0) return 'ipv6';
  return null;
}

/** `url` starts with `prefix` and the prefix ends on a boundary (so `https://a.com` never matches `https://a.com.evil.test/`). */
export function urlPrefixMatches(url: string, prefix: string): boolean {
  if (!prefix || url.length < prefix.length) return false;
  // Scheme and host are case-insensitive; the rest is compared as written.
  var hostEnd = prefix.indexOf('/', prefix.indexOf('//') + 2);
  var head = hostEnd < 0 ? prefix.length : hostEnd;
  if (lower(url.substring(0, head)) !== lower(prefix.substring(0, head))) return false;
  if (url.substring(head, prefix.length) !== prefix.substring(head)) return false;
  if (url.length === prefix.length) return true;
  var last = prefix.charAt(prefix.length - 1);
  if (last === '/' || last === '?' || last === '&' || last === '#' || last === '=') return true;
  var next = url.charAt(prefix.length);
  return next === '/' || next === '?' || next === '#' || (hostEnd < 0 && next === ':');
}

function anyDomain(host: string, list: string[] | undefined): string | null {
  if (!list) return null;
  for (var i = 0; i < list.length; i++) if (typeof list[i] === 'string' && domainMatches(host, list[i])) return list[i];
  return null;
}

function anyCidr(ip: string, list: string[] | undefined): string | null {
  if (!list) return null;
  for (var i = 0; i < list.length; i++) if (typeof list[i] === 'string' && cidrContains(list[i], ip)) return list[i];
  return null;
}

/** Internal check of a host (domain name or IP literal). */
function internalHost(host: string, config: EngineConfig): string | null {
  var internal = config.internal || {};
  var fam = isIp(host);
  if (fam) {
    var scope = ipScope(fam, host);
    if (scope !== 'public') return scope + ' address: never sent to external providers';
    var c = anyCidr(host, internal.cidrs);
    if (c) return 'internal range ' + c + ' (configured): never sent to external providers';
    return null;
  }
  var d = anyDomain(host, internal.domains);
  return d ? 'internal domain ' + d + ' (configured): never sent to external providers' : null;
}

/** Decide, before any lookup, whether an indicator is internal (skip) or allowlisted (cap to 0). */
export function screen(indicator: Indicator, config: EngineConfig): Screening {
  var internal = config.internal || {};
  var allow = config.allowlist || {};
  var builtin = allow.builtin !== false;
  var v = indicator.value;
  var t = indicator.type;
  var out: Screening = {};
  var host: string | null = null;
  if (t === 'ipv4' || t === 'ipv6') {
    var scope = indicator.scope || ipScope(t, v);
    if (scope !== 'public') return { internal: scope + ' address: never sent to external providers' };
    var ic = anyCidr(v, internal.cidrs);
    if (ic) return { internal: 'internal range ' + ic + ' (configured): never sent to external providers' };
    var ac = anyCidr(v, allow.cidrs);
    if (ac) out.allowlisted = 'allowlisted range ' + ac + ' (configured)';
    else if (builtin) {
      var bc = anyCidr(v, BUILTIN_CIDRS);
      if (bc) out.allowlisted = 'built-in allowlist: public DNS resolver ' + bc.replace(/\/(32|128)$/, '');
    }
    return out;
  }
  if (t === 'domain') host = lower(v);
  else if (t === 'url') host = urlHost(v);
  else if (t === 'email') host = lower(v.substring(v.lastIndexOf('@') + 1));
  if (host) {
    var why = internalHost(host, config);
    if (why) return { internal: why };
    if (isIp(host)) {
      var ac2 = anyCidr(host, allow.cidrs);
      if (ac2) out.allowlisted = 'host in allowlisted range ' + ac2 + ' (configured)';
    } else {
      var ad = anyDomain(host, allow.domains);
      if (ad) out.allowlisted = 'allowlisted domain ' + ad + ' (configured)';
      else if (builtin && t === 'domain') {
        var bd = anyDomain(host, BUILTIN_DOMAINS);
        if (bd) out.allowlisted = 'built-in allowlist: ' + bd + ' is well-known shared infrastructure';
      }
    }
  }
  if (!out.allowlisted && t === 'url' && allow.urlPrefixes) {
    for (var i = 0; i < allow.urlPrefixes.length; i++) {
      if (typeof allow.urlPrefixes[i] === 'string' && urlPrefixMatches(v, allow.urlPrefixes[i])) {
        out.allowlisted = 'allowlisted URL prefix ' + allow.urlPrefixes[i] + ' (configured)';
        break;
      }
    }
  }
  return out;
}

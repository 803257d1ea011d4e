/**
 * Integration params → engine configuration. Params come from the instance settings form (names
 * from scripts/manifest): `providers` (multi-select: an array, or a comma string from older servers
 * and the CLI), `<id>_credentials` (type 9: the password is the API key), `<id>_url`, thresholds,
 * cache lifetime, deadline, allowlist and internal lists (one entry per line), insecure and proxy.
 *
 * A malformed param is a `UserError` naming the param and what to put there; a provider that is
 * selected but lacks its key is not an error here (the engine reports it as skipped, test-module as
 * a failure). Keys only ever travel in `config.providers[id].apiKey` and `secrets`.
 */
import { EngineConfig } from '../../core/config';
import { DEFAULT_NOT_FOUND_TTL_HOURS, DEFAULT_OK_TTL_HOURS } from '../../core/engine/cache';
import { DEFAULT_THRESHOLDS } from '../../core/engine/routing';
import { DEFAULT_DEADLINE_SECONDS } from '../../core/engine/run';
import { normaliseDomain } from '../../core/extract/domain';
import { parseCidr } from '../../core/net/ip';
import { PROVIDERS, providerById } from '../../core/providers/index';
import { Provider, ProviderConfig } from '../../core/providers/types';
import { RELIABILITY_OPTIONS } from '../../manifest/index';
import { userError } from './errors';

export var DEFAULT_RELIABILITY = 'C - Fairly reliable';

export interface Settings {
  config: EngineConfig;
  /** Providers this instance uses, in registry order. */
  enabled: Provider[];
  /** Whether the admin picked providers explicitly (false: every provider with credentials). */
  explicit: boolean;
  reliability: string;
  insecure: boolean;
  proxy: boolean;
  /** Every configured API key, for redaction. */
  secrets: string[];
}

/** A list argument or param: an array, or comma/newline separated text; trimmed, empties dropped. */
export function toList(x: unknown): string[] {
  var out: string[] = [];
  if (x === undefined || x === null) return out;
  // split() with a string separator only: regex separators go through Symbol.split in modern engines.
  var items: unknown[] = x instanceof Array ? x : String(x).replace(/\r?\n/g, ',').split(',');
  for (var i = 0; i < items.length; i++) {
    var s = items[i] === undefined || items[i] === null ? '' : String(items[i]).replace(/^\s+|\s+$/g, '');
    if (s !== '') out.push(s);
  }
  return out;
}

/** Lines of a long-text param; `#` starts a comment; commas separate entries too. */
function lines(x: unknown): string[] {
  if (x === undefined || x === null) return [];
  var raw = x instanceof Array ? x.join('\n') : String(x);
  var parts = raw.replace(/\r\n?/g, '\n').split('\n');
  var out: string[] = [];
  for (var i = 0; i < parts.length; i++) {
    var hash = parts[i].indexOf('#');
    var line = hash >= 0 ? parts[i].substring(0, hash) : parts[i];
    var items = line.split(',');
    for (var j = 0; j < items.length; j++) {
      var s = items[j].replace(/^\s+|\s+$/g, '');
      if (s !== '') out.push(s);
    }
  }
  return out;
}

export function truthy(x: unknown): boolean {
  return x === true || (typeof x === 'string' && /^(true|yes|1)$/i.test(x.replace(/^\s+|\s+$/g, '')));
}

function numberParam(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null || String(value).replace(/\s+/g, '') === '') return fallback;
  var s = String(value).replace(/^\s+|\s+$/g, '');
  if (!/^\d+(\.\d+)?$/.test(s)) throw userError('Parameter ' + name + ' must be a number from ' + min + ' to ' + max + ' (got "' + s.substring(0, 20) + '"); fix it in the instance settings.');
  var n = parseFloat(s);
  if (n < min || n > max) throw userError('Parameter ' + name + ' must be from ' + min + ' to ' + max + ' (got ' + n + '); fix it in the instance settings.');
  return n;
}

/** The API key of a type-9 credentials param (`{identifier, password}`), or a plain string. */
function apiKeyOf(value: unknown): string {
  var key: unknown = value;
  if (value && typeof value === 'object') key = (value as { password?: unknown }).password;
  return typeof key === 'string' ? key.replace(/^\s+|\s+$/g, '') : '';
}

export interface ScreeningLists {
  domains: string[];
  urlPrefixes: string[];
  cidrs: string[];
}

/** One domain, URL prefix or CIDR (or bare IP) per line; anything else is named in the error. */
export function parseScreening(name: string, value: unknown, allowUrls: boolean): ScreeningLists {
  var out: ScreeningLists = { domains: [], urlPrefixes: [], cidrs: [] };
  var items = lines(value);
  var bad: string[] = [];
  for (var i = 0; i < items.length; i++) {
    var s = items[i];
    if (/^[a-zA-Z][a-zA-Z0-9+.\-]*:\/\//.test(s)) {
      if (allowUrls) {
        out.urlPrefixes.push(s);
        continue;
      }
      // Internal list: a URL stands for its host.
      var m = /^[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/([^\/?#:]+)/.exec(s);
      s = m ? m[1] : s;
    }
    if (parseCidr(s)) {
      out.cidrs.push(s);
      continue;
    }
    var d = normaliseDomain(s.replace(/^\*?\.+/, '').replace(/\.$/, ''));
    if (d) out.domains.push(d);
    else bad.push('"' + s.substring(0, 60) + '"');
  }
  if (bad.length > 0) {
    throw userError('Parameter ' + name + ': not a domain, ' + (allowUrls ? 'URL prefix, ' : '') + 'IP or CIDR: ' + bad.join(', ') + '. Put one entry per line (e.g. example.org' + (allowUrls ? ', https://portal.example.org/app' : '') + ', 10.0.0.0/8).');
  }
  return out;
}

export function parseSettings(p: { [name: string]: any }): Settings {
  p = p || {};
  var selected = toList(p.providers);
  var unknown: string[] = [];
  var picked: { [id: string]: boolean } = {};
  for (var i = 0; i < selected.length; i++) {
    var id = selected[i].toLowerCase();
    if (providerById(id)) picked[id] = true;
    else unknown.push('"' + selected[i].substring(0, 40) + '"');
  }
  if (unknown.length > 0) {
    throw userError('Parameter providers: unknown provider ' + unknown.join(', ') + '. Known providers: ' + PROVIDERS.map(function (x) { return x.id; }).join(', ') + '.');
  }
  var explicit = selected.length > 0;
  var providers: { [id: string]: ProviderConfig } = {};
  var enabled: Provider[] = [];
  var secrets: string[] = [];
  for (var k = 0; k < PROVIDERS.length; k++) {
    var prov = PROVIDERS[k];
    var key = apiKeyOf(p[prov.id + '_credentials']);
    var url = typeof p[prov.id + '_url'] === 'string' ? p[prov.id + '_url'].replace(/^\s+|\s+$/g, '') : '';
    if (url !== '' && !/^https?:\/\/[^\s\/]+/i.test(url)) {
      throw userError('Parameter ' + prov.id + '_url must be an http(s) URL such as ' + (prov.defaults.baseUrl || 'https://' + prov.id + '.example.org') + '; fix it in the instance settings.');
    }
    if (key) secrets.push(key);
    // Without an explicit selection: every provider the admin gave credentials (and a URL where one is required).
    var on = explicit ? picked[prov.id] === true : key !== '' && (!prov.requiresBaseUrl || url !== '');
    if (!on) continue;
    var cfg: ProviderConfig = { enabled: true };
    if (key) cfg.apiKey = key;
    if (url) cfg.baseUrl = url;
    providers[prov.id] = cfg;
    enabled.push(prov);
  }
  var high = numberParam('threshold_high', p.threshold_high, DEFAULT_THRESHOLDS.high, 0, 100);
  var medium = numberParam('threshold_medium', p.threshold_medium, DEFAULT_THRESHOLDS.medium, 0, 100);
  if (medium > high) throw userError('Parameter threshold_medium (' + medium + ') must not exceed threshold_high (' + high + '); fix them in the instance settings.');
  var ttl = numberParam('cache_ttl_hours', p.cache_ttl_hours, DEFAULT_OK_TTL_HOURS, 0, 8760);
  var deadline = numberParam('deadline_seconds', p.deadline_seconds, DEFAULT_DEADLINE_SECONDS, 1, 600);
  var allow = parseScreening('allowlist', p.allowlist, true);
  var internal = parseScreening('internal_domains', p.internal_domains, false);
  var reliability = typeof p.reliability === 'string' && p.reliability !== '' ? p.reliability : DEFAULT_RELIABILITY;
  var known = false;
  for (var r = 0; r < RELIABILITY_OPTIONS.length; r++) if (RELIABILITY_OPTIONS[r] === reliability) known = true;
  if (!known) throw userError('Parameter reliability must be one of: ' + RELIABILITY_OPTIONS.join(', ') + '; fix it in the instance settings.');
  return {
    config: {
      providers: providers,
      thresholds: { high: high, medium: medium },
      deadlineSeconds: deadline,
      // `not_found` is kept the engine's default at most, never longer than the ok TTL.
      cache: { okTtlHours: ttl, notFoundTtlHours: Math.min(ttl, DEFAULT_NOT_FOUND_TTL_HOURS) },
      allowlist: { domains: allow.domains, urlPrefixes: allow.urlPrefixes, cidrs: allow.cidrs },
      internal: { domains: internal.domains, cidrs: internal.cidrs },
    },
    enabled: enabled,
    explicit: explicit,
    reliability: reliability,
    insecure: truthy(p.insecure),
    proxy: truthy(p.proxy),
    secrets: secrets,
  };
}

/**
 * Helpers every provider adapter shares: skip decisions, HTTP-status classification,
 * Retry-After parsing and safe JSON decoding. Pure and ES5-safe like the rest of the core.
 */
import { Indicator } from '../model';
import { Dict, ErrorKind, FactValue, HttpResponse, Provider, ProviderConfig, ProviderId, ProviderResult, Skip, TransportFailure } from './types';

export function skip(reason: string): Skip {
  return { skip: true, reason: reason };
}

export function isSkip(x: unknown): x is Skip {
  return typeof x === 'object' && x !== null && (x as Skip).skip === true;
}

/** Strip trailing slashes so `base + '/path'` never doubles them. */
export function baseUrl(provider: Provider, config: ProviderConfig): string {
  var base = config.baseUrl || provider.defaults.baseUrl;
  while (base.length > 0 && base.charAt(base.length - 1) === '/') base = base.slice(0, -1);
  return base;
}

/**
 * The checks every `request` starts with: type supported, IP public, key and base URL present.
 * Returns a Skip, or null when the provider may be called.
 */
export function precheck(provider: Provider, indicator: Indicator, config: ProviderConfig): Skip | null {
  if (config.enabled === false) return skip('disabled in configuration');
  var supported = false;
  for (var i = 0; i < provider.types.length; i++) if (provider.types[i] === indicator.type) supported = true;
  if (!supported) return skip(provider.name + ' does not support ' + indicator.type + ' indicators');
  if ((indicator.type === 'ipv4' || indicator.type === 'ipv6') && indicator.scope && indicator.scope !== 'public') {
    return skip(indicator.scope + ' address: never sent to external providers');
  }
  if (provider.requiresBaseUrl && !config.baseUrl) return skip('not configured: base URL required for ' + provider.name);
  if (provider.requiresKey && !config.apiKey) return skip('not configured: no API key for ' + provider.name);
  return null;
}

/** Header lookup that tolerates any case (shells lower-case, fixtures may not). */
export function header(headers: Dict<string>, name: string): string | undefined {
  var want = name.toLowerCase();
  for (var k in headers) {
    if (Object.prototype.hasOwnProperty.call(headers, k) && k.toLowerCase() === want) return headers[k];
  }
  return undefined;
}

/**
 * How long the provider asked us to wait, in ms, from `Retry-After` (delta-seconds or HTTP date),
 * `X-RateLimit-Reset` (epoch seconds, or delta-seconds when small) or `X-Rate-Limit-Reset-After`
 * (delta-seconds). Undefined when no header says.
 */
export function retryAfterMs(response: HttpResponse): number | undefined {
  var now = response.receivedAtMs;
  var ra = header(response.headers, 'retry-after');
  if (ra !== undefined) {
    var trimmed = ra.replace(/^\s+|\s+$/g, '');
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(parseFloat(trimmed) * 1000);
    var at = Date.parse(trimmed);
    if (!isNaN(at) && now !== undefined) return Math.max(0, at - now);
  }
  var after = header(response.headers, 'x-rate-limit-reset-after');
  if (after !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.round(parseFloat(after) * 1000);
  var reset = header(response.headers, 'x-ratelimit-reset');
  if (reset === undefined) reset = header(response.headers, 'x-rate-limit-reset');
  if (reset !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(reset)) {
    var n = parseFloat(reset);
    // Values above ~10^9 are epoch seconds; smaller ones are delays.
    if (n > 1000000000) return now !== undefined ? Math.max(0, Math.round(n * 1000 - now)) : undefined;
    return Math.round(n * 1000);
  }
  var dateReset = reset !== undefined ? Date.parse(reset) : NaN;
  if (!isNaN(dateReset) && now !== undefined) return Math.max(0, dateReset - now);
  return undefined;
}

export function errorResult(provider: ProviderId, kind: ErrorKind, message: string, httpStatus?: number): ProviderResult {
  var r: ProviderResult = { provider: provider, status: 'error', kind: kind, message: message };
  if (httpStatus !== undefined) r.httpStatus = httpStatus;
  return r;
}

/**
 * Generic classification of a non-2xx answer. Adapters call this after handling their own
 * special shapes (e.g. a 404 that means "not found").
 */
export function httpError(provider: Provider, response: HttpResponse, detail?: string): ProviderResult {
  var s = response.status;
  var extra = detail ? ': ' + detail : '';
  var r: ProviderResult;
  if (s === 401 || s === 403) {
    r = errorResult(provider.id, 'auth', provider.name + ' rejected the API key (HTTP ' + s + ')' + extra + '; check the key in the configuration', s);
  } else if (s === 429) {
    r = errorResult(provider.id, 'rate_limited', provider.name + ' rate limit reached (HTTP 429)' + extra, s);
  } else if (s >= 500) {
    r = errorResult(provider.id, 'server', provider.name + ' server error (HTTP ' + s + ')' + extra + '; try again later', s);
  } else {
    r = errorResult(provider.id, 'bad_response', provider.name + ' answered HTTP ' + s + extra, s);
  }
  var wait = retryAfterMs(response);
  if (wait !== undefined) r.retryAfterMs = wait;
  return r;
}

/** The result for a call that never got an HTTP answer. */
export function transportError(provider: Provider, failure: TransportFailure): ProviderResult {
  return errorResult(provider.id, failure.kind, provider.name + ' ' + (failure.kind === 'timeout' ? 'timed out' : 'unreachable') + ': ' + failure.message);
}

/** JSON.parse that returns undefined instead of throwing (malformed bodies become `bad_response`). */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    return undefined;
  }
}

export function isObject(x: unknown): x is Dict<unknown> {
  return typeof x === 'object' && x !== null && !(x instanceof Array);
}

export function badResponse(provider: Provider, what: string, httpStatus?: number): ProviderResult {
  return errorResult(provider.id, 'bad_response', provider.name + ' returned an unexpected body: ' + what, httpStatus);
}

/** Clamp to [0, 1]; NaN becomes 0. */
export function unit(x: number): number {
  if (!(x > 0)) return 0;
  return x > 1 ? 1 : x;
}

/* ---- Appended for the VirusTotal / AbuseIPDB / Shodan / GreyNoise / OTX / Safe Browsing adapters ---- */

/**
 * Provider-supplied error text made safe for a `message`: HTML tags dropped, whitespace collapsed,
 * at most 200 characters, and every occurrence of the API key blanked (some APIs echo the request,
 * and query-param keys travel in the URL). Undefined when nothing usable is left.
 */
export function safeText(text: unknown, secret?: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  var s = text;
  if (secret) s = s.split(secret).join('[redacted]');
  s = s.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').replace(/^\s+|\s+$/g, '');
  if (s.length > 200) s = s.slice(0, 197) + '...';
  if (secret) s = s.split(secret).join('[redacted]');
  return s.length > 0 ? s : undefined;
}

/**
 * A 429-style result. `quota` means a daily/monthly allowance is spent (retrying soon is pointless);
 * `rate_limited` means slow down. The wait comes from the headers, else `fallbackMs` when the
 * provider documents one in prose (Shodan: "wait a second").
 */
export function throttled(provider: Provider, response: HttpResponse, kind: 'quota' | 'rate_limited', detail?: string, fallbackMs?: number): ProviderResult {
  var extra = detail ? ': ' + detail : '';
  var message =
    kind === 'quota'
      ? provider.name + ' quota exhausted (HTTP ' + response.status + ')' + extra + '; wait for the quota to reset or use a key with a larger plan'
      : provider.name + ' rate limit reached (HTTP ' + response.status + ')' + extra + '; slow down and retry later';
  var r = errorResult(provider.id, kind, message, response.status);
  var wait = retryAfterMs(response);
  if (wait === undefined) wait = fallbackMs;
  if (wait !== undefined) r.retryAfterMs = wait;
  return r;
}

/** A `not_found` result: the provider answered and has no record (never to be read as "clean"). */
export function notFoundResult(provider: ProviderId, httpStatus: number, message?: string): ProviderResult {
  var r: ProviderResult = { provider: provider, status: 'not_found', httpStatus: httpStatus };
  if (message) r.message = message;
  return r;
}

/** ISO-8601 UTC from Unix epoch seconds; null when absent or not a finite number. */
export function isoFromEpochSeconds(x: unknown): string | null {
  if (typeof x !== 'number' || !isFinite(x)) return null;
  return new Date(x * 1000).toISOString();
}

/** The value when it is a string, else null (fact values must be plain JSON). */
export function strOrNull(x: unknown): string | null {
  return typeof x === 'string' ? x : null;
}

/** The value when it is a finite number, else null. */
export function numOrNull(x: unknown): number | null {
  return typeof x === 'number' && isFinite(x) ? x : null;
}

/** The string members of an array (others dropped), at most `max` of them; [] for non-arrays. */
export function strList(x: unknown, max?: number): string[] {
  var out: string[] = [];
  if (!(x instanceof Array)) return out;
  for (var i = 0; i < x.length && (max === undefined || out.length < max); i++) if (typeof x[i] === 'string') out.push(x[i]);
  return out;
}

/** The finite-number members of an array, at most `max` of them; [] for non-arrays. */
export function numList(x: unknown, max?: number): number[] {
  var out: number[] = [];
  if (!(x instanceof Array)) return out;
  for (var i = 0; i < x.length && (max === undefined || out.length < max); i++) if (typeof x[i] === 'number' && isFinite(x[i])) out.push(x[i]);
  return out;
}

/** Push `value` into `list` unless present (ES5 has no Set). */
export function pushUnique(list: string[], value: string): void {
  for (var i = 0; i < list.length; i++) if (list[i] === value) return;
  list.push(value);
}

// ---- Appended for the MISP / OpenCTI / urlscan / abuse.ch adapters -------------------------------

/** An `ok` result; `link` and `httpStatus` only when known. */
export function okResult(provider: ProviderId, signal: { malicious: number; confidence: number }, facts: Dict<FactValue>, link?: string, httpStatus?: number): ProviderResult {
  var r: ProviderResult = { provider: provider, status: 'ok', signal: { malicious: unit(signal.malicious), confidence: unit(signal.confidence) }, facts: facts };
  if (link) r.link = link;
  if (httpStatus !== undefined) r.httpStatus = httpStatus;
  return r;
}

/** application/x-www-form-urlencoded body (spaces as `+`), fields in insertion order. */
export function formEncode(fields: Dict<string>): string {
  var parts: string[] = [];
  for (var k in fields) {
    if (Object.prototype.hasOwnProperty.call(fields, k)) {
      parts.push(encodeURIComponent(k).replace(/%20/g, '+') + '=' + encodeURIComponent(fields[k]).replace(/%20/g, '+'));
    }
  }
  return parts.join('&');
}

/** A string field from untrusted JSON: strings as-is, finite numbers stringified, anything else undefined. */
export function asString(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' && isFinite(x)) return String(x);
  return undefined;
}

/** A number field from untrusted JSON: numbers or numeric strings ("12"), anything else undefined. */
export function asNumber(x: unknown): number | undefined {
  if (typeof x === 'number') return isFinite(x) ? x : undefined;
  if (typeof x === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(x)) return parseFloat(x);
  return undefined;
}

/** Keep provider-supplied status tokens printable and short before putting them in a message. */
function safeToken(x: string): string {
  return x.replace(/[^A-Za-z0-9_.:\[\]-]/g, '').slice(0, 40);
}

/** Either a final result (error / not found) or the decoded body for the adapter to read. */
export type Envelope = { result: ProviderResult; body?: undefined } | { result?: undefined; body: Dict<unknown> };

/**
 * The abuse.ch (MalwareBazaar, URLhaus, ThreatFox) answer envelope: `query_status` decides.
 * Auth statuses (`unknown_auth_key`, any `*auth*`) → `auth` whatever the HTTP status; non-2xx →
 * `httpError`; `notFound` statuses → `not_found`; `ok` → the body; any other status
 * (`illegal_hash`, `invalid_url`, ...) → `bad_response` naming it.
 */
export function abuseChEnvelope(provider: Provider, response: HttpResponse, notFound: string[], secret?: string): Envelope {
  var body = parseJson(response.body);
  var qs = isObject(body) && typeof body.query_status === 'string' ? body.query_status : undefined;
  // The status is echoed into messages: never let an echoed key through.
  if (qs !== undefined && secret && qs.indexOf(secret) >= 0) qs = qs.split(secret).join('[redacted]');
  var s = response.status;
  if (qs !== undefined && (qs === 'unknown_auth_key' || /auth/i.test(qs))) {
    return {
      result: errorResult(provider.id, 'auth', provider.name + ' rejected the Auth-Key (' + safeToken(qs) + '); get or check your key at https://auth.abuse.ch/ and set it in the configuration', s),
    };
  }
  if (s < 200 || s > 299) {
    return { result: httpError(provider, response, s === 401 || s === 403 ? 'abuse.ch needs a valid Auth-Key from https://auth.abuse.ch/' : qs ? safeToken(qs) : undefined) };
  }
  if (!isObject(body)) return { result: badResponse(provider, 'not a JSON object', s) };
  if (qs === undefined) return { result: badResponse(provider, 'no query_status field', s) };
  for (var i = 0; i < notFound.length; i++) {
    if (qs === notFound[i]) return { result: notFoundResult(provider.id, s, provider.name + ' has no record of this indicator (' + qs + ')') };
  }
  if (qs !== 'ok') {
    return { result: errorResult(provider.id, 'bad_response', provider.name + ' refused the query (' + safeToken(qs) + '); check the indicator value', s) };
  }
  return { body: body };
}

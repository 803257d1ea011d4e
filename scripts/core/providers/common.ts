/**
 * Helpers every provider adapter shares: skip decisions, HTTP-status classification,
 * Retry-After parsing and safe JSON decoding. Pure and ES5-safe like the rest of the core.
 */
import { Indicator } from '../model';
import { Dict, ErrorKind, HttpResponse, Provider, ProviderConfig, ProviderId, ProviderResult, Skip, TransportFailure } from './types';

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

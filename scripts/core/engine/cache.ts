/**
 * Result cache logic over any synchronous `CacheStore` (memory, SQLite, XSOAR integration context).
 *
 * - key = `v1|provider|fingerprint|type|value`; the fingerprint is sha256(base URL + "\n" + API key),
 *   so a changed key or endpoint never serves another account's answers, and the key itself is
 *   never stored (a 256-bit hash of a random key cannot be reversed).
 * - `ok` kept 24 h, `not_found` 6 h (new sightings appear sooner than verdicts change), errors and
 *   skips never: a failure must be retried, not remembered.
 * - A `refresh` run bypasses reads but still writes fresh answers.
 */
import { utf8Encode } from '../bytes';
import { EngineConfig, CacheEntry, CacheStore } from '../config';
import { sha256Hex } from '../hash/index';
import { Indicator } from '../model';
import { Provider, ProviderConfig, ProviderResult } from '../providers/types';

export var HOUR_MS = 3600000;
/** The seed's 24 h for answers; "not found" is kept shorter because new intel appears. */
export var DEFAULT_OK_TTL_HOURS = 24;
export var DEFAULT_NOT_FOUND_TTL_HOURS = 6;

export interface CacheTtls {
  okMs: number;
  notFoundMs: number;
}

export function ttlsOf(config: EngineConfig): CacheTtls {
  var c = config.cache || {};
  var ok = typeof c.okTtlHours === 'number' && c.okTtlHours >= 0 ? c.okTtlHours : DEFAULT_OK_TTL_HOURS;
  var nf = typeof c.notFoundTtlHours === 'number' && c.notFoundTtlHours >= 0 ? c.notFoundTtlHours : DEFAULT_NOT_FOUND_TTL_HOURS;
  return { okMs: ok * HOUR_MS, notFoundMs: nf * HOUR_MS };
}

/** sha256 of base URL and key (truncated to 128 bits): identifies an account without revealing it. */
export function configFingerprint(provider: Provider, config: ProviderConfig): string {
  var base = config.baseUrl || provider.defaults.baseUrl || '';
  return sha256Hex(utf8Encode(base + '\n' + (config.apiKey || ''))).substring(0, 32);
}

export function cacheKey(providerId: string, fingerprint: string, indicator: Indicator): string {
  return 'v1|' + providerId + '|' + fingerprint + '|' + indicator.type + '|' + indicator.value;
}

/** The entry to store for a result, or null when it must not be cached. */
export function entryFor(result: ProviderResult, nowMs: number, ttls: CacheTtls): CacheEntry | null {
  var ttl = result.status === 'ok' ? ttls.okMs : result.status === 'not_found' ? ttls.notFoundMs : 0;
  if (!(ttl > 0)) return null;
  var stored: ProviderResult = {
    provider: result.provider,
    status: result.status,
  };
  if (result.message !== undefined) stored.message = result.message;
  if (result.httpStatus !== undefined) stored.httpStatus = result.httpStatus;
  if (result.signal) stored.signal = result.signal;
  if (result.facts) stored.facts = result.facts;
  if (result.link) stored.link = result.link;
  return { value: JSON.stringify(stored), storedAtMs: nowMs, expiresAtMs: nowMs + ttl };
}

export interface CachedResult {
  result: ProviderResult;
  ageMs: number;
}

/** A live cached result, or undefined (missing, expired or unreadable). */
export function readCache(store: CacheStore, key: string, nowMs: number): CachedResult | undefined {
  var e: CacheEntry | undefined;
  try {
    e = store.get(key, nowMs);
  } catch (err) {
    return undefined;
  }
  if (!e || e.expiresAtMs <= nowMs) return undefined;
  try {
    var r = JSON.parse(e.value) as ProviderResult;
    if (!r || (r.status !== 'ok' && r.status !== 'not_found')) return undefined;
    return { result: r, ageMs: Math.max(0, nowMs - e.storedAtMs) };
  } catch (err2) {
    return undefined;
  }
}

/** Store a result when it is cacheable; storage failures never fail the lookup. */
export function writeCache(store: CacheStore, key: string, result: ProviderResult, nowMs: number, ttls: CacheTtls): boolean {
  var e = entryFor(result, nowMs, ttls);
  if (!e) return false;
  try {
    store.set(key, e);
    return true;
  } catch (err) {
    return false;
  }
}

/**
 * The engine's configuration as plain data: built from the YAML file by the Node shell and from
 * integration params by the XSOAR shell. Every field is optional; defaults live in the engine.
 */
import { Dict, ProviderConfig, ProviderId } from './providers/types';

export interface Thresholds {
  /** Score at or above which an alert is `high` (default 70). */
  high: number;
  /** Score at or above which an alert is `medium` (default 40). */
  medium: number;
}

export interface EngineConfig {
  providers?: { [id in ProviderId]?: ProviderConfig };
  thresholds?: Partial<Thresholds>;
  deadlineSeconds?: number;
  cache?: { path?: string; okTtlHours?: number; notFoundTtlHours?: number };
  allowlist?: { domains?: string[]; urlPrefixes?: string[]; cidrs?: string[]; builtin?: boolean };
  internal?: { domains?: string[]; cidrs?: string[] };
  /** How the alert score is derived from indicator scores; `max` (default) or `mean`. */
  alertScore?: 'max' | 'mean';
}

/** A cached provider result with its lifetime. `value` is opaque JSON to the store. */
export interface CacheEntry {
  value: string;
  storedAtMs: number;
  expiresAtMs: number;
}

/**
 * Storage behind the cache: synchronous so the same logic runs in XSOAR (integration context),
 * in memory and in SQLite (better-sqlite3 is synchronous too).
 */
export interface CacheStore {
  get(key: string, nowMs: number): CacheEntry | undefined;
  set(key: string, entry: CacheEntry): void;
  clear(): void;
  /** Entries currently held (expired ones may be counted until pruned). */
  size(): number;
}

export type ProviderConfigs = Dict<ProviderConfig>;

/**
 * In-memory CacheStore: the library default (and the CLI's with --no-cache). Least recently used
 * entries are evicted past `maxEntries` in O(1) (a Map keeps insertion order; a read moves the entry
 * to the end), and expired entries are dropped when read, so a long-running service or a bulk run
 * of 100,000 indicators stays bounded.
 */
import type { CacheEntry, CacheStore } from '../../core/config';

export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, nowMs: number): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    if (e.expiresAtMs <= nowMs) return undefined;
    this.entries.set(key, e);
    return { ...e };
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, { ...entry });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  clear(): void {
    this.entries.clear();
  }

  size(): number {
    return this.entries.size;
  }
}

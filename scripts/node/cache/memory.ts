/**
 * In-memory CacheStore: the library default. Expired entries are dropped when read and pruned
 * when the store grows past `maxEntries` (oldest expiry first), so a long-running service stays bounded.
 */
import type { CacheEntry, CacheStore } from '../../core/config';

export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(private readonly maxEntries = 100_000) {}

  get(key: string, nowMs: number): CacheEntry | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAtMs <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return { ...e };
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.delete(key);
    this.entries.set(key, { ...entry });
    if (this.entries.size > this.maxEntries) this.prune(entry.storedAtMs);
  }

  clear(): void {
    this.entries.clear();
  }

  size(): number {
    return this.entries.size;
  }

  /** Drop expired entries, then the soonest-expiring ones until under the cap. */
  private prune(nowMs: number): void {
    for (const [k, e] of this.entries) if (e.expiresAtMs <= nowMs) this.entries.delete(k);
    if (this.entries.size <= this.maxEntries) return;
    const byExpiry = [...this.entries.entries()].sort((a, b) => a[1].expiresAtMs - b[1].expiresAtMs);
    for (let i = 0; this.entries.size > this.maxEntries && i < byExpiry.length; i++) this.entries.delete(byExpiry[i][0]);
  }
}

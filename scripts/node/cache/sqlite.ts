/**
 * The CLI's persistent CacheStore: one SQLite file shared by every ioc-enrich process of the user.
 * better-sqlite3 is synchronous, which matches the core's synchronous CacheStore contract.
 * WAL mode lets readers proceed while one process writes; `busy_timeout` makes a second writer
 * wait for the lock instead of failing, so two CLI runs at once are safe. Writes are single
 * statements (each its own transaction), so a crash never leaves a half-written entry.
 */
import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CacheEntry, CacheStore, EngineConfig } from '../../core/config';

// better-sqlite3 ships no type declarations; this is the small surface we use.
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
}
interface Database {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): void;
  prepare(source: string): Statement;
  close(): void;
  readonly open: boolean;
}
type DatabaseCtor = new (path: string, options?: { timeout?: number }) => Database;
// eslint-disable-next-line @typescript-eslint/no-require-imports
var BetterSqlite3 = require('better-sqlite3') as DatabaseCtor;

/** Bumped when the table layout changes; an older file is migrated by dropping its entries (it is only a cache). */
var SCHEMA_VERSION = 2;

/** `$XDG_CACHE_HOME/ioc-enrich/cache.sqlite`, else `~/.cache/ioc-enrich/cache.sqlite` (XDG base-directory spec: relative XDG values are ignored). */
export function defaultCachePath(env: NodeJS.ProcessEnv = process.env): string {
  var xdg = env.XDG_CACHE_HOME;
  var base = xdg && xdg.charAt(0) === '/' ? xdg : join(env.HOME || homedir(), '.cache');
  return join(base, 'ioc-enrich', 'cache.sqlite');
}

/** The cache file a configuration names (`cache.path`), else the default: the one rule `enrich` and `cache` share. */
export function cachePathOf(config: EngineConfig): string {
  return (config.cache && config.cache.path) || defaultCachePath();
}

export interface SqliteCacheOptions {
  /** How long a writer waits for another process's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
}

export interface CacheStats {
  path: string;
  entries: number;
  /** Entries still valid at `nowMs`. */
  live: number;
  /** Entries past their expiry (removed by `prune`). */
  expired: number;
  /** Entry counts by key prefix (the provider id when keys start with one). */
  byPrefix: { [prefix: string]: number };
  oldestStoredAtMs: number | null;
  newestStoredAtMs: number | null;
  /** Database file size plus its WAL, in bytes. */
  bytes: number;
}

export interface ExportedEntry extends CacheEntry {
  key: string;
}

export class SqliteCacheStore implements CacheStore {
  readonly path: string;
  private db: Database;
  private stGet: Statement;
  private stSet: Statement;

  constructor(path: string = defaultCachePath(), options: SqliteCacheOptions = {}) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    var timeout = options.busyTimeoutMs !== undefined ? options.busyTimeoutMs : 5000;
    // `timeout` sets busy_timeout before anything else touches the file, so even the first
    // statements (journal mode, schema) wait for a concurrent process rather than fail.
    this.db = new BetterSqlite3(path, { timeout: timeout });
    this.db.pragma('busy_timeout = ' + timeout);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only a power loss may drop the last writes.
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
    this.stGet = this.db.prepare('SELECT value, stored_at, expires_at FROM entries WHERE key = ?');
    this.stSet = this.db.prepare('INSERT OR REPLACE INTO entries (key, value, stored_at, expires_at) VALUES (?, ?, ?, ?)');
  }

  private migrate(): void {
    var version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    // BEGIN IMMEDIATE takes the write lock up front so two processes cannot interleave the migration.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      version = this.db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        this.db.exec('DROP TABLE IF EXISTS entries; DROP TABLE IF EXISTS state');
        this.db.exec(
          'CREATE TABLE entries (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, stored_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;' +
            'CREATE INDEX entries_expires ON entries (expires_at);' +
            // Small named JSON documents that outlive one process, e.g. the rate-limit budgets.
            'CREATE TABLE state (name TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;',
        );
        this.db.pragma('user_version = ' + SCHEMA_VERSION);
      }
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  /** The entry, or undefined when absent or expired at `nowMs` (expired rows stay until `prune`). */
  get(key: string, nowMs: number): CacheEntry | undefined {
    var row = this.stGet.get(key) as { value: string; stored_at: number; expires_at: number } | undefined;
    if (!row || row.expires_at <= nowMs) return undefined;
    return { value: row.value, storedAtMs: row.stored_at, expiresAtMs: row.expires_at };
  }

  set(key: string, entry: CacheEntry): void {
    this.stSet.run(key, entry.value, Math.round(entry.storedAtMs), Math.round(entry.expiresAtMs));
  }

  clear(): void {
    this.db.exec('DELETE FROM entries');
  }

  size(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM entries').get() as { n: number }).n;
  }

  /** Delete entries expired at `nowMs`; returns how many were removed. */
  prune(nowMs: number): number {
    return this.db.prepare('DELETE FROM entries WHERE expires_at <= ?').run(nowMs).changes;
  }

  stats(nowMs: number): CacheStats {
    var agg = this.db
      .prepare('SELECT COUNT(*) AS n, SUM(CASE WHEN expires_at > ? THEN 1 ELSE 0 END) AS live, MIN(stored_at) AS oldest, MAX(stored_at) AS newest FROM entries')
      .get(nowMs) as { n: number; live: number | null; oldest: number | null; newest: number | null };
    var byPrefix: { [p: string]: number } = {};
    var rows = this.db.prepare('SELECT key FROM entries').iterate() as IterableIterator<{ key: string }>;
    for (var row of rows) {
      var m = /^[A-Za-z0-9_-]+/.exec(row.key);
      var p = m ? m[0] : '(other)';
      byPrefix[p] = (byPrefix[p] || 0) + 1;
    }
    return {
      path: this.path,
      entries: agg.n,
      live: agg.live || 0,
      expired: agg.n - (agg.live || 0),
      byPrefix: byPrefix,
      oldestStoredAtMs: agg.oldest,
      newestStoredAtMs: agg.newest,
      bytes: fileSize(this.path) + fileSize(this.path + '-wal'),
    };
  }

  /** Every entry (by key order), lazily; expired ones only when asked. */
  *export(nowMs: number, includeExpired = false): IterableIterator<ExportedEntry> {
    var sql = 'SELECT key, value, stored_at, expires_at FROM entries' + (includeExpired ? '' : ' WHERE expires_at > ?') + ' ORDER BY key';
    var st = this.db.prepare(sql);
    var rows = (includeExpired ? st.iterate() : st.iterate(nowMs)) as IterableIterator<{ key: string; value: string; stored_at: number; expires_at: number }>;
    for (var r of rows) yield { key: r.key, value: r.value, storedAtMs: r.stored_at, expiresAtMs: r.expires_at };
  }

  /** A named JSON document kept beside the cache (not a cache entry: never expires, not exported). */
  getState(name: string): string | undefined {
    var row = this.db.prepare('SELECT value FROM state WHERE name = ?').get(name) as { value: string } | undefined;
    return row ? row.value : undefined;
  }

  /**
   * Read-modify-write of a named document inside one write transaction, so two processes
   * updating it at once cannot lose each other's changes.
   */
  updateState(name: string, update: (current: string | undefined) => string): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      this.db.prepare('INSERT OR REPLACE INTO state (name, value) VALUES (?, ?)').run(name, update(this.getState(name)));
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

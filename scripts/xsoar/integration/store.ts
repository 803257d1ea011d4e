/**
 * The integration's persistent state, kept in the XSOAR integration context between commands:
 * the result cache and the rate-limit budgets. Read once when a command starts, written once when
 * it ends (only if something changed). XSOAR documents string values, so each part is a JSON string:
 *
 *   ioc_enrich_cache:   {"v":1,"e":{"<cache key>":[storedAtMs, expiresAtMs, "<result JSON>"], ...}}
 *   ioc_enrich_limiter: {"v":1,"budgets":{"<provider>:<fingerprint>":{log, pending, day, dayCount, ...}}}
 *
 * Cache keys hold a fingerprint (sha256 of base URL and key), never a key; values are redacted of
 * every configured key before they are stored. Expired entries are pruned on write, and the cache
 * is capped (entries and bytes), evicting the oldest answers first. Other keys in the integration
 * context are preserved.
 *
 * Reading is lazy, because in XSOAR's interpreter parsing a full cache (~300 KB) costs more than the
 * rest of a cached lookup: a lookup first cuts its one row out of the JSON text (`findRow`); the
 * whole cache is parsed only when that fails (a miss: an HTTP call follows anyway), or when the
 * cache is written, cleared, counted or listed.
 */
import { CacheEntry, CacheStore } from '../../core/config';
import { LimiterState, MINUTE_MS, PENDING_MAX_MS, DAY_MS, newLimiterState } from '../../core/engine/limiter';
import { redact } from '../../core/engine/run';
import { Dict } from '../../core/providers/types';

export var CACHE_KEY = 'ioc_enrich_cache';
export var LIMITER_KEY = 'ioc_enrich_limiter';
/** Caps on the cache kept in the integration context (parsing it is part of every command's cost). */
export var MAX_CACHE_ENTRIES = 2000;
export var MAX_CACHE_BYTES = 300000;

type Row = [number, number, string];

export interface ContextCache extends CacheStore {
  /** Live rows by key (for stats). */
  rows(): Dict<Row>;
  dirty(): boolean;
  /** Expired rows dropped, caps applied; returns the JSON to store. */
  serialize(nowMs: number): string;
}

function parseJsonObject(text: unknown): Dict<any> | null {
  if (typeof text !== 'string' || text === '') return null;
  try {
    var v = JSON.parse(text);
    return v && typeof v === 'object' && !(v instanceof Array) ? v : null;
  } catch (e) {
    return null;
  }
}

function rowSize(key: string, row: Row): number {
  return key.length + row[2].length + 40;
}

function isRow(r: unknown): r is Row {
  return r instanceof Array && r.length === 3 && typeof r[0] === 'number' && typeof r[1] === 'number' && typeof r[2] === 'string';
}

/** Every well-formed row of a stored cache (none when the text is missing, unreadable or another version). */
function parseRows(json: unknown): Dict<Row> {
  var parsed = parseJsonObject(json);
  var entries: Dict<Row> = {};
  if (parsed && parsed.v === 1 && parsed.e && typeof parsed.e === 'object') {
    for (var k in parsed.e) {
      var r = parsed.e[k];
      if (Object.prototype.hasOwnProperty.call(parsed.e, k) && isRow(r)) entries[k] = [r[0], r[1], r[2]];
    }
  }
  return entries;
}

/** Reads single rows out of the stored text; `find` returns null when it cannot be sure. */
export interface RowReader {
  find(key: string): Row | null;
}

/**
 * Cuts one row out of the stored JSON text without parsing the rest. Sound because the text is
 * what serialize() wrote with JSON.stringify — `{"v":1,"e":{...}}` in V8, `{"e":{...},"v":1}` in
 * otto (which orders keys alphabetically); anything else gets no reader. In such text an unescaped
 * `"` is always a string delimiter, so `"<key>":[` right after `{` or `,` is a key of an object
 * whose value is an array, and the only such object is `e`. The row ends at the first unescaped
 * `"]`. The last occurrence is taken, as JSON.parse keeps the last of duplicate keys.
 *
 * otto specifics: only indexOf/lastIndexOf/substring touch the text (they all count bytes there,
 * so positions stay consistent with non-ASCII text; `length` counts code points and is never
 * used), and the text is wrapped in a String object once, because otto wraps a primitive string
 * on every method call and that scans all of it (~0.3 ms for a full cache).
 */
export function rowReader(json: unknown): RowReader | null {
  if (typeof json !== 'string') return null;
  var text = new String(json);
  var first = -1;
  var end = '';
  if (text.substring(0, 12) === '{"v":1,"e":{') {
    first = 12;
    end = '}}';
  } else if (text.substring(0, 6) === '{"e":{') {
    first = 6;
    end = '},"v":1}';
  }
  // Both ends checked: a truncated text is left to JSON.parse (which rejects it).
  if (first < 0) return null;
  var tail = text.lastIndexOf(end);
  if (tail < first || text.substring(tail) !== end) return null;
  return {
    find: function (key: string): Row | null {
      var needle = JSON.stringify(key) + ':[';
      var at = text.lastIndexOf(needle);
      if (at < first) return null;
      var before = text.substring(at - 1, at);
      if (before !== '{' && before !== ',') return null;
      var start = at + needle.lastIndexOf('['); // not needle.length: see above
      var end = text.indexOf('"]', start);
      while (end > 0) {
        var slashes = 0;
        while (text.substring(end - slashes - 1, end - slashes) === '\\') slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"]', end + 1);
      }
      if (end < 0) return null;
      try {
        var r = JSON.parse(text.substring(start, end + 2));
        return isRow(r) ? r : null;
      } catch (e) {
        return null;
      }
    },
  };
}

/** A CacheStore over the cache part of the integration context. */
export function contextCache(json: unknown, secrets: string[]): ContextCache {
  var entries: Dict<Row> | null = null;
  var reader = rowReader(json);
  var changed = false;
  /** The parsed rows, parsed on first need. */
  function all(): Dict<Row> {
    if (!entries) entries = parseRows(json);
    reader = null; // the text is stale once rows can change
    return entries;
  }
  return {
    get: function (key: string, nowMs: number): CacheEntry | undefined {
      var row = reader ? reader.find(key) : null;
      if (!row) {
        var rows = all();
        if (!Object.prototype.hasOwnProperty.call(rows, key)) return undefined;
        row = rows[key];
      }
      if (row[1] <= nowMs) return undefined;
      return { storedAtMs: row[0], expiresAtMs: row[1], value: row[2] };
    },
    set: function (key: string, entry: CacheEntry): void {
      all()[key] = [entry.storedAtMs, entry.expiresAtMs, redact(entry.value, secrets)];
      changed = true;
    },
    clear: function (): void {
      var rows = all();
      for (var k2 in rows) if (Object.prototype.hasOwnProperty.call(rows, k2)) changed = true;
      entries = {};
    },
    size: function (): number {
      var rows = all();
      var n = 0;
      for (var k3 in rows) if (Object.prototype.hasOwnProperty.call(rows, k3)) n++;
      return n;
    },
    rows: function (): Dict<Row> {
      return all();
    },
    dirty: function (): boolean {
      return changed;
    },
    serialize: function (nowMs: number): string {
      var rows = all();
      var keys: string[] = [];
      var bytes = 0;
      for (var k4 in rows) {
        if (!Object.prototype.hasOwnProperty.call(rows, k4)) continue;
        if (rows[k4][1] <= nowMs) {
          delete rows[k4];
          continue;
        }
        keys.push(k4);
        bytes += rowSize(k4, rows[k4]);
      }
      if (keys.length > MAX_CACHE_ENTRIES || bytes > MAX_CACHE_BYTES) {
        // Oldest answers go first.
        keys.sort(function (a, b) {
          return rows[a][0] - rows[b][0];
        });
        var i = 0;
        while (i < keys.length && (keys.length - i > MAX_CACHE_ENTRIES || bytes > MAX_CACHE_BYTES)) {
          bytes -= rowSize(keys[i], rows[keys[i]]);
          delete rows[keys[i]];
          i++;
        }
      }
      return JSON.stringify({ v: 1, e: rows });
    },
  };
}

/** The limiter part of the integration context (empty state when missing or unreadable). */
export function loadLimiter(json: unknown): LimiterState {
  var parsed = parseJsonObject(json);
  if (!parsed || parsed.v !== 1 || !parsed.budgets || typeof parsed.budgets !== 'object') return newLimiterState();
  var state = newLimiterState();
  for (var k in parsed.budgets) {
    var b = parsed.budgets[k];
    if (!Object.prototype.hasOwnProperty.call(parsed.budgets, k) || !b || typeof b !== 'object') continue;
    if (!(b.log instanceof Array) || typeof b.day !== 'number' || typeof b.dayCount !== 'number') continue;
    if (!(b.pending instanceof Array)) b.pending = [];
    state.budgets[k] = b;
  }
  return state;
}

/**
 * Drops what no future decision needs: log entries older than the minute window (+ margin), stale
 * in-flight marks, expired holds, and whole budgets that are empty and not from today.
 */
export function serializeLimiter(state: LimiterState, nowMs: number): string {
  var keepAfter = nowMs - Math.ceil(MINUTE_MS * 1.02);
  var today = Math.floor(nowMs / DAY_MS);
  var out: Dict<unknown> = {};
  for (var k in state.budgets) {
    if (!Object.prototype.hasOwnProperty.call(state.budgets, k)) continue;
    var b = state.budgets[k];
    var log: number[] = [];
    for (var i = 0; i < b.log.length; i++) if (b.log[i] > keepAfter) log.push(b.log[i]);
    var pending: number[] = [];
    for (var j = 0; j < b.pending.length; j++) if (b.pending[j] > nowMs - PENDING_MAX_MS) pending.push(b.pending[j]);
    var held = typeof b.blockedUntilMs === 'number' && b.blockedUntilMs > nowMs;
    var dayLive = b.day === today && (b.dayCount > 0 || b.exhaustedDay === today);
    if (log.length === 0 && pending.length === 0 && !held && !dayLive) continue;
    var kept: Dict<unknown> = { log: log, pending: pending, day: b.day, dayCount: b.dayCount };
    if (held) kept.blockedUntilMs = b.blockedUntilMs;
    if (b.exhaustedDay === today) kept.exhaustedDay = b.exhaustedDay;
    out[k] = kept;
  }
  return JSON.stringify({ v: 1, budgets: out });
}

export interface State {
  cache: ContextCache;
  limiter: LimiterState;
  /** Whether the integration context could be read (it cannot in test-module). */
  available: boolean;
  /** The rest of the integration context, preserved on write. */
  other: Dict<unknown>;
}

/** Reads the integration context once. Never throws: an unreadable context is an empty one. */
export function loadState(secrets: string[]): State {
  var ctx: Dict<unknown> = {};
  var available = true;
  try {
    var got = getIntegrationContext();
    if (got && typeof got === 'object') ctx = got;
  } catch (e) {
    available = false;
    logDebug('IOCEnrich: integration context not available; running without cache and persisted budgets');
  }
  var other: Dict<unknown> = {};
  for (var k in ctx) if (Object.prototype.hasOwnProperty.call(ctx, k) && k !== CACHE_KEY && k !== LIMITER_KEY) other[k] = ctx[k];
  return { cache: contextCache(ctx[CACHE_KEY], secrets), limiter: loadLimiter(ctx[LIMITER_KEY]), available: available, other: other };
}

/** Writes the integration context once (cache and budgets); failures are logged, never fatal. */
export function saveState(state: State, nowMs: number): void {
  if (!state.available) return;
  var ctx: Dict<unknown> = {};
  for (var k in state.other) if (Object.prototype.hasOwnProperty.call(state.other, k)) ctx[k] = state.other[k];
  ctx[CACHE_KEY] = state.cache.serialize(nowMs);
  ctx[LIMITER_KEY] = serializeLimiter(state.limiter, nowMs);
  try {
    setIntegrationContext(ctx);
  } catch (e) {
    logError('IOCEnrich: could not save the cache and budgets to the integration context; the next command starts without them');
  }
}

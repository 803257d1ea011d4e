/**
 * `ioc-enrich cache stats|clear|export` over the SQLite cache the CLI shares between runs
 * (path: `cache.path` in the configuration, else $XDG_CACHE_HOME/ioc-enrich/cache.sqlite).
 */
import { Command } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { cachePathOf, SqliteCacheStore } from '../../node/cache/sqlite';
import { CliContext, CliError } from '../context';
import { manifestCommand } from '../from-manifest';

function cachePath(ctx: CliContext, cmd: Command): string {
  return cachePathOf(ctx.config(cmd).config);
}

function open(path: string): SqliteCacheStore {
  try {
    return new SqliteCacheStore(path);
  } catch (e) {
    throw new CliError('cannot open cache ' + path + ': ' + (e as Error).message);
  }
}

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export function register(program: Command, ctx: CliContext): void {
  var cache = manifestCommand(program, 'cache');

  manifestCommand(cache, 'stats')
    .action(function (opts: { json?: boolean }, cmd: Command) {
      var path = cachePath(ctx, cmd);
      var now = Date.now();
      var exists = existsSync(path);
      var stats = exists
        ? (function () {
            var store = open(path);
            try {
              return store.stats(now);
            } finally {
              store.close();
            }
          })()
        : { path: path, entries: 0, live: 0, expired: 0, byPrefix: {}, oldestStoredAtMs: null, newestStoredAtMs: null, bytes: 0 };
      if (opts.json) {
        ctx.out(JSON.stringify(stats, null, 2) + '\n');
        return;
      }
      var lines = [
        'cache:    ' + stats.path + (exists ? '' : ' (not created yet)'),
        'entries:  ' + stats.entries + ' (' + stats.live + ' live, ' + stats.expired + ' expired)',
        'size:     ' + (stats.bytes / 1024).toFixed(1) + ' KiB',
        'oldest:   ' + iso(stats.oldestStoredAtMs),
        'newest:   ' + iso(stats.newestStoredAtMs),
      ];
      var prefixes = Object.keys(stats.byPrefix).sort();
      if (prefixes.length) {
        lines.push('by provider:');
        prefixes.forEach((p) => lines.push('  ' + p + ': ' + (stats.byPrefix as Record<string, number>)[p]));
      }
      ctx.out(lines.join('\n') + '\n');
    });

  manifestCommand(cache, 'clear')
    .action(function (opts: { expired?: boolean }, cmd: Command) {
      var path = cachePath(ctx, cmd);
      if (!existsSync(path)) {
        ctx.out('nothing to clear: ' + path + ' does not exist\n');
        return;
      }
      var store = open(path);
      try {
        var before = store.size();
        var removed = opts.expired ? store.prune(Date.now()) : (store.clear(), before);
        ctx.out('removed ' + removed + ' of ' + before + ' entries from ' + path + '\n');
      } finally {
        store.close();
      }
    });

  manifestCommand(cache, 'export')
    .action(async function (opts: { out?: string; includeExpired?: boolean }, cmd: Command) {
      var path = cachePath(ctx, cmd);
      if (!existsSync(path)) {
        ctx.warn('cache ' + path + ' does not exist yet; nothing to export');
        if (opts.out) await writeEmpty(opts.out);
        return;
      }
      var store = open(path);
      var sink = opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : null;
      // Errors surface through `finished` below; this listener only keeps them from being unhandled.
      if (sink) sink.on('error', () => undefined);
      try {
        // Streamed in chunks: a large cache is never held in memory as one string.
        var chunk: string[] = [];
        var written = 0;
        var flush = function () {
          if (!chunk.length) return;
          var text = chunk.join('\n') + '\n';
          if (sink) sink.write(text);
          else ctx.out(text);
          written += chunk.length;
          chunk = [];
        };
        for (var e of store.export(Date.now(), !!opts.includeExpired)) {
          var value: unknown = e.value;
          try {
            value = JSON.parse(e.value);
          } catch {
            /* keep the raw string */
          }
          chunk.push(JSON.stringify({ key: e.key, value: value, storedAt: new Date(e.storedAtMs).toISOString(), expiresAt: new Date(e.expiresAtMs).toISOString() }));
          if (chunk.length >= 1000) flush();
        }
        flush();
      } finally {
        store.close();
      }
      if (sink) {
        sink.end();
        try {
          await finished(sink);
        } catch (err) {
          throw new CliError('cannot write ' + opts.out + ': ' + (err as Error).message);
        }
        process.stderr.write('exported ' + written + ' entries to ' + opts.out + '\n');
      }
    });
}

/** An empty export file, so `--out` always leaves a file behind. */
function writeEmpty(file: string): Promise<void> {
  return new Promise(function (resolve, reject) {
    var ws = createWriteStream(file, { mode: 0o600 });
    ws.on('error', (e) => reject(new CliError('cannot write ' + file + ': ' + e.message)));
    ws.end('', () => resolve());
  });
}

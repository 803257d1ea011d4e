/**
 * `ioc-enrich enrich [FILE...]`: extract, look up, score and route. One report per alert (a JSON
 * object, an array element, an NDJSON line, an .eml file or a text file), printed as one JSON line
 * per alert in input order (issue 4's contract). Diagnostics, progress and the summary go to stderr.
 *
 * Exit status: 0 all done; 2 finished but some alert is partial (a provider failed or the deadline
 * cut it off) or the run was interrupted; 1 usage, config or input error; 3 fatal.
 */
import { Command } from 'commander';
import type { CacheStore } from '../../core/config';
import type { LimiterState } from '../../core/engine/limiter';
import type { AlertReport } from '../../core/engine/types';
import type { Provider } from '../../core/providers/types';
import { MemoryCacheStore } from '../../node/cache/memory';
import { cachePathOf, SqliteCacheStore } from '../../node/cache/sqlite';
import { loadBudgets, saveBudgets } from '../../node/engine/budget-store';
import { Enricher } from '../../node/engine/index';
import { AlertInput, alertWhere, extractFromAlert, inputAlerts, InputKind } from '../../node/input/index';
import { closeSync, openSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { createFormatter, isReportFormat, REPORT_FORMATS, ReportFormat } from '../../node/report/index';
import { CliContext, CliError, EXIT_USAGE } from '../context';
import { manifestCommand } from '../from-manifest';
import { addToTally, newTally } from '../../node/report/tally';
import { Progress, summaryText } from '../summary';

export var EXIT_PARTIAL = 2;

interface EnrichOptions {
  providers?: string;
  refresh?: boolean;
  cache: boolean;
  as?: InputKind;
  quiet?: boolean;
  concurrency: string;
  format?: string;
  out?: string;
  column?: string[];
}

var FORMAT_BY_EXTENSION: { [ext: string]: ReportFormat } = { '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.json': 'json', '.csv': 'csv', '.md': 'md', '.html': 'html', '.htm': 'html' };

/**
 * `--format` wins; else the `--out` file's extension; else ndjson when stdout is piped (scripts)
 * and Markdown on a terminal (people).
 */
export function chooseFormat(format: string | undefined, out: string | undefined, stdoutIsTTY: boolean): ReportFormat {
  if (format !== undefined) {
    if (!isReportFormat(format)) throw new CliError('unknown --format "' + format + '"; use one of ' + REPORT_FORMATS.join(', '), EXIT_USAGE);
    return format;
  }
  if (out !== undefined && FORMAT_BY_EXTENSION[extname(out).toLowerCase()]) return FORMAT_BY_EXTENSION[extname(out).toLowerCase()];
  return out === undefined && stdoutIsTTY ? 'md' : 'ndjson';
}

/** `--providers a,b` → the adapters, in registry order; unknown ids are a usage error. */
export function selectProviders(all: Provider[], list: string | undefined): Provider[] {
  if (!list) return all;
  var wanted = list.split(',').map((s) => s.trim()).filter(Boolean);
  var known = all.map((p) => p.id as string);
  var unknown = wanted.filter((id) => known.indexOf(id) < 0);
  if (unknown.length) throw new CliError('unknown provider' + (unknown.length > 1 ? 's' : '') + ' in --providers: ' + unknown.join(', ') + ' (known: ' + known.join(', ') + ')', EXIT_USAGE);
  if (!wanted.length) throw new CliError('--providers needs at least one provider id', EXIT_USAGE);
  return all.filter((p) => wanted.indexOf(p.id) >= 0);
}

export function register(program: Command, ctx: CliContext): void {
  manifestCommand(program, 'enrich')
    .action(async function (files: string[], opts: EnrichOptions, cmd: Command) {
      var concurrency = parseInt(opts.concurrency, 10);
      if (!(concurrency >= 1 && concurrency <= 256)) throw new CliError('--concurrency must be a number from 1 to 256', EXIT_USAGE);
      var format = chooseFormat(opts.format, opts.out, process.stdout.isTTY === true);
      var loaded = ctx.config(cmd);
      var providers = selectProviders(ctx.providers(), opts.providers);
      var config = loaded.config;

      var sqlite: SqliteCacheStore | null = null;
      var cache: CacheStore;
      if (opts.cache) {
        var path = cachePathOf(config);
        try {
          sqlite = new SqliteCacheStore(path);
        } catch (e) {
          throw new CliError('cannot open cache ' + path + ': ' + (e as Error).message + ' (use --no-cache to run without one)', EXIT_USAGE);
        }
        cache = sqlite;
      } else cache = new MemoryCacheStore();
      var budgetBase: LimiterState | undefined = sqlite ? loadBudgets(sqlite) : undefined;

      var tty = !opts.quiet && process.stderr.isTTY === true;
      var progress = tty ? new Progress(process.stderr, Date.now) : null;
      var enricher = new Enricher({
        config: config,
        providers: providers,
        cache: cache,
        limiterState: budgetBase ? (JSON.parse(JSON.stringify(budgetBase)) as LimiterState) : undefined,
        // A budget wait is shown as soon as it starts, not when the next alert completes.
        onEvent: progress
          ? (e) => {
              progress!.event(e);
              if (e.type === 'waiting') progress!.draw(tally, started, true);
            }
          : undefined,
      });

      // One controller per alert in progress, all aborted on Ctrl-C. A single shared signal would get
      // one abort listener per alert in progress, and Node warns (MaxListenersExceededWarning) past 10.
      var inProgress = new Set<AbortController>();
      var interrupted = false;
      var onInterrupt = function () {};
      var interruption = new Promise<null>(function (resolve) {
        onInterrupt = () => resolve(null);
      });
      var onSigint = function () {
        if (interrupted) process.exit(130); // a second Ctrl-C: the user means it
        interrupted = true;
        inProgress.forEach((c) => c.abort());
        onInterrupt();
        ctx.warn('interrupted: finishing the alerts in progress as partial results (Ctrl-C again to quit at once)');
      };
      process.on('SIGINT', onSigint);

      // Reports are written synchronously as they complete (flat memory for the streaming formats).
      var outFd: number | null = null;
      if (opts.out !== undefined) {
        try {
          outFd = openSync(opts.out, 'w');
        } catch (e) {
          throw new CliError('cannot write ' + opts.out + ': ' + (e as Error).message, EXIT_USAGE);
        }
      }
      var fd = outFd;
      var formatter = createFormatter(format, { write: fd === null ? (s: string) => ctx.out(s) : (s: string) => writeSync(fd!, s) }, { providers: providers.map((p) => p.id), generatedAt: new Date().toISOString() });

      var startedAtMs = Date.now();
      var tally = newTally();
      var anyPartial = false;
      var started = 0;
      // Reports are written in input order: a small reorder buffer keyed by sequence number.
      var done: { [seq: number]: AlertReport } = {};
      var nextToWrite = 0;
      function flush() {
        while (done[nextToWrite]) {
          var r = done[nextToWrite];
          delete done[nextToWrite];
          nextToWrite++;
          formatter.add(r);
        }
      }
      var running = new Set<Promise<void>>();
      async function schedule(seq: number, alert: AlertInput) {
        // Bounded memory: never more than `concurrency` alerts past the last one written (an early
        // slow alert holds the reorder buffer, so later ones wait rather than pile up).
        while (running.size >= concurrency || seq - nextToWrite >= concurrency) await Promise.race(running);
        // Interrupted while waiting for a slot: this alert was never started, so it is not reported.
        if (interrupted) return;
        var controller = new AbortController();
        inProgress.add(controller);
        var p = (async function () {
          var found;
          try {
            found = extractFromAlert(alert);
          } catch (e) {
            ctx.warn(alertWhere(alert) + ': extraction failed: ' + (e instanceof Error ? e.message : String(e)));
            ctx.markFailed();
            done[seq] = emptyReport(alert, 'extraction failed; nothing was looked up');
            flush();
            return;
          }
          found.warnings.forEach((w) => ctx.warn(alertWhere(alert) + ': warning: ' + w));
          var report = await enricher.enrichAlert({ source: alertWhere(alert), indicators: found.indicators }, { refresh: opts.refresh, signal: controller.signal });
          if (report.partial) anyPartial = true;
          addToTally(tally, report);
          done[seq] = report;
          flush();
          if (progress) progress.draw(tally, started);
        })();
        running.add(p);
        p.finally(() => {
          running.delete(p);
          inProgress.delete(controller);
        });
        started++;
      }

      var seq = 0;
      try {
        var alerts = inputAlerts(files, {
          as: opts.as,
          columns: opts.column,
          onProblem: function (p) {
            if (progress) progress.clear();
            ctx.warn(p.where + ': ' + p.message);
            if (p.error) ctx.markFailed();
          },
          onTotalBytes: progress ? (n) => progress!.setTotalBytes(n) : undefined,
          onBytes: progress ? (n) => progress!.addBytes(n) : undefined,
        });
        // The next alert is read only once this one is scheduled: input is pulled no faster than it is
        // enriched. Each read races Ctrl-C, so an input that stays open (`tail -f x | ioc-enrich enrich`)
        // cannot hold up the stop.
        var reader = alerts[Symbol.asyncIterator]();
        for (;;) {
          var reading = reader.next();
          reading.catch(() => undefined); // left pending when interrupted; its outcome no longer matters
          var next = await Promise.race([reading, interruption]);
          if (next === null || next.done || interrupted) break;
          await schedule(seq++, next.value);
        }
        if (interrupted) {
          // Release the input: files are closed by the generator; stdin is closed so the process can exit.
          reader.return(undefined).catch(() => undefined);
          if (!files.length || files.indexOf('-') >= 0) process.stdin.destroy();
        }
        await Promise.all(running);
        flush();
      } finally {
        process.removeListener('SIGINT', onSigint);
        if (progress) progress.clear();
        if (sqlite) {
          try {
            saveBudgets(sqlite, budgetBase!, enricher.limiterState());
          } catch (e) {
            ctx.warn('could not save rate-limit budgets: ' + (e as Error).message);
          }
          sqlite.close();
        }
      }
      formatter.end({ providers: enricher.metrics(), elapsedMs: Date.now() - startedAtMs, interrupted: interrupted });
      if (outFd !== null) closeSync(outFd);
      if (!opts.quiet) process.stderr.write(summaryText(tally, enricher.metrics(), Date.now() - startedAtMs, interrupted) + (opts.out ? '  report: ' + opts.out + ' (' + format + ')\n' : ''));
      if (!ctx.failed() && (anyPartial || interrupted)) throw new CliError(interrupted ? 'stopped early: results so far were written' : 'finished with partial results (see "partial" and "note" in the output)', EXIT_PARTIAL);
    });
}

/** The report for an alert whose indicators could not be read: reviewed by a human, never closed. */
function emptyReport(alert: AlertInput, note: string): AlertReport {
  return {
    source: alertWhere(alert),
    score: 0,
    tier: 'medium',
    action: 'review',
    partial: true,
    note: note,
    indicators: [],
    metrics: { elapsedMs: 0, deadlineMs: 0, calls: 0, cacheHits: 0, retries: 0, rateLimited: 0, shared: 0, timedOut: 0 },
  };
}

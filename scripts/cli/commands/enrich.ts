/**
 * `ioc-enrich enrich [FILE...]`: extract, look up, score and route. One report per alert (a JSON
 * object, an array element, an NDJSON line, an .eml file or a text file), printed as one JSON line
 * per alert in input order (issue 4's contract). Diagnostics, progress and the summary go to stderr.
 *
 * Exit status: 0 all done; 2 finished but some alert is partial (a provider failed or the deadline
 * cut it off) or the run was interrupted; 1 usage, config or input error; 3 fatal.
 */
import { Command, Option } from 'commander';
import type { CacheStore } from '../../core/config';
import type { LimiterState } from '../../core/engine/limiter';
import type { AlertReport } from '../../core/engine/types';
import type { Provider } from '../../core/providers/types';
import { MemoryCacheStore } from '../../node/cache/memory';
import { defaultCachePath, SqliteCacheStore } from '../../node/cache/sqlite';
import { loadBudgets, saveBudgets } from '../../node/engine/budget-store';
import { Enricher } from '../../node/engine/index';
import { AlertInput, alertWhere, extractFromAlert, inputAlerts, InputKind, INPUT_KINDS } from '../../node/input/index';
import { closeSync, openSync, writeSync } from 'node:fs';
import { extname } from 'node:path';
import { createFormatter, isReportFormat, REPORT_FORMATS, ReportFormat } from '../../node/report/index';
import { CliContext, CliError, EXIT_USAGE } from '../context';
import { count, newTally, Progress, summaryText } from '../summary';

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
  program
    .command('enrich')
    .summary('extract indicators, look them up, score and route each alert')
    .description(
      'Enrich every alert read from FILEs (or stdin): extract its indicators, ask every enabled provider,\n' +
        'compute the composite score and route it: high (≥70) escalate, medium (40-69) review,\n' +
        'low (<40) auto_close with a note. A provider failure never counts as clean: the alert is then\n' +
        'partial and never auto-closes. Nothing is ever blocked: the output informs a human.\n' +
        'A FILE may be a directory (read recursively, hidden and binary files skipped) or a quoted glob\n' +
        "('exports/**/*.ndjson'). NDJSON, CSV and mbox are streamed: memory stays flat however large.\n" +
        '  .eml            one alert per message (attachments hashed and enriched)\n' +
        '  .mbox           one alert per message of the mailbox (source FILE#N)\n' +
        '  .json           one alert per object (or per element of an array)\n' +
        '  .ndjson/.jsonl  one alert per line (source FILE:LINE)\n' +
        '  .csv            one alert per row (source FILE:ROW, header = row 1; --column to pick columns)\n' +
        '  anything else   one alert per file (plain text)',
    )
    .argument('[FILE...]', 'input files; "-" or none for stdin')
    .option('-p, --providers <ids>', 'comma-separated provider ids to use (default: every provider)')
    .option('--refresh', 'ignore cached results and ask the providers again (fresh answers are cached)')
    .option('--no-cache', 'use no persistent cache (lookups are still shared within this run)')
    .addOption(new Option('--as <kind>', 'read every input as this kind instead of guessing from the extension').choices(INPUT_KINDS))
    .option('--column <name>', 'CSV: read only this column (repeatable, or a comma-separated list; default every column)', (v: string, prev?: string[]) => (prev || []).concat([v]))
    .option('-q, --quiet', 'no progress line and no summary on stderr')
    .option('-f, --format <format>', 'report format: ' + REPORT_FORMATS.join(', ') + ' (default: from --out\'s extension, else ndjson when piped, md on a terminal)')
    .option('-o, --out <file>', 'write the report to FILE instead of stdout')
    .option('--concurrency <n>', 'alerts enriched at once (lookups are shared and budgets hold regardless)', '8')
    .addHelpText(
      'after',
      '\nOutput: one JSON object per alert per line:\n' +
        '  {"source","score","tier","action","partial","note","indicators":[{"type","value","scope",\n' +
        '   "score","tier","explanation","breakdown":[...],"results":{"<provider>":{"status",...}}}],"metrics":{...}}\n' +
        'Exit status: 0 done; 2 some alert partial or interrupted; 1 usage/config/input error; 3 fatal.\n\n' +
        'Examples:\n' +
        '  IOC_ENRICH_VIRUSTOTAL_KEY=... ioc-enrich enrich alert.json\n' +
        '  ioc-enrich enrich --providers virustotal,abuseipdb exports/*.ndjson > reports.ndjson\n' +
        '  ioc-enrich enrich --refresh suspicious.eml',
    )
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
        var path = (config.cache && config.cache.path) || defaultCachePath();
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
        onEvent: progress ? (e) => progress!.event(e) : undefined,
      });

      var stop = new AbortController();
      var interrupted = false;
      var onSigint = function () {
        if (interrupted) process.exit(130); // a second Ctrl-C: the user means it
        interrupted = true;
        stop.abort();
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

      var tally = newTally(Date.now());
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
        var p = (async function () {
          var found;
          try {
            found = extractFromAlert(alert);
          } catch (e) {
            ctx.warn(where(alert) + ': extraction failed: ' + (e instanceof Error ? e.message : String(e)));
            ctx.markFailed();
            done[seq] = emptyReport(alert, 'extraction failed; nothing was looked up');
            flush();
            return;
          }
          found.warnings.forEach((w) => ctx.warn(where(alert) + ': warning: ' + w));
          var report = await enricher.enrichAlert({ source: where(alert), indicators: found.indicators }, { refresh: opts.refresh, signal: stop.signal });
          if (report.partial) anyPartial = true;
          count(tally, report);
          done[seq] = report;
          flush();
          if (progress) progress.draw(tally, started, null);
        })();
        running.add(p);
        p.finally(() => running.delete(p));
        started++;
      }

      var seq = 0;
      try {
        var alerts = inputAlerts(files, {
          as: opts.as,
          columns: opts.column,
          onProblem: function (p) {
            ctx.warn(p.where + ': ' + p.message);
            if (p.error) ctx.markFailed();
          },
        });
        // The next alert is read only once this one is scheduled: input is pulled no faster than it is enriched.
        for await (var alert of alerts) {
          if (interrupted) break;
          await schedule(seq++, alert);
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
      formatter.end({ providers: enricher.metrics(), elapsedMs: Date.now() - tally.startedAtMs, interrupted: interrupted });
      if (outFd !== null) closeSync(outFd);
      if (!opts.quiet) process.stderr.write(summaryText(tally, enricher.metrics(), Date.now(), interrupted) + (opts.out ? '  report: ' + opts.out + ' (' + format + ')\n' : ''));
      if (!ctx.failed() && (anyPartial || interrupted)) throw new CliError(interrupted ? 'stopped early: results so far were written' : 'finished with partial results (see "partial" and "note" in the output)', EXIT_PARTIAL);
    });
}

function where(alert: AlertInput): string {
  return alertWhere(alert);
}

/** The report for an alert whose indicators could not be read: reviewed by a human, never closed. */
function emptyReport(alert: AlertInput, note: string): AlertReport {
  return {
    source: where(alert),
    score: 0,
    tier: 'medium',
    action: 'review',
    partial: true,
    note: note,
    indicators: [],
    metrics: { elapsedMs: 0, deadlineMs: 0, calls: 0, cacheHits: 0, retries: 0, rateLimited: 0, shared: 0, timedOut: 0 },
  };
}

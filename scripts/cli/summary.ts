/**
 * What the analyst sees on stderr while `enrich` runs: a progress line on a TTY (bar, counts and
 * ETA from the share of input bytes read, plus budget waits such as "waiting 42 s for virustotal:
 * 4/min") and a summary at the end. Never on stdout, so the report stream stays machine-readable.
 * The counting itself is the report module's Tally, shared with the md/html summaries.
 */
import type { ProviderMetrics } from '../core/engine/metrics';
import type { EngineEvent } from '../core/engine/types';
import type { Dict } from '../core/providers/types';
import { cacheHitRate, failureLines, Tally } from '../node/report/tally';

function seconds(ms: number): string {
  var s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

/** The progress line's state: input bytes read against the total (unknown for stdin), budget waits. */
export class Progress {
  private waiting = '';
  private lastDraw = 0;
  private totalBytes: number | null = null;
  private readBytes = 0;
  constructor(
    private readonly stream: { write(s: string): unknown; columns?: number },
    private readonly now: () => number,
    private readonly startedAtMs: number = now(),
  ) {}

  setTotalBytes(total: number | null): void {
    this.totalBytes = total;
  }

  addBytes(n: number): void {
    this.readBytes += n;
  }

  event(e: EngineEvent): void {
    if (e.type === 'waiting' && e.ms >= 1000) this.waiting = 'waiting ' + seconds(e.ms) + ' for ' + e.provider + ': ' + e.reason;
    else if (e.type === 'result' && this.waiting) this.waiting = '';
  }

  /** The line as drawn (exposed for tests). */
  line(t: Tally, started: number): string {
    var elapsed = this.now() - this.startedAtMs;
    var frac = this.totalBytes ? Math.min(1, this.readBytes / this.totalBytes) : null;
    var width = 20;
    var filled = frac === null ? 0 : Math.round(frac * width);
    var bar = frac === null ? '' : '[' + '#'.repeat(filled) + '.'.repeat(width - filled) + '] ' + Math.round(frac * 100) + '% ';
    // Reading runs ahead of enrichment by at most --concurrency alerts, so bytes read is a fair clock.
    var eta = frac !== null && frac > 0.02 && frac < 1 ? ' · ETA ' + seconds((elapsed / frac) * (1 - frac)) : '';
    var line = bar + t.alerts + ' done, ' + (started - t.alerts) + ' in progress · high ' + t.tiers.high + ' · medium ' + t.tiers.medium + ' · low ' + t.tiers.low + (t.partial ? ' · partial ' + t.partial : '') + eta;
    return this.waiting ? line + ' · ' + this.waiting : line;
  }

  draw(t: Tally, started: number, force = false): void {
    var now = this.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    var cols = this.stream.columns || 100;
    this.stream.write('\r\x1b[2K' + this.line(t, started).slice(0, cols - 1));
  }

  clear(): void {
    this.stream.write('\r\x1b[2K');
  }
}

function budgetText(m: ProviderMetrics): string {
  var b = m.budget;
  if (!b) return 'no limit';
  var parts: string[] = [];
  if (b.perDay) parts.push(b.perDay.used + '/' + b.perDay.limit + ' today');
  if (b.perMinute) parts.push(b.perMinute.limit + '/min');
  if (b.perSecond) parts.push(b.perSecond.limit + '/s');
  return parts.join(', ') || 'no limit';
}

/** The end-of-run summary: tiers, calls vs budget per provider, cache hit rate, failures, time. */
export function summaryText(t: Tally, metrics: Dict<ProviderMetrics>, elapsedMs: number, interrupted: boolean): string {
  var lines: string[] = [];
  lines.push(
    (interrupted ? 'interrupted after ' : '') +
      t.alerts + ' alert' + (t.alerts === 1 ? '' : 's') + ', ' + t.indicators + ' indicator' + (t.indicators === 1 ? '' : 's') +
      ' in ' + seconds(elapsedMs) +
      ': high ' + t.tiers.high + ', medium ' + t.tiers.medium + ', low ' + t.tiers.low +
      (t.partial ? ' (' + t.partial + ' partial)' : ''),
  );
  Object.keys(metrics).forEach(function (id) {
    var m = metrics[id];
    if (m.calls === 0 && m.ok + m.not_found + m.errorsTotal === 0 && m.cacheHits === 0) return;
    lines.push('  ' + id + ': ' + m.calls + ' call' + (m.calls === 1 ? '' : 's') + ' (' + budgetText(m) + '), ' + m.cacheHits + ' cached, ' + m.ok + ' ok, ' + m.not_found + ' not found, ' + m.errorsTotal + ' failed' + (m.retries ? ', ' + m.retries + ' retries' : ''));
  });
  var rate = cacheHitRate(t);
  lines.push('  cache hit rate: ' + (rate === null ? 'n/a' : Math.round(rate * 100) + '%'));
  var failures = failureLines(t).map(function (f) {
    return f.provider + ' ' + f.kinds.map((k) => k.kind + ' ×' + k.count).join(', ');
  });
  if (failures.length) lines.push('  failures: ' + failures.join('; '));
  return lines.join('\n') + '\n';
}

/**
 * What the analyst sees on stderr while `enrich` runs: a progress line on a TTY (with budget waits
 * such as "waiting 42 s for virustotal: 4/min") and a summary at the end. Never on stdout, so the
 * report stream stays machine-readable.
 */
import type { ProviderMetrics } from '../core/engine/metrics';
import type { AlertReport, EngineEvent } from '../core/engine/types';
import type { Dict } from '../core/providers/types';

export interface Tally {
  alerts: number;
  tiers: { high: number; medium: number; low: number };
  partial: number;
  indicators: number;
  startedAtMs: number;
}

export function newTally(nowMs: number): Tally {
  return { alerts: 0, tiers: { high: 0, medium: 0, low: 0 }, partial: 0, indicators: 0, startedAtMs: nowMs };
}

export function count(t: Tally, r: AlertReport): void {
  t.alerts++;
  t.tiers[r.tier]++;
  if (r.partial) t.partial++;
  t.indicators += r.indicators.length;
}

function seconds(ms: number): string {
  var s = Math.max(0, Math.round(ms / 1000));
  return s < 120 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

/** One-line progress for a TTY; `total` is unknown while inputs are still being read. */
export class Progress {
  private waiting = '';
  private lastDraw = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly now: () => number,
  ) {}

  event(e: EngineEvent): void {
    if (e.type === 'waiting' && e.ms >= 1000) this.waiting = 'waiting ' + seconds(e.ms) + ' for ' + e.provider + ': ' + e.reason;
    else if (e.type === 'result' && this.waiting) this.waiting = '';
  }

  draw(t: Tally, started: number, total: number | null, force = false): void {
    var now = this.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    var width = 24;
    var frac = total ? Math.min(1, t.alerts / total) : 0;
    var bar = total ? '[' + '#'.repeat(Math.round(frac * width)) + ' '.repeat(width - Math.round(frac * width)) + '] ' : '';
    var elapsed = now - t.startedAtMs;
    var eta = total && t.alerts > 0 && t.alerts < total ? ' · ETA ' + seconds((elapsed / t.alerts) * (total - t.alerts)) : '';
    var line = bar + t.alerts + (total ? '/' + total : '') + ' alerts (' + started + ' started) · high ' + t.tiers.high + ' · medium ' + t.tiers.medium + ' · low ' + t.tiers.low + eta;
    if (this.waiting) line += ' · ' + this.waiting;
    var cols = this.stream.columns || 100;
    this.stream.write('\r\x1b[2K' + line.slice(0, cols - 1));
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

/** The end-of-run summary: tiers, calls vs budget, cache hit rate, failures, time. */
export function summaryText(t: Tally, metrics: Dict<ProviderMetrics>, nowMs: number, interrupted: boolean): string {
  var lines: string[] = [];
  lines.push(
    (interrupted ? 'interrupted after ' : '') +
      t.alerts + ' alert' + (t.alerts === 1 ? '' : 's') + ', ' + t.indicators + ' indicator' + (t.indicators === 1 ? '' : 's') +
      ' in ' + seconds(nowMs - t.startedAtMs) +
      ': high ' + t.tiers.high + ', medium ' + t.tiers.medium + ', low ' + t.tiers.low +
      (t.partial ? ' (' + t.partial + ' partial)' : ''),
  );
  var lookups = 0;
  var hits = 0;
  var failures: string[] = [];
  Object.keys(metrics).forEach(function (id) {
    var m = metrics[id];
    var answered = m.ok + m.not_found + m.errorsTotal;
    if (m.calls === 0 && answered === 0 && m.cacheHits === 0) return;
    lookups += answered + m.cacheHits;
    hits += m.cacheHits;
    lines.push('  ' + id + ': ' + m.calls + ' call' + (m.calls === 1 ? '' : 's') + ' (' + budgetText(m) + '), ' + m.cacheHits + ' cached, ' + m.ok + ' ok, ' + m.not_found + ' not found, ' + m.errorsTotal + ' failed' + (m.retries ? ', ' + m.retries + ' retries' : ''));
    Object.keys(m.errors).forEach(function (kind) {
      failures.push(id + ' ' + kind + ' ×' + m.errors[kind]);
    });
  });
  lines.push('  cache hit rate: ' + (lookups ? Math.round((hits / lookups) * 100) + '%' : 'n/a'));
  if (failures.length) lines.push('  failures: ' + failures.join(', '));
  return lines.join('\n') + '\n';
}

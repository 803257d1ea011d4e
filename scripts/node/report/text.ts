/** Small text helpers shared by the formatters: number display, safe links, HTML escaping, provider table cells. */
import type { ProviderMetrics } from '../../core/engine/metrics';
import { providerById } from '../../core/providers/index';

/** One decimal, no trailing ".0": the precision the engine's explanations use. */
export function fmtScore(x: number): string {
  if (typeof x !== 'number' || !isFinite(x)) return '';
  var r = Math.round(x * 10) / 10;
  return r === Math.floor(r) ? String(r) : r.toFixed(1);
}

/** Two decimals at most, for machine-readable columns (CSV). */
export function fmtNumber(x: number): string {
  if (typeof x !== 'number' || !isFinite(x)) return '';
  return String(Math.round(x * 100) / 100);
}

/**
 * The link if it is an absolute http(s) URL, normalised by the WHATWG parser; otherwise null.
 * Provider links come from provider answers, which echo attacker-chosen indicator values, so
 * `javascript:`, `data:` and anything unparsable are dropped rather than rendered.
 */
export function safeHttpUrl(link: unknown): string | null {
  if (typeof link !== 'string' || link === '') return null;
  var u: URL;
  try {
    u = new URL(link);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.href;
}

var HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape for HTML text and double- or single-quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s === undefined || s === null ? '' : s).replace(/[&<>"']/g, function (c) {
    return HTML_ESCAPES[c];
  });
}

/** Human duration: "850 ms", "12.3 s", "4 min 5 s", "3.2 h". */
export function fmtDuration(ms: number): string {
  if (!(ms >= 0)) return '';
  if (ms < 1000) return Math.round(ms) + ' ms';
  if (ms < 60000) return fmtScore(ms / 1000) + ' s';
  if (ms < 3600000) return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
  return fmtScore(ms / 3600000) + ' h';
}

/** A provider's display name ("VirusTotal"), or the id itself when it is not a registered provider. */
export function providerName(id: string): string {
  var p = providerById(id);
  return p ? p.name : id;
}

/** Budget use per window for the md/html provider tables: "12/60 per minute, 300/500 per day"; '' without a budget. */
export function budgetUsedText(m: ProviderMetrics): string {
  if (!m.budget) return '';
  var budget = m.budget;
  return (['perSecond', 'perMinute', 'perDay'] as const)
    .filter(function (w) {
      return budget[w];
    })
    .map(function (w) {
      var b = budget[w]!;
      return b.used + '/' + b.limit + ' ' + w.replace('per', 'per ').toLowerCase();
    })
    .join(', ');
}

/** "p50 / p95" latency in ms for the md/html provider tables, "–" where there is no sample. */
export function latencyText(m: ProviderMetrics): string {
  return (m.latencyMs.p50 === null ? '–' : m.latencyMs.p50) + ' / ' + (m.latencyMs.p95 === null ? '–' : m.latencyMs.p95);
}

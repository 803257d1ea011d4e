/** Small text helpers shared by the formatters: number display, safe links, HTML escaping. */

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

/**
 * HTML: one self-contained file (inline CSS and JS, no external requests) with totals, a tier bar
 * chart (inline SVG), a sortable and filterable table of alerts with tier colours, and per-alert
 * indicator breakdowns built on demand when a row is expanded.
 *
 * Buffered: the header needs every report. Each report is reduced on arrival to its table row
 * (escaped HTML) and a slim JSON record for the details, so 5,000 alerts stay a few strings each;
 * the page renders details lazily and sorts by re-appending row groups (O(n log n), no reflow per row).
 *
 * Safety: everything user-derived is HTML-escaped server-side; the details are rendered client-side
 * with `textContent` from JSON embedded with `<`, `>`, `&`, U+2028/9 escaped; links are http(s)
 * only. A Content-Security-Policy allowing only this file's own style and script (by hash) is
 * defence in depth on top of the escaping, not instead of it.
 */
import { createHash } from 'node:crypto';
import type { AlertReport, IndicatorReport } from '../../core/engine/types';
import type { FactValue } from '../../core/providers/types';
import { REPORT_CSS, REPORT_JS } from './html-assets';
import { addToTally, cacheHitRate, failureLines, newTally, Tally } from './tally';
import { budgetUsedText, escapeHtml as h, fmtDuration, fmtScore, latencyText, providerName, safeHttpUrl } from './text';
import type { FormatOptions, Formatter, RunSummary, Sink } from './types';

/** Longest fact text kept for the page; the NDJSON/JSON formats carry everything. */
var MAX_FACT = 300;
var MAX_ERROR_BADGES = 4;

/** What the page's script needs for one alert's details (never HTML: rendered with textContent). */
interface SlimRow {
  provider: string;
  name: string;
  status: string;
  kind?: string;
  message?: string;
  signal?: { malicious: number; confidence: number };
  weight: number;
  effectiveWeight: number;
  contribution: number;
  cached: boolean;
  ageMs?: number;
  link?: string;
  facts: Array<[string, string]>;
}
interface SlimIndicator {
  type: string;
  value: string;
  scope?: string;
  score: number;
  tier: string;
  explanation: string;
  allowlisted?: string;
  errors: number;
  rows: SlimRow[];
  /** [reason, provider names] groups, e.g. ['not configured: no API key', ['Shodan', 'urlscan.io']]. */
  skipped: Array<[string, string[]]>;
}
interface SlimAlert {
  source: string;
  score: number;
  tier: string;
  partial: boolean;
  indicators: SlimIndicator[];
}

function factText(v: FactValue | undefined): string {
  var s: string;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') s = v;
  else if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) s = (v as Array<string | number>).join(', ');
  else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return s.length > MAX_FACT ? s.slice(0, MAX_FACT - 1) + '…' : s;
}

/** Group skips by reason with the provider's own name taken out, so 12 lines become 2 or 3. */
function addSkip(groups: Array<[string, string[]]>, name: string, message: string): void {
  var reason = message.split(' for ' + name).join('').split(name + ' ').join('').trim() || message;
  for (var i = 0; i < groups.length; i++) {
    if (groups[i][0] === reason) {
      groups[i][1].push(name);
      return;
    }
  }
  groups.push([reason, [name]]);
}

function slimIndicator(ind: IndicatorReport): SlimIndicator {
  var rows: SlimRow[] = [];
  var skipped: Array<[string, string[]]> = [];
  var errors = 0;
  var results = ind.results || {};
  (ind.breakdown || []).forEach(function (b) {
    var r = Object.prototype.hasOwnProperty.call(results, b.provider) ? results[b.provider] : undefined;
    var name = providerName(b.provider);
    if (b.status === 'skipped') {
      addSkip(skipped, name, (r && r.message) || 'no reason given');
      return;
    }
    if (b.status === 'error') errors++;
    var row: SlimRow = {
      provider: b.provider,
      name: name,
      status: b.status,
      weight: b.weight,
      effectiveWeight: b.effectiveWeight || 0,
      contribution: b.contribution,
      cached: !!(r && r.cached),
      facts: [],
    };
    var kind = b.kind || (r && r.kind);
    if (kind) row.kind = kind;
    if (r && r.message) row.message = r.message;
    if (b.signal) row.signal = { malicious: b.signal.malicious, confidence: b.signal.confidence };
    if (r && typeof r.ageMs === 'number') row.ageMs = r.ageMs;
    var link = safeHttpUrl(r && r.link);
    if (link) row.link = link;
    var facts = (r && r.facts) || {};
    for (var k in facts) {
      if (!Object.prototype.hasOwnProperty.call(facts, k)) continue;
      var t = factText(facts[k]);
      if (t !== '') row.facts.push([k, t]);
    }
    rows.push(row);
  });
  var out: SlimIndicator = {
    type: ind.type,
    value: ind.value,
    score: ind.score,
    tier: ind.tier,
    explanation: ind.explanation,
    errors: errors,
    rows: rows,
    skipped: skipped,
  };
  if (ind.scope) out.scope = ind.scope;
  if (ind.allowlisted) out.allowlisted = ind.allowlisted;
  return out;
}

/** JSON safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, function (c) {
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  });
}

function tierClass(t: string): string {
  return t === 'high' || t === 'medium' || t === 'low' ? t : 'unknown';
}

function rowHtml(r: AlertReport, i: number): string {
  var tier = tierClass(r.tier);
  var inds = r.indicators || [];
  var errs: string[] = [];
  inds.forEach(function (ind) {
    var res = ind.results || {};
    for (var p in res) {
      if (!Object.prototype.hasOwnProperty.call(res, p) || res[p].status !== 'error') continue;
      var label = p + ': ' + (res[p].kind || 'error');
      if (errs.indexOf(label) < 0) errs.push(label);
    }
  });
  var flags = r.partial ? '<span class="badge badge-partial" title="A provider failed: results are incomplete">⚠ partial</span>' : '';
  errs.slice(0, MAX_ERROR_BADGES).forEach(function (e) {
    flags += '<span class="badge badge-error">' + h(e) + '</span>';
  });
  if (errs.length > MAX_ERROR_BADGES) flags += '<span class="badge badge-error">+' + (errs.length - MAX_ERROR_BADGES) + ' more</span>';
  var noteLabel = r.action === 'auto_close' ? 'Auto-close note: ' : '';
  return (
    '<tbody class="alert tier-' + tier + (r.partial ? ' partial' : '') + (errs.length ? ' has-error' : '') + '" data-i="' + i + '">' +
    '<tr class="main">' +
    '<td class="c-toggle"><button type="button" class="toggle" aria-expanded="false" aria-controls="d' + i + '">' +
    '<span class="chev" aria-hidden="true">▸</span><span class="sr">Show indicators</span></button></td>' +
    '<td class="num c-score">' + fmtScore(r.score) + '</td>' +
    '<td class="c-tier"><span class="tier">' + h(r.tier) + '</span></td>' +
    '<td class="c-action"><span class="action action-' + h(r.action) + '">' + h(String(r.action).replace('_', '-')) + '</span></td>' +
    '<td class="c-source"><div class="src">' + h(r.source) + '</div><div class="note' + (r.action === 'auto_close' ? ' autoclose' : '') + '">' +
    h(noteLabel + r.note) + '</div></td>' +
    '<td class="num c-count">' + inds.length + '</td>' +
    '<td class="c-flags">' + flags + '</td>' +
    '</tr></tbody>'
  );
}

function tierChart(t: Tally): string {
  var rows: Array<[string, string, number]> = [
    ['high', 'High · escalate', t.tiers.high],
    ['medium', 'Medium · review', t.tiers.medium],
    ['low', 'Low · auto-close', t.tiers.low],
  ];
  var max = Math.max(1, t.tiers.high, t.tiers.medium, t.tiers.low);
  var W = 400, labelW = 130, numW = 56, barMax = W - labelW - numW, rowH = 30;
  var svg =
    '<svg class="chart" viewBox="0 0 ' + W + ' ' + rows.length * rowH + '" width="' + W + '" height="' + rows.length * rowH +
    '" role="img" aria-label="' + h('Alerts by tier: high ' + t.tiers.high + ', medium ' + t.tiers.medium + ', low ' + t.tiers.low) + '">';
  rows.forEach(function (r, i) {
    var y = i * rowH;
    var w = r[2] > 0 ? Math.max(3, Math.round((r[2] / max) * barMax)) : 0;
    svg +=
      '<g class="tier-count" data-tier="' + r[0] + '">' +
      '<text x="0" y="' + (y + 19) + '">' + r[1] + '</text>' +
      '<rect class="track" x="' + labelW + '" y="' + (y + 6) + '" width="' + barMax + '" height="18" rx="4"/>' +
      (w ? '<rect class="bar-' + r[0] + '" x="' + labelW + '" y="' + (y + 6) + '" width="' + w + '" height="18" rx="4"/>' : '') +
      '<text class="n" x="' + (labelW + barMax + 8) + '" y="' + (y + 19) + '">' + r[2] + '</text></g>';
  });
  return svg + '</svg>';
}

function stat(cls: string, value: string | number, label: string): string {
  return '<div class="stat ' + cls + '"><div class="v">' + h(value) + '</div><div class="k">' + h(label) + '</div></div>';
}

function providerTable(providers: NonNullable<RunSummary['providers']>): string {
  var out =
    '<table class="providers"><thead><tr><th>Provider</th><th class="num">Calls</th><th>Budget used</th><th class="num">OK</th>' +
    '<th class="num">Not found</th><th>Errors</th><th class="num">Cache hits</th><th class="num">p50 / p95 ms</th></tr></thead><tbody>';
  Object.keys(providers).forEach(function (id) {
    var m = providers[id];
    var errs = Object.keys(m.errors || {})
      .map(function (k) {
        return k + ' ' + m.errors[k];
      })
      .join(', ');
    out +=
      '<tr><td>' + h(providerName(id)) + '</td><td class="num">' + m.calls + '</td><td>' + h(budgetUsedText(m)) + '</td><td class="num">' + m.ok +
      '</td><td class="num">' + m.not_found + '</td><td>' + h(errs || '0') + '</td><td class="num">' + m.cacheHits + '</td><td class="num">' + h(latencyText(m)) + '</td></tr>';
  });
  return out + '</tbody></table>';
}

function hash(s: string): string {
  return "'sha256-" + createHash('sha256').update(s, 'utf8').digest('base64') + "'";
}

/** Assemble the page. Exported for tests; formatters call it from `end`. */
export function renderHtml(rows: string[], slim: string[], tally: Tally, options?: FormatOptions, summary?: RunSummary): string {
  var title = (options && options.title) || 'IOC enrichment report';
  var when = (options && options.generatedAt) || new Date().toISOString();
  var rate = cacheHitRate(tally);
  var csp =
    "default-src 'none'; style-src " + hash(REPORT_CSS) + '; script-src ' + hash(REPORT_JS) +
    "; img-src data:; base-uri 'none'; form-action 'none'";
  var meta = '<span>Generated ' + h(when) + '</span>';
  if (summary && typeof summary.elapsedMs === 'number') meta += '<span>run time ' + h(fmtDuration(summary.elapsedMs)) + '</span>';
  meta += '<span>' + tally.alerts + ' alert' + (tally.alerts === 1 ? '' : 's') + '</span><span>' + tally.indicators + ' indicator' + (tally.indicators === 1 ? '' : 's') + '</span>';

  var fl = failureLines(tally);
  var failures = fl.length
    ? '<ul class="failures">' +
      fl
        .map(function (f) {
          return (
            '<li><b>' + h(providerName(f.provider)) + '</b> ' +
            f.kinds.map(function (k) { return '<span class="badge badge-error">' + h(k.kind) + ' × ' + k.count + '</span>'; }).join('') +
            '</li>'
          );
        })
        .join('') +
      '</ul>'
    : '';

  var stats =
    stat('', tally.alerts, 'alerts') +
    stat('', tally.indicators, 'indicators') +
    stat('', tally.actions.escalate, 'escalate') +
    stat('', tally.actions.review, 'review') +
    stat('', tally.actions.auto_close, 'auto-close') +
    stat('partial', tally.partial, 'partial alerts') +
    stat('fail', tally.failuresTotal, 'failed lookups') +
    stat('', rate === null ? '–' : fmtScore(rate * 100) + '%', 'cache hit rate') +
    stat('', tally.allowlisted, 'allowlisted');

  var body: string;
  if (tally.alerts === 0) {
    body = '<p class="empty" id="no-alerts">No alerts in this report.</p>';
  } else {
    body =
      '<div class="toolbar"><input type="search" id="filter" placeholder="Filter by source or indicator…" aria-label="Filter alerts">' +
      '<select id="tier-filter" aria-label="Show tier"><option value="all">All tiers</option><option value="high">High</option>' +
      '<option value="medium">Medium</option><option value="low">Low</option><option value="partial">Partial only</option></select>' +
      '<span class="count" id="shown" aria-live="polite">' + tally.alerts + ' of ' + tally.alerts + ' alerts shown</span></div>' +
      '<table class="alerts" id="alerts"><thead><tr>' +
      '<th class="c-toggle"><span class="sr">Details</span></th>' +
      '<th class="num" aria-sort="none"><button type="button" data-sort="score">Score</button></th>' +
      '<th aria-sort="none"><button type="button" data-sort="tier">Tier</button></th>' +
      '<th><span>Action</span></th>' +
      '<th aria-sort="none"><button type="button" data-sort="source">Source · note</button></th>' +
      '<th class="num" aria-sort="none"><button type="button" data-sort="count">Indicators</button></th>' +
      '<th aria-sort="none"><button type="button" data-sort="partial">Partial · failures</button></th>' +
      '</tr></thead>' +
      rows.join('') +
      '</table>' +
      '<noscript><p class="expl">Sorting, filtering and per-indicator details need JavaScript; the csv, md and json formats carry the same data.</p></noscript>';
  }

  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta http-equiv="Content-Security-Policy" content="' + h(csp) + '">' +
    '<meta name="referrer" content="no-referrer">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>' + h(title) + '</title><style>' + REPORT_CSS + '</style></head><body>' +
    '<header class="top"><h1>' + h(title) + '</h1><div class="meta">' + meta + '</div></header>' +
    (summary && summary.interrupted ? '<p class="banner warn">⚠ The run was interrupted: this report is incomplete.</p>' : '') +
    '<p class="banner">Informational only: nothing was blocked. Scores ≥ 70 escalate, 40–69 review, below 40 auto-close with a note; a failed lookup is never counted as clean.</p>' +
    '<main><section class="summary">' +
    '<div class="card"><h2>Alerts by tier</h2>' + tierChart(tally) + '</div>' +
    '<div class="card"><h2>Totals</h2><div class="stats">' + stats + '</div>' + failures + '</div>' +
    '</section>' +
    (summary && summary.providers && Object.keys(summary.providers).length
      ? '<section class="card" id="provider-metrics"><h2>Providers</h2>' + providerTable(summary.providers) + '</section><br>'
      : '') +
    body +
    '</main>' +
    '<script type="application/json" id="ioc-data">[' + slim.join(',') + ']</script>' +
    '<script>' + REPORT_JS + '</script>' +
    '</body></html>\n'
  );
}

export function htmlFormatter(sink: Sink, options?: FormatOptions): Formatter {
  var tally = newTally();
  var rows: string[] = [];
  var slim: string[] = [];
  return {
    add(report: AlertReport) {
      addToTally(tally, report);
      var i = rows.length;
      rows.push(rowHtml(report, i));
      var s: SlimAlert = {
        source: String(report.source),
        score: report.score,
        tier: report.tier,
        partial: !!report.partial,
        indicators: (report.indicators || []).map(slimIndicator),
      };
      slim.push(jsonForScript(s));
    },
    end(summary?: RunSummary) {
      sink.write(renderHtml(rows, slim, tally, options, summary));
      rows = [];
      slim = [];
    },
  };
}

/**
 * Markdown (GitHub-flavoured): summary counts, then per alert its note, an indicator table and a
 * per-indicator breakdown table with provider links. Buffered: the summary comes first but needs
 * every report, so each alert is rendered to text as it arrives and only that text is kept.
 *
 * Safety: indicator values and sources are attacker-controlled. They are put in code spans (no
 * markup, no autolinks, no raw HTML inside); other free text is backslash-escaped; links are
 * http(s) only, written as `<…>` destinations with the characters that could end them encoded.
 */
import type { AlertReport, IndicatorReport, ResultReport } from '../../core/engine/types';
import { addToTally, cacheHitRate, failureLines, newTally } from './tally';
import { budgetUsedText, fmtDuration, fmtScore, latencyText, providerName, safeHttpUrl } from './text';
import type { FormatOptions, Formatter, RunSummary, Sink } from './types';

function oneLine(s: unknown): string {
  return String(s === undefined || s === null ? '' : s).replace(/[\r\n\t\u2028\u2029]+/g, ' ');
}

/** Free text: every markdown/HTML-significant ASCII punctuation backslash-escaped; pipes safe in tables. */
export function mdText(s: unknown): string {
  return oneLine(s).replace(/[\\`*_\[\]<>|~&]/g, '\\$&');
}

/** Free text that starts a line (blockquote): also neutralise block markers (heading, list, quote, rule). */
export function mdBlockText(s: unknown): string {
  return mdText(s).replace(/^(\s*)([#+\-=>]|\d+[.)])/, function (_m, sp: string, mark: string) {
    return sp + mark.replace(/[#+\-=>.)]/, '\\$&');
  });
}

/** Literal text in a code span: a fence longer than any backtick run inside; pipes escaped for tables. */
export function mdCode(s: unknown): string {
  var v = oneLine(s);
  if (v === '') return '';
  var longest = 0;
  var runs = v.match(/`+/g) || [];
  runs.forEach(function (r) {
    if (r.length > longest) longest = r.length;
  });
  var fence = '`'.repeat(longest + 1);
  var pad = /^`|`$/.test(v) || /^ .* $/.test(v) ? ' ' : '';
  return fence + pad + v.replace(/\|/g, '\\|') + pad + fence;
}

/** `[text](<url>)` for http(s) links; '' otherwise. The text is trusted (provider names). */
export function mdLink(text: string, link: unknown): string {
  var u = safeHttpUrl(link);
  if (!u) return '';
  var dest = u.replace(/[<>()|`\s\\]/g, function (c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
  });
  return '[' + mdText(text) + '](<' + dest + '>)';
}

function statusText(r: ResultReport | undefined, status: string, kind?: string): string {
  return status === 'error' ? '**error: ' + mdText(kind || (r && r.kind) || 'unknown') + '**' : status;
}

function signalText(r: { malicious: number; confidence: number } | undefined): string {
  return r ? fmtScore(r.malicious * 100) + '% / ' + fmtScore(r.confidence * 100) + '%' : '';
}

function renderIndicators(inds: IndicatorReport[]): string {
  var out = '| # | Type | Indicator | Score | Tier | Explanation |\n|---:|---|---|---:|---|---|\n';
  inds.forEach(function (ind, i) {
    var expl = mdText(ind.explanation) + (ind.allowlisted ? ' _(allowlisted: ' + mdText(ind.allowlisted) + ')_' : '');
    out +=
      '| ' + (i + 1) + ' | ' + mdText(ind.type) + (ind.scope ? ' (' + mdText(ind.scope) + ')' : '') + ' | ' + mdCode(ind.value) + ' | ' +
      fmtScore(ind.score) + ' | ' + mdText(ind.tier) + ' | ' + expl + ' |\n';
  });
  return out;
}

function renderBreakdown(inds: IndicatorReport[]): string {
  var out =
    '| # | Provider | Status | Malicious / confidence | Weight | Contribution | Cached | Link |\n' +
    '|---:|---|---|---|---:|---:|---|---|\n';
  var skipped: string[] = [];
  inds.forEach(function (ind, i) {
    var skippedHere: string[] = [];
    (ind.breakdown || []).forEach(function (b) {
      var r = ind.results ? ind.results[b.provider] : undefined;
      if (b.status === 'skipped') {
        skippedHere.push(b.provider);
        return;
      }
      var cached = r && r.cached ? 'yes' + (typeof r.ageMs === 'number' ? ' (' + fmtDuration(r.ageMs) + ' old)' : '') : '';
      var status = statusText(r, b.status, b.kind) + (b.status === 'error' && r && r.message ? ': ' + mdText(r.message) : '');
      out +=
        '| ' + (i + 1) + ' | ' + mdText(providerName(b.provider)) + ' | ' + status + ' | ' + signalText(b.signal) + ' | ' +
        fmtScore(b.weight) + ' | ' + fmtScore(b.contribution) + ' | ' + cached + ' | ' + mdLink('open', r && r.link) + ' |\n';
    });
    if (skippedHere.length > 0) skipped.push((i + 1) + ': ' + skippedHere.map(mdText).join(', '));
  });
  if (skipped.length > 0) out += '\nSkipped (not configured, unsupported type, internal or allowlisted): ' + skipped.join('; ') + '\n';
  return out;
}

export function renderAlertMd(r: AlertReport, n: number): string {
  var tier = String(r.tier).toUpperCase();
  var out = '## ' + n + '. ' + mdText(tier) + ' ' + fmtScore(r.score) + ' · ' + mdText(r.action) + (r.partial ? ' · ⚠ PARTIAL' : '') + '\n\n';
  out += 'Source: ' + (mdCode(r.source) || '_(none)_') + '\n\n';
  out += '> ' + (r.action === 'auto_close' ? '**Auto-close note:** ' + mdText(r.note) : mdBlockText(r.note)) + '\n\n';
  var inds = r.indicators || [];
  if (inds.length === 0) return out + '_No indicators._\n\n';
  out += renderIndicators(inds) + '\n' + renderBreakdown(inds) + '\n';
  return out;
}

export function markdownFormatter(sink: Sink, options?: FormatOptions): Formatter {
  var tally = newTally();
  var parts: string[] = [];
  return {
    add(report: AlertReport) {
      addToTally(tally, report);
      parts.push(renderAlertMd(report, tally.alerts));
    },
    end(summary?: RunSummary) {
      var title = (options && options.title) || 'IOC enrichment report';
      var when = (options && options.generatedAt) || new Date().toISOString();
      var out = '# ' + mdText(title) + '\n\n';
      out += 'Generated ' + mdText(when);
      if (summary && typeof summary.elapsedMs === 'number') out += ' · run time ' + fmtDuration(summary.elapsedMs);
      out += ' · ' + tally.alerts + ' alert' + (tally.alerts === 1 ? '' : 's') + ' · ' + tally.indicators + ' indicator' + (tally.indicators === 1 ? '' : 's') + '\n\n';
      if (summary && summary.interrupted) out += '**⚠ The run was interrupted: this report is incomplete.**\n\n';
      out += 'Informational only: nothing was blocked.\n\n';
      out += '| Tier | Action | Alerts |\n|---|---|---:|\n';
      out += '| high | escalate | ' + tally.tiers.high + ' |\n| medium | review | ' + tally.tiers.medium + ' |\n| low | auto_close | ' + tally.tiers.low + ' |\n\n';
      var rate = cacheHitRate(tally);
      out += '- Partial alerts (a provider failed): ' + tally.partial + '\n';
      out += '- Allowlisted indicators: ' + tally.allowlisted + '\n';
      out += '- Lookups: ' + tally.lookups + (rate === null ? '' : ', from cache ' + fmtScore(rate * 100) + '%') + '\n';
      var fl = failureLines(tally);
      out += '- Failed lookups: ' + tally.failuresTotal + (fl.length ? ' — ' + fl.map(function (f) {
        return mdText(f.provider) + ' (' + f.kinds.map(function (k) { return mdText(k.kind) + ' ' + k.count; }).join(', ') + ')';
      }).join('; ') : '') + '\n\n';
      if (summary && summary.providers) out += providerTable(summary.providers) + '\n';
      if (tally.alerts === 0) out += '_No alerts._\n';
      sink.write(out + parts.join(''));
      parts = [];
    },
  };
}

function providerTable(providers: NonNullable<RunSummary['providers']>): string {
  var out = '| Provider | Calls | Budget used | OK | Not found | Errors | Cache hits | p50 / p95 ms |\n|---|---:|---|---:|---:|---|---:|---|\n';
  Object.keys(providers).forEach(function (id) {
    var m = providers[id];
    var errs = Object.keys(m.errors || {}).map(function (k) { return mdText(k) + ' ' + m.errors[k]; }).join(', ');
    out += '| ' + mdText(providerName(id)) + ' | ' + m.calls + ' | ' + budgetUsedText(m) + ' | ' + m.ok + ' | ' + m.not_found + ' | ' + (errs || '0') + ' | ' + m.cacheHits + ' | ' + latencyText(m) + ' |\n';
  });
  return out;
}

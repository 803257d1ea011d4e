/**
 * Report formatters for the CLI's `--format`: alert reports in, text out.
 *
 *   const f = createFormatter('csv', { write: (s) => process.stdout.write(s) });
 *   for await (const report of reports) f.add(report);
 *   f.end(summary);
 *
 * ndjson, json and csv write each report as it is added (flat memory); md and html need every
 * report for their summary header, so they keep a compact rendering of each and write on `end`.
 */
import type { AlertReport } from '../../core/engine/types';
import { csvFormatter } from './csv';
import { htmlFormatter } from './html';
import { jsonFormatter } from './json';
import { markdownFormatter } from './markdown';
import { ndjsonFormatter } from './ndjson';
import type { FormatOptions, Formatter, ReportFormat, RunSummary, Sink } from './types';

export type { AlertReport, FormatOptions, Formatter, ReportFormat, RunSummary, Sink };
export { CSV_COLUMNS, csvCell } from './csv';
export { safeHttpUrl, escapeHtml } from './text';

export var REPORT_FORMATS: ReportFormat[] = ['ndjson', 'json', 'csv', 'md', 'html'];

/** Formats whose output is written report by report (the others buffer until `end`). */
export var STREAMING_FORMATS: ReportFormat[] = ['ndjson', 'json', 'csv'];

export function isReportFormat(s: unknown): s is ReportFormat {
  return typeof s === 'string' && (REPORT_FORMATS as string[]).indexOf(s) >= 0;
}

/** A formatter writing to `sink`. Throws on an unknown format (the CLI validates first with `isReportFormat`). */
export function createFormatter(format: ReportFormat, sink: Sink, options?: FormatOptions): Formatter {
  switch (format) {
    case 'ndjson':
      return ndjsonFormatter(sink);
    case 'json':
      return jsonFormatter(sink);
    case 'csv':
      return csvFormatter(sink, options);
    case 'md':
      return markdownFormatter(sink, options);
    case 'html':
      return htmlFormatter(sink, options);
    default:
      throw new Error('unknown report format "' + String(format) + '"; use one of ' + REPORT_FORMATS.join(', '));
  }
}

/** Convenience for small inputs: format a whole list to one string. */
export function formatReports(format: ReportFormat, reports: Iterable<AlertReport>, options?: FormatOptions, summary?: RunSummary): string {
  var out: string[] = [];
  var f = createFormatter(format, { write: (s: string) => out.push(s) }, options);
  for (var r of reports) f.add(r);
  f.end(summary);
  return out.join('');
}

/**
 * CSV: one row per indicator (an alert without indicators still gets one row, so no alert is
 * lost), RFC 4180 (comma, CRLF, double quotes doubled). Streams: the header is fixed up front
 * from the provider list, each report's rows are written as it arrives.
 *
 * Spreadsheet safety: indicator values and facts are attacker-controlled, and a cell starting with
 * `=`, `+`, `-`, `@`, tab or CR is run as a formula by Excel/LibreOffice/Sheets (CSV injection).
 * Such cells get a leading `'`, which spreadsheets show as text; parse-back tools see the quote.
 */
import type { AlertReport, IndicatorReport } from '../../core/engine/types';
import { PROVIDER_IDS } from '../../core/providers/index';
import type { ProviderId } from '../../core/providers/types';
import { fmtNumber } from './text';
import type { FormatOptions, Formatter, Sink } from './types';

/** The fixed columns, before one status column per provider (named by provider id). */
export var CSV_COLUMNS = [
  'source',
  'alert_score',
  'alert_tier',
  'action',
  'partial',
  'type',
  'value',
  'scope',
  'score',
  'tier',
  'explanation',
  'allowlisted',
] as const;

/** Neutralise spreadsheet formulas, then quote when RFC 4180 requires it. */
export function csvCell(value: unknown): string {
  var s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  if (/[",\r\n]/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

export function csvRow(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** `ok`, `not_found`, `skipped`, `error:<kind>`; empty when the report has no result for that provider. */
export function statusCell(ind: IndicatorReport, provider: ProviderId): string {
  var r = ind.results && Object.prototype.hasOwnProperty.call(ind.results, provider) ? ind.results[provider] : undefined;
  if (!r) return '';
  return r.status === 'error' ? 'error:' + (r.kind || 'unknown') : r.status;
}

export function csvFormatter(sink: Sink, options?: FormatOptions): Formatter {
  var providers = options && options.providers ? options.providers.slice() : PROVIDER_IDS.slice();
  var headerDone = false;
  function header() {
    if (headerDone) return;
    headerDone = true;
    sink.write(csvRow((CSV_COLUMNS as readonly string[]).concat(providers)));
  }
  return {
    add(report: AlertReport) {
      header();
      var alert = [report.source, fmtNumber(report.score), report.tier, report.action, report.partial ? 'true' : 'false'];
      var inds = report.indicators || [];
      if (inds.length === 0) {
        sink.write(csvRow(alert.concat(['', '', '', '', '', report.note, ''], providers.map(() => ''))));
        return;
      }
      var out = '';
      for (var i = 0; i < inds.length; i++) {
        var ind = inds[i];
        out += csvRow(
          alert.concat(
            [ind.type, ind.value, ind.scope || '', fmtNumber(ind.score), ind.tier, ind.explanation, ind.allowlisted || ''],
            providers.map((p) => statusCell(ind, p)),
          ),
        );
      }
      sink.write(out);
    },
    end() {
      header();
    },
  };
}

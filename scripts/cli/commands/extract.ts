/**
 * `ioc-enrich extract [FILE...]`: indicators only, no provider calls. Output contract (issue 2):
 * one JSON object per indicator per line, keys `type, value, raw, scope (IPs only), source`, then
 * optional context keys documented in docs/cli.md (`line`, `index`, `row`, `message`, `paths`,
 * `parts`, `fileName`). Inputs are streamed (scripts/node/input): rows are printed as each alert
 * is read, so memory stays flat on large NDJSON, CSV and mbox inputs (not with `--format table`).
 */
import { Command } from 'commander';
import { Extracted } from '../../core/model';
import { AlertInput, alertWhere, extractFromAlert, inputAlerts, InputKind } from '../../node/input/index';
import { CliContext } from '../context';
import { table } from '../format';
import { manifestCommand } from '../from-manifest';

export interface ExtractRow {
  type: string;
  value: string;
  raw: string;
  scope?: string;
  source: string;
  line?: number;
  index?: number;
  row?: number;
  message?: number;
  paths?: string[];
  parts?: string[];
  fileName?: string;
}

/** One output row, keys in contract order; optional keys only when they carry information. */
export function toRow(ioc: Extracted, alert: AlertInput): ExtractRow {
  var row: ExtractRow = { type: ioc.type, value: ioc.value, raw: ioc.raw } as ExtractRow;
  if (ioc.scope !== undefined) row.scope = ioc.scope;
  row.source = alert.source;
  if (alert.line !== undefined) row.line = alert.line;
  if (alert.index !== undefined) row.index = alert.index;
  if (alert.row !== undefined) row.row = alert.row;
  if (alert.message !== undefined) row.message = alert.message;
  if (ioc.paths && ioc.paths.length) row.paths = ioc.paths;
  if (ioc.sources && ioc.sources.length) row.parts = ioc.sources;
  if (ioc.fileName) row.fileName = ioc.fileName;
  return row;
}

interface ExtractOptions {
  format: 'ndjson' | 'table';
  as?: InputKind;
  column?: string[];
}

export function register(program: Command, ctx: CliContext): void {
  manifestCommand(program, 'extract')
    .action(async function (files: string[], opts: ExtractOptions) {
      if ((!files.length || files.indexOf('-') >= 0) && process.stdin.isTTY) ctx.warn('reading indicators from the terminal; end with Ctrl-D');
      var collected: ExtractRow[] = [];
      var alerts = inputAlerts(files, {
        as: opts.as,
        columns: opts.column,
        onProblem: function (p) {
          ctx.warn(p.where + ': ' + p.message);
          if (p.error) ctx.markFailed();
        },
      });
      for await (var alert of alerts) {
        var found;
        try {
          found = extractFromAlert(alert);
        } catch (e) {
          ctx.warn(alertWhere(alert) + ': extraction failed: ' + (e instanceof Error ? e.message : String(e)));
          ctx.markFailed();
          continue;
        }
        found.warnings.forEach(function (w) {
          ctx.warn(alertWhere(alert) + ': warning: ' + w);
        });
        var rows = found.indicators.map(function (ioc) {
          return toRow(ioc, alert);
        });
        if (opts.format === 'table') collected.push.apply(collected, rows);
        else if (rows.length) ctx.out(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      }
      if (opts.format === 'table') ctx.out(renderTable(collected));
    });
}

function renderTable(rows: ExtractRow[]): string {
  var body = rows.map(function (r) {
    return [r.type, r.value, r.scope || '', r.raw === r.value ? '' : r.raw, alertWhere(r)];
  });
  return table(['TYPE', 'VALUE', 'SCOPE', 'AS WRITTEN', 'SOURCE'], body) + '\n' + rows.length + (rows.length === 1 ? ' indicator' : ' indicators') + '\n';
}

/**
 * IOCEnrichRoute — automation run by the triage playbook after the provider fan-out. Reads the
 * enrichment context (IOCEnrich.ProviderResult and IOCEnrich.Indicator, or the `results` argument),
 * scores and routes the alert with the core (`scoreIndicator`, `routeAlert`: coverage rule included —
 * a failed lookup or no evidence never routes Low), writes `IOCEnrich.Alert.*`, sets the incident
 * severity with `setIncident` (High 3, Medium 2, Low 1), and returns one note entry with the
 * breakdown whose `Contents` is the branch label `High` / `Medium` / `Low`.
 * Informational only: nothing is blocked or contained.
 */
import { asItems, collectEvidence, coverageOf, indicatorReports, label, route, thresholdsFromArgs, toNumber } from './evidence';

var SEVERITY: { [label: string]: number } = { High: 3, Medium: 2, Low: 1 };

/** Values under a dotted context path; arrays on the way are flattened (JS context values may arrive wrapped). */
function contextValues(root: unknown, path: string): unknown[] {
  var level: unknown[] = [root];
  var parts = path.split('.');
  for (var i = 0; i < parts.length; i++) {
    var next: unknown[] = [];
    for (var j = 0; j < level.length; j++) collect(level[j], parts[i], next);
    level = next;
  }
  return level;
}

function collect(node: unknown, key: string, out: unknown[]): void {
  if (node instanceof Array) {
    for (var i = 0; i < node.length; i++) collect(node[i], key, out);
  } else if (typeof node === 'object' && node !== null && Object.prototype.hasOwnProperty.call(node, key)) {
    out.push((node as { [k: string]: unknown })[key]);
  }
}

function cell(x: unknown): string {
  return String(x === undefined || x === null ? '' : x).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function fmt(x: number): string {
  return String(Math.round(x * 10) / 10);
}

function truthy(x: unknown, dflt: boolean): boolean {
  if (x === undefined || x === null || x === '') return dflt;
  return String(x).toLowerCase() === 'true' || x === true;
}

export function main(): unknown {
  var thresholds = thresholdsFromArgs(args);
  var items: { [k: string]: any }[];
  if (args.results !== undefined && args.results !== '') items = asItems(args.results);
  else {
    items = asItems(contextValues(invContext, 'IOCEnrich.ProviderResult')).concat(asItems(contextValues(invContext, 'IOCEnrich.Indicator')));
    if (truthy(args.include_dbot, false)) items = items.concat(asItems(contextValues(invContext, 'DBotScore')));
  }
  var weight = args.dbot_weight === undefined || args.dbot_weight === '' ? undefined : toNumber(args.dbot_weight);
  var set = collectEvidence(items, weight);
  var reports = indicatorReports(set, thresholds);
  var r = route(reports, thresholds);
  var branch = label(r.tier);
  var cov = coverageOf(reports);
  var warnings: string[] = [];
  if (set.unrecognised > 0) warnings.push(set.unrecognised + ' item(s) were neither IOCEnrich results nor DBotScore entries and were ignored');

  if (truthy(args.set_severity, true)) {
    var res = executeCommand('setIncident', { severity: SEVERITY[branch] });
    if (res && res.length > 0 && res[0].Type === entryTypes.error) {
      warnings.push('setIncident failed (' + String(res[0].Contents) + '); set the severity by hand');
      logError('IOCEnrichRoute: setIncident failed: ' + String(res[0].Contents));
    }
  }

  var alert = {
    Score: r.score,
    Tier: r.tier,
    Action: r.action,
    Partial: r.partial,
    Note: r.note,
    Route: branch,
    Coverage: { Answered: cov.answered, Failed: cov.failed, Skipped: cov.skipped, Total: cov.total },
    Indicators: reports.map(function (x) {
      return { Value: x.value, Type: x.type, Score: x.score, Tier: x.tier, Explanation: x.explanation };
    }),
  };

  var md = '### IOC Enrich triage: ' + branch + ' (score ' + fmt(r.score) + ')\n' +
    '**' + cell(r.note) + '**\n\n' +
    'Thresholds: high ≥ ' + thresholds.high + ', medium ≥ ' + thresholds.medium + '. Coverage: ' + cov.answered + ' answered, ' +
    cov.failed + ' failed, ' + cov.skipped + ' skipped' + (r.partial ? ' — **partial enrichment, never auto-closed**' : '') + '.\n\n';
  if (reports.length > 0) {
    md += '|Indicator|Type|Score|Tier|Explanation|\n|---|---|---|---|---|\n';
    for (var i = 0; i < reports.length; i++) {
      var x = reports[i];
      md += '|' + cell(x.value) + '|' + cell(x.type) + '|' + fmt(x.score) + '|' + x.tier + '|' + cell(x.explanation) + '|\n';
    }
  } else md += 'No enrichment results were found in the context.\n';
  if (warnings.length > 0) md += '\nWarnings: ' + cell(warnings.join('; ')) + '\n';

  return {
    Type: entryTypes.note,
    ContentsFormat: formats.text,
    Contents: branch,
    HumanReadable: md,
    ReadableContentsFormat: formats.markdown,
    EntryContext: { 'IOCEnrich.Alert': alert },
    Note: true,
  };
}

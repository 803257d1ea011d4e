/**
 * The CLI's commands, arguments, options, examples and exit codes as data. Commander is built from
 * it (scripts/cli/from-manifest.ts) and the command reference in docs/cli.md is generated from it
 * (build/docs/cli-reference.ts), so help and docs cannot disagree.
 *
 * Facts that also exist elsewhere are derived, not copied: provider ids from the registry, input
 * kinds and report formats from the Node modules that implement them (passed in as CliFacts, since
 * this file stays ES5 and Node-free like the rest of the manifest), the meaning of `refresh` from
 * the XSOAR argument, and the routing sentence from the core's thresholds and actions.
 */
import { actionFor, DEFAULT_THRESHOLDS } from '../core/engine/routing';
import { buildCommands } from './index';
import type { CliCommand, CliExitCode, CliFacts, CliManifest, CliOption } from './types';

export var CLI_EXIT_CODES: CliExitCode[] = [
  { code: 0, meaning: 'success (enrich: every lookup answered, no partial result)' },
  {
    code: 1,
    meaning:
      'bad usage (unknown command or option, invalid choice), invalid or unreadable configuration, or an input that is missing, unreadable, binary or (partly) invalid JSON; every readable input is still processed before exiting',
  },
  { code: 2, meaning: 'finished with partial results (a provider failed or the deadline cut a lookup off), or interrupted by Ctrl-C: the reports finished so far are written and the cache stays intact' },
  { code: 3, meaning: 'internal error (a bug: please report the stack trace)' },
];

/** `high (≥70) escalate, medium (40-69) review, low (<40) auto_close` from the core's defaults. */
export function routingSentence(): string {
  var t = DEFAULT_THRESHOLDS;
  return (
    'high (≥' + t.high + ') ' + actionFor('high') + ', medium (' + t.medium + '-' + (t.high - 1) + ') ' + actionFor('medium') +
    ', low (<' + t.medium + ') ' + actionFor('low') + ' with a note'
  );
}

/** An XSOAR argument's description in CLI style: lower-case first letter, no final period. */
function xsoarArgText(facts: CliFacts, command: string, arg: string): string {
  var commands = buildCommands(facts.providers);
  for (var i = 0; i < commands.length; i++) {
    if (commands[i].name !== command) continue;
    for (var j = 0; j < commands[i].arguments.length; j++) {
      var a = commands[i].arguments[j];
      if (a.name === arg) return a.description.charAt(0).toLowerCase() + a.description.slice(1).replace(/\.$/, '');
    }
  }
  throw new Error('manifest: no XSOAR argument ' + command + ' ' + arg);
}

var FILES_ARG = { name: 'FILE', description: 'input files, directories or quoted globs; "-" or none for stdin', variadic: true, optional: true };

function asOption(facts: CliFacts): CliOption {
  return { flags: '--as <kind>', description: 'read every input as this kind instead of guessing from the extension', choices: facts.inputKinds.slice() };
}

var COLUMN_OPTION: CliOption = {
  flags: '--column <name>',
  description: 'CSV: read only this column; repeat it or give a comma-separated list (default: every column)',
  repeatable: true,
};

/*
 * Descriptions: one line per paragraph (help wraps them to the terminal), indented lines for tables.
 */
var INPUT_TABLE =
  "A FILE may be a directory (read recursively, hidden and binary files skipped) or a quoted glob ('exports/**/*.ndjson'). " +
  'NDJSON, CSV and mbox are streamed: memory stays flat however large.\n';

export function buildCli(facts: CliFacts): CliManifest {
  var ids = facts.providers.map(function (p) { return p.id as string; });
  var example = facts.envKeyName(ids[0]);
  var config = facts.defaultConfigFile;
  return {
    name: 'ioc-enrich',
    description: 'Extract indicators of compromise from alerts, emails and text, and enrich them with threat-intel providers.',
    globalOptions: [
      { flags: '-c, --config <file>', description: 'configuration file (default: ./' + config + ' when present, else built-in defaults plus environment keys)' },
      { flags: '-V, --version', description: 'print the version' },
      { flags: '-h, --help', description: 'show help for the command' },
    ],
    notes: [
      'API keys may come from ' + facts.envKeyName('<ID>') + ' environment variables (e.g. ' + example + ').',
      'Docs: docs/cli.md, docs/configuration.md',
    ],
    exitCodes: CLI_EXIT_CODES,
    commands: [
      {
        name: 'extract',
        summary: 'print the indicators found in files or stdin (no provider calls)',
        description:
          'Extract indicators (IPs, domains, URLs, emails, hashes, CVEs; defanged forms too) from each FILE, ' +
          'or from stdin when no FILE is given or FILE is "-".\n' +
          INPUT_TABLE +
          '  .eml            parsed as an email (headers, bodies, attachment hashes)\n' +
          '  .mbox           one email per message\n' +
          '  .json           a SIEM alert (object) or an array of alerts\n' +
          '  .ndjson/.jsonl  one alert per line (a bad line is reported and skipped)\n' +
          '  .csv            one alert per row (header row first; --column to pick columns)\n' +
          '  anything else   plain text',
        arguments: [FILES_ARG],
        options: [
          { flags: '-f, --format <format>', description: 'output format: ndjson for scripts, table for people', choices: ['ndjson', 'table'], default: 'ndjson' },
          asOption(facts),
          COLUMN_OPTION,
        ],
        output:
          'one JSON object per indicator per line (--format ndjson), e.g.\n' +
          '  {"type":"ipv4","value":"203.0.113.7","raw":"203.0.113[.]7","scope":"documentation","source":"alert.txt"}',
        examples: [
          { command: 'ioc-enrich extract report.txt phish.eml' },
          { command: 'cat alerts.ndjson | ioc-enrich extract --as ndjson' },
          { command: "ioc-enrich extract 'exports/**/*.ndjson' submissions.mbox" },
          { command: 'ioc-enrich extract --column src_ip,url siem.csv' },
          { command: 'pbpaste | ioc-enrich extract --format table' },
          { command: "cat splunk-export.json | ioc-enrich extract --as ndjson | jq -r 'select(.scope==\"public\") | .value'", comment: 'public indicators of a Splunk export' },
        ],
        exitCodes: [0, 1, 3],
      },
      {
        name: 'enrich',
        summary: 'extract indicators, look them up, score and route each alert',
        description:
          'Enrich every alert read from FILEs (or stdin): extract its indicators, ask every enabled provider, ' +
          'compute the composite score and route it: ' + routingSentence() + '. ' +
          'A provider failure never counts as clean: the alert is then partial and never auto-closes. ' +
          'Nothing is ever blocked: the output informs a human.\n' +
          INPUT_TABLE +
          '  .eml            one alert per message (attachments hashed and enriched)\n' +
          '  .mbox           one alert per message of the mailbox (source FILE#N)\n' +
          '  .json           one alert per object (or per element of an array)\n' +
          '  .ndjson/.jsonl  one alert per line (source FILE:LINE)\n' +
          '  .csv            one alert per row (source FILE:ROW, header = row 1; --column to pick columns)\n' +
          '  anything else   one alert per file (plain text)\n' +
          'Ctrl-C stops cleanly: alerts in progress finish at once as partial results, every report ' +
          'finished so far is written, and the cache stays intact.',
        arguments: [FILES_ARG],
        options: [
          { flags: '-p, --providers <ids>', description: 'provider ids to use (default: every provider)', values: ids, list: true },
          { flags: '--refresh', description: xsoarArgText(facts, 'ioc-enrich', 'refresh') + ' (fresh answers are cached)' },
          { flags: '--no-cache', description: 'use no persistent cache (lookups are still shared within this run)' },
          asOption(facts),
          COLUMN_OPTION,
          { flags: '-q, --quiet', description: 'no progress line and no summary on stderr' },
          {
            flags: '-f, --format <format>',
            description: "report format (default: from --out's extension, else ndjson when piped, md on a terminal)",
            values: facts.reportFormats.slice(),
          },
          { flags: '-o, --out <file>', description: 'write the report to FILE instead of stdout' },
          { flags: '--concurrency <n>', description: 'alerts enriched at once, 1-256 (lookups are shared and budgets hold regardless)', default: '8' },
        ],
        output:
          'one JSON object per alert per line (--format ndjson):\n' +
          '  {"source","score","tier","action","partial","note","indicators":[{"type","value","scope",\n' +
          '   "score","tier","explanation","breakdown":[...],"results":{"<provider>":{"status",...}}}],"metrics":{...}}\n' +
          'Progress (on a terminal) and the end summary go to stderr.',
        examples: [
          { command: example + '=... ioc-enrich enrich alert.json' },
          { command: 'ioc-enrich enrich --providers ' + ids.slice(0, 2).join(',') + ' exports/*.ndjson > reports.ndjson' },
          { command: 'ioc-enrich enrich --out report.html phish/*.eml', comment: 'self-contained HTML report (format from the extension)' },
          { command: 'ioc-enrich enrich --refresh suspicious.eml' },
        ],
        exitCodes: [0, 1, 2, 3],
      },
      {
        name: 'providers',
        summary: 'list providers, their limits and whether each is configured',
        description:
          'List every threat-intel provider: indicator types, default rate limits, scoring weight, ' +
          'and whether the current configuration (--config, else ./' + config + ', plus ' + facts.envKeyName('<ID>') + ' ' +
          'environment variables) makes it usable. API keys are never printed.',
        options: [{ flags: '--json', description: 'print a JSON array instead of a table' }],
        examples: [{ command: 'ioc-enrich providers' }, { command: "ioc-enrich providers --json | jq -r '.[] | select(.configured) | .id'" }],
        exitCodes: [0, 1, 3],
      },
      {
        name: 'config',
        summary: 'write or check the configuration file',
        description: 'Write an example configuration or check one (see docs/configuration.md).',
        commands: [
          {
            name: 'init',
            summary: 'write a commented example configuration',
            description: 'Write a commented example configuration covering every setting and provider.',
            options: [
              { flags: '-o, --out <file>', description: 'where to write it ("-" for stdout)', default: config },
              { flags: '--force', description: 'overwrite an existing file' },
            ],
            examples: [{ command: 'ioc-enrich config init' }, { command: 'ioc-enrich config init --out - | less' }],
            exitCodes: [0, 1, 3],
          },
          {
            name: 'check',
            summary: 'validate the configuration and say which providers are usable',
            description:
              'Validate the configuration (--config FILE, else ./' + config + ') and report which ' +
              'providers are usable and why the others are not. Exit 1 when the file is invalid.',
            examples: [{ command: 'ioc-enrich config check' }, { command: 'ioc-enrich --config team.yaml config check' }],
            exitCodes: [0, 1, 3],
          },
        ],
      },
      {
        name: 'cache',
        summary: 'inspect, clear or export the result cache',
        description:
          'Inspect, clear or export the SQLite result cache (cache.path in the configuration, ' +
          'else $XDG_CACHE_HOME/ioc-enrich/cache.sqlite, else ~/.cache/ioc-enrich/cache.sqlite). ' +
          'None of these commands creates the cache file when it does not exist yet.',
        commands: [
          {
            name: 'stats',
            summary: 'entries, per-provider counts, age range and file size',
            description: 'Entries (live and expired), per-provider counts, age range and file size.',
            options: [{ flags: '--json', description: 'print JSON' }],
            exitCodes: [0, 1, 3],
          },
          {
            name: 'clear',
            summary: 'delete cached results',
            description: 'Delete every cached result (or only expired ones with --expired).',
            options: [{ flags: '--expired', description: 'only remove expired entries' }],
            exitCodes: [0, 1, 3],
          },
          {
            name: 'export',
            summary: 'write entries as NDJSON',
            description:
              'Write live entries as NDJSON: {"key","value","storedAt","expiresAt"} per line ' +
              '(value is the cached provider result, parsed when it is JSON).',
            options: [
              { flags: '-o, --out <file>', description: 'write to a file instead of stdout' },
              { flags: '--include-expired', description: 'include expired entries' },
            ],
            examples: [{ command: 'ioc-enrich cache export --out cache.ndjson' }],
            exitCodes: [0, 1, 3],
          },
        ],
      },
    ] as CliCommand[],
  };
}

/**
 * Help and docs come from the CLI manifest (scripts/manifest/cli.ts): the built CLI's `--help` and
 * every `<command> --help` show each manifest option and description, the derived facts (provider
 * ids, input kinds, report formats, the `refresh` meaning) match their sources, and the committed
 * command reference in docs/cli.md is what the generator produces now.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { cliReference, cliReferenceFresh, CLI_DOC } from '../../build/docs/cli-reference';
import { argumentSyntax, cliManifest, findCommand, optionDescription } from '../../scripts/cli/from-manifest';
import { PROVIDERS } from '../../scripts/core/providers/index';
import { buildCommands, CliCommand } from '../../scripts/manifest/index';
import { INPUT_KINDS } from '../../scripts/node/input/index';
import { REPORT_FORMATS } from '../../scripts/node/report/index';
import { cleanEnv, ensureBuilt, ndjson, run, scratch } from './helpers';

/** Help wraps descriptions to the terminal: compare with runs of whitespace collapsed. */
function flat(s: string): string {
  return s.replace(/\s+/g, ' ');
}

function help(args: string[]): string {
  var r = run(args.concat(['--help']));
  expect(r.status, args.join(' ') + ' --help: ' + r.stderr).to.equal(0);
  return r.stdout;
}

/** Every command and subcommand with its path, e.g. [['config', 'init'], spec]. */
function allCommands(): Array<[string[], CliCommand]> {
  var out: Array<[string[], CliCommand]> = [];
  var walk = function (path: string[], list: CliCommand[]) {
    list.forEach(function (c) {
      out.push([path.concat([c.name]), c]);
      walk(path.concat([c.name]), c.commands || []);
    });
  };
  walk([], cliManifest().commands);
  return out;
}

describe('cli: help and docs from the manifest', function () {
  this.timeout(60000);
  before(() => ensureBuilt());

  it('ioc-enrich --help shows the description, every command summary, global option and note', function () {
    var m = cliManifest();
    var h = flat(help([]));
    expect(h).to.contain(flat(m.description));
    for (var c of m.commands) expect(h).to.match(new RegExp('\\b' + c.name + '\\b')).and.contain(flat(c.summary));
    for (var o of m.globalOptions) expect(h).to.contain(o.flags).and.contain(flat(optionDescription(o)));
    for (var n of m.notes) expect(h).to.contain(flat(n));
  });

  for (var [path, spec] of allCommands()) {
    (function (path: string[], spec: CliCommand) {
      it('ioc-enrich ' + path.join(' ') + ' --help shows the manifest entry', function () {
        var raw = help(path);
        var h = flat(raw);
        expect(raw.split('\n')[0]).to.match(new RegExp('^Usage: ioc-enrich ' + path.join(' ') + '\\b'));
        expect(h).to.contain(flat(spec.description));
        for (var a of spec.arguments || []) expect(h).to.contain(a.name).and.contain(flat(a.description));
        if ((spec.arguments || []).length) expect(raw.split('\n')[0]).to.contain(argumentSyntax(spec.arguments![0]));
        for (var o of spec.options || []) {
          expect(h).to.contain(o.flags).and.contain(flat(optionDescription(o)));
          if (o.choices) expect(h).to.contain('choices: ' + o.choices.map((x) => JSON.stringify(x)).join(', '));
          if (o.default !== undefined) expect(h).to.contain('default: ' + JSON.stringify(o.default));
        }
        for (var s of spec.commands || []) expect(h).to.contain(s.name).and.contain(flat(s.summary));
        if (spec.output) expect(h).to.contain(flat(spec.output));
        for (var x of spec.examples || []) expect(raw).to.contain('  ' + x.command + '\n');
        for (var code of spec.exitCodes || []) {
          var meaning = cliManifest().exitCodes.filter((e) => e.code === code)[0].meaning;
          expect(h).to.contain(code + ' ' + flat(meaning));
        }
        // Global options are listed on every command's help too.
        expect(h).to.contain('-c, --config <file>');
      });
    })(path, spec);
  }

  it('every command in the CLI is in the manifest and vice versa', function () {
    var names = function (raw: string) {
      var section = raw.split('Commands:\n')[1].split('\n\n')[0];
      return section.split('\n').map((l) => /^  ([a-z]+)/.exec(l)).filter((x) => x && x[1] !== 'help').map((x) => x![1]);
    };
    expect(names(help([]))).to.deep.equal(cliManifest().commands.map((c) => c.name));
    expect(names(help(['config']))).to.deep.equal(['init', 'check']);
    expect(names(help(['cache']))).to.deep.equal(['stats', 'clear', 'export']);
  });

  it('derives shared facts from their one source: provider ids, input kinds, report formats, refresh', function () {
    var enrich = findCommand(['enrich']);
    var opt = (flags: string) => enrich.options!.filter((o) => o.flags === flags)[0];
    expect(opt('-p, --providers <ids>').values).to.deep.equal(PROVIDERS.map((p) => p.id));
    expect(opt('--as <kind>').choices).to.deep.equal(INPUT_KINDS);
    expect(findCommand(['extract']).options!.filter((o) => o.flags === '--as <kind>')[0].choices).to.deep.equal(INPUT_KINDS);
    expect(opt('-f, --format <format>').values).to.deep.equal(REPORT_FORMATS);
    var xsoarRefresh = buildCommands(PROVIDERS).filter((c) => c.name === 'ioc-enrich')[0].arguments.filter((a) => a.name === 'refresh')[0].description;
    expect(opt('--refresh').description.toLowerCase()).to.contain(xsoarRefresh.replace(/\.$/, '').toLowerCase());
    expect(enrich.description).to.contain('high (≥70) escalate, medium (40-69) review, low (<40) auto_close');
  });

  it('options built from the manifest behave as before: choices enforced, --column repeatable, defaults', function () {
    var dir = scratch();
    var bad = run(['extract', '--as', 'nosuch'], { cwd: dir, env: cleanEnv(dir) });
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/Allowed choices are text, alert, ndjson, email, mbox, csv/);
    var csv = 'a,b,c\n198.51.100.1,198.51.100.2,198.51.100.3\n';
    var r = run(['extract', '--as', 'csv', '--column', 'a', '--column', 'c'], { cwd: dir, env: cleanEnv(dir), input: csv });
    expect(r.status, r.stderr).to.equal(0);
    expect(ndjson(r.stdout).map((x) => x.value)).to.deep.equal(['198.51.100.1', '198.51.100.3']);
    var conc = run(['enrich', '--concurrency', '0'], { cwd: dir, env: cleanEnv(dir), input: 'x' });
    expect(conc.status).to.equal(1);
    expect(conc.stderr).to.match(/--concurrency must be a number from 1 to 256/);
  });

  it('the committed command reference in docs/cli.md is what the manifest produces now', function () {
    expect(cliReferenceFresh(), 'run `npx tsx build/docs/cli-reference.ts write`').to.equal(true);
    var doc = readFileSync(CLI_DOC, 'utf8');
    expect(doc).to.contain(cliReference());
    for (var [path, spec] of allCommands()) {
      expect(doc).to.contain('### `ioc-enrich ' + path.join(' ') + '`');
      for (var o of spec.options || []) expect(doc).to.contain('| `' + o.flags + '` |');
    }
  });
});

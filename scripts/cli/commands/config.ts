/**
 * `ioc-enrich config init|check`: write a commented example, validate a file and say which
 * providers it makes usable and why the others are not. Never prints a key.
 */
import { Command } from 'commander';
import { existsSync, writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG_FILE, exampleConfig, providerStatus } from '../../node/config/index';
import { CliContext, CliError } from '../context';
import { table } from '../format';
import { manifestCommand } from '../from-manifest';

export function register(program: Command, ctx: CliContext): void {
  var config = manifestCommand(program, 'config');

  manifestCommand(config, 'init')
    .action(function (opts: { out: string; force?: boolean }) {
      var text = exampleConfig(ctx.providers());
      if (opts.out === '-') {
        ctx.out(text);
        return;
      }
      if (existsSync(opts.out) && !opts.force) throw new CliError(opts.out + ' already exists; use --force to overwrite it or --out to choose another file');
      try {
        writeFileSync(opts.out, text, { mode: 0o600 });
      } catch (e) {
        throw new CliError('cannot write ' + opts.out + ': ' + (e as Error).message);
      }
      process.stderr.write('wrote ' + opts.out + '; next: export IOC_ENRICH_<ID>_KEY=... and run: ioc-enrich config check' + (opts.out === DEFAULT_CONFIG_FILE ? '' : ' --config ' + opts.out) + '\n');
    });

  manifestCommand(config, 'check')
    .action(function (_opts: unknown, cmd: Command) {
      var loaded = ctx.config(cmd);
      if (loaded.file) ctx.out(loaded.file + ': valid\n');
      else ctx.out('no configuration file (--config not given, ./' + DEFAULT_CONFIG_FILE + ' absent): defaults plus environment keys\n');
      var rows = ctx.providers().map(function (p) {
        var s = providerStatus(p, loaded);
        return [p.id, s.usable ? 'usable' : 'not usable', s.reason];
      });
      var usable = rows.filter((r) => r[1] === 'usable').length;
      ctx.out('\n' + table(['PROVIDER', 'STATUS', 'WHY'], rows, 110) + '\n' + usable + ' of ' + rows.length + ' providers usable\n');
      if (usable === 0) ctx.warn('warning: no provider is usable; enrichment would skip every indicator');
    });
}

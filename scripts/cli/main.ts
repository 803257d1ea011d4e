/**
 * The `ioc-enrich` command line. Each command lives in `commands/<name>.ts` and exports
 * `register(program, ctx)`, which takes the command's help from the manifest and attaches its action;
 * adding one is an entry in scripts/manifest/cli.ts and one line in COMMANDS. Errors surface here only:
 * a message on stderr (`ioc-enrich: ...`) and exit status 1 for usage, config and input problems.
 */
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json';
import { ConfigError } from '../node/config/index';
import { InputError } from '../node/input/index';
import * as cache from './commands/cache';
import * as config from './commands/config';
import * as enrich from './commands/enrich';
import * as extract from './commands/extract';
import * as providers from './commands/providers';
import { CliContext, CliError, createContext, EXIT_USAGE } from './context';
import { configureProgram } from './from-manifest';

/** Registration order is the order `--help` lists the commands in. */
var COMMANDS: { register(program: Command, ctx: CliContext): void }[] = [extract, enrich, providers, config, cache];

export function buildProgram(ctx: CliContext): Command {
  // Name, description, global options and notes come from the manifest (scripts/manifest/cli.ts).
  var program = configureProgram(new Command(), pkg.version);
  program
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  COMMANDS.forEach(function (c) {
    c.register(program, ctx);
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  var ctx = createContext();
  var program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed help/version/usage errors; keep its code (0 for --help/--version).
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(e.message.split('\n').map((l) => 'ioc-enrich: ' + l).join('\n') + '\n');
      return EXIT_USAGE;
    }
    if (e instanceof CliError || e instanceof InputError) {
      ctx.warn(e.message);
      return e instanceof CliError ? e.exitCode : EXIT_USAGE;
    }
    ctx.warn('internal error: ' + (e instanceof Error ? (e.stack || e.message) : String(e)));
    return 3;
  }
  return ctx.failed() ? EXIT_USAGE : 0;
}

// `| head` closes stdout early: that is not an error worth a stack trace.
process.stdout.on('error', function (e: NodeJS.ErrnoException) {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv).then(function (code) {
  process.exitCode = code;
});

/**
 * What every command receives besides its commander `Command`: output helpers, the global
 * `--config` resolution and the provider list. Commands throw CliError (or ConfigError/InputError)
 * and main.ts turns them into a message on stderr and an exit code, so no command calls process.exit.
 */
import { Command } from 'commander';
import { PROVIDERS } from '../core/providers/index';
import { Provider } from '../core/providers/types';
import { loadConfig, LoadedConfig } from '../node/config/index';

/** Usage, config and input errors (enrich adds 2 = partial results; main.ts uses 3 = fatal). */
export var EXIT_USAGE = 1;

export class CliError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface GlobalOptions {
  config?: string;
}

export interface CliContext {
  /** Write to stdout as is (callers add newlines). */
  out(text: string): void;
  /** One diagnostic line on stderr, prefixed `ioc-enrich: `; secrets known to the run are redacted. */
  warn(line: string): void;
  /** Global options, wherever they were written on the command line. */
  globals(cmd: Command): GlobalOptions;
  /** Load (once) the configuration named by `--config`, else `./ioc-enrich.yaml`, else defaults. */
  config(cmd: Command): LoadedConfig;
  providers(): Provider[];
  /** Mark the run failed (exit 1) without stopping it: used when one input of several is bad. */
  markFailed(): void;
  failed(): boolean;
}

export function createContext(): CliContext {
  var loaded: LoadedConfig | null = null;
  var failed = false;
  var secrets: string[] = [];
  function redact(s: string): string {
    for (var i = 0; i < secrets.length; i++) if (secrets[i].length >= 4) s = s.split(secrets[i]).join('[redacted]');
    return s;
  }
  return {
    out: function (text) {
      process.stdout.write(text);
    },
    warn: function (line) {
      process.stderr.write(redact('ioc-enrich: ' + line) + '\n');
    },
    globals: function (cmd) {
      return cmd.optsWithGlobals() as GlobalOptions;
    },
    config: function (cmd) {
      if (loaded) return loaded;
      loaded = loadConfig({ file: (cmd.optsWithGlobals() as GlobalOptions).config });
      var providers = loaded.config.providers || {};
      Object.keys(providers).forEach(function (id) {
        var key = (providers as Record<string, { apiKey?: string }>)[id].apiKey;
        if (key) secrets.push(key);
      });
      return loaded;
    },
    providers: function () {
      return PROVIDERS;
    },
    markFailed: function () {
      failed = true;
    },
    failed: function () {
      return failed;
    },
  };
}

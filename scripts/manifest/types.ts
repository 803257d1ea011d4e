/**
 * The one manifest of ioc-enrich's commands, arguments, params and outputs. The XSOAR integration
 * YAML, the Splunk SOAR app JSON, CLI help and docs are all generated from it, so a fact such as an
 * argument's description is written exactly once.
 */

export type OutputType = 'String' | 'Number' | 'Boolean' | 'Date' | 'Unknown';

export interface ManifestArgument {
  name: string;
  description: string;
  required?: boolean;
  /** The argument a bare `!ip 1.2.3.4` fills (one per command). */
  default?: boolean;
  /** Accepts a list (XSOAR: comma-separated or array). */
  isArray?: boolean;
  /** Closed list of values (XSOAR `auto: PREDEFINED`). */
  predefined?: string[];
  defaultValue?: string;
}

export interface ManifestOutput {
  contextPath: string;
  description: string;
  type: OutputType;
}

export interface ManifestCommand {
  name: string;
  description: string;
  arguments: ManifestArgument[];
  outputs: ManifestOutput[];
}

/** XSOAR configuration parameter type codes (reference/xsoar.md §3.2). */
export type ParamType = 0 | 4 | 8 | 9 | 12 | 15 | 16;

export interface ManifestParam {
  name: string;
  display: string;
  type: ParamType;
  required: boolean;
  defaultvalue?: string;
  options?: string[];
  additionalinfo?: string;
  hiddenusername?: boolean;
  displaypassword?: string;
  section?: 'Connect' | 'Collect' | 'Optimize';
  advanced?: boolean;
}

/*
 * The CLI part of the manifest (scripts/manifest/cli.ts): commander is built from it
 * (scripts/cli/from-manifest.ts), and the command reference in docs/cli.md is generated from it.
 */

/** A positional argument of a CLI command, e.g. `[FILE...]`. */
export interface CliArgument {
  name: string;
  description: string;
  /** Takes any number of values (`FILE...`). */
  variadic?: boolean;
  /** `[NAME]` rather than `<NAME>`. */
  optional?: boolean;
}

export interface CliOption {
  /** Commander syntax: `-f, --format <format>`, `--refresh`, `--no-cache`. */
  flags: string;
  description: string;
  /** Closed list the parser enforces (commander `.choices()`). */
  choices?: string[];
  /**
   * Accepted values the command checks itself (so its error can say more than the parser's);
   * shown in help and docs but not enforced by commander.
   */
  values?: string[];
  /** The value is a comma-separated list of `values`. */
  list?: boolean;
  /** Parser default (always a string, as commander receives it from the command line). */
  default?: string;
  /** May be given several times; the values are collected into an array. */
  repeatable?: boolean;
}

export interface CliExample {
  command: string;
  /** What it does, when the command line alone does not say. */
  comment?: string;
}

export interface CliExitCode {
  code: number;
  meaning: string;
}

export interface CliCommand {
  name: string;
  /** One line (lower-case, no period) for the parent's command list. */
  summary: string;
  /** Full description; may hold line breaks and an indented table. */
  description: string;
  arguments?: CliArgument[];
  options?: CliOption[];
  /** What the command prints (shown after the options). */
  output?: string;
  examples?: CliExample[];
  /** Exit codes this command can return; meanings come from CliManifest.exitCodes. */
  exitCodes?: number[];
  /** Subcommands (`config init`, `cache stats`); a command with subcommands has no action of its own. */
  commands?: CliCommand[];
}

export interface CliManifest {
  name: string;
  description: string;
  /** Options accepted before or after any command. */
  globalOptions: CliOption[];
  /** Lines shown after the program's help (environment, docs). */
  notes: string[];
  exitCodes: CliExitCode[];
  /** In the order `--help` lists them. */
  commands: CliCommand[];
}

/** Facts the CLI manifest takes from the Node side (the manifest itself stays ES5 and Node-free). */
export interface CliFacts {
  providers: import('../core/providers/types').Provider[];
  inputKinds: string[];
  reportFormats: string[];
  /** `ioc-enrich.yaml`: read from the working directory when `--config` is not given. */
  defaultConfigFile: string;
  /** The environment variable holding a provider's key, e.g. `IOC_ENRICH_VIRUSTOTAL_KEY`. */
  envKeyName(id: string): string;
}

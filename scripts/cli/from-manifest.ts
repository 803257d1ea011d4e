/**
 * Commander built from the CLI manifest (scripts/manifest/cli.ts): names, summaries, descriptions,
 * arguments, options (choices, defaults, repeatable), and the help text after the options (output,
 * exit codes, examples). Each `commands/<name>.ts` only attaches its `.action(...)`, so help cannot
 * drift from the manifest, and the docs (build/docs/cli-reference.ts) render the same data.
 */
import { Argument, Command, Option } from 'commander';
import { PROVIDERS } from '../core/providers/index';
import { ProviderId } from '../core/providers/types';
import { buildCli, CliArgument, CliCommand, CliManifest, CliOption } from '../manifest/index';
import { DEFAULT_CONFIG_FILE, envKeyName } from '../node/config/index';
import { INPUT_KINDS } from '../node/input/index';
import { REPORT_FORMATS } from '../node/report/index';

var manifest: CliManifest | null = null;

/** The CLI manifest with the Node side's facts (providers, input kinds, report formats, config file). */
export function cliManifest(): CliManifest {
  if (!manifest) {
    manifest = buildCli({
      providers: PROVIDERS,
      inputKinds: INPUT_KINDS,
      reportFormats: REPORT_FORMATS,
      defaultConfigFile: DEFAULT_CONFIG_FILE,
      envKeyName: (id) => envKeyName(id as ProviderId),
    });
  }
  return manifest;
}

/** `[FILE...]`, `<NAME>`. */
export function argumentSyntax(a: CliArgument): string {
  var inner = a.name + (a.variadic ? '...' : '');
  return a.optional ? '[' + inner + ']' : '<' + inner + '>';
}

/** The option's description as help and docs show it: accepted values the command checks are listed. */
export function optionDescription(o: CliOption): string {
  if (!o.values) return o.description;
  return o.description + ' (' + (o.list ? 'comma-separated, any of' : 'one of') + ': ' + o.values.join(', ') + ')';
}

function collect(value: string, previous: string[] | undefined): string[] {
  return (previous || []).concat([value]);
}

export function toOption(o: CliOption): Option {
  var opt = new Option(o.flags, optionDescription(o));
  if (o.choices) opt.choices(o.choices);
  if (o.default !== undefined) opt.default(o.default);
  if (o.repeatable) opt.argParser(collect);
  return opt;
}

/** The help shown after the options: output, exit status, examples. */
export function helpAfter(spec: CliCommand, m: CliManifest = cliManifest()): string {
  var parts: string[] = [];
  if (spec.output) parts.push('Output: ' + spec.output);
  if (spec.exitCodes && spec.exitCodes.length) {
    parts.push(
      'Exit status:\n' +
        spec.exitCodes
          .map(function (code) {
            var e = m.exitCodes.filter((x) => x.code === code)[0];
            if (!e) throw new Error('manifest: unknown exit code ' + code + ' in ' + spec.name);
            return wrap(e.meaning, 76, '  ' + code + '  ', '     ');
          })
          .join('\n'),
    );
  }
  if (spec.examples && spec.examples.length) {
    parts.push('Examples:\n' + spec.examples.map((x) => (x.comment ? '  # ' + x.comment + '\n' : '') + '  ' + x.command).join('\n'));
  }
  return parts.length ? '\n' + parts.join('\n\n') : '';
}

/** Word-wrapped to `width` columns: commander wraps descriptions but prints help text as is. */
export function wrap(text: string, width: number, first: string, rest: string): string {
  var lines: string[] = [];
  var line = first;
  text.split(' ').forEach(function (word) {
    var prefix = lines.length ? rest : first;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else line += (line.length > prefix.length ? ' ' : '') + word;
  });
  lines.push(line);
  return lines.join('\n');
}

/** Names from the root's child down to `cmd` (`['config', 'init']`); the root itself is left out. */
function pathOf(cmd: Command): string[] {
  var names: string[] = [];
  for (var c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names;
}

/** The manifest entry for a command path such as `['cache', 'export']`. */
export function findCommand(path: string[], m: CliManifest = cliManifest()): CliCommand {
  var list: CliCommand[] | undefined = m.commands;
  var found: CliCommand | undefined;
  for (var name of path) {
    found = (list || []).filter((c) => c.name === name)[0];
    if (!found) throw new Error('manifest: no CLI command ' + path.join(' '));
    list = found.commands;
  }
  if (!found) throw new Error('manifest: empty command path');
  return found;
}

/**
 * Adds the manifest's command `name` under `parent` (created with `parent.command()`, so it
 * inherits exitOverride and the help settings) and returns it for `.action(...)`.
 */
export function manifestCommand(parent: Command, name: string): Command {
  var spec = findCommand(pathOf(parent).concat([name]));
  var cmd = parent.command(spec.name).summary(spec.summary).description(spec.description);
  (spec.arguments || []).forEach(function (a) {
    cmd.addArgument(new Argument(argumentSyntax(a), a.description));
  });
  (spec.options || []).forEach(function (o) {
    cmd.addOption(toOption(o));
  });
  var after = helpAfter(spec);
  if (after) cmd.addHelpText('after', after);
  return cmd;
}

/** Name, description, global options (version and help included) and notes of the program. */
export function configureProgram(program: Command, version: string): Command {
  var m = cliManifest();
  program.name(m.name).description(m.description);
  m.globalOptions.forEach(function (o) {
    if (/--version\b/.test(o.flags)) program.version(version, o.flags, o.description);
    else if (/--help\b/.test(o.flags)) program.helpOption(o.flags, o.description);
    else program.addOption(toOption(o));
  });
  if (m.notes.length) program.addHelpText('after', '\n' + m.notes.join('\n'));
  return program;
}

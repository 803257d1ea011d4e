/**
 * Reads `ioc-enrich.yaml` into an EngineConfig: YAML → ajv validation against CONFIG_SCHEMA →
 * cross-field checks → API keys from the environment. Every problem is reported at once, each as
 * `<file>: <dotted.path> <what is wrong> (line N)`, and no message ever quotes an API key: YAML
 * parser snippets are dropped and offending values are only echoed for non-secret settings.
 */
import Ajv, { ErrorObject } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { EngineConfig } from '../../core/config';
import { parseCidr } from '../../core/net/ip';
import { ProviderConfig, ProviderId } from '../../core/providers/types';
import { CONFIG_SCHEMA, PROVIDER_IDS } from './schema';

/** The file looked for in the working directory when `--config` is not given. */
export var DEFAULT_CONFIG_FILE = 'ioc-enrich.yaml';

export interface ConfigIssue {
  /** Dotted path of the setting, e.g. `providers.virustotal.limits.perMinute` (empty for the whole file). */
  path: string;
  /** What is wrong, phrased to follow the path: `must be a number ≥ 1 (got 0)`. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

export class ConfigError extends Error {
  constructor(
    /** The file as the user named it (or `<env>` for problems that come from the environment). */
    public readonly file: string,
    public readonly issues: ConfigIssue[],
  ) {
    super(issues.map((i) => formatIssue(file, i)).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  var where = issue.path ? issue.path + ' ' : '';
  return file + ': ' + where + issue.message + (issue.line !== undefined ? ' (line ' + issue.line + ')' : '');
}

export type KeySource = 'env' | 'file';

export interface LoadedConfig {
  config: EngineConfig;
  /** Absolute path of the file read, or null when none was given and `./ioc-enrich.yaml` is absent. */
  file: string | null;
  /** Where each provider's API key came from; absent = no key. */
  keySources: { [id in ProviderId]?: KeySource };
  /** Providers whose file key was overridden by the environment (worth telling the user). */
  envOverrides: ProviderId[];
}

/** `IOC_ENRICH_VIRUSTOTAL_KEY` for `virustotal`. */
export function envKeyName(id: ProviderId): string {
  return 'IOC_ENRICH_' + id.toUpperCase() + '_KEY';
}

/**
 * Which file to read: the explicit `--config` path (must exist), else `./ioc-enrich.yaml` when it
 * exists, else null (defaults plus environment keys).
 */
export function resolveConfigPath(explicit: string | undefined, cwd: string = process.cwd()): string | null {
  if (explicit !== undefined) return resolve(cwd, explicit);
  var candidate = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(candidate) ? candidate : null;
}

export interface LoadOptions {
  /** `--config` as given on the command line. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Resolve, read, parse and validate; throws ConfigError with every issue found. */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  var cwd = options.cwd || process.cwd();
  var env = options.env || process.env;
  var path = resolveConfigPath(options.file, cwd);
  if (path === null) return withEnvKeys({}, null, env);
  var label = options.file !== undefined ? options.file : DEFAULT_CONFIG_FILE;
  var text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    var code = (e as NodeJS.ErrnoException).code;
    var why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String((e as Error).message);
    throw new ConfigError(label, [{ path: '', message: 'cannot read configuration file: ' + why }]);
  }
  return parseConfig(text, label, { env: env, baseDir: dirname(path), absPath: path });
}

export interface ParseOptions {
  env?: NodeJS.ProcessEnv;
  /** Directory that relative `cache.path` values are resolved against (the config file's). */
  baseDir?: string;
  absPath?: string | null;
}

/** Parse and validate YAML text; `label` names the file in messages. */
export function parseConfig(text: string, label: string, options: ParseOptions = {}): LoadedConfig {
  var env = options.env || process.env;
  var lineCounter = new LineCounter();
  var doc = parseDocument(text, { lineCounter: lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      label,
      doc.errors.map(function (e) {
        // The parser's message ends with a source snippet that could contain a key: keep the first line only.
        var first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
        var line = e.linePos ? e.linePos[0].line : undefined;
        return { path: '', message: 'is not valid YAML: ' + first, line: line };
      }),
    );
  }
  var data: unknown = doc.toJS();
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(label, [{ path: '', message: 'must be a YAML mapping of settings (providers, thresholds, ...)', line: 1 }]);
  }
  var lineOf = function (segments: (string | number)[]): number | undefined {
    for (var n = segments.length; n > 0; n--) {
      var node = doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  var issues = schemaIssues(data, lineOf);
  // Cross-field checks assume the shapes the schema guarantees, so they run only on a schema-valid file.
  if (issues.length === 0) issues = semanticIssues(data as EngineConfig, lineOf);
  if (issues.length > 0) throw new ConfigError(label, issues);
  var config = data as EngineConfig;
  if (config.cache && config.cache.path) config.cache.path = expandPath(config.cache.path, options.baseDir || process.cwd());
  return withEnvKeys(config, options.absPath !== undefined ? options.absPath : null, env);
}

/** `~/x` → home; relative → against the config file's directory, so the file works from any cwd. */
function expandPath(p: string, baseDir: string): string {
  if (p === '~' || p.indexOf('~/') === 0) return resolve(homedir(), p.slice(2));
  return isAbsolute(p) ? p : resolve(baseDir, p);
}

/** Environment keys win over the file: see docs/configuration.md ("Where API keys come from"). */
function withEnvKeys(config: EngineConfig, file: string | null, env: NodeJS.ProcessEnv): LoadedConfig {
  var keySources: LoadedConfig['keySources'] = {};
  var envOverrides: ProviderId[] = [];
  PROVIDER_IDS.forEach(function (id) {
    var fromEnv = env[envKeyName(id)];
    var block: ProviderConfig | undefined = config.providers && config.providers[id];
    if (fromEnv !== undefined && fromEnv.trim() !== '') {
      if (!config.providers) config.providers = {};
      if (!block) block = config.providers[id] = {};
      if (block.apiKey) envOverrides.push(id);
      block.apiKey = fromEnv.trim();
      keySources[id] = 'env';
    } else if (block && block.apiKey) {
      keySources[id] = 'file';
    }
  });
  return { config: config, file: file, keySources: keySources, envOverrides: envOverrides };
}

var ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
var validate = ajv.compile(CONFIG_SCHEMA);

function schemaIssues(data: unknown, lineOf: (s: (string | number)[]) => number | undefined): ConfigIssue[] {
  if (validate(data)) return [];
  var seen: { [path: string]: boolean } = {};
  var out: ConfigIssue[] = [];
  (validate.errors || []).forEach(function (err) {
    var segments = pointerSegments(err.instancePath);
    var issue = describeError(err, segments);
    if (!issue || seen[issue.path]) return;
    seen[issue.path] = true;
    issue.line = lineOf(issue.segments);
    out.push({ path: issue.path, message: issue.message, line: issue.line });
  });
  return out;
}

function pointerSegments(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map(function (s) {
      var k = s.replace(/~1/g, '/').replace(/~0/g, '~');
      return /^\d+$/.test(k) ? parseInt(k, 10) : k;
    });
}

function dotted(segments: (string | number)[]): string {
  var s = '';
  segments.forEach(function (seg) {
    s += typeof seg === 'number' ? '[' + seg + ']' : (s ? '.' : '') + seg;
  });
  return s;
}

function isSecretPath(segments: (string | number)[]): boolean {
  return segments.indexOf('apiKey') >= 0;
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  var s = JSON.stringify(value);
  return s.length > 40 ? s.slice(0, 37) + '...' : s;
}

/** What the schema node at an error wants, in words. */
function wants(schema: Record<string, unknown>): string {
  var t = schema.type;
  if (t === 'number' || t === 'integer') {
    var noun = t === 'integer' ? 'a whole number' : 'a number';
    var min = schema.minimum as number;
    var max = schema.maximum as number;
    return 'must be ' + noun + (max >= 1e9 ? ' ≥ ' + min : ' between ' + min + ' and ' + max);
  }
  if (t === 'string') {
    if (schema.enum) return 'must be one of: ' + (schema.enum as string[]).join(', ');
    if (schema.pattern) return 'must be an http:// or https:// URL';
    return 'must be a non-empty string';
  }
  if (t === 'boolean') return 'must be true or false';
  if (t === 'array') return 'must be a list of non-empty strings';
  if (t === 'object') return 'must be a mapping';
  return 'is invalid';
}

function describeError(err: ErrorObject, segments: (string | number)[]): { path: string; segments: (string | number)[]; message: string; line?: number } | null {
  if (err.keyword === 'additionalProperties') {
    var extra = (err.params as { additionalProperty: string }).additionalProperty;
    var allowed = Object.keys(((err.parentSchema || {}) as { properties?: object }).properties || {});
    var at = segments.concat([extra]);
    var isProvider = segments.length === 1 && segments[0] === 'providers';
    var hint = closest(extra, allowed);
    var message = (isProvider ? 'is not a known provider' : 'is not a known setting') + (hint ? ' (did you mean ' + hint + '?)' : '') + '; expected one of: ' + allowed.join(', ');
    return { path: dotted(at), segments: at, message: message };
  }
  var schema = (err.parentSchema || {}) as Record<string, unknown>;
  if (err.keyword === 'type' && schema.type === 'object' && segments.length === 0) {
    return { path: '', segments: segments, message: 'must be a YAML mapping of settings' };
  }
  if (err.keyword === 'type' || err.keyword === 'minimum' || err.keyword === 'maximum' || err.keyword === 'pattern' || err.keyword === 'minLength' || err.keyword === 'enum') {
    var got = isSecretPath(segments) ? '' : ' (got ' + shown(err.data) + ')';
    return { path: dotted(segments), segments: segments, message: wants(schema) + got };
  }
  return { path: dotted(segments), segments: segments, message: String(err.message) };
}

/** Suggest a known key within edit distance 2 (typos such as `virustotl`, `apikey`). */
function closest(word: string, candidates: string[]): string | null {
  var best: string | null = null;
  var bestD = 3;
  candidates.forEach(function (c) {
    var d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  });
  return best;
}

function distance(a: string, b: string): number {
  var prev: number[] = [];
  for (var j = 0; j <= b.length; j++) prev[j] = j;
  for (var i = 1; i <= a.length; i++) {
    var cur = [i];
    for (var k = 1; k <= b.length; k++) cur[k] = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** Checks JSON Schema cannot express: threshold order and CIDR syntax. */
function semanticIssues(config: EngineConfig, lineOf: (s: (string | number)[]) => number | undefined): ConfigIssue[] {
  var out: ConfigIssue[] = [];
  var high = config.thresholds && config.thresholds.high !== undefined ? config.thresholds.high : 70;
  var medium = config.thresholds && config.thresholds.medium !== undefined ? config.thresholds.medium : 40;
  if (config.thresholds && !(medium < high)) {
    var which = config.thresholds.medium !== undefined ? 'medium' : 'high';
    out.push({
      path: 'thresholds.' + which,
      message: 'must keep medium below high (medium ' + medium + ', high ' + high + (config.thresholds.high === undefined || config.thresholds.medium === undefined ? ', the other from defaults' : '') + ')',
      line: lineOf(['thresholds', which]),
    });
  }
  (['allowlist', 'internal'] as const).forEach(function (section) {
    var list = config[section] && config[section]!.cidrs;
    if (!list) return;
    list.forEach(function (c, i) {
      if (!parseCidr(c)) out.push({ path: section + '.cidrs[' + i + ']', message: 'must be an IP address or CIDR such as 10.0.0.0/8 (got ' + JSON.stringify(c) + ')', line: lineOf([section, 'cidrs', i]) });
    });
  });
  return out;
}

/**
 * IOCEnrich: the XSOAR JavaScript integration (issue 5). A synchronous shell around the sans-I/O
 * core: params → EngineConfig, the run machine driven with `http()` and `wait()`, cache and
 * rate-limit budgets kept in the integration context, results as war-room entries with DBotScore,
 * standard indicator context and IOCEnrich.* context. Bundled to one ES5 `return (function(){...})()`
 * by build/xsoar/integration.mjs. See docs/xsoar-integration.md.
 *
 * Keys: they live only in the engine's configuration. Every returned entry is passed through
 * `redact` for every configured key as a last line of defence.
 */
import { redact } from '../core/engine/run';
import { newApiMetrics, xsoarClock, ApiMetrics } from './integration/driver';
import { errorText, isUserError } from './integration/errors';
import { budget, cacheClear, cacheStats, Ctx, iocEnrich, iocEnrichProvider, iocExtract, isReputation, reputation, testModule } from './integration/commands';
import { parseSettings } from './integration/params';
import { loadState, saveState } from './integration/store';

/** Every key-like param value (credentials passwords), collected before anything can fail. */
function secretsOfParams(p: { [name: string]: any }): string[] {
  var out: string[] = [];
  for (var k in p) {
    if (!Object.prototype.hasOwnProperty.call(p, k)) continue;
    var v = p[k];
    if (v && typeof v === 'object' && typeof v.password === 'string' && v.password !== '') {
      out.push(v.password);
      var trimmed = v.password.replace(/^\s+|\s+$/g, '');
      if (trimmed !== v.password) out.push(trimmed);
    }
  }
  return out;
}

/** Entries (or a test-module string) with every secret removed. */
function scrub<T>(value: T, secrets: string[]): T {
  if (secrets.length === 0) return value;
  var json = JSON.stringify(value);
  var clean = redact(json, secrets);
  return clean === json ? value : (JSON.parse(clean) as T);
}

function metricsEntry(m: ApiMetrics): XsoarEntry | null {
  if (m.total === 0) return null;
  var ge = false;
  try {
    ge = typeof isDemistoVersionGE === 'function' && isDemistoVersionGE('6.8.0');
  } catch (e) {
    ge = false;
  }
  if (!ge) return null;
  var list: { Type: string; APICallsCount: number }[] = [];
  var order = ['Successful', 'QuotaError', 'GeneralError', 'AuthError', 'ServiceError', 'ConnectionError', 'TimeoutError'];
  for (var i = 0; i < order.length; i++) if (m.counts[order[i]]) list.push({ Type: order[i], APICallsCount: m.counts[order[i]] });
  // 19 = EXECUTION_METRICS (a Python-only name; CommonServer.js has no key for it).
  return { Type: 19, Contents: 'Metrics reported successfully.', ContentsFormat: formats.text, APIExecutionMetrics: list };
}

function errorEntry(message: string): XsoarEntry {
  return { Type: entryTypes.error, Contents: message, ContentsFormat: formats.text };
}

function dispatch(ctx: Ctx): XsoarEntry[] {
  if (isReputation(command)) return reputation(ctx, command);
  switch (command) {
    case 'ioc-enrich':
      return iocEnrich(ctx);
    case 'ioc-enrich-provider':
      return iocEnrichProvider(ctx);
    case 'ioc-enrich-cache-stats':
      return cacheStats(ctx);
    case 'ioc-enrich-cache-clear':
      return cacheClear(ctx);
    case 'ioc-enrich-budget':
      return budget(ctx);
    default:
      throw new Error('unknown command ' + command);
  }
}

export function main(): unknown {
  var p = typeof params === 'object' && params ? params : {};
  var secrets = secretsOfParams(p);
  try {
    if (command === 'test-module') {
      // The integration context may not be available here: no cache, no persisted budgets.
      try {
        return scrub(testModule(parseSettings(p)), secrets);
      } catch (e) {
        return scrub('IOC Enrich: ' + errorText(e), secrets);
      }
    }
    if (command === 'ioc-extract') return iocExtract();
    if (!isReputation(command) && ['ioc-enrich', 'ioc-enrich-provider', 'ioc-enrich-cache-stats', 'ioc-enrich-cache-clear', 'ioc-enrich-budget'].indexOf(command) < 0) {
      throw new Error('IOC Enrich does not implement the command "' + String(command).substring(0, 60) + '"; update the integration');
    }
    var settings = parseSettings(p);
    var ctx: Ctx = { settings: settings, state: loadState(settings.secrets), clock: xsoarClock(), metrics: newApiMetrics(), changed: false };
    var entries: XsoarEntry[];
    try {
      entries = dispatch(ctx);
    } finally {
      // Budgets spent before a failure still count.
      if (ctx.changed || ctx.metrics.total > 0) saveState(ctx.state, ctx.clock.now());
    }
    var m = metricsEntry(ctx.metrics);
    if (m) entries.push(m);
    return scrub(entries, secrets);
  } catch (e) {
    var msg = isUserError(e)
      ? 'IOC Enrich ' + command + ': ' + errorText(e)
      : 'IOC Enrich ' + command + ' failed: ' + errorText(e) + '. Check the arguments and the instance settings; if it persists, report it with the server log.';
    logError(redact(msg, secrets));
    return errorEntry(redact(msg, secrets));
  }
}

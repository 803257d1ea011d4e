/**
 * `ioc-enrich providers`: what each provider looks up, its default budget and weight, and whether
 * the current configuration lets us call it. Keys are never printed, only where they came from.
 */
import { Command } from 'commander';
import { RateLimits } from '../../core/providers/types';
import { envKeyName, providerConfig, providerStatus } from '../../node/config/index';
import { CliContext } from '../context';
import { table } from '../format';
import { manifestCommand } from '../from-manifest';

export function limitsText(l: RateLimits | undefined): string {
  if (!l) return 'unlimited';
  var parts: string[] = [];
  if (l.perSecond !== undefined) parts.push(l.perSecond + '/s');
  if (l.perMinute !== undefined) parts.push(l.perMinute + '/min');
  if (l.perDay !== undefined) parts.push(l.perDay + '/day');
  return parts.length ? parts.join(' ') : 'unlimited';
}

export function register(program: Command, ctx: CliContext): void {
  manifestCommand(program, 'providers')
    .action(function (opts: { json?: boolean }, cmd: Command) {
      var loaded = ctx.config(cmd);
      var list = ctx.providers().map(function (p) {
        var cfg = providerConfig(loaded, p);
        var status = providerStatus(p, loaded);
        return {
          id: p.id,
          name: p.name,
          types: p.types.slice(),
          requiresKey: p.requiresKey,
          requiresBaseUrl: p.requiresBaseUrl,
          keyEnv: envKeyName(p.id),
          defaultLimits: p.defaults.limits,
          limits: Object.assign({}, p.defaults.limits, cfg.limits || {}),
          weight: cfg.weight !== undefined ? cfg.weight : p.defaults.weight,
          defaultWeight: p.defaults.weight,
          timeoutMs: cfg.timeoutMs !== undefined ? cfg.timeoutMs : p.defaults.timeoutMs,
          configured: status.usable,
          reason: status.reason,
          short: status.short,
        };
      });
      if (opts.json) {
        ctx.out(JSON.stringify(list, null, 2) + '\n');
        return;
      }
      var rows = list.map(function (p) {
        var limits = limitsText(p.defaultLimits);
        var effective = limitsText(p.limits);
        return [
          p.id,
          p.types.join(','),
          effective === limits ? limits : effective + ' (default ' + limits + ')',
          String(p.weight),
          p.requiresKey ? 'required' : 'optional',
          (p.configured ? 'yes (' : 'no (') + p.short + ')',
        ];
      });
      ctx.out(table(['PROVIDER', 'TYPES', 'LIMITS', 'WEIGHT', 'KEY', 'CONFIGURED'], rows, 100));
      var usable = list.filter((p) => p.configured).length;
      ctx.out('\n' + usable + ' of ' + list.length + ' providers usable' + (loaded.file ? ' with ' + loaded.file : ' (no configuration file; environment only)') + '; details: ioc-enrich config check\n');
    });
}

/**
 * The commented example written by `ioc-enrich config init`. Provider blocks are generated from
 * each provider's own defaults so the example never drifts from the code; everything the user
 * may leave at its default is commented out, so a later default change still reaches them.
 */
import { Provider, RateLimits } from '../../core/providers/types';
import { envKeyName } from './load';

function limitsText(l: RateLimits): string {
  var parts: string[] = [];
  if (l.perSecond !== undefined) parts.push('perSecond: ' + l.perSecond);
  if (l.perMinute !== undefined) parts.push('perMinute: ' + l.perMinute);
  if (l.perDay !== undefined) parts.push('perDay: ' + l.perDay);
  return parts.length ? '{ ' + parts.join(', ') + ' }' : '{}   # no published limit';
}

function providerBlock(p: Provider): string {
  var lines: string[] = [];
  lines.push('  # ' + p.name + ' — ' + p.types.join(', ') + (p.requiresKey ? '' : ' (works without a key)'));
  lines.push('  ' + p.id + ':');
  lines.push('    enabled: true');
  if (p.requiresKey) lines.push('    # apiKey: "..."            # better: export ' + envKeyName(p.id) + '=...');
  else lines.push('    # apiKey: "..."            # optional; or ' + envKeyName(p.id));
  if (p.requiresBaseUrl) lines.push('    # baseUrl: "https://' + p.id + '.example.internal"   # required: your own instance');
  else lines.push('    # baseUrl: "' + p.defaults.baseUrl + '"');
  lines.push('    # weight: ' + p.defaults.weight);
  lines.push('    # limits: ' + limitsText(p.defaults.limits));
  lines.push('    # timeoutMs: ' + p.defaults.timeoutMs);
  return lines.join('\n');
}

export function exampleConfig(providers: Provider[]): string {
  return [
    '# ioc-enrich configuration (YAML). Check it with: ioc-enrich config check --config <file>',
    '# Every setting is optional; commented lines show the defaults. Full reference: docs/configuration.md',
    '#',
    '# API keys: prefer environment variables IOC_ENRICH_<ID>_KEY (e.g. IOC_ENRICH_VIRUSTOTAL_KEY).',
    '# When both are set, the environment wins. Keep this file out of version control if it holds keys.',
    '',
    'providers:',
    providers.map(providerBlock).join('\n\n'),
    '',
    '# Alert routing: score >= high -> escalate; >= medium -> review; below -> auto_close with a note.',
    'thresholds:',
    '  high: 70',
    '  medium: 40',
    '',
    '# How the alert score is derived from its indicators: max (default) or mean.',
    'alertScore: max',
    '',
    '# Per-alert deadline: providers still running then are reported as timeout and the result is partial.',
    'deadlineSeconds: 25',
    '',
    'cache:',
    '  # path: "~/.cache/ioc-enrich/cache.sqlite"   # default: $XDG_CACHE_HOME/ioc-enrich/cache.sqlite',
    '  okTtlHours: 24',
    '  notFoundTtlHours: 6',
    '',
    '# Known-good infrastructure: reported, but its score is capped to 0 with the reason shown.',
    'allowlist:',
    '  builtin: true          # well-known shared infrastructure (CDNs, public resolvers, ...)',
    '  domains: []            # e.g. [example.com]  (subdomains included)',
    '  urlPrefixes: []        # e.g. ["https://intranet.example.com/"]',
    '  cidrs: []              # e.g. ["198.51.100.0/24"]',
    '',
    '# Your own estate: never sent to external providers (status skipped, reason given).',
    'internal:',
    '  domains: []            # e.g. [corp.example.com]',
    '  cidrs: []              # e.g. ["10.0.0.0/8"]; private ranges are never sent anyway',
    '',
  ].join('\n');
}

/**
 * ioc-enrich's commands, params and outputs — written once, rendered into XSOAR YAML, Splunk SOAR
 * app JSON, CLI help and docs. Provider-dependent parts are built from the provider registry.
 */
import type { Provider } from '../core/providers/types';
import { DEFAULT_OK_TTL_HOURS } from '../core/engine/cache';
import { DEFAULT_THRESHOLDS } from '../core/engine/routing';
import { DEFAULT_DEADLINE_SECONDS } from '../core/engine/run';
import type { ManifestArgument, ManifestCommand, ManifestOutput, ManifestParam } from './types';

export * from './types';

/** XSOAR's standard reliability list (demisto-sdk RELIABILITY_PARAM with the reputation-script tiers). */
export var RELIABILITY_OPTIONS = [
  'A++ - Reputation script',
  'A+ - 3rd party enrichment',
  'A - Completely reliable',
  'B - Usually reliable',
  'C - Fairly reliable',
  'D - Not usually reliable',
  'E - Unreliable',
  'F - Reliability cannot be judged',
];

/** The exact descriptions demisto-sdk IN101 requires on DBotScore outputs. */
export var DBOT_OUTPUTS: ManifestOutput[] = [
  { contextPath: 'DBotScore.Indicator', description: 'The indicator that was tested.', type: 'String' },
  { contextPath: 'DBotScore.Type', description: 'The indicator type.', type: 'String' },
  { contextPath: 'DBotScore.Vendor', description: 'The vendor used to calculate the score.', type: 'String' },
  { contextPath: 'DBotScore.Score', description: 'The actual score.', type: 'Number' },
  { contextPath: 'DBotScore.Reliability', description: 'Reliability of the source providing the intelligence data.', type: 'String' },
];

/** Our per-indicator details, shared by every command that enriches. */
export var INDICATOR_OUTPUTS: ManifestOutput[] = [
  { contextPath: 'IOCEnrich.Indicator.Value', description: 'The normalised indicator value.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Type', description: 'The indicator type (ipv4, ipv6, domain, url, email, md5, sha1, sha256, sha512, cve).', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Scope', description: 'For IP addresses: public, private, loopback, link-local, cgnat, multicast, documentation or reserved.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Score', description: 'Composite confidence score 0-100 from every provider that answered.', type: 'Number' },
  { contextPath: 'IOCEnrich.Indicator.Tier', description: 'high (score at or above the high threshold), medium or low.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Explanation', description: 'One line an analyst can read: which providers said what.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Allowlisted', description: 'Why the indicator is allowlisted (score capped to 0), if it is.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Provider', description: 'Provider id of one breakdown row.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Status', description: 'ok, not_found, error or skipped.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Kind', description: 'For errors: auth, quota, rate_limited, server, timeout, network or bad_response.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Weight', description: 'The provider weight used in the score.', type: 'Number' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Contribution', description: 'Points this provider contributed to the score.', type: 'Number' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Message', description: 'Why a provider was skipped or failed.', type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Link', description: "The provider's own page for the indicator.", type: 'String' },
  { contextPath: 'IOCEnrich.Indicator.Breakdown.Cached', description: "True when this provider's result came from the cache.", type: 'Boolean' },
];

export var ALERT_OUTPUTS: ManifestOutput[] = [
  { contextPath: 'IOCEnrich.Alert.Score', description: 'Alert score: the highest indicator score.', type: 'Number' },
  { contextPath: 'IOCEnrich.Alert.Tier', description: 'high, medium or low.', type: 'String' },
  { contextPath: 'IOCEnrich.Alert.Action', description: 'escalate, review or auto_close. Nothing is ever blocked automatically.', type: 'String' },
  { contextPath: 'IOCEnrich.Alert.Partial', description: 'True when a provider that should have answered failed; a partial alert never auto-closes.', type: 'Boolean' },
  { contextPath: 'IOCEnrich.Alert.Note', description: 'Summary of the evidence, for the analyst or the close note.', type: 'String' },
];

export var PROVIDER_RESULT_OUTPUTS: ManifestOutput[] = [
  { contextPath: 'IOCEnrich.ProviderResult.Provider', description: 'Provider id.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Value', description: 'The indicator value.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Type', description: 'The indicator type.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Status', description: 'ok, not_found, error or skipped.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Kind', description: 'For errors: auth, quota, rate_limited, server, timeout, network or bad_response.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Message', description: 'Why the provider was skipped or failed, and what to do.', type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Malicious', description: 'Normalised maliciousness 0-1 from this provider.', type: 'Number' },
  { contextPath: 'IOCEnrich.ProviderResult.Confidence', description: "How much the provider's opinion counts, 0-1.", type: 'Number' },
  { contextPath: 'IOCEnrich.ProviderResult.Weight', description: 'The provider weight used in the composite score.', type: 'Number' },
  { contextPath: 'IOCEnrich.ProviderResult.Facts', description: 'Provider facts worth showing an analyst.', type: 'Unknown' },
  { contextPath: 'IOCEnrich.ProviderResult.Link', description: "The provider's own page for the indicator.", type: 'String' },
  { contextPath: 'IOCEnrich.ProviderResult.Cached', description: 'True when the result came from the cache.', type: 'Boolean' },
];

var REPUTATION: { command: string; arg: string; noun: string; outputs: ManifestOutput[] }[] = [
  {
    command: 'ip', arg: 'ip', noun: 'IP addresses',
    outputs: [
      { contextPath: 'IP.Address', description: 'IP address.', type: 'String' },
      { contextPath: 'IP.Malicious.Vendor', description: 'The vendor reporting the IP address as malicious.', type: 'String' },
      { contextPath: 'IP.Malicious.Description', description: 'A description explaining why the IP address was reported as malicious.', type: 'String' },
    ],
  },
  {
    command: 'domain', arg: 'domain', noun: 'domains',
    outputs: [
      { contextPath: 'Domain.Name', description: 'The domain name.', type: 'String' },
      { contextPath: 'Domain.Malicious.Vendor', description: 'The vendor reporting the domain as malicious.', type: 'String' },
      { contextPath: 'Domain.Malicious.Description', description: 'A description explaining why the domain was reported as malicious.', type: 'String' },
    ],
  },
  {
    command: 'url', arg: 'url', noun: 'URLs',
    outputs: [
      { contextPath: 'URL.Data', description: 'The URL.', type: 'String' },
      { contextPath: 'URL.Malicious.Vendor', description: 'The vendor reporting the URL as malicious.', type: 'String' },
      { contextPath: 'URL.Malicious.Description', description: 'A description of the malicious URL.', type: 'String' },
    ],
  },
  {
    command: 'file', arg: 'file', noun: 'file hashes (MD5, SHA-1, SHA-256)',
    outputs: [
      { contextPath: 'File.MD5', description: 'The MD5 hash of the file.', type: 'String' },
      { contextPath: 'File.SHA1', description: 'The SHA1 hash of the file.', type: 'String' },
      { contextPath: 'File.SHA256', description: 'The SHA256 hash of the file.', type: 'String' },
      { contextPath: 'File.Malicious.Vendor', description: 'The vendor reporting the file as malicious.', type: 'String' },
      { contextPath: 'File.Malicious.Description', description: 'A description explaining why the file was determined to be malicious.', type: 'String' },
    ],
  },
];

var REFRESH_ARG: ManifestArgument = {
  name: 'refresh',
  description: 'Bypass the cache and ask the providers again.',
  predefined: ['true', 'false'],
  defaultValue: 'false',
};

export function buildCommands(providers: Provider[]): ManifestCommand[] {
  var ids = providers.map(function (p) { return p.id; });
  var providersArg: ManifestArgument = {
    name: 'providers',
    description: 'Comma-separated provider ids to use instead of every enabled one (' + ids.join(', ') + ').',
    isArray: true,
  };
  var commands: ManifestCommand[] = REPUTATION.map(function (r) {
    return {
      name: r.command,
      description: 'Enriches ' + r.noun + ' with every enabled provider and returns a composite score, a DBotScore and a per-provider breakdown.',
      arguments: [
        { name: r.arg, description: 'A comma-separated list of ' + r.noun + ' to enrich (defanged forms accepted).', required: true, default: true, isArray: true },
        REFRESH_ARG,
      ],
      outputs: DBOT_OUTPUTS.concat(r.outputs, INDICATOR_OUTPUTS),
    };
  });
  commands.push(
    {
      name: 'ioc-enrich',
      description: 'Enriches indicators (given, or extracted from text) with every enabled provider, scores them and routes the alert: high → escalate, medium → review, low → auto_close with a note. Informs only; never blocks.',
      arguments: [
        { name: 'indicators', description: 'Indicators to enrich; types are detected and defanged forms refanged.', isArray: true },
        { name: 'text', description: 'Free text (alert body, email) to extract indicators from.' },
        providersArg,
        REFRESH_ARG,
      ],
      outputs: INDICATOR_OUTPUTS.concat(ALERT_OUTPUTS),
    },
    {
      name: 'ioc-enrich-provider',
      description: 'Looks indicators up in one provider only, for playbook fan-out (one task per provider).',
      arguments: [
        { name: 'provider', description: 'The provider to ask.', required: true, predefined: ids },
        { name: 'indicators', description: 'Indicators to look up.', required: true, isArray: true },
        REFRESH_ARG,
      ],
      outputs: PROVIDER_RESULT_OUTPUTS,
    },
    {
      name: 'ioc-extract',
      description: 'Extracts indicators from text: refangs defanged forms, normalises values, classifies IP scope. Calls no provider.',
      arguments: [{ name: 'text', description: 'The text to extract indicators from.', required: true, default: true }],
      outputs: [
        { contextPath: 'IOCEnrich.Extracted.Type', description: 'The indicator type.', type: 'String' },
        { contextPath: 'IOCEnrich.Extracted.Value', description: 'The normalised indicator value.', type: 'String' },
        { contextPath: 'IOCEnrich.Extracted.Raw', description: 'The indicator as written (possibly defanged).', type: 'String' },
        { contextPath: 'IOCEnrich.Extracted.Scope', description: 'For IP addresses: public, private, loopback, link-local, cgnat, multicast, documentation or reserved.', type: 'String' },
      ],
    },
    {
      name: 'ioc-enrich-cache-stats',
      description: 'Shows how many results are cached, by provider and status, and the oldest entry.',
      arguments: [],
      outputs: [
        { contextPath: 'IOCEnrich.Cache.Entries', description: 'Number of cached results.', type: 'Number' },
        { contextPath: 'IOCEnrich.Cache.Bytes', description: 'Size of the cache in the integration context.', type: 'Number' },
      ],
    },
    {
      name: 'ioc-enrich-cache-clear',
      description: 'Empties the result cache (rate-limit budgets are kept).',
      arguments: [],
      outputs: [],
    },
    {
      name: 'ioc-enrich-budget',
      description: 'Shows the remaining call budget per provider for each window (second, minute, day).',
      arguments: [],
      outputs: [
        { contextPath: 'IOCEnrich.Budget.Provider', description: 'Provider id.', type: 'String' },
        { contextPath: 'IOCEnrich.Budget.Window', description: 'second, minute or day.', type: 'String' },
        { contextPath: 'IOCEnrich.Budget.Limit', description: 'Calls allowed in the window.', type: 'Number' },
        { contextPath: 'IOCEnrich.Budget.Remaining', description: 'Calls left in the current window.', type: 'Number' },
      ],
    }
  );
  return commands;
}

export function buildParams(providers: Provider[]): ManifestParam[] {
  var params: ManifestParam[] = [
    {
      name: 'providers',
      display: 'Providers',
      type: 16,
      required: false,
      options: providers.map(function (p) { return p.id; }),
      additionalinfo: 'Providers to use. Each needs its credentials below (and a base URL for self-hosted MISP and OpenCTI).',
      section: 'Connect',
    },
  ];
  providers.forEach(function (p) {
    params.push({
      name: p.id + '_credentials',
      display: p.name + ' API key',
      displaypassword: p.name + ' API key',
      type: 9,
      hiddenusername: true,
      required: false,
      section: 'Connect',
    });
    params.push({
      name: p.id + '_url',
      display: p.name + ' base URL' + (p.requiresBaseUrl ? ' (required when enabled)' : ''),
      type: 0,
      required: false,
      defaultvalue: p.requiresBaseUrl ? undefined : p.defaults.baseUrl,
      additionalinfo: p.requiresBaseUrl ? 'Your self-hosted ' + p.name + ' server, e.g. https://' + p.id + '.example.org' : undefined,
      section: 'Connect',
      advanced: !p.requiresBaseUrl,
    });
  });
  params.push(
    { name: 'reliability', display: 'Source Reliability', type: 15, required: true, options: RELIABILITY_OPTIONS, defaultvalue: 'C - Fairly reliable', additionalinfo: 'Reliability of the source providing the intelligence data.', section: 'Connect' },
    { name: 'threshold_high', display: 'High tier threshold (score ≥ this → escalate)', type: 0, required: false, defaultvalue: String(DEFAULT_THRESHOLDS.high), section: 'Optimize' },
    { name: 'threshold_medium', display: 'Medium tier threshold (score ≥ this → review; below → auto-close note)', type: 0, required: false, defaultvalue: String(DEFAULT_THRESHOLDS.medium), section: 'Optimize' },
    { name: 'cache_ttl_hours', display: 'Cache lifetime for results (hours)', type: 0, required: false, defaultvalue: String(DEFAULT_OK_TTL_HOURS), section: 'Optimize' },
    { name: 'deadline_seconds', display: 'Deadline per command (seconds); unfinished lookups become partial results', type: 0, required: false, defaultvalue: String(DEFAULT_DEADLINE_SECONDS), section: 'Optimize' },
    { name: 'allowlist', display: 'Allowlist (one domain, URL prefix or CIDR per line; score capped to 0)', type: 12, required: false, section: 'Optimize' },
    { name: 'internal_domains', display: 'Internal domains and CIDRs (one per line; never sent to providers)', type: 12, required: false, section: 'Optimize' },
    { name: 'insecure', display: 'Trust any certificate (not secure)', type: 8, required: false, section: 'Connect', advanced: true },
    { name: 'proxy', display: 'Use system proxy settings', type: 8, required: false, section: 'Connect', advanced: true }
  );
  return params;
}

export { buildCli, CLI_EXIT_CODES, routingSentence } from './cli';

/**
 * JSON Schema (draft-07, checked by ajv) for `ioc-enrich.yaml`. Every object is closed
 * (`additionalProperties: false`) so a typo such as `apikey` or `virustotl` is an error, not a
 * silently ignored setting; every number is ranged so nonsense limits fail before the engine runs.
 */
import { ProviderId } from '../../core/providers/types';

/** Every provider id the configuration accepts, spelled exactly as in the YAML. */
export var PROVIDER_IDS: ProviderId[] = [
  'virustotal',
  'abuseipdb',
  'shodan',
  'misp',
  'opencti',
  'urlscan',
  'safebrowsing',
  'malwarebazaar',
  'urlhaus',
  'threatfox',
  'greynoise',
  'otx',
];

type Schema = Record<string, unknown>;

function num(minimum: number, maximum: number, integer = false): Schema {
  return { type: integer ? 'integer' : 'number', minimum, maximum };
}

var stringList: Schema = { type: 'array', items: { type: 'string', minLength: 1 } };

var limitsSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    perSecond: num(1, 1e9),
    perMinute: num(1, 1e9),
    perDay: num(1, 1e9),
  },
};

var providerSchema: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    apiKey: { type: 'string', minLength: 1 },
    baseUrl: { type: 'string', pattern: '^https?://[^\\s/]+' },
    enabled: { type: 'boolean' },
    weight: num(0, 100),
    limits: limitsSchema,
    timeoutMs: num(100, 600000, true),
  },
};

var providers: Schema = {};
PROVIDER_IDS.forEach(function (id) {
  providers[id] = providerSchema;
});

export var CONFIG_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ioc-enrich configuration',
  type: 'object',
  additionalProperties: false,
  properties: {
    providers: { type: 'object', additionalProperties: false, properties: providers },
    thresholds: {
      type: 'object',
      additionalProperties: false,
      properties: { high: num(0, 100), medium: num(0, 100) },
    },
    deadlineSeconds: num(1, 3600),
    cache: {
      type: 'object',
      additionalProperties: false,
      properties: {
        path: { type: 'string', minLength: 1 },
        okTtlHours: num(0, 8760),
        notFoundTtlHours: num(0, 8760),
      },
    },
    allowlist: {
      type: 'object',
      additionalProperties: false,
      properties: { domains: stringList, urlPrefixes: stringList, cidrs: stringList, builtin: { type: 'boolean' } },
    },
    internal: {
      type: 'object',
      additionalProperties: false,
      properties: { domains: stringList, cidrs: stringList },
    },
    alertScore: { type: 'string', enum: ['max', 'mean'] },
  },
};

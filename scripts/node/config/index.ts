/** Node-side configuration: YAML loading and validation, env keys, provider usability, example file. */
export { ConfigError, DEFAULT_CONFIG_FILE, envKeyName, formatIssue, loadConfig, parseConfig, resolveConfigPath } from './load';
export type { ConfigIssue, KeySource, LoadedConfig, LoadOptions } from './load';
export { CONFIG_SCHEMA, PROVIDER_IDS } from './schema';
export { providerConfig, providerStatus } from './usable';
export type { ProviderStatus } from './usable';
export { exampleConfig } from './example';

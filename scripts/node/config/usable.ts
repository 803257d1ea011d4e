/**
 * Whether a provider can be called with the loaded configuration, and why not. Used by
 * `ioc-enrich providers` and `ioc-enrich config check`; mirrors the core's `precheck` so the CLI
 * and the engine agree on "not configured". Never returns or formats a key.
 */
import { Provider, ProviderConfig } from '../../core/providers/types';
import { envKeyName, LoadedConfig } from './load';

export interface ProviderStatus {
  usable: boolean;
  /** `key from environment`, `no key needed`, `disabled in configuration`, `not configured: ...`. */
  reason: string;
  /** A few words for tables: `env key`, `needs key`, `needs baseUrl`, `disabled`, ... */
  short: string;
}

export function providerConfig(loaded: LoadedConfig, provider: Provider): ProviderConfig {
  return (loaded.config.providers && loaded.config.providers[provider.id]) || {};
}

export function providerStatus(provider: Provider, loaded: LoadedConfig): ProviderStatus {
  var cfg = providerConfig(loaded, provider);
  if (cfg.enabled === false) return { usable: false, short: 'disabled', reason: 'disabled in configuration (providers.' + provider.id + '.enabled: false)' };
  if (provider.requiresBaseUrl && !cfg.baseUrl) {
    return { usable: false, short: provider.requiresKey && !cfg.apiKey ? 'needs baseUrl and key' : 'needs baseUrl', reason: 'not configured: set providers.' + provider.id + '.baseUrl to your ' + provider.name + ' instance' + (provider.requiresKey && !cfg.apiKey ? ' and an API key (' + envKeyName(provider.id) + ')' : '') };
  }
  if (provider.requiresKey && !cfg.apiKey) {
    return { usable: false, short: 'needs key', reason: 'not configured: no API key (set ' + envKeyName(provider.id) + ' or providers.' + provider.id + '.apiKey)' };
  }
  var source = loaded.keySources[provider.id];
  if (source === 'env') return { usable: true, short: 'key from env', reason: 'key from environment ' + envKeyName(provider.id) + (loaded.envOverrides.indexOf(provider.id) >= 0 ? ' (overrides the file)' : '') };
  if (source === 'file') return { usable: true, short: 'key from file', reason: 'key from configuration file' };
  return { usable: true, short: provider.requiresKey ? 'configured' : 'no key needed', reason: provider.requiresKey ? 'configured' : 'no key needed' };
}

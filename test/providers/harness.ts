/** Drives a provider adapter through the real Node transport (axios) so nock sees real HTTP. */
import { isSkip, transportError } from '../../scripts/core/providers/common';
import type { Provider, ProviderConfig, ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator } from '../../scripts/core/model';
import { isTransportFailure, perform } from '../../scripts/node/http';

export async function roundTrip(provider: Provider, indicator: Indicator, config: ProviderConfig): Promise<ProviderResult | Skip> {
  const req = provider.request(indicator, config);
  if (isSkip(req)) return req;
  const res = await perform(req, { timeoutMs: config.timeoutMs ?? 2000 });
  if (isTransportFailure(res)) return transportError(provider, res);
  return provider.parse(indicator, res, config);
}

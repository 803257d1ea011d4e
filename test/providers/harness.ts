/** Shared scaffolding for the provider tests: the real-HTTP round trip, nock lifecycle, fixtures. */
import { expect } from 'chai';
import nock from 'nock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSkip, transportError } from '../../scripts/core/providers/common';
import type { Provider, ProviderConfig, ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator } from '../../scripts/core/model';
import { isTransportFailure, perform } from '../../scripts/node/http';

/** Drives a provider adapter through the real Node transport (axios) so nock sees real HTTP. */
export async function roundTrip(provider: Provider, indicator: Indicator, config: ProviderConfig): Promise<ProviderResult | Skip> {
  const req = provider.request(indicator, config);
  if (isSkip(req)) return req;
  const res = await perform(req, { timeoutMs: config.timeoutMs ?? 2000 });
  if (isTransportFailure(res)) return transportError(provider, res);
  return provider.parse(indicator, res, config);
}

/** Call inside a `describe`: no real network for its tests, and no interceptor outlives a test. */
export function useNock(): void {
  before(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  after(() => nock.enableNetConnect());
}

/** The result of a call that must not have been skipped. */
export function asResult(r: ProviderResult | Skip): ProviderResult {
  expect(r).not.to.have.property('skip');
  return r as ProviderResult;
}

/** Raw text of `test/fixtures/providers/<provider>/<name>`. */
export function readFixture(provider: string, name: string): string {
  return readFileSync(join(__dirname, '../fixtures/providers', provider, name), 'utf8');
}

/** `s` as it appears inside a JSON string literal (for filling fixture placeholders). */
export function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

/** An error result of `kind` for `httpStatus`, its message led by the provider's name, and no signal. */
export function expectErrorResult(r: ProviderResult, kind: string, httpStatus: number, messagePrefix: RegExp): void {
  expect(r.status).to.equal('error');
  expect(r.kind).to.equal(kind);
  expect(r.httpStatus).to.equal(httpStatus);
  expect(r.message).to.match(messagePrefix);
  expect(r.signal).to.equal(undefined);
}

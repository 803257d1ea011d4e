import { expect } from 'chai';
import { HOUR_MS, cacheKey, configFingerprint, entryFor, readCache, ttlsOf, writeCache } from '../../scripts/core/engine/cache';
import { MemoryCacheStore } from '../../scripts/node/cache/memory';
import { fakeProvider } from './fakes';

const T0 = Date.UTC(2025, 5, 1);
const p = fakeProvider({ id: 'virustotal' });
const ttls = ttlsOf({});

describe('engine/cache', () => {
  it('fingerprint hashes base URL + key: stable, key-dependent, never the key', () => {
    const key = 'SECRETKEY-0123456789abcdef';
    const a = configFingerprint(p, { apiKey: key });
    expect(a).to.match(/^[0-9a-f]{32}$/);
    expect(a).to.equal(configFingerprint(p, { apiKey: key }));
    expect(a).not.to.equal(configFingerprint(p, { apiKey: key + 'x' }));
    expect(a).not.to.equal(configFingerprint(p, { apiKey: key, baseUrl: 'https://other.test' }));
    const k = cacheKey('virustotal', a, { type: 'ipv4', value: '203.0.113.5' });
    expect(k).to.equal('v1|virustotal|' + a + '|ipv4|203.0.113.5');
    expect(k).not.to.contain(key);
  });

  it('ok lives 24 h, not_found 6 h, errors and skips never', () => {
    expect(ttls).to.deep.equal({ okMs: 24 * HOUR_MS, notFoundMs: 6 * HOUR_MS });
    expect(entryFor({ provider: 'virustotal', status: 'ok', signal: { malicious: 1, confidence: 1 } }, T0, ttls)!.expiresAtMs).to.equal(T0 + 24 * HOUR_MS);
    expect(entryFor({ provider: 'virustotal', status: 'not_found' }, T0, ttls)!.expiresAtMs).to.equal(T0 + 6 * HOUR_MS);
    expect(entryFor({ provider: 'virustotal', status: 'error', kind: 'server' }, T0, ttls)).to.equal(null);
    expect(entryFor({ provider: 'virustotal', status: 'skipped' }, T0, ttls)).to.equal(null);
    expect(ttlsOf({ cache: { okTtlHours: 1, notFoundTtlHours: 0 } })).to.deep.equal({ okMs: HOUR_MS, notFoundMs: 0 });
  });

  it('readCache reports the age and forgets expired entries', () => {
    const store = new MemoryCacheStore();
    writeCache(store, 'k', { provider: 'virustotal', status: 'ok', signal: { malicious: 0.5, confidence: 1 }, facts: { a: 1 } }, T0, ttls);
    writeCache(store, 'n', { provider: 'virustotal', status: 'not_found' }, T0, ttls);
    writeCache(store, 'e', { provider: 'virustotal', status: 'error', kind: 'timeout' }, T0, ttls);
    expect(readCache(store, 'k', T0 + 5000)).to.deep.equal({ result: { provider: 'virustotal', status: 'ok', signal: { malicious: 0.5, confidence: 1 }, facts: { a: 1 } }, ageMs: 5000 });
    expect(readCache(store, 'k', T0 + 24 * HOUR_MS - 1)).to.not.equal(undefined);
    expect(readCache(store, 'k', T0 + 24 * HOUR_MS)).to.equal(undefined);
    expect(readCache(store, 'n', T0 + 6 * HOUR_MS - 1)!.result.status).to.equal('not_found');
    expect(readCache(store, 'n', T0 + 6 * HOUR_MS)).to.equal(undefined);
    expect(readCache(store, 'e', T0)).to.equal(undefined);
    expect(store.size()).to.equal(0);
  });

  it('memory store stays bounded', () => {
    const store = new MemoryCacheStore(3);
    for (let i = 0; i < 10; i++) store.set('k' + i, { value: '{}', storedAtMs: T0, expiresAtMs: T0 + 1000 + i });
    expect(store.size()).to.equal(3);
    expect(store.get('k9', T0)).to.not.equal(undefined);
    store.clear();
    expect(store.size()).to.equal(0);
  });
});

describe('engine: in-memory cache store', () => {
  it('evicts the least recently used entry past its cap and drops expired entries on read', () => {
    const store = new MemoryCacheStore(2);
    const e = (v: string, exp = 1000) => ({ value: v, storedAtMs: 0, expiresAtMs: exp });
    store.set('a', e('A'));
    store.set('b', e('B'));
    expect(store.get('a', 1)?.value).to.equal('A'); // a is now the most recent
    store.set('c', e('C'));
    expect(store.size()).to.equal(2);
    expect(store.get('b', 1)).to.equal(undefined);
    expect(store.get('a', 1)?.value).to.equal('A');
    expect(store.get('c', 1)?.value).to.equal('C');
    store.set('d', e('D', 5));
    expect(store.get('d', 5)).to.equal(undefined);
    expect(store.size()).to.equal(1);
  });
});

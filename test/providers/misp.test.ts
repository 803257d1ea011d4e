import { expect } from 'chai';
import nock from 'nock';
import { misp } from '../../scripts/core/providers/misp';
import type { ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator, IocType } from '../../scripts/core/model';
import { roundTrip, useNock, readFixture, jsonEscape } from './harness';


const KEY = 'misp-SECRET-0123456789abcdefABCDEF';
const BASE = 'https://misp.example.test';
const CONFIG = { apiKey: KEY, baseUrl: BASE + '/' };

const INDICATORS: Record<IocType, Indicator> = {
  ipv4: { type: 'ipv4', value: '198.51.100.7', scope: 'public' },
  ipv6: { type: 'ipv6', value: '2001:db8::7', scope: 'public' },
  domain: { type: 'domain', value: 'bad.example.test' },
  url: { type: 'url', value: 'http://bad.example.test/x.exe?a=1&b="2"' },
  email: { type: 'email', value: 'phish@example.test' },
  md5: { type: 'md5', value: 'c5d30000000000000000000000000003' },
  sha1: { type: 'sha1', value: 'b4e2000000000000000000000000000000000002' },
  sha256: { type: 'sha256', value: 'a3f1c0ffee000000000000000000000000000000000000000000000000000001' },
  sha512: { type: 'sha512', value: 'ab'.repeat(64) },
  cve: { type: 'cve', value: 'CVE-2024-3400' },
};
const MISP_TYPE: Record<IocType, string[]> = {
  ipv4: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  ipv6: ['ip-src', 'ip-dst', 'ip-src|port', 'ip-dst|port', 'domain|ip'],
  domain: ['domain', 'hostname', 'domain|ip'],
  url: ['url', 'uri', 'link'],
  email: ['email', 'email-src', 'email-dst'],
  md5: ['md5', 'filename|md5'],
  sha1: ['sha1', 'filename|sha1'],
  sha256: ['sha256', 'filename|sha256'],
  sha512: ['sha512', 'filename|sha512'],
  cve: ['vulnerability'],
};

/** A fixture with `{{value}}`/`{{misp_type}}` filled in for this indicator (JSON-escaped). */
function fixture(name: string, ind: Indicator): string {
  const raw = readFixture('misp', name);
  return raw.split('{{value}}').join(jsonEscape(ind.value)).split('{{misp_type}}').join(jsonEscape(MISP_TYPE[ind.type][0]));
}

const seen: string[] = [];

async function call(ind: Indicator, status: number, body: string, headers: Record<string, string> = {}, config = CONFIG): Promise<ProviderResult> {
  const scope = nock(BASE)
    .matchHeader('authorization', KEY)
    .matchHeader('content-type', /application\/json/)
    .post('/attributes/restSearch')
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  const r = (await roundTrip(misp, ind, config)) as ProviderResult;
  expect(scope.isDone(), 'request reached the mock').to.equal(true);
  seen.push(JSON.stringify(r));
  expect(JSON.stringify(r)).not.to.contain(KEY);
  return r;
}

describe('providers/misp', () => {
  useNock();

  it('declares every IOC type, base URL and key required, 10 s timeout', () => {
    expect(misp.types).to.have.members(Object.keys(INDICATORS));
    expect(misp.requiresBaseUrl).to.equal(true);
    expect(misp.requiresKey).to.equal(true);
    expect(misp.defaults.timeoutMs).to.equal(10000);
  });

  for (const type of Object.keys(INDICATORS) as IocType[]) {
    const ind = INDICATORS[type];
    describe(type, () => {
      it('sends the documented restSearch body with the raw key in Authorization', async () => {
        let sent: any;
        const scope = nock(BASE, { badheaders: ['x-api-key'] })
          .matchHeader('authorization', KEY)
          .matchHeader('accept', 'application/json')
          .post('/attributes/restSearch', (b) => ((sent = b), true))
          .reply(200, fixture('not-found-attribute.json', ind));
        await roundTrip(misp, ind, CONFIG);
        expect(scope.isDone()).to.equal(true);
        expect(sent).to.deep.equal({
          returnFormat: 'json',
          value: ind.value,
          type: MISP_TYPE[type],
          includeEventTags: true,
          includeWarninglistHits: true,
          limit: 50,
          page: 1,
        });
      });

      it('malicious hit: to_ids + high threat level → 0.95, facts and event link', async () => {
        const r = await call(ind, 200, fixture('hit-malicious.json', ind));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.95, confidence: 0.8 });
        expect(r.link).to.equal(BASE + '/events/view/149');
        expect(r.facts!.to_ids).to.equal(true);
        expect(r.facts!.attributes).to.equal(2);
        expect(r.facts!.tags).to.deep.equal(['tlp:white', 'misp-galaxy:malpedia=Example', 'tlp:green']);
        expect(r.facts!.categories).to.deep.equal(['Network activity', 'Payload delivery']);
        expect(r.facts!.types).to.deep.equal([MISP_TYPE[type][0]]);
        expect(r.facts!.warninglist_hits).to.deep.equal([]);
        expect(r.facts!.last_seen).to.equal('2024-05-29T16:26:40.000Z');
        expect(r.facts!.events).to.deep.equal([
          { id: '149', info: 'Example loader campaign', threat_level: 'High', date: '2025-05-30', org: 'Example CERT', published: true },
          { id: '151', info: 'Older phishing wave', threat_level: 'Low', date: '2025-05-30', org: 'Example CERT', published: true },
        ]);
      });

      it('warning-list hit: known benign → low maliciousness even with to_ids and high threat', async () => {
        const r = await call(ind, 200, fixture('hit-warninglist.json', ind));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.1, confidence: 0.7 });
        expect(r.facts!.warninglist_hits).to.deep.equal(['Example CDN ranges']);
      });

      it('low-severity hit: context-only attribute in a low-threat event → 0.3', async () => {
        const r = await call(ind, 200, fixture('hit-context.json', ind));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.3, confidence: 0.6 });
        expect(r.facts!.to_ids).to.equal(false);
        expect(r.link).to.equal(BASE + '/events/view/160');
      });

      for (const nf of ['not-found-attribute.json', 'not-found-list.json']) {
        it(`not found (${nf}) is not_found, never ok`, async () => {
          const r = await call(ind, 200, fixture(nf, ind));
          expect(r.status).to.equal('not_found');
          expect(r.signal).to.equal(undefined);
          expect(r.httpStatus).to.equal(200);
        });
      }

      for (const s of [401, 403]) {
        it(`HTTP ${s} → auth`, async () => {
          const r = await call(ind, s, fixture('error-403.json', ind));
          expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: s });
          expect(r.message).to.match(/^MISP /).and.match(/key/);
        });
      }

      it('HTTP 429 (role rate limit) → rate_limited with Retry-After', async () => {
        const r = await call(ind, 429, '{"name":"Rate limit exceeded.","message":"Rate limit exceeded.","url":"/attributes/restSearch"}', { 'Retry-After': '30' });
        expect(r).to.include({ status: 'error', kind: 'rate_limited', httpStatus: 429, retryAfterMs: 30000 });
      });

      it('HTTP 500 → server', async () => {
        const r = await call(ind, 500, '{"name":"An Internal Error Has Occurred.","message":"An Internal Error Has Occurred."}');
        expect(r).to.include({ status: 'error', kind: 'server', httpStatus: 500 });
        expect(r.retryAfterMs).to.equal(undefined);
      });

      it('malformed JSON (an HTML login page) → bad_response', async () => {
        const r = await call(ind, 200, '<html><body>Login</body></html>');
        expect(r).to.include({ status: 'error', kind: 'bad_response' });
        expect(r.message).to.contain('MISP').and.contain('base URL');
      });

      it('missing fields → bad_response', async () => {
        expect((await call(ind, 200, fixture('malformed-fields.json', ind))).kind).to.equal('bad_response');
        expect((await call(ind, 200, '{"Attribute":[]}')).kind).to.equal('bad_response');
      });
    });
  }

  it('HTTP 404 (wrong base URL) → bad_response telling to check the base URL', async () => {
    const r = await call(INDICATORS.domain, 404, 'Not Found');
    expect(r).to.include({ status: 'error', kind: 'bad_response', httpStatus: 404 });
    expect(r.message).to.contain('base URL');
  });

  it('base URL override is honoured (path prefix, trailing slash) and drives the link', async () => {
    const other = 'http://10.0.0.5:8443/misp';
    const scope = nock('http://10.0.0.5:8443').post('/misp/attributes/restSearch').reply(200, fixture('hit-malicious.json', INDICATORS.md5));
    const r = (await roundTrip(misp, INDICATORS.md5, { apiKey: KEY, baseUrl: other + '//' })) as ProviderResult;
    expect(scope.isDone()).to.equal(true);
    expect(r.link).to.equal(other + '/events/view/149');
  });

  describe('skips', () => {
    const cases: [string, Indicator, object, RegExp][] = [
      ['no base URL', INDICATORS.md5, { apiKey: KEY }, /base URL/],
      ['no key', INDICATORS.md5, { baseUrl: BASE }, /API key/],
      ['private IP', { type: 'ipv4', value: '10.1.2.3', scope: 'private' }, CONFIG, /private/],
      ['loopback IPv6', { type: 'ipv6', value: '::1', scope: 'loopback' }, CONFIG, /loopback/],
      ['disabled', INDICATORS.md5, { ...CONFIG, enabled: false }, /disabled/],
    ];
    for (const [name, ind, config, reason] of cases) {
      it(name, () => {
        const s = misp.request(ind, config) as Skip;
        expect(s.skip).to.equal(true);
        expect(s.reason).to.match(reason);
        expect(JSON.stringify(s)).not.to.contain(KEY);
      });
    }
  });

  describe('secrets', () => {
    it('the key never appears in any result produced above', () => {
      expect(seen.length).to.be.greaterThan(100);
      for (const r of seen) expect(r).not.to.contain(KEY);
    });
  });
});

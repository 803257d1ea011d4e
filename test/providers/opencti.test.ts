import { expect } from 'chai';
import nock from 'nock';
import { opencti } from '../../scripts/core/providers/opencti';
import type { ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator, IocType } from '../../scripts/core/model';
import { roundTrip, useNock, readFixture, jsonEscape } from './harness';


const KEY = 'octi-SECRET-5f0c6f1e-0000-4000-8000-abcdef012345';
const BASE = 'https://cti.example.test';
const CONFIG = { apiKey: KEY, baseUrl: BASE };

const INDICATORS: Record<IocType, Indicator> = {
  ipv4: { type: 'ipv4', value: '198.51.100.7', scope: 'public' },
  ipv6: { type: 'ipv6', value: '2001:db8::7', scope: 'public' },
  domain: { type: 'domain', value: 'bad.example.test' },
  url: { type: 'url', value: "http://bad.example.test/x.exe?q='1'" },
  email: { type: 'email', value: 'phish@example.test' },
  md5: { type: 'md5', value: 'c5d30000000000000000000000000003' },
  sha1: { type: 'sha1', value: 'b4e2000000000000000000000000000000000002' },
  sha256: { type: 'sha256', value: 'a3f1c0ffee000000000000000000000000000000000000000000000000000001' },
  sha512: { type: 'sha512', value: 'cd'.repeat(64) },
  cve: { type: 'cve', value: 'CVE-2024-3400' },
};
/** Expected GraphQL variables: observable types and filter key per IOC type. */
const LOOKUP: Record<IocType, [string[] | undefined, string]> = {
  ipv4: [['IPv4-Addr'], 'value'],
  ipv6: [['IPv6-Addr'], 'value'],
  domain: [['Domain-Name', 'Hostname'], 'value'],
  url: [['Url'], 'value'],
  email: [['Email-Addr'], 'value'],
  md5: [['StixFile', 'Artifact'], 'hashes.MD5'],
  sha1: [['StixFile', 'Artifact'], 'hashes.SHA-1'],
  sha256: [['StixFile', 'Artifact'], 'hashes.SHA-256'],
  sha512: [['StixFile', 'Artifact'], 'hashes.SHA-512'],
  cve: [undefined, 'name'],
};

function fixture(name: string, ind: Indicator): string {
  const raw = readFixture('opencti', name);
  const entity = ind.type === 'cve' ? 'Vulnerability' : LOOKUP[ind.type][0]![0];
  return raw.split('{{value}}').join(jsonEscape(ind.value)).split('{{entity_type}}').join(entity);
}

const seen: string[] = [];

async function call(ind: Indicator, status: number, body: string, headers: Record<string, string> = {}): Promise<ProviderResult> {
  const scope = nock(BASE)
    .matchHeader('authorization', 'Bearer ' + KEY)
    .matchHeader('content-type', /application\/json/)
    .post('/graphql')
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  const r = (await roundTrip(opencti, ind, CONFIG)) as ProviderResult;
  expect(scope.isDone(), 'request reached the mock').to.equal(true);
  seen.push(JSON.stringify(r));
  expect(JSON.stringify(r)).not.to.contain(KEY);
  return r;
}

const OBS_LINK = BASE + '/dashboard/observations/observables/0f1e2d3c-0000-4000-8000-00000000000a';

describe('providers/opencti', () => {
  useNock();

  it('declares every IOC type, base URL and token required, 10 s timeout', () => {
    expect(opencti.types).to.have.members(Object.keys(INDICATORS));
    expect(opencti.requiresBaseUrl).to.equal(true);
    expect(opencti.requiresKey).to.equal(true);
    expect(opencti.defaults.timeoutMs).to.equal(10000);
  });

  for (const type of Object.keys(INDICATORS) as IocType[]) {
    const ind = INDICATORS[type];
    const isCve = type === 'cve';
    const notFound = isCve ? 'cve-not-found.json' : 'not-found.json';
    describe(type, () => {
      it('sends a GraphQL FilterGroup lookup with a Bearer token', async () => {
        let sent: any;
        const scope = nock(BASE)
          .matchHeader('authorization', 'Bearer ' + KEY)
          .post('/graphql', (b) => ((sent = b), true))
          .reply(200, fixture(notFound, ind));
        await roundTrip(opencti, ind, CONFIG);
        expect(scope.isDone()).to.equal(true);
        expect(sent.query).to.contain(isCve ? 'vulnerabilities(filters: $filters' : 'stixCyberObservables(types: $types, filters: $filters');
        expect(sent.query).to.contain('$filters: FilterGroup');
        expect(sent.variables.types).to.deep.equal(LOOKUP[type][0]);
        expect(sent.variables.filters).to.deep.equal({
          mode: 'and',
          filterGroups: [],
          filters: [{ key: LOOKUP[type][1], values: [ind.value], operator: 'eq', mode: 'or' }],
        });
      });

      if (isCve) {
        it('vulnerability hit: CVSS/10 at low confidence (context, not a verdict)', async () => {
          const r = await call(ind, 200, fixture('cve-hit.json', ind));
          expect(r.status).to.equal('ok');
          expect(r.signal!.malicious).to.be.closeTo(0.98, 1e-9);
          expect(r.signal!.confidence).to.equal(0.3);
          expect(r.facts).to.include({ cvss_base_score: 9.8, cvss_severity: 'CRITICAL', reports: 3, created_by: 'Example CERT' });
          expect(r.link).to.equal(BASE + '/dashboard/arsenal/vulnerabilities/9a8b7c6d-0000-4000-8000-00000000000c');
        });
      } else {
        const hits: [string, number, number][] = [
          ['hit-malicious.json', 0.8, 0.8],
          ['hit-benign.json', 0.05, 0.8],
          ['hit-labels-only.json', 0.8, 0.6],
          ['hit-revoked-indicator.json', 0.2, 0.8],
        ];
        for (const [name, mal, conf] of hits) {
          it(`${name} → malicious ${mal}, confidence ${conf}`, async () => {
            const r = await call(ind, 200, fixture(name, ind));
            expect(r.status).to.equal('ok');
            expect(r.signal!.malicious).to.be.closeTo(mal, 1e-9);
            expect(r.signal!.confidence).to.equal(conf);
            expect(r.link).to.equal(OBS_LINK);
          });
        }
        it('facts: score, labels, created_by, markings, indicators, reports', async () => {
          const r = await call(ind, 200, fixture('hit-malicious.json', ind));
          expect(r.facts).to.deep.include({ score: 80, labels: ['c2'], created_by: 'Example CERT', markings: ['TLP:AMBER'], reports: 2, matches: 1 });
          expect(r.facts!.entity_type).to.equal(LOOKUP[type][0]![0]);
          expect(r.facts!.indicators).to.deep.equal([
            { pattern: `[x:value = '${ind.value}']`, score: 80, revoked: false, valid_until: '2025-09-01T00:00:00.000Z', types: ['malicious-activity'] },
          ]);
        });
      }

      it('not found (edges: [], globalCount 0) is not_found, never ok', async () => {
        const r = await call(ind, 200, fixture(notFound, ind));
        expect(r.status).to.equal('not_found');
        expect(r.signal).to.equal(undefined);
      });

      it('GraphQL auth error with HTTP 200 → auth', async () => {
        const r = await call(ind, 200, fixture('error-auth.json', ind));
        expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: 200 });
        expect(r.message).to.contain('OpenCTI').and.contain('You must be logged in');
      });

      it('GraphQL validation error with HTTP 200 → bad_response naming it', async () => {
        const r = await call(ind, 200, fixture('error-validation.json', ind));
        expect(r).to.include({ status: 'error', kind: 'bad_response' });
        expect(r.message).to.contain('Unknown type "FilterGroup"').and.contain('GRAPHQL_VALIDATION_FAILED');
      });

      for (const s of [401, 403]) {
        it(`HTTP ${s} → auth`, async () => {
          const r = await call(ind, s, s === 401 ? fixture('error-auth.json', ind) : 'Forbidden');
          expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: s });
        });
      }

      it('HTTP 429 (reverse proxy) → rate_limited with Retry-After', async () => {
        const r = await call(ind, 429, 'Too Many Requests', { 'Retry-After': '12' });
        expect(r).to.include({ status: 'error', kind: 'rate_limited', retryAfterMs: 12000 });
      });

      it('HTTP 500 → server', async () => {
        const r = await call(ind, 500, '{"errors":[{"message":"Internal server error"}]}');
        expect(r).to.include({ status: 'error', kind: 'server', httpStatus: 500 });
      });

      it('malformed JSON and missing fields → bad_response', async () => {
        expect((await call(ind, 200, '{"data": {')).kind).to.equal('bad_response');
        expect((await call(ind, 200, fixture('malformed-fields.json', ind))).kind).to.equal('bad_response');
        expect((await call(ind, 200, '{"data":{"other":{}}}')).kind).to.equal('bad_response');
      });
    });
  }

  it('a GraphQL error echoing the token never leaks it', async () => {
    const r = await call(INDICATORS.domain, 200, JSON.stringify({ errors: [{ message: `Invalid token ${KEY}` }] }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
  });

  it('base URL override is honoured (path prefix) and drives the link', async () => {
    const scope = nock('http://10.0.0.9:4000').post('/octi/graphql').reply(200, fixture('hit-malicious.json', INDICATORS.domain));
    const r = (await roundTrip(opencti, INDICATORS.domain, { apiKey: KEY, baseUrl: 'http://10.0.0.9:4000/octi/' })) as ProviderResult;
    expect(scope.isDone()).to.equal(true);
    expect(r.link).to.equal('http://10.0.0.9:4000/octi/dashboard/observations/observables/0f1e2d3c-0000-4000-8000-00000000000a');
  });

  describe('skips', () => {
    const cases: [string, Indicator, object, RegExp][] = [
      ['no base URL', INDICATORS.domain, { apiKey: KEY }, /base URL/],
      ['no token', INDICATORS.domain, { baseUrl: BASE }, /API key/],
      ['private IP', { type: 'ipv4', value: '192.168.1.1', scope: 'private' }, CONFIG, /private/],
      ['disabled', INDICATORS.domain, { ...CONFIG, enabled: false }, /disabled/],
    ];
    for (const [name, ind, config, reason] of cases) {
      it(name, () => {
        const s = opencti.request(ind, config) as Skip;
        expect(s.skip).to.equal(true);
        expect(s.reason).to.match(reason);
      });
    }
  });

  describe('secrets', () => {
    it('the token never appears in any result produced above', () => {
      expect(seen.length).to.be.greaterThan(100);
      for (const r of seen) expect(r).not.to.contain(KEY);
    });
  });
});

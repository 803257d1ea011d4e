import { expect } from 'chai';
import nock from 'nock';
import { threatfox } from '../../scripts/core/providers/threatfox';
import type { ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator } from '../../scripts/core/model';
import { roundTrip, useNock, readFixture, jsonEscape } from './harness';


const KEY = 'abusech-SECRET-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f';
const HOST = 'https://threatfox-api.abuse.ch';
const CONFIG = { apiKey: KEY };

interface Case {
  ind: Indicator;
  body: object;
  ioc: string;
  iocType: string;
}
const CASES: Case[] = [
  {
    ind: { type: 'ipv4', value: '192.0.2.7', scope: 'public' },
    body: { query: 'search_ioc', search_term: '192.0.2.7' },
    ioc: '192.0.2.7:443',
    iocType: 'ip:port',
  },
  { ind: { type: 'domain', value: 'c2.example.test' }, body: { query: 'search_ioc', search_term: 'c2.example.test', exact_match: true }, ioc: 'c2.example.test', iocType: 'domain' },
  {
    ind: { type: 'url', value: 'http://c2.example.test/gate.php?id="1"' },
    body: { query: 'search_ioc', search_term: 'http://c2.example.test/gate.php?id="1"', exact_match: true },
    ioc: 'http://c2.example.test/gate.php?id="1"',
    iocType: 'url',
  },
  {
    ind: { type: 'md5', value: 'c5d30000000000000000000000000003' },
    body: { query: 'search_ioc', search_term: 'c5d30000000000000000000000000003', exact_match: true },
    ioc: 'c5d30000000000000000000000000003',
    iocType: 'md5_hash',
  },
  {
    ind: { type: 'sha256', value: 'a3f1c0ffee000000000000000000000000000000000000000000000000000001' },
    body: { query: 'search_ioc', search_term: 'a3f1c0ffee000000000000000000000000000000000000000000000000000001', exact_match: true },
    ioc: 'a3f1c0ffee000000000000000000000000000000000000000000000000000001',
    iocType: 'sha256_hash',
  },
];

function fixture(name: string, c: Case): string {
  const raw = readFixture('threatfox', name);
  return raw.split('{{ioc}}').join(jsonEscape(c.ioc)).split('{{ioc_type}}').join(c.iocType).split('{{value}}').join(jsonEscape(c.ind.value));
}

const seen: string[] = [];

async function call(c: Case, status: number, body: string, headers: Record<string, string> = {}): Promise<ProviderResult> {
  const scope = nock(HOST)
    .matchHeader('auth-key', KEY)
    .matchHeader('content-type', /application\/json/)
    .post('/api/v1/', c.body as nock.RequestBodyMatcher)
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  const r = (await roundTrip(threatfox, c.ind, CONFIG)) as ProviderResult;
  expect(scope.isDone(), 'request reached the mock with the documented JSON body').to.equal(true);
  seen.push(JSON.stringify(r));
  expect(JSON.stringify(r)).not.to.contain(KEY);
  return r;
}

describe('providers/threatfox', () => {
  useNock();

  it('declares ipv4/domain/url/md5/sha256, Auth-Key required', () => {
    expect(threatfox.types).to.have.members(['ipv4', 'domain', 'url', 'md5', 'sha256']);
    expect(threatfox.requiresKey).to.equal(true);
    expect(threatfox.defaults).to.deep.include({ baseUrl: 'https://threatfox-api.abuse.ch/api/v1', timeoutMs: 10000 });
  });

  for (const c of CASES) {
    describe(c.ind.type, () => {
      it('hit → malicious = highest confidence_level/100, facts, IOC link', async () => {
        const r = await call(c, 200, fixture('hit-malicious.json', c));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 1, confidence: 0.8 });
        expect(r.link).to.equal('https://threatfox.abuse.ch/ioc/1400002/');
        expect(r.facts).to.deep.include({
          entries: 2,
          threat_type: 'botnet_cc',
          malware: 'Example RAT',
          malware_family: 'win.example_rat',
          confidence_level: 100,
          first_seen: '2025-05-01 00:00:00 UTC',
          tags: ['ExampleRAT', 'c2'],
          reference: 'https://example.test/report/rat',
          ioc_type: c.iocType,
        });
      });

      it('low-severity hit (confidence_level 25, tags null) → 0.25', async () => {
        const r = await call(c, 200, fixture('hit-low.json', c));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.25, confidence: 0.8 });
        expect(r.facts).to.deep.include({ tags: [], threat_type: 'payload_delivery', malware: 'Unknown malware', reference: null });
      });

      it('no_result (data is a string) is not_found, never ok', async () => {
        const r = await call(c, 200, fixture('not-found.json', c));
        expect(r.status).to.equal('not_found');
        expect(r.signal).to.equal(undefined);
      });

      it('illegal_search_term → bad_response naming the status', async () => {
        const r = await call(c, 200, fixture('illegal-search-term.json', c));
        expect(r).to.include({ status: 'error', kind: 'bad_response' });
        expect(r.message).to.contain('ThreatFox').and.contain('illegal_search_term');
      });

      const authCases: [number, string][] = [
        [200, fixture('unknown-auth-key.json', c)],
        [401, fixture('unknown-auth-key.json', c)],
        [401, 'Unauthorized'],
        [403, 'Forbidden'],
      ];
      for (const [s, body] of authCases) {
        it(`HTTP ${s} ${body.slice(0, 20)} → auth`, async () => {
          const r = await call(c, s, body);
          expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: s });
          expect(r.message).to.contain('auth.abuse.ch');
        });
      }

      it('HTTP 429 (no documented header) → rate_limited without a wait', async () => {
        const r = await call(c, 429, 'Too Many Requests');
        expect(r).to.include({ status: 'error', kind: 'rate_limited', httpStatus: 429 });
        expect(r.retryAfterMs).to.equal(undefined);
      });

      it('HTTP 500 → server', async () => {
        expect(await call(c, 500, 'Internal Server Error')).to.include({ status: 'error', kind: 'server', httpStatus: 500 });
      });

      it('malformed JSON and missing fields → bad_response', async () => {
        expect((await call(c, 200, '{"query_status":')).kind).to.equal('bad_response');
        expect((await call(c, 200, fixture('malformed-fields.json', c))).kind).to.equal('bad_response');
        expect((await call(c, 200, '[]')).kind).to.equal('bad_response');
      });
    });
  }

  it('ipv4: loose matches for other IPs (192.0.2.77:443 for 192.0.2.7) are filtered to not_found', async () => {
    const r = await call(CASES[0], 200, fixture('ip-other-only.json', CASES[0]));
    expect(r.status).to.equal('not_found');
  });

  it('base URL override is honoured', async () => {
    const scope = nock('http://tf.local').post('/x/', { query: 'search_ioc', search_term: 'c2.example.test', exact_match: true }).reply(200, fixture('hit-low.json', CASES[1]));
    const r = (await roundTrip(threatfox, CASES[1].ind, { apiKey: KEY, baseUrl: 'http://tf.local/x' })) as ProviderResult;
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
  });

  describe('skips', () => {
    const cases: [string, Indicator, object, RegExp][] = [
      ['sha1 unsupported', { type: 'sha1', value: 'b4e2000000000000000000000000000000000002' }, CONFIG, /does not support sha1/],
      ['email unsupported', { type: 'email', value: 'a@example.test' }, CONFIG, /does not support email/],
      ['private IP', { type: 'ipv4', value: '127.0.0.1', scope: 'loopback' }, CONFIG, /loopback/],
      ['no key', CASES[1].ind, {}, /API key/],
    ];
    for (const [name, ind, config, reason] of cases) {
      it(name, () => {
        const s = threatfox.request(ind, config) as Skip;
        expect(s.skip).to.equal(true);
        expect(s.reason).to.match(reason);
      });
    }
  });

  describe('secrets', () => {
    it('the key never appears in any result produced above', () => {
      expect(seen.length).to.be.greaterThan(60);
      for (const r of seen) expect(r).not.to.contain(KEY);
    });
  });
});

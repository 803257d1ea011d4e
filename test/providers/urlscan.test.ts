import { expect } from 'chai';
import nock from 'nock';
import { urlscan } from '../../scripts/core/providers/urlscan';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator } from '../../scripts/core/model';
import { roundTrip, useNock, readFixture, jsonEscape } from './harness';


const KEY = 'urlscan-SECRET-0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';
const HOST = 'https://urlscan.io';
const CONFIG = { apiKey: KEY };
const RATE_HEADERS = {
  'X-Rate-Limit-Scope': 'user',
  'X-Rate-Limit-Action': 'search',
  'X-Rate-Limit-Window': 'minute',
  'X-Rate-Limit-Limit': '30',
  'X-Rate-Limit-Remaining': '24',
  'X-Rate-Limit-Reset': '2025-05-18T20:19:00.000Z',
  'X-Rate-Limit-Reset-After': '17',
};

interface Case {
  ind: Indicator;
  q: string;
  link: string;
  tpl: { domain: string; ip: string; url: string };
}
const CASES: Case[] = [
  {
    ind: { type: 'domain', value: 'login.example.test' },
    q: 'page.domain:"login.example.test"',
    link: HOST + '/domain/login.example.test/',
    tpl: { domain: 'login.example.test', ip: '192.0.2.44', url: 'https://login.example.test/' },
  },
  {
    ind: { type: 'ipv4', value: '192.0.2.44', scope: 'public' },
    q: 'page.ip:"192.0.2.44"',
    link: HOST + '/ip/192.0.2.44/',
    tpl: { domain: 'login.example.test', ip: '192.0.2.44', url: 'https://login.example.test/' },
  },
  {
    ind: { type: 'url', value: 'https://login.example.test/a b?x="1"&y=\\z:(q)' },
    q: 'page.url:"https://login.example.test/a b?x=\\"1\\"&y=\\\\z:(q)" OR task.url:"https://login.example.test/a b?x=\\"1\\"&y=\\\\z:(q)"',
    link: HOST + '/result/0196d976-07f6-7aae-8a57-aa019145f31c/',
    tpl: { domain: 'login.example.test', ip: '192.0.2.44', url: 'https://login.example.test/a b?x="1"&y=\\z:(q)' },
  },
];

function fixture(name: string, c: Case): string {
  const raw = readFixture('urlscan', name);
  return raw.split('{{domain}}').join(jsonEscape(c.tpl.domain)).split('{{ip}}').join(jsonEscape(c.tpl.ip)).split('{{url}}').join(jsonEscape(c.tpl.url));
}

const seen: string[] = [];

async function call(c: Case, status: number, body: string, headers: Record<string, string> = {}): Promise<ProviderResult> {
  const scope = nock(HOST)
    .matchHeader('api-key', KEY)
    .get('/api/v1/search/')
    .query({ q: c.q, size: '10' })
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  const r = (await roundTrip(urlscan, c.ind, CONFIG)) as ProviderResult;
  expect(scope.isDone(), 'request reached the mock').to.equal(true);
  seen.push(JSON.stringify(r));
  expect(JSON.stringify(r)).not.to.contain(KEY);
  return r;
}

describe('providers/urlscan', () => {
  useNock();

  it('declares domain, ipv4, url; key optional; 10 s timeout; search quota defaults', () => {
    expect(urlscan.types).to.have.members(['domain', 'ipv4', 'url']);
    expect(urlscan.requiresKey).to.equal(false);
    expect(urlscan.requiresBaseUrl).to.equal(false);
    expect(urlscan.defaults).to.deep.include({ baseUrl: 'https://urlscan.io/api/v1', timeoutMs: 10000, limits: { perMinute: 30, perDay: 500 } });
  });

  for (const c of CASES) {
    describe(c.ind.type, () => {
      it('builds an escaped, quoted search query with the key in API-Key', () => {
        const req = urlscan.request(c.ind, CONFIG) as HttpRequest;
        expect(req.method).to.equal('GET');
        expect(req.headers['API-Key']).to.equal(KEY);
        expect(req.url).not.to.contain(KEY);
        const u = new URL(req.url);
        expect(u.origin + u.pathname).to.equal(HOST + '/api/v1/search/');
        expect(u.searchParams.get('q')).to.equal(c.q);
      });

      it('works anonymously: no API-Key header when no key is configured', async () => {
        const scope = nock(HOST, { badheaders: ['api-key'] })
          .get('/api/v1/search/')
          .query({ q: c.q, size: '10' })
          .reply(200, fixture('not-found.json', c));
        const r = (await roundTrip(urlscan, c.ind, {})) as ProviderResult;
        expect(scope.isDone()).to.equal(true);
        expect(r.status).to.equal('not_found');
      });

      it('malicious verdict among recent scans → malicious 1, confidence 0.7, facts', async () => {
        const r = await call(c, 200, fixture('search-malicious.json', c), RATE_HEADERS);
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 1, confidence: 0.7 });
        expect(r.link).to.equal(c.link);
        expect(r.facts).to.deep.include({
          results: 2,
          total: 2,
          verdict: 'malicious',
          malicious_scans: 1,
          max_verdict_score: 100,
          latest_scan: '2025-05-18T20:18:43.000Z',
          page_domain: 'login.example.test',
          page_ip: '192.0.2.44',
          page_country: 'US',
          page_server: 'nginx',
          screenshot: 'https://urlscan.io/screenshots/0196d976-07f6-7aae-8a57-aa019145f31c.png',
          report: HOST + '/result/0196d976-07f6-7aae-8a57-aa019145f31c/',
        });
      });

      it('verdicts without malicious → benign-leaning 0.1 at confidence 0.3', async () => {
        const r = await call(c, 200, fixture('search-benign.json', c));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.1, confidence: 0.3 });
        expect(r.facts!.verdict).to.equal('no malicious verdict');
      });

      it('scans without verdict data → informational 0.2 at confidence 0.1', async () => {
        const r = await call(c, 200, fixture('search-no-verdicts.json', c));
        expect(r.status).to.equal('ok');
        expect(r.signal).to.deep.equal({ malicious: 0.2, confidence: 0.1 });
        expect(r.facts!.verdict).to.equal('no verdict in search results');
      });

      it('total: 0 is not_found, never ok', async () => {
        const r = await call(c, 200, fixture('not-found.json', c));
        expect(r.status).to.equal('not_found');
        expect(r.signal).to.equal(undefined);
      });

      it('400 "Invalid API key format" → auth', async () => {
        const r = await call(c, 400, fixture('error-400-key.json', c));
        expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: 400 });
        expect(r.message).to.contain('urlscan.io').and.contain('Invalid API key format');
      });

      for (const s of [401, 403]) {
        it(`HTTP ${s} → auth`, async () => {
          const r = await call(c, s, '{"message":"Unauthorized","status":' + s + '}');
          expect(r).to.include({ status: 'error', kind: 'auth', httpStatus: s });
        });
      }

      it('429 minute window → rate_limited, wait from X-Rate-Limit-Reset-After', async () => {
        const r = await call(c, 429, fixture('error-429.json', c), { ...RATE_HEADERS, 'X-Rate-Limit-Remaining': '0' });
        expect(r).to.include({ status: 'error', kind: 'rate_limited', httpStatus: 429, retryAfterMs: 17000 });
        expect(r.message).to.contain("'search'").and.contain('minute');
      });

      it('429 day window → quota', async () => {
        const r = await call(c, 429, fixture('error-429.json', c), { ...RATE_HEADERS, 'X-Rate-Limit-Window': 'day', 'X-Rate-Limit-Reset-After': '3600' });
        expect(r).to.include({ status: 'error', kind: 'quota', retryAfterMs: 3600000 });
      });

      it('HTTP 500 → server', async () => {
        const r = await call(c, 500, '{"message":"Internal error","status":500}');
        expect(r).to.include({ status: 'error', kind: 'server', httpStatus: 500 });
      });

      it('malformed JSON and missing fields → bad_response', async () => {
        expect((await call(c, 200, '{"results": [')).kind).to.equal('bad_response');
        expect((await call(c, 200, fixture('malformed-fields.json', c))).kind).to.equal('bad_response');
      });
    });
  }

  it('an error message echoing the key never leaks it', async () => {
    const r = await call(CASES[0], 400, JSON.stringify({ message: `Invalid API key format: ${KEY}`, status: 400 }));
    expect(r.kind).to.equal('auth');
  });

  it('base URL override is honoured for the call and the web links', async () => {
    const scope = nock('http://urlscan.local:8080').get('/api/v1/search/').query(true).reply(200, fixture('search-malicious.json', CASES[0]));
    const r = (await roundTrip(urlscan, CASES[0].ind, { baseUrl: 'http://urlscan.local:8080/api/v1/' })) as ProviderResult;
    expect(scope.isDone()).to.equal(true);
    expect(r.link).to.equal('http://urlscan.local:8080/domain/login.example.test/');
    expect(r.facts!.report).to.equal('http://urlscan.local:8080/result/0196d976-07f6-7aae-8a57-aa019145f31c/');
  });

  describe('skips', () => {
    const cases: [string, Indicator, RegExp][] = [
      ['unsupported type', { type: 'md5', value: 'c5d30000000000000000000000000003' }, /does not support md5/],
      ['unsupported IPv6', { type: 'ipv6', value: '2001:db8::1', scope: 'public' }, /does not support ipv6/],
      ['private IP', { type: 'ipv4', value: '10.0.0.1', scope: 'private' }, /private/],
    ];
    for (const [name, ind, reason] of cases) {
      it(name, () => {
        const s = urlscan.request(ind, CONFIG) as Skip;
        expect(s.skip).to.equal(true);
        expect(s.reason).to.match(reason);
      });
    }
  });

  describe('secrets', () => {
    it('the key never appears in any result produced above', () => {
      expect(seen.length).to.be.greaterThan(30);
      for (const r of seen) expect(r).not.to.contain(KEY);
    });
  });
});

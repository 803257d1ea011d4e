import { expect } from 'chai';
import nock from 'nock';
import { urlhaus } from '../../scripts/core/providers/urlhaus';
import type { ProviderResult, Skip } from '../../scripts/core/providers/types';
import type { Indicator } from '../../scripts/core/model';
import { roundTrip, useNock, readFixture, jsonEscape } from './harness';


const KEY = 'abusech-SECRET-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f';
const HOST = 'https://urlhaus-api.abuse.ch';
const CONFIG = { apiKey: KEY };

interface Case {
  ind: Indicator;
  path: string;
  form: string;
  /** [fixture, malicious, confidence, link] for each kind of hit. */
  hits: [string, number, number, string][];
}
const URL_VALUE = 'http://bad.example.test/x.exe?a=1&b=2 3';
const SHA = 'a3f1c0ffee000000000000000000000000000000000000000000000000000001';
const CASES: Case[] = [
  {
    ind: { type: 'url', value: URL_VALUE },
    path: '/v1/url/',
    form: 'url=http%3A%2F%2Fbad.example.test%2Fx.exe%3Fa%3D1%26b%3D2+3',
    hits: [
      ['url-online.json', 0.95, 0.85, 'https://urlhaus.abuse.ch/url/3100001/'],
      ['url-offline.json', 0.85, 0.85, 'https://urlhaus.abuse.ch/url/3100002/'],
    ],
  },
  {
    ind: { type: 'domain', value: 'bad.example.test' },
    path: '/v1/host/',
    form: 'host=bad.example.test',
    hits: [
      ['host-online.json', 0.9, 0.7, 'https://urlhaus.abuse.ch/host/bad.example.test/'],
      ['host-offline-legit.json', 0.5, 0.7, 'https://urlhaus.abuse.ch/host/bad.example.test/'],
    ],
  },
  {
    ind: { type: 'ipv4', value: '203.0.113.9', scope: 'public' },
    path: '/v1/host/',
    form: 'host=203.0.113.9',
    hits: [
      ['host-online.json', 0.9, 0.7, 'https://urlhaus.abuse.ch/host/203.0.113.9/'],
      ['host-offline-legit.json', 0.5, 0.7, 'https://urlhaus.abuse.ch/host/203.0.113.9/'],
    ],
  },
  {
    ind: { type: 'md5', value: 'c5d30000000000000000000000000003' },
    path: '/v1/payload/',
    form: 'md5_hash=c5d30000000000000000000000000003',
    hits: [
      ['payload.json', 0.9, 0.85, 'https://urlhaus.abuse.ch/browse.php?search=' + SHA],
      ['payload-unattributed.json', 0.8, 0.85, 'https://urlhaus.abuse.ch/browse.php?search=a3f1c0ffee000000000000000000000000000000000000000000000000000004'],
    ],
  },
  {
    ind: { type: 'sha256', value: SHA },
    path: '/v1/payload/',
    form: 'sha256_hash=' + SHA,
    hits: [
      ['payload.json', 0.9, 0.85, 'https://urlhaus.abuse.ch/browse.php?search=' + SHA],
      ['payload-unattributed.json', 0.8, 0.85, 'https://urlhaus.abuse.ch/browse.php?search=a3f1c0ffee000000000000000000000000000000000000000000000000000004'],
    ],
  },
];

function fixture(name: string, ind: Indicator): string {
  const raw = readFixture('urlhaus', name);
  return raw.split('{{value}}').join(jsonEscape(ind.value));
}

const seen: string[] = [];

async function call(c: Case, status: number, body: string, headers: Record<string, string> = {}): Promise<ProviderResult> {
  const scope = nock(HOST)
    .matchHeader('auth-key', KEY)
    .matchHeader('content-type', /application\/x-www-form-urlencoded/)
    .post(c.path, c.form)
    .reply(status, body, { 'Content-Type': 'application/json', ...headers });
  const r = (await roundTrip(urlhaus, c.ind, CONFIG)) as ProviderResult;
  expect(scope.isDone(), 'request reached the mock').to.equal(true);
  seen.push(JSON.stringify(r));
  expect(JSON.stringify(r)).not.to.contain(KEY);
  return r;
}

describe('providers/urlhaus', () => {
  useNock();

  it('declares url/domain/ipv4/md5/sha256, Auth-Key required, conservative defaults', () => {
    expect(urlhaus.types).to.have.members(['url', 'domain', 'ipv4', 'md5', 'sha256']);
    expect(urlhaus.requiresKey).to.equal(true);
    expect(urlhaus.defaults).to.deep.include({ baseUrl: 'https://urlhaus-api.abuse.ch/v1', timeoutMs: 10000 });
  });

  for (const c of CASES) {
    describe(c.ind.type, () => {
      it(`POSTs the documented form body to ${c.path} with Auth-Key`, () => {
        const req = urlhaus.request(c.ind, CONFIG) as { url: string; body: string; headers: Record<string, string> };
        expect(req.url).to.equal(HOST + c.path);
        expect(req.body).to.equal(c.form);
        expect(req.headers['Auth-Key']).to.equal(KEY);
        expect(req.url + req.body).not.to.contain(KEY);
      });

      for (const [name, mal, conf, link] of c.hits) {
        it(`${name} → malicious ${mal}, confidence ${conf}`, async () => {
          const r = await call(c, 200, fixture(name, c.ind));
          expect(r.status).to.equal('ok');
          expect(r.signal).to.deep.equal({ malicious: mal, confidence: conf });
          expect(r.link).to.equal(link);
        });
      }

      it('key facts', async () => {
        const r = await call(c, 200, fixture(c.hits[0][0], c.ind));
        if (c.ind.type === 'url') {
          expect(r.facts).to.deep.include({
            url_status: 'online',
            threat: 'malware_download',
            tags: ['exe', 'ExampleStealer'],
            date_added: '2025-05-21 10:00:00 UTC',
            blacklists: { spamhaus_dbl: 'not listed', surbl: 'not listed' },
            larted: true,
            payload_count: 1,
          });
          expect((r.facts!.payloads as any[])[0]).to.include({ filename: 'x.exe', signature: 'ExampleStealer', sha256: SHA });
        } else if (c.ind.type === 'domain' || c.ind.type === 'ipv4') {
          expect(r.facts).to.deep.include({ url_count: 2, online_urls: 1, threats: ['malware_download'], tags: ['Mozi', 'elf'], abused_legit: false });
          expect((r.facts!.urls as any[]).length).to.equal(2);
        } else {
          expect(r.facts).to.deep.include({ file_type: 'exe', file_size: 482304, signature: 'ExampleStealer', url_count: 1, virustotal: '40 / 70' });
        }
      });

      it('no_results is not_found, never ok', async () => {
        const r = await call(c, 200, fixture('not-found.json', c.ind));
        expect(r.status).to.equal('not_found');
        expect(r.signal).to.equal(undefined);
      });

      it('invalid_* → bad_response naming the status', async () => {
        const r = await call(c, 200, fixture('invalid-url.json', c.ind));
        expect(r).to.include({ status: 'error', kind: 'bad_response' });
        expect(r.message).to.contain('URLhaus').and.contain('invalid_url');
      });

      const authCases: [number, string][] = [
        [200, fixture('unknown-auth-key.json', c.ind)],
        [401, fixture('unknown-auth-key.json', c.ind)],
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
        expect((await call(c, 200, '<html>oops</html>')).kind).to.equal('bad_response');
        expect((await call(c, 200, '{"url_status":"online"}')).kind).to.equal('bad_response');
        expect((await call(c, 200, fixture('malformed-fields.json', c.ind))).kind).to.equal('bad_response');
      });
    });
  }

  it('base URL override is honoured', async () => {
    const scope = nock('http://urlhaus.local').post('/api/host/', 'host=bad.example.test').reply(200, fixture('host-online.json', CASES[1].ind));
    const r = (await roundTrip(urlhaus, CASES[1].ind, { apiKey: KEY, baseUrl: 'http://urlhaus.local/api/' })) as ProviderResult;
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
  });

  describe('skips', () => {
    const cases: [string, Indicator, object, RegExp][] = [
      ['sha1 unsupported (payload endpoint has no sha1)', { type: 'sha1', value: 'b4e2000000000000000000000000000000000002' }, CONFIG, /does not support sha1/],
      ['ipv6 unsupported', { type: 'ipv6', value: '2001:db8::1', scope: 'public' }, CONFIG, /does not support ipv6/],
      ['private IP', { type: 'ipv4', value: '172.16.0.1', scope: 'private' }, CONFIG, /private/],
      ['no key', CASES[0].ind, {}, /API key/],
    ];
    for (const [name, ind, config, reason] of cases) {
      it(name, () => {
        const s = urlhaus.request(ind, config) as Skip;
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

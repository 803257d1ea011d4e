import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { greynoise } from '../../scripts/core/providers/greynoise';
import type { Indicator } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


const KEY = 'gn-TESTKEY-0c9b8a7f6e5d';
const HOST = 'https://api.greynoise.io';
const IP: Indicator = { type: 'ipv4', value: '198.51.100.23', scope: 'public' };
const LINK = 'https://viz.greynoise.io/ip/198.51.100.23';
const fx = (name: string) => readFixture('greynoise', name);

interface Case {
  name: string;
  status: number;
  body: string;
  headers?: () => Record<string, string>;
  check: (r: ProviderResult) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^GreyNoise /);

const ok = (signal: object, facts: object) => (r: ProviderResult) => {
  expect(r.status).to.equal('ok');
  expect(r.signal).to.deep.equal(signal);
  expect(r.facts).to.deep.equal(facts);
  expect(r.link).to.equal(LINK);
};

const cases: Case[] = [
  {
    name: 'classification malicious → malicious 0.9, confidence 0.6',
    status: 200,
    body: fx('malicious.json'),
    check: ok({ malicious: 0.9, confidence: 0.6 }, { noise: true, riot: false, classification: 'malicious', name: 'unknown', last_seen: '2025-05-30' }),
  },
  {
    name: 'riot (known business service) → malicious 0, confidence 0.6',
    status: 200,
    body: fx('riot.json'),
    check: ok({ malicious: 0, confidence: 0.6 }, { noise: false, riot: true, classification: 'benign', name: 'Example CDN', last_seen: '2025-05-31' }),
  },
  {
    name: 'benign scanner → malicious 0, confidence 0.4',
    status: 200,
    body: fx('benign-scanner.json'),
    check: ok({ malicious: 0, confidence: 0.4 }, { noise: true, riot: false, classification: 'benign', name: 'Example Research Scanner', last_seen: '2025-05-29' }),
  },
  {
    name: 'noise with unknown classification → mild (0.3, 0.3)',
    status: 200,
    body: fx('unknown-noise.json'),
    check: ok({ malicious: 0.3, confidence: 0.3 }, { noise: true, riot: false, classification: 'unknown', name: 'unknown', last_seen: '2025-05-28' }),
  },
  {
    name: '404 with the normal JSON body is not_found',
    status: 404,
    body: fx('not-found.json'),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.httpStatus).to.equal(404);
      expect(r.signal).to.equal(undefined);
      expect(r.link).to.equal(LINK);
    },
  },
  {
    name: '200 with noise and riot false and no classification is not_found',
    status: 200,
    body: fx('not-found.json'),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.signal).to.equal(undefined);
    },
  },
  { name: '404 HTML (wrong base URL) is bad_response', status: 404, body: '<html>Not Found</html>', check: (r) => expectError(r, 'bad_response', 404) },
  {
    name: '401 is auth',
    status: 401,
    body: fx('unauthorized.json'),
    check: (r) => {
      expectError(r, 'auth', 401);
      expect(r.message).to.contain('Unauthorized: invalid API key');
    },
  },
  {
    name: '429 daily plan cap is quota (no wait header documented)',
    status: 429,
    body: fx('daily-limit.json'),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.equal(undefined);
      expect(r.message).to.contain('daily rate limit');
    },
  },
  {
    name: '429 with an HTTP-date Retry-After keeps the wait',
    status: 429,
    body: fx('daily-limit.json'),
    headers: () => ({ 'Retry-After': new Date(Date.now() + 3600000).toUTCString() }),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.be.within(3590000, 3600000);
    },
  },
  { name: '400 non-routable address is bad_response', status: 400, body: fx('bad-request.json'), check: (r) => expectError(r, 'bad_response', 400) },
  { name: '500 is server', status: 500, body: '', check: (r) => expectError(r, 'server', 500) },
  { name: '503 is server', status: 503, body: '<html>unavailable</html>', check: (r) => expectError(r, 'server', 503) },
  { name: 'malformed JSON is bad_response', status: 200, body: '{"ip":"198.51.100.23","noise":tr', check: (r) => expectError(r, 'bad_response', 200) },
  { name: 'missing noise/riot flags is bad_response', status: 200, body: fx('missing-flags.json'), check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/greynoise', () => {
  useNock();

  describe('ipv4 (with key)', () => {
    for (const c of cases) {
      it(c.name, async () => {
        const scope = nock(HOST)
          .get('/v3/community/198.51.100.23')
          .matchHeader('key', KEY)
          .reply(c.status, c.body, c.headers ? c.headers() : { 'Content-Type': 'application/json' });
        const r = asResult(await roundTrip(greynoise, IP, { apiKey: KEY }));
        expect(scope.isDone()).to.equal(true);
        expect(r.provider).to.equal('greynoise');
        c.check(r);
        expect(JSON.stringify(r)).not.to.contain(KEY);
      });
    }
  });

  it('works without a key and then sends no key header', async () => {
    const scope = nock(HOST, { badheaders: ['key'] }).get('/v3/community/198.51.100.23').reply(200, fx('malicious.json'));
    const r = asResult(await roundTrip(greynoise, IP, {}));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
    expect((greynoise.request(IP, {}) as HttpRequest).headers).to.deep.equal({ Accept: 'application/json' });
    expect(greynoise.requiresKey).to.equal(false);
  });

  it('puts the key only in the key header', () => {
    const req = greynoise.request(IP, { apiKey: KEY }) as HttpRequest;
    expect(req).to.deep.equal({ method: 'GET', url: 'https://api.greynoise.io/v3/community/198.51.100.23', headers: { Accept: 'application/json', key: KEY } });
  });

  it('honours a base URL override', async () => {
    const scope = nock('https://gn.corp.test').get('/v3/community/198.51.100.23').reply(404, fx('not-found.json'));
    const r = asResult(await roundTrip(greynoise, IP, { baseUrl: 'https://gn.corp.test/' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('not_found');
  });

  it('skips with a reason: IPv6 and other types unsupported, non-public IP, disabled', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'ipv6', value: '2001:db8::1', scope: 'public' }, {}, /GreyNoise does not support ipv6/],
      [{ type: 'domain', value: 'bad.example' }, {}, /does not support domain/],
      [{ type: 'ipv4', value: '172.16.0.5', scope: 'private' }, {}, /private address/],
      [IP, { enabled: false }, /disabled/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(greynoise, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when an error message contains it', async () => {
    nock(HOST)
      .get('/v3/community/198.51.100.23')
      .reply(401, JSON.stringify({ message: 'invalid key ' + KEY }));
    const r = asResult(await roundTrip(greynoise, IP, { apiKey: KEY }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });
});

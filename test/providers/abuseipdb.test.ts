import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { abuseipdb } from '../../scripts/core/providers/abuseipdb';
import type { Indicator } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


const KEY = 'abuse-TESTKEY-1a2b3c4d5e6f';
const HOST = 'https://api.abuseipdb.com';
const fx = (name: string) => readFixture('abuseipdb', name);

interface Target {
  ind: Indicator;
  tag: 'v4' | 'v6';
}
const targets: Target[] = [
  { ind: { type: 'ipv4', value: '203.0.113.9', scope: 'public' }, tag: 'v4' },
  { ind: { type: 'ipv6', value: '2001:db8::9', scope: 'public' }, tag: 'v6' },
];

interface Case {
  name: string;
  status: number;
  body: (t: Target) => string;
  headers?: () => Record<string, string>;
  check: (r: ProviderResult, t: Target) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^AbuseIPDB /);

const cases: Case[] = [
  {
    name: 'malicious hit: score 100 → malicious 1, confidence 1',
    status: 200,
    body: (t) => fx(`malicious-${t.tag}.json`),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 1, confidence: 1 });
      expect(r.facts).to.include({
        abuseConfidenceScore: 100,
        totalReports: 212,
        numDistinctUsers: 57,
        lastReportedAt: '2025-06-01T10:15:00+00:00',
        isp: 'Example Hosting GmbH',
        usageType: 'Data Center/Web Hosting/Transit',
        domain: 'hosting.example',
        countryCode: 'DE',
        isTor: false,
        isWhitelisted: false,
      });
      expect(r.link).to.equal('https://www.abuseipdb.com/check/' + t.ind.value);
    },
  },
  {
    name: 'partial score: 37 → malicious 0.37 (seed formula)',
    status: 200,
    body: (t) => fx(`partial-${t.tag}.json`),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0.37, confidence: 1 });
      expect(r.facts).to.include({ isTor: true, isWhitelisted: null, totalReports: 4 });
    },
  },
  {
    name: 'benign hit: whitelisted with reports and score 0 → ok, malicious 0, whitelist noted',
    status: 200,
    body: (t) => fx(`whitelisted-${t.tag}.json`),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 1 });
      expect(r.facts).to.include({ isWhitelisted: true, abuseConfidenceScore: 0, totalReports: 15 });
      expect(r.facts!.note).to.match(/whitelisted/);
    },
  },
  {
    name: 'unseen IP (200, zero reports) is not_found with facts, never a benign ok',
    status: 200,
    body: (t) => fx(`unseen-${t.tag}.json`),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.signal).to.equal(undefined);
      expect(r.facts).to.include({ isp: 'Example ISP', totalReports: 0 });
    },
  },
  {
    name: 'isPublic:false is not_found',
    status: 200,
    body: (t) => fx(`not-public-${t.tag}.json`),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.message).to.match(/not public/);
    },
  },
  {
    name: '401 is auth',
    status: 401,
    body: () => fx('auth.json'),
    check: (r) => {
      expectError(r, 'auth', 401);
      expect(r.message).to.contain('Authentication failed').and.contain('check the key');
    },
  },
  { name: '403 is auth', status: 403, body: () => '', check: (r) => expectError(r, 'auth', 403) },
  {
    name: '429 daily limit with Retry-After seconds is quota',
    status: 429,
    body: () => fx('daily-limit.json'),
    headers: () => ({ 'Retry-After': '3600', 'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1735689600' }),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.equal(3600000);
      expect(r.message).to.contain('Daily rate limit of 1000');
    },
  },
  {
    name: '429 daily limit with only X-RateLimit-Reset (epoch) is quota with the time to the reset',
    status: 429,
    body: () => fx('daily-limit.json'),
    headers: () => ({ 'X-RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 7200) }),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.be.within(7190000, 7200000);
    },
  },
  {
    name: '429 burst throttle is rate_limited',
    status: 429,
    body: () => fx('too-many.json'),
    headers: () => ({ 'Retry-After': '2' }),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(2000);
    },
  },
  { name: '422 invalid address is bad_response', status: 422, body: () => fx('invalid-ip.json'), check: (r) => expectError(r, 'bad_response', 422) },
  { name: '500 is server', status: 500, body: () => '<html>Server Error</html>', check: (r) => expectError(r, 'server', 500) },
  { name: 'malformed JSON is bad_response', status: 200, body: () => '{"data":{"abuseConfidenceScore":', check: (r) => expectError(r, 'bad_response', 200) },
  { name: 'missing abuseConfidenceScore is bad_response', status: 200, body: () => fx('missing-score.json'), check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/abuseipdb', () => {
  useNock();

  for (const t of targets) {
    describe(t.ind.type, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const scope = nock(HOST)
            .get('/api/v2/check')
            .query({ ipAddress: t.ind.value, maxAgeInDays: '90' })
            .matchHeader('Key', KEY)
            .matchHeader('Accept', 'application/json')
            .reply(c.status, c.body(t), c.headers ? c.headers() : { 'Content-Type': 'application/json' });
          const r = asResult(await roundTrip(abuseipdb, t.ind, { apiKey: KEY }));
          expect(scope.isDone()).to.equal(true);
          expect(r.provider).to.equal('abuseipdb');
          c.check(r, t);
          expect(JSON.stringify(r)).not.to.contain(KEY);
        });
      }
    });
  }

  it('puts the key only in the Key header, with Accept: application/json', () => {
    const req = abuseipdb.request(targets[1].ind, { apiKey: KEY }) as HttpRequest;
    expect(req).to.deep.equal({
      method: 'GET',
      url: 'https://api.abuseipdb.com/api/v2/check?ipAddress=2001%3Adb8%3A%3A9&maxAgeInDays=90',
      headers: { Key: KEY, Accept: 'application/json' },
    });
  });

  it('honours a base URL override', async () => {
    const scope = nock('http://abuse-mirror.corp.test:8080').get('/v2/check').query(true).matchHeader('Key', KEY).reply(200, fx('malicious-v4.json'));
    const r = asResult(await roundTrip(abuseipdb, targets[0].ind, { apiKey: KEY, baseUrl: 'http://abuse-mirror.corp.test:8080/v2' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
  });

  it('skips with a reason: unsupported type, non-public IP, missing key', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'domain', value: 'bad.example' }, { apiKey: KEY }, /AbuseIPDB does not support domain/],
      [{ type: 'sha256', value: 'a'.repeat(64) }, { apiKey: KEY }, /does not support sha256/],
      [{ type: 'ipv4', value: '192.168.1.10', scope: 'private' }, { apiKey: KEY }, /private address/],
      [{ type: 'ipv6', value: '::1', scope: 'loopback' }, { apiKey: KEY }, /loopback address/],
      [targets[0].ind, { apiKey: '' }, /no API key for AbuseIPDB/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(abuseipdb, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when an error detail contains it', async () => {
    nock(HOST)
      .get('/api/v2/check')
      .query(true)
      .reply(401, JSON.stringify({ errors: [{ detail: 'Authentication failed for key ' + KEY, status: 401 }] }));
    const r = asResult(await roundTrip(abuseipdb, targets[0].ind, { apiKey: KEY }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });

  it('declares the seed weight and the free-plan daily limit', () => {
    expect(abuseipdb.defaults).to.deep.equal({ baseUrl: 'https://api.abuseipdb.com/api/v2', limits: { perDay: 1000 }, timeoutMs: 10000, weight: 40 });
    expect(abuseipdb.types).to.deep.equal(['ipv4', 'ipv6']);
  });
});

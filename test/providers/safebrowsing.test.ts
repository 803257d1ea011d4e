import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { safebrowsing } from '../../scripts/core/providers/safebrowsing';
import type { Indicator } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


const KEY = 'AIzaTESTKEY-safebrowsing_5e4d3c';
const HOST = 'https://safebrowsing.googleapis.com';

interface Target {
  ind: Indicator;
  /** What Safe Browsing is asked about. */
  checked: string;
}
const targets: Target[] = [
  { ind: { type: 'url', value: 'http://malware.testing.google.test/testing/malware/' }, checked: 'http://malware.testing.google.test/testing/malware/' },
  { ind: { type: 'domain', value: 'malware.testing.google.test' }, checked: 'http://malware.testing.google.test/' },
];
const fx = (name: string, t?: Target) => readFixture('safebrowsing', name).replace(/\{\{URL\}\}/g, t ? t.checked : '');
const transparency = (t: Target) => 'https://transparencyreport.google.com/safe-browsing/search?url=' + encodeURIComponent(t.checked);

interface Case {
  name: string;
  status: number;
  body: (t: Target) => string;
  headers?: () => Record<string, string>;
  check: (r: ProviderResult, t: Target) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^Google Safe Browsing /);

const cases: Case[] = [
  {
    name: 'MALWARE match → malicious 1, confidence 1',
    status: 200,
    body: (t) => fx('malware.json', t),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 1, confidence: 1 });
      expect(r.facts).to.deep.equal({ threat_types: ['MALWARE'], platform_types: ['ANY_PLATFORM'], checked_url: t.checked });
      expect(r.link).to.equal(transparency(t));
    },
  },
  {
    name: 'several matches → the worst threat type wins, types and platforms de-duplicated',
    status: 200,
    body: (t) => fx('phishing-and-unwanted.json', t),
    check: (r) => {
      expect(r.signal).to.deep.equal({ malicious: 1, confidence: 1 });
      expect(r.facts).to.deep.include({ threat_types: ['SOCIAL_ENGINEERING', 'UNWANTED_SOFTWARE'], platform_types: ['WINDOWS', 'ANY_PLATFORM', 'LINUX'] });
    },
  },
  { name: 'UNWANTED_SOFTWARE only → malicious 0.7', status: 200, body: (t) => fx('unwanted.json', t), check: (r) => expect(r.signal).to.deep.equal({ malicious: 0.7, confidence: 1 }) },
  {
    name: 'no match `{}` is not_found (Safe Browsing has no "benign" verdict)',
    status: 200,
    body: () => fx('no-match.json'),
    check: (r, t) => {
      expect(r.status).to.equal('not_found');
      expect(r.signal).to.equal(undefined);
      expect(r.link).to.equal(transparency(t));
    },
  },
  { name: '`{"matches":[]}` is not_found', status: 200, body: () => fx('empty-matches.json'), check: (r) => expect(r.status).to.equal('not_found') },
  {
    name: '400 API_KEY_INVALID is auth',
    status: 400,
    body: () => fx('api-key-invalid.json'),
    check: (r) => {
      expectError(r, 'auth', 400);
      expect(r.message).to.contain('API key not valid').and.contain('check the key');
    },
  },
  { name: '400 other INVALID_ARGUMENT is bad_response', status: 400, body: () => fx('invalid-argument.json'), check: (r) => expectError(r, 'bad_response', 400) },
  {
    name: '403 PERMISSION_DENIED is auth',
    status: 403,
    body: () => fx('permission-denied.json'),
    check: (r) => {
      expectError(r, 'auth', 403);
      expect(r.message).to.contain('API is enabled');
    },
  },
  {
    name: '429 RESOURCE_EXHAUSTED per minute is rate_limited',
    status: 429,
    body: () => fx('rate-exhausted.json'),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.message).to.contain('RESOURCE_EXHAUSTED');
      expect(r.retryAfterMs).to.equal(undefined);
    },
  },
  {
    name: '429 RESOURCE_EXHAUSTED per day is quota',
    status: 429,
    body: () => fx('daily-exhausted.json'),
    headers: () => ({ 'Retry-After': '30' }),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.equal(30000);
    },
  },
  { name: '500 is server', status: 500, body: () => '', check: (r) => expectError(r, 'server', 500) },
  { name: '503 UNAVAILABLE is server', status: 503, body: () => fx('server-error.json'), check: (r) => expectError(r, 'server', 503) },
  { name: 'malformed JSON is bad_response', status: 200, body: () => '{"matches": [{"threatType": "MAL', check: (r) => expectError(r, 'bad_response', 200) },
  { name: 'matches that is not a list is bad_response', status: 200, body: () => fx('bad-matches.json'), check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/safebrowsing', () => {
  useNock();

  for (const t of targets) {
    describe(t.ind.type, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const scope = nock(HOST)
            .post('/v4/threatMatches:find', (b: { threatInfo: { threatEntries: Array<{ url: string }>; threatEntryTypes: string[] } }) => {
              return b.threatInfo.threatEntries.length === 1 && b.threatInfo.threatEntries[0].url === t.checked && b.threatInfo.threatEntryTypes[0] === 'URL';
            })
            .query({ key: KEY })
            .matchHeader('Content-Type', /application\/json/)
            .reply(c.status, c.body(t), c.headers ? c.headers() : { 'Content-Type': 'application/json' });
          const r = asResult(await roundTrip(safebrowsing, t.ind, { apiKey: KEY }));
          expect(scope.isDone()).to.equal(true);
          expect(r.provider).to.equal('safebrowsing');
          c.check(r, t);
          expect(JSON.stringify(r)).not.to.contain(KEY);
        });
      }
    });
  }

  it('sends the key only as the key query parameter and the documented request body', () => {
    const req = safebrowsing.request(targets[1].ind, { apiKey: KEY }) as HttpRequest;
    expect(req.method).to.equal('POST');
    expect(req.url).to.equal('https://safebrowsing.googleapis.com/v4/threatMatches:find?key=' + encodeURIComponent(KEY));
    expect(JSON.stringify(req.headers)).not.to.contain(KEY);
    expect(req.body).not.to.contain(KEY);
    expect(JSON.parse(req.body!)).to.deep.equal({
      client: { clientId: 'ioc-enrich', clientVersion: '0.1.0' },
      threatInfo: {
        threatTypes: ['MALWARE', 'SOCIAL_ENGINEERING', 'UNWANTED_SOFTWARE', 'POTENTIALLY_HARMFUL_APPLICATION'],
        platformTypes: ['ANY_PLATFORM'],
        threatEntryTypes: ['URL'],
        threatEntries: [{ url: 'http://malware.testing.google.test/' }],
      },
    });
  });

  it('honours a base URL override', async () => {
    const scope = nock('https://sb-proxy.corp.test').post('/google/v4/threatMatches:find').query({ key: KEY }).reply(200, '{}');
    const r = asResult(await roundTrip(safebrowsing, targets[0].ind, { apiKey: KEY, baseUrl: 'https://sb-proxy.corp.test/google/v4' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('not_found');
  });

  it('skips with a reason: unsupported type, missing key, disabled', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'ipv4', value: '198.51.100.7', scope: 'public' }, { apiKey: KEY }, /Google Safe Browsing does not support ipv4/],
      [{ type: 'sha256', value: 'a'.repeat(64) }, { apiKey: KEY }, /does not support sha256/],
      [targets[0].ind, {}, /no API key for Google Safe Browsing/],
      [targets[0].ind, { apiKey: KEY, enabled: false }, /disabled/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(safebrowsing, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when Google echoes it back', async () => {
    nock(HOST)
      .post('/v4/threatMatches:find')
      .query(true)
      .reply(400, JSON.stringify({ error: { code: 400, message: 'API key not valid: ' + KEY, status: 'INVALID_ARGUMENT' } }));
    const r = asResult(await roundTrip(safebrowsing, targets[0].ind, { apiKey: KEY }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });
});

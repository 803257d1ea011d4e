import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { otx } from '../../scripts/core/providers/otx';
import type { Indicator } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


const KEY = 'otx-TESTKEY-4d3c2b1a0f9e8d7c';
const HOST = 'https://otx.alienvault.com';
/** Fixtures carry placeholders so "recent" stays recent whatever the date (the age rule reads the clock-free receivedAtMs). */
const fx = (name: string, t?: Target) =>
  readFixture('otx', name)
    .replace(/\{\{RECENT\}\}/g, new Date(Date.now() - 10 * 86400000).toISOString().replace('Z', '000'))
    .replace(/\{\{INDICATOR\}\}/g, t ? t.ind.value : '')
    .replace(/\{\{TYPE\}\}/g, t ? t.otxType : '');

interface Target {
  ind: Indicator;
  otxType: string;
  path: string;
  link: string;
}
const SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const targets: Target[] = [
  { ind: { type: 'ipv4', value: '198.51.100.7', scope: 'public' }, otxType: 'IPv4', path: '/api/v1/indicators/IPv4/198.51.100.7/general', link: 'https://otx.alienvault.com/indicator/ip/198.51.100.7' },
  { ind: { type: 'ipv6', value: '2001:db8::7', scope: 'public' }, otxType: 'IPv6', path: '/api/v1/indicators/IPv6/2001:db8::7/general', link: 'https://otx.alienvault.com/indicator/ip/2001:db8::7' },
  { ind: { type: 'domain', value: 'bad.example' }, otxType: 'domain', path: '/api/v1/indicators/domain/bad.example/general', link: 'https://otx.alienvault.com/indicator/domain/bad.example' },
  {
    ind: { type: 'url', value: 'http://bad.example/gate.php?id=1' },
    otxType: 'url',
    path: '/api/v1/indicators/url/http://bad.example/gate.php%3Fid=1/general',
    link: 'https://otx.alienvault.com/indicator/url/' + encodeURIComponent('http://bad.example/gate.php?id=1'),
  },
  { ind: { type: 'md5', value: '44d88612fea8a8f36de82e1278abb02f' }, otxType: 'FileHash-MD5', path: '/api/v1/indicators/file/44d88612fea8a8f36de82e1278abb02f/general', link: 'https://otx.alienvault.com/indicator/file/44d88612fea8a8f36de82e1278abb02f' },
  {
    ind: { type: 'sha1', value: '3395856ce81f2b7382dee72602f798b642f14140' },
    otxType: 'FileHash-SHA1',
    path: '/api/v1/indicators/file/3395856ce81f2b7382dee72602f798b642f14140/general',
    link: 'https://otx.alienvault.com/indicator/file/3395856ce81f2b7382dee72602f798b642f14140',
  },
  { ind: { type: 'sha256', value: SHA256 }, otxType: 'FileHash-SHA256', path: '/api/v1/indicators/file/' + SHA256 + '/general', link: 'https://otx.alienvault.com/indicator/file/' + SHA256 },
];
const isIp = (t: Target) => t.ind.type === 'ipv4' || t.ind.type === 'ipv6';

interface Case {
  name: string;
  status: number;
  body: (t: Target) => string;
  headers?: () => Record<string, string>;
  check: (r: ProviderResult, t: Target) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^AlienVault OTX /);

const cases: Case[] = [
  {
    name: 'malicious hit: 6 recent pulses → malicious 0.9, confidence 0.5, pulse facts',
    status: 200,
    body: (t) => fx('malicious.json', t),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0.9, confidence: 0.5 });
      expect(r.facts!.pulse_count).to.equal(6);
      expect(r.facts!.pulses).to.deep.equal(['Example loader C2s #1', 'Example loader C2s #2', 'Example loader C2s #3', 'Example loader C2s #4', 'Example loader C2s #5']);
      expect(r.facts!.tags).to.deep.equal(['loader', 'c2', 'botnet']);
      expect(r.facts!.malware_families).to.deep.equal(['ExampleLoader', 'ExampleRAT']);
      expect(r.facts!.false_positive).to.equal(false);
      if (isIp(t)) expect(r.facts).to.include({ asn: 'AS64500 example hosting', country_code: 'NL' });
      else expect(r.facts).not.to.have.property('asn');
      expect(r.link).to.equal(t.link);
    },
  },
  { name: 'one recent pulse → malicious 0.5', status: 200, body: (t) => fx('single-pulse.json', t), check: (r) => expect(r.signal).to.deep.equal({ malicious: 0.5, confidence: 0.5 }) },
  {
    name: 'two pulses older than a year → halved to 0.3',
    status: 200,
    body: (t) => fx('old-pulses.json', t),
    check: (r) => {
      expect(r.signal).to.deep.equal({ malicious: 0.3, confidence: 0.5 });
      expect(r.facts).to.include({ latest_pulse: '2020-03-01' });
      expect(r.facts!.note).to.match(/more than a year old/);
    },
  },
  {
    name: 'allow-list validation hit → downgraded (0.6 × 0.3)',
    status: 200,
    body: (t) => fx('allow-listed.json', t),
    check: (r) => {
      expect(r.signal).to.deep.equal({ malicious: 0.18, confidence: 0.5 });
      expect(r.facts!.validation).to.deep.equal(['Alexa top 1M']);
    },
  },
  {
    name: 'benign hit: accepted false positive → malicious 0',
    status: 200,
    body: (t) => fx('false-positive.json', t),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 0.5 });
      expect(r.facts!.false_positive).to.equal(true);
    },
  },
  {
    name: 'pulse count 0 is not_found, never a benign ok',
    status: 200,
    body: (t) => fx('unknown.json', t),
    check: (r, t) => {
      expect(r.status).to.equal('not_found');
      expect(r.signal).to.equal(undefined);
      expect(r.facts!.pulse_count).to.equal(0);
      expect(r.link).to.equal(t.link);
    },
  },
  {
    name: 'pulse count 0 with allow-list hits is not_found, validation kept in facts',
    status: 200,
    body: (t) => fx('unknown-allow-listed.json', t),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.facts!.validation).to.deep.equal(['Known good domain']);
    },
  },
  { name: '404 is not_found', status: 404, body: () => '<h1>Not Found</h1>', check: (r) => expect(r.status).to.equal('not_found') },
  { name: '401 is auth', status: 401, body: () => '{"detail":"Authentication credentials were not provided."}', check: (r) => expectError(r, 'auth', 401) },
  {
    name: '403 is auth',
    status: 403,
    body: () => fx('forbidden.json'),
    check: (r) => {
      expectError(r, 'auth', 403);
      expect(r.message).to.contain('Invalid API key.');
    },
  },
  {
    name: '429 without headers is rate_limited with no invented wait',
    status: 429,
    body: () => '{"detail":"Request was throttled."}',
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(undefined);
    },
  },
  {
    name: '429 with Retry-After seconds keeps the wait',
    status: 429,
    body: () => '{"detail":"Request was throttled. Expected available in 7 seconds."}',
    headers: () => ({ 'Retry-After': '7' }),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(7000);
    },
  },
  { name: '400 malformed indicator is bad_response', status: 400, body: () => fx('bad-request.json'), check: (r) => expectError(r, 'bad_response', 400) },
  { name: '500 is server', status: 500, body: () => '', check: (r) => expectError(r, 'server', 500) },
  { name: '504 is server', status: 504, body: () => '<html>Gateway Timeout</html>', check: (r) => expectError(r, 'server', 504) },
  { name: 'malformed JSON is bad_response', status: 200, body: () => '{"pulse_info": {"count": 3, "pulses": [', check: (r) => expectError(r, 'bad_response', 200) },
  { name: 'missing pulse_info is bad_response', status: 200, body: (t) => fx('missing-pulse-info.json', t), check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/otx', () => {
  useNock();

  for (const t of targets) {
    describe(t.ind.type, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const scope = nock(HOST)
            .get(t.path)
            .matchHeader('X-OTX-API-KEY', KEY)
            .reply(c.status, c.body(t), c.headers ? c.headers() : { 'Content-Type': 'application/json' });
          const r = asResult(await roundTrip(otx, t.ind, { apiKey: KEY }));
          expect(scope.isDone()).to.equal(true);
          expect(r.provider).to.equal('otx');
          c.check(r, t);
          expect(JSON.stringify(r)).not.to.contain(KEY);
        });
      }
    });
  }

  it('looks FQDNs up as OTX hostnames and lower-cases a URL scheme', async () => {
    const host = nock(HOST).get('/api/v1/indicators/hostname/cdn.bad.example/general').reply(200, fx('single-pulse.json'));
    const r = asResult(await roundTrip(otx, { type: 'domain', value: 'cdn.bad.example' }, {}));
    expect(host.isDone()).to.equal(true);
    expect(r.link).to.equal('https://otx.alienvault.com/indicator/hostname/cdn.bad.example');
    const req = otx.request({ type: 'url', value: 'HTTP://bad.example/a b#frag' }, {}) as HttpRequest;
    expect(req.url).to.equal('https://otx.alienvault.com/api/v1/indicators/url/http://bad.example/a%20b%23frag/general');
  });

  it('works without a key and then sends no key header; with a key it is only in X-OTX-API-KEY', async () => {
    const scope = nock(HOST, { badheaders: ['X-OTX-API-KEY'] }).get(targets[0].path).reply(200, fx('single-pulse.json', targets[0]));
    const r = asResult(await roundTrip(otx, targets[0].ind, {}));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
    expect(otx.requiresKey).to.equal(false);
    const req = otx.request(targets[0].ind, { apiKey: KEY }) as HttpRequest;
    expect(req.headers['X-OTX-API-KEY']).to.equal(KEY);
    expect(req.url).not.to.contain(KEY);
  });

  it('honours a base URL override', async () => {
    const scope = nock('https://otx.corp.test').get('/otx/api/v1/indicators/domain/bad.example/general').reply(200, fx('unknown.json'));
    const r = asResult(await roundTrip(otx, targets[2].ind, { baseUrl: 'https://otx.corp.test/otx/api/v1' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('not_found');
  });

  it('skips with a reason: unsupported type, non-public IP, disabled', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'email', value: 'a@bad.example' }, {}, /AlienVault OTX does not support email/],
      [{ type: 'sha512', value: 'a'.repeat(128) }, {}, /does not support sha512/],
      [{ type: 'ipv6', value: 'fe80::1', scope: 'link-local' }, {}, /link-local address/],
      [targets[2].ind, { enabled: false }, /disabled/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(otx, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when an error detail contains it', async () => {
    nock(HOST)
      .get(targets[2].path)
      .reply(403, JSON.stringify({ detail: 'Invalid API key ' + KEY }));
    const r = asResult(await roundTrip(otx, targets[2].ind, { apiKey: KEY }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });
});

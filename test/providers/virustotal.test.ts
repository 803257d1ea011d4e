import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { virustotal, virustotalUrlId } from '../../scripts/core/providers/virustotal';
import type { Indicator, IocType } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


const KEY = 'vt-TESTKEY-9f8e7d6c5b4a';
const HOST = 'https://www.virustotal.com';
const fx = (name: string) => readFixture('virustotal', name);

type Kind = 'ip' | 'domain' | 'url' | 'file';
interface Target {
  type: IocType;
  value: string;
  path: string;
  kind: Kind;
  link: string;
}
const SHA256 = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f';
const targets: Target[] = [
  { type: 'ipv4', value: '198.51.100.7', path: '/api/v3/ip_addresses/198.51.100.7', kind: 'ip', link: 'https://www.virustotal.com/gui/ip-address/198.51.100.7' },
  { type: 'ipv6', value: '2001:db8::7', path: '/api/v3/ip_addresses/2001:db8::7', kind: 'ip', link: 'https://www.virustotal.com/gui/ip-address/2001:db8::7' },
  { type: 'domain', value: 'bad.example', path: '/api/v3/domains/bad.example', kind: 'domain', link: 'https://www.virustotal.com/gui/domain/bad.example' },
  {
    type: 'url',
    value: 'https://www.example.com/login?x=1',
    path: '/api/v3/urls/aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vbG9naW4_eD0x',
    kind: 'url',
    link: 'https://www.virustotal.com/gui/url/', // + data.id from the fixture
  },
  { type: 'md5', value: '44d88612fea8a8f36de82e1278abb02f', path: '/api/v3/files/44d88612fea8a8f36de82e1278abb02f', kind: 'file', link: 'https://www.virustotal.com/gui/file/' + SHA256 },
  { type: 'sha1', value: '3395856ce81f2b7382dee72602f798b642f14140', path: '/api/v3/files/3395856ce81f2b7382dee72602f798b642f14140', kind: 'file', link: 'https://www.virustotal.com/gui/file/' + SHA256 },
  { type: 'sha256', value: SHA256, path: '/api/v3/files/' + SHA256, kind: 'file', link: 'https://www.virustotal.com/gui/file/' + SHA256 },
];
const indicatorOf = (t: Target): Indicator => (t.kind === 'ip' ? { type: t.type, value: t.value, scope: 'public' } : { type: t.type, value: t.value });

/** malicious / total of each malicious fixture, and a fact that only that object kind carries. */
const maliciousRatio: Record<Kind, number> = { ip: 5 / 93, domain: 12 / 90, url: 8 / 94, file: 60 / 72 };
const kindFacts: Record<Kind, Record<string, unknown>> = {
  ip: { as_owner: 'EXAMPLE-HOSTING', country: 'NL', asn: 64500 },
  domain: { registrar: 'Example Registrar, Inc.', creation_date: '2023-11-14T22:13:20.000Z' },
  url: { title: 'Sign in', url: 'https://www.example.com/login?x=1' },
  file: { meaningful_name: 'eicar.com', type: 'Text', threat_label: 'virus.eicar/test', sha256: SHA256 },
};

interface Case {
  name: string;
  status: number;
  body: (t: Target) => string;
  headers?: () => Record<string, string>;
  check: (r: ProviderResult, t: Target) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^VirusTotal /);

const cases: Case[] = [
  {
    name: 'malicious hit',
    status: 200,
    body: (t) => fx(t.kind + '-malicious.json'),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal!.malicious).to.be.closeTo(maliciousRatio[t.kind], 1e-12);
      expect(r.signal!.confidence).to.equal(1);
      expect(r.facts).to.include(kindFacts[t.kind]);
      expect(r.facts!.last_analysis_date).to.equal('2024-05-29T16:26:40.000Z');
      expect(r.facts!.total).to.be.greaterThan(0);
      expect(r.link).to.equal(t.kind === 'url' ? t.link + JSON.parse(fx('url-malicious.json')).data.id : t.link);
    },
  },
  {
    name: 'benign hit',
    status: 200,
    body: (t) => fx(t.kind + '-benign.json'),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 1 });
      expect(r.facts!.malicious).to.equal(0);
      expect(r.facts!.harmless! as number + (r.facts!.undetected as number)).to.be.greaterThan(0);
    },
  },
  {
    name: 'never analysed (all stats 0) is ok with no verdict, not clean',
    status: 200,
    body: () => fx('never-analysed.json'),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 0 });
      expect(r.facts!.total).to.equal(0);
      expect(r.facts!.last_analysis_date).to.equal(null);
    },
  },
  {
    name: '404 NotFoundError is not_found',
    status: 404,
    body: () => fx('not-found.json'),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.signal).to.equal(undefined);
      expect(r.httpStatus).to.equal(404);
    },
  },
  { name: '404 HTML (wrong base URL) is bad_response', status: 404, body: () => '<html>Not Found</html>', check: (r) => expectError(r, 'bad_response', 404) },
  {
    name: '401 WrongCredentialsError is auth',
    status: 401,
    body: () => fx('wrong-credentials.json'),
    check: (r) => {
      expectError(r, 'auth', 401);
      expect(r.message).to.contain('WrongCredentialsError').and.contain('check the key');
    },
  },
  { name: '403 ForbiddenError is auth', status: 403, body: () => fx('forbidden.json'), check: (r) => expectError(r, 'auth', 403) },
  {
    name: '429 QuotaExceededError with Retry-After seconds is quota',
    status: 429,
    body: () => fx('quota.json'),
    headers: () => ({ 'Retry-After': '60' }),
    check: (r) => {
      expectError(r, 'quota', 429);
      expect(r.retryAfterMs).to.equal(60000);
      expect(r.message).to.contain('QuotaExceededError');
    },
  },
  {
    name: '429 TooManyRequestsError with HTTP-date Retry-After is rate_limited',
    status: 429,
    body: () => fx('too-many.json'),
    headers: () => ({ 'Retry-After': new Date(Date.now() + 120000).toUTCString() }),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.be.within(100000, 120000);
    },
  },
  {
    name: 'edge 429 with an HTML body is rate_limited',
    status: 429,
    body: () => '<html><body>Too Many Requests</body></html>',
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(undefined);
    },
  },
  { name: '500 is server', status: 500, body: () => '', check: (r) => expectError(r, 'server', 500) },
  {
    name: '503 TransientError is server',
    status: 503,
    body: () => fx('transient.json'),
    headers: () => ({ 'Retry-After': '5' }),
    check: (r) => {
      expectError(r, 'server', 503);
      expect(r.retryAfterMs).to.equal(5000);
    },
  },
  { name: 'malformed JSON is bad_response', status: 200, body: () => '{"data": {"attributes": ', check: (r) => expectError(r, 'bad_response', 200) },
  { name: 'missing last_analysis_stats is bad_response', status: 200, body: () => fx('missing-stats.json'), check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/virustotal', () => {
  useNock();

  for (const t of targets) {
    describe(t.type, () => {
      for (const c of cases) {
        it(c.name, async () => {
          const scope = nock(HOST)
            .get(t.path)
            .matchHeader('x-apikey', KEY)
            .reply(c.status, c.body(t), c.headers ? c.headers() : { 'Content-Type': 'application/json' });
          const r = asResult(await roundTrip(virustotal, indicatorOf(t), { apiKey: KEY }));
          expect(scope.isDone()).to.equal(true);
          expect(r.provider).to.equal('virustotal');
          c.check(r, t);
          expect(JSON.stringify(r)).not.to.contain(KEY);
        });
      }
    });
  }

  it('computes the documented base64url URL ids', () => {
    expect(virustotalUrlId('http://example.com/')).to.equal('aHR0cDovL2V4YW1wbGUuY29tLw');
    expect(virustotalUrlId('https://www.example.com/login?x=1')).to.equal('aHR0cHM6Ly93d3cuZXhhbXBsZS5jb20vbG9naW4_eD0x');
  });

  it('puts the key only in the x-apikey header, never in the URL', () => {
    for (const t of targets) {
      const req = virustotal.request(indicatorOf(t), { apiKey: KEY }) as HttpRequest;
      expect(req.method).to.equal('GET');
      expect(req.url).to.equal(HOST + t.path);
      expect(req.headers['x-apikey']).to.equal(KEY);
      expect(req.url).not.to.contain(KEY);
      expect(req.body).to.equal(undefined);
    }
  });

  it('honours a base URL override (trailing slash tolerated)', async () => {
    const scope = nock('https://vt-proxy.corp.test').get('/vt/api/v3/domains/bad.example').matchHeader('x-apikey', KEY).reply(200, fx('domain-malicious.json'));
    const r = asResult(await roundTrip(virustotal, { type: 'domain', value: 'bad.example' }, { apiKey: KEY, baseUrl: 'https://vt-proxy.corp.test/vt/api/v3/' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
    expect(r.link).to.equal('https://www.virustotal.com/gui/domain/bad.example');
  });

  it('skips with a reason: unsupported type, non-public IP, missing key, disabled', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'email', value: 'a@example.com' }, { apiKey: KEY }, /does not support email/],
      [{ type: 'cve', value: 'CVE-2023-44487' }, { apiKey: KEY }, /does not support cve/],
      [{ type: 'ipv4', value: '10.0.0.1', scope: 'private' }, { apiKey: KEY }, /private address/],
      [{ type: 'ipv4', value: '192.0.2.1', scope: 'documentation' }, { apiKey: KEY }, /documentation address/],
      [{ type: 'domain', value: 'bad.example' }, {}, /no API key for VirusTotal/],
      [{ type: 'domain', value: 'bad.example' }, { apiKey: KEY, enabled: false }, /disabled/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(virustotal, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when the provider error text contains it', async () => {
    nock(HOST)
      .get('/api/v3/domains/bad.example')
      .reply(401, JSON.stringify({ error: { code: 'WrongCredentialsError', message: 'Wrong API key ' + KEY } }));
    const r = asResult(await roundTrip(virustotal, { type: 'domain', value: 'bad.example' }, { apiKey: KEY }));
    expect(r.kind).to.equal('auth');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });

  it('declares the seed weight and the free-tier limits', () => {
    expect(virustotal.defaults).to.deep.equal({ baseUrl: 'https://www.virustotal.com/api/v3', limits: { perMinute: 4, perDay: 500 }, timeoutMs: 10000, weight: 60 });
    expect(virustotal.types).to.deep.equal(['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256']);
    expect(virustotal.requiresKey).to.equal(true);
  });
});

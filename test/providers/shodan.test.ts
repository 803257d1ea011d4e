import { expect } from 'chai';
import nock from 'nock';
import { roundTrip, useNock, asResult, readFixture, expectErrorResult } from './harness';
import { shodan } from '../../scripts/core/providers/shodan';
import type { Indicator } from '../../scripts/core/model';
import type { HttpRequest, ProviderResult, Skip } from '../../scripts/core/providers/types';


// Contains characters that must be percent-encoded in a query string.
const KEY = 'shodan-TESTKEY+/=9z8y7x';
const HOST = 'https://api.shodan.io';
const fx = (name: string) => readFixture('shodan', name);

interface Target {
  ind: Indicator;
  path: string;
  query: Record<string, string>;
  tag: 'v4' | 'v6' | 'domain';
  link: string;
}
const targets: Target[] = [
  {
    ind: { type: 'ipv4', value: '192.0.2.44', scope: 'public' },
    path: '/shodan/host/192.0.2.44',
    query: { key: KEY, minify: 'true' },
    tag: 'v4',
    link: 'https://www.shodan.io/host/192.0.2.44',
  },
  {
    ind: { type: 'ipv6', value: '2001:db8::44', scope: 'public' },
    path: '/shodan/host/2001:db8::44',
    query: { key: KEY, minify: 'true' },
    tag: 'v6',
    link: 'https://www.shodan.io/host/2001:db8::44',
  },
  { ind: { type: 'domain', value: 'example.com' }, path: '/dns/domain/example.com', query: { key: KEY }, tag: 'domain', link: 'https://www.shodan.io/domain/example.com' },
];

interface Case {
  name: string;
  status: number;
  body: (t: Target) => string;
  headers?: () => Record<string, string>;
  only?: 'ip' | 'domain';
  check: (r: ProviderResult, t: Target) => void;
}

const expectError = (r: ProviderResult, kind: string, httpStatus: number) => expectErrorResult(r, kind, httpStatus, /^Shodan /);

const cases: Case[] = [
  // --- host hits (context: low confidence) ---
  {
    name: 'c2-tagged host → malicious 1, confidence 0.2',
    only: 'ip',
    status: 200,
    body: (t) => fx(`host-c2-${t.tag}.json`),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 1, confidence: 0.2 });
      expect(r.facts).to.deep.include({ ports: [443, 8443], vulns: ['CVE-2021-44228'], org: 'Bulletproof Example', os: 'Linux 3.x', tags: ['c2', 'self-signed'] });
      expect(r.link).to.equal(t.link);
    },
  },
  {
    name: 'host with known CVEs → malicious 0.3, confidence 0.1, facts',
    only: 'ip',
    status: 200,
    body: (t) => fx(`host-vulns-${t.tag}.json`),
    check: (r) => {
      expect(r.signal).to.deep.equal({ malicious: 0.3, confidence: 0.1 });
      expect(r.facts).to.deep.include({
        ports: [22, 80, 443],
        vulns: ['CVE-2023-44487', 'CVE-2024-6387'],
        vuln_count: 2,
        hostnames: ['edge.example'],
        org: 'Example Cloud',
        isp: 'Example Cloud',
        os: null,
        last_update: '2025-05-30T08:12:44Z',
      });
    },
  },
  { name: 'tor-tagged host → malicious 0.4', only: 'ip', status: 200, body: (t) => fx(`host-tor-${t.tag}.json`), check: (r) => expect(r.signal).to.deep.equal({ malicious: 0.4, confidence: 0.1 }) },
  {
    name: 'benign host (no vulns, no risky tags) → malicious 0, confidence 0.1',
    only: 'ip',
    status: 200,
    body: (t) => fx(`host-benign-${t.tag}.json`),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 0.1 });
      expect(r.facts).to.deep.include({ ports: [53, 443], vulns: [], tags: ['cloud'] });
    },
  },
  { name: 'missing ports is bad_response', only: 'ip', status: 200, body: () => fx('missing-ports.json'), check: (r) => expectError(r, 'bad_response', 200) },
  {
    name: '404 "No information available" is not_found',
    only: 'ip',
    status: 404,
    body: () => fx('not-found-ip.json'),
    check: (r) => {
      expect(r.status).to.equal('not_found');
      expect(r.httpStatus).to.equal(404);
      expect(r.signal).to.equal(undefined);
    },
  },
  // --- domain hits (facts only) ---
  {
    name: 'domain with subdomains and records → context only (confidence 0), records summarised',
    only: 'domain',
    status: 200,
    body: () => fx('domain-rich.json'),
    check: (r, t) => {
      expect(r.status).to.equal('ok');
      expect(r.signal).to.deep.equal({ malicious: 0, confidence: 0 });
      expect(r.facts).to.deep.include({
        subdomain_count: 3,
        subdomains: ['www', 'mail', 'vpn'],
        record_types: ['A', 'MX', 'AAAA'],
        record_counts: { A: 3, MX: 1, AAAA: 1 },
        tags: ['ipv6', 'spf'],
        more: false,
      });
      expect(r.facts!.records).to.include('www.example.com A 192.0.2.11').and.include('example.com MX mail.example.com');
      expect(r.link).to.equal(t.link);
    },
  },
  {
    name: 'domain with a single record → ok',
    only: 'domain',
    status: 200,
    body: () => fx('domain-small.json'),
    check: (r) => {
      expect(r.status).to.equal('ok');
      expect(r.facts!.records).to.deep.equal(['example.com A 192.0.2.10']);
    },
  },
  { name: 'domain with no subdomains and no records is not_found', only: 'domain', status: 200, body: () => fx('domain-empty.json'), check: (r) => expect(r.status).to.equal('not_found') },
  { name: '404 "No information available" (domain) is not_found', only: 'domain', status: 404, body: () => fx('not-found-domain.json'), check: (r) => expect(r.status).to.equal('not_found') },
  { name: 'domain body without data/subdomains is bad_response', only: 'domain', status: 200, body: () => '{"domain":"example.com"}', check: (r) => expectError(r, 'bad_response', 200) },
  // --- shared ---
  { name: '200 carrying the "No information" error is not_found', status: 200, body: () => fx('not-found-ip.json'), check: (r) => expect(r.status).to.equal('not_found') },
  {
    name: '401 nginx HTML page is auth',
    status: 401,
    body: () => fx('unauthorized.html'),
    headers: () => ({ 'Content-Type': 'text/html' }),
    check: (r) => {
      expectError(r, 'auth', 401);
      expect(r.message).to.match(/invalid API key/);
    },
  },
  { name: '403 Access denied is auth', status: 403, body: () => fx('access-denied.json'), check: (r) => expectError(r, 'auth', 403) },
  {
    name: 'exhausted query credits is quota',
    status: 403,
    body: () => fx('no-credits.json'),
    check: (r) => {
      expectError(r, 'quota', 403);
      expect(r.message).to.contain('Insufficient query credits');
    },
  },
  {
    name: '429 "Request rate limit reached" is rate_limited, wait 1 s as the message asks',
    status: 429,
    body: () => fx('rate-limit.json'),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(1000);
    },
  },
  {
    name: '429 with a Retry-After header uses the header',
    status: 429,
    body: () => fx('rate-limit.json'),
    headers: () => ({ 'Retry-After': '3' }),
    check: (r) => {
      expectError(r, 'rate_limited', 429);
      expect(r.retryAfterMs).to.equal(3000);
    },
  },
  { name: '500 is server', status: 500, body: () => '', check: (r) => expectError(r, 'server', 500) },
  { name: '404 HTML (wrong base URL) is bad_response', status: 404, body: () => '<html>404</html>', check: (r) => expectError(r, 'bad_response', 404) },
  { name: 'malformed JSON is bad_response', status: 200, body: () => '{"ip_str": "192.0.2.44", "ports": [22,', check: (r) => expectError(r, 'bad_response', 200) },
];

describe('providers/shodan', () => {
  useNock();

  for (const t of targets) {
    describe(t.ind.type, () => {
      for (const c of cases) {
        if (c.only === 'ip' && t.tag === 'domain') continue;
        if (c.only === 'domain' && t.tag !== 'domain') continue;
        it(c.name, async () => {
          const scope = nock(HOST)
            .get(t.path)
            .query(t.query)
            .reply(c.status, c.body(t), c.headers ? c.headers() : { 'Content-Type': 'application/json' });
          const r = asResult(await roundTrip(shodan, t.ind, { apiKey: KEY }));
          expect(scope.isDone()).to.equal(true);
          expect(r.provider).to.equal('shodan');
          c.check(r, t);
          expect(JSON.stringify(r)).not.to.contain(KEY);
          expect(JSON.stringify(r)).not.to.contain(encodeURIComponent(KEY));
        });
      }
    });
  }

  it('puts the key (percent-encoded) only in the key query parameter', () => {
    const req = shodan.request(targets[0].ind, { apiKey: KEY }) as HttpRequest;
    expect(req.method).to.equal('GET');
    expect(req.url).to.equal('https://api.shodan.io/shodan/host/192.0.2.44?key=' + encodeURIComponent(KEY) + '&minify=true');
    expect(JSON.stringify(req.headers)).not.to.contain(KEY);
    const dom = shodan.request(targets[2].ind, { apiKey: KEY }) as HttpRequest;
    expect(dom.url).to.equal('https://api.shodan.io/dns/domain/example.com?key=' + encodeURIComponent(KEY));
  });

  it('honours a base URL override', async () => {
    const scope = nock('https://shodan-proxy.corp.test').get('/api/shodan/host/192.0.2.44').query({ key: KEY, minify: 'true' }).reply(200, fx('host-benign-v4.json'));
    const r = asResult(await roundTrip(shodan, targets[0].ind, { apiKey: KEY, baseUrl: 'https://shodan-proxy.corp.test/api' }));
    expect(scope.isDone()).to.equal(true);
    expect(r.status).to.equal('ok');
  });

  it('skips with a reason: unsupported type, non-public IP, missing key', async () => {
    const cases: Array<[Indicator, object, RegExp]> = [
      [{ type: 'url', value: 'http://bad.example/' }, { apiKey: KEY }, /Shodan does not support url/],
      [{ type: 'md5', value: '0'.repeat(32) }, { apiKey: KEY }, /does not support md5/],
      [{ type: 'ipv4', value: '100.64.0.1', scope: 'cgnat' }, { apiKey: KEY }, /cgnat address/],
      [{ type: 'domain', value: 'example.com' }, {}, /no API key for Shodan/],
    ];
    for (const [ind, cfg, reason] of cases) {
      const r = await roundTrip(shodan, ind, cfg);
      expect(r).to.have.property('skip', true);
      expect((r as Skip).reason).to.match(reason);
    }
  });

  it('never echoes the key even when an error text contains it', async () => {
    nock(HOST)
      .get('/shodan/host/192.0.2.44')
      .query(true)
      .reply(400, JSON.stringify({ error: 'Invalid request for key=' + KEY }));
    const r = asResult(await roundTrip(shodan, targets[0].ind, { apiKey: KEY }));
    expect(r.status).to.equal('error');
    expect(r.message).to.contain('[redacted]');
    expect(JSON.stringify(r)).not.to.contain(KEY);
  });

  it('declares 1 request/second and a context weight', () => {
    expect(shodan.defaults).to.deep.equal({ baseUrl: 'https://api.shodan.io', limits: { perSecond: 1 }, timeoutMs: 10000, weight: 10 });
    expect(shodan.types).to.deep.equal(['ipv4', 'ipv6', 'domain']);
  });
});

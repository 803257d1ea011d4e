import { expect } from 'chai';
import { domainMatches, screen, urlHost, urlPrefixMatches } from '../../scripts/core/engine/allowlist';
import type { EngineConfig } from '../../scripts/core/config';

const cfg: EngineConfig = {
  internal: { domains: ['corp.example'], cidrs: ['198.51.100.0/24'] },
  allowlist: { domains: ['partner.test'], urlPrefixes: ['https://intranet-share.test/docs/', 'https://tools.test'], cidrs: ['203.0.113.0/28'] },
};

describe('engine/allowlist', () => {
  it('non-public IPs are internal: never sent out', () => {
    expect(screen({ type: 'ipv4', value: '10.1.2.3' }, {}).internal).to.match(/^private address/);
    expect(screen({ type: 'ipv4', value: '127.0.0.1' }, {}).internal).to.match(/^loopback/);
    expect(screen({ type: 'ipv6', value: 'fe80::1' }, {}).internal).to.match(/^link-local/);
    expect(screen({ type: 'ipv4', value: '192.0.2.1', scope: 'documentation' }, {}).internal).to.match(/^documentation/);
    expect(screen({ type: 'ipv4', value: '8.8.4.5' }, {})).to.deep.equal({});
  });

  it('configured internal CIDRs and domains (with subdomains), URLs and emails on them are internal', () => {
    expect(screen({ type: 'ipv4', value: '198.51.100.7', scope: 'public' }, cfg).internal).to.contain('internal range 198.51.100.0/24');
    expect(screen({ type: 'domain', value: 'corp.example' }, cfg).internal).to.contain('internal domain corp.example');
    expect(screen({ type: 'domain', value: 'vpn.eu.corp.example' }, cfg).internal).to.contain('internal domain');
    expect(screen({ type: 'url', value: 'https://wiki.corp.example:8443/x' }, cfg).internal).to.contain('internal domain');
    expect(screen({ type: 'url', value: 'http://10.0.0.5/admin' }, cfg).internal).to.match(/^private address/);
    expect(screen({ type: 'url', value: 'http://[fd00::1]/x' }, cfg).internal).to.match(/^private address/);
    expect(screen({ type: 'email', value: 'alice@corp.example' }, cfg).internal).to.contain('internal domain');
    expect(screen({ type: 'domain', value: 'notcorp.example' }, cfg).internal).to.equal(undefined);
  });

  it('configured allowlist: domains + subdomains (domain, URL host, email), URL prefixes on a boundary, CIDRs', () => {
    expect(screen({ type: 'domain', value: 'cdn.partner.test' }, cfg).allowlisted).to.equal('allowlisted domain partner.test (configured)');
    expect(screen({ type: 'url', value: 'https://partner.test/login' }, cfg).allowlisted).to.contain('partner.test');
    expect(screen({ type: 'email', value: 'bob@partner.test' }, cfg).allowlisted).to.contain('partner.test');
    expect(screen({ type: 'domain', value: 'evilpartner.test' }, cfg).allowlisted).to.equal(undefined);
    expect(screen({ type: 'url', value: 'https://intranet-share.test/docs/a.pdf' }, cfg).allowlisted).to.contain('URL prefix');
    expect(screen({ type: 'url', value: 'https://intranet-share.test/other' }, cfg).allowlisted).to.equal(undefined);
    expect(screen({ type: 'url', value: 'https://tools.test/x' }, cfg).allowlisted).to.contain('URL prefix');
    expect(screen({ type: 'url', value: 'https://tools.test.evil.example/x' }, cfg).allowlisted).to.equal(undefined);
    expect(screen({ type: 'ipv4', value: '203.0.113.9', scope: 'public' }, cfg).allowlisted).to.contain('203.0.113.0/28');
    expect(screen({ type: 'ipv4', value: '203.0.113.99', scope: 'public' }, cfg).allowlisted).to.equal(undefined);
  });

  it('built-in list: well-known shared infrastructure, switchable off', () => {
    expect(screen({ type: 'domain', value: 'google.com' }, {}).allowlisted).to.contain('built-in allowlist: google.com');
    expect(screen({ type: 'domain', value: 'login.microsoftonline.com' }, {}).allowlisted).to.contain('microsoftonline.com');
    expect(screen({ type: 'domain', value: 'download.windowsupdate.com' }, {}).allowlisted).to.contain('windowsupdate.com');
    expect(screen({ type: 'ipv4', value: '1.1.1.1' }, {}).allowlisted).to.equal('built-in allowlist: public DNS resolver 1.1.1.1');
    expect(screen({ type: 'ipv4', value: '8.8.8.8' }, {}).allowlisted).to.contain('8.8.8.8');
    expect(screen({ type: 'ipv4', value: '9.9.9.9' }, {}).allowlisted).to.contain('9.9.9.9');
    expect(screen({ type: 'ipv6', value: '2606:4700:4700::1111' }, {}).allowlisted).to.contain('resolver');
    expect(screen({ type: 'domain', value: 'google.com' }, { allowlist: { builtin: false } })).to.deep.equal({});
    expect(screen({ type: 'ipv4', value: '1.1.1.1' }, { allowlist: { builtin: false } })).to.deep.equal({});
  });

  it('built-in list never covers attacker-rentable hosting or URLs on trusted hosts', () => {
    for (const d of ['evil-bucket.s3.amazonaws.com', 'amazonaws.com', 'storage.googleapis.com', 'x.blob.core.windows.net', 'phish.azurewebsites.net', 'a.workers.dev', 'tenant.sharepoint.com', 'tenant.onmicrosoft.com', 'google.com.evil.test', 'notgoogle.com']) {
      expect(screen({ type: 'domain', value: d }, {}).allowlisted, d).to.equal(undefined);
    }
    for (const u of ['https://docs.google.com/forms/d/e/x/viewform', 'https://www.google.com/url?q=https://evil.test', 'https://evil-bucket.s3.amazonaws.com/login.html']) {
      expect(screen({ type: 'url', value: u }, {}).allowlisted, u).to.equal(undefined);
    }
    expect(screen({ type: 'email', value: 'attacker@outlook.com' }, {}).allowlisted).to.equal(undefined);
  });

  it('helpers: urlHost, domainMatches, urlPrefixMatches', () => {
    expect(urlHost('https://user:pw@Example.COM:8080/a?b')).to.equal('example.com');
    expect(urlHost('http://[2001:db8::1]:80/')).to.equal('2001:db8::1');
    expect(urlHost('not a url')).to.equal(null);
    expect(domainMatches('a.b.example', '.example')).to.equal(true);
    expect(domainMatches('example', 'example')).to.equal(true);
    expect(domainMatches('bexample', 'example')).to.equal(false);
    expect(urlPrefixMatches('HTTPS://Tools.test/x', 'https://tools.test')).to.equal(true);
    expect(urlPrefixMatches('https://tools.test/apple', 'https://tools.test/app')).to.equal(false);
    expect(urlPrefixMatches('https://tools.test/app?x=1', 'https://tools.test/app')).to.equal(true);
  });
});

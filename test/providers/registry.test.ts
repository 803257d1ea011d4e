import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS, PROVIDER_IDS, providerById } from '../../scripts/core/providers';
import { IOC_TYPES } from '../../scripts/core/model';

describe('provider registry', () => {
  it('lists exactly the twelve provider ids of the contract', () => {
    expect([...PROVIDER_IDS].sort()).to.deep.equal(
      ['abuseipdb', 'greynoise', 'malwarebazaar', 'misp', 'opencti', 'otx', 'safebrowsing', 'shodan', 'threatfox', 'urlhaus', 'urlscan', 'virustotal'],
    );
  });

  it('registers every adapter file in scripts/core/providers', () => {
    const dir = join(__dirname, '../../scripts/core/providers');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['index.ts', 'types.ts', 'common.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).to.deep.equal([...PROVIDER_IDS].sort());
  });

  it('has the same shape for every provider', () => {
    for (const p of PROVIDERS) {
      expect(p.name, p.id).to.be.a('string').and.not.empty;
      expect(p.types.length, p.id).to.be.greaterThan(0);
      for (const t of p.types) expect(IOC_TYPES, p.id).to.include(t);
      expect(p.defaults.timeoutMs, p.id).to.be.greaterThan(0);
      expect(p.defaults.weight, p.id).to.be.greaterThan(0);
      if (!p.requiresBaseUrl) expect(p.defaults.baseUrl, p.id).to.match(/^https:\/\//);
      expect(providerById(p.id)).to.equal(p);
    }
    expect(providerById('nope')).to.equal(undefined);
  });

  it('uses the seed weights for VirusTotal (60) and AbuseIPDB (40)', () => {
    expect(providerById('virustotal')!.defaults.weight).to.equal(60);
    expect(providerById('abuseipdb')!.defaults.weight).to.equal(40);
  });
});

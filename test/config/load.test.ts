import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, envKeyName, exampleConfig, loadConfig, parseConfig, PROVIDER_IDS } from '../../scripts/node/config/index';

function issuesOf(text: string): string[] {
  try {
    parseConfig(text, 'ioc-enrich.yaml', { env: {} });
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('config loader', function () {
  it('accepts the full contract shape of issue 4', function () {
    var text = [
      'providers:',
      '  virustotal: { apiKey: "k", baseUrl: "https://www.virustotal.com/api/v3", enabled: true, weight: 60,',
      '                limits: { perSecond: 1, perMinute: 4, perDay: 500 }, timeoutMs: 10000 }',
      'thresholds: { high: 70, medium: 40 }',
      'deadlineSeconds: 25',
      'cache: { path: "/tmp/x.sqlite", okTtlHours: 24, notFoundTtlHours: 6 }',
      'allowlist: { domains: [], cidrs: [], builtin: true }',
      'internal: { domains: [], cidrs: [] }',
    ].join('\n');
    var loaded = parseConfig(text, 'f.yaml', { env: {} });
    expect(loaded.config.providers!.virustotal).to.deep.equal({ apiKey: 'k', baseUrl: 'https://www.virustotal.com/api/v3', enabled: true, weight: 60, limits: { perSecond: 1, perMinute: 4, perDay: 500 }, timeoutMs: 10000 });
    expect(loaded.config.deadlineSeconds).to.equal(25);
    expect(loaded.keySources.virustotal).to.equal('file');
  });

  it('an empty file is the default configuration', function () {
    expect(parseConfig('', 'f.yaml', { env: {} }).config).to.deep.equal({});
    expect(parseConfig('# only comments\n', 'f.yaml', { env: {} }).config).to.deep.equal({});
  });

  it('reports the exact message shape: file, dotted path, rule, value, line', function () {
    var lines = issuesOf('providers:\n  virustotal:\n    limits:\n      perMinute: 0\n');
    expect(lines).to.deep.equal(['ioc-enrich.yaml: providers.virustotal.limits.perMinute must be a number ≥ 1 (got 0) (line 4)']);
  });

  it('reports every problem at once', function () {
    var lines = issuesOf('deadlineSeconds: 0\nalertScore: median\ninternal: { cidrs: "10.0.0.0/8" }\ncache: { okTtlHours: -1, extra: 1 }\n');
    expect(lines).to.have.length(5);
    expect(lines.join('\n')).to.contain('deadlineSeconds must be a number between 1 and 3600 (got 0)');
    expect(lines.join('\n')).to.contain('alertScore must be one of: max, mean (got "median")');
    expect(lines.join('\n')).to.contain('internal.cidrs must be a list of non-empty strings');
    expect(lines.join('\n')).to.contain('cache.okTtlHours must be a number between 0 and 8760 (got -1)');
    expect(lines.join('\n')).to.contain('cache.extra is not a known setting');
  });

  it('checks what the schema cannot: threshold order (against defaults too) and CIDR syntax', function () {
    expect(issuesOf('thresholds: { medium: 80 }\n')[0]).to.contain('thresholds.medium must keep medium below high (medium 80, high 70');
    expect(issuesOf('thresholds: { high: 40, medium: 40 }\n')[0]).to.contain('must keep medium below high');
    expect(issuesOf('allowlist: { cidrs: ["10.0.0.0/8", "300.1.1.1/8"] }\n')[0]).to.equal('ioc-enrich.yaml: allowlist.cidrs[1] must be an IP address or CIDR such as 10.0.0.0/8 (got "300.1.1.1/8") (line 1)');
    expect(parseConfig('internal: { cidrs: ["10.0.0.0/8", "fd00::/8", "192.0.2.1"] }\n', 'f', { env: {} }).config.internal!.cidrs).to.have.length(3);
  });

  it('never echoes an apiKey value, even when it has the wrong type', function () {
    var lines = issuesOf('providers:\n  otx: { apiKey: 1234567890123 }\n').join('\n');
    expect(lines).to.contain('providers.otx.apiKey must be a non-empty string');
    expect(lines).to.not.contain('1234567890123');
  });

  it('rejects a non-http baseUrl and a fractional timeout', function () {
    var lines = issuesOf('providers:\n  misp: { baseUrl: "misp.local", timeoutMs: 1500.5 }\n').join('\n');
    expect(lines).to.contain('providers.misp.baseUrl must be an http:// or https:// URL');
    expect(lines).to.contain('providers.misp.timeoutMs must be a whole number between 100 and 600000 (got 1500.5)');
  });

  it('takes keys from IOC_ENRICH_<ID>_KEY; the environment wins over the file', function () {
    expect(envKeyName('virustotal')).to.equal('IOC_ENRICH_VIRUSTOTAL_KEY');
    var loaded = parseConfig('providers:\n  virustotal: { apiKey: "from-file", weight: 50 }\n  otx: { apiKey: "otx-file" }\n', 'f', {
      env: { IOC_ENRICH_VIRUSTOTAL_KEY: ' from-env ', IOC_ENRICH_SHODAN_KEY: 'shodan-env', IOC_ENRICH_OTX_KEY: '' },
    });
    expect(loaded.config.providers!.virustotal).to.deep.equal({ apiKey: 'from-env', weight: 50 });
    expect(loaded.config.providers!.shodan).to.deep.equal({ apiKey: 'shodan-env' });
    expect(loaded.config.providers!.otx!.apiKey).to.equal('otx-file');
    expect(loaded.keySources).to.deep.equal({ virustotal: 'env', shodan: 'env', otx: 'file' });
    expect(loaded.envOverrides).to.deep.equal(['virustotal']);
  });

  it('finds ./ioc-enrich.yaml, resolves a relative cache.path against the file, expands ~', function () {
    var dir = mkdtempSync(join(tmpdir(), 'ioc-cfg-'));
    expect(loadConfig({ cwd: dir, env: {} }).file).to.equal(null);
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', 'c.yaml'), 'cache: { path: "state/cache.sqlite" }\n');
    var loaded = loadConfig({ cwd: dir, file: 'etc/c.yaml', env: {} });
    expect(loaded.file).to.equal(join(dir, 'etc', 'c.yaml'));
    expect(loaded.config.cache!.path).to.equal(join(dir, 'etc', 'state', 'cache.sqlite'));
    writeFileSync(join(dir, 'ioc-enrich.yaml'), 'cache: { path: "~/c.sqlite" }\n');
    expect(loadConfig({ cwd: dir, env: {} }).config.cache!.path).to.match(/^\/.*\/c\.sqlite$/);
    expect(() => loadConfig({ cwd: dir, file: 'missing.yaml', env: {} })).to.throw(ConfigError, 'missing.yaml: cannot read configuration file: no such file');
  });

  it('the example configuration parses and names every provider', function () {
    var fake = PROVIDER_IDS.map(function (id) {
      return { id: id, name: id, types: ['ipv4'], requiresKey: id !== 'otx', requiresBaseUrl: id === 'misp', defaults: { baseUrl: 'https://x.example', limits: { perMinute: 4 }, timeoutMs: 10000, weight: 10 } };
    });
    var text = exampleConfig(fake as never);
    var loaded = parseConfig(text, 'example', { env: {} });
    expect(Object.keys(loaded.config.providers!)).to.deep.equal(PROVIDER_IDS);
    expect(loaded.config.thresholds).to.deep.equal({ high: 70, medium: 40 });
  });
});

import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, ensureBuilt, run, scratch } from './helpers';

var SECRET = 'vt-SECRET-4f1d2c9e8b7a6d5c';
var SECRET2 = 'abuse-SECRET-0a9b8c7d6e5f';

describe('CLI: config init/check and providers', function () {
  this.timeout(60000);
  before(function () {
    this.timeout(120000);
    ensureBuilt();
  });

  it('config init writes a commented example that config check accepts (round trip)', function () {
    var dir = scratch();
    var init = run(['config', 'init'], { cwd: dir });
    expect(init.status, init.stderr).to.equal(0);
    var text = readFileSync(join(dir, 'ioc-enrich.yaml'), 'utf8');
    for (var id of ['virustotal', 'abuseipdb', 'shodan', 'misp', 'opencti', 'urlscan', 'safebrowsing', 'malwarebazaar', 'urlhaus', 'threatfox', 'greynoise', 'otx']) {
      expect(text).to.match(new RegExp('^  ' + id + ':$', 'm'));
    }
    for (var key of ['thresholds:', 'deadlineSeconds:', 'cache:', 'allowlist:', 'internal:']) expect(text).to.contain(key);
    expect(text).to.match(/^#/m);
    // Found as ./ioc-enrich.yaml without --config.
    var check = run(['config', 'check'], { cwd: dir });
    expect(check.status, check.stderr).to.equal(0);
    expect(check.stdout).to.match(/ioc-enrich\.yaml: valid/);
    expect(check.stdout).to.match(/virustotal\s+not usable\s+not configured: no API key \(set IOC_ENRICH_VIRUSTOTAL_KEY/);
    expect(check.stdout).to.match(/misp\s+not usable\s+not configured: set providers\.misp\.baseUrl/);
    // Refuses to overwrite, writes elsewhere with --out, and to stdout with --out -.
    var again = run(['config', 'init'], { cwd: dir });
    expect(again.status).to.equal(1);
    expect(again.stderr).to.match(/already exists/);
    var out = run(['config', 'init', '--out', '-'], { cwd: dir });
    expect(out.stdout).to.equal(text);
    var other = run(['config', 'init', '--out', 'other.yaml'], { cwd: dir });
    expect(other.status).to.equal(0);
    var check2 = run(['--config', 'other.yaml', 'config', 'check'], { cwd: dir });
    expect(check2.status, check2.stderr).to.equal(0);
  });

  it('config check reports usable providers from file and environment without printing keys', function () {
    var dir = scratch();
    writeFileSync(
      join(dir, 'c.yaml'),
      ['providers:', '  virustotal:', '    apiKey: "' + SECRET + '"', '  misp:', '    baseUrl: https://misp.example.internal', '  shodan:', '    enabled: false', ''].join('\n'),
    );
    var env = cleanEnv(dir, { IOC_ENRICH_ABUSEIPDB_KEY: SECRET2, IOC_ENRICH_MISP_KEY: SECRET2 });
    var r = run(['config', 'check', '--config', 'c.yaml'], { cwd: dir, env: env });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/virustotal\s+usable\s+key from configuration file/);
    expect(r.stdout).to.match(/abuseipdb\s+usable\s+key from environment IOC_ENRICH_ABUSEIPDB_KEY/);
    expect(r.stdout).to.match(/misp\s+usable/);
    expect(r.stdout).to.match(/shodan\s+not usable\s+disabled/);
    expect(r.stdout + r.stderr).to.not.contain(SECRET).and.not.contain(SECRET2);
  });

  it('the environment key overrides the file key, and says so', function () {
    var dir = scratch();
    writeFileSync(join(dir, 'ioc-enrich.yaml'), 'providers:\n  virustotal: { apiKey: "' + SECRET + '" }\n');
    var r = run(['config', 'check'], { cwd: dir, env: cleanEnv(dir, { IOC_ENRICH_VIRUSTOTAL_KEY: SECRET2 }) });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/virustotal\s+usable\s+key from environment IOC_ENRICH_VIRUSTOTAL_KEY \(overrides the file\)/);
    expect(r.stdout + r.stderr).to.not.contain(SECRET).and.not.contain(SECRET2);
  });

  it('invalid config: exit 1, every problem with file, path, what and line; never the key', function () {
    var dir = scratch();
    writeFileSync(
      join(dir, 'ioc-enrich.yaml'),
      [
        'providers:',
        '  virustotal:',
        '    apiKey: ' + SECRET,
        '    limits: { perMinute: 0 }',
        '  virustotl:',
        '    apiKey: ' + SECRET2,
        '  abuseipdb:',
        '    apikey: ' + SECRET2,
        'thresholds: { high: 150 }',
        'deadlineSeconds: fast',
        'colour: blue',
        '',
      ].join('\n'),
    );
    var r = run(['config', 'check'], { cwd: dir });
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal('');
    var lines = r.stderr.trim().split('\n');
    expect(lines).to.include('ioc-enrich: ioc-enrich.yaml: providers.virustotal.limits.perMinute must be a number ≥ 1 (got 0) (line 4)');
    expect(r.stderr).to.match(/ioc-enrich\.yaml: providers\.virustotl is not a known provider \(did you mean virustotal\?\)/);
    expect(r.stderr).to.match(/ioc-enrich\.yaml: providers\.abuseipdb\.apikey is not a known setting \(did you mean apiKey\?\)/);
    expect(r.stderr).to.match(/ioc-enrich\.yaml: thresholds\.high must be a number between 0 and 100 \(got 150\) \(line 9\)/);
    expect(r.stderr).to.match(/ioc-enrich\.yaml: deadlineSeconds must be a number between 1 and 3600 \(got "fast"\) \(line 10\)/);
    expect(r.stderr).to.match(/ioc-enrich\.yaml: colour is not a known setting/);
    expect(r.stdout + r.stderr).to.not.contain(SECRET).and.not.contain(SECRET2);
  });

  it('invalid YAML: reports the line without echoing the source (which may hold a key)', function () {
    var dir = scratch();
    writeFileSync(join(dir, 'bad.yaml'), 'providers:\n  virustotal: { apiKey: "' + SECRET + '\n');
    var r = run(['--config', 'bad.yaml', 'config', 'check'], { cwd: dir });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/bad\.yaml: is not valid YAML: .*\(line \d+\)/);
    expect(r.stderr).to.not.contain(SECRET);
  });

  it('a missing --config file is an error, a missing ./ioc-enrich.yaml is not', function () {
    var dir = scratch();
    var r = run(['--config', 'nope.yaml', 'config', 'check'], { cwd: dir });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('nope.yaml: cannot read configuration file: no such file');
    var d = run(['config', 'check'], { cwd: dir });
    expect(d.status).to.equal(0);
    expect(d.stdout).to.match(/no configuration file/);
  });

  it('providers lists every provider with types, limits, weight and configured state; keys never shown', function () {
    var dir = scratch();
    var without = run(['providers'], { cwd: dir });
    expect(without.status, without.stderr).to.equal(0);
    expect(without.stdout).to.match(/^PROVIDER\s+TYPES\s+LIMITS\s+WEIGHT\s+KEY\s+CONFIGURED/);
    expect(without.stdout).to.match(/virustotal\s+\S*ipv4\S*\s+.*\d+\/min.*\s60\s+required\s+no \(needs key\)/);
    expect(without.stdout).to.match(/misp\s.*no \(needs baseUrl and key\)/);
    writeFileSync(join(dir, 'ioc-enrich.yaml'), 'providers:\n  abuseipdb: { apiKey: "' + SECRET2 + '", weight: 35, limits: { perDay: 900 } }\n');
    var withKeys = run(['providers'], { cwd: dir, env: cleanEnv(dir, { IOC_ENRICH_VIRUSTOTAL_KEY: SECRET }) });
    expect(withKeys.status, withKeys.stderr).to.equal(0);
    expect(withKeys.stdout).to.match(/virustotal\s.*yes \(key from env\)/);
    expect(withKeys.stdout).to.match(/abuseipdb\s.*900\/day \(default \d+\/day\)\s+35\s+required\s+yes \(key from file\)/);
    expect(withKeys.stdout + withKeys.stderr).to.not.contain(SECRET).and.not.contain(SECRET2);
    var json = run(['providers', '--json'], { cwd: dir, env: cleanEnv(dir, { IOC_ENRICH_VIRUSTOTAL_KEY: SECRET }) });
    expect(json.status).to.equal(0);
    expect(json.stdout).to.not.contain(SECRET).and.not.contain(SECRET2);
    var list = JSON.parse(json.stdout) as { id: string; configured: boolean; types: string[]; weight: number }[];
    expect(list).to.have.length(12);
    expect(list.find((p) => p.id === 'virustotal')!.configured).to.equal(true);
    expect(list.find((p) => p.id === 'abuseipdb')!.weight).to.equal(35);
  });
});

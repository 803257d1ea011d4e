import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteCacheStore } from '../../scripts/node/cache/sqlite';
import { cleanEnv, ensureBuilt, ndjson, run, scratch } from './helpers';

describe('CLI: ioc-enrich cache', function () {
  this.timeout(60000);
  before(function () {
    this.timeout(120000);
    ensureBuilt();
  });

  function seeded(dir: string, path: string): void {
    mkdirSync(join(path, '..'), { recursive: true });
    var s = new SqliteCacheStore(path);
    var now = Date.now();
    s.set('virustotal|fp|ipv4|8.8.8.8', { value: '{"status":"ok","signal":{"malicious":0,"confidence":1}}', storedAtMs: now - 1000, expiresAtMs: now + 3600000 });
    s.set('abuseipdb|fp|ipv4|8.8.8.8', { value: '{"status":"not_found"}', storedAtMs: now - 500, expiresAtMs: now + 3600000 });
    s.set('virustotal|fp|ipv4|1.1.1.1', { value: '{"status":"ok"}', storedAtMs: now - 90000000, expiresAtMs: now - 1000 });
    s.close();
  }

  it('uses $XDG_CACHE_HOME by default: stats, export, clear --expired, clear', function () {
    var dir = scratch();
    var path = join(dir, '.cache', 'ioc-enrich', 'cache.sqlite');
    var env = cleanEnv(dir);
    var empty = run(['cache', 'stats'], { cwd: dir, env: env });
    expect(empty.status, empty.stderr).to.equal(0);
    expect(empty.stdout).to.contain('(not created yet)');
    seeded(dir, path);
    var stats = run(['cache', 'stats'], { cwd: dir, env: env });
    expect(stats.status, stats.stderr).to.equal(0);
    expect(stats.stdout).to.contain(path);
    expect(stats.stdout).to.match(/entries:\s+3 \(2 live, 1 expired\)/);
    expect(stats.stdout).to.match(/virustotal: 2/);
    var json = JSON.parse(run(['cache', 'stats', '--json'], { cwd: dir, env: env }).stdout);
    expect(json).to.include({ entries: 3, live: 2, expired: 1 });
    var exp = run(['cache', 'export'], { cwd: dir, env: env });
    expect(exp.status, exp.stderr).to.equal(0);
    var rows = ndjson(exp.stdout);
    expect(rows.map((r) => r.key)).to.deep.equal(['abuseipdb|fp|ipv4|8.8.8.8', 'virustotal|fp|ipv4|8.8.8.8']);
    expect(rows[1].value).to.deep.equal({ status: 'ok', signal: { malicious: 0, confidence: 1 } });
    expect(rows[1].expiresAt).to.match(/^\d{4}-\d\d-\d\dT/);
    var toFile = run(['cache', 'export', '--include-expired', '--out', 'all.ndjson'], { cwd: dir, env: env });
    expect(toFile.status, toFile.stderr).to.equal(0);
    expect(ndjson(readFileSync(join(dir, 'all.ndjson'), 'utf8'))).to.have.length(3);
    var pruned = run(['cache', 'clear', '--expired'], { cwd: dir, env: env });
    expect(pruned.stdout).to.contain('removed 1 of 3 entries');
    var cleared = run(['cache', 'clear'], { cwd: dir, env: env });
    expect(cleared.stdout).to.contain('removed 2 of 2 entries');
    expect(JSON.parse(run(['cache', 'stats', '--json'], { cwd: dir, env: env }).stdout).entries).to.equal(0);
  });

  it('uses cache.path from the configuration', function () {
    var dir = scratch();
    var path = join(dir, 'state', 'c.sqlite');
    seeded(dir, path);
    writeFileSync(join(dir, 'ioc-enrich.yaml'), 'cache: { path: "state/c.sqlite" }\n');
    var r = run(['cache', 'stats', '--json'], { cwd: dir, env: cleanEnv(dir) });
    expect(r.status, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout)).to.include({ path: path, entries: 3 });
  });
});

import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { defaultCachePath, SqliteCacheStore } from '../../scripts/node/cache/sqlite';

function tmpDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'ioc-cache-')), 'nested', 'cache.sqlite');
}

describe('SqliteCacheStore', function () {
  var stores: SqliteCacheStore[] = [];
  function open(path: string): SqliteCacheStore {
    var s = new SqliteCacheStore(path);
    stores.push(s);
    return s;
  }
  afterEach(function () {
    stores.forEach((s) => s.close());
    stores = [];
  });

  it('defaults to $XDG_CACHE_HOME/ioc-enrich/cache.sqlite, else ~/.cache/...', function () {
    expect(defaultCachePath({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).to.equal('/x/cache/ioc-enrich/cache.sqlite');
    expect(defaultCachePath({ HOME: '/home/u' })).to.equal('/home/u/.cache/ioc-enrich/cache.sqlite');
    // The XDG spec says relative values are invalid and must be ignored.
    expect(defaultCachePath({ XDG_CACHE_HOME: 'rel', HOME: '/home/u' })).to.equal('/home/u/.cache/ioc-enrich/cache.sqlite');
  });

  it('creates the directory, uses WAL, stores and returns entries', function () {
    var path = tmpDb();
    var s = open(path);
    expect(existsSync(path)).to.equal(true);
    s.set('virustotal|fp|ipv4|8.8.8.8', { value: '{"status":"ok"}', storedAtMs: 1000, expiresAtMs: 5000 });
    expect(s.get('virustotal|fp|ipv4|8.8.8.8', 2000)).to.deep.equal({ value: '{"status":"ok"}', storedAtMs: 1000, expiresAtMs: 5000 });
    expect(s.get('missing', 2000)).to.equal(undefined);
    expect(existsSync(path + '-wal')).to.equal(true);
    // Persisted: a second handle (as another process would) sees it.
    expect(open(path).get('virustotal|fp|ipv4|8.8.8.8', 2000)!.value).to.equal('{"status":"ok"}');
  });

  it('honours expiry in get (expiresAt is exclusive), replaces on set, prunes', function () {
    var s = open(tmpDb());
    s.set('a', { value: '1', storedAtMs: 0, expiresAtMs: 100 });
    s.set('b', { value: '2', storedAtMs: 0, expiresAtMs: 200 });
    expect(s.get('a', 99)!.value).to.equal('1');
    expect(s.get('a', 100)).to.equal(undefined);
    expect(s.size()).to.equal(2);
    s.set('a', { value: '3', storedAtMs: 150, expiresAtMs: 400 });
    expect(s.get('a', 300)!.value).to.equal('3');
    expect(s.prune(250)).to.equal(1);
    expect(s.size()).to.equal(1);
    s.clear();
    expect(s.size()).to.equal(0);
  });

  it('stats and export report live and expired entries by provider prefix', function () {
    var s = open(tmpDb());
    s.set('virustotal|f|ipv4|1.1.1.1', { value: '{"x":1}', storedAtMs: 10, expiresAtMs: 1000 });
    s.set('virustotal|f|ipv4|8.8.8.8', { value: '{"x":2}', storedAtMs: 20, expiresAtMs: 50 });
    s.set('abuseipdb|f|ipv4|8.8.8.8', { value: '{"x":3}', storedAtMs: 30, expiresAtMs: 1000 });
    var st = s.stats(100);
    expect(st).to.include({ entries: 3, live: 2, expired: 1, oldestStoredAtMs: 10, newestStoredAtMs: 30 });
    expect(st.byPrefix).to.deep.equal({ virustotal: 2, abuseipdb: 1 });
    expect(st.bytes).to.be.greaterThan(0);
    expect(Array.from(s.export(100)).map((e) => e.key)).to.deep.equal(['abuseipdb|f|ipv4|8.8.8.8', 'virustotal|f|ipv4|1.1.1.1']);
    expect(Array.from(s.export(100, true))).to.have.length(3);
  });

  it('is safe with two processes writing and reading the same file at once', function () {
    this.timeout(60000);
    var path = tmpDb();
    var worker = resolve(__dirname, 'worker.ts');
    var count = 1500;
    function child(id: string, other: string): Promise<{ code: number | null; out: string; err: string }> {
      return new Promise(function (done) {
        var p = spawn(process.execPath, ['--import', 'tsx', worker, path, id, other, String(count)], { cwd: resolve(__dirname, '..', '..') });
        var out = '';
        var err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => done({ code: code, out: out, err: err }));
      });
    }
    // Only the directory exists: both children race to create the file and its schema too.
    mkdirSync(dirname(path), { recursive: true });
    return Promise.all([child('1', '2'), child('2', '1')]).then(function (results) {
      results.forEach((r) => expect(r.code, r.err).to.equal(0));
      var reports = results.map((r) => JSON.parse(r.out));
      expect(reports.map((r) => r.wrote)).to.deep.equal([count, count]);
      // Evidence the runs overlapped: at least one saw some of the other's writes while writing its own.
      expect(reports[0].seenOther + reports[1].seenOther).to.be.greaterThan(0);
      var s = open(path);
      expect(s.size()).to.equal(2 * count);
      for (var i = 0; i < count; i += 97) {
        expect(JSON.parse(s.get('w1:' + i, Date.now())!.value)).to.deep.equal({ by: '1', i: i });
        expect(JSON.parse(s.get('w2:' + i, Date.now())!.value)).to.deep.equal({ by: '2', i: i });
      }
    });
  });
});

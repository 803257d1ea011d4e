/**
 * Inputs of `extract` and `enrich` driven through the built CLI as a process: directories, quoted
 * globs, mbox, CSV with --column, stdin `-`, Splunk/Elastic NDJSON exports, the whole-file size
 * limit. The enrich cases run against a loopback server answering like VirusTotal.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLI, cleanEnv, ensureBuilt, ndjson, ROOT, run, scratch } from './helpers';

var FIX = join(ROOT, 'test', 'fixtures', 'inputs');
var VT_KEY = 'vt-inputs-KEY-000011112222';

function put(dir: string, rel: string, content: string | Buffer): string {
  mkdirSync(join(dir, rel, '..'), { recursive: true });
  writeFileSync(join(dir, rel), content);
  return rel;
}

/** The attachment's digest computed from the fixture's base64, independently of the email parser. */
function invoiceSha256(): string {
  var text = readFileSync(join(ROOT, 'test', 'fixtures', 'email', 'attachments.eml'), 'latin1');
  var start = text.indexOf('\n\n', text.indexOf('filename="Invoice_4471.pdf"')) + 2;
  var b64 = text.slice(start, text.indexOf('------=_Part_0_1', start)).replace(/\s+/g, '');
  return createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');
}

describe('cli: inputs (paths, directories, globs, mbox, CSV, stdin)', function () {
  this.timeout(60000);
  var dir: string;
  before(function () {
    this.timeout(120000);
    ensureBuilt();
    dir = scratch();
    for (var f of ['phish.mbox', 'siem.csv', 'splunk-export.ndjson', 'elastic-export.ndjson']) copyFileSync(join(FIX, f), join(dir, f));
  });
  function cli(args: string[], input?: string | Buffer) {
    return run(args, { cwd: dir, env: cleanEnv(dir), input: input });
  }

  it('reads a directory recursively in sorted order, skipping hidden and binary files with a warning', function () {
    put(dir, 'tree/b.txt', 'seen 9.9.9.9\n');
    put(dir, 'tree/a/deep/x.ndjson', '{"ip":"8.8.8.8"}\n');
    put(dir, 'tree/a/y.json', '{"ip":"1.1.1.1"}');
    put(dir, 'tree/.git/HEAD', 'ref 4.4.4.4\n');
    put(dir, 'tree/.env', 'IP=4.4.2.2\n');
    put(dir, 'tree/img.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]));
    var r = cli(['extract', 'tree']);
    expect(r.status, r.stderr).to.equal(0);
    expect(ndjson(r.stdout).map((x) => [x.source, x.value])).to.deep.equal([
      ['tree/a/deep/x.ndjson', '8.8.8.8'],
      ['tree/a/y.json', '1.1.1.1'],
      ['tree/b.txt', '9.9.9.9'],
    ]);
    expect(r.stderr).to.match(/tree\/img\.bin: skipped: binary data/);
    expect(r.stderr).not.to.match(/4\.4\./);
  });

  it('expands a quoted glob with ** itself (the shell does not), and says when one matches nothing', function () {
    put(dir, 'exports/2025/01/a.ndjson', '{"ip":"8.8.8.8"}\n');
    put(dir, 'exports/2025/02/b.ndjson', '{"ip":"9.9.9.9"}\n');
    put(dir, 'exports/c.ndjson', '{"ip":"1.1.1.1"}\n');
    put(dir, 'exports/notes.txt', '4.4.4.4\n');
    var r = cli(['extract', 'exports/**/*.ndjson']);
    expect(r.status, r.stderr).to.equal(0);
    expect(ndjson(r.stdout).map((x) => [x.source, x.line, x.value])).to.deep.equal([
      ['exports/2025/01/a.ndjson', 1, '8.8.8.8'],
      ['exports/2025/02/b.ndjson', 1, '9.9.9.9'],
      ['exports/c.ndjson', 1, '1.1.1.1'],
    ]);
    var none = cli(['extract', 'exports/*.csv', 'exports/notes.txt']);
    expect(none.status).to.equal(1);
    expect(none.stderr).to.match(/exports\/\*\.csv: no file matches this pattern/);
    expect(ndjson(none.stdout).map((x) => x.value)).to.deep.equal(['4.4.4.4']);
  });

  it('reads an mbox one message at a time, by email rules (attachment hashed, >From un-escaped)', function () {
    var r = cli(['extract', 'phish.mbox']);
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    expect(Array.from(new Set(rows.map((x) => x.message)))).to.deep.equal([1, 2, 3]);
    expect(rows.every((x) => x.source === 'phish.mbox' && Array.isArray(x.parts))).to.equal(true);
    var by = (m: number) => rows.filter((x) => x.message === m).map((x) => x.value);
    expect(by(1)).to.include.members(['http://micros0ft-support.com/renew', '185.220.101.4']);
    expect(by(3)).to.include.members(['billing@paypa1-secure.com', '45.33.32.156']);
    var hash = rows.find((x) => x.type === 'sha256' && x.value === invoiceSha256());
    expect(hash).to.include({ message: 2, fileName: 'Invoice_4471.pdf' });
    // The same mailbox on stdin with --as mbox.
    var viaStdin = cli(['extract', '--as', 'mbox', '-'], readFileSync(join(dir, 'phish.mbox')));
    expect(viaStdin.status, viaStdin.stderr).to.equal(0);
    expect(ndjson(viaStdin.stdout).map((x) => [x.source, x.message, x.value])).to.deep.equal(rows.map((x) => ['-', x.message, x.value]));
  });

  it('reads CSV one alert per row (quoted fields, embedded newlines, "" escapes, BOM) with --column', function () {
    var r = cli(['extract', 'siem.csv']);
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    expect(rows.map((x) => [x.row, x.value, (x.paths as string[])[0]])).to.deep.equal([
      [2, '8.8.8.8', 'src_ip'],
      [2, 'evil-domain.xyz', 'message'],
      [2, '9.9.9.9', 'message'],
      [2, 'c2.badhost.top', '["dest, host"]'],
      [3, '1.1.1.1', 'src_ip'],
      [3, '45.33.32.156', 'message'],
      [4, '93.184.216.34', 'message'],
      [4, 'cdn.example-cdn.net', '["dest, host"]'],
    ]);
    var some = cli(['extract', '--column', 'dest, host', '--column', 'SRC_IP', 'siem.csv']);
    expect(some.status, some.stderr).to.equal(0);
    expect(ndjson(some.stdout).map((x) => x.value)).to.deep.equal(['8.8.8.8', 'c2.badhost.top', '1.1.1.1', 'cdn.example-cdn.net']);
    var list = cli(['extract', '--column', 'message,src_ip', '--format', 'table', 'siem.csv']);
    expect(list.stdout).to.match(/45\.33\.32\.156\s+public\s+siem\.csv:3/);
    var stdin = cli(['extract', '--as', 'csv', '--column', 'src_ip'], 'src_ip,other\n8.8.4.4,1.1.1.1\n');
    expect(ndjson(stdin.stdout).map((x) => [x.source, x.row, x.value])).to.deep.equal([['-', 2, '8.8.4.4']]);
  });

  it('a --column the CSV lacks is an error listing the available columns (exit 1); other inputs still run', function () {
    put(dir, 'other.txt', '8.8.8.8\n');
    var r = cli(['extract', '--column', 'src_ip,dst_ip', 'siem.csv', 'other.txt']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('ioc-enrich: siem.csv: no column "dst_ip" (--column); the columns are: "id", "src_ip", "message", "dest, host", "empty"');
    expect(ndjson(r.stdout).map((x) => x.source)).to.deep.equal(['other.txt']);
  });

  it('walks Splunk (result._raw) and Elastic (_source) NDJSON exports', function () {
    var r = cli(['extract', 'splunk-export.ndjson', 'elastic-export.ndjson']);
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    var find = (v: string) => rows.find((x) => x.value === v)!;
    expect(find('185.220.101.4')).to.deep.include({ source: 'splunk-export.ndjson', line: 1 });
    expect(find('185.220.101.4').paths).to.include.members(['result.src_ip', 'result._raw']);
    expect(find('http://bad-updates.top/x.exe').paths).to.deep.equal(['result._raw']);
    expect(find('c2.evil-domain.xyz')).to.deep.include({ line: 2, paths: ['result._raw'] });
    expect(find('45.33.32.156').paths).to.deep.equal(['_source.destination.ip', '_source.message']);
    expect(find('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855').paths).to.deep.equal(['_source.file.hash.sha256']);
    expect(find('https://login.paypa1-secure.com/verify')).to.deep.include({ line: 2, paths: ['_source.url.full'] });
  });

  it('reads stdin for "-" among files, with the kind from --as', function () {
    var r = cli(['extract', '--as', 'ndjson', '-'], '{"ip":"8.8.8.8"}\n{"ip":"9.9.9.9"}\n');
    expect(ndjson(r.stdout).map((x) => [x.source, x.line, x.value])).to.deep.equal([
      ['-', 1, '8.8.8.8'],
      ['-', 2, '9.9.9.9'],
    ]);
  });

  it('refuses a whole-file input over the size limit with a clear message, and still reads the others', function () {
    var big = put(dir, 'huge.json', '');
    truncateSync(join(dir, big), 257 * 1024 * 1024); // sparse: no disk space used
    put(dir, 'fine.txt', '8.8.8.8\n');
    var r = cli(['extract', 'huge.json', 'fine.txt']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/huge\.json: 257 MB is over the 256 MB limit for inputs read whole .*NDJSON/);
    expect(ndjson(r.stdout).map((x) => x.value)).to.deep.equal(['8.8.8.8']);
  });

  describe('enrich', function () {
    var server: Server;
    var base: string;
    var calls: string[] = [];
    /** Indicator → ms to hold its answer; `seenAtRelease` = calls seen when the held answer is sent. */
    var hold: { [value: string]: number } = {};
    var seenAtRelease: number | null = null;
    before(function (done) {
      server = createServer(function (req, res) {
        var m = /^\/vt\/(ip_addresses|domains|files|urls)\/(.+)$/.exec(req.url || '');
        var value = m ? decodeURIComponent(m[2]) : String(req.url);
        calls.push(value);
        function answer() {
          if (!m || req.headers['x-apikey'] !== VT_KEY) {
            res.writeHead(404, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ error: { code: 'NotFoundError', message: 'no' } }));
            return;
          }
          var malicious = /185\.220|micros0ft/.test(value) ? 40 : 0;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { id: value, type: 'x', attributes: { reputation: 0, tags: [], last_analysis_stats: { malicious, suspicious: 0, harmless: 70 - malicious, undetected: 0, timeout: 0 } } } }));
        }
        var ms = hold[value];
        if (!ms) return answer();
        delete hold[value];
        setTimeout(function () {
          seenAtRelease = calls.length;
          answer();
        }, ms);
      });
      server.listen(0, '127.0.0.1', function () {
        base = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
        done();
      });
    });
    after(function () {
      server.close();
    });

    function enrich(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
      writeFileSync(join(dir, 'ioc-enrich.yaml'), 'providers:\n  virustotal: { apiKey: "' + VT_KEY + '", baseUrl: "' + base + '/vt", limits: { perSecond: 1000, perMinute: 100000, perDay: 1000000 } }\ndeadlineSeconds: 20\n');
      return new Promise(function (resolve, reject) {
        var child = spawn(process.execPath, [CLI, 'enrich', '--no-cache', '--providers', 'virustotal', '--format', 'ndjson'].concat(args), { cwd: dir, env: cleanEnv(dir) });
        var stdout = '';
        var stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status, stdout, stderr }));
        child.stdin.end(input);
      });
    }

    it('scores one alert per mbox message (source FILE#N) and per CSV row (source FILE:ROW), in input order', async function () {
      calls = [];
      var r = await enrich(['--concurrency', '2', 'phish.mbox', '--column', 'src_ip', 'siem.csv']);
      expect(r.status, r.stderr).to.equal(0);
      var reports = ndjson(r.stdout) as any[];
      expect(reports.map((x) => x.source)).to.deep.equal(['phish.mbox#1', 'phish.mbox#2', 'phish.mbox#3', 'siem.csv:2', 'siem.csv:3', 'siem.csv:4']);
      var attachment = reports[1].indicators.find((i: any) => i.value === invoiceSha256());
      expect(attachment.results.virustotal.status).to.equal('ok');
      expect(calls).to.include(invoiceSha256());
      expect(reports[0].indicators.find((i: any) => i.value === '185.220.101.4').results.virustotal.status).to.equal('ok');
      expect(reports.slice(3).map((x) => x.indicators.map((i: any) => i.value))).to.deep.equal([['8.8.8.8'], ['1.1.1.1'], []]);
      expect(r.stderr).not.to.contain(VT_KEY);
    });

    it('starts no more than --concurrency alerts past the last report written (a slow first alert holds the rest)', async function () {
      calls = [];
      seenAtRelease = null;
      hold = { '23.0.0.1': 1500 };
      var input = Array.from({ length: 12 }, (_, i) => JSON.stringify({ n: i, ip: '23.0.0.' + (i + 1) })).join('\n') + '\n';
      var r = await enrich(['--as', 'ndjson', '--concurrency', '3'], input);
      expect(r.status, r.stderr).to.equal(0);
      // While alert 1 waited, only alerts 2 and 3 could start: 3 calls in all, not 12.
      expect(seenAtRelease).to.equal(3);
      expect(calls.length).to.equal(12);
      expect(ndjson(r.stdout).map((x: any) => x.source)).to.deep.equal(Array.from({ length: 12 }, (_, i) => '-:' + (i + 1)));
    });

    it('reads a glob and stdin, and reports a missing column with exit 1 after the other inputs', async function () {
      var r = await enrich(['exports/2025/**/*.ndjson', '-', 'siem.csv', '--column', 'nope'], 'seen 45.33.32.156\n');
      expect(r.status).to.equal(1);
      expect(ndjson(r.stdout).map((x: any) => x.source)).to.deep.equal(['exports/2025/01/a.ndjson:1', 'exports/2025/02/b.ndjson:1', '-']);
      expect(r.stderr).to.match(/siem\.csv: no column "nope"/);
    });
  });
});

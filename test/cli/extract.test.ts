import { expect } from 'chai';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, ensureBuilt, ndjson, run, scratch } from './helpers';

describe('CLI: ioc-enrich extract', function () {
  this.timeout(60000);
  var dir: string;
  before(function () {
    this.timeout(120000);
    ensureBuilt();
    dir = scratch();
  });

  function file(name: string, content: string | Buffer): string {
    writeFileSync(join(dir, name), content);
    return name;
  }
  function extract(args: string[], input?: string | Buffer) {
    return run(['extract'].concat(args), { cwd: dir, env: cleanEnv(dir), input: input });
  }

  it('reads stdin when no file is given and prints the contract keys in order', function () {
    var r = extract([], 'beacon from 8.8.8[.]8 to 10.0.0.5\n');
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    var pub = rows.find((x) => x.value === '8.8.8.8')!;
    expect(Object.keys(pub)).to.deep.equal(['type', 'value', 'raw', 'scope', 'source']);
    expect(pub).to.deep.equal({ type: 'ipv4', value: '8.8.8.8', raw: '8.8.8[.]8', scope: 'public', source: '-' });
    expect(rows.find((x) => x.value === '10.0.0.5')).to.include({ type: 'ipv4', scope: 'private', source: '-' });
  });

  it('treats "-" as stdin alongside files', function () {
    var f = file('one.txt', 'seen 9.9.9.9\n');
    var r = extract([f, '-'], 'and 1.1.1.1\n');
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    expect(rows.map((x) => [x.value, x.source])).to.deep.include.members([
      ['9.9.9.9', 'one.txt'],
      ['1.1.1.1', '-'],
    ]);
  });

  it('omits scope for non-IP indicators', function () {
    var r = extract([], 'see http://evil.com/payload.exe now\n');
    expect(r.status, r.stderr).to.equal(0);
    var url = ndjson(r.stdout).find((x) => x.type === 'url')!;
    expect(url.value).to.equal('http://evil.com/payload.exe');
    expect(url).to.not.have.property('scope');
  });

  it('reads .json alerts (object and array) with field paths and array index', function () {
    var a = file('alert.json', JSON.stringify({ src_ip: '8.8.4.4', event: { message: 'callback to 9.9.9.9' } }));
    var b = file('alerts.json', JSON.stringify([{ ip: '1.0.0.1' }, { ip: '8.8.8.8' }]));
    var r = extract([a, b]);
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    expect(rows.find((x) => x.value === '8.8.4.4')).to.deep.include({ source: 'alert.json', paths: ['src_ip'] });
    expect(rows.find((x) => x.value === '9.9.9.9')).to.deep.include({ source: 'alert.json', paths: ['event.message'] });
    expect(rows.find((x) => x.value === '1.0.0.1')).to.deep.include({ source: 'alerts.json', index: 0 });
    expect(rows.find((x) => x.value === '8.8.8.8')).to.deep.include({ source: 'alerts.json', index: 1 });
  });

  it('reads .ndjson one alert per line; a bad line is reported as file:line and the rest still processed', function () {
    var f = file('export.ndjson', '{"ip":"8.8.8.8"}\n{not json\n\n{"ip":"9.9.9.9"}\n');
    var r = extract([f]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/export\.ndjson:2: invalid JSON/);
    var rows = ndjson(r.stdout);
    expect(rows.find((x) => x.value === '8.8.8.8')).to.include({ line: 1 });
    expect(rows.find((x) => x.value === '9.9.9.9')).to.include({ line: 4 });
  });

  it('reports an invalid .json file and still processes the other inputs', function () {
    var bad = file('broken.json', '{"ip": "8.8.8.8",');
    var good = file('good.txt', '1.1.1.1');
    var r = extract([bad, good]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/broken\.json: invalid JSON/);
    expect(ndjson(r.stdout).map((x) => x.value)).to.include('1.1.1.1');
  });

  it('reads .eml by email rules (headers and body), --as email for stdin', function () {
    var eml = [
      'From: "Billing" <billing@paypa1-secure.com>',
      'To: victim@example.org',
      'Subject: invoice',
      'Message-ID: <abc@mailer.paypa1-secure.com>',
      'X-Originating-IP: [8.8.8.8]',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Pay at http://paypa1-secure.com/login from 9.9.9.9',
      '',
    ].join('\r\n');
    var f = file('phish.eml', eml);
    var r = extract([f]);
    expect(r.status, r.stderr).to.equal(0);
    var rows = ndjson(r.stdout);
    expect(rows.every((x) => x.source === 'phish.eml')).to.equal(true);
    var values = rows.map((x) => x.value);
    expect(values).to.include.members(['8.8.8.8', '9.9.9.9', 'http://paypa1-secure.com/login']);
    // By email rules, not as text: header sightings say where they came from.
    expect(rows.some((x) => Array.isArray(x.parts))).to.equal(true);
    var viaStdin = extract(['--as', 'email'], eml);
    expect(viaStdin.status, viaStdin.stderr).to.equal(0);
    expect(ndjson(viaStdin.stdout).map((x) => x.value)).to.include.members(['8.8.8.8', '9.9.9.9']);
  });

  it('prints a human table with --format table', function () {
    var r = extract(['--format', 'table'], 'from 8.8.8[.]8 and 9.9.9.9\n');
    expect(r.status, r.stderr).to.equal(0);
    var lines = r.stdout.split('\n');
    expect(lines[0]).to.match(/^TYPE\s+VALUE\s+SCOPE\s+AS WRITTEN\s+SOURCE$/);
    expect(lines[1]).to.match(/^-+\s+-+/);
    expect(r.stdout).to.match(/ipv4\s+8\.8\.8\.8\s+public\s+8\.8\.8\[\.\]8\s+-/);
    expect(r.stdout).to.match(/\n2 indicators\n$/);
    expect(() => JSON.parse(lines[2])).to.throw();
  });

  it('refuses binary input with exit 1 and a clear message', function () {
    var f = file('payload.bin', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x38, 0x2e, 0x38, 0x2e, 0x38, 0x2e, 0x38]));
    var r = extract([f]);
    expect(r.status).to.equal(1);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.match(/payload\.bin: binary data/);
    var ctrl = Buffer.alloc(400, 0x01);
    ctrl.write('8.8.8.8', 100);
    var r2 = extract([file('ctrl.dat', ctrl)]);
    expect(r2.status).to.equal(1);
    expect(r2.stderr).to.match(/ctrl\.dat: binary data \(\d+% control characters\)/);
    var r3 = extract([], Buffer.from([0x31, 0x00, 0x32]));
    expect(r3.status).to.equal(1);
    expect(r3.stderr).to.match(/^ioc-enrich: -: binary data/m);
  });

  it('processes invalid UTF-8 text with replacement characters instead of failing', function () {
    var f = file('latin1.txt', Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' 8.8.8.8 \n')]));
    var r = extract([f]);
    expect(r.status, r.stderr).to.equal(0);
    expect(ndjson(r.stdout).map((x) => x.value)).to.include('8.8.8.8');
  });

  it('exits 1 naming a missing file or a directory, after processing the others', function () {
    mkdirSync(join(dir, 'adir'), { recursive: true });
    var ok = file('ok.txt', '8.8.8.8');
    var r = extract(['missing.txt', ok, 'adir']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/missing\.txt: no such file/);
    expect(r.stderr).to.match(/adir: is a directory/);
    expect(ndjson(r.stdout).map((x) => x.value)).to.include('8.8.8.8');
  });

  it('exits 1 on bad usage (unknown option, bad --format)', function () {
    var r = extract(['--format', 'xml']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/xml.*invalid/);
    var r2 = run(['extract', '--nope'], { cwd: dir, env: cleanEnv(dir) });
    expect(r2.status).to.equal(1);
    expect(r2.stderr).to.match(/unknown option/);
    var r3 = run(['frobnicate'], { cwd: dir, env: cleanEnv(dir) });
    expect(r3.status).to.equal(1);
  });

  it('prints empty output and exits 0 for input without indicators', function () {
    var r = extract([], 'nothing to see here\n');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('');
  });

  it('--help and --version exit 0', function () {
    var h = run(['--help']);
    expect(h.status).to.equal(0);
    expect(h.stdout).to.match(/extract/).and.match(/providers/).and.match(/config/).and.match(/cache/);
    var eh = run(['extract', '--help']);
    expect(eh.status).to.equal(0);
    expect(eh.stdout).to.match(/\.ndjson/);
    var v = run(['--version']);
    expect(v.status).to.equal(0);
    expect(v.stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
  });
});

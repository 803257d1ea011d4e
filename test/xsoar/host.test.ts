/**
 * The XSOAR build pipeline and the test host: the smoke entry is compiled to ES5, bundled into a
 * single `return (function(){...})();`, and run in the Go otto interpreter (or the announced vm
 * fallback) against a loopback server started here.
 */
import { expect } from 'chai';
import { parse } from 'acorn';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundleXsoarScript, checkXsoarScript } from '../../build/xsoar/bundle.mjs';
import { unifiedYaml, writeUnifiedYaml } from '../../build/xsoar/unified-yaml.mjs';
import { runInXsoar, xsoarEngine, XsoarEngine } from './host';

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082', 'hex');

describe('XSOAR build and test host', function () {
  let code: string;
  let engine: XsoarEngine;
  let dir: string;
  let server: Server;
  let base: string;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

  before(async function () {
    this.timeout(180000); // first run builds the Go host (otto) once
    code = await bundleXsoarScript('scripts/xsoar/smoke.ts');
    engine = xsoarEngine();
    dir = mkdtempSync(join(tmpdir(), 'xsoar-host-test-'));
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/limited') {
        res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '7' });
        res.end('{"error":"slow down"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'] });
      res.end(JSON.stringify({ path: req.url, method: req.method }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async function () {
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe('bundle', function () {
    it('parses as ES5 and is exactly one top-level `return (function(){...})()`', function () {
      const ast = parse(code, { ecmaVersion: 5, sourceType: 'script', allowReturnOutsideFunction: true });
      expect(ast.body).to.have.length(1);
      const ret = ast.body[0];
      expect(ret.type).to.equal('ReturnStatement');
      if (ret.type !== 'ReturnStatement' || !ret.argument || ret.argument.type !== 'CallExpression') throw new Error('not return <call>');
      expect(ret.argument.callee.type).to.equal('FunctionExpression');
      expect(code).to.contain('function base64UrlEncode('); // core code really is inside
      expect(code).not.to.match(/\b(let|const|class)\s/);
    });

    it('is deterministic (no temp paths leak into the output)', async function () {
      this.timeout(20000);
      expect(await bundleXsoarScript('scripts/xsoar/smoke.ts')).to.equal(code);
      expect(code).not.to.contain(tmpdir());
    });

    it('rejects TypeScript that needs post-ES5 built-ins (lib es5 compile)', async function () {
      this.timeout(20000);
      let message = '';
      try {
        await bundleXsoarScript('test/xsoar/fixtures/uses-map.ts');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).to.match(/Cannot find name 'Map'/);
    });

    it('checkXsoarScript rejects top-level names, non-ES5 syntax, foreign globals and post-ES5 statics', function () {
      expect(() => checkXsoarScript('var x = 1;\nreturn x;')).to.throw(/single return statement/);
      expect(() => checkXsoarScript('return (function () { return [1].map(x => x); })();')).to.throw(/not ES5/);
      expect(() => checkXsoarScript('return (function () { return new Map(); })();')).to.throw(/free reference to 'Map'/);
      expect(() => checkXsoarScript('return (function () { return tableToMarkdown("t", []); })();')).to.throw(/'tableToMarkdown'/);
      expect(() => checkXsoarScript('return (function () { return Object.assign({}, args); })();')).to.throw(/Object\.assign is not ES5/);
      expect(() => checkXsoarScript('return (function () { var a = Object.assign || function () {}; return a; })();')).not.to.throw();
      expect(() => checkXsoarScript('return (function () { return http("u", {}).StatusCode + entryTypes.note; })();')).not.to.throw();
    });
  });

  describe(`runs in the interpreter`, function () {
    it('reports which engine ran', async function () {
      const run = await runInXsoar({ code, command: 'test-module' });
      expect(run.engine).to.equal(engine);
      expect(run.error).to.equal(undefined);
      expect(run.result).to.equal('ok');
      expect(run.logs).to.deep.equal([{ level: 'log', message: 'smoke command test-module' }]);
      expect(run.runMs).to.be.a('number');
    });

    it('returns entries built by core code (UTF-8 + base64url) and the version helpers', async function () {
      // BMP only: otto (Debian 2020 snapshot) truncates astral code points to 16 bits — see docs/xsoar-build.md.
      const text = 'héllo wörld ✓ €';
      const run = await runInXsoar({ code, command: 'smoke-encode', args: { text }, version: '6.8.0' });
      expect(run.error).to.equal(undefined);
      expect(run.result).to.have.length(2);
      expect(run.result[0]).to.deep.include({ Type: 1, ContentsFormat: 'json' });
      expect(run.result[0].Contents).to.deep.equal({ text, base64url: Buffer.from(text, 'utf8').toString('base64url') });
      expect(run.result[1].Contents).to.deep.equal({ version: '6.8.0', ge68: true });
      const older = await runInXsoar({ code, command: 'smoke-encode', args: { text: 'x' }, version: '6.5.0' });
      expect(older.result[1].Contents).to.deep.equal({ version: '6.5.0', ge68: false });
    });

    it('http() round-trips to a loopback server (headers as arrays, status, body)', async function () {
      const run = await runInXsoar({ code, command: 'smoke-http', args: { url: `${base}/ok?q=1` } });
      expect(run.error).to.equal(undefined);
      expect(run.result.Contents).to.deep.equal({ status: 200, body: { path: '/ok?q=1', method: 'GET' }, retryAfterMs: null, contentType: 'application/json' });
      const req = seen.find((s) => s.url === '/ok?q=1');
      expect(req?.headers['x-smoke']).to.equal('yes');
      expect(req?.headers.accept).to.equal('application/json');
      expect(run.httpCalls).to.have.length(1);
      expect(run.httpCalls[0]).to.deep.include({ method: 'GET', url: `${base}/ok`, status: 200 });
    });

    it('a 429 with Retry-After is parsed by the core and wait() is recorded, not slept', async function () {
      const run = await runInXsoar({ code, command: 'smoke-http', args: { url: `${base}/limited` } });
      expect(run.error).to.equal(undefined);
      expect(run.result.Contents.status).to.equal(429);
      expect(run.result.Contents.retryAfterMs).to.equal(7000);
      expect(run.waits).to.deep.equal([7]);
      expect(run.waitedSeconds).to.equal(7);
    });

    it('http() to a non-loopback host is refused inside the script', async function () {
      const direct = await runInXsoar({ code: 'return http("http://198.51.100.7/x", { Method: "GET" });' });
      expect(direct.error).to.match(/198\.51\.100\.7 is not a loopback host/);
      expect(direct.httpCalls).to.deep.equal([]);
      // Through the XSOAR transport: the failure becomes a TransportFailure without the URL.
      const viaTransport = await runInXsoar({ code, command: 'smoke-http', args: { url: 'https://api.example.com/v1?key=SECRET' } });
      expect(viaTransport.error).to.match(/smoke-http failed: network error$/);
      expect(viaTransport.error).not.to.contain('SECRET');
    });

    it('the integration context persists across runs through the context file', async function () {
      const contextFile = join(dir, 'ctx.json');
      const first = await runInXsoar({ code, command: 'smoke-counter', contextFile });
      expect(first.result.Contents).to.deep.equal({ counter: 1 });
      const second = await runInXsoar({ code, command: 'smoke-counter', contextFile });
      expect(second.result.Contents).to.deep.equal({ counter: 2 });
      expect(second.context).to.deep.equal({ counter: '2' });
      expect(JSON.parse(readFileSync(contextFile, 'utf8'))).to.deep.equal({ counter: '2' });
      expect(second.logs).to.deep.include({ level: 'debug', message: 'counter is now 2' });
      expect(second.warnings).to.deep.equal([]);
    });

    it('executeCommand returns canned entries and records the call', async function () {
      const run = await runInXsoar({
        code,
        command: 'smoke-execute',
        args: { query: 'status:Active' },
        executeCommand: { getIncidents: [{ Type: 1, Contents: { total: 3 }, ContentsFormat: 'json' }] },
      });
      expect(run.result.Contents).to.deep.equal({ firstType: 1, contents: { total: 3 } });
      expect(run.executeCommandCalls).to.deep.equal([{ name: 'getIncidents', args: { query: 'status:Active' } }]);
      const unknown = await runInXsoar({ code, command: 'smoke-execute', args: { query: 'x' } });
      expect(unknown.result.Contents.firstType).to.equal(4);
    });

    it('a thrown error surfaces as `error`, with the message', async function () {
      const run = await runInXsoar({ code, command: 'smoke-throw', args: { reason: 'disk full' } });
      expect(run.result).to.equal(null);
      expect(run.error).to.equal('Error: smoke failure: disk full');
      const thrownString = await runInXsoar({ code: 'throw "plain message";' });
      expect(thrownString.error).to.equal('plain message');
    });

    it('runs a unified YAML written by writeUnifiedYaml', async function () {
      const yamlPath = join(dir, 'Integrations', 'integration-Smoke.yml');
      writeUnifiedYaml(yamlPath, {
        code,
        packVersion: '1.0.0',
        metadata: smokeMetadata(),
        detailedDescription: '## Smoke\nDetails.',
        image: PNG,
      });
      const run = await runInXsoar({ yamlPath, command: 'test-module' });
      expect(run.error).to.equal(undefined);
      expect(run.result).to.equal('ok');
    });
  });

  describe('the interpreter is ES5', function () {
    for (const forced of [false, true]) {
      const label = forced ? ' (vm fallback too)' : '';
      const opts = forced ? ({ engine: 'vm' } as const) : {};

      it(`has no Map / Promise / Symbol / Object.assign / Array#includes${label}`, async function () {
        const run = await runInXsoar({ ...opts, code: 'return new Map();' });
        expect(run.error).to.match(/ReferenceError: '?Map'? is not defined/);
        const probe = await runInXsoar({
          ...opts,
          code: 'return [typeof Promise, typeof Symbol, typeof Object.assign, typeof [].includes, typeof "".startsWith, typeof JSON.parse];',
        });
        expect(probe.result).to.deep.equal(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function']);
      });

      it(`rejects arrow functions, let and lookbehind regexes at parse time${label}`, async function () {
        for (const src of ['var f = () => 1; return f();', 'let x = 1; return x;', 'return /(?<=a)b/.test("ab");']) {
          const run = await runInXsoar({ ...opts, code: src });
          expect(run.error, src).to.be.a('string');
          expect(run.result, src).to.equal(null);
        }
      });
    }

    it('regexes are RE2 in otto: lookahead is rejected', async function () {
      if (engine !== 'otto') this.skip();
      const run = await runInXsoar({ code: 'return /a(?=b)/.test("ab");' });
      expect(run.error).to.match(/regular expression/i);
    });
  });

  describe('unified YAML', function () {
    it('embeds code, description and image; type javascript; no docker image', function () {
      const text = unifiedYaml({ code, metadata: smokeMetadata(), detailedDescription: 'Use an API key.', image: PNG, packVersion: '1.2.3' });
      const doc = parseYaml(text);
      expect(doc.commonfields).to.deep.equal({ id: 'Smoke', version: -1 });
      expect(doc.script.type).to.equal('javascript');
      expect(doc.script.script).to.equal(`// pack version: 1.2.3\n${code}`);
      expect(doc.script).not.to.have.property('dockerimage');
      expect(doc.script.commands[0].name).to.equal('smoke-encode');
      expect(doc.detaileddescription).to.equal('Use an API key.');
      expect(doc.image).to.equal('data:image/png;base64,' + PNG.toString('base64'));
      expect(text).to.match(/\n {2}script: \|/); // a readable block literal, not a quoted one-liner
    });

    it('writes automation scripts with top-level script/type', function () {
      const doc = parseYaml(unifiedYaml({ kind: 'script', code: 'return args.value;', metadata: { commonfields: { id: 'T' }, name: 'T', tags: ['transformer'] } }));
      expect(doc.type).to.equal('javascript');
      expect(doc.script).to.equal('return args.value;');
      expect(doc.tags).to.deep.equal(['transformer']);
    });

    it('names every missing required key and refuses docker images', function () {
      expect(() => unifiedYaml({ code, metadata: { name: 'X', script: { dockerimage: 'demisto/python3' } } })).to.throw(
        /commonfields\.id is required[\s\S]*display is required[\s\S]*configuration must be a list[\s\S]*Python-only/,
      );
      expect(() => unifiedYaml({ code, metadata: smokeMetadata(), image: Buffer.from('not a png') })).to.throw(/not a PNG/);
    });
  });
});

function smokeMetadata(): Record<string, unknown> {
  return {
    commonfields: { id: 'Smoke' },
    name: 'Smoke',
    display: 'Smoke',
    category: 'Utilities',
    description: 'Build smoke test.',
    configuration: [{ name: 'insecure', display: 'Trust any certificate', type: 8, required: false }],
    script: { commands: [{ name: 'smoke-encode', description: 'Encode.', arguments: [{ name: 'text', description: 'Text.' }] }] },
  };
}

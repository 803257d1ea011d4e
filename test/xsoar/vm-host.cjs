#!/usr/bin/env node
// Fallback XSOAR host for machines without Go/otto: same command line and same JSON output as
// test/xsoar-host/main.go, but runs the script in a Node `vm` context from which every post-ES5
// global and built-in method has been removed. Syntax is held to ES5 by parsing with acorn
// (ecmaVersion 5) first. It is weaker than otto (regexes are V8's, not RE2; Date/JSON details
// differ), so runs report engine "node-vm-fallback" and the Node helper prints a notice.
//
// http() must be synchronous: it runs each request in a child Node process (execFileSync).
// This runner itself is spawned asynchronously by the tests, so a loopback server living in the
// test process keeps serving while the script blocks.
'use strict';
const { readFileSync, writeFileSync, existsSync } = require('node:fs');
const { execFileSync } = require('node:child_process');
const vm = require('node:vm');
const { parse } = require('acorn');

const start = process.hrtime.bigint();
const msSince = (t) => Number(process.hrtime.bigint() - t) / 1e6;

function flags(argv) {
  const out = { timeout: 60, httpTimeout: 30, realWait: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i].replace(/^--?/, '');
    const [name, inline] = a.split('=', 2);
    const next = () => (inline !== undefined ? inline : argv[++i]);
    if (name === 'code') out.code = next();
    else if (name === 'input') out.input = next();
    else if (name === 'context') out.context = next();
    else if (name === 'version') out.version = next();
    else if (name === 'real-wait') out.realWait = true;
    else if (name === 'timeout') out.timeout = parseFloat(next());
    else if (name === 'http-timeout') out.httpTimeout = parseFloat(next());
    else fail('unknown flag --' + name);
  }
  return out;
}

function fail(msg) {
  process.stderr.write('vm-host: ' + msg + '\n');
  process.exit(2);
}

const f = flags(process.argv.slice(2));
if (!f.code) fail('--code is required');
const code = readFileSync(f.code, 'utf8');
const input = f.input ? JSON.parse(readFileSync(f.input, 'utf8')) : {};
const version = f.version || input.version || '6.10.0';
const buildNumber = input.buildNumber || '12345';
const platform = input.platform || 'xsoar';
let context = {};
if (f.context && existsSync(f.context)) {
  const raw = readFileSync(f.context, 'utf8');
  if (raw.trim()) context = JSON.parse(raw);
}

const out = {
  engine: 'node-vm-fallback', result: null, logs: [], context: null, executeCommandCalls: [], httpCalls: [],
  waits: [], waitedSeconds: 0, warnings: [], setupMs: 0, runMs: 0, totalMs: 0,
};

// --- the ES5 realm -----------------------------------------------------------------------------
const sandbox = vm.createContext({});
vm.runInContext(`(function (g) {
  var globals = ['Map','Set','WeakMap','WeakSet','WeakRef','FinalizationRegistry','Promise','Proxy','Reflect',
    'BigInt','BigInt64Array','BigUint64Array','ArrayBuffer','SharedArrayBuffer','DataView','Atomics',
    'Int8Array','Uint8Array','Uint8ClampedArray','Int16Array','Uint16Array','Int32Array','Uint32Array',
    'Float32Array','Float64Array','Intl','WebAssembly','AggregateError','globalThis','queueMicrotask',
    'structuredClone','setTimeout','setInterval','clearTimeout','clearInterval','console'];
  var statics = {
    Object: ['assign','entries','values','fromEntries','is','setPrototypeOf','getOwnPropertySymbols','getOwnPropertyDescriptors','groupBy','hasOwn'],
    Array: ['from','of','fromAsync'],
    Number: ['isNaN','isFinite','isInteger','isSafeInteger','parseFloat','parseInt','EPSILON','MAX_SAFE_INTEGER','MIN_SAFE_INTEGER'],
    Math: ['trunc','sign','cbrt','log2','log10','log1p','expm1','hypot','clz32','fround','imul','sinh','cosh','tanh','asinh','acosh','atanh'],
    String: ['fromCodePoint','raw']
  };
  var protos = {
    Array: ['find','findIndex','findLast','findLastIndex','fill','includes','copyWithin','entries','keys','values','flat','flatMap','at','toSorted','toReversed','toSpliced','with'],
    String: ['startsWith','endsWith','includes','repeat','padStart','padEnd','codePointAt','normalize','trimStart','trimEnd','trimLeft','trimRight','at','replaceAll','matchAll','isWellFormed','toWellFormed'],
    Function: [],
    RegExp: ['flags','sticky','unicode','dotAll','hasIndices']
  };
  var sym = typeof Symbol === 'function' ? Symbol : null;
  var gops = Object.getOwnPropertySymbols;
  for (var p in protos) {
    var proto = g[p].prototype;
    for (var j = 0; j < protos[p].length; j++) delete proto[protos[p][j]];
    if (sym) { var ss = gops(proto); for (var s = 0; s < ss.length; s++) delete proto[ss[s]]; }
  }
  if (sym) {
    var owners = [Object.prototype, Array.prototype, String.prototype, RegExp.prototype, Date.prototype, Function.prototype];
    for (var o = 0; o < owners.length; o++) { var os = gops(owners[o]); for (var t = 0; t < os.length; t++) delete owners[o][os[t]]; }
  }
  for (var k in statics) for (var i = 0; i < statics[k].length; i++) delete g[k][statics[k][i]];
  delete g.Symbol;
  for (var n = 0; n < globals.length; n++) delete g[globals[n]];
})(this);`, sandbox);

const JSONin = vm.runInContext('JSON', sandbox);
const ErrorIn = vm.runInContext('Error', sandbox);
const toRealm = (x) => (x === undefined ? undefined : JSONin.parse(JSON.stringify(x)));
const fromRealm = (x) => (x === undefined ? undefined : JSON.parse(JSONin.stringify(x) ?? 'null'));
const throwIn = (msg) => { throw new ErrorIn(msg); };

function logger(level) {
  return function () {
    const parts = [];
    for (const a of arguments) parts.push(a !== null && typeof a === 'object' ? JSONin.stringify(a) : String(a));
    out.logs.push({ level, message: parts.join(' ') });
  };
}

function compareVersions(a, b) {
  const pa = String(a).split('.'), pb = String(b).split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = parseInt(pa[i] || '0', 10) || 0, y = parseInt(pb[i] || '0', 10) || 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function isLoopback(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

// Runs in a child process: one request, prints {status, statusText, headers: {Name: [..]}, body} or {error}.
const HTTP_CHILD = `
const req = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const lib = req.url.startsWith('https:') ? require('https') : require('http');
const r = lib.request(req.url, { method: req.method, headers: req.headers, rejectUnauthorized: !req.insecure, timeout: req.timeoutMs }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => {
    const headers = {};
    for (let i = 0; i < res.rawHeaders.length; i += 2) {
      const name = res.rawHeaders[i].toLowerCase().replace(/(^|-)([a-z])/g, (m, d, c) => d + c.toUpperCase());
      (headers[name] = headers[name] || []).push(res.rawHeaders[i + 1]);
    }
    process.stdout.write(JSON.stringify({ status: res.statusCode, statusText: res.statusCode + ' ' + res.statusMessage, headers, body: Buffer.concat(chunks).toString('utf8') }));
  });
});
r.on('timeout', () => r.destroy(new Error('request timeout (Client.Timeout exceeded)')));
r.on('error', (e) => process.stdout.write(JSON.stringify({ error: e.message })));
if (req.body !== undefined) r.write(req.body);
r.end();
`;

function httpGlobal(url, request, insecure, proxy) {
  let u;
  try { u = new URL(String(url)); } catch (e) { throwIn('http(): invalid URL ' + JSON.stringify(String(url))); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throwIn('http(): invalid URL ' + JSON.stringify(String(url)));
  if (!isLoopback(u.hostname)) throwIn('http(): ' + u.hostname + ' is not a loopback host; the XSOAR test host only reaches 127.0.0.1/localhost');
  const req = request && typeof request === 'object' ? fromRealm(request) : {};
  if (req.SaveToFile) throwIn('http(): SaveToFile is not supported by the test host');
  const method = String(req.Method || 'GET').toUpperCase();
  const headers = {};
  for (const name of Object.keys(req.Headers || {})) {
    const v = req.Headers[name];
    if (Array.isArray(v)) headers[name] = v.map(String);
    else if (typeof v === 'string') headers[name] = v;
    else throwIn('http(): header ' + name + ' must be a string or an array of strings');
  }
  if (req.Username || req.Password) headers.Authorization = 'Basic ' + Buffer.from((req.Username || '') + ':' + (req.Password || '')).toString('base64');
  const timeoutMs = (req.Timeout > 0 ? req.Timeout : f.httpTimeout) * 1000;
  const rec = { method, url: u.protocol + '//' + u.host + u.pathname, status: 0, insecure: !!insecure, proxy: !!proxy, ms: 0 };
  const t0 = process.hrtime.bigint();
  let res;
  try {
    res = JSON.parse(execFileSync(process.execPath, ['-e', HTTP_CHILD], {
      input: JSON.stringify({ url: String(url), method, headers, body: req.Body, insecure: !!insecure, timeoutMs }),
      timeout: timeoutMs + 5000, maxBuffer: 256 * 1024 * 1024,
    }).toString('utf8'));
  } catch (e) {
    res = { error: e.message };
  }
  rec.ms = Math.round(msSince(t0));
  if (res.error) {
    rec.error = res.error;
    out.httpCalls.push(rec);
    throwIn('http(): request failed: ' + res.error);
  }
  rec.status = res.status;
  out.httpCalls.push(rec);
  return toRealm({ StatusCode: res.status, Status: res.statusText, Body: res.body, Headers: res.headers });
}

let ctxVersion = 0;
const g = {
  command: input.command || '',
  args: toRealm(input.args || {}),
  params: toRealm(input.params || {}),
  invContext: toRealm(input.invContext || {}),
  incidents: toRealm(input.incidents || [{ id: '1', name: 'Test incident', labels: [], CustomFields: {} }]),
  investigation: toRealm(input.investigation || { id: '1' }),
  entryTypes: toRealm({ note: 1, downloadAgent: 2, file: 3, error: 4, pinned: 5, userManagement: 6, image: 7, playgroundError: 8, entryInfoFile: 9, map: 15, widget: 17 }),
  formats: toRealm({ html: 'html', table: 'table', json: 'json', text: 'text', dbotResponse: 'dbotCommandResponse', markdown: 'markdown' }),
  log: logger('log'), logDebug: logger('debug'), logInfo: logger('info'), logError: logger('error'),
  console: toRealm({}),
  wait(seconds) {
    const s = Number(seconds);
    if (!(s >= 0)) throwIn('wait(seconds): seconds must be a non-negative number');
    out.waits.push(s);
    out.waitedSeconds += s;
    if (f.realWait) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, s * 1000);
  },
  getIntegrationContext(sync) {
    if (sync === true) return toRealm({ context, version: ctxVersion });
    return toRealm(context);
  },
  setIntegrationContext(obj, version, sync) {
    if (obj === null || typeof obj !== 'object') throwIn('setIntegrationContext(obj): obj must be an object');
    if (version !== undefined && typeof sync === 'boolean' && version !== ctxVersion && version !== -1) {
      return toRealm({ Error: 'integration context version conflict' });
    }
    context = fromRealm(obj);
    for (const k of Object.keys(context).sort()) {
      if (typeof context[k] !== 'string') out.warnings.push('setIntegrationContext: value of ' + JSON.stringify(k) + ' is not a string (XSOAR documents string values; store JSON strings)');
    }
    ctxVersion++;
    return toRealm({});
  },
  executeCommand(name, cmdArgs) {
    out.executeCommandCalls.push({ name: String(name), args: cmdArgs === undefined ? {} : fromRealm(cmdArgs) });
    const canned = input.executeCommand && input.executeCommand[name];
    if (canned !== undefined) return toRealm(canned);
    return toRealm([{ Type: 4, ContentsFormat: 'text', Contents: 'Unsupported Command : ' + name }]);
  },
  getDemistoVersion() { return toRealm({ version, buildNumber, platform }); },
  demistoVersion() { return toRealm({ version, buildNumber, platform }); },
  isDemistoVersionGE(v, build) {
    const c = compareVersions(version, v);
    if (c === 0 && build !== undefined) return parseInt(buildNumber, 10) >= parseInt(build, 10);
    return c >= 0;
  },
  demistoUrls() {
    return toRealm({ server: 'https://xsoar.test', investigation: 'https://xsoar.test/#/Details/1', warRoom: 'https://xsoar.test/#/WarRoom/1', workPlan: 'https://xsoar.test/#/WorkPlan/1' });
  },
  http: httpGlobal,
};
for (const k of Object.keys(g)) sandbox[k] = g[k];
const consoleObj = sandbox.console;
consoleObj.log = logger('console'); consoleObj.info = logger('console'); consoleObj.warn = logger('console'); consoleObj.error = logger('console.error');
out.setupMs = msSince(start);

// --- run ---------------------------------------------------------------------------------------
const wrapped = '(function () {' + code + '\n})()';
const runStart = process.hrtime.bigint();
try {
  try {
    parse(wrapped, { ecmaVersion: 5, sourceType: 'script', allowReserved: false });
  } catch (e) {
    throw Object.assign(new SyntaxError('script.js: ' + e.message + ' (ES5 check)'), { es5: true });
  }
  const value = vm.runInContext(wrapped, sandbox, { filename: 'script.js', timeout: f.timeout * 1000 });
  out.result = value === undefined ? null : fromRealm(value);
} catch (e) {
  if (e && typeof e === 'object' && 'message' in e) {
    out.error = (e.name || 'Error') + ': ' + e.message;
    if (e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') out.error = 'script timed out';
    if (e.stack) out.errorStack = String(e.stack);
  } else {
    out.error = String(e); // `throw 'message'`, as otto reports it
  }
}
out.runMs = msSince(runStart);
out.context = context;
if (f.context) writeFileSync(f.context, JSON.stringify(context));
out.totalMs = msSince(start);
process.stdout.write(JSON.stringify(out) + '\n');

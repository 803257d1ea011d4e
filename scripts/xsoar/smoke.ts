/**
 * Smoke entry for the XSOAR build and test host: proves that core code, compiled to ES5 and bundled,
 * runs in the real interpreter with the platform globals (http, wait, integration context, logs,
 * executeCommand). Not shipped. Entry convention: export `main()`; its value is the script's result.
 */
import { base64UrlEncode, utf8Encode } from '../core/bytes';
import { retryAfterMs } from '../core/providers/common';
import { perform } from './transport';

function note(contents: unknown, human: string): XsoarEntry {
  return { Type: entryTypes.note, Contents: contents, ContentsFormat: formats.json, HumanReadable: human };
}

function smokeHttp(): XsoarEntry {
  var res = perform({ method: 'GET', url: String(args.url), headers: { Accept: 'application/json', 'X-Smoke': 'yes' } }, {
    insecure: params.insecure === true,
    proxy: params.proxy === true,
  });
  if ('kind' in res) throw new Error('smoke-http failed: ' + res.message);
  var retry = retryAfterMs(res);
  if (res.status === 429 && retry !== undefined) wait(retry / 1000);
  var parsed: unknown = null;
  try {
    parsed = JSON.parse(res.body);
  } catch (e) {
    parsed = res.body;
  }
  return note({ status: res.status, body: parsed, retryAfterMs: retry === undefined ? null : retry, contentType: res.headers['content-type'] }, 'HTTP ' + res.status);
}

function smokeCounter(): XsoarEntry {
  var ctx = getIntegrationContext();
  var n = ctx.counter ? parseInt(ctx.counter, 10) : 0;
  n += 1;
  ctx.counter = String(n);
  setIntegrationContext(ctx);
  logDebug('counter is now ' + n);
  return note({ counter: n }, 'Counter: ' + n);
}

export function main(): unknown {
  log('smoke command ' + command);
  switch (command) {
    case 'test-module':
      return 'ok';
    case 'smoke-encode': {
      var text = String(args.text);
      return [note({ text: text, base64url: base64UrlEncode(utf8Encode(text)) }, '`' + text + '`'), note({ version: getDemistoVersion().version, ge68: isDemistoVersionGE('6.8.0') }, 'version')];
    }
    case 'smoke-http':
      return smokeHttp();
    case 'smoke-counter':
      return smokeCounter();
    case 'smoke-execute': {
      var res = executeCommand('getIncidents', { query: String(args.query) });
      return note({ firstType: res[0].Type, contents: res[0].Contents }, 'executeCommand');
    }
    case 'smoke-throw':
      throw new Error('smoke failure: ' + args.reason);
    default:
      throw new Error('Unknown command: ' + command);
  }
}

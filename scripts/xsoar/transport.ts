/**
 * The XSOAR shell's HTTP transport: performs a core `HttpRequest` with the platform's synchronous
 * `http()` and hands back a core `HttpResponse` (header names lower-cased, multi-values joined) or a
 * `TransportFailure`. Never throws. The failure message never repeats the platform's error text,
 * which may contain the URL — and for query-key providers the URL contains the key.
 */
import type { Dict, HttpRequest, HttpResponse, TransportFailure } from '../core/providers/types';

export interface XsoarTransportOptions {
  insecure: boolean;
  proxy: boolean;
}

export function perform(request: HttpRequest, options: XsoarTransportOptions): HttpResponse | TransportFailure {
  var headers: XsoarHeaders = {};
  for (var name in request.headers) {
    if (Object.prototype.hasOwnProperty.call(request.headers, name)) headers[name] = [request.headers[name]];
  }
  var req: XsoarHttpRequest = { Method: request.method, Headers: headers };
  if (request.body !== undefined) req.Body = request.body;
  var res: XsoarHttpResponse;
  try {
    res = http(request.url, req, options.insecure, options.proxy);
  } catch (e) {
    var text = String(e && (e as Error).message !== undefined ? (e as Error).message : e).toLowerCase();
    if (text.indexOf('timeout') >= 0 || text.indexOf('deadline') >= 0) return { kind: 'timeout', message: 'no answer in time' };
    return { kind: 'network', message: 'network error' };
  }
  return { status: res.StatusCode, headers: lowerCaseHeaders(res.Headers), body: res.Body || '', receivedAtMs: new Date().getTime() };
}

/** XSOAR returns `{Name: [values]}`; the core wants `{name: 'v1, v2'}`. */
export function lowerCaseHeaders(headers: XsoarHeaders | undefined): Dict<string> {
  var out: Dict<string> = {};
  if (!headers) return out;
  for (var k in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, k)) continue;
    var v: unknown = headers[k];
    var joined = v instanceof Array ? v.join(', ') : String(v);
    var key = k.toLowerCase();
    out[key] = out[key] !== undefined ? out[key] + ', ' + joined : joined;
  }
  return out;
}

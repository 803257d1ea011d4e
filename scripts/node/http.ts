/**
 * The Node shell's HTTP transport: performs a core `HttpRequest` with axios and hands back a core
 * `HttpResponse` (any status, headers lower-cased) or a `TransportFailure`. Never throws, never logs.
 */
import axios, { AxiosError } from 'axios';
import type { Dict, HttpRequest, HttpResponse, TransportFailure } from '../core/providers/types';

export interface PerformOptions {
  timeoutMs: number;
  /** Aborts the call (deadline reached, Ctrl-C). */
  signal?: AbortSignal;
}

export function isTransportFailure(x: HttpResponse | TransportFailure): x is TransportFailure {
  return (x as TransportFailure).kind !== undefined && (x as HttpResponse).status === undefined;
}

export async function perform(request: HttpRequest, options: PerformOptions): Promise<HttpResponse | TransportFailure> {
  try {
    const res = await axios.request<string>({
      method: request.method,
      url: request.url,
      headers: request.headers,
      data: request.body,
      timeout: options.timeoutMs,
      signal: options.signal,
      responseType: 'text',
      transformResponse: (x) => x,
      validateStatus: () => true,
      maxRedirects: 3,
    });
    const headers: Dict<string> = {};
    for (const [k, v] of Object.entries(res.headers ?? {})) {
      if (v === undefined || v === null) continue;
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    return { status: res.status, headers, body: typeof res.data === 'string' ? res.data : String(res.data ?? ''), receivedAtMs: Date.now() };
  } catch (e) {
    const err = e as AxiosError;
    const code = err.code ?? '';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || code === 'ERR_CANCELED') {
      return { kind: 'timeout', message: code === 'ERR_CANCELED' ? 'cancelled at the deadline' : `no answer within ${options.timeoutMs} ms` };
    }
    // axios messages can contain the URL, which for query-key providers contains the key: never pass them on.
    return { kind: 'network', message: code ? `network error ${code}` : 'network error' };
  }
}

/** Small fake providers, a virtual clock and scripted transports for engine tests. */
import { baseUrl, httpError, isObject, notFoundResult, parseJson, precheck, throttled } from '../../scripts/core/providers/common';
import type { HttpRequest, HttpResponse, Provider, ProviderId, RateLimits, TransportFailure } from '../../scripts/core/providers/types';
import type { IocType as ModelIocType } from '../../scripts/core/model';

export const FAKE_BASE = 'https://fake.test';

export interface FakeSpec {
  id: ProviderId;
  name?: string;
  types?: ModelIocType[];
  weight?: number;
  limits?: RateLimits;
  requiresKey?: boolean;
  base?: string;
}

/**
 * A provider answering `GET {base}/{id}/{type}/{value}` with `{"malicious":m,"confidence":c}` (ok),
 * 404 (not found), 429 (rate limited, Retry-After honoured) or anything else (generic errors).
 */
export function fakeProvider(spec: FakeSpec): Provider {
  const p: Provider = {
    id: spec.id,
    name: spec.name ?? 'Fake ' + spec.id,
    types: spec.types ?? ['ipv4', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256'],
    requiresKey: spec.requiresKey ?? true,
    requiresBaseUrl: false,
    defaults: { baseUrl: (spec.base ?? FAKE_BASE) + '/' + spec.id, limits: spec.limits ?? {}, timeoutMs: 10000, weight: spec.weight ?? 50 },
    request(indicator, config) {
      const s = precheck(p, indicator, config);
      if (s) return s;
      return { method: 'GET', url: baseUrl(p, config) + '/' + indicator.type + '/' + encodeURIComponent(indicator.value), headers: { 'x-key': config.apiKey ?? '' } };
    },
    parse(indicator, response) {
      if (response.status === 404) return notFoundResult(p.id, 404, p.name + ' has no record');
      if (response.status === 429) return throttled(p, response, 'rate_limited');
      if (response.status !== 200) return httpError(p, response);
      const body = parseJson(response.body);
      if (!isObject(body) || typeof body.malicious !== 'number') return { provider: p.id, status: 'error', kind: 'bad_response', message: 'bad body' };
      return {
        provider: p.id,
        status: 'ok',
        signal: { malicious: body.malicious, confidence: typeof body.confidence === 'number' ? body.confidence : 1 },
        facts: { seen: indicator.value },
      };
    },
  };
  return p;
}

/** Virtual time: `sleep` parks the caller; parked sleepers are released one at a time, earliest first. */
export class FakeClock {
  t: number;
  slept: number[] = [];
  private parked: Array<{ at: number; resolve: () => void }> = [];
  private scheduled = false;

  constructor(start = Date.UTC(2025, 5, 1, 12, 0, 0)) {
    this.t = start;
  }

  now = (): number => this.t;

  advance(ms: number): void {
    this.t += ms;
  }

  sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.slept.push(ms);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const entry = { at: this.t + Math.max(0, ms), resolve };
      this.parked.push(entry);
      signal?.addEventListener('abort', () => {
        this.parked = this.parked.filter((x) => x !== entry);
        resolve();
      }, { once: true });
      this.kick();
    });
  };

  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.parked.length === 0) return;
      this.parked.sort((a, b) => a.at - b.at);
      const next = this.parked.shift()!;
      if (next.at > this.t) this.t = next.at;
      next.resolve();
      if (this.parked.length > 0) this.kick();
    });
  }
}

export type Answer = HttpResponse | TransportFailure;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A transport that answers from a handler and records every request. */
export function scriptedTransport(handler: (req: HttpRequest, n: number, opts: { timeoutMs: number; signal?: AbortSignal }) => Answer | Promise<Answer>) {
  const seen: HttpRequest[] = [];
  const transport = async (req: HttpRequest, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<Answer> => {
    seen.push(req);
    return handler(req, seen.length, opts);
  };
  return { transport, seen };
}



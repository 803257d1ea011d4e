/**
 * A loopback fake of the provider APIs for the XSOAR integration tests, answering with the
 * documented response shapes of test/fixtures/providers/<id>/. Each provider lives under
 * `<base>/<id>` (set `<id>_url` to that), checks its API key the way the real API does, and answers
 * per indicator from a queue of scripted responses (the last one repeats), or a default.
 */
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

const FIXTURES = resolve(__dirname, '..', 'fixtures', 'providers');

export interface FakeResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

export interface FakeRequest {
  provider: string;
  value: string;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** A fixture as a response. */
export function fixture(provider: string, name: string, status = 200, headers?: Record<string, string>): FakeResponse {
  const file = join(FIXTURES, provider, name.endsWith('.json') || name.endsWith('.html') ? name : name + '.json');
  return { status, body: readFileSync(file, 'utf8'), headers };
}

/** The indicator a request is about, per provider API shape. */
function indicatorOf(provider: string, path: string, query: URLSearchParams): string {
  if (provider === 'virustotal') {
    const m = /^\/(ip_addresses|domains|urls|files)\/([^/?]+)/.exec(path);
    if (!m) return '';
    const raw = decodeURIComponent(m[2]);
    return m[1] === 'urls' ? Buffer.from(raw, 'base64url').toString('utf8') : raw;
  }
  if (provider === 'abuseipdb') return query.get('ipAddress') ?? '';
  return '';
}

export class FakeProviders {
  base = '';
  readonly requests: FakeRequest[] = [];
  private server: Server | undefined;
  private scripted = new Map<string, FakeResponse[]>();
  private outages = new Set<string>();

  /** `keys`: provider id → the API key the fake accepts. */
  constructor(readonly keys: Record<string, string>) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const [, provider, ...rest] = url.pathname.split('/');
      const path = '/' + rest.join('/');
      const value = indicatorOf(provider, path, url.searchParams);
      this.requests.push({ provider, value, method: req.method ?? 'GET', url: req.url ?? '', headers: req.headers });
      const answer = this.answer(provider, value, req);
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...(answer.headers ?? {}) });
      res.end(answer.body);
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', ok));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    if (this.server) await new Promise<void>((ok) => this.server!.close(() => ok()));
  }

  url(provider: string): string {
    return `${this.base}/${provider}`;
  }

  /** Responses for one indicator, in order; the last one repeats. */
  script(provider: string, value: string, ...responses: FakeResponse[]): void {
    this.scripted.set(provider + '|' + value, responses.slice());
  }

  /** Every request to the provider answers 503 until `restore`. */
  outage(provider: string): void {
    this.outages.add(provider);
  }

  restore(provider: string): void {
    this.outages.delete(provider);
  }

  count(provider?: string, value?: string): number {
    return this.requests.filter((r) => (provider === undefined || r.provider === provider) && (value === undefined || r.value === value)).length;
  }

  private answer(provider: string, value: string, req: IncomingMessage): FakeResponse {
    if (provider === 'virustotal' && req.headers['x-apikey'] !== this.keys.virustotal) {
      // The real API does not echo keys; this fake does, to prove the integration never repeats one.
      return { status: 401, body: JSON.stringify({ error: { code: 'WrongCredentialsError', message: 'Wrong API key ' + String(req.headers['x-apikey']) } }) };
    }
    if (provider === 'abuseipdb' && req.headers['key'] !== this.keys.abuseipdb) {
      return { status: 401, body: JSON.stringify({ errors: [{ detail: 'Authentication failed. Your API key ' + String(req.headers['key']) + ' is either missing, incorrect, or revoked.', status: 401 }] }) };
    }
    if (this.outages.has(provider)) return { status: 503, body: '<html><body>503 Service Unavailable</body></html>', headers: { 'Content-Type': 'text/html' } };
    const queue = this.scripted.get(provider + '|' + value);
    if (queue && queue.length > 0) return queue.length > 1 ? queue.shift()! : queue[0];
    if (provider === 'virustotal') return fixture('virustotal', 'not-found', 404);
    if (provider === 'abuseipdb') return fixture('abuseipdb', 'unseen-v4');
    return { status: 404, body: '{"error":"unknown fake provider"}' };
  }
}

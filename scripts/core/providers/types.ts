/**
 * The shape every provider adapter shares. A provider is plain data plus two pure functions:
 * `request` describes the HTTP call, `parse` turns the HTTP answer into a normalised result.
 * No I/O happens here; the XSOAR, Node and Splunk shells perform the call in between.
 */
import { Indicator, IocType } from '../model';

export type ProviderId =
  | 'virustotal'
  | 'abuseipdb'
  | 'shodan'
  | 'misp'
  | 'opencti'
  | 'urlscan'
  | 'safebrowsing'
  | 'malwarebazaar'
  | 'urlhaus'
  | 'threatfox'
  | 'greynoise'
  | 'otx';

/** A string-keyed map (ES5 has no Map; we use plain objects everywhere). */
export interface Dict<T> {
  [key: string]: T;
}

/** An HTTP call to make. Header names as the provider documents them. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Dict<string>;
  /** Already serialised (JSON or form-encoded); absent for GET. */
  body?: string;
}

/** What the shell got back. Header names lower-cased by the shell. */
export interface HttpResponse {
  status: number;
  headers: Dict<string>;
  body: string;
  /** Epoch ms when the answer arrived: lets `parse` turn an HTTP-date Retry-After into a delay without a clock. */
  receivedAtMs?: number;
}

/** A transport failure the shell observed instead of an HTTP answer. */
export interface TransportFailure {
  kind: 'timeout' | 'network';
  message: string;
}

export type ResultStatus = 'ok' | 'not_found' | 'error' | 'skipped';

export type ErrorKind = 'auth' | 'quota' | 'rate_limited' | 'server' | 'timeout' | 'network' | 'bad_response';

/**
 * A provider's opinion, normalised. `malicious` is how bad (0 = benign, 1 = certainly malicious);
 * `confidence` is how much the provider's opinion should count (0 = informational only, 1 = a verdict).
 */
export interface Signal {
  malicious: number;
  confidence: number;
}

export type FactValue = string | number | boolean | null | string[] | number[] | FactObject | FactObject[];
export interface FactObject {
  [key: string]: string | number | boolean | null | string[] | number[];
}

/** The normalised outcome of one provider for one indicator. */
export interface ProviderResult {
  provider: ProviderId;
  status: ResultStatus;
  /** For `error`. */
  kind?: ErrorKind;
  /** For `error` (what failed, what to do) and `skipped` (why). Never contains a secret. */
  message?: string;
  /** The HTTP status seen, when there was one. */
  httpStatus?: number;
  /** For `rate_limited`/`quota`: how long the provider asked us to wait. */
  retryAfterMs?: number;
  /** For `ok`: the normalised opinion. */
  signal?: Signal;
  /** Analyst-facing facts (VT detection counts, AbuseIPDB ISP, Shodan ports, ...). */
  facts?: Dict<FactValue>;
  /** The provider's own web page for this indicator. */
  link?: string;
}

/** Per-window call budgets. Absent windows are unlimited. */
export interface RateLimits {
  perSecond?: number;
  perMinute?: number;
  perDay?: number;
}

/** What a provider needs from configuration; every field overrides the provider's default. */
export interface ProviderConfig {
  apiKey?: string;
  baseUrl?: string;
  enabled?: boolean;
  weight?: number;
  limits?: RateLimits;
  timeoutMs?: number;
}

/** `request` answers this when it will not call: unsupported type, non-public IP, not configured. */
export interface Skip {
  skip: true;
  reason: string;
}

export interface ProviderDefaults {
  baseUrl: string;
  limits: RateLimits;
  timeoutMs: number;
  /** Scoring weight; VirusTotal 60 and AbuseIPDB 40 reproduce the seed's formula. */
  weight: number;
}

export interface Provider {
  id: ProviderId;
  /** Human name, e.g. "VirusTotal". */
  name: string;
  types: IocType[];
  /** False for providers usable without a key (e.g. GreyNoise community, URLhaus lookups where allowed). */
  requiresKey: boolean;
  /** True for self-hosted platforms (MISP, OpenCTI) where no public default exists. */
  requiresBaseUrl: boolean;
  defaults: ProviderDefaults;
  request(indicator: Indicator, config: ProviderConfig): HttpRequest | Skip;
  parse(indicator: Indicator, response: HttpResponse, config: ProviderConfig): ProviderResult;
}

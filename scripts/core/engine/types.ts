/**
 * The engine's report contract and shared small types. Everything here is plain JSON: the Node
 * shell prints it, the XSOAR shell writes it to context, and a run's state can be stored mid-way.
 * The field names of `AlertReport` are a contract the CLI prints one line per alert — keep them.
 */
import { IocType, IpScope } from '../model';
import { Dict, ErrorKind, FactValue, ProviderId, ResultStatus, Signal } from '../providers/types';

export type Tier = 'high' | 'medium' | 'low';
export type RouteAction = 'escalate' | 'review' | 'auto_close';

/** One provider's share in an indicator's score. */
export interface BreakdownEntry {
  provider: ProviderId;
  status: ResultStatus;
  kind?: ErrorKind;
  signal?: Signal;
  /** Configured weight (provider default or config). */
  weight: number;
  /** Percentage of the score this provider could move: weight·confidence·100 / Σ(weight·confidence) over `ok` results; 0 otherwise. */
  effectiveWeight: number;
  /** Points added to the score: malicious × effectiveWeight. */
  contribution: number;
}

/** One provider's outcome as reported (no HTTP details, never a secret). */
export interface ResultReport {
  status: ResultStatus;
  kind?: ErrorKind;
  message?: string;
  /** True when the result came from the cache rather than a call in this run. */
  cached: boolean;
  /** For cached results: how old the stored answer is. */
  ageMs?: number;
  signal?: Signal;
  facts: Dict<FactValue>;
  link?: string;
}

export interface IndicatorReport {
  type: IocType;
  value: string;
  scope?: IpScope;
  score: number;
  tier: Tier;
  explanation: string;
  /** Why the score was capped to 0 (allowlist entry), when it was. */
  allowlisted?: string;
  breakdown: BreakdownEntry[];
  /** Exactly one entry per provider the engine knows, keyed by provider id. */
  results: Dict<ResultReport>;
}

/** Counters for one alert's run (the Enricher's `metrics()` has the cumulative view). */
export interface RunMetrics {
  elapsedMs: number;
  deadlineMs: number;
  /** HTTP requests sent in this run (retries included). */
  calls: number;
  cacheHits: number;
  retries: number;
  rateLimited: number;
  /** (provider, indicator) pairs answered by another alert's in-flight lookup. */
  shared: number;
  timedOut: number;
}

export interface AlertReport {
  source: string;
  score: number;
  tier: Tier;
  action: RouteAction;
  partial: boolean;
  note: string;
  indicators: IndicatorReport[];
  metrics: RunMetrics;
}

/** Events the shells may surface (the CLI shows e.g. "waiting 42 s for virustotal: 4/min"). */
export type EngineEvent =
  | { type: 'waiting'; provider: ProviderId; ms: number; reason: string }
  | { type: 'retry'; provider: ProviderId; indicator: string; attempt: number; delayMs: number; reason: string }
  | { type: 'call'; provider: ProviderId; indicator: string; attempt: number }
  | { type: 'result'; provider: ProviderId; indicator: string; status: ResultStatus; kind?: ErrorKind; cached: boolean }
  | { type: 'deadline'; source: string; unfinished: number };

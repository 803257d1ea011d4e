/**
 * The report formatters' contract. A formatter turns a stream of per-alert reports (the engine's
 * `AlertReport`, exactly as `ioc-enrich enrich` prints them) into text for a sink, so the CLI can
 * write to stdout or `--out FILE` without holding every report.
 */
import type { ProviderMetrics } from '../../core/engine/metrics';
import type { AlertReport } from '../../core/engine/types';
import type { Dict, ProviderId } from '../../core/providers/types';

export type { AlertReport };

export type ReportFormat = 'ndjson' | 'json' | 'csv' | 'md' | 'html';

/** Where text goes. Called synchronously, in order; the caller handles back-pressure (e.g. by awaiting 'drain'). */
export interface Sink {
  write(chunk: string): unknown;
}

/** Run-wide facts only the caller knows; shown in the md/html summary, ignored by ndjson/json/csv. */
export interface RunSummary {
  /** Cumulative per-provider metrics (`Enricher.metrics()`): calls vs budget, latency, errors. */
  providers?: Dict<ProviderMetrics>;
  /** Wall time of the whole run. */
  elapsedMs?: number;
  /** True when the run was stopped early (Ctrl-C): the report says it is incomplete. */
  interrupted?: boolean;
}

export interface FormatOptions {
  /** md/html heading. Default "IOC enrichment report". */
  title?: string;
  /** Timestamp shown in md/html (any string, ISO 8601 recommended). Default: the current time. */
  generatedAt?: string;
  /** CSV provider columns, in order. Default: every registered provider, in registry order. */
  providers?: ProviderId[];
}

export interface Formatter {
  /** Format one alert report. ndjson, json and csv write it immediately; md and html buffer it. */
  add(report: AlertReport): void;
  /** Write whatever is left (closing bracket, summary, whole document). Call exactly once. */
  end(summary?: RunSummary): void;
}

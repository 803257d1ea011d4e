/** Node engine entry point: the Enricher and the in-memory cache store. */
export { Enricher } from './enricher';
export type { AlertInputNode, EnrichOptions, EnricherOptions, Transport } from './enricher';
export { MemoryCacheStore } from '../cache/memory';
export type { AlertReport, EngineEvent, IndicatorReport, ResultReport } from '../../core/engine/types';

/** NDJSON: one alert report per line, exactly the engine's contract. Streams; nothing is buffered. */
import type { AlertReport } from '../../core/engine/types';
import type { Formatter, Sink } from './types';

export function ndjsonFormatter(sink: Sink): Formatter {
  return {
    add(report: AlertReport) {
      // JSON.stringify escapes newlines inside strings, so one report is always one line.
      sink.write(JSON.stringify(report) + '\n');
    },
    end() {},
  };
}

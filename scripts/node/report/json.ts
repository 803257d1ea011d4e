/**
 * JSON: one pretty-printed array of alert reports. Streams element by element (the brackets and
 * commas are written around them), so memory stays flat like NDJSON.
 */
import type { AlertReport } from '../../core/engine/types';
import type { Formatter, Sink } from './types';

export function jsonFormatter(sink: Sink): Formatter {
  var count = 0;
  return {
    add(report: AlertReport) {
      // Raw newlines only occur between JSON tokens, so indenting after each is safe.
      var body = '  ' + JSON.stringify(report, null, 2).replace(/\n/g, '\n  ');
      sink.write((count === 0 ? '[\n' : ',\n') + body);
      count++;
    },
    end() {
      sink.write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}

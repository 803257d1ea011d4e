/** Small helpers for the input-layer unit tests: streams from strings and collected iterators. */
import { PassThrough, Readable } from 'node:stream';
import { alertsOf, AlertsOptions, InputProblem } from '../../scripts/node/input/alerts';
import { csvRecords } from '../../scripts/node/input/csv';
import { linesOf } from '../../scripts/node/input/lines';
import { InputKind } from '../../scripts/node/input/read';

/** A readable that delivers `text` in chunks of `size` bytes (to cross every boundary). */
export function chunked(data: string | Buffer, size = 3): Readable {
  var buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  var parts: Buffer[] = [];
  for (var i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  var out: T[] = [];
  for await (var x of it) out.push(x);
  return out;
}

export async function csvOf(text: string | Buffer, size = 3): Promise<string[][]> {
  return (await collect(csvRecords('t.csv', linesOf('t.csv', chunked(text, size))))).map((r) => r.fields);
}

export async function alertsFrom(kind: InputKind, data: string | Buffer, options: AlertsOptions = {}, size = 5) {
  var problems: InputProblem[] = [];
  var alerts = await collect(alertsOf('in', kind, Object.assign({ stream: chunked(data, size), onProblem: (p: InputProblem) => problems.push(p) }, options)));
  return { alerts, problems };
}

export { PassThrough };

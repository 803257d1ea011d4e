/**
 * Turning one input (file or stdin) into alerts and indicators. The unit is the alert: a JSON
 * object, an element of a JSON array, an NDJSON line, a CSV row, an .eml message, a message of an
 * mbox file or a whole text file — the same unit `ioc-enrich enrich` scores. A bad NDJSON line (or
 * mbox message) is reported and skipped; the rest of the file is still processed.
 *
 * `alertsOf` is the entry point: an async iterator, so NDJSON, CSV and mbox inputs are read a
 * record at a time and a consumer that awaits each alert keeps memory flat however large the
 * input. JSON documents, .eml and text are read whole (up to MAX_WHOLE_BYTES).
 */
import { extractEmail } from '../../core/email/index';
import { extractAlert, extractText } from '../../core/extract/index';
import { Extracted } from '../../core/model';
import { csvRecords, headerNames, rowObject, selectColumns } from './csv';
import { lineText, linesOf } from './lines';
import { mboxMessages } from './mbox';
import { binaryReason, decodeText, InputError, InputKind, openSource, readAllStdin, readSource, STREAMED_KINDS } from './read';

export interface AlertInput {
  /** File path as given (or as found in a directory / by a glob), or `-` for stdin. */
  source: string;
  kind: 'text' | 'alert' | 'email';
  /** NDJSON: 1-based line number of this alert. */
  line?: number;
  /** JSON array: 0-based index of this alert in the array. */
  index?: number;
  /** CSV: 1-based row number, the header being row 1 (the number a spreadsheet shows). */
  row?: number;
  /** mbox: 1-based message number. */
  message?: number;
  /** Decoded text (text), parsed JSON (alert, CSV row object) or the latin1 byte string of the message (email). */
  payload: unknown;
}

/** Where an alert came from, as printed in diagnostics and report sources: `f:LINE`, `f[INDEX]`, `f:ROW`, `f#MESSAGE`. */
export function alertWhere(alert: Pick<AlertInput, 'source' | 'line' | 'index' | 'row' | 'message'>): string {
  if (alert.line !== undefined) return alert.source + ':' + alert.line;
  if (alert.row !== undefined) return alert.source + ':' + alert.row;
  if (alert.message !== undefined) return alert.source + '#' + alert.message;
  if (alert.index !== undefined) return alert.source + '[' + alert.index + ']';
  return alert.source;
}

/** A recoverable problem inside an input (one bad NDJSON line, an email warning). */
export interface InputProblem {
  /** `file:line`, `file#message` or `file`. */
  where: string;
  message: string;
  /** Fatal for the exit code (bad data), as opposed to an informational warning. */
  error: boolean;
}

export interface AlertsOptions {
  /** CSV: the columns to read (names, or comma lists of names); default every column. */
  columns?: string[];
  /** Read this stream instead of opening `source` (tests; stdin is opened for `-` anyway). */
  stream?: NodeJS.ReadableStream;
  /** Recoverable problems, in input order; by default they are dropped. */
  onProblem?: (p: InputProblem) => void;
  /** Called with the number of input bytes read, as they are read (progress and ETA). */
  onBytes?: (n: number) => void;
}

/**
 * The alerts of one input, in order. Throws (from the iterator) InputError when the input as a
 * whole is unusable: missing, binary, a JSON document that does not parse, a `--column` the CSV
 * lacks (ColumnError), a read error midway (alerts before it were already yielded).
 */
export async function* alertsOf(source: string, kind: InputKind, options: AlertsOptions = {}): AsyncGenerator<AlertInput> {
  var onProblem = options.onProblem || function () {};
  if (STREAMED_KINDS.indexOf(kind) >= 0) {
    var stream = options.stream || (await openSource(source));
    var lines = linesOf(source, stream, { onBytes: options.onBytes });
    if (kind === 'ndjson') yield* ndjsonAlerts(source, lines, onProblem);
    else if (kind === 'csv') yield* csvAlerts(source, lines, options.columns);
    else {
      for await (var m of mboxMessages(lines, (p) => onProblem({ where: source + '#' + p.no, message: p.message, error: false }))) {
        yield { source: source, kind: 'email', message: m.no, payload: m.raw };
      }
    }
    return;
  }
  var buf = options.stream ? await readAllStdin(options.stream, source) : await readSource(source);
  if (options.onBytes) options.onBytes(buf.length);
  yield* splitAlerts(source, buf, kind);
}

async function* ndjsonAlerts(source: string, lines: ReturnType<typeof linesOf>, onProblem: (p: InputProblem) => void): AsyncGenerator<AlertInput> {
  for await (var line of lines) {
    if (line.tooLong !== undefined) {
      onProblem({ where: source + ':' + line.no, message: 'line of ' + line.tooLong + ' bytes is over the record limit, skipped', error: true });
      continue;
    }
    var text = lineText(line);
    if (text.trim() === '') continue;
    var payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch (e) {
      onProblem({ where: source + ':' + line.no, message: 'invalid JSON, line skipped: ' + jsonMessage(e), error: true });
      continue;
    }
    yield { source: source, kind: 'alert', line: line.no, payload: payload };
  }
}

async function* csvAlerts(source: string, lines: ReturnType<typeof linesOf>, wanted: string[] | undefined): AsyncGenerator<AlertInput> {
  var header: string[] | null = null;
  var columns: number[] = [];
  var all = !wanted || !wanted.length;
  for await (var rec of csvRecords(source, lines)) {
    if (!header) {
      header = headerNames(rec.fields);
      columns = selectColumns(source, header, wanted);
      continue;
    }
    yield { source: source, kind: 'alert', row: rec.row, payload: rowObject(header, columns, rec.fields, all) };
  }
}

/** Split a whole input's bytes into alerts; throws InputError when the input as a whole is unusable (binary, bad JSON). */
export function splitAlerts(source: string, buf: Buffer, kind: InputKind): AlertInput[] {
  if (STREAMED_KINDS.indexOf(kind) >= 0) throw new Error('splitAlerts: ' + kind + ' inputs are streamed; use alertsOf');
  var binary = binaryReason(buf);
  if (binary) throw new InputError(source, binary);
  // The email parser works on bytes: latin1 maps each byte to one char, losslessly.
  if (kind === 'email') return [{ source: source, kind: 'email', payload: buf.toString('latin1') }];
  var text = decodeText(buf);
  if (kind === 'text') return [{ source: source, kind: 'text', payload: text }];
  var data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(source, 'invalid JSON: ' + jsonMessage(e) + ' (use --as text to scan it as plain text)');
  }
  if (!Array.isArray(data)) return [{ source: source, kind: 'alert', payload: data }];
  return data.map(function (item, i) {
    return { source: source, kind: 'alert' as const, index: i, payload: item };
  });
}

function jsonMessage(e: unknown): string {
  var m = e instanceof Error ? e.message : String(e);
  // Node's messages may quote a long slice of the input; keep them short.
  return m.length > 160 ? m.slice(0, 157) + '...' : m;
}

export interface AlertIndicators {
  indicators: Extracted[];
  /** Email parser warnings (malformed MIME, undecodable parts); informational. */
  warnings: string[];
}

/** Every indicator of one alert, by the rules of its kind. */
export function extractFromAlert(alert: AlertInput): AlertIndicators {
  if (alert.kind === 'email') {
    var mail = extractEmail(alert.payload as string);
    return { indicators: mail.indicators, warnings: mail.warnings || [] };
  }
  if (alert.kind === 'alert') return { indicators: extractAlert(alert.payload), warnings: [] };
  return { indicators: extractText(alert.payload as string), warnings: [] };
}

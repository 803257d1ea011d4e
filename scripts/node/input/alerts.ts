/**
 * Turning one input (file or stdin) into alerts and indicators. The unit is the alert: a JSON
 * object, an element of a JSON array, an NDJSON line, an .eml message or a whole text file — the
 * same unit `ioc-enrich enrich` scores. A bad NDJSON line is reported and skipped; the rest of the
 * file is still processed.
 */
import { extractEmail } from '../../core/email/index';
import { extractAlert, extractText } from '../../core/extract/index';
import { Extracted } from '../../core/model';
import { binaryReason, decodeText, InputError, InputKind } from './read';

export interface AlertInput {
  /** File path as given, or `-` for stdin. */
  source: string;
  kind: 'text' | 'alert' | 'email';
  /** NDJSON: 1-based line number of this alert. */
  line?: number;
  /** JSON array: 0-based index of this alert in the array. */
  index?: number;
  /** Decoded text (text), parsed JSON (alert) or the latin1 byte string of the message (email). */
  payload: unknown;
}

/** A recoverable problem inside an input (one bad NDJSON line, an email warning). */
export interface InputProblem {
  /** `file:line` or `file`. */
  where: string;
  message: string;
  /** Fatal for the exit code (bad data), as opposed to an informational warning. */
  error: boolean;
}

export interface SplitResult {
  alerts: AlertInput[];
  problems: InputProblem[];
}

/** Split bytes into alerts; throws InputError when the input as a whole is unusable (binary, bad JSON). */
export function splitAlerts(source: string, buf: Buffer, kind: InputKind): SplitResult {
  var binary = binaryReason(buf);
  if (binary) throw new InputError(source, binary);
  if (kind === 'email') {
    // The email parser works on bytes: latin1 maps each byte to one char, losslessly.
    return { alerts: [{ source: source, kind: 'email', payload: buf.toString('latin1') }], problems: [] };
  }
  var text = decodeText(buf);
  if (kind === 'text') return { alerts: [{ source: source, kind: 'text', payload: text }], problems: [] };
  if (kind === 'alert') {
    var data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InputError(source, 'invalid JSON: ' + jsonMessage(e) + ' (use --as text to scan it as plain text)');
    }
    if (Array.isArray(data)) {
      return {
        alerts: data.map(function (item, i) {
          return { source: source, kind: 'alert' as const, index: i, payload: item };
        }),
        problems: [],
      };
    }
    return { alerts: [{ source: source, kind: 'alert', payload: data }], problems: [] };
  }
  // NDJSON: one alert per non-blank line.
  var alerts: AlertInput[] = [];
  var problems: InputProblem[] = [];
  var start = 0;
  var lineNo = 0;
  while (start <= text.length) {
    var nl = text.indexOf('\n', start);
    var end = nl < 0 ? text.length : nl;
    lineNo++;
    var line = text.slice(start, end);
    if (line.trim() !== '') {
      try {
        alerts.push({ source: source, kind: 'alert', line: lineNo, payload: JSON.parse(line) });
      } catch (e) {
        problems.push({ where: source + ':' + lineNo, message: 'invalid JSON, line skipped: ' + jsonMessage(e), error: true });
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return { alerts: alerts, problems: problems };
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

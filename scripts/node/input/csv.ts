/**
 * CSV (RFC 4180) read a record at a time: quoted fields, `""` inside quotes, newlines inside quoted
 * fields (a record then spans lines), CRLF or LF line ends, a UTF-8 BOM. Lenient where exports are
 * sloppy: a quote in the middle of an unquoted field is kept as a character, and text after a
 * closing quote is appended to the field. The first record is the header.
 */
import { InputError } from './read';
import { Line, lineText, MAX_RECORD_BYTES } from './lines';

export interface CsvRecord {
  fields: string[];
  /** 1-based record number, the header being record 1: the row number a spreadsheet shows. */
  row: number;
  /** 1-based line where the record starts. */
  line: number;
}

/** Records from lines. An unterminated quoted field at end of input is an InputError naming its row. */
export async function* csvRecords(source: string, lines: AsyncIterable<Line>, maxBytes = MAX_RECORD_BYTES): AsyncGenerator<CsvRecord> {
  var fields: string[] = [];
  var field = '';
  var inQuotes = false;
  var row = 0;
  var startLine = 0;
  var size = 0;
  for await (var line of lines) {
    if (line.tooLong !== undefined) throw new InputError(source + ':' + line.no, 'line of ' + line.tooLong + ' bytes is over the ' + maxBytes + '-byte record limit');
    var text = lineText(line);
    if (!inQuotes) {
      // A blank line between records is not a record (RFC 4180 has none; exports often end with one).
      if (text === '') continue;
      startLine = line.no;
      size = 0;
    } else {
      field += '\n';
    }
    size += text.length;
    if (size > maxBytes) throw new InputError(source + ':' + startLine, 'record over the ' + maxBytes + '-byte limit (an unterminated quoted field?)');
    var i = 0;
    var n = text.length;
    while (i < n) {
      if (inQuotes) {
        var q = text.indexOf('"', i);
        if (q < 0) {
          field += text.slice(i);
          i = n;
        } else if (text.charCodeAt(q + 1) === 34) {
          field += text.slice(i, q + 1);
          i = q + 2;
        } else {
          field += text.slice(i, q);
          inQuotes = false;
          i = q + 1;
        }
        continue;
      }
      var c = text.charCodeAt(i);
      if (c === 44) {
        fields.push(field);
        field = '';
        i++;
      } else if (c === 34 && field === '' && atFieldStart(text, i)) {
        inQuotes = true;
        i++;
      } else {
        var comma = text.indexOf(',', i);
        var end = comma < 0 ? n : comma;
        // Up to the next comma, or to a quote that opens a field (only at field start, handled above).
        field += text.slice(i, end);
        i = end;
      }
    }
    if (inQuotes) continue;
    fields.push(field);
    field = '';
    row++;
    yield { fields: fields, row: row, line: startLine };
    fields = [];
  }
  if (inQuotes) throw new InputError(source + ':' + (row + 1), 'unterminated quoted field (row starting at line ' + startLine + ')');
}

function atFieldStart(text: string, i: number): boolean {
  return i === 0 || text.charCodeAt(i - 1) === 44;
}

/**
 * Header names made unique (a repeated name gets " (2)", " (3)"; an empty one "column N") so that
 * every column is a distinct key of the alert object.
 */
export function headerNames(fields: string[]): string[] {
  var seen: { [name: string]: number } = Object.create(null);
  return fields.map(function (f, i) {
    var name = f.trim() || 'column ' + (i + 1);
    if (seen[name]) {
      seen[name]++;
      name = name + ' (' + seen[name] + ')';
    } else seen[name] = 1;
    return name;
  });
}

/**
 * The indices of the wanted columns: exact names first, then a unique case-insensitive match.
 * Each `--column` value may be a comma-separated list unless it names a column as a whole.
 */
export function selectColumns(source: string, header: string[], wanted: string[] | undefined): number[] {
  if (!wanted || !wanted.length) return header.map((_, i) => i);
  var names: string[] = [];
  wanted.forEach(function (w) {
    if (header.indexOf(w) >= 0) names.push(w);
    else w.split(',').map((s) => s.trim()).filter(Boolean).forEach((s) => names.push(s));
  });
  var missing: string[] = [];
  var out: number[] = [];
  names.forEach(function (name) {
    var at = header.indexOf(name);
    if (at < 0) {
      var ci = header.map((h, i) => (h.toLowerCase() === name.toLowerCase() ? i : -1)).filter((i) => i >= 0);
      if (ci.length === 1) at = ci[0];
    }
    if (at < 0) missing.push(name);
    else if (out.indexOf(at) < 0) out.push(at);
  });
  if (missing.length) {
    throw new ColumnError(
      source,
      'no column ' + missing.map((m) => JSON.stringify(m)).join(', ') + ' (--column); the columns are: ' + header.map((h) => JSON.stringify(h)).join(', '),
    );
  }
  // Header order, whatever order the options came in: indicators are listed as the row reads.
  return out.sort((x, y) => x - y);
}

/** `--column` names a column the CSV does not have: a usage error, reported with the header. */
export class ColumnError extends InputError {
  constructor(source: string, reason: string) {
    super(source, reason);
    this.name = 'ColumnError';
  }
}

/**
 * One row as an alert object: selected column name → cell (empty cells left out). With every
 * column selected, cells past the header are kept too (as "column N") rather than lost.
 */
export function rowObject(header: string[], columns: number[], fields: string[], all: boolean): Record<string, string> {
  var obj: Record<string, string> = {};
  for (var i = 0; i < columns.length; i++) {
    var v = fields[columns[i]];
    if (v !== undefined && v !== '') obj[header[columns[i]]] = v;
  }
  if (all) for (var j = header.length; j < fields.length; j++) if (fields[j] !== '') obj['column ' + (j + 1)] = fields[j];
  return obj;
}

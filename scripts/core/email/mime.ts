/**
 * MIME structure (RFC 2045/2046): a message becomes a tree of parts with parsed Content-Type and
 * Content-Disposition. Bodies stay undecoded byte strings here; transfer and charset decoding
 * happen when a part is read. Damage (missing boundaries, absurd nesting) becomes a warning and
 * the parser keeps whatever it can.
 */
import { getHeader, HeaderField, ParsedParams, parseParams, splitMessage } from './headers';

/** Multipart nesting beyond this is treated as an opaque leaf (a zip-bomb style defence). */
export var MAX_DEPTH = 24;
/** Parts beyond this many are not parsed further. */
export var MAX_PARTS = 1000;

/** One node of the MIME tree. */
export interface MimePart {
  /** IMAP-style section number: "" for the root message, "1", "2.1", ... */
  path: string;
  headers: HeaderField[];
  contentType: ParsedParams;
  /** Parsed Content-Disposition, when present. */
  disposition?: ParsedParams;
  /** Raw (undecoded) body as a byte string; empty for multiparts. */
  body: string;
  children: MimePart[];
}

/** Mutable parse state shared across one message. */
export interface ParseState {
  warnings: string[];
  parts: number;
}

/** "part 2.1" or "message" for the root, as used in warnings. */
export function partLabel(path: string): string {
  return path === '' ? 'message' : 'part ' + path;
}

/**
 * Splits a multipart body at its boundary delimiters (RFC 2046 §5.1.1): a delimiter is
 * `--boundary` at the start of a line followed by optional blanks and a line end, and
 * `--boundary--` closes. The line break before a delimiter belongs to the delimiter.
 */
export function splitMultipart(body: string, boundary: string): { parts: string[]; closed: boolean; found: boolean } {
  var delim = '--' + boundary;
  var parts: string[] = [];
  var start = -1; // start of the current part's content
  var pos = 0;
  var n = body.length;
  while (pos <= n) {
    var at = body.indexOf(delim, pos);
    if (at < 0) break;
    pos = at + delim.length;
    if (at > 0 && body.charAt(at - 1) !== '\n') continue; // not at line start
    var j = at + delim.length;
    var closing = body.substring(j, j + 2) === '--';
    if (closing) j += 2;
    while (j < n && (body.charAt(j) === ' ' || body.charAt(j) === '\t')) j++;
    if (j < n && body.charAt(j) !== '\r' && body.charAt(j) !== '\n') continue; // `--boundaryX`: a longer boundary
    var lineEnd = j;
    if (lineEnd < n && body.charAt(lineEnd) === '\r') lineEnd++;
    if (lineEnd < n && body.charAt(lineEnd) === '\n') lineEnd++;
    if (start >= 0) {
      var end = at;
      if (end > start && body.charAt(end - 1) === '\n') end--;
      if (end > start && body.charAt(end - 1) === '\r') end--;
      parts.push(body.substring(start, end));
    }
    if (closing) return { parts: parts, closed: true, found: true };
    start = lineEnd;
    pos = lineEnd;
  }
  if (start >= 0) parts.push(body.substring(start));
  return { parts: parts, closed: false, found: start >= 0 };
}

/** Parses a message or part (byte string) into a MIME tree; never throws on malformed input. */
export function parseMime(raw: string, path: string, depth: number, state: ParseState, defaultType?: string): MimePart {
  state.parts++;
  var split = splitMessage(raw);
  if (split.note) state.warnings.push(partLabel(path) + ': ' + split.note);
  var ctRaw = getHeader(split.headers, 'content-type');
  var ct = parseParams(ctRaw === undefined ? defaultType || 'text/plain' : ctRaw);
  if (ct.value.indexOf('/') < 0) {
    if (ctRaw !== undefined) state.warnings.push(partLabel(path) + ': invalid content-type "' + ct.value + '", read as text/plain');
    ct = { value: 'text/plain', params: ct.params };
  }
  var cdRaw = getHeader(split.headers, 'content-disposition');
  var part: MimePart = {
    path: path,
    headers: split.headers,
    contentType: ct,
    disposition: cdRaw === undefined ? undefined : parseParams(cdRaw),
    body: split.body,
    children: []
  };
  if (ct.value.substring(0, 10) !== 'multipart/') return part;
  var boundary = ct.params['boundary'];
  if (boundary === undefined || boundary === '') {
    state.warnings.push(partLabel(path) + ': ' + ct.value + ' without boundary, read as text/plain');
    part.contentType = { value: 'text/plain', params: {} };
    return part;
  }
  if (depth >= MAX_DEPTH) {
    state.warnings.push(partLabel(path) + ': multipart nesting deeper than ' + MAX_DEPTH + ', not parsed further');
    return part;
  }
  var res = splitMultipart(split.body, boundary);
  if (!res.found) {
    state.warnings.push(partLabel(path) + ': boundary "' + boundary + '" never found, body read as text/plain');
    part.contentType = { value: 'text/plain', params: {} };
    return part;
  }
  if (!res.closed) state.warnings.push(partLabel(path) + ': missing closing boundary "--' + boundary + '--"');
  part.body = '';
  // multipart/digest parts default to message/rfc822 (RFC 2046 §5.1.5).
  var childDefault = ct.value === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  for (var i = 0; i < res.parts.length; i++) {
    if (state.parts >= MAX_PARTS) {
      state.warnings.push(partLabel(path) + ': more than ' + MAX_PARTS + ' MIME parts, the rest skipped');
      break;
    }
    var childPath = path === '' ? String(i + 1) : path + '.' + (i + 1);
    part.children.push(parseMime(res.parts[i], childPath, depth + 1, state, childDefault));
  }
  return part;
}

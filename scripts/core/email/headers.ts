/**
 * Header block parsing (RFC 5322 §2.2): split header/body, unfold, decode RFC 2047 encoded-words,
 * and parse structured parameters (Content-Type / Content-Disposition, with RFC 2231 `name*`).
 * Input is a byte string (chars 0..255); 8-bit header text is taken as UTF-8 (RFC 6532) when valid.
 */
import { base64Decode, binaryStringToBytes, utf8Decode } from '../bytes';
import { canonicalCharset, decodeText, decodeWith, isValidUtf8 } from './charset';

/** One header field, unfolded, value still raw (byte string, encoded-words not decoded). */
export interface HeaderField {
  /** Field name as written. */
  name: string;
  /** Lower-cased name for lookups. */
  key: string;
  value: string;
}

/** A header block and where its body starts. */
export interface SplitMessage {
  headers: HeaderField[];
  body: string;
  /** Set when the input did not look like a header block at all, or it ended oddly. */
  note?: string;
}

/** A field name per RFC 5322: printable ASCII except ':'; checked by hand to stay regex-free. */
function fieldNameEnd(line: string): number {
  var i = 0;
  while (i < line.length) {
    var c = line.charCodeAt(i);
    if (c === 58) break;
    if (c <= 32 || c >= 127) return -1;
    i++;
  }
  if (i === 0 || i >= line.length) return -1;
  return i;
}

/**
 * Splits a message (or MIME part) into unfolded header fields and body. The header block ends at
 * the first empty line; a line that is neither a field nor a continuation also ends it (that line
 * starts the body, as in Python's email package). A part that begins with a blank line has no
 * headers, which is legal for MIME parts.
 */
export function splitMessage(raw: string): SplitMessage {
  var headers: HeaderField[] = [];
  var pos = 0;
  var n = raw.length;
  var note: string | undefined;
  // mbox "From " envelope line.
  if (raw.substring(0, 5) === 'From ') {
    var nl0 = raw.indexOf('\n');
    pos = nl0 < 0 ? n : nl0 + 1;
  }
  var current: HeaderField | null = null;
  var values: string[] = [];
  function close() {
    if (current !== null) {
      current.value = values.join('').replace(/^[ \t]+|[ \t]+$/g, '');
      headers.push(current);
    }
    current = null;
    values = [];
  }
  while (pos < n) {
    var nl = raw.indexOf('\n', pos);
    var end = nl < 0 ? n : nl;
    var next = nl < 0 ? n : nl + 1;
    var line = raw.substring(pos, end);
    if (line.length > 0 && line.charAt(line.length - 1) === '\r') line = line.substring(0, line.length - 1);
    if (line === '') {
      close();
      return { headers: headers, body: raw.substring(next), note: note };
    }
    var first = line.charAt(0);
    if ((first === ' ' || first === '\t') && current !== null) {
      values.push(line); // unfolding: drop the CRLF, keep the whitespace
      pos = next;
      continue;
    }
    var colon = fieldNameEnd(line);
    if (colon < 0) {
      close();
      if (headers.length === 0) return { headers: headers, body: raw.substring(pos), note: 'no header block found, read as a plain-text body' };
      return { headers: headers, body: raw.substring(pos), note: 'header block ended by a non-header line' };
    }
    close();
    var name = line.substring(0, colon).replace(/[ \t]+$/, '');
    current = { name: name, key: name.toLowerCase(), value: '' };
    values.push(line.substring(colon + 1));
    pos = next;
  }
  close();
  if (headers.length > 0) note = 'message has headers but no body';
  return { headers: headers, body: '', note: note };
}

/** First value of a header (case-insensitive), or undefined. */
export function getHeader(headers: HeaderField[], key: string): string | undefined {
  for (var i = 0; i < headers.length; i++) if (headers[i].key === key) return headers[i].value;
  return undefined;
}

/** Decodes 8-bit header bytes: UTF-8 when valid (RFC 6532), else Windows-1252. */
export function decodeRawHeader(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  var bytes = binaryStringToBytes(value);
  return isValidUtf8(bytes) ? utf8Decode(bytes) : decodeText(bytes, 'windows-1252').text;
}

function decodeQWord(s: string): number[] {
  var out: number[] = [];
  for (var i = 0; i < s.length; i++) {
    var ch = s.charAt(i);
    if (ch === '_') out.push(32);
    else if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(s.substring(i + 1, i + 3))) {
      out.push(parseInt(s.substring(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return out;
}

var ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g;

/**
 * Decodes RFC 2047 encoded-words in an unstructured or structured header value. Whitespace between
 * adjacent encoded-words is dropped, and adjacent words in the same charset are decoded together so
 * a multi-byte character split across two words survives. Unknown charsets decode as UTF-8 and are
 * reported through `notes`.
 */
export function decodeHeaderValue(value: string, notes?: string[]): string {
  var out: string[] = [];
  var last = 0;
  var pendingBytes: number[] = [];
  var pendingCharset = '';
  var m: RegExpExecArray | null;
  function flush() {
    if (pendingBytes.length === 0 && pendingCharset === '') return;
    var cs = canonicalCharset(pendingCharset);
    if (cs === null && notes) notes.push('unknown charset ' + pendingCharset + ' in encoded-word, decoded as utf-8');
    out.push(decodeWith(pendingBytes, cs === null ? 'utf-8' : cs));
    pendingBytes = [];
    pendingCharset = '';
  }
  ENCODED_WORD.lastIndex = 0;
  while ((m = ENCODED_WORD.exec(value)) !== null) {
    var between = value.substring(last, m.index);
    var adjacent = pendingCharset !== '' && /^[ \t\r\n]*$/.test(between);
    if (!adjacent) {
      flush();
      out.push(decodeRawHeader(between));
    }
    var charset = m[1].toLowerCase();
    var star = charset.indexOf('*');
    if (star >= 0) charset = charset.substring(0, star);
    if (pendingCharset !== '' && pendingCharset !== charset) flush();
    pendingCharset = charset;
    var bytes = m[2] === 'B' || m[2] === 'b' ? base64Decode(m[3]) : decodeQWord(m[3]);
    for (var i = 0; i < bytes.length; i++) pendingBytes.push(bytes[i]);
    last = m.index + m[0].length;
  }
  flush();
  out.push(decodeRawHeader(value.substring(last)));
  return out.join('');
}

/** A parsed structured header: `type/subtype; a=1; b="2"` → value and lower-cased parameter map. */
export interface ParsedParams {
  /** Main value, lower-cased and trimmed (`multipart/mixed`, `attachment`). */
  value: string;
  params: { [name: string]: string };
}

function pctDecode(s: string): number[] {
  var out: number[] = [];
  for (var i = 0; i < s.length; i++) {
    if (s.charAt(i) === '%' && /^[0-9A-Fa-f]{2}$/.test(s.substring(i + 1, i + 3))) {
      out.push(parseInt(s.substring(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i) & 0xff);
  }
  return out;
}

/**
 * Parses a Content-Type / Content-Disposition value. Handles quoted strings with backslash escapes,
 * RFC 2231 extended (`name*=utf-8''%E2%82%AC.pdf`) and continued (`name*0*=`, `name*1=`) parameters,
 * and the non-standard but common RFC 2047 encoded-words inside quoted file names.
 */
export function parseParams(raw: string): ParsedParams {
  var n = raw.length;
  var i = 0;
  while (i < n && raw.charAt(i) !== ';') i++;
  var value = raw.substring(0, i).replace(/^\s+|\s+$/g, '').toLowerCase();
  var simple: { [name: string]: string } = {};
  // RFC 2231 sections: base name → index → [text, extended?]
  var sections: { [name: string]: { [idx: string]: { text: string; ext: boolean } } } = {};
  while (i < n) {
    i++; // skip ';'
    while (i < n && /[\s;]/.test(raw.charAt(i))) i++;
    var ns = i;
    while (i < n && raw.charAt(i) !== '=' && raw.charAt(i) !== ';') i++;
    var pname = raw.substring(ns, i).replace(/\s+$/, '').toLowerCase();
    if (i >= n || raw.charAt(i) === ';') continue; // attribute without value
    i++; // '='
    while (i < n && (raw.charAt(i) === ' ' || raw.charAt(i) === '\t')) i++;
    var pval: string;
    if (raw.charAt(i) === '"') {
      var buf: string[] = [];
      i++;
      while (i < n && raw.charAt(i) !== '"') {
        if (raw.charAt(i) === '\\' && i + 1 < n) i++;
        buf.push(raw.charAt(i));
        i++;
      }
      i++; // closing quote (or past the end)
      pval = buf.join('');
      while (i < n && raw.charAt(i) !== ';') i++;
    } else {
      var vs = i;
      while (i < n && raw.charAt(i) !== ';') i++;
      pval = raw.substring(vs, i).replace(/\s+$/, '');
    }
    if (pname === '') continue;
    var m = /^([^*]+)\*(\d*)(\*?)$/.exec(pname);
    if (m !== null) {
      var base = m[1];
      var idx = m[2] === '' ? '0' : m[2];
      var ext = m[2] === '' ? true : m[3] === '*';
      if (!sections.hasOwnProperty(base)) sections[base] = {};
      sections[base][idx] = { text: pval, ext: ext };
    } else if (!simple.hasOwnProperty(pname)) simple[pname] = pval;
  }
  var params: { [name: string]: string } = {};
  for (var k in simple) if (simple.hasOwnProperty(k)) params[k] = decodeHeaderValue(simple[k]);
  for (var b in sections) {
    if (!sections.hasOwnProperty(b)) continue;
    var secs = sections[b];
    var bytes: number[] = [];
    var charset = '';
    for (var s = 0; secs.hasOwnProperty(String(s)); s++) {
      var sec = secs[String(s)];
      var text = sec.text;
      if (sec.ext && s === 0) {
        var q1 = text.indexOf("'");
        var q2 = q1 < 0 ? -1 : text.indexOf("'", q1 + 1);
        if (q2 >= 0) {
          charset = text.substring(0, q1);
          text = text.substring(q2 + 1);
        }
      }
      var part = sec.ext ? pctDecode(text) : binaryStringToBytes(text);
      for (var j = 0; j < part.length; j++) bytes.push(part[j]);
    }
    // RFC 2231 wins over a plain parameter of the same name.
    params[b] = decodeText(bytes, charset === '' ? undefined : charset).text;
  }
  return { value: value, params: params };
}

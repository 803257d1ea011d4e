/**
 * Charset decoding for mail bodies and headers. Only what phishing mail actually uses is built in
 * (UTF-8, US-ASCII, Latin-1 / Windows-1252, Latin-9); anything else decodes as UTF-8 with U+FFFD
 * and the caller records a warning, so an exotic label never loses the ASCII IOCs around it.
 */
import { utf8Decode } from '../bytes';

/** Windows-1252 code points for bytes 0x80..0x9f (WHATWG table; unassigned bytes map to C1 controls). */
var CP1252 = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
];

/** ISO-8859-15 differs from Latin-1 at eight positions. */
var LATIN9: { [b: number]: number } = { 0xa4: 0x20ac, 0xa6: 0x160, 0xa8: 0x161, 0xb4: 0x17d, 0xb8: 0x17e, 0xbc: 0x152, 0xbd: 0x153, 0xbe: 0x178 };

/** The decoders we implement, keyed by canonical name. */
export type CharsetName = 'utf-8' | 'windows-1252' | 'iso-8859-15';

/**
 * Canonical decoder for a MIME charset label, or null when unsupported. Latin-1 labels map to
 * Windows-1252 as in WHATWG Encoding and every mail client: mislabelled cp1252 is the norm.
 */
export function canonicalCharset(label: string): CharsetName | null {
  var l = label.toLowerCase().replace(/^\s+|\s+$/g, '').replace(/^"|"$/g, '');
  var star = l.indexOf('*'); // RFC 2231 language suffix: utf-8*en
  if (star >= 0) l = l.substring(0, star);
  if (l === 'utf-8' || l === 'utf8' || l === 'us-ascii' || l === 'ascii' || l === 'ansi_x3.4-1968' || l === 'unicode-1-1-utf-8' || l === 'x-unknown' || l === '')
    return 'utf-8';
  if (
    l === 'iso-8859-1' || l === 'iso8859-1' || l === 'iso_8859-1' || l === 'latin1' || l === 'latin-1' || l === 'l1' ||
    l === 'cp819' || l === 'ibm819' || l === 'windows-1252' || l === 'cp1252' || l === 'x-cp1252' || l === 'iso-ir-100'
  )
    return 'windows-1252';
  if (l === 'iso-8859-15' || l === 'iso8859-15' || l === 'iso_8859-15' || l === 'latin9' || l === 'latin-9' || l === 'l9') return 'iso-8859-15';
  return null;
}

/** Decodes single-byte charsets; chunked because String.fromCharCode.apply has argument limits. */
function decodeSingleByte(bytes: number[], charset: CharsetName): string {
  var parts: string[] = [];
  var chunk: number[] = [];
  for (var i = 0; i < bytes.length; i++) {
    var b = bytes[i] & 0xff;
    var cp = b;
    if (charset === 'windows-1252' && b >= 0x80 && b < 0xa0) cp = CP1252[b - 0x80];
    else if (charset === 'iso-8859-15' && LATIN9[b] !== undefined) cp = LATIN9[b];
    chunk.push(cp);
    if (chunk.length >= 4096) {
      parts.push(String.fromCharCode.apply(null, chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCharCode.apply(null, chunk));
  return parts.join('');
}

/** Decodes `bytes` with a canonical charset. */
export function decodeWith(bytes: number[], charset: CharsetName): string {
  return charset === 'utf-8' ? utf8Decode(bytes) : decodeSingleByte(bytes, charset);
}

/** True when every byte sequence is well-formed UTF-8 (pure ASCII included). */
export function isValidUtf8(bytes: number[]): boolean {
  var i = 0;
  var n = bytes.length;
  while (i < n) {
    var b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    var need = b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= n) return false;
    var cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (var k = 1; k <= need; k++) {
      var c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 63);
    }
    if ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) return false;
    i += need + 1;
  }
  return true;
}

/** Result of decoding text whose charset may be missing or unknown. */
export interface CharsetResult {
  text: string;
  /** Set when the label was not honoured as written; the caller turns it into a warning. */
  note?: string;
}

/**
 * Decodes text bytes by their declared charset. Unknown labels fall back to UTF-8 (with U+FFFD);
 * a missing label means UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252, the usual
 * encoding of unlabelled 8-bit mail.
 */
export function decodeText(bytes: number[], label: string | undefined): CharsetResult {
  if (label === undefined || label === '') {
    if (isValidUtf8(bytes)) return { text: utf8Decode(bytes) };
    return { text: decodeSingleByte(bytes, 'windows-1252'), note: 'no charset and not valid UTF-8, decoded as windows-1252' };
  }
  var cs = canonicalCharset(label);
  if (cs === null) return { text: utf8Decode(bytes), note: 'unknown charset ' + label + ', decoded as utf-8' };
  return { text: decodeWith(bytes, cs) };
}

/** Byte string (chars 0..255) from bytes, chunked for String.fromCharCode.apply. */
export function bytesToBinaryString(bytes: number[]): string {
  var parts: string[] = [];
  for (var i = 0; i < bytes.length; i += 4096) parts.push(String.fromCharCode.apply(null, bytes.slice(i, i + 4096)));
  return parts.join('');
}

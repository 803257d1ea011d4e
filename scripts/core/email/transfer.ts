/**
 * Content-Transfer-Encoding decoding (RFC 2045 §6) from a byte string (chars 0..255) to bytes.
 * Lenient like real mail clients: damaged input decodes as far as it can and returns a note
 * instead of failing, because a half-decoded phishing body still carries IOCs.
 */
import { base64Decode, binaryStringToBytes } from '../bytes';

/** Decoded bytes plus an optional note for the warnings list. */
export interface TransferResult {
  bytes: number[];
  note?: string;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Quoted-printable: `=XX` escapes (either case), `=` + optional trailing blanks + line break is a
 * soft break. A stray `=` is kept literally, as RFC 2045 recommends.
 */
export function decodeQuotedPrintable(s: string): TransferResult {
  var out: number[] = [];
  var bad = 0;
  var n = s.length;
  for (var i = 0; i < n; i++) {
    var c = s.charCodeAt(i) & 0xff;
    if (c !== 61) {
      out.push(c);
      continue;
    }
    var h1 = i + 1 < n ? hexVal(s.charCodeAt(i + 1)) : -1;
    var h2 = i + 2 < n ? hexVal(s.charCodeAt(i + 2)) : -1;
    if (h1 >= 0 && h2 >= 0) {
      out.push(h1 * 16 + h2);
      i += 2;
      continue;
    }
    var j = i + 1;
    while (j < n && (s.charAt(j) === ' ' || s.charAt(j) === '\t')) j++;
    if (j < n && s.charAt(j) === '\r') j++;
    if (j < n && s.charAt(j) === '\n') {
      i = j; // soft line break
      continue;
    }
    if (j >= n) {
      i = n; // "=" at the very end: soft break before EOF
      continue;
    }
    bad++;
    out.push(c);
  }
  return bad > 0 ? { bytes: out, note: bad + ' invalid quoted-printable escape(s) kept literally' } : { bytes: out };
}

/**
 * Base64, skipping whitespace. Characters outside the alphabet are skipped too (reported), and a
 * dangling final 6-bit group is dropped (reported): what is left is still the recoverable prefix.
 */
export function decodeBase64Body(s: string): TransferResult {
  var invalid = 0;
  var data = 0;
  var sawPad = false;
  var afterPad = 0;
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (c === 61) {
      sawPad = true;
      continue;
    }
    var ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) invalid++;
    else if (sawPad) afterPad++;
    else data++;
  }
  // bytes.ts's decoder stops at the first '=' and skips non-alphabet chars; strip what it would misread.
  var cleaned = invalid > 0 ? s.replace(/[^A-Za-z0-9+\/=]+/g, '') : s;
  var bytes = base64Decode(cleaned);
  var notes: string[] = [];
  if (invalid > 0) notes.push(invalid + ' invalid base64 character(s) skipped');
  if (data % 4 === 1) notes.push('truncated base64 (dangling ' + (data % 4) + ' character)');
  if (afterPad > 0) notes.push('base64 data after padding ignored');
  return notes.length > 0 ? { bytes: bytes, note: notes.join('; ') } : { bytes: bytes };
}

/**
 * Decodes a part body by its Content-Transfer-Encoding. 7bit/8bit/binary and unknown encodings
 * pass through (unknown ones with a note).
 */
export function decodeTransfer(body: string, encoding: string | undefined): TransferResult {
  var enc = (encoding || '').toLowerCase().replace(/^\s+|\s+$/g, '');
  if (enc === 'base64') return decodeBase64Body(body);
  if (enc === 'quoted-printable') return decodeQuotedPrintable(body);
  var bytes = binaryStringToBytes(body);
  if (enc === '' || enc === '7bit' || enc === '8bit' || enc === 'binary') return { bytes: bytes };
  return { bytes: bytes, note: 'unknown transfer encoding ' + enc + ', used as is' };
}

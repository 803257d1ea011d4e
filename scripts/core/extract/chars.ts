/** Character classes for the hand-written scanners (char codes, no regexes: linear and RE2-safe). */

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnum(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

export function isHex(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** Word character in the `\w` sense (used for "not glued to an identifier" boundaries). */
export function isWord(c: number): boolean {
  return isAlnum(c) || c === 95;
}

/**
 * A non-ASCII character that may appear in an IDN label: anything from U+00C0 up except
 * punctuation/symbol blocks, spaces, surrogates, private use and specials. An approximation of
 * IDNA's letter/digit classes that is cheap and keeps prose punctuation (“ ” – …) out of hosts.
 */
export function isIdnChar(c: number): boolean {
  if (c < 0xc0 || c === 0xd7 || c === 0xf7) return false;
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x2e00 && c <= 0x2e7f) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xd800 && c <= 0xf8ff) return false;
  if (c >= 0xfe00 && c <= 0xfe6f) return false;
  if (c >= 0xfeff && c <= 0xff20) return false;
  if (c >= 0xff3b && c <= 0xff40) return false;
  if (c >= 0xff5b && c <= 0xff65) return false;
  return c < 0xfff0;
}

/** A character of a DNS label as written (before punycode). */
export function isLabelChar(c: number): boolean {
  return isAlnum(c) || c === 45 || isIdnChar(c);
}

/** Characters of a "dotted run": labels, dots and `_` (so `Invoice_3425.zip` stays one token). */
export function isRunChar(c: number): boolean {
  return isLabelChar(c) || c === 46 || c === 95;
}

/** Whitespace including Unicode spaces and controls. */
export function isSpace(c: number): boolean {
  return c <= 32 || c === 0x7f || (c >= 0x80 && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Lower-case an ASCII letter code. */
export function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Case-insensitive comparison of `s` at `i` with lower-case ASCII `word`. */
export function matchAt(s: string, i: number, word: string): boolean {
  if (i < 0 || i + word.length > s.length) return false;
  for (var k = 0; k < word.length; k++) if (lower(s.charCodeAt(i + k)) !== word.charCodeAt(k)) return false;
  return true;
}

/** Optional deterministic work counter: scanners add the characters they visit. */
export interface Stats {
  steps: number;
}

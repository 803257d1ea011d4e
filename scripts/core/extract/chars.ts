/**
 * Character classes for the hand-written scanners (char codes, no regexes: linear and RE2-safe).
 * ASCII classes live in one 128-entry bit table (`CLS`); hot loops copy it into a local and test
 * `c < 128 ? CLS[c] & F : slowPath(c)`, so the common case is one array load per character.
 */

export var C_DIGIT = 1;
export var C_HEX = 2;
export var C_ALPHA = 4;
/** DNS label character as written: alnum or `-` (non-ASCII: isIdnChar). */
export var C_LABEL = 8;
/** Dotted-run character: label, `.` or `_`. */
export var C_RUN = 16;
/** IPv6 candidate character: hex, `:` or `.`. */
export var C_V6 = 32;
/** Email local-part character: alnum `. _ % + - =`. */
export var C_LOCAL = 64;
/** `\w`: alnum or `_`. */
export var C_WORD = 128;
export var C_SPACE = 256;
/** Ends a URL (ASCII part): whitespace, quotes, `<>`, backtick, `|\^{}`. */
export var C_URLEND = 512;
/** A character the refang pass must look at: `[ ( { . \ space h H f F`. */
export var C_REFANG = 1024;
export var C_ALNUM = 2048;

/**
 * The class bits of every ASCII code, as a literal: building it with a loop at module load cost
 * ~3 ms per command in XSOAR's interpreter, which reloads the script each time. The rules it
 * encodes are spelled out in test/extract/chars.test.ts, which checks this table against them.
 */
// prettier-ignore
export var CLS: number[] = [
  768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768,
  768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768, 768,
  1792, 0, 512, 0, 0, 64, 0, 512, 1024, 0, 0, 64, 0, 88, 1136, 0,
  2299, 2299, 2299, 2299, 2299, 2299, 2299, 2299, 2299, 2299, 32, 0, 512, 64, 512, 0,
  0, 2302, 2302, 2302, 2302, 2302, 3326, 2268, 3292, 2268, 2268, 2268, 2268, 2268, 2268, 2268,
  2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 1024, 1536, 0, 512, 208,
  512, 2302, 2302, 2302, 2302, 2302, 3326, 2268, 3292, 2268, 2268, 2268, 2268, 2268, 2268, 2268,
  2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 2268, 1536, 512, 512, 0, 768
];

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnum(c: number): boolean {
  return c < 128 && (CLS[c] & C_ALNUM) !== 0;
}

export function isHex(c: number): boolean {
  return c < 128 && (CLS[c] & C_HEX) !== 0;
}

/** Word character in the `\w` sense (used for "not glued to an identifier" boundaries). */
export function isWord(c: number): boolean {
  return c < 128 && (CLS[c] & C_WORD) !== 0;
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
  return c < 128 ? (CLS[c] & C_LABEL) !== 0 : isIdnChar(c);
}

/** Characters of a "dotted run": labels, dots and `_` (so `Invoice_3425.zip` stays one token). */
export function isRunChar(c: number): boolean {
  return c < 128 ? (CLS[c] & C_RUN) !== 0 : isIdnChar(c);
}

/** Whitespace including Unicode spaces and controls. */
export function isSpace(c: number): boolean {
  if (c < 128) return (CLS[c] & C_SPACE) !== 0;
  return c <= 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Lower-case an ASCII letter code. */
export function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Case-insensitive comparison of `s` at `i` with lower-case ASCII `word`. */
export function matchAt(s: Text, i: number, word: string): boolean {
  if (i < 0 || i + word.length > s.length) return false;
  for (var k = 0; k < word.length; k++) {
    var c = s.charCodeAt(i + k);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Optional deterministic work counter: scanners add the characters they visit. */
export interface Stats {
  steps: number;
}

/**
 * The only string operations the scanners use on the text being scanned. A native string is a
 * Text wherever strings are UTF-16 (V8, goja, …). In otto (XSOAR's Go ES5 interpreter) they are
 * not: `indexOf`/`substring`/`slice` count UTF-8 bytes on non-ASCII strings, `length`/`charCodeAt`
 * count code points (astral characters truncated to 16 bits), and every `charCodeAt` call costs
 * O(length). There the text is wrapped in a code-unit array view (see docs/xsoar-build.md).
 */
export interface Text {
  length: number;
  charCodeAt(i: number): number;
  substring(start: number, end?: number): string;
  indexOf(needle: string, from?: number): number;
  /** The code units, on a code-unit view only. */
  codes?: number[];
}

/** True when native strings index by UTF-16 code unit (feature test, not engine sniffing). */
export var NATIVE_UTF16 = (function () {
  var p = String.fromCharCode(0xe9, 0xd83d, 0xde00, 0x2e, 0x78);
  return p.length === 5 && p.charCodeAt(2) === 0xde00 && p.indexOf('.') === 3 && p.substring(3, 4) === '.' && p.slice(4) === 'x';
})();

/** Highest BMP character as a runtime string (otto mangles `\uXXXX` surrogate escapes in literals). */
var MAX_BMP = String.fromCharCode(0xffff);

/** UTF-16 code units of one code point given as a 4-byte UTF-8 `%XX%XX%XX%XX` escape, else U+FFFD. */
function astralUnits(ch: string, out: number[]): void {
  var cp = -1;
  try {
    var e = encodeURIComponent(ch);
    if (e.length === 12) {
      cp = ((parseInt(e.substring(1, 3), 16) & 7) << 18) | ((parseInt(e.substring(4, 6), 16) & 63) << 12) | ((parseInt(e.substring(7, 9), 16) & 63) << 6) | (parseInt(e.substring(10, 12), 16) & 63);
    }
  } catch (x) {
    cp = -1;
  }
  if (cp < 0x10000 || cp > 0x10ffff) {
    out.push(0xfffd);
    return;
  }
  cp -= 0x10000;
  out.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023));
}

/**
 * UTF-16 code units of `s`, computed with operations that are correct in every engine: `split('')`
 * yields code units (UTF-16 engines) or code points (otto); a code point above U+FFFF is
 * re-encoded as a surrogate pair; otto's NaN for U+FFFD becomes 0xFFFD. Each distinct character
 * is decoded once (a property lookup is several times cheaper than a `charCodeAt` call in otto).
 */
export function codeUnits(s: string): number[] {
  var out: number[] = [];
  var parts = s.split('');
  var seen: { [ch: string]: number } = {};
  for (var i = 0; i < parts.length; i++) {
    var ch = parts[i];
    var c = seen[ch];
    if (c === undefined) {
      if (ch > MAX_BMP) {
        astralUnits(ch, out);
        continue;
      }
      c = ch.charCodeAt(0);
      seen[ch] = c = c === c ? c : 0xfffd;
    }
    out.push(c);
  }
  return out;
}

/** A Text over an array of UTF-16 code units; `substring` rebuilds strings with fromCharCode. */
export function CodeText(codes: number[]): Text {
  var len = codes.length;
  function substring(start: number, end?: number): string {
    var n = codes.length;
    var s = start !== start || start < 0 ? 0 : start > n ? n : Math.floor(start);
    var e = end === undefined ? n : end !== end || end < 0 ? 0 : end > n ? n : Math.floor(end);
    if (s > e) {
      var t = s;
      s = e;
      e = t;
    }
    var parts: string[] = [];
    for (var k = s; k < e; k += 4096) parts.push(String.fromCharCode.apply(null, codes.slice(k, k + 4096 < e ? k + 4096 : e)));
    return parts.join('');
  }
  function indexOf(needle: string, from?: number): number {
    var m = needle.length;
    var n = codes.length;
    var i = from === undefined || from !== from || from < 0 ? 0 : Math.floor(from);
    if (!m) return i < n ? i : n;
    var f = needle.charCodeAt(0);
    // The first unit is found by the engine's own Array#indexOf: a native loop, not an interpreted one.
    for (; ; i++) {
      i = codes.indexOf(f, i);
      if (i < 0 || i + m > n) return -1;
      var k = 1;
      while (k < m && codes[i + k] === needle.charCodeAt(k)) k++;
      if (k === m) return i;
    }
  }
  return {
    codes: codes,
    length: codes.length,
    charCodeAt: function (i: number): number {
      return i >= 0 && i < len ? codes[i] : NaN;
    },
    substring: substring,
    indexOf: indexOf
  };
}

/** Any character outside ASCII (one native regex scan; RE2-safe). */
var NON_ASCII = /[^\x00-\x7f]/;

/**
 * Longest ASCII text scanned as a native string where strings are not UTF-16 (otto). On ASCII the
 * byte, code-point and code-unit indexes agree, so every Text operation is right; only the cost
 * differs: an otto string method call is O(length) (it wraps the string), which makes the scan
 * quadratic, but building and reading the code-unit view costs ~30 µs per character against
 * ~2.5 µs native (prose, otto in the test host). Measured break-even for indicator-dense text is
 * near 16 K characters, for prose far above.
 */
export var NATIVE_ASCII_MAX = 16384;

/**
 * `s` itself where strings are UTF-16 or `s` is short ASCII, else a code-unit view. `force` (tests)
 * always gives the view.
 */
export function asText(s: string, force?: boolean): Text {
  if (force) return CodeText(codeUnits(s));
  if (NATIVE_UTF16 || (s.length <= NATIVE_ASCII_MAX && !NON_ASCII.test(s))) return s;
  return CodeText(codeUnits(s));
}

/**
 * Refanging: one left-to-right pass over the original text that rewrites defanged notation
 * (`hxxp`, `[.]`, `(dot)`, `[@]`, `[:]`, `\.`, JSON `\/`, …) and records every rewrite as an edit.
 * The edits let every scanner work on plain text while offsets and `raw` still point into the
 * original. Edits are sparse (most text has none), so the map costs nothing on clean input.
 */
import { asText, CodeText, isIdnChar, isSpace, matchAt, NATIVE_UTF16, Stats, Text } from './chars';
import * as chars from './chars';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_ALNUM = chars.C_ALNUM, C_LABEL = chars.C_LABEL, C_LOCAL = chars.C_LOCAL, C_REFANG = chars.C_REFANG, CLS = chars.CLS;

/** One rewrite: original `[t0, t1)` became refanged `[r0, r1)`. */
export interface Edit {
  t0: number;
  t1: number;
  r0: number;
  r1: number;
  /** False for pure unescaping (JSON `\/`), which is not a defang. */
  defang: boolean;
}

export interface Refanged {
  text: Text;
  edits: Edit[];
}

/** Local-part characters of an email address as we accept them. */
export function isLocalChar(c: number): boolean {
  return c < 128 && (CLS[c] & C_LOCAL) !== 0;
}

function isLabelChar(c: number): boolean {
  return c < 128 ? (CLS[c] & C_LABEL) !== 0 : isIdnChar(c);
}

function isAlnum(c: number): boolean {
  return c < 128 && (CLS[c] & C_ALNUM) !== 0;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function closerOf(c: number): number {
  return c === 91 ? 93 : c === 40 ? 41 : c === 123 ? 125 : -1;
}

/** Marker contents recognised inside `[]`, `()` or `{}`, longest first, and what they become. */
var MARKERS: [string, string][] = [
  ['dot', '.'],
  ['://', '://'],
  [':/', ':/'],
  ['//', '//'],
  ['at', '@'],
  ['.', '.'],
  [':', ':'],
  ['/', '/'],
  ['@', '@']
];

/** True when a label (and only a label) ends right before `i` in `t`, possibly after one space. */
function labelBefore(t: Text, i: number, allowSpace: boolean): number {
  if (i > 0 && isLabelChar(t.charCodeAt(i - 1))) return i;
  if (allowSpace && i > 1 && t.charCodeAt(i - 1) === 32 && isLabelChar(t.charCodeAt(i - 2))) return i - 1;
  return -1;
}

function labelAfter(t: Text, j: number, allowSpace: boolean): number {
  if (j < t.length && isLabelChar(t.charCodeAt(j))) return j;
  if (allowSpace && j + 1 < t.length && t.charCodeAt(j) === 32 && isLabelChar(t.charCodeAt(j + 1))) return j + 1;
  return -1;
}

/** Bounded scan over a label backwards from `i` (exclusive); returns its start. */
function labelStart(t: Text, i: number): number {
  var k = i;
  while (k > 0 && i - k < 63 && isLabelChar(t.charCodeAt(k - 1))) k--;
  return k;
}

function labelEnd(t: Text, j: number): number {
  var k = j;
  while (k < t.length && k - j < 63 && isLabelChar(t.charCodeAt(k))) k++;
  return k;
}

function isOpener(c: number): boolean {
  return c === 91 || c === 40 || c === 123;
}

/**
 * Space-delimited ` dot ` is prose-prone ("the dot com bubble"), so it is refanged only with
 * corroboration: a chain (`a dot b dot c`), another defang marker or `://`/`@` right before the
 * first label or right after the next one, or a previous label containing a digit or hyphen.
 */
function spacedDotOk(t: Text, i: number): boolean {
  var ls = labelStart(t, i);
  var prev = t.charCodeAt(ls - 1);
  if (ls >= 5 && matchAt(t, ls - 5, ' dot ')) return true;
  if (prev === 93 || prev === 41 || prev === 125 || prev === 47 || prev === 64) return true;
  if (prev === 32 && ls >= 2) {
    var p2 = t.charCodeAt(ls - 2);
    if (p2 === 93 || p2 === 41 || p2 === 125) return true;
  }
  for (var k = ls; k < i; k++) {
    var c = t.charCodeAt(k);
    if (c === 45 || (c >= 48 && c <= 57)) return true;
  }
  var le = labelEnd(t, i + 5);
  if (matchAt(t, le, ' dot ')) return true;
  if (isOpener(t.charCodeAt(le))) return true;
  if (t.charCodeAt(le) === 32 && isOpener(t.charCodeAt(le + 1))) return true;
  return false;
}

/** Defanged scheme at `i` (`hxxp`, `hXXps`, `h**p`, `fxp`, `fxps`): returns [length, replacement]. */
function schemeAt(t: Text, i: number): [number, string] | null {
  var c0 = lower(t.charCodeAt(i));
  var len = 0;
  var base = '';
  if (c0 === 104) {
    var a = lower(t.charCodeAt(i + 1));
    var b = lower(t.charCodeAt(i + 2));
    if ((a === 120 || a === 116 || a === 42) && (b === 120 || b === 116 || b === 42) && !(a === 116 && b === 116) && lower(t.charCodeAt(i + 3)) === 112) {
      len = 4;
      base = 'http';
    }
  } else if (c0 === 102) {
    if (lower(t.charCodeAt(i + 1)) === 120 && lower(t.charCodeAt(i + 2)) === 112) {
      len = 3;
      base = 'ftp';
    }
  }
  if (!len) return null;
  if (lower(t.charCodeAt(i + len)) === 115) {
    len++;
    base += 's';
  }
  var next = t.charCodeAt(i + len);
  if (next !== 58 && next !== 91 && next !== 40) return null;
  return [len, base];
}

/**
 * Every position where the refang loop below can do anything (a superset): an opener or `\`, `.]`,
 * a space before `d`, `h`/`f` before `x t *`. Used only on native strings in engines whose strings
 * are not UTF-16 (otto), where asText hands over nothing but short ASCII, so regex indexes are
 * code-unit indexes; there one native search replaces a ~6 µs interpreted step per character.
 */
var CANDIDATE = /[\[({\\]|\.\]| [dD]|[hHfF][xXtT*]/g;

/** Refang `t`, recording edits. Never throws; cost is linear in `t.length`. */
export function refang(t: Text, stats?: Stats): Refanged {
  var cls = CLS;
  var edits: Edit[] = [];
  var parts: string[] = [];
  var copied = 0;
  var rlen = 0;
  var n = t.length;

  // On a code-unit view the result is assembled from code-unit slices: no string round trip.
  var codes = typeof t === 'string' ? undefined : t.codes;
  var segs: number[][] = [];

  function edit(t0: number, t1: number, repl: string, defang: boolean) {
    if (t0 > copied) {
      if (codes) segs.push(codes.slice(copied, t0));
      else parts.push(t.substring(copied, t0));
      rlen += t0 - copied;
    }
    if (codes) segs.push(asciiUnits(repl));
    else parts.push(repl);
    edits.push({ t0: t0, t1: t1, r0: rlen, r1: rlen + repl.length, defang: defang });
    rlen += repl.length;
    copied = t1;
  }

  var skip = !NATIVE_UTF16 && typeof t === 'string' ? CANDIDATE : null;
  for (var i = 0; i < n; i++) {
    if (skip) {
      skip.lastIndex = i;
      var hit = skip.exec(t as string);
      if (!hit) break;
      i = hit.index;
    }
    var c = t.charCodeAt(i);
    // Most characters can start no defang form: one table load and on.
    if (c >= 128 || !(cls[c] & C_REFANG)) continue;
    if (c === 91 || c === 40 || c === 123) {
      // Bracketed marker: [.] (dot) {.} [dot] [:] [://] [/] [@] (at) …, optional inner spaces.
      var close = closerOf(c);
      var j = i + 1;
      if (t.charCodeAt(j) === 32) j++;
      // Every marker starts with one of `d . : / a @` (any case): skip ordinary brackets at once.
      var m0 = t.charCodeAt(j) | 32;
      var m = m0 === 100 || m0 === 46 || m0 === 58 || m0 === 47 || m0 === 97 || m0 === 96 ? 0 : MARKERS.length;
      for (; m < MARKERS.length; m++) {
        var word = MARKERS[m][0];
        if (!matchAt(t, j, word)) continue;
        var k = j + word.length;
        if (t.charCodeAt(k) === 32) k++;
        if (t.charCodeAt(k) !== close) continue;
        var end = k + 1;
        var out = MARKERS[m][1];
        var from = -1;
        var to = -1;
        if (out === '.') {
          from = labelBefore(t, i, true);
          to = labelAfter(t, end, true);
        } else if (out === '@') {
          from = i > 0 && isLocalChar(t.charCodeAt(i - 1)) ? i : i > 1 && t.charCodeAt(i - 1) === 32 && isLocalChar(t.charCodeAt(i - 2)) ? i - 1 : -1;
          to = labelAfter(t, end, true);
        } else {
          from = i > 0 && !isSpace(t.charCodeAt(i - 1)) ? i : -1;
          to = end;
        }
        if (from >= copied && to >= 0) {
          edit(from, to, out, true);
          i = to - 1;
        }
        break;
      }
      // One-sided `[.` between labels (`evil[.com`).
      if (copied <= i && t.charCodeAt(i + 1) === 46 && c === 91 && labelBefore(t, i, false) >= 0 && labelAfter(t, i + 2, false) >= 0) {
        edit(i, i + 2, '.', true);
        i++;
      }
    } else if (c === 46 && t.charCodeAt(i + 1) === 93) {
      // One-sided `.]` between labels (`evil.]com`).
      if (labelBefore(t, i, false) >= 0 && labelAfter(t, i + 2, false) >= 0) {
        edit(i, i + 2, '.', true);
        i++;
      }
    } else if (c === 92) {
      var nx = t.charCodeAt(i + 1);
      if (nx === 47) {
        edit(i, i + 2, '/', false); // JSON-escaped slash
        i++;
      } else if (nx === 46 && labelBefore(t, i, false) >= 0 && labelAfter(t, i + 2, false) >= 0) {
        edit(i, i + 2, '.', true);
        i++;
      }
    } else if (c === 32) {
      var d1 = t.charCodeAt(i + 1);
      if ((d1 === 100 || d1 === 68) && matchAt(t, i + 1, 'dot') && t.charCodeAt(i + 4) === 32 && labelBefore(t, i, false) >= 0 && labelAfter(t, i + 5, false) >= 0 && spacedDotOk(t, i)) {
        edit(i, i + 5, '.', true);
        i += 4;
      }
    } else if ((c === 104 || c === 72 || c === 102 || c === 70) && (i === 0 || !isAlnum(t.charCodeAt(i - 1)))) {
      var n1 = t.charCodeAt(i + 1);
      if (n1 !== 120 && n1 !== 88 && n1 !== 116 && n1 !== 84 && n1 !== 42) continue;
      var sc = schemeAt(t, i);
      if (sc) {
        edit(i, i + sc[0], sc[1], true);
        i += sc[0] - 1;
      }
    }
  }
  if (stats) stats.steps += n;
  if (!edits.length) return { text: t, edits: edits };
  if (codes) {
    if (copied < n) segs.push(codes.slice(copied));
    return { text: CodeText(concatAll(segs)), edits: edits };
  }
  if (copied < n) parts.push(t.substring(copied));
  return { text: asText(parts.join('')), edits: edits };
}

/** Code units of an ASCII replacement (`.`, `://`, `https`…). */
function asciiUnits(s: string): number[] {
  var out: number[] = [];
  for (var i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
  return out;
}

/** Concatenation of many arrays in native calls, with a bounded argument count per call. */
function concatAll(segs: number[][]): number[] {
  var chunks: number[][] = [];
  for (var k = 0; k < segs.length; k += 1024) chunks.push(Array.prototype.concat.apply([], segs.slice(k, k + 1024)));
  return chunks.length === 1 ? chunks[0] : Array.prototype.concat.apply([], chunks);
}

/** Maps refanged positions back to the original text. */
export function Mapper(edits: Edit[]) {
  /** Index of the last edit with r0 <= p, or -1. */
  function find(p: number): number {
    var lo = 0;
    var hi = edits.length - 1;
    var ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (edits[mid].r0 <= p) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }
  return {
    /** Whether there is any edit at all (most texts have none). */
    any: edits.length > 0,
    /** Original index of the character at refanged position `p`. */
    start: function (p: number): number {
      var k = find(p);
      if (k < 0) return p;
      var e = edits[k];
      return p < e.r1 ? e.t0 : e.t1 + (p - e.r1);
    },
    /** Original exclusive end for a refanged exclusive end `q`. */
    end: function (q: number): number {
      if (q <= 0) return 0;
      var k = find(q - 1);
      if (k < 0) return q;
      var e = edits[k];
      return q - 1 < e.r1 ? e.t1 : e.t1 + (q - e.r1);
    },
    /** Whether any defang edit produced part of refanged `[s, e)`. */
    defanged: function (s: number, e: number): boolean {
      var k = find(s);
      if (k < 0) k = 0;
      for (; k < edits.length && edits[k].r0 < e; k++) if (edits[k].defang && edits[k].r1 > s) return true;
      return false;
    }
  };
}

export type MapperT = ReturnType<typeof Mapper>;

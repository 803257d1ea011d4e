/**
 * Bare domain and IPv4 scanner over maximal "dotted runs" (labels, dots, `_`). The whole run must
 * be the indicator — `java.io.IOException` is not `java.io`, `192.168.1.300` is not `192.168.1.30`,
 * `1.3.6.1.4.1` is not an address.
 */
import { bytesScope, parseIPv4 } from '../net/ip';
import { isAsciiLetter, isIdnChar, Stats, Text } from './chars';
import * as chars from './chars';
import { bareDomainOk, normaliseDomain } from './domain';
import { Hit, Span, SpanCursor } from './hit';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_RUN = chars.C_RUN, CLS = chars.CLS;

/** Words that make a following dotted quad a version number (`version 1.2.3.4`, `build: 10.0.1.2`). */
var VERSION_WORDS = ['version', 'ver', 'v', 'build', 'release', 'firmware', 'fw', 'rev'];
/** The same when they end a longer key (`ProductVersion:`, `FileVersion=`, `os_ver`, `OSBuild`). */
var KEY_WORDS = ['version', 'ver', 'build'];
/** A key may go on after its version word with one of these (`VersionNumber`, `build_str`). */
var KEY_SUFFIXES = ['number', 'num', 'no', 'nr', 'string', 'str', 'info'];

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function inList(w: string, list: string[]): boolean {
  for (var i = 0; i < list.length; i++) if (w === list[i]) return true;
  return false;
}

/**
 * Start of the last word of a key ending at `end`: letters back to a non-letter or a camelCase
 * boundary (`Product|Version`, `OS|Build`), at most 16 letters.
 */
function wordStart(r: Text, end: number): number {
  var j = end;
  while (j > 0 && end - j < 16) {
    var p = r.charCodeAt(j - 1);
    if (!isAsciiLetter(p)) break;
    if (j < end) {
      var c = r.charCodeAt(j);
      if (isUpper(c) && (isLowerLetter(p) || (isUpper(p) && j + 1 < end && isLowerLetter(r.charCodeAt(j + 1))))) break;
    }
    j--;
  }
  return j;
}

function afterVersionWord(r: Text, s: number): boolean {
  var k = s;
  var skipped = 0;
  // Separators: spaces, tabs, `:` and `=`, and the quotes and `>` of JSON/XML (`"FileVersion": "`).
  while (k > 0 && skipped < 4) {
    var c = r.charCodeAt(k - 1);
    if (c !== 32 && c !== 58 && c !== 61 && c !== 9 && c !== 34 && c !== 39 && c !== 62) break;
    k--;
    skipped++;
  }
  var we = k;
  while (k > 0 && we - k < 10 && isAsciiLetter(r.charCodeAt(k - 1))) k--;
  if (!(k > 0 && isAsciiLetter(r.charCodeAt(k - 1))) && inList(r.substring(k, we).toLowerCase(), VERSION_WORDS)) return true;
  // A longer key whose last word is version/ver/build, optionally followed by a suffix word.
  var ws = wordStart(r, we);
  if (ws === we) return false;
  var w = r.substring(ws, we).toLowerCase();
  if (inList(w, KEY_SUFFIXES) && ws > 0) {
    var q = ws;
    var pc = r.charCodeAt(q - 1);
    if (pc === 95 || pc === 45 || pc === 46) q--;
    else if (!isAsciiLetter(pc)) return false;
    ws = wordStart(r, q);
    w = r.substring(ws, q).toLowerCase();
  }
  return inList(w, KEY_WORDS);
}

export function scanHosts(r: Text, claimed: Span[], defanged: (s: number, e: number) => boolean, hits: Hit[], stats?: Stats): void {
  var cls = CLS;
  var cur = SpanCursor(claimed);
  var n = r.length;
  var from = 0;
  // A run without a dot is never an indicator: jump between dots, expand to the run around one.
  for (;;) {
    var p = r.indexOf('.', from);
    if (p < 0) break;
    var inside = cur.inside(p);
    if (inside >= 0) {
      from = inside;
      continue;
    }
    var lo = cur.prevEnd();
    if (lo < from) lo = from;
    var stop = cur.nextStart(p);
    var s = p;
    while (s > lo) {
      var cb = r.charCodeAt(s - 1);
      if (!(cb < 128 ? (cls[cb] & C_RUN) !== 0 : isIdnChar(cb))) break;
      s--;
    }
    var i = p + 1;
    for (; i < n && i < stop; i++) {
      var c = r.charCodeAt(i);
      if (!(c < 128 ? (cls[c] & C_RUN) !== 0 : isIdnChar(c))) break;
    }
    from = i;
    if (stats) stats.steps += i - s;
    var e = i;
    while (s < e && (r.charCodeAt(s) === 46 || r.charCodeAt(s) === 45)) s++;
    while (e > s && (r.charCodeAt(e - 1) === 46 || r.charCodeAt(e - 1) === 45)) e--;
    if (e - s < 3 || e - s > 1024) continue;
    // One pass over the run: `_` anywhere rejects it; digits and dots only (no empty label) is numeric.
    var numeric = true;
    var under = false;
    var dots = 0;
    var prev = 46;
    for (var k = s; k < e; k++) {
      var ck = r.charCodeAt(k);
      if (ck === 95) {
        under = true;
        break;
      }
      if (ck === 46) {
        if (prev === 46) numeric = false;
        dots++;
      } else if (ck < 48 || ck > 57) numeric = false;
      prev = ck;
    }
    if (under) continue;
    var bracket = s > 0 && r.charCodeAt(s - 1) === 91 && r.charCodeAt(e) === 93 && !(s > 1 && r.charCodeAt(s - 2) === 64);
    if (numeric) {
      if (dots !== 3) continue;
      var raw = r.substring(s, e);
      var b = parseIPv4(raw);
      if (!b || afterVersionWord(r, bracket ? s - 1 : s)) continue;
      hits.push({ type: 'ipv4', value: raw, s: s, e: e, scope: bytesScope(b), bracket: bracket || undefined });
      continue;
    }
    if (!dots) continue;
    raw = r.substring(s, e);
    var d = normaliseDomain(raw);
    if (d === null) continue;
    if (!bracket && !defanged(s, e) && !bareDomainOk(raw, d)) continue;
    hits.push({ type: 'domain', value: d, s: s, e: e, bracket: bracket || undefined });
  }
  if (stats) stats.steps += n;
}

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

function afterVersionWord(r: Text, s: number): boolean {
  var k = s;
  var skipped = 0;
  while (k > 0 && skipped < 3) {
    var c = r.charCodeAt(k - 1);
    if (c !== 32 && c !== 58 && c !== 61 && c !== 9) break;
    k--;
    skipped++;
  }
  var we = k;
  while (k > 0 && we - k < 10 && isAsciiLetter(r.charCodeAt(k - 1))) k--;
  if (k > 0 && isAsciiLetter(r.charCodeAt(k - 1))) return false;
  var w = r.substring(k, we).toLowerCase();
  for (var i = 0; i < VERSION_WORDS.length; i++) if (w === VERSION_WORDS[i]) return true;
  return false;
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

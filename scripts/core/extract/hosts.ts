/**
 * Bare domain and IPv4 scanner over maximal "dotted runs" (labels, dots, `_`). The whole run must
 * be the indicator — `java.io.IOException` is not `java.io`, `192.168.1.300` is not `192.168.1.30`,
 * `1.3.6.1.4.1` is not an address.
 */
import { ipScope, parseIPv4 } from '../net/ip';
import { isAsciiLetter, isDigit, isRunChar, Stats } from './chars';
import { bareDomainOk, normaliseDomain } from './domain';
import { Hit, Span, SpanCursor } from './hit';

/** Words that make a following dotted quad a version number (`version 1.2.3.4`, `build: 10.0.1.2`). */
var VERSION_WORDS = ['version', 'ver', 'v', 'build', 'release', 'firmware', 'fw', 'rev'];

function afterVersionWord(r: string, s: number): boolean {
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

function allDigits(s: string): boolean {
  if (!s.length) return false;
  for (var i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

export function scanHosts(r: string, claimed: Span[], defanged: (s: number, e: number) => boolean, hits: Hit[], stats?: Stats): void {
  var cur = SpanCursor(claimed);
  var n = r.length;
  var i = 0;
  while (i < n) {
    var c = r.charCodeAt(i);
    if (!isRunChar(c)) {
      i++;
      continue;
    }
    var inside = cur.inside(i);
    if (inside >= 0) {
      i = inside;
      continue;
    }
    var stop = cur.nextStart(i);
    var s = i;
    var dots = 0;
    while (i < n && i < stop && isRunChar(r.charCodeAt(i))) {
      if (r.charCodeAt(i) === 46) dots++;
      i++;
    }
    if (stats) stats.steps += i - s;
    if (!dots) continue;
    var e = i;
    while (s < e && (r.charCodeAt(s) === 46 || r.charCodeAt(s) === 45)) s++;
    while (e > s && (r.charCodeAt(e - 1) === 46 || r.charCodeAt(e - 1) === 45)) e--;
    if (e - s < 3 || e - s > 1024) continue;
    var raw = r.substring(s, e);
    if (raw.indexOf('_') >= 0) continue;
    var bracket = s > 0 && r.charCodeAt(s - 1) === 91 && r.charCodeAt(e) === 93 && !(s > 1 && r.charCodeAt(s - 2) === 64);
    var labels = raw.split('.');
    var numeric = true;
    for (var k = 0; k < labels.length && numeric; k++) numeric = allDigits(labels[k]);
    if (numeric) {
      if (labels.length !== 4) continue;
      var b = parseIPv4(raw);
      if (!b || afterVersionWord(r, bracket ? s - 1 : s)) continue;
      hits.push({ type: 'ipv4', value: raw, s: s, e: e, scope: ipScope('ipv4', raw), bracket: bracket || undefined });
      continue;
    }
    var d = normaliseDomain(raw);
    if (d === null) continue;
    if (!bracket && !defanged(s, e) && !bareDomainOk(raw, d)) continue;
    hits.push({ type: 'domain', value: d, s: s, e: e, bracket: bracket || undefined });
  }
}

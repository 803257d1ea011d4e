/**
 * IPv6 scanner: maximal runs of hex digits, `:` and `.` with at least two colons, bounded by
 * non-word characters, parsed strictly. Rejects code (`std::cout`, `[Convert]::From…`), bare `::`,
 * times (`23:06:41`), MAC addresses and colon-separated fingerprints. `IPv6:` mail literals work.
 */
import { bytesScope, formatIPv6, parseIPv6 } from '../net/ip';
import { isHex, isWord, matchAt, Stats } from './chars';
import { Hit, Span, SpanCursor } from './hit';

function isV6Char(c: number): boolean {
  return isHex(c) || c === 58 || c === 46;
}

/** Accept a parsed candidate `t` (text between s and e) only if it looks like an address. */
function plausible(t: string): boolean {
  var hex = 0;
  var groups = t.split(':');
  var allTwo = t.indexOf('::') < 0;
  for (var i = 0; i < groups.length; i++) {
    var g = groups[i];
    if (g.indexOf('.') >= 0) continue;
    hex += g.length;
    if (g.length !== 2) allTwo = false;
  }
  if (allTwo) return false; // byte dump / fingerprint style 8×2 hex digits
  return hex >= 4 || t === '::1';
}

export function scanIPv6(r: string, claimed: Span[], hits: Hit[], spans: Span[], stats?: Stats): void {
  var cur = SpanCursor(claimed);
  var n = r.length;
  var i = 0;
  while (i < n) {
    if (!isV6Char(r.charCodeAt(i))) {
      i++;
      continue;
    }
    var s = i;
    var colons = 0;
    while (i < n && isV6Char(r.charCodeAt(i))) {
      if (r.charCodeAt(i) === 58) colons++;
      i++;
    }
    var e = i;
    if (colons < 2 || cur.inside(s) >= 0) continue;
    if (stats) stats.steps += e - s;
    var literal = false;
    if (r.charCodeAt(s) === 54 && r.charCodeAt(s + 1) === 58 && matchAt(r, s - 3, 'ipv')) {
      s += 2;
      literal = true;
    }
    while (e > s && r.charCodeAt(e - 1) === 46) e--;
    if (e - s >= 2 && r.charCodeAt(e - 1) === 58 && r.charCodeAt(e - 2) !== 58) e--;
    if (e - s >= 2 && r.charCodeAt(s) === 58 && r.charCodeAt(s + 1) !== 58) s++;
    if (!literal && s > 0 && isWord(r.charCodeAt(s - 1))) continue;
    if (e < n && isWord(r.charCodeAt(e))) continue;
    if (e - s > 45) continue;
    var t = r.substring(s, e);
    var b = parseIPv6(t);
    if (!b || !plausible(t)) continue;
    hits.push({ type: 'ipv6', value: formatIPv6(b), s: s, e: e, scope: bytesScope(b) });
    spans.push({ s: s, e: e });
  }
}

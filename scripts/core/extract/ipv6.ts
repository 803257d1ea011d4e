/**
 * IPv6 scanner: maximal runs of hex digits, `:` and `.` with at least two colons, bounded by
 * non-word characters, parsed strictly. Rejects code (`std::cout`, `[Convert]::From…`), bare `::`,
 * times (`23:06:41`), MAC addresses and colon-separated fingerprints. `IPv6:` mail literals work.
 */
import { bytesScope, formatIPv6, parseIPv6 } from '../net/ip';
import { matchAt, Stats, Text } from './chars';
import * as chars from './chars';
import { Hit, Span, SpanCursor } from './hit';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_V6 = chars.C_V6, C_WORD = chars.C_WORD, CLS = chars.CLS;

/** Accept a parsed candidate `t` (text between s and e) only if it looks like an address. */
function plausible(t: string): boolean {
  var hex = 0;
  var groups = t.split(':');
  var allTwo = t.indexOf('::') < 0;
  for (var i = 0; i < groups.length; i++) {
    var g = groups[i];
    if (g.indexOf('.') >= 0) {
      hex += 8; // an IPv4 tail stands for two full groups (`::192.0.2.1`, `::ffff:10.0.0.1`)
      continue;
    }
    hex += g.length;
    if (g.length !== 2) allTwo = false;
  }
  if (allTwo) return false; // byte dump / fingerprint style 8×2 hex digits
  return hex >= 4 || t === '::1';
}

export function scanIPv6(r: Text, claimed: Span[], hits: Hit[], spans: Span[], stats?: Stats): void {
  var cls = CLS;
  var cur = SpanCursor(claimed);
  var n = r.length;
  var from = 0;
  // Every candidate contains a colon: jump between colons, expand to the maximal run around one.
  for (;;) {
    var p = r.indexOf(':', from);
    if (p < 0) break;
    var s = p;
    while (s > from) {
      var cb = r.charCodeAt(s - 1);
      if (!(cb < 128 && cls[cb] & C_V6)) break;
      s--;
    }
    var i = p;
    var colons = 0;
    for (; i < n; i++) {
      var c = r.charCodeAt(i);
      if (!(c < 128 && cls[c] & C_V6)) break;
      if (c === 58) colons++;
    }
    from = i;
    if (stats) stats.steps += i - s;
    var e = i;
    if (colons < 2 || cur.inside(s) >= 0) continue;
    var literal = false;
    if (r.charCodeAt(s) === 54 && r.charCodeAt(s + 1) === 58 && matchAt(r, s - 3, 'ipv')) {
      s += 2;
      literal = true;
    }
    while (e > s && r.charCodeAt(e - 1) === 46) e--;
    if (e - s >= 2 && r.charCodeAt(e - 1) === 58 && r.charCodeAt(e - 2) !== 58) e--;
    if (e - s >= 2 && r.charCodeAt(s) === 58 && r.charCodeAt(s + 1) !== 58) s++;
    var wb = s > 0 ? r.charCodeAt(s - 1) : 32;
    if (!literal && wb < 128 && cls[wb] & C_WORD) continue;
    var wa = e < n ? r.charCodeAt(e) : 32;
    if (wa < 128 && cls[wa] & C_WORD) continue;
    if (e - s > 45) continue;
    var t = r.substring(s, e);
    var b = parseIPv6(t);
    if (!b || !plausible(t)) continue;
    hits.push({ type: 'ipv6', value: formatIPv6(b), s: s, e: e, scope: bytesScope(b) });
    spans.push({ s: s, e: e });
  }
  if (stats) stats.steps += n;
}

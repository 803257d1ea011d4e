/**
 * Hash scanner: maximal ASCII alphanumeric runs (so `_`, `-`, `.` are boundaries and a longer hex
 * run is not a hash) of exactly 32/40/64/128 hex digits, not all digits and not all letters.
 * CVE IDs are found next to it, anchored on `-` (see cve.ts).
 */
import { Stats, Text } from './chars';
import * as chars from './chars';
import { cveAt } from './cve';
import { Hit } from './hit';
import { IocType } from '../model';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_ALNUM = chars.C_ALNUM, C_DIGIT = chars.C_DIGIT, C_HEX = chars.C_HEX, CLS = chars.CLS;

function typeFor(len: number): IocType | null {
  return len === 32 ? 'md5' : len === 40 ? 'sha1' : len === 64 ? 'sha256' : len === 128 ? 'sha512' : null;
}

/**
 * A hash is an all-hex maximal alphanumeric run of at least 32 characters, so it covers one of the
 * positions 31, 63, 95, …: only those are probed, and a run is expanded only around a hex probe.
 * Ordinary prose and logs cost one table load per 32 characters plus the words that get hit.
 */
export function scanHashes(r: Text, hits: Hit[], stats?: Stats): void {
  var cls = CLS;
  var n = r.length;
  var done = 0;
  var steps = 0;
  for (var p = 31; p < n; p += 32) {
    var c = r.charCodeAt(p);
    steps++;
    if (!(c < 128 && cls[c] & C_HEX)) continue;
    var s = p;
    while (s > done) {
      var cb = r.charCodeAt(s - 1);
      if (!(cb < 128 && cls[cb] & C_ALNUM)) break;
      s--;
    }
    var i = p + 1;
    for (; i < n; i++) {
      var ca = r.charCodeAt(i);
      if (!(ca < 128 && cls[ca] & C_ALNUM)) break;
    }
    done = i;
    steps += i - s;
    // The next probe must lie beyond this run.
    while (p + 32 < i) p += 32;
    var len = i - s;
    var t = typeFor(len);
    if (!t) continue;
    var digits = 0;
    var hex = true;
    for (var k = s; k < i && hex; k++) {
      var f = cls[r.charCodeAt(k)];
      if (!(f & C_HEX)) hex = false;
      else if (f & C_DIGIT) digits++;
    }
    if (!hex || digits === 0 || digits === len) continue;
    hits.push({ type: t, value: r.substring(s, i).toLowerCase(), s: s, e: i });
  }
  if (stats) stats.steps += steps;
  scanCves(r, hits, stats);
}

/** CVE IDs anchored on `-`: `cve` right before it, nothing alphanumeric before that. */
function scanCves(r: Text, hits: Hit[], stats?: Stats): void {
  var cls = CLS;
  var from = 3;
  for (;;) {
    var p = r.indexOf('-', from);
    if (p < 0) break;
    from = p + 1;
    if ((r.charCodeAt(p - 3) | 32) !== 99) continue;
    var b = p > 3 ? r.charCodeAt(p - 4) : 32;
    if (b < 128 && cls[b] & C_ALNUM) continue;
    var ne = cveAt(r, p - 3, hits);
    if (ne > 0) from = ne;
  }
  if (stats) stats.steps += r.length;
}

/**
 * Hash scanner: maximal ASCII alphanumeric runs (so `_`, `-`, `.` are boundaries and a longer hex
 * run is not a hash) of exactly 32/40/64/128 hex digits, not all digits and not all letters.
 */
import { isAlnum, isDigit, isHex, Stats } from './chars';
import { Hit } from './hit';
import { IocType } from '../model';

function typeFor(len: number): IocType | null {
  return len === 32 ? 'md5' : len === 40 ? 'sha1' : len === 64 ? 'sha256' : len === 128 ? 'sha512' : null;
}

export function scanHashes(r: string, hits: Hit[], stats?: Stats): void {
  var n = r.length;
  var i = 0;
  while (i < n) {
    if (!isAlnum(r.charCodeAt(i))) {
      i++;
      continue;
    }
    var s = i;
    var hex = true;
    var digits = 0;
    while (i < n && isAlnum(r.charCodeAt(i))) {
      var c = r.charCodeAt(i);
      if (!isHex(c)) hex = false;
      else if (isDigit(c)) digits++;
      i++;
    }
    if (stats) stats.steps += i - s;
    var t = typeFor(i - s);
    if (!hex || !t || digits === 0 || digits === i - s) continue;
    hits.push({ type: t, value: r.substring(s, i).toLowerCase(), s: s, e: i });
  }
}

/** CVE IDs: `CVE-YYYY-NNNN+` (any case, word-bounded, 4-7 digit id), upper-cased. */
import { matchAt, Text } from './chars';
import { Hit } from './hit';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A CVE ID starting at `k` (the caller has checked that nothing alphanumeric precedes it).
 * Pushes the hit and returns its end, or returns -1.
 */
export function cveAt(r: Text, k: number, hits: Hit[]): number {
  if (!matchAt(r, k, 'cve-')) return -1;
  var n = r.length;
  var y = k + 4;
  var ye = y;
  while (ye < n && isDigit(r.charCodeAt(ye)) && ye - y < 5) ye++;
  if (ye - y !== 4 || r.charCodeAt(ye) !== 45) return -1;
  var year = r.substring(y, ye);
  if (year < '1999' || year > '2099') return -1;
  var ns = ye + 1;
  var ne = ns;
  while (ne < n && isDigit(r.charCodeAt(ne)) && ne - ns < 8) ne++;
  if (ne - ns < 4 || ne - ns > 7 || (ne < n && isAlnum(r.charCodeAt(ne)))) return -1;
  hits.push({ type: 'cve', value: 'CVE-' + year + '-' + r.substring(ns, ne), s: k, e: ne });
  return ne;
}

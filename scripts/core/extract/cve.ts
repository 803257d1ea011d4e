/** CVE scanner: `CVE-YYYY-NNNN+` (any case, word-bounded, 4-7 digit id), upper-cased. */
import { isAlnum, isDigit, matchAt, Stats } from './chars';
import { Hit } from './hit';

export function scanCves(r: string, hits: Hit[], stats?: Stats): void {
  var n = r.length;
  for (var k = 0; k + 12 <= n; k++) {
    var c = r.charCodeAt(k);
    if ((c !== 67 && c !== 99) || !matchAt(r, k, 'cve-') || (k > 0 && isAlnum(r.charCodeAt(k - 1)))) continue;
    var y = k + 4;
    var ye = y;
    while (ye < n && isDigit(r.charCodeAt(ye)) && ye - y < 5) ye++;
    if (ye - y !== 4 || r.charCodeAt(ye) !== 45) continue;
    var year = r.substring(y, ye);
    if (year < '1999' || year > '2099') continue;
    var ns = ye + 1;
    var ne = ns;
    while (ne < n && isDigit(r.charCodeAt(ne)) && ne - ns < 8) ne++;
    if (ne - ns < 4 || ne - ns > 7 || (ne < n && isAlnum(r.charCodeAt(ne)))) continue;
    hits.push({ type: 'cve', value: 'CVE-' + year + '-' + r.substring(ns, ne), s: k, e: ne });
    k = ne - 1;
  }
  if (stats) stats.steps += n;
}

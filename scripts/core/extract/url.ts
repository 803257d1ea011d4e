/**
 * URL scanner: anchors on `://`, accepts http, https, ftp, ftps and sftp, finds the end at a
 * delimiter, trims trailing punctuation and unmatched closing brackets, and validates the host
 * (IANA-TLD domain, IPv4, or `[IPv6]`). Emits the URL and its host as a derived indicator.
 */
import { bytesScope, formatIPv6, ipScope, parseIPv6 } from '../net/ip';
import { isIdnChar, isDigit, isSpace, matchAt, Stats, Text } from './chars';
import * as chars from './chars';
import { normaliseHost } from './domain';
import { Hit, Span } from './hit';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_LABEL = chars.C_LABEL, C_URLEND = chars.C_URLEND, CLS = chars.CLS;

var SCHEMES = ['https', 'http', 'sftp', 'ftps', 'ftp'];
/** Nested URLs (`…?u=http://…`) reported per outer URL; bounds the work to a constant per char. */
var MAX_NESTED = 8;

/** Characters that end a URL: whitespace, quotes (ASCII and typographic), `<>`, backtick, `|\^{}`. */
export function isUrlDelimiter(c: number): boolean {
  if (c < 128) return (CLS[c] & C_URLEND) !== 0;
  return (
    isSpace(c) || c === 34 || c === 39 || c === 60 || c === 62 || c === 96 || c === 124 || c === 92 || c === 94 || c === 123 || c === 125 ||
    c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || c === 0xab || c === 0xbb
  );
}

function isTrailingPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 39 || c === 34;
}

/**
 * A URL written right after `[` ends at the `]` that closes that bracket (Markdown
 * `[https://a](https://b)`). Brackets opened inside the URL (`[IPv6]` hosts, `a[1]`) are balanced
 * first. Returns the first unbalanced `]` in `[from, e)`, or `e`.
 */
function closeBracket(r: Text, from: number, e: number): number {
  var depth = 0;
  for (var p = from; p < e; p++) {
    var c = r.charCodeAt(p);
    if (c === 91) depth++;
    else if (c === 93 && depth-- === 0) return p;
  }
  return e;
}

export function scanUrls(r: Text, hits: Hit[], spans: Span[], stats?: Stats): void {
  var cls = CLS;
  var n = r.length;
  var tokenEnd = -1;
  var nested = 0;
  var from = 0;
  for (;;) {
    var k = r.indexOf('://', from);
    if (k < 0) break;
    from = k + 3;
    var scheme = '';
    for (var m = 0; m < SCHEMES.length; m++) {
      if (matchAt(r, k - SCHEMES[m].length, SCHEMES[m])) {
        scheme = SCHEMES[m];
        break;
      }
    }
    if (!scheme) continue;
    var ss = k - scheme.length;
    var e: number;
    if (ss < tokenEnd) {
      if (++nested > MAX_NESTED) continue;
      e = tokenEnd;
    } else {
      nested = 0;
      e = k + 3;
      if (ss > 0 && r.charCodeAt(ss - 1) === 91) {
        // After `[` the token also ends at the `]` closing it (see closeBracket). One loop, so the
        // text after that `]`, which is a new token, is not scanned twice (linear time).
        var depth = 0;
        for (; e < n; e++) {
          var cq = r.charCodeAt(e);
          if (cq < 128 ? (cls[cq] & C_URLEND) !== 0 : isUrlDelimiter(cq)) break;
          if (cq === 91) depth++;
          else if (cq === 93 && depth-- === 0) break;
        }
      } else {
        for (; e < n; e++) {
          var ce = r.charCodeAt(e);
          if (ce < 128 ? (cls[ce] & C_URLEND) !== 0 : isUrlDelimiter(ce)) break;
        }
      }
      if (stats) stats.steps += e - k;
      tokenEnd = e;
    }
    var hs = k + 3;
    // A nested URL after `[` (`?u=[https://i.com]&v`) ends at its `]`; the outer token is unchanged.
    if (nested && ss > 0 && r.charCodeAt(ss - 1) === 91) {
      e = closeBracket(r, hs, e);
      if (stats) stats.steps += e - hs;
    }
    // Trim trailing punctuation and unmatched closers; bracket counts are computed once.
    var open = [0, 0, 0];
    var shut = [0, 0, 0];
    for (var p = hs; p < e; p++) {
      var ch = r.charCodeAt(p);
      if (ch === 40) open[0]++;
      else if (ch === 41) shut[0]++;
      else if (ch === 91) open[1]++;
      else if (ch === 93) shut[1]++;
    }
    if (stats) stats.steps += e - hs;
    while (e > hs) {
      var last = r.charCodeAt(e - 1);
      if (isTrailingPunct(last)) e--;
      else if (last === 41 && shut[0] > open[0]) {
        shut[0]--;
        e--;
      } else if (last === 93 && shut[1] > open[1]) {
        shut[1]--;
        e--;
      } else break;
    }
    // Authority: [userinfo@]host[:port]
    var ae = hs;
    var at = -1;
    var close = -1;
    while (ae < e) {
      var a = r.charCodeAt(ae);
      if (a === 47 || a === 63 || a === 35) break;
      if (a === 64) at = ae;
      else if (a === 93 && close < 0) close = ae;
      ae++;
    }
    if (stats) stats.steps += ae - hs;
    var hostStart = at >= hs ? at + 1 : hs;
    var host: { type: 'ipv4' | 'ipv6' | 'domain'; value: string } | null = null;
    var hostEnd: number;
    var portStart: number;
    var hostS = hostStart;
    var bracketHost = false;
    if (r.charCodeAt(hostStart) === 91) {
      if (close < hostStart) continue;
      var b = parseIPv6(r.substring(hostStart + 1, close));
      if (b) host = { type: 'ipv6', value: formatIPv6(b) };
      else {
        // `hxxps://[evil.com]/x`: a domain or IPv4 host in brackets is a defang of the host.
        for (var hb = hostStart + 1; hb < close; hb++) {
          var hbc = r.charCodeAt(hb);
          if (!(hbc < 128 ? (cls[hbc] & C_LABEL) !== 0 || hbc === 46 : isIdnChar(hbc))) break;
        }
        if (hb < close) continue;
        host = normaliseHost(r.substring(hostStart + 1, close));
        if (!host) continue;
        bracketHost = true;
      }
      hostS = hostStart + 1;
      hostEnd = close;
      portStart = close + 1;
    } else {
      hostEnd = hostStart;
      // Only label characters and dots can make a host; checking code units here also keeps
      // astral characters (which otto truncates to 16 bits) out of the host string.
      var hostChars = true;
      for (; hostEnd < ae; hostEnd++) {
        var hc = r.charCodeAt(hostEnd);
        if (hc === 58) break;
        if (!(hc < 128 ? (cls[hc] & C_LABEL) !== 0 || hc === 46 : isIdnChar(hc))) hostChars = false;
      }
      if (!hostChars) continue;
      portStart = hostEnd;
      host = normaliseHost(r.substring(hostStart, hostEnd));
    }
    if (!host) continue;
    var port = '';
    if (portStart < ae) {
      if (r.charCodeAt(portStart) !== 58) continue;
      port = r.substring(portStart + 1, ae);
      if (port.length < 1 || port.length > 5) continue;
      var ok = true;
      for (var q = 0; q < port.length; q++) if (!isDigit(port.charCodeAt(q))) ok = false;
      if (!ok || +port > 65535) continue;
    }
    var hostText = host.type === 'ipv6' ? '[' + host.value + ']' : host.value;
    var value = scheme + '://' + (at >= hs ? r.substring(hs, at + 1) : '') + hostText + (port ? ':' + port : '') + r.substring(ae, e);
    var uh: Hit = { type: 'url', value: value, s: ss, e: e };
    var dh: Hit = { type: host.type, value: host.value, s: hostS, e: hostEnd, derivedFrom: value };
    if (bracketHost) uh.defanged = dh.defanged = true;
    hits.push(uh);
    if (host.type === 'ipv4') dh.scope = ipScope('ipv4', host.value);
    if (host.type === 'ipv6') dh.scope = bytesScope(parseIPv6(host.value) as number[]);
    hits.push(dh);
    spans.push({ s: ss, e: e });
  }
}

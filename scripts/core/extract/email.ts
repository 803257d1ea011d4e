/**
 * Email scanner: anchors on `@` outside URLs, expands left over the local part (bounded to 64
 * characters) and right over the domain, then validates both. Content-IDs (`cid:x@y`) and
 * Message-ID-style `<id@host>` in Message-ID/In-Reply-To/References/Content-ID headers are not
 * addresses: the first yields nothing, the second only its domain.
 */
import { isIdnChar, isSpace, matchAt, Stats, Text } from './chars';
import * as chars from './chars';
import { normaliseDomain } from './domain';
import { Hit, Span, SpanCursor } from './hit';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_LABEL = chars.C_LABEL, C_LOCAL = chars.C_LOCAL, CLS = chars.CLS;

var MSGID_HEADERS = ['message-id:', 'in-reply-to:', 'references:', 'content-id:', 'resent-message-id:'];

function msgIdHeaderBefore(r: Text, p: number): boolean {
  var lim = p - 300 < 0 ? 0 : p - 300;
  for (var k = p; k >= lim; k--) {
    var c = r.charCodeAt(k);
    if (c === 10 || c === 13) {
      // Folded header continuation lines start with whitespace: keep looking on the previous line.
      var nx = r.charCodeAt(k + 1);
      if (nx !== 32 && nx !== 9) return false;
    }
    if (c === 58) {
      for (var h = 0; h < MSGID_HEADERS.length; h++) {
        var w = MSGID_HEADERS[h];
        if (matchAt(r, k - w.length + 1, w)) return true;
      }
    }
  }
  return false;
}

export function scanEmails(r: Text, urlSpans: Span[], hits: Hit[], spans: Span[], stats?: Stats): void {
  var cls = CLS;
  var n = r.length;
  var cur = SpanCursor(urlSpans);
  var from = 0;
  var lastEnd = 0;
  for (;;) {
    var at = r.indexOf('@', from);
    if (at < 0) break;
    from = at + 1;
    if (at < lastEnd || cur.inside(at) >= 0) continue;
    // Local part: bounded backwards scan.
    var ls = at;
    while (ls > 0 && at - ls <= 64) {
      var c = r.charCodeAt(ls - 1);
      if (!(c < 128 && cls[c] & C_LOCAL)) break;
      ls--;
    }
    if (stats) stats.steps += at - ls + 1;
    var pc = ls > 0 ? r.charCodeAt(ls - 1) : 32;
    if (at - ls > 64 || (pc < 128 && cls[pc] & C_LOCAL)) continue;
    // Domain: forward scan over label characters and dots.
    var de = at + 1;
    for (; de < n; de++) {
      var dc = r.charCodeAt(de);
      if (!(dc < 128 ? (cls[dc] & C_LABEL) !== 0 || dc === 46 : isIdnChar(dc))) break;
    }
    if (stats) stats.steps += de - at;
    while (de > at + 1 && (r.charCodeAt(de - 1) === 46 || r.charCodeAt(de - 1) === 45)) de--;
    var domain = normaliseDomain(r.substring(at + 1, de));
    if (domain === null) continue;
    if (ls >= 4 && matchAt(r, ls - 4, 'cid:')) {
      spans.push({ s: ls - 4, e: de });
      lastEnd = de;
      continue;
    }
    var local = r.substring(ls, at);
    if (!local.length || local.charAt(0) === '.' || local.charAt(local.length - 1) === '.' || local.charAt(local.length - 1) === '=' || local.indexOf('..') >= 0) continue;
    var before = ls > 0 ? r.charCodeAt(ls - 1) : 32;
    if (!(isSpace(before) || before < 128)) continue; // glued to a non-ASCII word
    spans.push({ s: ls, e: de });
    lastEnd = de;
    if (before === 60 && r.charCodeAt(de) === 62 && msgIdHeaderBefore(r, ls - 1)) {
      hits.push({ type: 'domain', value: domain, s: at + 1, e: de });
      continue;
    }
    var email = local.toLowerCase() + '@' + domain;
    hits.push({ type: 'email', value: email, s: ls, e: de });
    hits.push({ type: 'domain', value: domain, s: at + 1, e: de, derivedFrom: email });
  }
}

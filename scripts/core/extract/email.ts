/**
 * Email scanner: anchors on `@` outside URLs, expands left over the local part (bounded to 64
 * characters) and right over the domain, then validates both. Content-IDs (`cid:x@y`) and
 * Message-ID-style `<id@host>` in Message-ID/In-Reply-To/References/Content-ID headers are not
 * addresses: the first yields nothing, the second only its domain. A `key=` in front of an address
 * (`smtp.mailfrom=bob@x`, CEF `suser=bob@x`) is not part of it (see stripKeys).
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

/** Tagged-address schemes whose `=` belongs to the address: BATV `prvs=`, `msprvs1=`, `btv1=`, SRS. */
var TAGS = ['prvs', 'msprvs1', 'btv1', 'srs0', 'srs1'];

/** Longest backward look over a local part, `key=` prefixes included (the local part itself is ≤ 64). */
var MAX_RUN = 128;

function isTag(r: Text, s: number, e: number): boolean {
  for (var i = 0; i < TAGS.length; i++) if (e - s === TAGS[i].length && matchAt(r, s, TAGS[i])) return true;
  return false;
}

/**
 * Start of the address in the local-part run `[ls, at)`: leading `key=` segments are dropped
 * (`smtp.mailfrom=`, `suser=`, `user=`), so `user=bob@x.com` gives `bob@x.com`. Kept whole: the
 * tagged forms (`prvs=…=bob@`, `SRS0=…@`), and VERP `local=domain.tld@host`, recognised by its last
 * segment being a domain (`bounce-bob=example.com@lists.example.org`).
 */
function stripKeys(r: Text, ls: number, at: number): number {
  // Called only when the run holds a `=`. Each character is visited at most twice.
  var last = at - 1;
  while (r.charCodeAt(last) !== 61) last--;
  var k = ls;
  for (;;) {
    while (k < at && r.charCodeAt(k) !== 61) k++;
    if (k >= at || isTag(r, ls, k)) return ls;
    if (k === last && last + 1 < at && normaliseDomain(r.substring(last + 1, at)) !== null) return ls;
    ls = ++k;
  }
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
    var eqs = false;
    while (ls > 0 && at - ls <= MAX_RUN) {
      var c = r.charCodeAt(ls - 1);
      if (!(c < 128 && cls[c] & C_LOCAL)) break;
      if (c === 61) eqs = true;
      ls--;
    }
    if (stats) stats.steps += at - ls + 1;
    var pc = ls > 0 ? r.charCodeAt(ls - 1) : 32;
    if (at - ls > MAX_RUN || (pc < 128 && cls[pc] & C_LOCAL)) continue;
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
    // The run before `@` may carry `key=` prefixes; the address starts at `as`.
    var as = eqs ? stripKeys(r, ls, at) : ls;
    if (stats && eqs) stats.steps += 2 * (at - ls);
    if (at - as > 64) continue;
    var local = r.substring(as, at);
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
    hits.push({ type: 'email', value: email, s: as, e: de });
    hits.push({ type: 'domain', value: domain, s: at + 1, e: de, derivedFrom: email });
  }
}

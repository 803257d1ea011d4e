/**
 * Host validation and normalisation: labels, IANA TLD check, IDN → punycode, and the extra
 * rules for *bare* domains in prose (file names, code identifiers) that keep precision high.
 */
import { parseIPv4 } from '../net/ip';
import { isIdnChar } from './chars';
import * as chars from './chars';
import { labelToAscii } from './punycode';
import { TLD_LIST } from './tlds';

// Module-local copies: an imported binding can cost a getter call per use in hot loops.
var C_LABEL = chars.C_LABEL, CLS = chars.CLS;

/**
 * Membership in a space-separated word list. The lists are kept as padded strings and searched
 * with one native `indexOf`, not turned into objects at module load: XSOAR's interpreter reloads
 * the script on every command, and building the 1,438-entry TLD set cost ~6 ms there each time.
 */
function padded(words: string): string {
  return ' ' + words + ' ';
}

function inList(list: string, word: string): boolean {
  return word.length > 0 && word.indexOf(' ') < 0 && list.indexOf(' ' + word + ' ') >= 0;
}

var TLD_PADDED = padded(TLD_LIST);
/** isTld answers seen so far (hot in bulk extraction): bounded, then started afresh. */
var tldSeen: { [k: string]: boolean } = {};
var tldSeenCount = 0;

/**
 * TLDs that are also common file extensions or code/ECS property names (`run.sh`, `report.zip`,
 * `Main.java`, `id_rsa.pub`, `host.name`). A bare, non-defanged name ending in one of these is
 * treated as a file name / identifier, not a domain. In a URL, an email or defanged it is accepted.
 */
export var AMBIGUOUS_TLDS = 'zip mov sh py md pm so java cab one run pub properties name';
var AMBIGUOUS = padded(AMBIGUOUS_TLDS);

/** First labels of Java/Kotlin/Android package names (`java.io`, `android.net`): never bare domains. */
export var CODE_ROOTS = 'java javax jdk kotlin android androidx dalvik';
var CODE = padded(CODE_ROOTS);
/** Reverse-DNS package roots, rejected bare only with three or more labels (`org.apache.commons.io`). */
var REVERSE = padded('com org net');

/**
 * Dotted field names (ECS, JSON paths, code: `host.id`, `event.id`, `user.email`, `process.pid`,
 * `Date.now`). A bare name of exactly two labels is rejected when its first label is one of
 * FIELD_ROOTS and its TLD one of FIELD_TLDS. Both lists are needed: `info`, `id` and `email` are
 * real, abused TLDs, so `host.info` is dropped while `invoice-host.info` and `event.xyz` are kept.
 */
export var FIELD_ROOTS =
  'host event process parent user file source destination src dst client server agent observer date time ' +
  'datetime network url dns http tls rule alert threat device session service container cloud geo os ' +
  'registry group log message request response related error data object this self';
var FIELD_ROOT = padded(FIELD_ROOTS);
export var FIELD_TLDS = 'id now data info date host email link page group phone pid map network';
var FIELD_TLD = padded(FIELD_TLDS);

export function isTld(label: string): boolean {
  var k = '#' + label;
  var v = tldSeen[k];
  if (v !== undefined) return v;
  if (tldSeenCount >= 4096) {
    tldSeen = {};
    tldSeenCount = 0;
  }
  tldSeenCount++;
  return (tldSeen[k] = inList(TLD_PADDED, label));
}

/**
 * Normalise a domain as written (already refanged): lower-case, IDN labels to punycode,
 * 1-63 character LDH labels without edge hyphens, ≤253 characters, at least two labels and an
 * IANA TLD. Returns null when it is not a valid domain.
 */
export function normaliseDomain(raw: string): string | null {
  if (raw.length > 253 * 4 || raw.length < 3) return null;
  var fast = asciiDomain(raw);
  if (fast !== undefined) return fast;
  var labels = raw.split('.');
  if (labels.length < 2) return null;
  // The TLD decides most candidates (`invoice.pdf`, `a.b.c.d`): check it before the other labels.
  var tld = asciiLabel(labels[labels.length - 1]);
  if (tld === null || !isTld(tld)) return null;
  var out: string[] = [];
  for (var i = 0; i < labels.length - 1; i++) {
    var a = asciiLabel(labels[i]);
    if (a === null) return null;
    out.push(a);
  }
  out.push(tld);
  var v = out.join('.');
  if (v.length > 253) return null;
  return v;
}

/**
 * normaliseDomain for an all-ASCII name in one pass over the characters, with no per-label strings.
 * Returns undefined when `raw` has a non-ASCII character (the general path handles it).
 */
function asciiDomain(raw: string): string | null | undefined {
  var n = raw.length;
  var ls = 0;
  var labels = 0;
  var upper = false;
  for (var k = 0; k <= n; k++) {
    var c = k < n ? raw.charCodeAt(k) : 46;
    if (c >= 128) return undefined;
    if (c !== 46) {
      if (!(CLS[c] & C_LABEL)) return null;
      if (c >= 65 && c <= 90) upper = true;
      continue;
    }
    var len = k - ls;
    if (len < 1 || len > 63 || raw.charCodeAt(ls) === 45 || raw.charCodeAt(k - 1) === 45) return null;
    if (len >= 4 && raw.charCodeAt(ls + 2) === 45 && raw.charCodeAt(ls + 3) === 45 && !((raw.charCodeAt(ls) | 32) === 120 && (raw.charCodeAt(ls + 1) | 32) === 110)) return null;
    labels++;
    ls = k + 1;
  }
  if (labels < 2 || n > 253) return null;
  var v = upper ? raw.toLowerCase() : raw;
  return isTld(v.substring(v.lastIndexOf('.') + 1)) ? v : null;
}

/** One label as written → its lower-case A-label, or null when it is not a valid label. */
function asciiLabel(l: string): string | null {
  if (!l.length || l.length > 63) return null;
  for (var k = 0; k < l.length; k++) {
    var c = l.charCodeAt(k);
    if (!(c < 128 ? (CLS[c] & C_LABEL) !== 0 : isIdnChar(c))) return null;
  }
  var a = labelToAscii(l);
  if (a === null || a.length > 63 || a.charAt(0) === '-' || a.charAt(a.length - 1) === '-') return null;
  if (a.length >= 4 && a.charAt(2) === '-' && a.charAt(3) === '-' && a.substring(0, 2) !== 'xn') return null;
  return a;
}

/** A URL/email host: IPv4 literal or valid domain (a trailing root dot is dropped). */
export function normaliseHost(raw: string): { type: 'ipv4' | 'domain'; value: string } | null {
  // split/join rather than substring: `raw` may be non-ASCII, where otto's substring counts bytes.
  if (raw.charCodeAt(raw.length - 1) === 46) raw = raw.split('.').slice(0, -1).join('.');
  var v4 = parseIPv4(raw);
  if (v4) return { type: 'ipv4', value: v4.join('.') };
  var d = normaliseDomain(raw);
  return d === null ? null : { type: 'domain', value: d };
}

function hasLower(s: string): boolean {
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

/**
 * Extra rules for a bare domain written plainly in prose (not defanged, not in a URL/email):
 * - TLD in AMBIGUOUS_TLDS → file name / property (`setup.sh`, `host.name`);
 * - first label in CODE_ROOTS, or com/org/net first with 3+ labels → package name;
 * - two labels, FIELD_ROOTS first and FIELD_TLDS last → field name (`host.id`), and `Xxx.now`;
 * - identifier casing: the TLD as written must be lower-case, or upper-case with no lower-case
 *   letter anywhere (`EVIL.COM`); so `System.Net`, `System.IO`, `Foo.Com` are identifiers.
 */
export function bareDomainOk(raw: string, value: string): boolean {
  // `value` is ASCII (punycode), so indexOf/substring are safe in every engine.
  var first = value.indexOf('.');
  var last = value.lastIndexOf('.');
  var tld = value.substring(last + 1);
  if (inList(AMBIGUOUS, tld)) return false;
  var head = value.substring(0, first);
  if (inList(CODE, head)) return false;
  if (first !== last && inList(REVERSE, head)) return false;
  if (first === last && inList(FIELD_TLD, tld)) {
    if (inList(FIELD_ROOT, head)) return false;
    // `Date.now()`, `Instant.now`, `LocalDateTime.now`: code casing before `.now` (a brand TLD).
    if (tld === 'now') for (var j = 0; j < raw.length && raw.charCodeAt(j) !== 46; j++) if (raw.charCodeAt(j) >= 65 && raw.charCodeAt(j) <= 90) return false;
  }
  // `raw` may be non-ASCII: walk it with charCodeAt/length only (consistent in otto too).
  var dot = raw.length - 1;
  while (dot >= 0 && raw.charCodeAt(dot) !== 46) dot--;
  var up = false;
  for (var i = dot + 1; i < raw.length && !up; i++) {
    var c = raw.charCodeAt(i);
    if (c >= 65 && c <= 90) up = true;
  }
  return !(up && hasLower(raw));
}

/**
 * Host validation and normalisation: labels, IANA TLD check, IDN → punycode, and the extra
 * rules for *bare* domains in prose (file names, code identifiers) that keep precision high.
 */
import { parseIPv4 } from '../net/ip';
import { isAlnum, isIdnChar } from './chars';
import { labelToAscii } from './punycode';
import { TLD_LIST } from './tlds';

function toSet(words: string): { [k: string]: boolean } {
  var o: { [k: string]: boolean } = {};
  var list = words.split(' ');
  for (var i = 0; i < list.length; i++) if (list[i]) o['#' + list[i]] = true;
  return o;
}

var TLDS = toSet(TLD_LIST);

/**
 * TLDs that are also common file extensions or code/ECS property names (`run.sh`, `report.zip`,
 * `Main.java`, `id_rsa.pub`, `host.name`). A bare, non-defanged name ending in one of these is
 * treated as a file name / identifier, not a domain. In a URL, an email or defanged it is accepted.
 */
export var AMBIGUOUS_TLDS = 'zip mov sh py md pm so java cab one run pub properties name';
var AMBIGUOUS = toSet(AMBIGUOUS_TLDS);

/** First labels of Java/Kotlin/Android package names (`java.io`, `android.net`): never bare domains. */
export var CODE_ROOTS = 'java javax jdk kotlin android androidx dalvik';
var CODE = toSet(CODE_ROOTS);
/** Reverse-DNS package roots, rejected bare only with three or more labels (`org.apache.commons.io`). */
var REVERSE = toSet('com org net');

export function isTld(label: string): boolean {
  return TLDS['#' + label] === true;
}

/**
 * Normalise a domain as written (already refanged): lower-case, IDN labels to punycode,
 * 1-63 character LDH labels without edge hyphens, ≤253 characters, at least two labels and an
 * IANA TLD. Returns null when it is not a valid domain.
 */
export function normaliseDomain(raw: string): string | null {
  if (raw.length > 253 * 4 || raw.length < 3) return null;
  var labels = raw.split('.');
  if (labels.length < 2) return null;
  var out: string[] = [];
  for (var i = 0; i < labels.length; i++) {
    var l = labels[i];
    if (!l.length || l.length > 63) return null;
    for (var k = 0; k < l.length; k++) {
      var c = l.charCodeAt(k);
      if (!(isAlnum(c) || c === 45 || isIdnChar(c))) return null;
    }
    var a = labelToAscii(l);
    if (a === null || a.length > 63 || a.charAt(0) === '-' || a.charAt(a.length - 1) === '-') return null;
    if (a.length >= 4 && a.charAt(2) === '-' && a.charAt(3) === '-' && a.substring(0, 2) !== 'xn') return null;
    out.push(a);
  }
  var v = out.join('.');
  if (v.length > 253 || !isTld(out[out.length - 1])) return null;
  return v;
}

/** A URL/email host: IPv4 literal or valid domain (a trailing root dot is dropped). */
export function normaliseHost(raw: string): { type: 'ipv4' | 'domain'; value: string } | null {
  if (raw.charAt(raw.length - 1) === '.') raw = raw.substring(0, raw.length - 1);
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

function hasUpper(s: string): boolean {
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/**
 * Extra rules for a bare domain written plainly in prose (not defanged, not in a URL/email):
 * - TLD in AMBIGUOUS_TLDS → file name / property (`setup.sh`, `host.name`);
 * - first label in CODE_ROOTS, or com/org/net first with 3+ labels → package name;
 * - identifier casing: the TLD as written must be lower-case, or upper-case with no lower-case
 *   letter anywhere (`EVIL.COM`); so `System.Net`, `System.IO`, `Foo.Com` are identifiers.
 */
export function bareDomainOk(raw: string, value: string): boolean {
  var labels = value.split('.');
  var tld = labels[labels.length - 1];
  if (AMBIGUOUS['#' + tld]) return false;
  if (CODE['#' + labels[0]]) return false;
  if (REVERSE['#' + labels[0]] && labels.length >= 3) return false;
  var rawTld = raw.substring(raw.lastIndexOf('.') + 1);
  if (hasUpper(rawTld) && (hasLower(rawTld) || hasLower(raw))) return false;
  return true;
}

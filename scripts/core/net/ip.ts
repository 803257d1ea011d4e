/**
 * IP address parsing, RFC 5952 formatting, scope classification and CIDR matching, in plain ES5.
 * Every parser is a strict whole-string parser: extraction finds candidate boundaries itself and
 * only asks "is this exactly an address?".
 */
import { IpScope } from '../model';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Dotted-quad IPv4: exactly four decimal octets 0..255. A leading zero (`01.2.3.4`, `10.0.00.1`)
 * is rejected: inet_aton reads it as octal, so the intended address is ambiguous. Short forms
 * (`10.1`), hex and integer forms are rejected as well.
 */
export function parseIPv4(s: string): number[] | null {
  if (typeof s !== 'string' || s.length < 7 || s.length > 15) return null;
  var out: number[] = [];
  var i = 0;
  var n = s.length;
  for (var part = 0; part < 4; part++) {
    if (part > 0) {
      if (i >= n || s.charCodeAt(i) !== 46) return null;
      i++;
    }
    var start = i;
    var v = 0;
    var c: number;
    // Digits inlined, one charCodeAt each: calls are what an interpreter (XSOAR's otto) pays for.
    while (i < n && i - start < 3 && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      i++;
    }
    var len = i - start;
    if (len === 0 || v > 255) return null;
    if (len > 1 && s.charCodeAt(start) === 48) return null;
    out.push(v);
  }
  return i === n ? out : null;
}

/**
 * IPv6 text form (RFC 4291 §2.2): eight 1-4 digit hex groups, one `::` allowed, an optional dotted
 * IPv4 tail in the last 32 bits. Zone ids (`%eth0`), brackets and prefixes are rejected.
 */
export function parseIPv6(s: string): number[] | null {
  if (typeof s !== 'string' || s.length < 2 || s.length > 45) return null;
  var groups: number[] = [];
  var gap = -1;
  var i = 0;
  var n = s.length;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return null;
    gap = 0;
    i = 2;
    if (i === n) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  }
  while (i < n) {
    var start = i;
    var v = 0;
    while (i < n && i - start < 5) {
      var h = hexVal(s.charCodeAt(i));
      if (h < 0) break;
      v = v * 16 + h;
      i++;
    }
    var len = i - start;
    if (i < n && s.charCodeAt(i) === 46) {
      // IPv4 tail: must be the rest of the string and fit in the last two groups.
      var v4 = parseIPv4(s.substring(start));
      if (!v4 || groups.length > 6) return null;
      groups.push(v4[0] * 256 + v4[1], v4[2] * 256 + v4[3]);
      i = n;
      break;
    }
    if (len === 0 || len > 4) return null;
    groups.push(v);
    if (i === n) break;
    if (s.charCodeAt(i) !== 58) return null;
    i++;
    if (i < n && s.charCodeAt(i) === 58) {
      if (gap >= 0) return null;
      gap = groups.length;
      i++;
      if (i === n) break;
    } else if (i === n) return null; // trailing single colon
  }
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null;
  var full: number[] = [];
  var k: number;
  if (gap < 0) full = groups;
  else {
    for (k = 0; k < gap; k++) full.push(groups[k]);
    for (k = 0; k < 8 - groups.length; k++) full.push(0);
    for (k = gap; k < groups.length; k++) full.push(groups[k]);
  }
  var bytes: number[] = [];
  for (k = 0; k < 8; k++) bytes.push((full[k] >> 8) & 255, full[k] & 255);
  return bytes;
}

/** True when the 16 bytes are an IPv4-mapped address `::ffff:a.b.c.d`. */
export function isV4Mapped(b: number[]): boolean {
  for (var i = 0; i < 10; i++) if (b[i] !== 0) return false;
  return b[10] === 255 && b[11] === 255;
}

/**
 * RFC 5952 canonical text: lower-case, no leading zeros, the longest run (leftmost on a tie) of two
 * or more zero groups shortened to `::`, and IPv4-mapped addresses in mixed notation (§5).
 */
export function formatIPv6(bytes: number[]): string {
  if (isV4Mapped(bytes)) return '::ffff:' + bytes.slice(12, 16).join('.');
  var g: number[] = [];
  for (var i = 0; i < 8; i++) g.push(bytes[2 * i] * 256 + bytes[2 * i + 1]);
  var bestStart = -1;
  var bestLen = 0;
  for (i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    var j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  var parts: string[] = [];
  for (i = 0; i < 8; i++) {
    if (i === bestStart) {
      parts.push(i === 0 ? ':' : '');
      i += bestLen - 1;
      if (i === 7) parts.push('');
      continue;
    }
    parts.push(g[i].toString(16));
  }
  return parts.join(':');
}

/** A prefix test on byte arrays. */
function inPrefix(b: number[], net: number[], prefix: number): boolean {
  for (var i = 0; prefix > 0; i++, prefix -= 8) {
    var mask = prefix >= 8 ? 255 : (0xff00 >> prefix) & 255;
    if ((b[i] & mask) !== (net[i] & mask)) return false;
  }
  return true;
}

/** [network bytes, prefix length, scope] — first match wins, so specific ranges come first. */
var V4_TABLE: [number[], number, IpScope][] = [
  [[0, 0, 0, 0], 8, 'reserved'], // "this network" (RFC 791)
  [[10, 0, 0, 0], 8, 'private'], // RFC 1918
  [[100, 64, 0, 0], 10, 'cgnat'], // RFC 6598 shared address space
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local'], // RFC 3927
  [[172, 16, 0, 0], 12, 'private'], // RFC 1918
  [[192, 0, 0, 0], 24, 'reserved'], // IETF protocol assignments (RFC 6890)
  [[192, 0, 2, 0], 24, 'documentation'], // TEST-NET-1 (RFC 5737)
  [[192, 88, 99, 0], 24, 'reserved'], // deprecated 6to4 relay anycast (RFC 7526)
  [[192, 168, 0, 0], 16, 'private'], // RFC 1918
  [[198, 18, 0, 0], 15, 'reserved'], // benchmarking (RFC 2544)
  [[198, 51, 100, 0], 24, 'documentation'], // TEST-NET-2
  [[203, 0, 113, 0], 24, 'documentation'], // TEST-NET-3
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'] // class E, includes 255.255.255.255 broadcast
];

/** V4_TABLE as [network, mask] 32-bit integers, built on first use (one AND and compare per range). */
var v4Masks: number[] | null = null;

function v4Scope(b: number[]): IpScope {
  if (!v4Masks) {
    v4Masks = [];
    for (var k = 0; k < V4_TABLE.length; k++) {
      var net = V4_TABLE[k][0];
      var mask = V4_TABLE[k][1] === 0 ? 0 : -1 << (32 - V4_TABLE[k][1]);
      v4Masks.push(((net[0] << 24) | (net[1] << 16) | (net[2] << 8) | net[3]) & mask, mask);
    }
  }
  var x = (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3];
  for (var i = 0; i < v4Masks.length; i += 2) if ((x & v4Masks[i + 1]) === v4Masks[i]) return V4_TABLE[i >> 1][2];
  return 'public';
}

function v6(hex: string): number[] {
  return parseIPv6(hex) as number[];
}

/**
 * Built on first use, not at module load: parsing these addresses cost ~2 ms per command in XSOAR's
 * interpreter, which reloads the script each time, and most commands never classify an IPv6 address.
 */
var v6Table: [number[], number, IpScope][] | null = null;
var NAT64_WKP: number[] | null = null;

function getV6Table(): [number[], number, IpScope][] {
  if (!v6Table)
    v6Table = [
      [v6('::1'), 128, 'loopback'],
      [v6('::'), 128, 'reserved'], // unspecified
      [v6('::'), 96, 'reserved'], // deprecated IPv4-compatible (RFC 4291 §2.5.5.1)
      [v6('64:ff9b:1::'), 48, 'reserved'], // local-use NAT64 (RFC 8215)
      [v6('100::'), 64, 'reserved'], // discard-only (RFC 6666)
      [v6('2001:db8::'), 32, 'documentation'], // RFC 3849
      [v6('2001::'), 23, 'reserved'], // IETF protocol assignments incl. Teredo, ORCHID (RFC 6890)
      [v6('3fff::'), 20, 'documentation'], // RFC 9637
      [v6('fc00::'), 7, 'private'], // unique local (RFC 4193)
      [v6('fe80::'), 10, 'link-local'],
      [v6('fec0::'), 10, 'reserved'], // deprecated site-local (RFC 3879)
      [v6('ff00::'), 8, 'multicast']
    ];
  return v6Table;
}

function v6Scope(b: number[]): IpScope {
  // Addresses that embed an IPv4 address take that address's scope.
  if (isV4Mapped(b)) return v4Scope(b.slice(12, 16));
  if (!NAT64_WKP) NAT64_WKP = v6('64:ff9b::');
  if (inPrefix(b, NAT64_WKP, 96)) return v4Scope(b.slice(12, 16)); // NAT64 well-known (RFC 6052)
  if (b[0] === 0x20 && b[1] === 0x02) return v4Scope(b.slice(2, 6)); // 6to4 (RFC 3056)
  var table = getV6Table();
  for (var i = 0; i < table.length; i++) if (inPrefix(b, table[i][0], table[i][1])) return table[i][2];
  // Only 2000::/3 is allocated for global unicast; everything else is unassigned/reserved by IANA.
  return (b[0] & 0xe0) === 0x20 ? 'public' : 'reserved';
}

/** Scope of an address given as text. An unparseable value is reported as `reserved` (never `public`). */
export function ipScope(type: 'ipv4' | 'ipv6', value: string): IpScope {
  var b = type === 'ipv4' ? parseIPv4(value) : parseIPv6(value);
  if (!b) return 'reserved';
  return type === 'ipv4' ? v4Scope(b) : v6Scope(b);
}

/** Scope from already-parsed bytes (4 or 16). */
export function bytesScope(b: number[]): IpScope {
  return b.length === 4 ? v4Scope(b) : v6Scope(b);
}

/**
 * `a.b.c.d/n` (n 0..32) or `v6/n` (n 0..128). A bare address is a host route (/32 or /128).
 * Host bits after the prefix are accepted and cleared (`10.1.2.3/8` → network 10.0.0.0).
 */
export function parseCidr(s: string): { bytes: number[]; prefix: number } | null {
  if (typeof s !== 'string') return null;
  var slash = s.indexOf('/');
  var addr = slash < 0 ? s : s.substring(0, slash);
  var bytes = addr.indexOf(':') >= 0 ? parseIPv6(addr) : parseIPv4(addr);
  if (!bytes) return null;
  var max = bytes.length * 8;
  var prefix = max;
  if (slash >= 0) {
    var p = s.substring(slash + 1);
    if (p.length < 1 || p.length > 3) return null;
    prefix = 0;
    for (var i = 0; i < p.length; i++) {
      var c = p.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      prefix = prefix * 10 + (c - 48);
    }
    if ((p.length > 1 && p.charCodeAt(0) === 48) || prefix > max) return null;
  }
  var masked: number[] = [];
  for (var k = 0; k < bytes.length; k++) {
    var bits = prefix - k * 8;
    masked.push(bits >= 8 ? bytes[k] : bits <= 0 ? 0 : bytes[k] & ((0xff00 >> bits) & 255));
  }
  return { bytes: masked, prefix: prefix };
}

/**
 * Whether `ip` lies in `cidr`. Families must match, except that an IPv4-mapped IPv6 address is
 * tested against IPv4 ranges. Anything unparseable is simply not contained.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  if (typeof cidr !== 'string' || typeof ip !== 'string') return false;
  // Callers test one address against a list of ranges: parse it once per run of calls.
  if (ip !== lastIp) {
    lastIpBytes = ip.indexOf(':') >= 0 ? parseIPv6(ip) : parseIPv4(ip);
    lastIp = ip;
  }
  var b = lastIpBytes;
  // An IPv4 address is never in an IPv6 range: no need to parse the range.
  if (!b || (b.length === 4 && cidr.indexOf(':') >= 0)) return false;
  var net = cidrCached(cidr);
  if (!net) return false;
  if (b.length === 16 && net.bytes.length === 4 && isV4Mapped(b)) b = b.slice(12, 16);
  if (b.length !== net.bytes.length) return false;
  return inPrefix(b, net.bytes, net.prefix);
}

/**
 * Parsed ranges by text (bounded, then started afresh) and the last address cidrContains parsed.
 * Both are read-only to their users (inPrefix only reads; the v4-mapped case slices).
 */
var cidrMemo: { [k: string]: { bytes: number[]; prefix: number } | null } = {};
var cidrMemoCount = 0;
var lastIp: string | null = null;
var lastIpBytes: number[] | null = null;

function cidrCached(s: string): { bytes: number[]; prefix: number } | null {
  var k = '#' + s;
  var v = cidrMemo[k];
  if (v !== undefined) return v;
  if (cidrMemoCount >= 1024) {
    cidrMemo = {};
    cidrMemoCount = 0;
  }
  cidrMemoCount++;
  return (cidrMemo[k] = parseCidr(s));
}

/**
 * MD5 (RFC 1321) in plain ES5 over byte arrays. MD5 is broken for security, but threat-intel
 * providers still index samples by it, so attachments must report it.
 */
import { toHex } from '../bytes';

var S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];

/** K[i] = floor(|sin(i + 1)| * 2^32), precomputed as literals so no float rounding can differ between engines. */
var K = [
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
];

/** MD5 digest of `bytes` (numbers 0..255) as 16 bytes. */
export function md5(bytes: number[]): number[] {
  var n = bytes.length;
  // Padding: 0x80, zeros to 56 mod 64, then the bit length as 64-bit little-endian.
  var total = (Math.floor((n + 8) / 64) + 1) * 64;
  var a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  var w: number[] = new Array(16);
  var bitLo = (n * 8) >>> 0;
  var bitHi = Math.floor(n / 0x20000000) >>> 0;
  for (var off = 0; off < total; off += 64) {
    for (var j = 0; j < 16; j++) {
      var p = off + j * 4;
      var v = 0;
      if (p + 3 < n) v = (bytes[p] & 0xff) | ((bytes[p + 1] & 0xff) << 8) | ((bytes[p + 2] & 0xff) << 16) | ((bytes[p + 3] & 0xff) << 24);
      else
        for (var k = 3; k >= 0; k--) {
          var q = p + k;
          v = (v << 8) | (q < n ? bytes[q] & 0xff : q === n ? 0x80 : 0);
        }
      w[j] = v;
    }
    if (off + 64 === total) {
      w[14] = bitLo | 0;
      w[15] = bitHi | 0;
    }
    var a = a0, b = b0, c = c0, d = d0;
    for (var i = 0; i < 64; i++) {
      var f: number, g: number;
      if (i < 16) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (i < 32) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (i < 48) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      var t = d;
      d = c;
      c = b;
      var x = (a + f + K[i] + w[g]) | 0;
      b = (b + ((x << S[i]) | (x >>> (32 - S[i])))) | 0;
      a = t;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  var out: number[] = [];
  var hs = [a0, b0, c0, d0];
  for (var h = 0; h < 4; h++) out.push(hs[h] & 0xff, (hs[h] >>> 8) & 0xff, (hs[h] >>> 16) & 0xff, (hs[h] >>> 24) & 0xff);
  return out;
}

/** Lower-case hex MD5 of `bytes`. */
export function md5Hex(bytes: number[]): string {
  return toHex(md5(bytes));
}

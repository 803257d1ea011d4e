/** SHA-1 (FIPS 180-4) in plain ES5 over byte arrays, for attachment hashes that providers index by SHA-1. */
import { toHex } from '../bytes';

/**
 * Reads 32-bit big-endian word `j` of the padded message block starting at `off`; shared with
 * SHA-256, whose padding is identical (0x80, zeros, 64-bit big-endian bit length).
 */
export function paddedBlockWordsBE(bytes: number[], off: number, total: number, w: number[]): void {
  var n = bytes.length;
  for (var j = 0; j < 16; j++) {
    var p = off + j * 4;
    var v = 0;
    if (p + 3 < n) v = ((bytes[p] & 0xff) << 24) | ((bytes[p + 1] & 0xff) << 16) | ((bytes[p + 2] & 0xff) << 8) | (bytes[p + 3] & 0xff);
    else
      for (var k = 0; k < 4; k++) {
        var q = p + k;
        v = (v << 8) | (q < n ? bytes[q] & 0xff : q === n ? 0x80 : 0);
      }
    w[j] = v;
  }
  if (off + 64 === total) {
    w[14] = Math.floor(n / 0x20000000) | 0;
    w[15] = (n * 8) | 0;
  }
}

/** Total padded length in bytes: message + 0x80 + zeros + 8-byte length, a multiple of 64. */
export function paddedLength(n: number): number {
  return (Math.floor((n + 8) / 64) + 1) * 64;
}

/** Big-endian bytes of 32-bit words. */
export function wordsToBytesBE(words: number[]): number[] {
  var out: number[] = [];
  for (var i = 0; i < words.length; i++) {
    var x = words[i];
    out.push((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
  }
  return out;
}

/** SHA-1 digest of `bytes` (numbers 0..255) as 20 bytes. */
export function sha1(bytes: number[]): number[] {
  var total = paddedLength(bytes.length);
  var h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476, h4 = 0xc3d2e1f0 | 0;
  var w: number[] = new Array(80);
  for (var off = 0; off < total; off += 64) {
    paddedBlockWordsBE(bytes, off, total, w);
    for (var t = 16; t < 80; t++) {
      var x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
      w[t] = (x << 1) | (x >>> 31);
    }
    var a = h0, b = h1, c = h2, d = h3, e = h4;
    for (var i = 0; i < 80; i++) {
      var f: number, k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc | 0;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6 | 0;
      }
      var tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = tmp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  return wordsToBytesBE([h0, h1, h2, h3, h4]);
}

/** Lower-case hex SHA-1 of `bytes`. */
export function sha1Hex(bytes: number[]): string {
  return toHex(sha1(bytes));
}
